"""``bcc.libbcc``: the few fd-level calls of BCC's C library that tools and helper
modules call directly through ``lib``.

BCC's ``lib`` is ctypes over libbcc.so; pybpf has no libbcc, so ``lib`` here offers BCC's
names for the plain BPF syscall wrappers, implemented by the system libbpf (ctypes, same
argument conventions: fds, ``ctypes.byref`` keys and values, -1 with errno set on error):
``bpf_obj_get(path)``, ``bpf_obj_pin(fd, path)``, ``bpf_lookup_elem(fd, key, value)``,
``bpf_update_elem(fd, key, value, flags)``, ``bpf_delete_elem(fd, key)``,
``bpf_get_next_key(fd, key, next_key)``. Anything else raises AttributeError naming
what pybpf offers instead.
"""
from __future__ import annotations

import ctypes as ct
import ctypes.util
import functools

# BCC name -> (libbpf function, argtypes)
_CALLS = {
    "bpf_obj_get": ("bpf_obj_get", [ct.c_char_p]),
    "bpf_obj_pin": ("bpf_obj_pin", [ct.c_int, ct.c_char_p]),
    "bpf_lookup_elem": ("bpf_map_lookup_elem", [ct.c_int, ct.c_void_p, ct.c_void_p]),
    "bpf_update_elem": ("bpf_map_update_elem",
                        [ct.c_int, ct.c_void_p, ct.c_void_p, ct.c_ulonglong]),
    "bpf_delete_elem": ("bpf_map_delete_elem", [ct.c_int, ct.c_void_p]),
    "bpf_get_next_key": ("bpf_map_get_next_key", [ct.c_int, ct.c_void_p, ct.c_void_p]),
}


@functools.lru_cache(maxsize=1)
def _libbpf():
    name = ctypes.util.find_library("bpf") or "libbpf.so.1"
    return ct.CDLL(name, use_errno=True)


class _Lib:
    """BCC's ``lib`` for the calls listed in the module docstring."""

    def __getattr__(self, name):
        if name not in _CALLS:
            raise AttributeError(
                f"bcc.libbcc.lib.{name}: pybpf has no libbcc; bcc.libbcc offers only "
                f"{', '.join(sorted(_CALLS))} (use the BPF class and its tables instead)")
        real, argtypes = _CALLS[name]
        fn = getattr(_libbpf(), real)
        fn.argtypes, fn.restype = argtypes, ct.c_int

        def call(*args):
            args = [a.encode() if isinstance(a, str) else a for a in args]
            ret = fn(*args)
            # libbpf returns -errno (and sets errno); BCC's calls return -1 with errno set
            return -1 if ret < 0 else ret

        call.__name__ = name
        setattr(self, name, call)
        return call


lib = _Lib()

__all__ = ["lib"]
