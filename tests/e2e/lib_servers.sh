# Shared by the e2e tests that run the simulator's servers and devices
# (sourced after lib.sh). Needs CONTRAST_SIM_BIN (the contrast-sim binary)
# in the environment, set by CTest, as the device tests (guest_lib.sh) do.
SIM=${CONTRAST_SIM_BIN:?CONTRAST_SIM_BIN is not set}
[ -x "$SIM" ] || { echo "$0: $SIM is not executable" >&2; exit 2; }

PIDS=()
MOUNTS=()
cleanup_servers() {
  local p m
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  for m in "${MOUNTS[@]}"; do
    if grep -qsF " $m " /proc/mounts; then
      fusermount3 -u "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    fi
  done
  rm -rf "$TMP"
}
trap cleanup_servers EXIT

# wait_ready NAME PID: wait (up to 30 s) for the line "ready X" on the
# process's stdout ($TMP/NAME.out); prints X.
wait_ready() {
  local name=$1 pid=$2 i
  for i in $(seq 1 300); do
    if grep -q '^ready ' "$TMP/$name.out" 2>/dev/null; then
      sed -n 's/^ready //p' "$TMP/$name.out" | head -n 1
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not become ready: $(head -c 500 "$TMP/$name.err")" >&2
  return 1
}

# start_server NAME ARGS...: `contrast-sim ARGS... --listen 127.0.0.1:0
# --log $TMP/NAME.log` in the background; sets URL and SERVER_PID.
start_server() {
  local name=$1
  shift
  : >"$TMP/$name.log"
  : >"$TMP/$name.out"
  "$SIM" "$@" --listen 127.0.0.1:0 --log "$TMP/$name.log" \
    >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  URL=$(wait_ready "$name" "$SERVER_PID")
}

# stop PID: stop a background process and wait for it.
stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# requests NAME REGEX: how many logged requests of server NAME match.
requests() { grep -cE -- "$2" "$TMP/$1.log" || true; }

# now_rfc3339: the current UTC time as CASES.md writes it.
now_rfc3339() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# expect_verdict LABEL VERDICT [REASON]: the last run printed this verdict
# (and reason) as JSON on stdout.
expect_verdict() {
  local v r
  v=$(json_get "$TMP/out" verdict 2>/dev/null || echo "?")
  r=$(json_get "$TMP/out" reason 2>/dev/null || echo "?")
  if [ "$v" = "$2" ] && { [ $# -lt 3 ] || [ "$r" = "$3" ]; }; then
    pass "$1: $v${3:+ $3}"
  else
    fail "$1: got '$v' '$r', want '$2' '${3:-}'; detail: $(json_get "$TMP/out" detail 2>/dev/null | head -c 300); stderr: $(head -c 400 "$TMP/err")"
  fi
}

# expect_stderr LABEL TEXT: the last run's stderr contains TEXT.
expect_stderr() {
  if grep -qF -- "$2" "$TMP/err"; then
    pass "$1: stderr has '$2'"
  else
    fail "$1: stderr lacks '$2': $(head -c 400 "$TMP/err")"
  fi
}
