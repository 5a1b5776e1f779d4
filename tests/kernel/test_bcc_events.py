"""BCC's event API: open_perf_buffer/open_ring_buffer, .event(), perf_buffer_poll over
several buffers, lost-sample reports, and pybpf's batch extension."""
import ctypes as ct
import os
import re
import time

import pytest

from pybpf import BPF

EVENTS = r"""
struct data_t { u32 pid; u32 seq; u64 ts; char comm[16]; };
BPF_PERF_OUTPUT(first);
BPF_PERF_OUTPUT(second);
BPF_RINGBUF_OUTPUT(ring, 64);

TRACEPOINT_PROBE(syscalls, sys_enter_getpgid) {
    struct data_t d = {};
    d.pid = bpf_get_current_pid_tgid() >> 32;
    if (d.pid != TARGET_PID)
        return 0;
    d.seq = args->pid;
    d.ts = bpf_ktime_get_ns();
    bpf_get_current_comm(&d.comm, sizeof(d.comm));
    if (d.seq % 2)
        second.perf_submit(args, &d, sizeof(d));
    else
        first.perf_submit(args, &d, sizeof(d));
    ring.ringbuf_output(&d, sizeof(d), 0);
    return 0;
}
"""
libc = ct.CDLL("libc.so.6")


def emit(*seqs):
    for n in seqs:
        libc.getpgid(n)


@pytest.fixture
def b():
    bpf = BPF(text=EVENTS, cflags=[f"-DTARGET_PID={os.getpid()}"])
    yield bpf
    bpf.cleanup()


def test_event_decodes_the_submitted_struct(b):
    got = []

    def on_event(cpu, data, size):
        event = b["first"].event(data)
        got.append((event.pid, event.seq, event.comm, size))

    b["first"].open_perf_buffer(on_event)
    emit(10)
    b.perf_buffer_poll(5000)
    assert got == [(os.getpid(), 10, got[0][2], 36)]     # 32-byte struct, padded by perf
    assert got[0][2]      # the comm of this process


def test_event_accepts_a_pointer_as_bcc_does(b):
    b["first"].open_perf_buffer(lambda cpu, data, size: None)
    record = (ct.c_char * 32)()
    ct.memmove(record, (7).to_bytes(4, "little") + (9).to_bytes(4, "little"), 8)
    assert b["first"].event(ct.addressof(record)).seq == 9
    assert b["first"].event(ct.c_void_p(ct.addressof(record))).seq == 9
    assert b["first"].event(ct.cast(record, ct.c_void_p)).pid == 7


def test_perf_buffer_poll_over_two_buffers_delivers_lone_samples(b):
    got = []
    b["first"].open_perf_buffer(lambda cpu, data, size: got.append(b["first"].event(data).seq))
    b["second"].open_perf_buffer(lambda cpu, data, size: got.append(b["second"].event(data).seq))
    emit(1)
    t0 = time.monotonic()
    b.perf_buffer_poll(10_000)
    assert got == [1]
    assert time.monotonic() - t0 < 5, "a ready sample below the watermark waited for the timeout"
    emit(2, 3)
    deadline = time.monotonic() + 5
    while len(got) < 3 and time.monotonic() < deadline:
        b.perf_buffer_poll()
    assert sorted(got) == [1, 2, 3]


def test_perf_buffer_wakeup_events_like_bcc(b):
    got = []
    b["first"].open_perf_buffer(lambda cpu, data, size: got.append(b["first"].event(data).seq),
                                wakeup_events=1)
    emit(4, 6)
    b.perf_buffer_poll(5000)
    b.perf_buffer_consume()
    assert got == [4, 6]


def test_every_lost_sample_reaches_lost_cb_right_after_the_burst(b):
    # the program counts refused perf_submits; the kernel's own report would come only
    # ahead of a later sample
    got, lost = [], []
    b["first"].open_perf_buffer(lambda cpu, data, size: got.append(1), page_cnt=1,
                                lost_cb=lost.append)
    emit(*range(0, 4000, 2))         # 2000 samples of 48 bytes into a 4 KiB ring
    b.perf_buffer_consume()
    assert sum(lost) > 0
    assert len(got) + sum(lost) == 2000
    assert b["first"].drops() == sum(lost)
    b.perf_buffer_poll(0)
    assert len(got) + sum(lost) == 2000       # reported once


def test_lost_samples_without_lost_cb_are_reported_on_stderr(b, capfd):
    got = []
    b["first"].open_perf_buffer(lambda cpu, data, size: got.append(1), page_cnt=1)
    emit(*range(0, 2000, 2))
    b.perf_buffer_consume()
    reported = re.findall(r"Possibly lost (\d+) samples", capfd.readouterr().err)
    assert len(got) + sum(map(int, reported)) == 1000


def test_perf_buffer_batch_extension(b):
    seqs = []

    Data = b["first"].event_type     # the struct the program submits

    b["first"].open_perf_buffer(lambda batch: seqs.extend(r.seq for r in batch.array(Data)),
                                batch=True, page_cnt=64)
    emit(*range(0, 400, 2))
    b.perf_buffer_poll(5000)
    b.perf_buffer_consume()
    assert sorted(seqs) == list(range(0, 400, 2))


def test_ring_buffer_callback_gets_ctx_and_batch_extension(b):
    got = []
    b["ring"].open_ring_buffer(
        lambda ctx, data, size: got.append((ctx, b["ring"].event(data).seq, size)), ctx="c")
    emit(5, 6)
    b.ring_buffer_poll(5000)
    assert got == [("c", 5, 32), ("c", 6, 32)]


def test_ring_buffer_batch_extension(b):
    seqs = []

    def on_batch(ctx, batch):
        seqs.extend((ctx, r.seq) for r in batch.array(b["ring"].event_type))

    b["ring"].open_ring_buffer(on_batch, ctx=1, batch=True)
    emit(*range(50, 60))
    b.ring_buffer_consume()
    assert seqs == [(1, s) for s in range(50, 60)]
