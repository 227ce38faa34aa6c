/* The generated corpus (vectors/, made by `contrast-sim vectors`,
 * sim/vectors.c) against what the project promised of it. Two suites, one
 * per CTest test (label "vectors"):
 *
 *   test_vectors count   the committed corpus: at least 250 cases, every
 *                        reason code of spec/CASES.md that applies to a TEE
 *                        expected by at least 2 cases of that TEE (the codes
 *                        that cannot apply are sim/vectors.c's list), every
 *                        TDX status of CASES.md by at least one, SNP accept
 *                        cases for every product x version (2, 3, 5; Turin
 *                        3, 5) x VCEK/VLEK, names valid, unique and equal to
 *                        their directory, CRL-named rejections carrying a
 *                        CRL.
 *   test_vectors regen   regenerating into a fresh directory takes under a
 *                        minute, leaves no key behind, and gives the same
 *                        cases with the same expectations, `now` and `trust`
 *                        as committed (signatures differ), and the same
 *                        README.md.
 *
 * CONTRAST_VECTORS_DIR overrides the corpus (default: the source tree's
 * vectors/); CONTRAST_VECTORS_NO_TIME_LIMIT=1 lifts the minute (sanitizer
 * and coverage builds). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "contrast/crypto.h"
#include "contrast/snp.h"
#include "contrast/util.h"
#include "sim.h"
#include "simtest.h"
#include "testsupport.h"

#define MIN_CASES 250
#define MIN_PER_CODE 2

static const char *corpus(void) {
  const char *d = getenv("CONTRAST_VECTORS_DIR");
  return d != NULL && d[0] != '\0' ? d : CONTRAST_SOURCE_DIR "/vectors";
}

typedef struct vcase {
  char tee[4];
  char name[256];
  char dir[4096];
  int real;
  json_t *j; /* owned */
} vcase;

typedef struct corpus_t {
  vcase *v;
  size_t n, cap;
} corpus_t;

static void corpus_free(corpus_t *c) {
  for (size_t i = 0; i < c->n; i++)
    json_decref(c->v[i].j);
  free(c->v);
  memset(c, 0, sizeof *c);
}

static void load_half(corpus_t *c, const char *root, const char *sub,
                      int real) {
  char dir[4096];
  st_path(dir, root, sub);
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char cdir[4096], path[4096];
    st_path(cdir, dir, e->d_name);
    st_path(path, cdir, "case.json");
    if (!st_exists(path))
      continue;
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (j == NULL)
      fprintf(stderr, "  %s: %s\n", path, je.text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    if (c->n == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 512;
      c->v = realloc(c->v, c->cap * sizeof *c->v);
      CU_ASSERT_PTR_NOT_NULL_FATAL(c->v);
    }
    vcase *v = &c->v[c->n++];
    memset(v, 0, sizeof *v);
    (void)snprintf(v->tee, sizeof v->tee, "%.3s", sub + (real ? 5 : 4));
    (void)snprintf(v->name, sizeof v->name, "%s", e->d_name);
    (void)snprintf(v->dir, sizeof v->dir, "%s", cdir);
    v->real = real;
    v->j = j;
  }
  closedir(d);
}

static void load(corpus_t *c, const char *root, int with_real) {
  memset(c, 0, sizeof *c);
  load_half(c, root, "sim/snp", 0);
  load_half(c, root, "sim/tdx", 0);
  if (with_real) {
    load_half(c, root, "real/snp", 1);
    load_half(c, root, "real/tdx", 1);
  }
}

static const char *str(const json_t *j, const char *path) {
  char buf[128];
  (void)snprintf(buf, sizeof buf, "%s", path);
  char *save = NULL;
  const json_t *o = j;
  for (char *k = strtok_r(buf, ".", &save); k != NULL && o != NULL;
       k = strtok_r(NULL, ".", &save))
    o = json_object_get(o, k);
  return json_string_value(o);
}

