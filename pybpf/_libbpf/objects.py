"""Handles on libbpf's bpf_object, bpf_program and bpf_map (the pointer side of the API)."""
from __future__ import annotations

from . import check_ptr, check_ret, ffi, lib, string
from . import log as _log


class ProgramHandle:
    """A ``struct bpf_program *`` owned by its object."""

    __slots__ = ("_ptr", "object")

    def __init__(self, ptr, owner: "ObjectHandle"):
        self._ptr = ptr
        self.object = owner  # keeps the object (and so the pointer) alive

    @property
    def _p(self):
        """The libbpf pointer, refused once the owning object is closed (it was freed)."""
        if self.object._ptr is None:
            raise ValueError(f"the BPF object {self.__class__.__name__[:-6].lower()} belongs "
                             "to is closed")
        return self._ptr

    @property
    def name(self) -> str:
        return string(lib.bpf_program__name(self._p))

    @property
    def section(self) -> str:
        return string(lib.bpf_program__section_name(self._p))

    @property
    def fd(self) -> int:
        return lib.bpf_program__fd(self._p)

    @property
    def prog_type(self) -> int:
        return lib.bpf_program__type(self._p)

    @prog_type.setter
    def prog_type(self, value: int) -> None:
        check_ret(lib.bpf_program__set_type(self._p, value), f"set type of {self.name}")

    @property
    def expected_attach_type(self) -> int:
        return lib.bpf_program__expected_attach_type(self._p)

    @expected_attach_type.setter
    def expected_attach_type(self, value: int) -> None:
        check_ret(lib.bpf_program__set_expected_attach_type(self._p, value),
                  f"set attach type of {self.name}")

    def set_attach_target(self, func_name: str, target_prog_fd: int = 0) -> None:
        check_ret(lib.bpf_program__set_attach_target(self._p, target_prog_fd,
                                                     func_name.encode()),
                  f"set attach target of {self.name}")

    @property
    def autoload(self) -> bool:
        return bool(lib.bpf_program__autoload(self._p))

    @autoload.setter
    def autoload(self, value: bool) -> None:
        check_ret(lib.bpf_program__set_autoload(self._p, bool(value)),
                  f"set autoload of {self.name}")

    @property
    def insn_count(self) -> int:
        return lib.bpf_program__insn_cnt(self._p)


class MapHandle:
    """A ``struct bpf_map *`` owned by its object."""

    __slots__ = ("_ptr", "object")

    def __init__(self, ptr, owner: "ObjectHandle"):
        self._ptr = ptr
        self.object = owner

    @property
    def _p(self):
        """The libbpf pointer, refused once the owning object is closed (it was freed)."""
        if self.object._ptr is None:
            raise ValueError(f"the BPF object {self.__class__.__name__[:-6].lower()} belongs "
                             "to is closed")
        return self._ptr

    @property
    def name(self) -> str:
        return string(lib.bpf_map__name(self._p))

    @property
    def fd(self) -> int:
        return lib.bpf_map__fd(self._p)

    @property
    def map_type(self) -> int:
        return lib.bpf_map__type(self._p)

    @property
    def key_size(self) -> int:
        return lib.bpf_map__key_size(self._p)

    @property
    def value_size(self) -> int:
        return lib.bpf_map__value_size(self._p)

    @property
    def max_entries(self) -> int:
        return lib.bpf_map__max_entries(self._p)

    @max_entries.setter
    def max_entries(self, value: int) -> None:
        check_ret(lib.bpf_map__set_max_entries(self._p, value), f"resize map {self.name}")

    @property
    def flags(self) -> int:
        return lib.bpf_map__map_flags(self._p)

    @property
    def btf_key_type_id(self) -> int:
        return lib.bpf_map__btf_key_type_id(self._p)

    @property
    def btf_value_type_id(self) -> int:
        return lib.bpf_map__btf_value_type_id(self._p)

    @property
    def is_internal(self) -> bool:
        return bool(lib.bpf_map__is_internal(self._p))

    def initial_value(self) -> bytes | None:
        size = ffi.new("size_t *")
        ptr = lib.bpf_map__initial_value(self._p, size)
        if ptr == ffi.NULL:
            return None
        return bytes(ffi.buffer(ptr, size[0]))

    def set_initial_value(self, data: bytes) -> None:
        check_ret(lib.bpf_map__set_initial_value(self._p, data, len(data)),
                  f"set initial value of {self.name}")

    def reuse_fd(self, fd: int) -> None:
        check_ret(lib.bpf_map__reuse_fd(self._p, fd), f"reuse fd for map {self.name}")

    def set_pin_path(self, path: str | None) -> None:
        check_ret(lib.bpf_map__set_pin_path(self._p, path.encode() if path else ffi.NULL),
                  f"set pin path of {self.name}")


