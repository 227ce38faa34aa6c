/* backends/tdx/tcb.c: TCB level matching and status combination.
 *
 * Table-driven: every row of the merge tables of spec/tdx.md §7.3 (module
 * status into the platform status) and §7.4 (QE identity outcome into the
 * TCB status), the QE identity outcome of §6.G.7, the platform level
 * matching of §7.1 (start index 2 when tee_tcb_svn[1] > 0, no SGX level,
 * no TDX level), the module identity status of §7.2 (TDX_%02X, compared
 * case-insensitively, §6.F.2), and the TD relaunch advice of §7.6 with both
 * branches. Every one of the ten statuses of spec/CASES.md is asserted.
 * Expected values are read off those tables, never taken from the code.
 *
 * The structures tdx_tcb_status takes are filled in directly (the parsers
 * have their own suites), with levels and identities in caller storage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/tdx.h"
#include "testsupport.h"

#define S(x) TDX_STATUS_##x

static const char *sname(tdx_status s) { return tdx_status_name(s); }

static int status_is(tdx_status got, tdx_status want, const char *row) {
  if (got != want)
    fprintf(stderr, "  %s: expected %s, got %s\n", row, sname(want),
            sname(got));
  return got == want;
}

/* ==== §7.3: tdx_converge_module ==== */

typedef struct converge_row {
  tdx_status module, platform, want;
} converge_row;

