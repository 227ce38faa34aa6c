/* Tests of backends/snp/attest.c: the certificate table parser (good
 * table, empty, every truncation, header bit flips, each malformation),
 * firmware error names, GUID strings, and snp_attest against the fake
 * configfs-tsm and the scripted /dev/sev-guest of ../common/fakedev.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/fakedev.h"
#include "contrast/snp_attest.h"
#include "testsupport.h"

static const uint8_t GUID_VCEK[16] = {0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64,
                                      0x45, 0x64, 0xad, 0xc5, 0xf4, 0xb9,
                                      0x3b, 0xe8, 0xac, 0xcd};
static const uint8_t GUID_VLEK[16] = {0xa8, 0x07, 0x4b, 0xc2, 0xa2, 0x5a,
                                      0x48, 0x3e, 0xaa, 0xe6, 0x39, 0xc0,
                                      0x45, 0xa0, 0xb8, 0xa1};
static const uint8_t GUID_ASK[16] = {0x4a, 0xb7, 0xb3, 0x79, 0xbb, 0xac,
                                     0x4f, 0xe4, 0xa0, 0x2f, 0x05, 0xae,
                                     0xf3, 0x27, 0xc7, 0x82};
static const uint8_t GUID_ARK[16] = {0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03,
                                     0x49, 0x52, 0x97, 0x43, 0x3f, 0xb6,
                                     0x01, 0x4c, 0xd0, 0xae};
static const uint8_t GUID_CRL[16] = {0x92, 0xf8, 0x1b, 0xc3, 0x58, 0x11,
                                     0x4d, 0x3d, 0x97, 0xff, 0xd1, 0x9f,
                                     0x88, 0xdc, 0x67, 0xea};

static int contains(const char *s, const char *sub) {
  if (strstr(s, sub) != NULL)
    return 1;
  fprintf(stderr, "  '%s' lacks '%s'\n", s, sub);
  return 0;
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static void put_entry(uint8_t *buf, size_t i, const uint8_t guid[16],
                      uint32_t off, uint32_t len) {
  memcpy(buf + 24 * i, guid, 16);
  put32(buf + 24 * i + 16, off);
  put32(buf + 24 * i + 20, len);
}

/* A table of VCEK (100 bytes), ASK (200), ARK (300) after a 4-entry
 * header; blob bytes are distinct per blob. Returns the length. */
#define GOOD_HDR (4 * 24)
#define GOOD_LEN (GOOD_HDR + 100 + 200 + 300)
static size_t good_table(uint8_t *buf) {
  memset(buf, 0, GOOD_LEN);
  put_entry(buf, 0, GUID_VCEK, GOOD_HDR, 100);
  put_entry(buf, 1, GUID_ASK, GOOD_HDR + 100, 200);
  put_entry(buf, 2, GUID_ARK, GOOD_HDR + 300, 300);
  memset(buf + GOOD_HDR, 0x11, 100);
  memset(buf + GOOD_HDR + 100, 0x22, 200);
  memset(buf + GOOD_HDR + 300, 0x33, 300);
  return GOOD_LEN;
}

static void expect_malformed(const uint8_t *buf, size_t len,
                             const char *needle) {
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_cert_table_parse(buf, len, &t, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_EQUAL(t.n, 0);
  if (needle != NULL)
    CU_ASSERT_TRUE(contains(e.detail, needle));
}

/* ---- snp_cert_table_parse ---- */

static void test_cert_table_parse_good_vcek_ask_ark(void) {
  uint8_t buf[GOOD_LEN];
  size_t len = good_table(buf);
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_cert_table_parse(buf, len, &t, &e), 0);
  CU_ASSERT_EQUAL_FATAL(t.n, 3);
  CU_ASSERT_EQUAL(t.e[0].kind, SNP_CERT_VCEK);
  CU_ASSERT_EQUAL(t.e[1].kind, SNP_CERT_ASK);
  CU_ASSERT_EQUAL(t.e[2].kind, SNP_CERT_ARK);
  CU_ASSERT_PTR_EQUAL(t.e[0].data, buf + GOOD_HDR);
  CU_ASSERT_EQUAL(t.e[0].len, 100);
  CU_ASSERT_PTR_EQUAL(t.e[1].data, buf + GOOD_HDR + 100);
  CU_ASSERT_EQUAL(t.e[1].len, 200);
  CU_ASSERT_PTR_EQUAL(t.e[2].data, buf + GOOD_HDR + 300);
  CU_ASSERT_EQUAL(t.e[2].len, 300);
  CU_ASSERT_EQUAL(memcmp(t.e[0].guid, GUID_VCEK, 16), 0);
  CU_ASSERT_PTR_EQUAL(snp_cert_table_find(&t, SNP_CERT_ASK), &t.e[1]);
  CU_ASSERT_PTR_EQUAL(snp_cert_table_find(&t, SNP_CERT_ARK), &t.e[2]);
  CU_ASSERT_PTR_NULL(snp_cert_table_find(&t, SNP_CERT_VLEK));
  CU_ASSERT_PTR_NULL(snp_cert_table_find(&t, SNP_CERT_CRL));
  CU_ASSERT_PTR_NULL(snp_cert_table_find(NULL, SNP_CERT_VCEK));
}

