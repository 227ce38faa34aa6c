/* The simulated Intel PKI of tdx_pki.h: byte buffers, a tiny DER writer,
 * keys, the PCK SGX extension, certificates and CRLs (OpenSSL 3 EVP / X509
 * APIs only). Encodings from spec/tdx.md §4.2 (SGX extension), §4.3 (names,
 * validity, extensions, checked against the real PEMs in
 * ../shared/real/tdx), §6.C.1 (CRL Number and AKI). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"
#include "tdx_pki.h"

/* ---- bytes ---- */

void sim_buf_put(sim_buf *b, const void *p, size_t n) {
  if (b->failed)
    return;
  if (n > SIZE_MAX / 2 - b->len - 1) {
    b->failed = 1;
    return;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    uint8_t *q = realloc(b->p, cap);
    if (q == NULL) {
      b->failed = 1;
      return;
    }
    b->p = q;
    b->cap = cap;
  }
  if (n > 0)
    memcpy(b->p + b->len, p, n);
  b->len += n;
  b->p[b->len] = 0;
}

void sim_buf_printf(sim_buf *b, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    b->failed = 1;
    return;
  }
  sim_buf_put(b, tmp, (size_t)n);
}

void sim_buf_u16(sim_buf *b, uint16_t v) {
  uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
  sim_buf_put(b, x, 2);
}

void sim_buf_u32(sim_buf *b, uint32_t v) {
  uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                  (uint8_t)(v >> 24)};
  sim_buf_put(b, x, 4);
}

int sim_buf_check(const sim_buf *b, contrast_err *err) {
  ENSURE(!b->failed, E_NOMEM, "out of memory (or a field too long)");
  return 0;
}

void sim_buf_free(sim_buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

void sim_hex(const uint8_t *b, size_t n, int lower, char *out) {
  contrast_hex_encode(b, n, out);
  for (size_t i = 0; !lower && i < 2 * n; i++)
    out[i] = (char)toupper((unsigned char)out[i]);
}


int sim_write_file(const char *path, const uint8_t *data, size_t len,
                   contrast_err *err) {
  FILE *f = fopen(path, "wb");
  ENSURE(f != NULL, E_IO, "%s: %s", path, strerror(errno));
  int ok = (len == 0 || fwrite(data, 1, len, f) == len);
  ok &= fclose(f) == 0;
  ENSURE(ok, E_IO, "%s: write failed", path);
  return 0;
}

/* ---- DER ---- */

void sim_der_tlv(sim_buf *b, uint8_t tag, const uint8_t *v, size_t n) {
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
  } else if (n < 0x1000000) {
    h[hl++] = 0x83;
    h[hl++] = (uint8_t)(n >> 16);
    h[hl++] = (uint8_t)(n >> 8);
    h[hl++] = (uint8_t)n;
  } else {
    b->failed = 1;
    return;
  }
  sim_buf_put(b, h, hl);
  sim_buf_put(b, v, n);
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

void sim_der_uint(sim_buf *b, uint64_t v) {
  uint8_t c[9];
  size_t n = uint_content(v, c);
  sim_der_tlv(b, SIM_TAG_INTEGER, c, n);
}

static void oid_arc(sim_buf *b, unsigned v) {
  uint8_t t[5];
  size_t n = 0;
  do {
    t[n++] = (uint8_t)(v & 0x7f);
    v >>= 7;
  } while (v != 0);
  for (size_t i = n; i-- > 0;) {
    uint8_t x = (uint8_t)(t[i] | (i > 0 ? 0x80 : 0));
    sim_buf_put(b, &x, 1);
  }
}

void sim_der_sgx_oid(sim_buf *b, unsigned a, unsigned sub) {
  /* 1.2.840.113741.1.13.1 (tdx.md §4.2) */
  static const unsigned prefix[] = {840, 113741, 1, 13, 1};
  sim_buf c = {0};
  uint8_t first = 42; /* 1.2 */
  sim_buf_put(&c, &first, 1);
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(prefix); i++)
    oid_arc(&c, prefix[i]);
  oid_arc(&c, a);
  if (sub != 0)
    oid_arc(&c, sub);
  if (c.failed)
    b->failed = 1;
  sim_der_tlv(b, SIM_TAG_OID, c.p, c.len);
  sim_buf_free(&c);
}

/* SEQUENCE { OID sgx.a[.sub], value } */
static void sgx_entry(sim_buf *out, unsigned a, unsigned sub, uint8_t tag,
                      const uint8_t *v, size_t n) {
  sim_buf e = {0};
  sim_der_sgx_oid(&e, a, sub);
  sim_der_tlv(&e, tag, v, n);
  if (e.failed)
    out->failed = 1;
  sim_der_tlv(out, SIM_TAG_SEQ, e.p, e.len);
  sim_buf_free(&e);
}

/* ---- the SGX extension ---- */

