/* The simulated AMD hierarchy in a keys directory (snp_pki.h has the
 * layout): per product an ARK (RSA-4096, self-signed, RSA-PSS SHA-384), an
 * ASK and an ASVK signed by it, the KDS cert_chain bundles and CRLs, a few
 * chips with a VCEK each at the product's default TCB, and a VLEK. Further
 * VCEKs/VLEKs are issued on demand (sim_snp_vek_get). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "autofree.h"
#include "contrast/crypto.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"
#include "snp_pki.h"

#define PATH_CAP 4096

__attribute__((format(printf, 3, 4))) static int
path_fmt(char *buf, contrast_err *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, PATH_CAP, fmt, ap);
  va_end(ap);
  ENSURE(n > 0 && n < PATH_CAP, E_IO, "sim: path too long");
  return 0;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Two certificates as one PEM bundle (the KDS cert_chain form). */
static int write_bundle(const char *path, const uint8_t *a, size_t alen,
                        const uint8_t *b, size_t blen, contrast_err *err) {
  AUTO_FREE uint8_t *pa = NULL;
  AUTO_FREE uint8_t *pb = NULL;
  size_t na = 0, nb = 0;
  GUARD(sim_pem_encode(a, alen, "CERTIFICATE", &pa, &na, err));
  GUARD(sim_pem_encode(b, blen, "CERTIFICATE", &pb, &nb, err));
  AUTO_FREE uint8_t *all = malloc(na + nb);
  ENSURE_ALLOC(all);
  memcpy(all, pa, na);
  memcpy(all + na, pb, nb);
  return contrast_file_write_atomic(path, all, na + nb, 0644, err);
}

/* Read a certificate file (PEM or DER) as DER (new). */
static int read_cert_der(const char *path, uint8_t **der, size_t *len,
                         contrast_err *err) {
  contrast_cert c;
  GUARD(sim_read_cert_file(path, &c, err));
  *der = c.der;
  *len = c.der_len;
  c.der = NULL;
  contrast_cert_wipe(&c);
  return 0;
}

/* ---- keys init ---- */

typedef struct product_keys {
  EVP_PKEY *ark, *ask, *asvk;
  int owned;
} product_keys;

static void product_keys_free(product_keys *k) {
  if (k->owned) {
    EVP_PKEY_free(k->ark);
    EVP_PKEY_free(k->ask);
    EVP_PKEY_free(k->asvk);
  }
  memset(k, 0, sizeof *k);
}

static int crl_write(const char *path, snp_product p, EVP_PKEY *ark,
                     contrast_err *err) {
  sim_snp_crl_spec c;
  memset(&c, 0, sizeof c);
  c.signer = ark;
  c.sig_alg = SIM_SNP_SIG_PSS_SHA384;
  (void)snprintf(c.issuer_cn, sizeof c.issuer_cn, "ARK-%s", sim_snp_title(p));
  c.this_update = SIM_T_CRL_THIS;
  c.next_update = SIM_T_CRL_NEXT;
  c.with_extensions = 1;
  AUTO_FREE uint8_t *der = NULL;
  size_t n = 0;
  GUARD(sim_snp_crl_build(&c, &der, &n, err));
  return contrast_file_write_atomic(path, der, n, 0644, err);
}

static int write_chips(const char *path, snp_product p, contrast_err *err) {
  char text[SIM_SNP_INIT_CHIPS * 130 + 1];
  size_t off = 0;
  for (int i = 0; i < SIM_SNP_INIT_CHIPS; i++) {
    uint8_t chip[64] = {0};
    /* Turin's hwID is the first 8 bytes; the rest of CHIP_ID is zero */
    size_t n = p == SNP_PRODUCT_TURIN ? 8 : 64;
    ENSURE(RAND_bytes(chip, (int)n) == 1, E_CRYPTO, "sim: RAND_bytes failed");
    contrast_hex_encode(chip, 64, text + off);
    off += 128;
    text[off++] = '\n';
  }
  return contrast_file_write_atomic(path, (const uint8_t *)text, off, 0644,
                                    err);
}

