"""Where a BPF object's programs come from, and how BCC names map onto ELF programs.

Two kinds: libbpf-style C or a prebuilt object (programs are what SEC() says, auto-attached
like a skeleton), and BCC-dialect C (rewritten by :mod:`pybpf.dialect`, each function with
variants per attach kind, auto-attached by name prefix).
"""
from __future__ import annotations

import os

from ..errors import PybpfError
from ..object import Object, object_name

_LIBBPF_STYLE = r'^\s*#\s*include\s*[<"]vmlinux\.h[>"]|\bSEC\s*\(\s*"'
_BCC_MARKERS = (r"\bBPF_(HASH|ARRAY|HISTOGRAM|PERF_OUTPUT|RINGBUF_OUTPUT|TABLE|"
                r"PROG_ARRAY|STACK_TRACE|PERCPU_\w+|LRU_HASH|QUEUE|STACK)\s*\(|"
                r"\b(TRACEPOINT_PROBE|RAW_TRACEPOINT_PROBE|KFUNC_PROBE|LSM_PROBE)\s*\(")


def is_libbpf_style(text: str) -> bool:
    # BCC scripts usually have neither word: no need to import re (a few ms) to know it
    if "vmlinux.h" not in text and "SEC" not in text:
        return False
    import re

    return bool(re.search(_LIBBPF_STYLE, text, re.M)) and not re.search(_BCC_MARKERS, text)


class LibbpfSource:
    """libbpf-style C or a prebuilt object: names and types come from SEC()."""

    def __init__(self, opener, name: str):
        self._opener = opener
        self.name = name

    def open(self) -> Object:
        return self._opener()

    def autoload_variants(self, has_kprobes: bool):
        return None  # everything

    def variant(self, name: str, kind: str) -> str:
        return name

    def variant_for(self, name: str, prog_type: int) -> str:
        return name

    def target_of(self, name: str) -> str:
        return name

    def auto_attachments(self, module: Object):
        return [("section", p.section, name) for name, p in module.programs.items()
                if p.auto_attachable]

    def find_map(self, module: Object, name: str):
        return module.map(name)

    def event_ctype(self, module: Object, table: str):
        raise PybpfError(f"table {table!r}: event() needs the C type of the records; with "
                         "libbpf-style C, declare your own ctypes.Structure and use "
                         "ctypes.cast(data, ctypes.POINTER(YourType)).contents")


def from_object(path: str) -> LibbpfSource:
    with open(path, "rb") as f:
        data = f.read()
    return LibbpfSource(lambda: Object.from_elf(data, object_name(path)), object_name(path))


def from_c(*, text: str | None, src_file: str, hdr_file: str, cflags: list[str], debug: int,
           usdt: bool = False):
    """A source for C text or a C file: libbpf style when it looks like libbpf C.

    ``usdt``: the programs will be attached to USDT probes, so BCC C gets libbpf's
    ``<bpf/usdt.bpf.h>`` (libbpf-style C must include it itself).
    """
    filename = src_file or "<text>"
    if text is None:
        if not src_file:
            raise PybpfError("BPF() needs text= or src_file=")
        with open(src_file) as f:
            text = f.read()
    if hdr_file:
        with open(hdr_file) as f:
            text = f.read() + "\n" + text
    name = object_name(src_file) if src_file else "bpf"
    include_dirs = [os.path.dirname(os.path.abspath(src_file))] if src_file else []
    if is_libbpf_style(text):
        return LibbpfSource(lambda: Object.from_source(
            text, name=name, filename=filename, cflags=cflags, include_dirs=include_dirs), name)
    from .dialect_source import DialectSource

    return DialectSource(text, filename=filename, name=name, cflags=cflags,
                         include_dirs=include_dirs, debug=debug, usdt=usdt)
