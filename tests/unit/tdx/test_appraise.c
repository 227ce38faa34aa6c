/* backends/tdx/appraise.c: tdx_appraise, the policy of spec/CASES.md for
 * TDX evidence: TCB_STATUS, TCB_TOO_LOW, DEBUG, POLICY, MEASUREMENT,
 * HOST_DATA, REPORT_DATA, in that order (the reason table's).
 *
 * Each test starts from the verification result of a good test-PKI case
 * (v5 body type 3, UpToDate), changes one claim in it or one key of the
 * policy, and asserts the exact code the CASES.md policy table gives. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/tdx.h"
#include "contrast/util.h"
#include "tdxpki.h"
#include "testsupport.h"

#define S(x) TDX_STATUS_##x

/* The verified good case (the quote buffer is kept alive in *c). */
static tdx_verified *good(tt_case *c) {
  tt_case_init(c, 5, 3);
  tt_case_build(c);
  tdx_verified *v = calloc(1, sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(tt_case_verify(c, v, &e), 0);
  CU_ASSERT_EQUAL_FATAL(v->status, S(UP_TO_DATE));
  return v;
}

static void done(tt_case *c, tdx_verified *v) {
  free(v);
  tt_case_wipe(c);
}

/* Appraise v with a policy given as JSON text (printf-style). */
__attribute__((format(printf, 3, 4))) static void
appraise(const tdx_verified *v, contrast_code want, const char *fmt, ...) {
  char text[2048];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof text);
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  if (j == NULL)
    fprintf(stderr, "  bad test policy %s: %s\n", text, je.text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  tdx_policy p;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_policy_from_json(j, &p, &e), 0);
  json_decref(j);
  contrast_err_clear(&e);
  int rc = tdx_appraise(v, &p, &e);
  if (e.code != want)
    fprintf(stderr, "  policy %s\n", text);
  ASSERT_CODE(e, want);
  CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
  tdx_policy_wipe(&p);
}

/* Lower-case hex of n bytes (a static buffer per slot). */
static const char *hx(int slot, const uint8_t *b, size_t n) {
  static char buf[8][2 * 64 + 1];
  CU_ASSERT_FATAL(slot >= 0 && slot < 8 && n <= 64);
  contrast_hex_encode(b, n, buf[slot]);
  return buf[slot];
}

/* ==== TCB_STATUS ==== */

static void test_tdx_appraise_default_accepts_up_to_date_only(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  appraise(v, CONTRAST_OK, "{}");
  for (int i = 0; i < TDX_STATUS_COUNT_; i++) {
    v->status = (tdx_status)i;
    appraise(v, i == S(UP_TO_DATE) ? CONTRAST_OK : CONTRAST_TCB_STATUS, "{}");
  }
  /* a NULL policy is the empty one */
  tdx_policy p;
  contrast_err e;
  CU_ASSERT_EQUAL(tdx_policy_from_json(NULL, &p, &e), 0);
  v->status = S(UP_TO_DATE);
  CU_ASSERT_EQUAL(tdx_appraise(v, &p, &e), 0);
  v->status = S(SW_HARDENING_NEEDED);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_appraise(v, &p, &e), -1);
  ASSERT_CODE(e, CONTRAST_TCB_STATUS);
  tdx_policy_wipe(&p);
  done(&c, v);
}

static void test_tdx_appraise_accepted_list(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  for (int i = 0; i < TDX_STATUS_COUNT_; i++) {
    const char *name = tdx_status_name((tdx_status)i);
    v->status = (tdx_status)i;
    int never = i == S(REVOKED) || i == S(NOT_SUPPORTED);
    appraise(v, never ? CONTRAST_TCB_STATUS : CONTRAST_OK,
             "{\"accepted_tcb_statuses\":[\"%s\"]}", name);
    /* a list without it */
    appraise(v, CONTRAST_TCB_STATUS,
             "{\"accepted_tcb_statuses\":[\"%s\"]}",
             i == S(OUT_OF_DATE) ? "UpToDate" : "OutOfDate");
  }
  /* every status listed: still never Revoked or NotSupported */
  const char *all = "{\"accepted_tcb_statuses\":[\"UpToDate\","
                    "\"SWHardeningNeeded\",\"ConfigurationNeeded\","
                    "\"ConfigurationAndSWHardeningNeeded\",\"OutOfDate\","
                    "\"OutOfDateConfigurationNeeded\",\"Revoked\","
                    "\"TDRelaunchAdvised\","
                    "\"TDRelaunchAdvisedConfigurationNeeded\","
                    "\"NotSupported\"]}";
  v->status = S(REVOKED);
  appraise(v, CONTRAST_TCB_STATUS, "%s", all);
  v->status = S(NOT_SUPPORTED);
  appraise(v, CONTRAST_TCB_STATUS, "%s", all);
  v->status = S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED);
  appraise(v, CONTRAST_OK, "%s", all);
  done(&c, v);
}

