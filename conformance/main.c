/* contrast-conformance: any verifier command x every case -> one line per
 * case and "N passed, N failed". The contract is spec/CASES.md ("case.json"
 * and "The verifier adapter"); --help says everything a user needs. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

#define EXIT_ALL_PASSED 0
#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130

#define DEFAULT_CASES "vectors"
#define DEFAULT_TIMEOUT_S 30.0
#define TIMEOUT_MAX_S 86400.0
#define JOBS_MAX 256
#define COLUMN_MAX 64

/* In parts: ISO C caps a string literal at 4095 characters. One source
 * line per output line. */
static const char *const USAGE[] = {
    "usage: contrast-conformance --verifier 'CMD ARGS' [--cases DIR]...\n"
    "         [--junit FILE] [--faketime] [--timeout S] [--jobs N]\n"
    "         [--tee snp|tdx] [--strict]\n"
    "\n"
    "Runs a verifier on every case and checks its answer against the case's\n"
    "expect (the case format and the adapter protocol: spec/CASES.md; the\n"
    "README section \"Checking your verifier\").\n"
    "\n"
    "Options:\n"
    "  --verifier 'CMD ARGS'\n"
    "                 the verifier command; the case directory is appended\n"
    "                 as its last argument. Run without a shell\n"
    "                 (posix_spawnp; CMD is searched in PATH when it has\n"
    "                 no slash), split into words by these rules: blanks\n"
    "                 (space, tab, newline) separate words; '...' is taken\n"
    "                 literally; inside \"...\" a backslash escapes only \"\n"
    "                 and \\; outside quotes a backslash makes the next\n"
    "                 character literal; nothing else is special ($, *, ~,\n"
    "                 |, > and ; are plain characters). An unterminated\n"
    "                 quote is an error.\n"
    "  --cases DIR    a case (a directory holding case.json) or a folder\n"
    "                 searched recursively for cases (names starting with\n"
    "                 '.' are skipped). Repeatable; default: vectors\n"
    "                 (relative to the current directory). Cases run\n"
    "                 sorted by name; two cases of one name are an error.\n"
    "  --junit FILE   also write a JUnit XML report to FILE: one testsuite,\n"
    "                 one testcase per case (classname = tee, name = case\n"
    "                 name) with a failure (expected, got, why, the\n"
    "                 verifier's stderr tail) or a skipped element.\n",
    "  --faketime     run the verifier under libfaketime, its clock frozen\n"
    "                 at the case's now, for verifiers that cannot be\n"
    "                 given a time: LD_PRELOAD=libfaketime.so.1 (before\n"
    "                 any LD_PRELOAD already set), FAKETIME=\"YYYY-MM-DD\n"
    "                 HH:MM:SS\" (an absolute FAKETIME: the clock stands\n"
    "                 still, so a check at a validity boundary sees\n"
    "                 exactly now however long the verifier runs),\n"
    "                 FAKETIME_DONT_FAKE_MONOTONIC=1 (timers and sleeps\n"
    "                 keep working) and TZ=UTC0 (libfaketime reads\n"
    "                 FAKETIME in local time). The library is\n"
    "                 $CONTRAST_LIBFAKETIME if set, else the first of\n"
    "                 /usr/lib/<multiarch>/faketime/libfaketime.so.1,\n"
    "                 /usr/lib*/faketime/libfaketime.so.1 and\n"
    "                 /usr/local/lib*/faketime/libfaketime.so.1; none is\n"
    "                 an error (Debian: apt-get install libfaketime).\n"
    "                 Statically linked verifiers and those that read the\n"
    "                 clock without libc (Go) do not see the fake time.\n"
    "  --timeout S    seconds a verifier may take per case (default 30,\n"
    "                 decimals allowed, at most 86400). At the deadline\n"
    "                 its whole process group is killed and the case\n"
    "                 fails.\n"
    "  --jobs N       run N cases at a time (default 1, at most 256); the\n"
    "                 output keeps the sorted order.\n"
    "  --tee snp|tdx  run only the cases of that TEE; the others are\n"
    "                 skipped.\n"
    "  --strict       also require what spec/CASES.md asks of contrast's\n"
    "                 own verifier: the keys claims (an object),\n"
    "                 advisory_ids (an array of strings) and detail (a\n"
    "                 string), and for SNP the claims report_data,\n"
    "                 measurement and host_data as 128, 96 and 64\n"
    "                 lowercase hex digits (on accept, and on reject when\n"
    "                 claims is not empty).\n"
    "  -h, --help     this text.\n",
    "The verifier runs in the runner's directory and environment, with stdin\n"
    "from /dev/null, in a process group of its own; whatever it leaves\n"
    "running in that group when it exits is killed.\n"
    "\n"
    "A case passes when the verifier exits 0 (accept) or 1 (reject) and\n"
    "prints one JSON object on stdout whose verdict, reason and (where\n"
    "the case's expect has the key, null included) tcb_status equal the\n"
    "case's expect. The exit status must agree with the verdict, reason\n"
    "must be null on accept and a code on reject, and tcb_status null\n"
    "for SNP. A case fails, with the reason said, when the verifier\n"
    "cannot be started, crashes (\"crashed: signal 11 (SIGSEGV)\"), runs\n"
    "past the timeout, writes more than 4 MiB on stdout (\"output too\n"
    "large\"), exits 2 (\"verifier could not use the case\") or any status\n"
    "but 0 and 1, or prints invalid JSON or an object without verdict,\n"
    "reason and tcb_status. The last line of the verifier's stderr is\n"
    "quoted when it gave no answer. A case whose case.json the runner\n"
    "itself cannot read or understand fails as a \"bad case\" without\n"
    "running the verifier; it is never skipped.\n"
    "\n"
    "Output: one line per case, in name order,\n"
    "  PASS|FAIL|SKIP  NAME  expected EXPECTED  got GOT  (WHY)\n"
    "where EXPECTED and GOT read \"accept\" or \"reject REASON\", followed by\n"
    "\" tcb=STATUS\" when there is a TDX status; GOT is \"-\" when there is\n"
    "no answer, and (WHY) is there on FAIL and SKIP only. The last line\n"
    "is exactly \"N passed, N failed\", with \", N skipped\" when any were.\n"
    "\n"
    "Exit status: 0 no case failed, 1 some case failed, 2 bad usage or the\n"
    "runner could not work (no cases, duplicate names, no libfaketime, the\n"
    "JUnit file not writable), 130 interrupted.\n",
    NULL};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig) {
  (void)sig;
  stop_flag = 1;
}

