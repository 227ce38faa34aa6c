/* sim/pcs_server.c: the simulated PCS's routes, called without a socket
 * (sim_pcs_handle), over the Intel half of a keys directory. Expectations
 * come from the keys directory and the default specs of tdx_pki.h: the
 * collateral verifies with the stored TCB Signing key, the issuer chains
 * decode to the stored certificates, the CRLs keep the default revoked
 * serials and get the times the options ask for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <openssl/x509.h>

#include "contrast/util.h"
#include "httpd.h"
#include "simtest.h"
#include "testsupport.h"

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define LIFETIME INT64_C(2592000)
#define FMSPC "90C06F000000"

static char keysdir[256];
static int keys_made;

static void keys_make(void) {
  if (keys_made)
    return;
  st_tmpdir("pcssrv", keysdir);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_keys_write(keysdir, &err), 0);
  keys_made = 1;
}

static sim_pcs *pcs_make(int stale) {
  keys_make();
  contrast_err err;
  contrast_err_clear(&err);
  sim_pcs *p = NULL;
  CU_ASSERT_EQUAL_FATAL(sim_pcs_new(keysdir, T0, LIFETIME, stale, &p, &err),
                        0);
  return p;
}

static void get(sim_pcs *p, const char *path, const char *query, int64_t now,
                sim_http_resp *r) {
  contrast_err err;
  contrast_err_clear(&err);
  sim_http_resp_init(r);
  int rc = sim_pcs_handle(p, path, query, now, r, &err);
  if (rc != 0)
    fprintf(stderr, "  %s: %s: %s\n", path, contrast_code_name(err.code),
            err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static int status_of(sim_pcs *p, const char *path, const char *query) {
  sim_http_resp r;
  get(p, path, query, T0, &r);
  int s = r.status;
  sim_http_resp_wipe(&r);
  return s;
}

/* Percent-decoding (strict: %XX only). */
static char *pct_decode(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      CU_ASSERT_FATAL(i + 2 < n + 1 && s[i + 1] != '\0' && s[i + 2] != '\0');
      char h[3] = {s[i + 1], s[i + 2], 0};
      out[o++] = (char)strtol(h, NULL, 16);
      i += 2;
    } else {
      /* only unreserved characters stay plain */
      CU_ASSERT(strchr("-_.~", s[i]) != NULL ||
                (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
                (s[i] >= 'A' && s[i] <= 'Z'));
      out[o++] = s[i];
    }
  }
  out[o] = '\0';
  return out;
}

/* The issuer chain header of r is exactly the PEM of [a, root]. */
static void check_chain(sim_pcs *p, const sim_http_resp *r, const char *name,
                        sim_tdx_cert_spec a) {
  (void)p;
  CU_ASSERT_STRING_EQUAL(r->header_name, name);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r->header_value.p);
  CU_ASSERT_PTR_NULL(strchr((const char *)r->header_value.p, ' '));
  CU_ASSERT_PTR_NULL(strchr((const char *)r->header_value.p, '\n'));
  char *pem = pct_decode((const char *)r->header_value.p);
  sim_tdx_pki *pki = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_pki_load(keysdir, &pki, &err), 0);
  sim_tdx_cert_spec c[2] = {a, sim_tdx_root_spec()};
  sim_buf want = {0};
  CU_ASSERT_EQUAL_FATAL(sim_tdx_pem_chain(pki, c, 2, &want, &err), 0);
  CU_ASSERT_STRING_EQUAL(pem, (const char *)want.p);
  /* two PEM certificates */
  size_t count = 0;
  for (const char *s = pem; (s = strstr(s, "-----BEGIN CERTIFICATE-----"));
       s++)
    count++;
  CU_ASSERT_EQUAL(count, 2);
  sim_buf_free(&want);
  sim_tdx_pki_free(pki);
  free(pem);
}

static void check_times(json_t *obj, int64_t issue, int64_t next) {
  char a[32], b[32];
  contrast_time_format(issue, a);
  contrast_time_format(next, b);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(obj, "issueDate")),
                         a);
  CU_ASSERT_STRING_EQUAL(
      json_string_value(json_object_get(obj, "nextUpdate")), b);
}

