/* contrast-sim vectors DIR: the generated corpus for both TEEs.
 *
 * A fresh keys directory is made in a private temporary directory (its
 * private keys never reach DIR) and removed afterwards. DIR/sim/ (stale
 * cases first removed) receives the SNP cases (sim_snp_vectors) and the TDX
 * cases (sim_tdx_vectors), DIR/sim-roots/ the roots a verifier pins with
 * --trust-sim, and DIR/README.md a table of every case of DIR/sim and
 * DIR/real by TEE and expected outcome. DIR/real/ is read, never written. */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "sim.h"

#define PATH_CAP 4096

/* ---- files ---- */

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw) {
  (void)st;
  (void)ftw;
  int rc = flag == FTW_DP ? rmdir(path) : unlink(path);
  return rc == 0 || errno == ENOENT ? 0 : -1;
}

int sim_rmtree(const char *path, contrast_err *err) {
  struct stat st;
  if (lstat(path, &st) != 0 && errno == ENOENT)
    return 0;
  ENSURE(nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0, E_IO,
         "%s: cannot remove: %s", path, strerror(errno));
  return 0;
}

static int copy_file(const char *from, const char *to, contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(contrast_file_read(from, CONTRAST_FILE_MAX, &buf, &len, err));
  return contrast_file_write_atomic(to, buf, len, 0644, err);
}

/* Copy the tree below from into to (regular files and folders only). */
static int copy_tree(const char *from, const char *to, contrast_err *err) {
  GUARD(sim_mkdirs(to, err));
  DIR *d = opendir(from);
  ENSURE(d != NULL, E_IO, "%s: %s", from, strerror(errno));
  int rc = 0;
  struct dirent *e;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char a[PATH_CAP], b[PATH_CAP];
    if (snprintf(a, sizeof a, "%s/%s", from, e->d_name) >= (int)sizeof a ||
        snprintf(b, sizeof b, "%s/%s", to, e->d_name) >= (int)sizeof b) {
      rc = contrast_err_set(err, CONTRAST_E_IO, "path too long");
      break;
    }
    struct stat st;
    if (lstat(a, &st) != 0)
      rc = contrast_err_set(err, CONTRAST_E_IO, "%s: %s", a, strerror(errno));
    else if (S_ISDIR(st.st_mode))
      rc = copy_tree(a, b, err);
    else if (S_ISREG(st.st_mode))
      rc = copy_file(a, b, err);
  }
  closedir(d);
  return rc;
}

/* ---- the README ---- */

typedef struct case_info {
  char tee[4];
  char name[128];
  int real;
  int accept;
  char reason[32];
  char status[48]; /* "" when the case gives none, "null" for null */
  char trust[8];
} case_info;

typedef struct case_list {
  case_info *v;
  size_t n, cap;
} case_list;

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every DIR/<sub>/<case>/case.json, in name order. */
static int scan(const char *root, const char *sub, int real, case_list *out,
                contrast_err *err) {
  char dir[PATH_CAP];
  ENSURE(snprintf(dir, sizeof dir, "%s/%s", root, sub) < (int)sizeof dir, E_IO,
         "path too long");
  DIR *d = opendir(dir);
  if (d == NULL)
    return 0; /* a half that is absent has no cases */
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      char **grown = realloc(names, cap * sizeof *names);
      if (grown == NULL) {
        rc = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
        break;
      }
      names = grown;
    }
    names[n] = strdup(e->d_name);
    if (names[n] == NULL) {
      rc = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
      break;
    }
    n++;
  }
  closedir(d);
  if (rc == 0 && n > 0)
    qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    char path[PATH_CAP];
    if (snprintf(path, sizeof path, "%s/%s/case.json", dir, names[i]) >=
        (int)sizeof path)
      continue;
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (j == NULL)
      continue; /* not a case directory (SOURCES.md, ...) */
    if (out->n == out->cap) {
      out->cap = out->cap ? 2 * out->cap : 256;
      case_info *grown = realloc(out->v, out->cap * sizeof *out->v);
      if (grown == NULL) {
        json_decref(j);
        rc = contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
        break;
      }
      out->v = grown;
    }
    case_info *ci = &out->v[out->n];
    memset(ci, 0, sizeof *ci);
    const char *tee = json_string_value(json_object_get(j, "tee"));
    const char *trust = json_string_value(json_object_get(j, "trust"));
    (void)snprintf(ci->trust, sizeof ci->trust, "%s",
                   trust != NULL ? trust : "?");
    const char *name = json_string_value(json_object_get(j, "name"));
    json_t *ex = json_object_get(j, "expect");
    const char *verdict = json_string_value(json_object_get(ex, "verdict"));
    const char *reason = json_string_value(json_object_get(ex, "reason"));
    json_t *st = json_object_get(ex, "tcb_status");
    (void)snprintf(ci->tee, sizeof ci->tee, "%s", tee != NULL ? tee : "?");
    (void)snprintf(ci->name, sizeof ci->name, "%s",
                   name != NULL ? name : names[i]);
    ci->real = real;
    ci->accept = verdict != NULL && strcmp(verdict, "accept") == 0;
    (void)snprintf(ci->reason, sizeof ci->reason, "%s",
                   reason != NULL ? reason : "");
    (void)snprintf(ci->status, sizeof ci->status, "%s",
                   json_is_string(st) ? json_string_value(st)
                   : json_is_null(st) ? "null"
                                      : "");
    out->n++;
    json_decref(j);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

