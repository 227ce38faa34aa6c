/* contrast-conformance: internal interfaces between the runner's files.
 *
 * The runner shares no code with the verifiers it checks: it reads cases
 * (spec/CASES.md, "case.json") and the adapter protocol (spec/CASES.md,
 * "The verifier adapter") with jansson, and runs verifiers with
 * posix_spawnp, never through a shell. */
#ifndef CONTRAST_CONFORMANCE_H
#define CONTRAST_CONFORMANCE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define CONF_PROG "contrast-conformance"

/* A verifier answer larger than this is a failure in itself. */
#define CONF_OUTPUT_MAX ((size_t)4 * 1024 * 1024)
/* How much of the verifier's stderr is kept (its last bytes). */
#define CONF_ERR_TAIL 4096
#define CONF_GOT_MAX 160
#define CONF_WHY_MAX 1024
#define CONF_EXPECTED_MAX 160

/* ---- split.c: the --verifier string into argv ---- */

/* Split cmd into words with the quoting rules of --help ("--verifier"):
 * whitespace separates words; '...' is literal; inside "..." a backslash
 * escapes only " and \; elsewhere a backslash makes the next character
 * literal. Nothing is expanded. On success *argv_out is a NULL-terminated
 * array of *argc_out >= 1 heap strings, owned by the caller (free with
 * conf_argv_free). Returns 0, or -1 with a message in err (unterminated
 * quote, trailing backslash, no words, out of memory). */
int conf_split_command(const char *cmd, char ***argv_out, size_t *argc_out,
                       char *err, size_t err_len)
    __attribute__((warn_unused_result));
void conf_argv_free(char **argv);

/* ---- spawn.c: running one verifier process ---- */

typedef enum conf_run_outcome {
  CONF_RUN_EXITED,       /* code = exit status */
  CONF_RUN_SIGNALED,     /* code = signal number */
  CONF_RUN_TIMEOUT,      /* still running at the deadline; group killed */
  CONF_RUN_TOO_LARGE,    /* more than CONF_OUTPUT_MAX bytes on stdout */
  CONF_RUN_SPAWN_FAILED, /* code = errno of posix_spawnp */
  CONF_RUN_INTERRUPTED   /* the runner was told to stop (SIGINT/SIGTERM) */
} conf_run_outcome;

typedef struct conf_run_result {
  conf_run_outcome outcome;
  int code;
  char *out; /* stdout, NUL-terminated (may hold other NULs); owned */
  size_t out_len;
  char err_tail[CONF_ERR_TAIL + 1]; /* the last bytes of stderr, NUL-ended */
  size_t err_tail_len;
  double seconds;
} conf_run_result;

/* Run argv (argv[0] searched in PATH when it has no slash) with envp, stdin
 * from /dev/null, stdout and stderr captured, in a new process group. At
 * the deadline (timeout_s), when stdout exceeds CONF_OUTPUT_MAX, or when
 * *stop becomes non-zero, the whole process group is killed with SIGKILL;
 * when the verifier exits, whatever it left running in its group is killed
 * too. Returns 0 with *r filled (free with conf_run_result_free), or -1 on
 * an operational failure of the runner (pipes, out of memory) with a
 * message in err. */
int conf_run(char *const argv[], char *const envp[], double timeout_s,
             volatile sig_atomic_t *stop, conf_run_result *r, char *err,
             size_t err_len) __attribute__((warn_unused_result));
void conf_run_result_free(conf_run_result *r);

/* ---- cases.c: finding and reading cases ---- */

typedef enum conf_status { CONF_PASS, CONF_FAIL, CONF_SKIP } conf_status;

typedef struct conf_case {
  char *dir;  /* as found under a --cases argument; owned */
  json_t *cj; /* case.json, or NULL when unreadable; owned */
  /* Borrowed from cj, or from dir for an unreadable case: */
  const char *name;
  const char *tee;     /* "snp", "tdx", or NULL when unknown */
  const char *now;     /* the exact YYYY-MM-DDTHH:MM:SSZ, or NULL */
  const char *verdict; /* expect.verdict: "accept" or "reject" */
  const char *reason;  /* expect.reason, NULL when absent or null */
  int has_tcb;         /* expect holds the key tcb_status */
  const char *tcb;     /* its value, NULL for null */
  char expected[CONF_EXPECTED_MAX]; /* "reject TCB_STATUS tcb=OutOfDate" */
  char bad[CONF_WHY_MAX]; /* why the runner cannot use it; "" = usable */

  /* Filled when the case has been judged. */
  conf_status status;
  char got[CONF_GOT_MAX];
  char why[CONF_WHY_MAX];
  char err_tail[CONF_ERR_TAIL + 1];
  size_t err_tail_len;
  double seconds;
} conf_case;

typedef struct conf_case_list {
  conf_case *items;
  size_t n;
  size_t cap;
} conf_case_list;

/* Add arg if it is a case directory (holds case.json), else every case
 * directory below it (searched recursively; names starting with '.' are
 * skipped). Returns 0, or -1 with a message in err: arg not a directory, no
 * case below it, a path too long, out of memory. */
int conf_cases_collect(const char *arg, conf_case_list *l, char *err,
                       size_t err_len) __attribute__((warn_unused_result));

/* Read every case's case.json (a case the runner cannot read gets a
 * reason in ->bad), sort by name, and refuse two cases of one name.
 * Returns 0, or -1 with a message in err. */
int conf_cases_load(conf_case_list *l, char *err, size_t err_len)
    __attribute__((warn_unused_result));

void conf_cases_free(conf_case_list *l);

/* "VERDICT[ REASON][ tcb=STATUS]" (NULL pieces left out). */
void conf_describe(char *out, size_t n, const char *verdict, const char *reason,
                   const char *tcb);

/* ---- judge.c: one answer against one case ---- */

/* Judge the run of c's verifier: fills c->status (PASS or FAIL), c->got
 * and c->why. strict adds what CASES.md requires of contrast's own
 * verifier only: claims, advisory_ids and detail, and the SNP hex claims. */
void conf_judge(conf_case *c, const conf_run_result *r, int strict,
                double timeout_s);

/* The length of the valid UTF-8 sequence (1-4 bytes, no overlong forms,
 * surrogates or code points above U+10FFFF) at p, or 0. */
size_t conf_utf8_seq(const unsigned char *p, size_t left);

/* Copy src (len bytes) into dst (size n, NUL-terminated, cut at a
 * character boundary) with control characters and invalid UTF-8 replaced
 * by '?', tabs and newlines by spaces: safe on one terminal line. */
void conf_printable(char *dst, size_t n, const char *src, size_t len);

/* ---- junit.c ---- */

/* Write the JUnit XML report of the judged cases to f. Returns 0, or -1
 * when writing failed. */
int conf_junit_write(FILE *f, const conf_case_list *l, const char *verifier,
                     double seconds) __attribute__((warn_unused_result));

#endif
