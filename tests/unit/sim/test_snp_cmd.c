/* sim/snp_cmd.c: `contrast-sim snp report`. A report it makes parses with
 * the fields asked for, verifies against the simulator's roots (the roots
 * folder of the keys directory, as --trust-sim loads it) and is CHAIN with
 * the real AMD roots; through contrast_verify_case a sim-signed case is
 * CHAIN when labelled `trust: amd`, even with the simulator's roots loaded
 * (pinning by bytes, not names: spec/CASES.md "Roots"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "sim.h"
#include "simtest.h"
#include "snp_pki.h"
#include "testpki.h"
#include "testsupport.h"

static char keys[256], out[256];
static contrast_trust sim_roots, real_roots;
static int ready;

static void setup(void) {
  if (ready)
    return;
  st_tmpdir("sim-cmd-keys", keys);
  st_tmpdir("sim-cmd-out", out);
  st_keys_init(keys);
  st_trust_sim(keys, &sim_roots);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_trust_load_builtin(&real_roots, &err), 0);
  ready = 1;
}

static void opath(char *p, const char *name) { st_path(p, out, name); }

/* snp report --keys KEYS -o OUT/report.bin --vcek-out/--vlek-out ... plus
 * extra args (NULL-terminated); returns the exit status. */
static int report(const char *signer, const char *const *extra) {
  setup();
  const char *args[64];
  size_t n = 0;
  char rpath[4096], vpath[4096];
  opath(rpath, "report.bin");
  opath(vpath, strcmp(signer, "vlek") == 0 ? "vlek.der" : "vcek.der");
  args[n++] = "report";
  args[n++] = "--keys";
  args[n++] = keys;
  args[n++] = "-o";
  args[n++] = rpath;
  args[n++] = "--signer";
  args[n++] = signer;
  args[n++] = strcmp(signer, "vlek") == 0 ? "--vlek-out" : "--vcek-out";
  args[n++] = vpath;
  for (size_t i = 0; extra[i] != NULL && n < 63; i++)
    args[n++] = extra[i];
  args[n] = NULL;
  return st_run(sim_cmd_snp, "snp", args);
}

static contrast_code verify_with(const contrast_trust *t, const char *signer,
                                 const json_t *policy, int64_t now) {
  char rpath[4096], vpath[4096];
  opath(rpath, "report.bin");
  const int vlek = strcmp(signer, "vlek") == 0;
  opath(vpath, vlek ? "vlek.der" : "vcek.der");
  return st_verify(&t->snp, rpath, vpath, vlek ? SNP_VEK_VLEK : SNP_VEK_VCEK,
                   policy, now);
}

static void parsed(snp_report *r) {
  char rpath[4096];
  opath(rpath, "report.bin");
  size_t len = 0;
  uint8_t *buf = st_read(rpath, &len);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(snp_report_parse(buf, len, r, &err), 0);
  free(buf);
}

/* ---- tests ---- */

static void test_sim_snp_report_every_product_version_signer(void) {
  static const char *const products[] = {"milan", "genoa", "turin"};
  static const char *const versions[] = {"2", "3", "5"};
  static const char *const signers[] = {"vcek", "vlek"};
  for (size_t p = 0; p < 3; p++)
    for (size_t v = 0; v < 3; v++)
      for (size_t s = 0; s < 2; s++) {
        if (p == 2 && v == 0)
          continue; /* no v2 Turin */
        const char *extra[] = {"--product", products[p], "--version",
                               versions[v], NULL};
        CU_ASSERT_EQUAL_FATAL(report(signers[s], extra), 0);
        contrast_code a = verify_with(&sim_roots, signers[s], NULL, SIM_T_NOW);
        contrast_code b = verify_with(&real_roots, signers[s], NULL, SIM_T_NOW);
        if (a != CONTRAST_OK || b != CONTRAST_CHAIN)
          fprintf(stderr, "  %s v%s %s: %s / %s\n", products[p], versions[v],
                  signers[s], contrast_code_name(a), contrast_code_name(b));
        CU_ASSERT_EQUAL(a, CONTRAST_OK);
        CU_ASSERT_EQUAL(b, CONTRAST_CHAIN);
        snp_report r;
        parsed(&r);
        CU_ASSERT_EQUAL(r.version, (uint32_t)atoi(versions[v]));
        CU_ASSERT_EQUAL(r.signing_key,
                        s == 0 ? SNP_SIGNING_KEY_VCEK : SNP_SIGNING_KEY_VLEK);
      }
}

