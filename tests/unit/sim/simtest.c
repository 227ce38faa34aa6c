#include "simtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <CUnit/CUnit.h>

#include "contrast/util.h"
#include "sim.h"
#include "testpki.h"
#include "testsupport.h"

void st_tmpdir(const char *tag, char *out) {
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(out, 256, tag), 0);
}

void st_rmtree(const char *path) {
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_rmtree(path, &err), 0);
}

sim_snp_root_keys st_root_keys(void) {
  sim_snp_root_keys k;
  memset(&k, 0, sizeof k);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    k.ark[p] = tp_key_get(tp_ark_key((snp_product)p));
    k.ask[p] = tp_key_get(tp_ask_key((snp_product)p));
    k.asvk[p] = tp_key_get(tp_asvk_key((snp_product)p));
  }
  return k;
}

void st_keys_init(const char *dir) {
  sim_snp_root_keys k = st_root_keys();
  contrast_err err;
  contrast_err_clear(&err);
  int rc = sim_snp_keys_init_with(dir, &k, &err);
  if (rc != 0)
    fprintf(stderr, "keys init: %s: %s\n", contrast_code_name(err.code),
            err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

int st_run(int (*cmd)(int, char **), const char *word,
           const char *const *args) {
  int n = 0;
  while (args[n] != NULL)
    n++;
  char **argv = calloc((size_t)n + 2, sizeof *argv);
  CU_ASSERT_PTR_NOT_NULL_FATAL(argv);
  argv[0] = strdup(word);
  for (int i = 0; i < n; i++)
    argv[i + 1] = strdup(args[i]);
  int rc = cmd(n + 1, argv);
  for (int i = 0; i <= n; i++)
    free(argv[i]);
  free(argv);
  return rc;
}

void st_path(char *out, const char *dir, const char *name) {
  int n = snprintf(out, 4096, "%s/%s", dir, name);
  CU_ASSERT_FATAL(n > 0 && n < 4096);
}

uint8_t *st_read(const char *path, size_t *len) {
  uint8_t *buf = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  int rc = contrast_file_read(path, CONTRAST_FILE_MAX, &buf, len, &err);
  if (rc != 0)
    fprintf(stderr, "reading %s: %s\n", path, err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  return buf;
}

int st_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

unsigned st_mode(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
}

void st_trust_sim(const char *keysdir, contrast_trust *t) {
  char roots[4096];
  st_path(roots, keysdir, "roots");
  contrast_err err;
  contrast_err_clear(&err);
  int rc = contrast_trust_load_dir(t, roots, "sim", &err);
  if (rc != 0)
    fprintf(stderr, "loading %s: %s\n", roots, err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

contrast_code st_verify(const snp_trust *t, const char *report_path,
                        const char *vek_path, snp_vek_kind kind,
                        const json_t *policy, int64_t now) {
  size_t rlen = 0, vlen = 0;
  uint8_t *report = st_read(report_path, &rlen);
  uint8_t *vek = st_read(vek_path, &vlen);
  snp_endorsements e = {.vek = vek, .vek_len = vlen, .vek_kind = kind};
  contrast_verdict v;
  contrast_err err;
  contrast_err_clear(&err);
  int rc =
      contrast_verify_snp(t, report, rlen, &e, policy, now, NULL, &v, &err);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  contrast_code code = v.reason;
  if (getenv("CONTRAST_TEST_VERBOSE") != NULL)
    fprintf(stderr, "    -> %s: %s\n", contrast_code_name(code), v.detail);
  contrast_verdict_wipe(&v);
  free(report);
  free(vek);
  return code;
}
