/* Tests of backends/snp/vek.c: the AMD KDS extensions of a VCEK/VLEK
 * (spec/snp.md §2.3). Encodings are the ones seen in real certificates
 * (INTEGER 02 01 00 / 02 01 73 / 02 02 00 d9, IA5String 16 08 "Milan-B0",
 * raw 64-byte hwID); values of the real certificates were read with
 * `openssl asn1parse` independently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "contrast/crypto.h"
#include "contrast/snp.h"
#include "contrast/util.h"
#include "testsupport.h"

#define DIR "vectors/real/snp/"

static int add(snp_vek_ext *x, const char *suffix, const void *v, size_t n,
               contrast_code want) {
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_vek_ext_add(x, suffix, (const uint8_t *)v, n, &e);
  if (e.code != want)
    fprintf(stderr, "  suffix %s: expected %s, got %s: %s\n", suffix,
            contrast_code_name(want), contrast_code_name(e.code), e.detail);
  ASSERT_CODE(e, want);
  CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
  return rc;
}

static snp_vek_ext *fresh(void) {
  snp_vek_ext *x = calloc(1, sizeof *x);
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  return x;
}

static int hex_is(const uint8_t *b, size_t n, const char *want) {
  char s[129];
  CU_ASSERT_FATAL(2 * n < sizeof s);
  contrast_hex_encode(b, n, s);
  return strcmp(s, want) == 0;
}

/* ---- snp_vek_ext_add ---- */

static void test_snp_vek_ext_add_struct_version_integer(void) {
  snp_vek_ext *x = fresh();
  add(x, "1", "\x02\x01\x00", 3, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->has_struct_version, 1);
  CU_ASSERT_EQUAL(x->struct_version, 0);
  free(x);
  x = fresh();
  add(x, "1", "\x02\x01\x01", 3, CONTRAST_OK); /* Turin VCEK */
  CU_ASSERT_EQUAL(x->struct_version, 1);
  free(x);
}

static void test_snp_vek_ext_add_product_name_ia5(void) {
  snp_vek_ext *x = fresh();
  add(x, "2", "\x16\x08Milan-B0", 10, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->has_product_name, 1);
  CU_ASSERT_STRING_EQUAL(x->product_name, "Milan-B0");
  free(x);
  x = fresh();
  add(x, "2", "\x16\x05Genoa", 7, CONTRAST_OK);
  CU_ASSERT_STRING_EQUAL(x->product_name, "Genoa");
  free(x);
}

static void test_snp_vek_ext_add_spl_values_seen_in_real_certs(void) {
  snp_vek_ext *x = fresh();
  add(x, "3.1", "\x02\x01\x03", 3, CONTRAST_OK);
  add(x, "3.2", "\x02\x01\x00", 3, CONTRAST_OK);
  add(x, "3.3", "\x02\x01\x08", 3, CONTRAST_OK);
  add(x, "3.8", "\x02\x01\x73", 3, CONTRAST_OK); /* 115 */
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_BL], 3);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_TEE], 0);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_SNP], 8);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 115);
  CU_ASSERT_EQUAL(x->has_spl[SNP_SPL_BL], 1);
  CU_ASSERT_EQUAL(x->has_spl[SNP_SPL_UCODE], 1);
  CU_ASSERT_EQUAL(x->has_spl[SNP_SPL_4], 0);
  CU_ASSERT_EQUAL(x->has_spl[SNP_SPL_FMC], 0);
  free(x);
  x = fresh();
  add(x, "3.8", "\x02\x02\x00\xd9", 4, CONTRAST_OK); /* 217 */
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 217);
  free(x);
  x = fresh();
  add(x, "3.8", "\x02\x02\x00\xff", 4, CONTRAST_OK); /* 255 */
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 255);
  free(x);
}

