#!/usr/bin/env bash
# `contrast evidence show [--json] FILE` on real v2, v3 and v5 SNP reports
# (and a TDX v4 quote): the table and the JSON carry the fields, checked
# against the bytes themselves (read with od at the offsets of spec/snp.md
# §1.2 and spec/tdx.md); a truncated report fails naming the field and the
# offset.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# show_report CASE VERSION PRODUCT
show_report() {
  local name=$1 version=$2 product=$3
  local f=$REAL_SNP/$name/report.bin
  local rd ms hd chip
  rd=$(hex_at "$f" $((0x50)) 64)
  ms=$(hex_at "$f" $((0x90)) 48)
  hd=$(hex_at "$f" $((0xC0)) 32)
  chip=$(hex_at "$f" $((0x1A0)) 64)
  expect_eq "$name: VERSION from the bytes" "$(u32le_at "$f" 0)" "$version"

  run "$CONTRAST" evidence show "$f"
  expect_rc "$name: show" 0
  expect_empty "$name: show stderr" "$TMP/err"
  # The table is "key<spaces>value", the key padded to 34 columns.
  row() { printf '%-34s %s' "$1" "$2"; }
  expect_line "$name" "$TMP/out" "$(row tee 'snp (AMD SEV-SNP attestation report)')"
  expect_line "$name" "$TMP/out" "$(row version "$version")"
  expect_line "$name" "$TMP/out" "$(row report_data "$rd")"
  expect_line "$name" "$TMP/out" "$(row measurement "$ms")"
  expect_line "$name" "$TMP/out" "$(row host_data "$hd")"
  expect_line "$name" "$TMP/out" "$(row chip_id "$chip")"
  expect_line "$name" "$TMP/out" "$(row vmpl "$(u32le_at "$f" $((0x30)))")"
  expect_line "$name" "$TMP/out" "$(row guest_svn "$(u32le_at "$f" 4)")"
  if [ -n "$product" ]; then
    expect_line "$name" "$TMP/out" "$(row product "$product")"
  fi
  if [ "$version" -ge 3 ]; then
    expect_line "$name" "$TMP/out" "$(row cpuid_fam_id "$(u8_at "$f" $((0x188)))")"
    expect_line "$name" "$TMP/out" "$(row cpuid_mod_id "$(u8_at "$f" $((0x189)))")"
  fi
  if [ "$version" -ge 5 ]; then
    expect_line "$name" "$TMP/out" "$(row launch_mit_vector "$(u64le_at "$f" $((0x1F8)))")"
    expect_line "$name" "$TMP/out" "$(row current_mit_vector "$(u64le_at "$f" $((0x200)))")"
  else
    expect_no_line_matching "$name: no mitigation vector before v5" "$TMP/out" '_mit_vector '
  fi

  run "$CONTRAST" evidence show --json "$f"
  expect_rc "$name: show --json" 0
  cp "$TMP/out" "$TMP/show.json"
  expect_eq "$name: json tee" "$(json_get "$TMP/show.json" tee)" snp
  expect_eq "$name: json version" "$(json_get "$TMP/show.json" report.version)" "$version"
  expect_eq "$name: json report_data" "$(json_get "$TMP/show.json" report.report_data)" "$rd"
  expect_eq "$name: json measurement" "$(json_get "$TMP/show.json" report.measurement)" "$ms"
  expect_eq "$name: json host_data" "$(json_get "$TMP/show.json" report.host_data)" "$hd"
  expect_eq "$name: json chip_id" "$(json_get "$TMP/show.json" report.chip_id)" "$chip"
  expect_eq "$name: json is one line" "$(wc -l <"$TMP/show.json")" 1
}

show_report snp-milan-v2-idblock 2 ""
show_report snp-milan-v3-oak 3 Milan
show_report snp-genoa-v5-oak 5 Genoa
show_report snp-milan-vlek-vmpl1 3 Milan
expect_eq "snp-milan-vlek-vmpl1: VMPL from the bytes" \
  "$(u32le_at "$REAL_SNP/snp-milan-vlek-vmpl1/report.bin" $((0x30)))" 1

# A TDX v4 quote: the 48-byte header, then the TD report body (spec/tdx.md):
# MRSEAM at body+16, MRTD at body+136, RTMR0 at body+328, REPORT_DATA at
# body+520.
Q=$SRC/vectors/real/tdx/tdx-v4-gcp-cos-uptodate/quote.bin
if [ -f "$Q" ]; then
  row() { printf '%-34s %s' "$1" "$2"; }
  run "$CONTRAST" evidence show "$Q"
  expect_rc "tdx quote: show" 0
  expect_line "tdx quote" "$TMP/out" "$(row tee 'tdx (Intel TDX DCAP quote)')"
  expect_line "tdx quote" "$TMP/out" "$(row version "$(od -An -tu2 -v -N 2 "$Q" | tr -d ' ')")"
  expect_line "tdx quote" "$TMP/out" "$(row mr_seam "$(hex_at "$Q" $((48 + 16)) 48)")"
  expect_line "tdx quote" "$TMP/out" "$(row mr_td "$(hex_at "$Q" $((48 + 136)) 48)")"
  expect_line "tdx quote" "$TMP/out" "$(row rtmr0 "$(hex_at "$Q" $((48 + 328)) 48)")"
  expect_line "tdx quote" "$TMP/out" "$(row report_data "$(hex_at "$Q" $((48 + 520)) 64)")"
  run "$CONTRAST" evidence show --json "$Q"
  expect_rc "tdx quote: show --json" 0
  cp "$TMP/out" "$TMP/show.json"
  expect_eq "tdx quote: json tee" "$(json_get "$TMP/show.json" tee)" tdx
  expect_eq "tdx quote: json mr_td" "$(json_get "$TMP/show.json" quote.mr_td)" \
    "$(hex_at "$Q" $((48 + 136)) 48)"
  head -c 100 "$Q" >"$TMP/cut.bin"
  run "$CONTRAST" evidence show "$TMP/cut.bin"
  expect_rc "tdx quote cut to 100 bytes" 1
  expect_eq "tdx quote cut to 100 bytes: stderr" "$(cat "$TMP/err")" \
    "contrast: MALFORMED: quote: truncated at MRSEAM (offset 0x040): need 48 bytes, 36 remain"
fi

# Truncated reports: exit 1, nothing on stdout, the field and offset named.
truncated() {
  local len=$1 want=$2
  head -c "$len" "$REAL_SNP/snp-milan-v3-oak/report.bin" >"$TMP/cut.bin"
  for form in "" --json; do
    run "$CONTRAST" evidence show $form "$TMP/cut.bin"
    expect_rc "show $form on $len bytes" 1
    expect_empty "show $form on $len bytes: stdout" "$TMP/out"
    expect_eq "show $form on $len bytes: stderr" "$(cat "$TMP/err")" "$want"
  done
}
truncated 672 "contrast: MALFORMED: report: truncated in SIGNATURE (offset 0x2a0): 672 bytes, expected 1184"
truncated 100 "contrast: MALFORMED: report: truncated in REPORT_DATA (offset 0x064): 100 bytes, expected 1184"
truncated 0 "contrast: MALFORMED: report: truncated in VERSION (offset 0x000): 0 bytes, expected 1184"

run "$CONTRAST" evidence show "$TMP/no-such-file"
expect_rc "show on a missing file" 2
run "$CONTRAST" evidence show
expect_rc "show without a file" 2
expect_eq "show without a file: stderr" "$(cat "$TMP/err")" \
  "usage: contrast evidence show [--json] FILE"

finish
