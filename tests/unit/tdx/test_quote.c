/* backends/tdx/quote.c: the DCAP quote codec, v4 and v5 (spec/tdx.md §1,
 * §2), and tdx_quote_to_json (json.c).
 *
 * Golden data: the real quotes in vectors/real/tdx. Expected values were
 * read from the bytes with xxd at the offsets of tdx.md §1.2-§1.5 (and the
 * MRTD / RTMR / REPORTDATA values the cases' policies carry), never from
 * running the parser. Built quotes come from the test PKI (tdxpki.h), one
 * field changed each; the code each must give is the one spec/CASES.md's
 * reason table assigns: UNSUPPORTED for a version, key type, TEE, QE
 * vendor or certification data type this verifier does not handle,
 * MALFORMED for truncation and inconsistent lengths.
 *
 * The sweeps (every truncation length, a bit flip in every signed byte and
 * in the signature data of a real quote, verified with its real collateral
 * at the case's now) are skipped under CONTRAST_SKIP_SWEEPS=1 except for a
 * few fixed positions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/tdx.h"
#include "contrast/util.h"
#include "tdxpki.h"
#include "testsupport.h"

#define DIR "vectors/real/tdx/"
#define QVL "tdx-v4-dcap-qvl-uptodate"

static int hex_is(const uint8_t *b, size_t n, const char *want) {
  char s[2 * 64 + 1];
  CU_ASSERT_FATAL(2 * n < sizeof s);
  contrast_hex_encode(b, n, s);
  if (strcmp(s, want) != 0) {
    fprintf(stderr, "  got  %s\n  want %s\n", s, want);
    return 0;
  }
  return 1;
}

static uint8_t *exact(const void *p, size_t len) {
  uint8_t *d = malloc(len ? len : 1);
  CU_ASSERT_FATAL(d != NULL);
  if (len > 0)
    memcpy(d, p, len);
  return d;
}

static uint8_t *load(const char *name, size_t *len) {
  char path[256];
  (void)snprintf(path, sizeof path, DIR "%s/quote.bin", name);
  return test_read_file(path, len);
}

/* Parse an exact-size copy of len bytes of b. */
static int parse(const uint8_t *b, size_t len, tdx_quote *q,
                 contrast_err *e) {
  uint8_t *c = exact(b, len);
  contrast_err_clear(e);
  int rc = tdx_quote_parse(c, len, q, e);
  free(c);
  /* the views of q point into the freed copy: callers look at values */
  return rc;
}

static int parse_fails(const uint8_t *b, size_t len, contrast_code code,
                       const char *why) {
  tdx_quote *q = malloc(sizeof *q);
  CU_ASSERT_FATAL(q != NULL);
  contrast_err e;
  int rc = parse(b, len, q, &e);
  int ok = rc == -1 && e.code == code;
  if (!ok)
    fprintf(stderr, "  %s (len %zu): expected %s, got rc %d %s: %s\n", why,
            len, contrast_code_name(code), rc, contrast_code_name(e.code),
            e.detail);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, code);
  free(q);
  return ok;
}

/* ==== real quotes ==== */

typedef struct real_q {
  const char *name;
  size_t len, trailing, chain_len;
  const char *svn3; /* tee_tcb_svn[0..2] */
  uint16_t qe_isvsvn;
  const char *user_data8;
} real_q;

static const real_q REAL[] = {
    {QVL, 5006, 70, 3678, "060103", 6, "889b7d6ff9df2405"},
    {"tdx-v4-azure-outofdate", 5006, 70, 3678, "020106", 5,
     "f17eac112e4cd9a0"},
    {"tdx-v4-debug-td", 4936, 0, 3678, "030005", 4, "d099bfec0a477aa8"},
    {"tdx-v4-gcp-cos-uptodate", 8000, 3065, 3677, "040107", 6,
     "0000000000000000"},
    {"tdx-v4-spr-no-tcb-level", 4974, 39, 3677, "030004", 4,
     "739c3f292a15bace"},
    /* dcap-qvl's quote with REPORTDATA[0] changed (its case.json) */
    {"tdx-derived-report-data-flipped", 5006, 70, 3678, "060103", 6,
     "889b7d6ff9df2405"},
};

