/* TCB level matching and status combination: spec/tdx.md §7 (QVL's rules
 * where implementations differ, as the spec recommends). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "contrast/tdx.h"
#include "guard.h"

#define S(x) TDX_STATUS_##x

static int is_config(tdx_status s) {
  return s == S(CONFIGURATION_NEEDED) ||
         s == S(CONFIGURATION_AND_SW_HARDENING_NEEDED) ||
         s == S(OUT_OF_DATE_CONFIGURATION_NEEDED) ||
         s == S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED);
}

/* s with an out-of-date module or QE folded in (QVL's rule for both). */
static tdx_status with_out_of_date(tdx_status s) {
  if (s == S(UP_TO_DATE) || s == S(SW_HARDENING_NEEDED))
    return S(OUT_OF_DATE);
  if (s == S(CONFIGURATION_NEEDED) ||
      s == S(CONFIGURATION_AND_SW_HARDENING_NEEDED))
    return S(OUT_OF_DATE_CONFIGURATION_NEEDED);
  return s;
}

tdx_status tdx_converge_module(tdx_status platform, tdx_status module) {
  if (module == S(REVOKED))
    return S(REVOKED);
  if (module == S(OUT_OF_DATE))
    return with_out_of_date(platform);
  return platform;
}

tdx_status tdx_merge_qe(tdx_status tcb, tdx_qe_status qe) {
  switch (qe) {
  case TDX_QE_OUT_OF_DATE:
    return with_out_of_date(tcb);
  case TDX_QE_REVOKED:
    return S(REVOKED);
  case TDX_QE_NOT_SUPPORTED:
    return S(NOT_SUPPORTED);
  case TDX_QE_OK:
    return tcb;
  }
  return tcb;
}

/* QE identity levels are walked in the order served and the first with
 * isvsvn <= the QE's is taken (tdx.md §6.G.7; QVL's EnclaveIdentityV2
 * keeps them as served, unlike module identity levels). */
tdx_qe_status tdx_qe_status_of(const tdx_qe_identity *qi, uint16_t isvsvn,
                               size_t *level) {
  size_t best = (size_t)-1;
  for (size_t i = 0; i < qi->n_levels && best == (size_t)-1; i++)
    if (qi->levels[i].isvsvn <= isvsvn)
      best = i;
  *level = best;
  if (best == (size_t)-1)
    return TDX_QE_NOT_SUPPORTED;
  if (qi->levels[best].status == S(REVOKED))
    return TDX_QE_REVOKED;
  if (qi->levels[best].status != S(UP_TO_DATE))
    return TDX_QE_OUT_OF_DATE;
  return TDX_QE_OK;
}

const tdx_module_identity *tdx_find_module_identity(const tdx_tcb_info *ti,
                                                    uint8_t major) {
  char id[16];
  (void)snprintf(id, sizeof id, "TDX_%02X", major);
  for (size_t i = 0; i < ti->n_identities; i++)
    if (strcasecmp(ti->identities[i].id, id) == 0)
      return &ti->identities[i];
  return NULL;
}

/* The module identity level for a module SVN: the highest isvsvn <= svn. */
static const tdx_isv_level *module_level(const tdx_module_identity *m,
                                         uint8_t svn) {
  const tdx_isv_level *best = NULL;
  for (size_t i = 0; i < m->n_levels; i++)
    if (m->levels[i].isvsvn <= svn &&
        (best == NULL || m->levels[i].isvsvn > best->isvsvn))
      best = &m->levels[i];
  return best;
}

static const tdx_isv_level *module_latest(const tdx_module_identity *m) {
  const tdx_isv_level *best = NULL;
  for (size_t i = 0; i < m->n_levels; i++)
    if (best == NULL || m->levels[i].isvsvn > best->isvsvn)
      best = &m->levels[i];
  return best;
}

/* QVL orders TCB levels descending: SGX components lexicographically, then
 * PCESVN, then the TDX components. cmp > 0 when a is higher. */
static int level_cmp(const tdx_tcb_level *a, const tdx_tcb_level *b) {
  int c = memcmp(a->sgx, b->sgx, 16);
  if (c != 0)
    return c;
  if (a->pcesvn != b->pcesvn)
    return a->pcesvn > b->pcesvn ? 1 : -1;
  return memcmp(a->tdx, b->tdx, 16);
}

static void add_advisories(tdx_verified *out, const tdx_advisories *a) {
  for (size_t i = 0; i < a->n; i++) {
    int dup = 0;
    for (size_t j = 0; j < out->n_advisories && !dup; j++)
      dup = strcmp(out->advisories[j], a->ids[i]) == 0;
    if (dup || out->n_advisories == TDX_MAX_VERDICT_ADVISORIES)
      continue;
    (void)snprintf(out->advisories[out->n_advisories++],
                   sizeof out->advisories[0], "%s", a->ids[i]);
  }
}

