/* Tests of backends/snp/report.c: the ATTESTATION_REPORT codec.
 *
 * Golden data: the real reports in vectors/real/snp. Expected values were
 * read from the bytes with xxd (offsets of spec/snp.md §1.2), never from
 * running the parser; layouts and rules from snp.md §1.2-§1.9 and the
 * "never optional" checks of spec/CASES.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/snp.h"
#include "contrast/util.h"
#include "testsupport.h"

#define DIR "vectors/real/snp/"
#define V2_IDBLOCK DIR "snp-milan-v2-idblock/report.bin"
#define V2_DEBUG DIR "snp-milan-v2-debug/report.bin"
#define V3_MILAN DIR "snp-milan-v3-oak/report.bin"
#define V3_GENOA DIR "snp-genoa-v3-azure/report.bin"
#define V5_GENOA DIR "snp-genoa-v5-oak/report.bin"
#define V3_VLEK DIR "snp-milan-vlek-vmpl1/report.bin"

static uint8_t *load(const char *path) {
  size_t len;
  uint8_t *b = test_read_file(path, &len);
  CU_ASSERT_EQUAL_FATAL(len, SNP_REPORT_SIZE);
  return b;
}

static void put32(uint8_t *b, size_t off, uint32_t v) {
  for (int i = 0; i < 4; i++)
    b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *b, size_t off, uint64_t v) {
  for (int i = 0; i < 8; i++)
    b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *b, size_t off) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | b[off + (size_t)i];
  return v;
}

static int hex_is(const uint8_t *b, size_t n, const char *want) {
  char s[2 * 72 + 1];
  CU_ASSERT_FATAL(2 * n < sizeof s);
  contrast_hex_encode(b, n, s);
  if (strcmp(s, want) != 0) {
    fprintf(stderr, "  got  %s\n  want %s\n", s, want);
    return 0;
  }
  return 1;
}

/* Parse a report that must be accepted. */
static snp_report *parse_ok(const uint8_t *b, size_t len) {
  snp_report *r = malloc(sizeof *r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_report_parse(b, len, r, &e);
  if (rc != 0)
    fprintf(stderr, "  parse failed: %s %s\n", contrast_code_name(e.code),
            e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  ASSERT_CODE(e, CONTRAST_OK);
  return r;
}

/* Parse that must fail with code; the detail must contain each of the
 * (optional) substrings. Returns 1 when the code matched. */
static int parse_fails(const uint8_t *b, size_t len, contrast_code code,
                       const char *sub1, const char *sub2) {
  static snp_report r;
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_report_parse(b, len, &r, &e);
  int ok = rc == -1 && e.code == code;
  if (!ok)
    fprintf(stderr, "  len %zu: expected %s, got rc %d %s: %s\n", len,
            contrast_code_name(code), rc, contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, code);
  if (sub1 != NULL && strstr(e.detail, sub1) == NULL) {
    fprintf(stderr, "  detail '%s' lacks '%s'\n", e.detail, sub1);
    CU_FAIL("detail substring");
  }
  if (sub2 != NULL && strstr(e.detail, sub2) == NULL) {
    fprintf(stderr, "  detail '%s' lacks '%s'\n", e.detail, sub2);
    CU_FAIL("detail substring");
  }
  return ok;
}

/* ---- real reports ---- */

static void test_snp_report_parse_real_milan_v2_idblock_values(void) {
  uint8_t *b = load(V2_IDBLOCK);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 2);
  CU_ASSERT_EQUAL(r->guest_svn, 4);
  CU_ASSERT_EQUAL(r->policy, 0x3001f); /* ABI 0.31 + SMT, snp.md §1.6 */
  CU_ASSERT_TRUE(hex_is(r->family_id, 16, "01000000000000000000000000000000"));
  CU_ASSERT_TRUE(hex_is(r->image_id, 16, "02000000000000000000000000000000"));
  CU_ASSERT_EQUAL(r->vmpl, 0);
  CU_ASSERT_EQUAL(r->signature_algo, 1);
  CU_ASSERT_EQUAL(r->current_tcb, 0xce08000000000003ull);
  CU_ASSERT_EQUAL(r->platform_info, 0x1);
  CU_ASSERT_EQUAL(r->signer_info, 0);
  CU_ASSERT_EQUAL(r->author_key_en, 0);
  CU_ASSERT_EQUAL(r->mask_chip_key, 0);
  CU_ASSERT_EQUAL(r->signing_key, SNP_SIGNING_KEY_VCEK);
  CU_ASSERT_TRUE(hex_is(r->report_data, 64,
                        "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed0"
                        "8c14400ad7e2000000000000000000000000000000000000000000"
                        "0000000000000000000000"));
  CU_ASSERT_TRUE(hex_is(r->measurement, 48,
                        "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d"
                        "98f1ef827c23500644e0e692e6be917f9050d3d38c"));
  CU_ASSERT_TRUE(hex_is(r->host_data, 32,
                        "0000000000000000000000000000000000000000000000000000"
                        "000000000000"));
  CU_ASSERT_TRUE(hex_is(r->id_key_digest, 48,
                        "0356215882a825279a85b300b0b742931d113bf7e32dde2e50ffde"
                        "7ec743ca491ecdd7f336dc28a6e0b2bb57af7a44a3"));
  CU_ASSERT_TRUE(hex_is(r->report_id, 32,
                        "385eba81216de4776548fcb86f8ead03c1ebc92b6207f3210d9cce"
                        "bb89c99005"));
  for (int i = 0; i < 32; i++)
    CU_ASSERT_EQUAL(r->report_id_ma[i], 0xff); /* snp.md §1.2 */
  CU_ASSERT_EQUAL(r->reported_tcb, 0x7308000000000003ull);
  CU_ASSERT_EQUAL(r->has_cpuid, 0);
  CU_ASSERT_TRUE(hex_is(r->chip_id, 64,
                        "c38427a30d4c7af9d96f7a15b97269825a64cb76a2352ffd5d1811"
                        "5d89ad473f8e8c0bcd9a5d9286612bad4aadfb4426205a3b9e4fea"
                        "82301135a170e477524e"));
  CU_ASSERT_EQUAL(r->committed_tcb, 0x7308000000000003ull);
  /* FW 1.52.4 */
  CU_ASSERT_EQUAL(r->current_build, 4);
  CU_ASSERT_EQUAL(r->current_minor, 52);
  CU_ASSERT_EQUAL(r->current_major, 1);
  CU_ASSERT_EQUAL(r->committed_build, 4);
  CU_ASSERT_EQUAL(r->committed_minor, 52);
  CU_ASSERT_EQUAL(r->committed_major, 1);
  CU_ASSERT_EQUAL(r->launch_tcb, 0x7308000000000003ull);
  CU_ASSERT_EQUAL(r->has_mit_vectors, 0);
  CU_ASSERT_EQUAL(memcmp(r->signature_r, b + 0x2A0, 72), 0);
  CU_ASSERT_EQUAL(memcmp(r->signature_s, b + 0x2E8, 72), 0);
  CU_ASSERT_EQUAL(r->signature_r[0], 0x06);
  CU_ASSERT_EQUAL(memcmp(r->raw, b, SNP_REPORT_SIZE), 0);
  CU_ASSERT_EQUAL(snp_report_product(r), SNP_PRODUCT_UNKNOWN); /* v2 */
  free(r);
  free(b);
}

static void test_snp_report_parse_real_milan_v2_debug_values(void) {
  uint8_t *b = load(V2_DEBUG);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 2);
  CU_ASSERT_EQUAL(r->policy, 0xb0000); /* SMT + DEBUG, snp.md §1.6 */
  CU_ASSERT_TRUE((r->policy & SNP_POLICY_DEBUG) != 0);
  CU_ASSERT_EQUAL(r->current_tcb, 0x4405000000000002ull);
  CU_ASSERT_EQUAL(r->reported_tcb, 0x4405000000000002ull);
  /* FW 1.49.3 */
  CU_ASSERT_EQUAL(r->current_major, 1);
  CU_ASSERT_EQUAL(r->current_minor, 49);
  CU_ASSERT_EQUAL(r->current_build, 3);
  CU_ASSERT_TRUE(hex_is(r->report_data, 8, "0102030405000000"));
  free(r);
  free(b);
}

