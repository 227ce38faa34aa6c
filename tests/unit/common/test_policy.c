/* Tests of common/policy.c: the TEE-neutral keys of a CASES.md policy
 * (`report_data` hex 64 bytes, `host_data` hex 32 bytes, `allow_debug` and
 * `require_crl` booleans defaulting to false). */
#include <stdio.h>
#include <string.h>

#include "contrast/policy.h"
#include "testsupport.h"

#define HEX64 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define HEX32 "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"

static json_t *load(const char *s) {
  json_error_t je;
  json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  return v;
}

static void base_fails(const char *s, const char *key) {
  json_t *p = load(s);
  contrast_policy_base b;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_policy_base_from_json(p, &b, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  if (key != NULL)
    CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, key));
  json_decref(p);
}

static void test_policy_base_null_policy_gives_defaults(void) {
  contrast_policy_base b;
  memset(&b, 0xff, sizeof b);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_policy_base_from_json(NULL, &b, &e), 0);
  CU_ASSERT_EQUAL(b.has_report_data, 0);
  CU_ASSERT_EQUAL(b.has_host_data, 0);
  CU_ASSERT_EQUAL(b.allow_debug, 0);
  CU_ASSERT_EQUAL(b.require_crl, 0);
}

static void test_policy_base_empty_object_gives_defaults(void) {
  json_t *p = load("{}");
  contrast_policy_base b;
  memset(&b, 0xff, sizeof b);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_policy_base_from_json(p, &b, &e), 0);
  CU_ASSERT_EQUAL(b.has_report_data, 0);
  CU_ASSERT_EQUAL(b.has_host_data, 0);
  CU_ASSERT_EQUAL(b.allow_debug, 0);
  CU_ASSERT_EQUAL(b.require_crl, 0);
  json_decref(p);
}

static void test_policy_base_all_keys_read(void) {
  json_t *p = load("{\"report_data\": \"" HEX64 HEX64 "\", \"host_data\": \"" HEX32
                   "\", \"allow_debug\": true, \"require_crl\": true, "
                   "\"other\": 1}");
  contrast_policy_base b;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_policy_base_from_json(p, &b, &e), 0);
  CU_ASSERT_EQUAL(b.has_report_data, 1);
  for (int i = 0; i < 64; i++)
    CU_ASSERT_EQUAL(b.report_data[i], (uint8_t)(i % 32));
  CU_ASSERT_EQUAL(b.has_host_data, 1);
  for (int i = 0; i < 32; i++)
    CU_ASSERT_EQUAL(b.host_data[i], (uint8_t)(0xa0 + i));
  CU_ASSERT_EQUAL(b.allow_debug, 1);
  CU_ASSERT_EQUAL(b.require_crl, 1);
  json_decref(p);
}

static void test_policy_base_false_booleans(void) {
  json_t *p = load("{\"allow_debug\": false, \"require_crl\": false}");
  contrast_policy_base b;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_policy_base_from_json(p, &b, &e), 0);
  CU_ASSERT_EQUAL(b.allow_debug, 0);
  CU_ASSERT_EQUAL(b.require_crl, 0);
  json_decref(p);
}

static void test_policy_base_report_data_wrong_length_fails(void) {
  base_fails("{\"report_data\": \"" HEX64 "\"}", "report_data"); /* 32 bytes */
  base_fails("{\"report_data\": \"" HEX64 HEX64 "00\"}", "report_data");
  base_fails("{\"report_data\": \"" HEX64 HEX64 "0\"}", "report_data");
  base_fails("{\"report_data\": \"\"}", "report_data");
}

static void test_policy_base_report_data_bad_type_or_chars_fails(void) {
  base_fails("{\"report_data\": 5}", "report_data");
  base_fails("{\"report_data\": null}", "report_data");
  base_fails("{\"report_data\": [\"00\"]}", "report_data");
  base_fails("{\"report_data\": \"zz" HEX64 HEX64 "\"}", "report_data");
}

static void test_policy_base_host_data_wrong_length_fails(void) {
  base_fails("{\"host_data\": \"" HEX64 HEX64 "\"}", "host_data"); /* 64 */
  base_fails("{\"host_data\": \"" HEX32 "00\"}", "host_data");      /* 33 */
  base_fails("{\"host_data\": \"a0a1\"}", "host_data");
  base_fails("{\"host_data\": true}", "host_data");
}

static void test_policy_base_allow_debug_non_bool_fails(void) {
  base_fails("{\"allow_debug\": \"true\"}", "allow_debug");
  base_fails("{\"allow_debug\": 1}", "allow_debug");
  base_fails("{\"allow_debug\": 0}", "allow_debug");
  base_fails("{\"allow_debug\": null}", "allow_debug");
}

static void test_policy_base_require_crl_non_bool_fails(void) {
  base_fails("{\"require_crl\": \"false\"}", "require_crl");
  base_fails("{\"require_crl\": 1}", "require_crl");
}

static void test_policy_base_non_object_fails(void) {
  base_fails("[]", NULL);
  base_fails("[{\"allow_debug\": true}]", NULL);
}

static const test_case tests[] = {
    {"test_policy_base_null_policy_gives_defaults",
     test_policy_base_null_policy_gives_defaults},
    {"test_policy_base_empty_object_gives_defaults",
     test_policy_base_empty_object_gives_defaults},
    {"test_policy_base_all_keys_read", test_policy_base_all_keys_read},
    {"test_policy_base_false_booleans", test_policy_base_false_booleans},
    {"test_policy_base_report_data_wrong_length_fails",
     test_policy_base_report_data_wrong_length_fails},
    {"test_policy_base_report_data_bad_type_or_chars_fails",
     test_policy_base_report_data_bad_type_or_chars_fails},
    {"test_policy_base_host_data_wrong_length_fails",
     test_policy_base_host_data_wrong_length_fails},
    {"test_policy_base_allow_debug_non_bool_fails",
     test_policy_base_allow_debug_non_bool_fails},
    {"test_policy_base_require_crl_non_bool_fails",
     test_policy_base_require_crl_non_bool_fails},
    {"test_policy_base_non_object_fails", test_policy_base_non_object_fails},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/policy.c", tests); }
