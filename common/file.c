/* Whole-file reads and atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contrast/util.h"
#include "guard.h"

int contrast_file_read(const char *path, size_t max, uint8_t **out,
                       size_t *len, contrast_err *err) {
  *out = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return contrast_err_set(err, CONTRAST_E_IO, "%s: cannot open: %s", path,
                            strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    (void)close(fd);
    return contrast_err_set(err, CONTRAST_E_IO, "%s: not a regular file",
                            path);
  }
  if ((uint64_t)st.st_size > (uint64_t)max) {
    (void)close(fd);
    return contrast_err_set(err, CONTRAST_E_IO,
                            "%s: larger than %zu bytes", path, max);
  }
  size_t cap = (size_t)st.st_size + 1;
  uint8_t *buf = malloc(cap);
  if (buf == NULL) {
    (void)close(fd);
    return contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
  }
  size_t got = 0;
  for (;;) {
    if (got == cap - 1) {
      /* The file may have grown since fstat: stop at the size we planned
       * for unless more is there (then refuse: it changed under us). */
      char extra;
      ssize_t e = read(fd, &extra, 1);
      if (e == 0)
        break;
      free(buf);
      (void)close(fd);
      return contrast_err_set(err, CONTRAST_E_IO, "%s: changed while read",
                              path);
    }
    ssize_t n = read(fd, buf + got, cap - 1 - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      free(buf);
      (void)close(fd);
      return contrast_err_set(err, CONTRAST_E_IO, "%s: read failed: %s", path,
                              strerror(e));
    }
    if (n == 0)
      break;
    got += (size_t)n;
  }
  (void)close(fd);
  buf[got] = '\0';
  *out = buf;
  *len = got;
  return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int contrast_file_write_atomic(const char *path, const uint8_t *data,
                               size_t len, unsigned mode, contrast_err *err) {
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 16);
  char *dircopy = strdup(path);
  if (tmp == NULL || dircopy == NULL) {
    free(tmp);
    free(dircopy);
    return contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
  }
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp.XXXXXX", 12);
  int rc = -1;
  int fd = mkostemp(tmp, O_CLOEXEC);
  if (fd < 0) {
    (void)contrast_err_set(err, CONTRAST_E_IO, "%s: cannot create: %s", tmp,
                           strerror(errno));
    goto out;
  }
  if (fchmod(fd, (mode_t)mode) != 0 || write_all(fd, data, len) != 0 ||
      fsync(fd) != 0) {
    (void)contrast_err_set(err, CONTRAST_E_IO, "%s: write failed: %s", tmp,
                           strerror(errno));
    (void)close(fd);
    (void)unlink(tmp);
    goto out;
  }
  if (close(fd) != 0 || rename(tmp, path) != 0) {
    (void)contrast_err_set(err, CONTRAST_E_IO, "%s: rename failed: %s", path,
                           strerror(errno));
    (void)unlink(tmp);
    goto out;
  }
  int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)fsync(dfd);
    (void)close(dfd);
  }
  rc = 0;
out:
  free(tmp);
  free(dircopy);
  return rc;
}
