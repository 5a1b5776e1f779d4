"""Ring buffer and perf buffer consumers.

Callbacks receive ``(address, size)`` (ring buffers) or ``(cpu, address, size)`` (perf
buffers): the record's address is valid only during the call (copy it with ``ctypes.string_at`` or ``from_address``). An exception raised by a
callback stops the poll and is re-raised from ``poll()``/``consume()`` (pygit2's pattern).
"""
from __future__ import annotations

from . import check_ptr, check_ret, ffi, lib

_uintptr = "uintptr_t"


class _Closable:
    _ptr = None

    @property
    def _p(self):
        if self._ptr is None:
            raise ValueError("the buffer is closed")
        return self._ptr


class _CallbackHost(_Closable):
    """Holds the cffi handle that maps the C ctx pointer back to this Python object."""

    def __init__(self, callback, lost_callback=None):
        self.callback = callback
        self.lost_callback = lost_callback
        self.error: BaseException | None = None
        self._handle = ffi.new_handle(self)

    def _reraise(self):
        if self.error is not None:
            err, self.error = self.error, None
            raise err

    def _finish(self, ret: int, what: str) -> int:
        """Raise what a callback raised, then libbpf's error; EINTR (a signal whose Python
        handler already ran, e.g. Ctrl-C) is not an error."""
        for host in getattr(self, "_hosts", (self,)):
            host._reraise()
        if ret == -4:
            return 0
        return check_ret(ret, what)


@ffi.def_extern()
def _pybpf_ringbuf_callback(ctx, data, size):
    host = ffi.from_handle(ctx)
    if host.error is not None:
        return -1
    try:
        host.callback(int(ffi.cast(_uintptr, data)), size)
    except BaseException as exc:  # noqa: B902 - KeyboardInterrupt must stop the poll too
        host.error = exc
        return -1
    return 0


@ffi.def_extern()
def _pybpf_perfbuf_sample(ctx, cpu, data, size):
    host = ffi.from_handle(ctx)
    if host.error is not None:
        return
    try:
        host.callback(cpu, int(ffi.cast(_uintptr, data)), size)
    except BaseException as exc:  # noqa: B902
        host.error = exc


@ffi.def_extern()
def _pybpf_perfbuf_lost(ctx, cpu, count):
    host = ffi.from_handle(ctx)
    if host.error is not None:
        return
    try:
        host.lost_callback(cpu, count)
    except BaseException as exc:  # noqa: B902
        host.error = exc


class RingBufferHandle(_CallbackHost):
    """libbpf's ring_buffer manager over one or more BPF_MAP_TYPE_RINGBUF maps."""

    def __init__(self, map_fd: int, callback):
        super().__init__(callback)
        self._hosts = [self]
        self._ptr = check_ptr(lib.ring_buffer__new(map_fd, lib._pybpf_ringbuf_callback,
                                                   self._handle, ffi.NULL), "ring_buffer__new")

    def add(self, map_fd: int, callback) -> None:
        host = _CallbackHost(callback)
        self._hosts.append(host)
        check_ret(lib.ring_buffer__add(self._p, map_fd, lib._pybpf_ringbuf_callback,
                                       host._handle), "ring_buffer__add")

    def poll(self, timeout_ms: int) -> int:
        return self._finish(lib.ring_buffer__poll(self._p, timeout_ms), "ring_buffer__poll")

    def consume(self) -> int:
        return self._finish(lib.ring_buffer__consume(self._p), "ring_buffer__consume")

    @property
    def epoll_fd(self) -> int:
        return lib.ring_buffer__epoll_fd(self._p)

    def close(self) -> None:
        if self._ptr is not None:
            lib.ring_buffer__free(self._ptr)
            self._ptr = None


class PerfBufferHandle(_CallbackHost):
    """libbpf's perf_buffer over a BPF_MAP_TYPE_PERF_EVENT_ARRAY (one ring per CPU)."""

    def __init__(self, map_fd: int, page_cnt: int, callback, lost_callback):
        super().__init__(callback, lost_callback)
        self._ptr = check_ptr(
            lib.perf_buffer__new(map_fd, page_cnt, lib._pybpf_perfbuf_sample,
                                 lib._pybpf_perfbuf_lost, self._handle, ffi.NULL),
            "perf_buffer__new")

    def poll(self, timeout_ms: int) -> int:
        return self._finish(lib.perf_buffer__poll(self._p, timeout_ms), "perf_buffer__poll")

    def consume(self) -> int:
        return self._finish(lib.perf_buffer__consume(self._p), "perf_buffer__consume")

    @property
    def epoll_fd(self) -> int:
        return lib.perf_buffer__epoll_fd(self._p)

    def close(self) -> None:
        if self._ptr is not None:
            lib.perf_buffer__free(self._ptr)
            self._ptr = None
