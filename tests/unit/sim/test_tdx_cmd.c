/* sim/tdx_cmd.c: `contrast-sim tdx quote` and `contrast-sim tdx
 * collateral`, run in process. Their output verifies with the simulator's
 * root (DIR/roots) and only with it: the real Intel root gives CHAIN, and
 * a case of theirs labelled `trust: intel` is CHAIN even when the
 * simulator's roots are passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "contrast/evidence.h"
#include "contrast/util.h"
#include "sim.h"
#include "simtest.h"
#include "tdx_pki.h"
#include "testsupport.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define NOW "2025-06-01T00:00:00Z"
#define NOW_T 1748736000LL

static char dir[256];
static char keys[4096], quote[4096], coll[4096];

static void setup(void) {
  st_tmpdir("tdxcmd", dir);
  st_path(keys, dir, "keys");
  st_path(quote, dir, "quote.bin");
  st_path(coll, dir, "collateral");
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_mkdirs(keys, &err), 0);
  CU_ASSERT_EQUAL_FATAL(sim_tdx_keys_init(keys, &err), 0);
}

static void teardown(void) { st_rmtree(dir); }

/* contrast-sim tdx quote --keys KEYS -o QUOTE extra... */
static int run_quote(const char *const *extra) {
  const char *args[64] = {"quote", "--keys", keys, "-o", quote};
  size_t n = 5;
  for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 63; i++)
    args[n++] = extra[i];
  args[n] = NULL;
  return st_run(sim_cmd_tdx, "tdx", args);
}

static int run_collateral(const char *const *extra) {
  const char *args[64] = {"collateral", "--keys", keys, "-o", coll};
  size_t n = 5;
  for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 63; i++)
    args[n++] = extra[i];
  args[n] = NULL;
  return st_run(sim_cmd_tdx, "tdx", args);
}

typedef struct outcome {
  contrast_code reason;
  char status[64]; /* "" when not computed */
} outcome;

/* Verify QUOTE with the collateral directory against a TDX trust store,
 * a policy (JSON text or NULL) at now. */
static outcome verify_with(const tdx_trust *t, const char *policy,
                           int64_t now) {
  outcome o;
  memset(&o, 0, sizeof o);
  size_t qlen = 0;
  uint8_t *q = st_read(quote, &qlen);
  tdx_collateral c;
  uint8_t *bufs[7] = {NULL};
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_collateral_load_dir(coll, &c, bufs, &err),
                        0);
  json_t *pj = NULL;
  if (policy != NULL) {
    json_error_t je;
    pj = json_loads(policy, 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pj);
  }
  contrast_verdict v;
  CU_ASSERT_EQUAL_FATAL(
      contrast_verify_tdx(t, q, qlen, &c, pj, now, &v, &err), 0);
  o.reason = v.reason;
  if (v.tcb_status != NULL)
    (void)snprintf(o.status, sizeof o.status, "%s", v.tcb_status);
  if (getenv("CONTRAST_TEST_VERBOSE") != NULL)
    fprintf(stderr, "    -> %s %s: %s\n", contrast_code_name(v.reason),
            o.status, v.detail);
  contrast_verdict_wipe(&v);
  json_decref(pj);
  for (int i = 0; i < 7; i++)
    free(bufs[i]);
  free(q);
  return o;
}

static outcome verify_sim(const char *policy) {
  contrast_trust t;
  st_trust_sim(keys, &t);
  outcome o = verify_with(&t.tdx, policy, NOW_T);
  contrast_trust_wipe(&t);
  return o;
}

#define ASSERT_OUTCOME(o, code, st)                                           \
  do {                                                                        \
    outcome o_ = (o);                                                         \
    if (o_.reason != (code) || strcmp(o_.status, (st)) != 0)                  \
      fprintf(stderr, "  expected %s %s, got %s %s\n",                        \
              contrast_code_name(code), (st), contrast_code_name(o_.reason),  \
              o_.status);                                                     \
    CU_ASSERT_EQUAL(o_.reason, (code));                                       \
    CU_ASSERT_STRING_EQUAL(o_.status, (st));                                  \
  } while (0)

