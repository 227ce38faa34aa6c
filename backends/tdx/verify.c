/* TDX verification: spec/tdx.md §6 (A-I) and §7, spec/CASES.md.
 *
 * Order (one code per rejection, CASES.md's table):
 *   1. MALFORMED / UNSUPPORTED  quote structure, PCK chain PEM, PCK SGX
 *                               extension, collateral encodings
 *   2. SIGNATURE                QE report signature by the PCK key
 *   3. KEY_BINDING              QE report data = SHA-256(attestation key ||
 *                               QE auth data) || 32 zero bytes
 *   4. SIGNATURE                attestation key on the curve, quote signature
 *   5. CHAIN                    PCK chain, TCB-signing chains and the PCK CRL
 *                               chain to the pinned root
 *   6. EXPIRED                  every certificate, CRL and collateral item
 *   7. REVOKED                  intermediate / TCB signer on the root CRL,
 *                               PCK on the PCK CRL
 *   8. COLLATERAL               missing collateral, CRL and collateral
 *                               signatures, ids/versions, FMSPC/PCE-ID,
 *                               QE identity, TDX module identity
 *   then the TCB status is computed (judged by tdx_appraise).
 *
 * Each distinct certificate of one verification is parsed once (a pool
 * keyed by DER bytes: the TCB signing certificate of two chains, the PCK CA
 * of the PCK and CRL chains) and a copy of the pinned root is recognised by
 * its bytes without parsing it; each issuer signature is checked once. With
 * a tdx_cache, what the PCK chain and the collateral establish is kept.
 *
 * Certificates are read with contrast_x509lite (strict DER, no d2i_X509:
 * OpenSSL 3.0 spends ~80 us per certificate decoding its key through the
 * provider decoders) and their P-256 keys imported raw. Names, certificate
 * and CRL, are compared by their exact DER bytes: stricter than
 * X509_NAME_cmp, and what Intel's PKI (and the simulator) produce, every
 * issuer name being a byte copy of its issuer's subject. */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "autofree.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "guard.h"

/* DER content of ecdsa-with-SHA256 (1.2.840.10045.4.3.2) */
static const uint8_t OID_ECDSA_SHA256[] = {0x2a, 0x86, 0x48, 0xce,
                                           0x3d, 0x04, 0x03, 0x02};
/* Its AlgorithmIdentifier: parameters absent (RFC 5758 §3.2) */
static const uint8_t ALG_ECDSA_SHA256[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86,
                                           0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};

#define CN_ROOT "Intel SGX Root CA"
#define CN_PLATFORM_CA "Intel SGX PCK Platform CA"
#define CN_PROCESSOR_CA "Intel SGX PCK Processor CA"
#define CN_PCK "Intel SGX PCK Certificate"
#define CN_TCB_SIGNING "Intel SGX TCB Signing"

/* ---- trust ---- */

void tdx_trust_init(tdx_trust *t, const char *label) {
  memset(t, 0, sizeof *t);
  t->label = label;
}

void tdx_trust_wipe(tdx_trust *t) {
  if (t == NULL)
    return;
  contrast_cert_wipe(&t->root);
  const char *label = t->label;
  memset(t, 0, sizeof *t);
  t->label = label;
}

/* 1 when sig is issuer's ECDSA-SHA256 signature (DER Ecdsa-Sig-Value)
 * over tbs. */
static int sha256_ecdsa_ok(EVP_PKEY *issuer, const uint8_t *sig, size_t sig_len,
                           const uint8_t *tbs, size_t tbs_len) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx == NULL)
    return 0;
  int ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, issuer) == 1 &&
           EVP_DigestVerify(ctx, sig, sig_len, tbs, tbs_len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok)
    ERR_clear_error();
  return ok;
}

/* 1 when der is signed by issuer with ECDSA-SHA256 over its exact TBS. */
static int ecdsa_signed_by(const uint8_t *der, size_t der_len,
                           EVP_PKEY *issuer) {
  contrast_signed_der s;
  contrast_err local;
  contrast_err_clear(&local);
  if (contrast_der_split_signed(der, der_len, "certificate", &s, &local) != 0)
    return 0;
  if (s.alg_oid_len != sizeof OID_ECDSA_SHA256 ||
      memcmp(s.alg_oid, OID_ECDSA_SHA256, sizeof OID_ECDSA_SHA256) != 0)
    return 0;
  return sha256_ecdsa_ok(issuer, s.sig, s.sig_len, s.tbs, s.tbs_len);
}

