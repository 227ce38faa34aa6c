/* contrast-sim kds: the AMD Key Distribution Service of a keys directory,
 * with the real KDS URL layout (spec/snp.md §2.5, §2.6):
 *   /vcek/v1/{Milan|Genoa|Turin}/{hwid}?blSPL=&teeSPL=&snpSPL=&ucodeSPL=
 *        [&fmcSPL= (Turin)]              the VCEK, DER
 *   /vcek/v1/{P}/cert_chain              ASK then ARK, PEM
 *   /vlek/v1/{P}/cert_chain              ASVK then ARK, PEM
 *   /vcek/v1/{P}/crl, /vlek/v1/{P}/crl   ARK-signed CRL, DER
 *   /vlek/v1/{P}/cert?...                403 (CSP-authenticated)
 * The VCEK is the one the simulated devices sign with: sim_snp_vek_get
 * issues it on first request and stores it in the keys directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "httpd.h"
#include "sim.h"
#include "snp_pki.h"

#define DAY INT64_C(86400)

typedef struct kds_crl {
  uint8_t *der;
  size_t len;
  int64_t next_update;
} kds_crl;

struct sim_kds {
  sim_snp_pki pki;
  int64_t t0, lifetime;
  int stale;
  uint8_t *chain[SNP_PRODUCT_COUNT_][2]; /* [p][0] VCEK, [p][1] VLEK */
  size_t chain_len[SNP_PRODUCT_COUNT_][2];
  kds_crl crl[SNP_PRODUCT_COUNT_];
};

void sim_kds_free(sim_kds *k) {
  if (k == NULL)
    return;
  for (int p = 0; p < SNP_PRODUCT_COUNT_; p++) {
    free(k->chain[p][0]);
    free(k->chain[p][1]);
    free(k->crl[p].der);
  }
  sim_snp_pki_wipe(&k->pki);
  free(k);
}

static int load_chains(sim_kds *k, const char *keys, contrast_err *err) {
  static const char *const names[2] = {"cert_chain.pem",
                                       "vlek_cert_chain.pem"};
  char path[4096];
  for (int p = SNP_PRODUCT_MILAN; p < SNP_PRODUCT_COUNT_; p++) {
    for (int v = 0; v < 2; v++) {
      int n = snprintf(path, sizeof path, "%s/amd/%s/%s", keys,
                       snp_product_dir((snp_product)p), names[v]);
      ENSURE(n > 0 && (size_t)n < sizeof path, E_IO, "%s: path too long",
             keys);
      GUARD(contrast_file_read(path, 1 << 20, &k->chain[p][v],
                               &k->chain_len[p][v], err));
    }
  }
  return 0;
}

int sim_kds_new(const char *keys, int64_t t0, int64_t crl_lifetime,
                int stale, sim_kds **out, contrast_err *err) {
  *out = NULL;
  sim_kds *k = calloc(1, sizeof *k);
  ENSURE_ALLOC(k);
  k->t0 = t0;
  k->lifetime = crl_lifetime;
  k->stale = stale;
  if (sim_snp_pki_load(keys, &k->pki, err) != 0) {
    free(k);
    return -1;
  }
  if (load_chains(k, keys, err) != 0) {
    sim_kds_free(k);
    return -1;
  }
  *out = k;
  return 0;
}

/* ---- the VCEK query ---- */

static int spl_of(const sim_query *q, const char *key, uint8_t *out,
                  contrast_err *err) {
  const char *v = sim_query_get(q, key);
  ENSURE(v != NULL, E_USAGE, "query: %s is missing", key);
  size_t len = strlen(v);
  unsigned n = 0;
  ENSURE(len > 0 && len <= 3, E_USAGE, "query: %s=%s is not 0..255", key, v);
  for (size_t i = 0; i < len; i++) {
    ENSURE(v[i] >= '0' && v[i] <= '9', E_USAGE, "query: %s=%s is not 0..255",
           key, v);
    n = n * 10 + (unsigned)(v[i] - '0');
  }
  ENSURE(n <= 255, E_USAGE, "query: %s=%s is not 0..255", key, v);
  *out = (uint8_t)n;
  return 0;
}

