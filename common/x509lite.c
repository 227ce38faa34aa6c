/* A strict DER reader for the X.509 v3 certificates of the TDX chains
 * (RFC 5280 §4.1, X.690 DER). See include/contrast/x509lite.h for what it
 * refuses that OpenSSL accepts. Every TLV goes through contrast_der_next
 * (bounded, minimal definite lengths); fields are read in the order of
 * RFC 5280 §4.1:
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 *                              signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT (v3), serialNumber,
 *       signature AlgorithmIdentifier, issuer Name, validity,
 *       subject Name, subjectPublicKeyInfo, [1] [2] unique IDs (refused),
 *       extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension }
 */
#include <string.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "contrast/x509lite.h"
#include "guard.h"

#define TAG_BOOLEAN 0x01
#define TAG_INTEGER 0x02
#define TAG_BIT_STRING 0x03
#define TAG_OCTET_STRING 0x04
#define TAG_NULL 0x05
#define TAG_OID 0x06
#define TAG_ENUMERATED 0x0a
#define TAG_UTF8 0x0c
#define TAG_PRINTABLE 0x13
#define TAG_IA5 0x16
#define TAG_UTCTIME 0x17
#define TAG_GENTIME 0x18
#define TAG_BMP 0x1e
#define TAG_SEQ 0x30
#define TAG_SET 0x31
#define TAG_CONSTRUCTED 0x20
#define TAG_VERSION 0xa0    /* [0] EXPLICIT Version */
#define TAG_EXTENSIONS 0xa3 /* [3] EXPLICIT Extensions */

/* Nesting allowed inside algorithm parameters (never more than 2 in any
 * real certificate). */
#define PARAMS_MAX_DEPTH 8
/* RFC 5280 §4.1.2.2: at most 20 octets, plus the sign octet DER needs when
 * the top bit is set (Intel's Platform CA serial is such a number). */
#define SERIAL_MAX 21

/* 2.5.4.3 commonName; 1.2.840.10045.2.1 id-ecPublicKey; the parameters
 * namedCurve prime256v1 (1.2.840.10045.3.1.7) as a whole TLV */
static const uint8_t OID_CN[] = {0x55, 0x04, 0x03};
static const uint8_t OID_EC_PUBLIC_KEY[] = {0x2a, 0x86, 0x48, 0xce,
                                            0x3d, 0x02, 0x01};
static const uint8_t P256_PARAMS[] = {TAG_OID, 0x08, 0x2a, 0x86, 0x48,
                                      0xce,    0x3d, 0x03, 0x01, 0x07};

/* The next TLV, which must carry tag `want`: its content in *v and, if tlv
 * is not NULL, the whole TLV in *tlv. Nothing moves on failure. */
static int next_tlv(const uint8_t **p, const uint8_t *end, uint8_t want,
                    contrast_der_view *v, contrast_der_view *tlv) {
  const uint8_t *start = *p, *q = *p, *val;
  size_t len;
  uint8_t tag;
  if (contrast_der_next(&q, end, &tag, &val, &len) != 0 || tag != want)
    return -1;
  *p = q;
  v->p = val;
  v->len = len;
  if (tlv != NULL) {
    tlv->p = start;
    tlv->len = (size_t)(q - start);
  }
  return 0;
}

static int view_is(contrast_der_view v, const uint8_t *want, size_t n) {
  return v.len == n && memcmp(v.p, want, n) == 0;
}

