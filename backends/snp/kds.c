/* The AMD KDS client (spec/snp.md §2.5): URL building and fetching of the
 * VCEK, the cert_chain and the CRL, through contrast_fetch's cache.
 *
 * What is fetched is not trusted: snp_verify checks it against the pinned
 * roots exactly as if the caller had supplied it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/kds.h"
#include "contrast/util.h"
#include "guard.h"

/* Content types the KDS (and caches in front of it) are known to use. */
static const char *const vcek_types[] = {"application/pkix-cert",
                                         "application/x-x509-ca-cert",
                                         "application/octet-stream", NULL};
static const char *const chain_types[] = {
    "application/x-pem-file", "application/pem-certificate-chain",
    "text/plain", "application/octet-stream", NULL};
static const char *const crl_types[] = {"application/pkix-crl",
                                        "application/x-pkcs7-crl",
                                        "application/octet-stream", NULL};

const char *snp_kds_base(const char *override) {
  if (override != NULL)
    return override;
  const char *env = getenv("CONTRAST_KDS_URL");
  if (env != NULL && env[0] != '\0')
    return env;
  return SNP_KDS_DEFAULT_URL;
}

/* The KDS path component of a product line: "Milan", "Genoa", "Turin". */
static int product_path(snp_product p, const char **out, contrast_err *err) {
  ENSURE(p == SNP_PRODUCT_MILAN || p == SNP_PRODUCT_GENOA ||
             p == SNP_PRODUCT_TURIN,
         E_USAGE, "KDS: no product line given");
  *out = snp_product_name(p);
  return 0;
}

static int fit(int n, size_t cap, contrast_err *err) {
  ENSURE(n >= 0 && (size_t)n < cap, E_USAGE, "KDS URL longer than %zu bytes",
         cap == 0 ? 0 : cap - 1);
  return 0;
}

int snp_kds_vcek_url(const char *base, snp_product p, const uint8_t chip_id[64],
                     uint64_t tcb_raw, char *out, size_t cap,
                     contrast_err *err) {
  const char *name = NULL;
  GUARD(product_path(p, &name, err));
  /* Turin VCEKs are indexed by the first 8 bytes of CHIP_ID (§2.5). */
  size_t hw_len = p == SNP_PRODUCT_TURIN ? 8 : 64;
  uint8_t any = 0;
  for (size_t i = 0; i < hw_len; i++)
    any |= chip_id[i];
  ENSURE(any != 0, E_USAGE, "CHIP_ID is masked: no VCEK can be fetched");
  char hex[129];
  contrast_hex_encode(chip_id, hw_len, hex);
  snp_tcb t;
  snp_tcb_decode(tcb_raw, p, &t);
  base = snp_kds_base(base);
  int n;
  if (t.has_fmc)
    n = snprintf(out, cap,
                 "%s/vcek/v1/%s/%s?fmcSPL=%u&blSPL=%u&teeSPL=%u&snpSPL=%u"
                 "&ucodeSPL=%u",
                 base, name, hex, t.fmc, t.bootloader, t.tee, t.snp,
                 t.microcode);
  else
    n = snprintf(out, cap,
                 "%s/vcek/v1/%s/%s?blSPL=%u&teeSPL=%u&snpSPL=%u&ucodeSPL=%u",
                 base, name, hex, t.bootloader, t.tee, t.snp, t.microcode);
  return fit(n, cap, err);
}

static int family_url(const char *base, snp_product p, snp_vek_kind k,
                      const char *leaf, char *out, size_t cap,
                      contrast_err *err) {
  const char *name = NULL;
  GUARD(product_path(p, &name, err));
  ENSURE(k == SNP_VEK_VCEK || k == SNP_VEK_VLEK, E_USAGE,
         "KDS: bad key kind");
  int n = snprintf(out, cap, "%s/%s/v1/%s/%s", snp_kds_base(base),
                   k == SNP_VEK_VLEK ? "vlek" : "vcek", name, leaf);
  return fit(n, cap, err);
}

int snp_kds_chain_url(const char *base, snp_product p, snp_vek_kind k,
                      char *out, size_t cap, contrast_err *err) {
  return family_url(base, p, k, "cert_chain", out, cap, err);
}

int snp_kds_crl_url(const char *base, snp_product p, snp_vek_kind k, char *out,
                    size_t cap, contrast_err *err) {
  return family_url(base, p, k, "crl", out, cap, err);
}

