#!/usr/bin/env python3
"""Seeds for fuzz_snp_cert_table (deterministic, no dependencies).

The SNP extended-report certificate buffer (spec/snp.md 4.2): 24-byte
entries {guid[16] (RFC 4122 string order), u32 offset, u32 length} LE, an
all-zero terminator, then the blobs. Run from the repository root:
    python3 tests/fuzz/gen_cert_table_seeds.py
"""
import os
import struct
import uuid

VCEK = uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd").bytes
VLEK = uuid.UUID("a8074bc2-a25a-483e-aae6-39c045a0b8a1").bytes
ASK = uuid.UUID("4ab7b379-bbac-4fe4-a02f-05aef327c782").bytes
ARK = uuid.UUID("c0b406a4-a803-4952-9743-3fb6014cd0ae").bytes
CRL = uuid.UUID("92f81bc3-5811-4d3d-97ff-d19f88dc67ea").bytes

OUT = os.path.join(os.path.dirname(__file__), "corpus", "fuzz_snp_cert_table")


def table(blobs, pad_to=0, entries=None):
    """blobs: list of (guid, bytes); entries overrides (guid, off, len)."""
    hdr = 24 * (len(blobs) + 1)
    body, ents, off = b"", [], hdr
    for guid, blob in blobs:
        ents.append((guid, off, len(blob)))
        body += blob
        off += len(blob)
    if entries is not None:
        ents = entries
    out = b"".join(g + struct.pack("<II", o, n) for g, o, n in ents)
    out += b"\0" * 24 + body
    return out + b"\0" * max(0, pad_to - len(out))


def main():
    os.makedirs(OUT, exist_ok=True)
    vcek, ask, ark = b"\x30\x82" + b"V" * 98, b"\x30\x82" + b"A" * 198, b"\x30\x82" + b"R" * 298
    seeds = {
        "vcek_ask_ark.bin": table([(VCEK, vcek), (ASK, ask), (ARK, ark)]),
        "vcek_ask_ark_page.bin": table([(VCEK, vcek), (ASK, ask), (ARK, ark)], 4096),
        "vlek_ask_ark_crl.bin": table([(VLEK, vcek), (ASK, ask), (ARK, ark), (CRL, b"C" * 40)]),
        "all_zero.bin": b"\0" * 4096,
        "terminator_only.bin": b"\0" * 24,
        "duplicate.bin": table([(VCEK, vcek), (VCEK, ask)]),
        "offset_in_table.bin": table([(VCEK, vcek)], entries=[(VCEK, 0, 10)]),
        "length_wrap.bin": table([(VCEK, vcek)], entries=[(VCEK, 48, 0xFFFFFFFF)]),
        "no_terminator.bin": VCEK + struct.pack("<II", 24, 1),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
