/* Tests of evidence/case.c: loading a case directory (spec/CASES.md
 * "case.json (format 1)"). Everything that makes a case unusable is
 * E_UNUSABLE; the bytes of evidence and endorsements are not judged here.
 * Cases are built in a fresh mkdtemp directory. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contrast/evidence.h"
#include "testsupport.h"

static char root[256];

static void root_make(void) {
  const char *base = getenv("TMPDIR");
  (void)snprintf(root, sizeof root, "%s/contrast-test-case-XXXXXX",
                 base != NULL && base[0] != '\0' ? base : "/tmp");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(root));
}

static int rm_one(const char *p, const struct stat *st, int flag,
                  struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(p);
}

static void root_remove(void) {
  (void)nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *dir, const char *name, const void *data,
                       size_t len) {
  char p[512];
  (void)snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
  CU_ASSERT_EQUAL(fclose(f), 0);
}

static const uint8_t REPORT[] = "report bytes: not judged by the loader";
static const uint8_t VEK[] = "vcek bytes";
static const uint8_t CHAIN[] = "chain bytes";
static const uint8_t CRL[] = "crl bytes";

/* The fields of a case.json, as raw JSON values; NULL leaves the key out. */
typedef struct cj {
  const char *format, *name, *tee, *trust, *description, *now, *evidence,
      *endorsements, *collateral, *policy, *expect, *extra;
} cj;

/* A usable SNP case named after its directory. */
static cj good(const char *name_json) {
  cj c = {.format = "1",
          .name = name_json,
          .tee = "\"snp\"",
          .trust = "\"amd\"",
          .description = "\"a test case\"",
          .now = "\"2024-05-01T00:00:00Z\"",
          .evidence = "\"report.bin\"",
          .endorsements = "{\"vcek\": \"vcek.der\"}",
          .collateral = NULL,
          .policy = "{\"vmpl\": 0}",
          .expect = "{\"verdict\": \"accept\"}",
          .extra = NULL};
  return c;
}

static char *render(const cj *c) {
  static char buf[4096];
  size_t off = 0;
  const struct {
    const char *k, *v;
  } kv[] = {{"format", c->format},         {"name", c->name},
            {"tee", c->tee},               {"trust", c->trust},
            {"description", c->description}, {"now", c->now},
            {"evidence", c->evidence},     {"endorsements", c->endorsements},
            {"collateral", c->collateral}, {"policy", c->policy},
            {"expect", c->expect}};
  off += (size_t)snprintf(buf + off, sizeof buf - off, "{");
  int first = 1;
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
    if (kv[i].v == NULL)
      continue;
    off += (size_t)snprintf(buf + off, sizeof buf - off, "%s\"%s\": %s",
                            first ? "" : ", ", kv[i].k, kv[i].v);
    first = 0;
  }
  if (c->extra != NULL)
    off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s",
                            first ? "" : ", ", c->extra);
  (void)snprintf(buf + off, sizeof buf - off, "}\n");
  return buf;
}

/* Create root/dirname with the standard files and the given case.json text
 * (NULL: no case.json). Returns the directory path (static storage). */
static const char *make_case(const char *dirname, const char *json) {
  static char dir[512];
  (void)snprintf(dir, sizeof dir, "%s/%s", root, dirname);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
  write_file(dir, "report.bin", REPORT, sizeof REPORT - 1);
  write_file(dir, "vcek.der", VEK, sizeof VEK - 1);
  write_file(dir, "vlek.der", VEK, sizeof VEK - 1);
  write_file(dir, "cert_chain.pem", CHAIN, sizeof CHAIN - 1);
  write_file(dir, "crl.der", CRL, sizeof CRL - 1);
  if (json != NULL)
    write_file(dir, "case.json", json, strlen(json));
  return dir;
}

static void load_unusable(const char *dir, const char *why) {
  contrast_case c;
  memset(&c, 0x5a, sizeof c);
  contrast_err e;
  contrast_err_clear(&e);
  int rc = contrast_case_load(dir, &c, &e);
  if (rc == 0 || e.code != CONTRAST_E_UNUSABLE)
    fprintf(stderr, "  %s: rc %d %s: %s\n", why, rc, contrast_code_name(e.code),
            e.detail);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  /* nothing left behind in the struct */
  CU_ASSERT_PTR_NULL(c.dir);
  CU_ASSERT_PTR_NULL(c.name);
  CU_ASSERT_PTR_NULL(c.evidence);
  CU_ASSERT_PTR_NULL(c.vek);
  CU_ASSERT_PTR_NULL(c.policy);
  if (rc == 0)
    contrast_case_wipe(&c);
}

