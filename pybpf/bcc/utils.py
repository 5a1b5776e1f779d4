"""``bcc.utils``: the helpers BCC tools import."""
from __future__ import annotations

import ctypes as ct
import os
import sys

from ..cpus import online_cpus, possible_cpus


def get_online_cpus() -> list[int]:
    return online_cpus()


def get_possible_cpus() -> list[int]:
    return possible_cpus()


def printb(s: bytes, file=sys.stdout, nl: int = 1) -> None:
    """Print bytes as they are (no b'' repr), like BCC's printb."""
    buf = file.buffer if hasattr(file, "buffer") else file
    buf.write(s)
    if nl:
        buf.write(b"\n")
    file.flush()


class ArgString:
    """An argparse type keeping the argument as bytes (BCC tools pass it into C text)."""

    def __init__(self, s):
        self.s = s.encode() if isinstance(s, str) else s

    def __bytes__(self):
        return self.s

    def __str__(self):
        return self.s.decode()


def warn_with_traceback(message, category, filename, lineno, file=None, line=None):
    import traceback
    import warnings

    log = file if hasattr(file, "write") else sys.stderr
    traceback.print_stack(f=sys._getframe(2), file=log)
    log.write(warnings.formatwarning(message, category, filename, lineno, line))


def _assert_is_bytes(arg):
    if arg is None:
        return arg
    return arg.encode() if isinstance(arg, str) else arg


def disable_aslr():
    """Turn off address space randomisation for this process's future children."""
    ADDR_NO_RANDOMIZE = 0x0040000
    libc = ct.CDLL("libc.so.6", use_errno=True)
    pers = libc.personality(0xFFFFFFFF)
    if pers == -1 or libc.personality(pers | ADDR_NO_RANDOMIZE) == -1:
        raise OSError(ct.get_errno(), os.strerror(ct.get_errno()))


class StrcmpRewrite:  # BCC internal used by a few tools; kept for import compatibility
    @staticmethod
    def rewrite_expr(expr, bin_cmp, is_user, probe_user_list, streq_functions, probeid):
        return expr, probeid
