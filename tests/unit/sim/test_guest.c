/* sim/guest.c: the simulated guests behind `contrast-sim tsm` and the
 * /dev/sev-guest preload. An SNP report carries the request's REPORT_DATA
 * and VMPL and the config's launch fields, and verifies with the VEK the
 * certificate table carries against the simulator's roots; the table is
 * laid out exactly as spec/snp.md §4.2 says; a TDREPORT follows tdx.md §3
 * (hashes, MAC under the documented key, the quote body's fields). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "contrast/snp.h"
#include "contrast/util.h"
#include "guest.h"
#include "sim.h"
#include "simtest.h"
#include "snp_pki.h"
#include "testpki.h"
#include "testsupport.h"

static char keys[256], out[256];
static contrast_trust sim_roots;
static sim_snp_pki *pki;
static int ready;

static void setup(void) {
  if (ready)
    return;
  st_tmpdir("sim-guest-keys", keys);
  st_tmpdir("sim-guest-out", out);
  st_keys_init(keys);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_keys_init(keys, &err), 0);
  st_trust_sim(keys, &sim_roots);
  pki = calloc(1, sizeof *pki);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  CU_ASSERT_EQUAL_FATAL(sim_snp_pki_load(keys, pki, &err), 0);
  ready = 1;
}

static uint32_t u32le(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* Parse argv (NULL-terminated) into c; returns the parser's status. */
static int snp_config(sim_snp_guest_config *c, const char *const *args,
                      contrast_err *err) {
  int n = 0;
  while (args[n] != NULL)
    n++;
  return sim_snp_guest_config_parse(c, n, (char *const *)(uintptr_t)args,
                                    NULL, err);
}

static sim_snp_guest *snp_guest(const char *const *args) {
  setup();
  sim_snp_guest_config c;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(snp_config(&c, args, &err), 0);
  sim_snp_guest *g = NULL;
  int rc = sim_snp_guest_new(keys, &c, &g, &err);
  if (rc != 0)
    fprintf(stderr, "guest: %s\n", err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  return g;
}

static void rd_pattern(uint8_t rd[64], uint8_t seed) {
  for (size_t i = 0; i < 64; i++)
    rd[i] = (uint8_t)(seed + 3 * i);
}

static void write_file(const char *name, const uint8_t *p, size_t n,
                       char *path) {
  st_path(path, out, name);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_file_write_atomic(path, p, n, 0644, &err),
                        0);
}

/* The table's entry k: GUID, offset, length. */
static void entry(const uint8_t *t, size_t k, const uint8_t **guid,
                  uint32_t *off, uint32_t *len) {
  *guid = t + 24 * k;
  *off = u32le(t + 24 * k + 16);
  *len = u32le(t + 24 * k + 20);
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != 0)
      return 0;
  return 1;
}

/* Check the §4.2 layout: three entries with the GUIDs and blobs given,
 * an all-zero terminator, the blobs right after it in order, zero padding
 * to a whole number of pages. */
static void check_table(const uint8_t *t, size_t len,
                        const uint8_t *const guids[3],
                        const uint8_t *const blobs[3],
                        const size_t lens[3]) {
  CU_ASSERT_FATAL(len >= 96);
  CU_ASSERT_EQUAL(len % 4096, 0);
  size_t want_off = 96, end = 96;
  for (size_t k = 0; k < 3; k++) {
    const uint8_t *g = NULL;
    uint32_t off = 0, n = 0;
    entry(t, k, &g, &off, &n);
    CU_ASSERT_EQUAL(memcmp(g, guids[k], 16), 0);
    CU_ASSERT_EQUAL(off, want_off);
    CU_ASSERT_EQUAL(n, lens[k]);
    CU_ASSERT_FATAL((size_t)off + n <= len);
    CU_ASSERT_EQUAL(memcmp(t + off, blobs[k], lens[k]), 0);
    want_off += lens[k];
    end = want_off;
  }
  CU_ASSERT(all_zero(t + 72, 24)); /* terminator */
  CU_ASSERT(all_zero(t + end, len - end));
  CU_ASSERT_EQUAL(len, (end + 4095) / 4096 * 4096);
}

