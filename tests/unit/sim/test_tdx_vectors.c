/* sim/tdx_vectors.c: the TDX corpus. The cases are well-formed CASES.md
 * cases, cover what the corpus promises (every reason code in two ways,
 * every status, v4 and v5 with both body types), keep the "crl" naming
 * contract of the conformance runner, regenerate with identical
 * expectations, and our verifier passes each of them. The expectations are
 * the generator's constants; this suite only checks the verifier against
 * them (a failure means one of the two is wrong: decide from the spec). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "contrast/evidence.h"
#include "contrast/util.h"
#include "sim.h"
#include "simtest.h"
#include "testsupport.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_CASES 1024

static char tmp[256];
static char keys[4096], out[4096];
static char names[MAX_CASES][96];
static size_t n_names;
static size_t generated;

static int cmp_names(const void *a, const void *b) {
  return strcmp((const char *)a, (const char *)b);
}

static void list_cases(const char *dir, char (*list)[96], size_t *n) {
  DIR *d = opendir(dir);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  *n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.')
      continue;
    size_t len = strlen(e->d_name);
    CU_ASSERT_FATAL(*n < MAX_CASES && len < 96);
    memcpy(list[(*n)++], e->d_name, len + 1);
  }
  closedir(d);
  qsort(list, *n, sizeof list[0], cmp_names);
}

static void generate(const char *k, const char *o, size_t *count) {
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_mkdirs(k, &err), 0);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_keys_init(k, &err), 0);
  CU_ASSERT_EQUAL_FATAL(sim_mkdirs(o, &err), 0);
  int rc = sim_tdx_vectors(k, o, count, &err);
  if (rc != 0)
    fprintf(stderr, "  vectors: %s: %s\n", contrast_code_name(err.code),
            err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static int suite_init(void) {
  const char *base = getenv("TMPDIR");
  (void)snprintf(tmp, sizeof tmp, "%s/contrast-tdxvec-XXXXXX",
                 base != NULL && base[0] != '\0' ? base : "/tmp");
  if (mkdtemp(tmp) == NULL)
    return -1;
  (void)snprintf(keys, sizeof keys, "%s/keys", tmp);
  (void)snprintf(out, sizeof out, "%s/tdx", tmp);
  return 0;
}

static void case_dir(char *p, const char *name) {
  int n = snprintf(p, 4096, "%s/%s", out, name);
  CU_ASSERT_FATAL(n > 0 && n < 4096);
}

static json_t *expect_of(const char *name) {
  char p[4096];
  case_dir(p, name);
  strncat(p, "/case.json", 4096 - strlen(p) - 1);
  json_error_t je;
  json_t *j = json_load_file(p, 0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  return j;
}

/* ---- tests (run in order: the first generates the corpus) ---- */

static void test_tdx_vectors_generate_quickly(void) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  generate(keys, out, &generated);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  CU_ASSERT_TRUE(s < 60.0);
  list_cases(out, names, &n_names);
  CU_ASSERT_EQUAL(n_names, generated);
  /* the corpus is at least 250 cases with the SNP half; TDX alone has
   * more than 200 */
  CU_ASSERT_TRUE(generated >= 200);
}

static void test_tdx_vectors_cases_are_well_formed(void) {
  for (size_t i = 0; i < n_names; i++) {
    const char *n = names[i];
    CU_ASSERT_EQUAL(strncmp(n, "tdx-", 4), 0);
    CU_ASSERT_EQUAL(strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789-"),
                    strlen(n));
    char p[4096];
    case_dir(p, n);
    contrast_case c;
    contrast_err err;
    contrast_err_clear(&err);
    int rc = contrast_case_load(p, &c, &err);
    if (rc != 0)
      fprintf(stderr, "  %s: %s\n", n, err.detail);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_STRING_EQUAL(c.name, n);
    CU_ASSERT_EQUAL(c.tee, CONTRAST_TEE_TDX);
    contrast_case_wipe(&c);
    json_t *j = expect_of(n);
    const char *desc = json_string_value(json_object_get(j, "description"));
    CU_ASSERT_TRUE(desc != NULL && strlen(desc) > 20 &&
                   strchr(desc, '\n') == NULL);
    json_decref(j);
  }
}

static const char *const REASONS[] = {
    "MALFORMED", "UNSUPPORTED", "SIGNATURE", "KEY_BINDING", "CHAIN",
    "EXPIRED",   "REVOKED",     "COLLATERAL", "TCB_STATUS", "TCB_TOO_LOW",
    "DEBUG",     "POLICY",      "MEASUREMENT", "HOST_DATA", "REPORT_DATA"};

