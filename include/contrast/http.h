/* Endorsement fetching (DESIGN.md common/: "HTTP fetch with on-disk cache
 * (libcurl)"): a GET with bounded size, timeouts, TLS verification and
 * retries, and an on-disk cache keyed by URL. Used by the KDS client
 * (backends/snp/kds.c) and the PCS client (backends/tdx/pcs.c).
 *
 * Nothing fetched or read from the cache is trusted: the callers hand the
 * bytes to the verifier, which checks them as if they were fresh. */
#ifndef CONTRAST_HTTP_H
#define CONTRAST_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"

/* Defaults (used when the field of contrast_http_opts is 0). */
#define CONTRAST_HTTP_CONNECT_TIMEOUT_MS 10000L
#define CONTRAST_HTTP_TIMEOUT_MS 30000L       /* whole transfer, per attempt */
#define CONTRAST_HTTP_MAX_BODY (4u << 20)     /* 4 MiB */
#define CONTRAST_HTTP_MAX_ATTEMPTS 5u
#define CONTRAST_HTTP_BACKOFF_MS 500L         /* first wait, doubled per retry */
#define CONTRAST_HTTP_MAX_WAIT_MS 30000L      /* cap on one wait */
#define CONTRAST_HTTP_MAX_HEADERS 32
#define CONTRAST_HTTP_MAX_HEADER_BYTES 65536u /* all header lines together */

typedef struct contrast_http_opts {
  const char *ca_file; /* PEM CA bundle for https; NULL: the system store */
  long connect_timeout_ms;
  long timeout_ms;
  size_t max_body;
  unsigned max_attempts;
  long backoff_ms;
  long max_wait_ms; /* a Retry-After longer than this fails at once */
  /* Optional: told each retry ("GET URL: HTTP 503, retrying in 500 ms"),
   * each cache hit/miss and a failed cache write (the library never
   * prints itself). */
  void (*log)(void *arg, const char *line);
  void *log_arg;
} contrast_http_opts;

typedef struct contrast_http_header {
  char *name;  /* as received (compare case-insensitively) */
  char *value; /* leading/trailing blanks and CR LF removed */
} contrast_http_header;

typedef struct contrast_http_response {
  long status;    /* 200 for a success (also for a cache hit) */
  uint8_t *body;  /* owned; NUL-terminated one byte past body_len */
  size_t body_len;
  size_t n_headers; /* of the final response only */
  contrast_http_header headers[CONTRAST_HTTP_MAX_HEADERS];
  unsigned attempts; /* requests made; 0 when served from the cache */
  int from_cache;
  int64_t expires; /* cache entries: the expiry stored with them */
} contrast_http_response;

/* GET url (http:// or https:// only; https always verifies the peer and
 * the host name, against o->ca_file when given). Succeeds only on 200 with
 * a body of at most max_body bytes. 429, 5xx and transport failures
 * (connect error, timeout, a body shorter than its Content-Length) are
 * retried up to max_attempts in all, waiting backoff_ms, then doubling,
 * capped at max_wait_ms; a Retry-After header (delta-seconds or HTTP-date)
 * sets the wait instead, and one longer than max_wait_ms fails at once.
 * Any other status fails at once. o may be NULL (all defaults).
 * Errors: E_FETCH (the detail names the URL and the last status or curl
 * error and the attempts made), E_USAGE (not an http(s) URL), E_NOMEM. */
int contrast_http_get(const char *url, const contrast_http_opts *o,
                      contrast_http_response *out,
                      contrast_err *err) CONTRAST_WUR;

/* The value of the first header called name (case-insensitive), or NULL. */
const char *contrast_http_header_get(const contrast_http_response *r,
                                     const char *name);

/* Whether c is an RFC 9110 §5.6.2 tchar (a header field name character):
 * ASCII letters, digits and !#$%&'*+-.^_`|~ . */
int contrast_http_is_tchar(char c);

/* Free everything a response owns and zero it. NULL is fine. */
void contrast_http_response_wipe(contrast_http_response *r);

/* A Retry-After value: delta-seconds ("120") or an IMF-fixdate ("Wed, 21
 * Oct 2015 07:28:00 GMT", judged against now). *seconds >= 0 (a date in
 * the past gives 0). Returns -1 for anything else. */
int contrast_http_retry_after(const char *value, int64_t now,
                              int64_t *seconds) CONTRAST_WUR;

/* Percent-decoding of a URL-encoded header value (PCS issuer chains:
 * "%20" and friends; '+' is a space as Go's QueryUnescape has it). *out is
 * new, NUL-terminated past *len. Errors: E_FETCH for a bad escape ("%G1",
 * a truncated "%4"), E_NOMEM. */
