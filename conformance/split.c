/* The --verifier string into argv, without a shell: a verifier command is
 * run with posix_spawnp, so nothing in it is expanded, globbed or
 * redirected. The quoting rules are the plain subset of sh(1) that
 * `printf %q` produces for printable strings. */
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

typedef struct words {
  char **v;
  size_t n;
  size_t cap;
} words;

static int words_push(words *w, char *s) {
  if (w->n + 2 > w->cap) {
    size_t cap = w->cap == 0 ? 8 : w->cap * 2;
    char **v = realloc(w->v, cap * sizeof *v);
    if (v == NULL)
      return -1;
    w->v = v;
    w->cap = cap;
  }
  w->v[w->n++] = s;
  w->v[w->n] = NULL;
  return 0;
}

void conf_argv_free(char **argv) {
  if (argv == NULL)
    return;
  for (char **p = argv; *p != NULL; p++)
    free(*p);
  free(argv);
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; }

int conf_split_command(const char *cmd, char ***argv_out, size_t *argc_out,
                       char *err, size_t err_len) {
  *argv_out = NULL;
  *argc_out = 0;
  words w = {0};
  /* One word is never longer than the command itself. */
  char *word = malloc(strlen(cmd) + 1);
  if (word == NULL) {
    (void)snprintf(err, err_len, "out of memory");
    return -1;
  }
  const char *p = cmd;
  for (;;) {
    while (is_blank(*p))
      p++;
    if (*p == '\0')
      break;
    size_t len = 0;
    while (*p != '\0' && !is_blank(*p)) {
      if (*p == '\'') {
        const char *end = strchr(p + 1, '\'');
        if (end == NULL) {
          (void)snprintf(err, err_len, "unterminated ' in --verifier");
          goto fail;
        }
        memcpy(word + len, p + 1, (size_t)(end - p - 1));
        len += (size_t)(end - p - 1);
        p = end + 1;
      } else if (*p == '"') {
        p++;
        while (*p != '"') {
          if (*p == '\0') {
            (void)snprintf(err, err_len, "unterminated \" in --verifier");
            goto fail;
          }
          if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
          word[len++] = *p++;
        }
        p++;
      } else if (*p == '\\') {
        if (p[1] == '\0') {
          (void)snprintf(err, err_len, "trailing \\ in --verifier");
          goto fail;
        }
        word[len++] = p[1];
        p += 2;
      } else {
        word[len++] = *p++;
      }
    }
    word[len] = '\0';
    char *copy = strdup(word);
    if (copy == NULL || words_push(&w, copy) != 0) {
      free(copy);
      (void)snprintf(err, err_len, "out of memory");
      goto fail;
    }
  }
  if (w.n == 0) {
    (void)snprintf(err, err_len, "--verifier names no command");
    goto fail;
  }
  free(word);
  *argv_out = w.v;
  *argc_out = w.n;
  return 0;
fail:
  free(word);
  conf_argv_free(w.v);
  return -1;
}
