"""``RingBuffer``: consume BPF_MAP_TYPE_RINGBUF maps (kernel 5.8)."""
from __future__ import annotations

import ctypes as ct
import weakref

from .._libbpf.buffers import RingBufferHandle
from ..resource import EventBuffer


def _adapt(callback, raw: bool):
    """The handle calls ``(address, size)``: raw callbacks get exactly that (no extra frame
    on the hot path), the others a copy of the record."""
    if raw:
        return callback
    string_at = ct.string_at
    return lambda addr, size: callback(string_at(addr, size))


class RingBuffer(EventBuffer):
    """Poll one or more ring buffer maps, calling ``callback`` per record.

    ``callback(data: bytes)`` by default; with ``raw=True`` it is ``callback(address, size)``
    with an address valid only during the call (no copy: the fast path). An exception raised
    by a callback stops the poll and propagates from :meth:`poll`.
    """

    def __init__(self, ringbuf_map, callback, *, raw: bool = False):
        self._handle = RingBufferHandle(ringbuf_map.fd, _adapt(callback, raw))
        self._maps = [ringbuf_map]
        self._finalizer = weakref.finalize(self, self._handle.close)

    def add(self, ringbuf_map, callback, *, raw: bool = False) -> None:
        """Consume another ring buffer map through the same poll."""
        self._handle.add(ringbuf_map.fd, _adapt(callback, raw))
        self._maps.append(ringbuf_map)
