"""``RingBuffer``: consume BPF_MAP_TYPE_RINGBUF maps (kernel 5.8)."""
from __future__ import annotations

import ctypes as ct
import weakref

from .._libbpf.buffers import RingBufferHandle
from ..resource import KernelResource


def _adapt(callback, raw: bool):
    """The handle calls ``(address, size)``: raw callbacks get exactly that (no extra frame
    on the hot path), the others a copy of the record."""
    if raw:
        return callback
    string_at = ct.string_at
    return lambda addr, size: callback(string_at(addr, size))


class RingBuffer(KernelResource):
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

    def poll(self, timeout_ms: int = -1) -> int:
        """Wait up to ``timeout_ms`` (-1: forever) and consume; returns records consumed."""
        return self._handle.poll(timeout_ms)

    def consume(self) -> int:
        """Consume what is available without waiting."""
        return self._handle.consume()

    @property
    def epoll_fd(self) -> int:
        """An fd to put in your own event loop (readable when records are ready)."""
        return self._handle.epoll_fd