/* ---- count ---- */

static const char *const NOT_APPLICABLE[][2] = {
    {"snp", "KEY_BINDING"}, {"snp", "TCB_STATUS"}, {"tdx", "TCB_MISMATCH"}};

static const char *const TDX_STATUSES[] = {
    "UpToDate",
    "SWHardeningNeeded",
    "ConfigurationNeeded",
    "ConfigurationAndSWHardeningNeeded",
    "OutOfDate",
    "OutOfDateConfigurationNeeded",
    "Revoked",
    "TDRelaunchAdvised",
    "TDRelaunchAdvisedConfigurationNeeded",
    "NotSupported"};

static int applicable(const char *tee, const char *code) {
  for (size_t i = 0; i < ST_LEN(NOT_APPLICABLE); i++)
    if (strcmp(NOT_APPLICABLE[i][0], tee) == 0 &&
        strcmp(NOT_APPLICABLE[i][1], code) == 0)
      return 0;
  return 1;
}

static void test_vectors_count_per_code_and_status(void) {
  corpus_t c;
  load(&c, corpus(), 1);
  if (c.n < MIN_CASES)
    fprintf(stderr, "  %zu cases under %s, promised %d\n", c.n, corpus(),
            MIN_CASES);
  CU_ASSERT(c.n >= MIN_CASES);
  static const char *const tees[] = {"snp", "tdx"};
  for (size_t t = 0; t < 2; t++) {
    size_t accept = 0;
    for (size_t i = 0; i < c.n; i++)
      accept += strcmp(c.v[i].tee, tees[t]) == 0 &&
                strcmp(str(c.v[i].j, "expect.verdict"), "accept") == 0;
    if (accept < MIN_PER_CODE)
      fprintf(stderr, "  %s: %zu accepting cases\n", tees[t], accept);
    CU_ASSERT(accept >= MIN_PER_CODE);
    for (int code = CONTRAST_MALFORMED; code <= CONTRAST_REPORT_DATA; code++) {
      const char *name = contrast_code_name((contrast_code)code);
      if (!applicable(tees[t], name))
        continue;
      size_t n = 0;
      for (size_t i = 0; i < c.n; i++) {
        const char *r = str(c.v[i].j, "expect.reason");
        n += strcmp(c.v[i].tee, tees[t]) == 0 && r != NULL &&
             strcmp(r, name) == 0;
      }
      if (n < MIN_PER_CODE)
        fprintf(stderr, "  %s: %zu cases expect %s, promised %d\n", tees[t], n,
                name, MIN_PER_CODE);
      CU_ASSERT(n >= MIN_PER_CODE);
    }
  }
  for (size_t s = 0; s < ST_LEN(TDX_STATUSES); s++) {
    size_t n = 0;
    for (size_t i = 0; i < c.n; i++) {
      const char *st = str(c.v[i].j, "expect.tcb_status");
      n += strcmp(c.v[i].tee, "tdx") == 0 && st != NULL &&
           strcmp(st, TDX_STATUSES[s]) == 0;
    }
    if (n == 0)
      fprintf(stderr, "  tdx: no case expects tcb_status %s\n",
              TDX_STATUSES[s]);
    CU_ASSERT(n >= 1);
  }
  corpus_free(&c);
}

