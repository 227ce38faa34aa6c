/* sim/snp_keys.c: the AMD half of `contrast-sim keys init DIR`, loading it
 * back, and VCEKs/VLEKs issued on demand. The layout expected is the one
 * snp_pki.h documents (roots laid out like ../shared/trust for
 * --trust-sim); private keys mode 0600. Root keys are the fixed test keys
 * of tests/data, except in the one test that generates RSA-4096 keys. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "sim.h"
#include "simtest.h"
#include "snp_pki.h"
#include "testpki.h"
#include "testsupport.h"

static char keys[256]; /* made once, by the first test that needs it */

static const char *keysdir(void) {
  if (keys[0] == '\0') {
    st_tmpdir("sim-keys", keys);
    st_keys_init(keys);
  }
  return keys;
}

static void expect_file(const char *rel, unsigned mode) {
  char path[4096];
  st_path(path, keysdir(), rel);
  unsigned got = st_mode(path);
  if (got != mode)
    fprintf(stderr, "  %s: mode %o, expected %o\n", rel, got, mode);
  CU_ASSERT_EQUAL(got, mode);
}

/* Count the files below dir whose text holds "PRIVATE KEY". */
static int private_keys_below(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    st_path(path, dir, e->d_name);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      n += private_keys_below(path);
      continue;
    }
    size_t len = 0;
    uint8_t *buf = st_read(path, &len);
    n += strstr((const char *)buf, "PRIVATE KEY") != NULL;
    free(buf);
  }
  closedir(d);
  return n;
}

static void test_sim_snp_keys_init_writes_the_layout_with_modes(void) {
  static const char *const products[] = {"milan", "genoa", "turin"};
  for (size_t i = 0; i < 3; i++) {
    char rel[256];
    static const char *const roots[] = {"ark", "ask", "asvk"};
    for (size_t r = 0; r < 3; r++) {
      (void)snprintf(rel, sizeof rel, "roots/amd/%s/%s.pem", products[i],
                     roots[r]);
      expect_file(rel, 0644);
      (void)snprintf(rel, sizeof rel, "amd/%s/%s.pem", products[i], roots[r]);
      expect_file(rel, 0644);
      (void)snprintf(rel, sizeof rel, "amd/%s/%s.key", products[i], roots[r]);
      expect_file(rel, 0600);
    }
    static const char *const others[] = {"cert_chain.pem",
                                         "vlek_cert_chain.pem", "crl.der",
                                         "vlek_crl.der", "chips"};
    for (size_t o = 0; o < 5; o++) {
      (void)snprintf(rel, sizeof rel, "amd/%s/%s", products[i], others[o]);
      expect_file(rel, 0644);
    }
  }
  /* the pinned roots hold no private key; directories are private */
  char roots[4096];
  st_path(roots, keysdir(), "roots");
  CU_ASSERT_EQUAL(private_keys_below(roots), 0);
  CU_ASSERT_EQUAL(st_mode(keysdir()) & 077, 0);
  char amd[4096];
  st_path(amd, keysdir(), "amd");
  CU_ASSERT_EQUAL(st_mode(amd), 0700);
}

static void test_sim_snp_keys_roots_pin_and_are_not_amds(void) {
  contrast_trust t;
  st_trust_sim(keysdir(), &t);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    const snp_trust_product *tp = &t.snp.products[p];
    CU_ASSERT(tp->loaded);
    CU_ASSERT_PTR_NOT_NULL(tp->asvk.x509);
    /* the same names as AMD's real ARK, other bytes */
    char path[256];
    (void)snprintf(path, sizeof path, "trust/amd/%s/ark.pem",
                   snp_product_dir((snp_product)p));
    size_t len = 0;
    uint8_t *real = test_read_file(path, &len);
    contrast_cert rc;
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(real, len, "real", &rc, &err), 0);
    CU_ASSERT_EQUAL(X509_NAME_cmp(X509_get_subject_name(rc.x509),
                                  X509_get_subject_name(tp->ark.x509)),
                    0);
    CU_ASSERT(rc.der_len != tp->ark.der_len ||
              memcmp(rc.der, tp->ark.der, rc.der_len) != 0);
    contrast_cert_wipe(&rc);
    free(real);
    /* validity as documented */
    sim_snp_root_times rt = sim_snp_root_times_of((snp_product)p);
    CU_ASSERT_EQUAL(tp->ark_nb, rt.ark_nb);
    CU_ASSERT_EQUAL(tp->ask_na, rt.ask_na);
    CU_ASSERT_EQUAL(tp->asvk_nb, rt.asvk_nb);
  }
  contrast_trust_wipe(&t);
}

