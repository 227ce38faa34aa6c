/* The TDX corpus generator: one case directory (spec/CASES.md) per case
 * below outdir, each with one thing wrong (or nothing, for the accepting
 * counterparts) and a description naming it.
 *
 * Every expectation is a constant written next to the case's construction,
 * taken from the fault the generator puts in and the rules of spec/CASES.md
 * and spec/tdx.md (§6 order of checks, §7 status tables); nothing here runs
 * the verifier. Times are constants (no wall clock); the keys come from a
 * keys directory (sim_tdx_pki_load), "other" keys of fault cases are made
 * on the fly, so regenerating gives other bytes and the same expectations.
 *
 * Naming contract with the conformance runner's "ignore-crl" verifier
 * (tests/conformance): a reject case whose outcome depends on a CRL (it
 * would be judged otherwise without pck_crl, root_ca_crl,
 * pck_crl_issuer_chain and require_crl) has "crl" in its name, and a
 * reject case with "crl" in its name is such a case. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "contrast/util.h"
#include "guard.h"
#include "sim.h"
#include "tdx_pki.h"

/* the `now` of every case that does not move it to test a bound (the
 * same instant as the SNP half): 2026-01-01T00:00:00Z */
#define NOW 1767225600LL
#define DAY 86400LL

/* ---- a case under construction ---- */

typedef struct world {
  /* names and expectations */
  char name[96];
  char description[512];
  const char *trust; /* "sim" unless a case says otherwise */
  int expect_accept;
  const char *reason;     /* reject: a CASES.md code */
  const char *tcb_status; /* NULL: null (not computed) */
  int64_t now;
  json_t *policy; /* owned; NULL = {} */

  /* the PKI */
  sim_tdx_cert_spec root, ca, pck, tcb_signer, qe_signer, crl_ca;
  int qe_signer_set, crl_ca_set;
  size_t n_pck_chain, n_tcb_chain, n_qe_chain, n_crl_chain; /* custom */
  sim_tdx_cert_spec pck_chain[4], tcb_chain[4], qe_chain[4], crl_chain[4];
  int with_tcb_chain, with_qe_chain, with_crl_chain;
  sim_tdx_crl_spec root_crl, pck_crl;
  int with_root_crl, with_pck_crl;
  sim_tdx_tcb_info tcb_info;
  int with_tcb_info;
  sim_tdx_qe_identity qe_identity;
  int with_qe_identity;
  sim_tdx_quote_spec quote;
  int qe_signer_fixed; /* keep quote.qe_signer (else: the PCK's key) */

  /* byte-level faults applied after signing */
  size_t truncate_to;    /* quote cut to this length (0: none) */
  int flip_auth;         /* flip a byte of the QE auth data */
  int has_flip;          /* flip the quote byte at flip_off */
  size_t flip_off;
  int pck_chain_garbage; /* a non-base64 character inside the PEM */
  int pck_chain_leaf_only;
  int pck_chain_extra_byte; /* 0x01 after the PEM and its NUL */
  int tcb_info_pretty;      /* whitespace in tcbInfo, signed as served */
  int tcb_info_tamper;      /* a space added inside tcbInfo after signing */
  int tcb_info_truncate;
  const char *qe_identity_raw; /* served instead of the QE identity */
  int tcb_chain_garbage;
  int pck_crl_garbage;
  int root_crl_truncate;
  /* the reject depends on a CRL (the "crl" naming contract) */
  int crl_dep;
} world;

static void w_init(world *w, uint16_t version, uint16_t body_type) {
  memset(w, 0, sizeof *w);
  w->trust = "sim";
  w->now = NOW;
  w->root = sim_tdx_root_spec();
  w->ca = sim_tdx_platform_ca_spec();
  w->pck = sim_tdx_pck_spec();
  w->tcb_signer = sim_tdx_signer_spec();
  w->with_tcb_chain = w->with_qe_chain = w->with_crl_chain = 1;
  w->root_crl = sim_tdx_root_crl_spec();
  w->pck_crl = sim_tdx_pck_crl_spec();
  w->with_root_crl = w->with_pck_crl = 1;
  w->tcb_info = sim_tdx_tcb_info_default();
  w->with_tcb_info = 1;
  w->qe_identity = sim_tdx_qe_identity_default();
  w->with_qe_identity = 1;
  sim_tdx_quote_init(&w->quote, version, body_type);
}

/* The Processor-CA platform: its CA, PCK (5-entry extension) and PCK CRL. */
static void w_processor(world *w) {
  w->ca = sim_tdx_processor_ca_spec();
  w->pck = sim_tdx_processor_pck_spec();
  w->pck_crl = sim_tdx_processor_crl_spec();
}

/* Everything but the pinned root valid around t (for the root's bounds). */
static void w_cover(world *w, int64_t t) {
  sim_tdx_cert_spec *c[] = {&w->ca, &w->pck, &w->tcb_signer};
  for (size_t i = 0; i < 3; i++) {
    c[i]->not_before = t - DAY;
    c[i]->not_after = t + DAY;
  }
  w->root_crl.this_update = w->pck_crl.this_update = t - DAY;
  w->root_crl.next_update = w->pck_crl.next_update = t + DAY;
  w->tcb_info.issue_date = w->qe_identity.issue_date = t - DAY;
  w->tcb_info.next_update = w->qe_identity.next_update = t + DAY;
}

static void w_name(world *w, const char *name, const char *description) {
  (void)snprintf(w->name, sizeof w->name, "%s", name);
  (void)snprintf(w->description, sizeof w->description, "%s", description);
}

static void accept_(world *w, const char *status) {
  w->expect_accept = 1;
  w->reason = NULL;
  w->tcb_status = status;
}

static void reject(world *w, const char *reason, const char *status) {
  w->expect_accept = 0;
  w->reason = reason;
  w->tcb_status = status;
}

/* ---- policy helpers ---- */

static json_t *pol(world *w) {
  if (w->policy == NULL)
    w->policy = json_object();
  return w->policy;
}

static json_t *pol_tdx(world *w) {
  json_t *p = pol(w);
  if (p == NULL)
    return NULL;
  json_t *t = json_object_get(p, "tdx");
  if (t == NULL) {
    t = json_object();
    if (t != NULL && json_object_set_new(p, "tdx", t) != 0)
      return NULL;
  }
  return t;
}

static json_t *hexj(const uint8_t *b, size_t n) {
  char h[2 * 64 + 1];
  if (n > 64)
    return NULL;
  sim_hex(b, n, 1, h);
  return json_string(h);
}

static void pol_set(world *w, const char *key, json_t *v) {
  json_t *p = pol(w);
  if (p != NULL)
    (void)json_object_set_new(p, key, v);
  else
    json_decref(v);
}

static void pol_tdx_set(world *w, const char *key, json_t *v) {
  json_t *p = pol_tdx(w);
  if (p != NULL)
    (void)json_object_set_new(p, key, v);
  else
    json_decref(v);
}

/* accepted_tcb_statuses: a NULL-terminated list */
static void pol_accepted(world *w, const char *first, ...) {
  json_t *a = json_array();
  va_list ap;
  va_start(ap, first);
  for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
    (void)json_array_append_new(a, json_string(s));
  va_end(ap);
  pol_set(w, "accepted_tcb_statuses", a);
}

/* The quote's own values, for policies that match them. */
static json_t *body_hex(const world *w, size_t off, size_t n) {
  return hexj(w->quote.body + off, n);
}

/* The quote's n bytes at off with byte `at` XORed with x: a policy value
 * that differs from the TD's in one place. */
static json_t *body_hex_xor(const world *w, size_t off, size_t n, size_t at,
                            uint8_t x) {
  uint8_t b[64];
  if (n > sizeof b)
    return NULL;
  memcpy(b, w->quote.body + off, n);
  b[at] ^= x;
  return hexj(b, n);
}

/* ---- building and writing a case ---- */

typedef struct gen {
  sim_tdx_pki *pki;
  const char *outdir;
  size_t count;
  int rc;
  contrast_err *err;
  /* names seen, to refuse duplicates */
  char (*names)[96];
  size_t n_names, cap_names;
} gen;

static int add_file(json_t *coll, const char *key, const char *file,
                    const char *dir, const uint8_t *data, size_t len,
                    contrast_err *err) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, file);
  ENSURE(n > 0 && (size_t)n < sizeof path, E_IO, "%s: path too long", dir);
  GUARD(sim_write_file(path, data, len, err));
  if (coll != NULL)
    ENSURE(json_object_set_new(coll, key, json_string(file)) == 0, E_NOMEM,
           "out of memory");
  return 0;
}

/* Compact JSON with a space after ':' and ',' and a newline after '{'
 * outside strings (the object's meaning is unchanged; its bytes are not). */
static void prettify(const uint8_t *in, size_t n, sim_buf *out) {
  int in_str = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t c = in[i];
    sim_buf_put(out, &c, 1);
    if (c == '"')
      in_str = !in_str;
    else if (!in_str && (c == ':' || c == ','))
      sim_buf_put(out, " ", 1);
    else if (!in_str && c == '{')
      sim_buf_put(out, "\n  ", 3);
  }
}

static int tcb_info_body(gen *g, const world *w, sim_buf *out,
                         contrast_err *err) {
  sim_buf obj = {0}, pretty = {0};
  sim_tdx_tcb_info_object(&w->tcb_info, &obj);
  const sim_buf *use = &obj;
  if (w->tcb_info_pretty) {
    prettify(obj.p, obj.len, &pretty);
    use = &pretty;
  }
  int rc = sim_buf_check(&obj, err);
  if (rc == 0)
    rc = sim_buf_check(&pretty, err);
  if (rc == 0)
    rc = sim_tdx_signed_body(g->pki, "tcbInfo", use->p, use->len,
                             w->tcb_info.signer, w->tcb_info.corrupt_signature,
                             out, err);
  sim_buf_free(&obj);
  sim_buf_free(&pretty);
  GUARD(rc);
  if (w->tcb_info_tamper) {
    /* a space after the first comma of the signed object: same JSON,
     * other bytes, so the signature over the served bytes fails */
    uint8_t *comma = memchr(out->p, ',', out->len);
    ENSURE(comma != NULL, E_INTERNAL, "no comma in the TCB info");
    size_t at = (size_t)(comma - out->p) + 1;
    sim_buf t = {0};
    sim_buf_put(&t, out->p, at);
    sim_buf_put(&t, " ", 1);
    sim_buf_put(&t, out->p + at, out->len - at);
    GUARD(sim_buf_check(&t, err));
    sim_buf_free(out);
    *out = t;
  }
  if (w->tcb_info_truncate)
    out->len /= 2;
  return 0;
}

static int chain(gen *g, size_t n_custom, const sim_tdx_cert_spec *custom,
                 const sim_tdx_cert_spec *def, size_t n_def, sim_buf *out,
                 contrast_err *err) {
  return n_custom > 0 ? sim_tdx_pem_chain(g->pki, custom, n_custom, out, err)
                      : sim_tdx_pem_chain(g->pki, def, n_def, out, err);
}

/* Offset of the QE auth data in a quote built from q. */
static size_t qe_auth_off(const sim_tdx_quote_spec *q) {
  return sim_tdx_quote_signed_len(q) + 4 + 64 + 64 + 2 + 4 +
         TDX_QE_REPORT_SIZE + 64 + 2;
}

static int build_quote(gen *g, world *w, sim_buf *out, contrast_err *err) {
  sim_buf pem = {0};
  int rc;
  if (w->pck_chain_leaf_only)
    rc = sim_tdx_pem_chain(g->pki, &w->pck, 1, &pem, err);
  else {
    sim_tdx_cert_spec def[3] = {w->pck, w->ca, w->root};
    rc = chain(g, w->n_pck_chain, w->pck_chain, def, 3, &pem, err);
  }
  if (rc == 0 && w->pck_chain_garbage && pem.len > 100)
    pem.p[pem.len / 2] = '*';
  sim_tdx_quote_spec q = w->quote;
  if (!w->qe_signer_fixed)
    q.qe_signer = w->pck.key;
  if (rc == 0 && w->pck_chain_extra_byte) {
    static const uint8_t tail[2] = {0x00, 0x01};
    sim_buf_put(&pem, tail, 2);
    q.chain_nul = 0;
  }
  q.pck_chain = pem.p;
  q.pck_chain_len = pem.len;
  if (rc == 0)
    rc = sim_tdx_quote_build(g->pki, &q, out, err);
  sim_buf_free(&pem);
  GUARD(rc);
  if (w->flip_auth) {
    size_t off = qe_auth_off(&q);
    ENSURE(off < out->len, E_INTERNAL, "QE auth data outside the quote");
    out->p[off] ^= 0x01;
  }
  if (w->has_flip) {
    ENSURE(w->flip_off < out->len, E_INTERNAL, "flip outside the quote");
    out->p[w->flip_off] ^= 0x01;
  }
  if (w->truncate_to > 0 && w->truncate_to < out->len)
    out->len = w->truncate_to;
  return 0;
}

