/* contrast: the command-line tool (DESIGN.md "Command surface"). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f) {
  fputs("usage: contrast <command> ...\n"
        "\n"
        "commands:\n"
        "  evidence verify [--json] [--trust-sim DIR] CASE_DIR\n"
        "  evidence verify --snp REPORT [--vcek F | --vlek F] [--cert-chain F]\n"
        "                  [--crl F] [--policy F] [--now T] [--json]\n"
        "  evidence verify --tdx QUOTE [--collateral DIR] [--policy F] [--now T]\n"
        "                  [--json]\n"
        "    --fetch       get missing endorsements from AMD's KDS / Intel's PCS\n"
        "                  through the cache (any form above), with\n"
        "                  [--kds-url URL] [--pcs-url URL] [--root-crl-url URL]\n"
        "                  [--ca-file F] [--cache-dir DIR] [--offline | --no-cache]\n"
        "                  [--product milan|genoa|turin]  (v2 SNP reports)\n"
        "  evidence show [--json] FILE\n"
        "  evidence fetch --tee snp|tdx --report-data HEX [-o FILE]\n"
        "                 [--endorsements DIR] [--via auto|tsm|ioctl]\n"
        "                 [--vmpl N] [--no-certs] [--tdreport]\n"
        "\n"
        "exit status of evidence verify: 0 accept, 1 reject, 2 unusable input\n"
        "exit status of evidence fetch: 0 ok, 1 device failure, 2 bad usage\n",
        f);
}

int main(int argc, char **argv) {
  if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
                    strcmp(argv[1], "--help") == 0)) {
    usage(stdout);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "evidence") == 0)
    return cli_evidence(argc - 1, argv + 1);
  usage(stderr);
  return 2;
}
