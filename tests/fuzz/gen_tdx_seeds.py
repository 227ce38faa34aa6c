#!/usr/bin/env python3
"""Write the seed corpora of the TDX fuzz targets into tests/fuzz/corpus/.

Run from anywhere: python3 tests/fuzz/gen_tdx_seeds.py
Needs python3 with `cryptography` (to read the real PCK certificates' SGX
extension). The output is the same on every run.

corpus/fuzz_tdx_quote/       the real quote.bin files of vectors/real/tdx,
                             v5 (body type 2 and 3) quotes made from one of
                             them, and edited copies with one change each
corpus/fuzz_tdx_pck_ext/     the SGX extension (extnValue) of every real
                             PCK, and edited copies (Processor-CA form,
                             17 TCB entries, duplicate, unknown OID, ...)
corpus/fuzz_tdx_collateral/  byte 0 selects the parser (0 TCB info, 1 QE
                             identity, 2 raw member with byte 1 the key):
                             every real body, edited bodies, scanner texts
corpus/fuzz_x509lite/        the DER of every distinct real Intel certificate
                             (trust/intel root, the PCK chains of the real
                             quotes, the issuer chains), and edited copies of
                             the PCK leaf re-assembled with one change each
"""
import glob
import hashlib
import os
import shutil
import struct

from cryptography import x509
from cryptography.hazmat.primitives import serialization

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
REAL = os.path.join(ROOT, "vectors", "real", "tdx")
SGX_OID = "1.2.840.113741.1.13.1"


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
    for p in sorted(paths, key=lambda q: ("derived" in q, len(q), q)):
        h = hashlib.sha256(open(p, "rb").read()).digest()
        if h not in seen:
            seen.add(h)
            res.append(p)
    return res


def case_name(path):
    return os.path.basename(os.path.dirname(path))


# ---- quotes (spec/tdx.md §1, §2) ----

def u16(b, off):
    return struct.unpack_from("<H", b, off)[0]


def u32(b, off):
    return struct.unpack_from("<I", b, off)[0]


def quotes():
    d = out_dir("fuzz_tdx_quote")
    real = unique(glob.glob(os.path.join(REAL, "*", "quote.bin")))
    for p in real:
        write(d, "real-" + case_name(p) + ".bin", open(p, "rb").read())
    base = open(os.path.join(REAL, "tdx-v4-dcap-qvl-uptodate", "quote.bin"),
                "rb").read()
    sig_len = u32(base, 632)
    whole = base[:636 + sig_len]  # without the 70 trailing bytes
    header, body, rest = whole[:48], whole[48:632], whole[632:]

    def v5(body_type):
        b = bytearray(header)
        b[0:2] = struct.pack("<H", 5)
        extra = body[0:16] + bytes(48) if body_type == 3 else b""
        b += struct.pack("<HI", body_type, 584 + len(extra))
        return bytes(b) + body + extra + rest

    write(d, "v5-type2.bin", v5(2))
    write(d, "v5-type3.bin", v5(3))

    def edit(name, fn, src=whole):
        b = bytearray(src)
        fn(b)
        write(d, "edit-" + name + ".bin", bytes(b))

    def put16(off, v):
        return lambda b: b.__setitem__(slice(off, off + 2),
                                       struct.pack("<H", v))

    def put32(off, v):
        return lambda b: b.__setitem__(slice(off, off + 4),
                                       struct.pack("<I", v))

    edit("version3", put16(0, 3))
    edit("version6", put16(0, 6))
    edit("att-key-type3", put16(2, 3))
    edit("tee-type-sgx", put32(4, 0))
    edit("qe-vendor", lambda b: b.__setitem__(12, b[12] ^ 1))
    edit("cert-type5", put16(764, 5))
    edit("inner-type4", put16(1218 + 2 + 32, 4))
    edit("sig-len-plus1", put32(632, sig_len + 1))
    edit("sig-len-minus1", put32(632, sig_len - 1))
    edit("cert-size-plus1", put32(766, u32(whole, 766) + 1))
    edit("inner-size-minus1", put32(1254, u32(whole, 1254) - 1))
    edit("auth-size-33", put16(1218, 33))
    edit("truncated-636", lambda b: b.__delitem__(slice(636, None)))
    edit("truncated-1258", lambda b: b.__delitem__(slice(1258, None)))
    edit("trailing-junk", lambda b: b.extend(b"\xa5" * 17))
    edit("v5-body-type1", put16(48, 1), src=v5(2))
    edit("v5-body-size-wrong", put32(50, 648), src=v5(2))
    edit("v5-type3-size-584", put32(50, 584), src=v5(3))

    # an empty QE auth data field, sizes adjusted
    def no_auth(b):
        del b[1220:1252]
        b[1218:1220] = struct.pack("<H", 0)
        b[632:636] = struct.pack("<I", sig_len - 32)
        b[766:770] = struct.pack("<I", u32(b, 766) - 32)

    edit("qe-auth-empty", no_auth)


# ---- the SGX extension (spec/tdx.md §4.2) ----

