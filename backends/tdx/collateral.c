/* PCS collateral: TCB info v3 and QE identity v2 (spec/tdx.md §5.2, §5.3).
 * The signature covers the exact bytes of the "tcbInfo" / "enclaveIdentity"
 * value as served, so the raw member is located in the text itself;
 * re-serialising the parsed JSON would be wrong. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autofree.h"
#include "contrast/json.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "guard.h"

#define M CONTRAST_MALFORMED

static const char *const status_names[TDX_STATUS_COUNT_] = {
#define TDX_STATUS_STR(name, str) str,
    TDX_STATUSES(TDX_STATUS_STR)
#undef TDX_STATUS_STR
};

const char *tdx_status_name(tdx_status s) {
  return (unsigned)s < TDX_STATUS_COUNT_ ? status_names[s] : "unknown";
}

int tdx_status_from_name(const char *name, tdx_status *out) {
  for (int i = 0; i < TDX_STATUS_COUNT_; i++) {
    if (name != NULL && strcmp(name, status_names[i]) == 0) {
      *out = (tdx_status)i;
      return 0;
    }
  }
  return -1;
}

/* ---- raw member scanner ---- */

static size_t skip_ws(const uint8_t *t, size_t len, size_t i) {
  while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' ||
                     t[i] == '\r'))
    i++;
  return i;
}

/* i at an opening quote: index just past the closing quote, or 0 on error.
 * *escaped tells whether the string held a backslash. */
static size_t skip_string(const uint8_t *t, size_t len, size_t i,
                          int *escaped) {
  *escaped = 0;
  for (i++; i < len; i++) {
    if (t[i] == '\\') {
      *escaped = 1;
      i++;
    } else if (t[i] == '"') {
      return i + 1;
    }
  }
  return 0;
}

/* 1 when the content s[0..n) of a JSON string written with escapes
 * decodes to key (ASCII): a key spelled "tcb\u0049nfo" is the key to a JSON
 * parser, so the scanner must see it too. */
static int escaped_is(const uint8_t *s, size_t n, const char *key,
                      size_t klen) {
  size_t i = 0, k = 0;
  while (i < n) {
    unsigned c = s[i++];
    if (c == '\\') {
      if (i >= n)
        return 0;
      unsigned e = s[i++];
      if (e == 'u') {
        if (n - i < 4)
          return 0;
        c = 0;
        for (int d = 0; d < 4; d++, i++) {
          unsigned h = s[i];
          h = h >= '0' && h <= '9'   ? h - '0'
              : h >= 'a' && h <= 'f' ? h - 'a' + 10
              : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                     : 16;
          if (h == 16)
            return 0;
          c = c << 4 | h;
        }
      } else {
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *p = e != 0 ? strchr(from, (int)e) : NULL;
        if (p == NULL)
          return 0;
        c = (unsigned char)to[p - from];
      }
    }
    if (k >= klen || (unsigned char)key[k] != c)
      return 0;
    k++;
  }
  return k == klen;
}

/* i at the first byte of a value: index just past it, or 0 on error. */
static size_t skip_value(const uint8_t *t, size_t len, size_t i) {
  int esc;
  if (i >= len)
    return 0;
  if (t[i] == '"')
    return skip_string(t, len, i, &esc);
  if (t[i] == '{' || t[i] == '[') {
    size_t depth = 0;
    for (; i < len; i++) {
      if (t[i] == '"') {
        size_t j = skip_string(t, len, i, &esc);
        if (j == 0)
          return 0;
        i = j - 1;
      } else if (t[i] == '{' || t[i] == '[') {
        if (++depth > 64)
          return 0;
      } else if (t[i] == '}' || t[i] == ']') {
        if (--depth == 0)
          return i + 1;
      }
    }
    return 0;
  }
  /* number, true, false, null */
  size_t start = i;
  while (i < len && t[i] != ',' && t[i] != '}' && t[i] != ']' &&
         t[i] != ' ' && t[i] != '\n' && t[i] != '\r' && t[i] != '\t')
    i++;
  return i > start ? i : 0;
}