/* ---- defaults ---- */

static void test_tdx_cmd_defaults_verify_with_sim_root(void) {
  setup();
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  static const char *const files[] = {
      "tcb_info.json",    "tcb_info_issuer_chain.pem",
      "qe_identity.json", "qe_identity_issuer_chain.pem",
      "pck_crl.der",      "pck_crl_issuer_chain.pem",
      "root_ca_crl.der"};
  char p[4096];
  for (size_t i = 0; i < 7; i++) {
    st_path(p, coll, files[i]);
    CU_ASSERT_TRUE(st_exists(p));
  }
  ASSERT_OUTCOME(verify_sim("{\"require_crl\": true}"), CONTRAST_OK,
                 "UpToDate");
  teardown();
}

static void test_tdx_cmd_defaults_with_real_intel_root_are_chain(void) {
  setup();
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  contrast_trust real;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&real, &err), 0);
  ASSERT_OUTCOME(verify_with(&real.tdx, NULL, NOW_T), CONTRAST_CHAIN, "");
  contrast_trust_wipe(&real);
  /* nothing pinned at all: CHAIN too */
  contrast_trust none;
  contrast_trust_init_empty(&none, "none");
  ASSERT_OUTCOME(verify_with(&none.tdx, NULL, NOW_T), CONTRAST_CHAIN, "");
  contrast_trust_wipe(&none);
  teardown();
}

/* A case directory holding QUOTE and the collateral, trust as given. */
static void write_case(const char *case_dir, const char *trust) {
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_mkdirs(case_dir, &err), 0);
  static const char *const files[] = {
      "tcb_info.json",    "tcb_info_issuer_chain.pem",
      "qe_identity.json", "qe_identity_issuer_chain.pem",
      "pck_crl.der",      "pck_crl_issuer_chain.pem",
      "root_ca_crl.der"};
  char from[4096], to[4096];
  for (size_t i = 0; i < 7; i++) {
    st_path(from, coll, files[i]);
    st_path(to, case_dir, files[i]);
    size_t len = 0;
    uint8_t *b = st_read(from, &len);
    CU_ASSERT_EQUAL_FATAL(sim_write_file(to, b, len, &err), 0);
    free(b);
  }
  size_t qlen = 0;
  uint8_t *q = st_read(quote, &qlen);
  st_path(to, case_dir, "quote.bin");
  CU_ASSERT_EQUAL_FATAL(sim_write_file(to, q, qlen, &err), 0);
  free(q);
  const char *name = strrchr(case_dir, '/') + 1;
  char cj[4096];
  int n = snprintf(
      cj, sizeof cj,
      "{\"format\": 1, \"name\": \"%s\", \"tee\": \"tdx\", \"trust\": "
      "\"%s\", \"description\": \"test\", \"now\": \"" NOW "\", "
      "\"evidence\": \"quote.bin\", \"collateral\": {\"tcb_info\": "
      "\"tcb_info.json\", \"tcb_info_issuer_chain\": "
      "\"tcb_info_issuer_chain.pem\", \"qe_identity\": \"qe_identity.json\", "
      "\"qe_identity_issuer_chain\": \"qe_identity_issuer_chain.pem\", "
      "\"pck_crl\": \"pck_crl.der\", \"pck_crl_issuer_chain\": "
      "\"pck_crl_issuer_chain.pem\", \"root_ca_crl\": \"root_ca_crl.der\"}, "
      "\"policy\": {}, \"expect\": {\"verdict\": \"accept\"}}\n",
      name, trust);
  CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof cj);
  st_path(to, case_dir, "case.json");
  CU_ASSERT_EQUAL_FATAL(
      sim_write_file(to, (const uint8_t *)cj, (size_t)n, &err), 0);
}