static void test_snp_vek_ext_add_every_spl_slot(void) {
  /* 3.1 bl, 3.2 tee, 3.3 snp, 3.4-3.7 spl4-7, 3.8 ucode, 3.9 fmc */
  static const char *const suffix[SNP_SPL_COUNT_] = {
      "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9"};
  static const int slot[SNP_SPL_COUNT_] = {
      SNP_SPL_BL, SNP_SPL_TEE, SNP_SPL_SNP,   SNP_SPL_4,  SNP_SPL_5,
      SNP_SPL_6,  SNP_SPL_7,   SNP_SPL_UCODE, SNP_SPL_FMC};
  snp_vek_ext *x = fresh();
  for (int i = 0; i < SNP_SPL_COUNT_; i++) {
    uint8_t v[3] = {0x02, 0x01, (uint8_t)(0x10 + i)};
    add(x, suffix[i], v, 3, CONTRAST_OK);
  }
  for (int i = 0; i < SNP_SPL_COUNT_; i++) {
    CU_ASSERT_EQUAL(x->has_spl[slot[i]], 1);
    CU_ASSERT_EQUAL(x->spl[slot[i]], 0x10 + i);
  }
  free(x);
}

static void test_snp_vek_ext_add_hwid_raw_and_wrapped(void) {
  uint8_t raw[64], wrapped[66], raw8[8], wrapped8[10];
  for (int i = 0; i < 64; i++)
    raw[i] = (uint8_t)(0xc0 ^ i);
  wrapped[0] = 0x04;
  wrapped[1] = 0x40;
  memcpy(wrapped + 2, raw, 64);
  memcpy(raw8, raw, 8);
  wrapped8[0] = 0x04;
  wrapped8[1] = 0x08;
  memcpy(wrapped8 + 2, raw, 8);

  snp_vek_ext *x = fresh();
  add(x, "4", raw, 64, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->hwid_len, 64);
  CU_ASSERT_EQUAL(memcmp(x->hwid, raw, 64), 0);
  free(x);
  x = fresh();
  add(x, "4", wrapped, 66, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->hwid_len, 64);
  CU_ASSERT_EQUAL(memcmp(x->hwid, raw, 64), 0);
  free(x);
  x = fresh(); /* Turin: 8 bytes */
  add(x, "4", raw8, 8, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->hwid_len, 8);
  CU_ASSERT_EQUAL(memcmp(x->hwid, raw, 8), 0);
  free(x);
  x = fresh();
  add(x, "4", wrapped8, 10, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->hwid_len, 8);
  CU_ASSERT_EQUAL(memcmp(x->hwid, raw, 8), 0);
  free(x);
}

static void test_snp_vek_ext_add_hwid_wrong_size_fails_malformed(void) {
  uint8_t buf[80];
  memset(buf, 0x5a, sizeof buf);
  static const size_t sizes[] = {0, 1, 7, 9, 16, 32, 48, 63, 65, 67, 72};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    snp_vek_ext *x = fresh();
    add(x, "4", buf, sizes[i], CONTRAST_MALFORMED);
    CU_ASSERT_EQUAL(x->hwid_len, 0);
    free(x);
  }
  /* an OCTET STRING wrapper whose content is not 64 or 8 bytes */
  uint8_t w[66];
  memset(w, 0x5a, sizeof w);
  w[0] = 0x04;
  w[1] = 0x3f; /* 63 */
  snp_vek_ext *x = fresh();
  add(x, "4", w, 65, CONTRAST_MALFORMED);
  free(x);
}

static void test_snp_vek_ext_add_csp_id(void) {
  snp_vek_ext *x = fresh();
  static const char v[] = "\x16\x1d" "CN=cc-us-east-2.amazonaws.com";
  add(x, "5", v, sizeof v - 1, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->has_csp_id, 1);
  CU_ASSERT_STRING_EQUAL(x->csp_id, "CN=cc-us-east-2.amazonaws.com");
  free(x);
}

