/* Tests of backends/snp/appraise.c: every rule of spec/CASES.md "Policy"
 * for SNP, accept and reject, with the exact reason code, and the order of
 * the reason table when two things are wrong (TCB_TOO_LOW, DEBUG, POLICY,
 * MEASUREMENT, HOST_DATA, REPORT_DATA).
 *
 * Most tests build an snp_verified by hand (report fields and TCBs encoded
 * with the byte layouts of spec/snp.md §1.8); the last ones verify a real
 * case first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/evidence.h"
#include "contrast/snp.h"
#include "contrast/util.h"
#include "testsupport.h"

/* snp.md §1.8, Milan/Genoa: byte 0 bl, 1 tee, 6 snp, 7 ucode */
static uint64_t tcb_mg(unsigned bl, unsigned tee, unsigned snp,
                       unsigned ucode) {
  return (uint64_t)bl | (uint64_t)tee << 8 | (uint64_t)snp << 48 |
         (uint64_t)ucode << 56;
}

/* snp.md §1.8, Turin: byte 0 fmc, 1 bl, 2 tee, 3 snp, 7 ucode */
static uint64_t tcb_turin(unsigned fmc, unsigned bl, unsigned tee,
                          unsigned snp, unsigned ucode) {
  return (uint64_t)fmc | (uint64_t)bl << 8 | (uint64_t)tee << 16 |
         (uint64_t)snp << 24 | (uint64_t)ucode << 56;
}

enum { CUR = 1, REP = 2, COM = 4, LAU = 8, ALL = 15 };

static void set_tcb(snp_verified *v, int which, uint64_t raw) {
  if (which & CUR) {
    v->report.current_tcb = raw;
    snp_tcb_decode(raw, v->product, &v->current_tcb);
  }
  if (which & REP) {
    v->report.reported_tcb = raw;
    snp_tcb_decode(raw, v->product, &v->reported_tcb);
  }
  if (which & COM) {
    v->report.committed_tcb = raw;
    snp_tcb_decode(raw, v->product, &v->committed_tcb);
  }
  if (which & LAU) {
    v->report.launch_tcb = raw;
    snp_tcb_decode(raw, v->product, &v->launch_tcb);
  }
}

/* Fill patterns of the byte fields (distinct per field). */
#define MEAS_BYTE 0x4d
#define HOST_BYTE 0x48
#define RD_BYTE 0x52
#define CHIP_BYTE 0xc1

static const char MEAS_HEX[] =
    "4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d"
    "4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d";
static const char HOST_HEX[] =
    "4848484848484848484848484848484848484848484848484848484848484848";
static const char RD_HEX[] =
    "5252525252525252525252525252525252525252525252525252525252525252"
    "5252525252525252525252525252525252525252525252525252525252525252";
static const char CHIP_HEX[] =
    "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1"
    "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
static const char OTHER64_HEX[] =
    "00000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000001";

/* A plain verified Milan (or other product) report: policy with only the
 * must-be-one bit 17, platform info 0, VMPL 0, TCB 3/0/8/115 everywhere. */
