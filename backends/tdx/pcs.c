/* The Intel PCS v4 client (spec/tdx.md §5.1): URL building, issuer-chain
 * headers, and fetching what a quote's collateral lacks, through
 * contrast_fetch's cache (which keeps the issuer-chain headers with each
 * entry).
 *
 * Nothing fetched is trusted: tdx_verify checks every item and its chain
 * against the pinned root exactly as if the caller had supplied it. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "autofree.h"
#include "contrast/pcs.h"
#include "contrast/util.h"
#include "guard.h"

#define TCB_CHAIN_HEADER "TCB-Info-Issuer-Chain"
#define TCB_CHAIN_HEADER_SGX "SGX-TCB-Info-Issuer-Chain"
#define QE_CHAIN_HEADER "SGX-Enclave-Identity-Issuer-Chain"
#define CRL_CHAIN_HEADER "SGX-PCK-CRL-Issuer-Chain"
#define PLATFORM_CA_CN "Intel SGX PCK Platform CA"
#define PROCESSOR_CA_CN "Intel SGX PCK Processor CA"

static const char *const tcb_chain_names[] = {TCB_CHAIN_HEADER,
                                              TCB_CHAIN_HEADER_SGX, NULL};
static const char *const qe_chain_names[] = {QE_CHAIN_HEADER, NULL};
static const char *const crl_chain_names[] = {CRL_CHAIN_HEADER, NULL};

static const char *const json_types[] = {"application/json", NULL};
static const char *const crl_types[] = {
    "application/pkix-crl", "application/x-pkcs7-crl",
    "application/octet-stream", "application/x-pem-file", NULL};
/* PCCS serves the root CA CRL as hex text; Intel's distribution point as
 * a DER file. */
static const char *const root_crl_types[] = {
    "application/pkix-crl", "application/x-pkcs7-crl",
    "application/octet-stream", "application/x-x509-ca-cert", "text/plain",
    NULL};

const char *tdx_pcs_base(const char *override) {
  if (override != NULL)
    return override;
  const char *env = getenv("CONTRAST_PCS_URL");
  if (env != NULL && env[0] != '\0')
    return env;
  return TDX_PCS_DEFAULT_URL;
}

static int fit(int n, size_t cap, contrast_err *err) {
  ENSURE(n >= 0 && (size_t)n < cap, E_USAGE, "PCS URL longer than %zu bytes",
         cap == 0 ? 0 : cap - 1);
  return 0;
}

static int is_intel_base(const char *base) {
  size_t n = strlen(TDX_PCS_DEFAULT_URL);
  return strncasecmp(base, TDX_PCS_DEFAULT_URL, n) == 0 &&
         (base[n] == '\0' || (base[n] == '/' && base[n + 1] == '\0'));
}

int tdx_pcs_root_crl_url(const char *base, const char *override, char *out,
                         size_t cap, contrast_err *err) {
  const char *env = getenv("CONTRAST_ROOT_CRL_URL");
  int n;
  if (override != NULL)
    n = snprintf(out, cap, "%s", override);
  else if (env != NULL && env[0] != '\0')
    n = snprintf(out, cap, "%s", env);
  else if (!is_intel_base(base = tdx_pcs_base(base)))
    n = snprintf(out, cap, "%s/sgx/certification/v4/rootcacrl", base);
  else
    n = snprintf(out, cap, "%s", TDX_ROOT_CRL_DEFAULT_URL);
  return fit(n, cap, err);
}

int tdx_pcs_tcb_info_url(const char *base, const uint8_t fmspc[6], char *out,
                         size_t cap, contrast_err *err) {
  int n = snprintf(out, cap,
                   "%s/tdx/certification/v4/tcb?fmspc=%02X%02X%02X%02X%02X%02X",
                   tdx_pcs_base(base), fmspc[0], fmspc[1], fmspc[2], fmspc[3],
                   fmspc[4], fmspc[5]);
  return fit(n, cap, err);
}

