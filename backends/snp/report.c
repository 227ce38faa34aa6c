/* ATTESTATION_REPORT codec: spec/snp.md §1.2 (field table), §1.5 (SIGNER_INFO),
 * §1.6 (POLICY), §1.8 (TCB layouts), §1.9 (must-be-zero checks). */
#include <string.h>
#include <strings.h>

#include "contrast/reader.h"
#include "contrast/util.h"
#include "contrast/snp.h"
#include "guard.h"

static const char *const product_names[SNP_PRODUCT_COUNT_] = {
    "unknown", "Milan", "Genoa", "Turin"};
static const char *const product_dirs[SNP_PRODUCT_COUNT_] = {NULL, "milan",
                                                             "genoa", "turin"};

const char *snp_product_name(snp_product p) {
  return (unsigned)p < SNP_PRODUCT_COUNT_ ? product_names[p] : "unknown";
}

const char *snp_product_dir(snp_product p) {
  return (unsigned)p < SNP_PRODUCT_COUNT_ ? product_dirs[p] : NULL;
}

int snp_product_from_name(const char *name, snp_product *out) {
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    if (name != NULL && strcasecmp(name, product_names[p]) == 0) {
      *out = (snp_product)p;
      return 0;
    }
  }
  return -1;
}

/* CASES.md "Roots": family 0x19 models 0x00-0x0F Milan, 0x10-0x1F and
 * 0xA0-0xAF Genoa (Bergamo/Siena use Genoa's KDS product); family 0x1A
 * models 0x00-0x11 Turin. The stepping is never used. */
snp_product snp_product_from_cpuid(uint8_t family, uint8_t model) {
  if (family == 0x19) {
    if (model <= 0x0F)
      return SNP_PRODUCT_MILAN;
    if ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAF))
      return SNP_PRODUCT_GENOA;
  } else if (family == 0x1A && model <= 0x11) {
    return SNP_PRODUCT_TURIN;
  }
  return SNP_PRODUCT_UNKNOWN;
}

void snp_tcb_decode(uint64_t raw, snp_product product, snp_tcb *out) {
  memset(out, 0, sizeof *out);
  out->raw = raw;
  if (product == SNP_PRODUCT_TURIN) {
    /* Turin ("struct version 1"): fmc, bl, tee, snp, 3 reserved, ucode */
    out->has_fmc = 1;
    out->fmc = (uint8_t)(raw >> 0);
    out->bootloader = (uint8_t)(raw >> 8);
    out->tee = (uint8_t)(raw >> 16);
    out->snp = (uint8_t)(raw >> 24);
  } else {
    /* Milan/Genoa: bl, tee, 4 reserved, snp, ucode */
    out->bootloader = (uint8_t)(raw >> 0);
    out->tee = (uint8_t)(raw >> 8);
    out->snp = (uint8_t)(raw >> 48);
  }
  out->microcode = (uint8_t)(raw >> 56);
}

/* Field starts of snp.md §1.2, to name the field a truncation falls in. */
static const struct {
  size_t off;
  const char *name;
} field_starts[] = {
    {0x000, "VERSION"},       {0x004, "GUEST_SVN"},
    {0x008, "POLICY"},        {0x010, "FAMILY_ID"},
    {0x020, "IMAGE_ID"},      {0x030, "VMPL"},
    {0x034, "SIGNATURE_ALGO"}, {0x038, "CURRENT_TCB"},
    {0x040, "PLATFORM_INFO"}, {0x048, "SIGNER_INFO"},
    {0x04C, "reserved"},      {0x050, "REPORT_DATA"},
    {0x090, "MEASUREMENT"},   {0x0C0, "HOST_DATA"},
    {0x0E0, "ID_KEY_DIGEST"}, {0x110, "AUTHOR_KEY_DIGEST"},
    {0x140, "REPORT_ID"},     {0x160, "REPORT_ID_MA"},
    {0x180, "REPORTED_TCB"},  {0x188, "CPUID/reserved"},
    {0x1A0, "CHIP_ID"},       {0x1E0, "COMMITTED_TCB"},
    {0x1E8, "CURRENT_VERSION"}, {0x1EC, "COMMITTED_VERSION"},
    {0x1F0, "LAUNCH_TCB"},    {0x1F8, "MIT_VECTORS/reserved"},
    {0x2A0, "SIGNATURE"},
};