int sim_kds_vcek_tcb(snp_product p, const char *query, sim_snp_tcb *out,
                     contrast_err *err) {
  static const char *const milan[] = {"blSPL", "teeSPL", "snpSPL", "ucodeSPL",
                                      NULL};
  static const char *const turin[] = {"blSPL",    "teeSPL", "snpSPL",
                                      "ucodeSPL", "fmcSPL", NULL};
  sim_query q;
  GUARD(sim_query_parse(query, &q, err));
  int is_turin = p == SNP_PRODUCT_TURIN;
  GUARD(sim_query_only(&q, is_turin ? turin : milan, err));
  sim_snp_tcb t = sim_snp_tcb_default(p);
  GUARD(spl_of(&q, "blSPL", &t.bl, err));
  GUARD(spl_of(&q, "teeSPL", &t.tee, err));
  GUARD(spl_of(&q, "snpSPL", &t.snp, err));
  GUARD(spl_of(&q, "ucodeSPL", &t.ucode, err));
  if (is_turin)
    GUARD(spl_of(&q, "fmcSPL", &t.fmc, err));
  *out = t;
  return 0;
}

/* ---- handlers ---- */

static int crl_get(sim_kds *k, snp_product p, int64_t now, kds_crl **out,
                   contrast_err *err) {
  kds_crl *c = &k->crl[p];
  *out = c;
  if (c->der != NULL && (k->stale || now < c->next_update))
    return 0;
  sim_snp_crl_spec s;
  memset(&s, 0, sizeof s);
  s.signer = k->pki.p[p].ark;
  s.sig_alg = SIM_SNP_SIG_PSS_SHA384;
  (void)snprintf(s.issuer_cn, sizeof s.issuer_cn, "ARK-%s", sim_snp_title(p));
  s.with_extensions = 1;
  if (k->stale) {
    s.this_update = now - 8 * DAY;
    s.next_update = now - DAY;
  } else {
    /* made "at startup"; a CRL that expired is made again from now */
    int64_t base = k->t0 + k->lifetime > now ? k->t0 : now;
    s.this_update = base - 3600;
    s.next_update = base + k->lifetime;
  }
  uint8_t *der = NULL;
  size_t len = 0;
  GUARD(sim_snp_crl_build(&s, &der, &len, err));
  free(c->der);
  c->der = der;
  c->len = len;
  c->next_update = s.next_update;
  return 0;
}

static int vcek(sim_kds *k, snp_product p, const char *hwid,
                const char *query, sim_http_resp *r, contrast_err *err) {
  contrast_err qerr;
  contrast_err_clear(&qerr);
  sim_snp_tcb t;
  if (sim_kds_vcek_tcb(p, query, &t, &qerr) != 0)
    return sim_http_resp_text(r, 400, qerr.detail);
  size_t n = p == SNP_PRODUCT_TURIN ? 8 : 64;
  uint8_t id[64];
  contrast_err_clear(&qerr);
  if (strlen(hwid) != 2 * n ||
      contrast_hex_decode(hwid, id, n, "hwid", CONTRAST_E_USAGE, &qerr) != 0)
    return sim_http_resp_text(r, 404, "unknown hwid");
  const sim_snp_product_pki *pp = &k->pki.p[p];
  const uint8_t *chip = NULL;
  for (size_t i = 0; i < pp->n_chips && chip == NULL; i++)
    if (memcmp(pp->chips[i], id, n) == 0)
      chip = pp->chips[i];
  if (chip == NULL)
    return sim_http_resp_text(r, 404, "unknown hwid");
  AUTO_PKEY EVP_PKEY *key = NULL;
  AUTO_FREE uint8_t *der = NULL;
  size_t len = 0;
  GUARD(sim_snp_vek_get(&k->pki, p, SNP_VEK_VCEK, chip,
                        sim_snp_tcb_raw(p, &t), SIM_T_VEK_ISSUED, 0, &key,
                        &der, &len, err));
  r->content_type = "application/pkix-cert";
  sim_buf_put(&r->body, der, len);
  return 0;
}