/* Build a case whose directory is `dirname` from c and expect E_UNUSABLE. */
static void expect_unusable(const char *dirname, const cj *c, const char *why) {
  root_make();
  load_unusable(make_case(dirname, render(c)), why);
  root_remove();
}

/* ---- usable cases ---- */

static void test_case_load_minimal_snp_case(void) {
  root_make();
  cj c = good("\"case-1\"");
  const char *dir = make_case("case-1", render(&c));
  contrast_case cs;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &cs, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_STRING_EQUAL(cs.name, "case-1");
  CU_ASSERT_STRING_EQUAL(cs.dir, dir);
  CU_ASSERT_EQUAL(cs.tee, CONTRAST_TEE_SNP);
  CU_ASSERT_EQUAL(cs.trust, CONTRAST_TRUST_AMD);
  CU_ASSERT_EQUAL(cs.now, INT64_C(1714521600));
  CU_ASSERT_EQUAL_FATAL(cs.evidence_len, sizeof REPORT - 1);
  CU_ASSERT_EQUAL(memcmp(cs.evidence, REPORT, sizeof REPORT - 1), 0);
  CU_ASSERT_EQUAL_FATAL(cs.vek_len, sizeof VEK - 1);
  CU_ASSERT_EQUAL(memcmp(cs.vek, VEK, sizeof VEK - 1), 0);
  CU_ASSERT_EQUAL(cs.vek_kind, SNP_VEK_VCEK);
  CU_ASSERT_PTR_NULL(cs.cert_chain);
  CU_ASSERT_PTR_NULL(cs.crl);
  CU_ASSERT_TRUE_FATAL(json_is_object(cs.policy));
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(cs.policy, "vmpl")), 0);
  contrast_case_wipe(&cs);
  CU_ASSERT_PTR_NULL(cs.name);
  CU_ASSERT_PTR_NULL(cs.evidence);
  contrast_case_wipe(&cs); /* twice */
  contrast_case_wipe(NULL);
  root_remove();
}

static void test_case_load_vlek_chain_crl_and_trusts(void) {
  static const struct {
    const char *trust;
    contrast_trust_kind kind;
  } t[] = {{"\"amd\"", CONTRAST_TRUST_AMD},
           {"\"intel\"", CONTRAST_TRUST_INTEL},
           {"\"sim\"", CONTRAST_TRUST_SIM}};
  for (size_t i = 0; i < 3; i++) {
    root_make();
    cj c = good("\"v\"");
    c.trust = t[i].trust;
    c.endorsements = "{\"vlek\": \"vlek.der\", \"cert_chain\": "
                     "\"cert_chain.pem\", \"crl\": \"crl.der\"}";
    c.policy = NULL;
    c.expect = NULL;
    c.description = NULL;
    const char *dir = make_case("v", render(&c));
    contrast_case cs;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &cs, &e), 0);
    CU_ASSERT_EQUAL(cs.trust, t[i].kind);
    CU_ASSERT_EQUAL(cs.vek_kind, SNP_VEK_VLEK);
    CU_ASSERT_EQUAL(cs.vek_len, sizeof VEK - 1);
    CU_ASSERT_EQUAL_FATAL(cs.cert_chain_len, sizeof CHAIN - 1);
    CU_ASSERT_EQUAL(memcmp(cs.cert_chain, CHAIN, sizeof CHAIN - 1), 0);
    CU_ASSERT_EQUAL_FATAL(cs.crl_len, sizeof CRL - 1);
    CU_ASSERT_EQUAL(memcmp(cs.crl, CRL, sizeof CRL - 1), 0);
    CU_ASSERT_PTR_NULL(cs.policy); /* absent */
    contrast_case_wipe(&cs);
    root_remove();
  }
}

static void test_case_load_without_endorsements(void) {
  /* a missing VCEK is a verdict (COLLATERAL), not an unusable case */
  root_make();
  cj c = good("\"bare\"");
  c.endorsements = NULL;
  const char *dir = make_case("bare", render(&c));
  contrast_case cs;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &cs, &e), 0);
  CU_ASSERT_PTR_NULL(cs.vek);
  CU_ASSERT_EQUAL(cs.vek_len, 0);
  contrast_case_wipe(&cs);
  root_remove();
}

static void test_case_load_tdx_case_without_endorsements(void) {
  root_make();
  cj c = good("\"t\"");
  c.tee = "\"tdx\"";
  c.trust = "\"intel\"";
  c.endorsements = NULL;
  c.collateral = "{}";
  const char *dir = make_case("t", render(&c));
  contrast_case cs;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &cs, &e), 0);
  CU_ASSERT_EQUAL(cs.tee, CONTRAST_TEE_TDX);
  CU_ASSERT_EQUAL(cs.trust, CONTRAST_TRUST_INTEL);
  contrast_case_wipe(&cs);
  root_remove();
}

