/* backends/tdx/pck.c: the SGX extension of PCK certificates
 * (OID 1.2.840.113741.1.13.1, spec/tdx.md §4.2).
 *
 * Golden data: the PCK certificates inside the real quotes of
 * vectors/real/tdx; the expected values were read with
 * `openssl asn1parse` from the extension bytes, never from running the
 * parser. Variants are built with the test PKI's DER writer (tdxpki.h), one
 * fault each; the rule each asserts is cited from §4.2: 5 entries
 * (Processor CA) or 7 (Platform CA); PPID, TCB, PCE-ID, FMSPC and SGX Type
 * required; the TCB sequence exactly 18 entries; the ASN.1 type of every
 * value as the table gives it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "contrast/crypto.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "tdxpki.h"
#include "testsupport.h"

#define DIR "vectors/real/tdx/"

static int hex_is(const uint8_t *b, size_t n, const char *want) {
  char s[2 * 32 + 1];
  CU_ASSERT_FATAL(2 * n < sizeof s);
  contrast_hex_encode(b, n, s);
  if (strcmp(s, want) != 0) {
    fprintf(stderr, "  got  %s\n  want %s\n", s, want);
    return 0;
  }
  return 1;
}

static uint8_t *exact(const void *p, size_t len) {
  uint8_t *d = malloc(len ? len : 1);
  CU_ASSERT_FATAL(d != NULL);
  if (len > 0)
    memcpy(d, p, len);
  return d;
}

/* Parse DER (an exact heap copy); returns rc, err holds the code. */
static int parse(const uint8_t *der, size_t len, tdx_pck_ext *x,
                 contrast_err *err) {
  uint8_t *b = exact(der, len);
  contrast_err_clear(err);
  memset(x, 0xA5, sizeof *x); /* parse must reset it */
  int rc = tdx_pck_ext_parse(b, len, x, err);
  free(b);
  return rc;
}

static int spec_parse(const tt_sgx_ext *spec, tdx_pck_ext *x,
                      contrast_err *err) {
  tt_buf der = {0};
  tt_sgx_ext_der(spec, &der);
  int rc = parse(der.p, der.len, x, err);
  tt_buf_free(&der);
  return rc;
}

static void spec_fails(const tt_sgx_ext *spec, const char *why) {
  tdx_pck_ext x;
  contrast_err e;
  int rc = spec_parse(spec, &x, &e);
  if (rc != -1 || e.code != CONTRAST_MALFORMED)
    fprintf(stderr, "  %s: expected MALFORMED, got rc %d %s: %s\n", why, rc,
            contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
}

static void spec_ok(const tt_sgx_ext *spec, const char *why) {
  tdx_pck_ext x;
  contrast_err e;
  int rc = spec_parse(spec, &x, &e);
  if (rc != 0)
    fprintf(stderr, "  %s: expected OK, got %s: %s\n", why,
            contrast_code_name(e.code), e.detail);
  CU_ASSERT_EQUAL(rc, 0);
}

static tt_sgx_ext processor_form(void) {
  tt_sgx_ext s = tt_sgx_ext_good();
  s.platform = 0;
  return s;
}

/* ==== the real PCKs ==== */

/* The PCK leaf of a real quote's chain (caller wipes). */
static void real_pck(const char *name, contrast_cert *leaf) {
  char path[256];
  (void)snprintf(path, sizeof path, DIR "%s/quote.bin", name);
  size_t len;
  uint8_t *q = test_read_file(path, &len);
  tdx_quote quote;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(tdx_quote_parse(q, len, &quote, &e), 0);
  size_t n = 0, plen = quote.pck_chain_len;
  if (plen > 0 && quote.pck_chain[plen - 1] == '\0')
    plen--;
  contrast_cert certs[4];
  memset(certs, 0, sizeof certs);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse_pem_bundle(quote.pck_chain, plen,
                                                       "chain", certs, 4, &n,
                                                       &e),
                        0);
  CU_ASSERT_EQUAL_FATAL(n, 3);
  *leaf = certs[0];
  contrast_cert_wipe(&certs[1]);
  contrast_cert_wipe(&certs[2]);
  free(q);
}

