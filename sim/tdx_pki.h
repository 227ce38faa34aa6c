/* The simulated Intel side of sim/: an Intel-shaped PKI (SGX Root CA, PCK
 * Platform and Processor CAs, PCK certificates with the SGX extension, TCB
 * Signing certificate, root CA and PCK CRLs), PCS collateral (TCB info v3
 * with tdxModuleIdentities, TD QE identity v2, both signed over the exact
 * bytes of the signed member), and DCAP quotes v4/v5 (body type 2 or 3)
 * signed the way the TD Quoting Enclave signs them.
 *
 * Layouts and encodings follow spec/tdx.md (§1 quote v4, §2 v5, §4.2 SGX
 * extension, §4.3 names and validity, §5.2 TCB info, §5.3 QE identity, §6.C
 * CRL extensions) and the real PCS objects in ../shared/real/tdx; nothing
 * here calls into backends/tdx. Internal to sim/ and its tests.
 *
 * The model: plain-data specs describe certificates, CRLs, collateral and
 * quotes; a sim_tdx_pki context holds the keys (by id) and a cache of built
 * DER, so the same spec yields the same bytes again within one context.
 * `keys init` builds the default specs and stores keys and DER in a keys
 * directory; sim_tdx_pki_load() reads them back and seeds the cache, so the
 * default specs resolve to exactly the stored bytes (the pinned root among
 * them). Specs with faults (another signer, other validity, corrupt
 * signature...) are built on demand with the stored keys. Keys that are not
 * stored (the "other" keys of fault cases) are generated on first use.
 *
 * Every function that can fail follows the error model of STYLE.md (0 / -1
 * and a contrast_err: E_CRYPTO for an OpenSSL failure, E_NOMEM, E_IO,
 * E_USAGE for a spec that cannot be encoded). */
#ifndef CONTRAST_SIM_TDX_PKI_H
#define CONTRAST_SIM_TDX_PKI_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "contrast/error.h"
#include "contrast/tdx.h"

/* ---- default times (epoch seconds, UTC) ----
 * Certificates as Intel's (tdx.md §4.3); the PCK 7 years like real ones;
 * CRLs and collateral long-lived so that simulated evidence keeps verifying
 * at the wall clock (cases give their own `now` anyway). */
#define SIM_TDX_T_ROOT_NB 1526899510LL   /* 2018-05-21T10:45:10Z */
#define SIM_TDX_T_ROOT_NA 2524607999LL   /* 2049-12-31T23:59:59Z */
#define SIM_TDX_T_CA_NB 1526899810LL     /* 2018-05-21T10:50:10Z */
#define SIM_TDX_T_CA_NA 2000285410LL     /* 2033-05-21T10:50:10Z */
#define SIM_TDX_T_PCK_NB 1710288000LL    /* 2024-03-13T00:00:00Z */
#define SIM_TDX_T_PCK_NA 1931126400LL    /* 2031-03-13T00:00:00Z */
#define SIM_TDX_T_SIGNER_NB 1746523500LL /* 2025-05-06T09:25:00Z */
#define SIM_TDX_T_SIGNER_NA 1967448300LL /* 2032-05-06T09:25:00Z */
#define SIM_TDX_T_ISSUE 1747699200LL     /* 2025-05-20T00:00:00Z */
#define SIM_TDX_T_NEXT 1893456000LL      /* 2030-01-01T00:00:00Z */
#define SIM_TDX_T_TCB_DATE 1710288000LL  /* 2024-03-13T00:00:00Z */

/* ---- a growable byte buffer ----
 * Appends never fail visibly: an allocation failure sets `failed`, later
 * appends are ignored, and sim_buf_check() turns it into E_NOMEM. The data
 * is always NUL-terminated (the NUL is not counted). */
typedef struct sim_buf {
  uint8_t *p;
  size_t len, cap;
  int failed;
} sim_buf;

