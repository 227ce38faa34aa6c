/* bench_tdx: TDX verifications per second for one real case
 * (vectors/real/tdx/tdx-v4-dcap-qvl-uptodate), next to the raw rates of the
 * operations a verification cannot avoid, measured in the same run.
 *
 *   cold    tdx_verify + tdx_appraise without a cache: only the pinned
 *           Intel root is precomputed; every chain, CRL, collateral
 *           signature, the QE report and the quote are checked every call.
 *   cached  the same with one tdx_cache shared by every call: collateral and
 *           the PCK chain are verified once and kept with their validity
 *           windows, which are re-checked at `now` on every call; then only
 *           the quote and the QE report are verified.
 *
 * Targets (same machine): cold >= 2x faster than go-tdx-guest with
 * collateral (1.2 ms per verification measured on the reference machine);
 * cached >= 0.8 x its floor = 1 / (two P-256 verifies + one raw key import).
 *
 * usage: bench_tdx [--quick] [--seconds S] [CONTRAST_BINARY [CASE_DIR]]
 * A benchmark, not a test: it exits non-zero only if verification fails. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "contrast/crypto.h"
#include "contrast/evidence.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "contrast/x509lite.h"
#include "harness.h"

#ifndef CONTRAST_SOURCE_DIR
#define CONTRAST_SOURCE_DIR "."
#endif
#define DEFAULT_CASE "vectors/real/tdx/tdx-v4-dcap-qvl-uptodate"
#define GO_TDX_GUEST_MS 1.2 /* the reference figure */

typedef struct ctx {
  contrast_trust trust;
  contrast_case c;
  tdx_collateral col;
  tdx_policy pol;
  tdx_verify_opts cold, cached;
  tdx_verified *v;
  tdx_quote q;
  contrast_p256_pub *attest;
  uint8_t digest[32];
  uint8_t *leaf_der;
  size_t leaf_len;
} ctx;

static void verify_once(ctx *x, const tdx_verify_opts *o) {
  contrast_err err;
  contrast_err_clear(&err);
  if (tdx_verify(&x->trust.tdx, x->c.evidence, x->c.evidence_len, &x->col, o,
                 x->v, &err) != 0 ||
      tdx_appraise(x->v, &x->pol, &err) != 0)
    die("verification failed", &err);
}

static void op_cold(void *arg) {
  ctx *x = arg;
  verify_once(x, &x->cold);
}

static void op_cached(void *arg) {
  ctx *x = arg;
  verify_once(x, &x->cached);
}

static void op_p256_verify(void *arg) {
  ctx *x = arg;
  if (contrast_p256_verify(x->attest, x->digest, x->q.signature) != 1)
    die("P-256 verify failed", NULL);
}

static void op_key_import(void *arg) {
  ctx *x = arg;
  contrast_p256_pub *k = contrast_p256_pub_new(x->q.attest_key);
  need(k != NULL, "key import failed");
  contrast_p256_pub_free(k);
}

static void op_cert_parse(void *arg) {
  ctx *x = arg;
  const unsigned char *p = x->leaf_der;
  X509 *c = d2i_X509(NULL, &p, (long)x->leaf_len);
  need(c != NULL, "PCK parse failed");
  X509_free(c);
}

static void op_lite_parse(void *arg) {
  ctx *x = arg;
  contrast_err err;
  contrast_err_clear(&err);
  contrast_x509lite c;
  if (contrast_x509lite_parse(x->leaf_der, x->leaf_len, "PCK", &c, &err) != 0)
    die("PCK parse failed", &err);
  EVP_PKEY *k = contrast_x509lite_pubkey(&c);
  need(k != NULL, "PCK key import failed");
  EVP_PKEY_free(k);
}

static void op_quote_parse(void *arg) {
  ctx *x = arg;
  contrast_err err;
  contrast_err_clear(&err);
  tdx_quote q;
  if (tdx_quote_parse(x->c.evidence, x->c.evidence_len, &q, &err) != 0)
    die("quote parse failed", &err);
}

static void op_tcb_info_parse(void *arg) {
  ctx *x = arg;
  contrast_err err;
  contrast_err_clear(&err);
  tdx_tcb_info ti;
  if (tdx_tcb_info_parse(x->col.tcb_info, x->col.tcb_info_len, &ti, &err) != 0)
    die("TCB info parse failed", &err);
  tdx_tcb_info_wipe(&ti);
}

