"""``pybpf gen object``: build a BPF object file from libbpf-style C with pybpf's compiler.

bpftool's ``gen object`` links ``.o`` files; pybpf's compiles a ``.bpf.c`` file the way
``Object.open()`` does (clang -target bpf -g -O2 against the running kernel's
``vmlinux.h``, DWARF stripped, BTF kept), so chapter 3 of *Learning eBPF* needs no
Makefile. A ``.o`` input is copied after checking it is a BPF ELF object.
"""
from __future__ import annotations

import os

from .grammar import Args, CliError

USAGE = """\
Usage: pybpf gen object OUTPUT_FILE INPUT_FILE
       INPUT_FILE := { FILE.bpf.c | FILE.c | FILE.o }"""

EM_BPF = 247


def do_object(args: Args, ctx):
    out = args.next("OUTPUT_FILE")
    src = args.next("INPUT_FILE")
    args.done()
    if not os.path.isfile(src):
        raise CliError(f"can't open {src}: no such file")
    if src.endswith(".o"):
        with open(src, "rb") as f:
            data = f.read()
        if data[:4] != b"\x7fELF" or int.from_bytes(data[18:20], "little") != EM_BPF:
            raise CliError(f"{src} is not a BPF ELF object")
    else:
        from ..compile import compile_bpf

        data = compile_bpf(path=os.path.abspath(src)).data
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out)
    return None


COMMANDS = {"object": do_object}
