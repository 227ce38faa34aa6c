/* sim/tdx_pki.c, tdx_keys.c, tdx_collateral.c, tdx_quote.c: the simulated
 * Intel PKI, its keys directory, collateral and quotes. The certificates,
 * CRLs and collateral are compared with the real Intel objects of
 * vectors/real/tdx (names, validity, extensions, JSON key order): what the
 * simulator makes must differ from Intel's only in its keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "contrast/crypto.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "simtest.h"
#include "tdx_pki.h"
#include "testsupport.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define REAL "vectors/real/tdx/tdx-v4-azure-outofdate/"

/* ---- helpers ---- */

static char keysdir[256];

static void keys_make(void) {
  st_tmpdir("tdxkeys", keysdir);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_keys_write(keysdir, &err), 0);
}

static sim_tdx_pki *keys_load(void) {
  sim_tdx_pki *pki = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  int rc = sim_tdx_pki_load(keysdir, &pki, &err);
  if (rc != 0)
    fprintf(stderr, "load: %s\n", err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  return pki;
}

/* The certificates of a PEM bundle (at most 4). */
static size_t certs_of(const uint8_t *pem, size_t len, contrast_cert out[4]) {
  size_t n = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(
      contrast_cert_parse_pem_bundle(pem, len, "test", out, 4, &n, &err), 0);
  return n;
}

static size_t certs_of_file(const char *path, contrast_cert out[4]) {
  size_t len = 0;
  uint8_t *b = st_read(path, &len);
  size_t n = certs_of(b, len, out);
  free(b);
  return n;
}

static size_t real_certs(const char *file, contrast_cert out[4]) {
  size_t len = 0;
  uint8_t *b = test_read_file(file, &len);
  size_t n = certs_of(b, len, out);
  free(b);
  return n;
}

static void sim_cert(const char *name, contrast_cert *out) {
  char p[4096], f[256];
  (void)snprintf(f, sizeof f, "intel/%s", name);
  st_path(p, keysdir, f);
  contrast_cert c[4];
  CU_ASSERT_EQUAL_FATAL(certs_of_file(p, c), 1);
  *out = c[0];
}

/* The real PCK leaf, intermediate and root from the real quote. */
static void real_pck_chain(contrast_cert out[3]) {
  size_t len = 0;
  uint8_t *q = test_read_file(REAL "quote.bin", &len);
  tdx_quote quote;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(q, len, &quote, &err), 0);
  size_t plen = quote.pck_chain_len;
  if (plen > 0 && quote.pck_chain[plen - 1] == '\0')
    plen--;
  contrast_cert c[4];
  CU_ASSERT_EQUAL_FATAL(certs_of(quote.pck_chain, plen, c), 3);
  for (int i = 0; i < 3; i++)
    out[i] = c[i];
  free(q);
}

static void wipe_certs(contrast_cert *c, size_t n) {
  for (size_t i = 0; i < n; i++)
    contrast_cert_wipe(&c[i]);
}

/* The extensions' OIDs in order, "," separated, with "!" after critical
 * ones. */
static void ext_list(const X509 *x, char *out, size_t cap) {
  out[0] = '\0';
  for (int i = 0; i < X509_get_ext_count(x); i++) {
    X509_EXTENSION *e = X509_get_ext(x, i);
    char oid[80];
    OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(e), 1);
    size_t l = strlen(out);
    (void)snprintf(out + l, cap - l, "%s%s%s", l ? "," : "", oid,
                   X509_EXTENSION_get_critical(e) ? "!" : "");
  }
}

static const ASN1_OCTET_STRING *ext_value(const X509 *x, const char *oid) {
  ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
  int i = X509_get_ext_by_OBJ(x, o, -1);
  ASN1_OBJECT_free(o);
  return i < 0 ? NULL : X509_EXTENSION_get_data(X509_get_ext(x, i));
}

/* Sim and real certificate alike in all but their keys: subject, issuer,
 * extension list and criticality, the values of KeyUsage,
 * BasicConstraints and the CRL Distribution Point, the signature algorithm
 * and the key type. */
