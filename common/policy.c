/* Shared policy keys of spec/CASES.md "Policy". */
#include <string.h>

#include "contrast/json.h"
#include "contrast/policy.h"
#include "guard.h"

int contrast_policy_base_from_json(const json_t *policy,
                                   contrast_policy_base *out,
                                   contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (policy == NULL)
    return 0;
  ENSURE(json_is_object(policy), E_UNUSABLE, "policy: not an object");
  GUARD(contrast_json_get_hex(policy, "report_data", "policy", CONTRAST_E_UNUSABLE,
                              out->report_data, 64, &out->has_report_data,
                              err));
  GUARD(contrast_json_get_hex(policy, "host_data", "policy", CONTRAST_E_UNUSABLE,
                              out->host_data, 32, &out->has_host_data, err));
  GUARD(contrast_json_get_bool(policy, "allow_debug", "policy",
                               CONTRAST_E_UNUSABLE, &out->allow_debug, NULL,
                               err));
  GUARD(contrast_json_get_bool(policy, "require_crl", "policy",
                               CONTRAST_E_UNUSABLE, &out->require_crl, NULL,
                               err));
  return 0;
}
