#!/usr/bin/env bash
# `contrast evidence verify --tdx Q --fetch` against `contrast-sim pcs`: TCB
# info by FMSPC, QE identity, the PCK CRL of the PCK's CA and the root CA
# CRL, issuer chains from the headers; the cache; faults; TLS; the case
# form.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/lib_servers.sh"

K=$TMP/keys
"$SIM" keys init "$K" >/dev/null
"$SIM" tls init "$TMP/tls"
RD=$(printf 'cd%.0s' $(seq 1 64))
"$SIM" tdx quote --keys "$K" -o "$TMP/q.bin" --report-data "$RD"

verify() { # verify CACHE_DIR ARGS...
  local c=$1
  shift
  run "$CONTRAST" evidence verify --json --trust-sim "$K/roots" --fetch \
    --cache-dir "$c" "$@"
}

start_server pcs pcs --keys "$K"
PCS=$URL
PCS_PID=$SERVER_PID

verify "$TMP/c1" --tdx "$TMP/q.bin" --pcs-url "$PCS"
expect_rc "tdx fetch" 0
expect_verdict "tdx fetch" accept
expect_eq "tdx fetch: report_data" "$(json_get "$TMP/out" claims.report_data)" "$RD"
expect_eq "tdx fetch: tcb_status" "$(json_get "$TMP/out" tcb_status)" UpToDate
expect_eq "TCB info by FMSPC" "$(requests pcs 'GET /tdx/certification/v4/tcb\?fmspc=90C06F000000 -> 200')" 1
expect_eq "QE identity" "$(requests pcs 'GET /tdx/certification/v4/qe/identity -> 200')" 1
expect_eq "PCK CRL (platform)" "$(requests pcs 'GET /sgx/certification/v4/pckcrl\?ca=platform&encoding=der -> 200')" 1
expect_eq "root CA CRL" "$(requests pcs 'GET /sgx/certification/v4/rootcacrl -> 200')" 1

# cached: no new request, also with the server stopped and --offline
verify "$TMP/c1" --tdx "$TMP/q.bin" --pcs-url "$PCS"
expect_verdict "cached" accept
expect_eq "cached: no new request" "$(requests pcs 'GET ')" 4
stop "$PCS_PID"
verify "$TMP/c1" --tdx "$TMP/q.bin" --pcs-url "$PCS" --offline
expect_verdict "server stopped, offline, cached" accept
verify "$TMP/empty" --tdx "$TMP/q.bin" --pcs-url "$PCS" --offline
expect_verdict "offline, empty cache" reject COLLATERAL
expect_stderr "offline, empty cache" "not in the cache"

# a tampered TCB info in the cache: its signature no longer holds
cp -R "$TMP/c1" "$TMP/c2"
entry=$(grep -l 'tdx/certification/v4/tcb' "$TMP"/c2/* | head -n 1)
sed -i 's/"UpToDate"/"OutOfDate"/' "$entry"
verify "$TMP/c2" --tdx "$TMP/q.bin" --pcs-url "$PCS" --offline
expect_verdict "tampered TCB info in the cache" reject COLLATERAL

# the processor CA's PCK and CRL
start_server pcs2 pcs --keys "$K"
"$SIM" tdx quote --keys "$K" -o "$TMP/qp.bin" --report-data "$RD" --pck processor
verify "$TMP/c3" --tdx "$TMP/qp.bin" --pcs-url "$URL"
expect_verdict "processor PCK" accept
expect_eq "PCK CRL (processor)" "$(requests pcs2 'GET /sgx/certification/v4/pckcrl\?ca=processor&encoding=der -> 200')" 1
# the root CA CRL from another URL (Intel's CDP layout, DER)
verify "$TMP/c4" --tdx "$TMP/q.bin" --pcs-url "$URL" \
  --root-crl-url "$URL/IntelSGXRootCA.der"
expect_verdict "--root-crl-url" accept
expect_eq "--root-crl-url requested" "$(requests pcs2 'GET /IntelSGXRootCA.der -> 200')" 1
# given collateral is kept, the rest fetched
mkdir -p "$TMP/partial"
"$SIM" tdx collateral --keys "$K" -o "$TMP/full" >/dev/null
before=$(requests pcs2 'GET ')
tcb_before=$(requests pcs2 'GET /tdx/certification/v4/tcb')
cp "$TMP/full/tcb_info.json" "$TMP/full/tcb_info_issuer_chain.pem" "$TMP/partial/"
verify "$TMP/c5" --tdx "$TMP/q.bin" --pcs-url "$URL" --collateral "$TMP/partial" \
  --now "$(now_rfc3339)"
expect_verdict "partial collateral + fetch" accept
expect_eq "partial: TCB info not fetched" "$(requests pcs2 'GET /tdx/certification/v4/tcb')" "$tcb_before"
expect_eq "partial: three fetched" "$(($(requests pcs2 'GET ') - before))" 3
# the case form
mkdir -p "$TMP/tdx-fetch-case"
cp "$TMP/q.bin" "$TMP/tdx-fetch-case/quote.bin"
cat >"$TMP/tdx-fetch-case/case.json" <<JSON
{"format": 1, "name": "tdx-fetch-case", "tee": "tdx", "trust": "sim",
 "description": "a simulated quote whose collateral comes from the PCS",
 "now": "$(now_rfc3339)", "evidence": "quote.bin", "policy": {},
 "expect": {"verdict": "accept", "tcb_status": "UpToDate"}}
JSON
verify "$TMP/c6" --pcs-url "$URL" "$TMP/tdx-fetch-case"
expect_verdict "case form" accept
CONTRAST_PCS_URL=$URL verify "$TMP/c6b" "$TMP/tdx-fetch-case"
expect_verdict "CONTRAST_PCS_URL" accept
stop "$SERVER_PID"

# faults
start_server pcs-retry pcs --keys "$K" --fault 503:1 --fault 429:1 --retry-after 1
verify "$TMP/c7" --tdx "$TMP/q.bin" --pcs-url "$URL"
expect_verdict "503, 429: retried" accept
stop "$SERVER_PID"
start_server pcs-404 pcs --keys "$K" --fault 404@/tdx/certification/v4/qe
verify "$TMP/c8" --tdx "$TMP/q.bin" --pcs-url "$URL"
expect_verdict "404 QE identity" reject COLLATERAL
expect_stderr "404 QE identity" "HTTP 404"
stop "$SERVER_PID"
start_server pcs-stale pcs --keys "$K" --stale-crl
verify "$TMP/c9" --tdx "$TMP/q.bin" --pcs-url "$URL"
expect_verdict "stale CRLs" reject EXPIRED
stop "$SERVER_PID"

# HTTPS with --ca-file
start_server pcs-tls pcs --keys "$K" --tls-cert "$TMP/tls/server.pem" \
  --tls-key "$TMP/tls/server.key"
verify "$TMP/c10" --tdx "$TMP/q.bin" --pcs-url "$URL" --ca-file "$TMP/tls/ca.pem"
expect_verdict "https with --ca-file" accept
verify "$TMP/c10b" --tdx "$TMP/q.bin" --pcs-url "$URL"
expect_verdict "https without the CA" reject COLLATERAL
stop "$SERVER_PID"

finish
