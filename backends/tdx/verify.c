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
 *   then the TCB status is computed (judged by tdx_appraise). */
#include <stdio.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "autofree.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "guard.h"

/* DER content of ecdsa-with-SHA256 (1.2.840.10045.4.3.2) */
static const uint8_t OID_ECDSA_SHA256[] = {0x2a, 0x86, 0x48, 0xce,
                                           0x3d, 0x04, 0x03, 0x02};

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
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx == NULL)
    return 0;
  int ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, issuer) == 1 &&
           EVP_DigestVerify(ctx, s.sig, s.sig_len, s.tbs, s.tbs_len) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

int tdx_trust_set_root(tdx_trust *t, const uint8_t *root, size_t len,
                       contrast_err *err) {
  contrast_err local;
  contrast_err_clear(&local);
  tdx_trust_wipe(t);
  ENSURE(contrast_cert_parse(root, len, "pinned Intel root", &t->root,
                             &local) == 0,
         E_UNUSABLE, "%s", local.detail);
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
  t->loaded = 1;
  return 0;
}

/* ---- parsed inputs ---- */

typedef struct inputs {
  contrast_cert pck[4]; /* leaf, intermediate, root */
  size_t n_pck;
  contrast_cert tcb_chain[4], qe_chain[4], crl_chain[4];
  size_t n_tcb_chain, n_qe_chain, n_crl_chain;
  X509_CRL *pck_crl, *root_crl;
  tdx_tcb_info tcb_info;
  int has_tcb_info;
  tdx_qe_identity qe_identity;
  int has_qe_identity;
  contrast_p256_pub *pck_key, *attest_key;
} inputs;

static void inputs_wipe(inputs *in) {
  for (size_t i = 0; i < 4; i++) {
    contrast_cert_wipe(&in->pck[i]);
    contrast_cert_wipe(&in->tcb_chain[i]);
    contrast_cert_wipe(&in->qe_chain[i]);
    contrast_cert_wipe(&in->crl_chain[i]);
  }
  X509_CRL_free(in->pck_crl);
  X509_CRL_free(in->root_crl);
  tdx_tcb_info_wipe(&in->tcb_info);
  tdx_qe_identity_wipe(&in->qe_identity);
  contrast_p256_pub_free(in->pck_key);
  contrast_p256_pub_free(in->attest_key);
}

