/* OpenSSL helpers: certificates with their original bytes, strict PEM, DER
 * slicing of signed objects, validity windows, RSA-PSS, ECDSA (r,s) forms. */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "autofree.h"
#include "contrast/crypto.h"
#include "contrast/util.h"
#include "guard.h"

void contrast_cert_wipe(contrast_cert *c) {
  if (c == NULL)
    return;
  X509_free(c->x509);
  free(c->der);
  c->x509 = NULL;
  c->der = NULL;
  c->der_len = 0;
}

/* ---- DER ---- */

int contrast_der_next(const uint8_t **next, const uint8_t *end, uint8_t *tag,
                      const uint8_t **val, size_t *val_len) {
  const uint8_t *p = *next;
  if (p == NULL || end < p || end - p < 2)
    return -1;
  uint8_t t = p[0];
  if ((t & 0x1f) == 0x1f) /* multi-byte tags are never used here */
    return -1;
  size_t avail = (size_t)(end - p) - 2;
  size_t len;
  uint8_t l0 = p[1];
  p += 2;
  if (l0 < 0x80) {
    len = l0;
  } else {
    size_t nbytes = l0 & 0x7f;
    if (nbytes == 0 || nbytes > 4 || nbytes > avail)
      return -1;
    if (p[0] == 0) /* not minimal */
      return -1;
    len = 0;
    for (size_t i = 0; i < nbytes; i++)
      len = (len << 8) | p[i];
    if (len < 0x80) /* should have used the short form */
      return -1;
    p += nbytes;
    avail -= nbytes;
  }
  if (len > avail)
    return -1;
  *tag = t;
  *val = p;
  *val_len = len;
  *next = p + len;
  return 0;
}

int contrast_der_uint(const uint8_t *val, size_t len, uint64_t *out) {
  if (len == 0 || (val[0] & 0x80) != 0)
    return -1;
  if (len > 1 && val[0] == 0 && (val[1] & 0x80) == 0)
    return -1; /* non-minimal */
  size_t start = val[0] == 0 && len > 1 ? 1 : 0;
  if (len - start > 8)
    return -1;
  uint64_t v = 0;
  for (size_t i = start; i < len; i++)
    v = (v << 8) | val[i];
  *out = v;
  return 0;
}

int contrast_der_split_signed(const uint8_t *der, size_t len, const char *what,
                              contrast_signed_der *out, contrast_err *err) {
  const uint8_t *p = der, *end = der + len;
  const uint8_t *outer, *v;
  size_t outer_len, vlen;
  uint8_t tag;
  ENSURE(contrast_der_next(&p, end, &tag, &outer, &outer_len) == 0 &&
             tag == 0x30 && p == end,
         MALFORMED, "%s: not a DER SEQUENCE", what);
  const uint8_t *q = outer, *qend = outer + outer_len;
  const uint8_t *tbs_start = q;
  ENSURE(contrast_der_next(&q, qend, &tag, &v, &vlen) == 0 && tag == 0x30,
         MALFORMED, "%s: bad to-be-signed part", what);
  out->tbs = tbs_start;
  out->tbs_len = (size_t)(q - tbs_start);
  const uint8_t *alg;
  size_t alg_len;
  ENSURE(contrast_der_next(&q, qend, &tag, &alg, &alg_len) == 0 && tag == 0x30,
         MALFORMED, "%s: bad signature algorithm", what);
  const uint8_t *a = alg;
  ENSURE(contrast_der_next(&a, alg + alg_len, &tag, &v, &vlen) == 0 &&
             tag == 0x06,
         MALFORMED, "%s: bad signature algorithm OID", what);
  out->alg_oid = v;
  out->alg_oid_len = vlen;
  ENSURE(contrast_der_next(&q, qend, &tag, &v, &vlen) == 0 && tag == 0x03 &&
             vlen >= 1 && v[0] == 0 && q == qend,
         MALFORMED, "%s: bad signature value", what);
  out->sig = v + 1;
  out->sig_len = vlen - 1;
  return 0;
}

/* ---- PEM ---- */

