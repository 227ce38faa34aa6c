/* A small, strict DER reader for X.509 v3 certificates (RFC 5280 §4.1):
 * exactly the fields the TDX verifier needs, without d2i_X509 (whose
 * provider-based public-key decoding costs OpenSSL 3.0 about 80 us per
 * certificate, a third of a cold TDX verification).
 *
 * Stricter than OpenSSL on purpose:
 *  - DER only: minimal definite lengths, single-byte tags, DEFAULT values
 *    omitted (an explicit `critical FALSE` is refused), BOOLEAN TRUE is
 *    0xFF, INTEGERs minimal, OIDs with minimal sub-identifiers, times in
 *    their DER forms only ("YYMMDDHHMMSSZ" / "YYYYMMDDHHMMSSZ"), RDNs with
 *    several values sorted (X.690 §11.6), no trailing bytes anywhere;
 *  - version must be v3; the signature AlgorithmIdentifier inside the
 *    TBSCertificate must equal the outer one byte for byte; issuer and
 *    subject unique IDs are refused; the issuer name must not be empty;
 *  - name values must be UTF8String (valid UTF-8), PrintableString (its
 *    alphabet), IA5String (ASCII) or BMPString (even length);
 *  - an extension OID may appear once; at most CONTRAST_X509LITE_MAX_EXTS.
 *
 * Names are kept as their DER bytes; callers compare them by exact bytes.
 * That is stricter than X509_NAME_cmp (which compares a canonical form:
 * case-folded, whitespace-collapsed, string types unified), and it is what
 * Intel's PKI and the simulator produce: every certificate's and CRL's
 * issuer is a byte copy of its issuer's subject.
 *
 * Everything returned points into the caller's buffer, which must outlive
 * the parse result. Nothing is allocated. */
#ifndef CONTRAST_X509LITE_H
#define CONTRAST_X509LITE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "contrast/error.h"

#define CONTRAST_X509LITE_MAX_EXTS 16
/* contrast_x509_name_cn's callers use 128 bytes: CNs up to 127 chars */
#define CONTRAST_X509LITE_CN_CAP 128

/* A view of some bytes of the certificate. */
typedef struct contrast_der_view {
  const uint8_t *p;
  size_t len;
} contrast_der_view;

typedef struct contrast_x509lite_ext {
  contrast_der_view oid;   /* extnID content octets */
  int is_critical;         /* critical TRUE present */
  contrast_der_view value; /* extnValue OCTET STRING content */
  contrast_der_view tlv;   /* the whole Extension SEQUENCE */
} contrast_x509lite_ext;

typedef struct contrast_x509lite {
  contrast_der_view der;         /* the whole certificate */
  contrast_der_view tbs;         /* TBSCertificate TLV: the signed bytes */
  contrast_der_view sig_alg;     /* signature algorithm OID content octets */
  contrast_der_view sig_alg_tlv; /* the whole (outer) AlgorithmIdentifier */
  contrast_der_view sig;         /* signatureValue, without the unused-bits
                                    octet (which must be 0) */
  contrast_der_view serial;      /* INTEGER content octets (non-negative,
                                    minimal: may start with one 0x00) */
  contrast_der_view serial_tlv;
  contrast_der_view issuer;      /* Name TLV */
  contrast_der_view subject;     /* Name TLV */
  contrast_der_view validity;    /* Validity TLV */
  int64_t not_before, not_after; /* epoch seconds */
  /* The single commonName of the subject, printable ASCII (0x20..0x7e),
   * from a UTF8String, PrintableString or IA5String: as
   * contrast_x509_name_cn. has_cn is 0 when it is absent, repeated, of
   * another string type, unprintable or longer than 127 characters. */
  int has_cn;
  char cn[CONTRAST_X509LITE_CN_CAP];
  contrast_der_view spki; /* SubjectPublicKeyInfo TLV */
  /* id-ecPublicKey on prime256v1 with an uncompressed point 04||X||Y
   * (whether the point is on the curve is checked by
   * contrast_x509lite_pubkey). Other keys parse with has_p256 = 0. */
  int has_p256;
  const uint8_t *p256_point; /* 65 bytes in der when has_p256 */
  contrast_x509lite_ext ext[CONTRAST_X509LITE_MAX_EXTS];
  size_t n_ext;
} contrast_x509lite;

/* Parse one DER certificate (exactly len bytes). On failure *out is
 * zeroed. Errors: MALFORMED with a detail "<what>: <field>: ...". */
int contrast_x509lite_parse(const uint8_t *der, size_t len, const char *what,
                            contrast_x509lite *out,
                            contrast_err *err) CONTRAST_WUR;

/* The extension with this extnID (OID content octets), or NULL. Borrowed
 * from c. */
const contrast_x509lite_ext *
contrast_x509lite_ext_find(const contrast_x509lite *c, const uint8_t *oid,
                           size_t oid_len);

/* The P-256 public key as a new EVP_PKEY (caller frees), or NULL when the
 * certificate's key is not P-256, the point is not on the curve, or on
 * OOM. About 12 us (one EVP_PKEY_fromdata). */
EVP_PKEY *contrast_x509lite_pubkey(const contrast_x509lite *c);

/* 1 when the two views hold the same bytes (not constant time: for public
 * data such as names). */
int contrast_der_view_eq(contrast_der_view a, contrast_der_view b);

#endif
