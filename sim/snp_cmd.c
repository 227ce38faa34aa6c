/* contrast-sim snp report: build and sign an ATTESTATION_REPORT from given
 * fields (every field of spec/snp.md §1.2 settable, sensible defaults),
 * with the VCEK/VLEK of the keys directory for (chip, REPORTED_TCB) issued
 * on demand, and write files usable directly in a CASES.md case. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autofree.h"
#include "contrast/util.h"
#include "guard.h"
#include "guest.h"
#include "sim.h"
#include "snp_pki.h"

static const char usage_text[] =
    "usage: contrast-sim snp report --keys DIR -o REPORT [options]\n"
    "\n"
    "Builds an SEV-SNP ATTESTATION_REPORT (1184 bytes), signs it with the\n"
    "VCEK of (chip, REPORTED_TCB) or the VLEK of REPORTED_TCB from the keys\n"
    "directory made by `contrast-sim keys init DIR` (issued on demand), and\n"
    "writes the files a CASES.md case names.\n"
    "\n"
    "outputs:\n"
    "  -o, --out FILE            the report (required)\n"
    "  --vcek-out FILE           the VCEK (DER; PEM if FILE ends in .pem)\n"
    "  --vlek-out FILE           the VLEK (with --signer vlek)\n"
    "  --cert-chain-out FILE     ASK then ARK (ASVK then ARK for a VLEK), PEM\n"
    "  --crl-out FILE            the product's KDS CRL (DER, ARK-signed)\n"
    "\n"
    "what signs:\n"
    "  --product milan|genoa|turin  (default milan)\n"
    "  --signer vcek|vlek        (default vcek; sets SIGNER_INFO.SIGNING_KEY)\n"
    "  --chip-id HEX             CHIP_ID (64 bytes; Turin: 8, zero-padded);\n"
    "                            default: the first chip of the keys dir\n"
    "  --mask-chip-id            CHIP_ID all zero in the report (the VCEK is\n"
    "                            still the chip's)\n"
    "  --issued TIME             issue the VEK certificate again, valid from\n"
    "                            TIME (YYYY-MM-DDTHH:MM:SSZ; 7 years VCEK, 1\n"
    "                            year VLEK); default: as stored, first issued\n"
    "                            2025-06-01T00:00:00Z\n"
    "  --no-sign                 leave the signature area zero\n"
    "\n"
    "fields (numbers decimal or 0x hex; byte fields hex, shorter values are\n"
    "zero-padded on the right):\n"
    "  --version N               2..5 (default 5; any u32 is written)\n"
    "  --guest-svn N --policy U64 (default 0x30000) --vmpl N\n"
    "  --family-id HEX --image-id HEX --signature-algo N (default 1)\n"
    "  --platform-info U64       (default 0x25)\n"
    "  --signer-info U32         raw SIGNER_INFO (overrides --signer's bits)\n"
    "  --report-data HEX --measurement HEX --host-data HEX\n"
    "  --id-key-digest HEX --author-key-digest HEX\n"
    "  --report-id HEX --report-id-ma HEX (default all ff)\n"
    "  --tcb TCB                 CURRENT, REPORTED, COMMITTED and LAUNCH_TCB\n"
    "  --current-tcb TCB --reported-tcb TCB --committed-tcb TCB\n"
    "  --launch-tcb TCB          TCB: bl=N,tee=N,snp=N,ucode=N[,fmc=N] "
    "(others\n"
    "                            from the product's default TCB) or a raw\n"
    "                            0x u64\n"
    "  --cpuid FAM,MOD,STEP      CPUID bytes (v3+; default the product's)\n"
    "  --current-version MAJ.MIN.BUILD --committed-version MAJ.MIN.BUILD\n"
    "  --launch-mit-vector U64 --current-mit-vector U64 (v5+; default 1)\n";

typedef struct opts {
  const char *keys, *out, *vcek_out, *vlek_out, *chain_out, *crl_out;
  snp_product product;
  snp_vek_kind signer;
  int have_chip, mask_chip_id, no_sign, have_signer_info, have_issued;
  uint8_t chip_id[64];
  int64_t issued;
  uint32_t signer_info;
  sim_snp_report_fields f;
} opts;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt,
                                                             ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("contrast-sim snp report: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n(see contrast-sim snp report --help)\n", stderr);
  return 2;
}

/* "bl=3,tee=0,snp=23,ucode=213,fmc=1" over the product's default, or raw */
static int parse_tcb(const char *s, snp_product p, uint64_t *out) {
  if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0)
    return sim_parse_u64(s, UINT64_MAX, out);
  sim_snp_tcb t = sim_snp_tcb_default(p);
  char buf[128];
  if (strlen(s) >= sizeof buf)
    return -1;
  memcpy(buf, s, strlen(s) + 1);
  char *save = NULL;
  for (char *tok = strtok_r(buf, ",", &save); tok != NULL;
       tok = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(tok, '=');
    uint64_t v = 0;
    if (eq == NULL || sim_parse_u64(eq + 1, 255, &v) != 0)
      return -1;
    *eq = '\0';
    uint8_t b = (uint8_t)v;
    if (strcmp(tok, "bl") == 0)
      t.bl = b;
    else if (strcmp(tok, "tee") == 0)
      t.tee = b;
    else if (strcmp(tok, "snp") == 0)
      t.snp = b;
    else if (strcmp(tok, "ucode") == 0)
      t.ucode = b;
    else if (strcmp(tok, "fmc") == 0 && p == SNP_PRODUCT_TURIN)
      t.fmc = b;
    else
      return -1;
  }
  *out = sim_snp_tcb_raw(p, &t);
  return 0;
}

