"""The lifecycle every kernel-object wrapper shares: idempotent close, context manager."""
from __future__ import annotations


class KernelResource:
    """Subclasses set ``self._finalizer`` (a ``weakref.finalize`` that releases the object),
    so a forgotten ``close()`` still releases it at garbage collection or exit."""

    _finalizer = None

    def close(self) -> None:
        """Release the kernel object now. Idempotent."""
        if self._finalizer is not None:
            self._finalizer()

    @property
    def closed(self) -> bool:
        return self._finalizer is None or not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class EventBuffer(KernelResource):
    """What ring and perf buffers share: polling through their libbpf handle."""

    _handle = None

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
