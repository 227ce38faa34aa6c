/* Tests of backends/snp/policy.c: the CASES.md policy object for SNP cases
 * ("Policy": top-level keys, the `snp` reference value with Contrast's
 * manifest keys; inside a present object a missing field is 0/false). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/snp.h"
#include "testsupport.h"

#define H32 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define H48 H32 "202122232425262728292a2b2c2d2e2f"
#define H64 H32 H32

static json_t *load(const char *s) {
  json_error_t je;
  json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, &je);
  if (v == NULL)
    fprintf(stderr, "  bad test JSON: %s: %s\n", s, je.text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  return v;
}

static snp_policy *policy_ok(const char *s) {
  json_t *j = load(s);
  snp_policy *p = malloc(sizeof *p);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  memset(p, 0x5a, sizeof *p);
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_policy_from_json(j, p, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: %s\n", s, e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  ASSERT_CODE(e, CONTRAST_OK);
  json_decref(j);
  return p;
}

static void policy_free(snp_policy *p) {
  snp_policy_wipe(p);
  free(p);
}

/* The policy must be refused as unusable; detail mentions `key` if given. */
static void policy_bad(const char *s, const char *key) {
  json_t *j = load(s);
  snp_policy p;
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_policy_from_json(j, &p, &e);
  if (rc == 0)
    fprintf(stderr, "  accepted: %s\n", s);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  if (key != NULL && strstr(e.detail, key) == NULL) {
    fprintf(stderr, "  detail '%s' lacks '%s'\n", e.detail, key);
    CU_FAIL("detail names the key");
  }
  if (rc == 0)
    snp_policy_wipe(&p);
  json_decref(j);
}

static void test_snp_policy_null_is_empty_policy(void) {
  snp_policy p;
  memset(&p, 0x5a, sizeof p);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_policy_from_json(NULL, &p, &e), 0);
  CU_ASSERT_EQUAL(p.has_vmpl, 0);
  CU_ASSERT_EQUAL(p.has_ref, 0);
  CU_ASSERT_EQUAL(p.base.allow_debug, 0);
  CU_ASSERT_EQUAL(p.base.require_crl, 0);
  CU_ASSERT_EQUAL(p.base.has_report_data, 0);
  CU_ASSERT_EQUAL(p.base.has_host_data, 0);
  snp_policy_wipe(&p);
}

static void test_snp_policy_empty_object_is_empty_policy(void) {
  snp_policy *p = policy_ok("{}");
  CU_ASSERT_EQUAL(p->has_vmpl, 0);
  CU_ASSERT_EQUAL(p->has_ref, 0);
  CU_ASSERT_EQUAL(p->base.allow_debug, 0);
  policy_free(p);
}

static const char FULL[] =
    "{\"report_data\": \"" H64 "\", \"host_data\": \"" H32 "\", "
    "\"vmpl\": 2, \"allow_debug\": true, \"require_crl\": true, "
    "\"snp\": {"
    "\"ProductName\": \"Turin\", \"TrustedMeasurement\": \"" H48 "\", "
    "\"MinimumTCB\": {\"BootloaderVersion\": 1, \"TEEVersion\": 2, "
    "\"SNPVersion\": 3, \"MicrocodeVersion\": 255, \"FMCVersion\": 5}, "
    "\"GuestPolicy\": {\"ABIMajor\": 1, \"ABIMinor\": 55, \"SMT\": true, "
    "\"MigrateMA\": true, \"Debug\": true, \"SingleSocket\": true, "
    "\"CXLAllowed\": true, \"MemAES256XTS\": true, \"RAPLDis\": true, "
    "\"CipherTextHidingDRAM\": true, \"PageSwapDisable\": true}, "
    "\"PlatformInfo\": {\"SMTEnabled\": true, \"TSMEEnabled\": true, "
    "\"ECCEnabled\": true, \"RAPLDisabled\": true, "
    "\"CiphertextHidingDRAMEnabled\": true, \"AliasCheckComplete\": true, "
    "\"TIOEnabled\": true}, "
    "\"AllowedChipIDs\": [\"" H64 "\", \"" H32 H32 "\"], "
    "\"MinimumMitigationVector\": 7}}";

