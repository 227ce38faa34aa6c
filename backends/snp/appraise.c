/* Appraisal of verified SNP evidence against a CASES.md policy, in the
 * order of the reason table: TCB_TOO_LOW, DEBUG, POLICY, MEASUREMENT,
 * HOST_DATA, REPORT_DATA. */
#include <string.h>

#include <openssl/crypto.h>

#include "contrast/snp.h"
#include "guard.h"

static int tcb_floor(const snp_tcb *t, const snp_ref_values *r,
                     const char *which, contrast_err *err) {
  ENSURE(t->bootloader >= r->min_bl, TCB_TOO_LOW,
         "%s bootloader SPL %u < minimum %u", which, t->bootloader, r->min_bl);
  ENSURE(t->tee >= r->min_tee, TCB_TOO_LOW, "%s TEE SPL %u < minimum %u",
         which, t->tee, r->min_tee);
  ENSURE(t->snp >= r->min_snp, TCB_TOO_LOW, "%s SNP SPL %u < minimum %u",
         which, t->snp, r->min_snp);
  ENSURE(t->microcode >= r->min_ucode, TCB_TOO_LOW,
         "%s microcode SPL %u < minimum %u", which, t->microcode,
         r->min_ucode);
  if (t->has_fmc)
    ENSURE(t->fmc >= r->min_fmc, TCB_TOO_LOW, "%s FMC SPL %u < minimum %u",
           which, t->fmc, r->min_fmc);
  return 0;
}

/* "May be set in the report only if allowed" */
#define ONLY_IF_ALLOWED(bits, mask, allowed, what, label)                     \
  ENSURE(((bits) & (mask)) == 0 || (allowed), POLICY,                         \
         "%s: %s is set but the reference does not allow it", what, label)
/* "Must be set in the report if required" */
#define SET_IF_REQUIRED(bits, mask, required, what, label)                    \
  ENSURE(((bits) & (mask)) != 0 || !(required), POLICY,                       \
         "%s: %s is required but not set", what, label)

static int guest_policy(uint64_t p, const snp_ref_values *r,
                        contrast_err *err) {
  const char *w = "guest policy";
  unsigned major = (unsigned)((p >> 8) & 0xff), minor = (unsigned)(p & 0xff);
  ENSURE(major > r->gp_abi_major ||
             (major == r->gp_abi_major && minor >= r->gp_abi_minor),
         POLICY, "guest policy ABI %u.%u is below the reference's %u.%u",
         major, minor, r->gp_abi_major, r->gp_abi_minor);
  ONLY_IF_ALLOWED(p, SNP_POLICY_SMT, r->gp_smt, w, "SMT");
  ONLY_IF_ALLOWED(p, SNP_POLICY_MIGRATE_MA, r->gp_migrate_ma, w, "MIGRATE_MA");
  ONLY_IF_ALLOWED(p, SNP_POLICY_DEBUG, r->gp_debug, w, "DEBUG");
  ONLY_IF_ALLOWED(p, SNP_POLICY_CXL_ALLOW, r->gp_cxl_allowed, w, "CXL_ALLOW");
  SET_IF_REQUIRED(p, SNP_POLICY_SINGLE_SOCKET, r->gp_single_socket, w,
                  "SINGLE_SOCKET");
  SET_IF_REQUIRED(p, SNP_POLICY_MEM_AES_256_XTS, r->gp_mem_aes_256_xts, w,
                  "MEM_AES_256_XTS");
  SET_IF_REQUIRED(p, SNP_POLICY_RAPL_DIS, r->gp_rapl_dis, w, "RAPL_DIS");
  SET_IF_REQUIRED(p, SNP_POLICY_CIPHERTEXT_HIDING,
                  r->gp_ciphertext_hiding_dram, w, "CIPHERTEXT_HIDING");
  SET_IF_REQUIRED(p, SNP_POLICY_PAGE_SWAP_DISABLE, r->gp_page_swap_disable, w,
                  "PAGE_SWAP_DISABLE");
  return 0;
}

