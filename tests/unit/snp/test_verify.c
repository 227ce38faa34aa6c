/* backends/snp/verify.c: snp_verify, every reason code it can give.
 *
 * Each test builds one case with the test PKI (testpki.h) or takes a real
 * one from vectors/real/snp/, puts exactly one fault in it and asserts the
 * exact code. The expected code comes from spec/CASES.md (reason table and
 * its order, "Roots", "Time") and spec/snp.md (§1.2 layout, §1.5 SIGNER_INFO,
 * §1.6 POLICY, §1.8 TCB layouts and CPUID ranges, §1.9 must-be-zero fields,
 * §2.3 extensions, §2.4 certificate/report agreement), never from running
 * the verifier.
 *
 * Every case is verified three times: without a cache, then twice with one
 * cache (cold, then warm); the code must be the same each time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/evidence.h"
#include "contrast/snp.h"
#include "testpki.h"
#include "testsupport.h"

/* ---- running a case ---- */

static const char *const pass_names[3] = {"no cache", "cache, cold",
                                          "cache, warm"};

/* Verify three ways; *last (if given) receives the last result. */
static void verify_3ways(tp_case *c, contrast_code want, snp_verified *last) {
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  for (int pass = 0; pass < 3; pass++) {
    contrast_err err;
    int rc = tp_case_verify(c, pass == 0 ? NULL : cache, v, &err);
    if (err.code != want)
      fprintf(stderr, "  [%s]\n", pass_names[pass]);
    ASSERT_CODE(err, want);
    CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
    if (want == CONTRAST_OK && rc == 0 && last != NULL)
      *last = *v;
  }
  free(v);
  snp_cache_free(cache);
}

/* Build, verify three ways, expect want, wipe. */
static void expect(tp_case *c, contrast_code want) {
  tp_case_build(c);
  verify_3ways(c, want, NULL);
  tp_case_wipe(c);
}

/* A good case: accepted, and what verification established is what the
 * case was made of. */
static void expect_good(tp_case *c) {
  tp_case_build(c);
  snp_verified *v = calloc(1, sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  verify_3ways(c, CONTRAST_OK, v);
  CU_ASSERT_EQUAL(v->product, c->product);
  CU_ASSERT_EQUAL(v->vek_kind, c->kind);
  CU_ASSERT_EQUAL(v->report.version, c->version);
  tp_tcb t = tp_tcb_good(c->product);
  /* decoded with the product's layout (snp.md §1.8) */
  CU_ASSERT_EQUAL(v->reported_tcb.bootloader, t.bl);
  CU_ASSERT_EQUAL(v->reported_tcb.tee, t.tee);
  CU_ASSERT_EQUAL(v->reported_tcb.snp, t.snp);
  CU_ASSERT_EQUAL(v->reported_tcb.microcode, t.ucode);
  if (c->product == SNP_PRODUCT_TURIN) {
    CU_ASSERT(v->reported_tcb.has_fmc);
    CU_ASSERT_EQUAL(v->reported_tcb.fmc, t.fmc);
  } else {
    CU_ASSERT_FALSE(v->reported_tcb.has_fmc);
  }
  CU_ASSERT_EQUAL(v->reported_tcb.raw, tp_tcb_raw(c->product, &t));
  free(v);
  tp_case_wipe(c);
}

/* Sign now and keep that signature, so the test can change signed bytes
 * afterwards. */
static void sign_now(tp_case *c) {
  tp_report_sign(c->report, c->report_key);
  c->keep_signature = 1;
}

static void flip_bit(uint8_t *b, size_t off, unsigned bit) {
  b[off] = (uint8_t)(b[off] ^ (1u << bit));
}

static void set_reported_tcb(tp_case *c, const tp_tcb *t) {
  tp_put_u64(c->report, TP_OFF_REPORTED_TCB, tp_tcb_raw(c->product, t));
}

static void set_signer_info(tp_case *c, uint32_t v) {
  tp_put_u32(c->report, TP_OFF_SIGNER_INFO, v);
}

#define CASE(var, prod, ver, kind)                                            \
  tp_case var;                                                                \
  tp_case_init(&var, SNP_PRODUCT_##prod, ver, SNP_VEK_##kind)

/* ==== accept: the test PKI ==== */

static void test_snp_verify_milan_v2_vcek_accepts(void) {
  CASE(c, MILAN, 2, VCEK);
  expect_good(&c);
}

static void test_snp_verify_milan_v3_vcek_accepts(void) {
  CASE(c, MILAN, 3, VCEK);
  expect_good(&c);
}

static void test_snp_verify_milan_v5_vcek_accepts(void) {
  CASE(c, MILAN, 5, VCEK);
  expect_good(&c);
}

static void test_snp_verify_genoa_v2_vcek_accepts(void) {
  /* v2: the product is the VEK issuer's (CASES.md "Roots") */
  CASE(c, GENOA, 2, VCEK);
  expect_good(&c);
}

static void test_snp_verify_genoa_v3_vcek_accepts(void) {
  CASE(c, GENOA, 3, VCEK);
  expect_good(&c);
}

static void test_snp_verify_genoa_v4_vcek_accepts(void) {
  /* version 4: the v3 layout (snp.md §1.1) */
  CASE(c, GENOA, 4, VCEK);
  expect_good(&c);
}

static void test_snp_verify_genoa_v5_vcek_accepts(void) {
  CASE(c, GENOA, 5, VCEK);
  expect_good(&c);
}

static void test_snp_verify_turin_v5_vcek_accepts(void) {
  CASE(c, TURIN, 5, VCEK);
  expect_good(&c);
}

static void test_snp_verify_turin_v3_vcek_accepts(void) {
  CASE(c, TURIN, 3, VCEK);
  expect_good(&c);
}

static void test_snp_verify_milan_v2_vlek_accepts(void) {
  /* v2: product from the VLEK's issuer SEV-VLEK-Milan */
  CASE(c, MILAN, 2, VLEK);
  expect_good(&c);
}

static void test_snp_verify_milan_v3_vlek_accepts(void) {
  CASE(c, MILAN, 3, VLEK);
  expect_good(&c);
}

static void test_snp_verify_genoa_v5_vlek_accepts(void) {
  CASE(c, GENOA, 5, VLEK);
  expect_good(&c);
}

static void test_snp_verify_turin_v5_vlek_accepts(void) {
  CASE(c, TURIN, 5, VLEK);
  expect_good(&c);
}

static void test_snp_verify_vlek_nonzero_chip_id_accepts(void) {
  /* a VLEK has no hwID: CHIP_ID is not compared (snp.md §2.4) */
  static const snp_product prods[] = {SNP_PRODUCT_MILAN, SNP_PRODUCT_GENOA,
                                      SNP_PRODUCT_TURIN};
  for (size_t i = 0; i < 3; i++) {
    tp_case c;
    tp_case_init(&c, prods[i], 5, SNP_VEK_VLEK);
    memset(c.report + TP_OFF_CHIP_ID, 0xA5, 64);
    expect(&c, CONTRAST_OK);
  }
}

static void test_snp_verify_vcek_as_pem_accepts(void) {
  CASE(c, GENOA, 3, VCEK);
  c.vek_pem = 1;
  expect_good(&c);
}

static void test_snp_verify_vlek_as_pem_accepts(void) {
  CASE(c, MILAN, 3, VLEK);
  c.vek_pem = 1;
  expect_good(&c);
}

static void test_snp_verify_hwid_der_wrapped_accepts(void) {
  /* hwID raw or inside an OCTET STRING: both accepted (snp.md §2.3) */
  CASE(c, MILAN, 3, VCEK);
  c.vek.ext.hwid_der_wrapped = 1;
  expect_good(&c);
  CASE(t, TURIN, 5, VCEK);
  t.vek.ext.hwid_der_wrapped = 1;
  expect_good(&t);
}

static void test_snp_verify_pinned_cert_chain_accepts(void) {
  static const snp_product prods[] = {SNP_PRODUCT_MILAN, SNP_PRODUCT_GENOA,
                                      SNP_PRODUCT_TURIN};
  for (size_t i = 0; i < 3; i++) {
    for (int k = 0; k < 2; k++) {
      tp_case c;
      tp_case_init(&c, prods[i], 5, (snp_vek_kind)k);
      c.with_chain = 1; /* ASK|ASVK then ARK, the pinned bytes */
      expect_good(&c);
    }
  }
}

static void test_snp_verify_crl_not_listing_chain_accepts(void) {
  /* VCEK chain: the CRL lists the ASVK and an unrelated serial, not the
   * ASK */
  CASE(c, MILAN, 3, VCEK);
  c.with_crl = 1;
  c.crl.n_revoked = 2;
  c.crl.revoked[0] = 0x10101; /* ASVK-Milan: not in a VCEK's chain */
  c.crl.revoked[1] = 0x4242;
  expect_good(&c);
  /* VLEK chain: the CRL lists the ASK, not the ASVK */
  CASE(v, MILAN, 3, VLEK);
  v.with_crl = 1;
  v.crl.n_revoked = 1;
  v.crl.revoked[0] = 0x10001;
  expect_good(&v);
}

static void test_snp_verify_crl_as_pem_accepts(void) {
  CASE(c, GENOA, 5, VCEK);
  c.with_crl = 1;
  c.crl_pem = 1;
  expect_good(&c);
}

static void test_snp_verify_require_crl_with_crl_accepts(void) {
  CASE(c, TURIN, 5, VCEK);
  c.with_crl = 1;
  c.require_crl = 1;
  expect_good(&c);
}

static void test_snp_verify_cpuid_range_edges_accept(void) {
  /* CASES.md "Roots": family 19h models 00-0F Milan, 10-1F and A0-AF Genoa;
   * family 1Ah models 00-11 Turin. The stepping never matters. */
  static const struct {
    snp_product p;
    uint8_t fam, mod, step;
  } edges[] = {
      {SNP_PRODUCT_MILAN, 0x19, 0x00, 0}, {SNP_PRODUCT_MILAN, 0x19, 0x0F, 9},
      {SNP_PRODUCT_GENOA, 0x19, 0x10, 0}, {SNP_PRODUCT_GENOA, 0x19, 0x1F, 2},
      {SNP_PRODUCT_GENOA, 0x19, 0xA0, 2}, {SNP_PRODUCT_GENOA, 0x19, 0xAF, 0},
      {SNP_PRODUCT_TURIN, 0x1A, 0x00, 0}, {SNP_PRODUCT_TURIN, 0x1A, 0x11, 7},
  };
  for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
    tp_case c;
    tp_case_init(&c, edges[i].p, 5, SNP_VEK_VCEK);
    c.report[TP_OFF_CPUID_FAM] = edges[i].fam;
    c.report[TP_OFF_CPUID_MOD] = edges[i].mod;
    c.report[TP_OFF_CPUID_STEP] = edges[i].step;
    expect_good(&c);
  }
}

static void test_snp_verify_product_name_stepping_ignored_accepts(void) {
  /* "Never compare the stepping in a VCEK's product name": a Milan-B1
   * part (stepping 1) has a "Milan-B0" VCEK; Genoa names with steppings */
  CASE(c, MILAN, 3, VCEK);
  c.report[TP_OFF_CPUID_STEP] = 1;
  (void)snprintf(c.vek.ext.product_name, sizeof c.vek.ext.product_name,
                 "Milan-B0");
  expect_good(&c);
  CASE(g, GENOA, 5, VCEK);
  (void)snprintf(g.vek.ext.product_name, sizeof g.vek.ext.product_name,
                 "Genoa-B2");
  expect_good(&g);
}

static void test_snp_verify_vek_not_after_generalized_time_bounds(void) {
  /* notAfter in 2050 is a GeneralizedTime (RFC 5280): the bound is still
   * inclusive; the roots are made to outlive it */
  const int64_t na = 2524608000; /* 2050-01-01T00:00:00Z */
  CASE(c, MILAN, 3, VCEK);
  c.ark.not_after = c.ask.not_after = 2840140800; /* 2060-01-01 */
  c.vek.not_after = na;
  c.now = na;
  expect_good(&c);
  CASE(d, MILAN, 3, VCEK);
  d.ark.not_after = d.ask.not_after = 2840140800;
  d.vek.not_after = na;
  d.now = na + 1;
  expect(&d, CONTRAST_EXPIRED);
  /* the last UTCTime second */
  CASE(e, MILAN, 3, VCEK);
  e.vek.not_after = 2524607999; /* 2049-12-31T23:59:59Z */
  e.ark.not_after = e.ask.not_after = 2840140800;
  e.now = 2524607999;
  expect_good(&e);
}

/* ==== real evidence (vectors/real/snp, real AMD roots) ==== */

#define T_2024_05_01 1714521600
#define T_2025_06_01 1748736000
#define T_2025_09_01 1756684800
#define T_2030_03_01 1898553600

typedef struct real_case {
  const char *dir;
  const char *vek;       /* file name */
  snp_vek_kind given_as; /* role it is given in */
  const char *chain;     /* file name or NULL */
  int64_t now;
} real_case;

static uint8_t *read_case_file(const char *dir, const char *name,
                               size_t *len) {
  char path[256];
  (void)snprintf(path, sizeof path, "vectors/real/snp/%s/%s", dir, name);
  return test_read_file(path, len);
}

/* Verify a real case three ways against trust; expect want. */
static void expect_real_with(const snp_trust *trust, const real_case *rc,
                             const uint8_t *report, size_t report_len,
                             contrast_code want) {
  snp_endorsements e;
  memset(&e, 0, sizeof e);
  uint8_t *vek = NULL, *chain = NULL;
  if (rc->vek != NULL)
    vek = read_case_file(rc->dir, rc->vek, &e.vek_len);
  e.vek = vek;
  e.vek_kind = rc->given_as;
  if (rc->chain != NULL)
    chain = read_case_file(rc->dir, rc->chain, &e.cert_chain_len);
  e.cert_chain = chain;
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  for (int pass = 0; pass < 3; pass++) {
    snp_verify_opts o = {rc->now, 0, pass == 0 ? NULL : cache};
    contrast_err err;
    contrast_err_clear(&err);
    int r = snp_verify(trust, report, report_len, &e, &o, v, &err);
    if (err.code != want)
      fprintf(stderr, "  [%s, %s]\n", rc->dir, pass_names[pass]);
    ASSERT_CODE(err, want);
    CU_ASSERT_EQUAL(r, want == CONTRAST_OK ? 0 : -1);
  }
  free(v);
  snp_cache_free(cache);
  free(vek);
  free(chain);
}

static void load_amd(contrast_trust *t) {
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_FATAL(contrast_trust_load_builtin(t, &err) == 0);
}

static void expect_real(const real_case *rc, contrast_code want) {
  contrast_trust amd;
  load_amd(&amd);
  size_t len = 0;
  uint8_t *report = read_case_file(rc->dir, "report.bin", &len);
  expect_real_with(&amd.snp, rc, report, len, want);
  free(report);
  contrast_trust_wipe(&amd);
}

static void test_snp_verify_real_milan_v2_idblock_accepts(void) {
  real_case rc = {"snp-milan-v2-idblock", "vcek.der", SNP_VEK_VCEK, NULL,
                  T_2024_05_01};
  expect_real(&rc, CONTRAST_OK);
}

static void test_snp_verify_real_milan_v2_debug_with_chain_accepts(void) {
  /* DEBUG is judged by appraisal, not by snp_verify */
  real_case rc = {"snp-milan-v2-debug", "vcek.der", SNP_VEK_VCEK,
                  "cert_chain.pem", T_2024_05_01};
  expect_real(&rc, CONTRAST_OK);
}

static void test_snp_verify_real_milan_v3_oak_accepts(void) {
  real_case rc = {"snp-milan-v3-oak", "vcek.der", SNP_VEK_VCEK, NULL,
                  T_2025_09_01};
  expect_real(&rc, CONTRAST_OK);
}

static void test_snp_verify_real_genoa_v5_oak_with_chain_accepts(void) {
  real_case rc = {"snp-genoa-v5-oak", "vcek.der", SNP_VEK_VCEK,
                  "cert_chain.pem", T_2025_09_01};
  expect_real(&rc, CONTRAST_OK);
}

static void test_snp_verify_real_genoa_v3_azure_pem_accepts(void) {
  real_case rc = {"snp-genoa-v3-azure", "vcek.pem", SNP_VEK_VCEK, NULL,
                  T_2025_06_01};
  expect_real(&rc, CONTRAST_OK);
}

static void test_snp_verify_real_milan_vlek_accepts(void) {
  real_case rc = {"snp-milan-vlek-vmpl1", "vlek.der", SNP_VEK_VLEK,
                  "cert_chain.pem", T_2025_06_01};
  expect_real(&rc, CONTRAST_OK);
  real_case no_chain = {"snp-milan-vlek-vmpl1", "vlek.der", SNP_VEK_VLEK,
                        NULL, T_2025_06_01};
  expect_real(&no_chain, CONTRAST_OK);
}

static void test_snp_verify_real_vlek_given_as_vcek_fails_chain(void) {
  real_case rc = {"snp-milan-vlek-vmpl1", "vlek.der", SNP_VEK_VCEK, NULL,
                  T_2025_06_01};
  expect_real(&rc, CONTRAST_CHAIN);
}

static void test_snp_verify_real_vcek_given_as_vlek_fails_chain(void) {
  real_case rc = {"snp-milan-v3-oak", "vcek.der", SNP_VEK_VLEK, NULL,
                  T_2025_09_01};
  expect_real(&rc, CONTRAST_CHAIN);
}

static void test_snp_verify_real_vlek_with_vcek_chain_fails_chain(void) {
  /* the Milan VCEK cert_chain (ASK, ARK) given with a VLEK */
  contrast_trust amd;
  load_amd(&amd);
  size_t rlen = 0, vlen = 0, clen = 0;
  uint8_t *report = read_case_file("snp-milan-vlek-vmpl1", "report.bin", &rlen);
  uint8_t *vlek = read_case_file("snp-milan-vlek-vmpl1", "vlek.der", &vlen);
  uint8_t *chain = read_case_file("snp-milan-v2-debug", "cert_chain.pem", &clen);
  snp_endorsements e = {vlek, vlen, SNP_VEK_VLEK, chain, clen, NULL, 0};
  snp_verify_opts o = {T_2025_06_01, 0, NULL};
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_verify(&amd.snp, report, rlen, &e, &o, v, &err), -1);
  ASSERT_CODE(err, CONTRAST_CHAIN);
  free(v);
  free(report);
  free(vlek);
  free(chain);
  contrast_trust_wipe(&amd);
}