static void test_tdx_vectors_cover_reasons_statuses_versions(void) {
  size_t reason_n[N_ELEMS(REASONS)] = {0};
  size_t status_n[TDX_STATUS_COUNT_] = {0};
  size_t accepted_n[TDX_STATUS_COUNT_] = {0};
  size_t v4 = 0, v5b2 = 0, v5b3 = 0;
  for (size_t i = 0; i < n_names; i++) {
    json_t *j = expect_of(names[i]);
    json_t *e = json_object_get(j, "expect");
    const char *reason = json_string_value(json_object_get(e, "reason"));
    const char *status = json_string_value(json_object_get(e, "tcb_status"));
    int accept = strcmp(json_string_value(json_object_get(e, "verdict")),
                        "accept") == 0;
    for (size_t r = 0; reason != NULL && r < N_ELEMS(REASONS); r++)
      reason_n[r] += strcmp(reason, REASONS[r]) == 0;
    tdx_status st;
    if (status != NULL && tdx_status_from_name(status, &st) == 0) {
      status_n[st]++;
      accepted_n[st] += accept ? 1u : 0u;
    }
    v4 += strncmp(names[i], "tdx-v4-", 7) == 0;
    v5b2 += strncmp(names[i], "tdx-v5-body2-", 13) == 0;
    v5b3 += strncmp(names[i], "tdx-v5-body3-", 13) == 0;
    json_decref(j);
  }
  for (size_t r = 0; r < N_ELEMS(REASONS); r++) {
    if (reason_n[r] < 2)
      fprintf(stderr, "  %s: %zu cases\n", REASONS[r], reason_n[r]);
    CU_ASSERT_TRUE(reason_n[r] >= 2);
  }
  for (size_t s = 0; s < TDX_STATUS_COUNT_; s++) {
    CU_ASSERT_TRUE(status_n[s] >= 2);
    /* an accepting counterpart for every status but Revoked and
     * NotSupported, which are never accepted */
    if (s == TDX_STATUS_REVOKED || s == TDX_STATUS_NOT_SUPPORTED) {
      CU_ASSERT_EQUAL(accepted_n[s], 0);
    } else {
      CU_ASSERT_TRUE(accepted_n[s] >= 1);
    }
  }
  CU_ASSERT_TRUE(v4 >= 10 && v5b2 >= 10 && v5b3 >= 10);
}

typedef struct got {
  contrast_code reason;
  const char *status; /* static status name or NULL */
} got;

static got run(const contrast_case *c, const contrast_trust *sim) {
  contrast_trust builtin;
  contrast_trust_init_empty(&builtin, "none");
  contrast_verify_ctx ctx = {&builtin, sim, NULL};
  contrast_verdict v;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_verify_case(c, &ctx, &v, &err), 0);
  got g = {v.reason, v.tcb_status};
  contrast_verdict_wipe(&v);
  contrast_trust_wipe(&builtin);
  return g;
}

static void test_tdx_vectors_our_verifier_passes_each(void) {
  contrast_trust sim;
  st_trust_sim(keys, &sim);
  size_t failed = 0;
  for (size_t i = 0; i < n_names; i++) {
    char p[4096];
    case_dir(p, names[i]);
    contrast_case c;
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(contrast_case_load(p, &c, &err), 0);
    got g = run(&c, &sim);
    json_t *j = expect_of(names[i]);
    json_t *e = json_object_get(j, "expect");
    const char *reason = json_string_value(json_object_get(e, "reason"));
    const char *status = json_string_value(json_object_get(e, "tcb_status"));
    contrast_code want = CONTRAST_OK;
    if (reason != NULL)
      CU_ASSERT_EQUAL(contrast_code_from_name(reason, &want), 0);
    int ok = g.reason == want &&
             ((status == NULL && g.status == NULL) ||
              (status != NULL && g.status != NULL &&
               strcmp(status, g.status) == 0));
    if (!ok) {
      failed++;
      fprintf(stderr, "  %s: expected %s %s, got %s %s\n", names[i],
              contrast_code_name(want), status ? status : "null",
              contrast_code_name(g.reason), g.status ? g.status : "null");
    }
    /* without the simulator's roots: nothing verifies past the chain */
    got none = run(&c, NULL);
    CU_ASSERT_TRUE(none.reason != CONTRAST_OK);
    CU_ASSERT_TRUE(none.reason <= CONTRAST_CHAIN);
    json_decref(j);
    contrast_case_wipe(&c);
  }
  CU_ASSERT_EQUAL(failed, 0);
  contrast_trust_wipe(&sim);
}

