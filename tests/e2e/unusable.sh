#!/usr/bin/env bash
# Cases that cannot be used at all (spec/CASES.md): `contrast evidence verify`
# exits 2, prints nothing on stdout and says why on stderr. Each case is a
# copy of a real case with exactly one thing broken.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

V3=snp-milan-v3-oak      # VCEK, policy with snp + report_data
VLEK=snp-milan-vlek-vmpl1 # VLEK + cert_chain
E="contrast: E_UNUSABLE:"

# unusable NAME BASE STDERR_LINE MUTATION: copy BASE to a directory NAME,
# run MUTATION (shell code; $D is the case directory), expect exit 2, no
# stdout and exactly STDERR_LINE on stderr.
unusable() {
  local name=$1 base=$2 want=$3 mutation=$4
  D=$TMP/$name
  copy_case "$base" "$D"
  eval "$mutation"
  run "$CONTRAST" evidence verify --json "$D"
  expect_rc "$name" 2
  expect_empty "$name" "$TMP/out"
  expect_eq "$name: stderr" "$(cat "$TMP/err")" "$want"
}

unusable format-2 $V3 \
  "$E case.json: format must be 1 (this verifier knows only format 1)" \
  'json_set "$D/case.json" format 2'
unusable format-missing $V3 \
  "$E case.json: format must be 1 (this verifier knows only format 1)" \
  'json_del "$D/case.json" format'
unusable missing-vcek $V3 \
  "$E case: vcek file: $TMP/missing-vcek/vcek.der: cannot open: No such file or directory" \
  'rm "$D/vcek.der"'
unusable missing-evidence $V3 \
  "$E case: evidence file: $TMP/missing-evidence/report.bin: cannot open: No such file or directory" \
  'rm "$D/report.bin"'
unusable missing-cert-chain $VLEK \
  "$E case: cert_chain file: $TMP/missing-cert-chain/cert_chain.pem: cannot open: No such file or directory" \
  'rm "$D/cert_chain.pem"'
unusable unknown-policy-key $V3 \
  "$E policy: unknown key 'colour'" \
  'json_set "$D/case.json" policy.colour "\"blue\""'
unusable unknown-snp-policy-key $V3 \
  "$E policy.snp: unknown key 'Colour'" \
  'json_set "$D/case.json" policy.snp.Colour 1'
unusable name-differs $V3 \
  "$E case.json: name 'another-name' differs from the directory name 'name-differs'" \
  'json_set "$D/case.json" name "\"another-name\""'
unusable now-with-space $V3 \
  "$E time '2025-09-01 00:00:00Z': not YYYY-MM-DDTHH:MM:SS" \
  'json_set "$D/case.json" now "\"2025-09-01 00:00:00Z\""'
unusable now-without-z $V3 \
  "$E time '2025-09-01T00:00:00': expected YYYY-MM-DDTHH:MM:SSZ" \
  'json_set "$D/case.json" now "\"2025-09-01T00:00:00\""'
unusable now-with-offset $V3 \
  "$E time '2025-09-01T00:00:00+00:00': expected YYYY-MM-DDTHH:MM:SSZ" \
  'json_set "$D/case.json" now "\"2025-09-01T00:00:00+00:00\""'
unusable now-month-13 $V3 \
  "$E time '2025-13-01T00:00:00Z': field out of range" \
  'json_set "$D/case.json" now "\"2025-13-01T00:00:00Z\""'
unusable now-number $V3 \
  "$E case.json: 'now' must be a string" \
  'json_set "$D/case.json" now 1756684800'
unusable unknown-top-level-key $V3 \
  "$E case.json: unknown key 'colour'" \
  'json_set "$D/case.json" colour "\"blue\""'
unusable vcek-and-vlek $VLEK \
  "$E case.json: endorsements name both a vcek and a vlek" \
  'cp "$D/vlek.der" "$D/vcek.der"; json_set "$D/case.json" endorsements.vcek "\"vcek.der\""'
unusable snp-with-tdx-policy $V3 \
  "$E policy: 'tdx' and 'accepted_tcb_statuses' apply to TDX evidence only" \
  'json_set "$D/case.json" policy.tdx "{}"'
unusable snp-with-collateral $V3 \
  "$E case.json: collateral is for TDX cases; SNP uses endorsements" \
  'json_set "$D/case.json" collateral "{}"'
unusable evidence-outside-case $V3 \
  "$E case.json: evidence '../$V3/report.bin' must name a file in the case directory" \
  "json_set \"\$D/case.json\" evidence '\"../$V3/report.bin\"'"
unusable unknown-tee $V3 \
  "$E case.json: tee 'sev' is neither snp nor tdx" \
  'json_set "$D/case.json" tee "\"sev\""'
unusable unknown-trust $V3 \
  "$E case.json: trust 'nvidia' is not amd, intel or sim" \
  'json_set "$D/case.json" trust "\"nvidia\""'
unusable case-json-not-json $V3 \
  "$E case.json: invalid JSON at line 2 column 0: string or '}' expected near end of file" \
  'printf "{\"format\": 1,\n" >"$D/case.json"'

if [ -d "$SRC/vectors/real/tdx/tdx-v4-gcp-cos-uptodate" ]; then
  TDX=tdx/tdx-v4-gcp-cos-uptodate
  unusable tdx-with-endorsements $TDX \
    "$E case.json: endorsements are for SNP cases; TDX uses collateral" \
    'json_set "$D/case.json" endorsements "{}"'
  unusable tdx-with-snp-policy $TDX \
    "$E policy: 'snp' and 'vmpl' apply to SNP evidence only" \
    'json_set "$D/case.json" policy.snp "{}"'
  unusable tdx-unknown-tdx-policy-key $TDX \
    "$E policy.tdx: unknown key 'Colour'" \
    'json_set "$D/case.json" policy.tdx.Colour 0'
  unusable tdx-unknown-collateral-key $TDX \
    "$E case.json: collateral: unknown key 'colour'" \
    'json_set "$D/case.json" collateral.colour "\"x\""'
  unusable tdx-missing-pck-crl $TDX \
    "$E case: pck_crl file: $TMP/tdx-missing-pck-crl/pck_crl.der: cannot open: No such file or directory" \
    'rm "$D/pck_crl.der"'
fi

# The adapter form and the human form agree on the exit status.
D=$TMP/format-2
run "$CONTRAST" evidence verify "$D"
expect_rc "format-2 without --json" 2

finish
