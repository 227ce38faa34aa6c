/* A test PKI for the TDX verifier: an Intel-shaped PKI (a test "Intel SGX
 * Root CA", PCK Platform CA, PCK leaf with the SGX extension, TCB Signing
 * certificate, root CA CRL and PCK CRL), PCS collateral (TCB info v3 and
 * QE identity v2, compact JSON signed over the exact bytes of the signed
 * member), and DCAP quotes v4/v5 (body type 2 or 3) signed the way the
 * TD Quoting Enclave signs them. Layouts and encodings come from
 * spec/tdx.md (§1 quote v4, §2 v5, §4.2 SGX extension, §4.3 names, §5.2 TCB
 * info, §5.3 QE identity, §6.C CRLs), written here independently of the
 * library under test.
 *
 * The encoders and builders are the simulator's (sim/tdx_pki.h), driven
 * with this file's own test data. Keys are P-256 (one P-384 key for the
 * wrong-curve cases) generated in memory on first use: the verifier takes its trust from the caller
 * (tdx_trust_set_root), so each case pins its own test root and nothing of
 * Intel's is needed or imitated beyond the names.
 *
 * The unit of a test is a tt_case: tt_case_init() fills in a good case
 * (verifies, TCB status UpToDate); the test changes exactly one thing (a
 * validity bound, a quote field, a collateral field, a knob) and calls
 * tt_case_build(), which signs what needs signing, assembles the quote and
 * the collateral, and pins the root.
 *
 * Certificates and CRLs are described by plain-data specs and built on
 * demand; a spec built before in this process gives the same bytes again
 * (a cache keyed by the spec), so a root that appears in four chains and in
 * the trust store is the same certificate everywhere.
 *
 * Infrastructure failures (an OpenSSL call failing while building test data)
 * abort the test binary with a message: they are bugs in the test, not
 * verdicts. */
#ifndef CONTRAST_TDXPKI_H
#define CONTRAST_TDXPKI_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "contrast/evidence.h"
#include "contrast/tdx.h"
#include "tdx_pki.h"

/* ---- times of the good case (epoch seconds, UTC) ---- */
#define TT_T_ROOT_NB 1526899510   /* 2018-05-21T10:45:10Z (as Intel's) */
#define TT_T_ROOT_NA 2524607999   /* 2049-12-31T23:59:59Z */
#define TT_T_CA_NB 1526899810     /* 2018-05-21T10:50:10Z */
#define TT_T_CA_NA 2000285410     /* 2033-05-21T10:50:10Z */
#define TT_T_PCK_NB 1735689600    /* 2025-01-01T00:00:00Z */
#define TT_T_PCK_NA 1956528000    /* 2032-01-01T00:00:00Z (7 years) */
#define TT_T_SIGNER_NB 1746523500 /* 2025-05-06T09:25:00Z */
#define TT_T_SIGNER_NA 1967448300 /* 2032-05-06T09:25:00Z */
#define TT_T_CRL_THIS 1748131200  /* 2025-05-25T00:00:00Z */
#define TT_T_CRL_NEXT 1750809600  /* 2025-06-25T00:00:00Z */
#define TT_T_TCB_ISSUE 1747699200 /* 2025-05-20T00:00:00Z */
#define TT_T_TCB_NEXT 1750291200  /* 2025-06-19T00:00:00Z */
#define TT_T_QE_ISSUE 1747785600  /* 2025-05-21T00:00:00Z */
#define TT_T_QE_NEXT 1750377600   /* 2025-06-20T00:00:00Z */
#define TT_T_NOW 1748736000       /* 2025-06-01T00:00:00Z */

/* ---- keys ----
 * The keys, the DER writer, the SGX extension encoder, the certificate and
 * CRL builders, the collateral JSON and the quote builder are the
 * simulator's (sim/tdx_pki.h); this file keeps the test data of the good
 * case and the case runner. The types below are the simulator's under
 * their test names. */
