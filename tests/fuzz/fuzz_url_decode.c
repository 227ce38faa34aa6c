/* libFuzzer target: percent-decoding of the PCS issuer-chain headers
 * (contrast_url_decode in common/http.c).
 *
 * The input, cut at its first NUL, is the header value. Invariants
 * (abort() when broken): success gives an output no longer than the input,
 * NUL-terminated, equal to a reference decoding written here; failure
 * (E_FETCH) happens exactly when the input has a '%' not followed by two
 * hex digits, and leaves *out NULL. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

/* The reference: -1 for a bad escape, else the decoded length in ref. */
static long reference(const char *s, size_t n, uint8_t *ref) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      if (i + 2 >= n)
        return -1;
      if (!isxdigit((unsigned char)s[i + 1]) ||
          !isxdigit((unsigned char)s[i + 2]))
        return -1;
      char hex[3] = {s[i + 1], s[i + 2], 0};
      ref[o++] = (uint8_t)strtoul(hex, NULL, 16);
      i += 2;
    } else {
      ref[o++] = s[i] == '+' ? (uint8_t)' ' : (uint8_t)s[i];
    }
  }
  return (long)o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  uint8_t *ref = malloc(size + 1);
  CHECK(s != NULL && ref != NULL);
  memcpy(s, data, size);
  s[size] = '\0';
  size_t n = strlen(s);
  long want = reference(s, n, ref);
  uint8_t *out = NULL;
  size_t len = 99;
  contrast_err err;
  contrast_err_clear(&err);
  int rc = contrast_url_decode(s, &out, &len, &err);
  if (want < 0) {
    CHECK(rc != 0 && err.code == CONTRAST_E_FETCH && out == NULL && len == 0);
  } else {
    CHECK(rc == 0 && out != NULL && len == (size_t)want && len <= n);
    CHECK(memcmp(out, ref, len) == 0 && out[len] == 0);
  }
  free(out);
  free(ref);
  free(s);
  return 0;
}
