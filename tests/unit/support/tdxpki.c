/* The TDX test PKI of tdxpki.h. Only OpenSSL 3 EVP / X509 APIs and a tiny
 * DER writer; the encodings are written here from spec/tdx.md (§1-§2
 * quote, §4.2 SGX extension, §4.3 names, §5.2-§5.3 collateral, §6.C CRL
 * extensions), independently of the library under test: the library is
 * only called to pin a root (tdx_trust_*), to run a case (tdx_verify,
 * tdx_policy_from_json, tdx_appraise) and to load a real case
 * (contrast_case_load). */
#include "tdxpki.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

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

/* ---- bytes ---- */

void tt_buf_put(tt_buf *b, const void *p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    uint8_t *q = realloc(b->p, cap);
    CHECK(q != NULL, "realloc");
    b->p = q;
    b->cap = cap;
  }
  if (n > 0)
    memcpy(b->p + b->len, p, n);
  b->len += n;
  b->p[b->len] = 0; /* always NUL-terminated (not counted) */
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

void tt_buf_free(tt_buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

static void put_u16(tt_buf *b, uint16_t v) {
  uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
  tt_buf_put(b, x, 2);
}

static void put_u32(tt_buf *b, uint32_t v) {
  uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                  (uint8_t)(v >> 24)};
  tt_buf_put(b, x, 4);
}

static void sha256(const uint8_t *in, size_t n, uint8_t out[32]) {
  unsigned int len = 0;
  CHECK(EVP_Digest(in, n, out, &len, EVP_sha256(), NULL) == 1 && len == 32,
        "EVP_Digest SHA-256");
}

static void hex_upper(const uint8_t *b, size_t n, int lower, char *out) {
  static const char *const digits[2] = {"0123456789ABCDEF",
                                        "0123456789abcdef"};
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[lower ? 1 : 0][b[i] >> 4];
    out[2 * i + 1] = digits[lower ? 1 : 0][b[i] & 15];
  }
  out[2 * n] = '\0';
}

/* ---- DER ---- */

void tt_der_tlv(tt_buf *b, uint8_t tag, const uint8_t *v, size_t n) {
  uint8_t h[6];
  size_t hl = 0;
  h[hl++] = tag;
  if (n < 0x80) {
    h[hl++] = (uint8_t)n;
  } else if (n < 0x100) {
    h[hl++] = 0x81;
    h[hl++] = (uint8_t)n;
  } else if (n < 0x10000) {
    h[hl++] = 0x82;
    h[hl++] = (uint8_t)(n >> 8);
    h[hl++] = (uint8_t)n;
  } else {
    CHECK(n < 0x1000000, "DER length");
    h[hl++] = 0x83;
    h[hl++] = (uint8_t)(n >> 16);
    h[hl++] = (uint8_t)(n >> 8);
    h[hl++] = (uint8_t)n;
  }
  tt_buf_put(b, h, hl);
  tt_buf_put(b, v, n);
}

/* Content bytes of a minimal non-negative INTEGER (217 -> 00 d9). */
static size_t uint_content(uint64_t v, uint8_t out[9]) {
  uint8_t le[9];
  size_t n = 0;
  do {
    le[n++] = (uint8_t)(v & 0xff);
    v >>= 8;
  } while (v != 0);
  if (le[n - 1] & 0x80)
    le[n++] = 0;
  for (size_t i = 0; i < n; i++)
    out[i] = le[n - 1 - i];
  return n;
}

void tt_der_uint(tt_buf *b, uint64_t v) {
  uint8_t c[9];
  size_t n = uint_content(v, c);
  tt_der_tlv(b, TT_TAG_INTEGER, c, n);
}

static void oid_arc(tt_buf *b, unsigned v) {
  uint8_t t[5];
  size_t n = 0;
  do {
    t[n++] = (uint8_t)(v & 0x7f);
    v >>= 7;
  } while (v != 0);
  for (size_t i = n; i-- > 0;) {
    uint8_t x = (uint8_t)(t[i] | (i > 0 ? 0x80 : 0));
    tt_buf_put(b, &x, 1);
  }
}

void tt_der_sgx_oid(tt_buf *b, unsigned a, unsigned sub) {
  /* 1.2.840.113741.1.13.1 (tdx.md §4.2) */
  static const unsigned prefix[] = {840, 113741, 1, 13, 1};
  tt_buf c = {0};
  uint8_t first = 42; /* 1.2 */
  tt_buf_put(&c, &first, 1);
  for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
    oid_arc(&c, prefix[i]);
  oid_arc(&c, a);
  if (sub != 0)
    oid_arc(&c, sub);
  tt_der_tlv(b, 0x06, c.p, c.len);
  tt_buf_free(&c);
}

