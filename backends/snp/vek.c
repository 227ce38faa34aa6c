/* VCEK / VLEK KDS extensions: spec/snp.md §2.3. Values arrive as the
 * extension's OCTET STRING content: INTEGERs and IA5Strings are DER; hwID is
 * raw bytes in every real certificate, and DER-wrapped in some synthetic
 * ones, so both are accepted. */
#include <stdio.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "contrast/snp.h"
#include "guard.h"

#define AMD_OID_PREFIX "1.3.6.1.4.1.3704.1."

static int parse_uint(const uint8_t *value, size_t len, const char *name,
                      uint64_t max, uint64_t *out, contrast_err *err) {
  const uint8_t *p = value, *v;
  size_t vlen;
  uint8_t tag;
  ENSURE(contrast_der_next(&p, value + len, &tag, &v, &vlen) == 0 &&
             tag == 0x02 && p == value + len,
         MALFORMED, "VCEK/VLEK extension %s: not a DER INTEGER", name);
  ENSURE(contrast_der_uint(v, vlen, out) == 0 && *out <= max, MALFORMED,
         "VCEK/VLEK extension %s: INTEGER out of range 0..%llu", name,
         (unsigned long long)max);
  return 0;
}

static int parse_ia5(const uint8_t *value, size_t len, const char *name,
                     char *out, size_t cap, contrast_err *err) {
  const uint8_t *p = value, *v;
  size_t vlen;
  uint8_t tag;
  ENSURE(contrast_der_next(&p, value + len, &tag, &v, &vlen) == 0 &&
             tag == 0x16 && p == value + len,
         MALFORMED, "VCEK/VLEK extension %s: not a DER IA5String", name);
  ENSURE(vlen < cap, MALFORMED, "VCEK/VLEK extension %s: longer than %zu",
         name, cap - 1);
  for (size_t i = 0; i < vlen; i++)
    ENSURE(v[i] >= 0x20 && v[i] < 0x7f, MALFORMED,
           "VCEK/VLEK extension %s: non-printable character", name);
  memcpy(out, v, vlen);
  out[vlen] = '\0';
  return 0;
}

int snp_vek_ext_add(snp_vek_ext *ext, const char *suffix, const uint8_t *value,
                    size_t len, contrast_err *err) {
  uint64_t v = 0;
  if (strcmp(suffix, "1") == 0) {
    ENSURE(!ext->has_struct_version, MALFORMED,
           "VCEK/VLEK: duplicate structVersion extension");
    GUARD(parse_uint(value, len, "structVersion", UINT32_MAX,
                     &ext->struct_version, err));
    ext->has_struct_version = 1;
    return 0;
  }
  if (strcmp(suffix, "2") == 0) {
    ENSURE(!ext->has_product_name, MALFORMED,
           "VCEK/VLEK: duplicate productName extension");
    GUARD(parse_ia5(value, len, "productName", ext->product_name,
                    sizeof ext->product_name, err));
    ext->has_product_name = 1;
    return 0;
  }
  if (strncmp(suffix, "3.", 2) == 0 && suffix[2] >= '1' && suffix[2] <= '9' &&
      suffix[3] == '\0') {
    int slot = suffix[2] - '1'; /* 3.1 -> 0 (bl) .. 3.9 -> 8 (fmc) */
    ENSURE(!ext->has_spl[slot], MALFORMED,
           "VCEK/VLEK: duplicate SPL extension %s", suffix);
    char name[16];
    (void)snprintf(name, sizeof name, "SPL %s", suffix);
    GUARD(parse_uint(value, len, name, 255, &v, err));
    ext->spl[slot] = (uint8_t)v;
    ext->has_spl[slot] = 1;
    return 0;
  }
  if (strcmp(suffix, "4") == 0) {
    ENSURE(ext->hwid_len == 0, MALFORMED,
           "VCEK/VLEK: duplicate hwID extension");
    const uint8_t *raw = value;
    size_t raw_len = len;
    /* DER OCTET STRING wrapper (04 40 ... or 04 08 ...) */
    if ((len == 66 && value[0] == 0x04 && value[1] == 64) ||
        (len == 10 && value[0] == 0x04 && value[1] == 8)) {
      raw = value + 2;
      raw_len = len - 2;
    }
    ENSURE(raw_len == 64 || raw_len == 8, MALFORMED,
           "VCEK/VLEK extension hwID: %zu bytes (expected 64, or 8 for "
           "Turin)",
           len);
    memcpy(ext->hwid, raw, raw_len);
    ext->hwid_len = raw_len;
    return 0;
  }
  if (strcmp(suffix, "5") == 0) {
    ENSURE(!ext->has_csp_id, MALFORMED,
           "VCEK/VLEK: duplicate csp_id extension");
    GUARD(parse_ia5(value, len, "csp_id", ext->csp_id, sizeof ext->csp_id,
                    err));
    ext->has_csp_id = 1;
    return 0;
  }
  BAIL(MALFORMED, "VCEK/VLEK: unknown AMD KDS extension " AMD_OID_PREFIX "%s",
       suffix);
}

int snp_vek_ext_parse(const X509 *x, snp_vek_ext *ext, contrast_err *err) {
  memset(ext, 0, sizeof *ext);
  int n = X509_get_ext_count(x);
  const size_t plen = strlen(AMD_OID_PREFIX);
  for (int i = 0; i < n; i++) {
    X509_EXTENSION *e = X509_get_ext(x, i);
    char oid[80];
    int olen = OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(e), 1);
    ENSURE(olen > 0 && (size_t)olen < sizeof oid, MALFORMED,
           "VCEK/VLEK: unreadable extension OID");
    if (strncmp(oid, AMD_OID_PREFIX, plen) != 0) {
      /* Standard extensions are not AMD's to judge, but a critical one we
       * do not know would change the certificate's meaning. */
      ENSURE(!X509_EXTENSION_get_critical(e) ||
                 X509_supported_extension(e),
             MALFORMED, "VCEK/VLEK: unknown critical extension %s", oid);
      continue;
    }
    const ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(e);
    GUARD(snp_vek_ext_add(ext, oid + plen, ASN1_STRING_get0_data(os),
                          (size_t)ASN1_STRING_length(os), err));
  }
  return 0;
}
