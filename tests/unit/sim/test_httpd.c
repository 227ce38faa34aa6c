/* sim/httpd.c: the pure parts of the simulated servers' HTTP layer (fault
 * specs, listen addresses, query strings, percent-encoding, the shared
 * options). The socket side is covered by tests/e2e/sim_servers.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "httpd.h"
#include "testsupport.h"

static void test_sim_fault_parse_kinds_counts_prefixes(void) {
  static const struct {
    const char *spec;
    sim_fault_kind kind;
    int64_t remaining;
    const char *prefix;
  } ok[] = {
      {"404", SIM_FAULT_404, -1, ""},
      {"429:3", SIM_FAULT_429, 3, ""},
      {"500@/vcek/v1/Milan", SIM_FAULT_500, -1, "/vcek/v1/Milan"},
      {"503:1@/", SIM_FAULT_503, 1, "/"},
      {"truncate:2@/vcek/v1", SIM_FAULT_TRUNCATE, 2, "/vcek/v1"},
      {"content-type@/tdx/certification/v4/tcb", SIM_FAULT_CONTENT_TYPE, -1,
       "/tdx/certification/v4/tcb"},
      {"404:1000000", SIM_FAULT_404, 1000000, ""},
      /* a prefix may hold ':' and '@' after the first '@' */
      {"404@/a:b@c", SIM_FAULT_404, -1, "/a:b@c"},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    sim_fault f;
    CU_ASSERT_EQUAL_FATAL(sim_fault_parse(ok[i].spec, &f, &err), 0);
    CU_ASSERT_EQUAL(f.kind, ok[i].kind);
    CU_ASSERT_EQUAL(f.remaining, ok[i].remaining);
    CU_ASSERT_STRING_EQUAL(f.prefix, ok[i].prefix);
  }
}