static int write_collateral(gen *g, world *w, const char *dir, json_t *coll,
                            contrast_err *err) {
  sim_buf b = {0};
  int rc = 0;
  const sim_tdx_cert_spec qe_signer =
      w->qe_signer_set ? w->qe_signer : w->tcb_signer;
  const sim_tdx_cert_spec crl_ca = w->crl_ca_set ? w->crl_ca : w->ca;
  if (w->with_tcb_info) {
    rc = tcb_info_body(g, w, &b, err);
    if (rc == 0)
      rc = add_file(coll, "tcb_info", "tcb_info.json", dir, b.p, b.len, err);
    sim_buf_free(&b);
    GUARD(rc);
  }
  if (w->with_tcb_chain) {
    sim_tdx_cert_spec def[2] = {w->tcb_signer, w->root};
    rc = chain(g, w->n_tcb_chain, w->tcb_chain, def, 2, &b, err);
    if (rc == 0 && w->tcb_chain_garbage && b.len > 100)
      b.p[b.len / 2] = '*';
    if (rc == 0)
      rc = add_file(coll, "tcb_info_issuer_chain", "tcb_info_issuer_chain.pem",
                    dir, b.p, b.len, err);
    sim_buf_free(&b);
    GUARD(rc);
  }
  if (w->qe_identity_raw != NULL) {
    GUARD(add_file(coll, "qe_identity", "qe_identity.json", dir,
                   (const uint8_t *)w->qe_identity_raw,
                   strlen(w->qe_identity_raw), err));
  } else if (w->with_qe_identity) {
    rc = sim_tdx_qe_identity_json(g->pki, &w->qe_identity, &b, err);
    if (rc == 0)
      rc = add_file(coll, "qe_identity", "qe_identity.json", dir, b.p, b.len,
                    err);
    sim_buf_free(&b);
    GUARD(rc);
  }
  if (w->with_qe_chain) {
    sim_tdx_cert_spec def[2] = {qe_signer, w->root};
    rc = chain(g, w->n_qe_chain, w->qe_chain, def, 2, &b, err);
    if (rc == 0)
      rc = add_file(coll, "qe_identity_issuer_chain",
                    "qe_identity_issuer_chain.pem", dir, b.p, b.len, err);
    sim_buf_free(&b);
    GUARD(rc);
  }
  const uint8_t *der = NULL;
  size_t len = 0;
  if (w->pck_crl_garbage) {
    static const uint8_t junk[] = {0x30, 0x82, 0x01, 0x00, 0x30, 0x03,
                                   0x02, 0x01, 0x01, 0xde, 0xad};
    GUARD(add_file(coll, "pck_crl", "pck_crl.der", dir, junk, sizeof junk,
                   err));
  } else if (w->with_pck_crl) {
    GUARD(sim_tdx_crl_der(g->pki, &w->pck_crl, &der, &len, err));
    GUARD(add_file(coll, "pck_crl", "pck_crl.der", dir, der, len, err));
  }
  if (w->with_crl_chain) {
    sim_tdx_cert_spec def[2] = {crl_ca, w->root};
    rc = chain(g, w->n_crl_chain, w->crl_chain, def, 2, &b, err);
    if (rc == 0)
      rc = add_file(coll, "pck_crl_issuer_chain", "pck_crl_issuer_chain.pem",
                    dir, b.p, b.len, err);
    sim_buf_free(&b);
    GUARD(rc);
  }
  if (w->with_root_crl) {
    GUARD(sim_tdx_crl_der(g->pki, &w->root_crl, &der, &len, err));
    if (w->root_crl_truncate)
      len -= 10;
    GUARD(add_file(coll, "root_ca_crl", "root_ca_crl.der", dir, der, len,
                   err));
  }
  return 0;
}