static void test_sim_pcs_tcb_info_fresh_with_issuer_chain(void) {
  sim_pcs *p = pcs_make(0);
  static const char *const queries[] = {
      "fmspc=" FMSPC, "fmspc=90c06f000000", "fmspc=90C06f000000&update=early",
      "update=standard&fmspc=" FMSPC};
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
    sim_http_resp r;
    get(p, "/tdx/certification/v4/tcb", queries[i], T0 + 5, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(r.content_type, "application/json");
    /* {"tcbInfo":{...},"signature":"..."} as the simulator makes it */
    CU_ASSERT(strncmp((const char *)r.body.p, "{\"tcbInfo\":{", 12) == 0);
    json_error_t je;
    json_t *doc = json_loadb((const char *)r.body.p, r.body.len, 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    json_t *ti = json_object_get(doc, "tcbInfo");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(ti, "fmspc")),
                           FMSPC);
    check_times(ti, T0 - 3600, T0 + LIFETIME);
    CU_ASSERT_EQUAL(
        strlen(json_string_value(json_object_get(doc, "signature"))), 128);
    json_decref(doc);
    check_chain(p, &r, "TCB-Info-Issuer-Chain", sim_tdx_signer_spec());
    sim_http_resp_wipe(&r);
  }
  /* the body is signed once and served again until it expires */
  sim_http_resp a, b;
  get(p, "/tdx/certification/v4/tcb", "fmspc=" FMSPC, T0 + 6, &a);
  get(p, "/tdx/certification/v4/tcb", "fmspc=" FMSPC, T0 + LIFETIME - 1, &b);
  CU_ASSERT(a.body.len == b.body.len &&
            memcmp(a.body.p, b.body.p, a.body.len) == 0);
  sim_http_resp_wipe(&b);
  int64_t later = T0 + LIFETIME;
  get(p, "/tdx/certification/v4/tcb", "fmspc=" FMSPC, later, &b);
  json_error_t je;
  json_t *doc = json_loadb((const char *)b.body.p, b.body.len, 0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
  check_times(json_object_get(doc, "tcbInfo"), later - 3600, later + LIFETIME);
  json_decref(doc);
  sim_http_resp_wipe(&a);
  sim_http_resp_wipe(&b);
  sim_pcs_free(p);
}

static void test_sim_pcs_qe_identity_with_issuer_chain(void) {
  sim_pcs *p = pcs_make(0);
  static const char *const queries[] = {NULL, "update=standard",
                                        "update=early"};
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
    sim_http_resp r;
    get(p, "/tdx/certification/v4/qe/identity", queries[i], T0, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(r.content_type, "application/json");
    json_error_t je;
    json_t *doc = json_loadb((const char *)r.body.p, r.body.len, 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    json_t *qe = json_object_get(doc, "enclaveIdentity");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(qe, "id")),
                           "TD_QE");
    check_times(qe, T0 - 3600, T0 + LIFETIME);
    json_decref(doc);
    check_chain(p, &r, "SGX-Enclave-Identity-Issuer-Chain",
                sim_tdx_signer_spec());
    sim_http_resp_wipe(&r);
  }
  sim_pcs_free(p);
}

/* A DER CRL: signed by the key of issuer, the times, spec's serials. */
static void check_crl(const uint8_t *der, size_t len, sim_tdx_key signer,
                      const sim_tdx_crl_spec *spec, int64_t tu, int64_t nu) {
  const unsigned char *c = der;
  X509_CRL *crl = d2i_X509_CRL(NULL, &c, (long)len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(crl);
  CU_ASSERT_PTR_EQUAL(c, der + len);
  sim_tdx_pki *pki = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_pki_load(keysdir, &pki, &err), 0);
  EVP_PKEY *k = NULL;
  CU_ASSERT_EQUAL_FATAL(sim_tdx_pki_key(pki, signer, &k, &err), 0);
  CU_ASSERT_EQUAL(X509_CRL_verify(crl, k), 1);
  sim_tdx_pki_free(pki);
  CU_ASSERT_EQUAL(
      ASN1_TIME_cmp_time_t(X509_CRL_get0_lastUpdate(crl), (time_t)tu), 0);
  CU_ASSERT_EQUAL(
      ASN1_TIME_cmp_time_t(X509_CRL_get0_nextUpdate(crl), (time_t)nu), 0);
  const STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(crl);
  CU_ASSERT_EQUAL((size_t)sk_X509_REVOKED_num(rev), spec->n_revoked);
  X509_CRL_free(crl);
}

