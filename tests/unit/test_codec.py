"""BTF -> ctypes layouts (BCC's Key/Leaf rules) on synthetic BTF, no kernel."""
import ctypes as ct

import pytest

from pybpf._libbpf.btf import BtfType, Member
from pybpf.maps.codec import TypeBuilder, as_bytes, to_python


class FakeBtf:
    def __init__(self, types):
        self.types = {t.id: t for t in types}

    def type(self, tid):
        return self.types[tid]


U32 = BtfType(1, "int", "unsigned int", 4, 0, (), int_bits=32)
CHAR = BtfType(2, "int", "char", 1, 0, (), int_encoding=2, int_bits=8)
U64 = BtfType(3, "int", "long long unsigned int", 8, 0, (), int_bits=64)
COMM = BtfType(4, "array", "", 0, 2, (), nelems=16)
PTR = BtfType(5, "ptr", "", 0, 1, ())
U8 = BtfType(6, "int", "unsigned char", 1, 0, (), int_bits=8)


def build(struct, *extra):
    return TypeBuilder(FakeBtf([U32, CHAR, U64, COMM, PTR, U8, struct, *extra])).ctype(struct.id)


def test_struct_with_padding_keeps_btf_offsets():
    s = BtfType(10, "struct", "key_t", 32, 0, (Member("pid", 1, 0, 0), Member("ts", 3, 64, 0),
                                                 Member("comm", 4, 128, 0)))
    cls = build(s)
    assert ct.sizeof(cls) == 32
    assert cls.ts.offset == 8 and cls.comm.offset == 16
    v = cls(pid=5, ts=7, comm=b"bash")
    assert to_python(v) == {"pid": 5, "ts": 7, "comm": b"bash"}


def test_bitfields_share_their_storage_unit():
    # struct { u32 a:4, b:4; u32 c; }: size 8, c at offset 4
    s = BtfType(11, "struct", "bits", 8, 0, (Member("a", 1, 0, 4), Member("b", 1, 4, 4),
                                              Member("c", 1, 32, 0)))
    cls = build(s)
    assert ct.sizeof(cls) == 8 and cls.c.offset == 4
    v = cls.from_buffer_copy(bytes([0x21, 0, 0, 0, 9, 0, 0, 0]))
    assert (v.a, v.b, v.c) == (1, 2, 9)


def test_bitfields_with_a_gap_and_a_small_struct():
    # struct { u8 x:2, :3, y:3; }: size 1
    s = BtfType(12, "struct", "small", 1, 0, (Member("x", 6, 0, 2), Member("y", 6, 5, 3)))
    cls = build(s)
    assert ct.sizeof(cls) == 1
    v = cls.from_buffer_copy(bytes([0b10100011]))
    assert (v.x, v.y) == (3, 5)


def test_pointers_are_ulonglong_and_char_arrays_bytes():
    s = BtfType(13, "struct", "p", 24, 0, (Member("ptr", 5, 0, 0), Member("comm", 4, 64, 0)))
    cls = build(s)
    assert dict(cls._fields_)["ptr"] is ct.c_ulonglong
    assert cls(comm=b"x").comm == b"x"


def test_layout_that_cannot_match_is_an_error():
    s = BtfType(14, "struct", "liar", 2, 0, (Member("v", 3, 0, 0),))   # 8-byte member, size 2
    with pytest.raises(TypeError, match="liar"):
        build(s)


def test_as_bytes_pads_short_and_drops_only_trailing_zeros():
    assert as_bytes(ct.create_string_buffer(b"Hey"), 8) == b"Hey" + bytes(5)
    assert as_bytes(ct.create_string_buffer(b"12345678"), 8) == b"12345678"   # NUL dropped
    with pytest.raises(ValueError):
        as_bytes(b"123456789", 8)
    assert as_bytes(-1, 4) == b"\xff\xff\xff\xff"
    v = ct.c_uint32(3)
    assert as_bytes(v, 4) is v     # no copy on the hot path
