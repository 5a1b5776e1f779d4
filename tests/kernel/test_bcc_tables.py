"""BCC table API on real maps: the by-address fast path (exact Key/Leaf objects), the general
path (ints, bytes, other types, shorter buffers), items() decoding and clear()."""
import ctypes as ct
import os

import pytest

from pybpf import BPF
from pybpf.errors import SyscallError

TABLES = r"""
struct msg_t { char message[12]; };
struct key_t { u32 pid; char comm[16]; };
struct val_t { u64 count; u32 flags; char tag[4]; };
typedef u64 pair_t[2];

BPF_HASH(counts, u32, u64, 4096);
BPF_HASH(tiny, u32, u64, 2);
BPF_HASH(config, u32, struct msg_t);
BPF_HASH(seen, u32, struct msg_t);
BPF_HASH(by_key, struct key_t, struct val_t);
BPF_HASH(pairs, u32, pair_t);
BPF_ARRAY(slots, u64, 8);
BPF_PERCPU_HASH(pc_hash, u32, u64);
BPF_PERCPU_ARRAY(pc_narrow, u32, 4);
TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    u32 pid = bpf_get_current_pid_tgid() >> 32, zero = 0;
    if (pid != TARGET_PID)
        return 0;
    struct msg_t *m = config.lookup(&zero);
    if (m)
        seen.update(&zero, m);      /* what the program sees of Python's write */
    pc_hash.increment(pid);
    return 0;
}
"""


@pytest.fixture(scope="module")
def b():
    bpf = BPF(text=TABLES, cflags=[f"-DTARGET_PID={os.getpid()}"])
    yield bpf
    bpf.cleanup()


def test_exact_types_update_lookup_delete_items_clear(b):
    t = b["counts"]
    assert t.Key is ct.c_uint and t.Leaf is ct.c_ulonglong
    for i in range(1000):
        t[ct.c_uint(i)] = ct.c_ulonglong(i * 3)
    assert t[ct.c_uint(7)].value == 21 and type(t[ct.c_uint(7)]) is ct.c_ulonglong
    items = t.items()
    assert len(items) == 1000 and sum(v.value for _, v in items) == 3 * 999 * 1000 // 2
    assert all(type(k) is ct.c_uint and type(v) is ct.c_ulonglong for k, v in items)
    assert sorted(k.value for k, _ in items) == list(range(1000))
    del t[ct.c_uint(7)]
    with pytest.raises(KeyError):
        t[ct.c_uint(7)]
    with pytest.raises(KeyError):
        del t[ct.c_uint(7)]
    assert ct.c_uint(7) not in t and ct.c_uint(8) in t
    t.clear()
    assert t.items() == [] and len(t) == 0


def test_general_path_ints_bytes_and_other_types(b):
    t = b["counts"]
    t[1] = 10
    t[ct.c_uint(2)] = (20).to_bytes(8, "little")
    t[ct.c_int(3)] = ct.c_ulonglong(30)
    t[ct.c_uint(4)] = ct.c_uint(40)                  # narrower leaf: zero-padded
    got = {k.value: v.value for k, v in t.items()}
    assert got == {1: 10, 2: 20, 3: 30, 4: 40}
    assert t[1].value == 10 and t[ct.c_int(4)].value == 40
    del t[1]
    with pytest.raises(KeyError):
        t[1]
    t.clear()


def test_errors_other_than_enoent_are_not_keyerror(b):
    t = b["tiny"]
    t[ct.c_uint(1)] = ct.c_ulonglong(1)
    t[ct.c_uint(2)] = ct.c_ulonglong(2)
    with pytest.raises(SyscallError) as exc:
        t[ct.c_uint(3)] = ct.c_ulonglong(3)          # the map is full: E2BIG
    assert not isinstance(exc.value, KeyError)
    t.clear()