static void test_cert_table_parse_trailing_padding_ok(void) {
  /* the ioctl path hands over a page-sized, zero-padded buffer */
  uint8_t buf[4096];
  memset(buf, 0, sizeof buf);
  good_table(buf);
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_cert_table_parse(buf, sizeof buf, &t, &e), 0);
  CU_ASSERT_EQUAL(t.n, 3);
}

static void test_cert_table_parse_all_kinds_and_unknown_guid(void) {
  static const uint8_t other[16] = {1, 2, 3, 4, 5, 6, 7, 8,
                                    9, 10, 11, 12, 13, 14, 15, 16};
  uint8_t buf[7 * 24 + 60];
  memset(buf, 0, sizeof buf);
  uint32_t base = 7 * 24;
  put_entry(buf, 0, GUID_VLEK, base, 10);
  put_entry(buf, 1, GUID_ASK, base + 10, 10);
  put_entry(buf, 2, GUID_ARK, base + 20, 10);
  put_entry(buf, 3, GUID_CRL, base + 30, 10);
  static const uint8_t extra[16] = {0xec, 0xae, 0x0c, 0x0f, 0x95, 0x02,
                                    0x43, 0xb1, 0xaf, 0xa2, 0x0a, 0xe2,
                                    0xe0, 0xd5, 0x65, 0xb6};
  put_entry(buf, 4, extra, base + 40, 10);
  put_entry(buf, 5, other, base + 50, 10);
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_cert_table_parse(buf, sizeof buf, &t, &e), 0);
  CU_ASSERT_EQUAL_FATAL(t.n, 6);
  CU_ASSERT_EQUAL(t.e[0].kind, SNP_CERT_VLEK);
  CU_ASSERT_EQUAL(t.e[3].kind, SNP_CERT_CRL);
  CU_ASSERT_EQUAL(t.e[4].kind, SNP_CERT_EXTRA_PLATFORM_INFO);
  CU_ASSERT_EQUAL(t.e[5].kind, SNP_CERT_OTHER);
}

static void test_cert_table_parse_guid_is_rfc4122_string_order(void) {
  /* the EFI mixed-endian layout of the VCEK GUID is not the VCEK */
  static const uint8_t efi_vcek[16] = {0x8d, 0x75, 0xda, 0x63, 0x64, 0xe6,
                                       0x64, 0x45, 0xad, 0xc5, 0xf4, 0xb9,
                                       0x3b, 0xe8, 0xac, 0xcd};
  uint8_t buf[2 * 24 + 4];
  memset(buf, 0, sizeof buf);
  put_entry(buf, 0, efi_vcek, 48, 4);
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_cert_table_parse(buf, sizeof buf, &t, &e), 0);
  CU_ASSERT_EQUAL(t.e[0].kind, SNP_CERT_OTHER);
}

static void test_cert_table_parse_empty_and_all_zero_give_none(void) {
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_cert_table_parse(NULL, 0, &t, &e), 0);
  CU_ASSERT_EQUAL(t.n, 0);
  uint8_t z[16384];
  memset(z, 0, sizeof z);
  CU_ASSERT_EQUAL(snp_cert_table_parse(z, sizeof z, &t, &e), 0);
  CU_ASSERT_EQUAL(t.n, 0);
  CU_ASSERT_EQUAL(snp_cert_table_parse(z, 10, &t, &e), 0); /* < one entry */
  CU_ASSERT_EQUAL(t.n, 0);
  CU_ASSERT_EQUAL(snp_cert_table_parse(z, 0, &t, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
}

static void test_cert_table_parse_every_truncation_fails_malformed(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  for (size_t n = 1; n < GOOD_LEN; n++) {
    uint8_t *copy = malloc(n); /* exact size: ASan sees any overread */
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, buf, n);
    snp_cert_table t;
    contrast_err e;
    contrast_err_clear(&e);
    int rc = snp_cert_table_parse(copy, n, &t, &e);
    if (rc != -1 || e.code != CONTRAST_MALFORMED)
      fprintf(stderr, "  truncation to %zu: rc %d %s\n", n, rc, e.detail);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_EQUAL(e.code, CONTRAST_MALFORMED);
    free(copy);
  }
}

