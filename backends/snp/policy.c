/* The CASES.md policy object for SNP cases (spec/CASES.md "Policy"; the `snp`
 * keys are Contrast's manifest names, contrast.md §2.3). Outside the `snp`
 * object an absent key is not checked; inside an object that is present, a
 * missing field counts as 0 / false / empty, as when Contrast reads its
 * manifest. */
#include <stdlib.h>
#include <string.h>

#include "contrast/json.h"
#include "contrast/util.h"
#include "contrast/snp.h"
#include "guard.h"

#define U CONTRAST_E_UNUSABLE

static int get_flag(const json_t *o, const char *key, const char *what,
                    int *out, contrast_err *err) {
  *out = 0;
  return contrast_json_get_bool(o, key, what, U, out, NULL, err);
}

static int get_u8(const json_t *o, const char *key, const char *what,
                  uint8_t *out, contrast_err *err) {
  uint64_t v = 0;
  GUARD(contrast_json_get_u64(o, key, what, U, 255, &v, NULL, err));
  *out = (uint8_t)v;
  return 0;
}

static int min_tcb(const json_t *o, snp_ref_values *r, contrast_err *err) {
  static const char *const keys[] = {"BootloaderVersion", "TEEVersion",
                                     "SNPVersion", "MicrocodeVersion",
                                     "FMCVersion"};
  const char *w = "policy.snp.MinimumTCB";
  GUARD(contrast_json_only_keys(o, keys, CONTRAST_ARRAY_LEN(keys), w, U, err));
  GUARD(get_u8(o, "BootloaderVersion", w, &r->min_bl, err));
  GUARD(get_u8(o, "TEEVersion", w, &r->min_tee, err));
  GUARD(get_u8(o, "SNPVersion", w, &r->min_snp, err));
  GUARD(get_u8(o, "MicrocodeVersion", w, &r->min_ucode, err));
  GUARD(get_u8(o, "FMCVersion", w, &r->min_fmc, err));
  r->has_min_tcb = 1;
  return 0;
}

static int guest_policy(const json_t *o, snp_ref_values *r,
                        contrast_err *err) {
  static const char *const keys[] = {
      "ABIMajor", "ABIMinor",     "SMT",          "MigrateMA",
      "Debug",    "SingleSocket", "CXLAllowed",   "MemAES256XTS",
      "RAPLDis",  "CipherTextHidingDRAM", "PageSwapDisable"};
  const char *w = "policy.snp.GuestPolicy";
  GUARD(contrast_json_only_keys(o, keys, CONTRAST_ARRAY_LEN(keys), w, U, err));
  GUARD(get_u8(o, "ABIMajor", w, &r->gp_abi_major, err));
  GUARD(get_u8(o, "ABIMinor", w, &r->gp_abi_minor, err));
  GUARD(get_flag(o, "SMT", w, &r->gp_smt, err));
  GUARD(get_flag(o, "MigrateMA", w, &r->gp_migrate_ma, err));
  GUARD(get_flag(o, "Debug", w, &r->gp_debug, err));
  GUARD(get_flag(o, "SingleSocket", w, &r->gp_single_socket, err));
  GUARD(get_flag(o, "CXLAllowed", w, &r->gp_cxl_allowed, err));
  GUARD(get_flag(o, "MemAES256XTS", w, &r->gp_mem_aes_256_xts, err));
  GUARD(get_flag(o, "RAPLDis", w, &r->gp_rapl_dis, err));
  GUARD(get_flag(o, "CipherTextHidingDRAM", w, &r->gp_ciphertext_hiding_dram,
                 err));
  GUARD(get_flag(o, "PageSwapDisable", w, &r->gp_page_swap_disable, err));
  r->has_guest_policy = 1;
  return 0;
}

static int platform_info(const json_t *o, snp_ref_values *r,
                         contrast_err *err) {
  static const char *const keys[] = {
      "SMTEnabled",   "TSMEEnabled", "ECCEnabled",
      "RAPLDisabled", "CiphertextHidingDRAMEnabled", "AliasCheckComplete",
      "TIOEnabled"};
  const char *w = "policy.snp.PlatformInfo";
  GUARD(contrast_json_only_keys(o, keys, CONTRAST_ARRAY_LEN(keys), w, U, err));
  GUARD(get_flag(o, "SMTEnabled", w, &r->pi_smt_enabled, err));
  GUARD(get_flag(o, "TSMEEnabled", w, &r->pi_tsme_enabled, err));
  GUARD(get_flag(o, "ECCEnabled", w, &r->pi_ecc_enabled, err));
  GUARD(get_flag(o, "RAPLDisabled", w, &r->pi_rapl_disabled, err));
  GUARD(get_flag(o, "CiphertextHidingDRAMEnabled", w,
                 &r->pi_ciphertext_hiding_dram_enabled, err));
  GUARD(get_flag(o, "AliasCheckComplete", w, &r->pi_alias_check_complete,
                 err));
  GUARD(get_flag(o, "TIOEnabled", w, &r->pi_tio_enabled, err));
  r->has_platform_info = 1;
  return 0;
}

