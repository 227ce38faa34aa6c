/* Tests of backends/tdx/pcs.c: PCS v4 URLs (FMSPC in upper-case hex, PCK
 * CRL by CA kind, the root CA CRL URL rules), issuer-chain headers
 * (percent-encoded PEM: valid, '+', bad escapes, missing), and
 * tdx_pcs_complete against the loopback server of testserver.h serving the
 * test PKI's collateral the way PCS/PCCS do (issuer chains in URL-encoded
 * headers, the root CA CRL as hex): it fetches exactly what the collateral
 * lacks, the result verifies, and a second run comes from the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/testserver.h"
#include "contrast/pcs.h"
#include "tdxpki.h"
#include "testsupport.h"

#define BASE "https://pcs.test"
#define PCCS "http://127.0.0.1:8081"

static void test_pcs_urls_exact(void) {
  static const uint8_t fmspc[6] = {0xb0, 0xc0, 0x6f, 0x00, 0x0a, 0xff};
  char got[TDX_PCS_URL_MAX];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_tcb_info_url(BASE, fmspc, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(got,
                         BASE "/tdx/certification/v4/tcb?fmspc=B0C06F000AFF");
  CU_ASSERT_EQUAL(tdx_pcs_qe_identity_url(BASE, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(got, BASE "/tdx/certification/v4/qe/identity");
  CU_ASSERT_EQUAL(tdx_pcs_pck_crl_url(BASE, 0, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(
      got, BASE "/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
  CU_ASSERT_EQUAL(tdx_pcs_pck_crl_url(BASE, 1, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(
      got, BASE "/sgx/certification/v4/pckcrl?ca=processor&encoding=der");
  CU_ASSERT_EQUAL(e.code, CONTRAST_OK);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_qe_identity_url(BASE, got, 20, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
}

static void test_pcs_root_crl_url_rules(void) {
  char *saved = getenv("CONTRAST_ROOT_CRL_URL") != NULL
                    ? strdup(getenv("CONTRAST_ROOT_CRL_URL"))
                    : NULL;
  char *saved_pcs = getenv("CONTRAST_PCS_URL") != NULL
                        ? strdup(getenv("CONTRAST_PCS_URL"))
                        : NULL;
  unsetenv("CONTRAST_ROOT_CRL_URL");
  unsetenv("CONTRAST_PCS_URL");
  char got[TDX_PCS_URL_MAX];
  contrast_err e;
  contrast_err_clear(&e);
  /* Intel's PCS: the CRL distribution point of Intel's root */
  CU_ASSERT_EQUAL(tdx_pcs_root_crl_url(NULL, NULL, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(
      got, "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");
  CU_ASSERT_EQUAL(tdx_pcs_root_crl_url("https://api.trustedservices.intel.com/",
                                       NULL, got, sizeof got, &e),
                  0);
  CU_ASSERT_STRING_EQUAL(
      got, "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");
  /* a PCCS or simulator */
  CU_ASSERT_EQUAL(tdx_pcs_root_crl_url(PCCS, NULL, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(got, PCCS "/sgx/certification/v4/rootcacrl");
  setenv("CONTRAST_PCS_URL", PCCS, 1);
  CU_ASSERT_EQUAL(tdx_pcs_root_crl_url(NULL, NULL, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(got, PCCS "/sgx/certification/v4/rootcacrl");
  CU_ASSERT_STRING_EQUAL(tdx_pcs_base(NULL), PCCS);
  CU_ASSERT_STRING_EQUAL(tdx_pcs_base("http://o"), "http://o");
  unsetenv("CONTRAST_PCS_URL");
  CU_ASSERT_STRING_EQUAL(tdx_pcs_base(NULL), TDX_PCS_DEFAULT_URL);
  /* the environment, then an explicit override */
  setenv("CONTRAST_ROOT_CRL_URL", "http://env/crl", 1);
  CU_ASSERT_EQUAL(tdx_pcs_root_crl_url(PCCS, NULL, got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(got, "http://env/crl");
  CU_ASSERT_EQUAL(
      tdx_pcs_root_crl_url(PCCS, "http://over/crl", got, sizeof got, &e), 0);
  CU_ASSERT_STRING_EQUAL(got, "http://over/crl");
  CU_ASSERT_EQUAL(e.code, CONTRAST_OK);
  unsetenv("CONTRAST_ROOT_CRL_URL");
  if (saved != NULL)
    setenv("CONTRAST_ROOT_CRL_URL", saved, 1);
  if (saved_pcs != NULL)
    setenv("CONTRAST_PCS_URL", saved_pcs, 1);
  free(saved);
  free(saved_pcs);
}

static void set_header(contrast_http_response *r, const char *name,
                       const char *value) {
  size_t i = r->n_headers++;
  r->headers[i].name = strdup(name);
  r->headers[i].value = strdup(value);
}

static const char *const tcb_names[] = {"TCB-Info-Issuer-Chain",
                                        "SGX-TCB-Info-Issuer-Chain", NULL};

static void test_pcs_issuer_chain_decoding(void) {
  contrast_http_response r;
  memset(&r, 0, sizeof r);
  uint8_t *out = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  /* missing */
  CU_ASSERT_EQUAL(tdx_pcs_issuer_chain(&r, tcb_names, &out, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_STRING_EQUAL(e.detail,
                         "the response has no TCB-Info-Issuer-Chain header");
  CU_ASSERT_PTR_NULL(out);
  /* the older SGX name, with '+' for spaces */
  set_header(&r, "sgx-tcb-info-issuer-chain",
             "-----BEGIN+CERTIFICATE-----%0AMIIB%2F%2b%0A-----END%20"
             "CERTIFICATE-----%0A");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_pcs_issuer_chain(&r, tcb_names, &out, &len, &e),
                        0);
  const char *want = "-----BEGIN CERTIFICATE-----\nMIIB/+\n-----END "
                     "CERTIFICATE-----\n";
  CU_ASSERT_EQUAL(len, strlen(want));
  CU_ASSERT_EQUAL(memcmp(out, want, len), 0);
  CU_ASSERT_EQUAL(out[len], 0);
  free(out);
  /* the first name wins when both are there */
  set_header(&r, "TCB-Info-Issuer-Chain", "first");
  CU_ASSERT_EQUAL_FATAL(tdx_pcs_issuer_chain(&r, tcb_names, &out, &len, &e),
                        0);
  CU_ASSERT_EQUAL(len, 5);
  CU_ASSERT_EQUAL(memcmp(out, "first", 5), 0);
  free(out);
  contrast_http_response_wipe(&r);
  /* bad escapes */
  static const char *const bad[] = {"-----BEGIN%2", "%G0", "abc%", "%z1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    memset(&r, 0, sizeof r);
    set_header(&r, "SGX-PCK-CRL-Issuer-Chain", bad[i]);
    const char *const names[] = {"SGX-PCK-CRL-Issuer-Chain", NULL};
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(tdx_pcs_issuer_chain(&r, names, &out, &len, &e), -1);
    ASSERT_CODE(e, CONTRAST_E_FETCH);
    CU_ASSERT_PTR_NULL(out);
    contrast_http_response_wipe(&r);
  }
}

/* ---- the loopback PCS ---- */

typedef struct pcs_data {
  const tt_case *c;
  char fmspc_target[128];
  const char *crl_target; /* the PCK CRL path expected */
  int old_tcb_header;     /* SGX-TCB-Info-Issuer-Chain, '+' for spaces */
  int root_crl_raw;       /* DER instead of hex */
  int no_qe_header;       /* QE identity without its issuer chain */
} pcs_data;

/* Percent-encode everything but unreserved characters (as PCS does). */
static char *pct(const uint8_t *p, size_t n, int plus_for_space) {
  char *o = malloc(3 * n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t ch = p[i];
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
        (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
        ch == '~') {
      o[k++] = (char)ch;
    } else if (ch == ' ' && plus_for_space) {
      o[k++] = '+';
    } else {
      (void)sprintf(o + k, "%%%02X", ch);
      k += 3;
    }
  }
  o[k] = '\0';
  return o;
}

static void respond_with_chain(ts_buf *reply, const char *ct, const char *name,
                               const uint8_t *chain, size_t chain_len,
                               int plus, const uint8_t *body, size_t len) {
  char *enc = pct(chain, chain_len, plus);
  ts_buf extra = {0};
  ts_buf_printf(&extra, "%s: %s\r\n", name, enc);
  ts_respond(reply, 200, ct, extra.p, body, len);
  free(extra.p);
  free(enc);
}

static void pcs_handler(void *arg, unsigned index, const char *target,
                        ts_buf *reply) {
  (void)index;
  const pcs_data *d = arg;
  const tdx_collateral *k = &d->c->coll;
  if (strcmp(target, d->fmspc_target) == 0) {
    respond_with_chain(reply, "application/json",
                       d->old_tcb_header ? "SGX-TCB-Info-Issuer-Chain"
                                         : "TCB-Info-Issuer-Chain",
                       k->tcb_info_issuer_chain, k->tcb_info_issuer_chain_len,
                       d->old_tcb_header, k->tcb_info, k->tcb_info_len);
  } else if (strcmp(target, "/tdx/certification/v4/qe/identity") == 0 &&
             d->no_qe_header) {
    ts_respond(reply, 200, "application/json", NULL, k->qe_identity,
               k->qe_identity_len);
  } else if (strcmp(target, "/tdx/certification/v4/qe/identity") == 0) {
    respond_with_chain(reply, "application/json",
                       "SGX-Enclave-Identity-Issuer-Chain",
                       k->qe_identity_issuer_chain,
                       k->qe_identity_issuer_chain_len, 0, k->qe_identity,
                       k->qe_identity_len);
  } else if (strcmp(target, d->crl_target) == 0) {
    respond_with_chain(reply, "application/pkix-crl",
                       "SGX-PCK-CRL-Issuer-Chain", k->pck_crl_issuer_chain,
                       k->pck_crl_issuer_chain_len, 0, k->pck_crl,
                       k->pck_crl_len);
  } else if (strcmp(target, "/sgx/certification/v4/rootcacrl") == 0) {
    if (d->root_crl_raw) {
      ts_respond(reply, 200, "application/pkix-crl", NULL, k->root_ca_crl,
                 k->root_ca_crl_len);
    } else {
      char *hex = malloc(2 * k->root_ca_crl_len + 2);
      for (size_t i = 0; i < k->root_ca_crl_len; i++)
        (void)sprintf(hex + 2 * i, "%02x", k->root_ca_crl[i]);
      hex[2 * k->root_ca_crl_len] = '\n';
      ts_respond(reply, 200, "text/plain", NULL, hex,
                 2 * k->root_ca_crl_len + 1);
      free(hex);
    }
  } else {
    ts_respond(reply, 404, NULL, NULL, "", 0);
  }
}

static int64_t tt_now(void) { return TT_T_NOW; }

static void pcs_data_init(pcs_data *d, const tt_case *c) {
  memset(d, 0, sizeof *d);
  d->c = c;
  (void)snprintf(d->fmspc_target, sizeof d->fmspc_target,
                 "/tdx/certification/v4/tcb?fmspc=B0C06F000000");
  d->crl_target = "/sgx/certification/v4/pckcrl?ca=platform&encoding=der";
}

static void free_bufs(uint8_t *bufs[7]) {
  for (int i = 0; i < 7; i++)
    free(bufs[i]);
}

static void assert_same(const uint8_t *a, size_t al, const uint8_t *b,
                        size_t bl) {
  CU_ASSERT_EQUAL(al, bl);
  if (al == bl && a != NULL && b != NULL)
    CU_ASSERT_EQUAL(memcmp(a, b, al), 0);
}

static void assert_collateral_equal(const tdx_collateral *got,
                                    const tdx_collateral *want) {
  assert_same(got->tcb_info, got->tcb_info_len, want->tcb_info,
              want->tcb_info_len);
  assert_same(got->tcb_info_issuer_chain, got->tcb_info_issuer_chain_len,
              want->tcb_info_issuer_chain, want->tcb_info_issuer_chain_len);
  assert_same(got->qe_identity, got->qe_identity_len, want->qe_identity,
              want->qe_identity_len);
  assert_same(got->qe_identity_issuer_chain, got->qe_identity_issuer_chain_len,
              want->qe_identity_issuer_chain,
              want->qe_identity_issuer_chain_len);
  assert_same(got->pck_crl, got->pck_crl_len, want->pck_crl,
              want->pck_crl_len);
  assert_same(got->pck_crl_issuer_chain, got->pck_crl_issuer_chain_len,
              want->pck_crl_issuer_chain, want->pck_crl_issuer_chain_len);
  assert_same(got->root_ca_crl, got->root_ca_crl_len, want->root_ca_crl,
              want->root_ca_crl_len);
}

static void complete_all_case(uint16_t version, uint16_t body_type,
                              int old_header, int raw_root) {
  tt_case c;
  tt_case_init(&c, version, body_type);
  tt_case_build(&c);
  pcs_data d;
  pcs_data_init(&d, &c);
  d.old_tcb_header = old_header;
  d.root_crl_raw = raw_root;
  test_server *s = ts_start(pcs_handler, &d, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tt_now);
  tdx_collateral got;
  memset(&got, 0, sizeof got);
  uint8_t *bufs[7];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                         c.quote_len, &got, bufs, &e),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 4);
  ts_assert_target(s, 0, d.fmspc_target);
  ts_assert_target(s, 1, "/tdx/certification/v4/qe/identity");
  ts_assert_target(s, 2, d.crl_target);
  ts_assert_target(s, 3, "/sgx/certification/v4/rootcacrl");
  assert_collateral_equal(&got, &c.coll);
  CU_ASSERT_PTR_EQUAL(got.tcb_info, bufs[0]);
  CU_ASSERT_PTR_EQUAL(got.tcb_info_issuer_chain, bufs[1]);
  CU_ASSERT_PTR_EQUAL(got.qe_identity, bufs[2]);
  CU_ASSERT_PTR_EQUAL(got.qe_identity_issuer_chain, bufs[3]);
  CU_ASSERT_PTR_EQUAL(got.pck_crl, bufs[4]);
  CU_ASSERT_PTR_EQUAL(got.pck_crl_issuer_chain, bufs[5]);
  CU_ASSERT_PTR_EQUAL(got.root_ca_crl, bufs[6]);
  /* what was fetched verifies */
  tdx_verified v;
  contrast_err_clear(&e);
  c.opts.require_crl = 1;
  int rc = tdx_verify(&c.trust, c.quote_buf, c.quote_len, &got, &c.opts, &v,
                      &e);
  if (rc != 0)
    fprintf(stderr, "  verify: %s %s\n", contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, 0);
  free_bufs(bufs);
  ts_stop(s);
  tt_case_wipe(&c);
}

static void test_pcs_complete_fetches_everything_and_it_verifies(void) {
  complete_all_case(4, 2, 0, 0);
  complete_all_case(5, 3, 1, 1); /* older header name, raw DER root CRL */
}

static void test_pcs_complete_fetches_only_what_is_missing(void) {
  tt_case c;
  tt_case_init(&c, 4, 2);
  tt_case_build(&c);
  pcs_data d;
  pcs_data_init(&d, &c);
  test_server *s = ts_start(pcs_handler, &d, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tt_now);
  uint8_t *bufs[7];
  contrast_err e;

  /* only the QE identity's issuer chain and the root CA CRL lacking */
  tdx_collateral got = c.coll;
  got.qe_identity_issuer_chain = NULL;
  got.qe_identity_issuer_chain_len = 0;
  got.root_ca_crl = NULL;
  got.root_ca_crl_len = 0;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                         c.quote_len, &got, bufs, &e),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 2);
  ts_assert_target(s, 0, "/tdx/certification/v4/qe/identity");
  ts_assert_target(s, 1, "/sgx/certification/v4/rootcacrl");
  for (int i = 0; i < 7; i++)
    CU_ASSERT((bufs[i] != NULL) == (i == 3 || i == 6));
  CU_ASSERT_PTR_EQUAL(got.qe_identity, c.coll.qe_identity); /* kept */
  assert_collateral_equal(&got, &c.coll);
  free_bufs(bufs);

  /* nothing lacking: nothing fetched */
  got = c.coll;
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                   c.quote_len, &got, bufs, &e),
                  0);
  CU_ASSERT_EQUAL(ts_count(s), 2);
  for (int i = 0; i < 7; i++)
    CU_ASSERT_PTR_NULL(bufs[i]);

  /* an explicit root CRL URL */
  got = c.coll;
  got.root_ca_crl = NULL;
  char root[128];
  (void)snprintf(root, sizeof root, "%s/sgx/certification/v4/rootcacrl",
                 ts_base(s));
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, "http://unused.invalid", root,
                                   c.quote_buf, c.quote_len, &got, bufs, &e),
                  0);
  CU_ASSERT_EQUAL(ts_count(s), 3);
  assert_same(got.root_ca_crl, got.root_ca_crl_len, c.coll.root_ca_crl,
              c.coll.root_ca_crl_len);
  free_bufs(bufs);
  ts_stop(s);
  tt_case_wipe(&c);
}