static snp_verified *mk(snp_product product, uint32_t version) {
  snp_verified *v = calloc(1, sizeof *v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  v->product = product;
  v->vek_kind = SNP_VEK_VCEK;
  v->report.version = version;
  v->report.has_cpuid = version >= 3;
  v->report.has_mit_vectors = version >= 5;
  v->report.signature_algo = 1;
  v->report.policy = SNP_POLICY_RESERVED_1;
  memset(v->report.measurement, MEAS_BYTE, 48);
  memset(v->report.host_data, HOST_BYTE, 32);
  memset(v->report.report_data, RD_BYTE, 64);
  memset(v->report.chip_id, CHIP_BYTE, 64);
  if (product == SNP_PRODUCT_TURIN)
    set_tcb(v, ALL, tcb_turin(1, 3, 0, 8, 115));
  else
    set_tcb(v, ALL, tcb_mg(3, 0, 8, 115));
  return v;
}

/* Appraise v against the policy JSON; returns the code (CONTRAST_OK when
 * accepted). */
static contrast_code appraise(const snp_verified *v, const char *policy) {
  json_error_t je;
  json_t *j = json_loads(policy, JSON_REJECT_DUPLICATES, &je);
  if (j == NULL)
    fprintf(stderr, "  bad test JSON %s: %s\n", policy, je.text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  snp_policy p;
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_policy_from_json(j, &p, &e);
  json_decref(j);
  if (rc != 0)
    fprintf(stderr, "  policy refused: %s\n", e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  rc = snp_appraise(v, &p, &e);
  snp_policy_wipe(&p);
  CU_ASSERT_EQUAL(rc, e.code == CONTRAST_OK ? 0 : -1);
  return e.code;
}

#define EXPECT(v, policy, want)                                               \
  do {                                                                        \
    contrast_code got_ = appraise((v), (policy));                             \
    if (got_ != (want))                                                       \
      fprintf(stderr, "  line %d: %s: expected %s, got %s\n", __LINE__,       \
              (policy), contrast_code_name(want), contrast_code_name(got_));  \
    CU_ASSERT_EQUAL(got_, (want));                                            \
  } while (0)

static void test_snp_appraise_empty_policy_accepts(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  EXPECT(v, "{}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {}}", CONTRAST_OK);
  snp_policy empty;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(snp_policy_from_json(NULL, &empty, &e), 0);
  CU_ASSERT_EQUAL(snp_appraise(v, &empty, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  free(v);
}

/* ---- MinimumTCB ---- */

static const char MIN_3_0_8_115[] =
    "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 3, \"TEEVersion\": 0, "
    "\"SNPVersion\": 8, \"MicrocodeVersion\": 115}}}";

static void test_snp_appraise_min_tcb_equal_accepts(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  EXPECT(v, MIN_3_0_8_115, CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_min_tcb_each_component_higher_rejects(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  set_tcb(v, ALL, tcb_mg(3, 1, 8, 115)); /* tee 1 so a floor of 2 bites */
  static const char *const p[] = {
      "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 4}}}",
      "{\"snp\": {\"MinimumTCB\": {\"TEEVersion\": 2}}}",
      "{\"snp\": {\"MinimumTCB\": {\"SNPVersion\": 9}}}",
      "{\"snp\": {\"MinimumTCB\": {\"MicrocodeVersion\": 116}}}",
  };
  for (size_t i = 0; i < 4; i++)
    EXPECT(v, p[i], CONTRAST_TCB_TOO_LOW);
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"TEEVersion\": 1}}}", CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_min_tcb_committed_low_rejects(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  set_tcb(v, CUR | REP | LAU, tcb_mg(3, 0, 8, 206));
  set_tcb(v, COM, tcb_mg(3, 0, 8, 115));
  EXPECT(v,
         "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 3, "
         "\"SNPVersion\": 8, \"MicrocodeVersion\": 206}}}",
         CONTRAST_TCB_TOO_LOW);
  free(v);
}

static void test_snp_appraise_min_tcb_launch_low_rejects(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  set_tcb(v, CUR | REP | COM, tcb_mg(3, 0, 9, 115));
  set_tcb(v, LAU, tcb_mg(3, 0, 8, 115));
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"SNPVersion\": 9}}}",
         CONTRAST_TCB_TOO_LOW);
  free(v);
}

static void test_snp_appraise_min_tcb_reported_low_rejects(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  set_tcb(v, CUR | LAU | COM, tcb_mg(4, 0, 8, 115));
  set_tcb(v, REP, tcb_mg(3, 0, 8, 115));
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 4}}}",
         CONTRAST_TCB_TOO_LOW);
  free(v);
}

static void test_snp_appraise_min_tcb_current_not_floored(void) {
  /* CURRENT below the floor, the others at it: accepted */
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  set_tcb(v, CUR, tcb_mg(2, 0, 7, 100));
  EXPECT(v, MIN_3_0_8_115, CONTRAST_OK);
  /* provisional firmware: CURRENT ahead of COMMITTED, floor at committed */
  set_tcb(v, CUR, tcb_mg(3, 0, 8, 206));
  EXPECT(v, MIN_3_0_8_115, CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_min_tcb_uses_product_layout(void) {
  /* A Genoa TCB 10/0/25/84 (snp.md §1.8) meets a floor that the Turin
   * reading of the same bytes would not: the product decides the layout. */
  snp_verified *v = mk(SNP_PRODUCT_GENOA, 5);
  set_tcb(v, ALL, tcb_mg(10, 0, 25, 84));
  static const char floor[] =
      "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 10, "
      "\"SNPVersion\": 25, \"MicrocodeVersion\": 84}}}";
  EXPECT(v, floor, CONTRAST_OK);
  EXPECT(v,
         "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 10, "
         "\"SNPVersion\": 26, \"MicrocodeVersion\": 84}}}",
         CONTRAST_TCB_TOO_LOW);
  free(v);
}

static void test_snp_appraise_turin_fmc_floor(void) {
  snp_verified *v = mk(SNP_PRODUCT_TURIN, 5);
  set_tcb(v, ALL, tcb_turin(1, 3, 0, 8, 115));
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"FMCVersion\": 1}}}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"FMCVersion\": 2}}}",
         CONTRAST_TCB_TOO_LOW);
  EXPECT(v,
         "{\"snp\": {\"MinimumTCB\": {\"BootloaderVersion\": 3, "
         "\"SNPVersion\": 8, \"MicrocodeVersion\": 115, \"FMCVersion\": 1}}}",
         CONTRAST_OK);
  /* only the committed FMC low */
  set_tcb(v, COM, tcb_turin(0, 3, 0, 8, 115));
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"FMCVersion\": 1}}}",
         CONTRAST_TCB_TOO_LOW);
  free(v);
}

static void test_snp_appraise_fmc_floor_ignored_for_milan(void) {
  /* FMCVersion is a Turin component (CASES.md "and for Turin") */
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"FMCVersion\": 200}}}", CONTRAST_OK);
  free(v);
}

/* ---- DEBUG ---- */

static void test_snp_appraise_debug_not_allowed_rejects_debug(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  v->report.policy |= SNP_POLICY_DEBUG;
  EXPECT(v, "{}", CONTRAST_DEBUG);
  EXPECT(v, "{\"allow_debug\": false}", CONTRAST_DEBUG);
  free(v);
}

static void test_snp_appraise_debug_allowed_accepts(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  v->report.policy |= SNP_POLICY_DEBUG;
  EXPECT(v, "{\"allow_debug\": true}", CONTRAST_OK);
  /* a non-debug guest is fine either way */
  v->report.policy &= ~SNP_POLICY_DEBUG;
  EXPECT(v, "{\"allow_debug\": true}", CONTRAST_OK);
  EXPECT(v, "{\"allow_debug\": false}", CONTRAST_OK);
  free(v);
}

/* ---- GuestPolicy ---- */

static uint64_t abi(unsigned major, unsigned minor) {
  return SNP_POLICY_RESERVED_1 | (uint64_t)major << 8 | minor;
}

static void test_snp_appraise_guest_policy_abi_pair_compare(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  static const char ref_1_5[] =
      "{\"snp\": {\"GuestPolicy\": {\"ABIMajor\": 1, \"ABIMinor\": 5}}}";
  v->report.policy = abi(1, 5);
  EXPECT(v, ref_1_5, CONTRAST_OK);
  v->report.policy = abi(1, 6);
  EXPECT(v, ref_1_5, CONTRAST_OK);
  v->report.policy = abi(2, 0); /* major higher, minor lower: accepted */
  EXPECT(v, ref_1_5, CONTRAST_OK);
  v->report.policy = abi(1, 4);
  EXPECT(v, ref_1_5, CONTRAST_POLICY);
  v->report.policy = abi(0, 31); /* minor higher, major lower */
  EXPECT(v, ref_1_5, CONTRAST_POLICY);
  v->report.policy = abi(0, 0);
  EXPECT(v, "{\"snp\": {\"GuestPolicy\": {}}}", CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_guest_policy_may_be_set_only_if_allowed(void) {
  static const struct {
    uint64_t bit;
    const char *key;
  } t[] = {{SNP_POLICY_SMT, "SMT"},
           {SNP_POLICY_MIGRATE_MA, "MigrateMA"},
           {SNP_POLICY_DEBUG, "Debug"},
           {SNP_POLICY_CXL_ALLOW, "CXLAllowed"}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    char yes[160], no[160];
    /* allow_debug so that the Debug bit is judged by the GuestPolicy */
    (void)snprintf(yes, sizeof yes,
                   "{\"allow_debug\": true, \"snp\": {\"GuestPolicy\": "
                   "{\"%s\": true}}}",
                   t[i].key);
    (void)snprintf(no, sizeof no,
                   "{\"allow_debug\": true, \"snp\": {\"GuestPolicy\": "
                   "{\"%s\": false}}}",
                   t[i].key);
    snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
    v->report.policy |= t[i].bit;
    EXPECT(v, yes, CONTRAST_OK);
    EXPECT(v, no, CONTRAST_POLICY);
    EXPECT(v,
           "{\"allow_debug\": true, \"snp\": {\"GuestPolicy\": {}}}",
           CONTRAST_POLICY);
    v->report.policy &= ~t[i].bit; /* not set: fine whatever the reference */
    EXPECT(v, yes, CONTRAST_OK);
    EXPECT(v, no, CONTRAST_OK);
    free(v);
  }
}

static void test_snp_appraise_guest_policy_must_be_set_if_required(void) {
  static const struct {
    uint64_t bit;
    const char *key;
  } t[] = {{SNP_POLICY_SINGLE_SOCKET, "SingleSocket"},
           {SNP_POLICY_MEM_AES_256_XTS, "MemAES256XTS"},
           {SNP_POLICY_RAPL_DIS, "RAPLDis"},
           {SNP_POLICY_CIPHERTEXT_HIDING, "CipherTextHidingDRAM"},
           {SNP_POLICY_PAGE_SWAP_DISABLE, "PageSwapDisable"}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    char yes[128], no[128];
    (void)snprintf(yes, sizeof yes, "{\"snp\": {\"GuestPolicy\": {\"%s\": true}}}",
                   t[i].key);
    (void)snprintf(no, sizeof no, "{\"snp\": {\"GuestPolicy\": {\"%s\": false}}}",
                   t[i].key);
    snp_verified *v = mk(SNP_PRODUCT_GENOA, 5);
    EXPECT(v, yes, CONTRAST_POLICY); /* required, not set */
    EXPECT(v, no, CONTRAST_OK);
    v->report.policy |= t[i].bit;
    EXPECT(v, yes, CONTRAST_OK);
    EXPECT(v, no, CONTRAST_OK); /* set without being required: stricter */
    EXPECT(v, "{\"snp\": {\"GuestPolicy\": {}}}", CONTRAST_OK);
    free(v);
  }
}

static void test_snp_appraise_guest_policy_real_smt_policy(void) {
  /* 0x30000 (SMT), the most common real value (snp.md §1.6) */
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  v->report.policy = 0x30000;
  EXPECT(v, "{\"snp\": {\"GuestPolicy\": {\"SMT\": true}}}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {\"GuestPolicy\": {\"SMT\": false}}}", CONTRAST_POLICY);
  /* without GuestPolicy the policy bits are not judged */
  EXPECT(v, "{\"snp\": {}}", CONTRAST_OK);
  free(v);
}

/* ---- PlatformInfo ---- */

static void test_snp_appraise_platform_info_may_be_set_only_if_allowed(void) {
  static const struct {
    uint64_t bit;
    const char *key;
  } t[] = {{SNP_PLATFORM_SMT_EN, "SMTEnabled"},
           {SNP_PLATFORM_TSME_EN, "TSMEEnabled"},
           {SNP_PLATFORM_SEV_TIO_EN, "TIOEnabled"}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    char yes[128], no[128];
    (void)snprintf(yes, sizeof yes,
                   "{\"snp\": {\"PlatformInfo\": {\"%s\": true}}}", t[i].key);
    (void)snprintf(no, sizeof no,
                   "{\"snp\": {\"PlatformInfo\": {\"%s\": false}}}", t[i].key);
    snp_verified *v = mk(SNP_PRODUCT_GENOA, 5);
    v->report.platform_info = t[i].bit;
    EXPECT(v, yes, CONTRAST_OK);
    EXPECT(v, no, CONTRAST_POLICY);
    EXPECT(v, "{\"snp\": {\"PlatformInfo\": {}}}", CONTRAST_POLICY);
    v->report.platform_info = 0;
    EXPECT(v, yes, CONTRAST_OK);
    EXPECT(v, no, CONTRAST_OK);
    free(v);
  }
}

static void test_snp_appraise_platform_info_must_be_set_if_required(void) {
  static const struct {
    uint64_t bit;
    const char *key;
  } t[] = {{SNP_PLATFORM_ECC_EN, "ECCEnabled"},
           {SNP_PLATFORM_RAPL_DIS, "RAPLDisabled"},
           {SNP_PLATFORM_CIPHERTEXT_HIDING_DRAM_EN,
            "CiphertextHidingDRAMEnabled"},
           {SNP_PLATFORM_ALIAS_CHECK_COMPLETE, "AliasCheckComplete"}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    char yes[128], no[128];
    (void)snprintf(yes, sizeof yes,
                   "{\"snp\": {\"PlatformInfo\": {\"%s\": true}}}", t[i].key);
    (void)snprintf(no, sizeof no,
                   "{\"snp\": {\"PlatformInfo\": {\"%s\": false}}}", t[i].key);
    snp_verified *v = mk(SNP_PRODUCT_GENOA, 5);
    EXPECT(v, yes, CONTRAST_POLICY);
    EXPECT(v, no, CONTRAST_OK);
    v->report.platform_info = t[i].bit;
    EXPECT(v, yes, CONTRAST_OK);
    EXPECT(v, no, CONTRAST_OK);
    free(v);
  }
}

static void test_snp_appraise_platform_info_unknown_bits_ignored(void) {
  snp_verified *v = mk(SNP_PRODUCT_TURIN, 5);
  /* bit 6 (set in a real Turin report, 0x67) and bits 8..63 */
  v->report.platform_info = (1ull << 6) | 0xffffffffffffff00ull;
  EXPECT(v, "{\"snp\": {\"PlatformInfo\": {}}}", CONTRAST_OK);
  /* the real Turin value 0x67: SMT, TSME, ECC, alias check, bit 6 */
  v->report.platform_info = 0x67;
  EXPECT(v,
         "{\"snp\": {\"PlatformInfo\": {\"SMTEnabled\": true, \"TSMEEnabled\": "
         "true, \"ECCEnabled\": true, \"AliasCheckComplete\": true}}}",
         CONTRAST_OK);
  EXPECT(v,
         "{\"snp\": {\"PlatformInfo\": {\"SMTEnabled\": true, \"TSMEEnabled\": "
         "true, \"CiphertextHidingDRAMEnabled\": true}}}",
         CONTRAST_POLICY);
  EXPECT(v,
         "{\"snp\": {\"PlatformInfo\": {\"SMTEnabled\": true, \"TSMEEnabled\": "
         "true, \"RAPLDisabled\": true}}}",
         CONTRAST_POLICY);
  free(v);
}

/* ---- VMPL, chip IDs, mitigation vectors, product ---- */

static void test_snp_appraise_vmpl(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  v->report.vmpl = 1;
  EXPECT(v, "{\"vmpl\": 1}", CONTRAST_OK);
  EXPECT(v, "{\"vmpl\": 0}", CONTRAST_POLICY);
  EXPECT(v, "{\"vmpl\": 3}", CONTRAST_POLICY);
  EXPECT(v, "{}", CONTRAST_OK);
  v->report.vmpl = 0;
  EXPECT(v, "{\"vmpl\": 0}", CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_allowed_chip_ids(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  char p[512];
  (void)snprintf(p, sizeof p, "{\"snp\": {\"AllowedChipIDs\": [\"%s\", \"%s\"]}}",
                 OTHER64_HEX, CHIP_HEX);
  EXPECT(v, p, CONTRAST_OK);
  (void)snprintf(p, sizeof p, "{\"snp\": {\"AllowedChipIDs\": [\"%s\"]}}",
                 CHIP_HEX);
  EXPECT(v, p, CONTRAST_OK);
  (void)snprintf(p, sizeof p, "{\"snp\": {\"AllowedChipIDs\": [\"%s\"]}}",
                 OTHER64_HEX);
  EXPECT(v, p, CONTRAST_POLICY);
  EXPECT(v, "{\"snp\": {\"AllowedChipIDs\": []}}", CONTRAST_OK);
  /* one byte different at the end */
  v->report.chip_id[63] ^= 1;
  (void)snprintf(p, sizeof p, "{\"snp\": {\"AllowedChipIDs\": [\"%s\"]}}",
                 CHIP_HEX);
  EXPECT(v, p, CONTRAST_POLICY);
  free(v);
}

static void test_snp_appraise_min_mitigation_vector_v5(void) {
  snp_verified *v = mk(SNP_PRODUCT_GENOA, 5);
  v->report.launch_mit_vector = 0x7;
  v->report.current_mit_vector = 0x5;
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 5}}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 1}}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 0}}", CONTRAST_OK);
  /* bit 1 missing on CURRENT */
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 2}}", CONTRAST_POLICY);
  /* bit 1 missing on LAUNCH */
  v->report.launch_mit_vector = 0x5;
  v->report.current_mit_vector = 0x7;
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 2}}", CONTRAST_POLICY);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 4}}", CONTRAST_OK);
  /* a bit neither has */
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 8}}", CONTRAST_POLICY);
  free(v);
}

