/* libcontrast-sim-sevguest.so: a simulated /dev/sev-guest (spec/snp.md
 * §4.1-§4.3) and /dev/tdx_guest (spec/tdx.md §9.2) for an unmodified
 * attester, by LD_PRELOAD.
 *
 *   CONTRAST_SIM_KEYS          keys directory (`contrast-sim keys init`);
 *                              unset: opening a device fails with ENOENT,
 *                              as if it were absent
 *   CONTRAST_SEV_GUEST_DEVICE  the path emulated as /dev/sev-guest
 *                              (default /dev/sev-guest)
 *   CONTRAST_TDX_GUEST_DEVICE  the path emulated as /dev/tdx_guest (only
 *                              when set)
 *   CONTRAST_SIM_GUEST_ARGS    the guest's options, space-separated, as
 *                              `contrast-sim tsm` takes them
 *                              ("--signer vlek --measurement 00ff")
 *   CONTRAST_SIM_SEVGUEST_FAULT  comma list: fw-error:0xNN (every call
 *                              fails EIO, exitinfo2 NN), busy:N (the first
 *                              N calls EIO with VMM BUSY), status:0xNN
 *                              (MSG_REPORT_RSP.STATUS), enotty (every ioctl
 *                              ENOTTY, as with a wiped VMPCK), no-certs,
 *                              grow (the certificate size asked for grows
 *                              by a page after the first answer)
 *
 * open/openat (and their 64 and _2 variants) of a device path give a real
 * descriptor (of /dev/null) remembered in a small table; ioctl and close
 * on it are answered here, everything else goes to libc. Nothing is set
 * up until a device path is opened, so a process that never opens one is
 * unaffected. Only the interposed functions are exported. */
#undef _FORTIFY_SOURCE /* we define open() and friends ourselves */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "contrast/error.h"
#include "guest.h"
#include "sim.h"

#define EXPORT __attribute__((visibility("default")))

/* glibc's fortified entry points (declared by its headers only under
 * _FORTIFY_SOURCE). */
EXPORT int __open_2(const char *path, int flags);
EXPORT int __open64_2(const char *path, int flags);
EXPORT int __openat_2(int dirfd, const char *path, int flags);
EXPORT int __openat64_2(int dirfd, const char *path, int flags);

/* ---- the kernel ABI (include/uapi/linux/sev-guest.h, tdx-guest.h) ---- */
#define SNP_GET_REPORT 0xC0205300UL
#define SNP_GET_EXT_REPORT 0xC0205302UL
#define TDX_CMD_GET_REPORT0 0xC4405401UL
/* snp_guest_request_ioctl (32 bytes) */
#define IOC_MSG_VERSION 0
#define IOC_REQ_DATA 8
#define IOC_RESP_DATA 16
#define IOC_EXITINFO2 24
/* snp_report_req (96) / snp_ext_report_req (112) */
#define REQ_USER_DATA 0
#define REQ_VMPL 64
#define REQ_CERTS_ADDRESS 96
#define REQ_CERTS_LEN 104
/* MSG_REPORT_RSP in snp_report_resp.data[4000] */
#define RESP_SIZE 4000
#define RESP_STATUS 0
#define RESP_REPORT_SIZE 4
#define RESP_REPORT 0x20
#define FW_INVALID_PARAM 0x16u
#define VMM_ERR_INVALID_LEN (UINT64_C(1) << 32)
#define VMM_ERR_BUSY (UINT64_C(2) << 32)
#define SEV_FW_BLOB_MAX_SIZE 0x4000u
#define PAGE 4096u
/* tdx_report_req */
#define TDX_REQ_REPORTDATA 0
#define TDX_REQ_TDREPORT 64

enum { DEV_NONE = 0, DEV_SNP = 1, DEV_TDX = 2 };

/* ---- libc ---- */

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*ioctl_fn)(int, unsigned long, ...);
typedef int (*close_fn)(int);

