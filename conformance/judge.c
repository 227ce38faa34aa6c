/* Judging one verifier run against its case (spec/CASES.md, "The verifier
 * adapter"): the process must exit 0 (accept) or 1 (reject) with one JSON
 * object on stdout holding verdict, reason and tcb_status; the case passes
 * when they equal its expect. Every problem found is reported, in a fixed
 * order, joined with "; ". */
#include <stdarg.h>
#include <string.h>

#include "conformance.h"

/* How much of the verifier's last stderr line a failure message quotes. */
#define STDERR_QUOTE_MAX 200

static void problem(conf_case *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void problem(conf_case *c, const char *fmt, ...) {
  size_t used = strlen(c->why);
  if (used + 3 >= sizeof c->why)
    return;
  if (used > 0) {
    memcpy(c->why + used, "; ", 3);
    used += 2;
  }
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(c->why + used, sizeof c->why - used, fmt, ap);
  va_end(ap);
}

size_t conf_utf8_seq(const unsigned char *p, size_t left) {
  if (left == 0)
    return 0;
  unsigned char b = p[0];
  if (b < 0x80)
    return 1;
  size_t len;
  unsigned long cp;
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
    cp = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    cp = b & 0x0Fu;
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    cp = b & 0x07u;
  } else {
    return 0;
  }
  if (len > left)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3Fu);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return 0;
  return len;
}

void conf_printable(char *dst, size_t n, const char *src, size_t len) {
  const unsigned char *s = (const unsigned char *)src;
  size_t o = 0, i = 0;
  while (i < len) {
    size_t k = conf_utf8_seq(s + i, len - i);
    if (k == 0 || (k == 1 && (s[i] < 0x20 || s[i] == 0x7F))) {
      if (o + 1 >= n)
        break;
      dst[o++] = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : '?';
      i++;
      continue;
    }
    if (o + k >= n)
      break;
    memcpy(dst + o, s + i, k);
    o += k;
    i += k;
  }
  dst[o] = '\0';
}

/* "; stderr: LAST LINE" when the verifier wrote anything on stderr. */
static void quote_stderr(conf_case *c, const conf_run_result *r) {
  size_t end = r->err_tail_len;
  while (end > 0 &&
         (r->err_tail[end - 1] == '\n' || r->err_tail[end - 1] == '\r' ||
          r->err_tail[end - 1] == ' '))
    end--;
  if (end == 0)
    return;
  size_t begin = end;
  while (begin > 0 && r->err_tail[begin - 1] != '\n')
    begin--;
  char line[STDERR_QUOTE_MAX + 1];
  conf_printable(line, sizeof line, r->err_tail + begin, end - begin);
  problem(c, "stderr: %s", line);
}

/* " (SIGSEGV)" for the usual signals; strsignal's text differs between C
 * libraries and is not thread-safe for unknown signals everywhere. */
static const char *signal_name(int sig) {
  switch (sig) {
  case SIGHUP:
    return " (SIGHUP)";
  case SIGINT:
    return " (SIGINT)";
  case SIGQUIT:
    return " (SIGQUIT)";
  case SIGILL:
    return " (SIGILL)";
  case SIGTRAP:
    return " (SIGTRAP)";
  case SIGABRT:
    return " (SIGABRT)";
  case SIGBUS:
    return " (SIGBUS)";
  case SIGFPE:
    return " (SIGFPE)";
  case SIGKILL:
    return " (SIGKILL)";
  case SIGUSR1:
    return " (SIGUSR1)";
  case SIGSEGV:
    return " (SIGSEGV)";
  case SIGUSR2:
    return " (SIGUSR2)";
  case SIGPIPE:
    return " (SIGPIPE)";
  case SIGALRM:
    return " (SIGALRM)";
  case SIGTERM:
    return " (SIGTERM)";
  case SIGXCPU:
    return " (SIGXCPU)";
  case SIGXFSZ:
    return " (SIGXFSZ)";
  case SIGSYS:
    return " (SIGSYS)";
  default:
    return "";
  }
}

static int is_lower_hex(const char *s, size_t n) {
  if (strlen(s) != n)
    return 0;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
      return 0;
  return 1;
}