static void test_sim_snp_keys_cert_chain_is_ask_then_ark(void) {
  char path[4096];
  st_path(path, keysdir(), "amd/genoa/vlek_cert_chain.pem");
  size_t len = 0;
  uint8_t *pem = st_read(path, &len);
  contrast_cert c[3];
  size_t n = 0;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(
      contrast_cert_parse_pem_bundle(pem, len, "chain", c, 3, &n, &err), 0);
  CU_ASSERT_EQUAL(n, 2);
  char cn[64];
  CU_ASSERT_EQUAL(
      contrast_x509_name_cn(X509_get_subject_name(c[0].x509), cn, sizeof cn),
      0);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VLEK-Genoa");
  CU_ASSERT_EQUAL(
      contrast_x509_name_cn(X509_get_subject_name(c[1].x509), cn, sizeof cn),
      0);
  CU_ASSERT_STRING_EQUAL(cn, "ARK-Genoa");
  /* byte for byte the pinned ones */
  st_path(path, keysdir(), "roots/amd/genoa/asvk.pem");
  size_t alen = 0;
  uint8_t *asvk = st_read(path, &alen);
  contrast_cert a;
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(asvk, alen, "asvk", &a, &err), 0);
  CU_ASSERT(a.der_len == c[0].der_len &&
            memcmp(a.der, c[0].der, a.der_len) == 0);
  contrast_cert_wipe(&a);
  for (size_t i = 0; i < n; i++)
    contrast_cert_wipe(&c[i]);
  free(asvk);
  free(pem);
}

static void test_sim_snp_keys_crl_is_signed_by_the_ark(void) {
  char path[4096];
  st_path(path, keysdir(), "amd/turin/crl.der");
  size_t len = 0;
  uint8_t *der = st_read(path, &len);
  X509_CRL *crl = NULL;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_crl_parse(der, len, "crl", &crl, &err), 0);
  CU_ASSERT_EQUAL(X509_CRL_verify(crl, tp_key_get(TP_KEY_ARK_TURIN)), 1);
  CU_ASSERT(X509_CRL_get_REVOKED(crl) == NULL ||
            sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)) == 0);
  X509_CRL_free(crl);
  free(der);
}

static void test_sim_snp_keys_chips_and_their_vceks(void) {
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_pki_load(keysdir(), pki, &err), 0);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    CU_ASSERT_EQUAL(pki->p[p].n_chips, SIM_SNP_INIT_CHIPS);
    CU_ASSERT(memcmp(pki->p[p].chips[0], pki->p[p].chips[1], 64) != 0);
    size_t n = p == SNP_PRODUCT_TURIN ? 8 : 64;
    for (size_t i = n; i < 64; i++)
      CU_ASSERT_EQUAL(pki->p[p].chips[0][i], 0);
    sim_snp_tcb t = sim_snp_tcb_default((snp_product)p);
    char hwid[129], rel[512], path[4096];
    contrast_hex_encode(pki->p[p].chips[1], n, hwid);
    (void)snprintf(rel, sizeof rel, "amd/%s/vcek/%s/%016llx.key",
                   snp_product_dir((snp_product)p), hwid,
                   (unsigned long long)sim_snp_tcb_raw((snp_product)p, &t));
    st_path(path, keysdir(), rel);
    CU_ASSERT_EQUAL(st_mode(path), 0600);
    (void)snprintf(rel, sizeof rel, "amd/%s/vlek/%016llx.pem",
                   snp_product_dir((snp_product)p),
                   (unsigned long long)sim_snp_tcb_raw((snp_product)p, &t));
    st_path(path, keysdir(), rel);
    CU_ASSERT_EQUAL(st_mode(path), 0644);
  }
  sim_snp_pki_wipe(pki);
  free(pki);
}

