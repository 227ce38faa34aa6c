/* Strict jansson accessors. */
#include <string.h>

#include "contrast/json.h"
#include "contrast/util.h"
#include "guard.h"

int contrast_json_parse(const uint8_t *buf, size_t len, const char *what,
                        contrast_code code, json_t **out, contrast_err *err) {
  json_error_t je;
  *out = NULL;
  json_t *v = json_loadb((const char *)buf, len,
                         JSON_REJECT_DUPLICATES,
                         &je);
  if (v == NULL)
    return contrast_err_set(err, code, "%s: invalid JSON at line %d column "
                                       "%d: %s",
                            what, je.line, je.column, je.text);
  *out = v;
  return 0;
}

int contrast_json_only_keys(const json_t *obj, const char *const *allowed,
                            size_t n, const char *what, contrast_code code,
                            contrast_err *err) {
  const char *key;
  json_t *val;
  if (!json_is_object(obj))
    return contrast_err_set(err, code, "%s: not a JSON object", what);
  json_object_foreach((json_t *)(uintptr_t)obj, key, val) {
    (void)val;
    int ok = 0;
    for (size_t i = 0; i < n && !ok; i++)
      ok = strcmp(key, allowed[i]) == 0;
    if (!ok)
      return contrast_err_set(err, code, "%s: unknown key '%s'", what, key);
  }
  return 0;
}

static json_t *lookup(const json_t *obj, const char *key, int *present) {
  json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
  if (present != NULL)
    *present = v != NULL;
  return v;
}

int contrast_json_get_string(const json_t *obj, const char *key,
                             const char *what, contrast_code code,
                             const char **out, int *present,
                             contrast_err *err) {
  json_t *v = lookup(obj, key, present);
  if (v == NULL)
    return 0;
  if (!json_is_string(v))
    return contrast_err_set(err, code, "%s: '%s' must be a string", what, key);
  if (strlen(json_string_value(v)) != json_string_length(v))
    return contrast_err_set(err, code, "%s: '%s' contains a NUL", what, key);
  *out = json_string_value(v);
  return 0;
}

int contrast_json_get_bool(const json_t *obj, const char *key,
                           const char *what, contrast_code code, int *out,
                           int *present, contrast_err *err) {
  json_t *v = lookup(obj, key, present);
  if (v == NULL)
    return 0;
  if (!json_is_boolean(v))
    return contrast_err_set(err, code, "%s: '%s' must be true or false", what,
                            key);
  *out = json_is_true(v);
  return 0;
}

int contrast_json_get_u64(const json_t *obj, const char *key, const char *what,
                          contrast_code code, uint64_t max, uint64_t *out,
                          int *present, contrast_err *err) {
  json_t *v = lookup(obj, key, present);
  if (v == NULL)
    return 0;
  if (!json_is_integer(v) || json_integer_value(v) < 0 ||
      (uint64_t)json_integer_value(v) > max)
    return contrast_err_set(err, code,
                            "%s: '%s' must be an integer in 0..%llu", what,
                            key, (unsigned long long)max);
  *out = (uint64_t)json_integer_value(v);
  return 0;
}

int contrast_json_get_hex(const json_t *obj, const char *key, const char *what,
                          contrast_code code, uint8_t *out, size_t n,
                          int *present, contrast_err *err) {
  const char *s = NULL;
  int have = 0;
  GUARD(contrast_json_get_string(obj, key, what, code, &s, &have, err));
  if (present != NULL)
    *present = have;
  if (!have)
    return 0;
  char field[160];
  (void)snprintf(field, sizeof field, "%s: '%s'", what, key);
  return contrast_hex_decode(s, out, n, field, code, err);
}

int contrast_json_get_object(const json_t *obj, const char *key,
                             const char *what, contrast_code code,
                             json_t **out, int *present, contrast_err *err) {
  json_t *v = lookup(obj, key, present);
  if (v == NULL)
    return 0;
  if (!json_is_object(v))
    return contrast_err_set(err, code, "%s: '%s' must be an object", what,
                            key);
  *out = v;
  return 0;
}