static void test_sim_snp_guest_report_fields_and_signature(void) {
  static const char *const args[] = {
      "--measurement", "00112233", "--host-data", "aabb", "--policy",
      "0x30001", "--guest-svn", "7", "--vmpl", "1", NULL};
  sim_snp_guest *g = snp_guest(args);
  uint8_t rd[64], r[SNP_REPORT_SIZE];
  rd_pattern(rd, 9);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_guest_report(g, rd, 2, r, &err), 0);
  snp_report p;
  CU_ASSERT_EQUAL_FATAL(snp_report_parse(r, sizeof r, &p, &err), 0);
  CU_ASSERT_EQUAL(memcmp(p.report_data, rd, 64), 0);
  CU_ASSERT_EQUAL(p.vmpl, 2);
  CU_ASSERT_EQUAL(p.version, 5);
  CU_ASSERT_EQUAL(p.guest_svn, 7);
  CU_ASSERT_EQUAL(p.policy, 0x30001);
  CU_ASSERT_EQUAL(p.measurement[0], 0x00);
  CU_ASSERT_EQUAL(p.measurement[3], 0x33);
  CU_ASSERT(all_zero(p.measurement + 4, 44));
  CU_ASSERT_EQUAL(p.host_data[0], 0xaa);
  CU_ASSERT_EQUAL(p.host_data[1], 0xbb);
  CU_ASSERT_EQUAL(p.signing_key, 0); /* VCEK */
  CU_ASSERT_EQUAL(memcmp(p.chip_id, pki->p[SNP_PRODUCT_MILAN].chips[0], 64),
                  0);
  sim_snp_tcb t = sim_snp_tcb_default(SNP_PRODUCT_MILAN);
  CU_ASSERT_EQUAL(p.reported_tcb, sim_snp_tcb_raw(SNP_PRODUCT_MILAN, &t));
  CU_ASSERT_EQUAL(sim_snp_guest_config_of(g)->vmpl_floor, 1);
  /* the VCEK of the table verifies it against the simulator's roots */
  size_t n = 0;
  const uint8_t *tab = sim_snp_guest_certs(g, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
  const uint8_t *guid = NULL;
  uint32_t off = 0, len = 0;
  entry(tab, 0, &guid, &off, &len);
  CU_ASSERT_FATAL(off + len <= n);
  char rpath[4096], vpath[4096];
  write_file("report.bin", r, sizeof r, rpath);
  write_file("vcek.der", tab + off, len, vpath);
  CU_ASSERT_EQUAL(st_verify(&sim_roots.snp, rpath, vpath, SNP_VEK_VCEK, NULL,
                            SIM_T_NOW),
                  CONTRAST_OK);
  /* a second report: fresh signature over other data, same key */
  rd_pattern(rd, 77);
  CU_ASSERT_EQUAL_FATAL(sim_snp_guest_report(g, rd, 0, r, &err), 0);
  write_file("report2.bin", r, sizeof r, rpath);
  CU_ASSERT_EQUAL(st_verify(&sim_roots.snp, rpath, vpath, SNP_VEK_VCEK, NULL,
                            SIM_T_NOW),
                  CONTRAST_OK);
  sim_snp_guest_free(g);
}