static void test_snp_report_parse_real_milan_v3_values(void) {
  uint8_t *b = load(V3_MILAN);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 3);
  CU_ASSERT_EQUAL(r->policy, 0x30000);
  CU_ASSERT_EQUAL(r->platform_info, 0x25);
  CU_ASSERT_EQUAL(r->has_cpuid, 1);
  CU_ASSERT_EQUAL(r->cpuid_fam_id, 0x19);
  CU_ASSERT_EQUAL(r->cpuid_mod_id, 0x01);
  CU_ASSERT_EQUAL(r->cpuid_step, 0x01);
  CU_ASSERT_EQUAL(snp_report_product(r), SNP_PRODUCT_MILAN);
  CU_ASSERT_EQUAL(r->current_tcb, 0xdb18000000000004ull);
  CU_ASSERT_EQUAL(r->reported_tcb, 0xdb18000000000004ull);
  /* FW 1.55.29 */
  CU_ASSERT_EQUAL(r->committed_major, 1);
  CU_ASSERT_EQUAL(r->committed_minor, 55);
  CU_ASSERT_EQUAL(r->committed_build, 29);
  CU_ASSERT_EQUAL(r->has_mit_vectors, 0);
  CU_ASSERT_TRUE(hex_is(r->measurement, 48,
                        "195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf86"
                        "73522777842b8057ae5d866b75416efb62012deaa3"));
  free(r);
  free(b);
}

static void test_snp_report_parse_real_genoa_v3_values(void) {
  uint8_t *b = load(V3_GENOA);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 3);
  CU_ASSERT_EQUAL(r->guest_svn, 0x1000b);
  CU_ASSERT_EQUAL(r->policy, 0x3001f);
  CU_ASSERT_TRUE(hex_is(r->family_id, 16, "01232000000000000000000000000000"));
  CU_ASSERT_EQUAL(r->platform_info, 0x24);
  CU_ASSERT_EQUAL(r->cpuid_fam_id, 0x19);
  CU_ASSERT_EQUAL(r->cpuid_mod_id, 0x11);
  CU_ASSERT_EQUAL(r->cpuid_step, 0x01);
  CU_ASSERT_EQUAL(snp_report_product(r), SNP_PRODUCT_GENOA);
  CU_ASSERT_EQUAL(r->reported_tcb, 0x541700000000000aull);
  /* FW 1.55.40 */
  CU_ASSERT_EQUAL(r->current_minor, 55);
  CU_ASSERT_EQUAL(r->current_build, 40);
  free(r);
  free(b);
}

static void test_snp_report_parse_real_genoa_v5_values(void) {
  uint8_t *b = load(V5_GENOA);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 5);
  CU_ASSERT_EQUAL(r->policy, 0x30000);
  CU_ASSERT_EQUAL(r->platform_info, 0x25);
  CU_ASSERT_EQUAL(r->has_cpuid, 1);
  CU_ASSERT_EQUAL(r->cpuid_fam_id, 0x19);
  CU_ASSERT_EQUAL(r->cpuid_mod_id, 0x11);
  CU_ASSERT_EQUAL(r->cpuid_step, 0x01);
  CU_ASSERT_EQUAL(snp_report_product(r), SNP_PRODUCT_GENOA);
  /* snp.md §1.8: 0a 00 00 00 00 00 19 54 */
  CU_ASSERT_EQUAL(r->current_tcb, 0x541900000000000aull);
  CU_ASSERT_EQUAL(r->reported_tcb, 0x541900000000000aull);
  CU_ASSERT_EQUAL(r->committed_tcb, 0x541900000000000aull);
  CU_ASSERT_EQUAL(r->launch_tcb, 0x541900000000000aull);
  /* FW 1.55.43 */
  CU_ASSERT_EQUAL(r->current_major, 1);
  CU_ASSERT_EQUAL(r->current_minor, 55);
  CU_ASSERT_EQUAL(r->current_build, 43);
  /* snp.md §1.2: real v5 Genoa vectors are 1 */
  CU_ASSERT_EQUAL(r->has_mit_vectors, 1);
  CU_ASSERT_EQUAL(r->launch_mit_vector, 1);
  CU_ASSERT_EQUAL(r->current_mit_vector, 1);
  CU_ASSERT_TRUE(hex_is(r->measurement, 48,
                        "c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d37"
                        "39ff3750f52384370e77b7032862a08c440a9bc4dc"));
  CU_ASSERT_TRUE(hex_is(r->chip_id, 64,
                        "d2421d976f95ce0ba849b7cc5c789122f1e59c77a037272c137ae4"
                        "d188bb102adbc7c53d0302bff82a432c94a305dec7a7a270ceb19a"
                        "10f04a83316c6486968d"));
  free(r);
  free(b);
}

