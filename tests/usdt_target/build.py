"""Build the USDT test target (probes.c + regs.c + guarded.c, and libpybpft.so from lib.c).

Used by the ``usdt_target`` fixture (tests/conftest.py); skips the test with the reason
when no C compiler or no <sys/sdt.h> (Debian: systemtap-sdt-dev) is installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from typing import NamedTuple

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


class Target(NamedTuple):
    exe: str      # the program: reads numbers on stdin, fires every probe per number
    lib: str      # libpybpft.so, which it links


def _cc(cc: str, *args: str) -> None:
    proc = subprocess.run([cc, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{cc} {' '.join(args)} failed:\n{proc.stderr}")


def build(out: str) -> Target:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("needs a C compiler (cc) to build the USDT test program")
    probe = subprocess.run([cc, "-E", "-x", "c", "-", "-o", os.devnull],
                           input="#include <sys/sdt.h>\n", capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("needs <sys/sdt.h> (Debian package systemtap-sdt-dev) to build the "
                    "USDT test program")
    src = {n: os.path.join(HERE, n) for n in ("probes.c", "regs.c", "guarded.c", "lib.c")}
    lib = os.path.join(out, "libpybpft.so")
    exe = os.path.join(out, "pybpft")
    _cc(cc, "-O2", "-fPIC", "-shared", "-o", lib, src["lib.c"])
    _cc(cc, "-O2", "-c", "-o", os.path.join(out, "regs.o"), src["regs.c"])
    _cc(cc, "-O0", "-c", "-o", os.path.join(out, "guarded.o"), src["guarded.c"])
    _cc(cc, "-O0", "-o", exe, src["probes.c"], os.path.join(out, "regs.o"),
        os.path.join(out, "guarded.o"), f"-L{out}", "-lpybpft", f"-Wl,-rpath,{out}")
    return Target(exe, lib)
