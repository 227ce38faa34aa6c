/* Tests of common/http.c: GET against an in-process loopback server
 * (testserver.h) whose answers each test scripts byte for byte: success
 * with headers, retries (429 with Retry-After, 5xx, a truncated body, a
 * timeout, connection refused), the failures that are not retried (404, a
 * body over max_body, a Retry-After over max_wait_ms, too many headers, a
 * redirect to another protocol), https with a test CA; and the pure
 * helpers (Retry-After values, percent-decoding). Waits are kept to a few
 * milliseconds through the options, except the one test that checks a
 * Retry-After of one second is honoured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "contrast/http.h"
#include "contrast/util.h"
#include "testserver.h"
#include "testsupport.h"

typedef struct logcap {
  unsigned n;
  char last[512];
} logcap;

static void cap_log(void *arg, const char *line) {
  logcap *l = arg;
  l->n++;
  (void)snprintf(l->last, sizeof l->last, "%s", line);
}

/* Fast options: waits of 1 ms, 3 attempts. */
static contrast_http_opts fast_opts(logcap *l) {
  contrast_http_opts o;
  memset(&o, 0, sizeof o);
  o.backoff_ms = 1;
  o.max_wait_ms = 20;
  o.max_attempts = 3;
  /* generous: only a test of timeouts should ever reach them, and TLS
   * handshakes under valgrind on a loaded machine take seconds */
  o.timeout_ms = 60000;
  o.connect_timeout_ms = 20000;
  if (l != NULL) {
    o.log = cap_log;
    o.log_arg = l;
  }
  return o;
}

static char url_buf[256];

static const char *url_of(test_server *s, const char *path) {
  (void)snprintf(url_buf, sizeof url_buf, "%s%s", ts_base(s), path);
  return url_buf;
}

#define OK_HELLO                                                              \
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Thing:   padded "        \
  "value  \r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"

static void test_http_get_200_returns_body_and_headers(void) {
  const char *script[] = {OK_HELLO};
  test_server *s = ts_start_script(script, 1);
  contrast_http_opts o = fast_opts(NULL);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_http_get(url_of(s, "/a?b=1"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.status, 200);
  CU_ASSERT_EQUAL(r.body_len, 5);
  CU_ASSERT_EQUAL(memcmp(r.body, "hello", 5), 0);
  CU_ASSERT_EQUAL(r.body[5], 0);
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(r.from_cache, 0);
  CU_ASSERT_EQUAL(r.n_headers, 4);
  CU_ASSERT_STRING_EQUAL(contrast_http_header_get(&r, "x-thing"),
                         "padded value");
  CU_ASSERT_STRING_EQUAL(contrast_http_header_get(&r, "CONTENT-TYPE"),
                         "text/plain");
  CU_ASSERT_PTR_NULL(contrast_http_header_get(&r, "X-Absent"));
  CU_ASSERT_EQUAL(ts_count(s), 1);
  char t[128];
  ts_request(s, 0, t, sizeof t);
  CU_ASSERT_STRING_EQUAL(t, "/a?b=1");
  contrast_http_response_wipe(&r);
  CU_ASSERT_PTR_NULL(r.body);
  CU_ASSERT_EQUAL(r.n_headers, 0);
  ts_stop(s);
}

static void test_http_get_empty_body_is_nul_terminated(void) {
  const char *script[] = {
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"};
  test_server *s = ts_start_script(script, 1);
  contrast_http_opts o = fast_opts(NULL);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.body_len, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r.body);
  CU_ASSERT_EQUAL(r.body[0], 0);
  contrast_http_response_wipe(&r);
  ts_stop(s);
}

static void test_http_get_429_retry_after_honoured_then_200(void) {
  const char *script[] = {
      "HTTP/1.1 429 Too Many\r\nRetry-After: 1\r\nContent-Length: "
      "0\r\nConnection: close\r\n\r\n",
      OK_HELLO};
  test_server *s = ts_start_script(script, 2);
  logcap l = {0};
  contrast_http_opts o = fast_opts(&l);
  o.max_wait_ms = 3000; /* allows the 1 s Retry-After */
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.attempts, 2);
  CU_ASSERT_EQUAL(ts_count(s), 2);
  int64_t gap = ts_time_ms(s, 1) - ts_time_ms(s, 0);
  CU_ASSERT(gap >= 950); /* the backoff alone would be 1 ms */
  CU_ASSERT_EQUAL(l.n, 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "HTTP 429"));
  CU_ASSERT_PTR_NOT_NULL(strstr(l.last, "retrying in 1000 ms"));
  contrast_http_response_wipe(&r);
  ts_stop(s);
}

