/* The on-disk endorsement cache, contrast_fetch (cache + HTTP) and the
 * expiry readers.
 *
 * An entry file (DIR/<sha256(url) hex>, mode 0600) is text up to the body:
 *
 *   contrast-cache 1\n
 *   url <url>\n
 *   stored <decimal epoch>\n
 *   expires <decimal epoch>\n
 *   header <Name>: <value>\n        (0 .. CONTRAST_HTTP_MAX_HEADERS lines)
 *   body <decimal length>\n
 *   \n
 *   <exactly length bytes>
 *
 * Every line is checked exactly (order, spelling, no leading zeros, no
 * control characters) and the body length must equal what remains: a file
 * that is anything else is a miss. The cache is not trusted (whatever it
 * serves goes through the verifier like a fresh download), so strictness
 * here is about never serving a torn or mixed-up entry, not about
 * security. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/x509.h>

#include "autofree.h"
#include "contrast/crypto.h"
#include "contrast/http.h"
#include "contrast/util.h"
#include "guard.h"

#define CACHE_MAGIC "contrast-cache 1\n"
#define CACHE_URL_MAX 4096
#define CACHE_LINE_MAX (CONTRAST_HTTP_MAX_HEADER_BYTES + 64)
#define CACHE_FILE_MAX (CONTRAST_FILE_MAX + (size_t)CONTRAST_HTTP_MAX_HEADER_BYTES + 8192)

/* ---- init and paths ---- */

int contrast_cache_init(contrast_cache *c, const char *dir, int offline,
                        contrast_err *err) {
  memset(c, 0, sizeof *c);
  c->offline = offline;
  const char *env;
  int n;
  if (dir != NULL && dir[0] != '\0') {
    n = snprintf(c->dir, sizeof c->dir, "%s", dir);
  } else if ((env = getenv("CONTRAST_CACHE_DIR")) != NULL && env[0] != '\0') {
    n = snprintf(c->dir, sizeof c->dir, "%s", env);
  } else if ((env = getenv("XDG_CACHE_HOME")) != NULL && env[0] != '\0') {
    n = snprintf(c->dir, sizeof c->dir, "%s/contrast", env);
  } else if ((env = getenv("HOME")) != NULL && env[0] != '\0') {
    n = snprintf(c->dir, sizeof c->dir, "%s/.cache/contrast", env);
  } else {
    BAIL(E_USAGE, "no cache directory: set CONTRAST_CACHE_DIR or HOME");
  }
  if (n < 0 || (size_t)n >= sizeof c->dir) {
    c->dir[0] = '\0';
    BAIL(E_USAGE, "cache directory name too long");
  }
  return 0;
}

int contrast_cache_path(const contrast_cache *c, const char *url, char *out,
                        size_t cap, contrast_err *err) {
  ENSURE(url != NULL, E_USAGE, "cache: no URL");
  uint8_t d[32];
  char hex[65];
  contrast_sha256((const uint8_t *)url, strlen(url), d);
  contrast_hex_encode(d, sizeof d, hex);
  int n = snprintf(out, cap, "%s/%s", c->dir, hex);
  ENSURE(n >= 0 && (size_t)n < cap, E_USAGE, "cache path too long");
  return 0;
}

/* ---- entry format ---- */

/* A view of the entry being parsed. */
typedef struct cursor {
  const uint8_t *p;
  size_t len, off;
} cursor;

/* The next line (without its '\n'); lines hold no control characters
 * except tab. -1 at the end of the input or for a bad line. */
static int next_line(cursor *c, const char **line, size_t *n) {
  size_t i = c->off;
  while (i < c->len && c->p[i] != '\n') {
    if ((c->p[i] < 0x20 && c->p[i] != '\t') || c->p[i] == 0x7f)
      return -1;
    if (i - c->off >= CACHE_LINE_MAX)
      return -1;
    i++;
  }
  if (i == c->len)
    return -1;
  *line = (const char *)c->p + c->off;
  *n = i - c->off;
  c->off = i + 1;
  return 0;
}

