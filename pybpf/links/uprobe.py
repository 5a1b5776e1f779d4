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
        file_offset = _symbol_offset(path, symbol) if symbol else None
        if file_offset is None:
            raise attach_error(exc, program.name, f"{kind} {where} ({path})") from exc
        # libbpf 1.1 refuses a name with several symbol versions ("ambiguous match for
        # 'pthread_create'") even when they are one function: resolve it here
        try:
            handle = ll.attach_uprobe(program._handle, path, file_offset + offset, pid=pid,
                                      retprobe=retprobe)
        except SyscallError as exc2:
            raise attach_error(exc2, program.name, f"{kind} {where} ({path})") from exc2
    return Link([handle], program=program.name, target=f"{kind} {path}:{symbol or hex(offset)}",
                kind=kind)


def _symbol_offset(path: str, symbol: str) -> int | None:
    """The file offset of ``symbol`` when every symbol of that name (each version of it)
    is at one address; None otherwise."""
    from ..syms.elf import address_to_offset, function_addresses

    try:
        addrs = function_addresses(path, symbol)
        if len(addrs) != 1:
            return None
        return address_to_offset(path, addrs.pop())
    except (OSError, ValueError):
        return None