int contrast_der_view_eq(contrast_der_view a, contrast_der_view b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* X.690 §8.19: at least one sub-identifier, each minimal (no leading 0x80
 * octet), the last octet ends a sub-identifier. */
static int oid_ok(contrast_der_view o) {
  if (o.len == 0 || (o.p[o.len - 1] & 0x80) != 0)
    return 0;
  for (size_t i = 0; i < o.len; i++)
    if (o.p[i] == 0x80 && (i == 0 || (o.p[i - 1] & 0x80) == 0))
      return 0;
  return 1;
}

/* A non-negative DER INTEGER: minimal, not empty. */
static int uint_ok(contrast_der_view v) {
  if (v.len == 0 || (v.p[0] & 0x80) != 0)
    return 0;
  return v.len == 1 || v.p[0] != 0 || (v.p[1] & 0x80) != 0;
}

/* Well-formed DER TLVs from p to end (algorithm parameters), recursing
 * into constructed ones. Of the universal types only those that
 * parameters use are allowed, each with its DER content rules and form
 * (X.690 §8, §10.2, §11): other universal tags are refused, so anything
 * accepted here OpenSSL's decoder takes too. Other classes: any content. */
static int tlvs_ok(const uint8_t *p, const uint8_t *end, unsigned depth) {
  if (depth > PARAMS_MAX_DEPTH)
    return 0;
  while (p < end) {
    uint8_t tag;
    const uint8_t *val;
    size_t len;
    if (contrast_der_next(&p, end, &tag, &val, &len) != 0)
      return 0;
    contrast_der_view v = {val, len};
    int ok;
    if ((tag & 0xc0) != 0) { /* application, context-specific, private */
      ok = (tag & TAG_CONSTRUCTED) == 0 || tlvs_ok(val, val + len, depth + 1);
    } else {
      switch (tag) {
      case TAG_BOOLEAN:
        ok = len == 1 && (val[0] == 0 || val[0] == 0xff);
        break;
      case TAG_INTEGER:
      case TAG_ENUMERATED:
        ok = len > 0 &&
             (len == 1 || !((val[0] == 0 && (val[1] & 0x80) == 0) ||
                            (val[0] == 0xff && (val[1] & 0x80) != 0)));
        break;
      case TAG_BIT_STRING: /* unused bits <= 7 and zero, none if empty */
        ok = len > 0 && val[0] <= 7 && (len > 1 || val[0] == 0) &&
             (val[len - 1] & ((1u << val[0]) - 1u)) == 0;
        break;
      case TAG_OCTET_STRING:
        ok = 1;
        break;
      case TAG_NULL:
        ok = len == 0;
        break;
      case TAG_OID:
        ok = oid_ok(v);
        break;
      case TAG_SEQ:
      case TAG_SET:
        ok = tlvs_ok(val, val + len, depth + 1);
        break;
      default:
        ok = 0;
        break;
      }
    }
    if (!ok)
      return 0;
  }
  return 1;
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY
 * OPTIONAL }: the OID and the parameters TLV (len 0 when absent). */
static int alg_id(contrast_der_view a, contrast_der_view *oid,
                  contrast_der_view *params) {
  const uint8_t *p = a.p, *end = a.p + a.len;
  if (next_tlv(&p, end, TAG_OID, oid, NULL) != 0 || !oid_ok(*oid))
    return -1;
  params->p = p;
  params->len = (size_t)(end - p);
  if (p == end)
    return 0;
  uint8_t tag;
  const uint8_t *val;
  size_t len;
  if (contrast_der_next(&p, end, &tag, &val, &len) != 0 || p != end ||
      !tlvs_ok(params->p, end, 0))
    return -1;
  return 0;
}

/* ---- names ---- */

static int is_printable_string_char(uint8_t c) {
  /* X.680 §41.4 PrintableString */
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == ' ' || c == '\'' || c == '(' ||
         c == ')' || c == '+' || c == ',' || c == '-' || c == '.' || c == '/' ||
         c == ':' || c == '=' || c == '?';
}

/* RFC 3629 UTF-8: no overlong forms, no surrogates, at most U+10FFFF. */
static int utf8_ok(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t k;
    uint32_t cp, min;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      k = 1;
      cp = c & 0x1fu;
      min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      k = 2;
      cp = c & 0x0fu;
      min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      k = 3;
      cp = c & 0x07u;
      min = 0x10000;
    } else {
      return 0;
    }
    if (k > n - i - 1)
      return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + j] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    i += k + 1;
  }
  return 1;
}

static int string_ok(uint8_t tag, contrast_der_view v) {
  switch (tag) {
  case TAG_UTF8:
    return utf8_ok(v.p, v.len);
  case TAG_PRINTABLE:
    for (size_t i = 0; i < v.len; i++)
      if (!is_printable_string_char(v.p[i]))
        return 0;
    return 1;
  case TAG_IA5:
    for (size_t i = 0; i < v.len; i++)
      if (v.p[i] >= 0x80)
        return 0;
    return 1;
  case TAG_BMP:
    return v.len % 2 == 0;
  default:
    return 0;
  }
}

