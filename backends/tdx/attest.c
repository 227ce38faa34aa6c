/* The TDX attester (spec/tdx.md §9): a DCAP quote through configfs-tsm
 * (§9.1), or a TDREPORT through TDX_CMD_GET_REPORT0 on /dev/tdx_guest
 * (§9.2). */
#include "contrast/tdx_attest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "contrast/reader.h"
#include "contrast/tsm.h"
#include "guard.h"

const char *tdx_guest_device(void) {
  const char *p = getenv("CONTRAST_TDX_GUEST_DEVICE");
  return p != NULL && p[0] != '\0' ? p : TDX_GUEST_DEFAULT_DEVICE;
}

#define QUOTE_HEADER_SIZE 48
#define TEE_TYPE_TDX 0x81u

/* Does the blob start like a DCAP quote header (tdx.md: version u16 = 4 or
 * 5, attestation key type u16, TEE type u32 = 0x81)? A CBOR/DICE token or
 * an error page from a broken host does not. */
static int check_quote_header(const uint8_t *q, size_t len,
                              contrast_err *err) {
  ENSURE(len >= QUOTE_HEADER_SIZE, E_DEVICE,
         "configfs-tsm: outblob is %zu bytes, shorter than a quote header: "
         "not a DCAP quote (CBOR/DICE?)",
         len);
  contrast_reader r;
  uint16_t version = 0, key_type = 0;
  uint32_t tee_type = 0;
  reader_init(&r, q, len, "quote header");
  GUARD(read_u16le(&r, "version", &version, err));
  GUARD(read_u16le(&r, "att_key_type", &key_type, err));
  GUARD(read_u32le(&r, "tee_type", &tee_type, err));
  ENSURE((version == 4 || version == 5) && tee_type == TEE_TYPE_TDX, E_DEVICE,
         "configfs-tsm: outblob is not a DCAP quote (CBOR/DICE?): version "
         "%u, TEE type 0x%x",
         version, tee_type);
  return 0;
}

int tdx_attest_quote(const uint8_t report_data[64], uint8_t **quote,
                     size_t *len, contrast_err *err) {
  *quote = NULL;
  *len = 0;
  ENSURE(report_data != NULL, E_USAGE, "tdx_attest_quote: no report data");
  const char *dir = contrast_tsm_path();
  ENSURE(contrast_tsm_available(dir), E_DEVICE,
         "configfs-tsm: %s is not a directory (configfs not mounted or kernel "
         "older than 6.7; /dev/tdx_guest gives only a TDREPORT)",
         dir);
  contrast_tsm_report t;
  if (contrast_tsm_get(dir, "tdx_guest", report_data, 64, -1, 0, &t, err) !=
      0) {
    contrast_tsm_report_wipe(&t);
    return -1;
  }
  if (check_quote_header(t.outblob, t.outblob_len, err) != 0) {
    contrast_tsm_report_wipe(&t);
    return -1;
  }
  *quote = t.outblob;
  *len = t.outblob_len;
  t.outblob = NULL;
  contrast_tsm_report_wipe(&t);
  return 0;
}

/* struct tdx_report_req (include/uapi/linux/tdx-guest.h), our own buffer
 * handed to the kernel. */
struct tdx_report_req {
  uint8_t reportdata[64];
  uint8_t tdreport[TDX_TDREPORT_SIZE];
};
#define TDX_CMD_GET_REPORT0 0xC4405401UL /* _IOWR('T', 1, 1088 bytes) */
_Static_assert(sizeof(struct tdx_report_req) == 1088, "tdx_report_req");
_Static_assert(((TDX_CMD_GET_REPORT0 >> 16) & 0x3fffu) ==
                   sizeof(struct tdx_report_req),
               "TDX_CMD_GET_REPORT0 size field");

static const char *errno_hint(int e) {
  switch (e) {
  case ENOENT:
    return " (not a TDX guest, or the tdx_guest driver is not loaded)";
  case EACCES:
  case EPERM:
    return " (needs root)";
  case ENOTTY:
    return " (the driver does not know TDX_CMD_GET_REPORT0: kernel older "
           "than 6.2?)";
  case EIO:
    return " (the TDCALL TDG.MR.REPORT failed)";
  case EINVAL:
    return " (the driver rejected the request)";
  default:
    return "";
  }
}

int tdx_attest_tdreport(const uint8_t report_data[64],
                        uint8_t out[TDX_TDREPORT_SIZE], contrast_err *err) {
  ENSURE(report_data != NULL, E_USAGE, "tdx_attest_tdreport: no report data");
  memset(out, 0, TDX_TDREPORT_SIZE);
  const char *dev = tdx_guest_device();
  int fd = open(dev, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    BAIL(E_DEVICE, "tdx-guest: open %s: %s%s", dev, strerror(e),
         errno_hint(e));
  }
  struct tdx_report_req req;
  memset(&req, 0, sizeof req);
  memcpy(req.reportdata, report_data, sizeof req.reportdata);
  int rc;
  do {
    rc = ioctl(fd, TDX_CMD_GET_REPORT0, &req);
  } while (rc != 0 && errno == EINTR);
  int e = errno;
  (void)close(fd);
  if (rc != 0)
    BAIL(E_DEVICE, "tdx-guest: TDX_CMD_GET_REPORT0 on %s: %s%s", dev,
         strerror(e), errno_hint(e));
  memcpy(out, req.tdreport, TDX_TDREPORT_SIZE);
  return 0;
}
