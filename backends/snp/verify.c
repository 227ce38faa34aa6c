/* SNP verification: spec/snp.md §2-§3, spec/CASES.md "Checks that are
 * never optional" and "Reason codes".
 *
 * Order (one code per rejection, the first failing check of CASES.md's
 * table):
 *   1. MALFORMED / UNSUPPORTED   report structure; endorsement encodings
 *   2. UNSUPPORTED               product unknown (v3+ CPUID)
 *   3. COLLATERAL                no VCEK/VLEK at all (nothing to check with)
 *   4. CHAIN                     certificate kind vs SIGNING_KEY, key type:
 *                                without the right key no signature can be
 *                                judged, so CASES.md files these as CHAIN
 *   5. SIGNATURE                 the report signature
 *   6. CHAIN                     supplied chain == pinned, VEK signed by the
 *                                pinned ASK/ASVK of the product
 *   7. EXPIRED                   VEK, ASK/ASVK, ARK, then the CRL
 *   8. REVOKED                   ASK/ASVK serial on the CRL
 *   9. COLLATERAL                CRL badly signed / missing under require_crl
 *  10. TCB_MISMATCH              REPORTED_TCB and (VCEK) CHIP_ID vs the cert */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/pem.h>

#include "autofree.h"
#include "contrast/snp.h"
#include "contrast/util.h"
#include "guard.h"
#include "snp_internal.h"

/* What is known about a VEK once parsed and checked (cacheable). */
typedef struct vek_state {
  snp_vek_kind kind;
  snp_product issuer_product; /* from the issuer CN, UNKNOWN if not AMD's */
  snp_vek_ext ext;
  contrast_p384_pub *pub; /* owned */
  int64_t nb, na;
} vek_state;

static void vek_state_wipe(vek_state *s) {
  contrast_p384_pub_free(s->pub);
  memset(s, 0, sizeof *s);
}

/* ---- cache ---- */

#define VEK_SLOTS 32
#define CRL_SLOTS 8

typedef struct vek_slot {
  int used;
  uint8_t key[32];
  const snp_trust *trust;
  snp_product product;
  vek_state st;
  /* The cert_chain bytes that passed check_supplied_chain with this VEK
   * (owned; NULL if none was given): the same bytes pass again, so a hit
   * with them skips the PEM decoding. */
  uint8_t *chain;
  size_t chain_len;
  /* SHA-256 of the pinned intermediate's and ARK's DER this entry was
   * verified against: snp_trust_add may replace a product's roots in the
   * same store, and then the entry vouches for nothing. */
  uint8_t roots[64];
} vek_slot;

typedef struct crl_slot {
  int used;
  uint8_t key[32];
  const snp_trust_product *issuer;
  uint8_t ark_fp[32]; /* SHA-256 of the ARK's DER it was checked against */
  X509_CRL *crl;
  int sig_ok;
  char why[160];
} crl_slot;

struct snp_cache {
  vek_slot vek[VEK_SLOTS];
  size_t vek_next;
  crl_slot crl[CRL_SLOTS];
  size_t crl_next;
};

snp_cache *snp_cache_new(void) { return calloc(1, sizeof(snp_cache)); }

void snp_cache_free(snp_cache *c) {
  if (c == NULL)
    return;
  for (size_t i = 0; i < VEK_SLOTS; i++) {
    vek_state_wipe(&c->vek[i].st);
    free(c->vek[i].chain);
  }
  for (size_t i = 0; i < CRL_SLOTS; i++)
    X509_CRL_free(c->crl[i].crl);
  free(c);
}

/* ---- helpers ---- */

/* "SEV-Milan" / "SEV-VLEK-Milan" -> product */
static snp_product product_from_issuer_cn(const char *cn) {
  snp_product p;
  if (strncmp(cn, "SEV-VLEK-", 9) == 0 && snp_product_from_name(cn + 9, &p) == 0)
    return p;
  if (strncmp(cn, "SEV-", 4) == 0 && snp_product_from_name(cn + 4, &p) == 0)
    return p;
  return SNP_PRODUCT_UNKNOWN;
}