static void test_sim_snp_report_defaults(void) {
  static const char *const none[] = {NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", none), 0);
  snp_report r;
  parsed(&r);
  CU_ASSERT_EQUAL(r.version, 5);
  CU_ASSERT_EQUAL(r.policy, 0x30000);
  CU_ASSERT_EQUAL(r.platform_info, 0x25);
  CU_ASSERT_EQUAL(r.cpuid_fam_id, 0x19);
  CU_ASSERT_EQUAL(r.cpuid_mod_id, 0x01);
  sim_snp_tcb t = sim_snp_tcb_default(SNP_PRODUCT_MILAN);
  uint64_t raw = sim_snp_tcb_raw(SNP_PRODUCT_MILAN, &t);
  CU_ASSERT_EQUAL(r.reported_tcb, raw);
  CU_ASSERT_EQUAL(r.current_tcb, raw);
  CU_ASSERT_EQUAL(r.committed_tcb, raw);
  CU_ASSERT_EQUAL(r.launch_tcb, raw);
  /* the first chip of the keys directory */
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pki);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_snp_pki_load(keys, pki, &err), 0);
  CU_ASSERT_EQUAL(memcmp(r.chip_id, pki->p[SNP_PRODUCT_MILAN].chips[0], 64), 0);
  sim_snp_pki_wipe(pki);
  free(pki);
}

static void test_sim_snp_report_fields_are_settable(void) {
  const char *extra[] = {"--product",
                         "genoa",
                         "--version",
                         "3",
                         "--report-data",
                         "0102",
                         "--measurement",
                         "aa",
                         "--host-data",
                         "ffee",
                         "--policy",
                         "0x70000",
                         "--vmpl",
                         "2",
                         "--platform-info",
                         "0x1",
                         "--guest-svn",
                         "7",
                         "--family-id",
                         "11",
                         "--image-id",
                         "22",
                         "--report-id",
                         "33",
                         "--report-id-ma",
                         "44",
                         "--id-key-digest",
                         "55",
                         "--author-key-digest",
                         "66",
                         "--cpuid",
                         "0x19,0xa0,2",
                         "--current-version",
                         "1.56.3",
                         "--committed-version",
                         "1.55.40",
                         "--current-tcb",
                         "bl=11,snp=26",
                         NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", extra), 0);
  snp_report r;
  parsed(&r);
  CU_ASSERT(r.report_data[0] == 1 && r.report_data[1] == 2 &&
            r.report_data[2] == 0);
  CU_ASSERT(r.measurement[0] == 0xaa && r.measurement[1] == 0);
  CU_ASSERT(r.host_data[0] == 0xff && r.host_data[1] == 0xee);
  CU_ASSERT_EQUAL(r.policy, 0x70000);
  CU_ASSERT_EQUAL(r.vmpl, 2);
  CU_ASSERT_EQUAL(r.platform_info, 1);
  CU_ASSERT_EQUAL(r.guest_svn, 7);
  CU_ASSERT_EQUAL(r.family_id[0], 0x11);
  CU_ASSERT_EQUAL(r.image_id[0], 0x22);
  CU_ASSERT_EQUAL(r.report_id[0], 0x33);
  CU_ASSERT_EQUAL(r.report_id_ma[0], 0x44);
  CU_ASSERT_EQUAL(r.report_id_ma[1], 0);
  CU_ASSERT_EQUAL(r.id_key_digest[0], 0x55);
  CU_ASSERT_EQUAL(r.author_key_digest[0], 0x66);
  CU_ASSERT_EQUAL(r.cpuid_mod_id, 0xa0);
  CU_ASSERT_EQUAL(r.cpuid_step, 2);
  CU_ASSERT(r.current_major == 1 && r.current_minor == 56 &&
            r.current_build == 3);
  CU_ASSERT(r.committed_major == 1 && r.committed_minor == 55 &&
            r.committed_build == 40);
  snp_tcb cur;
  snp_tcb_decode(r.current_tcb, SNP_PRODUCT_GENOA, &cur);
  CU_ASSERT(cur.bootloader == 11 && cur.snp == 26 && cur.microcode == 84);
  /* provisional firmware, SMT and MIGRATE_MA set: still verifies */
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_OK);
  /* policy data match */
  json_error_t je;
  json_t *pol = json_loads(
      "{\"snp\": {\"ProductName\": \"Genoa\"}, \"vmpl\": 2, \"host_data\": "
      "\"ffee000000000000000000000000000000000000000000000000000000000000\"}",
      0, &je);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pol);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", pol, SIM_T_NOW), CONTRAST_OK);
  json_decref(pol);
}

