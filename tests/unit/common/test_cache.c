/* Tests of common/cache.c: the cache directory and entry path, put/get
 * round trips (file mode 0600 in a 0700 directory), expiry, entries of
 * another URL, the strict entry parser (every truncation, a bit flip in
 * every header byte, hand-made malformed entries), contrast_fetch against
 * the loopback server (cache fill and hit, Content-Type check, not caching
 * what is already expired, offline misses, a failing cache write) and the
 * expiry readers on certificates and CRLs of the test PKI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contrast/http.h"
#include "contrast/util.h"
#include "testpki.h"
#include "testserver.h"
#include "testsupport.h"

#define T_NOW 1748736000    /* 2025-06-01T00:00:00Z */
#define T_LATER 1756684800  /* 2025-09-01T00:00:00Z */
#define URL_A "https://example.test/vcek/v1/Milan/abc?blSPL=1"
#define URL_B "https://example.test/vcek/v1/Milan/abd?blSPL=1"

static char tmpdir[256];

static void make_tmpdir(void) {
  CU_ASSERT_EQUAL_FATAL(test_tmpdir(tmpdir, sizeof tmpdir, "test-cache"), 0);
}

static void init_cache(contrast_cache *c, const char *dir) {
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cache_init(c, dir, 0, &e), 0);
}

/* A response with a body holding NUL and newlines and three headers. */
static void sample_response(contrast_http_response *r) {
  memset(r, 0, sizeof *r);
  static const uint8_t body[] = {'a', 0, '\n', '\n', 'b', 0xff, '\r', 'z'};
  r->status = 200;
  r->body = malloc(sizeof body + 1);
  memcpy(r->body, body, sizeof body);
  r->body[sizeof body] = 0;
  r->body_len = sizeof body;
  const char *names[] = {"Content-Type", "tcb-info-issuer-chain", "X-Other"};
  const char *values[] = {"application/json",
                          "-----BEGIN%20CERTIFICATE-----%0AAB%2B", "x"};
  for (size_t i = 0; i < 3; i++) {
    r->headers[i].name = strdup(names[i]);
    r->headers[i].value = strdup(values[i]);
  }
  r->n_headers = 3;
}

static const char *const keep[] = {"TCB-Info-Issuer-Chain", NULL};

static void test_cache_init_dir_sources(void) {
  contrast_cache c;
  contrast_err e;
  char *saved_dir = getenv("CONTRAST_CACHE_DIR") != NULL
                        ? strdup(getenv("CONTRAST_CACHE_DIR"))
                        : NULL;
  char *saved_xdg = getenv("XDG_CACHE_HOME") != NULL
                        ? strdup(getenv("XDG_CACHE_HOME"))
                        : NULL;
  char *saved_home = getenv("HOME") != NULL ? strdup(getenv("HOME")) : NULL;

  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_init(&c, "/x/explicit", 1, &e), 0);
  CU_ASSERT_STRING_EQUAL(c.dir, "/x/explicit");
  CU_ASSERT_EQUAL(c.offline, 1);
  CU_ASSERT_EQUAL(c.disabled, 0);

  setenv("CONTRAST_CACHE_DIR", "/x/env", 1);
  CU_ASSERT_EQUAL(contrast_cache_init(&c, NULL, 0, &e), 0);
  CU_ASSERT_STRING_EQUAL(c.dir, "/x/env");
  unsetenv("CONTRAST_CACHE_DIR");
  setenv("XDG_CACHE_HOME", "/x/xdg", 1);
  CU_ASSERT_EQUAL(contrast_cache_init(&c, NULL, 0, &e), 0);
  CU_ASSERT_STRING_EQUAL(c.dir, "/x/xdg/contrast");
  unsetenv("XDG_CACHE_HOME");
  setenv("HOME", "/x/home", 1);
  CU_ASSERT_EQUAL(contrast_cache_init(&c, NULL, 0, &e), 0);
  CU_ASSERT_STRING_EQUAL(c.dir, "/x/home/.cache/contrast");
  unsetenv("HOME");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_init(&c, NULL, 0, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);

  char *longdir = malloc(5000);
  memset(longdir, 'd', 4999);
  longdir[0] = '/';
  longdir[4999] = '\0';
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_init(&c, longdir, 0, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
  free(longdir);

  if (saved_dir != NULL)
    setenv("CONTRAST_CACHE_DIR", saved_dir, 1);
  if (saved_xdg != NULL)
    setenv("XDG_CACHE_HOME", saved_xdg, 1);
  if (saved_home != NULL)
    setenv("HOME", saved_home, 1);
  free(saved_dir);
  free(saved_xdg);
  free(saved_home);
}

