/* The one error model of contrast-c (STYLE.md "Errors").
 *
 * A function that can fail returns int: 0 on success, -1 on failure, and
 * records why in a caller-supplied contrast_err. The first error recorded
 * wins: later calls to contrast_err_set on the same record are ignored, so
 * the innermost, most specific cause survives the unwinding.
 *
 * Codes are of two kinds:
 *  - verdict reasons (MALFORMED .. REPORT_DATA), exactly the reason codes of
 *    spec/CASES.md, in that table's order (which is also their priority);
 *  - operational errors (E_*): I/O, memory, bad usage, an unusable case.
 * Codes are append-only. */
#ifndef CONTRAST_ERROR_H
#define CONTRAST_ERROR_H

#include <stddef.h>

#define CONTRAST_WUR __attribute__((warn_unused_result))
#define CONTRAST_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* X(name, description) */
#define CONTRAST_CODES(X)                                                     \
  X(OK, "ok")                                                                 \
  X(MALFORMED, "evidence or an endorsement cannot be parsed")                 \
  X(UNSUPPORTED, "valid structure this verifier does not handle")             \
  X(SIGNATURE, "the evidence signature does not verify")                      \
  X(KEY_BINDING, "the attestation key is not bound to the QE report")         \
  X(CHAIN, "the endorsement chain does not lead to the pinned root")          \
  X(EXPIRED, "a certificate, CRL or collateral item is not valid at now")     \
  X(REVOKED, "a certificate in the chain is revoked")                         \
  X(COLLATERAL, "endorsements or collateral missing, badly signed or not "    \
                "matching")                                                   \
  X(TCB_MISMATCH, "the reported TCB or chip ID disagrees with the "           \
                  "certificate")                                              \
  X(TCB_STATUS, "the TCB status is not accepted")                             \
  X(TCB_TOO_LOW, "the TCB is below the minimum")                              \
  X(DEBUG, "the guest is debuggable")                                         \
  X(POLICY, "the evidence does not satisfy the policy")                       \
  X(MEASUREMENT, "the measurement differs from the reference")                \
  X(HOST_DATA, "the host data differs from the reference")                    \
  X(REPORT_DATA, "the report data differs from the expected value")           \
  X(E_IO, "I/O error")                                                        \
  X(E_NOMEM, "out of memory")                                                 \
  X(E_USAGE, "bad usage")                                                     \
  X(E_UNUSABLE, "the input cannot be used")                                   \
  X(E_CRYPTO, "cryptographic library failure")                                \
  X(E_INTERNAL, "internal error")                                            \
  X(E_FETCH, "fetching an endorsement failed")                                \
  X(E_DEVICE, "the guest device failed")

typedef enum contrast_code {
#define CONTRAST_CODE_ENUM(name, desc) CONTRAST_##name,
  CONTRAST_CODES(CONTRAST_CODE_ENUM)
#undef CONTRAST_CODE_ENUM
  CONTRAST_CODE_COUNT_
} contrast_code;

#define CONTRAST_ERR_DETAIL_MAX 384

typedef struct contrast_err {
  contrast_code code;
  char detail[CONTRAST_ERR_DETAIL_MAX];
} contrast_err;

/* Reset a record to CONTRAST_OK with no detail. */
void contrast_err_clear(contrast_err *err);

/* Record code and a printf-style detail unless a code is already recorded
 * (first error wins). err may be NULL. Always returns -1, so a failing
 * function can `return contrast_err_set(...)`. */
int contrast_err_set(contrast_err *err, contrast_code code, const char *fmt,
                     ...) CONTRAST_PRINTF(3, 4);

/* The code's name as in spec/CASES.md ("MALFORMED"), or "E_IO" etc.
 * Never NULL: an out-of-range code gives "UNKNOWN". */
const char *contrast_code_name(contrast_code code);

/* A one-line description of the code. Never NULL. */
const char *contrast_code_describe(contrast_code code);

/* Non-zero when code is a verdict reason of spec/CASES.md. */
int contrast_code_is_reason(contrast_code code);

/* Parse a reason name ("CHAIN") into *out. Returns 0, or -1 if unknown. */
int contrast_code_from_name(const char *name, contrast_code *out) CONTRAST_WUR;

#endif