/* The raw extnValue of the SGX extension of a certificate (new). */
static uint8_t *raw_ext(const X509 *x, size_t *len) {
  ASN1_OBJECT *obj = OBJ_txt2obj("1.2.840.113741.1.13.1", 1);
  CU_ASSERT_FATAL(obj != NULL);
  int i = X509_get_ext_by_OBJ(x, obj, -1);
  ASN1_OBJECT_free(obj);
  CU_ASSERT_FATAL(i >= 0);
  const ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(X509_get_ext(x, i));
  *len = (size_t)ASN1_STRING_length(os);
  return exact(ASN1_STRING_get0_data(os), *len);
}

typedef struct real_row {
  const char *name;
  const char *ppid, *comps, *cpusvn, *fmspc, *piid;
  uint16_t pcesvn;
  int cached_keys; /* DynamicPlatform and SMTEnabled are TRUE in all */
} real_row;

/* from `openssl asn1parse` of each extension (tdx.md §4.2 table) */
static const real_row REAL[] = {
    {"tdx-v4-dcap-qvl-uptodate", "811dca2a26b952e85bb6448b097ba4fd",
     "03030202040100050000000000000000", "03030202040100050000000000000000",
     "b0c06f000000", "07828474603e7019dc930775ffe8cdd2", 11, 1},
    {"tdx-v4-azure-outofdate", "a1b0718ffa8e6d55fdaf5eceb03f3c72",
     "06060202030100030000000000000000", "06060202030100030000000000000000",
     "00806f050000", "2ca5dcff6868cccd3b19497deddfa7ff", 11, 0},
    {"tdx-v4-debug-td", "df4c32a9d8d86009aaf380ec43cfcefb",
     "05050d02030100030000000000000000", "05050d02030100030000000000000000",
     "50806f000000", "021ac64d355ba904e2d5948d228d5482", 11, 1},
    {"tdx-v4-gcp-cos-uptodate", "8ebf889447fd60ab1913348582eb509e",
     "07070202030100030000000000000000", "07070202030100030000000000000000",
     "00806f050000", "2838c0bd430c08ee2406cda161d54c63", 11, 0},
    /* the SPR_E4 example of tdx.md §4.2 */
    {"tdx-v4-spr-no-tcb-level", "089ddfdb9c0359c82a3bc7719239574e",
     "03030202020100020000000000000000", "03030202020100020000000000000000",
     "50806f000000", "8c314d17d205dfafcbecbb00fc87eff7", 11, 0},
};

static void assert_real(const tdx_pck_ext *x, const real_row *r) {
  CU_ASSERT_TRUE(hex_is(x->ppid, 16, r->ppid));
  CU_ASSERT_TRUE(hex_is(x->tcb_comp, 16, r->comps));
  CU_ASSERT_EQUAL(x->pcesvn, r->pcesvn);
  CU_ASSERT_TRUE(hex_is(x->cpusvn, 16, r->cpusvn));
  CU_ASSERT_TRUE(hex_is(x->pceid, 2, "0000"));
  CU_ASSERT_TRUE(hex_is(x->fmspc, 6, r->fmspc));
  CU_ASSERT_EQUAL(x->sgx_type, 1); /* Scalable */
  CU_ASSERT_EQUAL(x->has_piid, 1);
  CU_ASSERT_TRUE(hex_is(x->piid, 16, r->piid));
  CU_ASSERT_EQUAL(x->has_config, 1);
  CU_ASSERT_EQUAL(x->has_dynamic_platform, 1);
  CU_ASSERT_EQUAL(x->has_cached_keys, 1);
  CU_ASSERT_EQUAL(x->has_smt_enabled, 1);
  CU_ASSERT_EQUAL(x->dynamic_platform, 1);
  CU_ASSERT_EQUAL(x->cached_keys, r->cached_keys);
  CU_ASSERT_EQUAL(x->smt_enabled, 1);
}