static void test_snp_verify_real_derived_cases_give_their_codes(void) {
  /* the expectations written in each case.json by how it was derived */
  static const struct {
    real_case rc;
    contrast_code want;
  } cases[] = {
      {{"snp-derived-vcek-bad-signature", "vcek.der", SNP_VEK_VCEK, NULL,
        T_2024_05_01},
       CONTRAST_CHAIN},
      {{"snp-derived-vcek-expired", "vcek.der", SNP_VEK_VCEK, NULL,
        T_2030_03_01},
       CONTRAST_EXPIRED},
      {{"snp-derived-genoa-with-milan-chain", "vcek.der", SNP_VEK_VCEK,
        "cert_chain.pem", T_2025_09_01},
       CONTRAST_CHAIN},
      {{"snp-derived-truncated", "vcek.der", SNP_VEK_VCEK, NULL, T_2024_05_01},
       CONTRAST_MALFORMED},
      {{"snp-derived-report-data-flipped", "vcek.der", SNP_VEK_VCEK, NULL,
        T_2025_09_01},
       CONTRAST_SIGNATURE},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_real(&cases[i].rc, cases[i].want);
}

static void test_snp_verify_real_vcek_validity_bounds_inclusive(void) {
  /* the real VCEK: 2023-01-24T17:58:26Z .. 2030-01-24T17:58:26Z */
  const int64_t nb = 1674583106, na = 1895507906;
  const struct {
    int64_t now;
    contrast_code want;
  } at[] = {{nb - 1, CONTRAST_EXPIRED},
            {nb, CONTRAST_OK},
            {na, CONTRAST_OK},
            {na + 1, CONTRAST_EXPIRED}};
  for (size_t i = 0; i < 4; i++) {
    real_case rc = {"snp-milan-v2-idblock", "vcek.der", SNP_VEK_VCEK, NULL,
                    at[i].now};
    expect_real(&rc, at[i].want);
  }
}

static void test_snp_verify_real_vcek_with_test_roots_fails_chain(void) {
  /* the test roots carry AMD's names, but pinning is by bytes/keys */
  snp_trust t;
  snp_trust_init(&t, "test");
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++)
    tp_trust_add_good(&t, (snp_product)p);
  size_t len = 0;
  uint8_t *report = read_case_file("snp-milan-v2-idblock", "report.bin", &len);
  real_case rc = {"snp-milan-v2-idblock", "vcek.der", SNP_VEK_VCEK, NULL,
                  T_2024_05_01};
  expect_real_with(&t, &rc, report, len, CONTRAST_CHAIN);
  real_case vl = {"snp-milan-vlek-vmpl1", "vlek.der", SNP_VEK_VLEK, NULL,
                  T_2025_06_01};
  free(report);
  report = read_case_file("snp-milan-vlek-vmpl1", "report.bin", &len);
  expect_real_with(&t, &vl, report, len, CONTRAST_CHAIN);
  free(report);
  snp_trust_wipe(&t);
}

static void test_snp_verify_real_vcek_empty_trust_fails_chain(void) {
  snp_trust t;
  snp_trust_init(&t, "empty");
  size_t len = 0;
  uint8_t *report = read_case_file("snp-milan-v3-oak", "report.bin", &len);
  real_case rc = {"snp-milan-v3-oak", "vcek.der", SNP_VEK_VCEK, NULL,
                  T_2025_09_01};
  expect_real_with(&t, &rc, report, len, CONTRAST_CHAIN);
  free(report);
  snp_trust_wipe(&t);
}

/* ==== MALFORMED ==== */

static void test_snp_verify_vcek_garbage_der_fails_malformed(void) {
  static const uint8_t junk[] = {0x30, 0x82, 0x01, 0x00, 0xde, 0xad, 0xbe,
                                 0xef, 0x00, 0x01, 0x02, 0x03};
  CASE(c, MILAN, 3, VCEK);
  c.vek_raw = junk;
  c.vek_raw_len = sizeof junk;
  expect(&c, CONTRAST_MALFORMED);
  static const uint8_t text[] = "not a certificate at all";
  CASE(d, MILAN, 3, VCEK);
  d.vek_raw = text;
  d.vek_raw_len = sizeof text - 1;
  expect(&d, CONTRAST_MALFORMED);
}

static void test_snp_verify_vcek_truncated_der_fails_malformed(void) {
  tp_cert_spec s = tp_vek_spec(SNP_PRODUCT_MILAN, SNP_VEK_VCEK);
  size_t n = 0;
  const uint8_t *der = tp_cert_der(&s, &n);
  CASE(c, MILAN, 3, VCEK);
  c.vek_raw = der;
  c.vek_raw_len = n - 1;
  expect(&c, CONTRAST_MALFORMED);
  CASE(d, MILAN, 3, VCEK);
  d.vek_raw = der;
  d.vek_raw_len = n / 2;
  expect(&d, CONTRAST_MALFORMED);
}

static void test_snp_verify_vcek_trailing_byte_fails_malformed(void) {
  tp_cert_spec s = tp_vek_spec(SNP_PRODUCT_GENOA, SNP_VEK_VCEK);
  size_t n = 0;
  const uint8_t *der = tp_cert_der(&s, &n);
  uint8_t *longer = malloc(n + 1);
  CU_ASSERT_FATAL(longer != NULL);
  memcpy(longer, der, n);
  longer[n] = 0x00;
  CASE(c, GENOA, 5, VCEK);
  c.vek_raw = longer;
  c.vek_raw_len = n + 1;
  expect(&c, CONTRAST_MALFORMED);
  free(longer);
}

static void test_snp_verify_vcek_empty_fails_malformed(void) {
  static const uint8_t nothing[1] = {0};
  CASE(c, MILAN, 3, VCEK);
  c.vek_raw = nothing;
  c.vek_raw_len = 0;
  expect(&c, CONTRAST_MALFORMED);
}

static void test_snp_verify_vcek_bad_pem_fails_malformed(void) {
  tp_cert_spec s = tp_vek_spec(SNP_PRODUCT_MILAN, SNP_VEK_VCEK);
  size_t n = 0, plen = 0;
  const uint8_t *der = tp_cert_der(&s, &n);
  char *pem = tp_pem_encode(der, n, "CERTIFICATE", &plen);
  /* a character outside base64 inside the body */
  char *bad = malloc(plen);
  CU_ASSERT_FATAL(bad != NULL);
  memcpy(bad, pem, plen);
  bad[40] = '*';
  CASE(c, MILAN, 3, VCEK);
  c.vek_raw = (const uint8_t *)bad;
  c.vek_raw_len = plen;
  expect(&c, CONTRAST_MALFORMED);
  /* the END line missing */
  CASE(d, MILAN, 3, VCEK);
  d.vek_raw = (const uint8_t *)pem;
  d.vek_raw_len = plen - 26; /* "-----END CERTIFICATE-----\n" */
  expect(&d, CONTRAST_MALFORMED);
  /* a PEM header line (RFC 1421 style) */
  static const char hdr[] = "Proc-Type: 4,ENCRYPTED\n";
  size_t first = (size_t)((const char *)memchr(pem, '\n', plen) - pem) + 1;
  char *with_hdr = malloc(plen + sizeof hdr);
  CU_ASSERT_FATAL(with_hdr != NULL);
  memcpy(with_hdr, pem, first);
  memcpy(with_hdr + first, hdr, sizeof hdr - 1);
  memcpy(with_hdr + first + sizeof hdr - 1, pem + first, plen - first);
  CASE(e, MILAN, 3, VCEK);
  e.vek_raw = (const uint8_t *)with_hdr;
  e.vek_raw_len = plen + sizeof hdr - 1;
  expect(&e, CONTRAST_MALFORMED);
  /* the wrong label */
  size_t clen = 0;
  char *crl_label = tp_pem_encode(der, n, "X509 CRL", &clen);
  CASE(f, MILAN, 3, VCEK);
  f.vek_raw = (const uint8_t *)crl_label;
  f.vek_raw_len = clen;
  expect(&f, CONTRAST_MALFORMED);
  /* two certificates where one is expected */
  char *two = malloc(2 * plen);
  CU_ASSERT_FATAL(two != NULL);
  memcpy(two, pem, plen);
  memcpy(two + plen, pem, plen);
  CASE(g, MILAN, 3, VCEK);
  g.vek_raw = (const uint8_t *)two;
  g.vek_raw_len = 2 * plen;
  expect(&g, CONTRAST_MALFORMED);
  free(two);
  free(crl_label);
  free(with_hdr);
  free(bad);
  free(pem);
}

static void test_snp_verify_cert_chain_garbage_fails_malformed(void) {
  static const uint8_t junk[] = "garbage, not PEM";
  CASE(c, MILAN, 3, VCEK);
  c.chain_raw = junk;
  c.chain_raw_len = sizeof junk - 1;
  expect(&c, CONTRAST_MALFORMED);
  /* a well-formed PEM block whose DER is not a certificate */
  static const uint8_t not_cert[] = "-----BEGIN CERTIFICATE-----\n"
                                    "aGVsbG8gd29ybGQ=\n"
                                    "-----END CERTIFICATE-----\n";
  CASE(d, MILAN, 3, VCEK);
  d.chain_raw = not_cert;
  d.chain_raw_len = sizeof not_cert - 1;
  expect(&d, CONTRAST_MALFORMED);
  /* the pinned chain with garbage after it */
  tp_cert_spec chain[2] = {tp_ask_spec(SNP_PRODUCT_MILAN),
                           tp_ark_spec(SNP_PRODUCT_MILAN)};
  size_t n = 0;
  char *pem = tp_pem_chain(chain, 2, &n);
  char *tail = malloc(n + 5);
  CU_ASSERT_FATAL(tail != NULL);
  memcpy(tail, pem, n);
  memcpy(tail + n, "junk\n", 5);
  CASE(e, MILAN, 3, VCEK);
  e.chain_raw = (const uint8_t *)tail;
  e.chain_raw_len = n + 5;
  expect(&e, CONTRAST_MALFORMED);
  /* empty */
  static const uint8_t empty[1] = {0};
  CASE(f, MILAN, 3, VCEK);
  f.chain_raw = empty;
  f.chain_raw_len = 0;
  expect(&f, CONTRAST_MALFORMED);
  free(tail);
  free(pem);
}

