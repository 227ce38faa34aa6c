/* Tests of common/crypto.c: DER slicing, strict PEM, certificates with their
 * original bytes, validity windows, RSA-PSS and the ECDSA (r,s) forms.
 * Golden values: the real AMD roots in trust/amd and real VCEKs in
 * vectors/real/snp; hashes, dates and lengths from spec/snp.md §2.2 and from
 * `openssl asn1parse` / `openssl x509 -text` of those files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "contrast/crypto.h"
#include "contrast/util.h"
#include "testsupport.h"

#define ARK_MILAN "trust/amd/milan/ark.pem"
#define ASK_MILAN "trust/amd/milan/ask.pem"
#define VCEK_MILAN "vectors/real/snp/snp-milan-v2-idblock/vcek.der"
#define CHAIN_MILAN "vectors/real/snp/snp-milan-v2-debug/cert_chain.pem"
/* Intel's real root CA CRL (openssl crl: issuer CN Intel SGX Root CA,
 * lastUpdate 2025-03-20T11:21:57Z, nextUpdate 2026-04-03T11:21:57Z) */
#define ROOT_CRL "vectors/real/tdx/tdx-v4-azure-outofdate/root_ca_crl.der"

/* snp.md §2.2: DER SHA-256 */
static const char ARK_MILAN_SHA256[] =
    "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd";
static const char ASK_MILAN_SHA256[] =
    "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b";

/* id-RSASSA-PSS 1.2.840.113549.1.1.10 */
static const uint8_t OID_PSS[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                  0x0d, 0x01, 0x01, 0x0a};

static int sha256_is(const uint8_t *p, size_t n, const char *hex) {
  uint8_t d[32];
  char s[65];
  contrast_sha256(p, n, d);
  contrast_hex_encode(d, 32, s);
  return strcmp(s, hex) == 0;
}

/* Concatenate up to 4 byte strings into a new buffer. */
static uint8_t *cat(size_t *len, const void *a, size_t alen, const void *b,
                    size_t blen, const void *c, size_t clen) {
  uint8_t *out = malloc(alen + blen + clen + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  if (alen)
    memcpy(out, a, alen);
  if (blen)
    memcpy(out + alen, b, blen);
  if (clen)
    memcpy(out + alen + blen, c, clen);
  *len = alen + blen + clen;
  out[*len] = 0;
  return out;
}

/* ---- DER ---- */

static void test_der_next_short_form(void) {
  static const uint8_t d[] = {0x30, 0x03, 0x02, 0x01, 0x05, 0xee};
  const uint8_t *p = d, *val = NULL;
  size_t vlen = 0;
  uint8_t tag = 0;
  CU_ASSERT_EQUAL(contrast_der_next(&p, d + sizeof d, &tag, &val, &vlen), 0);
  CU_ASSERT_EQUAL(tag, 0x30);
  CU_ASSERT_PTR_EQUAL(val, d + 2);
  CU_ASSERT_EQUAL(vlen, 3);
  CU_ASSERT_PTR_EQUAL(p, d + 5);
  /* zero-length value */
  static const uint8_t n[] = {0x05, 0x00};
  p = n;
  CU_ASSERT_EQUAL(contrast_der_next(&p, n + 2, &tag, &val, &vlen), 0);
  CU_ASSERT_EQUAL(tag, 0x05);
  CU_ASSERT_EQUAL(vlen, 0);
  CU_ASSERT_PTR_EQUAL(p, n + 2);
}

static void test_der_next_long_form_minimal_ok(void) {
  uint8_t d[4 + 256];
  memset(d, 0xab, sizeof d);
  const uint8_t *p, *val;
  size_t vlen;
  uint8_t tag;
  d[0] = 0x04;
  d[1] = 0x81;
  d[2] = 0x80; /* 128: the smallest length needing the long form */
  p = d;
  CU_ASSERT_EQUAL(contrast_der_next(&p, d + 3 + 128, &tag, &val, &vlen), 0);
  CU_ASSERT_EQUAL(vlen, 128);
  CU_ASSERT_PTR_EQUAL(val, d + 3);
  CU_ASSERT_PTR_EQUAL(p, d + 3 + 128);
  d[1] = 0x82;
  d[2] = 0x01;
  d[3] = 0x00; /* 256 */
  p = d;
  CU_ASSERT_EQUAL(contrast_der_next(&p, d + 4 + 256, &tag, &val, &vlen), 0);
  CU_ASSERT_EQUAL(vlen, 256);
  CU_ASSERT_PTR_EQUAL(p, d + sizeof d);
}

static void der_next_fails(const uint8_t *d, size_t n) {
  const uint8_t *p = d, *val = NULL;
  size_t vlen = 12345;
  uint8_t tag = 0x77;
  CU_ASSERT_EQUAL(contrast_der_next(&p, d + n, &tag, &val, &vlen), -1);
  CU_ASSERT_PTR_EQUAL(p, d); /* not advanced */
  CU_ASSERT_EQUAL(tag, 0x77);
  CU_ASSERT_EQUAL(vlen, 12345);
}

static void test_der_next_non_minimal_length_refused(void) {
  uint8_t d[3 + 256] = {0};
  d[0] = 0x04;
  d[1] = 0x81;
  d[2] = 0x05; /* 5 fits the short form */
  der_next_fails(d, 3 + 5);
  d[1] = 0x81;
  d[2] = 0x7f;
  der_next_fails(d, 3 + 127);
  d[1] = 0x82;
  d[2] = 0x00;
  d[3] = 0x80; /* leading zero length byte */
  der_next_fails(d, 4 + 128);
}

static void test_der_next_indefinite_and_oversized_lengths_refused(void) {
  static const uint8_t indef[] = {0x30, 0x80, 0x00, 0x00};
  der_next_fails(indef, sizeof indef);
  static const uint8_t five[] = {0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00};
  der_next_fails(five, sizeof five);
  static const uint8_t len_bytes_missing[] = {0x04, 0x82, 0x01};
  der_next_fails(len_bytes_missing, sizeof len_bytes_missing);
}

static void test_der_next_value_beyond_end_refused(void) {
  static const uint8_t d[] = {0x04, 0x05, 0x01, 0x02, 0x03, 0x04};
  der_next_fails(d, sizeof d);
  static const uint8_t one[] = {0x04};
  der_next_fails(one, 1);
  der_next_fails(one, 0);
}

static void test_der_next_multibyte_tag_refused(void) {
  static const uint8_t d[] = {0x1f, 0x81, 0x00, 0x00};
  der_next_fails(d, sizeof d);
  static const uint8_t ctx[] = {0xbf, 0x01, 0x00};
  der_next_fails(ctx, sizeof ctx);
}

static int der_uint(const uint8_t *v, size_t n, uint64_t *out) {
  return contrast_der_uint(v, n, out);
}

static void test_der_uint_valid_values(void) {
  uint64_t v = 99;
  static const uint8_t zero[] = {0x00};
  CU_ASSERT_EQUAL(der_uint(zero, 1, &v), 0);
  CU_ASSERT_EQUAL(v, 0);
  static const uint8_t x7f[] = {0x7f};
  CU_ASSERT_EQUAL(der_uint(x7f, 1, &v), 0);
  CU_ASSERT_EQUAL(v, 127);
  static const uint8_t x80[] = {0x00, 0x80};
  CU_ASSERT_EQUAL(der_uint(x80, 2, &v), 0);
  CU_ASSERT_EQUAL(v, 128);
  static const uint8_t d9[] = {0x00, 0xd9}; /* 217, snp.md §2.3 */
  CU_ASSERT_EQUAL(der_uint(d9, 2, &v), 0);
  CU_ASSERT_EQUAL(v, 217);
  static const uint8_t x0100[] = {0x01, 0x00};
  CU_ASSERT_EQUAL(der_uint(x0100, 2, &v), 0);
  CU_ASSERT_EQUAL(v, 256);
  static const uint8_t i63[] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  CU_ASSERT_EQUAL(der_uint(i63, 8, &v), 0);
  CU_ASSERT_EQUAL(v, 0x7fffffffffffffffull);
  static const uint8_t u64max[] = {0x00, 0xff, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff};
  CU_ASSERT_EQUAL(der_uint(u64max, 9, &v), 0);
  CU_ASSERT_EQUAL(v, UINT64_MAX);
}

static void test_der_uint_invalid_refused(void) {
  uint64_t v = 42;
  static const uint8_t neg[] = {0x80};
  CU_ASSERT_EQUAL(der_uint(neg, 1, &v), -1);
  static const uint8_t negff[] = {0xff};
  CU_ASSERT_EQUAL(der_uint(negff, 1, &v), -1);
  static const uint8_t neg2[] = {0x80, 0x00};
  CU_ASSERT_EQUAL(der_uint(neg2, 2, &v), -1);
  static const uint8_t nonmin[] = {0x00, 0x7f};
  CU_ASSERT_EQUAL(der_uint(nonmin, 2, &v), -1);
  static const uint8_t nonmin0[] = {0x00, 0x00};
  CU_ASSERT_EQUAL(der_uint(nonmin0, 2, &v), -1);
  static const uint8_t nonmin3[] = {0x00, 0x00, 0x80};
  CU_ASSERT_EQUAL(der_uint(nonmin3, 3, &v), -1);
  static const uint8_t big[] = {0x01, 0x00, 0x00, 0x00, 0x00,
                                0x00, 0x00, 0x00, 0x00}; /* 2^64 */
  CU_ASSERT_EQUAL(der_uint(big, 9, &v), -1);
  static const uint8_t big10[] = {0x00, 0x80, 0x00, 0x00, 0x00,
                                  0x00, 0x00, 0x00, 0x00, 0x00};
  CU_ASSERT_EQUAL(der_uint(big10, 10, &v), -1);
  CU_ASSERT_EQUAL(der_uint(neg, 0, &v), -1); /* empty */
  CU_ASSERT_EQUAL(v, 42);
}

/* ---- PEM ---- */

static void free_slots(uint8_t **der, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(der[i]);
}

static void test_pem_decode_real_ark_exact_der(void) {
  size_t len;
  uint8_t *pem = test_read_file(ARK_MILAN, &len);
  uint8_t *der[2];
  size_t der_len[2], n = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_pem_decode_all(pem, len, "CERTIFICATE", "ark",
                                                der, der_len, 2, &n, &e),
                        0);
  CU_ASSERT_EQUAL(n, 1);
  CU_ASSERT_TRUE(sha256_is(der[0], der_len[0], ARK_MILAN_SHA256));
  CU_ASSERT_PTR_NULL(der[1]);
  CU_ASSERT_EQUAL(der_len[1], 0);
  free_slots(der, 2);
  free(pem);
}

