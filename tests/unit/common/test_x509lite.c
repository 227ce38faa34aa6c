/* Tests of common/x509lite.c: the strict DER reader of X.509 v3
 * certificates.
 *
 * Golden data: Intel's real certificates (the root in trust/intel, the PCK
 * chains inside the real quotes and the issuer chains of vectors/real/tdx),
 * each compared field by field with what OpenSSL's d2i_X509 reads from the
 * same bytes, plus the serials, names and dates spec/tdx.md §4.3 gives.
 * Variants are re-assembled from a real certificate's parts with one field
 * changed (the signature no longer matters to the parser); each asserts the
 * rule it breaks (RFC 5280 §4.1, X.690 DER). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "contrast/x509lite.h"
#include "testsupport.h"

#define ROOT_PEM "trust/intel/sgx_root_ca.pem"
#define REAL_DIR "vectors/real/tdx"
#define PCK_CASE "vectors/real/tdx/tdx-v4-dcap-qvl-uptodate/quote.bin"

/* 1.2.840.113741.1.13.1 (SGX extension), 2.5.29.15 (KeyUsage) */
static const uint8_t OID_SGX[] = {0x2a, 0x86, 0x48, 0x86, 0xf8,
                                  0x4d, 0x01, 0x0d, 0x01};
static const uint8_t OID_KU[] = {0x55, 0x1d, 0x0f};

/* ---- the real certificates ---- */

#define MAX_CERTS 64

typedef struct cert_set {
  uint8_t *der[MAX_CERTS];
  size_t len[MAX_CERTS];
  size_t n;
} cert_set;

static cert_set g_real;

static void add_cert(cert_set *s, uint8_t *der, size_t len) {
  for (size_t i = 0; i < s->n; i++) {
    if (s->len[i] == len && memcmp(s->der[i], der, len) == 0) {
      free(der);
      return;
    }
  }
  CU_ASSERT_FATAL(s->n < MAX_CERTS);
  s->der[s->n] = der;
  s->len[s->n++] = len;
}

static void add_pem(cert_set *s, const uint8_t *pem, size_t len) {
  uint8_t *der[4];
  size_t der_len[4], n = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_pem_decode_all(pem, len, "CERTIFICATE", "test",
                                                der, der_len, 4, &n, &e),
                        0);
  for (size_t i = 0; i < n; i++)
    add_cert(s, der[i], der_len[i]);
}

/* The PEM chain inside a quote: from the first BEGIN to the last END. */
static void add_quote_chain(cert_set *s, const uint8_t *q, size_t len) {
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  size_t first = len, last = 0;
  for (size_t i = 0; i + sizeof end - 1 <= len; i++) {
    if (first == len && i + sizeof begin - 1 <= len &&
        memcmp(q + i, begin, sizeof begin - 1) == 0)
      first = i;
    if (memcmp(q + i, end, sizeof end - 1) == 0)
      last = i + sizeof end - 1;
  }
  CU_ASSERT_FATAL(first < last);
  add_pem(s, q + first, last - first);
}

static void add_file(cert_set *s, const char *rel, int is_quote) {
  char path[1024];
  int n = snprintf(path, sizeof path, "%s/%s", CONTRAST_SOURCE_DIR, rel);
  CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof path);
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return; /* not every case has every chain */
  fclose(f);
  size_t len;
  uint8_t *b = test_read_file(rel, &len);
  if (is_quote)
    add_quote_chain(s, b, len);
  else
    add_pem(s, b, len);
  free(b);
}

static void load_real(void) {
  if (g_real.n > 0)
    return;
  add_file(&g_real, ROOT_PEM, 0);
  char path[512];
  (void)snprintf(path, sizeof path, "%s/%s", CONTRAST_SOURCE_DIR, REAL_DIR);
  DIR *d = opendir(path);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  static const char *const chains[] = {"tcb_info_issuer_chain.pem",
                                       "qe_identity_issuer_chain.pem",
                                       "pck_crl_issuer_chain.pem"};
  for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
    if (e->d_name[0] == '.' || strstr(e->d_name, "tdx-") != e->d_name)
      continue;
    char rel[512];
    (void)snprintf(rel, sizeof rel, "%s/%s/quote.bin", REAL_DIR, e->d_name);
    add_file(&g_real, rel, 1);
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
      (void)snprintf(rel, sizeof rel, "%s/%s/%s", REAL_DIR, e->d_name,
                     chains[i]);
      add_file(&g_real, rel, 0);
    }
  }
  closedir(d);
}

static void free_real(void) {
  for (size_t i = 0; i < g_real.n; i++)
    free(g_real.der[i]);
  memset(&g_real, 0, sizeof g_real);
}

static int parse(const uint8_t *der, size_t len, contrast_x509lite *x,
                 contrast_err *e) {
  contrast_err_clear(e);
  return contrast_x509lite_parse(der, len, "test", x, e);
}

/* ---- OpenSSL as the oracle ---- */

static int view_is_bytes(contrast_der_view v, const uint8_t *p, size_t n) {
  return v.len == n && (n == 0 || memcmp(v.p, p, n) == 0);
}

/* Content octets of a DER INTEGER as OpenSSL encodes it. */
static int serial_same(const ASN1_INTEGER *a, contrast_der_view tlv) {
  unsigned char buf[64], *p = buf;
  int n = i2d_ASN1_INTEGER(a, NULL);
  return n > 0 && (size_t)n <= sizeof buf && i2d_ASN1_INTEGER(a, &p) == n &&
         view_is_bytes(tlv, buf, (size_t)n);
}

static int name_same(const X509_NAME *nm, contrast_der_view v) {
  const unsigned char *der;
  size_t len;
  return X509_NAME_get0_der(nm, &der, &len) == 1 && view_is_bytes(v, der, len);
}

/* Every field x509lite gives equals OpenSSL's reading of the same bytes.
 * Prints the first field that differs. */
