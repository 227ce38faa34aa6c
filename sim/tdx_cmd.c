/* contrast-sim tdx quote | collateral: quotes and PCS collateral of the
 * simulated Intel side, from a keys directory made by `keys init`. Every
 * quote field can be set; the defaults make evidence that verifies with
 * the simulator's root (spec/tdx.md §1-§2, §5). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/util.h"
#include "guard.h"
#include "guest.h"
#include "sim.h"
#include "tdx_pki.h"

/* ---- shared parsing ---- */

typedef struct argv_it {
  int argc, i;
  char **argv;
} argv_it;

static int need_value(argv_it *it, const char **out, contrast_err *err) {
  ENSURE(it->i + 1 < it->argc, E_USAGE, "%s needs a value", it->argv[it->i]);
  *out = it->argv[++it->i];
  return 0;
}

static int parse_u64(const char *s, uint64_t max, const char *what,
                     uint64_t *out, contrast_err *err) {
  ENSURE(s[0] != '\0' && s[0] != '-', E_USAGE, "%s: '%s' is not a number",
         what, s);
  ENSURE(sim_parse_u64(s, max, out) == 0, E_USAGE,
         "%s: '%s' is not a number in 0..%llu", what, s,
         (unsigned long long)max);
  return 0;
}

/* Exactly n bytes of hex. */
static int parse_hex(const char *s, uint8_t *out, size_t n, const char *what,
                     contrast_err *err) {
  return contrast_hex_decode(s, out, n, what, CONTRAST_E_USAGE, err);
}

/* At most n bytes of hex, zero-padded on the right; *got receives the
 * count. */
static int parse_hex_upto(const char *s, uint8_t *out, size_t n,
                          const char *what, size_t *got, contrast_err *err) {
  size_t len = strlen(s);
  ENSURE(len % 2 == 0 && len / 2 <= n, E_USAGE,
         "%s: at most %zu bytes of hex", what, n);
  memset(out, 0, n);
  *got = len / 2;
  return len == 0 ? 0 : parse_hex(s, out, len / 2, what, err);
}

static int parse_time(const char *s, int64_t *out, contrast_err *err) {
  return contrast_time_parse_rfc3339(s, out, CONTRAST_E_USAGE, err);
}

static int is_status(const char *s, int module_only) {
  static const char *const all[] = {
      "UpToDate",  "SWHardeningNeeded", "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded", "OutOfDate",
      "OutOfDateConfigurationNeeded", "Revoked"};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(all); i++)
    if (strcmp(s, all[i]) == 0)
      return !module_only || i == 0 || i == 4 || i == 6;
  return 0;
}

/* "A+B+C" into up to SIM_TDX_MAX_ADV advisory IDs. */
static int parse_advisories(const char *s, char (*adv)[24], size_t *n,
                            contrast_err *err) {
  *n = 0;
  while (*s != '\0') {
    const char *e = strchr(s, '+');
    size_t len = e != NULL ? (size_t)(e - s) : strlen(s);
    ENSURE(len > 0 && len < 24 && *n < SIM_TDX_MAX_ADV, E_USAGE,
           "advisory IDs: at most %d of at most 23 characters, joined by '+'",
           SIM_TDX_MAX_ADV);
    memcpy(adv[*n], s, len);
    adv[*n][len] = '\0';
    (*n)++;
    s += len + (e != NULL ? 1 : 0);
  }
  return 0;
}

/* Copy the value v of option opt into buf (cap bytes) and split it at ':'
 * into at most max fields; *n receives their count. */
static int split(const char *opt, const char *v, char *buf, size_t cap,
                 char **f, size_t max, size_t *n, contrast_err *err) {
  size_t len = strlen(v);
  ENSURE(len < cap, E_USAGE, "%s: too long", opt);
  memcpy(buf, v, len + 1);
  char *s = buf;
  *n = 0;
  while (*n < max) {
    f[(*n)++] = s;
    char *c = strchr(s, ':');
    if (c == NULL)
      break;
    *c = '\0';
    s = c + 1;
  }
  return 0;
}

static int load_keys(const char *dir, sim_tdx_pki **pki, contrast_err *err) {
  ENSURE(dir != NULL, E_USAGE, "--keys DIR is required");
  return sim_tdx_pki_load(dir, pki, err);
}

