/* The TEE-neutral part of a CASES.md policy object. */
#ifndef CONTRAST_POLICY_H
#define CONTRAST_POLICY_H

#include <stdint.h>

#include <jansson.h>

#include "contrast/error.h"

typedef struct contrast_policy_base {
  int has_report_data;
  uint8_t report_data[64];
  int has_host_data;
  uint8_t host_data[32];
  int allow_debug; /* default 0 */
  int require_crl; /* default 0 */
} contrast_policy_base;

/* Read `report_data`, `host_data`, `allow_debug`, `require_crl` from a
 * policy object (other keys are the caller's to check).
 * Errors: E_UNUSABLE naming the key. */
int contrast_policy_base_from_json(const json_t *policy,
                                   contrast_policy_base *out,
                                   contrast_err *err) CONTRAST_WUR;

#endif
