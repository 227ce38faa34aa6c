/* ECDSA P-256 verification for raw (X||Y, r||s big-endian) keys and
 * signatures as TDX quotes carry them. OpenSSL 3.0's P-256 is its optimised
 * nistz256 code (about 3x nettle's here), so this curve goes through
 * OpenSSL.
 *
 * Key import: EVP_PKEY_fromdata builds the curve group from its name on
 * every call (about 12 us, as much as a quarter of a verification). A
 * parameters-only key on prime256v1 is made once per process instead
 * (pthread_once) and each import duplicates it and sets the encoded point
 * (about 2.5 us); EC_POINT_oct2point behind both refuses points that are
 * not on the curve. Should the template ever fail to build, imports fall
 * back to EVP_PKEY_fromdata. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "contrast/crypto.h"

struct contrast_p256_pub {
  EVP_PKEY *pkey;
};

/* EVP_PKEY_fromdata of prime256v1 with the given selection and, for a
 * public key, the uncompressed point. NULL on failure (errors cleared). */
static EVP_PKEY *from_data(int selection, const uint8_t *pt, size_t pt_len) {
  char group[] = "prime256v1";
  uint8_t copy[65];
  OSSL_PARAM params[3];
  size_t np = 0;
  params[np++] =
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
  if (pt != NULL && pt_len == sizeof copy) {
    memcpy(copy, pt, sizeof copy);
    params[np++] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                                     copy, sizeof copy);
  }
  params[np] = OSSL_PARAM_construct_end();
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
  EVP_PKEY *pkey = NULL;
  int ok = ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
           EVP_PKEY_fromdata(ctx, &pkey, selection, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) {
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return NULL;
  }
  return pkey;
}

/* The parameters-only template; set once, read-only afterwards, freed at
 * exit (so that leak checkers see nothing left). */
static pthread_once_t g_template_once = PTHREAD_ONCE_INIT;
static EVP_PKEY *g_template;

static void template_free(void) {
  EVP_PKEY_free(g_template);
  g_template = NULL;
}

static void template_init(void) {
  g_template = from_data(EVP_PKEY_KEY_PARAMETERS, NULL, 0);
  if (g_template != NULL && atexit(template_free) != 0)
    g_template = NULL; /* no way to free it: use the slow path */
}

EVP_PKEY *contrast_p256_pkey_new(const uint8_t xy[64]) {
  uint8_t pt[65];
  pt[0] = 0x04;
  memcpy(pt + 1, xy, 64);
  if (pthread_once(&g_template_once, template_init) != 0 || g_template == NULL)
    return from_data(EVP_PKEY_PUBLIC_KEY, pt, sizeof pt);
  EVP_PKEY *pkey = EVP_PKEY_dup(g_template);
  /* sets the key through EC_KEY_oct2key: on-curve check included */
  if (pkey == NULL ||
      EVP_PKEY_set1_encoded_public_key(pkey, pt, sizeof pt) != 1) {
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return NULL;
  }
  return pkey;
}

contrast_p256_pub *contrast_p256_pub_new(const uint8_t xy[64]) {
  EVP_PKEY *pkey = contrast_p256_pkey_new(xy);
  if (pkey == NULL)
    return NULL;
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

/* One 32-byte big-endian unsigned integer as a DER INTEGER (minimal:
 * leading zero octets dropped, a sign octet when the top bit is set).
 * Returns the bytes written (at most 35). */
static size_t der_uint32(const uint8_t v[32], uint8_t *out) {
  size_t skip = 0;
  while (skip < 31 && v[skip] == 0)
    skip++;
  size_t n = 32 - skip, pad = (v[skip] & 0x80) != 0;
  out[0] = 0x02;
  out[1] = (uint8_t)(n + pad);
  out[2] = 0x00;
  memcpy(out + 2 + pad, v + skip, n);
  return 2 + pad + n;
}

int contrast_p256_verify_pkey(EVP_PKEY *pkey, const uint8_t digest[32],
                              const uint8_t sig[64]) {
  if (pkey == NULL)
    return 0;
  /* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }: at most
   * 2 + 2 * 35 = 72 bytes, so the length fits one octet */
  uint8_t der[2 + 2 * 35];
  size_t len = der_uint32(sig, der + 2);
  len += der_uint32(sig + 32, der + 2 + len);
  der[0] = 0x30;
  der[1] = (uint8_t)len;
  int ok = 0;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
  if (ctx != NULL && EVP_PKEY_verify_init(ctx) == 1)
    ok = EVP_PKEY_verify(ctx, der, len + 2, digest, 32) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok)
    ERR_clear_error();
  return ok;
}
