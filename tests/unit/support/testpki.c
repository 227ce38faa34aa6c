/* The test PKI of testpki.h. Only OpenSSL 3 EVP / X509 APIs; the encodings
 * are written here from spec/snp.md (§1.4 report signature, §2.2 names,
 * §2.3 extensions), independently of the library under test. */
#include "testpki.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "testsupport.h"

/* ---- failure of the test infrastructure ---- */

__attribute__((noreturn, format(printf, 1, 2))) static void
die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "testpki: ");
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

static void *xmalloc(size_t n) {
  void *p = malloc(n == 0 ? 1 : n);
  CHECK(p != NULL, "malloc");
  return p;
}

/* ---- keys ---- */

static const char *const key_files[TP_KEY_COUNT_] = {
    [TP_KEY_NONE] = NULL,
    [TP_KEY_ARK_MILAN] = "test-ark-milan",
    [TP_KEY_ARK_GENOA] = "test-ark-genoa",
    [TP_KEY_ARK_TURIN] = "test-ark-turin",
    [TP_KEY_ASK_MILAN] = "test-ask-milan",
    [TP_KEY_ASK_GENOA] = "test-ask-genoa",
    [TP_KEY_ASK_TURIN] = "test-ask-turin",
    [TP_KEY_ASVK_MILAN] = "test-asvk-milan",
    [TP_KEY_ASVK_GENOA] = "test-asvk-genoa",
    [TP_KEY_ASVK_TURIN] = "test-asvk-turin",
    [TP_KEY_ARK_OTHER] = "test-ark-other",
    [TP_KEY_ASK_OTHER] = "test-ask-other",
    [TP_KEY_VCEK] = "test-vcek",
    [TP_KEY_VLEK] = "test-vlek",
    [TP_KEY_VEK_OTHER] = "test-vek-other",
    [TP_KEY_VEK_P256] = "test-vek-p256",
};

static EVP_PKEY *keys[TP_KEY_COUNT_];

EVP_PKEY *tp_key_get(tp_key k) {
  CHECK(k > TP_KEY_NONE && k < TP_KEY_COUNT_, "tp_key_get: key id");
  if (keys[k] == NULL) {
    char rel[128];
    (void)snprintf(rel, sizeof rel, "tests/data/%s.key", key_files[k]);
    size_t len = 0;
    uint8_t *pem = test_read_file(rel, &len);
    CHECK(len <= INT32_MAX, "key file size");
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    CHECK(bio != NULL, "BIO_new_mem_buf");
    keys[k] = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    free(pem);
    if (keys[k] == NULL)
      die("cannot read private key %s", rel);
  }
  return keys[k];
}

static int product_index(snp_product p) {
  CHECK(p > SNP_PRODUCT_UNKNOWN && p < SNP_PRODUCT_COUNT_, "product");
  return (int)p - (int)SNP_PRODUCT_MILAN;
}

tp_key tp_ark_key(snp_product p) {
  return (tp_key)((int)TP_KEY_ARK_MILAN + product_index(p));
}
tp_key tp_ask_key(snp_product p) {
  return (tp_key)((int)TP_KEY_ASK_MILAN + product_index(p));
}
tp_key tp_asvk_key(snp_product p) {
  return (tp_key)((int)TP_KEY_ASVK_MILAN + product_index(p));
}

/* ---- a small string builder for cache keys ---- */

typedef struct sbuf {
  char buf[4096];
  size_t off;
} sbuf;

__attribute__((format(printf, 2, 3))) static void sb_add(sbuf *s,
                                                         const char *fmt,
                                                         ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s->buf + s->off, sizeof s->buf - s->off, fmt, ap);
  va_end(ap);
  CHECK(n >= 0 && (size_t)n < sizeof s->buf - s->off, "cache key overflow");
  s->off += (size_t)n;
}

static void sb_hex(sbuf *s, const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    sb_add(s, "%02x", b[i]);
  sb_add(s, ";");
}

/* ---- DER cache: spec key -> bytes ---- */

typedef struct cache_entry {
  char *key;
  uint8_t *der;
  size_t len;
  struct cache_entry *next;
} cache_entry;

static cache_entry *der_cache;

static const cache_entry *cache_get(const char *key) {
  for (const cache_entry *e = der_cache; e != NULL; e = e->next)
    if (strcmp(e->key, key) == 0)
      return e;
  return NULL;
}

static const cache_entry *cache_put(const char *key, uint8_t *der,
                                    size_t len) {
  cache_entry *e = xmalloc(sizeof *e);
  size_t klen = strlen(key);
  e->key = xmalloc(klen + 1);
  memcpy(e->key, key, klen + 1);
  e->der = der;
  e->len = len;
  e->next = der_cache;
  der_cache = e;
  return e;
}

void tp_cleanup(void) {
  while (der_cache != NULL) {
    cache_entry *n = der_cache->next;
    free(der_cache->key);
    free(der_cache->der);
    free(der_cache);
    der_cache = n;
  }
  for (int i = 0; i < TP_KEY_COUNT_; i++) {
    EVP_PKEY_free(keys[i]);
    keys[i] = NULL;
  }
}

/* ---- building blocks ---- */