static void test_snp_policy_every_key_accepted(void) {
  snp_policy *p = policy_ok(FULL);
  CU_ASSERT_EQUAL(p->base.has_report_data, 1);
  CU_ASSERT_EQUAL(p->base.report_data[33], 0x01);
  CU_ASSERT_EQUAL(p->base.has_host_data, 1);
  CU_ASSERT_EQUAL(p->base.host_data[31], 0x1f);
  CU_ASSERT_EQUAL(p->has_vmpl, 1);
  CU_ASSERT_EQUAL(p->vmpl, 2);
  CU_ASSERT_EQUAL(p->base.allow_debug, 1);
  CU_ASSERT_EQUAL(p->base.require_crl, 1);
  CU_ASSERT_EQUAL(p->has_ref, 1);
  const snp_ref_values *r = &p->ref;
  CU_ASSERT_EQUAL(r->has_product, 1);
  CU_ASSERT_EQUAL(r->product, SNP_PRODUCT_TURIN);
  CU_ASSERT_EQUAL(r->has_measurement, 1);
  CU_ASSERT_EQUAL(r->measurement[0], 0x00);
  CU_ASSERT_EQUAL(r->measurement[47], 0x2f);
  CU_ASSERT_EQUAL(r->has_min_tcb, 1);
  CU_ASSERT_EQUAL(r->min_bl, 1);
  CU_ASSERT_EQUAL(r->min_tee, 2);
  CU_ASSERT_EQUAL(r->min_snp, 3);
  CU_ASSERT_EQUAL(r->min_ucode, 255);
  CU_ASSERT_EQUAL(r->min_fmc, 5);
  CU_ASSERT_EQUAL(r->has_guest_policy, 1);
  CU_ASSERT_EQUAL(r->gp_abi_major, 1);
  CU_ASSERT_EQUAL(r->gp_abi_minor, 55);
  CU_ASSERT_EQUAL(r->gp_smt, 1);
  CU_ASSERT_EQUAL(r->gp_migrate_ma, 1);
  CU_ASSERT_EQUAL(r->gp_debug, 1);
  CU_ASSERT_EQUAL(r->gp_single_socket, 1);
  CU_ASSERT_EQUAL(r->gp_cxl_allowed, 1);
  CU_ASSERT_EQUAL(r->gp_mem_aes_256_xts, 1);
  CU_ASSERT_EQUAL(r->gp_rapl_dis, 1);
  CU_ASSERT_EQUAL(r->gp_ciphertext_hiding_dram, 1);
  CU_ASSERT_EQUAL(r->gp_page_swap_disable, 1);
  CU_ASSERT_EQUAL(r->has_platform_info, 1);
  CU_ASSERT_EQUAL(r->pi_smt_enabled, 1);
  CU_ASSERT_EQUAL(r->pi_tsme_enabled, 1);
  CU_ASSERT_EQUAL(r->pi_ecc_enabled, 1);
  CU_ASSERT_EQUAL(r->pi_rapl_disabled, 1);
  CU_ASSERT_EQUAL(r->pi_ciphertext_hiding_dram_enabled, 1);
  CU_ASSERT_EQUAL(r->pi_alias_check_complete, 1);
  CU_ASSERT_EQUAL(r->pi_tio_enabled, 1);
  CU_ASSERT_EQUAL_FATAL(r->n_chip_ids, 2);
  CU_ASSERT_EQUAL(r->chip_ids[0][0], 0x00);
  CU_ASSERT_EQUAL(r->chip_ids[0][63], 0x1f);
  CU_ASSERT_EQUAL(r->chip_ids[1][32], 0x00);
  CU_ASSERT_EQUAL(r->has_min_mit_vector, 1);
  CU_ASSERT_EQUAL(r->min_mit_vector, 7);
  policy_free(p);
}