static void *next_sym(const char *name) {
  void *p = dlsym(RTLD_NEXT, name);
  if (p == NULL) {
    fprintf(stderr, "contrast-sim-sevguest: no %s in libc\n", name);
    abort();
  }
  return p;
}

#define NEXT(type, var, name)                                                 \
  type var;                                                                   \
  do {                                                                        \
    void *p_ = next_sym(name);                                                \
    memcpy(&var, &p_, sizeof var);                                            \
  } while (0)

/* ---- state ---- */

typedef struct faults {
  int has_fw_error;
  uint64_t fw_error;
  unsigned busy;
  int has_status;
  uint32_t status;
  int enotty, no_certs, grow;
} faults;

#define MAX_FDS 64

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct {
  int fd, kind;
} fds[MAX_FDS];
static int fds_used; /* fds[0..fds_used) may hold entries */
static sim_snp_guest *snp;
static sim_tdx_guest *tdx;
static int faults_read;
static faults fault;
static size_t grow_extra; /* added to the certificate size asked for */

static const char *env(const char *name) {
  const char *v = getenv(name);
  return v != NULL && v[0] != '\0' ? v : NULL;
}

static int device_kind(int dirfd, const char *path) {
  if (path == NULL || (path[0] != '/' && dirfd != AT_FDCWD))
    return DEV_NONE;
  const char *s = env("CONTRAST_SEV_GUEST_DEVICE");
  if (strcmp(path, s != NULL ? s : "/dev/sev-guest") == 0)
    return DEV_SNP;
  const char *t = env("CONTRAST_TDX_GUEST_DEVICE");
  if (t != NULL && strcmp(path, t) == 0)
    return DEV_TDX;
  return DEV_NONE;
}

static int read_faults(void) {
  const char *v = env("CONTRAST_SIM_SEVGUEST_FAULT");
  if (v == NULL)
    return 0;
  char buf[256];
  if (strlen(v) >= sizeof buf)
    return -1;
  memcpy(buf, v, strlen(v) + 1);
  char *save = NULL;
  for (char *t = strtok_r(buf, ",", &save); t != NULL;
       t = strtok_r(NULL, ",", &save)) {
    char *colon = strchr(t, ':');
    const char *arg = NULL;
    if (colon != NULL) {
      *colon = '\0';
      arg = colon + 1;
    }
    uint64_t n = 0;
    if (strcmp(t, "fw-error") == 0 && sim_parse_u64(arg, UINT64_MAX, &n) == 0) {
      fault.has_fw_error = 1;
      fault.fw_error = n;
    } else if (strcmp(t, "busy") == 0 && sim_parse_u64(arg, UINT64_MAX, &n) == 0 &&
               n <= 1000) {
      fault.busy = (unsigned)n;
    } else if (strcmp(t, "status") == 0 && sim_parse_u64(arg, UINT64_MAX, &n) == 0 &&
               n <= UINT32_MAX) {
      fault.has_status = 1;
      fault.status = (uint32_t)n;
    } else if (arg == NULL && strcmp(t, "enotty") == 0) {
      fault.enotty = 1;
    } else if (arg == NULL && strcmp(t, "no-certs") == 0) {
      fault.no_certs = 1;
    } else if (arg == NULL && strcmp(t, "grow") == 0) {
      fault.grow = 1;
    } else {
      fprintf(stderr,
              "contrast-sim-sevguest: CONTRAST_SIM_SEVGUEST_FAULT: bad "
              "item '%s'\n",
              t);
      return -1;
    }
  }
  return 0;
}