static void test_snp_vek_ext_add_duplicates_fail_malformed(void) {
  uint8_t hw[64] = {1};
  static const char csp[] = "\x16\x03" "abc";
  struct {
    const char *suffix;
    const void *v;
    size_t n;
  } t[] = {{"1", "\x02\x01\x00", 3},     {"2", "\x16\x05Milan", 7},
           {"3.1", "\x02\x01\x03", 3},   {"3.4", "\x02\x01\x00", 3},
           {"3.8", "\x02\x01\x73", 3},   {"3.9", "\x02\x01\x00", 3},
           {"4", hw, 64},                {"5", csp, sizeof csp - 1}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    snp_vek_ext *x = fresh();
    add(x, t[i].suffix, t[i].v, t[i].n, CONTRAST_OK);
    add(x, t[i].suffix, t[i].v, t[i].n, CONTRAST_MALFORMED);
    free(x);
  }
}

static void test_snp_vek_ext_add_unknown_amd_oid_fails_malformed(void) {
  static const char *const bad[] = {"6",   "3.10", "3.0", "3",  "0",   "",
                                    "1.1", "4.1",  "3.1x", "31", "3.11", "5.0",
                                    "7",   "2 "};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snp_vek_ext *x = fresh();
    add(x, bad[i], "\x02\x01\x00", 3, CONTRAST_MALFORMED);
    free(x);
  }
}

static void test_snp_vek_ext_add_bad_integers_fail_malformed(void) {
  struct {
    const char *suffix;
    const char *v;
    size_t n;
  } t[] = {
      {"3.1", "\x02\x01\x80", 3},             /* negative */
      {"3.1", "\x02\x01\xff", 3},             /* -1 */
      {"3.8", "\x02\x02\x00\x73", 4},         /* non-minimal */
      {"3.8", "\x02\x02\x01\x00", 4},         /* 256 > SPL range */
      {"3.8", "\x02\x03\x00\x00\xd9", 5},     /* overlong */
      {"3.2", "\x02\x00", 2},                 /* empty INTEGER */
      {"3.2", "\x02\x02\x00", 3},             /* length beyond value */
      {"3.2", "\x02\x01\x00\x00", 4},         /* trailing byte */
      {"3.2", "\x04\x01\x00", 3},             /* OCTET STRING, not INTEGER */
      {"3.2", "\x01\x01\x00", 3},             /* BOOLEAN */
      {"3.2", "", 0},                         /* nothing */
      {"3.2", "\x00", 1},                     /* raw byte, no DER */
      {"1", "\x02\x01\x80", 3},               /* negative structVersion */
      {"1", "\x02\x05\x01\x00\x00\x00\x00", 7}, /* 2^32 */
      {"1", "\x16\x01" "0", 3},               /* IA5 for an INTEGER */
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    snp_vek_ext *x = fresh();
    add(x, t[i].suffix, t[i].v, t[i].n, CONTRAST_MALFORMED);
    free(x);
  }
  /* the largest structVersion that fits (2^32 - 1) */
  snp_vek_ext *x = fresh();
  add(x, "1", "\x02\x05\x00\xff\xff\xff\xff", 7, CONTRAST_OK);
  CU_ASSERT_EQUAL(x->struct_version, 0xffffffffull);
  free(x);
}

static void test_snp_vek_ext_add_bad_strings_fail_malformed(void) {
  struct {
    const char *suffix;
    const char *v;
    size_t n;
  } t[] = {
      {"2", "\x16\x03" "a\x01" "b", 5},   /* control character */
      {"2", "\x16\x03" "a\x7f" "b", 5},   /* DEL */
      {"2", "\x16\x03" "a\x00" "b", 5},   /* NUL */
      {"2", "\x16\x02\xc3\xa9", 4},       /* non-ASCII */
      {"2", "\x0c\x05Milan", 7},          /* UTF8String, not IA5String */
      {"2", "\x13\x05Milan", 7},          /* PrintableString */
      {"2", "\x16\x06Milan", 7},          /* length beyond value */
      {"2", "\x16\x04Milan", 7},          /* trailing bytes */
      {"2", "Milan", 5},                  /* raw text */
      {"5", "\x16\x03" "a\nb", 5},        /* newline in csp_id */
      {"5", "\x02\x01\x00", 3},           /* INTEGER for a string */
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    snp_vek_ext *x = fresh();
    add(x, t[i].suffix, t[i].v, t[i].n, CONTRAST_MALFORMED);
    CU_ASSERT_EQUAL(x->has_product_name, 0);
    CU_ASSERT_EQUAL(x->has_csp_id, 0);
    free(x);
  }
}