int tdx_pcs_qe_identity_url(const char *base, char *out, size_t cap,
                            contrast_err *err) {
  int n = snprintf(out, cap, "%s/tdx/certification/v4/qe/identity",
                   tdx_pcs_base(base));
  return fit(n, cap, err);
}

int tdx_pcs_pck_crl_url(const char *base, int processor, char *out,
                        size_t cap, contrast_err *err) {
  int n = snprintf(out, cap,
                   "%s/sgx/certification/v4/pckcrl?ca=%s&encoding=der",
                   tdx_pcs_base(base), processor ? "processor" : "platform");
  return fit(n, cap, err);
}

int tdx_pcs_issuer_chain(const contrast_http_response *r,
                         const char *const *names, uint8_t **out, size_t *len,
                         contrast_err *err) {
  *out = NULL;
  *len = 0;
  ENSURE(names != NULL && names[0] != NULL, E_USAGE,
         "issuer chain: no header name");
  const char *v = NULL;
  for (size_t i = 0; v == NULL && names[i] != NULL; i++)
    v = contrast_http_header_get(r, names[i]);
  ENSURE(v != NULL && v[0] != '\0', E_FETCH,
         "the response has no %s header", names[0]);
  if (contrast_url_decode(v, out, len, err) != 0)
    return contrast_err_set(err, CONTRAST_E_FETCH, "%s: bad escape",
                            names[0]);
  return 0;
}

/* ---- expiry of collateral ---- */

/* The earliest notAfter of the issuer chain in header `names`. */
static int chain_expiry(const contrast_http_response *r,
                        const char *const *names, int64_t *exp) {
  uint8_t *pem = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  if (tdx_pcs_issuer_chain(r, names, &pem, &len, &e) != 0)
    return -1;
  contrast_http_response tmp;
  memset(&tmp, 0, sizeof tmp);
  tmp.body = pem;
  tmp.body_len = len;
  int rc = contrast_expiry_cert_bundle(&tmp, exp, NULL);
  free(pem);
  return rc;
}

typedef struct json_expiry {
  const char *member; /* "tcbInfo" / "enclaveIdentity" */
  const char *const *chain;
} json_expiry;

/* TCB info / QE identity: its nextUpdate, but not after its issuer chain's
 * first certificate expiry. */
static int expiry_json(const contrast_http_response *r, int64_t *expires,
                       void *arg) {
  const json_expiry *je = arg;
  json_error_t jerr;
  AUTO_JSON json_t *doc =
      json_loadb((const char *)r->body, r->body_len, JSON_REJECT_DUPLICATES,
                 &jerr);
  if (doc == NULL)
    return -1;
  const char *nu =
      json_string_value(json_object_get(json_object_get(doc, je->member),
                                        "nextUpdate"));
  int64_t t, c;
  contrast_err e;
  contrast_err_clear(&e);
  if (nu == NULL ||
      contrast_time_parse_rfc3339(nu, &t, CONTRAST_E_FETCH, &e) != 0 ||
      chain_expiry(r, je->chain, &c) != 0)
    return -1;
  *expires = t < c ? t : c;
  return 0;
}

/* PCK CRL: its nextUpdate, but not after its issuer chain's. */
static int expiry_pck_crl(const contrast_http_response *r, int64_t *expires,
                          void *arg) {
  (void)arg;
  int64_t t, c;
  if (contrast_expiry_crl(r, &t, NULL) != 0 ||
      chain_expiry(r, crl_chain_names, &c) != 0)
    return -1;
  *expires = t < c ? t : c;
  return 0;
}

/* A root CA CRL body as PCCS serves it (hex text, maybe with a trailing
 * newline) decoded to DER; anything else is returned as it came (DER, or
 * something the verifier will refuse). *out is new. */
