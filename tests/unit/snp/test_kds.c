/* Tests of backends/snp/kds.c: KDS URLs for every product (Turin's fmcSPL
 * and 8-byte hwID), the masked CHIP_ID, the base URL sources, and
 * snp_kds_complete against the loopback server of testserver.h serving the
 * test PKI's VCEK, cert_chain and CRL under the KDS layout: it fetches
 * exactly what the endorsements lack, of the signing key's family, and
 * (with a cache) nothing the second time. Expected URLs are written out
 * from snp.md §2.5, not computed by the code under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contrast/kds.h"
#include "testpki.h"
#include "../common/testserver.h"
#include "testsupport.h"

#define BASE "https://kds.test"

static void chip_pattern(uint8_t chip[64]) {
  for (size_t i = 0; i < 64; i++)
    chip[i] = (uint8_t)(i * 7 + 0x10);
}

static void hex_of(const uint8_t *b, size_t n, char *out) {
  for (size_t i = 0; i < n; i++)
    (void)sprintf(out + 2 * i, "%02x", b[i]);
}

/* Milan/Genoa TCB_VERSION: bl byte 0, tee byte 1, spl4..7 bytes 2..5
 * (ignored by the KDS), snp byte 6, ucode byte 7. */
static uint64_t tcb_mg(unsigned bl, unsigned tee, unsigned snp,
                       unsigned ucode) {
  return (uint64_t)bl | (uint64_t)tee << 8 | 0x0000AABBCCDD0000ull |
         (uint64_t)snp << 48 | (uint64_t)ucode << 56;
}

/* Turin: fmc byte 0, bl 1, tee 2, snp 3, reserved 4..6, ucode 7. */
static uint64_t tcb_turin(unsigned fmc, unsigned bl, unsigned tee,
                          unsigned snp, unsigned ucode) {
  return (uint64_t)fmc | (uint64_t)bl << 8 | (uint64_t)tee << 16 |
         (uint64_t)snp << 24 | (uint64_t)ucode << 56;
}

static void test_kds_vcek_url_milan_genoa_full_hwid(void) {
  uint8_t chip[64];
  chip_pattern(chip);
  char hex[129], want[512], got[SNP_KDS_URL_MAX];
  hex_of(chip, 64, hex);
  static const struct {
    snp_product p;
    const char *name;
  } cases[] = {{SNP_PRODUCT_MILAN, "Milan"}, {SNP_PRODUCT_GENOA, "Genoa"}};
  for (size_t i = 0; i < 2; i++) {
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(snp_kds_vcek_url(BASE, cases[i].p, chip,
                                     tcb_mg(3, 0, 8, 115), got, sizeof got,
                                     &e),
                    0);
    (void)snprintf(want, sizeof want,
                   BASE "/vcek/v1/%s/%s?blSPL=3&teeSPL=0&snpSPL=8&ucodeSPL=115",
                   cases[i].name, hex);
    CU_ASSERT_STRING_EQUAL(got, want);
  }
  /* 255 and 0 everywhere: decimal, no padding */
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_vcek_url(BASE, SNP_PRODUCT_MILAN, chip,
                                   tcb_mg(255, 10, 0, 1), got, sizeof got, &e),
                  0);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(got, "?blSPL=255&teeSPL=10&snpSPL=0&ucodeSPL=1"));
  CU_ASSERT_EQUAL(strlen(got),
                  strlen(BASE "/vcek/v1/Milan/") + 128 +
                      strlen("?blSPL=255&teeSPL=10&snpSPL=0&ucodeSPL=1"));
}

static void test_kds_vcek_url_turin_fmc_and_8_byte_hwid(void) {
  uint8_t chip[64];
  chip_pattern(chip);
  char hex[17], want[512], got[SNP_KDS_URL_MAX];
  hex_of(chip, 8, hex);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_vcek_url(BASE, SNP_PRODUCT_TURIN, chip,
                                   tcb_turin(1, 2, 0, 255, 77), got,
                                   sizeof got, &e),
                  0);
  (void)snprintf(want, sizeof want,
                 BASE "/vcek/v1/Turin/%s?fmcSPL=1&blSPL=2&teeSPL=0&snpSPL=255"
                      "&ucodeSPL=77",
                 hex);
  CU_ASSERT_STRING_EQUAL(got, want);
  CU_ASSERT_STRING_EQUAL(hex, "10171e252c333a41");
}