/* productName is "Milan-B0", "Genoa", "Turin", "Milan" (VLEK): compare the
 * part before '-' only; never the stepping (a Milan-B1 has a "Milan-B0"
 * VCEK). */
static int product_name_matches(const char *name, snp_product p) {
  const char *want = snp_product_name(p);
  size_t n = strlen(want);
  return strncasecmp(name, want, n) == 0 && (name[n] == '\0' || name[n] == '-');
}

/* Parse the VEK and establish kind, issuer product, extensions and key.
 * MALFORMED for encodings, CHAIN for a certificate that cannot be a
 * VCEK/VLEK (wrong CN, wrong key type, extension profile of the other
 * kind). The parsed certificate is left in *cert (the caller wipes it) for
 * vek_check_chain: parsing it again would cost as much as the RSA-4096
 * verification (OpenSSL 3.0 decodes the public key through its provider
 * decoders). */
static int vek_prepare(const snp_endorsements *e, vek_state *st,
                       contrast_cert *cert, contrast_err *err) {
  contrast_cert c = {0};
  int rc = -1;
  const char *given = e->vek_kind == SNP_VEK_VLEK ? "VLEK" : "VCEK";
  if (contrast_cert_parse(e->vek, e->vek_len, given, &c, err) != 0)
    return -1;
  if (snp_vek_ext_parse(c.x509, &st->ext, err) != 0)
    goto out;
  char cn[128];
  if (contrast_x509_name_cn(X509_get_subject_name(c.x509), cn, sizeof cn) != 0) {
    (void)contrast_err_set(err, CONTRAST_CHAIN, "%s: no subject CN", given);
    goto out;
  }
  if (strcmp(cn, "SEV-VCEK") == 0) {
    st->kind = SNP_VEK_VCEK;
  } else if (strcmp(cn, "SEV-VLEK") == 0) {
    st->kind = SNP_VEK_VLEK;
  } else {
    (void)contrast_err_set(err, CONTRAST_CHAIN,
                           "%s: subject CN '%s' is neither SEV-VCEK nor "
                           "SEV-VLEK",
                           given, cn);
    goto out;
  }
  char icn[128];
  st->issuer_product =
      contrast_x509_name_cn(X509_get_issuer_name(c.x509), icn, sizeof icn) == 0
          ? product_from_issuer_cn(icn)
          : SNP_PRODUCT_UNKNOWN;
  if (contrast_x509_validity(c.x509, &st->nb, &st->na, err) != 0)
    goto out;
  /* Required SPL extensions (snp.md §2.3); fmc is checked once the product
   * is known. */
  static const int required[] = {SNP_SPL_BL, SNP_SPL_TEE, SNP_SPL_SNP,
                                 SNP_SPL_UCODE};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(required); i++) {
    if (!st->ext.has_spl[required[i]]) {
      (void)contrast_err_set(err, CONTRAST_MALFORMED,
                             "%s: SPL extension 1.3.6.1.4.1.3704.1.3.%d "
                             "missing",
                             given, required[i] + 1);
      goto out;
    }
  }
  uint8_t xy[96];
  if (contrast_ec_pub_xy(X509_get0_pubkey(c.x509), "secp384r1", xy, 48) != 0) {
    (void)contrast_err_set(err, CONTRAST_CHAIN, "%s: key is not ECDSA P-384",
                           given);
    goto out;
  }
  st->pub = contrast_p384_pub_new(xy);
  if (st->pub == NULL) {
    (void)contrast_err_set(err, CONTRAST_CHAIN,
                           "%s: public key is not a point on P-384", given);
    goto out;
  }
  rc = 0;
  *cert = c; /* the caller owns it from now on */
  memset(&c, 0, sizeof c);
