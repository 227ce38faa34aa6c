/* Tests of backends/tdx/attest.c: the device override, the errors of a
 * missing or wrong device, and the quote path over the fake configfs-tsm
 * of ../common/fakedev.c (provider check, header check, no privlevel, the
 * outblob returned as read). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/fakedev.h"
#include "contrast/tdx_attest.h"
#include "testsupport.h"

static int contains(const char *s, const char *sub) {
  if (strstr(s, sub) != NULL)
    return 1;
  fprintf(stderr, "  '%s' lacks '%s'\n", s, sub);
  return 0;
}

static uint8_t rd[64];
static char tmp[200];

static void setup(void) {
  fake_reset();
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(tmp, sizeof tmp, "tdx-attest"), 0);
  (void)snprintf(fake_tsm.root, sizeof fake_tsm.root, "%s/tsm", tmp);
  CU_ASSERT_EQUAL_FATAL(mkdir(fake_tsm.root, 0700), 0);
  fake_tsm.active = 1;
  fake_tsm.provider = "tdx_guest\n";
  fake_tsm.gen0 = 41;
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", fake_tsm.root, 1), 0);
  for (size_t i = 0; i < sizeof rd; i++)
    rd[i] = (uint8_t)(i + 7);
}

static void teardown(void) {
  fake_reset();
  fake_rmtree(tmp);
  (void)unsetenv("CONTRAST_TSM_PATH");
  (void)unsetenv("CONTRAST_TDX_GUEST_DEVICE");
}

/* A blob that starts like a quote header: version, key type 2, TEE 0x81,
 * then padding (GCP style) to len. */
static void quote_like(uint8_t *q, size_t len, uint16_t version,
                       uint32_t tee) {
  memset(q, 0, len);
  q[0] = (uint8_t)version;
  q[1] = (uint8_t)(version >> 8);
  q[2] = 2;
  for (int i = 0; i < 4; i++)
    q[4 + i] = (uint8_t)(tee >> (8 * i));
  for (size_t i = 8; i < len && i < 600; i++)
    q[i] = (uint8_t)i;
}

static void test_tdx_guest_device_env_override(void) {
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_TDX_GUEST_DEVICE"), 0);
  CU_ASSERT_STRING_EQUAL(tdx_guest_device(), "/dev/tdx_guest");
  CU_ASSERT_EQUAL(setenv("CONTRAST_TDX_GUEST_DEVICE", "/tmp/td", 1), 0);
  CU_ASSERT_STRING_EQUAL(tdx_guest_device(), "/tmp/td");
  CU_ASSERT_EQUAL(setenv("CONTRAST_TDX_GUEST_DEVICE", "", 1), 0);
  CU_ASSERT_STRING_EQUAL(tdx_guest_device(), "/dev/tdx_guest");
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_TDX_GUEST_DEVICE"), 0);
}

static void test_tdreport_missing_device_fails_e_device_with_path(void) {
  CU_ASSERT_EQUAL(setenv("CONTRAST_TDX_GUEST_DEVICE", "/nonexistent/tdx", 1),
                  0);
  uint8_t out[TDX_TDREPORT_SIZE];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_attest_tdreport(rd, out, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_STRING_EQUAL(e.detail,
                         "tdx-guest: open /nonexistent/tdx: No such file or "
                         "directory (not a TDX guest, or the tdx_guest driver "
                         "is not loaded)");
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_TDX_GUEST_DEVICE"), 0);
}

static void test_tdreport_regular_file_ioctl_enotty_explained(void) {
  setup();
  char dev[300];
  (void)snprintf(dev, sizeof dev, "%s/tdx_guest", tmp);
  FILE *f = fopen(dev, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  (void)fclose(f);
  CU_ASSERT_EQUAL(setenv("CONTRAST_TDX_GUEST_DEVICE", dev, 1), 0);
  uint8_t out[TDX_TDREPORT_SIZE];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_attest_tdreport(rd, out, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "tdx-guest: TDX_CMD_GET_REPORT0 on "));
  CU_ASSERT_TRUE(contains(e.detail, "(the driver does not know "
                                    "TDX_CMD_GET_REPORT0"));
  teardown();
}

static void test_quote_missing_tsm_dir_fails_e_device(void) {
  CU_ASSERT_EQUAL(setenv("CONTRAST_TSM_PATH", "/nonexistent/tsm", 1), 0);
  uint8_t dummy = 0;
  uint8_t *q = &dummy;
  size_t len = 99;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_attest_quote(rd, &q, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "configfs-tsm: /nonexistent/tsm is not a "
                                    "directory"));
  CU_ASSERT_PTR_NULL(q);
  CU_ASSERT_EQUAL(len, 0);
  CU_ASSERT_EQUAL(unsetenv("CONTRAST_TSM_PATH"), 0);
}