static int parse_triple(const char *s, char sep, uint8_t out[3]) {
  char buf[64];
  if (strlen(s) >= sizeof buf)
    return -1;
  memcpy(buf, s, strlen(s) + 1);
  char *parts[3] = {buf, NULL, NULL};
  for (int i = 1; i < 3; i++) {
    char *d = strchr(parts[i - 1], sep);
    if (d == NULL)
      return -1;
    *d = '\0';
    parts[i] = d + 1;
  }
  for (int i = 0; i < 3; i++) {
    uint64_t v = 0;
    if (sim_parse_u64(parts[i], 255, &v) != 0)
      return -1;
    out[i] = (uint8_t)v;
  }
  return 0;
}

/* The options that shape the defaults come first (product, version,
 * signer), then every field option is applied over the defaults. */
static int first_pass(int argc, char **argv, opts *o) {
  uint64_t v = 0;
  o->product = SNP_PRODUCT_MILAN;
  o->signer = SNP_VEK_VCEK;
  o->f.version = 5;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--product") == 0) {
      if (val == NULL || snp_product_from_name(val, &o->product) != 0)
        return usage_error("--product: '%s' is not milan, genoa or turin",
                           val != NULL ? val : "");
    } else if (strcmp(a, "--version") == 0) {
      if (val == NULL || sim_parse_u64(val, UINT32_MAX, &v) != 0)
        return usage_error("--version: bad value '%s'", val != NULL ? val : "");
      o->f.version = (uint32_t)v;
    } else if (strcmp(a, "--signer") == 0) {
      if (val != NULL && strcmp(val, "vcek") == 0)
        o->signer = SNP_VEK_VCEK;
      else if (val != NULL && strcmp(val, "vlek") == 0)
        o->signer = SNP_VEK_VLEK;
      else
        return usage_error("--signer: '%s' is not vcek or vlek",
                           val != NULL ? val : "");
    }
  }
  sim_snp_tcb t = sim_snp_tcb_default(o->product);
  uint32_t version = o->f.version;
  sim_snp_report_defaults(&o->f, o->product, version, o->signer, &t);
  return 0;
}

typedef struct hex_opt {
  const char *name;
  size_t off, len;
} hex_opt;

#define HEXF(name, field)                                                      \
  {                                                                            \
    name, offsetof(sim_snp_report_fields, field),                              \
        sizeof(((sim_snp_report_fields *)0)->field)                            \
  }

