/* The SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1):
 * spec/tdx.md §4.2. A DER SEQUENCE OF SEQUENCE { OID, value }. */
#include <string.h>

#include <openssl/objects.h>

#include "contrast/tdx.h"
#include "guard.h"

/* Content bytes of 1.2.840.113741.1.13.1 */
static const uint8_t SGX_OID[] = {0x2a, 0x86, 0x48, 0x86, 0xf8,
                                  0x4d, 0x01, 0x0d, 0x01};
#define SGX_OID_LEN sizeof SGX_OID

#define TAG_BOOLEAN 0x01
#define TAG_INTEGER 0x02
#define TAG_OCTETS 0x04
#define TAG_OID 0x06
#define TAG_ENUM 0x0a
#define TAG_SEQ 0x30

/* One SEQUENCE { OID, value } entry whose OID is SGX_OID.<a>[.<b>]. Returns
 * the arcs after the prefix (b = 0 when there is a single arc). */
static int read_entry(const uint8_t **p, const uint8_t *end, const char *what,
                      unsigned *a, unsigned *b, uint8_t *vtag,
                      const uint8_t **val, size_t *vlen, contrast_err *err) {
  const uint8_t *seq, *oid;
  size_t seq_len, oid_len;
  uint8_t tag;
  ENSURE(contrast_der_next(p, end, &tag, &seq, &seq_len) == 0 && tag == TAG_SEQ,
         MALFORMED, "PCK SGX extension: %s: entry is not a SEQUENCE", what);
  const uint8_t *q = seq, *qend = seq + seq_len;
  ENSURE(contrast_der_next(&q, qend, &tag, &oid, &oid_len) == 0 &&
             tag == TAG_OID,
         MALFORMED, "PCK SGX extension: %s: entry has no OID", what);
  ENSURE(oid_len > SGX_OID_LEN && memcmp(oid, SGX_OID, SGX_OID_LEN) == 0,
         MALFORMED, "PCK SGX extension: %s: OID outside 1.2.840.113741.1.13.1",
         what);
  size_t n = oid_len - SGX_OID_LEN;
  const uint8_t *arcs = oid + SGX_OID_LEN;
  /* arcs used here are all < 128: one byte each */
  ENSURE((n == 1 || n == 2) && arcs[0] < 0x80 && (n == 1 || arcs[1] < 0x80),
         MALFORMED, "PCK SGX extension: %s: unknown OID", what);
  *a = arcs[0];
  *b = n == 2 ? arcs[1] : 0;
  ENSURE(contrast_der_next(&q, qend, vtag, val, vlen) == 0 && q == qend,
         MALFORMED, "PCK SGX extension: %s: bad value", what);
  return 0;
}

static int octets(uint8_t tag, const uint8_t *v, size_t len, uint8_t *out,
                  size_t want, const char *name, contrast_err *err) {
  ENSURE(tag == TAG_OCTETS && len == want, MALFORMED,
         "PCK SGX extension: %s must be an OCTET STRING of %zu bytes", name,
         want);
  memcpy(out, v, want);
  return 0;
}

/* An INTEGER (or, for SGX Type, ENUMERATED: want) in 0..max; §4.2 gives
 * each value one type, so the other tag is not accepted. */
static int integer(uint8_t tag, uint8_t want, const uint8_t *v, size_t len,
                   uint64_t max, uint64_t *out, const char *name,
                   contrast_err *err) {
  ENSURE(tag == want && contrast_der_uint(v, len, out) == 0 && *out <= max,
         MALFORMED, "PCK SGX extension: %s must be an integer in 0..%llu",
         name, (unsigned long long)max);
  return 0;
}

static int parse_tcb(const uint8_t *v, size_t len, tdx_pck_ext *x,
                     contrast_err *err) {
  const uint8_t *p = v, *end = v + len;
  uint32_t seen = 0;
  size_t count = 0;
  while (p < end) {
    unsigned a, b;
    uint8_t tag;
    const uint8_t *val;
    size_t vlen;
    GUARD(read_entry(&p, end, "TCB", &a, &b, &tag, &val, &vlen, err));
    ENSURE(a == 2 && b >= 1 && b <= 18, MALFORMED,
           "PCK SGX extension: unknown TCB entry 2.%u", b);
    ENSURE((seen & (1u << b)) == 0, MALFORMED,
           "PCK SGX extension: duplicate TCB entry 2.%u", b);
    seen |= 1u << b;
    count++;
    uint64_t n;
    if (b <= 16) {
      GUARD(integer(tag, TAG_INTEGER, val, vlen, 255, &n,
                    "SGX TCB component", err));
      x->tcb_comp[b - 1] = (uint8_t)n;
    } else if (b == 17) {
      GUARD(integer(tag, TAG_INTEGER, val, vlen, 65535, &n, "PCESVN", err));
      x->pcesvn = (uint16_t)n;
    } else {
      GUARD(octets(tag, val, vlen, x->cpusvn, 16, "CPUSVN", err));
    }
  }
  ENSURE(count == 18, MALFORMED,
         "PCK SGX extension: TCB has %zu entries, expected 18", count);
  return 0;
}

