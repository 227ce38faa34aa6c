/* AMD SEV-SNP: report codec, VCEK/VLEK extensions, trust store, chain and
 * signature verification, appraisal (spec/snp.md, spec/CASES.md).
 *
 * Three steps, kept apart (STYLE.md):
 *   snp_report_parse   structure only (MALFORMED / UNSUPPORTED)
 *   snp_verify         signature, chain to the pinned roots, validity at
 *                      `now`, CRL, certificate/report agreement
 *   snp_appraise       the policy of CASES.md
 * A failing step records exactly one reason code of spec/CASES.md in the
 * error record; operational failures record an E_* code. */
#ifndef CONTRAST_SNP_H
#define CONTRAST_SNP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "contrast/crypto.h"
#include "contrast/error.h"
#include "contrast/policy.h"

#define SNP_REPORT_SIZE 0x4A0
#define SNP_SIGNED_SIZE 0x2A0

typedef enum snp_product {
  SNP_PRODUCT_UNKNOWN = 0,
  SNP_PRODUCT_MILAN,
  SNP_PRODUCT_GENOA,
  SNP_PRODUCT_TURIN,
  SNP_PRODUCT_COUNT_
} snp_product;

/* "Milan", "Genoa", "Turin" or "unknown". */
const char *snp_product_name(snp_product p);
/* Lower-case directory name ("milan") or NULL for UNKNOWN. */
const char *snp_product_dir(snp_product p);
/* Case-insensitive name -> product; -1 when not one of the three. */
int snp_product_from_name(const char *name, snp_product *out) CONTRAST_WUR;
/* Product line from CPUID family/model (CASES.md "Roots" ranges). */
snp_product snp_product_from_cpuid(uint8_t family, uint8_t model);

/* A TCB_VERSION decoded with a product's layout (snp.md §1.8). */
typedef struct snp_tcb {
  uint64_t raw;
  int has_fmc; /* Turin layout */
  uint8_t fmc, bootloader, tee, snp, microcode;
} snp_tcb;

void snp_tcb_decode(uint64_t raw, snp_product product, snp_tcb *out);

/* SIGNER_INFO SIGNING_KEY values. */
#define SNP_SIGNING_KEY_VCEK 0u
#define SNP_SIGNING_KEY_VLEK 1u
#define SNP_SIGNING_KEY_NONE 7u

/* POLICY bits (snp.md §1.6). */
#define SNP_POLICY_SMT (1ull << 16)
#define SNP_POLICY_RESERVED_1 (1ull << 17)
#define SNP_POLICY_MIGRATE_MA (1ull << 18)
#define SNP_POLICY_DEBUG (1ull << 19)
#define SNP_POLICY_SINGLE_SOCKET (1ull << 20)
#define SNP_POLICY_CXL_ALLOW (1ull << 21)
#define SNP_POLICY_MEM_AES_256_XTS (1ull << 22)
#define SNP_POLICY_RAPL_DIS (1ull << 23)
#define SNP_POLICY_CIPHERTEXT_HIDING (1ull << 24)
#define SNP_POLICY_PAGE_SWAP_DISABLE (1ull << 25)

/* PLATFORM_INFO bits (snp.md §1.7). */
#define SNP_PLATFORM_SMT_EN (1ull << 0)
#define SNP_PLATFORM_TSME_EN (1ull << 1)
#define SNP_PLATFORM_ECC_EN (1ull << 2)
#define SNP_PLATFORM_RAPL_DIS (1ull << 3)
#define SNP_PLATFORM_CIPHERTEXT_HIDING_DRAM_EN (1ull << 4)
#define SNP_PLATFORM_ALIAS_CHECK_COMPLETE (1ull << 5)
#define SNP_PLATFORM_SEV_TIO_EN (1ull << 7)

/* The ATTESTATION_REPORT, every field of snp.md §1.2. */
typedef struct snp_report {
  uint32_t version;
  uint32_t guest_svn;
  uint64_t policy;
  uint8_t family_id[16];
  uint8_t image_id[16];
  uint32_t vmpl;
  uint32_t signature_algo;
  uint64_t current_tcb;
  uint64_t platform_info;
  uint32_t signer_info;
  /* decoded SIGNER_INFO */
  unsigned author_key_en;
  unsigned mask_chip_key;
  unsigned signing_key;
  uint8_t report_data[64];
  uint8_t measurement[48];
  uint8_t host_data[32];
  uint8_t id_key_digest[48];
  uint8_t author_key_digest[48];
  uint8_t report_id[32];
  uint8_t report_id_ma[32];
  uint64_t reported_tcb;
  int has_cpuid; /* version >= 3 */
  uint8_t cpuid_fam_id, cpuid_mod_id, cpuid_step;
  uint8_t chip_id[64];
  uint64_t committed_tcb;
  uint8_t current_build, current_minor, current_major;
  uint8_t committed_build, committed_minor, committed_major;
  uint64_t launch_tcb;
  int has_mit_vectors; /* version >= 5 */
  uint64_t launch_mit_vector;
  uint64_t current_mit_vector;
  uint8_t signature_r[72]; /* little-endian, as on the wire */
  uint8_t signature_s[72];
  /* The exact bytes parsed; the signature covers raw[0 .. 0x2A0). */
  uint8_t raw[SNP_REPORT_SIZE];
} snp_report;

