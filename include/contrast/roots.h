/* The real vendor roots, embedded at build time from trust/ (see
 * trust/SOURCES.md). The simulator's roots are never among them. */
#ifndef CONTRAST_ROOTS_H
#define CONTRAST_ROOTS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct contrast_root_file {
  const char *path; /* relative, e.g. "amd/milan/ark.pem" */
  const uint8_t *data;
  size_t len;
} contrast_root_file;

/* The embedded file at path, or NULL. */
const contrast_root_file *contrast_builtin_root(const char *path);

#endif