/* The "ignore-crl" contract (tests/conformance): a reject case's outcome
 * changes without pck_crl, root_ca_crl, pck_crl_issuer_chain and
 * require_crl exactly when its name contains "crl". */
static void test_tdx_vectors_crl_naming_contract(void) {
  contrast_trust sim;
  st_trust_sim(keys, &sim);
  for (size_t i = 0; i < n_names; i++) {
    char p[4096];
    case_dir(p, names[i]);
    contrast_case c;
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(contrast_case_load(p, &c, &err), 0);
    got with = run(&c, &sim);
    if (with.reason == CONTRAST_OK) {
      contrast_case_wipe(&c);
      continue;
    }
    free(c.pck_crl);
    free(c.root_ca_crl);
    free(c.pck_crl_issuer_chain);
    c.pck_crl = c.root_ca_crl = c.pck_crl_issuer_chain = NULL;
    c.pck_crl_len = c.root_ca_crl_len = c.pck_crl_issuer_chain_len = 0;
    if (c.policy != NULL)
      (void)json_object_del(c.policy, "require_crl");
    got without = run(&c, &sim);
    int changed = with.reason != without.reason ||
                  (with.status == NULL) != (without.status == NULL) ||
                  (with.status != NULL && strcmp(with.status, without.status));
    int named = strstr(names[i], "crl") != NULL;
    if (changed != named)
      fprintf(stderr, "  %s: outcome %s without CRLs, name %s \"crl\"\n",
              names[i], changed ? "changes" : "stays",
              named ? "has" : "lacks");
    CU_ASSERT_EQUAL(changed, named);
    contrast_case_wipe(&c);
  }
  contrast_trust_wipe(&sim);
}

/* Regenerating with fresh keys gives the same cases with byte-identical
 * case.json files (times are constants, never the wall clock). */
static void test_tdx_vectors_regenerate_identically(void) {
  char k2[4096], o2[4096];
  (void)snprintf(k2, sizeof k2, "%s/keys2", tmp);
  (void)snprintf(o2, sizeof o2, "%s/tdx2", tmp);
  size_t count2 = 0;
  generate(k2, o2, &count2);
  CU_ASSERT_EQUAL(count2, generated);
  static char names2[MAX_CASES][96];
  size_t n2 = 0;
  list_cases(o2, names2, &n2);
  CU_ASSERT_EQUAL_FATAL(n2, n_names);
  for (size_t i = 0; i < n_names; i++) {
    CU_ASSERT_STRING_EQUAL_FATAL(names[i], names2[i]);
    char a[8192], b[8192];
    (void)snprintf(a, sizeof a, "%s/%s/case.json", out, names[i]);
    (void)snprintf(b, sizeof b, "%s/%s/case.json", o2, names[i]);
    size_t la = 0, lb = 0;
    uint8_t *x = st_read(a, &la), *y = st_read(b, &lb);
    CU_ASSERT_TRUE(la == lb && memcmp(x, y, la) == 0);
    free(x);
    free(y);
  }
}

static void test_tdx_vectors_missing_keys_fail_io(void) {
  char o3[4096], nk[4096];
  (void)snprintf(o3, sizeof o3, "%s/tdx3", tmp);
  (void)snprintf(nk, sizeof nk, "%s/no-keys", tmp);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_mkdirs(o3, &err), 0);
  size_t count = 7;
  CU_ASSERT_EQUAL(sim_tdx_vectors(nk, o3, &count, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_IO);
  CU_ASSERT_EQUAL(count, 0);
  st_rmtree(tmp);
}

int main(void) {
  if (suite_init() != 0) {
    fprintf(stderr, "cannot make a temporary directory\n");
    return 1;
  }
  static const test_case tests[] = {
      {"test_tdx_vectors_generate_quickly", test_tdx_vectors_generate_quickly},
      {"test_tdx_vectors_cases_are_well_formed",
       test_tdx_vectors_cases_are_well_formed},
      {"test_tdx_vectors_cover_reasons_statuses_versions",
       test_tdx_vectors_cover_reasons_statuses_versions},
      {"test_tdx_vectors_our_verifier_passes_each",
       test_tdx_vectors_our_verifier_passes_each},
      {"test_tdx_vectors_crl_naming_contract",
       test_tdx_vectors_crl_naming_contract},
      {"test_tdx_vectors_regenerate_identically",
       test_tdx_vectors_regenerate_identically},
      {"test_tdx_vectors_missing_keys_fail_io",
       test_tdx_vectors_missing_keys_fail_io},
      {NULL, NULL}};
  return test_run_suite("sim_tdx_vectors", tests);
}
