/* Benchmark harness shared by bench_snp and bench_tdx: operations are
 * registered, then timed interleaved (ROUNDS rounds, best round counts), so
 * a burst of load on a shared machine slows every operation alike and the
 * ratios printed from one run stay meaningful; plus whole-process timing. */
#ifndef CONTRAST_BENCH_HARNESS_H
#define CONTRAST_BENCH_HARNESS_H

#include "contrast/error.h"

#define ROUNDS 25

extern double g_round_s;       /* seconds per operation and round */
extern const char *g_bench_name; /* for messages */

typedef void (*op_fn)(void *arg);

__attribute__((noreturn)) void die(const char *what, const contrast_err *err);
void need(int ok, const char *what);
double mono_s(void);
/* Register an operation; returns its id for result(). */
int add_op(op_fn fn, void *arg);
/* Time every registered operation. */
void run_all(void);
/* Best microseconds per call of operation id. */
double result(int id);
void row(const char *name, double us);
void section(const char *name);
const char *verdict(double ratio, double target);
/* Run argv a and b n times each, alternating (stdout/stderr to /dev/null);
 * median and min wall milliseconds of each. -1 if a run did not exit 0. */
int time_processes(char *const a[], char *const b[], int n, double *a_med,
                   double *a_min, double *b_med, double *b_min);
/* ../cli/contrast next to this binary's folder (caller frees), or NULL. */
char *default_contrast_path(void);
void cpu_model(char *out, size_t cap);

/* The command line every benchmark takes:
 *   [--quick] [--seconds S] [CONTRAST_BINARY [CASE_DIR]]
 * --seconds sets g_round_s, --quick a smoke run; CONTRAST_BINARY defaults to
 * default_contrast_path(), CASE_DIR to source_dir/default_case. */
typedef struct bench_args {
  int quick;
  const char *contrast_bin;
  const char *case_dir;
  char *contrast_default; /* owned */
  char case_default[4096];
} bench_args;

/* 0 when the arguments are good; else the exit status (2, usage printed). */
int bench_parse_args(int argc, char **argv, const char *source_dir,
                     const char *default_case, bench_args *a);
void bench_args_free(bench_args *a);

#endif