/* X.690 §11.6: SET OF components in ascending order of their encodings,
 * the shorter padded with zero octets. -1, 0, 1 as memcmp. */
static int der_order(contrast_der_view a, contrast_der_view b) {
  size_t n = a.len < b.len ? a.len : b.len;
  int c = memcmp(a.p, b.p, n);
  if (c != 0)
    return c;
  const contrast_der_view *longer = a.len > b.len ? &a : &b;
  for (size_t i = n; i < longer->len; i++)
    if (longer->p[i] != 0)
      return a.len > b.len ? 1 : -1;
  return 0;
}

typedef struct cn_state {
  size_t count;
  uint8_t tag;
  contrast_der_view value;
} cn_state;

/* Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET SIZE
 * (1..MAX) OF AttributeTypeAndValue ::= SEQUENCE { type OID, value }. */
static int name_ok(contrast_der_view name, cn_state *cn) {
  const uint8_t *p = name.p, *end = name.p + name.len;
  while (p < end) {
    contrast_der_view rdn, ava, prev = {NULL, 0};
    if (next_tlv(&p, end, TAG_SET, &rdn, NULL) != 0 || rdn.len == 0)
      return -1;
    const uint8_t *q = rdn.p, *qend = rdn.p + rdn.len;
    while (q < qend) {
      contrast_der_view ava_tlv, type, value;
      if (next_tlv(&q, qend, TAG_SEQ, &ava, &ava_tlv) != 0)
        return -1;
      if (prev.p != NULL && der_order(prev, ava_tlv) > 0)
        return -1;
      prev = ava_tlv;
      const uint8_t *r = ava.p, *rend = ava.p + ava.len;
      uint8_t tag;
      if (next_tlv(&r, rend, TAG_OID, &type, NULL) != 0 || !oid_ok(type) ||
          contrast_der_next(&r, rend, &tag, &value.p, &value.len) != 0 ||
          r != rend || !string_ok(tag, value))
        return -1;
      if (cn != NULL && view_is(type, OID_CN, sizeof OID_CN)) {
        cn->count++;
        cn->tag = tag;
        cn->value = value;
      }
    }
  }
  return 0;
}

/* The subject CN as contrast_x509_name_cn gives it. */
static void set_cn(const cn_state *s, contrast_x509lite *out) {
  if (s->count != 1 || s->value.len >= sizeof out->cn ||
      (s->tag != TAG_UTF8 && s->tag != TAG_PRINTABLE && s->tag != TAG_IA5))
    return;
  for (size_t i = 0; i < s->value.len; i++)
    if (s->value.p[i] < 0x20 || s->value.p[i] >= 0x7f)
      return;
  memcpy(out->cn, s->value.p, s->value.len);
  out->cn[s->value.len] = '\0';
  out->has_cn = 1;
}

/* ---- time ---- */

static int digits(const uint8_t *s, size_t n, unsigned *out) {
  return contrast_parse_digits((const char *)s, n, out);
}

/* RFC 5280 §4.1.2.5.1/.2 in DER: UTCTime YYMMDDHHMMSSZ (YY < 50 is 20YY),
 * GeneralizedTime YYYYMMDDHHMMSSZ; no fractions, no offsets. */
static int der_time(const uint8_t **p, const uint8_t *end, int64_t *out) {
  uint8_t tag;
  const uint8_t *s;
  size_t n;
  if (contrast_der_next(p, end, &tag, &s, &n) != 0)
    return -1;
  size_t ylen = tag == TAG_UTCTIME ? 2 : tag == TAG_GENTIME ? 4 : 0;
  unsigned y, mo, d, h, mi, sec;
  if (ylen == 0 || n != ylen + 11 || s[n - 1] != 'Z' ||
      digits(s, ylen, &y) != 0 || digits(s + ylen, 2, &mo) != 0 ||
      digits(s + ylen + 2, 2, &d) != 0 || digits(s + ylen + 4, 2, &h) != 0 ||
      digits(s + ylen + 6, 2, &mi) != 0 || digits(s + ylen + 8, 2, &sec) != 0)
    return -1;
  if (ylen == 2)
    y += y < 50 ? 2000 : 1900;
  if (mo < 1 || mo > 12 || d < 1 || d > contrast_days_in_month(y, mo) ||
      h > 23 || mi > 59 || sec > 59)
    return -1;
  *out = contrast_time_from_civil((int64_t)y, mo, d, h, mi, sec);
  return 0;
}

