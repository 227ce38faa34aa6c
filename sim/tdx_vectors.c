/* Placeholder: the TDX corpus generator (being written). */
#include "guard.h"
#include "sim.h"

int sim_tdx_vectors(const char *keysdir, const char *outdir, size_t *count,
                    contrast_err *err) {
  (void)keysdir;
  *count = 0;
  BAIL(E_INTERNAL, "%s: TDX vectors not implemented yet", outdir);
}
