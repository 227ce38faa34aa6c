/* One verify call for every TEE: picks the backend and the roots, and turns
 * the backend's outcome into a verdict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contrast/evidence.h"
#include "contrast/util.h"
#include "guard.h"

void contrast_verdict_wipe(contrast_verdict *v) {
  if (v == NULL)
    return;
  json_decref(v->claims);
  json_decref(v->advisory_ids);
  memset(v, 0, sizeof *v);
}

/* The backend's outcome (rc, verr) as a verdict: 0 when out now carries the
 * reason and detail (accept or reject), -1 when verr is an operational
 * failure (copied to err), which is not a verdict. */
static int outcome(int rc, const contrast_err *verr, contrast_verdict *out,
                   contrast_err *err) {
  if (rc != 0 && !contrast_code_is_reason(verr->code))
    return contrast_err_set(err, verr->code, "%s", verr->detail);
  out->reason = rc == 0 ? CONTRAST_OK : verr->code;
  (void)snprintf(out->detail, sizeof out->detail, "%s",
                 rc == 0 ? "all checks passed" : verr->detail);
  return 0;
}

int contrast_verify_snp(const snp_trust *trust, const uint8_t *report,
                        size_t report_len, const snp_endorsements *e,
                        const json_t *policy, int64_t now, snp_cache *cache,
                        contrast_verdict *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  snp_policy pol;
  GUARD(snp_policy_from_json(policy, &pol, err));
  snp_verified *v = malloc(sizeof *v);
  if (v == NULL) {
    snp_policy_wipe(&pol);
    BAIL(E_NOMEM, "out of memory");
  }
  snp_verify_opts opts = {.now = now, .require_crl = pol.base.require_crl,
                          .cache = cache};
  contrast_err verr;
  contrast_err_clear(&verr);
  int rc = snp_verify(trust, report, report_len, e, &opts, v, &verr);
  if (rc == 0)
    rc = snp_appraise(v, &pol, &verr);
  int result = outcome(rc, &verr, out, err);
  if (result == 0) {
    out->claims = v->report.version != 0
                      ? snp_report_to_json(&v->report, v->product)
                      : json_object();
    if (out->claims == NULL) {
      result = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
      contrast_verdict_wipe(out);
    }
  }
  free(v);
  snp_policy_wipe(&pol);
  return result;
}