static const hex_opt hex_opts[] = {
    HEXF("--family-id", family_id),
    HEXF("--image-id", image_id),
    HEXF("--report-data", report_data),
    HEXF("--measurement", measurement),
    HEXF("--host-data", host_data),
    HEXF("--id-key-digest", id_key_digest),
    HEXF("--author-key-digest", author_key_digest),
    HEXF("--report-id", report_id),
    HEXF("--report-id-ma", report_id_ma),
};

typedef struct num_opt {
  const char *name;
  uint64_t max;
  int kind; /* 4: u32 field, 8: u64 field */
  size_t off;
} num_opt;

#define NUMF(name, field, max)                                                 \
  {                                                                            \
    name, max, (int)sizeof(((sim_snp_report_fields *)0)->field),               \
        offsetof(sim_snp_report_fields, field)                                 \
  }

static const num_opt num_opts[] = {
    NUMF("--guest-svn", guest_svn, UINT32_MAX),
    NUMF("--policy", policy, UINT64_MAX),
    NUMF("--vmpl", vmpl, UINT32_MAX),
    NUMF("--signature-algo", signature_algo, UINT32_MAX),
    NUMF("--platform-info", platform_info, UINT64_MAX),
    NUMF("--launch-mit-vector", launch_mit_vector, UINT64_MAX),
    NUMF("--current-mit-vector", current_mit_vector, UINT64_MAX),
};

int sim_snp_field_option(const char *a, const char *val, snp_product p,
                         sim_snp_report_fields *f, int *used,
                         contrast_err *err) {
  uint8_t *base = (uint8_t *)f;
  *used = 1;
  for (size_t k = 0; k < CONTRAST_ARRAY_LEN(hex_opts); k++)
    if (strcmp(a, hex_opts[k].name) == 0) {
      const hex_opt *h = &hex_opts[k];
      ENSURE(sim_parse_hex_pad(val, base + h->off, h->len) == 0, E_USAGE,
             "bad hex value for %s", a);
      return 0;
    }
  for (size_t k = 0; k < CONTRAST_ARRAY_LEN(num_opts); k++) {
    if (strcmp(a, num_opts[k].name) != 0)
      continue;
    uint64_t v = 0;
    ENSURE(sim_parse_u64(val, num_opts[k].max, &v) == 0, E_USAGE,
           "bad number for %s", a);
    if (num_opts[k].kind == 4) {
      uint32_t v32 = (uint32_t)v;
      memcpy(base + num_opts[k].off, &v32, sizeof v32);
    } else {
      memcpy(base + num_opts[k].off, &v, sizeof v);
    }
    return 0;
  }
  static const struct {
    const char *name;
    size_t off;
  } tcbs[] = {
      {"--current-tcb", offsetof(sim_snp_report_fields, current_tcb)},
      {"--reported-tcb", offsetof(sim_snp_report_fields, reported_tcb)},
      {"--committed-tcb", offsetof(sim_snp_report_fields, committed_tcb)},
      {"--launch-tcb", offsetof(sim_snp_report_fields, launch_tcb)},
  };
  for (size_t k = 0; k < CONTRAST_ARRAY_LEN(tcbs); k++) {
    if (strcmp(a, tcbs[k].name) != 0)
      continue;
    uint64_t v = 0;
    ENSURE(parse_tcb(val, p, &v) == 0, E_USAGE,
           "bad TCB for %s (bl=N,tee=N,snp=N,ucode=N[,fmc=N] or 0x u64)", a);
    memcpy(base + tcbs[k].off, &v, sizeof v);
    return 0;
  }
  if (strcmp(a, "--tcb") == 0) {
    uint64_t v = 0;
    ENSURE(parse_tcb(val, p, &v) == 0, E_USAGE, "bad TCB for %s", a);
    f->current_tcb = f->reported_tcb = f->committed_tcb = f->launch_tcb = v;
    return 0;
  }
  uint8_t t[3];
  if (strcmp(a, "--cpuid") == 0) {
    ENSURE(parse_triple(val, ',', t) == 0, E_USAGE,
           "bad value for %s (FAM,MOD,STEP)", a);
    f->cpuid_fam = t[0];
    f->cpuid_mod = t[1];
    f->cpuid_step = t[2];
    return 0;
  }
  if (strcmp(a, "--current-version") == 0 ||
      strcmp(a, "--committed-version") == 0) {
    ENSURE(parse_triple(val, '.', t) == 0, E_USAGE,
           "bad value for %s (MAJ.MIN.BUILD)", a);
    if (strcmp(a, "--current-version") == 0) {
      f->current_major = t[0];
      f->current_minor = t[1];
      f->current_build = t[2];
    } else {
      f->committed_major = t[0];
      f->committed_minor = t[1];
      f->committed_build = t[2];
    }
    return 0;
  }
  *used = 0;
  return 0;
}