static const char *field_at(size_t off) {
  const char *name = "VERSION";
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(field_starts); i++)
    if (field_starts[i].off <= off)
      name = field_starts[i].name;
  return name;
}

static int parse_report(const uint8_t *buf, size_t len, snp_report *out,
                        contrast_err *err) {
  ENSURE(buf != NULL || len == 0, E_INTERNAL, "report: NULL buffer");
  if (len < SNP_REPORT_SIZE)
    BAIL(MALFORMED,
         "report: truncated in %s (offset 0x%03zx): %zu bytes, expected %d",
         field_at(len), len, len, SNP_REPORT_SIZE);
  if (len > SNP_REPORT_SIZE)
    BAIL(MALFORMED, "report: %zu trailing bytes after offset 0x%03x",
         len - SNP_REPORT_SIZE, SNP_REPORT_SIZE);

  contrast_reader rd, *r = &rd;
  reader_init(r, buf, len, "report");
  uint32_t version;
  GUARD(read_u32le(r, "VERSION", &version, err));
  ENSURE(version >= 2 && version <= 5, UNSUPPORTED,
         "report: VERSION (offset 0x000) %u is not supported (2..5)", version);
  out->version = version;
  GUARD(read_u32le(r, "GUEST_SVN", &out->guest_svn, err));
  GUARD(read_u64le(r, "POLICY", &out->policy, err));
  ENSURE((out->policy & SNP_POLICY_RESERVED_1) != 0, MALFORMED,
         "report: POLICY (offset 0x008) bit 17 must be 1 (policy 0x%llx)",
         (unsigned long long)out->policy);
  ENSURE((out->policy >> 26) == 0, MALFORMED,
         "report: POLICY (offset 0x008) reserved bits 26..63 set (policy "
         "0x%llx)",
         (unsigned long long)out->policy);
  GUARD(read_bytes(r, "FAMILY_ID", 16, out->family_id, err));
  GUARD(read_bytes(r, "IMAGE_ID", 16, out->image_id, err));
  GUARD(read_u32le(r, "VMPL", &out->vmpl, err));
  GUARD(read_u32le(r, "SIGNATURE_ALGO", &out->signature_algo, err));
  ENSURE(out->signature_algo == 1, UNSUPPORTED,
         "report: SIGNATURE_ALGO (offset 0x034) %u is not supported (1 = "
         "ECDSA P-384 SHA-384)",
         out->signature_algo);
  GUARD(read_u64le(r, "CURRENT_TCB", &out->current_tcb, err));
  GUARD(read_u64le(r, "PLATFORM_INFO", &out->platform_info, err));
  GUARD(read_u32le(r, "SIGNER_INFO", &out->signer_info, err));
  ENSURE((out->signer_info >> 5) == 0, MALFORMED,
         "report: SIGNER_INFO (offset 0x048) reserved bits 5..31 set "
         "(0x%08x)",
         out->signer_info);
  out->author_key_en = out->signer_info & 1u;
  out->mask_chip_key = (out->signer_info >> 1) & 1u;
  out->signing_key = (out->signer_info >> 2) & 7u;
  ENSURE(out->signing_key <= SNP_SIGNING_KEY_VLEK ||
             out->signing_key == SNP_SIGNING_KEY_NONE,
         MALFORMED,
         "report: SIGNER_INFO (offset 0x048) SIGNING_KEY %u is reserved",
         out->signing_key);
  ENSURE(out->signing_key != SNP_SIGNING_KEY_NONE, UNSUPPORTED,
         "report: SIGNER_INFO (offset 0x048) SIGNING_KEY 7: the report is "
         "unsigned");
  ENSURE(out->mask_chip_key == 0, UNSUPPORTED,
         "report: SIGNER_INFO (offset 0x048) MASK_CHIP_KEY set: the firmware "
         "did not sign the report");
  GUARD(read_skip_zero(r, "reserved", 4, err));
  GUARD(read_bytes(r, "REPORT_DATA", 64, out->report_data, err));
  GUARD(read_bytes(r, "MEASUREMENT", 48, out->measurement, err));
  GUARD(read_bytes(r, "HOST_DATA", 32, out->host_data, err));
  GUARD(read_bytes(r, "ID_KEY_DIGEST", 48, out->id_key_digest, err));
  GUARD(read_bytes(r, "AUTHOR_KEY_DIGEST", 48, out->author_key_digest, err));
  GUARD(read_bytes(r, "REPORT_ID", 32, out->report_id, err));
  GUARD(read_bytes(r, "REPORT_ID_MA", 32, out->report_id_ma, err));
  GUARD(read_u64le(r, "REPORTED_TCB", &out->reported_tcb, err));
  if (version >= 3) {
    out->has_cpuid = 1;
    GUARD(read_u8(r, "CPUID_FAM_ID", &out->cpuid_fam_id, err));
    GUARD(read_u8(r, "CPUID_MOD_ID", &out->cpuid_mod_id, err));
    GUARD(read_u8(r, "CPUID_STEP", &out->cpuid_step, err));
    GUARD(read_skip_zero(r, "reserved", 21, err));
  } else {
    GUARD(read_skip_zero(r, "reserved (CPUID bytes before v3)", 24, err));
  }
  GUARD(read_bytes(r, "CHIP_ID", 64, out->chip_id, err));
  GUARD(read_u64le(r, "COMMITTED_TCB", &out->committed_tcb, err));
  GUARD(read_u8(r, "CURRENT_BUILD", &out->current_build, err));
  GUARD(read_u8(r, "CURRENT_MINOR", &out->current_minor, err));
  GUARD(read_u8(r, "CURRENT_MAJOR", &out->current_major, err));
  GUARD(read_skip_zero(r, "reserved", 1, err));
  GUARD(read_u8(r, "COMMITTED_BUILD", &out->committed_build, err));
  GUARD(read_u8(r, "COMMITTED_MINOR", &out->committed_minor, err));
  GUARD(read_u8(r, "COMMITTED_MAJOR", &out->committed_major, err));
  GUARD(read_skip_zero(r, "reserved", 1, err));
  GUARD(read_u64le(r, "LAUNCH_TCB", &out->launch_tcb, err));
  if (version >= 5) {
    out->has_mit_vectors = 1;
    GUARD(read_u64le(r, "LAUNCH_MIT_VECTOR", &out->launch_mit_vector, err));
    GUARD(read_u64le(r, "CURRENT_MIT_VECTOR", &out->current_mit_vector, err));
    GUARD(read_skip_zero(r, "reserved", 152, err));
  } else {
    GUARD(read_skip_zero(r, "reserved (mitigation vectors before v5)", 168,
                         err));
  }
  /* SIGNATURE for algorithm 1: R and S, 72 bytes little-endian each, then
   * 368 must-be-zero bytes. */
  GUARD(read_bytes(r, "SIGNATURE.R", 72, out->signature_r, err));
  GUARD(read_bytes(r, "SIGNATURE.S", 72, out->signature_s, err));
  GUARD(read_skip_zero(r, "SIGNATURE reserved", 368, err));
  GUARD(read_expect_end(r, err));
  memcpy(out->raw, buf, SNP_REPORT_SIZE);
  return 0;
}

