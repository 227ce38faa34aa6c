/* The simulated AMD side (internal to sim/ and its tests): certificates,
 * CRLs and ATTESTATION_REPORTs built the way AMD builds them
 * (spec/snp.md §1 report layout and signature, §2.2 root profile, §2.3
 * VCEK/VLEK profile and KDS extensions, §2.6 CRLs), and the keys directory
 * of `contrast-sim keys init` (sim.h).
 *
 * Every time below is a fixed constant, never the wall clock: the corpus
 * generator derives each case's expectation from these constants and the
 * fault it puts in, so regenerating gives the same expectations. */
#ifndef CONTRAST_SIM_SNP_PKI_H
#define CONTRAST_SIM_SNP_PKI_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "contrast/error.h"
#include "contrast/snp.h"

/* ---- fixed times (epoch seconds, UTC) ---- */

/* The roots: ARKs 25 years like AMD's. Milan and Turin issue their
 * intermediates after the ARK, as AMD did (1 h / 22 min later, so they also
 * end later); Genoa is shifted the other way (ASVK 2 h and ASK 1 h before
 * the ARK). Between them every bound of every root can be put just outside
 * `now` while the other certificates of the chain stay valid. */
#define SIM_T_EPOCH INT64_C(1735689600) /* 2025-01-01T00:00:00Z */
/* 2025-01-01 .. 2050-01-01, in seconds */
#define SIM_YEARS_25 INT64_C(788918400)

typedef struct sim_snp_root_times {
  int64_t ark_nb, ark_na, ask_nb, ask_na, asvk_nb, asvk_na;
} sim_snp_root_times;

/* The validity windows of a product's ARK, ASK and ASVK. */
sim_snp_root_times sim_snp_root_times_of(snp_product p);

/* VCEKs and VLEKs issued by the simulator: KDS gives a VCEK 7 years from
 * its issue, a VLEK 1 year. */
#define SIM_T_VEK_ISSUED INT64_C(1748736000) /* 2025-06-01T00:00:00Z */
/* 7 years (2025-06-01 .. 2032-06-01) */
#define SIM_VCEK_LIFETIME INT64_C(220924800)
#define SIM_VLEK_LIFETIME INT64_C(31536000) /* 365 days */
/* The KDS CRLs of a keys directory. */
#define SIM_T_CRL_THIS INT64_C(1764547200) /* 2025-12-01T00:00:00Z */
#define SIM_T_CRL_NEXT INT64_C(1796083200) /* 2026-12-01T00:00:00Z */
/* `now` of the generated cases unless a case needs another. */
#define SIM_T_NOW INT64_C(1767225600) /* 2026-01-01T00:00:00Z */

/* The CSP of the simulator's VLEKs (extension 1.3.6.1.4.1.3704.1.5). */
#define SIM_VLEK_CSP_ID "CN=sim-csp.example"

/* ---- signing ---- */

/* How a certificate or CRL is signed. AMD: RSASSA-PSS, SHA-384, MGF1
 * SHA-384, salt 48 (snp.md §2.1). The others make wrong signatures. */
typedef enum sim_snp_sig_alg {
  SIM_SNP_SIG_PSS_SHA384 = 0,
  SIM_SNP_SIG_PSS_SHA384_SALT32, /* PSS with the wrong salt length */
  SIM_SNP_SIG_PSS_SHA256,        /* PSS with the wrong hash */
  SIM_SNP_SIG_PKCS1_SHA384       /* RSASSA-PKCS1-v1_5 */
} sim_snp_sig_alg;

/* ---- certificates ---- */

/* The AMD KDS extensions of a VCEK/VLEK (OIDs 1.3.6.1.4.1.3704.1.*),
 * written in the order real certificates use: .1, .2, .3.1, .3.2, .3.4 ..
 * .3.7, .3.3, .3.8, .3.9, .4, .5. */