out:
  contrast_cert_wipe(&c);
  return rc;
}

/* Kind agreement (CHAIN): the file's role, the certificate, the extension
 * profile and the report's SIGNING_KEY must all say the same. */
static int vek_check_kind(const snp_endorsements *e, const vek_state *st,
                          const snp_report *r, contrast_err *err) {
  const char *kind = st->kind == SNP_VEK_VLEK ? "VLEK" : "VCEK";
  ENSURE(st->kind == e->vek_kind, CHAIN, "a %s certificate was given as %s",
         kind, e->vek_kind == SNP_VEK_VLEK ? "vlek" : "vcek");
  if (st->kind == SNP_VEK_VCEK)
    ENSURE(st->ext.hwid_len != 0 && !st->ext.has_csp_id, CHAIN,
           "VCEK: must carry hwID and no csp_id");
  else
    ENSURE(st->ext.hwid_len == 0 && st->ext.has_csp_id, CHAIN,
           "VLEK: must carry csp_id and no hwID");
  ENSURE(r->signing_key == (unsigned)st->kind, CHAIN,
         "report SIGNING_KEY says %s but the endorsement is a %s",
         r->signing_key == SNP_SIGNING_KEY_VLEK ? "VLEK" : "VCEK", kind);
  return 0;
}

/* The chain (CHAIN): supplied cert_chain must be the pinned one; the VEK
 * must be issued and signed by the pinned ASK (VCEK) or ASVK (VLEK). */
static int check_supplied_chain(const snp_endorsements *e,
                                const snp_trust_product *tp,
                                const contrast_cert *inter, const char *iname,
                                contrast_err *err) {
  if (e->cert_chain == NULL)
    return 0;
  /* Decode generously: any count but 2 is CHAIN, not MALFORMED. */
  enum { CHAIN_MAX = 16 };
  uint8_t *der[CHAIN_MAX] = {0};
  size_t der_len[CHAIN_MAX] = {0}, n = 0;
  GUARD(contrast_pem_decode_all(e->cert_chain, e->cert_chain_len,
                                "CERTIFICATE", "cert_chain", der, der_len,
                                CHAIN_MAX,
                                &n, err));
  /* Byte equality with the pinned certificates is the whole test; a block
   * that differs is parsed only to tell MALFORMED from CHAIN. */
  const contrast_cert *want[2] = {inter, &tp->ark};
  const char *want_name[2] = {iname, "ARK"};
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    if (i < 2 && der_len[i] == want[i]->der_len &&
        memcmp(der[i], want[i]->der, der_len[i]) == 0)
      continue;
    const unsigned char *p = der[i];
    X509 *x = d2i_X509(NULL, &p, (long)der_len[i]);
    if (x == NULL || p != der[i] + der_len[i])
      rc = contrast_err_set(err, CONTRAST_MALFORMED,
                            "cert_chain: certificate %zu is not DER X.509",
                            i + 1);
    else if (i < 2)
      rc = contrast_err_set(err, CONTRAST_CHAIN,
                            "cert_chain: certificate %zu is not the pinned "
                            "%s %s",
                            i + 1, want_name[i], "(pinned by bytes)");
    X509_free(x);
  }
  if (rc == 0 && n != 2)
    rc = contrast_err_set(err, CONTRAST_CHAIN,
                          "cert_chain: %zu certificates, expected %s then ARK",
                          n, iname);
  for (size_t i = 0; i < CHAIN_MAX; i++)
    free(der[i]);
  return rc;
}

/* parsed: the VEK as vek_prepare parsed it, or empty (a cache hit for
 * another product), then it is parsed here. */
