/* sim/kds_server.c: the simulated KDS's routes, called without a socket
 * (sim_kds_handle), over a keys directory made with the test root keys.
 * Expectations come from the keys directory itself: the VCEK served is
 * the one `keys init` stored, the chains are its files, the CRL verifies
 * with its ARK and carries the times the options ask for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/x509.h>

#include "contrast/util.h"
#include "httpd.h"
#include "sim.h"
#include "simtest.h"
#include "testsupport.h"

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define LIFETIME INT64_C(604800)

static char keysdir[256];
static int keys_made;

/* One keys directory for the suite, made by the first test that needs it */
static void keys_make(void) {
  if (keys_made)
    return;
  st_tmpdir("kdssrv", keysdir);
  st_keys_init(keysdir);
  keys_made = 1;
}

static sim_kds *kds_make(int64_t lifetime, int stale) {
  keys_make();
  contrast_err err;
  contrast_err_clear(&err);
  sim_kds *k = NULL;
  CU_ASSERT_EQUAL_FATAL(sim_kds_new(keysdir, T0, lifetime, stale, &k, &err),
                        0);
  return k;
}

/* GET path?query at now; the response is left in r (caller wipes). */
static void get(sim_kds *k, const char *path, const char *query, int64_t now,
                sim_http_resp *r) {
  contrast_err err;
  contrast_err_clear(&err);
  sim_http_resp_init(r);
  int rc = sim_kds_handle(k, path, query, now, r, &err);
  if (rc != 0)
    fprintf(stderr, "  %s: %s: %s\n", path, contrast_code_name(err.code),
            err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static int status_of(sim_kds *k, const char *path, const char *query) {
  sim_http_resp r;
  get(k, path, query, T0, &r);
  int s = r.status;
  sim_http_resp_wipe(&r);
  return s;
}

static void chip_hex(snp_product p, size_t i, int upper, char *out) {
  keys_make();
  sim_snp_pki pki;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_pki_load(keysdir, &pki, &err), 0);
  size_t n = p == SNP_PRODUCT_TURIN ? 8 : 64;
  sim_hex(pki.p[p].chips[i], n, !upper, out);
  sim_snp_pki_wipe(&pki);
}

static void default_query(snp_product p, char *q, size_t cap) {
  sim_snp_tcb t = sim_snp_tcb_default(p);
  int n = snprintf(q, cap, "blSPL=%u&teeSPL=%u&snpSPL=%u&ucodeSPL=%u",
                   t.bl, t.tee, t.snp, t.ucode);
  if (p == SNP_PRODUCT_TURIN)
    (void)snprintf(q + n, cap - (size_t)n, "&fmcSPL=%u", t.fmc);
}

/* ---- the VCEK query ---- */

static void test_sim_kds_vcek_tcb_replaces_spls(void) {
  contrast_err err;
  contrast_err_clear(&err);
  sim_snp_tcb t;
  /* any order, leading zeros */
  CU_ASSERT_EQUAL_FATAL(
      sim_kds_vcek_tcb(SNP_PRODUCT_MILAN,
                       "ucodeSPL=209&snpSPL=22&teeSPL=0&blSPL=04", &t, &err),
      0);
  sim_snp_tcb want = sim_snp_tcb_default(SNP_PRODUCT_MILAN);
  want.bl = 4;
  want.tee = 0;
  want.snp = 22;
  want.ucode = 209;
  CU_ASSERT_EQUAL(sim_snp_tcb_raw(SNP_PRODUCT_MILAN, &t),
                  sim_snp_tcb_raw(SNP_PRODUCT_MILAN, &want));
  /* Turin also takes fmcSPL */
  CU_ASSERT_EQUAL_FATAL(
      sim_kds_vcek_tcb(SNP_PRODUCT_TURIN,
                       "fmcSPL=9&blSPL=8&teeSPL=7&snpSPL=6&ucodeSPL=255", &t,
                       &err),
      0);
  want = sim_snp_tcb_default(SNP_PRODUCT_TURIN);
  want.fmc = 9;
  want.bl = 8;
  want.tee = 7;
  want.snp = 6;
  want.ucode = 255;
  CU_ASSERT_EQUAL(sim_snp_tcb_raw(SNP_PRODUCT_TURIN, &t),
                  sim_snp_tcb_raw(SNP_PRODUCT_TURIN, &want));
  /* the default query gives the default TCB */
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    char q[128];
    default_query((snp_product)p, q, sizeof q);
    CU_ASSERT_EQUAL_FATAL(sim_kds_vcek_tcb((snp_product)p, q, &t, &err), 0);
    sim_snp_tcb d = sim_snp_tcb_default((snp_product)p);
    CU_ASSERT_EQUAL(sim_snp_tcb_raw((snp_product)p, &t),
                    sim_snp_tcb_raw((snp_product)p, &d));
  }
}

