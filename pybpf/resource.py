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