sim_tdx_sgx_ext sim_tdx_sgx_ext_default(void) {
  sim_tdx_sgx_ext x;
  memset(&x, 0, sizeof x);
  for (size_t i = 0; i < 16; i++)
    x.ppid[i] = (uint8_t)(0x3c + 29 * i);
  static const uint8_t comp[8] = {4, 4, 2, 2, 3, 1, 0, 5};
  memcpy(x.comp, comp, sizeof comp);
  x.pcesvn = 13;
  memcpy(x.cpusvn, comp, sizeof comp); /* as real PCKs: CPUSVN = comps */
  static const uint8_t fmspc[6] = {0x90, 0xC0, 0x6F, 0x00, 0x00, 0x00};
  memcpy(x.fmspc, fmspc, 6);
  x.sgx_type = 1;
  x.platform = 1;
  for (size_t i = 0; i < 16; i++)
    x.piid[i] = (uint8_t)(0xa5 ^ (11 * i));
  x.dynamic_platform = 1;
  x.cached_keys = 0;
  x.smt_enabled = 1;
  return x;
}

typedef struct ent_faults {
  uint32_t omit;
  unsigned dup, wrong_tag;
  uint8_t wrong_tag_value;
} ent_faults;

static void faulty_entry(sim_buf *out, const ent_faults *f, unsigned a,
                         unsigned sub, uint8_t tag, const uint8_t *v,
                         size_t n) {
  unsigned idx = sub != 0 ? sub : a;
  if (idx < 32 && (f->omit & (1u << idx)))
    return;
  if (f->wrong_tag == idx)
    tag = f->wrong_tag_value;
  for (int i = 0; i < (f->dup == idx ? 2 : 1); i++)
    sgx_entry(out, a, sub, tag, v, n);
}

/* An OCTET STRING value n bytes long, or one byte shorter / longer. */
static size_t resized(const uint8_t *v, size_t n, int by, uint8_t out[40]) {
  memset(out, 0, 40);
  if (by < -1 || by > 1 || n + 1 > 40)
    by = 0;
  size_t m = by < 0 ? n - 1 : n + (size_t)by;
  memcpy(out, v, by < 0 ? m : n);
  return m;
}

void sim_tdx_sgx_ext_der(const sim_tdx_sgx_ext *x, sim_buf *out) {
  sim_buf top = {0}, tcb = {0}, cfg = {0};
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
    if (x->tcb_raw == i && x->tcb_raw_len <= sizeof x->tcb_raw_val) {
      memcpy(c, x->tcb_raw_val, x->tcb_raw_len);
      n = x->tcb_raw_len;
    }
    faulty_entry(&tcb, &ftcb, 2, i, SIM_TAG_INTEGER, c, n);
  }
  n = resized(x->cpusvn, 16, x->tcb_resize == 18 ? x->tcb_resize_by : 0, r);
  faulty_entry(&tcb, &ftcb, 2, 18, SIM_TAG_OCTETS, r, n);
  if (x->tcb_extra != 0) {
    static const uint8_t zero = 0;
    sgx_entry(&tcb, 2, x->tcb_extra, SIM_TAG_INTEGER, &zero, 1);
  }
  n = resized(x->ppid, 16, x->resize == 1 ? x->resize_by : 0, r);
  faulty_entry(&top, &ft, 1, 0, SIM_TAG_OCTETS, r, n);
  faulty_entry(&top, &ft, 2, 0, SIM_TAG_SEQ, tcb.p, tcb.len);
  n = resized(x->pceid, 2, x->resize == 3 ? x->resize_by : 0, r);
  faulty_entry(&top, &ft, 3, 0, SIM_TAG_OCTETS, r, n);
  n = resized(x->fmspc, 6, x->resize == 4 ? x->resize_by : 0, r);
  faulty_entry(&top, &ft, 4, 0, SIM_TAG_OCTETS, r, n);
  n = uint_content(x->sgx_type, c);
  faulty_entry(&top, &ft, 5, 0, SIM_TAG_ENUM, c, n);
  if (x->platform) {
    n = resized(x->piid, 16, x->resize == 6 ? x->resize_by : 0, r);
    faulty_entry(&top, &ft, 6, 0, SIM_TAG_OCTETS, r, n);
    const int flags[3] = {x->dynamic_platform, x->cached_keys,
                          x->smt_enabled};
    for (unsigned i = 1; i <= 3; i++) {
      uint8_t v = flags[i - 1] ? 0xff : 0x00;
      if (i == 1 && x->config_bool_raw != 0)
        v = (uint8_t)x->config_bool_raw;
      faulty_entry(&cfg, &fcfg, 7, i, SIM_TAG_BOOLEAN, &v, 1);
    }
    if (x->config_extra != 0) {
      static const uint8_t t = 0xff;
      sgx_entry(&cfg, 7, x->config_extra, SIM_TAG_BOOLEAN, &t, 1);
    }
    faulty_entry(&top, &ft, 7, 0, SIM_TAG_SEQ, cfg.p, cfg.len);
  }
  if (x->extra != 0) {
    static const uint8_t v[2] = {0xab, 0xcd};
    sgx_entry(&top, x->extra, 0, SIM_TAG_OCTETS, v, 2);
  }
  if (top.failed || tcb.failed || cfg.failed)
    out->failed = 1;
  sim_der_tlv(out, SIM_TAG_SEQ, top.p, top.len);
  sim_buf_free(&top);
  sim_buf_free(&tcb);
  sim_buf_free(&cfg);
}

