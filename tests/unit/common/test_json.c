/* Tests of common/json.c: strict parsing (duplicate keys refused), allowed
 * key sets, and typed getters that fail with the caller's code. */
#include <stdio.h>
#include <string.h>

#include "contrast/json.h"
#include "testsupport.h"

static json_t *parse(const char *s) {
  json_t *v = NULL;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_json_parse((const uint8_t *)s, strlen(s),
                                            "t.json", CONTRAST_E_UNUSABLE, &v,
                                            &e),
                        0);
  return v;
}

static void parse_fails(const char *s, contrast_code code) {
  json_t *v = (json_t *)1;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_json_parse((const uint8_t *)s, strlen(s),
                                      "case.json", code, &v, &e),
                  -1);
  ASSERT_CODE(e, code);
  CU_ASSERT_PTR_NULL(v);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "case.json"));
}

static void test_json_parse_valid_object(void) {
  json_t *v = parse(" {\"a\": 1, \"b\": [true, null], \"c\": {\"d\": \"x\"}}\n");
  CU_ASSERT_TRUE(json_is_object(v));
  CU_ASSERT_EQUAL(json_object_size(v), 3);
  json_decref(v);
}

static void test_json_parse_invalid_fails_with_given_code(void) {
  parse_fails("{", CONTRAST_E_UNUSABLE);
  parse_fails("{\"a\": }", CONTRAST_MALFORMED);
  parse_fails("", CONTRAST_E_UNUSABLE);
  parse_fails("{'a': 1}", CONTRAST_E_UNUSABLE);
  parse_fails("{\"a\": 1,}", CONTRAST_E_UNUSABLE);
}

static void test_json_parse_duplicate_keys_refused(void) {
  parse_fails("{\"a\": 1, \"a\": 2}", CONTRAST_E_UNUSABLE);
  parse_fails("{\"p\": {\"x\": true, \"x\": true}}", CONTRAST_MALFORMED);
}

static void test_json_parse_trailing_data_refused(void) {
  parse_fails("{} {}", CONTRAST_E_UNUSABLE);
  parse_fails("{\"a\": 1} x", CONTRAST_E_UNUSABLE);
}

static void test_json_parse_embedded_nul_refused(void) {
  static const uint8_t buf[] = {'{', '}', 0, ' '};
  json_t *v = NULL;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_json_parse(buf, sizeof buf, "t", CONTRAST_MALFORMED,
                                      &v, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NULL(v);
}

static void test_json_only_keys_allowed_set(void) {
  static const char *const allowed[] = {"a", "b", "c"};
  json_t *v = parse("{\"a\": 1, \"c\": 2}");
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_json_only_keys(v, allowed, 3, "obj",
                                          CONTRAST_E_UNUSABLE, &e),
                  0);
  ASSERT_CODE(e, CONTRAST_OK);
  json_decref(v);
  v = parse("{}");
  CU_ASSERT_EQUAL(contrast_json_only_keys(v, allowed, 3, "obj",
                                          CONTRAST_E_UNUSABLE, &e),
                  0);
  json_decref(v);
}

