/* libFuzzer target: snp_report_parse (backends/snp/report.c), and on success
 * snp_report_to_json and snp_tcb_decode for every product.
 *
 * Besides memory safety (ASan/UBSan) it checks the parser's contract of
 * contrast/snp.h and spec/snp.md §1.2/§1.9; a broken invariant abort()s so
 * libFuzzer keeps the input as a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "contrast/snp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) {
  return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != 0)
      return 0;
  return 1;
}

/* The decoded TCB must be the bytes of the product's layout (snp.md §1.8). */
static void check_tcb(uint64_t raw, snp_product product) {
  snp_tcb t;
  snp_tcb_decode(raw, product, &t);
  CHECK(t.raw == raw);
  CHECK(t.microcode == (uint8_t)(raw >> 56));
  if (product == SNP_PRODUCT_TURIN) {
    CHECK(t.has_fmc == 1);
    CHECK(t.fmc == (uint8_t)raw && t.bootloader == (uint8_t)(raw >> 8) &&
          t.tee == (uint8_t)(raw >> 16) && t.snp == (uint8_t)(raw >> 24));
  } else {
    CHECK(t.has_fmc == 0 && t.fmc == 0);
    CHECK(t.bootloader == (uint8_t)raw && t.tee == (uint8_t)(raw >> 8) &&
          t.snp == (uint8_t)(raw >> 48));
  }
}

static void check_json(const snp_report *r, snp_product product) {
  json_t *o = snp_report_to_json(r, product);
  CHECK(o != NULL);
  CHECK(json_is_object(o));
  json_t *v = json_object_get(o, "version");
  CHECK(json_is_integer(v) && json_integer_value(v) == (json_int_t)r->version);
  CHECK(json_is_object(json_object_get(o, "reported_tcb")));
  CHECK(json_is_object(json_object_get(o, "signature")));
  CHECK((json_object_get(o, "cpuid_fam_id") != NULL) == (r->has_cpuid != 0));
  CHECK((json_object_get(o, "launch_mit_vector") != NULL) ==
        (r->has_mit_vectors != 0));
  char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
  CHECK(s != NULL);
  free(s);
  json_decref(o);
}

/* What a successful parse promises (contrast/snp.h, snp.md §1.9). */
static void check_accepted(const uint8_t *data, size_t size,
                           const snp_report *r) {
  CHECK(size == SNP_REPORT_SIZE);
  CHECK(r->version >= 2 && r->version <= 5);
  CHECK(r->version == le32(data));
  CHECK(memcmp(r->raw, data, SNP_REPORT_SIZE) == 0);
  CHECK(r->signature_algo == 1);
  CHECK((r->policy & SNP_POLICY_RESERVED_1) != 0 && (r->policy >> 26) == 0);
  CHECK(r->policy == le64(data + 0x008));
  CHECK(r->signer_info >> 5 == 0);
  CHECK(r->signing_key == SNP_SIGNING_KEY_VCEK ||
        r->signing_key == SNP_SIGNING_KEY_VLEK);
  CHECK(r->mask_chip_key == 0);
  CHECK(r->has_cpuid == (r->version >= 3));
  CHECK(r->has_mit_vectors == (r->version >= 5));
  CHECK(r->current_tcb == le64(data + 0x038));
  CHECK(r->reported_tcb == le64(data + 0x180));
  CHECK(r->committed_tcb == le64(data + 0x1E0));
  CHECK(r->launch_tcb == le64(data + 0x1F0));
  CHECK(memcmp(r->measurement, data + 0x090, 48) == 0);
  CHECK(memcmp(r->chip_id, data + 0x1A0, 64) == 0);
  CHECK(memcmp(r->signature_r, data + 0x2A0, 72) == 0);
  CHECK(memcmp(r->signature_s, data + 0x2E8, 72) == 0);
  /* must-be-zero areas of §1.9 */
  CHECK(all_zero(data + 0x04C, 4));
  CHECK(all_zero(data + (r->version >= 3 ? 0x18B : 0x188),
                 r->version >= 3 ? 21 : 24));
  CHECK(data[0x1EB] == 0 && data[0x1EF] == 0);
  CHECK(all_zero(data + (r->version >= 5 ? 0x208 : 0x1F8),
                 r->version >= 5 ? 152 : 168));
  CHECK(all_zero(data + 0x330, 0x4A0 - 0x330));
  snp_product p = snp_report_product(r);
  CHECK(p >= SNP_PRODUCT_UNKNOWN && p < SNP_PRODUCT_COUNT_);
  CHECK(r->has_cpuid || p == SNP_PRODUCT_UNKNOWN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static snp_report r, again;
  contrast_err err;
  contrast_err_clear(&err);
  if (snp_report_parse(data, size, &r, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_UNSUPPORTED);
    CHECK(memchr(err.detail, '\0', sizeof err.detail) != NULL);
    CHECK(err.detail[0] != '\0');
    CHECK(size != SNP_REPORT_SIZE || err.code != CONTRAST_MALFORMED ||
          strstr(err.detail, "truncated") == NULL);
    return 0;
  }
  CHECK(err.code == CONTRAST_OK);
  check_accepted(data, size, &r);
  /* parsing is a pure function of the bytes */
  CHECK(snp_report_parse(data, size, &again, &err) == 0);
  CHECK(memcmp(&r, &again, sizeof r) == 0);
  for (int p = SNP_PRODUCT_UNKNOWN; p < SNP_PRODUCT_COUNT_; p++) {
    check_json(&r, (snp_product)p);
    check_tcb(r.current_tcb, (snp_product)p);
    check_tcb(r.reported_tcb, (snp_product)p);
    check_tcb(r.committed_tcb, (snp_product)p);
    check_tcb(r.launch_tcb, (snp_product)p);
  }
  return 0;
}