static void pem_fails(const uint8_t *buf, size_t len, const char *label,
                      size_t max) {
  uint8_t *der[4];
  size_t der_len[4], n = 77;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_pem_decode_all(buf, len, label, "bundle", der,
                                          der_len, max, &n, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "bundle"));
  for (size_t i = 0; i < max; i++)
    CU_ASSERT_PTR_NULL(der[i]); /* nothing left allocated */
}

/* The decoder as it was (strip whitespace into a copy, EVP_DecodeBlock,
 * '=' only at the end), kept here as the reference of its accept set,
 * outputs and error details. One difference is intended: EVP_DecodeBlock
 * drops trailing '-' characters, so a body such as "AAAA----" used to
 * decode; the table decoder refuses any '-' in a body ("bad base64"). ref_b64
 * sets *dash when it accepted such a body. */
static const uint8_t *ref_find(const uint8_t *hay, size_t hay_len,
                               const char *needle) {
  size_t nl = strlen(needle);
  for (size_t i = 0; nl <= hay_len && i + nl <= hay_len; i++)
    if (memcmp(hay + i, needle, nl) == 0)
      return hay + i;
  return NULL;
}

static int ref_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int ref_b64(const uint8_t *in, size_t len, uint8_t **out,
                   size_t *out_len, int *dash) {
  uint8_t *clean = malloc(len + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(clean);
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (!ref_space(in[i]))
      clean[n++] = in[i];
  if (n == 0 || n % 4 != 0) {
    free(clean);
    return -1;
  }
  uint8_t *buf = malloc(n / 4 * 3 + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  int r = EVP_DecodeBlock(buf, clean, (int)n);
  size_t pad = (size_t)(clean[n - 1] == '=') + (size_t)(clean[n - 2] == '=');
  for (size_t i = 0; i + pad < n; i++)
    if (clean[i] == '=')
      r = -1;
  if (r >= 0 && memchr(clean, '-', n) != NULL)
    *dash = 1;
  free(clean);
  if (r < 0 || (size_t)r < pad) {
    free(buf);
    return -1;
  }
  *out = buf;
  *out_len = (size_t)r - pad;
  return 0;
}

static int ref_pem_decode(const uint8_t *buf, size_t len, const char *label,
                          uint8_t **der, size_t *der_len, size_t max,
                          size_t *n, char *detail, size_t cap, int *dash) {
  char begin[64], endm[64];
  (void)snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
  (void)snprintf(endm, sizeof endm, "-----END %s-----", label);
  size_t count = 0, off = 0;
  for (size_t i = 0; i < max; i++) {
    der[i] = NULL;
    der_len[i] = 0;
  }
  *n = 0;
  while (off < len) {
    if (ref_space(buf[off])) {
      off++;
      continue;
    }
    size_t blen = strlen(begin);
    if (len - off < blen || memcmp(buf + off, begin, blen) != 0) {
      (void)snprintf(detail, cap,
                     "t: unexpected data at byte %zu (expected '%s')", off,
                     begin);
      goto fail;
    }
    off += blen;
    const uint8_t *e = ref_find(buf + off, len - off, endm);
    if (e == NULL) {
      (void)snprintf(detail, cap, "t: missing '%s'", endm);
      goto fail;
    }
    size_t body_len = (size_t)(e - (buf + off));
    if (ref_find(buf + off, body_len, ":") != NULL ||
        ref_find(buf + off, body_len, "-----") != NULL) {
      (void)snprintf(detail, cap,
                     "t: PEM headers or nested blocks not allowed");
      goto fail;
    }
    if (count == max) {
      (void)snprintf(detail, cap, "t: more than %zu PEM blocks", max);
      goto fail;
    }
    if (ref_b64(buf + off, body_len, &der[count], &der_len[count], dash) !=
        0) {
      (void)snprintf(detail, cap, "t: bad base64 in PEM block %zu",
                     count + 1);
      goto fail;
    }
    count++;
    off = (size_t)(e - buf) + strlen(endm);
  }
  if (count == 0) {
    (void)snprintf(detail, cap, "t: no '%s' block", begin);
    goto fail;
  }
  *n = count;
  return 0;
fail:
  for (size_t i = 0; i < max; i++) {
    free(der[i]);
    der[i] = NULL;
  }
  return -1;
}

/* contrast_pem_decode_all and the reference agree on buf: result, error
 * detail, block count and every block's bytes. */
static int pem_same_as_ref(const uint8_t *buf, size_t len, size_t max) {
  uint8_t *a[4], *b[4];
  size_t al[4], bl[4], an = 0, bn = 0;
  char detail[CONTRAST_ERR_DETAIL_MAX];
  int dash = 0;
  contrast_err e;
  contrast_err_clear(&e);
  /* an exact heap copy, so a read past the end shows */
  uint8_t *copy = malloc(len ? len : 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
  if (len > 0)
    memcpy(copy, buf, len);
  int ra = contrast_pem_decode_all(copy, len, "CERTIFICATE", "t", a, al, max,
                                   &an, &e);
  int rb = ref_pem_decode(copy, len, "CERTIFICATE", b, bl, max, &bn, detail,
                          sizeof detail, &dash);
  int same;
  if (dash) /* the intended difference (in any block) */
    same = ra == -1 && strstr(e.detail, "bad base64") != NULL;
  else
    same = ra == rb && an == bn &&
           (ra == 0 || (e.code == CONTRAST_MALFORMED &&
                        strcmp(e.detail, detail) == 0));
  for (size_t i = 0; same && ra == 0 && i < an; i++)
    same = al[i] == bl[i] && memcmp(a[i], b[i], al[i]) == 0;
  for (size_t i = 0; i < max; i++) {
    if (ra != 0 || i >= an)
      CU_ASSERT_PTR_NULL(a[i]);
    free(a[i]);
    if (rb == 0)
      free(b[i]);
  }
  if (!same)
    fprintf(stderr, "  differs from the reference (%d/%d): %.*s\n", ra, rb,
            (int)(len < 200 ? len : 200), (const char *)copy);
  free(copy);
  return same;
}

static void test_pem_decode_same_as_evp_decodeblock_reference(void) {
  size_t len;
  uint8_t *pem = test_read_file(CHAIN_MILAN, &len);
  CU_ASSERT_TRUE(pem_same_as_ref(pem, len, 4));
  CU_ASSERT_TRUE(pem_same_as_ref(pem, len, 1)); /* more than max */
  free(pem);
  /* every substitution, insertion and deletion of interesting characters
   * in a small two-block text */
  static const char base[] = "-----BEGIN CERTIFICATE-----\nMIIB\nAQ==\n"
                             "-----END CERTIFICATE-----\n"
                             "-----BEGIN CERTIFICATE-----\r\nAAEC Aw=\r\n"
                             "-----END CERTIFICATE-----";
  static const uint8_t chars[] = {'=', '-', ':', ' ', '\n', '\t', '\r', 'A',
                                  '/', '+', '*', 0x80,  0x00, 0x0b, 'z', '9'};
  size_t bl = sizeof base - 1;
  uint8_t buf[sizeof base + 1];
  size_t differ = 0;
  for (size_t i = 0; i <= bl; i++) {
    for (size_t k = 0; k < sizeof chars; k++) {
      /* substitution */
      if (i < bl) {
        memcpy(buf, base, bl);
        buf[i] = chars[k];
        differ += !pem_same_as_ref(buf, bl, 2);
      }
      /* insertion */
      memcpy(buf, base, i);
      buf[i] = chars[k];
      memcpy(buf + i + 1, base + i, bl - i);
      differ += !pem_same_as_ref(buf, bl + 1, 2);
    }
    if (i < bl) { /* deletion */
      memcpy(buf, base, i);
      memcpy(buf + i, base + i + 1, bl - i - 1);
      differ += !pem_same_as_ref(buf, bl - 1, 2);
    }
  }
  CU_ASSERT_EQUAL(differ, 0);
  /* the quirk the table decoder drops: trailing dashes */
  static const char dashes[] = "-----BEGIN CERTIFICATE-----\nAAAA----\n"
                               "-----END CERTIFICATE-----\n";
  CU_ASSERT_TRUE(pem_same_as_ref((const uint8_t *)dashes, sizeof dashes - 1,
                                 1));
  pem_fails((const uint8_t *)dashes, sizeof dashes - 1, "CERTIFICATE", 1);
}

static void test_pem_decode_headers_refused(void) {
  size_t len;
  uint8_t *pem = test_read_file(ARK_MILAN, &len);
  const char *nl = memchr(pem, '\n', len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
  size_t head = (size_t)((const uint8_t *)nl + 1 - pem);
  static const char hdr[] = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
                            "00112233445566778899AABBCCDDEEFF\n\n";
  size_t n;
  uint8_t *bad = cat(&n, pem, head, hdr, strlen(hdr), pem + head, len - head);
  pem_fails(bad, n, "CERTIFICATE", 2);
  free(bad);
  free(pem);
}

static void test_pem_decode_garbage_between_blocks_refused(void) {
  size_t alen, klen, n;
  uint8_t *ask = test_read_file(ASK_MILAN, &klen);
  uint8_t *ark = test_read_file(ARK_MILAN, &alen);
  static const char junk[] = "this is not PEM\n";
  uint8_t *bad = cat(&n, ask, klen, junk, strlen(junk), ark, alen);
  pem_fails(bad, n, "CERTIFICATE", 4);
  free(bad);
  bad = cat(&n, junk, strlen(junk), ask, klen, NULL, 0); /* before */
  pem_fails(bad, n, "CERTIFICATE", 4);
  free(bad);
  bad = cat(&n, ask, klen, "x", 1, NULL, 0); /* after */
  pem_fails(bad, n, "CERTIFICATE", 4);
  free(bad);
  free(ask);
  free(ark);
}

static void test_pem_decode_whitespace_around_and_between_ok(void) {
  size_t alen, klen, n1, n;
  uint8_t *ask = test_read_file(ASK_MILAN, &klen);
  uint8_t *ark = test_read_file(ARK_MILAN, &alen);
  /* CRLF line endings inside the ASK block */
  uint8_t *crlf = malloc(2 * klen + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(crlf);
  size_t m = 0;
  for (size_t i = 0; i < klen; i++) {
    if (ask[i] == '\n')
      crlf[m++] = '\r';
    crlf[m++] = ask[i];
  }
  uint8_t *tmp = cat(&n1, " \t\r\n\n", 5, crlf, m, "\n\n \t\n", 5);
  uint8_t *buf = cat(&n, tmp, n1, ark, alen, "\n\n  \n", 5);
  uint8_t *der[2];
  size_t der_len[2], count = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_pem_decode_all(buf, n, "CERTIFICATE", "chain", der,
                                          der_len, 2, &count, &e),
                  0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_EQUAL_FATAL(count, 2);
  CU_ASSERT_TRUE(sha256_is(der[0], der_len[0], ASK_MILAN_SHA256));
  CU_ASSERT_TRUE(sha256_is(der[1], der_len[1], ARK_MILAN_SHA256));
  free_slots(der, 2);
  free(buf);
  free(tmp);
  free(crlf);
  free(ask);
  free(ark);
}

static void test_pem_decode_max_blocks_enforced(void) {
  size_t len;
  uint8_t *chain = test_read_file(CHAIN_MILAN, &len);
  pem_fails(chain, len, "CERTIFICATE", 1);
  uint8_t *der[2];
  size_t der_len[2], n = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_pem_decode_all(chain, len, "CERTIFICATE", "c", der,
                                          der_len, 2, &n, &e),
                  0);
  CU_ASSERT_EQUAL(n, 2);
  free_slots(der, 2);
  free(chain);
}

static void test_pem_decode_structural_errors_refused(void) {
  size_t len;
  uint8_t *pem = test_read_file(ARK_MILAN, &len);
  /* no END line */
  const uint8_t *end = (const uint8_t *)strstr((const char *)pem, "-----END");
  CU_ASSERT_PTR_NOT_NULL_FATAL(end);
  pem_fails(pem, (size_t)(end - pem), "CERTIFICATE", 1);
  /* the wrong label */
  pem_fails(pem, len, "X509 CRL", 1);
  /* nothing at all, or only whitespace */
  pem_fails((const uint8_t *)"", 0, "CERTIFICATE", 1);
  pem_fails((const uint8_t *)" \n\t\r\n", 5, "CERTIFICATE", 1);
  /* a non-base64 character in the body */
  uint8_t *bad = malloc(len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
  memcpy(bad, pem, len);
  bad[40] = '*';
  pem_fails(bad, len, "CERTIFICATE", 1);
  /* '=' padding in the middle of the body */
  memcpy(bad, pem, len);
  bad[40] = '=';
  pem_fails(bad, len, "CERTIFICATE", 1);
  /* a body whose length is not a multiple of 4: drop one character */
  size_t n;
  uint8_t *short_body = cat(&n, pem, 40, pem + 41, len - 41, NULL, 0);
  pem_fails(short_body, n, "CERTIFICATE", 1);
  free(short_body);
  /* an empty body */
  static const char empty[] =
      "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
  pem_fails((const uint8_t *)empty, strlen(empty), "CERTIFICATE", 1);
  free(bad);
  free(pem);
}

/* ---- certificates ---- */

static void test_cert_parse_real_vcek_der_keeps_exact_bytes(void) {
  size_t len;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  CU_ASSERT_EQUAL(len, 1360); /* 4 + 1356, openssl asn1parse */
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(der, len, "VCEK", &c, &e), 0);
  CU_ASSERT_PTR_NOT_NULL(c.x509);
  CU_ASSERT_EQUAL(c.der_len, len);
  CU_ASSERT_PTR_NOT_EQUAL(c.der, der); /* an owned copy */
  CU_ASSERT_EQUAL(memcmp(c.der, der, len), 0);
  char cn[64];
  CU_ASSERT_TRUE(X509_NAME_get_text_by_NID(X509_get_subject_name(c.x509),
                                           NID_commonName, cn, sizeof cn) > 0);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VCEK");
  contrast_cert_wipe(&c);
  CU_ASSERT_PTR_NULL(c.x509);
  CU_ASSERT_PTR_NULL(c.der);
  CU_ASSERT_EQUAL(c.der_len, 0);
  contrast_cert_wipe(&c); /* twice is fine */
  contrast_cert_wipe(NULL);
  free(der);
}

static void test_cert_parse_real_ark_pem(void) {
  size_t len;
  uint8_t *pem = test_read_file(ARK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(pem, len, "ARK", &c, &e), 0);
  CU_ASSERT_TRUE(sha256_is(c.der, c.der_len, ARK_MILAN_SHA256));
  char cn[64];
  CU_ASSERT_TRUE(X509_NAME_get_text_by_NID(X509_get_subject_name(c.x509),
                                           NID_commonName, cn, sizeof cn) > 0);
  CU_ASSERT_STRING_EQUAL(cn, "ARK-Milan");
  contrast_cert_wipe(&c);
  /* leading whitespace before the PEM block is fine */
  size_t n;
  uint8_t *ws = cat(&n, "\n \t", 3, pem, len, NULL, 0);
  CU_ASSERT_EQUAL(contrast_cert_parse(ws, n, "ARK", &c, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  contrast_cert_wipe(&c);
  free(ws);
  free(pem);
}

static void cert_fails(const uint8_t *buf, size_t len) {
  contrast_cert c;
  memset(&c, 0x11, sizeof c);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cert_parse(buf, len, "VCEK", &c, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "VCEK"));
  CU_ASSERT_PTR_NULL(c.x509);
  CU_ASSERT_PTR_NULL(c.der);
}

static void test_cert_parse_trailing_bytes_after_der_refused(void) {
  size_t len, n;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  uint8_t *plus = cat(&n, der, len, "\x00", 1, NULL, 0);
  cert_fails(plus, n);
  free(plus);
  plus = cat(&n, der, len, der, len, NULL, 0); /* two certificates */
  cert_fails(plus, n);
  free(plus);
  free(der);
}

static void test_cert_parse_truncated_or_empty_refused(void) {
  size_t len;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  cert_fails(der, len - 1);
  cert_fails(der, 4);
  cert_fails(der, 1);
  cert_fails(der, 0);
  cert_fails(NULL, 0);
  static const uint8_t junk[] = "not a certificate";
  cert_fails(junk, sizeof junk - 1);
  free(der);
}

static void test_cert_parse_pem_with_two_blocks_refused(void) {
  size_t len;
  uint8_t *chain = test_read_file(CHAIN_MILAN, &len);
  cert_fails(chain, len);
  free(chain);
}

static void test_cert_parse_pem_bundle_real_chain(void) {
  size_t len;
  uint8_t *chain = test_read_file(CHAIN_MILAN, &len);
  contrast_cert certs[3];
  size_t n = 0;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse_pem_bundle(chain, len, "chain",
                                                       certs, 3, &n, &e),
                        0);
  CU_ASSERT_EQUAL_FATAL(n, 2);
  /* KDS order: ASK then ARK (snp.md §2.2 "Bundles") */
  CU_ASSERT_TRUE(sha256_is(certs[0].der, certs[0].der_len, ASK_MILAN_SHA256));
  CU_ASSERT_TRUE(sha256_is(certs[1].der, certs[1].der_len, ARK_MILAN_SHA256));
  CU_ASSERT_PTR_NULL(certs[2].x509);
  for (size_t i = 0; i < 3; i++)
    contrast_cert_wipe(&certs[i]);
  /* more blocks than allowed */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cert_parse_pem_bundle(chain, len, "chain", certs, 1,
                                                 &n, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_EQUAL(n, 0);
  CU_ASSERT_PTR_NULL(certs[0].x509);
  free(chain);
}

static void test_cert_parse_pem_bundle_bad_der_in_block_refused(void) {
  /* valid base64 of bytes that are not a certificate */
  static const char pem[] = "-----BEGIN CERTIFICATE-----\nAAAA\n"
                            "-----END CERTIFICATE-----\n";
  contrast_cert certs[2];
  size_t n = 5;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_cert_parse_pem_bundle((const uint8_t *)pem,
                                                 strlen(pem), "chain", certs,
                                                 2, &n, &e),
                  -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_EQUAL(n, 0);
}

static void test_der_split_signed_real_vcek_exact_parts(void) {
  size_t len;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  contrast_signed_der s;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_der_split_signed(der, len, "VCEK", &s, &e), 0);
  /* asn1parse: outer SEQUENCE hl=4, tbs at 4 with hl=4 l=763 */
  CU_ASSERT_PTR_EQUAL(s.tbs, der + 4);
  CU_ASSERT_EQUAL(s.tbs_len, 4 + 763);
  CU_ASSERT_EQUAL(s.alg_oid_len, sizeof OID_PSS);
  CU_ASSERT_EQUAL(memcmp(s.alg_oid, OID_PSS, sizeof OID_PSS), 0);
  CU_ASSERT_EQUAL(s.sig_len, 512); /* RSA-4096 signature by the ASK */
  CU_ASSERT_PTR_EQUAL(s.sig + s.sig_len, der + len);
  free(der);
}

static void test_der_split_signed_real_ask_exact_parts(void) {
  size_t len;
  uint8_t *pem = test_read_file(ASK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(pem, len, "ASK", &c, &e), 0);
  contrast_signed_der s;
  CU_ASSERT_EQUAL_FATAL(
      contrast_der_split_signed(c.der, c.der_len, "ASK", &s, &e), 0);
  CU_ASSERT_EQUAL(c.der_len, 1677);
  CU_ASSERT_PTR_EQUAL(s.tbs, c.der + 4);
  CU_ASSERT_EQUAL(s.tbs_len, 4 + 1080);
  CU_ASSERT_EQUAL(s.sig_len, 512);
  contrast_cert_wipe(&c);
  free(pem);
}

static void test_der_split_signed_trailing_or_truncated_refused(void) {
  size_t len, n;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  uint8_t *plus = cat(&n, der, len, "\x00", 1, NULL, 0);
  contrast_signed_der s;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_der_split_signed(plus, n, "VCEK", &s, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_der_split_signed(der, len - 1, "VCEK", &s, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_der_split_signed(der, 0, "VCEK", &s, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  free(plus);
  free(der);
}

/* ---- time ---- */

static void test_x509_validity_real_ark_milan(void) {
  size_t len;
  uint8_t *pem = test_read_file(ARK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(pem, len, "ARK", &c, &e), 0);
  int64_t nb = 0, na = 0;
  CU_ASSERT_EQUAL(contrast_x509_validity(c.x509, &nb, &na, &e), 0);
  /* snp.md §2.2 / openssl: 2020-10-22T17:23:05Z .. 2045-10-22T17:23:05Z */
  CU_ASSERT_EQUAL(nb, INT64_C(1603387385));
  CU_ASSERT_EQUAL(na, INT64_C(2392305785));
  contrast_cert_wipe(&c);
  free(pem);
}

static void test_x509_validity_real_vcek(void) {
  size_t len;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(der, len, "VCEK", &c, &e), 0);
  int64_t nb = 0, na = 0;
  CU_ASSERT_EQUAL(contrast_x509_validity(c.x509, &nb, &na, &e), 0);
  /* 2023-01-24T17:58:26Z .. 2030-01-24T17:58:26Z (7 years, snp.md §2.3) */
  CU_ASSERT_EQUAL(nb, INT64_C(1674583106));
  CU_ASSERT_EQUAL(na, INT64_C(1895507906));
  contrast_cert_wipe(&c);
  free(der);
}

static void test_asn1_time_epoch_utctime_and_generalized(void) {
  ASN1_TIME *t = ASN1_TIME_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  int64_t v = 0;
  CU_ASSERT_EQUAL(ASN1_TIME_set_string(t, "491231235959Z"), 1); /* UTCTime */
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(t, &v), 0);
  CU_ASSERT_EQUAL(v, INT64_C(2524607999));
  CU_ASSERT_EQUAL(ASN1_TIME_set_string(t, "500101000000Z"), 1); /* 1950 */
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(t, &v), 0);
  CU_ASSERT_EQUAL(v, INT64_C(-631152000));
  CU_ASSERT_EQUAL(ASN1_TIME_set_string(t, "20500101000000Z"), 1);
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(t, &v), 0);
  CU_ASSERT_EQUAL(v, INT64_C(2524608000));
  ASN1_TIME_free(t);
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(NULL, &v), -1);
}

static void test_check_window_inclusive_bounds(void) {
  const int64_t nb = INT64_C(1603387385), na = INT64_C(2392305785);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_check_window(nb, na, nb, "ARK", &e), 0);
  CU_ASSERT_EQUAL(contrast_check_window(nb, na, na, "ARK", &e), 0);
  CU_ASSERT_EQUAL(contrast_check_window(nb, na, nb + 1000, "ARK", &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_EQUAL(contrast_check_window(nb, na, nb - 1, "ARK", &e), -1);
  ASSERT_CODE(e, CONTRAST_EXPIRED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "ARK"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "2020-10-22T17:23:04Z"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "2020-10-22T17:23:05Z"));
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "2045-10-22T17:23:05Z"));
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_check_window(nb, na, na + 1, "VCEK", &e), -1);
  ASSERT_CODE(e, CONTRAST_EXPIRED);
  CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "VCEK"));
}