#define R503                                                                  \
  "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"

static void test_http_get_503_three_times_then_200_four_attempts(void) {
  const char *script[] = {R503, R503, R503, OK_HELLO};
  test_server *s = ts_start_script(script, 4);
  logcap l = {0};
  contrast_http_opts o = fast_opts(&l);
  o.max_attempts = 5;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.attempts, 4);
  CU_ASSERT_EQUAL(ts_count(s), 4);
  CU_ASSERT_EQUAL(l.n, 3);
  CU_ASSERT_EQUAL(r.body_len, 5); /* the 503 bodies are not kept */
  contrast_http_response_wipe(&r);
  ts_stop(s);
}

static void test_http_get_500_forever_fails_e_fetch_after_max_attempts(void) {
  const char *script[] = {
      "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"};
  test_server *s = ts_start_script(script, 1);
  logcap l = {0};
  contrast_http_opts o = fast_opts(&l);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/x"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "HTTP 500 after 3 attempts"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "/x"));
  CU_ASSERT_EQUAL(r.attempts, 3);
  CU_ASSERT_PTR_NULL(r.body);
  CU_ASSERT_EQUAL(ts_count(s), 3);
  CU_ASSERT_EQUAL(l.n, 2);
  ts_stop(s);
}

static void test_http_get_404_fails_at_once(void) {
  const char *script[] = {"HTTP/1.1 404 Not Found\r\nContent-Length: "
                          "9\r\nConnection: close\r\n\r\nnot found"};
  test_server *s = ts_start_script(script, 1);
  contrast_http_opts o = fast_opts(NULL);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  const char *u = url_of(s, "/missing");
  char want[300];
  (void)snprintf(want, sizeof want, "GET %s: HTTP 404", u);
  CU_ASSERT_EQUAL(contrast_http_get(u, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_STRING_EQUAL(e.detail, want);
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  ts_stop(s);
}

static void body_limit_case(const char *reply, size_t max, int want_ok) {
  const char *script[] = {reply};
  test_server *s = ts_start_script(script, 1);
  contrast_http_opts o = fast_opts(NULL);
  o.max_body = max;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  int rc = contrast_http_get(url_of(s, "/big"), &o, &r, &e);
  if (want_ok) {
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(r.body_len, max);
  } else {
    CU_ASSERT_EQUAL(rc, -1);
    ASSERT_CODE(e, CONTRAST_E_FETCH);
    char want[64];
    (void)snprintf(want, sizeof want, "body larger than %zu bytes", max);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, want));
    CU_ASSERT_EQUAL(r.attempts, 1); /* not retried */
    CU_ASSERT_EQUAL(ts_count(s), 1);
  }
  contrast_http_response_wipe(&r);
  ts_stop(s);
}

static void test_http_get_body_over_max_fails_not_retried(void) {
  /* with a Content-Length (curl refuses early) and without (the write
   * callback aborts) */
  body_limit_case("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: "
                  "close\r\n\r\n0123456789A",
                  10, 0);
  body_limit_case("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n0123456789A",
                  10, 0);
  body_limit_case("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n0123456789",
                  10, 1);
}

static void test_http_get_truncated_body_retried(void) {
  const char *script[] = {"HTTP/1.1 200 OK\r\nContent-Length: "
                          "100\r\nConnection: close\r\n\r\nshort",
                          OK_HELLO};
  test_server *s = ts_start_script(script, 2);
  logcap l = {0};
  contrast_http_opts o = fast_opts(&l);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.attempts, 2);
  CU_ASSERT_EQUAL(r.body_len, 5);
  CU_ASSERT_EQUAL(memcmp(r.body, "hello", 5), 0);
  CU_ASSERT_EQUAL(l.n, 1);
  contrast_http_response_wipe(&r);
  ts_stop(s);
}

static void test_http_get_retry_after_over_max_wait_fails_at_once(void) {
  const char *script[] = {"HTTP/1.1 429 X\r\nRetry-After: 120\r\nContent-"
                          "Length: 0\r\nConnection: close\r\n\r\n",
                          OK_HELLO};
  test_server *s = ts_start_script(script, 2);
  contrast_http_opts o = fast_opts(NULL);
  o.max_wait_ms = 2000;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "Retry-After 120"));
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  ts_stop(s);
}

static void slow_handler(void *arg, unsigned index, const char *target,
                         ts_buf *reply) {
  (void)arg;
  (void)target;
  if (index == 0) {
    struct timespec ts = {0, 900 * 1000000L};
    (void)nanosleep(&ts, NULL);
  }
  ts_respond(reply, 200, "text/plain", NULL, "ok", 2);
}