static void test_snp_vek_ext_add_product_name_length_limit(void) {
  uint8_t v[2 + 64];
  v[0] = 0x16;
  memset(v + 2, 'A', 64);
  v[1] = 63; /* the longest that fits product_name[64] with its NUL */
  snp_vek_ext *x = fresh();
  add(x, "2", v, 2 + 63, CONTRAST_OK);
  CU_ASSERT_EQUAL(strlen(x->product_name), 63);
  free(x);
  v[1] = 64;
  x = fresh();
  add(x, "2", v, 2 + 64, CONTRAST_MALFORMED);
  free(x);
}

/* ---- snp_vek_ext_parse on real certificates ---- */

static snp_vek_ext *parse_file(const char *path) {
  size_t len;
  uint8_t *buf = test_read_file(path, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(buf, len, "VEK", &c, &e), 0);
  snp_vek_ext *x = malloc(sizeof *x);
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  memset(x, 0x77, sizeof *x); /* parse must zero it first */
  int rc = snp_vek_ext_parse(c.x509, x, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: %s\n", path, e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  contrast_cert_wipe(&c);
  free(buf);
  return x;
}

static void expect_spl4_7_zero(const snp_vek_ext *x) {
  for (int s = SNP_SPL_4; s <= SNP_SPL_7; s++) {
    CU_ASSERT_EQUAL(x->has_spl[s], 1);
    CU_ASSERT_EQUAL(x->spl[s], 0);
  }
}

static void test_snp_vek_ext_parse_real_milan_vcek(void) {
  snp_vek_ext *x = parse_file(DIR "snp-milan-v2-idblock/vcek.der");
  CU_ASSERT_EQUAL(x->has_struct_version, 1);
  CU_ASSERT_EQUAL(x->struct_version, 0);
  CU_ASSERT_EQUAL(x->has_product_name, 1);
  CU_ASSERT_STRING_EQUAL(x->product_name, "Milan-B0");
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_BL], 3);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_TEE], 0);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_SNP], 8);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 115);
  expect_spl4_7_zero(x);
  CU_ASSERT_EQUAL(x->has_spl[SNP_SPL_FMC], 0);
  CU_ASSERT_EQUAL(x->hwid_len, 64);
  CU_ASSERT_TRUE(hex_is(x->hwid, 64,
                        "c38427a30d4c7af9d96f7a15b97269825a64cb76a2352ffd5d1811"
                        "5d89ad473f8e8c0bcd9a5d9286612bad4aadfb4426205a3b9e4fea"
                        "82301135a170e477524e"));
  CU_ASSERT_EQUAL(x->has_csp_id, 0);
  free(x);
}

static void test_snp_vek_ext_parse_real_milan_v3_vcek_ucode_219(void) {
  snp_vek_ext *x = parse_file(DIR "snp-milan-v3-oak/vcek.der");
  CU_ASSERT_STRING_EQUAL(x->product_name, "Milan-B0");
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_BL], 4);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_SNP], 24);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 219); /* 02 02 00 db */
  CU_ASSERT_EQUAL(x->hwid_len, 64);
  free(x);
}

static void test_snp_vek_ext_parse_real_genoa_vcek(void) {
  snp_vek_ext *x = parse_file(DIR "snp-genoa-v5-oak/vcek.der");
  CU_ASSERT_EQUAL(x->struct_version, 0);
  CU_ASSERT_STRING_EQUAL(x->product_name, "Genoa");
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_BL], 10);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_TEE], 0);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_SNP], 25);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 84);
  expect_spl4_7_zero(x);
  CU_ASSERT_EQUAL(x->hwid_len, 64);
  CU_ASSERT_TRUE(hex_is(x->hwid, 64,
                        "d2421d976f95ce0ba849b7cc5c789122f1e59c77a037272c137ae4"
                        "d188bb102adbc7c53d0302bff82a432c94a305dec7a7a270ceb19a"
                        "10f04a83316c6486968d"));
  CU_ASSERT_EQUAL(x->has_csp_id, 0);
  free(x);
}