/* ---- RSA-PSS ---- */

typedef struct pss_fixture {
  contrast_cert ark, ask, vcek;
  contrast_signed_der ask_s, ark_s, vcek_s;
} pss_fixture;

static void pss_load(pss_fixture *f) {
  size_t l1, l2, l3;
  uint8_t *a = test_read_file(ARK_MILAN, &l1);
  uint8_t *k = test_read_file(ASK_MILAN, &l2);
  uint8_t *v = test_read_file(VCEK_MILAN, &l3);
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(a, l1, "ARK", &f->ark, &e), 0);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(k, l2, "ASK", &f->ask, &e), 0);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(v, l3, "VCEK", &f->vcek, &e), 0);
  CU_ASSERT_EQUAL_FATAL(contrast_der_split_signed(f->ask.der, f->ask.der_len,
                                                  "ASK", &f->ask_s, &e),
                        0);
  CU_ASSERT_EQUAL_FATAL(contrast_der_split_signed(f->ark.der, f->ark.der_len,
                                                  "ARK", &f->ark_s, &e),
                        0);
  CU_ASSERT_EQUAL_FATAL(contrast_der_split_signed(f->vcek.der, f->vcek.der_len,
                                                  "VCEK", &f->vcek_s, &e),
                        0);
  free(a);
  free(k);
  free(v);
}

