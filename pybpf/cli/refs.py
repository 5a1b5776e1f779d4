"""Object references, as bpftool accepts them, and the fds they open.

    PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }
    MAP  := { id MAP_ID | pinned FILE | name MAP_NAME }
    LINK := { id LINK_ID | pinned FILE }

``tag`` and ``name`` may match several objects: commands that show objects show them all,
commands that act on one object refuse an ambiguous reference. Every opened fd belongs to
an :class:`Fds` set, closed when its ``with`` block ends.
"""
from __future__ import annotations

import errno
import os
from typing import NamedTuple

from .grammar import Args, CliError, UsageError, parse_int

KEYWORDS = {"prog": ("id", "pinned", "tag", "name"),
            "map": ("id", "pinned", "name"),
            "link": ("id", "pinned")}
NOUN = {"prog": "program", "map": "map", "link": "link"}
# what readlink(/proc/self/fd/N) says for each kind of BPF fd
FD_KIND = {"anon_inode:bpf-prog": "prog", "anon_inode:bpf-map": "map",
           "anon_inode:bpf_link": "link", "anon_inode:bpf-link": "link"}
NAME_LEN = 15  # BPF_OBJ_NAME_LEN - 1: the kernel keeps this much of a name


class Ref(NamedTuple):
    kind: str        # prog, map, link
    how: str         # id, pinned, tag, name
    value: object    # int id, path, tag hex, name

    def __str__(self):
        return f"{self.how} {self.value}"


def parse(args: Args, kind: str) -> Ref:
    """Consume one reference of ``kind`` from ``args``."""
    how = args.accept(*KEYWORDS[kind])
    if how is None:
        word = args.peek()
        raise UsageError(f"expected {' | '.join(KEYWORDS[kind])} to name a {NOUN[kind]}, got "
                         f"{repr(word) if word is not None else 'nothing'}")
    value = args.next(f"{NOUN[kind]} {how}")
    if how == "id":
        ident = parse_int(value, f"{NOUN[kind]} id")
        if ident <= 0:
            raise UsageError(f"invalid {NOUN[kind]} id {value!r}")
        return Ref(kind, how, ident)
    if how == "tag":
        tag = value.lower()
        if len(tag) != 16 or any(c not in "0123456789abcdef" for c in tag):
            raise UsageError(f"can't parse tag {value!r} (16 hex digits expected)")
        return Ref(kind, how, tag)
    if how == "name" and kind == "map" and len(value) > NAME_LEN:
        value = value[:NAME_LEN]
    return Ref(kind, how, value)


def maybe_parse(args: Args, kind: str) -> Ref | None:
    """A reference if the next word starts one, else None (``prog show`` with no PROG)."""
    word = args.peek()
    if word is None:
        return None
    from .grammar import match_keyword

    if match_keyword(word, KEYWORDS[kind]) is None:
        return None
    return parse(args, kind)


def fd_kind(fd: int) -> str | None:
    try:
        return FD_KIND.get(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return None


class Fds:
    """Fds opened for a command; ``with Fds() as fds:`` closes them all at the end."""

    def __init__(self):
        self._fds: list[int] = []

    def add(self, fd: int) -> int:
        self._fds.append(fd)
        return fd

    def close(self) -> None:
        while self._fds:
            try:
                os.close(self._fds.pop())
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- opening ---------------------------------------------------------------------------
    def by_id(self, kind: str, ident: int) -> int:
        from .._libbpf import syscalls as sc
        from ..errors import SyscallError

        try:
            return self.add(sc.fd_by_id(kind, ident))
        except SyscallError as exc:
            raise CliError(f"get {NOUN[kind]} by id ({ident}): {os.strerror(exc.errno)}") \
                from exc

    def pinned(self, kind: str, path: str) -> int:
        from .._libbpf import syscalls as sc
        from ..errors import SyscallError

        try:
            fd = self.add(sc.obj_get(path))
        except SyscallError as exc:
            raise CliError(f"bpf obj get ({path}): {os.strerror(exc.errno)}") from exc
        found = fd_kind(fd)
        if found != kind:
            raise CliError(f"incorrect object type: {NOUN.get(found, 'unknown')} "
                           f"(expected a {NOUN[kind]} at {path})")
        return fd

    def all(self, kind: str) -> list[int]:
        """An fd for every loaded object of ``kind`` (objects that vanish meanwhile are
        skipped)."""
        from .._libbpf import syscalls as sc
        from ..errors import SyscallError

        fds = []
        for ident in sc.object_ids(kind):
            try:
                fds.append(self.add(sc.fd_by_id(kind, ident)))
            except SyscallError as exc:
                if exc.errno != errno.ENOENT:
                    raise
        return fds

    def open(self, ref: Ref) -> list[int]:
        """Every object the reference matches (at least one, or CliError)."""
        if ref.how == "id":
            return [self.by_id(ref.kind, ref.value)]
        if ref.how == "pinned":
            return [self.pinned(ref.kind, ref.value)]
        from .._libbpf import syscalls as sc

        from ..errors import SyscallError

        info = sc.prog_info if ref.kind == "prog" else sc.map_info
        matches = []
        for ident in sc.object_ids(ref.kind):
            try:
                fd = sc.fd_by_id(ref.kind, ident)
            except SyscallError as exc:
                if exc.errno == errno.ENOENT:
                    continue   # gone meanwhile
                raise
            rec = info(fd)
            if (rec["tag"] == ref.value if ref.how == "tag"
                    else _name_matches(ref, fd, rec)):
                matches.append(self.add(fd))
            else:
                os.close(fd)
        if not matches:
            raise CliError(f"no {NOUN[ref.kind]} with {ref.how} {ref.value} found")
        return matches

    def open_one(self, ref: Ref) -> int:
        fds = self.open(ref)
        if len(fds) > 1:
            raise CliError(f"several {NOUN[ref.kind]}s match {ref} ({len(fds)}): "
                           f"use an id or a pinned path")
        return fds[0]


def _name_matches(ref: Ref, fd: int, rec: dict) -> bool:
    want = ref.value
    if rec["name"] == want:
        return True
    if ref.kind == "prog" and len(want) > NAME_LEN and rec["name"] == want[:NAME_LEN]:
        from .info import prog_full_name

        return prog_full_name(fd, rec) == want
    return False