int tdx_trust_set_root(tdx_trust *t, const uint8_t *root, size_t len,
                       contrast_err *err) {
  contrast_err local;
  contrast_err_clear(&local);
  tdx_trust_wipe(t);
  ENSURE(contrast_cert_parse(root, len, "pinned Intel root", &t->root,
                             &local) == 0,
         E_UNUSABLE, "%s", local.detail);
  if (contrast_x509lite_parse(t->root.der, t->root.der_len,
                              "pinned Intel root", &t->root_lite,
                              &local) != 0) {
    tdx_trust_wipe(t);
    BAIL(E_UNUSABLE, "%s", local.detail);
  }
  t->root_pub = X509_get0_pubkey(t->root.x509);
  uint8_t xy[64];
  if (t->root_pub == NULL ||
      contrast_ec_pub_xy(t->root_pub, "prime256v1", xy, 32) != 0 ||
      X509_NAME_cmp(X509_get_issuer_name(t->root.x509),
                    X509_get_subject_name(t->root.x509)) != 0 ||
      !ecdsa_signed_by(t->root.der, t->root.der_len, t->root_pub) ||
      contrast_x509_validity(t->root.x509, &t->root_nb, &t->root_na,
                             &local) != 0) {
    tdx_trust_wipe(t);
    BAIL(E_UNUSABLE, "pinned Intel root: not a self-signed ECDSA P-256 "
                     "certificate");
  }
  contrast_sha256(t->root.der, t->root.der_len, t->root_fp);
  t->loaded = 1;
  return 0;
}

/* ---- certificate pool ---- */

#define POOL_MAX 16

typedef struct pool_cert {
  const uint8_t *der; /* own, or the pinned root's bytes */
  size_t der_len;
  uint8_t *own;
  contrast_x509lite x; /* views into der */
  EVP_PKEY *key;       /* its P-256 key or NULL; owned unless pinned */
  int pinned;
} pool_cert;

typedef struct pool {
  pool_cert c[POOL_MAX];
  size_t n;
  signed char signed_by[POOL_MAX][POOL_MAX]; /* -1 unknown, 0 no, 1 yes */
} pool;

static void pool_wipe(pool *p) {
  for (size_t i = 0; i < p->n; i++) {
    free(p->c[i].own);
    if (!p->c[i].pinned)
      EVP_PKEY_free(p->c[i].key);
  }
  p->n = 0;
}

/* Take der (allocated) into the pool: a copy of the pinned root or of a
 * certificate already there is not parsed again. */
static int pool_take(pool *p, uint8_t *der, size_t len, const tdx_trust *t,
                     const char *what, size_t *idx, contrast_err *err) {
  for (size_t i = 0; i < p->n; i++) {
    if (p->c[i].der_len == len && memcmp(p->c[i].der, der, len) == 0) {
      free(der);
      *idx = i;
      return 0;
    }
  }
  if (p->n == POOL_MAX) {
    free(der);
    BAIL(MALFORMED, "%s: too many certificates", what);
  }
  pool_cert *c = &p->c[p->n];
  memset(c, 0, sizeof *c);
  if (t->loaded && len == t->root.der_len &&
      memcmp(der, t->root.der, len) == 0) {
    free(der);
    c->der = t->root.der;
    c->der_len = t->root.der_len;
    c->x = t->root_lite;
    c->key = t->root_pub;
    c->pinned = 1;
  } else {
    if (contrast_x509lite_parse(der, len, what, &c->x, err) != 0) {
      free(der);
      return -1;
    }
    c->der = c->own = der;
    c->der_len = len;
    /* NULL for a key that is not P-256 (judged as CHAIN where used) */
    c->key = contrast_x509lite_pubkey(&c->x);
  }
  for (size_t i = 0; i < POOL_MAX; i++)
    p->signed_by[p->n][i] = p->signed_by[i][p->n] = -1;
  *idx = p->n++;
  return 0;
}

/* A PEM chain into pool indices (at most 4 certificates). */
static int pool_chain(pool *p, const uint8_t *buf, size_t len,
                      const tdx_trust *t, const char *what, size_t *idx,
                      size_t *n, contrast_err *err) {
  uint8_t *der[4];
  size_t der_len[4], count = 0;
  *n = 0;
  GUARD(contrast_pem_decode_all(buf, len, "CERTIFICATE", what, der, der_len, 4,
                                &count, err));
  for (size_t i = 0; i < count; i++) {
    if (pool_take(p, der[i], der_len[i], t, what, &idx[i], err) != 0) {
      for (size_t j = i + 1; j < count; j++)
        free(der[j]);
      return -1;
    }
  }
  *n = count;
  return 0;
}

static const pool_cert *pc(const pool *p, size_t i) { return &p->c[i]; }

/* 1 when x is signed by issuer with ECDSA-SHA256 over its exact TBS. */
static int lite_signed_by(const contrast_x509lite *x, EVP_PKEY *issuer) {
  if (issuer == NULL || x->sig_alg_tlv.len != sizeof ALG_ECDSA_SHA256 ||
      memcmp(x->sig_alg_tlv.p, ALG_ECDSA_SHA256, sizeof ALG_ECDSA_SHA256) != 0)
    return 0;
  return sha256_ecdsa_ok(issuer, x->sig.p, x->sig.len, x->tbs.p, x->tbs.len);
}

/* child issued by issuer: names (exact bytes), P-256 key, ECDSA-SHA256 over
 * the TBS (memoised per pair). */
static int pool_issued_by(pool *p, size_t child, size_t issuer) {
  if (p->signed_by[child][issuer] < 0) {
    const pool_cert *c = pc(p, child), *i = pc(p, issuer);
    int ok = contrast_der_view_eq(c->x.issuer, i->x.subject) &&
             c->key != NULL && lite_signed_by(&c->x, i->key);
    p->signed_by[child][issuer] = (signed char)ok;
  }
  return p->signed_by[child][issuer] == 1;
}

