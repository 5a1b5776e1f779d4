"""Shared helpers for the BCC dialect rewriter tests (no root, no kernel access).

Tracepoint formats come from saved copies in ``formats/`` so outputs are deterministic.
Tests that compile need clang and the kernel's BTF (``/sys/kernel/btf/vmlinux``, readable
without root); they skip with a reason when either is missing.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
FORMATS = HERE / "formats"


def read_format(category: str, event: str) -> str:
    """A tracepoint_format callable backed by the saved format files."""
    path = FORMATS / f"{category}__{event}.format"
    if not path.exists():
        from pybpf.errors import NotSupportedError
        raise NotSupportedError(f"tracepoint {category}:{event} does not exist (test data)")
    return path.read_text()


@functools.lru_cache(maxsize=None)
def toolchain_missing() -> str | None:
    """Why clang-based tests cannot run here, or None."""
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        return "needs the kernel's BTF (/sys/kernel/btf/vmlinux)"
    try:
        from pybpf.compile import find_toolchain
        find_toolchain()
    except Exception as exc:  # NotSupportedError: no clang
        return f"needs clang ({exc})"
    return None


needs_clang = pytest.mark.skipif(toolchain_missing() is not None,
                                 reason=toolchain_missing() or "")


def rewrite_case(text: str, filename: str = "prog.c", **kw):
    from pybpf.dialect import rewrite
    kw.setdefault("tracepoint_format", read_format)
    return rewrite(text, filename, **kw)


def compile_result(res, filename: str = "prog.c", cflags=()):
    from pybpf.compile import compile_bpf
    return compile_bpf(source=res.source, filename=filename, cflags=cflags,
                       use_vmlinux=True)


def line_map(source: str) -> list[tuple[str | None, int | None, str]]:
    """(file, line, text) of every line of ``source`` after its #line directives."""
    out, cur_file, cur_line = [], None, None
    for text in source.split("\n"):
        m = re.match(r'#line (\d+) "(.*)"$', text)
        if m:
            cur_line, cur_file = int(m.group(1)), m.group(2)
            continue
        out.append((cur_file, cur_line, text))
        if cur_line is not None:
            cur_line += 1
    return out
