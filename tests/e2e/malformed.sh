#!/usr/bin/env bash
# Bad evidence or endorsement bytes are a verdict, not an unusable case
# (spec/CASES.md): reject MALFORMED (or UNSUPPORTED for a well-formed report
# or quote of an unknown version or TEE type), exit 1, the full adapter JSON,
# and never a crash.
# The cases are copies of real ones with one file broken; the conformance
# runner runs them (a signal or an exit status other than 1 fails the case).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

CASES=$TMP/cases
mkdir "$CASES"

# broken NAME BASE REASON MUTATION: a copy of BASE named NAME, broken by
# MUTATION (shell code; $D is the case directory), expecting reject REASON.
broken() {
  D=$CASES/$1
  copy_case "$2" "$D"
  eval "$4"
  json_set "$D/case.json" expect "{\"verdict\": \"reject\", \"reason\": \"$3\"}"
}

# set_byte FILE OFFSET OCTAL: overwrite one byte in place.
set_byte() { printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

V3=snp-milan-v3-oak          # VCEK (DER)
PEM=snp-genoa-v3-azure       # VCEK (PEM)
CHAIN=snp-milan-v2-debug     # VCEK + cert_chain
VLEK=snp-milan-vlek-vmpl1    # VLEK + cert_chain

broken garbage-vcek $V3 MALFORMED 'printf "not a certificate" >"$D/vcek.der"'
broken truncated-vcek $V3 MALFORMED \
  'head -c 200 "$REAL_SNP/$V3/vcek.der" >"$D/vcek.der"'
broken empty-vcek $V3 MALFORMED ': >"$D/vcek.der"'
broken vcek-pem-bad-base64 $PEM MALFORMED \
  'sed -i "3s/^./#/" "$D/vcek.pem"'
broken garbage-vlek $VLEK MALFORMED 'printf "\x30\x03\x02\x01" >"$D/vlek.der"'
broken garbage-cert-chain $CHAIN MALFORMED 'printf "garbage\n" >"$D/cert_chain.pem"'
broken truncated-cert-chain $CHAIN MALFORMED \
  'head -c 1000 "$REAL_SNP/$CHAIN/cert_chain.pem" >"$D/cert_chain.pem"'
broken empty-cert-chain $CHAIN MALFORMED ': >"$D/cert_chain.pem"'
broken cert-chain-bad-base64 $CHAIN MALFORMED \
  'printf -- "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n" >"$D/cert_chain.pem"'
broken garbage-crl $V3 MALFORMED \
  'printf "garbage" >"$D/crl.der"; json_set "$D/case.json" endorsements.crl "\"crl.der\""'
broken empty-report $V3 MALFORMED ': >"$D/report.bin"'
broken report-one-byte-short $V3 MALFORMED \
  'head -c 1183 "$REAL_SNP/$V3/report.bin" >"$D/report.bin"'
broken report-trailing-byte $V3 MALFORMED 'printf "\0" >>"$D/report.bin"'
broken report-version-9 $V3 UNSUPPORTED 'set_byte "$D/report.bin" 0 011'
broken report-version-1 $V3 UNSUPPORTED 'set_byte "$D/report.bin" 0 001'

n=15
if [ -d "$SRC/vectors/real/tdx/tdx-v4-gcp-cos-uptodate" ]; then
  TDX=tdx/tdx-v4-gcp-cos-uptodate # all seven collateral files
  broken tdx-empty-quote $TDX MALFORMED ': >"$D/quote.bin"'
  broken tdx-truncated-quote $TDX MALFORMED \
    'head -c 1000 "$SRC/vectors/real/$TDX/quote.bin" >"$D/quote.bin"'
  broken tdx-quote-version-3 $TDX UNSUPPORTED 'set_byte "$D/quote.bin" 0 003'
  broken tdx-quote-tee-type-0x82 $TDX UNSUPPORTED 'set_byte "$D/quote.bin" 4 202'
  broken tdx-tcb-info-not-json $TDX MALFORMED 'printf "{\"tcbInfo\":" >"$D/tcb_info.json"'
  broken tdx-qe-identity-garbage $TDX MALFORMED 'printf "garbage" >"$D/qe_identity.json"'
  broken tdx-pck-crl-garbage $TDX MALFORMED 'printf "garbage" >"$D/pck_crl.der"'
  broken tdx-tcb-info-chain-garbage $TDX MALFORMED \
    'printf "garbage\n" >"$D/tcb_info_issuer_chain.pem"'
  n=$((n + 8))
fi

run_cases "$CASES"
cat "$TMP/out"
expect_rc "contrast-conformance over the broken cases" 0
expect_eq "summary" "$(tail -n 1 "$TMP/out")" "$n passed, 0 failed"

# The detail names what is wrong and where.
detail() {
  run "$CONTRAST" evidence verify --json "$CASES/$1"
  expect_rc "$1" 1
  expect_eq "$1: detail" "$(json_get "$TMP/out" detail)" "$2"
  expect_empty "$1: stderr" "$TMP/err"
}
detail empty-report "report: truncated in VERSION (offset 0x000): 0 bytes, expected 1184"
detail report-one-byte-short \
  "report: truncated in SIGNATURE (offset 0x49f): 1183 bytes, expected 1184"
detail report-trailing-byte "report: 1 trailing bytes after offset 0x4a0"
detail report-version-9 "report: VERSION (offset 0x000) 9 is not supported (2..5)"
detail garbage-vcek "VCEK: not a DER X.509 certificate"

finish
