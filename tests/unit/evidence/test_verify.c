/* Tests of evidence/verify.c: the TEE-neutral verify call (trust selection
 * of spec/CASES.md "Roots", verdicts with claims) and the adapter-protocol
 * JSON of CASES.md "The verifier adapter". Expected verdicts of the real
 * cases are the `expect` their authors wrote into each case.json. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "contrast/evidence.h"
#include "testsupport.h"

#define REAL CONTRAST_SOURCE_DIR "/vectors/real/snp"

static contrast_trust builtin;
static int builtin_loaded;

static const contrast_trust *roots(void) {
  if (!builtin_loaded) {
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&builtin, &e), 0);
    builtin_loaded = 1;
  }
  return &builtin;
}

/* ---- temp case directories ---- */

static char root[256];

static void root_make(void) {
  const char *base = getenv("TMPDIR");
  (void)snprintf(root, sizeof root, "%s/contrast-test-verify-XXXXXX",
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

static void write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
  CU_ASSERT_EQUAL(fclose(f), 0);
}

/* Copy the real case tee/src to root/name (every file; case.json with the
 * new name and, unless NULL, `trust`), with evidence byte `flip_off` XOR
 * 0x01 (negative: none). Returns the path. */
static const char *copy_case(const char *tee, const char *src,
                             const char *name, const char *trust,
                             long flip_off) {
  static char dir[512];
  (void)snprintf(dir, sizeof dir, "%s/%s", root, name);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
  char rel[512], abs[700];
  (void)snprintf(rel, sizeof rel, "vectors/real/%s/%s", tee, src);
  (void)snprintf(abs, sizeof abs, "%s/%s", CONTRAST_SOURCE_DIR, rel);
  char cjpath[800];
  (void)snprintf(cjpath, sizeof cjpath, "%s/case.json", abs);
  json_error_t je;
  json_t *j = json_load_file(cjpath, 0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  const char *evidence = json_string_value(json_object_get(j, "evidence"));
  CU_ASSERT_PTR_NOT_NULL_FATAL(evidence);
  DIR *d = opendir(abs);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.' || strcmp(de->d_name, "case.json") == 0)
      continue;
    char from[800], to[800];
    (void)snprintf(from, sizeof from, "%s/%s", rel, de->d_name);
    size_t len;
    uint8_t *b = test_read_file(from, &len);
    if (flip_off >= 0 && strcmp(de->d_name, evidence) == 0 &&
        (size_t)flip_off < len)
      b[flip_off] ^= 0x01;
    (void)snprintf(to, sizeof to, "%s/%s", dir, de->d_name);
    write_file(to, b, len);
    free(b);
  }
  closedir(d);
  CU_ASSERT_EQUAL(json_object_set_new(j, "name", json_string(name)), 0);
  if (trust != NULL)
    CU_ASSERT_EQUAL(json_object_set_new(j, "trust", json_string(trust)), 0);
  char to[600];
  (void)snprintf(to, sizeof to, "%s/case.json", dir);
  CU_ASSERT_EQUAL(json_dump_file(j, to, 0), 0);
  json_decref(j);
  return dir;
}

/* Load and verify a case directory; the verdict goes to *v (caller wipes). */
static int run(const char *dir, const contrast_trust *sim, contrast_verdict *v,
               contrast_err *e) {
  contrast_case c;
  contrast_err_clear(e);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &c, e), 0);
  contrast_verify_ctx ctx = {.builtin = roots(), .sim = sim, .snp_cache = NULL};
  int rc = contrast_verify_case(&c, &ctx, v, e);
  contrast_case_wipe(&c);
  return rc;
}

static const char *claim_str(const contrast_verdict *v, const char *key) {
  return json_string_value(json_object_get(v->claims, key));
}

/* ---- real cases ---- */

