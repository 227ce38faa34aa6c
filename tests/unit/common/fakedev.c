/* Fake guest devices: see fakedev.h. The definitions of mkdir, rmdir, open
 * and ioctl below replace libc's for this test binary; the real work is
 * done with raw syscalls so that nothing recurses. */
#undef _FORTIFY_SOURCE /* fortify defines open() inline */

#include "fakedev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

fake_tsm_cfg fake_tsm;
fake_sg_cfg fake_sg;

void fake_reset(void) {
  memset(&fake_tsm, 0, sizeof fake_tsm);
  memset(&fake_sg, 0, sizeof fake_sg);
}

static int real_mkdir(const char *p, mode_t m) {
  return (int)syscall(SYS_mkdirat, AT_FDCWD, p, m);
}
static int real_rmdir(const char *p) {
  return (int)syscall(SYS_unlinkat, AT_FDCWD, p, AT_REMOVEDIR);
}
static int real_open(const char *p, int flags, mode_t m) {
  return (int)syscall(SYS_openat, AT_FDCWD, p, flags, m);
}

/* dir/name into out; -1 when it does not fit (the path is not used). */
static int join(char *out, size_t cap, const char *dir, const char *name) {
  int n = snprintf(out, cap, "%s/%s", dir, name);
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static void put_file(const char *dir, const char *name, const void *data,
                     size_t len) {
  char p[512];
  if (join(p, sizeof p, dir, name) != 0)
    return;
  FILE *f = fopen(p, "wb");
  if (f == NULL)
    return;
  if (len > 0)
    (void)fwrite(data, 1, len, f);
  (void)fclose(f);
}

static size_t get_file(const char *dir, const char *name, void *out,
                       size_t cap) {
  char p[512];
  if (join(p, sizeof p, dir, name) != 0)
    return 0;
  FILE *f = fopen(p, "rb");
  if (f == NULL)
    return 0;
  size_t n = fread(out, 1, cap, f);
  (void)fclose(f);
  return n;
}

/* Is path an entry directly below the fake root? */
static int is_entry(const char *path) {
  size_t n = strlen(fake_tsm.root);
  return fake_tsm.active && n > 0 && strncmp(path, fake_tsm.root, n) == 0 &&
         path[n] == '/' && path[n + 1] != '\0' &&
         strchr(path + n + 1, '/') == NULL;
}

/* Is path an attribute of an entry below the fake root? */
static int is_attr(const char *path, const char *attr) {
  size_t n = strlen(fake_tsm.root), a = strlen(attr), p = strlen(path);
  return fake_tsm.active && n > 0 && strncmp(path, fake_tsm.root, n) == 0 &&
         path[n] == '/' && p > n + a + 1 &&
         strcmp(path + p - a, attr) == 0 && path[p - a - 1] == '/';
}

static void write_generation(const char *path) {
  char dir[512];
  size_t n = strlen(path) - strlen("/generation");
  if (n >= sizeof dir)
    return;
  memcpy(dir, path, n);
  dir[n] = '\0';
  char s[64];
  if (fake_tsm.generation != NULL)
    (void)snprintf(s, sizeof s, "%s", fake_tsm.generation);
  else
    (void)snprintf(s, sizeof s, "%llu\n",
                   fake_tsm.gen0 + fake_tsm.writes +
                       (fake_tsm.writes > 0 ? fake_tsm.race : 0));
  put_file(dir, "generation", s, strlen(s));
}

int mkdir(const char *path, mode_t mode) {
  if (fake_tsm.mkdir_errno != 0 && is_entry(path)) {
    errno = fake_tsm.mkdir_errno;
    return -1;
  }
  int rc = real_mkdir(path, mode);
  if (rc != 0 || !is_entry(path))
    return rc;
  fake_tsm.mkdirs++;
  fake_tsm.writes = 0;
  if (fake_tsm.provider != NULL)
    put_file(path, "provider", fake_tsm.provider, strlen(fake_tsm.provider));
  put_file(path, "generation", "0\n", 2);
  put_file(path, "inblob", "", 0);
  put_file(path, "privlevel", "", 0);
  if (fake_tsm.outblob != NULL)
    put_file(path, "outblob", fake_tsm.outblob, fake_tsm.outblob_len);
  if (fake_tsm.auxblob != NULL)
    put_file(path, "auxblob", fake_tsm.auxblob, fake_tsm.auxblob_len);
  return 0;
}

int rmdir(const char *path) {
  if (is_entry(path)) {
    fake_tsm.rmdirs++;
    fake_tsm.inblob_len = get_file(path, "inblob", fake_tsm.inblob,
                                   sizeof fake_tsm.inblob);
    size_t n = get_file(path, "privlevel", fake_tsm.privlevel,
                        sizeof fake_tsm.privlevel - 1);
    fake_tsm.privlevel[n] = '\0';
    static const char *const attrs[] = {"provider", "generation", "inblob",
                                        "privlevel", "outblob", "auxblob"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
      char p[512];
      if (join(p, sizeof p, path, attrs[i]) == 0)
        (void)unlink(p);
    }
  }
  return real_rmdir(path);
}

int open(const char *path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list ap;
    va_start(ap, flags);
    mode = (mode_t)va_arg(ap, unsigned);
    va_end(ap);
  }
  if ((flags & O_ACCMODE) == O_WRONLY &&
      (is_attr(path, "inblob") || is_attr(path, "privlevel")))
    fake_tsm.writes++;
  if ((flags & O_ACCMODE) == O_RDONLY && is_attr(path, "generation"))
    write_generation(path);
  return real_open(path, flags, mode);
}