static void test_sim_snp_guest_certs_vcek_table_layout(void) {
  static const char *const args[] = {NULL};
  sim_snp_guest *g = snp_guest(args);
  size_t n = 0;
  const uint8_t *tab = sim_snp_guest_certs(g, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
  /* the VCEK blob is the keys directory's VCEK of (chip 0, default TCB) */
  sim_snp_tcb t = sim_snp_tcb_default(SNP_PRODUCT_MILAN);
  EVP_PKEY *key = NULL;
  uint8_t *der = NULL;
  size_t der_len = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(
      sim_snp_vek_get(pki, SNP_PRODUCT_MILAN, SNP_VEK_VCEK,
                      pki->p[SNP_PRODUCT_MILAN].chips[0],
                      sim_snp_tcb_raw(SNP_PRODUCT_MILAN, &t), SIM_T_VEK_ISSUED,
                      0, &key, &der, &der_len, &err),
      0);
  const sim_snp_product_pki *pp = &pki->p[SNP_PRODUCT_MILAN];
  const uint8_t *const guids[3] = {SIM_SNP_GUID_VCEK, SIM_SNP_GUID_ASK,
                                   SIM_SNP_GUID_ARK};
  const uint8_t *const blobs[3] = {der, pp->ask_der, pp->ark_der};
  const size_t lens[3] = {der_len, pp->ask_len, pp->ark_len};
  check_table(tab, n, guids, blobs, lens);
  /* the GUIDs in RFC 4122 string order (§4.2) */
  static const uint8_t vcek_guid[16] = {0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64,
                                        0x45, 0x64, 0xad, 0xc5, 0xf4, 0xb9,
                                        0x3b, 0xe8, 0xac, 0xcd};
  CU_ASSERT_EQUAL(memcmp(tab, vcek_guid, 16), 0);
  CU_ASSERT_EQUAL(tab[24], 0x4a); /* 4ab7b379-... ASK */
  CU_ASSERT_EQUAL(tab[48], 0xc0); /* c0b406a4-... ARK */
  EVP_PKEY_free(key);
  free(der);
  sim_snp_guest_free(g);
}

static void test_sim_snp_guest_certs_vlek_table_layout(void) {
  static const char *const args[] = {"--signer", "vlek", "--product", "genoa",
                                     NULL};
  sim_snp_guest *g = snp_guest(args);
  size_t n = 0;
  const uint8_t *tab = sim_snp_guest_certs(g, &n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
  const uint8_t *guid = NULL;
  uint32_t off = 0, len = 0;
  entry(tab, 0, &guid, &off, &len);
  CU_ASSERT_FATAL(off + len <= n);
  const sim_snp_product_pki *pp = &pki->p[SNP_PRODUCT_GENOA];
  /* the ASVK goes under the ASK GUID */
  const uint8_t *const guids[3] = {SIM_SNP_GUID_VLEK, SIM_SNP_GUID_ASK,
                                   SIM_SNP_GUID_ARK};
  const uint8_t *const blobs[3] = {tab + off, pp->asvk_der, pp->ark_der};
  const size_t lens[3] = {len, pp->asvk_len, pp->ark_len};
  check_table(tab, n, guids, blobs, lens);
  /* the VLEK verifies a report: signer and chain agree */
  uint8_t rd[64], r[SNP_REPORT_SIZE];
  rd_pattern(rd, 1);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_guest_report(g, rd, 0, r, &err), 0);
  snp_report p;
  CU_ASSERT_EQUAL_FATAL(snp_report_parse(r, sizeof r, &p, &err), 0);
  CU_ASSERT_EQUAL(p.signing_key, 1);
  CU_ASSERT(all_zero(p.chip_id, 64)); /* a VLEK report names no chip */
  char rpath[4096], vpath[4096];
  write_file("vlek-report.bin", r, sizeof r, rpath);
  write_file("vlek.der", tab + off, len, vpath);
  /* the device keeps its VLEK current: valid at the wall clock */
  CU_ASSERT_EQUAL(st_verify(&sim_roots.snp, rpath, vpath, SNP_VEK_VLEK, NULL,
                            contrast_time_now()),
                  CONTRAST_OK);
  sim_snp_guest_free(g);
}

static void test_sim_snp_guest_no_certs_gives_none(void) {
  static const char *const args[] = {"--no-certs", NULL};
  sim_snp_guest *g = snp_guest(args);
  size_t n = 1;
  CU_ASSERT_PTR_NULL(sim_snp_guest_certs(g, &n));
  CU_ASSERT_EQUAL(n, 0);
  sim_snp_guest_free(g);
}

static void test_sim_snp_guest_config_bad_options_fail_usage(void) {
  static const char *const bad[][4] = {
      {"--report-data", "00", NULL, NULL},
      {"--vmpl", "4", NULL, NULL},
      {"--signer", "vcek2", NULL, NULL},
      {"--product", "naples", NULL, NULL},
      {"--measurement", "zz", NULL, NULL},
      {"--no-such-option", "1", NULL, NULL},
      {"--measurement", NULL, NULL, NULL},
      {"stray", NULL, NULL, NULL},
  };
  for (size_t i = 0; i < ST_LEN(bad); i++) {
    sim_snp_guest_config c;
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(snp_config(&c, bad[i], &err), -1);
    CU_ASSERT_EQUAL(err.code, CONTRAST_E_USAGE);
  }
}

static int other_mount(const char *opt) {
  return strcmp(opt, "--mount") == 0 ? 2 : strcmp(opt, "--x") == 0 ? 1 : 0;
}

static void test_sim_snp_guest_config_skips_the_callers_options(void) {
  static const char *const args[] = {"--mount", "/m", "--x", "--tcb",
                                     "bl=9", "--product", "turin", NULL};
  sim_snp_guest_config c;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_guest_config_parse(
                            &c, 7, (char *const *)(uintptr_t)args,
                            other_mount, &err),
                        0);
  CU_ASSERT_EQUAL(c.product, SNP_PRODUCT_TURIN);
  sim_snp_tcb t = sim_snp_tcb_default(SNP_PRODUCT_TURIN);
  t.bl = 9;
  CU_ASSERT_EQUAL(c.f.reported_tcb, sim_snp_tcb_raw(SNP_PRODUCT_TURIN, &t));
  CU_ASSERT_EQUAL(c.f.launch_tcb, c.f.reported_tcb);
}

