/* libFuzzer target: the strict PEM decoder and certificate bundle parser of
 * common/crypto.c (contrast_pem_decode_all, contrast_cert_parse_pem_bundle,
 * contrast_cert_parse), which read cert_chain.pem, PEM VCEKs and PEM CRLs.
 *
 * The whole input is the file. Invariants (abort() when broken): success
 * gives 1..max blocks, each non-empty, and the bundle parser agrees with
 * the decoder block by block; failure leaves nothing allocated (ASan's leak
 * check) and every slot zeroed; failures record MALFORMED. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

#define MAX_BLOCKS 4

static void decode(const uint8_t *data, size_t size, const char *label,
                   uint8_t **der, size_t *der_len, size_t *n) {
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_pem_decode_all(data, size, label, "fuzz", der, der_len,
                              MAX_BLOCKS, n, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED);
    CHECK(*n == 0);
    for (size_t i = 0; i < MAX_BLOCKS; i++)
      CHECK(der[i] == NULL && der_len[i] == 0);
    return;
  }
  CHECK(*n >= 1 && *n <= MAX_BLOCKS);
  for (size_t i = 0; i < *n; i++)
    CHECK(der[i] != NULL && der_len[i] > 0);
  for (size_t i = *n; i < MAX_BLOCKS; i++)
    CHECK(der[i] == NULL && der_len[i] == 0);
}

static void free_all(uint8_t **der) {
  for (size_t i = 0; i < MAX_BLOCKS; i++)
    free(der[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *der[MAX_BLOCKS];
  size_t der_len[MAX_BLOCKS], n = 0;

  decode(data, size, "X509 CRL", der, der_len, &n);
  free_all(der);

  decode(data, size, "CERTIFICATE", der, der_len, &n);

  contrast_cert certs[MAX_BLOCKS];
  size_t m = 99;
  contrast_err err;
  contrast_err_clear(&err);
  int bundle_ok = contrast_cert_parse_pem_bundle(data, size, "fuzz", certs,
                                                 MAX_BLOCKS, &m, &err) == 0;
  if (bundle_ok) {
    /* the bundle is exactly the decoded blocks, each one certificate */
    CHECK(n >= 1 && m == n);
    for (size_t i = 0; i < m; i++) {
      CHECK(certs[i].x509 != NULL);
      CHECK(certs[i].der_len == der_len[i] &&
            memcmp(certs[i].der, der[i], der_len[i]) == 0);
      contrast_cert_wipe(&certs[i]);
    }
  } else {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_E_NOMEM);
    CHECK(m == 0);
    for (size_t i = 0; i < MAX_BLOCKS; i++)
      CHECK(certs[i].x509 == NULL && certs[i].der == NULL);
  }

  /* one certificate: PEM with exactly one block, or DER */
  contrast_cert one;
  contrast_err_clear(&err);
  if (contrast_cert_parse(data, size, "fuzz", &one, &err) == 0) {
    CHECK(one.x509 != NULL && one.der_len > 0);
    CHECK(!bundle_ok || m == 1); /* a bundle of two is not one cert */
    if (n == 1)
      CHECK(one.der_len == der_len[0] &&
            memcmp(one.der, der[0], der_len[0]) == 0);
    contrast_cert_wipe(&one);
  } else {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_E_NOMEM);
    CHECK(one.x509 == NULL && one.der == NULL);
    CHECK(!(bundle_ok && m == 1)); /* a bundle of one is one cert */
  }

  /* the signed-object splitter on each decoded block */
  for (size_t i = 0; i < n; i++) {
    contrast_signed_der s;
    contrast_err_clear(&err);
    if (contrast_der_split_signed(der[i], der_len[i], "fuzz", &s, &err) == 0) {
      CHECK(s.tbs > der[i]);
      CHECK(s.tbs + s.tbs_len <= der[i] + der_len[i]);
      CHECK(s.sig + s.sig_len == der[i] + der_len[i]);
      CHECK(s.alg_oid > s.tbs && s.alg_oid + s.alg_oid_len <= s.sig);
    } else {
      CHECK(err.code == CONTRAST_MALFORMED);
    }
  }
  free_all(der);
  return 0;
}