static void test_pcs_complete_processor_ca_and_unknown_ca(void) {
  tt_case c;
  tt_case_init(&c, 4, 2);
  tt_case_set_ca_cn(&c, "Intel SGX PCK Processor CA");
  tt_case_build(&c);
  pcs_data d;
  pcs_data_init(&d, &c);
  d.crl_target = "/sgx/certification/v4/pckcrl?ca=processor&encoding=der";
  test_server *s = ts_start(pcs_handler, &d, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tt_now);
  uint8_t *bufs[7];
  contrast_err e;
  tdx_collateral got = c.coll;
  got.pck_crl = NULL;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                         c.quote_len, &got, bufs, &e),
                        0);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  ts_assert_target(s, 0, d.crl_target);
  assert_same(got.pck_crl, got.pck_crl_len, c.coll.pck_crl,
              c.coll.pck_crl_len);
  CU_ASSERT_PTR_NULL(bufs[5]); /* the chain was given */
  free_bufs(bufs);
  ts_stop(s);
  tt_case_wipe(&c);

  tt_case_init(&c, 4, 2);
  tt_case_set_ca_cn(&c, "Some Other CA");
  tt_case_build(&c);
  pcs_data_init(&d, &c);
  s = ts_start(pcs_handler, &d, NULL);
  got = c.coll;
  got.pck_crl = NULL;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                   c.quote_len, &got, bufs, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "Some Other CA"));
  CU_ASSERT_EQUAL(ts_count(s), 0);
  /* that CA does not matter when the PCK CRL is there */
  got = c.coll;
  got.qe_identity = NULL;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                   c.quote_len, &got, bufs, &e),
                  0);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  free_bufs(bufs);
  ts_stop(s);
  tt_case_wipe(&c);
}

