"""BCC table classes over an in-memory fake map (no kernel): keys, leaves, per-CPU, arrays.

The fake also stands in for the address-based syscalls of the fast path (exact Key/Leaf
objects), reading and writing memory at the addresses the table passes, and counts them,
so the tests see which path each operation took.
"""
import ctypes as ct

import pytest

from pybpf.bcc import table
from pybpf.maps import base as mb
from pybpf.maps.codec import unpack_many

_BY_FD = {}


class FakeMap:
    """Just enough of pybpf.maps.Map, storing bytes in a dict."""

    def __init__(self, map_type, key_type, value_type, max_entries=16, ncpus=1):
        self.type, self.name = map_type, "fake"
        self.fd = 1000 + len(_BY_FD)
        _BY_FD[self.fd] = self
        self.key_size, self.value_size = ct.sizeof(key_type), ct.sizeof(value_type)
        self.max_entries, self.ncpus = max_entries, ncpus
        self.stored_value_size = (((self.value_size + 7) & ~7) * ncpus
                                  if map_type in mb.PERCPU_TYPES else self.value_size)
        self._types = (key_type, value_type)
        self.data = {}
        self.by_address = 0         # operations that took the fast path
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

    def items_chunks(self):
        # in two pieces, as a large map read while it is decoded arrives
        keys, values = list(self.data), list(self.data.values())
        half = len(keys) // 2
        for part in (slice(0, half), slice(half, None)):
            yield (memoryview(b"".join(keys[part])), memoryview(b"".join(values[part])),
                   len(keys[part]))

    def clear(self):
        if self.type in mb.ARRAY_TYPES:
            for k in self.data:
                self.data[k] = bytes(self.stored_value_size)
        else:
            self.data.clear()


def _fake_update_addr(fd, key_addr, value_addr, flags=0):
    m = _BY_FD[fd]
    m.by_address += 1
    m.data[ct.string_at(key_addr, m.key_size)] = ct.string_at(value_addr, m.stored_value_size)


def _fake_lookup_addr(fd, key_addr, value_addr):
    m = _BY_FD[fd]
    m.by_address += 1
    raw = m.data.get(ct.string_at(key_addr, m.key_size))
    if raw is None:
        return False
    ct.memmove(value_addr, raw, len(raw))
    return True


def _fake_delete_addr(fd, key_addr):
    m = _BY_FD[fd]
    m.by_address += 1
    return m.data.pop(ct.string_at(key_addr, m.key_size), None) is not None


@pytest.fixture(autouse=True)
def fake_addr_syscalls(monkeypatch):
    monkeypatch.setattr(table, "map_update_addr", _fake_update_addr)
    monkeypatch.setattr(table, "map_lookup_addr", _fake_lookup_addr)
    monkeypatch.setattr(table, "map_delete_addr", _fake_delete_addr)


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


# --- the fast path and its fallbacks ------------------------------------------------------

def test_exact_key_and_leaf_types_go_by_address():
    fake = FakeMap(mb.HASH, ct.c_uint32, ct.c_uint64)
    t = table.Table(None, fake)
    t[ct.c_uint(1)] = ct.c_ulonglong(10)          # the types BCC scripts build
    t[t.Key(2)] = t.Leaf(20)
    assert fake.by_address == 2
    assert fake.data[(1).to_bytes(4, "little")] == (10).to_bytes(8, "little")
    leaf = t[ct.c_uint(2)]
    assert type(leaf) is ct.c_uint64 and leaf.value == 20 and fake.by_address == 3
    with pytest.raises(KeyError):
        t[ct.c_uint(3)]                           # ENOENT only: a KeyError
    del t[ct.c_uint(1)]
    with pytest.raises(KeyError):
        del t[ct.c_uint(1)]
    assert fake.by_address == 6 and list(fake.data) == [(2).to_bytes(4, "little")]


def test_ints_bytes_and_other_types_take_the_general_path():
    fake = FakeMap(mb.HASH, ct.c_uint32, ct.c_uint64)
    t = table.Table(None, fake)
    t[1] = 10                                     # ints
    t[ct.c_uint(2)] = (20).to_bytes(8, "little")  # bytes leaf
    t[ct.c_int(3)] = ct.c_ulonglong(30)           # another key type of the same size
    t[ct.c_uint(4)] = ct.c_uint(40)               # a narrower leaf: zero-padded

    class MyKey(ct.c_uint32):                     # a subclass: not the exact type
        pass

    t[MyKey(5)] = ct.c_uint64(50)
    assert fake.by_address == 0
    assert {int.from_bytes(k, "little"): int.from_bytes(v, "little")
            for k, v in fake.data.items()} == {1: 10, 2: 20, 3: 30, 4: 40, 5: 50}
    assert t[4].value == 40 and t[ct.c_int(3)].value == 30 and fake.by_address == 0
    with pytest.raises(KeyError):
        t[99]
    del t[1]
    assert fake.by_address == 0 and 1 not in t


def test_shorter_leaf_buffer_is_zero_padded_not_sent_by_address():
    class Msg(ct.Structure):
        _fields_ = [("message", ct.c_char * 12)]

    fake = FakeMap(mb.HASH, ct.c_uint32, Msg)
    t = table.Table(None, fake)
    fake.data[(0).to_bytes(4, "little")] = b"x" * 12            # longer old content
    t[ct.c_uint(0)] = ct.create_string_buffer(b"Hi")            # 3 bytes into 12
    assert fake.by_address == 0
    assert fake.data[(0).to_bytes(4, "little")] == b"Hi" + bytes(10)
    assert t[ct.c_uint(0)].message == b"Hi"