/* ---- parsed inputs ---- */

typedef struct window {
  const char *what;
  int64_t nb, na;
} window;

#define MAX_WINDOWS 12

typedef struct inputs {
  pool pool;
  size_t pck[4], tcb_chain[4], qe_chain[4], crl_chain[4];
  size_t n_pck, n_tcb_chain, n_qe_chain, n_crl_chain;
  X509_CRL *pck_crl, *root_crl;
  tdx_tcb_info tcb_info;
  int has_tcb_info;
  tdx_qe_identity qe_identity;
  int has_qe_identity;
  window windows[MAX_WINDOWS];
  size_t n_windows;
} inputs;

static void inputs_wipe(inputs *in) {
  pool_wipe(&in->pool);
  X509_CRL_free(in->pck_crl);
  X509_CRL_free(in->root_crl);
  tdx_tcb_info_wipe(&in->tcb_info);
  tdx_qe_identity_wipe(&in->qe_identity);
}

static int no_duplicate_levels(const tdx_tcb_info *ti, contrast_err *err) {
  for (size_t i = 0; i < ti->n_levels; i++)
    for (size_t j = i + 1; j < ti->n_levels; j++)
      ENSURE(memcmp(ti->levels[i].sgx, ti->levels[j].sgx, 16) != 0 ||
                 ti->levels[i].pcesvn != ti->levels[j].pcesvn ||
                 memcmp(ti->levels[i].tdx, ti->levels[j].tdx, 16) != 0,
             MALFORMED, "TCB info: tcbLevels[%zu] and [%zu] are the same level",
             i, j);
  return 0;
}

static int parse_inputs(const tdx_quote *q, const tdx_collateral *c,
                        const tdx_trust *t, inputs *in, tdx_verified *out,
                        contrast_err *err) {
  pool *p = &in->pool;
  /* The inner type-5 data is a PEM chain that often ends with one NUL. */
  size_t plen = q->pck_chain_len;
  if (plen > 0 && q->pck_chain[plen - 1] == '\0')
    plen--;
  GUARD(pool_chain(p, q->pck_chain, plen, t, "PCK certificate chain", in->pck,
                   &in->n_pck, err));
  GUARD(tdx_pck_ext_from_x509lite(&pc(p, in->pck[0])->x, &out->pck, err));
  out->has_pck = 1;
  if (c->tcb_info_issuer_chain != NULL)
    GUARD(pool_chain(p, c->tcb_info_issuer_chain,
                     c->tcb_info_issuer_chain_len, t, "tcb_info_issuer_chain",
                     in->tcb_chain, &in->n_tcb_chain, err));
  if (c->qe_identity_issuer_chain != NULL)
    GUARD(pool_chain(p, c->qe_identity_issuer_chain,
                     c->qe_identity_issuer_chain_len, t,
                     "qe_identity_issuer_chain", in->qe_chain,
                     &in->n_qe_chain, err));
  if (c->pck_crl_issuer_chain != NULL)
    GUARD(pool_chain(p, c->pck_crl_issuer_chain, c->pck_crl_issuer_chain_len,
                     t, "pck_crl_issuer_chain", in->crl_chain,
                     &in->n_crl_chain, err));
  if (c->pck_crl != NULL)
    GUARD(contrast_crl_parse(c->pck_crl, c->pck_crl_len, "pck_crl",
                             &in->pck_crl, err));
  if (c->root_ca_crl != NULL)
    GUARD(contrast_crl_parse(c->root_ca_crl, c->root_ca_crl_len, "root_ca_crl",
                             &in->root_crl, err));
  if (c->tcb_info != NULL) {
    GUARD(tdx_tcb_info_parse(c->tcb_info, c->tcb_info_len, &in->tcb_info,
                             err));
    in->has_tcb_info = 1;
    GUARD(no_duplicate_levels(&in->tcb_info, err));
  }
  if (c->qe_identity != NULL) {
    GUARD(tdx_qe_identity_parse(c->qe_identity, c->qe_identity_len,
                                &in->qe_identity, err));
    in->has_qe_identity = 1;
  }
  return 0;
}

/* ---- signatures over the quote ---- */