/* $CONTRAST_SIM_GUEST_ARGS as an argv (in one allocation, *mem). */
static int split_args(char ***argv_out, int *argc_out, char **mem) {
  *argv_out = NULL;
  *argc_out = 0;
  *mem = NULL;
  const char *v = env("CONTRAST_SIM_GUEST_ARGS");
  if (v == NULL)
    return 0;
  size_t len = strlen(v);
  char *copy = malloc(len + 1);
  char **argv = calloc(len / 2 + 2, sizeof *argv);
  if (copy == NULL || argv == NULL) {
    free(copy);
    free(argv);
    return -1;
  }
  memcpy(copy, v, len + 1);
  int n = 0;
  char *save = NULL;
  for (char *t = strtok_r(copy, " \t\n", &save); t != NULL;
       t = strtok_r(NULL, " \t\n", &save))
    argv[n++] = t;
  *argv_out = argv;
  *argc_out = n;
  *mem = copy;
  return 0;
}

/* Make the guest of kind on first use. Sets errno on failure: ENOENT
 * without keys, EINVAL for bad settings, EIO otherwise. */
static int guest_init(int kind) {
  const char *keys = env("CONTRAST_SIM_KEYS");
  if (keys == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (!faults_read) {
    if (read_faults() != 0) {
      errno = EINVAL;
      return -1;
    }
    faults_read = 1;
  }
  if ((kind == DEV_SNP && snp != NULL) || (kind == DEV_TDX && tdx != NULL))
    return 0;
  char **argv = NULL, *mem = NULL;
  int argc = 0;
  if (split_args(&argv, &argc, &mem) != 0) {
    errno = ENOMEM;
    return -1;
  }
  contrast_err err;
  contrast_err_clear(&err);
  int rc = 0;
  if (kind == DEV_SNP) {
    sim_snp_guest_config *c = calloc(1, sizeof *c);
    if (c == NULL) {
      rc = contrast_err_set(&err, CONTRAST_E_NOMEM, "out of memory");
    } else {
      rc = sim_snp_guest_config_parse(c, argc, argv, NULL, &err);
      if (rc == 0) {
        c->no_certs |= fault.no_certs;
        rc = sim_snp_guest_new(keys, c, &snp, &err);
      }
      free(c);
    }
  } else {
    sim_tdx_guest_config *c = calloc(1, sizeof *c);
    if (c == NULL) {
      rc = contrast_err_set(&err, CONTRAST_E_NOMEM, "out of memory");
    } else {
      rc = sim_tdx_guest_config_parse(c, argc, argv, NULL, &err);
      if (rc == 0)
        rc = sim_tdx_guest_new(keys, c, &tdx, &err);
      free(c);
    }
  }
  free(argv);
  free(mem);
  if (rc != 0) {
    fprintf(stderr, "contrast-sim-sevguest: %s: %s\n",
            contrast_code_name(err.code), err.detail);
    errno = err.code == CONTRAST_E_USAGE ? EINVAL : EIO;
    return -1;
  }
  return 0;
}

static int lookup(int fd) {
  for (int i = 0; i < fds_used; i++)
    if (fds[i].kind != DEV_NONE && fds[i].fd == fd)
      return i;
  return -1;
}

static int dev_open(int kind, int flags) {
  pthread_mutex_lock(&lock);
  int fd = -1;
  if (guest_init(kind) == 0) {
    int slot = -1;
    for (int i = 0; i < MAX_FDS && slot < 0; i++)
      if (fds[i].kind == DEV_NONE)
        slot = i;
    if (slot < 0) {
      errno = EMFILE;
    } else {
      NEXT(open_fn, real_open, "open");
      fd = real_open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
      if (fd >= 0) {
        fds[slot].fd = fd;
        fds[slot].kind = kind;
        if (slot >= fds_used)
          fds_used = slot + 1;
      }
    }
  }
  int saved = errno;
  pthread_mutex_unlock(&lock);
  errno = saved;
  return fd;
}

/* ---- the ioctls ---- */

static uint64_t get_u64(const uint8_t *p) {
  uint64_t v = 0;
  memcpy(&v, p, sizeof v); /* the ABI is the host's (x86-64: LE) */
  return v;
}

static uint32_t get_u32(const uint8_t *p) {
  uint32_t v = 0;
  memcpy(&v, p, sizeof v);
  return v;
}

static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, sizeof v); }
static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof v); }