static void pss_wipe(pss_fixture *f) {
  contrast_cert_wipe(&f->ark);
  contrast_cert_wipe(&f->ask);
  contrast_cert_wipe(&f->vcek);
}

static int pss(EVP_PKEY *k, const EVP_MD *md, int salt,
               const contrast_signed_der *s) {
  contrast_err e;
  contrast_err_clear(&e);
  int r = contrast_rsa_pss_verify(k, md, salt, s->tbs, s->tbs_len, s->sig,
                                  s->sig_len, &e);
  ASSERT_CODE(e, CONTRAST_OK);
  return r;
}

static void test_rsa_pss_real_ask_by_ark_sha384_salt48_valid(void) {
  pss_fixture f;
  pss_load(&f);
  EVP_PKEY *ark = X509_get0_pubkey(f.ark.x509);
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 48, &f.ask_s), 1);
  /* the ARK's self-signature and the ASK's signature on the VCEK too */
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 48, &f.ark_s), 1);
  CU_ASSERT_EQUAL(pss(X509_get0_pubkey(f.ask.x509), EVP_sha384(), 48,
                      &f.vcek_s),
                  1);
  pss_wipe(&f);
}

static void test_rsa_pss_wrong_salt_or_digest_invalid(void) {
  pss_fixture f;
  pss_load(&f);
  EVP_PKEY *ark = X509_get0_pubkey(f.ark.x509);
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 32, &f.ask_s), 0);
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 64, &f.ask_s), 0);
  CU_ASSERT_EQUAL(pss(ark, EVP_sha256(), 48, &f.ask_s), 0);
  CU_ASSERT_EQUAL(pss(ark, EVP_sha512(), 48, &f.ask_s), 0);
  pss_wipe(&f);
}