static void test_snp_report_parse_real_vlek_values(void) {
  uint8_t *b = load(V3_VLEK);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 3);
  CU_ASSERT_EQUAL(r->vmpl, 1);
  CU_ASSERT_EQUAL(r->signer_info, 0x4); /* snp.md §1.5: VLEK */
  CU_ASSERT_EQUAL(r->signing_key, SNP_SIGNING_KEY_VLEK);
  CU_ASSERT_EQUAL(r->platform_info, 0x27);
  CU_ASSERT_EQUAL(r->current_tcb, 0xdc18000000000004ull);
  CU_ASSERT_EQUAL(r->reported_tcb, 0xd918000000000004ull);
  CU_ASSERT_EQUAL(r->committed_tcb, 0xdb18000000000004ull);
  for (int i = 0; i < 64; i++)
    CU_ASSERT_EQUAL(r->chip_id[i], 0); /* AWS VLEK reports: CHIP_ID zero */
  CU_ASSERT_EQUAL(snp_report_product(r), SNP_PRODUCT_MILAN);
  free(r);
  free(b);
}

/* ---- TCB decoding (snp.md §1.8) ---- */

static void test_snp_tcb_decode_genoa_layout(void) {
  snp_tcb t;
  memset(&t, 0xee, sizeof t);
  snp_tcb_decode(0x541900000000000aull, SNP_PRODUCT_GENOA, &t);
  CU_ASSERT_EQUAL(t.raw, 0x541900000000000aull);
  CU_ASSERT_EQUAL(t.has_fmc, 0);
  CU_ASSERT_EQUAL(t.fmc, 0);
  CU_ASSERT_EQUAL(t.bootloader, 10);
  CU_ASSERT_EQUAL(t.tee, 0);
  CU_ASSERT_EQUAL(t.snp, 25);
  CU_ASSERT_EQUAL(t.microcode, 84);
}

static void test_snp_tcb_decode_turin_layout(void) {
  /* 00 01 00 02 00 00 00 47 = fmc 0, bl 1, tee 0, snp 2, ucode 71 */
  snp_tcb t;
  snp_tcb_decode(0x4700000002000100ull, SNP_PRODUCT_TURIN, &t);
  CU_ASSERT_EQUAL(t.has_fmc, 1);
  CU_ASSERT_EQUAL(t.fmc, 0);
  CU_ASSERT_EQUAL(t.bootloader, 1);
  CU_ASSERT_EQUAL(t.tee, 0);
  CU_ASSERT_EQUAL(t.snp, 2);
  CU_ASSERT_EQUAL(t.microcode, 71);
}

static void test_snp_tcb_decode_distinct_bytes_both_layouts(void) {
  const uint64_t raw = 0x0807060504030201ull; /* byte i holds i+1 */
  snp_tcb t;
  snp_tcb_decode(raw, SNP_PRODUCT_MILAN, &t);
  CU_ASSERT_EQUAL(t.has_fmc, 0);
  CU_ASSERT_EQUAL(t.bootloader, 1);
  CU_ASSERT_EQUAL(t.tee, 2);
  CU_ASSERT_EQUAL(t.snp, 7);
  CU_ASSERT_EQUAL(t.microcode, 8);
  snp_tcb_decode(raw, SNP_PRODUCT_TURIN, &t);
  CU_ASSERT_EQUAL(t.has_fmc, 1);
  CU_ASSERT_EQUAL(t.fmc, 1);
  CU_ASSERT_EQUAL(t.bootloader, 2);
  CU_ASSERT_EQUAL(t.tee, 3);
  CU_ASSERT_EQUAL(t.snp, 4);
  CU_ASSERT_EQUAL(t.microcode, 8);
  /* an unknown product decodes with the Milan/Genoa layout */
  snp_tcb_decode(raw, SNP_PRODUCT_UNKNOWN, &t);
  CU_ASSERT_EQUAL(t.has_fmc, 0);
  CU_ASSERT_EQUAL(t.bootloader, 1);
  CU_ASSERT_EQUAL(t.snp, 7);
  CU_ASSERT_EQUAL(t.raw, raw);
}

/* ---- products ---- */

static void test_snp_product_from_cpuid_ranges(void) {
  static const struct {
    uint8_t fam, mod;
    snp_product want;
  } t[] = {
      {0x19, 0x00, SNP_PRODUCT_MILAN},   {0x19, 0x01, SNP_PRODUCT_MILAN},
      {0x19, 0x0F, SNP_PRODUCT_MILAN},   {0x19, 0x10, SNP_PRODUCT_GENOA},
      {0x19, 0x11, SNP_PRODUCT_GENOA},   {0x19, 0x1F, SNP_PRODUCT_GENOA},
      {0x19, 0x20, SNP_PRODUCT_UNKNOWN}, {0x19, 0x9F, SNP_PRODUCT_UNKNOWN},
      {0x19, 0xA0, SNP_PRODUCT_GENOA},   {0x19, 0xAF, SNP_PRODUCT_GENOA},
      {0x19, 0xB0, SNP_PRODUCT_UNKNOWN}, {0x19, 0xFF, SNP_PRODUCT_UNKNOWN},
      {0x1A, 0x00, SNP_PRODUCT_TURIN},   {0x1A, 0x02, SNP_PRODUCT_TURIN},
      {0x1A, 0x11, SNP_PRODUCT_TURIN},   {0x1A, 0x12, SNP_PRODUCT_UNKNOWN},
      {0x1A, 0x50, SNP_PRODUCT_UNKNOWN}, {0x1A, 0xA0, SNP_PRODUCT_UNKNOWN},
      {0x18, 0x01, SNP_PRODUCT_UNKNOWN}, {0x17, 0x31, SNP_PRODUCT_UNKNOWN},
      {0x1B, 0x00, SNP_PRODUCT_UNKNOWN}, {0x00, 0x00, SNP_PRODUCT_UNKNOWN},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    snp_product p = snp_product_from_cpuid(t[i].fam, t[i].mod);
    if (p != t[i].want)
      fprintf(stderr, "  family 0x%02x model 0x%02x: got %d want %d\n",
              t[i].fam, t[i].mod, p, t[i].want);
    CU_ASSERT_EQUAL(p, t[i].want);
  }
}