static void test_snp_verify_crl_garbage_fails_malformed(void) {
  static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01, 0xff};
  CASE(c, MILAN, 3, VCEK);
  c.crl_raw = junk;
  c.crl_raw_len = sizeof junk;
  expect(&c, CONTRAST_MALFORMED);
  tp_crl_spec s = tp_crl_spec_good(SNP_PRODUCT_MILAN);
  size_t n = 0;
  const uint8_t *der = tp_crl_der(&s, &n);
  CASE(d, MILAN, 3, VCEK);
  d.crl_raw = der;
  d.crl_raw_len = n - 1;
  expect(&d, CONTRAST_MALFORMED);
  static const uint8_t bad_pem[] = "-----BEGIN X509 CRL-----\n"
                                   "@@@@\n"
                                   "-----END X509 CRL-----\n";
  CASE(e, MILAN, 3, VCEK);
  e.crl_raw = bad_pem;
  e.crl_raw_len = sizeof bad_pem - 1;
  expect(&e, CONTRAST_MALFORMED);
  /* a certificate where the CRL should be */
  tp_cert_spec ark = tp_ark_spec(SNP_PRODUCT_MILAN);
  size_t an = 0;
  const uint8_t *ark_der = tp_cert_der(&ark, &an);
  CASE(f, MILAN, 3, VCEK);
  f.crl_raw = ark_der;
  f.crl_raw_len = an;
  expect(&f, CONTRAST_MALFORMED);
}

static void test_snp_verify_vek_missing_spl_extension_fails_malformed(void) {
  /* blSPL, teeSPL, snpSPL, ucodeSPL are required (snp.md §2.3) */
  static const int required[] = {SNP_SPL_BL, SNP_SPL_TEE, SNP_SPL_SNP,
                                 SNP_SPL_UCODE};
  for (size_t i = 0; i < 4; i++) {
    for (int k = 0; k < 2; k++) {
      tp_case c;
      tp_case_init(&c, SNP_PRODUCT_MILAN, 3, (snp_vek_kind)k);
      c.vek.ext.has_spl[required[i]] = 0;
      expect(&c, CONTRAST_MALFORMED);
    }
  }
}

static void test_snp_verify_turin_vek_missing_fmc_spl_fails_malformed(void) {
  CASE(c, TURIN, 5, VCEK);
  c.vek.ext.has_spl[SNP_SPL_FMC] = 0;
  expect(&c, CONTRAST_MALFORMED);
  CASE(v, TURIN, 5, VLEK);
  v.vek.ext.has_spl[SNP_SPL_FMC] = 0;
  expect(&v, CONTRAST_MALFORMED);
}

static void test_snp_verify_vek_duplicate_extension_fails_malformed(void) {
  static const char *const dups[] = {"1", "2", "3.1", "3.3", "3.8", "4"};
  for (size_t i = 0; i < sizeof dups / sizeof dups[0]; i++) {
    CASE(c, MILAN, 3, VCEK);
    (void)snprintf(c.vek.ext.dup_suffix, sizeof c.vek.ext.dup_suffix, "%s",
                   dups[i]);
    expect(&c, CONTRAST_MALFORMED);
  }
  CASE(v, GENOA, 5, VLEK);
  (void)snprintf(v.vek.ext.dup_suffix, sizeof v.vek.ext.dup_suffix, "5");
  expect(&v, CONTRAST_MALFORMED);
  CASE(t, TURIN, 5, VCEK);
  (void)snprintf(t.vek.ext.dup_suffix, sizeof t.vek.ext.dup_suffix, "3.9");
  expect(&t, CONTRAST_MALFORMED);
}

/* Replace (or add) one KDS extension's value; expect MALFORMED. */
static void bad_ext_value(snp_product p, snp_vek_kind k, const char *suffix,
                          const uint8_t *val, size_t len) {
  tp_case c;
  tp_case_init(&c, p, 5, k);
  (void)snprintf(c.vek.ext.raw_suffix, sizeof c.vek.ext.raw_suffix, "%s",
                 suffix);
  CU_ASSERT_FATAL(len <= sizeof c.vek.ext.raw_value);
  memcpy(c.vek.ext.raw_value, val, len);
  c.vek.ext.raw_len = len;
  expect(&c, CONTRAST_MALFORMED);
}

static void test_snp_verify_vek_bad_extension_encoding_fails_malformed(void) {
  static const uint8_t ia5_8[] = {0x16, 0x01, '8'};
  static const uint8_t int_256[] = {0x02, 0x02, 0x01, 0x00};
  static const uint8_t int_neg[] = {0x02, 0x01, 0xff};
  static const uint8_t int_nonmin[] = {0x02, 0x02, 0x00, 0x08};
  static const uint8_t int_trailing[] = {0x02, 0x01, 0x08, 0x00};
  static const uint8_t raw_8[] = {0x08};
  static const uint8_t utf8_name[] = {0x0c, 0x05, 'G', 'e', 'n', 'o', 'a'};
  static const uint8_t sv_ia5[] = {0x16, 0x01, '0'};
  /* INTEGERs (snp.md §2.3) as something else, out of 0..255, not DER */
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "3.3", ia5_8, sizeof ia5_8);
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "3.8", int_256,
                sizeof int_256);
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "3.1", int_neg,
                sizeof int_neg);
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "3.3", int_nonmin,
                sizeof int_nonmin);
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "3.3", int_trailing,
                sizeof int_trailing);
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "3.2", raw_8, sizeof raw_8);
  /* IA5String productName as UTF8String; structVersion as a string */
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "2", utf8_name,
                sizeof utf8_name);
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VCEK, "1", sv_ia5, sizeof sv_ia5);
  /* csp_id not an IA5String */
  bad_ext_value(SNP_PRODUCT_GENOA, SNP_VEK_VLEK, "5", int_nonmin,
                sizeof int_nonmin);
}

static void test_snp_verify_vek_hwid_wrong_length_fails_malformed(void) {
  uint8_t v[96];
  memset(v, 0x5c, sizeof v);
  /* 32 raw bytes; 63 raw bytes; a wrapped 32-byte value */
  bad_ext_value(SNP_PRODUCT_MILAN, SNP_VEK_VCEK, "4", v, 32);
  bad_ext_value(SNP_PRODUCT_MILAN, SNP_VEK_VCEK, "4", v, 63);
  v[0] = 0x04;
  v[1] = 32;
  bad_ext_value(SNP_PRODUCT_MILAN, SNP_VEK_VCEK, "4", v, 34);
}

static void test_snp_verify_vek_unknown_amd_extension_fails_malformed(void) {
  static const uint8_t zero[] = {0x02, 0x01, 0x00};
  /* not among the KDS OIDs of snp.md §2.3 */
  bad_ext_value(SNP_PRODUCT_MILAN, SNP_VEK_VCEK, "6", zero, sizeof zero);
  bad_ext_value(SNP_PRODUCT_MILAN, SNP_VEK_VCEK, "3.10", zero, sizeof zero);
  bad_ext_value(SNP_PRODUCT_MILAN, SNP_VEK_VCEK, "3", zero, sizeof zero);
}

static void test_snp_verify_vek_unknown_critical_extension_fails_malformed(
    void) {
  CASE(c, MILAN, 3, VCEK);
  c.vek.ext.unknown_critical = 1;
  expect(&c, CONTRAST_MALFORMED);
}

static void test_snp_verify_report_truncated_or_long_fails_malformed(void) {
  CASE(c, MILAN, 3, VCEK);
  tp_case_build(&c);
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  const size_t lens[] = {0, 1, SNP_SIGNED_SIZE, SNP_REPORT_SIZE - 1,
                         SNP_REPORT_SIZE + 1};
  uint8_t *buf = malloc(SNP_REPORT_SIZE + 1);
  CU_ASSERT_FATAL(buf != NULL);
  memcpy(buf, c.report, SNP_REPORT_SIZE);
  buf[SNP_REPORT_SIZE] = 0;
  for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    snp_verify_opts o = c.opts;
    CU_ASSERT_EQUAL(snp_verify(&c.trust, buf, lens[i], &c.e, &o, v, &err), -1);
    ASSERT_CODE(err, CONTRAST_MALFORMED);
    CU_ASSERT_EQUAL(v->report.version, 0); /* "not parsed" */
  }
  contrast_err err;
  contrast_err_clear(&err);
  snp_verify_opts o = c.opts;
  CU_ASSERT_EQUAL(snp_verify(&c.trust, NULL, 0, &c.e, &o, v, &err), -1);
  ASSERT_CODE(err, CONTRAST_MALFORMED);
  free(buf);
  free(v);
  tp_case_wipe(&c);
}

static void test_snp_verify_report_reserved_set_fails_malformed(void) {
  /* must-be-zero fields of snp.md §1.9 and CASES.md, one at a time, in a
   * report signed after the change */
  static const struct {
    uint32_t version;
    size_t off;
  } mbz[] = {
      {5, 0x04C},  {5, 0x04F},  {3, 0x18B}, {5, 0x19F}, {2, 0x188},
      {2, 0x18A},  {5, 0x1EB},  {5, 0x1EF}, {5, 0x208}, {5, 0x29F},
      {3, 0x1F8},  {3, 0x207},  {2, 0x29F}, {5, 0x330}, {5, 0x49F},
  };
  for (size_t i = 0; i < sizeof mbz / sizeof mbz[0]; i++) {
    tp_case c;
    tp_case_init(&c, SNP_PRODUCT_MILAN, mbz[i].version, SNP_VEK_VCEK);
    if (mbz[i].off < SNP_SIGNED_SIZE) {
      c.report[mbz[i].off] = 0x01;
    } else {
      sign_now(&c); /* the reserved signature bytes are not signed */
      c.report[mbz[i].off] = 0x01;
    }
    expect(&c, CONTRAST_MALFORMED);
  }
}

static void test_snp_verify_report_policy_reserved_fails_malformed(void) {
  /* POLICY bit 17 must be 1, bits 26..63 zero (snp.md §1.6) */
  CASE(c, GENOA, 5, VCEK);
  tp_put_u64(c.report, TP_OFF_POLICY, 0x10000);
  expect(&c, CONTRAST_MALFORMED);
  static const unsigned bits[] = {26, 40, 63};
  for (size_t i = 0; i < 3; i++) {
    CASE(d, GENOA, 5, VCEK);
    tp_put_u64(d.report, TP_OFF_POLICY, 0x30000 | (1ull << bits[i]));
    expect(&d, CONTRAST_MALFORMED);
  }
}

static void test_snp_verify_report_signer_info_reserved_fails_malformed(void) {
  /* SIGNER_INFO bits 5..31 must be zero; SIGNING_KEY 2..6 is reserved */
  static const unsigned bits[] = {5, 16, 31};
  for (size_t i = 0; i < 3; i++) {
    CASE(c, MILAN, 3, VCEK);
    set_signer_info(&c, 1u << bits[i]);
    expect(&c, CONTRAST_MALFORMED);
  }
  for (uint32_t key = 2; key <= 6; key++) {
    CASE(c, MILAN, 3, VCEK);
    set_signer_info(&c, key << 2);
    expect(&c, CONTRAST_MALFORMED);
  }
}

/* ==== UNSUPPORTED ==== */

static void test_snp_verify_unknown_cpuid_product_fails_unsupported(void) {
  static const uint8_t fm[][2] = {
      {0x17, 0x31}, /* Zen 2 Rome: no SNP */
      {0x19, 0x20}, {0x19, 0x9F}, {0x19, 0xB0}, {0x1A, 0x12},
      {0x1A, 0x50}, /* Venice per virtee: no KDS chain (snp.md §1.8) */
      {0x00, 0x00}, {0x1B, 0x00},
  };
  for (size_t i = 0; i < sizeof fm / sizeof fm[0]; i++) {
    CASE(c, MILAN, 5, VCEK);
    c.report[TP_OFF_CPUID_FAM] = fm[i][0];
    c.report[TP_OFF_CPUID_MOD] = fm[i][1];
    expect(&c, CONTRAST_UNSUPPORTED);
  }
}

static void test_snp_verify_unknown_version_fails_unsupported(void) {
  static const uint32_t versions[] = {0, 1, 6, 0x102};
  for (size_t i = 0; i < 4; i++) {
    CASE(c, MILAN, 5, VCEK);
    tp_put_u32(c.report, TP_OFF_VERSION, versions[i]);
    expect(&c, CONTRAST_UNSUPPORTED);
  }
}

static void test_snp_verify_unknown_signature_algo_fails_unsupported(void) {
  static const uint32_t algos[] = {0, 2, 0x101};
  for (size_t i = 0; i < 3; i++) {
    CASE(c, GENOA, 5, VCEK);
    tp_put_u32(c.report, TP_OFF_SIGNATURE_ALGO, algos[i]);
    expect(&c, CONTRAST_UNSUPPORTED);
  }
}

static void test_snp_verify_signing_key_none_fails_unsupported(void) {
  /* SIGNING_KEY 7: unsigned report (zero signature) */
  CASE(c, MILAN, 3, VCEK);
  set_signer_info(&c, 7u << 2);
  c.keep_signature = 1; /* all zero */
  expect(&c, CONTRAST_UNSUPPORTED);
  /* and with a signature anyway */
  CASE(d, MILAN, 3, VCEK);
  set_signer_info(&d, 7u << 2);
  expect(&d, CONTRAST_UNSUPPORTED);
}

static void test_snp_verify_mask_chip_key_fails_unsupported(void) {
  /* MASK_CHIP_KEY: the firmware wrote zeros instead of a signature */
  CASE(c, GENOA, 5, VCEK);
  set_signer_info(&c, 1u << 1);
  c.keep_signature = 1;
  expect(&c, CONTRAST_UNSUPPORTED);
  CASE(d, GENOA, 5, VLEK);
  set_signer_info(&d, (1u << 1) | (1u << 2));
  expect(&d, CONTRAST_UNSUPPORTED);
}

/* ==== COLLATERAL ==== */

static void test_snp_verify_no_vek_fails_collateral(void) {
  CASE(c, MILAN, 3, VCEK);
  c.with_vek = 0;
  expect(&c, CONTRAST_COLLATERAL);
  CASE(d, MILAN, 2, VCEK); /* v2: no product without a VEK either */
  d.with_vek = 0;
  expect(&d, CONTRAST_COLLATERAL);
  CASE(v, TURIN, 5, VLEK);
  v.with_vek = 0;
  v.with_chain = 1;
  expect(&v, CONTRAST_COLLATERAL);
}

