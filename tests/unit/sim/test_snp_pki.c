/* sim/snp_pki.c: the simulated AMD building blocks. Expected values come
 * from spec/snp.md (§1.2 offsets, §1.4 signature form, §1.8 TCB layouts and
 * their real examples, §2.2 root profile, §2.3 extension encodings) and the
 * dates snp_pki.h documents, checked with OpenSSL independently of the
 * builders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/x509v3.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "sim.h"
#include "simtest.h"
#include "snp_pki.h"
#include "testpki.h"
#include "testsupport.h"

#define M SNP_PRODUCT_MILAN
#define G SNP_PRODUCT_GENOA
#define T SNP_PRODUCT_TURIN

static EVP_PKEY *vek_key(void) { return tp_key_get(TP_KEY_VCEK); }

static X509 *build(const sim_snp_cert_spec *s) {
  uint8_t *der = NULL;
  size_t len = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_cert_build(s, &der, &len, &err), 0);
  const unsigned char *p = der;
  X509 *x = d2i_X509(NULL, &p, (long)len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  CU_ASSERT_PTR_EQUAL(p, der + len);
  free(der);
  return x;
}

/* The OCTET STRING content of extension oid, or NULL. */
static const ASN1_OCTET_STRING *ext_value(const X509 *x, const char *oid,
                                          int *critical) {
  ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);
  int i = X509_get_ext_by_OBJ(x, o, -1);
  ASN1_OBJECT_free(o);
  if (i < 0)
    return NULL;
  X509_EXTENSION *e = X509_get_ext(x, i);
  if (critical != NULL)
    *critical = X509_EXTENSION_get_critical(e);
  return X509_EXTENSION_get_data(e);
}

static int ext_equals(const X509 *x, const char *oid, const uint8_t *want,
                      size_t n) {
  const ASN1_OCTET_STRING *v = ext_value(x, oid, NULL);
  return v != NULL && (size_t)ASN1_STRING_length(v) == n &&
         memcmp(ASN1_STRING_get0_data(v), want, n) == 0;
}

static void cn_of(const X509_NAME *n, char *out, size_t cap) {
  CU_ASSERT_EQUAL_FATAL(contrast_x509_name_cn(n, out, cap), 0);
}

/* ---- times ---- */