/* ---- the certificate ---- */

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 * subjectPublicKey BIT STRING } */
static int spki_ok(contrast_der_view spki, contrast_x509lite *out) {
  const uint8_t *p = spki.p, *end = spki.p + spki.len;
  contrast_der_view alg, oid, params, key;
  if (next_tlv(&p, end, TAG_SEQ, &alg, NULL) != 0 ||
      alg_id(alg, &oid, &params) != 0 ||
      next_tlv(&p, end, TAG_BIT_STRING, &key, NULL) != 0 || p != end ||
      key.len < 1 || key.p[0] != 0)
    return -1;
  /* RFC 5480: id-ecPublicKey, namedCurve prime256v1, uncompressed point */
  if (view_is(oid, OID_EC_PUBLIC_KEY, sizeof OID_EC_PUBLIC_KEY) &&
      view_is(params, P256_PARAMS, sizeof P256_PARAMS) && key.len == 66 &&
      key.p[1] == 0x04) {
    out->has_p256 = 1;
    out->p256_point = key.p + 1;
  }
  return 0;
}

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING } */
static int extensions_ok(contrast_der_view exts, contrast_x509lite *out,
                         const char **field) {
  const uint8_t *p = exts.p, *end = exts.p + exts.len;
  *field = "extensions";
  if (p == end)
    return -1; /* SIZE (1..MAX) */
  while (p < end) {
    contrast_der_view ext, tlv, oid, crit, value;
    if (out->n_ext == CONTRAST_X509LITE_MAX_EXTS) {
      *field = "too many extensions";
      return -1;
    }
    if (next_tlv(&p, end, TAG_SEQ, &ext, &tlv) != 0)
      return -1;
    const uint8_t *q = ext.p, *qend = ext.p + ext.len;
    if (next_tlv(&q, qend, TAG_OID, &oid, NULL) != 0 || !oid_ok(oid))
      return -1;
    int critical = 0;
    if (next_tlv(&q, qend, TAG_BOOLEAN, &crit, NULL) == 0) {
      /* DER: DEFAULT FALSE is omitted, TRUE is 0xFF */
      if (crit.len != 1 || crit.p[0] != 0xff) {
        *field = "extension critical flag";
        return -1;
      }
      critical = 1;
    }
    if (next_tlv(&q, qend, TAG_OCTET_STRING, &value, NULL) != 0 || q != qend)
      return -1;
    for (size_t i = 0; i < out->n_ext; i++) {
      if (contrast_der_view_eq(out->ext[i].oid, oid)) {
        *field = "duplicate extension";
        return -1;
      }
    }
    contrast_x509lite_ext *e = &out->ext[out->n_ext++];
    e->oid = oid;
    e->is_critical = critical;
    e->value = value;
    e->tlv = tlv;
  }
  return 0;
}