static void test_snp_policy_real_case_policy_accepted(void) {
  /* the policy object of vectors/real/snp/snp-genoa-v5-oak/case.json */
  size_t len;
  uint8_t *buf =
      test_read_file("vectors/real/snp/snp-genoa-v5-oak/case.json", &len);
  json_error_t je;
  json_t *c = json_loadb((const char *)buf, len, 0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  snp_policy p;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      snp_policy_from_json(json_object_get(c, "policy"), &p, &e), 0);
  CU_ASSERT_EQUAL(p.ref.product, SNP_PRODUCT_GENOA);
  CU_ASSERT_EQUAL(p.ref.min_bl, 10);
  CU_ASSERT_EQUAL(p.ref.min_snp, 25);
  CU_ASSERT_EQUAL(p.ref.min_ucode, 84);
  CU_ASSERT_EQUAL(p.ref.gp_smt, 1);
  CU_ASSERT_EQUAL(p.ref.gp_debug, 0);
  CU_ASSERT_EQUAL(p.ref.pi_ecc_enabled, 1);
  CU_ASSERT_EQUAL(p.ref.pi_alias_check_complete, 1);
  CU_ASSERT_EQUAL(p.ref.min_mit_vector, 1);
  snp_policy_wipe(&p);
  json_decref(c);
  free(buf);
}

static void test_snp_policy_missing_fields_in_present_objects_are_zero(void) {
  snp_policy *p = policy_ok("{\"snp\": {\"MinimumTCB\": {}, \"GuestPolicy\": "
                            "{}, \"PlatformInfo\": {}}}");
  const snp_ref_values *r = &p->ref;
  CU_ASSERT_EQUAL(p->has_ref, 1);
  CU_ASSERT_EQUAL(r->has_product, 0);
  CU_ASSERT_EQUAL(r->has_measurement, 0);
  CU_ASSERT_EQUAL(r->has_min_tcb, 1);
  CU_ASSERT_EQUAL(r->min_bl, 0);
  CU_ASSERT_EQUAL(r->min_tee, 0);
  CU_ASSERT_EQUAL(r->min_snp, 0);
  CU_ASSERT_EQUAL(r->min_ucode, 0);
  CU_ASSERT_EQUAL(r->min_fmc, 0);
  CU_ASSERT_EQUAL(r->has_guest_policy, 1);
  CU_ASSERT_EQUAL(r->gp_abi_major, 0);
  CU_ASSERT_EQUAL(r->gp_abi_minor, 0);
  CU_ASSERT_EQUAL(r->gp_smt, 0);
  CU_ASSERT_EQUAL(r->gp_migrate_ma, 0);
  CU_ASSERT_EQUAL(r->gp_debug, 0);
  CU_ASSERT_EQUAL(r->gp_single_socket, 0);
  CU_ASSERT_EQUAL(r->gp_cxl_allowed, 0);
  CU_ASSERT_EQUAL(r->gp_mem_aes_256_xts, 0);
  CU_ASSERT_EQUAL(r->gp_rapl_dis, 0);
  CU_ASSERT_EQUAL(r->gp_ciphertext_hiding_dram, 0);
  CU_ASSERT_EQUAL(r->gp_page_swap_disable, 0);
  CU_ASSERT_EQUAL(r->has_platform_info, 1);
  CU_ASSERT_EQUAL(r->pi_smt_enabled, 0);
  CU_ASSERT_EQUAL(r->pi_tsme_enabled, 0);
  CU_ASSERT_EQUAL(r->pi_ecc_enabled, 0);
  CU_ASSERT_EQUAL(r->pi_rapl_disabled, 0);
  CU_ASSERT_EQUAL(r->pi_ciphertext_hiding_dram_enabled, 0);
  CU_ASSERT_EQUAL(r->pi_alias_check_complete, 0);
  CU_ASSERT_EQUAL(r->pi_tio_enabled, 0);
  CU_ASSERT_EQUAL(r->n_chip_ids, 0);
  CU_ASSERT_EQUAL(r->has_min_mit_vector, 0);
  policy_free(p);
  /* a partly filled object: the rest is 0 / false */
  p = policy_ok("{\"snp\": {\"MinimumTCB\": {\"SNPVersion\": 8}, "
                "\"GuestPolicy\": {\"SMT\": true}}}");
  CU_ASSERT_EQUAL(p->ref.min_snp, 8);
  CU_ASSERT_EQUAL(p->ref.min_bl, 0);
  CU_ASSERT_EQUAL(p->ref.min_ucode, 0);
  CU_ASSERT_EQUAL(p->ref.gp_smt, 1);
  CU_ASSERT_EQUAL(p->ref.gp_debug, 0);
  CU_ASSERT_EQUAL(p->ref.has_platform_info, 0);
  policy_free(p);
}