/* pck_key: the PCK certificate's P-256 key, NULL when it has none */
static int quote_signatures(const tdx_quote *q, EVP_PKEY *pck_key,
                            contrast_err *err) {
  uint8_t digest[32];
  ENSURE(pck_key != NULL, CHAIN, "PCK certificate: key is not ECDSA P-256");
  contrast_sha256(q->qe_report.raw, TDX_QE_REPORT_SIZE, digest);
  ENSURE(contrast_p256_verify_pkey(pck_key, digest, q->qe_report_signature),
         SIGNATURE, "QE report signature does not verify with the PCK key");

  /* Attestation-key binding: SHA-256(key || auth data) || 32 zero bytes */
  uint8_t *buf = malloc(64 + (size_t)q->qe_auth_len);
  ENSURE_ALLOC(buf);
  memcpy(buf, q->attest_key, 64);
  if (q->qe_auth_len > 0)
    memcpy(buf + 64, q->qe_auth_data, q->qe_auth_len);
  contrast_sha256(buf, 64 + (size_t)q->qe_auth_len, digest);
  free(buf);
  static const uint8_t zero[32] = {0};
  ENSURE(CRYPTO_memcmp(digest, q->qe_report.report_data, 32) == 0 &&
             memcmp(q->qe_report.report_data + 32, zero, 32) == 0,
         KEY_BINDING,
         "QE report data is not SHA-256(attestation key || QE auth data) "
         "followed by zeros");

  contrast_p256_pub *ak = contrast_p256_pub_new(q->attest_key);
  ENSURE(ak != NULL, SIGNATURE, "attestation key is not a point on P-256");
  contrast_sha256(q->signed_data, q->signed_len, digest);
  int ok = contrast_p256_verify(ak, digest, q->signature);
  contrast_p256_pub_free(ak);
  ENSURE(ok, SIGNATURE,
         "quote signature does not verify with the attestation key");
  return 0;
}

/* ---- chains ---- */

static int cn_is(const pool_cert *c, const char *want) {
  return c->x.has_cn && strcmp(c->x.cn, want) == 0;
}

static int check_pck_chain(inputs *in, const tdx_trust *t, contrast_err *err) {
  pool *p = &in->pool;
  ENSURE(in->n_pck == 3, CHAIN,
         "PCK certificate chain has %zu certificates, expected leaf, CA, "
         "root",
         in->n_pck);
  ENSURE(p->c[in->pck[2]].pinned, CHAIN,
         "PCK chain root is not the pinned Intel SGX Root CA (%s)", t->label);
  ENSURE(cn_is(pc(p, in->pck[1]), CN_PLATFORM_CA) ||
             cn_is(pc(p, in->pck[1]), CN_PROCESSOR_CA),
         CHAIN, "PCK chain intermediate is not an Intel SGX PCK CA");
  ENSURE(cn_is(pc(p, in->pck[0]), CN_PCK), CHAIN,
         "PCK chain leaf is not an Intel SGX PCK Certificate");
  ENSURE(pool_issued_by(p, in->pck[1], in->pck[2]), CHAIN,
         "PCK CA is not issued and signed by the pinned root");
  ENSURE(pool_issued_by(p, in->pck[0], in->pck[1]), CHAIN,
         "PCK certificate is not issued and signed by the PCK CA");
  return 0;
}

static int check_signing_chain(pool *p, const size_t *chain, size_t n,
                               const char *what, const tdx_trust *t,
                               contrast_err *err) {
  ENSURE(n == 2, CHAIN, "%s has %zu certificates, expected signer and root",
         what, n);
  ENSURE(p->c[chain[1]].pinned, CHAIN,
         "%s root is not the pinned Intel SGX Root CA (%s)", what, t->label);
  ENSURE(cn_is(pc(p, chain[0]), CN_TCB_SIGNING), CHAIN,
         "%s signer is not an Intel SGX TCB Signing certificate", what);
  ENSURE(pool_issued_by(p, chain[0], chain[1]), CHAIN,
         "%s signer is not issued and signed by the pinned root", what);
  return 0;
}

static int check_crl_chain(inputs *in, contrast_err *err) {
  pool *p = &in->pool;
  if (in->n_crl_chain == 0)
    return 0;
  ENSURE(in->n_crl_chain == 2, CHAIN,
         "pck_crl_issuer_chain has %zu certificates, expected CA and root",
         in->n_crl_chain);
  ENSURE(p->c[in->crl_chain[1]].pinned, CHAIN,
         "pck_crl_issuer_chain root is not the pinned Intel SGX Root CA");
  ENSURE(pool_issued_by(p, in->crl_chain[0], in->crl_chain[1]), CHAIN,
         "pck_crl_issuer_chain CA is not issued and signed by the root");
  const pool_cert *a = pc(p, in->crl_chain[0]), *b = pc(p, in->pck[1]);
  /* both have P-256 keys here: they passed pool_issued_by */
  ENSURE(a == b || (contrast_der_view_eq(a->x.subject, b->x.subject) &&
                    a->x.has_p256 && b->x.has_p256 &&
                    memcmp(a->x.p256_point, b->x.p256_point, 65) == 0),
         CHAIN, "pck_crl_issuer_chain CA is not the PCK chain's CA");
  return 0;
}

/* ---- time ---- */

static int add_window(inputs *in, const char *what, int64_t nb, int64_t na) {
  if (in->n_windows == MAX_WINDOWS)
    return -1;
  in->windows[in->n_windows++] = (window){what, nb, na};
  return 0;
}

static int cert_window(inputs *in, size_t idx, const char *what,
                       contrast_err *err) {
  const pool_cert *c = pc(&in->pool, idx);
  ENSURE(add_window(in, what, c->x.not_before, c->x.not_after) == 0,
         E_INTERNAL, "too many windows");
  return 0;
}

