#!/usr/bin/env bash
# `trust: sim` (spec/CASES.md "Roots"): a simulator case is judged against
# the roots the user passes with --trust-sim, never the built-in ones and
# never roots from the case directory; without the flag it is CHAIN. Every
# run that trusts simulator roots says so on stderr. The flag never changes
# how an `amd` case is judged.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# A real accepted case relabelled as a simulator case.
S=$TMP/cases/snp-milan-v3-oak-as-sim
mkdir "$TMP/cases"
copy_case snp-milan-v3-oak "$S"
json_set "$S/case.json" trust '"sim"'

run "$CONTRAST" evidence verify --json "$S"
expect_rc "sim case without --trust-sim" 1
expect_eq "sim case without --trust-sim: verdict" \
  "$(json_get "$TMP/out" verdict) $(json_get "$TMP/out" reason)" "reject CHAIN"
expect_empty "sim case without --trust-sim: stderr" "$TMP/err"

# The same through the case runner, with the expectation written in.
json_set "$S/case.json" expect '{"verdict": "reject", "reason": "CHAIN"}'
run_cases "$TMP/cases"
expect_rc "contrast-conformance on the sim case" 0
expect_eq "contrast-conformance summary" "$(tail -n 1 "$TMP/out")" "1 passed, 0 failed"

# Roots placed in the case directory are never read.
mkdir -p "$S/amd/milan"
cp "$SRC/trust/amd/milan/ark.pem" "$SRC/trust/amd/milan/ask.pem" "$S/amd/milan/"
run "$CONTRAST" evidence verify --json "$S"
expect_rc "sim case with roots beside it" 1
expect_eq "sim case with roots beside it: reason" "$(json_get "$TMP/out" reason)" CHAIN
rm -r "$S/amd"

# With --trust-sim naming a directory that holds the right roots (here the
# real Milan ones, laid out as a simulator's): accept, and a warning.
SIM=$TMP/sim-roots
mkdir -p "$SIM/amd/milan"
cp "$SRC/trust/amd/milan/ark.pem" "$SRC/trust/amd/milan/ask.pem" "$SIM/amd/milan/"
run "$CONTRAST" evidence verify --json --trust-sim "$SIM" "$S"
expect_rc "sim case with --trust-sim" 0
expect_eq "sim case with --trust-sim: verdict" "$(json_get "$TMP/out" verdict)" accept
expect_eq "sim case with --trust-sim: stderr" "$(cat "$TMP/err")" \
  "contrast: WARNING: trusting simulator roots from $SIM for case snp-milan-v3-oak-as-sim"

# --trust-sim with the wrong roots for the product: CHAIN.
WRONG=$TMP/wrong-roots
mkdir -p "$WRONG/amd/milan"
cp "$SRC/trust/amd/genoa/ark.pem" "$SRC/trust/amd/genoa/ask.pem" "$WRONG/amd/milan/"
run "$CONTRAST" evidence verify --json --trust-sim "$WRONG" "$S"
expect_rc "sim case with wrong --trust-sim roots" 1
expect_eq "sim case with wrong --trust-sim roots: reason" "$(json_get "$TMP/out" reason)" CHAIN

# An amd case is judged by the built-in roots whatever --trust-sim says.
A=$REAL_SNP/snp-milan-v3-oak
run "$CONTRAST" evidence verify --json "$A"
cp "$TMP/out" "$TMP/amd.out"
run "$CONTRAST" evidence verify --json --trust-sim "$WRONG" "$A"
expect_rc "amd case with --trust-sim" 0
if cmp -s "$TMP/out" "$TMP/amd.out"; then
  pass "amd case with --trust-sim: same JSON as without"
else
  fail "amd case with --trust-sim: JSON differs"
fi

# A --trust-sim directory without roots is bad usage.
mkdir "$TMP/no-roots"
run "$CONTRAST" evidence verify --json --trust-sim "$TMP/no-roots" "$S"
expect_rc "--trust-sim without roots" 2
expect_empty "--trust-sim without roots: stdout" "$TMP/out"

finish