/* ---- TDX ---- */

static sim_tdx_guest *tdx_guest(const char *const *args) {
  setup();
  int n = 0;
  while (args[n] != NULL)
    n++;
  sim_tdx_guest_config c;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_guest_config_parse(
                            &c, n, (char *const *)(uintptr_t)args, NULL, &err),
                        0);
  sim_tdx_guest *g = NULL;
  int rc = sim_tdx_guest_new(keys, &c, &g, &err);
  if (rc != 0)
    fprintf(stderr, "tdx guest: %s\n", err.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  return g;
}

static void sha384(const uint8_t *p, size_t n, uint8_t md[48]) {
  unsigned len = 48;
  CU_ASSERT_EQUAL_FATAL(EVP_Digest(p, n, md, &len, EVP_sha384(), NULL), 1);
}

/* The TDREPORT of g for rd against the body of a quote for rd. */
static void check_tdreport(sim_tdx_guest *g, int v15) {
  uint8_t rd[64], tdr[SIM_TDREPORT_SIZE];
  rd_pattern(rd, 0x40);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_guest_tdreport(g, rd, tdr, &err), 0);
  uint8_t *q = NULL;
  size_t qlen = 0;
  CU_ASSERT_EQUAL_FATAL(sim_tdx_guest_quote(g, rd, &q, &qlen, &err), 0);
  const size_t body_off = v15 ? 54 : 48;
  CU_ASSERT_FATAL(qlen > body_off + (v15 ? 648 : 584));
  const uint8_t *b = q + body_off;
  /* REPORTMACSTRUCT */
  CU_ASSERT_EQUAL(tdr[0], 0x81);
  CU_ASSERT_EQUAL(tdr[1], 0);
  CU_ASSERT_EQUAL(tdr[2], v15 ? 1 : 0);
  CU_ASSERT(all_zero(tdr + 3, 13));
  CU_ASSERT_EQUAL(memcmp(tdr + 128, rd, 64), 0);
  CU_ASSERT_EQUAL(memcmp(b + SIM_B_REPORT_DATA, rd, 64), 0);
  CU_ASSERT(all_zero(tdr + 192, 32));
  uint8_t h[48];
  sha384(tdr + 256, 239, h);
  CU_ASSERT_EQUAL(memcmp(tdr + 32, h, 48), 0);
  sha384(tdr + 512, 512, h);
  CU_ASSERT_EQUAL(memcmp(tdr + 80, h, 48), 0);
  uint8_t key[32], mac[32];
  size_t mac_len = 0;
  sim_tdreport_mac_key(key);
  CU_ASSERT_PTR_NOT_NULL(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, 32,
                                   tdr, 224, mac, 32, &mac_len));
  CU_ASSERT_EQUAL(memcmp(tdr + 224, mac, 32), 0);
  /* TEE_TCB_INFO: the quote body's SEAM fields */
  CU_ASSERT_EQUAL(memcmp(tdr + 256 + 8, b + SIM_B_TEE_TCB_SVN, 16), 0);
  CU_ASSERT_EQUAL(memcmp(tdr + 256 + 24, b + SIM_B_MR_SEAM, 48), 0);
  CU_ASSERT_EQUAL(memcmp(tdr + 256 + 72, b + SIM_B_MR_SIGNER_SEAM, 48), 0);
  CU_ASSERT_EQUAL(memcmp(tdr + 256 + 120, b + SIM_B_SEAM_ATTRIBUTES, 8), 0);
  if (v15)
    CU_ASSERT_EQUAL(memcmp(tdr + 256 + 128, b + SIM_B_TEE_TCB_SVN2, 16), 0);
  CU_ASSERT(all_zero(tdr + 256 + (v15 ? 144 : 128), v15 ? 112 : 128));
  /* TDINFO: attributes, xfam, mrtd, mrconfigid, mrowner, mrownerconfig,
   * rtmr0..3 (and servtd_hash) in the body's order */
  static const struct {
    size_t tdinfo, body, len;
  } map[] = {{0, SIM_B_TD_ATTRIBUTES, 8},   {8, SIM_B_XFAM, 8},
             {16, SIM_B_MR_TD, 48},         {64, SIM_B_MR_CONFIG_ID, 48},
             {112, SIM_B_MR_OWNER, 48},     {160, SIM_B_MR_OWNER_CONFIG, 48},
             {208, SIM_B_RTMR0, 4 * 48}};
  for (size_t i = 0; i < ST_LEN(map); i++)
    CU_ASSERT_EQUAL(memcmp(tdr + 512 + map[i].tdinfo, b + map[i].body,
                           map[i].len),
                    0);
  if (v15)
    CU_ASSERT_EQUAL(memcmp(tdr + 512 + 400, b + SIM_B_MR_SERVICETD, 48), 0);
  CU_ASSERT(all_zero(tdr + 512 + (v15 ? 448 : 400), v15 ? 64 : 112));
  free(q);
}

