/* contrast-sim: the simulated vendors' command-line tool. */
#include <stdio.h>
#include <string.h>

#include "sim.h"

static void usage(FILE *f) {
  fputs("usage: contrast-sim <command> ...\n"
        "\n"
        "  keys init DIR             a complete simulated vendor PKI in DIR\n"
        "                            (verifiers pin DIR/roots with --trust-sim)\n"
        "  snp report ...            build and sign an SNP attestation report\n"
        "  tdx quote ...             build and sign a TDX quote\n"
        "  tdx collateral ...        TCB info, QE identity, CRLs, issuer chains\n"
        "  vectors DIR               write the generated case corpus\n"
        "  tsm --keys DIR --tee snp|tdx --mount M\n"
        "                            a simulated configfs-tsm (FUSE) at M\n"
        "  kds --keys DIR --listen ADDR  a simulated AMD KDS\n"
        "  pcs --keys DIR --listen ADDR  a simulated Intel PCS\n"
        "  tls init DIR              a test CA and a localhost server cert\n"
        "\n"
        "Every command takes --help. The simulator's keys are test keys: they\n"
        "are never among a verifier's built-in roots.\n",
        f);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(cmd, "keys") == 0)
    return sim_cmd_keys(argc - 1, argv + 1);
  if (strcmp(cmd, "snp") == 0)
    return sim_cmd_snp(argc - 1, argv + 1);
  if (strcmp(cmd, "tdx") == 0)
    return sim_cmd_tdx(argc - 1, argv + 1);
  if (strcmp(cmd, "vectors") == 0)
    return sim_cmd_vectors(argc - 1, argv + 1);
  if (strcmp(cmd, "tsm") == 0)
    return sim_cmd_tsm(argc - 1, argv + 1);
  if (strcmp(cmd, "kds") == 0)
    return sim_cmd_kds(argc - 1, argv + 1);
  if (strcmp(cmd, "pcs") == 0)
    return sim_cmd_pcs(argc - 1, argv + 1);
  if (strcmp(cmd, "tls") == 0)
    return sim_cmd_tls(argc - 1, argv + 1);
  fprintf(stderr, "contrast-sim: unknown command '%s'\n", cmd);
  usage(stderr);
  return 2;
}
