/* contrast-case-check: the end-to-end case runner.
 *
 *   contrast-case-check VERIFIER CASE_OR_PARENT...
 *     Runs `VERIFIER evidence verify --json CASE` for every case (a
 *     directory holding case.json, or every such subdirectory of a parent
 *     folder), without a shell, and checks the answer against the case's
 *     "expect" (spec/CASES.md, "The verifier adapter"): verdict, reason and,
 *     where the case gives one, tcb_status; exit status 0 for accept and 1
 *     for reject; the required keys and their types; for SNP the hex claims
 *     report_data / measurement / host_data. Prints a header line, one line
 *     per case (name, expected, got, PASS/FAIL with the first problem) and
 *     last "N passed, N failed". Exit 0 when every case passed, 1 when any
 *     failed, 2 on bad usage (including a folder without cases).
 *
 *   contrast-case-check --get FILE|- PATH
 *   contrast-case-check --set FILE PATH JSON
 *   contrast-case-check --del FILE PATH
 *     Small JSON helpers for the e2e shell tests (a fresh Debian has neither
 *     jq nor python): read the value at a dotted PATH (strings raw, anything
 *     else as compact JSON; exit 1 if absent), set it to a JSON value, or
 *     delete it, rewriting FILE in place.
 *
 * This program shares no code with the verifier it checks: it reads only
 * the adapter protocol, through jansson.
 *
 * Environment: CONTRAST_CASE_TIMEOUT, seconds allowed per case (default
 * 300; sanitizer and valgrind builds are slow). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#define EXIT_ALL_PASSED 0
#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2

/* A verifier answer larger than this is a failure in itself. */
#define OUTPUT_MAX ((size_t)4 * 1024 * 1024)
#define WHY_MAX 512
#define COL_MIN 16
#define COL_MAX 64

/* ---- running the verifier ---- */

typedef struct buffer {
  char *data;
  size_t len;
  size_t cap;
  int overflow;
} buffer;