static void test_kds_vcek_url_masked_chip_id_fails_e_usage(void) {
  uint8_t chip[64] = {0};
  char got[SNP_KDS_URL_MAX];
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(snp_kds_vcek_url(BASE, (snp_product)p, chip, 0, got,
                                     sizeof got, &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_E_USAGE);
    CU_ASSERT_STRING_EQUAL(e.detail,
                           "CHIP_ID is masked: no VCEK can be fetched");
  }
  /* one non-zero byte is a (strange but) real CHIP_ID */
  chip[63] = 1;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_vcek_url(BASE, SNP_PRODUCT_GENOA, chip, 0, got,
                                   sizeof got, &e),
                  0);
}

static void test_kds_urls_unknown_product_or_too_long_fail_e_usage(void) {
  uint8_t chip[64];
  chip_pattern(chip);
  char got[SNP_KDS_URL_MAX];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_vcek_url(BASE, SNP_PRODUCT_UNKNOWN, chip, 0, got,
                                   sizeof got, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_chain_url(BASE, SNP_PRODUCT_UNKNOWN, SNP_VEK_VCEK,
                                    got, sizeof got, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      snp_kds_vcek_url(BASE, SNP_PRODUCT_MILAN, chip, 0, got, 100, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
  /* exactly fitting and one byte short */
  const char *want = BASE "/vcek/v1/Milan/crl";
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_crl_url(BASE, SNP_PRODUCT_MILAN, SNP_VEK_VCEK, got,
                                  strlen(want) + 1, &e),
                  0);
  CU_ASSERT_STRING_EQUAL(got, want);
  CU_ASSERT_EQUAL(snp_kds_crl_url(BASE, SNP_PRODUCT_MILAN, SNP_VEK_VCEK, got,
                                  strlen(want), &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
}

static void test_kds_chain_and_crl_urls_every_product_and_kind(void) {
  static const char *const names[] = {NULL, "Milan", "Genoa", "Turin"};
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    for (int k = 0; k < 2; k++) {
      char got[SNP_KDS_URL_MAX], want[256];
      const char *fam = k == SNP_VEK_VLEK ? "vlek" : "vcek";
      contrast_err e;
      contrast_err_clear(&e);
      CU_ASSERT_EQUAL(snp_kds_chain_url(BASE, (snp_product)p, (snp_vek_kind)k,
                                        got, sizeof got, &e),
                      0);
      (void)snprintf(want, sizeof want, BASE "/%s/v1/%s/cert_chain", fam,
                     names[p]);
      CU_ASSERT_STRING_EQUAL(got, want);
      CU_ASSERT_EQUAL(snp_kds_crl_url(BASE, (snp_product)p, (snp_vek_kind)k,
                                      got, sizeof got, &e),
                      0);
      (void)snprintf(want, sizeof want, BASE "/%s/v1/%s/crl", fam, names[p]);
      CU_ASSERT_STRING_EQUAL(got, want);
    }
  }
}

static void test_kds_base_override_env_default(void) {
  char *saved = getenv("CONTRAST_KDS_URL") != NULL
                    ? strdup(getenv("CONTRAST_KDS_URL"))
                    : NULL;
  unsetenv("CONTRAST_KDS_URL");
  CU_ASSERT_STRING_EQUAL(snp_kds_base(NULL), "https://kdsintf.amd.com");
  setenv("CONTRAST_KDS_URL", "", 1);
  CU_ASSERT_STRING_EQUAL(snp_kds_base(NULL), "https://kdsintf.amd.com");
  setenv("CONTRAST_KDS_URL", "http://127.0.0.1:9", 1);
  CU_ASSERT_STRING_EQUAL(snp_kds_base(NULL), "http://127.0.0.1:9");
  CU_ASSERT_STRING_EQUAL(snp_kds_base("http://o"), "http://o");
  char got[SNP_KDS_URL_MAX];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_kds_chain_url(NULL, SNP_PRODUCT_TURIN, SNP_VEK_VLEK, got,
                                    sizeof got, &e),
                  0);
  CU_ASSERT_STRING_EQUAL(got, "http://127.0.0.1:9/vlek/v1/Turin/cert_chain");
  unsetenv("CONTRAST_KDS_URL");
  if (saved != NULL)
    setenv("CONTRAST_KDS_URL", saved, 1);
  free(saved);
}

/* ---- the loopback KDS ---- */

typedef struct blob {
  uint8_t *p;
  size_t len;
} blob;

/* What the server hands out, per product (built before it starts: the
 * test PKI is not thread-safe). */
typedef struct kds_data {
  blob vcek[SNP_PRODUCT_COUNT_];
  blob vcek_chain[SNP_PRODUCT_COUNT_], vlek_chain[SNP_PRODUCT_COUNT_];
  blob crl[SNP_PRODUCT_COUNT_];
  int fail_crl;    /* 404 on the CRLs */
  int vcek_as_html; /* wrong Content-Type for the VCEK */
} kds_data;

static kds_data kd;

static void blob_set(blob *b, const void *p, size_t len) {
  b->p = malloc(len + 1);
  memcpy(b->p, p, len);
  b->p[len] = 0;
  b->len = len;
}

static void kds_data_init(void) {
  memset(&kd, 0, sizeof kd);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    size_t len;
    tp_cert_spec vek = tp_vek_spec((snp_product)p, SNP_VEK_VCEK);
    const uint8_t *der = tp_cert_der(&vek, &len);
    blob_set(&kd.vcek[p], der, len);
    tp_cert_spec c1[2] = {tp_ask_spec((snp_product)p),
                          tp_ark_spec((snp_product)p)};
    char *pem = tp_pem_chain(c1, 2, &len);
    blob_set(&kd.vcek_chain[p], pem, len);
    free(pem);
    tp_cert_spec c2[2] = {tp_asvk_spec((snp_product)p),
                          tp_ark_spec((snp_product)p)};
    pem = tp_pem_chain(c2, 2, &len);
    blob_set(&kd.vlek_chain[p], pem, len);
    free(pem);
    tp_crl_spec crl = tp_crl_spec_good((snp_product)p);
    der = tp_crl_der(&crl, &len);
    blob_set(&kd.crl[p], der, len);
  }
}

static void kds_data_free(void) {
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++) {
    free(kd.vcek[p].p);
    free(kd.vcek_chain[p].p);
    free(kd.vlek_chain[p].p);
    free(kd.crl[p].p);
  }
  memset(&kd, 0, sizeof kd);
}

