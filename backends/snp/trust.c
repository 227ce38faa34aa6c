/* The pinned AMD roots per product (spec/CASES.md "Roots"). The ARK's own
 * signature and its signatures over the ASK and ASVK are checked once, when
 * the roots are pinned, so a verification only checks what the evidence
 * brings. */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "contrast/snp.h"
#include "guard.h"
#include "snp_internal.h"

/* DER content of OID 1.2.840.113549.1.1.10 (id-RSASSA-PSS) */
static const uint8_t OID_RSASSA_PSS[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                         0x0d, 0x01, 0x01, 0x0a};

int snp_pss_check(const uint8_t *der, size_t der_len, EVP_PKEY *issuer,
                  const char *what, char *why, size_t why_cap,
                  contrast_err *err) {
  contrast_signed_der s;
  contrast_err local;
  contrast_err_clear(&local);
  if (contrast_der_split_signed(der, der_len, what, &s, &local) != 0) {
    /* Truncating the 384-byte detail into why is intended; copied by hand
     * because gcc -O3 flags snprintf("%s") here (-Wformat-truncation),
     * which broke Release builds under -Werror. */
    if (why_cap > 0) {
      size_t n = strnlen(local.detail, why_cap - 1);
      memcpy(why, local.detail, n);
      why[n] = '\0';
    }
    return 0;
  }
  if (s.alg_oid_len != sizeof OID_RSASSA_PSS ||
      memcmp(s.alg_oid, OID_RSASSA_PSS, sizeof OID_RSASSA_PSS) != 0) {
    (void)snprintf(why, why_cap, "%s: signature algorithm is not RSASSA-PSS",
                   what);
    return 0;
  }
  int ok = contrast_rsa_pss_verify(issuer, EVP_sha384(), 48, s.tbs, s.tbs_len,
                                   s.sig, s.sig_len, err);
  if (ok < 0)
    return -1;
  if (!ok)
    (void)snprintf(why, why_cap,
                   "%s: RSASSA-PSS SHA-384 signature does not verify", what);
  return ok;
}

void snp_trust_init(snp_trust *t, const char *label) {
  memset(t, 0, sizeof *t);
  t->label = label;
}

static void product_wipe(snp_trust_product *p) {
  contrast_cert_wipe(&p->ark);
  contrast_cert_wipe(&p->ask);
  contrast_cert_wipe(&p->asvk);
  memset(p, 0, sizeof *p);
}

void snp_trust_wipe(snp_trust *t) {
  if (t == NULL)
    return;
  for (int i = 0; i < SNP_PRODUCT_COUNT_; i++)
    product_wipe(&t->products[i]);
}

static int pin_signed(contrast_cert *c, const contrast_cert *ark,
                      EVP_PKEY *ark_pub, const char *what, EVP_PKEY **pub,
                      int64_t *nb, int64_t *na, contrast_err *err) {
  char why[256];
  ENSURE(X509_NAME_cmp(X509_get_issuer_name(c->x509),
                       X509_get_subject_name(ark->x509)) == 0,
         E_UNUSABLE, "pinned %s: issuer is not the pinned ARK", what);
  int ok = snp_pss_check(c->der, c->der_len, ark_pub, what, why, sizeof why,
                         err);
  if (ok < 0)
    return -1;
  ENSURE(ok == 1, E_UNUSABLE, "pinned %s: not signed by the ARK: %s", what,
         why);
  *pub = X509_get0_pubkey(c->x509);
  ENSURE(*pub != NULL, E_UNUSABLE, "pinned %s: unreadable public key", what);
  contrast_err local;
  contrast_err_clear(&local);
  ENSURE(contrast_x509_validity(c->x509, nb, na, &local) == 0, E_UNUSABLE,
         "pinned %s: %s", what, local.detail);
  return 0;
}

static int add_product(snp_trust_product *p, const uint8_t *ark,
                       size_t ark_len, const uint8_t *ask, size_t ask_len,
                       const uint8_t *asvk, size_t asvk_len,
                       contrast_err *err) {
  contrast_err local;
  contrast_err_clear(&local);
  ENSURE(contrast_cert_parse(ark, ark_len, "pinned ARK", &p->ark, &local) == 0,
         E_UNUSABLE, "%s", local.detail);
  ENSURE(contrast_cert_parse(ask, ask_len, "pinned ASK", &p->ask, &local) == 0,
         E_UNUSABLE, "%s", local.detail);
  if (asvk != NULL)
    ENSURE(contrast_cert_parse(asvk, asvk_len, "pinned ASVK", &p->asvk,
                               &local) == 0,
           E_UNUSABLE, "%s", local.detail);
  p->ark_pub = X509_get0_pubkey(p->ark.x509);
  ENSURE(p->ark_pub != NULL, E_UNUSABLE, "pinned ARK: unreadable key");
  ENSURE(X509_NAME_cmp(X509_get_issuer_name(p->ark.x509),
                       X509_get_subject_name(p->ark.x509)) == 0,
         E_UNUSABLE, "pinned ARK: not self-issued");
  char why[256];
  int ok = snp_pss_check(p->ark.der, p->ark.der_len, p->ark_pub, "pinned ARK",
                         why, sizeof why, err);
  if (ok < 0)
    return -1;
  ENSURE(ok == 1, E_UNUSABLE, "pinned ARK: bad self-signature: %s", why);
  ENSURE(contrast_x509_validity(p->ark.x509, &p->ark_nb, &p->ark_na,
                                &local) == 0,
         E_UNUSABLE, "pinned ARK: %s", local.detail);
  GUARD(pin_signed(&p->ask, &p->ark, p->ark_pub, "ASK", &p->ask_pub,
                   &p->ask_nb, &p->ask_na, err));
  if (asvk != NULL)
    GUARD(pin_signed(&p->asvk, &p->ark, p->ark_pub, "ASVK", &p->asvk_pub,
                     &p->asvk_nb, &p->asvk_na, err));
  contrast_sha256(p->ark.der, p->ark.der_len, p->ark_fp);
  contrast_sha256(p->ask.der, p->ask.der_len, p->ask_fp);
  if (asvk != NULL)
    contrast_sha256(p->asvk.der, p->asvk.der_len, p->asvk_fp);
  return 0;
}

int snp_trust_add(snp_trust *t, snp_product product, const uint8_t *ark,
                  size_t ark_len, const uint8_t *ask, size_t ask_len,
                  const uint8_t *asvk, size_t asvk_len, contrast_err *err) {
  ENSURE(product > SNP_PRODUCT_UNKNOWN && product < SNP_PRODUCT_COUNT_,
         E_USAGE, "snp_trust_add: bad product");
  snp_trust_product *p = &t->products[product];
  product_wipe(p);
  if (add_product(p, ark, ark_len, ask, ask_len, asvk, asvk_len, err) != 0) {
    product_wipe(p);
    return -1;
  }
  p->loaded = 1;
  return 0;
}
