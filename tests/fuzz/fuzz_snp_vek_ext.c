/* libFuzzer target: the VCEK/VLEK KDS extension parser (backends/snp/vek.c,
 * spec/snp.md §2.3).
 *
 * Input format (tests/fuzz/corpus/fuzz_snp_vek_ext/gen_seeds.py writes it):
 *   byte 0      mode: bit 0 set -> certificate mode, else record mode
 *   record mode: records until the input ends, each
 *     u8  selector  < N_SUFFIXES: one of SUFFIXES below;
 *                   otherwise a literal suffix follows: u8 n (mod 16),
 *                   n bytes (a NUL among them ends the string early)
 *     u16 length    big-endian, clipped to what remains
 *     value bytes
 *   fed to snp_vek_ext_add on one snp_vek_ext, continuing after failures.
 *   certificate mode: the rest is a certificate (DER or PEM) for
 *   contrast_cert_parse, then snp_vek_ext_parse and the other steps
 *   verify.c's vek_prepare takes (validity, P-384 key import).
 *
 * Invariants (abort() when broken): hwid_len in {0, 8, 64}; the strings are
 * NUL-terminated, printable and fit; flags are 0/1; an extension is never
 * accepted twice; unknown suffixes are never accepted; failures record
 * MALFORMED. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast/crypto.h"
#include "contrast/snp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

/* The 13 suffixes snp_vek_ext_add knows, then unknown and near-miss ones. */
static const char *const SUFFIXES[] = {
    "1",   "2",   "3.1", "3.2", "3.3",  "3.4", "3.5", "3.6", "3.7",
    "3.8", "3.9", "4",   "5",   "0",    "3",   "3.0", "3.10", "6",
    "",    "1.1", "3.", "3.1.1", "4.0", "10", "3:1", "3.9 "};
#define N_SUFFIXES (sizeof SUFFIXES / sizeof SUFFIXES[0])
#define N_KNOWN 13

/* Index 0..12 of a known suffix, or -1. */
static int known_index(const char *s) {
  for (int i = 0; i < N_KNOWN; i++)
    if (strcmp(s, SUFFIXES[i]) == 0)
      return i;
  return -1;
}

static void check_string(const char *s, size_t cap) {
  const char *nul = memchr(s, '\0', cap);
  CHECK(nul != NULL);
  for (const char *p = s; p < nul; p++)
    CHECK(*p >= 0x20 && *p < 0x7f);
}

static void check_ext(const snp_vek_ext *x) {
  CHECK(x->hwid_len == 0 || x->hwid_len == 8 || x->hwid_len == 64);
  CHECK(x->has_struct_version == 0 || x->has_struct_version == 1);
  CHECK(x->has_product_name == 0 || x->has_product_name == 1);
  CHECK(x->has_csp_id == 0 || x->has_csp_id == 1);
  for (int i = 0; i < SNP_SPL_COUNT_; i++) {
    CHECK(x->has_spl[i] == 0 || x->has_spl[i] == 1);
    CHECK(x->has_spl[i] || x->spl[i] == 0);
  }
  if (x->has_struct_version)
    CHECK(x->struct_version <= UINT32_MAX);
  check_string(x->product_name, sizeof x->product_name);
  check_string(x->csp_id, sizeof x->csp_id);
  if (!x->has_product_name)
    CHECK(x->product_name[0] == '\0');
  if (!x->has_csp_id)
    CHECK(x->csp_id[0] == '\0');
}

static void records(const uint8_t *p, size_t n) {
  snp_vek_ext ext;
  memset(&ext, 0, sizeof ext);
  int accepted[N_KNOWN] = {0};
  size_t off = 0;
  while (off < n) {
    char lit[17];
    const char *suffix;
    uint8_t sel = p[off++];
    if (sel < N_SUFFIXES) {
      suffix = SUFFIXES[sel];
    } else {
      size_t k = off < n ? (size_t)(p[off++] % 16) : 0;
      if (k > n - off)
        k = n - off;
      memcpy(lit, p + off, k);
      lit[k] = '\0';
      off += k;
      suffix = lit;
    }
    size_t len = 0;
    if (n - off >= 2) {
      len = (size_t)p[off] << 8 | p[off + 1];
      off += 2;
    } else {
      off = n;
    }
    if (len > n - off)
      len = n - off;
    /* an exactly sized heap copy, so ASan sees any read past the value */
    uint8_t *value = malloc(len ? len : 1);
    CHECK(value != NULL);
    memcpy(value, p + off, len);
    off += len;

    contrast_err err;
    contrast_err_clear(&err);
    size_t hwid_before = ext.hwid_len;
    int rc = snp_vek_ext_add(&ext, suffix, value, len, &err);
    free(value);
    int idx = known_index(suffix);
    if (rc == 0) {
      CHECK(err.code == CONTRAST_OK);
      CHECK(idx >= 0);         /* unknown AMD OIDs fail */
      CHECK(!accepted[idx]);   /* duplicates fail */
      accepted[idx] = 1;
      if (idx == 11) /* hwID */
        CHECK(hwid_before == 0 && ext.hwid_len != 0);
    } else {
      CHECK(err.code == CONTRAST_MALFORMED);
      CHECK(err.detail[0] != '\0');
      CHECK(ext.hwid_len == hwid_before);
    }
    check_ext(&ext);
  }
  /* the flags say exactly what was accepted */
  CHECK(ext.has_struct_version == accepted[0]);
  CHECK(ext.has_product_name == accepted[1]);
  for (int i = 0; i < SNP_SPL_COUNT_; i++)
    CHECK(ext.has_spl[i] == accepted[2 + i]);
  CHECK((ext.hwid_len != 0) == accepted[11]);
  CHECK(ext.has_csp_id == accepted[12]);
}

static void certificate(const uint8_t *p, size_t n) {
  contrast_cert c;
  contrast_err err;
  contrast_err_clear(&err);
  if (contrast_cert_parse(p, n, "VCEK", &c, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_E_NOMEM);
    CHECK(c.x509 == NULL && c.der == NULL);
    return;
  }
  CHECK(c.x509 != NULL && c.der != NULL && c.der_len > 0);
  snp_vek_ext ext;
  memset(&ext, 0xA5, sizeof ext); /* parse must reset it */
  contrast_err_clear(&err);
  if (snp_vek_ext_parse(c.x509, &ext, &err) == 0) {
    CHECK(err.code == CONTRAST_OK);
    check_ext(&ext);
  } else {
    CHECK(err.code == CONTRAST_MALFORMED);
  }
  /* the rest of what vek_prepare does with a certificate */
  int64_t nb, na;
  contrast_err_clear(&err);
  if (contrast_x509_validity(c.x509, &nb, &na, &err) != 0)
    CHECK(err.code == CONTRAST_MALFORMED);
  uint8_t xy[96];
  if (contrast_ec_pub_xy(X509_get0_pubkey(c.x509), "secp384r1", xy, 48) ==
      0) {
    contrast_p384_pub *pub = contrast_p384_pub_new(xy);
    if (pub != NULL) {
      /* r = s = 0 is never a valid signature */
      static const uint8_t zero[72], digest[48];
      CHECK(contrast_p384_verify_le(pub, digest, zero, zero, 72) == 0);
      contrast_p384_pub_free(pub);
    }
  }
  contrast_cert_wipe(&c);
  CHECK(c.x509 == NULL && c.der == NULL && c.der_len == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  if (data[0] & 1)
    certificate(data + 1, size - 1);
  else
    records(data + 1, size - 1);
  return 0;
}