static void test_quote_v4_padded_returned_as_read(void) {
  setup();
  uint8_t blob[8000];
  quote_like(blob, sizeof blob, 4, 0x81);
  fake_tsm.outblob = blob;
  fake_tsm.outblob_len = sizeof blob;
  uint8_t *q = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_attest_quote(rd, &q, &len, &e), 0);
  CU_ASSERT_EQUAL(len, sizeof blob);
  CU_ASSERT_EQUAL(memcmp(q, blob, sizeof blob), 0);
  CU_ASSERT_EQUAL(fake_tsm.inblob_len, 64);
  CU_ASSERT_EQUAL(memcmp(fake_tsm.inblob, rd, 64), 0);
  CU_ASSERT_EQUAL(fake_tsm.writes, 1);              /* no privlevel */
  CU_ASSERT_STRING_EQUAL(fake_tsm.privlevel, "");
  free(q);
  teardown();
}

static void test_quote_v5_accepted(void) {
  setup();
  uint8_t blob[48];
  quote_like(blob, sizeof blob, 5, 0x81);
  fake_tsm.outblob = blob;
  fake_tsm.outblob_len = sizeof blob;
  uint8_t *q = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_attest_quote(rd, &q, &len, &e), 0);
  CU_ASSERT_EQUAL(len, 48);
  free(q);
  teardown();
}

static void expect_not_quote(const uint8_t *blob, size_t n,
                             const char *needle) {
  setup();
  fake_tsm.outblob = blob;
  fake_tsm.outblob_len = n;
  uint8_t *q = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_attest_quote(rd, &q, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_TRUE(contains(e.detail, "not a DCAP quote (CBOR/DICE?)"));
  CU_ASSERT_TRUE(contains(e.detail, needle));
  CU_ASSERT_PTR_NULL(q);
  CU_ASSERT_EQUAL(test_count_entries(fake_tsm.root), 0);
  teardown();
}

static void test_quote_not_dcap_fails_e_device(void) {
  uint8_t blob[100];
  quote_like(blob, sizeof blob, 3, 0x81);
  expect_not_quote(blob, sizeof blob, "version 3, TEE type 0x81");
  quote_like(blob, sizeof blob, 4, 0x00); /* an SGX quote */
  expect_not_quote(blob, sizeof blob, "version 4, TEE type 0x0");
  memset(blob, 0, sizeof blob);
  blob[0] = 0xd2; /* CBOR tag 18 (COSE_Sign1) */
  blob[1] = 0x84;
  expect_not_quote(blob, sizeof blob, "version 34002");
  quote_like(blob, sizeof blob, 4, 0x81);
  expect_not_quote(blob, 47, "47 bytes, shorter than a quote header");
}

static void test_quote_wrong_provider_fails_e_device(void) {
  setup();
  fake_tsm.provider = "sev_guest\n";
  uint8_t blob[64];
  quote_like(blob, sizeof blob, 4, 0x81);
  fake_tsm.outblob = blob;
  fake_tsm.outblob_len = sizeof blob;
  uint8_t *q = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_attest_quote(rd, &q, &len, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_DEVICE);
  CU_ASSERT_STRING_EQUAL(e.detail, "configfs-tsm: provider is 'sev_guest', "
                                   "not 'tdx_guest'");
  teardown();
}

#define T(f) {#f, f}
static const test_case tests[] = {
    T(test_tdx_guest_device_env_override),
    T(test_tdreport_missing_device_fails_e_device_with_path),
    T(test_tdreport_regular_file_ioctl_enotty_explained),
    T(test_quote_missing_tsm_dir_fails_e_device),
    T(test_quote_v4_padded_returned_as_read),
    T(test_quote_v5_accepted),
    T(test_quote_not_dcap_fails_e_device),
    T(test_quote_wrong_provider_fails_e_device),
    {NULL, NULL},
};

int main(void) { return test_run_suite("backends/tdx/attest.c", tests); }
