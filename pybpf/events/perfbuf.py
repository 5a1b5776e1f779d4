"""``PerfBuffer``: consume a BPF_MAP_TYPE_PERF_EVENT_ARRAY (one ring per CPU; kernel 4.4)."""
from __future__ import annotations

import weakref

from .._libbpf.buffers import PerfBufferHandle
from ..cpus import possible_cpus
from ..resource import EventBuffer
from .batch import make_sink


class PerfBuffer(EventBuffer):
    """Poll a perf event array, calling ``callback(cpu, data)`` per sample.

    With ``raw=True`` the callback is ``callback(cpu, address, size)`` (no copy; the address
    is valid only during the call); with ``batch=True`` it is ``callback(batch)`` once per
    CPU's run of samples, a :class:`RecordBatch` (the fast path for high rates).
    The kernel pads each sample to 8 bytes together with its 4-byte size header, so a
    32-byte struct arrives as 36 bytes; ``record_size`` set to the struct's size copies only
    that much, and ``batch.array(Struct)`` then views a batch as an array of it.
    ``lost_callback(cpu, count)`` hears about samples the kernel dropped because the ring
    was full; ``lost`` counts them either way.

    Wakeups: by default the kernel wakes the reader once a quarter of a CPU's
    ``page_cnt`` pages is filled, not per sample (a wakeup per sample costs the producing
    CPU an interrupt each time and caps the rate), and :meth:`poll` reads the rings at
    least every 20 ms, so a lone sample is delivered within that. ``wakeup_events=N``
    wakes the reader every N samples instead (N=1: BCC's and libbpf's default; use it
    when you wait on :attr:`epoll_fd` in your own event loop).
    """

    def __init__(self, perf_map, callback, lost_callback=None, *, page_cnt: int = 8,
                 raw: bool = False, batch: bool = False, wakeup_events: int = 0,
                 record_size: int = 0):
        if page_cnt <= 0 or page_cnt & (page_cnt - 1):
            raise ValueError(f"page_cnt must be a power of two, not {page_cnt}")
        if wakeup_events < 0:
            raise ValueError(f"wakeup_events must be >= 0, not {wakeup_events}")
        self.lost = 0

        def on_lost(cpu, count):
            self.lost += count
            if lost_callback is not None:
                lost_callback(cpu, count)

        ncpu = max(possible_cpus()) + 1
        self._handle = PerfBufferHandle(
            perf_map.fd, page_cnt, make_sink(callback, raw=raw, batch=batch, with_cpu=True),
            on_lost, ncpu, wakeup_events, record_size)
        self._map = perf_map
        self._finalizer = weakref.finalize(self, self._handle.close)
