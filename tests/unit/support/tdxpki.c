/* The TDX test PKI of tdxpki.h: the good case's test data and the case
 * runner. The encoders and builders (DER, SGX extension, certificates,
 * CRLs, collateral JSON, quotes) are the simulator's (sim/tdx_pki.h), which
 * writes them from spec/tdx.md (§1-§2 quote, §4.2 SGX extension, §4.3
 * names, §5.2-§5.3 collateral, §6.C CRL extensions) independently of the
 * library under test (nothing here calls into backends/tdx except
 * tdx_trust_* and tdx_verify/tdx_appraise in the case runner). Here a
 * failure of the simulator aborts the test binary: it is a bug in the test
 * data, not a verdict. */
#include "tdxpki.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "testsupport.h"

/* ---- failure of the test infrastructure ---- */

__attribute__((noreturn, format(printf, 1, 2))) static void
die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "tdxpki: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  ERR_print_errors_fp(stderr);
  abort();
}

#define CHECK(cond, what)                                                     \
  do {                                                                        \
    if (!(cond))                                                              \
      die("%s failed (%s:%d)", what, __FILE__, __LINE__);                     \
  } while (0)

/* A simulator call that must succeed. */
#define SIM(call)                                                             \
  do {                                                                        \
    contrast_err e_;                                                          \
    contrast_err_clear(&e_);                                                  \
    contrast_err *err = &e_;                                                  \
    if ((call) != 0)                                                          \
      die("%s: %s: %s (%s:%d)", #call, contrast_code_name(e_.code),           \
          e_.detail, __FILE__, __LINE__);                                     \
  } while (0)

static void *xmalloc(size_t n) {
  void *p = malloc(n == 0 ? 1 : n);
  CHECK(p != NULL, "malloc");
  return p;
}

static void set_str(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  CHECK(n < cap, "string field too long");
  memcpy(dst, src, n + 1);
}

/* ---- the simulator context: keys and built DER ---- */

static sim_tdx_pki *pki_ctx;

static sim_tdx_pki *pki(void) {
  if (pki_ctx == NULL) {
    pki_ctx = sim_tdx_pki_new();
    CHECK(pki_ctx != NULL, "sim_tdx_pki_new");
  }
  return pki_ctx;
}

void tt_cleanup(void) {
  sim_tdx_pki_free(pki_ctx);
  pki_ctx = NULL;
}

EVP_PKEY *tt_key_get(tt_key k) {
  EVP_PKEY *key = NULL;
  SIM(sim_tdx_pki_key(pki(), k, &key, err));
  return key;
}

void tt_key_xy(tt_key k, uint8_t xy[64]) {
  SIM(sim_tdx_pki_key_xy(pki(), k, xy, err));
}

void tt_sign_raw(tt_key k, const uint8_t *msg, size_t len, uint8_t sig[64]) {
  SIM(sim_tdx_sign_raw(pki(), k, msg, len, sig, err));
}

void tt_sign_hex(tt_key k, const uint8_t *msg, size_t len, char out[129]) {
  uint8_t sig[64];
  tt_sign_raw(k, msg, len, sig);
  sim_hex(sig, 64, 1, out);
}

/* ---- bytes and DER ---- */

static void buf_ok(const tt_buf *b) { CHECK(!b->failed, "tt_buf append"); }

void tt_buf_put(tt_buf *b, const void *p, size_t n) {
  sim_buf_put(b, p, n);
  buf_ok(b);
}

void tt_buf_printf(tt_buf *b, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  CHECK(n >= 0 && (size_t)n < sizeof tmp, "tt_buf_printf length");
  tt_buf_put(b, tmp, (size_t)n);
}

void tt_buf_free(tt_buf *b) { sim_buf_free(b); }

void tt_der_tlv(tt_buf *b, uint8_t tag, const uint8_t *v, size_t n) {
  sim_der_tlv(b, tag, v, n);
  buf_ok(b);
}