static void test_snp_report_product_from_patched_cpuid(void) {
  /* CPUID bytes are signed data; patching them here only tests decoding */
  uint8_t *b = load(V3_GENOA);
  static const struct {
    uint8_t fam, mod, step;
    snp_product want;
  } t[] = {
      {0x19, 0xA0, 0x02, SNP_PRODUCT_GENOA}, /* seen for real, snp.md §1.8 */
      {0x1A, 0x02, 0x01, SNP_PRODUCT_TURIN},
      {0x1A, 0x11, 0x00, SNP_PRODUCT_TURIN},
      {0x1A, 0x12, 0x00, SNP_PRODUCT_UNKNOWN},
      {0x19, 0x20, 0x00, SNP_PRODUCT_UNKNOWN},
      {0x19, 0x01, 0x00, SNP_PRODUCT_MILAN}, /* stepping never matters */
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    b[0x188] = t[i].fam;
    b[0x189] = t[i].mod;
    b[0x18A] = t[i].step;
    snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
    CU_ASSERT_EQUAL(r->cpuid_fam_id, t[i].fam);
    CU_ASSERT_EQUAL(r->cpuid_mod_id, t[i].mod);
    CU_ASSERT_EQUAL(r->cpuid_step, t[i].step);
    CU_ASSERT_EQUAL(snp_report_product(r), t[i].want);
    free(r);
  }
  free(b);
}

static void test_snp_product_names_and_dirs(void) {
  CU_ASSERT_STRING_EQUAL(snp_product_name(SNP_PRODUCT_MILAN), "Milan");
  CU_ASSERT_STRING_EQUAL(snp_product_name(SNP_PRODUCT_GENOA), "Genoa");
  CU_ASSERT_STRING_EQUAL(snp_product_name(SNP_PRODUCT_TURIN), "Turin");
  CU_ASSERT_STRING_EQUAL(snp_product_name(SNP_PRODUCT_UNKNOWN), "unknown");
  CU_ASSERT_STRING_EQUAL(snp_product_name(SNP_PRODUCT_COUNT_), "unknown");
  CU_ASSERT_STRING_EQUAL(snp_product_dir(SNP_PRODUCT_MILAN), "milan");
  CU_ASSERT_STRING_EQUAL(snp_product_dir(SNP_PRODUCT_GENOA), "genoa");
  CU_ASSERT_STRING_EQUAL(snp_product_dir(SNP_PRODUCT_TURIN), "turin");
  CU_ASSERT_PTR_NULL(snp_product_dir(SNP_PRODUCT_UNKNOWN));
  CU_ASSERT_PTR_NULL(snp_product_dir(SNP_PRODUCT_COUNT_));
}

static void test_snp_product_from_name_case_insensitive(void) {
  static const struct {
    const char *name;
    snp_product want;
  } ok[] = {{"Milan", SNP_PRODUCT_MILAN}, {"milan", SNP_PRODUCT_MILAN},
            {"MILAN", SNP_PRODUCT_MILAN}, {"gEnOa", SNP_PRODUCT_GENOA},
            {"Turin", SNP_PRODUCT_TURIN}, {"turin", SNP_PRODUCT_TURIN}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    snp_product p = SNP_PRODUCT_UNKNOWN;
    CU_ASSERT_EQUAL(snp_product_from_name(ok[i].name, &p), 0);
    CU_ASSERT_EQUAL(p, ok[i].want);
  }
  static const char *const bad[] = {"Milan-B0", "Genoa-B1", "Bergamo", "Siena",
                                    "unknown",  "",         " Milan",  "Mila"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snp_product p = SNP_PRODUCT_TURIN;
    CU_ASSERT_EQUAL(snp_product_from_name(bad[i], &p), -1);
    CU_ASSERT_EQUAL(p, SNP_PRODUCT_TURIN);
  }
  snp_product p;
  CU_ASSERT_EQUAL(snp_product_from_name(NULL, &p), -1);
}

/* ---- lengths ---- */

static void test_snp_report_parse_truncated_fails_malformed(void) {
  uint8_t *b = load(V2_IDBLOCK);
  /* always: a few lengths, with the field the cut falls in */
  parse_fails(b, 0, CONTRAST_MALFORMED, "offset 0x000", "VERSION");
  parse_fails(b, 1, CONTRAST_MALFORMED, "offset 0x001", NULL);
  parse_fails(b, 0x50, CONTRAST_MALFORMED, "REPORT_DATA", "offset 0x050");
  parse_fails(b, 0x2A0, CONTRAST_MALFORMED, "SIGNATURE", "offset 0x2a0");
  parse_fails(b, SNP_REPORT_SIZE - 1, CONTRAST_MALFORMED, "offset 0x49f",
              NULL);
  parse_fails(NULL, 0, CONTRAST_MALFORMED, NULL, NULL);
  if (test_skip_sweeps()) {
    free(b);
    return;
  }
  /* sweep: every length short of 1184, for every real layout */
  static const char *const files[] = {V2_IDBLOCK, V3_MILAN, V5_GENOA};
  for (size_t f = 0; f < 3; f++) {
    uint8_t *rep = load(files[f]);
    size_t bad = 0;
    for (size_t len = 0; len < SNP_REPORT_SIZE && bad < 5; len++) {
      /* a copy of exactly len bytes, so an over-read is caught by the
       * sanitizers and valgrind */
      uint8_t *cut = malloc(len > 0 ? len : 1);
      CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
      memcpy(cut, rep, len);
      if (!parse_fails(cut, len, CONTRAST_MALFORMED, NULL, NULL))
        bad++;
      free(cut);
    }
    free(rep);
  }
  free(b);
}

static void test_snp_report_parse_trailing_bytes_fails_malformed(void) {
  uint8_t *b = load(V3_MILAN);
  uint8_t *big = calloc(2 * SNP_REPORT_SIZE, 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(big);
  memcpy(big, b, SNP_REPORT_SIZE);
  parse_fails(big, SNP_REPORT_SIZE + 1, CONTRAST_MALFORMED, "trailing", NULL);
  parse_fails(big, 2 * SNP_REPORT_SIZE, CONTRAST_MALFORMED, "trailing", NULL);
  free(big);
  free(b);
}

/* ---- reserved / must-be-zero (snp.md §1.9, CASES.md) ---- */

/* Set each byte of [from, to] in a copy of base (two patterns) and expect
 * MALFORMED naming field_off (the start of the reserved field). */
static void reserved_range(const char *path, size_t from, size_t to,
                           size_t field_off) {
  uint8_t *b = load(path);
  char want[32];
  (void)snprintf(want, sizeof want, "offset 0x%03zx", field_off);
  for (size_t off = from; off <= to; off++) {
    static const uint8_t pat[2] = {0x01, 0x80};
    for (int k = 0; k < 2; k++) {
      uint8_t keep = b[off];
      b[off] = pat[k];
      char at[16];
      (void)snprintf(at, sizeof at, "0x%03zx", off);
      if (!parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, want, at))
        fprintf(stderr, "  (%s byte 0x%03zx)\n", path, off);
      b[off] = keep;
    }
  }
  free(b);
}

