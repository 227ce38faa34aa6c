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