static int root_crl_der(const uint8_t *body, size_t len, uint8_t **out,
                        size_t *out_len, contrast_err *err) {
  size_t n = len;
  while (n > 0 && isspace(body[n - 1]))
    n--;
  int hex = n > 0 && n % 2 == 0;
  for (size_t i = 0; hex && i < n; i++)
    hex = isxdigit(body[i]) != 0;
  size_t m = hex ? n / 2 : len;
  uint8_t *buf = malloc(m + 1);
  ENSURE_ALLOC(buf);
  if (hex) {
    char *s = malloc(n + 1);
    if (s == NULL) {
      free(buf);
      BAIL(E_NOMEM, "out of memory");
    }
    memcpy(s, body, n);
    s[n] = '\0';
    int rc = contrast_hex_decode(s, buf, m, "root CA CRL", CONTRAST_E_FETCH,
                                 err);
    free(s);
    if (rc != 0) {
      free(buf);
      return -1;
    }
  } else if (m > 0) {
    memcpy(buf, body, m);
  }
  buf[m] = '\0';
  *out = buf;
  *out_len = m;
  return 0;
}

static int expiry_root_crl(const contrast_http_response *r, int64_t *expires,
                           void *arg) {
  (void)arg;
  contrast_http_response tmp;
  memset(&tmp, 0, sizeof tmp);
  contrast_err e;
  contrast_err_clear(&e);
  if (root_crl_der(r->body, r->body_len, &tmp.body, &tmp.body_len, &e) != 0)
    return -1;
  int rc = contrast_expiry_crl(&tmp, expires, NULL);
  free(tmp.body);
  return rc;
}

/* ---- completing collateral ---- */

static const char *const keep_tcb[] = {TCB_CHAIN_HEADER, TCB_CHAIN_HEADER_SGX,
                                       NULL};

/* Fetch one JSON/CRL item with its issuer chain header; fill in the body
 * when *body is NULL and the decoded chain when *chain is NULL, the new
 * bytes being owned by *body_buf / *chain_buf. */
static int
fetch_with_chain(const contrast_fetcher *f, const char *url,
                 const char *const *types, const char *const *chain_names,
                 contrast_expiry_fn expiry, void *arg, const uint8_t **body,
                 size_t *body_len, uint8_t **body_buf, const uint8_t **chain,
                 size_t *chain_len, uint8_t **chain_buf, contrast_err *err) {
  contrast_http_response r;
  GUARD(contrast_fetch(f, url, types, chain_names, expiry, arg, &r, err));
  /* Only what the collateral lacks is taken; *_buf then owns it. */
  if (*chain == NULL &&
      tdx_pcs_issuer_chain(&r, chain_names, chain_buf, chain_len, err) != 0) {
    contrast_http_response_wipe(&r);
    return contrast_err_set(err, CONTRAST_E_FETCH, "GET %s: no issuer chain",
                            url);
  }
  if (*body == NULL) {
    *body = *body_buf = r.body;
    *body_len = r.body_len;
    r.body = NULL;
  }
  if (*chain_buf != NULL)
    *chain = *chain_buf;
  contrast_http_response_wipe(&r);
  return 0;
}

/* FMSPC and CA kind from the quote's PCK chain. -1: not parseable (left to
 * the verifier); -2: an error recorded in err. */
static int pck_facts(const tdx_quote *q, int need_fmspc, int need_ca,
                     uint8_t fmspc[6], int *processor, contrast_err *err) {
  size_t n = q->pck_chain_len;
  while (n > 0 && q->pck_chain[n - 1] == '\0')
    n--;
  contrast_cert certs[4];
  size_t count = 0;
  contrast_err e;
  contrast_err_clear(&e);
  if (contrast_cert_parse_pem_bundle(q->pck_chain, n, "PCK chain", certs, 4,
                                     &count, &e) != 0)
    return -1;
  int rc = 0;
  if (need_fmspc) {
    tdx_pck_ext ext;
    if (tdx_pck_ext_from_cert(certs[0].x509, &ext, &e) != 0)
      rc = -1;
    else
      memcpy(fmspc, ext.fmspc, 6);
  }
  if (rc == 0 && need_ca) {
    char cn[128];
    if (contrast_x509_name_cn(X509_get_issuer_name(certs[0].x509), cn,
                              sizeof cn) != 0) {
      (void)contrast_err_set(err, CONTRAST_E_FETCH,
                             "the PCK certificate's issuer has no usable CN");
      rc = -2;
    } else if (strcmp(cn, PLATFORM_CA_CN) == 0) {
      *processor = 0;
    } else if (strcmp(cn, PROCESSOR_CA_CN) == 0) {
      *processor = 1;
    } else {
      (void)contrast_err_set(err, CONTRAST_E_FETCH,
                             "PCK issuer '%s' is neither the Platform CA nor "
                             "the Processor CA: no PCK CRL to fetch",
                             cn);
      rc = -2;
    }
  }
  for (size_t i = 0; i < count; i++)
    contrast_cert_wipe(&certs[i]);
  return rc;
}