static void test_snp_verify_require_crl_without_crl_fails_collateral(void) {
  CASE(c, MILAN, 3, VCEK);
  c.require_crl = 1;
  expect(&c, CONTRAST_COLLATERAL);
  CASE(v, GENOA, 5, VLEK);
  v.require_crl = 1;
  v.with_chain = 1;
  expect(&v, CONTRAST_COLLATERAL);
}

static void test_snp_verify_crl_signed_by_other_key_fails_collateral(void) {
  CASE(c, MILAN, 3, VCEK);
  c.with_crl = 1;
  c.crl.signer = TP_KEY_ARK_OTHER; /* names ARK-Milan */
  expect(&c, CONTRAST_COLLATERAL);
  /* the ASK signs the CRL */
  CASE(d, MILAN, 3, VCEK);
  d.with_crl = 1;
  d.crl.signer = tp_ask_key(SNP_PRODUCT_MILAN);
  expect(&d, CONTRAST_COLLATERAL);
  /* a corrupted ARK signature */
  CASE(e, TURIN, 5, VLEK);
  e.with_crl = 1;
  e.crl.corrupt_signature = 1;
  expect(&e, CONTRAST_COLLATERAL);
}

static void test_snp_verify_crl_issuer_not_ark_fails_collateral(void) {
  /* signed by the ARK's key but naming the ASK as issuer */
  CASE(c, MILAN, 3, VCEK);
  c.with_crl = 1;
  (void)snprintf(c.crl.issuer_cn, sizeof c.crl.issuer_cn, "SEV-Milan");
  expect(&c, CONTRAST_COLLATERAL);
  /* the ARK's CN only, without AMD's other name fields */
  CASE(d, MILAN, 3, VCEK);
  d.with_crl = 1;
  d.crl.plain_names = 1;
  expect(&d, CONTRAST_COLLATERAL);
}

static void test_snp_verify_crl_of_other_product_fails_collateral(void) {
  /* Genoa's KDS CRL given for a Milan report */
  CASE(c, MILAN, 5, VCEK);
  c.with_crl = 1;
  c.crl = tp_crl_spec_good(SNP_PRODUCT_GENOA);
  expect(&c, CONTRAST_COLLATERAL);
}

/* ==== SIGNATURE ==== */

static void test_snp_verify_flipped_bit_in_signed_area_fails_signature(void) {
  static const size_t offs[] = {TP_OFF_GUEST_SVN, TP_OFF_REPORT_DATA,
                                TP_OFF_MEASUREMENT + 47, TP_OFF_HOST_DATA,
                                TP_OFF_REPORTED_TCB, TP_OFF_CHIP_ID + 63,
                                TP_OFF_LAUNCH_TCB, SNP_SIGNED_SIZE - 0x1A0};
  for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
    CASE(c, MILAN, 3, VCEK);
    sign_now(&c);
    flip_bit(c.report, offs[i], (unsigned)(i % 8));
    expect(&c, CONTRAST_SIGNATURE);
  }
  CASE(t, TURIN, 5, VLEK);
  sign_now(&t);
  flip_bit(t.report, TP_OFF_MEASUREMENT, 0);
  expect(&t, CONTRAST_SIGNATURE);
}

static void test_snp_verify_signed_by_other_key_fails_signature(void) {
  CASE(c, MILAN, 3, VCEK);
  c.report_key = TP_KEY_VEK_OTHER;
  expect(&c, CONTRAST_SIGNATURE);
  /* a VLEK case signed by the VCEK key */
  CASE(v, GENOA, 5, VLEK);
  v.report_key = TP_KEY_VCEK;
  expect(&v, CONTRAST_SIGNATURE);
}

static void test_snp_verify_bad_signature_values_fail_signature(void) {
  /* r = 0; s = 0; r and s swapped; a bit of r or s flipped; r >= 2^384
   * (byte 48 of the 72-byte little-endian field, not a must-be-zero
   * byte) */
  for (int k = 0; k < 6; k++) {
    CASE(c, GENOA, 5, VCEK);
    sign_now(&c);
    uint8_t *r = c.report + TP_OFF_SIG_R, *s = c.report + TP_OFF_SIG_S;
    uint8_t tmp[72];
    switch (k) {
    case 0:
      memset(r, 0, 72);
      break;
    case 1:
      memset(s, 0, 72);
      break;
    case 2:
      memcpy(tmp, r, 72);
      memcpy(r, s, 72);
      memcpy(s, tmp, 72);
      break;
    case 3:
      flip_bit(r, 0, 0);
      break;
    case 4:
      flip_bit(s, 47, 7);
      break;
    default:
      r[48] = 0x01;
      break;
    }
    expect(&c, CONTRAST_SIGNATURE);
  }
}

/* ==== CHAIN ==== */

static void test_snp_verify_vek_signed_by_other_ask_fails_chain(void) {
  /* right names, another key */
  CASE(c, MILAN, 3, VCEK);
  c.vek.signer = TP_KEY_ASK_OTHER;
  expect(&c, CONTRAST_CHAIN);
  CASE(v, MILAN, 3, VLEK);
  v.vek.signer = TP_KEY_ASK_OTHER;
  expect(&v, CONTRAST_CHAIN);
  /* a VCEK signed by the ASVK, a VLEK by the ASK */
  CASE(d, GENOA, 5, VCEK);
  d.vek.signer = tp_asvk_key(SNP_PRODUCT_GENOA);
  expect(&d, CONTRAST_CHAIN);
  CASE(e, GENOA, 5, VLEK);
  e.vek.signer = tp_ask_key(SNP_PRODUCT_GENOA);
  expect(&e, CONTRAST_CHAIN);
  /* Genoa's ASK signing a Milan VCEK that names SEV-Milan */
  CASE(f, MILAN, 3, VCEK);
  f.vek.signer = tp_ask_key(SNP_PRODUCT_GENOA);
  expect(&f, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_bad_signature_fails_chain(void) {
  CASE(c, TURIN, 5, VCEK);
  c.vek.corrupt_signature = 1;
  expect(&c, CONTRAST_CHAIN);
  CASE(v, TURIN, 5, VLEK);
  v.vek.corrupt_signature = 1;
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_signed_by_ark_fails_chain(void) {
  /* issued directly by the ARK: not the pinned ASK */
  CASE(c, MILAN, 3, VCEK);
  c.vek.signer = tp_ark_key(SNP_PRODUCT_MILAN);
  (void)snprintf(c.vek.issuer_cn, sizeof c.vek.issuer_cn, "ARK-Milan");
  expect(&c, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_wrong_issuer_name_fails_chain(void) {
  /* signed by the right key, but the issuer is not the pinned ASK's
   * subject */
  CASE(c, MILAN, 3, VCEK);
  (void)snprintf(c.vek.issuer_cn, sizeof c.vek.issuer_cn, "SEV-Genoa");
  expect(&c, CONTRAST_CHAIN);
  CASE(d, MILAN, 3, VCEK);
  d.vek.plain_names = 1; /* CN=SEV-Milan only */
  expect(&d, CONTRAST_CHAIN);
  CASE(v, MILAN, 3, VLEK);
  (void)snprintf(v.vek.issuer_cn, sizeof v.vek.issuer_cn, "SEV-Milan");
  expect(&v, CONTRAST_CHAIN);
}

/* The chain of another PKI under AMD's names. */
static void other_chain(tp_cert_spec out[2], snp_product p, int vlek) {
  out[0] = vlek ? tp_asvk_spec(p) : tp_ask_spec(p);
  out[0].key = TP_KEY_ASK_OTHER;
  out[0].signer = TP_KEY_ARK_OTHER;
  out[1] = tp_ark_spec(p);
  out[1].key = out[1].signer = TP_KEY_ARK_OTHER;
}

static void test_snp_verify_cert_chain_not_pinned_fails_chain(void) {
  /* real-looking names (ARK-Milan, SEV-Milan), other keys */
  CASE(c, MILAN, 3, VCEK);
  c.with_chain = 1;
  c.n_chain_custom = 2;
  other_chain(c.chain_custom, SNP_PRODUCT_MILAN, 0);
  expect(&c, CONTRAST_CHAIN);
  /* ... and a VEK signed by that other ASK: a consistent foreign PKI */
  CASE(d, MILAN, 3, VCEK);
  d.with_chain = 1;
  d.n_chain_custom = 2;
  other_chain(d.chain_custom, SNP_PRODUCT_MILAN, 0);
  d.vek.signer = TP_KEY_ASK_OTHER;
  expect(&d, CONTRAST_CHAIN);
  /* VLEK */
  CASE(v, GENOA, 5, VLEK);
  v.with_chain = 1;
  v.n_chain_custom = 2;
  other_chain(v.chain_custom, SNP_PRODUCT_GENOA, 1);
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_cert_chain_one_cert_swapped_fails_chain(void) {
  tp_cert_spec other[2];
  other_chain(other, SNP_PRODUCT_MILAN, 0);
  /* pinned ASK, foreign ARK */
  CASE(c, MILAN, 3, VCEK);
  c.with_chain = 1;
  c.n_chain_custom = 2;
  c.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_MILAN);
  c.chain_custom[1] = other[1];
  expect(&c, CONTRAST_CHAIN);
  /* foreign ASK, pinned ARK */
  CASE(d, MILAN, 3, VCEK);
  d.with_chain = 1;
  d.n_chain_custom = 2;
  d.chain_custom[0] = other[0];
  d.chain_custom[0].signer = tp_ark_key(SNP_PRODUCT_MILAN);
  d.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_MILAN);
  expect(&d, CONTRAST_CHAIN);
  /* the pinned ASK re-issued (same key and names, new signature bytes) */
  CASE(e, MILAN, 3, VCEK);
  e.with_chain = 1;
  e.n_chain_custom = 2;
  e.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_MILAN);
  e.chain_custom[0].serial = 0x10002;
  e.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_MILAN);
  expect(&e, CONTRAST_CHAIN);
}

static void test_snp_verify_cert_chain_wrong_length_fails_chain(void) {
  snp_product p = SNP_PRODUCT_MILAN;
  /* one certificate: the pinned ASK only */
  CASE(c, MILAN, 3, VCEK);
  c.with_chain = 1;
  c.n_chain_custom = 1;
  c.chain_custom[0] = tp_ask_spec(p);
  expect(&c, CONTRAST_CHAIN);
  /* one certificate: the pinned ARK only */
  CASE(a, MILAN, 3, VCEK);
  a.with_chain = 1;
  a.n_chain_custom = 1;
  a.chain_custom[0] = tp_ark_spec(p);
  expect(&a, CONTRAST_CHAIN);
  /* three: ASK, ARK, ASVK (trustee's bundle order) */
  CASE(d, MILAN, 3, VCEK);
  d.with_chain = 1;
  d.n_chain_custom = 3;
  d.chain_custom[0] = tp_ask_spec(p);
  d.chain_custom[1] = tp_ark_spec(p);
  d.chain_custom[2] = tp_asvk_spec(p);
  expect(&d, CONTRAST_CHAIN);
  /* four: the pinned pair twice */
  CASE(e, MILAN, 3, VCEK);
  e.with_chain = 1;
  e.n_chain_custom = 4;
  e.chain_custom[0] = e.chain_custom[2] = tp_ask_spec(p);
  e.chain_custom[1] = e.chain_custom[3] = tp_ark_spec(p);
  expect(&e, CONTRAST_CHAIN);
}

static void test_snp_verify_cert_chain_reversed_fails_chain(void) {
  CASE(c, GENOA, 5, VCEK);
  c.with_chain = 1;
  c.n_chain_custom = 2;
  c.chain_custom[0] = tp_ark_spec(SNP_PRODUCT_GENOA);
  c.chain_custom[1] = tp_ask_spec(SNP_PRODUCT_GENOA);
  expect(&c, CONTRAST_CHAIN);
}

static void test_snp_verify_cert_chain_of_other_kind_fails_chain(void) {
  /* the VLEK chain (ASVK, ARK) with a VCEK, and the reverse */
  CASE(c, MILAN, 3, VCEK);
  c.with_chain = 1;
  c.n_chain_custom = 2;
  c.chain_custom[0] = tp_asvk_spec(SNP_PRODUCT_MILAN);
  c.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_MILAN);
  expect(&c, CONTRAST_CHAIN);
  CASE(v, MILAN, 3, VLEK);
  v.with_chain = 1;
  v.n_chain_custom = 2;
  v.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_MILAN);
  v.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_MILAN);
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_cert_chain_of_other_product_fails_chain(void) {
  /* Turin's pinned chain given with a Milan report */
  CASE(c, MILAN, 5, VCEK);
  c.with_chain = 1;
  c.n_chain_custom = 2;
  c.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_TURIN);
  c.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_TURIN);
  expect(&c, CONTRAST_CHAIN);
}

