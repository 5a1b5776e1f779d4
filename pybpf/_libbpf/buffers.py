"""Ring buffer and perf buffer consumers.

Records are copied into a batch in C (shim_events.c): by libbpf's perf buffer callbacks,
and by pybpf's own ring buffer reader. Python then delivers the batch in one loop. A sink receives ``(tag, addresses, sizes)`` for a run of
records: the tag is the ring buffer's index (ring buffers) or the CPU (perf buffers); the
addresses stay valid until the next poll. A sink removes what it delivered from the two
lists, so when a callback raises, the exception propagates from ``poll()``/``consume()`` and
the records not yet delivered come first in the next call: none is lost.
"""
from __future__ import annotations

import errno as _errno
import select
import time

from . import check_ptr, check_ret, ffi, lib
from . import syscalls as sc
from ..errors import PybpfError

BATCH_RECORDS = 4096   # records per batch: bounds the copy buffer, amortizes the loop
WATERMARK_LATENCY_MS = 20   # longest wait before reading rings whose wakeup is a watermark
_BATCH_FULL = lib.PYBPF_BATCH_FULL
_PAGE_SIZE = 4096
_RINGBUF = 27    # BPF_MAP_TYPE_RINGBUF
_unpack = ffi.unpack


def record_sink(callback):
    """A sink calling ``callback(address, size)`` per record."""

    def sink(tag, addrs, sizes):
        records = zip(addrs, sizes)
        try:
            for addr, size in records:
                callback(addr, size)
        except BaseException:
            _keep_undelivered(addrs, sizes, records)
            raise
        addrs.clear()
    return sink


TAG = object()


def prefixed_record_sink(callback, first=TAG):
    """A sink calling ``callback(first, address, size)`` per record: ``first`` is the run's
    tag by default (perf buffers: the CPU), or a constant (libbpf's and BCC's ring buffer
    ``ctx``; cheaper than a partial)."""

    def sink(tag, addrs, sizes):
        arg = tag if first is TAG else first
        records = zip(addrs, sizes)
        try:
            for addr, size in records:
                callback(arg, addr, size)
        except BaseException:
            _keep_undelivered(addrs, sizes, records)
            raise
        addrs.clear()
    return sink


def _keep_undelivered(addrs: list, sizes: list, records) -> None:
    # the zip iterator stopped after the record whose callback raised
    rest = list(records)
    addrs[:] = [a for a, _ in rest]
    sizes[:] = [s for _, s in rest]


class _Batch:
    """The C batch libbpf's callbacks fill, and its delivery to the sinks."""

    def __init__(self, ncpu: int = 1):
        self._b = ffi.new("struct pybpf_batch *")
        check_ret(lib.pybpf_batch_init(self._b, BATCH_RECORDS, ncpu), "pybpf_batch_init")
        self.pending: list = []        # [sink, tag, addresses, sizes] not yet delivered

    def deliver(self, sink_for) -> int:
        """Queue the records the last fill stored, deliver everything queued; returns the
        number of records the fill stored."""
        b = self._b
        n = b.count
        if n:
            lib.pybpf_batch_finish(b)
            addrs, sizes, tags = _unpack(b.addrs, n), _unpack(b.sizes, n), _unpack(b.tags, n)
            b.count = 0
            if tags[0] == tags[-1] and tags.count(tags[0]) == n:
                self.pending.append((sink_for(tags[0]), tags[0], addrs, sizes))
            else:
                # runs of one tag: libbpf drains ring by ring, CPU by CPU
                start = 0
                for i in range(1, n + 1):
                    if i == n or tags[i] != tags[start]:
                        tag = tags[start]
                        self.pending.append((sink_for(tag), tag, addrs[start:i],
                                             sizes[start:i]))
                        start = i
        self.flush()
        return n

    def flush(self) -> None:
        pending = self.pending
        while pending:
            sink, tag, addrs, sizes = pending[0]
            try:
                sink(tag, addrs, sizes)
            finally:
                if not addrs:
                    pending.pop(0)

    def reset(self) -> None:
        """Let the next fill reuse the memory (only once nothing is pending)."""
        lib.pybpf_batch_reset(self._b)

    @property
    def full(self) -> bool:
        return bool(self._b.full)

    def take_lost(self) -> list[tuple[int, int]]:
        """(cpu, count) of the kernel's PERF_RECORD_LOST reports since the last call, and
        (-1, count) for records dropped because the batch could not grow."""
        b = self._b
        out = []
        if b.any_lost:
            for cpu in range(b.ncpu):
                if b.lost_by_cpu[cpu]:
                    out.append((cpu, b.lost_by_cpu[cpu]))
                    b.lost_by_cpu[cpu] = 0
            b.any_lost = 0
        if b.lost_nomem:
            out.append((-1, b.lost_nomem))
            b.lost_nomem = 0
        return out

    def release(self) -> None:
        if self._b is not None:
            lib.pybpf_batch_release(self._b)
            self._b = None


