#!/usr/bin/env bash
# TDX through configfs-tsm (spec/tdx.md §9.1): `contrast evidence fetch
# --tee tdx --via tsm` against `contrast-sim tsm --tee tdx` (FUSE), then
# `contrast evidence verify --tdx` of the quote with the collateral of
# `contrast-sim tdx collateral` from the same keys directory. The TDX
# provider's entry shows only inblob, outblob, generation and provider.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/guest_lib.sh"
need_fuse
make_keys
"$SIM" tdx collateral --keys "$KEYS" -o "$TMP/collateral" >/dev/null

MRTD=$(printf '%096x' 0x5eed)
RTMR2=$(printf '%096x' 0xabc)
start_tsm --tee tdx --mr-td "$MRTD" --rtmr "2=$RTMR2"

E=$MNT/shell
mkdir "$E"
expect_eq "tdx entry attributes" "$(ls "$E" | tr '\n' ' ')" "generation inblob outblob provider "
expect_eq "tdx provider" "$(cat "$E/provider")" tdx_guest
if cat "$E/outblob" >/dev/null 2>"$TMP/err"; then
  fail "tdx outblob before inblob: readable"
else
  expect_err_has "tdx outblob before inblob" "Invalid argument"
fi
rmdir "$E"

RD=$(rd_hex 4)
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee tdx --report-data "$RD" \
  -o "$TMP/quote.bin" --via tsm
expect_rc "fetch a TDX quote via tsm" 0
expect_eq "tdx: the attester removed its entry" "$(ls "$MNT")" ""

run "$CONTRAST" evidence verify --tdx "$TMP/quote.bin" --collateral "$TMP/collateral" \
  --trust-sim "$KEYS/roots" --now "$NOW" --json
expect_rc "tdx quote: verify" 0
cp "$TMP/out" "$TMP/verify.json"
expect_eq "tdx quote: verdict" "$(json_get "$TMP/verify.json" verdict)" accept
expect_eq "tdx quote: claims.report_data" "$(json_get "$TMP/verify.json" claims.report_data)" "$RD"
expect_eq "tdx quote: claims.mr_td" "$(json_get "$TMP/verify.json" claims.mr_td)" "$MRTD"
expect_eq "tdx quote: claims.rtmr2" "$(json_get "$TMP/verify.json" claims.rtmr2)" "$RTMR2"
expect_stopped_clean "tdx tsm"

# The SNP provider's attester refuses a tdx_guest report directory.
start_tsm --tee tdx
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp --report-data "$RD" \
  -o "$TMP/snp.bin" --via tsm
expect_rc "snp fetch from a tdx_guest directory" 1
expect_err_has "snp fetch from a tdx_guest directory" "tdx_guest"
expect_stopped_clean "tdx tsm (snp attester)"

finish