void tt_der_uint(tt_buf *b, uint64_t v) {
  sim_der_uint(b, v);
  buf_ok(b);
}

void tt_der_sgx_oid(tt_buf *b, unsigned a, unsigned sub) {
  sim_der_sgx_oid(b, a, sub);
  buf_ok(b);
}

/* ---- the SGX extension ---- */

tt_sgx_ext tt_sgx_ext_good(void) {
  tt_sgx_ext x;
  memset(&x, 0, sizeof x);
  for (size_t i = 0; i < 16; i++)
    x.ppid[i] = (uint8_t)(0x81 + 7 * i);
  static const uint8_t comp[8] = {3, 3, 2, 2, 4, 1, 0, 5};
  memcpy(x.comp, comp, sizeof comp);
  x.pcesvn = 13;
  memcpy(x.cpusvn, comp, sizeof comp); /* as real PCKs: CPUSVN = comps */
  static const uint8_t fmspc[6] = {0xB0, 0xC0, 0x6F, 0x00, 0x00, 0x00};
  memcpy(x.fmspc, fmspc, 6);
  x.sgx_type = 1;
  x.platform = 1;
  for (size_t i = 0; i < 16; i++)
    x.piid[i] = (uint8_t)(0x07 + 13 * i);
  x.dynamic_platform = 1;
  x.cached_keys = 1;
  x.smt_enabled = 1;
  return x;
}

void tt_sgx_ext_der(const tt_sgx_ext *x, tt_buf *out) {
  sim_tdx_sgx_ext_der(x, out);
  buf_ok(out);
}

/* ---- certificates ---- */

const uint8_t *tt_cert_der(const tt_cert_spec *s, size_t *len) {
  const uint8_t *der = NULL;
  SIM(sim_tdx_cert_der(pki(), s, &der, len, err));
  return der;
}

char *tt_pem_chain(const tt_cert_spec *specs, size_t n, size_t *len) {
  tt_buf b = {0};
  SIM(sim_tdx_pem_chain(pki(), specs, n, &b, err));
  /* an exact-size copy, so an over-read shows under ASan and valgrind */
  char *out = xmalloc(b.len);
  if (b.len > 0)
    memcpy(out, b.p, b.len);
  *len = b.len;
  sim_buf_free(&b);
  return out;
}

static tt_cert_spec base_spec(tt_role role, tt_key key, tt_key signer,
                              uint64_t serial, const char *subject,
                              const char *issuer, int64_t nb, int64_t na) {
  tt_cert_spec s;
  memset(&s, 0, sizeof s);
  s.role = role;
  s.key = key;
  s.signer = signer;
  s.serial = serial;
  set_str(s.subject_cn, sizeof s.subject_cn, subject);
  set_str(s.issuer_cn, sizeof s.issuer_cn, issuer);
  s.not_before = nb;
  s.not_after = na;
  return s;
}

tt_cert_spec tt_root_spec(void) {
  return base_spec(TT_ROLE_ROOT, TT_KEY_ROOT, TT_KEY_ROOT, 0x1001,
                   "Intel SGX Root CA", "Intel SGX Root CA", TT_T_ROOT_NB,
                   TT_T_ROOT_NA);
}

tt_cert_spec tt_ca_spec(void) {
  return base_spec(TT_ROLE_CA, TT_KEY_CA, TT_KEY_ROOT, 0x2002,
                   "Intel SGX PCK Platform CA", "Intel SGX Root CA",
                   TT_T_CA_NB, TT_T_CA_NA);
}

tt_cert_spec tt_pck_spec(void) {
  tt_cert_spec s = base_spec(TT_ROLE_PCK, TT_KEY_PCK, TT_KEY_CA, 0x3003,
                             "Intel SGX PCK Certificate",
                             "Intel SGX PCK Platform CA", TT_T_PCK_NB,
                             TT_T_PCK_NA);
  s.ext = tt_sgx_ext_good();
  return s;
}

