/* contrast-sim pcs: the Intel PCS v4 (TDX) of a keys directory, with the
 * real URL layout and issuer-chain headers (spec/tdx.md §5.1):
 *   /tdx/certification/v4/tcb?fmspc=HEX[&update=early|standard]
 *        TCB info JSON, TCB-Info-Issuer-Chain [TCB Signing, root]
 *   /tdx/certification/v4/qe/identity[?update=...]
 *        TD QE identity JSON, SGX-Enclave-Identity-Issuer-Chain
 *   /sgx/certification/v4/pckcrl?ca=platform|processor[&encoding=der]
 *        PCK CRL DER, SGX-PCK-CRL-Issuer-Chain [PCK CA, root]
 *   /sgx/certification/v4/rootcacrl   root CA CRL as hex (as PCCS serves it)
 *   /IntelSGXRootCA.der               root CA CRL, DER (the root's CDP)
 * Collateral and CRLs are the default ones of tdx_pki.h with fresh times;
 * each is signed once and again only when it has expired. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/util.h"
#include "guard.h"
#include "httpd.h"
#include "sim.h"
#include "tdx_pki.h"

#define DAY INT64_C(86400)

enum { ITEM_TCB = 0, ITEM_QE, ITEM_ROOT_CRL, ITEM_PLATFORM_CRL,
       ITEM_PROCESSOR_CRL, ITEM_COUNT_ };

typedef struct pcs_item {
  sim_buf body; /* len 0: not made yet */
  int64_t next_update;
} pcs_item;

struct sim_pcs {
  sim_tdx_pki *pki;
  int64_t t0, lifetime;
  int stale;
  uint8_t fmspc[6];
  sim_buf tcb_chain;     /* percent-encoded [TCB Signing, root] */
  sim_buf pck_chain[2];  /* [Platform CA, root], [Processor CA, root] */
  pcs_item item[ITEM_COUNT_];
};

void sim_pcs_free(sim_pcs *p) {
  if (p == NULL)
    return;
  sim_tdx_pki_free(p->pki);
  sim_buf_free(&p->tcb_chain);
  sim_buf_free(&p->pck_chain[0]);
  sim_buf_free(&p->pck_chain[1]);
  for (int i = 0; i < ITEM_COUNT_; i++)
    sim_buf_free(&p->item[i].body);
  free(p);
}

static int chain_pct(sim_tdx_pki *pki, const sim_tdx_cert_spec *a,
                     sim_buf *out, contrast_err *err) {
  sim_tdx_cert_spec c[2] = {*a, sim_tdx_root_spec()};
  sim_buf pem = {0};
  int rc = sim_tdx_pem_chain(pki, c, 2, &pem, err);
  if (rc == 0)
    rc = sim_buf_check(&pem, err);
  if (rc == 0) {
    sim_pct_encode(pem.p, pem.len, out);
    rc = sim_buf_check(out, err);
  }
  sim_buf_free(&pem);
  return rc;
}

int sim_pcs_new(const char *keys, int64_t t0, int64_t lifetime, int stale,
                sim_pcs **out, contrast_err *err) {
  *out = NULL;
  sim_pcs *p = calloc(1, sizeof *p);
  ENSURE_ALLOC(p);
  p->t0 = t0;
  p->lifetime = lifetime;
  p->stale = stale;
  sim_tdx_tcb_info t = sim_tdx_tcb_info_default();
  memcpy(p->fmspc, t.fmspc, sizeof p->fmspc);
  sim_tdx_cert_spec signer = sim_tdx_signer_spec();
  sim_tdx_cert_spec platform = sim_tdx_platform_ca_spec();
  sim_tdx_cert_spec processor = sim_tdx_processor_ca_spec();
  if (sim_tdx_pki_load(keys, &p->pki, err) != 0 ||
      chain_pct(p->pki, &signer, &p->tcb_chain, err) != 0 ||
      chain_pct(p->pki, &platform, &p->pck_chain[0], err) != 0 ||
      chain_pct(p->pki, &processor, &p->pck_chain[1], err) != 0) {
    sim_pcs_free(p);
    return -1;
  }
  *out = p;
  return 0;
}

