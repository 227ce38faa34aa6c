/* An in-process loopback HTTP(S) server for the fetch suites (test_http,
 * test_cache, test_kds, test_pcs): a thread that accepts one request per
 * connection, records its target and arrival time, asks a handler for the
 * raw bytes to answer (status line, headers and body exactly as the test
 * wants them, also broken ones), sends them and closes the connection.
 *
 * With TLS the server presents a fresh self-signed P-256 certificate for
 * "localhost" and 127.0.0.1, whose PEM is written to a file for the
 * client's ca_file. Failures to set the server up abort the test binary
 * (they are bugs in the test). */
#ifndef CONTRAST_TESTSERVER_H
#define CONTRAST_TESTSERVER_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/http.h"

/* A growable byte buffer for replies. */
typedef struct ts_buf {
  char *p;
  size_t len, cap;
} ts_buf;

void ts_buf_put(ts_buf *b, const void *d, size_t n);
void ts_buf_printf(ts_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append a whole response: status line, Content-Type (when ct != NULL),
 * Content-Length, Connection: close, the extra header lines (each ending in
 * "\r\n", may be NULL), a blank line and the body. */
void ts_respond(ts_buf *b, int status, const char *ct, const char *extra,
                const void *body, size_t body_len);

/* index: the request's number (0-based); target: "/path?query". */
typedef void (*ts_handler)(void *arg, unsigned index, const char *target,
                           ts_buf *reply);

typedef struct test_server test_server;

/* Start on 127.0.0.1 (port chosen by the kernel). ca_file_out: NULL for
 * plain http; else TLS, and the server's certificate is written there. */
test_server *ts_start(ts_handler h, void *arg, const char *ca_file_out);
/* A server that answers request i with replies[min(i, n-1)] (raw bytes,
 * NUL-terminated strings). */
test_server *ts_start_script(const char *const *replies, size_t n);
void ts_stop(test_server *s);

/* "http://127.0.0.1:PORT" or "https://localhost:PORT" */
const char *ts_base(const test_server *s);
unsigned ts_count(test_server *s);
/* The target of request i (copied into out) and its arrival time in ms
 * (CLOCK_MONOTONIC). */
void ts_request(test_server *s, unsigned i, char *out, size_t cap);
int64_t ts_time_ms(test_server *s, unsigned i);

/* CUnit assertion: request i had target want (both printed when not). */
void ts_assert_target(test_server *s, unsigned i, const char *want);

/* A fetcher for the client suites: its cache in cache_dir (NULL: the
 * cache disabled), the wall clock now, and fast retries (waits of 1 ms, at
 * most 10 ms, 2 attempts). Asserts (fatal) that the cache initialises. */
void ts_fetcher_init(contrast_fetcher *f, const char *cache_dir,
                     int64_t (*now)(void));

#endif
