/* Bounded byte reader for untrusted wire data (STYLE.md "Parsing").
 *
 * Every read checks `n > len - off` (cannot overflow) before touching the
 * buffer; a failed read moves nothing and records CONTRAST_MALFORMED with
 * the structure name, the field name and the offset. The reader borrows
 * the buffer; it never allocates. */
#ifndef CONTRAST_READER_H
#define CONTRAST_READER_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/error.h"

typedef struct contrast_reader {
  const uint8_t *buf; /* borrowed */
  size_t len;
  size_t off;
  const char *what; /* structure name for error messages, e.g. "report" */
} contrast_reader;

void reader_init(contrast_reader *r, const uint8_t *buf, size_t len,
                 const char *what);

/* Bytes left to read. */
size_t reader_remaining(const contrast_reader *r);

int read_u8(contrast_reader *r, const char *field, uint8_t *out,
            contrast_err *err) CONTRAST_WUR;
int read_u16le(contrast_reader *r, const char *field, uint16_t *out,
               contrast_err *err) CONTRAST_WUR;
int read_u32le(contrast_reader *r, const char *field, uint32_t *out,
               contrast_err *err) CONTRAST_WUR;
int read_u64le(contrast_reader *r, const char *field, uint64_t *out,
               contrast_err *err) CONTRAST_WUR;
int read_u16be(contrast_reader *r, const char *field, uint16_t *out,
               contrast_err *err) CONTRAST_WUR;
int read_u32be(contrast_reader *r, const char *field, uint32_t *out,
               contrast_err *err) CONTRAST_WUR;
/* Copy n bytes into out (caller storage of at least n bytes). */
int read_bytes(contrast_reader *r, const char *field, size_t n, uint8_t *out,
               contrast_err *err) CONTRAST_WUR;
/* Borrow a view of the next n bytes (no copy). */
int read_view(contrast_reader *r, const char *field, size_t n,
              const uint8_t **out, contrast_err *err) CONTRAST_WUR;
/* Skip n bytes that must all be zero (reserved / must-be-zero fields). */
int read_skip_zero(contrast_reader *r, const char *field, size_t n,
                   contrast_err *err) CONTRAST_WUR;
/* Skip n bytes whatever they hold. */
int read_skip(contrast_reader *r, const char *field, size_t n,
              contrast_err *err) CONTRAST_WUR;
/* Fail unless every byte was consumed. */
int read_expect_end(const contrast_reader *r, contrast_err *err) CONTRAST_WUR;

#endif
