/* The HTTP/1.1 server shared by the simulated KDS and PCS (httpd.h):
 * libevent's evhttp, plain or over TLS (bufferevent_openssl), one line per
 * request on stderr, and the fault injection the endorsement fetchers are
 * tested against (error statuses, rate limiting, a truncated body, a wrong
 * content type, latency). Also `contrast-sim tls init`, the test CA and
 * server certificate for --tls-cert. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <netinet/in.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "httpd.h"
#include "sim.h"

/* ---- parsing (pure) ---- */

static const char *const FAULT_NAMES[SIM_FAULT_KIND_COUNT_] = {
    "404", "429", "500", "503", "truncate", "content-type"};

/* Decimal 0..max, digits only. */
static int parse_dec(const char *s, size_t len, uint64_t max, uint64_t *out) {
  if (len == 0 || len > 19)
    return -1;
  uint64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v > max)
    return -1;
  *out = v;
  return 0;
}

int sim_fault_parse(const char *s, sim_fault *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  out->remaining = -1;
  const char *at = strchr(s, '@');
  size_t head = at != NULL ? (size_t)(at - s) : strlen(s);
  if (at != NULL) {
    size_t plen = strlen(at + 1);
    ENSURE(plen > 0 && at[1] == '/' && plen <= SIM_FAULT_PREFIX_MAX, E_USAGE,
           "--fault %s: the path prefix must start with '/'", s);
    memcpy(out->prefix, at + 1, plen + 1);
  }
  const char *colon = memchr(s, ':', head);
  size_t klen = colon != NULL ? (size_t)(colon - s) : head;
  int found = 0;
  for (size_t k = 0; k < SIM_FAULT_KIND_COUNT_; k++) {
    if (strlen(FAULT_NAMES[k]) == klen && memcmp(FAULT_NAMES[k], s, klen) == 0) {
      out->kind = (sim_fault_kind)k;
      found = 1;
    }
  }
  ENSURE(found, E_USAGE,
         "--fault %s: KIND is one of 404, 429, 500, 503, truncate, "
         "content-type",
         s);
  if (colon != NULL) {
    uint64_t n = 0;
    ENSURE(parse_dec(colon + 1, head - klen - 1, 1000000, &n) == 0 && n > 0,
           E_USAGE, "--fault %s: COUNT is a number 1..1000000", s);
    out->remaining = (int64_t)n;
  }
  return 0;
}

sim_fault *sim_fault_take(sim_fault *faults, size_t n, const char *path) {
  for (size_t i = 0; i < n; i++) {
    sim_fault *f = &faults[i];
    if (f->remaining == 0)
      continue;
    if (strncmp(path, f->prefix, strlen(f->prefix)) != 0)
      continue;
    if (f->remaining > 0)
      f->remaining--;
    return f;
  }
  return NULL;
}

void sim_httpd_opts_init(sim_httpd_opts *o) {
  memset(o, 0, sizeof *o);
  o->retry_after = 1;
}

int sim_listen_parse(const char *s, char host[64], uint16_t *port,
                     contrast_err *err) {
  const char *hs = s, *colon = NULL;
  size_t hlen = 0;
  if (s[0] == '[') {
    const char *close = strchr(s, ']');
    ENSURE(close != NULL && close[1] == ':', E_USAGE,
           "--listen %s: [IPv6]:PORT", s);
    hs = s + 1;
    hlen = (size_t)(close - hs);
    colon = close + 1;
  } else {
    colon = strrchr(s, ':');
    ENSURE(colon != NULL && memchr(s, ':', (size_t)(colon - s)) == NULL,
           E_USAGE, "--listen %s: HOST:PORT or [IPv6]:PORT", s);
    hlen = (size_t)(colon - s);
  }
  ENSURE(hlen > 0 && hlen < 64, E_USAGE, "--listen %s: no host", s);
  uint64_t p = 0;
  ENSURE(parse_dec(colon + 1, strlen(colon + 1), 65535, &p) == 0, E_USAGE,
         "--listen %s: PORT is 0..65535", s);
  memcpy(host, hs, hlen);
  host[hlen] = '\0';
  *port = (uint16_t)p;
  return 0;
}