tt_cert_spec tt_signer_spec(void) {
  return base_spec(TT_ROLE_SIGNER, TT_KEY_TCB, TT_KEY_ROOT, 0x4004,
                   "Intel SGX TCB Signing", "Intel SGX Root CA",
                   TT_T_SIGNER_NB, TT_T_SIGNER_NA);
}

/* ---- CRLs ---- */

static tt_crl_spec crl_spec(tt_key signer, const char *issuer,
                            uint64_t serial_base) {
  tt_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = signer;
  set_str(s.issuer_cn, sizeof s.issuer_cn, issuer);
  s.this_update = TT_T_CRL_THIS;
  s.next_update = TT_T_CRL_NEXT;
  s.n_revoked = 2;
  s.revoked[0] = serial_base + 1;
  s.revoked[1] = serial_base + 2;
  return s;
}

tt_crl_spec tt_root_crl_spec(void) {
  return crl_spec(TT_KEY_ROOT, "Intel SGX Root CA", 0x9000);
}

tt_crl_spec tt_pck_crl_spec(void) {
  return crl_spec(TT_KEY_CA, "Intel SGX PCK Platform CA", 0x9100);
}

const uint8_t *tt_crl_der(const tt_crl_spec *s, size_t *len) {
  const uint8_t *der = NULL;
  SIM(sim_tdx_crl_der(pki(), s, &der, len, err));
  return der;
}

/* ---- collateral JSON ---- */

/* The simulator's defaults, with the values these suites were written
 * against: the FMSPC/PCE-ID of tt_sgx_ext_good, their own TCB info window,
 * the first level at SGX components 3,3,2,2,4,1,0,5 (pcesvn 13), no
 * tcbDate on the older levels. */
tt_tcb_info tt_tcb_info_good(void) {
  tt_tcb_info t = sim_tdx_tcb_info_default();
  tt_sgx_ext x = tt_sgx_ext_good();
  memcpy(t.fmspc, x.fmspc, sizeof t.fmspc);
  memcpy(t.pceid, x.pceid, sizeof t.pceid);
  t.next_update = TT_T_TCB_NEXT;
  t.ids[1].levels[1].tcb_date = 0;
  static const uint8_t sgx0[8] = {3, 3, 2, 2, 4, 1, 0, 5};
  memset(t.levels[0].sgx, 0, sizeof t.levels[0].sgx);
  memcpy(t.levels[0].sgx, sgx0, sizeof sgx0);
  t.levels[0].pcesvn = 13;
  t.levels[1].sgx[7] = 5;
  t.levels[1].tcb_date = 0;
  return t;
}

tt_qe_identity tt_qe_identity_good(void) {
  tt_qe_identity q = sim_tdx_qe_identity_default();
  q.issue_date = TT_T_QE_ISSUE;
  q.next_update = TT_T_QE_NEXT;
  return q;
}

void tt_tcb_info_object(const tt_tcb_info *t, tt_buf *b) {
  sim_tdx_tcb_info_object(t, b);
  buf_ok(b);
}

void tt_qe_identity_object(const tt_qe_identity *q, tt_buf *b) {
  sim_tdx_qe_identity_object(q, b);
  buf_ok(b);
}

char *tt_tcb_info_json(const tt_tcb_info *t, size_t *len) {
  tt_buf b = {0};
  SIM(sim_tdx_tcb_info_json(pki(), t, &b, err));
  *len = b.len;
  return (char *)b.p; /* NUL-terminated */
}

char *tt_qe_identity_json(const tt_qe_identity *q, size_t *len) {
  tt_buf b = {0};
  SIM(sim_tdx_qe_identity_json(pki(), q, &b, err));
  *len = b.len;
  return (char *)b.p;
}

/* ---- quotes ---- */

static const uint8_t INTEL_QE_VENDOR[16] = {0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c,
                                            0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3,
                                            0x95, 0x7f, 0x06, 0x07};

