/* Tests of common/p256.c: ECDSA P-256 verification (nettle) with raw X||Y
 * keys and r||s signatures. The known answer was made with the openssl CLI
 * (ecparam -genkey prime256v1; dgst -sha256 -sign over the message below;
 * asn1parse of the signature; the public point from `ec -pubout`), and
 * `openssl dgst -verify` says "Verified OK". */
#include <stdio.h>
#include <string.h>

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
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/p256.c", tests); }
