/* A main() for the fuzz targets without libFuzzer (gcc, valgrind, a plain
 * build): runs LLVMFuzzerTestOneInput once on every file named on the
 * command line, or on every regular file of a named directory. Exit 0 when
 * every input ran (a broken invariant aborts). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? 2 * cap : 4096;
      uint8_t *nb = realloc(buf, cap);
      if (nb == NULL) {
        free(buf);
        (void)fclose(f);
        return -1;
      }
      buf = nb;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  int bad = ferror(f);
  (void)fclose(f);
  if (bad) {
    free(buf);
    return -1;
  }
  /* an exactly sized copy, as libFuzzer passes it */
  uint8_t *exact = malloc(len ? len : 1);
  if (exact == NULL) {
    free(buf);
    return -1;
  }
  if (len > 0)
    memcpy(exact, buf, len);
  free(buf);
  (void)LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  return 0;
}

static int run_path(const char *path, size_t *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    (*count)++;
    return run_file(path);
  }
  DIR *d = opendir(path);
  if (d == NULL) {
    perror(path);
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char p[4096];
    if (e->d_name[0] == '.')
      continue;
    (void)snprintf(p, sizeof p, "%s/%s", path, e->d_name);
    if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
      (*count)++;
      if (run_file(p) != 0)
        rc = -1;
    }
  }
  (void)closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  size_t count = 0;
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-')
      continue; /* libFuzzer flags are ignored */
    if (run_path(argv[i], &count) != 0)
      rc = 1;
  }
  printf("%s: ran %zu inputs\n", argv[0], count);
  return rc;
}
