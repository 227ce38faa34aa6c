#!/usr/bin/env bash
# The simulated KDS and PCS over the network: `contrast-sim kds|pcs` on
# loopback ports they pick themselves (--listen 127.0.0.1:0, the URL read
# from the `ready` line), fetched with http-get (libcurl). Checks the URL
# layouts, bodies against the keys directory, headers, CRL dates and
# signatures, every fault kind, --stale-crl, --crl-lifetime re-signing,
# HTTPS with `contrast-sim tls init`, the request log and a clean exit 0
# on SIGTERM.
#
# usage: sim_servers.sh CONTRAST_SIM HTTP_GET JSON_TOOL DER_INFO
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 CONTRAST_SIM HTTP_GET JSON_TOOL DER_INFO" >&2
  exit 2
fi
SIM=$1
GET=$2
JSON=$3
DER=$4
for f in "$SIM" "$GET" "$JSON" "$DER"; do
  [ -x "$f" ] || { echo "$0: $f is not executable" >&2; exit 2; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/contrast-simsrv.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
# no proxy for loopback, whatever the environment says
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

CHECKS=0
FAILS=0
pass() { CHECKS=$((CHECKS + 1)); echo "ok   $*"; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL $*"; }
check() { # LABEL CONDITION...: pass when the command succeeds
  local label=$1
  shift
  if "$@"; then pass "$label"; else fail "$label"; fi
}

# start_server NAME ARGS...: contrast-sim ARGS --log $TMP/NAME.log, waiting
# up to 60 s for the ready line; sets URL and PID. LISTEN overrides the
# address.
start_server() {
  local name=$1
  shift
  "$SIM" "$@" --listen "${LISTEN:-127.0.0.1:0}" --log "$TMP/$name.log" \
    >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null &
  PID=$!
  PIDS+=("$PID")
  URL=
  local i
  for i in $(seq 1 600); do
    if grep -q '^ready ' "$TMP/$name.out" 2>/dev/null; then
      URL=$(sed -n 's/^ready //p' "$TMP/$name.out")
      return 0
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "server $name did not get ready: $(head -c 400 "$TMP/$name.err")" >&2
  return 1
}

# stop_server NAME: SIGTERM, and the server exits 0.
stop_server() {
  local rc=0 p keep=()
  kill -TERM "$PID"
  wait "$PID" || rc=$?
  for p in "${PIDS[@]}"; do
    [ "$p" = "$PID" ] || keep+=("$p")
  done
  PIDS=("${keep[@]}")
  if [ "$rc" -eq 0 ]; then
    pass "$1: exit 0 on SIGTERM"
  else
    fail "$1: exit $rc on SIGTERM; stderr: $(tail -c 400 "$TMP/$1.err")"
  fi
}

# get PATH [http-get options]: ST = HTTP status, GRC = http-get's exit
# status, the body in $TMP/body, the headers in $TMP/hdr.
get() {
  local path=$1
  shift
  set +e
  ST=$("$GET" --header-out "$TMP/hdr" --out "$TMP/body" "$@" "$URL$path" \
    2>"$TMP/geterr")
  GRC=$?
  set -e
  ST=${ST#status }
}

# header NAME: the value of a response header of the last get.
header() {
  tr -d '\r' <"$TMP/hdr" | sed -n "s/^$1: //Ip" | head -n 1
}

expect_get() { # LABEL STATUS CONTENT-TYPE
  if [ "$GRC" -eq 0 ] && [ "$ST" = "$2" ] &&
    { [ -z "$3" ] || [ "$(header Content-Type)" = "$3" ]; }; then
    pass "$1: $ST ${3:-}"
  else
    fail "$1: status $ST, http-get exit $GRC, Content-Type '$(header Content-Type)', want $2 ${3:-}; $(head -c 200 "$TMP/geterr")"
  fi
}

# pem_der FILE: the DER of the first PEM block of FILE on stdout.
pem_der() {
  sed -n '/-----BEGIN/,/-----END/{/-----/d;p}' "$1" |
    awk '/^$/{exit} {print}' | base64 -d
}

# der_ok cert|crl FILE: one DER object of that kind.
der_ok() { "$DER" "$1" "$2" >/dev/null; }

# crl_field FILE FIELD [ISSUER]: one field of contrast-der-info crl.
crl_field() {
  "$DER" crl "$1" ${3:+"$3"} | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# pct_decode: percent-decoding of stdin (bash printf %b of \xHH).
pct_decode() {
  local v
  v=$(cat)
  printf '%b' "${v//%/\\x}"
}

echo "== keys"
K=$TMP/keys
"$SIM" keys init "$K" >/dev/null
check "keys init" test -f "$K/amd/milan/cert_chain.pem"

# ---------------------------------------------------------------- KDS ----
echo "== kds"
start_server kds kds --keys "$K"
check "kds: one ready line" test "$(wc -l <"$TMP/kds.out")" -eq 1
if [[ "$URL" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && [ "${URL##*:}" -ne 0 ]; then
  pass "kds: ready line $URL"
else
  fail "kds: ready line '$URL'"
fi
NREQ=0

for P in Milan Genoa Turin; do
  pd=$(echo "$P" | tr 'A-Z' 'a-z')
  get "/vcek/v1/$P/cert_chain"
  NREQ=$((NREQ + 1))
  expect_get "kds: $P cert_chain" 200 application/x-pem-file
  check "kds: $P cert_chain is the keys dir's ASK+ARK" \
    cmp -s "$TMP/body" "$K/amd/$pd/cert_chain.pem"
  check "kds: $P cert_chain holds two certificates" \
    test "$(grep -c 'BEGIN CERTIFICATE' "$TMP/body")" -eq 2
  get "/vlek/v1/$P/cert_chain"
  NREQ=$((NREQ + 1))
  expect_get "kds: $P vlek cert_chain" 200 application/x-pem-file
  check "kds: $P vlek cert_chain is ASVK+ARK" \
    cmp -s "$TMP/body" "$K/amd/$pd/vlek_cert_chain.pem"

  # the VCEK of the first chip at the TCB keys init issued it for
  chip=$(head -n 1 "$K/amd/$pd/chips")
  [ "$P" = Turin ] && chip=${chip:0:16}
  vfile=$(ls "$K/amd/$pd/vcek/$chip/"*.pem | head -n 1)
  tcb=$(basename "$vfile" .pem)
  # TCB_VERSION as a little-endian u64 printed as 16 hex digits: byte i is
  # the two digits at 14-2i (snp.md §1.8)
  b() { echo $((16#${tcb:$((14 - 2 * $1)):2})); }
  if [ "$P" = Turin ]; then
    q="fmcSPL=$(b 0)&blSPL=$(b 1)&teeSPL=$(b 2)&snpSPL=$(b 3)&ucodeSPL=$(b 7)"
  else
    q="ucodeSPL=$(b 7)&snpSPL=$(b 6)&teeSPL=$(b 1)&blSPL=$(b 0)"
  fi
  get "/vcek/v1/$P/$chip?$q"
  NREQ=$((NREQ + 1))
  expect_get "kds: $P VCEK" 200 application/pkix-cert
  check "kds: $P VCEK parses as one DER certificate" \
    der_ok cert "$TMP/body"
  pem_der "$vfile" >"$TMP/want.der"
  check "kds: $P VCEK is the keys dir's stored VCEK" \
    cmp -s "$TMP/body" "$TMP/want.der"
  get "/vcek/v1/$P/$(echo "$chip" | tr 'a-f' 'A-F')?$q"
  NREQ=$((NREQ + 1))
  expect_get "kds: $P VCEK by upper-case hwid" 200 application/pkix-cert
  check "kds: $P VCEK by upper-case hwid is the same" \
    cmp -s "$TMP/body" "$TMP/want.der"

  for kind in vcek vlek; do
    get "/$kind/v1/$P/crl"
    NREQ=$((NREQ + 1))
    expect_get "kds: $P $kind crl" 200 application/pkix-crl
    now=$(date +%s)
    tu=$(crl_field "$TMP/body" thisUpdate)
    nu=$(crl_field "$TMP/body" nextUpdate)
    sig=$(crl_field "$TMP/body" signature "$K/amd/$pd/ark.pem")
    rev=$(crl_field "$TMP/body" revoked)
    if [ "$sig" = ok ] && [ "$rev" -eq 0 ] && [ "$tu" -le $((now - 3500)) ] &&
      [ "$nu" -gt $((now + 604800 - 300)) ] && [ "$nu" -le $((now + 604800)) ]; then
      pass "kds: $P $kind crl signed by the ARK, valid now for 7 days"
    else
      fail "kds: $P $kind crl: signature=$sig revoked=$rev thisUpdate=$tu nextUpdate=$nu now=$now"
    fi
  done
done

hw=$(head -n 1 "$K/amd/milan/chips")
get "/vcek/v1/Milan/$hw?blSPL=1&teeSPL=1&snpSPL=1"
NREQ=$((NREQ + 1))
expect_get "kds: VCEK with a parameter missing" 400 ""
get "/vcek/v1/Milan/$hw?blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1&fmcSPL=1"
NREQ=$((NREQ + 1))
expect_get "kds: Milan VCEK with fmcSPL" 400 ""
get "/vcek/v1/Milan/$hw?blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=256"
NREQ=$((NREQ + 1))
expect_get "kds: VCEK with an SPL above 255" 400 ""
get "/vcek/v1/Milan/$(printf '%0128d' 7)?blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1"
NREQ=$((NREQ + 1))
expect_get "kds: VCEK of an unknown chip" 404 ""
get "/vlek/v1/Milan/cert?blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1"
NREQ=$((NREQ + 1))
expect_get "kds: VLEK (CSP only)" 403 ""
get "/vcek/v1/Bergamo/cert_chain"
NREQ=$((NREQ + 1))
expect_get "kds: unknown product" 404 ""
get "/nothing/here"
NREQ=$((NREQ + 1))
expect_get "kds: unknown path" 404 ""
get "/vcek/v1/Milan/cert_chain" --method POST
NREQ=$((NREQ + 1))
expect_get "kds: POST" 405 ""

stop_server kds
check "kds: one log line per request ($NREQ)" \
  test "$(grep -c '^kds GET \|^kds POST ' "$TMP/kds.log")" -eq "$NREQ"
check "kds: log line format" \
  grep -q '^kds GET /vcek/v1/Milan/cert_chain -> 200$' "$TMP/kds.log"
check "kds: POST logged with its status" \
  grep -q '^kds POST /vcek/v1/Milan/cert_chain -> 405$' "$TMP/kds.log"
check "kds: the log is also on stderr" \
  grep -q '^kds GET /nothing/here -> 404$' "$TMP/kds.err"

echo "== kds --crl-lifetime: an expired CRL is signed again"
start_server kds-life kds --keys "$K" --crl-lifetime 2
get /vcek/v1/Milan/crl
expect_get "kds-life: crl" 200 application/pkix-crl
nu1=$(crl_field "$TMP/body" nextUpdate)
now=$(date +%s)
check "kds-life: nextUpdate is startup + 2 s" test "$nu1" -le $((now + 2))
sleep $((nu1 - $(date +%s) + 1))
get /vcek/v1/Milan/crl
expect_get "kds-life: crl after expiry" 200 application/pkix-crl
nu2=$(crl_field "$TMP/body" nextUpdate)
now=$(date +%s)
if [ "$nu2" -gt "$nu1" ] && [ "$nu2" -gt "$now" ] &&
  [ "$(crl_field "$TMP/body" signature "$K/amd/milan/ark.pem")" = ok ]; then
  pass "kds-life: re-signed CRL valid again (nextUpdate $nu1 -> $nu2)"
else
  fail "kds-life: nextUpdate $nu1 -> $nu2 at $now"
fi
stop_server kds-life

echo "== kds --stale-crl"
start_server kds-stale kds --keys "$K" --stale-crl
get /vlek/v1/Genoa/crl
expect_get "kds-stale: crl" 200 application/pkix-crl
now=$(date +%s)
nu=$(crl_field "$TMP/body" nextUpdate)
tu=$(crl_field "$TMP/body" thisUpdate)
if [ "$nu" -le $((now - 86400 + 60)) ] && [ "$nu" -ge $((now - 86400 - 60)) ] &&
  [ "$tu" -le $((now - 8 * 86400 + 60)) ]; then
  pass "kds-stale: CRL expired a day ago"
else
  fail "kds-stale: thisUpdate=$tu nextUpdate=$nu now=$now"
fi
stop_server kds-stale

echo "== faults"
start_server kds-fault kds --keys "$K" --retry-after 7 \
  --fault 404:1@/vcek/v1/Milan/cert_chain \
  --fault 429:1@/vcek/v1/Genoa \
  --fault 500:1@/vcek/v1/Turin/cert_chain \
  --fault 503:1@/vcek/v1/Turin/cert_chain \
  --fault truncate:1@/vcek/v1/Milan/crl \
  --fault content-type:1@/vlek/
get /vcek/v1/Milan/cert_chain
expect_get "fault 404" 404 ""
get /vcek/v1/Milan/cert_chain
expect_get "fault 404: only once" 200 application/x-pem-file
get /vcek/v1/Genoa/cert_chain
expect_get "fault 429" 429 ""
check "fault 429: Retry-After: 7" test "$(header Retry-After)" = 7
get /vcek/v1/Genoa/cert_chain
expect_get "fault 429: only once" 200 application/x-pem-file
get /vcek/v1/Turin/cert_chain
expect_get "fault 500" 500 ""
get /vcek/v1/Turin/cert_chain
expect_get "fault 503 after the 500" 503 ""
get /vcek/v1/Turin/cert_chain
expect_get "faults used up" 200 application/x-pem-file
get /vcek/v1/Milan/crl
if [ "$GRC" -eq 18 ] && [ "$ST" = 200 ]; then
  pass "fault truncate: curl sees a partial file (exit 18)"
else
  fail "fault truncate: http-get exit $GRC status $ST; $(head -c 200 "$TMP/geterr")"
fi
cl=$(header Content-Length)
size=$(wc -c <"$TMP/body")
check "fault truncate: half of Content-Length $cl arrived ($size)" \
  test "$size" -eq $((cl / 2))
get /vcek/v1/Milan/crl
expect_get "fault truncate: only once" 200 application/pkix-crl
check "fault truncate: then the whole CRL" der_ok crl "$TMP/body"
get /vlek/v1/Milan/cert_chain
expect_get "fault content-type" 200 text/html
check "fault content-type: an HTML body" grep -q '<html>' "$TMP/body"
get /vlek/v1/Milan/cert_chain
expect_get "fault content-type: only once" 200 application/x-pem-file
stop_server kds-fault

start_server kds-slow kds --keys "$K" --latency 700
t0=$(date +%s%N)
get /vcek/v1/Milan/cert_chain
t1=$(date +%s%N)
expect_get "latency: answer" 200 application/x-pem-file
ms=$(((t1 - t0) / 1000000))
check "latency: 700 ms asked, ${ms} ms taken" test "$ms" -ge 700
stop_server kds-slow

# ---------------------------------------------------------------- PCS ----
echo "== pcs"
start_server pcs pcs --keys "$K"
if [[ "$URL" =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then
  pass "pcs: ready line $URL"
else
  fail "pcs: ready line '$URL'"
fi
cat "$K/intel/tcb_signing.pem" "$K/intel/sgx_root_ca.pem" >"$TMP/tcb_chain.pem"
for fmspc in 90c06f000000 90C06F000000; do
  get "/tdx/certification/v4/tcb?fmspc=$fmspc&update=standard"
  expect_get "pcs: tcb info ($fmspc)" 200 application/json
done
check "pcs: tcb info body starts with tcbInfo" \
  grep -q '^{"tcbInfo":{' "$TMP/body"
check "pcs: tcb info for the platform's FMSPC" \
  test "$("$JSON" --get "$TMP/body" tcbInfo.fmspc)" = 90C06F000000
check "pcs: tcb info signature is 64 bytes of hex" \
  test "$("$JSON" --get "$TMP/body" signature | tr -d '\n' | wc -c)" -eq 128
nu=$("$JSON" --get "$TMP/body" tcbInfo.nextUpdate)
check "pcs: tcb info nextUpdate in the future ($nu)" \
  test "$(date -u -d "$nu" +%s)" -gt "$(date +%s)"
chain=$(header TCB-Info-Issuer-Chain)
check "pcs: TCB-Info-Issuer-Chain is percent-encoded (no spaces)" \
  test -n "$chain" -a "${chain//[^ ]/}" = ""
check "pcs: TCB-Info-Issuer-Chain has %20 and %0A" \
  grep -q -- '-----BEGIN%20CERTIFICATE-----%0A' <<<"$chain"
printf '%s' "$chain" | pct_decode >"$TMP/chain.pem"
check "pcs: TCB-Info-Issuer-Chain decodes to two PEM certificates" \
  test "$(grep -c 'BEGIN CERTIFICATE' "$TMP/chain.pem")" -eq 2
check "pcs: ... TCB Signing then root, as in the keys dir" \
  cmp -s "$TMP/chain.pem" "$TMP/tcb_chain.pem"
get "/tdx/certification/v4/tcb?fmspc=00606A000000"
expect_get "pcs: tcb info of another FMSPC" 404 ""
get "/tdx/certification/v4/tcb"
expect_get "pcs: tcb info without fmspc" 400 ""

get /tdx/certification/v4/qe/identity
expect_get "pcs: qe identity" 200 application/json
check "pcs: qe identity is TD_QE" \
  test "$("$JSON" --get "$TMP/body" enclaveIdentity.id)" = TD_QE
header SGX-Enclave-Identity-Issuer-Chain | pct_decode >"$TMP/chain.pem"
check "pcs: SGX-Enclave-Identity-Issuer-Chain is TCB Signing + root" \
  cmp -s "$TMP/chain.pem" "$TMP/tcb_chain.pem"
get "/tdx/certification/v4/qe/identity?update=early"
expect_get "pcs: qe identity update=early" 200 application/json

for ca in platform processor; do
  get "/sgx/certification/v4/pckcrl?ca=$ca&encoding=der"
  expect_get "pcs: $ca pck crl" 200 application/pkix-crl
  now=$(date +%s)
  sig=$(crl_field "$TMP/body" signature "$K/intel/pck_${ca}_ca.pem")
  nu=$(crl_field "$TMP/body" nextUpdate)
  tu=$(crl_field "$TMP/body" thisUpdate)
  want_rev=$(crl_field "$K/intel/pck_${ca}_crl.der" revoked)
  rev=$(crl_field "$TMP/body" revoked)
  if [ "$sig" = ok ] && [ "$tu" -lt "$now" ] &&
    [ "$nu" -gt $((now + 2592000 - 300)) ] && [ "$rev" -eq "$want_rev" ]; then
    pass "pcs: $ca pck crl signed by its CA, valid 30 days, $rev revoked"
  else
    fail "pcs: $ca pck crl: signature=$sig thisUpdate=$tu nextUpdate=$nu revoked=$rev (want $want_rev) now=$now"
  fi
  header SGX-PCK-CRL-Issuer-Chain | pct_decode >"$TMP/chain.pem"
  cat "$K/intel/pck_${ca}_ca.pem" "$K/intel/sgx_root_ca.pem" >"$TMP/want.pem"
  check "pcs: SGX-PCK-CRL-Issuer-Chain is the $ca CA + root" \
    cmp -s "$TMP/chain.pem" "$TMP/want.pem"
done
get "/sgx/certification/v4/pckcrl?ca=nope"
expect_get "pcs: pck crl of an unknown CA" 400 ""

get /IntelSGXRootCA.der
expect_get "pcs: root CA CRL (DER)" 200 application/pkix-crl
cp "$TMP/body" "$TMP/root.der"
sig=$(crl_field "$TMP/root.der" signature "$K/intel/sgx_root_ca.pem")
nu=$(crl_field "$TMP/root.der" nextUpdate)
check "pcs: root CA CRL signed by the root, valid now ($sig, $nu)" \
  test "$sig" = ok -a "$nu" -gt "$(date +%s)"
get /sgx/certification/v4/rootcacrl
expect_get "pcs: root CA CRL (hex, PCCS)" 200 text/plain
check "pcs: the hex is the DER's, lower case" \
  test "$(tr -d '\n' <"$TMP/body")" = "$(od -An -v -tx1 "$TMP/root.der" | tr -d ' \n')"
stop_server pcs

echo "== pcs --stale-crl, content-type fault"
start_server pcs-stale pcs --keys "$K" --stale-crl \
  --fault content-type:1@/tdx/certification/v4/tcb
now=$(date +%s)
get /IntelSGXRootCA.der
nu=$(crl_field "$TMP/body" nextUpdate)
check "pcs-stale: root CA CRL expired a day ago" \
  test "$nu" -le $((now - 86400 + 60)) -a "$nu" -ge $((now - 86400 - 60))
get "/sgx/certification/v4/pckcrl?ca=platform"
nu=$(crl_field "$TMP/body" nextUpdate)
check "pcs-stale: PCK CRL expired a day ago" \
  test "$nu" -le $((now - 86400 + 60)) -a "$nu" -ge $((now - 86400 - 60))
get "/tdx/certification/v4/tcb?fmspc=90C06F000000"
expect_get "pcs fault content-type" 200 text/html
get "/tdx/certification/v4/tcb?fmspc=90C06F000000"
expect_get "pcs: then JSON again" 200 application/json
stop_server pcs-stale

# -------------------------------------------------------------- HTTPS ----
echo "== https"
"$SIM" tls init "$TMP/tls" >"$TMP/tls.out" 2>&1
check "tls init prints nothing" test ! -s "$TMP/tls.out"
check "tls init: ca.pem, server.pem" test -s "$TMP/tls/ca.pem" -a -s "$TMP/tls/server.pem"
check "tls init: server.key mode 0600" \
  test "$(stat -c %a "$TMP/tls/server.key")" = 600
start_server kds-tls kds --keys "$K" --tls-cert "$TMP/tls/server.pem" \
  --tls-key "$TMP/tls/server.key"
if [[ "$URL" =~ ^https://127\.0\.0\.1:[0-9]+$ ]]; then
  pass "kds-tls: ready line $URL"
else
  fail "kds-tls: ready line '$URL'"
fi
get /vcek/v1/Milan/cert_chain --ca-file "$TMP/tls/ca.pem"
expect_get "kds-tls: cert_chain over https (127.0.0.1)" 200 application/x-pem-file
check "kds-tls: the same bundle" cmp -s "$TMP/body" "$K/amd/milan/cert_chain.pem"
IPURL=$URL
URL=https://localhost:${IPURL##*:}
get /vcek/v1/Milan/crl --ca-file "$TMP/tls/ca.pem"
expect_get "kds-tls: crl over https (localhost)" 200 application/pkix-crl
URL=$IPURL
get /vcek/v1/Milan/cert_chain
check "kds-tls: without the test CA the certificate is refused (exit $GRC)" \
  test "$GRC" -eq 60
stop_server kds-tls

# IPv6 loopback, where the host has it
if LISTEN='[::1]:0' start_server pcs-v6 pcs --keys "$K" 2>/dev/null; then
  check "pcs-v6: ready line $URL" \
    eval '[[ "$URL" =~ ^http://\[::1\]:[0-9]+$ ]]'
  get /tdx/certification/v4/qe/identity
  expect_get "pcs-v6: qe identity over [::1]" 200 application/json
  stop_server pcs-v6
else
  echo "skip IPv6: [::1] not available"
fi

if [ "$FAILS" -eq 0 ]; then
  echo "$CHECKS checks passed"
  exit 0
fi
echo "$FAILS of $CHECKS checks failed"
exit 1