int snp_report_parse(const uint8_t *buf, size_t len, snp_report *out,
                     contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (parse_report(buf, len, out, err) != 0) {
    /* A report that did not parse has no fields: leave none half-read
     * (callers tell "not parsed" by version 0, and claims must not show
     * fields that were never read). */
    memset(out, 0, sizeof *out);
    return -1;
  }
  return 0;
}

snp_product snp_report_product(const snp_report *r) {
  if (!r->has_cpuid)
    return SNP_PRODUCT_UNKNOWN;
  return snp_product_from_cpuid(r->cpuid_fam_id, r->cpuid_mod_id);
}

/* ---- JSON view ---- */

static int set_hex(json_t *o, const char *k, const uint8_t *b, size_t n) {
  char buf[2 * 72 + 1];
  if (2 * n + 1 > sizeof buf)
    return -1;
  contrast_hex_encode(b, n, buf);
  return json_object_set_new(o, k, json_string(buf));
}

static int set_u64(json_t *o, const char *k, uint64_t v) {
  /* JSON integers are int64 in jansson; every field here fits except
   * the raw u64s, which are given as hex strings alongside. */
  if (v > (uint64_t)INT64_MAX) {
    char buf[24];
    (void)snprintf(buf, sizeof buf, "0x%016llx", (unsigned long long)v);
    return json_object_set_new(o, k, json_string(buf));
  }
  return json_object_set_new(o, k, json_integer((json_int_t)v));
}