static void test_case_load_dir_with_trailing_slash(void) {
  root_make();
  cj c = good("\"slash\"");
  const char *dir = make_case("slash", render(&c));
  char with[600];
  (void)snprintf(with, sizeof with, "%s/", dir);
  contrast_case cs;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_case_load(with, &cs, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  contrast_case_wipe(&cs);
  root_remove();
}

static void test_case_load_real_case(void) {
  contrast_case cs;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      contrast_case_load(CONTRAST_SOURCE_DIR
                         "/vectors/real/snp/snp-milan-vlek-vmpl0-required",
                         &cs, &e),
      0);
  CU_ASSERT_STRING_EQUAL(cs.name, "snp-milan-vlek-vmpl0-required");
  CU_ASSERT_EQUAL(cs.evidence_len, 1184);
  CU_ASSERT_EQUAL(cs.vek_kind, SNP_VEK_VLEK);
  CU_ASSERT_EQUAL(cs.vek_len, 1319);
  CU_ASSERT_EQUAL(cs.cert_chain_len, 4611);
  CU_ASSERT_PTR_NULL(cs.crl);
  CU_ASSERT_EQUAL(cs.now, INT64_C(1748736000)); /* 2025-06-01T00:00:00Z */
  contrast_case_wipe(&cs);
}

/* ---- unusable cases ---- */

static void test_case_load_no_case_json_unusable(void) {
  root_make();
  load_unusable(make_case("empty", NULL), "no case.json");
  load_unusable("/nonexistent/contrast/case", "no directory");
  root_remove();
}

static void test_case_load_invalid_json_unusable(void) {
  static const char *const bad[] = {
      "", "{", "not json", "[]", "{\"format\": 1,}", "null",
      "{\"format\": 1, \"format\": 1, \"name\": \"bad\"}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    root_make();
    load_unusable(make_case("bad", bad[i]), bad[i]);
    root_remove();
  }
}

static void test_case_load_duplicate_key_unusable(void) {
  cj c = good("\"dup\"");
  c.extra = "\"tee\": \"snp\"";
  expect_unusable("dup", &c, "duplicate tee");
}

static void test_case_load_bad_format_unusable(void) {
  static const char *const formats[] = {"2", "0", "\"1\"", "1.0", "-1",
                                        "true", "null"};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    cj c = good("\"f\"");
    c.format = formats[i];
    expect_unusable("f", &c, formats[i]);
  }
  cj c = good("\"f\"");
  c.format = NULL;
  expect_unusable("f", &c, "format missing");
}

static void test_case_load_name_mismatch_unusable(void) {
  cj c = good("\"other-name\"");
  expect_unusable("this-dir", &c, "name differs from directory");
  c.name = NULL;
  expect_unusable("this-dir", &c, "name missing");
  c.name = "5";
  expect_unusable("this-dir", &c, "name not a string");
}

static void test_case_load_bad_name_chars_unusable(void) {
  static const char *const names[] = {"Upper", "under_score", "dot.ted",
                                      "sp ace", "caf\xc3\xa9"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char q[64];
    (void)snprintf(q, sizeof q, "\"%s\"", names[i]);
    cj c = good(q);
    expect_unusable(names[i], &c, names[i]); /* directory named the same */
  }
}

static void test_case_load_bad_now_unusable(void) {
  static const char *const nows[] = {
      "\"2024-05-01T00:00:00+00:00\"", "\"2024-05-01T00:00:00.0Z\"",
      "\"2024-05-01t00:00:00z\"",      "\"2024-05-01 00:00:00Z\"",
      "\"2024-05-01\"",                "\"2023-02-29T00:00:00Z\"",
      "\"\"",                          "1714521600",
      NULL};
  for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
    cj c = good("\"n\"");
    c.now = nows[i];
    expect_unusable("n", &c, nows[i] != NULL ? nows[i] : "now missing");
  }
}

static void test_case_load_unknown_tee_or_trust_unusable(void) {
  static const char *const tees[] = {"\"sev\"", "\"SNP\"", "\"sgx\"", "\"\"",
                                     "1", NULL};
  for (size_t i = 0; i < sizeof tees / sizeof tees[0]; i++) {
    cj c = good("\"x\"");
    c.tee = tees[i];
    expect_unusable("x", &c, tees[i] != NULL ? tees[i] : "tee missing");
  }
  static const char *const trusts[] = {"\"AMD\"", "\"test\"", "\"\"",
                                       "\"amd \"", "[]", NULL};
  for (size_t i = 0; i < sizeof trusts / sizeof trusts[0]; i++) {
    cj c = good("\"x\"");
    c.trust = trusts[i];
    expect_unusable("x", &c, trusts[i] != NULL ? trusts[i] : "trust missing");
  }
}

