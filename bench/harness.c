/* Benchmark harness: see harness.h. */
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

extern char **environ;

void die(const char *what, const contrast_err *err) {
  fprintf(stderr, "%s: %s", g_bench_name, what);
  if (err != NULL)
    fprintf(stderr, ": %s: %s", contrast_code_name(err->code), err->detail);
  fputc('\n', stderr);
  exit(2);
}

void need(int ok, const char *what) {
  if (!ok)
    die(what, NULL);
}

double mono_s(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Every operation is registered first, then all are timed interleaved:
 * ROUNDS rounds, each running every operation for g_round_s seconds in
 * turn; an operation's fastest round counts. On a shared machine a burst of
 * load then slows one round of every operation alike instead of every round
 * of the few operations measured during it, so the ratios printed (taken in
 * the same run) stay meaningful. */
#define MAX_OPS 40
double g_round_s = 0.05;
const char *g_bench_name = "bench";


typedef struct bench_op {
  op_fn fn;
  void *arg;
  double best_us;
} bench_op;

static bench_op g_ops[MAX_OPS];
static int g_n_ops;

int add_op(op_fn fn, void *arg) {
  need(g_n_ops < MAX_OPS, "too many operations");
  g_ops[g_n_ops] = (bench_op){.fn = fn, .arg = arg, .best_us = INFINITY};
  return g_n_ops++;
}

/* One round of one operation: microseconds per call. */
static double round_us(op_fn fn, void *arg) {
  size_t n = 0, batch = 1;
  fn(arg); /* warm-up: caches, lazy initialisation */
  double t0 = mono_s(), el;
  do {
    for (size_t i = 0; i < batch; i++)
      fn(arg);
    n += batch;
    el = mono_s() - t0;
    if (el < g_round_s / 16 && batch < 4096)
      batch *= 2;
  } while (el < g_round_s);
  return el * 1e6 / (double)n;
}

void run_all(void) {
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < g_n_ops; i++) {
      double us = round_us(g_ops[i].fn, g_ops[i].arg);
      if (us < g_ops[i].best_us)
        g_ops[i].best_us = us;
    }
  }
}

double result(int id) { return g_ops[id].best_us; }

void row(const char *name, double us) {
  printf("  %-54s %10.2f %11.0f\n", name, us, 1e6 / us);
}

void section(const char *name) { printf("\n%s\n", name); }

const char *verdict(double ratio, double target) {
  return ratio >= target ? "PASS" : "MISS";
}


static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One run of argv with stdout and stderr to /dev/null: wall ms, or -1 if it
 * did not exit 0. */
static double run_once(char *const argv[],
                       const posix_spawn_file_actions_t *fa) {
  pid_t pid;
  int status = 0;
  double t0 = mono_s();
  if (posix_spawn(&pid, argv[0], fa, NULL, argv, environ) != 0 ||
      waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0)
    return -1;
  return (mono_s() - t0) * 1e3;
}

static void median_min(double *ms, int n, double *median, double *min) {
  qsort(ms, (size_t)n, sizeof *ms, cmp_double);
  *median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  *min = ms[0];
}

/* Run a and b N times each, alternating; median and min wall ms of each.
 * Returns -1 if a run did not exit 0. */
int time_processes(char *const a[], char *const b[], int n,
                          double *a_med, double *a_min, double *b_med,
                          double *b_min) {
  double *ms = calloc(2 * (size_t)n, sizeof *ms);
  need(ms != NULL, "out of memory");
  posix_spawn_file_actions_t fa;
  need(posix_spawn_file_actions_init(&fa) == 0 &&
           posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) ==
               0 &&
           posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) ==
               0,
       "posix_spawn_file_actions");
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    ms[i] = run_once(a, &fa);
    ms[n + i] = run_once(b, &fa);
    if (ms[i] < 0 || ms[n + i] < 0)
      rc = -1;
  }
  (void)posix_spawn_file_actions_destroy(&fa);
  if (rc == 0) {
    median_min(ms, n, a_med, a_min);
    median_min(ms + n, n, b_med, b_min);
  }
  free(ms);
  return rc;
}

char *default_contrast_path(void) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return NULL;
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (slash == NULL)
    return NULL;
  *slash = '\0'; /* .../bench */
  slash = strrchr(self, '/');
  if (slash == NULL)
    return NULL;
  *slash = '\0'; /* build dir */
  size_t len = strlen(self) + sizeof "/cli/contrast";
  char *p = malloc(len);
  if (p != NULL)
    (void)snprintf(p, len, "%s/cli/contrast", self);
  return p;
}

void cpu_model(char *out, size_t cap) {
  (void)snprintf(out, cap, "unknown CPU");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (f == NULL)
    return;
  char line[256];
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, "model name", 10) == 0) {
      const char *c = strchr(line, ':');
      if (c != NULL) {
        c += strspn(c + 1, " ") + 1;
        (void)snprintf(out, cap, "%.*s", (int)strcspn(c, "\n"), c);
      }
      break;
    }
  }
  (void)fclose(f);
}


int bench_parse_args(int argc, char **argv, const char *source_dir,
                     const char *default_case, bench_args *a) {
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0) {
      a->quick = 1;
    } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      /* seconds per operation, all rounds together */
      g_round_s = strtod(argv[++i], NULL) / ROUNDS;
      need(g_round_s > 0, "--seconds must be positive");
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "usage: %s [--quick] [--seconds S] "
                      "[CONTRAST_BINARY [CASE_DIR]]\n",
              g_bench_name);
      return 2;
    } else if (a->contrast_bin == NULL) {
      a->contrast_bin = argv[i];
    } else if (a->case_dir == NULL) {
      a->case_dir = argv[i];
    } else {
      fprintf(stderr, "%s: too many arguments\n", g_bench_name);
      return 2;
    }
  }
  if (a->quick)
    g_round_s = 0.004;
  if (a->contrast_bin == NULL)
    a->contrast_bin = a->contrast_default = default_contrast_path();
  if (a->case_dir == NULL) {
    (void)snprintf(a->case_default, sizeof a->case_default, "%s/%s",
                   source_dir, default_case);
    a->case_dir = a->case_default;
  }
  return 0;
}

void bench_args_free(bench_args *a) {
  free(a->contrast_default);
  a->contrast_default = NULL;
}