/* Parse a report. Exactly 1184 bytes; versions 2..5 (4 as 3); every
 * reserved / must-be-zero field checked (snp.md §1.9, CASES.md "Checks that
 * are never optional"). Errors: MALFORMED (truncated, trailing bytes,
 * reserved bits set, SIGNING_KEY 2..6), UNSUPPORTED (version,
 * SIGNATURE_ALGO, SIGNING_KEY 7, MASK_CHIP_KEY). The detail names the field
 * and its offset. On failure *out is all zero (version 0). */
int snp_report_parse(const uint8_t *buf, size_t len, snp_report *out,
                     contrast_err *err) CONTRAST_WUR;

/* The product a v3+ report names by its CPUID bytes (UNKNOWN for v2 or an
 * unknown family/model). */
snp_product snp_report_product(const snp_report *r);

/* Every decoded field as a JSON object (snake_case names of snp.md, hex
 * strings for byte fields, numbers for integers, decoded TCBs, policy,
 * platform info and signer info). product may be UNKNOWN (TCBs then decode
 * with the Milan/Genoa layout and say so). New reference; NULL on OOM. */
json_t *snp_report_to_json(const snp_report *r, snp_product product);

/* ---- VCEK / VLEK ---- */

typedef enum snp_vek_kind { SNP_VEK_VCEK = 0, SNP_VEK_VLEK = 1 } snp_vek_kind;

/* SPL slots of the KDS extensions 1.3.6.1.4.1.3704.1.3.{1..9}. */
enum {
  SNP_SPL_BL = 0,
  SNP_SPL_TEE,
  SNP_SPL_SNP,
  SNP_SPL_4,
  SNP_SPL_5,
  SNP_SPL_6,
  SNP_SPL_7,
  SNP_SPL_UCODE,
  SNP_SPL_FMC,
  SNP_SPL_COUNT_
};

/* The AMD KDS extensions of a VCEK/VLEK (snp.md §2.3). */
typedef struct snp_vek_ext {
  int has_struct_version;
  uint64_t struct_version;
  int has_product_name;
  char product_name[64];
  int has_spl[SNP_SPL_COUNT_];
  uint8_t spl[SNP_SPL_COUNT_];
  size_t hwid_len; /* 0 (absent), 8 (Turin) or 64 */
  uint8_t hwid[64];
  int has_csp_id;
  char csp_id[256];
} snp_vek_ext;

/* Feed one extension: suffix is the OID arc after 1.3.6.1.4.1.3704.1.
 * ("1", "2", "3.1" .. "3.9", "4", "5"); value is the extension's OCTET
 * STRING content. Duplicates, unknown AMD OIDs and bad encodings fail.
 * hwID is accepted raw (64 or 8 bytes) or DER-wrapped in an OCTET STRING.
 * Errors: MALFORMED. */
int snp_vek_ext_add(snp_vek_ext *ext, const char *suffix, const uint8_t *value,
                    size_t len, contrast_err *err) CONTRAST_WUR;

/* Parse every AMD extension of a certificate into ext (zeroed first).
 * Errors: MALFORMED. */
int snp_vek_ext_parse(const X509 *x, snp_vek_ext *ext,
                      contrast_err *err) CONTRAST_WUR;

/* ---- trust store ---- */

typedef struct snp_trust_product {
  int loaded;
  contrast_cert ark, ask, asvk; /* asvk may be empty */
  EVP_PKEY *ask_pub, *asvk_pub, *ark_pub; /* borrowed from the certs */
  int64_t ark_nb, ark_na, ask_nb, ask_na, asvk_nb, asvk_na;
  /* SHA-256 of each certificate's DER (asvk_fp zero without an ASVK):
   * what a cache entry records of the roots it was verified against. */
  uint8_t ark_fp[32], ask_fp[32], asvk_fp[32];
} snp_trust_product;

/* The pinned roots, per product. The caller fills it (the CLI with the
 * built-in AMD roots, a test with its own) and owns it. */
typedef struct snp_trust {
  const char *label; /* "amd", "sim", "test": for messages */
  snp_trust_product products[SNP_PRODUCT_COUNT_];
} snp_trust;

void snp_trust_init(snp_trust *t, const char *label);
void snp_trust_wipe(snp_trust *t);