static void test_cert_table_parse_header_bit_flips_consistent_or_malformed(
    void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  size_t ok = 0, bad = 0;
  for (size_t bit = 0; bit < 8 * GOOD_HDR; bit++) {
    uint8_t *copy = malloc(GOOD_LEN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, buf, GOOD_LEN);
    copy[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    snp_cert_table t;
    contrast_err e;
    contrast_err_clear(&e);
    if (snp_cert_table_parse(copy, GOOD_LEN, &t, &e) == 0) {
      ok++;
      CU_ASSERT_TRUE(t.n >= 1 && t.n <= 3);
      size_t table_end = 24 * (t.n + 1);
      for (size_t i = 0; i < t.n; i++) {
        CU_ASSERT_TRUE(t.e[i].data >= copy + table_end);
        CU_ASSERT_TRUE(t.e[i].len > 0);
        CU_ASSERT_TRUE(t.e[i].data + t.e[i].len <= copy + GOOD_LEN);
        for (size_t j = 0; j < i; j++)
          CU_ASSERT_NOT_EQUAL(memcmp(t.e[i].guid, t.e[j].guid, 16), 0);
      }
    } else {
      bad++;
      ASSERT_CODE(e, CONTRAST_MALFORMED);
    }
    free(copy);
  }
  /* GUID flips keep a valid table; flips in the terminator or high offset
   * bits do not */
  CU_ASSERT_TRUE(ok > 0);
  CU_ASSERT_TRUE(bad > 0);
}

static void test_cert_table_parse_offset_inside_table_fails(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  put32(buf + 16, 0); /* VCEK at offset 0: the table itself */
  expect_malformed(buf, GOOD_LEN, "points into the table");
  good_table(buf);
  put32(buf + 16, GOOD_HDR - 1); /* the last byte of the terminator */
  expect_malformed(buf, GOOD_LEN, "points into the table");
  good_table(buf);
  put32(buf + 16, 3 * 24); /* the terminator */
  expect_malformed(buf, GOOD_LEN, "(which ends at 0x60)");
}

static void test_cert_table_parse_out_of_bounds_fails_boundary_ok(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  put32(buf + 2 * 24 + 20, 301); /* ARK one byte past the end */
  expect_malformed(buf, GOOD_LEN, "outside the 696-byte buffer");
  good_table(buf);
  put32(buf + 2 * 24 + 16, GOOD_LEN + 1); /* offset past the end */
  put32(buf + 2 * 24 + 20, 1);
  expect_malformed(buf, GOOD_LEN, "outside");
  /* exactly up to the end: fine (the good table's ARK) */
  good_table(buf);
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_cert_table_parse(buf, GOOD_LEN, &t, &e), 0);
}

static void test_cert_table_parse_length_wrap_fails(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  put32(buf + 20, 0xFFFFFFFFu); /* offset + length wraps in 32 bits */
  expect_malformed(buf, GOOD_LEN, "outside");
  good_table(buf);
  put32(buf + 16, 0xFFFFFFFFu);
  put32(buf + 20, 2);
  expect_malformed(buf, GOOD_LEN, "outside");
  good_table(buf);
  put32(buf + 16, 0x80000000u);
  put32(buf + 20, 0x80000000u);
  expect_malformed(buf, GOOD_LEN, "outside");
}

static void test_cert_table_parse_duplicate_guid_fails(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  memcpy(buf + 2 * 24, GUID_ASK, 16); /* ARK entry now says ASK */
  expect_malformed(buf, GOOD_LEN,
                   "GUID 4ab7b379-bbac-4fe4-a02f-05aef327c782 appears twice "
                   "(entries 1 and 2)");
}

static void test_cert_table_parse_no_terminator_fails(void) {
  /* three entries and no room for a fourth */
  uint8_t buf[3 * 24];
  memset(buf, 0, sizeof buf);
  put_entry(buf, 0, GUID_VCEK, 0, 1);
  put_entry(buf, 1, GUID_ASK, 0, 1);
  put_entry(buf, 2, GUID_ARK, 0, 1);
  expect_malformed(buf, sizeof buf, "no terminating all-zero entry");
  /* a partial terminator */
  uint8_t buf2[3 * 24 + 23];
  memset(buf2, 0, sizeof buf2);
  memcpy(buf2, buf, sizeof buf);
  expect_malformed(buf2, sizeof buf2, "no terminating all-zero entry");
}

static void test_cert_table_parse_zero_guid_nonzero_fields_fails(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  put32(buf + 3 * 24 + 20, 5); /* the terminator has a length */
  expect_malformed(buf, GOOD_LEN, "a terminator must be all zero");
}

static void test_cert_table_parse_zero_length_blob_fails(void) {
  uint8_t buf[GOOD_LEN];
  good_table(buf);
  put32(buf + 20, 0);
  expect_malformed(buf, GOOD_LEN, "has length 0");
}

static void build_n_entries(uint8_t *buf, size_t cap, size_t n) {
  memset(buf, 0, cap);
  uint32_t base = (uint32_t)(24 * (n + 1));
  for (size_t i = 0; i < n; i++) {
    uint8_t g[16];
    memset(g, 0, sizeof g);
    g[0] = (uint8_t)(i + 1);
    g[15] = 0x77;
    put_entry(buf, i, g, base + (uint32_t)i, 1);
  }
}