static int crl_window(inputs *in, X509_CRL *crl, const char *what,
                      contrast_err *err) {
  int64_t tu, nu;
  ENSURE(contrast_asn1_time_epoch(X509_CRL_get0_lastUpdate(crl), &tu) == 0,
         MALFORMED, "%s: bad thisUpdate", what);
  ENSURE(X509_CRL_get0_nextUpdate(crl) != NULL, COLLATERAL,
         "%s: no nextUpdate", what);
  ENSURE(contrast_asn1_time_epoch(X509_CRL_get0_nextUpdate(crl), &nu) == 0,
         MALFORMED, "%s: bad nextUpdate", what);
  ENSURE(add_window(in, what, tu, nu) == 0, E_INTERNAL, "too many windows");
  return 0;
}

/* Every validity window, in the order they are judged. A window that cannot
 * be read is judged as soon as it is met (as before any later window). */
static int collect_windows(inputs *in, const tdx_trust *t, contrast_err *err) {
  in->n_windows = 0;
  (void)add_window(in, "Intel SGX Root CA", t->root_nb, t->root_na);
  GUARD(cert_window(in, in->pck[1], "PCK CA certificate", err));
  GUARD(cert_window(in, in->pck[0], "PCK certificate", err));
  if (in->n_tcb_chain > 0)
    GUARD(cert_window(in, in->tcb_chain[0], "TCB info signing certificate",
                      err));
  if (in->n_qe_chain > 0)
    GUARD(cert_window(in, in->qe_chain[0], "QE identity signing certificate",
                      err));
  if (in->n_crl_chain > 0)
    GUARD(cert_window(in, in->crl_chain[0], "PCK CRL issuer certificate",
                      err));
  if (in->root_crl != NULL)
    GUARD(crl_window(in, in->root_crl, "root CA CRL", err));
  if (in->pck_crl != NULL)
    GUARD(crl_window(in, in->pck_crl, "PCK CRL", err));
  if (in->has_tcb_info)
    (void)add_window(in, "TCB info", in->tcb_info.issue_date,
                     in->tcb_info.next_update);
  if (in->has_qe_identity)
    (void)add_window(in, "QE identity", in->qe_identity.issue_date,
                     in->qe_identity.next_update);
  return 0;
}

static int check_windows(const window *w, size_t n, int64_t now,
                         contrast_err *err) {
  for (size_t i = 0; i < n; i++)
    GUARD(contrast_check_window(w[i].nb, w[i].na, now, w[i].what, err));
  return 0;
}

/* ---- revocation ---- */

/* 0 when the certificate's serial is not on crl (or there is no CRL);
 * REVOKED (with detail) when it is; E_NOMEM. */
static int not_listed(X509_CRL *crl, const pool *p, size_t idx,
                      const char *detail, contrast_err *err) {
  if (crl == NULL)
    return 0;
  const contrast_der_view *tlv = &pc(p, idx)->x.serial_tlv;
  const unsigned char *q = tlv->p;
  /* at most 23 bytes (x509lite's serial bound) */
  ASN1_INTEGER *sn = d2i_ASN1_INTEGER(NULL, &q, (long)tlv->len);
  ENSURE_ALLOC(sn);
  X509_REVOKED *rev = NULL;
  int on = X509_CRL_get0_by_serial(crl, &rev, sn) == 1;
  ASN1_INTEGER_free(sn);
  ENSURE(!on, REVOKED, "%s", detail);
  return 0;
}

static int check_revocation(const inputs *in, contrast_err *err) {
  const pool *p = &in->pool;
  GUARD(not_listed(in->root_crl, p, in->pck[1],
                   "the PCK CA is listed in the root CA CRL", err));
  if (in->n_tcb_chain > 0)
    GUARD(not_listed(in->root_crl, p, in->tcb_chain[0],
                     "the TCB info signing certificate is listed in the root "
                     "CA CRL",
                     err));
  if (in->n_qe_chain > 0)
    GUARD(not_listed(in->root_crl, p, in->qe_chain[0],
                     "the QE identity signing certificate is listed in the "
                     "root CA CRL",
                     err));
  GUARD(not_listed(in->pck_crl, p, in->pck[0],
                   "the PCK certificate is listed in the PCK CRL", err));
  return 0;
}

/* ---- collateral ---- */

/* 1 when the CRL's issuer name has exactly the bytes of name. */
static int crl_issuer_is(const X509_CRL *crl, contrast_der_view name) {
  const unsigned char *der = NULL;
  size_t len = 0;
  if (X509_NAME_get0_der(X509_CRL_get_issuer(crl), &der, &len) != 1) {
    ERR_clear_error();
    return 0;
  }
  return contrast_der_view_eq((contrast_der_view){der, len}, name);
}

static int crl_ok(X509_CRL *crl, const pool_cert *issuer, const char *what,
                  contrast_err *err) {
  ENSURE(crl_issuer_is(crl, issuer->x.subject), COLLATERAL,
         "%s: issuer is not the expected CA", what);
  ENSURE(issuer->key != NULL && X509_CRL_verify(crl, issuer->key) == 1,
         COLLATERAL, "%s: signature does not verify", what);
  /* QVL CRL_REQUIRED_EXTENSIONS: CRL Number and Authority Key Identifier */
  ENSURE(X509_CRL_get_ext_by_NID(crl, NID_crl_number, -1) >= 0 &&
             X509_CRL_get_ext_by_NID(crl, NID_authority_key_identifier, -1) >=
                 0,
         COLLATERAL, "%s: CRL Number or Authority Key Identifier missing",
         what);
  return 0;
}