/* ---- the context: keys and the DER cache ---- */

typedef struct cache_entry {
  char *key;
  uint8_t *der;
  size_t len;
  struct cache_entry *next;
} cache_entry;

struct sim_tdx_pki {
  EVP_PKEY *keys[SIM_TDX_KEY_COUNT_];
  cache_entry *cache;
};

sim_tdx_pki *sim_tdx_pki_new(void) { return calloc(1, sizeof(sim_tdx_pki)); }

void sim_tdx_pki_free(sim_tdx_pki *pki) {
  if (pki == NULL)
    return;
  while (pki->cache != NULL) {
    cache_entry *n = pki->cache->next;
    free(pki->cache->key);
    free(pki->cache->der);
    free(pki->cache);
    pki->cache = n;
  }
  for (int i = 0; i < SIM_TDX_KEY_COUNT_; i++)
    EVP_PKEY_free(pki->keys[i]);
  free(pki);
}

static int key_id_ok(sim_tdx_key id) {
  return id > SIM_TDX_KEY_NONE && id < SIM_TDX_KEY_COUNT_;
}

int sim_tdx_pki_set_key(sim_tdx_pki *pki, sim_tdx_key id, EVP_PKEY *k,
                        contrast_err *err) {
  ENSURE(key_id_ok(id), E_USAGE, "no such TDX key id %d", (int)id);
  ENSURE(EVP_PKEY_up_ref(k) == 1, E_CRYPTO, "EVP_PKEY_up_ref failed");
  EVP_PKEY_free(pki->keys[id]);
  pki->keys[id] = k;
  return 0;
}

int sim_tdx_pki_key(sim_tdx_pki *pki, sim_tdx_key id, EVP_PKEY **out,
                    contrast_err *err) {
  ENSURE(key_id_ok(id), E_USAGE, "no such TDX key id %d", (int)id);
  if (pki->keys[id] == NULL) {
    pki->keys[id] = EVP_EC_gen(id == SIM_TDX_KEY_P384 ? "P-384" : "P-256");
    ENSURE(pki->keys[id] != NULL, E_CRYPTO, "cannot generate an EC key");
  }
  *out = pki->keys[id];
  return 0;
}

static int encoded_point(EVP_PKEY *k, uint8_t *pt, size_t cap, size_t *len,
                         contrast_err *err) {
  ENSURE(EVP_PKEY_get_octet_string_param(
             k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pt, cap, len) == 1,
         E_CRYPTO, "cannot read an EC public point");
  return 0;
}

int sim_tdx_pki_key_xy(sim_tdx_pki *pki, sim_tdx_key id, uint8_t xy[64],
                       contrast_err *err) {
  EVP_PKEY *k = NULL;
  GUARD(sim_tdx_pki_key(pki, id, &k, err));
  uint8_t pt[133];
  size_t len = 0;
  GUARD(encoded_point(k, pt, sizeof pt, &len, err));
  ENSURE(len == 65 && pt[0] == 0x04, E_USAGE,
         "TDX key %d is not an uncompressed P-256 point", (int)id);
  memcpy(xy, pt + 1, 64);
  return 0;
}

int sim_tdx_sign_raw(sim_tdx_pki *pki, sim_tdx_key id, const uint8_t *msg,
                     size_t len, uint8_t sig[64], contrast_err *err) {
  EVP_PKEY *k = NULL;
  GUARD(sim_tdx_pki_key(pki, id, &k, err));
  AUTO_MD_CTX EVP_MD_CTX *m = EVP_MD_CTX_new();
  uint8_t der[160];
  size_t dlen = sizeof der;
  ENSURE(m != NULL &&
             EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, k) == 1 &&
             EVP_DigestSign(m, der, &dlen, msg, len) == 1,
         E_CRYPTO, "ECDSA signing failed");
  const unsigned char *p = der;
  AUTO_ECDSA_SIG ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
  ENSURE(es != NULL, E_CRYPTO, "cannot decode an ECDSA signature");
  const BIGNUM *r = NULL, *s = NULL;
  ECDSA_SIG_get0(es, &r, &s);
  ENSURE(BN_bn2binpad(r, sig, 32) == 32 && BN_bn2binpad(s, sig + 32, 32) == 32,
         E_USAGE, "TDX key %d does not make P-256 signatures", (int)id);
  return 0;
}

/* SHA-1 of the public point: the key identifier of RFC 5280 4.2.1.2 (1). */
static int key_ident(sim_tdx_pki *pki, sim_tdx_key id, uint8_t out[20],
                     contrast_err *err) {
  EVP_PKEY *k = NULL;
  GUARD(sim_tdx_pki_key(pki, id, &k, err));
  return sim_key_id(k, out, err);
}

static const cache_entry *cache_get(const sim_tdx_pki *pki, const char *key) {
  for (const cache_entry *e = pki->cache; e != NULL; e = e->next)
    if (strcmp(e->key, key) == 0)
      return e;
  return NULL;
}

