"""cffi builder (API mode) for pybpf's libbpf bindings.

The declarations are the headers in ``decl/``; ``shim.c`` is compiled in. Run by setuptools
(``cffi_modules`` in setup.py) during ``pip install``; ``python -m pybpf._libbpf.build``
rebuilds in place.
"""
import os

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
DECL_FILES = ["common.h", "object.h", "map.h", "link.h", "syscall.h", "btf.h", "buffers.h",
              "netlink.h", "shim.h", "shim_maps.h", "shim_events.h"]
# shim.c: logging, BTF dumps, perf_event_open; shim_maps.c: single-element map syscalls
# taking addresses; shim_events.c: batched ring/perf buffer consumers
SOURCE_FILES = ["shim.c", "shim_maps.c", "shim_events.c"]


def _read(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read()


ffibuilder = FFI()
ffibuilder.cdef("\n".join(_read(os.path.join("decl", n)) for n in DECL_FILES))
ffibuilder.set_source(
    "pybpf._libbpf._bindings",
    "\n".join(_read(n) for n in SOURCE_FILES),
    libraries=["bpf"],
    extra_compile_args=["-O2", "-Wno-unused-function"],
)

if __name__ == "__main__":
    ffibuilder.compile(tmpdir=os.path.dirname(os.path.dirname(HERE)), verbose=False)
