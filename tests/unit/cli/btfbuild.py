"""A tiny BTF writer for unit tests: build exactly the types a test needs."""
import struct

from pybpf.cli import btfdump as B


class BtfBuilder:
    def __init__(self):
        self.types = []          # encoded types, id = index + 1
        self.strings = b"\0"

    def _str(self, s: str) -> int:
        if not s:
            return 0
        off = len(self.strings)
        self.strings += s.encode() + b"\0"
        return off

    def _add(self, name, kind, vlen=0, kflag=0, size_or_type=0, extra=b"") -> int:
        info = (kflag << 31) | (kind << 24) | vlen
        self.types.append(struct.pack("<III", self._str(name), info, size_or_type) + extra)
        return len(self.types)

    def int(self, name, size, encoding=0, bits=None, offset=0):
        word = (encoding << 24) | (offset << 16) | (bits if bits is not None else size * 8)
        return self._add(name, B.INT, size_or_type=size, extra=struct.pack("<I", word))

    def ptr(self, to):
        return self._add("", B.PTR, size_or_type=to)

    def typedef(self, name, to):
        return self._add(name, B.TYPEDEF, size_or_type=to)

    def const(self, to):
        return self._add("", B.CONST, size_or_type=to)

    def array(self, elem, nelems, index=0):
        return self._add("", B.ARRAY, extra=struct.pack("<III", elem, index, nelems))

    def struct(self, name, size, members, union=False, kflag=0):
        extra = b"".join(struct.pack("<III", self._str(n), t, off) for n, t, off in members)
        return self._add(name, B.UNION if union else B.STRUCT, len(members), kflag, size, extra)

    def enum(self, name, size, values, signed=False):
        extra = b"".join(struct.pack("<Ii", self._str(n), v) for n, v in values)
        return self._add(name, B.ENUM, len(values), int(signed), size, extra)

    def func_proto(self, ret, params):
        extra = b"".join(struct.pack("<II", self._str(n), t) for n, t in params)
        return self._add("", B.FUNC_PROTO, len(params), 0, ret, extra)

    def func(self, name, proto, linkage=1):
        return self._add(name, B.FUNC, linkage, 0, proto)

    def var(self, name, type_id, linkage=1):
        return self._add(name, B.VAR, size_or_type=type_id, extra=struct.pack("<I", linkage))

    def datasec(self, name, size, vars_):
        extra = b"".join(struct.pack("<III", t, off, sz) for t, off, sz in vars_)
        return self._add(name, B.DATASEC, len(vars_), 0, size, extra)

    def build(self) -> bytes:
        body = b"".join(self.types)
        hdr = struct.pack("<HBBIIIII", B.MAGIC, 1, 0, 24, 0, len(body), len(body),
                          len(self.strings))
        return hdr + body + self.strings