int tdx_json_raw_member(const uint8_t *t, size_t len, const char *key,
                        const uint8_t **val, size_t *val_len) {
  size_t klen = strlen(key), i = skip_ws(t, len, 0);
  int found = 0;
  if (i >= len || t[i] != '{')
    return -1;
  i = skip_ws(t, len, i + 1);
  if (i < len && t[i] == '}')
    return -1;
  for (;;) {
    int esc;
    if (i >= len || t[i] != '"')
      return -1;
    size_t kend = skip_string(t, len, i, &esc);
    if (kend == 0)
      return -1;
    int match = !esc && kend - i - 2 == klen && memcmp(t + i + 1, key, klen) == 0;
    if (esc && (memmem(t + i + 1, kend - i - 2, key, klen) != NULL ||
                escaped_is(t + i + 1, kend - i - 2, key, klen)))
      return -1; /* an escaped spelling of the key: refuse, don't guess */
    i = skip_ws(t, len, kend);
    if (i >= len || t[i] != ':')
      return -1;
    i = skip_ws(t, len, i + 1);
    size_t vend = skip_value(t, len, i);
    if (vend == 0)
      return -1;
    if (match) {
      if (found)
        return -1;
      found = 1;
      *val = t + i;
      *val_len = vend - i;
    }
    i = skip_ws(t, len, vend);
    if (i < len && t[i] == ',') {
      i = skip_ws(t, len, i + 1);
      continue;
    }
    if (i < len && t[i] == '}')
      break;
    return -1;
  }
  return found ? 0 : -1;
}

/* ---- field helpers (all MALFORMED) ---- */

static int get_str(const json_t *o, const char *key, const char *what,
                   const char **out, contrast_err *err) {
  int have = 0;
  GUARD(contrast_json_get_string(o, key, what, M, out, &have, err));
  ENSURE(have, MALFORMED, "%s: '%s' missing", what, key);
  return 0;
}

static int get_int(const json_t *o, const char *key, const char *what,
                   uint64_t max, uint64_t *out, contrast_err *err) {
  int have = 0;
  GUARD(contrast_json_get_u64(o, key, what, M, max, out, &have, err));
  ENSURE(have, MALFORMED, "%s: '%s' missing", what, key);
  return 0;
}

static int get_hex(const json_t *o, const char *key, const char *what,
                   uint8_t *out, size_t n, contrast_err *err) {
  int have = 0;
  GUARD(contrast_json_get_hex(o, key, what, M, out, n, &have, err));
  ENSURE(have, MALFORMED, "%s: '%s' missing", what, key);
  return 0;
}

static int get_time(const json_t *o, const char *key, const char *what,
                    int64_t *out, contrast_err *err) {
  const char *s = NULL;
  GUARD(get_str(o, key, what, &s, err));
  return contrast_time_parse_rfc3339(s, out, M, err);
}

static int get_array(const json_t *o, const char *key, const char *what,
                     size_t max, json_t **out, contrast_err *err) {
  json_t *a = json_object_get(o, key);
  ENSURE(json_is_array(a), MALFORMED, "%s: '%s' must be an array", what, key);
  ENSURE(json_array_size(a) <= max, MALFORMED,
         "%s: '%s' has more than %zu entries", what, key, max);
  *out = a;
  return 0;
}

static void advisories_wipe(tdx_advisories *a) {
  for (size_t i = 0; i < a->n; i++)
    free(a->ids[i]);
  free(a->ids);
  a->ids = NULL;
  a->n = 0;
}

static int get_advisories(const json_t *level, const char *what,
                          tdx_advisories *out, contrast_err *err) {
  json_t *a = json_object_get(level, "advisoryIDs");
  if (a == NULL)
    return 0;
  ENSURE(json_is_array(a) && json_array_size(a) <= TDX_MAX_ADVISORIES,
         MALFORMED, "%s: 'advisoryIDs' must be an array of at most %d",
         what, TDX_MAX_ADVISORIES);
  size_t n = json_array_size(a);
  if (n == 0)
    return 0;
  out->ids = calloc(n, sizeof *out->ids);
  ENSURE_ALLOC(out->ids);
  for (size_t i = 0; i < n; i++) {
    json_t *s = json_array_get(a, i);
    ENSURE(json_is_string(s) && json_string_length(s) < 64, MALFORMED,
           "%s: advisoryIDs[%zu] must be a short string", what, i);
    out->ids[i] = strdup(json_string_value(s));
    ENSURE_ALLOC(out->ids[i]);
    out->n = i + 1;
  }
  return 0;
}

