/* Helpers shared by the simulator's commands: key-directory files, PEM and
 * DER encoding, option values. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

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

int sim_read_cert_file(const char *path, contrast_cert *out,
                       contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(contrast_file_read(path, 1 << 20, &buf, &len, err));
  contrast_err local;
  contrast_err_clear(&local);
  ENSURE(contrast_cert_parse(buf, len, path, out, &local) == 0, E_UNUSABLE,
         "%s", local.detail);
  return 0;
}

int sim_read_cert(const char *path, X509 **out, contrast_err *err) {
  contrast_cert c;
  GUARD(sim_read_cert_file(path, &c, err));
  *out = c.x509;
  c.x509 = NULL;
  contrast_cert_wipe(&c);
  return 0;
}

int sim_pem_encode(const uint8_t *der, size_t len, const char *label,
                   uint8_t **out, size_t *out_len, contrast_err *err) {
  *out = NULL;
  *out_len = 0;
  AUTO_BIO BIO *b = BIO_new(BIO_s_mem());
  ENSURE_ALLOC(b);
  ENSURE(len <= INT32_MAX && PEM_write_bio(b, label, "", der, (long)len) > 0,
         E_CRYPTO, "sim: PEM_write_bio failed");
  char *data = NULL;
  long n = BIO_get_mem_data(b, &data);
  ENSURE(n > 0 && data != NULL, E_CRYPTO, "sim: BIO_get_mem_data failed");
  uint8_t *buf = malloc((size_t)n);
  ENSURE_ALLOC(buf);
  memcpy(buf, data, (size_t)n);
  *out = buf;
  *out_len = (size_t)n;
  return 0;
}

int sim_write_pem_cert(const char *path, const uint8_t *der, size_t len,
                       contrast_err *err) {
  AUTO_FREE uint8_t *pem = NULL;
  size_t n = 0;
  GUARD(sim_pem_encode(der, len, "CERTIFICATE", &pem, &n, err));
  return contrast_file_write_atomic(path, pem, n, 0644, err);
}

/* The two-pass i2d of OpenSSL into a malloc'd buffer. */
#define SIM_I2D(i2d, obj, der, len, err)                                       \
  do {                                                                         \
    int n_ = i2d(obj, NULL);                                                   \
    ENSURE(n_ > 0, E_CRYPTO, "sim: " #i2d " failed");                          \
    uint8_t *buf_ = malloc((size_t)n_);                                        \
    ENSURE_ALLOC(buf_);                                                        \
    uint8_t *p_ = buf_;                                                        \
    if (i2d(obj, &p_) != n_) {                                                 \
      free(buf_);                                                              \
      BAIL(E_CRYPTO, "sim: " #i2d " failed");                                  \
    }                                                                          \
    *(der) = buf_;                                                             \
    *(len) = (size_t)n_;                                                       \
  } while (0)

int sim_x509_der(const X509 *x, uint8_t **der, size_t *len, contrast_err *err) {
  SIM_I2D(i2d_X509, x, der, len, err);
  return 0;
}

int sim_crl_der(const X509_CRL *crl, uint8_t **der, size_t *len,
                contrast_err *err) {
  SIM_I2D(i2d_X509_CRL, crl, der, len, err);
  return 0;
}

int sim_add_ext(X509 *x, X509_CRL *crl, const char *oid, int critical,
                const uint8_t *val, size_t len, contrast_err *err) {
  ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
  ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
  X509_EXTENSION *e = NULL;
  int ok = obj != NULL && os != NULL && len <= INT32_MAX &&
           ASN1_OCTET_STRING_set(os, val, (int)len) == 1 &&
           (e = X509_EXTENSION_create_by_OBJ(NULL, obj, critical, os)) !=
               NULL &&
           (x != NULL ? X509_add_ext(x, e, -1) == 1
                      : X509_CRL_add_ext(crl, e, -1) == 1);
  X509_EXTENSION_free(e);
  ASN1_OCTET_STRING_free(os);
  ASN1_OBJECT_free(obj);
  ENSURE(ok, E_CRYPTO, "cannot add the extension %s", oid);
  return 0;
}

int sim_key_id(EVP_PKEY *key, uint8_t out[20], contrast_err *err) {
  X509_PUBKEY *xp = NULL;
  const unsigned char *pk = NULL;
  int pklen = 0;
  unsigned int n = 0;
  int ok = X509_PUBKEY_set(&xp, key) == 1 &&
           X509_PUBKEY_get0_param(NULL, &pk, &pklen, NULL, xp) == 1 &&
           pklen > 0 &&
           EVP_Digest(pk, (size_t)pklen, out, &n, EVP_sha1(), NULL) == 1 &&
           n == 20;
  X509_PUBKEY_free(xp);
  ENSURE(ok, E_CRYPTO, "sim: cannot compute the key identifier");
  return 0;
}

int sim_parse_u64(const char *s, uint64_t max, uint64_t *out) {
  if (s == NULL || *s == '\0' || *s == '-')
    return -1;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 0);
  if (errno != 0 || end == s || *end != '\0' || v > max)
    return -1;
  *out = v;
  return 0;
}

int sim_parse_hex_pad(const char *s, uint8_t *out, size_t n) {
  size_t len = strlen(s);
  uint8_t buf[64];
  if (len == 0 || len % 2 != 0 || len / 2 > n || len / 2 > sizeof buf)
    return -1;
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_hex_decode(s, buf, len / 2, "hex", CONTRAST_E_USAGE, &err) != 0)
    return -1;
  memset(out, 0, n);
  memcpy(out, buf, len / 2);
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
