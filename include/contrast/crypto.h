/* OpenSSL and nettle helpers shared by the backends (STYLE.md: OpenSSL 3
 * EVP APIs only; signatures checked over the raw input slice). */
#ifndef CONTRAST_CRYPTO_H
#define CONTRAST_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "contrast/error.h"

/* A certificate with the exact DER bytes it was parsed from. */
typedef struct contrast_cert {
  X509 *x509;    /* owned */
  uint8_t *der;  /* owned, the original encoding */
  size_t der_len;
} contrast_cert;

/* Free what a cert holds and zero it. NULL and zeroed certs are fine. */
void contrast_cert_wipe(contrast_cert *c);

/* Parse exactly one certificate, DER or a single PEM "CERTIFICATE" block
 * (whitespace only around it). The DER must be consumed exactly.
 * Errors: MALFORMED (detail names `what`), E_NOMEM. */
int contrast_cert_parse(const uint8_t *buf, size_t len, const char *what,
                        contrast_cert *out, contrast_err *err) CONTRAST_WUR;

/* Parse a PEM bundle of "CERTIFICATE" blocks only (no headers, only
 * whitespace between and around blocks), at most max of them, into out[0..]
 * in file order; *n receives the count (at least 1).
 * Errors: MALFORMED, E_NOMEM. On failure nothing is left allocated. */
int contrast_cert_parse_pem_bundle(const uint8_t *buf, size_t len,
                                   const char *what, contrast_cert *out,
                                   size_t max, size_t *n,
                                   contrast_err *err) CONTRAST_WUR;

/* Decode the PEM blocks with the given label ("CERTIFICATE" or "X509 CRL")
 * strictly: out receives the DER of each block (caller frees each and
 * zero-fills unused slots). Errors: MALFORMED, E_NOMEM. */
int contrast_pem_decode_all(const uint8_t *buf, size_t len, const char *label,
                            const char *what, uint8_t **der, size_t *der_len,
                            size_t max, size_t *n,
                            contrast_err *err) CONTRAST_WUR;

/* Parse one CRL, DER or a single PEM "X509 CRL" block, consumed exactly.
 * Errors: MALFORMED naming `what`, E_NOMEM. */
int contrast_crl_parse(const uint8_t *buf, size_t len, const char *what,
                       X509_CRL **out, contrast_err *err) CONTRAST_WUR;

/* The three parts of a signed X.509 object (certificate or CRL):
 * SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }. Views into der. */
typedef struct contrast_signed_der {
  const uint8_t *tbs; /* whole TLV of the to-be-signed part */
  size_t tbs_len;
  const uint8_t *alg_oid; /* content bytes of the algorithm OID */
  size_t alg_oid_len;
  const uint8_t *sig; /* signature bits (unused-bits octet stripped) */
  size_t sig_len;
} contrast_signed_der;

/* Split a DER signed object. Errors: MALFORMED. */
int contrast_der_split_signed(const uint8_t *der, size_t len, const char *what,
                              contrast_signed_der *out,
                              contrast_err *err) CONTRAST_WUR;

/* Minimal DER TLV reading: the tag byte (single-byte tags only) and a
 * minimally encoded definite length; *val and *val_len give the content.
 * *next is advanced past the TLV. Returns 0 or -1 (no error record). */
int contrast_der_next(const uint8_t **next, const uint8_t *end, uint8_t *tag,
                      const uint8_t **val, size_t *val_len) CONTRAST_WUR;

/* Decode a DER INTEGER's content (already unwrapped) as a non-negative
 * value < 2^64. Returns 0 or -1 (negative, non-minimal, too large). */
int contrast_der_uint(const uint8_t *val, size_t len,
                      uint64_t *out) CONTRAST_WUR;

/* notBefore/notAfter of a certificate as epoch seconds. Errors: MALFORMED. */
int contrast_x509_validity(const X509 *x, int64_t *not_before,
                           int64_t *not_after, contrast_err *err) CONTRAST_WUR;

/* ASN1_TIME (UTCTime or GeneralizedTime) to epoch seconds. 0 or -1. */
int contrast_asn1_time_epoch(const ASN1_TIME *t, int64_t *out) CONTRAST_WUR;

