"""Rewrite results cached by content, so an unchanged BCC script skips the rewriter.

A warm start then neither imports the rewriter (~15 ms) nor runs it. The key covers the
text, file name, cflags, the rewrite options (``usdt``), the kernel (tracepoint formats come
from it) and the rewriter's own code, so editing pybpf invalidates it. Entries live in the
trusted cache directory: like compiled objects, they decide what code reaches the kernel.
"""
from __future__ import annotations

import marshal
import os
import sys

from ..compile import cachedir
from ..compile.digest import sha256
from ..compile.vmlinux import kernel_fingerprint

_HERE = os.path.dirname(os.path.abspath(__file__))


def _code_identity() -> str:
    parts = []
    for root, _, files in os.walk(_HERE):
        for name in sorted(files):
            if name.endswith((".py", ".h")):
                st = os.stat(os.path.join(root, name))
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(sorted(parts))


def _path(key: str) -> str | None:
    if os.environ.get("PYBPF_NO_CACHE") == "1":
        return None
    root = cachedir.trusted_cache_dir()
    if root is None:
        return None
    try:
        return os.path.join(cachedir.subdir(root, "rewrites"), key + ".marshal")
    except OSError:
        return None


# marshal rather than json: a builtin module (json's import costs a warm start ~2 ms); its
# format belongs to the Python version, which is part of the key
def _to_data(result) -> dict:
    return {
        "source": result.source,
        "warnings": list(result.warnings),
        "ast_pass": result.ast_pass,
        "programs": {n: {"name": p.name, "auto": list(p.auto) if p.auto else None,
                         "variants": p.variants, "sections": p.sections, "line": p.line}
                     for n, p in result.programs.items()},
        "tables": {n: t._asdict() for n, t in result.tables.items()},
    }


def _from_data(data: dict):
    from .specs import ProgramSpec, RewriteResult, TableSpec

    programs = {n: ProgramSpec(p["name"], tuple(p["auto"]) if p["auto"] else None,
                               p["variants"], p["sections"], p["line"])
                for n, p in data["programs"].items()}
    tables = {n: TableSpec(**t) for n, t in data["tables"].items()}
    return RewriteResult(data["source"], programs, tables, data["warnings"], "cached")


def cached_rewrite(text: str, filename: str = "<text>", *, cflags=(), usdt: bool = False):
    """``rewrite()``'s result, from the cache when this exact input was rewritten before."""
    key = sha256("\0".join(["rewrite-v2", sys.version, kernel_fingerprint(), _code_identity(),
                            f"usdt={int(bool(usdt))}", filename, *cflags,
                            text]).encode()).hexdigest()
    path = _path(key)
    if path is not None:
        try:
            with open(path, "rb") as f:
                return _from_data(marshal.load(f))
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            pass
    from . import rewrite

    result = rewrite(text, filename, cflags=cflags, usdt=usdt)
    if path is not None:
        try:
            cachedir.atomic_write(path, marshal.dumps(_to_data(result)))
        except OSError:
            pass
    return result