static void test_tdx_quote_parse_every_real_quote(void) {
  for (size_t i = 0; i < sizeof REAL / sizeof REAL[0]; i++) {
    const real_q *r = &REAL[i];
    size_t len;
    uint8_t *b = load(r->name, &len);
    CU_ASSERT_EQUAL(len, r->len);
    tdx_quote q;
    contrast_err e;
    contrast_err_clear(&e);
    int rc = tdx_quote_parse(b, len, &q, &e);
    if (rc != 0)
      fprintf(stderr, "  %s: %s %s\n", r->name, contrast_code_name(e.code),
              e.detail);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    /* header (§1.2) */
    CU_ASSERT_EQUAL(q.version, 4);
    CU_ASSERT_EQUAL(q.att_key_type, 2);
    CU_ASSERT_EQUAL(q.tee_type, 0x81);
    CU_ASSERT_TRUE(hex_is(q.header_reserved, 4, "00000000"));
    CU_ASSERT_TRUE(hex_is(q.qe_vendor_id, 16,
                          "939a7233f79c4ca9940a0db3957f0607"));
    CU_ASSERT_TRUE(hex_is(q.user_data, 8, r->user_data8));
    CU_ASSERT_TRUE(hex_is(q.user_data + 16, 4, "00000000"));
    /* body (§1.3): v4 is always TDX 1.0 */
    CU_ASSERT_EQUAL(q.body.type, 2);
    CU_ASSERT_EQUAL(q.body_size, 584);
    CU_ASSERT_TRUE(hex_is(q.body.tee_tcb_svn, 3, r->svn3));
    CU_ASSERT_PTR_EQUAL(q.signed_data, b);
    CU_ASSERT_EQUAL(q.signed_len, 632);
    /* signature data (§1.4) at 636 */
    CU_ASSERT_EQUAL(memcmp(q.signature, b + 636, 64), 0);
    CU_ASSERT_EQUAL(memcmp(q.attest_key, b + 700, 64), 0);
    CU_ASSERT_EQUAL(q.cert_type, 6);
    CU_ASSERT_PTR_EQUAL(q.qe_report.raw, b + 770);
    CU_ASSERT_EQUAL(memcmp(q.qe_report_signature, b + 1154, 64), 0);
    CU_ASSERT_EQUAL(q.qe_auth_len, 32);
    CU_ASSERT_PTR_EQUAL(q.qe_auth_data, b + 1220);
    CU_ASSERT_EQUAL(q.inner_cert_type, 5);
    CU_ASSERT_PTR_EQUAL(q.pck_chain, b + 1258);
    CU_ASSERT_EQUAL(q.pck_chain_len, r->chain_len);
    CU_ASSERT_EQUAL(memcmp(q.pck_chain, "-----BEGIN CERTIFICATE-----", 27), 0);
    CU_ASSERT_EQUAL(q.trailing, r->trailing);
    CU_ASSERT_EQUAL(1258 + q.pck_chain_len + q.trailing, len);
    /* the QE report of a TD_QE (§1.5, §5.3) */
    CU_ASSERT_EQUAL(q.qe_report.misc_select, 0);
    CU_ASSERT_TRUE(hex_is(q.qe_report.attributes, 16,
                          "1500000000000000e700000000000000"));
    CU_ASSERT_TRUE(hex_is(
        q.qe_report.mr_signer, 32,
        "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5"));
    CU_ASSERT_EQUAL(q.qe_report.isv_prod_id, 2);
    CU_ASSERT_EQUAL(q.qe_report.isv_svn, r->qe_isvsvn);
    static const uint8_t zero32[32] = {0};
    CU_ASSERT_EQUAL(memcmp(q.qe_report.report_data + 32, zero32, 32), 0);
    free(b);
  }
}

static void test_tdx_quote_parse_real_dcap_qvl_body_values(void) {
  size_t len;
  uint8_t *b = load(QVL, &len);
  tdx_quote q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  /* MRTD and REPORTDATA as the case's policy gives them */
  CU_ASSERT_TRUE(hex_is(q.body.mr_td, 48,
                        "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520"
                        "c942a604a407de03ae6dc5f87f27428b2538873118b7"));
  CU_ASSERT_TRUE(hex_is(q.body.report_data, 64,
                        "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1"
                        "211d35c304f9eca3efdbb481601c163cf52493d6e44aed55d51e"
                        "c39b7e518fadb92c2b523f20"));
  CU_ASSERT_TRUE(hex_is(q.body.mr_seam, 48,
                        "5b38e33a6487958b72c3c12a938eaa5e3fd4510c51aeeab58c7d"
                        "5ecee41d7c436489d6c8e4f92f160b7cad34207b00c1"));
  static const uint8_t zero48[48] = {0};
  CU_ASSERT_EQUAL(memcmp(q.body.mr_signer_seam, zero48, 48), 0);
  CU_ASSERT_TRUE(hex_is(q.body.seam_attributes, 8, "0000000000000000"));
  /* SEPT_VE_DISABLE only; XFAM 0x602e7 */
  CU_ASSERT_TRUE(hex_is(q.body.td_attributes, 8, "0000001000000000"));
  CU_ASSERT_TRUE(hex_is(q.body.xfam, 8, "e702060000000000"));
  CU_ASSERT_EQUAL(memcmp(q.body.mr_config_id, zero48, 48), 0);
  CU_ASSERT_EQUAL(q.pck_chain[q.pck_chain_len - 1], '\0'); /* §1.4 NUL */
  CU_ASSERT_TRUE(hex_is(q.qe_auth_data, 4, "00010203"));
  free(b);
}

