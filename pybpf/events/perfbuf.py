"""``PerfBuffer``: consume a BPF_MAP_TYPE_PERF_EVENT_ARRAY (one ring per CPU; kernel 4.4)."""
from __future__ import annotations

import ctypes as ct
import weakref

from .._libbpf.buffers import PerfBufferHandle
from ..resource import EventBuffer


class PerfBuffer(EventBuffer):
    """Poll a perf event array, calling ``callback(cpu, data)`` per sample.

    With ``raw=True`` the callback is ``callback(cpu, address, size)`` (no copy; the address
    is valid only during the call). ``lost_callback(cpu, count)`` hears about samples the
    kernel dropped because the ring was full; ``lost`` counts them either way.
    """

    def __init__(self, perf_map, callback, lost_callback=None, *, page_cnt: int = 8,
                 raw: bool = False):
        if page_cnt <= 0 or page_cnt & (page_cnt - 1):
            raise ValueError(f"page_cnt must be a power of two, not {page_cnt}")
        self.lost = 0
        if raw:
            sample = callback
        else:
            string_at = ct.string_at
            sample = lambda cpu, addr, size: callback(cpu, string_at(addr, size))  # noqa: E731

        def on_lost(cpu, count):
            self.lost += count
            if lost_callback is not None:
                lost_callback(cpu, count)

        self._handle = PerfBufferHandle(perf_map.fd, page_cnt, sample, on_lost)
        self._map = perf_map
        self._finalizer = weakref.finalize(self, self._handle.close)