static int valid_name(const char *s) {
  if (strncmp(s, "tdx-", 4) != 0)
    return 0;
  for (const char *p = s; *p != '\0'; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return 0;
  return 1;
}

static int status_known(const char *s) {
  tdx_status st;
  return tdx_status_from_name(s, &st) == 0;
}

/* The generator's own consistency rules (never the verifier's answer):
 * names, the reason table, where a status is computed (CASES.md: after
 * COLLATERAL, so for TCB_STATUS and every later code), the crl naming
 * contract's half that can be checked here. */
static int check_case(gen *g, const world *w, contrast_err *err) {
  ENSURE(valid_name(w->name), E_INTERNAL, "bad case name '%s'", w->name);
  for (size_t i = 0; i < g->n_names; i++)
    ENSURE(strcmp(g->names[i], w->name) != 0, E_INTERNAL,
           "duplicate case name '%s'", w->name);
  ENSURE(w->description[0] != '\0' && strchr(w->description, '\n') == NULL,
         E_INTERNAL, "%s: the description must be one line", w->name);
  if (w->expect_accept) {
    ENSURE(w->tcb_status != NULL && status_known(w->tcb_status), E_INTERNAL,
           "%s: an accepting case names its status", w->name);
    return 0;
  }
  ENSURE((strstr(w->name, "crl") != NULL) == (w->crl_dep != 0), E_INTERNAL,
         "%s: a reject case has \"crl\" in its name exactly when its "
         "outcome depends on a CRL",
         w->name);
  contrast_code code;
  ENSURE(w->reason != NULL && contrast_code_from_name(w->reason, &code) == 0 &&
             contrast_code_is_reason(code) && code != CONTRAST_TCB_MISMATCH,
         E_INTERNAL, "%s: bad reason", w->name);
  int computed = code >= CONTRAST_TCB_STATUS;
  ENSURE(computed == (w->tcb_status != NULL), E_INTERNAL,
         "%s: a status is given exactly when the verifier computes one",
         w->name);
  ENSURE(w->tcb_status == NULL || status_known(w->tcb_status), E_INTERNAL,
         "%s: unknown status", w->name);
  return 0;
}

static int write_case_json(const world *w, const char *dir, json_t *coll,
                           contrast_err *err) {
  char now[32];
  contrast_time_format(w->now, now);
  json_t *o = json_object();
  ENSURE_ALLOC(o);
  json_t *expect = json_object();
  json_t *policy = w->policy != NULL ? json_incref(w->policy) : json_object();
  int rc = expect == NULL || policy == NULL;
  rc |= json_object_set_new(o, "format", json_integer(1));
  rc |= json_object_set_new(o, "name", json_string(w->name));
  rc |= json_object_set_new(o, "tee", json_string("tdx"));
  rc |= json_object_set_new(o, "trust", json_string(w->trust));
  rc |= json_object_set_new(o, "description", json_string(w->description));
  rc |= json_object_set_new(o, "now", json_string(now));
  rc |= json_object_set_new(o, "evidence", json_string("quote.bin"));
  rc |= json_object_set(o, "collateral", coll);
  rc |= json_object_set_new(o, "policy", policy);
  if (expect != NULL) {
    rc |= json_object_set_new(expect, "verdict",
                              json_string(w->expect_accept ? "accept"
                                                           : "reject"));
    if (!w->expect_accept)
      rc |= json_object_set_new(expect, "reason", json_string(w->reason));
    rc |= json_object_set_new(expect, "tcb_status",
                              w->tcb_status != NULL ? json_string(w->tcb_status)
                                                    : json_null());
    rc |= json_object_set_new(o, "expect", expect);
  }
  char *text = rc == 0 ? json_dumps(o, JSON_INDENT(2)) : NULL;
  json_decref(o);
  ENSURE(text != NULL, E_NOMEM, "out of memory");
  sim_buf b = {0};
  sim_buf_put(&b, text, strlen(text));
  sim_buf_put(&b, "\n", 1);
  free(text);
  rc = sim_buf_check(&b, err);
  if (rc == 0)
    rc = add_file(NULL, NULL, "case.json", dir, b.p, b.len, err);
  sim_buf_free(&b);
  return rc;
}

static int emit_inner(gen *g, world *w, contrast_err *err) {
  GUARD(check_case(g, w, err));
  char dir[4096];
  int n = snprintf(dir, sizeof dir, "%s/%s", g->outdir, w->name);
  ENSURE(n > 0 && (size_t)n < sizeof dir, E_IO, "%s: path too long",
         g->outdir);
  ENSURE(mkdir(dir, 0755) == 0 || errno == EEXIST, E_IO, "%s: mkdir: %s",
         dir, strerror(errno));
  sim_buf q = {0};
  int rc = build_quote(g, w, &q, err);
  if (rc == 0)
    rc = add_file(NULL, NULL, "quote.bin", dir, q.p, q.len, err);
  sim_buf_free(&q);
  GUARD(rc);
  json_t *coll = json_object();
  ENSURE_ALLOC(coll);
  rc = write_collateral(g, w, dir, coll, err);
  if (rc == 0)
    rc = write_case_json(w, dir, coll, err);
  json_decref(coll);
  GUARD(rc);
  if (g->n_names == g->cap_names) {
    size_t cap = g->cap_names ? 2 * g->cap_names : 256;
    char(*nn)[96] = realloc(g->names, cap * sizeof *nn);
    ENSURE_ALLOC(nn);
    g->names = nn;
    g->cap_names = cap;
  }
  memcpy(g->names[g->n_names++], w->name, sizeof w->name);
  g->count++;
  return 0;
}

/* Write the case; the first failure sticks and stops later cases. */
static void emit(gen *g, world *w) {
  if (g->rc == 0 && emit_inner(g, w, g->err) != 0)
    g->rc = -1;
  json_decref(w->policy);
  w->policy = NULL;
}

/* Declare a case: name, description, then the expectation. */
#define CASE(w, v, t, nm, desc)                                               \
  do {                                                                        \
    w_init(w, v, t);                                                          \
    w_name(w, nm, desc);                                                      \
  } while (0)

/* ---- the cases ---- */

#define UTD "UpToDate"
#define SWH "SWHardeningNeeded"
#define CN "ConfigurationNeeded"
#define CSWH "ConfigurationAndSWHardeningNeeded"
#define OOD "OutOfDate"
#define OODCN "OutOfDateConfigurationNeeded"
#define REV "Revoked"
#define RL "TDRelaunchAdvised"
#define RLCN "TDRelaunchAdvisedConfigurationNeeded"
#define NS "NotSupported"

/* The default platform's SGX components (sim_tdx_sgx_ext_default). */
static const uint8_t PLATFORM_SGX[16] = {4, 4, 2, 2, 3, 1, 0, 5};

/* Another platform's FMSPC (00806F050000). */
static const uint8_t OTHER_FMSPC[6] = {0x00, 0x80, 0x6f, 0x05, 0x00, 0x00};

/* A PCK of these SGX components (CPUSVN the same). */
static void pck_sgx(world *w, const uint8_t comp[16]) {
  memcpy(w->pck.ext.comp, comp, 16);
  memcpy(w->pck.ext.cpusvn, comp, 16);
}

static void set_svn(world *w, uint8_t svn, uint8_t major, uint8_t ucode) {
  w->quote.body[SIM_B_TEE_TCB_SVN] = svn;
  w->quote.body[SIM_B_TEE_TCB_SVN + 1] = major;
  w->quote.body[SIM_B_TEE_TCB_SVN + 2] = ucode;
}

static void set_svn2(world *w, uint8_t svn, uint8_t major, uint8_t ucode) {
  w->quote.body[SIM_B_TEE_TCB_SVN2] = svn;
  w->quote.body[SIM_B_TEE_TCB_SVN2 + 1] = major;
  w->quote.body[SIM_B_TEE_TCB_SVN2 + 2] = ucode;
}

/* The module updated in place (TD report 1.5): TEE_TCB_SVN 03 01 02 (an
 * OutOfDate module), TEE_TCB_SVN_2 05 01 02 (the latest). */
static void set_relaunch_svns(world *w) {
  set_svn(w, 3, 1, 2);
  set_svn2(w, 5, 1, 2);
}

/* An OutOfDate module (TEE_TCB_SVN 03 01 02) with OutOfDate accepted. */
static void outofdate_accepted(world *w) {
  set_svn(w, 3, 1, 2);
  pol_accepted(w, UTD, OOD, NULL);
}

static void level(sim_tdx_tcb_level *l, const uint8_t sgx[16],
                  uint16_t pcesvn, uint8_t t0, uint8_t t2,
                  const char *status, const char *adv) {
  memset(l, 0, sizeof *l);
  memcpy(l->sgx, sgx, 16);
  l->pcesvn = pcesvn;
  l->tdx[0] = t0;
  l->tdx[2] = t2;
  (void)snprintf(l->status, sizeof l->status, "%s", status);
  if (adv != NULL) {
    l->n_adv = 1;
    (void)snprintf(l->adv[0], sizeof l->adv[0], "%s", adv);
  }
}

/* TCB levels where the default platform matches a level of the given
 * status: [0] a newer platform (SGX component 1 at 5) UpToDate, [1] the
 * platform's own components with `status`; TDX components 5,0,2 in both. */
static void levels_with(world *w, const char *status) {
  uint8_t newer[16];
  memcpy(newer, PLATFORM_SGX, 16);
  newer[0] = 5;
  w->tcb_info.n_levels = 2;
  level(&w->tcb_info.levels[0], newer, 13, 5, 2, UTD, NULL);
  level(&w->tcb_info.levels[1], PLATFORM_SGX, 13, 5, 2, status,
        strcmp(status, UTD) == 0 ? NULL : "INTEL-SA-01036");
  w->tcb_info.levels[1].tcb_date = 1723507200; /* 2024-08-13 */
}

/* The TDX_01 module identity's levels: [0] isvsvn 4 UpToDate, [1]
 * isvsvn 2 with `low`. */
static void module_low(world *w, const char *low) {
  sim_tdx_module_id *m = &w->tcb_info.ids[1];
  m->n_levels = 2;
  m->levels[0] = sim_tdx_isv_level_make(4, UTD);
  m->levels[1] = sim_tdx_isv_level_make(2, low);
}

/* The QE identity's levels: [0] isvsvn 4 UpToDate, [1] isvsvn 3 with
 * `low` (NULL: no second level); the QE runs ISVSVN qe_svn. */
static void qe_levels(world *w, const char *low, uint16_t qe_svn) {
  sim_tdx_qe_identity *q = &w->qe_identity;
  q->n_levels = 1;
  q->levels[0] = sim_tdx_isv_level_make(4, UTD);
  if (low != NULL) {
    q->n_levels = 2;
    q->levels[1] = sim_tdx_isv_level_make(3, low);
    q->levels[1].n_adv = 1;
    (void)snprintf(q->levels[1].adv[0], sizeof q->levels[1].adv[0], "%s",
                   "INTEL-SA-00999");
  }
  w->quote.qe_report[SIM_QE_ISV_SVN] = (uint8_t)qe_svn;
  w->quote.qe_report[SIM_QE_ISV_SVN + 1] = (uint8_t)(qe_svn >> 8);
}

static const char *vtag(uint16_t v, uint16_t t) {
  return v == 4 ? "v4" : t == 2 ? "v5-body2" : "v5-body3";
}

static const char *vdesc(uint16_t v, uint16_t t) {
  return v == 4   ? "quote v4 (TD report 1.0)"
         : t == 2 ? "quote v5 with body type 2 (TD report 1.0)"
                  : "quote v5 with body type 3 (TD report 1.5)";
}

/* Name "tdx-<version tag>-<slug>", description "<version>: <rest>". */
static void named(world *w, const char *slug, const char *rest, uint16_t v,
                  uint16_t t) {
  char n[96], d[512];
  (void)snprintf(n, sizeof n, "tdx-%s-%s", vtag(v, t), slug);
  (void)snprintf(d, sizeof d, "%s: %s", vdesc(v, t), rest);
  w_name(w, n, d);
}

/* ---- accepting baselines ---- */

static void accept_cases(gen *g) {
  world w;
  static const uint16_t vt[3][2] = {{4, 2}, {5, 2}, {5, 3}};
  for (size_t i = 0; i < 3; i++) {
    uint16_t v = vt[i][0], t = vt[i][1];
    w_init(&w, v, t);
    named(&w, "uptodate",
          "good evidence of the simulated platform with its PCS collateral "
          "and both CRLs: accept, UpToDate",
          v, t);
    accept_(&w, UTD);
    emit(g, &w);

    w_init(&w, v, t);
    w_processor(&w);
    named(&w, "processor-ca-uptodate",
          "the PCK is issued by the PCK Processor CA (5-entry SGX extension, "
          "no PIID), with that CA's PCK CRL: accept, UpToDate",
          v, t);
    accept_(&w, UTD);
    emit(g, &w);
  }

  CASE(&w, 4, 2, "tdx-v4-trailing-bytes-uptodate",
       "a good quote v4 followed by 70 zero bytes that no length covers (as "
       "5006-byte real quotes): trailing bytes are ignored, accept, "
       "UpToDate");
  w.quote.trailing = 70;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-trailing-bytes-uptodate",
       "a good quote v5 body type 3 padded with zero bytes to 8000 bytes (as "
       "GCP quotes): accept, UpToDate");
  w.quote.trailing = 3000;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-pck-chain-without-nul-uptodate",
       "the PCK chain in the certification data without the usual trailing "
       "NUL byte: accept, UpToDate");
  w.quote.chain_nul = 0;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-auth-data-zero-uptodate",
       "32 zero bytes of QE authentication data (seen in real quotes), bound "
       "into the QE report data: accept, UpToDate");
  memset(w.quote.qe_auth, 0, sizeof w.quote.qe_auth);
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-qe-auth-data-empty-uptodate",
       "no QE authentication data (size 0): the binding is SHA-256 of the "
       "attestation key alone: accept, UpToDate");
  w.quote.qe_auth_len = 0;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-no-crls-uptodate",
       "no PCK CRL, no root CA CRL and no PCK CRL issuer chain while "
       "require_crl is false (the default): accept, UpToDate");
  w.with_pck_crl = w.with_root_crl = w.with_crl_chain = 0;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-require-crl-with-crls-uptodate",
       "require_crl true and both CRLs given, neither listing a certificate "
       "of the chains: accept, UpToDate");
  pol_set(&w, "require_crl", json_true());
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-tcb-info-fmspc-lower-case-uptodate",
       "the TCB info spells its FMSPC in lower-case hex (real bodies use both "
       "cases): compared case-insensitively, accept, UpToDate");
  w.tcb_info.fmspc_lower = 1;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-tcb-info-whitespace-signed-as-served-uptodate",
       "a TCB info with whitespace inside tcbInfo, signed over exactly the "
       "served bytes: the signature covers the raw member, not a "
       "re-serialisation; accept, UpToDate");
  w.tcb_info_pretty = 1;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-tcb-levels-served-ascending-uptodate",
       "the TCB info lists its levels lowest first (OutOfDate before "
       "UpToDate): levels are matched in descending order (tdx.md 7.1), so "
       "the UpToDate level is found: accept, UpToDate");
  {
    sim_tdx_tcb_level t = w.tcb_info.levels[0];
    w.tcb_info.levels[0] = w.tcb_info.levels[1];
    w.tcb_info.levels[1] = t;
  }
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-mr-servicetd-set-uptodate",
       "a TD report 1.5 with a non-zero MRSERVICETD (a bound service TD), "
       "which no policy key judges: accept, UpToDate");
  memset(w.quote.body + SIM_B_MR_SERVICETD, 0x5d, 48);
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-identity-id-lower-case-uptodate",
       "the TCB info names the module identity 'tdx_01' in lower case: ids "
       "are compared case-insensitively (tdx.md 6.F.2), accept, UpToDate");
  (void)snprintf(w.tcb_info.ids[1].id, sizeof w.tcb_info.ids[1].id,
                 "tdx_01");
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-tdx03-uptodate",
       "a TDX module of major version 3 (TEE_TCB_SVN 03 03 02) judged by the "
       "TDX_03 identity [isvsvn 3 UpToDate]: accept, UpToDate");
  set_svn(&w, 3, 3, 2);
  set_svn2(&w, 3, 3, 2);
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-major0-uptodate",
       "a module with TEE_TCB_SVN[1] = 0 (05 00 02): no module identity is "
       "used, TDX components are matched from index 0 and MRSIGNERSEAM "
       "against tdxModule: accept, UpToDate");
  set_svn(&w, 5, 0, 2);
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-module-major0-no-identities-uptodate",
       "TEE_TCB_SVN[1] = 0 and a TCB info without tdxModuleIdentities (as "
       "2023 bodies): nothing to look up, accept, UpToDate");
  set_svn(&w, 5, 0, 2);
  w.tcb_info.has_identities = 0;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-pck-tcb-above-top-level-uptodate",
       "a PCK whose SGX components and PCESVN are above every TCB level "
       "matches the highest level: accept, UpToDate");
  memset(w.pck.ext.comp, 9, 8);
  w.pck.ext.pcesvn = 15;
  memcpy(w.pck.ext.cpusvn, w.pck.ext.comp, 16);
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-qe-svn-above-top-level-uptodate",
       "a QE with ISVSVN 6 above the only QE identity level (isvsvn 4, "
       "UpToDate): accept, UpToDate");
  w.quote.qe_report[SIM_QE_ISV_SVN] = 6;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-miscselect-masked-bit-uptodate",
       "the QE report sets MISCSELECT bit 0, which the QE identity's "
       "miscselectMask (FEFFFFFF, read as u32 LE) leaves out: accept, "
       "UpToDate");
  w.quote.qe_report[SIM_QE_MISC_SELECT] = 0x01;
  w.qe_identity.miscselect_mask[0] = 0xfe;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-pck-serial-on-root-crl-uptodate",
       "the root CA CRL lists the PCK's serial number, but serials are per "
       "issuer and the PCK is issued by the PCK CA: accept, UpToDate");
  w.root_crl.revoked[w.root_crl.n_revoked++] = w.pck.serial;
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-other-platform-own-collateral-uptodate",
       "a PCK of another platform (FMSPC 00806F050000) with the TCB info "
       "for that FMSPC: accept, UpToDate");
  memcpy(w.pck.ext.fmspc, OTHER_FMSPC, 6);
  memcpy(w.tcb_info.fmspc, OTHER_FMSPC, 6);
  accept_(&w, UTD);
  emit(g, &w);
}

/* ---- MALFORMED, UNSUPPORTED (parsing; the status is never computed) ---- */

static void malformed_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-malformed-quote-truncated",
       "a quote v4 cut to 700 bytes, inside the signature data: MALFORMED");
  w.truncate_to = 700;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-malformed-v5-quote-truncated-in-cert-data",
       "a quote v5 body type 3 cut 100 bytes into its certification data: "
       "signature_data_len exceeds what remains, MALFORMED");
  w.truncate_to = sim_tdx_quote_signed_len(&w.quote) + 4 + 134 + 100;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-signature-data-len-too-long",
       "signature_data_len one more than the bytes after it: MALFORMED");
  w.quote.sig_len_delta = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-malformed-certification-data-size",
       "the certification data size one more than the signature data "
       "holds (QVL and go-tdx-guest require it exact): MALFORMED");
  w.quote.cert_size_delta = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-inner-certification-data-size",
       "the inner (type 5) certification data size one less than the PCK "
       "chain it carries: MALFORMED");
  w.quote.inner_size_delta = -1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-malformed-v5-body-size-mismatch",
       "a quote v5 with body type 2 whose body size field says 648 (the size "
       "of type 3): MALFORMED");
  w.quote.body_size_set = 1;
  w.quote.body_size = TDX_BODY15_SIZE;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-pck-chain-pem",
       "a character that is not base64 inside the PEM PCK chain of the "
       "certification data: MALFORMED");
  w.pck_chain_garbage = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-pck-chain-trailing-byte",
       "the PEM PCK chain followed by a NUL and a 0x01 byte (one NUL is "
       "tolerated, anything else is not): MALFORMED");
  w.pck_chain_extra_byte = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-pck-without-sgx-extension",
       "a PCK certificate without the SGX extension 1.2.840.113741.1.13.1: "
       "MALFORMED");
  w.pck.no_sgx_ext = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-malformed-pck-sgx-extension-no-fmspc",
       "a PCK whose SGX extension lacks the required FMSPC entry: "
       "MALFORMED");
  w.pck.ext.omit = 1u << 4;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-pck-sgx-extension-tcb-17-entries",
       "a PCK whose SGX TCB sequence has 17 entries (CPUSVN left out; exactly "
       "18 are required): MALFORMED");
  w.pck.ext.tcb_omit = 1u << 18;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-tcb-info-truncated",
       "the TCB info body cut in half (not JSON): MALFORMED");
  w.tcb_info_truncate = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-tcb-info-unknown-status",
       "a signed TCB info with a level whose tcbStatus is 'Unknown', not a "
       "status of tdx.md 5.2: MALFORMED");
  (void)snprintf(w.tcb_info.levels[1].status,
                 sizeof w.tcb_info.levels[1].status, "Unknown");
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-malformed-tcb-info-duplicate-level",
       "a signed TCB info listing the same TCB level twice (QVL rejects "
       "duplicates): MALFORMED");
  w.tcb_info.levels[1] = w.tcb_info.levels[0];
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-tcb-info-module-level-status",
       "a module identity level with tcbStatus ConfigurationNeeded (module "
       "levels may only be UpToDate, OutOfDate or Revoked): MALFORMED");
  (void)snprintf(w.tcb_info.ids[1].levels[1].status,
                 sizeof w.tcb_info.ids[1].levels[1].status, CN);
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-qe-identity-not-an-object",
       "the QE identity body is a JSON array, not {\"enclaveIdentity\":...}: "
       "MALFORMED");
  w.qe_identity_raw = "[]";
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-malformed-tcb-info-issuer-chain-pem",
       "a character that is not base64 inside the TCB info issuer chain: "
       "MALFORMED");
  w.tcb_chain_garbage = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-malformed-pck-crl-der",
       "the PCK CRL is not a DER CRL: MALFORMED (without the CRL it would be "
       "accepted)");
  w.pck_crl_garbage = 1;
  w.crl_dep = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-malformed-root-ca-crl-truncated",
       "the root CA CRL lacks its last 10 bytes: MALFORMED (without the CRL "
       "it would be accepted)");
  w.root_crl_truncate = 1;
  w.crl_dep = 1;
  reject(&w, "MALFORMED", NULL);
  emit(g, &w);
}