static void test_tdx_appraise_no_status_fails_tcb_status(void) {
  /* nothing computed: nothing to accept */
  tt_case c;
  tdx_verified *v = good(&c);
  v->has_status = 0;
  appraise(v, CONTRAST_TCB_STATUS, "{}");
  appraise(v, CONTRAST_TCB_STATUS,
           "{\"accepted_tcb_statuses\":[\"UpToDate\",\"NotSupported\"]}");
  done(&c, v);
}

/* ==== TCB_TOO_LOW ==== */

static void test_tdx_appraise_min_tcb_evaluation_data_number(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  CU_ASSERT_EQUAL(v->tcb_evaluation_data_number, 17);
  appraise(v, CONTRAST_TCB_TOO_LOW,
           "{\"tdx\":{\"MinTCBEvaluationDataNumber\":18}}");
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"MinTCBEvaluationDataNumber\":17}}");
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"MinTCBEvaluationDataNumber\":0}}");
  appraise(v, CONTRAST_TCB_TOO_LOW,
           "{\"tdx\":{\"MinTCBEvaluationDataNumber\":4294967295}}");
  done(&c, v);
}

static void test_tdx_appraise_min_eval_is_the_tcb_info_number(void) {
  /* CASES.md: the TCB info's tcbEvaluationDataNumber (not the QE
   * identity's) */
  tt_case c;
  tt_case_init(&c, 4, 2);
  c.tcb_info.eval_number = 16;
  c.qe_identity.eval_number = 99;
  tt_case_build(&c);
  tdx_verified *v = calloc(1, sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(tt_case_verify(&c, v, &e), 0);
  CU_ASSERT_EQUAL(v->tcb_evaluation_data_number, 16);
  appraise(v, CONTRAST_TCB_TOO_LOW,
           "{\"tdx\":{\"MinTCBEvaluationDataNumber\":17}}");
  done(&c, v);
}

/* ==== DEBUG ==== */

static void test_tdx_appraise_debug(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  v->quote.body.td_attributes[0] |= 0x01;
  appraise(v, CONTRAST_DEBUG, "{}");
  appraise(v, CONTRAST_DEBUG, "{\"allow_debug\":false}");
  appraise(v, CONTRAST_OK, "{\"allow_debug\":true}");
  /* only bit 0 is DEBUG: the other TUD bits are for the policy (§8) */
  v->quote.body.td_attributes[0] = 0x70;
  appraise(v, CONTRAST_OK, "{}");
  /* TD_ATTRIBUTES bits this verifier does not know are not refused by
   * themselves (CASES.md "never optional") */
  v->quote.body.td_attributes[0] = 0;
  v->quote.body.td_attributes[7] = 0xc0;
  appraise(v, CONTRAST_OK, "{}");
  done(&c, v);
}

/* ==== POLICY ==== */

static void test_tdx_appraise_td_attributes_and_xfam(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  const tdx_body *b = &v->quote.body;
  appraise(v, CONTRAST_OK,
           "{\"tdx\":{\"TdAttributes\":\"%s\",\"Xfam\":\"%s\"}}",
           hx(0, b->td_attributes, 8), hx(1, b->xfam, 8));
  uint8_t t[8];
  for (size_t i = 0; i < 8; i++) {
    memcpy(t, b->td_attributes, 8);
    t[i] ^= 0x80; /* bit 8i+7, bit 63 included */
    appraise(v, CONTRAST_POLICY, "{\"tdx\":{\"TdAttributes\":\"%s\"}}",
             hx(0, t, 8));
    memcpy(t, b->xfam, 8);
    t[i] ^= 0x01;
    appraise(v, CONTRAST_POLICY, "{\"tdx\":{\"Xfam\":\"%s\"}}", hx(0, t, 8));
  }
  /* the DEBUG bit is judged first, by allow_debug: a debug TD with the
   * attributes of the reference (which include DEBUG) passes when debug is
   * allowed, and fails on POLICY when the reference lacks DEBUG */
  memcpy(t, b->td_attributes, 8);
  v->quote.body.td_attributes[0] |= 0x01;
  appraise(v, CONTRAST_POLICY,
           "{\"allow_debug\":true,\"tdx\":{\"TdAttributes\":\"%s\"}}",
           hx(0, t, 8));
  appraise(v, CONTRAST_OK,
           "{\"allow_debug\":true,\"tdx\":{\"TdAttributes\":\"%s\"}}",
           hx(0, v->quote.body.td_attributes, 8));
  appraise(v, CONTRAST_DEBUG, "{\"tdx\":{\"TdAttributes\":\"%s\"}}",
           hx(0, v->quote.body.td_attributes, 8));
  done(&c, v);
}

static void test_tdx_appraise_allowed_piids(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  CU_ASSERT_EQUAL_FATAL(v->pck.has_piid, 1);
  uint8_t other[16];
  memcpy(other, v->pck.piid, 16);
  other[15] ^= 0x01;
  const char *mine = hx(0, v->pck.piid, 16), *not_mine = hx(1, other, 16);
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"AllowedPIIDs\":[\"%s\"]}}", mine);
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"AllowedPIIDs\":[\"%s\",\"%s\"]}}",
           not_mine, mine);
  appraise(v, CONTRAST_POLICY, "{\"tdx\":{\"AllowedPIIDs\":[\"%s\"]}}",
           not_mine);
  /* empty: not checked */
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"AllowedPIIDs\":[]}}");
  /* upper-case hex is the same value */
  char upper[33];
  for (size_t i = 0; i < 32; i++)
    upper[i] = (char)(mine[i] >= 'a' ? mine[i] - 32 : mine[i]);
  upper[32] = '\0';
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"AllowedPIIDs\":[\"%s\"]}}", upper);
  /* a Processor-CA PCK has no platform instance ID */
  v->pck.has_piid = 0;
  appraise(v, CONTRAST_POLICY, "{\"tdx\":{\"AllowedPIIDs\":[\"%s\"]}}", mine);
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"AllowedPIIDs\":[]}}");
  done(&c, v);
}

