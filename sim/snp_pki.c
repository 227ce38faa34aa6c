/* The simulated AMD side's building blocks (snp_pki.h): certificates with
 * the KDS extensions, KDS-style CRLs and signed ATTESTATION_REPORTs. The
 * encodings are written here from spec/snp.md (§1.2 layout, §1.4 report
 * signature, §2.2 root profile, §2.3 extensions) with OpenSSL 3 EVP/X509
 * APIs, independently of the verifier. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "autofree.h"
#include "guard.h"
#include "sim.h"
#include "snp_pki.h"

CONTRAST_DEFINE_FREEP(X509_NAME, X509_NAME_free)
CONTRAST_DEFINE_FREEP(ASN1_TIME, ASN1_TIME_free)
CONTRAST_DEFINE_FREEP(ASN1_INTEGER, ASN1_INTEGER_free)
CONTRAST_DEFINE_FREEP(AUTHORITY_KEYID, AUTHORITY_KEYID_free)
CONTRAST_DEFINE_FREEP(X509_REVOKED, X509_REVOKED_free)
#define AUTO_NAME __attribute__((cleanup(X509_NAME_free_p)))
#define AUTO_TIME __attribute__((cleanup(ASN1_TIME_free_p)))
#define AUTO_INT __attribute__((cleanup(ASN1_INTEGER_free_p)))
#define AUTO_AKID __attribute__((cleanup(AUTHORITY_KEYID_free_p)))
#define AUTO_REVOKED __attribute__((cleanup(X509_REVOKED_free_p)))

#define CRYPTO_OK(cond, what) ENSURE((cond), E_CRYPTO, "sim: %s failed", (what))

/* ---- times and names ---- */

sim_snp_root_times sim_snp_root_times_of(snp_product p) {
  const int64_t h = 3600, t0 = SIM_T_EPOCH, y = SIM_YEARS_25;
  sim_snp_root_times t;
  switch (p) {
  case SNP_PRODUCT_GENOA:
    /* intermediates before the ARK: tests ARK notBefore and the
     * intermediates' notAfter alone */
    t.ark_nb = t0 + 2 * h;
    t.ask_nb = t0 + h;
    t.asvk_nb = t0;
    break;
  case SNP_PRODUCT_TURIN:
    /* as AMD's Turin roots: ASK and ASVK 22 minutes after the ARK */
    t.ark_nb = t0;
    t.ask_nb = t.asvk_nb = t0 + 22 * 60;
    break;
  case SNP_PRODUCT_MILAN:
  case SNP_PRODUCT_UNKNOWN:
  case SNP_PRODUCT_COUNT_:
  default:
    /* as AMD's Milan roots: the ASK an hour after the ARK */
    t.ark_nb = t0;
    t.ask_nb = t0 + h;
    t.asvk_nb = t0 + 2 * h;
    break;
  }
  t.ark_na = t.ark_nb + y;
  t.ask_na = t.ask_nb + y;
  t.asvk_na = t.asvk_nb + y;
  return t;
}

const char *sim_snp_title(snp_product p) {
  switch (p) {
  case SNP_PRODUCT_MILAN:
    return "Milan";
  case SNP_PRODUCT_GENOA:
    return "Genoa";
  case SNP_PRODUCT_TURIN:
    return "Turin";
  case SNP_PRODUCT_UNKNOWN:
  case SNP_PRODUCT_COUNT_:
    break;
  }
  return "Unknown";
}

static void set_str(char *dst, size_t cap, const char *src) {
  (void)snprintf(dst, cap, "%s", src);
}

static X509_NAME *make_name(const char *cn, int plain) {
  /* AMD's order (snp.md §2.2): OU, C, L, ST, O, CN */
  static const char *const fields[][2] = {{"OU", "Engineering"},
                                          {"C", "US"},
                                          {"L", "Santa Clara"},
                                          {"ST", "CA"},
                                          {"O", "Advanced Micro Devices"}};
  X509_NAME *n = X509_NAME_new();
  if (n == NULL)
    return NULL;
  int ok = 1;
  if (!plain)
    for (size_t i = 0; i < CONTRAST_ARRAY_LEN(fields) && ok; i++)
      ok = X509_NAME_add_entry_by_txt(n, fields[i][0], MBSTRING_ASC,
                                      (const unsigned char *)fields[i][1], -1,
                                      -1, 0) == 1;
  ok = ok &&
       X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
                                  (const unsigned char *)cn, -1, -1, 0) == 1;
  if (!ok) {
    X509_NAME_free(n);
    return NULL;
  }
  return n;
}

/* ---- signing ---- */

