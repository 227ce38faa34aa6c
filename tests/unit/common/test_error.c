/* Tests of common/error.c: the error record (first error wins) and the
 * reason-code names of spec/CASES.md "Reason codes". */
#include <stdio.h>
#include <string.h>

#include "contrast/error.h"
#include "testsupport.h"

/* The reason table of spec/CASES.md, in its order (which is the priority). */
static const char *const cases_reasons[] = {
    "MALFORMED",    "UNSUPPORTED", "SIGNATURE",  "KEY_BINDING",
    "CHAIN",        "EXPIRED",     "REVOKED",    "COLLATERAL",
    "TCB_MISMATCH", "TCB_STATUS",  "TCB_TOO_LOW", "DEBUG",
    "POLICY",       "MEASUREMENT", "HOST_DATA",  "REPORT_DATA"};
#define N_REASONS (sizeof cases_reasons / sizeof cases_reasons[0])

static const struct {
  contrast_code code;
  const char *name;
} operational[] = {
    {CONTRAST_E_IO, "E_IO"},           {CONTRAST_E_NOMEM, "E_NOMEM"},
    {CONTRAST_E_USAGE, "E_USAGE"},     {CONTRAST_E_UNUSABLE, "E_UNUSABLE"},
    {CONTRAST_E_CRYPTO, "E_CRYPTO"},   {CONTRAST_E_INTERNAL, "E_INTERNAL"},
};

static void test_err_clear_sets_ok_and_empty_detail(void) {
  contrast_err e;
  memset(&e, 0x5a, sizeof e);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(e.code, CONTRAST_OK);
  CU_ASSERT_STRING_EQUAL(e.detail, "");
  contrast_err_clear(NULL); /* must not crash */
}

static void test_err_set_records_code_and_formatted_detail(void) {
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_err_set(&e, CONTRAST_CHAIN, "cert %d of %s", 2,
                                   "chain"),
                  -1);
  ASSERT_CODE(e, CONTRAST_CHAIN);
  CU_ASSERT_STRING_EQUAL(e.detail, "cert 2 of chain");
}

static void test_err_set_first_error_wins(void) {
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_err_set(&e, CONTRAST_MALFORMED, "inner"), -1);
  CU_ASSERT_EQUAL(contrast_err_set(&e, CONTRAST_CHAIN, "outer"), -1);
  CU_ASSERT_EQUAL(contrast_err_set(&e, CONTRAST_E_NOMEM, "later"), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_STRING_EQUAL(e.detail, "inner");
  /* clearing makes the record take a new first error */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_err_set(&e, CONTRAST_POLICY, "again"), -1);
  ASSERT_CODE(e, CONTRAST_POLICY);
  CU_ASSERT_STRING_EQUAL(e.detail, "again");
}

static void test_err_set_null_record_returns_minus_one(void) {
  CU_ASSERT_EQUAL(contrast_err_set(NULL, CONTRAST_E_IO, "x %s", "y"), -1);
}

static void test_err_set_long_detail_truncated_and_terminated(void) {
  char big[2 * CONTRAST_ERR_DETAIL_MAX];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_err_set(&e, CONTRAST_E_IO, "%s", big), -1);
  CU_ASSERT_EQUAL(strlen(e.detail), (size_t)CONTRAST_ERR_DETAIL_MAX - 1);
  CU_ASSERT_EQUAL(e.detail[0], 'a');
}

static void test_code_name_every_reason_matches_cases_table(void) {
  /* The reason codes are exactly the CASES.md table, in its order, starting
   * right after OK. */
  CU_ASSERT_EQUAL((int)CONTRAST_MALFORMED, 1);
  CU_ASSERT_EQUAL((int)CONTRAST_REPORT_DATA, (int)N_REASONS);
  for (size_t i = 0; i < N_REASONS; i++) {
    contrast_code c = (contrast_code)(i + 1);
    CU_ASSERT_STRING_EQUAL(contrast_code_name(c), cases_reasons[i]);
    CU_ASSERT_TRUE(contrast_code_is_reason(c));
  }
}

static void test_code_from_name_round_trips_every_reason(void) {
  for (size_t i = 0; i < N_REASONS; i++) {
    contrast_code c = CONTRAST_OK;
    CU_ASSERT_EQUAL(contrast_code_from_name(cases_reasons[i], &c), 0);
    CU_ASSERT_EQUAL((int)c, (int)(i + 1));
    CU_ASSERT_STRING_EQUAL(contrast_code_name(c), cases_reasons[i]);
  }
}