int sim_kds_handle(void *ctx, const char *path, const char *query,
                   int64_t now, sim_http_resp *r, contrast_err *err) {
  sim_kds *k = ctx;
  /* /{vcek|vlek}/v1/{product}/{leaf}: four segments, nothing after */
  char seg[4][160];
  size_t n = 0;
  const char *s = path;
  while (*s == '/' && n < 4) {
    const char *e = strchr(s + 1, '/');
    size_t len = e != NULL ? (size_t)(e - s - 1) : strlen(s + 1);
    if (len == 0 || len >= sizeof seg[0])
      return sim_http_resp_text(r, 404, "not found");
    memcpy(seg[n], s + 1, len);
    seg[n][len] = '\0';
    n++;
    s += len + 1;
  }
  if (n != 4 || *s != '\0' || strcmp(seg[1], "v1") != 0)
    return sim_http_resp_text(r, 404, "not found");
  int vlek = strcmp(seg[0], "vlek") == 0;
  if (!vlek && strcmp(seg[0], "vcek") != 0)
    return sim_http_resp_text(r, 404, "not found");
  snp_product p = SNP_PRODUCT_UNKNOWN;
  for (int i = SNP_PRODUCT_MILAN; i < SNP_PRODUCT_COUNT_; i++)
    if (strcmp(seg[2], sim_snp_title((snp_product)i)) == 0)
      p = (snp_product)i;
  if (p == SNP_PRODUCT_UNKNOWN)
    return sim_http_resp_text(r, 404, "unknown product");
  const char *leaf = seg[3];
  if (strcmp(leaf, "cert_chain") == 0) {
    r->content_type = "application/x-pem-file";
    sim_buf_put(&r->body, k->chain[p][vlek], k->chain_len[p][vlek]);
    return 0;
  }
  if (strcmp(leaf, "crl") == 0) {
    kds_crl *c = NULL;
    GUARD(crl_get(k, p, now, &c, err));
    r->content_type = "application/pkix-crl";
    sim_buf_put(&r->body, c->der, c->len);
    return 0;
  }
  if (vlek)
    return strcmp(leaf, "cert") == 0
               ? sim_http_resp_text(r, 403, "VLEKs are for CSPs only")
               : sim_http_resp_text(r, 404, "not found");
  return vcek(k, p, leaf, query, r, err);
}

/* ---- contrast-sim kds ---- */

static const char KDS_USAGE[] =
    "usage: contrast-sim kds --keys DIR --listen ADDR [options]\n"
    "  the AMD KDS of a keys directory (VCEKs issued on demand and stored\n"
    "  there, cert_chain, CRLs), with the real KDS URL layout\n"
    "\n"
    "  --keys DIR               a keys directory (contrast-sim keys init)\n"
    "  --crl-lifetime SECONDS   nextUpdate of the CRLs after startup\n"
    "                           (default 604800); expired CRLs are re-signed\n"
    "  --stale-crl              CRLs valid from now-8d to now-1d\n";

static int kds_make(const sim_server_opts *o, int64_t t0, void **ctx,
                    contrast_err *err) {
  sim_kds *k = NULL;
  GUARD(sim_kds_new(o->keys, t0, o->lifetime, o->stale, &k, err));
  *ctx = k;
  return 0;
}

static void kds_free(void *ctx) { sim_kds_free(ctx); }

int sim_cmd_kds(int argc, char **argv) {
  static const sim_server_cmd cmd = {
      .name = "kds",
      .usage = KDS_USAGE,
      .lifetime_option = "--crl-lifetime",
      .lifetime_default = 7 * DAY,
      .make = kds_make,
      .handle = sim_kds_handle,
      .free_ctx = kds_free,
  };
  return sim_server_cmd_run(&cmd, argc, argv);
}