static void test_snp_policy_snp_empty_object_checks_nothing(void) {
  snp_policy *p = policy_ok("{\"snp\": {}}");
  CU_ASSERT_EQUAL(p->has_ref, 1);
  CU_ASSERT_EQUAL(p->ref.has_product, 0);
  CU_ASSERT_EQUAL(p->ref.has_measurement, 0);
  CU_ASSERT_EQUAL(p->ref.has_min_tcb, 0);
  CU_ASSERT_EQUAL(p->ref.has_guest_policy, 0);
  CU_ASSERT_EQUAL(p->ref.has_platform_info, 0);
  CU_ASSERT_EQUAL(p->ref.n_chip_ids, 0);
  CU_ASSERT_EQUAL(p->ref.has_min_mit_vector, 0);
  policy_free(p);
}

static void test_snp_policy_unknown_keys_at_each_level_fail_unusable(void) {
  policy_bad("{\"foo\": 1}", "foo");
  policy_bad("{\"Vmpl\": 0}", "Vmpl");
  policy_bad("{\"snp\": {\"Foo\": 1}}", "Foo");
  policy_bad("{\"snp\": {\"productName\": \"Milan\"}}", "productName");
  policy_bad("{\"snp\": {\"MinimumTCB\": {\"SPL4\": 0}}}", "SPL4");
  policy_bad("{\"snp\": {\"MinimumTCB\": {\"bootloaderVersion\": 0}}}",
             "bootloaderVersion");
  policy_bad("{\"snp\": {\"GuestPolicy\": {\"Smt\": true}}}", "Smt");
  policy_bad("{\"snp\": {\"GuestPolicy\": {\"ABIMajor\": 0, \"X\": 0}}}",
             "'X'");
  policy_bad("{\"snp\": {\"PlatformInfo\": {\"ECC\": true}}}", "ECC");
  /* manifest keys that cases do not use (CASES.md "Policy") */
  policy_bad("{\"snp\": {\"Platform\": \"Metal-QEMU-SNP\"}}", "Platform");
  policy_bad("{\"snp\": {\"MemoryIntegrity\": true}}", "MemoryIntegrity");
}

static void test_snp_policy_tdx_keys_fail_unusable(void) {
  policy_bad("{\"tdx\": {}}", "tdx");
  policy_bad("{\"accepted_tcb_statuses\": [\"UpToDate\"]}",
             "accepted_tcb_statuses");
  policy_bad("{\"snp\": {}, \"tdx\": {\"MrTd\": \"00\"}}", "tdx");
}

static void test_snp_policy_bad_hex_lengths_fail_unusable(void) {
  policy_bad("{\"report_data\": \"" H32 "\"}", "report_data");
  policy_bad("{\"host_data\": \"" H48 "\"}", "host_data");
  policy_bad("{\"snp\": {\"TrustedMeasurement\": \"" H32 "\"}}",
             "TrustedMeasurement");
  policy_bad("{\"snp\": {\"TrustedMeasurement\": \"" H48 "00\"}}",
             "TrustedMeasurement");
  policy_bad("{\"snp\": {\"TrustedMeasurement\": \"" H48 "0\"}}",
             "TrustedMeasurement");
  policy_bad("{\"snp\": {\"TrustedMeasurement\": 5}}", "TrustedMeasurement");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [\"" H48 "\"]}}",
             "AllowedChipIDs[0]");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [\"" H64 "\", \"" H64 "00\"]}}",
             "AllowedChipIDs[1]");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [\"" H64 "\", \"xx" H32 H32
             "\"]}}",
             "AllowedChipIDs[1]");
}

static void test_snp_policy_product_name_case_insensitive(void) {
  static const struct {
    const char *json;
    snp_product want;
  } t[] = {
      {"{\"snp\": {\"ProductName\": \"Milan\"}}", SNP_PRODUCT_MILAN},
      {"{\"snp\": {\"ProductName\": \"milan\"}}", SNP_PRODUCT_MILAN},
      {"{\"snp\": {\"ProductName\": \"GENOA\"}}", SNP_PRODUCT_GENOA},
      {"{\"snp\": {\"ProductName\": \"tUrIn\"}}", SNP_PRODUCT_TURIN},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    snp_policy *p = policy_ok(t[i].json);
    CU_ASSERT_EQUAL(p->ref.has_product, 1);
    CU_ASSERT_EQUAL(p->ref.product, t[i].want);
    policy_free(p);
  }
}

