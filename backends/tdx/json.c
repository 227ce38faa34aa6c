/* JSON view of a parsed quote (snake_case names of tdx.md). */
#include <stdio.h>

#include "contrast/tdx.h"
#include "contrast/util.h"

static int hex(json_t *o, const char *k, const uint8_t *b, size_t n) {
  char *s = contrast_hex_dup(b, n);
  if (s == NULL)
    return -1;
  int rc = json_object_set_new(o, k, json_string(s));
  free(s);
  return rc;
}

static int num(json_t *o, const char *k, uint64_t v) {
  return json_object_set_new(o, k, json_integer((json_int_t)v));
}

json_t *tdx_quote_to_json(const tdx_quote *q) {
  json_t *o = json_object(), *qe = json_object();
  if (o == NULL || qe == NULL) {
    json_decref(o);
    json_decref(qe);
    return NULL;
  }
  const tdx_body *b = &q->body;
  int rc = 0;
  rc |= num(o, "version", q->version);
  rc |= num(o, "att_key_type", q->att_key_type);
  rc |= num(o, "tee_type", q->tee_type);
  rc |= hex(o, "qe_vendor_id", q->qe_vendor_id, 16);
  rc |= hex(o, "user_data", q->user_data, 20);
  rc |= num(o, "body_type", b->type);
  rc |= num(o, "body_size", q->body_size);
  rc |= hex(o, "tee_tcb_svn", b->tee_tcb_svn, 16);
  rc |= hex(o, "mr_seam", b->mr_seam, 48);
  rc |= hex(o, "mr_signer_seam", b->mr_signer_seam, 48);
  rc |= hex(o, "seam_attributes", b->seam_attributes, 8);
  rc |= hex(o, "td_attributes", b->td_attributes, 8);
  rc |= json_object_set_new(o, "td_attributes_debug",
                            json_boolean((b->td_attributes[0] & 1) != 0));
  rc |= hex(o, "xfam", b->xfam, 8);
  rc |= hex(o, "mr_td", b->mr_td, 48);
  rc |= hex(o, "mr_config_id", b->mr_config_id, 48);
  rc |= hex(o, "host_data", b->mr_config_id, 32);
  rc |= hex(o, "mr_owner", b->mr_owner, 48);
  rc |= hex(o, "mr_owner_config", b->mr_owner_config, 48);
  static const char *const rt[4] = {"rtmr0", "rtmr1", "rtmr2", "rtmr3"};
  for (int i = 0; i < 4; i++)
    rc |= hex(o, rt[i], b->rtmr[i], 48);
  rc |= hex(o, "report_data", b->report_data, 64);
  if (b->type == 3) {
    rc |= hex(o, "tee_tcb_svn2", b->tee_tcb_svn2, 16);
    rc |= hex(o, "mr_servicetd", b->mr_servicetd, 48);
  }
  rc |= hex(o, "signature", q->signature, 64);
  rc |= hex(o, "attestation_key", q->attest_key, 64);
  rc |= num(o, "certification_data_type", q->cert_type);
  const tdx_qe_report *r = &q->qe_report;
  rc |= hex(qe, "cpu_svn", r->cpu_svn, 16);
  rc |= num(qe, "misc_select", r->misc_select);
  rc |= hex(qe, "attributes", r->attributes, 16);
  rc |= hex(qe, "mr_enclave", r->mr_enclave, 32);
  rc |= hex(qe, "mr_signer", r->mr_signer, 32);
  rc |= num(qe, "isv_prod_id", r->isv_prod_id);
  rc |= num(qe, "isv_svn", r->isv_svn);
  rc |= hex(qe, "report_data", r->report_data, 64);
  rc |= hex(qe, "signature", q->qe_report_signature, 64);
  rc |= json_object_set_new(o, "qe_report", qe);
  rc |= hex(o, "qe_auth_data", q->qe_auth_data, q->qe_auth_len);
  rc |= num(o, "inner_certification_data_type", q->inner_cert_type);
  rc |= num(o, "pck_chain_size", q->pck_chain_len);
  rc |= num(o, "trailing_bytes", q->trailing);
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *tdx_pck_ext_to_json(const tdx_pck_ext *x) {
  json_t *o = json_object();
  if (o == NULL)
    return NULL;
  int rc = 0;
  rc |= hex(o, "ppid", x->ppid, 16);
  rc |= hex(o, "tcb_components", x->tcb_comp, 16);
  rc |= num(o, "pcesvn", x->pcesvn);
  rc |= hex(o, "cpusvn", x->cpusvn, 16);
  rc |= hex(o, "pce_id", x->pceid, 2);
  rc |= hex(o, "fmspc", x->fmspc, 6);
  static const char *const types[3] = {"Standard", "Scalable",
                                       "ScalableWithIntegrity"};
  rc |= json_object_set_new(o, "sgx_type", json_string(types[x->sgx_type % 3]));
  if (x->has_piid)
    rc |= hex(o, "platform_instance_id", x->piid, 16);
  if (x->has_config) {
    json_t *c = json_object();
    if (c != NULL) {
      if (x->has_dynamic_platform)
        rc |= json_object_set_new(c, "dynamic_platform",
                                  json_boolean(x->dynamic_platform));
      if (x->has_cached_keys)
        rc |= json_object_set_new(c, "cached_keys",
                                  json_boolean(x->cached_keys));
      if (x->has_smt_enabled)
        rc |= json_object_set_new(c, "smt_enabled",
                                  json_boolean(x->smt_enabled));
    }
    rc |= json_object_set_new(o, "configuration", c);
  }
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}