static int which_pck(const char *s, int *processor, contrast_err *err) {
  ENSURE(strcmp(s, "platform") == 0 || strcmp(s, "processor") == 0, E_USAGE,
         "--pck: platform or processor");
  *processor = strcmp(s, "processor") == 0;
  return 0;
}

/* ---- tdx quote ---- */

static const char QUOTE_USAGE[] =
    "usage: contrast-sim tdx quote --keys DIR -o QUOTE [options]\n"
    "  a DCAP quote signed by the simulated TD Quoting Enclave of DIR\n"
    "  (hex values are exact lengths unless noted)\n"
    "\n"
    "  --version 4|5            quote version (default 4)\n"
    "  --body-type 2|3          v5 body: 2 TD report 1.0, 3 TD report 1.5\n"
    "                           (default 3 for v5)\n"
    "  --report-data HEX        REPORTDATA, up to 64 bytes, zero-padded\n"
    "  --host-data HEX          MRCONFIGID bytes 0..31 (the policy hash)\n"
    "  --mr-config-id HEX       MRCONFIGID (48)\n"
    "  --mr-td HEX  --mr-seam HEX  --mr-signer-seam HEX  --mr-owner HEX\n"
    "  --mr-owner-config HEX  --mr-servicetd HEX        (48 each)\n"
    "  --rtmr N=HEX             RTMR0..3 (48)\n"
    "  --td-attributes HEX  --xfam HEX  --seam-attributes HEX    (8 each)\n"
    "  --debug                  set TD_ATTRIBUTES.DEBUG (bit 0)\n"
    "  --tee-tcb-svn HEX  --tee-tcb-svn2 HEX          (16 each; svn2 of a\n"
    "                           type-3 body defaults to TEE_TCB_SVN)\n"
    "  --qe-svn N  --qe-prod-id N  --qe-misc-select N\n"
    "  --qe-attributes HEX (16)  --qe-mr-signer HEX (32)\n"
    "  --qe-mr-enclave HEX (32)  --qe-cpu-svn HEX (16)\n"
    "  --qe-auth-data HEX       up to 64 bytes (default 00..1f)\n"
    "  --user-data HEX (20)  --qe-vendor-id HEX (16)  --header-reserved HEX (4)\n"
    "  --att-key-type N  --tee-type N\n"
    "  --pck platform|processor which PCK (and CA) the quote carries\n"
    "                           (default platform)\n"
    "  --pck-tcb HEX[:PCESVN]   re-issue the PCK (same key, signed by its CA)\n"
    "                           with these 16 SGX TCB components\n"
    "  --fmspc HEX (6)  --pce-id HEX (2)  --ppid HEX (16)  --piid HEX (16)\n"
    "                           re-issue the PCK with these values\n"
    "  --no-chain-nul           no NUL after the PEM PCK chain\n"
    "  --trailing N             N zero bytes after the signature data\n";

typedef struct hex_field {
  const char *flag;
  int qe;     /* in the QE report, else in the TD quote body */
  size_t off; /* offset */
  size_t len;
} hex_field;

static const hex_field HEX_FIELDS[] = {
    {"--mr-config-id", 0, SIM_B_MR_CONFIG_ID, 48},
    {"--host-data", 0, SIM_B_MR_CONFIG_ID, 32},
    {"--mr-td", 0, SIM_B_MR_TD, 48},
    {"--mr-seam", 0, SIM_B_MR_SEAM, 48},
    {"--mr-signer-seam", 0, SIM_B_MR_SIGNER_SEAM, 48},
    {"--mr-owner", 0, SIM_B_MR_OWNER, 48},
    {"--mr-owner-config", 0, SIM_B_MR_OWNER_CONFIG, 48},
    {"--mr-servicetd", 0, SIM_B_MR_SERVICETD, 48},
    {"--td-attributes", 0, SIM_B_TD_ATTRIBUTES, 8},
    {"--xfam", 0, SIM_B_XFAM, 8},
    {"--seam-attributes", 0, SIM_B_SEAM_ATTRIBUTES, 8},
    {"--tee-tcb-svn", 0, SIM_B_TEE_TCB_SVN, 16},
    {"--tee-tcb-svn2", 0, SIM_B_TEE_TCB_SVN2, 16},
    {"--qe-attributes", 1, SIM_QE_ATTRIBUTES, 16},
    {"--qe-mr-signer", 1, SIM_QE_MR_SIGNER, 32},
    {"--qe-mr-enclave", 1, SIM_QE_MR_ENCLAVE, 32},
    {"--qe-cpu-svn", 1, SIM_QE_CPU_SVN, 16},
};

