"""clang's JSON AST of the rewritten program, and reading locations out of it.

One clang run per rewrite (``-fsyntax-only -ast-dump=json``) against the same vmlinux.h
PCH compile_bpf uses. ``-ast-dump-filter`` keeps only the user's functions (the rewriter
gives them a common name prefix in the analysis text), but clang still deserializes the
whole PCH to filter it, which is most of the ~0.3 s the pass costs; results are cached by
content in the compile cache (``<cache>/dialect/``).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess

log = logging.getLogger("pybpf.dialect")

AST_PREFIX = "__pybpf_ast_"
MAIN = "<stdin>"


def _code_version() -> str:
    """Cached edits depend on the rewrite logic: key them on its source too."""
    h = hashlib.sha256()
    here = os.path.dirname(__file__)
    for name in ("clangast.py", "deref.py", "packets.py"):
        try:
            with open(os.path.join(here, name), "rb") as f:
                h.update(f.read())
        except OSError:
            return "deref-unknown"
    return "deref-" + h.hexdigest()[:16]


_CACHE_VERSION = _code_version()


def clang_ast(text: str, cflags=(), include_dirs=()) -> list[dict] | None:
    """The JSON AST of every function whose name contains AST_PREFIX, or None on failure.

    The flags are compile_bpf's, so the vmlinux.h PCH it built is reused; ``include_dirs``
    come after it (search paths do not invalidate a PCH)."""
    from ..compile import base_flags, find_toolchain
    from ..compile.vmlinux import vmlinux_h, vmlinux_pch
    tc = find_toolchain()
    flags = base_flags(cflags) + ["-I", os.path.dirname(vmlinux_h())]
    pch = vmlinux_pch(tc.clang, tc.identity, flags)
    extra = [f for d in include_dirs for f in ("-I", d)]
    cmd = [tc.clang, *flags, "-include-pch", pch, *extra, "-fsyntax-only", "-Xclang",
           "-ast-dump=json", "-Xclang", f"-ast-dump-filter={AST_PREFIX}", "-x", "c", "-"]
    proc = subprocess.run(cmd, input=text, capture_output=True, text=True)
    if proc.returncode != 0:
        log.debug("AST pass skipped, clang failed:\n%s", proc.stderr)
        return None
    dec, out, i, s = json.JSONDecoder(), [], 0, proc.stdout
    while True:
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            return out
        obj, i = dec.raw_decode(s, i)
        out.append(obj)


def cache_key(text: str, cflags, extra: str = "") -> str | None:
    try:
        from ..compile import base_flags, find_toolchain
        from ..compile.vmlinux import kernel_fingerprint
        tc = find_toolchain()
        parts = [_CACHE_VERSION, tc.identity, kernel_fingerprint(), *base_flags(cflags),
                 extra, text]
    except Exception:  # no clang or no BTF: no AST pass either
        return None
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def _cache_dir() -> str | None:
    if os.environ.get("PYBPF_NO_CACHE") == "1":
        return None
    from ..compile import cachedir
    root = cachedir.trusted_cache_dir()
    return cachedir.subdir(root, "dialect") if root else None


def cache_get(key: str):
    d = _cache_dir()
    if not d:
        return None
    try:
        with open(os.path.join(d, key + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def cache_put(key: str, value) -> None:
    d = _cache_dir()
    if d:
        from ..compile import cachedir
        cachedir.atomic_write(os.path.join(d, key + ".json"), json.dumps(value).encode())


def annotate_files(node) -> None:
    """Give every location dict a ``_file``: the JSON dump omits "file" when it is the same
    as in the previous location printed, so the file is a running state in print order."""
    cur = [None]

    def walk(x):
        if isinstance(x, dict):
            if "offset" in x and "col" in x or "offset" in x and "tokLen" in x:
                if "file" in x:
                    cur[0] = x["file"]
                x["_file"] = cur[0]
            for k, v in x.items():
                if k != "includedFrom":
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(node)


def spelling(endpoint: dict) -> tuple[int, int] | None:
    """(offset, tokLen) in the main file of a range endpoint, if the user spelled it there
    (directly, or as an argument of a macro invocation)."""
    if not endpoint:
        return None
    if "spellingLoc" in endpoint:
        sp, ex = endpoint["spellingLoc"], endpoint.get("expansionLoc", {})
        if sp.get("_file") != MAIN or not ex.get("isMacroArgExpansion"):
            return None
        return sp["offset"], sp.get("tokLen", 0)
    if endpoint.get("_file") != MAIN or "offset" not in endpoint:
        return None
    return endpoint["offset"], endpoint.get("tokLen", 0)


def member_token(node: dict) -> tuple[int, int, bool] | None:
    """(start, end, from a macro) of a MemberExpr's member name in the main file. A member
    spelled by an object-like macro (``sk->sk_dport``, net/sock.h's shorthand for
    ``__sk_common.skc_dport``) is the macro's name token where the user wrote it."""
    end = node.get("range", {}).get("end") or {}
    if "spellingLoc" in end:
        sp, ex = end["spellingLoc"], end.get("expansionLoc", {})
        if ex.get("isMacroArgExpansion"):
            if sp.get("_file") != MAIN:
                return None
            return sp["offset"], sp["offset"] + sp.get("tokLen", 0), False
        if ex.get("_file") != MAIN or "offset" not in ex:
            return None
        return ex["offset"], ex["offset"] + ex.get("tokLen", 0), True
    if end.get("_file") != MAIN or "offset" not in end:
        return None
    return end["offset"], end["offset"] + end.get("tokLen", 0), False


def src_range(node: dict) -> tuple[int, int] | None:
    r = node.get("range", {})
    b, e = spelling(r.get("begin")), spelling(r.get("end"))
    if b is None or e is None or e[0] + e[1] < b[0]:
        return None
    return b[0], e[0] + e[1]


def qualtype(node: dict) -> str:
    t = node.get("type", {})
    return t.get("desugaredQualType") or t.get("qualType", "")


_TAG_PTR = re.compile(r"^(?:(?:const|volatile|restrict|__restrict)\s+)*(struct|union)\s+"
                      r"(\w+)\s*(?:(?:const|volatile|restrict|__restrict)\s*)*\*"
                      r"\s*(?:const|volatile|restrict|__restrict)?\s*$")


def pointee_tag(qualtype: str) -> str | None:
    """``task_struct`` for ``struct task_struct *`` (one level of pointer only)."""
    m = _TAG_PTR.match(qualtype.strip())
    return m.group(2) if m else None


def strip(node: dict, parens: bool = False) -> dict:
    while node.get("kind") == "ImplicitCastExpr" or (parens and node.get("kind") == "ParenExpr"):
        inner = node.get("inner")
        if not inner:
            break
        node = inner[0]
    return node


def strip_comments(s: str) -> str:
    return re.sub(r"/\*[\s\S]*?\*/|//[^\n]*|\s+", "", s)
