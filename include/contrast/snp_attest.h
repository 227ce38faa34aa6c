/* The SNP attester (spec/snp.md §4): a report with the caller's
 * REPORT_DATA through configfs-tsm or /dev/sev-guest, and the extended
 * report's certificate table (§4.2). */
#ifndef CONTRAST_SNP_ATTEST_H
#define CONTRAST_SNP_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"
#include "contrast/snp.h"

#define SNP_SEV_GUEST_DEFAULT_DEVICE "/dev/sev-guest"
#define SNP_CERTS_MAX (64u * 4096u) /* largest certificate buffer tried */

/* $CONTRAST_SEV_GUEST_DEVICE if set and non-empty, else the default. */
const char *snp_sev_guest_device(void);

/* ---- the certificate table (GHCB MSG_REPORT_REQ; snp.md §4.2) ---- */
typedef enum snp_cert_kind {
  SNP_CERT_VCEK = 0,
  SNP_CERT_VLEK,
  SNP_CERT_ASK, /* also the ASVK */
  SNP_CERT_ARK,
  SNP_CERT_CRL,
  SNP_CERT_EXTRA_PLATFORM_INFO, /* go-sev-guest's */
  SNP_CERT_OTHER                /* an unknown GUID (kept, not an error) */
} snp_cert_kind;

#define SNP_CERT_TABLE_MAX 16

typedef struct snp_cert_entry {
  uint8_t guid[16]; /* RFC 4122 string byte order */
  snp_cert_kind kind;
  const uint8_t *data; /* points into the parsed buffer */
  size_t len;
} snp_cert_entry;

typedef struct snp_cert_table {
  size_t n;
  snp_cert_entry e[SNP_CERT_TABLE_MAX];
} snp_cert_table;

/* Parse a certificate buffer: 24-byte entries {guid[16], u32 offset, u32
 * length} (LE) up to an all-zero entry, each blob inside the buffer and
 * after the table, no GUID twice. An all-zero buffer (host has no
 * certificates) or len 0 gives n = 0. Errors: MALFORMED
 * (no terminator, blob out of bounds or overlapping the table, duplicate
 * GUID, more than SNP_CERT_TABLE_MAX entries). */
int snp_cert_table_parse(const uint8_t *buf, size_t len, snp_cert_table *out,
                         contrast_err *err) CONTRAST_WUR;
/* The entry of kind k, or NULL. */
const snp_cert_entry *snp_cert_table_find(const snp_cert_table *t,
                                          snp_cert_kind k);
/* The GUID's string form "63da758d-e664-4564-adc5-f4b93be8accd". */
void snp_cert_guid_str(const uint8_t guid[16], char out[37]);

/* ---- getting a report ---- */
typedef enum snp_attest_via {
  SNP_VIA_AUTO = 0, /* configfs-tsm if its directory exists, else ioctl */
  SNP_VIA_TSM,
  SNP_VIA_IOCTL
} snp_attest_via;

typedef struct snp_attest_opts {
  snp_attest_via via;
  int vmpl;         /* -1: the default (configfs privlevel unwritten; 0 for
                       the ioctl) */
  int no_certs;     /* SNP_GET_REPORT instead of SNP_GET_EXT_REPORT / no
                       auxblob */
  unsigned retries; /* throttling (VMM BUSY, EAGAIN) retries; 0: 5 */
  long backoff_ms;  /* first wait, doubled; 0: 2000 (one request per 2 s,
                       as go-sev-guest throttles) */
} snp_attest_opts;

typedef struct snp_attest_result {
  uint8_t report[SNP_REPORT_SIZE];
  uint8_t *certs; /* owned: the raw certificate buffer, NULL if none */
  size_t certs_len;
  snp_cert_table table; /* parsed from certs (entries point into it) */
  snp_attest_via used;  /* SNP_VIA_TSM or SNP_VIA_IOCTL */
  char note[256]; /* why SNP_VIA_AUTO fell back to the ioctl, else "" */
} snp_attest_result;

/* A report whose REPORT_DATA is report_data. The ioctl path: an
 * SNP_GET_EXT_REPORT size query (certs_len 0), then the call with a buffer
 * of the size the driver asked for (again if it asks for more, up to
 * SNP_CERTS_MAX), SNP_GET_REPORT when the host has no certificates;
 * MSG_REPORT_RSP STATUS and REPORT_SIZE checked. Firmware and VMM errors
 * are mapped to their names (fw_error 0x16 INVALID_PARAM, ...); a VMM BUSY
 * or EAGAIN is retried with backoff; a firmware error is never retried.
 * Errors: E_DEVICE (the detail says which path, call and error), E_NOMEM,
 * MALFORMED (a certificate table that does not parse). */
int snp_attest(const uint8_t report_data[64], const snp_attest_opts *o,
               snp_attest_result *out, contrast_err *err) CONTRAST_WUR;

void snp_attest_result_wipe(snp_attest_result *r);

/* The SEV firmware status name of snp.md §4.3 ("INVALID_PARAM"), or
 * "UNKNOWN". */
const char *snp_fw_error_name(uint32_t code);

#endif