static void test_pcs_complete_unparseable_quote_fetches_nothing(void) {
  tt_case c;
  tt_case_init(&c, 4, 2);
  tt_case_build(&c);
  pcs_data d;
  pcs_data_init(&d, &c);
  test_server *s = ts_start(pcs_handler, &d, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tt_now);
  uint8_t *bufs[7];
  tdx_collateral got;
  memset(&got, 0, sizeof got);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf, 100,
                                   &got, bufs, &e),
                  0);
  CU_ASSERT_EQUAL(e.code, CONTRAST_OK);
  CU_ASSERT_EQUAL(ts_count(s), 0);
  CU_ASSERT_PTR_NULL(got.tcb_info);
  for (int i = 0; i < 7; i++)
    CU_ASSERT_PTR_NULL(bufs[i]);
  ts_stop(s);
  tt_case_wipe(&c);
}

static void test_pcs_complete_http_404_or_missing_issuer_header_fails_e_fetch(void) {
  tt_case c;
  tt_case_init(&c, 4, 2);
  tt_case_build(&c);
  pcs_data d;
  pcs_data_init(&d, &c);
  /* the server answers the FMSPC under another path: 404 */
  (void)snprintf(d.fmspc_target, sizeof d.fmspc_target, "/elsewhere");
  test_server *s = ts_start(pcs_handler, &d, NULL);
  contrast_fetcher f;
  ts_fetcher_init(&f, NULL, tt_now);
  uint8_t *bufs[7];
  tdx_collateral got;
  memset(&got, 0, sizeof got);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                   c.quote_len, &got, bufs, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "fmspc=B0C06F000000: HTTP 404"));
  CU_ASSERT_EQUAL(ts_count(s), 1);
  free_bufs(bufs);
  /* a QE identity without its issuer chain header */
  d.no_qe_header = 1;
  got = c.coll;
  got.qe_identity_issuer_chain = NULL;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                   c.quote_len, &got, bufs, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(e.detail, "no SGX-Enclave-Identity-Issuer-Chain header"));
  CU_ASSERT_EQUAL(ts_count(s), 2);
  free_bufs(bufs);
  ts_stop(s);
  tt_case_wipe(&c);
}