static void test_sim_tdx_guest_tdreport_layout_v4(void) {
  static const char *const args[] = {
      "--mr-td",
      "111111111111111111111111111111111111111111111111111111111111111111111111"
      "111111111111111111111111",
      NULL};
  sim_tdx_guest *g = tdx_guest(args);
  check_tdreport(g, 0);
  uint8_t rd[64] = {0}, tdr[SIM_TDREPORT_SIZE];
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_guest_tdreport(g, rd, tdr, &err), 0);
  CU_ASSERT_EQUAL(tdr[512 + 16], 0x11); /* --mr-td */
  CU_ASSERT_EQUAL(tdr[512 + 63], 0x11);
  sim_tdx_guest_free(g);
}

static void test_sim_tdx_guest_tdreport_layout_v5(void) {
  static const char *const args[] = {"--version", "5", NULL};
  sim_tdx_guest *g = tdx_guest(args);
  check_tdreport(g, 1);
  sim_tdx_guest_free(g);
}

static void test_sim_tdx_guest_config_bad_options_fail_usage(void) {
  static const char *const bad[][3] = {
      {"--report-data", "00", NULL}, {"--keys", "/k", NULL},
      {"-o", "q.bin", NULL},         {"--vmpl", "1", NULL},
      {"--mr-td", "00", NULL},       {"--rtmr", "4=00", NULL},
  };
  for (size_t i = 0; i < ST_LEN(bad); i++) {
    sim_tdx_guest_config c;
    contrast_err err;
    contrast_err_clear(&err);
    int n = bad[i][1] != NULL ? 2 : 1;
    CU_ASSERT_EQUAL(sim_tdx_guest_config_parse(
                        &c, n, (char *const *)(uintptr_t)bad[i], NULL, &err),
                    -1);
    CU_ASSERT_EQUAL(err.code, CONTRAST_E_USAGE);
  }
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_snp_guest_report_fields_and_signature",
       test_sim_snp_guest_report_fields_and_signature},
      {"test_sim_snp_guest_certs_vcek_table_layout",
       test_sim_snp_guest_certs_vcek_table_layout},
      {"test_sim_snp_guest_certs_vlek_table_layout",
       test_sim_snp_guest_certs_vlek_table_layout},
      {"test_sim_snp_guest_no_certs_gives_none",
       test_sim_snp_guest_no_certs_gives_none},
      {"test_sim_snp_guest_config_bad_options_fail_usage",
       test_sim_snp_guest_config_bad_options_fail_usage},
      {"test_sim_snp_guest_config_skips_the_callers_options",
       test_sim_snp_guest_config_skips_the_callers_options},
      {"test_sim_tdx_guest_tdreport_layout_v4",
       test_sim_tdx_guest_tdreport_layout_v4},
      {"test_sim_tdx_guest_tdreport_layout_v5",
       test_sim_tdx_guest_tdreport_layout_v5},
      {"test_sim_tdx_guest_config_bad_options_fail_usage",
       test_sim_tdx_guest_config_bad_options_fail_usage},
      {NULL, NULL}};
  int rc = test_run_suite("sim/guest.c", tests);
  if (ready) {
    contrast_trust_wipe(&sim_roots);
    sim_snp_pki_wipe(pki);
    free(pki);
    contrast_err err;
    contrast_err_clear(&err);
    if (sim_rmtree(keys, &err) != 0 || sim_rmtree(out, &err) != 0)
      rc = 1;
  }
  tp_cleanup();
  return rc;
}
