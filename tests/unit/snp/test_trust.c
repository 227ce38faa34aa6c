/* backends/snp/trust.c: pinning a product's ARK, ASK and ASVK
 * (snp_trust_add). Expected values come from spec/snp.md §2.2 (the real
 * roots' names, serials, validity dates and DER SHA-256) and from how the
 * test PKI made its certificates; a bad root set is E_UNUSABLE (an
 * operational problem, not a verdict). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "contrast/snp.h"
#include "testpki.h"
#include "testsupport.h"

/* ---- helpers ---- */

typedef struct root_files {
  uint8_t *ark, *ask, *asvk;
  size_t ark_len, ask_len, asvk_len;
} root_files;

static void real_roots(snp_product p, root_files *f) {
  char path[128];
  const char *dir = snp_product_dir(p);
  (void)snprintf(path, sizeof path, "trust/amd/%s/ark.pem", dir);
  f->ark = test_read_file(path, &f->ark_len);
  (void)snprintf(path, sizeof path, "trust/amd/%s/ask.pem", dir);
  f->ask = test_read_file(path, &f->ask_len);
  (void)snprintf(path, sizeof path, "trust/amd/%s/asvk.pem", dir);
  f->asvk = test_read_file(path, &f->asvk_len);
}

static void root_files_free(root_files *f) {
  free(f->ark);
  free(f->ask);
  free(f->asvk);
  memset(f, 0, sizeof *f);
}

/* PEM certificate -> its DER (new, caller frees). */
static uint8_t *pem_to_der(const uint8_t *pem, size_t len, size_t *der_len) {
  BIO *b = BIO_new_mem_buf(pem, (int)len);
  CU_ASSERT_FATAL(b != NULL);
  X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
  BIO_free(b);
  CU_ASSERT_FATAL(x != NULL);
  int n = i2d_X509(x, NULL);
  CU_ASSERT_FATAL(n > 0);
  uint8_t *der = malloc((size_t)n);
  CU_ASSERT_FATAL(der != NULL);
  uint8_t *p = der;
  CU_ASSERT_FATAL(i2d_X509(x, &p) == n);
  X509_free(x);
  *der_len = (size_t)n;
  return der;
}