static uint8_t *user_ptr(uint64_t a) { return (uint8_t *)(uintptr_t)a; }

/* EIO with exitinfo2 set, as the driver answers a failed request. */
static int fail_exitinfo(uint8_t *ioc, uint64_t exitinfo2) {
  put_u64(ioc + IOC_EXITINFO2, exitinfo2);
  errno = EIO;
  return -1;
}

static int snp_ioctl(unsigned long req, uint8_t *ioc) {
  if (fault.enotty || (req != SNP_GET_REPORT && req != SNP_GET_EXT_REPORT)) {
    errno = ENOTTY;
    return -1;
  }
  if (ioc == NULL) {
    errno = EFAULT;
    return -1;
  }
  if (ioc[IOC_MSG_VERSION] == 0) {
    errno = EINVAL;
    return -1;
  }
  uint8_t *rq = user_ptr(get_u64(ioc + IOC_REQ_DATA));
  uint8_t *resp = user_ptr(get_u64(ioc + IOC_RESP_DATA));
  if (rq == NULL || resp == NULL) {
    errno = EFAULT;
    return -1;
  }
  uint8_t user_data[64];
  memcpy(user_data, rq + REQ_USER_DATA, 64);
  uint32_t vmpl = get_u32(rq + REQ_VMPL);
  const int ext = req == SNP_GET_EXT_REPORT;
  uint8_t *certs_addr = NULL;
  uint32_t certs_len = 0;
  if (ext) {
    certs_addr = user_ptr(get_u64(rq + REQ_CERTS_ADDRESS));
    certs_len = get_u32(rq + REQ_CERTS_LEN);
    /* snp.md §4.2: no buffer -> the request goes out with no pages */
    if (certs_addr == NULL)
      certs_len = 0;
    if (certs_len != 0 &&
        (certs_len % PAGE != 0 || certs_len > SEV_FW_BLOB_MAX_SIZE)) {
      errno = EINVAL;
      return -1;
    }
  }
  if (fault.busy > 0) {
    fault.busy--;
    return fail_exitinfo(ioc, VMM_ERR_BUSY);
  }
  if (fault.has_fw_error)
    return fail_exitinfo(ioc, fault.fw_error);
  size_t table_len = 0;
  const uint8_t *table = sim_snp_guest_certs(snp, &table_len);
  if (ext && table_len > 0) {
    size_t need = table_len + grow_extra;
    if (certs_len < need) {
      /* the host's answer: too small, this many pages; the driver writes
       * the size back */
      put_u32(rq + REQ_CERTS_LEN, (uint32_t)need);
      if (fault.grow && grow_extra == 0)
        grow_extra = PAGE;
      return fail_exitinfo(ioc, VMM_ERR_INVALID_LEN);
    }
  }
  if (ext && certs_len > 0) {
    memset(certs_addr, 0, certs_len);
    if (table_len > 0)
      memcpy(certs_addr, table, table_len);
  }
  memset(resp, 0, RESP_SIZE);
  const sim_snp_guest_config *c = sim_snp_guest_config_of(snp);
  if (vmpl > 3 || vmpl < c->vmpl_floor) {
    put_u32(resp + RESP_STATUS, FW_INVALID_PARAM);
    return 0;
  }
  if (fault.has_status) {
    put_u32(resp + RESP_STATUS, fault.status);
    return 0;
  }
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_snp_guest_report(snp, user_data, vmpl, resp + RESP_REPORT, &err) !=
      0) {
    fprintf(stderr, "contrast-sim-sevguest: %s\n", err.detail);
    return fail_exitinfo(ioc, 0xffu);
  }
  put_u32(resp + RESP_REPORT_SIZE, SNP_REPORT_SIZE);
  return 0;
}