static int get_status(const json_t *level, const char *what, int module_only,
                      tdx_status *out, contrast_err *err) {
  const char *s = NULL;
  GUARD(get_str(level, "tcbStatus", what, &s, err));
  ENSURE(tdx_status_from_name(s, out) == 0 &&
             *out <= TDX_STATUS_REVOKED,
         MALFORMED, "%s: unknown tcbStatus '%s'", what, s);
  if (module_only)
    ENSURE(*out == TDX_STATUS_UP_TO_DATE || *out == TDX_STATUS_OUT_OF_DATE ||
               *out == TDX_STATUS_REVOKED,
           MALFORMED,
           "%s: tcbStatus '%s' is not valid here (UpToDate, OutOfDate, "
           "Revoked)",
           what, s);
  return 0;
}

static int get_isv_levels(const json_t *o, const char *what, int module_only,
                          tdx_isv_level **out, size_t *n, contrast_err *err) {
  json_t *a = NULL;
  GUARD(get_array(o, "tcbLevels", what, TDX_MAX_LEVELS, &a, err));
  *n = 0;
  if (json_array_size(a) == 0)
    return 0;
  *out = calloc(json_array_size(a), sizeof **out);
  ENSURE_ALLOC(*out);
  for (size_t i = 0; i < json_array_size(a); i++) {
    json_t *lv = json_array_get(a, i), *tcb = NULL;
    tdx_isv_level *l = &(*out)[i];
    *n = i + 1;
    ENSURE(json_is_object(lv), MALFORMED, "%s: tcbLevels[%zu] not an object",
           what, i);
    int have = 0;
    GUARD(contrast_json_get_object(lv, "tcb", what, M, &tcb, &have, err));
    ENSURE(have, MALFORMED, "%s: tcbLevels[%zu].tcb missing", what, i);
    uint64_t v;
    GUARD(get_int(tcb, "isvsvn", what, 65535, &v, err));
    l->isvsvn = (uint16_t)v;
    GUARD(get_status(lv, what, module_only, &l->status, err));
    GUARD(get_advisories(lv, what, &l->advisories, err));
  }
  return 0;
}

static void isv_levels_wipe(tdx_isv_level *l, size_t n) {
  for (size_t i = 0; i < n; i++)
    advisories_wipe(&l[i].advisories);
  free(l);
}

static int get_components(const json_t *tcb, const char *key, const char *what,
                          uint8_t out[16], contrast_err *err) {
  json_t *a = json_object_get(tcb, key);
  ENSURE(json_is_array(a) && json_array_size(a) == 16, MALFORMED,
         "%s: '%s' must be an array of 16 components", what, key);
  for (size_t i = 0; i < 16; i++) {
    json_t *c = json_array_get(a, i);
    ENSURE(json_is_object(c), MALFORMED, "%s: %s[%zu] not an object", what,
           key, i);
    uint64_t v;
    GUARD(get_int(c, "svn", what, 255, &v, err));
    out[i] = (uint8_t)v;
  }
  return 0;
}

/* The signed envelope { "<member>": {...}, "signature": hex } of PCS JSON:
 * the document (*root, the caller's to release, also on failure), the
 * member object (borrowed from it), the member's exact bytes in body (what
 * is signed) and the signature. */
static int signed_json(const uint8_t *body, size_t len, const char *what,
                       const char *member, json_t **root, json_t **obj,
                       const uint8_t **raw, size_t *raw_len, uint8_t sig[64],
                       contrast_err *err) {
  GUARD(contrast_json_parse(body, len, what, M, root, err));
  ENSURE(json_is_object(*root), MALFORMED, "%s: not a JSON object", what);
  int have = 0;
  GUARD(contrast_json_get_object(*root, member, what, M, obj, &have, err));
  ENSURE(have, MALFORMED, "%s: '%s' missing", what, member);
  ENSURE(tdx_json_raw_member(body, len, member, raw, raw_len) == 0, MALFORMED,
         "%s: cannot locate the raw '%s' bytes", what, member);
  return get_hex(*root, "signature", what, sig, 64, err);
}