typedef struct sim_snp_vek_ext {
  int has_struct_version;
  uint32_t struct_version; /* INTEGER */
  int has_product_name;
  char product_name[32]; /* IA5String */
  int has_spl[SNP_SPL_COUNT_];
  uint8_t spl[SNP_SPL_COUNT_]; /* INTEGER each (.3.1 .. .3.9) */
  size_t hwid_len;             /* 0 = absent, 64 (Milan/Genoa), 8 (Turin) */
  uint8_t hwid[64];
  int hwid_der_wrapped; /* 04 len ... instead of the raw bytes */
  int has_csp_id;
  char csp_id[64]; /* IA5String */
  /* One extension written verbatim (value = the OCTET STRING content):
   * replaces the extension of the same suffix if there is one, else is
   * appended. Empty suffix = none. */
  char raw_suffix[8];
  uint8_t raw_value[96];
  size_t raw_len;
  char dup_suffix[8];   /* this extension is written twice */
  int unknown_critical; /* an extra critical extension 1.3.6.1.4.1.99999.1 */
} sim_snp_vek_ext;

typedef enum sim_snp_cert_profile {
  SIM_SNP_CERT_LEAF = 0, /* no standard extensions (AMD's VCEK/VLEK) */
  SIM_SNP_CERT_CA,       /* basicConstraints CA + keyUsage certSign|cRLSign */
  SIM_SNP_CERT_AMD_ARK,  /* AMD's ARK: keyUsage (critical, certSign|cRLSign),
                        SKI, basicConstraints (critical, CA), CRL DP */
  SIM_SNP_CERT_AMD_INTER /* AMD's ASK/ASVK: SKI, AKI, basicConstraints
                        (critical, CA, pathlen 0), keyUsage (critical,
                        certSign), CRL DP */
} sim_snp_cert_profile;

typedef struct sim_snp_cert_spec {
  EVP_PKEY *key;    /* the subject's key (its public half), borrowed */
  EVP_PKEY *signer; /* the issuer's private key, borrowed */
  sim_snp_sig_alg sig_alg;
  uint64_t serial;
  char subject_cn[48];
  char issuer_cn[48];
  /* Names are AMD's: OU=Engineering, C=US, L=Santa Clara, ST=CA,
   * O=Advanced Micro Devices, CN=... (§2.2); plain_names gives CN only. */
  int plain_names;
  int64_t not_before, not_after;
  sim_snp_cert_profile profile;
  char crl_dp[96]; /* CRL distribution point URI (AMD profiles), or "" */
  int is_vek;
  sim_snp_vek_ext ext;   /* used when is_vek */
  int corrupt_signature; /* last byte of the signature XOR 0x01 */
  /* The last byte of a P-384 public point's Y changed (off the curve) and
   * the certificate signed again by its issuer. */
  int corrupt_pubkey;
} sim_snp_cert_spec;

/* Build the certificate a spec describes. *der is new (caller frees).
 * Errors: E_CRYPTO, E_NOMEM, E_USAGE (a spec that cannot be built). */
int sim_snp_cert_build(const sim_snp_cert_spec *s, uint8_t **der, size_t *len,
                       contrast_err *err) CONTRAST_WUR;

/* ---- CRLs ---- */

#define SIM_SNP_CRL_MAX_REVOKED 8

typedef struct sim_snp_crl_spec {
  EVP_PKEY *signer; /* borrowed */
  sim_snp_sig_alg sig_alg;
  char issuer_cn[48];
  int plain_names;
  int64_t this_update, next_update;
  int no_next_update;
  size_t n_revoked;
  uint64_t revoked[SIM_SNP_CRL_MAX_REVOKED]; /* revoked at this_update */
  int with_extensions; /* AKI (keyid of signer) and CRL number 1 */
  int corrupt_signature;
} sim_snp_crl_spec;

/* A KDS-style v2 CRL (DER, new). Errors: E_CRYPTO, E_NOMEM, E_USAGE. */
int sim_snp_crl_build(const sim_snp_crl_spec *s, uint8_t **der, size_t *len,
                      contrast_err *err) CONTRAST_WUR;

/* ---- the AMD profile ---- */

/* "Milan", "Genoa", "Turin" (KDS product names). */
const char *sim_snp_title(snp_product p);

/* Specs of a product's roots as AMD makes them (names, serials 0xN0000,
 * 0xN0001, 0xN0101, profiles, CRL distribution points, the times of
 * sim_snp_root_times_of). The keys are borrowed. */
sim_snp_cert_spec sim_snp_ark_spec(snp_product p, EVP_PKEY *ark);
sim_snp_cert_spec sim_snp_ask_spec(snp_product p, EVP_PKEY *ask, EVP_PKEY *ark);
sim_snp_cert_spec sim_snp_asvk_spec(snp_product p, EVP_PKEY *asvk,
                                    EVP_PKEY *ark);

