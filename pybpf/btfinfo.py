"""Questions about the running kernel's types, answered from its BTF (no headers)."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _vmlinux():
    from ._libbpf.btf import Btf

    return Btf.vmlinux()


def _member(btf, struct_name: str, field_name: str):
    """(found struct?, the member or None): the member named ``field_name`` of the kernel's
    ``struct``/``union struct_name``, looking into anonymous structs and unions."""
    tid = btf.find(struct_name, "struct") or btf.find(struct_name, "union")
    if tid is None:
        return False, None

    def find(type_id: int):
        for m in btf.type(type_id).members:
            if m.name == field_name:
                return m
            if not m.name:
                inner = btf.type(m.type_id)
                while inner.kind in ("typedef", "const", "volatile"):
                    inner = btf.type(inner.type_id)
                if inner.kind in ("struct", "union"):
                    found = find(inner.id)
                    if found is not None:
                        return found
        return None

    return True, find(tid)


def struct_has_field(struct_name: str, field_name: str) -> int:
    """1 if ``struct struct_name`` has the member (anonymous unions included), 0 if not,
    -1 if there is no such struct."""
    exists, member = _member(_vmlinux(), struct_name, field_name)
    if not exists:
        return -1
    return 1 if member is not None else 0


def member_size(struct_name: str, field_name: str) -> int | None:
    """Size in bytes of member ``field_name`` of the kernel's ``struct struct_name``
    (anonymous unions included); None when there is no such struct or member, or no BTF."""
    try:
        btf = _vmlinux()
    except Exception:
        return None
    _, member = _member(btf, struct_name, field_name)
    return None if member is None else btf.resolve_size(member.type_id)