/* Insert (or replace) key -> a copy of der. */
static int cache_put(sim_tdx_pki *pki, const char *key, const uint8_t *der,
                     size_t len, const cache_entry **out, contrast_err *err) {
  for (cache_entry *e = pki->cache; e != NULL; e = e->next) {
    if (strcmp(e->key, key) == 0) {
      uint8_t *d = malloc(len == 0 ? 1 : len);
      ENSURE_ALLOC(d);
      memcpy(d, der, len);
      free(e->der);
      e->der = d;
      e->len = len;
      *out = e;
      return 0;
    }
  }
  cache_entry *e = calloc(1, sizeof *e);
  ENSURE_ALLOC(e);
  e->key = strdup(key);
  e->der = malloc(len == 0 ? 1 : len);
  if (e->key == NULL || e->der == NULL) {
    free(e->key);
    free(e->der);
    free(e);
    BAIL(E_NOMEM, "out of memory");
  }
  memcpy(e->der, der, len);
  e->len = len;
  e->next = pki->cache;
  pki->cache = e;
  *out = e;
  return 0;
}

/* ---- certificates ---- */

static int make_name(const char *cn, int plain, X509_NAME **out,
                     contrast_err *err) {
  /* Intel's order (tdx.md §4.3): CN, O, L, ST, C */
  static const char *const fields[][2] = {{"O", "Intel Corporation"},
                                          {"L", "Santa Clara"},
                                          {"ST", "CA"},
                                          {"C", "US"}};
  X509_NAME *n = X509_NAME_new();
  ENSURE_ALLOC(n);
  int ok = X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
                                      (const unsigned char *)cn, -1, -1,
                                      0) == 1;
  for (size_t i = 0; ok && !plain && i < CONTRAST_ARRAY_LEN(fields); i++)
    ok = X509_NAME_add_entry_by_txt(n, fields[i][0], MBSTRING_ASC,
                                    (const unsigned char *)fields[i][1], -1,
                                    -1, 0) == 1;
  if (!ok) {
    X509_NAME_free(n);
    BAIL(E_CRYPTO, "cannot build the name CN=%s", cn);
  }
  *out = n;
  return 0;
}

/* AuthorityKeyIdentifier: SEQUENCE { [0] keyIdentifier } */
static int aki_value(sim_tdx_pki *pki, sim_tdx_key signer, uint8_t out[24],
                     contrast_err *err) {
  uint8_t id[20];
  GUARD(key_ident(pki, signer, id, err));
  out[0] = 0x30;
  out[1] = 22;
  out[2] = 0x80;
  out[3] = 20;
  memcpy(out + 4, id, 20);
  return 0;
}

/* CRLDistributionPoints { DistributionPoint { [0] { [0] fullName { [6] URI
 * } } } }, as in Intel's certificates. */
static void crl_dp_value(const char *uri, sim_buf *out) {
  sim_buf a = {0}, b = {0};
  sim_der_tlv(&a, 0x86, (const uint8_t *)uri, strlen(uri));
  sim_der_tlv(&b, 0xa0, a.p, a.len); /* fullName */
  a.len = 0;
  sim_der_tlv(&a, 0xa0, b.p, b.len); /* distributionPoint */
  b.len = 0;
  sim_der_tlv(&b, SIM_TAG_SEQ, a.p, a.len); /* DistributionPoint */
  if (a.failed || b.failed)
    out->failed = 1;
  sim_der_tlv(out, SIM_TAG_SEQ, b.p, b.len);
  sim_buf_free(&a);
  sim_buf_free(&b);
}

static int set_time(X509 *x, X509_CRL *crl, int which, int64_t t,
                    contrast_err *err) {
  /* UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5) */
  ASN1_TIME *a = ASN1_TIME_set(NULL, (time_t)t);
  ENSURE(a != NULL, E_CRYPTO, "cannot encode the time %lld", (long long)t);
  int ok;
  if (x != NULL)
    ok = which == 0 ? X509_set1_notBefore(x, a) : X509_set1_notAfter(x, a);
  else
    ok = which == 0 ? X509_CRL_set1_lastUpdate(crl, a)
                    : X509_CRL_set1_nextUpdate(crl, a);
  ASN1_TIME_free(a);
  ENSURE(ok == 1, E_CRYPTO, "cannot set a time");
  return 0;
}

static int set_serial(X509 *x, X509_REVOKED *r, uint64_t serial,
                      contrast_err *err) {
  ASN1_INTEGER *sn = ASN1_INTEGER_new();
  int ok = sn != NULL && ASN1_INTEGER_set_uint64(sn, serial) == 1 &&
           (x != NULL ? X509_set_serialNumber(x, sn) == 1
                      : X509_REVOKED_set_serialNumber(r, sn) == 1);
  ASN1_INTEGER_free(sn);
  ENSURE(ok, E_CRYPTO, "cannot set a serial number");
  return 0;
}

