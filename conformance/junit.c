/* The JUnit XML report: one <testsuite> ("contrast-conformance") with one
 * <testcase> per case (classname = tee, name = case name), a <failure> for
 * each failed case and a <skipped/> for each skipped one — the shape that
 * Jenkins, GitLab and GitHub test reporters read. Everything printed is
 * escaped; bytes that XML 1.0 cannot carry (control characters, invalid
 * UTF-8) become '?'. */
#include <string.h>

#include "conformance.h"

/* Escape len bytes of s for an attribute value (attr) or element text. */
static void put_escaped(FILE *f, const char *s, size_t len, int attr) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t k = conf_utf8_seq(p + i, len - i);
    unsigned char b = p[i];
    if (k == 0) {
      fputc('?', f);
      i++;
      continue;
    }
    if (k > 1) {
      /* U+FFFE and U+FFFF are not XML characters. */
      if (k == 3 && b == 0xEF && p[i + 1] == 0xBF &&
          (p[i + 2] == 0xBE || p[i + 2] == 0xBF))
        fputc('?', f);
      else
        (void)fwrite(p + i, 1, k, f);
      i += k;
      continue;
    }
    switch (b) {
    case '&':
      fputs("&amp;", f);
      break;
    case '<':
      fputs("&lt;", f);
      break;
    case '>':
      fputs("&gt;", f);
      break;
    case '"':
      fputs(attr ? "&quot;" : "\"", f);
      break;
    case '\'':
      fputs(attr ? "&apos;" : "'", f);
      break;
    case '\n':
      fputs(attr ? "&#10;" : "\n", f);
      break;
    case '\t':
      fputs(attr ? "&#9;" : "\t", f);
      break;
    case '\r':
      fputs("&#13;", f);
      break;
    default:
      fputc(b < 0x20 || b == 0x7F ? '?' : b, f);
      break;
    }
    i++;
  }
}

static void put_str(FILE *f, const char *s, int attr) {
  put_escaped(f, s, strlen(s), attr);
}

int conf_junit_write(FILE *f, const conf_case_list *l, const char *verifier,
                     double seconds) {
  size_t failed = 0, skipped = 0;
  for (size_t i = 0; i < l->n; i++) {
    failed += l->items[i].status == CONF_FAIL;
    skipped += l->items[i].status == CONF_SKIP;
  }
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
  fprintf(f,
          "<testsuites name=\"" CONF_PROG "\" tests=\"%zu\" failures=\"%zu\" "
          "errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
          l->n, failed, skipped, seconds);
  fprintf(f,
          "  <testsuite name=\"" CONF_PROG "\" tests=\"%zu\" failures=\"%zu\" "
          "errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
          l->n, failed, skipped, seconds);
  fputs("    <properties>\n      <property name=\"verifier\" value=\"", f);
  put_str(f, verifier, 1);
  fputs("\"/>\n    </properties>\n", f);
  for (size_t i = 0; i < l->n; i++) {
    const conf_case *c = &l->items[i];
    fputs("    <testcase classname=\"", f);
    put_str(f, c->tee != NULL ? c->tee : "unknown", 1);
    fputs("\" name=\"", f);
    put_str(f, c->name, 1);
    fprintf(f, "\" time=\"%.3f\"", c->seconds);
    if (c->status == CONF_PASS) {
      fputs("/>\n", f);
      continue;
    }
    fputs(">\n", f);
    if (c->status == CONF_SKIP) {
      fputs("      <skipped message=\"", f);
      put_str(f, c->why, 1);
      fputs("\"/>\n", f);
    } else {
      fputs("      <failure type=\"conformance\" message=\"expected ", f);
      put_str(f, c->expected, 1);
      fputs(", got ", f);
      put_str(f, c->got, 1);
      fputs(": ", f);
      put_str(f, c->why, 1);
      fputs("\">case: ", f);
      put_str(f, c->dir, 0);
      fputs("\nexpected: ", f);
      put_str(f, c->expected, 0);
      fputs("\ngot: ", f);
      put_str(f, c->got, 0);
      fputs("\nwhy: ", f);
      put_str(f, c->why, 0);
      if (c->err_tail_len > 0) {
        fputs("\nverifier stderr (last bytes):\n", f);
        put_escaped(f, c->err_tail, c->err_tail_len, 0);
      }
      fputs("</failure>\n", f);
    }
    fputs("    </testcase>\n", f);
  }
  fputs("  </testsuite>\n</testsuites>\n", f);
  return ferror(f) ? -1 : 0;
}
