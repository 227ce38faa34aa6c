/* Appraisal of verified TDX evidence against a CASES.md policy, in the order
 * of the reason table: TCB_STATUS, TCB_TOO_LOW, DEBUG, POLICY, MEASUREMENT,
 * HOST_DATA, REPORT_DATA. */
#include <string.h>

#include <openssl/crypto.h>

#include "contrast/tdx.h"
#include "guard.h"

#define TD_ATTR_DEBUG 0x01u /* TD_ATTRIBUTES bit 0 (byte 0, LE) */

int tdx_appraise(const tdx_verified *v, const tdx_policy *pol,
                 contrast_err *err) {
  const tdx_body *b = &v->quote.body;
  const tdx_ref_values *r = &pol->ref;
  /* Revoked and NotSupported are never accepted, whatever the list says */
  int ok = v->has_status && v->status != TDX_STATUS_REVOKED &&
           v->status != TDX_STATUS_NOT_SUPPORTED &&
           (pol->accepted & (1u << v->status)) != 0;
  ENSURE(ok, TCB_STATUS, "TCB status %s is not accepted",
         v->has_status ? tdx_status_name(v->status) : "(none)");
  if (pol->has_ref && r->has_min_eval)
    ENSURE(v->tcb_evaluation_data_number >= r->min_eval, TCB_TOO_LOW,
           "TCB info tcbEvaluationDataNumber %llu < minimum %llu",
           (unsigned long long)v->tcb_evaluation_data_number,
           (unsigned long long)r->min_eval);
  ENSURE((b->td_attributes[0] & TD_ATTR_DEBUG) == 0 || pol->base.allow_debug,
         DEBUG, "TD_ATTRIBUTES.DEBUG is set and allow_debug is false");
  if (pol->has_ref) {
    if (r->has_td_attributes)
      ENSURE(memcmp(b->td_attributes, r->td_attributes, 8) == 0, POLICY,
             "TD_ATTRIBUTES differ from the reference");
    if (r->has_xfam)
      ENSURE(memcmp(b->xfam, r->xfam, 8) == 0, POLICY,
             "XFAM differs from the reference");
    if (r->n_piids > 0) {
      ENSURE(v->pck.has_piid, POLICY,
             "the PCK certificate has no platform instance ID");
      int found = 0;
      for (size_t i = 0; i < r->n_piids; i++)
        found |= memcmp(r->piids[i], v->pck.piid, 16) == 0;
      ENSURE(found, POLICY,
             "platform instance ID is not among the AllowedPIIDs");
    }
    if (r->has_mr_td)
      ENSURE(CRYPTO_memcmp(b->mr_td, r->mr_td, 48) == 0, MEASUREMENT,
             "MRTD differs from the reference");
    if (r->has_mr_seam)
      ENSURE(CRYPTO_memcmp(b->mr_seam, r->mr_seam, 48) == 0, MEASUREMENT,
             "MRSEAM differs from the reference");
    for (int i = 0; i < 4; i++)
      if (r->has_rtmrs && r->rtmr_checked[i])
        ENSURE(CRYPTO_memcmp(b->rtmr[i], r->rtmrs[i], 48) == 0, MEASUREMENT,
               "RTMR%d differs from the reference", i);
  }
  if (pol->base.has_host_data)
    ENSURE(CRYPTO_memcmp(b->mr_config_id, pol->base.host_data, 32) == 0,
           HOST_DATA, "MRCONFIGID bytes 0..31 differ from the policy's "
                      "host_data");
  if (pol->base.has_report_data)
    ENSURE(CRYPTO_memcmp(b->report_data, pol->base.report_data, 64) == 0,
           REPORT_DATA, "REPORTDATA differs from the policy's report_data");
  return 0;
}