static void test_cert_table_parse_16_entries_ok_17_fail(void) {
  uint8_t buf[18 * 24 + 17];
  build_n_entries(buf, sizeof buf, SNP_CERT_TABLE_MAX);
  snp_cert_table t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_cert_table_parse(buf, sizeof buf, &t, &e), 0);
  CU_ASSERT_EQUAL(t.n, SNP_CERT_TABLE_MAX);
  build_n_entries(buf, sizeof buf, SNP_CERT_TABLE_MAX + 1);
  expect_malformed(buf, sizeof buf, "more than 16 entries");
}

/* ---- names ---- */

static void test_guid_str_vcek_ark_and_zero(void) {
  char s[37];
  snp_cert_guid_str(GUID_VCEK, s);
  CU_ASSERT_STRING_EQUAL(s, "63da758d-e664-4564-adc5-f4b93be8accd");
  snp_cert_guid_str(GUID_ARK, s);
  CU_ASSERT_STRING_EQUAL(s, "c0b406a4-a803-4952-9743-3fb6014cd0ae");
  snp_cert_guid_str(GUID_VLEK, s);
  CU_ASSERT_STRING_EQUAL(s, "a8074bc2-a25a-483e-aae6-39c045a0b8a1");
  uint8_t z[16] = {0};
  snp_cert_guid_str(z, s);
  CU_ASSERT_STRING_EQUAL(s, "00000000-0000-0000-0000-000000000000");
}

static void test_fw_error_name_full_table_and_unknown(void) {
  static const struct {
    uint32_t code;
    const char *name;
  } want[] = {
      {0x00, "SUCCESS"},
      {0x01, "INVALID_PLATFORM_STATE"},
      {0x02, "INVALID_GUEST_STATE"},
      {0x03, "INVALID_CONFIG"},
      {0x04, "INVALID_LEN"},
      {0x05, "ALREADY_OWNED"},
      {0x06, "INVALID_CERTIFICATE"},
      {0x07, "POLICY_FAILURE"},
      {0x08, "INACTIVE"},
      {0x09, "INVALID_ADDRESS"},
      {0x0A, "BAD_SIGNATURE"},
      {0x0B, "BAD_MEASUREMENT"},
      {0x0C, "ASID_OWNED"},
      {0x0D, "INVALID_ASID"},
      {0x0E, "WBINVD_REQUIRED"},
      {0x0F, "DFFLUSH_REQUIRED"},
      {0x10, "INVALID_GUEST"},
      {0x11, "INVALID_COMMAND"},
      {0x12, "ACTIVE"},
      {0x13, "HWSEV_RET_PLATFORM"},
      {0x14, "HWSEV_RET_UNSAFE"},
      {0x15, "UNSUPPORTED"},
      {0x16, "INVALID_PARAM"},
      {0x17, "RESOURCE_LIMIT"},
      {0x18, "SECURE_DATA_INVALID"},
      {0x19, "INVALID_PAGE_SIZE"},
      {0x1A, "INVALID_PAGE_STATE"},
      {0x1B, "INVALID_MDATA_ENTRY"},
      {0x1C, "INVALID_PAGE_OWNER"},
      {0x1D, "AEAD_OFLOW"},
      {0x1E, "UNKNOWN"}, /* a gap in the table */
      {0x1F, "EXIT_RING_BUFFER"},
      {0x20, "RMP_INIT_REQUIRED"},
      {0x21, "BAD_SVN"},
      {0x22, "BAD_VERSION"},
      {0x23, "SHUTDOWN_REQUIRED"},
      {0x24, "UPDATE_FAILED"},
      {0x25, "RESTORE_REQUIRED"},
      {0x26, "RMP_INITIALIZATION_FAILED"},
      {0x27, "INVALID_KEY"},
      {0x28, "SHUTDOWN_INCOMPLETE"},
      {0x29, "UNKNOWN"},
      {0xff, "UNKNOWN"},
      {0xFFFFFFFFu, "UNKNOWN"},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    CU_ASSERT_STRING_EQUAL(snp_fw_error_name(want[i].code), want[i].name);
}

/* ---- snp_attest over the fake configfs-tsm ---- */

static char tmp[200], dev[300];
static uint8_t report_data[64];

static void setup(void) {
  fake_reset();
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(tmp, sizeof tmp, "snp-attest"), 0);
  (void)snprintf(fake_tsm.root, sizeof fake_tsm.root, "%s/tsm", tmp);
  CU_ASSERT_EQUAL_FATAL(mkdir(fake_tsm.root, 0700), 0);
  fake_tsm.provider = "sev_guest\n";
  fake_tsm.gen0 = 1;
  (void)snprintf(dev, sizeof dev, "%s/sev-guest", tmp);
  FILE *f = fopen(dev, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  (void)fclose(f);
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", fake_tsm.root, 1), 0);
  CU_ASSERT_EQUAL(setenv("CONTRAST_SEV_GUEST_DEVICE", dev, 1), 0);
  for (size_t i = 0; i < sizeof report_data; i++)
    report_data[i] = (uint8_t)(0xC0 ^ i);
}

static void teardown(void) {
  fake_reset();
  fake_rmtree(tmp);
  (void)unsetenv("CONTRAST_TSM_PATH");
  (void)unsetenv("CONTRAST_SEV_GUEST_DEVICE");
}

static snp_attest_opts opts(snp_attest_via via) {
  snp_attest_opts o;
  memset(&o, 0, sizeof o);
  o.via = via;
  o.vmpl = -1;
  o.backoff_ms = 1;
  return o;
}

static void test_attest_tsm_report_and_certificates(void) {
  setup();
  uint8_t rep[SNP_REPORT_SIZE], certs[GOOD_LEN];
  fake_sg_expected_report(report_data, rep);
  good_table(certs);
  fake_tsm.active = 1;
  fake_tsm.outblob = rep;
  fake_tsm.outblob_len = sizeof rep;
  fake_tsm.auxblob = certs;
  fake_tsm.auxblob_len = sizeof certs;
  snp_attest_opts o = opts(SNP_VIA_TSM);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.used, SNP_VIA_TSM);
  CU_ASSERT_EQUAL(memcmp(r.report, rep, sizeof rep), 0);
  CU_ASSERT_EQUAL(r.certs_len, sizeof certs);
  CU_ASSERT_EQUAL(r.table.n, 3);
  CU_ASSERT_PTR_EQUAL(r.table.e[0].data, r.certs + GOOD_HDR);
  CU_ASSERT_EQUAL(fake_tsm.inblob_len, 64);
  CU_ASSERT_EQUAL(memcmp(fake_tsm.inblob, report_data, 64), 0);
  CU_ASSERT_STRING_EQUAL(fake_tsm.privlevel, ""); /* vmpl -1: unwritten */
  CU_ASSERT_STRING_EQUAL(r.note, "");
  snp_attest_result_wipe(&r);
  CU_ASSERT_PTR_NULL(r.certs);
  teardown();
}