static void test_tdx_quote_parse_real_gcp_rtmrs_and_padding(void) {
  /* an 8000-byte buffer: 3065 zero bytes after the signature data; MRTD
   * and RTMRs as the case's policy (reproduced from the CCEL log) */
  size_t len;
  uint8_t *b = load("tdx-v4-gcp-cos-uptodate", &len);
  tdx_quote q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  CU_ASSERT_TRUE(hex_is(q.body.mr_td, 48,
                        "dae67181d3d65e073ad8f95b7907d5e927bfe9761c9ff3e9b897"
                        "34a45d8954dba41394c7717cb2735396c1d04231f94a"));
  CU_ASSERT_TRUE(hex_is(q.body.rtmr[0], 48,
                        "3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df"
                        "60f21f37b19297fc35e544039c7e1edece752afd17f6"));
  CU_ASSERT_TRUE(hex_is(q.body.rtmr[1], 48,
                        "f62dbc072bd5d3f3438b7b35c39a727f5aea2ffc2473f4372395"
                        "3f530daf62504f0a7944aa62c41a86e8a878c2b122c1"));
  CU_ASSERT_TRUE(hex_is(q.body.rtmr[2], 48,
                        "4969684dc87381fc3b3134176c8d8806eaf0a901859f5f70cfae"
                        "8d17714b46c10a8de219048c9fc09f11f381a6fbe7c1"));
  static const uint8_t zero64[64] = {0};
  CU_ASSERT_EQUAL(memcmp(q.body.rtmr[3], zero64, 48), 0);
  CU_ASSERT_EQUAL(memcmp(q.body.report_data, zero64, 64), 0);
  CU_ASSERT_TRUE(hex_is(q.body.xfam, 8, "e700060000000000"));
  /* this chain has no NUL: it ends with the PEM's newline */
  CU_ASSERT_EQUAL(q.pck_chain[q.pck_chain_len - 1], '\n');
  CU_ASSERT_TRUE(hex_is(q.qe_auth_data, 4, "00000000"));
  for (size_t i = len - q.trailing; i < len; i++)
    CU_ASSERT_EQUAL(b[i], 0);
  free(b);
}

static void test_tdx_quote_parse_real_debug_td_attributes(void) {
  size_t len;
  uint8_t *b = load("tdx-v4-debug-td", &len);
  tdx_quote q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  /* DEBUG (bit 0) and SEPT_VE_DISABLE (bit 28), as trustee's test says */
  CU_ASSERT_TRUE(hex_is(q.body.td_attributes, 8, "0100001000000000"));
  CU_ASSERT_TRUE(hex_is(q.body.xfam, 8, "e742060000000000"));
  CU_ASSERT_TRUE(hex_is(q.body.mr_td, 48,
                        "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d8"
                        "4ca377c395b689cac1599ccea1b7d420483a9ce5f031"));
  free(b);
}

/* ==== built quotes: v4, v5 type 2, v5 type 3 ==== */

static uint8_t *build(const tt_quote_spec *q, size_t *len) {
  tt_cert_spec chain[3] = {tt_pck_spec(), tt_ca_spec(), tt_root_spec()};
  size_t plen;
  char *pem = tt_pem_chain(chain, 3, &plen);
  tt_quote_spec s = *q;
  s.pck_chain = (const uint8_t *)pem;
  s.pck_chain_len = plen;
  uint8_t *b = tt_quote_build(&s, len);
  free(pem);
  return b;
}

