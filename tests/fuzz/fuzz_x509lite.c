/* libFuzzer target: the strict X.509 reader of common/x509lite.c
 * (contrast_x509lite_parse, contrast_x509lite_ext_find,
 * contrast_x509lite_pubkey), which reads every certificate of the TDX
 * chains.
 *
 * The whole input is one DER certificate. Invariants (abort() when broken):
 *  - failure records MALFORMED and leaves the result zeroed;
 *  - success: every view lies inside the input, the TBS and the fields are
 *    where RFC 5280 puts them, extensions are unique and found by OID;
 *  - the oracle: whatever x509lite accepts, OpenSSL's d2i_X509 accepts too
 *    (x509lite is the stricter reader), and reads the same version, serial,
 *    names, validity, CN, SubjectPublicKeyInfo, P-256 key, signature
 *    algorithm (outer and inner), signature, TBS and extensions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "contrast/crypto.h"
#include "contrast/x509lite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,       \
              __LINE__);                                                       \
      abort();                                                                 \
    }                                                                          \
  } while (0)

static int inside(contrast_der_view v, const uint8_t *p, size_t n) {
  return v.len == 0 ||
         (v.p >= p && v.p <= p + n && v.len <= (size_t)(p + n - v.p));
}

static int bytes_eq(contrast_der_view v, const void *p, size_t n) {
  return v.len == n && (n == 0 || memcmp(v.p, p, n) == 0);
}

static int obj_eq(contrast_der_view v, const ASN1_OBJECT *o) {
  return o != NULL && bytes_eq(v, OBJ_get0_data(o), OBJ_length(o));
}

static int name_eq(contrast_der_view v, const X509_NAME *nm) {
  const unsigned char *der;
  size_t len;
  return X509_NAME_get0_der(nm, &der, &len) == 1 && bytes_eq(v, der, len);
}

/* The single CN's value is a BMPString: OpenSSL hands out its raw UCS-2
 * bytes as the CN, x509lite gives none. */
static int cn_is_bmp(const X509_NAME *nm) {
  int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
  return i >= 0 && ASN1_STRING_type(X509_NAME_ENTRY_get_data(
                       X509_NAME_get_entry(nm, i))) == V_ASN1_BMPSTRING;
}

