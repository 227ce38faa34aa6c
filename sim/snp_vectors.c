/* Placeholder: the SNP corpus generator (being written). */
#include "guard.h"
#include "sim.h"

int sim_snp_vectors(const char *keysdir, const char *outdir, size_t *count,
                    contrast_err *err) {
  (void)keysdir;
  *count = 0;
  BAIL(E_INTERNAL, "%s: SNP vectors not implemented yet", outdir);
}
