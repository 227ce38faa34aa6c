/* A test PKI for the SNP verifier: AMD-shaped roots (ARK, ASK, ASVK),
 * VCEK/VLEK certificates carrying the KDS extensions exactly as real ones
 * (spec/snp.md §2.3), KDS-style CRLs, and ATTESTATION_REPORTs signed the way
 * the AMD-SP signs them (§1.4). Everything is made from the test-only keys in
 * tests/data/ (never AMD's), with the simulator's builders (sim/snp_pki.h;
 * this file adds the fixed test keys, a cache and whole cases): the verifier under test gets its roots from the
 * caller (snp_trust_add), so these roots stand in for AMD's.
 *
 * The unit of a test is a tp_case: tp_case_init() fills in a good case for a
 * product, report version and key kind; the test changes exactly one thing
 * (a validity bound, a report field, an extension, the CRL...) and calls
 * tp_case_build(), which signs what needs signing, pins the roots and fills
 * the snp_endorsements and snp_verify_opts a call of snp_verify takes.
 *
 * Certificates and CRLs are described by plain-data specs (tp_cert_spec,
 * tp_crl_spec) and built on demand; a spec that was built before in this
 * process gives the same bytes again (a cache keyed by the spec), so the
 * roots and the common VEKs are signed once per test binary, not per test.
 *
 * Infrastructure failures (a key file missing, an OpenSSL call failing while
 * building test data) abort the test binary with a message: they are bugs in
 * the test, not verdicts. */
#ifndef CONTRAST_TESTPKI_H
#define CONTRAST_TESTPKI_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "contrast/snp.h"
#include "snp_pki.h" /* the simulator's builders, which this PKI uses */

/* ---- times used by the good cases (epoch seconds, UTC) ---- */
#define TP_T_ROOT_NB 1603324800    /* 2020-10-22T00:00:00Z */
#define TP_T_ROOT_NA 2392243200    /* 2045-10-22T00:00:00Z */
#define TP_T_VEK_NB 1735689600     /* 2025-01-01T00:00:00Z */
#define TP_T_VCEK_NA 1956528000    /* 2032-01-01T00:00:00Z (7 years) */
#define TP_T_VLEK_NA 1767225600    /* 2026-01-01T00:00:00Z (1 year) */
#define TP_T_CRL_THIS 1747267200   /* 2025-05-15T00:00:00Z */
#define TP_T_CRL_NEXT 1749945600   /* 2025-06-15T00:00:00Z */
#define TP_T_NOW 1748736000        /* 2025-06-01T00:00:00Z */

/* ---- keys (tests/data/test-*.key) ---- */
typedef enum tp_key {
  TP_KEY_NONE = 0,
  TP_KEY_ARK_MILAN, /* RSA-4096 */
  TP_KEY_ARK_GENOA,
  TP_KEY_ARK_TURIN,
  TP_KEY_ASK_MILAN,
  TP_KEY_ASK_GENOA,
  TP_KEY_ASK_TURIN,
  TP_KEY_ASVK_MILAN,
  TP_KEY_ASVK_GENOA,
  TP_KEY_ASVK_TURIN,
  TP_KEY_ARK_OTHER, /* an RSA-4096 key no trust store pins */
  TP_KEY_ASK_OTHER,
  TP_KEY_VCEK,      /* P-384 */
  TP_KEY_VLEK,      /* P-384 */
  TP_KEY_VEK_OTHER, /* P-384, certified by nobody */
  TP_KEY_VEK_P256,  /* P-256: the wrong curve for a VEK */
  TP_KEY_COUNT_
} tp_key;

/* The private key (borrowed; loaded on first use, freed by tp_cleanup). */
EVP_PKEY *tp_key_get(tp_key k);
tp_key tp_ark_key(snp_product p);
tp_key tp_ask_key(snp_product p);
tp_key tp_asvk_key(snp_product p);

/* ---- certificates ---- */

/* How a certificate or CRL is signed. AMD: RSASSA-PSS, SHA-384, MGF1
 * SHA-384, salt 48 (snp.md §2.1). */
typedef enum tp_sig_alg {
  TP_SIG_PSS_SHA384 = SIM_SNP_SIG_PSS_SHA384,
  /* PSS with the wrong salt length */
  TP_SIG_PSS_SHA384_SALT32 = SIM_SNP_SIG_PSS_SHA384_SALT32,
  TP_SIG_PSS_SHA256 = SIM_SNP_SIG_PSS_SHA256, /* PSS with the wrong hash */
  TP_SIG_PKCS1_SHA384 = SIM_SNP_SIG_PKCS1_SHA384 /* RSASSA-PKCS1-v1_5 */
} tp_sig_alg;

/* The AMD KDS extensions of a VCEK/VLEK (OIDs 1.3.6.1.4.1.3704.1.*), as
 * the simulator writes them (sim/snp_pki.h): .1, .2, .3.1, .3.2, .3.4 ..
 * .3.7, .3.3, .3.8, .3.9, .4, .5, with knobs for raw, duplicated and
 * unknown critical extensions. */
typedef sim_snp_vek_ext tp_vek_ext;

