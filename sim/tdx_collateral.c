/* PCS collateral of the simulated Intel side: TCB info v3 and TD QE
 * identity v2 (spec/tdx.md §5.2, §5.3), compact JSON in Intel's key order
 * (checked against the real bodies in ../shared/real/tdx), signed with
 * ECDSA P-256 over exactly the bytes of the "tcbInfo" / "enclaveIdentity"
 * value as served. */
#include <stdio.h>
#include <string.h>

#include "contrast/util.h"
#include "guard.h"
#include "tdx_pki.h"

static void copy_str(char *dst, size_t cap, const char *src) {
  (void)snprintf(dst, cap, "%s", src);
}

static void put_time(sim_buf *b, const char *key, int64_t t) {
  char s[32];
  contrast_time_format(t, s);
  sim_buf_printf(b, "\"%s\":\"%s\"", key, s);
}

static void put_hex(sim_buf *b, const char *key, const uint8_t *v, size_t n,
                    int lower) {
  char h[2 * 64 + 1];
  if (n > 64) {
    b->failed = 1;
    return;
  }
  sim_hex(v, n, lower, h);
  sim_buf_printf(b, "\"%s\":\"%s\"", key, h);
}

static void put_level_tail(sim_buf *b, int64_t date, const char *status,
                           size_t n_adv, const char (*adv)[24]) {
  sim_buf_printf(b, ",");
  put_time(b, "tcbDate", date != 0 ? date : SIM_TDX_T_TCB_DATE);
  sim_buf_printf(b, ",\"tcbStatus\":\"%s\"", status);
  if (n_adv > 0) {
    sim_buf_printf(b, ",\"advisoryIDs\":[");
    for (size_t i = 0; i < n_adv && i < SIM_TDX_MAX_ADV; i++)
      sim_buf_printf(b, "%s\"%s\"", i ? "," : "", adv[i]);
    sim_buf_printf(b, "]");
  }
}

static void put_isv_levels(sim_buf *b, const sim_tdx_isv_level *l, size_t n) {
  sim_buf_printf(b, "\"tcbLevels\":[");
  for (size_t i = 0; i < n && i < SIM_TDX_MAX_LEVELS; i++) {
    sim_buf_printf(b, "%s{\"tcb\":{\"isvsvn\":%u}", i ? "," : "",
                   (unsigned)l[i].isvsvn);
    put_level_tail(b, l[i].tcb_date, l[i].status, l[i].n_adv, l[i].adv);
    sim_buf_printf(b, "}");
  }
  sim_buf_printf(b, "]");
}

/* Component categories and types as in real TCB info bodies (tdx.md §5.2) */
static void put_components(sim_buf *b, const char *key, const uint8_t v[16],
                           int tdx) {
  static const char *const sgx_names[16][2] = {
      {"BIOS", "Early Microcode Update"},
      {"OS/VMM", "SGX Late Microcode Update"},
      {"OS/VMM", "TXT SINIT"},
      {"BIOS", NULL},
      {"BIOS", NULL},
      {"BIOS", NULL},
      {NULL, NULL},
      {"OS/VMM", "SEAMLDR ACM"}};
  static const char *const tdx_names[16][2] = {
      {"OS/VMM", "TDX Module"},
      {"OS/VMM", "TDX Module"},
      {"OS/VMM", "TDX Late Microcode Update"}};
  const char *const(*names)[2] = tdx ? tdx_names : sgx_names;
  sim_buf_printf(b, "\"%s\":[", key);
  for (size_t i = 0; i < 16; i++) {
    sim_buf_printf(b, "%s{\"svn\":%u", i ? "," : "", (unsigned)v[i]);
    if (names[i][0] != NULL)
      sim_buf_printf(b, ",\"category\":\"%s\"", names[i][0]);
    if (names[i][1] != NULL)
      sim_buf_printf(b, ",\"type\":\"%s\"", names[i][1]);
    sim_buf_printf(b, "}");
  }
  sim_buf_printf(b, "]");
}

sim_tdx_isv_level sim_tdx_isv_level_make(uint16_t isvsvn, const char *status) {
  sim_tdx_isv_level l;
  memset(&l, 0, sizeof l);
  l.isvsvn = isvsvn;
  copy_str(l.status, sizeof l.status, status);
  return l;
}