static void kds_handler(void *arg, unsigned index, const char *target,
                        ts_buf *reply) {
  (void)arg;
  (void)index;
  static const char *const names[] = {NULL, "Milan", "Genoa", "Turin"};
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    char pre[64];
    for (int k = 0; k < 2; k++) {
      const char *fam = k == 1 ? "vlek" : "vcek";
      (void)snprintf(pre, sizeof pre, "/%s/v1/%s/cert_chain", fam, names[p]);
      if (strcmp(target, pre) == 0) {
        const blob *b = k == 1 ? &kd.vlek_chain[p] : &kd.vcek_chain[p];
        ts_respond(reply, 200, "application/x-pem-file", NULL, b->p, b->len);
        return;
      }
      (void)snprintf(pre, sizeof pre, "/%s/v1/%s/crl", fam, names[p]);
      if (strcmp(target, pre) == 0) {
        if (kd.fail_crl)
          ts_respond(reply, 404, NULL, NULL, "", 0);
        else
          ts_respond(reply, 200, "application/pkix-crl", NULL, kd.crl[p].p,
                     kd.crl[p].len);
        return;
      }
    }
    (void)snprintf(pre, sizeof pre, "/vcek/v1/%s/", names[p]);
    if (strncmp(target, pre, strlen(pre)) == 0 &&
        strchr(target, '?') != NULL) {
      ts_respond(reply, 200,
                 kd.vcek_as_html ? "text/html" : "application/pkix-cert", NULL,
                 kd.vcek[p].p, kd.vcek[p].len);
      return;
    }
  }
  ts_respond(reply, 404, NULL, NULL, "", 0);
}