static void test_snp_appraise_min_mitigation_vector_before_v5(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 1}}", CONTRAST_POLICY);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 0}}", CONTRAST_OK);
  free(v);
  v = mk(SNP_PRODUCT_MILAN, 2);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 1}}", CONTRAST_POLICY);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 0}}", CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_product_name(void) {
  snp_verified *v = mk(SNP_PRODUCT_GENOA, 3);
  EXPECT(v, "{\"snp\": {\"ProductName\": \"Genoa\"}}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {\"ProductName\": \"genoa\"}}", CONTRAST_OK);
  EXPECT(v, "{\"snp\": {\"ProductName\": \"Milan\"}}", CONTRAST_POLICY);
  EXPECT(v, "{\"snp\": {\"ProductName\": \"Turin\"}}", CONTRAST_POLICY);
  free(v);
}

/* ---- MEASUREMENT, HOST_DATA, REPORT_DATA ---- */

static void test_snp_appraise_measurement(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  char p[256];
  (void)snprintf(p, sizeof p, "{\"snp\": {\"TrustedMeasurement\": \"%s\"}}",
                 MEAS_HEX);
  EXPECT(v, p, CONTRAST_OK);
  v->report.measurement[47] ^= 0x80;
  EXPECT(v, p, CONTRAST_MEASUREMENT);
  v->report.measurement[47] ^= 0x80;
  v->report.measurement[0] ^= 0x01;
  EXPECT(v, p, CONTRAST_MEASUREMENT);
  free(v);
}