static void test_case_load_missing_named_file_unusable(void) {
  cj c = good("\"m\"");
  c.evidence = "\"nope.bin\"";
  expect_unusable("m", &c, "evidence file missing");
  c = good("\"m\"");
  c.evidence = NULL;
  expect_unusable("m", &c, "evidence key missing");
  c = good("\"m\"");
  c.endorsements = "{\"vcek\": \"nope.der\"}";
  expect_unusable("m", &c, "vcek file missing");
  c.endorsements = "{\"vcek\": \"vcek.der\", \"cert_chain\": \"nope.pem\"}";
  expect_unusable("m", &c, "cert_chain file missing");
  c.endorsements = "{\"vcek\": \"vcek.der\", \"crl\": \"nope.der\"}";
  expect_unusable("m", &c, "crl file missing");
  c.endorsements = "{\"vlek\": \"nope.der\"}";
  expect_unusable("m", &c, "vlek file missing");
}

static void test_case_load_named_file_is_directory_unusable(void) {
  root_make();
  cj c = good("\"d\"");
  c.evidence = "\"sub\"";
  const char *dir = make_case("d", render(&c));
  char sub[600];
  (void)snprintf(sub, sizeof sub, "%s/sub", dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
  load_unusable(dir, "evidence is a directory");
  root_remove();
}

static void test_case_load_path_outside_case_dir_unusable(void) {
  /* CASES.md: files are named inside the case directory. A path with '/'
   * or '..' is refused even when the file exists. */
  static const char *const paths[] = {"\"sub/report.bin\"",
                                      "\"./report.bin\"",
                                      "\"../p/report.bin\"",
                                      "\"..\"",
                                      "\"/etc/hostname\"",
                                      "\"\""};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    root_make();
    cj c = good("\"p\"");
    c.evidence = paths[i];
    const char *dir = make_case("p", render(&c));
    char sub[600];
    (void)snprintf(sub, sizeof sub, "%s/sub", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    write_file(sub, "report.bin", REPORT, sizeof REPORT - 1);
    load_unusable(dir, paths[i]);
    root_remove();
  }
  /* the same for an endorsement */
  root_make();
  cj c = good("\"q\"");
  c.endorsements = "{\"vcek\": \"../q/vcek.der\"}";
  load_unusable(make_case("q", render(&c)), "vcek via ..");
  root_remove();
}

static void test_case_load_both_vcek_and_vlek_unusable(void) {
  cj c = good("\"b\"");
  c.endorsements = "{\"vcek\": \"vcek.der\", \"vlek\": \"vlek.der\"}";
  expect_unusable("b", &c, "vcek and vlek");
}

static void test_case_load_collateral_in_snp_case_unusable(void) {
  cj c = good("\"c\"");
  c.collateral = "{\"tcb_info\": \"tcb.json\"}";
  expect_unusable("c", &c, "collateral in snp case");
  c.collateral = "{}";
  expect_unusable("c", &c, "empty collateral in snp case");
}

static void test_case_load_endorsements_in_tdx_case_unusable(void) {
  cj c = good("\"t\"");
  c.tee = "\"tdx\"";
  c.trust = "\"intel\"";
  expect_unusable("t", &c, "endorsements in tdx case");
}

static void test_case_load_tdx_collateral_problems_unusable(void) {
  cj c = good("\"t\"");
  c.tee = "\"tdx\"";
  c.trust = "\"intel\"";
  c.endorsements = NULL;
  c.collateral = "{\"tcb_info\": \"crl.der\", \"pck_chain\": \"crl.der\"}";
  expect_unusable("t", &c, "unknown collateral key");
  c.collateral = "{\"tcb_info\": \"nope.json\"}";
  expect_unusable("t", &c, "collateral file missing");
  c.collateral = "{\"root_ca_crl\": \"../t/crl.der\"}";
  expect_unusable("t", &c, "collateral path with ..");
  c.collateral = "{\"pck_crl\": 7}";
  expect_unusable("t", &c, "collateral name not a string");
  c.collateral = "[]";
  expect_unusable("t", &c, "collateral array");
  /* a good one: the named files are read */
  root_make();
  c.collateral = "{\"tcb_info\": \"crl.der\", \"root_ca_crl\": \"crl.der\"}";
  const char *dir = make_case("t", render(&c));
  contrast_case cs;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &cs, &e), 0);
  CU_ASSERT_EQUAL(cs.tcb_info_len, sizeof CRL - 1);
  CU_ASSERT_EQUAL(cs.root_ca_crl_len, sizeof CRL - 1);
  CU_ASSERT_PTR_NULL(cs.qe_identity);
  contrast_case_wipe(&cs);
  root_remove();
}