def der_len(n):
    if n < 0x80:
        return bytes([n])
    s = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(s)]) + s


def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def parse_tlvs(b):
    """The TLVs of a DER content: list of (tag, content)."""
    out, i = [], 0
    while i < len(b):
        tag, n = b[i], b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        out.append((tag, b[i:i + n]))
        i += n
    return out


def sgx_entries(ext):
    (tag, content), = parse_tlvs(ext)
    assert tag == 0x30
    return [parse_tlvs(c) for t, c in parse_tlvs(content)]


def build(entries):
    return tlv(0x30, b"".join(
        tlv(0x30, b"".join(tlv(t, c) for t, c in e)) for e in entries))


def oid_last_arc(e):
    return e[0][1][-1]


def pck_ext():
    d = out_dir("fuzz_tdx_pck_ext")
    seen = set()
    exts = []
    for p in sorted(glob.glob(os.path.join(REAL, "*", "quote.bin")),
                    key=lambda q: ("derived" in q, len(q), q)):
        q = open(p, "rb").read()
        sl = u32(q, 632)
        sd = q[636:636 + sl]
        a = u16(sd, 134 + 448)
        chain = sd[134 + 456 + a:].rstrip(b"\0")
        leaf = x509.load_pem_x509_certificates(chain)[0]
        for e in leaf.extensions:
            if e.oid.dotted_string == SGX_OID:
                v = e.value.value
                if v not in seen:
                    seen.add(v)
                    exts.append(v)
                    write(d, "real-" + case_name(p) + ".der", v)
    base = exts[0]
    ent = sgx_entries(base)
    assert len(ent) == 7

    def variant(name, entries):
        write(d, "edit-" + name + ".der", build(entries))

    variant("processor-form", ent[:5])
    variant("no-fmspc", ent[:3] + ent[4:])
    variant("dup-fmspc", ent[:4] + [ent[3]] + ent[4:])
    oid8 = (0x06, ent[0][0][1][:-1] + bytes([8]))
    variant("unknown-entry-8", ent + [[oid8, (0x04, b"\xab\xcd")]])
    tcb = parse_tlvs(ent[1][1][1])
    assert len(tcb) == 18

    def with_tcb(items):
        e = list(ent)
        e[1] = [ent[1][0], (0x30, b"".join(tlv(0x30, b"".join(
            tlv(t, c) for t, c in it)) for it in items))]
        return e

    tcb_items = [parse_tlvs(c) for t, c in tcb]
    variant("tcb-17", with_tcb(tcb_items[:17]))
    variant("tcb-19", with_tcb(tcb_items + [tcb_items[0]]))
    enum_comp = [list(i) for i in tcb_items]
    enum_comp[0][1] = (0x0A, enum_comp[0][1][1])
    variant("tcb-comp-enumerated", with_tcb(enum_comp))
    big = [list(i) for i in tcb_items]
    big[16][1] = (0x02, b"\x01\x00\x00")
    variant("pcesvn-65536", with_tcb(big))
    cfg = parse_tlvs(ent[6][1][1])
    bad_bool = [parse_tlvs(c) for t, c in cfg]
    bad_bool[0][1] = (0x01, b"\x01")
    e = list(ent)
    e[6] = [ent[6][0], (0x30, b"".join(
        tlv(0x30, b"".join(tlv(t, c) for t, c in it)) for it in bad_bool))]
    variant("config-bool-01", e)
    write(d, "edit-empty-sequence.der", b"\x30\x00")
    write(d, "edit-trailing-byte.der", base + b"\x00")


# ---- collateral (spec/tdx.md §5.2, §5.3) ----

def collateral():
    d = out_dir("fuzz_tdx_collateral")
    tcbs = unique(glob.glob(os.path.join(REAL, "*", "tcb_info.json")))
    qes = unique(glob.glob(os.path.join(REAL, "*", "qe_identity.json")))
    for p in tcbs:
        write(d, "tcb-real-" + case_name(p) + ".json",
              b"\x00" + open(p, "rb").read())
    for p in qes:
        write(d, "qe-real-" + case_name(p) + ".json",
              b"\x01" + open(p, "rb").read())
    tcb = open(os.path.join(REAL, "tdx-v4-dcap-qvl-uptodate",
                            "tcb_info.json"), "rb").read()
    qe = open(os.path.join(REAL, "tdx-v4-dcap-qvl-uptodate",
                           "qe_identity.json"), "rb").read()

    def edit(name, sel, src, old, new):
        assert old in src, old
        write(d, name, bytes([sel]) + src.replace(old, new, 1))

    edit("tcb-edit-spaced.json", 0, tcb, b'{"tcbInfo":', b' { "tcbInfo" : ')
    edit("tcb-edit-module-status.json", 0, tcb,
         b'"tcbStatus":"OutOfDate"}]}', b'"tcbStatus":"SWHardeningNeeded"}]}')
    edit("tcb-edit-no-identities.json", 0, tcb, b'"tdxModuleIdentities"',
         b'"tdxModuleIdentitiez"')
    edit("tcb-edit-fmspc-short.json", 0, tcb, b'"B0C06F000000"',
         b'"B0C06F0000"')
    edit("tcb-edit-escaped-key.json", 0, tcb, b'{"tcbInfo":',
         b'{"tcb\\u0049nfo":')
    edit("qe-edit-status.json", 1, qe, b'"UpToDate"', b'"Revoked"')
    edit("qe-edit-miscselect.json", 1, qe, b'"00000000"', b'"01000080"')
    texts = [
        (0, b'{"tcbInfo":{"a":1},"signature":"00"}'),
        (0, b' {\n "x" : [1, {"tcbInfo":{}}, "}{"],'
            b'\t"tcbInfo" : {"k":"a\\"}"} }'),
        (0, b'{"tcbInfo":{"a":1},"tcbInfo":{"a":2}}'),
        (0, b'{"tcbInfo":{"a":1},"tcb\\u0049nfo":{"a":2}}'),
        (1, b'{"enclaveIdentity":{"b":[true,false,null,-1.5e3]}}'),
        (2, b'{"signature":"\\\\"}'),
        (4, b'{"":0}'),
    ]
    for i, (key, t) in enumerate(texts):
        write(d, "raw-%02d.json" % i, b"\x02" + bytes([key]) + t)


