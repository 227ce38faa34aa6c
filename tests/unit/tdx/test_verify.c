/* backends/tdx/verify.c: tdx_verify, every reason code it can give, and
 * the TCB statuses it computes (judged with tdx_appraise).
 *
 * Each test builds one case with the TDX test PKI (tdxpki.h: its own test
 * root, pinned for that case only), puts exactly one fault in it and
 * asserts the exact code. The expected code comes from spec/CASES.md (the
 * reason table and its order, "Time", "Roots", the "never optional"
 * checks) and spec/tdx.md (§1 layout, §4 PCK, §5 collateral, §6 the
 * verification steps, §7 the TCB status), never from running the
 * verifier. The real cases of vectors/real/tdx are run against the
 * `expect` their authors wrote. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/tdx.h"
#include "tdxpki.h"
#include "testsupport.h"

#define S(x) TDX_STATUS_##x

/* ---- running a case ---- */

static tdx_verified *vnew(void) {
  tdx_verified *v = calloc(1, sizeof *v);
  CU_ASSERT_FATAL(v != NULL);
  return v;
}

/* Build, verify, expect want; *v (optional) receives the result. */
static int run(tt_case *c, contrast_code want, tdx_verified *out) {
  tt_case_build(c);
  tdx_verified *v = out != NULL ? out : vnew();
  contrast_err e;
  int rc = tt_case_verify(c, v, &e);
  ASSERT_CODE(e, want);
  CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
  if (out == NULL)
    free(v);
  return e.code == want;
}

static void expect(tt_case *c, contrast_code want) {
  run(c, want, NULL);
  tt_case_wipe(c);
}

/* verify + appraise with a policy (JSON text, NULL = empty) */
static void expect_check(tt_case *c, const char *policy, contrast_code want,
                         int has_status, tdx_status status) {
  tt_case_build(c);
  tdx_verified *v = vnew();
  contrast_err e;
  int rc = tt_case_check(c, policy, v, &e);
  ASSERT_CODE(e, want);
  CU_ASSERT_EQUAL(rc, want == CONTRAST_OK ? 0 : -1);
  CU_ASSERT_EQUAL(v->has_status, has_status);
  if (has_status && v->status != status)
    fprintf(stderr, "  expected status %s, got %s\n", tdx_status_name(status),
            tdx_status_name(v->status));
  if (has_status)
    CU_ASSERT_EQUAL(v->status, status);
  free(v);
  tt_case_wipe(c);
}

#define CASE(var, ver, type)                                                  \
  tt_case var;                                                                \
  tt_case_init(&var, ver, type)

static void set_str(char *dst, size_t cap, const char *s) {
  (void)snprintf(dst, cap, "%s", s);
}

/* ==== accept ==== */

static void accept_kind(uint16_t version, uint16_t type) {
  CASE(c, version, type);
  tdx_verified *v = vnew();
  CU_ASSERT_TRUE(run(&c, CONTRAST_OK, v));
  CU_ASSERT_EQUAL(v->has_quote, 1);
  CU_ASSERT_EQUAL(v->quote.version, version);
  CU_ASSERT_EQUAL(v->quote.body.type, type);
  CU_ASSERT_EQUAL(v->has_pck, 1);
  CU_ASSERT_EQUAL(memcmp(v->pck.fmspc, c.pck.ext.fmspc, 6), 0);
  CU_ASSERT_EQUAL(v->pck.has_piid, 1);
  CU_ASSERT_EQUAL(v->has_status, 1);
  CU_ASSERT_EQUAL(v->status, S(UP_TO_DATE));
  CU_ASSERT_EQUAL(v->n_advisories, 0);
  CU_ASSERT_EQUAL(v->tcb_evaluation_data_number, 17);
  free(v);
  tt_case_wipe(&c);
}

static void test_tdx_verify_v4_accepts(void) { accept_kind(4, 2); }
static void test_tdx_verify_v5_type2_accepts(void) { accept_kind(5, 2); }
static void test_tdx_verify_v5_type3_accepts(void) { accept_kind(5, 3); }

static void test_tdx_verify_processor_ca_pck_accepts(void) {
  /* §4.1/§4.2: a PCK of the Processor CA carries the 5-entry extension */
  CASE(c, 4, 2);
  tt_case_set_ca_cn(&c, "Intel SGX PCK Processor CA");
  c.pck.ext.platform = 0;
  tdx_verified *v = vnew();
  CU_ASSERT_TRUE(run(&c, CONTRAST_OK, v));
  CU_ASSERT_EQUAL(v->pck.has_piid, 0);
  free(v);
  tt_case_wipe(&c);
}

static void test_tdx_verify_optional_collateral_absent_accepts(void) {
  /* CRLs are optional unless require_crl (CASES.md policy table) */
  CASE(c, 4, 2);
  c.with_pck_crl = 0;
  c.with_root_crl = 0;
  c.with_crl_chain = 0;
  expect(&c, CONTRAST_OK);
  tt_case_init(&c, 5, 3);
  c.with_crl_chain = 0; /* the PCK CRL checked against the PCK chain's CA */
  expect(&c, CONTRAST_OK);
  tt_case_init(&c, 5, 3);
  c.require_crl = 1; /* both given */
  expect(&c, CONTRAST_OK);
}

static void test_tdx_verify_qe_identity_signer_distinct_accepts(void) {
  /* the QE identity signed by another Intel SGX TCB Signing certificate */
  CASE(c, 4, 2);
  c.qe_signer = tt_signer_spec();
  c.qe_signer.key = TT_KEY_TCB_OTHER;
  c.qe_signer.serial = 0x5005;
  c.qe_signer_set = 1;
  c.qe_identity.signer = TT_KEY_TCB_OTHER;
  expect(&c, CONTRAST_OK);
}

/* ==== the real cases: their authors' expectations ==== */