static int is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What each byte is in a PEM body: RFC 4648 §4 alphabet value + 1 (1..64),
 * or one of the classes below; 0 is anything else. */
enum { B64_PAD = 65, B64_SPACE, B64_DASH, B64_COLON };
#define B64(c, v) [c] = (v) + 1
static const uint8_t B64_CLASS[256] = {
    B64('A', 0),  B64('B', 1),  B64('C', 2),  B64('D', 3),  B64('E', 4),
    B64('F', 5),  B64('G', 6),  B64('H', 7),  B64('I', 8),  B64('J', 9),
    B64('K', 10), B64('L', 11), B64('M', 12), B64('N', 13), B64('O', 14),
    B64('P', 15), B64('Q', 16), B64('R', 17), B64('S', 18), B64('T', 19),
    B64('U', 20), B64('V', 21), B64('W', 22), B64('X', 23), B64('Y', 24),
    B64('Z', 25), B64('a', 26), B64('b', 27), B64('c', 28), B64('d', 29),
    B64('e', 30), B64('f', 31), B64('g', 32), B64('h', 33), B64('i', 34),
    B64('j', 35), B64('k', 36), B64('l', 37), B64('m', 38), B64('n', 39),
    B64('o', 40), B64('p', 41), B64('q', 42), B64('r', 43), B64('s', 44),
    B64('t', 45), B64('u', 46), B64('v', 47), B64('w', 48), B64('x', 49),
    B64('y', 50), B64('z', 51), B64('0', 52), B64('1', 53), B64('2', 54),
    B64('3', 55), B64('4', 56), B64('5', 57), B64('6', 58), B64('7', 59),
    B64('8', 60), B64('9', 61), B64('+', 62), B64('/', 63),
    ['='] = B64_PAD,  [' '] = B64_SPACE, ['\t'] = B64_SPACE,
    ['\r'] = B64_SPACE, ['\n'] = B64_SPACE, ['-'] = B64_DASH,
    [':'] = B64_COLON};
#undef B64

/* One PEM body as the scan of its text finds it. */
typedef struct pem_body {
  size_t end;     /* offset of the END marker in buf */
  int has_end;    /* the END marker was found */
  int has_header; /* a ':' (RFC 7468 forbids headers here) */
  int has_nested; /* "-----" before the END marker */
  int bad_base64; /* a character outside the alphabet, '=' not at the
                     end or more than two of them, a count not a
                     multiple of 4, or nothing */
  size_t n_chars; /* base64 characters and padding, whitespace skipped */
  size_t pad;
} pem_body;

/* Scan buf[off..] up to the END marker once: what the block holds and
 * how many bytes it decodes to. */
static void pem_scan(const uint8_t *buf, size_t len, size_t off,
                     const char *endm, size_t endm_len, pem_body *b) {
  memset(b, 0, sizeof *b);
  size_t dashes = 0, n = 0, pad = 0;
  int bad = 0;
  for (size_t i = off; i < len; i++) {
    uint8_t c = B64_CLASS[buf[i]];
    if (c != 0 && c <= 64) { /* the alphabet: the common case */
      n++;
      bad |= pad != 0; /* data after padding */
      dashes = 0;
      continue;
    }
    if (c == B64_DASH) {
      if (endm_len <= len - i && memcmp(buf + i, endm, endm_len) == 0) {
        b->has_end = 1;
        b->end = i;
        break;
      }
      if (++dashes == 5)
        b->has_nested = 1;
      bad = 1;
      continue;
    }
    dashes = 0;
    if (c == B64_SPACE)
      continue;
    n++;
    if (c == B64_PAD) {
      bad |= ++pad > 2;
    } else { /* not base64 (':' among them) */
      bad = 1;
      if (c == B64_COLON)
        b->has_header = 1;
    }
  }
  b->n_chars = n;
  b->pad = pad;
  b->bad_base64 = bad || n == 0 || n % 4 != 0;
}

/* Decode the base64 characters of buf[off..end) (whitespace and padding
 * skipped; the scan has checked them) into out, exactly out_len bytes. */