static void check_built(uint16_t version, uint16_t type, size_t signed_len,
                        uint32_t body_size) {
  tt_quote_spec s;
  tt_quote_init(&s, version, type);
  size_t len;
  uint8_t *b = build(&s, &len);
  tdx_quote q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  CU_ASSERT_EQUAL(q.version, version);
  CU_ASSERT_EQUAL(q.body.type, type);
  CU_ASSERT_EQUAL(q.body_size, body_size);
  CU_ASSERT_EQUAL(q.signed_len, signed_len);
  CU_ASSERT_EQUAL(tt_quote_signed_len(&s), signed_len);
  /* the u32 signature_data_len right after the signed part */
  uint32_t sl = (uint32_t)b[signed_len] | (uint32_t)b[signed_len + 1] << 8 |
                (uint32_t)b[signed_len + 2] << 16 |
                (uint32_t)b[signed_len + 3] << 24;
  CU_ASSERT_EQUAL(signed_len + 4 + sl, len);
  CU_ASSERT_EQUAL(memcmp(q.signature, b + signed_len + 4, 64), 0);
  size_t bo = tt_quote_body_off(&s);
  CU_ASSERT_EQUAL(memcmp(q.body.tee_tcb_svn, b + bo, 16), 0);
  CU_ASSERT_EQUAL(memcmp(q.body.mr_td, s.body + TT_B_MR_TD, 48), 0);
  CU_ASSERT_EQUAL(memcmp(q.body.rtmr[3], s.body + TT_B_RTMR0 + 144, 48), 0);
  CU_ASSERT_EQUAL(memcmp(q.body.report_data, s.body + TT_B_REPORT_DATA, 64),
                  0);
  if (type == 3) {
    CU_ASSERT_EQUAL(memcmp(q.body.tee_tcb_svn2, b + bo + 584, 16), 0);
    CU_ASSERT_EQUAL(memcmp(q.body.mr_servicetd, b + bo + 600, 48), 0);
  }
  CU_ASSERT_EQUAL(q.trailing, 0);
  CU_ASSERT_EQUAL(q.qe_report.isv_svn, 4);
  free(b);
}

static void test_tdx_quote_parse_built_v4(void) {
  check_built(4, 2, 632, 584);
}

static void test_tdx_quote_parse_built_v5_type2(void) {
  /* §2: header, type, size, 584-byte body: signature_data_len at 638 */
  check_built(5, 2, 638, 584);
}

static void test_tdx_quote_parse_built_v5_type3(void) {
  /* §2: the 648-byte TDX 1.5 body: signature_data_len at 702 (0x2BE) */
  check_built(5, 3, 702, 648);
}

static void test_tdx_quote_parse_built_v5_body_from_real_v4(void) {
  /* a v5 quote carrying the body of a real v4 quote: the fields land at
   * the v5 offsets (body at 54) */
  size_t rlen;
  uint8_t *real = load(QVL, &rlen);
  tt_quote_spec s;
  tt_quote_init(&s, 5, 2);
  tt_quote_body_from_v4(&s, real);
  size_t len;
  uint8_t *b = build(&s, &len);
  tdx_quote q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  CU_ASSERT_EQUAL(memcmp(q.body.mr_td, real + 184, 48), 0);
  CU_ASSERT_EQUAL(memcmp(q.body.report_data, real + 568, 64), 0);
  CU_ASSERT_EQUAL(memcmp(b + 54, real + 48, 584), 0);
  free(b);
  free(real);
}

/* ==== header and type errors: UNSUPPORTED ==== */

static void unsupported(tt_quote_spec *s, const char *why) {
  size_t len;
  uint8_t *b = build(s, &len);
  parse_fails(b, len, CONTRAST_UNSUPPORTED, why);
  free(b);
}

static void test_tdx_quote_parse_header_errors_fail_unsupported(void) {
  static const uint16_t versions[] = {0, 1, 2, 3, 6, 0x104, 0xffff};
  tt_quote_spec s;
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    tt_quote_init(&s, 4, 2);
    s.version = versions[i];
    unsupported(&s, "version");
  }
  static const uint16_t keys[] = {0, 1, 3, 0x102};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    tt_quote_init(&s, 4, 2);
    s.att_key_type = keys[i];
    unsupported(&s, "att_key_type");
    tt_quote_init(&s, 5, 3);
    s.att_key_type = keys[i];
    unsupported(&s, "att_key_type v5");
  }
  static const uint32_t tees[] = {0, 0x80, 0x181, 0x81000000u};
  for (size_t i = 0; i < sizeof tees / sizeof tees[0]; i++) {
    tt_quote_init(&s, 4, 2);
    s.tee_type = tees[i];
    unsupported(&s, "tee_type");
  }
  for (size_t i = 0; i < 16; i += 5) {
    tt_quote_init(&s, 4, 2);
    s.qe_vendor[i] ^= 0x01;
    unsupported(&s, "QE vendor ID");
  }
  tt_quote_init(&s, 5, 3);
  memset(s.qe_vendor, 0, 16);
  unsupported(&s, "QE vendor ID zero");
}