const char SIM_HTTPD_USAGE[] =
    "  --listen ADDR            127.0.0.1:PORT or [::1]:PORT (0 = any free\n"
    "                           port); prints `ready URL` once listening\n"
    "  --tls-cert F --tls-key F serve HTTPS (TLS 1.2+) with this PEM\n"
    "                           certificate (chain) and key\n"
    "  --log FILE               also append the request log to FILE\n"
    "  --latency MS             delay every response\n"
    "  --fault KIND[:COUNT][@PATHPREFIX]   (repeatable) the first COUNT\n"
    "                           matching requests (default all) get KIND:\n"
    "                           404, 429, 500, 503, truncate, content-type\n"
    "  --retry-after SECONDS    Retry-After of the 429 fault (default 1)\n";

static int need(int argc, char **argv, int *i, const char **v,
                contrast_err *err) {
  ENSURE(*i + 1 < argc, E_USAGE, "%s needs a value", argv[*i]);
  *v = argv[++*i];
  return 0;
}

int sim_httpd_option(sim_httpd_opts *o, int argc, char **argv, int *i,
                     contrast_err *err) {
  const char *a = argv[*i], *v = NULL;
  uint64_t n = 0;
  if (strcmp(a, "--listen") == 0) {
    GUARD(need(argc, argv, i, &v, err));
    GUARD(sim_listen_parse(v, o->host, &o->port, err));
    o->has_listen = 1;
    return 1;
  }
  if (strcmp(a, "--tls-cert") == 0) {
    GUARD(need(argc, argv, i, &o->tls_cert, err));
    return 1;
  }
  if (strcmp(a, "--tls-key") == 0) {
    GUARD(need(argc, argv, i, &o->tls_key, err));
    return 1;
  }
  if (strcmp(a, "--log") == 0) {
    GUARD(need(argc, argv, i, &o->log_path, err));
    return 1;
  }
  if (strcmp(a, "--latency") == 0 || strcmp(a, "--retry-after") == 0) {
    GUARD(need(argc, argv, i, &v, err));
    ENSURE(parse_dec(v, strlen(v), 3600000, &n) == 0, E_USAGE,
           "%s: '%s' is not a number 0..3600000", a, v);
    if (a[2] == 'l')
      o->latency_ms = (uint32_t)n;
    else
      o->retry_after = (uint32_t)n;
    return 1;
  }
  if (strcmp(a, "--fault") == 0) {
    GUARD(need(argc, argv, i, &v, err));
    ENSURE(o->n_faults < SIM_HTTPD_MAX_FAULTS, E_USAGE,
           "at most %d --fault options", SIM_HTTPD_MAX_FAULTS);
    GUARD(sim_fault_parse(v, &o->faults[o->n_faults], err));
    o->n_faults++;
    return 1;
  }
  return 0;
}

int sim_query_parse(const char *q, sim_query *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (q == NULL)
    return 0;
  const char *s = q;
  while (*s != '\0') {
    const char *amp = strchr(s, '&');
    size_t len = amp != NULL ? (size_t)(amp - s) : strlen(s);
    const char *eq = memchr(s, '=', len);
    ENSURE(eq != NULL, E_USAGE, "query: '%.*s' is not key=value", (int)len, s);
    size_t klen = (size_t)(eq - s), vlen = len - klen - 1;
    ENSURE(klen > 0 && klen < sizeof out->kv[0].key && vlen > 0 &&
               vlen < sizeof out->kv[0].val,
           E_USAGE, "query: bad pair '%.*s'", (int)len, s);
    ENSURE(out->n < SIM_QUERY_MAX, E_USAGE, "query: more than %d parameters",
           SIM_QUERY_MAX);
    char key[sizeof out->kv[0].key];
    memcpy(key, s, klen);
    key[klen] = '\0';
    ENSURE(sim_query_get(out, key) == NULL, E_USAGE,
           "query: '%s' given twice", key);
    memcpy(out->kv[out->n].key, key, klen + 1);
    memcpy(out->kv[out->n].val, eq + 1, vlen);
    out->kv[out->n].val[vlen] = '\0';
    out->n++;
    if (amp == NULL)
      break;
    s = amp + 1;
    ENSURE(*s != '\0', E_USAGE, "query: trailing '&'");
  }
  return 0;
}