static int platform_info(uint64_t pi, const snp_ref_values *r,
                         contrast_err *err) {
  const char *w = "platform info";
  ONLY_IF_ALLOWED(pi, SNP_PLATFORM_SMT_EN, r->pi_smt_enabled, w, "SMT_EN");
  ONLY_IF_ALLOWED(pi, SNP_PLATFORM_TSME_EN, r->pi_tsme_enabled, w, "TSME_EN");
  ONLY_IF_ALLOWED(pi, SNP_PLATFORM_SEV_TIO_EN, r->pi_tio_enabled, w,
                  "SEV_TIO_EN");
  SET_IF_REQUIRED(pi, SNP_PLATFORM_ECC_EN, r->pi_ecc_enabled, w, "ECC_EN");
  SET_IF_REQUIRED(pi, SNP_PLATFORM_RAPL_DIS, r->pi_rapl_disabled, w,
                  "RAPL_DIS");
  SET_IF_REQUIRED(pi, SNP_PLATFORM_CIPHERTEXT_HIDING_DRAM_EN,
                  r->pi_ciphertext_hiding_dram_enabled, w,
                  "CIPHERTEXT_HIDING_DRAM_EN");
  SET_IF_REQUIRED(pi, SNP_PLATFORM_ALIAS_CHECK_COMPLETE,
                  r->pi_alias_check_complete, w, "ALIAS_CHECK_COMPLETE");
  return 0;
}

static int policy_checks(const snp_verified *v, const snp_policy *pol,
                         contrast_err *err) {
  const snp_report *rep = &v->report;
  if (pol->has_vmpl)
    ENSURE(rep->vmpl == pol->vmpl, POLICY, "VMPL %u, the policy demands %u",
           rep->vmpl, pol->vmpl);
  if (!pol->has_ref)
    return 0;
  const snp_ref_values *r = &pol->ref;
  if (r->has_product)
    ENSURE(v->product == r->product, POLICY,
           "product %s, the reference demands %s", snp_product_name(v->product),
           snp_product_name(r->product));
  if (r->has_guest_policy)
    GUARD(guest_policy(rep->policy, r, err));
  if (r->has_platform_info)
    GUARD(platform_info(rep->platform_info, r, err));
  if (r->n_chip_ids > 0) {
    int found = 0;
    for (size_t i = 0; i < r->n_chip_ids; i++)
      found |= CRYPTO_memcmp(r->chip_ids[i], rep->chip_id, 64) == 0;
    ENSURE(found, POLICY, "CHIP_ID is not among the AllowedChipIDs");
  }
  if (r->has_min_mit_vector && r->min_mit_vector != 0) {
    ENSURE(rep->has_mit_vectors, POLICY,
           "MinimumMitigationVector 0x%llx: a version %u report has no "
           "mitigation vectors",
           (unsigned long long)r->min_mit_vector, rep->version);
    ENSURE((rep->launch_mit_vector & r->min_mit_vector) == r->min_mit_vector,
           POLICY, "LAUNCH_MIT_VECTOR 0x%llx lacks bits of the minimum 0x%llx",
           (unsigned long long)rep->launch_mit_vector,
           (unsigned long long)r->min_mit_vector);
    ENSURE((rep->current_mit_vector & r->min_mit_vector) == r->min_mit_vector,
           POLICY,
           "CURRENT_MIT_VECTOR 0x%llx lacks bits of the minimum 0x%llx",
           (unsigned long long)rep->current_mit_vector,
           (unsigned long long)r->min_mit_vector);
  }
  return 0;
}

int snp_appraise(const snp_verified *v, const snp_policy *pol,
                 contrast_err *err) {
  const snp_report *rep = &v->report;
  if (pol->has_ref && pol->ref.has_min_tcb) {
    /* CURRENT_TCB is not floored: provisional firmware is accepted. */
    GUARD(tcb_floor(&v->committed_tcb, &pol->ref, "COMMITTED_TCB", err));
    GUARD(tcb_floor(&v->launch_tcb, &pol->ref, "LAUNCH_TCB", err));
    GUARD(tcb_floor(&v->reported_tcb, &pol->ref, "REPORTED_TCB", err));
  }
  ENSURE((rep->policy & SNP_POLICY_DEBUG) == 0 || pol->base.allow_debug, DEBUG,
         "guest POLICY.DEBUG is set and allow_debug is false");
  GUARD(policy_checks(v, pol, err));
  if (pol->has_ref && pol->ref.has_measurement)
    ENSURE(CRYPTO_memcmp(rep->measurement, pol->ref.measurement, 48) == 0,
           MEASUREMENT, "MEASUREMENT differs from TrustedMeasurement");
  if (pol->base.has_host_data)
    ENSURE(CRYPTO_memcmp(rep->host_data, pol->base.host_data, 32) == 0,
           HOST_DATA, "HOST_DATA differs from the policy's host_data");
  if (pol->base.has_report_data)
    ENSURE(CRYPTO_memcmp(rep->report_data, pol->base.report_data, 64) == 0,
           REPORT_DATA, "REPORT_DATA differs from the policy's report_data");
  return 0;
}