static void put_le(uint8_t *p, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static int quote_option(argv_it *it, sim_tdx_quote_opts *o, int *used,
                        contrast_err *err) {
  const char *a = it->argv[it->i], *v = NULL;
  uint64_t n = 0;
  size_t got = 0;
  *used = 1;
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(HEX_FIELDS); i++) {
    const hex_field *f = &HEX_FIELDS[i];
    if (strcmp(a, f->flag) != 0)
      continue;
    GUARD(need_value(it, &v, err));
    uint8_t *dst = f->qe ? o->q.qe_report : o->q.body;
    GUARD(parse_hex(v, dst + f->off, f->len, a, err));
    if (f->off == SIM_B_TEE_TCB_SVN2 && !f->qe)
      o->svn2_set = 1;
    if (f->off == SIM_QE_CPU_SVN && f->qe)
      o->qe_cpu_set = 1;
    return 0;
  }
  if (strcmp(a, "--keys") == 0)
    return need_value(it, &o->keys, err);
  if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0)
    return need_value(it, &o->out, err);
  if (strcmp(a, "--version") == 0) {
    GUARD(need_value(it, &v, err));
    GUARD(parse_u64(v, 65535, a, &o->version, err));
    return 0;
  }
  if (strcmp(a, "--body-type") == 0) {
    GUARD(need_value(it, &v, err));
    GUARD(parse_u64(v, 65535, a, &o->body_type, err));
    o->body_type_set = 1;
    return 0;
  }
  if (strcmp(a, "--report-data") == 0) {
    GUARD(need_value(it, &v, err));
    return parse_hex_upto(v, o->q.body + SIM_B_REPORT_DATA, 64, a, &got, err);
  }
  if (strcmp(a, "--rtmr") == 0) {
    GUARD(need_value(it, &v, err));
    ENSURE(v[0] >= '0' && v[0] <= '3' && v[1] == '=', E_USAGE,
           "--rtmr: N=HEX with N in 0..3");
    return parse_hex(v + 2, o->q.body + SIM_B_RTMR0 + 48 * (size_t)(v[0] - '0'),
                     48, a, err);
  }
  if (strcmp(a, "--debug") == 0) {
    o->q.body[SIM_B_TD_ATTRIBUTES] |= 0x01;
    return 0;
  }
  if (strcmp(a, "--qe-svn") == 0 || strcmp(a, "--qe-prod-id") == 0 ||
      strcmp(a, "--qe-misc-select") == 0) {
    GUARD(need_value(it, &v, err));
    int misc = strcmp(a, "--qe-misc-select") == 0;
    GUARD(parse_u64(v, misc ? UINT32_MAX : 65535, a, &n, err));
    size_t off = misc                            ? SIM_QE_MISC_SELECT
                 : strcmp(a, "--qe-svn") == 0 ? SIM_QE_ISV_SVN
                                                 : SIM_QE_ISV_PROD_ID;
    put_le(o->q.qe_report + off, n, misc ? 4 : 2);
    return 0;
  }
  if (strcmp(a, "--qe-auth-data") == 0) {
    GUARD(need_value(it, &v, err));
    GUARD(parse_hex_upto(v, o->q.qe_auth, sizeof o->q.qe_auth, a, &got, err));
    o->q.qe_auth_len = got;
    return 0;
  }
  if (strcmp(a, "--user-data") == 0) {
    GUARD(need_value(it, &v, err));
    return parse_hex(v, o->q.user_data, 20, a, err);
  }
  if (strcmp(a, "--qe-vendor-id") == 0) {
    GUARD(need_value(it, &v, err));
    return parse_hex(v, o->q.qe_vendor, 16, a, err);
  }
  if (strcmp(a, "--header-reserved") == 0) {
    GUARD(need_value(it, &v, err));
    return parse_hex(v, o->q.header_reserved, 4, a, err);
  }
  if (strcmp(a, "--att-key-type") == 0) {
    GUARD(need_value(it, &v, err));
    GUARD(parse_u64(v, 65535, a, &n, err));
    o->q.att_key_type = (uint16_t)n;
    return 0;
  }
  if (strcmp(a, "--tee-type") == 0) {
    GUARD(need_value(it, &v, err));
    GUARD(parse_u64(v, UINT32_MAX, a, &n, err));
    o->q.tee_type = (uint32_t)n;
    return 0;
  }
  if (strcmp(a, "--pck") == 0) /* taken in a first pass */
    return need_value(it, &v, err);
  if (strcmp(a, "--pck-tcb") == 0) {
    GUARD(need_value(it, &v, err));
    char buf[128], *f[2] = {NULL};
    size_t nf = 0;
    GUARD(split(a, v, buf, sizeof buf, f, 2, &nf, err));
    GUARD(parse_hex(f[0], o->pck.ext.comp, 16, a, err));
    memcpy(o->pck.ext.cpusvn, o->pck.ext.comp, 16);
    if (nf == 2) {
      GUARD(parse_u64(f[1], 65535, "--pck-tcb PCESVN", &n, err));
      o->pck.ext.pcesvn = (uint16_t)n;
    }
    return 0;
  }
  static const struct {
    const char *flag;
    size_t off, len;
  } ext_fields[] = {
      {"--fmspc", offsetof(sim_tdx_sgx_ext, fmspc), 6},
      {"--pce-id", offsetof(sim_tdx_sgx_ext, pceid), 2},
      {"--ppid", offsetof(sim_tdx_sgx_ext, ppid), 16},
      {"--piid", offsetof(sim_tdx_sgx_ext, piid), 16},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(ext_fields); i++) {
    if (strcmp(a, ext_fields[i].flag) != 0)
      continue;
    GUARD(need_value(it, &v, err));
    GUARD(parse_hex(v, (uint8_t *)&o->pck.ext + ext_fields[i].off,
                    ext_fields[i].len, a, err));
    return 0;
  }
  if (strcmp(a, "--no-chain-nul") == 0) {
    o->q.chain_nul = 0;
    return 0;
  }
  if (strcmp(a, "--trailing") == 0) {
    GUARD(need_value(it, &v, err));
    GUARD(parse_u64(v, 1u << 20, a, &n, err));
    o->q.trailing = (size_t)n;
    return 0;
  }
  *used = 0;
  return 0;
}

