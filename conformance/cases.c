/* Finding cases and reading what the runner needs from case.json
 * (spec/CASES.md, "case.json (format 1)"): name, tee, now and expect. A
 * case.json the runner cannot use is not skipped: the case fails as a "bad
 * case", so a broken corpus never passes by shrinking. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

#define PATH_MAX_LEN 4096
/* Deeper than any corpus; stops a symlink loop. */
#define DEPTH_MAX 32

/* spec/CASES.md, "Reason codes" and the TDX statuses, exactly. */
static const char *const REASONS[] = {
    "MALFORMED",    "UNSUPPORTED", "SIGNATURE",   "KEY_BINDING",
    "CHAIN",        "EXPIRED",     "REVOKED",     "COLLATERAL",
    "TCB_MISMATCH", "TCB_STATUS",  "TCB_TOO_LOW", "DEBUG",
    "POLICY",       "MEASUREMENT", "HOST_DATA",   "REPORT_DATA"};
static const char *const STATUSES[] = {"UpToDate",
                                       "SWHardeningNeeded",
                                       "ConfigurationNeeded",
                                       "ConfigurationAndSWHardeningNeeded",
                                       "OutOfDate",
                                       "OutOfDateConfigurationNeeded",
                                       "Revoked",
                                       "TDRelaunchAdvised",
                                       "TDRelaunchAdvisedConfigurationNeeded",
                                       "NotSupported"};

static int in_list(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, list[i]) == 0)
      return 1;
  return 0;
}

void conf_describe(char *out, size_t n, const char *verdict, const char *reason,
                   const char *tcb) {
  (void)snprintf(out, n, "%s%s%s%s%s", verdict, reason ? " " : "",
                 reason ? reason : "", tcb ? " tcb=" : "", tcb ? tcb : "");
}

/* ---- collecting ---- */

static int join(char *out, size_t n, const char *dir, const char *name) {
  size_t dl = strlen(dir);
  int w = snprintf(out, n, "%s%s%s", dir,
                   dl > 0 && dir[dl - 1] == '/' ? "" : "/", name);
  return w > 0 && (size_t)w < n ? 0 : -1;
}

/* A case directory is one that holds an entry named case.json (of any type:
 * one that is not a readable file makes a bad case, not a missing one). */
static int has_case_json(const char *dir) {
  char path[PATH_MAX_LEN];
  struct stat st;
  return join(path, sizeof path, dir, "case.json") == 0 &&
         lstat(path, &st) == 0;
}

static int list_add(conf_case_list *l, const char *dir) {
  if (l->n == l->cap) {
    size_t cap = l->cap == 0 ? 64 : l->cap * 2;
    conf_case *items = realloc(l->items, cap * sizeof *items);
    if (items == NULL)
      return -1;
    l->items = items;
    l->cap = cap;
  }
  conf_case *c = &l->items[l->n];
  memset(c, 0, sizeof *c);
  c->dir = strdup(dir);
  if (c->dir == NULL)
    return -1;
  l->n++;
  return 0;
}

static int walk(const char *dir, int depth, conf_case_list *l, char *err,
                size_t err_len) {
  if (has_case_json(dir)) {
    if (list_add(l, dir) != 0) {
      (void)snprintf(err, err_len, "out of memory");
      return -1;
    }
    return 0;
  }
  if (depth >= DEPTH_MAX)
    return 0;
  struct dirent **ents = NULL;
  int n = scandir(dir, &ents, NULL, alphasort);
  if (n < 0) {
    (void)snprintf(err, err_len, "%s: %s", dir, strerror(errno));
    return -1;
  }
  int rc = 0;
  for (int i = 0; i < n; i++) {
    const char *name = ents[i]->d_name;
    char sub[PATH_MAX_LEN];
    struct stat st;
    if (rc == 0 && name[0] != '.') {
      if (join(sub, sizeof sub, dir, name) != 0) {
        (void)snprintf(err, err_len, "%s/%s: path too long", dir, name);
        rc = -1;
      } else if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = walk(sub, depth + 1, l, err, err_len);
      }
    }
    free(ents[i]);
  }
  free(ents);
  return rc;
}

int conf_cases_collect(const char *arg, conf_case_list *l, char *err,
                       size_t err_len) {
  struct stat st;
  if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
    (void)snprintf(err, err_len, "%s: not a directory", arg);
    return -1;
  }
  if (strlen(arg) >= PATH_MAX_LEN) {
    (void)snprintf(err, err_len, "%s: path too long", arg);
    return -1;
  }
  /* No trailing slashes, so that case paths read "DIR/NAME". */
  char dir[PATH_MAX_LEN];
  (void)snprintf(dir, sizeof dir, "%s", arg);
  for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
    dir[len - 1] = '\0';
  size_t before = l->n;
  if (walk(dir, 0, l, err, err_len) != 0)
    return -1;
  if (l->n == before) {
    (void)snprintf(err, err_len,
                   "%s: no case directories (none holds case.json)", arg);
    return -1;
  }
  return 0;
}

void conf_cases_free(conf_case_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].dir);
    json_decref(l->items[i].cj);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

/* ---- reading case.json ---- */

