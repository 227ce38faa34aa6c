/* Helpers shared by the simulator's suites: temporary directories, a keys
 * directory made from the fixed test keys of tests/data (so no suite waits
 * for RSA-4096 generation), running a contrast-sim command in process, and
 * verifying what it wrote. Failures of the helpers themselves abort the
 * test (CU_*_FATAL). */
#ifndef CONTRAST_SIMTEST_H
#define CONTRAST_SIMTEST_H

#include <stddef.h>
#include <stdint.h>

#include "contrast/evidence.h"
#include "snp_pki.h"

#define ST_LEN(a) (sizeof(a) / sizeof((a)[0]))
#ifndef CONTRAST_ARRAY_LEN /* guard.h's, for suites that do not include it */
#define CONTRAST_ARRAY_LEN(a) ST_LEN(a)
#endif

/* A new directory below $TMPDIR (or /tmp) named contrast-<tag>-XXXXXX
 * into out (at least 256 bytes). */
void st_tmpdir(const char *tag, char *out);
/* rm -rf (asserts success). */
void st_rmtree(const char *path);

/* The test root keys of tests/data as sim_snp_root_keys (borrowed from
 * the test PKI; freed by tp_cleanup). */
sim_snp_root_keys st_root_keys(void);
/* `keys init`, AMD half, with the test root keys into dir. */
void st_keys_init(const char *dir);

/* Run a command function with argv[0] = word and the NULL-terminated
 * args; returns its exit status. */
int st_run(int (*cmd)(int, char **), const char *word, const char *const *args);

/* path_join into out (4096 bytes). */
void st_path(char *out, const char *dir, const char *name);
/* Read a file (asserts success); caller frees. */
uint8_t *st_read(const char *path, size_t *len);
int st_exists(const char *path);
/* File mode bits (0 when absent). */
unsigned st_mode(const char *path);

/* The simulator's roots in dir/roots as a trust store (label "sim"). */
void st_trust_sim(const char *keysdir, contrast_trust *t);

/* Verify a report with one VEK file (DER or PEM) against trust at now
 * with an optional policy; returns the verdict's reason (CONTRAST_OK on
 * accept). */
contrast_code st_verify(const snp_trust *t, const char *report_path,
                        const char *vek_path, snp_vek_kind kind,
                        const json_t *policy, int64_t now);

#endif
