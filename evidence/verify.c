/* One verify call for every TEE: picks the backend and the roots, and turns
 * the backend's outcome into a verdict. */
#include <stdio.h>
#include <string.h>

#include "contrast/evidence.h"
#include "guard.h"

void contrast_verdict_wipe(contrast_verdict *v) {
  if (v == NULL)
    return;
  json_decref(v->claims);
  memset(v, 0, sizeof *v);
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
  int result = 0;
  if (rc != 0 && !contrast_code_is_reason(verr.code)) {
    /* operational failure: not a verdict */
    (void)contrast_err_set(err, verr.code, "%s", verr.detail);
    result = -1;
  } else {
    out->reason = rc == 0 ? CONTRAST_OK : verr.code;
    (void)snprintf(out->detail, sizeof out->detail, "%s",
                   rc == 0 ? "all checks passed" : verr.detail);
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

int contrast_verify_case(const contrast_case *c, const contrast_verify_ctx *ctx,
                         contrast_verdict *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  ENSURE(c->tee == CONTRAST_TEE_SNP, E_UNUSABLE,
         "case %s: TDX verification is not available in this build", c->name);
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
  snp_endorsements e = {
      .vek = c->vek,
      .vek_len = c->vek_len,
      .vek_kind = c->vek_kind,
      .cert_chain = c->cert_chain,
      .cert_chain_len = c->cert_chain_len,
      .crl = c->crl,
      .crl_len = c->crl_len,
  };
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
  rc |= json_object_set_new(o, "advisory_ids", json_array());
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