static int raw_signed_by(const uint8_t *data, size_t len, const uint8_t sig[64],
                         const pool_cert *signer) {
  uint8_t digest[32];
  contrast_sha256(data, len, digest);
  return contrast_p256_verify_pkey(signer->key, digest, sig);
}

static int check_module_identity(const tdx_quote *q, const tdx_tcb_info *ti,
                                 contrast_err *err) {
  const uint8_t *mrsigner = ti->module_mrsigner;
  const uint8_t *attributes = ti->module_attributes;
  uint8_t major = q->body.tee_tcb_svn[1];
  if (major > 0) {
    ENSURE(ti->has_identities, COLLATERAL,
           "TCB info has no tdxModuleIdentities but the quote's module is "
           "version %u",
           major);
    const tdx_module_identity *m = tdx_find_module_identity(ti, major);
    ENSURE(m != NULL, COLLATERAL,
           "TCB info has no TDX module identity TDX_%02X", major);
    mrsigner = m->mrsigner;
    attributes = m->attributes;
  }
  ENSURE(memcmp(q->body.mr_signer_seam, mrsigner, 48) == 0, COLLATERAL,
         "MRSIGNERSEAM differs from the TCB info's TDX module signer");
  /* QVL: SEAM attributes all zero and equal to the identity's */
  static const uint8_t zero[8] = {0};
  ENSURE(memcmp(q->body.seam_attributes, zero, 8) == 0 &&
             memcmp(q->body.seam_attributes, attributes, 8) == 0,
         COLLATERAL, "SEAM attributes are not as the TCB info says");
  return 0;
}

static int check_qe_identity(const tdx_quote *q, const tdx_qe_identity *qi,
                             contrast_err *err) {
  const tdx_qe_report *r = &q->qe_report;
  ENSURE((r->misc_select & qi->miscselect_mask) == qi->miscselect, COLLATERAL,
         "QE report MISCSELECT does not match the QE identity");
  for (int i = 0; i < 16; i++)
    ENSURE((r->attributes[i] & qi->attributes_mask[i]) == qi->attributes[i],
           COLLATERAL, "QE report ATTRIBUTES do not match the QE identity");
  ENSURE(memcmp(r->mr_signer, qi->mrsigner, 32) == 0, COLLATERAL,
         "QE report MRSIGNER differs from the QE identity");
  ENSURE(r->isv_prod_id == qi->isvprodid, COLLATERAL,
         "QE report ISVPRODID %u differs from the QE identity's %u",
         r->isv_prod_id, qi->isvprodid);
  return 0;
}

static int check_require_crl(int require_crl, int has_pck_crl,
                             int has_root_crl, contrast_err *err) {
  if (require_crl) {
    ENSURE(has_pck_crl, COLLATERAL, "require_crl: no PCK CRL given");
    ENSURE(has_root_crl, COLLATERAL, "require_crl: no root CA CRL given");
  }
  return 0;
}

/* The collateral checks that do not depend on the quote. */
static int check_collateral(const tdx_verified *v, const inputs *in,
                            int require_crl, contrast_err *err) {
  const pool *p = &in->pool;
  ENSURE(in->has_tcb_info, COLLATERAL, "no TCB info given");
  ENSURE(in->has_qe_identity, COLLATERAL, "no QE identity given");
  GUARD(check_require_crl(require_crl, in->pck_crl != NULL,
                          in->root_crl != NULL, err));
  if (in->root_crl != NULL)
    GUARD(crl_ok(in->root_crl, pc(p, in->pck[2]), "root CA CRL", err));
  if (in->pck_crl != NULL) {
    ENSURE(crl_issuer_is(in->pck_crl, pc(p, in->pck[0])->x.issuer),
           COLLATERAL, "PCK CRL: issuer is not the PCK certificate's issuer");
    GUARD(crl_ok(in->pck_crl, pc(p, in->pck[1]), "PCK CRL", err));
  }
  const tdx_tcb_info *ti = &in->tcb_info;
  ENSURE(in->n_tcb_chain > 0, COLLATERAL, "no TCB info issuer chain given");
  ENSURE(raw_signed_by(ti->signed_data, ti->signed_len, ti->signature,
                       pc(p, in->tcb_chain[0])),
         COLLATERAL, "TCB info signature does not verify");
  ENSURE(strcmp(ti->id, "TDX") == 0 && ti->version == 3, COLLATERAL,
         "TCB info id '%s' version %llu, expected TDX version 3", ti->id,
         (unsigned long long)ti->version);
  ENSURE(ti->tcb_type == 0, COLLATERAL, "TCB info tcbType %llu is not 0",
         (unsigned long long)ti->tcb_type);
  ENSURE(ti->n_levels > 0, COLLATERAL, "TCB info has no tcbLevels");
  const tdx_qe_identity *qi = &in->qe_identity;
  ENSURE(in->n_qe_chain > 0, COLLATERAL, "no QE identity issuer chain given");
  ENSURE(raw_signed_by(qi->signed_data, qi->signed_len, qi->signature,
                       pc(p, in->qe_chain[0])),
         COLLATERAL, "QE identity signature does not verify");
  ENSURE(strcmp(qi->id, "TD_QE") == 0 && qi->version == 2, COLLATERAL,
         "QE identity id '%s' version %llu, expected TD_QE version 2", qi->id,
         (unsigned long long)qi->version);
  ENSURE(qi->n_levels > 0, COLLATERAL, "QE identity has no tcbLevels");
  ENSURE(memcmp(ti->fmspc, v->pck.fmspc, 6) == 0, COLLATERAL,
         "TCB info FMSPC differs from the PCK certificate's");
  ENSURE(memcmp(ti->pceid, v->pck.pceid, 2) == 0, COLLATERAL,
         "TCB info PCE-ID differs from the PCK certificate's");
  return 0;
}

