/* jansson helpers with strict typing. Every getter fails with the code the
 * caller names (E_UNUSABLE for case files, MALFORMED for evidence JSON) and
 * a detail naming the key. */
#ifndef CONTRAST_JSON_H
#define CONTRAST_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "contrast/error.h"

/* Parse buf as one JSON value (duplicate keys refused, nothing after it).
 * Returns a new reference in *out. */
int contrast_json_parse(const uint8_t *buf, size_t len, const char *what,
                        contrast_code code, json_t **out,
                        contrast_err *err) CONTRAST_WUR;

/* Fail unless every key of obj is in allowed[0..n). */
int contrast_json_only_keys(const json_t *obj, const char *const *allowed,
                            size_t n, const char *what, contrast_code code,
                            contrast_err *err) CONTRAST_WUR;

/* Getters: `*present` (may be NULL) tells whether the key was there; a key
 * that is absent leaves *out untouched and succeeds (absent != invalid).
 * A key present with the wrong type or value fails. */
int contrast_json_get_string(const json_t *obj, const char *key,
                             const char *what, contrast_code code,
                             const char **out, int *present,
                             contrast_err *err) CONTRAST_WUR;
int contrast_json_get_bool(const json_t *obj, const char *key,
                           const char *what, contrast_code code, int *out,
                           int *present, contrast_err *err) CONTRAST_WUR;
int contrast_json_get_u64(const json_t *obj, const char *key, const char *what,
                          contrast_code code, uint64_t max, uint64_t *out,
                          int *present, contrast_err *err) CONTRAST_WUR;
/* A hex string of exactly n bytes. */
int contrast_json_get_hex(const json_t *obj, const char *key, const char *what,
                          contrast_code code, uint8_t *out, size_t n,
                          int *present, contrast_err *err) CONTRAST_WUR;
/* An object (borrowed reference). */
int contrast_json_get_object(const json_t *obj, const char *key,
                             const char *what, contrast_code code,
                             json_t **out, int *present,
                             contrast_err *err) CONTRAST_WUR;

#endif