static void test_tdx_pck_ext_from_cert_real_pcks_values(void) {
  for (size_t i = 0; i < sizeof REAL / sizeof REAL[0]; i++) {
    contrast_cert leaf;
    real_pck(REAL[i].name, &leaf);
    tdx_pck_ext x;
    contrast_err e;
    contrast_err_clear(&e);
    int rc = tdx_pck_ext_from_cert(leaf.x509, &x, &e);
    if (rc != 0)
      fprintf(stderr, "  %s: %s\n", REAL[i].name, e.detail);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    assert_real(&x, &REAL[i]);
    /* the same through the raw bytes (554 bytes in every real PCK) */
    size_t len;
    uint8_t *der = raw_ext(leaf.x509, &len);
    CU_ASSERT_EQUAL(len, 554);
    tdx_pck_ext y;
    CU_ASSERT_EQUAL(parse(der, len, &y, &e), 0);
    assert_real(&y, &REAL[i]);
    free(der);
    contrast_cert_wipe(&leaf);
  }
}

static void test_tdx_pck_ext_parse_real_truncated_fails_malformed(void) {
  contrast_cert leaf;
  real_pck(REAL[0].name, &leaf);
  size_t len;
  uint8_t *der = raw_ext(leaf.x509, &len);
  size_t bad = 0;
  /* every length short of the whole, each an exact-size copy */
  for (size_t n = 0; n < len && bad < 5; n++) {
    tdx_pck_ext x;
    contrast_err e;
    int rc = parse(der, n, &x, &e);
    if (rc != -1 || e.code != CONTRAST_MALFORMED) {
      fprintf(stderr, "  length %zu: rc %d %s\n", n, rc,
              contrast_code_name(e.code));
      bad++;
    }
  }
  CU_ASSERT_EQUAL(bad, 0);
  /* one byte more after the SEQUENCE */
  uint8_t *big = calloc(len + 1, 1);
  CU_ASSERT_FATAL(big != NULL);
  memcpy(big, der, len);
  tdx_pck_ext x;
  contrast_err e;
  CU_ASSERT_EQUAL(parse(big, len + 1, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  /* NULL input */
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL(tdx_pck_ext_parse(NULL, 0, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  free(big);
  free(der);
  contrast_cert_wipe(&leaf);
}

/* ==== the two forms ==== */

static void test_tdx_pck_ext_parse_platform_form_seven_entries(void) {
  tt_sgx_ext s = tt_sgx_ext_good();
  s.pcesvn = 0x1234; /* PCESVN is 0..65535 */
  s.comp[15] = 255;
  s.sgx_type = 2;
  s.cached_keys = 0;
  tdx_pck_ext x;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(spec_parse(&s, &x, &e), 0);
  CU_ASSERT_EQUAL(memcmp(x.ppid, s.ppid, 16), 0);
  CU_ASSERT_EQUAL(memcmp(x.tcb_comp, s.comp, 16), 0);
  CU_ASSERT_EQUAL(x.pcesvn, 0x1234);
  CU_ASSERT_EQUAL(memcmp(x.cpusvn, s.cpusvn, 16), 0);
  CU_ASSERT_EQUAL(memcmp(x.pceid, s.pceid, 2), 0);
  CU_ASSERT_EQUAL(memcmp(x.fmspc, s.fmspc, 6), 0);
  CU_ASSERT_EQUAL(x.sgx_type, 2);
  CU_ASSERT_EQUAL(x.has_piid, 1);
  CU_ASSERT_EQUAL(memcmp(x.piid, s.piid, 16), 0);
  CU_ASSERT_EQUAL(x.has_config, 1);
  CU_ASSERT_EQUAL(x.dynamic_platform, 1);
  CU_ASSERT_EQUAL(x.cached_keys, 0);
  CU_ASSERT_EQUAL(x.smt_enabled, 1);
}

static void test_tdx_pck_ext_parse_processor_form_five_entries(void) {
  tt_sgx_ext s = processor_form();
  s.sgx_type = 0;
  tdx_pck_ext x;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(spec_parse(&s, &x, &e), 0);
  CU_ASSERT_EQUAL(x.has_piid, 0);
  CU_ASSERT_EQUAL(x.has_config, 0);
  CU_ASSERT_EQUAL(x.sgx_type, 0);
  CU_ASSERT_EQUAL(memcmp(x.fmspc, s.fmspc, 6), 0);
  CU_ASSERT_EQUAL(x.pcesvn, 13);
}

static void test_tdx_pck_ext_parse_missing_entry_fails_malformed(void) {
  /* each required entry left out, in both forms (the count then is 4 or
   * 6: neither 5 nor 7) */
  for (unsigned a = 1; a <= 5; a++) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.omit = 1u << a;
    char why[64];
    (void)snprintf(why, sizeof why, "platform form without %u", a);
    spec_fails(&s, why);
    s = processor_form();
    s.omit = 1u << a;
    (void)snprintf(why, sizeof why, "processor form without %u", a);
    spec_fails(&s, why);
  }
  /* the platform form with only one of PIID / Configuration: 6 entries */
  tt_sgx_ext s = tt_sgx_ext_good();
  s.omit = 1u << 6;
  spec_fails(&s, "no PIID");
  s = tt_sgx_ext_good();
  s.omit = 1u << 7;
  spec_fails(&s, "no Configuration");
  /* a required entry replaced by an optional one: still 5 entries, but
   * FMSPC missing */
  s = tt_sgx_ext_good();
  s.omit = (1u << 4) | (1u << 7);
  spec_fails(&s, "PIID instead of FMSPC");
  /* empty sequence */
  static const uint8_t empty[] = {0x30, 0x00};
  tdx_pck_ext x;
  contrast_err e;
  CU_ASSERT_EQUAL(parse(empty, sizeof empty, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
}

static void test_tdx_pck_ext_parse_duplicate_entry_fails_malformed(void) {
  for (unsigned a = 1; a <= 7; a++) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.dup = a;
    char why[64];
    (void)snprintf(why, sizeof why, "entry %u twice", a);
    spec_fails(&s, why);
  }
  /* a duplicate making up the count of the processor form (4 distinct +
   * one twice = 5 entries) */
  tt_sgx_ext s = processor_form();
  s.omit = 1u << 1;
  s.dup = 4;
  spec_fails(&s, "FMSPC twice instead of PPID");
  for (unsigned b = 1; b <= 18; b++) {
    s = tt_sgx_ext_good();
    s.tcb_dup = b;
    char why[64];
    (void)snprintf(why, sizeof why, "TCB entry %u twice", b);
    spec_fails(&s, why);
    /* ... also with one other entry left out: 18 entries, one missing */
    s.tcb_omit = 1u << (b == 1 ? 2 : 1);
    (void)snprintf(why, sizeof why, "TCB entry %u twice, 18 entries", b);
    spec_fails(&s, why);
  }
  for (unsigned b = 1; b <= 3; b++) {
    s = tt_sgx_ext_good();
    s.config_dup = b;
    spec_fails(&s, "Configuration entry twice");
  }
}

static void test_tdx_pck_ext_parse_unknown_oid_fails_malformed(void) {
  /* extra top-level arcs: 8, 9, 127, 128 (two-byte arc), 200, 113741 */
  static const unsigned arcs[] = {8, 9, 127, 128, 200, 113741};
  for (size_t i = 0; i < sizeof arcs / sizeof arcs[0]; i++) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.extra = arcs[i];
    char why[64];
    (void)snprintf(why, sizeof why, "extra entry %u", arcs[i]);
    spec_fails(&s, why);
    /* in the processor form an extra entry makes 6 */
    s = processor_form();
    s.extra = arcs[i];
    spec_fails(&s, why);
  }
  /* the processor form plus one unknown entry in place of... nothing: an
   * unknown entry is refused, not counted */
  tt_sgx_ext s = processor_form();
  s.omit = 1u << 5;
  s.extra = 8;
  spec_fails(&s, "unknown entry in place of SGX Type");
  /* unknown TCB entries 2.19, 2.20, 2.200 */
  static const unsigned tarcs[] = {19, 20, 200};
  for (size_t i = 0; i < 3; i++) {
    s = tt_sgx_ext_good();
    s.tcb_extra = tarcs[i];
    spec_fails(&s, "extra TCB entry (19 entries)");
    s.tcb_omit = 1u << 18;
    spec_fails(&s, "unknown TCB entry in place of CPUSVN");
  }
  /* unknown Configuration entry */
  s = tt_sgx_ext_good();
  s.config_extra = 4;
  spec_fails(&s, "Configuration 7.4");
  /* an entry whose OID is outside 1.2.840.113741.1.13.1 (here
   * 1.2.840.113741.1.13.2, and the bare prefix) */
  tt_buf b = {0}, inner = {0}, e = {0};
  tt_sgx_ext good = tt_sgx_ext_good();
  tt_sgx_ext_der(&good, &inner);
  /* inner is SEQUENCE{...}: re-wrap its content with one more entry */
  CU_ASSERT_FATAL(inner.len > 4 && inner.p[0] == 0x30 && inner.p[1] == 0x82);
  tt_buf_put(&b, inner.p + 4, inner.len - 4);
  static const uint8_t other_oid[] = {0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf8,
                                      0x4d, 0x01, 0x0d, 0x02, 0x01};
  tt_buf_put(&e, other_oid, sizeof other_oid);
  tt_der_tlv(&e, TT_TAG_OCTETS, (const uint8_t *)"ab", 2);
  tt_der_tlv(&b, TT_TAG_SEQ, e.p, e.len);
  tt_buf whole = {0};
  tt_der_tlv(&whole, TT_TAG_SEQ, b.p, b.len);
  tdx_pck_ext x;
  contrast_err err;
  CU_ASSERT_EQUAL(parse(whole.p, whole.len, &x, &err), -1);
  ASSERT_CODE(err, CONTRAST_MALFORMED);
  tt_buf_free(&whole);
  tt_buf_free(&e);
  tt_buf_free(&b);
  /* the bare SGX prefix as an entry OID */
  tt_buf_put(&b, inner.p + 4, inner.len - 4);
  static const uint8_t bare[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                 0xf8, 0x4d, 0x01, 0x0d, 0x01};
  tt_buf_put(&e, bare, sizeof bare);
  tt_der_tlv(&e, TT_TAG_OCTETS, (const uint8_t *)"ab", 2);
  tt_der_tlv(&b, TT_TAG_SEQ, e.p, e.len);
  tt_der_tlv(&whole, TT_TAG_SEQ, b.p, b.len);
  CU_ASSERT_EQUAL(parse(whole.p, whole.len, &x, &err), -1);
  ASSERT_CODE(err, CONTRAST_MALFORMED);
  tt_buf_free(&whole);
  tt_buf_free(&e);
  tt_buf_free(&b);
  tt_buf_free(&inner);
}

static void test_tdx_pck_ext_parse_wrong_type_fails_malformed(void) {
  /* §4.2 types: PPID/PCE-ID/FMSPC/PIID OCTET STRING, TCB and
   * Configuration SEQUENCE, SGX Type ENUMERATED */
  static const struct {
    unsigned a;
    uint8_t tag;
  } top[] = {{1, TT_TAG_INTEGER}, {1, TT_TAG_SEQ},     {2, TT_TAG_OCTETS},
             {2, 0x31},           {3, TT_TAG_INTEGER}, {4, TT_TAG_INTEGER},
             {4, 0x0c},           {5, TT_TAG_INTEGER}, {5, TT_TAG_OCTETS},
             {6, TT_TAG_INTEGER}, {7, TT_TAG_OCTETS},  {7, 0x31}};
  for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.wrong_tag = top[i].a;
    s.wrong_tag_value = top[i].tag;
    char why[64];
    (void)snprintf(why, sizeof why, "entry %u with tag 0x%02x", top[i].a,
                   top[i].tag);
    spec_fails(&s, why);
  }
  /* TCB: COMP01..16 and PCESVN INTEGER, CPUSVN OCTET STRING */
  static const struct {
    unsigned b;
    uint8_t tag;
  } tcb[] = {{1, TT_TAG_OCTETS},  {1, TT_TAG_ENUM},   {1, TT_TAG_BOOLEAN},
             {9, TT_TAG_ENUM},    {16, TT_TAG_OCTETS}, {17, TT_TAG_OCTETS},
             {17, TT_TAG_ENUM},   {18, TT_TAG_INTEGER}, {18, TT_TAG_SEQ}};
  for (size_t i = 0; i < sizeof tcb / sizeof tcb[0]; i++) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.tcb_wrong_tag = tcb[i].b;
    s.tcb_wrong_tag_value = tcb[i].tag;
    char why[64];
    (void)snprintf(why, sizeof why, "TCB entry %u with tag 0x%02x", tcb[i].b,
                   tcb[i].tag);
    spec_fails(&s, why);
  }
  /* Configuration values are BOOLEANs in DER (0x00 / 0xFF) */
  tt_sgx_ext s = tt_sgx_ext_good();
  s.config_bool_raw = 0x01;
  spec_fails(&s, "BOOLEAN 0x01");
  s.config_bool_raw = 0x7f;
  spec_fails(&s, "BOOLEAN 0x7f");
}

static void test_tdx_pck_ext_parse_tcb_entry_count_fails_malformed(void) {
  /* exactly 18 TCB entries: 17 (each one left out) and 19 */
  for (unsigned b = 1; b <= 18; b++) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.tcb_omit = 1u << b;
    char why[64];
    (void)snprintf(why, sizeof why, "TCB without entry %u (17)", b);
    spec_fails(&s, why);
  }
  tt_sgx_ext s = tt_sgx_ext_good();
  s.tcb_dup = 3;
  spec_fails(&s, "19 TCB entries (a duplicate)");
  s = tt_sgx_ext_good();
  s.tcb_extra = 19;
  spec_fails(&s, "19 TCB entries (2.19)");
  s = tt_sgx_ext_good();
  s.tcb_omit = 0x7fffe; /* all 18 */
  spec_fails(&s, "empty TCB");
}

