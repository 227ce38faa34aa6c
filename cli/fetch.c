/* `contrast evidence fetch`: the guest side. Gets an SNP report or a TDX
 * quote with the caller's REPORT_DATA from the guest's device
 * (configfs-tsm, /dev/sev-guest, /dev/tdx_guest) and writes it, and for
 * SNP the host-supplied certificates, in the file names `evidence verify`
 * and spec/CASES.md use (vcek.der, cert_chain.pem, crl.der).
 * Exit 0 ok, 1 the device (or writing the result) failed, 2 bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cli.h"
#include "contrast/snp_attest.h"
#include "contrast/tdx_attest.h"
#include "contrast/tsm.h"
#include "contrast/util.h"

#define EXIT_OK 0
#define EXIT_DEVICE 1
#define EXIT_USAGE 2

static void fetch_usage(FILE *f) {
  fputs("usage: contrast evidence fetch --tee snp|tdx --report-data HEX\n"
        "           [-o FILE] [--endorsements DIR] [--via auto|tsm|ioctl]\n"
        "           [--vmpl N] [--no-certs] [--tdreport]\n"
        "\n"
        "  --report-data HEX  exactly 64 bytes (128 hex digits)\n"
        "  -o FILE            write the evidence here (else to stdout, which\n"
        "                     must not be a terminal)\n"
        "  --endorsements DIR SNP: vcek.der or vlek.der, cert_chain.pem,\n"
        "                     crl.der and certs.bin from the host\n"
        "  --via              configfs-tsm, /dev/sev-guest, or auto (default)\n"
        "  --vmpl N           SNP: the VMPL to request (0..3)\n"
        "  --no-certs         SNP: no certificate table (SNP_GET_REPORT)\n"
        "  --tdreport         TDX: the 1024-byte TDREPORT of /dev/tdx_guest\n"
        "                     (not a quote)\n"
        "\n"
        "exit status: 0 ok, 1 the device failed, 2 bad usage\n",
        f);
}

typedef struct fetch_args {
  const char *tee, *report_data, *out, *endorsements, *via, *vmpl;
  int no_certs, tdreport;
} fetch_args;

static int usage_error(const char *msg, const char *arg) {
  if (arg != NULL)
    fprintf(stderr, "contrast: %s: %s\n", msg, arg);
  else
    fprintf(stderr, "contrast: %s\n", msg);
  fputs("(contrast evidence fetch --help for usage)\n", stderr);
  return EXIT_USAGE;
}

static int fail(const contrast_err *err) {
  fprintf(stderr, "contrast: %s: %s\n", contrast_code_name(err->code),
          err->detail);
  return err->code == CONTRAST_E_USAGE ? EXIT_USAGE : EXIT_DEVICE;
}

/* Returns -1 on a usage error (printed), 1 for --help, 0 ok. */
static int parse_args(int argc, char **argv, fetch_args *a) {
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i];
    const char **slot = NULL;
    if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0)
      return 1;
    if (strcmp(o, "--no-certs") == 0) {
      a->no_certs = 1;
      continue;
    }
    if (strcmp(o, "--tdreport") == 0) {
      a->tdreport = 1;
      continue;
    }
    if (strcmp(o, "--tee") == 0)
      slot = &a->tee;
    else if (strcmp(o, "--report-data") == 0)
      slot = &a->report_data;
    else if (strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0)
      slot = &a->out;
    else if (strcmp(o, "--endorsements") == 0)
      slot = &a->endorsements;
    else if (strcmp(o, "--via") == 0)
      slot = &a->via;
    else if (strcmp(o, "--vmpl") == 0)
      slot = &a->vmpl;
    if (slot == NULL) {
      (void)usage_error(o[0] == '-' ? "unknown option" : "unexpected argument",
                        o);
      return -1;
    }
    if (i + 1 >= argc) {
      (void)usage_error("option needs a value", o);
      return -1;
    }
    if (*slot != NULL) {
      (void)usage_error("option given twice", o);
      return -1;
    }
    *slot = argv[++i];
  }
  return 0;
}

/* ---- output ---- */