/* ---- TCB info ---- */

void tdx_tcb_info_wipe(tdx_tcb_info *t) {
  if (t == NULL)
    return;
  for (size_t i = 0; i < t->n_identities; i++)
    isv_levels_wipe(t->identities[i].levels, t->identities[i].n_levels);
  free(t->identities);
  for (size_t i = 0; i < t->n_levels; i++)
    advisories_wipe(&t->levels[i].advisories);
  free(t->levels);
  memset(t, 0, sizeof *t);
}

static int copy_id(const json_t *o, const char *what, char *out, size_t cap,
                   contrast_err *err) {
  const char *s = NULL;
  GUARD(get_str(o, "id", what, &s, err));
  /* An id longer than the field is kept cut short: it cannot equal any id
   * looked for ("TDX", "TD_QE", "TDX_%02X" are all shorter), so it is
   * judged a wrong id (COLLATERAL, CASES.md), not bad JSON. */
  size_t n = strlen(s);
  if (n >= cap)
    n = cap - 1;
  memcpy(out, s, n);
  out[n] = '\0';
  return 0;
}

static int tcb_info_fields(const json_t *ti, tdx_tcb_info *t,
                           contrast_err *err) {
  const char *w = "TCB info";
  GUARD(copy_id(ti, w, t->id, sizeof t->id, err));
  GUARD(get_int(ti, "version", w, UINT32_MAX, &t->version, err));
  GUARD(get_time(ti, "issueDate", w, &t->issue_date, err));
  GUARD(get_time(ti, "nextUpdate", w, &t->next_update, err));
  GUARD(get_hex(ti, "fmspc", w, t->fmspc, 6, err));
  GUARD(get_hex(ti, "pceId", w, t->pceid, 2, err));
  GUARD(get_int(ti, "tcbType", w, UINT32_MAX, &t->tcb_type, err));
  GUARD(get_int(ti, "tcbEvaluationDataNumber", w, UINT32_MAX,
                &t->tcb_evaluation_data_number, err));
  json_t *mod = NULL;
  int have = 0;
  GUARD(contrast_json_get_object(ti, "tdxModule", w, M, &mod, &have, err));
  ENSURE(have, MALFORMED, "TCB info: 'tdxModule' missing");
  GUARD(get_hex(mod, "mrsigner", "TCB info tdxModule", t->module_mrsigner, 48,
                err));
  GUARD(get_hex(mod, "attributes", "TCB info tdxModule", t->module_attributes,
                8, err));
  GUARD(get_hex(mod, "attributesMask", "TCB info tdxModule",
                t->module_attributes_mask, 8, err));
  json_t *ids = json_object_get(ti, "tdxModuleIdentities");
  if (ids != NULL) {
    t->has_identities = 1;
    GUARD(get_array(ti, "tdxModuleIdentities", w, TDX_MAX_IDENTITIES, &ids,
                    err));
    if (json_array_size(ids) > 0) {
      t->identities = calloc(json_array_size(ids), sizeof *t->identities);
      ENSURE_ALLOC(t->identities);
    }
    for (size_t i = 0; i < json_array_size(ids); i++) {
      json_t *o = json_array_get(ids, i);
      tdx_module_identity *m = &t->identities[i];
      t->n_identities = i + 1;
      const char *mw = "TCB info tdxModuleIdentities";
      ENSURE(json_is_object(o), MALFORMED, "%s[%zu]: not an object", mw, i);
      GUARD(copy_id(o, mw, m->id, sizeof m->id, err));
      GUARD(get_hex(o, "mrsigner", mw, m->mrsigner, 48, err));
      GUARD(get_hex(o, "attributes", mw, m->attributes, 8, err));
      GUARD(get_hex(o, "attributesMask", mw, m->attributes_mask, 8, err));
      GUARD(get_isv_levels(o, mw, 1, &m->levels, &m->n_levels, err));
    }
  }
  json_t *levels = NULL;
  GUARD(get_array(ti, "tcbLevels", w, TDX_MAX_LEVELS, &levels, err));
  if (json_array_size(levels) > 0) {
    t->levels = calloc(json_array_size(levels), sizeof *t->levels);
    ENSURE_ALLOC(t->levels);
  }
  for (size_t i = 0; i < json_array_size(levels); i++) {
    json_t *lv = json_array_get(levels, i), *tcb = NULL;
    tdx_tcb_level *l = &t->levels[i];
    t->n_levels = i + 1;
    const char *lw = "TCB info tcbLevels";
    ENSURE(json_is_object(lv), MALFORMED, "%s[%zu]: not an object", lw, i);
    GUARD(contrast_json_get_object(lv, "tcb", lw, M, &tcb, &have, err));
    ENSURE(have, MALFORMED, "%s[%zu]: 'tcb' missing", lw, i);
    GUARD(get_components(tcb, "sgxtcbcomponents", lw, l->sgx, err));
    uint64_t v;
    GUARD(get_int(tcb, "pcesvn", lw, 65535, &v, err));
    l->pcesvn = (uint16_t)v;
    GUARD(get_components(tcb, "tdxtcbcomponents", lw, l->tdx, err));
    GUARD(get_status(lv, lw, 0, &l->status, err));
    GUARD(get_advisories(lv, lw, &l->advisories, err));
  }
  return 0;
}

