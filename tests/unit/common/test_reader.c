/* Tests of common/reader.c: the bounded reader every wire parser uses
 * (STYLE.md "Parsing untrusted bytes"). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "contrast/reader.h"
#include "testsupport.h"

static const uint8_t seq[16] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
                                0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                                0x0d, 0x0e, 0x0f, 0x10};

static void test_reader_init_sets_bounds(void) {
  contrast_reader r;
  reader_init(&r, seq, sizeof seq, "thing");
  CU_ASSERT_EQUAL(r.off, 0);
  CU_ASSERT_EQUAL(r.len, sizeof seq);
  CU_ASSERT_EQUAL(reader_remaining(&r), sizeof seq);
  CU_ASSERT_STRING_EQUAL(r.what, "thing");
  /* NULL buffer: nothing to read whatever len says */
  reader_init(&r, NULL, 100, NULL);
  CU_ASSERT_EQUAL(reader_remaining(&r), 0);
  CU_ASSERT_PTR_NOT_NULL(r.what);
}

static void test_read_integers_little_and_big_endian_values(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, sizeof seq, "t");
  uint8_t u8 = 0;
  uint16_t u16 = 0;
  uint32_t u32 = 0;
  uint64_t u64 = 0;
  CU_ASSERT_EQUAL(read_u8(&r, "a", &u8, &e), 0);
  CU_ASSERT_EQUAL(u8, 0x01);
  CU_ASSERT_EQUAL(read_u16le(&r, "b", &u16, &e), 0);
  CU_ASSERT_EQUAL(u16, 0x0302);
  CU_ASSERT_EQUAL(read_u32le(&r, "c", &u32, &e), 0);
  CU_ASSERT_EQUAL(u32, 0x07060504u);
  CU_ASSERT_EQUAL(r.off, 7);
  CU_ASSERT_EQUAL(read_u64le(&r, "d", &u64, &e), 0);
  CU_ASSERT_EQUAL(u64, 0x0f0e0d0c0b0a0908ull);
  CU_ASSERT_EQUAL(r.off, 15);
  ASSERT_CODE(e, CONTRAST_OK);

  reader_init(&r, seq, sizeof seq, "t");
  CU_ASSERT_EQUAL(read_u16be(&r, "e", &u16, &e), 0);
  CU_ASSERT_EQUAL(u16, 0x0102);
  CU_ASSERT_EQUAL(read_u32be(&r, "f", &u32, &e), 0);
  CU_ASSERT_EQUAL(u32, 0x03040506u);
  CU_ASSERT_EQUAL(r.off, 6);
}

static void test_read_u64le_high_bit_values(void) {
  static const uint8_t ff[8] = {0xff, 0xff, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0x80};
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, ff, sizeof ff, "t");
  uint64_t v = 0;
  CU_ASSERT_EQUAL(read_u64le(&r, "v", &v, &e), 0);
  CU_ASSERT_EQUAL(v, 0x80ffffffffffffffull);
}

static void test_read_bytes_copies_and_view_borrows(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, sizeof seq, "t");
  uint8_t out[4] = {0};
  CU_ASSERT_EQUAL(read_bytes(&r, "x", 4, out, &e), 0);
  CU_ASSERT_EQUAL(memcmp(out, seq, 4), 0);
  const uint8_t *v = NULL;
  CU_ASSERT_EQUAL(read_view(&r, "y", 3, &v, &e), 0);
  CU_ASSERT_PTR_EQUAL(v, seq + 4);
  CU_ASSERT_EQUAL(r.off, 7);
  /* zero-length reads succeed and move nothing */
  CU_ASSERT_EQUAL(read_bytes(&r, "z", 0, out, &e), 0);
  CU_ASSERT_EQUAL(r.off, 7);
  ASSERT_CODE(e, CONTRAST_OK);
}

static void test_read_at_exact_length_succeeds(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  uint64_t v = 0;
  reader_init(&r, seq, 8, "t");
  CU_ASSERT_EQUAL(read_u64le(&r, "v", &v, &e), 0);
  CU_ASSERT_EQUAL(reader_remaining(&r), 0);
  CU_ASSERT_EQUAL(read_expect_end(&r, &e), 0);
  uint8_t buf[16];
  reader_init(&r, seq, sizeof seq, "t");
  CU_ASSERT_EQUAL(read_bytes(&r, "all", sizeof seq, buf, &e), 0);
  CU_ASSERT_EQUAL(r.off, sizeof seq);
  ASSERT_CODE(e, CONTRAST_OK);
}

