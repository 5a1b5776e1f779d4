"""Each BCC map method and probe kind, run in the kernel and checked from Python."""
import ctypes as ct
import os

import pytest

from pybpf import BPF

METHODS = r"""
#include <uapi/linux/ptrace.h>

BPF_HASH(init_or_lookup, u32, u64);
BPF_HASH(inserted, u32, u64);
BPF_HASH(deleted, u32, u64);
BPF_HASH(incremented, u32, u64);
BPF_ARRAY(atomics, u64, 4);
BPF_QUEUE(fifo, u32, 8);
BPF_STACK(lifo, u32, 8);
BPF_ARRAY(popped, u32, 4);
BPF_RINGBUF_OUTPUT(rb, 1);
BPF_STACK_TRACE(stacks, 64);
BPF_HASH(stack_ids, u32, int);
BPF_HISTOGRAM(hist);

struct rec_t { u32 pid; u32 seq; };

TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    u64 zero = 0, one = 1, *v;
    u32 x, k0 = 0, k1 = 1;
    int idx = 0;

    if (pid != TARGET_PID)
        return 0;
    v = init_or_lookup.lookup_or_try_init(&pid, &zero);
    if (v)
        (*v) += 10;
    inserted.insert(&pid, &one);
    inserted.insert(&pid, &zero);          /* exists: insert must not overwrite */
    deleted.update(&pid, &one);
    deleted.delete(&pid);
    incremented.increment(pid);
    incremented.increment(pid, 5);
    atomics.atomic_increment(idx);
    atomics.atomic_increment(1, 3);

    x = 7; fifo.push(&x, 0); x = 8; fifo.push(&x, 0);
    x = 7; lifo.push(&x, 0); x = 8; lifo.push(&x, 0);
    if (fifo.pop(&x) == 0) popped.update(&k0, &x);     /* queue: first in, 7 */
    if (lifo.peek(&x) == 0) popped.update(&k1, &x);    /* stack: last in, 8 */

    struct rec_t *r = rb.ringbuf_reserve(sizeof(struct rec_t));
    if (r) {
        r->pid = pid;
        r->seq = 1;
        rb.ringbuf_submit(r, 0);
    }
    r = rb.ringbuf_reserve(sizeof(struct rec_t));
    if (r)
        rb.ringbuf_discard(r, 0);

    int sid = stacks.get_stackid(args, 0);
    stack_ids.update(&pid, &sid);
    hist.increment(bpf_log2l(1000));
    return 0;
}
"""


@pytest.fixture(scope="module")
def b():
    bpf = BPF(text=METHODS, cflags=[f"-DTARGET_PID={os.getpid()}"])
    records = []
    bpf["rb"].open_ring_buffer(lambda ctx, data, size: records.append(
        (bpf["rb"].event(data).pid, bpf["rb"].event(data).seq)))
    for _ in range(2):
        os.getppid()
    bpf.ring_buffer_consume()
    bpf.records = records
    yield bpf
    bpf.cleanup()


def test_lookup_or_try_init(b):
    assert b["init_or_lookup"][ct.c_uint(os.getpid())].value == 20


def test_insert_does_not_overwrite(b):
    assert b["inserted"][ct.c_uint(os.getpid())].value == 1


def test_delete(b):
    assert ct.c_uint(os.getpid()) not in b["deleted"]


def test_increment_with_and_without_amount(b):
    assert b["incremented"][ct.c_uint(os.getpid())].value == 12


def test_atomic_increment(b):
    assert b["atomics"][0].value == 2 and b["atomics"][1].value == 6


def test_queue_and_stack_push_pop_peek(b):
    # two runs: each pushes 7 then 8 and pops one from the queue, peeks the stack
    # queue: [7, 8] -> pop 7 -> [8] -> [8, 7, 8] -> pop 8 -> [7, 8]
    # stack: [7, 8] -> peek 8 -> [7, 8, 7, 8] -> peek 8
    assert b["popped"][0].value == 8 and b["popped"][1].value == 8
    assert b["fifo"].peek().value == 7
    assert [b["lifo"].pop().value for _ in range(4)] == [8, 7, 8, 7]
    with pytest.raises(KeyError):
        b["lifo"].pop()


def test_ringbuf_reserve_submit_discard(b):
    assert b.records == [(os.getpid(), 1), (os.getpid(), 1)]


def test_get_stackid_and_walk(b):
    sid = b["stack_ids"][ct.c_uint(os.getpid())].value
    assert sid >= 0
    frames = list(b["stacks"].walk(sid))
    assert frames and all(b.ksym(addr) != b"[unknown]" for addr in frames)


def test_histogram_increment(b, capsys):
    b["hist"].print_log2_hist("usecs")
    out = capsys.readouterr().out
    assert "512 -> 1023" in out and "|****************************************|" in out


RINGBUF_FLOOD = r"""
BPF_RINGBUF_OUTPUT(small, 1);
struct big_t { char pad[1000]; };

struct small_t { char pad[400]; };

TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID)
        return 0;
    struct big_t *rec = small.ringbuf_reserve(sizeof(struct big_t));
    if (rec)
        small.ringbuf_submit(rec, 0);
    return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_getpgid) {
    struct small_t rec = {};
    if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID)
        return 0;
    small.ringbuf_output(&rec, sizeof(rec), 0);
    return 0;
}
"""


def test_ring_buffer_drops_are_counted_and_reported(capfd):
    with BPF(text=RINGBUF_FLOOD, cflags=[f"-DTARGET_PID={os.getpid()}"]) as b:
        got = []
        b["small"].open_ring_buffer(lambda ctx, data, size: got.append(size))
        for _ in range(10):          # one page holds 4 reserved records of 1 KB: 6 refused
            os.getppid()
        b.ring_buffer_consume()
        assert len(got) == 4 and b["small"].drops() == 6
        assert "Possibly lost 6 samples" in capfd.readouterr().err
        b.ring_buffer_consume()      # reported once, not again
        assert "Possibly lost" not in capfd.readouterr().err
        libc = ct.CDLL("libc.so.6")
        for _ in range(12):          # ringbuf_output: 10 records of 400 B fit in a page
            libc.getpgid(0)
        b.ring_buffer_consume()
        assert len(got) == 14 and b["small"].drops() == 8
        assert "Possibly lost 2 samples" in capfd.readouterr().err
        assert "small__pybpf_drops" not in b.module.globals.names()