typedef struct options {
  const char *verifier;
  const char **cases;
  size_t n_cases;
  const char *junit;
  int faketime;
  double timeout_s;
  long jobs;
  const char *tee;
  int strict;
} options;

/* ---- the environment of the verifier ---- */

static int readable(const char *path) { return access(path, R_OK) == 0; }

/* libfaketime.so.1, looked for where distributions install it; NULL with
 * the reason printed when there is none. */
static char *find_libfaketime(void) {
  const char *env = getenv("CONTRAST_LIBFAKETIME");
  if (env != NULL && *env != '\0') {
    if (readable(env))
      return strdup(env);
    fprintf(stderr, CONF_PROG ": --faketime: CONTRAST_LIBFAKETIME=%s: %s\n",
            env, strerror(errno));
    return NULL;
  }
  static const char *const exact[] = {
#if defined(__x86_64__)
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
#elif defined(__aarch64__)
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
#endif
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/lib64/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
  };
  for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
    if (readable(exact[i]))
      return strdup(exact[i]);
  static const char *const patterns[] = {
      "/usr/lib/*/faketime/libfaketime.so.1",
      "/usr/local/lib*/faketime/libfaketime.so.1",
      "/usr/local/lib/*/faketime/libfaketime.so.1"};
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    glob_t g;
    char *found = NULL;
    if (glob(patterns[i], 0, NULL, &g) == 0) {
      for (size_t k = 0; k < g.gl_pathc && found == NULL; k++)
        if (readable(g.gl_pathv[k]))
          found = strdup(g.gl_pathv[k]);
    }
    globfree(&g);
    if (found != NULL)
      return found;
  }
  fputs(CONF_PROG ": --faketime: libfaketime.so.1 not found in "
                  "/usr/lib/*/faketime/, /usr/lib*/faketime/ or "
                  "/usr/local/lib*/faketime/ (Debian: apt-get install "
                  "libfaketime; or set CONTRAST_LIBFAKETIME=PATH)\n",
        stderr);
  return NULL;
}