static void test_snp_appraise_host_data(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  char p[256];
  (void)snprintf(p, sizeof p, "{\"host_data\": \"%s\"}", HOST_HEX);
  EXPECT(v, p, CONTRAST_OK);
  v->report.host_data[31] ^= 1;
  EXPECT(v, p, CONTRAST_HOST_DATA);
  free(v);
}

static void test_snp_appraise_report_data(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  char p[256];
  (void)snprintf(p, sizeof p, "{\"report_data\": \"%s\"}", RD_HEX);
  EXPECT(v, p, CONTRAST_OK);
  v->report.report_data[63] ^= 1;
  EXPECT(v, p, CONTRAST_REPORT_DATA);
  v->report.report_data[63] ^= 1;
  v->report.report_data[0] ^= 1;
  EXPECT(v, p, CONTRAST_REPORT_DATA);
  free(v);
}

/* ---- order of the reason table ---- */

static void test_snp_appraise_order_tcb_too_low_before_debug(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  v->report.policy |= SNP_POLICY_DEBUG;
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"MicrocodeVersion\": 200}}}",
         CONTRAST_TCB_TOO_LOW);
  free(v);
}

static void test_snp_appraise_order_debug_before_policy(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 2);
  v->report.policy |= SNP_POLICY_DEBUG;
  v->report.vmpl = 2;
  EXPECT(v, "{\"vmpl\": 0}", CONTRAST_DEBUG);
  /* debug against a GuestPolicy that forbids it: DEBUG is judged first */
  EXPECT(v, "{\"snp\": {\"GuestPolicy\": {\"Debug\": false}}}", CONTRAST_DEBUG);
  free(v);
}