static void sha256_hex(const uint8_t *b, size_t n, char out[65]) {
  uint8_t d[32];
  unsigned dl = 0;
  CU_ASSERT_FATAL(EVP_Digest(b, n, d, &dl, EVP_sha256(), NULL) == 1);
  for (size_t i = 0; i < 32; i++)
    (void)snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static uint64_t serial_of(const contrast_cert *c) {
  uint64_t v = 0;
  CU_ASSERT_FATAL(ASN1_INTEGER_get_uint64(
                      &v, X509_get0_serialNumber(c->x509)) == 1);
  return v;
}

/* A validity bound must fall on the day snp.md §2.2 gives (the table has
 * dates only). */
#define ASSERT_ON_DAY(t, day_start)                                           \
  do {                                                                        \
    CU_ASSERT((t) >= (int64_t)(day_start));                                   \
    CU_ASSERT((t) < (int64_t)(day_start) + 86400);                            \
  } while (0)

/* snp.md §2.2, per product: serials, DER SHA-256, validity days (epoch of
 * 00:00:00Z of each date). */
static const struct {
  snp_product product;
  uint64_t serial[3];
  const char *sha256[3];
  int64_t nb_day[3], na_day[3];
} real_table[] = {
    {SNP_PRODUCT_MILAN,
     {0x10000, 0x10001, 0x10101},
     {"69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
      "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b",
      "c5e081f59b7efab1fe2f8b505e159704e72f29cab7ef7cf628a05a42439082f5"},
     {1603324800, 1603324800, 1668556800}, /* 2020-10-22 x2, 2022-11-16 */
     {2392243200, 2392243200, 2457475200}},
    {SNP_PRODUCT_GENOA,
     {0x20000, 0x20002, 0x20101},
     {"4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
      "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521",
      "197e610743a917d6b9bb982a5a9226ccc0a15b611be0619e626aca9151457372"},
     {1643155200, 1667174400, 1668729600}, /* 2022-01-26, -10-31, -11-18 */
     {2432073600, 2456092800, 2457648000}},
    {SNP_PRODUCT_TURIN,
     {0x30000, 0x30001, 0x30101},
     {"1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a",
      "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185",
      "104e10a8bd060a3c20a434261a57d0588fd65a88915b4f65b08bdecaf8df1a3c"},
     {1684108800, 1684108800, 1684108800}, /* 2023-05-15 */
     {2473113600, 2473113600, 2473113600}},
};

/* ---- real roots ---- */

static void test_snp_trust_add_real_roots_each_product_succeeds(void) {
  for (size_t i = 0; i < sizeof real_table / sizeof real_table[0]; i++) {
    snp_product p = real_table[i].product;
    root_files f;
    real_roots(p, &f);
    snp_trust t;
    snp_trust_init(&t, "amd");
    contrast_err err;
    contrast_err_clear(&err);
    int rc = snp_trust_add(&t, p, f.ark, f.ark_len, f.ask, f.ask_len, f.asvk,
                           f.asvk_len, &err);
    CU_ASSERT_EQUAL(rc, 0);
    ASSERT_CODE(err, CONTRAST_OK);
    const snp_trust_product *tp = &t.products[p];
    CU_ASSERT(tp->loaded);
    CU_ASSERT_PTR_NOT_NULL(tp->ark_pub);
    CU_ASSERT_PTR_NOT_NULL(tp->ask_pub);
    CU_ASSERT_PTR_NOT_NULL(tp->asvk_pub);
    if (rc == 0) {
      const contrast_cert *certs[3] = {&tp->ark, &tp->ask, &tp->asvk};
      for (int k = 0; k < 3; k++) {
        char hex[65];
        sha256_hex(certs[k]->der, certs[k]->der_len, hex);
        CU_ASSERT_STRING_EQUAL(hex, real_table[i].sha256[k]);
        CU_ASSERT_EQUAL(serial_of(certs[k]), real_table[i].serial[k]);
      }
      ASSERT_ON_DAY(tp->ark_nb, real_table[i].nb_day[0]);
      ASSERT_ON_DAY(tp->ark_na, real_table[i].na_day[0]);
      ASSERT_ON_DAY(tp->ask_nb, real_table[i].nb_day[1]);
      ASSERT_ON_DAY(tp->ask_na, real_table[i].na_day[1]);
      ASSERT_ON_DAY(tp->asvk_nb, real_table[i].nb_day[2]);
      ASSERT_ON_DAY(tp->asvk_na, real_table[i].na_day[2]);
    }
    /* the other products stay unpinned */
    for (int q = SNP_PRODUCT_UNKNOWN; q < SNP_PRODUCT_COUNT_; q++)
      if (q != (int)p)
        CU_ASSERT_FALSE(t.products[q].loaded);
    snp_trust_wipe(&t);
    root_files_free(&f);
  }
}

static void test_snp_trust_add_real_roots_as_der_succeeds(void) {
  root_files f;
  real_roots(SNP_PRODUCT_GENOA, &f);
  size_t l_ark = 0, l_ask = 0, l_asvk = 0;
  uint8_t *ark = pem_to_der(f.ark, f.ark_len, &l_ark);
  uint8_t *ask = pem_to_der(f.ask, f.ask_len, &l_ask);
  uint8_t *asvk = pem_to_der(f.asvk, f.asvk_len, &l_asvk);
  snp_trust t;
  snp_trust_init(&t, "amd");
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_GENOA, ark, l_ark, ask, l_ask,
                                asvk, l_asvk, &err),
                  0);
  ASSERT_CODE(err, CONTRAST_OK);
  CU_ASSERT(t.products[SNP_PRODUCT_GENOA].loaded);
  snp_trust_wipe(&t);
  free(ark);
  free(ask);
  free(asvk);
  root_files_free(&f);
}