static int starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The runner's environment, minus what --faketime sets; the old
 * LD_PRELOAD is kept in *old_preload (borrowed from environ). */
static char **base_env(int faketime, const char **old_preload) {
  size_t n = 0;
  while (environ[n] != NULL)
    n++;
  char **env = calloc(n + 5, sizeof *env);
  if (env == NULL)
    return NULL;
  size_t k = 0;
  *old_preload = NULL;
  for (size_t i = 0; i < n; i++) {
    char *e = environ[i];
    if (faketime && starts_with(e, "LD_PRELOAD=")) {
      *old_preload = e + strlen("LD_PRELOAD=");
      continue;
    }
    if (faketime && (starts_with(e, "FAKETIME") || starts_with(e, "TZ=")))
      continue;
    env[k++] = e;
  }
  return env;
}

/* ---- running the cases ---- */

typedef struct context {
  const options *opt;
  conf_case_list *cases;
  char **argv; /* the verifier's words, one NULL slot for the case dir */
  size_t argc;
  char **env; /* base environment, 4 free slots at env_n */
  size_t env_n;
  char *preload; /* "LD_PRELOAD=..." under --faketime */
  pthread_mutex_t lock;
  pthread_cond_t done_cv;
  unsigned char *done; /* per case, under lock */
  size_t next;         /* next case to take, under lock */
  int runner_failed;   /* under lock */
} context;

static void finish(context *x, size_t i) {
  (void)pthread_mutex_lock(&x->lock);
  x->done[i] = 1;
  (void)pthread_cond_broadcast(&x->done_cv);
  (void)pthread_mutex_unlock(&x->lock);
}

static void fail_case(conf_case *c, const char *why) {
  c->status = CONF_FAIL;
  (void)snprintf(c->got, sizeof c->got, "-");
  (void)snprintf(c->why, sizeof c->why, "%s", why);
}

static void run_case(context *x, conf_case *c) {
  char **argv = calloc(x->argc + 2, sizeof *argv);
  char **env = calloc(x->env_n + 5, sizeof *env);
  if (argv == NULL || env == NULL) {
    free(argv);
    free(env);
    fail_case(c, "runner: out of memory");
    (void)pthread_mutex_lock(&x->lock);
    x->runner_failed = 1;
    (void)pthread_mutex_unlock(&x->lock);
    return;
  }
  memcpy(argv, x->argv, x->argc * sizeof *argv);
  argv[x->argc] = c->dir;
  memcpy(env, x->env, x->env_n * sizeof *env);
  /* FAKETIME="YYYY-MM-DD HH:MM:SS" from now = "YYYY-MM-DDTHH:MM:SSZ". */
  char faketime[64], tz[] = "TZ=UTC0",
                     mono[] = "FAKETIME_DONT_FAKE_MONOTONIC=1";
  if (x->opt->faketime) {
    (void)snprintf(faketime, sizeof faketime, "FAKETIME=%.10s %.8s", c->now,
                   c->now + 11);
    size_t k = x->env_n;
    env[k++] = x->preload;
    env[k++] = faketime;
    env[k++] = mono;
    env[k++] = tz;
  }
  conf_run_result r;
  char err[256];
  if (conf_run(argv, env, x->opt->timeout_s, &stop_flag, &r, err, sizeof err) !=
      0) {
    char why[300];
    (void)snprintf(why, sizeof why, "runner: %s", err);
    fail_case(c, why);
    (void)pthread_mutex_lock(&x->lock);
    x->runner_failed = 1;
    (void)pthread_mutex_unlock(&x->lock);
  } else {
    conf_judge(c, &r, x->opt->strict, x->opt->timeout_s);
    conf_run_result_free(&r);
  }
  free(argv);
  free(env);
}