static void test_snp_appraise_order_policy_before_measurement(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  v->report.measurement[0] ^= 1;
  char p[256];
  (void)snprintf(p, sizeof p,
                 "{\"snp\": {\"ProductName\": \"Genoa\", "
                 "\"TrustedMeasurement\": \"%s\"}}",
                 MEAS_HEX);
  EXPECT(v, p, CONTRAST_POLICY);
  free(v);
}

static void test_snp_appraise_order_measurement_host_report_data(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  v->report.measurement[0] ^= 1;
  v->report.host_data[0] ^= 1;
  v->report.report_data[0] ^= 1;
  char p[512];
  (void)snprintf(p, sizeof p,
                 "{\"report_data\": \"%s\", \"host_data\": \"%s\", \"snp\": "
                 "{\"TrustedMeasurement\": \"%s\"}}",
                 RD_HEX, HOST_HEX, MEAS_HEX);
  EXPECT(v, p, CONTRAST_MEASUREMENT);
  v->report.measurement[0] ^= 1;
  EXPECT(v, p, CONTRAST_HOST_DATA);
  v->report.host_data[0] ^= 1;
  EXPECT(v, p, CONTRAST_REPORT_DATA);
  v->report.report_data[0] ^= 1;
  EXPECT(v, p, CONTRAST_OK);
  free(v);
}