static void test_case_load_unknown_top_level_key_unusable(void) {
  cj c = good("\"k\"");
  c.extra = "\"comment\": \"x\"";
  expect_unusable("k", &c, "unknown key");
  c.extra = "\"Format\": 1";
  expect_unusable("k", &c, "key case");
}

static void test_case_load_unknown_endorsement_key_unusable(void) {
  cj c = good("\"e\"");
  c.endorsements = "{\"vcek\": \"vcek.der\", \"ask\": \"vcek.der\"}";
  expect_unusable("e", &c, "ask");
  c.endorsements = "{\"VCEK\": \"vcek.der\"}";
  expect_unusable("e", &c, "VCEK");
}

static void test_case_load_wrong_value_types_unusable(void) {
  cj c = good("\"w\"");
  c.endorsements = "[\"vcek.der\"]";
  expect_unusable("w", &c, "endorsements array");
  c = good("\"w\"");
  c.endorsements = "{\"vcek\": 1}";
  expect_unusable("w", &c, "vcek number");
  c = good("\"w\"");
  c.policy = "[]";
  expect_unusable("w", &c, "policy array");
  c = good("\"w\"");
  c.expect = "\"accept\"";
  expect_unusable("w", &c, "expect string");
  c = good("\"w\"");
  c.description = "{}";
  expect_unusable("w", &c, "description object");
  c = good("\"w\"");
  c.evidence = "1";
  expect_unusable("w", &c, "evidence number");
}

static const test_case tests[] = {
    {"test_case_load_minimal_snp_case", test_case_load_minimal_snp_case},
    {"test_case_load_vlek_chain_crl_and_trusts",
     test_case_load_vlek_chain_crl_and_trusts},
    {"test_case_load_without_endorsements",
     test_case_load_without_endorsements},
    {"test_case_load_tdx_case_without_endorsements",
     test_case_load_tdx_case_without_endorsements},
    {"test_case_load_dir_with_trailing_slash",
     test_case_load_dir_with_trailing_slash},
    {"test_case_load_real_case", test_case_load_real_case},
    {"test_case_load_no_case_json_unusable",
     test_case_load_no_case_json_unusable},
    {"test_case_load_invalid_json_unusable",
     test_case_load_invalid_json_unusable},
    {"test_case_load_duplicate_key_unusable",
     test_case_load_duplicate_key_unusable},
    {"test_case_load_bad_format_unusable", test_case_load_bad_format_unusable},
    {"test_case_load_name_mismatch_unusable",
     test_case_load_name_mismatch_unusable},
    {"test_case_load_bad_name_chars_unusable",
     test_case_load_bad_name_chars_unusable},
    {"test_case_load_bad_now_unusable", test_case_load_bad_now_unusable},
    {"test_case_load_unknown_tee_or_trust_unusable",
     test_case_load_unknown_tee_or_trust_unusable},
    {"test_case_load_missing_named_file_unusable",
     test_case_load_missing_named_file_unusable},
    {"test_case_load_named_file_is_directory_unusable",
     test_case_load_named_file_is_directory_unusable},
    {"test_case_load_path_outside_case_dir_unusable",
     test_case_load_path_outside_case_dir_unusable},
    {"test_case_load_both_vcek_and_vlek_unusable",
     test_case_load_both_vcek_and_vlek_unusable},
    {"test_case_load_collateral_in_snp_case_unusable",
     test_case_load_collateral_in_snp_case_unusable},
    {"test_case_load_endorsements_in_tdx_case_unusable",
     test_case_load_endorsements_in_tdx_case_unusable},
    {"test_case_load_tdx_collateral_problems_unusable",
     test_case_load_tdx_collateral_problems_unusable},
    {"test_case_load_unknown_top_level_key_unusable",
     test_case_load_unknown_top_level_key_unusable},
    {"test_case_load_unknown_endorsement_key_unusable",
     test_case_load_unknown_endorsement_key_unusable},
    {"test_case_load_wrong_value_types_unusable",
     test_case_load_wrong_value_types_unusable},
    {NULL, NULL},
};

int main(void) { return test_run_suite("evidence/case.c", tests); }
