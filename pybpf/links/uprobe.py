"""Uprobes and uretprobes: a symbol or offset in an executable or library, optionally per pid.

Kernel: uprobes through perf_event_open's uprobe PMU (4.17), else tracefs uprobe_events.
"""
from __future__ import annotations

from .._libbpf import links as ll
from ..errors import AttachError, SyscallError
from ..syms.paths import resolve_binary
from .base import Link, attach_error


def attach_uprobe(program, binary: str, symbol: str | None = None, offset: int = 0, *,
                  pid: int = -1, retprobe: bool = False) -> Link:
    """Attach at ``symbol`` (+``offset``) or at file ``offset`` in ``binary``.

    ``binary`` is a path, a library name (``c``, ``libc.so.6``) or a program in PATH.
    """
    path = resolve_binary(binary, pid if pid > 0 else None)
    kind = "uretprobe" if retprobe else "uprobe"
    where = f"{binary}:{symbol}" if symbol else f"{binary}+{offset:#x}"
    if path is None:
        raise AttachError(f"cannot attach program '{program.name}' to {kind} {where}: "
                          f"no executable or library named {binary!r} was found")
    try:
        handle = ll.attach_uprobe(program._handle, path, offset, func=symbol, pid=pid,
                                  retprobe=retprobe)
    except SyscallError as exc:
        raise attach_error(exc, program.name, f"{kind} {where} ({path})") from exc
    return Link([handle], program=program.name, target=f"{kind} {path}:{symbol or hex(offset)}",
                kind=kind)