static void test_pcs_complete_second_time_from_cache(void) {
  tt_case c;
  tt_case_init(&c, 4, 2);
  tt_case_build(&c);
  pcs_data d;
  pcs_data_init(&d, &c);
  test_server *s = ts_start(pcs_handler, &d, NULL);
  char dir[256];
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(dir, sizeof dir, "test-pcs"), 0);
  contrast_fetcher f;
  ts_fetcher_init(&f, dir, tt_now);
  for (int round = 0; round < 3; round++) {
    if (round == 2)
      f.cache.offline = 1;
    uint8_t *bufs[7];
    tdx_collateral got;
    memset(&got, 0, sizeof got);
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL_FATAL(tdx_pcs_complete(&f, ts_base(s), NULL, c.quote_buf,
                                           c.quote_len, &got, bufs, &e),
                          0);
    /* the issuer chains come back from the cached headers */
    assert_collateral_equal(&got, &c.coll);
    free_bufs(bufs);
    CU_ASSERT_EQUAL(ts_count(s), 4);
  }
  ts_stop(s);
  test_rmtree(dir);
  tt_case_wipe(&c);
}

static const test_case tests[] = {
    {"test_pcs_urls_exact", test_pcs_urls_exact},
    {"test_pcs_root_crl_url_rules", test_pcs_root_crl_url_rules},
    {"test_pcs_issuer_chain_decoding", test_pcs_issuer_chain_decoding},
    {"test_pcs_complete_fetches_everything_and_it_verifies",
     test_pcs_complete_fetches_everything_and_it_verifies},
    {"test_pcs_complete_fetches_only_what_is_missing",
     test_pcs_complete_fetches_only_what_is_missing},
    {"test_pcs_complete_processor_ca_and_unknown_ca",
     test_pcs_complete_processor_ca_and_unknown_ca},
    {"test_pcs_complete_unparseable_quote_fetches_nothing",
     test_pcs_complete_unparseable_quote_fetches_nothing},
    {"test_pcs_complete_http_404_or_missing_issuer_header_fails_e_fetch",
     test_pcs_complete_http_404_or_missing_issuer_header_fails_e_fetch},
    {"test_pcs_complete_second_time_from_cache",
     test_pcs_complete_second_time_from_cache},
    {NULL, NULL},
};

int main(void) {
  int rc = test_run_suite("backends/tdx/pcs.c", tests);
  tt_cleanup();
  return rc;
}
