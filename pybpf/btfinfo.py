"""Questions about the running kernel's types, answered from its BTF (no headers)."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _vmlinux():
    from ._libbpf.btf import Btf

    return Btf.vmlinux()


def struct_has_field(struct_name: str, field_name: str) -> int:
    """1 if ``struct struct_name`` has the member (anonymous unions included), 0 if not,
    -1 if there is no such struct."""
    btf = _vmlinux()
    tid = btf.find(struct_name, "struct") or btf.find(struct_name, "union")
    if tid is None:
        return -1

    def has(type_id: int) -> bool:
        t = btf.type(type_id)
        for m in t.members:
            if m.name == field_name:
                return True
            if not m.name:
                inner = btf.type(m.type_id)
                while inner.kind in ("typedef", "const", "volatile"):
                    inner = btf.type(inner.type_id)
                if inner.kind in ("struct", "union") and has(inner.id):
                    return True
        return False

    return 1 if has(tid) else 0
