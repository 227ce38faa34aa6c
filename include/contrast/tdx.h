/* Intel TDX (DCAP): quote codec, PCK SGX extension, collateral (TCB info v3,
 * QE identity v2), verification with TCB-level matching and status merging,
 * appraisal (spec/tdx.md, spec/CASES.md).
 *
 *   tdx_quote_parse    structure only (MALFORMED / UNSUPPORTED)
 *   tdx_verify         chains, CRLs, collateral, QE report, key binding,
 *                      quote signature, TCB status
 *   tdx_appraise       the policy of CASES.md */
#ifndef CONTRAST_TDX_H
#define CONTRAST_TDX_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "contrast/crypto.h"
#include "contrast/error.h"
#include "contrast/policy.h"
#include "contrast/x509lite.h"

#define TDX_HEADER_SIZE 48
#define TDX_BODY10_SIZE 584
#define TDX_BODY15_SIZE 648
#define TDX_QE_REPORT_SIZE 384
#define TDX_TEE_TYPE 0x00000081u
#define TDX_ATT_KEY_ECDSA_P256 2u

/* The TD quote body (tdx.md §1.3; type 3 adds the TDX 1.5 fields, §2). */
typedef struct tdx_body {
  uint16_t type; /* 2 = TDX 1.0 (v4 always), 3 = TDX 1.5 */
  uint8_t tee_tcb_svn[16];
  uint8_t mr_seam[48];
  uint8_t mr_signer_seam[48];
  uint8_t seam_attributes[8];
  uint8_t td_attributes[8]; /* u64 LE bit field, tdx.md §8 */
  uint8_t xfam[8];
  uint8_t mr_td[48];
  uint8_t mr_config_id[48];
  uint8_t mr_owner[48];
  uint8_t mr_owner_config[48];
  uint8_t rtmr[4][48];
  uint8_t report_data[64];
  uint8_t tee_tcb_svn2[16]; /* type 3 only */
  uint8_t mr_servicetd[48]; /* type 3 only */
} tdx_body;

/* The QE report: an SGX enclave report body (tdx.md §1.5). */
typedef struct tdx_qe_report {
  uint8_t cpu_svn[16];
  uint32_t misc_select;
  uint8_t attributes[16];
  uint8_t mr_enclave[32];
  uint8_t mr_signer[32];
  uint16_t isv_prod_id;
  uint16_t isv_svn;
  uint8_t report_data[64];
  const uint8_t *raw; /* 384 bytes, view into the quote */
} tdx_qe_report;

/* A parsed quote. Views (const pointers) borrow the caller's buffer, which
 * must outlive the struct. */
typedef struct tdx_quote {
  uint16_t version; /* 4 or 5 */
  uint16_t att_key_type;
  uint32_t tee_type;
  uint8_t header_reserved[4];
  uint8_t qe_vendor_id[16];
  uint8_t user_data[20];
  uint32_t body_size; /* v5: from the wire; v4: 584 */
  tdx_body body;
  const uint8_t *signed_data; /* header (+ type + size) + body */
  size_t signed_len;
  uint8_t signature[64];  /* r || s big-endian */
  uint8_t attest_key[64]; /* X || Y big-endian */
  uint16_t cert_type;     /* outer: 6 */
  tdx_qe_report qe_report;
  uint8_t qe_report_signature[64];
  const uint8_t *qe_auth_data;
  uint16_t qe_auth_len;
  uint16_t inner_cert_type; /* 5 */
  const uint8_t *pck_chain; /* PEM, inner data (may end with one NUL) */
  size_t pck_chain_len;
  size_t trailing; /* bytes after the signature data (never signed) */
} tdx_quote;

/* Parse a quote v4 or v5 (body types 2 and 3). Every length is checked
 * against what remains; trailing bytes after the signature data are allowed
 * and counted. Errors: MALFORMED (truncation, inconsistent lengths, body
 * size not matching its type), UNSUPPORTED (version, attestation key type,
 * TEE type, QE vendor, certification data not type 6 wrapping type 5, body
 * type 1). The detail names the field and its offset. */
int tdx_quote_parse(const uint8_t *buf, size_t len, tdx_quote *out,
                    contrast_err *err) CONTRAST_WUR;

/* Every decoded field of the quote as JSON (snake_case, hex strings). */
json_t *tdx_quote_to_json(const tdx_quote *q);

/* ---- PCK certificate SGX extension (tdx.md §4.2) ---- */

