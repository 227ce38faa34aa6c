/* Tests of evidence/trust.c: the embedded real roots and a simulator's
 * roots loaded from a directory laid out like trust/ (spec/CASES.md
 * "Roots"). Fingerprints: spec/snp.md §2.2 and trust/SOURCES.md. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "contrast/evidence.h"
#include "contrast/util.h"
#include "testsupport.h"

/* DER SHA-256 of ark, ask, asvk per product (snp.md §2.2) */
static const char *const FP[SNP_PRODUCT_COUNT_][3] = {
    {NULL, NULL, NULL},
    {"69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
     "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b",
     "c5e081f59b7efab1fe2f8b505e159704e72f29cab7ef7cf628a05a42439082f5"},
    {"4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
     "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521",
     "197e610743a917d6b9bb982a5a9226ccc0a15b611be0619e626aca9151457372"},
    {"1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a",
     "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185",
     "104e10a8bd060a3c20a434261a57d0588fd65a88915b4f65b08bdecaf8df1a3c"},
};
static const char INTEL_FP[] =
    "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

static int fp_is(const contrast_cert *c, const char *hex) {
  if (c->der == NULL)
    return 0;
  uint8_t d[32];
  char s[65];
  contrast_sha256(c->der, c->der_len, d);
  contrast_hex_encode(d, 32, s);
  return strcmp(s, hex) == 0;
}

/* ---- temp trust directories ---- */

static char root[256];

static void root_make(void) {
  const char *base = getenv("TMPDIR");
  (void)snprintf(root, sizeof root, "%s/contrast-test-trust-XXXXXX",
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

static void mkdirs(const char *rel) {
  char p[512];
  (void)snprintf(p, sizeof p, "%s/%s", root, rel);
  for (char *s = p + strlen(root) + 1; *s; s++) {
    if (*s == '/') {
      *s = '\0';
      (void)mkdir(p, 0700);
      *s = '/';
    }
  }
  (void)mkdir(p, 0700);
}

/* Copy trust/<from> of the source tree to root/<to>. */
static void copy_file(const char *from, const char *to) {
  size_t len;
  uint8_t *b = test_read_file(from, &len);
  char p[512];
  (void)snprintf(p, sizeof p, "%s/%s", root, to);
  FILE *f = fopen(p, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(b, 1, len, f), len);
  CU_ASSERT_EQUAL(fclose(f), 0);
  free(b);
}

static void write_text(const char *to, const char *text) {
  char p[512];
  (void)snprintf(p, sizeof p, "%s/%s", root, to);
  FILE *f = fopen(p, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fputs(text, f) >= 0, 1);
  CU_ASSERT_EQUAL(fclose(f), 0);
}

static void milan_layout(int with_asvk) {
  mkdirs("amd/milan");
  copy_file("trust/amd/milan/ark.pem", "amd/milan/ark.pem");
  copy_file("trust/amd/milan/ask.pem", "amd/milan/ask.pem");
  if (with_asvk)
    copy_file("trust/amd/milan/asvk.pem", "amd/milan/asvk.pem");
}

/* ---- builtin ---- */

static void test_trust_load_builtin_three_products(void) {
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&t, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_UNKNOWN].loaded, 0);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    const snp_trust_product *tp = &t.snp.products[p];
    CU_ASSERT_EQUAL(tp->loaded, 1);
    CU_ASSERT_TRUE(fp_is(&tp->ark, FP[p][0]));
    CU_ASSERT_TRUE(fp_is(&tp->ask, FP[p][1]));
    CU_ASSERT_TRUE(fp_is(&tp->asvk, FP[p][2]));
    CU_ASSERT_PTR_NOT_NULL(tp->ark_pub);
    CU_ASSERT_PTR_NOT_NULL(tp->ask_pub);
    CU_ASSERT_PTR_NOT_NULL(tp->asvk_pub);
  }
  /* ARK-Milan validity, snp.md §2.2 */
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_MILAN].ark_nb,
                  INT64_C(1603387385));
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_MILAN].ark_na,
                  INT64_C(2392305785));
  CU_ASSERT_STRING_EQUAL(t.snp.label, "amd");
  /* the Intel root for TDX */
  CU_ASSERT_EQUAL(t.tdx.loaded, 1);
  CU_ASSERT_TRUE(fp_is(&t.tdx.root, INTEL_FP));
  contrast_trust_wipe(&t);
  contrast_trust_wipe(&t); /* twice */
  contrast_trust_wipe(NULL);
}

static void test_trust_init_empty_pins_nothing(void) {
  contrast_trust t;
  contrast_trust_init_empty(&t, "none");
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++)
    CU_ASSERT_EQUAL(t.snp.products[p].loaded, 0);
  CU_ASSERT_EQUAL(t.tdx.loaded, 0);
  CU_ASSERT_STRING_EQUAL(t.snp.label, "none");
  contrast_trust_wipe(&t);
}

/* ---- directory ---- */

