"""Bookkeeping and target lookup behind the BPF class's attach/detach calls."""
from __future__ import annotations

import sys

from ..errors import AttachError


class Registry:
    """Links by (kind, target, function), so ``detach_*`` and ``num_open_*`` work as in BCC."""

    def __init__(self):
        self._links: dict[tuple[str, str], dict[str, object]] = {}

    def add(self, kind: str, target: str, fn_name: str, link) -> None:
        by_fn = self._links.setdefault((kind, target), {})
        old = by_fn.get(fn_name)
        if old is not None:   # attached twice: the new link replaces the old one
            old.close()
        by_fn[fn_name] = link

    def remove(self, kind: str, target: str, fn_name: str | None = None) -> None:
        by_fn = self._links.get((kind, target))
        if not by_fn or (fn_name is not None and fn_name not in by_fn):
            raise AttachError(f"{kind} {target} is not attached"
                              + (f" to {fn_name}" if fn_name else ""))
        for name in [fn_name] if fn_name is not None else list(by_fn):
            by_fn.pop(name).close()
        if not by_fn:
            del self._links[(kind, target)]

    def targets(self, *kinds: str) -> dict[str, dict[str, object]]:
        """target -> {function: link} for the attachments of these kinds."""
        out: dict[str, dict[str, object]] = {}
        for (k, target), by_fn in self._links.items():
            if k in kinds:
                out.setdefault(target, {}).update(by_fn)
        return out

    def count(self, *kinds: str) -> int:
        return sum(len(v) for (k, _), v in self._links.items() if k in kinds)

    def clear(self) -> None:
        for by_fn in self._links.values():
            for link in by_fn.values():
                link.close()
        self._links.clear()


_noticed: set = set()


def notice_syscall_fallback(kind: str, function: str, tracepoint: str) -> None:
    """Say once per process that syscall kprobes become tracepoints (tools attach dozens:
    one line says it for all)."""
    if "fallback" in _noticed:
        return
    _noticed.add("fallback")
    print(f"pybpf: this kernel has no kprobes; {kind} on {function} is attached to the "
          f"{tracepoint} tracepoint instead (same arguments; other syscall kprobes "
          "likewise)", file=sys.stderr)


def syscall_tracepoint_exists(kind: str, function: str, tracepoint: str) -> bool:
    """Whether ``syscalls:<tracepoint>`` exists for a syscall function's kprobe fallback.

    The kernel makes syscall tracepoints for the syscalls in the architecture's table only.
    A ``sys_`` function outside it (x86-64's ``__x64_sys_stat``: its ``stat`` is
    ``newstat``) is never called, so a kprobe on it would never fire: say so once and
    return False (nothing to attach, as BCC's attach succeeds and never fires). A function
    the kernel does not have at all raises AttachError, as a kprobe attach would.
    """
    from ..trace import tracefs

    if tracefs.tracepoint_exists("syscalls", tracepoint):
        return True
    from ..syms.kallsyms import kernel_symbols

    if kernel_symbols().address(function) is None:
        raise AttachError(f"cannot attach {kind} to {function}: the kernel has no such "
                          f"function, and no syscalls:{tracepoint} tracepoint (this kernel "
                          "has no kprobes: syscalls are traced through their tracepoints)")
    if ("never", function) not in _noticed:   # once for the kprobe and the kretprobe
        _noticed.add(("never", function))
        print(f"pybpf: this kernel has no kprobes, and {function} is not in this "
              f"architecture's syscall table (no syscalls:{tracepoint} tracepoint): it is "
              f"never called, so its probes are not attached", file=sys.stderr)
    return False


def matching_kernel_functions(pattern: str, strict: bool = True) -> list[str]:
    """Kernel functions matching the regex; without kprobes an empty list (or, when
    ``strict``, the syscall functions only, since those have a tracepoint fallback)."""
    import re

    from .. import features

    regex = re.compile(pattern)
    from ..syms.kallsyms import kernel_symbols

    names = [n for n in kernel_symbols().function_names() if regex.match(n)]
    if features.has_kprobes():
        return sorted(set(names))
    if not strict:
        return []
    from .syscalls import syscall_of, syscall_prefix

    from ..trace import tracefs

    # the syscalls of this architecture's table (the others have no tracepoint)
    fallback = sorted({n for n in names if syscall_of(n) and n.startswith(syscall_prefix())
                       and tracefs.tracepoint_exists("syscalls", "sys_enter_" + syscall_of(n))})
    if not fallback:
        raise AttachError(f"no kprobe-able function matches {pattern!r}: this kernel has no "
                          "kprobes; use tracepoints (attach_tracepoint(tp_re=...)) instead")
    return fallback


def matching_tracepoints(pattern: str) -> list[str]:
    """``category:event`` names matching BCC's tp_re (a regex over ``category:event``)."""
    import fnmatch
    import re

    from ..trace import tracefs

    regex = re.compile(pattern)
    found = [tp for tp in tracefs.list_tracepoints() if regex.match(tp)]
    if not found:
        found = [tp for tp in tracefs.list_tracepoints() if fnmatch.fnmatch(tp, pattern)]
    if not found:
        raise AttachError(f"no tracepoint matches {pattern!r}")
    return found


def user_functions_matching(binary: str, sym_re: str) -> list[tuple[str, int]]:
    """(name, address) of the functions in binary or library ``binary`` whose names match
    the regex ``sym_re``; AttachError when there is no such file."""
    import re

    from ..syms.elf import function_symbols_and_addresses
    from ..syms.paths import resolve_binary

    path = resolve_binary(binary)
    if path is None:
        raise AttachError(f"cannot read the functions of {binary!r}: no such binary or library")
    regex = re.compile(sym_re)
    return [(name, addr) for name, addr in function_symbols_and_addresses(path)
            if regex.match(name)]


def uprobe_targets(binary: str, sym: str, addr, sym_off: int, sym_re: str):
    """(symbol, offset) pairs for an attach_uprobe call."""
    if sym_re:
        found = [(name, 0) for name in
                 sorted({name for name, _ in user_functions_matching(binary, sym_re)})]
        if not found:
            raise AttachError(f"no function in {binary} matches {sym_re!r}")
        return found
    if addr is not None:
        from ..syms.elf import address_to_offset
        from ..syms.paths import resolve_binary

        return [(None, address_to_offset(resolve_binary(binary), addr))]
    if not sym:
        raise AttachError("attach_uprobe needs sym=, sym_re= or addr=")
    return [(sym, sym_off)]