static int same_as_openssl(const uint8_t *der, size_t len,
                           const contrast_x509lite *x) {
  const unsigned char *p = der;
  X509 *c = d2i_X509(NULL, &p, (long)len);
  const char *bad = NULL;
  if (c == NULL || p != der + len) {
    bad = "d2i_X509";
    goto out;
  }
  if (X509_get_version(c) != 2)
    bad = "version";
  else if (!serial_same(X509_get0_serialNumber(c), x->serial_tlv))
    bad = "serial";
  else if (!name_same(X509_get_issuer_name(c), x->issuer))
    bad = "issuer";
  else if (!name_same(X509_get_subject_name(c), x->subject))
    bad = "subject";
  if (bad != NULL)
    goto out;
  int64_t nb, na;
  contrast_err e;
  contrast_err_clear(&e);
  if (contrast_x509_validity(c, &nb, &na, &e) != 0 || nb != x->not_before ||
      na != x->not_after) {
    bad = "validity";
    goto out;
  }
  char cn[CONTRAST_X509LITE_CN_CAP];
  int has_cn =
      contrast_x509_name_cn(X509_get_subject_name(c), cn, sizeof cn) == 0;
  if (has_cn != x->has_cn || (has_cn && strcmp(cn, x->cn) != 0)) {
    bad = "CN";
    goto out;
  }
  /* the SubjectPublicKeyInfo re-encoded by OpenSSL, and the key */
  unsigned char *spki = NULL;
  int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c), &spki);
  int spki_ok = spki_len > 0 && view_is_bytes(x->spki, spki, (size_t)spki_len);
  OPENSSL_free(spki);
  if (!spki_ok) {
    bad = "SubjectPublicKeyInfo";
    goto out;
  }
  uint8_t xy[64];
  int ossl_p256 =
      contrast_ec_pub_xy(X509_get0_pubkey(c), "prime256v1", xy, 32) == 0;
  EVP_PKEY *k = contrast_x509lite_pubkey(x);
  int key_ok = (k != NULL) == ossl_p256 &&
               (k == NULL || (memcmp(x->p256_point + 1, xy, 64) == 0 &&
                              EVP_PKEY_eq(k, X509_get0_pubkey(c)) == 1));
  EVP_PKEY_free(k);
  if (!key_ok) {
    bad = "public key";
    goto out;
  }
  /* signature algorithm (outer and inner) and value */
  const ASN1_BIT_STRING *sig;
  const X509_ALGOR *alg;
  X509_get0_signature(&sig, &alg, c);
  const ASN1_OBJECT *obj;
  X509_ALGOR_get0(&obj, NULL, NULL, alg);
  if (!view_is_bytes(x->sig_alg, OBJ_get0_data(obj), OBJ_length(obj)) ||
      !view_is_bytes(x->sig, ASN1_STRING_get0_data(sig),
                     (size_t)ASN1_STRING_length(sig))) {
    bad = "signature";
    goto out;
  }
  X509_ALGOR_get0(&obj, NULL, NULL, X509_get0_tbs_sigalg(c));
  if (!view_is_bytes(x->sig_alg, OBJ_get0_data(obj), OBJ_length(obj))) {
    bad = "inner signature algorithm";
    goto out;
  }
  /* the TBS as OpenSSL encodes it again */
  unsigned char *tbs = NULL;
  int tbs_len = i2d_re_X509_tbs(c, &tbs);
  int tbs_ok = tbs_len > 0 && view_is_bytes(x->tbs, tbs, (size_t)tbs_len);
  OPENSSL_free(tbs);
  if (!tbs_ok) {
    bad = "TBS";
    goto out;
  }
  if ((size_t)X509_get_ext_count(c) != x->n_ext) {
    bad = "extension count";
    goto out;
  }
  for (size_t i = 0; i < x->n_ext; i++) {
    X509_EXTENSION *ext = X509_get_ext(c, (int)i);
    const ASN1_OBJECT *o = X509_EXTENSION_get_object(ext);
    const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(ext);
    if (!view_is_bytes(x->ext[i].oid, OBJ_get0_data(o), OBJ_length(o)) ||
        X509_EXTENSION_get_critical(ext) != x->ext[i].is_critical ||
        !view_is_bytes(x->ext[i].value, ASN1_STRING_get0_data(v),
                       (size_t)ASN1_STRING_length(v))) {
      bad = "extension";
      goto out;
    }
  }
out:
  if (bad != NULL)
    fprintf(stderr, "  x509lite and OpenSSL differ: %s\n", bad);
  X509_free(c);
  return bad == NULL;
}

static int hex_is(contrast_der_view v, const char *want) {
  char s[2 * 65 + 1];
  if (2 * v.len >= sizeof s)
    return 0;
  contrast_hex_encode(v.p, v.len, s);
  if (strcmp(s, want) != 0) {
    fprintf(stderr, "  got %s, want %s\n", s, want);
    return 0;
  }
  return 1;
}

/* ==== real certificates ==== */

static void test_x509lite_parse_real_certs_same_as_openssl(void) {
  load_real();
  /* the root, one Platform CA, the PCK leaves, two TCB signers */
  CU_ASSERT_TRUE(g_real.n >= 8);
  for (size_t i = 0; i < g_real.n; i++) {
    contrast_x509lite x;
    contrast_err e;
    int rc = parse(g_real.der[i], g_real.len[i], &x, &e);
    if (rc != 0)
      fprintf(stderr, "  cert %zu: %s\n", i, e.detail);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_TRUE(same_as_openssl(g_real.der[i], g_real.len[i], &x));
    CU_ASSERT_EQUAL(x.has_p256, 1);
    CU_ASSERT_TRUE(x.has_cn);
    CU_ASSERT_TRUE(x.der.p == g_real.der[i] && x.der.len == g_real.len[i]);
  }
}