int tdx_tcb_status(const tdx_quote *q, const tdx_pck_ext *pck,
                   const tdx_tcb_info *ti, const tdx_qe_identity *qi,
                   tdx_verified *out, contrast_err *err) {
  const uint8_t *svn = q->body.tee_tcb_svn;
  out->n_advisories = 0;
  /* Walk the levels in QVL's descending order without reordering the
   * served array: repeatedly pick the highest level not yet visited. */
  size_t n = ti->n_levels;
  const tdx_tcb_level *sgx_level = NULL, *tdx_level = NULL, *latest = NULL;
  const tdx_tcb_level *prev = NULL;
  size_t start = svn[1] > 0 ? 2 : 0;
  for (size_t visited = 0; visited < n && tdx_level == NULL; visited++) {
    const tdx_tcb_level *next = NULL;
    for (size_t i = 0; i < n; i++) {
      const tdx_tcb_level *l = &ti->levels[i];
      if (prev != NULL && level_cmp(l, prev) >= 0)
        continue;
      if (next == NULL || level_cmp(l, next) > 0)
        next = l;
    }
    if (next == NULL)
      break;
    prev = next;
    if (latest == NULL)
      latest = next;
    if (sgx_level == NULL) {
      int ok = pck->pcesvn >= next->pcesvn;
      for (int i = 0; i < 16 && ok; i++)
        ok = pck->tcb_comp[i] >= next->sgx[i];
      if (ok)
        sgx_level = next;
    }
    if (sgx_level != NULL) {
      int ok = 1;
      for (size_t i = start; i < 16 && ok; i++)
        ok = svn[i] >= next->tdx[i];
      if (ok)
        tdx_level = next;
    }
  }
  /* has_status is set only with a computed status: a COLLATERAL failure
   * below (a missing module identity) leaves the status not computed */
  if (sgx_level == NULL || tdx_level == NULL) {
    out->has_status = 1;
    out->status = S(NOT_SUPPORTED);
    return 0;
  }
  tdx_status platform = tdx_level->status;
  add_advisories(out, &tdx_level->advisories);

  /* §7.2 module identity status */
  tdx_status module = S(UP_TO_DATE);
  int has_module = 0;
  if (svn[1] > 0) {
    const tdx_module_identity *m = tdx_find_module_identity(ti, svn[1]);
    ENSURE(m != NULL, COLLATERAL,
           "TCB info has no TDX module identity TDX_%02X for the quote's "
           "module",
           svn[1]);
    const tdx_isv_level *ml = module_level(m, svn[0]);
    if (ml == NULL) {
      out->has_status = 1;
      out->status = S(NOT_SUPPORTED);
      return 0;
    }
    module = ml->status;
    has_module = 1;
    add_advisories(out, &ml->advisories);
  }
  tdx_status status = tdx_converge_module(platform, module);

  /* QE identity outcome */
  size_t qlevel;
  tdx_qe_status qe = tdx_qe_status_of(qi, q->qe_report.isv_svn, &qlevel);
  if (qlevel != (size_t)-1)
    add_advisories(out, &qi->levels[qlevel].advisories);

  /* §7.6 TD relaunch advice (v5, body type 3) */
  tdx_status sgx_status = sgx_level->status;
  if (q->version == 5 && q->body.type == 3 && has_module &&
      module == S(OUT_OF_DATE) &&
      (qe == TDX_QE_OK) &&
      (sgx_status == S(UP_TO_DATE) || sgx_status == S(SW_HARDENING_NEEDED) ||
       sgx_status == S(CONFIGURATION_NEEDED) ||
       sgx_status == S(CONFIGURATION_AND_SW_HARDENING_NEEDED)) &&
      (status == S(OUT_OF_DATE) ||
       status == S(OUT_OF_DATE_CONFIGURATION_NEEDED))) {
    const uint8_t *svn2 = q->body.tee_tcb_svn2;
    int relaunch = 0;
    if (svn2[1] == 0) {
      relaunch = svn2[0] >= latest->tdx[0] && svn2[2] >= latest->tdx[2];
    } else {
      const tdx_module_identity *m2 = tdx_find_module_identity(ti, svn2[1]);
      ENSURE(m2 != NULL, COLLATERAL,
             "TCB info has no TDX module identity TDX_%02X for "
             "TEE_TCB_SVN_2",
             svn2[1]);
      const tdx_isv_level *top = module_latest(m2);
      relaunch = top != NULL && svn2[0] >= top->isvsvn &&
                 svn2[2] >= latest->tdx[2];
    }
    if (relaunch)
      status = is_config(sgx_status) || is_config(status)
                   ? S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED)
                   : S(TD_RELAUNCH_ADVISED);
  }
  out->has_status = 1;
  out->status = tdx_merge_qe(status, qe);
  return 0;
}