/* "<key> <rest>" -> rest. */
static int keyword(const char *line, size_t n, const char *key,
                   const char **rest, size_t *rest_len) {
  size_t k = strlen(key);
  if (n < k + 1 || memcmp(line, key, k) != 0 || line[k] != ' ')
    return -1;
  *rest = line + k + 1;
  *rest_len = n - k - 1;
  return 0;
}

/* Decimal without sign or leading zeros, at most 18 digits. */
static int decimal(const char *s, size_t n, uint64_t *out) {
  if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
    return -1;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  *out = v;
  return 0;
}

static int parse_entry(const uint8_t *buf, size_t len, const char *url,
                       contrast_http_response *out, contrast_err *err) {
  cursor c = {buf, len, 0};
  const char *l, *rest;
  size_t n, rn;
  uint64_t v;
  size_t ml = strlen(CACHE_MAGIC);
  ENSURE(len >= ml && memcmp(buf, CACHE_MAGIC, ml) == 0, E_UNUSABLE,
         "cache entry: not a contrast-cache 1 file");
  c.off = ml;
  ENSURE(next_line(&c, &l, &n) == 0 && keyword(l, n, "url", &rest, &rn) == 0 &&
             rn > 0 && rn <= CACHE_URL_MAX,
         E_UNUSABLE, "cache entry: bad url line");
  ENSURE(url == NULL || (strlen(url) == rn && memcmp(url, rest, rn) == 0),
         E_UNUSABLE, "cache entry: for another URL");
  ENSURE(next_line(&c, &l, &n) == 0 &&
             keyword(l, n, "stored", &rest, &rn) == 0 &&
             decimal(rest, rn, &v) == 0,
         E_UNUSABLE, "cache entry: bad stored line");
  ENSURE(next_line(&c, &l, &n) == 0 &&
             keyword(l, n, "expires", &rest, &rn) == 0 &&
             decimal(rest, rn, &v) == 0,
         E_UNUSABLE, "cache entry: bad expires line");
  out->expires = (int64_t)v;
  for (;;) {
    ENSURE(next_line(&c, &l, &n) == 0, E_UNUSABLE,
           "cache entry: truncated before the body");
    if (keyword(l, n, "header", &rest, &rn) != 0)
      break;
    ENSURE(out->n_headers < CONTRAST_HTTP_MAX_HEADERS, E_UNUSABLE,
           "cache entry: too many headers");
    size_t colon = 0;
    while (colon < rn && contrast_http_is_tchar(rest[colon]))
      colon++;
    /* "Name: value" exactly: one space after the colon, value trimmed */
    ENSURE(colon > 0 && colon + 1 < rn && rest[colon] == ':' &&
               rest[colon + 1] == ' ',
           E_UNUSABLE, "cache entry: bad header line");
    const char *val = rest + colon + 2;
    size_t vl = rn - colon - 2;
    ENSURE(vl == 0 || (val[0] != ' ' && val[0] != '\t' &&
                       val[vl - 1] != ' ' && val[vl - 1] != '\t'),
           E_UNUSABLE, "cache entry: header value not trimmed");
    contrast_http_header *h = &out->headers[out->n_headers];
    h->name = contrast_strdup_n(rest, colon);
    h->value = contrast_strdup_n(val, vl);
    out->n_headers++; /* counted now so that the wipe frees both */
    ENSURE(h->name != NULL && h->value != NULL, E_NOMEM, "out of memory");
  }
  ENSURE(keyword(l, n, "body", &rest, &rn) == 0 && decimal(rest, rn, &v) == 0,
         E_UNUSABLE, "cache entry: bad body line");
  ENSURE(next_line(&c, &l, &n) == 0 && n == 0, E_UNUSABLE,
         "cache entry: no blank line before the body");
  ENSURE(v == (uint64_t)(len - c.off), E_UNUSABLE,
         "cache entry: body of %zu bytes, %llu announced", len - c.off,
         (unsigned long long)v);
  size_t bl = (size_t)v;
  out->body = malloc(bl + 1);
  ENSURE_ALLOC(out->body);
  memcpy(out->body, buf + c.off, bl);
  out->body[bl] = '\0';
  out->body_len = bl;
  out->status = 200;
  out->from_cache = 1;
  out->attempts = 0;
  return 0;
}

