/* backends/tdx/collateral.c: TCB info v3 and QE identity v2 parsing, the
 * raw-member scanner, TCB status names.
 *
 * Golden data: every real body in vectors/real/tdx; the expected values
 * were read from the files with python's json module and by locating the
 * signed member by hand (tdx.md §5.2: the signature covers the exact bytes
 * of the "tcbInfo" value), never from running the parser. Variants are
 * made with the test PKI's writer (tdxpki.h) and text edits, each with one
 * change; the rule each asserts is cited from spec/tdx.md §5.2-§5.3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/tdx.h"
#include "contrast/util.h"
#include "tdxpki.h"
#include "testsupport.h"

#define DIR "vectors/real/tdx/"
#define QVL DIR "tdx-v4-dcap-qvl-uptodate/"
#define AZURE DIR "tdx-v4-azure-outofdate/"
#define OLD DIR "tdx-v4-debug-td/"

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

/* A heap copy of exactly len bytes (over-reads show under ASan). */
static uint8_t *exact(const void *p, size_t len) {
  uint8_t *d = malloc(len ? len : 1);
  CU_ASSERT_FATAL(d != NULL);
  if (len > 0)
    memcpy(d, p, len);
  return d;
}

/* s with the first occurrence of from replaced by to (new; from must
 * occur). */
static char *subst(const char *s, const char *from, const char *to) {
  const char *at = strstr(s, from);
  if (at == NULL)
    fprintf(stderr, "  subst: '%s' not found\n", from);
  CU_ASSERT_PTR_NOT_NULL_FATAL(at);
  size_t a = (size_t)(at - s), fl = strlen(from), tl = strlen(to),
         n = strlen(s);
  char *o = malloc(n - fl + tl + 1);
  CU_ASSERT_FATAL(o != NULL);
  memcpy(o, s, a);
  memcpy(o + a, to, tl);
  memcpy(o + a + tl, at + fl, n - a - fl + 1);
  return o;
}

/* ---- parse helpers ---- */

static int tcb_parse(const char *text, tdx_tcb_info *t, contrast_err *e) {
  size_t n = strlen(text);
  uint8_t *b = exact(text, n);
  contrast_err_clear(e);
  int rc = tdx_tcb_info_parse(b, n, t, e);
  /* signed_data points into b: the callers only look at the rc here */
  tdx_tcb_info_wipe(t);
  free(b);
  return rc;
}