static int tdx_ioctl(unsigned long req, uint8_t *arg) {
  if (fault.enotty || req != TDX_CMD_GET_REPORT0) {
    errno = ENOTTY;
    return -1;
  }
  if (arg == NULL) {
    errno = EFAULT;
    return -1;
  }
  if (fault.has_fw_error) {
    errno = EIO;
    return -1;
  }
  uint8_t rd[64];
  memcpy(rd, arg + TDX_REQ_REPORTDATA, 64);
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_tdx_guest_tdreport(tdx, rd, arg + TDX_REQ_TDREPORT, &err) != 0) {
    fprintf(stderr, "contrast-sim-sevguest: %s\n", err.detail);
    errno = EIO;
    return -1;
  }
  return 0;
}

/* ---- the interposed functions ---- */

static int mode_arg(int flags, va_list ap) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE
             ? va_arg(ap, int)
             : 0;
}

/* The optional mode argument of an open-family call, into int var. */
#define MODE_OF(flags, var)                                                   \
  int var;                                                                    \
  do {                                                                        \
    va_list ap_;                                                              \
    va_start(ap_, flags);                                                     \
    var = mode_arg(flags, ap_);                                               \
    va_end(ap_);                                                              \
  } while (0)

/* open, open64 (is_at 0: dirfd is AT_FDCWD) and openat, openat64: a device
 * path opens the simulated device, anything else goes to libc's sym. */
static int open_any(const char *sym, int is_at, int dirfd, const char *path,
                    int flags, int mode) {
  int kind = device_kind(dirfd, path);
  if (kind != DEV_NONE)
    return dev_open(kind, flags);
  if (is_at) {
    NEXT(openat_fn, real, sym);
    return real(dirfd, path, flags, mode);
  }
  NEXT(open_fn, real, sym);
  return real(path, flags, mode);
}

EXPORT int open(const char *path, int flags, ...) {
  MODE_OF(flags, mode);
  return open_any("open", 0, AT_FDCWD, path, flags, mode);
}

EXPORT int open64(const char *path, int flags, ...) {
  MODE_OF(flags, mode);
  return open_any("open64", 0, AT_FDCWD, path, flags, mode);
}

EXPORT int openat(int dirfd, const char *path, int flags, ...) {
  MODE_OF(flags, mode);
  return open_any("openat", 1, dirfd, path, flags, mode);
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...) {
  MODE_OF(flags, mode);
  return open_any("openat64", 1, dirfd, path, flags, mode);
}

EXPORT int __open_2(const char *path, int flags) { return open(path, flags); }
EXPORT int __open64_2(const char *path, int flags) {
  return open64(path, flags);
}
EXPORT int __openat_2(int dirfd, const char *path, int flags) {
  return openat(dirfd, path, flags);
}
EXPORT int __openat64_2(int dirfd, const char *path, int flags) {
  return openat64(dirfd, path, flags);
}

EXPORT int ioctl(int fd, unsigned long req, ...) {
  va_list ap;
  va_start(ap, req);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  pthread_mutex_lock(&lock);
  int i = lookup(fd);
  int kind = i >= 0 ? fds[i].kind : DEV_NONE;
  int rc = 0, saved = 0;
  if (kind != DEV_NONE) {
    rc = kind == DEV_SNP ? snp_ioctl(req, arg) : tdx_ioctl(req, arg);
    saved = errno;
  }
  pthread_mutex_unlock(&lock);
  if (kind != DEV_NONE) {
    errno = saved;
    return rc;
  }
  NEXT(ioctl_fn, real, "ioctl");
  return real(fd, req, arg);
}

EXPORT int close(int fd) {
  pthread_mutex_lock(&lock);
  int i = lookup(fd);
  if (i >= 0)
    fds[i].kind = DEV_NONE;
  pthread_mutex_unlock(&lock);
  NEXT(close_fn, real, "close");
  return real(fd);
}

__attribute__((destructor)) static void sevguest_fini(void) {
  pthread_mutex_lock(&lock);
  sim_snp_guest_free(snp);
  sim_tdx_guest_free(tdx);
  snp = NULL;
  tdx = NULL;
  pthread_mutex_unlock(&lock);
}