int contrast_cache_entry_parse(const uint8_t *buf, size_t len, const char *url,
                               contrast_http_response *out,
                               contrast_err *err) {
  memset(out, 0, sizeof *out);
  if (buf == NULL)
    return contrast_err_set(err, CONTRAST_E_UNUSABLE, "cache entry: empty");
  if (parse_entry(buf, len, url, out, err) != 0) {
    contrast_http_response_wipe(out);
    return -1;
  }
  return 0;
}

/* ---- get ---- */

typedef enum lookup {
  LOOKUP_ABSENT,
  LOOKUP_UNUSABLE,
  LOOKUP_EXPIRED,
  LOOKUP_HIT
} lookup;

/* 0 with *state set, or -1 on E_NOMEM. */
static int cache_lookup(const contrast_cache *c, const char *url, int64_t now,
                        contrast_http_response *out, lookup *state,
                        contrast_err *err) {
  memset(out, 0, sizeof *out);
  *state = LOOKUP_ABSENT;
  if (c->disabled || c->dir[0] == '\0')
    return 0;
  char path[sizeof c->dir + 80];
  contrast_err e;
  contrast_err_clear(&e);
  if (contrast_cache_path(c, url, path, sizeof path, &e) != 0)
    return 0;
  uint8_t *buf = NULL;
  size_t len = 0;
  contrast_err_clear(&e);
  if (contrast_file_read(path, CACHE_FILE_MAX, &buf, &len, &e) != 0) {
    if (e.code == CONTRAST_E_NOMEM)
      return contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
    return 0; /* absent or unreadable: a miss */
  }
  contrast_err_clear(&e);
  int rc = contrast_cache_entry_parse(buf, len, url, out, &e);
  free(buf);
  if (rc != 0) {
    if (e.code == CONTRAST_E_NOMEM)
      return contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
    *state = LOOKUP_UNUSABLE;
    return 0;
  }
  if (now >= out->expires) {
    contrast_http_response_wipe(out);
    *state = LOOKUP_EXPIRED;
    return 0;
  }
  *state = LOOKUP_HIT;
  return 0;
}

int contrast_cache_get(const contrast_cache *c, const char *url, int64_t now,
                       contrast_http_response *out, contrast_err *err) {
  lookup st;
  if (cache_lookup(c, url, now, out, &st, err) != 0)
    return -1;
  return st == LOOKUP_HIT ? 1 : 0;
}

/* ---- put ---- */

typedef struct sbuf {
  char *p;
  size_t len, cap;
  int oom;
} sbuf;