sim_tdx_tcb_info sim_tdx_tcb_info_default(void) {
  sim_tdx_tcb_info t;
  memset(&t, 0, sizeof t);
  copy_str(t.id, sizeof t.id, "TDX");
  t.version = 3;
  t.issue_date = SIM_TDX_T_ISSUE;
  t.next_update = SIM_TDX_T_NEXT;
  sim_tdx_sgx_ext x = sim_tdx_sgx_ext_default();
  memcpy(t.fmspc, x.fmspc, 6);
  memcpy(t.pceid, x.pceid, 2);
  t.tcb_type = 0;
  t.eval_number = 17;
  memset(t.mod_mask, 0xff, 8);
  t.has_identities = 1;
  t.n_ids = 2;
  sim_tdx_module_id *m = &t.ids[0];
  copy_str(m->id, sizeof m->id, "TDX_03");
  memset(m->mask, 0xff, 8);
  m->n_levels = 1;
  m->levels[0] = sim_tdx_isv_level_make(3, "UpToDate");
  m = &t.ids[1];
  copy_str(m->id, sizeof m->id, "TDX_01");
  memset(m->mask, 0xff, 8);
  m->n_levels = 2;
  m->levels[0] = sim_tdx_isv_level_make(4, "UpToDate");
  m->levels[1] = sim_tdx_isv_level_make(2, "OutOfDate");
  m->levels[1].tcb_date = 1691539200; /* 2023-08-09 */
  m->levels[1].n_adv = 1;
  copy_str(m->levels[1].adv[0], 24, "INTEL-SA-00837");
  t.n_levels = 2;
  sim_tdx_tcb_level *l = &t.levels[0];
  memcpy(l->sgx, x.comp, 16);
  l->pcesvn = x.pcesvn;
  l->tdx[0] = 5;
  l->tdx[2] = 2;
  copy_str(l->status, sizeof l->status, "UpToDate");
  l = &t.levels[1];
  static const uint8_t sgx1[8] = {2, 2, 2, 2, 3, 1, 0, 3};
  memcpy(l->sgx, sgx1, 8);
  l->pcesvn = 11;
  l->tdx[0] = 3;
  l->tdx[2] = 2;
  l->tcb_date = 1691539200; /* 2023-08-09 */
  copy_str(l->status, sizeof l->status, "OutOfDate");
  l->n_adv = 2;
  copy_str(l->adv[0], 24, "INTEL-SA-00960");
  copy_str(l->adv[1], 24, "INTEL-SA-00982");
  t.signer = SIM_TDX_KEY_TCB;
  return t;
}

void sim_tdx_tcb_info_object(const sim_tdx_tcb_info *t, sim_buf *b) {
  sim_buf_printf(b, "{\"id\":\"%s\",\"version\":%u,", t->id, t->version);
  put_time(b, "issueDate", t->issue_date);
  sim_buf_printf(b, ",");
  put_time(b, "nextUpdate", t->next_update);
  sim_buf_printf(b, ",");
  put_hex(b, "fmspc", t->fmspc, 6, t->fmspc_lower);
  sim_buf_printf(b, ",");
  put_hex(b, "pceId", t->pceid, 2, 0);
  sim_buf_printf(b, ",\"tcbType\":%u,\"tcbEvaluationDataNumber\":%u,",
                 t->tcb_type, t->eval_number);
  sim_buf_printf(b, "\"tdxModule\":{");
  put_hex(b, "mrsigner", t->mod_mrsigner, 48, 0);
  sim_buf_printf(b, ",");
  put_hex(b, "attributes", t->mod_attributes, 8, 0);
  sim_buf_printf(b, ",");
  put_hex(b, "attributesMask", t->mod_mask, 8, 0);
  sim_buf_printf(b, "},");
  if (t->has_identities) {
    sim_buf_printf(b, "\"tdxModuleIdentities\":[");
    for (size_t i = 0; i < t->n_ids && i < SIM_TDX_MAX_IDS; i++) {
      const sim_tdx_module_id *m = &t->ids[i];
      sim_buf_printf(b, "%s{\"id\":\"%s\",", i ? "," : "", m->id);
      put_hex(b, "mrsigner", m->mrsigner, 48, 0);
      sim_buf_printf(b, ",");
      put_hex(b, "attributes", m->attributes, 8, 0);
      sim_buf_printf(b, ",");
      put_hex(b, "attributesMask", m->mask, 8, 0);
      sim_buf_printf(b, ",");
      put_isv_levels(b, m->levels, m->n_levels);
      sim_buf_printf(b, "}");
    }
    sim_buf_printf(b, "],");
  }
  sim_buf_printf(b, "\"tcbLevels\":[");
  for (size_t i = 0; i < t->n_levels && i < SIM_TDX_MAX_LEVELS; i++) {
    const sim_tdx_tcb_level *l = &t->levels[i];
    sim_buf_printf(b, "%s{\"tcb\":{", i ? "," : "");
    put_components(b, "sgxtcbcomponents", l->sgx, 0);
    sim_buf_printf(b, ",\"pcesvn\":%u,", (unsigned)l->pcesvn);
    put_components(b, "tdxtcbcomponents", l->tdx, 1);
    sim_buf_printf(b, "}");
    put_level_tail(b, l->tcb_date, l->status, l->n_adv, l->adv);
    sim_buf_printf(b, "}");
  }
  sim_buf_printf(b, "]}");
}

