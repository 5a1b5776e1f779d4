"""The ``args`` struct of a TRACEPOINT_PROBE, generated from the tracepoint's format file.

tracefs describes each tracepoint record (``events/<cat>/<ev>/format``)::

    field:unsigned short common_type;   offset:0;  size:2; signed:0;
    field:const char * filename;        offset:24; size:8; signed:0;
    field:__data_loc char[] cmd;         offset:60; size:4; signed:0;

We emit ``struct tracepoint__<cat>__<ev>`` with every field at exactly its offset: the struct
is packed, explicit ``char __pad_N[]`` members fill gaps, and each field carries an
``aligned()`` attribute matching its offset so clang still emits whole, aligned loads (the
verifier requires ``off % size == 0`` for tracepoint context reads). Like BCC:
- a scalar whose declared type does not have the field's size (``int dfd`` with size 8 on
  syscall tracepoints) gets the integer type of that size (``s64 dfd``);
- ``__data_loc`` fields become ``int data_loc_<name>`` (offset in the low 16 bits, length
  in the high 16), read with ``TP_DATA_LOC_READ(dst, name)``; ``__rel_loc`` fields become
  ``int rel_loc_<name>``.
Unlike BCC the ``common_*`` fields keep their names (BCC hid them in ``__do_not_use__``).
"""
from __future__ import annotations

import re

_FIELD = re.compile(r"field:(?P<decl>[^;]*);\s*offset:(?P<off>\d+);\s*size:(?P<size>\d+);"
                    r"(?:\s*signed:(?P<signed>\d+);)?")

# C types vmlinux.h certainly has, with their size and signedness
_SCALARS = {
    "char": (1, None), "signed char": (1, True), "unsigned char": (1, False),
    "short": (2, True), "short int": (2, True), "signed short": (2, True),
    "unsigned short": (2, False), "short unsigned int": (2, False),
    "unsigned short int": (2, False),
    "int": (4, True), "signed int": (4, True), "signed": (4, True),
    "unsigned int": (4, False), "unsigned": (4, False),
    "long": (8, True), "long int": (8, True), "unsigned long": (8, False),
    "long unsigned int": (8, False), "unsigned long int": (8, False),
    "long long": (8, True), "long long int": (8, True), "unsigned long long": (8, False),
    "long long unsigned int": (8, False), "unsigned long long int": (8, False),
    "bool": (1, False), "_Bool": (1, False),
    "pid_t": (4, True), "uid_t": (4, False), "gid_t": (4, False), "size_t": (8, False),
    "ssize_t": (8, True), "loff_t": (8, True), "off_t": (8, True), "dev_t": (4, False),
    "sector_t": (8, False), "umode_t": (2, False), "gfp_t": (4, False), "ino_t": (8, False),
    "clockid_t": (4, True), "time64_t": (8, True), "ktime_t": (8, True),
    "fmode_t": (4, False), "blk_opf_t": (4, False), "uintptr_t": (8, False),
    "dma_addr_t": (8, False), "phys_addr_t": (8, False), "resource_size_t": (8, False),
    "__be16": (2, False), "__be32": (4, False), "__be64": (8, False),
    "__le16": (2, False), "__le32": (4, False), "__le64": (8, False),
    "__sum16": (2, False), "__wsum": (4, False),
}
for _bits in (8, 16, 32, 64):
    for _pfx, _signed in (("u", False), ("s", True), ("__u", False), ("__s", True)):
        _SCALARS[f"{_pfx}{_bits}"] = (_bits // 8, _signed)
    _SCALARS[f"uint{_bits}_t"] = (_bits // 8, False)
    _SCALARS[f"int{_bits}_t"] = (_bits // 8, True)
_INT_BY_SIZE = {1: "8", 2: "16", 4: "32", 8: "64"}


class FormatError(ValueError):
    """The format text is not a tracepoint format description."""


def _strip_quals(t: str) -> str:
    t = re.sub(r"\b(const|volatile|__user|__rcu|__iomem|__percpu)\b", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _int_type(size: int, signed: bool) -> str:
    return ("s" if signed else "u") + _INT_BY_SIZE[size]


def _field_decl(decl: str, size: int, signed_flag: bool) -> tuple[str, str]:
    """(C declaration, field name) for one format field."""
    m = re.fullmatch(r"(?P<type>.*?)\s*(?P<name>[A-Za-z_]\w*)\s*(?P<dims>(\[[^\]]*\])*)",
                     decl.strip())
    if not m:
        raise FormatError(f"cannot parse field {decl!r}")
    ctype, name, dims = m.group("type").strip(), m.group("name"), m.group("dims")
    if "__data_loc" in ctype:
        return f"int data_loc_{name}", f"data_loc_{name}"
    if "__rel_loc" in ctype:
        return f"int rel_loc_{name}", f"rel_loc_{name}"
    base = _strip_quals(ctype)
    if "*" in base:
        pointee = _strip_quals(base.replace("*", " "))
        known = pointee in _SCALARS or pointee == "void" or \
            re.fullmatch(r"(struct|union|enum) \w+", pointee)
        return (f"{ctype} {name}" if known and size == 8 else f"u64 {name}"), name
    if dims:
        n = 1
        for d in re.findall(r"\[([^\]]*)\]", dims):
            n *= int(d) if d.strip().isdigit() else 0
        if n and base in _SCALARS and _SCALARS[base][0] * n == size:
            return f"{ctype} {name}{dims}", name
        elem = size // n if n and size % n == 0 and size // n in _INT_BY_SIZE else 1
        count = size // elem
        return f"{_int_type(elem, signed_flag)} {name}[{count}]", name
    known = _SCALARS.get(base)
    if known and known[0] == size:
        return f"{ctype} {name}", name
    if base.startswith("enum ") and size == 4:
        return f"{ctype} {name}", name
    if size in _INT_BY_SIZE:
        signed = known[1] if known and known[1] is not None else signed_flag
        return f"{_int_type(size, signed)} {name}", name
    return f"unsigned char {name}[{size}]", name


def struct_name(category: str, event: str) -> str:
    return f"tracepoint__{category}__{event}"


def generate_struct(category: str, event: str, format_text: str) -> str:
    """C definition of ``struct tracepoint__<category>__<event>`` for ``format_text``."""
    fields = []
    for m in _FIELD.finditer(format_text):
        fields.append((m.group("decl"), int(m.group("off")), int(m.group("size")),
                       m.group("signed") == "1"))
    if not fields:
        raise FormatError(f"no fields in the format of {category}:{event}")
    fields.sort(key=lambda f: f[1])
    lines = [f"struct {struct_name(category, event)} {{"]
    cur = pad = 0
    for decl, off, size, signed in fields:
        if off < cur:
            lines.append(f"\t/* {decl.strip()}: overlaps the previous field, left out */")
            continue
        if off > cur:
            lines.append(f"\tchar __pad_{pad}[{off - cur}];")
            pad += 1
        cdecl, _name = _field_decl(decl, size, signed)
        align = 8
        while align > 1 and off % align:
            align //= 2
        lines.append(f"\t{cdecl} __attribute__((aligned({align})));"
                     f"\t/* offset {off}, size {size} */")
        cur = off + size
    lines.append("} __attribute__((packed));")
    return "\n".join(lines) + "\n"
