"""Attach families, one module each; every attach returns a :class:`Link`."""
from .base import Link

__all__ = ["Link"]