typedef sim_tdx_key tt_key;
#define TT_KEY_NONE SIM_TDX_KEY_NONE
#define TT_KEY_ROOT SIM_TDX_KEY_ROOT /* the test "Intel SGX Root CA" */
#define TT_KEY_ROOT_OTHER SIM_TDX_KEY_ROOT_OTHER /* a root no case pins */
#define TT_KEY_CA SIM_TDX_KEY_CA /* PCK Platform CA */
#define TT_KEY_CA_OTHER SIM_TDX_KEY_CA_OTHER
#define TT_KEY_PCK SIM_TDX_KEY_PCK
#define TT_KEY_PCK_OTHER SIM_TDX_KEY_PCK_OTHER
#define TT_KEY_TCB SIM_TDX_KEY_TCB /* TCB Signing */
#define TT_KEY_TCB_OTHER SIM_TDX_KEY_TCB_OTHER
#define TT_KEY_ATTEST SIM_TDX_KEY_ATTEST /* the quote's attestation key */
#define TT_KEY_ATTEST_OTHER SIM_TDX_KEY_ATTEST_OTHER
#define TT_KEY_P384 SIM_TDX_KEY_P384 /* the wrong curve */

/* The private key (borrowed; generated on first use, freed by
 * tt_cleanup). */
EVP_PKEY *tt_key_get(tt_key k);
/* The public point X||Y (big-endian, no 0x04 prefix) of a P-256 key. */
void tt_key_xy(tt_key k, uint8_t xy[64]);
/* ECDSA P-256 / SHA-256 over msg as raw r||s (tdx.md §1.6). */
void tt_sign_raw(tt_key k, const uint8_t *msg, size_t len, uint8_t sig[64]);

/* ---- a growable byte buffer and a tiny DER writer ---- */
typedef sim_buf tt_buf;