static int valid_name(const char *s, const char *tee) {
  if (strncmp(s, tee, 3) != 0 || s[3] != '-')
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

static int cmp_case(const void *a, const void *b) {
  return strcmp(((const vcase *)a)->name, ((const vcase *)b)->name);
}

static void test_vectors_names_are_valid_and_unique(void) {
  corpus_t c;
  load(&c, corpus(), 1);
  for (size_t i = 0; i < c.n; i++) {
    const char *name = str(c.v[i].j, "name");
    int ok = name != NULL && strcmp(name, c.v[i].name) == 0 &&
             valid_name(name, c.v[i].tee) &&
             strcmp(str(c.v[i].j, "tee"), c.v[i].tee) == 0 &&
             str(c.v[i].j, "description") != NULL &&
             str(c.v[i].j, "description")[0] != '\0';
    if (!ok)
      fprintf(stderr, "  %s: name, tee or description wrong\n", c.v[i].dir);
    CU_ASSERT(ok);
  }
  if (c.n > 1)
    qsort(c.v, c.n, sizeof *c.v, cmp_case);
  for (size_t i = 1; i < c.n; i++) {
    if (strcmp(c.v[i - 1].name, c.v[i].name) == 0)
      fprintf(stderr, "  duplicate case name %s\n", c.v[i].name);
    CU_ASSERT_NOT_EQUAL(strcmp(c.v[i - 1].name, c.v[i].name), 0);
  }
  corpus_free(&c);
}

/* The naming contract of the ignore-crl verifier, the half that can be
 * checked without a verifier: a rejecting case named "crl" has a CRL or
 * require_crl to depend on. */
static void test_vectors_crl_named_rejections_have_a_crl(void) {
  corpus_t c;
  load(&c, corpus(), 0);
  for (size_t i = 0; i < c.n; i++) {
    const json_t *j = c.v[i].j;
    if (strstr(c.v[i].name, "crl") == NULL ||
        strcmp(str(j, "expect.verdict"), "reject") != 0)
      continue;
    int has = str(j, "endorsements.crl") != NULL ||
              str(j, "collateral.pck_crl") != NULL ||
              str(j, "collateral.root_ca_crl") != NULL ||
              json_is_true(
                  json_object_get(json_object_get(j, "policy"), "require_crl"));
    if (!has)
      fprintf(stderr, "  %s: named crl, rejected, but no CRL in it\n",
              c.v[i].name);
    CU_ASSERT(has);
  }
  corpus_free(&c);
}

/* SNP accepting cases for every product x version x key kind. */
static void test_vectors_snp_accept_matrix(void) {
  corpus_t c;
  load(&c, corpus(), 0);
  int seen[SNP_PRODUCT_COUNT_][6][2];
  memset(seen, 0, sizeof seen);
  for (size_t i = 0; i < c.n; i++) {
    const json_t *j = c.v[i].j;
    if (strcmp(c.v[i].tee, "snp") != 0 ||
        strcmp(str(j, "expect.verdict"), "accept") != 0)
      continue;
    char path[4096];
    st_path(path, c.v[i].dir, str(j, "evidence"));
    size_t len = 0;
    uint8_t *r = st_read(path, &len);
    CU_ASSERT_FATAL(len >= 0x1A0);
    uint32_t version = r[0] | (uint32_t)r[1] << 8;
    const char *vek = str(j, "endorsements.vcek");
    int kind = vek == NULL;
    if (vek == NULL)
      vek = str(j, "endorsements.vlek");
    snp_product p = SNP_PRODUCT_UNKNOWN;
    if (version >= 3) {
      p = snp_product_from_cpuid(r[0x188], r[0x189]);
    } else if (vek != NULL) {
      /* v2: the product of the VEK's issuer */
      st_path(path, c.v[i].dir, vek);
      size_t vlen = 0;
      uint8_t *der = st_read(path, &vlen);
      contrast_cert cert;
      contrast_err err;
      contrast_err_clear(&err);
      CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(der, vlen, "vek", &cert, &err),
                            0);
      char cn[64];
      if (contrast_x509_name_cn(X509_get_issuer_name(cert.x509), cn,
                                sizeof cn) == 0) {
        const char *prod = strrchr(cn, '-');
        if (prod != NULL && snp_product_from_name(prod + 1, &p) != 0)
          p = SNP_PRODUCT_UNKNOWN;
      }
      contrast_cert_wipe(&cert);
      free(der);
    }
    if (p != SNP_PRODUCT_UNKNOWN && version < 6)
      seen[p][version][kind] = 1;
    free(r);
  }
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    static const uint32_t versions[] = {2, 3, 5};
    for (size_t v = 0; v < 3; v++) {
      if (p == SNP_PRODUCT_TURIN && versions[v] == 2)
        continue;
      for (int k = 0; k < 2; k++) {
        if (!seen[p][versions[v]][k])
          fprintf(stderr, "  no accepting %s v%u %s case\n",
                  snp_product_name((snp_product)p), versions[v],
                  k ? "VLEK" : "VCEK");
        CU_ASSERT(seen[p][versions[v]][k]);
      }
    }
  }
  corpus_free(&c);
}