/* Fetch url and hand its body over (*out new, NUL-terminated). */
static int fetch_body(const contrast_fetcher *f, const char *url,
                      const char *const *types, contrast_expiry_fn expiry,
                      uint8_t **out, size_t *len, contrast_err *err) {
  contrast_http_response r;
  GUARD(contrast_fetch(f, url, types, NULL, expiry, NULL, &r, err));
  *out = r.body;
  *len = r.body_len;
  r.body = NULL;
  contrast_http_response_wipe(&r);
  return 0;
}

int snp_kds_fetch_vcek(const contrast_fetcher *f, const char *base,
                       snp_product p, const uint8_t chip_id[64],
                       uint64_t tcb_raw, uint8_t **out, size_t *len,
                       contrast_err *err) {
  *out = NULL;
  *len = 0;
  char url[SNP_KDS_URL_MAX];
  GUARD(snp_kds_vcek_url(base, p, chip_id, tcb_raw, url, sizeof url, err));
  return fetch_body(f, url, vcek_types, contrast_expiry_cert, out, len, err);
}

int snp_kds_fetch_cert_chain(const contrast_fetcher *f, const char *base,
                             snp_product p, snp_vek_kind k, uint8_t **out,
                             size_t *len, contrast_err *err) {
  *out = NULL;
  *len = 0;
  char url[SNP_KDS_URL_MAX];
  GUARD(snp_kds_chain_url(base, p, k, url, sizeof url, err));
  return fetch_body(f, url, chain_types, contrast_expiry_cert_bundle, out, len,
                    err);
}

int snp_kds_fetch_crl(const contrast_fetcher *f, const char *base,
                      snp_product p, snp_vek_kind k, uint8_t **out,
                      size_t *len, contrast_err *err) {
  *out = NULL;
  *len = 0;
  char url[SNP_KDS_URL_MAX];
  GUARD(snp_kds_crl_url(base, p, k, url, sizeof url, err));
  return fetch_body(f, url, crl_types, contrast_expiry_crl, out, len, err);
}

int snp_kds_complete(const contrast_fetcher *f, const char *base,
                     const uint8_t *report, size_t report_len,
                     snp_product product, snp_endorsements *e,
                     uint8_t *bufs[3], contrast_err *err) {
  bufs[0] = bufs[1] = bufs[2] = NULL;
  snp_report *r = malloc(sizeof *r);
  ENSURE_ALLOC(r);
  contrast_err perr;
  contrast_err_clear(&perr);
  if (snp_report_parse(report, report_len, r, &perr) != 0) {
    free(r); /* the verifier will say what is wrong with it */
    return 0;
  }
  snp_product p = snp_report_product(r);
  if (p == SNP_PRODUCT_UNKNOWN)
    p = product;
  int has_cpuid = r->has_cpuid;
  snp_vek_kind kind =
      r->signing_key == SNP_SIGNING_KEY_VLEK ? SNP_VEK_VLEK : SNP_VEK_VCEK;
  uint8_t chip_id[64];
  memcpy(chip_id, r->chip_id, sizeof chip_id);
  uint64_t tcb = r->reported_tcb;
  free(r);
  ENSURE(p != SNP_PRODUCT_UNKNOWN, E_USAGE, "%s",
         has_cpuid ? "the report's CPUID names no known product: give "
                     "--product"
                   : "a v2 report names no product: give --product");
  size_t len;
  if (e->vek == NULL) {
    ENSURE(kind == SNP_VEK_VCEK, E_FETCH,
           "a VLEK cannot be fetched from the KDS; it comes with the extended "
           "report (contrast evidence fetch --endorsements)");
    GUARD(snp_kds_fetch_vcek(f, base, p, chip_id, tcb, &bufs[0], &len, err));
    e->vek = bufs[0];
    e->vek_len = len;
    e->vek_kind = SNP_VEK_VCEK;
  }
  if (e->cert_chain == NULL) {
    GUARD(snp_kds_fetch_cert_chain(f, base, p, kind, &bufs[1], &len, err));
    e->cert_chain = bufs[1];
    e->cert_chain_len = len;
  }
  if (e->crl == NULL) {
    GUARD(snp_kds_fetch_crl(f, base, p, kind, &bufs[2], &len, err));
    e->crl = bufs[2];
    e->crl_len = len;
  }
  return 0;
}