static const char *product_title(snp_product p) {
  static const char *const t[] = {"Milan", "Genoa", "Turin"};
  return t[product_index(p)];
}

static X509_NAME *make_name(const char *cn, int plain) {
  /* AMD's order (snp.md §2.2): OU, C, L, ST, O, CN */
  static const char *const fields[][2] = {{"OU", "Engineering"},
                                          {"C", "US"},
                                          {"L", "Santa Clara"},
                                          {"ST", "CA"},
                                          {"O", "Advanced Micro Devices"}};
  X509_NAME *n = X509_NAME_new();
  CHECK(n != NULL, "X509_NAME_new");
  if (!plain)
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
      CHECK(X509_NAME_add_entry_by_txt(
                n, fields[i][0], MBSTRING_ASC,
                (const unsigned char *)fields[i][1], -1, -1, 0) == 1,
            "X509_NAME_add_entry_by_txt");
  CHECK(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
                                   (const unsigned char *)cn, -1, -1, 0) == 1,
        "X509_NAME_add_entry_by_txt CN");
  return n;
}

static ASN1_TIME *make_time(int64_t t) {
  /* UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5) */
  ASN1_TIME *a = ASN1_TIME_set(NULL, (time_t)t);
  CHECK(a != NULL, "ASN1_TIME_set");
  return a;
}

static EVP_MD_CTX *sign_ctx(tp_key signer, tp_sig_alg alg) {
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = NULL;
  CHECK(m != NULL, "EVP_MD_CTX_new");
  const EVP_MD *md = alg == TP_SIG_PSS_SHA256 ? EVP_sha256() : EVP_sha384();
  CHECK(EVP_DigestSignInit(m, &pctx, md, NULL, tp_key_get(signer)) == 1,
        "EVP_DigestSignInit");
  if (alg != TP_SIG_PKCS1_SHA384) {
    int salt = alg == TP_SIG_PSS_SHA384 ? 48 : 32;
    CHECK(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
              EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) == 1 &&
              EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1,
          "RSA-PSS parameters");
  } else {
    CHECK(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1,
          "RSA PKCS#1 padding");
  }
  return m;
}