static void test_sim_snp_vek_get_issues_on_demand_and_reuses(void) {
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_pki_load(keysdir(), pki, &err), 0);
  uint8_t chip[64];
  memset(chip, 0x5C, sizeof chip);
  sim_snp_tcb t = {.bl = 9, .tee = 1, .snp = 30, .ucode = 250};
  uint64_t raw = sim_snp_tcb_raw(SNP_PRODUCT_GENOA, &t);
  EVP_PKEY *k1 = NULL, *k2 = NULL, *k3 = NULL;
  uint8_t *d1 = NULL, *d2 = NULL, *d3 = NULL;
  size_t l1 = 0, l2 = 0, l3 = 0;
  CU_ASSERT_EQUAL_FATAL(sim_snp_vek_get(pki, SNP_PRODUCT_GENOA, SNP_VEK_VCEK,
                                        chip, raw, SIM_T_VEK_ISSUED, 0, &k1,
                                        &d1, &l1, &err),
                        0);
  CU_ASSERT_EQUAL_FATAL(sim_snp_vek_get(pki, SNP_PRODUCT_GENOA, SNP_VEK_VCEK,
                                        chip, raw, SIM_T_VEK_ISSUED, 0, &k2,
                                        &d2, &l2, &err),
                        0);
  CU_ASSERT_EQUAL(EVP_PKEY_eq(k1, k2), 1);
  CU_ASSERT(l1 == l2 && memcmp(d1, d2, l1) == 0);
  /* issued again later: same key, another certificate */
  int64_t later = contrast_time_from_civil(2030, 1, 1, 0, 0, 0);
  CU_ASSERT_EQUAL_FATAL(sim_snp_vek_get(pki, SNP_PRODUCT_GENOA, SNP_VEK_VCEK,
                                        chip, raw, later, 1, &k3, &d3, &l3,
                                        &err),
                        0);
  CU_ASSERT_EQUAL(EVP_PKEY_eq(k1, k3), 1);
  contrast_cert c;
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(d3, l3, "vcek", &c, &err), 0);
  int64_t nb, na;
  CU_ASSERT_EQUAL(contrast_x509_validity(c.x509, &nb, &na, &err), 0);
  CU_ASSERT_EQUAL(nb, later);
  snp_vek_ext ext;
  CU_ASSERT_EQUAL(snp_vek_ext_parse(c.x509, &ext, &err), 0);
  CU_ASSERT_EQUAL(ext.spl[SNP_SPL_UCODE], 250);
  CU_ASSERT_EQUAL(ext.spl[SNP_SPL_BL], 9);
  CU_ASSERT(ext.hwid_len == 64 && memcmp(ext.hwid, chip, 64) == 0);
  contrast_cert_wipe(&c);
  char rel[512], path[4096], hwid[129];
  contrast_hex_encode(chip, 64, hwid);
  (void)snprintf(rel, sizeof rel, "amd/genoa/vcek/%s/%016llx.key", hwid,
                 (unsigned long long)raw);
  st_path(path, keysdir(), rel);
  CU_ASSERT_EQUAL(st_mode(path), 0600);
  EVP_PKEY_free(k1);
  EVP_PKEY_free(k2);
  EVP_PKEY_free(k3);
  free(d1);
  free(d2);
  free(d3);
  sim_snp_pki_wipe(pki);
  free(pki);
}

static void test_sim_snp_pki_load_missing_dir_fails_io(void) {
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_snp_pki_load("/nonexistent/contrast-sim", pki, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_IO);
  free(pki);
}

