/* configfs-tsm reports (spec/snp.md §4.4, spec/tdx.md §9.1).
 *
 * One private entry per call: mkdir <dir>/contrast-<pid>-<n>-<random>,
 * check `provider`, read `generation`, write `privlevel` and `inblob`, read
 * `auxblob` and `outblob`, re-read `generation`, rmdir. The generation
 * check catches another process writing to our entry between our write and
 * our read (configfs entries are visible to every root process); the
 * private name makes that unlikely, the check makes it harmless. */
#include "contrast/tsm.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"

#define TSM_TEXT_MAX 64 /* provider, generation: short text attributes */

const char *contrast_tsm_path(void) {
  const char *p = getenv("CONTRAST_TSM_PATH");
  return p != NULL && p[0] != '\0' ? p : CONTRAST_TSM_DEFAULT_PATH;
}

int contrast_tsm_available(const char *path) {
  struct stat st;
  return path != NULL && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void contrast_tsm_report_wipe(contrast_tsm_report *r) {
  if (r == NULL)
    return;
  free(r->outblob);
  free(r->auxblob);
  memset(r, 0, sizeof *r);
}

/* A short explanation of an errno at a step, for the E_DEVICE detail. */
static const char *hint(const char *step, int e) {
  int is_mkdir = strcmp(step, "mkdir") == 0;
  switch (e) {
  case ENXIO:
    return is_mkdir ? " (no TSM provider registered)" : "";
  case ENOENT:
    return is_mkdir ? " (configfs-tsm is not there: configfs not mounted or "
                      "kernel older than 6.7)"
                    : " (not a configfs-tsm report entry)";
  case EACCES:
  case EPERM:
    return " (needs root)";
  case EINVAL:
    return " (the provider refused the request: inblob length, privlevel "
           "out of range, or an invalid parameter)";
  case EBUSY:
    return " (a previous request is still in flight)";
  case ETIMEDOUT:
    return " (the host did not answer in time)";
  case EFBIG:
    return " (the report is larger than the driver's buffer)";
  case EIO:
    return " (the firmware or the host failed the request)";
  case ENOTTY:
    return " (the guest driver refuses requests; reboot the guest)";
  default:
    return "";
  }
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int dev_fail(contrast_err *err, const char *step, const char *path,
                    int e) {
  const char *h = hint(step, e);
  if (e == EINVAL && ends_with(path, "/privlevel"))
    h = " (privlevel must be privlevel_floor..3: the guest runs at a higher "
        "VMPL)";
  return contrast_err_set(err, CONTRAST_E_DEVICE,
                          "configfs-tsm: %s %s: %s%s", step, path,
                          strerror(e), h);
}

/* Read a whole attribute (until EOF) into a new buffer of at most max
 * bytes. *missing is set (and 0 returned with nothing read) when the
 * attribute does not exist and missing != NULL. */
static int read_attr(const char *path, size_t max, uint8_t **out,
                     size_t *len, int *missing, contrast_err *err) {
  *out = NULL;
  *len = 0;
  if (missing != NULL)
    *missing = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT && missing != NULL) {
      *missing = 1;
      return 0;
    }
    return dev_fail(err, "open", path, errno);
  }
  uint8_t *buf = NULL;
  size_t got = 0, cap = 0;
  for (;;) {
    if (got == cap) {
      if (cap == max) {
        /* At the bound: one more byte means the blob is too big. */
        uint8_t extra;
        ssize_t n = read(fd, &extra, 1);
        if (n < 0 && errno == EINTR)
          continue;
        if (n == 0)
          break;
        int e = errno;
        free(buf);
        (void)close(fd);
        if (n < 0)
          return dev_fail(err, "read", path, e);
        return contrast_err_set(err, CONTRAST_E_DEVICE,
                                "configfs-tsm: read %s: more than %zu bytes",
                                path, max);
      }
      size_t ncap = cap == 0 ? 4096 : (cap > max / 2 ? max : 2 * cap);
      if (ncap > max)
        ncap = max;
      uint8_t *nb = realloc(buf, ncap);
      if (nb == NULL) {
        free(buf);
        (void)close(fd);
        return contrast_err_set(err, CONTRAST_E_NOMEM, "out of memory");
      }
      buf = nb;
      cap = ncap;
    }
    ssize_t n = read(fd, buf + got, cap - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      free(buf);
      (void)close(fd);
      return dev_fail(err, "read", path, e);
    }
    if (n == 0)
      break;
    got += (size_t)n;
  }
  (void)close(fd);
  if (got == 0) {
    free(buf);
    buf = NULL;
  }
  *out = buf;
  *len = got;
  return 0;
}