static void assert_like(const contrast_cert *sim, const contrast_cert *real,
                        const char *what) {
  int ok = X509_NAME_cmp(X509_get_subject_name(sim->x509),
                         X509_get_subject_name(real->x509)) == 0 &&
           X509_NAME_cmp(X509_get_issuer_name(sim->x509),
                         X509_get_issuer_name(real->x509)) == 0;
  if (!ok)
    fprintf(stderr, "  %s: names differ from the real certificate\n", what);
  CU_ASSERT_TRUE(ok);
  char a[512], b[512];
  ext_list(sim->x509, a, sizeof a);
  ext_list(real->x509, b, sizeof b);
  if (strcmp(a, b) != 0)
    fprintf(stderr, "  %s: extensions %s, real %s\n", what, a, b);
  CU_ASSERT_STRING_EQUAL(a, b);
  static const char *const same[] = {"2.5.29.15", "2.5.29.19", "2.5.29.31"};
  for (size_t i = 0; i < 3; i++) {
    const ASN1_OCTET_STRING *s = ext_value(sim->x509, same[i]);
    const ASN1_OCTET_STRING *r = ext_value(real->x509, same[i]);
    CU_ASSERT_TRUE(s != NULL && r != NULL && ASN1_STRING_cmp(s, r) == 0);
  }
  CU_ASSERT_EQUAL(X509_get_signature_nid(sim->x509),
                  X509_get_signature_nid(real->x509));
  CU_ASSERT_EQUAL(X509_get_version(sim->x509), 2);
  uint8_t xy[64];
  CU_ASSERT_EQUAL(
      contrast_ec_pub_xy(X509_get0_pubkey(sim->x509), "prime256v1", xy, 32),
      0);
}

static void validity(const contrast_cert *c, int64_t *nb, int64_t *na) {
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_x509_validity(c->x509, nb, na, &err), 0);
}

/* ---- keys directory ---- */

static void test_tdx_keys_write_layout_and_modes(void) {
  keys_make();
  static const char *const keys[] = {
      "intel/sgx_root_ca.key",   "intel/pck_platform_ca.key",
      "intel/pck_processor_ca.key", "intel/pck_platform.key",
      "intel/pck_processor.key", "intel/tcb_signing.key",
      "intel/qe_attestation.key"};
  static const char *const pub[] = {
      "intel/sgx_root_ca.pem",      "intel/pck_platform_ca.pem",
      "intel/pck_processor_ca.pem", "intel/pck_platform.pem",
      "intel/pck_processor.pem",    "intel/tcb_signing.pem",
      "intel/root_ca_crl.der",      "intel/pck_platform_crl.der",
      "intel/pck_processor_crl.der", "intel/platform.json",
      "roots/intel/sgx_root_ca.pem"};
  char p[4096];
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(keys); i++) {
    st_path(p, keysdir, keys[i]);
    CU_ASSERT_EQUAL(st_mode(p), 0600);
  }
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(pub); i++) {
    st_path(p, keysdir, pub[i]);
    CU_ASSERT_EQUAL(st_mode(p), 0644);
  }
  /* the pinned root is the root every chain carries */
  size_t a = 0, b = 0;
  st_path(p, keysdir, "intel/sgx_root_ca.pem");
  uint8_t *x = st_read(p, &a);
  st_path(p, keysdir, "roots/intel/sgx_root_ca.pem");
  uint8_t *y = st_read(p, &b);
  CU_ASSERT_TRUE(a == b && memcmp(x, y, a) == 0);
  free(x);
  free(y);
  /* the roots directory holds no private key */
  st_path(p, keysdir, "roots/intel/sgx_root_ca.key");
  CU_ASSERT_FALSE(st_exists(p));
  st_rmtree(keysdir);
}

