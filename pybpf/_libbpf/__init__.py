"""libbpf bindings (cffi, API mode). The only package in pybpf that touches cffi.

Everything above this package speaks ints, bytes, memoryviews and Python objects; the handle
classes in the submodules convert. ``-errno`` returns and NULL pointers become exceptions in
exactly one place: :func:`check_ret` / :func:`check_ptr`.
"""
from __future__ import annotations

from ..errors import PybpfError, syscall_error

try:
    from ._bindings import ffi, lib
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise PybpfError(
        "pybpf's libbpf bindings are not built: run `pip install -e .` in the pybpf checkout "
        "(it needs libbpf-dev and a C compiler; scripts/setup.sh installs both)") from exc

#: the oldest libbpf whose API these bindings use (bpf_object__next_program, btf__type_cnt,
#: the 1.0 error convention)
MIN_LIBBPF = (1, 0)
LIBBPF_VERSION = (lib.libbpf_major_version(), lib.libbpf_minor_version())
if LIBBPF_VERSION < MIN_LIBBPF:  # pragma: no cover - depends on the installation
    raise PybpfError(
        "libbpf %d.%d is too old: pybpf needs libbpf >= %d.%d (Debian 12's libbpf1 1.1 works)"
        % (LIBBPF_VERSION + MIN_LIBBPF))


def check_ret(ret: int, what: str = "") -> int:
    """Return ``ret`` when it is >= 0, raise the matching SyscallError for ``-errno``."""
    if ret < 0:
        raise syscall_error(-ret, what)
    return ret


def check_ptr(ptr, what: str = ""):
    """Return ``ptr`` when it is a valid pointer; NULL (errno set) becomes a SyscallError."""
    if ptr == ffi.NULL:
        raise syscall_error(ffi.errno or 22, what)
    err = lib.libbpf_get_error(ptr)
    if err:
        raise syscall_error(-err, what)
    return ptr


def string(cstr) -> str:
    """A C string (possibly NULL) as a Python str."""
    return "" if cstr == ffi.NULL else ffi.string(cstr).decode(errors="replace")


def num_possible_cpus() -> int:
    """Number of possible CPUs (the per-CPU map value count)."""
    return check_ret(lib.libbpf_num_possible_cpus(), "libbpf_num_possible_cpus")
