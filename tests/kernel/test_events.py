"""Event delivery through ring and perf buffers: batches, ordering, exceptions mid-batch,
perf wakeup watermarks, lost samples, and the RecordBatch fast path."""
import ctypes as ct
import os
import struct
import time

import pytest

from pybpf import Object, PerfBuffer, PybpfError, RingBuffer
from pybpf._libbpf.buffers import BATCH_RECORDS
from pybpf.events import RecordBatch

PROG = os.path.join(os.path.dirname(__file__), "progs", "events.bpf.c")
libc = ct.CDLL("libc.so.6", use_errno=True)


def emit(*values):
    """Each getpgid(n) from this process makes the program emit n (a pid that does not
    exist: the call fails fast with ESRCH after the tracepoint fired)."""
    for n in values:
        libc.getpgid(n)


@pytest.fixture
def obj():
    o = Object.open(PROG)
    o.globals["target_pid"] = os.getpid()
    with o.load():
        links = o.attach_all()
        yield o
        for link in links:
            link.close()


def u64(data) -> int:
    return int.from_bytes(data[:8], "little")


def test_ring_buffer_delivers_more_than_a_batch_in_order(obj):
    n = BATCH_RECORDS * 2 + 100
    got = []
    with RingBuffer(obj.map("ring_a"), lambda data: got.append(u64(data))) as rb:
        emit(*range(1000, 1000 + n))
        assert rb.consume() == n
    assert got == list(range(1000, 1000 + n))


def test_ring_buffer_raw_callback_gets_address_and_size(obj):
    got = []
    with RingBuffer(obj.map("ring_a"),
                    lambda addr, size: got.append((ct.c_uint64.from_address(addr).value, size)),
                    raw=True) as rb:
        emit(7, 8)
        rb.poll(1000)
    assert got == [(7, 8), (8, 8)]


def test_ring_buffer_ctx_comes_first(obj):
    got = []
    with RingBuffer(obj.map("ring_a"), lambda ctx, addr, size: got.append((ctx, size)),
                    raw=True, ctx="mine") as rb:
        emit(3)
        rb.poll(1000)
    assert got == [("mine", 8)]


def test_ring_buffer_exception_mid_batch_keeps_the_rest_for_the_next_poll(obj):
    got = []

    def cb(data):
        value = u64(data)
        if value == 103 and 103 not in got:
            got.append(value)
            raise ValueError("boom at 103")
        got.append(value)

    with RingBuffer(obj.map("ring_a"), cb) as rb:
        emit(*range(100, 110))
        with pytest.raises(ValueError, match="boom at 103"):
            rb.poll(1000)
        assert got == [100, 101, 102, 103]
        rb.consume()        # the records after the failing one, then the kernel's
    assert got == list(range(100, 110))


def test_ring_buffer_records_across_the_end_of_the_ring(obj):
    # 40 rounds of 50 records of 16-48 bytes: 64 KiB through a 4 KiB ring, so records
    # straddle its end (the data pages are mapped twice in a row to keep them contiguous)
    got = []
    with RingBuffer(obj.map("ring_c"), lambda data: got.append(data)) as rb:
        for start in range(1000, 3000, 50):
            emit(*range(start, start + 50))
            rb.consume()
        assert obj.map("ring_c").max_entries == 4096
    assert len(got) == 2000
    for n, data in zip(range(1000, 3000), got):
        assert len(data) == 4 + (n % 5) * 8
        assert data == (n.to_bytes(8, "little") * 5)[:len(data)]


def test_ring_buffer_refuses_other_maps_and_closed_use(obj):
    with pytest.raises(PybpfError, match="not a ring buffer"):
        RingBuffer(obj.map("samples"), lambda data: None)
    rb = RingBuffer(obj.map("ring_a"), lambda data: None)
    fd = rb.epoll_fd
    assert fd >= 0
    rb.close()
    rb.close()
    with pytest.raises(ValueError, match="closed"):
        rb.poll(0)


def test_ring_buffer_epoll_fd_becomes_readable(obj):
    import select

    with RingBuffer(obj.map("ring_a"), lambda data: None) as rb:
        assert select.select([rb.epoll_fd], [], [], 0)[0] == []
        emit(1)
        assert select.select([rb.epoll_fd], [], [], 5)[0] == [rb.epoll_fd]
        assert rb.consume() == 1
        assert select.select([rb.epoll_fd], [], [], 0)[0] == []


def test_two_ring_buffers_in_one_poll_reach_their_own_callbacks(obj):
    a, b = [], []
    with RingBuffer(obj.map("ring_a"), lambda data: a.append(u64(data))) as rb:
        rb.add(obj.map("ring_b"), lambda data: b.append(u64(data)))
        emit(*range(1, 11))
        rb.consume()
    assert a == list(range(1, 11))
    assert b == [1, 3, 5, 7, 9]


