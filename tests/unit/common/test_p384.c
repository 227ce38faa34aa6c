/* Tests of common/p384.c: ECDSA P-384 verification (nettle) of a real SNP
 * report signature. The worked check of spec/snp.md §1.4: SHA-384 of bytes
 * 0x000..0x2A0 of snp-milan-v2-idblock/report.bin is 429dfccd...223311 and
 * it verifies with the vcek.der beside it. r and s are 72-byte
 * little-endian integers at 0x2A0 and 0x2E8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "testsupport.h"

#define REPORT "vectors/real/snp/snp-milan-v2-idblock/report.bin"

static const char DIGEST_HEX[] =
    "429dfccd12fa1ad399ae2d25ddc05ed608f64cd351c1a946068d41a6c78a2a8a24fe9d15"
    "d6b2c95a20944f6dac223311";

/* The VCEK's public point X||Y, from `openssl x509 -inform der -pubkey` of
 * snp-milan-v2-idblock/vcek.der (independent of our certificate code). */
static const char VCEK_XY_HEX[] =
    "c661b565bba80102bddd4491c9941cb32a1b7db68012828410b7ff8cadfd70e5"
    "49b75b78b3cdd65ccdeba886d2eea1d41d0c3f146c8ebdd68452ce7ec30c6909"
    "67c39e624c010f9cb6066a80310a87536a94ebae29c2aad980161397131fbb07";

/* P-384 group order n and field prime p, big-endian (SEC 2 / FIPS 186-4). */
static const char N_HEX[] =
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db2"
    "48b0a77aecec196accc52973";
static const char P_HEX[] =
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff"
    "0000000000000000ffffffff";

typedef struct fixture {
  uint8_t *report;
  uint8_t digest[48];
  uint8_t r[72], s[72];
  contrast_p384_pub *pub;
} fixture;

static void hex(const char *s, uint8_t *out, size_t n) {
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      contrast_hex_decode(s, out, n, "test", CONTRAST_E_INTERNAL, &e), 0);
}

static void load(fixture *f) {
  size_t len;
  f->report = test_read_file(REPORT, &len);
  CU_ASSERT_EQUAL_FATAL(len, 0x4A0);
  contrast_sha384(f->report, 0x2A0, f->digest);
  memcpy(f->r, f->report + 0x2A0, 72);
  memcpy(f->s, f->report + 0x2E8, 72);
  uint8_t xy[96];
  hex(VCEK_XY_HEX, xy, 96);
  f->pub = contrast_p384_pub_new(xy);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f->pub);
}

static void unload(fixture *f) {
  contrast_p384_pub_free(f->pub);
  free(f->report);
}

/* big-endian 48 bytes -> 72-byte little-endian wire form */
static void be48_to_le72(const uint8_t be[48], uint8_t le[72]) {
  memset(le, 0, 72);
  for (int i = 0; i < 48; i++)
    le[i] = be[47 - i];
}

static void test_p384_report_digest_matches_spec(void) {
  fixture f;
  load(&f);
  char h[97];
  contrast_hex_encode(f.digest, 48, h);
  CU_ASSERT_STRING_EQUAL(h, DIGEST_HEX);
  /* snp.md §1.4: the padding bytes 48..71 of r and s are zero */
  for (int i = 48; i < 72; i++) {
    CU_ASSERT_EQUAL(f.r[i], 0);
    CU_ASSERT_EQUAL(f.s[i], 0);
  }
  unload(&f);
}

static void test_p384_verify_real_report_valid(void) {
  fixture f;
  load(&f);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 1);
  /* the same values given as 48-byte integers */
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 48), 1);
  unload(&f);
}

static void test_p384_verify_flipped_digest_fails(void) {
  fixture f;
  load(&f);
  for (int i = 0; i < 48; i += 47) {
    f.digest[i] ^= 0x01;
    CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 0);
    f.digest[i] ^= 0x01;
  }
  /* a flip in the signed bytes changes the digest */
  f.report[0x50] ^= 0x01;
  uint8_t d[48];
  contrast_sha384(f.report, 0x2A0, d);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, d, f.r, f.s, 72), 0);
  unload(&f);
}

static void test_p384_verify_swapped_or_flipped_signature_fails(void) {
  fixture f;
  load(&f);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.s, f.r, 72), 0);
  f.r[0] ^= 0x01;
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 0);
  f.r[0] ^= 0x01;
  f.s[47] ^= 0x80;
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 0);
  unload(&f);
}

static void test_p384_verify_r_or_s_zero_fails(void) {
  fixture f;
  load(&f);
  uint8_t zero[72] = {0};
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, zero, f.s, 72), 0);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, zero, 72), 0);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, zero, zero, 72), 0);
  unload(&f);
}

