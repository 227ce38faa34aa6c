/* Internal to backends/snp. */
#ifndef CONTRAST_SNP_INTERNAL_H
#define CONTRAST_SNP_INTERNAL_H

#include "contrast/snp.h"

/* Verify that `der` (a certificate or CRL) is signed by `issuer` with
 * RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48 (snp.md §2.1), over the exact
 * to-be-signed bytes. The AlgorithmIdentifier must name RSASSA-PSS.
 * Returns 1 valid, 0 invalid (with a detail in *why), -1 on a library
 * failure (recorded in err). */
int snp_pss_check(const uint8_t *der, size_t der_len, EVP_PKEY *issuer,
                  const char *what, char *why, size_t why_cap,
                  contrast_err *err);

#endif
