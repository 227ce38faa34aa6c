#!/usr/bin/env bash
# The whole path of issue 5: attester -> simulated device -> evidence ->
# endorsements from the simulated KDS/PCS -> verify, accepted with the
# REPORT_DATA asked for. SNP through the FUSE configfs-tsm and through the
# /dev/sev-guest preload library (VCEK and VLEK), TDX through configfs-tsm.
# FUSE parts need /dev/fuse (skipped without it); the preload parts need
# CONTRAST_SIM_PRELOAD (not set in sanitizer builds: ASan must come first).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/lib_servers.sh"

HAVE_FUSE=0
[ -e /dev/fuse ] && HAVE_FUSE=1
PRELOAD=${CONTRAST_SIM_PRELOAD:-}
if [ "$HAVE_FUSE" = 0 ] && [ -z "$PRELOAD" ]; then
  echo "no /dev/fuse and no preload library: nothing to run"
  exit 77
fi

K=$TMP/keys
"$SIM" keys init "$K" >/dev/null
RD=$(printf '%02x' $(seq 1 64))

start_server kds kds --keys "$K"
KDS=$URL
start_server pcs pcs --keys "$K"
PCS=$URL

# start_tsm NAME TEE [OPTIONS]: mount a simulated configfs-tsm at
# $TMP/NAME; sets TSM_PID.
start_tsm() {
  local name=$1 tee=$2
  shift 2
  mkdir -p "$TMP/$name"
  : >"$TMP/$name.out"
  "$SIM" tsm --keys "$K" --tee "$tee" --mount "$TMP/$name" "$@" \
    >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null &
  TSM_PID=$!
  PIDS+=("$TSM_PID")
  MOUNTS+=("$TMP/$name")
  local m
  m=$(wait_ready "$name" "$TSM_PID")
  expect_eq "$name: ready line" "$m" "$TMP/$name"
}

# verify_snp LABEL REPORT [ARGS]: --fetch from the KDS, accept with RD
verify_snp() {
  local label=$1 r=$2
  shift 2
  run "$CONTRAST" evidence verify --snp "$r" --fetch --kds-url "$KDS" \
    --trust-sim "$K/roots" --cache-dir "$TMP/cache" --json "$@"
  expect_rc "$label" 0
  expect_verdict "$label" accept
  expect_eq "$label: report_data" "$(json_get "$TMP/out" claims.report_data)" "$RD"
}

if [ "$HAVE_FUSE" = 1 ]; then
  # SNP, VCEK, configfs-tsm: the acceptance commands of issue 5
  start_tsm tsm-snp snp
  CONTRAST_TSM_PATH=$TMP/tsm-snp run "$CONTRAST" evidence fetch --tee snp \
    --report-data "$RD" -o "$TMP/r.bin" --endorsements "$TMP/e"
  expect_rc "fetch via configfs-tsm" 0
  expect_stderr "fetch via configfs-tsm" "configfs-tsm"
  expect_eq "report size" "$(stat -c %s "$TMP/r.bin")" 1184
  verify_snp "tsm + kds (VCEK)" "$TMP/r.bin"
  # the certificates from the auxblob verify without the KDS too
  run "$CONTRAST" evidence verify --snp "$TMP/r.bin" --vcek "$TMP/e/vcek.der" \
    --cert-chain "$TMP/e/cert_chain.pem" --trust-sim "$K/roots" --json
  expect_verdict "tsm, certificates from the auxblob" accept
  # no entry is left behind
  expect_eq "entries removed" "$(ls -A "$TMP/tsm-snp" | wc -l)" 0
  stop "$TSM_PID"

  # SNP, VLEK, configfs-tsm: the VLEK comes from the auxblob
  start_tsm tsm-vlek snp --signer vlek
  CONTRAST_TSM_PATH=$TMP/tsm-vlek run "$CONTRAST" evidence fetch --tee snp \
    --report-data "$RD" -o "$TMP/rv.bin" --endorsements "$TMP/ev"
  expect_rc "fetch VLEK report via configfs-tsm" 0
  verify_snp "tsm + kds (VLEK)" "$TMP/rv.bin" --vlek "$TMP/ev/vlek.der"
  stop "$TSM_PID"

  # TDX, configfs-tsm + PCS
  start_tsm tsm-tdx tdx
  CONTRAST_TSM_PATH=$TMP/tsm-tdx run "$CONTRAST" evidence fetch --tee tdx \
    --report-data "$RD" -o "$TMP/q.bin"
  expect_rc "fetch TDX quote via configfs-tsm" 0
  run "$CONTRAST" evidence verify --tdx "$TMP/q.bin" --fetch --pcs-url "$PCS" \
    --trust-sim "$K/roots" --cache-dir "$TMP/cache" --json
  expect_verdict "tsm + pcs (TDX)" accept
  expect_eq "tsm + pcs: report_data" "$(json_get "$TMP/out" claims.report_data)" "$RD"
  expect_eq "tsm + pcs: tcb_status" "$(json_get "$TMP/out" tcb_status)" UpToDate
  stop "$TSM_PID"
else
  echo "skipping the configfs-tsm parts: no /dev/fuse"
fi

if [ -n "$PRELOAD" ]; then
  # SNP through the /dev/sev-guest preload library (no configfs-tsm)
  for signer in vcek vlek; do
    LD_PRELOAD=$PRELOAD CONTRAST_SIM_KEYS=$K \
      CONTRAST_SEV_GUEST_DEVICE=$TMP/sev-guest \
      CONTRAST_TSM_PATH=$TMP/no-configfs-tsm \
      CONTRAST_SIM_GUEST_ARGS="--signer $signer" \
      run "$CONTRAST" evidence fetch --tee snp --report-data "$RD" \
      -o "$TMP/p-$signer.bin" --endorsements "$TMP/p-$signer"
    expect_rc "fetch via the sev-guest ioctl ($signer)" 0
    extra=()
    [ "$signer" = vlek ] && extra=(--vlek "$TMP/p-vlek/vlek.der")
    verify_snp "ioctl + kds ($signer)" "$TMP/p-$signer.bin" "${extra[@]}"
  done
else
  echo "skipping the preload parts: no CONTRAST_SIM_PRELOAD (sanitizer build)"
fi

finish
