/* The loopback test server of testserver.h: plain sockets and OpenSSL. */
#include "testserver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <CUnit/CUnit.h>

#define TS_MAX_REQUESTS 64
#define TS_TARGET_MAX 1024

struct test_server {
  int fd;
  unsigned short port;
  char base[64];
  ts_handler handler;
  void *arg;
  SSL_CTX *ssl;
  pthread_t thread;
  atomic_int stop;
  pthread_mutex_t mu;
  unsigned count;
  char targets[TS_MAX_REQUESTS][TS_TARGET_MAX];
  int64_t times[TS_MAX_REQUESTS];
  /* ts_start_script */
  const char *const *script;
  size_t n_script;
};

static void die(const char *what) {
  fprintf(stderr, "testserver: %s failed: %s\n", what, strerror(errno));
  ERR_print_errors_fp(stderr);
  abort();
}

void ts_buf_put(ts_buf *b, const void *d, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 4096 : b->cap;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (p == NULL)
      die("realloc");
    b->p = p;
    b->cap = cap;
  }
  if (n > 0)
    memcpy(b->p + b->len, d, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void ts_buf_printf(ts_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    die("vsnprintf");
  char *tmp = malloc((size_t)n + 1);
  if (tmp == NULL)
    die("malloc");
  va_start(ap, fmt);
  (void)vsnprintf(tmp, (size_t)n + 1, fmt, ap);
  va_end(ap);
  ts_buf_put(b, tmp, (size_t)n);
  free(tmp);
}

void ts_respond(ts_buf *b, int status, const char *ct, const char *extra,
                const void *body, size_t body_len) {
  ts_buf_printf(b, "HTTP/1.1 %d X\r\n", status);
  if (ct != NULL)
    ts_buf_printf(b, "Content-Type: %s\r\n", ct);
  ts_buf_printf(b, "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                body_len, extra != NULL ? extra : "");
  ts_buf_put(b, body, body_len);
}

static int64_t mono_ms(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- TLS ---- */

static SSL_CTX *make_tls(const char *ca_file_out) {
  EVP_PKEY *key = EVP_EC_gen("P-256");
  X509 *x = X509_new();
  if (key == NULL || x == NULL)
    die("TLS key");
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_NAME *name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             (const unsigned char *)"localhost", -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_set_pubkey(x, key);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
  X509_EXTENSION *ext = X509V3_EXT_conf_nid(
      NULL, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  X509_EXTENSION *bc =
      X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
  if (ext == NULL || bc == NULL || X509_add_ext(x, ext, -1) != 1 ||
      X509_add_ext(x, bc, -1) != 1 || X509_sign(x, key, EVP_sha256()) == 0)
    die("TLS certificate");
  X509_EXTENSION_free(ext);
  X509_EXTENSION_free(bc);
  FILE *f = fopen(ca_file_out, "w");
  if (f == NULL || PEM_write_X509(f, x) != 1 || fclose(f) != 0)
    die("writing the CA file");
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == NULL || SSL_CTX_use_certificate(ctx, x) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, key) != 1)
    die("SSL_CTX");
  X509_free(x);
  EVP_PKEY_free(key);
  return ctx;
}

/* ---- serving ---- */

static void serve_one(test_server *s, int c) {
  SSL *ssl = NULL;
  if (s->ssl != NULL) {
    ssl = SSL_new(s->ssl);
    if (ssl == NULL || SSL_set_fd(ssl, c) != 1)
      die("SSL_new");
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      return; /* a client that refused our certificate */
    }
  }
  char req[8192];
  size_t got = 0;
  while (got < sizeof req - 1) {
    ssize_t n = ssl != NULL ? SSL_read(ssl, req + got, (int)(sizeof req - 1 - got))
                            : read(c, req + got, sizeof req - 1 - got);
    if (n <= 0)
      break;
    got += (size_t)n;
    req[got] = '\0';
    if (strstr(req, "\r\n\r\n") != NULL)
      break;
  }
  req[got] = '\0';
  char target[TS_TARGET_MAX] = "";
  const char *sp = strchr(req, ' ');
  if (sp != NULL) {
    const char *e = strchr(sp + 1, ' ');
    size_t n = e != NULL ? (size_t)(e - sp - 1) : 0;
    if (n >= sizeof target)
      n = sizeof target - 1;
    memcpy(target, sp + 1, n);
    target[n] = '\0';
  }
  pthread_mutex_lock(&s->mu);
  unsigned idx = s->count;
  if (idx < TS_MAX_REQUESTS) {
    memcpy(s->targets[idx], target, sizeof target);
    s->times[idx] = mono_ms();
  }
  s->count++;
  pthread_mutex_unlock(&s->mu);
  ts_buf reply = {0};
  s->handler(s->arg, idx, target, &reply);
  size_t off = 0;
  while (off < reply.len) {
    ssize_t n = ssl != NULL ? SSL_write(ssl, reply.p + off, (int)(reply.len - off))
                            : write(c, reply.p + off, reply.len - off);
    if (n <= 0)
      break;
    off += (size_t)n;
  }
  free(reply.p);
  if (ssl != NULL) {
    (void)SSL_shutdown(ssl);
    SSL_free(ssl);
  }
}

static void *run(void *arg) {
  test_server *s = arg;
  while (!atomic_load(&s->stop)) {
    struct pollfd p = {.fd = s->fd, .events = POLLIN};
    if (poll(&p, 1, 20) <= 0)
      continue;
    int c = accept(s->fd, NULL, NULL);
    if (c < 0)
      continue;
    serve_one(s, c);
    (void)shutdown(c, SHUT_RDWR);
    (void)close(c);
  }
  return NULL;
}

test_server *ts_start(ts_handler h, void *arg, const char *ca_file_out) {
  test_server *s = calloc(1, sizeof *s);
  if (s == NULL)
    die("calloc");
  /* A client that aborts a transfer (body too large) must not kill the
   * test binary with SIGPIPE. */
  (void)signal(SIGPIPE, SIG_IGN);
  s->handler = h;
  s->arg = arg;
  atomic_init(&s->stop, 0);
  pthread_mutex_init(&s->mu, NULL);
  s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s->fd < 0)
    die("socket");
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t al = sizeof a;
  if (bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
      listen(s->fd, 16) != 0 ||
      getsockname(s->fd, (struct sockaddr *)&a, &al) != 0)
    die("bind/listen");
  s->port = ntohs(a.sin_port);
  if (ca_file_out != NULL) {
    s->ssl = make_tls(ca_file_out);
    (void)snprintf(s->base, sizeof s->base, "https://localhost:%u",
                   (unsigned)s->port);
  } else {
    (void)snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u",
                   (unsigned)s->port);
  }
  if (pthread_create(&s->thread, NULL, run, s) != 0)
    die("pthread_create");
  return s;
}