static int init_product(const char *dir, snp_product p, const product_keys *k,
                        contrast_err *err) {
  const char *pd = snp_product_dir(p);
  char path[PATH_CAP], roots[PATH_CAP], own[PATH_CAP];
  GUARD(path_fmt(roots, err, "%s/roots/amd/%s", dir, pd));
  GUARD(path_fmt(own, err, "%s/amd/%s", dir, pd));
  GUARD(sim_mkdirs(roots, err));
  GUARD(sim_mkdirs(own, err));

  sim_snp_cert_spec specs[3] = {sim_snp_ark_spec(p, k->ark),
                                sim_snp_ask_spec(p, k->ask, k->ark),
                                sim_snp_asvk_spec(p, k->asvk, k->ark)};
  static const char *const names[3] = {"ark", "ask", "asvk"};
  EVP_PKEY *keys[3] = {k->ark, k->ask, k->asvk};
  uint8_t *der[3] = {NULL, NULL, NULL};
  size_t len[3] = {0, 0, 0};
  int rc = 0;
  for (int i = 0; i < 3 && rc == 0; i++) {
    rc = sim_snp_cert_build(&specs[i], &der[i], &len[i], err);
    if (rc == 0)
      rc = path_fmt(path, err, "%s/%s.pem", roots, names[i]);
    if (rc == 0)
      rc = sim_write_pem_cert(path, der[i], len[i], err);
    if (rc == 0)
      rc = path_fmt(path, err, "%s/%s.pem", own, names[i]);
    if (rc == 0)
      rc = sim_write_pem_cert(path, der[i], len[i], err);
    if (rc == 0)
      rc = path_fmt(path, err, "%s/%s.key", own, names[i]);
    if (rc == 0)
      rc = sim_write_key(path, keys[i], err);
  }
  if (rc == 0)
    rc = path_fmt(path, err, "%s/cert_chain.pem", own);
  if (rc == 0)
    rc = write_bundle(path, der[1], len[1], der[0], len[0], err);
  if (rc == 0)
    rc = path_fmt(path, err, "%s/vlek_cert_chain.pem", own);
  if (rc == 0)
    rc = write_bundle(path, der[2], len[2], der[0], len[0], err);
  for (int i = 0; i < 3; i++)
    free(der[i]);
  GUARD(rc);
  GUARD(path_fmt(path, err, "%s/crl.der", own));
  GUARD(crl_write(path, p, k->ark, err));
  GUARD(path_fmt(path, err, "%s/vlek_crl.der", own));
  GUARD(crl_write(path, p, k->ark, err));
  GUARD(path_fmt(path, err, "%s/chips", own));
  return write_chips(path, p, err);
}

/* The chips' VCEKs and a VLEK at the default TCB. */
static int init_veks(const char *dir, contrast_err *err) {
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  ENSURE_ALLOC(pki);
  int rc = sim_snp_pki_load(dir, pki, err);
  for (int p = SNP_PRODUCT_MILAN; rc == 0 && p < SNP_PRODUCT_COUNT_; p++) {
    sim_snp_tcb t = sim_snp_tcb_default((snp_product)p);
    uint64_t raw = sim_snp_tcb_raw((snp_product)p, &t);
    for (size_t c = 0; rc == 0 && c <= pki->p[p].n_chips; c++) {
      const int vlek = c == pki->p[p].n_chips;
      static const uint8_t zero[64];
      EVP_PKEY *key = NULL;
      uint8_t *der = NULL;
      size_t len = 0;
      rc = sim_snp_vek_get(pki, (snp_product)p,
                           vlek ? SNP_VEK_VLEK : SNP_VEK_VCEK,
                           vlek ? zero : pki->p[p].chips[c], raw,
                           SIM_T_VEK_ISSUED, 0, &key, &der, &len, err);
      EVP_PKEY_free(key);
      free(der);
    }
  }
  sim_snp_pki_wipe(pki);
  free(pki);
  return rc;
}

/* RSA-4096 generation dominates keys init (about a second a key): two
 * threads share the nine keys. */
typedef struct keygen_job {
  EVP_PKEY **slots[3 * SNP_PRODUCT_COUNT_];
  size_t n, first, step;
  int failed;
} keygen_job;

static void *keygen_run(void *arg) {
  keygen_job *j = arg;
  for (size_t i = j->first; i < j->n; i += j->step) {
    /* AMD's roots are RSA-4096 (snp.md §2.1) */
    *j->slots[i] = EVP_RSA_gen(4096);
    if (*j->slots[i] == NULL)
      j->failed = 1;
  }
  return NULL;
}