/* Run every case below vectors/real/<tee>; returns how many ran. */
static size_t run_real_cases(const char *tee) {
  char base[512];
  (void)snprintf(base, sizeof base, "%s/vectors/real/%s", CONTRAST_SOURCE_DIR,
                 tee);
  DIR *d = opendir(base);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  struct dirent *de;
  size_t n = 0;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    char dir[800];
    (void)snprintf(dir, sizeof dir, "%s/%s", base, de->d_name);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
      continue;
    contrast_case c;
    contrast_err e;
    contrast_err_clear(&e);
    int lrc = contrast_case_load(dir, &c, &e);
    if (lrc != 0)
      fprintf(stderr, "  %s: %s\n", de->d_name, e.detail);
    CU_ASSERT_EQUAL_FATAL(lrc, 0);
    /* the expectation, as the case's author wrote it */
    char cj[900];
    (void)snprintf(cj, sizeof cj, "%s/case.json", dir);
    json_error_t je;
    json_t *j = json_load_file(cj, 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    json_t *expect = json_object_get(j, "expect");
    const char *verdict =
        json_string_value(json_object_get(expect, "verdict"));
    const char *reason = json_string_value(json_object_get(expect, "reason"));
    const char *status =
        json_string_value(json_object_get(expect, "tcb_status"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(verdict);
    contrast_verify_ctx ctx = {.builtin = roots()};
    contrast_verdict v;
    CU_ASSERT_EQUAL(contrast_verify_case(&c, &ctx, &v, &e), 0);
    const char *got = v.reason == CONTRAST_OK ? "accept" : "reject";
    const char *got_reason =
        v.reason == CONTRAST_OK ? NULL : contrast_code_name(v.reason);
    int ok = strcmp(got, verdict) == 0 &&
             ((reason == NULL && got_reason == NULL) ||
              (reason != NULL && got_reason != NULL &&
               strcmp(reason, got_reason) == 0));
    if (status != NULL)
      ok = ok && v.tcb_status != NULL && strcmp(status, v.tcb_status) == 0;
    if (c.tee == CONTRAST_TEE_SNP)
      ok = ok && v.tcb_status == NULL; /* CASES.md: null for SNP */
    if (!ok)
      fprintf(stderr, "  %s: expected %s %s %s, got %s %s %s (%s)\n",
              de->d_name, verdict, reason != NULL ? reason : "-",
              status != NULL ? status : "-", got,
              got_reason != NULL ? got_reason : "-",
              v.tcb_status != NULL ? v.tcb_status : "-", v.detail);
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_TRUE(json_is_object(v.claims));
    contrast_verdict_wipe(&v);
    json_decref(j);
    contrast_case_wipe(&c);
    n++;
  }
  closedir(d);
  return n;
}

static void test_verify_case_every_real_snp_case_matches_expect(void) {
  CU_ASSERT_TRUE(run_real_cases("snp") >= 15);
}

static void test_verify_case_every_real_tdx_case_matches_expect(void) {
  CU_ASSERT_TRUE(run_real_cases("tdx") >= 1);
}

static void test_verify_case_accept_has_claims(void) {
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(REAL "/snp-milan-v2-idblock", NULL, &v, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_OK);
  CU_ASSERT_PTR_NULL(v.tcb_status);
  CU_ASSERT_STRING_EQUAL(claim_str(&v, "measurement"),
                         "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75"
                         "d98f1ef827c23500644e0e692e6be917f9050d3d38c");
  CU_ASSERT_STRING_EQUAL(
      claim_str(&v, "report_data"),
      "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2"
      "0000000000000000000000000000000000000000000000000000000000000000");
  CU_ASSERT_STRING_EQUAL(claim_str(&v, "product"), "Milan");
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(v.claims, "version")), 2);
  contrast_verdict_wipe(&v);
}

/* ---- trust selection (CASES.md "Roots") ---- */