static void test_tdx_verify_real_cases_as_expected(void) {
  static const struct {
    const char *name;
    contrast_code reason;
    int has_status;
    tdx_status status;
  } rows[] = {
      {"tdx-v4-dcap-qvl-uptodate", CONTRAST_OK, 1, S(UP_TO_DATE)},
      {"tdx-v4-gcp-cos-uptodate", CONTRAST_OK, 1, S(UP_TO_DATE)},
      {"tdx-v4-azure-outofdate", CONTRAST_TCB_STATUS, 1, S(OUT_OF_DATE)},
      {"tdx-v4-azure-outofdate-accepted", CONTRAST_OK, 1, S(OUT_OF_DATE)},
      {"tdx-v4-debug-td", CONTRAST_DEBUG, 1, S(UP_TO_DATE)},
      {"tdx-v4-debug-td-allowed", CONTRAST_OK, 1, S(UP_TO_DATE)},
      {"tdx-v4-spr-no-tcb-level", CONTRAST_TCB_STATUS, 1, S(NOT_SUPPORTED)},
      {"tdx-derived-report-data-flipped", CONTRAST_SIGNATURE, 0, 0},
      {"tdx-derived-tcb-info-bad-signature", CONTRAST_COLLATERAL, 0, 0},
      {"tdx-derived-tcb-info-expired", CONTRAST_EXPIRED, 0, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    tt_real r;
    tt_real_load(&r, rows[i].name);
    tdx_verified *v = vnew();
    contrast_err e;
    int rc = tt_real_check(&r, r.c.evidence, r.c.evidence_len, v, &e);
    if (e.code != rows[i].reason)
      fprintf(stderr, "  %s\n", rows[i].name);
    ASSERT_CODE(e, rows[i].reason);
    CU_ASSERT_EQUAL(rc, rows[i].reason == CONTRAST_OK ? 0 : -1);
    CU_ASSERT_EQUAL(v->has_status, rows[i].has_status);
    if (rows[i].has_status)
      CU_ASSERT_EQUAL(v->status, rows[i].status);
    free(v);
    tt_real_wipe(&r);
  }
}

static void test_tdx_verify_real_azure_advisories(void) {
  /* Azure: platform level [1] (3 advisories) and module TDX_01 level
   * isvsvn 2 (OutOfDate, no advisories in this body): the verdict carries
   * the level's INTEL-SA-00960, -00982, -00986 */
  tt_real r;
  tt_real_load(&r, "tdx-v4-azure-outofdate");
  tdx_verified *v = vnew();
  contrast_err e;
  (void)tt_real_check(&r, r.c.evidence, r.c.evidence_len, v, &e);
  CU_ASSERT_EQUAL_FATAL(v->n_advisories, 3);
  CU_ASSERT_STRING_EQUAL(v->advisories[0], "INTEL-SA-00960");
  CU_ASSERT_STRING_EQUAL(v->advisories[1], "INTEL-SA-00982");
  CU_ASSERT_STRING_EQUAL(v->advisories[2], "INTEL-SA-00986");
  CU_ASSERT_EQUAL(v->tcb_evaluation_data_number, 17);
  free(v);
  tt_real_wipe(&r);
}

/* ==== MALFORMED ==== */

static void test_tdx_verify_bad_pck_chain_pem_fails_malformed(void) {
  static const char *const bad[] = {
      "not a PEM chain",
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
      ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CASE(c, 4, 2);
    c.pck_chain_raw = (const uint8_t *)bad[i];
    c.pck_chain_raw_len = strlen(bad[i]);
    tdx_verified *v = vnew();
    run(&c, CONTRAST_MALFORMED, v);
    CU_ASSERT_EQUAL(v->has_quote, 1);
    CU_ASSERT_EQUAL(v->has_status, 0);
    free(v);
    tt_case_wipe(&c);
  }
  /* §1.4: at most one NUL after the chain */
  CASE(c, 4, 2);
  tt_cert_spec chain[3] = {c.pck, c.ca, c.root};
  size_t plen;
  char *pem = tt_pem_chain(chain, 3, &plen);
  char *two = malloc(plen + 2);
  CU_ASSERT_FATAL(two != NULL);
  memcpy(two, pem, plen);
  two[plen] = two[plen + 1] = '\0';
  c.pck_chain_raw = (const uint8_t *)two;
  c.pck_chain_raw_len = plen + 2;
  c.quote.chain_nul = 0;
  expect(&c, CONTRAST_MALFORMED);
  two[plen] = 0x01; /* GTG TestParsePckChain: a trailing 0x01 is refused */
  c.pck_chain_raw_len = plen + 1;
  tt_case_init(&c, 4, 2);
  c.pck_chain_raw = (const uint8_t *)two;
  c.pck_chain_raw_len = plen + 1;
  c.quote.chain_nul = 0;
  expect(&c, CONTRAST_MALFORMED);
  /* without the NUL: fine */
  tt_case_init(&c, 4, 2);
  c.quote.chain_nul = 0;
  expect(&c, CONTRAST_OK);
  free(two);
  free(pem);
}

static void test_tdx_verify_pck_extension_problems_fail_malformed(void) {
  CASE(c, 4, 2);
  c.pck.no_sgx_ext = 1;
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.pck.dup_sgx_ext = 1;
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.pck.ext.omit = 1u << 4; /* no FMSPC */
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.pck.ext.tcb_omit = 1u << 17; /* 17 TCB entries */
  expect(&c, CONTRAST_MALFORMED);
}

static void test_tdx_verify_bad_collateral_encodings_fail_malformed(void) {
  static const char bad_json[] = "{\"tcbInfo\":{";
  static const uint8_t bad_der[] = {0x30, 0x03, 0x02, 0x01};
  static const char bad_pem[] = "-----BEGIN CERTIFICATE-----\n!!\n";
  CASE(c, 4, 2);
  c.tcb_info_raw = (const uint8_t *)bad_json;
  c.tcb_info_raw_len = sizeof bad_json - 1;
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.qe_identity_raw = (const uint8_t *)"[]";
  c.qe_identity_raw_len = 2;
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.pck_crl_raw = bad_der;
  c.pck_crl_raw_len = sizeof bad_der;
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.root_crl_raw = (const uint8_t *)"garbage";
  c.root_crl_raw_len = 7;
  expect(&c, CONTRAST_MALFORMED);
  tt_case_init(&c, 4, 2);
  c.tcb_chain_raw = (const uint8_t *)bad_pem;
  c.tcb_chain_raw_len = sizeof bad_pem - 1;
  expect(&c, CONTRAST_MALFORMED);
  /* a CRL given as a certificate */
  tt_case_init(&c, 4, 2);
  size_t n;
  const uint8_t *der = tt_cert_der(&c.ca, &n);
  c.pck_crl_raw = der;
  c.pck_crl_raw_len = n;
  expect(&c, CONTRAST_MALFORMED);
}

static void test_tdx_verify_duplicate_tcb_levels_fail_malformed(void) {
  /* §5.2: QVL rejects duplicate levels */
  CASE(c, 4, 2);
  c.tcb_info.levels[1] = c.tcb_info.levels[0];
  expect(&c, CONTRAST_MALFORMED);
}

/* ==== UNSUPPORTED ==== */

static void test_tdx_verify_unsupported_quote_fails_unsupported(void) {
  CASE(c, 4, 2);
  c.quote.version = 3;
  tdx_verified *v = vnew();
  run(&c, CONTRAST_UNSUPPORTED, v);
  CU_ASSERT_EQUAL(v->has_quote, 0);
  CU_ASSERT_EQUAL(v->has_status, 0);
  free(v);
  tt_case_wipe(&c);
  tt_case_init(&c, 5, 3);
  c.quote.tee_type = 0;
  expect(&c, CONTRAST_UNSUPPORTED);
  tt_case_init(&c, 5, 2);
  c.quote.att_key_type = 3;
  expect(&c, CONTRAST_UNSUPPORTED);
  tt_case_init(&c, 4, 2);
  c.quote.inner_type = 4;
  expect(&c, CONTRAST_UNSUPPORTED);
}

/* ==== SIGNATURE ==== */

static void test_tdx_verify_qe_report_signature_fails_signature(void) {
  CASE(c, 4, 2);
  c.quote.corrupt_qe_sig = 1;
  expect(&c, CONTRAST_SIGNATURE);
  /* signed by a key the PCK certificate does not carry */
  tt_case_init(&c, 5, 3);
  c.quote.qe_signer = TT_KEY_PCK_OTHER;
  expect(&c, CONTRAST_SIGNATURE);
  /* before the key binding: both wrong gives SIGNATURE */
  tt_case_init(&c, 4, 2);
  c.quote.corrupt_qe_sig = 1;
  c.quote.qe_rd_tail = 1;
  expect(&c, CONTRAST_SIGNATURE);
  /* a QE report byte changed after signing */
  tt_case_init(&c, 4, 2);
  tt_case_build(&c);
  c.quote_buf[tt_quote_sig_data_off(&c.quote) + 134 + TT_QE_ISV_SVN] ^= 1;
  tdx_verified *v = vnew();
  contrast_err e;
  CU_ASSERT_EQUAL(tt_case_verify(&c, v, &e), -1);
  ASSERT_CODE(e, CONTRAST_SIGNATURE);
  free(v);
  tt_case_wipe(&c);
}

static void test_tdx_verify_quote_signature_fails_signature(void) {
  static const uint16_t kinds[3][2] = {{4, 2}, {5, 2}, {5, 3}};
  for (size_t k = 0; k < 3; k++) {
    CASE(c, kinds[k][0], kinds[k][1]);
    c.quote.corrupt_quote_sig = 1;
    expect(&c, CONTRAST_SIGNATURE);
    /* a signed byte changed after signing: the first body byte, the
     * v5 body size field, the last body byte */
    static const int where[] = {0, 1, 2};
    for (size_t w = 0; w < 3; w++) {
      tt_case_init(&c, kinds[k][0], kinds[k][1]);
      tt_case_build(&c);
      size_t off = where[w] == 0   ? tt_quote_body_off(&c.quote)
                   : where[w] == 1 ? 28 /* user data */
                                   : tt_quote_signed_len(&c.quote) - 1;
      c.quote_buf[off] ^= 0x80;
      tdx_verified *v = vnew();
      contrast_err e;
      CU_ASSERT_EQUAL(tt_case_verify(&c, v, &e), -1);
      ASSERT_CODE(e, CONTRAST_SIGNATURE);
      CU_ASSERT_EQUAL(v->has_status, 0);
      free(v);
      tt_case_wipe(&c);
    }
  }
  /* header bytes 8..11 are not judged but signed */
  CASE(c, 4, 2);
  tt_case_build(&c);
  c.quote_buf[9] ^= 1;
  tdx_verified *v = vnew();
  contrast_err e;
  CU_ASSERT_EQUAL(tt_case_verify(&c, v, &e), -1);
  ASSERT_CODE(e, CONTRAST_SIGNATURE);
  free(v);
  tt_case_wipe(&c);
  /* ...and a quote signed with such bytes set verifies (§1.2: do not
   * build policy on them) */
  tt_case_init(&c, 4, 2);
  c.quote.header_reserved[1] = 7;
  expect(&c, CONTRAST_OK);
}

static void test_tdx_verify_attestation_key_off_curve_fails_signature(void) {
  /* §6.H: reject a key that is not on the curve; the QE report binds the
   * bytes as written, so the binding holds and the key is what fails */
  CASE(c, 4, 2);
  c.quote.attest_raw_set = 1;
  tt_key_xy(TT_KEY_ATTEST, c.quote.attest_raw);
  c.quote.attest_raw[63] ^= 0x01;
  expect(&c, CONTRAST_SIGNATURE);
  tt_case_init(&c, 5, 3);
  c.quote.attest_raw_set = 1;
  memset(c.quote.attest_raw, 0, 64);
  expect(&c, CONTRAST_SIGNATURE);
  tt_case_init(&c, 5, 2);
  c.quote.attest_raw_set = 1;
  memset(c.quote.attest_raw, 0xff, 64); /* coordinates >= p */
  expect(&c, CONTRAST_SIGNATURE);
}

/* ==== KEY_BINDING ==== */

static void test_tdx_verify_swapped_attestation_key_fails_key_binding(void) {
  /* CASES.md: QE report signature, then the binding, then the quote
   * signature: a quote signed by another key that it carries, with the
   * QE report (validly signed) binding the original key */
  CASE(c, 4, 2);
  c.quote.attest_key = TT_KEY_ATTEST_OTHER;
  c.quote.binding_key = TT_KEY_ATTEST;
  tdx_verified *v = vnew();
  run(&c, CONTRAST_KEY_BINDING, v);
  CU_ASSERT_EQUAL(v->has_status, 0);
  free(v);
  tt_case_wipe(&c);
  /* ... even when the quote signature is bad too */
  tt_case_init(&c, 5, 3);
  c.quote.attest_key = TT_KEY_ATTEST_OTHER;
  c.quote.binding_key = TT_KEY_ATTEST;
  c.quote.corrupt_quote_sig = 1;
  expect(&c, CONTRAST_KEY_BINDING);
}

static void test_tdx_verify_report_data_tail_fails_key_binding(void) {
  /* §1.6.3 / CASES.md: SHA-256(key || auth data) followed by 32 zero
   * bytes */
  static const uint8_t tails[] = {0x01, 0x80, 0xff};
  for (size_t i = 0; i < 3; i++) {
    CASE(c, 5, 2);
    c.quote.qe_rd_tail = tails[i];
    expect(&c, CONTRAST_KEY_BINDING);
  }
}

static void test_tdx_verify_qe_auth_data_changed_fails_key_binding(void) {
  /* the auth data is bound by the report data, not signed itself */
  CASE(c, 4, 2);
  tt_case_build(&c);
  /* QE auth data: after the 384-byte report, its signature and the u16 */
  c.quote_buf[tt_quote_sig_data_off(&c.quote) + 134 + 384 + 64 + 2 + 5] ^= 1;
  tdx_verified *v = vnew();
  contrast_err e;
  CU_ASSERT_EQUAL(tt_case_verify(&c, v, &e), -1);
  ASSERT_CODE(e, CONTRAST_KEY_BINDING);
  free(v);
  tt_case_wipe(&c);
  /* the report data bound to the key alone (auth data ignored) */
  tt_case_init(&c, 4, 2);
  c.quote.keep_qe_report_data = 1;
  uint8_t xy[64];
  tt_key_xy(TT_KEY_ATTEST, xy);
  unsigned int n = 0;
  CU_ASSERT_FATAL(EVP_Digest(xy, 64, c.quote.qe_report + TT_QE_REPORT_DATA,
                             &n, EVP_sha256(), NULL) == 1);
  expect(&c, CONTRAST_KEY_BINDING);
}

/* ==== CHAIN ==== */

static void test_tdx_verify_root_not_pinned_fails_chain(void) {
  CASE(c, 4, 2);
  c.pin = 0;
  expect(&c, CONTRAST_CHAIN);
  /* another root pinned */
  tt_case_init(&c, 5, 3);
  c.pinned = tt_root_spec();
  c.pinned.key = c.pinned.signer = TT_KEY_ROOT_OTHER;
  c.pinned_set = 1;
  expect(&c, CONTRAST_CHAIN);
  /* the same key and name, other bytes: pinning is by bytes, not name */
  tt_case_init(&c, 4, 2);
  c.pinned = tt_root_spec();
  c.pinned.serial = 0x1002;
  c.pinned_set = 1;
  expect(&c, CONTRAST_CHAIN);
}

static void test_tdx_verify_pck_chain_signatures_fail_chain(void) {
  /* the intermediate signed by another key (its issuer name still the
   * root's) */
  CASE(c, 4, 2);
  c.ca.signer = TT_KEY_ROOT_OTHER;
  expect(&c, CONTRAST_CHAIN);
  /* the intermediate naming another issuer */
  tt_case_init(&c, 4, 2);
  set_str(c.ca.issuer_cn, sizeof c.ca.issuer_cn, "Intel SGX Root CA 2");
  expect(&c, CONTRAST_CHAIN);
  /* the leaf signed by another CA key */
  tt_case_init(&c, 5, 3);
  c.pck.signer = TT_KEY_CA_OTHER;
  expect(&c, CONTRAST_CHAIN);
  /* the leaf naming another issuer */
  tt_case_init(&c, 4, 2);
  set_str(c.pck.issuer_cn, sizeof c.pck.issuer_cn,
          "Intel SGX PCK Processor CA");
  expect(&c, CONTRAST_CHAIN);
  /* bad signature bytes on the leaf / the intermediate */
  tt_case_init(&c, 4, 2);
  c.pck.corrupt_signature = 1;
  expect(&c, CONTRAST_CHAIN);
  tt_case_init(&c, 4, 2);
  c.ca.corrupt_signature = 1;
  expect(&c, CONTRAST_CHAIN);
  /* ECDSA with SHA-384 instead of SHA-256 (§4.1, §6.B.6) */
  tt_case_init(&c, 4, 2);
  c.pck.sig_sha384 = 1;
  expect(&c, CONTRAST_CHAIN);
  tt_case_init(&c, 4, 2);
  c.ca.sig_sha384 = 1;
  expect(&c, CONTRAST_CHAIN);
}

static void test_tdx_verify_pck_chain_names_fail_chain(void) {
  /* §6.B.2 names; exact CNs (GTG) */
  CASE(c, 4, 2);
  set_str(c.pck.subject_cn, sizeof c.pck.subject_cn, "Intel SGX PCK Cert");
  expect(&c, CONTRAST_CHAIN);
  tt_case_init(&c, 4, 2);
  set_str(c.pck.subject_cn, sizeof c.pck.subject_cn, "Intel SGX TCB Signing");
  expect(&c, CONTRAST_CHAIN);
  tt_case_init(&c, 4, 2);
  tt_case_set_ca_cn(&c, "Intel SGX PCK CA");
  expect(&c, CONTRAST_CHAIN);
  tt_case_init(&c, 4, 2);
  tt_case_set_ca_cn(&c, "Intel SGX Root CA");
  expect(&c, CONTRAST_CHAIN);
}

static void test_tdx_verify_pck_chain_shape_fails_chain(void) {
  /* §6.B.1: leaf, intermediate, root */
  CASE(c, 4, 2);
  c.n_pck_chain = 2;
  c.pck_chain[0] = c.pck;
  c.pck_chain[1] = c.ca;
  expect(&c, CONTRAST_CHAIN);
  tt_case_init(&c, 4, 2);
  c.n_pck_chain = 4;
  c.pck_chain[0] = c.pck;
  c.pck_chain[1] = c.ca;
  c.pck_chain[2] = c.root;
  c.pck_chain[3] = c.root;
  expect(&c, CONTRAST_CHAIN);
  /* the leaf's CA given twice, no root */
  tt_case_init(&c, 4, 2);
  c.n_pck_chain = 3;
  c.pck_chain[0] = c.pck;
  c.pck_chain[1] = c.ca;
  c.pck_chain[2] = c.ca;
  expect(&c, CONTRAST_CHAIN);
  /* a chain to another (self-signed, same-name) root */
  tt_case_init(&c, 4, 2);
  c.n_pck_chain = 3;
  c.pck_chain[0] = c.pck;
  c.pck_chain[1] = c.ca;
  c.pck_chain[1].signer = TT_KEY_ROOT_OTHER;
  c.pck_chain[2] = c.root;
  c.pck_chain[2].key = c.pck_chain[2].signer = TT_KEY_ROOT_OTHER;
  expect(&c, CONTRAST_CHAIN);
}

static void test_tdx_verify_pck_key_wrong_curve_fails_chain(void) {
  /* §4.1: a P-256 PCK key (CASES.md CHAIN: the chain's certificates are
   * not what the profile requires) */
  CASE(c, 4, 2);
  c.pck.key = TT_KEY_P384;
  expect(&c, CONTRAST_CHAIN);
}

static void test_tdx_verify_signing_chains_fail_chain(void) {
  /* TCB info chain: [TCB Signing, root], to the pinned root (§6.D.1) */
  tt_cert_spec other_root = tt_root_spec();
  other_root.key = other_root.signer = TT_KEY_ROOT_OTHER;
  tt_cert_spec signer_other = tt_signer_spec();
  signer_other.signer = TT_KEY_ROOT_OTHER;
  for (int qe = 0; qe < 2; qe++) {
    CASE(c, 4, 2);
    size_t *n = qe ? &c.n_qe_chain : &c.n_tcb_chain;
    tt_cert_spec *ch = qe ? c.qe_chain : c.tcb_chain;
    /* with another root */
    *n = 2;
    ch[0] = signer_other;
    ch[1] = other_root;
    expect(&c, CONTRAST_CHAIN);
    /* the pinned root, the signer signed by another key */
    tt_case_init(&c, 4, 2);
    n = qe ? &c.n_qe_chain : &c.n_tcb_chain;
    ch = qe ? c.qe_chain : c.tcb_chain;
    *n = 2;
    ch[0] = signer_other;
    ch[1] = c.root;
    expect(&c, CONTRAST_CHAIN);
    /* one certificate, three certificates */
    tt_case_init(&c, 4, 2);
    n = qe ? &c.n_qe_chain : &c.n_tcb_chain;
    ch = qe ? c.qe_chain : c.tcb_chain;
    *n = 1;
    ch[0] = c.tcb_signer;
    expect(&c, CONTRAST_CHAIN);
    tt_case_init(&c, 4, 2);
    n = qe ? &c.n_qe_chain : &c.n_tcb_chain;
    ch = qe ? c.qe_chain : c.tcb_chain;
    *n = 3;
    ch[0] = c.tcb_signer;
    ch[1] = c.root;
    ch[2] = c.root;
    expect(&c, CONTRAST_CHAIN);
    /* the signer with the wrong CN (a PCK CA's) */
    tt_case_init(&c, 4, 2);
    n = qe ? &c.n_qe_chain : &c.n_tcb_chain;
    ch = qe ? c.qe_chain : c.tcb_chain;
    *n = 2;
    ch[0] = c.tcb_signer;
    set_str(ch[0].subject_cn, sizeof ch[0].subject_cn,
            "Intel SGX PCK Platform CA");
    ch[1] = c.root;
    expect(&c, CONTRAST_CHAIN);
    /* the PCK chain's CA offered as signer */
    tt_case_init(&c, 4, 2);
    n = qe ? &c.n_qe_chain : &c.n_tcb_chain;
    ch = qe ? c.qe_chain : c.tcb_chain;
    *n = 2;
    ch[0] = c.ca;
    ch[1] = c.root;
    if (qe)
      c.qe_identity.signer = TT_KEY_CA;
    else
      c.tcb_info.signer = TT_KEY_CA;
    expect(&c, CONTRAST_CHAIN);
  }
}

static void test_tdx_verify_pck_crl_chain_fails_chain(void) {
  /* §6.C.5: the PCK CRL chain is [the PCK chain's CA, root] */
  CASE(c, 4, 2);
  c.crl_ca = c.ca;
  c.crl_ca.key = TT_KEY_CA_OTHER;
  c.crl_ca_set = 1;
  expect(&c, CONTRAST_CHAIN);
  /* the same CA key under another name */
  tt_case_init(&c, 4, 2);
  c.crl_ca = c.ca;
  set_str(c.crl_ca.subject_cn, sizeof c.crl_ca.subject_cn,
          "Intel SGX PCK Processor CA");
  c.crl_ca_set = 1;
  expect(&c, CONTRAST_CHAIN);
  /* the right CA signed by another root, and that root */
  tt_case_init(&c, 4, 2);
  c.n_crl_chain = 2;
  c.crl_chain[0] = c.ca;
  c.crl_chain[0].signer = TT_KEY_ROOT_OTHER;
  c.crl_chain[1] = c.root;
  c.crl_chain[1].key = c.crl_chain[1].signer = TT_KEY_ROOT_OTHER;
  expect(&c, CONTRAST_CHAIN);
  /* one certificate */
  tt_case_init(&c, 4, 2);
  c.n_crl_chain = 1;
  c.crl_chain[0] = c.ca;
  expect(&c, CONTRAST_CHAIN);
}

/* ==== EXPIRED: both sides of every bound, inclusive ==== */

typedef enum bound_item {
  B_ROOT,
  B_CA,
  B_PCK,
  B_TCB_SIGNER,
  B_QE_SIGNER,
  B_CRL_CA,
  B_ROOT_CRL,
  B_PCK_CRL,
  B_TCB_INFO,
  B_QE_IDENTITY
} bound_item;

/* Set item's lower (lo = 1) or upper bound to t. */
static void set_bound(tt_case *c, bound_item item, int lo, int64_t t) {
  int64_t *p = NULL;
  switch (item) {
  case B_ROOT:
    p = lo ? &c->root.not_before : &c->root.not_after;
    break;
  case B_CA:
    p = lo ? &c->ca.not_before : &c->ca.not_after;
    break;
  case B_PCK:
    p = lo ? &c->pck.not_before : &c->pck.not_after;
    break;
  case B_TCB_SIGNER:
    p = lo ? &c->tcb_signer.not_before : &c->tcb_signer.not_after;
    break;
  case B_QE_SIGNER:
    if (!c->qe_signer_set) {
      c->qe_signer = c->tcb_signer;
      c->qe_signer.serial = 0x5005;
      c->qe_signer_set = 1;
    }
    p = lo ? &c->qe_signer.not_before : &c->qe_signer.not_after;
    break;
  case B_CRL_CA:
    if (!c->crl_ca_set) {
      c->crl_ca = c->ca;
      c->crl_ca_set = 1;
    }
    p = lo ? &c->crl_ca.not_before : &c->crl_ca.not_after;
    break;
  case B_ROOT_CRL:
    p = lo ? &c->root_crl.this_update : &c->root_crl.next_update;
    break;
  case B_PCK_CRL:
    p = lo ? &c->pck_crl.this_update : &c->pck_crl.next_update;
    break;
  case B_TCB_INFO:
    p = lo ? &c->tcb_info.issue_date : &c->tcb_info.next_update;
    break;
  case B_QE_IDENTITY:
    p = lo ? &c->qe_identity.issue_date : &c->qe_identity.next_update;
    break;
  }
  *p = t;
}

/* CASES.md "Time": valid when lower <= now <= upper. For each bound:
 * now one second outside is EXPIRED, now on the bound is accepted. */
static void bounds(bound_item item, uint16_t version, uint16_t type) {
  static const struct {
    int lo;
    int64_t delta; /* bound = now + delta */
    contrast_code want;
  } rows[] = {{1, 1, CONTRAST_EXPIRED},
              {1, 0, CONTRAST_OK},
              {0, 0, CONTRAST_OK},
              {0, -1, CONTRAST_EXPIRED}};
  for (size_t i = 0; i < 4; i++) {
    CASE(c, version, type);
    set_bound(&c, item, rows[i].lo, c.now + rows[i].delta);
    if (!run(&c, rows[i].want, NULL))
      fprintf(stderr, "  item %d, %s bound, now %+lld\n", (int)item,
              rows[i].lo ? "lower" : "upper", (long long)-rows[i].delta);
    tt_case_wipe(&c);
  }
}

static void test_tdx_verify_root_validity_bounds(void) {
  bounds(B_ROOT, 4, 2);
}
static void test_tdx_verify_pck_ca_validity_bounds(void) {
  bounds(B_CA, 4, 2);
}
static void test_tdx_verify_pck_validity_bounds(void) {
  bounds(B_PCK, 5, 3);
}
static void test_tdx_verify_tcb_signer_validity_bounds(void) {
  bounds(B_TCB_SIGNER, 4, 2);
}
static void test_tdx_verify_qe_identity_signer_validity_bounds(void) {
  bounds(B_QE_SIGNER, 4, 2);
}
static void test_tdx_verify_pck_crl_issuer_validity_bounds(void) {
  bounds(B_CRL_CA, 4, 2);
}
static void test_tdx_verify_root_crl_update_bounds(void) {
  bounds(B_ROOT_CRL, 4, 2);
}
static void test_tdx_verify_pck_crl_update_bounds(void) {
  bounds(B_PCK_CRL, 5, 2);
}
static void test_tdx_verify_tcb_info_date_bounds(void) {
  bounds(B_TCB_INFO, 4, 2);
}
static void test_tdx_verify_qe_identity_date_bounds(void) {
  bounds(B_QE_IDENTITY, 5, 3);
}

static void test_tdx_verify_expired_reports_no_status(void) {
  CASE(c, 4, 2);
  c.tcb_info.next_update = c.now - 1;
  tdx_verified *v = vnew();
  run(&c, CONTRAST_EXPIRED, v);
  CU_ASSERT_EQUAL(v->has_quote, 1);
  CU_ASSERT_EQUAL(v->has_status, 0);
  free(v);
  tt_case_wipe(&c);
}

/* ==== REVOKED ==== */

static void test_tdx_verify_revoked_certificates_fail_revoked(void) {
  /* §6.C.3 and §6.D.1: the PCK on the PCK CRL; the PCK CA and the TCB
   * signer on the root CA CRL */
  CASE(c, 4, 2);
  c.pck_crl.revoked[1] = c.pck.serial;
  expect(&c, CONTRAST_REVOKED);
  tt_case_init(&c, 5, 3);
  c.root_crl.revoked[0] = c.ca.serial;
  expect(&c, CONTRAST_REVOKED);
  tt_case_init(&c, 4, 2);
  c.root_crl.revoked[1] = c.tcb_signer.serial;
  expect(&c, CONTRAST_REVOKED);
  /* a distinct QE identity signer on the root CRL */
  tt_case_init(&c, 4, 2);
  c.qe_signer = c.tcb_signer;
  c.qe_signer.serial = 0x5005;
  c.qe_signer_set = 1;
  c.root_crl.n_revoked = 3;
  c.root_crl.revoked[2] = 0x5005;
  expect(&c, CONTRAST_REVOKED);
  /* the only entry of the list */
  tt_case_init(&c, 4, 2);
  c.pck_crl.n_revoked = 1;
  c.pck_crl.revoked[0] = c.pck.serial;
  expect(&c, CONTRAST_REVOKED);
}

static void test_tdx_verify_serial_on_other_issuers_crl_accepts(void) {
  /* serial numbers are per issuer: the PCK's serial on the root CRL and
   * the CA's on the PCK CRL revoke nothing of this chain */
  CASE(c, 4, 2);
  c.root_crl.revoked[0] = c.pck.serial;
  c.pck_crl.revoked[0] = c.ca.serial;
  expect(&c, CONTRAST_OK);
}

/* ==== COLLATERAL ==== */

static void test_tdx_verify_missing_collateral_fails_collateral(void) {
  CASE(c, 4, 2);
  c.with_tcb_info = 0;
  tdx_verified *v = vnew();
  run(&c, CONTRAST_COLLATERAL, v);
  CU_ASSERT_EQUAL(v->has_status, 0);
  free(v);
  tt_case_wipe(&c);
  tt_case_init(&c, 4, 2);
  c.with_qe_identity = 0;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.with_tcb_chain = 0;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.with_qe_chain = 0;
  expect(&c, CONTRAST_COLLATERAL);
  /* require_crl: each CRL */
  tt_case_init(&c, 4, 2);
  c.require_crl = 1;
  c.with_pck_crl = 0;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.require_crl = 1;
  c.with_root_crl = 0;
  expect(&c, CONTRAST_COLLATERAL);
}

static void test_tdx_verify_crl_problems_fail_collateral(void) {
  for (int which = 0; which < 2; which++) {
    CASE(c, 4, 2);
    tt_crl_spec *crl = which ? &c.pck_crl : &c.root_crl;
    crl->corrupt_signature = 1;
    expect(&c, CONTRAST_COLLATERAL);
    tt_case_init(&c, 4, 2);
    crl = which ? &c.pck_crl : &c.root_crl;
    crl->signer = which ? TT_KEY_CA_OTHER : TT_KEY_ROOT_OTHER;
    expect(&c, CONTRAST_COLLATERAL);
    tt_case_init(&c, 4, 2);
    crl = which ? &c.pck_crl : &c.root_crl;
    crl->no_crl_number = 1;
    expect(&c, CONTRAST_COLLATERAL);
    tt_case_init(&c, 4, 2);
    crl = which ? &c.pck_crl : &c.root_crl;
    crl->no_aki = 1;
    expect(&c, CONTRAST_COLLATERAL);
  }
  /* issuers swapped: the root CRL issued by the PCK CA, the PCK CRL by
   * the root (each properly signed by its issuer) */
  CASE(c, 4, 2);
  c.root_crl = tt_pck_crl_spec();
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.pck_crl = tt_root_crl_spec();
  expect(&c, CONTRAST_COLLATERAL);
  /* the PCK CRL under the PCK CA's name with CN only (issuer DN differs
   * from the PCK's issuer) */
  tt_case_init(&c, 4, 2);
  c.pck_crl.plain_names = 1;
  expect(&c, CONTRAST_COLLATERAL);
}

static void test_tdx_verify_tcb_info_problems_fail_collateral(void) {
  CASE(c, 4, 2);
  c.tcb_info.corrupt_signature = 1;
  tdx_verified *v = vnew();
  run(&c, CONTRAST_COLLATERAL, v);
  CU_ASSERT_EQUAL(v->has_status, 0);
  free(v);
  tt_case_wipe(&c);
  tt_case_init(&c, 4, 2);
  c.tcb_info.signer = TT_KEY_TCB_OTHER;
  expect(&c, CONTRAST_COLLATERAL);
  /* §6.D.4: id "TDX", version 3, tcbType 0, at least one level */
  static const char *const ids[] = {"SGX", "tdx", "TDX ", "",
                                    "TDX_TCB_INFO_V3"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    tt_case_init(&c, 4, 2);
    set_str(c.tcb_info.id, sizeof c.tcb_info.id, ids[i]);
    expect(&c, CONTRAST_COLLATERAL);
  }
  static const unsigned versions[] = {2, 4, 0};
  for (size_t i = 0; i < 3; i++) {
    tt_case_init(&c, 4, 2);
    c.tcb_info.version = versions[i];
    expect(&c, CONTRAST_COLLATERAL);
  }
  tt_case_init(&c, 4, 2);
  c.tcb_info.tcb_type = 1;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.tcb_info.n_levels = 0;
  expect(&c, CONTRAST_COLLATERAL);
}

/* The good TCB info body, re-signed, with text edited (at) after
 * signing: the signature must cover the bytes exactly as served. */
static void test_tdx_verify_tcb_info_signed_bytes_exact(void) {
  CASE(c, 4, 2);
  size_t n;
  char *j = tt_tcb_info_json(&c.tcb_info, &n);
  static const char head[] = "{\"tcbInfo\":{";
  CU_ASSERT_FATAL(strncmp(j, head, sizeof head - 1) == 0);
  /* a space inside the signed member: same JSON meaning, other bytes */
  char *in = malloc(n + 2);
  CU_ASSERT_FATAL(in != NULL);
  memcpy(in, j, sizeof head - 1);
  in[sizeof head - 1] = ' ';
  memcpy(in + sizeof head, j + sizeof head - 1, n - (sizeof head - 1) + 1);
  c.tcb_info_raw = (const uint8_t *)in;
  c.tcb_info_raw_len = n + 1;
  expect(&c, CONTRAST_COLLATERAL);
  /* whitespace outside the member changes nothing that is signed */
  char *out = malloc(n + 8);
  CU_ASSERT_FATAL(out != NULL);
  memcpy(out, " {\"tcbInfo\" : ", 14);
  memcpy(out + 14, j + 11, n - 11 + 1);
  tt_case_init(&c, 4, 2);
  c.tcb_info_raw = (const uint8_t *)out;
  c.tcb_info_raw_len = strlen(out);
  expect(&c, CONTRAST_OK);
  free(out);
  free(in);
  free(j);
}

static void test_tdx_verify_tcb_info_long_id_fails_collateral(void) {
  /* an id that is merely long is still just a wrong id (CASES.md: TCB
   * info id wrong is COLLATERAL, the JSON is well-formed) */
  CASE(c, 4, 2);
  tt_buf obj = {0};
  tt_tcb_info_object(&c.tcb_info, &obj);
  const char *id = strstr((const char *)obj.p, "\"id\":\"TDX\"");
  CU_ASSERT_FATAL(id != NULL);
  tt_buf edited = {0};
  tt_buf_put(&edited, obj.p, (size_t)((const uint8_t *)id - obj.p));
  tt_buf_printf(&edited, "\"id\":\"TDX_TCB_INFORMATION_FOR_TDX\"");
  size_t at = (size_t)((const uint8_t *)id - obj.p);
  tt_buf_put(&edited, id + 10, obj.len - at - 10);
  char sig[129];
  tt_sign_hex(TT_KEY_TCB, edited.p, edited.len, sig);
  tt_buf body = {0};
  tt_buf_printf(&body, "{\"tcbInfo\":");
  tt_buf_put(&body, edited.p, edited.len);
  tt_buf_printf(&body, ",\"signature\":\"%s\"}", sig);
  c.tcb_info_raw = body.p;
  c.tcb_info_raw_len = body.len;
  expect(&c, CONTRAST_COLLATERAL);
  tt_buf_free(&body);
  tt_buf_free(&edited);
  tt_buf_free(&obj);
}

static void test_tdx_verify_qe_identity_problems_fail_collateral(void) {
  CASE(c, 4, 2);
  c.qe_identity.corrupt_signature = 1;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.qe_identity.signer = TT_KEY_TCB_OTHER;
  expect(&c, CONTRAST_COLLATERAL);
  /* §6.E: id TD_QE, version 2, at least one level */
  static const char *const ids[] = {"QE", "QVE", "td_qe", "TD_QE2"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    tt_case_init(&c, 4, 2);
    set_str(c.qe_identity.id, sizeof c.qe_identity.id, ids[i]);
    expect(&c, CONTRAST_COLLATERAL);
  }
  tt_case_init(&c, 4, 2);
  c.qe_identity.version = 1;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.qe_identity.version = 3;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.qe_identity.n_levels = 0;
  expect(&c, CONTRAST_COLLATERAL);
}

static void test_tdx_verify_fmspc_pceid_mismatch_fails_collateral(void) {
  /* §6.D.5 */
  CASE(c, 4, 2);
  c.tcb_info.fmspc[5] = 0x01;
  tdx_verified *v = vnew();
  run(&c, CONTRAST_COLLATERAL, v);
  CU_ASSERT_EQUAL(v->has_status, 0);
  free(v);
  tt_case_wipe(&c);
  tt_case_init(&c, 4, 2);
  c.pck.ext.fmspc[0] = 0x00;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.tcb_info.pceid[1] = 0x01;
  expect(&c, CONTRAST_COLLATERAL);
  /* FMSPC in lower case is the same FMSPC (§5.2) */
  tt_case_init(&c, 4, 2);
  c.tcb_info.fmspc_lower = 1;
  expect(&c, CONTRAST_OK);
}

static void test_tdx_verify_qe_report_identity_mismatch_fails_collateral(
    void) {
  /* §6.G.3-6 */
  uint8_t *r;
  CASE(c, 4, 2);
  c.quote.qe_report[TT_QE_MISC_SELECT] = 0x01;
  expect(&c, CONTRAST_COLLATERAL);
  /* ... a bit outside the mask does not count */
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_MISC_SELECT] = 0x01;
  c.qe_identity.miscselect_mask[0] = 0xfe;
  expect(&c, CONTRAST_OK);
  /* the hex string's bytes read little-endian: mask byte 3 covers
   * MISCSELECT bits 24..31 (QE report byte 16+3) */
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_MISC_SELECT + 3] = 0x80;
  c.qe_identity.miscselect_mask[3] = 0x7f;
  expect(&c, CONTRAST_OK);
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_MISC_SELECT + 3] = 0x80;
  c.qe_identity.miscselect_mask[0] = 0x7f;
  expect(&c, CONTRAST_COLLATERAL);
  /* ATTRIBUTES: 0x10 & 0xfb != 0x11 */
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_ATTRIBUTES] = 0x10;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_ATTRIBUTES + 7] = 0x01; /* mask ff */
  expect(&c, CONTRAST_COLLATERAL);
  /* masked-out bits (byte 0 bit 2, bytes 8..15) may differ */
  tt_case_init(&c, 4, 2);
  r = c.quote.qe_report + TT_QE_ATTRIBUTES;
  r[0] = 0x11;
  memset(r + 8, 0x5a, 8);
  expect(&c, CONTRAST_OK);
  /* MRSIGNER, ISVPRODID */
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_MR_SIGNER + 31] ^= 0x01;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_ISV_PROD_ID] = 1;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.qe_identity.isvprodid = 0x102;
  expect(&c, CONTRAST_COLLATERAL);
}