static void *worker(void *arg) {
  context *x = arg;
  for (;;) {
    (void)pthread_mutex_lock(&x->lock);
    while (x->next < x->cases->n && x->done[x->next])
      x->next++;
    size_t i = x->next;
    if (i < x->cases->n)
      x->next++;
    (void)pthread_mutex_unlock(&x->lock);
    if (i >= x->cases->n)
      return NULL;
    conf_case *c = &x->cases->items[i];
    if (stop_flag)
      fail_case(c, "interrupted");
    else
      run_case(x, c);
    finish(x, i);
  }
}

/* ---- output ---- */

static void print_line(const conf_case *c, int name_w, int exp_w) {
  static const char *const tag[] = {"PASS", "FAIL", "SKIP"};
  char name[256], why[CONF_WHY_MAX];
  conf_printable(name, sizeof name, c->name, strlen(c->name));
  if (c->status == CONF_PASS) {
    printf("%s  %-*s  expected %-*s  got %s\n", tag[c->status], name_w, name,
           exp_w, c->expected, c->got);
    return;
  }
  conf_printable(why, sizeof why, c->why, strlen(c->why));
  printf("%s  %-*s  expected %-*s  got %-*s  (%s)\n", tag[c->status], name_w,
         name, exp_w, c->expected, exp_w, c->got, why);
}

/* ---- options ---- */

static int parse_options(int argc, char **argv, options *o) {
  static const struct option longs[] = {
      {"verifier", required_argument, NULL, 'v'},
      {"cases", required_argument, NULL, 'c'},
      {"junit", required_argument, NULL, 'j'},
      {"faketime", no_argument, NULL, 'f'},
      {"timeout", required_argument, NULL, 't'},
      {"jobs", required_argument, NULL, 'J'},
      {"tee", required_argument, NULL, 'T'},
      {"strict", no_argument, NULL, 's'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  memset(o, 0, sizeof *o);
  o->timeout_s = DEFAULT_TIMEOUT_S;
  o->jobs = 1;
  o->cases = calloc((size_t)argc + 1, sizeof *o->cases);
  if (o->cases == NULL) {
    fputs(CONF_PROG ": out of memory\n", stderr);
    return EXIT_USAGE;
  }
  int ch;
  while ((ch = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
    char *end = NULL;
    switch (ch) {
    case 'v':
      o->verifier = optarg;
      break;
    case 'c':
      o->cases[o->n_cases++] = optarg;
      break;
    case 'j':
      o->junit = optarg;
      break;
    case 'f':
      o->faketime = 1;
      break;
    case 't':
      errno = 0;
      o->timeout_s = strtod(optarg, &end);
      if (errno != 0 || end == optarg || *end != '\0' ||
          !(o->timeout_s > 0.0 && o->timeout_s <= TIMEOUT_MAX_S)) {
        fprintf(stderr,
                CONF_PROG ": --timeout %s: not a number of seconds "
                          "above 0 and at most 86400\n",
                optarg);
        return EXIT_USAGE;
      }
      break;
    case 'J':
      errno = 0;
      o->jobs = strtol(optarg, &end, 10);
      if (errno != 0 || end == optarg || *end != '\0' || o->jobs < 1 ||
          o->jobs > JOBS_MAX) {
        fprintf(stderr, CONF_PROG ": --jobs %s: not a number from 1 to %d\n",
                optarg, JOBS_MAX);
        return EXIT_USAGE;
      }
      break;
    case 'T':
      if (strcmp(optarg, "snp") != 0 && strcmp(optarg, "tdx") != 0) {
        fprintf(stderr, CONF_PROG ": --tee %s: not snp or tdx\n", optarg);
        return EXIT_USAGE;
      }
      o->tee = optarg;
      break;
    case 's':
      o->strict = 1;
      break;
    case 'h':
      for (size_t i = 0; USAGE[i] != NULL; i++)
        fputs(USAGE[i], stdout);
      return EXIT_ALL_PASSED;
    default:
      fputs("Try '" CONF_PROG " --help'.\n", stderr);
      return EXIT_USAGE;
    }
  }
  if (optind < argc) {
    fprintf(stderr,
            CONF_PROG ": unexpected argument %s (cases go after "
                      "--cases)\nTry '" CONF_PROG " --help'.\n",
            argv[optind]);
    return EXIT_USAGE;
  }
  if (o->verifier == NULL) {
    fputs(CONF_PROG ": --verifier is required\nTry '" CONF_PROG " --help'.\n",
          stderr);
    return EXIT_USAGE;
  }
  if (o->n_cases == 0)
    o->cases[o->n_cases++] = DEFAULT_CASES;
  return -1;
}

/* fds 0-2 open, so that pipes never land on them (a dup2 onto the same
 * descriptor would keep its close-on-exec flag). */
static int std_fds_open(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) >= 0)
      continue;
    int n = open("/dev/null", O_RDWR);
    if (n != fd) {
      if (n >= 0)
        (void)close(n);
      return -1;
    }
  }
  return 0;
}

