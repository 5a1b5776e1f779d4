"""``RecordBatch``: many records handed over in one call, the high-rate fast path."""
from __future__ import annotations

import ctypes as ct
import functools

from .._libbpf.buffers import TAG, prefixed_record_sink, record_sink


class RecordBatch:
    """Records from one ring buffer map, or one CPU of a perf buffer, delivered together.

    The records are copies pybpf made while draining the kernel's buffer, packed back to
    back; like a record address in the per-record callbacks, a batch is valid only during
    the callback. Decode in bulk for speed: :meth:`array` (fixed-size records) or
    :attr:`data` with ``struct.iter_unpack``/``numpy.frombuffer``.
    """

    __slots__ = ("tag", "addresses", "sizes")

    def __init__(self, tag: int, addresses: list, sizes: list):
        self.tag = tag
        self.addresses = addresses   # of each record
        self.sizes = sizes           # in bytes; perf samples are padded by the kernel

    @property
    def cpu(self) -> int:
        """The CPU whose perf ring the records came from (perf buffers)."""
        return self.tag

    def __len__(self) -> int:
        return len(self.sizes)

    def __iter__(self):
        """Each record as ``bytes`` (a copy: one object per record, so not the fastest)."""
        string_at = ct.string_at
        return map(string_at, self.addresses, self.sizes)

    @property
    def data(self) -> memoryview:
        """All records, back to back, without a copy."""
        if not self.sizes:
            return memoryview(b"")
        size = self.addresses[-1] + self.sizes[-1] - self.addresses[0]
        return memoryview((ct.c_char * size).from_address(self.addresses[0])).cast("B")

    @property
    def stride(self) -> int | None:
        """The size every record has, or None when sizes differ."""
        n = len(self.sizes)
        if n and self.sizes.count(self.sizes[0]) == n:
            return self.sizes[0]
        return None

    def array(self, ctype):
        """A ``ctype * len(self)`` array viewing the records without a copy; needs every
        record to be exactly ``sizeof(ctype)`` bytes."""
        if not self.sizes:
            return (ctype * 0)()
        if self.stride != ct.sizeof(ctype):
            raise ValueError(
                f"records are not all {ct.sizeof(ctype)} bytes (sizeof {ctype.__name__}): "
                f"sizes {sorted(set(self.sizes))[:5]}; perf buffers pad samples to 8 bytes "
                f"including a 4-byte header, so submit a size that is 4 mod 8 or use .data")
        return (ctype * len(self.sizes)).from_address(self.addresses[0])


def batch_sink(callback):
    """A sink calling ``callback(RecordBatch)`` per run of records."""

    def sink(tag, addrs, sizes):
        try:
            callback(RecordBatch(tag, addrs, sizes))
        finally:
            addrs.clear()    # delivered, even when the callback raised
    return sink


def make_sink(callback, *, raw: bool, batch: bool, with_cpu: bool, ctx=TAG):
    """The sink for one of the three delivery styles: ``bytes`` copies (default), raw
    addresses, or batches; ``ctx``, when given, is the callback's first argument."""
    if ctx is not TAG and (batch or not raw):
        callback = functools.partial(callback, ctx)
    if batch:
        return batch_sink(callback)
    if not raw:
        string_at = ct.string_at
        user = callback
        if with_cpu:
            callback = lambda cpu, addr, size: user(cpu, string_at(addr, size))  # noqa: E731
        else:
            callback = lambda addr, size: user(string_at(addr, size))  # noqa: E731
    if with_cpu:
        return prefixed_record_sink(callback)
    return record_sink(callback) if ctx is TAG else prefixed_record_sink(callback, ctx)
