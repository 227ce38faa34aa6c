#!/usr/bin/env bash
# SEV-SNP through configfs-tsm (spec/snp.md §4.4, §4.5): `contrast evidence
# fetch --via tsm` against `contrast-sim tsm --tee snp` (FUSE), then
# `contrast evidence verify` of the report with the certificates the
# auxblob carried. The filesystem's own semantics are checked from the
# shell first (the kernel's: EINVAL before inblob, generation counting,
# privlevel bounds, write-only / read-only attributes), then the
# attester's error paths: no configfs-tsm, wrong provider, a generation
# race once (retried, succeeds) and always (a clear error), outblob EIO.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/guest_lib.sh"
need_fuse
make_keys

# ---- the filesystem, from the shell ----
start_tsm --tee snp --vmpl 1
E=$MNT/shell
mkdir "$E"
expect_eq "entry attributes" "$(ls "$E" | tr '\n' ' ')" \
  "auxblob generation inblob outblob privlevel privlevel_floor provider "
expect_eq "provider" "$(cat "$E/provider")" sev_guest
expect_eq "generation of a new entry" "$(cat "$E/generation")" 0
expect_eq "privlevel_floor = --vmpl" "$(cat "$E/privlevel_floor")" 1
if cat "$E/outblob" >/dev/null 2>"$TMP/err"; then
  fail "outblob before inblob: readable"
else
  expect_err_has "outblob before inblob" "Invalid argument"
fi
printf 'short' >"$E/inblob"
expect_eq "generation after a write to inblob" "$(cat "$E/generation")" 1
if cat "$E/outblob" >/dev/null 2>"$TMP/err"; then
  fail "outblob with a 5-byte inblob: readable"
else
  expect_err_has "outblob with a 5-byte inblob" "Invalid argument"
fi
RD0=$(rd_hex 0)
printf '%b' "$(sed 's/../\\x&/g' <<<"$RD0")" >"$E/inblob"
expect_eq "generation after a second write" "$(cat "$E/generation")" 2
if echo 0 >"$E/privlevel" 2>"$TMP/err"; then
  fail "privlevel below the floor accepted"
else
  expect_err_has "privlevel below the floor" "Invalid argument"
fi
if echo 4 >"$E/privlevel" 2>"$TMP/err"; then
  fail "privlevel 4 accepted"
else
  expect_err_has "privlevel 4" "Invalid argument"
fi
echo 2 >"$E/privlevel"
expect_eq "generation after privlevel" "$(cat "$E/generation")" 3
cat "$E/outblob" >"$TMP/shell-report.bin"
expect_eq "outblob size" "$(stat -c %s "$TMP/shell-report.bin")" 1184
expect_eq "outblob REPORT_DATA = inblob" "$(hex_at "$TMP/shell-report.bin" 0x50 64)" "$RD0"
expect_eq "outblob VMPL = privlevel" "$(u32le_at "$TMP/shell-report.bin" 0x30)" 2
cat "$E/auxblob" >"$TMP/shell-aux.bin"
expect_eq "auxblob is whole pages" "$(($(stat -c %s "$TMP/shell-aux.bin") % 4096))" 0
expect_eq "auxblob first GUID is the VCEK's" "$(hex_at "$TMP/shell-aux.bin" 0 16)" \
  63da758de6644564adc5f4b93be8accd
expect_eq "generation unchanged by reads" "$(cat "$E/generation")" 3
if cat "$E/inblob" >/dev/null 2>&1; then
  fail "inblob readable"
else
  pass "inblob is write-only"
fi
if echo x >"$E/outblob" 2>/dev/null; then
  fail "outblob writable"
else
  pass "outblob is read-only"
fi
rmdir "$E"
expect_eq "rmdir removes the entry" "$(ls "$MNT")" ""
expect_stopped_clean "snp tsm (shell)"

# ---- VCEK: fetch, verify; a launch field set on the guest shows ----
MEAS=$(printf '%096x' 0xfeedface)
start_tsm --tee snp --measurement "$MEAS"
RD1=$(rd_hex 1)
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD1" -o "$TMP/vcek-report.bin" --endorsements "$TMP/vcek-end" --via tsm
expect_rc "fetch via tsm (VCEK)" 0
expect_snp_accept "tsm VCEK" "$TMP/vcek-report.bin" --vcek "$TMP/vcek-end/vcek.der" \
  "$TMP/vcek-end/cert_chain.pem" "$RD1"
expect_eq "tsm VCEK: claims.measurement" "$(json_get "$TMP/verify.json" claims.measurement)" "$MEAS"
expect_eq "tsm VCEK: the attester removed its entry" "$(ls "$MNT")" ""
expect_stopped_clean "snp tsm (VCEK)"

# ---- VLEK ----
start_tsm --tee snp --signer vlek --product genoa
RD2=$(rd_hex 2)
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD2" -o "$TMP/vlek-report.bin" --endorsements "$TMP/vlek-end" --via tsm
expect_rc "fetch via tsm (VLEK)" 0
expect_snp_accept "tsm VLEK" "$TMP/vlek-report.bin" --vlek "$TMP/vlek-end/vlek.der" \
  "$TMP/vlek-end/cert_chain.pem" "$RD2"
expect_stopped_clean "snp tsm (VLEK)"

# ---- a generation race once: the attester retries and succeeds ----
start_tsm --tee snp --fault race-once
RD3=$(rd_hex 3)
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD3" -o "$TMP/race-report.bin" --endorsements "$TMP/race-end" --via tsm
expect_rc "fetch via tsm with one generation race" 0
expect_snp_accept "tsm race-once" "$TMP/race-report.bin" --vcek "$TMP/race-end/vcek.der" \
  "$TMP/race-end/cert_chain.pem" "$RD3"
expect_eq "tsm race-once: entries left" "$(ls "$MNT")" ""
expect_stopped_clean "snp tsm (race-once)"

# ---- a race on every attempt: a clear error ----
start_tsm --tee snp --fault race
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD3" -o "$TMP/race2-report.bin" --via tsm
expect_rc "fetch via tsm, generation race every time" 1
expect_err_has "generation race every time" "generation"
expect_eq "race every time: no report written" "$([ -e "$TMP/race2-report.bin" ] && echo yes || echo no)" no
expect_eq "race every time: entries left" "$(ls "$MNT")" ""
expect_stopped_clean "snp tsm (race)"

# ---- outblob EIO ----
start_tsm --tee snp --fault outblob-eio
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD3" -o "$TMP/eio-report.bin" --via tsm
expect_rc "fetch via tsm, outblob EIO" 1
expect_err_has "outblob EIO" "outblob"
expect_err_has "outblob EIO: errno" "Input/output error"
expect_stopped_clean "snp tsm (outblob-eio)"

# ---- the wrong provider ----
start_tsm --tee snp --provider tdx_guest
CONTRAST_TSM_PATH=$MNT run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD3" -o "$TMP/prov-report.bin" --via tsm
expect_rc "fetch via tsm, provider tdx_guest" 1
expect_err_has "wrong provider" "tdx_guest"
expect_eq "wrong provider: entries left" "$(ls "$MNT")" ""
expect_stopped_clean "snp tsm (wrong provider)"

# ---- no configfs-tsm and no /dev/sev-guest ----
CONTRAST_TSM_PATH=$TMP/missing run "$CONTRAST" evidence fetch --tee snp \
  --report-data "$RD3" -o "$TMP/none-report.bin"
expect_rc "fetch with no device" 1
expect_err_has "no device" "$TMP/no-sev-guest"
expect_eq "no device: nothing on stdout" "$(cat "$TMP/out")" ""

finish