static void test_tdx_keys_certificates_mirror_intel(void) {
  keys_make();
  contrast_cert real_pck[3], real_tcb[4], real_crl_chain[4];
  real_pck_chain(real_pck);
  CU_ASSERT_EQUAL_FATAL(real_certs(REAL "tcb_info_issuer_chain.pem", real_tcb),
                        2);
  CU_ASSERT_EQUAL_FATAL(
      real_certs(REAL "pck_crl_issuer_chain.pem", real_crl_chain), 2);
  contrast_cert root, ca, pck, signer;
  sim_cert("sgx_root_ca.pem", &root);
  sim_cert("pck_platform_ca.pem", &ca);
  sim_cert("pck_platform.pem", &pck);
  sim_cert("tcb_signing.pem", &signer);
  assert_like(&root, &real_tcb[1], "root");
  assert_like(&ca, &real_crl_chain[0], "PCK Platform CA");
  assert_like(&pck, &real_pck[0], "PCK");
  assert_like(&signer, &real_tcb[0], "TCB Signing");
  /* validity: Intel's own for root, CA and TCB Signing; 7 years for the
   * PCK */
  int64_t snb, sna, rnb, rna;
  const contrast_cert *pairs[3][2] = {
      {&root, &real_tcb[1]}, {&ca, &real_crl_chain[0]}, {&signer, &real_tcb[0]}};
  for (int i = 0; i < 3; i++) {
    validity(pairs[i][0], &snb, &sna);
    validity(pairs[i][1], &rnb, &rna);
    CU_ASSERT_EQUAL(snb, rnb);
    CU_ASSERT_EQUAL(sna, rna);
  }
  validity(&pck, &snb, &sna);
  time_t t0 = (time_t)snb, t1 = (time_t)sna;
  struct tm a, b;
  CU_ASSERT_PTR_NOT_NULL(gmtime_r(&t0, &a));
  CU_ASSERT_PTR_NOT_NULL(gmtime_r(&t1, &b));
  CU_ASSERT_EQUAL(b.tm_year - a.tm_year, 7);
  CU_ASSERT_TRUE(a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday);
  /* the SGX extension: Platform-CA form with every entry */
  tdx_pck_ext x;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(tdx_pck_ext_from_cert(pck.x509, &x, &err), 0);
  sim_tdx_sgx_ext d = sim_tdx_sgx_ext_default();
  CU_ASSERT_TRUE(x.has_piid && x.has_config);
  CU_ASSERT_EQUAL(memcmp(x.fmspc, d.fmspc, 6), 0);
  CU_ASSERT_EQUAL(memcmp(x.piid, d.piid, 16), 0);
  CU_ASSERT_EQUAL(memcmp(x.ppid, d.ppid, 16), 0);
  CU_ASSERT_EQUAL(memcmp(x.tcb_comp, d.comp, 16), 0);
  CU_ASSERT_EQUAL(x.pcesvn, d.pcesvn);
  CU_ASSERT_EQUAL(x.sgx_type, 1);
  /* the processor PCK: 5 entries, no PIID, issued by the Processor CA */
  contrast_cert ppck, pca;
  sim_cert("pck_processor.pem", &ppck);
  sim_cert("pck_processor_ca.pem", &pca);
  CU_ASSERT_EQUAL(tdx_pck_ext_from_cert(ppck.x509, &x, &err), 0);
  CU_ASSERT_FALSE(x.has_piid || x.has_config);
  CU_ASSERT_EQUAL(X509_NAME_cmp(X509_get_issuer_name(ppck.x509),
                                X509_get_subject_name(pca.x509)),
                  0);
  char cn[64];
  CU_ASSERT_EQUAL(
      contrast_x509_name_cn(X509_get_subject_name(pca.x509), cn, sizeof cn),
      0);
  CU_ASSERT_STRING_EQUAL(cn, "Intel SGX PCK Processor CA");
  /* every certificate is signed by its issuer's key */
  CU_ASSERT_EQUAL(X509_verify(root.x509, X509_get0_pubkey(root.x509)), 1);
  CU_ASSERT_EQUAL(X509_verify(ca.x509, X509_get0_pubkey(root.x509)), 1);
  CU_ASSERT_EQUAL(X509_verify(pca.x509, X509_get0_pubkey(root.x509)), 1);
  CU_ASSERT_EQUAL(X509_verify(signer.x509, X509_get0_pubkey(root.x509)), 1);
  CU_ASSERT_EQUAL(X509_verify(pck.x509, X509_get0_pubkey(ca.x509)), 1);
  CU_ASSERT_EQUAL(X509_verify(ppck.x509, X509_get0_pubkey(pca.x509)), 1);
  wipe_certs(real_pck, 3);
  wipe_certs(real_tcb, 2);
  wipe_certs(real_crl_chain, 2);
  contrast_cert *mine[] = {&root, &ca, &pck, &signer, &ppck, &pca};
  for (size_t i = 0; i < 6; i++)
    contrast_cert_wipe(mine[i]);
  st_rmtree(keysdir);
}

