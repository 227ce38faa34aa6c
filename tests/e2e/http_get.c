/* http-get: the e2e tests' HTTP client (libcurl; no curl binary needed).
 *
 *   http-get [--ca-file F] [--header-out FILE] [--out FILE]
 *            [--max-time SECONDS] [--method M] URL
 *
 * The body goes to stdout, or to FILE with --out. The HTTP status is
 * printed as one line `status N`: on stdout with --out, else on stderr.
 * --header-out writes the response header lines as received. Exit status:
 * 0 when the transfer completed (whatever the HTTP status), 2 on bad usage,
 * else libcurl's error code (18 = CURLE_PARTIAL_FILE, 60 = a certificate
 * the CA file does not vouch for). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

static size_t write_to(char *p, size_t size, size_t n, void *arg) {
  return fwrite(p, size, n, (FILE *)arg) * size;
}

static int usage(void) {
  fputs("usage: http-get [--ca-file F] [--header-out FILE] [--out FILE] "
        "[--max-time SECONDS] [--method M] URL\n",
        stderr);
  return 2;
}

int main(int argc, char **argv) {
  const char *ca = NULL, *hdr_path = NULL, *out_path = NULL, *url = NULL;
  const char *method = NULL;
  long max_time = 60;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-') {
      if (url != NULL)
        return usage();
      url = a;
      continue;
    }
    if (i + 1 >= argc)
      return usage();
    if (strcmp(a, "--ca-file") == 0)
      ca = argv[++i];
    else if (strcmp(a, "--header-out") == 0)
      hdr_path = argv[++i];
    else if (strcmp(a, "--out") == 0)
      out_path = argv[++i];
    else if (strcmp(a, "--method") == 0)
      method = argv[++i];
    else if (strcmp(a, "--max-time") == 0)
      max_time = strtol(argv[++i], NULL, 10);
    else
      return usage();
  }
  if (url == NULL)
    return usage();
  FILE *body = out_path != NULL ? fopen(out_path, "wb") : stdout;
  FILE *hdr = hdr_path != NULL ? fopen(hdr_path, "wb") : NULL;
  if (body == NULL || (hdr_path != NULL && hdr == NULL)) {
    perror("http-get");
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 2;
  CURL *c = curl_easy_init();
  if (c == NULL)
    return 2;
  char errbuf[CURL_ERROR_SIZE] = "";
  (void)curl_easy_setopt(c, CURLOPT_URL, url);
  (void)curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  (void)curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_to);
  (void)curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
  (void)curl_easy_setopt(c, CURLOPT_TIMEOUT, max_time);
  (void)curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  (void)curl_easy_setopt(c, CURLOPT_PROXY, "");
  if (hdr != NULL) {
    (void)curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, write_to);
    (void)curl_easy_setopt(c, CURLOPT_HEADERDATA, hdr);
  }
  if (ca != NULL)
    (void)curl_easy_setopt(c, CURLOPT_CAINFO, ca);
  if (method != NULL)
    (void)curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  (void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  fflush(body);
  fprintf(out_path != NULL ? stdout : stderr, "status %ld\n", status);
  if (rc != CURLE_OK)
    fprintf(stderr, "http-get: curl error %d: %s\n", (int)rc,
            errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));
  curl_easy_cleanup(c);
  curl_global_cleanup();
  if (hdr != NULL)
    fclose(hdr);
  if (out_path != NULL)
    fclose(body);
  return rc == CURLE_OK ? 0 : (int)rc;
}