static int sign_ctx(EVP_PKEY *signer, sim_snp_sig_alg alg, EVP_MD_CTX **out,
                    contrast_err *err) {
  ENSURE(signer != NULL, E_USAGE, "sim: no signing key");
  AUTO_MD_CTX EVP_MD_CTX *m = EVP_MD_CTX_new();
  ENSURE_ALLOC(m);
  EVP_PKEY_CTX *pctx = NULL;
  const EVP_MD *md =
      alg == SIM_SNP_SIG_PSS_SHA256 ? EVP_sha256() : EVP_sha384();
  CRYPTO_OK(EVP_DigestSignInit(m, &pctx, md, NULL, signer) == 1,
            "EVP_DigestSignInit");
  if (EVP_PKEY_get_base_id(signer) == EVP_PKEY_RSA) {
    if (alg == SIM_SNP_SIG_PKCS1_SHA384) {
      CRYPTO_OK(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1,
                "RSA PKCS#1 padding");
    } else {
      int salt = alg == SIM_SNP_SIG_PSS_SHA384_SALT32 ? 32 : 48;
      CRYPTO_OK(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) ==
                        1 &&
                    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) == 1 &&
                    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1,
                "RSA-PSS parameters");
    }
  }
  *out = m;
  m = NULL;
  return 0;
}

/* ---- DER pieces ---- */

/* DER INTEGER of a non-negative value, minimal (217 -> 02 02 00 d9). */
static size_t der_uint(uint64_t v, uint8_t out[11]) {
  uint8_t be[9];
  size_t n = 0;
  do {
    be[n++] = (uint8_t)(v & 0xff);
    v >>= 8;
  } while (v != 0);
  if (be[n - 1] & 0x80)
    be[n++] = 0;
  out[0] = 0x02;
  out[1] = (uint8_t)n;
  for (size_t i = 0; i < n; i++)
    out[2 + i] = be[n - 1 - i];
  return n + 2;
}

static int der_ia5(const char *s, uint8_t *out, size_t cap, size_t *n,
                   contrast_err *err) {
  size_t len = strlen(s);
  ENSURE(len < 128 && len + 2 <= cap, E_USAGE, "sim: IA5String too long");
  out[0] = 0x16;
  out[1] = (uint8_t)len;
  memcpy(out + 2, s, len);
  *n = len + 2;
  return 0;
}

#define AMD_OID "1.3.6.1.4.1.3704.1."

/* Emit one AMD extension, honouring the raw replacement and duplication
 * knobs of the spec. */
static int add_amd(X509 *x, const sim_snp_vek_ext *ext, const char *suffix,
                   const uint8_t *val, size_t len, int *raw_used,
                   contrast_err *err) {
  char oid[48];
  (void)snprintf(oid, sizeof oid, AMD_OID "%s", suffix);
  if (ext->raw_suffix[0] != '\0' && strcmp(ext->raw_suffix, suffix) == 0) {
    ENSURE(ext->raw_len <= sizeof ext->raw_value, E_USAGE,
           "sim: raw extension too long");
    val = ext->raw_value;
    len = ext->raw_len;
    *raw_used = 1;
  }
  GUARD(sim_add_ext(x, NULL, oid, 0, val, len, err));
  if (ext->dup_suffix[0] != '\0' && strcmp(ext->dup_suffix, suffix) == 0)
    GUARD(sim_add_ext(x, NULL, oid, 0, val, len, err));
  return 0;
}

static int add_vek_exts(X509 *x, const sim_snp_vek_ext *ext,
                        contrast_err *err) {
  uint8_t v[80];
  size_t n = 0;
  int raw_used = 0;
  if (ext->has_struct_version) {
    n = der_uint(ext->struct_version, v);
    GUARD(add_amd(x, ext, "1", v, n, &raw_used, err));
  }
  if (ext->has_product_name) {
    GUARD(der_ia5(ext->product_name, v, sizeof v, &n, err));
    GUARD(add_amd(x, ext, "2", v, n, &raw_used, err));
  }
  /* the order of real certificates: 3.1, 3.2, 3.4 .. 3.7, 3.3, 3.8, 3.9 */
  static const int order[] = {SNP_SPL_BL,  SNP_SPL_TEE,   SNP_SPL_4,
                              SNP_SPL_5,   SNP_SPL_6,     SNP_SPL_7,
                              SNP_SPL_SNP, SNP_SPL_UCODE, SNP_SPL_FMC};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(order); i++) {
    int slot = order[i];
    if (!ext->has_spl[slot])
      continue;
    char suffix[4] = {'3', '.', (char)('1' + slot), '\0'};
    n = der_uint(ext->spl[slot], v);
    GUARD(add_amd(x, ext, suffix, v, n, &raw_used, err));
  }
  if (ext->hwid_len > 0) {
    uint8_t w[66];
    ENSURE(ext->hwid_len <= 64, E_USAGE, "sim: hwID longer than 64 bytes");
    if (ext->hwid_der_wrapped) {
      w[0] = 0x04;
      w[1] = (uint8_t)ext->hwid_len;
      memcpy(w + 2, ext->hwid, ext->hwid_len);
      GUARD(add_amd(x, ext, "4", w, ext->hwid_len + 2, &raw_used, err));
    } else {
      /* raw bytes, no DER tag, as in every real VCEK (§2.3) */
      GUARD(add_amd(x, ext, "4", ext->hwid, ext->hwid_len, &raw_used, err));
    }
  }
  if (ext->has_csp_id) {
    GUARD(der_ia5(ext->csp_id, v, sizeof v, &n, err));
    GUARD(add_amd(x, ext, "5", v, n, &raw_used, err));
  }
  if (ext->raw_suffix[0] != '\0' && !raw_used) {
    char oid[48];
    (void)snprintf(oid, sizeof oid, AMD_OID "%s", ext->raw_suffix);
    ENSURE(ext->raw_len <= sizeof ext->raw_value, E_USAGE,
           "sim: raw extension too long");
    GUARD(sim_add_ext(x, NULL, oid, 0, ext->raw_value, ext->raw_len, err));
  }
  if (ext->unknown_critical) {
    static const uint8_t null_der[] = {0x05, 0x00};
    GUARD(sim_add_ext(x, NULL, "1.3.6.1.4.1.99999.1", 1, null_der,
                      sizeof null_der, err));
  }
  return 0;
}