int sim_tdx_quote_option(int argc, char *const *argv, int *i,
                         sim_tdx_quote_opts *o, int *used,
                         contrast_err *err) {
  argv_it it = {argc, *i, (char **)(uintptr_t)argv};
  int rc = quote_option(&it, o, used, err);
  *i = it.i;
  return rc;
}

int sim_tdx_quote_opts_init(sim_tdx_quote_opts *o, int argc, char *const *argv,
                            contrast_err *err) {
  memset(o, 0, sizeof *o);
  o->version = 4;
  sim_tdx_quote_init(&o->q, 4, 2);
  /* --pck first: the PCK options that follow apply to that PCK */
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], "--pck") == 0)
      GUARD(which_pck(argv[i + 1], &o->processor, err));
  o->pck = o->processor ? sim_tdx_processor_pck_spec() : sim_tdx_pck_spec();
  return 0;
}

/* Apply version/body type to the fields set so far (the spec was
 * initialised for v4; fields are wire bytes, so they carry over). */
int sim_tdx_quote_opts_finish(sim_tdx_quote_opts *o, contrast_err *err) {
  uint16_t version = (uint16_t)o->version;
  uint16_t type = o->body_type_set ? (uint16_t)o->body_type
                                   : (version == 5 ? 3 : 2);
  ENSURE(version == 5 || !o->body_type_set || type == 2, E_USAGE,
         "--body-type applies to --version 5 (v4 has a type-2 body)");
  o->q.version = version;
  o->q.body_type = version == 5 ? type : 2;
  if (!o->svn2_set)
    memcpy(o->q.body + SIM_B_TEE_TCB_SVN2, o->q.body + SIM_B_TEE_TCB_SVN, 16);
  /* the QE runs on the PCK's platform: its CPUSVN */
  if (!o->qe_cpu_set)
    memcpy(o->q.qe_report + SIM_QE_CPU_SVN, o->pck.ext.cpusvn, 16);
  return 0;
}