static void test_p384_verify_r_or_s_at_least_order_fails(void) {
  fixture f;
  load(&f);
  uint8_t nbe[48], n_le[72], ff_le[72];
  hex(N_HEX, nbe, 48);
  be48_to_le72(nbe, n_le);
  memset(ff_le, 0, sizeof ff_le);
  memset(ff_le, 0xff, 48);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, n_le, f.s, 72), 0);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, n_le, 72), 0);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, ff_le, f.s, 72), 0);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, ff_le, 72), 0);
  /* r + n: same value mod n, but out of range */
  uint8_t rn[72];
  unsigned carry = 0;
  for (int i = 0; i < 72; i++) {
    unsigned v = (unsigned)f.r[i] + n_le[i] + carry;
    rn[i] = (uint8_t)v;
    carry = v >> 8;
  }
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, rn, f.s, 72), 0);
  unload(&f);
}

static void test_p384_verify_nonzero_high_padding_fails(void) {
  fixture f;
  load(&f);
  for (int i = 48; i < 72; i++) {
    f.r[i] = 0x01;
    CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 0);
    f.r[i] = 0;
    f.s[i] = 0x80;
    CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 0);
    f.s[i] = 0;
  }
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 72), 1);
  unload(&f);
}

static void test_p384_verify_bad_arguments_fail(void) {
  fixture f;
  load(&f);
  uint8_t r[80] = {0}, s[80] = {0};
  memcpy(r, f.r, 72);
  memcpy(s, f.s, 72);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, r, s, 73), 0);
  CU_ASSERT_EQUAL(contrast_p384_verify_le(NULL, f.digest, f.r, f.s, 72), 0);
  /* 47 bytes drop the top byte of r and s */
  CU_ASSERT_EQUAL(contrast_p384_verify_le(f.pub, f.digest, f.r, f.s, 47), 0);
  unload(&f);
}

static void test_p384_pub_new_point_not_on_curve_refused(void) {
  uint8_t xy[96];
  hex(VCEK_XY_HEX, xy, 96);
  xy[95] ^= 0x01; /* y off by one: not on the curve */
  CU_ASSERT_PTR_NULL(contrast_p384_pub_new(xy));
  hex(VCEK_XY_HEX, xy, 96);
  xy[0] ^= 0x01; /* x changed */
  CU_ASSERT_PTR_NULL(contrast_p384_pub_new(xy));
  memset(xy, 0, sizeof xy); /* (0,0) */
  CU_ASSERT_PTR_NULL(contrast_p384_pub_new(xy));
  /* coordinates >= p */
  hex(P_HEX, xy, 48);
  hex(P_HEX, xy + 48, 48);
  CU_ASSERT_PTR_NULL(contrast_p384_pub_new(xy));
  memset(xy, 0xff, sizeof xy);
  CU_ASSERT_PTR_NULL(contrast_p384_pub_new(xy));
}

static void test_p384_pub_new_valid_point_and_free_null(void) {
  uint8_t xy[96];
  hex(VCEK_XY_HEX, xy, 96);
  contrast_p384_pub *p = contrast_p384_pub_new(xy);
  CU_ASSERT_PTR_NOT_NULL(p);
  contrast_p384_pub_free(p);
  contrast_p384_pub_free(NULL);
}

static void test_p384_verify_other_real_report_other_key_fails(void) {
  /* snp-milan-v2-debug's report was signed by another chip's VCEK */
  size_t len;
  uint8_t *rep = test_read_file(
      "vectors/real/snp/snp-milan-v2-debug/report.bin", &len);
  CU_ASSERT_EQUAL_FATAL(len, 0x4A0);
  fixture f;
  load(&f);
  uint8_t d[48];
  contrast_sha384(rep, 0x2A0, d);
  CU_ASSERT_EQUAL(
      contrast_p384_verify_le(f.pub, d, rep + 0x2A0, rep + 0x2E8, 72), 0);
  unload(&f);
  free(rep);
}

static const test_case tests[] = {
    {"test_p384_report_digest_matches_spec",
     test_p384_report_digest_matches_spec},
    {"test_p384_verify_real_report_valid", test_p384_verify_real_report_valid},
    {"test_p384_verify_flipped_digest_fails",
     test_p384_verify_flipped_digest_fails},
    {"test_p384_verify_swapped_or_flipped_signature_fails",
     test_p384_verify_swapped_or_flipped_signature_fails},
    {"test_p384_verify_r_or_s_zero_fails", test_p384_verify_r_or_s_zero_fails},
    {"test_p384_verify_r_or_s_at_least_order_fails",
     test_p384_verify_r_or_s_at_least_order_fails},
    {"test_p384_verify_nonzero_high_padding_fails",
     test_p384_verify_nonzero_high_padding_fails},
    {"test_p384_verify_bad_arguments_fail",
     test_p384_verify_bad_arguments_fail},
    {"test_p384_pub_new_point_not_on_curve_refused",
     test_p384_pub_new_point_not_on_curve_refused},
    {"test_p384_pub_new_valid_point_and_free_null",
     test_p384_pub_new_valid_point_and_free_null},
    {"test_p384_verify_other_real_report_other_key_fails",
     test_p384_verify_other_real_report_other_key_fails},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/p384.c", tests); }