typedef struct tp_cert_spec {
  tp_key key;    /* the subject's key (its public half is certified) */
  tp_key signer; /* the issuer's key */
  tp_sig_alg sig_alg;
  uint64_t serial;
  char subject_cn[48];
  char issuer_cn[48];
  /* Names are AMD's: OU=Engineering, C=US, L=Santa Clara, ST=CA,
   * O=Advanced Micro Devices, CN=... (§2.2); plain_names gives CN only. */
  int plain_names;
  int64_t not_before, not_after;
  int is_ca; /* basicConstraints CA:TRUE + keyUsage keyCertSign, cRLSign */
  int is_vek;
  tp_vek_ext ext; /* used when is_vek */
  int corrupt_signature; /* last byte of the signature XOR 0x01 */
  /* The last byte of a P-384 public point's Y changed (off the curve) and
   * the certificate signed again by its issuer. */
  int corrupt_pubkey;
} tp_cert_spec;

/* The good certificates of a product. */
tp_cert_spec tp_ark_spec(snp_product p);  /* ARK-<P>, self-signed */
tp_cert_spec tp_ask_spec(snp_product p);  /* SEV-<P>, by the ARK */
tp_cert_spec tp_asvk_spec(snp_product p); /* SEV-VLEK-<P>, by the ARK */
/* SEV-VCEK by SEV-<P> / SEV-VLEK by SEV-VLEK-<P>, with the extensions of
 * tp_vek_ext_good() and validity TP_T_VEK_NB .. TP_T_VCEK_NA/TP_T_VLEK_NA. */
tp_cert_spec tp_vek_spec(snp_product p, snp_vek_kind kind);

/* The reported TCB the good cases use, per product, and its components. */
/* fmc (Turin only), bl, tee, snp, ucode, spl4..spl7 (Milan/Genoa bytes
 * 2..5): the simulator's TCB components. */
typedef sim_snp_tcb tp_tcb;
tp_tcb tp_tcb_good(snp_product p);
/* The 8 TCB_VERSION bytes as a u64, laid out for the product (§1.8):
 * Milan/Genoa bl, tee, spl4..7, snp, ucode; Turin fmc, bl, tee, snp, 0, 0,
 * 0, ucode. */
uint64_t tp_tcb_raw(snp_product p, const tp_tcb *t);

/* The CHIP_ID of the good VCEK cases: 64 pattern bytes (Milan/Genoa), or 8
 * pattern bytes and 56 zero bytes (Turin, whose hwID is 8 bytes). */
void tp_chip_id_good(snp_product p, uint8_t out[64]);

/* Extensions matching tp_tcb_good / tp_chip_id_good (the VCEK gets the
 * hwID, the VLEK a csp_id). Turin: structVersion 1, no .3.4, fmcSPL .3.9,
 * 8-byte hwID. */
tp_vek_ext tp_vek_ext_good(snp_product p, snp_vek_kind kind);

/* DER of the certificate a spec describes (borrowed: valid until
 * tp_cleanup). The same spec gives the same bytes within a process. */
const uint8_t *tp_cert_der(const tp_cert_spec *s, size_t *len);

/* PEM "CERTIFICATE" blocks of n specs, in order (new, caller frees). */
char *tp_pem_chain(const tp_cert_spec *specs, size_t n, size_t *len);
/* One DER object as a PEM block with the given label (new, caller
 * frees). */
char *tp_pem_encode(const uint8_t *der, size_t len, const char *label,
                    size_t *out_len);

/* ---- CRLs ---- */

#define TP_CRL_MAX_REVOKED 8

typedef struct tp_crl_spec {
  tp_key signer;
  tp_sig_alg sig_alg;
  char issuer_cn[48];
  int plain_names;
  int64_t this_update, next_update;
  int no_next_update;
  size_t n_revoked;
  uint64_t revoked[TP_CRL_MAX_REVOKED];
  int corrupt_signature;
} tp_crl_spec;

/* A KDS-style v2 CRL of the product's ARK, RSA-PSS signed, valid
 * TP_T_CRL_THIS .. TP_T_CRL_NEXT, revoking nothing. */
tp_crl_spec tp_crl_spec_good(snp_product p);
/* DER (borrowed until tp_cleanup). */
const uint8_t *tp_crl_der(const tp_crl_spec *s, size_t *len);

/* ---- reports ---- */