static void test_sim_kds_vcek_tcb_bad_query_fails_usage(void) {
  static const struct {
    snp_product p;
    const char *q;
  } bad[] = {
      {SNP_PRODUCT_MILAN, "blSPL=1&teeSPL=1&snpSPL=1"}, /* missing */
      {SNP_PRODUCT_MILAN, "blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1&fmcSPL=1"},
      {SNP_PRODUCT_TURIN, "blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1"},
      {SNP_PRODUCT_GENOA, "blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=256"},
      {SNP_PRODUCT_GENOA, "blSPL=-1&teeSPL=1&snpSPL=1&ucodeSPL=1"},
      {SNP_PRODUCT_GENOA, "blSPL=0x1&teeSPL=1&snpSPL=1&ucodeSPL=1"},
      {SNP_PRODUCT_GENOA, "blSPL=0001&teeSPL=1&snpSPL=1&ucodeSPL=1"},
      {SNP_PRODUCT_GENOA, "blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1&x=1"},
      {SNP_PRODUCT_GENOA, "blSPL=1&blSPL=1&teeSPL=1&snpSPL=1&ucodeSPL=1"},
      {SNP_PRODUCT_GENOA, "blspl=1&teeSPL=1&snpSPL=1&ucodeSPL=1"},
      {SNP_PRODUCT_GENOA, ""},
      {SNP_PRODUCT_GENOA, NULL},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    sim_snp_tcb t;
    CU_ASSERT_EQUAL(sim_kds_vcek_tcb(bad[i].p, bad[i].q, &t, &err), -1);
    ASSERT_CODE(err, CONTRAST_E_USAGE);
  }
}

/* ---- routes ---- */

