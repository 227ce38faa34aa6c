/* `contrast evidence verify|show`. verify implements the adapter protocol of
 * spec/CASES.md: one JSON object on stdout (with --json), exit 0 accept,
 * 1 reject, 2 the case could not be used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autofree.h"
#include "cli.h"
#include "guard.h"
#include "contrast/evidence.h"
#include "contrast/http.h"
#include "contrast/json.h"
#include "contrast/kds.h"
#include "contrast/pcs.h"
#include "contrast/util.h"

#define EXIT_ACCEPT 0
#define EXIT_REJECT 1
#define EXIT_UNUSABLE 2

static int fail(const contrast_err *err) {
  fprintf(stderr, "contrast: %s: %s\n", contrast_code_name(err->code),
          err->detail);
  return EXIT_UNUSABLE;
}

static int print_json(json_t *o) {
  if (o == NULL)
    return -1;
  char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
  json_decref(o);
  if (s == NULL)
    return -1;
  puts(s);
  free(s);
  return 0;
}

static int emit_verdict(const contrast_verdict *v, int as_json) {
  if (as_json) {
    if (print_json(contrast_verdict_to_json(v)) != 0) {
      fputs("contrast: out of memory\n", stderr);
      return EXIT_UNUSABLE;
    }
  } else if (v->reason == CONTRAST_OK) {
    printf("accept: %s\n", v->detail);
  } else {
    printf("reject %s: %s\n", contrast_code_name(v->reason), v->detail);
  }
  return v->reason == CONTRAST_OK ? EXIT_ACCEPT : EXIT_REJECT;
}

typedef struct verify_args {
  int json;
  const char *trust_sim;
  const char *snp, *vcek, *vlek, *cert_chain, *crl, *policy, *now;
  const char *tdx, *collateral;
  const char *case_dir;
  /* --fetch: missing endorsements from the KDS / PCS through the cache */
  int fetch, offline, no_cache;
  const char *kds_url, *pcs_url, *root_crl_url, *cache_dir, *ca_file,
      *product;
} verify_args;