static int cmd_quote(argv_it *it, contrast_err *err) {
  sim_tdx_quote_opts o;
  GUARD(sim_tdx_quote_opts_init(&o, it->argc, it->argv, err));
  for (it->i = 1; it->i < it->argc; it->i++) {
    int used = 0;
    GUARD(quote_option(it, &o, &used, err));
    ENSURE(used, E_USAGE, "unknown option '%s' (see --help)",
           it->argv[it->i]);
  }
  ENSURE(o.out != NULL, E_USAGE, "-o QUOTE is required");
  GUARD(sim_tdx_quote_opts_finish(&o, err));
  sim_tdx_pki *pki = NULL;
  GUARD(load_keys(o.keys, &pki, err));
  sim_tdx_cert_spec ca =
      o.processor ? sim_tdx_processor_ca_spec() : sim_tdx_platform_ca_spec();
  sim_tdx_cert_spec chain[3] = {o.pck, ca, sim_tdx_root_spec()};
  sim_buf pem = {0}, out = {0};
  int rc = sim_tdx_pem_chain(pki, chain, 3, &pem, err);
  o.q.qe_signer = o.pck.key;
  o.q.pck_chain = pem.p;
  o.q.pck_chain_len = pem.len;
  if (rc == 0)
    rc = sim_tdx_quote_build(pki, &o.q, &out, err);
  if (rc == 0)
    rc = contrast_file_write_atomic(o.out, out.p, out.len, 0644, err);
  sim_buf_free(&pem);
  sim_buf_free(&out);
  sim_tdx_pki_free(pki);
  return rc;
}

/* ---- tdx collateral ---- */

static const char COLLATERAL_USAGE[] =
    "usage: contrast-sim tdx collateral --keys DIR -o OUTDIR [options]\n"
    "  PCS-shaped collateral signed by the simulated Intel keys of DIR:\n"
    "  tcb_info.json, tcb_info_issuer_chain.pem, qe_identity.json,\n"
    "  qe_identity_issuer_chain.pem, pck_crl.der, pck_crl_issuer_chain.pem,\n"
    "  root_ca_crl.der (the file names of spec/CASES.md)\n"
    "\n"
    "  --pck platform|processor  whose PCK CRL (default platform)\n"
    "  --fmspc HEX (6)  --pce-id HEX (2)   default: the simulated platform's\n"
    "  --issue-date T  --next-update T     TCB info and QE identity\n"
    "  --crl-this-update T  --crl-next-update T   both CRLs\n"
    "  --tcb-eval N              tcbEvaluationDataNumber (both documents)\n"
    "  --level STATUS:PCESVN:SGXHEX:TDXHEX[:ADV+ADV...]\n"
    "                            a TCB level (16-byte hex component vectors);\n"
    "                            repeatable, in the order given, replacing\n"
    "                            the defaults\n"
    "  --module-level ID:ISVSVN:STATUS[:ADV+...]   a level of module\n"
    "                            identity ID (e.g. TDX_01); repeatable,\n"
    "                            replacing the default identities\n"
    "  --no-module-identities    leave tdxModuleIdentities out\n"
    "  --qe-level ISVSVN:STATUS[:ADV+...]   a QE identity level; repeatable\n"
    "  --revoke pck|pck-ca|tcb-signing      list that default certificate\n"
    "                            on its CRL\n"
    "  --pck-crl-revoke SERIAL  --root-crl-revoke SERIAL   any serial\n";

typedef struct coll_opts {
  const char *keys, *out;
  int processor, levels_set, ids_set, qe_set;
  sim_tdx_tcb_info t;
  sim_tdx_qe_identity q;
  sim_tdx_crl_spec root_crl, pck_crl;
  int revoke_pck, revoke_ca, revoke_signer;
  uint64_t extra_pck[4], extra_root[4];
  size_t n_extra_pck, n_extra_root;
  int crl_tu_set, crl_nu_set;
  int64_t crl_tu, crl_nu;
} coll_opts;