static void test_cache_path_is_sha256_of_url(void) {
  contrast_cache c;
  init_cache(&c, "/cache");
  char p[256];
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_path(&c, "abc", p, sizeof p, &e), 0);
  /* SHA-256("abc") */
  CU_ASSERT_STRING_EQUAL(p, "/cache/ba7816bf8f01cfea414140de5dae2223b00361a3"
                            "96177a9cb410ff61f20015ad");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_path(&c, "abc", p, 40, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
}

static void test_cache_put_get_round_trip_mode_0600(void) {
  make_tmpdir();
  char dir[512];
  (void)snprintf(dir, sizeof dir, "%s/new/cache", tmpdir);
  contrast_cache c;
  init_cache(&c, dir);
  contrast_http_response r, g;
  sample_response(&r);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cache_put(&c, URL_A, &r, keep, T_LATER, &e),
                        0);
  struct stat st;
  CU_ASSERT_EQUAL_FATAL(stat(dir, &st), 0);
  CU_ASSERT_EQUAL(st.st_mode & 0777, 0700);
  char p[1024];
  CU_ASSERT_EQUAL(contrast_cache_path(&c, URL_A, p, sizeof p, &e), 0);
  CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
  CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
  CU_ASSERT_EQUAL(test_count_entries(dir), 1); /* no temp file left */

  CU_ASSERT_EQUAL_FATAL(contrast_cache_get(&c, URL_A, T_NOW, &g, &e), 1);
  CU_ASSERT_EQUAL(g.status, 200);
  CU_ASSERT_EQUAL(g.from_cache, 1);
  CU_ASSERT_EQUAL(g.attempts, 0);
  CU_ASSERT_EQUAL(g.expires, T_LATER);
  CU_ASSERT_EQUAL(g.body_len, r.body_len);
  CU_ASSERT_EQUAL(memcmp(g.body, r.body, r.body_len), 0);
  CU_ASSERT_EQUAL(g.body[g.body_len], 0);
  CU_ASSERT_EQUAL(g.n_headers, 1);
  CU_ASSERT_STRING_EQUAL(g.headers[0].name, "tcb-info-issuer-chain");
  CU_ASSERT_STRING_EQUAL(
      contrast_http_header_get(&g, "TCB-Info-Issuer-Chain"),
      "-----BEGIN%20CERTIFICATE-----%0AAB%2B");
  contrast_http_response_wipe(&g);

  /* replaced on the next put */
  r.body_len = 1;
  CU_ASSERT_EQUAL(contrast_cache_put(&c, URL_A, &r, NULL, T_LATER, &e), 0);
  CU_ASSERT_EQUAL_FATAL(contrast_cache_get(&c, URL_A, T_NOW, &g, &e), 1);
  CU_ASSERT_EQUAL(g.body_len, 1);
  CU_ASSERT_EQUAL(g.n_headers, 0);
  contrast_http_response_wipe(&g);
  CU_ASSERT_EQUAL(test_count_entries(dir), 1);

  contrast_http_response_wipe(&r);
  test_rmtree(tmpdir);
}

static void test_cache_get_expired_and_absent_miss(void) {
  make_tmpdir();
  contrast_cache c;
  init_cache(&c, tmpdir);
  contrast_http_response r, g;
  sample_response(&r);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_put(&c, URL_A, &r, keep, T_LATER, &e), 0);
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_A, T_LATER - 1, &g, &e), 1);
  contrast_http_response_wipe(&g);
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_A, T_LATER, &g, &e), 0);
  CU_ASSERT_PTR_NULL(g.body);
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_A, T_LATER + 100, &g, &e), 0);
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_B, T_NOW, &g, &e), 0);
  c.disabled = 1;
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_A, T_NOW, &g, &e), 0);
  CU_ASSERT_EQUAL(e.code, CONTRAST_OK);
  contrast_http_response_wipe(&r);
  test_rmtree(tmpdir);
}