static void test_sim_fault_parse_bad_fails_usage(void) {
  static const char *const bad[] = {
      "",      "418",        "truncat", "404:",    "404:0",  "404:x",
      "404:-1", "404:1000001", "404@",   "404@vcek", ":1",     "@/x",
      "404:1:2", "Truncate",  "404 "};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    sim_fault f;
    CU_ASSERT_EQUAL(sim_fault_parse(bad[i], &f, &err), -1);
    ASSERT_CODE(err, CONTRAST_E_USAGE);
  }
  /* a prefix longer than SIM_FAULT_PREFIX_MAX */
  char longp[SIM_FAULT_PREFIX_MAX + 8];
  memset(longp, 'a', sizeof longp);
  memcpy(longp, "404@/", 5);
  longp[sizeof longp - 1] = '\0';
  contrast_err err;
  contrast_err_clear(&err);
  sim_fault f;
  CU_ASSERT_EQUAL(sim_fault_parse(longp, &f, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
}

static void test_sim_fault_take_counts_then_falls_through(void) {
  contrast_err err;
  contrast_err_clear(&err);
  sim_fault f[2];
  CU_ASSERT_EQUAL_FATAL(sim_fault_parse("404:2@/a", &f[0], &err), 0);
  CU_ASSERT_EQUAL_FATAL(sim_fault_parse("500:1", &f[1], &err), 0);
  /* /b does not match the first: the second applies, once */
  CU_ASSERT_PTR_EQUAL(sim_fault_take(f, 2, "/b"), &f[1]);
  CU_ASSERT_PTR_NULL(sim_fault_take(f, 2, "/b"));
  /* /a/x matches the first twice, then nothing is left */
  CU_ASSERT_PTR_EQUAL(sim_fault_take(f, 2, "/a/x"), &f[0]);
  CU_ASSERT_PTR_EQUAL(sim_fault_take(f, 2, "/a"), &f[0]);
  CU_ASSERT_PTR_NULL(sim_fault_take(f, 2, "/a"));
  CU_ASSERT_EQUAL(f[0].remaining, 0);
  /* without a count a fault never runs out */
  sim_fault all;
  CU_ASSERT_EQUAL_FATAL(sim_fault_parse("503", &all, &err), 0);
  for (int i = 0; i < 5; i++)
    CU_ASSERT_PTR_EQUAL(sim_fault_take(&all, 1, "/x"), &all);
  CU_ASSERT_EQUAL(all.remaining, -1);
}

static void test_sim_listen_parse_forms(void) {
  static const struct {
    const char *s, *host;
    uint16_t port;
  } ok[] = {{"127.0.0.1:8400", "127.0.0.1", 8400},
            {"[::1]:0", "::1", 0},
            {"localhost:65535", "localhost", 65535},
            {"0.0.0.0:01", "0.0.0.0", 1}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    char host[64];
    uint16_t port = 1234;
    CU_ASSERT_EQUAL_FATAL(sim_listen_parse(ok[i].s, host, &port, &err), 0);
    CU_ASSERT_STRING_EQUAL(host, ok[i].host);
    CU_ASSERT_EQUAL(port, ok[i].port);
  }
  static const char *const bad[] = {"127.0.0.1", ":80",       "1.2.3.4:65536",
                                    "[::1]8400", "::1:80",    "h:-1",
                                    "h:",        "[::1]:",    "[]:80",
                                    "[::1:80",   "h:80x",     ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    contrast_err err;
    contrast_err_clear(&err);
    char host[64];
    uint16_t port = 0;
    CU_ASSERT_EQUAL(sim_listen_parse(bad[i], host, &port, &err), -1);
    ASSERT_CODE(err, CONTRAST_E_USAGE);
  }
}

static void test_sim_query_parse_pairs_and_errors(void) {
  contrast_err err;
  contrast_err_clear(&err);
  sim_query q;
  CU_ASSERT_EQUAL_FATAL(
      sim_query_parse("ucodeSPL=68&blSPL=02&teeSPL=0", &q, &err), 0);
  CU_ASSERT_EQUAL(q.n, 3);
  CU_ASSERT_STRING_EQUAL(sim_query_get(&q, "blSPL"), "02");
  CU_ASSERT_STRING_EQUAL(sim_query_get(&q, "ucodeSPL"), "68");
  CU_ASSERT_PTR_NULL(sim_query_get(&q, "snpSPL"));
  static const char *const only[] = {"blSPL", "teeSPL", "ucodeSPL", NULL};
  CU_ASSERT_EQUAL(sim_query_only(&q, only, &err), 0);
  static const char *const fewer[] = {"blSPL", "teeSPL", NULL};
  CU_ASSERT_EQUAL(sim_query_only(&q, fewer, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);

  CU_ASSERT_EQUAL(sim_query_parse(NULL, &q, &err), 0);
  CU_ASSERT_EQUAL(q.n, 0);
  CU_ASSERT_EQUAL(sim_query_parse("", &q, &err), 0);
  CU_ASSERT_EQUAL(q.n, 0);

  /* the last: a 33-character key */
  static const char long_key[] = "k01234567890123456789012345678901=1";
  static const char *const bad[] = {"a",    "=1",   "a=",     "a=1&a=2",
                                    "a=1&", "&a=1", "a=1&&b=2", long_key};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(sim_query_parse(bad[i], &q, &err), -1);
    ASSERT_CODE(err, CONTRAST_E_USAGE);
  }
  /* at most SIM_QUERY_MAX pairs */
  char many[512] = "";
  for (int i = 0; i <= SIM_QUERY_MAX; i++) {
    char kv[16];
    (void)snprintf(kv, sizeof kv, "%sk%d=1", i ? "&" : "", i);
    strcat(many, kv);
  }
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_query_parse(many, &q, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
}

static void test_sim_pct_encode_like_intel(void) {
  static const char pem[] = "-----BEGIN CERTIFICATE-----\nMIIC+/=\n~_.";
  sim_buf b = {0};
  sim_pct_encode((const uint8_t *)pem, strlen(pem), &b);
  const uint8_t hi[2] = {0xff, 0x00};
  sim_pct_encode(hi, 2, &b);
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL_FATAL(sim_buf_check(&b, &err), 0);
  CU_ASSERT_STRING_EQUAL((const char *)b.p,
                         "-----BEGIN%20CERTIFICATE-----%0AMIIC%2B%2F%3D%0A~_."
                         "%FF%00");
  sim_buf_free(&b);
}

/* argv as the commands get it (writable strings); free with argv_free */
static char **argv_dup(const char *const *in, int n) {
  char **out = calloc((size_t)n + 1, sizeof *out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  for (int i = 0; i < n; i++) {
    out[i] = strdup(in[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out[i]);
  }
  return out;
}

static void argv_free(char **a, int n) {
  for (int i = 0; i < n; i++)
    free(a[i]);
  free(a);
}

static void test_sim_httpd_option_shared_options(void) {
  static const char *const args[] = {
      "kds",      "--listen",      "[::1]:0", "--tls-cert", "c.pem",
      "--tls-key", "k.pem",        "--log",   "l.txt",      "--latency",
      "250",      "--fault",       "429:2@/v", "--retry-after", "7",
      "--fault",  "truncate",      "--keys"};
  int argc = (int)(sizeof args / sizeof args[0]);
  char **argv = argv_dup(args, argc);
  sim_httpd_opts o;
  sim_httpd_opts_init(&o);
  CU_ASSERT_EQUAL(o.retry_after, 1);
  contrast_err err;
  contrast_err_clear(&err);
  int i = 1;
  for (; i < argc; i++) {
    int rc = sim_httpd_option(&o, argc, argv, &i, &err);
    if (rc != 1)
      break;
  }
  /* stops at the first option it does not know */
  CU_ASSERT_EQUAL(i, argc - 1);
  CU_ASSERT(o.has_listen);
  CU_ASSERT_STRING_EQUAL(o.host, "::1");
  CU_ASSERT_EQUAL(o.port, 0);
  CU_ASSERT_STRING_EQUAL(o.tls_cert, "c.pem");
  CU_ASSERT_STRING_EQUAL(o.tls_key, "k.pem");
  CU_ASSERT_STRING_EQUAL(o.log_path, "l.txt");
  CU_ASSERT_EQUAL(o.latency_ms, 250);
  CU_ASSERT_EQUAL(o.retry_after, 7);
  CU_ASSERT_EQUAL_FATAL(o.n_faults, 2);
  CU_ASSERT_EQUAL(o.faults[0].kind, SIM_FAULT_429);
  CU_ASSERT_EQUAL(o.faults[0].remaining, 2);
  CU_ASSERT_STRING_EQUAL(o.faults[0].prefix, "/v");
  CU_ASSERT_EQUAL(o.faults[1].kind, SIM_FAULT_TRUNCATE);
  argv_free(argv, argc);

  /* a bad value, or none */
  static const char *const bads[][3] = {
      {"kds", "--latency", "x"},     {"kds", "--latency", "-1"},
      {"kds", "--fault", "418"},     {"kds", "--listen", "nope"},
      {"kds", "--retry-after", ""},  {"kds", "--log", NULL}};
  for (size_t k = 0; k < sizeof bads / sizeof bads[0]; k++) {
    int ac = bads[k][2] != NULL ? 3 : 2;
    char **av = argv_dup(bads[k], ac);
    int j = 1;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(sim_httpd_option(&o, ac, av, &j, &err), -1);
    ASSERT_CODE(err, CONTRAST_E_USAGE);
    argv_free(av, ac);
  }
  /* at most SIM_HTTPD_MAX_FAULTS */
  static const char *const fault[] = {"kds", "--fault", "404"};
  char **av = argv_dup(fault, 3);
  sim_httpd_opts_init(&o);
  for (int k = 0; k < SIM_HTTPD_MAX_FAULTS; k++) {
    int j = 1;
    CU_ASSERT_EQUAL(sim_httpd_option(&o, 3, av, &j, &err), 1);
    CU_ASSERT_EQUAL(j, 2);
  }
  int j = 1;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_httpd_option(&o, 3, av, &j, &err), -1);
  ASSERT_CODE(err, CONTRAST_E_USAGE);
  argv_free(av, 3);
}

static void test_sim_seconds_parse_digits_only_max_10(void) {
  int64_t v = -1;
  contrast_err err;
  contrast_err_clear(&err);
  CU_ASSERT_EQUAL(sim_seconds_parse("--crl-lifetime", "0", &v, &err), 0);
  CU_ASSERT_EQUAL(v, 0);
  CU_ASSERT_EQUAL(sim_seconds_parse("--crl-lifetime", "0604800", &v, &err), 0);
  CU_ASSERT_EQUAL(v, 604800);
  CU_ASSERT_EQUAL(sim_seconds_parse("--crl-lifetime", "9999999999", &v, &err),
                  0);
  CU_ASSERT_EQUAL(v, INT64_C(9999999999));
  static const char *const bad[] = {"", "-1", "+1", "1s", " 1", "12345678901",
                                    "00000000001"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    v = 5;
    contrast_err_clear(&err);
    CU_ASSERT_EQUAL(sim_seconds_parse("--collateral-lifetime", bad[k], &v,
                                      &err),
                    -1);
    ASSERT_CODE(err, CONTRAST_E_USAGE);
    CU_ASSERT_EQUAL(v, 5);
  }
  CU_ASSERT_STRING_EQUAL(err.detail, "--collateral-lifetime: '00000000001' "
                                     "is not a number of seconds");
}

static void test_sim_http_resp_text_sets_status_and_body(void) {
  sim_http_resp r;
  sim_http_resp_init(&r);
  CU_ASSERT_EQUAL(r.status, 200);
  sim_buf_printf(&r.body, "previous");
  CU_ASSERT_EQUAL(sim_http_resp_text(&r, 404, "not found"), 0);
  CU_ASSERT_EQUAL(r.status, 404);
  CU_ASSERT_STRING_EQUAL(r.content_type, "text/plain");
  CU_ASSERT_STRING_EQUAL((const char *)r.body.p, "not found\n");
  sim_http_resp_wipe(&r);
}

int main(void) {
  static const test_case tests[] = {
      {"test_sim_fault_parse_kinds_counts_prefixes",
       test_sim_fault_parse_kinds_counts_prefixes},
      {"test_sim_fault_parse_bad_fails_usage",
       test_sim_fault_parse_bad_fails_usage},
      {"test_sim_fault_take_counts_then_falls_through",
       test_sim_fault_take_counts_then_falls_through},
      {"test_sim_listen_parse_forms", test_sim_listen_parse_forms},
      {"test_sim_query_parse_pairs_and_errors",
       test_sim_query_parse_pairs_and_errors},
      {"test_sim_pct_encode_like_intel", test_sim_pct_encode_like_intel},
      {"test_sim_httpd_option_shared_options",
       test_sim_httpd_option_shared_options},
      {"test_sim_seconds_parse_digits_only_max_10",
       test_sim_seconds_parse_digits_only_max_10},
      {"test_sim_http_resp_text_sets_status_and_body",
       test_sim_http_resp_text_sets_status_and_body},
      {NULL, NULL}};
  return test_run_suite("sim_httpd", tests);
}