void tt_buf_put(tt_buf *b, const void *p, size_t n);
void tt_buf_printf(tt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tt_buf_free(tt_buf *b);
/* Append tag, minimal definite length, content. */
void tt_der_tlv(tt_buf *b, uint8_t tag, const uint8_t *v, size_t n);
/* DER INTEGER of a non-negative value, minimal. */
void tt_der_uint(tt_buf *b, uint64_t v);
/* OID 1.2.840.113741.1.13.1.a (sub = 0) or 1.2.840.113741.1.13.1.a.sub */
void tt_der_sgx_oid(tt_buf *b, unsigned a, unsigned sub);

/* ---- the PCK certificate's SGX extension (tdx.md §4.2) ---- */

/* Tags used as "wrong type" replacements and in the encodings. */
#define TT_TAG_BOOLEAN SIM_TAG_BOOLEAN
#define TT_TAG_INTEGER SIM_TAG_INTEGER
#define TT_TAG_OCTETS SIM_TAG_OCTETS
#define TT_TAG_NULL SIM_TAG_NULL
#define TT_TAG_ENUM SIM_TAG_ENUM
#define TT_TAG_SEQ SIM_TAG_SEQ

/* The extension and its fault knobs (sim_tdx_sgx_ext documents them). */
typedef sim_tdx_sgx_ext tt_sgx_ext;

/* The extension of the good case: Platform-CA form, comps 3,3,2,2,4,1,0,5,
 * PCESVN 13, FMSPC B0C06F000000, PCE-ID 0000, SGX type 1. */
tt_sgx_ext tt_sgx_ext_good(void);
/* The DER of the extension value (SEQUENCE OF SEQUENCE{OID, value}),
 * appended to out. */
void tt_sgx_ext_der(const tt_sgx_ext *x, tt_buf *out);

/* ---- certificates ---- */

typedef sim_tdx_role tt_role;
#define TT_ROLE_ROOT SIM_TDX_ROLE_ROOT /* CA:TRUE pathlen 1, certSign+cRLSign */
#define TT_ROLE_CA SIM_TDX_ROLE_CA     /* CA:TRUE pathlen 0 */
#define TT_ROLE_PCK SIM_TDX_ROLE_PCK   /* CA:FALSE, the SGX extension */
#define TT_ROLE_SIGNER SIM_TDX_ROLE_SIGNER /* TCB Signing: CA:FALSE */

/* A certificate (sim_tdx_cert_spec documents the fields; the test specs
 * leave crl_dp empty and root_aki off). */
typedef sim_tdx_cert_spec tt_cert_spec;

tt_cert_spec tt_root_spec(void);   /* self-signed, TT_KEY_ROOT */
tt_cert_spec tt_ca_spec(void);     /* Intel SGX PCK Platform CA */
tt_cert_spec tt_pck_spec(void);    /* Intel SGX PCK Certificate */
tt_cert_spec tt_signer_spec(void); /* Intel SGX TCB Signing */

/* DER (borrowed until tt_cleanup). Same spec, same bytes. */
const uint8_t *tt_cert_der(const tt_cert_spec *s, size_t *len);
/* PEM CERTIFICATE blocks of n specs in order (new, caller frees). */
char *tt_pem_chain(const tt_cert_spec *specs, size_t n, size_t *len);

/* ---- CRLs ---- */

#define TT_CRL_MAX_REVOKED SIM_TDX_CRL_MAX_REVOKED

/* A CRL (sim_tdx_crl_spec; the test specs have no entry reasons). */
typedef sim_tdx_crl_spec tt_crl_spec;

/* The root CA CRL (issued by the root) and the PCK CRL (by the Platform
 * CA): v2, CRL Number and AKI, valid TT_T_CRL_THIS .. TT_T_CRL_NEXT,
 * revoking two unrelated serials. */
tt_crl_spec tt_root_crl_spec(void);
tt_crl_spec tt_pck_crl_spec(void);
const uint8_t *tt_crl_der(const tt_crl_spec *s, size_t *len);

/* ---- collateral JSON (tdx.md §5.2, §5.3) ---- */

#define TT_MAX_LEVELS SIM_TDX_MAX_LEVELS
#define TT_MAX_ADV SIM_TDX_MAX_ADV
#define TT_MAX_IDS SIM_TDX_MAX_IDS

/* Levels, module identities, TCB info and QE identity (sim_tdx_* document
 * the fields; a level's tcb_date 0 is 2024-03-13T00:00:00Z). */
typedef sim_tdx_tcb_level tt_tcb_level;
typedef sim_tdx_isv_level tt_isv_level;
typedef sim_tdx_module_id tt_module_id;
typedef sim_tdx_tcb_info tt_tcb_info;
typedef sim_tdx_qe_identity tt_qe_identity;

/* The good collateral: FMSPC/PCE-ID of tt_sgx_ext_good; levels
 *   [0] sgx 3,3,2,2,4,1,0,5 pcesvn 13 tdx 5,0,2  UpToDate
 *   [1] sgx 2,2,2,2,3,1,0,5 pcesvn 11 tdx 3,0,2  OutOfDate (2 advisories)
 * module identities TDX_03 [isvsvn 3 UpToDate], TDX_01 [4 UpToDate,
 * 2 OutOfDate (1 advisory)]; tcbEvaluationDataNumber 17; signed by
 * TT_KEY_TCB. */
tt_tcb_info tt_tcb_info_good(void);
/* The TD_QE identity of every real body (tdx.md §5.3) with one level
 * [isvsvn 4 UpToDate]. */
tt_qe_identity tt_qe_identity_good(void);

/* The "tcbInfo" / "enclaveIdentity" object text, compact, in Intel's key
 * order (appended to out). */
void tt_tcb_info_object(const tt_tcb_info *t, tt_buf *out);
void tt_qe_identity_object(const tt_qe_identity *q, tt_buf *out);
/* The PCS body {"tcbInfo":{...},"signature":"<r||s hex>"} signed over the
 * object's exact bytes (new, NUL-terminated, caller frees). */
char *tt_tcb_info_json(const tt_tcb_info *t, size_t *len);
char *tt_qe_identity_json(const tt_qe_identity *q, size_t *len);
/* Lower-case hex of a raw signature by key over msg (129 bytes with NUL). */
void tt_sign_hex(tt_key k, const uint8_t *msg, size_t len, char out[129]);

/* ---- quotes (tdx.md §1, §2) ---- */

/* Offsets inside the TD quote body (§1.3) */
#define TT_B_TEE_TCB_SVN SIM_B_TEE_TCB_SVN
#define TT_B_MR_SEAM SIM_B_MR_SEAM
#define TT_B_MR_SIGNER_SEAM SIM_B_MR_SIGNER_SEAM
#define TT_B_SEAM_ATTRIBUTES SIM_B_SEAM_ATTRIBUTES
#define TT_B_TD_ATTRIBUTES SIM_B_TD_ATTRIBUTES
#define TT_B_XFAM SIM_B_XFAM
#define TT_B_MR_TD SIM_B_MR_TD
#define TT_B_MR_CONFIG_ID SIM_B_MR_CONFIG_ID
#define TT_B_MR_OWNER SIM_B_MR_OWNER
#define TT_B_MR_OWNER_CONFIG SIM_B_MR_OWNER_CONFIG
#define TT_B_RTMR0 SIM_B_RTMR0
#define TT_B_REPORT_DATA SIM_B_REPORT_DATA
#define TT_B_TEE_TCB_SVN2 SIM_B_TEE_TCB_SVN2
#define TT_B_MR_SERVICETD SIM_B_MR_SERVICETD
/* Offsets inside the QE report (§1.5) */
#define TT_QE_CPU_SVN SIM_QE_CPU_SVN
#define TT_QE_MISC_SELECT SIM_QE_MISC_SELECT
#define TT_QE_ATTRIBUTES SIM_QE_ATTRIBUTES
#define TT_QE_MR_ENCLAVE SIM_QE_MR_ENCLAVE
#define TT_QE_MR_SIGNER SIM_QE_MR_SIGNER
#define TT_QE_ISV_PROD_ID SIM_QE_ISV_PROD_ID
#define TT_QE_ISV_SVN SIM_QE_ISV_SVN
#define TT_QE_REPORT_DATA SIM_QE_REPORT_DATA

/* A quote (sim_tdx_quote_spec documents the fields and faults). */
typedef sim_tdx_quote_spec tt_quote_spec;

/* A good quote of the version / body type: tee_tcb_svn 05 01 02 (module
 * 1.x, SVN 5, late microcode 2) and tee_tcb_svn2 equal to it, zero
 * MRSIGNERSEAM and SEAM attributes, TD_ATTRIBUTES SEPT_VE_DISABLE, XFAM
 * 0x602e7, pattern measurements; the QE report of a TD_QE (ATTRIBUTES 15..e7,
 * MRSIGNER DC9E..A8C5, ISVPRODID 2, ISVSVN 4); 32 bytes of QE auth data
 * 00..1f; attestation key TT_KEY_ATTEST, QE report signed by TT_KEY_PCK;
 * the PCK chain followed by a NUL. */
void tt_quote_init(tt_quote_spec *q, uint16_t version, uint16_t body_type);
/* Copy the body of a real v4 quote (584 bytes at offset 48) into q->body. */
void tt_quote_body_from_v4(tt_quote_spec *q, const uint8_t *quote);
/* Build: QE report data = SHA-256(key || auth) || zeros, QE report signed,
 * header+body signed, signature data assembled (new, caller frees). */
uint8_t *tt_quote_build(const tt_quote_spec *q, size_t *len);
/* Where things are in a quote built from q. */
size_t tt_quote_body_off(const tt_quote_spec *q);
size_t tt_quote_signed_len(const tt_quote_spec *q);
size_t tt_quote_sig_data_off(const tt_quote_spec *q); /* after the u32 */

/* ---- trust ---- */

/* Pin the root a spec describes (tdx_trust_init + tdx_trust_set_root).
 * Returns what tdx_trust_set_root returned. */
int tt_trust_pin(tdx_trust *t, const tt_cert_spec *root, contrast_err *err);

/* ---- a whole case ---- */

typedef struct tt_case {
  /* inputs: tt_case_init sets a good case */
  tt_cert_spec root, ca, pck, tcb_signer;
  /* The QE identity signer and the PCK CRL issuer chain's CA are, unless
   * their *_set flag is on, tcb_signer and ca as they are at build time. */
  tt_cert_spec qe_signer, crl_ca;
  int qe_signer_set, crl_ca_set;
  int pin;             /* pin a root (default 1) */
  tt_cert_spec pinned; /* pinned instead of root when pinned_set */
  int pinned_set;
  /* chains: by default [pck, ca, root], [tcb_signer, root],
   * [qe_signer, root], [crl_ca, root]; n_* > 0 gives these instead */
  size_t n_pck_chain, n_tcb_chain, n_qe_chain, n_crl_chain;
  tt_cert_spec pck_chain[4], tcb_chain[4], qe_chain[4], crl_chain[4];
  int with_tcb_chain, with_qe_chain, with_crl_chain; /* default 1 */
  tt_crl_spec root_crl, pck_crl;
  int with_root_crl, with_pck_crl; /* default 1 */
  tt_tcb_info tcb_info;
  int with_tcb_info; /* default 1 */
  tt_qe_identity qe_identity;
  int with_qe_identity; /* default 1 */
  tt_quote_spec quote;
  int64_t now;
  int require_crl;
  /* raw replacements (not owned; NULL = none) */
  const uint8_t *pck_chain_raw, *tcb_info_raw, *qe_identity_raw,
      *tcb_chain_raw, *pck_crl_raw, *root_crl_raw;
  size_t pck_chain_raw_len, tcb_info_raw_len, qe_identity_raw_len,
      tcb_chain_raw_len, pck_crl_raw_len, root_crl_raw_len;
  /* outputs of tt_case_build (owned by the case) */
  tdx_trust trust;
  int trust_ready;
  uint8_t *quote_buf;
  size_t quote_len;
  uint8_t *bufs[8];
  tdx_collateral coll;
  tdx_verify_opts opts;
} tt_case;

/* A good case of the version and body type (4/2, 5/2, 5/3): verifies with
 * TCB status UpToDate at TT_T_NOW, every collateral item and both CRLs
 * given, require_crl off. */
void tt_case_init(tt_case *c, uint16_t version, uint16_t body_type);
/* Build, sign and pin. May be called again after changing inputs. */
void tt_case_build(tt_case *c);
/* tdx_verify on the built case (err is cleared first). */
int tt_case_verify(tt_case *c, tdx_verified *out, contrast_err *err);
/* tdx_verify, then (when it succeeded) tdx_appraise with the CASES.md
 * policy given as JSON text (NULL = empty policy). An unusable policy
 * aborts the test binary. */
int tt_case_check(tt_case *c, const char *policy_json, tdx_verified *out,
                  contrast_err *err);
void tt_case_wipe(tt_case *c);

/* Give a case's PCK CA another common name, consistently (the PCK's
 * issuer and the PCK CRL's issuer follow). */
void tt_case_set_ca_cn(tt_case *c, const char *cn);

/* ---- the real cases of vectors/real/tdx ---- */

typedef struct tt_real {
  contrast_case c;     /* case.json and its files (contrast_case_load) */
  tdx_trust trust;     /* the real Intel root, trust/intel/sgx_root_ca.pem */
  tdx_collateral coll; /* views into c */
  tdx_verify_opts opts; /* now = the case's now */
  tdx_policy policy;   /* the case's policy */
} tt_real;

/* Load vectors/real/tdx/<name> (aborts the test binary on failure). */
void tt_real_load(tt_real *r, const char *name);
/* tdx_verify of quote (e.g. an edited copy of r->c.evidence) with the
 * case's collateral at its now, then tdx_appraise with its policy when
 * verification succeeded. */
int tt_real_check(const tt_real *r, const uint8_t *quote, size_t len,
                  tdx_verified *out, contrast_err *err);
void tt_real_wipe(tt_real *r);

/* Release the keys and every certificate and CRL built. */
void tt_cleanup(void);

#endif
