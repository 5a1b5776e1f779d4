"""Finding libraries and executables the way BCC does (``BPF.find_library``, ``find_exe``)."""
from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=1)
def _ld_cache() -> dict[str, str]:
    """soname -> path from ``ldconfig -p`` (first entry wins, like the dynamic loader)."""
    import re
    import subprocess

    out: dict[str, str] = {}
    for exe in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            text = subprocess.run([exe, "-p"], capture_output=True, text=True).stdout
            break
        except OSError:
            continue
    else:
        return out
    for m in re.finditer(r"^\s+(\S+) \(([^)]*)\) => (\S+)$", text, re.M):
        if "x86-64" in m.group(2) or "64bit" in m.group(2) or os.uname().machine not in ("x86_64",):
            out.setdefault(m.group(1), m.group(3))
    return out


def find_library(name: str) -> str | None:
    """Path of a shared library from a short name (``c``), a soname (``libc.so.6``) or a path."""
    if "/" in name:
        return name if os.path.exists(name) else None
    cache = _ld_cache()
    if name in cache:
        return cache[name]
    lib = name if name.startswith("lib") else "lib" + name
    candidates = sorted((so for so in cache if so == lib + ".so" or so.startswith(lib + ".so.")),
                        key=len)
    if candidates:
        return cache[candidates[0]]
    for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") + [
            "/lib/%s-linux-gnu" % os.uname().machine, "/usr/lib/%s-linux-gnu" % os.uname().machine,
            "/lib64", "/usr/lib64", "/lib", "/usr/lib"]:
        if d and os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                if f == lib + ".so" or f.startswith(lib + ".so."):
                    return os.path.join(d, f)
    return None


def find_exe(name: str) -> str | None:
    """Path of an executable: as given when it contains a slash, else searched in PATH."""
    if "/" in name:
        return name if os.path.isfile(name) and os.access(name, os.X_OK) else None
    for d in os.environ.get("PATH", os.defpath).split(os.pathsep):
        p = os.path.join(d, name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def resolve_binary(name: str, pid: int | None = None) -> str | None:
    """The file a uprobe target names: a path, a library name, or a program in PATH."""
    if pid and pid > 0 and "/" not in name:
        # a library as mapped in that process
        try:
            with open(f"/proc/{pid}/maps") as f:
                for line in f:
                    path = line.split(None, 5)[-1].strip()
                    base = os.path.basename(path)
                    if base == name or base.startswith(("lib" + name + ".so", name + ".so")):
                        return path
        except OSError:
            pass
    return find_library(name) or find_exe(name)