static int add_level(coll_opts *o, const char *v, contrast_err *err) {
  char buf[256], *f[5] = {0};
  size_t n = 0;
  GUARD(split("--level", v, buf, sizeof buf, f, 5, &n, err));
  ENSURE(n >= 4, E_USAGE, "--level STATUS:PCESVN:SGXHEX:TDXHEX[:ADV+...]");
  if (!o->levels_set) {
    o->t.n_levels = 0;
    o->levels_set = 1;
  }
  ENSURE(o->t.n_levels < SIM_TDX_MAX_LEVELS, E_USAGE,
         "at most %d TCB levels", SIM_TDX_MAX_LEVELS);
  sim_tdx_tcb_level *l = &o->t.levels[o->t.n_levels];
  memset(l, 0, sizeof *l);
  ENSURE(is_status(f[0], 0), E_USAGE, "--level: '%s' is not a TCB status",
         f[0]);
  (void)snprintf(l->status, sizeof l->status, "%s", f[0]);
  uint64_t pcesvn = 0;
  GUARD(parse_u64(f[1], 65535, "--level PCESVN", &pcesvn, err));
  l->pcesvn = (uint16_t)pcesvn;
  GUARD(parse_hex(f[2], l->sgx, 16, "--level SGX components", err));
  GUARD(parse_hex(f[3], l->tdx, 16, "--level TDX components", err));
  if (n == 5)
    GUARD(parse_advisories(f[4], l->adv, &l->n_adv, err));
  o->t.n_levels++;
  return 0;
}

static int add_isv_level(sim_tdx_isv_level *levels, size_t *n_levels,
                         char **f, size_t nf, int module_only,
                         contrast_err *err) {
  ENSURE(*n_levels < SIM_TDX_MAX_LEVELS, E_USAGE, "at most %d levels",
         SIM_TDX_MAX_LEVELS);
  uint64_t svn = 0;
  GUARD(parse_u64(f[0], 65535, "ISVSVN", &svn, err));
  ENSURE(is_status(f[1], module_only), E_USAGE,
         "'%s' is not a status here%s", f[1],
         module_only ? " (UpToDate, OutOfDate, Revoked)" : "");
  sim_tdx_isv_level *l = &levels[*n_levels];
  *l = sim_tdx_isv_level_make((uint16_t)svn, f[1]);
  if (nf == 3)
    GUARD(parse_advisories(f[2], l->adv, &l->n_adv, err));
  (*n_levels)++;
  return 0;
}

static int add_module_level(coll_opts *o, const char *v, contrast_err *err) {
  char buf[256], *f[4] = {0};
  size_t n = 0;
  GUARD(split("--module-level", v, buf, sizeof buf, f, 4, &n, err));
  ENSURE(n >= 3 && strlen(f[0]) > 0 && strlen(f[0]) < 16, E_USAGE,
         "--module-level ID:ISVSVN:STATUS[:ADV+...]");
  if (!o->ids_set) {
    o->t.n_ids = 0;
    o->t.has_identities = 1;
    o->ids_set = 1;
  }
  sim_tdx_module_id *m = NULL;
  for (size_t i = 0; i < o->t.n_ids; i++)
    if (strcmp(o->t.ids[i].id, f[0]) == 0)
      m = &o->t.ids[i];
  if (m == NULL) {
    ENSURE(o->t.n_ids < SIM_TDX_MAX_IDS, E_USAGE,
           "at most %d module identities", SIM_TDX_MAX_IDS);
    m = &o->t.ids[o->t.n_ids++];
    memset(m, 0, sizeof *m);
    (void)snprintf(m->id, sizeof m->id, "%s", f[0]);
    memset(m->mask, 0xff, 8);
  }
  return add_isv_level(m->levels, &m->n_levels, f + 1, n - 1, 1, err);
}

static int add_qe_level(coll_opts *o, const char *v, contrast_err *err) {
  char buf[256], *f[3] = {NULL};
  size_t n = 0;
  GUARD(split("--qe-level", v, buf, sizeof buf, f, 3, &n, err));
  ENSURE(n >= 2, E_USAGE, "--qe-level ISVSVN:STATUS[:ADV+...]");
  if (!o->qe_set) {
    o->q.n_levels = 0;
    o->qe_set = 1;
  }
  return add_isv_level(o->q.levels, &o->q.n_levels, f, n, 0, err);
}

