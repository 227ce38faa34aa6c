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

static const uint8_t *find(const uint8_t *hay, size_t hay_len,
                           const char *needle) {
  size_t n = strlen(needle);
  if (n > hay_len)
    return NULL;
  for (size_t i = 0; i + n <= hay_len; i++)
    if (memcmp(hay + i, needle, n) == 0)
      return hay + i;
  return NULL;
}

/* Decode base64 body (whitespace between characters allowed, '=' padding
 * only at the end). */
static int b64_decode(const uint8_t *in, size_t len, uint8_t **out,
                      size_t *out_len) {
  uint8_t *clean = malloc(len + 1);
  if (clean == NULL)
    return -1;
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (is_space(in[i]))
      continue;
    clean[n++] = in[i];
  }
  if (n == 0 || n % 4 != 0) {
    free(clean);
    return -1;
  }
  uint8_t *buf = malloc(n / 4 * 3 + 1);
  if (buf == NULL) {
    free(clean);
    return -1;
  }
  int r = EVP_DecodeBlock(buf, clean, (int)n);
  size_t pad = 0;
  if (clean[n - 1] == '=')
    pad++;
  if (clean[n - 2] == '=')
    pad++;
  /* '=' anywhere but the end makes EVP_DecodeBlock fail or garble: refuse */
  for (size_t i = 0; i + pad < n; i++) {
    if (clean[i] == '=') {
      r = -1;
      break;
    }
  }
  free(clean);
  if (r < 0 || (size_t)r < pad) {
    free(buf);
    return -1;
  }
  *out = buf;
  *out_len = (size_t)r - pad;
  return 0;
}

int contrast_pem_decode_all(const uint8_t *buf, size_t len, const char *label,
                            const char *what, uint8_t **der, size_t *der_len,
                            size_t max, size_t *n, contrast_err *err) {
  char begin[64], endm[64];
  (void)snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
  (void)snprintf(endm, sizeof endm, "-----END %s-----", label);
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
    size_t blen = strlen(begin);
    if (len - off < blen || memcmp(buf + off, begin, blen) != 0) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: unexpected data at byte %zu (expected "
                             "'%s')",
                             what, off, begin);
      goto fail;
    }
    off += blen;
    const uint8_t *e = find(buf + off, len - off, endm);
    if (e == NULL) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED, "%s: missing '%s'",
                             what, endm);
      goto fail;
    }
    size_t body_len = (size_t)(e - (buf + off));
    if (find(buf + off, body_len, ":") != NULL ||
        find(buf + off, body_len, "-----") != NULL) {
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
    if (b64_decode(buf + off, body_len, &der[count], &der_len[count]) != 0) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: bad base64 in PEM block %zu", what,
                             count + 1);
      goto fail;
    }
    count++;
    off = (size_t)(e - buf) + strlen(endm);
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
