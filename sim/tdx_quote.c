/* DCAP quotes of the simulated TD Quoting Enclave: v4 (spec/tdx.md §1) and
 * v5 with a body descriptor (§2), ECDSA-256-with-P-256 attestation key,
 * certification data type 6 (QE report, its signature by the PCK key, QE
 * auth data) wrapping type 5 (the PEM PCK chain), §1.4-§1.6. */
#include <string.h>

#include <openssl/evp.h>

#include "guard.h"
#include "tdx_pki.h"

/* QVL INTEL_QE_VENDOR_ID (tdx.md §1.2) */
static const uint8_t INTEL_QE_VENDOR[16] = {0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c,
                                            0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3,
                                            0x95, 0x7f, 0x06, 0x07};

void sim_tdx_quote_init(sim_tdx_quote_spec *q, uint16_t version,
                        uint16_t body_type) {
  memset(q, 0, sizeof *q);
  q->version = version;
  q->body_type = version == 4 ? 2 : body_type;
  q->att_key_type = 2;
  q->tee_type = 0x81;
  memcpy(q->qe_vendor, INTEL_QE_VENDOR, 16);
  for (size_t i = 0; i < 16; i++) /* QE ID (§1.2 user_data) */
    q->user_data[i] = (uint8_t)(0xc3 ^ (23 * i));
  uint8_t *b = q->body;
  b[SIM_B_TEE_TCB_SVN + 0] = 5;
  b[SIM_B_TEE_TCB_SVN + 1] = 1;
  b[SIM_B_TEE_TCB_SVN + 2] = 2;
  for (size_t i = 0; i < 48; i++) {
    b[SIM_B_MR_SEAM + i] = (uint8_t)(0x5a ^ (3 * i));
    b[SIM_B_MR_TD + i] = (uint8_t)(0x20 + i);
    b[SIM_B_MR_CONFIG_ID + i] = (uint8_t)(0xc0 ^ i);
    for (size_t r = 0; r < 4; r++)
      b[SIM_B_RTMR0 + 48 * r + i] = (uint8_t)((0x40 + 16 * r) ^ (5 * i));
  }
  b[SIM_B_TD_ATTRIBUTES + 3] = 0x10; /* SEPT_VE_DISABLE (bit 28) */
  static const uint8_t xfam[8] = {0xe7, 0x02, 0x06, 0, 0, 0, 0, 0};
  memcpy(b + SIM_B_XFAM, xfam, 8);
  for (size_t i = 0; i < 64; i++)
    b[SIM_B_REPORT_DATA + i] = (uint8_t)(0x80 + i);
  memcpy(b + SIM_B_TEE_TCB_SVN2, b + SIM_B_TEE_TCB_SVN, 16);
  /* the QE report of a TD_QE (tdx.md §1.5, §5.3) */
  uint8_t *r = q->qe_report;
  sim_tdx_sgx_ext x = sim_tdx_sgx_ext_default();
  memcpy(r + SIM_QE_CPU_SVN, x.cpusvn, 16);
  r[SIM_QE_ATTRIBUTES] = 0x15;
  r[SIM_QE_ATTRIBUTES + 8] = 0xe7;
  for (size_t i = 0; i < 32; i++)
    r[SIM_QE_MR_ENCLAVE + i] = (uint8_t)(0x77 ^ (7 * i));
  sim_tdx_qe_identity qi = sim_tdx_qe_identity_default();
  memcpy(r + SIM_QE_MR_SIGNER, qi.mrsigner, 32);
  r[SIM_QE_ISV_PROD_ID] = 2;
  r[SIM_QE_ISV_SVN] = 4;
  q->qe_auth_len = 32;
  for (size_t i = 0; i < 32; i++)
    q->qe_auth[i] = (uint8_t)i;
  q->attest_key = SIM_TDX_KEY_ATTEST;
  q->binding_key = SIM_TDX_KEY_ATTEST;
  q->qe_signer = SIM_TDX_KEY_PCK;
  q->cert_type = 6;
  q->inner_type = 5;
  q->chain_nul = 1;
}

size_t sim_tdx_quote_body_off(const sim_tdx_quote_spec *q) {
  return q->version == 5 ? 54 : 48;
}

size_t sim_tdx_quote_body_len(const sim_tdx_quote_spec *q) {
  if (q->version != 5)
    return TDX_BODY10_SIZE;
  return q->body_type == 3   ? TDX_BODY15_SIZE
         : q->body_type == 1 ? TDX_QE_REPORT_SIZE
                             : TDX_BODY10_SIZE;
}

size_t sim_tdx_quote_signed_len(const sim_tdx_quote_spec *q) {
  return sim_tdx_quote_body_off(q) + sim_tdx_quote_body_len(q);
}

static uint32_t with_delta(size_t n, int delta) {
  return (uint32_t)((long long)n + delta);
}