static void test_sim_snp_report_v5_mitigation_vectors(void) {
  const char *extra[] = {
      "--product", "turin", "--launch-mit-vector", "3", "--current-mit-vector",
      "0x7",       NULL};
  CU_ASSERT_EQUAL_FATAL(report("vlek", extra), 0);
  snp_report r;
  parsed(&r);
  CU_ASSERT_EQUAL(r.launch_mit_vector, 3);
  CU_ASSERT_EQUAL(r.current_mit_vector, 7);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vlek", NULL, SIM_T_NOW),
                  CONTRAST_OK);
}

static void test_sim_snp_report_new_tcb_issues_a_vcek(void) {
  const char *extra[] = {"--product", "turin", "--tcb",
                         "fmc=3,bl=4,tee=1,snp=9,ucode=80", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", extra), 0);
  snp_report r;
  parsed(&r);
  snp_tcb t;
  snp_tcb_decode(r.reported_tcb, SNP_PRODUCT_TURIN, &t);
  CU_ASSERT(t.fmc == 3 && t.bootloader == 4 && t.tee == 1 && t.snp == 9 &&
            t.microcode == 80);
  CU_ASSERT_EQUAL(r.launch_tcb, r.reported_tcb);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_OK);
  /* the VCEK was stored under vcek/<8-byte hwid>/<tcb> */
  char rel[512], path[4096], hwid[17];
  contrast_hex_encode(r.chip_id, 8, hwid);
  (void)snprintf(rel, sizeof rel, "amd/turin/vcek/%s/%016llx.pem", hwid,
                 (unsigned long long)r.reported_tcb);
  st_path(path, keys, rel);
  CU_ASSERT(st_exists(path));
}

static void test_sim_snp_report_other_chip_issues_a_vcek(void) {
  const char *extra[] = {"--chip-id",
                         "00112233445566778899aabbccddeeff00112233445566778899"
                         "aabbccddeeff00112233445566778899aabbccddeeff00112233"
                         "445566778899aabbccddeeff",
                         NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", extra), 0);
  snp_report r;
  parsed(&r);
  CU_ASSERT(r.chip_id[1] == 0x11 && r.chip_id[63] == 0xff);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_OK);
}

static void test_sim_snp_report_only_reported_tcb_moves(void) {
  const char *extra[] = {"--product", "genoa", "--reported-tcb",
                         "0x5519000000000009", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", extra), 0);
  snp_report r;
  parsed(&r);
  CU_ASSERT_EQUAL(r.reported_tcb, 0x5519000000000009ull);
  sim_snp_tcb t = sim_snp_tcb_default(SNP_PRODUCT_GENOA);
  CU_ASSERT_EQUAL(r.committed_tcb, sim_snp_tcb_raw(SNP_PRODUCT_GENOA, &t));
  /* the VCEK follows REPORTED_TCB */
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_OK);
}

