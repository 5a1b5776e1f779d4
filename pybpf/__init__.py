"""pybpf: BCC-style eBPF from Python, compiled against the kernel's BTF and loaded with libbpf.

``import pybpf`` stays cheap: the cffi bindings, clang driver, pyroute2 and pyelftools load
only when first used.
"""
from ._version import __version__
from .errors import (AttachError, BPFPermissionError, CompileError, LoadError,
                     NotSupportedError, PybpfError, RewriteError, SyscallError, VerifierError)

_LAZY = {
    "Object": ("object", "Object"),
    "Program": ("program", "Program"),
    "Map": ("maps.base", "Map"),
    "Link": ("links.base", "Link"),
    "RingBuffer": ("events.ringbuf", "RingBuffer"),
    "PerfBuffer": ("events.perfbuf", "PerfBuffer"),
    "TracePipe": ("trace.pipe", "TracePipe"),
    "BPF": ("bcc", "BPF"),
    "features": ("features", None),
}


def __getattr__(name):
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'pybpf' has no attribute {name!r}") from None
    import importlib

    mod = importlib.import_module(f".{module}", __name__)
    value = mod if attr is None else getattr(mod, attr)
    globals()[name] = value
    return value


__all__ = ["__version__", "AttachError", "BPFPermissionError", "CompileError", "LoadError",
           "NotSupportedError", "PybpfError", "RewriteError", "SyscallError", "VerifierError",
           *_LAZY]