static int write_stdout(const uint8_t *data, size_t len) {
  if (len > 0 && fwrite(data, 1, len, stdout) != len) {
    fprintf(stderr, "contrast: E_IO: writing to stdout: %s\n",
            strerror(errno));
    return -1;
  }
  if (fflush(stdout) != 0) {
    fprintf(stderr, "contrast: E_IO: writing to stdout: %s\n",
            strerror(errno));
    return -1;
  }
  return 0;
}

static int write_evidence(const char *path, const uint8_t *data, size_t len) {
  if (path == NULL)
    return write_stdout(data, len);
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_file_write_atomic(path, data, len, 0644, &err) != 0) {
    (void)fail(&err);
    return -1;
  }
  return 0;
}

static int write_in(const char *dir, const char *name, const uint8_t *data,
                    size_t len) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= sizeof path) {
    fprintf(stderr, "contrast: E_IO: path too long: %s/%s\n", dir, name);
    return -1;
  }
  return write_evidence(path, data, len);
}

static int make_dir(const char *dir) {
  if (mkdir(dir, 0755) == 0)
    return 0;
  int e = errno;
  struct stat st;
  if (e == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
    return 0;
  fprintf(stderr, "contrast: E_IO: cannot create directory %s: %s\n", dir,
          strerror(e));
  return -1;
}

/* Append one DER certificate as a PEM CERTIFICATE block (64-column base64,
 * as the KDS serves cert_chain). */
static int pem_append(uint8_t **buf, size_t *len, const uint8_t *der,
                      size_t der_len) {
  static const char head[] = "-----BEGIN CERTIFICATE-----\n";
  static const char tail[] = "-----END CERTIFICATE-----\n";
  if (der_len > (size_t)INT32_MAX / 2)
    return -1;
  size_t b64 = 4 * ((der_len + 2) / 3);
  size_t lines = (b64 + 63) / 64;
  size_t add = strlen(head) + b64 + lines + strlen(tail);
  uint8_t *nb = realloc(*buf, *len + add);
  if (nb == NULL)
    return -1;
  *buf = nb;
  uint8_t *p = nb + *len;
  memcpy(p, head, strlen(head));
  p += strlen(head);
  /* 48 input bytes give one 64-character line */
  for (size_t off = 0; off < der_len; off += 48) {
    size_t chunk = der_len - off < 48 ? der_len - off : 48;
    int w = EVP_EncodeBlock(p, der + off, (int)chunk);
    if (w < 0)
      return -1;
    p += w;
    *p++ = '\n';
  }
  memcpy(p, tail, strlen(tail));
  p += strlen(tail);
  *len = (size_t)(p - nb);
  return 0;
}

static const char *kind_name(snp_cert_kind k) {
  switch (k) {
  case SNP_CERT_VCEK:
    return "VCEK";
  case SNP_CERT_VLEK:
    return "VLEK";
  case SNP_CERT_ASK:
    return "ASK";
  case SNP_CERT_ARK:
    return "ARK";
  case SNP_CERT_CRL:
    return "CRL";
  case SNP_CERT_EXTRA_PLATFORM_INFO:
    return "EXTRA_PLATFORM_INFO";
  case SNP_CERT_OTHER:
    return "other";
  }
  return "other";
}

static int write_snp_endorsements(const char *dir,
                                  const snp_attest_result *r) {
  if (make_dir(dir) != 0)
    return -1;
  if (r->certs == NULL) {
    fprintf(stderr, "contrast: the host supplied no certificates: nothing "
                    "written to %s (get the VCEK from the AMD KDS)\n",
                    dir);
    return 0;
  }
  const snp_cert_entry *vcek = snp_cert_table_find(&r->table, SNP_CERT_VCEK);
  const snp_cert_entry *vlek = snp_cert_table_find(&r->table, SNP_CERT_VLEK);
  const snp_cert_entry *ask = snp_cert_table_find(&r->table, SNP_CERT_ASK);
  const snp_cert_entry *ark = snp_cert_table_find(&r->table, SNP_CERT_ARK);
  const snp_cert_entry *crl = snp_cert_table_find(&r->table, SNP_CERT_CRL);
  if (vcek != NULL && write_in(dir, "vcek.der", vcek->data, vcek->len) != 0)
    return -1;
  if (vlek != NULL && write_in(dir, "vlek.der", vlek->data, vlek->len) != 0)
    return -1;
  if (vcek == NULL && vlek == NULL)
    fprintf(stderr, "contrast: the host's table has no VCEK or VLEK\n");
  if (ask != NULL && ark != NULL) {
    uint8_t *pem = NULL;
    size_t pem_len = 0;
    if (pem_append(&pem, &pem_len, ask->data, ask->len) != 0 ||
        pem_append(&pem, &pem_len, ark->data, ark->len) != 0) {
      free(pem);
      fputs("contrast: E_NOMEM: out of memory\n", stderr);
      return -1;
    }
    int rc = write_in(dir, "cert_chain.pem", pem, pem_len);
    free(pem);
    if (rc != 0)
      return -1;
  } else if (ask != NULL || ark != NULL) {
    fprintf(stderr, "contrast: the host's table has the %s but not the %s: "
                    "cert_chain.pem not written\n",
            ask != NULL ? "ASK" : "ARK", ask != NULL ? "ARK" : "ASK");
  }
  if (crl != NULL && write_in(dir, "crl.der", crl->data, crl->len) != 0)
    return -1;
  return write_in(dir, "certs.bin", r->certs, r->certs_len);
}

/* ---- SNP ---- */

static int fetch_snp(const fetch_args *a, const uint8_t rd[64]) {
  snp_attest_opts o;
  memset(&o, 0, sizeof o);
  o.vmpl = -1;
  o.no_certs = a->no_certs;
  if (a->via == NULL || strcmp(a->via, "auto") == 0)
    o.via = SNP_VIA_AUTO;
  else if (strcmp(a->via, "tsm") == 0)
    o.via = SNP_VIA_TSM;
  else if (strcmp(a->via, "ioctl") == 0)
    o.via = SNP_VIA_IOCTL;
  else
    return usage_error("--via must be auto, tsm or ioctl", a->via);
  if (a->vmpl != NULL) {
    if (strlen(a->vmpl) != 1 || a->vmpl[0] < '0' || a->vmpl[0] > '3')
      return usage_error("--vmpl must be 0, 1, 2 or 3", a->vmpl);
    o.vmpl = a->vmpl[0] - '0';
  }
  if (a->tdreport)
    return usage_error("--tdreport goes with --tee tdx", NULL);
  if (a->no_certs && a->endorsements != NULL)
    return usage_error("--endorsements needs the certificates (drop "
                       "--no-certs)",
                       NULL);

  snp_attest_result r;
  contrast_err err;
  contrast_err_clear(&err);
  if (snp_attest(rd, &o, &r, &err) != 0)
    return fail(&err);

  int rc = EXIT_OK;
  if (write_evidence(a->out, r.report, sizeof r.report) != 0 ||
      (a->endorsements != NULL &&
       write_snp_endorsements(a->endorsements, &r) != 0)) {
    rc = EXIT_DEVICE;
  } else {
    char certs[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < r.table.n; i++) {
      char g[37];
      const char *name = kind_name(r.table.e[i].kind);
      if (r.table.e[i].kind == SNP_CERT_OTHER) {
        snp_cert_guid_str(r.table.e[i].guid, g);
        name = g;
      }
      int n = snprintf(certs + used, sizeof certs - used, "%s%s",
                       i > 0 ? ", " : "", name);
      if (n < 0 || (size_t)n >= sizeof certs - used)
        break;
      used += (size_t)n;
    }
    const char *where = r.used == SNP_VIA_TSM
                            ? "configfs-tsm at"
                            : "ioctl on";
    const char *path = r.used == SNP_VIA_TSM ? contrast_tsm_path()
                                              : snp_sev_guest_device();
    if (a->no_certs)
      fprintf(stderr, "contrast: SNP report via %s %s (certificates not "
                      "requested)",
              where, path);
    else if (r.table.n == 0)
      fprintf(stderr, "contrast: SNP report via %s %s (no certificates from "
                      "the host)",
              where, path);
    else
      fprintf(stderr, "contrast: SNP report via %s %s (certificates: %s)",
              where, path, certs);
    if (r.note[0] != '\0')
      fprintf(stderr, "; %s", r.note);
    fputc('\n', stderr);
  }
  snp_attest_result_wipe(&r);
  return rc;
}

/* ---- TDX ---- */

static int fetch_tdx(const fetch_args *a, const uint8_t rd[64]) {
  int tdreport = a->tdreport;
  if (a->via != NULL) {
    if (strcmp(a->via, "ioctl") == 0)
      tdreport = 1;
    else if (strcmp(a->via, "tsm") == 0) {
      if (a->tdreport)
        return usage_error("--tdreport comes from the ioctl, not --via tsm",
                           NULL);
    } else if (strcmp(a->via, "auto") != 0)
      return usage_error("--via must be auto, tsm or ioctl", a->via);
  }
  if (a->vmpl != NULL)
    return usage_error("--vmpl goes with --tee snp", NULL);
  if (a->no_certs)
    return usage_error("--no-certs goes with --tee snp", NULL);

  contrast_err err;
  contrast_err_clear(&err);
  if (tdreport) {
    uint8_t rep[TDX_TDREPORT_SIZE];
    if (tdx_attest_tdreport(rd, rep, &err) != 0)
      return fail(&err);
    if (write_evidence(a->out, rep, sizeof rep) != 0)
      return EXIT_DEVICE;
    fprintf(stderr, "contrast: TDX TDREPORT (%u bytes) via ioctl on %s: not "
                    "a quote (MAC'd for this platform only; it cannot be "
                    "verified remotely)\n",
            TDX_TDREPORT_SIZE, tdx_guest_device());
    if (a->endorsements != NULL)
      fprintf(stderr, "contrast: --endorsements: a TDREPORT has none; "
                      "nothing written\n");
    return EXIT_OK;
  }
  uint8_t *q = NULL;
  size_t qlen = 0;
  if (tdx_attest_quote(rd, &q, &qlen, &err) != 0)
    return fail(&err);
  int rc = write_evidence(a->out, q, qlen) != 0 ? EXIT_DEVICE : EXIT_OK;
  if (rc == EXIT_OK) {
    fprintf(stderr, "contrast: TDX quote v%u (%zu bytes) via configfs-tsm at "
                    "%s\n",
            (unsigned)q[0] | (unsigned)q[1] << 8, qlen, contrast_tsm_path());
    if (a->endorsements != NULL)
      fprintf(stderr, "contrast: --endorsements: the PCK certificate chain "
                      "is inside the quote; nothing written to %s\n",
              a->endorsements);
  }
  free(q);
  return rc;
}

int cli_evidence_fetch(int argc, char **argv) {
  fetch_args a;
  int p = parse_args(argc, argv, &a);
  if (p > 0) {
    fetch_usage(stdout);
    return EXIT_OK;
  }
  if (p < 0)
    return EXIT_USAGE;
  if (a.tee == NULL)
    return usage_error("--tee snp|tdx is required", NULL);
  if (a.report_data == NULL)
    return usage_error("--report-data HEX (64 bytes) is required", NULL);
  uint8_t rd[64];
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_hex_decode(a.report_data, rd, sizeof rd, "--report-data",
                          CONTRAST_E_USAGE, &err) != 0)
    return usage_error("--report-data must be exactly 64 bytes (128 hex "
                       "digits)",
                       err.detail);
  if (a.out == NULL && isatty(STDOUT_FILENO))
    return usage_error("stdout is a terminal: give -o FILE or redirect the "
                       "binary evidence",
                       NULL);
  if (strcmp(a.tee, "snp") == 0)
    return fetch_snp(&a, rd);
  if (strcmp(a.tee, "tdx") == 0)
    return fetch_tdx(&a, rd);
  return usage_error("--tee must be snp or tdx", a.tee);
}
