/* Tests of common/p256.c: ECDSA P-256 verification (OpenSSL) with raw X||Y
 * keys and r||s signatures. The known answer was made with the openssl CLI
 * (ecparam -genkey prime256v1; dgst -sha256 -sign over the message below;
 * asn1parse of the signature; the public point from `ec -pubout`), and
 * `openssl dgst -verify` says "Verified OK". */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "testsupport.h"

static const char MSG[] = "contrast-c p256 known answer";
static const char DIGEST_HEX[] =
    "62b812fbb527757d48aeea6c427d2cd405b2e8d82294eff8c5b84b4788579705";
static const char XY_HEX[] =
    "15096d9a20bfe6f9fd5973345678d2350f70ced195e00e573ecbc1e31b9866ee"
    "4f3e0794dda27efc2997c259780c4ea9631d7bee45f078983d9845345a2c5a4a";
static const char SIG_HEX[] =
    "05c5244d68eb39feb512c1eaba5df1db2ba1d6bdf1657d960fc80edf762faacb"
    "698c1664b3ee1241eb8c13e03bd1db6f86bc62f400c651b149b8a7876645e211";
/* group order n (SEC 2) */
static const char N_HEX[] =
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

static void hex(const char *s, uint8_t *out, size_t n) {
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      contrast_hex_decode(s, out, n, "test", CONTRAST_E_INTERNAL, &e), 0);
}

typedef struct fixture {
  uint8_t digest[32], sig[64];
  contrast_p256_pub *pub;
} fixture;

static void load(fixture *f) {
  uint8_t xy[64];
  hex(XY_HEX, xy, 64);
  hex(SIG_HEX, f->sig, 64);
  contrast_sha256((const uint8_t *)MSG, strlen(MSG), f->digest);
  f->pub = contrast_p256_pub_new(xy);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f->pub);
}

static void test_p256_digest_of_message(void) {
  fixture f;
  load(&f);
  uint8_t want[32];
  hex(DIGEST_HEX, want, 32);
  CU_ASSERT_EQUAL(memcmp(f.digest, want, 32), 0);
  contrast_p256_pub_free(f.pub);
}

static void test_p256_verify_known_answer_valid(void) {
  fixture f;
  load(&f);
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, f.sig), 1);
  contrast_p256_pub_free(f.pub);
}

static void test_p256_verify_altered_digest_or_signature_fails(void) {
  fixture f;
  load(&f);
  f.digest[31] ^= 1;
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, f.sig), 0);
  f.digest[31] ^= 1;
  for (size_t i = 0; i < 64; i += 21) {
    f.sig[i] ^= 0x10;
    CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, f.sig), 0);
    f.sig[i] ^= 0x10;
  }
  /* r and s swapped */
  uint8_t sw[64];
  memcpy(sw, f.sig + 32, 32);
  memcpy(sw + 32, f.sig, 32);
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, sw), 0);
  CU_ASSERT_EQUAL(contrast_p256_verify(NULL, f.digest, f.sig), 0);
  contrast_p256_pub_free(f.pub);
}

static void test_p256_verify_r_or_s_zero_or_order_fails(void) {
  fixture f;
  load(&f);
  uint8_t s2[64];
  memcpy(s2, f.sig, 64);
  memset(s2, 0, 32); /* r = 0 */
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, s2), 0);
  memcpy(s2, f.sig, 64);
  memset(s2 + 32, 0, 32); /* s = 0 */
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, s2), 0);
  memcpy(s2, f.sig, 64);
  hex(N_HEX, s2, 32); /* r = n */
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, s2), 0);
  memcpy(s2, f.sig, 64);
  hex(N_HEX, s2 + 32, 32); /* s = n */
  CU_ASSERT_EQUAL(contrast_p256_verify(f.pub, f.digest, s2), 0);
  contrast_p256_pub_free(f.pub);
}

static void test_p256_pub_new_point_not_on_curve_refused(void) {
  uint8_t xy[64];
  hex(XY_HEX, xy, 64);
  xy[63] ^= 1;
  CU_ASSERT_PTR_NULL(contrast_p256_pub_new(xy));
  memset(xy, 0, sizeof xy);
  CU_ASSERT_PTR_NULL(contrast_p256_pub_new(xy));
  memset(xy, 0xff, sizeof xy); /* coordinates >= p */
  CU_ASSERT_PTR_NULL(contrast_p256_pub_new(xy));
  contrast_p256_pub_free(NULL);
}

/* The key EVP_PKEY_fromdata makes of the point (the import as it was). */
static EVP_PKEY *fromdata(const uint8_t xy[64]) {
  uint8_t pt[65] = {0x04};
  memcpy(pt + 1, xy, 64);
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
  EVP_PKEY *k = NULL;
  CU_ASSERT_FATAL(ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
                  EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params) == 1);
  EVP_PKEY_CTX_free(ctx);
  return k;
}

