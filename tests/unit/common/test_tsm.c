/* Tests of common/tsm.c: the configfs-tsm sequence. Without a real
 * configfs, a plain temp directory shows the errors (mkdir refused, no
 * attribute files), and fakedev.c's mkdir/open/rmdir turn a temp directory
 * into a scripted configfs-tsm (attribute files, a generation that counts
 * the writes) for the protocol itself. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contrast/tsm.h"
#include "fakedev.h"
#include "testsupport.h"

static char root[256];

static void setup_fake(void) {
  fake_reset();
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(root, sizeof root, "tsm"), 0);
  (void)snprintf(fake_tsm.root, sizeof fake_tsm.root, "%s", root);
  fake_tsm.active = 1;
  fake_tsm.provider = "sev_guest\n";
  fake_tsm.gen0 = 5;
}

static void teardown_fake(void) {
  fake_reset();
  fake_rmtree(root);
}

static const uint8_t *inblob64(void) {
  static uint8_t in[64];
  for (size_t i = 0; i < sizeof in; i++)
    in[i] = (uint8_t)(0xA0 + i);
  return in;
}

static int contains(const char *s, const char *sub) {
  if (strstr(s, sub) != NULL)
    return 1;
  fprintf(stderr, "  '%s' lacks '%s'\n", s, sub);
  return 0;
}

/* ---- contrast_tsm_path / contrast_tsm_available ---- */

static void test_tsm_path_default_without_env(void) {
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_TSM_PATH"), 0);
  CU_ASSERT_STRING_EQUAL(contrast_tsm_path(), CONTRAST_TSM_DEFAULT_PATH);
  CU_ASSERT_STRING_EQUAL(CONTRAST_TSM_DEFAULT_PATH,
                         "/sys/kernel/config/tsm/report");
}

static void test_tsm_path_env_override_and_empty_ignored(void) {
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", "/tmp/x-tsm", 1), 0);
  CU_ASSERT_STRING_EQUAL(contrast_tsm_path(), "/tmp/x-tsm");
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", "", 1), 0);
  CU_ASSERT_STRING_EQUAL(contrast_tsm_path(), CONTRAST_TSM_DEFAULT_PATH);
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_TSM_PATH"), 0);
}

static void test_tsm_available_directory_yes_file_missing_no(void) {
  char d[256], f[300];
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(d, sizeof d, "tsm-avail"), 0);
  (void)snprintf(f, sizeof f, "%s/file", d);
  FILE *fp = fopen(f, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  (void)fclose(fp);
  CU_ASSERT_TRUE(contrast_tsm_available(d));
  CU_ASSERT_FALSE(contrast_tsm_available(f));
  CU_ASSERT_FALSE(contrast_tsm_available("/nonexistent/contrast/tsm"));
  CU_ASSERT_FALSE(contrast_tsm_available(NULL));
  fake_rmtree(d);
}

/* ---- errors without a provider ---- */

static void test_tsm_get_missing_dir_fails_e_device_mkdir_enoent(void) {
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get("/nonexistent/contrast/tsm", "sev_guest",
                                   inblob64(), 64, -1, 1, &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "configfs-tsm: mkdir "
                                    "/nonexistent/contrast/tsm/contrast-"));
  CU_ASSERT_TRUE(contains(e.detail, strerror(ENOENT)));
  CU_ASSERT_EQUAL(r.mkdir_errno, ENOENT);
  CU_ASSERT_PTR_NULL(r.outblob);
  CU_ASSERT_PTR_NULL(r.auxblob);
}

static void test_tsm_get_plain_dir_no_provider_file_fails_and_cleans_up(void) {
  char d[256];
  fake_reset();
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(d, sizeof d, "tsm-plain"), 0);
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get(d, "sev_guest", inblob64(), 64, -1, 1, &r,
                                   &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "configfs-tsm: open "));
  CU_ASSERT_TRUE(contains(e.detail, "/provider: "));
  CU_ASSERT_TRUE(contains(e.detail, d));
  CU_ASSERT_TRUE(contains(e.detail, "not a configfs-tsm report entry"));
  CU_ASSERT_EQUAL(r.mkdir_errno, 0);
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(test_count_entries(d), 0); /* the entry was removed */
  fake_rmtree(d);
}

static void test_tsm_get_two_calls_use_distinct_entry_names(void) {
  char d[256];
  fake_reset();
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(d, sizeof d, "tsm-names"), 0);
  contrast_tsm_report r;
  contrast_err e1, e2;
  contrast_err_clear(&e1);
  contrast_err_clear(&e2);
  CU_ASSERT_EQUAL(contrast_tsm_get(d, "x", inblob64(), 64, -1, 0, &r, &e1),
                  -1);
  CU_ASSERT_EQUAL(contrast_tsm_get(d, "x", inblob64(), 64, -1, 0, &r, &e2),
                  -1);
  CU_ASSERT_STRING_NOT_EQUAL(e1.detail, e2.detail);
  char pid[32];
  (void)snprintf(pid, sizeof pid, "/contrast-%ld-", (long)getpid());
  CU_ASSERT_TRUE(contains(e1.detail, pid));
  fake_rmtree(d);
}

