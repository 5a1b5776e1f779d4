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


def member_size(struct_name: str, field_name: str) -> int | None:
    """Size in bytes of member ``field_name`` of the kernel's ``struct struct_name``
    (anonymous unions included); None when there is no such struct or member, or no BTF."""
    try:
        btf = _vmlinux()
    except Exception:
        return None
    tid = btf.find(struct_name, "struct") or btf.find(struct_name, "union")
    if tid is None:
        return None

    def find(type_id: int):
        for m in btf.type(type_id).members:
            if m.name == field_name:
                return btf.resolve_size(m.type_id)
            if not m.name:
                inner = btf.type(m.type_id)
                while inner.kind in ("typedef", "const", "volatile"):
                    inner = btf.type(inner.type_id)
                if inner.kind in ("struct", "union"):
                    found = find(inner.id)
                    if found:
                        return found
        return None

    return find(tid)