static json_t *tdx_claims(const tdx_verified *v) {
  if (!v->has_quote)
    return json_object();
  json_t *o = tdx_quote_to_json(&v->quote);
  if (o != NULL && v->has_pck) {
    json_t *p = tdx_pck_ext_to_json(&v->pck);
    if (p == NULL || json_object_set_new(o, "pck", p) != 0) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}

int contrast_verify_tdx(const tdx_trust *trust, const uint8_t *quote,
                        size_t quote_len, const tdx_collateral *c,
                        const json_t *policy, int64_t now,
                        contrast_verdict *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  tdx_policy pol;
  GUARD(tdx_policy_from_json(policy, &pol, err));
  tdx_verified *v = malloc(sizeof *v);
  if (v == NULL) {
    tdx_policy_wipe(&pol);
    BAIL(E_NOMEM, "out of memory");
  }
  tdx_verify_opts opts = {.now = now, .require_crl = pol.base.require_crl};
  contrast_err verr;
  contrast_err_clear(&verr);
  int rc = tdx_verify(trust, quote, quote_len, c, &opts, v, &verr);
  if (rc == 0)
    rc = tdx_appraise(v, &pol, &verr);
  int result = outcome(rc, &verr, out, err);
  if (result == 0) {
    out->tcb_status = v->has_status ? tdx_status_name(v->status) : NULL;
    out->claims = tdx_claims(v);
    out->advisory_ids = json_array();
    for (size_t i = 0; v->has_status && out->advisory_ids != NULL &&
                       i < v->n_advisories;
         i++)
      if (json_array_append_new(out->advisory_ids,
                                json_string(v->advisories[i])) != 0) {
        json_decref(out->advisory_ids);
        out->advisory_ids = NULL;
      }
    if (out->claims == NULL || out->advisory_ids == NULL) {
      result = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
      contrast_verdict_wipe(out);
    }
  }
  free(v);
  tdx_policy_wipe(&pol);
  return result;
}

int contrast_collateral_load_dir(const char *dir, tdx_collateral *c,
                                 uint8_t *bufs[7], contrast_err *err) {
  static const char *const names[7] = {
      "tcb_info.json",    "tcb_info_issuer_chain.pem",
      "qe_identity.json", "qe_identity_issuer_chain.pem",
      "pck_crl.der",      "pck_crl_issuer_chain.pem",
      "root_ca_crl.der"};
  size_t lens[7] = {0};
  memset(c, 0, sizeof *c);
  for (size_t i = 0; i < 7; i++) {
    bufs[i] = NULL;
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    ENSURE(n > 0 && (size_t)n < sizeof path, E_IO, "path too long");
    if (access(path, F_OK) != 0)
      continue;
    GUARD(contrast_file_read(path, CONTRAST_FILE_MAX, &bufs[i], &lens[i],
                             err));
  }
  c->tcb_info = bufs[0];
  c->tcb_info_len = lens[0];
  c->tcb_info_issuer_chain = bufs[1];
  c->tcb_info_issuer_chain_len = lens[1];
  c->qe_identity = bufs[2];
  c->qe_identity_len = lens[2];
  c->qe_identity_issuer_chain = bufs[3];
  c->qe_identity_issuer_chain_len = lens[3];
  c->pck_crl = bufs[4];
  c->pck_crl_len = lens[4];
  c->pck_crl_issuer_chain = bufs[5];
  c->pck_crl_issuer_chain_len = lens[5];
  c->root_ca_crl = bufs[6];
  c->root_ca_crl_len = lens[6];
  return 0;
}

static int verify_case_tdx(const contrast_case *c,
                           const contrast_verify_ctx *ctx,
                           contrast_verdict *out, contrast_err *err) {
  contrast_trust empty;
  contrast_trust_init_empty(&empty, "none");
  const tdx_trust *t = &empty.tdx;
  if (c->trust == CONTRAST_TRUST_INTEL)
    t = &ctx->builtin->tdx;
  else if (c->trust == CONTRAST_TRUST_SIM && ctx->sim != NULL)
    t = &ctx->sim->tdx;
  else if (c->trust == CONTRAST_TRUST_SIM)
    empty.tdx.label = "sim (not trusted without --trust-sim)";
  else
    empty.tdx.label = "amd (no Intel root)";
  tdx_collateral col = contrast_case_collateral(c);
  return contrast_verify_tdx(t, c->evidence, c->evidence_len, &col, c->policy,
                             c->now, out, err);
}

snp_endorsements contrast_case_endorsements(const contrast_case *c) {
  snp_endorsements e = {
      .vek = c->vek,
      .vek_len = c->vek_len,
      .vek_kind = c->vek_kind,
      .cert_chain = c->cert_chain,
      .cert_chain_len = c->cert_chain_len,
      .crl = c->crl,
      .crl_len = c->crl_len,
  };
  return e;
}

tdx_collateral contrast_case_collateral(const contrast_case *c) {
  tdx_collateral col = {
      .tcb_info = c->tcb_info,
      .tcb_info_len = c->tcb_info_len,
      .tcb_info_issuer_chain = c->tcb_info_issuer_chain,
      .tcb_info_issuer_chain_len = c->tcb_info_issuer_chain_len,
      .qe_identity = c->qe_identity,
      .qe_identity_len = c->qe_identity_len,
      .qe_identity_issuer_chain = c->qe_identity_issuer_chain,
      .qe_identity_issuer_chain_len = c->qe_identity_issuer_chain_len,
      .pck_crl = c->pck_crl,
      .pck_crl_len = c->pck_crl_len,
      .pck_crl_issuer_chain = c->pck_crl_issuer_chain,
      .pck_crl_issuer_chain_len = c->pck_crl_issuer_chain_len,
      .root_ca_crl = c->root_ca_crl,
      .root_ca_crl_len = c->root_ca_crl_len,
  };
  return col;
}

int contrast_verify_case(const contrast_case *c, const contrast_verify_ctx *ctx,
                         contrast_verdict *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (c->tee == CONTRAST_TEE_TDX)
    return verify_case_tdx(c, ctx, out, err);
  /* CASES.md "Roots": amd -> the real AMD roots; sim -> the simulator's
   * roots only if the user passed them; anything else has nothing pinned
   * for SNP, so every chain fails (CHAIN). */
  contrast_trust empty;
  contrast_trust_init_empty(&empty, "none");
  const contrast_trust *t = &empty;
  if (c->trust == CONTRAST_TRUST_AMD)
    t = ctx->builtin;
  else if (c->trust == CONTRAST_TRUST_SIM && ctx->sim != NULL)
    t = ctx->sim;
  else if (c->trust == CONTRAST_TRUST_SIM)
    contrast_trust_init_empty(&empty, "sim (not trusted without --trust-sim)");
  else
    contrast_trust_init_empty(&empty, "intel (no AMD roots)");
  snp_endorsements e = contrast_case_endorsements(c);
  return contrast_verify_snp(&t->snp, c->evidence, c->evidence_len, &e,
                             c->policy, c->now, ctx->snp_cache, out, err);
}

json_t *contrast_verdict_to_json(const contrast_verdict *v) {
  json_t *o = json_object();
  if (o == NULL)
    return NULL;
  int accept = v->reason == CONTRAST_OK;
  int rc = json_object_set_new(o, "verdict",
                               json_string(accept ? "accept" : "reject"));
  rc |= json_object_set_new(
      o, "reason", accept ? json_null() : json_string(contrast_code_name(v->reason)));
  rc |= json_object_set_new(o, "tcb_status", v->tcb_status != NULL
                                                 ? json_string(v->tcb_status)
                                                 : json_null());
  rc |= json_object_set_new(o, "advisory_ids",
                            v->advisory_ids != NULL ? json_incref(v->advisory_ids)
                                                    : json_array());
  rc |= json_object_set_new(o, "claims", v->claims != NULL
                                             ? json_incref(v->claims)
                                             : json_object());
  /* The detail may quote certificate text: keep the JSON plain ASCII. */
  char detail[sizeof v->detail];
  size_t i = 0;
  for (; i + 1 < sizeof detail && v->detail[i] != '\0'; i++) {
    unsigned char ch = (unsigned char)v->detail[i];
    detail[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
  }
  detail[i] = '\0';
  rc |= json_object_set_new(o, "detail", json_string(detail));
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}