class _BatchedBuffer:
    """What ring and perf buffers share: fill the batch through libbpf, deliver it, repeat
    while it came back full."""

    _ptr = None

    @property
    def _p(self):
        if self._ptr is None:
            raise ValueError("the buffer is closed")
        return self._ptr

    def _fill(self, fn, *args) -> tuple[int, int]:
        """(libbpf's return value, records delivered)."""
        batch = self._batch
        if batch.pending:
            batch.flush()      # leftovers of a callback that raised come first
        batch.reset()
        ret = fn(self._p, *args)
        got = batch.deliver(self._sink_for)
        while ret == _BATCH_FULL or batch.full:
            batch.reset()
            ret = self._consume_raw()
            got += batch.deliver(self._sink_for)
        self._after_delivery()
        return ret, got

    def _after_delivery(self) -> None:
        pass

    @staticmethod
    def _result(ret: int, got: int, what: str) -> int:
        # EINTR: a signal whose Python handler already ran (e.g. Ctrl-C), not an error
        if ret < 0 and ret != -_errno.EINTR:
            check_ret(ret, what)
        return got

    def consume(self) -> int:
        """Deliver what is ready without waiting; returns the number of records."""
        return self._result(*self._fill(self._consume_fn), self._consume_name)

    def close(self) -> None:
        if self._ptr is not None:
            self._free(self._ptr)
            self._ptr = None
            self._batch.release()


class RingBufferHandle:
    """BPF_MAP_TYPE_RINGBUF maps read directly (shim_events.c) with one epoll set for all
    of them; the records of the map added as ``tag`` (0 for the first) go to its sink.

    libbpf's ring_buffer would do, except that it publishes the consumer position after
    every record, a cache line the producing CPU reads on every reserve; this reader
    publishes it once per batch."""

    def __init__(self, map_fd: int, sink):
        self._batch = _Batch()
        self._epoll = select.epoll()
        self._rings: list = []
        self._sinks: list = []
        try:
            self.add(map_fd, sink)
        except BaseException:
            self.close()
            raise

    @property
    def _open(self) -> bool:
        if self._batch is None:
            raise ValueError("the buffer is closed")
        return True

    def add(self, map_fd: int, sink) -> None:
        self._open
        info = sc.map_info(map_fd)
        if info["type"] != _RINGBUF:
            raise PybpfError(f"map '{info['name']}' is not a ring buffer "
                             f"(BPF_MAP_TYPE_RINGBUF; its type is {info['type']})")
        ring = ffi.new("struct pybpf_ring *")
        check_ret(lib.pybpf_ring_open(ring, map_fd, info["max_entries"]),
                  f"mmap of ring buffer '{info['name']}'")
        self._rings.append(ring)
        self._sinks.append(sink)
        self._epoll.register(map_fd, select.EPOLLIN)

    def _sink_for(self, tag):
        return self._sinks[tag]

    def _drain(self) -> int:
        batch = self._batch
        if batch.pending:
            batch.flush()      # leftovers of a callback that raised come first
        got = 0
        for tag, ring in enumerate(self._rings):
            while True:
                batch.reset()
                ret = lib.pybpf_ring_drain(ring, batch._b, tag)
                got += batch.deliver(self._sink_for)
                if ret != _BATCH_FULL:
                    break
        return got

    def poll(self, timeout_ms: int) -> int:
        """Deliver what is ready, else wait up to ``timeout_ms`` (-1: forever) for records
        and deliver them; returns the number of records."""
        self._open
        got = self._drain()
        if got:
            return got
        # the kernel wakes the reader when it commits a record to a buffer it had emptied;
        # the epoll set is level-triggered, so records already there end the wait at once
        self._epoll.poll(timeout_ms / 1000 if timeout_ms >= 0 else -1)
        return self._drain()

    def consume(self) -> int:
        """Deliver what is ready without waiting; returns the number of records."""
        self._open
        return self._drain()

    @property
    def epoll_fd(self) -> int:
        self._open
        return self._epoll.fileno()

    def close(self) -> None:
        for ring in self._rings:
            lib.pybpf_ring_close(ring)
        self._rings = []
        if self._epoll is not None:
            self._epoll.close()
            self._epoll = None
        if self._batch is not None:
            self._batch.release()
            self._batch = None