static void add_ext(X509 *x, const char *oid, int critical,
                    const uint8_t *val, size_t len) {
  ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
  ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
  CHECK(obj != NULL && os != NULL && len <= INT32_MAX, "extension objects");
  CHECK(ASN1_OCTET_STRING_set(os, val, (int)len) == 1,
        "ASN1_OCTET_STRING_set");
  X509_EXTENSION *e = X509_EXTENSION_create_by_OBJ(NULL, obj, critical, os);
  CHECK(e != NULL, "X509_EXTENSION_create_by_OBJ");
  CHECK(X509_add_ext(x, e, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(e);
  ASN1_OCTET_STRING_free(os);
  ASN1_OBJECT_free(obj);
}

/* DER INTEGER of a non-negative value, minimal (217 -> 02 02 00 d9). */
static size_t der_uint(uint64_t v, uint8_t *out) {
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

static size_t der_ia5(const char *s, uint8_t *out, size_t cap) {
  size_t n = strlen(s);
  CHECK(n < 128 && n + 2 <= cap, "IA5String length");
  out[0] = 0x16;
  out[1] = (uint8_t)n;
  memcpy(out + 2, s, n);
  return n + 2;
}

#define AMD_OID "1.3.6.1.4.1.3704.1."

/* Emit one AMD extension, honouring the raw replacement and duplication
 * knobs of the spec. */
static void add_amd(X509 *x, const tp_vek_ext *ext, const char *suffix,
                    const uint8_t *val, size_t len, int *raw_used) {
  char oid[48];
  (void)snprintf(oid, sizeof oid, AMD_OID "%s", suffix);
  if (ext->raw_suffix[0] != '\0' && strcmp(ext->raw_suffix, suffix) == 0) {
    val = ext->raw_value;
    len = ext->raw_len;
    *raw_used = 1;
  }
  add_ext(x, oid, 0, val, len);
  if (ext->dup_suffix[0] != '\0' && strcmp(ext->dup_suffix, suffix) == 0)
    add_ext(x, oid, 0, val, len);
}

static void add_vek_exts(X509 *x, const tp_vek_ext *ext) {
  uint8_t v[80];
  size_t n;
  int raw_used = 0;
  if (ext->has_struct_version) {
    n = der_uint(ext->struct_version, v);
    add_amd(x, ext, "1", v, n, &raw_used);
  }
  if (ext->has_product_name) {
    n = der_ia5(ext->product_name, v, sizeof v);
    add_amd(x, ext, "2", v, n, &raw_used);
  }
  /* the order of real certificates: 3.1, 3.2, 3.4 .. 3.7, 3.3, 3.8, 3.9 */
  static const int order[] = {SNP_SPL_BL, SNP_SPL_TEE, SNP_SPL_4,
                              SNP_SPL_5,  SNP_SPL_6,   SNP_SPL_7,
                              SNP_SPL_SNP, SNP_SPL_UCODE, SNP_SPL_FMC};
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    int slot = order[i];
    if (!ext->has_spl[slot])
      continue;
    char suffix[4] = {'3', '.', (char)('1' + slot), '\0'};
    n = der_uint(ext->spl[slot], v);
    add_amd(x, ext, suffix, v, n, &raw_used);
  }
  if (ext->hwid_len > 0) {
    uint8_t w[66];
    CHECK(ext->hwid_len <= 64, "hwID length");
    if (ext->hwid_der_wrapped) {
      w[0] = 0x04;
      w[1] = (uint8_t)ext->hwid_len;
      memcpy(w + 2, ext->hwid, ext->hwid_len);
      add_amd(x, ext, "4", w, ext->hwid_len + 2, &raw_used);
    } else {
      add_amd(x, ext, "4", ext->hwid, ext->hwid_len, &raw_used);
    }
  }
  if (ext->has_csp_id) {
    n = der_ia5(ext->csp_id, v, sizeof v);
    add_amd(x, ext, "5", v, n, &raw_used);
  }
  if (ext->raw_suffix[0] != '\0' && !raw_used) {
    char oid[48];
    (void)snprintf(oid, sizeof oid, AMD_OID "%s", ext->raw_suffix);
    add_ext(x, oid, 0, ext->raw_value, ext->raw_len);
  }
  if (ext->unknown_critical) {
    static const uint8_t null_der[] = {0x05, 0x00};
    add_ext(x, "1.3.6.1.4.1.99999.1", 1, null_der, sizeof null_der);
  }
}

static uint8_t *x509_to_der(X509 *x, size_t *len) {
  int n = i2d_X509(x, NULL);
  CHECK(n > 0, "i2d_X509");
  uint8_t *der = xmalloc((size_t)n);
  uint8_t *p = der;
  CHECK(i2d_X509(x, &p) == n, "i2d_X509");
  *len = (size_t)n;
  return der;
}

/* Move a P-384 subjectPublicKey off the curve and sign the to-be-signed
 * part again (the RSA signature keeps its length, so it is replaced in
 * place: it is the last bytes of the certificate). */
static void corrupt_point(uint8_t *der, size_t len, const tp_cert_spec *s) {
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
  CHECK(found, "corrupt_pubkey: no P-384 point");
  der[pos] ^= 0x01;
  /* SEQUENCE (4-byte length) { tbs SEQUENCE (4-byte length) ... } */
  CHECK(len > 8 && der[0] == 0x30 && der[1] == 0x82 && der[4] == 0x30 &&
            der[5] == 0x82,
        "corrupt_pubkey: certificate layout");
  size_t tbs_len = 4 + ((size_t)der[6] << 8 | der[7]);
  EVP_MD_CTX *m = sign_ctx(s->signer, s->sig_alg);
  size_t sig_len = 0;
  CHECK(EVP_DigestSign(m, NULL, &sig_len, der + 4, tbs_len) == 1 &&
            sig_len < len,
        "EVP_DigestSign length");
  uint8_t *sig = xmalloc(sig_len);
  CHECK(EVP_DigestSign(m, sig, &sig_len, der + 4, tbs_len) == 1,
        "EVP_DigestSign");
  EVP_MD_CTX_free(m);
  memcpy(der + len - sig_len, sig, sig_len);
  free(sig);
}

static uint8_t *build_cert(const tp_cert_spec *s, size_t *len) {
  X509 *x = X509_new();
  CHECK(x != NULL, "X509_new");
  CHECK(X509_set_version(x, 2) == 1, "X509_set_version");
  ASN1_INTEGER *sn = ASN1_INTEGER_new();
  CHECK(sn != NULL && ASN1_INTEGER_set_uint64(sn, s->serial) == 1,
        "serial");
  CHECK(X509_set_serialNumber(x, sn) == 1, "X509_set_serialNumber");
  ASN1_INTEGER_free(sn);
  X509_NAME *subj = make_name(s->subject_cn, s->plain_names);
  X509_NAME *iss = make_name(s->issuer_cn, s->plain_names);
  CHECK(X509_set_subject_name(x, subj) == 1 && X509_set_issuer_name(x, iss) == 1,
        "names");
  X509_NAME_free(subj);
  X509_NAME_free(iss);
  ASN1_TIME *nb = make_time(s->not_before), *na = make_time(s->not_after);
  CHECK(X509_set1_notBefore(x, nb) == 1 && X509_set1_notAfter(x, na) == 1,
        "validity");
  ASN1_TIME_free(nb);
  ASN1_TIME_free(na);
  CHECK(X509_set_pubkey(x, tp_key_get(s->key)) == 1, "X509_set_pubkey");
  if (s->is_ca) {
    /* basicConstraints critical CA:TRUE; keyUsage critical keyCertSign,
     * cRLSign (snp.md §2.2) */
    static const uint8_t bc[] = {0x30, 0x03, 0x01, 0x01, 0xff};
    static const uint8_t ku[] = {0x03, 0x02, 0x01, 0x06};
    add_ext(x, "2.5.29.19", 1, bc, sizeof bc);
    add_ext(x, "2.5.29.15", 1, ku, sizeof ku);
  }
  if (s->is_vek)
    add_vek_exts(x, &s->ext);
  EVP_MD_CTX *m = sign_ctx(s->signer, s->sig_alg);
  CHECK(X509_sign_ctx(x, m) > 0, "X509_sign_ctx");
  EVP_MD_CTX_free(m);
  uint8_t *der = x509_to_der(x, len);
  X509_free(x);
  if (s->corrupt_pubkey)
    corrupt_point(der, *len, s);
  /* the signature BIT STRING is the last element of the certificate */
  if (s->corrupt_signature)
    der[*len - 1] ^= 0x01;
  return der;
}

static void cert_key(const tp_cert_spec *s, sbuf *k) {
  sb_add(k, "cert;key=%d;signer=%d;alg=%d;serial=%llu;subj=%s;iss=%s;"
            "plain=%d;nb=%lld;na=%lld;ca=%d;vek=%d;corrupt=%d/%d;",
         (int)s->key, (int)s->signer, (int)s->sig_alg,
         (unsigned long long)s->serial, s->subject_cn, s->issuer_cn,
         s->plain_names, (long long)s->not_before, (long long)s->not_after,
         s->is_ca, s->is_vek, s->corrupt_signature, s->corrupt_pubkey);
  if (!s->is_vek)
    return;
  const tp_vek_ext *e = &s->ext;
  sb_add(k, "sv=%d/%u;pn=%d/%s;", e->has_struct_version, e->struct_version,
         e->has_product_name, e->product_name);
  for (int i = 0; i < SNP_SPL_COUNT_; i++)
    sb_add(k, "spl%d=%d/%u;", i, e->has_spl[i], e->spl[i]);
  sb_add(k, "hw=%zu/%d/", e->hwid_len, e->hwid_der_wrapped);
  sb_hex(k, e->hwid, e->hwid_len);
  sb_add(k, "csp=%d/%s;raw=%s/", e->has_csp_id, e->csp_id, e->raw_suffix);
  sb_hex(k, e->raw_value, e->raw_len);
  sb_add(k, "dup=%s;crit=%d;", e->dup_suffix, e->unknown_critical);
}

const uint8_t *tp_cert_der(const tp_cert_spec *s, size_t *len) {
  sbuf k;
  k.off = 0;
  cert_key(s, &k);
  const cache_entry *e = cache_get(k.buf);
  if (e == NULL) {
    size_t n = 0;
    uint8_t *der = build_cert(s, &n);
    e = cache_put(k.buf, der, n);
  }
  *len = e->len;
  return e->der;
}

char *tp_pem_encode(const uint8_t *der, size_t len, const char *label,
                    size_t *out_len) {
  BIO *b = BIO_new(BIO_s_mem());
  CHECK(b != NULL && len <= INT32_MAX, "BIO_new");
  CHECK(PEM_write_bio(b, label, "", der, (long)len) > 0, "PEM_write_bio");
  char *data = NULL;
  long n = BIO_get_mem_data(b, &data);
  CHECK(n > 0 && data != NULL, "BIO_get_mem_data");
  char *out = xmalloc((size_t)n);
  memcpy(out, data, (size_t)n);
  BIO_free(b);
  *out_len = (size_t)n;
  return out;
}

char *tp_pem_chain(const tp_cert_spec *specs, size_t n, size_t *len) {
  char *out = NULL;
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    size_t dlen = 0, plen = 0;
    const uint8_t *der = tp_cert_der(&specs[i], &dlen);
    char *pem = tp_pem_encode(der, dlen, "CERTIFICATE", &plen);
    char *grown = realloc(out, total + plen);
    CHECK(grown != NULL, "realloc");
    out = grown;
    memcpy(out + total, pem, plen);
    total += plen;
    free(pem);
  }
  *len = total;
  return out;
}

/* ---- good specs ---- */

static void set_str(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  CHECK(n < cap, "string field too long");
  memcpy(dst, src, n + 1);
}

static tp_cert_spec root_spec(snp_product p, tp_key key, const char *cn_prefix,
                              uint64_t serial) {
  tp_cert_spec s;
  memset(&s, 0, sizeof s);
  s.key = key;
  s.signer = tp_ark_key(p);
  s.sig_alg = TP_SIG_PSS_SHA384;
  s.serial = serial;
  char cn[48];
  (void)snprintf(cn, sizeof cn, "%s%s", cn_prefix, product_title(p));
  set_str(s.subject_cn, sizeof s.subject_cn, cn);
  (void)snprintf(cn, sizeof cn, "ARK-%s", product_title(p));
  set_str(s.issuer_cn, sizeof s.issuer_cn, cn);
  s.not_before = TP_T_ROOT_NB;
  s.not_after = TP_T_ROOT_NA;
  s.is_ca = 1;
  return s;
}

/* Serials as AMD's (snp.md §2.2): ARK 0xN0000, ASK 0xN0001, ASVK 0xN0101. */
static uint64_t serial_base(snp_product p) {
  return (uint64_t)(product_index(p) + 1) << 16;
}

tp_cert_spec tp_ark_spec(snp_product p) {
  return root_spec(p, tp_ark_key(p), "ARK-", serial_base(p));
}

tp_cert_spec tp_ask_spec(snp_product p) {
  return root_spec(p, tp_ask_key(p), "SEV-", serial_base(p) | 0x1);
}

tp_cert_spec tp_asvk_spec(snp_product p) {
  return root_spec(p, tp_asvk_key(p), "SEV-VLEK-", serial_base(p) | 0x101);
}

tp_tcb tp_tcb_good(snp_product p) {
  tp_tcb t;
  memset(&t, 0, sizeof t);
  switch (p) {
  case SNP_PRODUCT_MILAN:
    t.bl = 3;
    t.tee = 1;
    t.snp = 8;
    t.ucode = 217; /* >= 128: INTEGER 02 02 00 d9 */
    break;
  case SNP_PRODUCT_GENOA:
    t.bl = 10;
    t.tee = 1;
    t.snp = 25;
    t.ucode = 84;
    break;
  case SNP_PRODUCT_TURIN:
    /* every component distinct, so a layout mix-up cannot match */
    t.fmc = 1;
    t.bl = 2;
    t.tee = 3;
    t.snp = 4;
    t.ucode = 71;
    break;
  case SNP_PRODUCT_UNKNOWN:
  case SNP_PRODUCT_COUNT_:
    die("tp_tcb_good: no product");
  }
  return t;
}

uint64_t tp_tcb_raw(snp_product p, const tp_tcb *t) {
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

void tp_chip_id_good(snp_product p, uint8_t out[64]) {
  memset(out, 0, 64);
  size_t n = p == SNP_PRODUCT_TURIN ? 8 : 64;
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t)(0x81 + 37 * i + 11 * (size_t)product_index(p));
}

tp_vek_ext tp_vek_ext_good(snp_product p, snp_vek_kind kind) {
  tp_vek_ext e;
  memset(&e, 0, sizeof e);
  tp_tcb t = tp_tcb_good(p);
  const int turin = p == SNP_PRODUCT_TURIN;
  e.has_struct_version = 1;
  e.struct_version = turin ? 1 : 0;
  e.has_product_name = 1;
  if (kind == SNP_VEK_VLEK)
    set_str(e.product_name, sizeof e.product_name, product_title(p));
  else
    set_str(e.product_name, sizeof e.product_name,
            p == SNP_PRODUCT_MILAN ? "Milan-B0" : product_title(p));
  e.has_spl[SNP_SPL_BL] = e.has_spl[SNP_SPL_TEE] = 1;
  e.has_spl[SNP_SPL_SNP] = e.has_spl[SNP_SPL_UCODE] = 1;
  e.spl[SNP_SPL_BL] = t.bl;
  e.spl[SNP_SPL_TEE] = t.tee;
  e.spl[SNP_SPL_SNP] = t.snp;
  e.spl[SNP_SPL_UCODE] = t.ucode;
  /* spl4..7: reserved 0; a Turin VCEK omits .3.4 (snp.md §2.3) */
  e.has_spl[SNP_SPL_4] = !turin;
  e.has_spl[SNP_SPL_5] = e.has_spl[SNP_SPL_6] = e.has_spl[SNP_SPL_7] = 1;
  if (!turin) {
    e.spl[SNP_SPL_4] = t.spl4;
    e.spl[SNP_SPL_5] = t.spl5;
    e.spl[SNP_SPL_6] = t.spl6;
    e.spl[SNP_SPL_7] = t.spl7;
  }
  if (turin) {
    e.has_spl[SNP_SPL_FMC] = 1;
    e.spl[SNP_SPL_FMC] = t.fmc;
  }
  if (kind == SNP_VEK_VCEK) {
    uint8_t chip[64];
    tp_chip_id_good(p, chip);
    e.hwid_len = turin ? 8 : 64;
    memcpy(e.hwid, chip, e.hwid_len);
  } else {
    e.has_csp_id = 1;
    set_str(e.csp_id, sizeof e.csp_id, "CN=cc-us-east-2.amazonaws.com");
  }
  return e;
}

tp_cert_spec tp_vek_spec(snp_product p, snp_vek_kind kind) {
  tp_cert_spec s;
  memset(&s, 0, sizeof s);
  const int vlek = kind == SNP_VEK_VLEK;
  s.key = vlek ? TP_KEY_VLEK : TP_KEY_VCEK;
  s.signer = vlek ? tp_asvk_key(p) : tp_ask_key(p);
  s.sig_alg = TP_SIG_PSS_SHA384;
  s.serial = 0; /* as KDS issues them (snp.md §2.3) */
  set_str(s.subject_cn, sizeof s.subject_cn, vlek ? "SEV-VLEK" : "SEV-VCEK");
  char cn[48];
  (void)snprintf(cn, sizeof cn, "%s%s", vlek ? "SEV-VLEK-" : "SEV-",
                 product_title(p));
  set_str(s.issuer_cn, sizeof s.issuer_cn, cn);
  s.not_before = TP_T_VEK_NB;
  s.not_after = vlek ? TP_T_VLEK_NA : TP_T_VCEK_NA;
  s.is_vek = 1;
  s.ext = tp_vek_ext_good(p, kind);
  return s;
}

/* ---- CRLs ---- */

tp_crl_spec tp_crl_spec_good(snp_product p) {
  tp_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = tp_ark_key(p);
  s.sig_alg = TP_SIG_PSS_SHA384;
  char cn[48];
  (void)snprintf(cn, sizeof cn, "ARK-%s", product_title(p));
  set_str(s.issuer_cn, sizeof s.issuer_cn, cn);
  s.this_update = TP_T_CRL_THIS;
  s.next_update = TP_T_CRL_NEXT;
  return s;
}

static uint8_t *build_crl(const tp_crl_spec *s, size_t *len) {
  X509_CRL *crl = X509_CRL_new();
  CHECK(crl != NULL, "X509_CRL_new");
  CHECK(X509_CRL_set_version(crl, 1) == 1, "X509_CRL_set_version"); /* v2 */
  X509_NAME *iss = make_name(s->issuer_cn, s->plain_names);
  CHECK(X509_CRL_set_issuer_name(crl, iss) == 1, "CRL issuer");
  X509_NAME_free(iss);
  ASN1_TIME *tu = make_time(s->this_update);
  CHECK(X509_CRL_set1_lastUpdate(crl, tu) == 1, "CRL thisUpdate");
  if (!s->no_next_update) {
    ASN1_TIME *nu = make_time(s->next_update);
    CHECK(X509_CRL_set1_nextUpdate(crl, nu) == 1, "CRL nextUpdate");
    ASN1_TIME_free(nu);
  }
  CHECK(s->n_revoked <= TP_CRL_MAX_REVOKED, "CRL revoked count");
  for (size_t i = 0; i < s->n_revoked; i++) {
    X509_REVOKED *r = X509_REVOKED_new();
    ASN1_INTEGER *sn = ASN1_INTEGER_new();
    CHECK(r != NULL && sn != NULL &&
              ASN1_INTEGER_set_uint64(sn, s->revoked[i]) == 1 &&
              X509_REVOKED_set_serialNumber(r, sn) == 1 &&
              X509_REVOKED_set_revocationDate(r, tu) == 1,
          "CRL entry");
    ASN1_INTEGER_free(sn);
    CHECK(X509_CRL_add0_revoked(crl, r) == 1, "X509_CRL_add0_revoked");
  }
  ASN1_TIME_free(tu);
  CHECK(X509_CRL_sort(crl) == 1, "X509_CRL_sort");
  EVP_MD_CTX *m = sign_ctx(s->signer, s->sig_alg);
  CHECK(X509_CRL_sign_ctx(crl, m) > 0, "X509_CRL_sign_ctx");
  EVP_MD_CTX_free(m);
  int n = i2d_X509_CRL(crl, NULL);
  CHECK(n > 0, "i2d_X509_CRL");
  uint8_t *der = xmalloc((size_t)n);
  uint8_t *p = der;
  CHECK(i2d_X509_CRL(crl, &p) == n, "i2d_X509_CRL");
  X509_CRL_free(crl);
  *len = (size_t)n;
  if (s->corrupt_signature)
    der[*len - 1] ^= 0x01;
  return der;
}

const uint8_t *tp_crl_der(const tp_crl_spec *s, size_t *len) {
  sbuf k;
  k.off = 0;
  sb_add(&k, "crl;signer=%d;alg=%d;iss=%s;plain=%d;tu=%lld;nu=%lld;nonu=%d;"
             "corrupt=%d;rev=",
         (int)s->signer, (int)s->sig_alg, s->issuer_cn, s->plain_names,
         (long long)s->this_update, (long long)s->next_update,
         s->no_next_update, s->corrupt_signature);
  for (size_t i = 0; i < s->n_revoked && i < TP_CRL_MAX_REVOKED; i++)
    sb_add(&k, "%llu,", (unsigned long long)s->revoked[i]);
  const cache_entry *e = cache_get(k.buf);
  if (e == NULL) {
    size_t n = 0;
    uint8_t *der = build_crl(s, &n);
    e = cache_put(k.buf, der, n);
  }
  *len = e->len;
  return e->der;
}

/* ---- reports ---- */

void tp_put_u32(uint8_t *r, size_t off, uint32_t v) {
  for (size_t i = 0; i < 4; i++)
    r[off + i] = (uint8_t)(v >> (8 * i));
}

void tp_put_u64(uint8_t *r, size_t off, uint64_t v) {
  for (size_t i = 0; i < 8; i++)
    r[off + i] = (uint8_t)(v >> (8 * i));
}

uint64_t tp_get_u64(const uint8_t *r, size_t off) {
  uint64_t v = 0;
  for (size_t i = 8; i-- > 0;)
    v = (v << 8) | r[off + i];
  return v;
}

void tp_report_init(uint8_t r[SNP_REPORT_SIZE], snp_product p,
                    uint32_t version, snp_vek_kind kind) {
  static const uint8_t cpuid[3][3] = {
      {0x19, 0x01, 0x01}, {0x19, 0x11, 0x01}, {0x1A, 0x02, 0x01}};
  memset(r, 0, SNP_REPORT_SIZE);
  tp_put_u32(r, TP_OFF_VERSION, version);
  tp_put_u32(r, TP_OFF_GUEST_SVN, 1);
  tp_put_u64(r, TP_OFF_POLICY, 0x30000); /* SMT + reserved bit 17 */
  tp_put_u32(r, TP_OFF_VMPL, 0);
  tp_put_u32(r, TP_OFF_SIGNATURE_ALGO, 1);
  tp_tcb t = tp_tcb_good(p);
  uint64_t tcb = tp_tcb_raw(p, &t);
  tp_put_u64(r, TP_OFF_CURRENT_TCB, tcb);
  tp_put_u64(r, TP_OFF_REPORTED_TCB, tcb);
  tp_put_u64(r, TP_OFF_COMMITTED_TCB, tcb);
  tp_put_u64(r, TP_OFF_LAUNCH_TCB, tcb);
  tp_put_u64(r, TP_OFF_PLATFORM_INFO, 0x3); /* SMT_EN, TSME_EN */
  tp_put_u32(r, TP_OFF_SIGNER_INFO, (uint32_t)kind << 2);
  for (size_t i = 0; i < 64; i++)
    r[TP_OFF_REPORT_DATA + i] = (uint8_t)i;
  for (size_t i = 0; i < 48; i++)
    r[TP_OFF_MEASUREMENT + i] = (uint8_t)(0x5A ^ i);
  for (size_t i = 0; i < 32; i++)
    r[TP_OFF_HOST_DATA + i] = (uint8_t)(0xC3 ^ i);
  for (size_t i = 0; i < 32; i++)
    r[0x140 + i] = (uint8_t)(0x11 * (i + 1)); /* REPORT_ID */
  memset(r + TP_OFF_REPORT_ID_MA, 0xFF, 32);
  if (version >= 3)
    memcpy(r + TP_OFF_CPUID_FAM, cpuid[product_index(p)], 3);
  if (kind == SNP_VEK_VCEK)
    tp_chip_id_good(p, r + TP_OFF_CHIP_ID);
  /* CURRENT and COMMITTED firmware 1.55.43 */
  r[TP_OFF_CURRENT_BUILD] = r[TP_OFF_COMMITTED_BUILD] = 43;
  r[TP_OFF_CURRENT_BUILD + 1] = r[TP_OFF_COMMITTED_BUILD + 1] = 55;
  r[TP_OFF_CURRENT_BUILD + 2] = r[TP_OFF_COMMITTED_BUILD + 2] = 1;
}

void tp_report_sign(uint8_t r[SNP_REPORT_SIZE], tp_key key) {
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  CHECK(m != NULL, "EVP_MD_CTX_new");
  CHECK(EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, tp_key_get(key)) == 1,
        "EVP_DigestSignInit (ECDSA)");
  uint8_t sig[160];
  size_t siglen = sizeof sig;
  CHECK(EVP_DigestSign(m, sig, &siglen, r, SNP_SIGNED_SIZE) == 1,
        "EVP_DigestSign");
  EVP_MD_CTX_free(m);
  const unsigned char *p = sig;
  ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)siglen);
  CHECK(es != NULL, "d2i_ECDSA_SIG");
  const BIGNUM *br = NULL, *bs = NULL;
  ECDSA_SIG_get0(es, &br, &bs);
  /* r and s: 72-byte little-endian, zero-padded (snp.md §1.4) */
  uint8_t be[72];
  memset(r + TP_OFF_SIG_R, 0, 0x200);
  CHECK(BN_bn2binpad(br, be, 72) == 72, "BN_bn2binpad r");
  for (size_t i = 0; i < 72; i++)
    r[TP_OFF_SIG_R + i] = be[71 - i];
  CHECK(BN_bn2binpad(bs, be, 72) == 72, "BN_bn2binpad s");
  for (size_t i = 0; i < 72; i++)
    r[TP_OFF_SIG_S + i] = be[71 - i];
  ECDSA_SIG_free(es);
}