static void test_verify_case_sim_without_sim_store_is_chain(void) {
  root_make();
  const char *dir =
      copy_case("snp", "snp-milan-v2-idblock", "as-sim", "sim", -1);
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(dir, NULL, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_CHAIN);
  CU_ASSERT_STRING_EQUAL(claim_str(&v, "product"), "Milan");
  contrast_verdict_wipe(&v);
  /* with a sim store (here: a store holding the real AMD roots, as if
   * passed with --trust-sim) the same case chains and is accepted */
  CU_ASSERT_EQUAL_FATAL(run(dir, roots(), &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_OK);
  contrast_verdict_wipe(&v);
  /* an empty sim store pins nothing */
  contrast_trust empty;
  contrast_trust_init_empty(&empty, "sim");
  CU_ASSERT_EQUAL_FATAL(run(dir, &empty, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_CHAIN);
  contrast_verdict_wipe(&v);
  contrast_trust_wipe(&empty);
  root_remove();
}

static void test_verify_case_intel_trust_for_snp_is_chain(void) {
  root_make();
  const char *dir = copy_case("snp", "snp-genoa-v5-oak", "as-intel", "intel", -1);
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(dir, NULL, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_CHAIN);
  /* the report parsed: claims are there */
  CU_ASSERT_STRING_EQUAL(claim_str(&v, "product"), "Genoa");
  contrast_verdict_wipe(&v);
  /* an intel case is not judged with AMD roots even when a sim store is
   * given */
  CU_ASSERT_EQUAL_FATAL(run(dir, roots(), &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_CHAIN);
  contrast_verdict_wipe(&v);
  root_remove();
}

static void test_verify_case_amd_trust_ignores_sim_store(void) {
  /* --trust-sim never changes how an amd case is judged: an empty sim
   * store leaves the real roots in charge */
  contrast_trust empty;
  contrast_trust_init_empty(&empty, "sim");
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(REAL "/snp-milan-v3-oak", &empty, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_OK);
  contrast_verdict_wipe(&v);
  contrast_trust_wipe(&empty);
}

/* ---- claims ---- */

static void test_verify_case_reject_after_parse_has_claims(void) {
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(REAL "/snp-milan-v2-debug", NULL, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_DEBUG);
  CU_ASSERT_TRUE(json_is_true(
      json_object_get(json_object_get(v.claims, "policy"), "debug")));
  CU_ASSERT_STRING_EQUAL(claim_str(&v, "measurement"),
                         "b07af9620f3b839b47996422ddec6058338951d984e31211513"
                         "1ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01");
  CU_ASSERT_PTR_NOT_NULL(strstr(v.detail, "DEBUG"));
  contrast_verdict_wipe(&v);
}

static void test_verify_case_truncated_report_has_empty_claims(void) {
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(REAL "/snp-derived-truncated", NULL, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_MALFORMED);
  CU_ASSERT_TRUE(json_is_object(v.claims));
  CU_ASSERT_EQUAL(json_object_size(v.claims), 0);
  contrast_verdict_wipe(&v);
}

static void test_verify_case_reserved_byte_set_has_empty_claims(void) {
  /* 0x04C is must-be-zero: the report does not parse, so no claims */
  root_make();
  const char *dir = copy_case("snp", "snp-milan-v2-idblock", "rsvd", NULL, 0x04C);
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(dir, NULL, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_MALFORMED);
  CU_ASSERT_TRUE(json_is_object(v.claims));
  if (json_object_size(v.claims) != 0)
    fprintf(stderr, "  claims of an unparsed report have %zu keys\n",
            json_object_size(v.claims));
  CU_ASSERT_EQUAL(json_object_size(v.claims), 0);
  contrast_verdict_wipe(&v);
  root_remove();
}

static void test_verify_case_unsupported_version_has_empty_claims(void) {
  root_make();
  /* VERSION 2 -> 3 at byte 0 (XOR 1): version 3 parses; use byte 1 (0x100
   * + 2 = 258) for an unsupported version instead */
  const char *dir = copy_case("snp", "snp-milan-v2-idblock", "badver", NULL, 0x001);
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(run(dir, NULL, &v, &e), 0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_UNSUPPORTED);
  CU_ASSERT_EQUAL(json_object_size(v.claims), 0);
  contrast_verdict_wipe(&v);
  root_remove();
}

static void test_verify_case_tdx_without_intel_root_is_chain(void) {
  /* a TDX case is judged only with the Intel root: `amd` pins nothing for
   * it, `sim` without a sim store neither */
  static const char *const trusts[] = {"amd", "sim"};
  for (size_t i = 0; i < 2; i++) {
    root_make();
    const char *dir =
        copy_case("tdx", "tdx-v4-dcap-qvl-uptodate", "t", trusts[i], -1);
    contrast_verdict v;
    contrast_err e;
    CU_ASSERT_EQUAL_FATAL(run(dir, NULL, &v, &e), 0);
    if (v.reason != CONTRAST_CHAIN)
      fprintf(stderr, "  trust %s: %s %s\n", trusts[i],
              contrast_code_name(v.reason), v.detail);
    CU_ASSERT_EQUAL(v.reason, CONTRAST_CHAIN);
    contrast_verdict_wipe(&v);
    root_remove();
  }
}

/* ---- contrast_verify_snp directly ---- */

static void test_verify_snp_bad_policy_is_unusable(void) {
  size_t rlen, vlen;
  uint8_t *rep =
      test_read_file("vectors/real/snp/snp-milan-v3-oak/report.bin", &rlen);
  uint8_t *vek =
      test_read_file("vectors/real/snp/snp-milan-v3-oak/vcek.der", &vlen);
  snp_endorsements en = {.vek = vek, .vek_len = vlen, .vek_kind = SNP_VEK_VCEK};
  static const char *const bad[] = {"{\"colour\": 1}", "{\"tdx\": {}}",
                                    "{\"vmpl\": 9}",
                                    "{\"snp\": {\"ProductName\": \"x\"}}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    json_error_t je;
    json_t *p = json_loads(bad[i], 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    contrast_verdict v;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_verify_snp(&roots()->snp, rep, rlen, &en, p,
                                        INT64_C(1756684800), NULL, &v, &e),
                    -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
    CU_ASSERT_PTR_NULL(v.claims);
    json_decref(p);
  }
  free(rep);
  free(vek);
}

static void test_verify_snp_with_cache_same_verdicts(void) {
  size_t rlen, vlen;
  uint8_t *rep =
      test_read_file("vectors/real/snp/snp-milan-v3-oak/report.bin", &rlen);
  uint8_t *vek =
      test_read_file("vectors/real/snp/snp-milan-v3-oak/vcek.der", &vlen);
  snp_endorsements en = {.vek = vek, .vek_len = vlen, .vek_kind = SNP_VEK_VCEK};
  snp_cache *cache = snp_cache_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(cache);
  json_error_t je;
  json_t *p = json_loads("{\"snp\": {\"ProductName\": \"Milan\"}}", 0, &je);
  for (int round = 0; round < 3; round++) {
    contrast_verdict v;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_verify_snp(&roots()->snp, rep, rlen, &en, p,
                                        INT64_C(1756684800), cache, &v, &e),
                    0);
    CU_ASSERT_EQUAL(v.reason, CONTRAST_OK);
    contrast_verdict_wipe(&v);
    /* after the VCEK's notAfter (7 years from 2025): EXPIRED, cached or not */
    CU_ASSERT_EQUAL(contrast_verify_snp(&roots()->snp, rep, rlen, &en, p,
                                        INT64_C(4102444800), cache, &v, &e),
                    0);
    CU_ASSERT_EQUAL(v.reason, CONTRAST_EXPIRED);
    contrast_verdict_wipe(&v);
  }
  json_decref(p);
  snp_cache_free(cache);
  snp_cache_free(NULL);
  free(rep);
  free(vek);
}

/* ---- the adapter JSON ---- */

static int has_exactly_keys(const json_t *o, const char *const *keys,
                            size_t n) {
  if (json_object_size(o) != n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (json_object_get(o, keys[i]) == NULL)
      return 0;
  return 1;
}

static const char *const ADAPTER_KEYS[] = {"verdict", "reason", "tcb_status",
                                           "advisory_ids", "claims", "detail"};

static void test_verdict_to_json_accept_keys_and_values(void) {
  contrast_verdict v;
  memset(&v, 0, sizeof v);
  v.reason = CONTRAST_OK;
  (void)snprintf(v.detail, sizeof v.detail, "all checks passed");
  v.claims = json_pack("{s:s}", "measurement", "00ff");
  json_t *j = contrast_verdict_to_json(&v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_TRUE(has_exactly_keys(j, ADAPTER_KEYS, 6));
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "verdict")),
                         "accept");
  CU_ASSERT_TRUE(json_is_null(json_object_get(j, "reason")));
  CU_ASSERT_TRUE(json_is_null(json_object_get(j, "tcb_status")));
  CU_ASSERT_TRUE(json_is_array(json_object_get(j, "advisory_ids")));
  CU_ASSERT_EQUAL(json_array_size(json_object_get(j, "advisory_ids")), 0);
  CU_ASSERT_STRING_EQUAL(
      json_string_value(
          json_object_get(json_object_get(j, "claims"), "measurement")),
      "00ff");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "detail")),
                         "all checks passed");
  json_decref(j);
  contrast_verdict_wipe(&v);
  CU_ASSERT_PTR_NULL(v.claims);
  contrast_verdict_wipe(&v);
  contrast_verdict_wipe(NULL);
}

