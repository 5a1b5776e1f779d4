"""pybpf's loggers, created on first use: ``import logging`` costs ~5 ms, a tenth of the
warm-start budget, and most runs never log anything. Loggers live under ``pybpf``, which
has a NullHandler: configure ``logging`` to see them."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def logger(name: str):
    import logging

    root = logging.getLogger("pybpf")
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    return logging.getLogger(name)