static X509_CRL *crl_file(const char *path, int real) {
  size_t len = 0;
  uint8_t *b = real ? test_read_file(path, &len) : st_read(path, &len);
  X509_CRL *c = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_crl_parse(b, len, path, &c, &err), 0);
  free(b);
  return c;
}

static void crl_ext_list(const X509_CRL *c, char *out, size_t cap) {
  out[0] = '\0';
  for (int i = 0; i < X509_CRL_get_ext_count(c); i++) {
    char oid[80];
    OBJ_obj2txt(oid, sizeof oid,
                X509_EXTENSION_get_object(X509_CRL_get_ext(c, i)), 1);
    size_t l = strlen(out);
    (void)snprintf(out + l, cap - l, "%s%s", l ? "," : "", oid);
  }
}

static void test_tdx_keys_crls_mirror_intel(void) {
  keys_make();
  char p[4096];
  X509_CRL *real_root = crl_file(REAL "root_ca_crl.der", 1);
  X509_CRL *real_pck = crl_file(REAL "pck_crl.der", 1);
  st_path(p, keysdir, "intel/root_ca_crl.der");
  X509_CRL *root = crl_file(p, 0);
  st_path(p, keysdir, "intel/pck_platform_crl.der");
  X509_CRL *pck = crl_file(p, 0);
  CU_ASSERT_EQUAL(
      X509_NAME_cmp(X509_CRL_get_issuer(root), X509_CRL_get_issuer(real_root)),
      0);
  CU_ASSERT_EQUAL(
      X509_NAME_cmp(X509_CRL_get_issuer(pck), X509_CRL_get_issuer(real_pck)),
      0);
  char a[256], b[256];
  crl_ext_list(root, a, sizeof a);
  crl_ext_list(real_root, b, sizeof b);
  CU_ASSERT_STRING_EQUAL(a, b);
  crl_ext_list(pck, a, sizeof a);
  crl_ext_list(real_pck, b, sizeof b);
  CU_ASSERT_STRING_EQUAL(a, b);
  CU_ASSERT_EQUAL(X509_CRL_get_version(pck), 1);
  /* entries carry reason keyCompromise like Intel's */
  STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(pck);
  CU_ASSERT_TRUE(sk_X509_REVOKED_num(rev) > 0);
  int crit = 0;
  ASN1_ENUMERATED *reason =
      X509_REVOKED_get_ext_d2i(sk_X509_REVOKED_value(rev, 0), NID_crl_reason,
                               &crit, NULL);
  CU_ASSERT_TRUE(reason != NULL && ASN1_ENUMERATED_get(reason) == 1);
  ASN1_ENUMERATED_free(reason);
  /* signed by the root and the Platform CA */
  contrast_cert rc, cac;
  sim_cert("sgx_root_ca.pem", &rc);
  sim_cert("pck_platform_ca.pem", &cac);
  CU_ASSERT_EQUAL(X509_CRL_verify(root, X509_get0_pubkey(rc.x509)), 1);
  CU_ASSERT_EQUAL(X509_CRL_verify(pck, X509_get0_pubkey(cac.x509)), 1);
  contrast_cert_wipe(&rc);
  contrast_cert_wipe(&cac);
  X509_CRL_free(real_root);
  X509_CRL_free(real_pck);
  X509_CRL_free(root);
  X509_CRL_free(pck);
  st_rmtree(keysdir);
}

