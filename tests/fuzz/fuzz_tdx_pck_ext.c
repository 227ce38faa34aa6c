/* libFuzzer target: tdx_pck_ext_parse (backends/tdx/pck.c), the SGX
 * extension of PCK certificates (spec/tdx.md §4.2), fed the raw extnValue
 * bytes; on success tdx_pck_ext_to_json.
 *
 * Invariants (abort() when broken):
 *   - failures are MALFORMED with a detail;
 *   - an accepted extension is the 5-entry form (no PIID, no configuration)
 *     or the 7-entry form (both); SGX type 0..2; flags 0/1; configuration
 *     flags only with a configuration;
 *   - parsing is a function of the input: a second parse gives the same
 *     struct, byte for byte;
 *   - the JSON view has the fields of the form. */
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

static int is_flag(int v) { return v == 0 || v == 1; }

static void check_ext(const tdx_pck_ext *x) {
  CHECK(x->sgx_type <= 2);
  CHECK(is_flag(x->has_piid) && is_flag(x->has_config));
  CHECK(x->has_piid == x->has_config); /* 5 or 7 entries */
  CHECK(is_flag(x->has_dynamic_platform) && is_flag(x->has_cached_keys) &&
        is_flag(x->has_smt_enabled));
  CHECK(is_flag(x->dynamic_platform) && is_flag(x->cached_keys) &&
        is_flag(x->smt_enabled));
  if (!x->has_config)
    CHECK(!x->has_dynamic_platform && !x->has_cached_keys &&
          !x->has_smt_enabled);
  CHECK(x->has_dynamic_platform || !x->dynamic_platform);
  CHECK(x->has_cached_keys || !x->cached_keys);
  CHECK(x->has_smt_enabled || !x->smt_enabled);
  static const uint8_t zero[16] = {0};
  if (!x->has_piid)
    CHECK(memcmp(x->piid, zero, 16) == 0);
}

static void check_json(const tdx_pck_ext *x) {
  json_t *j = tdx_pck_ext_to_json(x);
  if (j == NULL)
    return; /* out of memory */
  const char *f = json_string_value(json_object_get(j, "fmspc"));
  CHECK(f != NULL && strlen(f) == 12);
  CHECK(json_integer_value(json_object_get(j, "pcesvn")) == x->pcesvn);
  CHECK((json_object_get(j, "platform_instance_id") != NULL) == x->has_piid);
  CHECK((json_object_get(j, "configuration") != NULL) == x->has_config);
  json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tdx_pck_ext a, b;
  memset(&a, 0xA5, sizeof a); /* parse must reset it */
  memset(&b, 0x5A, sizeof b);
  contrast_err ea, eb;
  contrast_err_clear(&ea);
  contrast_err_clear(&eb);
  int ra = tdx_pck_ext_parse(data, size, &a, &ea);
  int rb = tdx_pck_ext_parse(data, size, &b, &eb);
  CHECK(ra == rb && ea.code == eb.code);
  if (ra == 0) {
    CHECK(ea.code == CONTRAST_OK);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    check_ext(&a);
    check_json(&a);
  } else {
    CHECK(ra == -1 && ea.code == CONTRAST_MALFORMED);
    CHECK(ea.detail[0] != '\0');
  }
  return 0;
}