static void test_snp_trust_add_without_asvk_succeeds(void) {
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    root_files f;
    real_roots((snp_product)p, &f);
    snp_trust t;
    snp_trust_init(&t, "amd");
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(snp_trust_add(&t, (snp_product)p, f.ark, f.ark_len, f.ask,
                                  f.ask_len, NULL, 0, &err),
                    0);
    ASSERT_CODE(err, CONTRAST_OK);
    CU_ASSERT(t.products[p].loaded);
    CU_ASSERT_PTR_NULL(t.products[p].asvk.x509);
    CU_ASSERT_PTR_NULL(t.products[p].asvk_pub);
    CU_ASSERT_PTR_NOT_NULL(t.products[p].ask_pub);
    snp_trust_wipe(&t);
    root_files_free(&f);
  }
}

static void test_snp_trust_add_all_products_in_one_store_succeeds(void) {
  snp_trust t;
  snp_trust_init(&t, "amd");
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    root_files f;
    real_roots((snp_product)p, &f);
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(snp_trust_add(&t, (snp_product)p, f.ark, f.ark_len, f.ask,
                                  f.ask_len, f.asvk, f.asvk_len, &err),
                    0);
    root_files_free(&f);
  }
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++)
    CU_ASSERT(t.products[p].loaded);
  CU_ASSERT_FALSE(t.products[SNP_PRODUCT_UNKNOWN].loaded);
  snp_trust_wipe(&t);
  snp_trust_wipe(&t); /* wiping twice is harmless */
  snp_trust_wipe(NULL);
}

static void test_snp_trust_add_same_product_twice_replaces(void) {
  root_files f;
  real_roots(SNP_PRODUCT_MILAN, &f);
  snp_trust t;
  snp_trust_init(&t, "amd");
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_MILAN, f.ark, f.ark_len,
                                f.ask, f.ask_len, f.asvk, f.asvk_len, &err),
                  0);
  /* the second set has no ASVK: nothing of the first may survive */
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_MILAN, f.ark, f.ark_len,
                                f.ask, f.ask_len, NULL, 0, &err),
                  0);
  CU_ASSERT(t.products[SNP_PRODUCT_MILAN].loaded);
  CU_ASSERT_PTR_NULL(t.products[SNP_PRODUCT_MILAN].asvk.x509);
  snp_trust_wipe(&t);
  root_files_free(&f);
}

/* Pin (ark, ask, asvk) for product p into a fresh store; expect code. */
static void expect_add(snp_product p, const uint8_t *ark, size_t ark_len,
                       const uint8_t *ask, size_t ask_len, const uint8_t *asvk,
                       size_t asvk_len, contrast_code want) {
  snp_trust t;
  snp_trust_init(&t, "test");
  contrast_err err;
  contrast_err_clear(&err);
  int rc = snp_trust_add(&t, p, ark, ark_len, ask, ask_len, asvk, asvk_len,
                         &err);
  ASSERT_CODE(err, want);
  CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
  CU_ASSERT_EQUAL(t.products[p].loaded, want == CONTRAST_OK);
  if (want != CONTRAST_OK) {
    /* nothing half-pinned is left behind */
    CU_ASSERT_PTR_NULL(t.products[p].ark.x509);
    CU_ASSERT_PTR_NULL(t.products[p].ask.x509);
    CU_ASSERT_PTR_NULL(t.products[p].asvk.x509);
  }
  snp_trust_wipe(&t);
}