/* ---- regen ---- */

static int private_keys_below(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || strcmp(e->d_name, "real") == 0)
      continue;
    char path[4096];
    st_path(path, dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) != 0)
      continue;
    if (S_ISDIR(st.st_mode)) {
      n += private_keys_below(path);
    } else if (S_ISREG(st.st_mode)) {
      size_t len = 0;
      uint8_t *buf = st_read(path, &len);
      n += len > 0 && memmem(buf, len, "PRIVATE KEY", 11) != NULL;
      free(buf);
    }
  }
  closedir(d);
  return n;
}

static int dir_is_empty(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return 0;
  int empty = 1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      empty = 0;
  closedir(d);
  return empty;
}

/* removed by main(), also when an assertion stopped the test */
static char tmp[256], keytmp[256];

static void test_vectors_regenerate_gives_the_same_expectations(void) {
  char real[4096], link[4096];
  st_tmpdir("vectors-regen", tmp);
  st_tmpdir("vectors-regen-keys", keytmp);
  /* the real cases beside them, read-only, so that README.md compares */
  st_path(real, corpus(), "real");
  st_path(link, tmp, "real");
  if (st_exists(real))
    CU_ASSERT_EQUAL_FATAL(symlink(real, link), 0);
  char tdx_dir[4096];
  st_path(tdx_dir, corpus(), "sim/tdx");
  const int tdx = st_exists(tdx_dir);
  if (!tdx)
    fprintf(stderr, "  (no %s: regenerating the SNP half only)\n", tdx_dir);

  const char *old_tmpdir = getenv("TMPDIR");
  char *saved = old_tmpdir != NULL ? strdup(old_tmpdir) : NULL;
  CU_ASSERT_EQUAL_FATAL(setenv("TMPDIR", keytmp, 1), 0);
  struct timespec t0, t1;
  (void)clock_gettime(CLOCK_MONOTONIC, &t0);
  size_t nsnp = 0, ntdx = 0;
  contrast_err err;
  contrast_err_clear(&err);
  int rc = sim_vectors_run(tmp, 1, tdx, &nsnp, &ntdx, &err);
  (void)clock_gettime(CLOCK_MONOTONIC, &t1);
  if (saved != NULL)
    (void)setenv("TMPDIR", saved, 1);
  else
    (void)unsetenv("TMPDIR");
  free(saved);
  if (rc != 0)
    fprintf(stderr, "  contrast-sim vectors: %s: %s\n",
            contrast_code_name(err.code), err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  double secs =
      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  fprintf(stderr, "  regenerated %zu SNP + %zu TDX cases in %.1f s\n", nsnp,
          ntdx, secs);
  const char *nolimit = getenv("CONTRAST_VECTORS_NO_TIME_LIMIT");
  if (nolimit == NULL || strcmp(nolimit, "1") != 0)
    CU_ASSERT(secs < 60.0);
  /* the keys directory is gone, no private key reached the output */
  CU_ASSERT(dir_is_empty(keytmp));
  CU_ASSERT_EQUAL(private_keys_below(tmp), 0);
  static const char *const roots[] = {"sim-roots/amd/milan/ark.pem",
                                      "sim-roots/amd/genoa/ask.pem",
                                      "sim-roots/amd/turin/asvk.pem"};
  for (size_t i = 0; i < ST_LEN(roots); i++) {
    char p[4096];
    st_path(p, tmp, roots[i]);
    CU_ASSERT(st_exists(p));
  }

  /* same cases, same expectation, now and trust */
  corpus_t a, b;
  load(&a, corpus(), 0);
  load(&b, tmp, 0);
  if (!tdx)
    for (size_t i = 0; i < a.n; i++)
      CU_ASSERT_STRING_EQUAL(a.v[i].tee, "snp");
  if (a.n > 1)
    qsort(a.v, a.n, sizeof *a.v, cmp_case);
  if (b.n > 1)
    qsort(b.v, b.n, sizeof *b.v, cmp_case);
  if (a.n != b.n)
    fprintf(stderr, "  %zu committed cases, %zu regenerated\n", a.n, b.n);
  CU_ASSERT_EQUAL(a.n, b.n);
  size_t i = 0, k = 0, differ = 0;
  while (i < a.n || k < b.n) {
    int c = i == a.n ? 1 : k == b.n ? -1 : strcmp(a.v[i].name, b.v[k].name);
    if (c != 0) {
      fprintf(stderr, "  only %s: %s\n", c < 0 ? "committed" : "regenerated",
              c < 0 ? a.v[i].name : b.v[k].name);
      differ++;
      if (c < 0)
        i++;
      else
        k++;
      continue;
    }
    static const char *const keys[] = {"expect", "now", "trust", "tee"};
    for (size_t q = 0; q < ST_LEN(keys); q++) {
      if (!json_equal(json_object_get(a.v[i].j, keys[q]),
                      json_object_get(b.v[k].j, keys[q]))) {
        fprintf(stderr, "  %s: %s differs\n", a.v[i].name, keys[q]);
        differ++;
      }
    }
    i++;
    k++;
  }
  CU_ASSERT_EQUAL(differ, 0);
  corpus_free(&a);
  corpus_free(&b);

  /* the table too */
  char ra[4096], rb[4096];
  st_path(ra, corpus(), "README.md");
  st_path(rb, tmp, "README.md");
  size_t la = 0, lb = 0;
  uint8_t *x = st_read(ra, &la), *y = st_read(rb, &lb);
  if (la != lb || memcmp(x, y, la) != 0)
    fprintf(stderr, "  %s differs from a regenerated one: regenerate it\n", ra);
  CU_ASSERT(la == lb && memcmp(x, y, la) == 0);
  free(x);
  free(y);
}

int main(int argc, char **argv) {
  static const test_case count[] = {
      {"test_vectors_count_per_code_and_status",
       test_vectors_count_per_code_and_status},
      {"test_vectors_names_are_valid_and_unique",
       test_vectors_names_are_valid_and_unique},
      {"test_vectors_crl_named_rejections_have_a_crl",
       test_vectors_crl_named_rejections_have_a_crl},
      {"test_vectors_snp_accept_matrix", test_vectors_snp_accept_matrix},
      {NULL, NULL}};
  static const test_case regen[] = {
      {"test_vectors_regenerate_gives_the_same_expectations",
       test_vectors_regenerate_gives_the_same_expectations},
      {NULL, NULL}};
  if (argc == 2 && strcmp(argv[1], "count") == 0)
    return test_run_suite("vectors (count)", count);
  if (argc == 2 && strcmp(argv[1], "regen") == 0) {
    int rc = test_run_suite("vectors (regen)", regen);
    contrast_err err;
    contrast_err_clear(&err);
    if ((tmp[0] != '\0' && sim_rmtree(tmp, &err) != 0) ||
        (keytmp[0] != '\0' && sim_rmtree(keytmp, &err) != 0))
      rc = 1;
    return rc;
  }
  fprintf(stderr, "usage: test_vectors count|regen\n");
  return 2;
}