static void test_tdx_verify_module_identity_fails_collateral(void) {
  /* §6.F: no identity TDX_02 for tee_tcb_svn[1] = 2 */
  CASE(c, 5, 3);
  c.quote.body[TT_B_TEE_TCB_SVN + 1] = 2;
  c.quote.body[TT_B_TEE_TCB_SVN2 + 1] = 2;
  expect(&c, CONTRAST_COLLATERAL);
  /* no tdxModuleIdentities at all, module major 1 */
  tt_case_init(&c, 4, 2);
  c.tcb_info.has_identities = 0;
  expect(&c, CONTRAST_COLLATERAL);
  /* ... fine for a major version 0 module (tdxModule is used) */
  tt_case_init(&c, 4, 2);
  c.tcb_info.has_identities = 0;
  c.quote.body[TT_B_TEE_TCB_SVN + 1] = 0;
  expect(&c, CONTRAST_OK);
  /* the identity id compared case-insensitively (§6.F.2) */
  tt_case_init(&c, 4, 2);
  set_str(c.tcb_info.ids[1].id, sizeof c.tcb_info.ids[1].id, "tdx_01");
  expect(&c, CONTRAST_OK);
}

static void test_tdx_verify_mrsignerseam_fails_collateral(void) {
  /* §6.F.3: MRSIGNERSEAM equal to the identity's mrsigner */
  CASE(c, 4, 2);
  c.quote.body[TT_B_MR_SIGNER_SEAM] = 0x01;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.tcb_info.ids[1].mrsigner[47] = 0x01; /* TDX_01's */
  expect(&c, CONTRAST_COLLATERAL);
  /* the identity's mrsigner, not tdxModule's, for a major 1 module */
  tt_case_init(&c, 5, 3);
  memset(c.tcb_info.mod_mrsigner, 0x11, 48);
  expect(&c, CONTRAST_OK);
  /* tdxModule's for a major 0 module */
  tt_case_init(&c, 4, 2);
  c.quote.body[TT_B_TEE_TCB_SVN + 1] = 0;
  memset(c.tcb_info.mod_mrsigner, 0x11, 48);
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 4, 2);
  c.quote.body[TT_B_TEE_TCB_SVN + 1] = 0;
  c.tcb_info.ids[1].mrsigner[0] = 0x22; /* not used */
  expect(&c, CONTRAST_OK);
}

