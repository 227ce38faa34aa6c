/* libFuzzer target: the cache entry parser of common/cache.c
 * (contrast_cache_entry_parse), which reads files anyone with access to
 * the cache directory may have written.
 *
 * The whole input is the entry file. Invariants (abort() when broken):
 * failure records E_UNUSABLE (or E_NOMEM) and leaves the response zeroed;
 * success gives status 200, from_cache 1, a body that is exactly the
 * input's tail and NUL-terminated, at most CONTRAST_HTTP_MAX_HEADERS
 * headers with non-empty names, and the same answer when the URL it
 * recorded is required; a parse with another URL fails. */
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

static int is_zero(const contrast_http_response *r) {
  static const contrast_http_response zero;
  return memcmp(r, &zero, sizeof zero) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  contrast_http_response r;
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_cache_entry_parse(data, size, NULL, &r, &err) != 0) {
    CHECK(err.code == CONTRAST_E_UNUSABLE || err.code == CONTRAST_E_NOMEM);
    CHECK(is_zero(&r));
    return 0;
  }
  CHECK(r.status == 200 && r.from_cache == 1 && r.attempts == 0);
  CHECK(r.body != NULL && r.body_len <= size);
  CHECK(memcmp(r.body, data + size - r.body_len, r.body_len) == 0);
  CHECK(r.body[r.body_len] == 0);
  CHECK(r.n_headers <= CONTRAST_HTTP_MAX_HEADERS);
  for (size_t i = 0; i < r.n_headers; i++)
    CHECK(r.headers[i].name != NULL && r.headers[i].name[0] != '\0' &&
          r.headers[i].value != NULL);

  /* the URL it names: "contrast-cache 1\nurl <url>\n" */
  const uint8_t *u = data + 21;
  const uint8_t *nl = memchr(u, '\n', size - 21);
  CHECK(nl != NULL);
  size_t ul = (size_t)(nl - u);
  char *url = malloc(ul + 2);
  CHECK(url != NULL);
  memcpy(url, u, ul);
  url[ul] = '\0';
  contrast_http_response again;
  contrast_err_clear(&err);
  CHECK(contrast_cache_entry_parse(data, size, url, &again, &err) == 0);
  CHECK(again.body_len == r.body_len && again.expires == r.expires &&
        again.n_headers == r.n_headers);
  contrast_http_response_wipe(&again);
  url[ul] = 'x';
  url[ul + 1] = '\0';
  contrast_err_clear(&err);
  CHECK(contrast_cache_entry_parse(data, size, url, &again, &err) != 0);
  CHECK(err.code == CONTRAST_E_UNUSABLE && is_zero(&again));
  free(url);
  contrast_http_response_wipe(&r);
  return 0;
}
