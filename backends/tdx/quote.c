/* Quote codec: spec/tdx.md §1 (v4 layout, header, body, signature data,
 * QE report certification data), §2 (v5 body descriptor and TDX 1.5 body). */
#include <string.h>

#include "contrast/reader.h"
#include "contrast/tdx.h"
#include "contrast/util.h"
#include "guard.h"

/* Intel's QE vendor ID (QVL INTEL_QE_VENDOR_ID) */
static const uint8_t INTEL_QE_VENDOR[16] = {0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c,
                                            0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3,
                                            0x95, 0x7f, 0x06, 0x07};

#define CERT_TYPE_PCK_CHAIN 5
#define CERT_TYPE_QE_REPORT 6

static int parse_body(contrast_reader *r, tdx_body *b, contrast_err *err) {
  GUARD(read_bytes(r, "TEE_TCB_SVN", 16, b->tee_tcb_svn, err));
  GUARD(read_bytes(r, "MRSEAM", 48, b->mr_seam, err));
  GUARD(read_bytes(r, "MRSIGNERSEAM", 48, b->mr_signer_seam, err));
  GUARD(read_bytes(r, "SEAMATTRIBUTES", 8, b->seam_attributes, err));
  GUARD(read_bytes(r, "TDATTRIBUTES", 8, b->td_attributes, err));
  GUARD(read_bytes(r, "XFAM", 8, b->xfam, err));
  GUARD(read_bytes(r, "MRTD", 48, b->mr_td, err));
  GUARD(read_bytes(r, "MRCONFIGID", 48, b->mr_config_id, err));
  GUARD(read_bytes(r, "MROWNER", 48, b->mr_owner, err));
  GUARD(read_bytes(r, "MROWNERCONFIG", 48, b->mr_owner_config, err));
  static const char *const rtmr_names[4] = {"RTMR0", "RTMR1", "RTMR2",
                                            "RTMR3"};
  for (int i = 0; i < 4; i++)
    GUARD(read_bytes(r, rtmr_names[i], 48, b->rtmr[i], err));
  GUARD(read_bytes(r, "REPORTDATA", 64, b->report_data, err));
  if (b->type == 3) {
    GUARD(read_bytes(r, "TEE_TCB_SVN_2", 16, b->tee_tcb_svn2, err));
    GUARD(read_bytes(r, "MRSERVICETD", 48, b->mr_servicetd, err));
  }
  return 0;
}

static int parse_qe_report(contrast_reader *r, tdx_qe_report *q,
                           contrast_err *err) {
  /* tdx.md §1.5; the reserved areas are the QE's to fill (DCAP uses some
   * of them), so they are not must-be-zero here. */
  GUARD(read_view(r, "QE report", 0, &q->raw, err));
  GUARD(read_bytes(r, "QE report CPUSVN", 16, q->cpu_svn, err));
  GUARD(read_u32le(r, "QE report MISCSELECT", &q->misc_select, err));
  GUARD(read_skip(r, "QE report reserved1", 28, err));
  GUARD(read_bytes(r, "QE report ATTRIBUTES", 16, q->attributes, err));
  GUARD(read_bytes(r, "QE report MRENCLAVE", 32, q->mr_enclave, err));
  GUARD(read_skip(r, "QE report reserved2", 32, err));
  GUARD(read_bytes(r, "QE report MRSIGNER", 32, q->mr_signer, err));
  GUARD(read_skip(r, "QE report reserved3", 96, err));
  GUARD(read_u16le(r, "QE report ISVPRODID", &q->isv_prod_id, err));
  GUARD(read_u16le(r, "QE report ISVSVN", &q->isv_svn, err));
  GUARD(read_skip(r, "QE report reserved4", 60, err));
  GUARD(read_bytes(r, "QE report REPORTDATA", 64, q->report_data, err));
  return 0;
}