static void test_snp_appraise_order_everything_wrong_gives_tcb_too_low(void) {
  snp_verified *v = mk(SNP_PRODUCT_MILAN, 3);
  v->report.policy |= SNP_POLICY_DEBUG;
  v->report.vmpl = 1;
  v->report.measurement[0] ^= 1;
  v->report.host_data[0] ^= 1;
  v->report.report_data[0] ^= 1;
  char p[768];
  (void)snprintf(p, sizeof p,
                 "{\"vmpl\": 0, \"report_data\": \"%s\", \"host_data\": \"%s\", "
                 "\"snp\": {\"TrustedMeasurement\": \"%s\", \"ProductName\": "
                 "\"Turin\", \"MinimumTCB\": {\"SNPVersion\": 9}}}",
                 RD_HEX, HOST_HEX, MEAS_HEX);
  EXPECT(v, p, CONTRAST_TCB_TOO_LOW);
  free(v);
}

/* ---- a real case, verified first ---- */

static snp_verified *verify_real(const char *dir, contrast_trust *t) {
  char path[256];
  size_t rlen, vlen;
  (void)snprintf(path, sizeof path, "vectors/real/snp/%s/report.bin", dir);
  uint8_t *rep = test_read_file(path, &rlen);
  (void)snprintf(path, sizeof path, "vectors/real/snp/%s/vcek.der", dir);
  uint8_t *vek = test_read_file(path, &vlen);
  snp_endorsements en = {.vek = vek, .vek_len = vlen, .vek_kind = SNP_VEK_VCEK};
  /* 2025-09-01T00:00:00Z, the `now` of the real cases */
  snp_verify_opts o = {.now = INT64_C(1756684800)};
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  contrast_err e;
  contrast_err_clear(&e);
  int rc = snp_verify(&t->snp, rep, rlen, &en, &o, v, &e);
  if (rc != 0)
    fprintf(stderr, "  verify %s: %s %s\n", dir, contrast_code_name(e.code),
            e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  free(rep);
  free(vek);
  return v;
}

static void test_snp_appraise_real_genoa_v5_against_case_policy(void) {
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&t, &e), 0);
  snp_verified *v = verify_real("snp-genoa-v5-oak", &t);
  CU_ASSERT_EQUAL(v->product, SNP_PRODUCT_GENOA);
  CU_ASSERT_EQUAL(v->reported_tcb.bootloader, 10);
  CU_ASSERT_EQUAL(v->reported_tcb.snp, 25);
  CU_ASSERT_EQUAL(v->reported_tcb.microcode, 84);
  /* the case's policy (accepted by construction) */
  static const char policy[] =
      "{\"snp\": {\"ProductName\": \"Genoa\", \"MinimumTCB\": "
      "{\"BootloaderVersion\": 10, \"TEEVersion\": 0, \"SNPVersion\": 25, "
      "\"MicrocodeVersion\": 84}, \"GuestPolicy\": {\"SMT\": true}, "
      "\"PlatformInfo\": {\"SMTEnabled\": true, \"ECCEnabled\": true, "
      "\"AliasCheckComplete\": true}, \"MinimumMitigationVector\": 1}}";
  EXPECT(v, policy, CONTRAST_OK);
  /* one notch above each real value */
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"MicrocodeVersion\": 85}}}",
         CONTRAST_TCB_TOO_LOW);
  EXPECT(v, "{\"snp\": {\"MinimumMitigationVector\": 3}}", CONTRAST_POLICY);
  EXPECT(v, "{\"snp\": {\"PlatformInfo\": {\"ECCEnabled\": true}}}",
         CONTRAST_POLICY); /* SMT_EN set but not allowed */
  EXPECT(v,
         "{\"snp\": {\"TrustedMeasurement\": "
         "\"195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf8673522777842b"
         "8057ae5d866b75416efb62012deaa3\"}}",
         CONTRAST_MEASUREMENT);
  EXPECT(v,
         "{\"snp\": {\"TrustedMeasurement\": "
         "\"c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d3739ff3750f523"
         "84370e77b7032862a08c440a9bc4dc\"}}",
         CONTRAST_OK);
  free(v);
  contrast_trust_wipe(&t);
}