/* A growing text buffer; on OOM it stops growing and says so at the end. */
typedef struct text {
  char *s;
  size_t n, cap;
  int oom;
} text;

__attribute__((format(printf, 2, 3))) static void put(text *t, const char *fmt,
                                                      ...) {
  if (t->oom)
    return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->s != NULL ? t->s + t->n : NULL,
                      t->s != NULL ? t->cap - t->n : 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
      t->oom = 1;
      return;
    }
    if (t->s != NULL && (size_t)k < t->cap - t->n) {
      t->n += (size_t)k;
      return;
    }
    size_t cap = t->cap ? 2 * t->cap : 65536;
    while (cap < t->n + (size_t)k + 1)
      cap *= 2;
    char *grown = realloc(t->s, cap);
    if (grown == NULL) {
      t->oom = 1;
      return;
    }
    t->s = grown;
    t->cap = cap;
  }
}

static const char *const TDX_STATUSES[] = {
    "UpToDate",
    "SWHardeningNeeded",
    "ConfigurationNeeded",
    "ConfigurationAndSWHardeningNeeded",
    "OutOfDate",
    "OutOfDateConfigurationNeeded",
    "Revoked",
    "TDRelaunchAdvised",
    "TDRelaunchAdvisedConfigurationNeeded",
    "NotSupported",
};

/* Codes that cannot apply to a TEE, and why (README and the count test). */
static const struct {
  const char *tee, *code, *why;
} NOT_APPLICABLE[] = {
    {"snp", "KEY_BINDING",
     "an SNP report is signed directly by the VCEK/VLEK; there is no QE "
     "report binding an attestation key"},
    {"snp", "TCB_STATUS",
     "SNP has no TCB status: the TCB is judged by TCB_MISMATCH (report vs "
     "VCEK/VLEK) and TCB_TOO_LOW (MinimumTCB)"},
    {"tdx", "TCB_MISMATCH",
     "no TDX certificate carries the TD's TCB to compare with: the PCK's TCB "
     "is matched against the TCB info, which gives a status (TCB_STATUS)"},
};

static int not_applicable(const char *tee, const char *code) {
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(NOT_APPLICABLE); i++)
    if (strcmp(NOT_APPLICABLE[i].tee, tee) == 0 &&
        strcmp(NOT_APPLICABLE[i].code, code) == 0)
      return 1;
  return 0;
}

/* Whether case c of tee is in the row: of TCB status `status` when given,
 * else accepted (accept) or rejected with `reason`. */
static int in_row(const case_info *c, const char *tee, int accept,
                  const char *reason, const char *status) {
  if (strcmp(c->tee, tee) != 0)
    return 0;
  return status != NULL ? strcmp(c->status, status) == 0
         : accept       ? c->accept
                        : !c->accept && strcmp(c->reason, reason) == 0;
}