/* ---- the protocol against the fake ---- */

static void test_tsm_get_success_reads_blobs_and_writes_inblob_once(void) {
  setup_fake();
  uint8_t out[1184], aux[100];
  for (size_t i = 0; i < sizeof out; i++)
    out[i] = (uint8_t)i;
  memset(aux, 0x5A, sizeof aux);
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  fake_tsm.auxblob = aux;
  fake_tsm.auxblob_len = sizeof aux;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64,
                                         -1, 1, &r, &e),
                        0);
  CU_ASSERT_STRING_EQUAL(r.provider, "sev_guest"); /* newline stripped */
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(r.outblob_len, sizeof out);
  CU_ASSERT_EQUAL(memcmp(r.outblob, out, sizeof out), 0);
  CU_ASSERT_EQUAL(r.auxblob_len, sizeof aux);
  CU_ASSERT_EQUAL(memcmp(r.auxblob, aux, sizeof aux), 0);
  CU_ASSERT_EQUAL(fake_tsm.mkdirs, 1);
  CU_ASSERT_EQUAL(fake_tsm.rmdirs, 1);
  CU_ASSERT_EQUAL(fake_tsm.writes, 1); /* inblob only: privlevel < 0 */
  CU_ASSERT_EQUAL(fake_tsm.inblob_len, 64);
  CU_ASSERT_EQUAL(memcmp(fake_tsm.inblob, inblob64(), 64), 0);
  CU_ASSERT_STRING_EQUAL(fake_tsm.privlevel, "");
  CU_ASSERT_EQUAL(test_count_entries(root), 0);
  contrast_tsm_report_wipe(&r);
  CU_ASSERT_PTR_NULL(r.outblob);
  teardown_fake();
}

static void test_tsm_get_privlevel_written_and_counted(void) {
  setup_fake();
  uint8_t out[16] = {1};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64,
                                         2, 1, &r, &e),
                        0);
  CU_ASSERT_STRING_EQUAL(fake_tsm.privlevel, "2");
  CU_ASSERT_EQUAL(fake_tsm.writes, 2);
  /* absent auxblob: fine, NULL */
  CU_ASSERT_PTR_NULL(r.auxblob);
  CU_ASSERT_EQUAL(r.auxblob_len, 0);
  contrast_tsm_report_wipe(&r);
  teardown_fake();
}

static void test_tsm_get_empty_auxblob_gives_null(void) {
  setup_fake();
  uint8_t out[16] = {1};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  fake_tsm.auxblob = out;
  fake_tsm.auxblob_len = 0;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64,
                                         -1, 1, &r, &e),
                        0);
  CU_ASSERT_PTR_NULL(r.auxblob);
  CU_ASSERT_EQUAL(r.auxblob_len, 0);
  contrast_tsm_report_wipe(&r);
  teardown_fake();
}

static void test_tsm_get_aux_not_wanted_not_read(void) {
  setup_fake();
  uint8_t out[16] = {1}, aux[8] = {2};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  fake_tsm.auxblob = aux;
  fake_tsm.auxblob_len = sizeof aux;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64,
                                         -1, 0, &r, &e),
                        0);
  CU_ASSERT_PTR_NULL(r.auxblob);
  contrast_tsm_report_wipe(&r);
  teardown_fake();
}

static void test_tsm_get_wrong_provider_fails_e_device_names_both(void) {
  setup_fake();
  fake_tsm.provider = "tdx_guest\n";
  uint8_t out[16] = {1};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64, -1, 1,
                                   &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_STRING_EQUAL(e.detail, "configfs-tsm: provider is 'tdx_guest', "
                                   "not 'sev_guest'");
  CU_ASSERT_EQUAL(fake_tsm.writes, 0); /* nothing written before the check */
  CU_ASSERT_EQUAL(fake_tsm.rmdirs, 1);
  CU_ASSERT_EQUAL(test_count_entries(root), 0);
  CU_ASSERT_PTR_NULL(r.outblob);
  teardown_fake();
}

