/* ECDSA P-256 verification with nettle, for raw (X||Y, r||s big-endian)
 * keys and signatures as TDX quotes carry them. */
#include <stdlib.h>

#include <gmp.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>

#include "contrast/crypto.h"

struct contrast_p256_pub {
  struct ecc_point pt;
};

contrast_p256_pub *contrast_p256_pub_new(const uint8_t xy[64]) {
  contrast_p256_pub *pub = malloc(sizeof *pub);
  if (pub == NULL)
    return NULL;
  mpz_t x, y;
  mpz_init(x);
  mpz_init(y);
  mpz_import(x, 32, 1, 1, 0, 0, xy);
  mpz_import(y, 32, 1, 1, 0, 0, xy + 32);
  ecc_point_init(&pub->pt, nettle_get_secp_256r1());
  /* refuses coordinates out of range and points not on the curve */
  int ok = ecc_point_set(&pub->pt, x, y);
  mpz_clear(x);
  mpz_clear(y);
  if (!ok) {
    ecc_point_clear(&pub->pt);
    free(pub);
    return NULL;
  }
  return pub;
}

void contrast_p256_pub_free(contrast_p256_pub *pub) {
  if (pub == NULL)
    return;
  ecc_point_clear(&pub->pt);
  free(pub);
}

int contrast_p256_verify(const contrast_p256_pub *pub, const uint8_t digest[32],
                         const uint8_t sig[64]) {
  if (pub == NULL)
    return 0;
  struct dsa_signature s;
  dsa_signature_init(&s);
  mpz_import(s.r, 32, 1, 1, 0, 0, sig);
  mpz_import(s.s, 32, 1, 1, 0, 0, sig + 32);
  int ok = ecdsa_verify(&pub->pt, 32, digest, &s);
  dsa_signature_clear(&s);
  return ok ? 1 : 0;
}
