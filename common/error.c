/* The error record: first error wins. */
#include "contrast/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {
#define NAME_OF(name, desc) #name,
    CONTRAST_CODES(NAME_OF)
#undef NAME_OF
};

static const char *const code_descs[] = {
#define DESC_OF(name, desc) desc,
    CONTRAST_CODES(DESC_OF)
#undef DESC_OF
};

void contrast_err_clear(contrast_err *err) {
  if (err == NULL)
    return;
  err->code = CONTRAST_OK;
  err->detail[0] = '\0';
}

int contrast_err_set(contrast_err *err, contrast_code code, const char *fmt,
                     ...) {
  if (err == NULL || err->code != CONTRAST_OK)
    return -1;
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
  va_end(ap);
  return -1;
}

const char *contrast_code_name(contrast_code code) {
  if ((unsigned)code >= (unsigned)CONTRAST_CODE_COUNT_)
    return "UNKNOWN";
  return code_names[code];
}

const char *contrast_code_describe(contrast_code code) {
  if ((unsigned)code >= (unsigned)CONTRAST_CODE_COUNT_)
    return "unknown code";
  return code_descs[code];
}

int contrast_code_is_reason(contrast_code code) {
  return code >= CONTRAST_MALFORMED && code <= CONTRAST_REPORT_DATA;
}

int contrast_code_from_name(const char *name, contrast_code *out) {
  if (name == NULL)
    return -1;
  for (int c = CONTRAST_MALFORMED; c <= CONTRAST_REPORT_DATA; c++) {
    if (strcmp(name, code_names[c]) == 0) {
      *out = (contrast_code)c;
      return 0;
    }
  }
  return -1;
}