static void test_rsa_pss_wrong_key_or_altered_bytes_invalid(void) {
  pss_fixture f;
  pss_load(&f);
  EVP_PKEY *ark = X509_get0_pubkey(f.ark.x509);
  EVP_PKEY *ask = X509_get0_pubkey(f.ask.x509);
  /* the ASK did not sign itself */
  CU_ASSERT_EQUAL(pss(ask, EVP_sha384(), 48, &f.ask_s), 0);
  /* an EC key is not an RSA key: invalid, not a library failure */
  CU_ASSERT_EQUAL(pss(X509_get0_pubkey(f.vcek.x509), EVP_sha384(), 48,
                      &f.ask_s),
                  0);
  /* one bit of the to-be-signed bytes, then of the signature */
  uint8_t *tbs = malloc(f.ask_s.tbs_len);
  uint8_t *sig = malloc(f.ask_s.sig_len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(tbs);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sig);
  memcpy(tbs, f.ask_s.tbs, f.ask_s.tbs_len);
  memcpy(sig, f.ask_s.sig, f.ask_s.sig_len);
  contrast_signed_der s = f.ask_s;
  tbs[100] ^= 0x01;
  s.tbs = tbs;
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 48, &s), 0);
  tbs[100] ^= 0x01;
  sig[f.ask_s.sig_len - 1] ^= 0x01;
  s.sig = sig;
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 48, &s), 0);
  s.sig_len = f.ask_s.sig_len - 1; /* short signature */
  CU_ASSERT_EQUAL(pss(ark, EVP_sha384(), 48, &s), 0);
  free(tbs);
  free(sig);
  pss_wipe(&f);
}