static void test_tdx_verify_seam_attributes_fail_collateral(void) {
  /* §6.F.4 (QVL): SEAM attributes all zero and equal to the identity's */
  CASE(c, 4, 2);
  c.quote.body[TT_B_SEAM_ATTRIBUTES] = 0x01;
  expect(&c, CONTRAST_COLLATERAL);
  tt_case_init(&c, 5, 3);
  c.quote.body[TT_B_SEAM_ATTRIBUTES + 7] = 0x80;
  expect(&c, CONTRAST_COLLATERAL);
  /* identity attributes non-zero, the quote's zero */
  tt_case_init(&c, 4, 2);
  c.tcb_info.ids[1].attributes[0] = 0x01;
  expect(&c, CONTRAST_COLLATERAL);
}

/* ==== TCB statuses end to end: TCB_STATUS ==== */

/* A case whose status is `st`, by the collateral alone (the quote and PCK
 * are the good ones). */
static void status_case(tt_case *c, tdx_status st) {
  switch (st) {
  case S(UP_TO_DATE):
    tt_case_init(c, 4, 2);
    break;
  case S(SW_HARDENING_NEEDED):
  case S(CONFIGURATION_NEEDED):
  case S(CONFIGURATION_AND_SW_HARDENING_NEEDED):
  case S(OUT_OF_DATE):
  case S(OUT_OF_DATE_CONFIGURATION_NEEDED):
  case S(REVOKED):
    /* the platform level's own status (§7.1) */
    tt_case_init(c, 4, 2);
    set_str(c->tcb_info.levels[0].status, 48, tdx_status_name(st));
    break;
  case S(TD_RELAUNCH_ADVISED):
  case S(TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED):
    /* §7.6: v5 type 3; L0 tdx 5,0,3 / L1 tdx 3,0,2 (same SGX part), both
     * UpToDate; TDX_01 [5 UpToDate, 3 OutOfDate]; the quote at 03 01 02
     * (module OutOfDate) with tee_tcb_svn2 05 00 03 (the latest) */
    tt_case_init(c, 5, 3);
    c->tcb_info.levels[0].tdx[2] = 3;
    c->tcb_info.levels[1] = c->tcb_info.levels[0];
    c->tcb_info.levels[1].tdx[0] = 3;
    c->tcb_info.levels[1].tdx[2] = 2;
    set_str(c->tcb_info.levels[1].status, 48,
            st == S(TD_RELAUNCH_ADVISED) ? "UpToDate" : "ConfigurationNeeded");
    c->tcb_info.levels[1].n_adv = 0;
    c->tcb_info.ids[1].levels[0].isvsvn = 5;
    c->tcb_info.ids[1].levels[1].isvsvn = 3;
    c->quote.body[TT_B_TEE_TCB_SVN] = 3;
    c->quote.body[TT_B_TEE_TCB_SVN2] = 5;
    c->quote.body[TT_B_TEE_TCB_SVN2 + 1] = 0;
    c->quote.body[TT_B_TEE_TCB_SVN2 + 2] = 3;
    break;
  case S(NOT_SUPPORTED):
    /* §7.1: the PCK below every level */
    tt_case_init(c, 4, 2);
    c->pck.ext.comp[0] = 1;
    break;
  case TDX_STATUS_COUNT_:
    CU_FAIL("status");
    break;
  }
}