def test_struct_key_and_leaf_by_address():
    class Val(ct.Structure):
        _fields_ = [("count", ct.c_uint64), ("comm", ct.c_char * 8)]

    fake = FakeMap(mb.HASH, KeyT, Val)
    t = table.Table(None, fake)
    t[KeyT(pid=7, comm=b"bash")] = Val(count=3, comm=b"x")
    got = t[KeyT(pid=7, comm=b"bash")]
    assert type(got) is Val and got.count == 3 and got.comm == b"x"
    assert fake.by_address == 2
    [(k, v)] = t.items()
    assert type(k) is KeyT and (k.pid, k.comm, v.count) == (7, b"bash", 3)


def test_array_negative_index_and_exact_keys():
    fake = FakeMap(mb.ARRAY, ct.c_uint32, ct.c_uint64, max_entries=4)
    t = table.Table(None, fake)
    t[-1] = ct.c_uint64(7)                         # int key: general path, from the end
    assert fake.by_address == 0 and t[ct.c_uint(3)].value == 7 and fake.by_address == 1
    t[ct.c_uint(0)] = ct.c_uint64(5)
    assert t[-4].value == 5 and fake.by_address == 2
    with pytest.raises(IndexError):
        t[-5]
    del t[ct.c_uint(0)]                            # arrays: del zeroes
    assert t[0].value == 0
    t.clear()
    assert [v.value for _, v in t.items()] == [0, 0, 0, 0]


def test_percpu_keeps_the_general_path_for_leaves():
    fake = FakeMap(mb.PERCPU_HASH, ct.c_uint32, ct.c_uint64, ncpus=2)
    t = table.Table(None, fake)
    t[ct.c_uint(1)] = t.Leaf(3, 4)
    t[ct.c_uint(2)] = 5                            # an int goes to every CPU
    assert fake.by_address == 0
    assert list(t[ct.c_uint(1)]) == [3, 4] and list(t[2]) == [5, 5]
    assert t.sum(ct.c_uint(1)).value == 7
    del t[ct.c_uint(2)]                            # deletes need only the key
    assert fake.by_address == 1 and list(fake.data) == [(1).to_bytes(4, "little")]
    reduced = table.Table(None, fake, reducer=lambda a, b: a + b)
    assert reduced[ct.c_uint(1)] == 7


@pytest.mark.parametrize("reducer", [None, max])
def test_percpu_items_wide_and_narrow_values(reducer):
    wide = table.Table(None, FakeMap(mb.PERCPU_HASH, ct.c_uint32, ct.c_uint64, ncpus=3),
                       reducer=reducer)
    narrow = table.Table(None, FakeMap(mb.PERCPU_HASH, ct.c_uint32, ct.c_uint32, ncpus=3),
                         reducer=reducer)
    for t in (wide, narrow):
        t[ct.c_uint(1)] = [t.sLeaf(v) for v in (1, 9, 2)]
        t[ct.c_uint(2)] = [t.sLeaf(v) for v in (4, 0, 6)]
        got = {k.value: (list(v) if reducer is None else v) for k, v in t.items()}
        want = {1: [1, 9, 2], 2: [4, 0, 6]}
        assert got == (want if reducer is None else {1: 9, 2: 6})


def test_items_decode_arrays_chars_and_signed_ints():
    t = table.Table(None, FakeMap(mb.HASH, ct.c_char * 4, ct.c_int64 * 2))
    t[b"ab"] = (ct.c_int64 * 2)(-1, 2)
    t[(ct.c_char * 4)(*b"cd")] = (ct.c_int64 * 2)(3, -4)
    got = sorted((k.value, list(v)) for k, v in t.items())
    assert got == [(b"ab", [-1, 2]), (b"cd", [3, -4])]
    signed = table.Table(None, FakeMap(mb.HASH, ct.c_int8, ct.c_int32))
    signed[ct.c_int8(-3)] = ct.c_int32(-70000)
    [(k, v)] = signed.items()
    assert (type(k), k.value, type(v), v.value) == (ct.c_int8, -3, ct.c_int32, -70000)


def test_clear_hash_and_array():
    h = table.Table(None, FakeMap(mb.HASH, ct.c_uint32, ct.c_uint64))
    for i in range(5):
        h[ct.c_uint(i)] = ct.c_ulonglong(i)
    h.clear()
    assert h.items() == [] and len(h) == 0
    a = table.Table(None, FakeMap(mb.ARRAY, ct.c_uint32, ct.c_uint64, max_entries=3))
    a[1] = 5
    a.clear()
    assert len(a) == 3 and [v.value for _, v in a.items()] == [0, 0, 0]


def test_unpack_many_makes_independent_objects_of_the_exact_type():
    class S(ct.Structure):
        _fields_ = [("a", ct.c_uint16), ("b", ct.c_char * 2)]

    blob = bytes(S(1, b"x")) + bytes(S(2, b"yz"))
    got = list(unpack_many(S, blob, 2))
    assert [(s.a, s.b) for s in got] == [(1, b"x"), (2, b"yz")] and got[0]._b_base_ is None
    assert [c.value for c in unpack_many(ct.c_char, b"a\0", 2)] == [b"a", b"\0"]
    floats = list(unpack_many(ct.c_float, bytes(ct.c_float(1.5)), 1))   # not through int
    assert type(floats[0]) is ct.c_float and floats[0].value == 1.5
    big = list(unpack_many(ct.c_uint64, (2 ** 64 - 1).to_bytes(8, "little"), 1))
    assert type(big[0]) is ct.c_uint64 and big[0].value == 2 ** 64 - 1