static void test_verdict_to_json_reject_every_reason_name(void) {
  for (int c = CONTRAST_MALFORMED; c <= CONTRAST_REPORT_DATA; c++) {
    contrast_verdict v;
    memset(&v, 0, sizeof v);
    v.reason = (contrast_code)c;
    v.tcb_status = c == CONTRAST_TCB_STATUS ? "OutOfDate" : NULL;
    json_t *j = contrast_verdict_to_json(&v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_TRUE(has_exactly_keys(j, ADAPTER_KEYS, 6));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "verdict")),
                           "reject");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "reason")),
                           contrast_code_name((contrast_code)c));
    if (c == CONTRAST_TCB_STATUS)
      CU_ASSERT_STRING_EQUAL(
          json_string_value(json_object_get(j, "tcb_status")), "OutOfDate");
    /* no claims: an empty object, not null */
    CU_ASSERT_TRUE(json_is_object(json_object_get(j, "claims")));
    CU_ASSERT_EQUAL(json_object_size(json_object_get(j, "claims")), 0);
    json_decref(j);
  }
}

static void test_verdict_to_json_advisory_ids_passed_through(void) {
  contrast_verdict v;
  memset(&v, 0, sizeof v);
  v.reason = CONTRAST_TCB_STATUS;
  v.tcb_status = "SWHardeningNeeded";
  v.advisory_ids = json_pack("[ss]", "INTEL-SA-00615", "INTEL-SA-00657");
  CU_ASSERT_PTR_NOT_NULL_FATAL(v.advisory_ids);
  json_t *j = contrast_verdict_to_json(&v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  json_t *a = json_object_get(j, "advisory_ids");
  CU_ASSERT_EQUAL_FATAL(json_array_size(a), 2);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(a, 0)),
                         "INTEL-SA-00615");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "tcb_status")),
                         "SWHardeningNeeded");
  json_decref(j);
  contrast_verdict_wipe(&v);
  CU_ASSERT_PTR_NULL(v.advisory_ids);
}