/* ---- trust ---- */

int tp_trust_add(snp_trust *t, snp_product p, const tp_cert_spec *ark,
                 const tp_cert_spec *ask, const tp_cert_spec *asvk,
                 int no_asvk, contrast_err *err) {
  tp_cert_spec g_ark = tp_ark_spec(p), g_ask = tp_ask_spec(p),
               g_asvk = tp_asvk_spec(p);
  size_t l_ark = 0, l_ask = 0, l_asvk = 0;
  const uint8_t *d_ark = tp_cert_der(ark != NULL ? ark : &g_ark, &l_ark);
  const uint8_t *d_ask = tp_cert_der(ask != NULL ? ask : &g_ask, &l_ask);
  const uint8_t *d_asvk = NULL;
  if (!no_asvk)
    d_asvk = tp_cert_der(asvk != NULL ? asvk : &g_asvk, &l_asvk);
  return snp_trust_add(t, p, d_ark, l_ark, d_ask, l_ask, d_asvk, l_asvk, err);
}

void tp_trust_add_good(snp_trust *t, snp_product p) {
  contrast_err err;
  contrast_err_clear(&err);
  if (tp_trust_add(t, p, NULL, NULL, NULL, 0, &err) != 0)
    die("pinning the %s test roots: %s: %s", product_title(p),
        contrast_code_name(err.code), err.detail);
}

