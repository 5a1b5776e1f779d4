"""ELF symbols of user binaries (pyelftools, imported lazily): functions, address->offset."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=32)
def _symbols(path: str) -> tuple:
    from elftools.elf.elffile import ELFFile

    out = []
    with open(path, "rb") as f:
        elf = ELFFile(f)
        for section_name in (".symtab", ".dynsym"):
            sec = elf.get_section_by_name(section_name)
            if sec is None:
                continue
            for sym in sec.iter_symbols():
                if sym["st_info"]["type"] == "STT_FUNC" and sym["st_value"]:
                    out.append((sym.name.split("@")[0], sym["st_value"], sym["st_size"]))
    return tuple(out)


def function_address(path: str, name: str) -> int | None:
    for sym, addr, _ in _symbols(path):
        if sym == name:
            return addr
    return None


def function_symbols_and_addresses(path: str) -> list[tuple[str, int]]:
    """(name, address) of each function defined in an ELF file, once per name and address
    (static and dynamic symbols, versions folded)."""
    return sorted({(name, addr) for name, addr, _ in _symbols(path) if name})


def function_addresses(path: str, name: str) -> set[int]:
    """Addresses of the functions named ``name`` (any symbol version: ``name@GLIBC_2.2.5``
    and ``name@@GLIBC_2.34`` alike)."""
    return {addr for sym, addr, _ in _symbols(path) if sym == name}


def address_to_offset(path: str, addr: int) -> int:
    """File offset of a virtual address (what uprobes attach to), via the PT_LOAD segments."""
    from elftools.elf.elffile import ELFFile

    with open(path, "rb") as f:
        for seg in ELFFile(f).iter_segments():
            if seg["p_type"] == "PT_LOAD" and seg["p_vaddr"] <= addr < seg["p_vaddr"] + seg["p_memsz"]:
                return addr - seg["p_vaddr"] + seg["p_offset"]
    raise ValueError(f"address {addr:#x} is not in a loadable segment of {path}")


def symbolize(path: str, addr: int) -> tuple[str, int] | None:
    """(function, offset into it) for an address in ``path``'s address space."""
    best = None
    for name, start, size in _symbols(path):
        if start <= addr < start + max(size, 1) and (best is None or start > best[1]):
            best = (name, start)
    return (best[0], addr - best[1]) if best else None
