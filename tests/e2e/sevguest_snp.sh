#!/usr/bin/env bash
# SEV-SNP through /dev/sev-guest (spec/snp.md §4.1-§4.3, §4.5):
# `contrast evidence fetch --via ioctl` with the simulator's device
# (LD_PRELOAD libcontrast-sim-sevguest.so), then `contrast evidence verify`
# of the report with the certificates of SNP_GET_EXT_REPORT. Error paths:
# no device, the certificate buffer growing between the size query and the
# fetch (retried), a firmware error (named, not retried), VMM BUSY
# (retried, then success), MSG_REPORT_RSP STATUS, ENOTTY, a VMPL below the
# guest's. Also the TDREPORT of the simulated /dev/tdx_guest.
# Not registered under CONTRAST_SANITIZE (ASan must come first in a
# process, before any preloaded library).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/guest_lib.sh"
PRELOAD=${CONTRAST_SIM_PRELOAD:?CONTRAST_SIM_PRELOAD is not set}
[ -f "$PRELOAD" ] || { echo "$0: no $PRELOAD" >&2; exit 2; }
make_keys

DEV=$TMP/sev-guest
# fetch_ioctl GUEST_ARGS FAULTS FETCH_ARGS...: fetch through the preload.
fetch_ioctl() {
  local args=$1 faults=$2
  shift 2
  LD_PRELOAD=$PRELOAD CONTRAST_SIM_KEYS=$KEYS CONTRAST_SEV_GUEST_DEVICE=$DEV \
    CONTRAST_SIM_GUEST_ARGS=$args CONTRAST_SIM_SEVGUEST_FAULT=$faults \
    run "$CONTRAST" evidence fetch --tee snp --via ioctl "$@"
}

# ---- VCEK; a launch field from CONTRAST_SIM_GUEST_ARGS shows ----
RD1=$(rd_hex 1)
HOST=$(printf '%064x' 0xc0ffee)
fetch_ioctl "--host-data $HOST" "" --report-data "$RD1" -o "$TMP/vcek.bin" \
  --endorsements "$TMP/vcek-end"
expect_rc "fetch via ioctl (VCEK)" 0
expect_snp_accept "ioctl VCEK" "$TMP/vcek.bin" --vcek "$TMP/vcek-end/vcek.der" \
  "$TMP/vcek-end/cert_chain.pem" "$RD1"
expect_eq "ioctl VCEK: claims.host_data" "$(json_get "$TMP/verify.json" claims.host_data)" "$HOST"
expect_eq "ioctl VCEK: certificate buffer" "$(stat -c %s "$TMP/vcek-end/certs.bin")" 8192

# ---- VLEK ----
RD2=$(rd_hex 2)
fetch_ioctl "--signer vlek --product turin" "" --report-data "$RD2" -o "$TMP/vlek.bin" \
  --endorsements "$TMP/vlek-end"
expect_rc "fetch via ioctl (VLEK)" 0
expect_snp_accept "ioctl VLEK" "$TMP/vlek.bin" --vlek "$TMP/vlek-end/vlek.der" \
  "$TMP/vlek-end/cert_chain.pem" "$RD2"

# ---- the needed size grows after the size query: asked again ----
RD3=$(rd_hex 3)
fetch_ioctl "" grow --report-data "$RD3" -o "$TMP/grow.bin" --endorsements "$TMP/grow-end"
expect_rc "fetch via ioctl, certificate size grows" 0
expect_snp_accept "ioctl grow" "$TMP/grow.bin" --vcek "$TMP/grow-end/vcek.der" \
  "$TMP/grow-end/cert_chain.pem" "$RD3"
expect_eq "ioctl grow: the buffer of the second answer" \
  "$(stat -c %s "$TMP/grow-end/certs.bin")" 12288

# ---- VMM BUSY twice: retried, then a report ----
fetch_ioctl "" busy:2 --report-data "$RD3" -o "$TMP/busy.bin" --endorsements "$TMP/busy-end"
expect_rc "fetch via ioctl, BUSY twice" 0
expect_snp_accept "ioctl busy" "$TMP/busy.bin" --vcek "$TMP/busy-end/vcek.der" \
  "$TMP/busy-end/cert_chain.pem" "$RD3"