static int parse_chain(const uint8_t *buf, size_t len, const char *what,
                       contrast_cert *out, size_t *n, contrast_err *err) {
  *n = 0;
  if (buf == NULL)
    return 0;
  return contrast_cert_parse_pem_bundle(buf, len, what, out, 4, n, err);
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
                        inputs *in, tdx_verified *out, contrast_err *err) {
  /* The inner type-5 data is a PEM chain that often ends with one NUL. */
  size_t plen = q->pck_chain_len;
  if (plen > 0 && q->pck_chain[plen - 1] == '\0')
    plen--;
  GUARD(contrast_cert_parse_pem_bundle(q->pck_chain, plen,
                                       "PCK certificate chain", in->pck, 4,
                                       &in->n_pck, err));
  GUARD(tdx_pck_ext_from_cert(in->pck[0].x509, &out->pck, err));
  out->has_pck = 1;
  GUARD(parse_chain(c->tcb_info_issuer_chain, c->tcb_info_issuer_chain_len,
                    "tcb_info_issuer_chain", in->tcb_chain, &in->n_tcb_chain,
                    err));
  GUARD(parse_chain(c->qe_identity_issuer_chain,
                    c->qe_identity_issuer_chain_len, "qe_identity_issuer_chain",
                    in->qe_chain, &in->n_qe_chain, err));
  GUARD(parse_chain(c->pck_crl_issuer_chain, c->pck_crl_issuer_chain_len,
                    "pck_crl_issuer_chain", in->crl_chain, &in->n_crl_chain,
                    err));
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

static int quote_signatures(const tdx_quote *q, inputs *in,
                            contrast_err *err) {
  uint8_t xy[64], digest[32];
  ENSURE(contrast_ec_pub_xy(X509_get0_pubkey(in->pck[0].x509), "prime256v1",
                            xy, 32) == 0,
         CHAIN, "PCK certificate: key is not ECDSA P-256");
  in->pck_key = contrast_p256_pub_new(xy);
  ENSURE(in->pck_key != NULL, CHAIN, "PCK certificate: key not on P-256");
  contrast_sha256(q->qe_report.raw, TDX_QE_REPORT_SIZE, digest);
  ENSURE(contrast_p256_verify(in->pck_key, digest, q->qe_report_signature),
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

  in->attest_key = contrast_p256_pub_new(q->attest_key);
  ENSURE(in->attest_key != NULL, SIGNATURE,
         "attestation key is not a point on P-256");
  contrast_sha256(q->signed_data, q->signed_len, digest);
  ENSURE(contrast_p256_verify(in->attest_key, digest, q->signature),
         SIGNATURE, "quote signature does not verify with the attestation key");
  return 0;
}

/* ---- chains ---- */

static int cn_is(const X509 *x, const char *want) {
  char cn[128];
  return contrast_x509_name_cn(X509_get_subject_name(x), cn, sizeof cn) == 0 &&
         strcmp(cn, want) == 0;
}

static int is_pinned_root(const contrast_cert *c, const tdx_trust *t) {
  return c->der_len == t->root.der_len &&
         memcmp(c->der, t->root.der, c->der_len) == 0;
}

static int issued_by(const contrast_cert *child, const X509 *issuer,
                     EVP_PKEY *issuer_pub) {
  uint8_t xy[64];
  return X509_NAME_cmp(X509_get_issuer_name(child->x509),
                       X509_get_subject_name(issuer)) == 0 &&
         contrast_ec_pub_xy(X509_get0_pubkey(child->x509), "prime256v1", xy,
                            32) == 0 &&
         ecdsa_signed_by(child->der, child->der_len, issuer_pub);
}

static int check_pck_chain(const inputs *in, const tdx_trust *t,
                           contrast_err *err) {
  ENSURE(in->n_pck == 3, CHAIN,
         "PCK certificate chain has %zu certificates, expected leaf, CA, "
         "root",
         in->n_pck);
  ENSURE(is_pinned_root(&in->pck[2], t), CHAIN,
         "PCK chain root is not the pinned Intel SGX Root CA (%s)", t->label);
  ENSURE(cn_is(in->pck[1].x509, CN_PLATFORM_CA) ||
             cn_is(in->pck[1].x509, CN_PROCESSOR_CA),
         CHAIN, "PCK chain intermediate is not an Intel SGX PCK CA");
  ENSURE(cn_is(in->pck[0].x509, CN_PCK), CHAIN,
         "PCK chain leaf is not an Intel SGX PCK Certificate");
  ENSURE(issued_by(&in->pck[1], t->root.x509, t->root_pub), CHAIN,
         "PCK CA is not issued and signed by the pinned root");
  ENSURE(issued_by(&in->pck[0], in->pck[1].x509,
                   X509_get0_pubkey(in->pck[1].x509)),
         CHAIN, "PCK certificate is not issued and signed by the PCK CA");
  return 0;
}

static int check_signing_chain(const contrast_cert *chain, size_t n,
                               const char *what, const tdx_trust *t,
                               contrast_err *err) {
  ENSURE(n == 2, CHAIN, "%s has %zu certificates, expected signer and root",
         what, n);
  ENSURE(is_pinned_root(&chain[1], t), CHAIN,
         "%s root is not the pinned Intel SGX Root CA (%s)", what, t->label);
  ENSURE(cn_is(chain[0].x509, CN_TCB_SIGNING), CHAIN,
         "%s signer is not an Intel SGX TCB Signing certificate", what);
  ENSURE(issued_by(&chain[0], t->root.x509, t->root_pub), CHAIN,
         "%s signer is not issued and signed by the pinned root", what);
  return 0;
}

static int check_crl_chain(const inputs *in, const tdx_trust *t,
                           contrast_err *err) {
  if (in->n_crl_chain == 0)
    return 0;
  ENSURE(in->n_crl_chain == 2, CHAIN,
         "pck_crl_issuer_chain has %zu certificates, expected CA and root",
         in->n_crl_chain);
  ENSURE(is_pinned_root(&in->crl_chain[1], t), CHAIN,
         "pck_crl_issuer_chain root is not the pinned Intel SGX Root CA");
  ENSURE(issued_by(&in->crl_chain[0], t->root.x509, t->root_pub), CHAIN,
         "pck_crl_issuer_chain CA is not issued and signed by the root");
  ENSURE(X509_NAME_cmp(X509_get_subject_name(in->crl_chain[0].x509),
                       X509_get_subject_name(in->pck[1].x509)) == 0 &&
             EVP_PKEY_eq(X509_get0_pubkey(in->crl_chain[0].x509),
                         X509_get0_pubkey(in->pck[1].x509)) == 1,
         CHAIN, "pck_crl_issuer_chain CA is not the PCK chain's CA");
  return 0;
}

/* ---- time ---- */

static int cert_window(const contrast_cert *c, const char *what, int64_t now,
                       contrast_err *err) {
  int64_t nb, na;
  GUARD(contrast_x509_validity(c->x509, &nb, &na, err));
  return contrast_check_window(nb, na, now, what, err);
}

static int crl_window(X509_CRL *crl, const char *what, int64_t now,
                      contrast_err *err) {
  int64_t tu, nu;
  ENSURE(contrast_asn1_time_epoch(X509_CRL_get0_lastUpdate(crl), &tu) == 0,
         MALFORMED, "%s: bad thisUpdate", what);
  ENSURE(X509_CRL_get0_nextUpdate(crl) != NULL, COLLATERAL,
         "%s: no nextUpdate", what);
  ENSURE(contrast_asn1_time_epoch(X509_CRL_get0_nextUpdate(crl), &nu) == 0,
         MALFORMED, "%s: bad nextUpdate", what);
  return contrast_check_window(tu, nu, now, what, err);
}

static int check_times(const inputs *in, const tdx_trust *t, int64_t now,
                       contrast_err *err) {
  GUARD(contrast_check_window(t->root_nb, t->root_na, now, "Intel SGX Root CA",
                              err));
  GUARD(cert_window(&in->pck[1], "PCK CA certificate", now, err));
  GUARD(cert_window(&in->pck[0], "PCK certificate", now, err));
  if (in->n_tcb_chain > 0)
    GUARD(cert_window(&in->tcb_chain[0], "TCB info signing certificate", now,
                      err));
  if (in->n_qe_chain > 0)
    GUARD(cert_window(&in->qe_chain[0], "QE identity signing certificate",
                      now, err));
  if (in->n_crl_chain > 0)
    GUARD(cert_window(&in->crl_chain[0], "PCK CRL issuer certificate", now,
                      err));
  if (in->root_crl != NULL)
    GUARD(crl_window(in->root_crl, "root CA CRL", now, err));
  if (in->pck_crl != NULL)
    GUARD(crl_window(in->pck_crl, "PCK CRL", now, err));
  if (in->has_tcb_info)
    GUARD(contrast_check_window(in->tcb_info.issue_date,
                                in->tcb_info.next_update, now, "TCB info",
                                err));
  if (in->has_qe_identity)
    GUARD(contrast_check_window(in->qe_identity.issue_date,
                                in->qe_identity.next_update, now,
                                "QE identity", err));
  return 0;
}

/* ---- revocation ---- */

static int listed(X509_CRL *crl, const X509 *x) {
  X509_REVOKED *rev = NULL;
  return crl != NULL &&
         X509_CRL_get0_by_serial(crl, &rev, X509_get0_serialNumber(x)) == 1;
}

static int check_revocation(const inputs *in, contrast_err *err) {
  ENSURE(!listed(in->root_crl, in->pck[1].x509), REVOKED,
         "the PCK CA is listed in the root CA CRL");
  if (in->n_tcb_chain > 0)
    ENSURE(!listed(in->root_crl, in->tcb_chain[0].x509), REVOKED,
           "the TCB info signing certificate is listed in the root CA CRL");
  if (in->n_qe_chain > 0)
    ENSURE(!listed(in->root_crl, in->qe_chain[0].x509), REVOKED,
           "the QE identity signing certificate is listed in the root CA CRL");
  ENSURE(!listed(in->pck_crl, in->pck[0].x509), REVOKED,
         "the PCK certificate is listed in the PCK CRL");
  return 0;
}

/* ---- collateral ---- */

static int crl_ok(X509_CRL *crl, const X509 *issuer, EVP_PKEY *issuer_pub,
                  const char *what, contrast_err *err) {
  ENSURE(X509_NAME_cmp(X509_CRL_get_issuer(crl),
                       X509_get_subject_name(issuer)) == 0,
         COLLATERAL, "%s: issuer is not the expected CA", what);
  ENSURE(X509_CRL_verify(crl, issuer_pub) == 1, COLLATERAL,
         "%s: signature does not verify", what);
  /* QVL CRL_REQUIRED_EXTENSIONS: CRL Number and Authority Key Identifier */
  ENSURE(X509_CRL_get_ext_by_NID(crl, NID_crl_number, -1) >= 0 &&
             X509_CRL_get_ext_by_NID(crl, NID_authority_key_identifier, -1) >=
                 0,
         COLLATERAL, "%s: CRL Number or Authority Key Identifier missing",
         what);
  return 0;
}

static int raw_signed_by(const uint8_t *data, size_t len, const uint8_t sig[64],
                         const contrast_cert *signer) {
  uint8_t xy[64], digest[32];
  if (contrast_ec_pub_xy(X509_get0_pubkey(signer->x509), "prime256v1", xy,
                         32) != 0)
    return 0;
  contrast_p256_pub *k = contrast_p256_pub_new(xy);
  if (k == NULL)
    return 0;
  contrast_sha256(data, len, digest);
  int ok = contrast_p256_verify(k, digest, sig);
  contrast_p256_pub_free(k);
  return ok;
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

static int check_collateral(const tdx_quote *q, const tdx_verified *v,
                            const inputs *in, int require_crl,
                            contrast_err *err) {
  ENSURE(in->has_tcb_info, COLLATERAL, "no TCB info given");
  ENSURE(in->has_qe_identity, COLLATERAL, "no QE identity given");
  if (require_crl) {
    ENSURE(in->pck_crl != NULL, COLLATERAL, "require_crl: no PCK CRL given");
    ENSURE(in->root_crl != NULL, COLLATERAL,
           "require_crl: no root CA CRL given");
  }
  if (in->root_crl != NULL)
    GUARD(crl_ok(in->root_crl, in->pck[2].x509,
                 X509_get0_pubkey(in->pck[2].x509), "root CA CRL", err));
  if (in->pck_crl != NULL) {
    ENSURE(X509_NAME_cmp(X509_CRL_get_issuer(in->pck_crl),
                         X509_get_issuer_name(in->pck[0].x509)) == 0,
           COLLATERAL, "PCK CRL: issuer is not the PCK certificate's issuer");
    GUARD(crl_ok(in->pck_crl, in->pck[1].x509,
                 X509_get0_pubkey(in->pck[1].x509), "PCK CRL", err));
  }
  const tdx_tcb_info *ti = &in->tcb_info;
  ENSURE(in->n_tcb_chain > 0, COLLATERAL, "no TCB info issuer chain given");
  ENSURE(raw_signed_by(ti->signed_data, ti->signed_len, ti->signature,
                       &in->tcb_chain[0]),
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
                       &in->qe_chain[0]),
         COLLATERAL, "QE identity signature does not verify");
  ENSURE(strcmp(qi->id, "TD_QE") == 0 && qi->version == 2, COLLATERAL,
         "QE identity id '%s' version %llu, expected TD_QE version 2", qi->id,
         (unsigned long long)qi->version);
  ENSURE(qi->n_levels > 0, COLLATERAL, "QE identity has no tcbLevels");
  ENSURE(memcmp(ti->fmspc, v->pck.fmspc, 6) == 0, COLLATERAL,
         "TCB info FMSPC differs from the PCK certificate's");
  ENSURE(memcmp(ti->pceid, v->pck.pceid, 2) == 0, COLLATERAL,
         "TCB info PCE-ID differs from the PCK certificate's");
  GUARD(check_qe_identity(q, qi, err));
  GUARD(check_module_identity(q, ti, err));
  return 0;
}

static int verify_inner(const tdx_trust *t, const uint8_t *quote, size_t len,
                        const tdx_collateral *c, const tdx_verify_opts *o,
                        tdx_verified *v, inputs *in, contrast_err *err) {
  GUARD(tdx_quote_parse(quote, len, &v->quote, err));
  v->has_quote = 1;
  GUARD(parse_inputs(&v->quote, c, in, v, err));
  GUARD(quote_signatures(&v->quote, in, err));
  ENSURE(t->loaded, CHAIN, "no pinned Intel root in the '%s' trust store",
         t->label);
  GUARD(check_pck_chain(in, t, err));
  if (in->n_tcb_chain > 0)
    GUARD(check_signing_chain(in->tcb_chain, in->n_tcb_chain,
                              "tcb_info_issuer_chain", t, err));
  if (in->n_qe_chain > 0)
    GUARD(check_signing_chain(in->qe_chain, in->n_qe_chain,
                              "qe_identity_issuer_chain", t, err));
  GUARD(check_crl_chain(in, t, err));
  GUARD(check_times(in, t, o->now, err));
  GUARD(check_revocation(in, err));
  GUARD(check_collateral(&v->quote, v, in, o->require_crl, err));
  v->tcb_evaluation_data_number = in->tcb_info.tcb_evaluation_data_number;
  return tdx_tcb_status(&v->quote, &v->pck, &in->tcb_info, &in->qe_identity,
                        v, err);
}

int tdx_verify(const tdx_trust *trust, const uint8_t *quote, size_t len,
               const tdx_collateral *collateral, const tdx_verify_opts *opts,
               tdx_verified *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  inputs in;
  memset(&in, 0, sizeof in);
  int rc = verify_inner(trust, quote, len, collateral, opts, out, &in, err);
  inputs_wipe(&in);
  return rc;
}
