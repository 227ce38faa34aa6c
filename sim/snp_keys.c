/* Placeholder: the simulated AMD hierarchy (being written). */
#include "guard.h"
#include "sim.h"

int sim_snp_keys_init(const char *dir, contrast_err *err) {
  BAIL(E_INTERNAL, "%s: the simulated AMD PKI is not implemented yet", dir);
}
