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


class StrcmpRewrite:
    """``STRCMP("literal", expr)`` in a tool's filter becomes a call to a generated
    ``streq_N(ignored, str)`` that compares the literal with the string at ``expr`` (what
    BCC's trace and argdist use; the generated C goes through pybpf's rewriter with the
    rest of the tool's program)."""

    @staticmethod
    def _streq_function(name: str, literal: str, read_fn: str) -> str:
        # only the literal's length is read and compared: a prefix match when the string
        # goes on, as in BCC
        return f"""
static inline bool {name}(char const *ignored, uintptr_t str) {{
        char needle[] = {literal};
        char haystack[sizeof(needle)];
        {read_fn}(&haystack, sizeof(haystack), (void *)str);
        for (int i = 0; i < sizeof(needle) - 1; ++i) {{
                if (needle[i] != haystack[i])
                        return false;
        }}
        return true;
}}
"""

    @staticmethod
    def rewrite_expr(expr, bin_cmp, is_user, probe_user_list, streq_functions, probeid):
        """Replace each STRCMP in ``expr``; returns BCC's dict: the new ``expr``, the
        ``streq_functions`` text grown by one function per STRCMP, the next ``probeid``.
        User-space strings (``is_user``, or an argument in ``probe_user_list``) are read
        with bpf_probe_read_user."""
        import re

        pattern = r'STRCMP\("([^"]+)",(.+?)\)' if bin_cmp else r'STRCMP\(("[^"]+"),(.+?)\)'
        for match in list(re.finditer(pattern, expr)):
            literal, target = match.group(1), match.group(2).strip()
            user = is_user or target in probe_user_list
            name = f"streq_{probeid}"
            streq_functions += StrcmpRewrite._streq_function(
                name, literal, "bpf_probe_read_user" if user else "bpf_probe_read")
            probeid += 1
            expr = expr.replace("STRCMP", name, 1)
        return {"expr": expr, "streq_functions": streq_functions, "probeid": probeid}
