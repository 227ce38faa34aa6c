/* The SNP attester (spec/snp.md §4): a report through configfs-tsm or the
 * /dev/sev-guest ioctls, and the extended report's certificate table. */
#include "contrast/snp_attest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "contrast/reader.h"
#include "contrast/tsm.h"
#include "guard.h"

const char *snp_sev_guest_device(void) {
  const char *p = getenv("CONTRAST_SEV_GUEST_DEVICE");
  return p != NULL && p[0] != '\0' ? p : SNP_SEV_GUEST_DEFAULT_DEVICE;
}

/* ---- the certificate table ---- */

#define CERT_ENTRY_SIZE 24

/* GUIDs of snp.md §4.2, in their string form; the table stores the bytes
 * in RFC 4122 string order (the order go-sev-guest, virtee and AMD's
 * sev-guest tools store them in), so snp_cert_guid_str of an entry's GUID
 * is exactly this text. */
static const struct {
  snp_cert_kind kind;
  char guid[37];
} known_guids[] = {
    {SNP_CERT_VCEK, "63da758d-e664-4564-adc5-f4b93be8accd"},
    {SNP_CERT_VLEK, "a8074bc2-a25a-483e-aae6-39c045a0b8a1"},
    {SNP_CERT_ASK, "4ab7b379-bbac-4fe4-a02f-05aef327c782"},
    {SNP_CERT_ARK, "c0b406a4-a803-4952-9743-3fb6014cd0ae"},
    {SNP_CERT_CRL, "92f81bc3-5811-4d3d-97ff-d19f88dc67ea"},
    {SNP_CERT_EXTRA_PLATFORM_INFO, "ecae0c0f-9502-43b1-afa2-0ae2e0d565b6"},
};

static snp_cert_kind kind_of(const uint8_t guid[16]) {
  char s[37];
  snp_cert_guid_str(guid, s);
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(known_guids); i++)
    if (strcmp(s, known_guids[i].guid) == 0)
      return known_guids[i].kind;
  return SNP_CERT_OTHER;
}

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++)
    acc |= p[i];
  return acc == 0;
}

void snp_cert_guid_str(const uint8_t guid[16], char out[37]) {
  static const char digits[] = "0123456789abcdef";
  size_t o = 0;
  for (size_t i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out[o++] = '-';
    out[o++] = digits[guid[i] >> 4];
    out[o++] = digits[guid[i] & 0x0f];
  }
  out[o] = '\0';
}

/* GHCB spec MSG_REPORT_REQ certificate table (snp.md §4.2): entries
 * { guid[16]; u32 offset; u32 length } LE, then an all-zero entry; the
 * blobs follow the table inside the same buffer. */
int snp_cert_table_parse(const uint8_t *buf, size_t len, snp_cert_table *out,
                         contrast_err *err) {
  memset(out, 0, sizeof *out);
  /* The driver zero-fills the buffer: all zero means the host has none. */
  if (len == 0 || buf == NULL || all_zero(buf, len))
    return 0;

  snp_cert_table t;
  memset(&t, 0, sizeof t);
  uint32_t offs[SNP_CERT_TABLE_MAX + 1], lens[SNP_CERT_TABLE_MAX + 1];
  contrast_reader r;
  reader_init(&r, buf, len, "certificate table");
  for (;;) {
    uint8_t guid[16];
    uint32_t off = 0, n = 0;
    if (reader_remaining(&r) < CERT_ENTRY_SIZE)
      BAIL(MALFORMED,
           "certificate table: no terminating all-zero entry within %zu bytes "
           "(%zu entries read)",
           len, t.n);
    GUARD(read_bytes(&r, "guid", sizeof guid, guid, err));
    GUARD(read_u32le(&r, "offset", &off, err));
    GUARD(read_u32le(&r, "length", &n, err));
    if (all_zero(guid, sizeof guid)) {
      ENSURE(off == 0 && n == 0, MALFORMED,
             "certificate table: entry %zu has a zero GUID but offset 0x%x "
             "length 0x%x (a terminator must be all zero)",
             t.n, off, n);
      break;
    }
    ENSURE(t.n < SNP_CERT_TABLE_MAX, MALFORMED,
           "certificate table: more than %u entries", SNP_CERT_TABLE_MAX);
    snp_cert_entry *e = &t.e[t.n];
    memcpy(e->guid, guid, sizeof guid);
    e->kind = kind_of(guid);
    offs[t.n] = off;
    lens[t.n] = n;
    t.n++;
  }
  size_t table_end = r.off; /* the terminator included */
  for (size_t i = 0; i < t.n; i++) {
    char g[37];
    snp_cert_guid_str(t.e[i].guid, g);
    size_t off = offs[i], n = lens[i];
    /* A blob inside the table would let the table be read as a
     * certificate (and vice versa). */
    ENSURE(off >= table_end, MALFORMED,
           "certificate table: entry %zu (%s) offset 0x%zx points into the "
           "table (which ends at 0x%zx)",
           i, g, off, table_end);
    ENSURE(off <= len && n <= len - off, MALFORMED,
           "certificate table: entry %zu (%s) offset 0x%zx length 0x%zx is "
           "outside the %zu-byte buffer",
           i, g, off, n, len);
    ENSURE(n > 0, MALFORMED,
           "certificate table: entry %zu (%s) has length 0", i, g);
    for (size_t j = 0; j < i; j++)
      ENSURE(memcmp(t.e[j].guid, t.e[i].guid, 16) != 0, MALFORMED,
             "certificate table: GUID %s appears twice (entries %zu and %zu)",
             g, j, i);
    t.e[i].data = buf + off;
    t.e[i].len = n;
  }
  *out = t;
  return 0;
}