static int field_option(const char *a, const char *val, opts *o, int *used) {
  contrast_err err;
  contrast_err_clear(&err);
  if (sim_snp_field_option(a, val, o->product, &o->f, used, &err) != 0)
    return usage_error("%s", err.detail);
  return 0;
}

static int second_pass(int argc, char **argv, opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--mask-chip-id") == 0) {
      o->mask_chip_id = 1;
      continue;
    }
    if (strcmp(a, "--no-sign") == 0) {
      o->no_sign = 1;
      continue;
    }
    if (strncmp(a, "-", 1) != 0)
      return usage_error("unexpected argument '%s'", a);
    if (i + 1 >= argc)
      return usage_error("%s needs a value", a);
    const char *val = argv[++i];
    const char **slot = NULL;
    if (strcmp(a, "--keys") == 0)
      slot = &o->keys;
    else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0)
      slot = &o->out;
    else if (strcmp(a, "--vcek-out") == 0)
      slot = &o->vcek_out;
    else if (strcmp(a, "--vlek-out") == 0)
      slot = &o->vlek_out;
    else if (strcmp(a, "--cert-chain-out") == 0)
      slot = &o->chain_out;
    else if (strcmp(a, "--crl-out") == 0)
      slot = &o->crl_out;
    if (slot != NULL) {
      *slot = val;
      continue;
    }
    if (strcmp(a, "--product") == 0 || strcmp(a, "--version") == 0 ||
        strcmp(a, "--signer") == 0)
      continue; /* first_pass */
    if (strcmp(a, "--chip-id") == 0) {
      if (sim_parse_hex_pad(val, o->chip_id, 64) != 0)
        return usage_error("bad hex value for %s", a);
      o->have_chip = 1;
      continue;
    }
    if (strcmp(a, "--signer-info") == 0) {
      uint64_t v = 0;
      if (sim_parse_u64(val, UINT32_MAX, &v) != 0)
        return usage_error("bad number for %s", a);
      o->signer_info = (uint32_t)v;
      o->have_signer_info = 1;
      continue;
    }
    if (strcmp(a, "--issued") == 0) {
      contrast_err e;
      contrast_err_clear(&e);
      if (contrast_time_parse_strict(val, &o->issued, CONTRAST_E_USAGE, &e) !=
          0)
        return usage_error("--issued: '%s' is not YYYY-MM-DDTHH:MM:SSZ", val);
      o->have_issued = 1;
      continue;
    }
    int used = 0;
    int rc = field_option(a, val, o, &used);
    if (rc != 0)
      return rc;
    if (!used)
      return usage_error("unknown option %s", a);
  }
  if (o->keys == NULL || o->out == NULL)
    return usage_error("%s", "--keys DIR and -o REPORT are required");
  if (o->vcek_out != NULL && o->signer != SNP_VEK_VCEK)
    return usage_error("%s", "--vcek-out goes with --signer vcek");
  if (o->vlek_out != NULL && o->signer != SNP_VEK_VLEK)
    return usage_error("%s", "--vlek-out goes with --signer vlek");
  return 0;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int copy_file(const char *from, const char *to, contrast_err *err) {
  AUTO_FREE uint8_t *buf = NULL;
  size_t len = 0;
  GUARD(contrast_file_read(from, 1 << 20, &buf, &len, err));
  return contrast_file_write_atomic(to, buf, len, 0644, err);
}

