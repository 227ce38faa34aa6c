/* The simulated KDS and PCS servers (sim/kds_server.c, sim/pcs_server.c)
 * and the small HTTP/1.1 server they share (sim/httpd.c, libevent's
 * evhttp). Internal to sim/ and its tests.
 *
 * A server is a handler, a pure function of (path, query, now) that fills
 * a sim_http_resp, plus the shared machinery here: listening (plain HTTP
 * or HTTPS), the `ready URL` line, request logging and fault injection.
 * The parsers below (listen address, fault spec, query string,
 * percent-encoding) are separate so that the unit tests can reach them
 * without a socket. Functions that can fail follow STYLE.md (0 / -1 and a
 * contrast_err; E_USAGE for a bad option or request, E_IO, E_NOMEM,
 * E_CRYPTO). */
#ifndef CONTRAST_SIM_HTTPD_H
#define CONTRAST_SIM_HTTPD_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"
#include "snp_pki.h"
#include "tdx_pki.h"

/* ---- faults (--fault KIND[:COUNT][@PATHPREFIX]) ---- */

typedef enum sim_fault_kind {
  SIM_FAULT_404 = 0,
  SIM_FAULT_429,          /* with Retry-After */
  SIM_FAULT_500,
  SIM_FAULT_503,
  SIM_FAULT_TRUNCATE,     /* full Content-Length, half the body, close */
  SIM_FAULT_CONTENT_TYPE, /* 200, text/html, an HTML body */
  SIM_FAULT_KIND_COUNT_
} sim_fault_kind;

#define SIM_FAULT_PREFIX_MAX 255

typedef struct sim_fault {
  sim_fault_kind kind;
  /* Requests still to get the fault; -1 = every matching request. */
  int64_t remaining;
  /* Only requests whose path starts with this ("" = every request). */
  char prefix[SIM_FAULT_PREFIX_MAX + 1];
} sim_fault;

/* Parse "KIND[:COUNT][@PATHPREFIX]": KIND one of 404, 429, 500, 503,
 * truncate, content-type; COUNT a decimal 1..1000000; PATHPREFIX starts
 * with '/'. Errors: E_USAGE. */
int sim_fault_parse(const char *s, sim_fault *out,
                    contrast_err *err) CONTRAST_WUR;

/* The fault for a request on path: the first fault whose prefix matches
 * and that has requests left, its count decremented; NULL if none. */
sim_fault *sim_fault_take(sim_fault *faults, size_t n, const char *path);

/* ---- options shared by both servers ---- */

#define SIM_HTTPD_MAX_FAULTS 16

typedef struct sim_httpd_opts {
  char host[64]; /* "127.0.0.1", "::1" */
  uint16_t port; /* 0 = a free port */
  int has_listen;
  const char *tls_cert, *tls_key; /* borrowed (argv) */
  const char *log_path;
  uint32_t latency_ms;
  uint32_t retry_after; /* seconds, default 1 */
  size_t n_faults;
  sim_fault faults[SIM_HTTPD_MAX_FAULTS];
} sim_httpd_opts;

/* Defaults: no listen address yet, Retry-After 1, no faults. */
void sim_httpd_opts_init(sim_httpd_opts *o);

/* Parse "127.0.0.1:8400", "[::1]:8400" or "localhost:0" into host and
 * port. Errors: E_USAGE. */
int sim_listen_parse(const char *s, char host[64], uint16_t *port,
                     contrast_err *err) CONTRAST_WUR;

/* Consume a shared option at argv[*i] (--listen, --tls-cert, --tls-key,
 * --log, --latency, --fault, --retry-after) and its value, advancing *i
 * past the value. Returns 1 when consumed, 0 when argv[*i] is not a shared
 * option, -1 on a bad value (E_USAGE). */
int sim_httpd_option(sim_httpd_opts *o, int argc, char **argv, int *i,
                     contrast_err *err) CONTRAST_WUR;

/* Usage text of the shared options (for the commands' --help). */
extern const char SIM_HTTPD_USAGE[];

/* ---- requests and responses ---- */

#define SIM_QUERY_MAX 16

/* A query string split into key=value pairs (not percent-decoded: every
 * parameter of the KDS and PCS is plain ASCII). */
typedef struct sim_query {
  size_t n;
  struct {
    char key[32];
    char val[256];
  } kv[SIM_QUERY_MAX];
} sim_query;

/* Split "a=1&b=2" (NULL or "" = no pairs). A pair without '=', an empty or
 * overlong key or value, a repeated key or more than SIM_QUERY_MAX pairs
 * fail with E_USAGE. */
int sim_query_parse(const char *q, sim_query *out,
                    contrast_err *err) CONTRAST_WUR;
/* The value of key, or NULL. */
const char *sim_query_get(const sim_query *q, const char *key);
/* E_USAGE naming the first key of q that is not in the NULL-terminated
 * list allowed. */
int sim_query_only(const sim_query *q, const char *const *allowed,
                   contrast_err *err) CONTRAST_WUR;

/* Append the percent-encoding of n bytes: every byte except A-Z a-z 0-9
 * - _ . ~ as %XX with upper-case hex (Intel's issuer-chain headers). */
void sim_pct_encode(const uint8_t *in, size_t n, sim_buf *out);

typedef struct sim_http_resp {
  int status;
  const char *content_type; /* static string, or NULL */
  sim_buf body;
  char header_name[64]; /* one extra header, "" = none */
  sim_buf header_value;
} sim_http_resp;