static void oracle(const uint8_t *data, size_t size,
                   const contrast_x509lite *x) {
  const unsigned char *p = data;
  X509 *c = d2i_X509(NULL, &p, (long)size);
  CHECK(c != NULL && p == data + size); /* x509lite is the stricter */
  CHECK(X509_get_version(c) == 2);
  unsigned char sn[64], *q = sn;
  const ASN1_INTEGER *serial = X509_get0_serialNumber(c);
  int sn_len = i2d_ASN1_INTEGER(serial, NULL);
  CHECK(sn_len > 0 && (size_t)sn_len <= sizeof sn &&
        i2d_ASN1_INTEGER(serial, &q) == sn_len);
  CHECK(bytes_eq(x->serial_tlv, sn, (size_t)sn_len));
  CHECK(name_eq(x->issuer, X509_get_issuer_name(c)));
  CHECK(name_eq(x->subject, X509_get_subject_name(c)));
  int64_t nb, na;
  contrast_err err;
  contrast_err_clear(&err);
  CHECK(contrast_x509_validity(c, &nb, &na, &err) == 0);
  CHECK(nb == x->not_before && na == x->not_after);
  char cn[CONTRAST_X509LITE_CN_CAP];
  int has_cn =
      contrast_x509_name_cn(X509_get_subject_name(c), cn, sizeof cn) == 0;
  if (x->has_cn)
    CHECK(has_cn && strcmp(cn, x->cn) == 0);
  else
    CHECK(!has_cn || cn_is_bmp(X509_get_subject_name(c)));
  unsigned char *spki = NULL;
  int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c), &spki);
  CHECK(spki_len > 0 && bytes_eq(x->spki, spki, (size_t)spki_len));
  OPENSSL_free(spki);
  EVP_PKEY *k = contrast_x509lite_pubkey(x);
  if (k != NULL) {
    uint8_t xy[64];
    CHECK(x->has_p256);
    CHECK(contrast_ec_pub_xy(X509_get0_pubkey(c), "prime256v1", xy, 32) == 0 &&
          memcmp(xy, x->p256_point + 1, 64) == 0);
    CHECK(EVP_PKEY_eq(k, X509_get0_pubkey(c)) == 1);
    EVP_PKEY_free(k);
  }
  const ASN1_BIT_STRING *sig;
  const X509_ALGOR *alg;
  const ASN1_OBJECT *obj;
  X509_get0_signature(&sig, &alg, c);
  X509_ALGOR_get0(&obj, NULL, NULL, alg);
  CHECK(obj_eq(x->sig_alg, obj));
  X509_ALGOR_get0(&obj, NULL, NULL, X509_get0_tbs_sigalg(c));
  CHECK(obj_eq(x->sig_alg, obj));
  CHECK(bytes_eq(x->sig, ASN1_STRING_get0_data(sig),
                 (size_t)ASN1_STRING_length(sig)));
  unsigned char *tbs = NULL;
  int tbs_len = i2d_re_X509_tbs(c, &tbs);
  CHECK(tbs_len > 0 && bytes_eq(x->tbs, tbs, (size_t)tbs_len));
  OPENSSL_free(tbs);
  CHECK((size_t)X509_get_ext_count(c) == x->n_ext);
  for (size_t i = 0; i < x->n_ext; i++) {
    X509_EXTENSION *e = X509_get_ext(c, (int)i);
    const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(e);
    CHECK(obj_eq(x->ext[i].oid, X509_EXTENSION_get_object(e)));
    CHECK(X509_EXTENSION_get_critical(e) == x->ext[i].is_critical);
    CHECK(bytes_eq(x->ext[i].value, ASN1_STRING_get0_data(v),
                   (size_t)ASN1_STRING_length(v)));
  }
  X509_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  contrast_x509lite x;
  contrast_err err;
  contrast_err_clear(&err);
  memset(&x, 0xA5, sizeof x);
  if (contrast_x509lite_parse(data, size, "fuzz", &x, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED);
    static const contrast_x509lite zero;
    CHECK(memcmp(&x, &zero, sizeof x) == 0);
    return 0;
  }
  CHECK(x.der.p == data && x.der.len == size);
  const contrast_der_view all[] = {
      x.tbs,        x.sig_alg, x.sig_alg_tlv, x.sig,      x.serial,
      x.serial_tlv, x.issuer,  x.subject,     x.validity, x.spki};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    CHECK(inside(all[i], data, size));
  /* the TBS first, the signature last; fields in RFC 5280 order */
  CHECK(x.tbs.p > data && x.sig.p + x.sig.len == data + size);
  CHECK(x.serial_tlv.p > x.tbs.p && x.issuer.p > x.serial_tlv.p &&
        x.validity.p > x.issuer.p && x.subject.p > x.validity.p &&
        x.spki.p > x.subject.p && x.spki.p + x.spki.len <= x.tbs.p + x.tbs.len);
  CHECK(x.sig_alg_tlv.p >= x.tbs.p + x.tbs.len);
  CHECK(x.serial.len >= 1 && (x.serial.p[0] & 0x80) == 0);
  CHECK(x.n_ext <= CONTRAST_X509LITE_MAX_EXTS);
  if (x.has_cn)
    CHECK(strlen(x.cn) < sizeof x.cn);
  if (x.has_p256)
    CHECK(x.p256_point[0] == 0x04 && x.p256_point > x.spki.p &&
          x.p256_point + 65 == x.spki.p + x.spki.len);
  for (size_t i = 0; i < x.n_ext; i++) {
    CHECK(inside(x.ext[i].tlv, data, size) && inside(x.ext[i].oid, data, size));
    CHECK(x.ext[i].tlv.p > x.spki.p);
    CHECK(x.ext[i].tlv.p + x.ext[i].tlv.len <= x.tbs.p + x.tbs.len);
    CHECK(contrast_x509lite_ext_find(&x, x.ext[i].oid.p, x.ext[i].oid.len) ==
          &x.ext[i]);
  }
  oracle(data, size, &x);
  return 0;
}
