/* Hex encoding and strict decoding. */
#include <stdlib.h>

#include "contrast/util.h"
#include "guard.h"

void contrast_hex_encode(const uint8_t *in, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 0x0f];
  }
  out[2 * n] = '\0';
}

char *contrast_hex_dup(const uint8_t *in, size_t n) {
  if (n > (SIZE_MAX - 1) / 2)
    return NULL;
  char *s = malloc(2 * n + 1);
  if (s != NULL)
    contrast_hex_encode(in, n, s);
  return s;
}

int contrast_hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int contrast_hex_decode(const char *s, uint8_t *out, size_t n,
                        const char *field, contrast_code code,
                        contrast_err *err) {
  if (s == NULL)
    return contrast_err_set(err, code, "%s: missing hex value", field);
  size_t i = 0;
  for (; s[i] != '\0'; i++) {
    if (i >= 2 * n)
      return contrast_err_set(err, code,
                              "%s: hex value longer than %zu bytes", field, n);
    if (contrast_hex_digit(s[i]) < 0)
      return contrast_err_set(err, code,
                              "%s: invalid hex character at position %zu",
                              field, i);
  }
  if (i != 2 * n)
    return contrast_err_set(err, code,
                            "%s: hex value has %zu digits, expected %zu", field,
                            i, 2 * n);
  for (size_t b = 0; b < n; b++)
    out[b] = (uint8_t)((contrast_hex_digit(s[2 * b]) << 4) |
                       contrast_hex_digit(s[2 * b + 1]));
  return 0;
}
