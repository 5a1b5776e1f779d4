"""``vmlinux.h`` generated from the running kernel's BTF, and its precompiled header.

No kernel headers and no bpftool: the header comes from ``/sys/kernel/btf/vmlinux`` through
libbpf's BTF dump API. Compiling against the 2.8 MB header costs ~350 ms; its PCH brings a
small program to ~50 ms. The PCH is keyed on the clang identity, the flags and the kernel.
"""
from __future__ import annotations

import functools
import os

from ..errors import CompileError, NotSupportedError
from . import cachedir
from .digest import sha256

KERNEL_BTF = "/sys/kernel/btf/vmlinux"


@functools.lru_cache(maxsize=None)
def kernel_fingerprint() -> str:
    """Identifies the running kernel's BTF without reading its 5 MB (cheap at every start).

    ``PYBPF_KERNEL_FINGERPRINT`` overrides it: CO-RE objects built against one kernel's
    ``vmlinux.h`` load on others, so a test VM can reuse objects compiled on its host.
    """
    override = os.environ.get("PYBPF_KERNEL_FINGERPRINT")
    if override:
        return override
    try:
        size = os.stat(KERNEL_BTF).st_size
    except OSError as exc:
        raise NotSupportedError(
            f"this kernel has no BTF ({KERNEL_BTF} is missing): pybpf needs a kernel built "
            "with CONFIG_DEBUG_INFO_BTF=y (Debian, Ubuntu, Fedora kernels since 5.x have it)"
        ) from exc
    u = os.uname()
    return sha256(f"{u.release}|{u.version}|{u.machine}|{size}".encode()).hexdigest()[:16]


def _work_dir() -> str:
    root = None if os.environ.get("PYBPF_NO_CACHE") == "1" else cachedir.trusted_cache_dir()
    if root is None:
        root = _private_tmp()
    return cachedir.subdir(root, "kernel-" + kernel_fingerprint())


@functools.lru_cache(maxsize=None)
def _private_tmp() -> str:
    """Where vmlinux.h and its PCH go when there is no trusted cache: removed at exit."""
    import atexit
    import shutil
    import tempfile

    path = tempfile.mkdtemp(prefix="pybpf-")
    atexit.register(shutil.rmtree, path, True)
    return path


def vmlinux_h() -> str:
    """Path of ``vmlinux.h`` for the running kernel, generated on first use."""
    path = os.path.join(_work_dir(), "vmlinux.h")
    if not os.path.exists(path):
        from .._libbpf.btf import Btf

        tmp = path + f".{os.getpid()}.tmp"
        btf = Btf.vmlinux()
        try:
            btf.write_c_header(tmp)
        finally:
            btf.close()
        os.replace(tmp, path)
    return path


def vmlinux_pch(clang: str, identity: str, flags: list[str]) -> str:
    """A PCH of ``vmlinux.h`` built with exactly ``flags``; built on first use."""
    header = vmlinux_h()
    key = sha256("\0".join([identity, *flags]).encode()).hexdigest()[:20]
    pch = os.path.join(os.path.dirname(header), f"vmlinux-{key}.pch")
    if not os.path.exists(pch):
        import subprocess

        tmp = pch + f".{os.getpid()}.tmp"
        proc = subprocess.run([clang, *flags, "-x", "c-header", header, "-o", tmp],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise CompileError(f"building the precompiled vmlinux.h failed:\n{proc.stderr}",
                               diagnostics=proc.stderr)
        os.replace(tmp, pch)
    return pch