static void test_tdx_quote_parse_cert_data_types_fail_unsupported(void) {
  /* §1.4: outer type 6 wrapping inner type 5, nothing else */
  static const uint16_t outer[] = {1, 4, 5, 7, 0xffff};
  static const uint16_t inner[] = {1, 2, 3, 4, 6, 7};
  tt_quote_spec s;
  for (size_t i = 0; i < sizeof outer / sizeof outer[0]; i++) {
    tt_quote_init(&s, 4, 2);
    s.cert_type = outer[i];
    unsupported(&s, "outer certification data type");
  }
  for (size_t i = 0; i < sizeof inner / sizeof inner[0]; i++) {
    tt_quote_init(&s, 5, 3);
    s.inner_type = inner[i];
    unsupported(&s, "inner certification data type");
  }
}

static void test_tdx_quote_parse_v5_body_type_fails_unsupported(void) {
  /* §2: type 1 is an SGX enclave report, 0 and 4+ unknown */
  static const uint16_t types[] = {0, 1, 4, 0x0302};
  tt_quote_spec s;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
    tt_quote_init(&s, 5, 2);
    s.body_type = types[i];
    unsupported(&s, "body type");
  }
  /* type 1 with the SGX report's own size (384) */
  tt_quote_init(&s, 5, 2);
  s.body_type = 1;
  s.body_size_set = 1;
  s.body_size = 384;
  unsupported(&s, "body type 1, size 384");
}

/* ==== sizes: MALFORMED ==== */

static void malformed(tt_quote_spec *s, const char *why) {
  size_t len;
  uint8_t *b = build(s, &len);
  parse_fails(b, len, CONTRAST_MALFORMED, why);
  free(b);
}

static void test_tdx_quote_parse_body_size_fails_malformed(void) {
  /* §2: the size must equal 584 (type 2) / 648 (type 3) */
  static const uint32_t t2[] = {0, 583, 585, 648, 384, 0xffffffffu};
  static const uint32_t t3[] = {0, 584, 647, 649, 0xffffffffu};
  tt_quote_spec s;
  for (size_t i = 0; i < sizeof t2 / sizeof t2[0]; i++) {
    tt_quote_init(&s, 5, 2);
    s.body_size_set = 1;
    s.body_size = t2[i];
    malformed(&s, "type 2 body size");
  }
  for (size_t i = 0; i < sizeof t3 / sizeof t3[0]; i++) {
    tt_quote_init(&s, 5, 3);
    s.body_size_set = 1;
    s.body_size = t3[i];
    malformed(&s, "type 3 body size");
  }
}

static void test_tdx_quote_parse_lengths_fail_malformed(void) {
  static const uint16_t kinds[3][2] = {{4, 2}, {5, 2}, {5, 3}};
  for (size_t k = 0; k < 3; k++) {
    tt_quote_spec s;
    /* signature_data_len larger than what remains */
    static const int sig_deltas[] = {1, 2, 1000, -1, -134};
    for (size_t i = 0; i < sizeof sig_deltas / sizeof sig_deltas[0]; i++) {
      tt_quote_init(&s, kinds[k][0], kinds[k][1]);
      s.sig_len_delta = sig_deltas[i];
      malformed(&s, "signature_data_len");
    }
    /* certification data size off by one either way (§1.4: S must equal
     * signature_data_len - 134) */
    static const int deltas[] = {1, -1, 2, -2, 100000};
    for (size_t i = 0; i < sizeof deltas / sizeof deltas[0]; i++) {
      tt_quote_init(&s, kinds[k][0], kinds[k][1]);
      s.cert_size_delta = deltas[i];
      malformed(&s, "certification data size");
      tt_quote_init(&s, kinds[k][0], kinds[k][1]);
      s.inner_size_delta = deltas[i];
      malformed(&s, "inner certification data size");
    }
  }
  /* signature_data_len 0xffffffff written over a good quote */
  tt_quote_spec s;
  tt_quote_init(&s, 4, 2);
  size_t len;
  uint8_t *b = build(&s, &len);
  memset(b + 632, 0xff, 4);
  parse_fails(b, len, CONTRAST_MALFORMED, "signature_data_len u32 max");
  /* signature_data_len 0: no signature data */
  memset(b + 632, 0, 4);
  parse_fails(b, len, CONTRAST_MALFORMED, "signature_data_len 0");
  free(b);
  /* an empty QE auth data field is fine (it is bound as such) */
  tt_quote_init(&s, 4, 2);
  s.qe_auth_len = 0;
  b = build(&s, &len);
  tdx_quote q;
  contrast_err e;
  CU_ASSERT_EQUAL(parse(b, len, &q, &e), 0);
  CU_ASSERT_EQUAL(q.qe_auth_len, 0);
  free(b);
}