const char *sim_query_get(const sim_query *q, const char *key) {
  for (size_t i = 0; i < q->n; i++)
    if (strcmp(q->kv[i].key, key) == 0)
      return q->kv[i].val;
  return NULL;
}

int sim_query_only(const sim_query *q, const char *const *allowed,
                   contrast_err *err) {
  for (size_t i = 0; i < q->n; i++) {
    int ok = 0;
    for (size_t j = 0; allowed[j] != NULL; j++)
      ok |= strcmp(q->kv[i].key, allowed[j]) == 0;
    ENSURE(ok, E_USAGE, "query: unknown parameter '%s'", q->kv[i].key);
  }
  return 0;
}

void sim_pct_encode(const uint8_t *in, size_t n, sim_buf *out) {
  static const char HEX[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    uint8_t c = in[i];
    int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                c == '~';
    if (plain) {
      sim_buf_put(out, &c, 1);
    } else {
      char e[3] = {'%', HEX[c >> 4], HEX[c & 15]};
      sim_buf_put(out, e, 3);
    }
  }
}

void sim_http_resp_init(sim_http_resp *r) {
  memset(r, 0, sizeof *r);
  r->status = 200;
}

void sim_http_resp_wipe(sim_http_resp *r) {
  sim_buf_free(&r->body);
  sim_buf_free(&r->header_value);
  memset(r, 0, sizeof *r);
}

int sim_http_resp_text(sim_http_resp *r, int status, const char *text) {
  r->status = status;
  r->content_type = "text/plain";
  r->body.len = 0;
  sim_buf_printf(&r->body, "%s\n", text);
  return 0;
}

/* ---- the server ---- */

typedef struct pending pending;

typedef struct server {
  const char *name;
  sim_httpd_opts *o;
  sim_http_handler h;
  void *ctx;
  struct event_base *base;
  FILE *log;
  pending *head; /* responses waiting for --latency */
} server;

struct pending {
  server *s;
  struct evhttp_request *req;
  char *uri;
  const char *method;
  sim_http_resp r;
  int truncate;
  struct event *ev;
  pending *prev, *next;
};

static const char *reason_of(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 429:
    return "Too Many Requests";
  case 500:
    return "Internal Server Error";
  case 503:
    return "Service Unavailable";
  default:
    return "Unknown";
  }
}

static const char *method_of(enum evhttp_cmd_type c) {
  switch (c) {
  case EVHTTP_REQ_GET:
    return "GET";
  case EVHTTP_REQ_POST:
    return "POST";
  case EVHTTP_REQ_HEAD:
    return "HEAD";
  case EVHTTP_REQ_PUT:
    return "PUT";
  case EVHTTP_REQ_DELETE:
    return "DELETE";
  case EVHTTP_REQ_OPTIONS:
    return "OPTIONS";
  case EVHTTP_REQ_TRACE:
    return "TRACE";
  case EVHTTP_REQ_CONNECT:
    return "CONNECT";
  case EVHTTP_REQ_PATCH:
    return "PATCH";
  }
  return "?";
}