static void test_sim_kds_vcek_is_the_stored_vcek(void) {
  sim_kds *k = kds_make(LIFETIME, 0);
  for (int pi = SNP_PRODUCT_MILAN; pi < SNP_PRODUCT_COUNT_; pi++) {
    snp_product p = (snp_product)pi;
    char hwid[129], upper[129], q[128], path[256];
    chip_hex(p, 1, 0, hwid);
    chip_hex(p, 1, 1, upper);
    default_query(p, q, sizeof q);
    (void)snprintf(path, sizeof path, "/vcek/v1/%s/%s", sim_snp_title(p),
                   hwid);
    sim_http_resp r;
    get(k, path, q, T0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(r.content_type, "application/pkix-cert");
    /* keys init stored every chip's VCEK at the default TCB */
    sim_snp_tcb d = sim_snp_tcb_default(p);
    char file[4096];
    (void)snprintf(file, sizeof file, "%s/amd/%s/vcek/%s/%016llx.pem",
                   keysdir, snp_product_dir(p), hwid,
                   (unsigned long long)sim_snp_tcb_raw(p, &d));
    X509 *want = NULL;
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(sim_read_cert(file, &want, &err), 0);
    const unsigned char *c = r.body.p;
    X509 *got = d2i_X509(NULL, &c, (long)r.body.len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_PTR_EQUAL(c, r.body.p + r.body.len);
    CU_ASSERT_EQUAL(X509_cmp(got, want), 0);
    X509_free(got);
    sim_http_resp_wipe(&r);
    /* the hwid in upper case is the same chip */
    (void)snprintf(path, sizeof path, "/vcek/v1/%s/%s", sim_snp_title(p),
                   upper);
    sim_http_resp r2;
    get(k, path, q, T0, &r2);
    CU_ASSERT_EQUAL(r2.status, 200);
    c = r2.body.p;
    got = d2i_X509(NULL, &c, (long)r2.body.len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(X509_cmp(got, want), 0);
    X509_free(got);
    X509_free(want);
    sim_http_resp_wipe(&r2);
  }
  sim_kds_free(k);
}

static void test_sim_kds_vcek_other_tcb_is_issued_and_stored(void) {
  sim_kds *k = kds_make(LIFETIME, 0);
  char hwid[129], path[256];
  chip_hex(SNP_PRODUCT_GENOA, 0, 0, hwid);
  (void)snprintf(path, sizeof path, "/vcek/v1/Genoa/%s", hwid);
  sim_http_resp r;
  get(k, path, "blSPL=1&teeSPL=2&snpSPL=3&ucodeSPL=4", T0, &r);
  CU_ASSERT_EQUAL_FATAL(r.status, 200);
  sim_snp_tcb t = sim_snp_tcb_default(SNP_PRODUCT_GENOA);
  t.bl = 1;
  t.tee = 2;
  t.snp = 3;
  t.ucode = 4;
  char file[4096];
  (void)snprintf(file, sizeof file, "%s/amd/%s/vcek/%s/%016llx.pem", keysdir,
                 snp_product_dir(SNP_PRODUCT_GENOA), hwid,
                 (unsigned long long)sim_snp_tcb_raw(SNP_PRODUCT_GENOA, &t));
  CU_ASSERT(st_exists(file));
  /* asked again: the same certificate */
  sim_http_resp r2;
  get(k, path, "ucodeSPL=4&snpSPL=3&teeSPL=2&blSPL=1", T0, &r2);
  CU_ASSERT_EQUAL(r2.status, 200);
  CU_ASSERT_EQUAL(r.body.len, r2.body.len);
  CU_ASSERT(r.body.len == r2.body.len &&
            memcmp(r.body.p, r2.body.p, r.body.len) == 0);
  sim_http_resp_wipe(&r);
  sim_http_resp_wipe(&r2);
  sim_kds_free(k);
}

static void test_sim_kds_statuses(void) {
  sim_kds *k = kds_make(LIFETIME, 0);
  char hwid[129], turin[17], path[256], q[128];
  chip_hex(SNP_PRODUCT_MILAN, 0, 0, hwid);
  chip_hex(SNP_PRODUCT_TURIN, 0, 0, turin);
  default_query(SNP_PRODUCT_MILAN, q, sizeof q);
  /* a bad query: 400 */
  (void)snprintf(path, sizeof path, "/vcek/v1/Milan/%s", hwid);
  CU_ASSERT_EQUAL(status_of(k, path, "blSPL=1"), 400);
  CU_ASSERT_EQUAL(status_of(k, path, NULL), 400);
  /* a chip of another product, a Turin-length hwid on Milan, a Milan
   * hwid on Turin, an unknown chip, not hex: 404 */
  char other[129];
  chip_hex(SNP_PRODUCT_GENOA, 0, 0, other);
  (void)snprintf(path, sizeof path, "/vcek/v1/Milan/%s", other);
  CU_ASSERT_EQUAL(status_of(k, path, q), 404);
  (void)snprintf(path, sizeof path, "/vcek/v1/Milan/%s", turin);
  CU_ASSERT_EQUAL(status_of(k, path, q), 404);
  char tq[128];
  default_query(SNP_PRODUCT_TURIN, tq, sizeof tq);
  (void)snprintf(path, sizeof path, "/vcek/v1/Turin/%s", turin);
  CU_ASSERT_EQUAL(status_of(k, path, tq), 200);
  (void)snprintf(path, sizeof path, "/vcek/v1/Turin/%s", hwid);
  CU_ASSERT_EQUAL(status_of(k, path, tq), 404);
  char flipped[129];
  memcpy(flipped, hwid, sizeof flipped);
  flipped[5] = flipped[5] == '0' ? '1' : '0';
  (void)snprintf(path, sizeof path, "/vcek/v1/Milan/%s", flipped);
  CU_ASSERT_EQUAL(status_of(k, path, q), 404);
  flipped[5] = 'g';
  (void)snprintf(path, sizeof path, "/vcek/v1/Milan/%s", flipped);
  CU_ASSERT_EQUAL(status_of(k, path, q), 404);
  /* VLEKs are for CSPs */
  CU_ASSERT_EQUAL(status_of(k, "/vlek/v1/Milan/cert", q), 403);
  CU_ASSERT_EQUAL(status_of(k, "/vlek/v1/Turin/cert", NULL), 403);
  /* everything else */
  static const char *const nf[] = {
      "/",          "/vcek",          "/vcek/v1/Milan",
      "/vcek/v1/milan/crl", "/vcek/v2/Milan/crl", "/vcek/v1/Milan/crl/",
      "/vcek/v1/Bergamo/crl", "/vcek//Milan/crl", "/vlek/v1/Milan/x",
      "/vcek/v1/Milan/cert_chain/x", "/vcek/v1/Milan/"};
  for (size_t i = 0; i < sizeof nf / sizeof nf[0]; i++) {
    int s = status_of(k, nf[i], NULL);
    if (s != 404)
      fprintf(stderr, "  %s -> %d\n", nf[i], s);
    CU_ASSERT_EQUAL(s, 404);
  }
  sim_kds_free(k);
}

static void test_sim_kds_cert_chains_are_the_stored_bundles(void) {
  sim_kds *k = kds_make(LIFETIME, 0);
  static const char *const files[2] = {"cert_chain.pem",
                                       "vlek_cert_chain.pem"};
  static const char *const kinds[2] = {"vcek", "vlek"};
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    for (int v = 0; v < 2; v++) {
      char path[256], file[4096];
      (void)snprintf(path, sizeof path, "/%s/v1/%s/cert_chain", kinds[v],
                     sim_snp_title((snp_product)p));
      (void)snprintf(file, sizeof file, "%s/amd/%s/%s", keysdir,
                     snp_product_dir((snp_product)p), files[v]);
      size_t len = 0;
      uint8_t *want = st_read(file, &len);
      sim_http_resp r;
      get(k, path, NULL, T0, &r);
      CU_ASSERT_EQUAL(r.status, 200);
      CU_ASSERT_STRING_EQUAL(r.content_type, "application/x-pem-file");
      CU_ASSERT(r.body.len == len && memcmp(r.body.p, want, len) == 0);
      free(want);
      sim_http_resp_wipe(&r);
    }
  }
  sim_kds_free(k);
}

/* The CRL of a response: verifies with the product's ARK, has the times. */
static void check_crl(const sim_http_resp *r, snp_product p, int64_t tu,
                      int64_t nu) {
  CU_ASSERT_EQUAL_FATAL(r->status, 200);
  CU_ASSERT_STRING_EQUAL(r->content_type, "application/pkix-crl");
  const unsigned char *c = r->body.p;
  X509_CRL *crl = d2i_X509_CRL(NULL, &c, (long)r->body.len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(crl);
  CU_ASSERT_PTR_EQUAL(c, r->body.p + r->body.len);
  sim_snp_pki pki;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_pki_load(keysdir, &pki, &err), 0);
  CU_ASSERT_EQUAL(X509_CRL_verify(crl, pki.p[p].ark), 1);
  sim_snp_pki_wipe(&pki);
  CU_ASSERT_EQUAL(
      ASN1_TIME_cmp_time_t(X509_CRL_get0_lastUpdate(crl), (time_t)tu), 0);
  CU_ASSERT_EQUAL(
      ASN1_TIME_cmp_time_t(X509_CRL_get0_nextUpdate(crl), (time_t)nu), 0);
  const STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(crl);
  CU_ASSERT(rev == NULL || sk_X509_REVOKED_num(rev) == 0);
  X509_CRL_free(crl);
}

static void test_sim_kds_crl_fresh_then_resigned_when_expired(void) {
  sim_kds *k = kds_make(LIFETIME, 0);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    char path[64];
    (void)snprintf(path, sizeof path, "/vcek/v1/%s/crl",
                   sim_snp_title((snp_product)p));
    sim_http_resp r;
    get(k, path, NULL, T0 + 10, &r);
    check_crl(&r, (snp_product)p, T0 - 3600, T0 + LIFETIME);
    sim_http_resp_wipe(&r);
    (void)snprintf(path, sizeof path, "/vlek/v1/%s/crl",
                   sim_snp_title((snp_product)p));
    get(k, path, NULL, T0 + LIFETIME - 1, &r);
    check_crl(&r, (snp_product)p, T0 - 3600, T0 + LIFETIME);
    sim_http_resp_wipe(&r);
  }
  /* at nextUpdate the CRL has expired: a new one from now */
  int64_t later = T0 + LIFETIME;
  sim_http_resp r;
  get(k, "/vcek/v1/Milan/crl", NULL, later, &r);
  check_crl(&r, SNP_PRODUCT_MILAN, later - 3600, later + LIFETIME);
  sim_http_resp_wipe(&r);
  sim_kds_free(k);
}

static void test_sim_kds_stale_crl_expired_a_day_ago(void) {
  sim_kds *k = kds_make(LIFETIME, 1);
  int64_t now = T0 + 100;
  sim_http_resp r;
  get(k, "/vcek/v1/Genoa/crl", NULL, now, &r);
  check_crl(&r, SNP_PRODUCT_GENOA, now - 8 * 86400, now - 86400);
  sim_http_resp_wipe(&r);
  sim_kds_free(k);
}

static void test_sim_kds_new_missing_keys_fails_io(void) {
  char dir[256];
  st_tmpdir("kdsempty", dir);
  contrast_err err;
  contrast_err_clear(&err);
  sim_kds *k = NULL;
  CU_ASSERT_EQUAL(sim_kds_new(dir, T0, LIFETIME, 0, &k, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(k);
  st_rmtree(dir);
}

static void test_sim_kds_cleanup(void) {
  if (keys_made)
    st_rmtree(keysdir);
  keys_made = 0;
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_kds_vcek_tcb_replaces_spls",
       test_sim_kds_vcek_tcb_replaces_spls},
      {"test_sim_kds_vcek_tcb_bad_query_fails_usage",
       test_sim_kds_vcek_tcb_bad_query_fails_usage},
      {"test_sim_kds_vcek_is_the_stored_vcek",
       test_sim_kds_vcek_is_the_stored_vcek},
      {"test_sim_kds_vcek_other_tcb_is_issued_and_stored",
       test_sim_kds_vcek_other_tcb_is_issued_and_stored},
      {"test_sim_kds_statuses", test_sim_kds_statuses},
      {"test_sim_kds_cert_chains_are_the_stored_bundles",
       test_sim_kds_cert_chains_are_the_stored_bundles},
      {"test_sim_kds_crl_fresh_then_resigned_when_expired",
       test_sim_kds_crl_fresh_then_resigned_when_expired},
      {"test_sim_kds_stale_crl_expired_a_day_ago",
       test_sim_kds_stale_crl_expired_a_day_ago},
      {"test_sim_kds_new_missing_keys_fails_io",
       test_sim_kds_new_missing_keys_fails_io},
      {"test_sim_kds_cleanup", test_sim_kds_cleanup},
      {NULL, NULL}};
  return test_run_suite("sim_kds_server", tests);
}