static void test_tdx_verify_each_status_judged_by_policy(void) {
  for (int i = 0; i < TDX_STATUS_COUNT_; i++) {
    tdx_status st = (tdx_status)i;
    tt_case c;
    /* the default policy accepts UpToDate only */
    status_case(&c, st);
    expect_check(&c, NULL,
                 st == S(UP_TO_DATE) ? CONTRAST_OK : CONTRAST_TCB_STATUS, 1,
                 st);
    /* listed in accepted_tcb_statuses: accepted, except Revoked and
     * NotSupported, which never are (CASES.md) */
    char policy[160];
    (void)snprintf(policy, sizeof policy,
                   "{\"accepted_tcb_statuses\":[\"UpToDate\",\"%s\"]}",
                   tdx_status_name(st));
    status_case(&c, st);
    int never = st == S(REVOKED) || st == S(NOT_SUPPORTED);
    expect_check(&c, policy, never ? CONTRAST_TCB_STATUS : CONTRAST_OK, 1,
                 st);
  }
  /* the list replaces the default: UpToDate not listed is not accepted */
  tt_case c;
  status_case(&c, S(UP_TO_DATE));
  expect_check(&c, "{\"accepted_tcb_statuses\":[\"OutOfDate\"]}",
               CONTRAST_TCB_STATUS, 1, S(UP_TO_DATE));
  status_case(&c, S(UP_TO_DATE));
  expect_check(&c, "{\"accepted_tcb_statuses\":[]}", CONTRAST_TCB_STATUS, 1,
               S(UP_TO_DATE));
}