static int parse_verify_args(int argc, char **argv, verify_args *a) {
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i];
    const char **slot = NULL;
    int *flag = strcmp(o, "--json") == 0      ? &a->json
                : strcmp(o, "--fetch") == 0   ? &a->fetch
                : strcmp(o, "--offline") == 0 ? &a->offline
                : strcmp(o, "--no-cache") == 0 ? &a->no_cache
                                               : NULL;
    if (flag != NULL) {
      *flag = 1;
      continue;
    }
    if (strcmp(o, "--trust-sim") == 0)
      slot = &a->trust_sim;
    else if (strcmp(o, "--snp") == 0)
      slot = &a->snp;
    else if (strcmp(o, "--vcek") == 0)
      slot = &a->vcek;
    else if (strcmp(o, "--vlek") == 0)
      slot = &a->vlek;
    else if (strcmp(o, "--cert-chain") == 0)
      slot = &a->cert_chain;
    else if (strcmp(o, "--crl") == 0)
      slot = &a->crl;
    else if (strcmp(o, "--policy") == 0)
      slot = &a->policy;
    else if (strcmp(o, "--now") == 0)
      slot = &a->now;
    else if (strcmp(o, "--tdx") == 0)
      slot = &a->tdx;
    else if (strcmp(o, "--collateral") == 0)
      slot = &a->collateral;
    else if (strcmp(o, "--kds-url") == 0)
      slot = &a->kds_url;
    else if (strcmp(o, "--pcs-url") == 0)
      slot = &a->pcs_url;
    else if (strcmp(o, "--root-crl-url") == 0)
      slot = &a->root_crl_url;
    else if (strcmp(o, "--cache-dir") == 0)
      slot = &a->cache_dir;
    else if (strcmp(o, "--ca-file") == 0)
      slot = &a->ca_file;
    else if (strcmp(o, "--product") == 0)
      slot = &a->product;
    if (slot != NULL) {
      if (i + 1 >= argc) {
        fprintf(stderr, "contrast: %s needs a value\n", o);
        return -1;
      }
      *slot = argv[++i];
      continue;
    }
    if (o[0] == '-' && o[1] != '\0') {
      fprintf(stderr, "contrast: unknown option %s\n", o);
      return -1;
    }
    if (a->case_dir != NULL) {
      fprintf(stderr, "contrast: more than one case directory\n");
      return -1;
    }
    a->case_dir = o;
  }
  int forms = (a->snp != NULL) + (a->tdx != NULL) + (a->case_dir != NULL);
  if (forms != 1) {
    fprintf(stderr, "contrast: evidence verify needs exactly one of "
                    "CASE_DIR, --snp REPORT or --tdx QUOTE\n");
    return -1;
  }
  if (a->snp == NULL && (a->vcek || a->vlek || a->cert_chain || a->crl)) {
    fprintf(stderr, "contrast: --vcek/--vlek/--cert-chain/--crl go with "
                    "--snp\n");
    return -1;
  }
  if (a->tdx == NULL && a->collateral != NULL) {
    fprintf(stderr, "contrast: --collateral goes with --tdx\n");
    return -1;
  }
  if (a->case_dir != NULL && (a->policy || a->now)) {
    fprintf(stderr, "contrast: --policy/--now go with --snp or --tdx (a "
                    "case carries its own)\n");
    return -1;
  }
  if (a->tdx != NULL && a->collateral == NULL && !a->fetch) {
    fprintf(stderr, "contrast: --tdx needs --collateral DIR or --fetch\n");
    return -1;
  }
  if (!a->fetch && (a->offline || a->no_cache || a->kds_url || a->pcs_url ||
                    a->root_crl_url || a->cache_dir || a->ca_file ||
                    a->product)) {
    fprintf(stderr, "contrast: --offline, --no-cache, --kds-url, --pcs-url, "
                    "--root-crl-url, --cache-dir, --ca-file and --product go "
                    "with --fetch\n");
    return -1;
  }
  snp_product p;
  if (a->product != NULL && snp_product_from_name(a->product, &p) != 0) {
    fprintf(stderr, "contrast: --product: '%s' is not milan, genoa or "
                    "turin\n",
            a->product);
    return -1;
  }
  if (a->offline && a->no_cache) {
    fprintf(stderr, "contrast: --offline needs the cache (not --no-cache)\n");
    return -1;
  }
  if (a->snp != NULL && a->vcek != NULL && a->vlek != NULL) {
    fprintf(stderr, "contrast: give --vcek or --vlek, not both\n");
    return -1;
  }
  return 0;
}

static int load_sim(const verify_args *a, contrast_trust *sim, int *have,
                    contrast_err *err) {
  *have = 0;
  if (a->trust_sim == NULL)
    return 0;
  if (contrast_trust_load_dir(sim, a->trust_sim, "sim", err) != 0)
    return -1;
  *have = 1;
  return 0;
}

static int read_opt(const char *path, uint8_t **buf, size_t *len,
                    contrast_err *err) {
  *buf = NULL;
  *len = 0;
  if (path == NULL)
    return 0;
  return contrast_file_read(path, CONTRAST_FILE_MAX, buf, len, err);
}

static int load_policy_now(const verify_args *a, json_t **policy,
                           int64_t *now, contrast_err *err);

/* ---- --fetch ---- */

static void fetch_log(void *arg, const char *line) {
  (void)arg;
  fprintf(stderr, "contrast: %s\n", line);
}

static int make_fetcher(const verify_args *a, contrast_fetcher *f,
                        contrast_err *err) {
  memset(f, 0, sizeof *f);
  f->http.ca_file = a->ca_file;
  f->http.log = fetch_log;
  if (a->no_cache) {
    f->cache.disabled = 1;
    return 0;
  }
  return contrast_cache_init(&f->cache, a->cache_dir, a->offline, err);
}

/* A fetch that failed: the endorsements stay missing, which is a reject
 * with COLLATERAL (CASES.md), never a silent accept without them; other
 * failures (bad usage, out of memory) make the input unusable. */