static int coll_option(argv_it *it, coll_opts *o, contrast_err *err) {
  const char *a = it->argv[it->i], *v = NULL;
  uint64_t n = 0;
  if (strcmp(a, "--keys") == 0)
    return need_value(it, &o->keys, err);
  if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0)
    return need_value(it, &o->out, err);
  if (strcmp(a, "--no-module-identities") == 0) {
    o->t.has_identities = 0;
    o->t.n_ids = 0;
    return 0;
  }
  GUARD(need_value(it, &v, err));
  if (strcmp(a, "--pck") == 0)
    return which_pck(v, &o->processor, err);
  if (strcmp(a, "--fmspc") == 0)
    return parse_hex(v, o->t.fmspc, 6, a, err);
  if (strcmp(a, "--pce-id") == 0)
    return parse_hex(v, o->t.pceid, 2, a, err);
  if (strcmp(a, "--issue-date") == 0) {
    GUARD(parse_time(v, &o->t.issue_date, err));
    o->q.issue_date = o->t.issue_date;
    return 0;
  }
  if (strcmp(a, "--next-update") == 0) {
    GUARD(parse_time(v, &o->t.next_update, err));
    o->q.next_update = o->t.next_update;
    return 0;
  }
  if (strcmp(a, "--crl-this-update") == 0) {
    o->crl_tu_set = 1;
    return parse_time(v, &o->crl_tu, err);
  }
  if (strcmp(a, "--crl-next-update") == 0) {
    o->crl_nu_set = 1;
    return parse_time(v, &o->crl_nu, err);
  }
  if (strcmp(a, "--tcb-eval") == 0) {
    GUARD(parse_u64(v, UINT32_MAX, a, &n, err));
    o->t.eval_number = o->q.eval_number = (unsigned)n;
    return 0;
  }
  if (strcmp(a, "--level") == 0)
    return add_level(o, v, err);
  if (strcmp(a, "--module-level") == 0)
    return add_module_level(o, v, err);
  if (strcmp(a, "--qe-level") == 0)
    return add_qe_level(o, v, err);
  if (strcmp(a, "--revoke") == 0) {
    if (strcmp(v, "pck") == 0)
      o->revoke_pck = 1;
    else if (strcmp(v, "pck-ca") == 0)
      o->revoke_ca = 1;
    else if (strcmp(v, "tcb-signing") == 0)
      o->revoke_signer = 1;
    else
      BAIL(E_USAGE, "--revoke: pck, pck-ca or tcb-signing");
    return 0;
  }
  if (strcmp(a, "--pck-crl-revoke") == 0 ||
      strcmp(a, "--root-crl-revoke") == 0) {
    int pck = strcmp(a, "--pck-crl-revoke") == 0;
    size_t *cnt = pck ? &o->n_extra_pck : &o->n_extra_root;
    ENSURE(*cnt < 4, E_USAGE, "%s: at most 4", a);
    GUARD(parse_u64(v, UINT64_MAX, a, &n, err));
    (pck ? o->extra_pck : o->extra_root)[(*cnt)++] = n;
    return 0;
  }
  BAIL(E_USAGE, "unknown option '%s' (see --help)", a);
}

static int revoke(sim_tdx_crl_spec *crl, uint64_t serial, contrast_err *err) {
  ENSURE(crl->n_revoked < SIM_TDX_CRL_MAX_REVOKED, E_USAGE,
         "too many revoked serials");
  crl->revoked[crl->n_revoked++] = serial;
  return 0;
}

static int write_to(const char *dir, const char *name, const uint8_t *data,
                    size_t len, contrast_err *err) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  ENSURE(n > 0 && (size_t)n < sizeof path, E_IO, "%s: path too long", dir);
  return contrast_file_write_atomic(path, data, len, 0644, err);
}

static int write_chain(sim_tdx_pki *pki, const char *dir, const char *name,
                       const sim_tdx_cert_spec *a, contrast_err *err) {
  sim_tdx_cert_spec c[2] = {*a, sim_tdx_root_spec()};
  sim_buf b = {0};
  int rc = sim_tdx_pem_chain(pki, c, 2, &b, err);
  if (rc == 0)
    rc = write_to(dir, name, b.p, b.len, err);
  sim_buf_free(&b);
  return rc;
}