static void test_snp_trust_add_ask_of_other_product_fails_unusable(void) {
  root_files m, g;
  real_roots(SNP_PRODUCT_MILAN, &m);
  real_roots(SNP_PRODUCT_GENOA, &g);
  /* Genoa's ASK is neither issued nor signed by ARK-Milan */
  expect_add(SNP_PRODUCT_MILAN, m.ark, m.ark_len, g.ask, g.ask_len, m.asvk,
             m.asvk_len, CONTRAST_E_UNUSABLE);
  /* nor Genoa's ASVK */
  expect_add(SNP_PRODUCT_MILAN, m.ark, m.ark_len, m.ask, m.ask_len, g.asvk,
             g.asvk_len, CONTRAST_E_UNUSABLE);
  root_files_free(&m);
  root_files_free(&g);
}

static void test_snp_trust_add_ark_bad_self_signature_fails_unusable(void) {
  root_files f;
  real_roots(SNP_PRODUCT_MILAN, &f);
  size_t l_ark = 0;
  uint8_t *ark = pem_to_der(f.ark, f.ark_len, &l_ark);
  ark[l_ark - 1] ^= 0x01; /* last byte of the signature */
  expect_add(SNP_PRODUCT_MILAN, ark, l_ark, f.ask, f.ask_len, f.asvk,
             f.asvk_len, CONTRAST_E_UNUSABLE);
  free(ark);
  root_files_free(&f);
}

static void test_snp_trust_add_real_ask_signature_flipped_fails_unusable(void) {
  root_files f;
  real_roots(SNP_PRODUCT_TURIN, &f);
  size_t l_ask = 0, l_asvk = 0;
  uint8_t *ask = pem_to_der(f.ask, f.ask_len, &l_ask);
  uint8_t *asvk = pem_to_der(f.asvk, f.asvk_len, &l_asvk);
  ask[l_ask - 1] ^= 0x80;
  expect_add(SNP_PRODUCT_TURIN, f.ark, f.ark_len, ask, l_ask, f.asvk,
             f.asvk_len, CONTRAST_E_UNUSABLE);
  asvk[l_asvk - 1] ^= 0x80;
  expect_add(SNP_PRODUCT_TURIN, f.ark, f.ark_len, f.ask, f.ask_len, asvk,
             l_asvk, CONTRAST_E_UNUSABLE);
  free(ask);
  free(asvk);
  root_files_free(&f);
}

static void test_snp_trust_add_garbage_pem_fails_unusable(void) {
  root_files f;
  real_roots(SNP_PRODUCT_MILAN, &f);
  static const char bad_b64[] = "-----BEGIN CERTIFICATE-----\n"
                                "MIIB!!!!not base64@@@@\n"
                                "-----END CERTIFICATE-----\n";
  static const char no_end[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
  static const char not_cert[] = "-----BEGIN CERTIFICATE-----\n"
                                 "aGVsbG8gd29ybGQ=\n"
                                 "-----END CERTIFICATE-----\n";
  static const char text[] = "this is not a certificate";
  const char *bad[] = {bad_b64, no_end, not_cert, text};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const uint8_t *b = (const uint8_t *)bad[i];
    size_t n = strlen(bad[i]);
    expect_add(SNP_PRODUCT_MILAN, b, n, f.ask, f.ask_len, f.asvk, f.asvk_len,
               CONTRAST_E_UNUSABLE);
    expect_add(SNP_PRODUCT_MILAN, f.ark, f.ark_len, b, n, f.asvk, f.asvk_len,
               CONTRAST_E_UNUSABLE);
    expect_add(SNP_PRODUCT_MILAN, f.ark, f.ark_len, f.ask, f.ask_len, b, n,
               CONTRAST_E_UNUSABLE);
  }
  root_files_free(&f);
}

