"""Map operations against real kernel maps, and events through ring and perf buffers."""
import ctypes as ct
import os

import pytest

from pybpf import Object, PerfBuffer, RingBuffer

PROG = os.path.join(os.path.dirname(__file__), "progs", "maps.bpf.c")


@pytest.fixture
def obj():
    o = Object.open(PROG)
    o.globals["target_pid"] = os.getpid()
    with o.load():
        for link in o.attach_all():
            pass
        yield o


def test_hash_map_filled_by_program_decodes_with_btf_types(obj):
    for _ in range(3):
        os.getppid()
    by_task = obj.map("by_task")
    KeyT, ValT = by_task.ctypes_types()
    assert [f[0] for f in KeyT._fields_] == ["pid", "comm"]
    items = [(KeyT.from_buffer_copy(k), ValT.from_buffer_copy(v)) for k, v in by_task.items()]
    assert len(items) == 1
    key, val = items[0]
    assert key.pid == os.getpid()
    assert key.comm == open("/proc/self/comm", "rb").read().strip()[:15]
    assert val.count == 3 and val.last_ns > 0


def test_array_update_lookup_delete_semantics(obj):
    slots = obj.map("slots")
    slots[3] = (7).to_bytes(8, "little")
    slots.update(ct.c_uint32(4), ct.c_uint64(9))
    assert int.from_bytes(slots[3], "little") == 7
    assert ct.c_uint64.from_buffer(slots.lookup(ct.c_uint32(4))).value == 9
    assert len(slots.keys()) == 8
    slots.clear()
    assert all(v == bytes(8) for v in slots.values())


def test_hash_missing_key_is_keyerror_and_delete_reports(obj):
    by_task = obj.map("by_task")
    KeyT, ValT = by_task.ctypes_types()
    missing = KeyT(pid=1)
    with pytest.raises(KeyError):
        by_task[missing]
    assert by_task.lookup(missing) is None
    assert by_task.delete(missing) is False
    by_task[missing] = ValT(count=5)
    assert ValT.from_buffer_copy(by_task[missing]).count == 5
    del by_task[missing]
    assert missing not in by_task


def test_hash_batch_items_and_clear_many(obj):
    by_task = obj.map("by_task")
    KeyT, ValT = by_task.ctypes_types()
    for i in range(1000):
        by_task[KeyT(pid=i)] = ValT(count=i)
    items = by_task.items()
    assert by_task._batch_ok          # the batch path ran (kernel >= 5.6), not the fallback
    assert len(items) == 1000
    assert sorted(KeyT.from_buffer_copy(k).pid for k, _ in items) == list(range(1000))
    by_task.clear()
    assert len(by_task) == 0


def test_percpu_values_one_per_cpu(obj):
    from pybpf.maps.base import percpu_values

    os.getppid()
    per = obj.map("percpu")
    vals = percpu_values(per[0], per.value_size, ct.c_uint64)
    assert len(vals) == per.ncpus
    assert sum(v.value for v in vals) == 1


def test_queue_push_pop_peek(obj):
    fifo = obj.map("fifo")
    for v in (1, 2, 3):
        fifo.push(ct.c_uint32(v))
    assert int.from_bytes(fifo.peek(), "little") == 1
    assert [int.from_bytes(fifo.pop(), "little") for _ in range(3)] == [1, 2, 3]
    assert fifo.pop() is None


def test_ring_buffer_events(obj):
    got = []
    with RingBuffer(obj.map("events"), lambda data: got.append(int.from_bytes(data, "little"))) as rb:
        for i in range(5):
            libc_getpgid(i + 1000)
        rb.poll(1000)
        rb.consume()
    assert got == [1000, 1001, 1002, 1003, 1004]


def test_ring_buffer_callback_exception_stops_poll_and_propagates(obj):
    calls = []

    def cb(data):
        calls.append(data)
        raise ValueError("boom")

    with RingBuffer(obj.map("events"), cb) as rb:
        libc_getpgid(1)
        libc_getpgid(2)
        with pytest.raises(ValueError, match="boom"):
            rb.poll(1000)
    assert len(calls) == 1


def test_perf_buffer_events(obj):
    got = []
    with PerfBuffer(obj.map("perf_events"),
                    lambda cpu, data: got.append(int.from_bytes(data, "little"))) as pb:
        for i in range(4):
            libc_getpgid(i + 2000)
        pb.poll(1000)
        pb.consume()
    assert sorted(got) == [2000, 2001, 2002, 2003]
    assert pb.lost == 0


