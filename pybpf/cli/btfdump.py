"""BTF read in pure Python, the way bpftool prints it.

:class:`RawBtf` parses a raw BTF blob (``/sys/kernel/btf/vmlinux``, a program's BTF from
the kernel, a module's split BTF on top of its base) and provides bpftool's three views:

- :meth:`RawBtf.type_only`: a C declaration such as ``int hello(struct xdp_md * ctx)``
  (bpftool's ``btf_dumper_type_only``: the function headers of ``prog dump``);
- :meth:`RawBtf.value`: a value decoded as JSON data (bpftool's ``btf_dumper``: strings
  for char arrays, enum names, ``{".bss": [{"counter": 3}]}`` for a data section);
- :meth:`RawBtf.raw_records`: ``btf dump ... format raw`` (text: pybpf.cli.btf).
"""
from __future__ import annotations

import struct
from typing import NamedTuple

MAGIC = 0xEB9F
KINDS = ["UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF",
         "VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT",
         "DECL_TAG", "TYPE_TAG", "ENUM64"]
(UNKN, INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC,
 FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64) = range(20)
MODIFIERS = (TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG)
INT_SIGNED, INT_CHAR, INT_BOOL = 1, 2, 4
LINKAGE = {0: "static", 1: "global", 2: "extern"}


class BtfError(ValueError):
    """The blob is not BTF, or refers to a type it does not have."""


class Type(NamedTuple):
    id: int
    kind: int
    name: str
    vlen: int
    kflag: int
    size_or_type: int
    extra: tuple          # kind-specific, see RawBtf._parse_extra

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind] if self.kind < len(KINDS) else f"KIND{self.kind}"


