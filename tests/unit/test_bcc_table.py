"""BCC table classes over an in-memory fake map (no kernel): keys, leaves, per-CPU, arrays."""
import ctypes as ct

import pytest

from pybpf.bcc import table
from pybpf.maps import base as mb


class FakeMap:
    """Just enough of pybpf.maps.Map, storing bytes in a dict."""

    def __init__(self, map_type, key_type, value_type, max_entries=16, ncpus=1):
        self.type, self.name, self.fd = map_type, "fake", -1
        self.key_size, self.value_size = ct.sizeof(key_type), ct.sizeof(value_type)
        self.max_entries, self.ncpus = max_entries, ncpus
        self.stored_value_size = (((self.value_size + 7) & ~7) * ncpus
                                  if map_type in mb.PERCPU_TYPES else self.value_size)
        self._types = (key_type, value_type)
        self.data = {}
        if map_type in mb.ARRAY_TYPES:
            for i in range(max_entries):
                self.data[i.to_bytes(self.key_size, "little")] = bytes(self.stored_value_size)

    def ctypes_types(self):
        return self._types

    def lookup(self, key):
        v = self.data.get(bytes(mb.as_bytes(key, self.key_size)))
        return None if v is None else bytearray(v)

    def update(self, key, value, flags=0):
        self.data[bytes(mb.as_bytes(key, self.key_size))] = bytes(
            mb.as_bytes(value, self.stored_value_size))

    def delete(self, key):
        return self.data.pop(bytes(mb.as_bytes(key, self.key_size)), None) is not None

    def keys(self):
        return list(self.data)

    def items_packed(self):
        return b"".join(self.data), b"".join(self.data.values()), len(self.data)

    def clear(self):
        self.data.clear()


class KeyT(ct.Structure):
    _fields_ = [("pid", ct.c_uint32), ("comm", ct.c_char * 16)]


def test_hash_items_decode_to_ctypes_with_field_names():
    t = table.Table(None, FakeMap(mb.HASH, KeyT, ct.c_uint64))
    t[KeyT(pid=7, comm=b"bash")] = ct.c_uint64(3)
    t[KeyT(pid=9, comm=b"vim")] = 5            # ints are accepted as leaves
    items = sorted((k.pid, k.comm, v.value) for k, v in t.items())
    assert items == [(7, b"bash", 3), (9, b"vim", 5)]
    assert len(t) == 2
    assert t[KeyT(pid=7, comm=b"bash")].value == 3
    with pytest.raises(KeyError):
        t[KeyT(pid=1)]
    del t[KeyT(pid=7, comm=b"bash")]
    assert [k.pid for k in t.keys()] == [9]
    t.clear()
    assert t.items() == []


def test_short_buffer_into_larger_leaf_is_zero_padded():
    class Msg(ct.Structure):
        _fields_ = [("message", ct.c_char * 12)]

    t = table.Table(None, FakeMap(mb.HASH, ct.c_uint32, Msg))
    t[ct.c_int(0)] = ct.create_string_buffer(b"Hey root!")   # 10 bytes into 12
    assert t[ct.c_uint32(0)].message == b"Hey root!"


def test_array_int_and_negative_keys_and_del_zeroes():
    t = table.Table(None, FakeMap(mb.ARRAY, ct.c_uint32, ct.c_uint64, max_entries=4))
    assert isinstance(t, table.Array)
    t[1] = ct.c_uint64(10)
    t[-1] = ct.c_uint64(40)
    assert t[3].value == 40 and t[1].value == 10
    assert len(t) == 4
    del t[1]
    assert t[1].value == 0
    with pytest.raises(IndexError):
        t[4]


def test_percpu_array_values_sum_max_average():
    fake = FakeMap(mb.PERCPU_ARRAY, ct.c_uint32, ct.c_uint64, max_entries=2, ncpus=4)
    t = table.Table(None, fake)
    t[0] = [ct.c_uint64(v) for v in (1, 2, 3, 6)]
    assert [v.value for v in t.getvalue(0)] == [1, 2, 3, 6]
    assert t.sum(0).value == 12 and t.max(0).value == 6 and t.average(0) == 3.0
    reduced = table.Table(None, fake, reducer=lambda a, b: a + b)   # BCC passes plain ints
    assert reduced[0] == 12
    assert dict((k.value, v) for k, v in reduced.items())[0] == 12   # items() reduces too
    assert list(t.items()[0][1]) == [1, 2, 3, 6]


def test_log2_histogram_from_table(capsys):
    t = table.Table(None, FakeMap(mb.ARRAY, ct.c_int32, ct.c_uint64, max_entries=8))
    t[1] = ct.c_uint64(4)
    t[3] = ct.c_uint64(2)
    t.print_log2_hist("usecs")
    out = capsys.readouterr().out
    assert "usecs" in out and "|****************************************|" in out
    assert out.splitlines()[-1].split()[:3] == ["4", "->", "7"]


def test_prog_array_accepts_function_objects():
    t = table.Table(None, FakeMap(mb.PROG_ARRAY, ct.c_uint32, ct.c_uint32, max_entries=4))

    class Fn:
        fd = 42

    t[ct.c_int(2)] = Fn()
    t[ct.c_int(3)] = ct.c_int(43)
    assert t[2].value == 42 and t[3].value == 43 and len(t) == 4