/* SEQUENCE { OID sgx.a[.sub], value } */
static void sgx_entry(tt_buf *out, unsigned a, unsigned sub, uint8_t tag,
                      const uint8_t *v, size_t n) {
  tt_buf e = {0};
  tt_der_sgx_oid(&e, a, sub);
  tt_der_tlv(&e, tag, v, n);
  tt_der_tlv(out, TT_TAG_SEQ, e.p, e.len);
  tt_buf_free(&e);
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

typedef struct ent_faults {
  uint32_t omit;
  unsigned dup, wrong_tag;
  uint8_t wrong_tag_value;
} ent_faults;

static void faulty_entry(tt_buf *out, const ent_faults *f, unsigned a,
                         unsigned sub, uint8_t tag, const uint8_t *v,
                         size_t n) {
  unsigned idx = sub != 0 ? sub : a;
  if (f->omit & (1u << idx))
    return;
  if (f->wrong_tag == idx)
    tag = f->wrong_tag_value;
  for (int i = 0; i < (f->dup == idx ? 2 : 1); i++)
    sgx_entry(out, a, sub, tag, v, n);
}

/* An OCTET STRING value n bytes long, or one byte shorter / longer. */
static size_t resized(const uint8_t *v, size_t n, int by, uint8_t out[40]) {
  CHECK(n + 1 <= 40 && (by == 0 || by == 1 || by == -1), "resize");
  memset(out, 0, 40);
  size_t m = by < 0 ? n - 1 : n + (size_t)by;
  memcpy(out, v, by < 0 ? m : n);
  return m;
}

void tt_sgx_ext_der(const tt_sgx_ext *x, tt_buf *out) {
  tt_buf top = {0}, tcb = {0}, cfg = {0};
  ent_faults ft = {x->omit, x->dup, x->wrong_tag, x->wrong_tag_value};
  ent_faults ftcb = {x->tcb_omit, x->tcb_dup, x->tcb_wrong_tag,
                     x->tcb_wrong_tag_value};
  ent_faults fcfg = {x->config_omit, x->config_dup, 0, 0};
  uint8_t c[9];
  size_t n;
  /* TCB: COMP01..16 INTEGER, PCESVN INTEGER, CPUSVN OCTET STRING(16) */
  uint8_t r[40];
  for (unsigned i = 1; i <= 17; i++) {
    n = uint_content(i <= 16 ? x->comp[i - 1] : x->pcesvn, c);
    if (x->tcb_raw == i) {
      CHECK(x->tcb_raw_len <= sizeof x->tcb_raw_val, "tcb_raw_len");
      memcpy(c, x->tcb_raw_val, x->tcb_raw_len);
      n = x->tcb_raw_len;
    }
    faulty_entry(&tcb, &ftcb, 2, i, TT_TAG_INTEGER, c, n);
  }
  n = resized(x->cpusvn, 16, x->tcb_resize == 18 ? x->tcb_resize_by : 0, r);
  faulty_entry(&tcb, &ftcb, 2, 18, TT_TAG_OCTETS, r, n);
  if (x->tcb_extra != 0) {
    static const uint8_t zero = 0;
    sgx_entry(&tcb, 2, x->tcb_extra, TT_TAG_INTEGER, &zero, 1);
  }
  n = resized(x->ppid, 16, x->resize == 1 ? x->resize_by : 0, r);
  faulty_entry(&top, &ft, 1, 0, TT_TAG_OCTETS, r, n);
  faulty_entry(&top, &ft, 2, 0, TT_TAG_SEQ, tcb.p, tcb.len);
  n = resized(x->pceid, 2, x->resize == 3 ? x->resize_by : 0, r);
  faulty_entry(&top, &ft, 3, 0, TT_TAG_OCTETS, r, n);
  n = resized(x->fmspc, 6, x->resize == 4 ? x->resize_by : 0, r);
  faulty_entry(&top, &ft, 4, 0, TT_TAG_OCTETS, r, n);
  n = uint_content(x->sgx_type, c);
  faulty_entry(&top, &ft, 5, 0, TT_TAG_ENUM, c, n);
  if (x->platform) {
    n = resized(x->piid, 16, x->resize == 6 ? x->resize_by : 0, r);
    faulty_entry(&top, &ft, 6, 0, TT_TAG_OCTETS, r, n);
    const int flags[3] = {x->dynamic_platform, x->cached_keys,
                          x->smt_enabled};
    for (unsigned i = 1; i <= 3; i++) {
      uint8_t v = flags[i - 1] ? 0xff : 0x00;
      if (i == 1 && x->config_bool_raw != 0)
        v = (uint8_t)x->config_bool_raw;
      faulty_entry(&cfg, &fcfg, 7, i, TT_TAG_BOOLEAN, &v, 1);
    }
    if (x->config_extra != 0) {
      static const uint8_t t = 0xff;
      sgx_entry(&cfg, 7, x->config_extra, TT_TAG_BOOLEAN, &t, 1);
    }
    faulty_entry(&top, &ft, 7, 0, TT_TAG_SEQ, cfg.p, cfg.len);
  }
  if (x->extra != 0) {
    static const uint8_t v[2] = {0xab, 0xcd};
    sgx_entry(&top, x->extra, 0, TT_TAG_OCTETS, v, 2);
  }
  tt_der_tlv(out, TT_TAG_SEQ, top.p, top.len);
  tt_buf_free(&top);
  tt_buf_free(&tcb);
  tt_buf_free(&cfg);
}

/* ---- keys ---- */

static EVP_PKEY *keys[TT_KEY_COUNT_];

EVP_PKEY *tt_key_get(tt_key k) {
  CHECK(k > TT_KEY_NONE && k < TT_KEY_COUNT_, "tt_key_get: key id");
  if (keys[k] == NULL) {
    keys[k] = EVP_EC_gen(k == TT_KEY_P384 ? "P-384" : "P-256");
    CHECK(keys[k] != NULL, "EVP_EC_gen");
  }
  return keys[k];
}

void tt_key_xy(tt_key k, uint8_t xy[64]) {
  uint8_t pt[133];
  size_t len = 0;
  CHECK(EVP_PKEY_get_octet_string_param(tt_key_get(k),
                                        OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                        pt, sizeof pt, &len) == 1 &&
            len == 65 && pt[0] == 0x04,
        "P-256 public point");
  memcpy(xy, pt + 1, 64);
}

void tt_sign_raw(tt_key k, const uint8_t *msg, size_t len, uint8_t sig[64]) {
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  CHECK(m != NULL, "EVP_MD_CTX_new");
  CHECK(EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, tt_key_get(k)) == 1,
        "EVP_DigestSignInit");
  uint8_t der[80];
  size_t dlen = sizeof der;
  CHECK(EVP_DigestSign(m, der, &dlen, msg, len) == 1, "EVP_DigestSign");
  EVP_MD_CTX_free(m);
  const unsigned char *p = der;
  ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
  CHECK(es != NULL, "d2i_ECDSA_SIG");
  const BIGNUM *r = NULL, *s = NULL;
  ECDSA_SIG_get0(es, &r, &s);
  CHECK(BN_bn2binpad(r, sig, 32) == 32 && BN_bn2binpad(s, sig + 32, 32) == 32,
        "BN_bn2binpad");
  ECDSA_SIG_free(es);
}