static void tcb_fails(const char *text, const char *why) {
  tdx_tcb_info t;
  contrast_err e;
  int rc = tcb_parse(text, &t, &e);
  if (rc != -1 || e.code != CONTRAST_MALFORMED)
    fprintf(stderr, "  %s: expected MALFORMED, got rc %d %s: %s\n", why, rc,
            contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
}

static void tcb_ok(const char *text, const char *why) {
  tdx_tcb_info t;
  contrast_err e;
  int rc = tcb_parse(text, &t, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: expected OK, got %s: %s\n", why,
            contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, 0);
}

static int qe_parse(const char *text, tdx_qe_identity *q, contrast_err *e) {
  size_t n = strlen(text);
  uint8_t *b = exact(text, n);
  contrast_err_clear(e);
  int rc = tdx_qe_identity_parse(b, n, q, e);
  tdx_qe_identity_wipe(q);
  free(b);
  return rc;
}

static void qe_fails(const char *text, const char *why) {
  tdx_qe_identity q;
  contrast_err e;
  int rc = qe_parse(text, &q, &e);
  if (rc != -1 || e.code != CONTRAST_MALFORMED)
    fprintf(stderr, "  %s: expected MALFORMED, got rc %d %s: %s\n", why, rc,
            contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
}

static void qe_ok(const char *text, const char *why) {
  tdx_qe_identity q;
  contrast_err e;
  int rc = qe_parse(text, &q, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: expected OK, got %s: %s\n", why,
            contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, 0);
}

/* The good test-PKI bodies as text (new). */
static char *good_tcb(void) {
  tt_tcb_info t = tt_tcb_info_good();
  size_t n;
  return tt_tcb_info_json(&t, &n);
}

static char *good_qe(void) {
  tt_qe_identity q = tt_qe_identity_good();
  size_t n;
  return tt_qe_identity_json(&q, &n);
}

/* Replace from by to in the good TCB info body and expect MALFORMED. */
static void tcb_edit_fails(const char *from, const char *to) {
  char *g = good_tcb();
  char *v = subst(g, from, to);
  char why[256];
  (void)snprintf(why, sizeof why, "'%s' -> '%s'", from, to);
  tcb_fails(v, why);
  free(v);
  free(g);
}

static void tcb_edit_ok(const char *from, const char *to) {
  char *g = good_tcb();
  char *v = subst(g, from, to);
  char why[256];
  (void)snprintf(why, sizeof why, "'%s' -> '%s'", from, to);
  tcb_ok(v, why);
  free(v);
  free(g);
}

static void qe_edit_fails(const char *from, const char *to) {
  char *g = good_qe();
  char *v = subst(g, from, to);
  char why[256];
  (void)snprintf(why, sizeof why, "'%s' -> '%s'", from, to);
  qe_fails(v, why);
  free(v);
  free(g);
}

static void qe_edit_ok(const char *from, const char *to) {
  char *g = good_qe();
  char *v = subst(g, from, to);
  char why[256];
  (void)snprintf(why, sizeof why, "'%s' -> '%s'", from, to);
  qe_ok(v, why);
  free(v);
  free(g);
}

/* ==== real TCB info bodies ==== */

/* Parse a real file (kept alive in *buf: signed_data points into it). */
static void parse_real_tcb(const char *path, uint8_t **buf, size_t *len,
                           tdx_tcb_info *t) {
  *buf = test_read_file(path, len);
  contrast_err e;
  contrast_err_clear(&e);
  int rc = tdx_tcb_info_parse(*buf, *len, t, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: %s %s\n", path, contrast_code_name(e.code),
            e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static void assert_level(const tdx_tcb_level *l, const char *sgx8,
                         uint16_t pcesvn, const char *tdx4, tdx_status st,
                         size_t n_adv) {
  uint8_t want[16] = {0};
  /* sgx8/tdx4: the first components as hex, the rest zero */
  CU_ASSERT_EQUAL(contrast_hex_decode(sgx8, want, strlen(sgx8) / 2, "sgx",
                                      CONTRAST_MALFORMED, NULL),
                  0);
  CU_ASSERT_EQUAL(memcmp(l->sgx, want, 16), 0);
  CU_ASSERT_EQUAL(l->pcesvn, pcesvn);
  memset(want, 0, 16);
  CU_ASSERT_EQUAL(contrast_hex_decode(tdx4, want, strlen(tdx4) / 2, "tdx",
                                      CONTRAST_MALFORMED, NULL),
                  0);
  CU_ASSERT_EQUAL(memcmp(l->tdx, want, 16), 0);
  CU_ASSERT_EQUAL(l->status, st);
  CU_ASSERT_EQUAL(l->advisories.n, n_adv);
}

static void test_tdx_tcb_info_parse_real_dcap_qvl_values(void) {
  uint8_t *b;
  size_t len;
  tdx_tcb_info t;
  parse_real_tcb(QVL "tcb_info.json", &b, &len, &t);
  CU_ASSERT_EQUAL(len, 3089);
  CU_ASSERT_STRING_EQUAL(t.id, "TDX");
  CU_ASSERT_EQUAL(t.version, 3);
  CU_ASSERT_EQUAL(t.issue_date, 1750328163);  /* 2025-06-19T10:16:03Z */
  CU_ASSERT_EQUAL(t.next_update, 1752920163); /* 2025-07-19T10:16:03Z */
  CU_ASSERT_TRUE(hex_is(t.fmspc, 6, "b0c06f000000"));
  CU_ASSERT_TRUE(hex_is(t.pceid, 2, "0000"));
  CU_ASSERT_EQUAL(t.tcb_type, 0);
  CU_ASSERT_EQUAL(t.tcb_evaluation_data_number, 17);
  static const uint8_t zero48[48] = {0};
  CU_ASSERT_EQUAL(memcmp(t.module_mrsigner, zero48, 48), 0);
  CU_ASSERT_TRUE(hex_is(t.module_attributes, 8, "0000000000000000"));
  CU_ASSERT_TRUE(hex_is(t.module_attributes_mask, 8, "ffffffffffffffff"));
  CU_ASSERT_EQUAL(t.has_identities, 1);
  CU_ASSERT_EQUAL_FATAL(t.n_identities, 2);
  CU_ASSERT_STRING_EQUAL(t.identities[0].id, "TDX_03");
  CU_ASSERT_EQUAL_FATAL(t.identities[0].n_levels, 1);
  CU_ASSERT_EQUAL(t.identities[0].levels[0].isvsvn, 3);
  CU_ASSERT_EQUAL(t.identities[0].levels[0].status, TDX_STATUS_UP_TO_DATE);
  CU_ASSERT_STRING_EQUAL(t.identities[1].id, "TDX_01");
  CU_ASSERT_EQUAL_FATAL(t.identities[1].n_levels, 2);
  CU_ASSERT_EQUAL(t.identities[1].levels[0].isvsvn, 4);
  CU_ASSERT_EQUAL(t.identities[1].levels[1].isvsvn, 2);
  CU_ASSERT_EQUAL(t.identities[1].levels[1].status, TDX_STATUS_OUT_OF_DATE);
  CU_ASSERT_EQUAL_FATAL(t.n_levels, 2);
  assert_level(&t.levels[0], "0202020203010005", 11, "050002",
               TDX_STATUS_UP_TO_DATE, 0);
  assert_level(&t.levels[1], "0202020203010005", 5, "050002",
               TDX_STATUS_OUT_OF_DATE, 14);
  CU_ASSERT_STRING_EQUAL(t.levels[1].advisories.ids[0], "INTEL-SA-00106");
  CU_ASSERT_STRING_EQUAL(t.levels[1].advisories.ids[13], "INTEL-SA-00837");
  /* the signed bytes: from the '{' after "tcbInfo": (offset 11) up to
   * ',"signature"', 2934 bytes */
  CU_ASSERT_PTR_EQUAL(t.signed_data, b + 11);
  CU_ASSERT_EQUAL(t.signed_len, 2934);
  CU_ASSERT_EQUAL(t.signed_data[0], '{');
  CU_ASSERT_EQUAL(t.signed_data[t.signed_len - 1], '}');
  CU_ASSERT_TRUE(hex_is(t.signature, 8, "027ef6ca41bac64e"));
  CU_ASSERT_TRUE(hex_is(t.signature + 60, 4, "e6790b4f"));
  tdx_tcb_info_wipe(&t);
  CU_ASSERT_EQUAL(t.n_levels, 0);
  CU_ASSERT_PTR_NULL(t.levels);
  free(b);
}

static void test_tdx_tcb_info_parse_real_azure_values(void) {
  uint8_t *b;
  size_t len;
  tdx_tcb_info t;
  parse_real_tcb(AZURE "tcb_info.json", &b, &len, &t);
  CU_ASSERT_EQUAL(t.issue_date, 1760896130);  /* 2025-10-19T17:48:50Z */
  CU_ASSERT_EQUAL(t.next_update, 1763488130); /* 2025-11-18T17:48:50Z */
  CU_ASSERT_TRUE(hex_is(t.fmspc, 6, "00806f050000"));
  CU_ASSERT_EQUAL(t.tcb_evaluation_data_number, 17);
  CU_ASSERT_EQUAL(t.n_identities, 2);
  CU_ASSERT_EQUAL_FATAL(t.n_levels, 4);
  assert_level(&t.levels[0], "0707020203010003", 11, "050007",
               TDX_STATUS_UP_TO_DATE, 0);
  assert_level(&t.levels[1], "0606020203010003", 11, "030006",
               TDX_STATUS_OUT_OF_DATE, 3);
  assert_level(&t.levels[2], "0505020203010003", 11, "030005",
               TDX_STATUS_OUT_OF_DATE, 4);
  assert_level(&t.levels[3], "0505020203010003", 5, "030005",
               TDX_STATUS_OUT_OF_DATE, 17);
  CU_ASSERT_STRING_EQUAL(t.levels[1].advisories.ids[0], "INTEL-SA-00960");
  CU_ASSERT_PTR_EQUAL(t.signed_data, b + 11);
  CU_ASSERT_EQUAL(t.signed_len, 4766);
  CU_ASSERT_TRUE(hex_is(t.signature, 8, "a7eb0829ce2ccedd"));
  tdx_tcb_info_wipe(&t);
  free(b);
}

static void test_tdx_tcb_info_parse_real_2023_without_identities(void) {
  /* GTG's June-2023 body: no tdxModuleIdentities (tdx.md §5.2), FMSPC in
   * lower case, evaluation data number 15 */
  uint8_t *b;
  size_t len;
  tdx_tcb_info t;
  parse_real_tcb(OLD "tcb_info.json", &b, &len, &t);
  CU_ASSERT_EQUAL(t.issue_date, 1687077778);  /* 2023-06-18T08:42:58Z */
  CU_ASSERT_EQUAL(t.next_update, 1689669778); /* 2023-07-18T08:42:58Z */
  CU_ASSERT_TRUE(hex_is(t.fmspc, 6, "50806f000000"));
  CU_ASSERT_EQUAL(t.tcb_evaluation_data_number, 15);
  CU_ASSERT_EQUAL(t.has_identities, 0);
  CU_ASSERT_EQUAL(t.n_identities, 0);
  CU_ASSERT_EQUAL_FATAL(t.n_levels, 2);
  assert_level(&t.levels[0], "0505020203010003", 11, "030005",
               TDX_STATUS_UP_TO_DATE, 0);
  assert_level(&t.levels[1], "0505020203010003", 5, "030005",
               TDX_STATUS_OUT_OF_DATE, 13);
  CU_ASSERT_EQUAL(t.signed_len, 2245);
  CU_ASSERT_TRUE(hex_is(t.signature, 8, "f6502d6fad1e3b72"));
  tdx_tcb_info_wipe(&t);
  free(b);
}

static void test_tdx_tcb_info_parse_every_real_body_signed_member(void) {
  /* every tcb_info.json in the real cases (the derived bad-signature one
   * too: its structure is intact): the signed member is exactly the text
   * between '{"tcbInfo":' and ',"signature":' */
  static const char *const cases[] = {
      "tdx-derived-report-data-flipped", "tdx-derived-tcb-info-bad-signature",
      "tdx-derived-tcb-info-expired",    "tdx-v4-azure-outofdate-accepted",
      "tdx-v4-azure-outofdate",          "tdx-v4-dcap-qvl-uptodate",
      "tdx-v4-debug-td-allowed",         "tdx-v4-debug-td",
      "tdx-v4-gcp-cos-uptodate",         "tdx-v4-spr-no-tcb-level"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[256];
    (void)snprintf(path, sizeof path, DIR "%s/tcb_info.json", cases[i]);
    uint8_t *b;
    size_t len;
    tdx_tcb_info t;
    parse_real_tcb(path, &b, &len, &t);
    static const char head[] = "{\"tcbInfo\":";
    const char *sig = strstr((const char *)b, ",\"signature\":");
    CU_ASSERT_FATAL(sig != NULL);
    CU_ASSERT_EQUAL(memcmp(b, head, sizeof head - 1), 0);
    CU_ASSERT_PTR_EQUAL(t.signed_data, b + sizeof head - 1);
    CU_ASSERT_EQUAL(t.signed_len,
                    (size_t)((const uint8_t *)sig - b) - (sizeof head - 1));
    tdx_tcb_info_wipe(&t);
    free(b);
    (void)snprintf(path, sizeof path, DIR "%s/qe_identity.json", cases[i]);
    b = test_read_file(path, &len);
    tdx_qe_identity q;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL_FATAL(tdx_qe_identity_parse(b, len, &q, &e), 0);
    static const char qhead[] = "{\"enclaveIdentity\":";
    sig = strstr((const char *)b, ",\"signature\":");
    CU_ASSERT_FATAL(sig != NULL);
    CU_ASSERT_PTR_EQUAL(q.signed_data, b + sizeof qhead - 1);
    CU_ASSERT_EQUAL(q.signed_len,
                    (size_t)((const uint8_t *)sig - b) - (sizeof qhead - 1));
    tdx_qe_identity_wipe(&q);
    free(b);
  }
}

/* ==== real QE identity bodies ==== */

static void test_tdx_qe_identity_parse_real_values(void) {
  static const struct {
    const char *path;
    int64_t issue, next;
    uint64_t eval;
    const char *sig8;
  } rows[] = {
      {QVL "qe_identity.json", 1750329147, 1752921147, 17, "d6d709840544c26e"},
      {AZURE "qe_identity.json", 1760352407, 1762944407, 17,
       "bb0fd102172722f0"},
      {OLD "qe_identity.json", 1686209099, 1688801099, 15, "b6a601f05de27f2c"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    size_t len;
    uint8_t *b = test_read_file(rows[i].path, &len);
    tdx_qe_identity q;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL_FATAL(tdx_qe_identity_parse(b, len, &q, &e), 0);
    CU_ASSERT_EQUAL(len, 624);
    CU_ASSERT_STRING_EQUAL(q.id, "TD_QE");
    CU_ASSERT_EQUAL(q.version, 2);
    CU_ASSERT_EQUAL(q.issue_date, rows[i].issue);
    CU_ASSERT_EQUAL(q.next_update, rows[i].next);
    CU_ASSERT_EQUAL(q.tcb_evaluation_data_number, rows[i].eval);
    /* tdx.md §5.3: identical in every real TD_QE identity */
    CU_ASSERT_EQUAL(q.miscselect, 0);
    CU_ASSERT_EQUAL(q.miscselect_mask, 0xffffffffu);
    CU_ASSERT_TRUE(
        hex_is(q.attributes, 16, "11000000000000000000000000000000"));
    CU_ASSERT_TRUE(
        hex_is(q.attributes_mask, 16, "fbffffffffffffff0000000000000000"));
    CU_ASSERT_TRUE(hex_is(
        q.mrsigner, 32,
        "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5"));
    CU_ASSERT_EQUAL(q.isvprodid, 2);
    CU_ASSERT_EQUAL_FATAL(q.n_levels, 1);
    CU_ASSERT_EQUAL(q.levels[0].isvsvn, 4);
    CU_ASSERT_EQUAL(q.levels[0].status, TDX_STATUS_UP_TO_DATE);
    CU_ASSERT_PTR_EQUAL(q.signed_data, b + 19);
    CU_ASSERT_EQUAL(q.signed_len, 461);
    CU_ASSERT_TRUE(hex_is(q.signature, 8, rows[i].sig8));
    tdx_qe_identity_wipe(&q);
    free(b);
  }
}

/* ==== the raw member scanner ==== */

static int raw(const char *text, const char *key, const char **val,
               size_t *vlen) {
  size_t n = strlen(text);
  uint8_t *b = exact(text, n);
  const uint8_t *v = NULL;
  size_t vl = 0;
  int rc = tdx_json_raw_member(b, n, key, &v, &vl);
  static char out[512];
  out[0] = '\0';
  if (rc == 0) {
    CU_ASSERT_FATAL(v >= b && v + vl <= b + n && vl < sizeof out);
    memcpy(out, v, vl);
    out[vl] = '\0';
  }
  free(b);
  *val = out;
  *vlen = vl;
  return rc;
}

static void raw_is(const char *text, const char *key, const char *want) {
  const char *v;
  size_t vl;
  int rc = raw(text, key, &v, &vl);
  if (rc != 0 || strcmp(v, want) != 0)
    fprintf(stderr, "  %s: rc %d, got '%s', want '%s'\n", text, rc, v, want);
  CU_ASSERT_EQUAL(rc, 0);
  CU_ASSERT_STRING_EQUAL(v, want);
}

static void raw_refused(const char *text, const char *key) {
  const char *v;
  size_t vl;
  int rc = raw(text, key, &v, &vl);
  if (rc != -1)
    fprintf(stderr, "  %s: expected refusal, got '%s'\n", text, v);
  CU_ASSERT_EQUAL(rc, -1);
}

static void test_tdx_json_raw_member_exact_bytes(void) {
  raw_is("{\"tcbInfo\":{\"a\":1},\"signature\":\"00\"}", "tcbInfo",
         "{\"a\":1}");
  raw_is("{\"signature\":\"00\",\"tcbInfo\":{\"a\":1}}", "tcbInfo",
         "{\"a\":1}");
  raw_is("{\"tcbInfo\":{\"a\":1},\"signature\":\"00\"}", "signature",
         "\"00\"");
  /* values of every kind before the key are skipped */
  raw_is("{\"n\":-12.5e3,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[2,{}],"
         "{\"b\":[]}],\"s\":\"x\",\"k\":{\"x\":{\"y\":[{}]}}}",
         "k", "{\"x\":{\"y\":[{}]}}");
  raw_is("{\"k\":[1,2,3]}", "k", "[1,2,3]");
  raw_is("{\"k\":12}", "k", "12");
  raw_is("{\"k\":true}", "k", "true");
}

static void test_tdx_json_raw_member_whitespace_variants(void) {
  /* whitespace around the object, keys, colons and commas is not part of
   * the value; whitespace inside the value is */
  raw_is("  {  \"tcbInfo\"  :  {\"a\": 1}  ,  \"signature\" : \"00\"  }  ",
         "tcbInfo", "{\"a\": 1}");
  raw_is("\n\t{\r\n\t\"tcbInfo\"\r\n:\n{\n \"a\" : [ 1 , 2 ]\n}\n}\n",
         "tcbInfo", "{\n \"a\" : [ 1 , 2 ]\n}");
  raw_is("{\"x\" : 1 ,\"tcbInfo\":{}}", "tcbInfo", "{}");
  raw_is("{\"k\" : 12 }", "k", "12");
}

static void test_tdx_json_raw_member_braces_inside_strings(void) {
  raw_is("{\"s\":\"{{{[[\",\"tcbInfo\":{\"k\":\"}}]]\"},\"z\":\"}\"}",
         "tcbInfo", "{\"k\":\"}}]]\"}");
  raw_is("{\"tcbInfo\":{\"k\":\"{\"},\"signature\":\"}\"}", "tcbInfo",
         "{\"k\":\"{\"}");
}

static void test_tdx_json_raw_member_escaped_quotes(void) {
  /* an escaped quote does not end a string; an escaped backslash before
   * a quote does not escape the quote */
  raw_is("{\"tcbInfo\":{\"k\":\"a\\\"}b\"},\"z\":1}", "tcbInfo",
         "{\"k\":\"a\\\"}b\"}");
  raw_is("{\"tcbInfo\":{\"k\":\"a\\\\\"},\"z\":1}", "tcbInfo",
         "{\"k\":\"a\\\\\"}");
  raw_is("{\"q\\\"x\":\"\\\"}\",\"tcbInfo\":{}}", "tcbInfo", "{}");
}

static void test_tdx_json_raw_member_only_top_level_keys(void) {
  /* a nested key of the same name is not the member */
  raw_is("{\"x\":{\"tcbInfo\":{\"evil\":1}},\"tcbInfo\":{\"a\":1}}",
         "tcbInfo", "{\"a\":1}");
  raw_refused("{\"x\":{\"tcbInfo\":{\"evil\":1}}}", "tcbInfo");
  raw_refused("{\"x\":[\"tcbInfo\",{\"tcbInfo\":1}]}", "tcbInfo");
  /* a string value spelled like the key is not a key */
  raw_refused("{\"x\":\"tcbInfo\"}", "tcbInfo");
}

static void test_tdx_json_raw_member_exact_key_spelling(void) {
  raw_refused("{\"tcbinfo\":{}}", "tcbInfo");
  raw_refused("{\"TcbInfo\":{}}", "tcbInfo");
  raw_refused("{\"tcbInfo \":{}}", "tcbInfo");
  raw_refused("{\"tcbInfoX\":{}}", "tcbInfo");
  raw_refused("{\"xtcbInfo\":{}}", "tcbInfo");
  raw_refused("{\"tcbInf\":{}}", "tcbInfo");
}

static void test_tdx_json_raw_member_duplicate_key_refused(void) {
  raw_refused("{\"tcbInfo\":{\"a\":1},\"tcbInfo\":{\"a\":2}}", "tcbInfo");
  raw_refused("{\"tcbInfo\":{},\"signature\":\"\",\"tcbInfo\":{}}",
              "tcbInfo");
}

static void test_tdx_json_raw_member_escaped_key_spelling_refused(void) {
  /* a key written with escapes is refused, not guessed at: a JSON parser
   * decodes "tcb\u0049nfo" to tcbInfo, the scanner must not pick another
   * member than the parser does */
  raw_refused("{\"tcb\\u0049nfo\":{\"a\":1}}", "tcbInfo");
  raw_refused("{\"tcbInfo\":{\"a\":1},\"tcb\\u0049nfo\":{\"a\":2}}",
              "tcbInfo");
  raw_refused("{\"tcb\\u0049nfo\":{\"a\":2},\"tcbInfo\":{\"a\":1}}",
              "tcbInfo");
  raw_refused("{\"\\u0074cbInfo\":{\"a\":2},\"tcbInfo\":{\"a\":1}}",
              "tcbInfo");
  raw_refused("{\"tcbInfo\":{\"a\":1},\"tcbInf\\u006F\":{\"a\":2}}",
              "tcbInfo");
  raw_refused("{\"tcbInfo\":{\"a\":1},\"tcb\\u0049\\u006efo\":{}}",
              "tcbInfo");
}

static void test_tdx_json_raw_member_not_an_object_refused(void) {
  raw_refused("", "k");
  raw_refused("   ", "k");
  raw_refused("[{\"k\":1}]", "k");
  raw_refused("\"k\"", "k");
  raw_refused("{}", "k");
  raw_refused("{ }", "k");
  raw_refused("{\"k\"}", "k");
  raw_refused("{\"k\":}", "k");
  raw_refused("{\"k\":{}", "k");        /* unterminated */
  raw_refused("{\"k\":{\"a\":\"}", "k"); /* unterminated string */
  raw_refused("{\"k\":1,}", "k");
  raw_refused("{\"k\":1 \"j\":2}", "k");
  raw_refused("{k:1}", "k");
  raw_refused("{\"k\":1", "k");
}

/* ==== TCB info: structure ==== */

static void test_tdx_tcb_info_parse_good_writer_output_accepted(void) {
  char *g = good_tcb();
  size_t n = strlen(g);
  uint8_t *b = exact(g, n);
  tdx_tcb_info t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_tcb_info_parse(b, n, &t, &e), 0);
  CU_ASSERT_EQUAL(t.n_levels, 2);
  CU_ASSERT_EQUAL(t.n_identities, 2);
  CU_ASSERT_EQUAL(t.levels[1].advisories.n, 2);
  CU_ASSERT_EQUAL(t.issue_date, TT_T_TCB_ISSUE);
  CU_ASSERT_EQUAL(t.next_update, TT_T_TCB_NEXT);
  /* the writer's compact object is exactly what was signed */
  tt_tcb_info spec = tt_tcb_info_good();
  tt_buf obj = {0};
  tt_tcb_info_object(&spec, &obj);
  CU_ASSERT_EQUAL(t.signed_len, obj.len);
  CU_ASSERT_EQUAL(memcmp(t.signed_data, obj.p, obj.len), 0);
  tt_buf_free(&obj);
  tdx_tcb_info_wipe(&t);
  free(b);
  free(g);
}

static void test_tdx_tcb_info_parse_pretty_printed_keeps_raw_bytes(void) {
  /* whitespace in the served body: the signed bytes are the raw value */
  tt_tcb_info spec = tt_tcb_info_good();
  tt_buf obj = {0};
  tt_tcb_info_object(&spec, &obj);
  char sig[129];
  tt_sign_hex(TT_KEY_TCB, obj.p, obj.len, sig);
  tt_buf body = {0};
  tt_buf_printf(&body, "\n{\n  \"tcbInfo\" :  ");
  tt_buf_put(&body, obj.p, obj.len);
  tt_buf_printf(&body, " ,\n  \"signature\" : \"%s\"\n}\n", sig);
  uint8_t *b = exact(body.p, body.len);
  tdx_tcb_info t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_tcb_info_parse(b, body.len, &t, &e), 0);
  CU_ASSERT_EQUAL(t.signed_len, obj.len);
  CU_ASSERT_EQUAL(memcmp(t.signed_data, obj.p, obj.len), 0);
  tdx_tcb_info_wipe(&t);
  free(b);
  tt_buf_free(&body);
  tt_buf_free(&obj);
}

static void test_tdx_tcb_info_parse_bad_json_fails_malformed(void) {
  tcb_fails("", "empty");
  tcb_fails("{", "truncated");
  tcb_fails("[]", "array");
  tcb_fails("\"tcbInfo\"", "string");
  tcb_fails("{}", "no tcbInfo");
  tcb_fails("{\"tcbInfo\":[],\"signature\":\"00\"}", "tcbInfo array");
  char *g = good_tcb();
  /* truncated by one byte, and trailing garbage */
  size_t n = strlen(g);
  g[n - 1] = '\0';
  tcb_fails(g, "last byte cut");
  free(g);
  g = good_tcb();
  tt_buf tb = {0};
  tt_buf_put(&tb, g, strlen(g));
  tt_buf_put(&tb, " x", 2);
  tcb_fails((const char *)tb.p, "trailing garbage");
  tt_buf_free(&tb);
  tt_buf_put(&tb, g, strlen(g));
  tt_buf_put(&tb, "{}", 2);
  tcb_fails((const char *)tb.p, "a second value");
  tt_buf_free(&tb);
  char *v;
  /* duplicate keys (the parser and the scanner must agree) */
  v = subst(g, "{\"tcbInfo\":", "{\"tcbInfo\":{},\"tcbInfo\":");
  tcb_fails(v, "duplicate tcbInfo");
  free(v);
  v = subst(g, "\"version\":3,", "\"version\":3,\"version\":3,");
  tcb_fails(v, "duplicate version");
  free(v);
  free(g);
}

static void test_tdx_tcb_info_parse_signature_fails_malformed(void) {
  char *g = good_tcb();
  const char *s = strstr(g, "\"signature\":\"");
  CU_ASSERT_FATAL(s != NULL);
  char sig[130];
  memcpy(sig, s + 13, 128);
  sig[128] = '\0';
  char from[160], to[6][170];
  (void)snprintf(from, sizeof from, "\"%s\"", sig);
  /* 127 and 129 hex digits, 63 and 65 bytes, a non-hex digit; a number;
   * the member misspelt (missing) */
  (void)snprintf(to[0], sizeof to[0], "\"%.127s\"", sig);
  (void)snprintf(to[1], sizeof to[1], "\"%s0\"", sig);
  (void)snprintf(to[2], sizeof to[2], "\"%.126s\"", sig);
  (void)snprintf(to[3], sizeof to[3], "\"%s00\"", sig);
  (void)snprintf(to[4], sizeof to[4], "\"%.127sg\"", sig);
  (void)snprintf(to[5], sizeof to[5], "12");
  for (size_t i = 0; i < 6; i++) {
    char *v = subst(g, from, to[i]);
    tcb_fails(v, to[i]);
    free(v);
  }
  char *v = subst(g, ",\"signature\":", ",\"signaturX\":");
  tcb_fails(v, "no signature");
  free(v);
  free(g);
}

static void test_tdx_tcb_info_parse_fields_fail_malformed(void) {
  /* missing / mistyped top-level fields */
  tcb_edit_fails("\"id\":\"TDX\",", "");
  tcb_edit_fails("\"id\":\"TDX\"", "\"id\":3");
  tcb_edit_fails("\"version\":3,", "");
  tcb_edit_fails("\"version\":3", "\"version\":\"3\"");
  tcb_edit_fails("\"version\":3", "\"version\":-3");
  tcb_edit_fails("\"version\":3", "\"version\":3.5");
  tcb_edit_fails("\"issueDate\":\"2025-05-20T00:00:00Z\",", "");
  tcb_edit_fails("2025-05-20T00:00:00Z", "2025-05-20");
  tcb_edit_fails("2025-05-20T00:00:00Z", "Monday");
  tcb_edit_fails("2025-06-19T00:00:00Z", "2025-13-19T00:00:00Z");
  tcb_edit_fails("\"tcbType\":0,", "");
  tcb_edit_fails("\"tcbType\":0", "\"tcbType\":\"0\"");
  tcb_edit_fails("\"tcbEvaluationDataNumber\":17,", "");
  tcb_edit_fails("\"tcbEvaluationDataNumber\":17",
                 "\"tcbEvaluationDataNumber\":null");
  /* wrong hex lengths and characters */
  tcb_edit_fails("\"fmspc\":\"B0C06F000000\"", "\"fmspc\":\"B0C06F0000\"");
  tcb_edit_fails("\"fmspc\":\"B0C06F000000\"", "\"fmspc\":\"B0C06F00000000\"");
  tcb_edit_fails("\"fmspc\":\"B0C06F000000\"", "\"fmspc\":\"B0C06F00000\"");
  tcb_edit_fails("\"fmspc\":\"B0C06F000000\"", "\"fmspc\":\"B0C06F00000Z\"");
  tcb_edit_fails("\"fmspc\":\"B0C06F000000\",", "");
  tcb_edit_fails("\"pceId\":\"0000\"", "\"pceId\":\"000000\"");
  tcb_edit_fails("\"pceId\":\"0000\"", "\"pceId\":\"00\"");
  tcb_edit_fails("\"pceId\":\"0000\"", "\"pceId\":0");
  /* tdxModule */
  tcb_edit_fails("\"tdxModule\":{", "\"tdxModulX\":{");
  tcb_edit_fails("\"tdxModule\":{\"mrsigner\":\"00",
                 "\"tdxModule\":{\"mrsigner\":\"");
  tcb_edit_fails("\"attributes\":\"0000000000000000\",\"attributesMask\":"
                 "\"FFFFFFFFFFFFFFFF\"},",
                 "\"attributes\":\"00000000000000\",\"attributesMask\":"
                 "\"FFFFFFFFFFFFFFFF\"},");
  tcb_edit_fails("\"attributesMask\":\"FFFFFFFFFFFFFFFF\"},",
                 "\"attributesMask\":\"FFFFFFFFFFFFFFFFFF\"},");
  /* identities */
  tcb_edit_fails("\"tdxModuleIdentities\":[",
                 "\"tdxModuleIdentities\":\"x\",\"y\":[");
  tcb_edit_fails("\"id\":\"TDX_03\",", "");
  tcb_edit_fails("\"id\":\"TDX_03\",\"mrsigner\":\"00",
                 "\"id\":\"TDX_03\",\"mrsigner\":\"");
  tcb_edit_fails("{\"tcb\":{\"isvsvn\":3}", "{\"tcb\":{\"isvsvn\":65536}");
  tcb_edit_fails("{\"tcb\":{\"isvsvn\":3}", "{\"tcb\":{\"isvsn\":3}");
  /* levels */
  tcb_edit_fails("\"tcbLevels\":[{\"tcb\":{\"sgxtcbcomponents\"",
                 "\"tcbLevelz\":[{\"tcb\":{\"sgxtcbcomponents\"");
  tcb_edit_fails("{\"svn\":3,\"category\":\"BIOS\",\"type\":\"Early "
                 "Microcode Update\"}",
                 "{\"svn\":256,\"category\":\"BIOS\",\"type\":\"Early "
                 "Microcode Update\"}");
  tcb_edit_fails("{\"svn\":3,\"category\":\"BIOS\",\"type\":\"Early "
                 "Microcode Update\"},",
                 ""); /* 15 components */
  tcb_edit_fails("\"sgxtcbcomponents\":[",
                 "\"sgxtcbcomponents\":[{\"svn\":0},"); /* 17 components */
  tcb_edit_fails("\"tdxtcbcomponents\":[",
                 "\"tdxtcbcomponents\":[{\"svn\":0},");
  tcb_edit_fails("\"tdxtcbcomponents\":[", "\"tdxtcbcomponentz\":[");
  tcb_edit_fails("\"pcesvn\":13", "\"pcesvn\":65536");
  tcb_edit_fails("\"pcesvn\":13,", "");
  tcb_edit_fails("\"advisoryIDs\":[\"INTEL-SA-00960\"",
                 "\"advisoryIDs\":[7");
  tcb_edit_fails("\"advisoryIDs\":[\"INTEL-SA-00960\",\"INTEL-SA-00982\"]",
                 "\"advisoryIDs\":\"INTEL-SA-00960\"");
}

static void test_tdx_tcb_info_parse_hex_case_insensitive(void) {
  /* tdx.md §5.2: hex in upper or lower case */
  tcb_edit_ok("\"fmspc\":\"B0C06F000000\"", "\"fmspc\":\"b0c06f000000\"");
  tcb_edit_ok("\"attributesMask\":\"FFFFFFFFFFFFFFFF\"},",
              "\"attributesMask\":\"ffffffffffffffff\"},");
  /* without tdxModuleIdentities (older bodies) */
  tcb_edit_ok(
      "\"tdxModuleIdentities\":[{\"id\":\"TDX_03\"",
      "\"tdxModuleIdentitiez\":[{\"id\":\"TDX_03\"");
}

static void test_tdx_tcb_info_parse_level_statuses(void) {
  /* §5.2: the seven valid tcbStatus strings are accepted at the platform
   * level; anything else (other spellings, the verifier-only statuses) is
   * MALFORMED */
  static const char *const valid[] = {
      "UpToDate",  "SWHardeningNeeded", "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded", "OutOfDate",
      "OutOfDateConfigurationNeeded", "Revoked"};
  static const char *const invalid[] = {
      "uptodate", "UPTODATE", "UpToDate ", "", "Unknown", "OK",
      "TDRelaunchAdvised", "TDRelaunchAdvisedConfigurationNeeded",
      "NotSupported"};
  for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
    tt_tcb_info t = tt_tcb_info_good();
    (void)snprintf(t.levels[1].status, sizeof t.levels[1].status, "%s",
                   valid[i]);
    size_t n;
    char *j = tt_tcb_info_json(&t, &n);
    tcb_ok(j, valid[i]);
    free(j);
  }
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    tt_tcb_info t = tt_tcb_info_good();
    (void)snprintf(t.levels[1].status, sizeof t.levels[1].status, "%s",
                   invalid[i]);
    size_t n;
    char *j = tt_tcb_info_json(&t, &n);
    tcb_fails(j, invalid[i]);
    free(j);
  }
  tcb_edit_fails(",\"tcbStatus\":\"UpToDate\"}]}", ",\"tcbStatus\":3}]}");
}

static void test_tdx_tcb_info_parse_module_level_statuses(void) {
  /* §5.2: a module identity level may only be UpToDate, OutOfDate or
   * Revoked (QVL VALID_MODULE_TCB_STATUSES) */
  static const char *const valid[] = {"UpToDate", "OutOfDate", "Revoked"};
  static const char *const invalid[] = {
      "SWHardeningNeeded", "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded", "OutOfDateConfigurationNeeded",
      "TDRelaunchAdvised", "NotSupported", "outofdate", "Bogus"};
  for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
    tt_tcb_info t = tt_tcb_info_good();
    (void)snprintf(t.ids[1].levels[1].status, 48, "%s", valid[i]);
    size_t n;
    char *j = tt_tcb_info_json(&t, &n);
    tcb_ok(j, valid[i]);
    free(j);
  }
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    tt_tcb_info t = tt_tcb_info_good();
    (void)snprintf(t.ids[1].levels[1].status, 48, "%s", invalid[i]);
    size_t n;
    char *j = tt_tcb_info_json(&t, &n);
    tcb_fails(j, invalid[i]);
    free(j);
  }
}

