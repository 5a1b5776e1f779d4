"""BTF: load kernel or object BTF, walk types into plain Python records, dump vmlinux.h."""
from __future__ import annotations

from collections import namedtuple

from . import check_ptr, check_ret, ffi, lib

# BTF kinds (include/uapi/linux/btf.h)
KIND_NAMES = ["unknown", "int", "ptr", "array", "struct", "union", "enum", "fwd", "typedef",
              "volatile", "const", "restrict", "func", "func_proto", "var", "datasec", "float",
              "decl_tag", "type_tag", "enum64"]
KIND = {n: i for i, n in enumerate(KIND_NAMES)}


# collections.namedtuple rather than typing.NamedTuple: typing's import costs warm starts
class Member(namedtuple("Member", "name type_id bit_offset bitfield_size")):
    """A struct/union member: name, type id, offset and bitfield size in bits."""

    __slots__ = ()


class BtfType(namedtuple("BtfType", "id kind name size type_id members nelems int_encoding "
                                    "int_bits", defaults=(0, 0, 0))):
    """One BTF type, decoded. Fields not meaningful for a kind are 0 / empty.

    ``size``: byte size (int/struct/union/enum/float/datasec); ``type_id``: the type a
    ptr/typedef/modifier/var/func/array element refers to; ``members``: struct/union
    Members, enum (name, value) pairs, datasec (type, offset, size); ``nelems`` (array);
    ``int_encoding`` (1 signed, 2 char, 4 bool) and ``int_bits`` (int)."""

    __slots__ = ()


class Btf:
    """A parsed BTF blob; types decode lazily by id and are memoized."""

    def __init__(self, ptr, owned: bool = True, owner=None):
        self._ptr = ptr
        self._owned = owned
        self._owner = owner  # the ObjectHandle whose BTF this is (freed with it)
        self._cache: dict[int, BtfType] = {}

    @property
    def _p(self):
        if self._ptr is None or (self._owner is not None and self._owner._ptr is None):
            raise ValueError("this BTF was freed (its BPF object is closed)")
        return self._ptr

    @classmethod
    def vmlinux(cls) -> "Btf":
        return cls(check_ptr(lib.btf__load_vmlinux_btf(), "load kernel BTF"))

    @classmethod
    def from_file(cls, path: str) -> "Btf":
        return cls(check_ptr(lib.btf__parse(path.encode(), ffi.NULL), f"parse BTF of {path}"))

    @classmethod
    def from_kernel_id(cls, btf_id: int) -> "Btf":
        return cls(check_ptr(lib.btf__load_from_kernel_by_id(btf_id), f"BTF id {btf_id}"))

    @classmethod
    def of_object(cls, obj) -> "Btf | None":
        """The BTF of an opened ObjectHandle (owned by the object), or None."""
        ptr = lib.bpf_object__btf(obj._p)
        return None if ptr == ffi.NULL else cls(ptr, owned=False, owner=obj)

    def close(self) -> None:
        if self._ptr is not None and self._owned:
            lib.btf__free(self._p)
        self._ptr = None

    def __len__(self) -> int:
        return lib.btf__type_cnt(self._p)

    def find(self, name: str, kind: str) -> int | None:
        tid = lib.btf__find_by_name_kind(self._p, name.encode(), KIND[kind])
        return tid if tid > 0 else None

    def find_type(self, c_type: str) -> int | None:
        """The id of a C type named as written: ``struct data_t``, ``union u``, ``enum e``
        or a typedef/struct name without a tag."""
        words = c_type.split()
        if len(words) == 2 and words[0] in ("struct", "union", "enum"):
            return self.find(words[1], words[0])
        if len(words) == 1:
            return self.find(words[0], "typedef") or self.find(words[0], "struct")
        return None

    def find_var_ending(self, suffix: str) -> int | None:
        """The id of the first variable whose name ends with ``suffix``."""
        for tid in range(1, len(self)):
            t = self.type(tid)
            if t.kind == "var" and t.name.endswith(suffix):
                return tid
        return None

    def resolve_size(self, type_id: int) -> int:
        return check_ret(lib.btf__resolve_size(self._p, type_id), "btf__resolve_size")

    def _name(self, off: int) -> str:
        s = lib.btf__name_by_offset(self._p, off)
        return "" if s == ffi.NULL else ffi.string(s).decode()

    def type(self, type_id: int) -> BtfType:
        t = self._cache.get(type_id)
        if t is None:
            t = self._cache[type_id] = self._decode(type_id)
        return t

    def _decode(self, tid: int) -> BtfType:
        if tid == 0:
            return BtfType(0, "void", "void", 0, 0, ())
        t = lib.btf__type_by_id(self._p, tid)
        if t == ffi.NULL:
            raise KeyError(tid)
        info = t.info
        kind = KIND_NAMES[(info >> 24) & 0x1F]
        vlen = info & 0xFFFF
        kflag = info >> 31
        name = self._name(t.name_off)
        extra = ffi.cast("char *", t) + ffi.sizeof("struct btf_type")
        if kind in ("struct", "union"):
            ms = ffi.cast("struct btf_member *", extra)
            members = tuple(
                Member(self._name(ms[i].name_off), ms[i].type,
                       ms[i].offset & 0xFFFFFF if kflag else ms[i].offset,
                       ms[i].offset >> 24 if kflag else 0) for i in range(vlen))
            return BtfType(tid, kind, name, t.size, 0, members)
        if kind == "int":
            word = ffi.cast("__u32 *", extra)[0]
            return BtfType(tid, kind, name, t.size, 0, (), int_encoding=(word >> 24) & 0xF,
                           int_bits=word & 0xFF)
        if kind == "array":
            a = ffi.cast("struct btf_array *", extra)
            return BtfType(tid, kind, name, 0, a.type, (), nelems=a.nelems)
        if kind == "enum":
            es = ffi.cast("struct btf_enum *", extra)
            return BtfType(tid, kind, name, t.size, 0,
                           tuple((self._name(es[i].name_off), es[i].val) for i in range(vlen)))
        if kind == "datasec":
            vs = ffi.cast("struct btf_var_secinfo *", extra)
            return BtfType(tid, kind, name, t.size, 0,
                           tuple((vs[i].type, vs[i].offset, vs[i].size) for i in range(vlen)))
        if kind == "func_proto":
            ps = ffi.cast("struct btf_param *", extra)
            return BtfType(tid, kind, name, 0, t.type,
                           tuple((self._name(ps[i].name_off), ps[i].type) for i in range(vlen)))
        if kind in ("float", "enum64", "fwd"):
            return BtfType(tid, kind, name, t.size if kind != "fwd" else 0, 0, ())
        return BtfType(tid, kind, name, 0, t.type, ())

    def raw_data(self) -> bytes:
        size = ffi.new("__u32 *")
        ptr = lib.btf__raw_data(self._p, size)
        return bytes(ffi.buffer(ptr, size[0]))

    def write_c_header(self, path: str) -> None:
        """Write every type as C (``vmlinux.h`` style, with CO-RE's preserve_access_index)."""
        check_ret(lib.pybpf_write_vmlinux_h(self._p, path.encode()), f"write {path}")