class ObjectHandle:
    """A ``struct bpf_object *``: opened from ELF bytes or a file, then loaded."""

    def __init__(self, ptr):
        self._ptr = ptr

    @classmethod
    def open_mem(cls, data: bytes, name: str) -> "ObjectHandle":
        opts = ffi.new("struct bpf_object_open_opts *")
        opts.sz = ffi.sizeof("struct bpf_object_open_opts")
        cname = ffi.new("char[]", name.encode())
        opts.object_name = cname
        buf = ffi.from_buffer(data)
        with _log.capture() as messages:
            ptr = lib.bpf_object__open_mem(buf, len(data), opts)
            handle = cls(check_ptr(ptr, f"open BPF object {name}"))
        handle.open_messages = messages
        return handle

    @classmethod
    def open_file(cls, path: str, name: str | None = None) -> "ObjectHandle":
        opts = ffi.new("struct bpf_object_open_opts *")
        opts.sz = ffi.sizeof("struct bpf_object_open_opts")
        if name:
            cname = ffi.new("char[]", name.encode())
            opts.object_name = cname
        ptr = lib.bpf_object__open_file(path.encode(), opts)
        return cls(check_ptr(ptr, f"open BPF object {path}"))

    @property
    def _p(self):
        if self._ptr is None:
            raise ValueError("the BPF object is closed")
        return self._ptr

    @property
    def name(self) -> str:
        return string(lib.bpf_object__name(self._p))

    def load(self) -> list[str]:
        """Load every autoload program and create the maps; returns libbpf's messages.

        On failure the SyscallError carries ``.libbpf_messages`` (the verifier log is in them).
        """
        with _log.capture() as messages:
            ret = lib.bpf_object__load(self._p)
        if ret < 0:
            try:
                check_ret(ret, f"load BPF object {self.name}")
            except Exception as exc:
                exc.libbpf_messages = messages
                raise
        return messages

    def programs(self) -> list[ProgramHandle]:
        out, ptr = [], lib.bpf_object__next_program(self._p, ffi.NULL)
        while ptr != ffi.NULL:
            out.append(ProgramHandle(ptr, self))
            ptr = lib.bpf_object__next_program(self._ptr, ptr)
        return out

    def maps(self) -> list[MapHandle]:
        out, ptr = [], lib.bpf_object__next_map(self._p, ffi.NULL)
        while ptr != ffi.NULL:
            out.append(MapHandle(ptr, self))
            ptr = lib.bpf_object__next_map(self._ptr, ptr)
        return out

    def close(self) -> None:
        if self._ptr is not None:
            lib.bpf_object__close(self._ptr)
            self._ptr = None

    @property
    def closed(self) -> bool:
        return self._ptr is None


def prog_type_by_section(section: str) -> tuple[int, int] | None:
    """libbpf's (prog_type, expected_attach_type) for a SEC() name, or None if unknown."""
    ptype = ffi.new("enum bpf_prog_type *")
    atype = ffi.new("enum bpf_attach_type *")
    if lib.libbpf_prog_type_by_name(section.encode(), ptype, atype) < 0:
        return None
    return int(ptype[0]), int(atype[0])


def prog_type_name(t: int) -> str:
    return string(lib.libbpf_bpf_prog_type_str(t)) or f"type {t}"


def map_type_name(t: int) -> str:
    return string(lib.libbpf_bpf_map_type_str(t)) or f"type {t}"


def attach_type_name(t: int) -> str:
    return string(lib.libbpf_bpf_attach_type_str(t)) or f"type {t}"


def link_type_name(t: int) -> str:
    return string(lib.libbpf_bpf_link_type_str(t)) or f"type {t}"