static void test_snp_policy_unknown_product_fails_unusable(void) {
  policy_bad("{\"snp\": {\"ProductName\": \"Bergamo\"}}", "Bergamo");
  policy_bad("{\"snp\": {\"ProductName\": \"Milan-B0\"}}", "Milan-B0");
  policy_bad("{\"snp\": {\"ProductName\": \"\"}}", "ProductName");
  policy_bad("{\"snp\": {\"ProductName\": \"unknown\"}}", "ProductName");
  policy_bad("{\"snp\": {\"ProductName\": 1}}", "ProductName");
  policy_bad("{\"snp\": {\"ProductName\": null}}", "ProductName");
}

static void test_snp_policy_vmpl_range(void) {
  for (int v = 0; v <= 3; v++) {
    char s[32];
    (void)snprintf(s, sizeof s, "{\"vmpl\": %d}", v);
    snp_policy *p = policy_ok(s);
    CU_ASSERT_EQUAL(p->has_vmpl, 1);
    CU_ASSERT_EQUAL(p->vmpl, (uint32_t)v);
    policy_free(p);
  }
  policy_bad("{\"vmpl\": 4}", "vmpl");
  policy_bad("{\"vmpl\": -1}", "vmpl");
  policy_bad("{\"vmpl\": \"0\"}", "vmpl");
  policy_bad("{\"vmpl\": 0.0}", "vmpl");
  policy_bad("{\"vmpl\": null}", "vmpl");
}

static void test_snp_policy_allowed_chip_ids_shape(void) {
  policy_bad("{\"snp\": {\"AllowedChipIDs\": \"" H64 "\"}}", "AllowedChipIDs");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": {}}}", "AllowedChipIDs");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": 1}}", "AllowedChipIDs");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [1]}}", "AllowedChipIDs[0]");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [\"" H64 "\", null]}}",
             "AllowedChipIDs[1]");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [[\"" H64 "\"]]}}",
             "AllowedChipIDs[0]");
  snp_policy *p = policy_ok("{\"snp\": {\"AllowedChipIDs\": []}}");
  CU_ASSERT_EQUAL(p->ref.n_chip_ids, 0); /* empty: not checked */
  policy_free(p);
  p = policy_ok("{\"snp\": {\"AllowedChipIDs\": [\"" H64 "\"]}}");
  CU_ASSERT_EQUAL_FATAL(p->ref.n_chip_ids, 1);
  for (int i = 0; i < 64; i++)
    CU_ASSERT_EQUAL(p->ref.chip_ids[0][i], (uint8_t)(i % 32));
  policy_free(p);
}

static void test_snp_policy_bad_types_inside_snp_fail_unusable(void) {
  policy_bad("{\"snp\": []}", "snp");
  policy_bad("{\"snp\": \"Milan\"}", "snp");
  policy_bad("{\"snp\": {\"MinimumTCB\": []}}", "MinimumTCB");
  policy_bad("{\"snp\": {\"MinimumTCB\": {\"SNPVersion\": 256}}}",
             "SNPVersion");
  policy_bad("{\"snp\": {\"MinimumTCB\": {\"SNPVersion\": -1}}}",
             "SNPVersion");
  policy_bad("{\"snp\": {\"MinimumTCB\": {\"SNPVersion\": \"8\"}}}",
             "SNPVersion");
  policy_bad("{\"snp\": {\"MinimumTCB\": {\"FMCVersion\": true}}}",
             "FMCVersion");
  policy_bad("{\"snp\": {\"GuestPolicy\": {\"SMT\": 1}}}", "SMT");
  policy_bad("{\"snp\": {\"GuestPolicy\": {\"Debug\": \"false\"}}}", "Debug");
  policy_bad("{\"snp\": {\"GuestPolicy\": {\"ABIMajor\": 256}}}", "ABIMajor");
  policy_bad("{\"snp\": {\"GuestPolicy\": {\"ABIMinor\": 1.5}}}", "ABIMinor");
  policy_bad("{\"snp\": {\"PlatformInfo\": {\"TIOEnabled\": 0}}}",
             "TIOEnabled");
  policy_bad("{\"snp\": {\"PlatformInfo\": true}}", "PlatformInfo");
  policy_bad("{\"snp\": {\"MinimumMitigationVector\": -1}}",
             "MinimumMitigationVector");
  policy_bad("{\"snp\": {\"MinimumMitigationVector\": \"1\"}}",
             "MinimumMitigationVector");
  policy_bad("{\"snp\": {\"MinimumMitigationVector\": 1.0}}",
             "MinimumMitigationVector");
}