static void test_cache_get_entry_of_other_url_miss(void) {
  make_tmpdir();
  contrast_cache c;
  init_cache(&c, tmpdir);
  contrast_http_response r, g;
  sample_response(&r);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_put(&c, URL_A, &r, keep, T_LATER, &e), 0);
  char pa[1024], pb[1024];
  CU_ASSERT_EQUAL(contrast_cache_path(&c, URL_A, pa, sizeof pa, &e), 0);
  CU_ASSERT_EQUAL(contrast_cache_path(&c, URL_B, pb, sizeof pb, &e), 0);
  CU_ASSERT_EQUAL_FATAL(rename(pa, pb), 0); /* A's entry under B's name */
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_B, T_NOW, &g, &e), 0);
  CU_ASSERT_EQUAL(contrast_cache_get(&c, URL_A, T_NOW, &g, &e), 0);
  CU_ASSERT_EQUAL(e.code, CONTRAST_OK);
  contrast_http_response_wipe(&r);
  test_rmtree(tmpdir);
}

/* The bytes of the entry of sample_response at URL_A. */
static uint8_t *entry_bytes(size_t *len, size_t *body_off) {
  make_tmpdir();
  contrast_cache c;
  init_cache(&c, tmpdir);
  contrast_http_response r;
  sample_response(&r);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_put(&c, URL_A, &r, keep, T_LATER, &e), 0);
  char p[1024];
  CU_ASSERT_EQUAL(contrast_cache_path(&c, URL_A, p, sizeof p, &e), 0);
  uint8_t *buf = NULL;
  CU_ASSERT_EQUAL(contrast_file_read(p, CONTRAST_FILE_MAX, &buf, len, &e), 0);
  *body_off = *len - r.body_len;
  contrast_http_response_wipe(&r);
  test_rmtree(tmpdir);
  return buf;
}

static void test_cache_entry_parse_format_exact(void) {
  size_t len, off;
  uint8_t *buf = entry_bytes(&len, &off);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  const char *head = "contrast-cache 1\nurl " URL_A "\nstored ";
  CU_ASSERT_EQUAL(memcmp(buf, head, strlen(head)), 0);
  const char *tail = "\nexpires 1756684800\nheader tcb-info-issuer-chain: "
                     "-----BEGIN%20CERTIFICATE-----%0AAB%2B\nbody 8\n\n";
  CU_ASSERT_EQUAL(memcmp(buf + off - strlen(tail), tail, strlen(tail)), 0);
  free(buf);
}

static void test_cache_entry_parse_every_truncation_unusable(void) {
  size_t len, off;
  uint8_t *buf = entry_bytes(&len, &off);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  contrast_http_response g;
  contrast_err e;
  for (size_t n = 0; n < len; n++) {
    uint8_t *copy = malloc(n + 1); /* exact size: ASan sees any overread */
    memcpy(copy, buf, n);
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_cache_entry_parse(copy, n, URL_A, &g, &e), -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
    CU_ASSERT_PTR_NULL(g.body);
    CU_ASSERT_EQUAL(g.n_headers, 0);
    free(copy);
  }
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_entry_parse(buf, len, URL_A, &g, &e), 0);
  CU_ASSERT_EQUAL(g.body_len, 8);
  contrast_http_response_wipe(&g);
  /* a trailing byte is as bad as a missing one */
  uint8_t *longer = malloc(len + 1);
  memcpy(longer, buf, len);
  longer[len] = 'x';
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_entry_parse(longer, len + 1, URL_A, &g, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  free(longer);
  free(buf);
}

