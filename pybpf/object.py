"""``Object``: a BPF ELF object from source, a file or bytes, loaded into the kernel."""
from __future__ import annotations

import os
import weakref

from ._libbpf import objects as lo
from ._libbpf.btf import Btf
from .errors import LoadError, PybpfError, SyscallError
from .maps.base import Map
from .program import Program


# the maps of libbpf's <bpf/usdt.bpf.h>
_USDT_MAPS = ("__bpf_usdt_specs", "__bpf_usdt_ip_to_spec_id")


def object_name(path: str) -> str:
    """The object name libbpf's internal maps are named after: the file name without
    ``.bpf.c``/``.bpf.o``/``.c``/``.o``."""
    base = os.path.basename(path)
    for suffix in (".bpf.c", ".bpf.o", ".c", ".o"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def _close_handles(handles, links):
    for link in reversed(links):
        link.close()
    for h in handles:
        h.close()


class Object:
    """A BPF object: its programs, maps and global variables.

    ``Object.open(src)`` accepts a ``.bpf.c`` source path (compiled with clang against the
    kernel's BTF, cached), a ``.bpf.o`` path, or ELF bytes. ``load()`` creates the maps and
    loads every program; ``attach_all()`` attaches those whose SEC() name says where (like a
    libbpf skeleton). ``close()`` detaches what it attached and unloads everything.
    """

    def __init__(self, handle: lo.ObjectHandle, elf: bytes, name: str):
        self._handle = handle
        self._elf = elf
        self.name = name
        self.loaded = False
        self._links: list = []
        self._companions: list[lo.ObjectHandle] = []
        self._programs: dict[str, Program] = {}
        self._maps: dict[str, Map] = {}
        self.btf = Btf.of_object(handle)
        self._globals = None
        self._finalizer = weakref.finalize(self, _close_handles,
                                           [handle, *self._companions], self._links)

    @property
    def globals(self):
        """The object's global variables by name (``.bss``/``.data``/``.rodata``, via BTF):
        ``obj.globals["counter"]``, assignable; see :mod:`pybpf.variables`."""
        if self._globals is None:
            from .variables import GlobalVariables   # ctypes + the BTF codec, when needed

            self._globals = GlobalVariables(self)
        return self._globals

    # --- construction --------------------------------------------------------------------
    @classmethod
    def open(cls, src: str | bytes | os.PathLike, *, name: str | None = None, cflags=(),
             include_dirs=()) -> "Object":
        """Open (not yet load) from ELF bytes, a ``.o`` path, or a C source path."""
        if isinstance(src, (bytes, bytearray, memoryview)):
            return cls.from_elf(bytes(src), name or "pybpf")
        path = os.fspath(src)
        if path.endswith(".o"):
            with open(path, "rb") as f:
                return cls.from_elf(f.read(), name or object_name(path))
        from .compile import compile_bpf

        compiled = compile_bpf(path=path, cflags=cflags, include_dirs=include_dirs)
        return cls.from_elf(compiled.data, name or object_name(path))

    @classmethod
    def from_source(cls, text: str, *, name: str = "pybpf", filename: str = "<text>",
                    cflags=(), include_dirs=()) -> "Object":
        """Compile C text (libbpf style) and open it."""
        from .compile import compile_bpf

        compiled = compile_bpf(source=text, filename=filename, cflags=cflags,
                               include_dirs=include_dirs)
        return cls.from_elf(compiled.data, name)

    @classmethod
    def from_elf(cls, elf: bytes, name: str) -> "Object":
        try:
            handle = lo.ObjectHandle.open_mem(elf, name)
        except SyscallError as exc:
            raise LoadError(f"cannot open BPF object {name!r}: {exc.strerror} "
                            "(is it a BPF ELF object built with clang -target bpf?)") from exc
        return cls(handle, elf, name)

    # --- before load ---------------------------------------------------------------------
    def program_handles(self):
        """libbpf's programs before load, to set type/autoload (advanced use)."""
        return {p.name: p for p in self._handle.programs()}

    def map_handles(self):
        return {m.name: m for m in self._handle.maps()}

    # --- load ----------------------------------------------------------------------------
    def load(self) -> "Object":
        """Create maps and load programs. Raises VerifierError with the source line."""
        if self.loaded:
            return self
        try:
            self._handle.load()
        except SyscallError as exc:
            from .verifier import load_error   # only on failure: its regexes cost warm starts

            raise load_error(exc, self.name) from exc
        self.loaded = True
        for h in self._handle.programs():
            if h.fd >= 0:
                self._programs[h.name] = Program(h, self)
        for h in self._handle.maps():
            self._maps[h.name] = Map.from_handle(h, btf=self.btf, owner=self)
        return self

    def load_program(self, name: str, prog_type: int | None = None,
                     expected_attach_type: int | None = None,
                     attach_target: str | None = None) -> Program:
        """Load one program that was left out of ``load()``, with the type its use needs.

        It is loaded in a companion object sharing this object's maps, so it sees the same
        tables and globals (BCC's ``load_func`` semantics); libbpf's USDT maps are the
        exception, each object keeping its own USDT attachments.
        """
        self._require_loaded()
        if name in self._programs and prog_type in (None, self._programs[name].type):
            return self._programs[name]
        companion = lo.ObjectHandle.open_mem(self._elf, self.name)
        self._companions.append(companion)
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, _close_handles,
                                           [self._handle, *self._companions], self._links)
        progs = {p.name: p for p in companion.programs()}
        if name not in progs:
            raise PybpfError(f"no function {name!r} in object {self.name!r} "
                             f"(programs: {', '.join(sorted(progs))})")
        for pname, p in progs.items():
            p.autoload = pname == name
        target = progs[name]
        if prog_type is not None:
            target.prog_type = prog_type
        if expected_attach_type is not None:
            target.expected_attach_type = expected_attach_type
        if attach_target:
            target.set_attach_target(attach_target)
        primary = self.map_handles()
        for m in companion.maps():
            # libbpf keeps USDT state per object (spec ids numbered from 0 in these maps):
            # sharing them would let two objects' USDT attachments overwrite each other
            if m.name not in _USDT_MAPS:
                m.reuse_fd(primary[m.name].fd)
        try:
            companion.load()
        except SyscallError as exc:
            from .verifier import load_error   # only on failure: its regexes cost warm starts

            raise load_error(exc, self.name) from exc
        program = Program(target, self)
        self._programs[name] = program
        return program

    def _require_loaded(self):
        if self.closed:
            raise PybpfError(f"object {self.name!r} is closed")
        if not self.loaded:
            raise PybpfError(f"object {self.name!r} is not loaded yet: call load() first")

    # --- contents ------------------------------------------------------------------------
    @property
    def programs(self) -> dict[str, Program]:
        self._require_loaded()
        return dict(self._programs)

    @property
    def maps(self) -> dict[str, Map]:
        self._require_loaded()
        return dict(self._maps)

    def program(self, name: str) -> Program:
        try:
            return self.programs[name]
        except KeyError:
            raise KeyError(f"no program {name!r} in object {self.name!r} "
                           f"(programs: {', '.join(sorted(self._programs)) or 'none'})") from None

    def map(self, name: str) -> Map:
        maps = self.maps
        if name in maps:
            return maps[name]
        # internal maps may be asked for by section (".bss") rather than "<obj>.bss"
        for full, m in maps.items():
            if name.startswith(".") and full.endswith(name):
                return m
        raise KeyError(f"no map {name!r} in object {self.name!r} "
                       f"(maps: {', '.join(sorted(maps)) or 'none'})")

    # --- attach --------------------------------------------------------------------------
    def attach_all(self) -> list:
        """Attach every program whose SEC() name says where (libbpf auto-attach)."""
        return [self.track(prog.attach()) for prog in self.programs.values()
                if prog.auto_attachable]

    def track(self, link):
        """Keep ``link`` alive until this object closes (then it is detached)."""
        self._links.append(link)
        return link

    # --- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        """Detach tracked links, unload programs, close maps. Idempotent."""
        self._finalizer()
        self.loaded = False
        for m in self._maps.values():
            # the fd number may be reused by anything opened next: make later use fail
            # (EBADF) instead of reaching another object
            m.fd = -1

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = "loaded" if self.loaded else "closed" if self.closed else "opened"
        return f"<Object {self.name!r} {state}>"