static int run(opts *o, contrast_err *err) {
  sim_snp_pki *pki = calloc(1, sizeof *pki);
  ENSURE_ALLOC(pki);
  if (sim_snp_pki_load(o->keys, pki, err) != 0) {
    free(pki);
    return -1;
  }
  const sim_snp_product_pki *pp = &pki->p[o->product];
  if (!o->have_chip)
    memcpy(o->chip_id, pp->chips[0], 64);
  if (o->product == SNP_PRODUCT_TURIN)
    memset(o->chip_id + 8, 0, 56); /* Turin: an 8-byte hwID */
  if (o->signer == SNP_VEK_VCEK && !o->mask_chip_id)
    memcpy(o->f.chip_id, o->chip_id, 64);
  if (o->have_signer_info)
    o->f.signer_info = o->signer_info;
  EVP_PKEY *key = NULL;
  uint8_t *der = NULL;
  size_t der_len = 0;
  int rc =
      sim_snp_vek_get(pki, o->product, o->signer, o->chip_id, o->f.reported_tcb,
                      o->have_issued ? o->issued : SIM_T_VEK_ISSUED,
                      o->have_issued, &key, &der, &der_len, err);
  uint8_t report[SNP_REPORT_SIZE];
  sim_snp_report_encode(&o->f, report);
  if (rc == 0 && !o->no_sign)
    rc = sim_snp_report_sign(report, key, err);
  if (rc == 0)
    rc = contrast_file_write_atomic(o->out, report, sizeof report, 0644, err);
  const char *vek_out = o->signer == SNP_VEK_VLEK ? o->vlek_out : o->vcek_out;
  if (rc == 0 && vek_out != NULL) {
    if (ends_with(vek_out, ".pem")) {
      uint8_t *pem = NULL;
      size_t n = 0;
      rc = sim_pem_encode(der, der_len, "CERTIFICATE", &pem, &n, err);
      if (rc == 0)
        rc = contrast_file_write_atomic(vek_out, pem, n, 0644, err);
      free(pem);
    } else {
      rc = contrast_file_write_atomic(vek_out, der, der_len, 0644, err);
    }
  }
  char path[4096];
  const char *pd = snp_product_dir(o->product);
  const int vlek = o->signer == SNP_VEK_VLEK;
  if (rc == 0 && o->chain_out != NULL) {
    (void)snprintf(path, sizeof path, "%s/amd/%s/%s", o->keys, pd,
                   vlek ? "vlek_cert_chain.pem" : "cert_chain.pem");
    rc = copy_file(path, o->chain_out, err);
  }
  if (rc == 0 && o->crl_out != NULL) {
    (void)snprintf(path, sizeof path, "%s/amd/%s/%s", o->keys, pd,
                   vlek ? "vlek_crl.der" : "crl.der");
    rc = copy_file(path, o->crl_out, err);
  }
  EVP_PKEY_free(key);
  free(der);
  sim_snp_pki_wipe(pki);
  free(pki);
  return rc;
}

int sim_cmd_snp(int argc, char **argv) {
  if (argc >= 2 &&
      (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (argc < 2 || strcmp(argv[1], "report") != 0) {
    fputs(usage_text, stderr);
    return 2;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
  }
  opts *o = calloc(1, sizeof *o);
  if (o == NULL) {
    fputs("contrast-sim: out of memory\n", stderr);
    return 1;
  }
  int rc = first_pass(argc - 1, argv + 1, o);
  if (rc == 0)
    rc = second_pass(argc - 1, argv + 1, o);
  if (rc == 0) {
    contrast_err err;
    contrast_err_clear(&err);
    if (run(o, &err) != 0) {
      fprintf(stderr, "contrast-sim snp report: %s: %s\n",
              contrast_code_name(err.code), err.detail);
      rc = 1;
    }
  }
  free(o);
  return rc;
}