static void unsupported_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-unsupported-quote-version-3",
       "a quote with version 3 (SGX quotes) in a TDX layout: UNSUPPORTED");
  w.quote.version = 3;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-unsupported-quote-version-6",
       "a quote with the unknown version 6: UNSUPPORTED");
  w.quote.version = 6;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-unsupported-att-key-type-3",
       "attestation key type 3 (ECDSA-384), not 2 (ECDSA-256 P-256): "
       "UNSUPPORTED");
  w.quote.att_key_type = 3;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-unsupported-v5-att-key-type-0",
       "a quote v5 with attestation key type 0: UNSUPPORTED");
  w.quote.att_key_type = 0;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-unsupported-tee-type-sgx",
       "tee_type 0 (SGX) instead of 0x81 (TDX): UNSUPPORTED");
  w.quote.tee_type = 0;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-unsupported-qe-vendor-id",
       "a QE vendor ID that is not Intel's 939A7233F79C4CA9940A0DB3957F0607: "
       "UNSUPPORTED");
  w.quote.qe_vendor[0] ^= 0xff;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-unsupported-outer-cert-data-type-5",
       "outer certification data type 5 instead of 6 (QE report "
       "certification data): UNSUPPORTED");
  w.quote.cert_type = 5;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-unsupported-inner-cert-data-type-4",
       "inner certification data type 4 (the PCK leaf alone) instead of 5 "
       "(the PCK chain): UNSUPPORTED");
  w.quote.inner_type = 4;
  w.pck_chain_leaf_only = 1;
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);

  CASE(&w, 5, 1, "tdx-unsupported-v5-body-type-1",
       "a quote v5 with body type 1 (an SGX enclave report of 384 bytes): "
       "not a TD report, UNSUPPORTED");
  reject(&w, "UNSUPPORTED", NULL);
  emit(g, &w);
}

/* ---- SIGNATURE, KEY_BINDING ---- */

static void signature_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-signature-qe-report-corrupt",
       "the QE report signature with one bit flipped: SIGNATURE");
  w.quote.corrupt_qe_sig = 1;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-signature-qe-report-by-other-key",
       "the QE report signed by a key that is not the PCK's: SIGNATURE");
  w.quote.qe_signer = SIM_TDX_KEY_PCK_OTHER;
  w.qe_signer_fixed = 1;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-signature-quote-corrupt",
       "the quote signature with one bit flipped (the QE report and the key "
       "binding are good): SIGNATURE");
  w.quote.corrupt_quote_sig = 1;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-signature-v5-quote-corrupt",
       "a quote v5 body type 2 whose quote signature has one bit flipped: "
       "SIGNATURE");
  w.quote.corrupt_quote_sig = 1;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-signature-quote-by-other-key",
       "the quote carries (and the QE report binds) the attestation key, but "
       "header and body are signed by another key: SIGNATURE");
  if (sim_tdx_pki_key_xy(g->pki, SIM_TDX_KEY_ATTEST, w.quote.attest_raw,
                         g->err) != 0)
    g->rc = -1;
  w.quote.attest_raw_set = 1;
  w.quote.attest_key = SIM_TDX_KEY_ATTEST_OTHER;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-signature-attestation-key-not-on-curve",
       "an attestation key (bound by the QE report) that is not a point on "
       "P-256: SIGNATURE");
  memset(w.quote.attest_raw, 0, 64);
  w.quote.attest_raw[31] = 1;
  w.quote.attest_raw[63] = 1;
  w.quote.attest_raw_set = 1;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-signature-report-data-changed",
       "one bit of REPORTDATA flipped after the quote was signed: "
       "SIGNATURE");
  w.has_flip = 1;
  w.flip_off = sim_tdx_quote_body_off(&w.quote) + SIM_B_REPORT_DATA + 7;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-signature-v5-servicetd-changed",
       "one bit of MRSERVICETD (TD report 1.5 only) flipped after signing: "
       "SIGNATURE");
  w.has_flip = 1;
  w.flip_off = sim_tdx_quote_body_off(&w.quote) + SIM_B_MR_SERVICETD + 5;
  reject(&w, "SIGNATURE", NULL);
  emit(g, &w);
}

static void binding_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-key-binding-other-key",
       "the QE report data binds another attestation key than the one in "
       "the quote (which signs the quote): KEY_BINDING");
  w.quote.binding_key = SIM_TDX_KEY_ATTEST_OTHER;
  reject(&w, "KEY_BINDING", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-key-binding-swapped-attestation-key",
       "a swapped attestation key: the quote carries and is signed by a key "
       "the QE report does not bind: KEY_BINDING (checked before the quote "
       "signature)");
  w.quote.attest_key = SIM_TDX_KEY_ATTEST_OTHER;
  w.quote.binding_key = SIM_TDX_KEY_ATTEST;
  reject(&w, "KEY_BINDING", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-key-binding-report-data-tail-nonzero",
       "QE REPORTDATA bytes 32..63 are 0x01 instead of zero: KEY_BINDING");
  w.quote.qe_rd_tail = 0x01;
  reject(&w, "KEY_BINDING", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-key-binding-qe-auth-data-changed",
       "one bit of the QE authentication data flipped after the QE report "
       "bound it: KEY_BINDING");
  w.flip_auth = 1;
  reject(&w, "KEY_BINDING", NULL);
  emit(g, &w);
}

/* ---- CHAIN ---- */

/* A root with the real root's names but another key: what a chain that
 * imitates Intel's names without Intel's (here: the simulator's) key has. */
static sim_tdx_cert_spec other_root(void) {
  sim_tdx_cert_spec r = sim_tdx_root_spec();
  r.key = r.signer = SIM_TDX_KEY_ROOT_OTHER;
  return r;
}

static void chain_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-chain-sim-case-labelled-intel",
       "a simulator-signed quote and collateral labelled trust intel: the "
       "chains lead to the simulator's root, not the pinned Intel root, "
       "whatever --trust-sim says (pinning is by bytes, not by the "
       "Intel-looking names): CHAIN");
  w.trust = "intel";
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-chain-v5-sim-case-labelled-intel",
       "a simulator-signed quote v5 body type 3 labelled trust intel: "
       "CHAIN");
  w.trust = "intel";
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-root-not-pinned",
       "every chain ends in a self-signed root with the Intel SGX Root CA's "
       "names but another key (its CRL signed by it too): not the pinned "
       "root, CHAIN");
  w.root = other_root();
  w.ca.signer = w.tcb_signer.signer = w.root_crl.signer =
      SIM_TDX_KEY_ROOT_OTHER;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-pck-ca-signed-by-other-root-key",
       "the PCK Platform CA certificate names the root as issuer but is "
       "signed by another key: CHAIN");
  w.ca.signer = SIM_TDX_KEY_ROOT_OTHER;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-chain-v5-pck-ca-signed-by-other-root-key",
       "quote v5 body type 2: the PCK CA is signed by a key other than the "
       "root's: CHAIN");
  w.ca.signer = SIM_TDX_KEY_ROOT_OTHER;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-pck-signed-by-other-ca-key",
       "the PCK certificate names the Platform CA as issuer but is signed by "
       "another key: CHAIN");
  w.pck.signer = SIM_TDX_KEY_CA_OTHER;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-chain-pck-signature-corrupt",
       "one bit of the PCK certificate's signature flipped: CHAIN");
  w.pck.corrupt_signature = 1;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-pck-wrong-cn",
       "the PCK leaf's common name is 'Intel SGX PCK Cert' instead of 'Intel "
       "SGX PCK Certificate': CHAIN");
  (void)snprintf(w.pck.subject_cn, sizeof w.pck.subject_cn,
                 "Intel SGX PCK Cert");
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-pck-ca-wrong-cn",
       "the intermediate is named 'Intel SGX PCK Platform' (no CA in its "
       "name; PCK issuer and PCK CRL follow it): not an Intel SGX PCK CA, "
       "CHAIN");
  {
    const char *cn = "Intel SGX PCK Platform";
    (void)snprintf(w.ca.subject_cn, sizeof w.ca.subject_cn, "%s", cn);
    (void)snprintf(w.pck.issuer_cn, sizeof w.pck.issuer_cn, "%s", cn);
    (void)snprintf(w.pck_crl.issuer_cn, sizeof w.pck_crl.issuer_cn, "%s", cn);
  }
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-chain-pck-chain-two-certificates",
       "the PCK chain in the quote holds the leaf and the CA but not the "
       "root: CHAIN");
  w.n_pck_chain = 2;
  w.pck_chain[0] = w.pck;
  w.pck_chain[1] = w.ca;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-pck-ca-signed-ecdsa-sha384",
       "the PCK CA certificate is signed ecdsa-with-SHA384 by the root key "
       "(Intel's chains are ECDSA with SHA-256 only): CHAIN");
  w.ca.sig_sha384 = 1;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-tcb-signing-signed-by-other-root-key",
       "the TCB Signing certificate of both collateral issuer chains is "
       "signed by a key other than the root's: CHAIN");
  w.tcb_signer.signer = SIM_TDX_KEY_ROOT_OTHER;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-chain-tcb-signing-wrong-cn",
       "the TCB info and QE identity signer is named 'Intel SGX TCB Signer': "
       "not an Intel SGX TCB Signing certificate, CHAIN");
  (void)snprintf(w.tcb_signer.subject_cn, sizeof w.tcb_signer.subject_cn,
                 "Intel SGX TCB Signer");
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-qe-identity-chain-one-certificate",
       "the QE identity issuer chain holds the signer but not the root "
       "(exactly [signer, root] is required): CHAIN");
  w.n_qe_chain = 1;
  w.qe_chain[0] = w.tcb_signer;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-chain-qe-identity-chain-root-not-pinned",
       "the QE identity issuer chain is [signer, root] of a root with the "
       "Intel names and another key: CHAIN");
  w.n_qe_chain = 2;
  w.qe_chain[0] = w.tcb_signer;
  w.qe_chain[0].signer = SIM_TDX_KEY_ROOT_OTHER;
  w.qe_chain[1] = other_root();
  reject(&w, "CHAIN", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-chain-pck-crl-issuer-chain-other-ca",
       "the PCK CRL issuer chain names the PCK Processor CA while the PCK "
       "chain has the Platform CA: CHAIN (without the CRL and its chain it "
       "would be accepted)");
  w.crl_ca_set = 1;
  w.crl_ca = sim_tdx_processor_ca_spec();
  w.crl_dep = 1;
  reject(&w, "CHAIN", NULL);
  emit(g, &w);
}

/* ---- EXPIRED: each bound of each certificate, CRL and collateral item,
 * just inside (accept) and just outside (reject) ---- */

typedef enum item {
  IT_ROOT,
  IT_CA,
  IT_PCK,
  IT_SIGNER,    /* the TCB Signing certificate of both issuer chains */
  IT_QE_SIGNER, /* the QE identity chain's signer alone */
  IT_CRL_CA,    /* the PCK CRL issuer chain's CA alone */
  IT_ROOT_CRL,
  IT_PCK_CRL,
  IT_TCB_INFO,
  IT_QE_IDENTITY
} item;

static const struct {
  item it;
  const char *slug, *what, *lo, *hi;
  int crl; /* the reject depends on a CRL or the CRL's own chain */
} ITEMS[] = {
    {IT_ROOT, "root", "the Intel SGX Root CA", "notBefore", "notAfter", 0},
    {IT_CA, "pck-ca", "the PCK Platform CA", "notBefore", "notAfter", 0},
    {IT_PCK, "pck", "the PCK certificate", "notBefore", "notAfter", 0},
    {IT_SIGNER, "tcb-signing", "the TCB Signing certificate", "notBefore",
     "notAfter", 0},
    {IT_QE_SIGNER, "qe-identity-signer",
     "the QE identity chain's TCB Signing certificate", "notBefore",
     "notAfter", 0},
    {IT_CRL_CA, "pck-crl-issuer-chain-ca",
     "the PCK CRL issuer chain's PCK CA certificate", "notBefore", "notAfter",
     1},
    {IT_ROOT_CRL, "root-ca-crl", "the root CA CRL", "thisUpdate",
     "nextUpdate", 1},
    {IT_PCK_CRL, "pck-crl", "the PCK CRL", "thisUpdate", "nextUpdate", 1},
    {IT_TCB_INFO, "tcb-info", "the TCB info", "issueDate", "nextUpdate", 0},
    {IT_QE_IDENTITY, "qe-identity", "the QE identity", "issueDate",
     "nextUpdate", 0},
};

