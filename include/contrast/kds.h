/* The AMD KDS client (spec/snp.md §2.5): VCEK by hwID and TCB SPLs (Turin:
 * fmcSPL and the 8-byte hwID), the cert_chain (ASK or ASVK, then ARK) and
 * the CRL of a product line, through the cache of contrast/http.h. */
#ifndef CONTRAST_KDS_H
#define CONTRAST_KDS_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"
#include "contrast/http.h"
#include "contrast/snp.h"

#define SNP_KDS_DEFAULT_URL "https://kdsintf.amd.com"
#define SNP_KDS_URL_MAX 512

/* The base URL: override if non-NULL, else $CONTRAST_KDS_URL if set and
 * non-empty, else SNP_KDS_DEFAULT_URL. A trailing '/' is not expected. */
const char *snp_kds_base(const char *override);

/* <base>/vcek/v1/<Milan|Genoa|Turin>/<hwid>?blSPL=..&teeSPL=..&snpSPL=..
 * &ucodeSPL=.. (Turin: fmcSPL first and the first 8 bytes of CHIP_ID as
 * hwid), numbers in decimal, hwid lowercase hex. tcb_raw is the report's
 * REPORTED_TCB. Errors: E_USAGE (all-zero CHIP_ID: MASK_CHIP_ID, no VCEK
 * can be fetched; URL too long). */
int snp_kds_vcek_url(const char *base, snp_product p, const uint8_t chip_id[64],
                     uint64_t tcb_raw, char *out, size_t cap,
                     contrast_err *err) CONTRAST_WUR;
/* <base>/{vcek|vlek}/v1/<product>/cert_chain and .../crl */
int snp_kds_chain_url(const char *base, snp_product p, snp_vek_kind k,
                      char *out, size_t cap, contrast_err *err) CONTRAST_WUR;
int snp_kds_crl_url(const char *base, snp_product p, snp_vek_kind k, char *out,
                    size_t cap, contrast_err *err) CONTRAST_WUR;

/* Fetch one item (cached until its certificate's notAfter / the CRL's
 * nextUpdate). *out is new (caller frees). Errors: E_FETCH, E_USAGE,
 * E_NOMEM. */
int snp_kds_fetch_vcek(const contrast_fetcher *f, const char *base,
                       snp_product p, const uint8_t chip_id[64],
                       uint64_t tcb_raw, uint8_t **out, size_t *len,
                       contrast_err *err) CONTRAST_WUR;
int snp_kds_fetch_cert_chain(const contrast_fetcher *f, const char *base,
                             snp_product p, snp_vek_kind k, uint8_t **out,
                             size_t *len, contrast_err *err) CONTRAST_WUR;
int snp_kds_fetch_crl(const contrast_fetcher *f, const char *base,
                      snp_product p, snp_vek_kind k, uint8_t **out,
                      size_t *len, contrast_err *err) CONTRAST_WUR;

/* What the endorsements of a report lack, fetched: the VCEK (only for a
 * VCEK-signed report without one; a VLEK cannot be fetched from the KDS,
 * it comes with the extended report), the cert_chain and the CRL of the
 * signing key's kind. The product is the report's CPUID product (v3+),
 * else `product` (v2; SNP_PRODUCT_UNKNOWN there is E_USAGE). Filled
 * members of e point into bufs[0..2] (VEK, chain, CRL; the caller frees
 * each). A report that does not parse is left for the verifier (returns
 * 0, nothing fetched). Errors: as the fetches. */
int snp_kds_complete(const contrast_fetcher *f, const char *base,
                     const uint8_t *report, size_t report_len,
                     snp_product product, snp_endorsements *e,
                     uint8_t *bufs[3], contrast_err *err) CONTRAST_WUR;

#endif