# ---- a firmware error: named, exit 1 ----
fetch_ioctl "" fw-error:0x16 --report-data "$RD3" -o "$TMP/fw.bin"
expect_rc "fetch via ioctl, firmware error 0x16" 1
expect_err_has "firmware error 0x16" INVALID_PARAM
expect_eq "firmware error: no report" "$([ -e "$TMP/fw.bin" ] && echo yes || echo no)" no

# ---- MSG_REPORT_RSP STATUS INVALID_PARAM ----
fetch_ioctl "" status:0x16 --report-data "$RD3" -o "$TMP/status.bin"
expect_rc "fetch via ioctl, STATUS 0x16" 1
expect_err_has "STATUS 0x16" INVALID_PARAM

# ---- a VMPL below the guest's: the firmware's INVALID_PARAM ----
fetch_ioctl "--vmpl 2" "" --report-data "$RD3" --vmpl 1 -o "$TMP/vmpl.bin"
expect_rc "fetch via ioctl, VMPL 1 in a VMPL-2 guest" 1
expect_err_has "VMPL below the guest's" INVALID_PARAM
fetch_ioctl "--vmpl 2" "" --report-data "$RD3" --vmpl 3 -o "$TMP/vmpl3.bin"
expect_rc "fetch via ioctl, VMPL 3 in a VMPL-2 guest" 0
expect_eq "VMPL 3: the report's VMPL" "$(u32le_at "$TMP/vmpl3.bin" 0x30)" 3

# ---- ENOTTY (a wiped VMPCK) ----
fetch_ioctl "" enotty --report-data "$RD3" -o "$TMP/enotty.bin"
expect_rc "fetch via ioctl, ENOTTY" 1
expect_err_has "ENOTTY" "Inappropriate ioctl"

# ---- the host has no certificates: a plain report ----
fetch_ioctl "" no-certs --report-data "$RD3" -o "$TMP/nocerts.bin"
expect_rc "fetch via ioctl, no certificates" 0
expect_eq "no certificates: REPORT_DATA" "$(hex_at "$TMP/nocerts.bin" 0x50 64)" "$RD3"

# ---- no device: the preload without keys is an absent device ----
LD_PRELOAD=$PRELOAD CONTRAST_SEV_GUEST_DEVICE=$DEV \
  run "$CONTRAST" evidence fetch --tee snp --report-data "$RD3" -o "$TMP/none.bin"
expect_rc "fetch with no device" 1
expect_err_has "no device" "$DEV"
expect_err_has "no device: errno" "No such file or directory"

# ---- a process that never opens the device is unaffected ----
LD_PRELOAD=$PRELOAD CONTRAST_SIM_KEYS=$KEYS CONTRAST_SEV_GUEST_DEVICE=$DEV \
  run "$CONTRAST" evidence verify --snp "$TMP/vcek.bin" --vcek "$TMP/vcek-end/vcek.der" \
  --cert-chain "$TMP/vcek-end/cert_chain.pem" --trust-sim "$KEYS/roots" --now "$NOW" --json
expect_rc "verify under the preload" 0

# ---- /dev/tdx_guest: the TDREPORT ----
TDEV=$TMP/tdx_guest
LD_PRELOAD=$PRELOAD CONTRAST_SIM_KEYS=$KEYS CONTRAST_TDX_GUEST_DEVICE=$TDEV \
  run "$CONTRAST" evidence fetch --tee tdx --tdreport --report-data "$RD1" -o "$TMP/tdreport.bin"
expect_rc "fetch a TDREPORT" 0
expect_eq "TDREPORT size" "$(stat -c %s "$TMP/tdreport.bin" 2>/dev/null || echo none)" 1024
expect_eq "TDREPORT type" "$(hex_at "$TMP/tdreport.bin" 0 1)" 81
expect_eq "TDREPORT reportdata" "$(hex_at "$TMP/tdreport.bin" 128 64)" "$RD1"

finish