/* Pin one product's ARK, ASK and (optionally, asvk_pem NULL) ASVK, given as
 * PEM or DER. The ARK's self-signature and its signatures on the ASK and
 * ASVK are checked here, once (RSASSA-PSS SHA-384, salt 48), and the ASK's
 * and ASVK's issuer must be the ARK's subject; names are not otherwise
 * judged (pinning is by bytes, never by name). Errors: E_UNUSABLE (a bad root set is an operational problem,
 * not a verdict), E_NOMEM. */
int snp_trust_add(snp_trust *t, snp_product product, const uint8_t *ark,
                  size_t ark_len, const uint8_t *ask, size_t ask_len,
                  const uint8_t *asvk, size_t asvk_len,
                  contrast_err *err) CONTRAST_WUR;

/* ---- verification ---- */

typedef struct snp_endorsements {
  const uint8_t *vek; /* VCEK or VLEK, PEM or DER; NULL if none */
  size_t vek_len;
  snp_vek_kind vek_kind; /* what the caller was given it as */
  const uint8_t *cert_chain; /* optional PEM: ASK|ASVK then ARK */
  size_t cert_chain_len;
  const uint8_t *crl; /* optional DER (PEM accepted) KDS CRL */
  size_t crl_len;
} snp_endorsements;

typedef struct snp_cache snp_cache;

typedef struct snp_verify_opts {
  int64_t now;
  int require_crl;
  snp_cache *cache; /* optional, see snp_cache_new */
} snp_verify_opts;

/* What verification established, for appraisal and claims. */
typedef struct snp_verified {
  snp_report report;
  snp_product product;
  snp_vek_kind vek_kind;
  snp_vek_ext vek_ext;
  snp_tcb current_tcb, reported_tcb, committed_tcb, launch_tcb;
} snp_verified;

/* Parse and verify a report against its endorsements and the pinned roots,
 * in the order of CASES.md's reason table: MALFORMED, UNSUPPORTED,
 * SIGNATURE, CHAIN, EXPIRED, REVOKED, COLLATERAL, TCB_MISMATCH (with the
 * refinements spelled out in verify.c). On success *out holds the parsed
 * report and the product. On failure *out may be partly filled (report
 * parsed or not: out->report.version == 0 means not).
 * Errors: a reason code, or E_NOMEM / E_CRYPTO. */
int snp_verify(const snp_trust *trust, const uint8_t *report, size_t len,
               const snp_endorsements *endorsements,
               const snp_verify_opts *opts, snp_verified *out,
               contrast_err *err) CONTRAST_WUR;

/* ---- cache ----
 * Keeps, per VEK (keyed by SHA-256 of its DER, the trust store and the
 * product), the verified chain: the parsed extensions, the P-384 key and
 * the validity windows; per CRL (keyed by its SHA-256) the signature result
 * and the revoked serials. Validity windows and revocation are still checked
 * at `now` on every call. Not thread-safe. */
snp_cache *snp_cache_new(void);
void snp_cache_free(snp_cache *c);

/* ---- appraisal ---- */

/* The `snp` reference value of CASES.md (Contrast's manifest keys). */
typedef struct snp_ref_values {
  int has_product;
  snp_product product;
  int has_measurement;
  uint8_t measurement[48];
  int has_min_tcb;
  uint8_t min_bl, min_tee, min_snp, min_ucode, min_fmc;
  int has_guest_policy;
  uint8_t gp_abi_major, gp_abi_minor;
  int gp_smt, gp_migrate_ma, gp_debug, gp_single_socket, gp_cxl_allowed,
      gp_mem_aes_256_xts, gp_rapl_dis, gp_ciphertext_hiding_dram,
      gp_page_swap_disable;
  int has_platform_info;
  int pi_smt_enabled, pi_tsme_enabled, pi_ecc_enabled, pi_rapl_disabled,
      pi_ciphertext_hiding_dram_enabled, pi_alias_check_complete,
      pi_tio_enabled;
  size_t n_chip_ids;
  uint8_t (*chip_ids)[64]; /* owned */
  int has_min_mit_vector;
  uint64_t min_mit_vector;
} snp_ref_values;

typedef struct snp_policy {
  contrast_policy_base base;
  int has_vmpl;
  uint32_t vmpl;
  int has_ref;
  snp_ref_values ref;
} snp_policy;

/* Read a CASES.md policy object for an SNP case (NULL = empty policy).
 * Unknown keys, keys for TDX only and bad values fail.
 * Errors: E_UNUSABLE, E_NOMEM. */
int snp_policy_from_json(const json_t *policy, snp_policy *out,
                         contrast_err *err) CONTRAST_WUR;
void snp_policy_wipe(snp_policy *p);

/* Appraise verified evidence: TCB_TOO_LOW, DEBUG, POLICY, MEASUREMENT,
 * HOST_DATA, REPORT_DATA, in that order (CASES.md). */
int snp_appraise(const snp_verified *v, const snp_policy *policy,
                 contrast_err *err) CONTRAST_WUR;

#endif
