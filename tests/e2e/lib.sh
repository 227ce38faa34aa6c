# Shared by the e2e shell tests (sourced, not run):
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
# Every test takes four arguments from CMake: the contrast binary, the
# contrast-json-tool binary, the contrast-conformance runner and the source
# tree. Nothing here knows where the tree lives otherwise.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 CONTRAST JSON_TOOL RUNNER SOURCE_DIR" >&2
  exit 2
fi
CONTRAST=$1
JSON_TOOL=$2
RUNNER=$3
SRC=$4
REAL_SNP=$SRC/vectors/real/snp
for f in "$CONTRAST" "$JSON_TOOL" "$RUNNER"; do
  [ -x "$f" ] || { echo "$0: $f is not executable" >&2; exit 2; }
done
[ -d "$REAL_SNP" ] || { echo "$0: no $REAL_SNP" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/contrast-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

CHECKS=0
FAILS=0

pass() { CHECKS=$((CHECKS + 1)); echo "ok   $*"; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL $*"; }

# finish: the test's exit status; call last.
finish() {
  if [ "$FAILS" -eq 0 ]; then
    echo "$CHECKS checks passed"
    exit 0
  fi
  echo "$FAILS of $CHECKS checks failed"
  exit 1
}

# run CMD...: run with stdin from /dev/null, stdout to $TMP/out, stderr to
# $TMP/err; the exit status goes to RC (never stops the script).
run() {
  set +e
  "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  RC=$?
  set -e
}

# expect_rc LABEL WANT: the last run's exit status is exactly WANT. A status
# above 128 is a signal: reported as a crash.
expect_rc() {
  if [ "$RC" -eq "$2" ]; then
    pass "$1: exit $RC"
  elif [ "$RC" -gt 128 ]; then
    fail "$1: crashed (exit $RC, signal $((RC - 128))), want exit $2; stderr: $(head -c 300 "$TMP/err")"
  else
    fail "$1: exit $RC, want $2; stderr: $(head -c 300 "$TMP/err")"
  fi
}

# expect_empty LABEL FILE
expect_empty() {
  if [ ! -s "$2" ]; then
    pass "$1: $(basename "$2") empty"
  else
    fail "$1: $(basename "$2") not empty: $(head -c 200 "$2")"
  fi
}

# expect_line LABEL FILE LINE: FILE holds LINE as a whole line.
expect_line() {
  if grep -qxF -- "$3" "$2"; then
    pass "$1: has line '$3'"
  else
    fail "$1: no line '$3' in $(basename "$2"): $(head -c 300 "$2")"
  fi
}

# expect_no_line_matching LABEL FILE REGEX
expect_no_line_matching() {
  if ! grep -qE -- "$3" "$2"; then
    pass "$1: no line matching '$3'"
  else
    fail "$1: unexpected line matching '$3': $(grep -E -- "$3" "$2" | head -1)"
  fi
}

# expect_eq LABEL GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then
    pass "$1: '$2'"
  else
    fail "$1: got '$2', want '$3'"
  fi
}

# json_get FILE|- PATH: a value from a JSON document (strings raw).
json_get() { "$JSON_TOOL" --get "$1" "$2"; }
# json_set FILE PATH JSON
json_set() { "$JSON_TOOL" --set "$1" "$2" "$3"; }
# json_del FILE PATH
json_del() { "$JSON_TOOL" --del "$1" "$2"; }

# run_cases DIR [VERIFY_ARGS...]: `run` the conformance runner, in --strict
# mode (the full answer CASES.md asks of our verifier), with
# `contrast evidence verify --json VERIFY_ARGS...` over the cases in DIR.
# The timeout is generous: sanitizer and valgrind builds are slow.
run_cases() {
  local dir=$1
  shift
  run "$RUNNER" --strict --timeout 300 --cases "$dir" \
    --verifier "$(printf '%q ' "$CONTRAST" evidence verify --json "$@")"
}

# copy_case REAL_NAME DEST_DIR: a copy of a real case whose name is the
# destination directory's name. REAL_NAME is an SNP case's name or a path
# below vectors/real/ ("tdx/NAME").
copy_case() {
  local from=$REAL_SNP/$1
  [[ "$1" != */* ]] || from=$SRC/vectors/real/$1
  rm -rf "$2"
  cp -R "$from" "$2"
  json_set "$2/case.json" name "\"$(basename "$2")\""
}

# hex_at FILE OFFSET LENGTH: the bytes as lowercase hex, read with od (no
# code shared with the verifier).
hex_at() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }

# u8_at FILE OFFSET: one byte as a decimal number.
u8_at() { od -An -tu1 -v -j "$2" -N 1 "$1" | tr -d ' \n'; }

# u32le_at FILE OFFSET: a little-endian u32 as a decimal number.
u32le_at() {
  local b
  read -r -a b <<<"$(od -An -tu1 -v -j "$2" -N 4 "$1")"
  echo $((b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24))
}

# u64le_at FILE OFFSET: a little-endian u64 (below 2^63) as a decimal number.
u64le_at() {
  local lo hi
  lo=$(u32le_at "$1" "$2")
  hi=$(u32le_at "$1" $(($2 + 4)))
  echo $((hi << 32 | lo))
}
