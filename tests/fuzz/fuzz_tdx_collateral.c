/* libFuzzer target: the PCS collateral parsers (backends/tdx/collateral.c,
 * spec/tdx.md §5.2-§5.3).
 *
 * Input: byte 0 selects (mod 3)
 *   0  tdx_tcb_info_parse on the rest
 *   1  tdx_qe_identity_parse on the rest
 *   2  tdx_json_raw_member on the rest after byte 1, which picks the key
 * Invariants (abort() when broken):
 *   - failures are MALFORMED (or E_NOMEM) with a detail;
 *   - the signed bytes lie inside the input, start with '{' and end with
 *     '}', are what tdx_json_raw_member finds, and are, as JSON, exactly
 *     the member the JSON parser used (the signature covers what is
 *     judged: tdx.md §5.2);
 *   - bounds: level and identity counts, statuses valid for their place
 *     (module levels UpToDate / OutOfDate / Revoked), ids NUL-terminated;
 *   - tdx_json_raw_member: a value inside the text; when the text is
 *     valid JSON, the value is the member the JSON parser sees. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "contrast/tdx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,     \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

static const size_t JFLAGS = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES;

/* When text parses as JSON, the raw member [v, v+n) is, parsed, equal to
 * the member key of the parsed text. */
static void check_member(const uint8_t *text, size_t len, const char *key,
                         const uint8_t *v, size_t n) {
  CHECK(v >= text && n > 0 && n <= len && v - text <= (ptrdiff_t)(len - n));
  json_error_t je;
  json_t *root = json_loadb((const char *)text, len, JFLAGS, &je);
  if (root == NULL)
    return;
  CHECK(json_is_object(root));
  json_t *want = json_object_get(root, key);
  CHECK(want != NULL);
  json_t *got = json_loadb((const char *)v, n, JFLAGS, &je);
  CHECK(got != NULL);
  CHECK(json_equal(got, want));
  json_decref(got);
  json_decref(root);
}

static void check_signed(const uint8_t *text, size_t len, const char *key,
                         const uint8_t *v, size_t n) {
  CHECK(v >= text && n >= 2 && v + n <= text + len);
  CHECK(v[0] == '{' && v[n - 1] == '}');
  const uint8_t *rv = NULL;
  size_t rn = 0;
  CHECK(tdx_json_raw_member(text, len, key, &rv, &rn) == 0);
  CHECK(rv == v && rn == n);
  /* the parser accepted the text, so it is JSON: the member must match */
  json_error_t je;
  json_t *root = json_loadb((const char *)text, len, JFLAGS, &je);
  CHECK(root != NULL);
  json_decref(root);
  check_member(text, len, key, v, n);
}

static void check_id(const char *id, size_t cap) {
  CHECK(memchr(id, '\0', cap) != NULL);
}

static void check_advisories(const tdx_advisories *a) {
  CHECK(a->n <= TDX_MAX_ADVISORIES);
  for (size_t i = 0; i < a->n; i++)
    CHECK(a->ids[i] != NULL && strlen(a->ids[i]) < 64);
}

static void tcb_info(const uint8_t *p, size_t n) {
  tdx_tcb_info t;
  contrast_err err;
  contrast_err_clear(&err);
  if (tdx_tcb_info_parse(p, n, &t, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_E_NOMEM);
    CHECK(err.detail[0] != '\0');
    CHECK(t.levels == NULL && t.identities == NULL);
    return;
  }
  check_signed(p, n, "tcbInfo", t.signed_data, t.signed_len);
  check_id(t.id, sizeof t.id);
  CHECK(t.n_levels <= TDX_MAX_LEVELS);
  CHECK(t.n_identities <= TDX_MAX_IDENTITIES);
  CHECK(t.has_identities || t.n_identities == 0);
  for (size_t i = 0; i < t.n_levels; i++) {
    CHECK(t.levels[i].status <= TDX_STATUS_REVOKED);
    check_advisories(&t.levels[i].advisories);
  }
  for (size_t i = 0; i < t.n_identities; i++) {
    const tdx_module_identity *m = &t.identities[i];
    check_id(m->id, sizeof m->id);
    CHECK(m->n_levels <= TDX_MAX_LEVELS);
    for (size_t j = 0; j < m->n_levels; j++) {
      tdx_status s = m->levels[j].status;
      CHECK(s == TDX_STATUS_UP_TO_DATE || s == TDX_STATUS_OUT_OF_DATE ||
            s == TDX_STATUS_REVOKED);
      check_advisories(&m->levels[j].advisories);
    }
  }
  tdx_tcb_info_wipe(&t);
  CHECK(t.levels == NULL && t.n_levels == 0 && t.identities == NULL);
}

static void qe_identity(const uint8_t *p, size_t n) {
  tdx_qe_identity q;
  contrast_err err;
  contrast_err_clear(&err);
  if (tdx_qe_identity_parse(p, n, &q, &err) != 0) {
    CHECK(err.code == CONTRAST_MALFORMED || err.code == CONTRAST_E_NOMEM);
    CHECK(err.detail[0] != '\0');
    CHECK(q.levels == NULL);
    return;
  }
  check_signed(p, n, "enclaveIdentity", q.signed_data, q.signed_len);
  check_id(q.id, sizeof q.id);
  CHECK(q.n_levels <= TDX_MAX_LEVELS);
  for (size_t i = 0; i < q.n_levels; i++) {
    CHECK(q.levels[i].status <= TDX_STATUS_REVOKED);
    check_advisories(&q.levels[i].advisories);
  }
  /* the outcome of an ISVSVN is one of the four, with a level or none */
  size_t level = 0;
  tdx_qe_status s = tdx_qe_status_of(&q, 4, &level);
  CHECK(s <= TDX_QE_NOT_SUPPORTED);
  CHECK((s == TDX_QE_NOT_SUPPORTED) == (level == (size_t)-1));
  if (level != (size_t)-1)
    CHECK(level < q.n_levels && q.levels[level].isvsvn <= 4);
  tdx_qe_identity_wipe(&q);
  CHECK(q.levels == NULL && q.n_levels == 0);
}

static void raw_member(const uint8_t *p, size_t n) {
  static const char *const keys[] = {"tcbInfo", "enclaveIdentity",
                                     "signature", "a", "", "\"", "\\"};
  if (n == 0)
    return;
  const char *key = keys[p[0] % (sizeof keys / sizeof keys[0])];
  const uint8_t *text = p + 1;
  size_t len = n - 1;
  const uint8_t *v = NULL;
  size_t vn = 0;
  if (tdx_json_raw_member(text, len, key, &v, &vn) == 0)
    check_member(text, len, key, v, vn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  /* an exactly sized copy of the rest, so over-reads are caught */
  size_t n = size - 1;
  uint8_t *p = malloc(n ? n : 1);
  if (p == NULL)
    return 0;
  if (n > 0)
    memcpy(p, data + 1, n);
  switch (data[0] % 3) {
  case 0:
    tcb_info(p, n);
    break;
  case 1:
    qe_identity(p, n);
    break;
  default:
    raw_member(p, n);
    break;
  }
  free(p);
  return 0;
}