static void test_http_get_timeout_retried(void) {
  test_server *s = ts_start(slow_handler, NULL, NULL);
  contrast_http_opts o = fast_opts(NULL);
  /* the first answer comes after 900 ms, the first attempt gives up at
   * 600 ms; the second is answered when the server is free (~900 ms) */
  o.timeout_ms = 600;
  /* (under valgrind on a loaded machine a later attempt may time out
   * too: room for that, but the first one must have been retried) */
  o.max_attempts = 5;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  int rc = contrast_http_get(url_of(s, "/"), &o, &r, &e);
  if (rc != 0 || r.attempts != 2)
    fprintf(stderr, "  rc %d attempts %u: %s\n", rc, r.attempts, e.detail);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
  CU_ASSERT(r.attempts >= 2);
  CU_ASSERT_EQUAL(r.body_len, 2);
  contrast_http_response_wipe(&r);
  ts_stop(s);
}

static void test_http_get_connection_refused_retried_then_e_fetch(void) {
  const char *script[] = {OK_HELLO};
  test_server *s = ts_start_script(script, 1);
  char u[128];
  (void)snprintf(u, sizeof u, "%s/", ts_base(s));
  ts_stop(s); /* nobody listens on that port any more */
  logcap l = {0};
  contrast_http_opts o = fast_opts(&l);
  o.max_attempts = 2;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(u, &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "after 2 attempts"));
  CU_ASSERT_EQUAL(r.attempts, 2);
  CU_ASSERT_EQUAL(l.n, 1);
}

static void test_http_get_not_http_url_fails_e_usage(void) {
  static const char *const bad[] = {"ftp://127.0.0.1/x", "file:///etc/passwd",
                                    "gopher://x/", "127.0.0.1/x", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    contrast_http_response r;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_http_get(bad[i], NULL, &r, &e), -1);
    ASSERT_CODE(e, CONTRAST_E_USAGE);
  }
}

static void redirect_handler(void *arg, unsigned index, const char *target,
                             ts_buf *reply) {
  (void)arg;
  (void)index;
  if (strcmp(target, "/r") == 0)
    ts_respond(reply, 302, NULL,
               "Location: /final\r\nX-Redirect: yes\r\n", "", 0);
  else if (strcmp(target, "/ftp") == 0)
    ts_respond(reply, 302, NULL, "Location: ftp://127.0.0.1/x\r\n", "", 0);
  else if (strcmp(target, "/loop") == 0)
    ts_respond(reply, 302, NULL, "Location: /loop\r\n", "", 0);
  else if (strcmp(target, "/final") == 0)
    ts_respond(reply, 200, "text/plain", "X-Final: 1\r\n", "done", 4);
  else
    ts_respond(reply, 404, NULL, NULL, "", 0);
}

static void test_http_get_redirect_followed_final_headers_only(void) {
  test_server *s = ts_start(redirect_handler, NULL, NULL);
  contrast_http_opts o = fast_opts(NULL);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_http_get(url_of(s, "/r"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.body_len, 4);
  CU_ASSERT_STRING_EQUAL(contrast_http_header_get(&r, "X-Final"), "1");
  CU_ASSERT_PTR_NULL(contrast_http_header_get(&r, "X-Redirect"));
  CU_ASSERT_PTR_NULL(contrast_http_header_get(&r, "Location"));
  contrast_http_response_wipe(&r);
  CU_ASSERT_EQUAL(ts_count(s), 2);

  /* to another protocol: refused, not retried */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/ftp"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(ts_count(s), 3);

  /* a loop: at most 3 redirects followed */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/loop"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_EQUAL(ts_count(s), 3 + 4);
  ts_stop(s);
}

static void many_headers_handler(void *arg, unsigned index, const char *target,
                                 ts_buf *reply) {
  size_t n = *(const size_t *)arg;
  (void)index;
  (void)target;
  ts_buf extra = {0};
  for (size_t i = 0; i < n; i++)
    ts_buf_printf(&extra, "X-H%zu: %zu\r\n", i, i);
  /* Content-Type, Content-Length, Connection and the n extra ones */
  ts_respond(reply, 200, "text/plain", extra.p, "ok", 2);
  free(extra.p);
}

static void test_http_get_header_count_bounded(void) {
  size_t n = CONTRAST_HTTP_MAX_HEADERS - 3; /* exactly the maximum */
  test_server *s = ts_start(many_headers_handler, &n, NULL);
  contrast_http_opts o = fast_opts(NULL);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.n_headers, CONTRAST_HTTP_MAX_HEADERS);
  contrast_http_response_wipe(&r);
  n++; /* one more */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "MAX_HEADERS"));
  CU_ASSERT_EQUAL(r.attempts, 1);
  ts_stop(s);
}