static int fetch_failed(const contrast_err *err, int as_json) {
  if (err->code != CONTRAST_E_FETCH)
    return fail(err);
  fprintf(stderr, "contrast: %s: %s\n", contrast_code_name(err->code),
          err->detail);
  contrast_verdict v;
  memset(&v, 0, sizeof v);
  v.reason = CONTRAST_COLLATERAL;
  /* the detail, shortened to fit after the prefix */
  (void)snprintf(v.detail, sizeof v.detail, "fetching endorsements: %.*s",
                 (int)(sizeof v.detail - 32), err->detail);
  v.claims = json_object();
  int rc = emit_verdict(&v, as_json);
  contrast_verdict_wipe(&v);
  return rc;
}

static snp_product product_arg(const verify_args *a) {
  snp_product p = SNP_PRODUCT_UNKNOWN;
  if (a->product != NULL && snp_product_from_name(a->product, &p) != 0)
    p = SNP_PRODUCT_UNKNOWN; /* checked when parsing */
  return p;
}

/* The SNP endorsements e lacks, from the KDS (bufs[3] receive them). */
static int fetch_snp(const verify_args *a, const uint8_t *report, size_t len,
                     snp_endorsements *e, uint8_t *bufs[3],
                     contrast_err *err) {
  contrast_fetcher f;
  GUARD(make_fetcher(a, &f, err));
  return snp_kds_complete(&f, snp_kds_base(a->kds_url), report, len,
                          product_arg(a), e, bufs, err);
}

/* The TDX collateral c lacks, from the PCS (bufs[7] receive it). */
static int fetch_tdx(const verify_args *a, const uint8_t *quote, size_t len,
                     tdx_collateral *c, uint8_t *bufs[7], contrast_err *err) {
  contrast_fetcher f;
  GUARD(make_fetcher(a, &f, err));
  return tdx_pcs_complete(&f, tdx_pcs_base(a->pcs_url), a->root_crl_url,
                          quote, len, c, bufs, err);
}

/* --fetch in the case form: what the case lacks, moved into it (the case
 * owns and frees it). */
