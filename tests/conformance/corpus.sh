#!/usr/bin/env bash
# The conformance runner over the whole corpus, vectors/ (whatever it holds:
# vectors/real/ today, the generated vectors/sim/ when they exist).
#
#   corpus.sh ours       CONTRAST JSON_TOOL RUNNER SOURCE_DIR
#     our verifier must pass every case (--strict: the full answer).
#   corpus.sh accept-all CONTRAST JSON_TOOL RUNNER SOURCE_DIR
#   corpus.sh ignore-crl CONTRAST JSON_TOOL RUNNER SOURCE_DIR
#     a deliberately wrong verifier (this folder) must fail exactly the
#     cases README.md says, no more and no fewer. The expected set is
#     computed here from each case's own case.json (with contrast-json-tool,
#     not with the runner), so the runner's judgement is checked, not
#     trusted.
#
# Runs from SOURCE_DIR: the verifier commands name vectors/sim-roots
# relative to it, as users do. --trust-sim vectors/sim-roots is passed when
# that folder exists.
MODE=${1:-}
shift || true
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh" "$@"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$SRC"

TRUST=()
[ ! -d vectors/sim-roots ] || TRUST=(--trust-sim vectors/sim-roots)
OURS=("$CONTRAST" evidence verify --json "${TRUST[@]}")

# cmd WORDS...: one --verifier string (printf %q quoting, which the runner
# splits back into the same words).
cmd() { printf '%q ' "$@"; }

# Every case under vectors/, found independently of the runner: a directory
# holding case.json, not below a directory whose name starts with '.'.
# Prints "NAME VERDICT TCB" lines (TCB: the expected tcb_status, "null" when
# null, "-" when absent), sorted.
cases() {
  local f name verdict tcb
  find vectors -name case.json -not -path '*/.*' | while read -r f; do
    name=$(json_get "$f" name) && verdict=$(json_get "$f" expect.verdict) || {
      echo "corpus.sh: $f: no name or expect.verdict" >&2
      exit 2
    }
    tcb=$(json_get "$f" expect.tcb_status 2>/dev/null) || tcb=-
    echo "$name $verdict $tcb"
  done | sort
}

# check_failures LABEL EXPECTED_FILE TOTAL: the last run's FAIL lines name
# exactly the cases in EXPECTED_FILE ("NAME WHY" lines; each such line must
# end with "(WHY)" unless WHY is "*"), and the summary line (TOTAL cases)
# and the exit status agree.
check_failures() {
  local label=$1 want=$2 total=$3
  awk '$1 == "FAIL" { print $2 }' "$TMP/out" | sort >"$TMP/got-names"
  cut -d' ' -f1 "$want" | sort >"$TMP/want-names"
  if cmp -s "$TMP/got-names" "$TMP/want-names"; then
    pass "$label: fails exactly the $(wc -l <"$TMP/want-names") expected cases"
  else
    fail "$label: failed cases differ from the expected ones (< expected, > failed):"
    diff "$TMP/want-names" "$TMP/got-names" | grep '^[<>]' || true
  fi
  local n_fail n_pass
  n_fail=$(wc -l <"$TMP/want-names")
  n_pass=$((total - n_fail))
  expect_eq "$label: summary" "$(tail -n 1 "$TMP/out")" \
    "$n_pass passed, $n_fail failed"
  expect_rc "$label" "$([ "$n_fail" -eq 0 ] && echo 0 || echo 1)"
  # The reason the runner gives, where the rule fixes it.
  local name why line
  while read -r name why; do
    [ "$why" != "*" ] || continue
    line=$(grep "^FAIL  $name " "$TMP/out" || true)
    if [[ "$line" == *"  ($why)" ]]; then
      pass "$label: $name fails with ($why)"
    else
      fail "$label: $name: line '$line' does not end with '($why)'"
    fi
  done <"$want"
}

[ -d vectors ] || { echo "corpus.sh: no vectors/ in $SRC" >&2; exit 2; }
cases >"$TMP/cases"
TOTAL=$(wc -l <"$TMP/cases")
[ "$TOTAL" -gt 0 ] || { echo "corpus.sh: no cases under vectors/" >&2; exit 2; }
echo "$TOTAL cases under vectors/${TRUST:+ (with ${TRUST[*]})}"