/* A text attribute, NUL-terminated, one trailing newline stripped. */
static int read_text(const char *path, char *out, size_t cap,
                     contrast_err *err) {
  uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(read_attr(path, TSM_TEXT_MAX, &buf, &len, NULL, err));
  if (len > 0 && buf[len - 1] == '\n')
    len--;
  if (len >= cap || (len > 0 && memchr(buf, '\0', len) != NULL)) {
    free(buf);
    return contrast_err_set(err, CONTRAST_E_DEVICE,
                            "configfs-tsm: %s: not a short text value", path);
  }
  if (len > 0)
    memcpy(out, buf, len);
  out[len] = '\0';
  free(buf);
  return 0;
}

static int read_generation(const char *path, uint64_t *out,
                           contrast_err *err) {
  char s[TSM_TEXT_MAX];
  GUARD(read_text(path, s, sizeof s, err));
  uint64_t v = 0;
  size_t i = 0;
  for (; s[i] >= '0' && s[i] <= '9'; i++) {
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10)
      break;
    v = v * 10 + d;
  }
  ENSURE(i > 0 && s[i] == '\0', E_DEVICE,
         "configfs-tsm: %s: '%s' is not a decimal generation", path, s);
  *out = v;
  return 0;
}

/* Write data to an attribute in exactly one write(): configfs binary
 * attributes take the value on close, text attributes per write, and a
 * split write would bump the generation twice or store a partial value. */
static int write_attr(const char *path, const uint8_t *data, size_t len,
                      contrast_err *err) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return dev_fail(err, "open", path, errno);
  ssize_t n;
  do {
    n = write(fd, data, len);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    int e = errno;
    (void)close(fd);
    return dev_fail(err, "write", path, e);
  }
  if ((size_t)n != len) {
    (void)close(fd);
    return contrast_err_set(err, CONTRAST_E_DEVICE,
                            "configfs-tsm: write %s: short write (%zd of %zu "
                            "bytes)",
                            path, n, len);
  }
  /* configfs commits a binary attribute in release: its error shows here */
  if (close(fd) != 0)
    return dev_fail(err, "write", path, errno);
  return 0;
}

static int attr_path(char *out, size_t cap, const char *entry,
                     const char *attr, contrast_err *err) {
  int n = snprintf(out, cap, "%s/%s", entry, attr);
  ENSURE(n > 0 && (size_t)n < cap, E_DEVICE,
         "configfs-tsm: path too long: %s/%s", entry, attr);
  return 0;
}

/* The steps inside one entry. Returns 0 done, -1 failed, 1 raced (*g0,
 * *g1 say how). */