static int vek_check_chain(const snp_endorsements *e,
                           const snp_trust_product *tp,
                           const contrast_cert *inter, EVP_PKEY *inter_pub,
                           const char *iname, const contrast_cert *parsed,
                           contrast_err *err) {
  contrast_cert own = {0};
  const contrast_cert *cp = parsed;
  if (cp->x509 == NULL) {
    GUARD(contrast_cert_parse(e->vek, e->vek_len, "VEK", &own, err));
    cp = &own;
  }
  const contrast_cert c = *cp; /* borrowed view */
  int rc = -1;
  if (X509_NAME_cmp(X509_get_issuer_name(c.x509),
                    X509_get_subject_name(inter->x509)) != 0) {
    (void)contrast_err_set(err, CONTRAST_CHAIN,
                           "VEK issuer is not the pinned %s", iname);
    goto out;
  }
  char why[256];
  int ok =
      snp_pss_check(c.der, c.der_len, inter_pub, "VEK", why, sizeof why, err);
  if (ok < 0)
    goto out;
  if (!ok) {
    (void)contrast_err_set(err, CONTRAST_CHAIN, "%s (issuer: pinned %s)", why,
                           iname);
    goto out;
  }
  (void)tp;
  rc = 0;
out:
  contrast_cert_wipe(&own);
  return rc;
}

/* CRL (EXPIRED / REVOKED / COLLATERAL). */
static int check_crl(X509_CRL *crl, int sig_ok, const char *sig_why,
                     const snp_trust_product *tp, const contrast_cert *inter,
                     const char *iname, int64_t now, contrast_err *err) {
  int64_t tu, nu;
  ENSURE(sig_ok, COLLATERAL, "CRL: %s", sig_why);
  ENSURE(contrast_asn1_time_epoch(X509_CRL_get0_lastUpdate(crl), &tu) == 0,
         MALFORMED, "CRL: bad thisUpdate");
  ENSURE(X509_CRL_get0_nextUpdate(crl) != NULL, COLLATERAL,
         "CRL: no nextUpdate");
  ENSURE(contrast_asn1_time_epoch(X509_CRL_get0_nextUpdate(crl), &nu) == 0,
         MALFORMED, "CRL: bad nextUpdate");
  GUARD(contrast_check_window(tu, nu, now, "CRL", err));
  X509_REVOKED *rev = NULL;
  ENSURE(X509_CRL_get0_by_serial(crl, &rev,
                                 X509_get0_serialNumber(inter->x509)) != 1,
         REVOKED, "the pinned %s is listed in the CRL", iname);
  (void)tp;
  return 0;
}

static void crl_sig_check(X509_CRL *crl, const snp_trust_product *tp,
                          int *sig_ok, char *why, size_t cap) {
  *sig_ok = 0;
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
                    X509_get_subject_name(tp->ark.x509)) != 0) {
    (void)snprintf(why, cap, "issuer is not the pinned ARK");
    return;
  }
  if (X509_CRL_verify(crl, tp->ark_pub) != 1) {
    (void)snprintf(why, cap, "signature by the pinned ARK does not verify");
    return;
  }
  *sig_ok = 1;
}