static void script_handler(void *arg, unsigned index, const char *target,
                           ts_buf *reply) {
  (void)target;
  test_server *s = arg;
  size_t i = index < s->n_script ? index : s->n_script - 1;
  ts_buf_put(reply, s->script[i], strlen(s->script[i]));
}

test_server *ts_start_script(const char *const *replies, size_t n) {
  /* The handler needs the server itself: start, then fill in. The thread
   * only calls the handler after a connection arrives, which cannot happen
   * before the caller knows the port, i.e. after we return. */
  test_server *s = ts_start(script_handler, NULL, NULL);
  pthread_mutex_lock(&s->mu);
  s->arg = s;
  s->script = replies;
  s->n_script = n;
  pthread_mutex_unlock(&s->mu);
  return s;
}

void ts_stop(test_server *s) {
  if (s == NULL)
    return;
  atomic_store(&s->stop, 1);
  (void)pthread_join(s->thread, NULL);
  (void)close(s->fd);
  SSL_CTX_free(s->ssl);
  pthread_mutex_destroy(&s->mu);
  free(s);
}

const char *ts_base(const test_server *s) { return s->base; }

unsigned ts_count(test_server *s) {
  pthread_mutex_lock(&s->mu);
  unsigned n = s->count;
  pthread_mutex_unlock(&s->mu);
  return n;
}

void ts_request(test_server *s, unsigned i, char *out, size_t cap) {
  pthread_mutex_lock(&s->mu);
  if (i < s->count && i < TS_MAX_REQUESTS)
    (void)snprintf(out, cap, "%s", s->targets[i]);
  else
    (void)snprintf(out, cap, "(none)");
  pthread_mutex_unlock(&s->mu);
}

int64_t ts_time_ms(test_server *s, unsigned i) {
  pthread_mutex_lock(&s->mu);
  int64_t t = i < s->count && i < TS_MAX_REQUESTS ? s->times[i] : -1;
  pthread_mutex_unlock(&s->mu);
  return t;
}

void ts_assert_target(test_server *s, unsigned i, const char *want) {
  char got[TS_TARGET_MAX];
  ts_request(s, i, got, sizeof got);
  if (strcmp(got, want) != 0)
    fprintf(stderr, "  request %u: %s, expected %s\n", i, got, want);
  CU_ASSERT_STRING_EQUAL(got, want);
}

void ts_fetcher_init(contrast_fetcher *f, const char *cache_dir,
                     int64_t (*now)(void)) {
  memset(f, 0, sizeof *f);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      contrast_cache_init(&f->cache,
                          cache_dir != NULL ? cache_dir : "/nonexistent", 0, &e),
      0);
  f->cache.disabled = cache_dir == NULL;
  f->clock = now;
  f->http.backoff_ms = 1;
  f->http.max_wait_ms = 10;
  f->http.max_attempts = 2;
}