int tdx_pcs_complete(const contrast_fetcher *f, const char *base,
                     const char *root_crl_url, const uint8_t *quote,
                     size_t quote_len, tdx_collateral *c, uint8_t *bufs[7],
                     contrast_err *err) {
  for (size_t i = 0; i < 7; i++)
    bufs[i] = NULL;
  tdx_quote *q = malloc(sizeof *q);
  ENSURE_ALLOC(q);
  contrast_err perr;
  contrast_err_clear(&perr);
  int need_tcb = c->tcb_info == NULL || c->tcb_info_issuer_chain == NULL;
  int need_qe = c->qe_identity == NULL || c->qe_identity_issuer_chain == NULL;
  int need_crl = c->pck_crl == NULL || c->pck_crl_issuer_chain == NULL;
  uint8_t fmspc[6] = {0};
  int processor = 0;
  int facts = 0;
  if (tdx_quote_parse(quote, quote_len, q, &perr) != 0)
    facts = -1;
  else if (need_tcb || need_crl)
    facts = pck_facts(q, need_tcb, need_crl, fmspc, &processor, err);
  free(q);
  if (facts == -1)
    return 0; /* the verifier will say what is wrong */
  if (facts != 0)
    return -1;
  char url[TDX_PCS_URL_MAX];
  base = tdx_pcs_base(base);
  if (need_tcb) {
    json_expiry je = {"tcbInfo", tcb_chain_names};
    GUARD(tdx_pcs_tcb_info_url(base, fmspc, url, sizeof url, err));
    GUARD(fetch_with_chain(f, url, json_types, keep_tcb, expiry_json, &je,
                           &c->tcb_info, &c->tcb_info_len, &bufs[0],
                           &c->tcb_info_issuer_chain,
                           &c->tcb_info_issuer_chain_len, &bufs[1], err));
  }
  if (need_qe) {
    json_expiry je = {"enclaveIdentity", qe_chain_names};
    GUARD(tdx_pcs_qe_identity_url(base, url, sizeof url, err));
    GUARD(fetch_with_chain(f, url, json_types, qe_chain_names, expiry_json, &je,
                           &c->qe_identity, &c->qe_identity_len, &bufs[2],
                           &c->qe_identity_issuer_chain,
                           &c->qe_identity_issuer_chain_len, &bufs[3], err));
  }
  if (need_crl) {
    GUARD(tdx_pcs_pck_crl_url(base, processor, url, sizeof url, err));
    GUARD(fetch_with_chain(f, url, crl_types, crl_chain_names, expiry_pck_crl,
                           NULL, &c->pck_crl, &c->pck_crl_len, &bufs[4],
                           &c->pck_crl_issuer_chain,
                           &c->pck_crl_issuer_chain_len, &bufs[5], err));
  }
  if (c->root_ca_crl == NULL) {
    GUARD(tdx_pcs_root_crl_url(base, root_crl_url, url, sizeof url, err));
    contrast_http_response r;
    GUARD(contrast_fetch(f, url, root_crl_types, NULL, expiry_root_crl, NULL,
                         &r, err));
    size_t len = 0;
    int rc = root_crl_der(r.body, r.body_len, &bufs[6], &len, err);
    contrast_http_response_wipe(&r);
    GUARD(rc);
    c->root_ca_crl = bufs[6];
    c->root_ca_crl_len = len;
  }
  return 0;
}