static void test_tdx_tcb_info_parse_statuses_and_advisories_decoded(void) {
  tt_tcb_info spec = tt_tcb_info_good();
  (void)snprintf(spec.levels[0].status, 48, "%s",
                 "ConfigurationAndSWHardeningNeeded");
  (void)snprintf(spec.ids[0].levels[0].status, 48, "Revoked");
  spec.ids[0].levels[0].n_adv = 2;
  (void)snprintf(spec.ids[0].levels[0].adv[0], 24, "INTEL-SA-1");
  (void)snprintf(spec.ids[0].levels[0].adv[1], 24, "INTEL-SA-2");
  size_t n;
  char *j = tt_tcb_info_json(&spec, &n);
  uint8_t *b = exact(j, n);
  tdx_tcb_info t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_tcb_info_parse(b, n, &t, &e), 0);
  CU_ASSERT_EQUAL(t.levels[0].status,
                  TDX_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED);
  CU_ASSERT_EQUAL(t.levels[1].status, TDX_STATUS_OUT_OF_DATE);
  CU_ASSERT_EQUAL(t.identities[0].levels[0].status, TDX_STATUS_REVOKED);
  CU_ASSERT_EQUAL_FATAL(t.identities[0].levels[0].advisories.n, 2);
  CU_ASSERT_STRING_EQUAL(t.identities[0].levels[0].advisories.ids[1],
                         "INTEL-SA-2");
  CU_ASSERT_EQUAL(t.levels[0].sgx[4], 4);
  CU_ASSERT_EQUAL(t.levels[0].tdx[0], 5);
  CU_ASSERT_EQUAL(t.levels[0].pcesvn, 13);
  tdx_tcb_info_wipe(&t);
  free(b);
  free(j);
}

