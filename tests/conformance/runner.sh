#!/usr/bin/env bash
# contrast-conformance itself, with fake verifiers: every way a verifier
# can fail a case (wrong answer, crash, hang, invalid JSON, missing keys,
# exit status, huge output, unusable case) is failed with the exact reason,
# bad cases are failed not skipped, the --verifier quoting rules, --cases
# discovery, --tee, --jobs (same output as --jobs 1), --junit (well-formed
# XML with the right counts), --faketime (the verifier's clock reads the
# case's now) and an interrupted run (the verifier's group is killed).
#
# Usage: runner.sh CONTRAST JSON_TOOL RUNNER SOURCE_DIR (as the e2e tests).
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh" "$@"

# mkcase DIR TEE NOW EXPECT_JSON: a case.json named after DIR. No evidence
# files: the runner never reads them, and the fake verifiers neither.
mkcase() {
  mkdir -p "$1"
  cat >"$1/case.json" <<JSON
{"format": 1, "name": "$(basename "$1")", "tee": "$2", "trust": "sim",
 "description": "runner self-test", "now": "$3", "evidence": "report.bin",
 "expect": $4}
JSON
}

NOW=2024-05-01T00:00:00Z
ONE=$TMP/one/snp-accept # expect accept
mkcase "$ONE" snp "$NOW" '{"verdict": "accept"}'
TDX=$TMP/tdx/tdx-reject # expect reject TCB_STATUS tcb=OutOfDate
mkcase "$TDX" tdx "$NOW" \
  '{"verdict": "reject", "reason": "TCB_STATUS", "tcb_status": "OutOfDate"}'

# The fake verifier: answers FAKE_STDOUT and exits FAKE_EXIT, after
# writing FAKE_STDERR on stderr; FAKE_SIGNAL kills it with that signal,
# FAKE_HANG=FILE makes it wait for a 60 s child whose pid goes to FILE,
# FAKE_HUGE writes 5 MB on stdout first. FAKE_ARGS=FILE records its
# arguments, FAKE_LOG=FILE the case names it ran on. FAKE_BY_NAME: the
# answer comes from the case name instead (see byname below).
FAKE=$TMP/fake-verifier
cat >"$FAKE" <<'FAKE_EOF'
#!/usr/bin/env bash
case_dir=${!#}
[ -f "$case_dir/case.json" ] || exit 98
name=$(basename "$case_dir")
[ -z "${FAKE_ARGS:-}" ] || printf '%s\n' "$@" >"$FAKE_ARGS"
[ -z "${FAKE_LOG:-}" ] || echo "$name" >>"$FAKE_LOG"
if [ -n "${FAKE_BY_NAME:-}" ]; then
  # NAME = snp-N-accept|reject|wrong: sleep 0.N0 s, then answer.
  n=${name#snp-}; n=${n%%-*}
  sleep "0.${n}0"
  case $name in
  *-accept) echo '{"verdict":"accept","reason":null,"tcb_status":null}'; exit 0 ;;
  *-reject) echo '{"verdict":"reject","reason":"DEBUG","tcb_status":null}'; exit 1 ;;
  *) echo '{"verdict":"reject","reason":"POLICY","tcb_status":null}'; exit 1 ;;
  esac
fi
[ -z "${FAKE_STDERR:-}" ] || printf "$FAKE_STDERR" >&2
if [ -n "${FAKE_HANG:-}" ]; then
  sleep 60 &
  echo $! >"$FAKE_HANG"
  wait
fi
[ -z "${FAKE_SIGNAL:-}" ] || kill -s "$FAKE_SIGNAL" $$
[ -z "${FAKE_HUGE:-}" ] || head -c 5000000 /dev/zero
printf '%s' "${FAKE_STDOUT-}"
exit "${FAKE_EXIT:-0}"
FAKE_EOF
chmod +x "$FAKE"