int tdx_quote_parse(const uint8_t *buf, size_t len, tdx_quote *q,
                    contrast_err *err) {
  memset(q, 0, sizeof *q);
  contrast_reader rd, *r = &rd;
  reader_init(r, buf, len, "quote");
  /* Header (tdx.md §1.2) */
  GUARD(read_u16le(r, "version", &q->version, err));
  ENSURE(q->version == 4 || q->version == 5, UNSUPPORTED,
         "quote: version (offset 0x000) %u is not supported (4, 5)",
         q->version);
  GUARD(read_u16le(r, "att_key_type", &q->att_key_type, err));
  ENSURE(q->att_key_type == TDX_ATT_KEY_ECDSA_P256, UNSUPPORTED,
         "quote: att_key_type (offset 0x002) %u is not supported (2 = "
         "ECDSA P-256)",
         q->att_key_type);
  GUARD(read_u32le(r, "tee_type", &q->tee_type, err));
  ENSURE(q->tee_type == TDX_TEE_TYPE, UNSUPPORTED,
         "quote: tee_type (offset 0x004) 0x%x is not TDX (0x81)", q->tee_type);
  GUARD(read_bytes(r, "reserved", 4, q->header_reserved, err));
  GUARD(read_bytes(r, "qe_vendor_id", 16, q->qe_vendor_id, err));
  ENSURE(memcmp(q->qe_vendor_id, INTEL_QE_VENDOR, 16) == 0, UNSUPPORTED,
         "quote: qe_vendor_id (offset 0x00c) is not Intel's");
  GUARD(read_bytes(r, "user_data", 20, q->user_data, err));

  /* Body: v4 always TDX 1.0; v5 has a type/size descriptor (§2). */
  if (q->version == 4) {
    q->body.type = 2;
    q->body_size = TDX_BODY10_SIZE;
  } else {
    GUARD(read_u16le(r, "body type", &q->body.type, err));
    GUARD(read_u32le(r, "body size", &q->body_size, err));
    ENSURE(q->body.type == 2 || q->body.type == 3, UNSUPPORTED,
           "quote: body type (offset 0x030) %u is not a TD report (2, 3)",
           q->body.type);
    uint32_t want = q->body.type == 2 ? TDX_BODY10_SIZE : TDX_BODY15_SIZE;
    ENSURE(q->body_size == want, MALFORMED,
           "quote: body size (offset 0x032) %u does not match body type %u "
           "(%u)",
           q->body_size, q->body.type, want);
  }
  GUARD(parse_body(r, &q->body, err));
  q->signed_data = buf;
  q->signed_len = r->off;

  /* Signature data (§1.4): its length must fit what remains; anything
   * after it is trailing and never signed. */
  uint32_t sig_len;
  GUARD(read_u32le(r, "signature_data_len", &sig_len, err));
  ENSURE(sig_len <= reader_remaining(r), MALFORMED,
         "quote: signature_data_len (offset 0x%03zx) %u exceeds the %zu bytes "
         "that remain",
         r->off - 4, sig_len, reader_remaining(r));
  q->trailing = reader_remaining(r) - sig_len;
  contrast_reader sd;
  reader_init(&sd, buf + r->off, sig_len, "quote signature data");
  GUARD(read_bytes(&sd, "quote signature", 64, q->signature, err));
  GUARD(read_bytes(&sd, "attestation key", 64, q->attest_key, err));
  GUARD(read_u16le(&sd, "certification data type", &q->cert_type, err));
  ENSURE(q->cert_type == CERT_TYPE_QE_REPORT, UNSUPPORTED,
         "quote: certification data type %u is not 6 (QE report "
         "certification data)",
         q->cert_type);
  uint32_t cert_size;
  GUARD(read_u32le(&sd, "certification data size", &cert_size, err));
  ENSURE(cert_size == reader_remaining(&sd), MALFORMED,
         "quote: certification data size %u differs from the %zu bytes of "
         "signature data that remain",
         cert_size, reader_remaining(&sd));
  /* QE report certification data */
  GUARD(parse_qe_report(&sd, &q->qe_report, err));
  GUARD(read_bytes(&sd, "QE report signature", 64, q->qe_report_signature,
                   err));
  GUARD(read_u16le(&sd, "QE auth data size", &q->qe_auth_len, err));
  GUARD(read_view(&sd, "QE auth data", q->qe_auth_len, &q->qe_auth_data, err));
  GUARD(read_u16le(&sd, "inner certification data type", &q->inner_cert_type,
                   err));
  ENSURE(q->inner_cert_type == CERT_TYPE_PCK_CHAIN, UNSUPPORTED,
         "quote: inner certification data type %u is not 5 (PCK certificate "
         "chain)",
         q->inner_cert_type);
  uint32_t inner_size;
  GUARD(read_u32le(&sd, "inner certification data size", &inner_size, err));
  ENSURE(inner_size == reader_remaining(&sd), MALFORMED,
         "quote: inner certification data size %u differs from the %zu "
         "bytes that remain",
         inner_size, reader_remaining(&sd));
  GUARD(read_view(&sd, "PCK certificate chain", inner_size, &q->pck_chain,
                  err));
  q->pck_chain_len = inner_size;
  return 0;
}