def test_shorter_leaf_buffer_reaches_the_program_zero_padded(b):
    config, seen = b["config"], b["seen"]
    config[ct.c_uint(0)] = ct.create_string_buffer(b"a long text", 12)
    config[ct.c_uint(0)] = ct.create_string_buffer(b"Hey root!")   # 10 bytes into 12
    os.getppid()
    assert bytes(seen[ct.c_uint(0)]) == b"Hey root!" + bytes(3)
    msg = config.Leaf()
    msg.message = b"exact type"
    config[ct.c_uint(0)] = msg                         # the fast path
    os.getppid()
    assert seen[ct.c_uint(0)].message == b"exact type"


def test_struct_key_and_leaf(b):
    t = b["by_key"]
    key = t.Key(pid=5, comm=b"bash")
    t[key] = t.Leaf(count=9, flags=3, tag=b"ab")
    t[t.Key(pid=6, comm=b"vim")] = t.Leaf(count=1)
    got = t[t.Key(pid=5, comm=b"bash")]
    assert type(got) is t.Leaf and (got.count, got.flags, got.tag) == (9, 3, b"ab")
    items = sorted((k.pid, k.comm, v.count) for k, v in t.items())
    assert items == [(5, b"bash", 9), (6, b"vim", 1)]
    with pytest.raises(KeyError):
        t[t.Key(pid=7)]
    t.clear()
    assert t.items() == []


def test_array_leaf_items(b):
    t = b["pairs"]
    t[ct.c_uint(1)] = t.Leaf(1, 2)
    t[ct.c_uint(2)] = t.Leaf(3, 2 ** 64 - 1)
    assert sorted((k.value, list(v)) for k, v in t.items()) == [(1, [1, 2]),
                                                                (2, [3, 2 ** 64 - 1])]
    t.clear()


def test_array_negative_indexes_del_and_clear(b):
    t = b["slots"]
    t[-1] = ct.c_ulonglong(7)
    t[ct.c_uint(0)] = ct.c_ulonglong(5)
    assert t[7].value == 7 and t[ct.c_uint(7)].value == 7 and t[-8].value == 5
    with pytest.raises(IndexError):
        t[8]
    with pytest.raises(KeyError):
        t[ct.c_uint(8)]                                # past the end: ENOENT
    del t[ct.c_uint(0)]
    assert t[0].value == 0 and len(t) == 8
    t.clear()
    assert [v.value for _, v in t.items()] == [0] * 8


def test_percpu_hash_from_the_program_and_from_python(b):
    t = b["pc_hash"]
    me = ct.c_uint(os.getpid())
    before = t.sum(me).value if me in t else 0
    for _ in range(5):
        os.getppid()
    assert t.sum(me).value == before + 5 and len(t[me]) == t.total_cpu
    t[ct.c_uint(1)] = t.Leaf(*range(1, t.total_cpu + 1))
    t[ct.c_uint(2)] = 4                                # every CPU
    assert list(t[ct.c_uint(1)]) == list(range(1, t.total_cpu + 1))
    got = {k.value: list(v) for k, v in t.items()}
    assert got[2] == [4] * t.total_cpu and sum(got[os.getpid()]) == before + 5
    del t[ct.c_uint(2)]
    with pytest.raises(KeyError):
        t[ct.c_uint(2)]
    t.clear()
    assert t.items() == []


def test_percpu_array_of_narrow_values(b):
    t = b["pc_narrow"]                                 # u32: 8-byte slots per CPU
    t[1] = [t.sLeaf(i) for i in range(t.total_cpu)]
    t[-1] = 9
    items = {k.value: list(v) for k, v in t.items()}
    assert items[1] == list(range(t.total_cpu)) and items[3] == [9] * t.total_cpu
    assert items[0] == [0] * t.total_cpu
    t.clear()
    assert all(list(v) == [0] * t.total_cpu for _, v in t.items())


def test_prog_array_clear_empties_slots():
    # its own BPF: load_func's companion object lives as long as the BPF does
    with BPF(text="BPF_PROG_ARRAY(jumps, 4); int tail(void *ctx) { return 0; }") as b:
        t = b["jumps"]
        t[ct.c_int(1)] = b.load_func("tail", BPF.KPROBE)
        assert t[ct.c_int(1)].value > 0
        t.clear()                                      # fd arrays: slots deleted, not zeroed
        with pytest.raises(KeyError):
            t[ct.c_int(1)]
