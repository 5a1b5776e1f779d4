"""BTF types to ctypes types (BCC's rules), and ctypes/bytes conversions for map I/O.

BCC's rules for Key/Leaf: pointers become ``c_ulonglong``, ``char[N]`` becomes
``c_char * N`` (so ``.value`` is bytes), structs and unions keep their field names, enums
become integers of their size. Layouts are exact: every struct is built with ``_pack_ = 1``
and explicit padding, so ctypes can never disagree with the compiler about offsets.
"""
from __future__ import annotations

import ctypes as ct
import itertools

_INTS = {
    (1, True): ct.c_int8, (1, False): ct.c_uint8, (2, True): ct.c_int16,
    (2, False): ct.c_uint16, (4, True): ct.c_int32, (4, False): ct.c_uint32,
    (8, True): ct.c_int64, (8, False): ct.c_uint64,
}
_FLOATS = {4: ct.c_float, 8: ct.c_double, 16: ct.c_longdouble}


def _int_type(btype):
    if btype.int_encoding & 4:
        return ct.c_bool
    if btype.int_encoding & 2 or btype.name in ("char", "signed char", "unsigned char"):
        return ct.c_char if btype.size == 1 and btype.name == "char" else _INTS[(1, btype.name == "signed char")]
    if btype.size == 16:
        return ct.c_uint64 * 2
    return _INTS[(btype.size, bool(btype.int_encoding & 1))]