static void buffer_free(buffer *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

/* Append n bytes, keeping a NUL after the data. Past OUTPUT_MAX the data
 * is dropped and overflow set. Returns -1 on out of memory. */
static int buffer_append(buffer *b, const char *p, size_t n) {
  if (b->overflow || n > OUTPUT_MAX - b->len) {
    b->overflow = 1;
    return 0;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 4096 : b->cap;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *d = realloc(b->data, cap);
    if (d == NULL)
      return -1;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

typedef struct run_result {
  int spawned;   /* 0: could not start; why in out_err */
  int timed_out; /* killed after the timeout */
  int status;    /* wait status */
  buffer out;
  buffer err;
} run_result;

static void run_result_free(run_result *r) {
  buffer_free(&r->out);
  buffer_free(&r->err);
}

static int64_t monotonic_ms(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned timeout_seconds(void) {
  const char *s = getenv("CONTRAST_CASE_TIMEOUT");
  if (s == NULL || *s == '\0')
    return 300;
  char *end = NULL;
  unsigned long v = strtoul(s, &end, 10);
  if (*end != '\0' || v == 0 || v > 86400)
    return 300;
  return (unsigned)v;
}

/* Wait for pid until deadline_ms; SIGKILL it after that. */
static void reap(pid_t pid, int64_t deadline_ms, run_result *r) {
  for (;;) {
    pid_t w = waitpid(pid, &r->status, WNOHANG);
    if (w == pid)
      return;
    if (w < 0 && errno != EINTR) {
      r->status = 0;
      return;
    }
    if (monotonic_ms() >= deadline_ms) {
      r->timed_out = 1;
      (void)kill(pid, SIGKILL);
      while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR) {
      }
      return;
    }
    struct timespec ts = {0, 10 * 1000 * 1000};
    (void)nanosleep(&ts, NULL);
  }
}

/* Run argv[0] with argv, stdin from /dev/null, stdout and stderr captured.
 * Returns -1 only on an operational failure of this program. */
static int run(char *const argv[], run_result *r) {
  memset(r, 0, sizeof *r);
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    perror("contrast-case-check: pipe");
    return -1;
  }
  posix_spawn_file_actions_t fa;
  if (posix_spawn_file_actions_init(&fa) != 0) {
    perror("contrast-case-check: posix_spawn_file_actions_init");
    return -1;
  }
  int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (rc == 0)
    rc = posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  if (rc == 0)
    rc = posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  pid_t pid = -1;
  if (rc == 0)
    rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
  (void)posix_spawn_file_actions_destroy(&fa);
  (void)close(out_pipe[1]);
  (void)close(err_pipe[1]);
  if (rc != 0) {
    (void)close(out_pipe[0]);
    (void)close(err_pipe[0]);
    char msg[WHY_MAX];
    int n =
        snprintf(msg, sizeof msg, "cannot run %s: %s", argv[0], strerror(rc));
    if (n > 0 && buffer_append(&r->err, msg, strlen(msg)) != 0)
      return -1;
    return 0;
  }
  r->spawned = 1;

  int64_t deadline = monotonic_ms() + (int64_t)timeout_seconds() * 1000;
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  buffer *bufs[2] = {&r->out, &r->err};
  int open_fds = 2, failed = 0;
  while (open_fds > 0) {
    int64_t left = deadline - monotonic_ms();
    if (left <= 0)
      break;
    int n = poll(fds, 2, left > 1000 ? 1000 : (int)left);
    if (n < 0 && errno != EINTR) {
      perror("contrast-case-check: poll");
      failed = 1;
      break;
    }
    for (size_t i = 0; i < 2 && n > 0; i++) {
      if (fds[i].fd < 0 || fds[i].revents == 0)
        continue;
      char chunk[8192];
      ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0) {
        (void)close(fds[i].fd);
        fds[i].fd = -1;
        open_fds--;
        continue;
      }
      if (buffer_append(bufs[i], chunk, (size_t)got) != 0) {
        fputs("contrast-case-check: out of memory\n", stderr);
        failed = 1;
        break;
      }
    }
    if (failed)
      break;
  }
  for (size_t i = 0; i < 2; i++)
    if (fds[i].fd >= 0)
      (void)close(fds[i].fd);
  reap(pid, failed ? 0 : deadline, r);
  return failed ? -1 : 0;
}

/* ---- checking one answer ---- */

typedef struct check {
  char why[WHY_MAX]; /* first problem found; empty = pass */
  char expected[128];
  char got[128];
} check;

static void problem(check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void problem(check *c, const char *fmt, ...) {
  if (c->why[0] != '\0')
    return;
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(c->why, sizeof c->why, fmt, ap);
  va_end(ap);
}

static int is_lower_hex(const char *s, size_t n) {
  if (strlen(s) != n)
    return 0;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
      return 0;
  return 1;
}

/* "verdict REASON tcb=STATUS" from the given pieces (NULL = absent). */
static void describe(char *out, size_t n, const char *verdict,
                     const char *reason, const char *tcb) {
  (void)snprintf(out, n, "%s%s%s%s%s", verdict, reason ? " " : "",
                 reason ? reason : "", tcb ? " tcb=" : "", tcb ? tcb : "");
}

/* The first line of the verifier's stderr, for a failure message. */
static void first_line(const buffer *b, char *out, size_t n) {
  out[0] = '\0';
  if (b->data == NULL)
    return;
  size_t len = strcspn(b->data, "\n");
  if (len >= n)
    len = n - 1;
  memcpy(out, b->data, len);
  out[len] = '\0';
}

static const char *string_or_null(const json_t *o, const char *key, int *ok) {
  json_t *v = json_object_get(o, key);
  *ok = v != NULL && (json_is_null(v) || json_is_string(v));
  return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Check the answer's structure; fills c->got. */
static void check_answer(const json_t *ans, int is_snp, check *c) {
  static const char *const required[] = {
      "verdict", "reason", "tcb_status", "claims", "advisory_ids", "detail"};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (json_object_get(ans, required[i]) == NULL)
      problem(c, "answer lacks \"%s\"", required[i]);
  int ok_v, ok_r, ok_t;
  const char *verdict = string_or_null(ans, "verdict", &ok_v);
  const char *reason = string_or_null(ans, "reason", &ok_r);
  const char *tcb = string_or_null(ans, "tcb_status", &ok_t);
  describe(c->got, sizeof c->got, verdict ? verdict : "?", reason, tcb);
  if (verdict == NULL ||
      (strcmp(verdict, "accept") != 0 && strcmp(verdict, "reject") != 0))
    problem(c, "verdict is not \"accept\" or \"reject\"");
  if (!ok_r)
    problem(c, "reason is not a string or null");
  if (!ok_t)
    problem(c, "tcb_status is not a string or null");
  if (verdict != NULL && strcmp(verdict, "accept") == 0 && reason != NULL)
    problem(c, "reason must be null on accept");
  if (verdict != NULL && strcmp(verdict, "reject") == 0 && reason == NULL)
    problem(c, "reason must be a code on reject");
  if (is_snp && tcb != NULL)
    problem(c, "tcb_status must be null for SNP");
  json_t *detail = json_object_get(ans, "detail");
  if (detail != NULL && !json_is_string(detail))
    problem(c, "detail is not a string");
  json_t *adv = json_object_get(ans, "advisory_ids");
  if (adv != NULL) {
    if (!json_is_array(adv))
      problem(c, "advisory_ids is not an array");
    size_t i;
    json_t *x;
    json_array_foreach(adv, i, x) {
      if (!json_is_string(x))
        problem(c, "advisory_ids[%zu] is not a string", i);
    }
  }
  json_t *claims = json_object_get(ans, "claims");
  if (claims != NULL && !json_is_object(claims))
    problem(c, "claims is not an object");
  /* A rejection before the evidence was parsed may carry no claims; once
   * any are there (and always on accept) the SNP identity fields must be. */
  int accepted = verdict != NULL && strcmp(verdict, "accept") == 0;
  if (is_snp && json_is_object(claims) &&
      (accepted || json_object_size(claims) > 0)) {
    static const struct {
      const char *key;
      size_t hex_len;
    } hexes[] = {{"report_data", 128}, {"measurement", 96}, {"host_data", 64}};
    for (size_t i = 0; i < sizeof hexes / sizeof hexes[0]; i++) {
      json_t *v = json_object_get(claims, hexes[i].key);
      if (!json_is_string(v) ||
          !is_lower_hex(json_string_value(v), hexes[i].hex_len))
        problem(c, "claims.%s is not %zu lowercase hex characters",
                hexes[i].key, hexes[i].hex_len);
    }
  }
}

static const char *case_name(const json_t *cj, const char *dir) {
  json_t *n = json_object_get(cj, "name");
  if (json_is_string(n))
    return json_string_value(n);
  const char *slash = strrchr(dir, '/');
  return slash != NULL && slash[1] != '\0' ? slash + 1 : dir;
}

/* The expected outcome of case.json's "expect" ("?" when it has none);
 * *verdict etc. borrow from cj. */
static void expected_of(const json_t *cj, char *out, size_t n,
                        const char **verdict, const char **reason,
                        const char **tcb) {
  json_t *expect = json_object_get(cj, "expect");
  *verdict = json_string_value(json_object_get(expect, "verdict"));
  *reason = json_string_value(json_object_get(expect, "reason"));
  *tcb = json_string_value(json_object_get(expect, "tcb_status"));
  if (*verdict == NULL)
    (void)snprintf(out, n, "?");
  else
    describe(out, n, *verdict, *reason, *tcb);
}

static json_t *load_case_json(const char *dir, json_error_t *jerr) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/case.json", dir);
  if (n < 0 || (size_t)n >= sizeof path) {
    (void)snprintf(jerr->text, sizeof jerr->text, "path too long");
    return NULL;
  }
  return json_load_file(path, JSON_REJECT_DUPLICATES, jerr);
}

/* Verify one case and print its line. Returns 1 pass, 0 fail, -1 on an
 * operational failure of this program. */
static int check_case(char *verifier, char *dir, int name_width,
                      int col_width) {
  check c;
  memset(&c, 0, sizeof c);
  (void)snprintf(c.got, sizeof c.got, "-");

  json_error_t jerr;
  json_t *cj = load_case_json(dir, &jerr);
  const char *name = case_name(cj, dir);
  const char *exp_verdict = NULL, *exp_reason = NULL, *exp_tcb = NULL;
  expected_of(cj, c.expected, sizeof c.expected, &exp_verdict, &exp_reason,
              &exp_tcb);
  int is_snp = 0;
  if (!json_is_object(cj)) {
    problem(&c, "cannot read case.json: %s", cj ? "not an object" : jerr.text);
  } else {
    json_t *tee = json_object_get(cj, "tee");
    is_snp = json_is_string(tee) && strcmp(json_string_value(tee), "snp") == 0;
    if (exp_verdict == NULL)
      problem(&c, "case.json has no expect.verdict");
  }

  run_result r;
  memset(&r, 0, sizeof r);
  int result = 0;
  if (c.why[0] == '\0') {
    static char a_evidence[] = "evidence", a_verify[] = "verify",
                a_json[] = "--json";
    char *argv[] = {verifier, a_evidence, a_verify, a_json, dir, NULL};
    if (run(argv, &r) != 0) {
      result = -1;
      goto out;
    }
    char err_line[200];
    first_line(&r.err, err_line, sizeof err_line);
    json_t *ans = NULL;
    if (!r.spawned) {
      problem(&c, "%s", err_line);
    } else if (r.timed_out) {
      (void)snprintf(c.got, sizeof c.got, "timeout");
      problem(&c, "no answer within %u s", timeout_seconds());
    } else if (WIFSIGNALED(r.status)) {
      (void)snprintf(c.got, sizeof c.got, "signal %d", WTERMSIG(r.status));
      problem(&c, "killed by signal %d (%s)%s%s", WTERMSIG(r.status),
              strsignal(WTERMSIG(r.status)), err_line[0] ? ": " : "", err_line);
    } else if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) > 1) {
      (void)snprintf(c.got, sizeof c.got, "exit %d", WEXITSTATUS(r.status));
      problem(&c, "exit status %d%s%s", WEXITSTATUS(r.status),
              err_line[0] ? ": " : "", err_line);
    } else if (r.out.overflow) {
      problem(&c, "more than %zu bytes on stdout", OUTPUT_MAX);
    } else {
      ans = json_loadb(r.out.data ? r.out.data : "", r.out.len,
                       JSON_REJECT_DUPLICATES, &jerr);
      if (ans == NULL)
        problem(&c, "stdout is not one JSON value: %s", jerr.text);
      else if (!json_is_object(ans))
        problem(&c, "stdout is not a JSON object");
    }
    if (json_is_object(ans)) {
      check_answer(ans, is_snp, &c);
      const char *verdict = json_string_value(json_object_get(ans, "verdict"));
      const char *reason = json_string_value(json_object_get(ans, "reason"));
      const char *tcb = json_string_value(json_object_get(ans, "tcb_status"));
      int want_exit = verdict != NULL && strcmp(verdict, "accept") == 0 ? 0 : 1;
      if (WEXITSTATUS(r.status) != want_exit)
        problem(&c, "exit status %d for verdict %s (want %d)",
                WEXITSTATUS(r.status), verdict ? verdict : "?", want_exit);
      if (verdict == NULL || strcmp(verdict, exp_verdict) != 0 ||
          (exp_reason == NULL) != (reason == NULL) ||
          (exp_reason != NULL && strcmp(exp_reason, reason) != 0))
        problem(&c, "verdict differs from expect");
      if (exp_tcb != NULL && (tcb == NULL || strcmp(tcb, exp_tcb) != 0))
        problem(&c, "tcb_status differs from expect");
    }
    json_decref(ans);
  }
  result = c.why[0] == '\0';
  printf("%-*s  %-*s  %-*s  %s", name_width, name, col_width, c.expected,
         col_width, c.got, result ? "PASS" : "FAIL");
  if (!result)
    printf("  (%s)", c.why);
  putchar('\n');
  fflush(stdout);
out:
  run_result_free(&r);
  json_decref(cj);
  return result;
}

