/* Fake guest devices for the attester suites (test_tsm.c, snp/ and tdx/
 * test_attest.c), linked into the test binary itself.
 *
 * The binary defines mkdir, rmdir, open and ioctl; calls from the static
 * contrast libraries bind to these definitions, which pass through to the
 * kernel (raw syscalls) unless a fake is armed:
 *  - fake_tsm: a mkdir directly below fake_tsm.root creates the attribute
 *    files of a configfs-tsm entry (provider, generation, inblob,
 *    privlevel, outblob, auxblob, as configured); each open of inblob or
 *    privlevel for writing counts as a write, and every open of generation
 *    rewrites it as gen0 + writes (+ race once something was written);
 *    rmdir records what was written and empties the entry first.
 *  - fake_sg: ioctls on any fd answer from a script of steps, the way
 *    /dev/sev-guest would (status, exitinfo2, certs_len written back, the
 *    certificate buffer filled), and record every request. */
#ifndef CONTRAST_FAKEDEV_H
#define CONTRAST_FAKEDEV_H

#include <stddef.h>
#include <stdint.h>

typedef struct fake_tsm_cfg {
  int active;
  char root[256];           /* the fake report directory */
  const char *provider;     /* text of `provider` (NULL: no file) */
  const char *generation;   /* literal text of `generation`, or NULL: gen0 */
  unsigned long long gen0;  /* the generation at mkdir */
  unsigned race;            /* added to the generation once written */
  int mkdir_errno;          /* non-zero: mkdir of an entry fails so */
  const uint8_t *outblob;   /* NULL: no outblob file */
  size_t outblob_len;
  const uint8_t *auxblob;   /* NULL: no auxblob file */
  size_t auxblob_len;
  /* recorded */
  unsigned mkdirs, rmdirs, writes;
  uint8_t inblob[128];
  size_t inblob_len;
  char privlevel[32];
} fake_tsm_cfg;

extern fake_tsm_cfg fake_tsm;

#define FAKE_SG_STEPS 8

typedef struct fake_sg_step {
  int err;                 /* errno of the call, 0: success */
  uint64_t exitinfo2;      /* written back when non-zero */
  uint32_t certs_len_back; /* written into the ext request when non-zero */
  uint32_t status;         /* MSG_REPORT_RSP STATUS on success */
  uint32_t report_size;    /* MSG_REPORT_RSP REPORT_SIZE (0: 0x4A0) */
  const uint8_t *certs;    /* copied into the certificate buffer */
  size_t certs_len;
} fake_sg_step;

typedef struct fake_sg_cfg {
  int active;
  size_t n;
  fake_sg_step steps[FAKE_SG_STEPS];
  /* recorded per call */
  size_t calls;
  unsigned long nr[FAKE_SG_STEPS];
  uint8_t msg_version[FAKE_SG_STEPS];
  uint32_t vmpl[FAKE_SG_STEPS];
  uint32_t certs_len[FAKE_SG_STEPS]; /* ext requests only */
  int has_certs_addr[FAKE_SG_STEPS];
  uint8_t user_data[64];
} fake_sg_cfg;

extern fake_sg_cfg fake_sg;

/* The report the fake puts at 0x20 of the response: byte i is
 * (uint8_t)(i * 3 + 1), REPORT_DATA (0x50..0x8F) is the request's
 * user_data. */
void fake_sg_expected_report(const uint8_t user_data[64], uint8_t out[1184]);

void fake_reset(void);

/* Remove dir and everything below it (two levels are enough here). Not
 * test_rmtree: this one must get past the fake rmdir above, straight to
 * the kernel. Temp directories themselves: test_tmpdir (testsupport.h). */
void fake_rmtree(const char *dir);

#endif