static void test_sim_snp_report_faults_give_their_codes(void) {
  const char *mask[] = {"--mask-chip-id", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", mask), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_TCB_MISMATCH);
  const char *nosign[] = {"--no-sign", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vlek", nosign), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vlek", NULL, SIM_T_NOW),
                  CONTRAST_SIGNATURE);
  const char *unsigned_[] = {"--signer-info", "0x1c", "--no-sign", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", unsigned_), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_UNSUPPORTED);
  const char *algo[] = {"--signature-algo", "2", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", algo), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_UNSUPPORTED);
  const char *v6[] = {"--version", "6", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", v6), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_UNSUPPORTED);
  const char *debug[] = {"--policy", "0xb0000", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", debug), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vcek", NULL, SIM_T_NOW),
                  CONTRAST_DEBUG);
}

static void test_sim_snp_report_issued_sets_vek_validity(void) {
  const char *extra[] = {"--product", "genoa", "--issued",
                         "2030-01-01T00:00:00Z", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vlek", extra), 0);
  int64_t t2030 = contrast_time_from_civil(2030, 1, 1, 0, 0, 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vlek", NULL, t2030), CONTRAST_OK);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vlek", NULL, t2030 - 1),
                  CONTRAST_EXPIRED);
  CU_ASSERT_EQUAL(
      verify_with(&sim_roots, "vlek", NULL, t2030 + SIM_VLEK_LIFETIME + 1),
      CONTRAST_EXPIRED);
  /* issue it back as keys init did, for the tests after this one */
  const char *back[] = {"--product", "genoa", "--issued",
                        "2025-06-01T00:00:00Z", NULL};
  CU_ASSERT_EQUAL_FATAL(report("vlek", back), 0);
  CU_ASSERT_EQUAL(verify_with(&sim_roots, "vlek", NULL, SIM_T_NOW),
                  CONTRAST_OK);
}

static void test_sim_snp_report_chain_crl_and_pem_outputs(void) {
  char chain[4096], crl[4096], pem[4096];
  opath(chain, "chain.pem");
  opath(crl, "crl.der");
  opath(pem, "vcek.pem");
  const char *extra[] = {
      "--product", "turin", "--cert-chain-out", chain, "--crl-out", crl, NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", extra), 0);
  /* byte for byte the keys directory's KDS files */
  char want[4096];
  size_t a = 0, b = 0;
  st_path(want, keys, "amd/turin/cert_chain.pem");
  uint8_t *x = st_read(chain, &a), *y = st_read(want, &b);
  CU_ASSERT(a == b && memcmp(x, y, a) == 0);
  free(x);
  free(y);
  st_path(want, keys, "amd/turin/crl.der");
  x = st_read(crl, &a);
  y = st_read(want, &b);
  CU_ASSERT(a == b && memcmp(x, y, a) == 0);
  free(x);
  free(y);
  /* the whole set verifies, with require_crl */
  char rpath[4096], vpath[4096];
  opath(rpath, "report.bin");
  opath(vpath, "vcek.der");
  size_t rl = 0, vl = 0, cl = 0, kl = 0;
  uint8_t *rep = st_read(rpath, &rl), *vek = st_read(vpath, &vl),
          *ch = st_read(chain, &cl), *cr = st_read(crl, &kl);
  snp_endorsements e = {.vek = vek,
                        .vek_len = vl,
                        .vek_kind = SNP_VEK_VCEK,
                        .cert_chain = ch,
                        .cert_chain_len = cl,
                        .crl = cr,
                        .crl_len = kl};
  json_error_t je;
  json_t *pol = json_loads("{\"require_crl\": true}", 0, &je);
  contrast_verdict v;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_verify_snp(&sim_roots.snp, rep, rl, &e, pol,
                                            SIM_T_NOW, NULL, &v, &err),
                        0);
  CU_ASSERT_EQUAL(v.reason, CONTRAST_OK);
  contrast_verdict_wipe(&v);
  json_decref(pol);
  free(rep);
  free(vek);
  free(ch);
  free(cr);
  /* a .pem name gives PEM */
  const char *pemx[] = {"--vcek-out", pem, NULL};
  CU_ASSERT_EQUAL_FATAL(report("vcek", pemx), 0);
  x = st_read(pem, &a);
  CU_ASSERT(a > 27 && memcmp(x, "-----BEGIN CERTIFICATE-----", 27) == 0);
  free(x);
}

static void write_case(const char *dir, const char *name, const char *trust) {
  char path[4096];
  st_path(path, dir, "case.json");
  char text[1024];
  int n = snprintf(text, sizeof text,
                   "{\"format\": 1, \"name\": \"%s\", \"tee\": \"snp\", "
                   "\"trust\": \"%s\", \"description\": \"test\", \"now\": "
                   "\"2026-01-01T00:00:00Z\", \"evidence\": \"report.bin\", "
                   "\"endorsements\": {\"vcek\": \"vcek.der\", \"cert_chain\": "
                   "\"cert_chain.pem\"}, \"expect\": {\"verdict\": "
                   "\"accept\"}}\n",
                   name, trust);
  CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof text);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_file_write_atomic(path, (const uint8_t *)text,
                                                   (size_t)n, 0644, &err),
                        0);
}

static contrast_code verify_case(const char *dir, int with_sim) {
  contrast_case c;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(contrast_case_load(dir, &c, &err), 0);
  contrast_verify_ctx ctx = {.builtin = &real_roots,
                             .sim = with_sim ? &sim_roots : NULL};
  contrast_verdict v;
  CU_ASSERT_EQUAL_FATAL(contrast_verify_case(&c, &ctx, &v, &err), 0);
  contrast_code code = v.reason;
  contrast_verdict_wipe(&v);
  contrast_case_wipe(&c);
  return code;
}

/* CASES.md "Roots": sim evidence is CHAIN without --trust-sim, accepted with
 * it; labelled `trust: amd` it is CHAIN even with the simulator's roots
 * loaded: its names are AMD's, its bytes are not. */
