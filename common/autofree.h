/* Cleanup-attribute helpers: `AUTO_X509 X509 *x = NULL;` frees x on every
 * return path. Internal to the tree. */
#ifndef CONTRAST_AUTOFREE_H
#define CONTRAST_AUTOFREE_H

#include <stdlib.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#define CONTRAST_DEFINE_FREEP(type, fn)                                       \
  static inline void fn##_p(type **p) {                                       \
    if (*p != NULL)                                                           \
      fn(*p);                                                                 \
  }

CONTRAST_DEFINE_FREEP(X509, X509_free)
CONTRAST_DEFINE_FREEP(X509_CRL, X509_CRL_free)
CONTRAST_DEFINE_FREEP(EVP_PKEY, EVP_PKEY_free)
CONTRAST_DEFINE_FREEP(EVP_PKEY_CTX, EVP_PKEY_CTX_free)
CONTRAST_DEFINE_FREEP(EVP_MD_CTX, EVP_MD_CTX_free)
CONTRAST_DEFINE_FREEP(BIO, BIO_free)
CONTRAST_DEFINE_FREEP(BIGNUM, BN_free)
CONTRAST_DEFINE_FREEP(ECDSA_SIG, ECDSA_SIG_free)
CONTRAST_DEFINE_FREEP(json_t, json_decref)

static inline void contrast_free_p(void *p) { free(*(void **)p); }

#define AUTO_X509 __attribute__((cleanup(X509_free_p)))
#define AUTO_CRL __attribute__((cleanup(X509_CRL_free_p)))
#define AUTO_PKEY __attribute__((cleanup(EVP_PKEY_free_p)))
#define AUTO_PKEY_CTX __attribute__((cleanup(EVP_PKEY_CTX_free_p)))
#define AUTO_MD_CTX __attribute__((cleanup(EVP_MD_CTX_free_p)))
#define AUTO_BIO __attribute__((cleanup(BIO_free_p)))
#define AUTO_BN __attribute__((cleanup(BN_free_p)))
#define AUTO_ECDSA_SIG __attribute__((cleanup(ECDSA_SIG_free_p)))
#define AUTO_JSON __attribute__((cleanup(json_decref_p)))
#define AUTO_FREE __attribute__((cleanup(contrast_free_p)))

#endif