void sim_buf_put(sim_buf *b, const void *p, size_t n);
void sim_buf_printf(sim_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sim_buf_u16(sim_buf *b, uint16_t v); /* little-endian */
void sim_buf_u32(sim_buf *b, uint32_t v);
/* E_NOMEM when an append failed. */
int sim_buf_check(const sim_buf *b, contrast_err *err) CONTRAST_WUR;
void sim_buf_free(sim_buf *b);

/* ---- a tiny DER writer ---- */
#define SIM_TAG_BOOLEAN 0x01
#define SIM_TAG_INTEGER 0x02
#define SIM_TAG_OCTETS 0x04
#define SIM_TAG_NULL 0x05
#define SIM_TAG_OID 0x06
#define SIM_TAG_ENUM 0x0a
#define SIM_TAG_SEQ 0x30

/* Append tag, minimal definite length (content below 16 MiB), content. */
void sim_der_tlv(sim_buf *b, uint8_t tag, const uint8_t *v, size_t n);
/* A minimal non-negative DER INTEGER. */
void sim_der_uint(sim_buf *b, uint64_t v);
/* OID 1.2.840.113741.1.13.1.a (sub = 0) or 1.2.840.113741.1.13.1.a.sub */
void sim_der_sgx_oid(sim_buf *b, unsigned a, unsigned sub);

/* ---- keys ---- */
typedef enum sim_tdx_key {
  SIM_TDX_KEY_NONE = 0,
  SIM_TDX_KEY_ROOT,       /* the simulated "Intel SGX Root CA" (stored) */
  SIM_TDX_KEY_ROOT_OTHER, /* a second root that nobody pins */
  SIM_TDX_KEY_CA,         /* PCK Platform CA (stored) */
  SIM_TDX_KEY_CA_OTHER,
  SIM_TDX_KEY_PCK, /* the Platform-CA PCK leaf (stored) */
  SIM_TDX_KEY_PCK_OTHER,
  SIM_TDX_KEY_TCB, /* TCB Signing: TCB info and QE identity (stored) */
  SIM_TDX_KEY_TCB_OTHER,
  SIM_TDX_KEY_ATTEST, /* the QE attestation key (stored) */
  SIM_TDX_KEY_ATTEST_OTHER,
  SIM_TDX_KEY_P384,          /* the wrong curve */
  SIM_TDX_KEY_PROCESSOR_CA,  /* PCK Processor CA (stored) */
  SIM_TDX_KEY_PROCESSOR_PCK, /* the Processor-CA PCK leaf (stored) */
  SIM_TDX_KEY_COUNT_
} sim_tdx_key;

typedef struct sim_tdx_pki sim_tdx_pki;

/* A context with no keys (each is generated on first use). NULL on OOM. */
sim_tdx_pki *sim_tdx_pki_new(void);
void sim_tdx_pki_free(sim_tdx_pki *pki);
/* Use k for id (a reference is taken). Errors: E_USAGE (id), E_CRYPTO. */
int sim_tdx_pki_set_key(sim_tdx_pki *pki, sim_tdx_key id, EVP_PKEY *k,
                        contrast_err *err) CONTRAST_WUR;
/* The key for id (borrowed), generated (P-256; P-384 for SIM_TDX_KEY_P384)
 * on first use. Errors: E_USAGE, E_CRYPTO. */
int sim_tdx_pki_key(sim_tdx_pki *pki, sim_tdx_key id, EVP_PKEY **out,
                    contrast_err *err) CONTRAST_WUR;
/* The public point X||Y of a P-256 key (big-endian, no 0x04). */
int sim_tdx_pki_key_xy(sim_tdx_pki *pki, sim_tdx_key id, uint8_t xy[64],
                       contrast_err *err) CONTRAST_WUR;
/* ECDSA P-256 / SHA-256 over msg as raw r||s (tdx.md §1.6). */
int sim_tdx_sign_raw(sim_tdx_pki *pki, sim_tdx_key id, const uint8_t *msg,
                     size_t len, uint8_t sig[64],
                     contrast_err *err) CONTRAST_WUR;

/* ---- the PCK certificate's SGX extension (tdx.md §4.2) ---- */
typedef struct sim_tdx_sgx_ext {
  uint8_t ppid[16];
  uint8_t comp[16]; /* SGX TCB COMP01..16 SVN */
  uint16_t pcesvn;
  uint8_t cpusvn[16];
  uint8_t pceid[2];
  uint8_t fmspc[6];
  uint8_t sgx_type; /* ENUMERATED: 0 Standard, 1 Scalable, 2 ...Integrity */
  int platform;     /* Platform-CA form: + PIID and Configuration */
  uint8_t piid[16];
  int dynamic_platform, cached_keys, smt_enabled;
  /* Faults (0 = none). Top-level entries are numbered by their OID arc
   * 1..7, TCB entries by 1..18, configuration entries by 1..3. */
  uint32_t omit;           /* bit a: leave entry a out */
  unsigned dup;            /* entry written twice */
  unsigned extra;          /* an extra entry with arc `extra` (OCTET STRING) */
  unsigned wrong_tag;      /* entry a's value gets tag wrong_tag_value */
  uint8_t wrong_tag_value; /* (its content stays the same bytes) */
  uint32_t tcb_omit;
  unsigned tcb_dup;
  unsigned tcb_extra; /* extra TCB entry 2.<tcb_extra> (INTEGER 0) */
  unsigned tcb_wrong_tag;
  uint8_t tcb_wrong_tag_value;
  uint32_t config_omit;
  unsigned config_dup;
  unsigned config_extra;
  int config_bool_raw; /* non-zero: DynamicPlatform's BOOLEAN byte */
  /* OCTET STRING entries (1, 3, 4, 6; TCB 18) one byte longer or shorter */
  unsigned resize, tcb_resize;
  int resize_by, tcb_resize_by; /* +1 or -1 */
  /* TCB entry tcb_raw's content replaced by these bytes (tag kept) */
  unsigned tcb_raw;
  uint8_t tcb_raw_val[4];
  size_t tcb_raw_len;
} sim_tdx_sgx_ext;

/* The simulated platform: Platform-CA form, comps 4,4,2,2,3,1,0,5,
 * PCESVN 13, CPUSVN = comps, FMSPC 90C06F000000, PCE-ID 0000, SGX type 1
 * (Scalable), Configuration DynamicPlatform/SMTEnabled true, CachedKeys
 * false (as the real SPR PCK of tdx.md §4.2). */
sim_tdx_sgx_ext sim_tdx_sgx_ext_default(void);
/* The DER of the extension value (SEQUENCE OF SEQUENCE{OID, value}). */
void sim_tdx_sgx_ext_der(const sim_tdx_sgx_ext *x, sim_buf *out);

/* ---- certificates ---- */
typedef enum sim_tdx_role {
  SIM_TDX_ROLE_ROOT = 0, /* CA:TRUE pathlen 1, certSign+cRLSign */
  SIM_TDX_ROLE_CA,       /* CA:TRUE pathlen 0 */
  SIM_TDX_ROLE_PCK,      /* CA:FALSE, the SGX extension */
  SIM_TDX_ROLE_SIGNER    /* TCB Signing: CA:FALSE */
} sim_tdx_role;

typedef struct sim_tdx_cert_spec {
  sim_tdx_role role;
  sim_tdx_key key;    /* the subject's key */
  sim_tdx_key signer; /* the issuer's key */
  uint64_t serial;
  char subject_cn[48];
  char issuer_cn[48];
  /* Names are Intel's: CN=..., O=Intel Corporation, L=Santa Clara, ST=CA,
   * C=US (tdx.md §4.3); plain_names gives CN only. */
  int plain_names;
  int64_t not_before, not_after;
  sim_tdx_sgx_ext ext;   /* PCK only */
  int no_sgx_ext;        /* PCK without the extension */
  int dup_sgx_ext;       /* the extension twice */
  int sig_sha384;        /* signed ecdsa-with-SHA384 */
  int corrupt_signature; /* last byte of the signature XOR 0x01 */
  /* CRL Distribution Point URI (empty: no extension), as Intel's */
  char crl_dp[112];
  int root_aki; /* root only: an AKI naming its own key, as Intel's */
} sim_tdx_cert_spec;

/* The default hierarchy, names, validity and extensions as Intel's
 * (AKI, CRL DP, SKI, KeyUsage, BasicConstraints, [SGX extension]). */
sim_tdx_cert_spec sim_tdx_root_spec(void);
sim_tdx_cert_spec sim_tdx_platform_ca_spec(void);
sim_tdx_cert_spec sim_tdx_processor_ca_spec(void);
sim_tdx_cert_spec sim_tdx_pck_spec(void);           /* Platform-CA leaf */
sim_tdx_cert_spec sim_tdx_processor_pck_spec(void); /* 5-entry extension */
sim_tdx_cert_spec sim_tdx_signer_spec(void);

/* The DER of a spec (borrowed from the context's cache). */
int sim_tdx_cert_der(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                     const uint8_t **der, size_t *len,
                     contrast_err *err) CONTRAST_WUR;
/* PEM CERTIFICATE blocks of n specs in order, appended to out. */
int sim_tdx_pem_chain(sim_tdx_pki *pki, const sim_tdx_cert_spec *specs,
                      size_t n, sim_buf *out, contrast_err *err) CONTRAST_WUR;

/* ---- CRLs ---- */
#define SIM_TDX_CRL_MAX_REVOKED 8

typedef struct sim_tdx_crl_spec {
  sim_tdx_key signer;
  char issuer_cn[48];
  int plain_names;
  int64_t this_update, next_update;
  int no_next_update;
  int no_crl_number, no_aki;
  size_t n_revoked;
  uint64_t revoked[SIM_TDX_CRL_MAX_REVOKED];
  int entry_reasons; /* CRL Reason Code keyCompromise on each entry */
  int corrupt_signature;
} sim_tdx_crl_spec;

/* The root CA CRL and the PCK CRLs (Platform, Processor): v2, CRL Number
 * and AKI (tdx.md §6.C.1), entries with reason keyCompromise like Intel's,
 * revoking two serials that no default certificate has. */
sim_tdx_crl_spec sim_tdx_root_crl_spec(void);
sim_tdx_crl_spec sim_tdx_pck_crl_spec(void);
sim_tdx_crl_spec sim_tdx_processor_crl_spec(void);
int sim_tdx_crl_der(sim_tdx_pki *pki, const sim_tdx_crl_spec *s,
                    const uint8_t **der, size_t *len,
                    contrast_err *err) CONTRAST_WUR;

/* Seed the cache: the spec s (certificate or CRL) has the bytes der. Used
 * to resolve the default specs to a keys directory's stored files. */
int sim_tdx_cert_seed(sim_tdx_pki *pki, const sim_tdx_cert_spec *s,
                      const uint8_t *der, size_t len,
                      contrast_err *err) CONTRAST_WUR;
int sim_tdx_crl_seed(sim_tdx_pki *pki, const sim_tdx_crl_spec *s,
                     const uint8_t *der, size_t len,
                     contrast_err *err) CONTRAST_WUR;

/* ---- collateral JSON (tdx.md §5.2, §5.3) ---- */
#define SIM_TDX_MAX_LEVELS 8
#define SIM_TDX_MAX_ADV 4
#define SIM_TDX_MAX_IDS 4

typedef struct sim_tdx_tcb_level {
  uint8_t sgx[16];
  uint16_t pcesvn;
  uint8_t tdx[16];
  char status[48];
  size_t n_adv;
  char adv[SIM_TDX_MAX_ADV][24];
  int64_t tcb_date; /* 0: SIM_TDX_T_TCB_DATE */
} sim_tdx_tcb_level;

typedef struct sim_tdx_isv_level {
  uint16_t isvsvn;
  char status[48];
  size_t n_adv;
  char adv[SIM_TDX_MAX_ADV][24];
  int64_t tcb_date; /* 0: SIM_TDX_T_TCB_DATE */
} sim_tdx_isv_level;

typedef struct sim_tdx_module_id {
  char id[16];
  uint8_t mrsigner[48];
  uint8_t attributes[8];
  uint8_t mask[8];
  size_t n_levels;
  sim_tdx_isv_level levels[SIM_TDX_MAX_LEVELS];
} sim_tdx_module_id;

typedef struct sim_tdx_tcb_info {
  char id[16];
  unsigned version;
  int64_t issue_date, next_update;
  uint8_t fmspc[6];
  int fmspc_lower; /* written in lower-case hex */
  uint8_t pceid[2];
  unsigned tcb_type;
  unsigned eval_number;
  uint8_t mod_mrsigner[48], mod_attributes[8], mod_mask[8];
  int has_identities;
  size_t n_ids;
  sim_tdx_module_id ids[SIM_TDX_MAX_IDS];
  size_t n_levels;
  sim_tdx_tcb_level levels[SIM_TDX_MAX_LEVELS];
  sim_tdx_key signer;
  int corrupt_signature; /* last byte of s XOR 0x01 */
} sim_tdx_tcb_info;

typedef struct sim_tdx_qe_identity {
  char id[16];
  unsigned version;
  int64_t issue_date, next_update;
  unsigned eval_number;
  uint8_t miscselect[4], miscselect_mask[4];
  uint8_t attributes[16], attributes_mask[16];
  uint8_t mrsigner[32];
  unsigned isvprodid;
  size_t n_levels;
  sim_tdx_isv_level levels[SIM_TDX_MAX_LEVELS];
  sim_tdx_key signer;
  int corrupt_signature;
} sim_tdx_qe_identity;

/* The default TCB info for the default platform, shaped like Intel's:
 *   tdxModule: zero MRSIGNER and attributes, mask FF..FF
 *   tdxModuleIdentities TDX_03 [3 UpToDate], TDX_01 [4 UpToDate,
 *     2 OutOfDate (INTEL-SA-00837)]
 *   tcbLevels [0] sgx 4,4,2,2,3,1,0,5 pcesvn 13 tdx 5,0,2 UpToDate
 *             [1] sgx 2,2,2,2,3,1,0,3 pcesvn 11 tdx 3,0,2 OutOfDate
 *                 (INTEL-SA-00960, INTEL-SA-00982)
 * tcbEvaluationDataNumber 17, SIM_TDX_T_ISSUE .. SIM_TDX_T_NEXT, signed
 * by the TCB Signing key. */
sim_tdx_tcb_info sim_tdx_tcb_info_default(void);
/* The TD_QE identity of every real body (tdx.md §5.3) with the one level
 * [isvsvn 4 UpToDate]. */
sim_tdx_qe_identity sim_tdx_qe_identity_default(void);
/* A level / ISV level with the given status (and no advisories). */
sim_tdx_isv_level sim_tdx_isv_level_make(uint16_t isvsvn, const char *status);

/* The "tcbInfo" / "enclaveIdentity" object text, compact, in Intel's key
 * order, appended to out. */
void sim_tdx_tcb_info_object(const sim_tdx_tcb_info *t, sim_buf *out);
void sim_tdx_qe_identity_object(const sim_tdx_qe_identity *q, sim_buf *out);
/* The PCS body {"<member>":<obj>,"signature":"<r||s hex>"} with the
 * signature by key over exactly the object's bytes (corrupt: last byte of
 * s XOR 0x01), appended to out. */
int sim_tdx_signed_body(sim_tdx_pki *pki, const char *member,
                        const uint8_t *obj, size_t obj_len, sim_tdx_key key,
                        int corrupt, sim_buf *out,
                        contrast_err *err) CONTRAST_WUR;
int sim_tdx_tcb_info_json(sim_tdx_pki *pki, const sim_tdx_tcb_info *t,
                          sim_buf *out, contrast_err *err) CONTRAST_WUR;
int sim_tdx_qe_identity_json(sim_tdx_pki *pki, const sim_tdx_qe_identity *q,
                             sim_buf *out, contrast_err *err) CONTRAST_WUR;

/* ---- quotes (tdx.md §1, §2) ---- */

/* Offsets inside the TD quote body (§1.3, §2) */
#define SIM_B_TEE_TCB_SVN 0
#define SIM_B_MR_SEAM 16
#define SIM_B_MR_SIGNER_SEAM 64
#define SIM_B_SEAM_ATTRIBUTES 112
#define SIM_B_TD_ATTRIBUTES 120
#define SIM_B_XFAM 128
#define SIM_B_MR_TD 136
#define SIM_B_MR_CONFIG_ID 184
#define SIM_B_MR_OWNER 232
#define SIM_B_MR_OWNER_CONFIG 280
#define SIM_B_RTMR0 328
#define SIM_B_REPORT_DATA 520
#define SIM_B_TEE_TCB_SVN2 584
#define SIM_B_MR_SERVICETD 600
/* Offsets inside the QE report (§1.5) */
#define SIM_QE_CPU_SVN 0
#define SIM_QE_MISC_SELECT 16
#define SIM_QE_ATTRIBUTES 48
#define SIM_QE_MR_ENCLAVE 64
#define SIM_QE_MR_SIGNER 128
#define SIM_QE_ISV_PROD_ID 256
#define SIM_QE_ISV_SVN 258
#define SIM_QE_REPORT_DATA 320

typedef struct sim_tdx_quote_spec {
  uint16_t version;   /* 4 or 5 */
  uint16_t body_type; /* v5: 1 (384-byte SGX body), 2 or 3; v4 is 2 */
  uint16_t att_key_type;
  uint32_t tee_type;
  uint8_t header_reserved[4];
  uint8_t qe_vendor[16];
  uint8_t user_data[20];
  int body_size_set; /* v5: write body_size instead of the type's size */
  uint32_t body_size;
  uint8_t body[TDX_BODY15_SIZE]; /* wire bytes; type 2 uses 584 of them */
  uint8_t qe_report[TDX_QE_REPORT_SIZE]; /* REPORTDATA is computed */
  size_t qe_auth_len;
  uint8_t qe_auth[64];
  sim_tdx_key attest_key;  /* signs header+body */
  sim_tdx_key binding_key; /* the key the QE report data binds */
  int attest_raw_set; /* write attest_raw as the key (and bind it) */
  uint8_t attest_raw[64];
  uint8_t qe_rd_tail;      /* non-zero: QE REPORTDATA[32..63] = this byte */
  int keep_qe_report_data; /* REPORTDATA as given in qe_report */
  sim_tdx_key qe_signer;   /* signs the QE report: the PCK key */
  int corrupt_qe_sig, corrupt_quote_sig;
  uint16_t cert_type;  /* 6 */
  uint16_t inner_type; /* 5 */
  int cert_size_delta, inner_size_delta, sig_len_delta;
  const uint8_t *pck_chain; /* PEM (not owned) */
  size_t pck_chain_len;
  int chain_nul;   /* one NUL after the PEM, counted in the inner size */
  size_t trailing; /* zero bytes after the signature data */
} sim_tdx_quote_spec;

/* A good quote of the version / body type: TEE_TCB_SVN 05 01 02 (module
 * 1.x SVN 5, late microcode 2) and TEE_TCB_SVN_2 equal to it, zero
 * MRSIGNERSEAM and SEAM attributes, TD_ATTRIBUTES SEPT_VE_DISABLE, XFAM
 * 0x602e7, pattern measurements and REPORTDATA; the QE report of a TD_QE
 * (CPUSVN of the default platform, ATTRIBUTES 15..e7, MRSIGNER DC9E..A8C5,
 * ISVPRODID 2, ISVSVN 4); 32 bytes of QE auth data 00..1f; the
 * attestation key SIM_TDX_KEY_ATTEST, the QE report signed by
 * SIM_TDX_KEY_PCK; cert data type 6 wrapping type 5, the PCK chain (to be
 * set) followed by a NUL. */
void sim_tdx_quote_init(sim_tdx_quote_spec *q, uint16_t version,
                        uint16_t body_type);
/* Where things are in a quote built from q. */
size_t sim_tdx_quote_body_off(const sim_tdx_quote_spec *q);
size_t sim_tdx_quote_body_len(const sim_tdx_quote_spec *q);
size_t sim_tdx_quote_signed_len(const sim_tdx_quote_spec *q);
/* Build: QE report data = SHA-256(key || auth) || zeros, QE report signed,
 * header+body signed, signature data assembled; appended to out. */
int sim_tdx_quote_build(sim_tdx_pki *pki, const sim_tdx_quote_spec *q,
                        sim_buf *out, contrast_err *err) CONTRAST_WUR;

/* ---- keys directories ---- */

/* Write the simulated Intel PKI below dir (which exists): DIR/intel/ holds
 * the private keys (mode 0600), certificates, CRLs and platform.json (the
 * default platform and collateral parameters); DIR/roots/intel/
 * sgx_root_ca.pem is the root a verifier pins. Errors: E_IO, E_CRYPTO. */
int sim_tdx_keys_write(const char *dir, contrast_err *err) CONTRAST_WUR;

/* Load a keys directory into a new context: the stored keys, and the
 * stored certificates and CRLs as the bytes of the default specs. The
 * caller frees *out. Errors: E_IO, E_UNUSABLE, E_NOMEM, E_CRYPTO. */
int sim_tdx_pki_load(const char *dir, sim_tdx_pki **out,
                     contrast_err *err) CONTRAST_WUR;

/* ---- small helpers shared by the TDX commands and the corpus ---- */

/* Upper- or lower-case hex of n bytes into out (2n+1 bytes); lower case is
 * contrast_hex_encode. */
void sim_hex(const uint8_t *b, size_t n, int lower, char *out);
/* Write bytes to path (mode 0644; generated data, not atomic). E_IO.
 * Not contrast_file_write_atomic: its two fsyncs per file make the TDX
 * corpus (about 2,500 files) take 19 s instead of 2.4 s. */
int sim_write_file(const char *path, const uint8_t *data, size_t len,
                   contrast_err *err) CONTRAST_WUR;

#endif