libc = ct.CDLL("libc.so.6", use_errno=True)


def libc_getpgid(pid):
    # getpgid(pid) on a pid that does not exist fails fast with ESRCH; the tracepoint fires
    libc.getpgid(pid)


@pytest.mark.parametrize("map_type", ["HASH", "PERCPU_HASH", "ARRAY", "PERCPU_ARRAY"])
def test_clear_in_several_batches(map_type):
    from array import array

    from pybpf._libbpf import syscalls as sc
    from pybpf.maps import base as mb

    n = 10_000                      # more than one 4096-entry batch
    mtype = getattr(mb, map_type)
    fd = sc.map_create(mtype, 4, 8, n, "clear_many")
    with mb.Map(fd, name="clear_many", map_type=mtype, key_size=4, value_size=8,
                max_entries=n, owned_fd=True) as m:
        slot = m.stored_value_size // 8
        values = array("Q", [v for i in range(n) for v in [i + 1] * slot]).tobytes()
        sc.map_update_batch(fd, array("I", range(n)).tobytes(), values, n)
        assert m.items_packed()[2] == n
        m.clear()
        assert m._batch_ok           # the batch path ran, not the fallback
        keys, vals, count = m.items_packed()
        if mtype in mb.ARRAY_TYPES:
            assert count == n and not any(vals)
        else:
            assert count == 0


@pytest.mark.parametrize("map_type,key_format", [
    ("HASH", "I"), ("PERCPU_HASH", "I"), ("ARRAY", "I"),
    ("HASH", "H")])     # keys shorter than the hash map's 4-byte batch token
def test_items_chunks_read_while_decoding(map_type, key_format, monkeypatch):
    """A large map is read by batches on a thread while the caller takes the pieces: every
    entry arrives exactly once, in pieces, whatever the map type."""
    from array import array

    from pybpf._libbpf import syscalls as sc
    from pybpf.maps import base as mb

    # the threaded read also on a single-CPU machine (it is the path under test), and not
    # the one-piece read
    monkeypatch.setattr(sc, "_cpus_available", lambda: 2)

    def not_this_path(*args, **kwargs):
        raise AssertionError("the one-piece read ran")
    n = 40_000                      # above the 16 k threshold: the threaded read
    key_size = array(key_format).itemsize
    mtype = getattr(mb, map_type)
    fd = sc.map_create(mtype, key_size, 8, n, "chunks")
    with mb.Map(fd, name="chunks", map_type=mtype, key_size=key_size, value_size=8,
                max_entries=n, owned_fd=True) as m:
        slot = m.stored_value_size // 8
        values = array("Q", [v for i in range(n) for v in [i * 3] * slot]).tobytes()
        sc.map_update_batch(fd, array(key_format, range(n)).tobytes(), values, n)
        monkeypatch.setattr(sc, "map_lookup_batch", not_this_path)
        pieces, seen = 0, {}
        for keys, vals, count in m.items_chunks():
            pieces += 1
            ks, vs = keys.cast(key_format), vals.cast("Q")
            assert len(ks) == count and len(vs) == count * slot
            for i, k in enumerate(ks):
                assert k not in seen
                seen[k] = vs[i * slot]
        assert pieces >= 1
        assert seen == {i: i * 3 for i in range(n)}
        # a caller that stops early leaves nothing running
        chunks = m.items_chunks()
        next(chunks)
        chunks.close()
        import threading
        assert not [t for t in threading.enumerate() if t.name == "pybpf-map-read"]


def test_bcc_items_of_a_large_table_through_pieces():
    from pybpf.bcc import BPF

    n = 20_000
    b = BPF(text=f"BPF_HASH(big, u32, u64, {n}); "
                 "TRACEPOINT_PROBE(syscalls, sys_enter_getppid) { return 0; }")
    try:
        t = b["big"]
        for i in range(n):
            t[ct.c_uint(i)] = ct.c_ulonglong(i * 7)
        items = t.items()
        assert len(items) == n
        assert {k.value: v.value for k, v in items} == {i: i * 7 for i in range(n)}
        assert isinstance(items[0][0], ct.c_uint) and isinstance(items[0][1], ct.c_ulonglong)
    finally:
        b.cleanup()
