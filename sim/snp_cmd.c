/* Placeholder: contrast-sim snp ... (being written). */
#include <stdio.h>

#include "sim.h"

int sim_cmd_snp(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("contrast-sim snp: not implemented yet\n", stderr);
  return 2;
}