int tdx_tcb_info_parse(const uint8_t *body, size_t len, tdx_tcb_info *t,
                       contrast_err *err) {
  memset(t, 0, sizeof *t);
  AUTO_JSON json_t *root = NULL;
  json_t *ti = NULL;
  if (signed_json(body, len, "TCB info", "tcbInfo", &root, &ti, &t->signed_data,
                  &t->signed_len, t->signature, err) != 0 ||
      tcb_info_fields(ti, t, err) != 0) {
    tdx_tcb_info_wipe(t);
    return -1;
  }
  return 0;
}

/* ---- QE identity ---- */

void tdx_qe_identity_wipe(tdx_qe_identity *q) {
  if (q == NULL)
    return;
  isv_levels_wipe(q->levels, q->n_levels);
  memset(q, 0, sizeof *q);
}

static uint32_t le32(const uint8_t b[4]) {
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
}

static int qe_identity_fields(const json_t *ei, tdx_qe_identity *q,
                              contrast_err *err) {
  const char *w = "QE identity";
  GUARD(copy_id(ei, w, q->id, sizeof q->id, err));
  GUARD(get_int(ei, "version", w, UINT32_MAX, &q->version, err));
  GUARD(get_time(ei, "issueDate", w, &q->issue_date, err));
  GUARD(get_time(ei, "nextUpdate", w, &q->next_update, err));
  GUARD(get_int(ei, "tcbEvaluationDataNumber", w, UINT32_MAX,
                &q->tcb_evaluation_data_number, err));
  uint8_t b[4];
  /* tdx.md §6.G.3: the 4 bytes of the hex string are read as u32 LE */
  GUARD(get_hex(ei, "miscselect", w, b, 4, err));
  q->miscselect = le32(b);
  GUARD(get_hex(ei, "miscselectMask", w, b, 4, err));
  q->miscselect_mask = le32(b);
  GUARD(get_hex(ei, "attributes", w, q->attributes, 16, err));
  GUARD(get_hex(ei, "attributesMask", w, q->attributes_mask, 16, err));
  GUARD(get_hex(ei, "mrsigner", w, q->mrsigner, 32, err));
  uint64_t v;
  GUARD(get_int(ei, "isvprodid", w, 65535, &v, err));
  q->isvprodid = (uint16_t)v;
  GUARD(get_isv_levels(ei, w, 0, &q->levels, &q->n_levels, err));
  return 0;
}

int tdx_qe_identity_parse(const uint8_t *body, size_t len, tdx_qe_identity *q,
                          contrast_err *err) {
  memset(q, 0, sizeof *q);
  AUTO_JSON json_t *root = NULL;
  json_t *ei = NULL;
  if (signed_json(body, len, "QE identity", "enclaveIdentity", &root, &ei,
                  &q->signed_data, &q->signed_len, q->signature, err) != 0 ||
      qe_identity_fields(ei, q, err) != 0) {
    tdx_qe_identity_wipe(q);
    return -1;
  }
  return 0;
}