static int tbs_ok(contrast_der_view tbs, contrast_x509lite *out,
                  contrast_der_view *inner_alg, const char **field) {
  static const uint8_t V3[] = {TAG_INTEGER, 0x01, 0x02};
  const uint8_t *p = tbs.p, *end = tbs.p + tbs.len;
  contrast_der_view v, oid, params;
  *field = "version";
  if (next_tlv(&p, end, TAG_VERSION, &v, NULL) != 0 ||
      !view_is(v, V3, sizeof V3))
    return -1;
  *field = "serial number";
  if (next_tlv(&p, end, TAG_INTEGER, &out->serial, &out->serial_tlv) != 0 ||
      !uint_ok(out->serial) || out->serial.len > SERIAL_MAX)
    return -1;
  *field = "signature algorithm";
  if (next_tlv(&p, end, TAG_SEQ, &v, inner_alg) != 0 ||
      alg_id(v, &oid, &params) != 0)
    return -1;
  *field = "issuer";
  if (next_tlv(&p, end, TAG_SEQ, &v, &out->issuer) != 0 || v.len == 0 ||
      name_ok(v, NULL) != 0)
    return -1;
  *field = "validity";
  if (next_tlv(&p, end, TAG_SEQ, &v, &out->validity) != 0)
    return -1;
  const uint8_t *q = v.p, *qend = v.p + v.len;
  if (der_time(&q, qend, &out->not_before) != 0 ||
      der_time(&q, qend, &out->not_after) != 0 || q != qend)
    return -1;
  *field = "subject";
  cn_state cn = {0, 0, {NULL, 0}};
  if (next_tlv(&p, end, TAG_SEQ, &v, &out->subject) != 0 ||
      name_ok(v, &cn) != 0)
    return -1;
  set_cn(&cn, out);
  *field = "subject public key info";
  if (next_tlv(&p, end, TAG_SEQ, &v, &out->spki) != 0 || spki_ok(v, out) != 0)
    return -1;
  /* issuerUniqueID [1] and subjectUniqueID [2] (RFC 5280: CAs must not
   * generate them) are refused with whatever follows but extensions */
  if (p < end) {
    *field = "extensions";
    if (next_tlv(&p, end, TAG_EXTENSIONS, &v, NULL) != 0)
      return -1;
    const uint8_t *r = v.p, *rend = v.p + v.len;
    contrast_der_view seq;
    if (next_tlv(&r, rend, TAG_SEQ, &seq, NULL) != 0 || r != rend ||
        extensions_ok(seq, out, field) != 0)
      return -1;
  }
  *field = "trailing data in the to-be-signed part";
  return p == end ? 0 : -1;
}

int contrast_x509lite_parse(const uint8_t *der, size_t len, const char *what,
                            contrast_x509lite *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  const char *field = "certificate";
  contrast_der_view cert, v, inner_alg, oid, params;
  const uint8_t *p = der, *end = der + len;
  if (der == NULL || next_tlv(&p, end, TAG_SEQ, &cert, &out->der) != 0 ||
      p != end)
    goto bad;
  p = cert.p;
  end = cert.p + cert.len;
  field = "to-be-signed part";
  if (next_tlv(&p, end, TAG_SEQ, &v, &out->tbs) != 0 ||
      tbs_ok(v, out, &inner_alg, &field) != 0)
    goto bad;
  field = "signature algorithm";
  if (next_tlv(&p, end, TAG_SEQ, &v, &out->sig_alg_tlv) != 0 ||
      alg_id(v, &oid, &params) != 0)
    goto bad;
  /* RFC 5280 §4.1.1.2: the same algorithm as inside the TBS (X509_verify
   * checks this too; a signature check over the TBS alone would not) */
  field = "signature algorithm differs from the to-be-signed one";
  if (!contrast_der_view_eq(out->sig_alg_tlv, inner_alg))
    goto bad;
  out->sig_alg = oid;
  field = "signature value";
  if (next_tlv(&p, end, TAG_BIT_STRING, &v, NULL) != 0 || p != end ||
      v.len < 1 || v.p[0] != 0)
    goto bad;
  out->sig.p = v.p + 1;
  out->sig.len = v.len - 1;
  return 0;
bad:
  memset(out, 0, sizeof *out);
  BAIL(MALFORMED, "%s: not a DER X.509 v3 certificate (%s)", what, field);
}

const contrast_x509lite_ext *
contrast_x509lite_ext_find(const contrast_x509lite *c, const uint8_t *oid,
                           size_t oid_len) {
  for (size_t i = 0; i < c->n_ext; i++)
    if (view_is(c->ext[i].oid, oid, oid_len))
      return &c->ext[i];
  return NULL;
}

EVP_PKEY *contrast_x509lite_pubkey(const contrast_x509lite *c) {
  if (!c->has_p256 || c->p256_point == NULL)
    return NULL;
  return contrast_p256_pkey_new(c->p256_point + 1);
}