/* ---- cache ---- */

#define CACHE_SLOTS 8
#define CACHE_PARTS 8 /* the PCK chain and the seven collateral items */

typedef struct cache_slot {
  int used;
  const tdx_trust *trust;
  uint8_t root_fp[32];
  uint8_t *part[CACHE_PARTS];
  size_t part_len[CACHE_PARTS];
  int present[CACHE_PARTS];
  EVP_PKEY *pck_key; /* up-referenced */
  tdx_pck_ext pck;
  tdx_tcb_info ti; /* signed_data cleared: the bytes are not kept */
  tdx_qe_identity qi;
  window windows[MAX_WINDOWS];
  size_t n_windows;
  int has_pck_crl, has_root_crl;
} cache_slot;

struct tdx_cache {
  cache_slot slot[CACHE_SLOTS];
  size_t next;
};

tdx_cache *tdx_cache_new(void) { return calloc(1, sizeof(tdx_cache)); }

static void slot_wipe(cache_slot *s) {
  for (size_t i = 0; i < CACHE_PARTS; i++)
    free(s->part[i]);
  EVP_PKEY_free(s->pck_key);
  tdx_tcb_info_wipe(&s->ti);
  tdx_qe_identity_wipe(&s->qi);
  memset(s, 0, sizeof *s);
}

void tdx_cache_free(tdx_cache *c) {
  if (c == NULL)
    return;
  for (size_t i = 0; i < CACHE_SLOTS; i++)
    slot_wipe(&c->slot[i]);
  free(c);
}

static void parts_of(const tdx_quote *q, const tdx_collateral *c,
                     const uint8_t *part[CACHE_PARTS],
                     size_t len[CACHE_PARTS]) {
  part[0] = q->pck_chain;
  len[0] = q->pck_chain_len;
  part[1] = c->tcb_info;
  len[1] = c->tcb_info_len;
  part[2] = c->tcb_info_issuer_chain;
  len[2] = c->tcb_info_issuer_chain_len;
  part[3] = c->qe_identity;
  len[3] = c->qe_identity_len;
  part[4] = c->qe_identity_issuer_chain;
  len[4] = c->qe_identity_issuer_chain_len;
  part[5] = c->pck_crl;
  len[5] = c->pck_crl_len;
  part[6] = c->pck_crl_issuer_chain;
  len[6] = c->pck_crl_issuer_chain_len;
  part[7] = c->root_ca_crl;
  len[7] = c->root_ca_crl_len;
}

/* A slot made from exactly these bytes under this pinned root. */
static cache_slot *cache_find(tdx_cache *c, const tdx_trust *t,
                              const tdx_quote *q, const tdx_collateral *col) {
  const uint8_t *part[CACHE_PARTS];
  size_t len[CACHE_PARTS];
  parts_of(q, col, part, len);
  for (size_t i = 0; i < CACHE_SLOTS; i++) {
    cache_slot *s = &c->slot[i];
    int same = s->used && s->trust == t &&
               memcmp(s->root_fp, t->root_fp, 32) == 0;
    for (size_t k = 0; k < CACHE_PARTS && same; k++)
      same = s->present[k] == (part[k] != NULL) && s->part_len[k] == len[k] &&
             (len[k] == 0 || memcmp(s->part[k], part[k], len[k]) == 0);
    if (same)
      return s;
  }
  return NULL;
}

/* Keep what the full verification established (moving the parsed
 * collateral out of in). Returns the slot, or NULL: a failed copy only
 * means no cache entry. */
