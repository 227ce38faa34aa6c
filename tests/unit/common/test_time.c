/* Tests of common/time.c: RFC 3339 parsing, the strict CASES.md `now` form,
 * and formatting. Expected epoch values were computed independently
 * (Python calendar.timegm). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "contrast/util.h"
#include "testsupport.h"

#define T_2024_05_01 INT64_C(1714521600)        /* 2024-05-01T00:00:00Z */
#define T_2024_02_29 INT64_C(1709210096)        /* 2024-02-29T12:34:56Z */
#define T_2000_02_29 INT64_C(951782400)         /* 2000-02-29T00:00:00Z */
#define T_2049_12_31_END INT64_C(2524607999)    /* 2049-12-31T23:59:59Z */
#define T_2038_01_19 INT64_C(2147483648)        /* 2038-01-19T03:14:08Z */
#define T_ARK_MILAN_NB INT64_C(1603387385)      /* 2020-10-22T17:23:05Z */
#define T_9999_END INT64_C(253402300799)        /* 9999-12-31T23:59:59Z */

static int64_t parse_ok(const char *s) {
  int64_t t = -12345;
  contrast_err e;
  contrast_err_clear(&e);
  int rc = contrast_time_parse_rfc3339(s, &t, CONTRAST_MALFORMED, &e);
  if (rc != 0)
    fprintf(stderr, "  '%s': %s\n", s, e.detail);
  CU_ASSERT_EQUAL(rc, 0);
  ASSERT_CODE(e, CONTRAST_OK);
  return t;
}

static void parse_bad(const char *s, contrast_code code) {
  int64_t t = 777;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_time_parse_rfc3339(s, &t, code, &e), -1);
  ASSERT_CODE(e, code);
  CU_ASSERT_EQUAL(t, 777); /* untouched */
}

static int64_t strict_ok(const char *s) {
  int64_t t = -12345;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_time_parse_strict(s, &t, CONTRAST_E_UNUSABLE, &e),
                  0);
  ASSERT_CODE(e, CONTRAST_OK);
  return t;
}

