/* Shared helpers of the CUnit suites. */
#ifndef CONTRAST_TESTSUPPORT_H
#define CONTRAST_TESTSUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include <CUnit/CUnit.h>

#include "contrast/error.h"

/* Run one suite (one per source file, STYLE.md) and return the process exit
 * status: 0 when every test passed. tests is NULL-terminated. */
typedef struct test_case {
  const char *name;
  void (*fn)(void);
} test_case;

int test_run_suite(const char *suite, const test_case *tests);

/* Read a file below the source tree (e.g. "vectors/real/snp/x/report.bin");
 * aborts the test binary on failure (test data must exist). Caller frees. */
uint8_t *test_read_file(const char *rel_path, size_t *len);

/* Make a fresh directory $TMPDIR/contrast-<tag>-XXXXXX ($TMPDIR unset or
 * empty: /tmp), its path in out (cap bytes). Returns 0, or -1 (errno set,
 * the path did not fit or mkdtemp failed). */
int test_tmpdir(char *out, size_t cap, const char *tag);

/* Remove dir and everything below it, best effort (links are removed, not
 * followed). */
void test_rmtree(const char *dir);

/* The number of entries of dir besides "." and "..", or -1 when it cannot
 * be opened. */
int test_count_entries(const char *dir);

/* 1 when the exhaustive sweeps should be skipped (valgrind leg). */
int test_skip_sweeps(void);

/* Assert that err holds exactly `code`. */
#define ASSERT_CODE(err, want)                                                \
  do {                                                                        \
    if ((err).code != (want))                                                 \
      fprintf(stderr, "  expected %s, got %s: %s\n",                          \
              contrast_code_name(want), contrast_code_name((err).code),       \
              (err).detail);                                                  \
    CU_ASSERT_EQUAL((err).code, (want));                                      \
  } while (0)

#endif