void tt_quote_init(tt_quote_spec *q, uint16_t version, uint16_t body_type) {
  memset(q, 0, sizeof *q);
  q->version = version;
  q->body_type = version == 4 ? 2 : body_type;
  q->att_key_type = 2;
  q->tee_type = 0x81;
  memcpy(q->qe_vendor, INTEL_QE_VENDOR, 16);
  for (size_t i = 0; i < 16; i++) /* QE ID */
    q->user_data[i] = (uint8_t)(0x5c ^ (17 * i));
  uint8_t *b = q->body;
  b[TT_B_TEE_TCB_SVN + 0] = 5;
  b[TT_B_TEE_TCB_SVN + 1] = 1;
  b[TT_B_TEE_TCB_SVN + 2] = 2;
  for (size_t i = 0; i < 48; i++) {
    b[TT_B_MR_SEAM + i] = (uint8_t)(0xa0 ^ i);
    b[TT_B_MR_TD + i] = (uint8_t)(0x10 + i);
    b[TT_B_MR_CONFIG_ID + i] = (uint8_t)(0xc0 ^ i);
    for (size_t r = 0; r < 4; r++)
      b[TT_B_RTMR0 + 48 * r + i] = (uint8_t)((0x30 + 16 * r) ^ i);
  }
  b[TT_B_TD_ATTRIBUTES + 3] = 0x10; /* SEPT_VE_DISABLE (bit 28) */
  static const uint8_t xfam[8] = {0xe7, 0x02, 0x06, 0, 0, 0, 0, 0};
  memcpy(b + TT_B_XFAM, xfam, 8);
  for (size_t i = 0; i < 64; i++)
    b[TT_B_REPORT_DATA + i] = (uint8_t)i;
  memcpy(b + TT_B_TEE_TCB_SVN2, b + TT_B_TEE_TCB_SVN, 16);
  /* the QE report of a TD_QE (tdx.md §1.5, §5.3) */
  uint8_t *r = q->qe_report;
  static const uint8_t cpusvn[8] = {3, 3, 2, 2, 4, 1, 0, 5};
  memcpy(r + TT_QE_CPU_SVN, cpusvn, 8);
  r[TT_QE_ATTRIBUTES] = 0x15;
  r[TT_QE_ATTRIBUTES + 8] = 0xe7;
  for (size_t i = 0; i < 32; i++)
    r[TT_QE_MR_ENCLAVE + i] = (uint8_t)(0x77 ^ i);
  tt_qe_identity qi = tt_qe_identity_good();
  memcpy(r + TT_QE_MR_SIGNER, qi.mrsigner, 32);
  r[TT_QE_ISV_PROD_ID] = 2;
  r[TT_QE_ISV_SVN] = 4;
  q->qe_auth_len = 32;
  for (size_t i = 0; i < 32; i++)
    q->qe_auth[i] = (uint8_t)i;
  q->attest_key = TT_KEY_ATTEST;
  q->binding_key = TT_KEY_ATTEST;
  q->qe_signer = TT_KEY_PCK;
  q->cert_type = 6;
  q->inner_type = 5;
  q->chain_nul = 1;
}

void tt_quote_body_from_v4(tt_quote_spec *q, const uint8_t *quote) {
  memcpy(q->body, quote + 48, TDX_BODY10_SIZE);
}

size_t tt_quote_body_off(const tt_quote_spec *q) {
  return sim_tdx_quote_body_off(q);
}

size_t tt_quote_signed_len(const tt_quote_spec *q) {
  return sim_tdx_quote_signed_len(q);
}

size_t tt_quote_sig_data_off(const tt_quote_spec *q) {
  return tt_quote_signed_len(q) + 4;
}

uint8_t *tt_quote_build(const tt_quote_spec *q, size_t *len) {
  tt_buf b = {0};
  SIM(sim_tdx_quote_build(pki(), q, &b, err));
  /* an exact-size copy, so an over-read shows under ASan and valgrind */
  uint8_t *out = xmalloc(b.len);
  memcpy(out, b.p, b.len);
  *len = b.len;
  sim_buf_free(&b);
  return out;
}