typedef struct tdx_pck_ext {
  uint8_t ppid[16];
  uint8_t tcb_comp[16]; /* SGX TCB COMP01..16 SVN */
  uint16_t pcesvn;
  uint8_t cpusvn[16];
  uint8_t pceid[2];
  uint8_t fmspc[6];
  uint32_t sgx_type; /* 0 Standard, 1 Scalable, 2 ScalableWithIntegrity */
  int has_piid;      /* Platform CA PCKs only */
  uint8_t piid[16];
  int has_config;
  int has_dynamic_platform, has_cached_keys, has_smt_enabled;
  int dynamic_platform, cached_keys, smt_enabled;
} tdx_pck_ext;

/* Parse the SGX extension value (the DER SEQUENCE inside extnValue):
 * 5 entries (Processor CA) or 7 (Platform CA), the TCB sequence with
 * exactly 18 entries, no duplicates, no unknown OIDs. Errors: MALFORMED. */
int tdx_pck_ext_parse(const uint8_t *der, size_t len, tdx_pck_ext *out,
                      contrast_err *err) CONTRAST_WUR;

/* The extension as JSON (snake_case). New reference; NULL on OOM. */
json_t *tdx_pck_ext_to_json(const tdx_pck_ext *x);

/* Find and parse the SGX extension of a PCK certificate.
 * Errors: MALFORMED (absent, duplicated or bad). */
int tdx_pck_ext_from_cert(const X509 *x, tdx_pck_ext *out,
                          contrast_err *err) CONTRAST_WUR;

/* The same from a certificate read by contrast_x509lite_parse (which has
 * refused a duplicated extension). Errors: MALFORMED (absent or bad). */
int tdx_pck_ext_from_x509lite(const contrast_x509lite *c, tdx_pck_ext *out,
                              contrast_err *err) CONTRAST_WUR;

/* ---- TCB statuses (CASES.md: exactly these strings) ---- */

#define TDX_STATUSES(X)                                                       \
  X(UP_TO_DATE, "UpToDate")                                                   \
  X(SW_HARDENING_NEEDED, "SWHardeningNeeded")                                 \
  X(CONFIGURATION_NEEDED, "ConfigurationNeeded")                              \
  X(CONFIGURATION_AND_SW_HARDENING_NEEDED,                                    \
    "ConfigurationAndSWHardeningNeeded")                                      \
  X(OUT_OF_DATE, "OutOfDate")                                                 \
  X(OUT_OF_DATE_CONFIGURATION_NEEDED, "OutOfDateConfigurationNeeded")         \
  X(REVOKED, "Revoked")                                                       \
  X(TD_RELAUNCH_ADVISED, "TDRelaunchAdvised")                                 \
  X(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED,                                 \
    "TDRelaunchAdvisedConfigurationNeeded")                                   \
  X(NOT_SUPPORTED, "NotSupported")

typedef enum tdx_status {
#define TDX_STATUS_ENUM(name, str) TDX_STATUS_##name,
  TDX_STATUSES(TDX_STATUS_ENUM)
#undef TDX_STATUS_ENUM
  TDX_STATUS_COUNT_
} tdx_status;

const char *tdx_status_name(tdx_status s);
/* Exact, case-sensitive match of the CASES.md strings; -1 if unknown. */
int tdx_status_from_name(const char *name, tdx_status *out) CONTRAST_WUR;

/* ---- collateral (tdx.md §5.2, §5.3) ---- */

/* Bounds on what a collateral document may hold (far above real data). */
#define TDX_MAX_ADVISORIES 256
#define TDX_MAX_LEVELS 256
#define TDX_MAX_IDENTITIES 64

typedef struct tdx_advisories {
  size_t n;
  char **ids; /* owned */
} tdx_advisories;

typedef struct tdx_tcb_level {
  uint8_t sgx[16];
  uint16_t pcesvn;
  uint8_t tdx[16];
  tdx_status status;
  tdx_advisories advisories;
} tdx_tcb_level;

typedef struct tdx_isv_level {
  uint16_t isvsvn;
  tdx_status status;
  tdx_advisories advisories;
} tdx_isv_level;

typedef struct tdx_module_identity {
  char id[16]; /* "TDX_01" */
  uint8_t mrsigner[48];
  uint8_t attributes[8];
  uint8_t attributes_mask[8];
  size_t n_levels;
  tdx_isv_level *levels; /* owned */
} tdx_module_identity;