/* ==== truncation ==== */

static void truncation_sweep(const uint8_t *b, size_t whole, size_t *bad) {
  for (size_t len = 0; len < whole && *bad < 5; len++)
    if (!parse_fails(b, len, CONTRAST_MALFORMED, "truncated"))
      (*bad)++;
}

static void test_tdx_quote_parse_truncated_fails_malformed(void) {
  size_t len;
  uint8_t *b = load(QVL, &len);
  /* the quote proper ends at 636 + 4300 = 4936; the rest is padding */
  const size_t whole = 4936;
  /* always: a few lengths, one in each part */
  static const size_t fixed[] = {0,   1,    2,    4,    8,    12,   28,
                                 47,  48,   631,  632,  635,  636,  700,
                                 764, 770,  1154, 1218, 1220, 1252, 1258,
                                 3000, 4934, 4935};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    parse_fails(b, fixed[i], CONTRAST_MALFORMED, "truncated");
  parse_fails(NULL, 0, CONTRAST_MALFORMED, "NULL");
  if (!test_skip_sweeps()) {
    size_t bad = 0;
    truncation_sweep(b, whole, &bad);
    CU_ASSERT_EQUAL(bad, 0);
    /* the v5 type 3 layout too */
    tt_quote_spec s;
    tt_quote_init(&s, 5, 3);
    size_t blen;
    uint8_t *v5 = build(&s, &blen);
    truncation_sweep(v5, blen, &bad);
    CU_ASSERT_EQUAL(bad, 0);
    free(v5);
  }
  /* cutting into the padding only: accepted, with fewer trailing bytes */
  for (size_t n = whole; n <= len; n += 23) {
    tdx_quote q;
    contrast_err e;
    CU_ASSERT_EQUAL(parse(b, n, &q, &e), 0);
    CU_ASSERT_EQUAL(q.trailing, n - whole);
  }
  free(b);
}

/* ==== trailing bytes ==== */