/* ---- trust ---- */

int tt_trust_pin(tdx_trust *t, const tt_cert_spec *root, contrast_err *err) {
  size_t len = 0;
  const uint8_t *der = tt_cert_der(root, &len);
  return tdx_trust_set_root(t, der, len, err);
}

/* ---- cases ---- */

void tt_case_init(tt_case *c, uint16_t version, uint16_t body_type) {
  memset(c, 0, sizeof *c);
  c->root = tt_root_spec();
  c->ca = tt_ca_spec();
  c->pck = tt_pck_spec();
  c->tcb_signer = tt_signer_spec();
  c->pin = 1;
  c->with_tcb_chain = c->with_qe_chain = c->with_crl_chain = 1;
  c->root_crl = tt_root_crl_spec();
  c->pck_crl = tt_pck_crl_spec();
  c->with_root_crl = c->with_pck_crl = 1;
  c->tcb_info = tt_tcb_info_good();
  c->with_tcb_info = 1;
  c->qe_identity = tt_qe_identity_good();
  c->with_qe_identity = 1;
  tt_quote_init(&c->quote, version, body_type);
  c->now = TT_T_NOW;
}

static void release(tt_case *c) {
  if (c->trust_ready)
    tdx_trust_wipe(&c->trust);
  c->trust_ready = 0;
  free(c->quote_buf);
  c->quote_buf = NULL;
  c->quote_len = 0;
  for (size_t i = 0; i < sizeof c->bufs / sizeof c->bufs[0]; i++) {
    free(c->bufs[i]);
    c->bufs[i] = NULL;
  }
  memset(&c->coll, 0, sizeof c->coll);
  memset(&c->opts, 0, sizeof c->opts);
}

void tt_case_wipe(tt_case *c) { release(c); }

static uint8_t *dup_exact(const void *p, size_t n) {
  uint8_t *d = xmalloc(n);
  if (n > 0)
    memcpy(d, p, n);
  return d;
}

/* A PEM chain of the custom specs (n > 0) or of the default pair/triple. */
static char *chain_pem(size_t n_custom, const tt_cert_spec *custom,
                       const tt_cert_spec *def, size_t n_def, size_t *len) {
  return n_custom > 0 ? tt_pem_chain(custom, n_custom, len)
                      : tt_pem_chain(def, n_def, len);
}

