#!/usr/bin/env bash
# contrast-json-tool, the JSON helper the shell tests read and edit cases
# with: --get, --set and --del on dotted paths, and their failures.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

mkdir "$TMP/empty"
json_set "$TMP/empty/x.json" a 1 2>/dev/null && fail "--set on a missing file succeeded" ||
  pass "--set on a missing file fails"
echo '{"a": {"b": "c"}, "n": [1, 2]}' >"$TMP/x.json"
expect_eq "--get string" "$(json_get "$TMP/x.json" a.b)" "c"
expect_eq "--get array" "$(json_get "$TMP/x.json" n)" "[1,2]"
expect_eq "--get from stdin" "$(json_get - a <"$TMP/x.json")" '{"b":"c"}'
run "$JSON_TOOL" --get "$TMP/x.json" a.z
expect_rc "--get absent key" 1
json_set "$TMP/x.json" a.d.e true
expect_eq "--set nested" "$(json_get "$TMP/x.json" a.d)" '{"e":true}'
json_del "$TMP/x.json" a.b
run "$JSON_TOOL" --get "$TMP/x.json" a.b
expect_rc "--del" 1
run "$JSON_TOOL" --del "$TMP/x.json" a.b
expect_rc "--del absent key" 1
run "$JSON_TOOL" --set "$TMP/x.json" a '{not json'
expect_rc "--set with bad JSON" 2
run "$JSON_TOOL" --frobnicate "$TMP/x.json" a
expect_rc "unknown operation" 2

finish
