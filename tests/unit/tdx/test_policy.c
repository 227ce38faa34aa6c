/* backends/tdx/policy.c: tdx_policy_from_json, the CASES.md policy object
 * of a TDX case. Every key of the policy table and of the `tdx` reference
 * value; an unknown key, an SNP-only key, a value of the wrong shape or an
 * unknown status string makes the case unusable (E_UNUSABLE, CASES.md: "an
 * unknown policy key ... exits 2"). Inside a `tdx` object that is present a
 * missing field is not checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/tdx.h"
#include "contrast/util.h"
#include "testsupport.h"

#define S(x) TDX_STATUS_##x

static const char H48[] = "000102030405060708090a0b0c0d0e0f101112131415161718"
                          "191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f";

static int from_text(const char *text, tdx_policy *p, contrast_err *e) {
  json_error_t je;
  json_t *j = json_loads(text, JSON_DECODE_ANY, &je);
  if (j == NULL)
    fprintf(stderr, "  bad test JSON %s: %s\n", text, je.text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  contrast_err_clear(e);
  memset(p, 0x5a, sizeof *p);
  int rc = tdx_policy_from_json(j, p, e);
  json_decref(j);
  return rc;
}

static void unusable(const char *text) {
  tdx_policy p;
  contrast_err e;
  int rc = from_text(text, &p, &e);
  if (rc != -1 || e.code != CONTRAST_E_UNUSABLE)
    fprintf(stderr, "  %s: expected E_UNUSABLE, got %s\n", text,
            contrast_code_name(e.code));
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  /* on failure nothing is left allocated (valgrind checks) */
  if (rc == 0)
    tdx_policy_wipe(&p);
}