static void test_x509lite_parse_real_intel_golden_fields(void) {
  load_real();
  size_t seen_root = 0, seen_ca = 0, seen_signer = 0, seen_pck = 0;
  for (size_t i = 0; i < g_real.n; i++) {
    contrast_x509lite x;
    contrast_err e;
    CU_ASSERT_EQUAL_FATAL(parse(g_real.der[i], g_real.len[i], &x, &e), 0);
    /* tdx.md §4.3 */
    if (strcmp(x.cn, "Intel SGX Root CA") == 0) {
      seen_root++;
      CU_ASSERT_TRUE(
          hex_is(x.serial, "22650cd65a9d3489f383b49552bf501b392706ac"));
      CU_ASSERT_EQUAL(x.not_before, 1526899510); /* 2018-05-21T10:45:10Z */
      CU_ASSERT_EQUAL(x.not_after, 2524607999);  /* 2049-12-31T23:59:59Z */
      CU_ASSERT_TRUE(contrast_der_view_eq(x.issuer, x.subject));
      CU_ASSERT_TRUE(hex_is(
          (contrast_der_view){x.p256_point, 65},
          "040ba9c4c0c0c86193a3fe23d6b02cda10a8bbd4e88e48b4458561a36e705525f5"
          "67918e2edc88e40d860bd0cc4ee26aacc988e505a953558c453f6b0904ae7394"));
    } else if (strcmp(x.cn, "Intel SGX PCK Platform CA") == 0) {
      seen_ca++;
      /* the top bit set: DER adds a sign octet */
      CU_ASSERT_TRUE(
          hex_is(x.serial, "00956f5dcdbd1be1e94049c9d4f433ce01570bde54"));
      CU_ASSERT_EQUAL(x.not_before, 1526899810); /* 2018-05-21T10:50:10Z */
      CU_ASSERT_EQUAL(x.not_after, 2000285410);  /* 2033-05-21T10:50:10Z */
    } else if (strcmp(x.cn, "Intel SGX TCB Signing") == 0) {
      seen_signer++;
      CU_ASSERT_TRUE(
          hex_is(x.serial, "7e3882d5fb55294a40498e458403e91491bdf455"));
      /* the old one to 2025-05-21T10:50:10Z, the renewed one from
       * 2025-05-06T09:25:00Z to 2032-05-06T09:25:00Z */
      CU_ASSERT_TRUE(
          (x.not_before == 1526899810 && x.not_after == 1747824610) ||
          (x.not_before == 1746523500 && x.not_after == 1967448300));
    } else if (strcmp(x.cn, "Intel SGX PCK Certificate") == 0) {
      seen_pck++;
      /* §4.1: six extensions, the SGX one last and not critical, KeyUsage
       * critical */
      CU_ASSERT_EQUAL(x.n_ext, 6);
      const contrast_x509lite_ext *sgx =
          contrast_x509lite_ext_find(&x, OID_SGX, sizeof OID_SGX);
      CU_ASSERT_PTR_EQUAL(sgx, &x.ext[5]);
      CU_ASSERT_EQUAL(sgx != NULL ? sgx->is_critical : -1, 0);
      CU_ASSERT_EQUAL(sgx != NULL ? sgx->value.len : 0, 554);
      const contrast_x509lite_ext *ku =
          contrast_x509lite_ext_find(&x, OID_KU, sizeof OID_KU);
      CU_ASSERT_EQUAL(ku != NULL ? ku->is_critical : -1, 1);
      /* seven years (one or two leap days) */
      int64_t days = (x.not_after - x.not_before) / 86400;
      CU_ASSERT_TRUE(days == 7 * 365 + 1 || days == 7 * 365 + 2);
    }
  }
  CU_ASSERT_EQUAL(seen_root, 1);
  CU_ASSERT_EQUAL(seen_ca, 1);
  CU_ASSERT_EQUAL(seen_signer, 2);
  CU_ASSERT_TRUE(seen_pck >= 5);
}

static void test_x509lite_ext_find_absent_returns_null(void) {
  load_real();
  contrast_x509lite x;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(parse(g_real.der[0], g_real.len[0], &x, &e), 0);
  CU_ASSERT_PTR_NULL(contrast_x509lite_ext_find(&x, OID_SGX, sizeof OID_SGX));
  CU_ASSERT_PTR_NULL(contrast_x509lite_ext_find(&x, OID_SGX, 0));
}

/* ==== re-assembled variants ==== */

#define BUF_CAP 8192

typedef struct buf {
  uint8_t p[BUF_CAP];
  size_t n;
} buf;

static void put(buf *b, const void *p, size_t n) {
  CU_ASSERT_FATAL(n <= BUF_CAP - b->n);
  if (n > 0)
    memcpy(b->p + b->n, p, n);
  b->n += n;
}

static void put_view(buf *b, contrast_der_view v) { put(b, v.p, v.len); }

static void put_tlv(buf *b, uint8_t tag, const uint8_t *v, size_t n) {
  uint8_t h[4] = {tag, 0, 0, 0};
  size_t hl;
  if (n < 0x80) {
    h[1] = (uint8_t)n;
    hl = 2;
  } else if (n < 0x100) {
    h[1] = 0x81;
    h[2] = (uint8_t)n;
    hl = 3;
  } else {
    CU_ASSERT_FATAL(n < 0x10000);
    h[1] = 0x82;
    h[2] = (uint8_t)(n >> 8);
    h[3] = (uint8_t)n;
    hl = 4;
  }
  put(b, h, hl);
  put(b, v, n);
}

static void put_str_tlv(buf *b, uint8_t tag, const char *s) {
  put_tlv(b, tag, (const uint8_t *)s, strlen(s));
}

/* A certificate as parts, each a complete TLV (or empty). */
typedef struct parts {
  buf version, serial, inner_alg, issuer, validity, subject, spki, extra, exts,
      outer_alg, sigval, trailing;
  int has_exts;
} parts;

static parts *parts_of(const contrast_x509lite *x) {
  static const uint8_t V3[] = {0xa0, 0x03, 0x02, 0x01, 0x02};
  parts *p = calloc(1, sizeof *p);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  put(&p->version, V3, sizeof V3);
  put_view(&p->serial, x->serial_tlv);
  put_view(&p->inner_alg, x->sig_alg_tlv);
  put_view(&p->issuer, x->issuer);
  put_view(&p->validity, x->validity);
  put_view(&p->subject, x->subject);
  put_view(&p->spki, x->spki);
  for (size_t i = 0; i < x->n_ext; i++)
    put_view(&p->exts, x->ext[i].tlv);
  p->has_exts = x->n_ext > 0;
  put_view(&p->outer_alg, x->sig_alg_tlv);
  uint8_t zero = 0;
  buf bits = {{0}, 0};
  put(&bits, &zero, 1);
  put_view(&bits, x->sig);
  put_tlv(&p->sigval, 0x03, bits.p, bits.n);
  return p;
}

