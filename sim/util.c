/* File helpers for the simulator's key directories. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/pem.h>

#include "autofree.h"
#include "contrast/crypto.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"

int sim_mkdirs(const char *path, contrast_err *err) {
  char buf[4096];
  size_t n = strlen(path);
  ENSURE(n > 0 && n < sizeof buf, E_IO, "%s: bad path", path);
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] != '/' && buf[i] != '\0')
      continue;
    char c = buf[i];
    buf[i] = '\0';
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
      return contrast_err_set(err, CONTRAST_E_IO, "%s: mkdir: %s", buf,
                              strerror(errno));
    buf[i] = c;
  }
  return 0;
}

/* Write what a BIO-writer produced to path with mode, atomically. */
static int write_bio(const char *path, BIO *b, unsigned mode,
                     contrast_err *err) {
  char *data = NULL;
  long n = BIO_get_mem_data(b, &data);
  ENSURE(n >= 0, E_CRYPTO, "%s: encoding failed", path);
  return contrast_file_write_atomic(path, (const uint8_t *)data, (size_t)n,
                                    mode, err);
}

int sim_write_key(const char *path, EVP_PKEY *key, contrast_err *err) {
  AUTO_BIO BIO *b = BIO_new(BIO_s_mem());
  ENSURE(b != NULL && PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL,
                                               NULL) == 1,
         E_CRYPTO, "%s: cannot encode the private key", path);
  return write_bio(path, b, 0600, err);
}

int sim_read_key(const char *path, EVP_PKEY **out, contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(contrast_file_read(path, 1 << 20, &buf, &len, err));
  AUTO_BIO BIO *b = BIO_new_mem_buf(buf, (int)len);
  *out = b != NULL ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
  ENSURE(*out != NULL, E_UNUSABLE, "%s: not a PEM private key", path);
  return 0;
}

int sim_write_cert(const char *path, const X509 *x, int der,
                   contrast_err *err) {
  AUTO_BIO BIO *b = BIO_new(BIO_s_mem());
  ENSURE(b != NULL, E_NOMEM, "out of memory");
  int ok = der ? i2d_X509_bio(b, (X509 *)(uintptr_t)x) == 1
               : PEM_write_bio_X509(b, (X509 *)(uintptr_t)x) == 1;
  ENSURE(ok, E_CRYPTO, "%s: cannot encode the certificate", path);
  return write_bio(path, b, 0644, err);
}

int sim_read_cert(const char *path, X509 **out, contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(contrast_file_read(path, 1 << 20, &buf, &len, err));
  contrast_cert c;
  contrast_err local;
  contrast_err_clear(&local);
  ENSURE(contrast_cert_parse(buf, len, path, &c, &local) == 0, E_UNUSABLE,
         "%s", local.detail);
  *out = c.x509;
  c.x509 = NULL;
  contrast_cert_wipe(&c);
  return 0;
}

int sim_cmd_keys(int argc, char **argv) {
  if (argc != 3 || strcmp(argv[1], "init") != 0) {
    fputs("usage: contrast-sim keys init DIR\n"
          "  writes a complete simulated AMD and Intel PKI to DIR; the roots\n"
          "  a verifier pins with --trust-sim are in DIR/roots\n",
          argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
    return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
  }
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_mkdirs(argv[2], &err) != 0 || sim_snp_keys_init(argv[2], &err) != 0 ||
      sim_tdx_keys_init(argv[2], &err) != 0) {
    fprintf(stderr, "contrast-sim: %s: %s\n", contrast_code_name(err.code),
            err.detail);
    return 1;
  }
  printf("simulated vendor PKI written to %s (pin %s/roots with --trust-sim)\n",
         argv[2], argv[2]);
  return 0;
}
