/* Simulated guests: signed SNP reports with the GHCB certificate table and
 * TDX quotes / TDREPORTs, on demand, from a keys directory (guest.h). */
#include "guest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"

/* spec/snp.md §4.2, RFC 4122 string byte order */
const uint8_t SIM_SNP_GUID_VCEK[16] = {0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64,
                                       0x45, 0x64, 0xad, 0xc5, 0xf4, 0xb9,
                                       0x3b, 0xe8, 0xac, 0xcd};
const uint8_t SIM_SNP_GUID_VLEK[16] = {0xa8, 0x07, 0x4b, 0xc2, 0xa2, 0x5a,
                                       0x48, 0x3e, 0xaa, 0xe6, 0x39, 0xc0,
                                       0x45, 0xa0, 0xb8, 0xa1};
const uint8_t SIM_SNP_GUID_ASK[16] = {0x4a, 0xb7, 0xb3, 0x79, 0xbb, 0xac,
                                      0x4f, 0xe4, 0xa0, 0x2f, 0x05, 0xae,
                                      0xf3, 0x27, 0xc7, 0x82};
const uint8_t SIM_SNP_GUID_ARK[16] = {0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03,
                                      0x49, 0x52, 0x97, 0x43, 0x3f, 0xb6,
                                      0x01, 0x4c, 0xd0, 0xae};

/* ---- option parsing ---- */

static int parse_num(const char *a, const char *s, uint64_t max, uint64_t *out,
                     contrast_err *err) {
  ENSURE(sim_parse_u64(s, max, out) == 0, E_USAGE, "bad number for %s", a);
  return 0;
}

static int other_kind(sim_guest_other_fn other, const char *a) {
  return other != NULL ? other(a) : 0;
}

/* Value of the option at argv[*i] (advancing *i). */
static int take_value(int argc, char *const *argv, int *i, const char **v,
                      contrast_err *err) {
  ENSURE(*i + 1 < argc, E_USAGE, "%s needs a value", argv[*i]);
  *v = argv[++*i];
  return 0;
}

static int snp_first_pass(sim_snp_guest_config *c, int argc, char *const *argv,
                          sim_guest_other_fn other, contrast_err *err) {
  uint32_t version = 5;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int k = other_kind(other, a);
    if (k != 0) {
      i += k == 2 ? 1 : 0;
      continue;
    }
    if (strcmp(a, "--product") == 0) {
      GUARD(take_value(argc, argv, &i, &v, err));
      ENSURE(snp_product_from_name(v, &c->product) == 0, E_USAGE,
             "--product: '%s' is not milan, genoa or turin", v);
    } else if (strcmp(a, "--signer") == 0) {
      GUARD(take_value(argc, argv, &i, &v, err));
      if (strcmp(v, "vcek") == 0)
        c->signer = SNP_VEK_VCEK;
      else if (strcmp(v, "vlek") == 0)
        c->signer = SNP_VEK_VLEK;
      else
        BAIL(E_USAGE, "--signer: '%s' is not vcek or vlek", v);
    } else if (strcmp(a, "--version") == 0) {
      uint64_t n = 0;
      GUARD(take_value(argc, argv, &i, &v, err));
      GUARD(parse_num(a, v, UINT32_MAX, &n, err));
      version = (uint32_t)n;
    }
  }
  sim_snp_tcb t = sim_snp_tcb_default(c->product);
  sim_snp_report_defaults(&c->f, c->product, version, c->signer, &t);
  return 0;
}

static int snp_option(sim_snp_guest_config *c, int argc, char *const *argv,
                      int *i, contrast_err *err) {
  const char *a = argv[*i], *v = NULL;
  uint64_t n = 0;
  if (strcmp(a, "--mask-chip-id") == 0) {
    c->mask_chip_id = 1;
    return 0;
  }
  if (strcmp(a, "--no-certs") == 0) {
    c->no_certs = 1;
    return 0;
  }
  ENSURE(strncmp(a, "--", 2) == 0, E_USAGE, "unexpected argument '%s'", a);
  GUARD(take_value(argc, argv, i, &v, err));
  if (strcmp(a, "--product") == 0 || strcmp(a, "--signer") == 0 ||
      strcmp(a, "--version") == 0)
    return 0; /* the first pass */
  if (strcmp(a, "--vmpl") == 0) {
    GUARD(parse_num(a, v, 3, &n, err));
    c->vmpl_floor = (uint32_t)n;
    return 0;
  }
  ENSURE(strcmp(a, "--report-data") != 0, E_USAGE,
         "--report-data is the request's (inblob / the ioctl), not the "
         "guest's");
  if (strcmp(a, "--chip-id") == 0) {
    ENSURE(sim_parse_hex_pad(v, c->chip_id, 64) == 0, E_USAGE,
           "bad hex value for %s", a);
    c->have_chip = 1;
    return 0;
  }
  if (strcmp(a, "--signer-info") == 0) {
    GUARD(parse_num(a, v, UINT32_MAX, &n, err));
    c->signer_info = (uint32_t)n;
    c->have_signer_info = 1;
    return 0;
  }
  if (strcmp(a, "--issued") == 0) {
    GUARD(contrast_time_parse_strict(v, &c->issued, CONTRAST_E_USAGE, err));
    c->have_issued = 1;
    return 0;
  }
  int used = 0;
  GUARD(sim_snp_field_option(a, v, c->product, &c->f, &used, err));
  ENSURE(used, E_USAGE, "unknown option %s", a);
  return 0;
}