static int64_t tp_now(void) { return TP_T_NOW; }

static void free_bufs(uint8_t *bufs[3]) {
  for (int i = 0; i < 3; i++)
    free(bufs[i]);
}

/* The VCEK URL path the server should have seen for a good report. */
static void expected_vcek_target(snp_product p, char *out, size_t cap) {
  uint8_t chip[64];
  tp_chip_id_good(p, chip);
  tp_tcb t = tp_tcb_good(p);
  char hex[129];
  hex_of(chip, p == SNP_PRODUCT_TURIN ? 8 : 64, hex);
  if (p == SNP_PRODUCT_TURIN)
    (void)snprintf(out, cap,
                   "/vcek/v1/Turin/%s?fmcSPL=%u&blSPL=%u&teeSPL=%u&snpSPL=%u"
                   "&ucodeSPL=%u",
                   hex, t.fmc, t.bl, t.tee, t.snp, t.ucode);
  else
    (void)snprintf(out, cap,
                   "/vcek/v1/%s/%s?blSPL=%u&teeSPL=%u&snpSPL=%u&ucodeSPL=%u",
                   snp_product_name(p), hex, t.bl, t.tee, t.snp, t.ucode);
}

static void complete_all_missing_case(snp_product p) {
  kds_data_init();
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, p, 3, SNP_VEK_VCEK);
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3] = {(uint8_t *)&e, NULL, NULL}; /* overwritten */
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                         SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 3);
  char want[512];
  expected_vcek_target(p, want, sizeof want);
  ts_assert_target(s, 0, want);
  (void)snprintf(want, sizeof want, "/vcek/v1/%s/cert_chain",
                 snp_product_name(p));
  ts_assert_target(s, 1, want);
  (void)snprintf(want, sizeof want, "/vcek/v1/%s/crl", snp_product_name(p));
  ts_assert_target(s, 2, want);
  CU_ASSERT_PTR_EQUAL(e.vek, bufs[0]);
  CU_ASSERT_EQUAL(e.vek_kind, SNP_VEK_VCEK);
  CU_ASSERT_EQUAL(e.vek_len, kd.vcek[p].len);
  CU_ASSERT_EQUAL(memcmp(e.vek, kd.vcek[p].p, e.vek_len), 0);
  CU_ASSERT_PTR_EQUAL(e.cert_chain, bufs[1]);
  CU_ASSERT_EQUAL(e.cert_chain_len, kd.vcek_chain[p].len);
  CU_ASSERT_EQUAL(memcmp(e.cert_chain, kd.vcek_chain[p].p, e.cert_chain_len),
                  0);
  CU_ASSERT_PTR_EQUAL(e.crl, bufs[2]);
  CU_ASSERT_EQUAL(e.crl_len, kd.crl[p].len);
  CU_ASSERT_EQUAL(memcmp(e.crl, kd.crl[p].p, e.crl_len), 0);
  free_bufs(bufs);
  ts_stop(s);
  kds_data_free();
}

static void test_kds_complete_fetches_all_missing_every_product(void) {
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++)
    complete_all_missing_case((snp_product)p);
}

static void test_kds_complete_fetches_only_what_is_missing(void) {
  kds_data_init();
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_GENOA, 3, SNP_VEK_VCEK);
  static const uint8_t given[] = "given";
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  e.vek = given;
  e.vek_len = 5;
  e.cert_chain = given;
  e.cert_chain_len = 5;
  uint8_t *bufs[3];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                         SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  ts_assert_target(s, 0, "/vcek/v1/Genoa/crl");
  CU_ASSERT_PTR_NULL(bufs[0]);
  CU_ASSERT_PTR_NULL(bufs[1]);
  CU_ASSERT_PTR_NOT_NULL(bufs[2]);
  CU_ASSERT_PTR_EQUAL(e.vek, given);
  CU_ASSERT_PTR_EQUAL(e.cert_chain, given);
  CU_ASSERT_PTR_EQUAL(e.crl, bufs[2]);
  free_bufs(bufs);
  /* everything given: nothing fetched */
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  0);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  CU_ASSERT_PTR_NULL(bufs[0]);
  CU_ASSERT_PTR_NULL(bufs[1]);
  CU_ASSERT_PTR_NULL(bufs[2]);
  ts_stop(s);
  kds_data_free();
}