# ---- certificates (RFC 5280 §4.1, common/x509lite.c) ----

def x509lite():
    d = out_dir("fuzz_x509lite")
    ders, names = [], []

    def add(name, ders_in):
        for der in ders_in:
            if der not in ders:
                ders.append(der)
                names.append(name)

    def pem_ders(text):
        return [c.public_bytes(serialization.Encoding.DER)
                for c in x509.load_pem_x509_certificates(text)]

    add("root", pem_ders(open(os.path.join(ROOT, "trust", "intel",
                                           "sgx_root_ca.pem"), "rb").read()))
    for p in sorted(glob.glob(os.path.join(REAL, "*", "quote.bin")),
                    key=lambda q: ("derived" in q, len(q), q)):
        q = open(p, "rb").read()
        sl = u32(q, 632)
        sd = q[636:636 + sl]
        a = u16(sd, 134 + 448)
        add("pck-" + case_name(p), pem_ders(sd[134 + 456 + a:].rstrip(b"\0")))
    for f in ("tcb_info_issuer_chain.pem", "qe_identity_issuer_chain.pem",
              "pck_crl_issuer_chain.pem"):
        for p in unique(glob.glob(os.path.join(REAL, "*", f))):
            add("issuer-" + case_name(p), pem_ders(open(p, "rb").read()))
    for i, (n, der) in enumerate(zip(names, ders)):
        write(d, "real-%02d-%s.der" % (i, n), der)

    # the PCK leaf of the first quote, in parts
    leaf = ders[names.index(next(n for n in names if n.startswith("pck-")))]
    (_, cert), = parse_tlvs(leaf)
    (_, tbs), (_, alg), (_, sig) = parse_tlvs(cert)
    f = parse_tlvs(tbs)
    assert [t for t, _ in f] == [0xA0, 0x02, 0x30, 0x30, 0x30, 0x30, 0x30,
                                 0xA3]
    (_, exts), = parse_tlvs(f[7][1])
    ext = [c for _, c in parse_tlvs(exts)]

    def cert_of(fields, outer=alg, tail=b""):
        return tlv(0x30, tlv(0x30, b"".join(tlv(t, c) for t, c in fields)) +
                   tlv(0x30, outer) + tlv(0x03, sig)) + tail

    def with_exts(e):
        return f[:7] + [(0xA3, tlv(0x30, b"".join(tlv(0x30, c)
                                                   for c in e)))]

    def edit(name, der):
        write(d, "edit-" + name + ".der", der)

    assert cert_of(f) == leaf
    edit("v1", cert_of(f[1:]))
    edit("trailing-byte", leaf + b"\x00")
    edit("outer-sha384", cert_of(f, alg[:-1] + b"\x03"))
    edit("dup-extension", cert_of(with_exts(ext + [ext[0]])))
    crit_false = parse_tlvs(ext[0])
    edit("critical-false", cert_of(with_exts(
        [b"".join([tlv(*crit_false[0]), tlv(0x01, b"\x00"),
                   tlv(*crit_false[1])])] + ext[1:])))
    edit("no-extensions", cert_of(f[:7]))
    edit("issuer-unique-id", cert_of(f[:7] + [(0x81, b"\x00\x01")] + f[7:]))
    edit("generalized-time", cert_of(
        f[:4] + [(0x30, tlv(0x18, b"20250101000000Z") +
                  tlv(0x18, b"20500101000000Z"))] + f[5:]))
    edit("utctime-no-seconds", cert_of(
        f[:4] + [(0x30, tlv(0x17, b"2501010000Z") +
                  tlv(0x17, b"3001010000Z"))] + f[5:]))


if __name__ == "__main__":
    quotes()
    pck_ext()
    collateral()
    x509lite()