int sim_snp_guest_config_parse(sim_snp_guest_config *c, int argc,
                               char *const *argv, sim_guest_other_fn other,
                               contrast_err *err) {
  memset(c, 0, sizeof *c);
  c->product = SNP_PRODUCT_MILAN;
  c->signer = SNP_VEK_VCEK;
  GUARD(snp_first_pass(c, argc, argv, other, err));
  for (int i = 0; i < argc; i++) {
    int k = other_kind(other, argv[i]);
    if (k != 0) {
      i += k == 2 ? 1 : 0;
      continue;
    }
    GUARD(snp_option(c, argc, argv, &i, err));
  }
  return 0;
}

/* ---- the SNP guest ---- */

struct sim_snp_guest {
  sim_snp_guest_config c;
  EVP_PKEY *vek;
  uint8_t *certs; /* the certificate buffer, NULL with no_certs */
  size_t certs_len;
};

const sim_snp_guest_config *sim_snp_guest_config_of(const sim_snp_guest *g) {
  return &g->c;
}

static void put_u32le(uint8_t *p, uint32_t v) {
  for (size_t i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

/* The table of spec/snp.md §4.2: n entries and the terminator, then the
 * blobs in entry order, zero-padded to whole pages. */
static int build_certs(sim_snp_guest *g, const uint8_t *const *blobs,
                       const size_t *lens, const uint8_t *const *guids,
                       size_t n, contrast_err *err) {
  size_t total = 24 * (n + 1);
  for (size_t k = 0; k < n; k++) {
    ENSURE(lens[k] <= UINT32_MAX - total, E_INTERNAL, "certificate too big");
    total += lens[k];
  }
  size_t padded = (total + 4095) / 4096 * 4096;
  uint8_t *buf = calloc(1, padded);
  ENSURE_ALLOC(buf);
  size_t off = 24 * (n + 1);
  for (size_t k = 0; k < n; k++) {
    memcpy(buf + 24 * k, guids[k], 16);
    put_u32le(buf + 24 * k + 16, (uint32_t)off);
    put_u32le(buf + 24 * k + 20, (uint32_t)lens[k]);
    memcpy(buf + off, blobs[k], lens[k]);
    off += lens[k];
  }
  g->certs = buf;
  g->certs_len = padded;
  return 0;
}

static int guest_load(sim_snp_guest *g, const char *dir, sim_snp_pki *pki,
                      contrast_err *err) {
  GUARD(sim_snp_pki_load(dir, pki, err));
  const sim_snp_product_pki *pp = &pki->p[g->c.product];
  if (!g->c.have_chip) {
    ENSURE(pp->n_chips > 0, E_UNUSABLE, "%s: no chips for %s", dir,
           snp_product_name(g->c.product));
    memcpy(g->c.chip_id, pp->chips[0], 64);
  }
  if (g->c.product == SNP_PRODUCT_TURIN)
    memset(g->c.chip_id + 8, 0, 56); /* Turin: an 8-byte hwID */
  if (g->c.signer == SNP_VEK_VCEK && !g->c.mask_chip_id)
    memcpy(g->c.f.chip_id, g->c.chip_id, 64);
  if (g->c.have_signer_info)
    g->c.f.signer_info = g->c.signer_info;
  AUTO_FREE uint8_t *der = NULL;
  size_t der_len = 0;
  /* A device serves evidence verified at the wall clock: a VLEK (1 year)
   * issued at the keys' fixed time would have expired, so unless --issued
   * says otherwise it is issued again (same key) 30 days before today, as
   * a host keeps its VLEK current. A VCEK (7 years) keeps its fixed time. */
  int64_t issued = SIM_T_VEK_ISSUED;
  int reissue = g->c.have_issued;
  if (g->c.have_issued) {
    issued = g->c.issued;
  } else if (g->c.signer == SNP_VEK_VLEK) {
    const int64_t day = 86400;
    issued = contrast_time_now() / day * day - 30 * day;
    reissue = 1;
  }
  GUARD(sim_snp_vek_get(pki, g->c.product, g->c.signer, g->c.chip_id,
                        g->c.f.reported_tcb, issued, reissue, &g->vek, &der,
                        &der_len, err));
  if (g->c.no_certs)
    return 0;
  const int vlek = g->c.signer == SNP_VEK_VLEK;
  const uint8_t *blobs[3] = {der, vlek ? pp->asvk_der : pp->ask_der,
                             pp->ark_der};
  const size_t lens[3] = {der_len, vlek ? pp->asvk_len : pp->ask_len,
                          pp->ark_len};
  const uint8_t *guids[3] = {vlek ? SIM_SNP_GUID_VLEK : SIM_SNP_GUID_VCEK,
                             SIM_SNP_GUID_ASK, SIM_SNP_GUID_ARK};
  ENSURE(blobs[1] != NULL && blobs[2] != NULL, E_UNUSABLE,
         "%s: no %s/ARK certificate for %s", dir, vlek ? "ASVK" : "ASK",
         snp_product_name(g->c.product));
  return build_certs(g, blobs, lens, guids, 3, err);
}

int sim_snp_guest_new(const char *dir, const sim_snp_guest_config *c,
                      sim_snp_guest **out, contrast_err *err) {
  *out = NULL;
  sim_snp_guest *g = calloc(1, sizeof *g);
  ENSURE_ALLOC(g);
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  if (pki == NULL) {
    free(g);
    BAIL(E_NOMEM, "out of memory");
  }
  g->c = *c;
  int rc = guest_load(g, dir, pki, err);
  sim_snp_pki_wipe(pki);
  free(pki);
  if (rc != 0) {
    sim_snp_guest_free(g);
    return -1;
  }
  *out = g;
  return 0;
}

void sim_snp_guest_free(sim_snp_guest *g) {
  if (g == NULL)
    return;
  EVP_PKEY_free(g->vek);
  free(g->certs);
  free(g);
}

int sim_snp_guest_report(const sim_snp_guest *g, const uint8_t report_data[64],
                         uint32_t vmpl, uint8_t out[SNP_REPORT_SIZE],
                         contrast_err *err) {
  sim_snp_report_fields f = g->c.f;
  memcpy(f.report_data, report_data, 64);
  f.vmpl = vmpl;
  sim_snp_report_encode(&f, out);
  return sim_snp_report_sign(out, g->vek, err);
}

const uint8_t *sim_snp_guest_certs(const sim_snp_guest *g, size_t *len) {
  *len = g->certs_len;
  return g->certs;
}

/* ---- TDX ---- */

int sim_tdx_guest_config_parse(sim_tdx_guest_config *c, int argc,
                               char *const *argv, sim_guest_other_fn other,
                               contrast_err *err) {
  memset(c, 0, sizeof *c);
  /* sim_tdx_quote_opts_init looks at argv[1..): give it a slot 0 */
  char **av = calloc((size_t)argc + 1, sizeof *av);
  ENSURE_ALLOC(av);
  static char word[] = "guest";
  av[0] = word;
  for (int i = 0; i < argc; i++)
    av[i + 1] = argv[i];
  int rc = sim_tdx_quote_opts_init(&c->o, argc + 1, av, err);
  free(av);
  GUARD(rc);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int k = other_kind(other, a);
    if (k != 0) {
      i += k == 2 ? 1 : 0;
      continue;
    }
    ENSURE(strcmp(a, "--report-data") != 0, E_USAGE,
           "--report-data is the request's (inblob / the ioctl), not the "
           "guest's");
    ENSURE(strcmp(a, "--keys") != 0 && strcmp(a, "-o") != 0 &&
               strcmp(a, "--out") != 0,
           E_USAGE, "%s is not a guest option", a);
    int used = 0;
    GUARD(sim_tdx_quote_option(argc, argv, &i, &c->o, &used, err));
    ENSURE(used, E_USAGE, "unknown option %s", a);
  }
  return sim_tdx_quote_opts_finish(&c->o, err);
}

struct sim_tdx_guest {
  sim_tdx_quote_opts o;
  sim_tdx_pki *pki;
  sim_buf pem; /* the PCK chain the quotes carry */
};

int sim_tdx_guest_new(const char *dir, const sim_tdx_guest_config *c,
                      sim_tdx_guest **out, contrast_err *err) {
  *out = NULL;
  sim_tdx_guest *g = calloc(1, sizeof *g);
  ENSURE_ALLOC(g);
  g->o = c->o;
  g->o.keys = NULL;
  g->o.out = NULL;
  int rc = sim_tdx_pki_load(dir, &g->pki, err);
  if (rc == 0) {
    sim_tdx_cert_spec ca = g->o.processor ? sim_tdx_processor_ca_spec()
                                          : sim_tdx_platform_ca_spec();
    sim_tdx_cert_spec chain[3] = {g->o.pck, ca, sim_tdx_root_spec()};
    rc = sim_tdx_pem_chain(g->pki, chain, 3, &g->pem, err);
  }
  if (rc != 0) {
    sim_tdx_guest_free(g);
    return -1;
  }
  g->o.q.qe_signer = g->o.pck.key;
  g->o.q.pck_chain = g->pem.p;
  g->o.q.pck_chain_len = g->pem.len;
  *out = g;
  return 0;
}

void sim_tdx_guest_free(sim_tdx_guest *g) {
  if (g == NULL)
    return;
  sim_buf_free(&g->pem);
  sim_tdx_pki_free(g->pki);
  free(g);
}

int sim_tdx_guest_quote(sim_tdx_guest *g, const uint8_t report_data[64],
                        uint8_t **quote, size_t *len, contrast_err *err) {
  *quote = NULL;
  *len = 0;
  sim_tdx_quote_spec q = g->o.q;
  memcpy(q.body + SIM_B_REPORT_DATA, report_data, 64);
  sim_buf b = {0};
  if (sim_tdx_quote_build(g->pki, &q, &b, err) != 0) {
    sim_buf_free(&b);
    return -1;
  }
  *quote = b.p;
  *len = b.len;
  return 0;
}

void sim_tdreport_mac_key(uint8_t key[32]) {
  static const char label[] = "contrast-sim TDREPORT MAC key";
  unsigned n = 32;
  if (EVP_Digest(label, sizeof label - 1, key, &n, EVP_sha256(), NULL) != 1)
    memset(key, 0, 32); /* not reached: SHA-256 of a constant */
}

static int sha384(const uint8_t *p, size_t n, uint8_t out[48],
                  contrast_err *err) {
  unsigned len = 48;
  ENSURE(EVP_Digest(p, n, out, &len, EVP_sha384(), NULL) == 1 && len == 48,
         E_CRYPTO, "SHA-384 failed");
  return 0;
}

int sim_tdx_guest_tdreport(const sim_tdx_guest *g,
                           const uint8_t report_data[64],
                           uint8_t out[SIM_TDREPORT_SIZE],
                           contrast_err *err) {
  const uint8_t *b = g->o.q.body;
  const int v15 = g->o.q.version == 5 && g->o.q.body_type == 3;
  memset(out, 0, SIM_TDREPORT_SIZE);
  /* TEE_TCB_INFO (tdx.md §3): valid, tee_tcb_svn, mr_seam, mr_signer_seam,
   * attributes (the SEAM's), tee_tcb_svn2 (1.5) */
  uint8_t *tcb = out + SIM_TDR_TEE_TCB_INFO;
  tcb[0] = 0xff; /* valid: simulated, the fields below (0x1ff) */
  tcb[1] = 0x01;
  memcpy(tcb + 8, b + SIM_B_TEE_TCB_SVN, 16);
  memcpy(tcb + 24, b + SIM_B_MR_SEAM, 48);
  memcpy(tcb + 72, b + SIM_B_MR_SIGNER_SEAM, 48);
  memcpy(tcb + 120, b + SIM_B_SEAM_ATTRIBUTES, 8);
  if (v15)
    memcpy(tcb + 128, b + SIM_B_TEE_TCB_SVN2, 16);
  /* TDINFO: attributes .. rtmr3 are the body's bytes 120..519 in the same
   * order; servtd_hash (1.5) */
  uint8_t *td = out + SIM_TDR_TDINFO;
  memcpy(td, b + SIM_B_TD_ATTRIBUTES, 400);
  if (v15)
    memcpy(td + 400, b + SIM_B_MR_SERVICETD, 48);
  /* REPORTMACSTRUCT */
  out[SIM_TDR_TYPE] = 0x81; /* TDX */
  out[SIM_TDR_TYPE + 1] = 0;
  out[SIM_TDR_TYPE + 2] = v15 ? 1 : 0;
  memcpy(out + SIM_TDR_CPUSVN, g->o.q.qe_report + SIM_QE_CPU_SVN, 16);
  GUARD(sha384(tcb, SIM_TDR_TEE_TCB_INFO_SIZE, out + SIM_TDR_TEE_TCB_INFO_HASH,
               err));
  GUARD(sha384(td, SIM_TDR_TDINFO_SIZE, out + SIM_TDR_TEE_INFO_HASH, err));
  memcpy(out + SIM_TDR_REPORT_DATA, report_data, 64);
  uint8_t key[32];
  sim_tdreport_mac_key(key);
  size_t mac_len = 0;
  ENSURE(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, sizeof key, out,
                   SIM_TDR_MAC, out + SIM_TDR_MAC, 32, &mac_len) != NULL &&
             mac_len == 32,
         E_CRYPTO, "HMAC-SHA-256 failed");
  return 0;
}
