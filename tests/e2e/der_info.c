/* contrast-der-info: what the e2e shell tests need to know about a DER
 * certificate or CRL, without an openssl binary:
 *
 *   contrast-der-info cert FILE   subject=CN=... notBefore=EPOCH notAfter=EPOCH
 *   contrast-der-info crl FILE [ISSUER]
 *                                 thisUpdate=EPOCH nextUpdate=EPOCH revoked=N
 *                                 [signature=ok|bad]  (ISSUER: a PEM cert)
 *
 * One line on stdout. Exit 1 when FILE is not exactly one DER object of
 * that kind (trailing bytes included), 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static long long epoch_of(const ASN1_TIME *t) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
    return -1;
  return (long long)timegm(&tm);
}

int main(int argc, char **argv) {
  int is_cert = argc >= 2 && strcmp(argv[1], "cert") == 0;
  int is_crl = argc >= 2 && strcmp(argv[1], "crl") == 0;
  if (!((is_cert && argc == 3) || (is_crl && (argc == 3 || argc == 4)))) {
    fputs("usage: contrast-der-info cert FILE | crl FILE [ISSUER]\n", stderr);
    return 2;
  }
  FILE *f = fopen(argv[2], "rb");
  if (f == NULL) {
    perror(argv[2]);
    return 2;
  }
  static unsigned char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  const unsigned char *p = buf;
  if (strcmp(argv[1], "cert") == 0) {
    X509 *x = d2i_X509(NULL, &p, (long)n);
    if (x == NULL || p != buf + n) {
      fprintf(stderr, "%s: not one DER certificate\n", argv[2]);
      X509_free(x);
      return 1;
    }
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof subject);
    printf("subject=%s notBefore=%lld notAfter=%lld\n", subject,
           epoch_of(X509_get0_notBefore(x)), epoch_of(X509_get0_notAfter(x)));
    X509_free(x);
    return 0;
  }
  X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)n);
  if (c == NULL || p != buf + n) {
    fprintf(stderr, "%s: not one DER CRL\n", argv[2]);
    X509_CRL_free(c);
    return 1;
  }
  const STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(c);
  printf("thisUpdate=%lld nextUpdate=%lld revoked=%d",
         epoch_of(X509_CRL_get0_lastUpdate(c)),
         epoch_of(X509_CRL_get0_nextUpdate(c)),
         rev != NULL ? sk_X509_REVOKED_num(rev) : 0);
  if (argc == 4) {
    FILE *fi = fopen(argv[3], "r");
    X509 *issuer = fi != NULL ? PEM_read_X509(fi, NULL, NULL, NULL) : NULL;
    if (fi != NULL)
      fclose(fi);
    EVP_PKEY *k = issuer != NULL ? X509_get0_pubkey(issuer) : NULL;
    printf(" signature=%s", k != NULL && X509_CRL_verify(c, k) == 1 ? "ok"
                                                                  : "bad");
    X509_free(issuer);
  }
  printf("\n");
  X509_CRL_free(c);
  return 0;
}