/* ---- the items, made on first use and again when expired ---- */

static int item_make(sim_pcs *p, int which, int64_t now, sim_buf *out,
                     int64_t *next, contrast_err *err) {
  int64_t base = p->t0 + p->lifetime > now ? p->t0 : now;
  int64_t tu = base - 3600, nu = base + p->lifetime;
  if (which == ITEM_TCB) {
    sim_tdx_tcb_info t = sim_tdx_tcb_info_default();
    t.issue_date = tu;
    t.next_update = nu;
    *next = nu;
    return sim_tdx_tcb_info_json(p->pki, &t, out, err);
  }
  if (which == ITEM_QE) {
    sim_tdx_qe_identity q = sim_tdx_qe_identity_default();
    q.issue_date = tu;
    q.next_update = nu;
    *next = nu;
    return sim_tdx_qe_identity_json(p->pki, &q, out, err);
  }
  sim_tdx_crl_spec c = which == ITEM_ROOT_CRL       ? sim_tdx_root_crl_spec()
                       : which == ITEM_PLATFORM_CRL ? sim_tdx_pck_crl_spec()
                                                    : sim_tdx_processor_crl_spec();
  if (p->stale) {
    tu = now - 8 * DAY;
    nu = now - DAY;
  }
  c.this_update = tu;
  c.next_update = nu;
  *next = nu;
  const uint8_t *der = NULL;
  size_t len = 0;
  GUARD(sim_tdx_crl_der(p->pki, &c, &der, &len, err));
  sim_buf_put(out, der, len);
  return sim_buf_check(out, err);
}

static int item_get(sim_pcs *p, int which, int64_t now, const sim_buf **out,
                    contrast_err *err) {
  pcs_item *it = &p->item[which];
  *out = &it->body;
  int stale_crl = p->stale && which >= ITEM_ROOT_CRL;
  if (it->body.len > 0 && (stale_crl || now < it->next_update))
    return 0;
  sim_buf fresh = {0};
  int64_t next = 0;
  if (item_make(p, which, now, &fresh, &next, err) != 0) {
    sim_buf_free(&fresh);
    return -1;
  }
  sim_buf_free(&it->body);
  it->body = fresh;
  it->next_update = next;
  return 0;
}

static void set_chain(sim_http_resp *r, const char *name, const sim_buf *v) {
  (void)snprintf(r->header_name, sizeof r->header_name, "%s", name);
  sim_buf_put(&r->header_value, v->p, v->len);
}

static int bad_request(sim_http_resp *r, const contrast_err *qerr) {
  return sim_http_resp_text(r, 400, qerr->detail);
}

static int check_update(const sim_query *q, contrast_err *err) {
  const char *u = sim_query_get(q, "update");
  ENSURE(u == NULL || strcmp(u, "early") == 0 || strcmp(u, "standard") == 0,
         E_USAGE, "query: update is early or standard");
  return 0;
}