static int fetch_case(const verify_args *a, contrast_case *c,
                      contrast_err *err) {
  if (c->tee == CONTRAST_TEE_SNP) {
    snp_endorsements e = contrast_case_endorsements(c);
    uint8_t *got[3] = {NULL, NULL, NULL};
    int rc = fetch_snp(a, c->evidence, c->evidence_len, &e, got, err);
    if (got[0] != NULL) {
      c->vek = got[0];
      c->vek_len = e.vek_len;
      c->vek_kind = e.vek_kind;
    }
    if (got[1] != NULL) {
      c->cert_chain = got[1];
      c->cert_chain_len = e.cert_chain_len;
    }
    if (got[2] != NULL) {
      c->crl = got[2];
      c->crl_len = e.crl_len;
    }
    return rc;
  }
  tdx_collateral col = contrast_case_collateral(c);
  uint8_t *got[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
  int rc = fetch_tdx(a, c->evidence, c->evidence_len, &col, got, err);
  uint8_t **slots[7];
  size_t *lens[7];
  contrast_case_collateral_slots(c, slots, lens);
  const size_t got_lens[7] = {
      col.tcb_info_len,    col.tcb_info_issuer_chain_len,
      col.qe_identity_len, col.qe_identity_issuer_chain_len,
      col.pck_crl_len,     col.pck_crl_issuer_chain_len,
      col.root_ca_crl_len};
  for (size_t i = 0; i < 7; i++) {
    if (got[i] != NULL) {
      *slots[i] = got[i];
      *lens[i] = got_lens[i];
    }
  }
  return rc;
}

static int verify_explicit(const verify_args *a, const contrast_trust *builtin,
                           const contrast_trust *sim) {
  contrast_err err;
  contrast_err_clear(&err);
  AUTO_FREE uint8_t *report = NULL, *vek = NULL, *chain = NULL, *crl = NULL;
  size_t report_len, vek_len, chain_len, crl_len;
  const char *vek_path = a->vcek != NULL ? a->vcek : a->vlek;
  if (read_opt(a->snp, &report, &report_len, &err) != 0 ||
      read_opt(vek_path, &vek, &vek_len, &err) != 0 ||
      read_opt(a->cert_chain, &chain, &chain_len, &err) != 0 ||
      read_opt(a->crl, &crl, &crl_len, &err) != 0)
    return fail(&err);
  AUTO_JSON json_t *policy = NULL;
  int64_t now;
  if (load_policy_now(a, &policy, &now, &err) != 0)
    return fail(&err);
  snp_endorsements e = {
      .vek = vek,
      .vek_len = vek_len,
      .vek_kind = a->vlek != NULL ? SNP_VEK_VLEK : SNP_VEK_VCEK,
      .cert_chain = chain,
      .cert_chain_len = chain_len,
      .crl = crl,
      .crl_len = crl_len,
  };
  uint8_t *got[3] = {NULL, NULL, NULL};
  int rc;
  if (a->fetch && fetch_snp(a, report, report_len, &e, got, &err) != 0) {
    rc = fetch_failed(&err, a->json);
  } else {
    const contrast_trust *t = sim != NULL ? sim : builtin;
    contrast_verdict v;
    if (contrast_verify_snp(&t->snp, report, report_len, &e, policy, now,
                            NULL, &v, &err) != 0) {
      rc = fail(&err);
    } else {
      rc = emit_verdict(&v, a->json);
      contrast_verdict_wipe(&v);
    }
  }
  for (size_t i = 0; i < 3; i++)
    free(got[i]);
  return rc;
}

static int load_policy_now(const verify_args *a, json_t **policy,
                           int64_t *now, contrast_err *err) {
  AUTO_FREE uint8_t *pol = NULL;
  size_t pol_len = 0;
  *policy = NULL;
  if (read_opt(a->policy, &pol, &pol_len, err) != 0)
    return -1;
  if (pol != NULL && contrast_json_parse(pol, pol_len, a->policy,
                                         CONTRAST_E_UNUSABLE, policy,
                                         err) != 0)
    return -1;
  *now = contrast_time_now();
  if (a->now != NULL &&
      contrast_time_parse_rfc3339(a->now, now, CONTRAST_E_USAGE, err) != 0) {
    json_decref(*policy);
    *policy = NULL;
    return -1;
  }
  return 0;
}

static int verify_explicit_tdx(const verify_args *a,
                               const contrast_trust *builtin,
                               const contrast_trust *sim) {
  contrast_err err;
  contrast_err_clear(&err);
  AUTO_FREE uint8_t *quote = NULL;
  size_t quote_len = 0;
  if (read_opt(a->tdx, &quote, &quote_len, &err) != 0)
    return fail(&err);
  uint8_t *bufs[7] = {NULL};
  uint8_t *got[7] = {NULL};
  tdx_collateral col;
  memset(&col, 0, sizeof col);
  AUTO_JSON json_t *policy = NULL;
  int64_t now;
  int rc;
  if ((a->collateral != NULL &&
       contrast_collateral_load_dir(a->collateral, &col, bufs, &err) != 0) ||
      load_policy_now(a, &policy, &now, &err) != 0) {
    rc = fail(&err);
  } else if (a->fetch &&
             fetch_tdx(a, quote, quote_len, &col, got, &err) != 0) {
    rc = fetch_failed(&err, a->json);
  } else {
    const contrast_trust *t = sim != NULL ? sim : builtin;
    contrast_verdict v;
    if (contrast_verify_tdx(&t->tdx, quote, quote_len, &col, policy, now, &v,
                            &err) != 0) {
      rc = fail(&err);
    } else {
      rc = emit_verdict(&v, a->json);
      contrast_verdict_wipe(&v);
    }
  }
  for (size_t i = 0; i < 7; i++) {
    free(bufs[i]);
    free(got[i]);
  }
  return rc;
}

static int cmd_verify(int argc, char **argv) {
  verify_args a;
  if (parse_verify_args(argc, argv, &a) != 0)
    return EXIT_UNUSABLE;
  contrast_err err;
  contrast_err_clear(&err);
  contrast_trust builtin, sim;
  int have_sim = 0;
  contrast_trust_init_empty(&builtin, "amd");
  if (load_sim(&a, &sim, &have_sim, &err) != 0)
    return fail(&err);
  int rc;
  if (a.snp != NULL || a.tdx != NULL) {
    if (have_sim)
      fprintf(stderr, "contrast: WARNING: trusting simulator roots from %s "
                      "instead of the real vendor roots\n",
              a.trust_sim);
    if (!have_sim &&
        contrast_trust_load_builtin_some(&builtin,
                                         a.snp != NULL
                                             ? CONTRAST_SNP_ALL_PRODUCTS
                                             : 0,
                                         a.tdx != NULL, &err) != 0)
      rc = fail(&err);
    else
      rc = a.snp != NULL
               ? verify_explicit(&a, &builtin, have_sim ? &sim : NULL)
               : verify_explicit_tdx(&a, &builtin, have_sim ? &sim : NULL);
  } else {
    contrast_case c;
    if (contrast_case_load(a.case_dir, &c, &err) != 0) {
      rc = fail(&err);
    } else {
      if (c.trust == CONTRAST_TRUST_SIM && have_sim)
        fprintf(stderr, "contrast: WARNING: trusting simulator roots from %s "
                        "for case %s\n",
                a.trust_sim, c.name);
      /* Pin only the real roots this case can chain to. */
      unsigned products = 0;
      int intel = 0;
      if (c.tee == CONTRAST_TEE_SNP && c.trust == CONTRAST_TRUST_AMD)
        products = contrast_snp_products_needed(c.evidence, c.evidence_len);
      if (c.tee == CONTRAST_TEE_TDX && c.trust == CONTRAST_TRUST_INTEL)
        intel = 1;
      if (contrast_trust_load_builtin_some(&builtin, products, intel, &err) !=
          0) {
        rc = fail(&err);
      } else {
        contrast_verify_ctx ctx = {.builtin = &builtin,
                                   .sim = have_sim ? &sim : NULL};
        contrast_verdict v;
        if (a.fetch && fetch_case(&a, &c, &err) != 0) {
          rc = fetch_failed(&err, a.json);
        } else if (contrast_verify_case(&c, &ctx, &v, &err) != 0) {
          rc = fail(&err);
        } else {
          rc = emit_verdict(&v, a.json);
          contrast_verdict_wipe(&v);
        }
      }
      contrast_case_wipe(&c);
    }
  }
  if (have_sim)
    contrast_trust_wipe(&sim);
  contrast_trust_wipe(&builtin);
  return rc;
}

/* Print a JSON value as "path  value" lines, depth first. */
static void print_flat(const char *prefix, json_t *v) {
  if (json_is_object(v)) {
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
      char p[256];
      (void)snprintf(p, sizeof p, "%s%s%s", prefix, *prefix ? "." : "", k);
      print_flat(p, x);
    }
    return;
  }
  if (json_is_string(v))
    printf("%-34s %s\n", prefix, json_string_value(v));
  else if (json_is_integer(v))
    printf("%-34s %lld\n", prefix, (long long)json_integer_value(v));
  else if (json_is_boolean(v))
    printf("%-34s %s\n", prefix, json_is_true(v) ? "true" : "false");
  else if (json_is_null(v))
    printf("%-34s null\n", prefix);
}

