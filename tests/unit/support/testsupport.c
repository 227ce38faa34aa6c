#include "testsupport.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "contrast/util.h"

int test_run_suite(const char *suite, const test_case *tests) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 2;
  CU_pSuite s = CU_add_suite(suite, NULL, NULL);
  if (s == NULL) {
    CU_cleanup_registry();
    return 2;
  }
  for (const test_case *t = tests; t->name != NULL; t++) {
    if (CU_add_test(s, t->name, t->fn) == NULL) {
      CU_cleanup_registry();
      return 2;
    }
  }
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
  unsigned run = CU_get_number_of_tests_run();
  CU_cleanup_registry();
  return failed == 0 && run > 0 ? 0 : 1;
}

uint8_t *test_read_file(const char *rel_path, size_t *len) {
  char path[4096];
  (void)snprintf(path, sizeof path, "%s/%s", CONTRAST_SOURCE_DIR, rel_path);
  uint8_t *buf = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_file_read(path, CONTRAST_FILE_MAX, &buf, len, &err) != 0) {
    fprintf(stderr, "test data missing: %s: %s\n", path, err.detail);
    exit(3);
  }
  return buf;
}

int test_skip_sweeps(void) {
  const char *s = getenv("CONTRAST_SKIP_SWEEPS");
  return s != NULL && strcmp(s, "1") == 0;
}

int test_tmpdir(char *out, size_t cap, const char *tag) {
  const char *base = getenv("TMPDIR");
  int n = snprintf(out, cap, "%s/contrast-%s-XXXXXX",
                   base != NULL && base[0] != '\0' ? base : "/tmp", tag);
  if (n < 0 || (size_t)n >= cap) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return mkdtemp(out) != NULL ? 0 : -1;
}

void test_rmtree(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    char p[4096];
    (void)snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
      test_rmtree(p);
    else
      (void)unlink(p);
  }
  closedir(d);
  (void)rmdir(dir);
}

int test_count_entries(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return -1;
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL)
    if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
      n++;
  closedir(d);
  return n;
}
