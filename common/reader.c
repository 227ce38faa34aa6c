/* Bounded reader: see contrast/reader.h. */
#include "contrast/reader.h"

#include <string.h>

#include "guard.h"

void reader_init(contrast_reader *r, const uint8_t *buf, size_t len,
                 const char *what) {
  r->buf = buf;
  r->len = buf != NULL ? len : 0;
  r->off = 0;
  r->what = what != NULL ? what : "input";
}

size_t reader_remaining(const contrast_reader *r) { return r->len - r->off; }

static int need(const contrast_reader *r, const char *field, size_t n,
                contrast_err *err) {
  /* r->off <= r->len always holds, so len - off cannot wrap. */
  if (n > r->len - r->off)
    return contrast_err_set(err, CONTRAST_MALFORMED,
                            "%s: truncated at %s (offset 0x%03zx): need %zu "
                            "bytes, %zu remain",
                            r->what, field, r->off, n, r->len - r->off);
  return 0;
}

int read_view(contrast_reader *r, const char *field, size_t n,
              const uint8_t **out, contrast_err *err) {
  GUARD(need(r, field, n, err));
  *out = r->buf + r->off;
  r->off += n;
  return 0;
}

int read_bytes(contrast_reader *r, const char *field, size_t n, uint8_t *out,
               contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, n, &p, err));
  if (n > 0)
    memcpy(out, p, n);
  return 0;
}

static uint64_t load_le(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i > 0; i--)
    v = (v << 8) | p[i - 1];
  return v;
}

static uint64_t load_be(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

int read_u8(contrast_reader *r, const char *field, uint8_t *out,
            contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, 1, &p, err));
  *out = p[0];
  return 0;
}

int read_u16le(contrast_reader *r, const char *field, uint16_t *out,
               contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, 2, &p, err));
  *out = (uint16_t)load_le(p, 2);
  return 0;
}

int read_u32le(contrast_reader *r, const char *field, uint32_t *out,
               contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, 4, &p, err));
  *out = (uint32_t)load_le(p, 4);
  return 0;
}

int read_u64le(contrast_reader *r, const char *field, uint64_t *out,
               contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, 8, &p, err));
  *out = load_le(p, 8);
  return 0;
}

int read_u16be(contrast_reader *r, const char *field, uint16_t *out,
               contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, 2, &p, err));
  *out = (uint16_t)load_be(p, 2);
  return 0;
}

int read_u32be(contrast_reader *r, const char *field, uint32_t *out,
               contrast_err *err) {
  const uint8_t *p = NULL;
  GUARD(read_view(r, field, 4, &p, err));
  *out = (uint32_t)load_be(p, 4);
  return 0;
}

int read_skip(contrast_reader *r, const char *field, size_t n,
              contrast_err *err) {
  const uint8_t *p = NULL;
  return read_view(r, field, n, &p, err);
}

int read_skip_zero(contrast_reader *r, const char *field, size_t n,
                   contrast_err *err) {
  GUARD(need(r, field, n, err));
  const uint8_t *p = r->buf + r->off;
  for (size_t i = 0; i < n; i++) {
    if (p[i] != 0)
      return contrast_err_set(err, CONTRAST_MALFORMED,
                              "%s: %s (offset 0x%03zx) must be zero, byte at "
                              "0x%03zx is 0x%02x",
                              r->what, field, r->off, r->off + i, p[i]);
  }
  r->off += n;
  return 0;
}

int read_expect_end(const contrast_reader *r, contrast_err *err) {
  if (r->off != r->len)
    return contrast_err_set(err, CONTRAST_MALFORMED,
                            "%s: %zu unexpected trailing bytes at offset "
                            "0x%03zx",
                            r->what, r->len - r->off, r->off);
  return 0;
}