static void log_line(server *s, const char *method, const char *uri,
                     int status) {
  fprintf(stderr, "%s %s %s -> %d\n", s->name, method, uri, status);
  fflush(stderr);
  if (s->log != NULL) {
    fprintf(s->log, "%s %s %s -> %d\n", s->name, method, uri, status);
    fflush(s->log);
  }
}

static void pending_free(pending *p) {
  if (p->ev != NULL)
    event_free(p->ev);
  sim_http_resp_wipe(&p->r);
  free(p->uri);
  free(p);
}

/* Apply a fault instead of (or, for truncate, on top of) the answer. */
static void fault_apply(const server *s, const sim_fault *f, pending *p) {
  sim_http_resp *r = &p->r;
  switch (f->kind) {
  case SIM_FAULT_404:
    (void)sim_http_resp_text(r, 404, "fault injected: not found");
    break;
  case SIM_FAULT_429:
    (void)sim_http_resp_text(r, 429, "fault injected: rate limited");
    memcpy(r->header_name, "Retry-After", sizeof "Retry-After");
    r->header_value.len = 0;
    sim_buf_printf(&r->header_value, "%u", (unsigned)s->o->retry_after);
    break;
  case SIM_FAULT_500:
    (void)sim_http_resp_text(r, 500, "fault injected: server error");
    break;
  case SIM_FAULT_503:
    (void)sim_http_resp_text(r, 503, "fault injected: unavailable");
    break;
  case SIM_FAULT_TRUNCATE:
    p->truncate = 1;
    /* a body too short to cut in half would not be truncated */
    if (p->r.body.len < 2)
      sim_buf_printf(&r->body, "%s", "fault injected: a body to truncate\n");
    break;
  case SIM_FAULT_CONTENT_TYPE:
    sim_http_resp_wipe(r);
    sim_http_resp_init(r);
    r->content_type = "text/html";
    sim_buf_printf(&r->body,
                   "<!DOCTYPE html>\n<html><head><title>Maintenance</title>"
                   "</head><body><h1>Service temporarily unavailable</h1>"
                   "</body></html>\n");
    break;
  case SIM_FAULT_KIND_COUNT_:
    break;
  }
}

static void respond(pending *p) {
  struct evhttp_request *req = p->req;
  sim_http_resp *r = &p->r;
  struct evkeyvalq *hdr = evhttp_request_get_output_headers(req);
  int status = r->status;
  if (r->body.failed || r->header_value.failed) {
    status = 500;
    r->content_type = NULL;
    r->body.len = 0;
    r->header_name[0] = '\0';
  }
  if (r->content_type != NULL)
    evhttp_add_header(hdr, "Content-Type", r->content_type);
  if (r->header_name[0] != '\0' && r->header_value.p != NULL)
    evhttp_add_header(hdr, r->header_name, (const char *)r->header_value.p);
  if (status == 405)
    evhttp_add_header(hdr, "Allow", "GET");
  struct evbuffer *buf = evbuffer_new();
  if (buf == NULL) {
    evhttp_send_error(req, 500, NULL);
    log_line(p->s, p->method, p->uri, 500);
    return;
  }
  if (p->truncate) {
    /* A Content-Length for the whole body, half of it, then close: the
     * client sees the connection end early (curl: CURLE_PARTIAL_FILE).
     * With Content-Length set evhttp does not use chunked encoding, and
     * "Connection: close" makes it close once the bytes are written. */
    char cl[32];
    (void)snprintf(cl, sizeof cl, "%zu", r->body.len);
    evhttp_add_header(hdr, "Content-Length", cl);
    evhttp_add_header(hdr, "Connection", "close");
    evhttp_send_reply_start(req, status, reason_of(status));
    (void)evbuffer_add(buf, r->body.p, r->body.len / 2);
    evhttp_send_reply_chunk(req, buf);
    evhttp_send_reply_end(req);
  } else {
    if (r->body.len > 0)
      (void)evbuffer_add(buf, r->body.p, r->body.len);
    evhttp_send_reply(req, status, reason_of(status), buf);
  }
  evbuffer_free(buf);
  log_line(p->s, p->method, p->uri, status);
}