/* ==== QE identity ==== */

static void test_tdx_qe_identity_parse_good_writer_output_accepted(void) {
  char *g = good_qe();
  size_t n = strlen(g);
  uint8_t *b = exact(g, n);
  tdx_qe_identity q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_qe_identity_parse(b, n, &q, &e), 0);
  CU_ASSERT_EQUAL(q.issue_date, TT_T_QE_ISSUE);
  CU_ASSERT_EQUAL(q.next_update, TT_T_QE_NEXT);
  CU_ASSERT_EQUAL(q.n_levels, 1);
  tt_qe_identity spec = tt_qe_identity_good();
  tt_buf obj = {0};
  tt_qe_identity_object(&spec, &obj);
  CU_ASSERT_EQUAL(q.signed_len, obj.len);
  CU_ASSERT_EQUAL(memcmp(q.signed_data, obj.p, obj.len), 0);
  tt_buf_free(&obj);
  tdx_qe_identity_wipe(&q);
  CU_ASSERT_PTR_NULL(q.levels);
  free(b);
  free(g);
}

static void test_tdx_qe_identity_parse_miscselect_read_little_endian(void) {
  /* tdx.md §6.G.3: the 4 bytes of the hex string are compared as u32 LE */
  char *g = good_qe();
  char *v = subst(g, "\"miscselect\":\"00000000\"",
                  "\"miscselect\":\"01000080\"");
  char *w = subst(v, "\"miscselectMask\":\"FFFFFFFF\"",
                  "\"miscselectMask\":\"FE00FF7F\"");
  size_t n = strlen(w);
  uint8_t *b = exact(w, n);
  tdx_qe_identity q;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_qe_identity_parse(b, n, &q, &e), 0);
  CU_ASSERT_EQUAL(q.miscselect, 0x80000001u);
  CU_ASSERT_EQUAL(q.miscselect_mask, 0x7fff00feu);
  tdx_qe_identity_wipe(&q);
  free(b);
  free(w);
  free(v);
  free(g);
}