static int write_collateral(sim_tdx_pki *pki, coll_opts *o,
                            contrast_err *err) {
  sim_tdx_cert_spec ca =
      o->processor ? sim_tdx_processor_ca_spec() : sim_tdx_platform_ca_spec();
  sim_tdx_cert_spec pck =
      o->processor ? sim_tdx_processor_pck_spec() : sim_tdx_pck_spec();
  sim_tdx_cert_spec signer = sim_tdx_signer_spec();
  if (o->revoke_pck)
    GUARD(revoke(&o->pck_crl, pck.serial, err));
  if (o->revoke_ca)
    GUARD(revoke(&o->root_crl, ca.serial, err));
  if (o->revoke_signer)
    GUARD(revoke(&o->root_crl, signer.serial, err));
  for (size_t i = 0; i < o->n_extra_pck; i++)
    GUARD(revoke(&o->pck_crl, o->extra_pck[i], err));
  for (size_t i = 0; i < o->n_extra_root; i++)
    GUARD(revoke(&o->root_crl, o->extra_root[i], err));
  sim_tdx_crl_spec *crls[2] = {&o->root_crl, &o->pck_crl};
  for (size_t i = 0; i < 2; i++) {
    if (o->crl_tu_set)
      crls[i]->this_update = o->crl_tu;
    if (o->crl_nu_set)
      crls[i]->next_update = o->crl_nu;
  }
  GUARD(sim_mkdirs(o->out, err));
  sim_buf b = {0};
  int rc = sim_tdx_tcb_info_json(pki, &o->t, &b, err);
  if (rc == 0)
    rc = write_to(o->out, "tcb_info.json", b.p, b.len, err);
  sim_buf_free(&b);
  GUARD(rc);
  rc = sim_tdx_qe_identity_json(pki, &o->q, &b, err);
  if (rc == 0)
    rc = write_to(o->out, "qe_identity.json", b.p, b.len, err);
  sim_buf_free(&b);
  GUARD(rc);
  GUARD(write_chain(pki, o->out, "tcb_info_issuer_chain.pem", &signer, err));
  GUARD(write_chain(pki, o->out, "qe_identity_issuer_chain.pem", &signer,
                    err));
  GUARD(write_chain(pki, o->out, "pck_crl_issuer_chain.pem", &ca, err));
  const uint8_t *der = NULL;
  size_t len = 0;
  GUARD(sim_tdx_crl_der(pki, &o->pck_crl, &der, &len, err));
  GUARD(write_to(o->out, "pck_crl.der", der, len, err));
  GUARD(sim_tdx_crl_der(pki, &o->root_crl, &der, &len, err));
  return write_to(o->out, "root_ca_crl.der", der, len, err);
}

static int cmd_collateral(argv_it *it, contrast_err *err) {
  coll_opts o;
  memset(&o, 0, sizeof o);
  o.t = sim_tdx_tcb_info_default();
  o.q = sim_tdx_qe_identity_default();
  o.root_crl = sim_tdx_root_crl_spec();
  for (it->i = 1; it->i < it->argc; it->i++)
    GUARD(coll_option(it, &o, err));
  o.pck_crl =
      o.processor ? sim_tdx_processor_crl_spec() : sim_tdx_pck_crl_spec();
  ENSURE(o.out != NULL, E_USAGE, "-o OUTDIR is required");
  sim_tdx_pki *pki = NULL;
  GUARD(load_keys(o.keys, &pki, err));
  int rc = write_collateral(pki, &o, err);
  sim_tdx_pki_free(pki);
  return rc;
}

/* ---- dispatch ---- */

static const char TDX_USAGE[] =
    "usage: contrast-sim tdx quote --keys DIR -o QUOTE [options]\n"
    "       contrast-sim tdx collateral --keys DIR -o OUTDIR [options]\n"
    "  (each takes --help)\n";

static int wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return 1;
  return 0;
}

int sim_cmd_tdx(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0) {
    fputs(TDX_USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  int quote = strcmp(argv[1], "quote") == 0;
  if (!quote && strcmp(argv[1], "collateral") != 0) {
    fprintf(stderr, "contrast-sim tdx: unknown command '%s'\n%s", argv[1],
            TDX_USAGE);
    return 2;
  }
  if (wants_help(argc - 1, argv + 1)) {
    fputs(quote ? QUOTE_USAGE : COLLATERAL_USAGE, stdout);
    return 0;
  }
  contrast_err err;
  contrast_err_clear(&err);
  argv_it it = {argc - 1, 1, argv + 1};
  int rc = quote ? cmd_quote(&it, &err) : cmd_collateral(&it, &err);
  if (rc != 0) {
    fprintf(stderr, "contrast-sim tdx %s: %s: %s\n", argv[1],
            contrast_code_name(err.code), err.detail);
    return err.code == CONTRAST_E_USAGE ? 2 : 1;
  }
  return 0;
}