void tt_sign_hex(tt_key k, const uint8_t *msg, size_t len, char out[129]) {
  uint8_t sig[64];
  tt_sign_raw(k, msg, len, sig);
  hex_upper(sig, 64, 1, out);
}

/* SHA-1 of the public point: the key identifier of RFC 5280 4.2.1.2 (1). */
static void key_id(tt_key k, uint8_t id[20]) {
  uint8_t pt[133];
  size_t len = 0;
  CHECK(EVP_PKEY_get_octet_string_param(tt_key_get(k),
                                        OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                        pt, sizeof pt, &len) == 1,
        "public point");
  unsigned int n = 0;
  CHECK(EVP_Digest(pt, len, id, &n, EVP_sha1(), NULL) == 1 && n == 20,
        "SHA-1 key id");
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

void tt_cleanup(void) {
  while (der_cache != NULL) {
    cache_entry *n = der_cache->next;
    free(der_cache->key);
    free(der_cache->der);
    free(der_cache);
    der_cache = n;
  }
  for (int i = 0; i < TT_KEY_COUNT_; i++) {
    EVP_PKEY_free(keys[i]);
    keys[i] = NULL;
  }
}

/* ---- certificates ---- */

static X509_NAME *make_name(const char *cn, int plain) {
  /* Intel's order (tdx.md §4.3): CN, O, L, ST, C */
  static const char *const fields[][2] = {{"O", "Intel Corporation"},
                                          {"L", "Santa Clara"},
                                          {"ST", "CA"},
                                          {"C", "US"}};
  X509_NAME *n = X509_NAME_new();
  CHECK(n != NULL, "X509_NAME_new");
  CHECK(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
                                   (const unsigned char *)cn, -1, -1, 0) == 1,
        "X509_NAME_add_entry_by_txt CN");
  if (!plain)
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
      CHECK(X509_NAME_add_entry_by_txt(
                n, fields[i][0], MBSTRING_ASC,
                (const unsigned char *)fields[i][1], -1, -1, 0) == 1,
            "X509_NAME_add_entry_by_txt");
  return n;
}

static ASN1_TIME *make_time(int64_t t) {
  /* UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5) */
  ASN1_TIME *a = ASN1_TIME_set(NULL, (time_t)t);
  CHECK(a != NULL, "ASN1_TIME_set");
  return a;
}

static X509_EXTENSION *make_ext(const char *oid, int critical,
                                const uint8_t *val, size_t len) {
  ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
  ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
  CHECK(obj != NULL && os != NULL && len <= INT32_MAX, "extension objects");
  CHECK(ASN1_OCTET_STRING_set(os, val, (int)len) == 1,
        "ASN1_OCTET_STRING_set");
  X509_EXTENSION *e = X509_EXTENSION_create_by_OBJ(NULL, obj, critical, os);
  CHECK(e != NULL, "X509_EXTENSION_create_by_OBJ");
  ASN1_OCTET_STRING_free(os);
  ASN1_OBJECT_free(obj);
  return e;
}