/* Inclusive validity window check: nb <= now <= na, else EXPIRED naming
 * `what` and both bounds. */
int contrast_check_window(int64_t not_before, int64_t not_after, int64_t now,
                          const char *what, contrast_err *err) CONTRAST_WUR;

/* The single commonName of an X.509 name, printable ASCII, into out.
 * -1 when absent, repeated, too long or not printable. */
int contrast_x509_name_cn(const X509_NAME *name, char *out,
                          size_t cap) CONTRAST_WUR;

/* RSASSA-PSS verification with an explicit digest, MGF1 with the same
 * digest and an exact salt length. Returns 1 valid, 0 invalid; -1 on a
 * library failure (recorded as E_CRYPTO). */
int contrast_rsa_pss_verify(EVP_PKEY *pub, const EVP_MD *md, int salt_len,
                            const uint8_t *msg, size_t msg_len,
                            const uint8_t *sig, size_t sig_len,
                            contrast_err *err);

/* ECDSA signature (r, s) given as n-byte little-endian integers (the AMD
 * wire form) to an ECDSA_SIG, and back. NULL / -1 on failure. */
ECDSA_SIG *contrast_ecdsa_sig_from_le(const uint8_t *r, const uint8_t *s,
                                      size_t n);
int contrast_ecdsa_sig_to_le(const ECDSA_SIG *sig, uint8_t *r, uint8_t *s,
                             size_t n) CONTRAST_WUR;

/* The uncompressed public point X||Y (2*coord_len bytes) of an EC key on
 * the named curve ("secp384r1", "prime256v1"). -1 when the key is not an
 * EC key on that curve (no error record). */
int contrast_ec_pub_xy(const EVP_PKEY *pkey, const char *curve, uint8_t *xy,
                       size_t coord_len) CONTRAST_WUR;

/* ---- fast ECDSA P-384 verification (nettle) ----
 * nettle 3.8 verifies P-384 about twice as fast as OpenSSL 3.0's generic
 * code, and the report signature dominates SNP verification. */
typedef struct contrast_p384_pub contrast_p384_pub;

/* New public key from X||Y (96 bytes, big-endian coordinates). NULL when the
 * point is not on the curve or on OOM. Free with contrast_p384_pub_free. */
contrast_p384_pub *contrast_p384_pub_new(const uint8_t xy[96]);
void contrast_p384_pub_free(contrast_p384_pub *pub);

/* Verify an ECDSA signature over a 48-byte digest with r and s given as
 * n-byte little-endian integers (n <= 72). Returns 1 valid, 0 invalid. */
int contrast_p384_verify_le(const contrast_p384_pub *pub,
                            const uint8_t digest[48], const uint8_t *r_le,
                            const uint8_t *s_le, size_t n);

/* ---- ECDSA P-256 with raw keys and signatures (nettle) ---- */
typedef struct contrast_p256_pub contrast_p256_pub;

/* New public key from X||Y (64 bytes big-endian). NULL when the point is
 * not on the curve or on OOM. */
contrast_p256_pub *contrast_p256_pub_new(const uint8_t xy[64]);
void contrast_p256_pub_free(contrast_p256_pub *pub);

/* Verify r||s (64 bytes big-endian) over a 32-byte digest. 1 valid, 0 not. */
int contrast_p256_verify(const contrast_p256_pub *pub, const uint8_t digest[32],
                         const uint8_t sig[64]);

/* A P-256 public key from X||Y (64 bytes big-endian) as a new EVP_PKEY
 * (caller frees). NULL when the point is not on the curve or on OOM. */
EVP_PKEY *contrast_p256_pkey_new(const uint8_t xy[64]);

/* The same with the key as an EVP_PKEY (e.g. a certificate's P-256 key). */
int contrast_p256_verify_pkey(EVP_PKEY *pkey, const uint8_t digest[32],
                              const uint8_t sig[64]);

/* SHA-384 / SHA-256 one-shot. */
void contrast_sha384(const uint8_t *in, size_t n, uint8_t out[48]);
void contrast_sha256(const uint8_t *in, size_t n, uint8_t out[32]);

#endif
