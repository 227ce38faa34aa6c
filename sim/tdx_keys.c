/* The simulated Intel hierarchy in a keys directory (the Intel half of
 * `contrast-sim keys init DIR`), and loading it back.
 *
 *   DIR/roots/intel/sgx_root_ca.pem    the root a verifier pins (--trust-sim)
 *   DIR/intel/sgx_root_ca.{key,pem}    Intel SGX Root CA
 *   DIR/intel/pck_platform_ca.{key,pem}   Intel SGX PCK Platform CA
 *   DIR/intel/pck_processor_ca.{key,pem}  Intel SGX PCK Processor CA
 *   DIR/intel/pck_platform.{key,pem}   PCK leaf of the Platform CA (7-entry
 *                                      SGX extension with PIID)
 *   DIR/intel/pck_processor.{key,pem}  PCK leaf of the Processor CA (5)
 *   DIR/intel/tcb_signing.{key,pem}    Intel SGX TCB Signing
 *   DIR/intel/qe_attestation.key       the QE's attestation key
 *   DIR/intel/root_ca_crl.der          root CA CRL
 *   DIR/intel/pck_platform_crl.der     PCK CRL of the Platform CA
 *   DIR/intel/pck_processor_crl.der    PCK CRL of the Processor CA
 *   DIR/intel/platform.json            the simulated platform and the
 *                                      default collateral parameters
 * Keys are written with mode 0600. The certificates and CRLs are built
 * from the default specs of tdx_pki.h, so loading resolves those specs to
 * exactly these bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "autofree.h"
#include "contrast/crypto.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"
#include "tdx_pki.h"

typedef struct key_file {
  sim_tdx_key id;
  const char *name;
} key_file;

static const key_file KEY_FILES[] = {
    {SIM_TDX_KEY_ROOT, "sgx_root_ca.key"},
    {SIM_TDX_KEY_CA, "pck_platform_ca.key"},
    {SIM_TDX_KEY_PROCESSOR_CA, "pck_processor_ca.key"},
    {SIM_TDX_KEY_PCK, "pck_platform.key"},
    {SIM_TDX_KEY_PROCESSOR_PCK, "pck_processor.key"},
    {SIM_TDX_KEY_TCB, "tcb_signing.key"},
    {SIM_TDX_KEY_ATTEST, "qe_attestation.key"},
};

typedef struct cert_file {
  sim_tdx_cert_spec (*spec)(void);
  const char *name;
} cert_file;

static const cert_file CERT_FILES[] = {
    {sim_tdx_root_spec, "sgx_root_ca.pem"},
    {sim_tdx_platform_ca_spec, "pck_platform_ca.pem"},
    {sim_tdx_processor_ca_spec, "pck_processor_ca.pem"},
    {sim_tdx_pck_spec, "pck_platform.pem"},
    {sim_tdx_processor_pck_spec, "pck_processor.pem"},
    {sim_tdx_signer_spec, "tcb_signing.pem"},
};

typedef struct crl_file {
  sim_tdx_crl_spec (*spec)(void);
  const char *name;
} crl_file;

static const crl_file CRL_FILES[] = {
    {sim_tdx_root_crl_spec, "root_ca_crl.der"},
    {sim_tdx_pck_crl_spec, "pck_platform_crl.der"},
    {sim_tdx_processor_crl_spec, "pck_processor_crl.der"},
};

static int path_of(char *out, size_t cap, const char *dir, const char *sub,
                   const char *name, contrast_err *err) {
  int n = snprintf(out, cap, "%s/%s/%s", dir, sub, name);
  ENSURE(n > 0 && (size_t)n < cap, E_IO, "%s: path too long", dir);
  return 0;
}

static json_t *hex_json(const uint8_t *b, size_t n) {
  char h[2 * 64 + 1];
  sim_hex(b, n < 64 ? n : 64, 0, h);
  return json_string(h);
}

/* platform.json: what keys init made, for people and scripts. */
static int write_platform_json(const char *path, contrast_err *err) {
  sim_tdx_sgx_ext x = sim_tdx_sgx_ext_default();
  sim_tdx_quote_spec q;
  sim_tdx_quote_init(&q, 4, 2);
  sim_tdx_tcb_info t = sim_tdx_tcb_info_default();
  AUTO_JSON json_t *comps = json_array();
  ENSURE_ALLOC(comps);
  for (size_t i = 0; i < 16; i++)
    ENSURE(json_array_append_new(comps, json_integer(x.comp[i])) == 0,
           E_NOMEM, "out of memory");
  char issue[32], next[32];
  contrast_time_format(SIM_TDX_T_ISSUE, issue);
  contrast_time_format(SIM_TDX_T_NEXT, next);
  AUTO_JSON json_t *o = json_pack(
      "{s:s, s:o, s:o, s:o, s:O, s:i, s:o, s:i, s:o, s:o, s:i, s:{s:s, s:s, "
      "s:i}}",
      "description",
      "the simulated Intel platform of contrast-sim (test keys, never "
      "Intel's)",
      "fmspc", hex_json(x.fmspc, 6), "pce_id", hex_json(x.pceid, 2),
      "ppid", hex_json(x.ppid, 16), "sgx_tcb_components", comps, "pcesvn",
      (int)x.pcesvn, "cpusvn", hex_json(x.cpusvn, 16), "sgx_type",
      (int)x.sgx_type, "platform_instance_id", hex_json(x.piid, 16),
      "tee_tcb_svn", hex_json(q.body + SIM_B_TEE_TCB_SVN, 16), "qe_isvsvn",
      (int)q.qe_report[SIM_QE_ISV_SVN], "collateral", "issue_date", issue,
      "next_update", next, "tcb_evaluation_data_number",
      (int)t.eval_number);
  ENSURE(o != NULL, E_NOMEM, "out of memory");
  char *text = json_dumps(o, JSON_INDENT(2));
  ENSURE_ALLOC(text);
  size_t n = strlen(text);
  int rc = contrast_file_write_atomic(path, (const uint8_t *)text, n, 0644,
                                      err);
  free(text);
  return rc;
}

