"""BTF decoding as bpftool prints it: signatures, values, raw type listings."""
import struct

import pytest

from pybpf.cli.btfdump import BtfError, RawBtf, fprint_hex, hex_bytes
from btfbuild import BtfBuilder


@pytest.fixture
def btf():
    b = BtfBuilder()
    ids = {}
    ids["int"] = b.int("int", 4, encoding=1)
    ids["u32"] = b.int("unsigned int", 4)
    ids["char"] = b.int("char", 1, encoding=2)
    ids["bool"] = b.int("_Bool", 1, encoding=4)
    ids["xdp_md"] = b.struct("xdp_md", 8, [("data", ids["u32"], 0), ("data_end", ids["u32"], 32)])
    ids["pxdp"] = b.ptr(ids["xdp_md"])
    ids["proto"] = b.func_proto(ids["int"], [("ctx", ids["pxdp"])])
    ids["hello"] = b.func("hello", ids["proto"])
    ids["cchar"] = b.const(ids["char"])
    ids["fmt_t"] = b.array(ids["cchar"], 15, ids["int"])
    ids["fmt"] = b.var("hello.____fmt", ids["fmt_t"], linkage=0)
    ids["rodata"] = b.datasec(".rodata", 15, [(ids["fmt"], 0, 15)])
    ids["counter"] = b.var("counter", ids["int"])
    ids["bss"] = b.datasec(".bss", 4, [(ids["counter"], 0, 4)])
    ids["color"] = b.enum("color", 4, [("RED", 0), ("GREEN", 1)])
    ids["u8"] = b.int("unsigned char", 1)
    ids["flags"] = b.struct("flags", 4, [("a", ids["u32"], (3 << 24) | 0),
                                         ("b", ids["u32"], (5 << 24) | 4)], kflag=1)
    ids["comm_t"] = b.array(ids["char"], 8, ids["int"])
    ids["event"] = b.struct("event", 24, [("pid", ids["int"], 0), ("ok", ids["bool"], 32),
                                          ("color", ids["color"], 64),
                                          ("comm", ids["comm_t"], 96),
                                          ("raw", b.array(ids["u8"], 4, ids["int"]), 160)])
    ids["noname_proto"] = b.func_proto(ids["int"], [("", ids["pxdp"]), ("", 0)])
    return RawBtf(b.build()), ids


def test_function_signature_is_bpftools(btf):
    raw, ids = btf
    assert raw.type_only(ids["hello"]) == "int hello(struct xdp_md * ctx)"
    assert raw.type_only(ids["noname_proto"]) == "int (struct xdp_md *, ...)"
    assert raw.type_only(999) == ""


def test_datasec_values(btf):
    raw, ids = btf
    assert raw.value(ids["bss"], struct.pack("<i", 42)) == {".bss": [{"counter": 42}]}
    assert raw.value(ids["rodata"], b"Hello World %d\0") == \
        {".rodata": [{"hello.____fmt": "Hello World %d"}]}


def test_struct_values(btf):
    raw, ids = btf
    data = struct.pack("<iIi", -7, 1, 1) + b"bash\0\0\0\0" + bytes([1, 2, 3, 4])
    assert raw.value(ids["event"], data) == {
        "pid": -7, "ok": True, "color": "GREEN", "comm": "bash", "raw": [1, 2, 3, 4]}


def test_char_array_that_is_not_a_string_is_a_list(btf):
    raw, ids = btf
    assert raw.value(ids["comm_t"], b"\x01\x02abcdef") == \
        ["\\u0001", "\\u0002", "a", "b", "c", "d", "e", "f"]


def test_bitfields_are_hex(btf):
    raw, ids = btf
    word = (5 << 4) | 0b101   # b = 5 (5 bits at offset 4), a = 0b101 (3 bits at 0)
    assert raw.value(ids["flags"], struct.pack("<I", word)) == {"a": "0x5", "b": "0x5"}


def test_raw_listing(btf):
    raw, ids = btf
    from pybpf.cli.btf import raw_text

    lines = [raw_text(raw, raw.raw_record(t)) for t in raw.ids()]
    assert lines[0] == "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED"
    assert f"[{ids['hello']}] FUNC 'hello' type_id={ids['proto']} linkage=global" in lines
    assert lines[ids["bss"] - 1] == (f"[{ids['bss']}] DATASEC '.bss' size=4 vlen=1\n"
                                     f"\ttype_id={ids['counter']} offset=0 size=4 "
                                     "(VAR 'counter')")
    assert f"[{ids['pxdp']}] PTR '(anon)' type_id={ids['xdp_md']}" in lines
    assert raw.raw_record(ids["fmt"])["linkage"] == "static"


def test_split_btf_uses_base_types_and_strings(btf):
    base, ids = btf
    b = BtfBuilder()
    b.strings = b"\0"
    # a split blob: one typedef of the base "int", string offsets after the base's strings
    name = b"myint\0"
    body = struct.pack("<III", base.str_len + 1, 8 << 24, ids["int"])
    hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(body), len(body), 1 + len(name))
    split = RawBtf(hdr + body + b"\0" + name, base)
    tid = base.count
    assert split.type(tid).name == "myint"
    assert split.type(ids["int"]).name == "int"
    assert split.type_only(tid) == "myint "


def test_bad_blob():
    with pytest.raises(BtfError):
        RawBtf(b"\0" * 32)


def test_hex_helpers():
    assert hex_bytes(b"\x00\x2a") == ["0x00", "0x2a"]
    assert fprint_hex(bytes(range(18))) == \
        "00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f\n10 11"