static void test_tdx_qe_identity_parse_fields_fail_malformed(void) {
  qe_fails("", "empty");
  qe_fails("{}", "no enclaveIdentity");
  qe_fails("{\"enclaveIdentity\":\"x\",\"signature\":\"00\"}", "not object");
  qe_edit_fails("{\"enclaveIdentity\":", "{\"enclaveIdentitY\":");
  qe_edit_fails(",\"signature\":\"", ",\"signature\":\"0");
  qe_edit_fails("\"id\":\"TD_QE\",", "");
  qe_edit_fails("\"version\":2", "\"version\":\"2\"");
  qe_edit_fails("\"issueDate\":\"2025-05-21T00:00:00Z\"",
                "\"issueDate\":\"2025-05-21 00:00:00\"");
  qe_edit_fails("\"nextUpdate\":\"2025-06-20T00:00:00Z\",", "");
  qe_edit_fails("\"tcbEvaluationDataNumber\":17,", "");
  qe_edit_fails("\"miscselect\":\"00000000\"", "\"miscselect\":\"000000\"");
  qe_edit_fails("\"miscselect\":\"00000000\"",
                "\"miscselect\":\"0000000000\"");
  qe_edit_fails("\"miscselectMask\":\"FFFFFFFF\"",
                "\"miscselectMask\":\"FFFFFFFFF\"");
  qe_edit_fails("\"attributes\":\"11000000000000000000000000000000\"",
                "\"attributes\":\"110000000000000000000000000000\"");
  qe_edit_fails("\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\"",
                "\"attributesMask\":\"FBFFFFFFFFFFFFFF000000000000000000\"");
  qe_edit_fails("\"mrsigner\":\"DC9E", "\"mrsigner\":\"9E");
  qe_edit_fails("\"mrsigner\":\"DC9E", "\"mrsigner\":\"0000DC9E");
  qe_edit_fails("\"isvprodid\":2", "\"isvprodid\":65536");
  qe_edit_fails("\"isvprodid\":2,", "");
  qe_edit_fails("\"tcbLevels\":[", "\"tcbLevels\":\"x\",\"y\":[");
  qe_edit_fails("{\"tcb\":{\"isvsvn\":4}", "{\"tcb\":{\"isvsvn\":65536}");
  qe_edit_fails("{\"tcb\":{\"isvsvn\":4}", "{\"tcb\":{}");
  qe_edit_fails("\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"Fine\"");
  qe_edit_fails("\"tcbStatus\":\"UpToDate\"",
                "\"tcbStatus\":\"TDRelaunchAdvised\"");
  qe_edit_fails("\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"NotSupported\"");
  qe_edit_fails(",\"tcbStatus\":\"UpToDate\"", "");
}