int sim_pcs_handle(void *ctx, const char *path, const char *query,
                   int64_t now, sim_http_resp *r, contrast_err *err) {
  sim_pcs *p = ctx;
  sim_query q;
  contrast_err qerr;
  contrast_err_clear(&qerr);
  if (sim_query_parse(query, &q, &qerr) != 0)
    return bad_request(r, &qerr);
  const sim_buf *b = NULL;
  if (strcmp(path, "/tdx/certification/v4/tcb") == 0) {
    static const char *const allowed[] = {"fmspc", "update", NULL};
    const char *f = sim_query_get(&q, "fmspc");
    if (sim_query_only(&q, allowed, &qerr) != 0 ||
        check_update(&q, &qerr) != 0)
      return bad_request(r, &qerr);
    uint8_t fmspc[6];
    if (f == NULL || strlen(f) != 12 ||
        contrast_hex_decode(f, fmspc, 6, "fmspc", CONTRAST_E_USAGE, &qerr) != 0)
      return sim_http_resp_text(r, 400, "fmspc: 12 hex digits");
    if (memcmp(fmspc, p->fmspc, 6) != 0)
      return sim_http_resp_text(r, 404, "no TCB info for this FMSPC");
    GUARD(item_get(p, ITEM_TCB, now, &b, err));
    r->content_type = "application/json";
    set_chain(r, "TCB-Info-Issuer-Chain", &p->tcb_chain);
  } else if (strcmp(path, "/tdx/certification/v4/qe/identity") == 0) {
    static const char *const allowed[] = {"update", NULL};
    if (sim_query_only(&q, allowed, &qerr) != 0 ||
        check_update(&q, &qerr) != 0)
      return bad_request(r, &qerr);
    GUARD(item_get(p, ITEM_QE, now, &b, err));
    r->content_type = "application/json";
    set_chain(r, "SGX-Enclave-Identity-Issuer-Chain", &p->tcb_chain);
  } else if (strcmp(path, "/sgx/certification/v4/pckcrl") == 0) {
    static const char *const allowed[] = {"ca", "encoding", NULL};
    if (sim_query_only(&q, allowed, &qerr) != 0)
      return bad_request(r, &qerr);
    const char *ca = sim_query_get(&q, "ca");
    const char *enc = sim_query_get(&q, "encoding");
    if (enc != NULL && strcmp(enc, "der") != 0)
      return sim_http_resp_text(r, 400, "encoding: der");
    if (ca == NULL ||
        (strcmp(ca, "platform") != 0 && strcmp(ca, "processor") != 0))
      return sim_http_resp_text(r, 400, "ca: platform or processor");
    int proc = strcmp(ca, "processor") == 0;
    GUARD(item_get(p, proc ? ITEM_PROCESSOR_CRL : ITEM_PLATFORM_CRL, now, &b,
                   err));
    r->content_type = "application/pkix-crl";
    set_chain(r, "SGX-PCK-CRL-Issuer-Chain", &p->pck_chain[proc]);
  } else if (strcmp(path, "/sgx/certification/v4/rootcacrl") == 0 ||
             strcmp(path, "/IntelSGXRootCA.der") == 0) {
    if (q.n != 0)
      return sim_http_resp_text(r, 400, "no parameters");
    GUARD(item_get(p, ITEM_ROOT_CRL, now, &b, err));
    if (path[1] == 'I') {
      r->content_type = "application/pkix-crl";
    } else {
      /* PCCS serves the root CA CRL as hex of the DER */
      char *hex = contrast_hex_dup(b->p, b->len);
      ENSURE_ALLOC(hex);
      r->content_type = "text/plain";
      sim_buf_put(&r->body, hex, strlen(hex));
      free(hex);
      return 0;
    }
  } else {
    return sim_http_resp_text(r, 404, "not found");
  }
  sim_buf_put(&r->body, b->p, b->len);
  return 0;
}

/* ---- contrast-sim pcs ---- */

static const char PCS_USAGE[] =
    "usage: contrast-sim pcs --keys DIR --listen ADDR [options]\n"
    "  the Intel PCS v4 (TDX collateral, PCK and root CA CRLs) of a keys\n"
    "  directory, with the real URL layout and issuer-chain headers\n"
    "\n"
    "  --keys DIR                     a keys directory (keys init)\n"
    "  --collateral-lifetime SECONDS  nextUpdate of collateral and CRLs\n"
    "                                 after startup (default 2592000);\n"
    "                                 expired items are re-signed\n"
    "  --stale-crl                    CRLs valid from now-8d to now-1d\n";

static int pcs_make(const sim_server_opts *o, int64_t t0, void **ctx,
                    contrast_err *err) {
  sim_pcs *p = NULL;
  GUARD(sim_pcs_new(o->keys, t0, o->lifetime, o->stale, &p, err));
  *ctx = p;
  return 0;
}

static void pcs_free(void *ctx) { sim_pcs_free(ctx); }

int sim_cmd_pcs(int argc, char **argv) {
  static const sim_server_cmd cmd = {
      .name = "pcs",
      .usage = PCS_USAGE,
      .lifetime_option = "--collateral-lifetime",
      .lifetime_default = 30 * DAY,
      .make = pcs_make,
      .handle = sim_pcs_handle,
      .free_ctx = pcs_free,
  };
  return sim_server_cmd_run(&cmd, argc, argv);
}