static void test_json_only_keys_unknown_key_fails_naming_it(void) {
  static const char *const allowed[] = {"a", "b"};
  json_t *v = parse("{\"a\": 1, \"bb\": 2}");
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_json_only_keys(v, allowed, 2, "policy.snp",
                                          CONTRAST_E_UNUSABLE, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "'bb'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "policy.snp"));
  json_decref(v);
  /* case matters */
  v = parse("{\"A\": 1}");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_json_only_keys(v, allowed, 2, "o", CONTRAST_MALFORMED, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  json_decref(v);
  /* no keys allowed at all */
  v = parse("{\"a\": 1}");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_json_only_keys(v, allowed, 0, "o", CONTRAST_MALFORMED, &e), -1);
  json_decref(v);
}

static void test_json_only_keys_non_object_fails(void) {
  static const char *const allowed[] = {"a"};
  json_t *v = parse("[1, 2]");
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_json_only_keys(v, allowed, 1, "o", CONTRAST_E_UNUSABLE, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  json_decref(v);
}

/* Document used by the getter tests. */
static const char DOC[] =
    "{\"s\": \"text\", \"n\": 7, \"neg\": -1, \"real\": 1.0, \"t\": true, "
    "\"f\": false, \"null\": null, \"o\": {\"k\": 1}, \"a\": [1], "
    "\"h\": \"00ff\", \"H\": \"00FF\", "
    "\"big\": 9223372036854775807, \"ns\": \"7\"}";

static void test_json_get_string_types(void) {
  json_t *d = parse(DOC);
  contrast_err e;
  contrast_err_clear(&e);
  const char *s = NULL;
  int present = -1;
  CU_ASSERT_EQUAL(contrast_json_get_string(d, "s", "doc", CONTRAST_E_UNUSABLE,
                                           &s, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 1);
  CU_ASSERT_STRING_EQUAL(s, "text");
  /* absent: success, *out untouched, present 0 */
  s = "keep";
  CU_ASSERT_EQUAL(contrast_json_get_string(d, "zz", "doc", CONTRAST_E_UNUSABLE,
                                           &s, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 0);
  CU_ASSERT_STRING_EQUAL(s, "keep");
  CU_ASSERT_EQUAL(contrast_json_get_string(d, "zz", "doc", CONTRAST_E_UNUSABLE,
                                           &s, NULL, &e),
                  0);
  ASSERT_CODE(e, CONTRAST_OK);
  static const char *const wrong[] = {"n", "t", "null", "o", "a"};
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_json_get_string(d, wrong[i], "doc",
                                             CONTRAST_E_UNUSABLE, &s, NULL, &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, wrong[i]));
  }
  /* an embedded NUL would silently cut the string (jansson's parser refuses
   * \u0000, but a json_t built in memory can hold one) */
  CU_ASSERT_EQUAL_FATAL(json_object_set_new(d, "nul", json_stringn("a\0b", 3)),
                        0);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_json_get_string(d, "nul", "doc", CONTRAST_MALFORMED,
                                           &s, NULL, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  json_decref(d);
}

static void test_json_get_bool_types(void) {
  json_t *d = parse(DOC);
  contrast_err e;
  contrast_err_clear(&e);
  int v = -1, present = -1;
  CU_ASSERT_EQUAL(contrast_json_get_bool(d, "t", "doc", CONTRAST_E_UNUSABLE,
                                         &v, &present, &e),
                  0);
  CU_ASSERT_EQUAL(v, 1);
  CU_ASSERT_EQUAL(present, 1);
  CU_ASSERT_EQUAL(contrast_json_get_bool(d, "f", "doc", CONTRAST_E_UNUSABLE,
                                         &v, &present, &e),
                  0);
  CU_ASSERT_EQUAL(v, 0);
  v = 5;
  CU_ASSERT_EQUAL(contrast_json_get_bool(d, "zz", "doc", CONTRAST_E_UNUSABLE,
                                         &v, &present, &e),
                  0);
  CU_ASSERT_EQUAL(v, 5);
  CU_ASSERT_EQUAL(present, 0);
  static const char *const wrong[] = {"n", "s", "null", "o", "a", "real"};
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_json_get_bool(d, wrong[i], "doc",
                                           CONTRAST_E_UNUSABLE, &v, NULL, &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  }
  json_decref(d);
}

static void test_json_get_u64_types_and_range(void) {
  json_t *d = parse(DOC);
  contrast_err e;
  contrast_err_clear(&e);
  uint64_t v = 0;
  int present = -1;
  CU_ASSERT_EQUAL(contrast_json_get_u64(d, "n", "doc", CONTRAST_E_UNUSABLE, 7,
                                        &v, &present, &e),
                  0);
  CU_ASSERT_EQUAL(v, 7);
  CU_ASSERT_EQUAL(present, 1);
  CU_ASSERT_EQUAL(contrast_json_get_u64(d, "big", "doc", CONTRAST_E_UNUSABLE,
                                        UINT64_MAX, &v, NULL, &e),
                  0);
  CU_ASSERT_EQUAL(v, 9223372036854775807ull);
  ASSERT_CODE(e, CONTRAST_OK);
  /* above max */
  v = 99;
  CU_ASSERT_EQUAL(contrast_json_get_u64(d, "n", "doc", CONTRAST_E_UNUSABLE, 6,
                                        &v, NULL, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  CU_ASSERT_EQUAL(v, 99);
  static const char *const wrong[] = {"neg", "real", "s", "ns", "t", "null",
                                      "o", "a"};
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_json_get_u64(d, wrong[i], "doc",
                                          CONTRAST_MALFORMED, UINT64_MAX, &v,
                                          NULL, &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_MALFORMED);
  }
  v = 3;
  CU_ASSERT_EQUAL(contrast_json_get_u64(d, "zz", "doc", CONTRAST_MALFORMED, 10,
                                        &v, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 0);
  CU_ASSERT_EQUAL(v, 3);
  json_decref(d);
}

static void test_json_get_hex_types_and_length(void) {
  json_t *d = parse(DOC);
  contrast_err e;
  contrast_err_clear(&e);
  uint8_t out[2] = {0};
  int present = -1;
  CU_ASSERT_EQUAL(contrast_json_get_hex(d, "h", "doc", CONTRAST_E_UNUSABLE,
                                        out, 2, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 1);
  CU_ASSERT_EQUAL(out[0], 0x00);
  CU_ASSERT_EQUAL(out[1], 0xff);
  CU_ASSERT_EQUAL(contrast_json_get_hex(d, "H", "doc", CONTRAST_E_UNUSABLE,
                                        out, 2, NULL, &e),
                  0);
  CU_ASSERT_EQUAL(out[1], 0xff);
  CU_ASSERT_EQUAL(contrast_json_get_hex(d, "zz", "doc", CONTRAST_E_UNUSABLE,
                                        out, 2, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 0);
  ASSERT_CODE(e, CONTRAST_OK);
  /* wrong length, non-hex, non-string */
  CU_ASSERT_EQUAL(contrast_json_get_hex(d, "h", "doc", CONTRAST_E_UNUSABLE,
                                        out, 1, NULL, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "'h'"));
  static const char *const wrong[] = {"s", "n", "t", "null", "o"};
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_json_get_hex(d, wrong[i], "doc",
                                          CONTRAST_E_UNUSABLE, out, 2, NULL,
                                          &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  }
  json_decref(d);
}

static void test_json_get_object_types(void) {
  json_t *d = parse(DOC);
  contrast_err e;
  contrast_err_clear(&e);
  json_t *o = NULL;
  int present = -1;
  CU_ASSERT_EQUAL(contrast_json_get_object(d, "o", "doc", CONTRAST_E_UNUSABLE,
                                           &o, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 1);
  CU_ASSERT_PTR_EQUAL(o, json_object_get(d, "o")); /* borrowed */
  o = NULL;
  CU_ASSERT_EQUAL(contrast_json_get_object(d, "zz", "doc", CONTRAST_E_UNUSABLE,
                                           &o, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 0);
  CU_ASSERT_PTR_NULL(o);
  static const char *const wrong[] = {"a", "s", "n", "t", "null"};
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_json_get_object(d, wrong[i], "doc",
                                             CONTRAST_E_UNUSABLE, &o, NULL, &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  }
  json_decref(d);
}

static void test_json_getters_on_non_object_report_absent(void) {
  json_t *a = parse("[1]");
  contrast_err e;
  contrast_err_clear(&e);
  const char *s = NULL;
  int present = -1;
  CU_ASSERT_EQUAL(contrast_json_get_string(a, "x", "doc", CONTRAST_E_UNUSABLE,
                                           &s, &present, &e),
                  0);
  CU_ASSERT_EQUAL(present, 0);
  CU_ASSERT_EQUAL(contrast_json_get_string(NULL, "x", "doc",
                                           CONTRAST_E_UNUSABLE, &s, &present,
                                           &e),
                  0);
  CU_ASSERT_EQUAL(present, 0);
  json_decref(a);
}

static const test_case tests[] = {
    {"test_json_parse_valid_object", test_json_parse_valid_object},
    {"test_json_parse_invalid_fails_with_given_code",
     test_json_parse_invalid_fails_with_given_code},
    {"test_json_parse_duplicate_keys_refused",
     test_json_parse_duplicate_keys_refused},
    {"test_json_parse_trailing_data_refused",
     test_json_parse_trailing_data_refused},
    {"test_json_parse_embedded_nul_refused",
     test_json_parse_embedded_nul_refused},
    {"test_json_only_keys_allowed_set", test_json_only_keys_allowed_set},
    {"test_json_only_keys_unknown_key_fails_naming_it",
     test_json_only_keys_unknown_key_fails_naming_it},
    {"test_json_only_keys_non_object_fails",
     test_json_only_keys_non_object_fails},
    {"test_json_get_string_types", test_json_get_string_types},
    {"test_json_get_bool_types", test_json_get_bool_types},
    {"test_json_get_u64_types_and_range", test_json_get_u64_types_and_range},
    {"test_json_get_hex_types_and_length", test_json_get_hex_types_and_length},
    {"test_json_get_object_types", test_json_get_object_types},
    {"test_json_getters_on_non_object_report_absent",
     test_json_getters_on_non_object_report_absent},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/json.c", tests); }
