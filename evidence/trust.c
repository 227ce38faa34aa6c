/* Trust stores for the evidence layer: the embedded real roots, or a
 * simulator's roots from a directory the user named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "contrast/evidence.h"
#include "contrast/roots.h"
#include "contrast/util.h"
#include "guard.h"

void contrast_trust_init_empty(contrast_trust *t, const char *label) {
  snp_trust_init(&t->snp, label);
  tdx_trust_init(&t->tdx, label);
}

void contrast_trust_wipe(contrast_trust *t) {
  if (t == NULL)
    return;
  snp_trust_wipe(&t->snp);
  tdx_trust_wipe(&t->tdx);
}

int contrast_trust_load_builtin_some(contrast_trust *t, unsigned snp_products,
                                     int intel, contrast_err *err) {
  contrast_trust_init_empty(t, "amd");
  t->tdx.label = "intel";
  if (intel) {
    const contrast_root_file *f = contrast_builtin_root("intel/sgx_root_ca.pem");
    if (f == NULL) {
      contrast_trust_wipe(t);
      BAIL(E_INTERNAL, "embedded root intel/sgx_root_ca.pem missing");
    }
    if (tdx_trust_set_root(&t->tdx, f->data, f->len, err) != 0) {
      contrast_trust_wipe(t);
      return -1;
    }
  }
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    if ((snp_products & (1u << p)) == 0)
      continue;
    char path[3][64];
    const contrast_root_file *f[3];
    static const char *const names[3] = {"ark", "ask", "asvk"};
    for (int i = 0; i < 3; i++) {
      (void)snprintf(path[i], sizeof path[i], "amd/%s/%s.pem",
                     snp_product_dir((snp_product)p), names[i]);
      f[i] = contrast_builtin_root(path[i]);
      if (f[i] == NULL) {
        contrast_trust_wipe(t);
        BAIL(E_INTERNAL, "embedded root %s missing", path[i]);
      }
    }
    if (snp_trust_add(&t->snp, (snp_product)p, f[0]->data, f[0]->len,
                      f[1]->data, f[1]->len, f[2]->data, f[2]->len,
                      err) != 0) {
      contrast_trust_wipe(t);
      return -1;
    }
  }
  return 0;
}

int contrast_trust_load_builtin(contrast_trust *t, contrast_err *err) {
  return contrast_trust_load_builtin_some(t, CONTRAST_SNP_ALL_PRODUCTS, 1,
                                          err);
}

unsigned contrast_snp_products_needed(const uint8_t *report, size_t len) {
  snp_report *r = malloc(sizeof *r);
  if (r == NULL)
    return CONTRAST_SNP_ALL_PRODUCTS;
  contrast_err err;
  contrast_err_clear(&err);
  unsigned mask = 0;
  if (snp_report_parse(report, len, r, &err) == 0) {
    snp_product p = snp_report_product(r);
    /* v2: the product comes from the VEK's issuer, so pin every product */
    mask = !r->has_cpuid ? CONTRAST_SNP_ALL_PRODUCTS
           : p != SNP_PRODUCT_UNKNOWN ? 1u << p
                                      : 0;
  }
  free(r);
  return mask;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

int contrast_trust_load_dir(contrast_trust *t, const char *dir,
                            const char *label, contrast_err *err) {
  contrast_trust_init_empty(t, label);
  int loaded = 0;
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    char path[3][4096];
    uint8_t *buf[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    static const char *const names[3] = {"ark", "ask", "asvk"};
    for (int i = 0; i < 3; i++)
      (void)snprintf(path[i], sizeof path[i], "%s/amd/%s/%s.pem", dir,
                     snp_product_dir((snp_product)p), names[i]);
    if (!exists(path[0]))
      continue;
    int rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
      if (i == 2 && !exists(path[2]))
        break;
      rc = contrast_file_read(path[i], 1 << 20, &buf[i], &len[i], err);
    }
    if (rc == 0)
      rc = snp_trust_add(&t->snp, (snp_product)p, buf[0], len[0], buf[1],
                         len[1], buf[2], len[2], err);
    for (int i = 0; i < 3; i++)
      free(buf[i]);
    if (rc != 0) {
      contrast_trust_wipe(t);
      return -1;
    }
    loaded++;
  }
  char ipath[4096];
  (void)snprintf(ipath, sizeof ipath, "%s/intel/sgx_root_ca.pem", dir);
  if (exists(ipath)) {
    uint8_t *buf = NULL;
    size_t len = 0;
    int rc = contrast_file_read(ipath, 1 << 20, &buf, &len, err);
    if (rc == 0)
      rc = tdx_trust_set_root(&t->tdx, buf, len, err);
    free(buf);
    if (rc != 0) {
      contrast_trust_wipe(t);
      return -1;
    }
    loaded++;
  }
  if (loaded == 0) {
    contrast_trust_wipe(t);
    BAIL(E_UNUSABLE,
         "%s: no roots found (expected amd/<product>/ark.pem or "
         "intel/sgx_root_ca.pem)",
         dir);
  }
  return 0;
}
