/* Small common utilities: hex, strings, files, time. */
#ifndef CONTRAST_UTIL_H
#define CONTRAST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"

/* ---- hex ---- */

/* Write 2*n lowercase hex digits and a NUL to out (caller storage of at
 * least 2*n+1 bytes). */
void contrast_hex_encode(const uint8_t *in, size_t n, char *out);

/* Decode exactly n bytes from the hex string s (upper or lower case, no
 * prefix, no separators). A string of another length or with a non-hex
 * character fails with `code` and a detail naming `field`. */
int contrast_hex_decode(const char *s, uint8_t *out, size_t n,
                        const char *field, contrast_code code,
                        contrast_err *err) CONTRAST_WUR;

/* Heap copy of the hex encoding of in; caller frees. NULL on OOM. */
char *contrast_hex_dup(const uint8_t *in, size_t n);

/* The value 0..15 of one hex digit (upper or lower case), or -1. */
int contrast_hex_digit(char c);

/* ---- strings ---- */

/* Heap copy of exactly n bytes of p followed by a NUL (unlike strndup it
 * does not stop at a NUL in p); caller frees. NULL on OOM. */
char *contrast_strdup_n(const char *p, size_t n);

/* ---- files ---- */

/* Largest file contrast reads whole (evidence, certificates, JSON). */
#define CONTRAST_FILE_MAX ((size_t)16 * 1024 * 1024)

/* Read a whole regular file of at most max bytes into a new buffer
 * (caller frees *out with free()). A NUL byte is appended after the data
 * (not counted in *len) so text can be used as a C string.
 * Errors: E_IO (cannot open/read, not a regular file, larger than max),
 * E_NOMEM. */
int contrast_file_read(const char *path, size_t max, uint8_t **out,
                       size_t *len, contrast_err *err) CONTRAST_WUR;

/* Write data to path atomically (temp file in the same directory, fsync,
 * rename, fsync of the directory) with the given mode (e.g. 0600).
 * Errors: E_IO. */
int contrast_file_write_atomic(const char *path, const uint8_t *data,
                               size_t len, unsigned mode,
                               contrast_err *err) CONTRAST_WUR;

/* ---- time ----
 * Time is seconds since the Unix epoch, UTC, as int64_t. Every verification
 * takes an explicit now; nothing here reads the clock except
 * contrast_time_now(). */

/* Parse an RFC 3339 date-time ("2024-05-01T00:00:00Z",
 * "2024-05-01T02:00:00.5+02:00"; 't'/'z' accepted; fractional seconds are
 * truncated; leap second 60 is refused). Fails with `code`. */
int contrast_time_parse_rfc3339(const char *s, int64_t *out,
                                contrast_code code,
                                contrast_err *err) CONTRAST_WUR;

/* Parse exactly "YYYY-MM-DDTHH:MM:SSZ" (the CASES.md `now` form). */
int contrast_time_parse_strict(const char *s, int64_t *out,
                               contrast_code code,
                               contrast_err *err) CONTRAST_WUR;

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes; years
 * outside 0000..9999 are clamped to the text "out-of-range"). */
void contrast_time_format(int64_t t, char buf[32]);

/* Parse exactly n decimal digits of s (no sign) into *out; -1 at the
 * first character that is not '0'..'9' (a NUL included, so a string
 * shorter than n is refused without reading past its end). n <= 9. */
int contrast_parse_digits(const char *s, size_t n, unsigned *out);

/* Days in month (1..12) of year, proleptic Gregorian (29 in February of
 * a leap year). */
unsigned contrast_days_in_month(int64_t year, unsigned month);

/* Days from civil date (proleptic Gregorian) to seconds since epoch. */
int64_t contrast_time_from_civil(int64_t year, unsigned month, unsigned day,
                                 unsigned hour, unsigned minute,
                                 unsigned second);

/* The wall clock (only for CLI defaults such as `--now` absent). */
int64_t contrast_time_now(void);

#endif
