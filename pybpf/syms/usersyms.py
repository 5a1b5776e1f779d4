"""User-space symbols: an address in a process resolved through /proc/PID/maps and ELF."""
from __future__ import annotations

import os

from .elf import symbolize


def _mapping(pid: int, addr: int):
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            if lo <= addr < hi and len(parts) == 6 and parts[5].startswith("/"):
                return lo, int(parts[2], 16), parts[5].strip()
    return None


def sym(addr: int, pid: int, show_module: bool = False, show_offset: bool = False,
        demangle: bool = True) -> bytes:
    """BCC's ``BPF.sym``: the function containing ``addr`` in process ``pid``."""
    if pid is None or pid < 0:
        from .kallsyms import ksym

        return ksym(addr, show_module, show_offset)
    try:
        found = _mapping(pid, addr)
    except OSError:
        found = None
    if found is None:
        return b"[unknown]"
    start, file_off, path = found
    # the ELF's virtual address: file offset of the mapping + distance into it, mapped back
    # through the PT_LOAD segment holding that offset
    from elftools.elf.elffile import ELFFile

    offset = addr - start + file_off
    vaddr = None
    try:
        with open(path, "rb") as f:
            for seg in ELFFile(f).iter_segments():
                if seg["p_type"] == "PT_LOAD" and \
                        seg["p_offset"] <= offset < seg["p_offset"] + seg["p_filesz"]:
                    vaddr = offset - seg["p_offset"] + seg["p_vaddr"]
                    break
    except OSError:
        return b"[unknown]"
    res = symbolize(path, vaddr) if vaddr is not None else None
    name = res[0] if res else "[unknown]"
    if res and show_offset:
        name += f"+{res[1]:#x}"
    if show_module:
        name += f" [{os.path.basename(path)}]"
    return name.encode()
