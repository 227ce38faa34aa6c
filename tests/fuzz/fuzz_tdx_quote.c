/* libFuzzer target: tdx_quote_parse (backends/tdx/quote.c), and on success
 * tdx_quote_to_json.
 *
 * Besides memory safety (ASan/UBSan) it checks the parser's contract of
 * contrast/tdx.h and spec/tdx.md §1-§2; a broken invariant abort()s so
 * libFuzzer keeps the input as a crash:
 *   - failures are MALFORMED or UNSUPPORTED with a detail;
 *   - an accepted quote is v4 (body type 2) or v5 (type 2 or 3) with the
 *     size of its type, TDX, ECDSA P-256, Intel's QE vendor, certification
 *     data 6 wrapping 5;
 *   - the parts tile the input exactly: signed part, u32, signature data
 *     (64 + 64 + 2 + 4 + 384 + 64 + 2 + auth + 2 + 4 + chain), trailing;
 *   - every view points inside the input at the offset the layout gives;
 *   - the decoded fields are the bytes at their offsets. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "contrast/tdx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

static uint16_t le16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static const uint8_t INTEL_QE_VENDOR[16] = {0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c,
                                            0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3,
                                            0x95, 0x7f, 0x06, 0x07};

static void check_accepted(const uint8_t *d, size_t size, const tdx_quote *q) {
  /* header (§1.2) */
  CHECK(q->version == le16(d) && (q->version == 4 || q->version == 5));
  CHECK(q->att_key_type == 2 && le16(d + 2) == 2);
  CHECK(q->tee_type == 0x81 && le32(d + 4) == 0x81);
  CHECK(memcmp(q->header_reserved, d + 8, 4) == 0);
  CHECK(memcmp(q->qe_vendor_id, INTEL_QE_VENDOR, 16) == 0);
  CHECK(memcmp(q->qe_vendor_id, d + 12, 16) == 0);
  CHECK(memcmp(q->user_data, d + 28, 20) == 0);
  /* body (§1.3, §2) */
  size_t body_off = 48;
  if (q->version == 4) {
    CHECK(q->body.type == 2 && q->body_size == TDX_BODY10_SIZE);
  } else {
    CHECK(q->body.type == le16(d + 48) && q->body_size == le32(d + 50));
    CHECK((q->body.type == 2 && q->body_size == TDX_BODY10_SIZE) ||
          (q->body.type == 3 && q->body_size == TDX_BODY15_SIZE));
    body_off = 54;
  }
  const uint8_t *b = d + body_off;
  CHECK(memcmp(q->body.tee_tcb_svn, b, 16) == 0);
  CHECK(memcmp(q->body.mr_seam, b + 16, 48) == 0);
  CHECK(memcmp(q->body.mr_signer_seam, b + 64, 48) == 0);
  CHECK(memcmp(q->body.seam_attributes, b + 112, 8) == 0);
  CHECK(memcmp(q->body.td_attributes, b + 120, 8) == 0);
  CHECK(memcmp(q->body.xfam, b + 128, 8) == 0);
  CHECK(memcmp(q->body.mr_td, b + 136, 48) == 0);
  CHECK(memcmp(q->body.mr_config_id, b + 184, 48) == 0);
  for (int i = 0; i < 4; i++)
    CHECK(memcmp(q->body.rtmr[i], b + 328 + 48 * i, 48) == 0);
  CHECK(memcmp(q->body.report_data, b + 520, 64) == 0);
  if (q->body.type == 3) {
    CHECK(memcmp(q->body.tee_tcb_svn2, b + 584, 16) == 0);
    CHECK(memcmp(q->body.mr_servicetd, b + 600, 48) == 0);
  }
  /* the signed part (§1.6.1) */
  CHECK(q->signed_data == d);
  CHECK(q->signed_len == body_off + q->body_size);
  /* signature data (§1.4) */
  size_t s = q->signed_len;
  CHECK(size >= s + 4);
  uint32_t sig_len = le32(d + s);
  const uint8_t *sd = d + s + 4;
  CHECK(memcmp(q->signature, sd, 64) == 0);
  CHECK(memcmp(q->attest_key, sd + 64, 64) == 0);
  CHECK(q->cert_type == 6 && le16(sd + 128) == 6);
  CHECK(le32(sd + 130) == sig_len - 134u);
  CHECK(q->qe_report.raw == sd + 134);
  const uint8_t *r = q->qe_report.raw;
  CHECK(memcmp(q->qe_report.cpu_svn, r, 16) == 0);
  CHECK(q->qe_report.misc_select == le32(r + 16));
  CHECK(memcmp(q->qe_report.attributes, r + 48, 16) == 0);
  CHECK(memcmp(q->qe_report.mr_enclave, r + 64, 32) == 0);
  CHECK(memcmp(q->qe_report.mr_signer, r + 128, 32) == 0);
  CHECK(q->qe_report.isv_prod_id == le16(r + 256));
  CHECK(q->qe_report.isv_svn == le16(r + 258));
  CHECK(memcmp(q->qe_report.report_data, r + 320, 64) == 0);
  CHECK(memcmp(q->qe_report_signature, sd + 518, 64) == 0);
  CHECK(q->qe_auth_len == le16(sd + 582));
  CHECK(q->qe_auth_data == sd + 584);
  const uint8_t *in = sd + 584 + q->qe_auth_len;
  CHECK(q->inner_cert_type == 5 && le16(in) == 5);
  CHECK(q->pck_chain == in + 6 && q->pck_chain_len == le32(in + 2));
  /* the parts tile the input */
  CHECK((size_t)sig_len == 590u + q->qe_auth_len + q->pck_chain_len);
  CHECK(s + 4 + sig_len + q->trailing == size);
  CHECK(q->pck_chain + q->pck_chain_len + q->trailing == d + size);
}

static void check_json(const tdx_quote *q) {
  json_t *j = tdx_quote_to_json(q);
  if (j == NULL)
    return; /* out of memory */
  CHECK(json_is_object(j));
  CHECK(json_integer_value(json_object_get(j, "version")) == q->version);
  CHECK(json_integer_value(json_object_get(j, "body_type")) == q->body.type);
  CHECK(json_integer_value(json_object_get(j, "trailing_bytes")) ==
        (json_int_t)q->trailing);
  CHECK((json_object_get(j, "tee_tcb_svn2") != NULL) == (q->body.type == 3));
  const char *h = json_string_value(json_object_get(j, "qe_auth_data"));
  CHECK(h != NULL && strlen(h) == 2u * q->qe_auth_len);
  char *s = json_dumps(j, JSON_COMPACT);
  CHECK(s != NULL);
  free(s);
  json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tdx_quote *q = malloc(sizeof *q);
  if (q == NULL)
    return 0;
  memset(q, 0xA5, sizeof *q); /* parse must reset it */
  contrast_err err;
  contrast_err_clear(&err);
  if (tdx_quote_parse(data, size, q, &err) == 0) {
    CHECK(err.code == CONTRAST_OK);
    check_accepted(data, size, q);
    check_json(q);
  } else {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_UNSUPPORTED);
    CHECK(err.detail[0] != '\0');
  }
  free(q);
  return 0;
}