static void test_tdx_quote_trailing_bytes_accepted_not_signed(void) {
  /* §1.1: anything after the signature data is allowed and not covered by
   * any signature: a changed trailing byte of the real quote still
   * verifies with its collateral and passes its policy */
  tt_real r;
  tt_real_load(&r, QVL);
  uint8_t *b = exact(r.c.evidence, r.c.evidence_len);
  tdx_verified *v = calloc(1, sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  contrast_err e;
  CU_ASSERT_EQUAL(tt_real_check(&r, b, r.c.evidence_len, v, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  static const size_t offs[] = {4936, 4970, 5005};
  for (size_t i = 0; i < 3; i++) {
    for (unsigned bit = 0; bit < 8; bit += 7) {
      b[offs[i]] ^= (uint8_t)(1u << bit);
      CU_ASSERT_EQUAL(tt_real_check(&r, b, r.c.evidence_len, v, &e), 0);
      ASSERT_CODE(e, CONTRAST_OK);
      CU_ASSERT_EQUAL(v->status, TDX_STATUS_UP_TO_DATE);
      CU_ASSERT_EQUAL(v->quote.trailing, 70);
      b[offs[i]] ^= (uint8_t)(1u << bit);
    }
  }
  memset(b + 4936, 0xa5, 70);
  CU_ASSERT_EQUAL(tt_real_check(&r, b, r.c.evidence_len, v, &e), 0);
  /* none at all */
  CU_ASSERT_EQUAL(tt_real_check(&r, b, 4936, v, &e), 0);
  CU_ASSERT_EQUAL(v->quote.trailing, 0);
  free(v);
  free(b);
  tt_real_wipe(&r);
}

static void test_tdx_quote_trailing_bytes_built_quote_verifies(void) {
  static const uint16_t kinds[3][2] = {{4, 2}, {5, 2}, {5, 3}};
  for (size_t k = 0; k < 3; k++) {
    tt_case c;
    tt_case_init(&c, kinds[k][0], kinds[k][1]);
    c.quote.trailing = 100;
    tt_case_build(&c);
    for (size_t i = c.quote_len - 100; i < c.quote_len; i++)
      c.quote_buf[i] = (uint8_t)(0x5a ^ i);
    tdx_verified *v = calloc(1, sizeof *v);
    CU_ASSERT_FATAL(v != NULL);
    contrast_err e;
    CU_ASSERT_EQUAL(tt_case_verify(&c, v, &e), 0);
    ASSERT_CODE(e, CONTRAST_OK);
    CU_ASSERT_EQUAL(v->quote.trailing, 100);
    free(v);
    tt_case_wipe(&c);
  }
}

/* ==== bit flips in a real quote, verified with its real collateral ==== */

/* The code a flipped bit must give, from the layout (§1.2, §1.4) and the
 * order of CASES.md: the parser rejects an unsupported header before any
 * signature is looked at; everything else in [0, 632) is covered by the
 * quote signature, which is checked after the QE report signature and the
 * key binding (both unaffected by the body). Flipping version bit 0 gives
 * 5: the v5 descriptor then reads tee_tcb_svn[0..1] (06 01) as body type
 * 0x106, which is not a TD report type: UNSUPPORTED as well. */
static contrast_code signed_expect(size_t off) {
  if (off < 8)
    return CONTRAST_UNSUPPORTED; /* version, att_key_type, tee_type */
  if (off >= 12 && off < 28)
    return CONTRAST_UNSUPPORTED; /* QE vendor ID */
  return CONTRAST_SIGNATURE; /* reserved, user data, body */
}

/* Signature data (absolute offsets of the real v4 quote): the code a flip
 * must give, or OK for "MALFORMED or UNSUPPORTED" (the QE auth data size,
 * whose flips shift where the inner type is read). */
static contrast_code sigdata_expect(size_t off) {
  if (off < 700)
    return CONTRAST_SIGNATURE; /* quote signature */
  if (off < 764)
    return CONTRAST_KEY_BINDING; /* attestation key: QE report data binds it */
  if (off < 766)
    return CONTRAST_UNSUPPORTED; /* certification data type */
  if (off < 770)
    return CONTRAST_MALFORMED; /* certification data size */
  if (off < 1218)
    return CONTRAST_SIGNATURE; /* QE report and its signature (PCK key) */
  if (off < 1220)
    return CONTRAST_OK; /* QE auth data size */
  if (off < 1252)
    return CONTRAST_KEY_BINDING; /* QE auth data: bound by the report data */
  if (off < 1254)
    return CONTRAST_UNSUPPORTED; /* inner type */
  return CONTRAST_MALFORMED; /* inner size */
}

static size_t flip_sweep(const tt_real *r, size_t from, size_t to,
                         contrast_code (*want_of)(size_t),
                         size_t counts[CONTRAST_CODE_COUNT_]) {
  uint8_t *b = exact(r->c.evidence, r->c.evidence_len);
  tdx_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  size_t bad = 0;
  for (size_t off = from; off < to; off++) {
    contrast_code want = want_of(off);
    for (unsigned bit = 0; bit < 8; bit++) {
      b[off] ^= (uint8_t)(1u << bit);
      contrast_err e;
      int rc = tt_real_check(r, b, r->c.evidence_len, v, &e);
      int ok = rc == -1 &&
               (want == CONTRAST_OK
                    ? e.code == CONTRAST_MALFORMED ||
                          e.code == CONTRAST_UNSUPPORTED
                    : e.code == want);
      if (!ok) {
        if (bad < 20)
          fprintf(stderr, "  offset %zu bit %u: expected %s, got %s: %s\n",
                  off, bit, contrast_code_name(want),
                  contrast_code_name(e.code), e.detail);
        bad++;
      }
      if ((size_t)e.code < CONTRAST_CODE_COUNT_)
        counts[e.code]++;
      b[off] ^= (uint8_t)(1u << bit);
    }
  }
  free(v);
  free(b);
  return bad;
}

static void test_tdx_verify_real_quote_bit_flip_signed_region(void) {
  tt_real r;
  tt_real_load(&r, QVL);
  size_t counts[CONTRAST_CODE_COUNT_] = {0};
  /* always: one byte of each field */
  static const size_t fixed[] = {0, 2, 4, 9, 12, 30, 48, 184, 568, 631};
  size_t bad = 0;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    bad += flip_sweep(&r, fixed[i], fixed[i] + 1, signed_expect, counts);
  CU_ASSERT_EQUAL(bad, 0);
  if (!test_skip_sweeps()) {
    memset(counts, 0, sizeof counts);
    bad = flip_sweep(&r, 0, 632, signed_expect, counts);
    CU_ASSERT_EQUAL(bad, 0);
    /* 8 x 24 header bits UNSUPPORTED, the other 608 bytes SIGNATURE */
    CU_ASSERT_EQUAL(counts[CONTRAST_UNSUPPORTED], 8 * 24);
    CU_ASSERT_EQUAL(counts[CONTRAST_SIGNATURE], 8 * (632 - 24));
  }
  tt_real_wipe(&r);
}

static void test_tdx_verify_real_quote_bit_flip_signature_data(void) {
  tt_real r;
  tt_real_load(&r, QVL);
  size_t counts[CONTRAST_CODE_COUNT_] = {0};
  static const size_t fixed[] = {636, 699, 700, 763, 764, 766, 770,
                                 1000, 1153, 1154, 1218, 1220, 1251, 1252,
                                 1254};
  size_t bad = 0;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    bad += flip_sweep(&r, fixed[i], fixed[i] + 1, sigdata_expect, counts);
  CU_ASSERT_EQUAL(bad, 0);
  if (!test_skip_sweeps()) {
    bad = flip_sweep(&r, 636, 1258, sigdata_expect, counts);
    CU_ASSERT_EQUAL(bad, 0);
  }
  /* a damaged PEM chain: MALFORMED */
  uint8_t *b = exact(r.c.evidence, r.c.evidence_len);
  b[1258 + 3] ^= 0x20; /* "-----BEGIN" -> "---\rBEGIN"... */
  tdx_verified *v = malloc(sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  contrast_err e;
  CU_ASSERT_EQUAL(tt_real_check(&r, b, r.c.evidence_len, v, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  free(v);
  free(b);
  tt_real_wipe(&r);
}

/* ==== JSON ==== */

static void test_tdx_quote_to_json_fields(void) {
  size_t len;
  uint8_t *b = load(QVL, &len);
  tdx_quote q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  json_t *j = tdx_quote_to_json(&q);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "version")), 4);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "tee_type")), 0x81);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "body_type")), 2);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "trailing_bytes")),
                  70);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "mr_td")),
                         "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a35"
                         "20c942a604a407de03ae6dc5f87f27428b2538873118b7");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "host_data")),
                         "00000000000000000000000000000000000000000000000000"
                         "00000000000000");
  CU_ASSERT_TRUE(json_is_false(json_object_get(j, "td_attributes_debug")));
  CU_ASSERT_PTR_NULL(json_object_get(j, "tee_tcb_svn2"));
  json_t *qe = json_object_get(j, "qe_report");
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(qe, "isv_svn")), 6);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(qe, "isv_prod_id")), 2);
  json_decref(j);
  free(b);
  /* type 3: the TDX 1.5 fields */
  tt_quote_spec s;
  tt_quote_init(&s, 5, 3);
  b = build(&s, &len);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(b, len, &q, &e), 0);
  j = tdx_quote_to_json(&q);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "body_size")), 648);
  CU_ASSERT_STRING_EQUAL(
      json_string_value(json_object_get(j, "tee_tcb_svn2")),
      "05010200000000000000000000000000");
  CU_ASSERT_PTR_NOT_NULL(json_object_get(j, "mr_servicetd"));
  json_decref(j);
  free(b);
}

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      T(test_tdx_quote_parse_every_real_quote),
      T(test_tdx_quote_parse_real_dcap_qvl_body_values),
      T(test_tdx_quote_parse_real_gcp_rtmrs_and_padding),
      T(test_tdx_quote_parse_real_debug_td_attributes),
      T(test_tdx_quote_parse_built_v4),
      T(test_tdx_quote_parse_built_v5_type2),
      T(test_tdx_quote_parse_built_v5_type3),
      T(test_tdx_quote_parse_built_v5_body_from_real_v4),
      T(test_tdx_quote_parse_header_errors_fail_unsupported),
      T(test_tdx_quote_parse_cert_data_types_fail_unsupported),
      T(test_tdx_quote_parse_v5_body_type_fails_unsupported),
      T(test_tdx_quote_parse_body_size_fails_malformed),
      T(test_tdx_quote_parse_lengths_fail_malformed),
      T(test_tdx_quote_parse_truncated_fails_malformed),
      T(test_tdx_quote_trailing_bytes_accepted_not_signed),
      T(test_tdx_quote_trailing_bytes_built_quote_verifies),
      T(test_tdx_verify_real_quote_bit_flip_signed_region),
      T(test_tdx_verify_real_quote_bit_flip_signature_data),
      T(test_tdx_quote_to_json_fields),
      {NULL, NULL}};
  int rc = test_run_suite("tdx_quote", tests);
  tt_cleanup();
  return rc;
}
