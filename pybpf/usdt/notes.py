"""USDT probe notes (``.note.stapsdt``) read from an ELF file.

``sys/sdt.h`` (SystemTap's, also DTrace-compatible) records every probe site as an ELF note
of type NT_STAPSDT (3), owner "stapsdt", whose descriptor is three addresses (the probe's
pc, the link-time address of ``.stapsdt.base``, the semaphore or 0) followed by
``provider\\0name\\0arguments\\0``. Prelinking may move the file after the notes were
written; the difference between ``.stapsdt.base``'s current address and the recorded one
corrects pc and semaphore.

Parsed by hand (a section header scan and one section read), no pyelftools: enumerating a
process's libraries reads many files, and only these two sections matter.
"""
from __future__ import annotations

import functools
import os
import struct
from typing import NamedTuple

from ..errors import PybpfError

NT_STAPSDT = 3
_SHT_NOTE = 7
_SHN_XINDEX = 0xFFFF


class Note(NamedTuple):
    """One probe site: ``pc`` and ``semaphore`` are virtual addresses (semaphore 0: none)."""
    provider: str
    name: str
    pc: int
    semaphore: int
    args: str          # the argument spec string, e.g. "8@%rbp 8@%r12 -4@%eax"
    path: str


class ElfInfo(NamedTuple):
    notes: tuple          # of Note, in file order
    segments: tuple       # (vaddr, memsz, offset, flags) of each PT_LOAD
    shared: bool          # ET_DYN (a library or a PIE): addresses are relative to the load base


class NotElfError(PybpfError):
    """The file is not an ELF object."""


def _header(data: bytes, path: str):
    if data[:4] != b"\x7fELF":
        raise NotElfError(f"{path} is not an ELF file")
    cls, enc = data[4], data[5]
    if cls not in (1, 2) or enc not in (1, 2):
        raise NotElfError(f"{path}: unknown ELF class or byte order")
    return cls == 2, "<" if enc == 1 else ">"


def _read(f, offset: int, size: int) -> bytes:
    f.seek(offset)
    data = f.read(size)
    if len(data) != size:
        raise NotElfError(f"{f.name}: truncated ELF file")
    return data


def _parse(path: str) -> ElfInfo:
    with open(path, "rb") as f:
        ident = f.read(64)
        is64, e = _header(ident, path)
        if is64:
            (e_type, _, _, _, e_phoff, e_shoff, _, _, e_phentsize, e_phnum, e_shentsize,
             e_shnum, e_shstrndx) = struct.unpack(e + "HHIQQQIHHHHHH", ident[16:64])
            sh_fmt, ph_fmt, addr_fmt = e + "IIQQQQIIQQ", e + "IIQQQQQQ", "Q"
        else:
            (e_type, _, _, _, e_phoff, e_shoff, _, _, e_phentsize, e_phnum, e_shentsize,
             e_shnum, e_shstrndx) = struct.unpack(e + "HHIIIIIHHHHHH", ident[16:52])
            sh_fmt, ph_fmt, addr_fmt = e + "IIIIIIIIII", e + "IIIIIIII", "I"
        segments = []
        if e_phoff and e_phnum:
            table = _read(f, e_phoff, e_phentsize * e_phnum)
            for i in range(e_phnum):
                ph = struct.unpack_from(ph_fmt, table, i * e_phentsize)
                if is64:
                    p_type, p_flags, p_offset, p_vaddr, _, _, p_memsz, _ = ph
                else:
                    p_type, p_offset, p_vaddr, _, _, p_memsz, p_flags, _ = ph
                if p_type == 1:  # PT_LOAD
                    segments.append((p_vaddr, p_memsz, p_offset, p_flags))
        notes: list[Note] = []
        if e_shoff:
            first = struct.unpack(sh_fmt, _read(f, e_shoff, struct.calcsize(sh_fmt)))
            # more than 0xff00 sections: the real count and string table index live in
            # section 0 (sh_size, sh_link)
            count = e_shnum or first[5]
            strndx = first[6] if e_shstrndx == _SHN_XINDEX else e_shstrndx
            table = _read(f, e_shoff, e_shentsize * count)
            sections = [struct.unpack_from(sh_fmt, table, i * e_shentsize)
                        for i in range(count)]
            if strndx < count:
                strtab = sections[strndx]
                names = _read(f, strtab[4], strtab[5])
                notes = _notes(f, path, sections, names, e, addr_fmt)
    return ElfInfo(tuple(notes), tuple(segments), e_type == 3)


def _section_name(names: bytes, offset: int) -> bytes:
    end = names.find(b"\0", offset)
    return names[offset:end if end >= 0 else len(names)]


def _notes(f, path, sections, names, e, addr_fmt) -> list[Note]:
    base_addr = 0
    note_secs = []
    for sh in sections:
        name = _section_name(names, sh[0])
        if name == b".stapsdt.base":
            base_addr = sh[3]
        elif name == b".note.stapsdt" and sh[1] == _SHT_NOTE:
            note_secs.append(sh)
    out: list[Note] = []
    asize = struct.calcsize(addr_fmt)
    for sh in note_secs:
        data = _read(f, sh[4], sh[5])
        align = 8 if sh[8] == 8 else 4
        pos = 0
        while pos + 12 <= len(data):
            namesz, descsz, ntype = struct.unpack_from(e + "III", data, pos)
            pos += 12
            owner = data[pos:pos + namesz].rstrip(b"\0")
            pos += (namesz + align - 1) & ~(align - 1)
            desc = data[pos:pos + descsz]
            pos += (descsz + align - 1) & ~(align - 1)
            if ntype != NT_STAPSDT or owner != b"stapsdt" or len(desc) < 3 * asize:
                continue
            pc, base, sema = struct.unpack_from(e + addr_fmt * 3, desc)
            strings = desc[3 * asize:].split(b"\0")
            if len(strings) < 3:
                continue
            if base_addr and base:
                # prelink moved the file: shift by as much as .stapsdt.base moved
                pc += base_addr - base
                if sema:
                    sema += base_addr - base
            provider, name, args = (s.decode(errors="replace") for s in strings[:3])
            out.append(Note(provider, name, pc, sema, args.strip(), path))
    return out


@functools.lru_cache(maxsize=64)
def _cached(path: str, identity: tuple) -> ElfInfo:
    return _parse(path)


def elf_info(path: str) -> ElfInfo:
    """Probe notes and loadable segments of ``path`` (cached while the file is unchanged).

    Raises ``NotElfError`` for a file that is not ELF and ``OSError`` when it cannot be read.
    """
    st = os.stat(path)
    return _cached(path, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))


def read_notes(path: str) -> tuple:
    """Every USDT probe site in ``path`` (a tuple of :class:`Note`, in file order)."""
    return elf_info(path).notes


def address_to_offset(info: ElfInfo, addr: int) -> int | None:
    """The file offset of virtual address ``addr`` (what a uprobe is placed at)."""
    for vaddr, memsz, offset, _ in info.segments:
        if vaddr <= addr < vaddr + memsz:
            return addr - vaddr + offset
    return None