static void row(text *t, const case_list *cl, const char *tee,
                const char *label, int accept, const char *reason,
                const char *status) {
  size_t nsim = 0, nreal = 0;
  for (size_t i = 0; i < cl->n; i++) {
    const case_info *c = &cl->v[i];
    if (in_row(c, tee, accept, reason, status))
      *(c->real ? &nreal : &nsim) += 1;
  }
  put(t, "| %s | %zu | %zu | ", label, nsim, nreal);
  int first = 1;
  for (size_t i = 0; i < cl->n; i++) {
    const case_info *c = &cl->v[i];
    if (!in_row(c, tee, accept, reason, status))
      continue;
    put(t, "%s`%s`%s", first ? "" : ", ", c->name, c->real ? " (real)" : "");
    first = 0;
  }
  put(t, "%s |\n", first ? "(none)" : "");
}

static void tee_section(text *t, const case_list *cl, const char *tee,
                        const char *title) {
  size_t total = 0;
  for (size_t i = 0; i < cl->n; i++)
    total += strcmp(cl->v[i].tee, tee) == 0;
  put(t, "\n## %s (%zu cases)\n\n", title, total);
  put(t, "| expected | generated | real | cases |\n|---|---|---|---|\n");
  row(t, cl, tee, "accept", 1, NULL, NULL);
  for (int code = CONTRAST_MALFORMED; code <= CONTRAST_REPORT_DATA; code++) {
    const char *name = contrast_code_name((contrast_code)code);
    if (not_applicable(tee, name))
      continue;
    row(t, cl, tee, name, 0, name, NULL);
  }
  if (strcmp(tee, "tdx") == 0) {
    put(t, "\nTDX TCB statuses the cases expect (`tcb_status`, on accept and "
           "reject):\n\n| tcb_status | generated | real | cases |\n"
           "|---|---|---|---|\n");
    for (size_t s = 0; s < CONTRAST_ARRAY_LEN(TDX_STATUSES); s++)
      row(t, cl, tee, TDX_STATUSES[s], 0, NULL, TDX_STATUSES[s]);
    row(t, cl, tee, "null (not computed)", 0, NULL, "null");
  }
}