static void test_snp_verify_vcek_given_as_vlek_fails_chain(void) {
  CASE(c, MILAN, 3, VCEK);
  c.given_as = SNP_VEK_VLEK;
  expect(&c, CONTRAST_CHAIN);
  CASE(v, TURIN, 5, VLEK);
  v.given_as = SNP_VEK_VCEK;
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_signing_key_vlek_with_vcek_fails_chain(void) {
  /* the report says VLEK; a VCEK (given as such) signed it */
  CASE(c, GENOA, 5, VCEK);
  set_signer_info(&c, SNP_SIGNING_KEY_VLEK << 2);
  expect(&c, CONTRAST_CHAIN);
  /* the report says VCEK; a VLEK signed it */
  CASE(v, GENOA, 5, VLEK);
  set_signer_info(&v, SNP_SIGNING_KEY_VCEK << 2);
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_p256_key_fails_chain(void) {
  CASE(c, MILAN, 3, VCEK);
  c.vek.key = TP_KEY_VEK_P256;
  c.report_key = TP_KEY_VEK_P256;
  expect(&c, CONTRAST_CHAIN);
  CASE(v, MILAN, 3, VLEK);
  v.vek.key = TP_KEY_VEK_P256;
  v.report_key = TP_KEY_VEK_P256;
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_rsa_key_fails_chain(void) {
  CASE(c, GENOA, 5, VCEK);
  c.vek.key = TP_KEY_ASK_OTHER;
  expect(&c, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_point_off_curve_fails_chain(void) {
  /* a validly signed certificate whose P-384 point is not on the curve:
   * not a P-384 key (CASES.md CHAIN "VCEK/VLEK key not P-384") */
  CASE(c, MILAN, 3, VCEK);
  c.vek.corrupt_pubkey = 1;
  expect(&c, CONTRAST_CHAIN);
  CASE(v, TURIN, 5, VLEK);
  v.vek.corrupt_pubkey = 1;
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_pkcs1_signature_fails_chain(void) {
  CASE(c, MILAN, 3, VCEK);
  c.vek.sig_alg = TP_SIG_PKCS1_SHA384;
  expect(&c, CONTRAST_CHAIN);
  CASE(v, GENOA, 5, VLEK);
  v.vek.sig_alg = TP_SIG_PKCS1_SHA384;
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_pss_wrong_parameters_fails_chain(void) {
  /* RSASSA-PSS, but not SHA-384 / salt 48 (snp.md §2.1) */
  CASE(c, MILAN, 3, VCEK);
  c.vek.sig_alg = TP_SIG_PSS_SHA384_SALT32;
  expect(&c, CONTRAST_CHAIN);
  CASE(d, MILAN, 3, VCEK);
  d.vek.sig_alg = TP_SIG_PSS_SHA256;
  expect(&d, CONTRAST_CHAIN);
}

static void test_snp_verify_product_not_pinned_fails_chain(void) {
  CASE(c, GENOA, 5, VCEK);
  c.pin[SNP_PRODUCT_GENOA] = 0;
  expect(&c, CONTRAST_CHAIN);
  CASE(d, MILAN, 2, VCEK);
  d.pin[SNP_PRODUCT_MILAN] = 0;
  expect(&d, CONTRAST_CHAIN);
  /* nothing pinned at all */
  CASE(e, TURIN, 5, VLEK);
  e.pin[SNP_PRODUCT_MILAN] = e.pin[SNP_PRODUCT_GENOA] = 0;
  e.pin[SNP_PRODUCT_TURIN] = 0;
  expect(&e, CONTRAST_CHAIN);
}

static void test_snp_verify_vlek_without_pinned_asvk_fails_chain(void) {
  /* the ASVK is optional when pinning; a VLEK then has no chain */
  CASE(c, MILAN, 3, VLEK);
  c.pin_asvk = 0;
  expect(&c, CONTRAST_CHAIN);
  /* a VCEK does not need it */
  CASE(d, MILAN, 3, VCEK);
  d.pin_asvk = 0;
  expect_good(&d);
}

static void test_snp_verify_v2_issuer_names_no_product_fails_chain(void) {
  static const char *const issuers[] = {"SEV-Rome", "AMD", "ARK-Milan",
                                        "SEV-", "SEV-VLEK-"};
  for (size_t i = 0; i < sizeof issuers / sizeof issuers[0]; i++) {
    CASE(c, MILAN, 2, VCEK);
    (void)snprintf(c.vek.issuer_cn, sizeof c.vek.issuer_cn, "%s", issuers[i]);
    expect(&c, CONTRAST_CHAIN);
  }
  CASE(v, MILAN, 2, VLEK);
  (void)snprintf(v.vek.issuer_cn, sizeof v.vek.issuer_cn, "SEV-VLEK-Rome");
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_genoa_report_with_milan_chain_fails_chain(void) {
  /* a Genoa report (CPUID) whose VCEK is of the Milan chain: issued and
   * signed by SEV-Milan, productName Milan-B0 */
  CASE(c, GENOA, 5, VCEK);
  c.vek.signer = tp_ask_key(SNP_PRODUCT_MILAN);
  (void)snprintf(c.vek.issuer_cn, sizeof c.vek.issuer_cn, "SEV-Milan");
  (void)snprintf(c.vek.ext.product_name, sizeof c.vek.ext.product_name,
                 "Milan-B0");
  expect(&c, CONTRAST_CHAIN);
  /* the same, and the Milan cert_chain supplied */
  CASE(d, GENOA, 5, VCEK);
  d.vek.signer = tp_ask_key(SNP_PRODUCT_MILAN);
  (void)snprintf(d.vek.issuer_cn, sizeof d.vek.issuer_cn, "SEV-Milan");
  (void)snprintf(d.vek.ext.product_name, sizeof d.vek.ext.product_name,
                 "Milan-B0");
  d.with_chain = 1;
  d.n_chain_custom = 2;
  d.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_MILAN);
  d.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_MILAN);
  expect(&d, CONTRAST_CHAIN);
  /* a good Genoa VCEK with the Milan cert_chain (snp-derived-genoa-with-
   * milan-chain, made with the test PKI) */
  CASE(e, GENOA, 5, VCEK);
  e.with_chain = 1;
  e.n_chain_custom = 2;
  e.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_MILAN);
  e.chain_custom[1] = tp_ark_spec(SNP_PRODUCT_MILAN);
  expect(&e, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_product_name_other_product_fails_chain(void) {
  /* right chain, but the certificate says it is for another product */
  CASE(c, MILAN, 3, VCEK);
  (void)snprintf(c.vek.ext.product_name, sizeof c.vek.ext.product_name,
                 "Genoa");
  expect(&c, CONTRAST_CHAIN);
  CASE(d, MILAN, 2, VCEK); /* v2: product from the issuer */
  (void)snprintf(d.vek.ext.product_name, sizeof d.vek.ext.product_name,
                 "Turin");
  expect(&d, CONTRAST_CHAIN);
  CASE(v, TURIN, 5, VLEK);
  (void)snprintf(v.vek.ext.product_name, sizeof v.vek.ext.product_name,
                 "Milan");
  expect(&v, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_subject_not_vcek_or_vlek_fails_chain(void) {
  CASE(c, MILAN, 3, VCEK);
  (void)snprintf(c.vek.subject_cn, sizeof c.vek.subject_cn, "SEV-ASK");
  expect(&c, CONTRAST_CHAIN);
  /* VCEK extensions under a VLEK name */
  CASE(d, MILAN, 3, VCEK);
  (void)snprintf(d.vek.subject_cn, sizeof d.vek.subject_cn, "SEV-VLEK");
  expect(&d, CONTRAST_CHAIN);
}

static void test_snp_verify_vek_extension_profile_of_other_kind_fails_chain(
    void) {
  /* VCEK without hwID; VCEK with a csp_id; VLEK with hwID; VLEK without
   * csp_id (snp.md §2.3) */
  CASE(a, MILAN, 3, VCEK);
  a.vek.ext.hwid_len = 0;
  expect(&a, CONTRAST_CHAIN);
  CASE(b, MILAN, 3, VCEK);
  b.vek.ext.has_csp_id = 1;
  (void)snprintf(b.vek.ext.csp_id, sizeof b.vek.ext.csp_id, "CN=csp");
  expect(&b, CONTRAST_CHAIN);
  CASE(c, MILAN, 3, VLEK);
  c.vek.ext.hwid_len = 64;
  tp_chip_id_good(SNP_PRODUCT_MILAN, c.vek.ext.hwid);
  expect(&c, CONTRAST_CHAIN);
  CASE(d, MILAN, 3, VLEK);
  d.vek.ext.has_csp_id = 0;
  expect(&d, CONTRAST_CHAIN);
}

/* ==== EXPIRED: both sides of every bound, inclusive ==== */

/* A window inside every other one of the good case. */
#define B_NB 1740000000 /* 2025-02-19T21:20:00Z */
#define B_NA 1760000000 /* 2025-10-09T08:53:20Z */

typedef enum bound_target {
  B_VCEK,
  B_VLEK,
  B_ASK,
  B_ASVK,
  B_ARK,      /* with a VCEK */
  B_ARK_VLEK, /* with a VLEK */
  B_CRL,
  B_CRL_VLEK
} bound_target;

static void bound_case(bound_target w, int at_after, int64_t delta,
                       contrast_code want) {
  const int vlek = w == B_VLEK || w == B_ASVK || w == B_ARK_VLEK ||
                   w == B_CRL_VLEK;
  tp_case c;
  tp_case_init(&c, vlek ? SNP_PRODUCT_GENOA : SNP_PRODUCT_MILAN, 5,
               vlek ? SNP_VEK_VLEK : SNP_VEK_VCEK);
  int64_t *nb = NULL, *na = NULL;
  switch (w) {
  case B_VCEK:
  case B_VLEK:
    nb = &c.vek.not_before;
    na = &c.vek.not_after;
    break;
  case B_ASK:
    nb = &c.ask.not_before;
    na = &c.ask.not_after;
    break;
  case B_ASVK:
    nb = &c.asvk.not_before;
    na = &c.asvk.not_after;
    break;
  case B_ARK:
  case B_ARK_VLEK:
    nb = &c.ark.not_before;
    na = &c.ark.not_after;
    break;
  case B_CRL:
  case B_CRL_VLEK:
    c.with_crl = 1;
    nb = &c.crl.this_update;
    na = &c.crl.next_update;
    break;
  }
  *nb = B_NB;
  *na = B_NA;
  c.now = (at_after ? B_NA : B_NB) + delta;
  expect(&c, want);
}

#define BOUND_TESTS(name, target)                                             \
  static void test_snp_verify_##name##_before_not_before_fails_expired(       \
      void) {                                                                 \
    bound_case(target, 0, -1, CONTRAST_EXPIRED);                              \
  }                                                                           \
  static void test_snp_verify_##name##_at_not_before_accepts(void) {          \
    bound_case(target, 0, 0, CONTRAST_OK);                                    \
  }                                                                           \
  static void test_snp_verify_##name##_at_not_after_accepts(void) {           \
    bound_case(target, 1, 0, CONTRAST_OK);                                    \
  }                                                                           \
  static void test_snp_verify_##name##_expired_after_not_after_fails_expired( \
      void) {                                                                 \
    bound_case(target, 1, 1, CONTRAST_EXPIRED);                               \
  }

BOUND_TESTS(vcek, B_VCEK)
BOUND_TESTS(vlek, B_VLEK)
BOUND_TESTS(ask, B_ASK)
BOUND_TESTS(asvk, B_ASVK)
BOUND_TESTS(ark, B_ARK)
BOUND_TESTS(ark_vlek_chain, B_ARK_VLEK)

static void test_snp_verify_crl_before_this_update_fails_expired(void) {
  bound_case(B_CRL, 0, -1, CONTRAST_EXPIRED);
  bound_case(B_CRL_VLEK, 0, -1, CONTRAST_EXPIRED);
}
static void test_snp_verify_crl_at_this_update_accepts(void) {
  bound_case(B_CRL, 0, 0, CONTRAST_OK);
  bound_case(B_CRL_VLEK, 0, 0, CONTRAST_OK);
}
static void test_snp_verify_crl_at_next_update_accepts(void) {
  bound_case(B_CRL, 1, 0, CONTRAST_OK);
  bound_case(B_CRL_VLEK, 1, 0, CONTRAST_OK);
}
static void test_snp_verify_crl_after_next_update_fails_expired(void) {
  bound_case(B_CRL, 1, 1, CONTRAST_EXPIRED);
  bound_case(B_CRL_VLEK, 1, 1, CONTRAST_EXPIRED);
}

static void test_snp_verify_ark_expired_with_pinned_chain_fails_expired(
    void) {
  /* the pinned roots are judged at now whether or not a cert_chain is
   * supplied */
  CASE(c, TURIN, 5, VCEK);
  c.ark.not_after = TP_T_NOW - 1;
  c.with_chain = 1;
  expect(&c, CONTRAST_EXPIRED);
  CASE(d, TURIN, 5, VLEK);
  d.asvk.not_before = TP_T_NOW + 1;
  d.with_chain = 1;
  expect(&d, CONTRAST_EXPIRED);
}

/* ==== REVOKED ==== */

static void test_snp_verify_ask_serial_on_crl_fails_revoked(void) {
  static const snp_product prods[] = {SNP_PRODUCT_MILAN, SNP_PRODUCT_GENOA,
                                      SNP_PRODUCT_TURIN};
  for (size_t i = 0; i < 3; i++) {
    tp_case c;
    tp_case_init(&c, prods[i], 5, SNP_VEK_VCEK);
    c.with_crl = 1;
    c.crl.n_revoked = 1;
    c.crl.revoked[0] = c.ask.serial;
    expect(&c, CONTRAST_REVOKED);
  }
  /* among other entries, as PEM */
  CASE(d, MILAN, 3, VCEK);
  d.with_crl = 1;
  d.crl_pem = 1;
  d.crl.n_revoked = 3;
  d.crl.revoked[0] = 0x1;
  d.crl.revoked[1] = d.ask.serial;
  d.crl.revoked[2] = 0x99999;
  expect(&d, CONTRAST_REVOKED);
}

static void test_snp_verify_asvk_serial_on_crl_fails_revoked(void) {
  static const snp_product prods[] = {SNP_PRODUCT_MILAN, SNP_PRODUCT_GENOA,
                                      SNP_PRODUCT_TURIN};
  for (size_t i = 0; i < 3; i++) {
    tp_case c;
    tp_case_init(&c, prods[i], 5, SNP_VEK_VLEK);
    c.with_crl = 1;
    c.crl.n_revoked = 1;
    c.crl.revoked[0] = c.asvk.serial;
    expect(&c, CONTRAST_REVOKED);
  }
}

static void test_snp_verify_revoked_with_require_crl_fails_revoked(void) {
  CASE(c, GENOA, 3, VCEK);
  c.with_crl = 1;
  c.require_crl = 1;
  c.crl.n_revoked = 1;
  c.crl.revoked[0] = c.ask.serial;
  expect(&c, CONTRAST_REVOKED);
}

/* ==== TCB_MISMATCH ==== */

typedef enum tcb_comp {
  TC_FMC,
  TC_BL,
  TC_TEE,
  TC_SNP,
  TC_UCODE,
  TC_SPL4,
  TC_SPL5,
  TC_SPL6,
  TC_SPL7
} tcb_comp;

static uint8_t *tcb_field(tp_tcb *t, tcb_comp k) {
  switch (k) {
  case TC_FMC:
    return &t->fmc;
  case TC_BL:
    return &t->bl;
  case TC_TEE:
    return &t->tee;
  case TC_SNP:
    return &t->snp;
  case TC_UCODE:
    return &t->ucode;
  case TC_SPL4:
    return &t->spl4;
  case TC_SPL5:
    return &t->spl5;
  case TC_SPL6:
    return &t->spl6;
  case TC_SPL7:
    return &t->spl7;
  }
  return NULL;
}

static int ext_slot(tcb_comp k) {
  switch (k) {
  case TC_FMC:
    return SNP_SPL_FMC;
  case TC_BL:
    return SNP_SPL_BL;
  case TC_TEE:
    return SNP_SPL_TEE;
  case TC_SNP:
    return SNP_SPL_SNP;
  case TC_UCODE:
    return SNP_SPL_UCODE;
  case TC_SPL4:
    return SNP_SPL_4;
  case TC_SPL5:
    return SNP_SPL_5;
  case TC_SPL6:
    return SNP_SPL_6;
  case TC_SPL7:
    return SNP_SPL_7;
  }
  return -1;
}

/* One component of REPORTED_TCB differs from the certificate: once by
 * changing the report (re-signed), once by changing the certificate. Both
 * are TCB_MISMATCH (snp.md §2.4). */
static void tcb_mismatch(snp_product p, snp_vek_kind kind, tcb_comp k) {
  tp_case c;
  tp_case_init(&c, p, 5, kind);
  tp_tcb t = tp_tcb_good(p);
  uint8_t *f = tcb_field(&t, k);
  *f = (uint8_t)(*f + 1);
  set_reported_tcb(&c, &t);
  expect(&c, CONTRAST_TCB_MISMATCH);

  tp_case d;
  tp_case_init(&d, p, 5, kind);
  int slot = ext_slot(k);
  d.vek.ext.has_spl[slot] = 1;
  d.vek.ext.spl[slot] = (uint8_t)(d.vek.ext.spl[slot] + 1);
  expect(&d, CONTRAST_TCB_MISMATCH);
}

#define TCB_TEST(prod_lc, PROD, comp_lc, COMP)                                \
  static void test_snp_verify_##prod_lc##_##comp_lc##_differs_fails_tcb_mismatch( \
      void) {                                                                 \
    tcb_mismatch(SNP_PRODUCT_##PROD, SNP_VEK_VCEK, COMP);                     \
  }

TCB_TEST(milan, MILAN, bl, TC_BL)
TCB_TEST(milan, MILAN, tee, TC_TEE)
TCB_TEST(milan, MILAN, snp, TC_SNP)
TCB_TEST(milan, MILAN, ucode, TC_UCODE)
TCB_TEST(milan, MILAN, spl4_byte2, TC_SPL4)
TCB_TEST(milan, MILAN, spl5_byte3, TC_SPL5)
TCB_TEST(milan, MILAN, spl6_byte4, TC_SPL6)
TCB_TEST(milan, MILAN, spl7_byte5, TC_SPL7)
TCB_TEST(genoa, GENOA, bl, TC_BL)
TCB_TEST(genoa, GENOA, tee, TC_TEE)
TCB_TEST(genoa, GENOA, snp, TC_SNP)
TCB_TEST(genoa, GENOA, ucode, TC_UCODE)
TCB_TEST(genoa, GENOA, spl4_byte2, TC_SPL4)
TCB_TEST(genoa, GENOA, spl7_byte5, TC_SPL7)
TCB_TEST(turin, TURIN, fmc, TC_FMC)
TCB_TEST(turin, TURIN, bl, TC_BL)
TCB_TEST(turin, TURIN, tee, TC_TEE)
TCB_TEST(turin, TURIN, snp, TC_SNP)
TCB_TEST(turin, TURIN, ucode, TC_UCODE)

static void test_snp_verify_vlek_tcb_differs_fails_tcb_mismatch(void) {
  tcb_mismatch(SNP_PRODUCT_MILAN, SNP_VEK_VLEK, TC_BL);
  tcb_mismatch(SNP_PRODUCT_GENOA, SNP_VEK_VLEK, TC_UCODE);
  tcb_mismatch(SNP_PRODUCT_TURIN, SNP_VEK_VLEK, TC_FMC);
  tcb_mismatch(SNP_PRODUCT_TURIN, SNP_VEK_VLEK, TC_SNP);
}

static void test_snp_verify_milan_v2_tcb_differs_fails_tcb_mismatch(void) {
  CASE(c, MILAN, 2, VCEK);
  tp_tcb t = tp_tcb_good(SNP_PRODUCT_MILAN);
  t.snp = (uint8_t)(t.snp - 1);
  set_reported_tcb(&c, &t);
  expect(&c, CONTRAST_TCB_MISMATCH);
}

static void test_snp_verify_turin_tcb_in_milan_layout_fails_tcb_mismatch(
    void) {
  /* the Turin components written with the Milan/Genoa layout: a verifier
   * decoding Turin with the wrong layout would not notice */
  CASE(c, TURIN, 5, VCEK);
  tp_tcb t = tp_tcb_good(SNP_PRODUCT_TURIN);
  tp_put_u64(c.report, TP_OFF_REPORTED_TCB, tp_tcb_raw(SNP_PRODUCT_MILAN, &t));
  expect(&c, CONTRAST_TCB_MISMATCH);
}

static void test_snp_verify_chip_id_differs_fails_tcb_mismatch(void) {
  static const size_t bytes[] = {0, 31, 63};
  for (size_t i = 0; i < 3; i++) {
    CASE(c, MILAN, 3, VCEK);
    flip_bit(c.report, TP_OFF_CHIP_ID + bytes[i], 3);
    expect(&c, CONTRAST_TCB_MISMATCH);
  }
  CASE(g, GENOA, 5, VCEK);
  g.vek.ext.hwid[10] = (uint8_t)(g.vek.ext.hwid[10] ^ 0xFF);
  expect(&g, CONTRAST_TCB_MISMATCH);
  /* Turin: the 8 bytes that are compared */
  CASE(t, TURIN, 5, VCEK);
  flip_bit(t.report, TP_OFF_CHIP_ID + 7, 0);
  expect(&t, CONTRAST_TCB_MISMATCH);
}

static void test_snp_verify_vcek_masked_chip_id_fails_tcb_mismatch(void) {
  /* CHIP_ID all zero (host MASK_CHIP_ID) with a VCEK: CHIP_ID disagrees
   * with the hwID (CASES.md TCB_MISMATCH; no exception is written there) */
  CASE(c, GENOA, 5, VCEK);
  memset(c.report + TP_OFF_CHIP_ID, 0, 64);
  expect(&c, CONTRAST_TCB_MISMATCH);
}

static void test_snp_verify_turin_chip_id_byte8_nonzero_fails_tcb_mismatch(
    void) {
  static const size_t bytes[] = {8, 9, 40, 63};
  for (size_t i = 0; i < 4; i++) {
    CASE(c, TURIN, 5, VCEK);
    c.report[TP_OFF_CHIP_ID + bytes[i]] = 0x01;
    expect(&c, CONTRAST_TCB_MISMATCH);
  }
}

static void test_snp_verify_turin_64_byte_hwid_fails_tcb_mismatch(void) {
  /* a 64-byte hwID equal to the whole CHIP_ID: Turin uses 8 bytes */
  CASE(c, TURIN, 5, VCEK);
  c.vek.ext.hwid_len = 64;
  memcpy(c.vek.ext.hwid, c.report + TP_OFF_CHIP_ID, 64);
  expect(&c, CONTRAST_TCB_MISMATCH);
  /* with non-zero bytes beyond 8 in both */
  CASE(d, TURIN, 5, VCEK);
  d.vek.ext.hwid_len = 64;
  memset(d.report + TP_OFF_CHIP_ID + 8, 0x77, 56);
  memcpy(d.vek.ext.hwid, d.report + TP_OFF_CHIP_ID, 64);
  expect(&d, CONTRAST_TCB_MISMATCH);
}

static void test_snp_verify_milan_8_byte_hwid_fails_tcb_mismatch(void) {
  CASE(c, MILAN, 3, VCEK);
  c.vek.ext.hwid_len = 8;
  memset(c.report + TP_OFF_CHIP_ID + 8, 0, 56);
  expect(&c, CONTRAST_TCB_MISMATCH);
}

/* ==== order of the reason table, two faults at once ==== */

static void test_snp_verify_two_faults_give_first_in_table_order(void) {
  /* MALFORMED (VEK extension) before SIGNATURE */
  CASE(a, MILAN, 3, VCEK);
  a.vek.ext.has_spl[SNP_SPL_UCODE] = 0;
  a.report_key = TP_KEY_VEK_OTHER;
  expect(&a, CONTRAST_MALFORMED);
  /* MALFORMED (VEK) before UNSUPPORTED (product) */
  CASE(b, MILAN, 3, VCEK);
  b.vek.ext.dup_suffix[0] = '2';
  b.report[TP_OFF_CPUID_FAM] = 0x17;
  expect(&b, CONTRAST_MALFORMED);
  /* UNSUPPORTED (product) before COLLATERAL (no VEK) */
  CASE(u, MILAN, 3, VCEK);
  u.report[TP_OFF_CPUID_MOD] = 0x30;
  u.with_vek = 0;
  expect(&u, CONTRAST_UNSUPPORTED);
  /* SIGNATURE before CHAIN */
  CASE(c, MILAN, 3, VCEK);
  c.report_key = TP_KEY_VEK_OTHER;
  c.vek.signer = TP_KEY_ASK_OTHER;
  expect(&c, CONTRAST_SIGNATURE);
  /* SIGNATURE before EXPIRED */
  CASE(d, MILAN, 3, VCEK);
  d.report_key = TP_KEY_VEK_OTHER;
  d.now = d.vek.not_after + 1;
  expect(&d, CONTRAST_SIGNATURE);
  /* CHAIN before EXPIRED */
  CASE(e, GENOA, 5, VCEK);
  e.vek.signer = TP_KEY_ASK_OTHER;
  e.now = e.vek.not_before - 1;
  expect(&e, CONTRAST_CHAIN);
  /* EXPIRED before REVOKED */
  CASE(f, GENOA, 5, VCEK);
  f.vek.not_after = TP_T_NOW - 1;
  f.with_crl = 1;
  f.crl.n_revoked = 1;
  f.crl.revoked[0] = f.ask.serial;
  expect(&f, CONTRAST_EXPIRED);
  /* EXPIRED (CRL) before REVOKED */
  CASE(g, GENOA, 5, VCEK);
  g.with_crl = 1;
  g.crl.next_update = TP_T_NOW - 1;
  g.crl.n_revoked = 1;
  g.crl.revoked[0] = g.ask.serial;
  expect(&g, CONTRAST_EXPIRED);
  /* EXPIRED (VEK) before COLLATERAL (CRL badly signed) */
  CASE(h, TURIN, 5, VCEK);
  h.vek.not_after = TP_T_NOW - 1;
  h.with_crl = 1;
  h.crl.signer = TP_KEY_ARK_OTHER;
  expect(&h, CONTRAST_EXPIRED);
  /* EXPIRED before COLLATERAL (require_crl) */
  CASE(i, TURIN, 5, VCEK);
  i.ask.not_before = TP_T_NOW + 1;
  i.require_crl = 1;
  expect(&i, CONTRAST_EXPIRED);
  /* REVOKED before TCB_MISMATCH */
  CASE(j, MILAN, 3, VCEK);
  j.with_crl = 1;
  j.crl.n_revoked = 1;
  j.crl.revoked[0] = j.ask.serial;
  flip_bit(j.report, TP_OFF_CHIP_ID, 0);
  expect(&j, CONTRAST_REVOKED);
  /* COLLATERAL before TCB_MISMATCH */
  CASE(k, MILAN, 3, VCEK);
  k.require_crl = 1;
  k.vek.ext.spl[SNP_SPL_BL] = 0;
  expect(&k, CONTRAST_COLLATERAL);
  CASE(l, MILAN, 3, VLEK);
  l.with_crl = 1;
  l.crl.corrupt_signature = 1;
  l.vek.ext.spl[SNP_SPL_SNP] = 0;
  expect(&l, CONTRAST_COLLATERAL);
  /* CHAIN before TCB_MISMATCH */
  CASE(m, TURIN, 5, VCEK);
  m.with_chain = 1;
  m.n_chain_custom = 1;
  m.chain_custom[0] = tp_ask_spec(SNP_PRODUCT_TURIN);
  m.report[TP_OFF_CHIP_ID + 9] = 1;
  expect(&m, CONTRAST_CHAIN);
}

/* ==== the cache ==== */

/* One verification with a given cache. */
static contrast_code verify_once(tp_case *c, snp_cache *cache) {
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  contrast_err err;
  int rc = tp_case_verify(c, cache, v, &err);
  CU_ASSERT_EQUAL(rc, err.code == CONTRAST_OK ? 0 : -1);
  free(v);
  return err.code;
}

#define ASSERT_ONCE(c, cache, want)                                           \
  do {                                                                        \
    contrast_code got_ = verify_once((c), (cache));                           \
    if (got_ != (want))                                                       \
      fprintf(stderr, "  expected %s, got %s (line %d)\n",                    \
              contrast_code_name(want), contrast_code_name(got_), __LINE__);  \
    CU_ASSERT_EQUAL(got_, (want));                                            \
  } while (0)

static void test_snp_verify_cached_vek_still_expires(void) {
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  CASE(c, GENOA, 5, VCEK);
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  c.opts.now = c.vek.not_after;
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  c.opts.now = c.vek.not_after + 1;
  ASSERT_ONCE(&c, cache, CONTRAST_EXPIRED);
  c.opts.now = c.vek.not_before - 1;
  ASSERT_ONCE(&c, cache, CONTRAST_EXPIRED);
  c.opts.now = c.vek.not_before;
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  /* the pinned ARK's end, with the VEK cached */
  c.opts.now = TP_T_ROOT_NA + 1;
  ASSERT_ONCE(&c, cache, CONTRAST_EXPIRED);
  tp_case_wipe(&c);
  snp_cache_free(cache);
}

static void test_snp_verify_cached_vek_then_revoking_crl_fails_revoked(void) {
  for (int k = 0; k < 2; k++) {
    snp_cache *cache = snp_cache_new();
    CU_ASSERT_FATAL(cache != NULL);
    tp_case c;
    tp_case_init(&c, SNP_PRODUCT_MILAN, 3, (snp_vek_kind)k);
    tp_case_build(&c);
    ASSERT_ONCE(&c, cache, CONTRAST_OK);
    ASSERT_ONCE(&c, cache, CONTRAST_OK);
    /* the same VEK (cached), now with a CRL listing the intermediate */
    c.with_crl = 1;
    c.crl.n_revoked = 1;
    c.crl.revoked[0] = k == 0 ? c.ask.serial : c.asvk.serial;
    tp_case_build(&c);
    ASSERT_ONCE(&c, cache, CONTRAST_REVOKED);
    ASSERT_ONCE(&c, cache, CONTRAST_REVOKED);
    /* and a CRL that does not list it */
    c.crl.n_revoked = 0;
    tp_case_build(&c);
    ASSERT_ONCE(&c, cache, CONTRAST_OK);
    tp_case_wipe(&c);
    snp_cache_free(cache);
  }
}

static void test_snp_verify_cached_crl_still_judged_at_now(void) {
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  CASE(c, TURIN, 5, VLEK);
  c.with_crl = 1;
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  c.opts.now = c.crl.next_update + 1;
  ASSERT_ONCE(&c, cache, CONTRAST_EXPIRED);
  c.opts.now = c.crl.this_update - 1;
  ASSERT_ONCE(&c, cache, CONTRAST_EXPIRED);
  c.opts.now = c.crl.next_update;
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  tp_case_wipe(&c);
  /* a badly signed CRL stays badly signed once cached */
  CASE(d, TURIN, 5, VLEK);
  d.with_crl = 1;
  d.crl.signer = TP_KEY_ARK_OTHER;
  tp_case_build(&d);
  ASSERT_ONCE(&d, cache, CONTRAST_COLLATERAL);
  ASSERT_ONCE(&d, cache, CONTRAST_COLLATERAL);
  tp_case_wipe(&d);
  snp_cache_free(cache);
}

static void test_snp_verify_cached_vek_other_inputs_rejected(void) {
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  CASE(c, MILAN, 3, VCEK);
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  /* a report signed by another key, with the cached VEK */
  c.report_key = TP_KEY_VEK_OTHER;
  c.keep_signature = 0;
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_SIGNATURE);
  c.report_key = TP_KEY_VCEK;
  /* the cached VCEK given as a VLEK */
  c.given_as = SNP_VEK_VLEK;
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_CHAIN);
  c.given_as = SNP_VEK_VCEK;
  /* with a foreign cert_chain */
  c.with_chain = 1;
  c.n_chain_custom = 2;
  other_chain(c.chain_custom, SNP_PRODUCT_MILAN, 0);
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_CHAIN);
  c.with_chain = 0;
  /* the report now says VLEK */
  set_signer_info(&c, SNP_SIGNING_KEY_VLEK << 2);
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_CHAIN);
  set_signer_info(&c, 0);
  /* REPORTED_TCB differs from the cached certificate's */
  tp_tcb t = tp_tcb_good(SNP_PRODUCT_MILAN);
  t.tee = (uint8_t)(t.tee + 1);
  set_reported_tcb(&c, &t);
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_TCB_MISMATCH);
  /* a Genoa report (CPUID) with the cached Milan VCEK */
  tp_report_init(c.report, SNP_PRODUCT_MILAN, 3, SNP_VEK_VCEK);
  c.report[TP_OFF_CPUID_MOD] = 0x11;
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_CHAIN);
  /* and back to the good case */
  c.report[TP_OFF_CPUID_MOD] = 0x01;
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  tp_case_wipe(&c);
  snp_cache_free(cache);
}

