/* ECDSA P-384 verification with nettle (see contrast/crypto.h for why). */
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>

#include "contrast/crypto.h"

struct contrast_p384_pub {
  struct ecc_point pt;
};

contrast_p384_pub *contrast_p384_pub_new(const uint8_t xy[96]) {
  contrast_p384_pub *pub = malloc(sizeof *pub);
  if (pub == NULL)
    return NULL;
  mpz_t x, y;
  mpz_init(x);
  mpz_init(y);
  mpz_import(x, 48, 1, 1, 0, 0, xy);
  mpz_import(y, 48, 1, 1, 0, 0, xy + 48);
  ecc_point_init(&pub->pt, nettle_get_secp_384r1());
  /* ecc_point_set refuses coordinates out of range and points not on the
   * curve: a key not on the curve never reaches the verify. */
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

void contrast_p384_pub_free(contrast_p384_pub *pub) {
  if (pub == NULL)
    return;
  ecc_point_clear(&pub->pt);
  free(pub);
}

int contrast_p384_verify_le(const contrast_p384_pub *pub,
                            const uint8_t digest[48], const uint8_t *r_le,
                            const uint8_t *s_le, size_t n) {
  if (pub == NULL || n > 72)
    return 0;
  struct dsa_signature sig;
  dsa_signature_init(&sig);
  /* order -1: least significant word first; size 1: bytes. Values with
   * non-zero high padding are >= the group order and fail the range check
   * inside ecdsa_verify. */
  mpz_import(sig.r, n, -1, 1, 0, 0, r_le);
  mpz_import(sig.s, n, -1, 1, 0, 0, s_le);
  int ok = ecdsa_verify(&pub->pt, 48, digest, &sig);
  dsa_signature_clear(&sig);
  return ok ? 1 : 0;
}