static void test_snp_trust_add_empty_or_trailing_bytes_fails_unusable(void) {
  root_files f;
  real_roots(SNP_PRODUCT_MILAN, &f);
  static const uint8_t empty[1] = {0};
  expect_add(SNP_PRODUCT_MILAN, empty, 0, f.ask, f.ask_len, NULL, 0,
             CONTRAST_E_UNUSABLE);
  expect_add(SNP_PRODUCT_MILAN, f.ark, f.ark_len, empty, 0, NULL, 0,
             CONTRAST_E_UNUSABLE);
  /* a DER ARK with one trailing byte */
  size_t l_ark = 0;
  uint8_t *ark = pem_to_der(f.ark, f.ark_len, &l_ark);
  uint8_t *longer = malloc(l_ark + 1);
  CU_ASSERT_FATAL(longer != NULL);
  memcpy(longer, ark, l_ark);
  longer[l_ark] = 0;
  expect_add(SNP_PRODUCT_MILAN, longer, l_ark + 1, f.ask, f.ask_len, NULL, 0,
             CONTRAST_E_UNUSABLE);
  /* two certificates where one is expected */
  size_t two_len = f.ark_len + f.ask_len;
  uint8_t *two = malloc(two_len);
  CU_ASSERT_FATAL(two != NULL);
  memcpy(two, f.ark, f.ark_len);
  memcpy(two + f.ark_len, f.ask, f.ask_len);
  expect_add(SNP_PRODUCT_MILAN, two, two_len, f.ask, f.ask_len, NULL, 0,
             CONTRAST_E_UNUSABLE);
  free(two);
  free(longer);
  free(ark);
  root_files_free(&f);
}

static void test_snp_trust_add_unknown_product_fails_usage(void) {
  root_files f;
  real_roots(SNP_PRODUCT_MILAN, &f);
  snp_trust t;
  snp_trust_init(&t, "amd");
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_UNKNOWN, f.ark, f.ark_len,
                                f.ask, f.ask_len, NULL, 0, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_COUNT_, f.ark, f.ark_len,
                                f.ask, f.ask_len, NULL, 0, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  snp_trust_wipe(&t);
  root_files_free(&f);
}

static void test_snp_trust_add_failure_unpins_previous_set(void) {
  root_files f;
  real_roots(SNP_PRODUCT_MILAN, &f);
  snp_trust t;
  snp_trust_init(&t, "amd");
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_MILAN, f.ark, f.ark_len,
                                f.ask, f.ask_len, f.asvk, f.asvk_len, &err),
                  0);
  static const uint8_t junk[] = "junk";
  CU_ASSERT_EQUAL(snp_trust_add(&t, SNP_PRODUCT_MILAN, f.ark, f.ark_len, junk,
                                sizeof junk - 1, NULL, 0, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_UNUSABLE);
  CU_ASSERT_FALSE(t.products[SNP_PRODUCT_MILAN].loaded);
  CU_ASSERT_PTR_NULL(t.products[SNP_PRODUCT_MILAN].ark.x509);
  snp_trust_wipe(&t);
  root_files_free(&f);
}

/* ---- the test PKI's roots ---- */

static void test_snp_trust_add_test_roots_each_product_succeeds(void) {
  snp_trust t;
  snp_trust_init(&t, "test");
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(tp_trust_add(&t, (snp_product)p, NULL, NULL, NULL, 0, &err),
                    0);
    ASSERT_CODE(err, CONTRAST_OK);
    CU_ASSERT(t.products[p].loaded);
    CU_ASSERT_EQUAL(t.products[p].ark_nb, TP_T_ROOT_NB);
    CU_ASSERT_EQUAL(t.products[p].ark_na, TP_T_ROOT_NA);
  }
  snp_trust_wipe(&t);
}

/* Pin the test roots of Milan with one spec changed; expect code. */
static void expect_test_roots(const tp_cert_spec *ark, const tp_cert_spec *ask,
                              const tp_cert_spec *asvk, contrast_code want) {
  snp_trust t;
  snp_trust_init(&t, "test");
  contrast_err err;
  contrast_err_clear(&err);
  int rc = tp_trust_add(&t, SNP_PRODUCT_MILAN, ark, ask, asvk, 0, &err);
  ASSERT_CODE(err, want);
  CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
  CU_ASSERT_EQUAL(t.products[SNP_PRODUCT_MILAN].loaded, want == CONTRAST_OK);
  snp_trust_wipe(&t);
}