static void setup(ctx *x, const char *case_dir) {
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_trust_load_builtin_some(&x->trust, 0, 1, &err) != 0 ||
      contrast_case_load(case_dir, &x->c, &err) != 0 ||
      tdx_policy_from_json(x->c.policy, &x->pol, &err) != 0 ||
      tdx_quote_parse(x->c.evidence, x->c.evidence_len, &x->q, &err) != 0)
    die("setup failed", &err);
  need(x->c.tee == CONTRAST_TEE_TDX, "not a TDX case");
  x->col = (tdx_collateral){
      .tcb_info = x->c.tcb_info,
      .tcb_info_len = x->c.tcb_info_len,
      .tcb_info_issuer_chain = x->c.tcb_info_issuer_chain,
      .tcb_info_issuer_chain_len = x->c.tcb_info_issuer_chain_len,
      .qe_identity = x->c.qe_identity,
      .qe_identity_len = x->c.qe_identity_len,
      .qe_identity_issuer_chain = x->c.qe_identity_issuer_chain,
      .qe_identity_issuer_chain_len = x->c.qe_identity_issuer_chain_len,
      .pck_crl = x->c.pck_crl,
      .pck_crl_len = x->c.pck_crl_len,
      .pck_crl_issuer_chain = x->c.pck_crl_issuer_chain,
      .pck_crl_issuer_chain_len = x->c.pck_crl_issuer_chain_len,
      .root_ca_crl = x->c.root_ca_crl,
      .root_ca_crl_len = x->c.root_ca_crl_len,
  };
  x->cold = (tdx_verify_opts){.now = x->c.now,
                              .require_crl = x->pol.base.require_crl};
  x->cached = x->cold;
  x->cached.cache = tdx_cache_new();
  x->v = malloc(sizeof *x->v);
  need(x->cached.cache != NULL && x->v != NULL, "out of memory");
  x->attest = contrast_p256_pub_new(x->q.attest_key);
  need(x->attest != NULL, "attestation key");
  contrast_sha256(x->q.signed_data, x->q.signed_len, x->digest);
  /* the PCK leaf's DER, for the certificate parse row */
  size_t plen = x->q.pck_chain_len;
  if (plen > 0 && x->q.pck_chain[plen - 1] == '\0')
    plen--;
  uint8_t *der[4] = {0};
  size_t der_len[4] = {0}, n = 0;
  if (contrast_pem_decode_all(x->q.pck_chain, plen, "CERTIFICATE", "PCK chain",
                              der, der_len, 4, &n, &err) != 0)
    die("PCK chain", &err);
  x->leaf_der = der[0];
  x->leaf_len = der_len[0];
  for (size_t i = 1; i < 4; i++)
    free(der[i]);
}

static void teardown(ctx *x) {
  tdx_cache_free(x->cached.cache);
  contrast_p256_pub_free(x->attest);
  free(x->leaf_der);
  free(x->v);
  tdx_policy_wipe(&x->pol);
  contrast_case_wipe(&x->c);
  contrast_trust_wipe(&x->trust);
}

int main(int argc, char **argv) {
  g_bench_name = "bench_tdx";
  bench_args args;
  int bad = bench_parse_args(argc, argv, CONTRAST_SOURCE_DIR, DEFAULT_CASE,
                             &args);
  if (bad != 0)
    return bad;
  const char *contrast_bin = args.contrast_bin, *case_dir = args.case_dir;
  const int quick = args.quick;
  double start = mono_s();
  ctx *x = calloc(1, sizeof *x);
  need(x != NULL, "out of memory");
  setup(x, case_dir);
  char cpu[128], now_txt[32];
  cpu_model(cpu, sizeof cpu);
  contrast_time_format(x->c.now, now_txt);
  printf("bench_tdx: %s (%s), case %s at %s\n", cpu, OpenSSL_version(0),
         case_dir, now_txt);
  printf("interleaved timing: %d rounds of %.3f s per row, best round\n",
         ROUNDS, g_round_s);

  int o_p256 = add_op(op_p256_verify, x), o_imp = add_op(op_key_import, x),
      o_cert = add_op(op_cert_parse, x), o_lite = add_op(op_lite_parse, x),
      o_qp = add_op(op_quote_parse, x),
      o_ti = add_op(op_tcb_info_parse, x), o_cold = add_op(op_cold, x),
      o_cached = add_op(op_cached, x);
  run_all();

  section("raw operations                                           "
          "    us/op       ops/s");
  row("P-256 ECDSA verify (OpenSSL, raw r||s, imported key)", result(o_p256));
  row("raw P-256 key import (contrast_p256_pub_new)", result(o_imp));
  row("certificate parse (d2i_X509 of the PCK leaf + free)", result(o_cert));
  row("certificate parse (x509lite of the PCK leaf + key)", result(o_lite));
  row("tdx_quote_parse", result(o_qp));
  row("tdx_tcb_info_parse (jansson + raw member scan)", result(o_ti));

  section("TDX verification, real case (tdx_verify + tdx_appraise)");
  row("cold: every chain, CRL, collateral signature, QE report, quote",
      result(o_cold));
  row("cached: collateral + PCK chain kept; quote + QE report each call",
      result(o_cached));
  double floor = 2 * result(o_p256) + result(o_imp);
  double speedup = GO_TDX_GUEST_MS * 1000.0 / result(o_cold);
  double cached_ratio = floor / result(o_cached);
  printf("\n  cold vs go-tdx-guest with collateral (%.1f ms): %.2fx faster   "
         "target >= 2x   %s\n",
         GO_TDX_GUEST_MS, speedup, verdict(speedup, 2.0));
  printf("  cached floor = 2 P-256 verifies + 1 key import = %.2f us\n", floor);
  printf("  cached / floor rate = %.3f   target >= 0.80   %s\n", cached_ratio,
         verdict(cached_ratio, 0.8));

  section("whole process (verify and --help runs alternate)");
  if (contrast_bin != NULL) {
    char w_evidence[] = "evidence", w_verify[] = "verify", w_json[] = "--json",
         w_help[] = "--help";
    char *const a[] = {(char *)(uintptr_t)contrast_bin, w_evidence, w_verify,
                       w_json, (char *)(uintptr_t)case_dir, NULL};
    char *const b[] = {(char *)(uintptr_t)contrast_bin, w_help, NULL};
    double am, an, bm, bn;
    int n = quick ? 10 : 50;
    if (time_processes(a, b, n, &am, &an, &bm, &bn) == 0) {
      printf("  contrast evidence verify --json CASE   %6.2f ms median, %5.2f "
             "ms min (N=%d)\n",
             am, an, n);
      printf("  contrast --help                         %6.2f ms median, %5.2f "
             "ms min\n",
             bm, bn);
    } else {
      printf("  %s did not run (build the contrast target)\n", contrast_bin);
    }
  }
  printf("\ntotal bench time %.1f s\n", mono_s() - start);
  teardown(x);
  free(x);
  bench_args_free(&args);
  return 0;
}