static void test_tdx_qe_identity_parse_level_statuses(void) {
  /* §5.3: UpToDate, OutOfDate, Revoked are served; QVL also knows the
   * Configuration* strings: every TCB info status is accepted here */
  static const char *const valid[] = {
      "UpToDate",  "SWHardeningNeeded", "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded", "OutOfDate",
      "OutOfDateConfigurationNeeded", "Revoked"};
  for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
    char to[80];
    (void)snprintf(to, sizeof to, "\"tcbStatus\":\"%s\"", valid[i]);
    qe_edit_ok("\"tcbStatus\":\"UpToDate\"", to);
  }
  /* lower-case hex */
  qe_edit_ok("\"mrsigner\":\"DC9E2A7C", "\"mrsigner\":\"dc9e2a7c");
}

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      T(test_tdx_tcb_info_parse_real_dcap_qvl_values),
      T(test_tdx_tcb_info_parse_real_azure_values),
      T(test_tdx_tcb_info_parse_real_2023_without_identities),
      T(test_tdx_tcb_info_parse_every_real_body_signed_member),
      T(test_tdx_qe_identity_parse_real_values),
      T(test_tdx_json_raw_member_exact_bytes),
      T(test_tdx_json_raw_member_whitespace_variants),
      T(test_tdx_json_raw_member_braces_inside_strings),
      T(test_tdx_json_raw_member_escaped_quotes),
      T(test_tdx_json_raw_member_only_top_level_keys),
      T(test_tdx_json_raw_member_exact_key_spelling),
      T(test_tdx_json_raw_member_duplicate_key_refused),
      T(test_tdx_json_raw_member_escaped_key_spelling_refused),
      T(test_tdx_json_raw_member_not_an_object_refused),
      T(test_tdx_tcb_info_parse_good_writer_output_accepted),
      T(test_tdx_tcb_info_parse_pretty_printed_keeps_raw_bytes),
      T(test_tdx_tcb_info_parse_bad_json_fails_malformed),
      T(test_tdx_tcb_info_parse_signature_fails_malformed),
      T(test_tdx_tcb_info_parse_fields_fail_malformed),
      T(test_tdx_tcb_info_parse_hex_case_insensitive),
      T(test_tdx_tcb_info_parse_level_statuses),
      T(test_tdx_tcb_info_parse_module_level_statuses),
      T(test_tdx_tcb_info_parse_statuses_and_advisories_decoded),
      T(test_tdx_qe_identity_parse_good_writer_output_accepted),
      T(test_tdx_qe_identity_parse_miscselect_read_little_endian),
      T(test_tdx_qe_identity_parse_fields_fail_malformed),
      T(test_tdx_qe_identity_parse_level_statuses),
      {NULL, NULL}};
  int rc = test_run_suite("tdx_collateral", tests);
  tt_cleanup();
  return rc;
}