/* ---- collecting cases ---- */

typedef struct case_list {
  char **dirs;
  size_t n;
  size_t cap;
} case_list;

static int has_case_json(const char *dir) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/case.json", dir);
  struct stat st;
  return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 &&
         S_ISREG(st.st_mode);
}

static int list_add(case_list *l, const char *dir) {
  if (l->n == l->cap) {
    size_t cap = l->cap == 0 ? 32 : l->cap * 2;
    char **d = realloc(l->dirs, cap * sizeof *d);
    if (d == NULL)
      return -1;
    l->dirs = d;
    l->cap = cap;
  }
  l->dirs[l->n] = strdup(dir);
  if (l->dirs[l->n] == NULL)
    return -1;
  l->n++;
  return 0;
}

static void list_free(case_list *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->dirs[i]);
  free(l->dirs);
  memset(l, 0, sizeof *l);
}

/* A case directory, or every subdirectory holding case.json (sorted). */
static int collect(const char *arg, case_list *l) {
  struct stat st;
  if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "contrast-case-check: %s: not a directory\n", arg);
    return -1;
  }
  if (has_case_json(arg))
    return list_add(l, arg);
  struct dirent **ents = NULL;
  int n = scandir(arg, &ents, NULL, alphasort);
  if (n < 0) {
    fprintf(stderr, "contrast-case-check: %s: %s\n", arg, strerror(errno));
    return -1;
  }
  size_t before = l->n;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    char sub[4096];
    int sn = snprintf(sub, sizeof sub, "%s%s%s", arg,
                      arg[strlen(arg) - 1] == '/' ? "" : "/", ents[i]->d_name);
    if (rc == 0 && ents[i]->d_name[0] != '.' && sn > 0 &&
        (size_t)sn < sizeof sub && has_case_json(sub) && list_add(l, sub) != 0)
      rc = -1;
    free(ents[i]);
  }
  free(ents);
  if (rc == 0 && l->n == before) {
    fprintf(stderr, "contrast-case-check: %s: no case directories\n", arg);
    return -1;
  }
  return rc;
}