/* Put bound `hi` (0: lower, 1: upper) of an item at t. */
static void set_bound(world *w, item it, int hi, int64_t t) {
  int64_t unused = 0;
  int64_t *lo_p = &unused, *hi_p = &unused;
  switch (it) {
  case IT_ROOT:
    return; /* the pinned root is fixed: its cases move `now` instead */
  case IT_CA:
    lo_p = &w->ca.not_before;
    hi_p = &w->ca.not_after;
    break;
  case IT_PCK:
    lo_p = &w->pck.not_before;
    hi_p = &w->pck.not_after;
    break;
  case IT_SIGNER:
    lo_p = &w->tcb_signer.not_before;
    hi_p = &w->tcb_signer.not_after;
    break;
  case IT_QE_SIGNER:
    w->qe_signer_set = 1;
    w->qe_signer = w->tcb_signer;
    lo_p = &w->qe_signer.not_before;
    hi_p = &w->qe_signer.not_after;
    break;
  case IT_CRL_CA:
    w->crl_ca_set = 1;
    w->crl_ca = w->ca;
    lo_p = &w->crl_ca.not_before;
    hi_p = &w->crl_ca.not_after;
    break;
  case IT_ROOT_CRL:
    lo_p = &w->root_crl.this_update;
    hi_p = &w->root_crl.next_update;
    break;
  case IT_PCK_CRL:
    lo_p = &w->pck_crl.this_update;
    hi_p = &w->pck_crl.next_update;
    break;
  case IT_TCB_INFO:
    lo_p = &w->tcb_info.issue_date;
    hi_p = &w->tcb_info.next_update;
    break;
  case IT_QE_IDENTITY:
    lo_p = &w->qe_identity.issue_date;
    hi_p = &w->qe_identity.next_update;
    break;
  }
  if (hi)
    *hi_p = t;
  else
    *lo_p = t;
}

static void expired_cases(gen *g) {
  world w;
  static const uint16_t vt[3][2] = {{4, 2}, {5, 2}, {5, 3}};
  size_t k = 0;
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(ITEMS); i++) {
    for (int hi = 0; hi < 2; hi++) {
      for (int outside = 0; outside < 2; outside++) {
        uint16_t v = vt[k % 3][0], t = vt[k % 3][1];
        k++;
        w_init(&w, v, t);
        const char *bound = hi ? ITEMS[i].hi : ITEMS[i].lo;
        char n[96], d[512], bslug[32];
        size_t bl = 0;
        for (const char *p = bound; *p != '\0' && bl + 2 < sizeof bslug; p++) {
          if (*p >= 'A' && *p <= 'Z' && bl > 0) {
            bslug[bl++] = '-';
            bslug[bl++] = (char)(*p - 'A' + 'a');
          } else {
            bslug[bl++] = *p;
          }
        }
        bslug[bl] = '\0';
        int64_t now = NOW;
        if (ITEMS[i].it == IT_ROOT) {
          /* the pinned root's own bounds: now moves, everything else is
           * re-issued valid around it */
          now = hi ? SIM_TDX_T_ROOT_NA + (outside ? 1 : 0)
                   : SIM_TDX_T_ROOT_NB - (outside ? 1 : 0);
          w_cover(&w, now);
        } else {
          /* lower bound at now (inside) or now + 1 s (outside); upper
           * bound at now (inside) or now - 1 s (outside) */
          set_bound(&w, ITEMS[i].it, hi,
                    hi ? NOW - (outside ? 1 : 0) : NOW + (outside ? 1 : 0));
        }
        w.now = now;
        char ts[32];
        contrast_time_format(now, ts);
        if (outside) {
          (void)snprintf(n, sizeof n, "tdx-expired-%s-%s-outside",
                         ITEMS[i].slug, bslug);
          (void)snprintf(d, sizeof d,
                         "%s: %s's %s is one second %s now (%s): EXPIRED%s",
                         vdesc(v, t), ITEMS[i].what, bound,
                         hi ? "before" : "after", ts,
                         ITEMS[i].crl ? " (without the CRL it would be "
                                        "accepted)"
                                      : "");
          reject(&w, "EXPIRED", NULL);
          w.crl_dep = ITEMS[i].crl;
        } else {
          (void)snprintf(n, sizeof n, "tdx-validity-%s-%s-inside",
                         ITEMS[i].slug, bslug);
          (void)snprintf(d, sizeof d,
                         "%s: %s's %s is exactly now (%s), the bounds are "
                         "inclusive: accept, UpToDate",
                         vdesc(v, t), ITEMS[i].what, bound, ts);
          accept_(&w, UTD);
        }
        w_name(&w, n, d);
        emit(g, &w);
      }
    }
  }

  CASE(&w, 4, 2, "tdx-expired-qe-identity-chain-old-tcb-signing-cert",
       "the QE identity issuer chain carries the TCB Signing certificate as "
       "issued before its 2025 renewal (same key and serial, notAfter "
       "2025-05-21T10:50:10Z, tdx.md 11.3) at now 2026-01-01: EXPIRED");
  w.qe_signer_set = 1;
  w.qe_signer = w.tcb_signer;
  w.qe_signer.not_before = 1526899810; /* 2018-05-21T10:50:10Z */
  w.qe_signer.not_after = 1747824610;  /* 2025-05-21T10:50:10Z */
  reject(&w, "EXPIRED", NULL);
  emit(g, &w);
}

/* ---- REVOKED ---- */

/* List serial on one of the world's CRLs: the reject depends on it. */
static void revoke(world *w, sim_tdx_crl_spec *crl, uint64_t serial) {
  if (crl->n_revoked < SIM_TDX_CRL_MAX_REVOKED)
    crl->revoked[crl->n_revoked++] = serial;
  w->crl_dep = 1;
}

static void revoked_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-revoked-pck-on-pck-crl",
       "the PCK certificate's serial is on the PCK CRL: REVOKED");
  revoke(&w, &w.pck_crl, w.pck.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-revoked-v5-pck-on-pck-crl",
       "quote v5 body type 3: the PCK certificate is on the PCK CRL: "
       "REVOKED");
  revoke(&w, &w.pck_crl, w.pck.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-revoked-processor-pck-on-processor-crl",
       "a Processor-CA PCK on the Processor CA's PCK CRL: REVOKED");
  w_processor(&w);
  revoke(&w, &w.pck_crl, w.pck.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-revoked-pck-ca-on-root-crl",
       "the PCK Platform CA's serial is on the root CA CRL: REVOKED");
  revoke(&w, &w.root_crl, w.ca.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-revoked-processor-ca-on-root-crl",
       "the PCK Processor CA (issuer of this quote's PCK) is on the root CA "
       "CRL: REVOKED");
  w_processor(&w);
  revoke(&w, &w.root_crl, w.ca.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-revoked-tcb-signing-on-root-crl",
       "the TCB Signing certificate (signer of TCB info and QE identity) is "
       "on the root CA CRL: REVOKED");
  revoke(&w, &w.root_crl, w.tcb_signer.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-revoked-qe-identity-signer-on-root-crl",
       "the QE identity is signed under a second TCB Signing certificate "
       "(same key, own serial) that is on the root CA CRL: REVOKED");
  w.qe_signer_set = 1;
  w.qe_signer = w.tcb_signer;
  w.qe_signer.serial = w.tcb_signer.serial + 0x100;
  revoke(&w, &w.root_crl, w.qe_signer.serial);
  reject(&w, "REVOKED", NULL);
  emit(g, &w);
}

/* ---- COLLATERAL ---- */

static void collateral_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-collateral-no-tcb-info",
       "no TCB info and no TCB info issuer chain: COLLATERAL");
  w.with_tcb_info = w.with_tcb_chain = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-no-qe-identity",
       "no QE identity and no QE identity issuer chain: COLLATERAL");
  w.with_qe_identity = w.with_qe_chain = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-no-tcb-info-issuer-chain",
       "a TCB info without its issuer chain (its signature cannot be "
       "checked): COLLATERAL");
  w.with_tcb_chain = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-no-qe-identity-issuer-chain",
       "a QE identity without its issuer chain: COLLATERAL");
  w.with_qe_chain = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-require-crl-no-pck-crl",
       "require_crl true and no PCK CRL (nor its issuer chain): COLLATERAL");
  w.with_pck_crl = w.with_crl_chain = 0;
  pol_set(&w, "require_crl", json_true());
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-require-crl-no-root-ca-crl",
       "require_crl true and no root CA CRL: COLLATERAL");
  w.with_root_crl = 0;
  pol_set(&w, "require_crl", json_true());
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-require-crl-no-crls",
       "require_crl true and neither CRL given: COLLATERAL");
  w.with_pck_crl = w.with_crl_chain = w.with_root_crl = 0;
  pol_set(&w, "require_crl", json_true());
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-tcb-info-signature-corrupt",
       "the TCB info signature with one bit flipped: COLLATERAL");
  w.tcb_info.corrupt_signature = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-tcb-info-signed-by-other-key",
       "the TCB info signed by a key other than the TCB Signing "
       "certificate's: COLLATERAL");
  w.tcb_info.signer = SIM_TDX_KEY_TCB_OTHER;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-tcb-info-bytes-changed-after-signing",
       "a space inserted into the tcbInfo object after signing (the same "
       "JSON, other bytes): the signature covers the served bytes, "
       "COLLATERAL");
  w.tcb_info_tamper = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-qe-identity-signature-corrupt",
       "the QE identity signature with one bit flipped: COLLATERAL");
  w.qe_identity.corrupt_signature = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-qe-identity-signed-by-other-key",
       "the QE identity signed by a key other than the TCB Signing "
       "certificate's: COLLATERAL");
  w.qe_identity.signer = SIM_TDX_KEY_TCB_OTHER;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-pck-crl-signature-corrupt",
       "the PCK CRL's signature with one bit flipped: COLLATERAL (without "
       "the CRL it would be accepted)");
  w.pck_crl.corrupt_signature = 1;
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-pck-crl-signed-by-other-key",
       "the PCK CRL names the Platform CA but is signed by another key: "
       "COLLATERAL");
  w.pck_crl.signer = SIM_TDX_KEY_CA_OTHER;
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-root-ca-crl-signature-corrupt",
       "the root CA CRL's signature with one bit flipped: COLLATERAL");
  w.root_crl.corrupt_signature = 1;
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-root-ca-crl-signed-by-other-key",
       "the root CA CRL names the root but is signed by another key: "
       "COLLATERAL");
  w.root_crl.signer = SIM_TDX_KEY_ROOT_OTHER;
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-pck-crl-no-crl-number",
       "the PCK CRL lacks the CRL Number extension (required with the AKI, "
       "tdx.md 6.C.1): COLLATERAL");
  w.pck_crl.no_crl_number = 1;
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-root-ca-crl-no-aki",
       "the root CA CRL lacks the Authority Key Identifier extension: "
       "COLLATERAL");
  w.root_crl.no_aki = 1;
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-pck-crl-of-other-ca",
       "the PCK CRL given is the Processor CA's while the PCK is issued by "
       "the Platform CA: COLLATERAL");
  w.pck_crl = sim_tdx_processor_crl_spec();
  w.crl_dep = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-tcb-info-id-sgx",
       "a signed TCB info with id 'SGX' instead of 'TDX': COLLATERAL");
  (void)snprintf(w.tcb_info.id, sizeof w.tcb_info.id, "SGX");
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-tcb-info-version-2",
       "a signed TCB info of version 2 (TDX needs version 3): COLLATERAL");
  w.tcb_info.version = 2;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-tcb-info-tcb-type-1",
       "a signed TCB info with tcbType 1 (only 0 is defined): COLLATERAL");
  w.tcb_info.tcb_type = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-tcb-info-no-levels",
       "a signed TCB info with an empty tcbLevels array: COLLATERAL");
  w.tcb_info.n_levels = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-qe-identity-id-qe",
       "a signed QE identity with id 'QE' (the SGX QE) instead of 'TD_QE': "
       "COLLATERAL");
  (void)snprintf(w.qe_identity.id, sizeof w.qe_identity.id, "QE");
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-qe-identity-version-1",
       "a signed QE identity of version 1 (TD_QE needs version 2): "
       "COLLATERAL");
  w.qe_identity.version = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-qe-identity-no-levels",
       "a signed QE identity with an empty tcbLevels array: COLLATERAL");
  w.qe_identity.n_levels = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-tcb-info-for-other-fmspc",
       "the TCB info is for FMSPC 00806F050000, another platform than the "
       "PCK's 90C06F000000: COLLATERAL");
  memcpy(w.tcb_info.fmspc, OTHER_FMSPC, 6);
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-pck-of-other-fmspc",
       "the PCK is of FMSPC 50806F000000 while the TCB info is for the "
       "simulated platform's 90C06F000000: COLLATERAL");
  {
    static const uint8_t f[6] = {0x50, 0x80, 0x6f, 0x00, 0x00, 0x00};
    memcpy(w.pck.ext.fmspc, f, 6);
  }
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-tcb-info-other-pce-id",
       "the TCB info's pceId is 0001 while the PCK's PCE-ID is 0000: "
       "COLLATERAL");
  w.tcb_info.pceid[1] = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-qe-miscselect-mismatch",
       "the QE report's MISCSELECT has bit 0 set, the QE identity wants 0 "
       "under mask FFFFFFFF: COLLATERAL");
  w.quote.qe_report[SIM_QE_MISC_SELECT] = 0x01;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-qe-attributes-mismatch",
       "the QE report's ATTRIBUTES byte 0 is 05: under mask FB it gives 01, "
       "not the identity's 11: COLLATERAL");
  w.quote.qe_report[SIM_QE_ATTRIBUTES] = 0x05;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-qe-mrsigner-mismatch",
       "the QE report's MRSIGNER differs from the QE identity's "
       "DC9E..A8C5 in one bit: COLLATERAL");
  w.quote.qe_report[SIM_QE_MR_SIGNER + 31] ^= 0x01;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-qe-isvprodid-mismatch",
       "the QE report's ISVPRODID is 1 (the SGX QE), the identity's is 2: "
       "COLLATERAL");
  w.quote.qe_report[SIM_QE_ISV_PROD_ID] = 1;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-qe-identity-isvprodid-3",
       "a signed QE identity for ISVPRODID 3 while the QE report has 2: "
       "COLLATERAL");
  w.qe_identity.isvprodid = 3;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-no-module-identity-for-version",
       "a TDX module of major version 2 (TEE_TCB_SVN 05 02 02) while the TCB "
       "info has identities TDX_03 and TDX_01 only: COLLATERAL");
  set_svn(&w, 5, 2, 2);
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-no-module-identities",
       "a module of major version 1 and a TCB info without "
       "tdxModuleIdentities: COLLATERAL");
  w.tcb_info.has_identities = 0;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-mrsignerseam-nonzero",
       "MRSIGNERSEAM is not the TDX_01 identity's (zero) mrsigner: "
       "COLLATERAL");
  w.quote.body[SIM_B_MR_SIGNER_SEAM] = 0x01;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-collateral-module-identity-mrsigner-differs",
       "the TDX_01 module identity names a non-zero mrsigner while the quote's "
       "MRSIGNERSEAM is zero: COLLATERAL");
  w.tcb_info.ids[1].mrsigner[0] = 0xab;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-collateral-major0-tdx-module-mrsigner-differs",
       "TEE_TCB_SVN[1] = 0, so tdxModule applies, and its mrsigner is not "
       "the quote's (zero) MRSIGNERSEAM: COLLATERAL");
  set_svn(&w, 5, 0, 2);
  w.tcb_info.mod_mrsigner[47] = 0x01;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-seam-attributes-nonzero",
       "SEAMATTRIBUTES byte 0 is 01 while the module identity's attributes "
       "are zero (mask FF..FF): COLLATERAL");
  w.quote.body[SIM_B_SEAM_ATTRIBUTES] = 0x01;
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-collateral-relaunch-svn2-module-identity-missing",
       "TD report 1.5 with an OutOfDate module (TEE_TCB_SVN 03 01 02) whose "
       "TEE_TCB_SVN_2 names module major version 2, for which the TCB info "
       "has no identity (tdx.md 7.6: TDX_MODULE_MISMATCH): COLLATERAL, no "
       "status");
  set_svn(&w, 3, 1, 2);
  set_svn2(&w, 5, 2, 2);
  reject(&w, "COLLATERAL", NULL);
  emit(g, &w);
}