static void add_ext(X509 *x, const char *oid, int critical,
                    const uint8_t *val, size_t len) {
  X509_EXTENSION *e = make_ext(oid, critical, val, len);
  CHECK(X509_add_ext(x, e, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(e);
}

/* AuthorityKeyIdentifier: SEQUENCE { [0] keyIdentifier } */
static void aki_value(tt_key signer, uint8_t out[24]) {
  uint8_t id[20];
  key_id(signer, id);
  out[0] = 0x30;
  out[1] = 22;
  out[2] = 0x80;
  out[3] = 20;
  memcpy(out + 4, id, 20);
}

static void add_key_ids(X509 *x, const tt_cert_spec *s) {
  uint8_t v[24];
  if (s->role != TT_ROLE_ROOT) {
    aki_value(s->signer, v);
    add_ext(x, "2.5.29.35", 0, v, 24);
  }
  uint8_t id[20];
  key_id(s->key, id);
  v[0] = 0x04;
  v[1] = 20;
  memcpy(v + 2, id, 20);
  add_ext(x, "2.5.29.14", 0, v, 22);
}

static uint8_t *build_cert(const tt_cert_spec *s, size_t *len) {
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
  CHECK(X509_set_subject_name(x, subj) == 1 &&
            X509_set_issuer_name(x, iss) == 1,
        "names");
  X509_NAME_free(subj);
  X509_NAME_free(iss);
  ASN1_TIME *nb = make_time(s->not_before), *na = make_time(s->not_after);
  CHECK(X509_set1_notBefore(x, nb) == 1 && X509_set1_notAfter(x, na) == 1,
        "validity");
  ASN1_TIME_free(nb);
  ASN1_TIME_free(na);
  CHECK(X509_set_pubkey(x, tt_key_get(s->key)) == 1, "X509_set_pubkey");
  add_key_ids(x, s);
  /* KeyUsage and BasicConstraints as Intel's (tdx.md §4.1, §4.3) */
  /* keyCertSign + cRLSign; digitalSignature + nonRepudiation */
  static const uint8_t ku_ca[] = {0x03, 0x02, 0x01, 0x06};
  static const uint8_t ku_ee[] = {0x03, 0x02, 0x06, 0xc0};
  static const uint8_t bc_root[] = {0x30, 0x06, 0x01, 0x01,
                                    0xff, 0x02, 0x01, 0x01};
  static const uint8_t bc_ca[] = {0x30, 0x06, 0x01, 0x01,
                                  0xff, 0x02, 0x01, 0x00};
  static const uint8_t bc_ee[] = {0x30, 0x00};
  switch (s->role) {
  case TT_ROLE_ROOT:
    add_ext(x, "2.5.29.15", 1, ku_ca, sizeof ku_ca);
    add_ext(x, "2.5.29.19", 1, bc_root, sizeof bc_root);
    break;
  case TT_ROLE_CA:
    add_ext(x, "2.5.29.15", 1, ku_ca, sizeof ku_ca);
    add_ext(x, "2.5.29.19", 1, bc_ca, sizeof bc_ca);
    break;
  case TT_ROLE_PCK:
  case TT_ROLE_SIGNER:
    add_ext(x, "2.5.29.15", 1, ku_ee, sizeof ku_ee);
    add_ext(x, "2.5.29.19", 1, bc_ee, sizeof bc_ee);
    break;
  }
  if (s->role == TT_ROLE_PCK && !s->no_sgx_ext) {
    tt_buf ext = {0};
    tt_sgx_ext_der(&s->ext, &ext);
    for (int i = 0; i < (s->dup_sgx_ext ? 2 : 1); i++)
      add_ext(x, "1.2.840.113741.1.13.1", 0, ext.p, ext.len);
    tt_buf_free(&ext);
  }
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  CHECK(m != NULL, "EVP_MD_CTX_new");
  CHECK(EVP_DigestSignInit(m, NULL, s->sig_sha384 ? EVP_sha384() : EVP_sha256(),
                           NULL, tt_key_get(s->signer)) == 1,
        "EVP_DigestSignInit");
  CHECK(X509_sign_ctx(x, m) > 0, "X509_sign_ctx");
  EVP_MD_CTX_free(m);
  int n = i2d_X509(x, NULL);
  CHECK(n > 0, "i2d_X509");
  uint8_t *der = xmalloc((size_t)n);
  uint8_t *p = der;
  CHECK(i2d_X509(x, &p) == n, "i2d_X509");
  X509_free(x);
  *len = (size_t)n;
  /* the signature (inside the BIT STRING) ends the certificate */
  if (s->corrupt_signature)
    der[*len - 1] ^= 0x01;
  return der;
}

typedef struct keybuf {
  char buf[8192];
  size_t off;
} keybuf;

__attribute__((format(printf, 2, 3))) static void kb_add(keybuf *k,
                                                         const char *fmt,
                                                         ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(k->buf + k->off, sizeof k->buf - k->off, fmt, ap);
  va_end(ap);
  CHECK(n >= 0 && (size_t)n < sizeof k->buf - k->off, "cache key overflow");
  k->off += (size_t)n;
}

static void kb_hex(keybuf *k, const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    kb_add(k, "%02x", b[i]);
  kb_add(k, ";");
}

const uint8_t *tt_cert_der(const tt_cert_spec *s, size_t *len) {
  keybuf k;
  k.off = 0;
  kb_add(&k, "cert;role=%d;key=%d;signer=%d;serial=%llu;subj=%s;iss=%s;"
             "plain=%d;nb=%lld;na=%lld;noext=%d;dup=%d;sha384=%d;corrupt=%d;",
         (int)s->role, (int)s->key, (int)s->signer,
         (unsigned long long)s->serial, s->subject_cn, s->issuer_cn,
         s->plain_names, (long long)s->not_before, (long long)s->not_after,
         s->no_sgx_ext, s->dup_sgx_ext, s->sig_sha384, s->corrupt_signature);
  if (s->role == TT_ROLE_PCK) {
    tt_buf ext = {0};
    tt_sgx_ext_der(&s->ext, &ext);
    kb_add(&k, "ext=");
    kb_hex(&k, ext.p, ext.len);
    tt_buf_free(&ext);
  }
  const cache_entry *e = cache_get(k.buf);
  if (e == NULL) {
    size_t n = 0;
    uint8_t *der = build_cert(s, &n);
    e = cache_put(k.buf, der, n);
  }
  *len = e->len;
  return e->der;
}

char *tt_pem_chain(const tt_cert_spec *specs, size_t n, size_t *len) {
  BIO *b = BIO_new(BIO_s_mem());
  CHECK(b != NULL, "BIO_new");
  for (size_t i = 0; i < n; i++) {
    size_t dlen = 0;
    const uint8_t *der = tt_cert_der(&specs[i], &dlen);
    CHECK(PEM_write_bio(b, "CERTIFICATE", "", der, (long)dlen) > 0,
          "PEM_write_bio");
  }
  char *data = NULL;
  long got = BIO_get_mem_data(b, &data);
  CHECK(got >= 0, "BIO_get_mem_data");
  char *out = xmalloc((size_t)got);
  if (got > 0)
    memcpy(out, data, (size_t)got);
  BIO_free(b);
  *len = (size_t)got;
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

static uint8_t *build_crl(const tt_crl_spec *s, size_t *len) {
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
  CHECK(s->n_revoked <= TT_CRL_MAX_REVOKED, "CRL revoked count");
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
  /* QVL CRL_REQUIRED_EXTENSIONS (tdx.md §6.C.1): CRL Number, AKI */
  if (!s->no_crl_number) {
    static const uint8_t number[] = {0x02, 0x01, 0x01};
    X509_EXTENSION *e = make_ext("2.5.29.20", 0, number, sizeof number);
    CHECK(X509_CRL_add_ext(crl, e, -1) == 1, "CRL Number");
    X509_EXTENSION_free(e);
  }
  if (!s->no_aki) {
    uint8_t v[24];
    aki_value(s->signer, v);
    X509_EXTENSION *e = make_ext("2.5.29.35", 0, v, sizeof v);
    CHECK(X509_CRL_add_ext(crl, e, -1) == 1, "CRL AKI");
    X509_EXTENSION_free(e);
  }
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  CHECK(m != NULL, "EVP_MD_CTX_new");
  CHECK(EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL,
                           tt_key_get(s->signer)) == 1,
        "EVP_DigestSignInit");
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

const uint8_t *tt_crl_der(const tt_crl_spec *s, size_t *len) {
  keybuf k;
  k.off = 0;
  kb_add(&k, "crl;signer=%d;iss=%s;plain=%d;tu=%lld;nu=%lld;nonu=%d;"
             "nonum=%d;noaki=%d;corrupt=%d;rev=",
         (int)s->signer, s->issuer_cn, s->plain_names,
         (long long)s->this_update, (long long)s->next_update,
         s->no_next_update, s->no_crl_number, s->no_aki,
         s->corrupt_signature);
  for (size_t i = 0; i < s->n_revoked && i < TT_CRL_MAX_REVOKED; i++)
    kb_add(&k, "%llu,", (unsigned long long)s->revoked[i]);
  const cache_entry *e = cache_get(k.buf);
  if (e == NULL) {
    size_t n = 0;
    uint8_t *der = build_crl(s, &n);
    e = cache_put(k.buf, der, n);
  }
  *len = e->len;
  return e->der;
}

/* ---- collateral JSON ---- */

static void put_time(tt_buf *b, const char *key, int64_t t) {
  time_t tt = (time_t)t;
  struct tm tm;
  CHECK(gmtime_r(&tt, &tm) != NULL, "gmtime_r");
  char s[32];
  CHECK(strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm) == 20, "strftime");
  tt_buf_printf(b, "\"%s\":\"%s\"", key, s);
}

static void put_hex(tt_buf *b, const char *key, const uint8_t *v, size_t n,
                    int lower) {
  char h[2 * 64 + 1];
  CHECK(n <= 64, "hex field length");
  hex_upper(v, n, lower, h);
  tt_buf_printf(b, "\"%s\":\"%s\"", key, h);
}

static void put_level_tail(tt_buf *b, const char *status, size_t n_adv,
                           const char (*adv)[24]) {
  tt_buf_printf(b, ",\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"%s\"",
                status);
  if (n_adv > 0) {
    tt_buf_printf(b, ",\"advisoryIDs\":[");
    for (size_t i = 0; i < n_adv; i++)
      tt_buf_printf(b, "%s\"%s\"", i ? "," : "", adv[i]);
    tt_buf_printf(b, "]");
  }
}

static void put_isv_levels(tt_buf *b, const tt_isv_level *l, size_t n) {
  tt_buf_printf(b, "\"tcbLevels\":[");
  for (size_t i = 0; i < n; i++) {
    tt_buf_printf(b, "%s{\"tcb\":{\"isvsvn\":%u}", i ? "," : "",
                  (unsigned)l[i].isvsvn);
    put_level_tail(b, l[i].status, l[i].n_adv, l[i].adv);
    tt_buf_printf(b, "}");
  }
  tt_buf_printf(b, "]");
}

/* Component names as in real TCB info bodies (tdx.md §5.2) */
static void put_components(tt_buf *b, const char *key, const uint8_t v[16],
                           int tdx) {
  static const char *const sgx_names[16][2] = {
      {"BIOS", "Early Microcode Update"},
      {"OS/VMM", "SGX Late Microcode Update"},
      {"OS/VMM", "TXT SINIT"},
      {"BIOS", NULL},
      {"BIOS", NULL},
      {"BIOS", NULL},
      {NULL, NULL},
      {"OS/VMM", "SEAMLDR ACM"}};
  static const char *const tdx_names[16][2] = {
      {"OS/VMM", "TDX Module"},
      {"OS/VMM", "TDX Module"},
      {"OS/VMM", "TDX Late Microcode Update"}};
  const char *const(*names)[2] = tdx ? tdx_names : sgx_names;
  tt_buf_printf(b, "\"%s\":[", key);
  for (size_t i = 0; i < 16; i++) {
    tt_buf_printf(b, "%s{\"svn\":%u", i ? "," : "", (unsigned)v[i]);
    if (names[i][0] != NULL)
      tt_buf_printf(b, ",\"category\":\"%s\"", names[i][0]);
    if (names[i][1] != NULL)
      tt_buf_printf(b, ",\"type\":\"%s\"", names[i][1]);
    tt_buf_printf(b, "}");
  }
  tt_buf_printf(b, "]");
}

static tt_isv_level isv_level(uint16_t isvsvn, const char *status) {
  tt_isv_level l;
  memset(&l, 0, sizeof l);
  l.isvsvn = isvsvn;
  set_str(l.status, sizeof l.status, status);
  return l;
}

tt_tcb_info tt_tcb_info_good(void) {
  tt_tcb_info t;
  memset(&t, 0, sizeof t);
  set_str(t.id, sizeof t.id, "TDX");
  t.version = 3;
  t.issue_date = TT_T_TCB_ISSUE;
  t.next_update = TT_T_TCB_NEXT;
  tt_sgx_ext x = tt_sgx_ext_good();
  memcpy(t.fmspc, x.fmspc, 6);
  memcpy(t.pceid, x.pceid, 2);
  t.tcb_type = 0;
  t.eval_number = 17;
  memset(t.mod_mask, 0xff, 8);
  t.has_identities = 1;
  t.n_ids = 2;
  tt_module_id *m = &t.ids[0];
  set_str(m->id, sizeof m->id, "TDX_03");
  memset(m->mask, 0xff, 8);
  m->n_levels = 1;
  m->levels[0] = isv_level(3, "UpToDate");
  m = &t.ids[1];
  set_str(m->id, sizeof m->id, "TDX_01");
  memset(m->mask, 0xff, 8);
  m->n_levels = 2;
  m->levels[0] = isv_level(4, "UpToDate");
  m->levels[1] = isv_level(2, "OutOfDate");
  m->levels[1].n_adv = 1;
  set_str(m->levels[1].adv[0], 24, "INTEL-SA-00837");
  t.n_levels = 2;
  tt_tcb_level *l = &t.levels[0];
  static const uint8_t sgx0[8] = {3, 3, 2, 2, 4, 1, 0, 5};
  static const uint8_t sgx1[8] = {2, 2, 2, 2, 3, 1, 0, 5};
  memcpy(l->sgx, sgx0, 8);
  l->pcesvn = 13;
  l->tdx[0] = 5;
  l->tdx[2] = 2;
  set_str(l->status, sizeof l->status, "UpToDate");
  l = &t.levels[1];
  memcpy(l->sgx, sgx1, 8);
  l->pcesvn = 11;
  l->tdx[0] = 3;
  l->tdx[2] = 2;
  set_str(l->status, sizeof l->status, "OutOfDate");
  l->n_adv = 2;
  set_str(l->adv[0], 24, "INTEL-SA-00960");
  set_str(l->adv[1], 24, "INTEL-SA-00982");
  t.signer = TT_KEY_TCB;
  return t;
}

void tt_tcb_info_object(const tt_tcb_info *t, tt_buf *b) {
  tt_buf_printf(b, "{\"id\":\"%s\",\"version\":%u,", t->id, t->version);
  put_time(b, "issueDate", t->issue_date);
  tt_buf_printf(b, ",");
  put_time(b, "nextUpdate", t->next_update);
  tt_buf_printf(b, ",");
  put_hex(b, "fmspc", t->fmspc, 6, t->fmspc_lower);
  tt_buf_printf(b, ",");
  put_hex(b, "pceId", t->pceid, 2, 0);
  tt_buf_printf(b, ",\"tcbType\":%u,\"tcbEvaluationDataNumber\":%u,",
                t->tcb_type, t->eval_number);
  tt_buf_printf(b, "\"tdxModule\":{");
  put_hex(b, "mrsigner", t->mod_mrsigner, 48, 0);
  tt_buf_printf(b, ",");
  put_hex(b, "attributes", t->mod_attributes, 8, 0);
  tt_buf_printf(b, ",");
  put_hex(b, "attributesMask", t->mod_mask, 8, 0);
  tt_buf_printf(b, "},");
  if (t->has_identities) {
    tt_buf_printf(b, "\"tdxModuleIdentities\":[");
    for (size_t i = 0; i < t->n_ids; i++) {
      const tt_module_id *m = &t->ids[i];
      tt_buf_printf(b, "%s{\"id\":\"%s\",", i ? "," : "", m->id);
      put_hex(b, "mrsigner", m->mrsigner, 48, 0);
      tt_buf_printf(b, ",");
      put_hex(b, "attributes", m->attributes, 8, 0);
      tt_buf_printf(b, ",");
      put_hex(b, "attributesMask", m->mask, 8, 0);
      tt_buf_printf(b, ",");
      put_isv_levels(b, m->levels, m->n_levels);
      tt_buf_printf(b, "}");
    }
    tt_buf_printf(b, "],");
  }
  tt_buf_printf(b, "\"tcbLevels\":[");
  for (size_t i = 0; i < t->n_levels; i++) {
    const tt_tcb_level *l = &t->levels[i];
    tt_buf_printf(b, "%s{\"tcb\":{", i ? "," : "");
    put_components(b, "sgxtcbcomponents", l->sgx, 0);
    tt_buf_printf(b, ",\"pcesvn\":%u,", (unsigned)l->pcesvn);
    put_components(b, "tdxtcbcomponents", l->tdx, 1);
    tt_buf_printf(b, "}");
    put_level_tail(b, l->status, l->n_adv, l->adv);
    tt_buf_printf(b, "}");
  }
  tt_buf_printf(b, "]}");
}

static char *signed_body(const char *member, const tt_buf *obj, tt_key signer,
                         int corrupt, size_t *len) {
  uint8_t sig[64];
  tt_sign_raw(signer, obj->p, obj->len, sig);
  if (corrupt)
    sig[63] ^= 0x01;
  char hex[129];
  hex_upper(sig, 64, 1, hex);
  tt_buf b = {0};
  tt_buf_printf(&b, "{\"%s\":", member);
  tt_buf_put(&b, obj->p, obj->len);
  tt_buf_printf(&b, ",\"signature\":\"%s\"}", hex);
  *len = b.len;
  return (char *)b.p; /* NUL-terminated by tt_buf_put */
}

char *tt_tcb_info_json(const tt_tcb_info *t, size_t *len) {
  tt_buf obj = {0};
  tt_tcb_info_object(t, &obj);
  char *out = signed_body("tcbInfo", &obj, t->signer, t->corrupt_signature,
                          len);
  tt_buf_free(&obj);
  return out;
}

tt_qe_identity tt_qe_identity_good(void) {
  tt_qe_identity q;
  memset(&q, 0, sizeof q);
  set_str(q.id, sizeof q.id, "TD_QE");
  q.version = 2;
  q.issue_date = TT_T_QE_ISSUE;
  q.next_update = TT_T_QE_NEXT;
  q.eval_number = 17;
  memset(q.miscselect_mask, 0xff, 4);
  q.attributes[0] = 0x11;
  memset(q.attributes_mask, 0xff, 8);
  q.attributes_mask[0] = 0xfb;
  static const uint8_t mrsigner[32] = {
      0xDC, 0x9E, 0x2A, 0x7C, 0x6F, 0x94, 0x8F, 0x17, 0x47, 0x4E, 0x34,
      0xA7, 0xFC, 0x43, 0xED, 0x03, 0x0F, 0x7C, 0x15, 0x63, 0xF1, 0xBA,
      0xBD, 0xDF, 0x63, 0x40, 0xC8, 0x2E, 0x0E, 0x54, 0xA8, 0xC5};
  memcpy(q.mrsigner, mrsigner, 32);
  q.isvprodid = 2;
  q.n_levels = 1;
  q.levels[0] = isv_level(4, "UpToDate");
  q.signer = TT_KEY_TCB;
  return q;
}

void tt_qe_identity_object(const tt_qe_identity *q, tt_buf *b) {
  tt_buf_printf(b, "{\"id\":\"%s\",\"version\":%u,", q->id, q->version);
  put_time(b, "issueDate", q->issue_date);
  tt_buf_printf(b, ",");
  put_time(b, "nextUpdate", q->next_update);
  tt_buf_printf(b, ",\"tcbEvaluationDataNumber\":%u,", q->eval_number);
  put_hex(b, "miscselect", q->miscselect, 4, 0);
  tt_buf_printf(b, ",");
  put_hex(b, "miscselectMask", q->miscselect_mask, 4, 0);
  tt_buf_printf(b, ",");
  put_hex(b, "attributes", q->attributes, 16, 0);
  tt_buf_printf(b, ",");
  put_hex(b, "attributesMask", q->attributes_mask, 16, 0);
  tt_buf_printf(b, ",");
  put_hex(b, "mrsigner", q->mrsigner, 32, 0);
  tt_buf_printf(b, ",\"isvprodid\":%u,", q->isvprodid);
  put_isv_levels(b, q->levels, q->n_levels);
  tt_buf_printf(b, "}");
}

char *tt_qe_identity_json(const tt_qe_identity *q, size_t *len) {
  tt_buf obj = {0};
  tt_qe_identity_object(q, &obj);
  char *out = signed_body("enclaveIdentity", &obj, q->signer,
                          q->corrupt_signature, len);
  tt_buf_free(&obj);
  return out;
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
  return q->version == 5 ? 54 : 48;
}

static size_t body_len(const tt_quote_spec *q) {
  return q->version == 5 && q->body_type == 3 ? TDX_BODY15_SIZE
                                              : TDX_BODY10_SIZE;
}

size_t tt_quote_signed_len(const tt_quote_spec *q) {
  return tt_quote_body_off(q) + body_len(q);
}

size_t tt_quote_sig_data_off(const tt_quote_spec *q) {
  return tt_quote_signed_len(q) + 4;
}

uint8_t *tt_quote_build(const tt_quote_spec *q, size_t *len) {
  tt_buf b = {0};
  /* header (§1.2) */
  put_u16(&b, q->version);
  put_u16(&b, q->att_key_type);
  put_u32(&b, q->tee_type);
  tt_buf_put(&b, q->header_reserved, 4);
  tt_buf_put(&b, q->qe_vendor, 16);
  tt_buf_put(&b, q->user_data, 20);
  /* v5 body descriptor (§2) */
  if (q->version == 5) {
    put_u16(&b, q->body_type);
    put_u32(&b, q->body_size_set ? q->body_size : (uint32_t)body_len(q));
  }
  tt_buf_put(&b, q->body, body_len(q));
  size_t signed_len = b.len;
  CHECK(signed_len == tt_quote_signed_len(q), "signed length");
  uint8_t quote_sig[64];
  tt_sign_raw(q->attest_key, b.p, signed_len, quote_sig);
  if (q->corrupt_quote_sig)
    quote_sig[63] ^= 0x01;

  uint8_t key[64], bind[64];
  if (q->attest_raw_set) {
    memcpy(key, q->attest_raw, 64);
    memcpy(bind, q->attest_raw, 64);
  } else {
    tt_key_xy(q->attest_key, key);
    tt_key_xy(q->binding_key, bind);
  }
  /* QE report data: SHA-256(attestation key || QE auth data) || zeros
   * (§1.6 item 3) */
  uint8_t report[TDX_QE_REPORT_SIZE];
  memcpy(report, q->qe_report, sizeof report);
  CHECK(q->qe_auth_len <= sizeof q->qe_auth, "QE auth length");
  if (!q->keep_qe_report_data) {
    uint8_t m[64 + 64];
    memcpy(m, bind, 64);
    memcpy(m + 64, q->qe_auth, q->qe_auth_len);
    sha256(m, 64 + q->qe_auth_len, report + TT_QE_REPORT_DATA);
    memset(report + TT_QE_REPORT_DATA + 32, q->qe_rd_tail, 32);
  }
  uint8_t qe_sig[64];
  tt_sign_raw(q->qe_signer, report, sizeof report, qe_sig);
  if (q->corrupt_qe_sig)
    qe_sig[63] ^= 0x01;

  /* QE report certification data (§1.4) */
  tt_buf cd = {0};
  tt_buf_put(&cd, report, sizeof report);
  tt_buf_put(&cd, qe_sig, 64);
  put_u16(&cd, (uint16_t)q->qe_auth_len);
  tt_buf_put(&cd, q->qe_auth, q->qe_auth_len);
  put_u16(&cd, q->inner_type);
  size_t inner = q->pck_chain_len + (q->chain_nul ? 1 : 0);
  put_u32(&cd, (uint32_t)((long long)inner + q->inner_size_delta));
  tt_buf_put(&cd, q->pck_chain, q->pck_chain_len);
  if (q->chain_nul) {
    static const uint8_t nul = 0;
    tt_buf_put(&cd, &nul, 1);
  }
  /* signature data */
  tt_buf sd = {0};
  tt_buf_put(&sd, quote_sig, 64);
  tt_buf_put(&sd, key, 64);
  put_u16(&sd, q->cert_type);
  put_u32(&sd, (uint32_t)((long long)cd.len + q->cert_size_delta));
  tt_buf_put(&sd, cd.p, cd.len);
  put_u32(&b, (uint32_t)((long long)sd.len + q->sig_len_delta));
  tt_buf_put(&b, sd.p, sd.len);
  for (size_t i = 0; i < q->trailing; i++) {
    static const uint8_t zero = 0;
    tt_buf_put(&b, &zero, 1);
  }
  tt_buf_free(&cd);
  tt_buf_free(&sd);
  /* an exact-size copy, so an over-read shows under ASan and valgrind */
  uint8_t *out = xmalloc(b.len);
  memcpy(out, b.p, b.len);
  *len = b.len;
  tt_buf_free(&b);
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
