/* libFuzzer target: the SNP certificate table parser of
 * backends/snp/attest.c (snp_cert_table_parse, snp_cert_table_find), which
 * reads the host-supplied auxblob / SNP_GET_EXT_REPORT buffer.
 *
 * The whole input is the certificate buffer. Invariants (abort() when
 * broken): success gives at most SNP_CERT_TABLE_MAX entries, each blob
 * non-empty, inside the buffer and after the table (terminator included),
 * no GUID twice, a zero GUID never an entry, find() agreeing with the
 * entries' kinds; failure records MALFORMED and leaves n = 0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/snp_attest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* a private copy of exactly size bytes: ASan sees any overread */
  uint8_t *buf = malloc(size > 0 ? size : 1);
  if (buf == NULL)
    return 0;
  if (size > 0)
    memcpy(buf, data, size);

  snp_cert_table t;
  contrast_err err;
  contrast_err_clear(&err);
  if (snp_cert_table_parse(buf, size, &t, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED);
    CHECK(t.n == 0);
    free(buf);
    return 0;
  }
  CHECK(err.code == CONTRAST_OK);
  CHECK(t.n <= SNP_CERT_TABLE_MAX);
  size_t table_end = 24 * (t.n + 1);
  static const uint8_t zero[16];
  for (size_t i = 0; i < t.n; i++) {
    const snp_cert_entry *e = &t.e[i];
    CHECK(e->len > 0);
    CHECK(e->data >= buf + table_end);
    size_t off = (size_t)(e->data - buf);
    CHECK(off <= size && e->len <= size - off);
    CHECK(memcmp(e->guid, zero, 16) != 0);
    for (size_t j = 0; j < i; j++)
      CHECK(memcmp(e->guid, t.e[j].guid, 16) != 0);
    const snp_cert_entry *f = snp_cert_table_find(&t, e->kind);
    CHECK(f != NULL && f->kind == e->kind && f <= e);
    char s[37];
    snp_cert_guid_str(e->guid, s);
    CHECK(strlen(s) == 36);
  }
  free(buf);
  return 0;
}
