/* HTTP GET for endorsement fetching (libcurl): bounded body and headers,
 * timeouts, TLS verification, retries with backoff and Retry-After.
 *
 * Everything a server sends is bounded before it is stored: the body by
 * max_body (the write callback aborts the transfer past it, so a hostile
 * or broken server cannot make us allocate more), the headers by count and
 * total size. Only http and https are spoken, also across redirects (a
 * redirect to file:// or gopher:// would otherwise turn a fetch into a
 * local read or a request to an internal service). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "contrast/http.h"
#include "contrast/util.h"
#include "guard.h"

#define MAX_REDIRECTS 3L

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void) { global_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

/* ---- response helpers ---- */

static void headers_free(contrast_http_header *h, size_t *n) {
  for (size_t i = 0; i < *n; i++) {
    free(h[i].name);
    free(h[i].value);
    h[i].name = NULL;
    h[i].value = NULL;
  }
  *n = 0;
}

void contrast_http_response_wipe(contrast_http_response *r) {
  if (r == NULL)
    return;
  free(r->body);
  headers_free(r->headers, &r->n_headers);
  memset(r, 0, sizeof *r);
}

const char *contrast_http_header_get(const contrast_http_response *r,
                                     const char *name) {
  if (r == NULL || name == NULL)
    return NULL;
  for (size_t i = 0; i < r->n_headers && i < CONTRAST_HTTP_MAX_HEADERS; i++)
    if (r->headers[i].name != NULL && strcasecmp(r->headers[i].name, name) == 0)
      return r->headers[i].value;
  return NULL;
}

int contrast_http_is_tchar(char ch) {
  unsigned char c = (unsigned char)ch;
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') ||
         (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* ---- Retry-After (RFC 9110 §10.2.3) ---- */

/* IMF-fixdate only ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 §5.6.7);
 * the obsolete RFC 850 and asctime forms are refused. */
static int imf_fixdate(const char *s, int64_t *out) {
  static const char *const days[7] = {"Mon", "Tue", "Wed", "Thu",
                                      "Fri", "Sat", "Sun"};
  static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
  if (strlen(s) != 29)
    return -1;
  int day_ok = 0;
  for (size_t i = 0; i < 7; i++)
    day_ok |= memcmp(s, days[i], 3) == 0;
  unsigned mon = 0;
  for (unsigned i = 0; i < 12; i++)
    if (memcmp(s + 8, months[i], 3) == 0)
      mon = i + 1;
  unsigned d, y, h, mi, se;
  if (!day_ok || mon == 0 || memcmp(s + 3, ", ", 2) != 0 || s[7] != ' ' ||
      s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
      memcmp(s + 25, " GMT", 4) != 0 || contrast_parse_digits(s + 5, 2, &d) ||
      contrast_parse_digits(s + 12, 4, &y) ||
      contrast_parse_digits(s + 17, 2, &h) ||
      contrast_parse_digits(s + 20, 2, &mi) ||
      contrast_parse_digits(s + 23, 2, &se))
    return -1;
  if (d < 1 || d > contrast_days_in_month(y, mon) || h > 23 || mi > 59 ||
      se > 60)
    return -1;
  if (se == 60)
    se = 59; /* a leap second: near enough for a wait */
  *out = contrast_time_from_civil(y, mon, d, h, mi, se);
  return 0;
}

int contrast_http_retry_after(const char *value, int64_t now,
                              int64_t *seconds) {
  if (value == NULL || value[0] == '\0')
    return -1;
  if (isdigit((unsigned char)value[0])) {
    int64_t v = 0;
    for (const char *p = value; *p != '\0'; p++) {
      if (!isdigit((unsigned char)*p))
        return -1;
      if (v > (INT64_MAX - 9) / 10)
        return -1; /* absurdly long: not a wait we would honour anyway */
      v = v * 10 + (*p - '0');
    }
    *seconds = v;
    return 0;
  }
  int64_t when;
  if (imf_fixdate(value, &when) != 0)
    return -1;
  *seconds = when > now ? when - now : 0;
  return 0;
}

/* ---- percent decoding ---- */

int contrast_url_decode(const char *in, uint8_t **out, size_t *len,
                        contrast_err *err) {
  *out = NULL;
  *len = 0;
  ENSURE(in != NULL, E_FETCH, "url decode: no input");
  size_t n = strlen(in);
  uint8_t *buf = malloc(n + 1); /* decoding never grows */
  ENSURE_ALLOC(buf);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (in[i] == '%') {
      int hi = i + 1 < n ? contrast_hex_digit(in[i + 1]) : -1;
      int lo = i + 2 < n ? contrast_hex_digit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        free(buf);
        BAIL(E_FETCH, "url decode: bad escape at offset %zu", i);
      }
      buf[o++] = (uint8_t)(hi * 16 + lo);
      i += 2;
    } else if (in[i] == '+') {
      buf[o++] = ' ';
    } else {
      buf[o++] = (uint8_t)in[i];
    }
  }
  buf[o] = '\0';
  *out = buf;
  *len = o;
  return 0;
}