static void test_read_one_past_length_fails_malformed(void) {
  contrast_reader r;
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  uint64_t u64;
  uint8_t buf[17];
  const uint8_t *v;
  struct {
    size_t len;
    int which;
  } cases[] = {{0, 0}, {1, 1}, {3, 2}, {7, 3}, {1, 4}, {3, 5}, {16, 6},
               {16, 7}, {16, 8}, {16, 9}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    contrast_err e;
    contrast_err_clear(&e);
    reader_init(&r, seq, cases[i].len, "t");
    int rc = 0;
    switch (cases[i].which) {
    case 0: rc = read_u8(&r, "f", &u8, &e); break;
    case 1: rc = read_u16le(&r, "f", &u16, &e); break;
    case 2: rc = read_u32le(&r, "f", &u32, &e); break;
    case 3: rc = read_u64le(&r, "f", &u64, &e); break;
    case 4: rc = read_u16be(&r, "f", &u16, &e); break;
    case 5: rc = read_u32be(&r, "f", &u32, &e); break;
    case 6: rc = read_bytes(&r, "f", 17, buf, &e); break;
    case 7: rc = read_view(&r, "f", 17, &v, &e); break;
    case 8: rc = read_skip(&r, "f", 17, &e); break;
    default: rc = read_skip_zero(&r, "f", 17, &e); break;
    }
    CU_ASSERT_EQUAL(rc, -1);
    ASSERT_CODE(e, CONTRAST_MALFORMED);
    CU_ASSERT_EQUAL(r.off, 0); /* a failed read moves nothing */
  }
}

static void test_read_failed_read_moves_nothing(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, 10, "t");
  uint32_t u32;
  CU_ASSERT_EQUAL(read_u32le(&r, "a", &u32, &e), 0);
  CU_ASSERT_EQUAL(r.off, 4);
  uint64_t u64 = 0x1234;
  CU_ASSERT_EQUAL(read_u64le(&r, "b", &u64, &e), -1);
  CU_ASSERT_EQUAL(r.off, 4);
  CU_ASSERT_EQUAL(u64, 0x1234); /* output untouched */
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  /* what still fits can be read afterwards */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(read_u32le(&r, "c", &u32, &e), 0);
  CU_ASSERT_EQUAL(u32, 0x08070605u);
  CU_ASSERT_EQUAL(r.off, 8);
}

static void test_read_huge_length_fails_without_overflow(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, sizeof seq, "t");
  uint32_t u32;
  CU_ASSERT_EQUAL(read_u32le(&r, "a", &u32, &e), 0);
  CU_ASSERT_EQUAL(read_skip(&r, "big", SIZE_MAX, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(read_skip(&r, "big", SIZE_MAX - 2, &e), -1);
  CU_ASSERT_EQUAL(read_skip_zero(&r, "big", SIZE_MAX, &e), -1);
  const uint8_t *v;
  CU_ASSERT_EQUAL(read_view(&r, "big", SIZE_MAX - 3, &v, &e), -1);
  CU_ASSERT_EQUAL(r.off, 4);
}

static void test_read_truncation_detail_names_what_field_and_offset(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, 6, "quote");
  uint32_t u32;
  CU_ASSERT_EQUAL(read_u32le(&r, "HEADER", &u32, &e), 0);
  CU_ASSERT_EQUAL(read_u32le(&r, "BODY", &u32, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "quote"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "BODY"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "offset 0x004"));
}

static void test_read_skip_zero_accepts_zeros(void) {
  static const uint8_t z[12] = {0xaa, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbb};
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, z, sizeof z, "t");
  CU_ASSERT_EQUAL(read_skip(&r, "lead", 1, &e), 0);
  CU_ASSERT_EQUAL(read_skip_zero(&r, "rsvd", 10, &e), 0);
  CU_ASSERT_EQUAL(r.off, 11);
  CU_ASSERT_EQUAL(read_skip_zero(&r, "none", 0, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
}

static void test_read_skip_zero_reports_offset_of_nonzero_byte(void) {
  uint8_t z[16] = {0};
  z[9] = 0x40; /* field starts at 4, bad byte at 9 */
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, z, sizeof z, "report");
  CU_ASSERT_EQUAL(read_skip(&r, "head", 4, &e), 0);
  CU_ASSERT_EQUAL(read_skip_zero(&r, "reserved", 8, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_EQUAL(r.off, 4); /* moved nothing */
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "report"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "reserved"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "offset 0x004"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "0x009"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "0x40"));
}

