/* RFC 3339 parsing and UTC civil-time arithmetic, without the C library's
 * time-zone machinery (timegm is not standard; this is exact and total). */
#include <stdio.h>
#include <time.h>

#include "contrast/util.h"
#include "guard.h"

/* Howard Hinnant's days_from_civil algorithm (public domain). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (int64_t)((m + 9) % 12);
  const int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t contrast_time_from_civil(int64_t year, unsigned month, unsigned day,
                                 unsigned hour, unsigned minute,
                                 unsigned second) {
  return days_from_civil(year, month, day) * 86400 + (int64_t)hour * 3600 +
         (int64_t)minute * 60 + (int64_t)second;
}

static int is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned contrast_days_in_month(int64_t y, unsigned m) {
  static const unsigned dm[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

int contrast_parse_digits(const char *s, size_t n, unsigned *out) {
  unsigned v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  *out = v;
  return 0;
}

static int parse(const char *s, int strict, int64_t *out, contrast_code code,
                 contrast_err *err) {
  unsigned y, mo, d, h, mi, se;
  if (s == NULL)
    return contrast_err_set(err, code, "time: missing");
  /* YYYY-MM-DDTHH:MM:SS = 19 characters */
  for (size_t i = 0; i < 19; i++)
    if (s[i] == '\0')
      return contrast_err_set(err, code, "time '%s': too short", s);
  if (contrast_parse_digits(s, 4, &y) || s[4] != '-' ||
      contrast_parse_digits(s + 5, 2, &mo) || s[7] != '-' ||
      contrast_parse_digits(s + 8, 2, &d) ||
      !(s[10] == 'T' || (!strict && s[10] == 't')) ||
      contrast_parse_digits(s + 11, 2, &h) || s[13] != ':' ||
      contrast_parse_digits(s + 14, 2, &mi) || s[16] != ':' ||
      contrast_parse_digits(s + 17, 2, &se))
    return contrast_err_set(err, code, "time '%s': not YYYY-MM-DDTHH:MM:SS", s);
  if (mo < 1 || mo > 12 || d < 1 || d > contrast_days_in_month(y, mo) ||
      h > 23 || mi > 59 || se > 59)
    return contrast_err_set(err, code, "time '%s': field out of range", s);
  const char *p = s + 19;
  int64_t offset = 0;
  if (strict) {
    if (p[0] != 'Z' || p[1] != '\0')
      return contrast_err_set(err, code,
                              "time '%s': expected YYYY-MM-DDTHH:MM:SSZ", s);
  } else {
    if (*p == '.') {
      p++;
      if (*p < '0' || *p > '9')
        return contrast_err_set(err, code, "time '%s': empty fraction", s);
      while (*p >= '0' && *p <= '9')
        p++;
    }
    if (*p == 'Z' || *p == 'z') {
      p++;
    } else if (*p == '+' || *p == '-') {
      unsigned oh, om;
      if (contrast_parse_digits(p + 1, 2, &oh) || p[3] != ':' ||
          contrast_parse_digits(p + 4, 2, &om) || oh > 23 || om > 59)
        return contrast_err_set(err, code, "time '%s': bad UTC offset", s);
      offset = (int64_t)oh * 3600 + (int64_t)om * 60;
      if (*p == '-')
        offset = -offset;
      p += 6;
    } else {
      return contrast_err_set(err, code, "time '%s': missing UTC offset", s);
    }
    if (*p != '\0')
      return contrast_err_set(err, code, "time '%s': trailing characters", s);
  }
  *out = contrast_time_from_civil(y, mo, d, h, mi, se) - offset;
  return 0;
}

int contrast_time_parse_rfc3339(const char *s, int64_t *out,
                                contrast_code code, contrast_err *err) {
  return parse(s, 0, out, code, err);
}

int contrast_time_parse_strict(const char *s, int64_t *out,
                               contrast_code code, contrast_err *err) {
  return parse(s, 1, out, code, err);
}

void contrast_time_format(int64_t t, char buf[32]) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  /* civil_from_days (Hinnant) */
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999) {
    (void)snprintf(buf, 32, "out-of-range");
    return;
  }
  (void)snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m,
                 (int)d, (int)(secs / 3600), (int)(secs / 60 % 60),
                 (int)(secs % 60));
}

int64_t contrast_time_now(void) { return (int64_t)time(NULL); }