static void test_tdx_pck_ext_parse_value_ranges(void) {
  tt_sgx_ext s;
  /* SVN components are 0..255, PCESVN 0..65535 */
  static const struct {
    unsigned b;
    uint8_t v[4];
    size_t n;
    int ok;
    const char *why;
  } rows[] = {
      {1, {0x00, 0xff}, 2, 1, "comp 255"},
      {1, {0x01, 0x00}, 2, 0, "comp 256"},
      {1, {0xff}, 1, 0, "comp -1"},
      {1, {0x00, 0x05}, 2, 0, "comp 5, non-minimal"},
      {1, {0}, 0, 0, "comp, empty INTEGER"},
      {17, {0x00, 0xff, 0xff}, 3, 1, "PCESVN 65535"},
      {17, {0x01, 0x00, 0x00}, 3, 0, "PCESVN 65536"},
      {17, {0x80}, 1, 0, "PCESVN negative"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    s = tt_sgx_ext_good();
    s.tcb_raw = rows[i].b;
    memcpy(s.tcb_raw_val, rows[i].v, rows[i].n);
    s.tcb_raw_len = rows[i].n;
    if (rows[i].ok)
      spec_ok(&s, rows[i].why);
    else
      spec_fails(&s, rows[i].why);
  }
  /* SGX Type: 0, 1, 2 (§4.2); 3 is no type */
  for (unsigned t = 0; t <= 3; t++) {
    s = tt_sgx_ext_good();
    s.sgx_type = (uint8_t)t;
    if (t <= 2)
      spec_ok(&s, "SGX type 0..2");
    else
      spec_fails(&s, "SGX type 3");
  }
}

static void test_tdx_pck_ext_parse_octet_lengths_fail_malformed(void) {
  /* PPID 16, PCE-ID 2, FMSPC 6, PIID 16, CPUSVN 16 bytes (§4.2) */
  static const unsigned entries[] = {1, 3, 4, 6};
  for (size_t i = 0; i < 4; i++) {
    for (int by = -1; by <= 1; by += 2) {
      tt_sgx_ext s = tt_sgx_ext_good();
      s.resize = entries[i];
      s.resize_by = by;
      char why[64];
      (void)snprintf(why, sizeof why, "entry %u %+d byte", entries[i], by);
      spec_fails(&s, why);
    }
  }
  for (int by = -1; by <= 1; by += 2) {
    tt_sgx_ext s = tt_sgx_ext_good();
    s.tcb_resize = 18;
    s.tcb_resize_by = by;
    spec_fails(&s, "CPUSVN length");
  }
}

static void test_tdx_pck_ext_parse_outer_structure_fails_malformed(void) {
  tt_sgx_ext g = tt_sgx_ext_good();
  tt_buf der = {0};
  tt_sgx_ext_der(&g, &der);
  tdx_pck_ext x;
  contrast_err e;
  /* SET instead of SEQUENCE */
  uint8_t *b = exact(der.p, der.len);
  b[0] = 0x31;
  CU_ASSERT_EQUAL(parse(b, der.len, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  free(b);
  /* the extension wrapped once more in an OCTET STRING (extnValue
   * given instead of its content) */
  tt_buf w = {0};
  tt_der_tlv(&w, TT_TAG_OCTETS, der.p, der.len);
  CU_ASSERT_EQUAL(parse(w.p, w.len, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  tt_buf_free(&w);
  /* indefinite length */
  b = exact(der.p, der.len);
  b[1] = 0x80;
  CU_ASSERT_EQUAL(parse(b, der.len, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  free(b);
  /* an entry with a third element: SEQUENCE { OID, value, NULL } */
  tt_buf body = {0}, ent = {0};
  tt_der_sgx_oid(&ent, 1, 0);
  tt_der_tlv(&ent, TT_TAG_OCTETS, g.ppid, 16);
  tt_der_tlv(&ent, TT_TAG_NULL, NULL, 0);
  tt_der_tlv(&body, TT_TAG_SEQ, ent.p, ent.len);
  CU_ASSERT_FATAL(der.p[1] == 0x82);
  /* the good content without its PPID entry (the first, 32 bytes) */
  tt_buf_put(&body, der.p + 4 + 32, der.len - 4 - 32);
  tt_buf whole = {0};
  tt_der_tlv(&whole, TT_TAG_SEQ, body.p, body.len);
  CU_ASSERT_EQUAL(parse(whole.p, whole.len, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  tt_buf_free(&whole);
  tt_buf_free(&body);
  tt_buf_free(&ent);
  /* an entry that is not a SEQUENCE at all */
  tt_buf_put(&body, der.p + 4, der.len - 4);
  tt_der_tlv(&body, TT_TAG_OCTETS, (const uint8_t *)"x", 1);
  tt_der_tlv(&whole, TT_TAG_SEQ, body.p, body.len);
  CU_ASSERT_EQUAL(parse(whole.p, whole.len, &x, &e), -1);
  ASSERT_CODE(e, CONTRAST_MALFORMED);
  tt_buf_free(&whole);
  tt_buf_free(&body);
  tt_buf_free(&der);
}

/* ==== tdx_pck_ext_from_cert ==== */

static void cert_ext(const tt_cert_spec *spec, int want_ok) {
  size_t len;
  const uint8_t *der = tt_cert_der(spec, &len);
  contrast_cert c;
  contrast_err e;
  contrast_err_clear(&e);
  CU_ASSERT_EQUAL_FATAL(contrast_cert_parse(der, len, "PCK", &c, &e), 0);
  tdx_pck_ext x;
  int rc = tdx_pck_ext_from_cert(c.x509, &x, &e);
  if (want_ok) {
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(memcmp(x.fmspc, spec->ext.fmspc, 6), 0);
  } else {
    CU_ASSERT_EQUAL(rc, -1);
    ASSERT_CODE(e, CONTRAST_MALFORMED);
  }
  contrast_cert_wipe(&c);
}

static void test_tdx_pck_ext_from_cert_presence(void) {
  tt_cert_spec s = tt_pck_spec();
  cert_ext(&s, 1);
  s.no_sgx_ext = 1;
  cert_ext(&s, 0); /* absent */
  s = tt_pck_spec();
  s.dup_sgx_ext = 1;
  cert_ext(&s, 0); /* twice */
  s = tt_pck_spec();
  s.ext.omit = 1u << 4;
  cert_ext(&s, 0); /* present but bad */
}

/* ==== tdx_pck_ext_from_x509lite ==== */

static void test_tdx_pck_ext_from_x509lite_real_pcks_values(void) {
  for (size_t i = 0; i < sizeof REAL / sizeof REAL[0]; i++) {
    contrast_cert leaf;
    real_pck(REAL[i].name, &leaf);
    contrast_x509lite c;
    tdx_pck_ext x;
    contrast_err e;
    contrast_err_clear(&e);
    CU_ASSERT_EQUAL_FATAL(
        contrast_x509lite_parse(leaf.der, leaf.der_len, "PCK", &c, &e), 0);
    int rc = tdx_pck_ext_from_x509lite(&c, &x, &e);
    if (rc != 0)
      fprintf(stderr, "  %s: %s\n", REAL[i].name, e.detail);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    assert_real(&x, &REAL[i]);
    contrast_cert_wipe(&leaf);
  }
}

/* absent: MALFORMED from the extension; twice: MALFORMED from the
 * certificate parser (any extension twice); present but bad: MALFORMED */
static void test_tdx_pck_ext_from_x509lite_presence(void) {
  tt_cert_spec s[4] = {tt_pck_spec(), tt_pck_spec(), tt_pck_spec(),
                       tt_pck_spec()};
  s[1].no_sgx_ext = 1;
  s[2].dup_sgx_ext = 1;
  s[3].ext.omit = 1u << 4;
  for (size_t i = 0; i < 4; i++) {
    size_t len;
    const uint8_t *der = tt_cert_der(&s[i], &len);
    contrast_x509lite c;
    tdx_pck_ext x;
    contrast_err e;
    contrast_err_clear(&e);
    int rc = contrast_x509lite_parse(der, len, "PCK", &c, &e);
    if (rc == 0)
      rc = tdx_pck_ext_from_x509lite(&c, &x, &e);
    if (i == 0) {
      CU_ASSERT_EQUAL(rc, 0);
      CU_ASSERT_EQUAL(memcmp(x.fmspc, s[0].ext.fmspc, 6), 0);
    } else {
      CU_ASSERT_EQUAL(rc, -1);
      ASSERT_CODE(e, CONTRAST_MALFORMED);
    }
  }
}

/* ==== JSON ==== */

static void test_tdx_pck_ext_to_json_fields(void) {
  tt_sgx_ext s = tt_sgx_ext_good();
  s.cached_keys = 0;
  tdx_pck_ext x;
  contrast_err e;
  CU_ASSERT_EQUAL_FATAL(spec_parse(&s, &x, &e), 0);
  json_t *j = tdx_pck_ext_to_json(&x);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "fmspc")),
                         "b0c06f000000");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "pce_id")),
                         "0000");
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "pcesvn")), 13);
  CU_ASSERT_STRING_EQUAL(
      json_string_value(json_object_get(j, "tcb_components")),
      "03030202040100050000000000000000");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "sgx_type")),
                         "Scalable");
  CU_ASSERT_PTR_NOT_NULL(json_object_get(j, "platform_instance_id"));
  json_t *cfg = json_object_get(j, "configuration");
  CU_ASSERT_TRUE(json_is_true(json_object_get(cfg, "dynamic_platform")));
  CU_ASSERT_TRUE(json_is_false(json_object_get(cfg, "cached_keys")));
  json_decref(j);
  s = processor_form();
  CU_ASSERT_EQUAL_FATAL(spec_parse(&s, &x, &e), 0);
  j = tdx_pck_ext_to_json(&x);
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_PTR_NULL(json_object_get(j, "platform_instance_id"));
  CU_ASSERT_PTR_NULL(json_object_get(j, "configuration"));
  json_decref(j);
}