static int assemble(sim_tdx_pki *pki, const sim_tdx_quote_spec *q,
                    sim_buf *b, sim_buf *cd, sim_buf *sd, contrast_err *err) {
  size_t start = b->len;
  /* header (§1.2) */
  sim_buf_u16(b, q->version);
  sim_buf_u16(b, q->att_key_type);
  sim_buf_u32(b, q->tee_type);
  sim_buf_put(b, q->header_reserved, 4);
  sim_buf_put(b, q->qe_vendor, 16);
  sim_buf_put(b, q->user_data, 20);
  /* v5 body descriptor (§2) */
  size_t body_len = sim_tdx_quote_body_len(q);
  if (q->version == 5) {
    sim_buf_u16(b, q->body_type);
    sim_buf_u32(b, q->body_size_set ? q->body_size : (uint32_t)body_len);
  }
  sim_buf_put(b, q->body, body_len);
  GUARD(sim_buf_check(b, err));
  uint8_t quote_sig[64];
  GUARD(sim_tdx_sign_raw(pki, q->attest_key, b->p + start, b->len - start,
                         quote_sig, err));
  if (q->corrupt_quote_sig)
    quote_sig[63] ^= 0x01;

  uint8_t key[64], bind[64];
  if (q->attest_raw_set) {
    memcpy(key, q->attest_raw, 64);
    memcpy(bind, q->attest_raw, 64);
  } else {
    GUARD(sim_tdx_pki_key_xy(pki, q->attest_key, key, err));
    GUARD(sim_tdx_pki_key_xy(pki, q->binding_key, bind, err));
  }
  /* QE report data: SHA-256(attestation key || QE auth data) || zeros
   * (§1.6 item 3) */
  uint8_t report[TDX_QE_REPORT_SIZE];
  memcpy(report, q->qe_report, sizeof report);
  ENSURE(q->qe_auth_len <= sizeof q->qe_auth, E_USAGE,
         "QE auth data longer than %zu bytes", sizeof q->qe_auth);
  if (!q->keep_qe_report_data) {
    uint8_t m[64 + 64];
    unsigned int dlen = 0;
    memcpy(m, bind, 64);
    memcpy(m + 64, q->qe_auth, q->qe_auth_len);
    ENSURE(EVP_Digest(m, 64 + q->qe_auth_len, report + SIM_QE_REPORT_DATA,
                      &dlen, EVP_sha256(), NULL) == 1,
           E_CRYPTO, "SHA-256 failed");
    memset(report + SIM_QE_REPORT_DATA + 32, q->qe_rd_tail, 32);
  }
  uint8_t qe_sig[64];
  GUARD(sim_tdx_sign_raw(pki, q->qe_signer, report, sizeof report, qe_sig,
                         err));
  if (q->corrupt_qe_sig)
    qe_sig[63] ^= 0x01;

  /* QE report certification data (§1.4) */
  sim_buf_put(cd, report, sizeof report);
  sim_buf_put(cd, qe_sig, 64);
  sim_buf_u16(cd, (uint16_t)q->qe_auth_len);
  sim_buf_put(cd, q->qe_auth, q->qe_auth_len);
  sim_buf_u16(cd, q->inner_type);
  size_t inner = q->pck_chain_len + (q->chain_nul ? 1 : 0);
  sim_buf_u32(cd, with_delta(inner, q->inner_size_delta));
  sim_buf_put(cd, q->pck_chain, q->pck_chain_len);
  if (q->chain_nul) {
    static const uint8_t nul = 0;
    sim_buf_put(cd, &nul, 1);
  }
  /* signature data */
  sim_buf_put(sd, quote_sig, 64);
  sim_buf_put(sd, key, 64);
  sim_buf_u16(sd, q->cert_type);
  sim_buf_u32(sd, with_delta(cd->len, q->cert_size_delta));
  sim_buf_put(sd, cd->p, cd->len);
  sim_buf_u32(b, with_delta(sd->len, q->sig_len_delta));
  sim_buf_put(b, sd->p, sd->len);
  static const uint8_t zeros[256] = {0};
  for (size_t left = q->trailing; left > 0;) {
    size_t n = left < sizeof zeros ? left : sizeof zeros;
    sim_buf_put(b, zeros, n);
    left -= n;
  }
  GUARD(sim_buf_check(cd, err));
  GUARD(sim_buf_check(sd, err));
  return sim_buf_check(b, err);
}

int sim_tdx_quote_build(sim_tdx_pki *pki, const sim_tdx_quote_spec *q,
                        sim_buf *out, contrast_err *err) {
  sim_buf cd = {0}, sd = {0};
  int rc = assemble(pki, q, out, &cd, &sd, err);
  sim_buf_free(&cd);
  sim_buf_free(&sd);
  return rc;
}