static void test_cache_entry_parse_bit_flips_miss_or_consistent(void) {
  size_t len, off;
  uint8_t *buf = entry_bytes(&len, &off);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  size_t accepted = 0;
  for (size_t i = 0; i < off; i++) {
    for (unsigned bit = 0; bit < 8; bit++) {
      buf[i] ^= (uint8_t)(1u << bit);
      contrast_http_response g;
      contrast_err e;
      contrast_err_clear(&e);
      int rc = contrast_cache_entry_parse(buf, len, NULL, &g, &e);
      if (rc == 0) {
        /* only a change that keeps the entry well-formed: the body is the
         * 8 bytes at the end, the rest a valid header */
        accepted++;
        CU_ASSERT_EQUAL(g.body_len, 8);
        CU_ASSERT_EQUAL(memcmp(g.body, buf + off, 8), 0);
        CU_ASSERT(g.n_headers <= 1);
      } else {
        ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
        CU_ASSERT_PTR_NULL(g.body);
      }
      contrast_http_response_wipe(&g);
      /* with the URL given, a flipped URL is a miss */
      if (i >= 21 && i < 21 + strlen(URL_A)) {
        contrast_err_clear(&e);
        CU_ASSERT_EQUAL(contrast_cache_entry_parse(buf, len, URL_A, &g, &e),
                        -1);
      }
      buf[i] ^= (uint8_t)(1u << bit);
    }
  }
  CU_ASSERT(accepted > 0); /* e.g. digits of the times, URL letters */
  free(buf);
}