static void test_trust_load_dir_milan_only(void) {
  root_make();
  milan_layout(1);
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_dir(&t, root, "sim", &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_MILAN].loaded, 1);
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_GENOA].loaded, 0);
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_TURIN].loaded, 0);
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_UNKNOWN].loaded, 0);
  CU_ASSERT_TRUE(fp_is(&t.snp.products[SNP_PRODUCT_MILAN].ark, FP[1][0]));
  CU_ASSERT_TRUE(fp_is(&t.snp.products[SNP_PRODUCT_MILAN].ask, FP[1][1]));
  CU_ASSERT_TRUE(fp_is(&t.snp.products[SNP_PRODUCT_MILAN].asvk, FP[1][2]));
  CU_ASSERT_EQUAL(t.tdx.loaded, 0); /* no intel/ folder */
  CU_ASSERT_STRING_EQUAL(t.snp.label, "sim");
  contrast_trust_wipe(&t);
  root_remove();
}

static void test_trust_load_dir_without_asvk(void) {
  root_make();
  milan_layout(0);
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_dir(&t, root, "sim", &e), 0);
  CU_ASSERT_EQUAL(t.snp.products[SNP_PRODUCT_MILAN].loaded, 1);
  CU_ASSERT_PTR_NULL(t.snp.products[SNP_PRODUCT_MILAN].asvk.x509);
  CU_ASSERT_PTR_NOT_NULL(t.snp.products[SNP_PRODUCT_MILAN].ask.x509);
  contrast_trust_wipe(&t);
  root_remove();
}

static void test_trust_load_dir_intel_only(void) {
  root_make();
  mkdirs("intel");
  copy_file("trust/intel/sgx_root_ca.pem", "intel/sgx_root_ca.pem");
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_dir(&t, root, "sim", &e), 0);
  CU_ASSERT_EQUAL(t.tdx.loaded, 1);
  CU_ASSERT_TRUE(fp_is(&t.tdx.root, INTEL_FP));
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++)
    CU_ASSERT_EQUAL(t.snp.products[p].loaded, 0);
  contrast_trust_wipe(&t);
  root_remove();
}

static void test_trust_load_dir_empty_fails_unusable(void) {
  root_make();
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  /* an amd/ folder without product folders is still nothing */
  mkdirs("amd/bergamo");
  copy_file("trust/amd/milan/ark.pem", "amd/bergamo/ark.pem");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  root_remove();
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_trust_load_dir(&t, "/nonexistent/contrast/trust", "sim", &e),
      -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
}

static void test_trust_load_dir_missing_ask_fails_e_io(void) {
  root_make();
  mkdirs("amd/milan");
  copy_file("trust/amd/milan/ark.pem", "amd/milan/ark.pem");
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  root_remove();
}

static void test_trust_load_dir_bad_roots_fail_unusable(void) {
  /* ARK and ASK swapped: the "ARK" is not self-signed */
  root_make();
  mkdirs("amd/milan");
  copy_file("trust/amd/milan/ask.pem", "amd/milan/ark.pem");
  copy_file("trust/amd/milan/ark.pem", "amd/milan/ask.pem");
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  root_remove();
  /* another product's ASK under Milan's ARK */
  root_make();
  mkdirs("amd/milan");
  copy_file("trust/amd/milan/ark.pem", "amd/milan/ark.pem");
  copy_file("trust/amd/genoa/ask.pem", "amd/milan/ask.pem");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  root_remove();
  /* not a certificate at all */
  root_make();
  mkdirs("amd/milan");
  write_text("amd/milan/ark.pem", "not a certificate\n");
  copy_file("trust/amd/milan/ask.pem", "amd/milan/ask.pem");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  root_remove();
  /* one good product and one bad one: the whole store is refused */
  root_make();
  milan_layout(1);
  mkdirs("amd/genoa");
  copy_file("trust/amd/genoa/ark.pem", "amd/genoa/ark.pem");
  copy_file("trust/amd/turin/ask.pem", "amd/genoa/ask.pem");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_trust_load_dir(&t, root, "sim", &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  root_remove();
}

static void test_trust_load_dir_all_products_like_trust_tree(void) {
  contrast_trust t;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      contrast_trust_load_dir(&t, CONTRAST_SOURCE_DIR "/trust", "copy", &e), 0);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    CU_ASSERT_EQUAL(t.snp.products[p].loaded, 1);
    CU_ASSERT_TRUE(fp_is(&t.snp.products[p].ark, FP[p][0]));
  }
  CU_ASSERT_EQUAL(t.tdx.loaded, 1);
  contrast_trust_wipe(&t);
}

static const test_case tests[] = {
    {"test_trust_load_builtin_three_products",
     test_trust_load_builtin_three_products},
    {"test_trust_init_empty_pins_nothing", test_trust_init_empty_pins_nothing},
    {"test_trust_load_dir_milan_only", test_trust_load_dir_milan_only},
    {"test_trust_load_dir_without_asvk", test_trust_load_dir_without_asvk},
    {"test_trust_load_dir_intel_only", test_trust_load_dir_intel_only},
    {"test_trust_load_dir_empty_fails_unusable",
     test_trust_load_dir_empty_fails_unusable},
    {"test_trust_load_dir_missing_ask_fails_e_io",
     test_trust_load_dir_missing_ask_fails_e_io},
    {"test_trust_load_dir_bad_roots_fail_unusable",
     test_trust_load_dir_bad_roots_fail_unusable},
    {"test_trust_load_dir_all_products_like_trust_tree",
     test_trust_load_dir_all_products_like_trust_tree},
    {NULL, NULL},
};

int main(void) { return test_run_suite("evidence/trust.c", tests); }