static int run_cases(char *verifier, int n_args, char **args) {
  case_list l = {0};
  for (int i = 0; i < n_args; i++)
    if (collect(args[i], &l) != 0) {
      list_free(&l);
      return EXIT_USAGE;
    }
  /* Column widths from the names and expectations, so the table lines up. */
  int width = 4, col = COL_MIN;
  for (size_t i = 0; i < l.n; i++) {
    json_error_t jerr;
    json_t *cj = load_case_json(l.dirs[i], &jerr);
    size_t len = strlen(case_name(cj, l.dirs[i]));
    if (len > (size_t)width && len < 80)
      width = (int)len;
    char expected[128];
    const char *v, *r, *t;
    expected_of(cj, expected, sizeof expected, &v, &r, &t);
    len = strlen(expected);
    if (len > (size_t)col && len < COL_MAX)
      col = (int)len;
    json_decref(cj);
  }
  printf("%-*s  %-*s  %-*s  %s\n", width, "CASE", col, "EXPECTED", col, "GOT",
         "RESULT");
  unsigned passed = 0, failed = 0;
  int status = EXIT_ALL_PASSED;
  for (size_t i = 0; i < l.n; i++) {
    int r = check_case(verifier, l.dirs[i], width, col);
    if (r < 0) {
      status = EXIT_USAGE;
      break;
    }
    if (r)
      passed++;
    else
      failed++;
  }
  list_free(&l);
  if (status != EXIT_ALL_PASSED)
    return status;
  printf("%u passed, %u failed\n", passed, failed);
  return failed == 0 ? EXIT_ALL_PASSED : EXIT_SOME_FAILED;
}

