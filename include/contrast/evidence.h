/* The TEE-neutral face of verification: a case (spec/CASES.md) in, a
 * verdict with one reason code and the evidence's claims out. */
#ifndef CONTRAST_EVIDENCE_H
#define CONTRAST_EVIDENCE_H

#include <stdint.h>

#include <jansson.h>

#include "contrast/error.h"
#include "contrast/snp.h"
#include "contrast/tdx.h"

/* Where roots come from: the embedded real ones, or a directory laid out
 * like trust/ (amd/<product>/{ark,ask,asvk}.pem, intel/sgx_root_ca.pem). */
typedef struct contrast_trust {
  snp_trust snp;
  tdx_trust tdx;
} contrast_trust;

/* Load the embedded real roots. Errors: E_UNUSABLE, E_NOMEM. */
int contrast_trust_load_builtin(contrast_trust *t,
                                contrast_err *err) CONTRAST_WUR;

#define CONTRAST_SNP_ALL_PRODUCTS                                             \
  ((1u << SNP_PRODUCT_MILAN) | (1u << SNP_PRODUCT_GENOA) |                    \
   (1u << SNP_PRODUCT_TURIN))

/* Load only some embedded roots: the AMD products whose bit (1u << product)
 * is set, and the Intel root when intel is non-zero. Pinning a root costs
 * a certificate parse and an RSA verification, so a one-shot process pins
 * only what its evidence can chain to. Errors: as above. */
int contrast_trust_load_builtin_some(contrast_trust *t, unsigned snp_products,
                                     int intel, contrast_err *err) CONTRAST_WUR;

/* The AMD products an SNP report may need roots for: its CPUID product for
 * v3+, every product for v2 (decided by the VEK's issuer), none when the
 * report does not parse or names no known product (verification stops
 * before the chain then). */
unsigned contrast_snp_products_needed(const uint8_t *report, size_t len);
/* Load a simulator's roots from dir (products without a folder are left
 * out; a product folder must hold ark.pem and ask.pem, asvk.pem optional;
 * intel/sgx_root_ca.pem optional).
 * Errors: E_UNUSABLE (nothing usable, bad files), E_IO, E_NOMEM. */
int contrast_trust_load_dir(contrast_trust *t, const char *dir,
                            const char *label, contrast_err *err) CONTRAST_WUR;
/* An empty store (nothing pinned: every chain is CHAIN). */
void contrast_trust_init_empty(contrast_trust *t, const char *label);
void contrast_trust_wipe(contrast_trust *t);

typedef enum contrast_tee { CONTRAST_TEE_SNP = 0, CONTRAST_TEE_TDX } contrast_tee;

typedef enum contrast_trust_kind {
  CONTRAST_TRUST_AMD = 0,
  CONTRAST_TRUST_INTEL,
  CONTRAST_TRUST_SIM
} contrast_trust_kind;

/* A loaded case: case.json validated and every named file read. */
typedef struct contrast_case {
  char *dir;
  char *name;
  contrast_tee tee;
  contrast_trust_kind trust;
  int64_t now;
  uint8_t *evidence;
  size_t evidence_len;
  /* SNP endorsements */
  uint8_t *vek;
  size_t vek_len;
  snp_vek_kind vek_kind;
  uint8_t *cert_chain;
  size_t cert_chain_len;
  uint8_t *crl;
  size_t crl_len;
  /* TDX collateral (CASES.md keys) */
  uint8_t *tcb_info, *tcb_info_issuer_chain, *qe_identity,
      *qe_identity_issuer_chain, *pck_crl, *pck_crl_issuer_chain, *root_ca_crl;
  size_t tcb_info_len, tcb_info_issuer_chain_len, qe_identity_len,
      qe_identity_issuer_chain_len, pck_crl_len, pck_crl_issuer_chain_len,
      root_ca_crl_len;
  json_t *policy; /* owned reference, NULL if absent */
} contrast_case;

/* Load dir/case.json and its files. Anything that makes the case unusable
 * (spec/CASES.md: unreadable or invalid case.json, unknown format, a named
 * file missing, an unknown key) fails with E_UNUSABLE. */
int contrast_case_load(const char *dir, contrast_case *out,
                       contrast_err *err) CONTRAST_WUR;
void contrast_case_wipe(contrast_case *c);

/* The outcome of one verification. */
typedef struct contrast_verdict {
  contrast_code reason; /* CONTRAST_OK = accept, else a reason code */
  char detail[CONTRAST_ERR_DETAIL_MAX];
  json_t *claims; /* owned; the parsed evidence fields, {} if not parsed */
  const char *tcb_status; /* NULL for SNP, or when not computed */
  json_t *advisory_ids;   /* owned array, may be NULL (= []) */
} contrast_verdict;

void contrast_verdict_wipe(contrast_verdict *v);

/* Everything a verification needs besides the case. */
typedef struct contrast_verify_ctx {
  const contrast_trust *builtin; /* real roots */
  const contrast_trust *sim;     /* NULL unless the user passed --trust-sim */
  snp_cache *snp_cache;          /* optional */
} contrast_verify_ctx;

/* Verify an SNP report with its endorsements against a policy at now.
 * The verdict is filled on accept and on reject (return 0 in both cases);
 * -1 means the input could not be used (E_UNUSABLE, bad policy) or an
 * operational failure (E_NOMEM, E_CRYPTO). */
int contrast_verify_snp(const snp_trust *trust, const uint8_t *report,
                        size_t report_len, const snp_endorsements *e,
                        const json_t *policy, int64_t now, snp_cache *cache,
                        contrast_verdict *out, contrast_err *err) CONTRAST_WUR;

/* Verify a TDX quote with its collateral; as contrast_verify_snp. */
int contrast_verify_tdx(const tdx_trust *trust, const uint8_t *quote,
                        size_t quote_len, const tdx_collateral *c,
                        const json_t *policy, int64_t now,
                        contrast_verdict *out, contrast_err *err) CONTRAST_WUR;

/* Load the collateral files of CASES.md from a directory (tcb_info.json,
 * tcb_info_issuer_chain.pem, qe_identity.json,
 * qe_identity_issuer_chain.pem, pck_crl.der, pck_crl_issuer_chain.pem,
 * root_ca_crl.der; absent files are left NULL) into c, whose buffers are
 * stored in bufs[7] (caller frees each). Errors: E_IO. */
int contrast_collateral_load_dir(const char *dir, tdx_collateral *c,
                                 uint8_t *bufs[7],
                                 contrast_err *err) CONTRAST_WUR;

/* The case's SNP endorsements / TDX collateral as the verifiers take them
 * (pointing into the case). */
snp_endorsements contrast_case_endorsements(const contrast_case *c);
tdx_collateral contrast_case_collateral(const contrast_case *c);

/* The case's seven TDX collateral buffers and their lengths, in the order
 * of contrast_collateral_load_dir (tcb_info, tcb_info_issuer_chain,
 * qe_identity, qe_identity_issuer_chain, pck_crl, pck_crl_issuer_chain,
 * root_ca_crl). */
void contrast_case_collateral_slots(contrast_case *c, uint8_t **bufs[7],
                                    size_t *lens[7]);

/* Verify a loaded case, picking the roots its `trust` names. */
int contrast_verify_case(const contrast_case *c, const contrast_verify_ctx *ctx,
                         contrast_verdict *out, contrast_err *err) CONTRAST_WUR;

/* The adapter-protocol JSON object of spec/CASES.md. New reference. */
json_t *contrast_verdict_to_json(const contrast_verdict *v);

#endif
