/* Simulated guests (internal to sim/ and its tests): evidence on demand
 * from a keys directory, for the devices that hand it to an attester —
 * the configfs-tsm filesystem (sim/tsm_fs.c, `contrast-sim tsm`) and the
 * /dev/sev-guest and /dev/tdx_guest emulation (sim/sevguest_preload.c).
 *
 * A guest config fixes everything a real guest's launch fixes (product,
 * signing key, measurement, policy, TCB, ...); a request supplies what the
 * guest chooses per call (REPORT_DATA, the VMPL). The option parsers are
 * the ones of `contrast-sim snp report` (sim/snp_cmd.c) and `contrast-sim
 * tdx quote` (sim/tdx_cmd.c), so a field is spelled the same everywhere. */
#ifndef CONTRAST_SIM_GUEST_H
#define CONTRAST_SIM_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"
#include "contrast/snp.h"
#include "snp_pki.h"
#include "tdx_pki.h"

/* ---- shared option parsers (defined in snp_cmd.c / tdx_cmd.c) ---- */

/* One report-field option of `contrast-sim snp report` (--measurement HEX,
 * --policy U64, --tcb TCB, --cpuid F,M,S, ...; every option of its
 * "fields" help section) applied to f; TCB values are read for product p.
 * *used = 0 (and 0 returned) when a is not a field option.
 * Errors: E_USAGE (a bad value; the detail names the option). */
int sim_snp_field_option(const char *a, const char *val, snp_product p,
                         sim_snp_report_fields *f, int *used,
                         contrast_err *err) CONTRAST_WUR;

/* The state of `contrast-sim tdx quote`'s options. */
typedef struct sim_tdx_quote_opts {
  const char *keys, *out;
  uint64_t version, body_type;
  int body_type_set, svn2_set, processor, qe_cpu_set;
  sim_tdx_quote_spec q;
  sim_tdx_cert_spec pck;
} sim_tdx_quote_opts;

/* Defaults (a v4 quote of the default platform PCK); the --pck option is
 * taken from argv[1..argc) first (the PCK options apply to that PCK).
 * Errors: E_USAGE. */
int sim_tdx_quote_opts_init(sim_tdx_quote_opts *o, int argc, char *const *argv,
                            contrast_err *err) CONTRAST_WUR;
/* The option argv[*i] (its value, if any, is argv[*i + 1]; *i is left on
 * the last argument consumed). *used = 0 when it is not a quote option.
 * Errors: E_USAGE. */
int sim_tdx_quote_option(int argc, char *const *argv, int *i,
                         sim_tdx_quote_opts *o, int *used,
                         contrast_err *err) CONTRAST_WUR;
/* Apply the version / body type and the derived defaults (TEE_TCB_SVN_2,
 * the QE's CPUSVN). Errors: E_USAGE. */
int sim_tdx_quote_opts_finish(sim_tdx_quote_opts *o,
                              contrast_err *err) CONTRAST_WUR;

/* A caller's own options, skipped by the guest parsers: returns 0 when
 * opt is not the caller's, 1 for a flag, 2 for an option with a value. */
typedef int (*sim_guest_other_fn)(const char *opt);

/* ---- SEV-SNP ---- */

typedef struct sim_snp_guest_config {
  snp_product product;   /* --product (default milan) */
  snp_vek_kind signer;   /* --signer vcek|vlek (default vcek) */
  int have_chip;         /* --chip-id HEX; default: the first chip */
  uint8_t chip_id[64];
  int mask_chip_id;      /* --mask-chip-id */
  int have_signer_info;  /* --signer-info U32 */
  uint32_t signer_info;
  int have_issued;       /* --issued TIME: the VEK certificate re-issued */
  int64_t issued;
  uint32_t vmpl_floor;   /* --vmpl N: the VMPL the guest runs at (0..3) */
  int no_certs;          /* --no-certs: the host has no certificates */
  /* Every field `snp report` can set; REPORT_DATA and VMPL are per
   * request. Defaults: sim_snp_report_defaults at sim_snp_tcb_default. */
  sim_snp_report_fields f;
} sim_snp_guest_config;

/* Defaults, then the options of argv[0..argc): --product, --signer,
 * --version first (they shape the defaults), then every other option in
 * order. Options for which other() answers non-zero are skipped.
 * Errors: E_USAGE (an unknown option, a bad value, --report-data, which a
 * request supplies). */
int sim_snp_guest_config_parse(sim_snp_guest_config *c, int argc,
                               char *const *argv, sim_guest_other_fn other,
                               contrast_err *err) CONTRAST_WUR;

typedef struct sim_snp_guest sim_snp_guest;

/* A guest of config c over the keys directory dir: loads the product's
 * roots and the VEK of (chip, REPORTED_TCB) / REPORTED_TCB (issued into
 * the directory when missing, as `snp report` does), and builds the
 * certificate table. *out is new (sim_snp_guest_free).
 * Errors: E_IO, E_UNUSABLE, E_CRYPTO, E_NOMEM. */
int sim_snp_guest_new(const char *dir, const sim_snp_guest_config *c,
                      sim_snp_guest **out, contrast_err *err) CONTRAST_WUR;