static void big_header_handler(void *arg, unsigned index, const char *target,
                               ts_buf *reply) {
  (void)arg;
  (void)index;
  (void)target;
  size_t n = CONTRAST_HTTP_MAX_HEADER_BYTES / 2;
  char *v = malloc(n + 1);
  memset(v, 'a', n);
  v[n] = '\0';
  ts_buf extra = {0};
  ts_buf_printf(&extra, "X-A: %s\r\nX-B: %s\r\n", v, v);
  ts_respond(reply, 200, "text/plain", extra.p, "ok", 2);
  free(extra.p);
  free(v);
}

static void test_http_get_header_bytes_bounded(void) {
  test_server *s = ts_start(big_header_handler, NULL, NULL);
  contrast_http_opts o = fast_opts(NULL);
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  ts_stop(s);
}

static void tls_handler(void *arg, unsigned index, const char *target,
                        ts_buf *reply) {
  (void)arg;
  (void)index;
  (void)target;
  ts_respond(reply, 200, "text/plain", NULL, "secure", 6);
}

static void test_http_get_https_with_ca_file_ok_without_fails(void) {
  char dir[] = "/tmp/contrast-test-http-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  char ca[128];
  (void)snprintf(ca, sizeof ca, "%s/ca.pem", dir);
  test_server *s = ts_start(tls_handler, NULL, ca);
  contrast_http_opts o = fast_opts(NULL);
  o.ca_file = ca;
  contrast_http_response r;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/s"), &o, &r, &e), 0);
  CU_ASSERT_EQUAL(r.body_len, 6);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  contrast_http_response_wipe(&r);

  /* the system store does not know the test CA: refused, not retried */
  o.ca_file = NULL;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_http_get(url_of(s, "/s"), &o, &r, &e), -1);
  ASSERT_CODE(e, CONTRAST_E_FETCH);
  CU_ASSERT_EQUAL(r.attempts, 1);
  CU_ASSERT_EQUAL(ts_count(s), 1);
  ts_stop(s);
  (void)unlink(ca);
  (void)rmdir(dir);
}

static void test_http_retry_after_values(void) {
  int64_t s = -1;
  int64_t when = contrast_time_from_civil(2015, 10, 21, 7, 28, 0);
  CU_ASSERT_EQUAL(contrast_http_retry_after("120", 0, &s), 0);
  CU_ASSERT_EQUAL(s, 120);
  CU_ASSERT_EQUAL(contrast_http_retry_after("0", 0, &s), 0);
  CU_ASSERT_EQUAL(s, 0);
  CU_ASSERT_EQUAL(
      contrast_http_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", when - 30, &s),
      0);
  CU_ASSERT_EQUAL(s, 30);
  CU_ASSERT_EQUAL(
      contrast_http_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", when + 5, &s),
      0);
  CU_ASSERT_EQUAL(s, 0); /* in the past */
  CU_ASSERT_EQUAL(
      contrast_http_retry_after("Thu, 29 Feb 2024 00:00:01 GMT",
                                contrast_time_from_civil(2024, 2, 29, 0, 0, 0),
                                &s),
      0);
  CU_ASSERT_EQUAL(s, 1);
  static const char *const bad[] = {
      "",
      "-1",
      "1.5",
      " 5",
      "5 ",
      "soon",
      "99999999999999999999999",
      "Wed, 21 Oct 2015 07:28:00 UTC",
      "Wed, 32 Oct 2015 07:28:00 GMT",
      "Wed, 21 Foo 2015 07:28:00 GMT",
      "Xyz, 21 Oct 2015 07:28:00 GMT",
      "Wed, 21 Oct 2015 24:28:00 GMT",
      "Thu, 29 Feb 2023 00:00:00 GMT",
      "Wed, 21 Oct 2015 07:28:00 GMT ",
      "Wednesday, 21-Oct-15 07:28:00 GMT",
      "Wed Oct 21 07:28:00 2015",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    s = 77;
    if (contrast_http_retry_after(bad[i], 0, &s) != -1)
      fprintf(stderr, "  accepted Retry-After '%s'\n", bad[i]);
    CU_ASSERT_EQUAL(contrast_http_retry_after(bad[i], 0, &s), -1);
    CU_ASSERT_EQUAL(s, 77);
  }
  CU_ASSERT_EQUAL(contrast_http_retry_after(NULL, 0, &s), -1);
}

