"""BCC's batch table methods, zero(), the LPM trie and the small BPF helpers, on real maps."""
import ctypes as ct
import time

import pytest

from pybpf import BPF

TABLES = r"""
struct lpm_key_v4 { u32 prefixlen; u32 addr; };
BPF_HASH(counts, u32, u64, 1024);
BPF_PERCPU_HASH(pc, u32, u64, 64);
BPF_LPM_TRIE(routes, struct lpm_key_v4, u32, 128);
int unused(void *ctx) { return 0; }
"""


@pytest.fixture(scope="module")
def b():
    bpf = BPF(text=TABLES)
    yield bpf
    bpf.cleanup()


def _fill(t, n):
    t.clear()
    keys = (t.Key * n)(*range(n))
    values = (t.Leaf * n)(*(i * 10 for i in range(n)))
    t.items_update_batch(keys, values)
    return keys


def test_items_update_and_lookup_batch(b):
    t = b["counts"]
    _fill(t, 500)
    got = dict((k.value, v.value) for k, v in t.items_lookup_batch())
    assert got == {i: i * 10 for i in range(500)}
    assert all(type(k) is ct.c_uint and type(v) is ct.c_ulonglong
               for k, v in t.items_lookup_batch())
    with pytest.raises(ValueError):
        t.items_update_batch((t.Key * 2)(1, 2), (t.Leaf * 3)())
    # not arrays of exactly Key/Leaf: written one by one, converted
    t.items_update_batch([ct.c_uint(1000)], [ct.c_ulonglong(7)])
    assert t[ct.c_uint(1000)].value == 7


def test_items_lookup_and_delete_batch_empties(b):
    t = b["counts"]
    _fill(t, 300)
    got = sorted((k.value, v.value) for k, v in t.items_lookup_and_delete_batch())
    assert got == [(i, i * 10) for i in range(300)]
    assert t.items() == []


def test_items_delete_batch_some_keys_then_all(b):
    t = b["counts"]
    keys = _fill(t, 100)
    t.items_delete_batch((t.Key * 10)(*range(10)))
    assert sorted(k.value for k, _ in t.items()) == list(range(10, 100))
    t.items_delete_batch([ct.c_uint(10), 11])          # a list, ints too
    assert sorted(k.value for k, _ in t.items()) == list(range(12, 100))
    t.items_delete_batch()
    assert len(t) == 0
    del keys


def test_zero_keeps_keys_and_zeroes_leaves(b):
    t = b["counts"]
    _fill(t, 50)
    t.zero()
    items = t.items()
    assert len(items) == 50 and not any(v.value for _, v in items)
    pc = b["pc"]
    pc[ct.c_uint(3)] = 5
    pc.zero()
    assert list(pc[ct.c_uint(3)]) == [0] * pc.total_cpu


def test_lpm_trie_longest_prefix_match(b):
    t = b["routes"]
    Key = t.Key

    def ip(a, b_, c, d):
        return a | b_ << 8 | c << 16 | d << 24      # network order in memory

    t[Key(8, ip(10, 0, 0, 0))] = ct.c_uint(1)
    t[Key(24, ip(10, 1, 2, 0))] = ct.c_uint(2)
    assert t[Key(32, ip(10, 1, 2, 3))].value == 2      # the longest prefix wins
    assert t[Key(32, ip(10, 9, 9, 9))].value == 1
    with pytest.raises(KeyError):
        t[Key(32, ip(192, 168, 0, 1))]
    assert sorted(v.value for _, v in t.items()) == [1, 2]
    t.clear()
    assert t.items() == []


def test_monotonic_time_is_the_kernels_clock():
    before = time.monotonic_ns()
    now = BPF.monotonic_time()
    assert before <= now <= time.monotonic_ns()


def test_syscall_name_and_printb(capsysbinary):
    from pybpf.bcc.syscall_names import syscall_name
    from pybpf.bcc.utils import printb

    import os
    if os.uname().machine == "x86_64":
        assert syscall_name(0) == b"read" and syscall_name(59) == b"execve"
    assert syscall_name(99999) == b"[unknown: 99999]"
    import sys
    printb(b"caf\xc3\xa9 \xff", file=sys.stdout)    # BCC binds the default at import
    assert capsysbinary.readouterr().out == b"caf\xc3\xa9 \xff\n"


CGROUP_FILTER = r"""
BPF_CGROUP_ARRAY(cgroups, 1);
BPF_HASH(hits, u32, u64);
TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    if (cgroups.check_current_task(0) != 1)     /* 1: under the cgroup in slot 0 */
        return 0;
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    hits.increment(pid);
    return 0;
}
"""


def test_cgroup_array_from_a_path_filters_by_cgroup(cgroup2):
    """BCC's CgroupArray: ``table[i] = "/path/to/cgroup"`` stores the cgroup (opened, its
    fd passed to the kernel, closed); the program asks whether the task is under it."""
    import os

    with BPF(text=CGROUP_FILTER) as b:
        b["cgroups"][0] = cgroup2.path
        res = cgroup2.python("for _ in range(3): os.getppid()\nprint(os.getpid())")
        assert res.returncode == 0, res.stderr
        child = int(res.stdout.split()[-1])
        for _ in range(3):
            os.getppid()                               # not in the cgroup: not counted
        hits = {k.value: v.value for k, v in b["hits"].items()}
        # (>= : an interpreter's start-up may call getppid too)
        assert hits.get(child, 0) >= 3 and os.getpid() not in hits