typedef struct tdx_tcb_info {
  char id[16];
  uint64_t version;
  int64_t issue_date, next_update;
  uint8_t fmspc[6];
  uint8_t pceid[2];
  uint64_t tcb_type;
  uint64_t tcb_evaluation_data_number;
  uint8_t module_mrsigner[48];
  uint8_t module_attributes[8];
  uint8_t module_attributes_mask[8];
  int has_identities;
  size_t n_identities;
  tdx_module_identity *identities; /* owned */
  size_t n_levels;
  tdx_tcb_level *levels; /* owned, in the order served */
  /* the exact bytes of the "tcbInfo" value as served (view into the
   * body) and the signature over them */
  const uint8_t *signed_data;
  size_t signed_len;
  uint8_t signature[64];
} tdx_tcb_info;

typedef struct tdx_qe_identity {
  char id[16];
  uint64_t version;
  int64_t issue_date, next_update;
  uint64_t tcb_evaluation_data_number;
  uint32_t miscselect, miscselect_mask; /* hex bytes read as u32 LE */
  uint8_t attributes[16], attributes_mask[16];
  uint8_t mrsigner[32];
  uint16_t isvprodid;
  size_t n_levels;
  tdx_isv_level *levels; /* owned, in the order served */
  const uint8_t *signed_data;
  size_t signed_len;
  uint8_t signature[64];
} tdx_qe_identity;

/* Parse a PCS TCB info body {"tcbInfo":{...},"signature":"..."} (the body
 * must outlive *out: signed_data points into it). Structure and types only;
 * id/version/tcbType are judged by tdx_verify. Errors: MALFORMED. */
int tdx_tcb_info_parse(const uint8_t *body, size_t len, tdx_tcb_info *out,
                       contrast_err *err) CONTRAST_WUR;
void tdx_tcb_info_wipe(tdx_tcb_info *t);
void tdx_qe_identity_wipe(tdx_qe_identity *q);

/* Parse a PCS QE identity body {"enclaveIdentity":{...},"signature":"..."}.
 * Errors: MALFORMED. */
int tdx_qe_identity_parse(const uint8_t *body, size_t len,
                          tdx_qe_identity *out, contrast_err *err) CONTRAST_WUR;

/* Locate the raw bytes of the value of top-level member `key` in a JSON
 * object text: from its first byte to its last, exactly as served.
 * Returns 0, or -1 when the text is not an object or the key is absent,
 * duplicated or written with escapes. */
int tdx_json_raw_member(const uint8_t *text, size_t len, const char *key,
                        const uint8_t **val, size_t *val_len) CONTRAST_WUR;

/* ---- trust ---- */

/* The pinned Intel SGX Root CA. The caller fills and owns it. */
typedef struct tdx_trust {
  const char *label;
  int loaded;
  contrast_cert root;
  contrast_x509lite root_lite; /* views into root.der */
  EVP_PKEY *root_pub; /* borrowed from root */
  int64_t root_nb, root_na;
  uint8_t root_fp[32]; /* SHA-256 of the root's DER (cache binding) */
} tdx_trust;

void tdx_trust_init(tdx_trust *t, const char *label);
void tdx_trust_wipe(tdx_trust *t);
/* Pin a root (PEM or DER): self-issued, self-signed ECDSA P-256 SHA-256.
 * Errors: E_UNUSABLE, E_NOMEM. */
int tdx_trust_set_root(tdx_trust *t, const uint8_t *root, size_t len,
                       contrast_err *err) CONTRAST_WUR;

/* ---- verification ---- */

/* The collateral of CASES.md, as bytes (each optional: NULL). */
typedef struct tdx_collateral {
  const uint8_t *tcb_info;
  size_t tcb_info_len;
  const uint8_t *tcb_info_issuer_chain;
  size_t tcb_info_issuer_chain_len;
  const uint8_t *qe_identity;
  size_t qe_identity_len;
  const uint8_t *qe_identity_issuer_chain;
  size_t qe_identity_issuer_chain_len;
  const uint8_t *pck_crl;
  size_t pck_crl_len;
  const uint8_t *pck_crl_issuer_chain;
  size_t pck_crl_issuer_chain_len;
  const uint8_t *root_ca_crl;
  size_t root_ca_crl_len;
} tdx_collateral;

/* Keeps, per exact bytes of (PCK chain, collateral) and pinned root, what
 * verifying them established: the PCK key and extension, the parsed TCB
 * info and QE identity, and every validity window. A hit re-checks the
 * windows at `now`, require_crl and the checks that depend on the quote (QE
 * identity, TDX module identity, TCB status), then only the QE report and
 * quote signatures are verified. Not thread-safe. */
typedef struct tdx_cache tdx_cache;
tdx_cache *tdx_cache_new(void);
void tdx_cache_free(tdx_cache *c);