static contrast_code verify_case(const char *case_dir, int with_sim) {
  contrast_case c;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(case_dir, &c, &err), 0);
  contrast_trust builtin, sim;
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&builtin, &err), 0);
  st_trust_sim(keys, &sim);
  contrast_verify_ctx ctx = {&builtin, with_sim ? &sim : NULL, NULL};
  contrast_verdict v;
  CU_ASSERT_EQUAL_FATAL(contrast_verify_case(&c, &ctx, &v, &err), 0);
  contrast_code code = v.reason;
  contrast_verdict_wipe(&v);
  contrast_trust_wipe(&builtin);
  contrast_trust_wipe(&sim);
  contrast_case_wipe(&c);
  return code;
}

static void test_tdx_cmd_case_trust_labels(void) {
  setup();
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  char s[4096], i[4096];
  st_path(s, dir, "tdx-sim-signed");
  st_path(i, dir, "tdx-sim-signed-labelled-intel");
  write_case(s, "sim");
  write_case(i, "intel");
  /* trust sim: CHAIN without the simulator's roots, accept with them */
  CU_ASSERT_EQUAL(verify_case(s, 0), CONTRAST_CHAIN);
  CU_ASSERT_EQUAL(verify_case(s, 1), CONTRAST_OK);
  /* trust intel on sim-signed evidence: CHAIN even with both stores
   * (pinning by bytes, not by the Intel-looking names) */
  CU_ASSERT_EQUAL(verify_case(i, 0), CONTRAST_CHAIN);
  CU_ASSERT_EQUAL(verify_case(i, 1), CONTRAST_CHAIN);
  teardown();
}

/* ---- quote options ---- */

static void test_tdx_cmd_quote_fields_are_settable(void) {
  setup();
  char rd[129], hd[65], mrtd[97], rtmr[100];
  memset(rd, 'a', 128);
  rd[128] = '\0';
  memset(hd, 'b', 64);
  hd[64] = '\0';
  memset(mrtd, 'c', 96);
  mrtd[96] = '\0';
  memcpy(rtmr, "2=", 2);
  memset(rtmr + 2, 'd', 96);
  rtmr[98] = '\0';
  const char *const extra[] = {"--version",     "5",
                               "--body-type",   "3",
                               "--report-data", rd,
                               "--host-data",   hd,
                               "--mr-td",       mrtd,
                               "--rtmr",        rtmr,
                               "--td-attributes", "0000001000000000",
                               "--xfam",        "e71a060000000000",
                               "--tee-tcb-svn2", "06010200000000000000000000000000",
                               "--qe-svn",      "5",
                               "--user-data",   "0102030405060708090a0b0c0d0e0f1011121314",
                               "--trailing",    "11",
                               NULL};
  CU_ASSERT_EQUAL_FATAL(run_quote(extra), 0);
  size_t len = 0;
  uint8_t *q = st_read(quote, &len);
  tdx_quote p;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(q, len, &p, &err), 0);
  CU_ASSERT_EQUAL(p.version, 5);
  CU_ASSERT_EQUAL(p.body.type, 3);
  CU_ASSERT_EQUAL(p.trailing, 11);
  CU_ASSERT_EQUAL(p.body.report_data[0], 0xaa);
  CU_ASSERT_EQUAL(p.body.report_data[63], 0xaa);
  CU_ASSERT_EQUAL(p.body.mr_config_id[31], 0xbb);
  CU_ASSERT_NOT_EQUAL(p.body.mr_config_id[32], 0xbb); /* 32..47 kept */
  CU_ASSERT_EQUAL(p.body.mr_td[47], 0xcc);
  CU_ASSERT_EQUAL(p.body.rtmr[2][0], 0xdd);
  CU_ASSERT_EQUAL(p.body.xfam[1], 0x1a);
  CU_ASSERT_EQUAL(p.body.tee_tcb_svn2[0], 6);
  CU_ASSERT_EQUAL(p.body.tee_tcb_svn[0], 5);
  CU_ASSERT_EQUAL(p.qe_report.isv_svn, 5);
  CU_ASSERT_EQUAL(p.user_data[19], 0x14);
  free(q);
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  char pol[512];
  (void)snprintf(pol, sizeof pol,
                 "{\"report_data\": \"%s\", \"host_data\": \"%s\", \"tdx\": "
                 "{\"MrTd\": \"%s\", \"Xfam\": \"e71a060000000000\"}}",
                 rd, hd, mrtd);
  ASSERT_OUTCOME(verify_sim(pol), CONTRAST_OK, "UpToDate");
  teardown();
}