static int add_ski(X509 *x, EVP_PKEY *key, contrast_err *err) {
  uint8_t id[20];
  GUARD(sim_key_id(key, id, err));
  uint8_t v[22] = {0x04, 20};
  memcpy(v + 2, id, 20);
  return sim_add_ext(x, NULL, "2.5.29.14", 0, v, sizeof v, err);
}

static int add_aki(X509 *x, EVP_PKEY *issuer, contrast_err *err) {
  uint8_t id[20];
  GUARD(sim_key_id(issuer, id, err));
  /* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT } */
  uint8_t v[24] = {0x30, 22, 0x80, 20};
  memcpy(v + 4, id, 20);
  return sim_add_ext(x, NULL, "2.5.29.35", 0, v, sizeof v, err);
}

/* CRLDistributionPoints with one fullName URI (RFC 5280 4.2.1.13). */
static int add_crl_dp(X509 *x, const char *uri, contrast_err *err) {
  size_t n = strlen(uri);
  ENSURE(n > 0 && n < 100, E_USAGE, "sim: bad CRL distribution point");
  uint8_t v[128];
  v[0] = 0x30; /* CRLDistributionPoints */
  v[1] = (uint8_t)(n + 8);
  v[2] = 0x30; /* DistributionPoint */
  v[3] = (uint8_t)(n + 6);
  v[4] = 0xA0; /* distributionPoint [0] */
  v[5] = (uint8_t)(n + 4);
  v[6] = 0xA0; /* fullName [0] GeneralNames */
  v[7] = (uint8_t)(n + 2);
  v[8] = 0x86; /* uniformResourceIdentifier [6] */
  v[9] = (uint8_t)n;
  memcpy(v + 10, uri, n);
  return sim_add_ext(x, NULL, "2.5.29.31", 0, v, n + 10, err);
}

