/* The SNP half of the generated corpus (contrast-sim vectors DIR): one
 * CASES.md case per directory below DIR/sim/snp, each with exactly one
 * thing wrong (or nothing, for an accepting counterpart) and a description
 * naming it.
 *
 * Every case starts from a good one (vc_init: a report of a product,
 * version and key kind, signed by its VCEK/VLEK, the full accepting
 * policy derived from the report's own fields) and changes one thing. The
 * expectation is written next to that change, from the fault put in and
 * the rules of spec/CASES.md: nothing here runs a verifier. Times come
 * from the constants of snp_pki.h, never from the clock, so regenerating
 * gives the same expectations (keys and ECDSA signatures differ).
 *
 * Naming contract with the conformance runner's "ignore-crl" verifier
 * (tests/conformance/README.md): a rejecting case whose outcome depends on
 * a CRL (it would be accepted with every CRL and require_crl removed) has
 * "crl" in its name, and no other rejecting case has. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"
#include "snp_pki.h"

#define M SNP_PRODUCT_MILAN
#define G SNP_PRODUCT_GENOA
#define T SNP_PRODUCT_TURIN
#define VCEK SNP_VEK_VCEK
#define VLEK SNP_VEK_VLEK

static const snp_product PRODUCTS[] = {M, G, T};

/* ---- the generator's state ---- */

typedef struct gen {
  const char *outdir;
  sim_snp_pki *pki;
  EVP_PKEY *vek_key[SNP_PRODUCT_COUNT_][2]; /* [product][kind], P-384 */
  EVP_PKEY *other_key;                      /* P-384, certified by nobody */
  EVP_PKEY *p256_key;                       /* the wrong curve */
  size_t count;
} gen;

/* ---- one case ---- */

enum { VEK_SPEC = 0, VEK_NONE, VEK_RAW };
enum { CHAIN_NONE = 0, CHAIN_GOOD, CHAIN_LIST, CHAIN_RAW };
enum { CRL_NONE = 0, CRL_SPEC, CRL_RAW };

#define MAX_FLIPS 4

typedef struct vcase {
  char name[96];
  char desc[640];
  const char *trust;
  int64_t now;
  snp_product product;
  uint32_t version;
  snp_vek_kind kind;
  sim_snp_report_fields f;
  EVP_PKEY *sign_key; /* signs the report */
  int no_sign;        /* signature area left zero */
  /* after signing: keep only len bytes / append bytes / XOR bytes */
  size_t cut_len; /* 0: the whole report */
  size_t extra;   /* zero bytes appended */
  size_t n_flips;
  struct {
    size_t off;
    uint8_t x;
  } flips[MAX_FLIPS];
  /* before signing: bytes set over the encoded fields (reserved bytes) */
  size_t n_sets;
  struct {
    size_t off;
    uint8_t v;
  } sets[MAX_FLIPS];
  /* the VEK */
  int vek_mode;
  sim_snp_cert_spec vek;
  snp_vek_kind given_as;
  int vek_pem;
  uint8_t *vek_raw; /* owned */
  size_t vek_raw_len;
  /* cert_chain */
  int chain_mode;
  sim_snp_cert_spec chain[4];
  const uint8_t *chain_der[4]; /* when set: these bytes (borrowed) */
  size_t chain_der_len[4];
  size_t n_chain;
  uint8_t *chain_raw; /* owned */
  size_t chain_raw_len;
  /* CRL */
  int crl_mode;
  sim_snp_crl_spec crl;
  uint8_t *crl_raw; /* owned */
  size_t crl_raw_len;
  /* policy: the full accepting policy derived from the final fields
   * (unless no_derive), with these overrides merged in (null deletes) */
  int no_derive;
  json_t *ov; /* owned */
  /* expectation */
  const char *reason; /* NULL: accept */
} vcase;

__attribute__((format(printf, 2, 3))) static void
vc_name(vcase *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(c->name, sizeof c->name, fmt, ap);
  va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void
vc_desc(vcase *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(c->desc, sizeof c->desc, fmt, ap);
  va_end(ap);
}

static const char *pname(snp_product p) { return snp_product_dir(p); }
static const char *kname(snp_vek_kind k) { return k == VLEK ? "vlek" : "vcek"; }
static const char *KNAME(snp_vek_kind k) { return k == VLEK ? "VLEK" : "VCEK"; }

/* The CHIP_ID of the generator's chip: fixed bytes (Turin: 8, then
 * zeros), so that regenerating changes keys and signatures only. */
static void chip_of(snp_product p, int idx, uint8_t out[64]) {
  memset(out, 0, 64);
  size_t n = p == T ? 8 : 64;
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t)(0x81 + 37 * i + 11 * (size_t)p + 53 * (size_t)idx);
}

static sim_snp_cert_spec vek_spec_for(const gen *g, snp_product p,
                                      snp_vek_kind kind, uint64_t tcb_raw,
                                      const uint8_t chip[64], int64_t issued) {
  const sim_snp_product_pki *pp = &g->pki->p[p];
  sim_snp_tcb t = sim_snp_tcb_from_raw(p, tcb_raw);
  sim_snp_vek_ext ext = sim_snp_vek_ext_for(p, kind, &t, chip, SIM_VLEK_CSP_ID);
  return sim_snp_vek_spec(p, kind, g->vek_key[p][kind],
                          kind == VLEK ? pp->asvk : pp->ask, &ext, issued);
}

static sim_snp_crl_spec crl_spec_for(const gen *g, snp_product p) {
  sim_snp_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = g->pki->p[p].ark;
  s.sig_alg = SIM_SNP_SIG_PSS_SHA384;
  (void)snprintf(s.issuer_cn, sizeof s.issuer_cn, "ARK-%s", sim_snp_title(p));
  s.this_update = SIM_T_CRL_THIS;
  s.next_update = SIM_T_CRL_NEXT;
  s.with_extensions = 1;
  return s;
}

static void vc_init(const gen *g, vcase *c, snp_product p, uint32_t version,
                    snp_vek_kind kind) {
  memset(c, 0, sizeof *c);
  c->trust = "sim";
  c->now = SIM_T_NOW;
  c->product = p;
  c->version = version;
  c->kind = kind;
  sim_snp_tcb t = sim_snp_tcb_default(p);
  sim_snp_report_defaults(&c->f, p, version, kind, &t);
  for (size_t i = 0; i < 64; i++)
    c->f.report_data[i] = (uint8_t)(0xA0 ^ i);
  for (size_t i = 0; i < 48; i++)
    c->f.measurement[i] = (uint8_t)(0x5A ^ (i * 3));
  for (size_t i = 0; i < 32; i++)
    c->f.host_data[i] = (uint8_t)(0xC3 ^ i);
  for (size_t i = 0; i < 32; i++)
    c->f.report_id[i] = (uint8_t)(0x11 * (i + 1));
  uint8_t chip[64];
  chip_of(p, 0, chip);
  if (kind == VCEK)
    memcpy(c->f.chip_id, chip, 64); /* VLEK reports: zero, as AWS's */
  c->sign_key = g->vek_key[p][kind];
  c->vek = vek_spec_for(g, p, kind, c->f.reported_tcb, chip, SIM_T_VEK_ISSUED);
  c->given_as = kind;
  c->crl = crl_spec_for(g, p);
}

static void vc_wipe(vcase *c) {
  free(c->vek_raw);
  free(c->chain_raw);
  free(c->crl_raw);
  json_decref(c->ov);
  memset(c, 0, sizeof *c);
}

/* A case variable is wiped on every way out of its scope (emit() wipes it
 * too, so this frees something only when building it failed). */
#define AUTO_VCASE __attribute__((cleanup(vc_wipe)))

/* Give the case its chip's VCEK/VLEK again after a TCB change of the
 * REPORTED_TCB the certificate must follow. */
static void vc_vek_follow_tcb(const gen *g, vcase *c) {
  uint8_t chip[64];
  chip_of(c->product, 0, chip);
  c->vek = vek_spec_for(g, c->product, c->kind, c->f.reported_tcb, chip,
                        c->vek.not_before);
}

static void vc_set_all_tcb(vcase *c, const sim_snp_tcb *t) {
  uint64_t raw = sim_snp_tcb_raw(c->product, t);
  c->f.current_tcb = c->f.reported_tcb = c->f.committed_tcb = c->f.launch_tcb =
      raw;
}

/* Policy override at a dotted path ("snp.GuestPolicy.SMT"); v is stolen. */
static void ov(vcase *c, const char *path, json_t *v) {
  if (c->ov == NULL)
    c->ov = json_object();
  json_t *o = c->ov;
  char buf[128];
  (void)snprintf(buf, sizeof buf, "%s", path);
  char *save = NULL, *key = strtok_r(buf, ".", &save);
  for (char *next = strtok_r(NULL, ".", &save); next != NULL;
       key = next, next = strtok_r(NULL, ".", &save)) {
    json_t *sub = json_object_get(o, key);
    if (sub == NULL) {
      sub = json_object();
      (void)json_object_set_new(o, key, sub);
    }
    o = sub;
  }
  (void)json_object_set_new(o, key, v);
}

static json_t *jhex(const uint8_t *b, size_t n) {
  char buf[2 * 64 + 1];
  contrast_hex_encode(b, n, buf);
  return json_string(buf);
}

/* ---- the derived (accepting) policy ---- */

static json_t *derived_policy(const vcase *c) {
  const sim_snp_report_fields *f = &c->f;
  json_t *snp = json_object();
  (void)json_object_set_new(snp, "ProductName",
                            json_string(sim_snp_title(c->product)));
  (void)json_object_set_new(snp, "TrustedMeasurement",
                            jhex(f->measurement, 48));
  /* MinimumTCB: the component-wise minimum of COMMITTED, LAUNCH and
   * REPORTED (CURRENT is not floored) */
  sim_snp_tcb a = sim_snp_tcb_from_raw(c->product, f->committed_tcb);
  sim_snp_tcb b = sim_snp_tcb_from_raw(c->product, f->launch_tcb);
  sim_snp_tcb r = sim_snp_tcb_from_raw(c->product, f->reported_tcb);
#define MIN3(x) (a.x < b.x ? (a.x < r.x ? a.x : r.x) : (b.x < r.x ? b.x : r.x))
  json_t *tcb = json_object();
  (void)json_object_set_new(tcb, "BootloaderVersion", json_integer(MIN3(bl)));
  (void)json_object_set_new(tcb, "TEEVersion", json_integer(MIN3(tee)));
  (void)json_object_set_new(tcb, "SNPVersion", json_integer(MIN3(snp)));
  (void)json_object_set_new(tcb, "MicrocodeVersion", json_integer(MIN3(ucode)));
  if (c->product == T)
    (void)json_object_set_new(tcb, "FMCVersion", json_integer(MIN3(fmc)));
#undef MIN3
  (void)json_object_set_new(snp, "MinimumTCB", tcb);
  uint64_t p = f->policy;
  json_t *gp = json_object();
  (void)json_object_set_new(gp, "ABIMajor",
                            json_integer((json_int_t)((p >> 8) & 0xff)));
  (void)json_object_set_new(gp, "ABIMinor",
                            json_integer((json_int_t)(p & 0xff)));
  static const struct {
    const char *k;
    uint64_t bit;
  } gbits[] = {{"SMT", SNP_POLICY_SMT},
               {"MigrateMA", SNP_POLICY_MIGRATE_MA},
               {"Debug", SNP_POLICY_DEBUG},
               {"SingleSocket", SNP_POLICY_SINGLE_SOCKET},
               {"CXLAllowed", SNP_POLICY_CXL_ALLOW},
               {"MemAES256XTS", SNP_POLICY_MEM_AES_256_XTS},
               {"RAPLDis", SNP_POLICY_RAPL_DIS},
               {"CipherTextHidingDRAM", SNP_POLICY_CIPHERTEXT_HIDING},
               {"PageSwapDisable", SNP_POLICY_PAGE_SWAP_DISABLE}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(gbits); i++)
    (void)json_object_set_new(gp, gbits[i].k,
                              json_boolean((p & gbits[i].bit) != 0));
  (void)json_object_set_new(snp, "GuestPolicy", gp);
  static const struct {
    const char *k;
    uint64_t bit;
  } pbits[] = {
      {"SMTEnabled", SNP_PLATFORM_SMT_EN},
      {"TSMEEnabled", SNP_PLATFORM_TSME_EN},
      {"ECCEnabled", SNP_PLATFORM_ECC_EN},
      {"RAPLDisabled", SNP_PLATFORM_RAPL_DIS},
      {"CiphertextHidingDRAMEnabled", SNP_PLATFORM_CIPHERTEXT_HIDING_DRAM_EN},
      {"AliasCheckComplete", SNP_PLATFORM_ALIAS_CHECK_COMPLETE},
      {"TIOEnabled", SNP_PLATFORM_SEV_TIO_EN}};
  json_t *pi = json_object();
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(pbits); i++)
    (void)json_object_set_new(
        pi, pbits[i].k, json_boolean((f->platform_info & pbits[i].bit) != 0));
  (void)json_object_set_new(snp, "PlatformInfo", pi);
  if (c->kind == VCEK) {
    json_t *ids = json_array();
    (void)json_array_append_new(ids, jhex(f->chip_id, 64));
    (void)json_object_set_new(snp, "AllowedChipIDs", ids);
  }
  if (c->version >= 5)
    (void)json_object_set_new(
        snp, "MinimumMitigationVector",
        json_integer((json_int_t)(f->launch_mit_vector & f->current_mit_vector &
                                  (uint64_t)INT64_MAX)));
  json_t *pol = json_object();
  (void)json_object_set_new(pol, "snp", snp);
  (void)json_object_set_new(pol, "report_data", jhex(f->report_data, 64));
  (void)json_object_set_new(pol, "host_data", jhex(f->host_data, 32));
  (void)json_object_set_new(pol, "vmpl", json_integer(f->vmpl));
  if (c->crl_mode != CRL_NONE)
    (void)json_object_set_new(pol, "require_crl", json_true());
  return pol;
}