static void test_snp_appraise_real_milan_v2_committed_below_floor(void) {
  /* snp-milan-v2-committed-below-floor: CURRENT microcode 206, the others
   * 115; a floor of 206 is judged on the committed TCB */
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&t, &e), 0);
  char path[128];
  size_t rlen, vlen;
  (void)snprintf(path, sizeof path, "%s",
                 "vectors/real/snp/snp-milan-v2-idblock/report.bin");
  uint8_t *rep = test_read_file(path, &rlen);
  uint8_t *vek =
      test_read_file("vectors/real/snp/snp-milan-v2-idblock/vcek.der", &vlen);
  snp_endorsements en = {.vek = vek, .vek_len = vlen, .vek_kind = SNP_VEK_VCEK};
  snp_verify_opts o = {.now = INT64_C(1714521600)}; /* 2024-05-01 */
  snp_verified *v = malloc(sizeof *v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  CU_ASSERT_EQUAL_FATAL(snp_verify(&t.snp, rep, rlen, &en, &o, v, &e), 0);
  CU_ASSERT_EQUAL(v->current_tcb.microcode, 206);
  CU_ASSERT_EQUAL(v->committed_tcb.microcode, 115);
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"MicrocodeVersion\": 206}}}",
         CONTRAST_TCB_TOO_LOW);
  EXPECT(v, "{\"snp\": {\"MinimumTCB\": {\"MicrocodeVersion\": 115}}}",
         CONTRAST_OK);
  free(v);
  free(rep);
  free(vek);
  contrast_trust_wipe(&t);
}