static void test_attest_tsm_vmpl_written_as_privlevel(void) {
  setup();
  uint8_t rep[SNP_REPORT_SIZE] = {0};
  fake_tsm.active = 1;
  fake_tsm.outblob = rep;
  fake_tsm.outblob_len = sizeof rep;
  snp_attest_opts o = opts(SNP_VIA_TSM);
  o.vmpl = 3;
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_STRING_EQUAL(fake_tsm.privlevel, "3");
  CU_ASSERT_PTR_NULL(r.certs); /* no auxblob file */
  CU_ASSERT_EQUAL(r.table.n, 0);
  snp_attest_result_wipe(&r);
  teardown();
}

static void test_attest_tsm_all_zero_auxblob_means_no_certs(void) {
  setup();
  uint8_t rep[SNP_REPORT_SIZE] = {0}, aux[4096] = {0};
  fake_tsm.active = 1;
  fake_tsm.outblob = rep;
  fake_tsm.outblob_len = sizeof rep;
  fake_tsm.auxblob = aux;
  fake_tsm.auxblob_len = sizeof aux;
  snp_attest_opts o = opts(SNP_VIA_TSM);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_PTR_NULL(r.certs);
  CU_ASSERT_EQUAL(r.certs_len, 0);
  snp_attest_result_wipe(&r);
  teardown();
}

static void test_attest_tsm_wrong_outblob_size_fails_e_device(void) {
  setup();
  uint8_t rep[SNP_REPORT_SIZE + 1] = {0};
  fake_tsm.active = 1;
  fake_tsm.outblob = rep;
  fake_tsm.outblob_len = SNP_REPORT_SIZE - 1;
  snp_attest_opts o = opts(SNP_VIA_TSM);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "outblob is 1183 bytes, an SNP report "
                                    "is 1184"));
  teardown();
}

static void test_attest_tsm_bad_auxblob_fails_malformed(void) {
  setup();
  uint8_t rep[SNP_REPORT_SIZE] = {0}, certs[GOOD_LEN];
  good_table(certs);
  memcpy(certs + 24, GUID_VCEK, 16); /* duplicate */
  fake_tsm.active = 1;
  fake_tsm.outblob = rep;
  fake_tsm.outblob_len = sizeof rep;
  fake_tsm.auxblob = certs;
  fake_tsm.auxblob_len = sizeof certs;
  snp_attest_opts o = opts(SNP_VIA_TSM);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NULL(r.certs);
  teardown();
}

static void test_attest_tsm_wrong_provider_fails_e_device(void) {
  setup();
  uint8_t rep[SNP_REPORT_SIZE] = {0};
  fake_tsm.active = 1;
  fake_tsm.provider = "tdx_guest\n";
  fake_tsm.outblob = rep;
  fake_tsm.outblob_len = sizeof rep;
  snp_attest_opts o = opts(SNP_VIA_AUTO);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  /* AUTO does not fall back on a wrong provider: that is no SNP guest */
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_STRING_EQUAL(e.detail, "configfs-tsm: provider is 'tdx_guest', "
                                   "not 'sev_guest'");
  teardown();
}