static int sign_ctx(sim_tdx_pki *pki, sim_tdx_key signer, int sha384,
                    X509 *x, X509_CRL *crl, contrast_err *err) {
  EVP_PKEY *k = NULL;
  GUARD(sim_tdx_pki_key(pki, signer, &k, err));
  AUTO_MD_CTX EVP_MD_CTX *m = EVP_MD_CTX_new();
  ENSURE(m != NULL &&
             EVP_DigestSignInit(m, NULL, sha384 ? EVP_sha384() : EVP_sha256(),
                                NULL, k) == 1,
         E_CRYPTO, "EVP_DigestSignInit failed");
  ENSURE((x != NULL ? X509_sign_ctx(x, m) : X509_CRL_sign_ctx(crl, m)) > 0,
         E_CRYPTO, "signing failed");
  return 0;
}

static int cert_extensions(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                           X509 *x, contrast_err *err) {
  uint8_t v[24];
  /* Intel's order: AKI, CRL DP, SKI, KeyUsage, BasicConstraints, SGX */
  if (s->role != SIM_TDX_ROLE_ROOT || s->root_aki) {
    GUARD(aki_value(pki, s->signer, v, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.35", 0, v, 24, err));
  }
  if (s->crl_dp[0] != '\0') {
    sim_buf dp = {0};
    crl_dp_value(s->crl_dp, &dp);
    int rc = sim_buf_check(&dp, err);
    if (rc == 0)
      rc = sim_add_ext(x, NULL, "2.5.29.31", 0, dp.p, dp.len, err);
    sim_buf_free(&dp);
    GUARD(rc);
  }
  uint8_t id[20];
  GUARD(key_ident(pki, s->key, id, err));
  v[0] = 0x04;
  v[1] = 20;
  memcpy(v + 2, id, 20);
  GUARD(sim_add_ext(x, NULL, "2.5.29.14", 0, v, 22, err));
  /* KeyUsage and BasicConstraints as Intel's (tdx.md §4.1, §4.3) */
  static const uint8_t ku_ca[] = {0x03, 0x02, 0x01, 0x06}; /* certSign, cRLSign */
  static const uint8_t ku_ee[] = {0x03, 0x02, 0x06, 0xc0}; /* dS, nR */
  static const uint8_t bc_root[] = {0x30, 0x06, 0x01, 0x01,
                                    0xff, 0x02, 0x01, 0x01};
  static const uint8_t bc_ca[] = {0x30, 0x06, 0x01, 0x01,
                                  0xff, 0x02, 0x01, 0x00};
  static const uint8_t bc_ee[] = {0x30, 0x00};
  switch (s->role) {
  case SIM_TDX_ROLE_ROOT:
    GUARD(sim_add_ext(x, NULL, "2.5.29.15", 1, ku_ca, sizeof ku_ca, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.19", 1, bc_root, sizeof bc_root, err));
    break;
  case SIM_TDX_ROLE_CA:
    GUARD(sim_add_ext(x, NULL, "2.5.29.15", 1, ku_ca, sizeof ku_ca, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.19", 1, bc_ca, sizeof bc_ca, err));
    break;
  case SIM_TDX_ROLE_PCK:
  case SIM_TDX_ROLE_SIGNER:
    GUARD(sim_add_ext(x, NULL, "2.5.29.15", 1, ku_ee, sizeof ku_ee, err));
    GUARD(sim_add_ext(x, NULL, "2.5.29.19", 1, bc_ee, sizeof bc_ee, err));
    break;
  }
  if (s->role == SIM_TDX_ROLE_PCK && !s->no_sgx_ext) {
    sim_buf ext = {0};
    sim_tdx_sgx_ext_der(&s->ext, &ext);
    int rc = sim_buf_check(&ext, err);
    for (int i = 0; rc == 0 && i < (s->dup_sgx_ext ? 2 : 1); i++)
      rc = sim_add_ext(x, NULL, "1.2.840.113741.1.13.1", 0, ext.p, ext.len, err);
    sim_buf_free(&ext);
    GUARD(rc);
  }
  return 0;
}

static int build_cert_x509(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                           X509 *x, contrast_err *err) {
  EVP_PKEY *k = NULL;
  GUARD(sim_tdx_pki_key(pki, s->key, &k, err));
  ENSURE(X509_set_version(x, 2) == 1, E_CRYPTO, "X509_set_version failed");
  GUARD(set_serial(x, NULL, s->serial, err));
  X509_NAME *subj = NULL, *iss = NULL;
  GUARD(make_name(s->subject_cn, s->plain_names, &subj, err));
  if (make_name(s->issuer_cn, s->plain_names, &iss, err) != 0) {
    X509_NAME_free(subj);
    return -1;
  }
  int ok = X509_set_subject_name(x, subj) == 1 &&
           X509_set_issuer_name(x, iss) == 1;
  X509_NAME_free(subj);
  X509_NAME_free(iss);
  ENSURE(ok, E_CRYPTO, "cannot set the names");
  GUARD(set_time(x, NULL, 0, s->not_before, err));
  GUARD(set_time(x, NULL, 1, s->not_after, err));
  ENSURE(X509_set_pubkey(x, k) == 1, E_CRYPTO, "X509_set_pubkey failed");
  GUARD(cert_extensions(pki, s, x, err));
  return sign_ctx(pki, s->signer, s->sig_sha384, x, NULL, err);
}

static int build_cert(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                      uint8_t **der, size_t *len, contrast_err *err) {
  AUTO_X509 X509 *x = X509_new();
  ENSURE_ALLOC(x);
  GUARD(build_cert_x509(pki, s, x, err));
  GUARD(sim_x509_der(x, der, len, err));
  /* the signature (inside the BIT STRING) ends the certificate */
  if (s->corrupt_signature)
    (*der)[*len - 1] ^= 0x01;
  return 0;
}

/* ---- cache keys: every field of a spec, as text ---- */

typedef struct keybuf {
  char buf[8192];
  size_t off;
  int overflow;
} keybuf;

__attribute__((format(printf, 2, 3))) static void kb_add(keybuf *k,
                                                         const char *fmt,
                                                         ...) {
  if (k->overflow)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(k->buf + k->off, sizeof k->buf - k->off, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof k->buf - k->off) {
    k->overflow = 1;
    return;
  }
  k->off += (size_t)n;
}

static void kb_hex(keybuf *k, const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    kb_add(k, "%02x", b[i]);
  kb_add(k, ";");
}

static int cert_key(const sim_tdx_cert_spec *s, keybuf *k,
                    contrast_err *err) {
  k->off = 0;
  k->overflow = 0;
  k->buf[0] = '\0';
  kb_add(k, "cert;role=%d;key=%d;signer=%d;serial=%llu;subj=%s;iss=%s;"
            "plain=%d;nb=%lld;na=%lld;noext=%d;dup=%d;sha384=%d;corrupt=%d;"
            "dp=%s;raki=%d;",
         (int)s->role, (int)s->key, (int)s->signer,
         (unsigned long long)s->serial, s->subject_cn, s->issuer_cn,
         s->plain_names, (long long)s->not_before, (long long)s->not_after,
         s->no_sgx_ext, s->dup_sgx_ext, s->sig_sha384, s->corrupt_signature,
         s->crl_dp, s->root_aki);
  if (s->role == SIM_TDX_ROLE_PCK) {
    sim_buf ext = {0};
    sim_tdx_sgx_ext_der(&s->ext, &ext);
    kb_add(k, "ext=");
    kb_hex(k, ext.p, ext.len);
    int failed = ext.failed;
    sim_buf_free(&ext);
    ENSURE(!failed, E_NOMEM, "out of memory");
  }
  ENSURE(!k->overflow, E_INTERNAL, "certificate spec key too long");
  return 0;
}

int sim_tdx_cert_der(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                     const uint8_t **der, size_t *len, contrast_err *err) {
  keybuf k;
  GUARD(cert_key(s, &k, err));
  const cache_entry *e = cache_get(pki, k.buf);
  if (e == NULL) {
    uint8_t *d = NULL;
    size_t n = 0;
    GUARD(build_cert(pki, s, &d, &n, err));
    int rc = cache_put(pki, k.buf, d, n, &e, err);
    free(d);
    GUARD(rc);
  }
  *der = e->der;
  *len = e->len;
  return 0;
}

int sim_tdx_cert_seed(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                      const uint8_t *der, size_t len, contrast_err *err) {
  keybuf k;
  GUARD(cert_key(s, &k, err));
  const cache_entry *e = NULL;
  return cache_put(pki, k.buf, der, len, &e, err);
}

int sim_tdx_pem_chain(sim_tdx_pki *pki, const sim_tdx_cert_spec *specs,
                      size_t n, sim_buf *out, contrast_err *err) {
  for (size_t i = 0; i < n; i++) {
    const uint8_t *der = NULL;
    size_t dlen = 0;
    GUARD(sim_tdx_cert_der(pki, &specs[i], &der, &dlen, err));
    AUTO_FREE uint8_t *pem = NULL;
    size_t got = 0;
    GUARD(sim_pem_encode(der, dlen, "CERTIFICATE", &pem, &got, err));
    sim_buf_put(out, pem, got);
  }
  return sim_buf_check(out, err);
}

static void copy_str(char *dst, size_t cap, const char *src) {
  (void)snprintf(dst, cap, "%s", src);
}

static sim_tdx_cert_spec base_spec(sim_tdx_role role, sim_tdx_key key,
                                   sim_tdx_key signer, uint64_t serial,
                                   const char *subject, const char *issuer,
                                   int64_t nb, int64_t na, const char *dp) {
  sim_tdx_cert_spec s;
  memset(&s, 0, sizeof s);
  s.role = role;
  s.key = key;
  s.signer = signer;
  s.serial = serial;
  copy_str(s.subject_cn, sizeof s.subject_cn, subject);
  copy_str(s.issuer_cn, sizeof s.issuer_cn, issuer);
  s.not_before = nb;
  s.not_after = na;
  copy_str(s.crl_dp, sizeof s.crl_dp, dp);
  return s;
}

/* CRL distribution points of Intel's certificates (tdx.md §4.1, §4.3) */
#define DP_ROOT "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der"
#define DP_PCK_PLATFORM                                                       \
  "https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca="   \
  "platform&encoding=der"
#define DP_PCK_PROCESSOR                                                      \
  "https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca="   \
  "processor&encoding=der"

sim_tdx_cert_spec sim_tdx_root_spec(void) {
  sim_tdx_cert_spec s =
      base_spec(SIM_TDX_ROLE_ROOT, SIM_TDX_KEY_ROOT, SIM_TDX_KEY_ROOT,
                0x5e1a7ec0a1c5b001ULL, "Intel SGX Root CA",
                "Intel SGX Root CA", SIM_TDX_T_ROOT_NB, SIM_TDX_T_ROOT_NA,
                DP_ROOT);
  s.root_aki = 1;
  return s;
}

sim_tdx_cert_spec sim_tdx_platform_ca_spec(void) {
  return base_spec(SIM_TDX_ROLE_CA, SIM_TDX_KEY_CA, SIM_TDX_KEY_ROOT,
                   0x5e1a7ec0a1c5b002ULL, "Intel SGX PCK Platform CA",
                   "Intel SGX Root CA", SIM_TDX_T_CA_NB, SIM_TDX_T_CA_NA,
                   DP_ROOT);
}

sim_tdx_cert_spec sim_tdx_processor_ca_spec(void) {
  return base_spec(SIM_TDX_ROLE_CA, SIM_TDX_KEY_PROCESSOR_CA,
                   SIM_TDX_KEY_ROOT, 0x5e1a7ec0a1c5b003ULL,
                   "Intel SGX PCK Processor CA", "Intel SGX Root CA",
                   SIM_TDX_T_CA_NB, SIM_TDX_T_CA_NA, DP_ROOT);
}

sim_tdx_cert_spec sim_tdx_pck_spec(void) {
  sim_tdx_cert_spec s = base_spec(
      SIM_TDX_ROLE_PCK, SIM_TDX_KEY_PCK, SIM_TDX_KEY_CA, 0x5e1a7ec0a1c5c001ULL,
      "Intel SGX PCK Certificate", "Intel SGX PCK Platform CA",
      SIM_TDX_T_PCK_NB, SIM_TDX_T_PCK_NA, DP_PCK_PLATFORM);
  s.ext = sim_tdx_sgx_ext_default();
  return s;
}

sim_tdx_cert_spec sim_tdx_processor_pck_spec(void) {
  sim_tdx_cert_spec s = base_spec(
      SIM_TDX_ROLE_PCK, SIM_TDX_KEY_PROCESSOR_PCK, SIM_TDX_KEY_PROCESSOR_CA,
      0x5e1a7ec0a1c5c002ULL, "Intel SGX PCK Certificate",
      "Intel SGX PCK Processor CA", SIM_TDX_T_PCK_NB, SIM_TDX_T_PCK_NA,
      DP_PCK_PROCESSOR);
  s.ext = sim_tdx_sgx_ext_default();
  /* Processor-CA PCKs carry 5 entries: no PIID, no Configuration */
  s.ext.platform = 0;
  for (size_t i = 0; i < 16; i++)
    s.ext.ppid[i] = (uint8_t)(0x6b + 31 * i);
  return s;
}

sim_tdx_cert_spec sim_tdx_signer_spec(void) {
  return base_spec(SIM_TDX_ROLE_SIGNER, SIM_TDX_KEY_TCB, SIM_TDX_KEY_ROOT,
                   0x5e1a7ec0a1c5b004ULL, "Intel SGX TCB Signing",
                   "Intel SGX Root CA", SIM_TDX_T_SIGNER_NB,
                   SIM_TDX_T_SIGNER_NA, DP_ROOT);
}

/* ---- CRLs ---- */

static sim_tdx_crl_spec crl_spec(sim_tdx_key signer, const char *issuer,
                                 uint64_t serial_base) {
  sim_tdx_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = signer;
  copy_str(s.issuer_cn, sizeof s.issuer_cn, issuer);
  s.this_update = SIM_TDX_T_ISSUE;
  s.next_update = SIM_TDX_T_NEXT;
  s.n_revoked = 2;
  s.revoked[0] = serial_base + 1;
  s.revoked[1] = serial_base + 2;
  s.entry_reasons = 1;
  return s;
}

sim_tdx_crl_spec sim_tdx_root_crl_spec(void) {
  return crl_spec(SIM_TDX_KEY_ROOT, "Intel SGX Root CA",
                  0x5e1a7ec0dead0000ULL);
}

sim_tdx_crl_spec sim_tdx_pck_crl_spec(void) {
  return crl_spec(SIM_TDX_KEY_CA, "Intel SGX PCK Platform CA",
                  0x5e1a7ec0dead1000ULL);
}

sim_tdx_crl_spec sim_tdx_processor_crl_spec(void) {
  return crl_spec(SIM_TDX_KEY_PROCESSOR_CA, "Intel SGX PCK Processor CA",
                  0x5e1a7ec0dead2000ULL);
}

static int add_revoked(X509_CRL *crl, uint64_t serial, int64_t when,
                       int reason, contrast_err *err) {
  X509_REVOKED *r = X509_REVOKED_new();
  ENSURE_ALLOC(r);
  ASN1_TIME *t = ASN1_TIME_set(NULL, (time_t)when);
  int ok = t != NULL && set_serial(NULL, r, serial, err) == 0 &&
           X509_REVOKED_set_revocationDate(r, t) == 1;
  ASN1_TIME_free(t);
  if (ok && reason) {
    /* CRL entry extension reasonCode keyCompromise (1), as Intel's */
    ASN1_ENUMERATED *e = ASN1_ENUMERATED_new();
    ok = e != NULL && ASN1_ENUMERATED_set(e, 1) == 1 &&
         X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0, 0) == 1;
    ASN1_ENUMERATED_free(e);
  }
  if (!ok || X509_CRL_add0_revoked(crl, r) != 1) {
    X509_REVOKED_free(r);
    BAIL(E_CRYPTO, "cannot add a CRL entry");
  }
  return 0;
}

static int build_crl_x509(sim_tdx_pki *pki, const sim_tdx_crl_spec *s,
                          X509_CRL *crl, contrast_err *err) {
  ENSURE(X509_CRL_set_version(crl, 1) == 1, E_CRYPTO, "CRL version"); /* v2 */
  X509_NAME *iss = NULL;
  GUARD(make_name(s->issuer_cn, s->plain_names, &iss, err));
  int ok = X509_CRL_set_issuer_name(crl, iss) == 1;
  X509_NAME_free(iss);
  ENSURE(ok, E_CRYPTO, "cannot set the CRL issuer");
  GUARD(set_time(NULL, crl, 0, s->this_update, err));
  if (!s->no_next_update)
    GUARD(set_time(NULL, crl, 1, s->next_update, err));
  ENSURE(s->n_revoked <= SIM_TDX_CRL_MAX_REVOKED, E_USAGE,
         "too many revoked serials");
  for (size_t i = 0; i < s->n_revoked; i++)
    GUARD(add_revoked(crl, s->revoked[i], s->this_update, s->entry_reasons,
                      err));
  ENSURE(X509_CRL_sort(crl) == 1, E_CRYPTO, "X509_CRL_sort failed");
  /* QVL CRL_REQUIRED_EXTENSIONS (tdx.md §6.C.1): CRL Number, AKI */
  if (!s->no_crl_number) {
    static const uint8_t number[] = {0x02, 0x01, 0x01};
    GUARD(sim_add_ext(NULL, crl, "2.5.29.20", 0, number, sizeof number, err));
  }
  if (!s->no_aki) {
    uint8_t v[24];
    GUARD(aki_value(pki, s->signer, v, err));
    GUARD(sim_add_ext(NULL, crl, "2.5.29.35", 0, v, sizeof v, err));
  }
  return sign_ctx(pki, s->signer, 0, NULL, crl, err);
}

static int build_crl(sim_tdx_pki *pki, const sim_tdx_crl_spec *s,
                     uint8_t **der, size_t *len, contrast_err *err) {
  AUTO_CRL X509_CRL *crl = X509_CRL_new();
  ENSURE_ALLOC(crl);
  GUARD(build_crl_x509(pki, s, crl, err));
  GUARD(sim_crl_der(crl, der, len, err));
  if (s->corrupt_signature)
    (*der)[*len - 1] ^= 0x01;
  return 0;
}

static int crl_key(const sim_tdx_crl_spec *s, keybuf *k, contrast_err *err) {
  k->off = 0;
  k->overflow = 0;
  k->buf[0] = '\0';
  kb_add(k, "crl;signer=%d;iss=%s;plain=%d;tu=%lld;nu=%lld;nonu=%d;"
            "nonum=%d;noaki=%d;corrupt=%d;reasons=%d;rev=",
         (int)s->signer, s->issuer_cn, s->plain_names,
         (long long)s->this_update, (long long)s->next_update,
         s->no_next_update, s->no_crl_number, s->no_aki,
         s->corrupt_signature, s->entry_reasons);
  for (size_t i = 0; i < s->n_revoked && i < SIM_TDX_CRL_MAX_REVOKED; i++)
    kb_add(k, "%llu,", (unsigned long long)s->revoked[i]);
  ENSURE(!k->overflow, E_INTERNAL, "CRL spec key too long");
  return 0;
}

int sim_tdx_crl_der(sim_tdx_pki *pki, const sim_tdx_crl_spec *s,
                    const uint8_t **der, size_t *len, contrast_err *err) {
  keybuf k;
  GUARD(crl_key(s, &k, err));
  const cache_entry *e = cache_get(pki, k.buf);
  if (e == NULL) {
    uint8_t *d = NULL;
    size_t n = 0;
    GUARD(build_crl(pki, s, &d, &n, err));
    int rc = cache_put(pki, k.buf, d, n, &e, err);
    free(d);
    GUARD(rc);
  }
  *der = e->der;
  *len = e->len;
  return 0;
}

int sim_tdx_crl_seed(sim_tdx_pki *pki, const sim_tdx_crl_spec *s,
                     const uint8_t *der, size_t len, contrast_err *err) {
  keybuf k;
  GUARD(crl_key(s, &k, err));
  const cache_entry *e = NULL;
  return cache_put(pki, k.buf, der, len, &e, err);
}