static void test_snp_policy_top_level_bad_types_fail_unusable(void) {
  policy_bad("[]", NULL);
  policy_bad("{\"allow_debug\": 1}", "allow_debug");
  policy_bad("{\"allow_debug\": \"yes\"}", "allow_debug");
  policy_bad("{\"require_crl\": null}", "require_crl");
}

static void test_snp_policy_failure_after_chip_ids_frees_them(void) {
  /* the chip IDs are allocated before MinimumMitigationVector is read;
   * valgrind/ASan check the failure path releases them */
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [\"" H64 "\", \"" H64 "\"], "
             "\"MinimumMitigationVector\": \"x\"}}",
             "MinimumMitigationVector");
  policy_bad("{\"snp\": {\"AllowedChipIDs\": [\"" H64 "\", 5]}}",
             "AllowedChipIDs[1]");
}

static void test_snp_policy_wipe_twice_and_null(void) {
  snp_policy *p = policy_ok(FULL);
  snp_policy_wipe(p);
  CU_ASSERT_PTR_NULL(p->ref.chip_ids);
  CU_ASSERT_EQUAL(p->ref.n_chip_ids, 0);
  snp_policy_wipe(p);
  free(p);
  snp_policy_wipe(NULL);
}

static const test_case tests[] = {
    {"test_snp_policy_null_is_empty_policy",
     test_snp_policy_null_is_empty_policy},
    {"test_snp_policy_empty_object_is_empty_policy",
     test_snp_policy_empty_object_is_empty_policy},
    {"test_snp_policy_every_key_accepted", test_snp_policy_every_key_accepted},
    {"test_snp_policy_real_case_policy_accepted",
     test_snp_policy_real_case_policy_accepted},
    {"test_snp_policy_missing_fields_in_present_objects_are_zero",
     test_snp_policy_missing_fields_in_present_objects_are_zero},
    {"test_snp_policy_snp_empty_object_checks_nothing",
     test_snp_policy_snp_empty_object_checks_nothing},
    {"test_snp_policy_unknown_keys_at_each_level_fail_unusable",
     test_snp_policy_unknown_keys_at_each_level_fail_unusable},
    {"test_snp_policy_tdx_keys_fail_unusable",
     test_snp_policy_tdx_keys_fail_unusable},
    {"test_snp_policy_bad_hex_lengths_fail_unusable",
     test_snp_policy_bad_hex_lengths_fail_unusable},
    {"test_snp_policy_product_name_case_insensitive",
     test_snp_policy_product_name_case_insensitive},
    {"test_snp_policy_unknown_product_fails_unusable",
     test_snp_policy_unknown_product_fails_unusable},
    {"test_snp_policy_vmpl_range", test_snp_policy_vmpl_range},
    {"test_snp_policy_allowed_chip_ids_shape",
     test_snp_policy_allowed_chip_ids_shape},
    {"test_snp_policy_bad_types_inside_snp_fail_unusable",
     test_snp_policy_bad_types_inside_snp_fail_unusable},
    {"test_snp_policy_top_level_bad_types_fail_unusable",
     test_snp_policy_top_level_bad_types_fail_unusable},
    {"test_snp_policy_failure_after_chip_ids_frees_them",
     test_snp_policy_failure_after_chip_ids_frees_them},
    {"test_snp_policy_wipe_twice_and_null", test_snp_policy_wipe_twice_and_null},
    {NULL, NULL},
};

int main(void) { return test_run_suite("backends/snp/policy.c", tests); }