/* ---- JSON helpers for the shell tests ---- */

static json_t *load_json(const char *file) {
  json_error_t e;
  json_t *j = strcmp(file, "-") == 0
                  ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &e)
                  : json_load_file(file, JSON_REJECT_DUPLICATES, &e);
  if (j == NULL)
    fprintf(stderr, "contrast-case-check: %s: line %d: %s\n", file, e.line,
            e.text);
  return j;
}

/* Walk the dotted path; *parent and *last name where the final key goes.
 * Intermediate objects are created when create is set. */
static json_t *walk(json_t *root, const char *path, int create, json_t **parent,
                    char *last, size_t last_n) {
  json_t *cur = root;
  const char *p = path;
  for (;;) {
    size_t len = strcspn(p, ".");
    if (len == 0 || len >= last_n)
      return NULL;
    memcpy(last, p, len);
    last[len] = '\0';
    if (!json_is_object(cur))
      return NULL;
    if (p[len] == '\0') {
      *parent = cur;
      return json_object_get(cur, last);
    }
    json_t *next = json_object_get(cur, last);
    if (next == NULL && create) {
      next = json_object();
      if (next == NULL || json_object_set_new(cur, last, next) != 0)
        return NULL;
    }
    cur = next;
    p += len + 1;
  }
}

static int cmd_json(int argc, char **argv) {
  const char *op = argv[1];
  int is_get = strcmp(op, "--get") == 0, is_set = strcmp(op, "--set") == 0,
      is_del = strcmp(op, "--del") == 0;
  if ((is_get && argc != 4) || (is_set && argc != 5) || (is_del && argc != 4)) {
    fprintf(stderr, "usage: contrast-case-check %s FILE PATH%s\n", op,
            is_set ? " JSON" : "");
    return EXIT_USAGE;
  }
  const char *file = argv[2], *path = argv[3];
  json_t *root = load_json(file);
  if (root == NULL)
    return EXIT_USAGE;
  json_t *parent = NULL;
  char last[256];
  json_t *v = walk(root, path, is_set, &parent, last, sizeof last);
  int rc = EXIT_ALL_PASSED;
  if (is_get) {
    if (v == NULL) {
      fprintf(stderr, "contrast-case-check: %s: no %s\n", file, path);
      rc = EXIT_SOME_FAILED;
    } else if (json_is_string(v)) {
      puts(json_string_value(v));
    } else {
      char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
      if (s == NULL) {
        rc = EXIT_USAGE;
      } else {
        puts(s);
        free(s);
      }
    }
    json_decref(root);
    return rc;
  }
  if (parent == NULL || (is_del && v == NULL)) {
    fprintf(stderr, "contrast-case-check: %s: cannot reach %s\n", file, path);
    json_decref(root);
    return EXIT_SOME_FAILED;
  }
  if (is_set) {
    json_error_t e;
    json_t *nv = json_loads(argv[4], JSON_DECODE_ANY, &e);
    if (nv == NULL) {
      fprintf(stderr, "contrast-case-check: bad JSON value: %s\n", e.text);
      json_decref(root);
      return EXIT_USAGE;
    }
    rc = json_object_set_new(parent, last, nv) == 0 ? 0 : EXIT_USAGE;
  } else {
    rc = json_object_del(parent, last) == 0 ? 0 : EXIT_USAGE;
  }
  if (rc == 0 && json_dump_file(root, file, JSON_INDENT(2)) != 0) {
    fprintf(stderr, "contrast-case-check: cannot write %s\n", file);
    rc = EXIT_USAGE;
  }
  json_decref(root);
  return rc;
}

static void usage(void) {
  fputs("usage: contrast-case-check VERIFIER CASE_OR_PARENT...\n"
        "       contrast-case-check --get FILE|- PATH\n"
        "       contrast-case-check --set FILE PATH JSON\n"
        "       contrast-case-check --del FILE PATH\n",
        stderr);
}

int main(int argc, char **argv) {
  if (argc >= 2 &&
      (strcmp(argv[1], "--get") == 0 || strcmp(argv[1], "--set") == 0 ||
       strcmp(argv[1], "--del") == 0))
    return cmd_json(argc, argv);
  if (argc < 3 || argv[1][0] == '-') {
    usage();
    return EXIT_USAGE;
  }
  return run_cases(argv[1], argc - 2, argv + 2);
}