static void test_url_decode_valid_and_bad_escapes(void) {
  uint8_t *out = NULL;
  size_t len = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(
      contrast_url_decode("-----BEGIN%20CERTIFICATE-----%0AMII+x%2b%2F", &out,
                          &len, &e),
      0);
  const char *want = "-----BEGIN CERTIFICATE-----\nMII x+/";
  CU_ASSERT_EQUAL(len, strlen(want));
  CU_ASSERT_EQUAL(memcmp(out, want, len), 0);
  CU_ASSERT_EQUAL(out[len], 0);
  free(out);

  CU_ASSERT_EQUAL_FATAL(contrast_url_decode("a%00b", &out, &len, &e), 0);
  CU_ASSERT_EQUAL(len, 3);
  CU_ASSERT_EQUAL(out[1], 0);
  free(out);

  CU_ASSERT_EQUAL_FATAL(contrast_url_decode("", &out, &len, &e), 0);
  CU_ASSERT_EQUAL(len, 0);
  CU_ASSERT_EQUAL(out[0], 0);
  free(out);

  static const char *const bad[] = {"%G1", "%4", "abc%", "%%", "x%1g", "%"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    static uint8_t sentinel[1];
    out = sentinel;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL(contrast_url_decode(bad[i], &out, &len, &e), -1);
    ASSERT_CODE(e, CONTRAST_E_FETCH);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(len, 0);
  }
}

static void test_http_response_wipe_and_header_get_null_safe(void) {
  contrast_http_response_wipe(NULL);
  CU_ASSERT_PTR_NULL(contrast_http_header_get(NULL, "x"));
  contrast_http_response r;
  memset(&r, 0, sizeof r);
  CU_ASSERT_PTR_NULL(contrast_http_header_get(&r, NULL));
  contrast_http_response_wipe(&r);
}

static void test_http_is_tchar(void) {
  static const char yes[] = "azAZ09!#$%&'*+-.^_`|~";
  for (size_t i = 0; yes[i] != '\0'; i++)
    CU_ASSERT_TRUE(contrast_http_is_tchar(yes[i]));
  static const char no[] = " \t:;,\"()/<=>?@[\\]{}\x7f";
  for (size_t i = 0; no[i] != '\0'; i++)
    CU_ASSERT_FALSE(contrast_http_is_tchar(no[i]));
  CU_ASSERT_FALSE(contrast_http_is_tchar('\0'));
  CU_ASSERT_FALSE(contrast_http_is_tchar((char)0xe9));
}

static const test_case tests[] = {
    {"test_http_get_200_returns_body_and_headers",
     test_http_get_200_returns_body_and_headers},
    {"test_http_get_empty_body_is_nul_terminated",
     test_http_get_empty_body_is_nul_terminated},
    {"test_http_get_429_retry_after_honoured_then_200",
     test_http_get_429_retry_after_honoured_then_200},
    {"test_http_get_503_three_times_then_200_four_attempts",
     test_http_get_503_three_times_then_200_four_attempts},
    {"test_http_get_500_forever_fails_e_fetch_after_max_attempts",
     test_http_get_500_forever_fails_e_fetch_after_max_attempts},
    {"test_http_get_404_fails_at_once", test_http_get_404_fails_at_once},
    {"test_http_get_body_over_max_fails_not_retried",
     test_http_get_body_over_max_fails_not_retried},
    {"test_http_get_truncated_body_retried",
     test_http_get_truncated_body_retried},
    {"test_http_get_retry_after_over_max_wait_fails_at_once",
     test_http_get_retry_after_over_max_wait_fails_at_once},
    {"test_http_get_timeout_retried", test_http_get_timeout_retried},
    {"test_http_get_connection_refused_retried_then_e_fetch",
     test_http_get_connection_refused_retried_then_e_fetch},
    {"test_http_get_not_http_url_fails_e_usage",
     test_http_get_not_http_url_fails_e_usage},
    {"test_http_get_redirect_followed_final_headers_only",
     test_http_get_redirect_followed_final_headers_only},
    {"test_http_get_header_count_bounded", test_http_get_header_count_bounded},
    {"test_http_get_header_bytes_bounded", test_http_get_header_bytes_bounded},
    {"test_http_get_https_with_ca_file_ok_without_fails",
     test_http_get_https_with_ca_file_ok_without_fails},
    {"test_http_retry_after_values", test_http_retry_after_values},
    {"test_http_is_tchar", test_http_is_tchar},
    {"test_url_decode_valid_and_bad_escapes",
     test_url_decode_valid_and_bad_escapes},
    {"test_http_response_wipe_and_header_get_null_safe",
     test_http_response_wipe_and_header_get_null_safe},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/http.c", tests); }