static int write_readme(const char *dir, contrast_err *err) {
  case_list cl = {0};
  int rc = scan(dir, "sim/snp", 0, &cl, err);
  if (rc == 0)
    rc = scan(dir, "real/snp", 1, &cl, err);
  if (rc == 0)
    rc = scan(dir, "sim/tdx", 0, &cl, err);
  if (rc == 0)
    rc = scan(dir, "real/tdx", 1, &cl, err);
  if (rc != 0) {
    free(cl.v);
    return -1;
  }
  size_t nsim = 0, ncrl = 0;
  for (size_t i = 0; i < cl.n; i++) {
    nsim += !cl.v[i].real;
    ncrl += strstr(cl.v[i].name, "crl") != NULL && !cl.v[i].accept;
  }
  text t = {0};
  put(&t,
      "# vectors/: the case corpus\n"
      "\n"
      "<!-- generated by `contrast-sim vectors` (sim/vectors.c): do not edit "
      "-->\n"
      "\n"
      "Every case is a directory in the format of `spec/CASES.md` "
      "(`case.json` and the files it names). %zu cases: %zu generated, %zu "
      "real.\n"
      "\n"
      "| folder | what |\n"
      "|---|---|\n"
      "| `sim/snp/`, `sim/tdx/` | generated by `contrast-sim vectors` "
      "(`sim/snp_vectors.c`, `sim/tdx_vectors.c`): each case has exactly one "
      "thing wrong, or nothing (its accepting counterpart), and a description "
      "naming it. The expectation is written from the fault the generator put "
      "in, never from running a verifier. |\n"
      "| `sim-roots/` | the simulator's roots, laid out like `trust/` "
      "(`amd/<product>/{ark,ask,asvk}.pem`, `intel/sgx_root_ca.pem`). They "
      "are test keys: a verifier trusts them only when told "
      "(`--trust-sim vectors/sim-roots`), never by default. Their private "
      "keys were made in a temporary directory and deleted. |\n"
      "| `real/` | real hardware evidence with real vendor roots (`trust: "
      "amd` / `intel`), collected by hand (`real/*/SOURCES.md`); never "
      "regenerated. |\n"
      "\n"
      "Run every case against our verifier:\n"
      "\n"
      "    contrast-conformance --verifier 'contrast evidence verify --json "
      "--trust-sim vectors/sim-roots' --cases vectors\n"
      "\n"
      "Regenerate (from the source tree; under a minute; new keys and "
      "signatures, identical expectations, since every time is a constant "
      "and no clock is read):\n"
      "\n"
      "    contrast-sim vectors vectors\n"
      "\n"
      "Generated cases are `trust: sim`, except those listed below: "
      "simulator-signed evidence with the vendors' real-looking names, "
      "labelled with the real roots (`trust: amd` / `intel`), which must fail "
      "with `CHAIN` even under `--trust-sim` (roots are pinned by bytes, not "
      "names). The `now` of a case is fixed (2026-01-01T00:00:00Z unless it "
      "tests a validity bound), so the corpus does not expire.\n"
      "\n"
      "Naming contract (the conformance runner's `ignore-crl` verifier "
      "relies on it): a rejecting case whose outcome depends on a CRL (it "
      "would be accepted with every CRL and `require_crl` removed) has "
      "`crl` in its name, and no other rejecting case has (%zu such cases "
      "here).\n"
      "\n"
      "The tables list, per TEE, how many cases expect each outcome: "
      "accept, then the reason codes in the order of `spec/CASES.md` (the "
      "order a verifier checks in). `tests/unit/sim/test_vectors.c` fails "
      "when an applicable reason code has fewer than 2 cases for a TEE, or "
      "a TDX status none.\n",
      cl.n, nsim, cl.n - nsim, ncrl);
  put(&t, "\nGenerated cases labelled with real roots:");
  int any = 0;
  for (size_t i = 0; i < cl.n; i++)
    if (!cl.v[i].real && strcmp(cl.v[i].trust, "sim") != 0) {
      put(&t, "%s `%s` (%s)", any ? "," : "", cl.v[i].name, cl.v[i].trust);
      any = 1;
    }
  put(&t, "%s\n", any ? "." : " none.");
  tee_section(&t, &cl, "snp", "AMD SEV-SNP");
  tee_section(&t, &cl, "tdx", "Intel TDX");
  put(&t, "\n## Reason codes that cannot apply\n\n| TEE | code | why |\n"
          "|---|---|---|\n");
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(NOT_APPLICABLE); i++)
    put(&t, "| %s | `%s` | %s |\n",
        strcmp(NOT_APPLICABLE[i].tee, "snp") == 0 ? "SNP" : "TDX",
        NOT_APPLICABLE[i].code, NOT_APPLICABLE[i].why);
  free(cl.v);
  if (t.oom) {
    free(t.s);
    BAIL(E_NOMEM, "out of memory");
  }
  char path[PATH_CAP];
  rc = snprintf(path, sizeof path, "%s/README.md", dir) < (int)sizeof path
           ? contrast_file_write_atomic(path, (const uint8_t *)t.s, t.n, 0644,
                                        err)
           : contrast_err_set(err, CONTRAST_E_IO, "path too long");
  free(t.s);
  return rc;
}

/* ---- the command ---- */

typedef struct which {
  int snp, tdx;
} which;

static int tee_half(const char *dir, const char *keys, const char *tee,
                    size_t *count, contrast_err *err) {
  char out[PATH_CAP], roots_from[PATH_CAP], roots_to[PATH_CAP];
  const char *vendor = strcmp(tee, "snp") == 0 ? "amd" : "intel";
  ENSURE(snprintf(out, sizeof out, "%s/sim/%s", dir, tee) < (int)sizeof out &&
             snprintf(roots_from, sizeof roots_from, "%s/roots/%s", keys,
                      vendor) < (int)sizeof roots_from &&
             snprintf(roots_to, sizeof roots_to, "%s/sim-roots/%s", dir,
                      vendor) < (int)sizeof roots_to,
         E_IO, "path too long");
  GUARD(sim_rmtree(out, err));
  GUARD(sim_mkdirs(out, err));
  GUARD(sim_rmtree(roots_to, err));
  GUARD(copy_tree(roots_from, roots_to, err));
  if (strcmp(tee, "snp") == 0)
    return sim_snp_vectors(keys, out, count, err);
  return sim_tdx_vectors(keys, out, count, err);
}