static void test_sim_snp_pki_load_bad_chips_fails_unusable(void) {
  char dir[256], path[4096];
  st_tmpdir("sim-keys-bad", dir);
  st_keys_init(dir);
  st_path(path, dir, "amd/milan/chips");
  contrast_err err;
  contrast_err_clear(&err);
  static const uint8_t junk[] = "not a chip id\n";
  CU_ASSERT_EQUAL_FATAL(
      contrast_file_write_atomic(path, junk, sizeof junk - 1, 0644, &err), 0);
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  CU_ASSERT_EQUAL(sim_snp_pki_load(dir, pki, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_UNUSABLE);
  free(pki);
  st_rmtree(dir);
}

static void test_sim_cmd_keys_bad_usage_exits_2(void) {
  static const char *const none[] = {NULL};
  static const char *const wrong[] = {"create", "/tmp/x", NULL};
  static const char *const help[] = {"--help", NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_keys, "keys", none), 2);
  CU_ASSERT_EQUAL(st_run(sim_cmd_keys, "keys", wrong), 2);
  CU_ASSERT_EQUAL(st_run(sim_cmd_keys, "keys", help), 0);
}

/* The real thing: RSA-4096 roots generated (skipped under valgrind, where
 * key generation takes minutes). */
static void test_sim_snp_keys_init_generates_rsa_4096_roots(void) {
  if (test_skip_sweeps())
    return;
  char dir[256];
  st_tmpdir("sim-keys-gen", dir);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_keys_init(dir, &err), 0);
  char path[4096];
  st_path(path, dir, "amd/turin/ark.key");
  EVP_PKEY *k = NULL;
  CU_ASSERT_EQUAL_FATAL(sim_read_key(path, &k, &err), 0);
  CU_ASSERT_EQUAL(EVP_PKEY_get_base_id(k), EVP_PKEY_RSA);
  CU_ASSERT_EQUAL(EVP_PKEY_get_bits(k), 4096);
  EVP_PKEY_free(k);
  contrast_trust t;
  st_trust_sim(dir, &t);
  contrast_trust_wipe(&t);
  st_rmtree(dir);
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_snp_keys_init_writes_the_layout_with_modes",
       test_sim_snp_keys_init_writes_the_layout_with_modes},
      {"test_sim_snp_keys_roots_pin_and_are_not_amds",
       test_sim_snp_keys_roots_pin_and_are_not_amds},
      {"test_sim_snp_keys_cert_chain_is_ask_then_ark",
       test_sim_snp_keys_cert_chain_is_ask_then_ark},
      {"test_sim_snp_keys_crl_is_signed_by_the_ark",
       test_sim_snp_keys_crl_is_signed_by_the_ark},
      {"test_sim_snp_keys_chips_and_their_vceks",
       test_sim_snp_keys_chips_and_their_vceks},
      {"test_sim_snp_vek_get_issues_on_demand_and_reuses",
       test_sim_snp_vek_get_issues_on_demand_and_reuses},
      {"test_sim_snp_pki_load_missing_dir_fails_io",
       test_sim_snp_pki_load_missing_dir_fails_io},
      {"test_sim_snp_pki_load_bad_chips_fails_unusable",
       test_sim_snp_pki_load_bad_chips_fails_unusable},
      {"test_sim_cmd_keys_bad_usage_exits_2",
       test_sim_cmd_keys_bad_usage_exits_2},
      {"test_sim_snp_keys_init_generates_rsa_4096_roots",
       test_sim_snp_keys_init_generates_rsa_4096_roots},
      {NULL, NULL}};
  int rc = test_run_suite("sim/snp_keys.c", tests);
  if (keys[0] != '\0') {
    contrast_err err;
    contrast_err_clear(&err);
    if (sim_rmtree(keys, &err) != 0)
      rc = 1;
  }
  tp_cleanup();
  return rc;
}