/* ---- one transfer ---- */

typedef struct xfer {
  uint8_t *body;
  size_t len, cap, max;
  int too_big;
  contrast_http_header headers[CONTRAST_HTTP_MAX_HEADERS];
  size_t n_headers;
  size_t header_bytes;
  const char *header_fail; /* why the header callback aborted */
  int oom;
} xfer;

static void xfer_reset(xfer *x) {
  x->len = 0;
  x->too_big = 0;
  headers_free(x->headers, &x->n_headers);
  x->header_bytes = 0;
  x->header_fail = NULL;
  x->oom = 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud) {
  xfer *x = ud;
  if (size != 0 && nmemb > SIZE_MAX / size)
    return 0;
  size_t n = size * nmemb;
  if (n > x->max - x->len) {
    x->too_big = 1;
    return 0; /* abort: CURLE_WRITE_ERROR */
  }
  if (x->len + n + 1 > x->cap) {
    size_t cap = x->cap == 0 ? 16384 : x->cap;
    while (cap < x->len + n + 1)
      cap = cap > SIZE_MAX / 2 ? x->len + n + 1 : cap * 2;
    if (cap > x->max + 1)
      cap = x->max + 1;
    uint8_t *b = realloc(x->body, cap);
    if (b == NULL) {
      x->oom = 1;
      return 0;
    }
    x->body = b;
    x->cap = cap;
  }
  memcpy(x->body + x->len, ptr, n);
  x->len += n;
  return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud) {
  xfer *x = ud;
  if (size != 0 && nmemb > SIZE_MAX / size)
    return 0;
  size_t n = size * nmemb;
  /* Counted over the whole transfer (redirects and all), so a server
   * cannot feed us unbounded header lines across responses. */
  if (n > CONTRAST_HTTP_MAX_HEADER_BYTES - x->header_bytes) {
    x->header_fail = "header lines larger than "
                     "CONTRAST_HTTP_MAX_HEADER_BYTES";
    return 0;
  }
  x->header_bytes += n;
  if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0) {
    /* A new response (after a redirect or a 1xx): only the final
     * response's headers and body are kept. */
    headers_free(x->headers, &x->n_headers);
    x->len = 0;
    return n;
  }
  size_t end = n;
  while (end > 0 && (ptr[end - 1] == '\r' || ptr[end - 1] == '\n'))
    end--;
  if (end == 0)
    return n; /* the blank line that ends the headers */
  if (ptr[0] == ' ' || ptr[0] == '\t') {
    x->header_fail = "folded header line (obsolete line folding)";
    return 0;
  }
  size_t colon = 0;
  while (colon < end && contrast_http_is_tchar(ptr[colon]))
    colon++;
  if (colon == 0 || colon == end || ptr[colon] != ':') {
    x->header_fail = "malformed header line";
    return 0;
  }
  if (x->n_headers == CONTRAST_HTTP_MAX_HEADERS) {
    x->header_fail = "more than CONTRAST_HTTP_MAX_HEADERS header lines";
    return 0;
  }
  size_t vs = colon + 1, ve = end;
  while (vs < ve && (ptr[vs] == ' ' || ptr[vs] == '\t'))
    vs++;
  while (ve > vs && (ptr[ve - 1] == ' ' || ptr[ve - 1] == '\t'))
    ve--;
  for (size_t i = vs; i < ve; i++)
    if ((unsigned char)ptr[i] < 0x20 && ptr[i] != '\t') {
      x->header_fail = "control character in a header value";
      return 0;
    }
  char *name = contrast_strdup_n(ptr, colon);
  char *value = contrast_strdup_n(ptr + vs, ve - vs);
  if (name == NULL || value == NULL) {
    free(name);
    free(value);
    x->oom = 1;
    return 0;
  }
  x->headers[x->n_headers].name = name;
  x->headers[x->n_headers].value = value;
  x->n_headers++;
  return n;
}