static void test_attest_tsm_missing_dir_fails_e_device(void) {
  setup();
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", "/nonexistent/tsm", 1), 0);
  snp_attest_opts o = opts(SNP_VIA_TSM);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "/nonexistent/tsm is not a directory"));
  teardown();
}

/* ---- snp_attest over the scripted /dev/sev-guest ---- */

static void test_attest_auto_without_tsm_uses_ioctl_no_certs(void) {
  setup();
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", "/nonexistent/tsm", 1), 0);
  fake_sg.active = 1;
  fake_sg.n = 1; /* the size query succeeds: the host has no certs */
  snp_attest_opts o = opts(SNP_VIA_AUTO);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.used, SNP_VIA_IOCTL);
  CU_ASSERT_EQUAL(fake_sg.calls, 1);
  CU_ASSERT_EQUAL(fake_sg.nr[0], 0xC0205302UL);
  CU_ASSERT_EQUAL(fake_sg.msg_version[0], 1);
  CU_ASSERT_EQUAL(fake_sg.certs_len[0], 0);
  CU_ASSERT_EQUAL(fake_sg.vmpl[0], 0);
  CU_ASSERT_EQUAL(memcmp(fake_sg.user_data, report_data, 64), 0);
  uint8_t want[SNP_REPORT_SIZE];
  fake_sg_expected_report(report_data, want);
  CU_ASSERT_EQUAL(memcmp(r.report, want, sizeof want), 0);
  CU_ASSERT_PTR_NULL(r.certs);
  snp_attest_result_wipe(&r);
  teardown();
}

static void test_attest_auto_tsm_enxio_falls_back_and_notes_it(void) {
  setup();
  fake_tsm.active = 1;
  fake_tsm.mkdir_errno = ENXIO;
  fake_sg.active = 1;
  fake_sg.n = 1;
  snp_attest_opts o = opts(SNP_VIA_AUTO);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.used, SNP_VIA_IOCTL);
  CU_ASSERT_TRUE(contains(r.note, "refused the entry (No such device or "
                                  "address); used the ioctl"));
  snp_attest_result_wipe(&r);
  teardown();
}

static void test_attest_auto_tsm_eacces_no_fallback(void) {
  setup();
  fake_tsm.active = 1;
  fake_tsm.mkdir_errno = EACCES;
  fake_sg.active = 1;
  fake_sg.n = 1;
  snp_attest_opts o = opts(SNP_VIA_AUTO);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "configfs-tsm: mkdir "));
  CU_ASSERT_TRUE(contains(e.detail, "(needs root)"));
  CU_ASSERT_EQUAL(fake_sg.calls, 0);
  teardown();
}

static void test_attest_auto_fallback_then_ioctl_fails_mentions_both(void) {
  setup();
  fake_tsm.active = 1;
  fake_tsm.mkdir_errno = ENXIO;
  CU_ASSERT_EQUAL(setenv("CONTRAST_SEV_GUEST_DEVICE", "/nonexistent/sg", 1),
                  0);
  snp_attest_opts o = opts(SNP_VIA_AUTO);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "sev-guest: open /nonexistent/sg: "));
  CU_ASSERT_TRUE(contains(e.detail, "(no TSM provider registered)"));
  teardown();
}

static void test_attest_ioctl_invalid_len_then_certs(void) {
  setup();
  uint8_t certs[GOOD_LEN];
  good_table(certs);
  fake_sg.active = 1;
  fake_sg.n = 2;
  fake_sg.steps[0].err = EIO;
  fake_sg.steps[0].exitinfo2 = 1ull << 32;
  fake_sg.steps[0].certs_len_back = 8192;
  fake_sg.steps[1].certs = certs;
  fake_sg.steps[1].certs_len = sizeof certs;
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  o.vmpl = 2;
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(fake_sg.calls, 2);
  CU_ASSERT_EQUAL(fake_sg.certs_len[0], 0);
  CU_ASSERT_EQUAL(fake_sg.certs_len[1], 8192);
  CU_ASSERT_TRUE(fake_sg.has_certs_addr[1]);
  CU_ASSERT_EQUAL(fake_sg.vmpl[1], 2);
  CU_ASSERT_EQUAL(r.certs_len, 8192);
  CU_ASSERT_EQUAL(r.table.n, 3);
  CU_ASSERT_EQUAL(memcmp(r.certs, certs, sizeof certs), 0);
  snp_attest_result_wipe(&r);
  teardown();
}

static void test_attest_ioctl_host_asks_for_more_retried(void) {
  setup();
  uint8_t certs[GOOD_LEN];
  good_table(certs);
  fake_sg.active = 1;
  fake_sg.n = 3;
  fake_sg.steps[0].err = EIO;
  fake_sg.steps[0].exitinfo2 = 1ull << 32;
  fake_sg.steps[0].certs_len_back = 4096;
  fake_sg.steps[1].err = EIO;
  fake_sg.steps[1].exitinfo2 = 1ull << 32;
  fake_sg.steps[1].certs_len_back = 12288;
  fake_sg.steps[2].certs = certs;
  fake_sg.steps[2].certs_len = sizeof certs;
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(fake_sg.calls, 3);
  CU_ASSERT_EQUAL(fake_sg.certs_len[1], 4096);
  CU_ASSERT_EQUAL(fake_sg.certs_len[2], 12288);
  CU_ASSERT_EQUAL(r.certs_len, 12288);
  snp_attest_result_wipe(&r);
  teardown();
}

