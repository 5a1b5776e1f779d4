"""Compiling BPF C to an ELF object: flags, the vmlinux.h PCH, the cache, error mapping."""
from __future__ import annotations

import os
from collections import namedtuple

from . import vmlinux
from .objcache import ObjectCache, cache_key
from .toolchain import find_toolchain

DIALECT_INCLUDE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "dialect", "include")
_MULTIARCH = "/usr/include/%s-linux-gnu" % os.uname().machine
_ARCH = {"x86_64": "x86", "aarch64": "arm64", "s390x": "s390", "ppc64le": "powerpc",
         "riscv64": "riscv", "loongarch64": "loongarch"}.get(os.uname().machine, "x86")
_INCLUDES_VMLINUX = r'^\s*#\s*include\s*[<"]vmlinux\.h[>"]'

# re, typing and the diagnostics module are imported only when clang runs: a warm start
# (a cache hit) pays for none of them


class CompiledObject(namedtuple("CompiledObject", "data from_cache")):
    """``data``: the ELF object, DWARF stripped (.BTF/.BTF.ext kept); ``from_cache``."""

    __slots__ = ()


def base_flags(cflags=(), include_dirs=()) -> list[str]:
    """clang flags for every BPF compile (what libbpf-style programs need)."""
    flags = ["-target", "bpf", "-O2", "-g", f"-D__TARGET_ARCH_{_ARCH}",
             "-Wno-unknown-attributes", "-Wno-compare-distinct-pointer-types",
             "-Wno-unused-value", "-Wno-pointer-sign", "-Wno-address-of-packed-member",
             # a call to an undeclared function would become an extern libbpf cannot
             # resolve ("failed to find BTF for extern"): say where it is instead
             "-Werror=implicit-function-declaration",
             "-fno-stack-protector", "-fno-asynchronous-unwind-tables"]
    for d in (*include_dirs, DIALECT_INCLUDE):
        flags += ["-I", d]
    if os.path.isdir(_MULTIARCH):
        flags += ["-idirafter", _MULTIARCH]  # asm/types.h for <linux/bpf.h>
    return flags + list(cflags)


def _includes_vmlinux(source: str) -> bool:
    import re

    return bool(re.search(_INCLUDES_VMLINUX, source, re.M))


def _parse_deps(text: str) -> list[str]:
    import re

    body = text.replace("\\\n", " ").split(":", 1)[-1]
    return [p.replace("\\ ", " ") for p in re.split(r"(?<!\\)\s+", body) if p]


def compile_bpf(*, source: str | None = None, path: str | None = None,
                filename: str = "<text>", origin: str | None = None, cflags=(),
                include_dirs=(), use_vmlinux: bool | None = None,
                cache: ObjectCache | None = None) -> CompiledObject:
    """Compile ``source`` (text) or ``path`` (a .bpf.c file) for the BPF target.

    ``filename`` names the text in errors (``#line`` directives in ``source`` may refer to
    it); ``origin`` is the user's own text when ``source`` was generated from it (rewritten
    BCC C), so error snippets and BTF line info quote the user's lines.
    ``use_vmlinux``: force-include the kernel's ``vmlinux.h`` through its PCH (default: when
    the program includes ``vmlinux.h``). Clang errors become :class:`CompileError` pointing
    at the user's file and line.
    """
    if source is None:
        path = os.path.abspath(path)
        with open(path) as f:
            source = f.read()
        filename = path
    if use_vmlinux is None:
        use_vmlinux = "vmlinux.h" in source and _includes_vmlinux(source)
    tc = find_toolchain()
    flags = base_flags(cflags, [*include_dirs, *( [os.path.dirname(os.path.abspath(path))]
                                                   if path else [])])
    kernel = vmlinux.kernel_fingerprint()
    cache = cache if cache is not None else ObjectCache.default()
    key = cache_key("v2", tc.identity, kernel, *flags, str(use_vmlinux), filename, source)
    hit = cache.get(key)
    if hit is not None:
        return CompiledObject(hit, True)

    import re  # only on a cache miss: warm starts never spawn or import them
    import subprocess
    import tempfile

    from . import diagnostics

    vmlinux_dir = os.path.dirname(vmlinux.vmlinux_h())
    flags += ["-I", vmlinux_dir]
    cmd = [tc.clang, *flags]
    if use_vmlinux:
        cmd += ["-include-pch", vmlinux.vmlinux_pch(tc.clang, tc.identity, flags)]
    with tempfile.TemporaryDirectory(prefix="pybpf-cc-") as tmp:
        out, depfile = os.path.join(tmp, "out.o"), os.path.join(tmp, "out.d")
        user_text = origin if origin is not None else source
        named = filename
        if not os.path.isfile(filename):
            # clang copies each line's text into BTF line info (what verifier errors quote)
            # from the file a #line names: give "<text>" a real file with the user's lines
            named = os.path.join(tmp, os.path.basename(filename) or "text")
            with open(named, "w") as f:
                f.write(user_text)
        text = source
        if named != filename:
            line_of_user_file = re.compile(
                r'^(\s*#\s*line\s+\d+\s+)"' + re.escape(filename) + '"', re.M)
            text = line_of_user_file.sub(lambda m: f'{m.group(1)}"{named}"', source)
        if not text.lstrip().startswith("#line"):
            text = f'#line 1 "{named}"\n{text}'
        cmd += ["-MD", "-MF", depfile, "-c", "-x", "c", "-", "-o", out]
        proc = subprocess.run(cmd, input=text, capture_output=True, text=True,
                              cwd=os.path.dirname(path) if path else None)
        if proc.returncode != 0:
            raise diagnostics.compile_error(proc.stderr.replace(named, filename),
                                            {filename: user_text.splitlines()})
        if tc.strip:
            subprocess.run([tc.strip, "-g", out], check=True, capture_output=True)
        with open(out, "rb") as f:
            data = f.read()
        deps = []
        if os.path.exists(depfile):
            with open(depfile) as f:
                deps = [d for d in _parse_deps(f.read())
                        if d != "-" and not d.startswith(vmlinux_dir)
                        and os.path.exists(d)]
    cache.put(key, data, deps)
    return CompiledObject(data, False)