/* ---- TCB ---- */

typedef struct sim_snp_tcb {
  uint8_t fmc; /* Turin only */
  uint8_t bl, tee, snp, ucode;
  uint8_t spl4, spl5, spl6, spl7; /* Milan/Genoa bytes 2..5 */
} sim_snp_tcb;

/* The 8 TCB_VERSION bytes as a u64, laid out for the product (§1.8):
 * Milan/Genoa bl, tee, spl4..7, snp, ucode; Turin fmc, bl, tee, snp, 0, 0,
 * 0, ucode. */
uint64_t sim_snp_tcb_raw(snp_product p, const sim_snp_tcb *t);
/* The inverse (Turin's reserved bytes 4..6 are dropped). */
sim_snp_tcb sim_snp_tcb_from_raw(snp_product p, uint64_t raw);
/* The TCB a keys directory's chips run at. */
sim_snp_tcb sim_snp_tcb_default(snp_product p);

/* The KDS extensions of a VCEK (hwid: 64 bytes, Turin uses the first 8)
 * or VLEK (csp_id) for a product at a TCB: structVersion 0 (Turin VCEK
 * 1), productName ("Milan-B0" for a Milan VCEK as KDS writes it, the
 * product otherwise), the SPLs (Turin: no .3.4, fmcSPL .3.9). */
sim_snp_vek_ext sim_snp_vek_ext_for(snp_product p, snp_vek_kind kind,
                                    const sim_snp_tcb *tcb,
                                    const uint8_t hwid[64], const char *csp_id);

/* A VCEK (by the ASK, issuer SEV-<P>) or VLEK (by the ASVK, issuer
 * SEV-VLEK-<P>) spec: serial 0, valid from `issued` for 7 years / 1 year.
 * The keys are borrowed. */
sim_snp_cert_spec sim_snp_vek_spec(snp_product p, snp_vek_kind kind,
                                   EVP_PKEY *vek, EVP_PKEY *issuer,
                                   const sim_snp_vek_ext *ext, int64_t issued);

/* ---- reports ---- */

/* Every field of snp.md §1.2 (the signature is made by
 * sim_snp_report_sign). */
typedef struct sim_snp_report_fields {
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
  uint8_t report_data[64];
  uint8_t measurement[48];
  uint8_t host_data[32];
  uint8_t id_key_digest[48];
  uint8_t author_key_digest[48];
  uint8_t report_id[32];
  uint8_t report_id_ma[32];
  uint64_t reported_tcb;
  uint8_t cpuid_fam, cpuid_mod, cpuid_step; /* written for version >= 3 */
  uint8_t chip_id[64];
  uint64_t committed_tcb;
  uint8_t current_build, current_minor, current_major;
  uint8_t committed_build, committed_minor, committed_major;
  uint64_t launch_tcb;
  uint64_t launch_mit_vector, current_mit_vector; /* version >= 5 */
} sim_snp_report_fields;

/* CPUID family/model/stepping of a real part of the product (§1.8):
 * Milan 19h/01h/1, Genoa 19h/11h/1, Turin 1Ah/02h/1. */
void sim_snp_cpuid(snp_product p, uint8_t *fam, uint8_t *mod, uint8_t *step);

/* Sensible defaults: POLICY 0x30000 (SMT, bit 17), SIGNATURE_ALGO 1,
 * PLATFORM_INFO 0x25 (SMT_EN, ECC_EN, ALIAS_CHECK_COMPLETE), all four TCBs
 * = tcb, SIGNING_KEY for kind, the product's CPUID bytes, firmware 1.55,
 * REPORT_ID_MA all 0xFF, mitigation vectors 1 (v5), zero CHIP_ID and data
 * fields (the caller sets what it needs). */
void sim_snp_report_defaults(sim_snp_report_fields *f, snp_product p,
                             uint32_t version, snp_vek_kind kind,
                             const sim_snp_tcb *tcb);

/* Lay the fields out (§1.2): the CPUID bytes only for version >= 3, the
 * mitigation vectors only for version >= 5; every reserved byte and the
 * signature area zero. */
void sim_snp_report_encode(const sim_snp_report_fields *f,
                           uint8_t out[SNP_REPORT_SIZE]);

