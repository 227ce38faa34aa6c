/* Loading a case directory (spec/CASES.md "case.json (format 1)"). Every
 * problem with the case itself is E_UNUSABLE (exit 2); bad evidence or
 * endorsement bytes are not judged here but by the verifier (MALFORMED). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autofree.h"
#include "contrast/evidence.h"
#include "contrast/json.h"
#include "contrast/util.h"
#include "guard.h"

#define U CONTRAST_E_UNUSABLE
#define CASE_JSON_MAX ((size_t)1 << 20)

void contrast_case_wipe(contrast_case *c) {
  if (c == NULL)
    return;
  free(c->dir);
  free(c->name);
  free(c->evidence);
  free(c->vek);
  free(c->cert_chain);
  free(c->crl);
  free(c->tcb_info);
  free(c->tcb_info_issuer_chain);
  free(c->qe_identity);
  free(c->qe_identity_issuer_chain);
  free(c->pck_crl);
  free(c->pck_crl_issuer_chain);
  free(c->root_ca_crl);
  json_decref(c->policy);
  memset(c, 0, sizeof *c);
}

static int valid_name(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

/* A file named by the case: a plain name (no '/', no "..") inside the case
 * directory. */
static int read_named(const char *dir, const char *key, const char *file,
                      uint8_t **out, size_t *len, contrast_err *err) {
  ENSURE(file[0] != '\0' && strchr(file, '/') == NULL &&
             strstr(file, "..") == NULL,
         E_UNUSABLE, "case.json: %s '%s' must name a file in the case directory",
         key, file);
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, file);
  ENSURE(n > 0 && (size_t)n < sizeof path, E_UNUSABLE, "case: path too long");
  contrast_err local;
  contrast_err_clear(&local);
  ENSURE(contrast_file_read(path, CONTRAST_FILE_MAX, out, len, &local) == 0,
         E_UNUSABLE, "case: %s file: %s", key, local.detail);
  return 0;
}

static const char *base_name(const char *dir) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  size_t i = n;
  while (i > 0 && dir[i - 1] != '/')
    i--;
  static _Thread_local char buf[256];
  size_t len = n - i < sizeof buf - 1 ? n - i : sizeof buf - 1;
  memcpy(buf, dir + i, len);
  buf[len] = '\0';
  return buf;
}

static int load_snp_endorsements(const json_t *e, contrast_case *c,
                                 contrast_err *err) {
  static const char *const keys[] = {"vcek", "vlek", "cert_chain", "crl"};
  GUARD(contrast_json_only_keys(e, keys, CONTRAST_ARRAY_LEN(keys),
                                "case.json: endorsements", U, err));
  const char *vcek = NULL, *vlek = NULL, *chain = NULL, *crl = NULL;
  const char *w = "case.json: endorsements";
  GUARD(contrast_json_get_string(e, "vcek", w, U, &vcek, NULL, err));
  GUARD(contrast_json_get_string(e, "vlek", w, U, &vlek, NULL, err));
  GUARD(contrast_json_get_string(e, "cert_chain", w, U, &chain, NULL, err));
  GUARD(contrast_json_get_string(e, "crl", w, U, &crl, NULL, err));
  ENSURE(vcek == NULL || vlek == NULL, E_UNUSABLE,
         "case.json: endorsements name both a vcek and a vlek");
  if (vcek != NULL) {
    c->vek_kind = SNP_VEK_VCEK;
    GUARD(read_named(c->dir, "vcek", vcek, &c->vek, &c->vek_len, err));
  } else if (vlek != NULL) {
    c->vek_kind = SNP_VEK_VLEK;
    GUARD(read_named(c->dir, "vlek", vlek, &c->vek, &c->vek_len, err));
  }
  if (chain != NULL)
    GUARD(read_named(c->dir, "cert_chain", chain, &c->cert_chain,
                     &c->cert_chain_len, err));
  if (crl != NULL)
    GUARD(read_named(c->dir, "crl", crl, &c->crl, &c->crl_len, err));
  return 0;
}

void contrast_case_collateral_slots(contrast_case *c, uint8_t **bufs[7],
                                    size_t *lens[7]) {
  uint8_t **const b[7] = {&c->tcb_info,    &c->tcb_info_issuer_chain,
                          &c->qe_identity, &c->qe_identity_issuer_chain,
                          &c->pck_crl,     &c->pck_crl_issuer_chain,
                          &c->root_ca_crl};
  size_t *const l[7] = {&c->tcb_info_len,    &c->tcb_info_issuer_chain_len,
                        &c->qe_identity_len, &c->qe_identity_issuer_chain_len,
                        &c->pck_crl_len,     &c->pck_crl_issuer_chain_len,
                        &c->root_ca_crl_len};
  for (size_t i = 0; i < 7; i++) {
    bufs[i] = b[i];
    lens[i] = l[i];
  }
}

static int load_tdx_collateral(const json_t *o, contrast_case *c,
                               contrast_err *err) {
  static const char *const keys[] = {
      "tcb_info",    "tcb_info_issuer_chain", "qe_identity",
      "qe_identity_issuer_chain", "pck_crl", "pck_crl_issuer_chain",
      "root_ca_crl"};
  GUARD(contrast_json_only_keys(o, keys, CONTRAST_ARRAY_LEN(keys),
                                "case.json: collateral", U, err));
  uint8_t **bufs[7];
  size_t *lens[7];
  contrast_case_collateral_slots(c, bufs, lens);
  for (size_t i = 0; i < 7; i++) {
    const char *file = NULL;
    GUARD(contrast_json_get_string(o, keys[i], "case.json: collateral", U,
                                   &file, NULL, err));
    if (file != NULL)
      GUARD(read_named(c->dir, keys[i], file, bufs[i], lens[i], err));
  }
  return 0;
}