class RawBtf:
    """Types and strings of one BTF blob; ``base`` for split (module) BTF."""

    def __init__(self, data: bytes, base: "RawBtf | None" = None):
        if len(data) < 24:
            raise BtfError("BTF blob too short")
        magic, _version, _flags, hdr_len = struct.unpack_from("<HBBI", data, 0)
        if magic != MAGIC:
            raise BtfError(f"bad BTF magic {magic:#x}")
        type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", data, 8)
        self.base = base
        self.data = data
        self._types_at = hdr_len + type_off
        self._strings = data[hdr_len + str_off:hdr_len + str_off + str_len]
        self.start_id = base.count if base is not None else 1
        self._str_base = base.str_len if base is not None else 0
        self.str_len = self._str_base + str_len
        self._offsets: list[int] = []
        pos, end = self._types_at, self._types_at + type_len
        while pos < end:
            self._offsets.append(pos)
            pos += 12 + self._extra_size(pos)
        self._cache: dict[int, Type] = {}

    @property
    def count(self) -> int:
        """One more than the highest type id (ids start at 1; 0 is void)."""
        return self.start_id + len(self._offsets)

    # --- decoding --------------------------------------------------------------------------
    def _extra_size(self, pos: int) -> int:
        info = struct.unpack_from("<I", self.data, pos + 4)[0]
        kind, vlen = (info >> 24) & 0x1F, info & 0xFFFF
        if kind in (INT, VAR, DECL_TAG):
            return 4
        if kind == ARRAY:
            return 12
        if kind in (STRUCT, UNION, DATASEC):
            return 12 * vlen
        if kind in (ENUM, FUNC_PROTO):
            return 8 * vlen
        if kind == ENUM64:
            return 12 * vlen
        return 0

    def string(self, off: int) -> str:
        if off < self._str_base:
            return self.base.string(off)
        off -= self._str_base
        end = self._strings.find(b"\0", off)
        return self._strings[off:end if end >= 0 else None].decode(errors="replace")

    def type(self, tid: int) -> Type:
        t = self._cache.get(tid)
        if t is not None:
            return t
        if tid == 0:
            t = Type(0, UNKN, "void", 0, 0, 0, ())
        elif tid < self.start_id:
            if self.base is None:
                raise BtfError(f"no BTF type {tid}")
            return self.base.type(tid)
        else:
            idx = tid - self.start_id
            if idx >= len(self._offsets):
                raise BtfError(f"no BTF type {tid}")
            pos = self._offsets[idx]
            name_off, info, size = struct.unpack_from("<III", self.data, pos)
            kind, vlen, kflag = (info >> 24) & 0x1F, info & 0xFFFF, info >> 31
            t = Type(tid, kind, self.string(name_off), vlen, kflag, size,
                     self._parse_extra(kind, vlen, pos + 12))
        self._cache[tid] = t
        return t

    def _parse_extra(self, kind: int, vlen: int, pos: int) -> tuple:
        d = self.data
        if kind == INT:
            word = struct.unpack_from("<I", d, pos)[0]
            return ((word >> 24) & 0xF, (word >> 16) & 0xFF, word & 0xFF)  # enc, off, bits
        if kind == ARRAY:
            return struct.unpack_from("<III", d, pos)  # elem type, index type, nelems
        if kind in (STRUCT, UNION):
            return tuple((self.string(n), t, o) for n, t, o in
                         struct.iter_unpack("<III", d[pos:pos + 12 * vlen]))
        if kind == ENUM:
            return tuple((self.string(n), v) for n, v in
                         struct.iter_unpack("<Ii", d[pos:pos + 8 * vlen]))
        if kind == ENUM64:
            return tuple((self.string(n), lo | (hi << 32)) for n, lo, hi in
                         struct.iter_unpack("<III", d[pos:pos + 12 * vlen]))
        if kind == FUNC_PROTO:
            return tuple((self.string(n), t) for n, t in
                         struct.iter_unpack("<II", d[pos:pos + 8 * vlen]))
        if kind == DATASEC:
            return tuple(struct.iter_unpack("<III", d[pos:pos + 12 * vlen]))
        if kind in (VAR, DECL_TAG):
            return struct.unpack_from("<i", d, pos)
        return ()

    def ids(self):
        return range(self.start_id, self.count)

    def find(self, name: str, kind: int | None = None) -> int | None:
        for tid in self.ids():
            t = self.type(tid)
            if t.name == name and (kind is None or t.kind == kind):
                return tid
        return None

    def resolve(self, tid: int) -> Type:
        """Skip typedefs and qualifiers."""
        t = self.type(tid)
        while t.kind in MODIFIERS:
            t = self.type(t.size_or_type)
        return t

    def size_of(self, tid: int) -> int:
        t = self.resolve(tid)
        if t.kind == ARRAY:
            return t.extra[2] * self.size_of(t.extra[0])
        if t.kind == PTR:
            return 8
        if t.kind == VAR:
            return self.size_of(t.size_or_type)
        return t.size_or_type if t.kind in (INT, STRUCT, UNION, ENUM, ENUM64, FLOAT,
                                            DATASEC) else 0

    # --- bpftool's btf_dumper_type_only --------------------------------------------------
    def type_only(self, tid: int) -> str:
        """A declaration as bpftool prints function headers ("" when it cannot)."""
        try:
            return self._decl(tid)
        except (BtfError, RecursionError):
            return ""

    def _decl(self, tid: int) -> str:
        if tid == 0:
            return "void "
        t = self.type(tid)
        k = t.kind
        if k in (INT, TYPEDEF, FLOAT):
            return f"{t.name} "
        if k in (STRUCT, UNION):
            return f"{'struct' if k == STRUCT else 'union'} {t.name} "
        if k in (ENUM, ENUM64):
            return f"enum {t.name} "
        if k == ARRAY:
            return f"{self._decl(t.extra[0])}[{t.extra[2]}]"
        if k == PTR:
            return f"{self._decl(t.size_or_type)}* "
        if k == FWD:
            return f"{'union' if t.kflag else 'struct'} {t.name} "
        if k in (VOLATILE, CONST, RESTRICT):
            return f"{KINDS[k].lower()} {self._decl(t.size_or_type)}"
        if k == FUNC_PROTO:
            return self._func(t, None)
        if k == FUNC:
            return self._func(self.type(t.size_or_type), t)
        if k == VAR:
            static = "static " if t.extra and t.extra[0] == 0 else ""
            return f"{static}{self._decl(t.size_or_type)} {t.name}"
        if k == DATASEC:
            return f'section ("{t.name}") '
        raise BtfError(f"cannot declare BTF kind {t.kind_name}")

    def _func(self, proto: Type, func: Type | None) -> str:
        out = self._decl(proto.size_or_type) + (f"{func.name}(" if func else "(")
        for i, (pname, ptype) in enumerate(proto.extra):
            if i:
                out += ", "
            if ptype:
                out += self._decl(ptype)
                if pname:
                    out += pname
                elif out.endswith(" "):
                    out = out[:-1]
            else:
                out += "..."
        return out + ")"

    # --- bpftool's btf_dumper (values as JSON data) --------------------------------------
    def value(self, tid: int, data: bytes, bit_offset: int = 0):
        """Decode ``data`` as type ``tid``, as ``bpftool map dump`` formats it."""
        t = self.type(tid)
        k = t.kind
        if k == INT:
            return self._int(t, data, bit_offset)
        if k in (STRUCT, UNION):
            out = {}
            for name, mtype, off in t.extra:
                bits, bsize = (off & 0xFFFFFF, off >> 24) if t.kflag else (off, 0)
                chunk = data[bits // 8:]
                if bsize:
                    out[name] = _bitfield(chunk, bits % 8, bsize)
                else:
                    out[name] = self.value(mtype, chunk, bits % 8)
            return out
        if k == ARRAY:
            elem, _, nelems = t.extra
            if self._is_str_array(elem, nelems, data):
                return data[:data.index(b"\0")].decode(errors="replace")
            size = self.size_of(elem)
            return [self.value(elem, data[i * size:(i + 1) * size]) for i in range(nelems)]
        if k in (ENUM, ENUM64):
            size = t.size_or_type if t.size_or_type in (1, 2, 4, 8) else 4
            val = int.from_bytes(data[:size], "little", signed=(k == ENUM))
            if k == ENUM64:
                val &= (1 << 64) - 1
            for name, v in t.extra:
                if v == val or (k == ENUM and v & ((1 << (8 * size)) - 1)
                                == val & ((1 << (8 * size)) - 1)):
                    return name
            return val
        if k == PTR:
            return int.from_bytes(data[:8], "little")
        if k in MODIFIERS:
            return self.value(t.size_or_type, data, bit_offset)
        if k == VAR:
            return {t.name: self.value(t.size_or_type, data, bit_offset)}
        if k == DATASEC:
            return {t.name: [self.value(vt, data[off:off + size])
                             for vt, off, size in t.extra]}
        if k == FLOAT:
            fmt = {4: "<f", 8: "<d"}.get(t.size_or_type)
            return struct.unpack_from(fmt, data)[0] if fmt else data[:t.size_or_type].hex()
        if k == FWD:
            return "(fwd-kind-invalid)"
        return "(unknown)"

    def _int(self, t: Type, data: bytes, bit_offset: int):
        enc, int_off, bits = t.extra
        if bit_offset or int_off or bits % 8:
            total = bit_offset + int_off
            return _bitfield(data[total // 8:], total % 8, bits)
        nbytes = bits // 8
        raw = data[:nbytes]
        if bits == 128:
            return f"{int.from_bytes(raw, 'little'):#x}"
        if enc & INT_BOOL:
            return any(raw)
        if enc & INT_CHAR:
            ch = raw[0] if raw else 0
            return chr(ch) if 0x20 <= ch < 0x7F else f"\\u00{ch:02x}"
        return int.from_bytes(raw, "little", signed=bool(enc & INT_SIGNED))

    def _is_str_array(self, elem: int, nelems: int, data: bytes) -> bool:
        if not nelems:
            return False
        t = self.type(elem)
        while t.kind in (VOLATILE, CONST, RESTRICT, TYPE_TAG):
            t = self.type(t.size_or_type)
        if t.kind != INT or t.size_or_type != 1:
            return False
        if not (t.extra[0] & INT_CHAR) and t.name != "char":
            return False
        for b in data[:nelems]:
            if b == 0:
                return True
            if b <= 0x1F or b >= 0x7F:
                return False
        return False

    # --- ``btf dump ... format raw`` ------------------------------------------------------
    def raw_record(self, tid: int) -> dict:
        """One type as bpftool's JSON raw dump shows it."""
        t = self.type(tid)
        rec = {"id": tid, "kind": t.kind_name, "name": t.name or "(anon)"}
        k = t.kind
        if k == INT:
            enc = t.extra[0]
            rec.update(size=t.size_or_type, bits_offset=t.extra[1], nr_bits=t.extra[2],
                       encoding="SIGNED" if enc & INT_SIGNED else "CHAR" if enc & INT_CHAR
                       else "BOOL" if enc & INT_BOOL else "(none)")
        elif k in (PTR, CONST, VOLATILE, RESTRICT, TYPEDEF, TYPE_TAG):
            rec["type_id"] = t.size_or_type
        elif k == ARRAY:
            rec.update(type_id=t.extra[0], index_type_id=t.extra[1], nr_elems=t.extra[2])
        elif k in (STRUCT, UNION):
            rec.update(size=t.size_or_type, vlen=t.vlen, members=[])
            for name, mtype, off in t.extra:
                m = {"name": name or "(anon)", "type_id": mtype,
                     "bits_offset": off & 0xFFFFFF if t.kflag else off}
                if t.kflag and off >> 24:
                    m["bitfield_size"] = off >> 24
                rec["members"].append(m)
        elif k in (ENUM, ENUM64):
            signed = bool(t.kflag)
            rec.update(encoding="SIGNED" if signed else "UNSIGNED", size=t.size_or_type,
                       vlen=t.vlen, values=[{"name": n, "val": _enum_val(k, signed, v)}
                                            for n, v in t.extra])
        elif k == FWD:
            rec["fwd_kind"] = "union" if t.kflag else "struct"
        elif k == FUNC:
            rec.update(type_id=t.size_or_type, linkage=LINKAGE.get(t.vlen, str(t.vlen)))
        elif k == FUNC_PROTO:
            rec.update(ret_type_id=t.size_or_type, vlen=t.vlen,
                       params=[{"name": n or "(anon)", "type_id": pt} for n, pt in t.extra])
        elif k == VAR:
            rec.update(type_id=t.size_or_type, linkage=LINKAGE.get(t.extra[0], "?"))
        elif k == DATASEC:
            rec.update(size=t.size_or_type, vlen=t.vlen, vars=[
                {"type_id": vt, "offset": off, "size": size} for vt, off, size in t.extra])
        elif k == FLOAT:
            rec["size"] = t.size_or_type
        elif k == DECL_TAG:
            rec.update(type_id=t.size_or_type, component_idx=t.extra[0])
        return rec

    def raw_records(self) -> list[dict]:
        return [self.raw_record(tid) for tid in self.ids()]


def _enum_val(kind: int, signed: bool, v: int) -> int:
    if kind == ENUM64:
        return v - (1 << 64) if signed and v >= 1 << 63 else v
    return v if signed or v >= 0 else v & 0xFFFFFFFF


def _bitfield(data: bytes, bit_offset: int, nbits: int) -> str:
    """A bitfield value as bpftool prints it (hex)."""
    nbytes = (bit_offset + nbits + 7) // 8
    word = int.from_bytes(data[:nbytes], "little")
    return f"{(word >> bit_offset) & ((1 << nbits) - 1):#x}"


def hex_bytes(data: bytes) -> list[str]:
    """bpftool's JSON form of raw bytes: ``["0x00", "0x2a", ...]``."""
    return [f"0x{b:02x}" for b in data]


def fprint_hex(data: bytes, sep: str = " ") -> str:
    """bpftool's ``fprint_hex``: 16 bytes a line, two spaces after 8."""
    out = []
    for i, b in enumerate(data):
        if i:
            out.append("\n" if i % 16 == 0 else "  " if i % 8 == 0 else sep)
        out.append(f"{b:02x}")
    return "".join(out)