/* ---- cases ---- */

void tp_case_init(tp_case *c, snp_product product, uint32_t version,
                  snp_vek_kind kind) {
  memset(c, 0, sizeof *c);
  c->product = product;
  c->version = version;
  c->kind = kind;
  tp_report_init(c->report, product, version, kind);
  c->report_key = kind == SNP_VEK_VLEK ? TP_KEY_VLEK : TP_KEY_VCEK;
  c->ark = tp_ark_spec(product);
  c->ask = tp_ask_spec(product);
  c->asvk = tp_asvk_spec(product);
  c->vek = tp_vek_spec(product, kind);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++)
    c->pin[p] = 1;
  c->pin_asvk = 1;
  c->with_vek = 1;
  c->given_as = kind;
  c->crl = tp_crl_spec_good(product);
  c->now = TP_T_NOW;
}

static void release(tp_case *c) {
  if (c->trust_ready)
    snp_trust_wipe(&c->trust);
  c->trust_ready = 0;
  free(c->vek_buf);
  free(c->chain_buf);
  free(c->crl_buf);
  c->vek_buf = c->chain_buf = c->crl_buf = NULL;
  memset(&c->e, 0, sizeof c->e);
  memset(&c->opts, 0, sizeof c->opts);
}

/* An exact-size heap copy, so that a read past the end shows under ASan and
 * valgrind. */