static int load(const char *dir, contrast_case *c, contrast_err *err) {
  c->dir = strdup(dir);
  ENSURE_ALLOC(c->dir);
  char path[4096];
  int pn = snprintf(path, sizeof path, "%s/case.json", dir);
  ENSURE(pn > 0 && (size_t)pn < sizeof path, E_UNUSABLE, "case: path too long");
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  contrast_err local;
  contrast_err_clear(&local);
  ENSURE(contrast_file_read(path, CASE_JSON_MAX, &buf, &len, &local) == 0,
         E_UNUSABLE, "%s", local.detail);
  AUTO_JSON json_t *root = NULL;
  GUARD(contrast_json_parse(buf, len, "case.json", U, &root, err));
  static const char *const keys[] = {
      "format", "name",   "tee",          "trust",      "description", "now",
      "evidence", "endorsements", "collateral", "policy", "expect"};
  GUARD(contrast_json_only_keys(root, keys, CONTRAST_ARRAY_LEN(keys),
                                "case.json", U, err));
  uint64_t format = 0;
  int have = 0;
  GUARD(contrast_json_get_u64(root, "format", "case.json", U, UINT32_MAX,
                              &format, &have, err));
  ENSURE(have && format == 1, E_UNUSABLE,
         "case.json: format must be 1 (this verifier knows only format 1)");
  const char *name = NULL, *tee = NULL, *trust = NULL, *now = NULL,
             *evidence = NULL, *desc = NULL;
  GUARD(contrast_json_get_string(root, "name", "case.json", U, &name, NULL,
                                 err));
  GUARD(contrast_json_get_string(root, "tee", "case.json", U, &tee, NULL, err));
  GUARD(contrast_json_get_string(root, "trust", "case.json", U, &trust, NULL,
                                 err));
  GUARD(contrast_json_get_string(root, "now", "case.json", U, &now, NULL, err));
  GUARD(contrast_json_get_string(root, "evidence", "case.json", U, &evidence,
                                 NULL, err));
  GUARD(contrast_json_get_string(root, "description", "case.json", U, &desc,
                                 NULL, err));
  ENSURE(name != NULL && valid_name(name), E_UNUSABLE,
         "case.json: name must be [a-z0-9-]+");
  ENSURE(strcmp(name, base_name(dir)) == 0, E_UNUSABLE,
         "case.json: name '%s' differs from the directory name '%s'", name,
         base_name(dir));
  c->name = strdup(name);
  ENSURE_ALLOC(c->name);
  ENSURE(tee != NULL, E_UNUSABLE, "case.json: tee missing");
  if (strcmp(tee, "snp") == 0)
    c->tee = CONTRAST_TEE_SNP;
  else if (strcmp(tee, "tdx") == 0)
    c->tee = CONTRAST_TEE_TDX;
  else
    BAIL(E_UNUSABLE, "case.json: tee '%s' is neither snp nor tdx", tee);
  ENSURE(trust != NULL, E_UNUSABLE, "case.json: trust missing");
  if (strcmp(trust, "amd") == 0)
    c->trust = CONTRAST_TRUST_AMD;
  else if (strcmp(trust, "intel") == 0)
    c->trust = CONTRAST_TRUST_INTEL;
  else if (strcmp(trust, "sim") == 0)
    c->trust = CONTRAST_TRUST_SIM;
  else
    BAIL(E_UNUSABLE, "case.json: trust '%s' is not amd, intel or sim", trust);
  ENSURE(now != NULL, E_UNUSABLE, "case.json: now missing");
  GUARD(contrast_time_parse_strict(now, &c->now, U, err));
  ENSURE(evidence != NULL, E_UNUSABLE, "case.json: evidence missing");
  GUARD(read_named(dir, "evidence", evidence, &c->evidence, &c->evidence_len,
                   err));
  json_t *end = NULL, *coll = NULL, *pol = NULL;
  int have_end = 0, have_coll = 0, have_pol = 0;
  GUARD(contrast_json_get_object(root, "endorsements", "case.json", U, &end,
                                 &have_end, err));
  GUARD(contrast_json_get_object(root, "collateral", "case.json", U, &coll,
                                 &have_coll, err));
  GUARD(contrast_json_get_object(root, "policy", "case.json", U, &pol,
                                 &have_pol, err));
  json_t *expect = json_object_get(root, "expect");
  ENSURE(expect == NULL || json_is_object(expect), E_UNUSABLE,
         "case.json: expect must be an object");
  if (c->tee == CONTRAST_TEE_SNP) {
    ENSURE(!have_coll, E_UNUSABLE,
           "case.json: collateral is for TDX cases; SNP uses endorsements");
    if (have_end)
      GUARD(load_snp_endorsements(end, c, err));
  } else {
    ENSURE(!have_end, E_UNUSABLE,
           "case.json: endorsements are for SNP cases; TDX uses collateral");
    if (have_coll)
      GUARD(load_tdx_collateral(coll, c, err));
  }
  if (have_pol)
    c->policy = json_incref(pol);
  return 0;
}

int contrast_case_load(const char *dir, contrast_case *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (load(dir, out, err) != 0) {
    contrast_case_wipe(out);
    return -1;
  }
  return 0;
}
