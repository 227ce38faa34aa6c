/* The Intel PCS v4 client (spec/tdx.md §5.1): TDX TCB info by FMSPC, the
 * TD QE identity, the PCK CRL (platform or processor CA) and the root CA
 * CRL, with the issuer chains taken from the URL-encoded response headers,
 * through the cache of contrast/http.h. */
#ifndef CONTRAST_PCS_H
#define CONTRAST_PCS_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"
#include "contrast/http.h"
#include "contrast/tdx.h"

#define TDX_PCS_DEFAULT_URL "https://api.trustedservices.intel.com"
#define TDX_ROOT_CRL_DEFAULT_URL                                               \
  "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der"
#define TDX_PCS_URL_MAX 512

/* The base URL: override, else $CONTRAST_PCS_URL, else the default. */
const char *tdx_pcs_base(const char *override);

/* The root CA CRL URL: override, else $CONTRAST_ROOT_CRL_URL, else, when
 * the PCS base is not Intel's (a PCCS or a simulator),
 * <base>/sgx/certification/v4/rootcacrl (PCCS serves the DER there, hex
 * encoded; both forms are accepted), else TDX_ROOT_CRL_DEFAULT_URL (the
 * CRL distribution point of Intel's root). out holds the result. */
int tdx_pcs_root_crl_url(const char *base, const char *override, char *out,
                         size_t cap, contrast_err *err) CONTRAST_WUR;

/* <base>/tdx/certification/v4/tcb?fmspc=<12 upper-case hex>,
 * <base>/tdx/certification/v4/qe/identity,
 * <base>/sgx/certification/v4/pckcrl?ca=platform|processor&encoding=der */
int tdx_pcs_tcb_info_url(const char *base, const uint8_t fmspc[6], char *out,
                         size_t cap, contrast_err *err) CONTRAST_WUR;
int tdx_pcs_qe_identity_url(const char *base, char *out, size_t cap,
                            contrast_err *err) CONTRAST_WUR;
int tdx_pcs_pck_crl_url(const char *base, int processor, char *out,
                        size_t cap, contrast_err *err) CONTRAST_WUR;

/* The issuer chain header of a response ("TCB-Info-Issuer-Chain", also
 * "SGX-TCB-Info-Issuer-Chain"; "SGX-Enclave-Identity-Issuer-Chain";
 * "SGX-PCK-CRL-Issuer-Chain"), percent-decoded to PEM. *out is new.
 * Errors: E_FETCH (missing, bad escapes), E_NOMEM. */
int tdx_pcs_issuer_chain(const contrast_http_response *r,
                         const char *const *names, uint8_t **out, size_t *len,
                         contrast_err *err) CONTRAST_WUR;

/* What c lacks for the quote, fetched: TCB info (FMSPC from the PCK
 * certificate's SGX extension) with its issuer chain, QE identity with its
 * issuer chain, the PCK CRL of the PCK's issuing CA ("...Platform CA" ->
 * platform, "...Processor CA" -> processor) with its issuer chain, and the
 * root CA CRL (root_crl_url: NULL = tdx_pcs_root_crl_url(base, NULL)).
 * Filled members of c point into bufs[0..6] in the order of
 * tdx_collateral (caller frees each). A quote whose PCK chain does not
 * parse is left to the verifier (returns 0, nothing fetched).
 * Errors: as the fetches. */
int tdx_pcs_complete(const contrast_fetcher *f, const char *base,
                     const char *root_crl_url, const uint8_t *quote,
                     size_t quote_len, tdx_collateral *c, uint8_t *bufs[7],
                     contrast_err *err) CONTRAST_WUR;

#endif