/* ---- ECDSA forms ---- */

static void test_ecdsa_sig_le_round_trip(void) {
  uint8_t r[72] = {0}, s[72] = {0};
  for (int i = 0; i < 48; i++) {
    r[i] = (uint8_t)(i + 1);          /* r = 0x30..0201 */
    s[i] = (uint8_t)(0xff - i);
  }
  ECDSA_SIG *sig = contrast_ecdsa_sig_from_le(r, s, 72);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sig);
  /* the big-endian value is the byte-reverse of the wire form */
  uint8_t be[48];
  CU_ASSERT_EQUAL(BN_bn2binpad(ECDSA_SIG_get0_r(sig), be, 48), 48);
  for (int i = 0; i < 48; i++)
    CU_ASSERT_EQUAL(be[i], r[47 - i]);
  CU_ASSERT_EQUAL(BN_num_bytes(ECDSA_SIG_get0_s(sig)), 48);
  uint8_t r2[72], s2[72];
  memset(r2, 0xee, sizeof r2);
  memset(s2, 0xee, sizeof s2);
  CU_ASSERT_EQUAL(contrast_ecdsa_sig_to_le(sig, r2, s2, 72), 0);
  CU_ASSERT_EQUAL(memcmp(r, r2, 72), 0); /* zero padding restored */
  CU_ASSERT_EQUAL(memcmp(s, s2, 72), 0);
  /* a 48-byte target holds the values too; 47 bytes does not */
  CU_ASSERT_EQUAL(contrast_ecdsa_sig_to_le(sig, r2, s2, 48), 0);
  CU_ASSERT_EQUAL(memcmp(r, r2, 48), 0);
  CU_ASSERT_EQUAL(contrast_ecdsa_sig_to_le(sig, r2, s2, 47), -1);
  ECDSA_SIG_free(sig);
}

