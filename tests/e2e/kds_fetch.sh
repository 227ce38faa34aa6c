#!/usr/bin/env bash
# `contrast evidence verify --snp R --fetch` against `contrast-sim kds`:
# VCEK by hwID and TCB for each product (Turin's 8-byte hwID and fmcSPL),
# the cert_chain and CRL, the cache (second run with the server stopped,
# --offline, an expired entry refetched, a tampered entry rejected), every
# injected fault, TLS with --ca-file, VLEKs, v2 reports and the case form.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/lib_servers.sh"

K=$TMP/keys
"$SIM" keys init "$K" >/dev/null
"$SIM" tls init "$TMP/tls"
RD=$(printf 'ab%.0s' $(seq 1 64))

report() { # report FILE [contrast-sim snp report options]
  local f=$1
  shift
  "$SIM" snp report --keys "$K" -o "$f" --report-data "$RD" "$@"
}
verify() { # verify CACHE_DIR ARGS...: --fetch with the sim roots, JSON
  local c=$1
  shift
  run "$CONTRAST" evidence verify --json --trust-sim "$K/roots" --fetch \
    --cache-dir "$c" "$@"
}

report "$TMP/milan.bin"
start_server kds kds --keys "$K"
KDS=$URL
KDS_PID=$SERVER_PID

# 1. Fetch everything for a Milan VCEK report; REPORT_DATA in the claims.
verify "$TMP/c1" --snp "$TMP/milan.bin" --kds-url "$KDS"
expect_rc "milan fetch" 0
expect_verdict "milan fetch" accept
expect_eq "milan fetch: report_data" "$(json_get "$TMP/out" claims.report_data)" "$RD"
expect_eq "milan fetch: VCEK requested" "$(requests kds 'GET /vcek/v1/Milan/[0-9a-f]{128}\?blSPL=[0-9]+&teeSPL=[0-9]+&snpSPL=[0-9]+&ucodeSPL=[0-9]+ -> 200')" 1
expect_eq "milan fetch: cert_chain requested" "$(requests kds 'GET /vcek/v1/Milan/cert_chain -> 200')" 1
expect_eq "milan fetch: CRL requested" "$(requests kds 'GET /vcek/v1/Milan/crl -> 200')" 1
mode=$(stat -c %a "$(ls -d "$TMP"/c1/* | head -n 1)")
expect_eq "cache entry mode" "$mode" 600
expect_eq "cache dir mode" "$(stat -c %a "$TMP/c1")" 700

# 2. The same again is served from the cache: no request.
verify "$TMP/c1" --snp "$TMP/milan.bin" --kds-url "$KDS"
expect_verdict "cached" accept
expect_eq "cached: no new request" "$(requests kds 'GET ')" 3

# 3. Genoa and Turin (8-byte hwID, fmcSPL first).
report "$TMP/genoa.bin" --product genoa
verify "$TMP/c1" --snp "$TMP/genoa.bin" --kds-url "$KDS"
expect_verdict "genoa fetch" accept
report "$TMP/turin.bin" --product turin
verify "$TMP/c1" --snp "$TMP/turin.bin" --kds-url "$KDS"
expect_verdict "turin fetch" accept
expect_eq "turin: VCEK URL" "$(requests kds 'GET /vcek/v1/Turin/[0-9a-f]{16}\?fmcSPL=[0-9]+&blSPL=[0-9]+&teeSPL=[0-9]+&snpSPL=[0-9]+&ucodeSPL=[0-9]+ -> 200')" 1

# 4. Given endorsements are used, only the missing ones fetched.
"$SIM" snp report --keys "$K" -o "$TMP/m2.bin" --report-data "$RD" \
  --vcek-out "$TMP/m2-vcek.der"
before=$(requests kds 'GET ')
verify "$TMP/c4" --snp "$TMP/m2.bin" --vcek "$TMP/m2-vcek.der" --kds-url "$KDS"
expect_verdict "given VCEK" accept
expect_eq "given VCEK: chain and CRL only" "$(($(requests kds 'GET ') - before))" 2