static void test_code_order_is_cases_priority(void) {
  /* The priority CASES.md demands when two checks fail: earlier row wins.
   * A few pairs spelled out so a reordering of the enum is caught. */
  CU_ASSERT_TRUE(CONTRAST_MALFORMED < CONTRAST_UNSUPPORTED);
  CU_ASSERT_TRUE(CONTRAST_SIGNATURE < CONTRAST_KEY_BINDING);
  CU_ASSERT_TRUE(CONTRAST_KEY_BINDING < CONTRAST_CHAIN);
  CU_ASSERT_TRUE(CONTRAST_CHAIN < CONTRAST_EXPIRED);
  CU_ASSERT_TRUE(CONTRAST_COLLATERAL < CONTRAST_TCB_MISMATCH);
  CU_ASSERT_TRUE(CONTRAST_TCB_TOO_LOW < CONTRAST_DEBUG);
  CU_ASSERT_TRUE(CONTRAST_DEBUG < CONTRAST_POLICY);
  CU_ASSERT_TRUE(CONTRAST_POLICY < CONTRAST_MEASUREMENT);
  CU_ASSERT_TRUE(CONTRAST_MEASUREMENT < CONTRAST_HOST_DATA);
  CU_ASSERT_TRUE(CONTRAST_HOST_DATA < CONTRAST_REPORT_DATA);
}

static void test_code_name_operational_codes_are_not_reasons(void) {
  for (size_t i = 0; i < sizeof operational / sizeof operational[0]; i++) {
    CU_ASSERT_STRING_EQUAL(contrast_code_name(operational[i].code),
                           operational[i].name);
    CU_ASSERT_FALSE(contrast_code_is_reason(operational[i].code));
    contrast_code c = CONTRAST_OK;
    /* from_name parses verdict reasons only */
    CU_ASSERT_EQUAL(contrast_code_from_name(operational[i].name, &c), -1);
  }
  CU_ASSERT_STRING_EQUAL(contrast_code_name(CONTRAST_OK), "OK");
  CU_ASSERT_FALSE(contrast_code_is_reason(CONTRAST_OK));
}

static void test_code_from_name_unknown_fails(void) {
  contrast_code c = CONTRAST_POLICY;
  CU_ASSERT_EQUAL(contrast_code_from_name("OK", &c), -1);
  CU_ASSERT_EQUAL(contrast_code_from_name("malformed", &c), -1);
  CU_ASSERT_EQUAL(contrast_code_from_name("MALFORMED ", &c), -1);
  CU_ASSERT_EQUAL(contrast_code_from_name("", &c), -1);
  CU_ASSERT_EQUAL(contrast_code_from_name("UNKNOWN", &c), -1);
  CU_ASSERT_EQUAL(contrast_code_from_name(NULL, &c), -1);
  CU_ASSERT_EQUAL(c, CONTRAST_POLICY); /* untouched */
}

static void test_code_name_out_of_range_is_unknown(void) {
  CU_ASSERT_STRING_EQUAL(contrast_code_name(CONTRAST_CODE_COUNT_), "UNKNOWN");
  CU_ASSERT_STRING_EQUAL(contrast_code_name((contrast_code)1000), "UNKNOWN");
  CU_ASSERT_STRING_EQUAL(contrast_code_name((contrast_code)-1), "UNKNOWN");
  CU_ASSERT_PTR_NOT_NULL(contrast_code_describe(CONTRAST_CODE_COUNT_));
  CU_ASSERT_PTR_NOT_NULL(contrast_code_describe((contrast_code)-1));
  CU_ASSERT_FALSE(contrast_code_is_reason(CONTRAST_CODE_COUNT_));
  CU_ASSERT_FALSE(contrast_code_is_reason((contrast_code)-1));
}

static void test_code_describe_every_code_non_empty(void) {
  for (int c = 0; c < (int)CONTRAST_CODE_COUNT_; c++) {
    const char *d = contrast_code_describe((contrast_code)c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_TRUE(strlen(d) > 0);
    CU_ASSERT_STRING_NOT_EQUAL(contrast_code_name((contrast_code)c),
                               "UNKNOWN");
  }
}

static const test_case tests[] = {
    {"test_err_clear_sets_ok_and_empty_detail",
     test_err_clear_sets_ok_and_empty_detail},
    {"test_err_set_records_code_and_formatted_detail",
     test_err_set_records_code_and_formatted_detail},
    {"test_err_set_first_error_wins", test_err_set_first_error_wins},
    {"test_err_set_null_record_returns_minus_one",
     test_err_set_null_record_returns_minus_one},
    {"test_err_set_long_detail_truncated_and_terminated",
     test_err_set_long_detail_truncated_and_terminated},
    {"test_code_name_every_reason_matches_cases_table",
     test_code_name_every_reason_matches_cases_table},
    {"test_code_from_name_round_trips_every_reason",
     test_code_from_name_round_trips_every_reason},
    {"test_code_order_is_cases_priority", test_code_order_is_cases_priority},
    {"test_code_name_operational_codes_are_not_reasons",
     test_code_name_operational_codes_are_not_reasons},
    {"test_code_from_name_unknown_fails", test_code_from_name_unknown_fails},
    {"test_code_name_out_of_range_is_unknown",
     test_code_name_out_of_range_is_unknown},
    {"test_code_describe_every_code_non_empty",
     test_code_describe_every_code_non_empty},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/error.c", tests); }