void sim_snp_guest_free(sim_snp_guest *g);
const sim_snp_guest_config *sim_snp_guest_config_of(const sim_snp_guest *g);

/* A signed 1184-byte ATTESTATION_REPORT with REPORT_DATA report_data and
 * VMPL vmpl (not checked here: the devices check it against the floor).
 * Errors: E_CRYPTO. */
int sim_snp_guest_report(const sim_snp_guest *g, const uint8_t report_data[64],
                         uint32_t vmpl, uint8_t out[SNP_REPORT_SIZE],
                         contrast_err *err) CONTRAST_WUR;

/* The GHCB certificate buffer (spec/snp.md §4.2): 24-byte entries {guid
 * (RFC 4122 byte order), u32 offset, u32 length} (LE), an all-zero
 * terminator, then the blobs: VCEK, ASK, ARK (DER) for a VCEK signer;
 * VLEK, ASVK (under the ASK GUID), ARK for a VLEK signer; zero-padded to a
 * multiple of 4096. Borrowed from g; NULL / 0 with --no-certs. */
const uint8_t *sim_snp_guest_certs(const sim_snp_guest *g, size_t *len);

/* The GUIDs of the table (RFC 4122 string byte order). */
extern const uint8_t SIM_SNP_GUID_VCEK[16];
extern const uint8_t SIM_SNP_GUID_VLEK[16];
extern const uint8_t SIM_SNP_GUID_ASK[16];
extern const uint8_t SIM_SNP_GUID_ARK[16];

/* ---- TDX ---- */

typedef struct sim_tdx_guest_config {
  sim_tdx_quote_opts o; /* every option of `tdx quote` but --keys, -o and
                           --report-data */
} sim_tdx_guest_config;

/* Defaults, then the options of argv[0..argc) (other() as above).
 * Errors: E_USAGE. */
int sim_tdx_guest_config_parse(sim_tdx_guest_config *c, int argc,
                               char *const *argv, sim_guest_other_fn other,
                               contrast_err *err) CONTRAST_WUR;

typedef struct sim_tdx_guest sim_tdx_guest;

/* A TD of config c over the keys directory dir (the Intel half).
 * Errors: E_IO, E_UNUSABLE, E_CRYPTO, E_NOMEM. */
int sim_tdx_guest_new(const char *dir, const sim_tdx_guest_config *c,
                      sim_tdx_guest **out, contrast_err *err) CONTRAST_WUR;
void sim_tdx_guest_free(sim_tdx_guest *g);

/* A DCAP quote (as `tdx quote` makes it) with REPORTDATA report_data.
 * *quote is new (caller frees). Errors: E_CRYPTO, E_NOMEM. */
int sim_tdx_guest_quote(sim_tdx_guest *g, const uint8_t report_data[64],
                        uint8_t **quote, size_t *len,
                        contrast_err *err) CONTRAST_WUR;

#define SIM_TDREPORT_SIZE 1024
/* Offsets in the TDREPORT (spec/tdx.md §3). */
#define SIM_TDR_TYPE 0
#define SIM_TDR_CPUSVN 16
#define SIM_TDR_TEE_TCB_INFO_HASH 32
#define SIM_TDR_TEE_INFO_HASH 80
#define SIM_TDR_REPORT_DATA 128
#define SIM_TDR_MAC 224
#define SIM_TDR_TEE_TCB_INFO 256
#define SIM_TDR_TEE_TCB_INFO_SIZE 239
#define SIM_TDR_TDINFO 512
#define SIM_TDR_TDINFO_SIZE 512

/* The key of the TDREPORT's MAC. SIMULATED: a real TDREPORT is MACed
 * with a CPU-internal key nobody outside the CPU can use; ours is this
 * fixed 32-byte key (SHA-256 of "contrast-sim TDREPORT MAC key"). */
void sim_tdreport_mac_key(uint8_t key[32]);

/* The 1024-byte TDREPORT the TDX module would give this TD (tdx.md §3):
 * REPORTMACSTRUCT (type 0x81, subtype 0, version 0, or 1 for a TDX 1.5
 * body; CPUSVN of the platform; tee_tcb_info_hash = SHA-384 of the 239
 * bytes of TEE_TCB_INFO; tee_info_hash = SHA-384 of the 512 bytes of
 * TDINFO; reportdata; mac = HMAC-SHA-256 under sim_tdreport_mac_key over
 * REPORTMACSTRUCT bytes 0..223), TEE_TCB_INFO (valid 0x1ff, tee_tcb_svn,
 * mr_seam, mr_signer_seam, seam attributes, and tee_tcb_svn2 for 1.5) and
 * TDINFO (attributes, xfam, mrtd, mrconfigid, mrowner, mrownerconfig,
 * rtmr0..3, and servtd_hash for 1.5): the fields the quote body carries.
 * Errors: E_CRYPTO. */
int sim_tdx_guest_tdreport(const sim_tdx_guest *g,
                           const uint8_t report_data[64],
                           uint8_t out[SIM_TDREPORT_SIZE],
                           contrast_err *err) CONTRAST_WUR;

#endif