static void unlink_pending(pending *p) {
  if (p->prev != NULL)
    p->prev->next = p->next;
  else
    p->s->head = p->next;
  if (p->next != NULL)
    p->next->prev = p->prev;
}

static void on_latency(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  pending *p = arg;
  unlink_pending(p);
  respond(p);
  pending_free(p);
}

static void on_request(struct evhttp_request *req, void *arg) {
  server *s = arg;
  pending *p = calloc(1, sizeof *p);
  const char *uri = evhttp_request_get_uri(req);
  if (p == NULL || (p->uri = strdup(uri != NULL ? uri : "")) == NULL) {
    free(p);
    evhttp_send_error(req, 500, NULL);
    return;
  }
  p->s = s;
  p->req = req;
  sim_http_resp_init(&p->r);
  enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
  p->method = method_of(cmd);
  const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
  const char *path = u != NULL ? evhttp_uri_get_path(u) : NULL;
  const char *query = u != NULL ? evhttp_uri_get_query(u) : NULL;
  if (path == NULL || path[0] == '\0')
    path = "/";
  if (cmd != EVHTTP_REQ_GET) {
    (void)sim_http_resp_text(&p->r, 405, "only GET");
  } else {
    sim_fault *f = sim_fault_take(s->o->faults, s->o->n_faults, path);
    if (f == NULL || f->kind == SIM_FAULT_TRUNCATE) {
      contrast_err err;
      contrast_err_clear(&err);
      time_t now = time(NULL);
      if (s->h(s->ctx, path, query, (int64_t)now, &p->r, &err) != 0) {
        fprintf(stderr, "%s: %s: %s: %s\n", s->name, p->uri,
                contrast_code_name(err.code), err.detail);
        sim_http_resp_wipe(&p->r);
        sim_http_resp_init(&p->r);
        (void)sim_http_resp_text(&p->r, 500, "server error");
      }
    }
    if (f != NULL)
      fault_apply(s, f, p);
  }
  if (s->o->latency_ms > 0) {
    struct timeval tv = {(time_t)(s->o->latency_ms / 1000),
                         (suseconds_t)(s->o->latency_ms % 1000) * 1000};
    p->ev = evtimer_new(s->base, on_latency, p);
    if (p->ev != NULL && evtimer_add(p->ev, &tv) == 0) {
      p->next = s->head;
      if (s->head != NULL)
        s->head->prev = p;
      s->head = p;
      return;
    }
  }
  respond(p);
  pending_free(p);
}

static void on_signal(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  event_base_loopbreak(arg);
}

static struct bufferevent *tls_bev(struct event_base *base, void *arg) {
  SSL *ssl = SSL_new(arg);
  if (ssl == NULL)
    return NULL;
  struct bufferevent *bev = bufferevent_openssl_socket_new(
      base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
  if (bev == NULL)
    SSL_free(ssl);
  return bev;
}

static int tls_ctx(const sim_httpd_opts *o, SSL_CTX **out,
                   contrast_err *err) {
  *out = NULL;
  ENSURE((o->tls_cert == NULL) == (o->tls_key == NULL), E_USAGE,
         "--tls-cert and --tls-key go together");
  if (o->tls_cert == NULL)
    return 0;
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  ENSURE(ctx != NULL, E_CRYPTO, "SSL_CTX_new failed");
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      SSL_CTX_use_certificate_chain_file(ctx, o->tls_cert) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, o->tls_key, SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    SSL_CTX_free(ctx);
    ERR_clear_error();
    BAIL(E_CRYPTO, "cannot use %s / %s as the TLS certificate and key",
         o->tls_cert, o->tls_key);
  }
  *out = ctx;
  return 0;
}