static void test_tdx_pki_load_resolves_default_specs_to_stored_bytes(void) {
  keys_make();
  sim_tdx_pki *pki = keys_load();
  contrast_err err;
  contrast_err_clear(&err);
  char p[4096];
  st_path(p, keysdir, "roots/intel/sgx_root_ca.pem");
  contrast_cert c[4];
  CU_ASSERT_EQUAL_FATAL(certs_of_file(p, c), 1);
  sim_tdx_cert_spec s = sim_tdx_root_spec();
  const uint8_t *der = NULL;
  size_t len = 0;
  CU_ASSERT_EQUAL_FATAL(sim_tdx_cert_der(pki, &s, &der, &len, &err), 0);
  CU_ASSERT_TRUE(len == c[0].der_len && memcmp(der, c[0].der, len) == 0);
  /* a spec built twice gives the same bytes; another validity, others */
  const uint8_t *der2 = NULL;
  size_t len2 = 0;
  CU_ASSERT_EQUAL(sim_tdx_cert_der(pki, &s, &der2, &len2, &err), 0);
  CU_ASSERT_PTR_EQUAL(der, der2);
  s.not_after--;
  CU_ASSERT_EQUAL(sim_tdx_cert_der(pki, &s, &der2, &len2, &err), 0);
  CU_ASSERT_FALSE(len2 == len && memcmp(der, der2, len) == 0);
  contrast_cert_wipe(&c[0]);
  /* the stored CRL too */
  st_path(p, keysdir, "intel/pck_platform_crl.der");
  size_t flen = 0;
  uint8_t *f = st_read(p, &flen);
  sim_tdx_crl_spec cs = sim_tdx_pck_crl_spec();
  CU_ASSERT_EQUAL(sim_tdx_crl_der(pki, &cs, &der, &len, &err), 0);
  CU_ASSERT_TRUE(len == flen && memcmp(der, f, len) == 0);
  free(f);
  sim_tdx_pki_free(pki);
  st_rmtree(keysdir);
}

static void test_tdx_pki_load_missing_file_fails_io(void) {
  keys_make();
  char p[4096];
  st_path(p, keysdir, "intel/tcb_signing.key");
  CU_ASSERT_EQUAL(remove(p), 0);
  sim_tdx_pki *pki = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_tdx_pki_load(keysdir, &pki, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(pki);
  st_rmtree(keysdir);
}

/* ---- collateral JSON ---- */

/* The keys of an object in document order, "," separated. */
static void keys_of(const json_t *o, char *out, size_t cap) {
  out[0] = '\0';
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)(uintptr_t)o, k, v) {
    size_t l = strlen(out);
    (void)snprintf(out + l, cap - l, "%s%s", l ? "," : "", k);
  }
}