static int parse_config(const uint8_t *v, size_t len, tdx_pck_ext *x,
                        contrast_err *err) {
  const uint8_t *p = v, *end = v + len;
  while (p < end) {
    unsigned a, b;
    uint8_t tag;
    const uint8_t *val;
    size_t vlen;
    GUARD(read_entry(&p, end, "Configuration", &a, &b, &tag, &val, &vlen,
                     err));
    ENSURE(a == 7 && b >= 1 && b <= 3, MALFORMED,
           "PCK SGX extension: unknown Configuration entry 7.%u", b);
    ENSURE(tag == TAG_BOOLEAN && vlen == 1 && (val[0] == 0 || val[0] == 0xff),
           MALFORMED, "PCK SGX extension: Configuration 7.%u is not a DER "
                      "BOOLEAN",
           b);
    int *has = b == 1 ? &x->has_dynamic_platform
               : b == 2 ? &x->has_cached_keys
                        : &x->has_smt_enabled;
    int *flag = b == 1 ? &x->dynamic_platform
                : b == 2 ? &x->cached_keys
                         : &x->smt_enabled;
    ENSURE(!*has, MALFORMED, "PCK SGX extension: duplicate Configuration 7.%u",
           b);
    *has = 1;
    *flag = val[0] != 0;
  }
  return 0;
}

int tdx_pck_ext_parse(const uint8_t *der, size_t len, tdx_pck_ext *x,
                      contrast_err *err) {
  memset(x, 0, sizeof *x);
  const uint8_t *p = der, *end = der + len, *seq;
  size_t seq_len;
  uint8_t tag;
  ENSURE(der != NULL &&
             contrast_der_next(&p, end, &tag, &seq, &seq_len) == 0 &&
             tag == TAG_SEQ && p == end,
         MALFORMED, "PCK SGX extension: not a DER SEQUENCE");
  p = seq;
  end = seq + seq_len;
  uint32_t seen = 0;
  size_t count = 0;
  while (p < end) {
    unsigned a, b;
    const uint8_t *val;
    size_t vlen;
    GUARD(read_entry(&p, end, "top level", &a, &b, &tag, &val, &vlen, err));
    ENSURE(b == 0 && a >= 1 && a <= 7, MALFORMED,
           "PCK SGX extension: unknown entry %u.%u", a, b);
    ENSURE((seen & (1u << a)) == 0, MALFORMED,
           "PCK SGX extension: duplicate entry %u", a);
    seen |= 1u << a;
    count++;
    uint64_t n;
    switch (a) {
    case 1:
      GUARD(octets(tag, val, vlen, x->ppid, 16, "PPID", err));
      break;
    case 2:
      ENSURE(tag == TAG_SEQ, MALFORMED,
             "PCK SGX extension: TCB is not a SEQUENCE");
      GUARD(parse_tcb(val, vlen, x, err));
      break;
    case 3:
      GUARD(octets(tag, val, vlen, x->pceid, 2, "PCE-ID", err));
      break;
    case 4:
      GUARD(octets(tag, val, vlen, x->fmspc, 6, "FMSPC", err));
      break;
    case 5:
      ENSURE(tag == TAG_ENUM, MALFORMED,
             "PCK SGX extension: SGX Type is not ENUMERATED");
      GUARD(integer(tag, TAG_ENUM, val, vlen, 2, &n, "SGX Type", err));
      x->sgx_type = (uint32_t)n;
      break;
    case 6:
      GUARD(octets(tag, val, vlen, x->piid, 16, "Platform Instance ID", err));
      x->has_piid = 1;
      break;
    default: /* 7 */
      ENSURE(tag == TAG_SEQ, MALFORMED,
             "PCK SGX extension: Configuration is not a SEQUENCE");
      GUARD(parse_config(val, vlen, x, err));
      x->has_config = 1;
      break;
    }
  }
  /* Required: PPID, TCB, PCE-ID, FMSPC, SGX Type; Platform-CA PCKs add the
   * platform instance ID and configuration (QVL: 5 or 7 entries). */
  const uint32_t required = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) |
                            (1u << 5);
  ENSURE((seen & required) == required, MALFORMED,
         "PCK SGX extension: a required entry (PPID, TCB, PCE-ID, FMSPC, "
         "SGX Type) is missing");
  ENSURE(count == 5 || (count == 7 && x->has_piid && x->has_config), MALFORMED,
         "PCK SGX extension: %zu entries (expected 5, or 7 with platform "
         "instance ID and configuration)",
         count);
  return 0;
}

int tdx_pck_ext_from_cert(const X509 *x, tdx_pck_ext *out, contrast_err *err) {
  int found = -1, n = X509_get_ext_count(x);
  for (int i = 0; i < n; i++) {
    const ASN1_OBJECT *obj = X509_EXTENSION_get_object(X509_get_ext(x, i));
    const unsigned char *data = OBJ_get0_data(obj);
    if (OBJ_length(obj) == SGX_OID_LEN &&
        memcmp(data, SGX_OID, SGX_OID_LEN) == 0) {
      ENSURE(found < 0, MALFORMED, "PCK certificate: duplicate SGX extension");
      found = i;
    }
  }
  ENSURE(found >= 0, MALFORMED, "PCK certificate: no SGX extension");
  const ASN1_OCTET_STRING *os =
      X509_EXTENSION_get_data(X509_get_ext(x, found));
  return tdx_pck_ext_parse(ASN1_STRING_get0_data(os),
                           (size_t)ASN1_STRING_length(os), out, err);
}

int tdx_pck_ext_from_x509lite(const contrast_x509lite *c, tdx_pck_ext *out,
                              contrast_err *err) {
  /* the parser has refused a certificate with the extension twice */
  const contrast_x509lite_ext *e =
      contrast_x509lite_ext_find(c, SGX_OID, SGX_OID_LEN);
  ENSURE(e != NULL, MALFORMED, "PCK certificate: no SGX extension");
  return tdx_pck_ext_parse(e->value.p, e->value.len, out, err);
}