static void build(const parts *p, buf *out) {
  buf tbs = {{0}, 0}, body = {{0}, 0};
  put(&tbs, p->version.p, p->version.n);
  put(&tbs, p->serial.p, p->serial.n);
  put(&tbs, p->inner_alg.p, p->inner_alg.n);
  put(&tbs, p->issuer.p, p->issuer.n);
  put(&tbs, p->validity.p, p->validity.n);
  put(&tbs, p->subject.p, p->subject.n);
  put(&tbs, p->spki.p, p->spki.n);
  put(&tbs, p->extra.p, p->extra.n);
  if (p->has_exts) {
    buf seq = {{0}, 0};
    put_tlv(&seq, 0x30, p->exts.p, p->exts.n);
    put_tlv(&tbs, 0xa3, seq.p, seq.n);
  }
  put_tlv(&body, 0x30, tbs.p, tbs.n);
  put(&body, p->outer_alg.p, p->outer_alg.n);
  put(&body, p->sigval.p, p->sigval.n);
  out->n = 0;
  put_tlv(out, 0x30, body.p, body.n);
  put(out, p->trailing.p, p->trailing.n);
}

/* The PCK leaf of the dcap-qvl case, parsed, as parts. */
typedef struct fixture {
  uint8_t *der;
  size_t len;
  contrast_x509lite x;
  parts *p;
} fixture;

static void fixture_init(fixture *f) {
  cert_set s;
  memset(&s, 0, sizeof s);
  add_file(&s, PCK_CASE, 1);
  CU_ASSERT_EQUAL_FATAL(s.n, 3);
  f->der = s.der[0];
  f->len = s.len[0];
  free(s.der[1]);
  free(s.der[2]);
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(parse(f->der, f->len, &f->x, &e), 0);
  f->p = parts_of(&f->x);
}

static void fixture_wipe(fixture *f) {
  free(f->p);
  free(f->der);
}