static void test_snp_verify_cached_vek_other_trust_store_fails_chain(void) {
  /* the VEK verified under one trust store, then the same bytes judged
   * under a store whose pinned ASK has another key */
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  CASE(c, MILAN, 3, VCEK);
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  CASE(d, MILAN, 3, VCEK);
  d.ask.key = TP_KEY_ASK_OTHER; /* still signed by ARK-Milan */
  tp_case_build(&d);
  CU_ASSERT_EQUAL(d.e.vek_len, c.e.vek_len);
  CU_ASSERT(memcmp(d.e.vek, c.e.vek, c.e.vek_len) == 0);
  ASSERT_ONCE(&d, cache, CONTRAST_CHAIN);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  ASSERT_ONCE(&d, cache, CONTRAST_CHAIN);
  tp_case_wipe(&d);
  tp_case_wipe(&c);
  snp_cache_free(cache);
}

/* Re-pin one product of a store (TP_KEY_ARK_OTHER as its ARK, which then
 * signs the ASK and ASVK; their keys stay): the VEK still chains, but
 * bytes and signatures made under the old ARK are no longer the pinned
 * ones. */
static void repin_under_other_ark(snp_trust *t, snp_product p) {
  tp_cert_spec ark = tp_ark_spec(p), ask = tp_ask_spec(p),
               asvk = tp_asvk_spec(p);
  ark.key = ark.signer = ask.signer = asvk.signer = TP_KEY_ARK_OTHER;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_FATAL(tp_trust_add(t, p, &ark, &ask, &asvk, 0, &err) == 0);
}

