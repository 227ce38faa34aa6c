/* Placeholder: contrast-sim tdx ... (being written). */
#include <stdio.h>

#include "sim.h"

int sim_cmd_tdx(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("contrast-sim tdx: not implemented yet\n", stderr);
  return 2;
}
