"""Maps: the native :class:`Map`, the BTF/ctypes codec, histogram formatting."""
from .base import Map

__all__ = ["Map"]