class PerfBufferHandle(_BatchedBuffer):
    """libbpf's perf_buffer over a BPF_MAP_TYPE_PERF_EVENT_ARRAY (one ring per CPU).

    ``wakeup_events=0`` wakes the reader once a quarter of a CPU's ring is filled (a
    watermark) rather than per sample, which would cost the producing CPU an interrupt per
    sample; ``poll()`` then reads the rings at least every ``WATERMARK_LATENCY_MS``, so a
    sample below the watermark waits at most that long. ``lost_callback(cpu, count)`` hears
    of samples the kernel dropped (cpu -1: records pybpf had no memory for)."""

    _consume_fn = lib.perf_buffer__consume
    _consume_name = "perf_buffer__consume"
    _free = lib.perf_buffer__free

    def __init__(self, map_fd: int, page_cnt: int, sink, lost_callback, ncpu: int,
                 wakeup_events: int = 0, record_size: int = 0):
        self._batch = _Batch(ncpu)
        self._batch._b.trim = record_size
        self._sink = sink
        self.lost_callback = lost_callback
        self.watermark = 0 if wakeup_events else page_cnt * _PAGE_SIZE // 4
        self._ptr = check_ptr(
            lib.pybpf_perf_buffer_new(map_fd, page_cnt, wakeup_events, self.watermark,
                                      self._batch._b),
            "perf_buffer__new_raw")

    def _sink_for(self, cpu):
        return self._sink

    def _consume_raw(self) -> int:
        return lib.perf_buffer__consume(self._p)

    def _after_delivery(self) -> None:
        for cpu, count in self._batch.take_lost():
            self.lost_callback(cpu, count)

    def poll(self, timeout_ms: int) -> int:
        if not self.watermark:
            return self._result(*self._fill(lib.perf_buffer__poll, timeout_ms),
                                "perf_buffer__poll")
        deadline = None if timeout_ms < 0 else time.monotonic() + timeout_ms / 1000
        while True:
            wait = WATERMARK_LATENCY_MS
            if deadline is not None:
                wait = min(wait, max(0, int((deadline - time.monotonic()) * 1000)))
            ret, got = self._fill(lib.perf_buffer__poll, wait)
            if ret < 0:
                return self._result(ret, got, "perf_buffer__poll")
            # samples below the watermark do not wake epoll: read every ring anyway
            got += self._fill(lib.perf_buffer__consume)[1]
            if got or (deadline is not None and time.monotonic() >= deadline):
                return got

    @property
    def epoll_fd(self) -> int:
        return lib.perf_buffer__epoll_fd(self._p)