typedef struct tdx_verify_opts {
  int64_t now;
  int require_crl;
  tdx_cache *cache; /* optional */
} tdx_verify_opts;

#define TDX_MAX_VERDICT_ADVISORIES 64

typedef struct tdx_verified {
  tdx_quote quote; /* views into the caller's quote buffer */
  int has_quote;
  tdx_pck_ext pck;
  int has_pck;
  int has_status; /* the TCB status was computed */
  tdx_status status;
  size_t n_advisories;
  char advisories[TDX_MAX_VERDICT_ADVISORIES][64];
  uint64_t tcb_evaluation_data_number;
} tdx_verified;

/* Parse and verify a quote with its collateral against the pinned root at
 * opts->now, in the order of CASES.md's reason table (tdx.md §6-§7); the
 * TCB status is computed but not judged (that is policy). On failure *out
 * keeps what was established (has_quote, has_status). The quote buffer
 * must outlive *out. Errors: a reason code, or E_NOMEM / E_CRYPTO. */
int tdx_verify(const tdx_trust *trust, const uint8_t *quote, size_t len,
               const tdx_collateral *collateral, const tdx_verify_opts *opts,
               tdx_verified *out, contrast_err *err) CONTRAST_WUR;

/* ---- appraisal ---- */

typedef struct tdx_ref_values {
  int has_mr_td;
  uint8_t mr_td[48];
  int has_mr_seam;
  uint8_t mr_seam[48];
  int has_rtmrs;
  int rtmr_checked[4];
  uint8_t rtmrs[4][48];
  int has_xfam;
  uint8_t xfam[8];
  int has_td_attributes;
  uint8_t td_attributes[8];
  size_t n_piids;
  uint8_t (*piids)[16]; /* owned */
  int has_min_eval;
  uint64_t min_eval;
} tdx_ref_values;

typedef struct tdx_policy {
  contrast_policy_base base;
  int has_ref;
  tdx_ref_values ref;
  uint32_t accepted; /* bit per tdx_status; default UpToDate only */
} tdx_policy;

/* Read a CASES.md policy object for a TDX case (NULL = empty policy).
 * Errors: E_UNUSABLE, E_NOMEM. */
int tdx_policy_from_json(const json_t *policy, tdx_policy *out,
                         contrast_err *err) CONTRAST_WUR;
void tdx_policy_wipe(tdx_policy *p);

/* TCB_STATUS, TCB_TOO_LOW, DEBUG, POLICY, MEASUREMENT, HOST_DATA,
 * REPORT_DATA in that order. Revoked and NotSupported are never accepted. */
int tdx_appraise(const tdx_verified *v, const tdx_policy *policy,
                 contrast_err *err) CONTRAST_WUR;

/* ---- TCB status logic (tdx.md §7), pure functions for table tests ---- */

/* The QE identity outcome (tdx.md §6.G.7). */
typedef enum tdx_qe_status {
  TDX_QE_OK = 0,
  TDX_QE_OUT_OF_DATE,
  TDX_QE_REVOKED,
  TDX_QE_NOT_SUPPORTED
} tdx_qe_status;

/* §7.3: platform status converged with the TDX module identity status
 * (module UpToDate / OutOfDate / Revoked). */
tdx_status tdx_converge_module(tdx_status platform, tdx_status module);
/* §7.4: a TCB status merged with the QE identity outcome. */
tdx_status tdx_merge_qe(tdx_status tcb, tdx_qe_status qe);
/* §6.G.7: the QE outcome for an ISVSVN against QE identity levels (walked
 * in the order served: the first with isvsvn <= ISVSVN). *level receives
 * the matched level index or (size_t)-1. */
tdx_qe_status tdx_qe_status_of(const tdx_qe_identity *qi, uint16_t isvsvn,
                               size_t *level);

/* The whole of §7 for a quote: platform level, module identity, relaunch
 * advice (v5 body type 3), QE merge. *status is NotSupported when no level
 * matches. Advisory IDs of the matched levels are appended to out.
 * Errors: COLLATERAL (no module identity for the quote's module version,
 * tdx.md §6.F / §7.6), E_NOMEM. */
int tdx_tcb_status(const tdx_quote *q, const tdx_pck_ext *pck,
                   const tdx_tcb_info *ti, const tdx_qe_identity *qi,
                   tdx_verified *out, contrast_err *err) CONTRAST_WUR;

/* The module identity "TDX_%02X" of a module major version (case-insensitive
 * id match), or NULL. */
const tdx_module_identity *tdx_find_module_identity(const tdx_tcb_info *ti,
                                                    uint8_t major);

#endif