static void test_sim_pcs_pck_crls_with_issuer_chain(void) {
  sim_pcs *p = pcs_make(0);
  static const char *const queries[] = {"ca=platform",
                                        "ca=platform&encoding=der",
                                        "encoding=der&ca=processor"};
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
    int proc = strstr(queries[i], "processor") != NULL;
    sim_http_resp r;
    get(p, "/sgx/certification/v4/pckcrl", queries[i], T0, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(r.content_type, "application/pkix-crl");
    sim_tdx_crl_spec spec =
        proc ? sim_tdx_processor_crl_spec() : sim_tdx_pck_crl_spec();
    check_crl(r.body.p, r.body.len, spec.signer, &spec, T0 - 3600,
              T0 + LIFETIME);
    check_chain(p, &r, "SGX-PCK-CRL-Issuer-Chain",
                proc ? sim_tdx_processor_ca_spec()
                     : sim_tdx_platform_ca_spec());
    sim_http_resp_wipe(&r);
  }
  sim_pcs_free(p);
}

static void test_sim_pcs_root_crl_hex_and_der(void) {
  sim_pcs *p = pcs_make(0);
  sim_http_resp hex, der;
  get(p, "/sgx/certification/v4/rootcacrl", NULL, T0, &hex);
  get(p, "/IntelSGXRootCA.der", NULL, T0, &der);
  CU_ASSERT_EQUAL_FATAL(hex.status, 200);
  CU_ASSERT_EQUAL_FATAL(der.status, 200);
  CU_ASSERT_STRING_EQUAL(hex.content_type, "text/plain");
  CU_ASSERT_STRING_EQUAL(der.content_type, "application/pkix-crl");
  CU_ASSERT_EQUAL_FATAL(hex.body.len, 2 * der.body.len);
  char *want = contrast_hex_dup(der.body.p, der.body.len);
  CU_ASSERT_STRING_EQUAL((const char *)hex.body.p, want);
  free(want);
  sim_tdx_crl_spec spec = sim_tdx_root_crl_spec();
  check_crl(der.body.p, der.body.len, spec.signer, &spec, T0 - 3600,
            T0 + LIFETIME);
  CU_ASSERT_EQUAL(der.header_name[0], '\0');
  sim_http_resp_wipe(&hex);
  sim_http_resp_wipe(&der);
  sim_pcs_free(p);
}