static void test_p256_pkey_new_same_key_as_fromdata(void) {
  uint8_t xy[64], back[64];
  hex(XY_HEX, xy, 64);
  EVP_PKEY *a = contrast_p256_pkey_new(xy), *b = fromdata(xy);
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_EQUAL(EVP_PKEY_eq(a, b), 1);
  CU_ASSERT_EQUAL(contrast_ec_pub_xy(a, "prime256v1", back, 32), 0);
  CU_ASSERT_EQUAL(memcmp(back, xy, 64), 0);
  /* two imports are two keys: setting one does not touch the other */
  uint8_t xy2[64];
  EVP_PKEY *g = EVP_EC_gen("P-256");
  CU_ASSERT_FATAL(g != NULL &&
                  contrast_ec_pub_xy(g, "prime256v1", xy2, 32) == 0);
  EVP_PKEY *c = contrast_p256_pkey_new(xy2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(EVP_PKEY_eq(c, g), 1);
  CU_ASSERT_EQUAL(EVP_PKEY_eq(a, b), 1);
  EVP_PKEY_free(a);
  EVP_PKEY_free(b);
  EVP_PKEY_free(c);
  EVP_PKEY_free(g);
}

static void test_p256_pkey_new_point_not_on_curve_refused(void) {
  uint8_t xy[64];
  hex(XY_HEX, xy, 64);
  xy[63] ^= 1;
  CU_ASSERT_PTR_NULL(contrast_p256_pkey_new(xy));
  memset(xy, 0, sizeof xy);
  CU_ASSERT_PTR_NULL(contrast_p256_pkey_new(xy));
  memset(xy, 0xff, sizeof xy);
  CU_ASSERT_PTR_NULL(contrast_p256_pkey_new(xy));
}

/* Signatures OpenSSL makes over many digests verify through the raw r||s
 * form: among them r and s with the top bit set (DER sign octet) and, about
 * one in 128, with leading zero octets (DER drops them). */
static void test_p256_verify_pkey_many_signatures_every_der_form(void) {
  EVP_PKEY *k = EVP_EC_gen("P-256");
  CU_ASSERT_PTR_NOT_NULL_FATAL(k);
  size_t n = test_skip_sweeps() ? 50 : 1500, short_seen = 0, high_seen = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t digest[32], raw[64], der[80];
    size_t der_len = sizeof der;
    contrast_sha256((const uint8_t *)&i, sizeof i, digest);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
    CU_ASSERT_FATAL(ctx != NULL && EVP_PKEY_sign_init(ctx) == 1 &&
                    EVP_PKEY_sign(ctx, der, &der_len, digest, 32) == 1);
    EVP_PKEY_CTX_free(ctx);
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    CU_ASSERT_FATAL(sig != NULL);
    CU_ASSERT_FATAL(BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32) == 32 &&
                    BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32) == 32);
    short_seen += raw[0] == 0 || raw[32] == 0;
    high_seen += (raw[0] & 0x80) != 0;
    ECDSA_SIG_free(sig);
    CU_ASSERT_EQUAL(contrast_p256_verify_pkey(k, digest, raw), 1);
    raw[63] ^= 1;
    CU_ASSERT_EQUAL(contrast_p256_verify_pkey(k, digest, raw), 0);
  }
  if (!test_skip_sweeps())
    CU_ASSERT_TRUE(short_seen > 0);
  CU_ASSERT_TRUE(high_seen > 0);
  CU_ASSERT_EQUAL(contrast_p256_verify_pkey(NULL, (const uint8_t *)N_HEX,
                                            (const uint8_t *)N_HEX),
                  0);
  EVP_PKEY_free(k);
}

/* Imports from several threads at once (the template is made once). */
static void *import_many(void *arg) {
  const uint8_t *xy = arg;
  for (int i = 0; i < 50; i++) {
    EVP_PKEY *k = contrast_p256_pkey_new(xy);
    if (k == NULL)
      return NULL;
    EVP_PKEY_free(k);
  }
  return arg;
}

static void test_p256_pkey_new_from_threads(void) {
  uint8_t xy[64];
  hex(XY_HEX, xy, 64);
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, import_many, xy), 0);
  for (int i = 0; i < 4; i++) {
    void *r = NULL;
    CU_ASSERT_EQUAL(pthread_join(t[i], &r), 0);
    CU_ASSERT_PTR_EQUAL(r, xy);
  }
}

static const test_case tests[] = {
    {"test_p256_digest_of_message", test_p256_digest_of_message},
    {"test_p256_verify_known_answer_valid",
     test_p256_verify_known_answer_valid},
    {"test_p256_verify_altered_digest_or_signature_fails",
     test_p256_verify_altered_digest_or_signature_fails},
    {"test_p256_verify_r_or_s_zero_or_order_fails",
     test_p256_verify_r_or_s_zero_or_order_fails},
    {"test_p256_pub_new_point_not_on_curve_refused",
     test_p256_pub_new_point_not_on_curve_refused},
    {"test_p256_pkey_new_same_key_as_fromdata",
     test_p256_pkey_new_same_key_as_fromdata},
    {"test_p256_pkey_new_point_not_on_curve_refused",
     test_p256_pkey_new_point_not_on_curve_refused},
    {"test_p256_verify_pkey_many_signatures_every_der_form",
     test_p256_verify_pkey_many_signatures_every_der_form},
    {"test_p256_pkey_new_from_threads", test_p256_pkey_new_from_threads},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/p256.c", tests); }