#define T(fn) {#fn, fn}

int main(void) {
  static const test_case tests[] = {
      T(test_tdx_pck_ext_from_cert_real_pcks_values),
      T(test_tdx_pck_ext_parse_real_truncated_fails_malformed),
      T(test_tdx_pck_ext_parse_platform_form_seven_entries),
      T(test_tdx_pck_ext_parse_processor_form_five_entries),
      T(test_tdx_pck_ext_parse_missing_entry_fails_malformed),
      T(test_tdx_pck_ext_parse_duplicate_entry_fails_malformed),
      T(test_tdx_pck_ext_parse_unknown_oid_fails_malformed),
      T(test_tdx_pck_ext_parse_wrong_type_fails_malformed),
      T(test_tdx_pck_ext_parse_tcb_entry_count_fails_malformed),
      T(test_tdx_pck_ext_parse_value_ranges),
      T(test_tdx_pck_ext_parse_octet_lengths_fail_malformed),
      T(test_tdx_pck_ext_parse_outer_structure_fails_malformed),
      T(test_tdx_pck_ext_from_cert_presence),
      T(test_tdx_pck_ext_from_x509lite_real_pcks_values),
      T(test_tdx_pck_ext_from_x509lite_presence),
      T(test_tdx_pck_ext_to_json_fields),
      {NULL, NULL}};
  int rc = test_run_suite("tdx_pck", tests);
  tt_cleanup();
  return rc;
}