static char *dup_exact(const void *p, size_t n) {
  char *d = xmalloc(n);
  memcpy(d, p, n);
  return d;
}

void tp_case_wipe(tp_case *c) { release(c); }

void tp_case_build(tp_case *c) {
  release(c);
  if (!c->keep_signature)
    tp_report_sign(c->report, c->report_key);

  snp_trust_init(&c->trust, "test");
  c->trust_ready = 1;
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    if (!c->pin[p])
      continue;
    contrast_err err;
    contrast_err_clear(&err);
    int rc = (snp_product)p == c->product
                 ? tp_trust_add(&c->trust, (snp_product)p, &c->ark, &c->ask,
                                &c->asvk, !c->pin_asvk, &err)
                 : tp_trust_add(&c->trust, (snp_product)p, NULL, NULL, NULL,
                                0, &err);
    if (rc != 0)
      die("pinning the test roots of the case: %s: %s",
          contrast_code_name(err.code), err.detail);
  }

  size_t n = 0;
  if (c->vek_raw != NULL) {
    c->vek_buf = dup_exact(c->vek_raw, c->vek_raw_len);
    n = c->vek_raw_len;
  } else if (c->with_vek) {
    const uint8_t *der = tp_cert_der(&c->vek, &n);
    if (c->vek_pem)
      c->vek_buf = tp_pem_encode(der, n, "CERTIFICATE", &n);
    else
      c->vek_buf = dup_exact(der, n);
  }
  c->e.vek = (const uint8_t *)c->vek_buf;
  c->e.vek_len = c->vek_buf != NULL ? n : 0;
  c->e.vek_kind = c->given_as;

  if (c->chain_raw != NULL) {
    c->chain_buf = dup_exact(c->chain_raw, c->chain_raw_len);
    c->e.cert_chain_len = c->chain_raw_len;
  } else if (c->with_chain) {
    if (c->n_chain_custom > 0) {
      CHECK(c->n_chain_custom <= 4, "custom chain length");
      c->chain_buf =
          tp_pem_chain(c->chain_custom, c->n_chain_custom, &c->e.cert_chain_len);
    } else {
      tp_cert_spec chain[2] = {c->kind == SNP_VEK_VLEK ? c->asvk : c->ask,
                               c->ark};
      c->chain_buf = tp_pem_chain(chain, 2, &c->e.cert_chain_len);
    }
  }
  c->e.cert_chain = (const uint8_t *)c->chain_buf;

  if (c->crl_raw != NULL) {
    c->crl_buf = dup_exact(c->crl_raw, c->crl_raw_len);
    c->e.crl_len = c->crl_raw_len;
  } else if (c->with_crl) {
    size_t clen = 0;
    const uint8_t *der = tp_crl_der(&c->crl, &clen);
    if (c->crl_pem)
      c->crl_buf = tp_pem_encode(der, clen, "X509 CRL", &clen);
    else
      c->crl_buf = dup_exact(der, clen);
    c->e.crl_len = clen;
  }
  c->e.crl = (const uint8_t *)c->crl_buf;

  c->opts.now = c->now;
  c->opts.require_crl = c->require_crl;
  c->opts.cache = NULL;
}

int tp_case_verify(tp_case *c, snp_cache *cache, snp_verified *out,
                   contrast_err *err) {
  CHECK(c->trust_ready, "tp_case_verify before tp_case_build");
  uint8_t *report = (uint8_t *)dup_exact(c->report, SNP_REPORT_SIZE);
  snp_verify_opts o = c->opts;
  o.cache = cache;
  contrast_err_clear(err);
  int rc = snp_verify(&c->trust, report, SNP_REPORT_SIZE, &c->e, &o, out, err);
  free(report);
  /* CONTRAST_TEST_VERBOSE=1 shows why each case got its code */
  const char *verbose = getenv("CONTRAST_TEST_VERBOSE");
  if (verbose != NULL && strcmp(verbose, "1") == 0)
    fprintf(stderr, "    -> %s: %s\n", contrast_code_name(err->code),
            err->detail);
  return rc;
}