static int run_entry(const char *entry, const char *want_provider,
                     const uint8_t *inblob, size_t inlen, int privlevel,
                     int want_aux, contrast_tsm_report *out, uint64_t *want,
                     uint64_t *got, contrast_err *err) {
  char p[4096];

  GUARD(attr_path(p, sizeof p, entry, "provider", err));
  GUARD(read_text(p, out->provider, sizeof out->provider, err));
  ENSURE(strcmp(out->provider, want_provider) == 0, E_DEVICE,
         "configfs-tsm: provider is '%s', not '%s'", out->provider,
         want_provider);

  uint64_t g0 = 0;
  GUARD(attr_path(p, sizeof p, entry, "generation", err));
  GUARD(read_generation(p, &g0, err));
  uint64_t writes = 0;

  if (privlevel >= 0) {
    char lvl[16];
    int n = snprintf(lvl, sizeof lvl, "%d", privlevel);
    GUARD(attr_path(p, sizeof p, entry, "privlevel", err));
    GUARD(write_attr(p, (const uint8_t *)lvl, (size_t)n, err));
    writes++;
  }
  GUARD(attr_path(p, sizeof p, entry, "inblob", err));
  GUARD(write_attr(p, inblob, inlen, err));
  writes++;

  if (want_aux) {
    int missing = 0;
    GUARD(attr_path(p, sizeof p, entry, "auxblob", err));
    GUARD(read_attr(p, CONTRAST_TSM_BLOB_MAX, &out->auxblob,
                    &out->auxblob_len, &missing, err));
  }
  GUARD(attr_path(p, sizeof p, entry, "outblob", err));
  GUARD(read_attr(p, CONTRAST_TSM_BLOB_MAX, &out->outblob, &out->outblob_len,
                  NULL, err));
  ENSURE(out->outblob_len > 0, E_DEVICE,
         "configfs-tsm: read %s: empty outblob", p);

  uint64_t g1 = 0;
  GUARD(attr_path(p, sizeof p, entry, "generation", err));
  GUARD(read_generation(p, &g1, err));
  *want = g0 + writes;
  *got = g1;
  return g1 == g0 + writes ? 0 : 1;
}

static unsigned next_counter(void) {
  static unsigned counter;
  return __atomic_fetch_add(&counter, 1u, __ATOMIC_RELAXED);
}

static uint32_t random_u32(void) {
  uint32_t r = 0;
  if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
    return r;
  /* No entropy yet (early boot): the name need only be unique, and pid +
   * counter already are within this host; mix in the clock anyway. */
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec;
}

int contrast_tsm_get(const char *dir, const char *want_provider,
                     const uint8_t *inblob, size_t inlen, int privlevel,
                     int want_aux, contrast_tsm_report *out,
                     contrast_err *err) {
  memset(out, 0, sizeof *out);
  ENSURE(dir != NULL && want_provider != NULL && (inblob != NULL || inlen == 0),
         E_USAGE, "configfs-tsm: missing argument");
  uint64_t want = 0, got = 0;
  for (unsigned attempt = 1; attempt <= CONTRAST_TSM_ATTEMPTS; attempt++) {
    char entry[4096];
    int n = snprintf(entry, sizeof entry, "%s/contrast-%ld-%u-%08" PRIx32,
                     dir, (long)getpid(), next_counter(), random_u32());
    ENSURE(n > 0 && (size_t)n < sizeof entry, E_DEVICE,
           "configfs-tsm: path too long: %s", dir);
    out->attempts = attempt;
    if (mkdir(entry, 0700) != 0) {
      int e = errno;
      out->mkdir_errno = e;
      return dev_fail(err, "mkdir", entry, e);
    }
    int rc = run_entry(entry, want_provider, inblob, inlen, privlevel,
                       want_aux, out, &want, &got, err);
    /* Always remove the entry; a failure here cannot change the result
     * (the report, if any, was read whole) and is not reported. */
    (void)rmdir(entry);
    if (rc == 0)
      return 0;
    free(out->outblob);
    free(out->auxblob);
    out->outblob = out->auxblob = NULL;
    out->outblob_len = out->auxblob_len = 0;
    if (rc < 0)
      return -1;
  }
  return contrast_err_set(err, CONTRAST_E_DEVICE,
                          "configfs-tsm: generation changed from %" PRIu64
                          " to %" PRIu64 " while reading outblob: another "
                          "writer raced (%u attempts)",
                          want, got, (unsigned)CONTRAST_TSM_ATTEMPTS);
}