static void test_cache_entry_parse_malformed_entries_unusable(void) {
  static const char *const bad[] = {
      "contrast-cache 2\nurl u\nstored 1\nexpires 2\nbody 0\n\n",
      "contrast-cache 1\r\nurl u\nstored 1\nexpires 2\nbody 0\n\n",
      "contrast-cache 1\nurl u\r\nstored 1\nexpires 2\nbody 0\n\n",
      "contrast-cache 1\nurl \nstored 1\nexpires 2\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 01\nexpires 2\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored -1\nexpires 2\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2 \nbody 0\n\n",
      "contrast-cache 1\nurl u\nexpires 2\nstored 1\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 1234567890123456789\nbody "
      "0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nbody 1\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nbody 0\n\nx",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nbody 00\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nbody 0\nx\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nbody 0\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheader A:b\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheader : b\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheader A b: c\nbody "
      "0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheader A:  b\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheader A: b \nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheader A: b\x01\nbody "
      "0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nheaders A: b\nbody 0\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\nbody 0\nheader A: b\n\n",
      "contrast-cache 1\nurl u\nstored 1\nexpires 2\n\n",
      "",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    contrast_http_response g;
    contrast_err e;
    contrast_err_clear(&e);
    int rc = contrast_cache_entry_parse((const uint8_t *)bad[i],
                                        strlen(bad[i]), NULL, &g, &e);
    if (rc != -1)
      fprintf(stderr, "  accepted bad entry %zu\n", i);
    CU_ASSERT_EQUAL(rc, -1);
    ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  }
  /* the good minimal forms */
  const char *good = "contrast-cache 1\nurl u\nstored 0\nexpires 2\nheader A: "
                     "\nheader B: x y\nbody 2\n\n\n\n";
  contrast_http_response g;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cache_entry_parse((const uint8_t *)good,
                                                   strlen(good), "u", &g, &e),
                        0);
  CU_ASSERT_EQUAL(g.n_headers, 2);
  CU_ASSERT_STRING_EQUAL(contrast_http_header_get(&g, "a"), "");
  CU_ASSERT_STRING_EQUAL(contrast_http_header_get(&g, "b"), "x y");
  CU_ASSERT_EQUAL(g.body_len, 2);
  CU_ASSERT_EQUAL(memcmp(g.body, "\n\n", 2), 0);
  CU_ASSERT_EQUAL(g.expires, 2);
  contrast_http_response_wipe(&g);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_entry_parse((const uint8_t *)good,
                                             strlen(good), "v", &g, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_entry_parse(NULL, 0, NULL, &g, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
}

static void test_cache_entry_parse_header_count_bounded(void) {
  ts_buf b = {0};
  ts_buf_printf(&b, "contrast-cache 1\nurl u\nstored 1\nexpires 2\n");
  for (int i = 0; i < CONTRAST_HTTP_MAX_HEADERS; i++)
    ts_buf_printf(&b, "header H%d: v\n", i);
  size_t at = b.len;
  ts_buf_printf(&b, "body 0\n\n");
  contrast_http_response g;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_cache_entry_parse((const uint8_t *)b.p, b.len, "u", &g, &e), 0);
  CU_ASSERT_EQUAL(g.n_headers, CONTRAST_HTTP_MAX_HEADERS);
  contrast_http_response_wipe(&g);
  b.len = at;
  ts_buf_printf(&b, "header X: v\nbody 0\n\n");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(
      contrast_cache_entry_parse((const uint8_t *)b.p, b.len, "u", &g, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_UNUSABLE);
  free(b.p);
}

static void test_cache_put_refuses_bad_input(void) {
  make_tmpdir();
  contrast_cache c;
  init_cache(&c, tmpdir);
  contrast_http_response r;
  sample_response(&r);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_put(&c, "http://x/\nurl y", &r, NULL,
                                     T_LATER, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  r.status = 404;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_put(&c, URL_A, &r, NULL, T_LATER, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  r.status = 200;
  free(r.headers[1].value);
  r.headers[1].value = strdup("a\x01");
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cache_put(&c, URL_A, &r, keep, T_LATER, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_IO);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 0);
  contrast_http_response_wipe(&r);
  test_rmtree(tmpdir);
}

/* ---- contrast_fetch ---- */

static int64_t fixed_now(void) { return T_NOW; }

typedef struct logcap {
  unsigned n;
  char last[640];
} logcap;

static void cap_log(void *arg, const char *line) {
  logcap *l = arg;
  l->n++;
  (void)snprintf(l->last, sizeof l->last, "%s", line);
}

static int expiry_fixed(const contrast_http_response *r, int64_t *exp,
                        void *arg) {
  (void)r;
  if (arg == NULL)
    return -1;
  *exp = *(const int64_t *)arg;
  return 0;
}

static void fetch_handler(void *arg, unsigned index, const char *target,
                          ts_buf *reply) {
  (void)arg;
  (void)index;
  if (strcmp(target, "/cert") == 0)
    ts_respond(reply, 200, "Application/PKIX-Cert; charset=binary",
               "X-Chain: abc\r\n", "CERT", 4);
  else if (strcmp(target, "/html") == 0)
    ts_respond(reply, 200, "text/html", NULL, "<html>", 6);
  else if (strcmp(target, "/untyped") == 0)
    ts_respond(reply, 200, NULL, NULL, "raw", 3);
  else
    ts_respond(reply, 404, NULL, NULL, "", 0);
}

static const char *const cert_types[] = {"application/pkix-cert", NULL};

static void setup_fetcher(contrast_fetcher *f, const char *dir, logcap *l) {
  ts_fetcher_init(f, dir, fixed_now);
  f->http.log = cap_log;
  f->http.log_arg = l;
}

static void test_fetch_fills_cache_then_hits(void) {
  make_tmpdir();
  test_server *s = ts_start(fetch_handler, NULL, NULL);
  logcap l = {0};
  contrast_fetcher f;
  setup_fetcher(&f, tmpdir, &l);
  char url[128];
  (void)snprintf(url, sizeof url, "%s/cert", ts_base(s));
  int64_t exp = T_LATER;
  const char *const keep_chain[] = {"X-Chain", NULL};
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_fetch(&f, url, cert_types, keep_chain,
                                       expiry_fixed, &exp, &r, &e),
                        0);
  CU_ASSERT_EQUAL(r.from_cache, 0);
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(r.expires, T_LATER);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 1);
  contrast_http_response_wipe(&r);
  CU_ASSERT_EQUAL_FATAL(contrast_fetch(&f, url, cert_types, keep_chain,
                                       expiry_fixed, &exp, &r, &e),
                        0);
  CU_ASSERT_EQUAL(r.from_cache, 1);
  CU_ASSERT_EQUAL(r.attempts, 0);
  CU_ASSERT_EQUAL(r.body_len, 4);
  CU_ASSERT_EQUAL(memcmp(r.body, "CERT", 4), 0);
  CU_ASSERT_STRING_EQUAL(contrast_http_header_get(&r, "x-chain"), "abc");
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "cache hit"));
  contrast_http_response_wipe(&r);
  CU_ASSERT_EQUAL(ts_count(s), 1);

  /* offline: the fresh entry is served, a missing one is an error */
  f.cache.offline = 1;
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  0);
  contrast_http_response_wipe(&r);
  char missing[160];
  (void)snprintf(missing, sizeof missing, "%s/untyped", ts_base(s));
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, missing, NULL, NULL, NULL, NULL, &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  char want[256];
  (void)snprintf(want, sizeof want, "%s: not in the cache (offline)", missing);
  CU_ASSERT_STRING_EQUAL(e.detail, want);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  ts_stop(s);
  test_rmtree(tmpdir);
}