/* The resources of a running server, released in one place. */
typedef struct running {
  server s;
  SSL_CTX *ssl;
  struct evhttp *http;
  struct event *sigterm, *sigint;
} running;

static void running_free(running *r) {
  while (r->s.head != NULL) {
    pending *p = r->s.head;
    r->s.head = p->next;
    pending_free(p);
  }
  if (r->sigterm != NULL)
    event_free(r->sigterm);
  if (r->sigint != NULL)
    event_free(r->sigint);
  if (r->http != NULL)
    evhttp_free(r->http);
  if (r->s.base != NULL)
    event_base_free(r->s.base);
  if (r->ssl != NULL)
    SSL_CTX_free(r->ssl);
  if (r->s.log != NULL)
    (void)fclose(r->s.log);
}

static int serve(running *r, contrast_err *err) {
  sim_httpd_opts *o = r->s.o;
  ENSURE(o->has_listen, E_USAGE, "--listen ADDR is required");
  GUARD(tls_ctx(o, &r->ssl, err));
  if (o->log_path != NULL) {
    r->s.log = fopen(o->log_path, "a");
    ENSURE(r->s.log != NULL, E_IO, "%s: %s", o->log_path, strerror(errno));
  }
  r->s.base = event_base_new();
  ENSURE(r->s.base != NULL, E_NOMEM, "event_base_new failed");
  r->http = evhttp_new(r->s.base);
  ENSURE(r->http != NULL, E_NOMEM, "evhttp_new failed");
  evhttp_set_allowed_methods(r->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
                                          EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
                                          EVHTTP_REQ_DELETE |
                                          EVHTTP_REQ_OPTIONS |
                                          EVHTTP_REQ_PATCH);
  evhttp_set_gencb(r->http, on_request, &r->s);
  if (r->ssl != NULL)
    evhttp_set_bevcb(r->http, tls_bev, r->ssl);
  struct evhttp_bound_socket *bound =
      evhttp_bind_socket_with_handle(r->http, o->host, o->port);
  ENSURE(bound != NULL, E_IO, "cannot listen on %s port %u: %s", o->host,
         (unsigned)o->port, strerror(errno));
  struct sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  ENSURE(getsockname(evhttp_bound_socket_get_fd(bound),
                     (struct sockaddr *)&ss, &sl) == 0,
         E_IO, "getsockname: %s", strerror(errno));
  uint16_t port = ss.ss_family == AF_INET6
                      ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                      : ntohs(((struct sockaddr_in *)&ss)->sin_port);
  r->sigterm = evsignal_new(r->s.base, SIGTERM, on_signal, r->s.base);
  r->sigint = evsignal_new(r->s.base, SIGINT, on_signal, r->s.base);
  ENSURE(r->sigterm != NULL && r->sigint != NULL &&
             evsignal_add(r->sigterm, NULL) == 0 &&
             evsignal_add(r->sigint, NULL) == 0,
         E_NOMEM, "cannot watch SIGTERM/SIGINT");
  int v6 = strchr(o->host, ':') != NULL;
  printf("ready %s://%s%s%s:%u\n", r->ssl != NULL ? "https" : "http",
         v6 ? "[" : "", o->host, v6 ? "]" : "", (unsigned)port);
  fflush(stdout);
  ENSURE(event_base_dispatch(r->s.base) >= 0, E_IO, "event loop failed");
  return 0;
}

int sim_httpd_run(const char *name, sim_httpd_opts *o, sim_http_handler h,
                  void *ctx, contrast_err *err) {
  running r;
  memset(&r, 0, sizeof r);
  r.s.name = name;
  r.s.o = o;
  r.s.h = h;
  r.s.ctx = ctx;
  /* a client closing early must not kill the server */
  (void)signal(SIGPIPE, SIG_IGN);
  int rc = serve(&r, err);
  running_free(&r);
  return rc;
}

/* ---- contrast-sim kds|pcs ---- */