class TypeBuilder:
    """Builds (and memoizes) ctypes types from one BTF."""

    def __init__(self, btf):
        self.btf = btf
        self._memo: dict[int, type] = {}

    def resolve(self, type_id: int):
        """Skip typedefs and qualifiers."""
        t = self.btf.type(type_id)
        while t.kind in ("typedef", "const", "volatile", "restrict", "type_tag", "decl_tag"):
            t = self.btf.type(t.type_id)
        return t

    def ctype(self, type_id: int):
        hit = self._memo.get(type_id)
        if hit is None:
            hit = self._memo[type_id] = self._build(type_id)
        return hit

    def _build(self, type_id: int):
        t = self.resolve(type_id)
        kind = t.kind
        if kind == "int":
            return _int_type(t)
        if kind in ("ptr", "func_proto"):
            return ct.c_ulonglong
        if kind in ("enum", "enum64"):
            return _INTS[(t.size or 4, False)]
        if kind == "float":
            return _FLOATS.get(t.size, ct.c_double)
        if kind == "array":
            return self.ctype(t.type_id) * t.nelems
        if kind in ("struct", "union"):
            return self._record(t)
        if kind == "void":
            return ct.c_ubyte * 0
        if kind == "var":
            return self.ctype(t.type_id)
        if kind == "datasec":
            return self._datasec(t)
        raise TypeError(f"BTF type {t.name or type_id} of kind {kind} has no ctypes form")

    def _record(self, t):
        if t.kind == "union":
            return self._union(t)
        fields: list = []
        offset = 0                # bytes laid out so far
        anon = []

        def pad_to(byte_off):
            nonlocal offset
            if byte_off > offset:
                fields.append((f"__pad{len(fields)}", ct.c_ubyte * (byte_off - offset)))
                offset = byte_off

        members = list(t.members)
        i = 0
        while i < len(members):
            m = members[i]
            if m.bitfield_size or m.bit_offset % 8:
                # a run of bitfields: pack as many as fit in one integer storage unit that
                # starts where the previous member ended (ctypes under _pack_=1 fills a unit
                # from its low bits, as GCC does on little-endian machines)
                start = max(offset, m.bit_offset // 8)
                run, end_bit = [], start * 8
                while i < len(members) and (members[i].bitfield_size or
                                            members[i].bit_offset % 8):
                    b = members[i]
                    b_end = b.bit_offset + (b.bitfield_size or 1)
                    if b.bit_offset < start * 8 or b_end - start * 8 > 64:
                        break
                    run.append(b)
                    end_bit = b_end
                    i += 1
                if not run:
                    raise TypeError(f"cannot lay out the bitfields of {t.kind} "
                                    f"{t.name or '(anonymous)'} in ctypes")
                nbytes = -(-(end_bit - start * 8) // 8)
                size = next(n for n in (1, 2, 4, 8) if n >= nbytes)
                utype = _INTS[(size, False)]
                pad_to(start)
                used = 0
                for b in run:
                    bit = b.bit_offset - start * 8
                    if bit > used:
                        fields.append((f"__pad{len(fields)}", utype, bit - used))
                    fields.append((b.name or f"__anon{len(fields)}", utype, b.bitfield_size or 1))
                    used = bit + (b.bitfield_size or 1)
                offset = start + size
                continue
            name = m.name or f"__anon{i}"
            if not m.name:
                anon.append(name)
            mtype = self.ctype(m.type_id)
            pad_to(m.bit_offset // 8)
            fields.append((name, mtype))
            offset = m.bit_offset // 8 + ct.sizeof(mtype)
            i += 1
        pad_to(t.size)
        return self._finish(t, ct.Structure, fields, anon)

    def _union(self, t):
        fields, anon = [], []
        for i, m in enumerate(t.members):
            name = m.name or f"__anon{i}"
            if not m.name:
                anon.append(name)
            fields.append((name, self.ctype(m.type_id)))
        cls = self._finish(t, ct.Union, fields, anon, exact=False)
        if ct.sizeof(cls) < t.size:   # members smaller than the union's declared size
            fields.append(("__tail", ct.c_ubyte * t.size))
            cls = self._finish(t, ct.Union, fields, anon)
        return cls

    @staticmethod
    def _finish(t, base, fields, anon, exact=True):
        attrs = {"_pack_": 1, "_fields_": fields}
        kinds = dict((f[0], f[1]) for f in fields)
        anon = [a for a in anon if issubclass(kinds[a], (ct.Structure, ct.Union))]
        if anon:
            attrs["_anonymous_"] = anon
        cls = type(t.name or "anon", (base,), attrs)
        if exact and ct.sizeof(cls) != t.size:
            raise TypeError(f"cannot lay out {t.kind} {t.name or '(anonymous)'} in ctypes: "
                            f"{ct.sizeof(cls)} bytes instead of {t.size}")
        return cls

    def _datasec(self, t):
        fields, offset, pad = [], 0, 0
        for var_id, off, size in sorted(t.members, key=lambda m: m[1]):
            var = self.btf.type(var_id)
            if off > offset:
                fields.append((f"__pad{pad}", ct.c_ubyte * (off - offset)))
                pad += 1
            fields.append((var.name, self.ctype(var.type_id)))
            offset = off + size
        return type(t.name.lstrip(".") or "datasec", (ct.Structure,),
                    {"_pack_": 1, "_fields_": fields})


def to_python(value):
    """A ctypes value as a plain Python value (ints, floats, bytes, lists, dicts)."""
    if isinstance(value, (int, float, bytes, bool)):
        return value
    if isinstance(value, ct.Array):
        if value._type_ is ct.c_char:
            return value.value
        return [to_python(v) for v in value]
    if isinstance(value, (ct.Structure, ct.Union)):
        return {f[0]: to_python(getattr(value, f[0])) for f in value._fields_
                if not f[0].startswith("__pad")}
    if isinstance(value, ct._SimpleCData):
        return value.value
    return value


# ctypes integer types whose elements memoryview.cast reads exactly (native size and order).
# Left out: floats (a NaN's payload may change through a Python float), c_bool (a byte other
# than 0 or 1 would come back as 1) and subclasses (their own rules).
_CAST_FORMATS = {t: t._type_ for t in (
    ct.c_byte, ct.c_ubyte, ct.c_short, ct.c_ushort, ct.c_int, ct.c_uint, ct.c_long,
    ct.c_ulong, ct.c_longlong, ct.c_ulonglong, ct.c_char)}


def unpack_many(ctype, blob, count: int):
    """An iterator over ``count`` new ``ctype`` objects packed in ``blob`` (each with its own
    memory, as a lookup would give).

    Measured per object (100 k, CPython 3.11): integers through ``memoryview.cast`` and the
    type's constructor ~170 ns against ~350 ns through a ctypes array and ``ctype(int)``;
    anything else through ``from_buffer_copy`` at an offset ~250 ns, no slower than views
    into one array, and independent of it.
    """
    fmt = _CAST_FORMATS.get(ctype)
    if fmt is not None:
        return map(ctype, memoryview(blob).cast(fmt))
    size = ct.sizeof(ctype)
    return map(ctype.from_buffer_copy, itertools.repeat(blob, count),
               range(0, count * size, size))


def as_bytes(value, size: int):
    """Key or value bytes for a map of element ``size``: from bytes, ctypes, or an int.

    A ctypes object of the right size is returned as it is (it has the buffer protocol: no
    copy on the hot path). A shorter ctypes/bytes value is zero-padded (BCC scripts write a
    short ``create_string_buffer`` into a larger leaf); a longer one may lose only trailing
    zero bytes (a string's NUL, as BCC copies just the element size), else it is an error.
    """
    try:
        if _sizeof(value) == size:
            return value
    except TypeError:
        pass
    if isinstance(value, int) and not isinstance(value, bool):
        return value.to_bytes(size, "little", signed=value < 0)
    data = value if isinstance(value, bytes) else bytes(memoryview(value).cast("B"))
    if len(data) == size:
        return data
    if len(data) < size:
        return data + bytes(size - len(data))
    if not any(data[size:]):
        # a string buffer whose terminating NUL does not fit: BCC copies the element size
        # and drops it (the book's "Hi user 501!" into a 12-byte message); only zeros go
        return data[:size]
    raise ValueError(f"value of {len(data)} bytes does not fit an element of {size} bytes")


_sizeof = ct.sizeof