static void test_read_skip_zero_last_byte_nonzero_fails(void) {
  uint8_t z[8] = {0};
  z[7] = 1;
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, z, sizeof z, "t");
  CU_ASSERT_EQUAL(read_skip_zero(&r, "r", 8, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "0x007"));
  /* a shorter zero field before it is fine */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(read_skip_zero(&r, "r", 7, &e), 0);
}

static void test_read_skip_moves_over_any_bytes(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, sizeof seq, "t");
  CU_ASSERT_EQUAL(read_skip(&r, "x", 15, &e), 0);
  CU_ASSERT_EQUAL(reader_remaining(&r), 1);
  uint8_t b = 0;
  CU_ASSERT_EQUAL(read_u8(&r, "y", &b, &e), 0);
  CU_ASSERT_EQUAL(b, 0x10);
}

static void test_read_expect_end_trailing_bytes_fails_malformed(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, 5, "blob");
  CU_ASSERT_EQUAL(read_skip(&r, "x", 3, &e), 0);
  CU_ASSERT_EQUAL(read_expect_end(&r, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "blob"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "2 unexpected trailing"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "0x003"));
  /* an empty buffer is at its end */
  contrast_err_clear(&e);
  reader_init(&r, seq, 0, "t");
  CU_ASSERT_EQUAL(read_expect_end(&r, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
}

static void test_read_first_error_wins_across_reads(void) {
  contrast_reader r;
  contrast_err e;
  contrast_err_clear(&e);
  reader_init(&r, seq, 2, "t");
  uint32_t u32;
  CU_ASSERT_EQUAL(read_u32le(&r, "FIRST", &u32, &e), -1);
  CU_ASSERT_EQUAL(read_u32le(&r, "SECOND", &u32, &e), -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "FIRST"));
  CU_ASSERT_PTR_NULL(strstr(e.detail, "SECOND"));
}

static void test_read_null_error_record_still_fails(void) {
  contrast_reader r;
  reader_init(&r, seq, 1, "t");
  uint16_t v;
  CU_ASSERT_EQUAL(read_u16le(&r, "x", &v, NULL), -1);
  CU_ASSERT_EQUAL(r.off, 0);
}

static const test_case tests[] = {
    {"test_reader_init_sets_bounds", test_reader_init_sets_bounds},
    {"test_read_integers_little_and_big_endian_values",
     test_read_integers_little_and_big_endian_values},
    {"test_read_u64le_high_bit_values", test_read_u64le_high_bit_values},
    {"test_read_bytes_copies_and_view_borrows",
     test_read_bytes_copies_and_view_borrows},
    {"test_read_at_exact_length_succeeds", test_read_at_exact_length_succeeds},
    {"test_read_one_past_length_fails_malformed",
     test_read_one_past_length_fails_malformed},
    {"test_read_failed_read_moves_nothing",
     test_read_failed_read_moves_nothing},
    {"test_read_huge_length_fails_without_overflow",
     test_read_huge_length_fails_without_overflow},
    {"test_read_truncation_detail_names_what_field_and_offset",
     test_read_truncation_detail_names_what_field_and_offset},
    {"test_read_skip_zero_accepts_zeros", test_read_skip_zero_accepts_zeros},
    {"test_read_skip_zero_reports_offset_of_nonzero_byte",
     test_read_skip_zero_reports_offset_of_nonzero_byte},
    {"test_read_skip_zero_last_byte_nonzero_fails",
     test_read_skip_zero_last_byte_nonzero_fails},
    {"test_read_skip_moves_over_any_bytes", test_read_skip_moves_over_any_bytes},
    {"test_read_expect_end_trailing_bytes_fails_malformed",
     test_read_expect_end_trailing_bytes_fails_malformed},
    {"test_read_first_error_wins_across_reads",
     test_read_first_error_wins_across_reads},
    {"test_read_null_error_record_still_fails",
     test_read_null_error_record_still_fails},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/reader.c", tests); }