static int show_tdx(const uint8_t *buf, size_t len, int as_json) {
  contrast_err err;
  contrast_err_clear(&err);
  tdx_quote q;
  if (tdx_quote_parse(buf, len, &q, &err) != 0) {
    fprintf(stderr, "contrast: %s: %s\n", contrast_code_name(err.code),
            err.detail);
    return EXIT_REJECT;
  }
  json_t *o = tdx_quote_to_json(&q);
  /* The PCK certificate's SGX extension, when the chain parses. */
  size_t plen = q.pck_chain_len;
  if (plen > 0 && q.pck_chain[plen - 1] == '\0')
    plen--;
  contrast_cert certs[4];
  size_t n = 0;
  contrast_err local;
  contrast_err_clear(&local);
  if (o != NULL && contrast_cert_parse_pem_bundle(q.pck_chain, plen, "PCK chain",
                                                  certs, 4, &n, &local) == 0) {
    tdx_pck_ext x;
    if (tdx_pck_ext_from_cert(certs[0].x509, &x, &local) == 0)
      (void)json_object_set_new(o, "pck", tdx_pck_ext_to_json(&x));
    else
      fprintf(stderr, "contrast: PCK extension: %s\n", local.detail);
    for (size_t i = 0; i < n; i++)
      contrast_cert_wipe(&certs[i]);
  } else if (o != NULL) {
    fprintf(stderr, "contrast: PCK chain: %s\n", local.detail);
  }
  if (o == NULL) {
    fputs("contrast: out of memory\n", stderr);
    return EXIT_UNUSABLE;
  }
  if (as_json) {
    json_t *wrap = json_pack("{s:s,s:o}", "tee", "tdx", "quote", o);
    if (print_json(wrap) != 0)
      return EXIT_UNUSABLE;
  } else {
    printf("%-34s %s\n", "tee", "tdx (Intel TDX DCAP quote)");
    print_flat("", o);
    json_decref(o);
  }
  return EXIT_ACCEPT;
}

