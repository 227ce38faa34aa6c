/* Placeholder: contrast-sim vectors DIR (being written). */
#include <stdio.h>

#include "sim.h"

int sim_cmd_vectors(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("contrast-sim vectors: not implemented yet\n", stderr);
  return 2;
}
