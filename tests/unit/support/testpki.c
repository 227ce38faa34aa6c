/* The test PKI of testpki.h: fixed test keys, a cache of built objects and
 * whole cases. The encodings (§1.4 report signature, §2.2 names, §2.3
 * extensions of spec/snp.md) are the simulator's (sim/snp_pki.c), written
 * with OpenSSL independently of the library under test. */
#include "testpki.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "sim.h"
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

/* ---- building blocks: the simulator's (sim/snp_pki.h) ---- */

static const char *product_title(snp_product p) {
  (void)product_index(p);
  return sim_snp_title(p);
}

static sim_snp_cert_spec to_sim_cert(const tp_cert_spec *s) {
  sim_snp_cert_spec o;
  memset(&o, 0, sizeof o);
  o.key = tp_key_get(s->key);
  o.signer = tp_key_get(s->signer);
  o.sig_alg = (sim_snp_sig_alg)s->sig_alg;
  o.serial = s->serial;
  memcpy(o.subject_cn, s->subject_cn, sizeof o.subject_cn);
  memcpy(o.issuer_cn, s->issuer_cn, sizeof o.issuer_cn);
  o.plain_names = s->plain_names;
  o.not_before = s->not_before;
  o.not_after = s->not_after;
  o.profile = s->is_ca ? SIM_SNP_CERT_CA : SIM_SNP_CERT_LEAF;
  o.is_vek = s->is_vek;
  o.ext = s->ext;
  o.corrupt_signature = s->corrupt_signature;
  o.corrupt_pubkey = s->corrupt_pubkey;
  return o;
}

static uint8_t *build_cert(const tp_cert_spec *s, size_t *len) {
  sim_snp_cert_spec o = to_sim_cert(s);
  uint8_t *der = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_snp_cert_build(&o, &der, len, &err) != 0)
    die("building certificate %s: %s: %s", s->subject_cn,
        contrast_code_name(err.code), err.detail);
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
  uint8_t *pem = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_pem_encode(der, len, label, &pem, out_len, &err) != 0)
    die("PEM encoding: %s", err.detail);
  return (char *)pem;
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
  return sim_snp_tcb_raw(p, t);
}

void tp_chip_id_good(snp_product p, uint8_t out[64]) {
  memset(out, 0, 64);
  size_t n = p == SNP_PRODUCT_TURIN ? 8 : 64;
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t)(0x81 + 37 * i + 11 * (size_t)product_index(p));
}

tp_vek_ext tp_vek_ext_good(snp_product p, snp_vek_kind kind) {
  tp_tcb t = tp_tcb_good(p);
  uint8_t chip[64];
  tp_chip_id_good(p, chip);
  tp_vek_ext e = sim_snp_vek_ext_for(p, kind, &t, chip,
                                     "CN=cc-us-east-2.amazonaws.com");
  /* structVersion 1 for both Turin kinds here (the simulator writes 1 for
   * the Turin VCEK only) */
  e.struct_version = p == SNP_PRODUCT_TURIN ? 1 : 0;
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
  sim_snp_crl_spec o;
  memset(&o, 0, sizeof o);
  o.signer = tp_key_get(s->signer);
  o.sig_alg = (sim_snp_sig_alg)s->sig_alg;
  memcpy(o.issuer_cn, s->issuer_cn, sizeof o.issuer_cn);
  o.plain_names = s->plain_names;
  o.this_update = s->this_update;
  o.next_update = s->next_update;
  o.no_next_update = s->no_next_update;
  CHECK(s->n_revoked <= TP_CRL_MAX_REVOKED, "CRL revoked count");
  o.n_revoked = s->n_revoked;
  memcpy(o.revoked, s->revoked, sizeof o.revoked);
  o.corrupt_signature = s->corrupt_signature;
  uint8_t *der = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_snp_crl_build(&o, &der, len, &err) != 0)
    die("building CRL: %s: %s", contrast_code_name(err.code), err.detail);
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
  tp_tcb t = tp_tcb_good(p);
  sim_snp_report_fields f;
  sim_snp_report_defaults(&f, p, version, kind, &t);
  f.platform_info = 0x3; /* SMT_EN, TSME_EN */
  f.launch_mit_vector = f.current_mit_vector = 0;
  for (size_t i = 0; i < 64; i++)
    f.report_data[i] = (uint8_t)i;
  for (size_t i = 0; i < 48; i++)
    f.measurement[i] = (uint8_t)(0x5A ^ i);
  for (size_t i = 0; i < 32; i++)
    f.host_data[i] = (uint8_t)(0xC3 ^ i);
  for (size_t i = 0; i < 32; i++)
    f.report_id[i] = (uint8_t)(0x11 * (i + 1));
  if (kind == SNP_VEK_VCEK)
    tp_chip_id_good(p, f.chip_id);
  /* CURRENT and COMMITTED firmware 1.55.43 */
  f.current_build = f.committed_build = 43;
  sim_snp_report_encode(&f, r);
}

void tp_report_sign(uint8_t r[SNP_REPORT_SIZE], tp_key key) {
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_snp_report_sign(r, tp_key_get(key), &err) != 0)
    die("signing a report: %s", err.detail);
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