/* Merge src into dst: objects recursively, null deletes, an empty object
 * replaces, anything else replaces. */
static void merge(json_t *dst, const json_t *src) {
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)(uintptr_t)src, k, v) {
    json_t *d = json_object_get(dst, k);
    if (json_is_null(v))
      (void)json_object_del(dst, k);
    else if (json_is_object(v) && json_object_size(v) > 0 && json_is_object(d))
      merge(d, v);
    else
      (void)json_object_set(dst, k, v);
  }
}

/* ---- writing ---- */

static int write_file(const char *dir, const char *name, const uint8_t *data,
                      size_t len, contrast_err *err) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  ENSURE(n > 0 && (size_t)n < sizeof path, E_IO, "sim: path too long");
  return contrast_file_write_atomic(path, data, len, 0644, err);
}

static int valid_name(const char *s) {
  if (strncmp(s, "snp-", 4) != 0)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

static int pem_chain(const vcase *c, uint8_t **out, size_t *out_len,
                     contrast_err *err) {
  uint8_t *all = NULL;
  size_t total = 0;
  int rc = 0;
  for (size_t i = 0; i < c->n_chain && rc == 0; i++) {
    uint8_t *der = NULL, *pem = NULL;
    size_t dlen = 0, plen = 0;
    if (c->chain_der[i] != NULL)
      rc = sim_pem_encode(c->chain_der[i], c->chain_der_len[i],
                              "CERTIFICATE", &pem, &plen, err);
    else
      rc = sim_snp_cert_build(&c->chain[i], &der, &dlen, err);
    if (rc == 0 && c->chain_der[i] == NULL)
      rc = sim_pem_encode(der, dlen, "CERTIFICATE", &pem, &plen, err);
    if (rc == 0) {
      uint8_t *grown = realloc(all, total + plen);
      if (grown == NULL) {
        rc = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
      } else {
        all = grown;
        memcpy(all + total, pem, plen);
        total += plen;
      }
    }
    free(der);
    free(pem);
  }
  if (rc != 0) {
    free(all);
    return -1;
  }
  *out = all;
  *out_len = total;
  return 0;
}

static int emit_report(const vcase *c, const char *dir, contrast_err *err) {
  uint8_t r[SNP_REPORT_SIZE + 16];
  memset(r, 0, sizeof r);
  sim_snp_report_encode(&c->f, r);
  for (size_t i = 0; i < c->n_sets; i++)
    r[c->sets[i].off] = c->sets[i].v;
  if (!c->no_sign)
    GUARD(sim_snp_report_sign(r, c->sign_key, err));
  for (size_t i = 0; i < c->n_flips; i++)
    r[c->flips[i].off] ^= c->flips[i].x;
  size_t len = c->cut_len != 0 ? c->cut_len : SNP_REPORT_SIZE + c->extra;
  ENSURE(len <= sizeof r, E_USAGE, "sim: report length");
  return write_file(dir, "report.bin", r, len, err);
}

/* Writes the endorsement files and records their names in `end`. */
static int emit_endorsements(const vcase *c, const char *dir, json_t *end,
                             contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  if (c->vek_mode != VEK_NONE) {
    const char *base = kname(c->given_as);
    char file[32];
    (void)snprintf(file, sizeof file, "%s.%s", base,
                   c->vek_pem ? "pem" : "der");
    if (c->vek_mode == VEK_RAW) {
      GUARD(write_file(dir, file, c->vek_raw, c->vek_raw_len, err));
    } else {
      GUARD(sim_snp_cert_build(&c->vek, &buf, &len, err));
      if (c->vek_pem) {
        AUTO_FREE uint8_t *pem = NULL;
        size_t plen = 0;
        GUARD(sim_pem_encode(buf, len, "CERTIFICATE", &pem, &plen, err));
        GUARD(write_file(dir, file, pem, plen, err));
      } else {
        GUARD(write_file(dir, file, buf, len, err));
      }
    }
    (void)json_object_set_new(end, base, json_string(file));
  }
  if (c->chain_mode != CHAIN_NONE) {
    if (c->chain_mode == CHAIN_RAW) {
      GUARD(write_file(dir, "cert_chain.pem", c->chain_raw, c->chain_raw_len,
                       err));
    } else {
      AUTO_FREE uint8_t *pem = NULL;
      size_t plen = 0;
      GUARD(pem_chain(c, &pem, &plen, err));
      GUARD(write_file(dir, "cert_chain.pem", pem, plen, err));
    }
    (void)json_object_set_new(end, "cert_chain", json_string("cert_chain.pem"));
  }
  if (c->crl_mode != CRL_NONE) {
    if (c->crl_mode == CRL_RAW) {
      GUARD(write_file(dir, "crl.der", c->crl_raw, c->crl_raw_len, err));
    } else {
      AUTO_FREE uint8_t *der = NULL;
      size_t dlen = 0;
      GUARD(sim_snp_crl_build(&c->crl, &der, &dlen, err));
      GUARD(write_file(dir, "crl.der", der, dlen, err));
    }
    (void)json_object_set_new(end, "crl", json_string("crl.der"));
  }
  return 0;
}

static int emit_json(const vcase *c, const char *dir, json_t *end,
                     contrast_err *err) {
  AUTO_JSON json_t *root = json_object();
  ENSURE_ALLOC(root);
  char now[32];
  contrast_time_format(c->now, now);
  (void)json_object_set_new(root, "format", json_integer(1));
  (void)json_object_set_new(root, "name", json_string(c->name));
  (void)json_object_set_new(root, "tee", json_string("snp"));
  (void)json_object_set_new(root, "trust", json_string(c->trust));
  (void)json_object_set_new(root, "description", json_string(c->desc));
  (void)json_object_set_new(root, "now", json_string(now));
  (void)json_object_set_new(root, "evidence", json_string("report.bin"));
  if (json_object_size(end) > 0)
    (void)json_object_set(root, "endorsements", end);
  json_t *pol = c->no_derive ? json_object() : derived_policy(c);
  if (c->ov != NULL)
    merge(pol, c->ov);
  (void)json_object_set_new(root, "policy", pol);
  json_t *expect = json_object();
  (void)json_object_set_new(
      expect, "verdict", json_string(c->reason != NULL ? "reject" : "accept"));
  if (c->reason != NULL)
    (void)json_object_set_new(expect, "reason", json_string(c->reason));
  (void)json_object_set_new(root, "expect", expect);
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  ENSURE_ALLOC(text);
  size_t n = strlen(text);
  char *withnl = realloc(text, n + 2);
  if (withnl == NULL) {
    free(text);
    BAIL(E_NOMEM, "out of memory");
  }
  withnl[n] = '\n';
  withnl[n + 1] = '\0';
  int rc = write_file(dir, "case.json", (const uint8_t *)withnl, n + 1, err);
  free(withnl);
  return rc;
}

/* Write the case and wipe it. */
static int emit(gen *g, vcase *c, contrast_err *err) {
  int rc = 0;
  char dir[4096];
  if (!valid_name(c->name) || c->desc[0] == '\0') {
    rc =
        contrast_err_set(err, CONTRAST_E_INTERNAL,
                         "sim: case '%s': bad name or no description", c->name);
  } else if (snprintf(dir, sizeof dir, "%s/%s", g->outdir, c->name) >=
             (int)sizeof dir) {
    rc = contrast_err_set(err, CONTRAST_E_IO, "sim: path too long");
  } else if (mkdir(dir, 0755) != 0) {
    rc = contrast_err_set(err,
                          errno == EEXIST ? CONTRAST_E_INTERNAL : CONTRAST_E_IO,
                          "sim: case %s: mkdir: %s%s", c->name, strerror(errno),
                          errno == EEXIST ? " (duplicate case name)" : "");
  }
  json_t *end = json_object();
  if (end == NULL && rc == 0)
    rc = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
  if (rc == 0)
    rc = emit_report(c, dir, err);
  if (rc == 0)
    rc = emit_endorsements(c, dir, end, err);
  if (rc == 0)
    rc = emit_json(c, dir, end, err);
  json_decref(end);
  if (rc == 0)
    g->count++;
  vc_wipe(c);
  return rc;
}

#define EMIT(c) GUARD(emit(g, (c), err))

static void set_accept(vcase *c) { c->reason = NULL; }
static void set_reject(vcase *c, const char *reason) { c->reason = reason; }

/* cert_chain entry i: the keys directory's certificate `which` ("ark",
 * "ask", "asvk") of product p, byte for byte (RSA-PSS signatures are
 * randomised: building the spec again would give other bytes). */
static void chain_pinned(const gen *g, vcase *c, size_t i, snp_product p,
                         const char *which) {
  const sim_snp_product_pki *pp = &g->pki->p[p];
  if (strcmp(which, "ark") == 0) {
    c->chain_der[i] = pp->ark_der;
    c->chain_der_len[i] = pp->ark_len;
  } else if (strcmp(which, "ask") == 0) {
    c->chain_der[i] = pp->ask_der;
    c->chain_der_len[i] = pp->ask_len;
  } else {
    c->chain_der[i] = pp->asvk_der;
    c->chain_der_len[i] = pp->asvk_len;
  }
}

/* The KDS cert_chain of the case's product and kind: the pinned ASK (or
 * ASVK), then the pinned ARK. */
static void chain_good(const gen *g, vcase *c) {
  c->chain_mode = CHAIN_LIST;
  c->n_chain = 2;
  chain_pinned(g, c, 0, c->product, c->kind == VLEK ? "asvk" : "ask");
  chain_pinned(g, c, 1, c->product, "ark");
}

static void flip(vcase *c, size_t off, uint8_t x) {
  if (c->n_flips < MAX_FLIPS) {
    c->flips[c->n_flips].off = off;
    c->flips[c->n_flips].x = x;
    c->n_flips++;
  }
}

static int raw_copy(uint8_t **dst, size_t *dst_len, const uint8_t *src,
                    size_t len, contrast_err *err) {
  *dst = malloc(len == 0 ? 1 : len);
  ENSURE_ALLOC(*dst);
  memcpy(*dst, src, len);
  *dst_len = len;
  return 0;
}

/* The case's VEK built now, as bytes (for raw edits). */
static int vek_der(const vcase *c, uint8_t **der, size_t *len,
                   contrast_err *err) {
  return sim_snp_cert_build(&c->vek, der, len, err);
}

/* A CRL of the case's product's ARK listing these n serials. */
static void crl_listing(vcase *c, size_t n, const uint64_t *serials) {
  c->crl_mode = CRL_SPEC;
  c->crl.n_revoked = n;
  for (size_t i = 0; i < n; i++)
    c->crl.revoked[i] = serials[i];
}

static int64_t vek_lifetime(snp_vek_kind k) {
  return k == VLEK ? SIM_VLEK_LIFETIME : SIM_VCEK_LIFETIME;
}

/* A VEK issued a day before the case's now, as KDS issues them (for
 * bounds far from the default VEK window). */
static void vek_issued_day_before(vcase *c) {
  c->vek.not_before = c->now - 86400;
  c->vek.not_after = c->vek.not_before + vek_lifetime(c->kind);
}

/* Policy override `path`: the n bytes of src with byte `at` XORed with x
 * (a value that differs from the report's in one place). */
static void ov_differs(vcase *c, const char *path, const uint8_t *src, size_t n,
                       size_t at, uint8_t x) {
  uint8_t b[64];
  memcpy(b, src, n);
  b[at] ^= x;
  ov(c, path, jhex(b, n));
}

/* ---- A. accepting cases: product x version x key ---- */

static int gen_accept(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(PRODUCTS); i++) {
    snp_product p = PRODUCTS[i];
    static const uint32_t versions[] = {2, 3, 5};
    for (size_t v = 0; v < 3; v++) {
      if (p == T && versions[v] == 2)
        continue; /* v2 predates Turin */
      for (int k = VCEK; k <= VLEK; k++) {
        vc_init(g, &c, p, versions[v], (snp_vek_kind)k);
        vc_name(&c, "snp-%s-v%u-%s-accept", pname(p), versions[v],
                kname((snp_vek_kind)k));
        const int full = versions[v] == 3;
        if (full) {
          chain_good(g, &c);
          c.crl_mode = CRL_SPEC;
        }
        vc_desc(&c,
                "%s v%u report signed by the %s%s; %s; every policy key "
                "(product, measurement, TCB floor = the report's TCB, guest "
                "policy, platform info%s%s, vmpl, host_data, report_data%s) "
                "satisfied: accept",
                sim_snp_title(p), versions[v], KNAME((snp_vek_kind)k),
                k == VCEK ? " of the chip" : " (csp_id " SIM_VLEK_CSP_ID ")",
                full ? "with the KDS cert_chain and a CRL revoking nothing"
                     : "no cert_chain, no CRL",
                k == VCEK ? ", chip ID" : "",
                versions[v] >= 5 ? ", mitigation vector" : "",
                full ? ", require_crl" : "");
        set_accept(&c);
        EMIT(&c);
      }
    }
  }
  vc_init(g, &c, G, 4, VCEK);
  vc_name(&c, "snp-genoa-v4-vcek-accept");
  vc_desc(&c, "Genoa report of version 4 (firmware 1.55.31 era; the layout of "
              "version 3) signed by the chip's VCEK, full policy satisfied: "
              "accept");
  set_accept(&c);
  EMIT(&c);
  return 0;
}