const snp_cert_entry *snp_cert_table_find(const snp_cert_table *t,
                                          snp_cert_kind k) {
  if (t == NULL)
    return NULL;
  for (size_t i = 0; i < t->n && i < SNP_CERT_TABLE_MAX; i++)
    if (t->e[i].kind == k)
      return &t->e[i];
  return NULL;
}

/* SEV firmware status codes (include/uapi/linux/psp-sev.h; snp.md §4.3). */
const char *snp_fw_error_name(uint32_t code) {
  static const char *const names[] = {
      [0x00] = "SUCCESS",
      [0x01] = "INVALID_PLATFORM_STATE",
      [0x02] = "INVALID_GUEST_STATE",
      [0x03] = "INVALID_CONFIG",
      [0x04] = "INVALID_LEN",
      [0x05] = "ALREADY_OWNED",
      [0x06] = "INVALID_CERTIFICATE",
      [0x07] = "POLICY_FAILURE",
      [0x08] = "INACTIVE",
      [0x09] = "INVALID_ADDRESS",
      [0x0A] = "BAD_SIGNATURE",
      [0x0B] = "BAD_MEASUREMENT",
      [0x0C] = "ASID_OWNED",
      [0x0D] = "INVALID_ASID",
      [0x0E] = "WBINVD_REQUIRED",
      [0x0F] = "DFFLUSH_REQUIRED",
      [0x10] = "INVALID_GUEST",
      [0x11] = "INVALID_COMMAND",
      [0x12] = "ACTIVE",
      [0x13] = "HWSEV_RET_PLATFORM",
      [0x14] = "HWSEV_RET_UNSAFE",
      [0x15] = "UNSUPPORTED",
      [0x16] = "INVALID_PARAM",
      [0x17] = "RESOURCE_LIMIT",
      [0x18] = "SECURE_DATA_INVALID",
      [0x19] = "INVALID_PAGE_SIZE",
      [0x1A] = "INVALID_PAGE_STATE",
      [0x1B] = "INVALID_MDATA_ENTRY",
      [0x1C] = "INVALID_PAGE_OWNER",
      [0x1D] = "AEAD_OFLOW",
      [0x1F] = "EXIT_RING_BUFFER",
      [0x20] = "RMP_INIT_REQUIRED",
      [0x21] = "BAD_SVN",
      [0x22] = "BAD_VERSION",
      [0x23] = "SHUTDOWN_REQUIRED",
      [0x24] = "UPDATE_FAILED",
      [0x25] = "RESTORE_REQUIRED",
      [0x26] = "RMP_INITIALIZATION_FAILED",
      [0x27] = "INVALID_KEY",
      [0x28] = "SHUTDOWN_INCOMPLETE",
  };
  if (code < CONTRAST_ARRAY_LEN(names) && names[code] != NULL)
    return names[code];
  return "UNKNOWN";
}

