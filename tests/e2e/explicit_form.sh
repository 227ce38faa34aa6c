#!/usr/bin/env bash
# The explicit forms
#   contrast evidence verify --snp REPORT (--vcek F | --vlek F) [--cert-chain F]
#                            [--crl F] [--policy F] --now T --json
#   contrast evidence verify --tdx QUOTE --collateral DIR [--policy F] --now T --json
# give the same answer (stdout byte for byte, exit status) as the case form
# for every real case, and that answer is the case's "expect".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# explicit_args CASE_DIR: fills ARGS with the explicit form of the case.
explicit_args() {
  local d=$1 f
  local tee
  tee=$(json_get "$d/case.json" tee)
  ARGS=(--"$tee" "$d/$(json_get "$d/case.json" evidence)"
        --now "$(json_get "$d/case.json" now)")
  if [ "$tee" = snp ]; then
    for k in vcek vlek cert_chain crl; do
      if f=$(json_get "$d/case.json" "endorsements.$k" 2>/dev/null); then
        ARGS+=("--${k/_/-}" "$d/$f")
      fi
    done
  else
    # --collateral takes a directory with the CASES.md key names as files.
    rm -rf "$TMP/collateral"
    mkdir "$TMP/collateral"
    for k in tcb_info:json tcb_info_issuer_chain:pem qe_identity:json \
             qe_identity_issuer_chain:pem pck_crl:der pck_crl_issuer_chain:pem \
             root_ca_crl:der; do
      if f=$(json_get "$d/case.json" "collateral.${k%:*}" 2>/dev/null); then
        cp "$d/$f" "$TMP/collateral/${k%:*}.${k#*:}"
      fi
    done
    ARGS+=(--collateral "$TMP/collateral")
  fi
  if json_get "$d/case.json" policy >"$TMP/policy.json" 2>/dev/null; then
    ARGS+=(--policy "$TMP/policy.json")
  fi
}

n=0
for d in "$REAL_SNP"/*/ "$SRC"/vectors/real/tdx/*/; do
  d=${d%/}
  [ -f "$d/case.json" ] || continue
  name=$(basename "$d")
  n=$((n + 1))
  explicit_args "$d"

  run "$CONTRAST" evidence verify --json "$d"
  case_rc=$RC
  cp "$TMP/out" "$TMP/case.out"
  run "$CONTRAST" evidence verify "${ARGS[@]}" --json
  expect_rc "$name: explicit form" "$case_rc"
  expect_empty "$name: explicit form stderr" "$TMP/err"
  if cmp -s "$TMP/out" "$TMP/case.out"; then
    pass "$name: same JSON as the case form"
  else
    fail "$name: JSON differs: explicit $(head -c 300 "$TMP/out") / case $(head -c 300 "$TMP/case.out")"
  fi
  want="$(json_get "$d/case.json" expect.verdict) $(json_get "$d/case.json" expect.reason 2>/dev/null || echo null)"
  got="$(json_get "$TMP/out" verdict) $(json_get "$TMP/out" reason)"
  if want_tcb=$(json_get "$d/case.json" expect.tcb_status 2>/dev/null); then
    expect_eq "$name: tcb_status" "$(json_get "$TMP/out" tcb_status)" "$want_tcb"
  fi
  expect_eq "$name: verdict and reason" "$got" "$want"
  expect_eq "$name: exit status" "$RC" "$([ "${want%% *}" = accept ] && echo 0 || echo 1)"

  # Without --json: one line, same exit status.
  run "$CONTRAST" evidence verify "${ARGS[@]}"
  expect_rc "$name: explicit form, human output" "$case_rc"
  if [ "${want%% *}" = accept ]; then
    expect_eq "$name: human output" "$(cut -d: -f1 "$TMP/out")" "accept"
  else
    expect_eq "$name: human output" "$(cut -d: -f1 "$TMP/out")" "reject ${want#* }"
  fi
done
expect_eq "real cases compared ($n)" "$([ "$n" -gt 0 ] && echo yes)" yes

# Without --now the wall clock is the verification time: the VCEK of
# snp-derived-vcek-expired is valid until 2030-01-24T17:58:26Z.
D=$REAL_SNP/snp-derived-vcek-expired
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
run faketime "2030-03-01 00:00:00" "$CONTRAST" evidence verify --json \
  --snp "$D/report.bin" --vcek "$D/vcek.der"
expect_rc "no --now, clock at 2030-03-01" 1
expect_eq "no --now, clock at 2030-03-01: reason" "$(json_get "$TMP/out" reason)" EXPIRED
run faketime "2024-05-01 00:00:00" "$CONTRAST" evidence verify --json \
  --snp "$D/report.bin" --vcek "$D/vcek.der"
expect_rc "no --now, clock at 2024-05-01" 0

# Usage errors of the explicit form are exit 2, not a verdict.
V3=$REAL_SNP/snp-milan-v3-oak
usage_error() {
  local label=$1 want=$2
  shift 2
  run "$CONTRAST" evidence verify "$@"
  expect_rc "$label" 2
  expect_empty "$label: stdout" "$TMP/out"
  expect_eq "$label: stderr" "$(cat "$TMP/err")" "$want"
}
usage_error "both --vcek and --vlek" "contrast: give --vcek or --vlek, not both" \
  --snp "$V3/report.bin" --vcek "$V3/vcek.der" --vlek "$V3/vcek.der" --now 2025-09-01T00:00:00Z
usage_error "case directory and --snp" \
  "contrast: evidence verify needs exactly one of CASE_DIR, --snp REPORT or --tdx QUOTE" \
  --snp "$V3/report.bin" --vcek "$V3/vcek.der" "$V3"
usage_error "--now without a value" "contrast: --now needs a value" \
  --snp "$V3/report.bin" --vcek "$V3/vcek.der" --now
usage_error "unknown option" "contrast: unknown option --colour" \
  --snp "$V3/report.bin" --colour blue
run "$CONTRAST" evidence verify --snp "$V3/report.bin" --vcek "$V3/vcek.der" \
  --now yesterday --json
expect_rc "bad --now" 2
expect_empty "bad --now: stdout" "$TMP/out"
run "$CONTRAST" evidence verify --snp "$TMP/no-such-report" --vcek "$V3/vcek.der" \
  --now 2025-09-01T00:00:00Z --json
expect_rc "missing report file" 2

finish