static void run_bad_len(uint32_t back, const char *needle) {
  setup();
  fake_sg.active = 1;
  fake_sg.n = 1;
  fake_sg.steps[0].err = EIO;
  fake_sg.steps[0].exitinfo2 = 1ull << 32;
  fake_sg.steps[0].certs_len_back = back;
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, needle));
  CU_ASSERT_EQUAL(fake_sg.calls, 1);
  teardown();
}

static void test_attest_ioctl_bad_certs_len_fails_e_device(void) {
  run_bad_len(0, "a certificate buffer of 0 bytes");
  run_bad_len(4097, "a certificate buffer of 4097 bytes");
  run_bad_len(SNP_CERTS_MAX + 4096, "a certificate buffer of 266240 bytes");
}

static void test_attest_ioctl_invalid_len_forever_stops_after_3(void) {
  setup();
  fake_sg.active = 1;
  fake_sg.n = 5;
  for (size_t i = 0; i < 5; i++) {
    fake_sg.steps[i].err = EIO;
    fake_sg.steps[i].exitinfo2 = 1ull << 32;
    fake_sg.steps[i].certs_len_back = (uint32_t)(4096 * (i + 1));
  }
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_EQUAL(fake_sg.calls, 4); /* the query and 3 sized calls */
  teardown();
}

static void test_attest_ioctl_same_size_again_fails(void) {
  setup();
  fake_sg.active = 1;
  fake_sg.n = 2;
  for (size_t i = 0; i < 2; i++) {
    fake_sg.steps[i].err = EIO;
    fake_sg.steps[i].exitinfo2 = 1ull << 32;
    fake_sg.steps[i].certs_len_back = 8192;
  }
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "of 8192 bytes (after 8192 bytes"));
  teardown();
}

static void test_attest_ioctl_no_certs_uses_get_report(void) {
  setup();
  fake_sg.active = 1;
  fake_sg.n = 1;
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  o.no_certs = 1;
  o.vmpl = 1;
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(fake_sg.calls, 1);
  CU_ASSERT_EQUAL(fake_sg.nr[0], 0xC0205300UL);
  CU_ASSERT_EQUAL(fake_sg.vmpl[0], 1);
  CU_ASSERT_PTR_NULL(r.certs);
  snp_attest_result_wipe(&r);
  teardown();
}

static void run_fail(const fake_sg_step *s, unsigned retries, size_t calls,
                     const char *needle) {
  setup();
  fake_sg.active = 1;
  fake_sg.n = FAKE_SG_STEPS;
  for (size_t i = 0; i < FAKE_SG_STEPS; i++)
    fake_sg.steps[i] = *s;
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  o.retries = retries;
  o.no_certs = 1;
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, needle));
  CU_ASSERT_EQUAL(fake_sg.calls, calls);
  teardown();
}

static void test_attest_ioctl_firmware_error_named_never_retried(void) {
  fake_sg_step s = {.err = EIO, .exitinfo2 = 0x16};
  run_fail(&s, 4, 1,
           "sev-guest: SNP_GET_REPORT on ");
  run_fail(&s, 4, 1, "firmware error 0x16 INVALID_PARAM");
  /* busy and a firmware error together: the firmware error wins */
  fake_sg_step s2 = {.err = EAGAIN, .exitinfo2 = (2ull << 32) | 0x27};
  run_fail(&s2, 4, 1, "VMM error 2 (BUSY), firmware error 0x27 INVALID_KEY");
}

static void test_attest_ioctl_busy_retried_then_gives_up(void) {
  fake_sg_step s = {.err = EIO, .exitinfo2 = 2ull << 32};
  run_fail(&s, 2, 3, "(still busy after the retries)");
  fake_sg_step s2 = {.err = EAGAIN};
  run_fail(&s2, 3, 4, "still busy");
  fake_sg_step s3 = {.err = EBUSY};
  run_fail(&s3, 1, 2, "still busy");
}

static void test_attest_ioctl_busy_then_success(void) {
  setup();
  fake_sg.active = 1;
  fake_sg.n = 2;
  fake_sg.steps[0].err = EIO;
  fake_sg.steps[0].exitinfo2 = 2ull << 32;
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(snp_attest(report_data, &o, &r, &e), 0);
  CU_ASSERT_EQUAL(fake_sg.calls, 2);
  snp_attest_result_wipe(&r);
  teardown();
}

static void test_attest_ioctl_enotty_and_not_sent_explained(void) {
  fake_sg_step s = {.err = ENOTTY};
  run_fail(&s, 3, 1,
           "(the driver refuses requests (VMPCK wiped or unknown ioctl); "
           "reboot the guest)");
  fake_sg_step s2 = {.err = EIO, .exitinfo2 = 0xff};
  run_fail(&s2, 3, 1, "exitinfo2 0xff: the request never reached the "
                      "firmware");
}