/* A 200 response with an empty body. */
void sim_http_resp_init(sim_http_resp *r);
void sim_http_resp_wipe(sim_http_resp *r);
/* Set status, a text/plain body and return 0 (a handler's "not found"). */
int sim_http_resp_text(sim_http_resp *r, int status, const char *text);

/* A server's request handler: fill r for GET path?query at now. A request
 * the server cannot answer is a status (4xx) in r with return 0; -1 means
 * the server itself failed (err set; the client gets a 500). */
typedef int (*sim_http_handler)(void *ctx, const char *path,
                                const char *query, int64_t now,
                                sim_http_resp *r, contrast_err *err);

/* Serve until SIGTERM or SIGINT: print `ready http[s]://HOST:PORT` on
 * stdout once listening, log `<name> <METHOD> <uri> -> <status>` per
 * request on stderr (and o->log_path), apply o's faults and latency.
 * Faults are consumed (o is updated). Errors: E_USAGE (no --listen, half
 * a TLS pair), E_IO (cannot listen or open the log), E_CRYPTO (TLS). */
int sim_httpd_run(const char *name, sim_httpd_opts *o, sim_http_handler h,
                  void *ctx, contrast_err *err) CONTRAST_WUR;

/* ---- the server commands (contrast-sim kds|pcs) ---- */

/* The options of a server command: its own three, then the shared ones
 * (sim_httpd_option). */
typedef struct sim_server_opts {
  const char *keys; /* --keys DIR, required (borrowed, argv) */
  int64_t lifetime; /* the command's lifetime option, in seconds */
  int stale;        /* --stale-crl */
  sim_httpd_opts http;
} sim_server_opts;

/* What makes a server command of sim_server_cmd_run. */
typedef struct sim_server_cmd {
  const char *name;            /* "kds": log name and message prefix */
  const char *usage;           /* --help text before SIM_HTTPD_USAGE */
  const char *lifetime_option; /* "--crl-lifetime" */
  int64_t lifetime_default;    /* seconds */
  /* Make the server's state (its handler's ctx) from the options, with
   * t0 as startup time. */
  int (*make)(const sim_server_opts *o, int64_t t0, void **ctx,
              contrast_err *err);
  sim_http_handler handle;
  void (*free_ctx)(void *ctx);
} sim_server_cmd;

/* Parse a decimal number of seconds (1 to 10 digits) for option opt.
 * Errors: E_USAGE. */
int sim_seconds_parse(const char *opt, const char *v, int64_t *out,
                      contrast_err *err) CONTRAST_WUR;

/* Run `contrast-sim <name> ARGS` (argv[0] is the command word): --help or
 * -h prints c->usage and SIM_HTTPD_USAGE; otherwise parse the options,
 * make the server and serve (sim_httpd_run) until a signal. Returns the
 * exit status: 0, 2 for bad usage, 1 for any other failure (reported on
 * stderr). */
int sim_server_cmd_run(const sim_server_cmd *c, int argc, char **argv);

/* ---- the KDS (sim/kds_server.c) ---- */

typedef struct sim_kds sim_kds;

/* Load the AMD half of keys; CRLs are made on first use with thisUpdate
 * t0 - 1 h and nextUpdate t0 + crl_lifetime (re-signed when expired at a
 * request), or, when stale, now - 8 days .. now - 1 day. *out is new.
 * Errors: E_IO, E_UNUSABLE, E_NOMEM. */
int sim_kds_new(const char *keys, int64_t t0, int64_t crl_lifetime,
                int stale, sim_kds **out, contrast_err *err) CONTRAST_WUR;
void sim_kds_free(sim_kds *k);
/* The sim_http_handler of the KDS (ctx is a sim_kds). */
int sim_kds_handle(void *ctx, const char *path, const char *query,
                   int64_t now, sim_http_resp *r,
                   contrast_err *err) CONTRAST_WUR;

/* The TCB of a VCEK request: the product's default TCB with blSPL,
 * teeSPL, snpSPL, ucodeSPL (and fmcSPL for Turin) from the query, each
 * decimal 0..255 (leading zeros allowed, as snpguest pads them).
 * A missing, repeated or unknown parameter or a bad value: E_USAGE. */
int sim_kds_vcek_tcb(snp_product p, const char *query, sim_snp_tcb *out,
                     contrast_err *err) CONTRAST_WUR;

/* ---- the PCS (sim/pcs_server.c) ---- */

typedef struct sim_pcs sim_pcs;

/* Load the Intel half of keys; collateral and CRLs carry issue/thisUpdate
 * t0 - 1 h and nextUpdate t0 + lifetime (re-signed when expired at a
 * request); stale: the CRLs' nextUpdate is now - 1 day (thisUpdate now - 8
 * days). *out is new. Errors: E_IO, E_UNUSABLE, E_NOMEM, E_CRYPTO. */
int sim_pcs_new(const char *keys, int64_t t0, int64_t lifetime, int stale,
                sim_pcs **out, contrast_err *err) CONTRAST_WUR;
void sim_pcs_free(sim_pcs *p);
/* The sim_http_handler of the PCS (ctx is a sim_pcs). */
int sim_pcs_handle(void *ctx, const char *path, const char *query,
                   int64_t now, sim_http_resp *r,
                   contrast_err *err) CONTRAST_WUR;

#endif