static void strict_bad(const char *s) {
  int64_t t = 777;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_time_parse_strict(s, &t, CONTRAST_E_UNUSABLE, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  CU_ASSERT_EQUAL(t, 777);
}

static void test_time_parse_rfc3339_utc_z(void) {
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T00:00:00Z"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("1970-01-01T00:00:00Z"), 0);
  CU_ASSERT_EQUAL(parse_ok("2020-10-22T17:23:05Z"), T_ARK_MILAN_NB);
  CU_ASSERT_EQUAL(parse_ok("2038-01-19T03:14:08Z"), T_2038_01_19);
  CU_ASSERT_EQUAL(parse_ok("2049-12-31T23:59:59Z"), T_2049_12_31_END);
  CU_ASSERT_EQUAL(parse_ok("1969-12-31T23:59:59Z"), -1);
}

static void test_time_parse_rfc3339_lowercase_t_and_z_accepted(void) {
  CU_ASSERT_EQUAL(parse_ok("2024-05-01t00:00:00z"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T00:00:00z"), T_2024_05_01);
}

static void test_time_parse_rfc3339_offsets(void) {
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T02:00:00+02:00"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-04-30T18:30:00-05:30"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T00:00:00+00:00"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T00:00:00-00:00"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T23:59:00+23:59"), T_2024_05_01);
}

static void test_time_parse_rfc3339_fractions_truncated(void) {
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T00:00:00.5Z"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T00:00:00.999999999Z"), T_2024_05_01);
  CU_ASSERT_EQUAL(parse_ok("2024-05-01T02:00:00.123+02:00"), T_2024_05_01);
  parse_bad("2024-05-01T00:00:00.Z", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00.", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00,5Z", CONTRAST_MALFORMED);
}

static void test_time_parse_leap_day(void) {
  CU_ASSERT_EQUAL(parse_ok("2024-02-29T12:34:56Z"), T_2024_02_29);
  CU_ASSERT_EQUAL(parse_ok("2000-02-29T00:00:00Z"), T_2000_02_29);
  parse_bad("2023-02-29T00:00:00Z", CONTRAST_MALFORMED);
  parse_bad("1900-02-29T00:00:00Z", CONTRAST_MALFORMED); /* not a leap year */
  parse_bad("2024-02-30T00:00:00Z", CONTRAST_MALFORMED);
}

static void test_time_parse_fields_out_of_range_refused(void) {
  parse_bad("2024-13-01T00:00:00Z", CONTRAST_E_UNUSABLE); /* month 13 */
  parse_bad("2024-00-01T00:00:00Z", CONTRAST_E_UNUSABLE);
  parse_bad("2024-05-00T00:00:00Z", CONTRAST_E_UNUSABLE);
  parse_bad("2024-05-32T00:00:00Z", CONTRAST_E_UNUSABLE);
  parse_bad("2024-04-31T00:00:00Z", CONTRAST_E_UNUSABLE);
  parse_bad("2024-05-01T24:00:00Z", CONTRAST_E_UNUSABLE); /* hour 24 */
  parse_bad("2024-05-01T00:60:00Z", CONTRAST_E_UNUSABLE);
  parse_bad("2016-12-31T23:59:60Z", CONTRAST_E_UNUSABLE); /* leap second */
  parse_bad("2024-05-01T00:00:61Z", CONTRAST_E_UNUSABLE);
}

static void test_time_parse_bad_syntax_refused(void) {
  parse_bad("2024-05-01T00:00:00", CONTRAST_MALFORMED); /* no offset */
  parse_bad("2024-05-01 00:00:00Z", CONTRAST_MALFORMED);
  parse_bad("2024-5-01T00:00:00Z", CONTRAST_MALFORMED);
  parse_bad("24-05-01T00:00:00Z", CONTRAST_MALFORMED);
  parse_bad("2024/05/01T00:00:00Z", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00ZZ", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00Z ", CONTRAST_MALFORMED);
  parse_bad(" 2024-05-01T00:00:00Z", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00+0200", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00+02", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00+24:00", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00+02:60", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T00:00:00+02:00x", CONTRAST_MALFORMED);
  parse_bad("2024-05-01T0a:00:00Z", CONTRAST_MALFORMED);
  parse_bad("2024-05-01", CONTRAST_MALFORMED);
  parse_bad("", CONTRAST_MALFORMED);
  parse_bad(NULL, CONTRAST_MALFORMED);
}

static void test_time_parse_strict_accepts_exact_form(void) {
  CU_ASSERT_EQUAL(strict_ok("2024-05-01T00:00:00Z"), T_2024_05_01);
  CU_ASSERT_EQUAL(strict_ok("2024-02-29T12:34:56Z"), T_2024_02_29);
  CU_ASSERT_EQUAL(strict_ok("1970-01-01T00:00:00Z"), 0);
}

static void test_time_parse_strict_refuses_offsets_fractions_lowercase(void) {
  strict_bad("2024-05-01T02:00:00+02:00");
  strict_bad("2024-05-01T00:00:00+00:00");
  strict_bad("2024-05-01T00:00:00.0Z");
  strict_bad("2024-05-01T00:00:00.5Z");
  strict_bad("2024-05-01t00:00:00Z");
  strict_bad("2024-05-01T00:00:00z");
  strict_bad("2024-05-01T00:00:00");
  strict_bad("2024-05-01T00:00:00Z\n");
  strict_bad("2023-02-29T00:00:00Z");
  strict_bad("2024-05-01T24:00:00Z");
  strict_bad("2016-12-31T23:59:60Z");
  strict_bad(NULL);
}

static void test_time_format_known_instants(void) {
  char buf[32];
  contrast_time_format(0, buf);
  CU_ASSERT_STRING_EQUAL(buf, "1970-01-01T00:00:00Z");
  contrast_time_format(T_2024_05_01, buf);
  CU_ASSERT_STRING_EQUAL(buf, "2024-05-01T00:00:00Z");
  contrast_time_format(T_2024_02_29, buf);
  CU_ASSERT_STRING_EQUAL(buf, "2024-02-29T12:34:56Z");
  contrast_time_format(T_2049_12_31_END, buf);
  CU_ASSERT_STRING_EQUAL(buf, "2049-12-31T23:59:59Z");
  contrast_time_format(T_2049_12_31_END + 1, buf);
  CU_ASSERT_STRING_EQUAL(buf, "2050-01-01T00:00:00Z");
  contrast_time_format(-1, buf);
  CU_ASSERT_STRING_EQUAL(buf, "1969-12-31T23:59:59Z");
  contrast_time_format(T_9999_END, buf);
  CU_ASSERT_STRING_EQUAL(buf, "9999-12-31T23:59:59Z");
}

static void test_time_format_out_of_range_years(void) {
  char buf[32];
  contrast_time_format(T_9999_END + 1, buf); /* year 10000 */
  CU_ASSERT_STRING_EQUAL(buf, "out-of-range");
  contrast_time_format(INT64_C(-62167219201), buf); /* year -1 */
  CU_ASSERT_STRING_EQUAL(buf, "out-of-range");
}

static void test_time_format_parse_round_trip(void) {
  static const int64_t ts[] = {0,
                               1,
                               59,
                               86399,
                               86400,
                               T_ARK_MILAN_NB,
                               T_2000_02_29,
                               T_2024_02_29,
                               T_2024_05_01,
                               T_2038_01_19,
                               T_2049_12_31_END,
                               INT64_C(2392305785), /* 2045-10-22T17:23:05Z */
                               T_9999_END};
  for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
    char buf[32];
    contrast_time_format(ts[i], buf);
    CU_ASSERT_EQUAL(strlen(buf), 20);
    CU_ASSERT_EQUAL(strict_ok(buf), ts[i]);
    CU_ASSERT_EQUAL(parse_ok(buf), ts[i]);
  }
}

static void test_time_format_parse_round_trip_every_day_1970_2049(void) {
  /* one instant in every day of 80 years, at a varying time of day */
  for (int64_t d = 0; d < 80 * 366; d += 1) {
    int64_t t = d * 86400 + (d * 3607) % 86400;
    char buf[32];
    contrast_time_format(t, buf);
    int64_t back = 0;
    contrast_err e;
    contrast_err_clear(&e);
    if (contrast_time_parse_strict(buf, &back, CONTRAST_MALFORMED, &e) != 0 ||
        back != t) {
      CU_FAIL("round trip");
      fprintf(stderr, "  %lld -> %s -> %lld\n", (long long)t, buf,
              (long long)back);
      return;
    }
  }
  CU_PASS("every day round-trips");
}

static void test_time_from_civil_known_values(void) {
  CU_ASSERT_EQUAL(contrast_time_from_civil(1970, 1, 1, 0, 0, 0), 0);
  CU_ASSERT_EQUAL(contrast_time_from_civil(2024, 5, 1, 0, 0, 0), T_2024_05_01);
  CU_ASSERT_EQUAL(contrast_time_from_civil(2024, 2, 29, 12, 34, 56),
                  T_2024_02_29);
  CU_ASSERT_EQUAL(contrast_time_from_civil(2045, 10, 22, 17, 23, 5),
                  INT64_C(2392305785));
  CU_ASSERT_EQUAL(contrast_time_from_civil(1969, 12, 31, 23, 59, 59), -1);
}

static void test_time_days_in_month_and_parse_digits(void) {
  CU_ASSERT_EQUAL(contrast_days_in_month(2024, 1), 31);
  CU_ASSERT_EQUAL(contrast_days_in_month(2024, 2), 29);
  CU_ASSERT_EQUAL(contrast_days_in_month(2023, 2), 28);
  CU_ASSERT_EQUAL(contrast_days_in_month(1900, 2), 28);
  CU_ASSERT_EQUAL(contrast_days_in_month(2000, 2), 29);
  CU_ASSERT_EQUAL(contrast_days_in_month(2024, 4), 30);
  CU_ASSERT_EQUAL(contrast_days_in_month(2024, 12), 31);
  unsigned v = 7;
  CU_ASSERT_EQUAL(contrast_parse_digits("2024x", 4, &v), 0);
  CU_ASSERT_EQUAL(v, 2024);
  CU_ASSERT_EQUAL(contrast_parse_digits("09", 2, &v), 0);
  CU_ASSERT_EQUAL(v, 9);
  CU_ASSERT_EQUAL(contrast_parse_digits("", 0, &v), 0);
  CU_ASSERT_EQUAL(v, 0);
  v = 7;
  CU_ASSERT_EQUAL(contrast_parse_digits("1", 2, &v), -1); /* stops at NUL */
  CU_ASSERT_EQUAL(contrast_parse_digits("1a", 2, &v), -1);
  CU_ASSERT_EQUAL(contrast_parse_digits("-1", 2, &v), -1);
  CU_ASSERT_EQUAL(v, 7);
}

static const test_case tests[] = {
    {"test_time_parse_rfc3339_utc_z", test_time_parse_rfc3339_utc_z},
    {"test_time_parse_rfc3339_lowercase_t_and_z_accepted",
     test_time_parse_rfc3339_lowercase_t_and_z_accepted},
    {"test_time_parse_rfc3339_offsets", test_time_parse_rfc3339_offsets},
    {"test_time_parse_rfc3339_fractions_truncated",
     test_time_parse_rfc3339_fractions_truncated},
    {"test_time_parse_leap_day", test_time_parse_leap_day},
    {"test_time_parse_fields_out_of_range_refused",
     test_time_parse_fields_out_of_range_refused},
    {"test_time_parse_bad_syntax_refused", test_time_parse_bad_syntax_refused},
    {"test_time_parse_strict_accepts_exact_form",
     test_time_parse_strict_accepts_exact_form},
    {"test_time_parse_strict_refuses_offsets_fractions_lowercase",
     test_time_parse_strict_refuses_offsets_fractions_lowercase},
    {"test_time_format_known_instants", test_time_format_known_instants},
    {"test_time_format_out_of_range_years",
     test_time_format_out_of_range_years},
    {"test_time_format_parse_round_trip", test_time_format_parse_round_trip},
    {"test_time_format_parse_round_trip_every_day_1970_2049",
     test_time_format_parse_round_trip_every_day_1970_2049},
    {"test_time_from_civil_known_values", test_time_from_civil_known_values},
    {"test_time_days_in_month_and_parse_digits",
     test_time_days_in_month_and_parse_digits},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/time.c", tests); }
