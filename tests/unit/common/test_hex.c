/* Tests of common/hex.c: lowercase encoding, strict decoding of an exact
 * length. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/util.h"
#include "testsupport.h"

static const uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xcd, 0xef, 0xff};

static void test_hex_encode_lowercase_digits(void) {
  char out[2 * sizeof bytes + 1];
  memset(out, 'X', sizeof out);
  contrast_hex_encode(bytes, sizeof bytes, out);
  CU_ASSERT_STRING_EQUAL(out, "00017f80abcdefff");
}

static void test_hex_encode_empty_gives_empty_string(void) {
  char out[1] = {'X'};
  contrast_hex_encode(bytes, 0, out);
  CU_ASSERT_STRING_EQUAL(out, "");
}

static void test_hex_dup_returns_heap_copy(void) {
  char *s = contrast_hex_dup(bytes, 3);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s, "00017f");
  free(s);
  s = contrast_hex_dup(bytes, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s, "");
  free(s);
}

static void test_hex_decode_lowercase_ok(void) {
  uint8_t out[8];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_hex_decode("00017f80abcdefff", out, 8, "f",
                                      CONTRAST_MALFORMED, &e),
                  0);
  CU_ASSERT_EQUAL(memcmp(out, bytes, 8), 0);
  ASSERT_CODE(e, CONTRAST_OK);
}

static void test_hex_decode_uppercase_and_mixed_ok(void) {
  uint8_t out[8];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_hex_decode("00017F80ABCDEFFF", out, 8, "f",
                                      CONTRAST_MALFORMED, &e),
                  0);
  CU_ASSERT_EQUAL(memcmp(out, bytes, 8), 0);
  memset(out, 0, sizeof out);
  CU_ASSERT_EQUAL(contrast_hex_decode("00017f80AbCdEfFf", out, 8, "f",
                                      CONTRAST_MALFORMED, &e),
                  0);
  CU_ASSERT_EQUAL(memcmp(out, bytes, 8), 0);
}

static void test_hex_decode_zero_length(void) {
  uint8_t out[1] = {0x55};
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_hex_decode("", out, 0, "f", CONTRAST_MALFORMED, &e),
                  0);
  CU_ASSERT_EQUAL(out[0], 0x55);
  CU_ASSERT_EQUAL(
      contrast_hex_decode("00", out, 0, "f", CONTRAST_E_UNUSABLE, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
}

static void test_hex_decode_roundtrip_every_byte(void) {
  uint8_t in[256], out[256];
  char s[513];
  for (int i = 0; i < 256; i++)
    in[i] = (uint8_t)i;
  contrast_hex_encode(in, 256, s);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_hex_decode(s, out, 256, "f", CONTRAST_MALFORMED, &e),
                  0);
  CU_ASSERT_EQUAL(memcmp(in, out, 256), 0);
}

static void expect_fail(const char *s, size_t n, contrast_code code) {
  uint8_t out[8];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_hex_decode(s, out, n, "policy.host_data", code, &e),
                  -1);
  ASSERT_CODE(e, code);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "policy.host_data"));
}

static void test_hex_decode_odd_length_fails(void) {
  expect_fail("abc", 2, CONTRAST_E_UNUSABLE);
  expect_fail("a", 1, CONTRAST_MALFORMED);
  expect_fail("00112", 3, CONTRAST_E_UNUSABLE);
}

static void test_hex_decode_wrong_length_fails(void) {
  expect_fail("0011", 3, CONTRAST_E_UNUSABLE);   /* short */
  expect_fail("00112233", 3, CONTRAST_E_UNUSABLE); /* long */
  expect_fail("", 1, CONTRAST_MALFORMED);
}

static void test_hex_decode_bad_character_fails(void) {
  expect_fail("0g", 1, CONTRAST_E_UNUSABLE);
  expect_fail("g0", 1, CONTRAST_E_UNUSABLE);
  expect_fail("0x00", 2, CONTRAST_E_UNUSABLE); /* no prefix */
  expect_fail("00 11", 2, CONTRAST_MALFORMED); /* no separators */
  expect_fail("00:11", 2, CONTRAST_MALFORMED);
  expect_fail("0011\n", 2, CONTRAST_MALFORMED);
  expect_fail("-1", 1, CONTRAST_MALFORMED);
  expect_fail("\xc3\xa9", 1, CONTRAST_MALFORMED);
}

static void test_hex_decode_null_string_fails(void) {
  expect_fail(NULL, 1, CONTRAST_E_UNUSABLE);
}

static void test_hex_digit_values(void) {
  CU_ASSERT_EQUAL(contrast_hex_digit('0'), 0);
  CU_ASSERT_EQUAL(contrast_hex_digit('9'), 9);
  CU_ASSERT_EQUAL(contrast_hex_digit('a'), 10);
  CU_ASSERT_EQUAL(contrast_hex_digit('F'), 15);
  CU_ASSERT_EQUAL(contrast_hex_digit('g'), -1);
  CU_ASSERT_EQUAL(contrast_hex_digit('\0'), -1);
  CU_ASSERT_EQUAL(contrast_hex_digit((char)0xc1), -1);
}

static void test_strdup_n_copies_exactly_n_bytes(void) {
  char *s = contrast_strdup_n("ab\0cd", 5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_EQUAL(memcmp(s, "ab\0cd", 6), 0);
  free(s);
  s = contrast_strdup_n("xyz", 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_EQUAL(s[0], '\0');
  free(s);
}

static const test_case tests[] = {
    {"test_hex_encode_lowercase_digits", test_hex_encode_lowercase_digits},
    {"test_hex_encode_empty_gives_empty_string",
     test_hex_encode_empty_gives_empty_string},
    {"test_hex_dup_returns_heap_copy", test_hex_dup_returns_heap_copy},
    {"test_hex_decode_lowercase_ok", test_hex_decode_lowercase_ok},
    {"test_hex_decode_uppercase_and_mixed_ok",
     test_hex_decode_uppercase_and_mixed_ok},
    {"test_hex_decode_zero_length", test_hex_decode_zero_length},
    {"test_hex_decode_roundtrip_every_byte",
     test_hex_decode_roundtrip_every_byte},
    {"test_hex_decode_odd_length_fails", test_hex_decode_odd_length_fails},
    {"test_hex_decode_wrong_length_fails", test_hex_decode_wrong_length_fails},
    {"test_hex_decode_bad_character_fails",
     test_hex_decode_bad_character_fails},
    {"test_hex_decode_null_string_fails", test_hex_decode_null_string_fails},
    {"test_hex_digit_values", test_hex_digit_values},
    {"test_strdup_n_copies_exactly_n_bytes",
     test_strdup_n_copies_exactly_n_bytes},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/hex.c", tests); }