static void b64_decode(const uint8_t *buf, size_t off, size_t end,
                       uint8_t *out, size_t out_len) {
  uint32_t acc = 0;
  unsigned k = 0;
  size_t o = 0;
  for (size_t i = off; i < end; i++) {
    uint8_t c = B64_CLASS[buf[i]];
    if (c == 0 || c > 64)
      continue;
    acc = (acc << 6) | (uint32_t)(c - 1);
    if (++k == 4) {
      if (out_len - o < 3)
        return; /* cannot happen after the scan; never write past out */
      out[o] = (uint8_t)(acc >> 16);
      out[o + 1] = (uint8_t)(acc >> 8);
      out[o + 2] = (uint8_t)acc;
      o += 3;
      acc = 0;
      k = 0;
    }
  }
  /* a padded last quantum: its 2 or 3 characters give 1 or 2 bytes (the
   * bits left over are ignored, as EVP_DecodeBlock does) */
  if (k == 2 && out_len - o == 1)
    out[o] = (uint8_t)(acc >> 4);
  if (k == 3 && out_len - o == 2) {
    out[o] = (uint8_t)(acc >> 10);
    out[o + 1] = (uint8_t)(acc >> 2);
  }
}

int contrast_pem_decode_all(const uint8_t *buf, size_t len, const char *label,
                            const char *what, uint8_t **der, size_t *der_len,
                            size_t max, size_t *n, contrast_err *err) {
  char begin[64], endm[64];
  (void)snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
  (void)snprintf(endm, sizeof endm, "-----END %s-----", label);
  size_t blen = strlen(begin), elen = strlen(endm);
  size_t count = 0, off = 0;
  for (size_t i = 0; i < max; i++) {
    der[i] = NULL;
    der_len[i] = 0;
  }
  *n = 0;
  while (off < len) {
    if (is_space(buf[off])) {
      off++;
      continue;
    }
    if (len - off < blen || memcmp(buf + off, begin, blen) != 0) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: unexpected data at byte %zu (expected "
                             "'%s')",
                             what, off, begin);
      goto fail;
    }
    off += blen;
    pem_body b;
    pem_scan(buf, len, off, endm, elen, &b);
    if (!b.has_end) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED, "%s: missing '%s'",
                             what, endm);
      goto fail;
    }
    if (b.has_header || b.has_nested) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: PEM headers or nested blocks not allowed",
                             what);
      goto fail;
    }
    if (count == max) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: more than %zu PEM blocks", what, max);
      goto fail;
    }
    size_t out_len = b.n_chars / 4 * 3 - b.pad;
    der[count] = b.bad_base64 ? NULL : malloc(out_len);
    if (der[count] == NULL) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: bad base64 in PEM block %zu", what,
                             count + 1);
      goto fail;
    }
    b64_decode(buf, off, b.end, der[count], out_len);
    der_len[count] = out_len;
    count++;
    off = b.end + elen;
  }
  if (count == 0) {
    (void)contrast_err_set(err, CONTRAST_MALFORMED, "%s: no '%s' block", what,
                           begin);
    goto fail;
  }
  *n = count;
  return 0;
fail:
  for (size_t i = 0; i < max; i++) {
    free(der[i]);
    der[i] = NULL;
    der_len[i] = 0;
  }
  return -1;
}

/* Take ownership of der (allocated) and parse it as one certificate. */
static int cert_from_der(uint8_t *der, size_t der_len, const char *what,
                         contrast_cert *out, contrast_err *err) {
  const unsigned char *p = der;
  if (der_len > LONG_MAX) {
    free(der);
    BAIL(MALFORMED, "%s: too large", what);
  }
  X509 *x = d2i_X509(NULL, &p, (long)der_len);
  if (x == NULL || p != der + der_len) {
    X509_free(x);
    free(der);
    BAIL(MALFORMED, "%s: not a DER X.509 certificate", what);
  }
  out->x509 = x;
  out->der = der;
  out->der_len = der_len;
  return 0;
}