int sim_tdx_signed_body(sim_tdx_pki *pki, const char *member,
                        const uint8_t *obj, size_t obj_len, sim_tdx_key key,
                        int corrupt, sim_buf *out, contrast_err *err) {
  uint8_t sig[64];
  GUARD(sim_tdx_sign_raw(pki, key, obj, obj_len, sig, err));
  if (corrupt)
    sig[63] ^= 0x01;
  char hex[129];
  contrast_hex_encode(sig, 64, hex);
  sim_buf_printf(out, "{\"%s\":", member);
  sim_buf_put(out, obj, obj_len);
  sim_buf_printf(out, ",\"signature\":\"%s\"}", hex);
  return sim_buf_check(out, err);
}

int sim_tdx_tcb_info_json(sim_tdx_pki *pki, const sim_tdx_tcb_info *t,
                          sim_buf *out, contrast_err *err) {
  sim_buf obj = {0};
  sim_tdx_tcb_info_object(t, &obj);
  int rc = sim_buf_check(&obj, err);
  if (rc == 0)
    rc = sim_tdx_signed_body(pki, "tcbInfo", obj.p, obj.len, t->signer,
                             t->corrupt_signature, out, err);
  sim_buf_free(&obj);
  return rc;
}

sim_tdx_qe_identity sim_tdx_qe_identity_default(void) {
  sim_tdx_qe_identity q;
  memset(&q, 0, sizeof q);
  copy_str(q.id, sizeof q.id, "TD_QE");
  q.version = 2;
  q.issue_date = SIM_TDX_T_ISSUE;
  q.next_update = SIM_TDX_T_NEXT;
  q.eval_number = 17;
  memset(q.miscselect_mask, 0xff, 4);
  q.attributes[0] = 0x11;
  memset(q.attributes_mask, 0xff, 8);
  q.attributes_mask[0] = 0xfb;
  static const uint8_t mrsigner[32] = {
      0xDC, 0x9E, 0x2A, 0x7C, 0x6F, 0x94, 0x8F, 0x17, 0x47, 0x4E, 0x34,
      0xA7, 0xFC, 0x43, 0xED, 0x03, 0x0F, 0x7C, 0x15, 0x63, 0xF1, 0xBA,
      0xBD, 0xDF, 0x63, 0x40, 0xC8, 0x2E, 0x0E, 0x54, 0xA8, 0xC5};
  memcpy(q.mrsigner, mrsigner, 32);
  q.isvprodid = 2;
  q.n_levels = 1;
  q.levels[0] = sim_tdx_isv_level_make(4, "UpToDate");
  q.signer = SIM_TDX_KEY_TCB;
  return q;
}

void sim_tdx_qe_identity_object(const sim_tdx_qe_identity *q, sim_buf *b) {
  sim_buf_printf(b, "{\"id\":\"%s\",\"version\":%u,", q->id, q->version);
  put_time(b, "issueDate", q->issue_date);
  sim_buf_printf(b, ",");
  put_time(b, "nextUpdate", q->next_update);
  sim_buf_printf(b, ",\"tcbEvaluationDataNumber\":%u,", q->eval_number);
  put_hex(b, "miscselect", q->miscselect, 4, 0);
  sim_buf_printf(b, ",");
  put_hex(b, "miscselectMask", q->miscselect_mask, 4, 0);
  sim_buf_printf(b, ",");
  put_hex(b, "attributes", q->attributes, 16, 0);
  sim_buf_printf(b, ",");
  put_hex(b, "attributesMask", q->attributes_mask, 16, 0);
  sim_buf_printf(b, ",");
  put_hex(b, "mrsigner", q->mrsigner, 32, 0);
  sim_buf_printf(b, ",\"isvprodid\":%u,", q->isvprodid);
  put_isv_levels(b, q->levels, q->n_levels);
  sim_buf_printf(b, "}");
}

int sim_tdx_qe_identity_json(sim_tdx_pki *pki, const sim_tdx_qe_identity *q,
                             sim_buf *out, contrast_err *err) {
  sim_buf obj = {0};
  sim_tdx_qe_identity_object(q, &obj);
  int rc = sim_buf_check(&obj, err);
  if (rc == 0)
    rc = sim_tdx_signed_body(pki, "enclaveIdentity", obj.p, obj.len,
                             q->signer, q->corrupt_signature, out, err);
  sim_buf_free(&obj);
  return rc;
}