void tt_case_build(tt_case *c) {
  release(c);
  tdx_trust_init(&c->trust, "test");
  c->trust_ready = 1;
  if (c->pin) {
    contrast_err err;
    contrast_err_clear(&err);
    if (tt_trust_pin(&c->trust, c->pinned_set ? &c->pinned : &c->root,
                     &err) != 0)
      die("pinning the test root: %s: %s", contrast_code_name(err.code),
          err.detail);
  }
  const tt_cert_spec qe_signer =
      c->qe_signer_set ? c->qe_signer : c->tcb_signer;
  const tt_cert_spec crl_ca = c->crl_ca_set ? c->crl_ca : c->ca;

  /* the quote with its PCK chain */
  size_t plen = 0;
  char *pem;
  if (c->pck_chain_raw != NULL) {
    pem = (char *)dup_exact(c->pck_chain_raw, c->pck_chain_raw_len);
    plen = c->pck_chain_raw_len;
  } else {
    tt_cert_spec def[3] = {c->pck, c->ca, c->root};
    pem = chain_pem(c->n_pck_chain, c->pck_chain, def, 3, &plen);
  }
  tt_quote_spec q = c->quote;
  q.pck_chain = (const uint8_t *)pem;
  q.pck_chain_len = plen;
  c->quote_buf = tt_quote_build(&q, &c->quote_len);
  free(pem);

  size_t n = 0;
  /* TCB info and its chain */
  if (c->tcb_info_raw != NULL) {
    c->bufs[0] = dup_exact(c->tcb_info_raw, c->tcb_info_raw_len);
    n = c->tcb_info_raw_len;
  } else if (c->with_tcb_info) {
    char *j = tt_tcb_info_json(&c->tcb_info, &n);
    c->bufs[0] = dup_exact(j, n);
    free(j);
  }
  c->coll.tcb_info = c->bufs[0];
  c->coll.tcb_info_len = c->bufs[0] != NULL ? n : 0;
  if (c->tcb_chain_raw != NULL) {
    c->bufs[1] = dup_exact(c->tcb_chain_raw, c->tcb_chain_raw_len);
    n = c->tcb_chain_raw_len;
  } else if (c->with_tcb_chain) {
    tt_cert_spec def[2] = {c->tcb_signer, c->root};
    char *p = chain_pem(c->n_tcb_chain, c->tcb_chain, def, 2, &n);
    c->bufs[1] = dup_exact(p, n);
    free(p);
  }
  c->coll.tcb_info_issuer_chain = c->bufs[1];
  c->coll.tcb_info_issuer_chain_len = c->bufs[1] != NULL ? n : 0;
  /* QE identity and its chain */
  if (c->qe_identity_raw != NULL) {
    c->bufs[2] = dup_exact(c->qe_identity_raw, c->qe_identity_raw_len);
    n = c->qe_identity_raw_len;
  } else if (c->with_qe_identity) {
    char *j = tt_qe_identity_json(&c->qe_identity, &n);
    c->bufs[2] = dup_exact(j, n);
    free(j);
  }
  c->coll.qe_identity = c->bufs[2];
  c->coll.qe_identity_len = c->bufs[2] != NULL ? n : 0;
  if (c->with_qe_chain) {
    tt_cert_spec def[2] = {qe_signer, c->root};
    char *p = chain_pem(c->n_qe_chain, c->qe_chain, def, 2, &n);
    c->bufs[3] = dup_exact(p, n);
    free(p);
  }
  c->coll.qe_identity_issuer_chain = c->bufs[3];
  c->coll.qe_identity_issuer_chain_len = c->bufs[3] != NULL ? n : 0;
  /* CRLs and the PCK CRL's chain */
  const uint8_t *der;
  if (c->pck_crl_raw != NULL) {
    c->bufs[4] = dup_exact(c->pck_crl_raw, c->pck_crl_raw_len);
    n = c->pck_crl_raw_len;
  } else if (c->with_pck_crl) {
    der = tt_crl_der(&c->pck_crl, &n);
    c->bufs[4] = dup_exact(der, n);
  }
  c->coll.pck_crl = c->bufs[4];
  c->coll.pck_crl_len = c->bufs[4] != NULL ? n : 0;
  if (c->with_crl_chain) {
    tt_cert_spec def[2] = {crl_ca, c->root};
    char *p = chain_pem(c->n_crl_chain, c->crl_chain, def, 2, &n);
    c->bufs[5] = dup_exact(p, n);
    free(p);
  }
  c->coll.pck_crl_issuer_chain = c->bufs[5];
  c->coll.pck_crl_issuer_chain_len = c->bufs[5] != NULL ? n : 0;
  if (c->root_crl_raw != NULL) {
    c->bufs[6] = dup_exact(c->root_crl_raw, c->root_crl_raw_len);
    n = c->root_crl_raw_len;
  } else if (c->with_root_crl) {
    der = tt_crl_der(&c->root_crl, &n);
    c->bufs[6] = dup_exact(der, n);
  }
  c->coll.root_ca_crl = c->bufs[6];
  c->coll.root_ca_crl_len = c->bufs[6] != NULL ? n : 0;

  c->opts.now = c->now;
  c->opts.require_crl = c->require_crl;
  c->opts.cache = NULL;
}

static void verbose(const contrast_err *err) {
  /* CONTRAST_TEST_VERBOSE=1 shows why each case got its code */
  const char *v = getenv("CONTRAST_TEST_VERBOSE");
  if (v != NULL && strcmp(v, "1") == 0)
    fprintf(stderr, "    -> %s: %s\n", contrast_code_name(err->code),
            err->detail);
}