# gone PID: the process is gone (or a zombie waiting for its reaper)
# within 5 s; a SIGKILLed process is not gone the very instant kill returns.
gone() {
  local _
  for _ in $(seq 50); do
    [ -e "/proc/$1" ] || return 0
    [ "$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ] || return 0
    sleep 0.1
  done
  return 1
}

ACCEPT='{"verdict":"accept","reason":null,"tcb_status":null}'
REJECT_DEBUG='{"verdict":"reject","reason":"DEBUG","tcb_status":null}'

# one LABEL WANT_LINE [VAR=VALUE...]: the fake over $ONE with the given
# environment. The case's line (runs of spaces squeezed) must be WANT_LINE;
# the last line and the exit status must say pass or fail accordingly.
# RUNNER_ARGS (an array) adds options.
RUNNER_ARGS=()
one() {
  local label=$1 want=$2
  shift 2
  run env "$@" "$RUNNER" --timeout 10 "${RUNNER_ARGS[@]}" --cases "$ONE" \
    --verifier "$(printf %q "$FAKE")"
  expect_eq "$label" "$(head -n 1 "$TMP/out" | tr -s ' ')" "$want"
  if [[ "$want" == PASS* ]]; then
    expect_eq "$label: last line" "$(tail -n 1 "$TMP/out")" "1 passed, 0 failed"
    expect_rc "$label" 0
  else
    expect_eq "$label: last line" "$(tail -n 1 "$TMP/out")" "0 passed, 1 failed"
    expect_rc "$label" 1
  fi
}

# ---- answers ----

one "right answer" "PASS snp-accept expected accept got accept" \
  FAKE_STDOUT="$ACCEPT"
# The exact layout, once: columns two spaces apart, GOT padded to the
# width of EXPECTED when a reason follows.
expect_eq "PASS line layout" "$(head -n 1 "$TMP/out")" \
  "PASS  snp-accept  expected accept  got accept"
one "wrong verdict" \
  "FAIL snp-accept expected accept got reject DEBUG (wrong verdict)" \
  FAKE_STDOUT="$REJECT_DEBUG" FAKE_EXIT=1
expect_eq "FAIL line layout" "$(head -n 1 "$TMP/out")" \
  "FAIL  snp-accept  expected accept  got reject DEBUG  (wrong verdict)"
one "exit 1 on accept" \
  "FAIL snp-accept expected accept got accept (exit status 1 does not agree with verdict accept (want 0))" \
  FAKE_STDOUT="$ACCEPT" FAKE_EXIT=1
one "exit 0 on reject" \
  "FAIL snp-accept expected accept got reject DEBUG (exit status 0 does not agree with verdict reject (want 1); wrong verdict)" \
  FAKE_STDOUT="$REJECT_DEBUG" FAKE_EXIT=0
one "exit 2" \
  "FAIL snp-accept expected accept got - (verifier could not use the case (exit 2); stderr: myverify: no such file report.bin)" \
  FAKE_EXIT=2 FAKE_STDERR='starting\nmyverify: no such file report.bin\n\n'
one "exit 3" \
  "FAIL snp-accept expected accept got - (exit status 3 (0 accept, 1 reject, 2 unusable))" \
  FAKE_STDOUT="$ACCEPT" FAKE_EXIT=3
one "crash" "FAIL snp-accept expected accept got - (crashed: signal 11 (SIGSEGV))" \
  FAKE_SIGNAL=SEGV
one "abort" \
  "FAIL snp-accept expected accept got - (crashed: signal 6 (SIGABRT); stderr: assertion failed)" \
  FAKE_SIGNAL=ABRT FAKE_STDERR='assertion failed\n'
one "stderr made printable" \
  "FAIL snp-accept expected accept got - (verifier could not use the case (exit 2); stderr: bad thing ? é ?)" \
  FAKE_EXIT=2 FAKE_STDERR='bad\tthing \001 \303\251 \377\n'

# A hang: the runner kills the whole process group at the deadline (the
# verifier's own child too) and does not wait for the child's 60 s.
RUNNER_ARGS=(--timeout 1)
t0=$SECONDS
one "hang" \
  "FAIL snp-accept expected accept got - (timed out after 1 s (process group killed))" \
  FAKE_HANG="$TMP/hang.pid"
RUNNER_ARGS=()
if [ $((SECONDS - t0)) -lt 20 ]; then
  pass "hang: the runner returned after $((SECONDS - t0)) s"
else
  fail "hang: the runner took $((SECONDS - t0)) s"
fi
if [ -s "$TMP/hang.pid" ] && gone "$(cat "$TMP/hang.pid")"; then
  pass "hang: the verifier's child was killed with it"
else
  fail "hang: the verifier's child $(cat "$TMP/hang.pid" 2>/dev/null) is still running"
  kill "$(cat "$TMP/hang.pid")" 2>/dev/null || true
fi

t0=$SECONDS
one "huge output" \
  "FAIL snp-accept expected accept got - (output too large: more than 4194304 bytes on stdout)" \
  FAKE_HUGE=1 FAKE_STDOUT="$ACCEPT"
if [ $((SECONDS - t0)) -lt 8 ]; then
  pass "huge output: failed at once, not at the timeout"
else
  fail "huge output: took $((SECONDS - t0)) s"
fi

one "not JSON" \
  "FAIL snp-accept expected accept got - (invalid JSON on stdout: '[' or '{' expected near 'accept')" \
  FAKE_STDOUT=accept
one "no output" \
  "FAIL snp-accept expected accept got - (invalid JSON: no output on stdout)" \
  FAKE_STDOUT=
one "two JSON objects" \
  "FAIL snp-accept expected accept got - (invalid JSON on stdout: end of file expected near '{')" \
  FAKE_STDOUT="$ACCEPT$ACCEPT"
one "JSON array" \
  "FAIL snp-accept expected accept got - (invalid JSON on stdout: not an object)" \
  FAKE_STDOUT="[$ACCEPT]"
one "trailing newline and spaces are fine" \
  "PASS snp-accept expected accept got accept" \
  FAKE_STDOUT="  $ACCEPT
  "
one "missing tcb_status" \
  "FAIL snp-accept expected accept got accept (missing key \"tcb_status\")" \
  FAKE_STDOUT='{"verdict":"accept","reason":null}'
one "missing every key" \
  "FAIL snp-accept expected accept got ? (missing key \"verdict\"; missing key \"reason\"; missing key \"tcb_status\")" \
  FAKE_STDOUT='{"detail":"hello"}'
one "verdict not a verdict" \
  "FAIL snp-accept expected accept got maybe (verdict is not \"accept\" or \"reject\")" \
  FAKE_STDOUT='{"verdict":"maybe","reason":null,"tcb_status":null}'
one "reason a number" \
  "FAIL snp-accept expected accept got accept (reason is not a string or null)" \
  FAKE_STDOUT='{"verdict":"accept","reason":5,"tcb_status":null}'
one "reason on accept" \
  "FAIL snp-accept expected accept got accept DEBUG (reason must be null on accept; wrong reason)" \
  FAKE_STDOUT='{"verdict":"accept","reason":"DEBUG","tcb_status":null}'
one "no reason on reject" \
  "FAIL snp-accept expected accept got reject (reason must be a code on reject; wrong verdict)" \
  FAKE_STDOUT='{"verdict":"reject","reason":null,"tcb_status":null}' FAKE_EXIT=1
one "tcb_status for SNP" \
  "FAIL snp-accept expected accept got accept tcb=UpToDate (tcb_status must be null for SNP)" \
  FAKE_STDOUT='{"verdict":"accept","reason":null,"tcb_status":"UpToDate"}'
one "duplicate key" \
  "FAIL snp-accept expected accept got - (invalid JSON on stdout: duplicate object key near '\"verdict\"')" \
  FAKE_STDOUT='{"verdict":"accept","verdict":"accept","reason":null,"tcb_status":null}'

# --strict: the keys and claims CASES.md requires of contrast's verifier.
hex() { printf "%0$1d" 0 | tr 0 "$2"; }
RD=$(hex 128 a) MS=$(hex 96 b) HD=$(hex 64 c)
FULL="{\"verdict\":\"accept\",\"reason\":null,\"tcb_status\":null,\"advisory_ids\":[],\"claims\":{\"report_data\":\"$RD\",\"measurement\":\"$MS\",\"host_data\":\"$HD\"},\"detail\":\"\"}"
RUNNER_ARGS=(--strict)
one "--strict, full answer" "PASS snp-accept expected accept got accept" \
  FAKE_STDOUT="$FULL"
one "--strict, minimal answer" \
  "FAIL snp-accept expected accept got accept (missing key \"claims\"; missing key \"advisory_ids\"; missing key \"detail\")" \
  FAKE_STDOUT="$ACCEPT"
one "--strict, uppercase hex" \
  "FAIL snp-accept expected accept got accept (claims.measurement is not 96 lowercase hex characters)" \
  FAKE_STDOUT="${FULL/$MS/$(hex 96 B)}"
one "--strict, advisory_ids" \
  "FAIL snp-accept expected accept got accept (advisory_ids is not an array of strings)" \
  FAKE_STDOUT="${FULL/\"advisory_ids\":\[\]/\"advisory_ids\":[1]}"
RUNNER_ARGS=()

# TDX: tcb_status is compared where the case gives one.
tdx() {
  local label=$1 want=$2
  shift 2
  run env "$@" "$RUNNER" --cases "$TDX" --verifier "$(printf %q "$FAKE")"
  expect_eq "$label" "$(head -n 1 "$TMP/out" | tr -s ' ')" "$want"
}
tdx "tdx right" \
  "PASS tdx-reject expected reject TCB_STATUS tcb=OutOfDate got reject TCB_STATUS tcb=OutOfDate" \
  FAKE_STDOUT='{"verdict":"reject","reason":"TCB_STATUS","tcb_status":"OutOfDate"}' FAKE_EXIT=1
tdx "tdx wrong status" \
  "FAIL tdx-reject expected reject TCB_STATUS tcb=OutOfDate got reject TCB_STATUS tcb=UpToDate (wrong tcb_status)" \
  FAKE_STDOUT='{"verdict":"reject","reason":"TCB_STATUS","tcb_status":"UpToDate"}' FAKE_EXIT=1
tdx "tdx null status" \
  "FAIL tdx-reject expected reject TCB_STATUS tcb=OutOfDate got reject TCB_STATUS (wrong tcb_status)" \
  FAKE_STDOUT='{"verdict":"reject","reason":"TCB_STATUS","tcb_status":null}' FAKE_EXIT=1
tdx "tdx wrong reason" \
  "FAIL tdx-reject expected reject TCB_STATUS tcb=OutOfDate got reject POLICY tcb=OutOfDate (wrong reason)" \
  FAKE_STDOUT='{"verdict":"reject","reason":"POLICY","tcb_status":"OutOfDate"}' FAKE_EXIT=1

# A verifier that cannot be started fails the case, it does not stop the run.
run "$RUNNER" --cases "$ONE" --verifier "$TMP/no-such-verifier --flag"
expect_rc "verifier missing" 1
expect_eq "verifier missing: line" "$(head -n 1 "$TMP/out" | tr -s ' ')" \
  "FAIL snp-accept expected accept got - (cannot run the verifier: No such file or directory)"
# ... and one found in PATH runs.
run env PATH="$TMP:$PATH" FAKE_STDOUT="$ACCEPT" "$RUNNER" --cases "$ONE" \
  --verifier fake-verifier
expect_rc "verifier found in PATH" 0

# ---- the --verifier quoting rules ----

run env FAKE_ARGS="$TMP/args" FAKE_STDOUT="$ACCEPT" "$RUNNER" --cases "$ONE" \
  --verifier "$FAKE 'a b'  \"c\\\"d\\\\e\" f\\ g '' \"\" 'h\"i' \$HOME *  x\\\\y"
expect_rc "quoting" 0
printf '%s\n' "a b" 'c"d\e' "f g" "" "" 'h"i' '$HOME' '*' 'x\y' "$ONE" >"$TMP/want-args"
if cmp -s "$TMP/args" "$TMP/want-args"; then
  pass "quoting: the verifier got the words and then the case directory"
else
  fail "quoting: arguments differ: $(diff "$TMP/want-args" "$TMP/args" | tr '\n' '|')"
fi
# printf %q output (what the tests and the README use) splits back.
odd="$TMP/dir with 'quotes' and \"dq\"/fake"
mkdir -p "$(dirname "$odd")"
cp "$FAKE" "$odd"
run env FAKE_STDOUT="$ACCEPT" "$RUNNER" --cases "$ONE" --verifier "$(printf '%q ' "$odd")"
expect_rc "printf %q quoting of an odd path" 0

usage_error() {
  local label=$1 want=$2
  shift 2
  run "$RUNNER" "$@"
  expect_rc "$label" 2
  expect_eq "$label: message" "$(head -n 1 "$TMP/err")" "$want"
  expect_empty "$label: stdout" "$TMP/out"
}
usage_error "unterminated '" "contrast-conformance: unterminated ' in --verifier" \
  --cases "$ONE" --verifier "$FAKE 'a"
usage_error "unterminated \"" "contrast-conformance: unterminated \" in --verifier" \
  --cases "$ONE" --verifier "$FAKE \"a"
usage_error "trailing backslash" "contrast-conformance: trailing \\ in --verifier" \
  --cases "$ONE" --verifier "$FAKE a\\"
usage_error "empty --verifier" "contrast-conformance: --verifier names no command" \
  --cases "$ONE" --verifier "  "
usage_error "no --verifier" "contrast-conformance: --verifier is required" \
  --cases "$ONE"
usage_error "--timeout 0" \
  "contrast-conformance: --timeout 0: not a number of seconds above 0 and at most 86400" \
  --timeout 0 --cases "$ONE" --verifier "$FAKE"
usage_error "--jobs 0" "contrast-conformance: --jobs 0: not a number from 1 to 256" \
  --jobs 0 --cases "$ONE" --verifier "$FAKE"
usage_error "--tee sev" "contrast-conformance: --tee sev: not snp or tdx" \
  --tee sev --cases "$ONE" --verifier "$FAKE"
usage_error "positional argument" \
  "contrast-conformance: unexpected argument $ONE (cases go after --cases)" \
  --verifier "$FAKE" "$ONE"
run "$RUNNER" --help
expect_rc "--help" 0
expect_line "--help" "$TMP/out" "  PASS|FAIL|SKIP  NAME  expected EXPECTED  got GOT  (WHY)"

# ---- finding cases ----

mkdir "$TMP/empty"
usage_error "folder without cases" \
  "contrast-conformance: --cases $TMP/empty: no case directories (none holds case.json)" \
  --cases "$TMP/empty" --verifier "$FAKE"
usage_error "not a directory" \
  "contrast-conformance: --cases $TMP/nothing-here: not a directory" \
  --cases "$TMP/nothing-here" --verifier "$FAKE"

# Recursive, sorted by name whatever the layout, dot folders skipped.
T=$TMP/tree
mkcase "$T/z/deep/er/snp-1-accept" snp "$NOW" '{"verdict": "accept"}'
mkcase "$T/a/snp-3-reject" snp "$NOW" '{"verdict": "reject", "reason": "DEBUG"}'
mkcase "$T/snp-2-accept" snp "$NOW" '{"verdict": "accept"}'
mkcase "$T/.hidden/snp-9-accept" snp "$NOW" '{"verdict": "accept"}'
run env FAKE_BY_NAME=1 "$RUNNER" --cases "$T/" --verifier "$FAKE"
expect_rc "tree" 0
expect_eq "tree: order" "$(awk '{print $2}' "$TMP/out" | tr '\n' ' ')" \
  "snp-1-accept snp-2-accept snp-3-reject passed, "
expect_line "tree: case path" "$TMP/out" \
  "PASS  snp-1-accept  expected accept        got accept"
# The default is vectors/ under the current directory.
mkdir -p "$TMP/cwd/vectors"
cp -R "$T/a" "$TMP/cwd/vectors/"
(cd "$TMP/cwd" && run env FAKE_BY_NAME=1 "$RUNNER" --verifier "$FAKE")
expect_rc "default --cases vectors" 0
expect_eq "default --cases vectors: last line" "$(tail -n 1 "$TMP/out")" \
  "1 passed, 0 failed"

# Two cases of one name are an error, also across --cases arguments.
mkcase "$TMP/dup1/snp-same" snp "$NOW" '{"verdict": "accept"}'
mkcase "$TMP/dup2/snp-same" snp "$NOW" '{"verdict": "accept"}'
usage_error "duplicate names" \
  "contrast-conformance: two cases named snp-same: $TMP/dup1/snp-same and $TMP/dup2/snp-same" \
  --cases "$TMP/dup2" --cases "$TMP/dup1" --verifier "$FAKE"
usage_error "one case given twice" \
  "contrast-conformance: two cases named snp-accept: $ONE and $ONE" \
  --cases "$ONE" --cases "$TMP/one" --verifier "$FAKE"

# Bad cases fail (the verifier is not run on them) and never count as
# skipped; the good case beside them still runs.
B=$TMP/bad
mkcase "$B/snp-good" snp "$NOW" '{"verdict": "accept"}'
mkdir -p "$B/snp-unparsable" && echo '{"format": 1,' >"$B/snp-unparsable/case.json"
mkdir -p "$B/snp-dir-case-json/case.json"
N_BAD=13
if [ "$(id -u)" != 0 ]; then # root reads a file of mode 000
  mkcase "$B/snp-unreadable" snp "$NOW" '{"verdict": "accept"}'
  chmod 000 "$B/snp-unreadable/case.json"
  N_BAD=14
fi
mkcase "$B/snp-renamed" snp "$NOW" '{"verdict": "accept"}'
json_set "$B/snp-renamed/case.json" name '"snp-other"'
mkcase "$B/snp-bad-reason" snp "$NOW" '{"verdict": "reject", "reason": "NOPE"}'
mkcase "$B/snp-no-reason" snp "$NOW" '{"verdict": "reject"}'
mkcase "$B/snp-bad-verdict" snp "$NOW" '{"verdict": "maybe"}'
mkcase "$B/snp-no-expect" snp "$NOW" '{"verdict": "accept"}'
json_del "$B/snp-no-expect/case.json" expect
mkcase "$B/snp-format-2" snp "$NOW" '{"verdict": "accept"}'
json_set "$B/snp-format-2/case.json" format 2
mkcase "$B/snp-bad-now" snp "2024-05-01 00:00:00" '{"verdict": "accept"}'
mkcase "$B/snp-feb-30" snp "2024-02-30T00:00:00Z" '{"verdict": "accept"}'
mkcase "$B/snp-bad-tee" sev "$NOW" '{"verdict": "accept"}'
mkcase "$B/snp-tcb-for-snp" snp "$NOW" '{"verdict": "accept", "tcb_status": "UpToDate"}'
mkcase "$B/tdx-bad-status" tdx "$NOW" '{"verdict": "accept", "tcb_status": "Fine"}'
run env FAKE_STDOUT="$ACCEPT" FAKE_LOG="$TMP/bad.log" "$RUNNER" --tee snp \
  --cases "$B" --verifier "$FAKE"
expect_rc "bad cases" 1
expect_eq "bad cases: the verifier ran only on the good one" "$(cat "$TMP/bad.log")" snp-good
expect_eq "bad cases: last line" "$(tail -n 1 "$TMP/out")" "1 passed, $N_BAD failed"
bad_line() {
  expect_line "bad case $1" <(tr -s ' ' <"$TMP/out") "FAIL $1 expected $2 got - (bad case: $3)"
}
bad_line snp-unparsable "?" "case.json: line 2: string or '}' expected near end of file"
bad_line snp-dir-case-json "?" "case.json is not a regular file"
[ "$N_BAD" = 13 ] ||
  bad_line snp-unreadable "?" "cannot read case.json: Permission denied"
bad_line snp-other "accept" "name \"snp-other\" is not the directory name \"snp-renamed\""
bad_line snp-bad-reason "reject NOPE" "expect.reason is not a reason code of spec/CASES.md"
bad_line snp-no-reason "reject" "expect.reason is missing on reject"
bad_line snp-bad-verdict "?" "expect.verdict is not \"accept\" or \"reject\""
bad_line snp-no-expect "?" "no expect object"
bad_line snp-format-2 "accept" "format is not 1"
bad_line snp-bad-now "accept" "now is not a time of the form YYYY-MM-DDTHH:MM:SSZ"
bad_line snp-feb-30 "accept" "now is not a time of the form YYYY-MM-DDTHH:MM:SSZ"
bad_line snp-bad-tee "accept" "tee is not \"snp\" or \"tdx\""
bad_line snp-tcb-for-snp "accept tcb=UpToDate" "expect.tcb_status is given for SNP"
bad_line tdx-bad-status "accept tcb=Fine" "expect.tcb_status is not a TDX status of spec/CASES.md"

# --tee: the other TEE's cases are skipped, and said so.
M=$TMP/mixed
mkcase "$M/snp-accept" snp "$NOW" '{"verdict": "accept"}'
cp -R "$TDX" "$M/"
run env FAKE_STDOUT="$ACCEPT" "$RUNNER" --tee snp --cases "$M" --verifier "$FAKE"
expect_rc "--tee snp" 0
expect_eq "--tee snp: last line" "$(tail -n 1 "$TMP/out")" "1 passed, 0 failed, 1 skipped"
expect_line "--tee snp: skip line" <(tr -s ' ' <"$TMP/out") \
  "SKIP tdx-reject expected reject TCB_STATUS tcb=OutOfDate got - (not run: tee tdx, --tee snp)"

# ---- --jobs: the same output, in name order, whatever finishes first ----

J=$TMP/jobs
for c in 9-accept 1-reject 5-wrong 2-accept 7-reject 3-accept 8-wrong 4-accept; do
  verdict=${c#*-}
  [ "$verdict" != wrong ] || verdict=accept
  if [ "$verdict" = reject ]; then
    mkcase "$J/snp-$c" snp "$NOW" '{"verdict": "reject", "reason": "DEBUG"}'
  else
    mkcase "$J/snp-$c" snp "$NOW" '{"verdict": "accept"}'
  fi
done
run env FAKE_BY_NAME=1 "$RUNNER" --jobs 1 --cases "$J" --verifier "$FAKE"
expect_rc "--jobs 1" 1
cp "$TMP/out" "$TMP/jobs1.out"
t0=$(date +%s%N)
run env FAKE_BY_NAME=1 "$RUNNER" --jobs 4 --cases "$J" --verifier "$FAKE"
expect_rc "--jobs 4" 1
if cmp -s "$TMP/out" "$TMP/jobs1.out"; then
  pass "--jobs 4: the same output as --jobs 1"
else
  fail "--jobs 4: output differs: $(diff "$TMP/jobs1.out" "$TMP/out" | tr '\n' '|')"
fi
expect_eq "--jobs: last line" "$(tail -n 1 "$TMP/out")" "6 passed, 2 failed"
run env FAKE_BY_NAME=1 "$RUNNER" --jobs 2 --cases "$J" --verifier "$FAKE"
if cmp -s "$TMP/out" "$TMP/jobs1.out"; then
  pass "--jobs 2: the same output as --jobs 1"
else
  fail "--jobs 2: output differs: $(diff "$TMP/jobs1.out" "$TMP/out" | tr '\n' '|')"
fi

# ---- --junit ----

cp -R "$J" "$TMP/junit-cases"
cp -R "$TDX" "$TMP/junit-cases/"
mkdir -p "$TMP/junit-cases/snp-unparsable"
echo '{' >"$TMP/junit-cases/snp-unparsable/case.json"
run env FAKE_BY_NAME=1 "$RUNNER" --tee snp --junit "$TMP/report.xml" \
  --cases "$TMP/junit-cases" --verifier "$FAKE"
expect_rc "--junit" 1
expect_eq "--junit: last line" "$(tail -n 1 "$TMP/out")" "6 passed, 3 failed, 1 skipped"
if command -v xmllint >/dev/null; then
  if xmllint --noout "$TMP/report.xml" 2>"$TMP/xmllint.err"; then
    pass "--junit: xmllint finds the report well-formed"
  else
    fail "--junit: xmllint: $(head -c 300 "$TMP/xmllint.err")"
  fi
else
  echo "(xmllint not installed: the structure checks below only)"
fi
expect_line "--junit: suite counts" "$TMP/report.xml" \
  '  <testsuite name="contrast-conformance" tests="10" failures="3" errors="0" skipped="1" time="'"$(sed -n 's/.*<testsuite name="contrast-conformance" tests="10" failures="3" errors="0" skipped="1" time="\([0-9.]*\)">.*/\1/p' "$TMP/report.xml")"'">'
expect_eq "--junit: testcases" "$(grep -c '<testcase ' "$TMP/report.xml")" 10
expect_eq "--junit: failures" "$(grep -c '<failure ' "$TMP/report.xml")" 3
expect_eq "--junit: skipped" "$(grep -c '<skipped ' "$TMP/report.xml")" 1
expect_eq "--junit: a failure" \
  "$(grep -o '<failure type="conformance" message="[^"]*"' "$TMP/report.xml" | head -n 1)" \
  '<failure type="conformance" message="expected accept, got reject POLICY: wrong verdict"'
grep -q '<testcase classname="tdx" name="tdx-reject" time="[0-9.]*">' "$TMP/report.xml" &&
  pass "--junit: classname is the tee" || fail "--junit: no tdx testcase"
grep -q '<testcase classname="unknown" name="snp-unparsable"' "$TMP/report.xml" &&
  pass "--junit: a bad case is a failed testcase" || fail "--junit: no bad-case testcase"

# Escaping: a verifier whose stderr holds markup, quotes, control bytes and
# invalid UTF-8, and whose reason is markup.
run env FAKE_EXIT=1 FAKE_STDERR='<b>&"x"</b> \001\033[31m \377\376 ]]> é\n' \
  FAKE_STDOUT='{"verdict":"reject","reason":"<&\"DEBUG\">","tcb_status":null}' \
  "$RUNNER" --junit "$TMP/escape.xml" --cases "$ONE" --verifier "$FAKE"
expect_rc "--junit escaping" 1
if command -v xmllint >/dev/null; then
  if xmllint --noout "$TMP/escape.xml" 2>"$TMP/xmllint.err"; then
    pass "--junit escaping: well-formed"
  else
    fail "--junit escaping: xmllint: $(head -c 300 "$TMP/xmllint.err")"
  fi
fi
grep -qF 'got reject &lt;&amp;&quot;DEBUG&quot;&gt;: wrong verdict' "$TMP/escape.xml" &&
  pass "--junit escaping: the message is escaped" ||
  fail "--junit escaping: message not escaped: $(grep -o 'message="[^>]*' "$TMP/escape.xml")"
grep -qF '&lt;b&gt;&amp;"x"&lt;/b&gt; ??[31m ?? ]]&gt; é' "$TMP/escape.xml" &&
  pass "--junit escaping: the stderr tail is escaped" ||
  fail "--junit escaping: stderr tail: $(grep -A2 'verifier stderr' "$TMP/escape.xml")"
usage_error "--junit unwritable" \
  "contrast-conformance: --junit $TMP/no/such/dir/r.xml: No such file or directory" \
  --junit "$TMP/no/such/dir/r.xml" --cases "$ONE" --verifier "$FAKE"

# ---- --faketime: the verifier's clock reads the case's now ----

F=$TMP/faketime
mkcase "$F/snp-at-2024" snp 2024-05-01T00:00:00Z '{"verdict": "accept"}'
mkcase "$F/snp-at-2031" snp 2031-12-31T23:59:59Z '{"verdict": "accept"}'
CLOCK=$TMP/clock-verifier
cat >"$CLOCK" <<'EOF'
#!/usr/bin/env bash
# Records what the clock says before and after a sleep of more than a
# second (the clock is frozen, and sleeping still works) and TZ.
a=$(date -u +%s)
sleep 1.1
echo "$(basename "${!#}") $a $(date -u +%s) ${TZ:-}" >>"$CLOCK_LOG"
echo '{"verdict":"accept","reason":null,"tcb_status":null}'
EOF
chmod +x "$CLOCK"
e2024=$(date -u -d 2024-05-01T00:00:00Z +%s)
e2031=$(date -u -d 2031-12-31T23:59:59Z +%s)
run env TZ=America/New_York CLOCK_LOG="$TMP/clock.log" "$RUNNER" --faketime \
  --jobs 2 --cases "$F" --verifier "$CLOCK"
expect_rc "--faketime" 0
expect_eq "--faketime: clocks" "$(sort "$TMP/clock.log")" \
  "snp-at-2024 $e2024 $e2024 UTC0
snp-at-2031 $e2031 $e2031 UTC0"
rm -f "$TMP/clock.log"
run env CLOCK_LOG="$TMP/clock.log" "$RUNNER" --cases "$F/snp-at-2024" --verifier "$CLOCK"
read -r _ wall _ <"$TMP/clock.log"
if [ $((wall - $(date -u +%s))) -lt 60 ] && [ $(($(date -u +%s) - wall)) -lt 60 ]; then
  pass "without --faketime the verifier sees the wall clock"
else
  fail "without --faketime the verifier saw $wall"
fi
run env CONTRAST_LIBFAKETIME="$TMP/nope.so" "$RUNNER" --faketime --cases "$F" \
  --verifier "$CLOCK"
expect_rc "--faketime without the library" 2
expect_eq "--faketime without the library: message" "$(cat "$TMP/err")" \
  "contrast-conformance: --faketime: CONTRAST_LIBFAKETIME=$TMP/nope.so: No such file or directory"

# ---- interrupted: the runner stops, kills the verifier's group, exits 130 ----

rm -f "$TMP/hang.pid"
FAKE_HANG="$TMP/hang.pid" "$RUNNER" --timeout 60 --cases "$ONE" --verifier "$FAKE" \
  >"$TMP/int.out" 2>"$TMP/int.err" </dev/null &
runner_pid=$!
for _ in $(seq 100); do
  [ -s "$TMP/hang.pid" ] && break
  sleep 0.1
done
kill -TERM "$runner_pid"
set +e
wait "$runner_pid"
RC=$?
set -e
expect_rc "interrupted" 130
expect_eq "interrupted: line" "$(head -n 1 "$TMP/int.out" | tr -s ' ')" \
  "FAIL snp-accept expected accept got - (interrupted)"
expect_eq "interrupted: stderr" "$(cat "$TMP/int.err")" "contrast-conformance: interrupted"
if [ -s "$TMP/hang.pid" ] && gone "$(cat "$TMP/hang.pid")"; then
  pass "interrupted: the verifier's group was killed"
else
  fail "interrupted: $(cat "$TMP/hang.pid" 2>/dev/null) still running"
  kill "$(cat "$TMP/hang.pid")" 2>/dev/null || true
fi

# ---- the adapter example of README.md ("Checking your verifier") ----

# It needs jq, which the project does not: checked only where jq is.
if command -v jq >/dev/null; then
  mkdir -p "$TMP/readme/bin"
  awk '/^## Checking your verifier/ { on = 1 } on && /^```bash$/ { p = 1; next }
       p && /^```$/ { exit } p' "$SRC/README.md" >"$TMP/readme/myverify-adapter"
  chmod +x "$TMP/readme/myverify-adapter"
  # A stand-in myverify on contrast's explicit form: OK or FAIL <words>.
  cat >"$TMP/readme/bin/myverify" <<MYVERIFY
#!/usr/bin/env bash
[ "\$1 \$3 \$5" = "--report --vcek --at" ] || exit 9
out=\$("$CONTRAST" evidence verify --snp "\$2" --vcek "\$4" --now "\$6")
case \$out in
accept*) echo OK ;;
"reject MALFORMED"*) echo "FAIL parse error" ;;
"reject EXPIRED"*) echo "FAIL expired certificate" ;;
"reject "*) r=\${out#reject }; echo "FAIL \${r%%:*}" ;;
esac
MYVERIFY
  chmod +x "$TMP/readme/bin/myverify"
  run env PATH="$TMP/readme/bin:$PATH" "$RUNNER" \
    --cases "$REAL_SNP/snp-derived-truncated" --cases "$REAL_SNP/snp-derived-vcek-expired" \
    --cases "$REAL_SNP/snp-milan-v2-debug" --cases "$REAL_SNP/snp-milan-vlek-vmpl1" \
    --verifier "$TMP/readme/myverify-adapter"
  expect_rc "README adapter" 1
  tr -s ' ' <"$TMP/out" >"$TMP/readme.out"
  expect_line "README adapter: MALFORMED" "$TMP/readme.out" \
    "PASS snp-derived-truncated expected reject MALFORMED got reject MALFORMED"
  expect_line "README adapter: EXPIRED" "$TMP/readme.out" \
    "PASS snp-derived-vcek-expired expected reject EXPIRED got reject EXPIRED"
  expect_line "README adapter: DEBUG" "$TMP/readme.out" \
    "PASS snp-milan-v2-debug expected reject DEBUG got reject DEBUG"
  expect_line "README adapter: VLEK" "$TMP/readme.out" \
    "FAIL snp-milan-vlek-vmpl1 expected accept got - (verifier could not use the case (exit 2); stderr: myverify-adapter: myverify takes a VCEK, not a VLEK)"
else
  echo "(jq not installed: the README adapter example is not run)"
fi

finish