/* ---- /dev/sev-guest (include/uapi/linux/sev-guest.h; snp.md §4.1) ----
 * The kernel ABI structs, written out with explicit padding so that their
 * sizes and offsets are checked here rather than taken from a header that
 * may be missing. These are our own request buffers handed to the kernel,
 * not wire data: the response is parsed with the bounded reader. */
struct sg_report_req {
  uint8_t user_data[64];
  uint32_t vmpl;
  uint8_t rsvd[28];
};
struct sg_ext_report_req {
  struct sg_report_req data;
  uint64_t certs_address;
  uint32_t certs_len;
  uint32_t pad; /* the kernel struct's tail padding */
};
struct sg_request {
  uint8_t msg_version;
  uint8_t pad[7];
  uint64_t req_data;
  uint64_t resp_data;
  uint64_t exitinfo2; /* fw_error: low 32 bits, vmm_error: high 32 bits */
};

#define SG_RESP_SIZE 4000 /* struct snp_report_resp */
#define SG_GET_REPORT 0xC0205300UL     /* _IOWR('S', 0, 32 bytes) */
#define SG_GET_EXT_REPORT 0xC0205302UL /* _IOWR('S', 2, 32 bytes) */
#define SG_IOC_SIZE(nr) (((nr) >> 16) & 0x3fffu)

_Static_assert(sizeof(struct sg_report_req) == 96, "snp_report_req");
_Static_assert(sizeof(struct sg_ext_report_req) == 112, "snp_ext_report_req");
_Static_assert(offsetof(struct sg_ext_report_req, certs_address) == 96,
               "certs_address");
_Static_assert(offsetof(struct sg_ext_report_req, certs_len) == 104,
               "certs_len");
_Static_assert(sizeof(struct sg_request) == 32, "snp_guest_request_ioctl");
_Static_assert(offsetof(struct sg_request, req_data) == 8, "req_data");
_Static_assert(offsetof(struct sg_request, resp_data) == 16, "resp_data");
_Static_assert(offsetof(struct sg_request, exitinfo2) == 24, "exitinfo2");
_Static_assert(SG_IOC_SIZE(SG_GET_REPORT) == sizeof(struct sg_request),
               "SNP_GET_REPORT size field");
_Static_assert(SG_IOC_SIZE(SG_GET_EXT_REPORT) == sizeof(struct sg_request),
               "SNP_GET_EXT_REPORT size field");

#define VMM_ERR_INVALID_LEN 1u
#define VMM_ERR_BUSY 2u
#define EXITINFO2_NOT_SENT 0xffu /* the driver's value before issuing */
#define CERT_PAGE 4096u
#define EXT_SIZE_TRIES 3

/* "exitinfo2 0x100000000: VMM INVALID_LEN" and the like. */
static void describe_exitinfo2(uint64_t x, char *out, size_t cap) {
  uint32_t fw = (uint32_t)(x & 0xffffffffu);
  uint32_t vmm = (uint32_t)(x >> 32);
  if (x == 0) {
    out[0] = '\0';
    return;
  }
  if (x == EXITINFO2_NOT_SENT) {
    (void)snprintf(out, cap, "; exitinfo2 0xff: the request never reached "
                             "the firmware");
    return;
  }
  const char *vname = vmm == VMM_ERR_INVALID_LEN ? "INVALID_LEN"
                      : vmm == VMM_ERR_BUSY      ? "BUSY"
                                                 : "unknown";
  if (vmm != 0 && fw != 0)
    (void)snprintf(out, cap,
                   "; exitinfo2 0x%llx: VMM error %u (%s), firmware error "
                   "0x%x %s",
                   (unsigned long long)x, vmm, vname, fw,
                   snp_fw_error_name(fw));
  else if (vmm != 0)
    (void)snprintf(out, cap, "; exitinfo2 0x%llx: VMM error %u (%s)",
                   (unsigned long long)x, vmm, vname);
  else
    (void)snprintf(out, cap, "; exitinfo2 0x%llx: firmware error 0x%x %s",
                   (unsigned long long)x, fw, snp_fw_error_name(fw));
}