static int set_bool(json_t *o, const char *k, int v) {
  return json_object_set_new(o, k, json_boolean(v));
}

static json_t *tcb_json(uint64_t raw, snp_product product) {
  snp_tcb t;
  snp_tcb_decode(raw, product, &t);
  json_t *o = json_object();
  if (o == NULL)
    return NULL;
  char buf[24];
  (void)snprintf(buf, sizeof buf, "%016llx", (unsigned long long)raw);
  int rc = json_object_set_new(o, "raw", json_string(buf));
  if (t.has_fmc)
    rc |= set_u64(o, "fmc", t.fmc);
  rc |= set_u64(o, "bootloader", t.bootloader);
  rc |= set_u64(o, "tee", t.tee);
  rc |= set_u64(o, "snp", t.snp);
  rc |= set_u64(o, "microcode", t.microcode);
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *snp_report_to_json(const snp_report *r, snp_product product) {
  json_t *o = json_object();
  json_t *pol = json_object(), *pi = json_object(), *si = json_object();
  if (o == NULL || pol == NULL || pi == NULL || si == NULL) {
    json_decref(o);
    json_decref(pol);
    json_decref(pi);
    json_decref(si);
    return NULL;
  }
  int rc = 0;
  rc |= set_u64(o, "version", r->version);
  rc |= set_u64(o, "guest_svn", r->guest_svn);
  char buf[24];
  (void)snprintf(buf, sizeof buf, "%016llx", (unsigned long long)r->policy);
  rc |= json_object_set_new(pol, "raw", json_string(buf));
  rc |= set_u64(pol, "abi_minor", r->policy & 0xff);
  rc |= set_u64(pol, "abi_major", (r->policy >> 8) & 0xff);
  rc |= set_bool(pol, "smt", (r->policy & SNP_POLICY_SMT) != 0);
  rc |= set_bool(pol, "migrate_ma", (r->policy & SNP_POLICY_MIGRATE_MA) != 0);
  rc |= set_bool(pol, "debug", (r->policy & SNP_POLICY_DEBUG) != 0);
  rc |= set_bool(pol, "single_socket",
                 (r->policy & SNP_POLICY_SINGLE_SOCKET) != 0);
  rc |= set_bool(pol, "cxl_allow", (r->policy & SNP_POLICY_CXL_ALLOW) != 0);
  rc |= set_bool(pol, "mem_aes_256_xts",
                 (r->policy & SNP_POLICY_MEM_AES_256_XTS) != 0);
  rc |= set_bool(pol, "rapl_dis", (r->policy & SNP_POLICY_RAPL_DIS) != 0);
  rc |= set_bool(pol, "ciphertext_hiding",
                 (r->policy & SNP_POLICY_CIPHERTEXT_HIDING) != 0);
  rc |= set_bool(pol, "page_swap_disable",
                 (r->policy & SNP_POLICY_PAGE_SWAP_DISABLE) != 0);
  rc |= json_object_set_new(o, "policy", pol);
  rc |= set_hex(o, "family_id", r->family_id, 16);
  rc |= set_hex(o, "image_id", r->image_id, 16);
  rc |= set_u64(o, "vmpl", r->vmpl);
  rc |= set_u64(o, "signature_algo", r->signature_algo);
  rc |= json_object_set_new(o, "current_tcb", tcb_json(r->current_tcb, product));
  (void)snprintf(buf, sizeof buf, "%016llx",
                 (unsigned long long)r->platform_info);
  rc |= json_object_set_new(pi, "raw", json_string(buf));
  rc |= set_bool(pi, "smt_en", (r->platform_info & SNP_PLATFORM_SMT_EN) != 0);
  rc |= set_bool(pi, "tsme_en",
                 (r->platform_info & SNP_PLATFORM_TSME_EN) != 0);
  rc |= set_bool(pi, "ecc_en", (r->platform_info & SNP_PLATFORM_ECC_EN) != 0);
  rc |= set_bool(pi, "rapl_dis",
                 (r->platform_info & SNP_PLATFORM_RAPL_DIS) != 0);
  rc |= set_bool(pi, "ciphertext_hiding_dram_en",
                 (r->platform_info & SNP_PLATFORM_CIPHERTEXT_HIDING_DRAM_EN) !=
                     0);
  rc |= set_bool(pi, "alias_check_complete",
                 (r->platform_info & SNP_PLATFORM_ALIAS_CHECK_COMPLETE) != 0);
  rc |= set_bool(pi, "sev_tio_en",
                 (r->platform_info & SNP_PLATFORM_SEV_TIO_EN) != 0);
  rc |= json_object_set_new(o, "platform_info", pi);
  (void)snprintf(buf, sizeof buf, "%08x", r->signer_info);
  rc |= json_object_set_new(si, "raw", json_string(buf));
  rc |= set_bool(si, "author_key_en", (int)r->author_key_en);
  rc |= set_bool(si, "mask_chip_key", (int)r->mask_chip_key);
  rc |= json_object_set_new(si, "signing_key",
                            json_string(r->signing_key == 0   ? "vcek"
                                        : r->signing_key == 1 ? "vlek"
                                                              : "none"));
  rc |= json_object_set_new(o, "signer_info", si);
  rc |= set_hex(o, "report_data", r->report_data, 64);
  rc |= set_hex(o, "measurement", r->measurement, 48);
  rc |= set_hex(o, "host_data", r->host_data, 32);
  rc |= set_hex(o, "id_key_digest", r->id_key_digest, 48);
  rc |= set_hex(o, "author_key_digest", r->author_key_digest, 48);
  rc |= set_hex(o, "report_id", r->report_id, 32);
  rc |= set_hex(o, "report_id_ma", r->report_id_ma, 32);
  rc |= json_object_set_new(o, "reported_tcb",
                            tcb_json(r->reported_tcb, product));
  if (r->has_cpuid) {
    rc |= set_u64(o, "cpuid_fam_id", r->cpuid_fam_id);
    rc |= set_u64(o, "cpuid_mod_id", r->cpuid_mod_id);
    rc |= set_u64(o, "cpuid_step", r->cpuid_step);
  }
  rc |= json_object_set_new(o, "product",
                            json_string(snp_product_name(product)));
  rc |= set_hex(o, "chip_id", r->chip_id, 64);
  rc |= json_object_set_new(o, "committed_tcb",
                            tcb_json(r->committed_tcb, product));
  rc |= set_u64(o, "current_build", r->current_build);
  rc |= set_u64(o, "current_minor", r->current_minor);
  rc |= set_u64(o, "current_major", r->current_major);
  rc |= set_u64(o, "committed_build", r->committed_build);
  rc |= set_u64(o, "committed_minor", r->committed_minor);
  rc |= set_u64(o, "committed_major", r->committed_major);
  rc |= json_object_set_new(o, "launch_tcb", tcb_json(r->launch_tcb, product));
  if (r->has_mit_vectors) {
    rc |= set_u64(o, "launch_mit_vector", r->launch_mit_vector);
    rc |= set_u64(o, "current_mit_vector", r->current_mit_vector);
  }
  json_t *sig = json_object();
  if (sig != NULL) {
    rc |= set_hex(sig, "r", r->signature_r, 72);
    rc |= set_hex(sig, "s", r->signature_s, 72);
  }
  rc |= json_object_set_new(o, "signature", sig);
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}
