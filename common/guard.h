/* Guard macros of the error model (STYLE.md). Internal to the tree.
 *
 * They assume a `contrast_err *err` in scope and a function returning int
 * (0 ok / -1 failure). Objects that need freeing use the AUTO_* cleanup
 * helpers of autofree.h so that an early return cannot leak. */
#ifndef CONTRAST_GUARD_H
#define CONTRAST_GUARD_H

#include "contrast/error.h"

/* Fail with code unless cond holds. */
#define ENSURE(cond, code, ...)                                               \
  do {                                                                        \
    if (!(cond))                                                              \
      return contrast_err_set(err, CONTRAST_##code, __VA_ARGS__);             \
  } while (0)

/* Propagate the failure of a call that already recorded its error. */
#define GUARD(call)                                                           \
  do {                                                                        \
    if ((call) != 0)                                                          \
      return -1;                                                              \
  } while (0)

/* Fail with code unconditionally. */
#define BAIL(code, ...)                                                       \
  do {                                                                        \
    return contrast_err_set(err, CONTRAST_##code, __VA_ARGS__);               \
  } while (0)

/* Allocation check. */
#define ENSURE_ALLOC(p) ENSURE((p) != NULL, E_NOMEM, "out of memory")

#define CONTRAST_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