static void test_snp_trust_add_ask_signed_by_other_key_fails_unusable(void) {
  /* names say ARK-Milan, the signature is by a key nobody pinned */
  tp_cert_spec ask = tp_ask_spec(SNP_PRODUCT_MILAN);
  ask.signer = TP_KEY_ARK_OTHER;
  expect_test_roots(NULL, &ask, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_asvk_signed_by_other_key_fails_unusable(void) {
  tp_cert_spec asvk = tp_asvk_spec(SNP_PRODUCT_MILAN);
  asvk.signer = TP_KEY_ARK_OTHER;
  expect_test_roots(NULL, NULL, &asvk, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_ask_signed_by_ask_key_fails_unusable(void) {
  /* self-signed ASK carrying the ARK as its issuer name */
  tp_cert_spec ask = tp_ask_spec(SNP_PRODUCT_MILAN);
  ask.signer = ask.key;
  expect_test_roots(NULL, &ask, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_test_ark_corrupt_signature_fails_unusable(void) {
  tp_cert_spec ark = tp_ark_spec(SNP_PRODUCT_MILAN);
  ark.corrupt_signature = 1;
  expect_test_roots(&ark, NULL, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_ark_signed_by_other_key_fails_unusable(void) {
  /* self-issued by name, signed by another key */
  tp_cert_spec ark = tp_ark_spec(SNP_PRODUCT_MILAN);
  ark.signer = TP_KEY_ARK_OTHER;
  expect_test_roots(&ark, NULL, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_ark_not_self_issued_fails_unusable(void) {
  /* signed by its own key but naming another issuer */
  tp_cert_spec ark = tp_ark_spec(SNP_PRODUCT_MILAN);
  (void)snprintf(ark.issuer_cn, sizeof ark.issuer_cn, "ARK-Genoa");
  expect_test_roots(&ark, NULL, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_ask_issuer_name_not_ark_fails_unusable(void) {
  /* signed by the ARK's key, but names another issuer */
  tp_cert_spec ask = tp_ask_spec(SNP_PRODUCT_MILAN);
  (void)snprintf(ask.issuer_cn, sizeof ask.issuer_cn, "ARK-Genoa");
  expect_test_roots(NULL, &ask, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_pkcs1_signatures_fail_unusable(void) {
  /* AMD signs with RSASSA-PSS only (snp.md §2.1) */
  tp_cert_spec ark = tp_ark_spec(SNP_PRODUCT_MILAN);
  ark.sig_alg = TP_SIG_PKCS1_SHA384;
  expect_test_roots(&ark, NULL, NULL, CONTRAST_E_UNUSABLE);
  tp_cert_spec ask = tp_ask_spec(SNP_PRODUCT_MILAN);
  ask.sig_alg = TP_SIG_PKCS1_SHA384;
  expect_test_roots(NULL, &ask, NULL, CONTRAST_E_UNUSABLE);
  tp_cert_spec asvk = tp_asvk_spec(SNP_PRODUCT_MILAN);
  asvk.sig_alg = TP_SIG_PKCS1_SHA384;
  expect_test_roots(NULL, NULL, &asvk, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_pss_wrong_parameters_fail_unusable(void) {
  /* PSS, but not SHA-384 with salt 48 (snp.md §2.1) */
  tp_cert_spec ask = tp_ask_spec(SNP_PRODUCT_MILAN);
  ask.sig_alg = TP_SIG_PSS_SHA384_SALT32;
  expect_test_roots(NULL, &ask, NULL, CONTRAST_E_UNUSABLE);
  ask.sig_alg = TP_SIG_PSS_SHA256;
  expect_test_roots(NULL, &ask, NULL, CONTRAST_E_UNUSABLE);
}

static void test_snp_trust_add_expired_roots_are_pinned(void) {
  /* validity is judged at verification time (`now`), not when pinning */
  tp_cert_spec ark = tp_ark_spec(SNP_PRODUCT_MILAN);
  ark.not_before = TP_T_ROOT_NB;
  ark.not_after = TP_T_ROOT_NB + 10;
  expect_test_roots(&ark, NULL, NULL, CONTRAST_OK);
}

int main(void) {
  static const test_case tests[] = {
      {"test_snp_trust_add_real_roots_each_product_succeeds",
       test_snp_trust_add_real_roots_each_product_succeeds},
      {"test_snp_trust_add_real_roots_as_der_succeeds",
       test_snp_trust_add_real_roots_as_der_succeeds},
      {"test_snp_trust_add_without_asvk_succeeds",
       test_snp_trust_add_without_asvk_succeeds},
      {"test_snp_trust_add_all_products_in_one_store_succeeds",
       test_snp_trust_add_all_products_in_one_store_succeeds},
      {"test_snp_trust_add_same_product_twice_replaces",
       test_snp_trust_add_same_product_twice_replaces},
      {"test_snp_trust_add_ask_of_other_product_fails_unusable",
       test_snp_trust_add_ask_of_other_product_fails_unusable},
      {"test_snp_trust_add_ark_bad_self_signature_fails_unusable",
       test_snp_trust_add_ark_bad_self_signature_fails_unusable},
      {"test_snp_trust_add_real_ask_signature_flipped_fails_unusable",
       test_snp_trust_add_real_ask_signature_flipped_fails_unusable},
      {"test_snp_trust_add_garbage_pem_fails_unusable",
       test_snp_trust_add_garbage_pem_fails_unusable},
      {"test_snp_trust_add_empty_or_trailing_bytes_fails_unusable",
       test_snp_trust_add_empty_or_trailing_bytes_fails_unusable},
      {"test_snp_trust_add_unknown_product_fails_usage",
       test_snp_trust_add_unknown_product_fails_usage},
      {"test_snp_trust_add_failure_unpins_previous_set",
       test_snp_trust_add_failure_unpins_previous_set},
      {"test_snp_trust_add_test_roots_each_product_succeeds",
       test_snp_trust_add_test_roots_each_product_succeeds},
      {"test_snp_trust_add_ask_signed_by_other_key_fails_unusable",
       test_snp_trust_add_ask_signed_by_other_key_fails_unusable},
      {"test_snp_trust_add_asvk_signed_by_other_key_fails_unusable",
       test_snp_trust_add_asvk_signed_by_other_key_fails_unusable},
      {"test_snp_trust_add_ask_signed_by_ask_key_fails_unusable",
       test_snp_trust_add_ask_signed_by_ask_key_fails_unusable},
      {"test_snp_trust_add_test_ark_corrupt_signature_fails_unusable",
       test_snp_trust_add_test_ark_corrupt_signature_fails_unusable},
      {"test_snp_trust_add_ark_signed_by_other_key_fails_unusable",
       test_snp_trust_add_ark_signed_by_other_key_fails_unusable},
      {"test_snp_trust_add_ark_not_self_issued_fails_unusable",
       test_snp_trust_add_ark_not_self_issued_fails_unusable},
      {"test_snp_trust_add_ask_issuer_name_not_ark_fails_unusable",
       test_snp_trust_add_ask_issuer_name_not_ark_fails_unusable},
      {"test_snp_trust_add_pkcs1_signatures_fail_unusable",
       test_snp_trust_add_pkcs1_signatures_fail_unusable},
      {"test_snp_trust_add_pss_wrong_parameters_fail_unusable",
       test_snp_trust_add_pss_wrong_parameters_fail_unusable},
      {"test_snp_trust_add_expired_roots_are_pinned",
       test_snp_trust_add_expired_roots_are_pinned},
      {NULL, NULL},
  };
  int rc = test_run_suite("snp_trust", tests);
  tp_cleanup();
  return rc;
}