static int eq(const char *a, const char *b) {
  return (a == NULL && b == NULL) ||
         (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* What CASES.md requires of contrast's own verifier beyond the minimum. */
static void judge_strict(conf_case *c, const json_t *ans, int accepted,
                         int is_snp) {
  static const char *const more[] = {"claims", "advisory_ids", "detail"};
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
    if (json_object_get(ans, more[i]) == NULL)
      problem(c, "missing key \"%s\"", more[i]);
  json_t *detail = json_object_get(ans, "detail");
  if (detail != NULL && !json_is_string(detail))
    problem(c, "detail is not a string");
  json_t *adv = json_object_get(ans, "advisory_ids");
  if (adv != NULL) {
    int ok = json_is_array(adv);
    size_t i;
    json_t *x;
    json_array_foreach(adv, i, x) {
      if (!json_is_string(x))
        ok = 0;
    }
    if (!ok)
      problem(c, "advisory_ids is not an array of strings");
  }
  json_t *claims = json_object_get(ans, "claims");
  if (claims != NULL && !json_is_object(claims))
    problem(c, "claims is not an object");
  /* A rejection before the evidence was parsed carries no claims; once any
   * are there (and always on accept) the SNP identity fields must be. */
  if (is_snp && json_is_object(claims) &&
      (accepted || json_object_size(claims) > 0)) {
    static const struct {
      const char *key;
      size_t hex_len;
    } hexes[] = {{"report_data", 128}, {"measurement", 96}, {"host_data", 64}};
    for (size_t i = 0; i < sizeof hexes / sizeof hexes[0]; i++) {
      const char *v = json_string_value(json_object_get(claims, hexes[i].key));
      if (v == NULL || !is_lower_hex(v, hexes[i].hex_len))
        problem(c, "claims.%s is not %zu lowercase hex characters",
                hexes[i].key, hexes[i].hex_len);
    }
  }
}

static void judge_answer(conf_case *c, const conf_run_result *r, int strict) {
  const char *p = r->out != NULL ? r->out : "";
  size_t skip = strspn(p, " \t\r\n");
  if (skip == r->out_len) {
    problem(c, "invalid JSON: no output on stdout");
    quote_stderr(c, r);
    return;
  }
  json_error_t e;
  json_t *ans = json_loadb(p, r->out_len, JSON_REJECT_DUPLICATES, &e);
  if (ans == NULL || !json_is_object(ans)) {
    char text[sizeof e.text];
    conf_printable(text, sizeof text, e.text, strlen(e.text));
    problem(c, "invalid JSON on stdout: %s",
            ans == NULL ? text : "not an object");
    quote_stderr(c, r);
    json_decref(ans);
    return;
  }
  static const char *const keys[] = {"verdict", "reason", "tcb_status"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (json_object_get(ans, keys[i]) == NULL)
      problem(c, "missing key \"%s\"", keys[i]);
  json_t *jv = json_object_get(ans, "verdict");
  json_t *jr = json_object_get(ans, "reason");
  json_t *jt = json_object_get(ans, "tcb_status");
  const char *verdict = json_string_value(jv);
  const char *reason = json_string_value(jr);
  const char *tcb = json_string_value(jt);
  int accepted = verdict != NULL && strcmp(verdict, "accept") == 0;
  int rejected = verdict != NULL && strcmp(verdict, "reject") == 0;
  int is_snp = c->tee != NULL && strcmp(c->tee, "snp") == 0;
  char verdict_shown[CONF_GOT_MAX];
  conf_printable(verdict_shown, sizeof verdict_shown,
                 verdict != NULL ? verdict : "?",
                 strlen(verdict != NULL ? verdict : "?"));
  char reason_shown[CONF_GOT_MAX], tcb_shown[CONF_GOT_MAX];
  if (reason != NULL)
    conf_printable(reason_shown, sizeof reason_shown, reason, strlen(reason));
  if (tcb != NULL)
    conf_printable(tcb_shown, sizeof tcb_shown, tcb, strlen(tcb));
  conf_describe(c->got, sizeof c->got, verdict_shown,
                reason != NULL ? reason_shown : NULL,
                tcb != NULL ? tcb_shown : NULL);

  if (jv != NULL && !accepted && !rejected)
    problem(c, "verdict is not \"accept\" or \"reject\"");
  if (jr != NULL && !json_is_null(jr) && reason == NULL)
    problem(c, "reason is not a string or null");
  if (jt != NULL && !json_is_null(jt) && tcb == NULL)
    problem(c, "tcb_status is not a string or null");
  if (accepted && reason != NULL)
    problem(c, "reason must be null on accept");
  if (rejected && json_is_null(jr))
    problem(c, "reason must be a code on reject");
  if (is_snp && tcb != NULL)
    problem(c, "tcb_status must be null for SNP");
  if (strict)
    judge_strict(c, ans, accepted, is_snp);
  if ((accepted && r->code != 0) || (rejected && r->code != 1))
    problem(c, "exit status %d does not agree with verdict %s (want %d)",
            r->code, verdict, accepted ? 0 : 1);
  if ((accepted || rejected) && !eq(verdict, c->verdict))
    problem(c, "wrong verdict");
  else if ((accepted || rejected) && (reason != NULL || json_is_null(jr)) &&
           !eq(reason, c->reason))
    problem(c, "wrong reason");
  if (c->has_tcb && (tcb != NULL || json_is_null(jt)) && !eq(tcb, c->tcb))
    problem(c, "wrong tcb_status");
  json_decref(ans);
}

void conf_judge(conf_case *c, const conf_run_result *r, int strict,
                double timeout_s) {
  c->why[0] = '\0';
  (void)snprintf(c->got, sizeof c->got, "-");
  c->seconds = r->seconds;
  memcpy(c->err_tail, r->err_tail, r->err_tail_len + 1);
  c->err_tail_len = r->err_tail_len;
  switch (r->outcome) {
  case CONF_RUN_SPAWN_FAILED:
    problem(c, "cannot run the verifier: %s", strerror(r->code));
    break;
  case CONF_RUN_TIMEOUT:
    problem(c, "timed out after %g s (process group killed)", timeout_s);
    quote_stderr(c, r);
    break;
  case CONF_RUN_TOO_LARGE:
    problem(c, "output too large: more than %zu bytes on stdout",
            CONF_OUTPUT_MAX);
    break;
  case CONF_RUN_INTERRUPTED:
    problem(c, "interrupted");
    break;
  case CONF_RUN_SIGNALED:
    problem(c, "crashed: signal %d%s", r->code, signal_name(r->code));
    quote_stderr(c, r);
    break;
  case CONF_RUN_EXITED:
    if (r->code == 2) {
      problem(c, "verifier could not use the case (exit 2)");
      quote_stderr(c, r);
    } else if (r->code != 0 && r->code != 1) {
      problem(c, "exit status %d (0 accept, 1 reject, 2 unusable)", r->code);
      quote_stderr(c, r);
    } else {
      judge_answer(c, r, strict);
    }
    break;
  }
  c->status = c->why[0] == '\0' ? CONF_PASS : CONF_FAIL;
}