static void test_tdx_converge_module_table_7_3(void) {
  /* every platform status of a TCB info level (§5.2) against every module
   * status a module identity level may have (UpToDate, OutOfDate, Revoked) */
  static const converge_row rows[] = {
      /* module OutOfDate: UpToDate / SWHardeningNeeded -> OutOfDate */
      {S(OUT_OF_DATE), S(UP_TO_DATE), S(OUT_OF_DATE)},
      {S(OUT_OF_DATE), S(SW_HARDENING_NEEDED), S(OUT_OF_DATE)},
      /* ... Configuration* -> OutOfDateConfigurationNeeded */
      {S(OUT_OF_DATE), S(CONFIGURATION_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      {S(OUT_OF_DATE), S(CONFIGURATION_AND_SW_HARDENING_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      /* ... anything else: the platform status */
      {S(OUT_OF_DATE), S(OUT_OF_DATE), S(OUT_OF_DATE)},
      {S(OUT_OF_DATE), S(OUT_OF_DATE_CONFIGURATION_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      {S(OUT_OF_DATE), S(REVOKED), S(REVOKED)},
      /* module Revoked: Revoked, whatever the platform says */
      {S(REVOKED), S(UP_TO_DATE), S(REVOKED)},
      {S(REVOKED), S(SW_HARDENING_NEEDED), S(REVOKED)},
      {S(REVOKED), S(CONFIGURATION_NEEDED), S(REVOKED)},
      {S(REVOKED), S(CONFIGURATION_AND_SW_HARDENING_NEEDED), S(REVOKED)},
      {S(REVOKED), S(OUT_OF_DATE), S(REVOKED)},
      {S(REVOKED), S(OUT_OF_DATE_CONFIGURATION_NEEDED), S(REVOKED)},
      {S(REVOKED), S(REVOKED), S(REVOKED)},
      /* module UpToDate ("anything else"): the platform status */
      {S(UP_TO_DATE), S(UP_TO_DATE), S(UP_TO_DATE)},
      {S(UP_TO_DATE), S(SW_HARDENING_NEEDED), S(SW_HARDENING_NEEDED)},
      {S(UP_TO_DATE), S(CONFIGURATION_NEEDED), S(CONFIGURATION_NEEDED)},
      {S(UP_TO_DATE), S(CONFIGURATION_AND_SW_HARDENING_NEEDED),
       S(CONFIGURATION_AND_SW_HARDENING_NEEDED)},
      {S(UP_TO_DATE), S(OUT_OF_DATE), S(OUT_OF_DATE)},
      {S(UP_TO_DATE), S(OUT_OF_DATE_CONFIGURATION_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      {S(UP_TO_DATE), S(REVOKED), S(REVOKED)},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char row[160];
    (void)snprintf(row, sizeof row, "module %s, platform %s",
                   sname(rows[i].module), sname(rows[i].platform));
    CU_ASSERT_TRUE(status_is(
        tdx_converge_module(rows[i].platform, rows[i].module), rows[i].want,
        row));
  }
}

/* ==== §7.4: tdx_merge_qe ==== */

typedef struct merge_row {
  tdx_qe_status qe;
  tdx_status tcb, want;
} merge_row;

static const char *qname(tdx_qe_status q) {
  static const char *const n[] = {"OK", "ISVSVN_OUT_OF_DATE",
                                  "ISVSVN_REVOKED", "ISVSVN_NOT_SUPPORTED"};
  return (unsigned)q < 4 ? n[q] : "?";
}

static void test_tdx_merge_qe_table_7_4(void) {
  /* every TCB status (after §7.3 and §7.6) against every QE outcome */
  static const merge_row rows[] = {
      /* ISVSVN_OUT_OF_DATE: UpToDate / SWHardeningNeeded -> OutOfDate */
      {TDX_QE_OUT_OF_DATE, S(UP_TO_DATE), S(OUT_OF_DATE)},
      {TDX_QE_OUT_OF_DATE, S(SW_HARDENING_NEEDED), S(OUT_OF_DATE)},
      /* ... Configuration* -> OutOfDateConfigurationNeeded */
      {TDX_QE_OUT_OF_DATE, S(CONFIGURATION_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      {TDX_QE_OUT_OF_DATE, S(CONFIGURATION_AND_SW_HARDENING_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      /* ... "otherwise": the TCB status */
      {TDX_QE_OUT_OF_DATE, S(OUT_OF_DATE), S(OUT_OF_DATE)},
      {TDX_QE_OUT_OF_DATE, S(OUT_OF_DATE_CONFIGURATION_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      {TDX_QE_OUT_OF_DATE, S(REVOKED), S(REVOKED)},
      {TDX_QE_OUT_OF_DATE, S(TD_RELAUNCH_ADVISED), S(TD_RELAUNCH_ADVISED)},
      {TDX_QE_OUT_OF_DATE, S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
       S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED)},
      {TDX_QE_OUT_OF_DATE, S(NOT_SUPPORTED), S(NOT_SUPPORTED)},
      /* ISVSVN_REVOKED: Revoked */
      {TDX_QE_REVOKED, S(UP_TO_DATE), S(REVOKED)},
      {TDX_QE_REVOKED, S(SW_HARDENING_NEEDED), S(REVOKED)},
      {TDX_QE_REVOKED, S(CONFIGURATION_NEEDED), S(REVOKED)},
      {TDX_QE_REVOKED, S(CONFIGURATION_AND_SW_HARDENING_NEEDED), S(REVOKED)},
      {TDX_QE_REVOKED, S(OUT_OF_DATE), S(REVOKED)},
      {TDX_QE_REVOKED, S(OUT_OF_DATE_CONFIGURATION_NEEDED), S(REVOKED)},
      {TDX_QE_REVOKED, S(REVOKED), S(REVOKED)},
      {TDX_QE_REVOKED, S(TD_RELAUNCH_ADVISED), S(REVOKED)},
      {TDX_QE_REVOKED, S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
       S(REVOKED)},
      {TDX_QE_REVOKED, S(NOT_SUPPORTED), S(REVOKED)},
      /* ISVSVN_NOT_SUPPORTED: TCB_NOT_SUPPORTED */
      {TDX_QE_NOT_SUPPORTED, S(UP_TO_DATE), S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(SW_HARDENING_NEEDED), S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(CONFIGURATION_NEEDED), S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(CONFIGURATION_AND_SW_HARDENING_NEEDED),
       S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(OUT_OF_DATE), S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(OUT_OF_DATE_CONFIGURATION_NEEDED),
       S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(REVOKED), S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(TD_RELAUNCH_ADVISED), S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
       S(NOT_SUPPORTED)},
      {TDX_QE_NOT_SUPPORTED, S(NOT_SUPPORTED), S(NOT_SUPPORTED)},
      /* QE OK ("otherwise"): the TCB status, TD_RELAUNCH_ADVISED* too */
      {TDX_QE_OK, S(UP_TO_DATE), S(UP_TO_DATE)},
      {TDX_QE_OK, S(SW_HARDENING_NEEDED), S(SW_HARDENING_NEEDED)},
      {TDX_QE_OK, S(CONFIGURATION_NEEDED), S(CONFIGURATION_NEEDED)},
      {TDX_QE_OK, S(CONFIGURATION_AND_SW_HARDENING_NEEDED),
       S(CONFIGURATION_AND_SW_HARDENING_NEEDED)},
      {TDX_QE_OK, S(OUT_OF_DATE), S(OUT_OF_DATE)},
      {TDX_QE_OK, S(OUT_OF_DATE_CONFIGURATION_NEEDED),
       S(OUT_OF_DATE_CONFIGURATION_NEEDED)},
      {TDX_QE_OK, S(REVOKED), S(REVOKED)},
      {TDX_QE_OK, S(TD_RELAUNCH_ADVISED), S(TD_RELAUNCH_ADVISED)},
      {TDX_QE_OK, S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
       S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED)},
      {TDX_QE_OK, S(NOT_SUPPORTED), S(NOT_SUPPORTED)},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char row[160];
    (void)snprintf(row, sizeof row, "QE %s, TCB %s", qname(rows[i].qe),
                   sname(rows[i].tcb));
    CU_ASSERT_TRUE(
        status_is(tdx_merge_qe(rows[i].tcb, rows[i].qe), rows[i].want, row));
  }
}

/* ==== status names (CASES.md: exactly these strings) ==== */

static void test_tdx_status_names_exact_strings(void) {
  static const char *const names[TDX_STATUS_COUNT_] = {
      "UpToDate",
      "SWHardeningNeeded",
      "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded",
      "OutOfDate",
      "OutOfDateConfigurationNeeded",
      "Revoked",
      "TDRelaunchAdvised",
      "TDRelaunchAdvisedConfigurationNeeded",
      "NotSupported"};
  for (int i = 0; i < TDX_STATUS_COUNT_; i++) {
    CU_ASSERT_STRING_EQUAL(tdx_status_name((tdx_status)i), names[i]);
    tdx_status s = TDX_STATUS_COUNT_;
    CU_ASSERT_EQUAL(tdx_status_from_name(names[i], &s), 0);
    CU_ASSERT_EQUAL(s, (tdx_status)i);
  }
  /* exact and case-sensitive */
  tdx_status s;
  CU_ASSERT_EQUAL(tdx_status_from_name("uptodate", &s), -1);
  CU_ASSERT_EQUAL(tdx_status_from_name("UpToDate ", &s), -1);
  CU_ASSERT_EQUAL(tdx_status_from_name("", &s), -1);
  CU_ASSERT_EQUAL(tdx_status_from_name("OK", &s), -1);
  CU_ASSERT_EQUAL(tdx_status_from_name(NULL, &s), -1);
}

/* ==== a fixture for tdx_qe_status_of and tdx_tcb_status ==== */

static char ADV_PLATFORM[] = "INTEL-SA-00001";
static char ADV_PLATFORM2[] = "INTEL-SA-00002";
static char ADV_MODULE[] = "INTEL-SA-00003";
static char ADV_QE[] = "INTEL-SA-00004";
static char *ADV_P[] = {ADV_PLATFORM, ADV_PLATFORM2};
static char *ADV_M[] = {ADV_MODULE, ADV_PLATFORM};
static char *ADV_Q[] = {ADV_QE};

#define MAX_L 8

typedef struct fx {
  tdx_quote q;
  tdx_pck_ext pck;
  tdx_tcb_level levels[MAX_L];
  tdx_module_identity ids[3];
  tdx_isv_level id_levels[3][MAX_L];
  tdx_isv_level qe_levels[MAX_L];
  tdx_tcb_info ti;
  tdx_qe_identity qi;
  tdx_verified out;
  contrast_err err;
} fx;

static const uint8_t SGX_HI[16] = {3, 3, 2, 2, 4, 1, 0, 5};
static const uint8_t SGX_LO[16] = {2, 2, 2, 2, 3, 1, 0, 5};

static void set_level(fx *f, size_t i, const uint8_t sgx[16], uint16_t pcesvn,
                      uint8_t t0, uint8_t t1, uint8_t t2, tdx_status st) {
  tdx_tcb_level *l = &f->levels[i];
  memset(l, 0, sizeof *l);
  memcpy(l->sgx, sgx, 16);
  l->pcesvn = pcesvn;
  l->tdx[0] = t0;
  l->tdx[1] = t1;
  l->tdx[2] = t2;
  l->status = st;
  if (f->ti.n_levels < i + 1)
    f->ti.n_levels = i + 1;
}

static void set_id_level(fx *f, size_t id, size_t i, uint16_t isvsvn,
                         tdx_status st) {
  f->id_levels[id][i].isvsvn = isvsvn;
  f->id_levels[id][i].status = st;
  f->id_levels[id][i].advisories.n = 0;
  if (f->ids[id].n_levels < i + 1)
    f->ids[id].n_levels = i + 1;
}

static void set_qe_level(fx *f, size_t i, uint16_t isvsvn, tdx_status st) {
  f->qe_levels[i].isvsvn = isvsvn;
  f->qe_levels[i].status = st;
  f->qe_levels[i].advisories.n = 0;
  if (f->qi.n_levels < i + 1)
    f->qi.n_levels = i + 1;
}

/* The good fixture (the shape of real data, tdx.md §5.2-§5.3):
 *   PCK comps 3,3,2,2,4,1,0,5 PCESVN 13;
 *   levels [0] SGX_HI/13 tdx 5,0,2 UpToDate, [1] SGX_LO/11 tdx 3,0,2
 *   OutOfDate; identities TDX_03 [3 UpToDate], TDX_01 [4 UpToDate,
 *   2 OutOfDate]; QE identity [4 UpToDate];
 *   quote v4, tee_tcb_svn 05 01 02 (module 1.x SVN 5), QE ISVSVN 4. */
static fx *fx_new(void) {
  fx *f = calloc(1, sizeof *f);
  CU_ASSERT_FATAL(f != NULL);
  f->q.version = 4;
  f->q.body.type = 2;
  f->q.body.tee_tcb_svn[0] = 5;
  f->q.body.tee_tcb_svn[1] = 1;
  f->q.body.tee_tcb_svn[2] = 2;
  f->q.qe_report.isv_svn = 4;
  memcpy(f->pck.tcb_comp, SGX_HI, 16);
  f->pck.pcesvn = 13;
  f->ti.levels = f->levels;
  set_level(f, 0, SGX_HI, 13, 5, 0, 2, S(UP_TO_DATE));
  set_level(f, 1, SGX_LO, 11, 3, 0, 2, S(OUT_OF_DATE));
  f->ti.has_identities = 1;
  f->ti.identities = f->ids;
  f->ti.n_identities = 2;
  for (size_t i = 0; i < 3; i++)
    f->ids[i].levels = f->id_levels[i];
  memcpy(f->ids[0].id, "TDX_03", 7);
  set_id_level(f, 0, 0, 3, S(UP_TO_DATE));
  memcpy(f->ids[1].id, "TDX_01", 7);
  set_id_level(f, 1, 0, 4, S(UP_TO_DATE));
  set_id_level(f, 1, 1, 2, S(OUT_OF_DATE));
  f->qi.levels = f->qe_levels;
  set_qe_level(f, 0, 4, S(UP_TO_DATE));
  return f;
}

static void fx_v5(fx *f, uint16_t type) {
  f->q.version = 5;
  f->q.body.type = type;
  memcpy(f->q.body.tee_tcb_svn2, f->q.body.tee_tcb_svn, 16);
}

static void svn(fx *f, uint8_t s0, uint8_t s1, uint8_t s2) {
  f->q.body.tee_tcb_svn[0] = s0;
  f->q.body.tee_tcb_svn[1] = s1;
  f->q.body.tee_tcb_svn[2] = s2;
}

static void svn2(fx *f, uint8_t s0, uint8_t s1, uint8_t s2) {
  f->q.body.tee_tcb_svn2[0] = s0;
  f->q.body.tee_tcb_svn2[1] = s1;
  f->q.body.tee_tcb_svn2[2] = s2;
}

/* tdx_tcb_status must succeed with status want. */
static int run_ok(fx *f, tdx_status want, const char *row) {
  contrast_err_clear(&f->err);
  memset(&f->out, 0, sizeof f->out);
  int rc = tdx_tcb_status(&f->q, &f->pck, &f->ti, &f->qi, &f->out, &f->err);
  if (rc != 0) {
    fprintf(stderr, "  %s: failed %s: %s\n", row,
            contrast_code_name(f->err.code), f->err.detail);
    CU_FAIL("tdx_tcb_status failed");
    return 0;
  }
  CU_ASSERT_EQUAL(f->out.has_status, 1);
  int ok = status_is(f->out.status, want, row);
  CU_ASSERT_TRUE(ok);
  return ok;
}

/* tdx_tcb_status must fail with code. */
static void run_fails(fx *f, contrast_code code) {
  contrast_err_clear(&f->err);
  memset(&f->out, 0, sizeof f->out);
  int rc = tdx_tcb_status(&f->q, &f->pck, &f->ti, &f->qi, &f->out, &f->err);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(f->err, code);
}

static int has_advisory(const tdx_verified *v, const char *id) {
  for (size_t i = 0; i < v->n_advisories; i++)
    if (strcmp(v->advisories[i], id) == 0)
      return 1;
  return 0;
}

/* ==== §6.G.7: tdx_qe_status_of ==== */

typedef struct qe_row {
  uint16_t isvsvn;
  tdx_qe_status want;
  size_t level;
} qe_row;

static void test_tdx_qe_status_of_levels_table(void) {
  fx *f = fx_new();
  /* served highest first, as Intel serves them */
  set_qe_level(f, 0, 8, S(UP_TO_DATE));
  set_qe_level(f, 1, 6, S(SW_HARDENING_NEEDED));
  set_qe_level(f, 2, 4, S(OUT_OF_DATE));
  set_qe_level(f, 3, 2, S(REVOKED));
  static const qe_row rows[] = {
      {65535, TDX_QE_OK, 0},
      {9, TDX_QE_OK, 0},
      {8, TDX_QE_OK, 0},
      /* any status other than UpToDate and Revoked is OUT_OF_DATE */
      {7, TDX_QE_OUT_OF_DATE, 1},
      {6, TDX_QE_OUT_OF_DATE, 1},
      {5, TDX_QE_OUT_OF_DATE, 2},
      {4, TDX_QE_OUT_OF_DATE, 2},
      {3, TDX_QE_REVOKED, 3},
      {2, TDX_QE_REVOKED, 3},
      /* below every level: NOT_SUPPORTED, no level */
      {1, TDX_QE_NOT_SUPPORTED, (size_t)-1},
      {0, TDX_QE_NOT_SUPPORTED, (size_t)-1},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    size_t level = 12345;
    tdx_qe_status got = tdx_qe_status_of(&f->qi, rows[i].isvsvn, &level);
    if (got != rows[i].want || level != rows[i].level)
      fprintf(stderr, "  isvsvn %u: expected %s level %zu, got %s level %zu\n",
              rows[i].isvsvn, qname(rows[i].want), rows[i].level, qname(got),
              level);
    CU_ASSERT_EQUAL(got, rows[i].want);
    CU_ASSERT_EQUAL(level, rows[i].level);
  }
  free(f);
}

static void test_tdx_qe_status_of_configuration_statuses_out_of_date(void) {
  /* "Map any other non-UpToDate status to ..._OUT_OF_DATE" (§6.G.7) */
  static const tdx_status others[] = {
      S(SW_HARDENING_NEEDED), S(CONFIGURATION_NEEDED),
      S(CONFIGURATION_AND_SW_HARDENING_NEEDED), S(OUT_OF_DATE),
      S(OUT_OF_DATE_CONFIGURATION_NEEDED)};
  fx *f = fx_new();
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
    set_qe_level(f, 0, 4, others[i]);
    size_t level = 99;
    CU_ASSERT_EQUAL(tdx_qe_status_of(&f->qi, 4, &level), TDX_QE_OUT_OF_DATE);
    CU_ASSERT_EQUAL(level, 0);
  }
  free(f);
}

static void test_tdx_qe_status_of_no_levels_not_supported(void) {
  fx *f = fx_new();
  f->qi.n_levels = 0;
  size_t level = 0;
  CU_ASSERT_EQUAL(tdx_qe_status_of(&f->qi, 4, &level), TDX_QE_NOT_SUPPORTED);
  CU_ASSERT_EQUAL(level, (size_t)-1);
  free(f);
}

static void test_tdx_qe_status_of_walks_levels_in_served_order(void) {
  /* §6.G.7: "walk tcbLevels in the given order and take the first with
   * tcb.isvsvn <= qe.isvsvn" (QVL EnclaveIdentityV2::getTcbStatus keeps
   * the levels as served). Served lowest first, a QE at 5 matches the
   * first entry (isvsvn 2, OutOfDate), not the higher one after it. */
  fx *f = fx_new();
  set_qe_level(f, 0, 2, S(OUT_OF_DATE));
  set_qe_level(f, 1, 4, S(UP_TO_DATE));
  size_t level = 99;
  CU_ASSERT_EQUAL(tdx_qe_status_of(&f->qi, 5, &level), TDX_QE_OUT_OF_DATE);
  CU_ASSERT_EQUAL(level, 0);
  /* a QE at 1 matches neither */
  CU_ASSERT_EQUAL(tdx_qe_status_of(&f->qi, 1, &level), TDX_QE_NOT_SUPPORTED);
  free(f);
}

/* ==== §7.1: platform level ==== */

static void test_tdx_tcb_status_good_fixture_up_to_date(void) {
  fx *f = fx_new();
  run_ok(f, S(UP_TO_DATE), "good");
  CU_ASSERT_EQUAL(f->out.n_advisories, 0);
  free(f);
}

static void test_tdx_tcb_status_platform_status_passes_through(void) {
  /* module UpToDate, QE OK: the matched level's status is the result,
   * for every status a TCB info level may have (§5.2, §7.3 last row) */
  static const tdx_status sts[] = {
      S(UP_TO_DATE), S(SW_HARDENING_NEEDED), S(CONFIGURATION_NEEDED),
      S(CONFIGURATION_AND_SW_HARDENING_NEEDED), S(OUT_OF_DATE),
      S(OUT_OF_DATE_CONFIGURATION_NEEDED), S(REVOKED)};
  for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++) {
    fx *f = fx_new();
    f->levels[0].status = sts[i];
    run_ok(f, sts[i], sname(sts[i]));
    free(f);
  }
}

static void test_tdx_tcb_status_lower_level_matched(void) {
  fx *f = fx_new();
  /* a PCK below level 0 on comp 4 and PCESVN: level 1 (OutOfDate) with its
   * advisories */
  f->pck.tcb_comp[4] = 3;
  f->pck.pcesvn = 11;
  f->levels[1].advisories.n = 2;
  f->levels[1].advisories.ids = ADV_P;
  run_ok(f, S(OUT_OF_DATE), "level 1");
  CU_ASSERT_EQUAL(f->out.n_advisories, 2);
  CU_ASSERT_TRUE(has_advisory(&f->out, ADV_PLATFORM));
  CU_ASSERT_TRUE(has_advisory(&f->out, ADV_PLATFORM2));
  free(f);
}

static void test_tdx_tcb_status_each_sgx_component_and_pcesvn_compared(void) {
  /* §7.1.1: every one of the 16 components and the PCESVN must be >= the
   * level's; one short moves the match to level 1, whose components are
   * all <= the PCK's */
  for (size_t i = 0; i < 17; i++) {
    fx *f = fx_new();
    /* raise level 0 by one on component i (or PCESVN) */
    if (i < 16)
      f->levels[0].sgx[i] = (uint8_t)(f->pck.tcb_comp[i] + 1);
    else
      f->levels[0].pcesvn = (uint16_t)(f->pck.pcesvn + 1);
    char row[64];
    (void)snprintf(row, sizeof row, "component %zu", i);
    run_ok(f, S(OUT_OF_DATE), row);
    free(f);
  }
}

static void test_tdx_tcb_status_no_sgx_level_not_supported(void) {
  fx *f = fx_new();
  /* below every level: 2,2,2,2,3,1,0,4 < level 1's component 7 (5) */
  static const uint8_t low[16] = {2, 2, 2, 2, 3, 1, 0, 4};
  memcpy(f->pck.tcb_comp, low, 16);
  run_ok(f, S(NOT_SUPPORTED), "no SGX level");
  free(f);
  f = fx_new();
  f->pck.pcesvn = 10; /* below both PCESVNs */
  run_ok(f, S(NOT_SUPPORTED), "PCESVN below every level");
  free(f);
}

static void test_tdx_tcb_status_sgx_level_without_tdx_level_not_supported(
    void) {
  fx *f = fx_new();
  /* the SGX part matches level 0, but TEE_TCB_SVN[2] (late microcode) is
   * below every level's tdxtcbcomponents[2] */
  svn(f, 5, 1, 1);
  run_ok(f, S(NOT_SUPPORTED), "no TDX level");
  free(f);
}

static void test_tdx_tcb_status_tdx_level_below_sgx_level(void) {
  /* SGX matches level 0, TDX only level 1: the TDX level's status */
  fx *f = fx_new();
  f->levels[0].tdx[2] = 3;
  run_ok(f, S(OUT_OF_DATE), "TDX level 1");
  free(f);
}

static void test_tdx_tcb_status_tdx_compare_starts_at_2_when_major_set(void) {
  /* tee_tcb_svn[1] > 0: components 0 and 1 are judged by the module
   * identity, not the level (§7.1.2). Level 0 asks for module SVN 9 and
   * component 1 = 7, neither of which the quote (05 01 02) has. */
  fx *f = fx_new();
  f->levels[0].tdx[0] = 9;
  f->levels[0].tdx[1] = 7;
  run_ok(f, S(UP_TO_DATE), "start 2");
  free(f);
  /* components 2..15 still count: component 15 above the quote's */
  f = fx_new();
  f->levels[0].tdx[15] = 1;
  run_ok(f, S(OUT_OF_DATE), "component 15");
  free(f);
}

static void test_tdx_tcb_status_tdx_compare_starts_at_0_when_major_zero(
    void) {
  /* tee_tcb_svn[1] == 0 (an old module, e.g. 03 00 04): every component
   * is compared, including 0 */
  fx *f = fx_new();
  svn(f, 4, 0, 2);
  /* level 0 needs 5 at component 0: level 1 (3,0,2) matches */
  run_ok(f, S(OUT_OF_DATE), "start 0, component 0");
  free(f);
  f = fx_new();
  svn(f, 5, 0, 2);
  run_ok(f, S(UP_TO_DATE), "start 0, equal");
  free(f);
  /* component 1 counts too: a level asking for 1 there is not met by 0 */
  f = fx_new();
  svn(f, 5, 0, 2);
  f->levels[0].tdx[1] = 1;
  run_ok(f, S(OUT_OF_DATE), "start 0, component 1");
  free(f);
}

static void test_tdx_tcb_status_levels_judged_in_descending_order(void) {
  /* §5.2/§7.1: QVL orders levels descending (SGX components, PCESVN, TDX
   * components) whatever the served order. Served lowest first, the PCK
   * and quote meet both: the higher one (UpToDate) is the match. */
  fx *f = fx_new();
  set_level(f, 0, SGX_LO, 11, 3, 0, 2, S(OUT_OF_DATE));
  set_level(f, 1, SGX_HI, 13, 5, 0, 2, S(UP_TO_DATE));
  run_ok(f, S(UP_TO_DATE), "served ascending");
  free(f);
  /* same SGX components and PCESVN, TDX components decide the order */
  f = fx_new();
  set_level(f, 0, SGX_HI, 13, 3, 0, 1, S(OUT_OF_DATE));
  set_level(f, 1, SGX_HI, 13, 5, 0, 2, S(UP_TO_DATE));
  run_ok(f, S(UP_TO_DATE), "TDX components order");
  free(f);
}

/* ==== §7.2: module identity ==== */

static void test_tdx_tcb_status_module_out_of_date_converges(void) {
  fx *f = fx_new();
  svn(f, 3, 1, 2); /* TDX_01 SVN 3: level isvsvn 2, OutOfDate */
  f->id_levels[1][1].advisories.n = 2;
  f->id_levels[1][1].advisories.ids = ADV_M;
  f->levels[0].advisories.n = 1;
  f->levels[0].advisories.ids = ADV_P;
  run_ok(f, S(OUT_OF_DATE), "module OutOfDate, platform UpToDate");
  /* advisories of both levels, ADV_PLATFORM once */
  CU_ASSERT_EQUAL(f->out.n_advisories, 2);
  CU_ASSERT_TRUE(has_advisory(&f->out, ADV_PLATFORM));
  CU_ASSERT_TRUE(has_advisory(&f->out, ADV_MODULE));
  f->levels[0].status = S(SW_HARDENING_NEEDED);
  run_ok(f, S(OUT_OF_DATE), "module OutOfDate, platform SWHardening");
  f->levels[0].status = S(CONFIGURATION_NEEDED);
  run_ok(f, S(OUT_OF_DATE_CONFIGURATION_NEEDED),
         "module OutOfDate, platform ConfigurationNeeded");
  f->levels[0].status = S(CONFIGURATION_AND_SW_HARDENING_NEEDED);
  run_ok(f, S(OUT_OF_DATE_CONFIGURATION_NEEDED),
         "module OutOfDate, platform ConfigurationAndSWHardeningNeeded");
  free(f);
}

static void test_tdx_tcb_status_module_revoked_revoked(void) {
  fx *f = fx_new();
  set_id_level(f, 1, 1, 2, S(REVOKED));
  svn(f, 2, 1, 2);
  run_ok(f, S(REVOKED), "module Revoked");
  free(f);
}

static void test_tdx_tcb_status_module_level_none_not_supported(void) {
  /* §7.2: no module level with isvsvn <= tee_tcb_svn[0] */
  fx *f = fx_new();
  svn(f, 1, 1, 2);
  run_ok(f, S(NOT_SUPPORTED), "module SVN below every level");
  free(f);
}

static void test_tdx_tcb_status_module_identity_by_major_version(void) {
  /* TDX_03 for tee_tcb_svn[1] == 3: its only level (3, UpToDate) */
  fx *f = fx_new();
  svn(f, 3, 3, 2);
  run_ok(f, S(UP_TO_DATE), "TDX_03");
  svn(f, 2, 3, 2);
  run_ok(f, S(NOT_SUPPORTED), "TDX_03 below its level");
  free(f);
}

static void test_tdx_tcb_status_module_identity_case_insensitive(void) {
  /* §6.F.2: compare case-insensitively (QVL upper-cases both) */
  fx *f = fx_new();
  memcpy(f->ids[1].id, "tdx_01", 7);
  svn(f, 3, 1, 2);
  run_ok(f, S(OUT_OF_DATE), "tdx_01");
  free(f);
  /* a major version >= 0x0A: TDX_0A written in either case */
  f = fx_new();
  memcpy(f->ids[0].id, "tdx_0a", 7);
  svn(f, 3, 0x0a, 2);
  run_ok(f, S(UP_TO_DATE), "tdx_0a");
  memcpy(f->ids[0].id, "TDX_0A", 7);
  run_ok(f, S(UP_TO_DATE), "TDX_0A");
  /* decimal spelling "TDX_10" is not TDX_0A */
  memcpy(f->ids[0].id, "TDX_10", 7);
  run_fails(f, CONTRAST_COLLATERAL);
  free(f);
}

static void test_tdx_tcb_status_missing_module_identity_fails_collateral(
    void) {
  /* CASES.md COLLATERAL: "no TDX module identity for the quote's module
   * version" */
  fx *f = fx_new();
  svn(f, 5, 2, 2);
  run_fails(f, CONTRAST_COLLATERAL);
  free(f);
}

static void test_tdx_tcb_status_major_zero_ignores_module_identities(void) {
  /* tee_tcb_svn[1] == 0: module status UpToDate whatever the identities
   * say (§7.2 first rule) */
  fx *f = fx_new();
  svn(f, 5, 0, 2);
  set_id_level(f, 1, 0, 9, S(REVOKED));
  f->ti.n_identities = 0;
  f->ti.has_identities = 0;
  run_ok(f, S(UP_TO_DATE), "major 0");
  free(f);
}

static void test_tdx_find_module_identity_lookup(void) {
  fx *f = fx_new();
  CU_ASSERT_PTR_EQUAL(tdx_find_module_identity(&f->ti, 1), &f->ids[1]);
  CU_ASSERT_PTR_EQUAL(tdx_find_module_identity(&f->ti, 3), &f->ids[0]);
  CU_ASSERT_PTR_NULL(tdx_find_module_identity(&f->ti, 2));
  CU_ASSERT_PTR_NULL(tdx_find_module_identity(&f->ti, 0x31)); /* "TDX_31" */
  memcpy(f->ids[0].id, "TDX_FF", 7);
  CU_ASSERT_PTR_EQUAL(tdx_find_module_identity(&f->ti, 0xff), &f->ids[0]);
  memcpy(f->ids[0].id, "tdx_ff", 7);
  CU_ASSERT_PTR_EQUAL(tdx_find_module_identity(&f->ti, 0xff), &f->ids[0]);
  /* only the exact id: no prefix or suffix match */
  memcpy(f->ids[0].id, "TDX_011", 8);
  CU_ASSERT_PTR_EQUAL(tdx_find_module_identity(&f->ti, 1), &f->ids[1]);
  memcpy(f->ids[1].id, "TDX_1", 6);
  CU_ASSERT_PTR_NULL(tdx_find_module_identity(&f->ti, 1));
  f->ti.n_identities = 0;
  CU_ASSERT_PTR_NULL(tdx_find_module_identity(&f->ti, 3));
  free(f);
}

/* ==== §7.4 through tdx_tcb_status: QE outcomes ==== */

static void test_tdx_tcb_status_qe_outcomes_merge(void) {
  fx *f = fx_new();
  f->qe_levels[0].advisories.n = 1;
  f->qe_levels[0].advisories.ids = ADV_Q;
  set_qe_level(f, 1, 2, S(OUT_OF_DATE));
  set_qe_level(f, 2, 1, S(REVOKED));
  f->qe_levels[1].advisories.n = 1;
  f->qe_levels[1].advisories.ids = ADV_Q;
  /* QE at 4: OK, UpToDate; its level's advisory is reported */
  run_ok(f, S(UP_TO_DATE), "QE OK");
  CU_ASSERT_TRUE(has_advisory(&f->out, ADV_QE));
  /* QE at 3: OUT_OF_DATE, platform UpToDate -> OutOfDate */
  f->q.qe_report.isv_svn = 3;
  run_ok(f, S(OUT_OF_DATE), "QE OutOfDate");
  CU_ASSERT_TRUE(has_advisory(&f->out, ADV_QE));
  /* ... platform ConfigurationNeeded -> OutOfDateConfigurationNeeded */
  f->levels[0].status = S(CONFIGURATION_NEEDED);
  run_ok(f, S(OUT_OF_DATE_CONFIGURATION_NEEDED),
         "QE OutOfDate, ConfigurationNeeded");
  f->levels[0].status = S(UP_TO_DATE);
  /* QE at 1: REVOKED -> Revoked */
  f->q.qe_report.isv_svn = 1;
  run_ok(f, S(REVOKED), "QE Revoked");
  /* QE at 0: NOT_SUPPORTED -> NotSupported */
  f->q.qe_report.isv_svn = 0;
  run_ok(f, S(NOT_SUPPORTED), "QE NotSupported");
  free(f);
}

/* ==== §7.6: TD relaunch advice ==== */

/* A relaunch fixture, v5 body type 3: levels
 *   L0 (latest) SGX_HI/13 tdx 5,0,3 UpToDate
 *   L1          SGX_HI/13 tdx 3,0,2 UpToDate
 * TDX_01 [5 UpToDate, 3 OutOfDate]; quote tee_tcb_svn 03 01 02: platform
 * matches L1 (UpToDate, component 2 = 2 < 3), module SVN 3 OutOfDate, so
 * the status after §7.3 is OutOfDate and the SGX level (L0) UpToDate:
 * every precondition of §7.6 holds; tee_tcb_svn2 decides. */
static fx *relaunch_fx(void) {
  fx *f = fx_new();
  fx_v5(f, 3);
  set_level(f, 0, SGX_HI, 13, 5, 0, 3, S(UP_TO_DATE));
  set_level(f, 1, SGX_HI, 13, 3, 0, 2, S(UP_TO_DATE));
  f->ti.n_levels = 2;
  f->ids[1].n_levels = 0;
  set_id_level(f, 1, 0, 5, S(UP_TO_DATE));
  set_id_level(f, 1, 1, 3, S(OUT_OF_DATE));
  svn(f, 3, 1, 2);
  return f;
}

static void test_tdx_tcb_status_relaunch_svn2_major_zero_branch(void) {
  /* tee_tcb_svn2[1] == 0: svn2[0] >= L.tdx[0] and svn2[2] >= L.tdx[2] */
  fx *f = relaunch_fx();
  svn2(f, 5, 0, 3);
  run_ok(f, S(TD_RELAUNCH_ADVISED), "svn2 05 00 03");
  svn2(f, 6, 0, 4);
  run_ok(f, S(TD_RELAUNCH_ADVISED), "svn2 06 00 04");
  svn2(f, 4, 0, 3); /* module part behind the latest level */
  run_ok(f, S(OUT_OF_DATE), "svn2 04 00 03");
  svn2(f, 5, 0, 2); /* microcode behind the latest level */
  run_ok(f, S(OUT_OF_DATE), "svn2 05 00 02");
  free(f);
}

static void test_tdx_tcb_status_relaunch_svn2_major_set_branch(void) {
  /* tee_tcb_svn2[1] != 0: identity TDX_%02X(svn2[1]), its first level M:
   * svn2[0] >= M.isvsvn and svn2[2] >= L.tdx[2] */
  fx *f = relaunch_fx();
  svn2(f, 5, 1, 3);
  run_ok(f, S(TD_RELAUNCH_ADVISED), "svn2 05 01 03");
  svn2(f, 4, 1, 3); /* below TDX_01's first level (5) */
  run_ok(f, S(OUT_OF_DATE), "svn2 04 01 03");
  svn2(f, 5, 1, 2); /* microcode behind */
  run_ok(f, S(OUT_OF_DATE), "svn2 05 01 02");
  /* the identity of svn2[1], not of tee_tcb_svn[1]: TDX_03's first level
   * is 3 */
  svn2(f, 3, 3, 3);
  run_ok(f, S(TD_RELAUNCH_ADVISED), "svn2 03 03 03");
  /* no identity for svn2[1]: TDX_MODULE_MISMATCH, i.e. COLLATERAL */
  svn2(f, 5, 2, 3);
  run_fails(f, CONTRAST_COLLATERAL);
  free(f);
}

static void test_tdx_tcb_status_relaunch_configuration_variant(void) {
  /* "return ..._CONFIGURATION_NEEDED instead if the SGX or TDX status is a
   * Configuration* status" */
  static const tdx_status cfg[] = {S(CONFIGURATION_NEEDED),
                                   S(CONFIGURATION_AND_SW_HARDENING_NEEDED)};
  for (size_t i = 0; i < 2; i++) {
    /* the TDX level: after §7.3 OutOfDateConfigurationNeeded */
    fx *f = relaunch_fx();
    f->levels[1].status = cfg[i];
    svn2(f, 5, 0, 3);
    run_ok(f, S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED), "TDX config");
    svn2(f, 4, 0, 3);
    run_ok(f, S(OUT_OF_DATE_CONFIGURATION_NEEDED), "TDX config, no relaunch");
    free(f);
    /* the SGX level only (the TDX level UpToDate): still the config
     * variant */
    f = relaunch_fx();
    f->levels[0].status = cfg[i];
    svn2(f, 5, 1, 3);
    run_ok(f, S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED), "SGX config");
    free(f);
  }
  /* SWHardeningNeeded at the SGX level is allowed and not Configuration */
  fx *f = relaunch_fx();
  f->levels[0].status = S(SW_HARDENING_NEEDED);
  svn2(f, 5, 0, 3);
  run_ok(f, S(TD_RELAUNCH_ADVISED), "SGX SWHardeningNeeded");
  free(f);
}

static void test_tdx_tcb_status_relaunch_preconditions(void) {
  fx *f;
  /* v4 and v5 body type 2: no tee_tcb_svn2, no relaunch */
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  f->q.version = 4;
  f->q.body.type = 2;
  run_ok(f, S(OUT_OF_DATE), "v4");
  f->q.version = 5;
  run_ok(f, S(OUT_OF_DATE), "v5 type 2");
  free(f);
  /* QE OUT_OF_DATE: no relaunch, the QE merge gives OutOfDate */
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  set_qe_level(f, 1, 3, S(OUT_OF_DATE));
  f->q.qe_report.isv_svn = 3;
  run_ok(f, S(OUT_OF_DATE), "QE OutOfDate");
  /* QE REVOKED / NOT_SUPPORTED */
  set_qe_level(f, 1, 3, S(REVOKED));
  run_ok(f, S(REVOKED), "QE Revoked");
  f->q.qe_report.isv_svn = 2;
  run_ok(f, S(NOT_SUPPORTED), "QE NotSupported");
  free(f);
  /* SGX level status not among the four allowed (OutOfDate, Revoked) */
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  f->levels[0].status = S(OUT_OF_DATE);
  run_ok(f, S(OUT_OF_DATE), "SGX OutOfDate");
  free(f);
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  f->levels[0].status = S(OUT_OF_DATE_CONFIGURATION_NEEDED);
  /* the TDX level (L1, UpToDate) gives the status: OutOfDate after §7.3 */
  run_ok(f, S(OUT_OF_DATE), "SGX OODCN");
  free(f);
  /* module UpToDate: status UpToDate, nothing to advise */
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  svn(f, 5, 1, 2);
  run_ok(f, S(UP_TO_DATE), "module UpToDate");
  free(f);
  /* module Revoked: the TDX status is Revoked, not OutOfDate */
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  set_id_level(f, 1, 1, 3, S(REVOKED));
  run_ok(f, S(REVOKED), "module Revoked");
  free(f);
  /* module OutOfDate but the TDX level itself Revoked: the status after
   * §7.3 (Revoked) is not OutOfDate* */
  f = relaunch_fx();
  svn2(f, 5, 0, 3);
  f->levels[1].status = S(REVOKED);
  run_ok(f, S(REVOKED), "TDX level Revoked");
  free(f);
}

/* ==== registration ==== */

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      T(test_tdx_converge_module_table_7_3),
      T(test_tdx_merge_qe_table_7_4),
      T(test_tdx_status_names_exact_strings),
      T(test_tdx_qe_status_of_levels_table),
      T(test_tdx_qe_status_of_configuration_statuses_out_of_date),
      T(test_tdx_qe_status_of_no_levels_not_supported),
      T(test_tdx_qe_status_of_walks_levels_in_served_order),
      T(test_tdx_tcb_status_good_fixture_up_to_date),
      T(test_tdx_tcb_status_platform_status_passes_through),
      T(test_tdx_tcb_status_lower_level_matched),
      T(test_tdx_tcb_status_each_sgx_component_and_pcesvn_compared),
      T(test_tdx_tcb_status_no_sgx_level_not_supported),
      T(test_tdx_tcb_status_sgx_level_without_tdx_level_not_supported),
      T(test_tdx_tcb_status_tdx_level_below_sgx_level),
      T(test_tdx_tcb_status_tdx_compare_starts_at_2_when_major_set),
      T(test_tdx_tcb_status_tdx_compare_starts_at_0_when_major_zero),
      T(test_tdx_tcb_status_levels_judged_in_descending_order),
      T(test_tdx_tcb_status_module_out_of_date_converges),
      T(test_tdx_tcb_status_module_revoked_revoked),
      T(test_tdx_tcb_status_module_level_none_not_supported),
      T(test_tdx_tcb_status_module_identity_by_major_version),
      T(test_tdx_tcb_status_module_identity_case_insensitive),
      T(test_tdx_tcb_status_missing_module_identity_fails_collateral),
      T(test_tdx_tcb_status_major_zero_ignores_module_identities),
      T(test_tdx_find_module_identity_lookup),
      T(test_tdx_tcb_status_qe_outcomes_merge),
      T(test_tdx_tcb_status_relaunch_svn2_major_zero_branch),
      T(test_tdx_tcb_status_relaunch_svn2_major_set_branch),
      T(test_tdx_tcb_status_relaunch_configuration_variant),
      T(test_tdx_tcb_status_relaunch_preconditions),
      {NULL, NULL}};
  return test_run_suite("tdx_tcb", tests);
}