int tt_case_verify(tt_case *c, tdx_verified *out, contrast_err *err) {
  CHECK(c->trust_ready, "tt_case_verify before tt_case_build");
  contrast_err_clear(err);
  int rc = tdx_verify(&c->trust, c->quote_buf, c->quote_len, &c->coll,
                      &c->opts, out, err);
  verbose(err);
  return rc;
}

int tt_case_check(tt_case *c, const char *policy_json, tdx_verified *out,
                  contrast_err *err) {
  json_t *pj = NULL;
  if (policy_json != NULL) {
    json_error_t je;
    pj = json_loads(policy_json, 0, &je);
    if (pj == NULL)
      die("policy JSON: %s", je.text);
  }
  tdx_policy pol;
  contrast_err perr;
  contrast_err_clear(&perr);
  if (tdx_policy_from_json(pj, &pol, &perr) != 0)
    die("policy unusable: %s: %s", contrast_code_name(perr.code), perr.detail);
  json_decref(pj);
  int rc = tt_case_verify(c, out, err);
  if (rc == 0) {
    rc = tdx_appraise(out, &pol, err);
    verbose(err);
  }
  tdx_policy_wipe(&pol);
  return rc;
}

void tt_case_set_ca_cn(tt_case *c, const char *cn) {
  set_str(c->ca.subject_cn, sizeof c->ca.subject_cn, cn);
  set_str(c->pck.issuer_cn, sizeof c->pck.issuer_cn, cn);
  set_str(c->pck_crl.issuer_cn, sizeof c->pck_crl.issuer_cn, cn);
}

/* ---- the real cases ---- */

void tt_real_load(tt_real *r, const char *name) {
  memset(r, 0, sizeof *r);
  char dir[512];
  (void)snprintf(dir, sizeof dir, "%s/vectors/real/tdx/%s",
                 CONTRAST_SOURCE_DIR, name);
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_case_load(dir, &r->c, &err) != 0)
    die("loading %s: %s", name, err.detail);
  CHECK(r->c.tee == CONTRAST_TEE_TDX, "a TDX case");
  size_t len = 0;
  uint8_t *root = test_read_file("trust/intel/sgx_root_ca.pem", &len);
  tdx_trust_init(&r->trust, "intel");
  if (tdx_trust_set_root(&r->trust, root, len, &err) != 0)
    die("pinning the Intel root: %s", err.detail);
  free(root);
  const contrast_case *c = &r->c;
  r->coll = (tdx_collateral){c->tcb_info,
                             c->tcb_info_len,
                             c->tcb_info_issuer_chain,
                             c->tcb_info_issuer_chain_len,
                             c->qe_identity,
                             c->qe_identity_len,
                             c->qe_identity_issuer_chain,
                             c->qe_identity_issuer_chain_len,
                             c->pck_crl,
                             c->pck_crl_len,
                             c->pck_crl_issuer_chain,
                             c->pck_crl_issuer_chain_len,
                             c->root_ca_crl,
                             c->root_ca_crl_len};
  if (tdx_policy_from_json(c->policy, &r->policy, &err) != 0)
    die("policy of %s: %s", name, err.detail);
  r->opts.now = c->now;
  r->opts.require_crl = r->policy.base.require_crl;
}

int tt_real_check(const tt_real *r, const uint8_t *quote, size_t len,
                  tdx_verified *out, contrast_err *err) {
  contrast_err_clear(err);
  int rc = tdx_verify(&r->trust, quote, len, &r->coll, &r->opts, out, err);
  if (rc == 0)
    rc = tdx_appraise(out, &r->policy, err);
  return rc;
}

void tt_real_wipe(tt_real *r) {
  tdx_policy_wipe(&r->policy);
  tdx_trust_wipe(&r->trust);
  contrast_case_wipe(&r->c);
  memset(r, 0, sizeof *r);
}