/* ---- /dev/sev-guest ---- */

static uint64_t ld64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void st32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static void st64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

void fake_sg_expected_report(const uint8_t user_data[64], uint8_t out[1184]) {
  for (size_t i = 0; i < 1184; i++)
    out[i] = (uint8_t)(i * 3 + 1);
  memcpy(out + 0x50, user_data, 64);
}

int ioctl(int fd, unsigned long nr, ...) {
  va_list ap;
  va_start(ap, nr);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  if (!fake_sg.active)
    return (int)syscall(SYS_ioctl, fd, nr, arg);
  size_t i = fake_sg.calls++;
  if (i >= fake_sg.n || i >= FAKE_SG_STEPS) {
    errno = EPROTO; /* the script ran out: the test sees an odd error */
    return -1;
  }
  const fake_sg_step *s = &fake_sg.steps[i];
  uint8_t *g = arg; /* struct snp_guest_request_ioctl, 32 bytes */
  uint8_t *req = (uint8_t *)(uintptr_t)ld64(g + 8);
  uint8_t *resp = (uint8_t *)(uintptr_t)ld64(g + 16);
  fake_sg.nr[i] = nr;
  fake_sg.msg_version[i] = g[0];
  memcpy(fake_sg.user_data, req, 64);
  fake_sg.vmpl[i] = (uint32_t)req[64] | (uint32_t)req[65] << 8 |
                    (uint32_t)req[66] << 16 | (uint32_t)req[67] << 24;
  int ext = (nr & 0xff) == 2;
  uint8_t *certs = NULL;
  if (ext) {
    certs = (uint8_t *)(uintptr_t)ld64(req + 96);
    fake_sg.has_certs_addr[i] = certs != NULL;
    fake_sg.certs_len[i] = (uint32_t)req[104] | (uint32_t)req[105] << 8 |
                           (uint32_t)req[106] << 16 |
                           (uint32_t)req[107] << 24;
  }
  if (ext && s->certs_len_back != 0)
    st32(req + 104, s->certs_len_back);
  if (s->exitinfo2 != 0)
    st64(g + 24, s->exitinfo2);
  if (s->err != 0) {
    errno = s->err;
    return -1;
  }
  memset(resp, 0, 4000);
  st32(resp, s->status);
  st32(resp + 4, s->report_size != 0 ? s->report_size : 0x4A0);
  fake_sg_expected_report(req, resp + 0x20);
  if (ext && certs != NULL && s->certs != NULL)
    memcpy(certs, s->certs, s->certs_len);
  return 0;
}

/* ---- removing a temp directory ---- */

static void rm_level(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    char p[1024];
    if (join(p, sizeof p, dir, de->d_name) != 0)
      continue;
    if (real_rmdir(p) != 0 && unlink(p) != 0 && depth > 0)
      rm_level(p, depth - 1);
    (void)real_rmdir(p);
  }
  closedir(d);
}

void fake_rmtree(const char *dir) {
  rm_level(dir, 2);
  (void)real_rmdir(dir);
}