static void test_snp_vek_ext_parse_real_genoa_vcek_pem(void) {
  snp_vek_ext *x = parse_file(DIR "snp-genoa-v3-azure/vcek.pem");
  CU_ASSERT_STRING_EQUAL(x->product_name, "Genoa");
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_BL], 10);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_SNP], 23);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 84);
  CU_ASSERT_TRUE(hex_is(x->hwid, 8, "0506ffba875e939c"));
  free(x);
}

static void test_snp_vek_ext_parse_real_milan_vlek(void) {
  snp_vek_ext *x = parse_file(DIR "snp-milan-vlek-vmpl1/vlek.der");
  CU_ASSERT_EQUAL(x->struct_version, 0);
  CU_ASSERT_STRING_EQUAL(x->product_name, "Milan"); /* VLEK: no stepping */
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_BL], 4);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_TEE], 0);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_SNP], 24);
  CU_ASSERT_EQUAL(x->spl[SNP_SPL_UCODE], 217);
  expect_spl4_7_zero(x);
  CU_ASSERT_EQUAL(x->hwid_len, 0);
  CU_ASSERT_EQUAL(x->has_csp_id, 1);
  CU_ASSERT_STRING_EQUAL(x->csp_id, "CN=cc-us-east-2.amazonaws.com");
  free(x);
}

static void test_snp_vek_ext_parse_ark_has_no_amd_extensions(void) {
  snp_vek_ext *x = parse_file("trust/amd/milan/ark.pem");
  CU_ASSERT_EQUAL(x->has_struct_version, 0);
  CU_ASSERT_EQUAL(x->has_product_name, 0);
  for (int s = 0; s < SNP_SPL_COUNT_; s++)
    CU_ASSERT_EQUAL(x->has_spl[s], 0);
  CU_ASSERT_EQUAL(x->hwid_len, 0);
  CU_ASSERT_EQUAL(x->has_csp_id, 0);
  free(x);
}

/* A certificate (unsigned: only the extensions matter here) carrying one
 * extension with the given OID, criticality and value. */
static X509 *cert_with_ext(const char *oid, int critical, const uint8_t *v,
                           size_t n) {
  X509 *x = X509_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
  ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
  CU_ASSERT_PTR_NOT_NULL_FATAL(os);
  CU_ASSERT_EQUAL_FATAL(ASN1_OCTET_STRING_set(os, v, (int)n), 1);
  X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, obj, critical, os);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ext);
  CU_ASSERT_EQUAL_FATAL(X509_add_ext(x, ext, -1), 1);
  X509_EXTENSION_free(ext);
  ASN1_OCTET_STRING_free(os);
  ASN1_OBJECT_free(obj);
  return x;
}

static void ext_parse_expect(X509 *x, contrast_code want) {
  snp_vek_ext *v = fresh();
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_vek_ext_parse(x, v, &e), want == CONTRAST_OK ? 0 : -1);
  ASSERT_CODE(e, want);
  free(v);
}

static void test_snp_vek_ext_parse_unknown_amd_oid_fails_malformed(void) {
  static const uint8_t zero[] = {0x02, 0x01, 0x00};
  X509 *x = cert_with_ext("1.3.6.1.4.1.3704.1.6", 0, zero, 3);
  ext_parse_expect(x, CONTRAST_MALFORMED);
  X509_free(x);
  x = cert_with_ext("1.3.6.1.4.1.3704.1.3.10", 0, zero, 3);
  ext_parse_expect(x, CONTRAST_MALFORMED);
  X509_free(x);
  /* a known AMD OID with a bad value */
  static const uint8_t neg[] = {0x02, 0x01, 0x80};
  x = cert_with_ext("1.3.6.1.4.1.3704.1.3.1", 0, neg, 3);
  ext_parse_expect(x, CONTRAST_MALFORMED);
  X509_free(x);
  /* a known AMD OID with a good value */
  x = cert_with_ext("1.3.6.1.4.1.3704.1.3.1", 0, zero, 3);
  ext_parse_expect(x, CONTRAST_OK);
  X509_free(x);
}

