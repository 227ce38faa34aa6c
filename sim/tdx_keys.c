/* Placeholder: the simulated Intel hierarchy (being written). */
#include "guard.h"
#include "sim.h"

int sim_tdx_keys_init(const char *dir, contrast_err *err) {
  BAIL(E_INTERNAL, "%s: the simulated Intel PKI is not implemented yet", dir);
}