static json_t *load_json(const uint8_t *b, size_t len) {
  json_error_t je;
  json_t *j = json_loadb((const char *)b, len, 0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  return j;
}

static void assert_same_keys(const json_t *sim, const json_t *real,
                             const char *what) {
  char a[1024], b[1024];
  keys_of(sim, a, sizeof a);
  keys_of(real, b, sizeof b);
  if (strcmp(a, b) != 0)
    fprintf(stderr, "  %s: keys %s, real %s\n", what, a, b);
  CU_ASSERT_STRING_EQUAL(a, b);
}

static int has_whitespace_outside_strings(const uint8_t *b, size_t n) {
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    if (b[i] == '"')
      in = !in;
    else if (!in && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t'))
      return 1;
  }
  return 0;
}

static void test_tdx_collateral_json_mirrors_pcs_bodies(void) {
  sim_tdx_pki *pki = sim_tdx_pki_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  contrast_err err;
  contrast_err_clear(&err);
  sim_buf t = {0}, q = {0};
  sim_tdx_tcb_info ti = sim_tdx_tcb_info_default();
  sim_tdx_qe_identity qi = sim_tdx_qe_identity_default();
  CU_ASSERT_EQUAL_FATAL(sim_tdx_tcb_info_json(pki, &ti, &t, &err), 0);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_qe_identity_json(pki, &qi, &q, &err), 0);
  CU_ASSERT_FALSE(has_whitespace_outside_strings(t.p, t.len));
  CU_ASSERT_FALSE(has_whitespace_outside_strings(q.p, q.len));
  size_t rlen = 0, qlen = 0;
  uint8_t *rt = test_read_file(REAL "tcb_info.json", &rlen);
  uint8_t *rq = test_read_file(REAL "qe_identity.json", &qlen);
  json_t *st = load_json(t.p, t.len), *jt = load_json(rt, rlen);
  json_t *sq = load_json(q.p, q.len), *jq = load_json(rq, qlen);
  assert_same_keys(st, jt, "TCB info body");
  json_t *s1 = json_object_get(st, "tcbInfo"), *r1 = json_object_get(jt,
                                                                     "tcbInfo");
  assert_same_keys(s1, r1, "tcbInfo");
  assert_same_keys(json_object_get(s1, "tdxModule"),
                   json_object_get(r1, "tdxModule"), "tdxModule");
  json_t *sid = json_array_get(json_object_get(s1, "tdxModuleIdentities"), 0);
  json_t *rid = json_array_get(json_object_get(r1, "tdxModuleIdentities"), 0);
  assert_same_keys(sid, rid, "tdxModuleIdentities[0]");
  assert_same_keys(json_array_get(json_object_get(sid, "tcbLevels"), 0),
                   json_array_get(json_object_get(rid, "tcbLevels"), 0),
                   "module tcbLevels[0]");
  json_t *sl = json_array_get(json_object_get(s1, "tcbLevels"), 0);
  json_t *rl = json_array_get(json_object_get(r1, "tcbLevels"), 0);
  assert_same_keys(sl, rl, "tcbLevels[0]");
  json_t *stcb = json_object_get(sl, "tcb"), *rtcb = json_object_get(rl, "tcb");
  assert_same_keys(stcb, rtcb, "tcb");
  static const char *const comps[] = {"sgxtcbcomponents", "tdxtcbcomponents"};
  for (size_t c = 0; c < 2; c++)
    for (size_t i = 0; i < 16; i++)
      assert_same_keys(json_array_get(json_object_get(stcb, comps[c]), i),
                       json_array_get(json_object_get(rtcb, comps[c]), i),
                       comps[c]);
  /* an OutOfDate level with advisories: advisoryIDs last */
  json_t *sl1 = json_array_get(json_object_get(s1, "tcbLevels"), 1);
  json_t *rl1 = json_array_get(json_object_get(r1, "tcbLevels"), 1);
  assert_same_keys(sl1, rl1, "tcbLevels[1]");
  assert_same_keys(sq, jq, "QE identity body");
  json_t *se = json_object_get(sq, "enclaveIdentity");
  json_t *re = json_object_get(jq, "enclaveIdentity");
  assert_same_keys(se, re, "enclaveIdentity");
  assert_same_keys(json_array_get(json_object_get(se, "tcbLevels"), 0),
                   json_array_get(json_object_get(re, "tcbLevels"), 0),
                   "QE tcbLevels[0]");
  /* the library's parser reads them, signed over the raw member */
  tdx_tcb_info pt;
  tdx_qe_identity pq;
  CU_ASSERT_EQUAL(tdx_tcb_info_parse(t.p, t.len, &pt, &err), 0);
  CU_ASSERT_EQUAL(tdx_qe_identity_parse(q.p, q.len, &pq, &err), 0);
  CU_ASSERT_EQUAL(pt.n_levels, 2);
  CU_ASSERT_EQUAL(pt.n_identities, 2);
  CU_ASSERT_EQUAL(pq.isvprodid, 2);
  uint8_t digest[32], xy[64];
  contrast_sha256(pt.signed_data, pt.signed_len, digest);
  CU_ASSERT_EQUAL(sim_tdx_pki_key_xy(pki, SIM_TDX_KEY_TCB, xy, &err), 0);
  contrast_p256_pub *k = contrast_p256_pub_new(xy);
  CU_ASSERT_TRUE(contrast_p256_verify(k, digest, pt.signature));
  contrast_p256_pub_free(k);
  tdx_tcb_info_wipe(&pt);
  tdx_qe_identity_wipe(&pq);
  json_decref(st);
  json_decref(jt);
  json_decref(sq);
  json_decref(jq);
  free(rt);
  free(rq);
  sim_buf_free(&t);
  sim_buf_free(&q);
  sim_tdx_pki_free(pki);
}

/* ---- quotes ---- */