static void test_snp_report_parse_reserved_04c_set_fails_malformed(void) {
  reserved_range(V2_IDBLOCK, 0x04C, 0x04F, 0x04C);
  reserved_range(V3_MILAN, 0x04C, 0x04F, 0x04C);
  reserved_range(V5_GENOA, 0x04C, 0x04F, 0x04C);
}

static void test_snp_report_parse_v2_reserved_188_set_fails_malformed(void) {
  reserved_range(V2_IDBLOCK, 0x188, 0x19F, 0x188);
}

static void test_snp_report_parse_v3_reserved_18b_set_fails_malformed(void) {
  reserved_range(V3_MILAN, 0x18B, 0x19F, 0x18B);
  reserved_range(V5_GENOA, 0x18B, 0x19F, 0x18B);
}

static void test_snp_report_parse_reserved_1eb_1ef_set_fails_malformed(void) {
  reserved_range(V2_IDBLOCK, 0x1EB, 0x1EB, 0x1EB);
  reserved_range(V2_IDBLOCK, 0x1EF, 0x1EF, 0x1EF);
  reserved_range(V3_MILAN, 0x1EB, 0x1EB, 0x1EB);
  reserved_range(V5_GENOA, 0x1EF, 0x1EF, 0x1EF);
}

static void test_snp_report_parse_v2_v3_reserved_1f8_set_fails_malformed(
    void) {
  reserved_range(V2_IDBLOCK, 0x1F8, 0x29F, 0x1F8);
  reserved_range(V3_MILAN, 0x1F8, 0x29F, 0x1F8);
}

static void test_snp_report_parse_v5_reserved_208_set_fails_malformed(void) {
  reserved_range(V5_GENOA, 0x208, 0x29F, 0x208);
}

static void test_snp_report_parse_signature_reserved_set_fails_malformed(
    void) {
  reserved_range(V2_IDBLOCK, 0x330, 0x49F, 0x330);
  reserved_range(V5_GENOA, 0x330, 0x49F, 0x330);
}

static void test_snp_report_parse_signature_padding_is_structure_ok(void) {
  /* R and S bytes 48..71 are part of the integers, not reserved fields:
   * non-zero padding is for the signature check to refuse (snp.md §1.4) */
  uint8_t *b = load(V2_IDBLOCK);
  b[0x2A0 + 48] = 1;
  b[0x2E8 + 71] = 0x80;
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->signature_r[48], 1);
  CU_ASSERT_EQUAL(r->signature_s[71], 0x80);
  free(r);
  free(b);
}

static void test_snp_report_parse_policy_bit17_clear_fails_malformed(void) {
  uint8_t *b = load(V2_IDBLOCK);
  put64(b, 0x008, get64(b, 0x008) & ~(1ull << 17));
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "POLICY", "offset 0x008");
  free(b);
}

static void test_snp_report_parse_policy_bits_26_63_fail_malformed(void) {
  uint8_t *b = load(V3_MILAN);
  const uint64_t orig = get64(b, 0x008);
  for (int bit = 26; bit < 64; bit++) {
    put64(b, 0x008, orig | (1ull << bit));
    parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "POLICY",
                "offset 0x008");
  }
  /* bits 0..25 other than 17 are policy, not structure */
  for (int bit = 0; bit < 26; bit++) {
    put64(b, 0x008, orig | (1ull << bit));
    snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
    CU_ASSERT_EQUAL(r->policy, orig | (1ull << bit));
    free(r);
  }
  free(b);
}

static void test_snp_report_parse_signer_info_bits_5_31_fail_malformed(void) {
  uint8_t *b = load(V3_MILAN);
  for (int bit = 5; bit < 32; bit++) {
    put32(b, 0x048, 1u << bit);
    parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "SIGNER_INFO",
                "offset 0x048");
  }
  free(b);
}

static void test_snp_report_parse_signing_key_2_to_6_fails_malformed(void) {
  uint8_t *b = load(V3_MILAN);
  for (uint32_t k = 2; k <= 6; k++) {
    put32(b, 0x048, k << 2);
    parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "SIGNING_KEY",
                "offset 0x048");
  }
  free(b);
}

static void test_snp_report_parse_author_key_en_decoded(void) {
  uint8_t *b = load(V3_MILAN);
  put32(b, 0x048, 0x1 | (1u << 2)); /* AUTHOR_KEY_EN, VLEK */
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->author_key_en, 1);
  CU_ASSERT_EQUAL(r->mask_chip_key, 0);
  CU_ASSERT_EQUAL(r->signing_key, SNP_SIGNING_KEY_VLEK);
  free(r);
  free(b);
}

static void test_snp_report_parse_failure_leaves_output_zeroed(void) {
  /* a failure late in the report (signature reserved area) after every
   * field was read: nothing half-read may remain (version 0 = not parsed) */
  uint8_t *b = load(V5_GENOA);
  b[0x49F] = 1;
  snp_report *r = malloc(sizeof *r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  memset(r, 0xa5, sizeof *r);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_report_parse(b, SNP_REPORT_SIZE, r, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  static const snp_report zero;
  CU_ASSERT_EQUAL(r->version, 0);
  CU_ASSERT_EQUAL(memcmp(r, &zero, sizeof zero), 0);
  /* and after an UNSUPPORTED version */
  b[0x49F] = 0;
  put32(b, 0x000, 6);
  memset(r, 0xa5, sizeof *r);
  CU_ASSERT_EQUAL(snp_report_parse(b, SNP_REPORT_SIZE, r, &e), -1);
  CU_ASSERT_EQUAL(memcmp(r, &zero, sizeof zero), 0);
  free(r);
  free(b);
}

/* ---- UNSUPPORTED ---- */

static void test_snp_report_parse_unsupported_versions(void) {
  uint8_t *b = load(V3_MILAN);
  static const uint32_t versions[] = {0, 1, 6, 7, 0x100, 0xFFFFFFFFu};
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    put32(b, 0x000, versions[i]);
    parse_fails(b, SNP_REPORT_SIZE, CONTRAST_UNSUPPORTED, "VERSION",
                "offset 0x000");
  }
  free(b);
}

static void test_snp_report_parse_unsupported_signature_algo(void) {
  uint8_t *b = load(V2_IDBLOCK);
  static const uint32_t algos[] = {0, 2, 0xFFFFFFFFu};
  for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++) {
    put32(b, 0x034, algos[i]);
    parse_fails(b, SNP_REPORT_SIZE, CONTRAST_UNSUPPORTED, "SIGNATURE_ALGO",
                "offset 0x034");
  }
  free(b);
}

