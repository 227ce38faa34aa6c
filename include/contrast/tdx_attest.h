/* The TDX attester (spec/tdx.md §9): a quote through configfs-tsm, or a
 * TDREPORT (not a quote) through the /dev/tdx_guest ioctl. */
#ifndef CONTRAST_TDX_ATTEST_H
#define CONTRAST_TDX_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"

#define TDX_GUEST_DEFAULT_DEVICE "/dev/tdx_guest"
#define TDX_TDREPORT_SIZE 1024

/* $CONTRAST_TDX_GUEST_DEVICE if set and non-empty, else the default. */
const char *tdx_guest_device(void);

/* A DCAP quote with REPORTDATA report_data from configfs-tsm (provider
 * tdx_guest). The outblob is returned as read (hosts may pad it: the
 * parser goes by the internal lengths). *quote is new.
 * Errors: E_DEVICE, E_NOMEM. */
int tdx_attest_quote(const uint8_t report_data[64], uint8_t **quote,
                     size_t *len, contrast_err *err) CONTRAST_WUR;

/* The 1024-byte TDREPORT from TDX_CMD_GET_REPORT0 on the device.
 * Errors: E_DEVICE. */
int tdx_attest_tdreport(const uint8_t report_data[64],
                        uint8_t out[TDX_TDREPORT_SIZE],
                        contrast_err *err) CONTRAST_WUR;

#endif