/* ---- TCB statuses (tdx.md §7; CASES.md accepted_tcb_statuses) ---- */

static const struct {
  const char *slug, *status;
  int acceptable; /* Revoked and NotSupported never are */
} PLATFORM[] = {
    {"swhardening", SWH, 1},
    {"configuration", CN, 1},
    {"configuration-swhardening", CSWH, 1},
    {"outofdate", OOD, 1},
    {"outofdate-configuration", OODCN, 1},
    {"revoked", REV, 0},
};

static void platform_status_cases(gen *g) {
  world w;
  static const uint16_t vt[2][2] = {{4, 2}, {5, 3}};
  for (size_t k = 0; k < 2; k++) {
    uint16_t v = vt[k][0], t = vt[k][1];
    for (size_t i = 0; i < CONTRAST_ARRAY_LEN(PLATFORM); i++) {
      char n[96], d[512];
      /* platform level of this status, module and QE UpToDate: the status
       * is the platform's (tdx.md 7.3 and 7.4 pass it through) */
      w_init(&w, v, t);
      levels_with(&w, PLATFORM[i].status);
      (void)snprintf(n, sizeof n, "tdx-%s-status-%s", vtag(v, t),
                     PLATFORM[i].slug);
      (void)snprintf(d, sizeof d,
                     "%s: the PCK's components match a TCB level with status "
                     "%s (module and QE UpToDate) and the default policy "
                     "accepts UpToDate only: TCB_STATUS, %s",
                     vdesc(v, t), PLATFORM[i].status, PLATFORM[i].status);
      w_name(&w, n, d);
      reject(&w, "TCB_STATUS", PLATFORM[i].status);
      emit(g, &w);

      w_init(&w, v, t);
      levels_with(&w, PLATFORM[i].status);
      pol_accepted(&w, UTD, PLATFORM[i].status, NULL);
      if (PLATFORM[i].acceptable) {
        (void)snprintf(n, sizeof n, "tdx-%s-status-%s-accepted", vtag(v, t),
                       PLATFORM[i].slug);
        (void)snprintf(d, sizeof d,
                       "%s: platform TCB level %s, listed in "
                       "accepted_tcb_statuses: accept, %s",
                       vdesc(v, t), PLATFORM[i].status, PLATFORM[i].status);
        accept_(&w, PLATFORM[i].status);
      } else {
        (void)snprintf(n, sizeof n, "tdx-%s-status-%s-listed", vtag(v, t),
                       PLATFORM[i].slug);
        (void)snprintf(d, sizeof d,
                       "%s: platform TCB level %s, listed in "
                       "accepted_tcb_statuses, which never accepts it: "
                       "TCB_STATUS, %s",
                       vdesc(v, t), PLATFORM[i].status, PLATFORM[i].status);
        reject(&w, "TCB_STATUS", PLATFORM[i].status);
      }
      w_name(&w, n, d);
      emit(g, &w);
    }
  }

  CASE(&w, 5, 2, "tdx-v5-body2-status-outofdate-older-pck",
       "a PCK with older SGX components (2,2,2,2,3,1,0,3, PCESVN 11) below the "
       "UpToDate level, matching the default OutOfDate level: TCB_STATUS, "
       "OutOfDate");
  pck_sgx(&w, (const uint8_t[16]){2, 2, 2, 2, 3, 1, 0, 3});
  w.pck.ext.pcesvn = 11;
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-status-outofdate-late-microcode",
       "the PCK matches the UpToDate level's SGX components but TEE_TCB_SVN[2] "
       "(late microcode) 1 is below its 2; the next level (TDX 3,0,1) "
       "matches: TCB_STATUS, OutOfDate");
  {
    static const uint8_t lower[16] = {2, 2, 2, 2, 3, 1, 0, 3};
    level(&w.tcb_info.levels[1], lower, 11, 3, 1, OOD, "INTEL-SA-00960");
  }
  set_svn(&w, 5, 1, 1);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-status-uptodate-not-accepted",
       "an UpToDate quote with accepted_tcb_statuses [\"OutOfDate\"] (the list "
       "replaces the default): TCB_STATUS, UpToDate");
  pol_accepted(&w, OOD, NULL);
  reject(&w, "TCB_STATUS", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-status-uptodate-explicitly-accepted",
       "an UpToDate quote with accepted_tcb_statuses [\"UpToDate\"]: accept, "
       "UpToDate");
  pol_accepted(&w, UTD, NULL);
  accept_(&w, UTD);
  emit(g, &w);
}

static void module_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-module-outofdate",
       "TEE_TCB_SVN 03 01 02: module SVN 3 matches TDX_01's OutOfDate level "
       "(isvsvn 2), the platform is UpToDate; converged (tdx.md 7.3): "
       "TCB_STATUS, OutOfDate");
  set_svn(&w, 3, 1, 2);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-outofdate-accepted",
       "module OutOfDate (TEE_TCB_SVN 03 01 02) on an UpToDate platform with "
       "OutOfDate accepted: accept, OutOfDate");
  outofdate_accepted(&w);
  accept_(&w, OOD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-module-revoked",
       "TDX_01's level for module SVN 3 is Revoked (levels 4 UpToDate, 2 "
       "Revoked), platform UpToDate: Revoked wins (tdx.md 7.3): TCB_STATUS, "
       "Revoked");
  set_svn(&w, 3, 1, 2);
  module_low(&w, REV);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-revoked-listed",
       "module Revoked with Revoked in accepted_tcb_statuses (never "
       "accepted): TCB_STATUS, Revoked");
  set_svn(&w, 3, 1, 2);
  module_low(&w, REV);
  pol_accepted(&w, UTD, REV, NULL);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-outofdate-platform-swhardening",
       "module OutOfDate with platform SWHardeningNeeded: converged to "
       "OutOfDate (tdx.md 7.3): TCB_STATUS, OutOfDate");
  levels_with(&w, SWH);
  set_svn(&w, 3, 1, 2);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-module-outofdate-platform-configuration",
       "module OutOfDate with platform ConfigurationNeeded: converged to "
       "OutOfDateConfigurationNeeded: TCB_STATUS");
  levels_with(&w, CN);
  set_svn(&w, 3, 1, 2);
  reject(&w, "TCB_STATUS", OODCN);
  emit(g, &w);

  CASE(&w, 4, 2,
       "tdx-v4-module-outofdate-platform-configuration-swhardening-accepted",
       "module OutOfDate with platform ConfigurationAndSWHardeningNeeded: "
       "converged to OutOfDateConfigurationNeeded, which is accepted: "
       "accept");
  levels_with(&w, CSWH);
  set_svn(&w, 3, 1, 2);
  pol_accepted(&w, OODCN, NULL);
  accept_(&w, OODCN);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-outofdate-platform-outofdate",
       "module OutOfDate with platform OutOfDate: the platform status stands "
       "(tdx.md 7.3 'anything else'): TCB_STATUS, OutOfDate");
  levels_with(&w, OOD);
  set_svn(&w, 3, 1, 2);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-module-revoked-platform-configuration",
       "module Revoked with platform ConfigurationNeeded: TCB_STATUS, "
       "Revoked");
  levels_with(&w, CN);
  set_svn(&w, 3, 1, 2);
  set_svn2(&w, 3, 1, 2);
  module_low(&w, REV);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-no-level-notsupported",
       "module SVN 1 (TEE_TCB_SVN 01 01 02) is below every TDX_01 level "
       "(4, 2): TCB_STATUS, NotSupported");
  set_svn(&w, 1, 1, 2);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-module-major0-outofdate",
       "TEE_TCB_SVN 04 00 02: no module identity, TDX components compared "
       "from index 0, 4 < 5 fails the UpToDate level, the OutOfDate level "
       "(3,0,2) matches: TCB_STATUS, OutOfDate");
  set_svn(&w, 4, 0, 2);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-module-tdx03-no-level-notsupported",
       "a module of major version 3 with SVN 2 below TDX_03's only level "
       "(3): TCB_STATUS, NotSupported");
  set_svn(&w, 2, 3, 2);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);
}

