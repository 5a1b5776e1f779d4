"""``RingBuffer``: consume BPF_MAP_TYPE_RINGBUF maps (kernel 5.8)."""
from __future__ import annotations

import weakref

from .._libbpf.buffers import TAG, RingBufferHandle
from ..resource import EventBuffer
from .batch import make_sink


class RingBuffer(EventBuffer):
    """Poll one or more ring buffer maps, delivering each map's records to its callback.

    ``callback(data: bytes)`` per record by default; with ``raw=True``
    ``callback(address, size)`` (no copy; the address is valid during the call); with
    ``batch=True`` ``callback(batch)`` once per run of records, a :class:`RecordBatch`: the
    fast path for high rates. An exception raised by a callback stops the poll and
    propagates from :meth:`poll`; the records after it are delivered by the next poll.
    With ``ctx`` given (libbpf's ``ctx``), it comes first: ``callback(ctx, ...)``.
    Needs kernel 5.8 (BPF_MAP_TYPE_RINGBUF).
    """

    def __init__(self, ringbuf_map, callback, *, raw: bool = False, batch: bool = False,
                 ctx=TAG):
        self._handle = RingBufferHandle(ringbuf_map.fd,
                                        make_sink(callback, raw=raw, batch=batch,
                                                  with_cpu=False, ctx=ctx))
        self._maps = [ringbuf_map]
        self._finalizer = weakref.finalize(self, self._handle.close)

    def add(self, ringbuf_map, callback, *, raw: bool = False, batch: bool = False,
            ctx=TAG) -> None:
        """Consume another ring buffer map through the same poll."""
        self._handle.add(ringbuf_map.fd, make_sink(callback, raw=raw, batch=batch,
                                                   with_cpu=False, ctx=ctx))
        self._maps.append(ringbuf_map)