static int cmd_show(int argc, char **argv) {
  int as_json = 0;
  const char *file = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0)
      as_json = 1;
    else if (argv[i][0] == '-') {
      fprintf(stderr, "contrast: unknown option %s\n", argv[i]);
      return EXIT_UNUSABLE;
    } else if (file == NULL)
      file = argv[i];
    else {
      fprintf(stderr, "contrast: evidence show takes one FILE\n");
      return EXIT_UNUSABLE;
    }
  }
  if (file == NULL) {
    fprintf(stderr, "usage: contrast evidence show [--json] FILE\n");
    return EXIT_UNUSABLE;
  }
  contrast_err err;
  contrast_err_clear(&err);
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  if (contrast_file_read(file, CONTRAST_FILE_MAX, &buf, &len, &err) != 0)
    return fail(&err);
  /* A TDX quote starts u16 version 4|5, u16 att_key_type 2, u32 tee_type
   * 0x81; an SNP report starts u32 version, so bytes 2..3 are zero. */
  if (len >= 8 && (buf[0] == 4 || buf[0] == 5) && buf[1] == 0 &&
      buf[2] == 2 && buf[3] == 0 && buf[4] == 0x81 && buf[5] == 0 &&
      buf[6] == 0 && buf[7] == 0)
    return show_tdx(buf, len, as_json);
  snp_report *r = malloc(sizeof *r);
  if (r == NULL) {
    fputs("contrast: out of memory\n", stderr);
    return EXIT_UNUSABLE;
  }
  if (snp_report_parse(buf, len, r, &err) != 0) {
    free(r);
    fprintf(stderr, "contrast: %s: %s\n", contrast_code_name(err.code),
            err.detail);
    return EXIT_REJECT;
  }
  json_t *o = snp_report_to_json(r, snp_report_product(r));
  free(r);
  if (o == NULL) {
    fputs("contrast: out of memory\n", stderr);
    return EXIT_UNUSABLE;
  }
  if (as_json) {
    json_t *wrap = json_pack("{s:s,s:o}", "tee", "snp", "report", o);
    if (print_json(wrap) != 0)
      return EXIT_UNUSABLE;
  } else {
    printf("%-34s %s\n", "tee", "snp (AMD SEV-SNP attestation report)");
    print_flat("", o);
    json_decref(o);
  }
  return EXIT_ACCEPT;
}

int cli_evidence(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "fetch") == 0)
    return cli_evidence_fetch(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "verify") == 0)
    return cmd_verify(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "show") == 0)
    return cmd_show(argc - 1, argv + 1);
  fprintf(stderr, "usage: contrast evidence verify|show ...\n");
  return EXIT_UNUSABLE;
}