static int generate_roots(product_keys *k, contrast_err *err) {
  keygen_job a, b;
  memset(&a, 0, sizeof a);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    k[p].owned = 1;
    a.slots[a.n++] = &k[p].ark;
    a.slots[a.n++] = &k[p].ask;
    a.slots[a.n++] = &k[p].asvk;
  }
  b = a;
  a.first = 0;
  b.first = 1;
  a.step = b.step = 2;
  pthread_t t;
  int threaded = pthread_create(&t, NULL, keygen_run, &b) == 0;
  (void)keygen_run(&a);
  if (threaded)
    (void)pthread_join(t, NULL);
  else
    (void)keygen_run(&b);
  ENSURE(!a.failed && !b.failed, E_CRYPTO, "sim: RSA key generation failed");
  return 0;
}

int sim_snp_keys_init_with(const char *dir, const sim_snp_root_keys *given,
                           contrast_err *err) {
  product_keys k[SNP_PRODUCT_COUNT_];
  memset(k, 0, sizeof k);
  int rc = 0;
  if (given == NULL) {
    rc = generate_roots(k, err);
  } else {
    for (int p = SNP_PRODUCT_MILAN; rc == 0 && p < SNP_PRODUCT_COUNT_; p++) {
      k[p].ark = given->ark[p];
      k[p].ask = given->ask[p];
      k[p].asvk = given->asvk[p];
      if (k[p].ark == NULL || k[p].ask == NULL || k[p].asvk == NULL)
        rc = contrast_err_set(err, CONTRAST_E_USAGE,
                              "sim: root keys for %s missing",
                              sim_snp_title((snp_product)p));
    }
  }
  for (int p = SNP_PRODUCT_MILAN; rc == 0 && p < SNP_PRODUCT_COUNT_; p++)
    rc = init_product(dir, (snp_product)p, &k[p], err);
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++)
    product_keys_free(&k[p]);
  GUARD(rc);
  return init_veks(dir, err);
}

int sim_snp_keys_init(const char *dir, contrast_err *err) {
  return sim_snp_keys_init_with(dir, NULL, err);
}

/* ---- loading ---- */

static int load_chips(const char *path, sim_snp_product_pki *pp,
                      contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(contrast_file_read(path, 1 << 16, &buf, &len, err));
  const char *s = (const char *)buf;
  pp->n_chips = 0;
  while (*s != '\0') {
    const char *nl = strchr(s, '\n');
    size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);
    if (n > 0) {
      ENSURE(n == 128 && pp->n_chips < CONTRAST_ARRAY_LEN(pp->chips),
             E_UNUSABLE, "%s: a line is not a 64-byte CHIP_ID in hex", path);
      char hex[129];
      memcpy(hex, s, 128);
      hex[128] = '\0';
      GUARD(contrast_hex_decode(hex, pp->chips[pp->n_chips], 64, path,
                                CONTRAST_E_UNUSABLE, err));
      pp->n_chips++;
    }
    s += n + (nl != NULL);
  }
  ENSURE(pp->n_chips > 0, E_UNUSABLE, "%s: no chips", path);
  return 0;
}

static int load_product(const char *dir, snp_product p, sim_snp_product_pki *pp,
                        contrast_err *err) {
  char path[PATH_CAP];
  const char *pd = snp_product_dir(p);
  GUARD(path_fmt(path, err, "%s/amd/%s/ark.key", dir, pd));
  GUARD(sim_read_key(path, &pp->ark, err));
  GUARD(path_fmt(path, err, "%s/amd/%s/ask.key", dir, pd));
  GUARD(sim_read_key(path, &pp->ask, err));
  GUARD(path_fmt(path, err, "%s/amd/%s/asvk.key", dir, pd));
  GUARD(sim_read_key(path, &pp->asvk, err));
  GUARD(path_fmt(path, err, "%s/amd/%s/ark.pem", dir, pd));
  GUARD(read_cert_der(path, &pp->ark_der, &pp->ark_len, err));
  GUARD(path_fmt(path, err, "%s/amd/%s/ask.pem", dir, pd));
  GUARD(read_cert_der(path, &pp->ask_der, &pp->ask_len, err));
  GUARD(path_fmt(path, err, "%s/amd/%s/asvk.pem", dir, pd));
  GUARD(read_cert_der(path, &pp->asvk_der, &pp->asvk_len, err));
  GUARD(path_fmt(path, err, "%s/amd/%s/chips", dir, pd));
  return load_chips(path, pp, err);
}