static int64_t late_now(void) { return T_LATER + 10; }

static void test_fetch_offline_expired_entry_fails(void) {
  make_tmpdir();
  test_server *s = ts_start(fetch_handler, NULL, NULL);
  logcap l = {0};
  contrast_fetcher f;
  setup_fetcher(&f, tmpdir, &l);
  char url[128];
  (void)snprintf(url, sizeof url, "%s/cert", ts_base(s));
  int64_t exp = T_LATER;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  0);
  contrast_http_response_wipe(&r);
  f.clock = late_now;
  f.cache.offline = 1;
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "cache entry expired"));
  /* online again: fetched anew */
  f.cache.offline = 0;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  0);
  CU_ASSERT_EQUAL(r.from_cache, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "expired"));
  contrast_http_response_wipe(&r);
  CU_ASSERT_EQUAL(ts_count(s), 2);
  /* offline and disabled: nothing can be had */
  f.cache.offline = 1;
  f.cache.disabled = 1;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, NULL, NULL, NULL, NULL, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_USAGE);
  ts_stop(s);
  test_rmtree(tmpdir);
}

static void test_fetch_content_type_checked(void) {
  make_tmpdir();
  test_server *s = ts_start(fetch_handler, NULL, NULL);
  logcap l = {0};
  contrast_fetcher f;
  setup_fetcher(&f, tmpdir, &l);
  char url[128];
  int64_t exp = T_LATER;
  contrast_http_response r;
  contrast_err e;
  (void)snprintf(url, sizeof url, "%s/html", ts_base(s));
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "text/html"));
  CU_ASSERT_PTR_NULL(r.body);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 0);
  /* no Content-Type: accepted */
  (void)snprintf(url, sizeof url, "%s/untyped", ts_base(s));
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  0);
  contrast_http_response_wipe(&r);
  /* a 404 is E_FETCH and nothing is cached */
  (void)snprintf(url, sizeof url, "%s/nothing", ts_base(s));
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 1);
  ts_stop(s);
  test_rmtree(tmpdir);
}

static void test_fetch_not_cached_when_expired_or_unreadable(void) {
  make_tmpdir();
  test_server *s = ts_start(fetch_handler, NULL, NULL);
  logcap l = {0};
  contrast_fetcher f;
  setup_fetcher(&f, tmpdir, &l);
  char url[128];
  (void)snprintf(url, sizeof url, "%s/cert", ts_base(s));
  int64_t past = T_NOW; /* expires == now: already expired */
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &past, &r, &e),
                  0);
  CU_ASSERT_EQUAL(r.body_len, 4);
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "not cached"));
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "expired at 2025-06-01T00:00:00Z"));
  contrast_http_response_wipe(&r);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 0);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 NULL, &r, &e),
                  0);
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "cannot be read"));
  contrast_http_response_wipe(&r);
  CU_ASSERT_EQUAL(test_count_entries(tmpdir), 0);
  CU_ASSERT_EQUAL(ts_count(s), 2);
  ts_stop(s);
  test_rmtree(tmpdir);
}

static void test_fetch_cache_write_failure_logged_response_returned(void) {
  make_tmpdir();
  char file[512];
  (void)snprintf(file, sizeof file, "%s/file", tmpdir);
  FILE *fp = fopen(file, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  fclose(fp);
  test_server *s = ts_start(fetch_handler, NULL, NULL);
  logcap l = {0};
  contrast_fetcher f;
  setup_fetcher(&f, file, &l); /* the cache "directory" is a file */
  char url[128];
  (void)snprintf(url, sizeof url, "%s/cert", ts_base(s));
  int64_t exp = T_LATER;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_fetch(&f, url, cert_types, NULL, expiry_fixed,
                                 &exp, &r, &e),
                  0);
  CU_ASSERT_EQUAL(r.body_len, 4);
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "cache write failed"));
  contrast_http_response_wipe(&r);
  ts_stop(s);
  test_rmtree(tmpdir);
}

/* ---- expiry readers ---- */