static void test_snp_report_parse_signing_key_7_fails_unsupported(void) {
  uint8_t *b = load(V3_MILAN);
  put32(b, 0x048, 7u << 2);
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_UNSUPPORTED, "SIGNING_KEY",
              "offset 0x048");
  free(b);
}

static void test_snp_report_parse_mask_chip_key_fails_unsupported(void) {
  uint8_t *b = load(V3_MILAN);
  put32(b, 0x048, 0x2); /* MASK_CHIP_KEY, VCEK */
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_UNSUPPORTED, "MASK_CHIP_KEY",
              "offset 0x048");
  put32(b, 0x048, 0x2 | (1u << 2)); /* with VLEK too */
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_UNSUPPORTED, "MASK_CHIP_KEY", NULL);
  free(b);
}

/* ---- versions and layouts ---- */

static void test_snp_report_parse_version4_uses_v3_layout(void) {
  uint8_t *b = load(V3_MILAN);
  put32(b, 0x000, 4);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->version, 4);
  CU_ASSERT_EQUAL(r->has_cpuid, 1);
  CU_ASSERT_EQUAL(r->cpuid_fam_id, 0x19);
  CU_ASSERT_EQUAL(r->cpuid_mod_id, 0x01);
  CU_ASSERT_EQUAL(r->has_mit_vectors, 0);
  free(r);
  /* no mitigation vectors in v4: 0x1F8 is reserved */
  b[0x1F8] = 1;
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "offset 0x1f8", NULL);
  free(b);
}

static void test_snp_report_parse_v5_mitigation_vectors_read(void) {
  uint8_t *b = load(V5_GENOA);
  put64(b, 0x1F8, 0x0123456789abcdefull);
  put64(b, 0x200, 0xfedcba9876543210ull);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->has_mit_vectors, 1);
  CU_ASSERT_EQUAL(r->launch_mit_vector, 0x0123456789abcdefull);
  CU_ASSERT_EQUAL(r->current_mit_vector, 0xfedcba9876543210ull);
  free(r);
  free(b);
}

static void test_snp_report_parse_v5_as_v3_vectors_are_reserved(void) {
  /* the Genoa v5 report has LAUNCH_MIT_VECTOR = 1: as v3 that byte is in
   * the reserved area 0x1F8..0x29F */
  uint8_t *b = load(V5_GENOA);
  put32(b, 0x000, 3);
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "offset 0x1f8", "0x1f8");
  free(b);
}

static void test_snp_report_parse_v3_as_v2_cpuid_is_reserved(void) {
  uint8_t *b = load(V3_MILAN);
  put32(b, 0x000, 2);
  parse_fails(b, SNP_REPORT_SIZE, CONTRAST_MALFORMED, "offset 0x188", "0x188");
  free(b);
}

static void test_snp_report_parse_v2_as_v3_zero_cpuid_unknown_product(void) {
  uint8_t *b = load(V2_IDBLOCK);
  put32(b, 0x000, 3);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->has_cpuid, 1);
  CU_ASSERT_EQUAL(r->cpuid_fam_id, 0);
  CU_ASSERT_EQUAL(snp_report_product(r), SNP_PRODUCT_UNKNOWN);
  free(r);
  put32(b, 0x000, 5);
  r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->has_mit_vectors, 1);
  CU_ASSERT_EQUAL(r->launch_mit_vector, 0);
  CU_ASSERT_EQUAL(r->current_mit_vector, 0);
  free(r);
  free(b);
}

static void test_snp_report_parse_unknown_platform_info_bits_ok(void) {
  /* PLATFORM_INFO carries platform facts: unknown bits are for the policy
   * (CASES.md "Checks that are never optional"); a real Turin has 0x67 */
  uint8_t *b = load(V3_MILAN);
  put64(b, 0x040, 0xffffffffffffffffull);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  CU_ASSERT_EQUAL(r->platform_info, 0xffffffffffffffffull);
  free(r);
  free(b);
}

/* ---- JSON view ---- */

static json_t *jget(json_t *o, const char *path) {
  /* "a.b" one level deep at most */
  const char *dot = strchr(path, '.');
  if (dot == NULL)
    return json_object_get(o, path);
  char head[64];
  size_t n = (size_t)(dot - path);
  CU_ASSERT_FATAL(n < sizeof head);
  memcpy(head, path, n);
  head[n] = '\0';
  return json_object_get(json_object_get(o, head), dot + 1);
}

static void expect_int(json_t *o, const char *path, long long want) {
  json_t *v = jget(o, path);
  CU_ASSERT_TRUE(json_is_integer(v));
  if (json_integer_value(v) != want)
    fprintf(stderr, "  %s: got %lld want %lld\n", path,
            (long long)json_integer_value(v), want);
  CU_ASSERT_EQUAL(json_integer_value(v), want);
}

static void expect_str(json_t *o, const char *path, const char *want) {
  json_t *v = jget(o, path);
  CU_ASSERT_TRUE_FATAL(json_is_string(v));
  if (strcmp(json_string_value(v), want) != 0)
    fprintf(stderr, "  %s: got %s want %s\n", path, json_string_value(v), want);
  CU_ASSERT_STRING_EQUAL(json_string_value(v), want);
}

static void expect_bool(json_t *o, const char *path, int want) {
  json_t *v = jget(o, path);
  CU_ASSERT_TRUE(json_is_boolean(v));
  CU_ASSERT_EQUAL(json_is_true(v), want);
}

