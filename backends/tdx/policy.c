/* The CASES.md policy object for TDX cases (the `tdx` keys are Contrast's
 * manifest names). */
#include <stdlib.h>
#include <string.h>

#include "contrast/json.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "guard.h"

#define U CONTRAST_E_UNUSABLE

static int hex_list(const json_t *a, const char *what, size_t n_bytes,
                    size_t max, uint8_t **out, size_t *n, contrast_err *err) {
  ENSURE(json_is_array(a), E_UNUSABLE, "%s must be an array", what);
  ENSURE(json_array_size(a) <= max, E_UNUSABLE, "%s: more than %zu entries",
         what, max);
  *n = json_array_size(a);
  if (*n == 0)
    return 0;
  *out = calloc(*n, n_bytes);
  ENSURE_ALLOC(*out);
  for (size_t i = 0; i < *n; i++) {
    json_t *v = json_array_get(a, i);
    ENSURE(json_is_string(v), E_UNUSABLE, "%s[%zu] must be a hex string", what,
           i);
    char field[96];
    (void)snprintf(field, sizeof field, "%s[%zu]", what, i);
    GUARD(contrast_hex_decode(json_string_value(v), *out + i * n_bytes,
                              n_bytes, field, U, err));
  }
  return 0;
}

static int ref_values(const json_t *o, tdx_ref_values *r, contrast_err *err) {
  static const char *const keys[] = {"MrTd",         "MrSeam",
                                     "Rtmrs",        "Xfam",
                                     "TdAttributes", "AllowedPIIDs",
                                     "MinTCBEvaluationDataNumber"};
  const char *w = "policy.tdx";
  GUARD(contrast_json_only_keys(o, keys, CONTRAST_ARRAY_LEN(keys), w, U, err));
  GUARD(contrast_json_get_hex(o, "MrTd", w, U, r->mr_td, 48, &r->has_mr_td,
                              err));
  GUARD(contrast_json_get_hex(o, "MrSeam", w, U, r->mr_seam, 48,
                              &r->has_mr_seam, err));
  GUARD(contrast_json_get_hex(o, "Xfam", w, U, r->xfam, 8, &r->has_xfam, err));
  GUARD(contrast_json_get_hex(o, "TdAttributes", w, U, r->td_attributes, 8,
                              &r->has_td_attributes, err));
  json_t *rt = json_object_get(o, "Rtmrs");
  if (rt != NULL && !json_is_null(rt)) {
    ENSURE(json_is_array(rt) && json_array_size(rt) == 4, E_UNUSABLE,
           "policy.tdx: Rtmrs must be an array of exactly 4 entries");
    r->has_rtmrs = 1;
    for (size_t i = 0; i < 4; i++) {
      json_t *v = json_array_get(rt, i);
      if (json_is_null(v))
        continue;
      ENSURE(json_is_string(v), E_UNUSABLE,
             "policy.tdx: Rtmrs[%zu] must be hex or null", i);
      char field[32];
      (void)snprintf(field, sizeof field, "policy.tdx: Rtmrs[%zu]", i);
      GUARD(contrast_hex_decode(json_string_value(v), r->rtmrs[i], 48, field,
                                U, err));
      r->rtmr_checked[i] = 1;
    }
  }
  json_t *piids = json_object_get(o, "AllowedPIIDs");
  if (piids != NULL && !json_is_null(piids)) {
    uint8_t *buf = NULL;
    int rc = hex_list(piids, "policy.tdx: AllowedPIIDs", 16, 4096, &buf,
                      &r->n_piids, err);
    /* owned by r even when an entry was bad: tdx_policy_wipe frees it */
    r->piids = (uint8_t(*)[16])buf;
    GUARD(rc);
  }
  GUARD(contrast_json_get_u64(o, "MinTCBEvaluationDataNumber", w, U,
                              UINT32_MAX, &r->min_eval, &r->has_min_eval,
                              err));
  return 0;
}

static int accepted(const json_t *a, uint32_t *out, contrast_err *err) {
  ENSURE(json_is_array(a), E_UNUSABLE,
         "policy: accepted_tcb_statuses must be an array");
  *out = 0;
  for (size_t i = 0; i < json_array_size(a); i++) {
    json_t *v = json_array_get(a, i);
    tdx_status s;
    ENSURE(json_is_string(v) &&
               tdx_status_from_name(json_string_value(v), &s) == 0,
           E_UNUSABLE, "policy: accepted_tcb_statuses[%zu] is not a TDX "
                       "status",
           i);
    *out |= 1u << s;
  }
  return 0;
}

int tdx_policy_from_json(const json_t *policy, tdx_policy *out,
                         contrast_err *err) {
  memset(out, 0, sizeof *out);
  out->accepted = 1u << TDX_STATUS_UP_TO_DATE;
  if (policy == NULL)
    return 0;
  static const char *const keys[] = {"tdx",       "report_data", "host_data",
                                     "allow_debug", "require_crl",
                                     "accepted_tcb_statuses", "snp", "vmpl"};
  GUARD(contrast_json_only_keys(policy, keys, CONTRAST_ARRAY_LEN(keys),
                                "policy", U, err));
  ENSURE(json_object_get(policy, "snp") == NULL &&
             json_object_get(policy, "vmpl") == NULL,
         E_UNUSABLE, "policy: 'snp' and 'vmpl' apply to SNP evidence only");
  GUARD(contrast_policy_base_from_json(policy, &out->base, err));
  json_t *acc = json_object_get(policy, "accepted_tcb_statuses");
  if (acc != NULL)
    GUARD(accepted(acc, &out->accepted, err));
  json_t *tdx = NULL;
  GUARD(contrast_json_get_object(policy, "tdx", "policy", U, &tdx,
                                 &out->has_ref, err));
  if (out->has_ref && ref_values(tdx, &out->ref, err) != 0) {
    tdx_policy_wipe(out);
    return -1;
  }
  return 0;
}

void tdx_policy_wipe(tdx_policy *p) {
  if (p == NULL)
    return;
  free(p->ref.piids);
  memset(p, 0, sizeof *p);
}