/* Sign bytes 0x000..0x2A0 with ECDSA SHA-384 under key (P-384; another
 * curve gives a wrong-size signature, as a test may want) and write r and s
 * as 72-byte little-endian integers at 0x2A0 and 0x2E8 (§1.4).
 * Errors: E_CRYPTO. */
int sim_snp_report_sign(uint8_t r[SNP_REPORT_SIZE], EVP_PKEY *key,
                        contrast_err *err) CONTRAST_WUR;

/* ---- keys ---- */

/* A new P-384 key / RSA key of `bits`. Errors: E_CRYPTO. */
int sim_snp_key_p384(EVP_PKEY **out, contrast_err *err) CONTRAST_WUR;
int sim_snp_key_rsa(unsigned bits, EVP_PKEY **out,
                    contrast_err *err) CONTRAST_WUR;

/* ---- the keys directory (sim/snp_keys.c) ----
 * DIR/roots/amd/<product>/{ark,ask,asvk}.pem   pinned with --trust-sim
 * DIR/amd/<product>/{ark,ask,asvk}.{key,pem}   keys (0600) and certificates
 * DIR/amd/<product>/cert_chain.pem             ASK, ARK  (KDS vcek/v1)
 * DIR/amd/<product>/vlek_cert_chain.pem        ASVK, ARK (KDS vlek/v1)
 * DIR/amd/<product>/crl.der, vlek_crl.der      the KDS CRLs (ARK-signed)
 * DIR/amd/<product>/chips                      the chips' CHIP_IDs (hex)
 * DIR/amd/<product>/vcek/<hwid>/<tcb>.{pem,key} VCEK per chip and TCB
 * DIR/amd/<product>/vlek/<tcb>.{pem,key}       VLEK per TCB
 * <hwid>: lowercase hex of the KDS hwID (64 bytes, Turin 8); <tcb>: the
 * TCB_VERSION u64 as 16 hex digits. */

/* Chips made per product by keys init. */
#define SIM_SNP_INIT_CHIPS 2

/* Optional given root keys (RSA-4096) instead of new ones, per product
 * index (SNP_PRODUCT_MILAN..TURIN); borrowed. Tests pass the test keys of
 * tests/data so that they need not wait for RSA key generation. */
typedef struct sim_snp_root_keys {
  EVP_PKEY *ark[SNP_PRODUCT_COUNT_], *ask[SNP_PRODUCT_COUNT_],
      *asvk[SNP_PRODUCT_COUNT_];
} sim_snp_root_keys;

/* keys init, AMD half, with given root keys (NULL: generate). */
int sim_snp_keys_init_with(const char *dir, const sim_snp_root_keys *keys,
                           contrast_err *err) CONTRAST_WUR;

typedef struct sim_snp_product_pki {
  EVP_PKEY *ark, *ask, *asvk;            /* private keys, owned */
  uint8_t *ark_der, *ask_der, *asvk_der; /* certificates, owned */
  size_t ark_len, ask_len, asvk_len;
  size_t n_chips;
  uint8_t chips[8][64]; /* CHIP_IDs from DIR/amd/<product>/chips */
} sim_snp_product_pki;

typedef struct sim_snp_pki {
  char dir[2048];
  sim_snp_product_pki p[SNP_PRODUCT_COUNT_]; /* [MILAN..TURIN] */
} sim_snp_pki;

/* Load the AMD half of a keys directory. Errors: E_IO, E_UNUSABLE. */
int sim_snp_pki_load(const char *dir, sim_snp_pki *out,
                     contrast_err *err) CONTRAST_WUR;
void sim_snp_pki_wipe(sim_snp_pki *pki);

/* The VCEK of (chip, tcb) or the VLEK of tcb: read from the keys
 * directory, or issued now (a new P-384 key, certificate valid from
 * `issued`) and stored there. reissue: sign the certificate again with the
 * stored key (for another `issued`). *key and *der are new.
 * Errors: E_IO, E_CRYPTO, E_UNUSABLE. */
int sim_snp_vek_get(const sim_snp_pki *pki, snp_product p, snp_vek_kind kind,
                    const uint8_t chip_id[64], uint64_t tcb_raw, int64_t issued,
                    int reissue, EVP_PKEY **key, uint8_t **der, size_t *der_len,
                    contrast_err *err) CONTRAST_WUR;

#endif