static void test_snp_verify_cache_after_repinning_matches_no_cache(void) {
  /* snp_trust_add replaces a product's roots in the same store: what the
   * cache learnt under the old roots must not vouch under the new ones */
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  /* the VEK: the ASK re-pinned with another key */
  CASE(a, MILAN, 3, VCEK);
  tp_case_build(&a);
  ASSERT_ONCE(&a, cache, CONTRAST_OK);
  tp_cert_spec ask = tp_ask_spec(SNP_PRODUCT_MILAN);
  ask.key = TP_KEY_ASK_OTHER;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_FATAL(tp_trust_add(&a.trust, SNP_PRODUCT_MILAN, NULL, &ask, NULL,
                               0, &err) == 0);
  ASSERT_ONCE(&a, NULL, CONTRAST_CHAIN);
  ASSERT_ONCE(&a, cache, CONTRAST_CHAIN);
  tp_case_wipe(&a);
  /* the supplied cert_chain: the old pinned bytes after re-pinning */
  CASE(b, GENOA, 5, VLEK);
  b.with_chain = 1;
  tp_case_build(&b);
  ASSERT_ONCE(&b, cache, CONTRAST_OK);
  ASSERT_ONCE(&b, cache, CONTRAST_OK);
  repin_under_other_ark(&b.trust, SNP_PRODUCT_GENOA);
  ASSERT_ONCE(&b, NULL, CONTRAST_CHAIN);
  ASSERT_ONCE(&b, cache, CONTRAST_CHAIN);
  tp_case_wipe(&b);
  /* the CRL: signed by the old ARK */
  CASE(c, TURIN, 5, VCEK);
  c.with_crl = 1;
  tp_case_build(&c);
  ASSERT_ONCE(&c, cache, CONTRAST_OK);
  repin_under_other_ark(&c.trust, SNP_PRODUCT_TURIN);
  ASSERT_ONCE(&c, NULL, CONTRAST_COLLATERAL);
  ASSERT_ONCE(&c, cache, CONTRAST_COLLATERAL);
  tp_case_wipe(&c);
  snp_cache_free(cache);
}

/* PEM of der with n leading newlines: another byte string (another cache
 * key) for the same object, without signing anew. */
static char *pem_variant(const uint8_t *der, size_t len, const char *label,
                         size_t n, size_t *out_len) {
  size_t plen = 0;
  char *pem = tp_pem_encode(der, len, label, &plen);
  char *out = malloc(n + plen);
  CU_ASSERT_FATAL(out != NULL);
  memset(out, '\n', n);
  memcpy(out + n, pem, plen);
  free(pem);
  *out_len = n + plen;
  return out;
}

static void test_snp_verify_cache_eviction_keeps_codes(void) {
  /* more VEKs and CRLs (as byte strings) than the cache holds, each
   * verified twice, in two rounds; some expired, some revoked */
  enum { N_VEK = 36, N_CRL = 11 };
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  tp_cert_spec vek = tp_vek_spec(SNP_PRODUCT_GENOA, SNP_VEK_VCEK);
  size_t vlen = 0;
  const uint8_t *vder = tp_cert_der(&vek, &vlen);
  for (int round = 0; round < 2; round++) {
    for (size_t i = 0; i < N_VEK; i++) {
      size_t n = 0;
      char *pem = pem_variant(vder, vlen, "CERTIFICATE", i, &n);
      CASE(c, GENOA, 5, VCEK);
      c.vek_raw = (const uint8_t *)pem;
      c.vek_raw_len = n;
      if (i % 3 == 2)
        c.now = c.vek.not_after + 1;
      tp_case_build(&c);
      contrast_code want = i % 3 == 2 ? CONTRAST_EXPIRED : CONTRAST_OK;
      ASSERT_ONCE(&c, cache, want);
      ASSERT_ONCE(&c, cache, want);
      tp_case_wipe(&c);
      free(pem);
    }
    for (size_t i = 0; i < N_CRL; i++) {
      CASE(c, GENOA, 5, VCEK);
      if (i % 2 == 1) {
        c.crl.n_revoked = 1;
        c.crl.revoked[0] = c.ask.serial;
      }
      size_t clen = 0, n = 0;
      const uint8_t *cder = tp_crl_der(&c.crl, &clen);
      char *pem = pem_variant(cder, clen, "X509 CRL", i, &n);
      c.crl_raw = (const uint8_t *)pem;
      c.crl_raw_len = n;
      tp_case_build(&c);
      contrast_code want = i % 2 == 1 ? CONTRAST_REVOKED : CONTRAST_OK;
      ASSERT_ONCE(&c, cache, want);
      ASSERT_ONCE(&c, cache, want);
      tp_case_wipe(&c);
      free(pem);
    }
  }
  snp_cache_free(cache);
}

/* ==== bit-flip sweeps over the signed area ==== */

/* Expected code for one flipped bit of snp-milan-v2-idblock's report
 * (version 2, POLICY 0x3001F, SIGNER_INFO 0: VCEK), derived from snp.md
 * §1.2/§1.5/§1.6/§1.9 and the order of CASES.md. */
static contrast_code sweep_expect_milan_v2(size_t off, unsigned bit) {
  const unsigned b = (unsigned)((off & 7u) * 8u) + bit;
  if (off < 0x004)
    /* VERSION 2: a flip gives 3 (bit 0) or a version outside 2..5. v3
     * makes the CPUID bytes count; they are zero here: no known product */
    return CONTRAST_UNSUPPORTED;
  if (off >= 0x008 && off < 0x010) {
    /* POLICY: bit 17 must stay 1, bits 26..63 zero */
    if (b == 17 || b >= 26)
      return CONTRAST_MALFORMED;
    return CONTRAST_SIGNATURE;
  }
  if (off >= 0x034 && off < 0x038)
    return CONTRAST_UNSUPPORTED; /* SIGNATURE_ALGO != 1 */
  if (off >= 0x048 && off < 0x04C) {
    unsigned sb = (unsigned)((off - 0x048) * 8u) + bit;
    if (sb == 0)
      return CONTRAST_SIGNATURE; /* AUTHOR_KEY_EN */
    if (sb == 1)
      return CONTRAST_UNSUPPORTED; /* MASK_CHIP_KEY */
    if (sb == 2)
      return CONTRAST_CHAIN; /* SIGNING_KEY 1: VLEK asked, VCEK given */
    return CONTRAST_MALFORMED; /* SIGNING_KEY 2 or 4; bits 5..31 */
  }
  if (off >= 0x04C && off < 0x050)
    return CONTRAST_MALFORMED;
  if (off >= 0x188 && off < 0x1A0)
    return CONTRAST_MALFORMED; /* v2: reserved 0x188..0x1A0 */
  if (off == 0x1EB || off == 0x1EF)
    return CONTRAST_MALFORMED;
  if (off >= 0x1F8 && off < 0x2A0)
    return CONTRAST_MALFORMED; /* v2: reserved 0x1F8..0x2A0 */
  return CONTRAST_SIGNATURE;
}

/* The same for the test PKI's Turin v5 report (POLICY 0x30000, CPUID
 * 1Ah/02h/01h, LAUNCH and CURRENT_MIT_VECTOR 1, SIGNER_INFO 0). */
static contrast_code sweep_expect_turin_v5(size_t off, unsigned bit) {
  const unsigned b = (unsigned)((off & 7u) * 8u) + bit;
  if (off < 0x004) {
    /* 5 -> 4 (bit 0): the v3 layout, where 0x1F8.. is reserved but holds
     * the mitigation vector; any other flip leaves 2..5 */
    if (off == 0 && bit == 0)
      return CONTRAST_MALFORMED;
    return CONTRAST_UNSUPPORTED;
  }
  if (off >= 0x008 && off < 0x010)
    return b == 17 || b >= 26 ? CONTRAST_MALFORMED : CONTRAST_SIGNATURE;
  if (off >= 0x034 && off < 0x038)
    return CONTRAST_UNSUPPORTED;
  if (off >= 0x048 && off < 0x04C) {
    unsigned sb = (unsigned)((off - 0x048) * 8u) + bit;
    if (sb == 0)
      return CONTRAST_SIGNATURE;
    if (sb == 1)
      return CONTRAST_UNSUPPORTED;
    if (sb == 2)
      return CONTRAST_CHAIN;
    return CONTRAST_MALFORMED;
  }
  if (off >= 0x04C && off < 0x050)
    return CONTRAST_MALFORMED;
  if (off == 0x188)
    return CONTRAST_UNSUPPORTED; /* family 1Ah one flip away: never 19h/1Ah */
  if (off == 0x189) {
    /* model 02h: 03h, 00h, 06h, 0Ah stay Turin (<= 11h); 12h, 22h, 42h,
     * 82h do not */
    return bit < 4 ? CONTRAST_SIGNATURE : CONTRAST_UNSUPPORTED;
  }
  if (off == 0x18A)
    return CONTRAST_SIGNATURE; /* stepping */
  if (off >= 0x18B && off < 0x1A0)
    return CONTRAST_MALFORMED;
  if (off == 0x1EB || off == 0x1EF)
    return CONTRAST_MALFORMED;
  if (off >= 0x208 && off < 0x2A0)
    return CONTRAST_MALFORMED; /* v5: reserved 0x208..0x2A0 */
  return CONTRAST_SIGNATURE;
}

/* Flip every bit of 0x000..0x29F; verify without and with a shared cache.
 * Returns the number of flips that gave another code than expected. */
static size_t sweep(const snp_trust *trust, const uint8_t *report,
                    const snp_endorsements *e, int64_t now,
                    contrast_code (*want_of)(size_t, unsigned),
                    size_t counts[CONTRAST_CODE_COUNT_]) {
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_FATAL(cache != NULL);
  uint8_t *buf = malloc(SNP_REPORT_SIZE);
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(buf != NULL && v != NULL);
  size_t bad = 0;
  for (size_t off = 0; off < SNP_SIGNED_SIZE; off++) {
    for (unsigned bit = 0; bit < 8; bit++) {
      memcpy(buf, report, SNP_REPORT_SIZE);
      flip_bit(buf, off, bit);
      contrast_code want = want_of(off, bit);
      for (int pass = 0; pass < 2; pass++) {
        snp_verify_opts o = {now, 0, pass == 0 ? NULL : cache};
        contrast_err err;
        contrast_err_clear(&err);
        int rc = snp_verify(trust, buf, SNP_REPORT_SIZE, e, &o, v, &err);
        if (err.code != want || rc != -1) {
          if (bad < 20)
            fprintf(stderr,
                    "  offset 0x%03zx bit %u (%s): expected %s, got %s: %s\n",
                    off, bit, pass_names[pass], contrast_code_name(want),
                    contrast_code_name(err.code), err.detail);
          bad++;
        }
        if (pass == 0 && (size_t)err.code < CONTRAST_CODE_COUNT_)
          counts[err.code]++;
      }
    }
  }
  free(v);
  free(buf);
  snp_cache_free(cache);
  return bad;
}