#define MAX_CHIP_IDS 4096

static int chip_ids(const json_t *a, snp_ref_values *r, contrast_err *err) {
  ENSURE(json_is_array(a), E_UNUSABLE,
         "policy.snp: 'AllowedChipIDs' must be an array");
  size_t n = json_array_size(a);
  ENSURE(n <= MAX_CHIP_IDS, E_UNUSABLE,
         "policy.snp: more than %d AllowedChipIDs", MAX_CHIP_IDS);
  if (n == 0)
    return 0;
  r->chip_ids = calloc(n, 64);
  ENSURE_ALLOC(r->chip_ids);
  r->n_chip_ids = n;
  for (size_t i = 0; i < n; i++) {
    json_t *v = json_array_get(a, i);
    ENSURE(json_is_string(v), E_UNUSABLE,
           "policy.snp: AllowedChipIDs[%zu] must be a hex string", i);
    char field[64];
    (void)snprintf(field, sizeof field, "policy.snp: AllowedChipIDs[%zu]", i);
    GUARD(contrast_hex_decode(json_string_value(v), r->chip_ids[i], 64, field,
                              U, err));
  }
  return 0;
}

static int ref_values(const json_t *o, snp_ref_values *r, contrast_err *err) {
  static const char *const keys[] = {
      "ProductName", "TrustedMeasurement", "MinimumTCB",
      "GuestPolicy", "PlatformInfo",       "AllowedChipIDs",
      "MinimumMitigationVector"};
  const char *w = "policy.snp";
  GUARD(contrast_json_only_keys(o, keys, CONTRAST_ARRAY_LEN(keys), w, U, err));
  const char *name = NULL;
  GUARD(contrast_json_get_string(o, "ProductName", w, U, &name,
                                 &r->has_product, err));
  if (r->has_product)
    ENSURE(snp_product_from_name(name, &r->product) == 0, E_UNUSABLE,
           "policy.snp: ProductName '%s' is not Milan, Genoa or Turin", name);
  GUARD(contrast_json_get_hex(o, "TrustedMeasurement", w, U, r->measurement,
                              48, &r->has_measurement, err));
  json_t *sub = NULL;
  int have = 0;
  GUARD(contrast_json_get_object(o, "MinimumTCB", w, U, &sub, &have, err));
  if (have)
    GUARD(min_tcb(sub, r, err));
  GUARD(contrast_json_get_object(o, "GuestPolicy", w, U, &sub, &have, err));
  if (have)
    GUARD(guest_policy(sub, r, err));
  GUARD(contrast_json_get_object(o, "PlatformInfo", w, U, &sub, &have, err));
  if (have)
    GUARD(platform_info(sub, r, err));
  json_t *ids = json_object_get(o, "AllowedChipIDs");
  if (ids != NULL && !json_is_null(ids))
    GUARD(chip_ids(ids, r, err));
  GUARD(contrast_json_get_u64(o, "MinimumMitigationVector", w, U,
                              (uint64_t)INT64_MAX, &r->min_mit_vector,
                              &r->has_min_mit_vector, err));
  return 0;
}

int snp_policy_from_json(const json_t *policy, snp_policy *out,
                         contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (policy == NULL)
    return 0;
  static const char *const keys[] = {"snp",       "report_data", "host_data",
                                     "vmpl",      "allow_debug", "require_crl",
                                     "tdx",       "accepted_tcb_statuses"};
  GUARD(contrast_json_only_keys(policy, keys, CONTRAST_ARRAY_LEN(keys),
                                "policy", U, err));
  ENSURE(json_object_get(policy, "tdx") == NULL &&
             json_object_get(policy, "accepted_tcb_statuses") == NULL,
         E_UNUSABLE,
         "policy: 'tdx' and 'accepted_tcb_statuses' apply to TDX evidence "
         "only");
  GUARD(contrast_policy_base_from_json(policy, &out->base, err));
  uint64_t vmpl = 0;
  GUARD(contrast_json_get_u64(policy, "vmpl", "policy", U, 3, &vmpl,
                              &out->has_vmpl, err));
  out->vmpl = (uint32_t)vmpl;
  json_t *snp = NULL;
  GUARD(contrast_json_get_object(policy, "snp", "policy", U, &snp,
                                 &out->has_ref, err));
  if (out->has_ref && ref_values(snp, &out->ref, err) != 0) {
    snp_policy_wipe(out);
    return -1;
  }
  return 0;
}

void snp_policy_wipe(snp_policy *p) {
  if (p == NULL)
    return;
  free(p->ref.chip_ids);
  memset(p, 0, sizeof *p);
}