int sim_snp_pki_load(const char *dir, sim_snp_pki *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(dir);
  ENSURE(n < sizeof out->dir, E_IO, "sim: keys directory path too long");
  memcpy(out->dir, dir, n + 1);
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    if (load_product(dir, (snp_product)p, &out->p[p], err) != 0) {
      sim_snp_pki_wipe(out);
      return -1;
    }
  }
  return 0;
}

void sim_snp_pki_wipe(sim_snp_pki *pki) {
  if (pki == NULL)
    return;
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++) {
    sim_snp_product_pki *pp = &pki->p[p];
    EVP_PKEY_free(pp->ark);
    EVP_PKEY_free(pp->ask);
    EVP_PKEY_free(pp->asvk);
    free(pp->ark_der);
    free(pp->ask_der);
    free(pp->asvk_der);
  }
  OPENSSL_cleanse(pki, sizeof *pki);
}

/* ---- VCEK / VLEK on demand ---- */

static int vek_issue(const sim_snp_pki *pki, snp_product p, snp_vek_kind kind,
                     const uint8_t chip_id[64], uint64_t tcb_raw,
                     int64_t issued, EVP_PKEY *key, const char *pem_path,
                     uint8_t **der, size_t *len, contrast_err *err) {
  const sim_snp_product_pki *pp = &pki->p[p];
  sim_snp_tcb t = sim_snp_tcb_from_raw(p, tcb_raw);
  sim_snp_vek_ext ext =
      sim_snp_vek_ext_for(p, kind, &t, chip_id, SIM_VLEK_CSP_ID);
  sim_snp_cert_spec s = sim_snp_vek_spec(
      p, kind, key, kind == SNP_VEK_VLEK ? pp->asvk : pp->ask, &ext, issued);
  GUARD(sim_snp_cert_build(&s, der, len, err));
  if (sim_write_pem_cert(pem_path, *der, *len, err) != 0) {
    free(*der);
    *der = NULL;
    return -1;
  }
  return 0;
}

int sim_snp_vek_get(const sim_snp_pki *pki, snp_product p, snp_vek_kind kind,
                    const uint8_t chip_id[64], uint64_t tcb_raw, int64_t issued,
                    int reissue, EVP_PKEY **key, uint8_t **der, size_t *der_len,
                    contrast_err *err) {
  *key = NULL;
  *der = NULL;
  *der_len = 0;
  ENSURE(p > SNP_PRODUCT_UNKNOWN && p < SNP_PRODUCT_COUNT_, E_USAGE,
         "sim: no product");
  const char *pd = snp_product_dir(p);
  char folder[PATH_CAP], kpath[PATH_CAP], cpath[PATH_CAP];
  char tcb[17];
  (void)snprintf(tcb, sizeof tcb, "%016llx", (unsigned long long)tcb_raw);
  if (kind == SNP_VEK_VCEK) {
    char hwid[129];
    contrast_hex_encode(chip_id, p == SNP_PRODUCT_TURIN ? 8 : 64, hwid);
    GUARD(path_fmt(folder, err, "%s/amd/%s/vcek/%s", pki->dir, pd, hwid));
  } else {
    GUARD(path_fmt(folder, err, "%s/amd/%s/vlek", pki->dir, pd));
  }
  GUARD(path_fmt(kpath, err, "%s/%s.key", folder, tcb));
  GUARD(path_fmt(cpath, err, "%s/%s.pem", folder, tcb));
  GUARD(sim_mkdirs(folder, err));
  AUTO_PKEY EVP_PKEY *k = NULL;
  if (exists(kpath)) {
    GUARD(sim_read_key(kpath, &k, err));
  } else {
    GUARD(sim_snp_key_p384(&k, err));
    GUARD(sim_write_key(kpath, k, err));
    reissue = 1;
  }
  if (!reissue && exists(cpath))
    GUARD(read_cert_der(cpath, der, der_len, err));
  else
    GUARD(vek_issue(pki, p, kind, chip_id, tcb_raw, issued, k, cpath, der,
                    der_len, err));
  *key = k;
  k = NULL;
  return 0;
}