static int expiry_of(int (*fn)(const contrast_http_response *, int64_t *,
                               void *),
                     const void *data, size_t len, int64_t *out) {
  contrast_http_response r;
  memset(&r, 0, sizeof r);
  r.status = 200;
  r.body = (uint8_t *)malloc(len + 1);
  memcpy(r.body, data, len);
  r.body[len] = 0;
  r.body_len = len;
  int rc = fn(&r, out, NULL);
  free(r.body);
  return rc;
}

static void test_expiry_readers_cert_bundle_crl(void) {
  int64_t t = 0;
  tp_cert_spec vek = tp_vek_spec(SNP_PRODUCT_MILAN, SNP_VEK_VCEK);
  size_t len;
  const uint8_t *der = tp_cert_der(&vek, &len);
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_cert, der, len, &t), 0);
  CU_ASSERT_EQUAL(t, TP_T_VCEK_NA);
  size_t plen;
  char *pem = tp_pem_encode(der, len, "CERTIFICATE", &plen);
  t = 0;
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_cert, pem, plen, &t), 0);
  CU_ASSERT_EQUAL(t, TP_T_VCEK_NA);
  free(pem);
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_cert, "junk", 4, &t), -1);

  tp_cert_spec chain[2] = {tp_ark_spec(SNP_PRODUCT_MILAN), vek};
  char *bundle = tp_pem_chain(chain, 2, &plen);
  t = 0;
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_cert_bundle, bundle, plen, &t), 0);
  CU_ASSERT_EQUAL(t, TP_T_VCEK_NA); /* the earlier of the two */
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_cert_bundle, der, len, &t), -1);
  free(bundle);

  tp_crl_spec crl = tp_crl_spec_good(SNP_PRODUCT_MILAN);
  der = tp_crl_der(&crl, &len);
  t = 0;
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_crl, der, len, &t), 0);
  CU_ASSERT_EQUAL(t, TP_T_CRL_NEXT);
  pem = tp_pem_encode(der, len, "X509 CRL", &plen);
  t = 0;
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_crl, pem, plen, &t), 0);
  CU_ASSERT_EQUAL(t, TP_T_CRL_NEXT);
  free(pem);
  crl.no_next_update = 1;
  der = tp_crl_der(&crl, &len);
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_crl, der, len, &t), -1);
  CU_ASSERT_EQUAL(expiry_of(contrast_expiry_crl, "junk", 4, &t), -1);
}

static const test_case tests[] = {
    {"test_cache_init_dir_sources", test_cache_init_dir_sources},
    {"test_cache_path_is_sha256_of_url", test_cache_path_is_sha256_of_url},
    {"test_cache_put_get_round_trip_mode_0600",
     test_cache_put_get_round_trip_mode_0600},
    {"test_cache_get_expired_and_absent_miss",
     test_cache_get_expired_and_absent_miss},
    {"test_cache_get_entry_of_other_url_miss",
     test_cache_get_entry_of_other_url_miss},
    {"test_cache_entry_parse_format_exact",
     test_cache_entry_parse_format_exact},
    {"test_cache_entry_parse_every_truncation_unusable",
     test_cache_entry_parse_every_truncation_unusable},
    {"test_cache_entry_parse_bit_flips_miss_or_consistent",
     test_cache_entry_parse_bit_flips_miss_or_consistent},
    {"test_cache_entry_parse_malformed_entries_unusable",
     test_cache_entry_parse_malformed_entries_unusable},
    {"test_cache_entry_parse_header_count_bounded",
     test_cache_entry_parse_header_count_bounded},
    {"test_cache_put_refuses_bad_input", test_cache_put_refuses_bad_input},
    {"test_fetch_fills_cache_then_hits", test_fetch_fills_cache_then_hits},
    {"test_fetch_offline_expired_entry_fails",
     test_fetch_offline_expired_entry_fails},
    {"test_fetch_content_type_checked", test_fetch_content_type_checked},
    {"test_fetch_not_cached_when_expired_or_unreadable",
     test_fetch_not_cached_when_expired_or_unreadable},
    {"test_fetch_cache_write_failure_logged_response_returned",
     test_fetch_cache_write_failure_logged_response_returned},
    {"test_expiry_readers_cert_bundle_crl",
     test_expiry_readers_cert_bundle_crl},
    {NULL, NULL},
};

int main(void) {
  int rc = test_run_suite("common/cache.c", tests);
  tp_cleanup();
  return rc;
}