static void test_snp_vek_ext_parse_unknown_critical_extension_fails(void) {
  static const uint8_t v[] = {0x05, 0x00};
  X509 *x = cert_with_ext("1.2.3.4.5.6.7", 1, v, 2);
  ext_parse_expect(x, CONTRAST_MALFORMED);
  X509_free(x);
  /* the same, non-critical, is not AMD's to judge */
  x = cert_with_ext("1.2.3.4.5.6.7", 0, v, 2);
  ext_parse_expect(x, CONTRAST_OK);
  X509_free(x);
  /* a critical extension OpenSSL knows (basicConstraints, empty SEQUENCE) */
  static const uint8_t bc[] = {0x30, 0x00};
  x = cert_with_ext("2.5.29.19", 1, bc, 2);
  ext_parse_expect(x, CONTRAST_OK);
  X509_free(x);
}

static const test_case tests[] = {
    {"test_snp_vek_ext_add_struct_version_integer",
     test_snp_vek_ext_add_struct_version_integer},
    {"test_snp_vek_ext_add_product_name_ia5",
     test_snp_vek_ext_add_product_name_ia5},
    {"test_snp_vek_ext_add_spl_values_seen_in_real_certs",
     test_snp_vek_ext_add_spl_values_seen_in_real_certs},
    {"test_snp_vek_ext_add_every_spl_slot",
     test_snp_vek_ext_add_every_spl_slot},
    {"test_snp_vek_ext_add_hwid_raw_and_wrapped",
     test_snp_vek_ext_add_hwid_raw_and_wrapped},
    {"test_snp_vek_ext_add_hwid_wrong_size_fails_malformed",
     test_snp_vek_ext_add_hwid_wrong_size_fails_malformed},
    {"test_snp_vek_ext_add_csp_id", test_snp_vek_ext_add_csp_id},
    {"test_snp_vek_ext_add_duplicates_fail_malformed",
     test_snp_vek_ext_add_duplicates_fail_malformed},
    {"test_snp_vek_ext_add_unknown_amd_oid_fails_malformed",
     test_snp_vek_ext_add_unknown_amd_oid_fails_malformed},
    {"test_snp_vek_ext_add_bad_integers_fail_malformed",
     test_snp_vek_ext_add_bad_integers_fail_malformed},
    {"test_snp_vek_ext_add_bad_strings_fail_malformed",
     test_snp_vek_ext_add_bad_strings_fail_malformed},
    {"test_snp_vek_ext_add_product_name_length_limit",
     test_snp_vek_ext_add_product_name_length_limit},
    {"test_snp_vek_ext_parse_real_milan_vcek",
     test_snp_vek_ext_parse_real_milan_vcek},
    {"test_snp_vek_ext_parse_real_milan_v3_vcek_ucode_219",
     test_snp_vek_ext_parse_real_milan_v3_vcek_ucode_219},
    {"test_snp_vek_ext_parse_real_genoa_vcek",
     test_snp_vek_ext_parse_real_genoa_vcek},
    {"test_snp_vek_ext_parse_real_genoa_vcek_pem",
     test_snp_vek_ext_parse_real_genoa_vcek_pem},
    {"test_snp_vek_ext_parse_real_milan_vlek",
     test_snp_vek_ext_parse_real_milan_vlek},
    {"test_snp_vek_ext_parse_ark_has_no_amd_extensions",
     test_snp_vek_ext_parse_ark_has_no_amd_extensions},
    {"test_snp_vek_ext_parse_unknown_amd_oid_fails_malformed",
     test_snp_vek_ext_parse_unknown_amd_oid_fails_malformed},
    {"test_snp_vek_ext_parse_unknown_critical_extension_fails",
     test_snp_vek_ext_parse_unknown_critical_extension_fails},
    {NULL, NULL},
};

int main(void) { return test_run_suite("backends/snp/vek.c", tests); }