static void bad(conf_case *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bad(conf_case *c, const char *fmt, ...) {
  if (c->bad[0] != '\0')
    return;
  int n = snprintf(c->bad, sizeof c->bad, "bad case: ");
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(c->bad + n, sizeof c->bad - (size_t)n, fmt, ap);
  va_end(ap);
}

static int is_name(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

/* Exactly YYYY-MM-DDTHH:MM:SSZ naming a real instant. */
static int is_now(const char *s) {
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (strlen(s) != sizeof shape - 1)
    return 0;
  for (size_t i = 0; shape[i] != '\0'; i++)
    if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
      return 0;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(s) - 1900;
  tm.tm_mon = atoi(s + 5) - 1;
  tm.tm_mday = atoi(s + 8);
  tm.tm_hour = atoi(s + 11);
  tm.tm_min = atoi(s + 14);
  tm.tm_sec = atoi(s + 17);
  struct tm want = tm;
  time_t t = timegm(&tm);
  /* timegm normalises out-of-range fields; a real date survives as is. */
  return t != (time_t)-1 && tm.tm_year == want.tm_year &&
         tm.tm_mon == want.tm_mon && tm.tm_mday == want.tm_mday &&
         tm.tm_hour == want.tm_hour && tm.tm_min == want.tm_min &&
         tm.tm_sec == want.tm_sec;
}

static const char *base_name(const char *dir) {
  const char *slash = strrchr(dir, '/');
  return slash != NULL && slash[1] != '\0' ? slash + 1 : dir;
}

static void load_one(conf_case *c) {
  c->name = base_name(c->dir);
  (void)snprintf(c->expected, sizeof c->expected, "?");
  char path[PATH_MAX_LEN];
  if (join(path, sizeof path, c->dir, "case.json") != 0) {
    bad(c, "path too long");
    return;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    bad(c, "cannot read case.json: %s", strerror(errno));
    if (fd >= 0)
      (void)close(fd);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    bad(c, "case.json is not a regular file");
    (void)close(fd);
    return;
  }
  json_error_t e;
  c->cj = json_loadfd(fd, JSON_REJECT_DUPLICATES, &e);
  (void)close(fd);
  if (c->cj == NULL) {
    bad(c, "case.json: line %d: %s", e.line, e.text);
    return;
  }
  if (!json_is_object(c->cj)) {
    bad(c, "case.json is not a JSON object");
    return;
  }
  json_t *name = json_object_get(c->cj, "name");
  if (json_is_string(name) && is_name(json_string_value(name)))
    c->name = json_string_value(name);
  else
    bad(c, "name is not a string of [a-z0-9-]");
  if (strcmp(c->name, base_name(c->dir)) != 0)
    bad(c, "name \"%s\" is not the directory name \"%s\"", c->name,
        base_name(c->dir));
  json_t *format = json_object_get(c->cj, "format");
  if (!json_is_integer(format) || json_integer_value(format) != 1)
    bad(c, "format is not 1");
  const char *tee = json_string_value(json_object_get(c->cj, "tee"));
  if (tee != NULL && (strcmp(tee, "snp") == 0 || strcmp(tee, "tdx") == 0))
    c->tee = tee;
  else
    bad(c, "tee is not \"snp\" or \"tdx\"");
  const char *now = json_string_value(json_object_get(c->cj, "now"));
  if (now != NULL && is_now(now))
    c->now = now;
  else
    bad(c, "now is not a time of the form YYYY-MM-DDTHH:MM:SSZ");

  json_t *expect = json_object_get(c->cj, "expect");
  if (!json_is_object(expect)) {
    bad(c, "no expect object");
    return;
  }
  const char *verdict = json_string_value(json_object_get(expect, "verdict"));
  if (verdict == NULL ||
      (strcmp(verdict, "accept") != 0 && strcmp(verdict, "reject") != 0)) {
    bad(c, "expect.verdict is not \"accept\" or \"reject\"");
    return;
  }
  c->verdict = verdict;
  json_t *reason = json_object_get(expect, "reason");
  if (reason != NULL && !json_is_null(reason)) {
    c->reason = json_string_value(reason);
    if (c->reason == NULL ||
        !in_list(c->reason, REASONS, sizeof REASONS / sizeof REASONS[0]))
      bad(c, "expect.reason is not a reason code of spec/CASES.md");
  }
  if (strcmp(verdict, "accept") == 0 && reason != NULL && !json_is_null(reason))
    bad(c, "expect.reason is given on accept");
  if (strcmp(verdict, "reject") == 0 && c->reason == NULL)
    bad(c, "expect.reason is missing on reject");
  json_t *tcb = json_object_get(expect, "tcb_status");
  if (tcb != NULL) {
    c->has_tcb = 1;
    c->tcb = json_string_value(tcb);
    if (!json_is_null(tcb) &&
        (c->tcb == NULL ||
         !in_list(c->tcb, STATUSES, sizeof STATUSES / sizeof STATUSES[0])))
      bad(c, "expect.tcb_status is not a TDX status of spec/CASES.md");
    if (c->tcb != NULL && c->tee != NULL && strcmp(c->tee, "snp") == 0)
      bad(c, "expect.tcb_status is given for SNP");
  }
  conf_describe(c->expected, sizeof c->expected, c->verdict, c->reason, c->tcb);
}

static int by_name(const void *a, const void *b) {
  const conf_case *x = a, *y = b;
  int d = strcmp(x->name, y->name);
  return d != 0 ? d : strcmp(x->dir, y->dir);
}

int conf_cases_load(conf_case_list *l, char *err, size_t err_len) {
  for (size_t i = 0; i < l->n; i++)
    load_one(&l->items[i]);
  if (l->n > 1)
    qsort(l->items, l->n, sizeof *l->items, by_name);
  for (size_t i = 1; i < l->n; i++)
    if (strcmp(l->items[i - 1].name, l->items[i].name) == 0) {
      (void)snprintf(err, err_len, "two cases named %s: %s and %s",
                     l->items[i].name, l->items[i - 1].dir, l->items[i].dir);
      return -1;
    }
  return 0;
}