int contrast_cert_parse(const uint8_t *buf, size_t len, const char *what,
                        contrast_cert *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  ENSURE(buf != NULL && len > 0, MALFORMED, "%s: empty", what);
  size_t i = 0;
  while (i < len && is_space(buf[i]))
    i++;
  if (i < len && buf[i] == '-') {
    uint8_t *der[1];
    size_t der_len[1], n = 0;
    GUARD(contrast_pem_decode_all(buf, len, "CERTIFICATE", what, der, der_len,
                                  1, &n, err));
    return cert_from_der(der[0], der_len[0], what, out, err);
  }
  uint8_t *copy = malloc(len);
  ENSURE_ALLOC(copy);
  memcpy(copy, buf, len);
  return cert_from_der(copy, len, what, out, err);
}

#define PEM_BUNDLE_MAX 16

int contrast_cert_parse_pem_bundle(const uint8_t *buf, size_t len,
                                   const char *what, contrast_cert *out,
                                   size_t max, size_t *n, contrast_err *err) {
  uint8_t *der[PEM_BUNDLE_MAX];
  size_t der_len[PEM_BUNDLE_MAX], count = 0;
  *n = 0;
  if (max > PEM_BUNDLE_MAX)
    max = PEM_BUNDLE_MAX;
  for (size_t i = 0; i < max; i++)
    memset(&out[i], 0, sizeof out[i]);
  GUARD(contrast_pem_decode_all(buf, len, "CERTIFICATE", what, der, der_len,
                                max, &count, err));
  for (size_t i = 0; i < count; i++) {
    if (cert_from_der(der[i], der_len[i], what, &out[i], err) != 0) {
      for (size_t j = 0; j < i; j++)
        contrast_cert_wipe(&out[j]);
      for (size_t j = i + 1; j < count; j++)
        free(der[j]);
      return -1;
    }
  }
  *n = count;
  return 0;
}

/* ---- time ---- */

int contrast_asn1_time_epoch(const ASN1_TIME *t, int64_t *out) {
  struct tm tm;
  if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
    return -1;
  *out = contrast_time_from_civil((int64_t)tm.tm_year + 1900,
                                  (unsigned)tm.tm_mon + 1,
                                  (unsigned)tm.tm_mday, (unsigned)tm.tm_hour,
                                  (unsigned)tm.tm_min, (unsigned)tm.tm_sec);
  return 0;
}

int contrast_x509_validity(const X509 *x, int64_t *not_before,
                           int64_t *not_after, contrast_err *err) {
  ENSURE(contrast_asn1_time_epoch(X509_get0_notBefore(x), not_before) == 0 &&
             contrast_asn1_time_epoch(X509_get0_notAfter(x), not_after) == 0,
         MALFORMED, "certificate: bad validity time");
  return 0;
}

int contrast_check_window(int64_t not_before, int64_t not_after, int64_t now,
                          const char *what, contrast_err *err) {
  if (now < not_before || now > not_after) {
    char a[32], b[32], c[32];
    contrast_time_format(not_before, a);
    contrast_time_format(not_after, b);
    contrast_time_format(now, c);
    BAIL(EXPIRED, "%s not valid at %s (valid %s .. %s)", what, c, a, b);
  }
  return 0;
}

/* ---- signatures ---- */

int contrast_rsa_pss_verify(EVP_PKEY *pub, const EVP_MD *md, int salt_len,
                            const uint8_t *msg, size_t msg_len,
                            const uint8_t *sig, size_t sig_len,
                            contrast_err *err) {
  AUTO_MD_CTX EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = NULL; /* owned by ctx */
  if (ctx == NULL)
    return contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
  if (EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA &&
      EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA_PSS)
    return 0;
  if (EVP_DigestVerifyInit(ctx, &pctx, md, NULL, pub) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_len) != 1)
    return contrast_err_set(err, CONTRAST_E_CRYPTO, "RSA-PSS setup failed");
  int r = EVP_DigestVerify(ctx, sig, sig_len, msg, msg_len);
  if (r != 1)
    ERR_clear_error(); /* a failed verify is a verdict, not an error */
  return r == 1 ? 1 : 0;
}

