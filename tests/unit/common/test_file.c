/* Tests of common/file.c: whole-file reads with a size limit, atomic writes
 * with a given mode. Everything happens in a fresh mkdtemp directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contrast/util.h"
#include "testsupport.h"

static char tmpdir[256];

static void make_tmpdir(void) {
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(tmpdir, sizeof tmpdir, "test-file"), 0);
}

static void path_in_tmp(char *out, size_t cap, const char *name) {
  (void)snprintf(out, cap, "%s/%s", tmpdir, name);
}

static void write_raw(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
  CU_ASSERT_EQUAL(fclose(f), 0);
}

static void test_file_read_whole_file_exact_bytes_and_nul(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "data.bin");
  uint8_t data[300];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (uint8_t)(i * 7 + 1);
  data[10] = 0; /* embedded NUL is data, not an end */
  write_raw(p, data, sizeof data);
  uint8_t *buf = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read(p, CONTRAST_FILE_MAX, &buf, &len, &e), 0);
  CU_ASSERT_EQUAL(len, sizeof data);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  CU_ASSERT_EQUAL(memcmp(buf, data, sizeof data), 0);
  CU_ASSERT_EQUAL(buf[len], 0); /* NUL after the data */
  free(buf);
  test_rmtree(tmpdir);
}

static void test_file_read_empty_file_ok(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "empty");
  write_raw(p, "", 0);
  uint8_t *buf = NULL;
  size_t len = 99;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read(p, 10, &buf, &len, &e), 0);
  CU_ASSERT_EQUAL(len, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  CU_ASSERT_EQUAL(buf[0], 0);
  free(buf);
  test_rmtree(tmpdir);
}

static void test_file_read_missing_file_fails_e_io(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "does-not-exist");
  uint8_t *buf = (uint8_t *)p; /* must be reset to NULL */
  size_t len = 5;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read(p, CONTRAST_FILE_MAX, &buf, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(buf);
  CU_ASSERT_EQUAL(len, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "does-not-exist"));
  test_rmtree(tmpdir);
}

static void test_file_read_size_limit_exact_ok_one_over_fails_e_io(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "ten");
  write_raw(p, "0123456789", 10);
  uint8_t *buf = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read(p, 10, &buf, &len, &e), 0);
  CU_ASSERT_EQUAL(len, 10);
  free(buf);
  buf = NULL;
  CU_ASSERT_EQUAL(contrast_file_read(p, 9, &buf, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(buf);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read(p, 0, &buf, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  test_rmtree(tmpdir);
}

static void test_file_read_directory_refused_e_io(void) {
  make_tmpdir();
  uint8_t *buf = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read(tmpdir, CONTRAST_FILE_MAX, &buf, &len, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(buf);
  test_rmtree(tmpdir);
}

static void test_file_read_device_refused_e_io(void) {
  /* /dev/zero is not a regular file: reading it whole would never end */
  uint8_t *buf = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_read("/dev/zero", 100, &buf, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  CU_ASSERT_PTR_NULL(buf);
}

static void test_file_write_atomic_creates_file_with_mode_0600(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "out.json");
  mode_t old = umask(022);
  static const uint8_t data[] = "{\"k\": 1}\n";
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_file_write_atomic(p, data, sizeof data - 1, 0600, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  struct stat st;
  CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
  CU_ASSERT_TRUE(S_ISREG(st.st_mode));
  CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
  CU_ASSERT_EQUAL((size_t)st.st_size, sizeof data - 1);
  uint8_t *buf = NULL;
  size_t len = 0;
  CU_ASSERT_EQUAL(contrast_file_read(p, 100, &buf, &len, &e), 0);
  CU_ASSERT_EQUAL(len, sizeof data - 1);
  CU_ASSERT_EQUAL(memcmp(buf, data, len), 0);
  free(buf);
  /* no temporary file left beside it */
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 1);
  (void)umask(old);
  test_rmtree(tmpdir);
}

static void test_file_write_atomic_replaces_existing_and_sets_mode(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "state");
  write_raw(p, "old contents that are longer", 28);
  CU_ASSERT_EQUAL(chmod(p, 0666), 0);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_file_write_atomic(p, (const uint8_t *)"new", 3, 0640, &e), 0);
  struct stat st;
  CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
  CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
  uint8_t *buf = NULL;
  size_t len = 0;
  CU_ASSERT_EQUAL(contrast_file_read(p, 100, &buf, &len, &e), 0);
  CU_ASSERT_EQUAL(len, 3);
  CU_ASSERT_EQUAL(memcmp(buf, "new", 3), 0);
  free(buf);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 1);
  test_rmtree(tmpdir);
}

static void test_file_write_atomic_empty_data_ok(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "empty");
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_file_write_atomic(p, NULL, 0, 0600, &e), 0);
  struct stat st;
  CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
  CU_ASSERT_EQUAL(st.st_size, 0);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 1);
  test_rmtree(tmpdir);
}

static void test_file_write_atomic_missing_directory_fails_e_io(void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "no-such-dir/out");
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_file_write_atomic(p, (const uint8_t *)"x", 1, 0600, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 0);
  test_rmtree(tmpdir);
}

static void test_file_write_atomic_onto_directory_fails_e_io_no_temp_left(
    void) {
  make_tmpdir();
  char p[512];
  path_in_tmp(p, sizeof p, "sub");
  CU_ASSERT_EQUAL_FATAL(mkdir(p, 0700), 0);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_file_write_atomic(p, (const uint8_t *)"x", 1, 0600, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  /* only the directory itself remains: the temp file was removed */
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 1);
  test_rmtree(tmpdir);
}

static const test_case tests[] = {
    {"test_file_read_whole_file_exact_bytes_and_nul",
     test_file_read_whole_file_exact_bytes_and_nul},
    {"test_file_read_empty_file_ok", test_file_read_empty_file_ok},
    {"test_file_read_missing_file_fails_e_io",
     test_file_read_missing_file_fails_e_io},
    {"test_file_read_size_limit_exact_ok_one_over_fails_e_io",
     test_file_read_size_limit_exact_ok_one_over_fails_e_io},
    {"test_file_read_directory_refused_e_io",
     test_file_read_directory_refused_e_io},
    {"test_file_read_device_refused_e_io", test_file_read_device_refused_e_io},
    {"test_file_write_atomic_creates_file_with_mode_0600",
     test_file_write_atomic_creates_file_with_mode_0600},
    {"test_file_write_atomic_replaces_existing_and_sets_mode",
     test_file_write_atomic_replaces_existing_and_sets_mode},
    {"test_file_write_atomic_empty_data_ok",
     test_file_write_atomic_empty_data_ok},
    {"test_file_write_atomic_missing_directory_fails_e_io",
     test_file_write_atomic_missing_directory_fails_e_io},
    {"test_file_write_atomic_onto_directory_fails_e_io_no_temp_left",
     test_file_write_atomic_onto_directory_fails_e_io_no_temp_left},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/file.c", tests); }