/* ==== MEASUREMENT ==== */

static void test_tdx_appraise_measurements(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  const tdx_body *b = &v->quote.body;
  uint8_t x[48];
  appraise(v, CONTRAST_OK,
           "{\"tdx\":{\"MrTd\":\"%s\",\"MrSeam\":\"%s\",\"Rtmrs\":[\"%s\","
           "\"%s\",\"%s\",\"%s\"]}}",
           hx(0, b->mr_td, 48), hx(1, b->mr_seam, 48), hx(2, b->rtmr[0], 48),
           hx(3, b->rtmr[1], 48), hx(4, b->rtmr[2], 48),
           hx(5, b->rtmr[3], 48));
  memcpy(x, b->mr_td, 48);
  x[47] ^= 1;
  appraise(v, CONTRAST_MEASUREMENT, "{\"tdx\":{\"MrTd\":\"%s\"}}",
           hx(0, x, 48));
  memcpy(x, b->mr_seam, 48);
  x[0] ^= 1;
  appraise(v, CONTRAST_MEASUREMENT, "{\"tdx\":{\"MrSeam\":\"%s\"}}",
           hx(0, x, 48));
  /* each RTMR, the others null (not checked) */
  for (int r = 0; r < 4; r++) {
    memcpy(x, b->rtmr[r], 48);
    x[r] ^= 1;
    const char *e[4] = {"null", "null", "null", "null"};
    char q[4][100];
    (void)snprintf(q[r], sizeof q[r], "\"%.96s\"", hx(r, x, 48));
    e[r] = q[r];
    appraise(v, CONTRAST_MEASUREMENT,
             "{\"tdx\":{\"Rtmrs\":[%s,%s,%s,%s]}}", e[0], e[1], e[2], e[3]);
    /* ...and the matching value passes */
    (void)snprintf(q[r], sizeof q[r], "\"%.96s\"", hx(r, b->rtmr[r], 48));
    appraise(v, CONTRAST_OK, "{\"tdx\":{\"Rtmrs\":[%s,%s,%s,%s]}}", e[0],
             e[1], e[2], e[3]);
  }
  /* all null: nothing checked */
  appraise(v, CONTRAST_OK, "{\"tdx\":{\"Rtmrs\":[null,null,null,null]}}");
  done(&c, v);
}

/* ==== HOST_DATA, REPORT_DATA ==== */

static void test_tdx_appraise_host_data(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  const tdx_body *b = &v->quote.body;
  appraise(v, CONTRAST_OK, "{\"host_data\":\"%s\"}",
           hx(0, b->mr_config_id, 32));
  uint8_t x[32];
  memcpy(x, b->mr_config_id, 32);
  x[31] ^= 1;
  appraise(v, CONTRAST_HOST_DATA, "{\"host_data\":\"%s\"}", hx(0, x, 32));
  memcpy(x, b->mr_config_id, 32);
  x[0] ^= 0x80;
  appraise(v, CONTRAST_HOST_DATA, "{\"host_data\":\"%s\"}", hx(0, x, 32));
  /* bytes 32..47 of MRCONFIGID are not compared */
  memset(v->quote.body.mr_config_id + 32, 0xee, 16);
  appraise(v, CONTRAST_OK, "{\"host_data\":\"%s\"}",
           hx(0, b->mr_config_id, 32));
  done(&c, v);
}