static int check_tcb_match(const snp_verified *v, const vek_state *st,
                           contrast_err *err) {
  const snp_report *r = &v->report;
  const snp_vek_ext *x = &st->ext;
  const snp_tcb *t = &v->reported_tcb;
  if (v->product == SNP_PRODUCT_TURIN)
    ENSURE(x->has_spl[SNP_SPL_FMC], MALFORMED,
           "VEK: Turin certificate without fmcSPL (1.3.6.1.4.1.3704.1.3.9)");
  struct {
    const char *name;
    uint8_t report, cert;
  } cmp[] = {
      {"bootloader", t->bootloader, x->spl[SNP_SPL_BL]},
      {"tee", t->tee, x->spl[SNP_SPL_TEE]},
      {"snp", t->snp, x->spl[SNP_SPL_SNP]},
      {"microcode", t->microcode, x->spl[SNP_SPL_UCODE]},
      {"fmc", t->fmc, x->spl[SNP_SPL_FMC]},
  };
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(cmp); i++)
    ENSURE(cmp[i].report == cmp[i].cert, TCB_MISMATCH,
           "REPORTED_TCB %s SPL %u differs from the certificate's %u",
           cmp[i].name, cmp[i].report, cmp[i].cert);
  if (v->product != SNP_PRODUCT_TURIN) {
    /* Milan/Genoa bytes 2..5 are the KDS's spl4..spl7 (0 when absent) */
    for (int i = 0; i < 4; i++) {
      uint8_t rb = (uint8_t)(r->reported_tcb >> (16 + 8 * i));
      ENSURE(rb == x->spl[SNP_SPL_4 + i], TCB_MISMATCH,
             "REPORTED_TCB byte %d (%u) differs from the certificate's spl%d "
             "(%u)",
             2 + i, rb, 4 + i, x->spl[SNP_SPL_4 + i]);
    }
  }
  if (st->kind == SNP_VEK_VCEK) {
    size_t want = v->product == SNP_PRODUCT_TURIN ? 8 : 64;
    ENSURE(x->hwid_len == want, TCB_MISMATCH,
           "VCEK hwID is %zu bytes, %s uses %zu", x->hwid_len,
           snp_product_name(v->product), want);
    ENSURE(CRYPTO_memcmp(x->hwid, r->chip_id, want) == 0, TCB_MISMATCH,
           "CHIP_ID differs from the VCEK's hwID");
    for (size_t i = want; i < 64; i++)
      ENSURE(r->chip_id[i] == 0, TCB_MISMATCH,
             "CHIP_ID byte %zu is non-zero beyond the %zu-byte Turin hwID", i,
             want);
  }
  return 0;
}

static int report_signature(const snp_report *r, const vek_state *st,
                            contrast_err *err) {
  uint8_t digest[48];
  contrast_sha384(r->raw, SNP_SIGNED_SIZE, digest);
  ENSURE(contrast_p384_verify_le(st->pub, digest, r->signature_r,
                                 r->signature_s, 72) == 1,
         SIGNATURE,
         "report signature (ECDSA P-384 SHA-384 over bytes 0x000..0x2a0) "
         "does not verify with the %s",
         st->kind == SNP_VEK_VLEK ? "VLEK" : "VCEK");
  return 0;
}

static vek_slot *cache_find(snp_cache *c, const uint8_t key[32],
                            const snp_trust *trust) {
  if (c == NULL)
    return NULL;
  for (size_t i = 0; i < VEK_SLOTS; i++) {
    vek_slot *s = &c->vek[i];
    if (s->used && s->trust == trust && memcmp(s->key, key, 32) == 0)
      return s;
  }
  return NULL;
}