static void qe_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-qe-outofdate",
       "QE ISVSVN 3 matches the QE identity level 3 OutOfDate (levels 4 "
       "UpToDate, 3 OutOfDate); platform UpToDate: merged (tdx.md 7.4) to "
       "TCB_STATUS, OutOfDate");
  qe_levels(&w, OOD, 3);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-qe-outofdate-accepted",
       "QE OutOfDate on an UpToDate platform with OutOfDate accepted: "
       "accept, OutOfDate");
  qe_levels(&w, OOD, 3);
  pol_accepted(&w, UTD, OOD, NULL);
  accept_(&w, OOD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-revoked",
       "QE ISVSVN 3 matches a Revoked QE identity level: TCB_STATUS, "
       "Revoked");
  qe_levels(&w, REV, 3);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-qe-notsupported",
       "QE ISVSVN 3 below the only QE identity level (isvsvn 4): TCB_STATUS, "
       "NotSupported");
  qe_levels(&w, NULL, 3);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-notsupported-listed",
       "QE NotSupported with NotSupported in accepted_tcb_statuses (never "
       "accepted): TCB_STATUS, NotSupported");
  qe_levels(&w, NULL, 3);
  pol_accepted(&w, UTD, NS, NULL);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-outofdate-platform-configuration",
       "QE OutOfDate with platform ConfigurationNeeded: merged to "
       "OutOfDateConfigurationNeeded: TCB_STATUS");
  levels_with(&w, CN);
  qe_levels(&w, OOD, 3);
  reject(&w, "TCB_STATUS", OODCN);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-qe-outofdate-platform-swhardening",
       "QE OutOfDate with platform SWHardeningNeeded: merged to OutOfDate: "
       "TCB_STATUS");
  levels_with(&w, SWH);
  qe_levels(&w, OOD, 3);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 2,
       "tdx-v5-body2-qe-outofdate-platform-configuration-swhardening",
       "QE OutOfDate with platform ConfigurationAndSWHardeningNeeded: merged "
       "to OutOfDateConfigurationNeeded: TCB_STATUS");
  levels_with(&w, CSWH);
  qe_levels(&w, OOD, 3);
  reject(&w, "TCB_STATUS", OODCN);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-revoked-platform-outofdate",
       "QE Revoked with platform OutOfDate: TCB_STATUS, Revoked");
  levels_with(&w, OOD);
  qe_levels(&w, REV, 3);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-qe-notsupported-platform-configuration",
       "QE NotSupported with platform ConfigurationNeeded: TCB_STATUS, "
       "NotSupported");
  levels_with(&w, CN);
  qe_levels(&w, NULL, 3);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-qe-level-swhardening-counts-outofdate",
       "the QE matches a QE identity level with status SWHardeningNeeded, "
       "which counts as ISVSVN_OUT_OF_DATE (tdx.md 6.G.7); platform "
       "UpToDate: TCB_STATUS, OutOfDate");
  qe_levels(&w, SWH, 3);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);
}

static void relaunch_cases(gen *g) {
  world w;
  /* TD report 1.5: the module was updated in place (TEE_TCB_SVN_2 at the
   * latest module, TEE_TCB_SVN at an older, OutOfDate one) */
  CASE(&w, 5, 3, "tdx-v5-body3-relaunch",
       "TEE_TCB_SVN 03 01 02 (module OutOfDate) and TEE_TCB_SVN_2 05 01 02 "
       "(at TDX_01's latest level and the latest TCB level's microcode), "
       "platform and QE UpToDate: TCB_STATUS, TDRelaunchAdvised");
  set_relaunch_svns(&w);
  reject(&w, "TCB_STATUS", RL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-accepted",
       "relaunch advised (module OutOfDate, TEE_TCB_SVN_2 current) with "
       "TDRelaunchAdvised accepted: accept, TDRelaunchAdvised");
  set_relaunch_svns(&w);
  pol_accepted(&w, UTD, RL, NULL);
  accept_(&w, RL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-svn2-major0",
       "TEE_TCB_SVN_2 05 00 02 (major 0): compared with the latest TCB "
       "level's TDX components 5 and 2, both met: TCB_STATUS, "
       "TDRelaunchAdvised");
  set_svn(&w, 3, 1, 2);
  set_svn2(&w, 5, 0, 2);
  reject(&w, "TCB_STATUS", RL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-svn2-tdx03",
       "TEE_TCB_SVN_2 03 03 02: judged against TDX_03's first level (3) and "
       "the latest TCB level's microcode (2): TCB_STATUS, TDRelaunchAdvised");
  set_svn(&w, 3, 1, 2);
  set_svn2(&w, 3, 3, 2);
  reject(&w, "TCB_STATUS", RL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-platform-swhardening",
       "module OutOfDate on a SWHardeningNeeded platform converges to "
       "OutOfDate, and TEE_TCB_SVN_2 is current: TCB_STATUS, "
       "TDRelaunchAdvised");
  levels_with(&w, SWH);
  set_relaunch_svns(&w);
  reject(&w, "TCB_STATUS", RL);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-configuration",
       "module OutOfDate on a ConfigurationNeeded platform "
       "(OutOfDateConfigurationNeeded) with TEE_TCB_SVN_2 current: "
       "TCB_STATUS, TDRelaunchAdvisedConfigurationNeeded");
  levels_with(&w, CN);
  set_relaunch_svns(&w);
  reject(&w, "TCB_STATUS", RLCN);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-configuration-accepted",
       "TDRelaunchAdvisedConfigurationNeeded (ConfigurationNeeded platform, "
       "module OutOfDate, TEE_TCB_SVN_2 current) listed as accepted: accept");
  levels_with(&w, CN);
  set_relaunch_svns(&w);
  pol_accepted(&w, UTD, RLCN, NULL);
  accept_(&w, RLCN);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-configuration-swhardening",
       "module OutOfDate on a ConfigurationAndSWHardeningNeeded platform "
       "with TEE_TCB_SVN_2 current: TCB_STATUS, "
       "TDRelaunchAdvisedConfigurationNeeded");
  levels_with(&w, CSWH);
  set_relaunch_svns(&w);
  reject(&w, "TCB_STATUS", RLCN);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-no-relaunch-svn2-outofdate",
       "module OutOfDate and TEE_TCB_SVN_2 equal to TEE_TCB_SVN (03 01 02, "
       "below TDX_01's latest level 4): no relaunch helps: TCB_STATUS, "
       "OutOfDate");
  set_svn(&w, 3, 1, 2);
  set_svn2(&w, 3, 1, 2);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-no-relaunch-svn2-microcode-behind",
       "module OutOfDate and TEE_TCB_SVN_2 05 01 01: its microcode 1 is "
       "below the latest TCB level's 2: TCB_STATUS, OutOfDate");
  set_svn(&w, 3, 1, 2);
  set_svn2(&w, 5, 1, 1);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-no-relaunch",
       "TD report 1.0 (no TEE_TCB_SVN_2) with module OutOfDate: the relaunch "
       "check is for body type 3 only: TCB_STATUS, OutOfDate");
  set_svn(&w, 3, 1, 2);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-no-relaunch-qe-outofdate",
       "module OutOfDate, TEE_TCB_SVN_2 current, but the QE is OutOfDate: "
       "no relaunch advice (tdx.md 7.6), merged: TCB_STATUS, OutOfDate");
  set_relaunch_svns(&w);
  qe_levels(&w, OOD, 3);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-no-relaunch-qe-revoked",
       "module OutOfDate, TEE_TCB_SVN_2 current, QE Revoked: TCB_STATUS, "
       "Revoked");
  set_relaunch_svns(&w);
  qe_levels(&w, REV, 3);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-no-relaunch-platform-outofdate",
       "module OutOfDate, TEE_TCB_SVN_2 current, but the platform's SGX level "
       "is OutOfDate (relaunch cannot help): TCB_STATUS, OutOfDate");
  levels_with(&w, OOD);
  set_relaunch_svns(&w);
  reject(&w, "TCB_STATUS", OOD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-no-relaunch-module-revoked",
       "module Revoked, TEE_TCB_SVN_2 current: Revoked stands: TCB_STATUS, "
       "Revoked");
  set_relaunch_svns(&w);
  module_low(&w, REV);
  reject(&w, "TCB_STATUS", REV);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-relaunch-accepted-report-data-differs",
       "relaunch advised and accepted, but REPORTDATA is not the policy's: "
       "the status is still reported: REPORT_DATA, TDRelaunchAdvised");
  set_relaunch_svns(&w);
  pol_accepted(&w, UTD, RL, NULL);
  pol_set(&w, "report_data", body_hex_xor(&w, SIM_B_REPORT_DATA, 64, 0, 0x80));
  reject(&w, "REPORT_DATA", RL);
  emit(g, &w);
}

static void notsupported_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-notsupported-pck-below-all-levels",
       "a PCK whose SGX components (1,1,1,1,1,1,0,1) are below every TCB "
       "level: TCB_STATUS, NotSupported");
  pck_sgx(&w, (const uint8_t[16]){1, 1, 1, 1, 1, 1, 0, 1});
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-notsupported-pcesvn-below-all-levels",
       "a PCK with PCESVN 10, below every TCB level's (13, 11): TCB_STATUS, "
       "NotSupported");
  w.pck.ext.pcesvn = 10;
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-notsupported-late-microcode",
       "TEE_TCB_SVN[2] (late microcode) 1 below every TCB level's 2: "
       "TCB_STATUS, NotSupported");
  set_svn(&w, 5, 1, 1);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-notsupported-accepted-list",
       "no TCB level matches (PCESVN 10) and every other status is accepted: "
       "NotSupported is never accepted: TCB_STATUS, NotSupported");
  w.pck.ext.pcesvn = 10;
  pol_accepted(&w, UTD, SWH, CN, CSWH, OOD, OODCN, RL, RLCN, NULL);
  reject(&w, "TCB_STATUS", NS);
  emit(g, &w);
}

static void too_low_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-tcb-too-low-min-eval-above",
       "MinTCBEvaluationDataNumber 18 above the TCB info's "
       "tcbEvaluationDataNumber 17: TCB_TOO_LOW, UpToDate");
  pol_tdx_set(&w, "MinTCBEvaluationDataNumber", json_integer(18));
  reject(&w, "TCB_TOO_LOW", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-tcb-too-low-old-tcb-info",
       "a TCB info of evaluation data number 12 (an old one) with "
       "MinTCBEvaluationDataNumber 17: TCB_TOO_LOW, UpToDate");
  w.tcb_info.eval_number = 12;
  pol_tdx_set(&w, "MinTCBEvaluationDataNumber", json_integer(17));
  reject(&w, "TCB_TOO_LOW", UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-tcb-too-low-outofdate-accepted",
       "OutOfDate accepted, MinTCBEvaluationDataNumber 20 above 17: "
       "TCB_TOO_LOW with the status still reported, OutOfDate");
  outofdate_accepted(&w);
  pol_tdx_set(&w, "MinTCBEvaluationDataNumber", json_integer(20));
  reject(&w, "TCB_TOO_LOW", OOD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-min-eval-equal",
       "MinTCBEvaluationDataNumber 17 equal to the TCB info's: accept, "
       "UpToDate");
  pol_tdx_set(&w, "MinTCBEvaluationDataNumber", json_integer(17));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-min-eval-qe-identity-not-judged",
       "MinTCBEvaluationDataNumber 17 judges the TCB info's number (17), not "
       "the QE identity's (12): accept, UpToDate");
  w.qe_identity.eval_number = 12;
  pol_tdx_set(&w, "MinTCBEvaluationDataNumber", json_integer(17));
  accept_(&w, UTD);
  emit(g, &w);
}

/* ---- appraisal: DEBUG, POLICY, MEASUREMENT, HOST_DATA, REPORT_DATA ---- */

static void set_debug(world *w) {
  w->quote.body[SIM_B_TD_ATTRIBUTES] |= 0x01; /* TD_ATTRIBUTES.DEBUG */
}

static void debug_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-debug",
       "TD_ATTRIBUTES.DEBUG (bit 0) set and allow_debug absent (false): "
       "DEBUG, UpToDate");
  set_debug(&w);
  reject(&w, "DEBUG", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-debug-allow-debug-false",
       "a debug TD (TD_ATTRIBUTES bit 0) with allow_debug false: DEBUG, "
       "UpToDate");
  set_debug(&w);
  pol_set(&w, "allow_debug", json_false());
  reject(&w, "DEBUG", UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-debug-allowed",
       "a debug TD with allow_debug true: accept, UpToDate");
  set_debug(&w);
  pol_set(&w, "allow_debug", json_true());
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-debug-allowed-td-attributes-match",
       "a debug TD with allow_debug true and TdAttributes equal to its "
       "attributes (debug bit included): accept, UpToDate");
  set_debug(&w);
  pol_set(&w, "allow_debug", json_true());
  pol_tdx_set(&w, "TdAttributes", body_hex(&w, SIM_B_TD_ATTRIBUTES, 8));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-not-debug-allow-debug-false",
       "a TD without the debug bit and allow_debug false: accept, UpToDate");
  pol_set(&w, "allow_debug", json_false());
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-debug-outofdate-accepted",
       "a debug TD on an OutOfDate module with OutOfDate accepted: DEBUG, "
       "with the status reported, OutOfDate");
  set_debug(&w);
  outofdate_accepted(&w);
  reject(&w, "DEBUG", OOD);
  emit(g, &w);
}