static void test_tdx_quote_build_layouts(void) {
  sim_tdx_pki *pki = sim_tdx_pki_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  static const uint16_t vt[3][2] = {{4, 2}, {5, 2}, {5, 3}};
  static const size_t signed_len[3] = {48 + 584, 54 + 584, 54 + 648};
  for (size_t i = 0; i < 3; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    sim_tdx_quote_spec q;
    sim_tdx_quote_init(&q, vt[i][0], vt[i][1]);
    static const uint8_t pem[] = "-----BEGIN CERTIFICATE-----\n";
    q.pck_chain = pem;
    q.pck_chain_len = sizeof pem - 1;
    q.trailing = 70;
    sim_buf b = {0};
    CU_ASSERT_EQUAL_FATAL(sim_tdx_quote_build(pki, &q, &b, &err), 0);
    CU_ASSERT_EQUAL(sim_tdx_quote_signed_len(&q), signed_len[i]);
    tdx_quote p;
    CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b.p, b.len, &p, &err), 0);
    CU_ASSERT_EQUAL(p.version, vt[i][0]);
    CU_ASSERT_EQUAL(p.body.type, vt[i][1]);
    CU_ASSERT_EQUAL(p.signed_len, signed_len[i]);
    CU_ASSERT_EQUAL(p.trailing, 70);
    CU_ASSERT_EQUAL(p.qe_auth_len, 32);
    CU_ASSERT_EQUAL(p.pck_chain_len, sizeof pem); /* with the NUL */
    CU_ASSERT_EQUAL(memcmp(p.body.report_data, q.body + SIM_B_REPORT_DATA, 64),
                    0);
    /* the quote signature by the attestation key over header+body */
    uint8_t digest[32];
    contrast_sha256(p.signed_data, p.signed_len, digest);
    contrast_p256_pub *k = contrast_p256_pub_new(p.attest_key);
    CU_ASSERT_TRUE(k != NULL && contrast_p256_verify(k, digest, p.signature));
    contrast_p256_pub_free(k);
    /* the QE report binds the attestation key and the auth data */
    uint8_t m[96];
    memcpy(m, p.attest_key, 64);
    memcpy(m + 64, p.qe_auth_data, 32);
    contrast_sha256(m, 96, digest);
    CU_ASSERT_EQUAL(memcmp(digest, p.qe_report.report_data, 32), 0);
    sim_buf_free(&b);
  }
  sim_tdx_pki_free(pki);
}

static void test_tdx_buf_failure_is_nomem(void) {
  sim_buf b = {0};
  b.failed = 1;
  sim_buf_put(&b, "x", 1);
  CU_ASSERT_EQUAL(b.len, 0);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_buf_check(&b, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_NOMEM);
  sim_buf_free(&b);
}

static void test_tdx_pki_bad_key_id_fails_usage(void) {
  sim_tdx_pki *pki = sim_tdx_pki_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  EVP_PKEY *k = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_tdx_pki_key(pki, SIM_TDX_KEY_COUNT_, &k, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  /* a P-384 key cannot make the raw P-256 signatures of a quote */
  contrast_err_clear(&err);
  uint8_t sig[64];
  CU_ASSERT_EQUAL(
      sim_tdx_sign_raw(pki, SIM_TDX_KEY_P384, (const uint8_t *)"m", 1, sig,
                       &err),
      -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  sim_tdx_pki_free(pki);
}

int main(void) {
  static const test_case tests[] = {
      {"test_tdx_keys_write_layout_and_modes",
       test_tdx_keys_write_layout_and_modes},
      {"test_tdx_keys_certificates_mirror_intel",
       test_tdx_keys_certificates_mirror_intel},
      {"test_tdx_keys_crls_mirror_intel", test_tdx_keys_crls_mirror_intel},
      {"test_tdx_pki_load_resolves_default_specs_to_stored_bytes",
       test_tdx_pki_load_resolves_default_specs_to_stored_bytes},
      {"test_tdx_pki_load_missing_file_fails_io",
       test_tdx_pki_load_missing_file_fails_io},
      {"test_tdx_collateral_json_mirrors_pcs_bodies",
       test_tdx_collateral_json_mirrors_pcs_bodies},
      {"test_tdx_quote_build_layouts", test_tdx_quote_build_layouts},
      {"test_tdx_buf_failure_is_nomem", test_tdx_buf_failure_is_nomem},
      {"test_tdx_pki_bad_key_id_fails_usage",
       test_tdx_pki_bad_key_id_fails_usage},
      {NULL, NULL}};
  return test_run_suite("sim_tdx_pki", tests);
}