static int verify_inner(const snp_trust *trust, const uint8_t *report,
                        size_t len, const snp_endorsements *e,
                        const snp_verify_opts *o, snp_verified *v,
                        vek_state *st, int *pub_borrowed,
                        contrast_cert *vek_cert, X509_CRL **crl_out,
                        int *crl_owned, contrast_err *err) {
  GUARD(snp_report_parse(report, len, &v->report, err));
  const snp_report *r = &v->report;

  /* Cached VEK? The key covers the exact bytes given. */
  uint8_t vkey[32] = {0};
  vek_slot *hit = NULL;
  if (e->vek != NULL && o->cache != NULL) {
    contrast_sha256(e->vek, e->vek_len, vkey);
    hit = cache_find(o->cache, vkey, trust);
  }
  if (hit != NULL && hit->st.kind == e->vek_kind) {
    *st = hit->st; /* shallow: the slot keeps ownership of pub */
    *pub_borrowed = 1;
  } else {
    hit = NULL;
    if (e->vek != NULL)
      GUARD(vek_prepare(e, st, vek_cert, err));
  }

  /* CRL: parse (MALFORMED) now, judge later. */
  crl_slot *crl_hit = NULL;
  uint8_t ckey[32] = {0};
  if (e->crl != NULL) {
    if (o->cache != NULL) {
      contrast_sha256(e->crl, e->crl_len, ckey);
      for (size_t i = 0; i < CRL_SLOTS; i++)
        if (o->cache->crl[i].used && memcmp(o->cache->crl[i].key, ckey, 32) == 0)
          crl_hit = &o->cache->crl[i];
    }
    if (crl_hit != NULL) {
      *crl_out = crl_hit->crl;
      *crl_owned = 0;
    } else {
      GUARD(contrast_crl_parse(e->crl, e->crl_len, "CRL", crl_out, err));
      *crl_owned = 1;
    }
  }

  /* Product. */
  if (r->has_cpuid) {
    v->product = snp_report_product(r);
    ENSURE(v->product != SNP_PRODUCT_UNKNOWN, UNSUPPORTED,
           "report: unknown product (CPUID family 0x%02x model 0x%02x)",
           r->cpuid_fam_id, r->cpuid_mod_id);
  }
  ENSURE(e->vek != NULL, COLLATERAL,
         "no VCEK or VLEK given: the report cannot be checked");
  if (!r->has_cpuid) {
    /* v2: the product is the one of the VEK's issuer (CASES.md "Roots") */
    v->product = st->issuer_product;
    ENSURE(v->product != SNP_PRODUCT_UNKNOWN, CHAIN,
           "v2 report: the VEK's issuer names no AMD product");
  }
  if (st->ext.has_product_name)
    ENSURE(product_name_matches(st->ext.product_name, v->product), CHAIN,
           "VEK productName '%s' is not %s", st->ext.product_name,
           snp_product_name(v->product));
  v->vek_kind = st->kind;
  v->vek_ext = st->ext;
  snp_tcb_decode(r->current_tcb, v->product, &v->current_tcb);
  snp_tcb_decode(r->reported_tcb, v->product, &v->reported_tcb);
  snp_tcb_decode(r->committed_tcb, v->product, &v->committed_tcb);
  snp_tcb_decode(r->launch_tcb, v->product, &v->launch_tcb);

  GUARD(vek_check_kind(e, st, r, err));
  GUARD(report_signature(r, st, err));

  /* Chain to the pinned roots of the product. */
  const snp_trust_product *tp = &trust->products[v->product];
  ENSURE(tp->loaded, CHAIN, "no pinned %s roots in the '%s' trust store",
         snp_product_name(v->product), trust->label);
  const int vlek = st->kind == SNP_VEK_VLEK;
  const contrast_cert *inter = vlek ? &tp->asvk : &tp->ask;
  EVP_PKEY *inter_pub = vlek ? tp->asvk_pub : tp->ask_pub;
  const char *iname = vlek ? "ASVK" : "ASK";
  int64_t inb = vlek ? tp->asvk_nb : tp->ask_nb;
  int64_t ina = vlek ? tp->asvk_na : tp->ask_na;
  ENSURE(inter->x509 != NULL, CHAIN, "no pinned %s %s in the '%s' trust store",
         snp_product_name(v->product), iname, trust->label);
  /* A cache entry counts only if made for this product under the roots
   * pinned now. */
  uint8_t roots[64] = {0};
  if (o->cache != NULL) {
    /* fingerprints taken once, by snp_trust_add */
    memcpy(roots, vlek ? tp->asvk_fp : tp->ask_fp, 32);
    memcpy(roots + 32, tp->ark_fp, 32);
  }
  const int hit_same = hit != NULL && hit->product == v->product &&
                       memcmp(hit->roots, roots, sizeof roots) == 0;
  /* A hit for this product whose remembered cert_chain has the same bytes
   * passed this very check before (same trust, product and kind). */
  const int chain_seen = hit_same &&
                         e->cert_chain != NULL && hit->chain != NULL &&
                         hit->chain_len == e->cert_chain_len &&
                         memcmp(hit->chain, e->cert_chain,
                                e->cert_chain_len) == 0;
  if (!chain_seen)
    GUARD(check_supplied_chain(e, tp, inter, iname, err));
  if (!hit_same)
    GUARD(vek_check_chain(e, tp, inter, inter_pub, iname, vek_cert, err));

  /* Validity at now, inclusive bounds. */
  GUARD(contrast_check_window(st->nb, st->na, o->now,
                              vlek ? "VLEK" : "VCEK", err));
  GUARD(contrast_check_window(inb, ina, o->now, iname, err));
  GUARD(contrast_check_window(tp->ark_nb, tp->ark_na, o->now, "ARK", err));

  /* Remember the verified VEK before judging CRL and TCB, which are
   * re-checked on every call anyway. */
  if (o->cache != NULL && hit == NULL) {
    vek_slot *s = &o->cache->vek[o->cache->vek_next];
    o->cache->vek_next = (o->cache->vek_next + 1) % VEK_SLOTS;
    vek_state_wipe(&s->st);
    free(s->chain);
    s->chain = NULL;
    s->chain_len = 0;
    if (e->cert_chain != NULL && e->cert_chain_len > 0) {
      /* no copy (out of memory) only means no shortcut later */
      s->chain = malloc(e->cert_chain_len);
      if (s->chain != NULL) {
        memcpy(s->chain, e->cert_chain, e->cert_chain_len);
        s->chain_len = e->cert_chain_len;
      }
    }
    s->used = 1;
    memcpy(s->key, vkey, 32);
    s->trust = trust;
    s->product = v->product;
    memcpy(s->roots, roots, sizeof roots);
    s->st = *st; /* the slot owns pub from now on */
    *pub_borrowed = 1;
    hit = s;
  }

  if (*crl_out != NULL) {
    int sig_ok;
    char why[160] = ""; /* crl_sig_check writes it only on failure */
    if (crl_hit != NULL && crl_hit->issuer == tp &&
        memcmp(crl_hit->ark_fp, roots + 32, 32) == 0) {
      sig_ok = crl_hit->sig_ok;
      (void)snprintf(why, sizeof why, "%s", crl_hit->why);
    } else {
      crl_sig_check(*crl_out, tp, &sig_ok, why, sizeof why);
      if (o->cache != NULL && crl_hit == NULL) {
        crl_slot *s = &o->cache->crl[o->cache->crl_next];
        o->cache->crl_next = (o->cache->crl_next + 1) % CRL_SLOTS;
        X509_CRL_free(s->crl);
        s->used = 1;
        memcpy(s->key, ckey, 32);
        s->issuer = tp;
        memcpy(s->ark_fp, roots + 32, 32);
        s->crl = *crl_out;
        s->sig_ok = sig_ok;
        (void)snprintf(s->why, sizeof s->why, "%s", why);
        *crl_owned = 0;
      }
    }
    GUARD(check_crl(*crl_out, sig_ok, why, tp, inter, iname, o->now, err));
  } else {
    ENSURE(!o->require_crl, COLLATERAL,
           "require_crl: no CRL given for the %s", iname);
  }

  GUARD(check_tcb_match(v, st, err));
  return 0;
}

int snp_verify(const snp_trust *trust, const uint8_t *report, size_t len,
               const snp_endorsements *e, const snp_verify_opts *o,
               snp_verified *out, contrast_err *err) {
  memset(out, 0, sizeof *out);
  vek_state st;
  memset(&st, 0, sizeof st);
  X509_CRL *crl = NULL;
  contrast_cert vek_cert = {0};
  int crl_owned = 0, pub_borrowed = 0;
  int rc = verify_inner(trust, report, len, e, o, out, &st, &pub_borrowed,
                        &vek_cert, &crl, &crl_owned, err);
  contrast_cert_wipe(&vek_cert);
  /* st.pub is owned here unless it came from (or went to) the cache */
  if (!pub_borrowed)
    contrast_p384_pub_free(st.pub);
  if (crl_owned)
    X509_CRL_free(crl);
  return rc;
}