static void test_sim_snp_times_are_the_documented_dates(void) {
  CU_ASSERT_EQUAL(SIM_T_EPOCH, contrast_time_from_civil(2025, 1, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_EPOCH + SIM_YEARS_25,
                  contrast_time_from_civil(2050, 1, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_VEK_ISSUED,
                  contrast_time_from_civil(2025, 6, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_VEK_ISSUED + SIM_VCEK_LIFETIME,
                  contrast_time_from_civil(2032, 6, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_VEK_ISSUED + SIM_VLEK_LIFETIME,
                  contrast_time_from_civil(2026, 6, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_CRL_THIS,
                  contrast_time_from_civil(2025, 12, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_CRL_NEXT,
                  contrast_time_from_civil(2026, 12, 1, 0, 0, 0));
  CU_ASSERT_EQUAL(SIM_T_NOW, contrast_time_from_civil(2026, 1, 1, 0, 0, 0));
}

/* Every bound of every root can be put just outside now while the other
 * root of a chain (the ARK and one intermediate) stays valid, in at least
 * one product: the corpus generator relies on it. */
static void test_sim_snp_root_times_each_bound_testable_alone(void) {
  for (int root = 0; root < 3; root++) {
    for (int is_nb = 0; is_nb <= 1; is_nb++) {
      int found = 0;
      for (int p = M; p <= T; p++) {
        sim_snp_root_times t = sim_snp_root_times_of((snp_product)p);
        int64_t nb[3] = {t.ark_nb, t.ask_nb, t.asvk_nb};
        int64_t na[3] = {t.ark_na, t.ask_na, t.asvk_na};
        int64_t now = is_nb ? nb[root] - 1 : na[root] + 1;
        for (int other = 0; other < 3; other++) {
          if (other == root || (root != 0 && other != 0))
            continue; /* chains are ARK + ASK or ARK + ASVK */
          found |= nb[other] <= now && now <= na[other];
        }
      }
      CU_ASSERT(found);
    }
  }
  /* 25 years, like AMD's */
  sim_snp_root_times t = sim_snp_root_times_of(G);
  CU_ASSERT_EQUAL(t.ark_na - t.ark_nb, SIM_YEARS_25);
}

/* ---- TCB ---- */

static void test_sim_snp_tcb_layouts_match_real_examples(void) {
  /* snp.md §1.8: Genoa 0a 00 00 00 00 00 19 54 = bl 10, tee 0, snp 25,
   * ucode 84 */
  sim_snp_tcb g = sim_snp_tcb_default(G);
  CU_ASSERT_EQUAL(sim_snp_tcb_raw(G, &g), 0x541900000000000aull);
  /* Turin 00 01 00 02 00 00 00 47 = fmc 0, bl 1, tee 0, snp 2, ucode 71 */
  sim_snp_tcb t = sim_snp_tcb_from_raw(T, 0x4700000002000100ull);
  CU_ASSERT_EQUAL(t.fmc, 0);
  CU_ASSERT_EQUAL(t.bl, 1);
  CU_ASSERT_EQUAL(t.tee, 0);
  CU_ASSERT_EQUAL(t.snp, 2);
  CU_ASSERT_EQUAL(t.ucode, 71);
  CU_ASSERT_EQUAL(sim_snp_tcb_raw(T, &t), 0x4700000002000100ull);
  /* Milan bytes 2..5 are spl4..7 */
  sim_snp_tcb m = {
      .bl = 1, .tee = 2, .spl4 = 3, .spl7 = 6, .snp = 7, .ucode = 200};
  uint64_t raw = sim_snp_tcb_raw(M, &m);
  CU_ASSERT_EQUAL(raw, 0xc807060000030201ull);
  sim_snp_tcb back = sim_snp_tcb_from_raw(M, raw);
  CU_ASSERT_EQUAL(memcmp(&back, &m, sizeof m), 0);
}

/* ---- VCEK / VLEK ---- */

static void test_sim_snp_vcek_milan_extensions_as_kds_writes_them(void) {
  sim_snp_tcb t = sim_snp_tcb_default(M); /* ucode 213 >= 128 */
  uint8_t hwid[64];
  for (int i = 0; i < 64; i++)
    hwid[i] = (uint8_t)(i * 7 + 1);
  sim_snp_vek_ext e = sim_snp_vek_ext_for(M, SNP_VEK_VCEK, &t, hwid, NULL);
  sim_snp_cert_spec s =
      sim_snp_vek_spec(M, SNP_VEK_VCEK, vek_key(), tp_key_get(TP_KEY_ASK_MILAN),
                       &e, SIM_T_VEK_ISSUED);
  X509 *x = build(&s);
  static const uint8_t sv[] = {0x02, 0x01, 0x00};
  static const uint8_t pn[] = {0x16, 0x08, 'M', 'i', 'l',
                               'a',  'n',  '-', 'B', '0'};
  static const uint8_t ucode[] = {0x02, 0x02, 0x00, 0xd5};
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.1", sv, sizeof sv));
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.2", pn, sizeof pn));
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.3.8", ucode, sizeof ucode));
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.4", hwid, 64)); /* raw */
  CU_ASSERT_PTR_NOT_NULL(ext_value(x, "1.3.6.1.4.1.3704.1.3.4", NULL));
  CU_ASSERT_PTR_NULL(ext_value(x, "1.3.6.1.4.1.3704.1.3.9", NULL));
  CU_ASSERT_PTR_NULL(ext_value(x, "1.3.6.1.4.1.3704.1.5", NULL));
  /* the order of real certificates: .1 .2 .3.1 .3.2 .3.4-.3.7 .3.3 .3.8 .4 */
  static const char *const order[] = {"1",   "2",   "3.1", "3.2", "3.4", "3.5",
                                      "3.6", "3.7", "3.3", "3.8", "4"};
  CU_ASSERT_EQUAL(X509_get_ext_count(x), 11);
  for (int i = 0; i < X509_get_ext_count(x) && i < 11; i++) {
    char oid[64], want[64];
    CU_ASSERT(OBJ_obj2txt(oid, sizeof oid,
                          X509_EXTENSION_get_object(X509_get_ext(x, i)),
                          1) > 0);
    (void)snprintf(want, sizeof want, "1.3.6.1.4.1.3704.1.%s", order[i]);
    CU_ASSERT_STRING_EQUAL(oid, want);
  }
  /* profile: serial 0, SEV-VCEK by SEV-Milan, 7 years, P-384, RSA-PSS */
  const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
  CU_ASSERT_EQUAL(ASN1_INTEGER_get(sn), 0);
  char cn[64];
  cn_of(X509_get_subject_name(x), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VCEK");
  cn_of(X509_get_issuer_name(x), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-Milan");
  CU_ASSERT_EQUAL(X509_NAME_entry_count(X509_get_subject_name(x)), 6);
  int64_t nb, na;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(contrast_x509_validity(x, &nb, &na, &err), 0);
  CU_ASSERT_EQUAL(nb, SIM_T_VEK_ISSUED);
  CU_ASSERT_EQUAL(na, SIM_T_VEK_ISSUED + SIM_VCEK_LIFETIME);
  CU_ASSERT_EQUAL(X509_get_signature_nid(x), NID_rsassaPss);
  CU_ASSERT_EQUAL(X509_verify(x, tp_key_get(TP_KEY_ASK_MILAN)), 1);
  /* the verifier's own decoder reads it back */
  snp_vek_ext got;
  CU_ASSERT_EQUAL(snp_vek_ext_parse(x, &got, &err), 0);
  CU_ASSERT_EQUAL(got.spl[SNP_SPL_UCODE], 213);
  CU_ASSERT_EQUAL(got.hwid_len, 64);
  X509_free(x);
}

static void test_sim_snp_vcek_turin_has_fmc_and_8_byte_hwid(void) {
  sim_snp_tcb t = sim_snp_tcb_default(T);
  uint8_t hwid[64] = {1, 2, 3, 4, 5, 6, 7, 8};
  sim_snp_vek_ext e = sim_snp_vek_ext_for(T, SNP_VEK_VCEK, &t, hwid, NULL);
  sim_snp_cert_spec s =
      sim_snp_vek_spec(T, SNP_VEK_VCEK, vek_key(), tp_key_get(TP_KEY_ASK_TURIN),
                       &e, SIM_T_VEK_ISSUED);
  X509 *x = build(&s);
  static const uint8_t sv[] = {0x02, 0x01, 0x01};
  static const uint8_t fmc[] = {0x02, 0x01, 0x01};
  static const uint8_t pn[] = {0x16, 0x05, 'T', 'u', 'r', 'i', 'n'};
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.1", sv, sizeof sv));
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.2", pn, sizeof pn));
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.3.9", fmc, sizeof fmc));
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.4", hwid, 8));
  CU_ASSERT_PTR_NULL(ext_value(x, "1.3.6.1.4.1.3704.1.3.4", NULL));
  X509_free(x);
}

static void test_sim_snp_vlek_has_csp_id_and_one_year(void) {
  sim_snp_tcb t = sim_snp_tcb_default(G);
  sim_snp_vek_ext e =
      sim_snp_vek_ext_for(G, SNP_VEK_VLEK, &t, NULL, SIM_VLEK_CSP_ID);
  sim_snp_cert_spec s =
      sim_snp_vek_spec(G, SNP_VEK_VLEK, vek_key(),
                       tp_key_get(TP_KEY_ASVK_GENOA), &e, SIM_T_VEK_ISSUED);
  X509 *x = build(&s);
  static const uint8_t csp[] = {0x16, 18,  'C', 'N', '=', 's', 'i',
                                'm',  '-', 'c', 's', 'p', '.', 'e',
                                'x',  'a', 'm', 'p', 'l', 'e'};
  CU_ASSERT(ext_equals(x, "1.3.6.1.4.1.3704.1.5", csp, sizeof csp));
  CU_ASSERT_PTR_NULL(ext_value(x, "1.3.6.1.4.1.3704.1.4", NULL));
  char cn[64];
  cn_of(X509_get_subject_name(x), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VLEK");
  cn_of(X509_get_issuer_name(x), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VLEK-Genoa");
  int64_t nb, na;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(contrast_x509_validity(x, &nb, &na, &err), 0);
  CU_ASSERT_EQUAL(na - nb, SIM_VLEK_LIFETIME);
  X509_free(x);
}

/* ---- roots ---- */

static void test_sim_snp_roots_mirror_amds_profile(void) {
  EVP_PKEY *ark = tp_key_get(TP_KEY_ARK_GENOA);
  EVP_PKEY *ask = tp_key_get(TP_KEY_ASK_GENOA);
  sim_snp_cert_spec as = sim_snp_ark_spec(G, ark);
  sim_snp_cert_spec ks = sim_snp_ask_spec(G, ask, ark);
  sim_snp_cert_spec vs =
      sim_snp_asvk_spec(G, tp_key_get(TP_KEY_ASVK_GENOA), ark);
  X509 *a = build(&as), *k = build(&ks), *v = build(&vs);
  char cn[64];
  cn_of(X509_get_subject_name(a), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "ARK-Genoa");
  cn_of(X509_get_subject_name(k), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-Genoa");
  cn_of(X509_get_subject_name(v), cn, sizeof cn);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VLEK-Genoa");
  CU_ASSERT_EQUAL(ASN1_INTEGER_get(X509_get0_serialNumber(a)), 0x20000);
  CU_ASSERT_EQUAL(ASN1_INTEGER_get(X509_get0_serialNumber(k)), 0x20001);
  CU_ASSERT_EQUAL(ASN1_INTEGER_get(X509_get0_serialNumber(v)), 0x20101);
  /* ARK: keyUsage critical certSign|cRLSign, BC critical CA, SKI, CRL DP */
  int crit = 0;
  CU_ASSERT_PTR_NOT_NULL(ext_value(a, "2.5.29.15", &crit));
  CU_ASSERT(crit);
  CU_ASSERT_PTR_NOT_NULL(ext_value(a, "2.5.29.19", &crit));
  CU_ASSERT(crit);
  CU_ASSERT_PTR_NOT_NULL(ext_value(a, "2.5.29.14", NULL));
  CU_ASSERT_EQUAL(X509_get_key_usage(a), KU_KEY_CERT_SIGN | KU_CRL_SIGN);
  CU_ASSERT_EQUAL(X509_get_key_usage(k), KU_KEY_CERT_SIGN);
  CU_ASSERT_EQUAL(X509_check_ca(a), 1);
  CU_ASSERT_EQUAL(X509_check_ca(k), 1);
  CU_ASSERT_EQUAL(X509_get_pathlen(k), 0);
  /* the ASK's AKI is the ARK's SKI */
  const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(a);
  const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(k);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ski);
  CU_ASSERT_PTR_NOT_NULL_FATAL(aki);
  CU_ASSERT_EQUAL(ASN1_OCTET_STRING_cmp(ski, aki), 0);
  /* CRL distribution points as KDS's */
  STACK_OF(DIST_POINT) *dps =
      X509_get_ext_d2i(v, NID_crl_distribution_points, NULL, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(dps);
  CU_ASSERT_EQUAL(sk_DIST_POINT_num(dps), 1);
  GENERAL_NAME *gn = sk_GENERAL_NAME_value(
      sk_DIST_POINT_value(dps, 0)->distpoint->name.fullname, 0);
  CU_ASSERT_EQUAL(gn->type, GEN_URI);
  CU_ASSERT_STRING_EQUAL(
      (const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier),
      "https://kdsintf.amd.com/vlek/v1/Genoa/crl");
  sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
  /* OpenSSL's own path validation accepts ARK -> ASK at the corpus' now */
  X509_STORE *store = X509_STORE_new();
  X509_STORE_CTX *ctx = X509_STORE_CTX_new();
  CU_ASSERT_FATAL(store != NULL && ctx != NULL);
  CU_ASSERT_EQUAL(X509_STORE_add_cert(store, a), 1);
  CU_ASSERT_EQUAL(X509_STORE_CTX_init(ctx, store, k, NULL), 1);
  X509_STORE_CTX_set_time(ctx, 0, (time_t)SIM_T_NOW);
  CU_ASSERT_EQUAL(X509_verify_cert(ctx), 1);
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  X509_free(a);
  X509_free(k);
  X509_free(v);
}

/* ---- CRLs ---- */

static void test_sim_snp_crl_is_kds_style_and_ark_signed(void) {
  sim_snp_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = tp_key_get(TP_KEY_ARK_MILAN);
  (void)snprintf(s.issuer_cn, sizeof s.issuer_cn, "ARK-Milan");
  s.this_update = SIM_T_CRL_THIS;
  s.next_update = SIM_T_CRL_NEXT;
  s.n_revoked = 2;
  s.revoked[0] = 0x10001;
  s.revoked[1] = 5;
  s.with_extensions = 1;
  uint8_t *der = NULL;
  size_t len = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_crl_build(&s, &der, &len, &err), 0);
  const unsigned char *p = der;
  X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(crl);
  CU_ASSERT_EQUAL(X509_CRL_get_version(crl), 1); /* v2 */
  CU_ASSERT_EQUAL(X509_CRL_verify(crl, tp_key_get(TP_KEY_ARK_MILAN)), 1);
  CU_ASSERT_EQUAL(X509_CRL_get_signature_nid(crl), NID_rsassaPss);
  int64_t tu, nu;
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(X509_CRL_get0_lastUpdate(crl), &tu),
                  0);
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(X509_CRL_get0_nextUpdate(crl), &nu),
                  0);
  CU_ASSERT_EQUAL(tu, SIM_T_CRL_THIS);
  CU_ASSERT_EQUAL(nu, SIM_T_CRL_NEXT);
  CU_ASSERT_EQUAL(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 2);
  ASN1_INTEGER *sn = ASN1_INTEGER_new();
  CU_ASSERT_FATAL(sn != NULL && ASN1_INTEGER_set_uint64(sn, 0x10001) == 1);
  X509_REVOKED *r = NULL;
  CU_ASSERT_EQUAL(X509_CRL_get0_by_serial(crl, &r, sn), 1);
  ASN1_INTEGER_free(sn);
  CU_ASSERT(X509_CRL_get_ext_by_NID(crl, NID_crl_number, -1) >= 0);
  CU_ASSERT(X509_CRL_get_ext_by_NID(crl, NID_authority_key_identifier, -1) >=
            0);
  X509_CRL_free(crl);
  /* the corrupt knob breaks the signature, nothing else */
  s.corrupt_signature = 1;
  uint8_t *bad = NULL;
  size_t blen = 0;
  CU_ASSERT_EQUAL_FATAL(sim_snp_crl_build(&s, &bad, &blen, &err), 0);
  p = bad;
  crl = d2i_X509_CRL(NULL, &p, (long)blen);
  CU_ASSERT_PTR_NOT_NULL_FATAL(crl);
  CU_ASSERT_NOT_EQUAL(X509_CRL_verify(crl, tp_key_get(TP_KEY_ARK_MILAN)), 1);
  X509_CRL_free(crl);
  free(bad);
  free(der);
}

static void test_sim_snp_crl_too_many_revoked_fails_usage(void) {
  sim_snp_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = tp_key_get(TP_KEY_ARK_MILAN);
  s.n_revoked = SIM_SNP_CRL_MAX_REVOKED + 1;
  uint8_t *der = NULL;
  size_t len = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_snp_crl_build(&s, &der, &len, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  CU_ASSERT_PTR_NULL(der);
}

static void test_sim_snp_cert_without_key_fails_usage(void) {
  sim_snp_cert_spec s;
  memset(&s, 0, sizeof s);
  s.signer = tp_key_get(TP_KEY_ASK_MILAN);
  (void)snprintf(s.subject_cn, sizeof s.subject_cn, "SEV-VCEK");
  (void)snprintf(s.issuer_cn, sizeof s.issuer_cn, "SEV-Milan");
  uint8_t *der = NULL;
  size_t len = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_snp_cert_build(&s, &der, &len, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  s.key = vek_key();
  s.is_vek = 1;
  s.ext.hwid_len = 65;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_snp_cert_build(&s, &der, &len, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
}

/* ---- reports ---- */

static void test_sim_snp_report_encode_follows_the_layout(void) {
  static const uint32_t versions[] = {2, 3, 5};
  for (size_t i = 0; i < 3; i++) {
    sim_snp_tcb t = sim_snp_tcb_default(T);
    sim_snp_report_fields f;
    sim_snp_report_defaults(&f, T, versions[i], SNP_VEK_VLEK, &t);
    f.vmpl = 2;
    f.guest_svn = 0x01020304;
    memset(f.report_data, 0xAB, 64);
    memset(f.chip_id, 0x11, 8);
    uint8_t r[SNP_REPORT_SIZE];
    sim_snp_report_encode(&f, r);
    CU_ASSERT_EQUAL(r[0x000], versions[i]);
    CU_ASSERT_EQUAL(r[0x004], 0x04);
    CU_ASSERT_EQUAL(r[0x00A], 0x03); /* POLICY 0x30000 */
    CU_ASSERT_EQUAL(r[0x030], 2);
    CU_ASSERT_EQUAL(r[0x034], 1);
    CU_ASSERT_EQUAL(r[0x040], 0x25);
    CU_ASSERT_EQUAL(r[0x048], 1u << 2); /* SIGNING_KEY 1 */
    CU_ASSERT_EQUAL(r[0x050], 0xAB);
    CU_ASSERT_EQUAL(r[0x160], 0xFF);
    CU_ASSERT_EQUAL(r[0x180], 1); /* Turin fmc first */
    CU_ASSERT_EQUAL(r[0x188], versions[i] >= 3 ? 0x1A : 0);
    CU_ASSERT_EQUAL(r[0x189], versions[i] >= 3 ? 0x02 : 0);
    CU_ASSERT_EQUAL(r[0x1A0], 0x11);
    CU_ASSERT_EQUAL(r[0x1EA], 1);  /* CURRENT_MAJOR */
    CU_ASSERT_EQUAL(r[0x1E9], 55); /* CURRENT_MINOR */
    CU_ASSERT_EQUAL(r[0x1F8], versions[i] >= 5 ? 1 : 0);
    CU_ASSERT_EQUAL(r[0x200], versions[i] >= 5 ? 1 : 0);
    /* what the verifier's parser reads back */
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(sim_snp_report_sign(r, vek_key(), &err), 0);
    snp_report rep;
    CU_ASSERT_EQUAL_FATAL(snp_report_parse(r, sizeof r, &rep, &err), 0);
    CU_ASSERT_EQUAL(rep.version, versions[i]);
    CU_ASSERT_EQUAL(rep.vmpl, 2);
    CU_ASSERT_EQUAL(rep.signing_key, SNP_SIGNING_KEY_VLEK);
    CU_ASSERT_EQUAL(rep.reported_tcb, sim_snp_tcb_raw(T, &t));
    CU_ASSERT_EQUAL(snp_report_product(&rep),
                    versions[i] >= 3 ? T : SNP_PRODUCT_UNKNOWN);
  }
}

static void test_sim_snp_report_sign_is_little_endian_r_s(void) {
  sim_snp_tcb t = sim_snp_tcb_default(M);
  sim_snp_report_fields f;
  sim_snp_report_defaults(&f, M, 3, SNP_VEK_VCEK, &t);
  uint8_t r[SNP_REPORT_SIZE];
  sim_snp_report_encode(&f, r);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_report_sign(r, vek_key(), &err), 0);
  /* P-384 values fill the low 48 of 72 bytes; 0x330.. stays zero */
  for (size_t i = 48; i < 72; i++) {
    CU_ASSERT_EQUAL(r[0x2A0 + i], 0);
    CU_ASSERT_EQUAL(r[0x2E8 + i], 0);
  }
  for (size_t i = 0x330; i < SNP_REPORT_SIZE; i++)
    CU_ASSERT_EQUAL(r[i], 0);
  /* an independent check: DER from the LE integers, EVP verify */
  ECDSA_SIG *sig = contrast_ecdsa_sig_from_le(r + 0x2A0, r + 0x2E8, 72);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sig);
  unsigned char *der = NULL;
  int dlen = i2d_ECDSA_SIG(sig, &der);
  CU_ASSERT_FATAL(dlen > 0);
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  CU_ASSERT_FATAL(m != NULL);
  CU_ASSERT_EQUAL(EVP_DigestVerifyInit(m, NULL, EVP_sha384(), NULL, vek_key()),
                  1);
  CU_ASSERT_EQUAL(EVP_DigestVerify(m, der, (size_t)dlen, r, SNP_SIGNED_SIZE),
                  1);
  r[0x10] ^= 1;
  CU_ASSERT_EQUAL(EVP_DigestVerifyInit(m, NULL, EVP_sha384(), NULL, vek_key()),
                  1);
  CU_ASSERT_NOT_EQUAL(
      EVP_DigestVerify(m, der, (size_t)dlen, r, SNP_SIGNED_SIZE), 1);
  EVP_MD_CTX_free(m);
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
}

/* sim_parse_u64 / sim_parse_hex_pad (sim/util.c), the option values of
 * snp report, the guest configurations and the fault lists. */
static void test_sim_parse_values(void) {
  uint64_t v = 7;
  CU_ASSERT(sim_parse_u64("0x1f", 255, &v) == 0 && v == 31);
  CU_ASSERT(sim_parse_u64("255", 255, &v) == 0 && v == 255);
  CU_ASSERT_EQUAL(sim_parse_u64("256", 255, &v), -1);
  CU_ASSERT_EQUAL(sim_parse_u64("-1", UINT64_MAX, &v), -1);
  CU_ASSERT_EQUAL(sim_parse_u64("", UINT64_MAX, &v), -1);
  CU_ASSERT_EQUAL(sim_parse_u64(NULL, UINT64_MAX, &v), -1);
  CU_ASSERT_EQUAL(sim_parse_u64("12x", UINT64_MAX, &v), -1);
  CU_ASSERT_EQUAL(sim_parse_u64("99999999999999999999", UINT64_MAX, &v), -1);
  uint8_t b[4] = {9, 9, 9, 9};
  CU_ASSERT_EQUAL_FATAL(sim_parse_hex_pad("aB01", b, 4), 0);
  CU_ASSERT(b[0] == 0xab && b[1] == 0x01 && b[2] == 0 && b[3] == 0);
  CU_ASSERT_EQUAL(sim_parse_hex_pad("", b, 4), -1);
  CU_ASSERT_EQUAL(sim_parse_hex_pad("abc", b, 4), -1);
  CU_ASSERT_EQUAL(sim_parse_hex_pad("0102030405", b, 4), -1);
  CU_ASSERT_EQUAL(sim_parse_hex_pad("zz", b, 4), -1);
}

static void test_sim_pem_encode_round_trips(void) {
  static const uint8_t der[] = {1, 2, 3, 4, 5};
  uint8_t *pem = NULL;
  size_t n = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(
      sim_pem_encode(der, sizeof der, "X509 CRL", &pem, &n, &err), 0);
  CU_ASSERT(n > 30 && memcmp(pem, "-----BEGIN X509 CRL-----\n", 25) == 0);
  uint8_t *out[2] = {NULL, NULL};
  size_t out_len[2] = {0, 0}, cnt = 0;
  CU_ASSERT_EQUAL(contrast_pem_decode_all(pem, n, "X509 CRL", "test", out,
                                          out_len, 2, &cnt, &err),
                  0);
  CU_ASSERT_EQUAL(cnt, 1);
  CU_ASSERT(out_len[0] == sizeof der && memcmp(out[0], der, sizeof der) == 0);
  free(out[0]);
  free(pem);
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_snp_times_are_the_documented_dates",
       test_sim_snp_times_are_the_documented_dates},
      {"test_sim_snp_root_times_each_bound_testable_alone",
       test_sim_snp_root_times_each_bound_testable_alone},
      {"test_sim_snp_tcb_layouts_match_real_examples",
       test_sim_snp_tcb_layouts_match_real_examples},
      {"test_sim_snp_vcek_milan_extensions_as_kds_writes_them",
       test_sim_snp_vcek_milan_extensions_as_kds_writes_them},
      {"test_sim_snp_vcek_turin_has_fmc_and_8_byte_hwid",
       test_sim_snp_vcek_turin_has_fmc_and_8_byte_hwid},
      {"test_sim_snp_vlek_has_csp_id_and_one_year",
       test_sim_snp_vlek_has_csp_id_and_one_year},
      {"test_sim_snp_roots_mirror_amds_profile",
       test_sim_snp_roots_mirror_amds_profile},
      {"test_sim_snp_crl_is_kds_style_and_ark_signed",
       test_sim_snp_crl_is_kds_style_and_ark_signed},
      {"test_sim_snp_crl_too_many_revoked_fails_usage",
       test_sim_snp_crl_too_many_revoked_fails_usage},
      {"test_sim_snp_cert_without_key_fails_usage",
       test_sim_snp_cert_without_key_fails_usage},
      {"test_sim_snp_report_encode_follows_the_layout",
       test_sim_snp_report_encode_follows_the_layout},
      {"test_sim_snp_report_sign_is_little_endian_r_s",
       test_sim_snp_report_sign_is_little_endian_r_s},
      {"test_sim_pem_encode_round_trips", test_sim_pem_encode_round_trips},
      {"test_sim_parse_values", test_sim_parse_values},
      {NULL, NULL}};
  int rc = test_run_suite("sim/snp_pki.c", tests);
  tp_cleanup();
  return rc;
}