static int generate(const char *dir, which w, const char *keys, size_t *nsnp,
                    size_t *ntdx, contrast_err *err) {
  if (w.snp)
    GUARD(sim_snp_keys_init(keys, err));
  if (w.tdx)
    GUARD(sim_tdx_keys_init(keys, err));
  GUARD(sim_mkdirs(dir, err));
  if (w.snp && w.tdx) {
    /* everything below DIR/sim is regenerated */
    char sim[PATH_CAP];
    ENSURE(snprintf(sim, sizeof sim, "%s/sim", dir) < (int)sizeof sim, E_IO,
           "path too long");
    GUARD(sim_rmtree(sim, err));
  }
  if (w.snp)
    GUARD(tee_half(dir, keys, "snp", nsnp, err));
  if (w.tdx)
    GUARD(tee_half(dir, keys, "tdx", ntdx, err));
  return write_readme(dir, err);
}

int sim_vectors_run(const char *dir, int snp, int tdx, size_t *nsnp,
                    size_t *ntdx, contrast_err *err) {
  *nsnp = *ntdx = 0;
  const char *tmp = getenv("TMPDIR");
  char keys[PATH_CAP];
  ENSURE(snprintf(keys, sizeof keys, "%s/contrast-sim-keys-XXXXXX",
                  tmp != NULL && *tmp != '\0' ? tmp : "/tmp") <
             (int)sizeof keys,
         E_IO, "TMPDIR too long");
  ENSURE(mkdtemp(keys) != NULL, E_IO, "mkdtemp %s: %s", keys, strerror(errno));
  which w = {snp, tdx};
  int rc = generate(dir, w, keys, nsnp, ntdx, err);
  /* the private keys never outlive the run */
  contrast_err local;
  contrast_err_clear(&local);
  if (sim_rmtree(keys, &local) != 0 && rc == 0)
    rc = contrast_err_set(err, local.code, "%s", local.detail);
  return rc;
}

int sim_cmd_vectors(int argc, char **argv) {
  const char *dir = NULL;
  int snp = 1, tdx = 1, bad = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      bad = -1;
    } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      const char *t = argv[++i];
      snp = strcmp(t, "snp") == 0;
      tdx = strcmp(t, "tdx") == 0;
      bad |= !snp && !tdx;
    } else if (argv[i][0] != '-' && dir == NULL) {
      dir = argv[i];
    } else {
      bad = 1;
    }
  }
  if (bad != 0 || dir == NULL) {
    fputs("usage: contrast-sim vectors [--only snp|tdx] DIR\n"
          "  writes the generated corpus: DIR/sim/snp/<case>/, "
          "DIR/sim/tdx/<case>/\n"
          "  (stale cases removed first), DIR/sim-roots/ (the roots to pin "
          "with\n"
          "  --trust-sim) and DIR/README.md (the table of every case of "
          "DIR/sim\n"
          "  and DIR/real). Keys are made in a temporary directory and "
          "deleted.\n"
          "  --only snp|tdx regenerates one TEE's half and its roots, "
          "keeping the\n"
          "  other half as it is.\n",
          bad == -1 ? stdout : stderr);
    return bad == -1 ? 0 : 2;
  }
  contrast_err err;
  contrast_err_clear(&err);
  size_t nsnp = 0, ntdx = 0;
  struct timespec t0, t1;
  (void)clock_gettime(CLOCK_MONOTONIC, &t0);
  if (sim_vectors_run(dir, snp, tdx, &nsnp, &ntdx, &err) != 0) {
    fprintf(stderr, "contrast-sim vectors: %s: %s\n",
            contrast_code_name(err.code), err.detail);
    return 1;
  }
  (void)clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs =
      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("contrast-sim vectors: %zu SNP and %zu TDX cases written to %s/sim "
         "in %.1f s; roots in %s/sim-roots (pin with --trust-sim); table in "
         "%s/README.md\n",
         nsnp, ntdx, dir, secs, dir, dir);
  return 0;
}