static void test_attest_ioctl_response_status_and_size_checked(void) {
  fake_sg_step s = {.status = 0x16};
  run_fail(&s, 0, 1, "MSG_REPORT_RSP STATUS 0x16 INVALID_PARAM");
  fake_sg_step s2 = {.report_size = 0x4A1};
  run_fail(&s2, 0, 1, "MSG_REPORT_RSP REPORT_SIZE 0x4a1, expected 0x4a0");
}

static void test_attest_ioctl_missing_device_fails_e_device(void) {
  setup();
  CU_ASSERT_EQUAL(setenv("CONTRAST_SEV_GUEST_DEVICE", "/nonexistent/sg", 1),
                  0);
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "sev-guest: open /nonexistent/sg: "
                                    "No such file or directory (not an SNP "
                                    "guest"));
  teardown();
}

static void test_attest_bad_vmpl_fails_e_usage(void) {
  snp_attest_opts o = opts(SNP_VIA_IOCTL);
  o.vmpl = 4;
  snp_attest_result r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_attest(report_data, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
}

static void test_sev_guest_device_env_override(void) {
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_SEV_GUEST_DEVICE"), 0);
  CU_ASSERT_STRING_EQUAL(snp_sev_guest_device(), "/dev/sev-guest");
  CU_ASSERT_EQUAL(setenv("CONTRAST_SEV_GUEST_DEVICE", "/tmp/sg", 1), 0);
  CU_ASSERT_STRING_EQUAL(snp_sev_guest_device(), "/tmp/sg");
  CU_ASSERT_EQUAL(setenv("CONTRAST_SEV_GUEST_DEVICE", "", 1), 0);
  CU_ASSERT_STRING_EQUAL(snp_sev_guest_device(), "/dev/sev-guest");
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_SEV_GUEST_DEVICE"), 0);
}

#define T(f) {#f, f}
static const test_case tests[] = {
    T(test_cert_table_parse_good_vcek_ask_ark),
    T(test_cert_table_parse_trailing_padding_ok),
    T(test_cert_table_parse_all_kinds_and_unknown_guid),
    T(test_cert_table_parse_guid_is_rfc4122_string_order),
    T(test_cert_table_parse_empty_and_all_zero_give_none),
    T(test_cert_table_parse_every_truncation_fails_malformed),
    T(test_cert_table_parse_header_bit_flips_consistent_or_malformed),
    T(test_cert_table_parse_offset_inside_table_fails),
    T(test_cert_table_parse_out_of_bounds_fails_boundary_ok),
    T(test_cert_table_parse_length_wrap_fails),
    T(test_cert_table_parse_duplicate_guid_fails),
    T(test_cert_table_parse_no_terminator_fails),
    T(test_cert_table_parse_zero_guid_nonzero_fields_fails),
    T(test_cert_table_parse_zero_length_blob_fails),
    T(test_cert_table_parse_16_entries_ok_17_fail),
    T(test_guid_str_vcek_ark_and_zero),
    T(test_fw_error_name_full_table_and_unknown),
    T(test_attest_tsm_report_and_certificates),
    T(test_attest_tsm_vmpl_written_as_privlevel),
    T(test_attest_tsm_all_zero_auxblob_means_no_certs),
    T(test_attest_tsm_wrong_outblob_size_fails_e_device),
    T(test_attest_tsm_bad_auxblob_fails_malformed),
    T(test_attest_tsm_wrong_provider_fails_e_device),
    T(test_attest_tsm_missing_dir_fails_e_device),
    T(test_attest_auto_without_tsm_uses_ioctl_no_certs),
    T(test_attest_auto_tsm_enxio_falls_back_and_notes_it),
    T(test_attest_auto_tsm_eacces_no_fallback),
    T(test_attest_auto_fallback_then_ioctl_fails_mentions_both),
    T(test_attest_ioctl_invalid_len_then_certs),
    T(test_attest_ioctl_host_asks_for_more_retried),
    T(test_attest_ioctl_bad_certs_len_fails_e_device),
    T(test_attest_ioctl_invalid_len_forever_stops_after_3),
    T(test_attest_ioctl_same_size_again_fails),
    T(test_attest_ioctl_no_certs_uses_get_report),
    T(test_attest_ioctl_firmware_error_named_never_retried),
    T(test_attest_ioctl_busy_retried_then_gives_up),
    T(test_attest_ioctl_busy_then_success),
    T(test_attest_ioctl_enotty_and_not_sent_explained),
    T(test_attest_ioctl_response_status_and_size_checked),
    T(test_attest_ioctl_missing_device_fails_e_device),
    T(test_attest_bad_vmpl_fails_e_usage),
    T(test_sev_guest_device_env_override),
    {NULL, NULL},
};

int main(void) { return test_run_suite("backends/snp/attest.c", tests); }