static void test_tdx_verify_module_and_qe_statuses_end_to_end(void) {
  /* module TDX_01 at SVN 3: level isvsvn 2, OutOfDate (§7.2, §7.3) */
  CASE(c, 4, 2);
  c.quote.body[TT_B_TEE_TCB_SVN] = 3;
  expect_check(&c, NULL, CONTRAST_TCB_STATUS, 1, S(OUT_OF_DATE));
  /* module below every level: NotSupported */
  tt_case_init(&c, 4, 2);
  c.quote.body[TT_B_TEE_TCB_SVN] = 1;
  expect_check(&c, NULL, CONTRAST_TCB_STATUS, 1, S(NOT_SUPPORTED));
  /* module Revoked */
  tt_case_init(&c, 4, 2);
  c.quote.body[TT_B_TEE_TCB_SVN] = 2;
  set_str(c.tcb_info.ids[1].levels[1].status, 48, "Revoked");
  expect_check(&c, "{\"accepted_tcb_statuses\":[\"Revoked\"]}",
               CONTRAST_TCB_STATUS, 1, S(REVOKED));
  /* QE at ISVSVN 3 with levels [4 UpToDate, 2 OutOfDate]: OutOfDate */
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_ISV_SVN] = 3;
  c.qe_identity.n_levels = 2;
  c.qe_identity.levels[1] = c.qe_identity.levels[0];
  c.qe_identity.levels[1].isvsvn = 2;
  set_str(c.qe_identity.levels[1].status, 48, "OutOfDate");
  expect_check(&c, NULL, CONTRAST_TCB_STATUS, 1, S(OUT_OF_DATE));
  /* ... Revoked */
  tt_case_init(&c, 4, 2);
  set_str(c.qe_identity.levels[0].status, 48, "Revoked");
  expect_check(&c, NULL, CONTRAST_TCB_STATUS, 1, S(REVOKED));
  /* QE below every level (the 2025-2026 identity has only isvsvn 4,
   * tdx.md §5.3): NotSupported */
  tt_case_init(&c, 4, 2);
  c.quote.qe_report[TT_QE_ISV_SVN] = 3;
  expect_check(&c, NULL, CONTRAST_TCB_STATUS, 1, S(NOT_SUPPORTED));
  /* no TDX level: the late microcode SVN below every level */
  tt_case_init(&c, 5, 3);
  c.quote.body[TT_B_TEE_TCB_SVN + 2] = 1;
  expect_check(&c, NULL, CONTRAST_TCB_STATUS, 1, S(NOT_SUPPORTED));
  /* the lower platform level with its advisories */
  tt_case_init(&c, 4, 2);
  c.pck.ext.pcesvn = 12;
  tt_case_build(&c);
  tdx_verified *v = vnew();
  contrast_err e;
  CU_ASSERT_EQUAL(tt_case_verify(&c, v, &e), 0);
  CU_ASSERT_EQUAL(v->status, S(OUT_OF_DATE));
  CU_ASSERT_EQUAL_FATAL(v->n_advisories, 2);
  CU_ASSERT_STRING_EQUAL(v->advisories[0], "INTEL-SA-00960");
  CU_ASSERT_STRING_EQUAL(v->advisories[1], "INTEL-SA-00982");
  free(v);
  tt_case_wipe(&c);
}

