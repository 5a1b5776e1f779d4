"""Kernel symbols from /proc/kallsyms: address -> name (``ksym``) and name -> address."""
from __future__ import annotations

import bisect
import functools


class KernelSymbols:
    """A sorted view of /proc/kallsyms (read once; about 100 k entries)."""

    def __init__(self, path: str = "/proc/kallsyms"):
        addrs, names, modules, text = [], [], [], []
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3 or parts[1] in ("a", "A", "U"):
                    continue
                addr = int(parts[0], 16)
                if addr == 0:
                    continue  # addresses hidden by kptr_restrict
                addrs.append(addr)
                names.append(parts[2])
                text.append(parts[1] in ("t", "T"))
                modules.append(parts[3][1:-1] if len(parts) > 3 else "kernel")
        order = sorted(range(len(addrs)), key=addrs.__getitem__)
        self.addrs = [addrs[i] for i in order]
        self.names = [names[i] for i in order]
        self.modules = [modules[i] for i in order]
        self.is_function = [text[i] for i in order]
        self._by_name = None

    def resolve(self, addr: int) -> tuple[str, int, str] | None:
        """(name, offset, module) of the symbol containing ``addr``, or None."""
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0:
            return None
        return self.names[i], addr - self.addrs[i], self.modules[i]

    def function_names(self) -> list[str]:
        """Names of code (t/T) symbols: what kprobes can target."""
        return [n for n, f in zip(self.names, self.is_function) if f]

    def address(self, name: str) -> int | None:
        if self._by_name is None:
            self._by_name = {}
            for a, n in zip(self.addrs, self.names):
                self._by_name.setdefault(n, a)
        return self._by_name.get(name)


@functools.lru_cache(maxsize=1)
def kernel_symbols() -> KernelSymbols:
    """The process-wide snapshot (read once: /proc/kallsyms takes ~50 ms to parse)."""
    return KernelSymbols()


def exact_symbol(addr: int) -> str | None:
    """The symbol starting exactly at ``addr``. BPF programs and modules come and go after
    the snapshot was read, so a miss re-reads /proc/kallsyms once before giving up."""
    for attempt in range(2):
        found = kernel_symbols().resolve(addr)
        if found and found[1] == 0:
            return found[0]
        if attempt == 0:
            kernel_symbols.cache_clear()
    return None


def ksym(addr: int, show_module: bool = False, show_offset: bool = False) -> bytes:
    """BCC's ``BPF.ksym``: ``b"name"``, ``b"name+0x1f"``, ``b"name [module]"``; ``b"[unknown]"``."""
    found = kernel_symbols().resolve(addr)
    if found is None:
        return b"[unknown]"
    name, offset, module = found
    text = name
    if show_offset:
        text += f"+{offset:#x}"
    if show_module:
        text += f" [{module}]"
    return text.encode()


def ksymname(name) -> int:
    """BCC's ``BPF.ksymname``: the address of a kernel symbol, -1 when unknown."""
    if isinstance(name, bytes):
        name = name.decode()
    addr = kernel_symbols().address(name)
    return -1 if addr is None else addr