static void test_tdx_cmd_quote_versions_verify(void) {
  setup();
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  static const char *const vt[3][2] = {{"4", "2"}, {"5", "2"}, {"5", "3"}};
  for (size_t i = 0; i < 3; i++) {
    const char *extra[] = {"--version", vt[i][0], NULL, NULL, NULL};
    if (strcmp(vt[i][0], "5") == 0) {
      extra[2] = "--body-type";
      extra[3] = vt[i][1];
    }
    CU_ASSERT_EQUAL_FATAL(run_quote(extra), 0);
    ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_OK, "UpToDate");
  }
  /* the processor PCK with the processor PCK CRL */
  const char *const pq[] = {"--pck", "processor", NULL};
  CU_ASSERT_EQUAL_FATAL(run_quote(pq), 0);
  CU_ASSERT_EQUAL_FATAL(run_collateral(pq), 0);
  ASSERT_OUTCOME(verify_sim("{\"require_crl\": true}"), CONTRAST_OK,
                 "UpToDate");
  teardown();
}

static void test_tdx_cmd_statuses_from_options(void) {
  setup();
  /* an older PCK TCB (2,2,2,2,3,1,0,3 / 11) matches the default OutOfDate
   * level */
  const char *const older[] = {
      "--pck-tcb", "02020202030100030000000000000000:11", NULL};
  CU_ASSERT_EQUAL_FATAL(run_quote(older), 0);
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_TCB_STATUS, "OutOfDate");
  ASSERT_OUTCOME(verify_sim("{\"accepted_tcb_statuses\": [\"OutOfDate\"]}"),
                 CONTRAST_OK, "OutOfDate");
  /* a level of the given status for the default platform */
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  const char *const levels[] = {
      "--level",
      "UpToDate:13:05040202030100050000000000000000:"
      "05000200000000000000000000000000",
      "--level",
      "ConfigurationNeeded:13:04040202030100050000000000000000:"
      "05000200000000000000000000000000:INTEL-SA-00001+INTEL-SA-00002",
      NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(levels), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_TCB_STATUS,
                 "ConfigurationNeeded");
  /* module identity levels: module SVN 3 on an OutOfDate level */
  const char *const svn3[] = {
      "--tee-tcb-svn", "03010200000000000000000000000000", NULL};
  CU_ASSERT_EQUAL_FATAL(run_quote(svn3), 0);
  const char *const mod[] = {"--module-level", "TDX_01:4:UpToDate",
                             "--module-level", "TDX_01:3:Revoked", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(mod), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_TCB_STATUS, "Revoked");
  /* TD relaunch: v5 body 3, module OutOfDate, TEE_TCB_SVN_2 current */
  const char *const rl[] = {"--version", "5", "--body-type", "3",
                            "--tee-tcb-svn",
                            "03010200000000000000000000000000",
                            "--tee-tcb-svn2",
                            "05010200000000000000000000000000", NULL};
  CU_ASSERT_EQUAL_FATAL(run_quote(rl), 0);
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_TCB_STATUS, "TDRelaunchAdvised");
  /* QE identity levels: the QE at ISVSVN 3 */
  const char *const qe3[] = {"--qe-svn", "3", NULL};
  CU_ASSERT_EQUAL_FATAL(run_quote(qe3), 0);
  const char *const ql[] = {"--qe-level", "4:UpToDate", "--qe-level",
                            "3:OutOfDate:INTEL-SA-00999", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(ql), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_TCB_STATUS, "OutOfDate");
  CU_ASSERT_EQUAL_FATAL(run_collateral(NULL), 0); /* only isvsvn 4 */
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_TCB_STATUS, "NotSupported");
  /* no module identities for a module of major version 1 */
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  const char *const noid[] = {"--no-module-identities", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(noid), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_COLLATERAL, "");
  teardown();
}