static cache_slot *cache_store(tdx_cache *c, const tdx_trust *t,
                               const tdx_quote *q, const tdx_collateral *col,
                               inputs *in, const tdx_verified *v) {
  cache_slot *s = &c->slot[c->next];
  c->next = (c->next + 1) % CACHE_SLOTS;
  slot_wipe(s);
  const uint8_t *part[CACHE_PARTS];
  size_t len[CACHE_PARTS];
  parts_of(q, col, part, len);
  for (size_t k = 0; k < CACHE_PARTS; k++) {
    s->present[k] = part[k] != NULL;
    s->part_len[k] = len[k];
    if (len[k] > 0) {
      s->part[k] = malloc(len[k]);
      if (s->part[k] == NULL) {
        slot_wipe(s);
        return NULL;
      }
      memcpy(s->part[k], part[k], len[k]);
    }
  }
  s->pck_key = pc(&in->pool, in->pck[0])->key;
  if (s->pck_key == NULL || EVP_PKEY_up_ref(s->pck_key) != 1) {
    s->pck_key = NULL;
    slot_wipe(s);
    return NULL;
  }
  s->trust = t;
  memcpy(s->root_fp, t->root_fp, 32);
  s->pck = v->pck;
  s->ti = in->tcb_info;
  s->ti.signed_data = NULL;
  memset(&in->tcb_info, 0, sizeof in->tcb_info);
  in->has_tcb_info = 0;
  s->qi = in->qe_identity;
  s->qi.signed_data = NULL;
  memset(&in->qe_identity, 0, sizeof in->qe_identity);
  in->has_qe_identity = 0;
  memcpy(s->windows, in->windows, sizeof in->windows);
  s->n_windows = in->n_windows;
  s->has_pck_crl = in->pck_crl != NULL;
  s->has_root_crl = in->root_crl != NULL;
  s->used = 1;
  return s;
}

/* ---- the procedure ---- */

static int verify_full(const tdx_trust *t, const tdx_collateral *c,
                       const tdx_verify_opts *o, tdx_verified *v, inputs *in,
                       const tdx_tcb_info **ti, const tdx_qe_identity **qi,
                       contrast_err *err) {
  const tdx_quote *q = &v->quote;
  GUARD(parse_inputs(q, c, t, in, v, err));
  GUARD(quote_signatures(q, pc(&in->pool, in->pck[0])->key, err));
  ENSURE(t->loaded, CHAIN, "no pinned Intel root in the '%s' trust store",
         t->label);
  GUARD(check_pck_chain(in, t, err));
  if (in->n_tcb_chain > 0)
    GUARD(check_signing_chain(&in->pool, in->tcb_chain, in->n_tcb_chain,
                              "tcb_info_issuer_chain", t, err));
  if (in->n_qe_chain > 0)
    GUARD(check_signing_chain(&in->pool, in->qe_chain, in->n_qe_chain,
                              "qe_identity_issuer_chain", t, err));
  GUARD(check_crl_chain(in, err));
  GUARD(collect_windows(in, t, err));
  GUARD(check_windows(in->windows, in->n_windows, o->now, err));
  GUARD(check_revocation(in, err));
  GUARD(check_collateral(v, in, o->require_crl, err));
  if (o->cache != NULL) {
    /* the collateral moved into the slot (no second cache_find: no slot
     * held these bytes, or verify_inner would have used it) */
    cache_slot *s = cache_store(o->cache, t, q, c, in, v);
    if (s != NULL) {
      *ti = &s->ti;
      *qi = &s->qi;
      return 0;
    }
  }
  *ti = &in->tcb_info;
  *qi = &in->qe_identity;
  return 0;
}

static int verify_inner(const tdx_trust *t, const uint8_t *quote, size_t len,
                        const tdx_collateral *c, const tdx_verify_opts *o,
                        tdx_verified *v, inputs *in, contrast_err *err) {
  GUARD(tdx_quote_parse(quote, len, &v->quote, err));
  v->has_quote = 1;
  const tdx_quote *q = &v->quote;
  const tdx_tcb_info *ti = NULL;
  const tdx_qe_identity *qi = NULL;
  cache_slot *s = o->cache != NULL ? cache_find(o->cache, t, q, c) : NULL;
  if (s != NULL) {
    /* Everything the PCK chain and the collateral establish held for these
     * bytes; what depends on now or on the quote is judged again, in the
     * same order as without the cache. */
    v->pck = s->pck;
    v->has_pck = 1;
    GUARD(quote_signatures(q, s->pck_key, err));
    GUARD(check_windows(s->windows, s->n_windows, o->now, err));
    GUARD(check_require_crl(o->require_crl, s->has_pck_crl, s->has_root_crl,
                            err));
    ti = &s->ti;
    qi = &s->qi;
  } else {
    GUARD(verify_full(t, c, o, v, in, &ti, &qi, err));
  }
  ENSURE(ti != NULL && qi != NULL, E_INTERNAL, "no collateral after checks");
  GUARD(check_qe_identity(q, qi, err));
  GUARD(check_module_identity(q, ti, err));
  v->tcb_evaluation_data_number = ti->tcb_evaluation_data_number;
  return tdx_tcb_status(q, &v->pck, ti, qi, v, err);
}

int tdx_verify(const tdx_trust *trust, const uint8_t *quote, size_t len,
               const tdx_collateral *collateral, const tdx_verify_opts *opts,
               tdx_verified *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  inputs *in = calloc(1, sizeof *in);
  ENSURE_ALLOC(in);
  int rc = verify_inner(trust, quote, len, collateral, opts, out, in, err);
  inputs_wipe(in);
  free(in);
  return rc;
}