static void test_sim_snp_case_trust_labels(void) {
  setup();
  char dir[4096], sub[4096];
  static const char *const labels[] = {"sim", "amd"};
  for (int i = 0; i < 2; i++) {
    (void)snprintf(sub, sizeof sub, "snp-sim-labelled-%s", labels[i]);
    st_path(dir, out, sub);
    contrast_err err;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(sim_mkdirs(dir, &err), 0);
    char r[4096], v[4096], ch[4096];
    st_path(r, dir, "report.bin");
    st_path(v, dir, "vcek.der");
    st_path(ch, dir, "cert_chain.pem");
    const char *args[] = {"report", "--keys",     keys,    "-o",
                          r,        "--vcek-out", v,       "--cert-chain-out",
                          ch,       "--product",  "genoa", NULL};
    CU_ASSERT_EQUAL_FATAL(st_run(sim_cmd_snp, "snp", args), 0);
    write_case(dir, sub, labels[i]);
  }
  st_path(dir, out, "snp-sim-labelled-sim");
  CU_ASSERT_EQUAL(verify_case(dir, 1), CONTRAST_OK);
  CU_ASSERT_EQUAL(verify_case(dir, 0), CONTRAST_CHAIN);
  st_path(dir, out, "snp-sim-labelled-amd");
  CU_ASSERT_EQUAL(verify_case(dir, 1), CONTRAST_CHAIN);
  CU_ASSERT_EQUAL(verify_case(dir, 0), CONTRAST_CHAIN);
}

static void test_sim_snp_report_bad_usage_exits_2(void) {
  setup();
  char r[4096];
  opath(r, "report.bin");
  const char *const cases[][12] = {
      {"report", "-o", r, NULL},
      {"report", "--keys", keys, NULL},
      {"report", "--keys", keys, "-o", r, "--bogus", "1", NULL},
      {"report", "--keys", keys, "-o", r, "--product", "rome", NULL},
      {"report", "--keys", keys, "-o", r, "--signer", "vcek", "--vlek-out", r,
       NULL},
      {"report", "--keys", keys, "-o", r, "--report-data", "xyz", NULL},
      {"report", "--keys", keys, "-o", r, "--measurement",
       "00000000000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000",
       NULL},
      {"report", "--keys", keys, "-o", r, "--tcb", "bl=1,fmc=2", NULL},
      {"report", "--keys", keys, "-o", r, "--cpuid", "1,2", NULL},
      {"report", "--keys", keys, "-o", r, "--issued", "2030-01-01", NULL},
      {"report", "--keys", keys, "-o", r, "--vmpl", NULL},
      {"create", NULL},
  };
  for (size_t i = 0; i < ST_LEN(cases); i++) {
    int rc = st_run(sim_cmd_snp, "snp", cases[i]);
    if (rc != 2)
      fprintf(stderr, "  usage case %zu: exit %d\n", i, rc);
    CU_ASSERT_EQUAL(rc, 2);
  }
  static const char *const help[] = {"report", "--help", NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_snp, "snp", help), 0);
  /* a keys directory that is not one: an operational failure */
  static const char *const nokeys[] = {"report", "--keys", "/nonexistent",
                                       "-o",     "/tmp/x", NULL};
  CU_ASSERT_EQUAL(st_run(sim_cmd_snp, "snp", nokeys), 1);
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_snp_report_every_product_version_signer",
       test_sim_snp_report_every_product_version_signer},
      {"test_sim_snp_report_defaults", test_sim_snp_report_defaults},
      {"test_sim_snp_report_fields_are_settable",
       test_sim_snp_report_fields_are_settable},
      {"test_sim_snp_report_v5_mitigation_vectors",
       test_sim_snp_report_v5_mitigation_vectors},
      {"test_sim_snp_report_new_tcb_issues_a_vcek",
       test_sim_snp_report_new_tcb_issues_a_vcek},
      {"test_sim_snp_report_other_chip_issues_a_vcek",
       test_sim_snp_report_other_chip_issues_a_vcek},
      {"test_sim_snp_report_only_reported_tcb_moves",
       test_sim_snp_report_only_reported_tcb_moves},
      {"test_sim_snp_report_faults_give_their_codes",
       test_sim_snp_report_faults_give_their_codes},
      {"test_sim_snp_report_issued_sets_vek_validity",
       test_sim_snp_report_issued_sets_vek_validity},
      {"test_sim_snp_report_chain_crl_and_pem_outputs",
       test_sim_snp_report_chain_crl_and_pem_outputs},
      {"test_sim_snp_case_trust_labels", test_sim_snp_case_trust_labels},
      {"test_sim_snp_report_bad_usage_exits_2",
       test_sim_snp_report_bad_usage_exits_2},
      {NULL, NULL}};
  int rc = test_run_suite("sim/snp_cmd.c", tests);
  if (ready) {
    contrast_trust_wipe(&sim_roots);
    contrast_trust_wipe(&real_roots);
    contrast_err err;
    contrast_err_clear(&err);
    if (sim_rmtree(keys, &err) != 0 || sim_rmtree(out, &err) != 0)
      rc = 1;
  }
  tp_cleanup();
  return rc;
}
