/* Small string helpers. */
#include <stdlib.h>
#include <string.h>

#include "contrast/util.h"

char *contrast_strdup_n(const char *p, size_t n) {
  if (n == SIZE_MAX)
    return NULL;
  char *s = malloc(n + 1);
  if (s != NULL) {
    memcpy(s, p, n);
    s[n] = '\0';
  }
  return s;
}