static void test_ecdsa_sig_le_small_values(void) {
  uint8_t r[72] = {0x02, 0x01}, s[72] = {0x05};
  ECDSA_SIG *sig = contrast_ecdsa_sig_from_le(r, s, 72);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sig);
  CU_ASSERT_EQUAL(BN_get_word(ECDSA_SIG_get0_r(sig)), 0x0102);
  CU_ASSERT_EQUAL(BN_get_word(ECDSA_SIG_get0_s(sig)), 5);
  ECDSA_SIG_free(sig);
}

static void test_ec_pub_xy_real_vcek(void) {
  /* `openssl x509 -pubkey | openssl ec -pubin -text` of the VCEK */
  static const char want_hex[] =
      "c661b565bba80102bddd4491c9941cb32a1b7db68012828410b7ff8cadfd70e5"
      "49b75b78b3cdd65ccdeba886d2eea1d41d0c3f146c8ebdd68452ce7ec30c6909"
      "67c39e624c010f9cb6066a80310a87536a94ebae29c2aad980161397131fbb07";
  size_t len;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(der, len, "VCEK", &c, &e), 0);
  uint8_t xy[96];
  char hex[193];
  CU_ASSERT_EQUAL(
      contrast_ec_pub_xy(X509_get0_pubkey(c.x509), "secp384r1", xy, 48), 0);
  contrast_hex_encode(xy, 96, hex);
  CU_ASSERT_STRING_EQUAL(hex, want_hex);
  /* another curve name, or a coordinate size that does not fit */
  CU_ASSERT_EQUAL(
      contrast_ec_pub_xy(X509_get0_pubkey(c.x509), "prime256v1", xy, 32), -1);
  CU_ASSERT_EQUAL(
      contrast_ec_pub_xy(X509_get0_pubkey(c.x509), "secp384r1", xy, 32), -1);
  CU_ASSERT_EQUAL(contrast_ec_pub_xy(NULL, "secp384r1", xy, 48), -1);
  contrast_cert_wipe(&c);
  free(der);
}

static void test_ec_pub_xy_rsa_key_refused(void) {
  size_t len;
  uint8_t *pem = test_read_file(ARK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(pem, len, "ARK", &c, &e), 0);
  uint8_t xy[96];
  CU_ASSERT_EQUAL(
      contrast_ec_pub_xy(X509_get0_pubkey(c.x509), "secp384r1", xy, 48), -1);
  contrast_cert_wipe(&c);
  free(pem);
}

/* ---- CRLs ---- */

/* PEM armour around der with the given label (64-column base64). */
static uint8_t *pem_wrap(const uint8_t *der, size_t len, const char *label,
                         size_t *out_len) {
  size_t b64cap = 4 * ((len + 2) / 3) + 1;
  unsigned char *b64 = malloc(b64cap);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b64);
  int n = EVP_EncodeBlock(b64, der, (int)len);
  CU_ASSERT_FATAL(n > 0);
  size_t cap = (size_t)n + (size_t)n / 64 + 2 * strlen(label) + 64;
  uint8_t *out = malloc(cap);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  size_t o = (size_t)snprintf((char *)out, cap, "-----BEGIN %s-----\n", label);
  for (int i = 0; i < n; i += 64) {
    int k = n - i < 64 ? n - i : 64;
    memcpy(out + o, b64 + i, (size_t)k);
    o += (size_t)k;
    out[o++] = '\n';
  }
  o += (size_t)snprintf((char *)out + o, cap - o, "-----END %s-----\n", label);
  free(b64);
  *out_len = o;
  return out;
}

static void crl_fails(const uint8_t *buf, size_t len) {
  X509_CRL *crl = (X509_CRL *)1;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(contrast_crl_parse(buf, len, "CRL", &crl, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  CU_ASSERT_PTR_NULL(crl);
}

static void test_crl_parse_real_der_and_pem(void) {
  size_t len;
  uint8_t *der = test_read_file(ROOT_CRL, &len);
  X509_CRL *crl = NULL;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_crl_parse(der, len, "CRL", &crl, &e), 0);
  int64_t t = 0;
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(X509_CRL_get0_lastUpdate(crl), &t),
                  0);
  CU_ASSERT_EQUAL(t, INT64_C(1742469717));
  CU_ASSERT_EQUAL(contrast_asn1_time_epoch(X509_CRL_get0_nextUpdate(crl), &t),
                  0);
  CU_ASSERT_EQUAL(t, INT64_C(1775215317));
  char cn[64];
  CU_ASSERT_EQUAL(contrast_x509_name_cn(X509_CRL_get_issuer(crl), cn, sizeof cn),
                  0);
  CU_ASSERT_STRING_EQUAL(cn, "Intel SGX Root CA");
  X509_CRL_free(crl);
  size_t plen;
  uint8_t *pem = pem_wrap(der, len, "X509 CRL", &plen);
  crl = NULL;
  CU_ASSERT_EQUAL(contrast_crl_parse(pem, plen, "CRL", &crl, &e), 0);
  ASSERT_CODE(e, CONTRAST_OK);
  CU_ASSERT_PTR_NOT_NULL(crl);
  X509_CRL_free(crl);
  free(pem);
  /* the same bytes armoured as a CERTIFICATE: the label is wrong */
  pem = pem_wrap(der, len, "CERTIFICATE", &plen);
  crl_fails(pem, plen);
  free(pem);
  free(der);
}

static void test_crl_parse_bad_input_fails_malformed(void) {
  size_t len, n;
  uint8_t *der = test_read_file(ROOT_CRL, &len);
  uint8_t *plus = cat(&n, der, len, "\x00", 1, NULL, 0);
  crl_fails(plus, n); /* trailing byte */
  free(plus);
  crl_fails(der, len - 1);
  crl_fails(der, 0);
  size_t clen;
  uint8_t *cert = test_read_file(VCEK_MILAN, &clen);
  crl_fails(cert, clen); /* a certificate is not a CRL */
  free(cert);
  free(der);
}

/* ---- names ---- */

static X509_NAME *name_of(const char *const *fields, size_t n) {
  X509_NAME *nm = X509_NAME_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(nm);
  for (size_t i = 0; i + 1 < n; i += 2)
    CU_ASSERT_EQUAL_FATAL(
        X509_NAME_add_entry_by_txt(nm, fields[i], MBSTRING_ASC,
                                   (const unsigned char *)fields[i + 1], -1,
                                   -1, 0),
        1);
  return nm;
}

static void test_x509_name_cn_single_printable(void) {
  size_t len;
  uint8_t *der = test_read_file(VCEK_MILAN, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(der, len, "VCEK", &c, &e), 0);
  char cn[16];
  CU_ASSERT_EQUAL(
      contrast_x509_name_cn(X509_get_subject_name(c.x509), cn, sizeof cn), 0);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-VCEK");
  CU_ASSERT_EQUAL(
      contrast_x509_name_cn(X509_get_issuer_name(c.x509), cn, sizeof cn), 0);
  CU_ASSERT_STRING_EQUAL(cn, "SEV-Milan");
  /* exactly fits (9 + NUL), one byte short */
  CU_ASSERT_EQUAL(contrast_x509_name_cn(X509_get_issuer_name(c.x509), cn, 10),
                  0);
  CU_ASSERT_EQUAL(contrast_x509_name_cn(X509_get_issuer_name(c.x509), cn, 9),
                  -1);
  contrast_cert_wipe(&c);
  free(der);
}