static void test_sim_pcs_stale_crls_expired_a_day_ago(void) {
  sim_pcs *p = pcs_make(1);
  int64_t now = T0 + 50;
  sim_http_resp r;
  get(p, "/IntelSGXRootCA.der", NULL, now, &r);
  sim_tdx_crl_spec spec = sim_tdx_root_crl_spec();
  check_crl(r.body.p, r.body.len, spec.signer, &spec, now - 8 * 86400,
            now - 86400);
  sim_http_resp_wipe(&r);
  get(p, "/sgx/certification/v4/pckcrl", "ca=platform", now, &r);
  spec = sim_tdx_pck_crl_spec();
  check_crl(r.body.p, r.body.len, spec.signer, &spec, now - 8 * 86400,
            now - 86400);
  sim_http_resp_wipe(&r);
  /* collateral stays fresh */
  get(p, "/tdx/certification/v4/tcb", "fmspc=" FMSPC, now, &r);
  json_error_t je;
  json_t *doc = json_loadb((const char *)r.body.p, r.body.len, 0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
  check_times(json_object_get(doc, "tcbInfo"), T0 - 3600, T0 + LIFETIME);
  json_decref(doc);
  sim_http_resp_wipe(&r);
  sim_pcs_free(p);
}

static void test_sim_pcs_statuses(void) {
  sim_pcs *p = pcs_make(0);
  const char *tcb = "/tdx/certification/v4/tcb";
  CU_ASSERT_EQUAL(status_of(p, tcb, "fmspc=00606A000000"), 404);
  CU_ASSERT_EQUAL(status_of(p, tcb, NULL), 400);
  CU_ASSERT_EQUAL(status_of(p, tcb, "update=early"), 400);
  CU_ASSERT_EQUAL(status_of(p, tcb, "fmspc=90C06F0000"), 400);
  CU_ASSERT_EQUAL(status_of(p, tcb, "fmspc=90C06F00000G"), 400);
  CU_ASSERT_EQUAL(status_of(p, tcb, "fmspc=" FMSPC "&update=late"), 400);
  CU_ASSERT_EQUAL(status_of(p, tcb, "fmspc=" FMSPC "&x=1"), 400);
  CU_ASSERT_EQUAL(status_of(p, tcb, "fmspc=" FMSPC "&fmspc=" FMSPC), 400);
  const char *qe = "/tdx/certification/v4/qe/identity";
  CU_ASSERT_EQUAL(status_of(p, qe, "update=never"), 400);
  CU_ASSERT_EQUAL(status_of(p, qe, "fmspc=" FMSPC), 400);
  const char *crl = "/sgx/certification/v4/pckcrl";
  CU_ASSERT_EQUAL(status_of(p, crl, NULL), 400);
  CU_ASSERT_EQUAL(status_of(p, crl, "ca=root"), 400);
  CU_ASSERT_EQUAL(status_of(p, crl, "ca=platform&encoding=pem"), 400);
  CU_ASSERT_EQUAL(status_of(p, "/sgx/certification/v4/rootcacrl", "a=1"),
                  400);
  static const char *const nf[] = {"/", "/tdx/certification/v4/tcb/",
                                   "/sgx/certification/v4/tcb",
                                   "/tdx/certification/v3/tcb",
                                   "/tdx/certification/v4/qe/identity/x",
                                   "/sgx/certification/v4/pckcert",
                                   "/IntelSGXRootCA.crl"};
  for (size_t i = 0; i < sizeof nf / sizeof nf[0]; i++)
    CU_ASSERT_EQUAL(status_of(p, nf[i], "fmspc=" FMSPC), 404);
  sim_pcs_free(p);
}

static void test_sim_pcs_new_missing_keys_fails_io(void) {
  char dir[256];
  st_tmpdir("pcsempty", dir);
  contrast_err err;
  contrast_err_clear(&err);
  sim_pcs *p = NULL;
  CU_ASSERT_EQUAL(sim_pcs_new(dir, T0, LIFETIME, 0, &p, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(p);
  st_rmtree(dir);
}

static void test_sim_pcs_cleanup(void) {
  if (keys_made)
    st_rmtree(keysdir);
  keys_made = 0;
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_pcs_tcb_info_fresh_with_issuer_chain",
       test_sim_pcs_tcb_info_fresh_with_issuer_chain},
      {"test_sim_pcs_qe_identity_with_issuer_chain",
       test_sim_pcs_qe_identity_with_issuer_chain},
      {"test_sim_pcs_pck_crls_with_issuer_chain",
       test_sim_pcs_pck_crls_with_issuer_chain},
      {"test_sim_pcs_root_crl_hex_and_der", test_sim_pcs_root_crl_hex_and_der},
      {"test_sim_pcs_stale_crls_expired_a_day_ago",
       test_sim_pcs_stale_crls_expired_a_day_ago},
      {"test_sim_pcs_statuses", test_sim_pcs_statuses},
      {"test_sim_pcs_new_missing_keys_fails_io",
       test_sim_pcs_new_missing_keys_fails_io},
      {"test_sim_pcs_cleanup", test_sim_pcs_cleanup},
      {NULL, NULL}};
  return test_run_suite("sim_pcs_server", tests);
}