static void test_tdx_appraise_report_data(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  const tdx_body *b = &v->quote.body;
  appraise(v, CONTRAST_OK, "{\"report_data\":\"%s\"}",
           hx(0, b->report_data, 64));
  uint8_t x[64];
  for (size_t i = 0; i < 64; i += 63) {
    memcpy(x, b->report_data, 64);
    x[i] ^= 1;
    appraise(v, CONTRAST_REPORT_DATA, "{\"report_data\":\"%s\"}",
             hx(0, x, 64));
  }
  done(&c, v);
}

/* ==== the order of the reason table ==== */

static void test_tdx_appraise_reason_order(void) {
  tt_case c;
  tdx_verified *v = good(&c);
  /* every check fails: the first in the table's order wins, and each
   * one, once fixed, hands over to the next */
  uint8_t bad48[48], bad64[64];
  memset(bad48, 0xab, 48);
  memset(bad64, 0xcd, 64);
#define fmt                                                                   \
  "{\"accepted_tcb_statuses\":[%s],\"allow_debug\":%s,"                       \
  "\"report_data\":\"%s\",\"host_data\":\"%s\",\"tdx\":{"                      \
  "\"MinTCBEvaluationDataNumber\":%d,\"Xfam\":\"%s\",\"MrTd\":\"%s\"}}"
  const char *xfam_bad = "0300000000000000";
  const char *rd_bad = hx(0, bad64, 64), *hd_bad = hx(1, bad64, 32);
  const char *mr_bad = hx(2, bad48, 48);
  const char *xfam_ok = hx(3, v->quote.body.xfam, 8);
  const char *mr_ok = hx(4, v->quote.body.mr_td, 48);
  const char *hd_ok = hx(5, v->quote.body.mr_config_id, 32);
  v->status = S(OUT_OF_DATE);
  v->quote.body.td_attributes[0] |= 1;
  appraise(v, CONTRAST_TCB_STATUS, fmt, "\"UpToDate\"", "false", rd_bad,
           hd_bad, 99, xfam_bad, mr_bad);
  appraise(v, CONTRAST_TCB_TOO_LOW, fmt, "\"OutOfDate\"", "false", rd_bad,
           hd_bad, 99, xfam_bad, mr_bad);
  appraise(v, CONTRAST_DEBUG, fmt, "\"OutOfDate\"", "false", rd_bad, hd_bad,
           17, xfam_bad, mr_bad);
  appraise(v, CONTRAST_POLICY, fmt, "\"OutOfDate\"", "true", rd_bad, hd_bad,
           17, xfam_bad, mr_bad);
  appraise(v, CONTRAST_MEASUREMENT, fmt, "\"OutOfDate\"", "true", rd_bad,
           hd_bad, 17, xfam_ok, mr_bad);
  appraise(v, CONTRAST_HOST_DATA, fmt, "\"OutOfDate\"", "true", rd_bad,
           hd_bad, 17, xfam_ok, mr_ok);
  appraise(v, CONTRAST_REPORT_DATA, fmt, "\"OutOfDate\"", "true", rd_bad,
           hd_ok, 17, xfam_ok, mr_ok);
  appraise(v, CONTRAST_OK, fmt, "\"OutOfDate\"", "true",
           hx(0, v->quote.body.report_data, 64), hd_ok, 17, xfam_ok, mr_ok);
#undef fmt
  done(&c, v);
}

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      T(test_tdx_appraise_default_accepts_up_to_date_only),
      T(test_tdx_appraise_accepted_list),
      T(test_tdx_appraise_no_status_fails_tcb_status),
      T(test_tdx_appraise_min_tcb_evaluation_data_number),
      T(test_tdx_appraise_min_eval_is_the_tcb_info_number),
      T(test_tdx_appraise_debug),
      T(test_tdx_appraise_td_attributes_and_xfam),
      T(test_tdx_appraise_allowed_piids),
      T(test_tdx_appraise_measurements),
      T(test_tdx_appraise_host_data),
      T(test_tdx_appraise_report_data),
      T(test_tdx_appraise_reason_order),
      {NULL, NULL}};
  int rc = test_run_suite("tdx_appraise", tests);
  tt_cleanup();
  return rc;
}
