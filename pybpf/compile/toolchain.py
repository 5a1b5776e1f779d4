"""Finding clang and llvm-strip: ``PYBPF_CLANG``, else ``clang``, else the newest ``clang-NN``."""
from __future__ import annotations

import functools
import os

from ..errors import NotSupportedError


def which(name: str) -> str | None:
    """``shutil.which`` for a plain name or a path (shutil's import costs a warm start
    a few milliseconds)."""
    if os.sep in name:
        return name if os.access(name, os.X_OK) and not os.path.isdir(name) else None
    for d in os.environ.get("PATH", os.defpath).split(os.pathsep):
        path = os.path.join(d or ".", name)
        if os.access(path, os.X_OK) and not os.path.isdir(path):
            return path
    return None


class Toolchain:
    """The clang used for BPF, with the identity that keys the caches."""

    def __init__(self, clang: str):
        self.clang = os.path.realpath(clang)
        st = os.stat(self.clang)
        # identity without running clang (warm starts must not spawn processes)
        self.identity = f"{self.clang}:{st.st_size}:{st.st_mtime_ns}"

    @functools.cached_property
    def version(self) -> str:
        import re
        import subprocess

        out = subprocess.run([self.clang, "--version"], capture_output=True, text=True).stdout
        m = re.search(r"clang version (\S+)", out)
        return m.group(1) if m else out.splitlines()[0] if out else "unknown"

    @functools.cached_property
    def strip(self) -> str | None:
        """llvm-strip matching clang's version when there is one."""
        import re

        d = os.path.dirname(self.clang)
        m = re.search(r"-(\d+)$", os.path.basename(self.clang))
        names = [f"llvm-strip-{m.group(1)}"] if m else []
        names += ["llvm-strip"]
        for name in names:
            for path in (os.path.join(d, name), which(name)):
                if path and os.access(path, os.X_OK):
                    return path
        return None


def _newest_versioned(prefix: str) -> str | None:
    import re

    best, best_ver = None, -1
    for d in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin", "/usr/lib/llvm"]:
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for n in names:
            m = re.fullmatch(re.escape(prefix) + r"-(\d+)", n)
            if m and int(m.group(1)) > best_ver and os.access(os.path.join(d, n), os.X_OK):
                best, best_ver = os.path.join(d, n), int(m.group(1))
    return best


@functools.lru_cache(maxsize=None)
def find_toolchain() -> Toolchain:
    """The clang to use; NotSupportedError says how to get one when there is none."""
    env = os.environ.get("PYBPF_CLANG")
    if env:
        path = which(env) or env
        if not os.access(path, os.X_OK):
            raise NotSupportedError(f"PYBPF_CLANG={env!r} is not an executable clang")
        return Toolchain(path)
    path = which("clang") or _newest_versioned("clang")
    if not path:
        raise NotSupportedError(
            "clang is not installed: pybpf compiles BPF C with clang (`apt-get install clang "
            "llvm`, or run scripts/setup.sh); set PYBPF_CLANG to use a specific one. "
            "Prebuilt .bpf.o objects load without clang.")
    return Toolchain(path)
