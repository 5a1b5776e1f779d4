"""Content-addressed cache of compiled objects: an unchanged program never runs clang twice.

An entry is ``<key>.o`` plus ``<key>.deps``: the files the compile read beyond the source
text (local headers), with their size and mtime, checked before the entry is used.
"""
from __future__ import annotations

import os

from ..logs import logger
from . import cachedir
from .digest import sha256


def cache_key(*parts: str | bytes) -> str:
    h = sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


class ObjectCache:
    """The object cache under a trusted root; ``None`` root means caching is off."""

    def __init__(self, root: str | None):
        self.dir = None
        if root:
            try:
                self.dir = cachedir.subdir(root, "objects")
            except OSError as exc:  # e.g. a read-only root without the directory yet
                logger("pybpf.cache").debug("pybpf: object cache unavailable: %s", exc)

    @classmethod
    def default(cls) -> "ObjectCache":
        if os.environ.get("PYBPF_NO_CACHE") == "1":
            return cls(None)
        return cls(cachedir.trusted_cache_dir())

    def get(self, key: str) -> bytes | None:
        if not self.dir:
            return None
        path = os.path.join(self.dir, key)
        try:
            with open(path + ".deps") as f:
                deps = f.read().splitlines()
            for line in deps:      # "size mtime path" (no json: its import costs warm starts)
                size, mtime, dep = line.split(" ", 2)
                st = os.stat(dep)
                if st.st_size != int(size) or st.st_mtime_ns != int(mtime):
                    return None
            with open(path + ".o", "rb") as f:
                return f.read()
        except (OSError, ValueError):
            return None

    def put(self, key: str, data: bytes, deps: list[str]) -> None:
        if not self.dir:
            return
        records = []
        for dep in deps:
            try:
                st = os.stat(dep)
            except OSError:
                return  # a dependency vanished mid-compile: do not cache
            records.append(f"{st.st_size} {st.st_mtime_ns} {dep}\n")
        path = os.path.join(self.dir, key)
        try:
            cachedir.atomic_write(path + ".o", data)
            cachedir.atomic_write(path + ".deps", "".join(records).encode())
        except OSError as exc:  # a read-only or full cache must not fail the compile
            logger("pybpf.cache").debug("pybpf: not caching %s: %s", key, exc)
