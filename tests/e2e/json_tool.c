/* contrast-json-tool: small JSON helpers for the shell tests (a fresh
 * Debian has neither jq nor python), on jansson:
 *
 *   contrast-json-tool --get FILE|- PATH
 *   contrast-json-tool --set FILE PATH JSON
 *   contrast-json-tool --del FILE PATH
 *
 * read the value at a dotted PATH (strings raw, anything else as compact
 * JSON; exit 1 if absent), set it to a JSON value (creating intermediate
 * objects), or delete it (exit 1 if absent), rewriting FILE in place.
 * Exit 2 on bad usage or an unreadable file. It shares no code with the
 * verifier: the tests use it to read and edit cases independently of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define EXIT_OK 0
#define EXIT_ABSENT 1
#define EXIT_USAGE 2

static json_t *load_json(const char *file) {
  json_error_t e;
  json_t *j = strcmp(file, "-") == 0
                  ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &e)
                  : json_load_file(file, JSON_REJECT_DUPLICATES, &e);
  if (j == NULL)
    fprintf(stderr, "contrast-json-tool: %s: line %d: %s\n", file, e.line,
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
    fprintf(stderr, "usage: contrast-json-tool %s FILE PATH%s\n", op,
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
  int rc = EXIT_OK;
  if (is_get) {
    if (v == NULL) {
      fprintf(stderr, "contrast-json-tool: %s: no %s\n", file, path);
      rc = EXIT_ABSENT;
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
    fprintf(stderr, "contrast-json-tool: %s: cannot reach %s\n", file, path);
    json_decref(root);
    return EXIT_ABSENT;
  }
  if (is_set) {
    json_error_t e;
    json_t *nv = json_loads(argv[4], JSON_DECODE_ANY, &e);
    if (nv == NULL) {
      fprintf(stderr, "contrast-json-tool: bad JSON value: %s\n", e.text);
      json_decref(root);
      return EXIT_USAGE;
    }
    rc = json_object_set_new(parent, last, nv) == 0 ? 0 : EXIT_USAGE;
  } else {
    rc = json_object_del(parent, last) == 0 ? 0 : EXIT_USAGE;
  }
  if (rc == 0 && json_dump_file(root, file, JSON_INDENT(2)) != 0) {
    fprintf(stderr, "contrast-json-tool: cannot write %s\n", file);
    rc = EXIT_USAGE;
  }
  json_decref(root);
  return rc;
}

static void usage(void) {
  fputs("usage: contrast-json-tool --get FILE|- PATH\n"
        "       contrast-json-tool --set FILE PATH JSON\n"
        "       contrast-json-tool --del FILE PATH\n",
        stderr);
}

int main(int argc, char **argv) {
  if (argc < 2 ||
      (strcmp(argv[1], "--get") != 0 && strcmp(argv[1], "--set") != 0 &&
       strcmp(argv[1], "--del") != 0)) {
    usage();
    return EXIT_USAGE;
  }
  return cmd_json(argc, argv);
}