static void test_kds_complete_vlek_report(void) {
  kds_data_init();
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_MILAN, 3, SNP_VEK_VLEK);
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_FETCH);
  CU_ASSERT_STRING_EQUAL(err.detail,
                         "a VLEK cannot be fetched from the KDS; it comes with "
                         "the extended report (contrast evidence fetch "
                         "--endorsements)");
  CU_ASSERT_EQUAL(ts_count(s), 0);
  /* with the VLEK given: the ASVK chain and the VLEK CRL */
  static const uint8_t vlek[] = "vlek";
  e.vek = vlek;
  e.vek_len = 4;
  e.vek_kind = SNP_VEK_VLEK;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                         SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 2);
  ts_assert_target(s, 0, "/vlek/v1/Milan/cert_chain");
  ts_assert_target(s, 1, "/vlek/v1/Milan/crl");
  CU_ASSERT_EQUAL(e.cert_chain_len, kd.vlek_chain[SNP_PRODUCT_MILAN].len);
  CU_ASSERT_PTR_EQUAL(e.vek, vlek);
  CU_ASSERT_PTR_NULL(bufs[0]);
  free_bufs(bufs);
  ts_stop(s);
  kds_data_free();
}

static void test_kds_complete_v2_report_needs_product(void) {
  kds_data_init();
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_GENOA, 2, SNP_VEK_VCEK);
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  CU_ASSERT_STRING_EQUAL(err.detail,
                         "a v2 report names no product: give --product");
  CU_ASSERT_EQUAL(ts_count(s), 0);
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                         SNP_PRODUCT_GENOA, &e, bufs, &err),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 3);
  char want[512];
  expected_vcek_target(SNP_PRODUCT_GENOA, want, sizeof want);
  ts_assert_target(s, 0, want);
  free_bufs(bufs);
  ts_stop(s);
  kds_data_free();
}

static void test_kds_complete_unparseable_report_fetches_nothing(void) {
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_MILAN, 3, SNP_VEK_VCEK);
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report - 1,
                                   SNP_PRODUCT_MILAN, &e, bufs, &err),
                  0);
  CU_ASSERT_EQUAL(err.code, CONTRAST_OK);
  CU_ASSERT_EQUAL(ts_count(s), 0);
  CU_ASSERT_PTR_NULL(e.vek);
  CU_ASSERT_PTR_NULL(bufs[0]);
  ts_stop(s);
}

static void test_kds_complete_masked_chip_id_fails_e_usage(void) {
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_MILAN, 3, SNP_VEK_VCEK);
  memset(report + TP_OFF_CHIP_ID, 0, 64);
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  CU_ASSERT_STRING_EQUAL(err.detail,
                         "CHIP_ID is masked: no VCEK can be fetched");
  CU_ASSERT_EQUAL(ts_count(s), 0);
  ts_stop(s);
}

static void test_kds_complete_server_failures_e_fetch(void) {
  kds_data_init();
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_MILAN, 3, SNP_VEK_VCEK);
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3];
  contrast_err err;
  /* a 404 on the CRL: what was fetched before stays with the caller */
  kd.fail_crl = 1;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(err.detail, "/vcek/v1/Milan/crl: HTTP 404"));
  CU_ASSERT_PTR_NOT_NULL(bufs[0]);
  CU_ASSERT_PTR_NOT_NULL(bufs[1]);
  CU_ASSERT_PTR_NULL(bufs[2]);
  CU_ASSERT_PTR_NULL(e.crl);
  free_bufs(bufs);
  /* a VCEK served as HTML */
  kd.fail_crl = 0;
  kd.vcek_as_html = 1;
  memset(&e, 0, sizeof e);
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  -1);
  ASSERT_CODE(err, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(err.detail, "Content-Type"));
  CU_ASSERT_PTR_NULL(bufs[0]);
  CU_ASSERT_PTR_NULL(e.vek);
  ts_stop(s);
  kds_data_free();
}

