# Shared by the simulated-guest e2e tests (sourced after lib.sh):
# `contrast evidence fetch` against the simulator's configfs-tsm (FUSE,
# `contrast-sim tsm`) and /dev/sev-guest (the LD_PRELOAD library), then
# `contrast evidence verify` of what it wrote.
#
# CMake passes the simulator and the preload library in the environment:
#   CONTRAST_SIM_BIN       the contrast-sim binary
#   CONTRAST_SIM_PRELOAD   libcontrast-sim-sevguest.so (preload tests only)

SIM=${CONTRAST_SIM_BIN:?CONTRAST_SIM_BIN is not set}
[ -x "$SIM" ] || { echo "$0: $SIM is not executable" >&2; exit 2; }

# Verification time of every check: the devices serve live evidence (a
# VLEK is kept current by the device), judged at the wall clock.
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# Never reach a real device of the machine the tests run on.
export CONTRAST_SEV_GUEST_DEVICE=$TMP/no-sev-guest
export CONTRAST_TDX_GUEST_DEVICE=$TMP/no-tdx-guest
export CONTRAST_TSM_PATH=$TMP/no-tsm
unset LD_PRELOAD CONTRAST_SIM_KEYS CONTRAST_SIM_GUEST_ARGS \
  CONTRAST_SIM_SEVGUEST_FAULT || true

MNT=$TMP/tsm
TSM_PID=

# need_fuse: skip (77) when the machine has no /dev/fuse.
need_fuse() {
  if [ ! -e /dev/fuse ]; then
    echo "SKIP: no /dev/fuse"
    exit 77
  fi
}

# make_keys: one simulated PKI for the whole script (RSA-4096: seconds).
make_keys() {
  KEYS=$TMP/keys
  "$SIM" keys init "$KEYS" >/dev/null
}

# stop_tsm: SIGTERM the simulator (it unmounts and exits 0); a mount left
# behind is lazily unmounted.
stop_tsm() {
  TSM_RC=0
  if [ -n "$TSM_PID" ]; then
    kill -TERM "$TSM_PID" 2>/dev/null || true
    set +e
    wait "$TSM_PID"
    TSM_RC=$?
    set -e
    TSM_PID=
  fi
  if grep -qF " $MNT " /proc/mounts 2>/dev/null; then
    fusermount3 -u -z "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true
  fi
}

cleanup() {
  stop_tsm
  rm -rf "$TMP"
}
trap cleanup EXIT

# start_tsm ARGS...: `contrast-sim tsm --keys KEYS --mount MNT ARGS...` in
# the background; waits for its "ready MNT" line (fails the script if it
# never comes).
start_tsm() {
  stop_tsm
  "$SIM" tsm --keys "$KEYS" --mount "$MNT" "$@" >"$TMP/tsm.out" 2>"$TMP/tsm.err" &
  TSM_PID=$!
  local i
  for i in $(seq 200); do
    if grep -qxF "ready $MNT" "$TMP/tsm.out"; then
      return 0
    fi
    if ! kill -0 "$TSM_PID" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "FAIL contrast-sim tsm $* did not get ready: $(cat "$TMP/tsm.err")"
  exit 1
}

# expect_stopped_clean LABEL: stop the simulator, require exit 0 and no
# mount left.
expect_stopped_clean() {
  stop_tsm
  expect_eq "$1: contrast-sim tsm exit status after SIGTERM" "$TSM_RC" 0
  [ "$TSM_RC" = 0 ] || echo "  contrast-sim tsm stderr: $(head -c 3000 "$TMP/tsm.err")"
  if grep -qF " $MNT " /proc/mounts; then
    fail "$1: $MNT still mounted"
  else
    pass "$1: unmounted"
  fi
}

# expect_err_has LABEL TEXT: the last run's stderr contains TEXT.
expect_err_has() {
  if grep -qF -- "$2" "$TMP/err"; then
    pass "$1: stderr mentions '$2'"
  else
    fail "$1: stderr lacks '$2': $(head -c 400 "$TMP/err")"
  fi
}

# rd_hex N: a 64-byte REPORT_DATA as 128 hex digits, different per N.
rd_hex() {
  local i out=""
  for i in $(seq 0 63); do
    out+=$(printf '%02x' $(((i * 7 + $1 * 31 + 5) % 256)))
  done
  echo "$out"
}

# expect_snp_accept LABEL REPORT VEK_FLAG VEK_FILE CHAIN RD: the report
# verifies against the simulator's roots and carries REPORT_DATA RD.
expect_snp_accept() {
  run "$CONTRAST" evidence verify --snp "$2" "$3" "$4" --cert-chain "$5" \
    --trust-sim "$KEYS/roots" --now "$NOW" --json
  expect_rc "$1: verify" 0
  cp "$TMP/out" "$TMP/verify.json"
  expect_eq "$1: verdict" "$(json_get "$TMP/verify.json" verdict)" accept
  expect_eq "$1: claims.report_data" \
    "$(json_get "$TMP/verify.json" claims.report_data)" "$6"
}
