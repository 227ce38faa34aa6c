/* ECDSA P-256 verification for raw (X||Y, r||s big-endian) keys and
 * signatures as TDX quotes carry them. OpenSSL 3.0's P-256 is its optimised
 * nistz256 code (about 3x nettle's here), so this curve goes through
 * OpenSSL; the raw key import is one EVP_PKEY_fromdata. */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "contrast/crypto.h"

struct contrast_p256_pub {
  EVP_PKEY *pkey;
};

contrast_p256_pub *contrast_p256_pub_new(const uint8_t xy[64]) {
  uint8_t pt[65];
  pt[0] = 0x04;
  memcpy(pt + 1, xy, 64);
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
  EVP_PKEY *pkey = NULL;
  /* the point is decoded with EC_POINT_oct2point, which refuses points
   * that are not on the curve */
  int ok = ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
           EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) {
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return NULL;
  }
  contrast_p256_pub *pub = malloc(sizeof *pub);
  if (pub == NULL) {
    EVP_PKEY_free(pkey);
    return NULL;
  }
  pub->pkey = pkey;
  return pub;
}

void contrast_p256_pub_free(contrast_p256_pub *pub) {
  if (pub == NULL)
    return;
  EVP_PKEY_free(pub->pkey);
  free(pub);
}

int contrast_p256_verify(const contrast_p256_pub *pub, const uint8_t digest[32],
                         const uint8_t sig[64]) {
  if (pub == NULL)
    return 0;
  return contrast_p256_verify_pkey(pub->pkey, digest, sig);
}

int contrast_p256_verify_pkey(EVP_PKEY *pkey, const uint8_t digest[32],
                              const uint8_t sig[64]) {
  if (pkey == NULL)
    return 0;
  ECDSA_SIG *s = ECDSA_SIG_new();
  BIGNUM *r = BN_bin2bn(sig, 32, NULL), *sv = BN_bin2bn(sig + 32, 32, NULL);
  uint8_t der[80];
  unsigned char *p = der;
  int der_len = -1;
  if (s != NULL && r != NULL && sv != NULL && ECDSA_SIG_set0(s, r, sv) == 1) {
    r = sv = NULL; /* owned by s */
    if (i2d_ECDSA_SIG(s, NULL) <= (int)sizeof der)
      der_len = i2d_ECDSA_SIG(s, &p);
  }
  BN_free(r);
  BN_free(sv);
  ECDSA_SIG_free(s);
  int ok = 0;
  EVP_PKEY_CTX *ctx = der_len > 0 ? EVP_PKEY_CTX_new(pkey, NULL) : NULL;
  if (ctx != NULL && EVP_PKEY_verify_init(ctx) == 1)
    ok = EVP_PKEY_verify(ctx, der, (size_t)der_len, digest, 32) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok)
    ERR_clear_error();
  return ok;
}