static void test_tdx_verify_status_reported_on_later_reject(void) {
  /* CASES.md: the status is reported whenever it was computed, also on a
   * rejection for a later reason */
  CASE(c, 4, 2);
  c.quote.body[TT_B_TD_ATTRIBUTES] |= 0x01;
  expect_check(&c, NULL, CONTRAST_DEBUG, 1, S(UP_TO_DATE));
  tt_case_init(&c, 5, 3);
  set_str(c.tcb_info.levels[0].status, 48, "SWHardeningNeeded");
  char policy[256];
  int n = snprintf(policy, sizeof policy,
                   "{\"accepted_tcb_statuses\":[\"SWHardeningNeeded\"],"
                   "\"report_data\":\"");
  for (int i = 0; i < 128; i++)
    policy[n++] = 'f';
  (void)snprintf(policy + n, sizeof policy - (size_t)n, "\"}");
  expect_check(&c, policy,
               CONTRAST_REPORT_DATA, 1, S(SW_HARDENING_NEEDED));
}

/* ==== the order of the reason table ==== */

/* Faults, one per reason, each removed in turn: the code is always the
 * first failing check in CASES.md's order. */
enum {
  F_MALFORMED = 1 << 0,   /* TCB info not JSON */
  F_SIGNATURE = 1 << 1,   /* quote signature bad */
  F_KEY_BINDING = 1 << 2, /* QE report data tail non-zero */
  F_CHAIN = 1 << 3,       /* another root pinned */
  F_EXPIRED = 1 << 4,     /* PCK expired */
  F_REVOKED = 1 << 5,     /* PCK on the PCK CRL */
  F_COLLATERAL = 1 << 6,  /* FMSPC of the TCB info differs */
  F_TCB_STATUS = 1 << 7,  /* platform level OutOfDate */
  F_DEBUG = 1 << 8        /* debug TD */
};