int contrast_url_decode(const char *in, uint8_t **out, size_t *len,
                        contrast_err *err) CONTRAST_WUR;

/* ---- the cache ----
 * One file per URL: DIR/<sha256(url) hex>, written atomically (temp,
 * fsync, rename) with mode 0600; it records the URL, the time stored, the
 * item's own expiry (certificate notAfter, CRL nextUpdate, collateral
 * nextUpdate: the caller says which) and the response headers the caller
 * needs later (issuer chains), then the body. An entry is served until its
 * expiry; an unreadable or inconsistent entry, or one for another URL, is
 * a miss (and is replaced on the next put). */
typedef struct contrast_cache {
  char dir[4096];
  int offline; /* serve only from the cache; a miss is an error */
  int disabled; /* neither read nor write the cache */
} contrast_cache;

/* dir NULL: $CONTRAST_CACHE_DIR, else $XDG_CACHE_HOME/contrast, else
 * $HOME/.cache/contrast. The directory is created (0700) on the first put.
 * Errors: E_USAGE (no directory can be named, offline with disabled). */
int contrast_cache_init(contrast_cache *c, const char *dir, int offline,
                        contrast_err *err) CONTRAST_WUR;

/* The entry file of url: DIR/<64 hex>. Errors: E_USAGE (too long). */
int contrast_cache_path(const contrast_cache *c, const char *url, char *out,
                        size_t cap, contrast_err *err) CONTRAST_WUR;

/* Look url up at wall-clock time now. Returns 1 on a hit (out filled,
 * from_cache set), 0 on a miss, -1 on an operational error (E_NOMEM). */
int contrast_cache_get(const contrast_cache *c, const char *url, int64_t now,
                       contrast_http_response *out,
                       contrast_err *err) CONTRAST_WUR;

/* Store r (status 200) for url until expires, keeping the headers named in
 * keep_headers (NULL-terminated list, may be NULL). Errors: E_IO. */
int contrast_cache_put(const contrast_cache *c, const char *url,
                       const contrast_http_response *r,
                       const char *const *keep_headers, int64_t expires,
                       contrast_err *err) CONTRAST_WUR;

/* Parse an entry file's bytes (exposed for tests and fuzzing): the URL
 * must equal url (NULL: any). Errors: E_UNUSABLE for anything malformed,
 * E_NOMEM. */
int contrast_cache_entry_parse(const uint8_t *buf, size_t len, const char *url,
                               contrast_http_response *out,
                               contrast_err *err) CONTRAST_WUR;

/* ---- fetch = cache + http ---- */

/* The item's own expiry from its bytes (cert notAfter, CRL nextUpdate,
 * collateral nextUpdate). Return -1 when it cannot be read: the response
 * is then returned but not cached (the verifier will reject it). */
typedef int (*contrast_expiry_fn)(const contrast_http_response *r,
                                  int64_t *expires, void *arg);

typedef struct contrast_fetcher {
  contrast_http_opts http;
  contrast_cache cache;
  int64_t (*clock)(void); /* wall clock for cache freshness; NULL: time() */
} contrast_fetcher;

/* url from a fresh cache entry, else (unless offline) by
 * contrast_http_get, then cached until expiry_fn's answer when that is
 * still in the future. content_types: the acceptable media types
 * (NULL-terminated, compared case-insensitively without parameters); a
 * response whose Content-Type is another one fails at once (E_FETCH); a
 * response without Content-Type is accepted. keep_headers: as for
 * contrast_cache_put. A failing cache write goes to http.log and the
 * response is still returned. Errors: E_FETCH (also "not in the cache" when
 * offline), E_NOMEM. */
int contrast_fetch(const contrast_fetcher *f, const char *url,
                   const char *const *content_types,
                   const char *const *keep_headers, contrast_expiry_fn expiry,
                   void *arg, contrast_http_response *out,
                   contrast_err *err) CONTRAST_WUR;

/* Expiry readers for contrast_fetch: a certificate (DER or PEM) -> its
 * notAfter; a PEM bundle -> the earliest notAfter; a CRL (DER or PEM) ->
 * its nextUpdate. arg unused. */
int contrast_expiry_cert(const contrast_http_response *r, int64_t *expires,
                         void *arg);
int contrast_expiry_cert_bundle(const contrast_http_response *r,
                                int64_t *expires, void *arg);
int contrast_expiry_crl(const contrast_http_response *r, int64_t *expires,
                        void *arg);

#endif