static void install_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  (void)sigaction(SIGPIPE, &sa, NULL);
  sa.sa_handler = on_signal;
  (void)sigemptyset(&sa.sa_mask);
  (void)sigaction(SIGINT, &sa, NULL);
  (void)sigaction(SIGTERM, &sa, NULL);
  (void)sigaction(SIGHUP, &sa, NULL);
}

static double now_s(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_all(const options *o, conf_case_list *l, char **words,
                   size_t n_words) {
  context x;
  memset(&x, 0, sizeof x);
  x.opt = o;
  x.cases = l;
  x.argv = words;
  x.argc = n_words;
  FILE *junit = NULL;
  int status = EXIT_USAGE;
  int locks = 0; /* 1: the mutex exists, 2: the condition variable too */
  const char *old_preload = NULL;
  x.env = base_env(o->faketime, &old_preload);
  x.done = calloc(l->n, 1);
  if (x.env == NULL || x.done == NULL) {
    fputs(CONF_PROG ": out of memory\n", stderr);
    goto out;
  }
  while (x.env[x.env_n] != NULL)
    x.env_n++;
  if (o->faketime) {
    char *lib = find_libfaketime();
    if (lib == NULL)
      goto out;
    size_t len = strlen("LD_PRELOAD=") + strlen(lib) +
                 (old_preload != NULL ? strlen(old_preload) + 1 : 0) + 1;
    x.preload = malloc(len);
    if (x.preload != NULL)
      (void)snprintf(x.preload, len, "LD_PRELOAD=%s%s%s", lib,
                     old_preload != NULL && *old_preload ? ":" : "",
                     old_preload != NULL ? old_preload : "");
    free(lib);
    if (x.preload == NULL) {
      fputs(CONF_PROG ": out of memory\n", stderr);
      goto out;
    }
  }
  if (o->junit != NULL && (junit = fopen(o->junit, "w")) == NULL) {
    fprintf(stderr, CONF_PROG ": --junit %s: %s\n", o->junit, strerror(errno));
    goto out;
  }

  /* Column widths, and the cases decided without running anything. */
  int name_w = 4, exp_w = 6;
  size_t to_run = 0;
  for (size_t i = 0; i < l->n; i++) {
    conf_case *c = &l->items[i];
    size_t nl = strlen(c->name), el = strlen(c->expected);
    if (nl > (size_t)name_w && nl <= COLUMN_MAX)
      name_w = (int)nl;
    if (el > (size_t)exp_w && el <= COLUMN_MAX)
      exp_w = (int)el;
    if (c->bad[0] != '\0') {
      fail_case(c, c->bad);
      x.done[i] = 1;
    } else if (o->tee != NULL && strcmp(o->tee, c->tee) != 0) {
      c->status = CONF_SKIP;
      (void)snprintf(c->got, sizeof c->got, "-");
      (void)snprintf(c->why, sizeof c->why, "not run: tee %s, --tee %s", c->tee,
                     o->tee);
      x.done[i] = 1;
    } else {
      to_run++;
    }
  }

  if (pthread_mutex_init(&x.lock, NULL) != 0) {
    fputs(CONF_PROG ": cannot create a lock\n", stderr);
    goto out;
  }
  locks = 1;
  if (pthread_cond_init(&x.done_cv, NULL) != 0) {
    fputs(CONF_PROG ": cannot create a condition variable\n", stderr);
    goto out;
  }
  locks = 2;
  double start = now_s();
  size_t n_threads = to_run < (size_t)o->jobs ? to_run : (size_t)o->jobs;
  pthread_t *threads = calloc(n_threads + 1, sizeof *threads);
  size_t started = 0;
  if (threads == NULL) {
    fputs(CONF_PROG ": out of memory\n", stderr);
    goto out;
  }
  for (; started < n_threads; started++)
    if (pthread_create(&threads[started], NULL, worker, &x) != 0)
      break;
  if (started == 0 && n_threads > 0) {
    fputs(CONF_PROG ": cannot start a thread\n", stderr);
    free(threads);
    goto out;
  }

  size_t passed = 0, failed = 0, skipped = 0;
  for (size_t i = 0; i < l->n; i++) {
    (void)pthread_mutex_lock(&x.lock);
    while (!x.done[i])
      (void)pthread_cond_wait(&x.done_cv, &x.lock);
    (void)pthread_mutex_unlock(&x.lock);
    conf_case *c = &l->items[i];
    print_line(c, name_w, exp_w);
    (void)fflush(stdout);
    passed += c->status == CONF_PASS;
    failed += c->status == CONF_FAIL;
    skipped += c->status == CONF_SKIP;
  }
  for (size_t t = 0; t < started; t++)
    (void)pthread_join(threads[t], NULL);
  free(threads);
  double seconds = now_s() - start;

  printf("%zu passed, %zu failed", passed, failed);
  if (skipped > 0)
    printf(", %zu skipped", skipped);
  putchar('\n');
  status = failed == 0 ? EXIT_ALL_PASSED : EXIT_SOME_FAILED;
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, CONF_PROG ": writing the output: %s\n", strerror(errno));
    status = EXIT_USAGE;
  }
  if (junit != NULL) {
    int w = conf_junit_write(junit, l, o->verifier, seconds);
    if (fclose(junit) != 0)
      w = -1;
    junit = NULL;
    if (w != 0) {
      fprintf(stderr, CONF_PROG ": --junit %s: write failed\n", o->junit);
      status = EXIT_USAGE;
    }
  }
  if (x.runner_failed) {
    fputs(CONF_PROG ": the runner could not run every case (see above)\n",
          stderr);
    status = EXIT_USAGE;
  }
  if (stop_flag) {
    fputs(CONF_PROG ": interrupted\n", stderr);
    status = EXIT_INTERRUPTED;
  }