static const char *errno_hint(int e) {
  switch (e) {
  case ENOTTY:
    return " (the driver refuses requests (VMPCK wiped or unknown ioctl); "
           "reboot the guest)";
  case EINVAL:
    return " (the driver rejected the request: vmpl, certificate buffer "
           "size or message version)";
  case ETIMEDOUT:
    return " (the host stayed busy)";
  case EACCES:
  case EPERM:
    return " (needs root)";
  case ENOENT:
    return " (not an SNP guest, or the sev-guest driver is not loaded)";
  default:
    return "";
  }
}

static void sleep_ms(long ms) {
  struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

typedef struct sg_ctx {
  int fd;
  const char *dev;
  unsigned retries;
  long backoff_ms;
} sg_ctx;

/* One guest request. Returns 0 ok, 1 VMM INVALID_LEN (certificate buffer
 * too small: the caller reads the written-back certs_len), -1 error.
 * Throttling (VMM BUSY, EAGAIN, EBUSY) is retried with backoff; a firmware
 * error never is (a failing request may make the driver wipe the VMPCK). */
static int sg_call(const sg_ctx *c, unsigned long nr, const char *name,
                   void *req, uint8_t *resp, contrast_err *err) {
  long wait = c->backoff_ms;
  for (unsigned attempt = 0;; attempt++) {
    struct sg_request g;
    memset(&g, 0, sizeof g);
    g.msg_version = 1;
    g.req_data = (uint64_t)(uintptr_t)req;
    g.resp_data = (uint64_t)(uintptr_t)resp;
    memset(resp, 0, SG_RESP_SIZE);
    int rc = ioctl(c->fd, nr, &g);
    if (rc == 0)
      return 0;
    int e = errno;
    uint32_t fw = (uint32_t)(g.exitinfo2 & 0xffffffffu);
    uint32_t vmm = (uint32_t)(g.exitinfo2 >> 32);
    if (e == EIO && vmm == VMM_ERR_INVALID_LEN && fw == 0)
      return 1;
    int has_fw_error = fw != 0 && g.exitinfo2 != EXITINFO2_NOT_SENT;
    int throttled = vmm == VMM_ERR_BUSY || e == EAGAIN || e == EBUSY;
    char x[160];
    describe_exitinfo2(g.exitinfo2, x, sizeof x);
    if (throttled && !has_fw_error && attempt < c->retries) {
      sleep_ms(wait);
      if (wait <= 60000)
        wait *= 2;
      continue;
    }
    return contrast_err_set(
        err, CONTRAST_E_DEVICE, "sev-guest: %s on %s: %s%s%s%s", name, c->dev,
        strerror(e), errno_hint(e), x,
        throttled && !has_fw_error ? " (still busy after the retries)" : "");
  }
}

/* MSG_REPORT_RSP (snp.md §4.1): STATUS u32, REPORT_SIZE u32, 24 reserved,
 * the report at 0x20. */
static int parse_resp(const uint8_t *resp, const char *name,
                      uint8_t report[SNP_REPORT_SIZE], contrast_err *err) {
  contrast_reader r;
  uint32_t status = 0, size = 0;
  reader_init(&r, resp, SG_RESP_SIZE, "MSG_REPORT_RSP");
  GUARD(read_u32le(&r, "STATUS", &status, err));
  GUARD(read_u32le(&r, "REPORT_SIZE", &size, err));
  /* Reserved bytes are not enforced: the verifier judges the report, a
   * fetcher should not refuse what the firmware hands out. */
  GUARD(read_skip(&r, "reserved", 24, err));
  ENSURE(status == 0, E_DEVICE,
         "sev-guest: %s: MSG_REPORT_RSP STATUS 0x%x %s%s", name, status,
         snp_fw_error_name(status),
         status == 0x16 ? " (vmpl below the guest's own?)" : "");
  ENSURE(size == SNP_REPORT_SIZE, E_DEVICE,
         "sev-guest: %s: MSG_REPORT_RSP REPORT_SIZE 0x%x, expected 0x%x", name,
         size, SNP_REPORT_SIZE);
  GUARD(read_bytes(&r, "report", SNP_REPORT_SIZE, report, err));
  return 0;
}

static int get_plain(const sg_ctx *c, const struct sg_report_req *rq,
                     uint8_t *resp, uint8_t report[SNP_REPORT_SIZE],
                     contrast_err *err) {
  struct sg_report_req req = *rq;
  int rc = sg_call(c, SG_GET_REPORT, "SNP_GET_REPORT", &req, resp, err);
  if (rc == 1)
    BAIL(E_DEVICE, "sev-guest: SNP_GET_REPORT on %s: unexpected VMM "
                   "INVALID_LEN",
         c->dev);
  GUARD(rc);
  return parse_resp(resp, "SNP_GET_REPORT", report, err);
}

static int get_ext(const sg_ctx *c, const struct sg_report_req *rq,
                   uint8_t *resp, snp_attest_result *out, contrast_err *err) {
  struct sg_ext_report_req req;
  memset(&req, 0, sizeof req);
  req.data = *rq;
  /* Size query: certs_len 0. Success means the host has no certificates
   * and resp already holds the report. */
  int rc = sg_call(c, SG_GET_EXT_REPORT, "SNP_GET_EXT_REPORT", &req, resp,
                   err);
  GUARD(rc < 0 ? -1 : 0);
  uint8_t *certs = NULL;
  uint32_t have = 0;
  for (unsigned tries = 0; rc == 1; tries++) {
    uint32_t need = req.certs_len;
    if (need == 0 || need % CERT_PAGE != 0 || need > SNP_CERTS_MAX ||
        need <= have || tries == EXT_SIZE_TRIES) {
      free(certs);
      BAIL(E_DEVICE,
           "sev-guest: SNP_GET_EXT_REPORT on %s: the host asks for a "
           "certificate buffer of %u bytes (after %u bytes; must be a "
           "non-zero multiple of %u, at most %u, growing, within %u tries)",
           c->dev, need, have, CERT_PAGE, SNP_CERTS_MAX, EXT_SIZE_TRIES);
    }
    uint8_t *nb = realloc(certs, need);
    if (nb == NULL) {
      free(certs);
      BAIL(E_NOMEM, "out of memory");
    }
    certs = nb;
    memset(certs, 0, need);
    have = need;
    req.certs_address = (uint64_t)(uintptr_t)certs;
    req.certs_len = need;
    rc = sg_call(c, SG_GET_EXT_REPORT, "SNP_GET_EXT_REPORT", &req, resp, err);
    if (rc < 0) {
      free(certs);
      return -1;
    }
  }
  if (parse_resp(resp, "SNP_GET_EXT_REPORT", out->report, err) != 0) {
    free(certs);
    return -1;
  }
  out->certs = certs;
  out->certs_len = have;
  return 0;
}

static int attest_ioctl(const uint8_t report_data[64], int vmpl, int no_certs,
                        unsigned retries, long backoff_ms,
                        snp_attest_result *out, contrast_err *err) {
  sg_ctx c = {.fd = -1, .dev = snp_sev_guest_device(), .retries = retries,
              .backoff_ms = backoff_ms};
  struct sg_report_req rq;
  memset(&rq, 0, sizeof rq);
  memcpy(rq.user_data, report_data, sizeof rq.user_data);
  rq.vmpl = (uint32_t)(vmpl >= 0 ? vmpl : 0);

  c.fd = open(c.dev, O_RDWR | O_CLOEXEC);
  if (c.fd < 0) {
    int e = errno;
    BAIL(E_DEVICE, "sev-guest: open %s: %s%s", c.dev, strerror(e),
         errno_hint(e));
  }
  uint8_t *resp = calloc(1, SG_RESP_SIZE);
  if (resp == NULL) {
    (void)close(c.fd);
    BAIL(E_NOMEM, "out of memory");
  }
  int rc = no_certs ? get_plain(&c, &rq, resp, out->report, err)
                    : get_ext(&c, &rq, resp, out, err);
  free(resp);
  (void)close(c.fd);
  out->used = SNP_VIA_IOCTL;
  return rc;
}

static int attest_tsm(const char *dir, const uint8_t report_data[64],
                      int vmpl, int no_certs, snp_attest_result *out,
                      int *mkdir_errno, contrast_err *err) {
  contrast_tsm_report t;
  int rc = contrast_tsm_get(dir, "sev_guest", report_data, 64, vmpl,
                            !no_certs, &t, err);
  *mkdir_errno = t.mkdir_errno;
  if (rc != 0) {
    contrast_tsm_report_wipe(&t);
    return -1;
  }
  if (t.outblob_len != SNP_REPORT_SIZE) {
    size_t n = t.outblob_len;
    contrast_tsm_report_wipe(&t);
    BAIL(E_DEVICE,
         "configfs-tsm: %s: outblob is %zu bytes, an SNP report is %u", dir,
         n, SNP_REPORT_SIZE);
  }
  memcpy(out->report, t.outblob, SNP_REPORT_SIZE);
  out->certs = t.auxblob;
  out->certs_len = t.auxblob_len;
  t.auxblob = NULL;
  contrast_tsm_report_wipe(&t);
  out->used = SNP_VIA_TSM;
  return 0;
}

static int fallback_errno(int e) {
  return e == ENXIO || e == ENOENT || e == ENOTSUP || e == EOPNOTSUPP;
}

int snp_attest(const uint8_t report_data[64], const snp_attest_opts *o,
               snp_attest_result *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  ENSURE(report_data != NULL, E_USAGE, "snp_attest: no report data");
  snp_attest_opts d;
  memset(&d, 0, sizeof d);
  d.vmpl = -1;
  if (o == NULL)
    o = &d;
  ENSURE(o->vmpl >= -1 && o->vmpl <= 3, E_USAGE,
         "snp_attest: vmpl %d is not 0..3", o->vmpl);
  unsigned retries = o->retries != 0 ? o->retries : 5;
  long backoff = o->backoff_ms > 0 ? o->backoff_ms : 2000;

  int rc = -1;
  const char *dir = contrast_tsm_path();
  switch (o->via) {
  case SNP_VIA_TSM: {
    int me = 0;
    ENSURE(contrast_tsm_available(dir), E_DEVICE,
           "configfs-tsm: %s is not a directory (configfs not mounted or "
           "kernel older than 6.7)",
           dir);
    rc = attest_tsm(dir, report_data, o->vmpl, o->no_certs, out, &me, err);
    break;
  }
  case SNP_VIA_IOCTL:
    rc = attest_ioctl(report_data, o->vmpl, o->no_certs, retries, backoff,
                      out, err);
    break;
  case SNP_VIA_AUTO: {
    if (!contrast_tsm_available(dir)) {
      contrast_err ierr;
      contrast_err_clear(&ierr);
      rc = attest_ioctl(report_data, o->vmpl, o->no_certs, retries, backoff,
                        out, &ierr);
      if (rc != 0)
        (void)contrast_err_set(err, ierr.code,
                               "%s; configfs-tsm (%s) is not there either",
                               ierr.detail, dir);
      break;
    }
    contrast_err terr;
    contrast_err_clear(&terr);
    int me = 0;
    rc = attest_tsm(dir, report_data, o->vmpl, o->no_certs, out, &me, &terr);
    if (rc == 0)
      break;
    if (!fallback_errno(me)) {
      (void)contrast_err_set(err, terr.code, "%s", terr.detail);
      break;
    }
    (void)snprintf(out->note, sizeof out->note,
                   "configfs-tsm at %s refused the entry (%s); used the "
                   "ioctl",
                   dir, strerror(me));
    contrast_err ierr;
    contrast_err_clear(&ierr);
    rc = attest_ioctl(report_data, o->vmpl, o->no_certs, retries, backoff,
                      out, &ierr);
    if (rc != 0)
      (void)contrast_err_set(err, ierr.code, "%s (after %s)", ierr.detail,
                             terr.detail);
    break;
  }
  }
  if (rc != 0) {
    snp_attest_result_wipe(out);
    return -1;
  }
  if (out->certs != NULL &&
      snp_cert_table_parse(out->certs, out->certs_len, &out->table, err) !=
          0) {
    snp_attest_result_wipe(out);
    return -1;
  }
  if (out->certs != NULL && out->table.n == 0) {
    /* An all-zero buffer: the host has no certificates. */
    free(out->certs);
    out->certs = NULL;
    out->certs_len = 0;
  }
  return 0;
}

void snp_attest_result_wipe(snp_attest_result *r) {
  if (r == NULL)
    return;
  free(r->certs);
  memset(r, 0, sizeof *r);
}