static const test_case tests[] = {
    {"test_snp_appraise_empty_policy_accepts",
     test_snp_appraise_empty_policy_accepts},
    {"test_snp_appraise_min_tcb_equal_accepts",
     test_snp_appraise_min_tcb_equal_accepts},
    {"test_snp_appraise_min_tcb_each_component_higher_rejects",
     test_snp_appraise_min_tcb_each_component_higher_rejects},
    {"test_snp_appraise_min_tcb_committed_low_rejects",
     test_snp_appraise_min_tcb_committed_low_rejects},
    {"test_snp_appraise_min_tcb_launch_low_rejects",
     test_snp_appraise_min_tcb_launch_low_rejects},
    {"test_snp_appraise_min_tcb_reported_low_rejects",
     test_snp_appraise_min_tcb_reported_low_rejects},
    {"test_snp_appraise_min_tcb_current_not_floored",
     test_snp_appraise_min_tcb_current_not_floored},
    {"test_snp_appraise_min_tcb_uses_product_layout",
     test_snp_appraise_min_tcb_uses_product_layout},
    {"test_snp_appraise_turin_fmc_floor", test_snp_appraise_turin_fmc_floor},
    {"test_snp_appraise_fmc_floor_ignored_for_milan",
     test_snp_appraise_fmc_floor_ignored_for_milan},
    {"test_snp_appraise_debug_not_allowed_rejects_debug",
     test_snp_appraise_debug_not_allowed_rejects_debug},
    {"test_snp_appraise_debug_allowed_accepts",
     test_snp_appraise_debug_allowed_accepts},
    {"test_snp_appraise_guest_policy_abi_pair_compare",
     test_snp_appraise_guest_policy_abi_pair_compare},
    {"test_snp_appraise_guest_policy_may_be_set_only_if_allowed",
     test_snp_appraise_guest_policy_may_be_set_only_if_allowed},
    {"test_snp_appraise_guest_policy_must_be_set_if_required",
     test_snp_appraise_guest_policy_must_be_set_if_required},
    {"test_snp_appraise_guest_policy_real_smt_policy",
     test_snp_appraise_guest_policy_real_smt_policy},
    {"test_snp_appraise_platform_info_may_be_set_only_if_allowed",
     test_snp_appraise_platform_info_may_be_set_only_if_allowed},
    {"test_snp_appraise_platform_info_must_be_set_if_required",
     test_snp_appraise_platform_info_must_be_set_if_required},
    {"test_snp_appraise_platform_info_unknown_bits_ignored",
     test_snp_appraise_platform_info_unknown_bits_ignored},
    {"test_snp_appraise_vmpl", test_snp_appraise_vmpl},
    {"test_snp_appraise_allowed_chip_ids", test_snp_appraise_allowed_chip_ids},
    {"test_snp_appraise_min_mitigation_vector_v5",
     test_snp_appraise_min_mitigation_vector_v5},
    {"test_snp_appraise_min_mitigation_vector_before_v5",
     test_snp_appraise_min_mitigation_vector_before_v5},
    {"test_snp_appraise_product_name", test_snp_appraise_product_name},
    {"test_snp_appraise_measurement", test_snp_appraise_measurement},
    {"test_snp_appraise_host_data", test_snp_appraise_host_data},
    {"test_snp_appraise_report_data", test_snp_appraise_report_data},
    {"test_snp_appraise_order_tcb_too_low_before_debug",
     test_snp_appraise_order_tcb_too_low_before_debug},
    {"test_snp_appraise_order_debug_before_policy",
     test_snp_appraise_order_debug_before_policy},
    {"test_snp_appraise_order_policy_before_measurement",
     test_snp_appraise_order_policy_before_measurement},
    {"test_snp_appraise_order_measurement_host_report_data",
     test_snp_appraise_order_measurement_host_report_data},
    {"test_snp_appraise_order_everything_wrong_gives_tcb_too_low",
     test_snp_appraise_order_everything_wrong_gives_tcb_too_low},
    {"test_snp_appraise_real_genoa_v5_against_case_policy",
     test_snp_appraise_real_genoa_v5_against_case_policy},
    {"test_snp_appraise_real_milan_v2_committed_below_floor",
     test_snp_appraise_real_milan_v2_committed_below_floor},
    {NULL, NULL},
};

int main(void) { return test_run_suite("backends/snp/appraise.c", tests); }