static void test_tdx_cmd_collateral_revocation_and_validity(void) {
  setup();
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  const char *const rev[] = {"--revoke", "pck", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(rev), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_REVOKED, "");
  const char *const rev_ca[] = {"--revoke", "pck-ca", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(rev_ca), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_REVOKED, "");
  const char *const rev_s[] = {"--revoke", "tcb-signing", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(rev_s), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_REVOKED, "");
  /* collateral issued after now: EXPIRED; for another FMSPC: COLLATERAL */
  const char *const late[] = {"--issue-date", "2025-06-01T00:00:01Z", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(late), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_EXPIRED, "");
  const char *const crl_late[] = {"--crl-next-update", "2025-05-31T23:59:59Z",
                                  NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(crl_late), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_EXPIRED, "");
  const char *const other[] = {"--fmspc", "00806F050000", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(other), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_COLLATERAL, "");
  /* ... unless the PCK is of that FMSPC too */
  CU_ASSERT_EQUAL_FATAL(run_quote(other), 0);
  ASSERT_OUTCOME(verify_sim(NULL), CONTRAST_OK, "UpToDate");
  const char *const eval[] = {"--tcb-eval", "12", NULL};
  CU_ASSERT_EQUAL_FATAL(run_collateral(eval), 0);
  CU_ASSERT_EQUAL_FATAL(run_quote(NULL), 0);
  ASSERT_OUTCOME(
      verify_sim("{\"tdx\": {\"MinTCBEvaluationDataNumber\": 13}}"),
      CONTRAST_TCB_TOO_LOW, "UpToDate");
  teardown();
}

static void test_tdx_cmd_bad_usage_exits_2(void) {
  setup();
  static const char *const bad[][4] = {
      {"--version", NULL},
      {"--report-data", "zz", NULL},
      {"--report-data", "00000000000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000000"
                        "00000000000000000000000000000000", NULL},
      {"--rtmr", "4=00", NULL},
      {"--pck", "server", NULL},
      {"--qe-svn", "70000", NULL},
      {"--frobnicate", NULL},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(bad); i++)
    CU_ASSERT_EQUAL(run_quote(bad[i]), 2);
  static const char *const cbad[][4] = {
      {"--level", "Great:13:00:00", NULL},
      {"--module-level", "TDX_01:4:ConfigurationNeeded", NULL},
      {"--qe-level", "x:UpToDate", NULL},
      {"--issue-date", "yesterday", NULL},
      {"--revoke", "everything", NULL},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(cbad); i++)
    CU_ASSERT_EQUAL(run_collateral(cbad[i]), 2);
  /* no keys directory: an operational failure, exit 1 */
  const char *const nokeys[] = {"quote", "--keys", "/nonexistent/keys", "-o",
                                quote, NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_tdx, "tdx", nokeys), 1);
  const char *const help[] = {"quote", "--help", NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_tdx, "tdx", help), 0);
  const char *const chelp[] = {"collateral", "--help", NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_tdx, "tdx", chelp), 0);
  const char *const unknown[] = {"report", NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_tdx, "tdx", unknown), 2);
  teardown();
}

int main(void) {
  static const test_case tests[] = {
      {"test_tdx_cmd_defaults_verify_with_sim_root",
       test_tdx_cmd_defaults_verify_with_sim_root},
      {"test_tdx_cmd_defaults_with_real_intel_root_are_chain",
       test_tdx_cmd_defaults_with_real_intel_root_are_chain},
      {"test_tdx_cmd_case_trust_labels", test_tdx_cmd_case_trust_labels},
      {"test_tdx_cmd_quote_fields_are_settable",
       test_tdx_cmd_quote_fields_are_settable},
      {"test_tdx_cmd_quote_versions_verify",
       test_tdx_cmd_quote_versions_verify},
      {"test_tdx_cmd_statuses_from_options",
       test_tdx_cmd_statuses_from_options},
      {"test_tdx_cmd_collateral_revocation_and_validity",
       test_tdx_cmd_collateral_revocation_and_validity},
      {"test_tdx_cmd_bad_usage_exits_2", test_tdx_cmd_bad_usage_exits_2},
      {NULL, NULL}};
  return test_run_suite("sim_tdx_cmd", tests);
}