static int keys_write(sim_tdx_pki *pki, const char *dir, contrast_err *err) {
  char p[4096];
  GUARD(path_of(p, sizeof p, dir, "intel", "", err));
  GUARD(sim_mkdirs(p, err));
  GUARD(path_of(p, sizeof p, dir, "roots", "intel", err));
  GUARD(sim_mkdirs(p, err));
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(KEY_FILES); i++) {
    EVP_PKEY *k = NULL;
    GUARD(sim_tdx_pki_key(pki, KEY_FILES[i].id, &k, err));
    GUARD(path_of(p, sizeof p, dir, "intel", KEY_FILES[i].name, err));
    GUARD(sim_write_key(p, k, err));
  }
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(CERT_FILES); i++) {
    sim_tdx_cert_spec s = CERT_FILES[i].spec();
    const uint8_t *der = NULL;
    size_t len = 0;
    GUARD(sim_tdx_cert_der(pki, &s, &der, &len, err));
    GUARD(path_of(p, sizeof p, dir, "intel", CERT_FILES[i].name, err));
    GUARD(sim_write_pem_cert(p, der, len, err));
    if (s.role == SIM_TDX_ROLE_ROOT) {
      GUARD(path_of(p, sizeof p, dir, "roots/intel", "sgx_root_ca.pem", err));
      GUARD(sim_write_pem_cert(p, der, len, err));
    }
  }
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(CRL_FILES); i++) {
    sim_tdx_crl_spec s = CRL_FILES[i].spec();
    const uint8_t *der = NULL;
    size_t len = 0;
    GUARD(sim_tdx_crl_der(pki, &s, &der, &len, err));
    GUARD(path_of(p, sizeof p, dir, "intel", CRL_FILES[i].name, err));
    GUARD(contrast_file_write_atomic(p, der, len, 0644, err));
  }
  GUARD(path_of(p, sizeof p, dir, "intel", "platform.json", err));
  return write_platform_json(p, err);
}

int sim_tdx_keys_write(const char *dir, contrast_err *err) {
  sim_tdx_pki *pki = sim_tdx_pki_new();
  ENSURE_ALLOC(pki);
  int rc = keys_write(pki, dir, err);
  sim_tdx_pki_free(pki);
  return rc;
}

int sim_tdx_keys_init(const char *dir, contrast_err *err) {
  return sim_tdx_keys_write(dir, err);
}

static int load(sim_tdx_pki *pki, const char *dir, contrast_err *err) {
  char p[4096];
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(KEY_FILES); i++) {
    GUARD(path_of(p, sizeof p, dir, "intel", KEY_FILES[i].name, err));
    AUTO_PKEY EVP_PKEY *k = NULL;
    GUARD(sim_read_key(p, &k, err));
    GUARD(sim_tdx_pki_set_key(pki, KEY_FILES[i].id, k, err));
  }
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(CERT_FILES); i++) {
    GUARD(path_of(p, sizeof p, dir, "intel", CERT_FILES[i].name, err));
    contrast_cert c;
    GUARD(sim_read_cert_file(p, &c, err));
    sim_tdx_cert_spec s = CERT_FILES[i].spec();
    int rc = sim_tdx_cert_seed(pki, &s, c.der, c.der_len, err);
    contrast_cert_wipe(&c);
    GUARD(rc);
  }
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(CRL_FILES); i++) {
    GUARD(path_of(p, sizeof p, dir, "intel", CRL_FILES[i].name, err));
    AUTO_FREE uint8_t *buf = NULL;
    size_t len = 0;
    GUARD(contrast_file_read(p, 1 << 20, &buf, &len, err));
    sim_tdx_crl_spec s = CRL_FILES[i].spec();
    GUARD(sim_tdx_crl_seed(pki, &s, buf, len, err));
  }
  return 0;
}

int sim_tdx_pki_load(const char *dir, sim_tdx_pki **out, contrast_err *err) {
  *out = NULL;
  sim_tdx_pki *pki = sim_tdx_pki_new();
  ENSURE_ALLOC(pki);
  if (load(pki, dir, err) != 0) {
    sim_tdx_pki_free(pki);
    return -1;
  }
  *out = pki;
  return 0;
}