def test_ring_buffer_batch_fast_path(obj):
    batches = []

    def on_batch(batch):
        assert isinstance(batch, RecordBatch)
        values = list(batch.array(ct.c_uint64))
        batches.append((len(batch), values, bytes(batch.data), [bytes(r) for r in batch],
                        batch.stride))

    with RingBuffer(obj.map("ring_a"), on_batch, batch=True) as rb:
        emit(*range(500, 600))
        rb.consume()
    assert sum(n for n, *_ in batches) == 100
    values = [v for _, vs, *_ in batches for v in vs]
    assert values == list(range(500, 600))
    data = b"".join(d for _, _, d, _, _ in batches)
    assert [v for (v,) in struct.iter_unpack("<Q", data)] == values
    assert [u64(r) for *_, records, _ in batches for r in records] == values
    assert {stride for *_, stride in batches} == {8}


def test_record_batch_array_refuses_a_type_of_another_size():
    blob = (ct.c_char * 24)()
    base = ct.addressof(blob)
    batch = RecordBatch(0, [base, base + 12], [12, 12])
    with pytest.raises(ValueError, match="not all 8 bytes"):
        batch.array(ct.c_uint64)
    assert len(batch.array(ct.c_char * 12)) == 2
    assert RecordBatch(0, [], []).data.tobytes() == b""


def test_perf_buffer_samples_from_every_cpu(obj):
    got = []
    with PerfBuffer(obj.map("samples"), lambda cpu, data: got.append(u64(data)),
                    page_cnt=64) as pb:
        emit(*range(2000, 2000 + 3000))
        pb.consume()
        assert pb.lost == 0
    assert sorted(got) == list(range(2000, 5000))


def test_perf_buffer_lone_sample_arrives_before_the_timeout(obj):
    # below the wakeup watermark: poll() reads the rings itself instead of waiting on epoll
    got = []
    with PerfBuffer(obj.map("samples"), lambda cpu, data: got.append(u64(data))) as pb:
        emit(42)
        t0 = time.monotonic()
        pb.poll(10_000)
        waited = time.monotonic() - t0
        assert got == [42]
        assert waited < 5, f"poll waited {waited:.1f} s for a sample that was ready"
        emit(43)
        pb.poll(-1)          # returns once something arrived
        assert got == [42, 43]


def test_perf_buffer_poll_with_nothing_returns_at_the_timeout(obj):
    with PerfBuffer(obj.map("samples"), lambda cpu, data: None) as pb:
        t0 = time.monotonic()
        assert pb.poll(50) == 0
        assert time.monotonic() - t0 >= 0.04


def test_perf_buffer_wakeup_per_sample_when_asked(obj):
    got = []
    with PerfBuffer(obj.map("samples"), lambda cpu, data: got.append(u64(data)),
                    wakeup_events=1) as pb:
        assert pb._handle.watermark == 0
        emit(5)
        pb.poll(5000)
    assert got == [5]


def test_perf_buffer_exception_mid_batch_keeps_the_rest(obj):
    got = []

    def cb(cpu, data):
        value = u64(data)
        got.append(value)
        if value == 12 and got.count(12) == 1:
            raise KeyError("twelve")

    with PerfBuffer(obj.map("samples"), cb) as pb:
        emit(*range(10, 20))
        with pytest.raises(KeyError, match="twelve"):
            pb.consume()
        pb.consume()
    assert sorted(got) == list(range(10, 20))


def test_perf_buffer_lost_samples_are_all_accounted_for(obj):
    got, lost = [], []
    with PerfBuffer(obj.map("samples"), lambda cpu, data: got.append(u64(data)),
                    lambda cpu, count: lost.append(count), page_cnt=1) as pb:
        emit(*range(1, 3001))           # a 4 KiB ring per CPU holds ~170 samples
        pb.consume()
        emit(99_999)   # the kernel writes its LOST record before the next sample it can
        pb.consume()
        assert got[-1] == 99_999
        assert sum(lost) == pb.lost > 0
        assert len(got) + pb.lost == 3001


def test_perf_buffer_batch_fast_path(obj):
    seen = []

    def on_batch(batch):
        # perf pads each 8-byte sample to 12 bytes (4-byte size header + 8-byte alignment)
        assert batch.stride == 12
        seen.extend(v for (v, _) in struct.iter_unpack("<QI", bytes(batch.data)))
        assert batch.cpu >= 0

    with PerfBuffer(obj.map("samples"), on_batch, batch=True, page_cnt=64) as pb:
        emit(*range(300, 400))
        pb.consume()
    assert sorted(seen) == list(range(300, 400))