static void policy_cases(gen *g) {
  world w;
  uint8_t v8[8];
  CASE(&w, 4, 2, "tdx-v4-policy-td-attributes-differ",
       "TdAttributes 0000000000000000 while the TD has SEPT_VE_DISABLE (bit "
       "28) set: POLICY, UpToDate");
  memset(v8, 0, 8);
  pol_tdx_set(&w, "TdAttributes", hexj(v8, 8));
  reject(&w, "POLICY", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-policy-td-attributes-differ",
       "TdAttributes with PERFMON (bit 63) set in addition to the TD's "
       "attributes: POLICY, UpToDate");
  memcpy(v8, w.quote.body + SIM_B_TD_ATTRIBUTES, 8);
  v8[7] |= 0x80;
  pol_tdx_set(&w, "TdAttributes", hexj(v8, 8));
  reject(&w, "POLICY", UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-policy-td-attributes-match",
       "TdAttributes equal to the TD's (0000001000000000): accept, "
       "UpToDate");
  pol_tdx_set(&w, "TdAttributes", body_hex(&w, SIM_B_TD_ATTRIBUTES, 8));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-policy-xfam-differ",
       "Xfam e71a060000000000 while the TD's XFAM is e702060000000000: "
       "POLICY, UpToDate");
  memcpy(v8, w.quote.body + SIM_B_XFAM, 8);
  v8[1] = 0x1a;
  pol_tdx_set(&w, "Xfam", hexj(v8, 8));
  reject(&w, "POLICY", UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-policy-xfam-differ-by-one-bit",
       "Xfam differing from the TD's in bit 0 (x87): POLICY, UpToDate");
  pol_tdx_set(&w, "Xfam", body_hex_xor(&w, SIM_B_XFAM, 8, 0, 0x01));
  reject(&w, "POLICY", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-policy-xfam-match",
       "Xfam equal to the TD's: accept, UpToDate");
  pol_tdx_set(&w, "Xfam", body_hex(&w, SIM_B_XFAM, 8));
  accept_(&w, UTD);
  emit(g, &w);

  uint8_t other_piid[16];
  for (size_t i = 0; i < 16; i++)
    other_piid[i] = (uint8_t)(0x11 * (i + 1));
  CASE(&w, 4, 2, "tdx-v4-policy-piid-not-allowed",
       "AllowedPIIDs names another platform instance ID than the PCK's: "
       "POLICY, UpToDate");
  {
    json_t *a = json_array();
    (void)json_array_append_new(a, hexj(other_piid, 16));
    pol_tdx_set(&w, "AllowedPIIDs", a);
  }
  reject(&w, "POLICY", UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-policy-piid-allowed",
       "AllowedPIIDs holds another ID and the PCK's platform instance ID "
       "(raw OCTET STRING): accept, UpToDate");
  {
    json_t *a = json_array();
    (void)json_array_append_new(a, hexj(other_piid, 16));
    (void)json_array_append_new(a, hexj(w.pck.ext.piid, 16));
    pol_tdx_set(&w, "AllowedPIIDs", a);
  }
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-policy-piid-empty-list",
       "AllowedPIIDs is an empty list (not checked): accept, UpToDate");
  pol_tdx_set(&w, "AllowedPIIDs", json_array());
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-policy-piid-processor-pck",
       "AllowedPIIDs given while the PCK is a Processor-CA PCK, which has no "
       "platform instance ID: POLICY, UpToDate");
  {
    sim_tdx_sgx_ext x = sim_tdx_sgx_ext_default();
    w_processor(&w);
    json_t *a = json_array();
    (void)json_array_append_new(a, hexj(x.piid, 16));
    pol_tdx_set(&w, "AllowedPIIDs", a);
  }
  reject(&w, "POLICY", UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-policy-td-attributes-differ-outofdate-accepted",
       "OutOfDate accepted and TdAttributes not the TD's: POLICY with the "
       "status reported, OutOfDate");
  outofdate_accepted(&w);
  memset(v8, 0, 8);
  pol_tdx_set(&w, "TdAttributes", hexj(v8, 8));
  reject(&w, "POLICY", OOD);
  emit(g, &w);
}

/* Rtmrs of the TD with entry `wrong` changed (-1: none) and the entries
 * with bit i of nulls given as null. */
static json_t *rtmrs(const world *w, int wrong, unsigned nulls) {
  json_t *a = json_array();
  for (int i = 0; i < 4; i++) {
    if (nulls & (1u << i)) {
      (void)json_array_append_new(a, json_null());
      continue;
    }
    uint8_t r[48];
    memcpy(r, w->quote.body + SIM_B_RTMR0 + 48 * (size_t)i, 48);
    if (i == wrong)
      r[47] ^= 0x01;
    (void)json_array_append_new(a, hexj(r, 48));
  }
  return a;
}

static void measurement_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-measurement-mrtd-differs",
       "MrTd differs from the TD's MRTD in its last bit: MEASUREMENT, "
       "UpToDate");
  pol_tdx_set(&w, "MrTd", body_hex_xor(&w, SIM_B_MR_TD, 48, 47, 0x01));
  reject(&w, "MEASUREMENT", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-measurement-mrtd-differs",
       "quote v5 body type 3: MrTd differs in its first byte: MEASUREMENT, "
       "UpToDate");
  pol_tdx_set(&w, "MrTd", body_hex_xor(&w, SIM_B_MR_TD, 48, 0, 0xff));
  reject(&w, "MEASUREMENT", UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-measurement-mrseam-differs",
       "MrSeam differs from the TD's MRSEAM: MEASUREMENT, UpToDate");
  pol_tdx_set(&w, "MrSeam", body_hex_xor(&w, SIM_B_MR_SEAM, 48, 20, 0x10));
  reject(&w, "MEASUREMENT", UTD);
  emit(g, &w);

  static const uint16_t vt[4][2] = {{4, 2}, {5, 2}, {5, 3}, {4, 2}};
  for (int i = 0; i < 4; i++) {
    uint16_t v = vt[i][0], t = vt[i][1];
    w_init(&w, v, t);
    char n[96], d[512];
    (void)snprintf(n, sizeof n, "tdx-%s-measurement-rtmr%d-differs",
                   vtag(v, t), i);
    (void)snprintf(d, sizeof d,
                   "%s: Rtmrs gives all four registers and RTMR%d differs in "
                   "one bit: MEASUREMENT, UpToDate",
                   vdesc(v, t), i);
    w_name(&w, n, d);
    pol_tdx_set(&w, "Rtmrs", rtmrs(&w, i, 0));
    reject(&w, "MEASUREMENT", UTD);
    emit(g, &w);
  }

  CASE(&w, 4, 2, "tdx-v4-measurement-rtmr2-differs-others-null",
       "Rtmrs [null, null, wrong, null]: the one register given differs: "
       "MEASUREMENT, UpToDate");
  pol_tdx_set(&w, "Rtmrs", rtmrs(&w, 2, 0xb));
  reject(&w, "MEASUREMENT", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-measurement-all-match",
       "MrTd, MrSeam and all four Rtmrs equal to the TD's: accept, "
       "UpToDate");
  pol_tdx_set(&w, "MrTd", body_hex(&w, SIM_B_MR_TD, 48));
  pol_tdx_set(&w, "MrSeam", body_hex(&w, SIM_B_MR_SEAM, 48));
  pol_tdx_set(&w, "Rtmrs", rtmrs(&w, -1, 0));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-measurement-rtmr-null-entry-not-checked",
       "Rtmrs gives RTMR0, RTMR2 and RTMR3 and null for RTMR1, and the TD's "
       "RTMR1 is a value nobody expects: a null entry is not checked: "
       "accept, UpToDate");
  pol_tdx_set(&w, "Rtmrs", rtmrs(&w, -1, 0x2));
  w.quote.body[SIM_B_RTMR0 + 48 + 3] ^= 0x44; /* RTMR1 is anything */
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-measurement-rtmrs-all-null",
       "Rtmrs [null, null, null, null]: no register checked: accept, "
       "UpToDate");
  pol_tdx_set(&w, "Rtmrs", rtmrs(&w, -1, 0xf));
  accept_(&w, UTD);
  emit(g, &w);
}

static void host_report_data_cases(gen *g) {
  world w;
  CASE(&w, 4, 2, "tdx-v4-host-data-byte0-differs",
       "host_data differs from MRCONFIGID bytes 0..31 in byte 0: HOST_DATA, "
       "UpToDate");
  pol_set(&w, "host_data", body_hex_xor(&w, SIM_B_MR_CONFIG_ID, 32, 0, 0x01));
  reject(&w, "HOST_DATA", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-host-data-byte31-differs",
       "host_data differs from MRCONFIGID in byte 31: HOST_DATA, UpToDate");
  pol_set(&w, "host_data", body_hex_xor(&w, SIM_B_MR_CONFIG_ID, 32, 31, 0x80));
  reject(&w, "HOST_DATA", UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-host-data-match",
       "host_data equal to MRCONFIGID bytes 0..31: accept, UpToDate");
  pol_set(&w, "host_data", body_hex(&w, SIM_B_MR_CONFIG_ID, 32));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-host-data-bytes-32-47-not-compared",
       "host_data equal to MRCONFIGID bytes 0..31 while bytes 32..47 are "
       "FF..FF: only the first 32 bytes are the policy hash: accept, "
       "UpToDate");
  memset(w.quote.body + SIM_B_MR_CONFIG_ID + 32, 0xff, 16);
  pol_set(&w, "host_data", body_hex(&w, SIM_B_MR_CONFIG_ID, 32));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-report-data-byte0-differs",
       "report_data differs from REPORTDATA in byte 0: REPORT_DATA, "
       "UpToDate");
  pol_set(&w, "report_data", body_hex_xor(&w, SIM_B_REPORT_DATA, 64, 0, 0x01));
  reject(&w, "REPORT_DATA", UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-report-data-byte63-differs",
       "report_data differs from REPORTDATA in byte 63: REPORT_DATA, "
       "UpToDate");
  pol_set(&w, "report_data", body_hex_xor(&w, SIM_B_REPORT_DATA, 64, 63, 0x01));
  reject(&w, "REPORT_DATA", UTD);
  emit(g, &w);

  CASE(&w, 5, 3, "tdx-v5-body3-report-data-match",
       "report_data equal to REPORTDATA: accept, UpToDate");
  pol_set(&w, "report_data", body_hex(&w, SIM_B_REPORT_DATA, 64));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 4, 2, "tdx-v4-full-policy-match",
       "every policy key at once, each satisfied: report_data, host_data, "
       "allow_debug false, require_crl, accepted_tcb_statuses, MrTd, MrSeam, "
       "Rtmrs, Xfam, TdAttributes, AllowedPIIDs, MinTCBEvaluationDataNumber: "
       "accept, UpToDate");
  pol_set(&w, "report_data", body_hex(&w, SIM_B_REPORT_DATA, 64));
  pol_set(&w, "host_data", body_hex(&w, SIM_B_MR_CONFIG_ID, 32));
  pol_set(&w, "allow_debug", json_false());
  pol_set(&w, "require_crl", json_true());
  pol_accepted(&w, UTD, NULL);
  pol_tdx_set(&w, "MrTd", body_hex(&w, SIM_B_MR_TD, 48));
  pol_tdx_set(&w, "MrSeam", body_hex(&w, SIM_B_MR_SEAM, 48));
  pol_tdx_set(&w, "Rtmrs", rtmrs(&w, -1, 0));
  pol_tdx_set(&w, "Xfam", body_hex(&w, SIM_B_XFAM, 8));
  pol_tdx_set(&w, "TdAttributes", body_hex(&w, SIM_B_TD_ATTRIBUTES, 8));
  {
    json_t *a = json_array();
    (void)json_array_append_new(a, hexj(w.pck.ext.piid, 16));
    pol_tdx_set(&w, "AllowedPIIDs", a);
  }
  pol_tdx_set(&w, "MinTCBEvaluationDataNumber", json_integer(17));
  accept_(&w, UTD);
  emit(g, &w);

  CASE(&w, 5, 2, "tdx-v5-body2-outofdate-accepted-mrtd-differs",
       "OutOfDate accepted and MrTd not the TD's: MEASUREMENT with the "
       "status reported, OutOfDate");
  outofdate_accepted(&w);
  pol_tdx_set(&w, "MrTd", body_hex_xor(&w, SIM_B_MR_TD, 48, 1, 0x02));
  reject(&w, "MEASUREMENT", OOD);
  emit(g, &w);
}

static void all_cases(gen *g) {
  accept_cases(g);
  malformed_cases(g);
  unsupported_cases(g);
  signature_cases(g);
  binding_cases(g);
  chain_cases(g);
  expired_cases(g);
  revoked_cases(g);
  collateral_cases(g);
  platform_status_cases(g);
  module_cases(g);
  qe_cases(g);
  relaunch_cases(g);
  notsupported_cases(g);
  too_low_cases(g);
  debug_cases(g);
  policy_cases(g);
  measurement_cases(g);
  host_report_data_cases(g);
}

int sim_tdx_vectors(const char *keysdir, const char *outdir, size_t *count,
                    contrast_err *err) {
  *count = 0;
  gen g;
  memset(&g, 0, sizeof g);
  g.outdir = outdir;
  g.err = err;
  GUARD(sim_tdx_pki_load(keysdir, &g.pki, err));
  all_cases(&g);
  *count = g.count;
  sim_tdx_pki_free(g.pki);
  free(g.names);
  return g.rc;
}
