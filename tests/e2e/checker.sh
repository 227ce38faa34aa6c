#!/usr/bin/env bash
# contrast-case-check itself: it must fail a verifier that answers wrongly,
# crashes, hangs or breaks the adapter protocol (spec/CASES.md), and pass
# one that answers right. The verifiers here are small fakes.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

ACCEPT=$TMP/snp-milan-v3-oak # expect: accept
copy_case snp-milan-v3-oak "$ACCEPT"

# The fake verifier answers what FAKE_STDOUT says, exits FAKE_EXIT, or
# kills itself with FAKE_SIGNAL, or sleeps FAKE_SLEEP seconds first.
FAKE=$TMP/fake-verifier
cat >"$FAKE" <<'FAKE_EOF'
#!/usr/bin/env bash
[ "$#" -eq 4 ] && [ "$1 $2 $3" = "evidence verify --json" ] || exit 99
[ -f "$4/case.json" ] || exit 98
[ -z "${FAKE_SLEEP:-}" ] || sleep "$FAKE_SLEEP"
[ -z "${FAKE_SIGNAL:-}" ] || kill -s "$FAKE_SIGNAL" $$
printf '%s' "${FAKE_STDOUT:-}"
exit "${FAKE_EXIT:-0}"
FAKE_EOF
chmod +x "$FAKE"

hex() { printf "%0$1d" 0 | tr 0 "$2"; }
RD=$(hex 128 a) MS=$(hex 96 b) HD=$(hex 64 c)
GOOD="{\"verdict\":\"accept\",\"reason\":null,\"tcb_status\":null,\"advisory_ids\":[],\"claims\":{\"report_data\":\"$RD\",\"measurement\":\"$MS\",\"host_data\":\"$HD\"},\"detail\":\"\"}"

# fake LABEL WANT_RC WANT_LAST_LINE WANT_CASE_LINE_SUFFIX [VAR=VALUE...]
fake() {
  local label=$1 want_rc=$2 want_last=$3 want_suffix=$4
  shift 4
  run env "$@" "$CHECK" "$FAKE" "$ACCEPT"
  expect_rc "$label" "$want_rc"
  expect_eq "$label: last line" "$(tail -n 1 "$TMP/out")" "$want_last"
  local line
  line=$(grep '^snp-milan-v3-oak ' "$TMP/out" || true)
  if [[ "$line" == *"$want_suffix" ]]; then
    pass "$label: line ends with '$want_suffix'"
  else
    fail "$label: line '$line' does not end with '$want_suffix'"
  fi
}

fake "right answer" 0 "1 passed, 0 failed" " PASS" \
  FAKE_STDOUT="$GOOD" FAKE_EXIT=0
fake "wrong verdict" 1 "0 passed, 1 failed" "FAIL  (verdict differs from expect)" \
  FAKE_STDOUT="${GOOD/\"accept\",\"reason\":null/\"reject\",\"reason\":\"DEBUG\"}" FAKE_EXIT=1
fake "exit 1 on accept" 1 "0 passed, 1 failed" "FAIL  (exit status 1 for verdict accept (want 0))" \
  FAKE_STDOUT="$GOOD" FAKE_EXIT=1
fake "exit 2" 1 "0 passed, 1 failed" "FAIL  (exit status 2)" FAKE_EXIT=2
fake "crash" 1 "0 passed, 1 failed" "FAIL  (killed by signal 11 (Segmentation fault))" \
  FAKE_SIGNAL=SEGV
fake "abort" 1 "0 passed, 1 failed" "FAIL  (killed by signal 6 (Aborted))" \
  FAKE_SIGNAL=ABRT
fake "hang" 1 "0 passed, 1 failed" "FAIL  (no answer within 1 s)" \
  FAKE_SLEEP=5 CONTRAST_CASE_TIMEOUT=1
fake "not JSON" 1 "0 passed, 1 failed" "FAIL  (stdout is not one JSON value: '[' or '{' expected near 'accept')" \
  FAKE_STDOUT="accept"
fake "two JSON objects" 1 "0 passed, 1 failed" "FAIL  (stdout is not one JSON value: end of file expected near '{')" \
  FAKE_STDOUT="$GOOD$GOOD"
fake "missing advisory_ids" 1 "0 passed, 1 failed" "FAIL  (answer lacks \"advisory_ids\")" \
  FAKE_STDOUT="${GOOD/\"advisory_ids\":\[\],/}"
fake "missing tcb_status" 1 "0 passed, 1 failed" "FAIL  (answer lacks \"tcb_status\")" \
  FAKE_STDOUT="${GOOD/\"tcb_status\":null,/}"
fake "tcb_status for SNP" 1 "0 passed, 1 failed" "FAIL  (tcb_status must be null for SNP)" \
  FAKE_STDOUT="${GOOD/\"tcb_status\":null/\"tcb_status\":\"UpToDate\"}"
fake "reason on accept" 1 "0 passed, 1 failed" "FAIL  (reason must be null on accept)" \
  FAKE_STDOUT="${GOOD/\"reason\":null/\"reason\":\"DEBUG\"}"
fake "uppercase hex" 1 "0 passed, 1 failed" "FAIL  (claims.measurement is not 96 lowercase hex characters)" \
  FAKE_STDOUT="${GOOD/$MS/$(hex 96 B)}"
fake "short report_data" 1 "0 passed, 1 failed" "FAIL  (claims.report_data is not 128 lowercase hex characters)" \
  FAKE_STDOUT="${GOOD/$RD/$(hex 126 a)}"
fake "no host_data" 1 "0 passed, 1 failed" "FAIL  (claims.host_data is not 64 lowercase hex characters)" \
  FAKE_STDOUT="${GOOD/,\"host_data\":\"$HD\"/}"

# A verifier that cannot be started fails every case.
run "$CHECK" "$TMP/no-such-verifier" "$ACCEPT"
expect_rc "verifier missing" 1
line=$(grep '^snp-milan-v3-oak ' "$TMP/out" || true)
if [[ "$line" =~ ^snp-milan-v3-oak\ +accept\ +-\ +FAIL\ \ \(cannot\ run\ .*/no-such-verifier:\ No\ such\ file\ or\ directory\)$ ]]; then
  pass "verifier missing: '$line'"
else
  fail "verifier missing: unexpected line '$line'"
fi

# A folder is searched one level deep; one without cases is bad usage.
mkdir "$TMP/empty"
run "$CHECK" "$CONTRAST" "$TMP/empty"
expect_rc "folder without cases" 2
expect_eq "folder without cases: stderr" "$(cat "$TMP/err")" \
  "contrast-case-check: $TMP/empty: no case directories"

# The JSON helpers.
json_set "$TMP/empty/x.json" a 1 2>/dev/null && fail "--set on a missing file succeeded" ||
  pass "--set on a missing file fails"
echo '{"a": {"b": "c"}, "n": [1, 2]}' >"$TMP/x.json"
expect_eq "--get string" "$(json_get "$TMP/x.json" a.b)" "c"
expect_eq "--get array" "$(json_get "$TMP/x.json" n)" "[1,2]"
expect_eq "--get from stdin" "$(json_get - a <"$TMP/x.json")" '{"b":"c"}'
run "$CHECK" --get "$TMP/x.json" a.z
expect_rc "--get absent key" 1
json_set "$TMP/x.json" a.d.e true
expect_eq "--set nested" "$(json_get "$TMP/x.json" a.d)" '{"e":true}'
json_del "$TMP/x.json" a.b
run "$CHECK" --get "$TMP/x.json" a.b
expect_rc "--del" 1

finish