case $MODE in
ours)
  run "$RUNNER" --strict --timeout 300 --jobs 2 --cases vectors \
    --verifier "$(cmd "${OURS[@]}")"
  cat "$TMP/out"
  : >"$TMP/want"
  check_failures "our verifier" "$TMP/want" "$TOTAL"
  ;;
accept-all)
  # Fails: expect.verdict reject (its answer says accept), and a tcb_status
  # that is given and not null (its answer says null).
  while read -r name verdict tcb; do
    why=()
    [ "$verdict" = accept ] || why+=("wrong verdict")
    [ "$tcb" = - ] || [ "$tcb" = null ] || why+=("wrong tcb_status")
    if [ ${#why[@]} -gt 0 ]; then
      echo "$name $(IFS=';'; echo "${why[*]}" | sed 's/;/; /g')"
    fi
  done <"$TMP/cases" >"$TMP/want"
  run "$RUNNER" --timeout 300 --jobs 2 --cases vectors \
    --verifier "$(cmd sh "$HERE/accept-all")"
  cat "$TMP/out"
  check_failures "accept-all" "$TMP/want" "$TOTAL"
  ;;
ignore-crl)
  # Until the generated corpus brings its CRL cases, three made here from
  # real ones keep this test from passing vacuously. Their expectations
  # follow from how they are made (spec/CASES.md), and our verifier must
  # pass them first:
  X=$TMP/crl-cases
  mkdir "$X"
  #  - require_crl without a CRL is COLLATERAL; without require_crl, accept.
  copy_case snp-milan-v3-oak "$X/snp-milan-v3-oak-crl-required-missing"
  json_set "$X/snp-milan-v3-oak-crl-required-missing/case.json" policy.require_crl true
  json_set "$X/snp-milan-v3-oak-crl-required-missing/case.json" expect \
    '{"verdict": "reject", "reason": "COLLATERAL"}'
  if [ -d vectors/real/tdx/tdx-v4-gcp-cos-uptodate ]; then
    #  - a PCK CRL that does not parse is MALFORMED; without it, accept.
    copy_case tdx/tdx-v4-gcp-cos-uptodate "$X/tdx-v4-gcp-cos-crl-garbage"
    printf 'garbage' >"$X/tdx-v4-gcp-cos-crl-garbage/pck_crl.der"
    json_set "$X/tdx-v4-gcp-cos-crl-garbage/case.json" expect \
      '{"verdict": "reject", "reason": "MALFORMED", "tcb_status": null}'
    #  - "crl" in the name but accepted with and without CRLs: not failed.
    copy_case tdx/tdx-v4-gcp-cos-uptodate "$X/tdx-v4-gcp-cos-crl-required-present"
    json_set "$X/tdx-v4-gcp-cos-crl-required-present/case.json" policy.require_crl true
  fi
  run "$RUNNER" --strict --timeout 300 --cases "$X" --verifier "$(cmd "${OURS[@]}")"
  cat "$TMP/out"
  expect_rc "our verifier on the CRL cases made here" 0
  while read -r f; do
    echo "$(json_get "$f" name) $(json_get "$f" expect.verdict) -"
  done < <(find "$X" -name case.json) >>"$TMP/cases"
  sort -o "$TMP/cases" "$TMP/cases"
  TOTAL=$(wc -l <"$TMP/cases")

  # Fails: the cases whose name contains "crl" and that expect a rejection
  # (README.md: the corpus names every CRL-dependent case so).
  while read -r name verdict tcb; do
    if [[ "$name" == *crl* ]] && [ "$verdict" = reject ]; then
      echo "$name *"
    fi
  done <"$TMP/cases" >"$TMP/want"
  run "$RUNNER" --timeout 300 --jobs 2 --cases vectors --cases "$X" \
    --verifier "$(cmd bash "$HERE/ignore-crl" "$JSON_TOOL" "${OURS[@]}")"
  cat "$TMP/out"
  check_failures "ignore-crl" "$TMP/want" "$TOTAL"
  ;;
*)
  echo "usage: corpus.sh ours|accept-all|ignore-crl CONTRAST JSON_TOOL RUNNER SOURCE_DIR" >&2
  exit 2
  ;;
esac

finish
