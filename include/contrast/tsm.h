/* configfs-tsm reports (spec/snp.md §4.4, spec/tdx.md §9.1): the
 * TEE-neutral half of the SNP and TDX attesters. */
#ifndef CONTRAST_TSM_H
#define CONTRAST_TSM_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"

#define CONTRAST_TSM_DEFAULT_PATH "/sys/kernel/config/tsm/report"
#define CONTRAST_TSM_BLOB_MAX (16u << 20) /* outblob/auxblob read bound */
#define CONTRAST_TSM_ATTEMPTS 3           /* generation races tolerated */

/* $CONTRAST_TSM_PATH if set and non-empty, else the default. */
const char *contrast_tsm_path(void);

/* Non-zero when path is a directory (configfs-tsm is there to try). */
int contrast_tsm_available(const char *path);

typedef struct contrast_tsm_report {
  uint8_t *outblob; /* owned */
  size_t outblob_len;
  uint8_t *auxblob; /* owned; NULL when not wanted or empty */
  size_t auxblob_len;
  char provider[64]; /* without the trailing newline */
  unsigned attempts; /* entries tried (more than 1 after a race) */
  int mkdir_errno;   /* also set on failure: the errno of a refused mkdir
                        (ENXIO: no provider), else 0; lets a caller fall
                        back to another interface */
} contrast_tsm_report;

/* One report through configfs-tsm below dir: mkdir a private entry (name
 * unique to the process and call), read `provider` and require
 * want_provider ("sev_guest", "tdx_guest"), read `generation`, write
 * `privlevel` (when privlevel >= 0) and the inblob (exactly inlen bytes in
 * one write), read `auxblob` (when want_aux; absent or empty is fine) and
 * `outblob`, re-read `generation` and require the value the writes imply
 * (else another writer raced: the entry is removed and the whole sequence
 * tried again, up to CONTRAST_TSM_ATTEMPTS entries), rmdir the entry (also
 * on failure). Errors: E_DEVICE with the step, the path and strerror
 * (mkdir refused: no provider; wrong provider; a write or read refused;
 * generation race on every attempt; a blob over CONTRAST_TSM_BLOB_MAX),
 * E_NOMEM. */
int contrast_tsm_get(const char *dir, const char *want_provider,
                     const uint8_t *inblob, size_t inlen, int privlevel,
                     int want_aux, contrast_tsm_report *out,
                     contrast_err *err) CONTRAST_WUR;

void contrast_tsm_report_wipe(contrast_tsm_report *r);

#endif
