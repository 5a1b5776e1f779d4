"""``bcc.syscall``: syscall numbers and names of this architecture.

Read from the ``asm/unistd_64.h`` the system's kernel-API headers ship (linux-libc-dev), so
the table is this architecture's, not a hard-coded copy.
"""
from __future__ import annotations

import functools
import os
import re

_HEADERS = ("/usr/include/%s-linux-gnu/asm/unistd_64.h" % os.uname().machine,
            "/usr/include/asm/unistd_64.h", "/usr/include/asm-generic/unistd.h")


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, bytes]:
    for path in _HEADERS:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        return {int(num): name.encode()
                for name, num in re.findall(r"#define __NR_(\w+)\s+(\d+)\b", text)}
    return {}


class _Syscalls(dict):
    def __missing__(self, key):
        table = _table()
        if not self and table:
            self.update(table)
            if key in self:
                return self[key]
        raise KeyError(key)


syscalls = _Syscalls()


def syscall_name(syscall_num: int) -> bytes:
    """The name of a syscall number, or ``b"[unknown: N]"`` as BCC says."""
    return _table().get(syscall_num, b"[unknown: %d]" % syscall_num)
