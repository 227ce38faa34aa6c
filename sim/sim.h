/* The simulated vendors (DESIGN.md "sim/"): AMD and Intel key hierarchies
 * shaped like the real ones, evidence signing, collateral, and (later) the
 * KDS/PCS servers and guest devices. Internal to sim/ and its tests.
 *
 * sim/ is never linked into the verifier libraries: a production verifier
 * cannot name the simulator's roots unless its user passes them
 * (`--trust-sim DIR/roots`).
 *
 * A keys directory (contrast-sim keys init DIR) holds:
 *   DIR/roots/amd/<product>/{ark,ask,asvk}.pem   the roots a verifier pins
 *   DIR/roots/intel/sgx_root_ca.pem              with --trust-sim DIR/roots
 *   DIR/amd/...    the AMD side's private keys and issued certificates
 *   DIR/intel/...  the Intel side's private keys, certificates and CRLs
 * Private keys are written with mode 0600. */
#ifndef CONTRAST_SIM_H
#define CONTRAST_SIM_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "contrast/crypto.h"
#include "contrast/error.h"

/* ---- shared helpers (sim/util.c) ---- */

/* mkdir -p with mode 0700 for every missing component. Errors: E_IO. */
int sim_mkdirs(const char *path, contrast_err *err) CONTRAST_WUR;

/* Write a private key as PKCS#8 PEM, mode 0600, atomically. E_IO. */
int sim_write_key(const char *path, EVP_PKEY *key,
                  contrast_err *err) CONTRAST_WUR;
/* Read a PEM private key. Errors: E_IO, E_UNUSABLE. Caller frees. */
int sim_read_key(const char *path, EVP_PKEY **out,
                 contrast_err *err) CONTRAST_WUR;
/* Write a certificate as PEM (or DER when der is non-zero), mode 0644. */
int sim_write_cert(const char *path, const X509 *x, int der,
                   contrast_err *err) CONTRAST_WUR;
/* Read a certificate (PEM or DER). Caller frees. */
int sim_read_cert(const char *path, X509 **out,
                  contrast_err *err) CONTRAST_WUR;
/* The same with its exact DER (contrast_cert_wipe it). E_IO, E_UNUSABLE. */
int sim_read_cert_file(const char *path, contrast_cert *out,
                       contrast_err *err) CONTRAST_WUR;

/* One DER object as a PEM block with the given label ("CERTIFICATE",
 * "X509 CRL"). *out is new (caller frees), not NUL-terminated.
 * Errors: E_CRYPTO, E_NOMEM. */
int sim_pem_encode(const uint8_t *der, size_t len, const char *label,
                   uint8_t **out, size_t *out_len,
                   contrast_err *err) CONTRAST_WUR;
/* A certificate's DER written as PEM, mode 0644, atomically. E_IO, ... */
int sim_write_pem_cert(const char *path, const uint8_t *der, size_t len,
                       contrast_err *err) CONTRAST_WUR;
/* The DER of a certificate / CRL (new, caller frees). E_CRYPTO, E_NOMEM. */
int sim_x509_der(const X509 *x, uint8_t **der, size_t *len,
                 contrast_err *err) CONTRAST_WUR;
int sim_crl_der(const X509_CRL *crl, uint8_t **der, size_t *len,
                contrast_err *err) CONTRAST_WUR;

/* Add a certificate (x) or CRL (crl, x NULL) extension with the DER value
 * val under the dotted oid. Errors: E_CRYPTO. */
int sim_add_ext(X509 *x, X509_CRL *crl, const char *oid, int critical,
                const uint8_t *val, size_t len, contrast_err *err) CONTRAST_WUR;
/* RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING.
 * Errors: E_CRYPTO. */
int sim_key_id(EVP_PKEY *key, uint8_t out[20], contrast_err *err) CONTRAST_WUR;

/* An option's number (decimal, 0x hex or 0 octal as strtoull, no sign) in
 * 0..max. 0 or -1 (no error record: callers name the option). */
int sim_parse_u64(const char *s, uint64_t max, uint64_t *out) CONTRAST_WUR;
/* 1..n bytes of hex (n <= 64) into out, zero-padded on the right. 0 / -1. */
int sim_parse_hex_pad(const char *s, uint8_t *out, size_t n) CONTRAST_WUR;

/* ---- commands (argv[0] is the command word) ---- */

/* contrast-sim keys init DIR [...]: both vendors' hierarchies. */
int sim_cmd_keys(int argc, char **argv);
/* contrast-sim snp ...  (sim/snp_cmd.c) */
int sim_cmd_snp(int argc, char **argv);
/* contrast-sim tdx ...  (sim/tdx_cmd.c) */
int sim_cmd_tdx(int argc, char **argv);
/* contrast-sim vectors DIR (sim/vectors.c) */
int sim_cmd_vectors(int argc, char **argv);
/* contrast-sim tsm ... (sim/tsm_fs.c): the configfs-tsm filesystem */
int sim_cmd_tsm(int argc, char **argv);
/* contrast-sim kds|pcs ... (sim/kds_server.c, sim/pcs_server.c) */
int sim_cmd_kds(int argc, char **argv);
int sim_cmd_pcs(int argc, char **argv);
/* contrast-sim tls init DIR (sim/httpd.c): a test CA and a server
 * certificate for 127.0.0.1/localhost, for the servers' --tls-cert. */
int sim_cmd_tls(int argc, char **argv);

/* The AMD half of `keys init` (sim/snp_keys.c) and the Intel half
 * (sim/tdx_keys.c); dir exists. Errors: E_IO, E_CRYPTO. */
int sim_snp_keys_init(const char *dir, contrast_err *err) CONTRAST_WUR;
int sim_tdx_keys_init(const char *dir, contrast_err *err) CONTRAST_WUR;

/* The corpus generators (sim/snp_vectors.c, sim/tdx_vectors.c): write one
 * case directory per case below outdir (which exists), using the keys in
 * keysdir (made by keys init). *count receives the number of cases.
 * Errors: E_IO, E_CRYPTO. */
int sim_snp_vectors(const char *keysdir, const char *outdir, size_t *count,
                    contrast_err *err) CONTRAST_WUR;
int sim_tdx_vectors(const char *keysdir, const char *outdir, size_t *count,
                    contrast_err *err) CONTRAST_WUR;

/* (sim/vectors.c) rm -rf path; an absent path is fine. Errors: E_IO. */
int sim_rmtree(const char *path, contrast_err *err) CONTRAST_WUR;
/* `contrast-sim vectors [--only snp|tdx] DIR` without the argument parsing:
 * keys in a private temporary directory (removed), the selected halves
 * (stale cases removed first), their roots in DIR/sim-roots, DIR/README.md.
 * *nsnp / *ntdx receive the case counts. Errors: E_IO, E_CRYPTO, ... */
int sim_vectors_run(const char *dir, int snp, int tdx, size_t *nsnp,
                    size_t *ntdx, contrast_err *err) CONTRAST_WUR;

#endif