static void usable(const char *text, tdx_policy *p) {
  contrast_err e;
  int rc = from_text(text, p, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: %s %s\n", text, contrast_code_name(e.code),
            e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static void test_tdx_policy_from_json_defaults(void) {
  tdx_policy p;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_policy_from_json(NULL, &p, &e), 0);
  CU_ASSERT_EQUAL(p.accepted, 1u << S(UP_TO_DATE));
  CU_ASSERT_EQUAL(p.has_ref, 0);
  CU_ASSERT_EQUAL(p.base.allow_debug, 0);
  CU_ASSERT_EQUAL(p.base.require_crl, 0);
  CU_ASSERT_EQUAL(p.base.has_report_data, 0);
  CU_ASSERT_EQUAL(p.base.has_host_data, 0);
  tdx_policy_wipe(&p);
  usable("{}", &p);
  CU_ASSERT_EQUAL(p.accepted, 1u << S(UP_TO_DATE));
  CU_ASSERT_EQUAL(p.has_ref, 0);
  tdx_policy_wipe(&p);
  /* an empty tdx object: present, nothing checked */
  usable("{\"tdx\":{}}", &p);
  CU_ASSERT_EQUAL(p.has_ref, 1);
  CU_ASSERT_EQUAL(p.ref.has_mr_td + p.ref.has_mr_seam + p.ref.has_rtmrs +
                      p.ref.has_xfam + p.ref.has_td_attributes +
                      p.ref.has_min_eval,
                  0);
  CU_ASSERT_EQUAL(p.ref.n_piids, 0);
  tdx_policy_wipe(&p);
  tdx_policy_wipe(NULL);
}

static void test_tdx_policy_from_json_every_key(void) {
  char text[2048];
  (void)snprintf(
      text, sizeof text,
      "{\"report_data\":\"%s%s\",\"host_data\":\"%.64s\","
      "\"allow_debug\":true,\"require_crl\":true,"
      "\"accepted_tcb_statuses\":[\"OutOfDate\",\"TDRelaunchAdvised\"],"
      "\"tdx\":{\"MrTd\":\"%s\",\"MrSeam\":\"%s\",\"Rtmrs\":[\"%s\",null,"
      "\"%s\",null],\"Xfam\":\"e702060000000000\",\"TdAttributes\":"
      "\"0000001000000000\",\"AllowedPIIDs\":[\"%.32s\",\"%.32s\"],"
      "\"MinTCBEvaluationDataNumber\":17}}",
      H48, "00000000000000000000000000000000", H48, H48, H48, H48,
      H48, H48, H48 + 2);
  tdx_policy p;
  usable(text, &p);
  uint8_t want[48];
  CU_ASSERT_EQUAL(contrast_hex_decode(H48, want, 48, "x", CONTRAST_E_USAGE,
                                      NULL),
                  0);
  CU_ASSERT_EQUAL(p.base.has_report_data, 1);
  CU_ASSERT_EQUAL(memcmp(p.base.report_data, want, 48), 0);
  CU_ASSERT_EQUAL(p.base.has_host_data, 1);
  CU_ASSERT_EQUAL(memcmp(p.base.host_data, want, 32), 0);
  CU_ASSERT_EQUAL(p.base.allow_debug, 1);
  CU_ASSERT_EQUAL(p.base.require_crl, 1);
  CU_ASSERT_EQUAL(p.accepted,
                  (1u << S(OUT_OF_DATE)) | (1u << S(TD_RELAUNCH_ADVISED)));
  CU_ASSERT_EQUAL(p.has_ref, 1);
  CU_ASSERT_EQUAL(p.ref.has_mr_td, 1);
  CU_ASSERT_EQUAL(memcmp(p.ref.mr_td, want, 48), 0);
  CU_ASSERT_EQUAL(p.ref.has_mr_seam, 1);
  CU_ASSERT_EQUAL(p.ref.has_rtmrs, 1);
  CU_ASSERT_EQUAL(p.ref.rtmr_checked[0], 1);
  CU_ASSERT_EQUAL(p.ref.rtmr_checked[1], 0);
  CU_ASSERT_EQUAL(p.ref.rtmr_checked[2], 1);
  CU_ASSERT_EQUAL(p.ref.rtmr_checked[3], 0);
  CU_ASSERT_EQUAL(memcmp(p.ref.rtmrs[2], want, 48), 0);
  CU_ASSERT_EQUAL(p.ref.has_xfam, 1);
  CU_ASSERT_EQUAL(p.ref.xfam[0], 0xe7);
  CU_ASSERT_EQUAL(p.ref.xfam[2], 0x06);
  CU_ASSERT_EQUAL(p.ref.has_td_attributes, 1);
  CU_ASSERT_EQUAL(p.ref.td_attributes[3], 0x10);
  CU_ASSERT_EQUAL_FATAL(p.ref.n_piids, 2);
  CU_ASSERT_EQUAL(memcmp(p.ref.piids[0], want, 16), 0);
  CU_ASSERT_EQUAL(memcmp(p.ref.piids[1], want + 1, 16), 0);
  CU_ASSERT_EQUAL(p.ref.has_min_eval, 1);
  CU_ASSERT_EQUAL(p.ref.min_eval, 17);
  tdx_policy_wipe(&p);
  CU_ASSERT_PTR_NULL(p.ref.piids);
}

static void test_tdx_policy_from_json_all_statuses(void) {
  static const char *const names[TDX_STATUS_COUNT_] = {
      "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded", "OutOfDate",
      "OutOfDateConfigurationNeeded", "Revoked", "TDRelaunchAdvised",
      "TDRelaunchAdvisedConfigurationNeeded", "NotSupported"};
  for (int i = 0; i < TDX_STATUS_COUNT_; i++) {
    char text[160];
    (void)snprintf(text, sizeof text, "{\"accepted_tcb_statuses\":[\"%s\"]}",
                   names[i]);
    tdx_policy p;
    usable(text, &p);
    CU_ASSERT_EQUAL(p.accepted, 1u << i);
    tdx_policy_wipe(&p);
  }
  tdx_policy p;
  usable("{\"accepted_tcb_statuses\":[]}", &p);
  CU_ASSERT_EQUAL(p.accepted, 0);
  tdx_policy_wipe(&p);
}

static void test_tdx_policy_from_json_unknown_keys_unusable(void) {
  unusable("{\"foo\":1}");
  unusable("{\"AllowDebug\":true}");
  unusable("{\"tdx\":{\"Mrtd\":\"00\"}}");
  unusable("{\"tdx\":{\"MrTD\":\"00\"}}");
  unusable("{\"tdx\":{\"MrConfigId\":\"00\"}}");
  unusable("{\"tdx\":{\"MrTd\":null,\"Platform\":\"x\"}}");
  /* the SNP keys (CASES.md: `snp` and `vmpl` apply to snp) */
  unusable("{\"snp\":{}}");
  unusable("{\"vmpl\":0}");
  unusable("{\"tdx\":{},\"snp\":{\"TrustedMeasurement\":\"00\"}}");
  /* SNP reference keys inside tdx */
  unusable("{\"tdx\":{\"TrustedMeasurement\":\"00\"}}");
  unusable("{\"tdx\":{\"MinimumTCB\":{}}}");
  /* not objects */
  unusable("[]");
  unusable("\"tdx\"");
  unusable("{\"tdx\":[]}");
  unusable("{\"tdx\":\"x\"}");
}

static void test_tdx_policy_from_json_rtmrs_shape_unusable(void) {
  char text[1024];
  (void)snprintf(text, sizeof text, "{\"tdx\":{\"Rtmrs\":[\"%s\",null,null]}}",
                 H48);
  unusable(text);
  (void)snprintf(text, sizeof text,
                 "{\"tdx\":{\"Rtmrs\":[null,null,null,null,\"%s\"]}}", H48);
  unusable(text);
  unusable("{\"tdx\":{\"Rtmrs\":[]}}");
  unusable("{\"tdx\":{\"Rtmrs\":{}}}");
  unusable("{\"tdx\":{\"Rtmrs\":\"00\"}}");
  unusable("{\"tdx\":{\"Rtmrs\":[null,null,null,0]}}");
  unusable("{\"tdx\":{\"Rtmrs\":[null,null,null,\"00\"]}}");
  unusable("{\"tdx\":{\"Rtmrs\":[null,null,null,[]]}}");
  tdx_policy p;
  usable("{\"tdx\":{\"Rtmrs\":[null,null,null,null]}}", &p);
  CU_ASSERT_EQUAL(p.ref.rtmr_checked[0] + p.ref.rtmr_checked[1] +
                      p.ref.rtmr_checked[2] + p.ref.rtmr_checked[3],
                  0);
  tdx_policy_wipe(&p);
}

static void test_tdx_policy_from_json_bad_hex_unusable(void) {
  char text[1024];
  /* 47 and 49 bytes, odd length, a non-hex digit */
  static const char *const keys48[] = {"MrTd", "MrSeam"};
  for (size_t k = 0; k < 2; k++) {
    (void)snprintf(text, sizeof text, "{\"tdx\":{\"%s\":\"%.94s\"}}",
                   keys48[k], H48);
    unusable(text);
    (void)snprintf(text, sizeof text, "{\"tdx\":{\"%s\":\"%s00\"}}",
                   keys48[k], H48);
    unusable(text);
    (void)snprintf(text, sizeof text, "{\"tdx\":{\"%s\":\"%s0\"}}",
                   keys48[k], H48);
    unusable(text);
    (void)snprintf(text, sizeof text, "{\"tdx\":{\"%s\":\"%.95sx\"}}",
                   keys48[k], H48);
    unusable(text);
    (void)snprintf(text, sizeof text, "{\"tdx\":{\"%s\":48}}", keys48[k]);
    unusable(text);
  }
  unusable("{\"tdx\":{\"Xfam\":\"e7020600000000\"}}");
  unusable("{\"tdx\":{\"Xfam\":\"e70206000000000000\"}}");
  unusable("{\"tdx\":{\"TdAttributes\":\"0x00001000000000\"}}");
  unusable("{\"tdx\":{\"TdAttributes\":0}}");
  unusable("{\"tdx\":{\"AllowedPIIDs\":[\"00\"]}}");
  (void)snprintf(text, sizeof text,
                 "{\"tdx\":{\"AllowedPIIDs\":[\"%.32s\",\"%.30s\"]}}", H48,
                 H48);
  unusable(text);
  unusable("{\"tdx\":{\"AllowedPIIDs\":\"00\"}}");
  unusable("{\"tdx\":{\"AllowedPIIDs\":[7]}}");
  /* report_data 64 bytes, host_data 32 */
  (void)snprintf(text, sizeof text, "{\"report_data\":\"%s\"}", H48);
  unusable(text);
  (void)snprintf(text, sizeof text, "{\"host_data\":\"%s\"}", H48);
  unusable(text);
  (void)snprintf(text, sizeof text, "{\"host_data\":\"%.62s\"}", H48);
  unusable(text);
}

static void test_tdx_policy_from_json_other_values_unusable(void) {
  unusable("{\"accepted_tcb_statuses\":[\"uptodate\"]}");
  unusable("{\"accepted_tcb_statuses\":[\"UpToDate\",\"Fine\"]}");
  unusable("{\"accepted_tcb_statuses\":[\"OK\"]}");
  unusable("{\"accepted_tcb_statuses\":[\"\"]}");
  unusable("{\"accepted_tcb_statuses\":\"UpToDate\"}");
  unusable("{\"accepted_tcb_statuses\":[1]}");
  unusable("{\"accepted_tcb_statuses\":[null]}");
  unusable("{\"allow_debug\":1}");
  unusable("{\"allow_debug\":\"true\"}");
  unusable("{\"require_crl\":\"yes\"}");
  unusable("{\"tdx\":{\"MinTCBEvaluationDataNumber\":-1}}");
  unusable("{\"tdx\":{\"MinTCBEvaluationDataNumber\":\"17\"}}");
  unusable("{\"tdx\":{\"MinTCBEvaluationDataNumber\":1.5}}");
  /* a failure after AllowedPIIDs were read leaves nothing allocated
   * (valgrind) */
  char text[512];
  (void)snprintf(text, sizeof text,
                 "{\"tdx\":{\"AllowedPIIDs\":[\"%.32s\"],"
                 "\"MinTCBEvaluationDataNumber\":\"x\"}}",
                 H48);
  unusable(text);
}

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      T(test_tdx_policy_from_json_defaults),
      T(test_tdx_policy_from_json_every_key),
      T(test_tdx_policy_from_json_all_statuses),
      T(test_tdx_policy_from_json_unknown_keys_unusable),
      T(test_tdx_policy_from_json_rtmrs_shape_unusable),
      T(test_tdx_policy_from_json_bad_hex_unusable),
      T(test_tdx_policy_from_json_other_values_unusable),
      {NULL, NULL}};
  return test_run_suite("tdx_policy", tests);
}