/* ---- B. accepting variants ---- */

static int gen_accept_variants(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-milan-v3-vcek-pem-accept");
  c.vek_pem = 1;
  vc_desc(&c, "Milan v3 report; the VCEK given as PEM instead of DER (as "
              "Azure's THIM serves it): accept");
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-genoa-v3-vcek-hwid-octet-string-accept");
  c.vek.ext.hwid_der_wrapped = 1;
  vc_desc(&c, "Genoa v3 report; the VCEK's hwID extension wrapped in a DER "
              "OCTET STRING (04 40 ...) instead of the raw 64 bytes of real "
              "VCEKs; both encodings are accepted (snp.md 2.3): accept");
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-genoa-v5-vcek-cpuid-model-a0-accept");
  c.f.cpuid_mod = 0xA0;
  c.f.cpuid_step = 2;
  vc_desc(&c, "Genoa-family report with CPUID family 19h model A0h stepping 2 "
              "(Bergamo/Siena use Genoa's KDS product), VCEK issued by "
              "SEV-Genoa: accept");
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-turin-v5-vcek-cpuid-model-11-accept");
  c.f.cpuid_mod = 0x11;
  c.f.cpuid_step = 0;
  vc_desc(&c, "Turin report with CPUID family 1Ah model 11h stepping 0, the "
              "top of Turin's model range: accept");
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-genoa-v3-vcek-product-name-stepping-accept");
  snprintf(c.vek.ext.product_name, sizeof c.vek.ext.product_name, "Genoa-B2");
  vc_desc(&c, "Genoa v3 report (CPUID stepping 1) whose VCEK productName is "
              "\"Genoa-B2\": the stepping in a VCEK's product name is never "
              "compared: accept");
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-milan-v3-vcek-stepping-0-accept");
  c.f.cpuid_step = 0;
  vc_desc(&c, "Milan-B0 report (CPUID stepping 0); the default reports are "
              "stepping 1 with a \"Milan-B0\" VCEK as KDS issues them: the "
              "stepping is never compared: accept");
  EMIT(&c);

  vc_init(g, &c, M, 5, VCEK);
  vc_name(&c, "snp-milan-v5-vcek-provisional-firmware-accept");
  {
    sim_snp_tcb t = sim_snp_tcb_default(M);
    t.ucode++;
    t.snp++;
    c.f.current_tcb = sim_snp_tcb_raw(M, &t);
    c.f.current_build = (uint8_t)(c.f.committed_build + 2);
  }
  vc_desc(&c, "Milan v5 report from provisional firmware: CURRENT_TCB (snp, "
              "microcode) and CURRENT_BUILD ahead of COMMITTED; the TCB floor "
              "is the committed TCB: accept");
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-genoa-v5-vcek-current-tcb-below-floor-accept");
  {
    sim_snp_tcb t = sim_snp_tcb_default(G);
    t.snp--;
    c.f.current_tcb = sim_snp_tcb_raw(G, &t);
    ov(&c, "snp.MinimumTCB.SNPVersion",
       json_integer(sim_snp_tcb_default(G).snp));
  }
  vc_desc(&c, "Genoa v5 report whose CURRENT_TCB SNP SPL is one below the "
              "MinimumTCB while COMMITTED, LAUNCH and REPORTED_TCB meet it; "
              "CURRENT_TCB is not floored (CASES.md): accept");
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-turin-v5-vcek-platform-info-bit6-accept");
  c.f.platform_info = 0x67;
  vc_desc(&c, "Turin v5 report with PLATFORM_INFO 0x67 (bit 6 set, as on a "
              "real Turin; bits 6 and 8-63 are ignored) and a PlatformInfo "
              "policy: accept");
  EMIT(&c);

  vc_init(g, &c, G, 3, VLEK);
  vc_name(&c, "snp-genoa-v3-vlek-platform-info-high-bits-accept");
  c.f.platform_info |= (1ull << 8) | (1ull << 63);
  vc_desc(&c, "Genoa v3 VLEK report with PLATFORM_INFO bits 8 and 63 set "
              "(unknown bits carry platform facts and are ignored; only the "
              "policy judges the known ones) and a PlatformInfo policy: "
              "accept");
  EMIT(&c);

  static const struct {
    snp_product p;
    uint8_t mod;
    const char *name;
  } edges[] = {
      {M, 0x0F, "snp-milan-v3-vcek-cpuid-model-0f-accept"},
      {G, 0x1F, "snp-genoa-v3-vcek-cpuid-model-1f-accept"},
      {G, 0xAF, "snp-genoa-v5-vcek-cpuid-model-af-accept"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(edges); i++) {
    vc_init(g, &c, edges[i].p, edges[i].mod == 0xAF ? 5 : 3, VCEK);
    vc_name(&c, "%s", edges[i].name);
    c.f.cpuid_mod = edges[i].mod;
    vc_desc(&c,
            "%s report with CPUID model %02Xh, the last of the "
            "product's model range (spec/CASES.md \"Roots\"), VCEK issued "
            "by SEV-%s: accept",
            sim_snp_title(edges[i].p), edges[i].mod, sim_snp_title(edges[i].p));
    EMIT(&c);
  }

  vc_init(g, &c, T, 5, VLEK);
  vc_name(&c, "snp-turin-v5-vlek-minimum-tcb-empty-object-accept");
  ov(&c, "snp.MinimumTCB", json_object()); /* an empty object replaces */
  vc_desc(&c, "Turin v5 VLEK report with a MinimumTCB object that is "
              "present but empty: every missing component counts as 0: "
              "accept");
  EMIT(&c);

  vc_init(g, &c, M, 3, VLEK);
  vc_name(&c, "snp-milan-v3-vlek-chip-id-set-accept");
  chip_of(M, 0, c.f.chip_id);
  vc_desc(&c, "Milan v3 VLEK-signed report with a non-zero CHIP_ID (a VLEK "
              "has no hwID to compare with): accept");
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-genoa-v3-vcek-empty-policy-accept");
  c.no_derive = 1;
  vc_desc(&c, "Genoa v3 report with an empty policy object: only the "
              "never-optional checks apply: accept");
  EMIT(&c);

  vc_init(g, &c, M, 5, VCEK);
  vc_name(&c, "snp-milan-v5-vcek-fmc-floor-ignored-accept");
  ov(&c, "snp.MinimumTCB.FMCVersion", json_integer(9));
  vc_desc(&c, "Milan v5 report with MinimumTCB.FMCVersion 9: Milan's TCB has "
              "no FMC component, so only Turin reports are floored on it: "
              "accept");
  EMIT(&c);

  vc_init(g, &c, T, 3, VCEK);
  vc_name(&c, "snp-turin-v3-vcek-crl-lists-other-serial-accept");
  crl_listing(&c, 2, (const uint64_t[]){0x3FFFF, 0x30002});
  vc_desc(&c, "Turin v3 report with a CRL of the Turin ARK revoking serials "
              "0x3ffff and 0x30002, neither of them the ASK's (0x30001): "
              "accept");
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-milan-v3-vcek-crl-lists-asvk-accept");
  chain_good(g, &c);
  crl_listing(&c, 1, (const uint64_t[]){0x10101});
  vc_desc(&c, "Milan v3 VCEK-signed report with a CRL revoking the ASVK "
              "(0x10101), which is not in this report's chain (ARK, ASK, "
              "VCEK): accept");
  EMIT(&c);

  vc_init(g, &c, G, 5, VLEK);
  vc_name(&c, "snp-genoa-v5-vlek-crl-lists-ask-accept");
  crl_listing(&c, 1, (const uint64_t[]){0x20001});
  vc_desc(&c, "Genoa v5 VLEK-signed report with a CRL revoking the ASK "
              "(0x20001), which is not in this report's chain (ARK, ASVK, "
              "VLEK): accept");
  EMIT(&c);
  return 0;
}

/* ---- C. MALFORMED ---- */

static int gen_malformed(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  static const char *const R = "MALFORMED";

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-malformed-report-truncated");
  c.cut_len = SNP_REPORT_SIZE - 1;
  vc_desc(&c, "Milan v3 report cut to 1183 bytes (the last signature byte "
              "missing): MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-malformed-report-header-only");
  c.cut_len = 0x50;
  vc_desc(&c, "Turin v5 report cut after SIGNER_INFO and its reserved word "
              "(80 bytes): MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-malformed-report-trailing-byte");
  c.extra = 1;
  vc_desc(&c, "Genoa v5 report followed by one extra byte (1185 bytes): "
              "MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    const char *name;
    size_t off;
    uint8_t val;
    const char *what;
  } reserved[] = {
      {T, 5, VCEK, "snp-malformed-reserved-04c-set", 0x04C, 0x01,
       "reserved word at 0x04C set to 1"},
      {G, 3, VLEK, "snp-malformed-cpuid-reserved-18b-set", 0x18B, 0x01,
       "reserved byte 0x18B after the CPUID bytes set (v3+)"},
      {M, 2, VCEK, "snp-malformed-v2-cpuid-area-set", 0x188, 0x19,
       "byte 0x188 set in a version 2 report (CPUID bytes are v3+; reserved "
       "before)"},
      {T, 5, VCEK, "snp-malformed-reserved-1eb-set", 0x1EB, 0x01,
       "reserved byte 0x1EB (after CURRENT_MAJOR) set"},
      {M, 3, VCEK, "snp-malformed-reserved-1ef-set", 0x1EF, 0x80,
       "reserved byte 0x1EF (after COMMITTED_MAJOR) set"},
      {G, 5, VCEK, "snp-malformed-v5-reserved-208-set", 0x208, 0x01,
       "reserved byte 0x208 after CURRENT_MIT_VECTOR set"},
      {M, 3, VLEK, "snp-malformed-v3-mit-vector-area-set", 0x1F8, 0x01,
       "byte 0x1F8 set in a version 3 report (mitigation vectors are v5+; "
       "reserved before)"},
      {G, 5, VCEK, "snp-malformed-reserved-29f-set", 0x29F, 0x01,
       "last reserved byte before the signature (0x29F) set"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(reserved); i++) {
    vc_init(g, &c, reserved[i].p, reserved[i].v, reserved[i].k);
    vc_name(&c, "%s", reserved[i].name);
    /* set before signing: the signature is good, only the byte is wrong */
    c.sets[0].off = reserved[i].off;
    c.sets[0].v = reserved[i].val;
    c.n_sets = 1;
    vc_desc(&c, "%s v%u %s report, correctly signed, with the %s: MALFORMED",
            sim_snp_title(reserved[i].p), reserved[i].v, KNAME(reserved[i].k),
            reserved[i].what);
    set_reject(&c, R);
    EMIT(&c);
  }

  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    const char *name;
    int field; /* 0 policy, 1 signer_info */
    uint64_t value;
    const char *what;
  } fields[] = {
      {M, 3, VCEK, "snp-malformed-policy-bit17-clear", 0, 0x10000,
       "POLICY 0x10000: bit 17 (must be one) clear"},
      {G, 5, VCEK, "snp-malformed-policy-bit26-set", 0, 0x4030000,
       "POLICY bit 26 (reserved, must be zero) set"},
      {T, 5, VLEK, "snp-malformed-policy-bit63-set", 0, 0x8000000000030000ull,
       "POLICY bit 63 (reserved) set"},
      {M, 5, VCEK, "snp-malformed-signer-info-bit5-set", 1, 0x20,
       "SIGNER_INFO bit 5 (reserved) set"},
      {G, 3, VCEK, "snp-malformed-signing-key-2", 1, 2u << 2,
       "SIGNER_INFO.SIGNING_KEY 2 (reserved)"},
      {T, 3, VCEK, "snp-malformed-signing-key-6", 1, 6u << 2,
       "SIGNER_INFO.SIGNING_KEY 6 (reserved)"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(fields); i++) {
    vc_init(g, &c, fields[i].p, fields[i].v, fields[i].k);
    vc_name(&c, "%s", fields[i].name);
    if (fields[i].field == 0)
      c.f.policy = fields[i].value;
    else
      c.f.signer_info = (uint32_t)fields[i].value;
    vc_desc(&c, "%s v%u %s report, correctly signed, with %s: MALFORMED",
            sim_snp_title(fields[i].p), fields[i].v, KNAME(fields[i].k),
            fields[i].what);
    set_reject(&c, R);
    EMIT(&c);
  }

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-malformed-signature-reserved-area");
  flip(&c, 0x330, 0x01);
  vc_desc(&c, "Milan v3 report whose signature area byte 0x330 (after R and "
              "S, must be zero for algorithm 1) is set after signing: "
              "MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  /* endorsement encodings */
  static const uint8_t junk[] = "this is not a certificate, only bytes that "
                                "pretend to be one: 0123456789abcdef";
  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-malformed-vcek-garbage");
  c.vek_mode = VEK_RAW;
  GUARD(raw_copy(&c.vek_raw, &c.vek_raw_len, junk, sizeof junk - 1, err));
  vc_desc(&c, "Milan v3 report whose vcek.der holds ASCII text instead of a "
              "certificate: MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-malformed-vcek-truncated");
  {
    AUTO_FREE uint8_t *der = NULL;
    size_t len = 0;
    GUARD(vek_der(&c, &der, &len, err));
    c.vek_mode = VEK_RAW;
    GUARD(raw_copy(&c.vek_raw, &c.vek_raw_len, der, len - 10, err));
  }
  vc_desc(&c, "Genoa v5 report whose VCEK DER lacks its last 10 bytes: "
              "MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VLEK);
  vc_name(&c, "snp-malformed-vlek-pem-bad-base64");
  {
    AUTO_FREE uint8_t *der = NULL;
    AUTO_FREE uint8_t *pem = NULL;
    size_t len = 0, plen = 0;
    GUARD(vek_der(&c, &der, &len, err));
    GUARD(sim_pem_encode(der, len, "CERTIFICATE", &pem, &plen, err));
    pem[40] = '*'; /* inside the first base64 line */
    c.vek_mode = VEK_RAW;
    c.vek_pem = 1;
    GUARD(raw_copy(&c.vek_raw, &c.vek_raw_len, pem, plen, err));
  }
  vc_desc(&c, "Turin v5 report whose VLEK PEM has a '*' in its base64 body: "
              "MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-malformed-vcek-duplicate-extension");
  snprintf(c.vek.ext.dup_suffix, sizeof c.vek.ext.dup_suffix, "3.1");
  vc_desc(&c, "Milan v3 report whose VCEK carries the blSPL extension "
              "1.3.6.1.4.1.3704.1.3.1 twice (RFC 5280 forbids duplicate "
              "extensions): MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-malformed-vcek-spl-not-integer");
  {
    snprintf(c.vek.ext.raw_suffix, sizeof c.vek.ext.raw_suffix, "3.8");
    static const uint8_t os[] = {0x04, 0x01, 84};
    memcpy(c.vek.ext.raw_value, os, sizeof os);
    c.vek.ext.raw_len = sizeof os;
  }
  vc_desc(&c, "Genoa v3 report whose VCEK ucodeSPL extension holds an OCTET "
              "STRING (04 01 54) instead of a DER INTEGER: MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 5, VCEK);
  vc_name(&c, "snp-malformed-cert-chain-bad-base64");
  chain_good(g, &c);
  {
    AUTO_FREE uint8_t *pem = NULL;
    size_t plen = 0;
    GUARD(pem_chain(&c, &pem, &plen, err));
    pem[100] = '!';
    c.chain_mode = CHAIN_RAW;
    GUARD(raw_copy(&c.chain_raw, &c.chain_raw_len, pem, plen, err));
  }
  vc_desc(&c, "Milan v5 report with a cert_chain whose first PEM block has a "
              "'!' in its base64 body: MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VLEK);
  vc_name(&c, "snp-malformed-cert-chain-not-der");
  chain_good(g, &c);
  {
    AUTO_FREE uint8_t *p1 = NULL;
    AUTO_FREE uint8_t *all = NULL;
    size_t n1 = 0, nall = 0;
    GUARD(sim_pem_encode(junk, sizeof junk - 1, "CERTIFICATE", &p1, &n1,
                             err));
    GUARD(pem_chain(&c, &all, &nall, err));
    /* the ASVK block replaced by a CERTIFICATE block of text */
    const char *second = nall > 1 ? memmem(all + 1, nall - 1, "-----BEGIN", 10)
                                  : NULL;
    ENSURE(second != NULL, E_INTERNAL, "sim: chain without two blocks");
    size_t tail = nall - (size_t)((const uint8_t *)second - all);
    c.chain_raw = malloc(n1 + tail);
    ENSURE_ALLOC(c.chain_raw);
    memcpy(c.chain_raw, p1, n1);
    memcpy(c.chain_raw + n1, second, tail);
    c.chain_raw_len = n1 + tail;
    c.chain_mode = CHAIN_RAW;
  }
  vc_desc(&c, "Genoa v3 VLEK report with a cert_chain whose first CERTIFICATE "
              "block decodes to text, not DER: MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 3, VCEK);
  vc_name(&c, "snp-malformed-crl-garbage");
  c.crl_mode = CRL_RAW;
  GUARD(raw_copy(&c.crl_raw, &c.crl_raw_len, junk, sizeof junk - 1, err));
  vc_desc(&c, "Turin v3 report whose crl.der holds ASCII text instead of a "
              "CRL: MALFORMED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VLEK);
  vc_name(&c, "snp-malformed-crl-truncated");
  {
    AUTO_FREE uint8_t *der = NULL;
    size_t len = 0;
    GUARD(sim_snp_crl_build(&c.crl, &der, &len, err));
    c.crl_mode = CRL_RAW;
    GUARD(raw_copy(&c.crl_raw, &c.crl_raw_len, der, len / 2, err));
  }
  vc_desc(&c, "Milan v3 VLEK report whose CRL DER is cut in half: MALFORMED");
  set_reject(&c, R);
  EMIT(&c);
  return 0;
}

/* ---- D. UNSUPPORTED ---- */

static int gen_unsupported(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  static const char *const R = "UNSUPPORTED";
  static const struct {
    snp_product p;
    uint32_t v, write_v;
    snp_vek_kind k;
    const char *name, *what;
  } versions[] = {
      {G, 5, 6, VCEK, "snp-unsupported-version-6",
       "VERSION 6 (v5 layout, a version this verifier does not know)"},
      {M, 2, 1, VCEK, "snp-unsupported-version-1", "VERSION 1"},
      {T, 5, 0xFFFFFFFFu, VLEK, "snp-unsupported-version-ffffffff",
       "VERSION 0xffffffff"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(versions); i++) {
    vc_init(g, &c, versions[i].p, versions[i].v, versions[i].k);
    vc_name(&c, "%s", versions[i].name);
    c.f.version = versions[i].write_v;
    vc_desc(&c, "%s %s report, correctly signed, with %s: UNSUPPORTED",
            sim_snp_title(versions[i].p), KNAME(versions[i].k),
            versions[i].what);
    set_reject(&c, R);
    EMIT(&c);
  }

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-unsupported-signature-algo-2");
  c.f.signature_algo = 2;
  vc_desc(&c, "Turin v5 report with SIGNATURE_ALGO 2 (only 1 = ECDSA P-384 "
              "SHA-384 is defined), signed as algorithm 1: UNSUPPORTED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-unsupported-signature-algo-0");
  c.f.signature_algo = 0;
  vc_desc(&c, "Milan v3 report with SIGNATURE_ALGO 0: UNSUPPORTED");
  set_reject(&c, R);
  EMIT(&c);

  static const struct {
    snp_product p;
    uint8_t fam, mod;
    const char *name, *what;
  } cpuids[] = {
      {M, 0x17, 0x31, "snp-unsupported-cpuid-family-17",
       "CPUID family 17h model 31h (Rome: no SNP product line)"},
      {T, 0x1A, 0x50, "snp-unsupported-cpuid-family-1a-model-50",
       "CPUID family 1Ah model 50h (beyond Turin's 00h-11h; no KDS chain)"},
      {G, 0x19, 0x20, "snp-unsupported-cpuid-family-19-model-20",
       "CPUID family 19h model 20h (outside Milan's 00h-0Fh and Genoa's "
       "10h-1Fh / A0h-AFh)"},
      {G, 0x19, 0xB0, "snp-unsupported-cpuid-family-19-model-b0",
       "CPUID family 19h model B0h (just above Genoa's A0h-AFh)"},
      {T, 0x1A, 0x12, "snp-unsupported-cpuid-family-1a-model-12",
       "CPUID family 1Ah model 12h (just above Turin's 00h-11h)"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(cpuids); i++) {
    vc_init(g, &c, cpuids[i].p, 3, VCEK);
    vc_name(&c, "%s", cpuids[i].name);
    c.f.cpuid_fam = cpuids[i].fam;
    c.f.cpuid_mod = cpuids[i].mod;
    vc_desc(&c,
            "v3 report otherwise from %s with %s: unknown product: "
            "UNSUPPORTED",
            sim_snp_title(cpuids[i].p), cpuids[i].what);
    set_reject(&c, R);
    EMIT(&c);
  }

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-unsupported-signing-key-none");
  c.f.signer_info = 7u << 2;
  c.no_sign = 1;
  vc_desc(&c, "Milan v3 report with SIGNER_INFO.SIGNING_KEY 7 (unsigned) and "
              "a zero signature: UNSUPPORTED");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-unsupported-mask-chip-key");
  c.f.signer_info |= 1u << 1;
  c.no_sign = 1;
  vc_desc(&c, "Genoa v5 report with SIGNER_INFO.MASK_CHIP_KEY set: the "
              "firmware wrote zeros instead of a signature: UNSUPPORTED");
  set_reject(&c, R);
  EMIT(&c);
  return 0;
}

/* ---- E. SIGNATURE ---- */

static int gen_signature(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  static const char *const R = "SIGNATURE";

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-signature-r-bit-flip");
  flip(&c, 0x2A0, 0x01);
  vc_desc(&c, "Milan v3 report with bit 0 of the signature's R flipped: "
              "SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VLEK);
  vc_name(&c, "snp-signature-s-bit-flip");
  flip(&c, 0x2E8 + 20, 0x40);
  vc_desc(&c, "Genoa v5 VLEK report with one bit of the signature's S "
              "flipped: SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-signature-measurement-changed");
  flip(&c, 0x090, 0x01);
  ov(&c, "snp.TrustedMeasurement", json_null());
  vc_desc(&c, "Turin v5 report whose MEASUREMENT was changed (one bit) after "
              "signing (the policy names no measurement): SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 2, VCEK);
  vc_name(&c, "snp-signature-report-data-changed");
  flip(&c, 0x050 + 63, 0x80);
  ov(&c, "report_data", json_null());
  vc_desc(&c, "Milan v2 report whose REPORT_DATA was changed (one bit) after "
              "signing (the policy names no report_data): SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-signature-other-key");
  c.sign_key = g->other_key;
  vc_desc(&c, "Genoa v3 report signed by a P-384 key other than the one its "
              "(good) VCEK certifies: SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 3, VLEK);
  vc_name(&c, "snp-signature-vcek-key-for-vlek");
  c.sign_key = g->vek_key[T][VCEK];
  vc_desc(&c, "Turin v3 VLEK report (SIGNING_KEY 1, VLEK given) signed with "
              "the chip's VCEK key: SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 5, VLEK);
  vc_name(&c, "snp-signature-zero");
  c.no_sign = 1;
  vc_desc(&c, "Milan v5 VLEK report (SIGNING_KEY 1, MASK_CHIP_KEY clear) "
              "whose signature is all zero: SIGNATURE");
  set_reject(&c, R);
  EMIT(&c);
  return 0;
}

/* ---- F. CHAIN ---- */

static int gen_chain(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  static const char *const R = "CHAIN";
  const sim_snp_pki *pki = g->pki;

  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    int with_chain;
  } amd[] = {
      {M, 3, VCEK, 1}, {G, 5, VLEK, 0}, {T, 3, VCEK, 1}, {M, 2, VCEK, 0}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(amd); i++) {
    vc_init(g, &c, amd[i].p, amd[i].v, amd[i].k);
    vc_name(&c, "snp-chain-sim-signed-trust-amd-%s-v%u-%s", pname(amd[i].p),
            amd[i].v, kname(amd[i].k));
    c.trust = "amd";
    if (amd[i].with_chain)
      chain_good(g, &c);
    vc_desc(&c,
            "a simulator-signed %s v%u %s report whose certificates carry "
            "AMD's real names (SEV-%s, ARK-%s)%s, labelled trust amd: the real "
            "AMD roots are pinned by bytes, not names, and --trust-sim does "
            "not apply to amd cases: CHAIN",
            sim_snp_title(amd[i].p), amd[i].v, KNAME(amd[i].k),
            sim_snp_title(amd[i].p), sim_snp_title(amd[i].p),
            amd[i].with_chain ? ", with its own look-alike cert_chain" : "");
    set_reject(&c, R);
    EMIT(&c);
  }

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-chain-sim-signed-trust-intel-genoa-v3-vcek");
  c.trust = "intel";
  vc_desc(&c, "a simulator-signed Genoa v3 report labelled trust intel: an "
              "SNP chain must end in a pinned AMD ARK, and the Intel root "
              "pins none: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  /* wrong product roots */
  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-chain-milan-report-genoa-vcek");
  {
    sim_snp_tcb t = sim_snp_tcb_from_raw(G, c.f.reported_tcb);
    sim_snp_vek_ext ext = sim_snp_vek_ext_for(G, VCEK, &t, c.f.chip_id, NULL);
    c.vek = sim_snp_vek_spec(G, VCEK, g->vek_key[M][VCEK], pki->p[G].ask, &ext,
                             SIM_T_VEK_ISSUED);
  }
  vc_desc(&c, "Milan v3 report (CPUID 19h/01h) whose VCEK, matching its key, "
              "TCB and chip, was issued by SEV-Genoa (productName Genoa): the "
              "wrong product's roots: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-chain-turin-report-milan-vcek");
  {
    sim_snp_tcb t = sim_snp_tcb_from_raw(T, c.f.reported_tcb);
    sim_snp_vek_ext ext = sim_snp_vek_ext_for(T, VCEK, &t, c.f.chip_id, NULL);
    c.vek = sim_snp_vek_spec(M, VCEK, g->vek_key[T][VCEK], pki->p[M].ask, &ext,
                             SIM_T_VEK_ISSUED);
    snprintf(c.vek.ext.product_name, sizeof c.vek.ext.product_name, "Milan-B0");
  }
  vc_desc(&c, "Turin v5 report whose VCEK (Turin extensions, matching key) "
              "was issued by SEV-Milan: the wrong product's roots: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VLEK);
  vc_name(&c, "snp-chain-genoa-report-turin-vlek");
  {
    sim_snp_tcb t = sim_snp_tcb_from_raw(G, c.f.reported_tcb);
    sim_snp_vek_ext ext =
        sim_snp_vek_ext_for(G, VLEK, &t, NULL, SIM_VLEK_CSP_ID);
    snprintf(ext.product_name, sizeof ext.product_name, "Turin");
    c.vek = sim_snp_vek_spec(T, VLEK, g->vek_key[G][VLEK], pki->p[T].asvk, &ext,
                             SIM_T_VEK_ISSUED);
  }
  vc_desc(&c, "Genoa v3 VLEK report whose VLEK was issued by SEV-VLEK-Turin "
              "(productName Turin): the wrong product's roots: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-chain-cert-chain-of-genoa");
  c.chain_mode = CHAIN_LIST;
  c.n_chain = 2;
  chain_pinned(g, &c, 0, G, "ask");
  chain_pinned(g, &c, 1, G, "ark");
  vc_desc(&c, "Milan v3 report with a good VCEK but the Genoa ASK and ARK as "
              "cert_chain (not the pinned Milan pair): CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VLEK);
  vc_name(&c, "snp-chain-cert-chain-ask-for-vlek");
  chain_good(g, &c);
  chain_pinned(g, &c, 0, G, "ask");
  vc_desc(&c, "Genoa v3 VLEK report with the ASK and ARK as cert_chain "
              "instead of the ASVK and ARK: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 3, VCEK);
  vc_name(&c, "snp-chain-cert-chain-reversed");
  chain_pinned(g, &c, 0, T, "ark");
  chain_pinned(g, &c, 1, T, "ask");
  c.chain_mode = CHAIN_LIST;
  c.n_chain = 2;
  vc_desc(&c, "Turin v3 report with the cert_chain in the wrong order (ARK "
              "then ASK): CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 5, VCEK);
  vc_name(&c, "snp-chain-cert-chain-three-certs");
  chain_good(g, &c);
  chain_pinned(g, &c, 2, M, "asvk");
  c.n_chain = 3;
  vc_desc(&c, "Milan v5 report with a cert_chain of ASK, ARK and ASVK "
              "(trustee's bundle form; KDS serves exactly two): CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-chain-cert-chain-ask-only");
  chain_good(g, &c);
  c.n_chain = 1;
  vc_desc(&c, "Genoa v5 report with a cert_chain holding only the ASK: "
              "CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-chain-cert-chain-unpinned-ask");
  chain_good(g, &c);
  c.chain_der[0] = NULL; /* built: another key under the pinned names */
  c.chain[0] = sim_snp_ask_spec(M, pki->p[G].ask, pki->p[M].ark);
  vc_desc(&c, "Milan v3 report with a cert_chain whose ASK is named SEV-Milan "
              "and signed by the pinned Milan ARK but carries another key "
              "than the pinned ASK: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-chain-vcek-signed-by-other-key");
  c.vek.signer = pki->p[G].ask;
  vc_desc(&c, "Milan v3 report whose VCEK names SEV-Milan as issuer but is "
              "signed by another RSA key (Genoa's ASK key): CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  vc_name(&c, "snp-chain-vcek-bad-cert-signature");
  c.vek.corrupt_signature = 1;
  vc_desc(&c, "Genoa v5 report whose VCEK's RSA-PSS signature has its last "
              "bit flipped: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VLEK);
  vc_name(&c, "snp-chain-vlek-bad-cert-signature");
  c.vek.corrupt_signature = 1;
  vc_desc(&c, "Turin v5 report whose VLEK's RSA-PSS signature has its last "
              "bit flipped: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VLEK);
  vc_name(&c, "snp-chain-vcek-for-vlek-report");
  c.sign_key = g->vek_key[M][VCEK];
  chip_of(M, 0, c.f.chip_id);
  c.vek =
      vek_spec_for(g, M, VCEK, c.f.reported_tcb, c.f.chip_id, SIM_T_VEK_ISSUED);
  c.given_as = VCEK;
  vc_desc(&c, "Milan v3 report whose SIGNER_INFO says VLEK, signed by the "
              "chip's VCEK key and given with that VCEK: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-chain-vlek-for-vcek-report");
  c.sign_key = g->vek_key[G][VLEK];
  c.vek =
      vek_spec_for(g, G, VLEK, c.f.reported_tcb, c.f.chip_id, SIM_T_VEK_ISSUED);
  c.given_as = VLEK;
  ov(&c, "snp.AllowedChipIDs", json_null());
  vc_desc(&c, "Genoa v3 report whose SIGNER_INFO says VCEK, signed by a VLEK "
              "key and given with that VLEK: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VLEK);
  vc_name(&c, "snp-chain-vlek-given-as-vcek");
  c.given_as = VCEK;
  vc_desc(&c, "Turin v5 VLEK report whose VLEK is given as endorsements.vcek: "
              "CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 5, VCEK);
  vc_name(&c, "snp-chain-vcek-given-as-vlek");
  c.given_as = VLEK;
  vc_desc(&c, "Milan v5 VCEK report whose VCEK is given as endorsements.vlek: "
              "CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-chain-vcek-p256-key");
  c.vek.key = g->p256_key;
  c.sign_key = g->p256_key;
  vc_desc(&c, "Genoa v3 report signed with a P-256 key that its VCEK "
              "certifies (a VCEK key must be P-384): CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 5, VLEK);
  vc_name(&c, "snp-chain-vlek-issued-by-ask");
  c.vek.signer = pki->p[M].ask;
  snprintf(c.vek.issuer_cn, sizeof c.vek.issuer_cn, "SEV-Milan");
  vc_desc(&c, "Milan v5 VLEK report whose VLEK was issued and signed by the "
              "ASK (SEV-Milan) instead of the ASVK: CHAIN");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 2, VCEK);
  vc_name(&c, "snp-chain-v2-vcek-issuer-not-a-product");
  snprintf(c.vek.issuer_cn, sizeof c.vek.issuer_cn, "SEV-Rome");
  vc_desc(&c, "Milan v2 report (the product comes from the VEK's issuer) "
              "whose VCEK names SEV-Rome as issuer (signed by the Milan ASK "
              "key): no pinned product: CHAIN");
  set_reject(&c, R);
  EMIT(&c);
  return 0;
}

/* ---- G. validity bounds (EXPIRED) ---- */

static int bound_case(gen *g, snp_product p, snp_vek_kind k, const char *what,
                      const char *bound, int64_t t, int inside, int64_t shift,
                      int crl, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  vc_init(g, &c, p, p == M ? 3 : 5, k);
  c.now = inside ? t : t + shift;
  if (crl) {
    c.crl_mode = CRL_SPEC;
    if (p == G) /* a CRL that is given is judged, required or not */
      ov(&c, "require_crl", json_null());
    /* a VEK issued a day before now: only the CRL's bound is at stake */
    vek_issued_day_before(&c);
  }
  vc_name(&c, "snp-validity-%s-%s-%s-%s", pname(p), what, bound,
          inside ? "inside" : "outside");
  char tb[32], nb[32];
  contrast_time_format(t, tb);
  contrast_time_format(c.now, nb);
  vc_desc(&c, "%s %s report at now %s, %s the %s's %s %s%s: %s",
          sim_snp_title(p), KNAME(k), nb,
          inside ? "exactly"
                 : (shift < 0 ? "one second before" : "one second after"),
          what, bound, tb, inside ? " (bounds are inclusive)" : "",
          inside ? "accept" : "EXPIRED");
  if (inside)
    set_accept(&c);
  else
    set_reject(&c, "EXPIRED");
  return emit(g, &c, err);
}

/* The VEK issued around `now` (for root and CRL bounds far from the
 * default VEK window): valid from a day before. */
static int root_bound(gen *g, snp_product p, const char *which, int is_nb,
                      contrast_err *err) {
  sim_snp_root_times rt = sim_snp_root_times_of(p);
  int64_t t, shift = is_nb ? -1 : 1;
  int64_t nb[3] = {rt.ark_nb, rt.ask_nb, rt.asvk_nb};
  int64_t na[3] = {rt.ark_na, rt.ask_na, rt.asvk_na};
  int idx = strcmp(which, "ark") == 0 ? 0 : strcmp(which, "ask") == 0 ? 1 : 2;
  t = is_nb ? nb[idx] : na[idx];
  /* the chain's other root must be valid at both instants */
  for (int k = VCEK; k <= VLEK; k++) {
    if ((idx == 1 && k == VLEK) || (idx == 2 && k == VCEK))
      continue;
    int other = idx == 0 ? (k == VCEK ? 1 : 2) : 0;
    int ok = 1;
    for (int inside = 0; inside <= 1; inside++) {
      int64_t now = inside ? t : t + shift;
      ok &= nb[other] <= now && now <= na[other];
      /* and the target is outside exactly when intended */
      ok &= (nb[idx] <= now && now <= na[idx]) == (inside != 0);
    }
    if (!ok)
      continue;
    for (int inside = 1; inside >= 0; inside--) {
      AUTO_VCASE vcase c = {0};
      vc_init(g, &c, p, p == M ? 3 : 5, (snp_vek_kind)k);
      c.now = inside ? t : t + shift;
      vek_issued_day_before(&c);
      static const char *const up[3] = {"ARK", "ASK", "ASVK"};
      vc_name(&c, "snp-validity-%s-%s-%s-%s", pname(p), which,
              is_nb ? "not-before" : "not-after",
              inside ? "inside" : "outside");
      char tb[32], nbuf[32];
      contrast_time_format(t, tb);
      contrast_time_format(c.now, nbuf);
      vc_desc(&c,
              "%s %s report (VEK issued a day before now) at now %s, %s "
              "the pinned %s's %s %s%s: %s",
              sim_snp_title(p), KNAME((snp_vek_kind)k), nbuf,
              inside ? "exactly"
                     : (is_nb ? "one second before" : "one second after"),
              up[idx], is_nb ? "notBefore" : "notAfter", tb,
              inside ? " (inclusive; the chain's other certificates are valid)"
                     : " (the chain's other certificates are valid)",
              inside ? "accept" : "EXPIRED");
      if (inside)
        set_accept(&c);
      else
        set_reject(&c, "EXPIRED");
      GUARD(emit(g, &c, err));
    }
    return 0;
  }
  return 0; /* not testable alone for this product's root times */
}

static int gen_validity(gen *g, contrast_err *err) {
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(PRODUCTS); i++) {
    snp_product p = PRODUCTS[i];
    for (int k = VCEK; k <= VLEK; k++) {
      int64_t nb = SIM_T_VEK_ISSUED;
      int64_t na = nb + vek_lifetime((snp_vek_kind)k);
      for (int inside = 1; inside >= 0; inside--) {
        GUARD(bound_case(g, p, (snp_vek_kind)k, kname((snp_vek_kind)k),
                         "not-before", nb, inside, -1, 0, err));
        GUARD(bound_case(g, p, (snp_vek_kind)k, kname((snp_vek_kind)k),
                         "not-after", na, inside, 1, 0, err));
      }
    }
    static const char *const roots[3] = {"ark", "ask", "asvk"};
    for (int r = 0; r < 3; r++)
      for (int is_nb = 1; is_nb >= 0; is_nb--)
        GUARD(root_bound(g, p, roots[r], is_nb, err));
  }
  /* the CRLs: Milan's VCEK CRL and Genoa's VLEK CRL */
  static const struct {
    snp_product p;
    snp_vek_kind k;
  } crls[] = {{M, VCEK}, {G, VLEK}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(crls); i++) {
    for (int inside = 1; inside >= 0; inside--) {
      GUARD(bound_case(g, crls[i].p, crls[i].k, "crl", "this-update",
                       SIM_T_CRL_THIS, inside, -1, 1, err));
      GUARD(bound_case(g, crls[i].p, crls[i].k, "crl", "next-update",
                       SIM_T_CRL_NEXT, inside, 1, 1, err));
    }
  }
  return 0;
}

/* ---- H. REVOKED ---- */

static int gen_revoked(gen *g, contrast_err *err) {
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(PRODUCTS); i++) {
    snp_product p = PRODUCTS[i];
    for (int k = VCEK; k <= VLEK; k++) {
      AUTO_VCASE vcase c = {0};
      vc_init(g, &c, p, p == M ? 3 : 5, (snp_vek_kind)k);
      const char *inter = k == VLEK ? "asvk" : "ask";
      uint64_t serial =
          ((uint64_t)(p - M + 1) << 16) | (k == VLEK ? 0x101 : 0x1);
      vc_name(&c, "snp-revoked-%s-crl-lists-%s", pname(p), inter);
      if (p != T)
        chain_good(g, &c);
      crl_listing(&c, 2, (const uint64_t[]){serial, 0x7FFF0});
      /* Turin's: no require_crl; a CRL that is given is always applied */
      if (p == T)
        ov(&c, "require_crl", json_null());
      vc_desc(&c,
              "%s v%u %s report whose %s (serial 0x%llx) is listed in the "
              "ARK-signed KDS CRL given with it (require_crl %s): REVOKED",
              sim_snp_title(p), p == M ? 3u : 5u, KNAME((snp_vek_kind)k),
              k == VLEK ? "ASVK" : "ASK", (unsigned long long)serial,
              p == T ? "absent" : "true");
      set_reject(&c, "REVOKED");
      EMIT(&c);
    }
  }
  return 0;
}

/* ---- I. COLLATERAL ---- */

static int gen_collateral(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  static const char *const R = "COLLATERAL";
  const sim_snp_pki *pki = g->pki;

  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    int chain;
  } none[] = {
      {M, 3, VCEK, 0}, {G, 5, VLEK, 0}, {T, 3, VCEK, 0}, {M, 2, VCEK, 1}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(none); i++) {
    vc_init(g, &c, none[i].p, none[i].v, none[i].k);
    vc_name(&c, "snp-collateral-no-%s-%s-v%u%s", kname(none[i].k),
            pname(none[i].p), none[i].v, none[i].chain ? "-with-chain" : "");
    c.vek_mode = VEK_NONE;
    if (none[i].chain)
      chain_good(g, &c);
    vc_desc(&c,
            "%s v%u %s-signed report given without any VCEK or VLEK%s: "
            "COLLATERAL",
            sim_snp_title(none[i].p), none[i].v, KNAME(none[i].k),
            none[i].chain ? " (only the cert_chain)" : "");
    set_reject(&c, R);
    EMIT(&c);
  }

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-collateral-require-crl-without-crl-vcek");
  ov(&c, "require_crl", json_true());
  vc_desc(&c, "Milan v3 VCEK report with policy require_crl true and no CRL: "
              "COLLATERAL");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VLEK);
  vc_name(&c, "snp-collateral-require-crl-without-crl-vlek");
  chain_good(g, &c);
  ov(&c, "require_crl", json_true());
  vc_desc(&c, "Genoa v5 VLEK report with its cert_chain, policy require_crl "
              "true and no CRL: COLLATERAL");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-collateral-crl-signed-by-other-ark");
  c.crl_mode = CRL_SPEC;
  c.crl.signer = pki->p[G].ark;
  vc_desc(&c, "Milan v3 report with a CRL naming ARK-Milan as issuer but "
              "signed by another RSA key (Genoa's ARK key): COLLATERAL");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-collateral-crl-bad-signature");
  c.crl_mode = CRL_SPEC;
  c.crl.corrupt_signature = 1;
  ov(&c, "require_crl", json_null());
  vc_desc(&c, "Turin v5 report with its ARK's CRL whose signature has the "
              "last bit flipped (require_crl absent: a CRL given is judged): "
              "COLLATERAL");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 3, VCEK);
  vc_name(&c, "snp-collateral-crl-of-other-product");
  c.crl_mode = CRL_SPEC;
  c.crl = crl_spec_for(g, M);
  vc_desc(&c, "Genoa v3 report given the Milan ARK's CRL (good in itself, "
              "revoking nothing): not signed by the pinned Genoa ARK: "
              "COLLATERAL");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, M, 5, VLEK);
  vc_name(&c, "snp-collateral-crl-signed-by-asvk");
  c.crl_mode = CRL_SPEC;
  c.crl.signer = pki->p[M].asvk;
  snprintf(c.crl.issuer_cn, sizeof c.crl.issuer_cn, "SEV-VLEK-Milan");
  vc_desc(&c, "Milan v5 VLEK report with a CRL issued and signed by the ASVK "
              "(KDS CRLs are signed by the ARK): COLLATERAL");
  set_reject(&c, R);
  EMIT(&c);
  return 0;
}

/* ---- J. TCB_MISMATCH ---- */

/* The component of t named "bl", "tee", "snp", "fmc" or "ucode". */
static uint8_t *tcb_comp(sim_snp_tcb *t, const char *name) {
  return strcmp(name, "bl") == 0    ? &t->bl
         : strcmp(name, "tee") == 0 ? &t->tee
         : strcmp(name, "snp") == 0 ? &t->snp
         : strcmp(name, "fmc") == 0 ? &t->fmc
                                    : &t->ucode;
}

static int gen_tcb_mismatch(gen *g, contrast_err *err) {
  static const char *const R = "TCB_MISMATCH";
  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    const char *comp;
    int delta;
  } spl[] = {
      {M, 3, VCEK, "bl", 1},    {M, 3, VCEK, "tee", 1},
      {M, 3, VCEK, "snp", 1},   {M, 3, VCEK, "ucode", 1},
      {G, 5, VCEK, "snp", -1},  {G, 5, VCEK, "ucode", -1},
      {T, 5, VCEK, "fmc", 1},   {T, 5, VCEK, "bl", 1},
      {T, 5, VCEK, "tee", 1},   {T, 5, VCEK, "snp", 1},
      {T, 5, VCEK, "ucode", 1}, {M, 3, VLEK, "ucode", 1},
      {T, 3, VLEK, "fmc", -1},  {G, 2, VLEK, "bl", -1},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(spl); i++) {
    AUTO_VCASE vcase c = {0};
    vc_init(g, &c, spl[i].p, spl[i].v, spl[i].k);
    sim_snp_tcb t = sim_snp_tcb_from_raw(spl[i].p, c.f.reported_tcb);
    uint8_t *comp = tcb_comp(&t, spl[i].comp);
    *comp = (uint8_t)(*comp + spl[i].delta);
    /* the certificate keeps the chip's TCB; only REPORTED_TCB moves */
    c.f.reported_tcb = sim_snp_tcb_raw(spl[i].p, &t);
    vc_name(&c, "snp-tcb-mismatch-%s-v%u-%s-%s", pname(spl[i].p), spl[i].v,
            kname(spl[i].k), spl[i].comp);
    vc_desc(&c,
            "%s v%u report whose REPORTED_TCB %s SPL is %s the %s's "
            "%sSPL extension (the other TCBs and the floor unchanged): "
            "TCB_MISMATCH",
            sim_snp_title(spl[i].p), spl[i].v, spl[i].comp,
            spl[i].delta > 0 ? "one above" : "one below", KNAME(spl[i].k),
            spl[i].comp);
    set_reject(&c, R);
    /* the floor would not notice: it is the min over all TCBs */
    EMIT(&c);
  }

  AUTO_VCASE vcase m = {0};
  vc_init(g, &m, M, 3, VCEK);
  memset(m.f.chip_id, 0, 64);
  vc_name(&m, "snp-tcb-mismatch-milan-v3-chip-id-masked");
  vc_desc(&m, "Milan v3 VCEK report whose CHIP_ID is all zero (the host's "
              "MASK_CHIP_ID) while its VCEK carries the chip's hwID: CHIP_ID "
              "does not agree with the certificate (CASES.md \"Checks that "
              "are never optional\"): TCB_MISMATCH");
  set_reject(&m, R);
  EMIT(&m);

  static const struct {
    snp_product p;
    uint32_t v;
    size_t byte;
  } chips[] = {{M, 3, 63}, {G, 5, 0}, {T, 5, 3}, {M, 2, 31}, {T, 3, 7}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(chips); i++) {
    AUTO_VCASE vcase c = {0};
    vc_init(g, &c, chips[i].p, chips[i].v, VCEK);
    c.f.chip_id[chips[i].byte] ^= 0x01;
    vc_name(&c, "snp-tcb-mismatch-%s-v%u-chip-id-byte-%zu", pname(chips[i].p),
            chips[i].v, chips[i].byte);
    vc_desc(&c,
            "%s v%u report whose CHIP_ID differs from the VCEK's %s hwID "
            "in byte %zu (the policy allows the report's CHIP_ID): "
            "TCB_MISMATCH",
            sim_snp_title(chips[i].p), chips[i].v,
            chips[i].p == T ? "8-byte" : "64-byte", chips[i].byte);
    set_reject(&c, R);
    EMIT(&c);
  }
  return 0;
}

/* ---- K. TCB_TOO_LOW ---- */

static json_t *floor_json(snp_product p, const sim_snp_tcb *t) {
  json_t *o = json_object();
  (void)json_object_set_new(o, "BootloaderVersion", json_integer(t->bl));
  (void)json_object_set_new(o, "TEEVersion", json_integer(t->tee));
  (void)json_object_set_new(o, "SNPVersion", json_integer(t->snp));
  (void)json_object_set_new(o, "MicrocodeVersion", json_integer(t->ucode));
  if (p == T)
    (void)json_object_set_new(o, "FMCVersion", json_integer(t->fmc));
  return o;
}

static int gen_tcb_too_low(gen *g, contrast_err *err) {
  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    const char *which; /* committed, launch, reported */
    const char *comp;
  } low[] = {
      {M, 3, VCEK, "committed", "bl"},  {G, 5, VCEK, "launch", "tee"},
      {T, 5, VCEK, "reported", "snp"},  {M, 3, VLEK, "reported", "ucode"},
      {T, 3, VCEK, "reported", "fmc"},  {G, 3, VCEK, "committed", "ucode"},
      {T, 5, VLEK, "launch", "bl"},     {M, 2, VCEK, "launch", "snp"},
      {T, 5, VCEK, "committed", "fmc"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(low); i++) {
    AUTO_VCASE vcase c = {0};
    vc_init(g, &c, low[i].p, low[i].v, low[i].k);
    /* the floor: the default TCB with every component at least 1 so that
     * one can be one below it */
    sim_snp_tcb fl = sim_snp_tcb_default(low[i].p);
    if (fl.tee == 0)
      fl.tee = 1;
    vc_set_all_tcb(&c, &fl);
    sim_snp_tcb t = fl;
    uint8_t *comp = tcb_comp(&t, low[i].comp);
    *comp = (uint8_t)(*comp - 1);
    uint64_t raw = sim_snp_tcb_raw(low[i].p, &t);
    if (strcmp(low[i].which, "committed") == 0)
      c.f.committed_tcb = raw;
    else if (strcmp(low[i].which, "launch") == 0)
      c.f.launch_tcb = raw;
    else
      c.f.reported_tcb = raw;
    vc_vek_follow_tcb(g, &c); /* the VEK of REPORTED_TCB */
    ov(&c, "snp.MinimumTCB", floor_json(low[i].p, &fl));
    vc_name(&c, "snp-tcb-too-low-%s-v%u-%s-%s-%s", pname(low[i].p), low[i].v,
            kname(low[i].k), low[i].which, low[i].comp);
    vc_desc(&c,
            "%s v%u %s report whose %s_TCB %s SPL is one below "
            "MinimumTCB (every other component and TCB meets it; the %s "
            "matches REPORTED_TCB): TCB_TOO_LOW",
            sim_snp_title(low[i].p), low[i].v, KNAME(low[i].k),
            low[i].which[0] == 'c'   ? "COMMITTED"
            : low[i].which[0] == 'l' ? "LAUNCH"
                                     : "REPORTED",
            low[i].comp, KNAME(low[i].k));
    set_reject(&c, "TCB_TOO_LOW");
    EMIT(&c);
  }

  AUTO_VCASE vcase c = {0};
  vc_init(g, &c, M, 5, VCEK);
  vc_name(&c, "snp-tcb-too-low-milan-bl-despite-higher-ucode");
  {
    sim_snp_tcb fl = sim_snp_tcb_default(M);
    fl.bl = (uint8_t)(fl.bl + 1);
    fl.ucode = (uint8_t)(fl.ucode - 100);
    ov(&c, "snp.MinimumTCB", floor_json(M, &fl));
  }
  vc_desc(&c, "Milan v5 report whose TCBs are above the floor in microcode "
              "(the top byte: as a u64 the TCB is higher) but one below it in "
              "bootloader; the floor is per component: TCB_TOO_LOW");
  set_reject(&c, "TCB_TOO_LOW");
  EMIT(&c);

  vc_init(g, &c, G, 3, VLEK);
  vc_name(&c, "snp-tcb-floor-below-every-component-accept");
  {
    sim_snp_tcb fl = sim_snp_tcb_default(G);
    fl.bl--;
    fl.snp--;
    fl.ucode--;
    ov(&c, "snp.MinimumTCB", floor_json(G, &fl));
  }
  vc_desc(&c, "Genoa v3 VLEK report whose TCBs are above MinimumTCB in "
              "bootloader, SNP and microcode and equal in TEE: accept");
  set_accept(&c);
  EMIT(&c);
  return 0;
}

/* ---- L. DEBUG ---- */

static int gen_debug(gen *g, contrast_err *err) {
  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
    int explicit_false;
  } dbg[] = {
      {M, 3, VCEK, 0}, {G, 5, VLEK, 1}, {T, 3, VCEK, 0}, {M, 2, VLEK, 1}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(dbg); i++) {
    AUTO_VCASE vcase c = {0};
    vc_init(g, &c, dbg[i].p, dbg[i].v, dbg[i].k);
    c.f.policy |= SNP_POLICY_DEBUG;
    if (dbg[i].explicit_false)
      ov(&c, "allow_debug", json_false());
    vc_name(&c, "snp-debug-%s-v%u-%s", pname(dbg[i].p), dbg[i].v,
            kname(dbg[i].k));
    vc_desc(&c,
            "%s v%u %s report with guest POLICY.DEBUG set (0xb0000) and "
            "allow_debug %s (GuestPolicy.Debug true): DEBUG",
            sim_snp_title(dbg[i].p), dbg[i].v, KNAME(dbg[i].k),
            dbg[i].explicit_false ? "false" : "absent");
    set_reject(&c, "DEBUG");
    EMIT(&c);
  }
  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
  } allowed[] = {{M, 2, VCEK}, {T, 5, VLEK}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(allowed); i++) {
    AUTO_VCASE vcase c = {0};
    vc_init(g, &c, allowed[i].p, allowed[i].v, allowed[i].k);
    c.f.policy |= SNP_POLICY_DEBUG;
    ov(&c, "allow_debug", json_true());
    vc_name(&c, "snp-debug-allowed-%s-v%u-%s-accept", pname(allowed[i].p),
            allowed[i].v, kname(allowed[i].k));
    vc_desc(&c,
            "%s v%u%s report with POLICY.DEBUG set, allow_debug true and "
            "GuestPolicy.Debug true: accept",
            sim_snp_title(allowed[i].p), allowed[i].v,
            allowed[i].k == VLEK ? " VLEK" : "");
    set_accept(&c);
    EMIT(&c);
  }
  return 0;
}

/* ---- M. POLICY ---- */

static int gen_policy_flags(gen *g, contrast_err *err) {
  /* GuestPolicy "may be set only if true here" and "must be set if true
   * here"; PlatformInfo the same (CASES.md). */
  static const struct {
    const char *key;
    int platform; /* PlatformInfo instead of GuestPolicy */
    uint64_t bit;
    int must; /* must be set if true (else: may be set only if true) */
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
  } flags[] = {
      {"SMT", 0, SNP_POLICY_SMT, 0, M, 3, VCEK},
      {"MigrateMA", 0, SNP_POLICY_MIGRATE_MA, 0, G, 5, VCEK},
      {"Debug", 0, SNP_POLICY_DEBUG, 0, T, 5, VLEK},
      {"CXLAllowed", 0, SNP_POLICY_CXL_ALLOW, 0, M, 5, VLEK},
      {"SingleSocket", 0, SNP_POLICY_SINGLE_SOCKET, 1, G, 3, VCEK},
      {"MemAES256XTS", 0, SNP_POLICY_MEM_AES_256_XTS, 1, T, 3, VCEK},
      {"RAPLDis", 0, SNP_POLICY_RAPL_DIS, 1, M, 3, VLEK},
      {"CipherTextHidingDRAM", 0, SNP_POLICY_CIPHERTEXT_HIDING, 1, G, 5, VLEK},
      {"PageSwapDisable", 0, SNP_POLICY_PAGE_SWAP_DISABLE, 1, T, 5, VCEK},
      {"SMTEnabled", 1, SNP_PLATFORM_SMT_EN, 0, G, 3, VCEK},
      {"TSMEEnabled", 1, SNP_PLATFORM_TSME_EN, 0, M, 5, VCEK},
      {"TIOEnabled", 1, SNP_PLATFORM_SEV_TIO_EN, 0, T, 5, VCEK},
      {"ECCEnabled", 1, SNP_PLATFORM_ECC_EN, 1, M, 3, VCEK},
      {"RAPLDisabled", 1, SNP_PLATFORM_RAPL_DIS, 1, G, 5, VCEK},
      {"CiphertextHidingDRAMEnabled", 1, SNP_PLATFORM_CIPHERTEXT_HIDING_DRAM_EN,
       1, T, 3, VLEK},
      {"AliasCheckComplete", 1, SNP_PLATFORM_ALIAS_CHECK_COMPLETE, 1, G, 3,
       VLEK},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(flags); i++) {
    for (int accept = 1; accept >= 0; accept--) {
      AUTO_VCASE vcase c = {0};
      vc_init(g, &c, flags[i].p, flags[i].v, flags[i].k);
      uint64_t *bits = flags[i].platform ? &c.f.platform_info : &c.f.policy;
      const char *obj = flags[i].platform ? "PlatformInfo" : "GuestPolicy";
      char path[96];
      (void)snprintf(path, sizeof path, "snp.%s.%s", obj, flags[i].key);
      const char *field = flags[i].platform ? "PLATFORM_INFO" : "POLICY";
      if (flags[i].bit == SNP_POLICY_DEBUG && !flags[i].platform)
        ov(&c, "allow_debug", json_true());
      if (flags[i].must) {
        /* reference true; the report has the bit (accept) or not */
        ov(&c, path, json_true());
        if (accept)
          *bits |= flags[i].bit;
        else
          *bits &= ~flags[i].bit;
        vc_desc(&c,
                "%s v%u %s report with %s.%s true in the reference and "
                "the %s bit %s the report: %s",
                sim_snp_title(flags[i].p), flags[i].v, KNAME(flags[i].k), obj,
                flags[i].key, field, accept ? "set in" : "clear in",
                accept ? "accept" : "POLICY");
      } else {
        /* the report has the bit; the reference allows it (accept) or not */
        *bits |= flags[i].bit;
        ov(&c, path, json_boolean(accept));
        vc_desc(&c,
                "%s v%u %s report with the %s bit set and %s.%s %s in "
                "the reference%s: %s",
                sim_snp_title(flags[i].p), flags[i].v, KNAME(flags[i].k), field,
                obj, flags[i].key, accept ? "true" : "false",
                flags[i].bit == SNP_POLICY_DEBUG && !flags[i].platform
                    ? " (allow_debug true)"
                    : "",
                accept ? "accept" : "POLICY");
      }
      vc_name(&c, "snp-policy-%s-%s%s",
              flags[i].platform ? "platform" : "guest", flags[i].key,
              accept ? "-accept" : "");
      /* lower-case the key part of the name */
      for (char *s = c.name; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
          *s = (char)(*s - 'A' + 'a');
      if (accept)
        set_accept(&c);
      else
        set_reject(&c, "POLICY");
      EMIT(&c);
    }
  }
  /* allowed but not set: accept */
  AUTO_VCASE vcase c = {0};
  vc_init(g, &c, G, 5, VCEK);
  c.f.policy &= ~SNP_POLICY_SMT;
  c.f.platform_info &= ~SNP_PLATFORM_SMT_EN;
  ov(&c, "snp.GuestPolicy.SMT", json_true());
  ov(&c, "snp.PlatformInfo.SMTEnabled", json_true());
  vc_name(&c, "snp-policy-smt-allowed-not-set-accept");
  vc_desc(&c, "Genoa v5 report without SMT in POLICY and PLATFORM_INFO while "
              "the reference allows both (allowed is not required): accept");
  EMIT(&c);

  vc_init(g, &c, M, 3, VCEK);
  vc_name(&c, "snp-policy-guest-policy-empty-object");
  ov(&c, "snp.GuestPolicy", json_object()); /* an empty object replaces */
  vc_desc(&c, "Milan v3 report with SMT set in POLICY and a reference whose "
              "GuestPolicy object is present but empty: a missing field "
              "counts as false, so SMT is not allowed: POLICY");
  set_reject(&c, "POLICY");
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  vc_name(&c, "snp-policy-platform-info-empty-object");
  ov(&c, "snp.PlatformInfo", json_object());
  vc_desc(&c, "Turin v5 report with SMT_EN set in PLATFORM_INFO and a "
              "reference whose PlatformInfo object is empty (SMTEnabled "
              "counts as false): POLICY");
  set_reject(&c, "POLICY");
  EMIT(&c);
  return 0;
}

static int gen_policy_misc(gen *g, contrast_err *err) {
  AUTO_VCASE vcase c = {0};
  static const char *const R = "POLICY";

  /* vmpl */
  vc_init(g, &c, M, 3, VCEK);
  c.f.vmpl = 1;
  ov(&c, "vmpl", json_integer(0));
  vc_name(&c, "snp-policy-vmpl-1-required-0");
  vc_desc(&c, "Milan v3 report requested at VMPL 1 while the policy demands "
              "vmpl 0: POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VLEK);
  ov(&c, "vmpl", json_integer(2));
  vc_name(&c, "snp-policy-vmpl-0-required-2");
  vc_desc(&c, "Genoa v5 VLEK report at VMPL 0 while the policy demands vmpl "
              "2 (an exact match, not a maximum): POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 3, VCEK);
  c.f.vmpl = 3;
  vc_name(&c, "snp-policy-vmpl-3-matches-accept");
  vc_desc(&c, "Turin v3 report at VMPL 3 with policy vmpl 3: accept");
  EMIT(&c);

  /* ProductName */
  vc_init(g, &c, M, 3, VCEK);
  ov(&c, "snp.ProductName", json_string("Genoa"));
  vc_name(&c, "snp-policy-product-name-genoa-for-milan");
  vc_desc(&c, "Milan v3 report (CPUID 19h/01h) with ProductName Genoa: "
              "POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 2, VCEK);
  ov(&c, "snp.ProductName", json_string("Milan"));
  vc_name(&c, "snp-policy-product-name-v2-genoa-vcek-milan-policy");
  vc_desc(&c, "Genoa v2 report (no CPUID bytes; its VCEK is issued by "
              "SEV-Genoa, which gives the product) with ProductName Milan: "
              "POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VLEK);
  ov(&c, "snp.ProductName", json_string("Milan"));
  vc_name(&c, "snp-policy-product-name-milan-for-turin");
  vc_desc(&c, "Turin v5 VLEK report with ProductName Milan: POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 3, VCEK);
  ov(&c, "snp.ProductName", json_string("tURIN"));
  vc_name(&c, "snp-policy-product-name-case-insensitive-accept");
  vc_desc(&c, "Turin v3 report with ProductName \"tURIN\" (compared "
              "case-insensitively): accept");
  EMIT(&c);

  /* ABI (major, minor) compared as a pair; the report has ABI 1.55 */
  static const struct {
    int major, minor, accept;
    const char *name, *what;
  } abi[] = {
      {1, 56, 0, "snp-policy-guest-abi-minor-above",
       "reference ABI 1.56 above the report's 1.55"},
      {2, 0, 0, "snp-policy-guest-abi-major-above",
       "reference ABI 2.0 above the report's 1.55 (minor lower)"},
      {1, 55, 1, "snp-policy-guest-abi-equal-accept",
       "reference ABI 1.55 equal to the report's"},
      {0, 99, 1, "snp-policy-guest-abi-pair-below-accept",
       "reference ABI 0.99: the pair is below the report's 1.55 though the "
       "minor is higher"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(abi); i++) {
    vc_init(g, &c, i % 2 ? G : M, 3, VCEK);
    c.f.policy = 0x30000 | (1u << 8) | 55u;
    ov(&c, "snp.GuestPolicy.ABIMajor", json_integer(abi[i].major));
    ov(&c, "snp.GuestPolicy.ABIMinor", json_integer(abi[i].minor));
    vc_name(&c, "%s", abi[i].name);
    vc_desc(&c, "%s v3 report with guest POLICY ABI 1.55 and %s: %s",
            sim_snp_title(c.product), abi[i].what,
            abi[i].accept ? "accept" : "POLICY");
    if (abi[i].accept)
      set_accept(&c);
    else
      set_reject(&c, R);
    EMIT(&c);
  }

  /* AllowedChipIDs */
  vc_init(g, &c, M, 3, VCEK);
  {
    uint8_t other[64];
    chip_of(M, 1, other);
    json_t *ids = json_array();
    (void)json_array_append_new(ids, jhex(other, 64));
    ov(&c, "snp.AllowedChipIDs", ids);
  }
  vc_name(&c, "snp-policy-chip-id-not-allowed");
  vc_desc(&c, "Milan v3 report whose CHIP_ID is not in AllowedChipIDs (which "
              "lists another chip): POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, T, 5, VCEK);
  {
    uint8_t a[64], b[64];
    chip_of(T, 1, a);
    chip_of(T, 2, b);
    json_t *ids = json_array();
    (void)json_array_append_new(ids, jhex(a, 64));
    (void)json_array_append_new(ids, jhex(c.f.chip_id, 64));
    (void)json_array_append_new(ids, jhex(b, 64));
    ov(&c, "snp.AllowedChipIDs", ids);
  }
  vc_name(&c, "snp-policy-chip-id-among-three-accept");
  vc_desc(&c, "Turin v5 report whose CHIP_ID (8 bytes, then zeros) is the "
              "second of three AllowedChipIDs: accept");
  EMIT(&c);

  vc_init(g, &c, G, 3, VLEK);
  {
    uint8_t a[64];
    chip_of(G, 0, a);
    json_t *ids = json_array();
    (void)json_array_append_new(ids, jhex(a, 64));
    ov(&c, "snp.AllowedChipIDs", ids);
  }
  vc_name(&c, "snp-policy-chip-id-vlek-zero-not-allowed");
  vc_desc(&c, "Genoa v3 VLEK report (CHIP_ID all zero) with a non-empty "
              "AllowedChipIDs: POLICY");
  set_reject(&c, R);
  EMIT(&c);

  vc_init(g, &c, G, 5, VCEK);
  ov(&c, "snp.AllowedChipIDs", json_array());
  vc_name(&c, "snp-policy-chip-id-empty-list-accept");
  vc_desc(&c, "Genoa v5 report with AllowedChipIDs [] (empty: not checked): "
              "accept");
  EMIT(&c);

  /* MinimumMitigationVector */
  static const struct {
    snp_product p;
    uint32_t v;
    uint64_t launch, current, min;
    int accept;
    const char *name, *what;
  } mit[] = {
      {G, 5, 1, 3, 2, 0, "snp-policy-mitigation-launch-lacks-bit",
       "LAUNCH_MIT_VECTOR 0x1 lacking bit 1 of the minimum 0x2 "
       "(CURRENT_MIT_VECTOR 0x3 has it)"},
      {T, 5, 3, 1, 2, 0, "snp-policy-mitigation-current-lacks-bit",
       "CURRENT_MIT_VECTOR 0x1 lacking bit 1 of the minimum 0x2 "
       "(LAUNCH_MIT_VECTOR 0x3 has it)"},
      {M, 5, 7, 3, 3, 1, "snp-policy-mitigation-superset-accept",
       "mitigation vectors 0x7 and 0x3, both containing the minimum 0x3"},
      {M, 3, 0, 0, 1, 0, "snp-policy-mitigation-v3-report",
       "a version 3 report (no mitigation vectors) and MinimumMitigationVector "
       "1"},
      {G, 2, 0, 0, 4, 0, "snp-policy-mitigation-v2-report",
       "a version 2 report (no mitigation vectors) and MinimumMitigationVector "
       "4"},
      {T, 3, 0, 0, 0, 1, "snp-policy-mitigation-v3-zero-minimum-accept",
       "a version 3 report and MinimumMitigationVector 0"},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(mit); i++) {
    vc_init(g, &c, mit[i].p, mit[i].v, VCEK);
    if (mit[i].v >= 5) {
      c.f.launch_mit_vector = mit[i].launch;
      c.f.current_mit_vector = mit[i].current;
    }
    ov(&c, "snp.MinimumMitigationVector", json_integer((json_int_t)mit[i].min));
    vc_name(&c, "%s", mit[i].name);
    vc_desc(&c, "%s report with %s: %s", sim_snp_title(mit[i].p), mit[i].what,
            mit[i].accept ? "accept" : "POLICY");
    if (mit[i].accept)
      set_accept(&c);
    else
      set_reject(&c, R);
    EMIT(&c);
  }

  /* allow_debug with GuestPolicy forbidding debug */
  vc_init(g, &c, G, 3, VCEK);
  c.f.policy |= SNP_POLICY_DEBUG;
  ov(&c, "allow_debug", json_true());
  ov(&c, "snp.GuestPolicy.Debug", json_false());
  vc_name(&c, "snp-policy-debug-allowed-guest-policy-forbids");
  vc_desc(&c, "Genoa v3 report with POLICY.DEBUG set, allow_debug true but "
              "GuestPolicy.Debug false: POLICY");
  set_reject(&c, R);
  EMIT(&c);
  return 0;
}

/* ---- N-P. MEASUREMENT, HOST_DATA, REPORT_DATA ---- */

static int gen_data(gen *g, contrast_err *err) {
  static const struct {
    snp_product p;
    uint32_t v;
    snp_vek_kind k;
  } where[] = {{M, 3, VCEK}, {G, 5, VLEK}, {T, 3, VCEK}};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(where); i++) {
    AUTO_VCASE vcase c = {0};
    snp_product p = where[i].p;
    size_t byte = i == 0 ? 0 : i == 1 ? 47 : 20;

    vc_init(g, &c, p, where[i].v, where[i].k);
    ov_differs(&c, "snp.TrustedMeasurement", c.f.measurement, 48, byte, 0x01);
    vc_name(&c, "snp-measurement-%s-v%u-%s", pname(p), where[i].v,
            kname(where[i].k));
    vc_desc(&c,
            "%s v%u %s report whose MEASUREMENT differs from "
            "TrustedMeasurement in byte %zu: MEASUREMENT",
            sim_snp_title(p), where[i].v, KNAME(where[i].k), byte);
    set_reject(&c, "MEASUREMENT");
    EMIT(&c);

    vc_init(g, &c, p, where[i].v, where[i].k);
    ov_differs(&c, "host_data", c.f.host_data, 32, byte % 32, 0x80);
    vc_name(&c, "snp-host-data-%s-v%u-%s", pname(p), where[i].v,
            kname(where[i].k));
    vc_desc(&c,
            "%s v%u %s report whose HOST_DATA differs from the policy's "
            "host_data in byte %zu: HOST_DATA",
            sim_snp_title(p), where[i].v, KNAME(where[i].k), byte % 32);
    set_reject(&c, "HOST_DATA");
    EMIT(&c);

    vc_init(g, &c, p, where[i].v, where[i].k);
    ov_differs(&c, "report_data", c.f.report_data, 64, 63 - byte, 0x10);
    vc_name(&c, "snp-report-data-%s-v%u-%s", pname(p), where[i].v,
            kname(where[i].k));
    vc_desc(&c,
            "%s v%u %s report whose REPORT_DATA differs from the policy's "
            "report_data in byte %zu (a wrong nonce): REPORT_DATA",
            sim_snp_title(p), where[i].v, KNAME(where[i].k), 63 - byte);
    set_reject(&c, "REPORT_DATA");
    EMIT(&c);
  }
  /* HOST_DATA all zero (no policy hash) against a required hash */
  AUTO_VCASE vcase c = {0};
  vc_init(g, &c, M, 2, VLEK);
  memset(c.f.host_data, 0, 32);
  {
    uint8_t h[32];
    for (size_t i = 0; i < 32; i++)
      h[i] = (uint8_t)(0xC3 ^ i);
    ov(&c, "host_data", jhex(h, 32));
  }
  vc_name(&c, "snp-host-data-zero-milan-v2-vlek");
  vc_desc(&c, "Milan v2 VLEK report with HOST_DATA all zero (no runtime "
              "policy hash) while the policy requires one: HOST_DATA");
  set_reject(&c, "HOST_DATA");
  EMIT(&c);
  return 0;
}

/* ---- entry ---- */

static void gen_free(gen *g) {
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++)
    for (int k = 0; k < 2; k++)
      EVP_PKEY_free(g->vek_key[p][k]);
  EVP_PKEY_free(g->other_key);
  EVP_PKEY_free(g->p256_key);
  if (g->pki != NULL) {
    sim_snp_pki_wipe(g->pki);
    free(g->pki);
  }
  memset(g, 0, sizeof *g);
}

static int gen_keys(gen *g, const char *keysdir, contrast_err *err) {
  g->pki = calloc(1, sizeof *g->pki);
  ENSURE_ALLOC(g->pki);
  GUARD(sim_snp_pki_load(keysdir, g->pki, err));
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(PRODUCTS); i++)
    for (int k = 0; k < 2; k++)
      GUARD(sim_snp_key_p384(&g->vek_key[PRODUCTS[i]][k], err));
  GUARD(sim_snp_key_p384(&g->other_key, err));
  g->p256_key = EVP_EC_gen("P-256");
  ENSURE(g->p256_key != NULL, E_CRYPTO, "sim: P-256 key generation failed");
  return 0;
}

static int gen_all(gen *g, contrast_err *err) {
  GUARD(gen_accept(g, err));
  GUARD(gen_accept_variants(g, err));
  GUARD(gen_malformed(g, err));
  GUARD(gen_unsupported(g, err));
  GUARD(gen_signature(g, err));
  GUARD(gen_chain(g, err));
  GUARD(gen_validity(g, err));
  GUARD(gen_revoked(g, err));
  GUARD(gen_collateral(g, err));
  GUARD(gen_tcb_mismatch(g, err));
  GUARD(gen_tcb_too_low(g, err));
  GUARD(gen_debug(g, err));
  GUARD(gen_policy_flags(g, err));
  GUARD(gen_policy_misc(g, err));
  GUARD(gen_data(g, err));
  return 0;
}

int sim_snp_vectors(const char *keysdir, const char *outdir, size_t *count,
                    contrast_err *err) {
  gen g;
  memset(&g, 0, sizeof g);
  g.outdir = outdir;
  *count = 0;
  int rc = gen_keys(&g, keysdir, err);
  if (rc == 0)
    rc = gen_all(&g, err);
  *count = g.count;
  gen_free(&g);
  return rc;
}