/* Transport failures worth another attempt: the server or the path to it
 * may recover. TLS verification failures, bad URLs and the like are not. */
static int is_transient(CURLcode rc) {
  /* A table, not a switch: libcurl's enum is foreign and keeps growing. */
  static const CURLcode transient[] = {
      CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
      CURLE_COULDNT_CONNECT,      CURLE_OPERATION_TIMEDOUT,
      CURLE_PARTIAL_FILE,         CURLE_RECV_ERROR,
      CURLE_SEND_ERROR,           CURLE_GOT_NOTHING,
      CURLE_HTTP2,                CURLE_HTTP2_STREAM,
      CURLE_SSL_CONNECT_ERROR};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(transient); i++)
    if (rc == transient[i])
      return 1;
  return 0;
}

static void sleep_ms(long ms) {
  struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

static void log_line(const contrast_http_opts *o, const char *fmt, ...)
    CONTRAST_PRINTF(2, 3);
static void log_line(const contrast_http_opts *o, const char *fmt, ...) {
  if (o == NULL || o->log == NULL)
    return;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  o->log(o->log_arg, line);
}

static int is_http_url(const char *url) {
  return strncasecmp(url, "http://", 7) == 0 ||
         strncasecmp(url, "https://", 8) == 0;
}

static int setup(CURL *h, const char *url, const contrast_http_opts *o,
                 xfer *x, char *errbuf) {
  int https = strncasecmp(url, "https://", 8) == 0;
  /* A redirect never leaves https for http. */
  const char *redir = https ? "https" : "http,https";
  CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                         \
  if (rc == CURLE_OK)                                                         \
  rc = curl_easy_setopt(h, opt, val)
  SET(CURLOPT_URL, url);
  SET(CURLOPT_PROTOCOLS_STR, "http,https");
  SET(CURLOPT_REDIR_PROTOCOLS_STR, redir);
  SET(CURLOPT_FOLLOWLOCATION, 1L);
  SET(CURLOPT_MAXREDIRS, MAX_REDIRECTS);
  SET(CURLOPT_HTTPGET, 1L);
  SET(CURLOPT_NOSIGNAL, 1L);
  SET(CURLOPT_SSL_VERIFYPEER, 1L);
  SET(CURLOPT_SSL_VERIFYHOST, 2L);
  if (o->ca_file != NULL)
    SET(CURLOPT_CAINFO, o->ca_file);
  SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
  SET(CURLOPT_TIMEOUT_MS, o->timeout_ms);
  SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
  SET(CURLOPT_WRITEFUNCTION, on_body);
  SET(CURLOPT_WRITEDATA, x);
  SET(CURLOPT_HEADERFUNCTION, on_header);
  SET(CURLOPT_HEADERDATA, x);
  SET(CURLOPT_ERRORBUFFER, errbuf);
  SET(CURLOPT_USERAGENT, "contrast-c");
#undef SET
  return rc == CURLE_OK ? 0 : -1;
}

static void fill_defaults(const contrast_http_opts *in, contrast_http_opts *o) {
  if (in != NULL)
    *o = *in;
  else
    memset(o, 0, sizeof *o);
  if (o->connect_timeout_ms <= 0)
    o->connect_timeout_ms = CONTRAST_HTTP_CONNECT_TIMEOUT_MS;
  if (o->timeout_ms <= 0)
    o->timeout_ms = CONTRAST_HTTP_TIMEOUT_MS;
  if (o->max_body == 0)
    o->max_body = CONTRAST_HTTP_MAX_BODY;
  if (o->max_attempts == 0)
    o->max_attempts = CONTRAST_HTTP_MAX_ATTEMPTS;
  if (o->backoff_ms <= 0)
    o->backoff_ms = CONTRAST_HTTP_BACKOFF_MS;
  if (o->max_wait_ms <= 0)
    o->max_wait_ms = CONTRAST_HTTP_MAX_WAIT_MS;
}

/* The loop of contrast_http_get; h and x belong to the caller. */
static int get_loop(CURL *h, const char *url, const contrast_http_opts *o,
                    xfer *x, contrast_http_response *out, contrast_err *err) {
  char errbuf[CURL_ERROR_SIZE];
  long wait = o->backoff_ms < o->max_wait_ms ? o->backoff_ms : o->max_wait_ms;
  for (unsigned attempt = 1;; attempt++) {
    xfer_reset(x);
    errbuf[0] = '\0';
    ENSURE(setup(h, url, o, x, errbuf) == 0, E_FETCH,
           "GET %s: cannot set up the transfer", url);
    CURLcode rc = curl_easy_perform(h);
    out->attempts = attempt;
    ENSURE(!x->oom, E_NOMEM, "out of memory");
    ENSURE(!x->too_big && rc != CURLE_FILESIZE_EXCEEDED, E_FETCH,
           "GET %s: body larger than %zu bytes", url, x->max);
    ENSURE(x->header_fail == NULL, E_FETCH, "GET %s: %s", url,
           x->header_fail);
    char what[CURL_ERROR_SIZE + 64];
    long status = 0;
    if (rc != CURLE_OK) {
      (void)snprintf(what, sizeof what, "%s", errbuf[0] != '\0'
                                                  ? errbuf
                                                  : curl_easy_strerror(rc));
      ENSURE(is_transient(rc), E_FETCH, "GET %s: %s", url, what);
    } else {
      (void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
      if (status == 200) {
        out->status = 200;
        if (x->body == NULL) {
          x->body = malloc(1);
          ENSURE_ALLOC(x->body);
          x->cap = 1;
        }
        x->body[x->len] = '\0';
        out->body = x->body;
        out->body_len = x->len;
        x->body = NULL;
        x->cap = 0;
        memcpy(out->headers, x->headers, sizeof out->headers);
        out->n_headers = x->n_headers;
        memset(x->headers, 0, sizeof x->headers);
        x->n_headers = 0;
        return 0;
      }
      ENSURE(status == 429 || (status >= 500 && status <= 599), E_FETCH,
             "GET %s: HTTP %ld", url, status);
      (void)snprintf(what, sizeof what, "HTTP %ld", status);
    }
    ENSURE(attempt < o->max_attempts, E_FETCH,
           "GET %s: %s after %u attempts", url, what, attempt);
    long this_wait = wait;
    const char *ra = NULL;
    for (size_t i = 0; rc == CURLE_OK && i < x->n_headers; i++)
      if (strcasecmp(x->headers[i].name, "Retry-After") == 0)
        ra = x->headers[i].value;
    int64_t secs;
    if (ra != NULL &&
        contrast_http_retry_after(ra, contrast_time_now(), &secs) == 0) {
      ENSURE(secs <= INT64_MAX / 1000 && secs * 1000 <= o->max_wait_ms,
             E_FETCH,
             "GET %s: %s, Retry-After %s exceeds the limit of %ld ms", url,
             what, ra, o->max_wait_ms);
      this_wait = (long)secs * 1000;
    }
    log_line(o, "GET %s: %s, retrying in %ld ms (attempt %u of %u)", url,
             what, this_wait, attempt + 1, o->max_attempts);
    sleep_ms(this_wait);
    wait = wait > o->max_wait_ms / 2 ? o->max_wait_ms : wait * 2;
  }
}

int contrast_http_get(const char *url, const contrast_http_opts *opts,
                      contrast_http_response *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  ENSURE(url != NULL && is_http_url(url), E_USAGE,
         "%s: not an http:// or https:// URL", url != NULL ? url : "(null)");
  (void)pthread_once(&global_once, global_init);
  ENSURE(global_rc == CURLE_OK, E_FETCH, "libcurl initialisation failed");
  contrast_http_opts o;
  fill_defaults(opts, &o);
  ENSURE(o.max_body < SIZE_MAX, E_USAGE, "max_body too large");
  CURL *h = curl_easy_init();
  ENSURE(h != NULL, E_NOMEM, "out of memory (curl handle)");
  xfer *x = calloc(1, sizeof *x);
  if (x == NULL) {
    curl_easy_cleanup(h);
    BAIL(E_NOMEM, "out of memory");
  }
  x->max = o.max_body;
  int rc = get_loop(h, url, &o, x, out, err);
  unsigned attempts = out->attempts;
  curl_easy_cleanup(h);
  xfer_reset(x);
  free(x->body);
  free(x);
  if (rc != 0) {
    contrast_http_response_wipe(out);
    out->attempts = attempts;
  }
  return rc;
}
