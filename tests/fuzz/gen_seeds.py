#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets into tests/fuzz/corpus/.

Run from anywhere: python3 tests/fuzz/gen_seeds.py
Needs python3 with `cryptography` (to read the real certificates' AMD
extensions and to sign one CRL seed with a fixed Ed25519 key, so the output
is the same on every run).

corpus/fuzz_snp_report/   the real report.bin files of vectors/real/snp/, and
                          edited copies, each with one change (named *.bin)
corpus/fuzz_snp_vek_ext/  record mode (see fuzz_snp_vek_ext.c): the AMD
                          extension values of every real VCEK/VLEK, plus
                          crafted ones (Turin profile, DER-wrapped hwID,
                          duplicates, bad encodings); certificate mode: the
                          real vcek/vlek files and the pinned roots
corpus/fuzz_pem/          the real cert_chain.pem files, the pinned roots,
                          a PEM VCEK, a CRL, and strictness edge cases
"""
import datetime
import glob
import hashlib
import os
import shutil
import struct
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

warnings.simplefilter("ignore")  # AMD's VCEKs have serial 0

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
REAL = os.path.join(ROOT, "vectors", "real", "snp")
TRUST = os.path.join(ROOT, "trust", "amd")
AMD = "1.3.6.1.4.1.3704.1."

SUFFIXES = ["1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7",
            "3.8", "3.9", "4", "5", "0", "3", "3.0", "3.10", "6",
            "", "1.1", "3.", "3.1.1", "4.0", "10", "3:1", "3.9 "]


def out_dir(target):
    d = os.path.join(HERE, "corpus", target)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def unique(paths):
    seen, res = set(), []
    # real cases before "derived" copies, so the seeds keep the real names
    for p in sorted(paths, key=lambda q: ("derived" in q, len(q), q)):
        h = hashlib.sha256(open(p, "rb").read()).digest()
        if h not in seen:
            seen.add(h)
            res.append(p)
    return res


def case_name(path):
    return os.path.basename(os.path.dirname(path))


# ---- reports ----

def put32(b, off, v):
    b[off:off + 4] = struct.pack("<I", v)


def put64(b, off, v):
    b[off:off + 8] = struct.pack("<Q", v)


def reports():
    d = out_dir("fuzz_snp_report")
    real = unique(glob.glob(os.path.join(REAL, "*", "report.bin")))
    for p in real:
        write(d, "real-" + case_name(p) + ".bin", open(p, "rb").read())
    base = bytes(open(os.path.join(REAL, "snp-genoa-v5-oak", "report.bin"),
                      "rb").read())
    assert len(base) == 0x4A0

    def edit(name, fn, src=base):
        b = bytearray(src)
        fn(b)
        write(d, "edit-" + name + ".bin", bytes(b))

    def v3(b):  # v5 -> v3: mitigation vectors become reserved
        put32(b, 0, 3)
        b[0x1F8:0x208] = bytes(16)

    def v2(b):  # v3 -> v2: CPUID bytes become reserved
        v3(b)
        put32(b, 0, 2)
        b[0x188:0x18B] = bytes(3)

    edit("version4", lambda b: put32(b, 0, 4))
    edit("version3", v3)
    edit("version2", v2)
    edit("version1", lambda b: put32(b, 0, 1))
    edit("version6", lambda b: put32(b, 0, 6))
    edit("sigalgo2", lambda b: put32(b, 0x34, 2))
    edit("signing-key-vlek", lambda b: put32(b, 0x48, 1 << 2))
    edit("signing-key-none", lambda b: put32(b, 0x48, 7 << 2))
    edit("signing-key-3", lambda b: put32(b, 0x48, 3 << 2))
    edit("mask-chip-key", lambda b: put32(b, 0x48, 2))
    edit("author-key-en", lambda b: put32(b, 0x48, 1))
    edit("signer-info-bit5", lambda b: put32(b, 0x48, 1 << 5))
    edit("policy-bit17-clear", lambda b: put64(b, 8, 0x10000))
    edit("policy-bit26", lambda b: put64(b, 8, 0x30000 | (1 << 26)))
    edit("policy-all-defined", lambda b: put64(b, 8, 0x3FFFFFF))
    edit("reserved-04c", lambda b: b.__setitem__(0x4C, 1))
    edit("reserved-18b", lambda b: b.__setitem__(0x18B, 1))
    edit("reserved-1eb", lambda b: b.__setitem__(0x1EB, 1))
    edit("reserved-1ef", lambda b: b.__setitem__(0x1EF, 1))
    edit("reserved-208", lambda b: b.__setitem__(0x208, 1))
    edit("reserved-sig-330", lambda b: b.__setitem__(0x330, 1))
    edit("reserved-last", lambda b: b.__setitem__(0x49F, 1))
    edit("sig-r-high-padding", lambda b: b.__setitem__(0x2A0 + 71, 1))

    def turin(b):
        b[0x188:0x18B] = bytes([0x1A, 0x02, 0x01])
        b[0x1A8:0x1E0] = bytes(56)  # 8-byte Turin hwID
        put64(b, 0x180, 0x4700000002000100)

    edit("cpuid-turin", turin)
    edit("cpuid-milan", lambda b: b.__setitem__(slice(0x188, 0x18B),
                                                bytes([0x19, 0x01, 0x01])))
    edit("cpuid-genoa-a0", lambda b: b.__setitem__(slice(0x188, 0x18B),
                                                   bytes([0x19, 0xA0, 0x02])))
    edit("cpuid-unknown", lambda b: b.__setitem__(slice(0x188, 0x18B),
                                                  bytes([0x17, 0x31, 0x00])))
    edit("tcb-all-ff", lambda b: [put64(b, o, 2**64 - 1)
                                  for o in (0x38, 0x180, 0x1E0, 0x1F0)])
    edit("u64-max-fields", lambda b: [put64(b, o, 2**64 - 1)
                                      for o in (0x40, 0x1F8, 0x200)])
    write(d, "edit-truncated-1183.bin", base[:-1])
    write(d, "edit-trailing-byte.bin", base + b"\0")
    write(d, "edit-truncated-672.bin", base[:0x2A0])
    write(d, "empty.bin", b"")


# ---- VCEK/VLEK extensions ----

def record(suffix, value):
    if suffix in SUFFIXES:
        head = bytes([SUFFIXES.index(suffix)])
    else:
        s = suffix.encode()
        head = bytes([0xFF, len(s)]) + s
    return head + struct.pack(">H", len(value)) + value


def records(pairs):
    return b"\0" + b"".join(record(s, v) for s, v in pairs)


def der_int(v):
    body = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return b"\x02" + bytes([len(body)]) + body


def ia5(s):
    return b"\x16" + bytes([len(s)]) + s.encode()


def amd_extensions(cert):
    res = []
    for e in cert.extensions:
        oid = e.oid.dotted_string
        if oid.startswith(AMD):
            res.append((oid[len(AMD):], e.value.value))
    return res


def vek_ext():
    d = out_dir("fuzz_snp_vek_ext")
    files = unique(glob.glob(os.path.join(REAL, "*", "vcek.der")) +
                   glob.glob(os.path.join(REAL, "*", "vlek.der")) +
                   glob.glob(os.path.join(REAL, "*", "vcek.pem")))
    for p in files:
        raw = open(p, "rb").read()
        if p.endswith(".pem"):
            cert = x509.load_pem_x509_certificate(raw)
        else:
            cert = x509.load_der_x509_certificate(raw)
        base = case_name(p) + "-" + os.path.basename(p).replace(".", "-")
        write(d, "cert-" + base, b"\x01" + raw)
        write(d, "rec-" + base, records(amd_extensions(cert)))
    for p in sorted(glob.glob(os.path.join(TRUST, "*", "*.pem"))):
        name = "cert-root-" + p.split(os.sep)[-2] + "-" + os.path.basename(p)
        write(d, name, b"\x01" + open(p, "rb").read())

    hwid64 = bytes(range(64))
    hwid8 = bytes(range(1, 9))
    spl = [("3.%d" % i, der_int(v)) for i, v in
           ((1, 10), (2, 0), (3, 25), (4, 0), (5, 0), (6, 0), (7, 0), (8, 84))]
    crafted = {
        "turin-vcek": [("1", der_int(1)), ("2", ia5("Turin")),
                       ("3.1", der_int(1)), ("3.2", der_int(0)),
                       ("3.3", der_int(2)), ("3.5", der_int(0)),
                       ("3.6", der_int(0)), ("3.7", der_int(0)),
                       ("3.8", der_int(71)), ("3.9", der_int(0)),
                       ("4", hwid8)],
        "hwid-der-wrapped-64": [("4", b"\x04\x40" + hwid64)],
        "hwid-der-wrapped-8": [("4", b"\x04\x08" + hwid8)],
        "hwid-65": [("4", hwid64 + b"\0")],
        "hwid-dup": [("4", hwid64), ("4", hwid8)],
        "ucode-217": spl[:-1] + [("3.8", bytes.fromhex("020200d9"))],
        "spl-256": [("3.1", bytes.fromhex("02020100"))],
        "spl-negative": [("3.1", bytes.fromhex("0201ff"))],
        "spl-nonminimal": [("3.1", bytes.fromhex("0202000a"))],
        "spl-long-form": [("3.1", bytes.fromhex("0281010a"))],
        "spl-trailing": [("3.1", bytes.fromhex("02010a00"))],
        "spl-dup": [("3.1", der_int(1)), ("3.1", der_int(2))],
        "struct-version-u32max": [("1", bytes.fromhex("020500ffffffff"))],
        "struct-version-2pow32": [("1", bytes.fromhex("02050100000000"))],
        "product-name-63": [("2", ia5("G" * 63))],
        "product-name-64": [("2", ia5("G" * 64))],
        "product-name-ctrl": [("2", b"\x16\x03ab\x01")],
        "product-name-utf8string": [("2", b"\x0c\x05Genoa")],
        "csp-id-255": [("5", b"\x16\x81\xff" + b"c" * 255)],
        "csp-id-256": [("5", b"\x16\x82\x01\x00" + b"c" * 256)],
        "vlek-profile": [("1", der_int(0)), ("2", ia5("Milan"))] + spl +
                        [("5", ia5("CN=cc-us-east-2.amazonaws.com"))],
        "unknown-suffixes": [(s, der_int(0)) for s in SUFFIXES[13:]],
        "literal-suffixes": [("3.1", der_int(1)), ("7.7", b"x"),
                             ("3.1\0junk", der_int(2))],
        "empty-values": [(s, b"") for s in SUFFIXES[:13]],
    }
    for name, pairs in crafted.items():
        write(d, "rec-" + name, records(pairs))


# ---- PEM ----

def pem_seeds():
    d = out_dir("fuzz_pem")
    for p in unique(glob.glob(os.path.join(REAL, "*", "cert_chain.pem"))):
        write(d, "real-" + case_name(p) + "-cert_chain.pem",
              open(p, "rb").read())
    for p in glob.glob(os.path.join(REAL, "*", "vcek.pem")):
        write(d, "real-" + case_name(p) + "-vcek.pem", open(p, "rb").read())
    roots = sorted(glob.glob(os.path.join(TRUST, "*", "*.pem")))
    for p in roots:
        write(d, "root-" + p.split(os.sep)[-2] + "-" + os.path.basename(p),
              open(p, "rb").read())

    # a CRL, signed with a fixed Ed25519 key (deterministic signature)
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ARK-Genoa")])
    t0 = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    b = (x509.CertificateRevocationListBuilder().issuer_name(name)
         .last_update(t0).next_update(t0 + datetime.timedelta(days=30)))
    for serial in (0x20003, 0x20004, 0x20101):
        b = b.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(t0).build())
    crl = b.sign(key, None)
    write(d, "crl.pem", crl.public_bytes(serialization.Encoding.PEM))

    chain = open(os.path.join(REAL, "snp-genoa-v5-oak", "cert_chain.pem"),
                 "rb").read()
    one = open(roots[0], "rb").read()
    lines = one.split(b"\n")
    body = b"\n".join(lines[1:-2])
    edits = {
        "crlf.pem": chain.replace(b"\n", b"\r\n"),
        "three-blocks.pem": chain + one,
        "five-blocks.pem": chain + chain + one,
        "leading-trailing-space.pem": b" \t\n" + one + b"\n\n ",
        "header.pem": one.replace(b"-----\n", b"-----\nProc-Type: 4,ENCRYPTED\n\n", 1),
        "garbage-between.pem": chain.replace(b"-----\n-----", b"-----\nx\n-----"),
        "missing-end.pem": b"\n".join(lines[:-2]) + b"\n",
        "nested.pem": lines[0] + b"\n" + one + lines[-2] + b"\n",
        "pad-inside.pem": lines[0] + b"\nAAA=AAAA\n" + lines[-2] + b"\n",
        "pad-only.pem": lines[0] + b"\n====\n" + lines[-2] + b"\n",
        "bad-char.pem": one.replace(body[:4], b"A*AA", 1),
        "not-mult-4.pem": lines[0] + b"\nAAAAA\n" + lines[-2] + b"\n",
        "empty-body.pem": lines[0] + b"\n" + lines[-2] + b"\n",
        "one-byte-der.pem": lines[0] + b"\nAA==\n" + lines[-2] + b"\n",
        "no-newlines.pem": one.replace(b"\n", b""),
        "wrong-label.pem": one.replace(b"CERTIFICATE", b"PUBLIC KEY"),
        "trailing-junk.pem": one + b"junk",
        "der-cert.der": open(os.path.join(REAL, "snp-genoa-v5-oak",
                                          "vcek.der"), "rb").read(),
    }
    for n, data in edits.items():
        write(d, "edit-" + n, data)


if __name__ == "__main__":
    reports()
    vek_ext()
    pem_seeds()