# 5. The server stopped: the cache still serves; --offline with an empty
# cache is a COLLATERAL reject that says why.
stop "$KDS_PID"
verify "$TMP/c1" --snp "$TMP/milan.bin" --kds-url "$KDS"
expect_verdict "server stopped, cached" accept
verify "$TMP/c1" --snp "$TMP/milan.bin" --kds-url "$KDS" --offline
expect_verdict "offline, cached" accept
verify "$TMP/empty" --snp "$TMP/milan.bin" --kds-url "$KDS" --offline
expect_rc "offline, empty cache" 1
expect_verdict "offline, empty cache" reject COLLATERAL
expect_stderr "offline, empty cache" "not in the cache"
verify "$TMP/empty" --snp "$TMP/milan.bin" --kds-url "$KDS"
expect_verdict "server down, nothing cached" reject COLLATERAL

# 6. A tampered cache entry is verified like a fresh answer: rejected.
cp -R "$TMP/c1" "$TMP/c6"
vcek_entry=$(grep -l '/vcek/v1/Milan/[0-9a-f]\{128\}' "$TMP"/c6/* | head -n 1)
size=$(stat -c %s "$vcek_entry")
last=$(od -An -tu1 -j $((size - 1)) -N 1 "$vcek_entry" | tr -d ' ')
printf "$(printf '\\%03o' $((last ^ 1)))" |
  dd of="$vcek_entry" bs=1 seek=$((size - 1)) conv=notrunc status=none
verify "$TMP/c6" --snp "$TMP/milan.bin" --kds-url "$KDS" --offline
expect_rc "tampered VCEK in the cache" 1
expect_verdict "tampered VCEK in the cache" reject CHAIN
# a cut entry is a miss (and offline, an error), never a crash
cp -R "$TMP/c1" "$TMP/c6b"
vcek_entry=$(grep -l '/vcek/v1/Milan/[0-9a-f]\{128\}' "$TMP"/c6b/* | head -n 1)
truncate -s 100 "$vcek_entry"
verify "$TMP/c6b" --snp "$TMP/milan.bin" --kds-url "$KDS" --offline
expect_verdict "truncated cache entry, offline" reject COLLATERAL

# 7. An expired entry is fetched again (CRL valid for 3 s).
start_server kds7 kds --keys "$K" --crl-lifetime 3
verify "$TMP/c7" --snp "$TMP/milan.bin" --kds-url "$URL"
expect_verdict "short-lived CRL" accept
sleep 4
verify "$TMP/c7" --snp "$TMP/milan.bin" --kds-url "$URL"
expect_verdict "expired CRL refetched" accept
expect_eq "expired CRL refetched: CRL requests" "$(requests kds7 'GET /vcek/v1/Milan/crl -> 200')" 2
expect_eq "expired CRL refetched: VCEK still cached" "$(requests kds7 'GET /vcek/v1/Milan/[0-9a-f]{128}')" 1
stop "$SERVER_PID"

# 8. Faults. Retried: 503 twice, 429 with Retry-After, a truncated body.
start_server kds8 kds --keys "$K" --fault 503:2 --fault 429:1 \
  --retry-after 1 --fault truncate:1@/vcek/v1/Milan/crl
t0=$SECONDS
verify "$TMP/c8" --snp "$TMP/milan.bin" --kds-url "$URL"
expect_verdict "503 x2, 429, truncated: retried" accept
expect_eq "faults: 503 answered" "$(requests kds8 ' -> 503')" 2
expect_eq "faults: 429 answered" "$(requests kds8 ' -> 429')" 1
[ $((SECONDS - t0)) -ge 1 ] && pass "429: Retry-After honoured" ||
  fail "429: finished in under a second"
stop "$SERVER_PID"
# Not retried, or retried in vain: a COLLATERAL reject naming the cause.
fault_case() { # LABEL STDERR_TEXT SERVER_ARGS...
  local label=$1 text=$2
  shift 2
  start_server "kds-$label" kds --keys "$K" "$@"
  verify "$TMP/c-$label" --snp "$TMP/milan.bin" --kds-url "$URL"
  expect_rc "$label" 1
  expect_verdict "$label" reject COLLATERAL
  expect_stderr "$label" "$text"
  stop "$SERVER_PID"
}
fault_case 404 "HTTP 404" --fault 404@/vcek/v1/Milan/cert_chain
fault_case content-type "text/html" --fault content-type
fault_case 500 "HTTP 500" --fault 500@/vcek/v1/Milan/crl
n=$(requests kds-500 'GET /vcek/v1/Milan/crl -> 500')
[ "$n" -gt 1 ] && pass "500: retried ($n attempts)" || fail "500: $n attempts"
fault_case truncate "GET" --fault truncate@/vcek/v1/Milan/crl
# latency is only slower
start_server kds-latency kds --keys "$K" --latency 300
verify "$TMP/c-latency" --snp "$TMP/milan.bin" --kds-url "$URL"
expect_verdict "latency" accept
stop "$SERVER_PID"
# a stale CRL is fetched, not cached, and judged: EXPIRED
start_server kds-stale kds --keys "$K" --stale-crl
verify "$TMP/c-stale" --snp "$TMP/milan.bin" --kds-url "$URL"
expect_verdict "stale CRL" reject EXPIRED
stop "$SERVER_PID"

# 9. HTTPS: the server's certificate is verified against --ca-file.
start_server kds-tls kds --keys "$K" --tls-cert "$TMP/tls/server.pem" \
  --tls-key "$TMP/tls/server.key"
case $URL in https://*) pass "TLS server URL $URL" ;; *) fail "TLS server URL $URL" ;; esac
verify "$TMP/c9" --snp "$TMP/milan.bin" --kds-url "$URL" \
  --ca-file "$TMP/tls/ca.pem"
expect_verdict "https with --ca-file" accept
verify "$TMP/c9b" --snp "$TMP/milan.bin" --kds-url "$URL"
expect_verdict "https without the CA" reject COLLATERAL
verify "$TMP/c9c" --snp "$TMP/milan.bin" --kds-url "${URL/127.0.0.1/localhost}" \
  --ca-file "$TMP/tls/ca.pem"
expect_verdict "https via localhost (SAN)" accept
stop "$SERVER_PID"

# 10. VLEK: the VLEK is given (it comes with the extended report), the
# ASVK chain and the VLEK CRL are fetched; without it, a clear reject.
start_server kds10 kds --keys "$K"
# (a VLEK lives a year: issued again 30 days ago, as a host keeps it current)
"$SIM" snp report --keys "$K" -o "$TMP/vlek.bin" --report-data "$RD" \
  --signer vlek --vlek-out "$TMP/vlek.der" \
  --issued "$(date -u -d '30 days ago' +%Y-%m-%dT00:00:00Z)"
verify "$TMP/c10" --snp "$TMP/vlek.bin" --vlek "$TMP/vlek.der" --kds-url "$URL"
expect_verdict "VLEK" accept
expect_eq "VLEK: vlek chain" "$(requests kds10 'GET /vlek/v1/Milan/cert_chain -> 200')" 1
expect_eq "VLEK: vlek CRL" "$(requests kds10 'GET /vlek/v1/Milan/crl -> 200')" 1
verify "$TMP/c10" --snp "$TMP/vlek.bin" --kds-url "$URL"
expect_verdict "VLEK not given" reject COLLATERAL
expect_stderr "VLEK not given" "VLEK"

# 11. v2 reports name no product: --product is needed.
report "$TMP/v2.bin" --version 2
verify "$TMP/c11" --snp "$TMP/v2.bin" --kds-url "$URL"
expect_rc "v2 without --product" 2
expect_stderr "v2 without --product" "--product"
verify "$TMP/c11" --snp "$TMP/v2.bin" --kds-url "$URL" --product milan
expect_verdict "v2 with --product milan" accept

# 12. A masked CHIP_ID: no VCEK can be fetched.
report "$TMP/masked.bin" --mask-chip-id
verify "$TMP/c12" --snp "$TMP/masked.bin" --kds-url "$URL"
expect_rc "masked CHIP_ID" 2
expect_stderr "masked CHIP_ID" "masked"

# 13. The case form: a case without endorsements, completed by --fetch.
mkdir -p "$TMP/snp-fetch-case"
cp "$TMP/milan.bin" "$TMP/snp-fetch-case/report.bin"
cat >"$TMP/snp-fetch-case/case.json" <<JSON
{"format": 1, "name": "snp-fetch-case", "tee": "snp", "trust": "sim",
 "description": "a simulated report whose endorsements come from the KDS",
 "now": "$(now_rfc3339)", "evidence": "report.bin", "policy": {},
 "expect": {"verdict": "accept"}}
JSON
verify "$TMP/c13" --kds-url "$URL" "$TMP/snp-fetch-case"
expect_verdict "case form" accept
run "$CONTRAST" evidence verify --json --trust-sim "$K/roots" \
  "$TMP/snp-fetch-case"
expect_verdict "case form without --fetch" reject COLLATERAL
# the URL from the environment
CONTRAST_KDS_URL=$URL verify "$TMP/c13b" "$TMP/snp-fetch-case"
expect_verdict "CONTRAST_KDS_URL" accept
stop "$SERVER_PID"

finish