ECDSA_SIG *contrast_ecdsa_sig_from_le(const uint8_t *r, const uint8_t *s,
                                      size_t n) {
  if (n > INT_MAX)
    return NULL;
  BIGNUM *br = BN_lebin2bn(r, (int)n, NULL);
  BIGNUM *bs = BN_lebin2bn(s, (int)n, NULL);
  ECDSA_SIG *sig = ECDSA_SIG_new();
  if (br == NULL || bs == NULL || sig == NULL ||
      ECDSA_SIG_set0(sig, br, bs) != 1) {
    BN_free(br);
    BN_free(bs);
    ECDSA_SIG_free(sig);
    return NULL;
  }
  return sig;
}

int contrast_ecdsa_sig_to_le(const ECDSA_SIG *sig, uint8_t *r, uint8_t *s,
                             size_t n) {
  if (n > INT_MAX)
    return -1;
  const BIGNUM *br = ECDSA_SIG_get0_r(sig), *bs = ECDSA_SIG_get0_s(sig);
  if (br == NULL || bs == NULL || BN_bn2lebinpad(br, r, (int)n) < 0 ||
      BN_bn2lebinpad(bs, s, (int)n) < 0)
    return -1;
  return 0;
}

int contrast_ec_pub_xy(const EVP_PKEY *pkey, const char *curve, uint8_t *xy,
                       size_t coord_len) {
  char group[64];
  size_t glen = 0;
  uint8_t pt[1 + 2 * 66];
  size_t ptlen = 0;
  if (pkey == NULL || EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC)
    return -1;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                     sizeof group, &glen) != 1 ||
      strcmp(group, curve) != 0)
    return -1;
  if (2 * coord_len + 1 > sizeof pt ||
      EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                      pt, sizeof pt, &ptlen) != 1 ||
      ptlen != 2 * coord_len + 1 || pt[0] != 0x04)
    return -1;
  memcpy(xy, pt + 1, 2 * coord_len);
  return 0;
}

void contrast_sha384(const uint8_t *in, size_t n, uint8_t out[48]) {
  (void)SHA384(in, n, out);
}

void contrast_sha256(const uint8_t *in, size_t n, uint8_t out[32]) {
  (void)SHA256(in, n, out);
}

int contrast_x509_name_cn(const X509_NAME *name, char *out, size_t cap) {
  int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (idx < 0 || X509_NAME_get_index_by_NID(name, NID_commonName, idx) >= 0)
    return -1; /* none, or more than one */
  const ASN1_STRING *s =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
  int len = ASN1_STRING_length(s);
  if (len < 0 || (size_t)len >= cap)
    return -1;
  memcpy(out, ASN1_STRING_get0_data(s), (size_t)len);
  out[len] = '\0';
  for (int i = 0; i < len; i++)
    if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] >= 0x7f)
      return -1;
  return 0;
}

int contrast_crl_parse(const uint8_t *buf, size_t len, const char *what,
                       X509_CRL **out, contrast_err *err) {
  *out = NULL;
  size_t i = 0;
  while (i < len && is_space(buf[i]))
    i++;
  uint8_t *der[1] = {NULL};
  size_t der_len[1] = {0}, n = 0;
  const uint8_t *p0 = buf;
  size_t plen = len;
  if (i < len && buf[i] == '-') {
    GUARD(contrast_pem_decode_all(buf, len, "X509 CRL", what, der, der_len, 1,
                                  &n, err));
    p0 = der[0];
    plen = der_len[0];
  }
  int ok = 0;
  if (plen > 0 && plen <= LONG_MAX) {
    const unsigned char *p = p0;
    *out = d2i_X509_CRL(NULL, &p, (long)plen);
    ok = *out != NULL && p == p0 + plen;
  }
  free(der[0]);
  if (!ok) {
    X509_CRL_free(*out);
    *out = NULL;
    BAIL(MALFORMED, "%s: not a DER X.509 CRL", what);
  }
  return 0;
}