int sim_seconds_parse(const char *opt, const char *v, int64_t *out,
                      contrast_err *err) {
  size_t len = strlen(v);
  uint64_t n = 0;
  ENSURE(len <= 10 && parse_dec(v, len, UINT64_C(9999999999), &n) == 0,
         E_USAGE, "%s: '%s' is not a number of seconds", opt, v);
  *out = (int64_t)n;
  return 0;
}

static int server_args(const sim_server_cmd *c, int argc, char **argv,
                       sim_server_opts *o, contrast_err *err) {
  for (int i = 1; i < argc; i++) {
    int rc = sim_httpd_option(&o->http, argc, argv, &i, err);
    GUARD(rc < 0 ? -1 : 0);
    if (rc == 1)
      continue;
    const char *a = argv[i];
    if (strcmp(a, "--stale-crl") == 0) {
      o->stale = 1;
      continue;
    }
    ENSURE(i + 1 < argc, E_USAGE, "unknown option or missing value: %s", a);
    if (strcmp(a, "--keys") == 0)
      o->keys = argv[++i];
    else if (strcmp(a, c->lifetime_option) == 0)
      GUARD(sim_seconds_parse(a, argv[++i], &o->lifetime, err));
    else
      BAIL(E_USAGE, "unknown option %s", a);
  }
  ENSURE(o->keys != NULL, E_USAGE, "--keys DIR is required");
  ENSURE(o->http.has_listen, E_USAGE, "--listen ADDR is required");
  return 0;
}

static int server_main(const sim_server_cmd *c, int argc, char **argv,
                       contrast_err *err) {
  sim_server_opts o;
  memset(&o, 0, sizeof o);
  o.lifetime = c->lifetime_default;
  sim_httpd_opts_init(&o.http);
  GUARD(server_args(c, argc, argv, &o, err));
  void *ctx = NULL;
  GUARD(c->make(&o, contrast_time_now(), &ctx, err));
  int rc = sim_httpd_run(c->name, &o.http, c->handle, ctx, err);
  c->free_ctx(ctx);
  return rc;
}

int sim_server_cmd_run(const sim_server_cmd *c, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(c->usage, stdout);
      fputs(SIM_HTTPD_USAGE, stdout);
      return 0;
    }
  }
  contrast_err err;
  contrast_err_clear(&err);
  if (server_main(c, argc, argv, &err) != 0) {
    fprintf(stderr, "contrast-sim %s: %s: %s\n", c->name,
            contrast_code_name(err.code), err.detail);
    return err.code == CONTRAST_E_USAGE ? 2 : 1;
  }
  return 0;
}

/* ---- contrast-sim tls init DIR ---- */

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value,
                   contrast_err *err) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
  X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, &v3, nid, value);
  ENSURE(ext != NULL, E_CRYPTO, "extension %s", value);
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  ENSURE(ok == 1, E_CRYPTO, "X509_add_ext");
  return 0;
}

static int ec_key(EVP_PKEY **out, contrast_err *err) {
  *out = EVP_EC_gen("P-256");
  ENSURE(*out != NULL, E_CRYPTO, "cannot generate a P-256 key");
  return 0;
}

