"""libbpf's log messages, delivered to Python ``logging`` (logger ``pybpf.libbpf``).

While an object loads, :func:`capture` also collects them, so a failed load can show the
verifier log and libbpf's own explanation instead of a bare errno.
"""
from __future__ import annotations

import os
from _thread import _local as _ThreadLocal   # threading.local without importing threading

from ..logs import logger
from . import ffi, lib

_LEVELS = {0: 30, 1: 20, 2: 10}   # libbpf level -> logging.WARNING / INFO / DEBUG
_local = _ThreadLocal()


@ffi.def_extern()
def _pybpf_log_callback(level, message):
    text = ffi.string(message).decode(errors="replace")
    sinks = getattr(_local, "sinks", None)
    if sinks:
        sinks[-1].append(text)
    log = logger("pybpf.libbpf")
    if log.isEnabledFor(_LEVELS.get(level, 10)):
        log.log(_LEVELS.get(level, 10), "%s", text.rstrip("\n"))
    return 0


def install() -> None:
    """Route libbpf's messages here; PYBPF_LIBBPF_DEBUG=1 adds libbpf's debug messages."""
    lib.pybpf_install_log_callback(2 if os.environ.get("PYBPF_LIBBPF_DEBUG") else 1)


class capture:
    """``with capture() as messages``: collect libbpf's messages emitted on this thread
    inside the block (a class, not contextlib's decorator: that import costs warm starts)."""

    def __enter__(self) -> list:
        sinks = getattr(_local, "sinks", None)
        if sinks is None:
            sinks = _local.sinks = []
        messages: list[str] = []
        sinks.append(messages)
        return messages

    def __exit__(self, *exc) -> None:
        _local.sinks.pop()


install()