static int add_profile(X509 *x, const sim_snp_cert_spec *s, contrast_err *err) {
  /* keyUsage critical keyCertSign, cRLSign / keyCertSign */
  static const uint8_t ku_ca[] = {0x03, 0x02, 0x01, 0x06};
  static const uint8_t ku_cert[] = {0x03, 0x02, 0x02, 0x04};
  /* basicConstraints critical CA:TRUE / CA:TRUE, pathlen:0 */
  static const uint8_t bc[] = {0x30, 0x03, 0x01, 0x01, 0xff};
  static const uint8_t bc0[] = {0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00};
  switch (s->profile) {
  case SIM_SNP_CERT_LEAF:
    return 0;
  case SIM_SNP_CERT_CA:
    GUARD(sim_add_ext(x, NULL, "2.5.29.19", 1, bc, sizeof bc, err));
    return sim_add_ext(x, NULL, "2.5.29.15", 1, ku_ca, sizeof ku_ca, err);
  case SIM_SNP_CERT_AMD_ARK:
    /* the order of AMD's ARKs: KU, SKI, BC, CRL DP */
    GUARD(sim_add_ext(x, NULL, "2.5.29.15", 1, ku_ca, sizeof ku_ca, err));
    GUARD(add_ski(x, s->key, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.19", 1, bc, sizeof bc, err));
    return s->crl_dp[0] != '\0' ? add_crl_dp(x, s->crl_dp, err) : 0;
  case SIM_SNP_CERT_AMD_INTER:
    /* the order of AMD's ASKs: SKI, AKI, BC, KU, CRL DP */
    GUARD(add_ski(x, s->key, err));
    GUARD(add_aki(x, s->signer, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.19", 1, bc0, sizeof bc0, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.15", 1, ku_cert, sizeof ku_cert, err));
    return s->crl_dp[0] != '\0' ? add_crl_dp(x, s->crl_dp, err) : 0;
  }
  BAIL(E_USAGE, "sim: unknown certificate profile");
}

/* Move a P-384 subjectPublicKey off the curve and sign the to-be-signed
 * part again (the RSA signature keeps its length, so it is replaced in
 * place: it is the last bytes of the certificate). */
static int corrupt_point(uint8_t *der, size_t len, const sim_snp_cert_spec *s,
                         contrast_err *err) {
  /* BIT STRING, 98 bytes: no unused bits, 04 || X || Y */
  static const uint8_t hdr[] = {0x03, 0x62, 0x00, 0x04};
  size_t pos = 0;
  int found = 0;
  for (size_t i = 0; i + sizeof hdr + 96 <= len && !found; i++) {
    if (memcmp(der + i, hdr, sizeof hdr) == 0) {
      pos = i + sizeof hdr + 95;
      found = 1;
    }
  }
  ENSURE(found, E_USAGE, "sim: corrupt_pubkey: no P-384 point");
  der[pos] ^= 0x01;
  /* SEQUENCE (2-byte length) { tbs SEQUENCE (2-byte length) ... } */
  ENSURE(len > 8 && der[0] == 0x30 && der[1] == 0x82 && der[4] == 0x30 &&
             der[5] == 0x82,
         E_USAGE, "sim: corrupt_pubkey: unexpected certificate layout");
  size_t tbs_len = 4 + ((size_t)der[6] << 8 | der[7]);
  AUTO_MD_CTX EVP_MD_CTX *m = NULL;
  GUARD(sign_ctx(s->signer, s->sig_alg, &m, err));
  size_t sig_len = 0;
  CRYPTO_OK(EVP_DigestSign(m, NULL, &sig_len, der + 4, tbs_len) == 1 &&
                sig_len < len,
            "EVP_DigestSign (length)");
  AUTO_FREE uint8_t *sig = malloc(sig_len);
  ENSURE_ALLOC(sig);
  CRYPTO_OK(EVP_DigestSign(m, sig, &sig_len, der + 4, tbs_len) == 1,
            "EVP_DigestSign");
  memcpy(der + len - sig_len, sig, sig_len);
  return 0;
}

static int set_names_times(X509 *x, const sim_snp_cert_spec *s,
                           contrast_err *err) {
  AUTO_INT ASN1_INTEGER *sn = ASN1_INTEGER_new();
  CRYPTO_OK(sn != NULL && ASN1_INTEGER_set_uint64(sn, s->serial) == 1,
            "serial");
  CRYPTO_OK(X509_set_serialNumber(x, sn) == 1, "X509_set_serialNumber");
  AUTO_NAME X509_NAME *subj = make_name(s->subject_cn, s->plain_names);
  AUTO_NAME X509_NAME *iss = make_name(s->issuer_cn, s->plain_names);
  CRYPTO_OK(subj != NULL && iss != NULL &&
                X509_set_subject_name(x, subj) == 1 &&
                X509_set_issuer_name(x, iss) == 1,
            "names");
  /* UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5) */
  AUTO_TIME ASN1_TIME *nb = ASN1_TIME_set(NULL, (time_t)s->not_before);
  AUTO_TIME ASN1_TIME *na = ASN1_TIME_set(NULL, (time_t)s->not_after);
  CRYPTO_OK(nb != NULL && na != NULL && X509_set1_notBefore(x, nb) == 1 &&
                X509_set1_notAfter(x, na) == 1,
            "validity");
  return 0;
}

int sim_snp_cert_build(const sim_snp_cert_spec *s, uint8_t **der, size_t *len,
                       contrast_err *err) {
  *der = NULL;
  *len = 0;
  ENSURE(s->key != NULL && s->signer != NULL, E_USAGE,
         "sim: certificate spec without key or signer");
  AUTO_X509 X509 *x = X509_new();
  ENSURE_ALLOC(x);
  CRYPTO_OK(X509_set_version(x, 2) == 1, "X509_set_version");
  GUARD(set_names_times(x, s, err));
  CRYPTO_OK(X509_set_pubkey(x, s->key) == 1, "X509_set_pubkey");
  GUARD(add_profile(x, s, err));
  if (s->is_vek)
    GUARD(add_vek_exts(x, &s->ext, err));
  AUTO_MD_CTX EVP_MD_CTX *m = NULL;
  GUARD(sign_ctx(s->signer, s->sig_alg, &m, err));
  CRYPTO_OK(X509_sign_ctx(x, m) > 0, "X509_sign_ctx");
  AUTO_FREE uint8_t *buf = NULL;
  size_t n = 0;
  GUARD(sim_x509_der(x, &buf, &n, err));
  if (s->corrupt_pubkey)
    GUARD(corrupt_point(buf, n, s, err));
  /* the signature BIT STRING is the last element of the certificate */
  if (s->corrupt_signature)
    buf[n - 1] ^= 0x01;
  *der = buf;
  *len = n;
  buf = NULL;
  return 0;
}

/* ---- CRLs ---- */

static int crl_entries(X509_CRL *crl, const sim_snp_crl_spec *s,
                       ASN1_TIME *when, contrast_err *err) {
  ENSURE(s->n_revoked <= SIM_SNP_CRL_MAX_REVOKED, E_USAGE,
         "sim: too many revoked serials");
  for (size_t i = 0; i < s->n_revoked; i++) {
    AUTO_REVOKED X509_REVOKED *r = X509_REVOKED_new();
    AUTO_INT ASN1_INTEGER *sn = ASN1_INTEGER_new();
    CRYPTO_OK(r != NULL && sn != NULL &&
                  ASN1_INTEGER_set_uint64(sn, s->revoked[i]) == 1 &&
                  X509_REVOKED_set_serialNumber(r, sn) == 1 &&
                  X509_REVOKED_set_revocationDate(r, when) == 1,
              "CRL entry");
    CRYPTO_OK(X509_CRL_add0_revoked(crl, r) == 1, "X509_CRL_add0_revoked");
    r = NULL; /* owned by the CRL now */
  }
  return 0;
}

static int crl_exts(X509_CRL *crl, const sim_snp_crl_spec *s,
                    contrast_err *err) {
  uint8_t id[20];
  GUARD(sim_key_id(s->signer, id, err));
  AUTO_AKID AUTHORITY_KEYID *akid = AUTHORITY_KEYID_new();
  ENSURE_ALLOC(akid);
  akid->keyid = ASN1_OCTET_STRING_new();
  CRYPTO_OK(akid->keyid != NULL &&
                ASN1_OCTET_STRING_set(akid->keyid, id, sizeof id) == 1,
            "CRL AKI");
  CRYPTO_OK(X509_CRL_add1_ext_i2d(crl, NID_authority_key_identifier, akid, 0,
                                  X509V3_ADD_DEFAULT) == 1,
            "CRL AKI extension");
  AUTO_INT ASN1_INTEGER *num = ASN1_INTEGER_new();
  CRYPTO_OK(num != NULL && ASN1_INTEGER_set_uint64(num, 1) == 1 &&
                X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0,
                                      X509V3_ADD_DEFAULT) == 1,
            "CRL number extension");
  return 0;
}

static int crl_body(X509_CRL *crl, const sim_snp_crl_spec *s,
                    contrast_err *err) {
  CRYPTO_OK(X509_CRL_set_version(crl, 1) == 1, "X509_CRL_set_version");
  AUTO_NAME X509_NAME *iss = make_name(s->issuer_cn, s->plain_names);
  CRYPTO_OK(iss != NULL && X509_CRL_set_issuer_name(crl, iss) == 1,
            "CRL issuer");
  AUTO_TIME ASN1_TIME *tu = ASN1_TIME_set(NULL, (time_t)s->this_update);
  CRYPTO_OK(tu != NULL && X509_CRL_set1_lastUpdate(crl, tu) == 1,
            "CRL thisUpdate");
  if (!s->no_next_update) {
    AUTO_TIME ASN1_TIME *nu = ASN1_TIME_set(NULL, (time_t)s->next_update);
    CRYPTO_OK(nu != NULL && X509_CRL_set1_nextUpdate(crl, nu) == 1,
              "CRL nextUpdate");
  }
  GUARD(crl_entries(crl, s, tu, err));
  CRYPTO_OK(X509_CRL_sort(crl) == 1, "X509_CRL_sort");
  if (s->with_extensions)
    GUARD(crl_exts(crl, s, err));
  return 0;
}

int sim_snp_crl_build(const sim_snp_crl_spec *s, uint8_t **der, size_t *len,
                      contrast_err *err) {
  *der = NULL;
  *len = 0;
  ENSURE(s->signer != NULL && s->n_revoked <= SIM_SNP_CRL_MAX_REVOKED, E_USAGE,
         "sim: CRL spec without signer or too many revoked serials");
  AUTO_CRL X509_CRL *crl = X509_CRL_new();
  ENSURE_ALLOC(crl);
  GUARD(crl_body(crl, s, err));
  AUTO_MD_CTX EVP_MD_CTX *m = NULL;
  GUARD(sign_ctx(s->signer, s->sig_alg, &m, err));
  CRYPTO_OK(X509_CRL_sign_ctx(crl, m) > 0, "X509_CRL_sign_ctx");
  GUARD(sim_crl_der(crl, der, len, err));
  if (s->corrupt_signature)
    (*der)[*len - 1] ^= 0x01;
  return 0;
}

/* ---- the AMD profile ---- */

static uint64_t serial_base(snp_product p) {
  return (uint64_t)((int)p - (int)SNP_PRODUCT_MILAN + 1) << 16;
}

static sim_snp_cert_spec root_spec(snp_product p, EVP_PKEY *key, EVP_PKEY *ark,
                                   const char *cn_prefix, uint64_t serial,
                                   int64_t nb, int64_t na, const char *kds) {
  sim_snp_cert_spec s;
  memset(&s, 0, sizeof s);
  s.key = key;
  s.signer = ark;
  s.sig_alg = SIM_SNP_SIG_PSS_SHA384;
  s.serial = serial;
  (void)snprintf(s.subject_cn, sizeof s.subject_cn, "%s%s", cn_prefix,
                 sim_snp_title(p));
  (void)snprintf(s.issuer_cn, sizeof s.issuer_cn, "ARK-%s", sim_snp_title(p));
  s.not_before = nb;
  s.not_after = na;
  s.profile = key == ark ? SIM_SNP_CERT_AMD_ARK : SIM_SNP_CERT_AMD_INTER;
  (void)snprintf(s.crl_dp, sizeof s.crl_dp,
                 "https://kdsintf.amd.com/%s/v1/%s/crl", kds, sim_snp_title(p));
  return s;
}

/* Serials as AMD's (snp.md §2.2): ARK 0xN0000, ASK 0xN0001, ASVK 0xN0101. */
sim_snp_cert_spec sim_snp_ark_spec(snp_product p, EVP_PKEY *ark) {
  sim_snp_root_times t = sim_snp_root_times_of(p);
  return root_spec(p, ark, ark, "ARK-", serial_base(p), t.ark_nb, t.ark_na,
                   "vcek");
}

sim_snp_cert_spec sim_snp_ask_spec(snp_product p, EVP_PKEY *ask,
                                   EVP_PKEY *ark) {
  sim_snp_root_times t = sim_snp_root_times_of(p);
  return root_spec(p, ask, ark, "SEV-", serial_base(p) | 0x1, t.ask_nb,
                   t.ask_na, "vcek");
}

sim_snp_cert_spec sim_snp_asvk_spec(snp_product p, EVP_PKEY *asvk,
                                    EVP_PKEY *ark) {
  sim_snp_root_times t = sim_snp_root_times_of(p);
  return root_spec(p, asvk, ark, "SEV-VLEK-", serial_base(p) | 0x101, t.asvk_nb,
                   t.asvk_na, "vlek");
}

/* ---- TCB ---- */

uint64_t sim_snp_tcb_raw(snp_product p, const sim_snp_tcb *t) {
  uint8_t b[8] = {0};
  if (p == SNP_PRODUCT_TURIN) {
    b[0] = t->fmc;
    b[1] = t->bl;
    b[2] = t->tee;
    b[3] = t->snp;
  } else {
    b[0] = t->bl;
    b[1] = t->tee;
    b[2] = t->spl4;
    b[3] = t->spl5;
    b[4] = t->spl6;
    b[5] = t->spl7;
    b[6] = t->snp;
  }
  b[7] = t->ucode;
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | b[i];
  return v;
}

sim_snp_tcb sim_snp_tcb_from_raw(snp_product p, uint64_t raw) {
  sim_snp_tcb t;
  memset(&t, 0, sizeof t);
  uint8_t b[8];
  for (int i = 0; i < 8; i++)
    b[i] = (uint8_t)(raw >> (8 * i));
  if (p == SNP_PRODUCT_TURIN) {
    t.fmc = b[0];
    t.bl = b[1];
    t.tee = b[2];
    t.snp = b[3];
  } else {
    t.bl = b[0];
    t.tee = b[1];
    t.spl4 = b[2];
    t.spl5 = b[3];
    t.spl6 = b[4];
    t.spl7 = b[5];
    t.snp = b[6];
  }
  t.ucode = b[7];
  return t;
}

sim_snp_tcb sim_snp_tcb_default(snp_product p) {
  sim_snp_tcb t;
  memset(&t, 0, sizeof t);
  switch (p) {
  case SNP_PRODUCT_GENOA:
    /* a real Genoa's (snp.md §1.8) */
    t.bl = 10;
    t.snp = 25;
    t.ucode = 84;
    break;
  case SNP_PRODUCT_TURIN:
    /* every component distinct from its neighbours, so that a layout
     * mix-up cannot match */
    t.fmc = 1;
    t.bl = 2;
    t.tee = 0;
    t.snp = 3;
    t.ucode = 71;
    break;
  case SNP_PRODUCT_MILAN:
  case SNP_PRODUCT_UNKNOWN:
  case SNP_PRODUCT_COUNT_:
  default:
    /* microcode >= 128 is INTEGER 02 02 00 xx in the VCEK (§2.3) */
    t.bl = 3;
    t.snp = 23;
    t.ucode = 213;
    break;
  }
  return t;
}

sim_snp_vek_ext sim_snp_vek_ext_for(snp_product p, snp_vek_kind kind,
                                    const sim_snp_tcb *t,
                                    const uint8_t hwid[64],
                                    const char *csp_id) {
  sim_snp_vek_ext e;
  memset(&e, 0, sizeof e);
  const int turin = p == SNP_PRODUCT_TURIN;
  const int vcek = kind == SNP_VEK_VCEK;
  e.has_struct_version = 1;
  e.struct_version = turin && vcek ? 1 : 0;
  e.has_product_name = 1;
  /* KDS writes "Milan-B0" into every Milan VCEK, B1 parts too (§2.3) */
  set_str(e.product_name, sizeof e.product_name,
          vcek && p == SNP_PRODUCT_MILAN ? "Milan-B0" : sim_snp_title(p));
  e.has_spl[SNP_SPL_BL] = e.has_spl[SNP_SPL_TEE] = 1;
  e.has_spl[SNP_SPL_SNP] = e.has_spl[SNP_SPL_UCODE] = 1;
  e.spl[SNP_SPL_BL] = t->bl;
  e.spl[SNP_SPL_TEE] = t->tee;
  e.spl[SNP_SPL_SNP] = t->snp;
  e.spl[SNP_SPL_UCODE] = t->ucode;
  /* spl4..7: reserved; a Turin VCEK omits .3.4 (§2.3) */
  e.has_spl[SNP_SPL_4] = !turin;
  e.has_spl[SNP_SPL_5] = e.has_spl[SNP_SPL_6] = e.has_spl[SNP_SPL_7] = 1;
  if (!turin) {
    e.spl[SNP_SPL_4] = t->spl4;
    e.spl[SNP_SPL_5] = t->spl5;
    e.spl[SNP_SPL_6] = t->spl6;
    e.spl[SNP_SPL_7] = t->spl7;
  } else {
    e.has_spl[SNP_SPL_FMC] = 1;
    e.spl[SNP_SPL_FMC] = t->fmc;
  }
  if (vcek) {
    e.hwid_len = turin ? 8 : 64;
    memcpy(e.hwid, hwid, e.hwid_len);
  } else {
    e.has_csp_id = 1;
    set_str(e.csp_id, sizeof e.csp_id, csp_id != NULL ? csp_id : "");
  }
  return e;
}

sim_snp_cert_spec sim_snp_vek_spec(snp_product p, snp_vek_kind kind,
                                   EVP_PKEY *vek, EVP_PKEY *issuer,
                                   const sim_snp_vek_ext *ext, int64_t issued) {
  sim_snp_cert_spec s;
  memset(&s, 0, sizeof s);
  const int vlek = kind == SNP_VEK_VLEK;
  s.key = vek;
  s.signer = issuer;
  s.sig_alg = SIM_SNP_SIG_PSS_SHA384;
  s.serial = 0; /* as KDS issues them (§2.3) */
  set_str(s.subject_cn, sizeof s.subject_cn, vlek ? "SEV-VLEK" : "SEV-VCEK");
  (void)snprintf(s.issuer_cn, sizeof s.issuer_cn, "%s%s",
                 vlek ? "SEV-VLEK-" : "SEV-", sim_snp_title(p));
  s.not_before = issued;
  s.not_after = issued + (vlek ? SIM_VLEK_LIFETIME : SIM_VCEK_LIFETIME);
  s.profile = SIM_SNP_CERT_LEAF;
  s.is_vek = 1;
  s.ext = *ext;
  return s;
}

/* ---- reports ---- */

void sim_snp_cpuid(snp_product p, uint8_t *fam, uint8_t *mod, uint8_t *step) {
  *step = 1;
  switch (p) {
  case SNP_PRODUCT_GENOA:
    *fam = 0x19;
    *mod = 0x11;
    break;
  case SNP_PRODUCT_TURIN:
    *fam = 0x1A;
    *mod = 0x02;
    break;
  case SNP_PRODUCT_MILAN:
  case SNP_PRODUCT_UNKNOWN:
  case SNP_PRODUCT_COUNT_:
  default:
    *fam = 0x19;
    *mod = 0x01;
    break;
  }
}

void sim_snp_report_defaults(sim_snp_report_fields *f, snp_product p,
                             uint32_t version, snp_vek_kind kind,
                             const sim_snp_tcb *tcb) {
  memset(f, 0, sizeof *f);
  f->version = version;
  f->guest_svn = 1;
  f->policy = 0x30000; /* SMT + reserved bit 17 */
  f->signature_algo = 1;
  uint64_t raw = sim_snp_tcb_raw(p, tcb);
  f->current_tcb = f->reported_tcb = f->committed_tcb = f->launch_tcb = raw;
  f->platform_info = 0x25; /* SMT_EN, ECC_EN, ALIAS_CHECK_COMPLETE */
  f->signer_info = (uint32_t)kind << 2;
  memset(f->report_id_ma, 0xFF, sizeof f->report_id_ma);
  sim_snp_cpuid(p, &f->cpuid_fam, &f->cpuid_mod, &f->cpuid_step);
  /* firmware 1.55.x as the real reports of these products */
  f->current_major = f->committed_major = 1;
  f->current_minor = f->committed_minor = 55;
  f->current_build = f->committed_build = p == SNP_PRODUCT_TURIN   ? 61
                                          : p == SNP_PRODUCT_GENOA ? 43
                                                                   : 29;
  if (version >= 5)
    f->launch_mit_vector = f->current_mit_vector = 1;
}

static void put_u32(uint8_t *r, size_t off, uint32_t v) {
  for (size_t i = 0; i < 4; i++)
    r[off + i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *r, size_t off, uint64_t v) {
  for (size_t i = 0; i < 8; i++)
    r[off + i] = (uint8_t)(v >> (8 * i));
}

void sim_snp_report_encode(const sim_snp_report_fields *f,
                           uint8_t out[SNP_REPORT_SIZE]) {
  memset(out, 0, SNP_REPORT_SIZE);
  put_u32(out, 0x000, f->version);
  put_u32(out, 0x004, f->guest_svn);
  put_u64(out, 0x008, f->policy);
  memcpy(out + 0x010, f->family_id, 16);
  memcpy(out + 0x020, f->image_id, 16);
  put_u32(out, 0x030, f->vmpl);
  put_u32(out, 0x034, f->signature_algo);
  put_u64(out, 0x038, f->current_tcb);
  put_u64(out, 0x040, f->platform_info);
  put_u32(out, 0x048, f->signer_info);
  memcpy(out + 0x050, f->report_data, 64);
  memcpy(out + 0x090, f->measurement, 48);
  memcpy(out + 0x0C0, f->host_data, 32);
  memcpy(out + 0x0E0, f->id_key_digest, 48);
  memcpy(out + 0x110, f->author_key_digest, 48);
  memcpy(out + 0x140, f->report_id, 32);
  memcpy(out + 0x160, f->report_id_ma, 32);
  put_u64(out, 0x180, f->reported_tcb);
  if (f->version >= 3) {
    out[0x188] = f->cpuid_fam;
    out[0x189] = f->cpuid_mod;
    out[0x18A] = f->cpuid_step;
  }
  memcpy(out + 0x1A0, f->chip_id, 64);
  put_u64(out, 0x1E0, f->committed_tcb);
  out[0x1E8] = f->current_build;
  out[0x1E9] = f->current_minor;
  out[0x1EA] = f->current_major;
  out[0x1EC] = f->committed_build;
  out[0x1ED] = f->committed_minor;
  out[0x1EE] = f->committed_major;
  put_u64(out, 0x1F0, f->launch_tcb);
  if (f->version >= 5) {
    put_u64(out, 0x1F8, f->launch_mit_vector);
    put_u64(out, 0x200, f->current_mit_vector);
  }
}

int sim_snp_report_sign(uint8_t r[SNP_REPORT_SIZE], EVP_PKEY *key,
                        contrast_err *err) {
  AUTO_MD_CTX EVP_MD_CTX *m = EVP_MD_CTX_new();
  ENSURE_ALLOC(m);
  CRYPTO_OK(EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, key) == 1,
            "EVP_DigestSignInit (ECDSA)");
  uint8_t sig[160];
  size_t siglen = sizeof sig;
  CRYPTO_OK(EVP_DigestSign(m, sig, &siglen, r, SNP_SIGNED_SIZE) == 1,
            "EVP_DigestSign (ECDSA)");
  const unsigned char *p = sig;
  AUTO_ECDSA_SIG ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)siglen);
  CRYPTO_OK(es != NULL, "d2i_ECDSA_SIG");
  const BIGNUM *br = NULL, *bs = NULL;
  ECDSA_SIG_get0(es, &br, &bs);
  /* r and s: 72-byte little-endian, zero-padded (snp.md §1.4) */
  memset(r + 0x2A0, 0, 0x200);
  CRYPTO_OK(BN_bn2lebinpad(br, r + 0x2A0, 72) == 72 &&
                BN_bn2lebinpad(bs, r + 0x2E8, 72) == 72,
            "BN_bn2lebinpad");
  return 0;
}

/* ---- keys ---- */

int sim_snp_key_p384(EVP_PKEY **out, contrast_err *err) {
  *out = EVP_EC_gen("P-384");
  CRYPTO_OK(*out != NULL, "P-384 key generation");
  return 0;
}

int sim_snp_key_rsa(unsigned bits, EVP_PKEY **out, contrast_err *err) {
  *out = EVP_RSA_gen(bits);
  CRYPTO_OK(*out != NULL, "RSA key generation");
  return 0;
}