/* Offsets of snp.md §1.2. */
#define TP_OFF_VERSION 0x000
#define TP_OFF_GUEST_SVN 0x004
#define TP_OFF_POLICY 0x008
#define TP_OFF_VMPL 0x030
#define TP_OFF_SIGNATURE_ALGO 0x034
#define TP_OFF_CURRENT_TCB 0x038
#define TP_OFF_PLATFORM_INFO 0x040
#define TP_OFF_SIGNER_INFO 0x048
#define TP_OFF_REPORT_DATA 0x050
#define TP_OFF_MEASUREMENT 0x090
#define TP_OFF_HOST_DATA 0x0C0
#define TP_OFF_REPORT_ID_MA 0x160
#define TP_OFF_REPORTED_TCB 0x180
#define TP_OFF_CPUID_FAM 0x188
#define TP_OFF_CPUID_MOD 0x189
#define TP_OFF_CPUID_STEP 0x18A
#define TP_OFF_CHIP_ID 0x1A0
#define TP_OFF_COMMITTED_TCB 0x1E0
#define TP_OFF_CURRENT_BUILD 0x1E8
#define TP_OFF_COMMITTED_BUILD 0x1EC
#define TP_OFF_LAUNCH_TCB 0x1F0
#define TP_OFF_LAUNCH_MIT 0x1F8
#define TP_OFF_CURRENT_MIT 0x200
#define TP_OFF_SIG_R 0x2A0
#define TP_OFF_SIG_S 0x2E8

/* A well-formed, unsigned report of the given version (2..5) for the
 * product: POLICY 0x30000 (SMT, bit 17), SIGNATURE_ALGO 1, CURRENT =
 * COMMITTED = LAUNCH = REPORTED TCB = tp_tcb_good, SIGNER_INFO.SIGNING_KEY
 * for kind, CPUID bytes (v3+: Milan 19h/01h, Genoa 19h/11h, Turin 1Ah/02h,
 * stepping 1), CHIP_ID tp_chip_id_good for a VCEK and zero for a VLEK (as
 * AWS's VLEK reports), REPORT_ID_MA all 0xFF. */
void tp_report_init(uint8_t r[SNP_REPORT_SIZE], snp_product p,
                    uint32_t version, snp_vek_kind kind);
void tp_put_u32(uint8_t *r, size_t off, uint32_t v);
void tp_put_u64(uint8_t *r, size_t off, uint64_t v);
uint64_t tp_get_u64(const uint8_t *r, size_t off);
/* Sign bytes 0x000..0x2A0 with ECDSA SHA-384 under key (P-384, or P-256
 * for the wrong-curve case) and write r and s as 72-byte little-endian
 * integers at 0x2A0 and 0x2E8. */
void tp_report_sign(uint8_t r[SNP_REPORT_SIZE], tp_key key);

/* ---- trust ---- */

/* Pin the product's test roots (the given specs, or the good ones for
 * NULL; asvk NULL with no_asvk set leaves the ASVK out) with
 * snp_trust_add. Returns what snp_trust_add returned. */
int tp_trust_add(snp_trust *t, snp_product p, const tp_cert_spec *ark,
                 const tp_cert_spec *ask, const tp_cert_spec *asvk,
                 int no_asvk, contrast_err *err);
/* Pin the good test roots of one product (aborts on failure). */
void tp_trust_add_good(snp_trust *t, snp_product p);

/* ---- a whole case ---- */

typedef struct tp_case {
  /* inputs: tp_case_init sets a good case */
  snp_product product;
  uint32_t version;
  snp_vek_kind kind;
  uint8_t report[SNP_REPORT_SIZE]; /* signed by tp_case_build unless */
  int keep_signature;              /* ...this is set */
  tp_key report_key;               /* the key that signs the report */
  tp_cert_spec ark, ask, asvk; /* the pinned roots of `product` */
  tp_cert_spec vek;
  int pin[SNP_PRODUCT_COUNT_]; /* products pinned (good roots for others) */
  int pin_asvk;                /* pin the ASVK of `product` */
  int with_vek;
  snp_vek_kind given_as; /* the role the VEK is given in */
  int vek_pem;           /* give the VEK as PEM instead of DER */
  int with_chain;        /* supply cert_chain (default: pinned inter, ARK) */
  size_t n_chain_custom; /* > 0: supply these instead */
  tp_cert_spec chain_custom[4];
  int with_crl;
  int crl_pem; /* give the CRL as PEM */
  tp_crl_spec crl;
  int require_crl;
  int64_t now;
  /* raw replacements of an endorsement file (not owned) */
  const uint8_t *vek_raw;
  size_t vek_raw_len;
  const uint8_t *chain_raw;
  size_t chain_raw_len;
  const uint8_t *crl_raw;
  size_t crl_raw_len;
  /* outputs of tp_case_build (owned by the case) */
  snp_trust trust;
  int trust_ready;
  char *vek_buf;
  char *chain_buf;
  char *crl_buf;
  snp_endorsements e;
  snp_verify_opts opts;
} tp_case;

/* A good case: the report of `product`/`version` signed by the VCEK or VLEK
 * key, its VEK certificate, all three products pinned, no cert_chain, no
 * CRL, now = TP_T_NOW. */
void tp_case_init(tp_case *c, snp_product product, uint32_t version,
                  snp_vek_kind kind);
/* Sign, build and pin. May be called again after changing inputs (the
 * previous outputs are released first). */
void tp_case_build(tp_case *c);
/* snp_verify on the built case with the given cache (NULL = none). */
int tp_case_verify(tp_case *c, snp_cache *cache, snp_verified *out,
                   contrast_err *err);
void tp_case_wipe(tp_case *c);

/* Release the keys and every certificate and CRL built (call at exit, so
 * valgrind sees no leak). */
void tp_cleanup(void);

#endif