static void sb_put(sbuf *b, const void *d, size_t n) {
  if (b->oom)
    return;
  if (n + 1 > b->cap - b->len) {
    size_t cap = b->cap == 0 ? 1024 : b->cap;
    while (cap - b->len < n + 1) {
      if (cap > SIZE_MAX / 2) {
        b->oom = 1;
        return;
      }
      cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (p == NULL) {
      b->oom = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, d, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_printf(sbuf *b, const char *fmt, ...) CONTRAST_PRINTF(2, 3);
static void sb_printf(sbuf *b, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    b->oom = 1;
    return;
  }
  sb_put(b, tmp, (size_t)n);
}

static int is_clean_text(const char *s) {
  for (; *s != '\0'; s++)
    if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
      return 0;
  return 1;
}

/* mkdir -p, new directories 0700. */
static int make_dirs(const char *dir, contrast_err *err) {
  char tmp[sizeof ((contrast_cache *)0)->dir];
  size_t n = strlen(dir);
  ENSURE(n > 0 && n < sizeof tmp, E_IO, "cache: bad directory name");
  memcpy(tmp, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (tmp[i] != '/' && tmp[i] != '\0')
      continue;
    char save = tmp[i];
    tmp[i] = '\0';
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
      BAIL(E_IO, "%s: cannot create: %s", tmp, strerror(errno));
    tmp[i] = save;
  }
  struct stat st;
  ENSURE(stat(dir, &st) == 0 && S_ISDIR(st.st_mode), E_IO,
         "%s: not a directory", dir);
  return 0;
}

int contrast_cache_put(const contrast_cache *c, const char *url,
                       const contrast_http_response *r,
                       const char *const *keep_headers, int64_t expires,
                       contrast_err *err) {
  ENSURE(c->dir[0] != '\0', E_IO, "cache: no directory");
  ENSURE(url != NULL && url[0] != '\0' && strlen(url) <= CACHE_URL_MAX &&
             is_clean_text(url),
         E_IO, "cache: URL cannot be stored");
  ENSURE(r != NULL && r->status == 200 && (r->body != NULL || r->body_len == 0),
         E_IO, "cache: only a 200 response is stored");
  ENSURE(expires >= 0, E_IO, "cache: negative expiry");
  char path[sizeof c->dir + 80];
  GUARD(contrast_cache_path(c, url, path, sizeof path, err));
  int64_t now = contrast_time_now();
  sbuf b = {0};
  sb_put(&b, CACHE_MAGIC, strlen(CACHE_MAGIC));
  sb_put(&b, "url ", 4);
  sb_put(&b, url, strlen(url));
  sb_printf(&b, "\nstored %lld\nexpires %lld\n", (long long)(now < 0 ? 0 : now),
            (long long)expires);
  size_t kept = 0;
  for (size_t k = 0; keep_headers != NULL && keep_headers[k] != NULL; k++) {
    for (size_t i = 0; i < r->n_headers && i < CONTRAST_HTTP_MAX_HEADERS; i++) {
      const contrast_http_header *h = &r->headers[i];
      if (h->name == NULL || h->value == NULL ||
          strcasecmp(h->name, keep_headers[k]) != 0)
        continue;
      int ok = h->name[0] != '\0' && kept < CONTRAST_HTTP_MAX_HEADERS &&
               is_clean_text(h->value);
      for (const char *p = h->name; ok && *p != '\0'; p++)
        ok = contrast_http_is_tchar(*p);
      size_t vl = strlen(h->value);
      ok = ok && (vl == 0 || (h->value[0] != ' ' && h->value[0] != '\t' &&
                              h->value[vl - 1] != ' ' &&
                              h->value[vl - 1] != '\t'));
      if (!ok) {
        free(b.p);
        BAIL(E_IO, "cache: header %s cannot be stored", keep_headers[k]);
      }
      sb_put(&b, "header ", 7);
      sb_put(&b, h->name, strlen(h->name));
      sb_put(&b, ": ", 2);
      sb_put(&b, h->value, vl);
      sb_put(&b, "\n", 1);
      kept++;
    }
  }
  sb_printf(&b, "body %zu\n\n", r->body_len);
  if (r->body_len > 0)
    sb_put(&b, r->body, r->body_len);
  if (b.oom) {
    free(b.p);
    BAIL(E_NOMEM, "out of memory");
  }
  int rc = make_dirs(c->dir, err);
  if (rc == 0)
    rc = contrast_file_write_atomic(path, (const uint8_t *)b.p, b.len, 0600,
                                    err);
  free(b.p);
  return rc;
}

/* ---- fetch ---- */

static void flog(const contrast_fetcher *f, const char *fmt, ...)
    CONTRAST_PRINTF(2, 3);
static void flog(const contrast_fetcher *f, const char *fmt, ...) {
  if (f->http.log == NULL)
    return;
  char line[640];
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  f->http.log(f->http.log_arg, line);
}

/* The media type of a Content-Type value (before ';', blanks trimmed) is
 * one of types (case-insensitive). */
static int type_ok(const char *ct, const char *const *types) {
  size_t s = 0, e;
  while (ct[s] == ' ' || ct[s] == '\t')
    s++;
  e = s;
  while (ct[e] != '\0' && ct[e] != ';')
    e++;
  while (e > s && (ct[e - 1] == ' ' || ct[e - 1] == '\t'))
    e--;
  for (size_t i = 0; types[i] != NULL; i++)
    if (strlen(types[i]) == e - s && strncasecmp(ct + s, types[i], e - s) == 0)
      return 1;
  return 0;
}

int contrast_fetch(const contrast_fetcher *f, const char *url,
                   const char *const *content_types,
                   const char *const *keep_headers, contrast_expiry_fn expiry,
                   void *arg, contrast_http_response *out,
                   contrast_err *err) {
  memset(out, 0, sizeof *out);
  ENSURE(f != NULL && url != NULL, E_USAGE, "fetch: no fetcher or URL");
  ENSURE(!(f->cache.offline && f->cache.disabled), E_USAGE,
         "offline with the cache disabled: nothing can be fetched");
  int64_t now = f->clock != NULL ? f->clock() : contrast_time_now();
  lookup st = LOOKUP_ABSENT;
  if (!f->cache.disabled) {
    GUARD(cache_lookup(&f->cache, url, now, out, &st, err));
    if (st == LOOKUP_HIT) {
      flog(f, "cache hit: %s", url);
      return 0;
    }
    ENSURE(!f->cache.offline, E_FETCH, "%s: %s", url,
           st == LOOKUP_EXPIRED ? "cache entry expired (offline)"
                                : "not in the cache (offline)");
    flog(f, "cache %s: %s",
         st == LOOKUP_EXPIRED    ? "entry expired"
         : st == LOOKUP_UNUSABLE ? "entry unusable"
                                 : "miss",
         url);
  }
  GUARD(contrast_http_get(url, &f->http, out, err));
  const char *ct = contrast_http_header_get(out, "Content-Type");
  if (ct != NULL && content_types != NULL && !type_ok(ct, content_types)) {
    (void)contrast_err_set(err, CONTRAST_E_FETCH,
                           "GET %s: unexpected Content-Type '%.80s'", url, ct);
    contrast_http_response_wipe(out);
    return -1;
  }
  if (expiry == NULL)
    return 0;
  int64_t exp = 0;
  if (expiry(out, &exp, arg) != 0) {
    flog(f, "not cached: %s: its expiry cannot be read", url);
    return 0;
  }
  out->expires = exp;
  if (exp <= now) {
    char t[32];
    contrast_time_format(exp, t);
    flog(f, "not cached: %s: expired at %s", url, t);
    return 0;
  }
  if (f->cache.disabled)
    return 0;
  contrast_err perr;
  contrast_err_clear(&perr);
  if (contrast_cache_put(&f->cache, url, out, keep_headers, exp, &perr) != 0)
    flog(f, "cache write failed: %s: %s", url, perr.detail);
  return 0;
}

/* ---- expiry readers ---- */

int contrast_expiry_cert(const contrast_http_response *r, int64_t *expires,
                         void *arg) {
  (void)arg;
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  if (r == NULL || contrast_cert_parse(r->body, r->body_len, "certificate", &c,
                                       &e) != 0)
    return -1;
  int64_t nb, na;
  int rc = contrast_x509_validity(c.x509, &nb, &na, &e);
  contrast_cert_wipe(&c);
  if (rc != 0)
    return -1;
  *expires = na;
  return 0;
}

#define BUNDLE_MAX 8

int contrast_expiry_cert_bundle(const contrast_http_response *r,
                                int64_t *expires, void *arg) {
  (void)arg;
  contrast_cert c[BUNDLE_MAX];
  size_t n = 0;
  contrast_err e;
  contrast_err_clear(&e);
  if (r == NULL || contrast_cert_parse_pem_bundle(r->body, r->body_len,
                                                  "bundle", c, BUNDLE_MAX, &n,
                                                  &e) != 0)
    return -1;
  int rc = 0;
  int64_t min = INT64_MAX;
  for (size_t i = 0; i < n; i++) {
    int64_t nb, na;
    if (contrast_x509_validity(c[i].x509, &nb, &na, &e) != 0)
      rc = -1;
    else if (na < min)
      min = na;
  }
  for (size_t i = 0; i < n; i++)
    contrast_cert_wipe(&c[i]);
  if (rc != 0)
    return -1;
  *expires = min;
  return 0;
}

int contrast_expiry_crl(const contrast_http_response *r, int64_t *expires,
                        void *arg) {
  (void)arg;
  AUTO_CRL X509_CRL *crl = NULL;
  contrast_err e;
  contrast_err_clear(&e);
  if (r == NULL || contrast_crl_parse(r->body, r->body_len, "CRL", &crl, &e) != 0)
    return -1;
  const ASN1_TIME *nu = X509_CRL_get0_nextUpdate(crl);
  int64_t t;
  if (nu == NULL || contrast_asn1_time_epoch(nu, &t) != 0)
    return -1;
  *expires = t;
  return 0;
}