static void test_snp_verify_real_milan_v2_bit_flip_sweep(void) {
  if (test_skip_sweeps()) {
    fprintf(stderr, "  (sweep skipped: CONTRAST_SKIP_SWEEPS=1) ");
    return;
  }
  contrast_trust amd;
  load_amd(&amd);
  size_t rlen = 0, vlen = 0;
  uint8_t *report = read_case_file("snp-milan-v2-idblock", "report.bin", &rlen);
  uint8_t *vcek = read_case_file("snp-milan-v2-idblock", "vcek.der", &vlen);
  CU_ASSERT_FATAL(rlen == SNP_REPORT_SIZE);
  snp_endorsements e = {vcek, vlen, SNP_VEK_VCEK, NULL, 0, NULL, 0};
  /* the unmodified report is accepted (empty policy: verification only) */
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  snp_verify_opts o = {T_2024_05_01, 0, NULL};
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(snp_verify(&amd.snp, report, rlen, &e, &o, v, &err), 0);
  ASSERT_CODE(err, CONTRAST_OK);
  free(v);
  size_t counts[CONTRAST_CODE_COUNT_] = {0};
  size_t bad = sweep(&amd.snp, report, &e, T_2024_05_01,
                     sweep_expect_milan_v2, counts);
  CU_ASSERT_EQUAL(bad, 0);
  /* the table's ranges, counted independently (bits) */
  CU_ASSERT_EQUAL(counts[CONTRAST_CHAIN], 1);
  CU_ASSERT_EQUAL(counts[CONTRAST_UNSUPPORTED], 32 + 32 + 1);
  CU_ASSERT_EQUAL(counts[CONTRAST_MALFORMED],
                  1 + 38 + 29 + 32 + 24 * 8 + 8 + 8 + 168 * 8);
  CU_ASSERT_EQUAL(counts[CONTRAST_SIGNATURE] + counts[CONTRAST_CHAIN] +
                      counts[CONTRAST_UNSUPPORTED] +
                      counts[CONTRAST_MALFORMED],
                  SNP_SIGNED_SIZE * 8);
  free(report);
  free(vcek);
  contrast_trust_wipe(&amd);
}

static void test_snp_verify_turin_v5_bit_flip_sweep(void) {
  if (test_skip_sweeps()) {
    fprintf(stderr, "  (sweep skipped: CONTRAST_SKIP_SWEEPS=1) ");
    return;
  }
  CASE(c, TURIN, 5, VCEK);
  tp_put_u64(c.report, TP_OFF_LAUNCH_MIT, 1);
  tp_put_u64(c.report, TP_OFF_CURRENT_MIT, 1);
  tp_case_build(&c);
  ASSERT_ONCE(&c, NULL, CONTRAST_OK);
  size_t counts[CONTRAST_CODE_COUNT_] = {0};
  size_t bad =
      sweep(&c.trust, c.report, &c.e, c.now, sweep_expect_turin_v5, counts);
  CU_ASSERT_EQUAL(bad, 0);
  tp_case_wipe(&c);
}

/* ==== registration ==== */

#define T(fn) {#fn, fn}
#define BOUND_T(name)                                                         \
  T(test_snp_verify_##name##_before_not_before_fails_expired),                \
      T(test_snp_verify_##name##_at_not_before_accepts),                      \
      T(test_snp_verify_##name##_at_not_after_accepts),                       \
      T(test_snp_verify_##name##_expired_after_not_after_fails_expired)

int main(void) {
  static const test_case tests[] = {
      /* accept */
      T(test_snp_verify_milan_v2_vcek_accepts),
      T(test_snp_verify_milan_v3_vcek_accepts),
      T(test_snp_verify_milan_v5_vcek_accepts),
      T(test_snp_verify_genoa_v2_vcek_accepts),
      T(test_snp_verify_genoa_v3_vcek_accepts),
      T(test_snp_verify_genoa_v4_vcek_accepts),
      T(test_snp_verify_genoa_v5_vcek_accepts),
      T(test_snp_verify_turin_v5_vcek_accepts),
      T(test_snp_verify_turin_v3_vcek_accepts),
      T(test_snp_verify_milan_v2_vlek_accepts),
      T(test_snp_verify_milan_v3_vlek_accepts),
      T(test_snp_verify_genoa_v5_vlek_accepts),
      T(test_snp_verify_turin_v5_vlek_accepts),
      T(test_snp_verify_vlek_nonzero_chip_id_accepts),
      T(test_snp_verify_vcek_as_pem_accepts),
      T(test_snp_verify_vlek_as_pem_accepts),
      T(test_snp_verify_hwid_der_wrapped_accepts),
      T(test_snp_verify_pinned_cert_chain_accepts),
      T(test_snp_verify_crl_not_listing_chain_accepts),
      T(test_snp_verify_crl_as_pem_accepts),
      T(test_snp_verify_require_crl_with_crl_accepts),
      T(test_snp_verify_cpuid_range_edges_accept),
      T(test_snp_verify_product_name_stepping_ignored_accepts),
      T(test_snp_verify_vek_not_after_generalized_time_bounds),
      /* real evidence */
      T(test_snp_verify_real_milan_v2_idblock_accepts),
      T(test_snp_verify_real_milan_v2_debug_with_chain_accepts),
      T(test_snp_verify_real_milan_v3_oak_accepts),
      T(test_snp_verify_real_genoa_v5_oak_with_chain_accepts),
      T(test_snp_verify_real_genoa_v3_azure_pem_accepts),
      T(test_snp_verify_real_milan_vlek_accepts),
      T(test_snp_verify_real_vlek_given_as_vcek_fails_chain),
      T(test_snp_verify_real_vcek_given_as_vlek_fails_chain),
      T(test_snp_verify_real_vlek_with_vcek_chain_fails_chain),
      T(test_snp_verify_real_derived_cases_give_their_codes),
      T(test_snp_verify_real_vcek_validity_bounds_inclusive),
      T(test_snp_verify_real_vcek_with_test_roots_fails_chain),
      T(test_snp_verify_real_vcek_empty_trust_fails_chain),
      /* MALFORMED */
      T(test_snp_verify_vcek_garbage_der_fails_malformed),
      T(test_snp_verify_vcek_truncated_der_fails_malformed),
      T(test_snp_verify_vcek_trailing_byte_fails_malformed),
      T(test_snp_verify_vcek_empty_fails_malformed),
      T(test_snp_verify_vcek_bad_pem_fails_malformed),
      T(test_snp_verify_cert_chain_garbage_fails_malformed),
      T(test_snp_verify_crl_garbage_fails_malformed),
      T(test_snp_verify_vek_missing_spl_extension_fails_malformed),
      T(test_snp_verify_turin_vek_missing_fmc_spl_fails_malformed),
      T(test_snp_verify_vek_duplicate_extension_fails_malformed),
      T(test_snp_verify_vek_bad_extension_encoding_fails_malformed),
      T(test_snp_verify_vek_hwid_wrong_length_fails_malformed),
      T(test_snp_verify_vek_unknown_amd_extension_fails_malformed),
      T(test_snp_verify_vek_unknown_critical_extension_fails_malformed),
      T(test_snp_verify_report_truncated_or_long_fails_malformed),
      T(test_snp_verify_report_reserved_set_fails_malformed),
      T(test_snp_verify_report_policy_reserved_fails_malformed),
      T(test_snp_verify_report_signer_info_reserved_fails_malformed),
      /* UNSUPPORTED */
      T(test_snp_verify_unknown_cpuid_product_fails_unsupported),
      T(test_snp_verify_unknown_version_fails_unsupported),
      T(test_snp_verify_unknown_signature_algo_fails_unsupported),
      T(test_snp_verify_signing_key_none_fails_unsupported),
      T(test_snp_verify_mask_chip_key_fails_unsupported),
      /* COLLATERAL */
      T(test_snp_verify_no_vek_fails_collateral),
      T(test_snp_verify_require_crl_without_crl_fails_collateral),
      T(test_snp_verify_crl_signed_by_other_key_fails_collateral),
      T(test_snp_verify_crl_issuer_not_ark_fails_collateral),
      T(test_snp_verify_crl_of_other_product_fails_collateral),
      /* SIGNATURE */
      T(test_snp_verify_flipped_bit_in_signed_area_fails_signature),
      T(test_snp_verify_signed_by_other_key_fails_signature),
      T(test_snp_verify_bad_signature_values_fail_signature),
      /* CHAIN */
      T(test_snp_verify_vek_signed_by_other_ask_fails_chain),
      T(test_snp_verify_vek_bad_signature_fails_chain),
      T(test_snp_verify_vek_signed_by_ark_fails_chain),
      T(test_snp_verify_vek_wrong_issuer_name_fails_chain),
      T(test_snp_verify_cert_chain_not_pinned_fails_chain),
      T(test_snp_verify_cert_chain_one_cert_swapped_fails_chain),
      T(test_snp_verify_cert_chain_wrong_length_fails_chain),
      T(test_snp_verify_cert_chain_reversed_fails_chain),
      T(test_snp_verify_cert_chain_of_other_kind_fails_chain),
      T(test_snp_verify_cert_chain_of_other_product_fails_chain),
      T(test_snp_verify_vcek_given_as_vlek_fails_chain),
      T(test_snp_verify_signing_key_vlek_with_vcek_fails_chain),
      T(test_snp_verify_vek_p256_key_fails_chain),
      T(test_snp_verify_vek_rsa_key_fails_chain),
      T(test_snp_verify_vek_point_off_curve_fails_chain),
      T(test_snp_verify_vek_pkcs1_signature_fails_chain),
      T(test_snp_verify_vek_pss_wrong_parameters_fails_chain),
      T(test_snp_verify_product_not_pinned_fails_chain),
      T(test_snp_verify_vlek_without_pinned_asvk_fails_chain),
      T(test_snp_verify_v2_issuer_names_no_product_fails_chain),
      T(test_snp_verify_genoa_report_with_milan_chain_fails_chain),
      T(test_snp_verify_vek_product_name_other_product_fails_chain),
      T(test_snp_verify_vek_subject_not_vcek_or_vlek_fails_chain),
      T(test_snp_verify_vek_extension_profile_of_other_kind_fails_chain),
      /* EXPIRED */
      BOUND_T(vcek),
      BOUND_T(vlek),
      BOUND_T(ask),
      BOUND_T(asvk),
      BOUND_T(ark),
      BOUND_T(ark_vlek_chain),
      T(test_snp_verify_crl_before_this_update_fails_expired),
      T(test_snp_verify_crl_at_this_update_accepts),
      T(test_snp_verify_crl_at_next_update_accepts),
      T(test_snp_verify_crl_after_next_update_fails_expired),
      T(test_snp_verify_ark_expired_with_pinned_chain_fails_expired),
      /* REVOKED */
      T(test_snp_verify_ask_serial_on_crl_fails_revoked),
      T(test_snp_verify_asvk_serial_on_crl_fails_revoked),
      T(test_snp_verify_revoked_with_require_crl_fails_revoked),
      /* TCB_MISMATCH */
      T(test_snp_verify_milan_bl_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_tee_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_snp_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_ucode_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_spl4_byte2_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_spl5_byte3_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_spl6_byte4_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_spl7_byte5_differs_fails_tcb_mismatch),
      T(test_snp_verify_genoa_bl_differs_fails_tcb_mismatch),
      T(test_snp_verify_genoa_tee_differs_fails_tcb_mismatch),
      T(test_snp_verify_genoa_snp_differs_fails_tcb_mismatch),
      T(test_snp_verify_genoa_ucode_differs_fails_tcb_mismatch),
      T(test_snp_verify_genoa_spl4_byte2_differs_fails_tcb_mismatch),
      T(test_snp_verify_genoa_spl7_byte5_differs_fails_tcb_mismatch),
      T(test_snp_verify_turin_fmc_differs_fails_tcb_mismatch),
      T(test_snp_verify_turin_bl_differs_fails_tcb_mismatch),
      T(test_snp_verify_turin_tee_differs_fails_tcb_mismatch),
      T(test_snp_verify_turin_snp_differs_fails_tcb_mismatch),
      T(test_snp_verify_turin_ucode_differs_fails_tcb_mismatch),
      T(test_snp_verify_vlek_tcb_differs_fails_tcb_mismatch),
      T(test_snp_verify_milan_v2_tcb_differs_fails_tcb_mismatch),
      T(test_snp_verify_turin_tcb_in_milan_layout_fails_tcb_mismatch),
      T(test_snp_verify_chip_id_differs_fails_tcb_mismatch),
      T(test_snp_verify_vcek_masked_chip_id_fails_tcb_mismatch),
      T(test_snp_verify_turin_chip_id_byte8_nonzero_fails_tcb_mismatch),
      T(test_snp_verify_turin_64_byte_hwid_fails_tcb_mismatch),
      T(test_snp_verify_milan_8_byte_hwid_fails_tcb_mismatch),
      /* order */
      T(test_snp_verify_two_faults_give_first_in_table_order),
      /* cache */
      T(test_snp_verify_cached_vek_still_expires),
      T(test_snp_verify_cached_vek_then_revoking_crl_fails_revoked),
      T(test_snp_verify_cached_crl_still_judged_at_now),
      T(test_snp_verify_cached_vek_other_inputs_rejected),
      T(test_snp_verify_cached_vek_other_trust_store_fails_chain),
      T(test_snp_verify_cache_after_repinning_matches_no_cache),
      T(test_snp_verify_cache_eviction_keeps_codes),
      /* sweeps */
      T(test_snp_verify_real_milan_v2_bit_flip_sweep),
      T(test_snp_verify_turin_v5_bit_flip_sweep),
      {NULL, NULL},
  };
  int rc = test_run_suite("snp_verify", tests);
  tp_cleanup();
  return rc;
}