static void faulty(tt_case *c, unsigned f) {
  static const char not_json[] = "{\"tcbInfo\":";
  tt_case_init(c, 5, 3);
  if (f & F_MALFORMED) {
    c->tcb_info_raw = (const uint8_t *)not_json;
    c->tcb_info_raw_len = sizeof not_json - 1;
  }
  if (f & F_SIGNATURE)
    c->quote.corrupt_quote_sig = 1;
  if (f & F_KEY_BINDING)
    c->quote.qe_rd_tail = 1;
  if (f & F_CHAIN) {
    c->pinned = tt_root_spec();
    c->pinned.key = c->pinned.signer = TT_KEY_ROOT_OTHER;
    c->pinned_set = 1;
  }
  if (f & F_EXPIRED)
    c->pck.not_after = c->now - 1;
  if (f & F_REVOKED)
    c->pck_crl.revoked[0] = c->pck.serial;
  if (f & F_COLLATERAL)
    c->tcb_info.fmspc[0] ^= 1;
  if (f & F_TCB_STATUS)
    set_str(c->tcb_info.levels[0].status, 48, "OutOfDate");
  if (f & F_DEBUG)
    c->quote.body[TT_B_TD_ATTRIBUTES] |= 1;
}

static void test_tdx_verify_reason_order(void) {
  static const contrast_code order[] = {
      CONTRAST_MALFORMED,   CONTRAST_KEY_BINDING, CONTRAST_SIGNATURE,
      CONTRAST_CHAIN,       CONTRAST_EXPIRED,     CONTRAST_REVOKED,
      CONTRAST_COLLATERAL,  CONTRAST_TCB_STATUS,  CONTRAST_DEBUG,
      CONTRAST_OK};
  /* KEY_BINDING comes before the quote signature (CASES.md: the quote
   * signature only after the binding held) */
  static const unsigned drop[] = {F_MALFORMED, F_KEY_BINDING, F_SIGNATURE,
                                  F_CHAIN,     F_EXPIRED,     F_REVOKED,
                                  F_COLLATERAL, F_TCB_STATUS, F_DEBUG};
  unsigned f = 0x1ff;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    tt_case c;
    faulty(&c, f);
    tt_case_build(&c);
    tdx_verified *v = vnew();
    contrast_err e;
    (void)tt_case_check(&c, NULL, v, &e);
    if (e.code != order[i])
      fprintf(stderr, "  faults 0x%03x\n", f);
    ASSERT_CODE(e, order[i]);
    free(v);
    tt_case_wipe(&c);
    if (i < sizeof drop / sizeof drop[0])
      f &= ~drop[i];
  }
}

/* ==== trust store ==== */

static void test_tdx_trust_set_root_requirements(void) {
  tdx_trust t;
  contrast_err e;
  /* the test root: accepted */
  tdx_trust_init(&t, "test");
  tt_cert_spec root = tt_root_spec();
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tt_trust_pin(&t, &root, &e), 0);
  CU_ASSERT_EQUAL(t.loaded, 1);
  CU_ASSERT_EQUAL(t.root_nb, TT_T_ROOT_NB);
  CU_ASSERT_EQUAL(t.root_na, TT_T_ROOT_NA);
  tdx_trust_wipe(&t);
  CU_ASSERT_EQUAL(t.loaded, 0);
  /* the real Intel root */
  size_t len;
  uint8_t *pem = test_read_file("trust/intel/sgx_root_ca.pem", &len);
  tdx_trust_init(&t, "intel");
  CU_ASSERT_EQUAL(tdx_trust_set_root(&t, pem, len, &e), 0);
  tdx_trust_wipe(&t);
  free(pem);
  /* not self-signed, not self-issued, not P-256, not a certificate */
  tt_cert_spec bad[3] = {root, root, root};
  bad[0].signer = TT_KEY_ROOT_OTHER;
  set_str(bad[1].issuer_cn, sizeof bad[1].issuer_cn, "Someone Else");
  bad[2].key = bad[2].signer = TT_KEY_P384;
  for (size_t i = 0; i < 3; i++) {
    tdx_trust_init(&t, "test");
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(tt_trust_pin(&t, &bad[i], &e), -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
    CU_ASSERT_EQUAL(t.loaded, 0);
    tdx_trust_wipe(&t);
  }
  tdx_trust_init(&t, "test");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_trust_set_root(&t, (const uint8_t *)"xx", 2, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  tdx_trust_wipe(&t);
}

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      /* accept */
      T(test_tdx_verify_v4_accepts),
      T(test_tdx_verify_v5_type2_accepts),
      T(test_tdx_verify_v5_type3_accepts),
      T(test_tdx_verify_processor_ca_pck_accepts),
      T(test_tdx_verify_optional_collateral_absent_accepts),
      T(test_tdx_verify_qe_identity_signer_distinct_accepts),
      T(test_tdx_verify_real_cases_as_expected),
      T(test_tdx_verify_real_azure_advisories),
      /* MALFORMED */
      T(test_tdx_verify_bad_pck_chain_pem_fails_malformed),
      T(test_tdx_verify_pck_extension_problems_fail_malformed),
      T(test_tdx_verify_bad_collateral_encodings_fail_malformed),
      T(test_tdx_verify_duplicate_tcb_levels_fail_malformed),
      /* UNSUPPORTED */
      T(test_tdx_verify_unsupported_quote_fails_unsupported),
      /* SIGNATURE */
      T(test_tdx_verify_qe_report_signature_fails_signature),
      T(test_tdx_verify_quote_signature_fails_signature),
      T(test_tdx_verify_attestation_key_off_curve_fails_signature),
      /* KEY_BINDING */
      T(test_tdx_verify_swapped_attestation_key_fails_key_binding),
      T(test_tdx_verify_report_data_tail_fails_key_binding),
      T(test_tdx_verify_qe_auth_data_changed_fails_key_binding),
      /* CHAIN */
      T(test_tdx_verify_root_not_pinned_fails_chain),
      T(test_tdx_verify_pck_chain_signatures_fail_chain),
      T(test_tdx_verify_pck_chain_names_fail_chain),
      T(test_tdx_verify_pck_chain_shape_fails_chain),
      T(test_tdx_verify_pck_key_wrong_curve_fails_chain),
      T(test_tdx_verify_signing_chains_fail_chain),
      T(test_tdx_verify_pck_crl_chain_fails_chain),
      /* EXPIRED */
      T(test_tdx_verify_root_validity_bounds),
      T(test_tdx_verify_pck_ca_validity_bounds),
      T(test_tdx_verify_pck_validity_bounds),
      T(test_tdx_verify_tcb_signer_validity_bounds),
      T(test_tdx_verify_qe_identity_signer_validity_bounds),
      T(test_tdx_verify_pck_crl_issuer_validity_bounds),
      T(test_tdx_verify_root_crl_update_bounds),
      T(test_tdx_verify_pck_crl_update_bounds),
      T(test_tdx_verify_tcb_info_date_bounds),
      T(test_tdx_verify_qe_identity_date_bounds),
      T(test_tdx_verify_expired_reports_no_status),
      /* REVOKED */
      T(test_tdx_verify_revoked_certificates_fail_revoked),
      T(test_tdx_verify_serial_on_other_issuers_crl_accepts),
      /* COLLATERAL */
      T(test_tdx_verify_missing_collateral_fails_collateral),
      T(test_tdx_verify_crl_problems_fail_collateral),
      T(test_tdx_verify_tcb_info_problems_fail_collateral),
      T(test_tdx_verify_tcb_info_signed_bytes_exact),
      T(test_tdx_verify_tcb_info_long_id_fails_collateral),
      T(test_tdx_verify_qe_identity_problems_fail_collateral),
      T(test_tdx_verify_fmspc_pceid_mismatch_fails_collateral),
      T(test_tdx_verify_qe_report_identity_mismatch_fails_collateral),
      T(test_tdx_verify_module_identity_fails_collateral),
      T(test_tdx_verify_mrsignerseam_fails_collateral),
      T(test_tdx_verify_seam_attributes_fail_collateral),
      /* TCB statuses */
      T(test_tdx_verify_each_status_judged_by_policy),
      T(test_tdx_verify_module_and_qe_statuses_end_to_end),
      T(test_tdx_verify_status_reported_on_later_reject),
      T(test_tdx_verify_reason_order),
      /* trust */
      T(test_tdx_trust_set_root_requirements),
      {NULL, NULL}};
  int rc = test_run_suite("tdx_verify", tests);
  tt_cleanup();
  return rc;
}