static void test_snp_report_to_json_real_genoa_v5_fields(void) {
  uint8_t *b = load(V5_GENOA);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  json_t *j = snp_report_to_json(r, SNP_PRODUCT_GENOA);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  expect_int(j, "version", 5);
  expect_int(j, "guest_svn", 0);
  expect_str(j, "policy.raw", "0000000000030000");
  expect_int(j, "policy.abi_major", 0);
  expect_int(j, "policy.abi_minor", 0);
  expect_bool(j, "policy.smt", 1);
  expect_bool(j, "policy.debug", 0);
  expect_bool(j, "policy.migrate_ma", 0);
  expect_bool(j, "policy.single_socket", 0);
  expect_bool(j, "policy.page_swap_disable", 0);
  expect_str(j, "family_id", "00000000000000000000000000000000");
  expect_str(j, "image_id", "00000000000000000000000000000000");
  expect_int(j, "vmpl", 0);
  expect_int(j, "signature_algo", 1);
  expect_str(j, "current_tcb.raw", "541900000000000a");
  expect_int(j, "current_tcb.bootloader", 10);
  expect_int(j, "current_tcb.tee", 0);
  expect_int(j, "current_tcb.snp", 25);
  expect_int(j, "current_tcb.microcode", 84);
  CU_ASSERT_PTR_NULL(jget(j, "current_tcb.fmc")); /* no FMC on Genoa */
  expect_int(j, "reported_tcb.snp", 25);
  expect_int(j, "committed_tcb.microcode", 84);
  expect_int(j, "launch_tcb.bootloader", 10);
  expect_str(j, "platform_info.raw", "0000000000000025");
  expect_bool(j, "platform_info.smt_en", 1);
  expect_bool(j, "platform_info.tsme_en", 0);
  expect_bool(j, "platform_info.ecc_en", 1);
  expect_bool(j, "platform_info.rapl_dis", 0);
  expect_bool(j, "platform_info.ciphertext_hiding_dram_en", 0);
  expect_bool(j, "platform_info.alias_check_complete", 1);
  expect_bool(j, "platform_info.sev_tio_en", 0);
  expect_str(j, "signer_info.raw", "00000000");
  expect_str(j, "signer_info.signing_key", "vcek");
  expect_bool(j, "signer_info.author_key_en", 0);
  expect_bool(j, "signer_info.mask_chip_key", 0);
  expect_str(j, "report_data",
             "8100555af0ad8e7525be6dffeed0af83e30bbacbf03b76e175e6894d1ed057ce"
             "0000000000000000000000000000000000000000000000000000000000000000");
  expect_str(j, "measurement",
             "c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d3739ff3750f5"
             "2384370e77b7032862a08c440a9bc4dc");
  expect_str(j, "host_data",
             "0000000000000000000000000000000000000000000000000000000000000000");
  expect_str(j, "id_key_digest",
             "000000000000000000000000000000000000000000000000"
             "000000000000000000000000000000000000000000000000");
  expect_str(j, "report_id",
             "e3439f6d05c064ee59d73088059246b9f7e6ae68e7eba9874e68a3f66e83aaa0");
  expect_str(j, "report_id_ma",
             "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  expect_int(j, "cpuid_fam_id", 0x19);
  expect_int(j, "cpuid_mod_id", 0x11);
  expect_int(j, "cpuid_step", 1);
  expect_str(j, "product", "Genoa");
  expect_str(j, "chip_id",
             "d2421d976f95ce0ba849b7cc5c789122f1e59c77a037272c137ae4d188bb102a"
             "dbc7c53d0302bff82a432c94a305dec7a7a270ceb19a10f04a83316c6486968d");
  expect_int(j, "current_major", 1);
  expect_int(j, "current_minor", 55);
  expect_int(j, "current_build", 43);
  expect_int(j, "committed_major", 1);
  expect_int(j, "committed_minor", 55);
  expect_int(j, "committed_build", 43);
  expect_int(j, "launch_mit_vector", 1);
  expect_int(j, "current_mit_vector", 1);
  expect_str(j, "signature.r",
             "cf7cea8eddf56f1f30f74e7911ef98ba3e2ebb25cec30bbc719a5c47bbf3d443"
             "70451ea81cf2e4ce39d9d8cef9e54e55"
             "000000000000000000000000000000000000000000000000");
  expect_str(j, "signature.s",
             "5623594e4448ef33d5e14f85049a7eda85d79d0d637022461454fbbbfd2154e0"
             "21d0b1b211c611fa86f291ffb55ccc9b"
             "000000000000000000000000000000000000000000000000");
  json_decref(j);
  free(r);
  free(b);
}

static void test_snp_report_to_json_v2_has_no_cpuid_or_vectors(void) {
  uint8_t *b = load(V2_DEBUG);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  json_t *j = snp_report_to_json(r, SNP_PRODUCT_MILAN);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_PTR_NULL(json_object_get(j, "cpuid_fam_id"));
  CU_ASSERT_PTR_NULL(json_object_get(j, "cpuid_mod_id"));
  CU_ASSERT_PTR_NULL(json_object_get(j, "cpuid_step"));
  CU_ASSERT_PTR_NULL(json_object_get(j, "launch_mit_vector"));
  CU_ASSERT_PTR_NULL(json_object_get(j, "current_mit_vector"));
  expect_str(j, "product", "Milan");
  expect_bool(j, "policy.debug", 1);
  expect_bool(j, "policy.smt", 1);
  expect_int(j, "current_tcb.bootloader", 2);
  expect_int(j, "current_tcb.snp", 5);
  expect_int(j, "current_tcb.microcode", 0x44);
  json_decref(j);
  free(r);
  free(b);
}

static void test_snp_report_to_json_turin_layout_has_fmc(void) {
  uint8_t *b = load(V3_MILAN);
  put64(b, 0x038, 0x4700000002000100ull); /* snp.md §1.8 Turin example */
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  json_t *j = snp_report_to_json(r, SNP_PRODUCT_TURIN);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  expect_str(j, "current_tcb.raw", "4700000002000100");
  expect_int(j, "current_tcb.fmc", 0);
  expect_int(j, "current_tcb.bootloader", 1);
  expect_int(j, "current_tcb.tee", 0);
  expect_int(j, "current_tcb.snp", 2);
  expect_int(j, "current_tcb.microcode", 71);
  expect_str(j, "product", "Turin");
  json_decref(j);
  /* unknown product: Milan/Genoa layout, named "unknown" */
  j = snp_report_to_json(r, SNP_PRODUCT_UNKNOWN);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  expect_str(j, "product", "unknown");
  CU_ASSERT_PTR_NULL(jget(j, "current_tcb.fmc"));
  expect_int(j, "current_tcb.bootloader", 0);
  expect_int(j, "current_tcb.tee", 1);
  json_decref(j);
  free(r);
  free(b);
}

static void test_snp_report_to_json_vlek_signing_key(void) {
  uint8_t *b = load(V3_VLEK);
  snp_report *r = parse_ok(b, SNP_REPORT_SIZE);
  json_t *j = snp_report_to_json(r, SNP_PRODUCT_MILAN);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  expect_str(j, "signer_info.signing_key", "vlek");
  expect_str(j, "signer_info.raw", "00000004");
  expect_int(j, "vmpl", 1);
  expect_int(j, "reported_tcb.microcode", 217);
  expect_int(j, "current_tcb.microcode", 220);
  json_decref(j);
  free(r);
  free(b);
}

static const test_case tests[] = {
    {"test_snp_report_parse_real_milan_v2_idblock_values",
     test_snp_report_parse_real_milan_v2_idblock_values},
    {"test_snp_report_parse_real_milan_v2_debug_values",
     test_snp_report_parse_real_milan_v2_debug_values},
    {"test_snp_report_parse_real_milan_v3_values",
     test_snp_report_parse_real_milan_v3_values},
    {"test_snp_report_parse_real_genoa_v3_values",
     test_snp_report_parse_real_genoa_v3_values},
    {"test_snp_report_parse_real_genoa_v5_values",
     test_snp_report_parse_real_genoa_v5_values},
    {"test_snp_report_parse_real_vlek_values",
     test_snp_report_parse_real_vlek_values},
    {"test_snp_tcb_decode_genoa_layout", test_snp_tcb_decode_genoa_layout},
    {"test_snp_tcb_decode_turin_layout", test_snp_tcb_decode_turin_layout},
    {"test_snp_tcb_decode_distinct_bytes_both_layouts",
     test_snp_tcb_decode_distinct_bytes_both_layouts},
    {"test_snp_product_from_cpuid_ranges", test_snp_product_from_cpuid_ranges},
    {"test_snp_report_product_from_patched_cpuid",
     test_snp_report_product_from_patched_cpuid},
    {"test_snp_product_names_and_dirs", test_snp_product_names_and_dirs},
    {"test_snp_product_from_name_case_insensitive",
     test_snp_product_from_name_case_insensitive},
    {"test_snp_report_parse_truncated_fails_malformed",
     test_snp_report_parse_truncated_fails_malformed},
    {"test_snp_report_parse_trailing_bytes_fails_malformed",
     test_snp_report_parse_trailing_bytes_fails_malformed},
    {"test_snp_report_parse_reserved_04c_set_fails_malformed",
     test_snp_report_parse_reserved_04c_set_fails_malformed},
    {"test_snp_report_parse_v2_reserved_188_set_fails_malformed",
     test_snp_report_parse_v2_reserved_188_set_fails_malformed},
    {"test_snp_report_parse_v3_reserved_18b_set_fails_malformed",
     test_snp_report_parse_v3_reserved_18b_set_fails_malformed},
    {"test_snp_report_parse_reserved_1eb_1ef_set_fails_malformed",
     test_snp_report_parse_reserved_1eb_1ef_set_fails_malformed},
    {"test_snp_report_parse_v2_v3_reserved_1f8_set_fails_malformed",
     test_snp_report_parse_v2_v3_reserved_1f8_set_fails_malformed},
    {"test_snp_report_parse_v5_reserved_208_set_fails_malformed",
     test_snp_report_parse_v5_reserved_208_set_fails_malformed},
    {"test_snp_report_parse_signature_reserved_set_fails_malformed",
     test_snp_report_parse_signature_reserved_set_fails_malformed},
    {"test_snp_report_parse_signature_padding_is_structure_ok",
     test_snp_report_parse_signature_padding_is_structure_ok},
    {"test_snp_report_parse_policy_bit17_clear_fails_malformed",
     test_snp_report_parse_policy_bit17_clear_fails_malformed},
    {"test_snp_report_parse_policy_bits_26_63_fail_malformed",
     test_snp_report_parse_policy_bits_26_63_fail_malformed},
    {"test_snp_report_parse_signer_info_bits_5_31_fail_malformed",
     test_snp_report_parse_signer_info_bits_5_31_fail_malformed},
    {"test_snp_report_parse_signing_key_2_to_6_fails_malformed",
     test_snp_report_parse_signing_key_2_to_6_fails_malformed},
    {"test_snp_report_parse_author_key_en_decoded",
     test_snp_report_parse_author_key_en_decoded},
    {"test_snp_report_parse_failure_leaves_output_zeroed",
     test_snp_report_parse_failure_leaves_output_zeroed},
    {"test_snp_report_parse_unsupported_versions",
     test_snp_report_parse_unsupported_versions},
    {"test_snp_report_parse_unsupported_signature_algo",
     test_snp_report_parse_unsupported_signature_algo},
    {"test_snp_report_parse_signing_key_7_fails_unsupported",
     test_snp_report_parse_signing_key_7_fails_unsupported},
    {"test_snp_report_parse_mask_chip_key_fails_unsupported",
     test_snp_report_parse_mask_chip_key_fails_unsupported},
    {"test_snp_report_parse_version4_uses_v3_layout",
     test_snp_report_parse_version4_uses_v3_layout},
    {"test_snp_report_parse_v5_mitigation_vectors_read",
     test_snp_report_parse_v5_mitigation_vectors_read},
    {"test_snp_report_parse_v5_as_v3_vectors_are_reserved",
     test_snp_report_parse_v5_as_v3_vectors_are_reserved},
    {"test_snp_report_parse_v3_as_v2_cpuid_is_reserved",
     test_snp_report_parse_v3_as_v2_cpuid_is_reserved},
    {"test_snp_report_parse_v2_as_v3_zero_cpuid_unknown_product",
     test_snp_report_parse_v2_as_v3_zero_cpuid_unknown_product},
    {"test_snp_report_parse_unknown_platform_info_bits_ok",
     test_snp_report_parse_unknown_platform_info_bits_ok},
    {"test_snp_report_to_json_real_genoa_v5_fields",
     test_snp_report_to_json_real_genoa_v5_fields},
    {"test_snp_report_to_json_v2_has_no_cpuid_or_vectors",
     test_snp_report_to_json_v2_has_no_cpuid_or_vectors},
    {"test_snp_report_to_json_turin_layout_has_fmc",
     test_snp_report_to_json_turin_layout_has_fmc},
    {"test_snp_report_to_json_vlek_signing_key",
     test_snp_report_to_json_vlek_signing_key},
    {NULL, NULL},
};

int main(void) { return test_run_suite("backends/snp/report.c", tests); }