/* Build p and parse it: 0 or -1; with -1 the code must be MALFORMED. */
static int try_parts(const parts *p, contrast_x509lite *x) {
  buf *out = malloc(sizeof *out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  build(p, out);
  /* an exact heap copy: reads past the end show under ASan/valgrind */
  uint8_t *d = malloc(out->n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  memcpy(d, out->p, out->n);
  contrast_x509lite tmp;
  contrast_err e;
  int rc = parse(d, out->n, x != NULL ? x : &tmp, &e);
  if (rc != 0)
    ASSERT_CODE(e, CONTRAST_MALFORMED);
  /* views into d are not used after this */
  free(d);
  free(out);
  return rc;
}

static void test_x509lite_rebuilt_real_cert_is_identical(void) {
  fixture f;
  fixture_init(&f);
  buf *out = malloc(sizeof *out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  build(f.p, out);
  CU_ASSERT_EQUAL(out->n, f.len);
  CU_ASSERT_EQUAL(memcmp(out->p, f.der, f.len), 0);
  free(out);
  fixture_wipe(&f);
}

static void test_x509lite_version_not_v3_fails_malformed(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  buf keep = p->version;
  p->version.n = 0; /* v1: version absent */
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  static const uint8_t V2[] = {0xa0, 0x03, 0x02, 0x01, 0x01};
  p->version.n = 0;
  put(&p->version, V2, sizeof V2);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  static const uint8_t V3_LONG[] = {0xa0, 0x04, 0x02, 0x02, 0x00, 0x02};
  p->version.n = 0;
  put(&p->version, V3_LONG, sizeof V3_LONG); /* non-minimal INTEGER */
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->version = keep;
  CU_ASSERT_EQUAL(try_parts(p, NULL), 0);
  fixture_wipe(&f);
}

static void test_x509lite_serial_rules(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  contrast_x509lite x;
  static const uint8_t NEG[] = {0x02, 0x01, 0x80};
  static const uint8_t PAD[] = {0x02, 0x02, 0x00, 0x01};
  static const uint8_t EMPTY[] = {0x02, 0x00};
  static const uint8_t SIGN[] = {0x02, 0x02, 0x00, 0x80};
  static const uint8_t ONE[] = {0x02, 0x01, 0x01};
  const struct {
    const uint8_t *v;
    size_t n;
    int ok;
  } rows[] = {{NEG, sizeof NEG, 0},
              {PAD, sizeof PAD, 0},
              {EMPTY, sizeof EMPTY, 0},
              {SIGN, sizeof SIGN, 1},
              {ONE, sizeof ONE, 1}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    p->serial.n = 0;
    put(&p->serial, rows[i].v, rows[i].n);
    CU_ASSERT_EQUAL(try_parts(p, &x), rows[i].ok ? 0 : -1);
  }
  /* 21 content octets (20 and a sign octet) and 22 */
  uint8_t big[24] = {0x02, 21, 0x00, 0xff};
  p->serial.n = 0;
  put(&p->serial, big, 23);
  CU_ASSERT_EQUAL(try_parts(p, NULL), 0);
  big[1] = 22;
  p->serial.n = 0;
  put(&p->serial, big, 24);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

static void test_x509lite_signature_algorithms_must_match(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  /* ecdsa-with-SHA384 outside, SHA-256 inside (RFC 5280 §4.1.1.2) */
  CU_ASSERT_FATAL(p->outer_alg.n == 12);
  p->outer_alg.p[11] = 0x03;
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* both SHA-384: the parser takes it (the verifier judges the algorithm) */
  p->inner_alg.p[11] = 0x03;
  contrast_x509lite x;
  CU_ASSERT_EQUAL(try_parts(p, &x), 0);
  /* parameters NULL on one side only */
  static const uint8_t WITH_NULL[] = {0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                      0xce, 0x3d, 0x04, 0x03, 0x02, 0x05, 0x00};
  p->inner_alg.p[11] = p->outer_alg.p[11] = 0x02;
  p->outer_alg.n = 0;
  put(&p->outer_alg, WITH_NULL, sizeof WITH_NULL);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->inner_alg = p->outer_alg;
  CU_ASSERT_EQUAL(try_parts(p, NULL), 0);
  /* a bad OID (non-minimal sub-identifier) and a bad NULL */
  static const uint8_t BAD_OID[] = {0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48,
                                    0xce, 0x3d, 0x04, 0x03, 0x80, 0x02};
  static const uint8_t BAD_NULL[] = {0x30, 0x0d, 0x06, 0x08, 0x2a,
                                     0x86, 0x48, 0xce, 0x3d, 0x04,
                                     0x03, 0x02, 0x05, 0x01, 0x00};
  p->inner_alg.n = p->outer_alg.n = 0;
  put(&p->inner_alg, BAD_OID, sizeof BAD_OID);
  put(&p->outer_alg, BAD_OID, sizeof BAD_OID);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->inner_alg.n = p->outer_alg.n = 0;
  put(&p->inner_alg, BAD_NULL, sizeof BAD_NULL);
  put(&p->outer_alg, BAD_NULL, sizeof BAD_NULL);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

static void test_x509lite_signature_value_rules(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  p->sigval.p[p->sigval.n - f.x.sig.len - 1] = 0x01; /* unused bits */
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  static const uint8_t EMPTY_BITS[] = {0x03, 0x00};
  p->sigval.n = 0;
  put(&p->sigval, EMPTY_BITS, sizeof EMPTY_BITS);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  static const uint8_t OCTETS[] = {0x04, 0x01, 0x00};
  p->sigval.n = 0;
  put(&p->sigval, OCTETS, sizeof OCTETS);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

static void test_x509lite_trailing_data_fails_malformed(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  static const uint8_t NUL[] = {0x05, 0x00};
  /* after the certificate */
  put(&p->trailing, NUL, 1);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->trailing.n = 0;
  /* after the extensions, inside the TBS: moved out of extra to the end */
  buf tail = {{0}, 0};
  put(&tail, NUL, sizeof NUL);
  p->has_exts = 0;
  buf seq = {{0}, 0}, a3 = {{0}, 0};
  put_tlv(&seq, 0x30, p->exts.p, p->exts.n);
  put_tlv(&a3, 0xa3, seq.p, seq.n);
  put(&p->extra, a3.p, a3.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), 0); /* the same certificate */
  put(&p->extra, tail.p, tail.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* inside the [3] wrapper, after the SEQUENCE */
  p->extra.n = 0;
  buf a3b = {{0}, 0};
  put(&seq, NUL, sizeof NUL);
  put_tlv(&a3b, 0xa3, seq.p, seq.n);
  put(&p->extra, a3b.p, a3b.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* after the signature value, inside the certificate */
  p->extra.n = 0;
  p->has_exts = 1;
  put(&p->sigval, NUL, sizeof NUL);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

static void test_x509lite_unique_ids_fail_malformed(void) {
  fixture f;
  fixture_init(&f);
  static const uint8_t ISSUER_UID[] = {0x81, 0x02, 0x00, 0x01};
  static const uint8_t SUBJECT_UID[] = {0x82, 0x02, 0x00, 0x01};
  put(&f.p->extra, ISSUER_UID, sizeof ISSUER_UID);
  CU_ASSERT_EQUAL(try_parts(f.p, NULL), -1);
  f.p->extra.n = 0;
  put(&f.p->extra, SUBJECT_UID, sizeof SUBJECT_UID);
  CU_ASSERT_EQUAL(try_parts(f.p, NULL), -1);
  fixture_wipe(&f);
}

/* One extension TLV: OID, optional BOOLEAN bytes, OCTET STRING. */
static void ext_tlv(buf *out, const uint8_t *oid, size_t oid_len,
                    const uint8_t *crit, size_t crit_len, const uint8_t *val,
                    size_t val_len) {
  buf e = {{0}, 0};
  put_tlv(&e, 0x06, oid, oid_len);
  put(&e, crit, crit_len);
  put_tlv(&e, 0x04, val, val_len);
  put_tlv(out, 0x30, e.p, e.n);
}

static void test_x509lite_extension_rules(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  buf keep = p->exts;
  static const uint8_t OID_X[] = {0x2a, 0x03, 0x04};
  static const uint8_t TRUE_[] = {0x01, 0x01, 0xff};
  static const uint8_t FALSE_[] = {0x01, 0x01, 0x00};
  static const uint8_t ONE_[] = {0x01, 0x01, 0x01};
  static const uint8_t V[] = {0x05, 0x00};
  contrast_x509lite x;
  /* a seventh extension, critical: found with its flag */
  ext_tlv(&p->exts, OID_X, sizeof OID_X, TRUE_, sizeof TRUE_, V, sizeof V);
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.n_ext, 7);
  CU_ASSERT_EQUAL(x.ext[6].is_critical, 1);
  /* critical FALSE written out (DER omits a DEFAULT), or TRUE as 0x01 */
  p->exts = keep;
  ext_tlv(&p->exts, OID_X, sizeof OID_X, FALSE_, sizeof FALSE_, V, sizeof V);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->exts = keep;
  ext_tlv(&p->exts, OID_X, sizeof OID_X, ONE_, sizeof ONE_, V, sizeof V);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* any extension twice: the SGX one, KeyUsage, one of our own */
  p->exts = keep;
  put_view(&p->exts, f.x.ext[5].tlv);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->exts = keep;
  put_view(&p->exts, f.x.ext[3].tlv);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->exts = keep;
  ext_tlv(&p->exts, OID_X, sizeof OID_X, NULL, 0, V, sizeof V);
  ext_tlv(&p->exts, OID_X, sizeof OID_X, TRUE_, sizeof TRUE_, V, sizeof V);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* no extnValue; a value that is not an OCTET STRING; an empty list */
  p->exts.n = 0;
  buf e = {{0}, 0};
  put_tlv(&e, 0x06, OID_X, sizeof OID_X);
  put_tlv(&p->exts, 0x30, e.p, e.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->exts.n = 0;
  put_tlv(&e, 0x03, V, sizeof V);
  put_tlv(&p->exts, 0x30, e.p, e.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  p->exts.n = 0;
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* none at all (no [3]): a v3 certificate without extensions */
  p->has_exts = 0;
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.n_ext, 0);
  /* the maximum, and one more */
  p->has_exts = 1;
  for (uint8_t i = 0; i < CONTRAST_X509LITE_MAX_EXTS; i++) {
    const uint8_t oid[] = {0x2a, 0x03, i};
    ext_tlv(&p->exts, oid, sizeof oid, NULL, 0, V, sizeof V);
  }
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.n_ext, CONTRAST_X509LITE_MAX_EXTS);
  const uint8_t last[] = {0x2a, 0x03, 0x7f};
  ext_tlv(&p->exts, last, sizeof last, NULL, 0, V, sizeof V);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

/* Validity from two time TLVs. */
static void set_validity(parts *p, uint8_t t1, const char *s1, uint8_t t2,
                         const char *s2) {
  buf v = {{0}, 0};
  put_str_tlv(&v, t1, s1);
  put_str_tlv(&v, t2, s2);
  p->validity.n = 0;
  put_tlv(&p->validity, 0x30, v.p, v.n);
}

static void test_x509lite_validity_der_forms(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  contrast_x509lite x;
  const uint8_t U = 0x17, G = 0x18;
  /* UTCTime 49 is 2049, 50 is 1950; GeneralizedTime from 2050 */
  set_validity(p, U, "500101000000Z", U, "491231235959Z");
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.not_before, -631152000);
  CU_ASSERT_EQUAL(x.not_after, 2524607999);
  set_validity(p, U, "240229000000Z", G, "20500101000000Z");
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.not_before, 1709164800);
  CU_ASSERT_EQUAL(x.not_after, 2524608000);
  static const char *const bad_utc[] = {
      "2501010000Z",                                           /* no seconds */
      "250101000000",                                          /* no Z */
      "250101000000+0000", "250101000000.5Z", "251301000000Z", /* month 13 */
      "250229000000Z", /* 2025 is not a leap year */
      "250431000000Z",     "250101240000Z",   "250101006000Z", "250101000060Z",
      "25010100000aZ",     "250100000000Z",   "2501010000000Z"};
  for (size_t i = 0; i < sizeof bad_utc / sizeof bad_utc[0]; i++) {
    set_validity(p, U, bad_utc[i], U, "300101000000Z");
    if (try_parts(p, NULL) != -1)
      fprintf(stderr, "  accepted UTCTime %s\n", bad_utc[i]);
    CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  }
  static const char *const bad_gen[] = {"20250101000000.0Z", "202501010000Z",
                                        "20250101000000", "2025010100000Z"};
  for (size_t i = 0; i < sizeof bad_gen / sizeof bad_gen[0]; i++) {
    set_validity(p, U, "250101000000Z", G, bad_gen[i]);
    CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  }
  /* another type, one time only, three times */
  set_validity(p, 0x0c, "250101000000Z", U, "300101000000Z");
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  buf v = {{0}, 0};
  put_str_tlv(&v, U, "250101000000Z");
  p->validity.n = 0;
  put_tlv(&p->validity, 0x30, v.p, v.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  put_str_tlv(&v, U, "300101000000Z");
  put_str_tlv(&v, U, "300101000000Z");
  p->validity.n = 0;
  put_tlv(&p->validity, 0x30, v.p, v.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

/* A Name of RDNs each holding one (type, string tag, value). */
typedef struct ava {
  const uint8_t *oid;
  size_t oid_len;
  uint8_t tag;
  const char *value;
  size_t value_len; /* 0: strlen */
} ava;

static void ava_tlv(buf *out, const ava *a) {
  buf s = {{0}, 0};
  put_tlv(&s, 0x06, a->oid, a->oid_len);
  put_tlv(&s, a->tag, (const uint8_t *)a->value,
          a->value_len ? a->value_len : strlen(a->value));
  put_tlv(out, 0x30, s.p, s.n);
}

static void set_name(buf *name, const ava *avas, size_t n) {
  buf seq = {{0}, 0};
  for (size_t i = 0; i < n; i++) {
    buf one = {{0}, 0};
    ava_tlv(&one, &avas[i]);
    put_tlv(&seq, 0x31, one.p, one.n);
  }
  name->n = 0;
  put_tlv(name, 0x30, seq.p, seq.n);
}

static const uint8_t OID_CN_[] = {0x55, 0x04, 0x03};
static const uint8_t OID_O_[] = {0x55, 0x04, 0x0a};

static void test_x509lite_subject_cn_as_contrast_x509_name_cn(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  contrast_x509lite x;
  const struct {
    ava a[2];
    size_t n;
    int has_cn;
    const char *cn;
  } rows[] = {
      {{{OID_CN_, 3, 0x0c, "Intel SGX PCK Certificate", 0}},
       1,
       1,
       "Intel SGX PCK Certificate"},
      {{{OID_CN_, 3, 0x13, "Intel SGX PCK Certificate", 0}},
       1,
       1,
       "Intel SGX PCK Certificate"},
      {{{OID_CN_, 3, 0x16, "Intel SGX PCK Certificate", 0}},
       1,
       1,
       "Intel SGX PCK Certificate"},
      /* absent; twice; unprintable; a BMPString */
      {{{OID_O_, 3, 0x0c, "Intel Corporation", 0}}, 1, 0, NULL},
      {{{OID_CN_, 3, 0x0c, "a", 0}, {OID_CN_, 3, 0x0c, "a", 0}}, 2, 0, NULL},
      {{{OID_CN_, 3, 0x0c, "a\tb", 0}}, 1, 0, NULL},
      {{{OID_CN_, 3, 0x0c, "caf\xc3\xa9", 0}}, 1, 0, NULL},
      {{{OID_CN_, 3, 0x1e, "\0a\0b", 4}}, 1, 0, NULL},
      /* empty */
      {{{OID_CN_, 3, 0x0c, "", 0}}, 1, 1, ""},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    set_name(&p->subject, rows[i].a, rows[i].n);
    CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
    CU_ASSERT_EQUAL(x.has_cn, rows[i].has_cn);
    if (rows[i].has_cn)
      CU_ASSERT_STRING_EQUAL(x.cn, rows[i].cn);
  }
  /* 127 characters fit, 128 do not */
  char longcn[129];
  memset(longcn, 'A', 128);
  longcn[128] = '\0';
  ava a = {OID_CN_, 3, 0x0c, longcn, 128};
  set_name(&p->subject, &a, 1);
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.has_cn, 0);
  a.value_len = 127;
  set_name(&p->subject, &a, 1);
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.has_cn, 1);
  CU_ASSERT_EQUAL(strlen(x.cn), 127);
  fixture_wipe(&f);
}

static void test_x509lite_name_rules(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  const struct {
    ava a;
    int ok;
  } rows[] = {
      {{OID_O_, 3, 0x0c, "caf\xc3\xa9", 0}, 1},
      {{OID_O_, 3, 0x0c, "\xc3", 0}, 0},             /* truncated UTF-8 */
      {{OID_O_, 3, 0x0c, "\xc0\xaf", 0}, 0},         /* overlong */
      {{OID_O_, 3, 0x0c, "\xed\xa0\x80", 0}, 0},     /* surrogate */
      {{OID_O_, 3, 0x0c, "\xf4\x90\x80\x80", 0}, 0}, /* > U+10FFFF */
      {{OID_O_, 3, 0x13, "A-Z a.z (0:9)", 0}, 1},
      {{OID_O_, 3, 0x13, "a*b", 0}, 0}, /* not in PrintableString */
      {{OID_O_, 3, 0x16, "a@b", 0}, 1},
      {{OID_O_, 3, 0x16, "\x80", 0}, 0},
      {{OID_O_, 3, 0x1e, "\0a", 2}, 1},
      {{OID_O_, 3, 0x1e, "\0a\0", 3}, 0}, /* odd BMPString */
      {{OID_O_, 3, 0x14, "T61", 0}, 0},   /* another string type */
      {{OID_O_, 3, 0x04, "octets", 0}, 0},
      {{OID_O_, 2, 0x0c, "x", 0}, 1}, /* 2.5.4 */
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    set_name(&p->issuer, &rows[i].a, 1);
    if (try_parts(p, NULL) != (rows[i].ok ? 0 : -1))
      fprintf(stderr, "  name row %zu\n", i);
    CU_ASSERT_EQUAL(try_parts(p, NULL), rows[i].ok ? 0 : -1);
  }
  /* an empty issuer (RFC 5280 §4.1.2.4); an empty subject is fine */
  p->issuer.n = 0;
  put_tlv(&p->issuer, 0x30, NULL, 0);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  buf keep = p->subject;
  p->subject = p->issuer;
  set_name(&p->issuer, &rows[0].a, 1);
  contrast_x509lite x;
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.has_cn, 0);
  p->subject = keep;
  /* an empty RDN; an AVA with two values */
  p->issuer.n = 0;
  static const uint8_t EMPTY_RDN[] = {0x30, 0x02, 0x31, 0x00};
  put(&p->issuer, EMPTY_RDN, sizeof EMPTY_RDN);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  /* a multi-valued RDN: DER sorts the values (X.690 §11.6) */
  ava o = {OID_O_, 3, 0x0c, "Intel", 0}, cn = {OID_CN_, 3, 0x0c, "x", 0};
  buf a1 = {{0}, 0}, a2 = {{0}, 0}, set = {{0}, 0}, seq = {{0}, 0};
  ava_tlv(&a1, &cn); /* 30 08 06 03 55 04 03 ... < 30 0c ... */
  ava_tlv(&a2, &o);
  put(&set, a1.p, a1.n);
  put(&set, a2.p, a2.n);
  put_tlv(&seq, 0x31, set.p, set.n);
  p->issuer.n = 0;
  put_tlv(&p->issuer, 0x30, seq.p, seq.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), 0);
  set.n = seq.n = 0;
  put(&set, a2.p, a2.n);
  put(&set, a1.p, a1.n);
  put_tlv(&seq, 0x31, set.p, set.n);
  p->issuer.n = 0;
  put_tlv(&p->issuer, 0x30, seq.p, seq.n);
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

static void set_spki_der(parts *p, const EVP_PKEY *k) {
  unsigned char *der = NULL;
  int n = i2d_PUBKEY(k, &der);
  CU_ASSERT_FATAL(n > 0);
  p->spki.n = 0;
  put(&p->spki, der, (size_t)n);
  OPENSSL_free(der);
}

static void test_x509lite_public_key_forms(void) {
  fixture f;
  fixture_init(&f);
  parts *p = f.p;
  contrast_x509lite x;
  /* the real key: imported */
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  /* (x's views are gone with the buffer: use the fixture's parse) */
  EVP_PKEY *k = contrast_x509lite_pubkey(&f.x);
  CU_ASSERT_PTR_NOT_NULL(k);
  EVP_PKEY_free(k);
  /* a P-384 key: parsed, not P-256, no key */
  EVP_PKEY *p384 = EVP_EC_gen("P-384");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p384);
  set_spki_der(p, p384);
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.has_p256, 0);
  CU_ASSERT_PTR_NULL(contrast_x509lite_pubkey(&x));
  EVP_PKEY_free(p384);
  /* a P-256 point off the curve: has_p256, but no key */
  p->spki.n = 0;
  put_view(&p->spki, f.x.spki);
  p->spki.p[p->spki.n - 1] ^= 0x01;
  uint8_t *d = malloc(BUF_CAP);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  buf *out = malloc(sizeof *out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  build(p, out);
  memcpy(d, out->p, out->n);
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(parse(d, out->n, &x, &e), 0);
  CU_ASSERT_EQUAL(x.has_p256, 1);
  CU_ASSERT_PTR_NULL(contrast_x509lite_pubkey(&x));
  free(out);
  free(d);
  /* compressed form: not taken as P-256 */
  static const uint8_t COMPRESSED_HDR[] = {
      0x30, 0x39, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
      0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
      0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x22, 0x00, 0x02};
  p->spki.n = 0;
  put(&p->spki, COMPRESSED_HDR, sizeof COMPRESSED_HDR);
  put(&p->spki, f.x.p256_point + 1, 32);
  CU_ASSERT_EQUAL_FATAL(try_parts(p, &x), 0);
  CU_ASSERT_EQUAL(x.has_p256, 0);
  /* unused bits in the key's BIT STRING; trailing data in the SPKI */
  p->spki.n = 0;
  put_view(&p->spki, f.x.spki);
  p->spki.p[p->spki.n - 66] = 0x01;
  CU_ASSERT_EQUAL(try_parts(p, NULL), -1);
  fixture_wipe(&f);
}

/* ==== sweeps ==== */

typedef struct field {
  const char *name;
  contrast_der_view v;
} field;

static int covers(contrast_der_view v, const uint8_t *base, size_t i) {
  size_t off = (size_t)(v.p - base);
  return i >= off && i - off < v.len;
}

/* Flip each bit of each byte: the parse fails, or every field that does
 * not hold the flipped byte is unchanged (and some field does hold it). */
static void flip_sweep(const uint8_t *der, size_t len, size_t stride) {
  contrast_x509lite o, x;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(parse(der, len, &o, &e), 0);
  uint8_t *d = malloc(len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  size_t accepted = 0;
  for (size_t i = 0; i < len; i += stride) {
    for (int b = 0; b < 8; b++) {
      memcpy(d, der, len);
      d[i] ^= (uint8_t)(1u << b);
      if (parse(d, len, &x, &e) != 0) {
        ASSERT_CODE(e, CONTRAST_MALFORMED);
        continue;
      }
      accepted++;
      field fo[8 + CONTRAST_X509LITE_MAX_EXTS],
          fx[8 + CONTRAST_X509LITE_MAX_EXTS];
      size_t nf = 0;
#define F(name, m)                                                             \
  do {                                                                         \
    fo[nf] = (field){name, o.m};                                               \
    fx[nf++] = (field){name, x.m};                                             \
  } while (0)
      F("serial", serial_tlv);
      F("issuer", issuer);
      F("validity", validity);
      F("subject", subject);
      F("spki", spki);
      F("signature", sig);
#undef F
      int ext_area_hit = o.n_ext > 0 && i >= (size_t)(o.ext[0].tlv.p - der) &&
                         i < (size_t)(o.ext[o.n_ext - 1].tlv.p - der) +
                                 o.ext[o.n_ext - 1].tlv.len;
      if (!ext_area_hit)
        CU_ASSERT_EQUAL(x.n_ext, o.n_ext);
      for (size_t k = 0; k < o.n_ext && k < x.n_ext; k++) {
        fo[nf] = (field){"extension", o.ext[k].tlv};
        fx[nf++] = (field){"extension", x.ext[k].tlv};
      }
      int held = 0;
      for (size_t k = 0; k < nf; k++) {
        if (covers(fo[k].v, der, i)) {
          held = 1;
          continue;
        }
        /* not holding the flip: the same bytes at the same place */
        if (fo[k].v.len != fx[k].v.len || fo[k].v.p - der != fx[k].v.p - d ||
            memcmp(fo[k].v.p, fx[k].v.p, fo[k].v.len) != 0) {
          fprintf(stderr, "  flip at %zu bit %d changed %s\n", i, b,
                  fo[k].name);
          CU_FAIL("a field without the flipped byte changed");
        }
      }
      if (!held)
        fprintf(stderr, "  flip at %zu bit %d accepted outside any field\n", i,
                b);
      CU_ASSERT_TRUE(held);
      /* values derived from fields */
      if (!covers(o.validity, der, i)) {
        CU_ASSERT_EQUAL(x.not_before, o.not_before);
        CU_ASSERT_EQUAL(x.not_after, o.not_after);
      }
      if (!covers(o.subject, der, i)) {
        CU_ASSERT_EQUAL(x.has_cn, o.has_cn);
        CU_ASSERT_STRING_EQUAL(x.cn, o.cn);
      }
      if (!covers(o.spki, der, i))
        CU_ASSERT_EQUAL(x.has_p256, o.has_p256);
      if (!covers(o.tbs, der, i))
        CU_ASSERT_TRUE(contrast_der_view_eq(x.tbs, o.tbs));
      CU_ASSERT_TRUE(contrast_der_view_eq(x.sig_alg, o.sig_alg));
    }
  }
  CU_ASSERT_TRUE(accepted > 0);
  free(d);
}

static void test_x509lite_truncated_at_every_length_fails_malformed(void) {
  load_real();
  size_t n = test_skip_sweeps() ? 1 : g_real.n;
  for (size_t c = 0; c < n; c++) {
    for (size_t len = 0; len < g_real.len[c]; len++) {
      /* an exact heap copy, so reading past it shows */
      uint8_t *d = malloc(len ? len : 1);
      CU_ASSERT_PTR_NOT_NULL_FATAL(d);
      memcpy(d, g_real.der[c], len);
      contrast_x509lite x;
      contrast_err e;
      CU_ASSERT_EQUAL(parse(d, len, &x, &e), -1);
      ASSERT_CODE(e, CONTRAST_MALFORMED);
      CU_ASSERT_EQUAL(x.n_ext, 0); /* zeroed on failure */
      free(d);
    }
  }
  contrast_x509lite x;
  contrast_err e;
  CU_ASSERT_EQUAL(parse(NULL, 0, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
}

static void test_x509lite_bit_flip_in_every_byte_changes_only_that_field(void) {
  load_real();
  size_t n = test_skip_sweeps() ? 1 : g_real.n;
  for (size_t c = 0; c < n; c++)
    flip_sweep(g_real.der[c], g_real.len[c], test_skip_sweeps() ? 13 : 1);
}

static void test_x509lite_cleanup(void) {
  free_real();
  CU_PASS("freed");
}

#define T(fn)                                                                  \
  { #fn, fn }

int main(void) {
  static const test_case tests[] = {
      T(test_x509lite_parse_real_certs_same_as_openssl),
      T(test_x509lite_parse_real_intel_golden_fields),
      T(test_x509lite_ext_find_absent_returns_null),
      T(test_x509lite_rebuilt_real_cert_is_identical),
      T(test_x509lite_version_not_v3_fails_malformed),
      T(test_x509lite_serial_rules),
      T(test_x509lite_signature_algorithms_must_match),
      T(test_x509lite_signature_value_rules),
      T(test_x509lite_trailing_data_fails_malformed),
      T(test_x509lite_unique_ids_fail_malformed),
      T(test_x509lite_extension_rules),
      T(test_x509lite_validity_der_forms),
      T(test_x509lite_subject_cn_as_contrast_x509_name_cn),
      T(test_x509lite_name_rules),
      T(test_x509lite_public_key_forms),
      T(test_x509lite_truncated_at_every_length_fails_malformed),
      T(test_x509lite_bit_flip_in_every_byte_changes_only_that_field),
      T(test_x509lite_cleanup),
      {NULL, NULL},
  };
  return test_run_suite("common/x509lite.c", tests);
}