static void test_kds_complete_second_time_from_cache(void) {
  kds_data_init();
  char dir[256];
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(dir, sizeof dir, "test-kds"), 0);
  test_server *s = ts_start(kds_handler, NULL, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, dir, tp_now);
  uint8_t report[SNP_REPORT_SIZE];
  tp_report_init(report, SNP_PRODUCT_TURIN, 3, SNP_VEK_VCEK);
  for (int round = 0; round < 2; round++) {
    snp_endorsements e;
    memset(&e, 0, sizeof e);
    uint8_t *bufs[3];
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(snp_kds_complete(&f, ts_base(s), report,
                                           sizeof report, SNP_PRODUCT_UNKNOWN,
                                           &e, bufs, &err),
                          0);
    CU_ASSERT_EQUAL(e.vek_len, kd.vcek[SNP_PRODUCT_TURIN].len);
    CU_ASSERT_EQUAL(memcmp(e.vek, kd.vcek[SNP_PRODUCT_TURIN].p, e.vek_len), 0);
    CU_ASSERT_EQUAL(e.crl_len, kd.crl[SNP_PRODUCT_TURIN].len);
    free_bufs(bufs);
    CU_ASSERT_EQUAL(ts_count(s), 3); /* round 1 from the cache */
  }
  /* offline: still served */
  f.cache.offline = 1;
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *bufs[3];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_kds_complete(&f, ts_base(s), report, sizeof report,
                                   SNP_PRODUCT_UNKNOWN, &e, bufs, &err),
                  0);
  free_bufs(bufs);
  CU_ASSERT_EQUAL(ts_count(s), 3);
  ts_stop(s);
  test_rmtree(dir);
  kds_data_free();
}

static const test_case tests[] = {
    {"test_kds_vcek_url_milan_genoa_full_hwid",
     test_kds_vcek_url_milan_genoa_full_hwid},
    {"test_kds_vcek_url_turin_fmc_and_8_byte_hwid",
     test_kds_vcek_url_turin_fmc_and_8_byte_hwid},
    {"test_kds_vcek_url_masked_chip_id_fails_e_usage",
     test_kds_vcek_url_masked_chip_id_fails_e_usage},
    {"test_kds_urls_unknown_product_or_too_long_fail_e_usage",
     test_kds_urls_unknown_product_or_too_long_fail_e_usage},
    {"test_kds_chain_and_crl_urls_every_product_and_kind",
     test_kds_chain_and_crl_urls_every_product_and_kind},
    {"test_kds_base_override_env_default", test_kds_base_override_env_default},
    {"test_kds_complete_fetches_all_missing_every_product",
     test_kds_complete_fetches_all_missing_every_product},
    {"test_kds_complete_fetches_only_what_is_missing",
     test_kds_complete_fetches_only_what_is_missing},
    {"test_kds_complete_vlek_report", test_kds_complete_vlek_report},
    {"test_kds_complete_v2_report_needs_product",
     test_kds_complete_v2_report_needs_product},
    {"test_kds_complete_unparseable_report_fetches_nothing",
     test_kds_complete_unparseable_report_fetches_nothing},
    {"test_kds_complete_masked_chip_id_fails_e_usage",
     test_kds_complete_masked_chip_id_fails_e_usage},
    {"test_kds_complete_server_failures_e_fetch",
     test_kds_complete_server_failures_e_fetch},
    {"test_kds_complete_second_time_from_cache",
     test_kds_complete_second_time_from_cache},
    {NULL, NULL},
};

int main(void) {
  int rc = test_run_suite("backends/snp/kds.c", tests);
  tp_cleanup();
  return rc;
}