/* A certificate of key for cn, signed by signer (issuer NULL: self). */
static int tls_cert(EVP_PKEY *key, const char *cn, X509 *issuer,
                    EVP_PKEY *signer, uint64_t serial, int is_ca, X509 **out,
                    contrast_err *err) {
  AUTO_X509 X509 *x = X509_new();
  ENSURE_ALLOC(x);
  X509_NAME *name = X509_get_subject_name(x);
  ENSURE(X509_set_version(x, 2) == 1 &&
             ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), serial) == 1 &&
             X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                        (const unsigned char *)"contrast-sim",
                                        -1, -1, 0) == 1 &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        (const unsigned char *)cn, -1, -1,
                                        0) == 1 &&
             X509_set_issuer_name(x, issuer != NULL
                                         ? X509_get_subject_name(issuer)
                                         : name) == 1 &&
             X509_gmtime_adj(X509_getm_notBefore(x), -3600) != NULL &&
             X509_gmtime_adj(X509_getm_notAfter(x), 365L * 86400) != NULL &&
             X509_set_pubkey(x, key) == 1,
         E_CRYPTO, "cannot build the certificate of %s", cn);
  X509 *iss = issuer != NULL ? issuer : x;
  GUARD(add_ext(x, iss, NID_subject_key_identifier, "hash", err));
  GUARD(add_ext(x, iss, NID_authority_key_identifier, "keyid:always", err));
  if (is_ca) {
    GUARD(add_ext(x, iss, NID_basic_constraints, "critical,CA:TRUE", err));
    GUARD(add_ext(x, iss, NID_key_usage, "critical,keyCertSign,cRLSign",
                  err));
  } else {
    GUARD(add_ext(x, iss, NID_basic_constraints, "critical,CA:FALSE", err));
    GUARD(add_ext(x, iss, NID_key_usage, "critical,digitalSignature", err));
    GUARD(add_ext(x, iss, NID_ext_key_usage, "serverAuth", err));
    GUARD(add_ext(x, iss, NID_subject_alt_name,
                  "DNS:localhost,IP:127.0.0.1,IP:::1", err));
  }
  ENSURE(X509_sign(x, signer, EVP_sha256()) > 0, E_CRYPTO,
         "cannot sign the certificate of %s", cn);
  *out = x;
  x = NULL;
  return 0;
}

static int tls_init(const char *dir, contrast_err *err) {
  GUARD(sim_mkdirs(dir, err));
  char path[4096];
  AUTO_PKEY EVP_PKEY *ca_key = NULL;
  AUTO_PKEY EVP_PKEY *srv_key = NULL;
  AUTO_X509 X509 *ca = NULL;
  AUTO_X509 X509 *srv = NULL;
  GUARD(ec_key(&ca_key, err));
  GUARD(ec_key(&srv_key, err));
  uint64_t serial = (uint64_t)time(NULL);
  GUARD(tls_cert(ca_key, "contrast-sim test CA", NULL, ca_key, serial, 1, &ca,
                 err));
  GUARD(tls_cert(srv_key, "localhost", ca, ca_key, serial + 1, 0, &srv, err));
  ENSURE(strlen(dir) + 16 < sizeof path, E_IO, "%s: path too long", dir);
  (void)snprintf(path, sizeof path, "%s/ca.pem", dir);
  GUARD(sim_write_cert(path, ca, 0, err));
  (void)snprintf(path, sizeof path, "%s/server.pem", dir);
  GUARD(sim_write_cert(path, srv, 0, err));
  (void)snprintf(path, sizeof path, "%s/server.key", dir);
  return sim_write_key(path, srv_key, err);
}

static const char TLS_USAGE[] =
    "usage: contrast-sim tls init DIR\n"
    "  DIR/ca.pem      a test CA (EC P-256), for the client's --ca-file\n"
    "  DIR/server.pem  a server certificate for localhost, 127.0.0.1 and ::1\n"
    "  DIR/server.key  its key (mode 0600)\n"
    "  for the servers' --tls-cert DIR/server.pem --tls-key DIR/server.key\n";

int sim_cmd_tls(int argc, char **argv) {
  if (argc >= 2 &&
      (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(TLS_USAGE, stdout);
    return 0;
  }
  if (argc != 3 || strcmp(argv[1], "init") != 0) {
    fputs(TLS_USAGE, stderr);
    return 2;
  }
  contrast_err err;
  contrast_err_clear(&err);
  if (tls_init(argv[2], &err) != 0) {
    fprintf(stderr, "contrast-sim tls init: %s: %s\n",
            contrast_code_name(err.code), err.detail);
    return 1;
  }
  return 0;
}