static void test_x509_name_cn_absent_repeated_or_unprintable_refused(void) {
  char cn[64];
  static const char *const none[] = {"O", "Advanced Micro Devices"};
  X509_NAME *nm = name_of(none, 2);
  CU_ASSERT_EQUAL(contrast_x509_name_cn(nm, cn, sizeof cn), -1);
  X509_NAME_free(nm);
  static const char *const two[] = {"CN", "SEV-VCEK", "CN", "SEV-VLEK"};
  nm = name_of(two, 4);
  CU_ASSERT_EQUAL(contrast_x509_name_cn(nm, cn, sizeof cn), -1);
  X509_NAME_free(nm);
  static const char *const ctl[] = {"CN", "SEV-VCEK\n"};
  nm = name_of(ctl, 2);
  CU_ASSERT_EQUAL(contrast_x509_name_cn(nm, cn, sizeof cn), -1);
  X509_NAME_free(nm);
  static const char *const ok[] = {"O", "x", "CN", "ARK-Genoa"};
  nm = name_of(ok, 4);
  CU_ASSERT_EQUAL(contrast_x509_name_cn(nm, cn, sizeof cn), 0);
  CU_ASSERT_STRING_EQUAL(cn, "ARK-Genoa");
  X509_NAME_free(nm);
}

/* ---- digests ---- */

static void test_sha384_sha256_known_answers(void) {
  /* FIPS 180-2 "abc" vectors */
  uint8_t d384[48], d256[32];
  char hex[97];
  contrast_sha384((const uint8_t *)"abc", 3, d384);
  contrast_hex_encode(d384, 48, hex);
  CU_ASSERT_STRING_EQUAL(hex, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
                              "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  contrast_sha256((const uint8_t *)"abc", 3, d256);
  contrast_hex_encode(d256, 32, hex);
  CU_ASSERT_STRING_EQUAL(
      hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static const test_case tests[] = {
    {"test_der_next_short_form", test_der_next_short_form},
    {"test_der_next_long_form_minimal_ok", test_der_next_long_form_minimal_ok},
    {"test_der_next_non_minimal_length_refused",
     test_der_next_non_minimal_length_refused},
    {"test_der_next_indefinite_and_oversized_lengths_refused",
     test_der_next_indefinite_and_oversized_lengths_refused},
    {"test_der_next_value_beyond_end_refused",
     test_der_next_value_beyond_end_refused},
    {"test_der_next_multibyte_tag_refused",
     test_der_next_multibyte_tag_refused},
    {"test_der_uint_valid_values", test_der_uint_valid_values},
    {"test_der_uint_invalid_refused", test_der_uint_invalid_refused},
    {"test_pem_decode_real_ark_exact_der", test_pem_decode_real_ark_exact_der},
    {"test_pem_decode_headers_refused", test_pem_decode_headers_refused},
    {"test_pem_decode_garbage_between_blocks_refused",
     test_pem_decode_garbage_between_blocks_refused},
    {"test_pem_decode_whitespace_around_and_between_ok",
     test_pem_decode_whitespace_around_and_between_ok},
    {"test_pem_decode_max_blocks_enforced",
     test_pem_decode_max_blocks_enforced},
    {"test_pem_decode_structural_errors_refused",
     test_pem_decode_structural_errors_refused},
    {"test_pem_decode_same_as_evp_decodeblock_reference",
     test_pem_decode_same_as_evp_decodeblock_reference},
    {"test_cert_parse_real_vcek_der_keeps_exact_bytes",
     test_cert_parse_real_vcek_der_keeps_exact_bytes},
    {"test_cert_parse_real_ark_pem", test_cert_parse_real_ark_pem},
    {"test_cert_parse_trailing_bytes_after_der_refused",
     test_cert_parse_trailing_bytes_after_der_refused},
    {"test_cert_parse_truncated_or_empty_refused",
     test_cert_parse_truncated_or_empty_refused},
    {"test_cert_parse_pem_with_two_blocks_refused",
     test_cert_parse_pem_with_two_blocks_refused},
    {"test_cert_parse_pem_bundle_real_chain",
     test_cert_parse_pem_bundle_real_chain},
    {"test_cert_parse_pem_bundle_bad_der_in_block_refused",
     test_cert_parse_pem_bundle_bad_der_in_block_refused},
    {"test_der_split_signed_real_vcek_exact_parts",
     test_der_split_signed_real_vcek_exact_parts},
    {"test_der_split_signed_real_ask_exact_parts",
     test_der_split_signed_real_ask_exact_parts},
    {"test_der_split_signed_trailing_or_truncated_refused",
     test_der_split_signed_trailing_or_truncated_refused},
    {"test_x509_validity_real_ark_milan", test_x509_validity_real_ark_milan},
    {"test_x509_validity_real_vcek", test_x509_validity_real_vcek},
    {"test_asn1_time_epoch_utctime_and_generalized",
     test_asn1_time_epoch_utctime_and_generalized},
    {"test_check_window_inclusive_bounds", test_check_window_inclusive_bounds},
    {"test_rsa_pss_real_ask_by_ark_sha384_salt48_valid",
     test_rsa_pss_real_ask_by_ark_sha384_salt48_valid},
    {"test_rsa_pss_wrong_salt_or_digest_invalid",
     test_rsa_pss_wrong_salt_or_digest_invalid},
    {"test_rsa_pss_wrong_key_or_altered_bytes_invalid",
     test_rsa_pss_wrong_key_or_altered_bytes_invalid},
    {"test_ecdsa_sig_le_round_trip", test_ecdsa_sig_le_round_trip},
    {"test_ecdsa_sig_le_small_values", test_ecdsa_sig_le_small_values},
    {"test_ec_pub_xy_real_vcek", test_ec_pub_xy_real_vcek},
    {"test_ec_pub_xy_rsa_key_refused", test_ec_pub_xy_rsa_key_refused},
    {"test_crl_parse_real_der_and_pem", test_crl_parse_real_der_and_pem},
    {"test_crl_parse_bad_input_fails_malformed",
     test_crl_parse_bad_input_fails_malformed},
    {"test_x509_name_cn_single_printable", test_x509_name_cn_single_printable},
    {"test_x509_name_cn_absent_repeated_or_unprintable_refused",
     test_x509_name_cn_absent_repeated_or_unprintable_refused},
    {"test_sha384_sha256_known_answers", test_sha384_sha256_known_answers},
    {NULL, NULL},
};

int main(void) { return test_run_suite("common/crypto.c", tests); }