out:
  if (junit != NULL)
    (void)fclose(junit);
  if (locks > 1)
    (void)pthread_cond_destroy(&x.done_cv);
  if (locks > 0)
    (void)pthread_mutex_destroy(&x.lock);
  free(x.preload);
  free(x.env);
  free(x.done);
  return status;
}

int main(int argc, char **argv) {
  options o;
  int rc = parse_options(argc, argv, &o);
  if (rc >= 0) {
    free(o.cases);
    return rc;
  }
  if (std_fds_open() != 0) {
    free(o.cases);
    return EXIT_USAGE;
  }
  install_signals();
  /* jansson seeds its hash function on first use; do it before threads. */
  json_object_seed(0);

  char err[CONF_WHY_MAX];
  char **words = NULL;
  size_t n_words = 0;
  conf_case_list l = {0};
  rc = EXIT_USAGE;
  if (conf_split_command(o.verifier, &words, &n_words, err, sizeof err) != 0) {
    fprintf(stderr, CONF_PROG ": %s\n", err);
    goto out;
  }
  for (size_t i = 0; i < o.n_cases; i++)
    if (conf_cases_collect(o.cases[i], &l, err, sizeof err) != 0) {
      fprintf(stderr, CONF_PROG ": --cases %s\n", err);
      goto out;
    }
  if (conf_cases_load(&l, err, sizeof err) != 0) {
    fprintf(stderr, CONF_PROG ": %s\n", err);
    goto out;
  }
  rc = run_all(&o, &l, words, n_words);
out:
  conf_cases_free(&l);
  conf_argv_free(words);
  free(o.cases);
  return rc;
}