static void test_tsm_get_generation_race_every_attempt_fails(void) {
  setup_fake();
  fake_tsm.race = 1;
  uint8_t out[16] = {1};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64, -1, 1,
                                   &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_STRING_EQUAL(e.detail,
                         "configfs-tsm: generation changed from 6 to 7 while "
                         "reading outblob: another writer raced (3 attempts)");
  CU_ASSERT_EQUAL(fake_tsm.mkdirs, CONTRAST_TSM_ATTEMPTS);
  CU_ASSERT_EQUAL(fake_tsm.rmdirs, CONTRAST_TSM_ATTEMPTS);
  CU_ASSERT_EQUAL(r.attempts, CONTRAST_TSM_ATTEMPTS);
  CU_ASSERT_PTR_NULL(r.outblob);
  CU_ASSERT_EQUAL(test_count_entries(root), 0);
  teardown_fake();
}

static void test_tsm_get_bad_generation_text_fails_e_device(void) {
  setup_fake();
  fake_tsm.generation = "5x\n";
  uint8_t out[16] = {1};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = sizeof out;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64, -1, 1,
                                   &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "'5x' is not a decimal generation"));
  CU_ASSERT_EQUAL(test_count_entries(root), 0);
  teardown_fake();
}

static void test_tsm_get_missing_outblob_fails_e_device(void) {
  setup_fake();
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64, -1, 1,
                                   &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "/outblob: "));
  CU_ASSERT_TRUE(contains(e.detail, strerror(ENOENT)));
  CU_ASSERT_EQUAL(test_count_entries(root), 0);
  teardown_fake();
}

static void test_tsm_get_empty_outblob_fails_e_device(void) {
  setup_fake();
  uint8_t out[1] = {0};
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = 0;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64, -1, 1,
                                   &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "empty outblob"));
  teardown_fake();
}

static void test_tsm_get_large_outblob_read_whole(void) {
  setup_fake();
  size_t n = 3 * 4096 + 17; /* several buffer growths */
  uint8_t *out = malloc(n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t)(i * 7);
  fake_tsm.outblob = out;
  fake_tsm.outblob_len = n;
  contrast_tsm_report r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_tsm_get(root, "sev_guest", inblob64(), 64,
                                         -1, 0, &r, &e),
                        0);
  CU_ASSERT_EQUAL(r.outblob_len, n);
  CU_ASSERT_EQUAL(memcmp(r.outblob, out, n), 0);
  contrast_tsm_report_wipe(&r);
  free(out);
  teardown_fake();
}

static void test_tsm_report_wipe_null_and_zeroed_ok(void) {
  contrast_tsm_report_wipe(NULL);
  contrast_tsm_report r;
  memset(&r, 0, sizeof r);
  contrast_tsm_report_wipe(&r);
  CU_ASSERT_PTR_NULL(r.outblob);
}

static const test_case tests[] = {
    {"test_tsm_path_default_without_env", test_tsm_path_default_without_env},
    {"test_tsm_path_env_override_and_empty_ignored",
     test_tsm_path_env_override_and_empty_ignored},
    {"test_tsm_available_directory_yes_file_missing_no",
     test_tsm_available_directory_yes_file_missing_no},
    {"test_tsm_get_missing_dir_fails_e_device_mkdir_enoent",
     test_tsm_get_missing_dir_fails_e_device_mkdir_enoent},
    {"test_tsm_get_plain_dir_no_provider_file_fails_and_cleans_up",
     test_tsm_get_plain_dir_no_provider_file_fails_and_cleans_up},
    {"test_tsm_get_two_calls_use_distinct_entry_names",
     test_tsm_get_two_calls_use_distinct_entry_names},
    {"test_tsm_get_success_reads_blobs_and_writes_inblob_once",
     test_tsm_get_success_reads_blobs_and_writes_inblob_once},
    {"test_tsm_get_privlevel_written_and_counted",
     test_tsm_get_privlevel_written_and_counted},
    {"test_tsm_get_empty_auxblob_gives_null",
     test_tsm_get_empty_auxblob_gives_null},
    {"test_tsm_get_aux_not_wanted_not_read",
     test_tsm_get_aux_not_wanted_not_read},
    {"test_tsm_get_wrong_provider_fails_e_device_names_both",
     test_tsm_get_wrong_provider_fails_e_device_names_both},
    {"test_tsm_get_generation_race_every_attempt_fails",
     test_tsm_get_generation_race_every_attempt_fails},
    {"test_tsm_get_bad_generation_text_fails_e_device",
     test_tsm_get_bad_generation_text_fails_e_device},
    {"test_tsm_get_missing_outblob_fails_e_device",
     test_tsm_get_missing_outblob_fails_e_device},
    {"test_tsm_get_empty_outblob_fails_e_device",
     test_tsm_get_empty_outblob_fails_e_device},
    {"test_tsm_get_large_outblob_read_whole",
     test_tsm_get_large_outblob_read_whole},
    {"test_tsm_report_wipe_null_and_zeroed_ok",
     test_tsm_report_wipe_null_and_zeroed_ok},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/tsm.c", tests); }
