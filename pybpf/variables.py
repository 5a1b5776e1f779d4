"""Global variables of a BPF object (``.bss``, ``.data``, ``.rodata``) as Python values.

``obj.globals["counter"]`` reads the live value (a key-0 lookup: libbpf 1.1's
``bpf_map__initial_value`` is not a live view after load); assignment writes it back.
Before ``load()`` the same calls set the initial values, which is how ``.rodata``
configuration (``const volatile`` variables) is set.
"""
from __future__ import annotations

import ctypes as ct

from ._libbpf import syscalls as sc
from .errors import PybpfError, SyscallError
from .maps.codec import TypeBuilder, to_python

_SECTIONS = (".bss", ".data", ".rodata", ".kconfig")


def _section_of(map_name: str) -> str | None:
    # libbpf names internal maps "<obj name[:8]>.bss", ".data.custom", ...
    dot = map_name.find(".")
    if dot < 0:
        return None
    sec = map_name[dot:]
    return sec if sec.startswith((".bss", ".data", ".rodata")) else None


class GlobalVariables:
    """Mapping-like access to an object's global variables by name, through BTF."""

    def __init__(self, obj):
        self._obj = obj
        self._index = None  # name -> (map handle, section struct type)

    def _build(self):
        index = {}
        btf = self._obj.btf
        if btf is None:
            return index
        types = TypeBuilder(btf)
        for handle in self._obj._handle.maps():
            if not handle.is_internal or not handle.btf_value_type_id:
                continue
            section = types.ctype(handle.btf_value_type_id)
            for field in section._fields_:
                # skip padding and compiler-made statics such as "hello.____fmt"
                if not field[0].startswith("__pad") and "." not in field[0]:
                    index[field[0]] = (handle, section)
        return index

    def _entry(self, name):
        if self._obj.closed:
            raise PybpfError(f"object {self._obj.name!r} is closed: its globals are gone")
        if self._index is None:
            self._index = self._build()
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(f"no global variable {name!r} in object {self._obj.name!r} "
                           f"(globals: {', '.join(sorted(self._index)) or 'none'})") from None

    def _read(self, handle, section):
        if self._obj.loaded:
            raw = sc.map_lookup(handle.fd, bytes(4), handle.value_size)
        else:
            raw = handle.initial_value()
        buf = bytearray(raw or bytes(handle.value_size))
        return section.from_buffer(buf[:ct.sizeof(section)] if len(buf) > ct.sizeof(section)
                                   else buf + bytes(ct.sizeof(section) - len(buf))), buf

    def __getitem__(self, name: str):
        handle, section = self._entry(name)
        value, _ = self._read(handle, section)
        return to_python(getattr(value, name))

    def ctypes(self, name: str):
        """The variable as its ctypes object (a copy), for structs and arrays."""
        handle, section = self._entry(name)
        value, _ = self._read(handle, section)
        return getattr(value, name)

    def __setitem__(self, name: str, value) -> None:
        handle, section = self._entry(name)
        current, _ = self._read(handle, section)
        field_type = dict(section._fields_)[name]
        if isinstance(value, (bytes, str)) and issubclass(field_type, ct.Array):
            data = value.encode() if isinstance(value, str) else value
            ct.memmove(ct.addressof(current) + getattr(section, name).offset, data,
                       min(len(data), ct.sizeof(field_type)))
        else:
            setattr(current, name, value)
        data = bytes(current) + bytes(max(0, handle.value_size - ct.sizeof(section)))
        if not self._obj.loaded:
            handle.set_initial_value(data[:handle.value_size])
            return
        try:
            sc.map_update(handle.fd, bytes(4), data[:handle.value_size])
        except SyscallError as exc:
            if handle.name.endswith(".rodata") or ".rodata" in handle.name:
                raise PybpfError(f"{name!r} is in .rodata, which is read-only once the object "
                                 "is loaded: set it between open and load()") from exc
            raise

    def __contains__(self, name: str) -> bool:
        if self._index is None:
            self._index = self._build()
        return name in self._index

    def names(self) -> list[str]:
        """The program's globals (pybpf's own bookkeeping variables are not listed)."""
        if self._index is None:
            self._index = self._build()
        return sorted(n for n in self._index if "__pybpf" not in n)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(str(exc)) from None

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __repr__(self):
        try:
            return "{" + ", ".join(f"{n}: {self[n]!r}" for n in self.names()) + "}"
        except PybpfError:
            return "<GlobalVariables>"