static void test_verdict_to_json_detail_plain_ascii(void) {
  contrast_verdict v;
  memset(&v, 0, sizeof v);
  v.reason = CONTRAST_CHAIN;
  (void)snprintf(v.detail, sizeof v.detail, "CN 'caf\xc3\xa9'\n\tend");
  json_t *j = contrast_verdict_to_json(&v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "detail")),
                         "CN 'caf\?\?'\?\?end"); /* no trigraphs */
  json_decref(j);
}

static void test_verdict_to_json_real_verdict_round_trip(void) {
  contrast_verdict v;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(
      run(REAL "/snp-milan-vlek-vmpl0-required", NULL, &v, &e), 0);
  json_t *j = contrast_verdict_to_json(&v);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  char *s = json_dumps(j, JSON_COMPACT);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  json_t *back = json_loads(s, JSON_REJECT_DUPLICATES, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(back);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(back, "reason")),
                         "POLICY");
  CU_ASSERT_EQUAL(
      json_integer_value(json_object_get(json_object_get(back, "claims"),
                                         "vmpl")),
      1);
  free(s);
  json_decref(back);
  json_decref(j);
  contrast_verdict_wipe(&v);
}

static const test_case tests[] = {
    {"test_verify_case_every_real_snp_case_matches_expect",
     test_verify_case_every_real_snp_case_matches_expect},
    {"test_verify_case_every_real_tdx_case_matches_expect",
     test_verify_case_every_real_tdx_case_matches_expect},
    {"test_verify_case_accept_has_claims", test_verify_case_accept_has_claims},
    {"test_verify_case_sim_without_sim_store_is_chain",
     test_verify_case_sim_without_sim_store_is_chain},
    {"test_verify_case_intel_trust_for_snp_is_chain",
     test_verify_case_intel_trust_for_snp_is_chain},
    {"test_verify_case_amd_trust_ignores_sim_store",
     test_verify_case_amd_trust_ignores_sim_store},
    {"test_verify_case_reject_after_parse_has_claims",
     test_verify_case_reject_after_parse_has_claims},
    {"test_verify_case_truncated_report_has_empty_claims",
     test_verify_case_truncated_report_has_empty_claims},
    {"test_verify_case_reserved_byte_set_has_empty_claims",
     test_verify_case_reserved_byte_set_has_empty_claims},
    {"test_verify_case_unsupported_version_has_empty_claims",
     test_verify_case_unsupported_version_has_empty_claims},
    {"test_verify_case_tdx_without_intel_root_is_chain",
     test_verify_case_tdx_without_intel_root_is_chain},
    {"test_verify_snp_bad_policy_is_unusable",
     test_verify_snp_bad_policy_is_unusable},
    {"test_verify_snp_with_cache_same_verdicts",
     test_verify_snp_with_cache_same_verdicts},
    {"test_verdict_to_json_accept_keys_and_values",
     test_verdict_to_json_accept_keys_and_values},
    {"test_verdict_to_json_reject_every_reason_name",
     test_verdict_to_json_reject_every_reason_name},
    {"test_verdict_to_json_advisory_ids_passed_through",
     test_verdict_to_json_advisory_ids_passed_through},
    {"test_verdict_to_json_detail_plain_ascii",
     test_verdict_to_json_detail_plain_ascii},
    {"test_verdict_to_json_real_verdict_round_trip",
     test_verdict_to_json_real_verdict_round_trip},
    {NULL, NULL},
};

int main(void) {
  int rc = test_run_suite("evidence/verify.c", tests);
  if (builtin_loaded)
    contrast_trust_wipe(&builtin);
  return rc;
}
