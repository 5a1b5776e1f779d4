"""The trusted cache directory and atomic writes into it.

Cached objects become bytecode in root's kernel, so a cache another user can write to would
let them inject code. The directory must be owned by us, mode 0700, and reached through
parents nobody else can rename or replace; otherwise it is not used at all.
"""
from __future__ import annotations

import functools
import os
import stat
import sys



def default_cache_root() -> str:
    env = os.environ.get("PYBPF_CACHE_DIR")
    if env:
        return env
    if os.geteuid() == 0:
        return "/var/cache/pybpf"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pybpf")


def untrusted_reason(path: str) -> str | None:
    """Why ``path`` (an existing directory) must not be trusted, or None when it is safe."""
    uid = os.geteuid()
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a directory"
    if st.st_uid != uid:
        return f"{path} is owned by uid {st.st_uid}, not {uid}"
    if st.st_mode & 0o077:
        return f"{path} has mode {stat.S_IMODE(st.st_mode):o}, group/other access is not allowed (want 700)"
    parent = os.path.dirname(os.path.abspath(path))
    while True:
        pst = os.stat(parent)
        writable_by_others = pst.st_mode & 0o022
        sticky = pst.st_mode & stat.S_ISVTX
        if pst.st_uid not in (0, uid) or (writable_by_others and not sticky):
            return f"parent directory {parent} can be modified by other users"
        if parent == "/":
            return None
        parent = os.path.dirname(parent)


@functools.lru_cache(maxsize=None)
def trusted_cache_dir(root: str | None = None) -> str | None:
    """The cache root, created 0700 when missing; None (with a warning) when unsafe."""
    root = root or default_cache_root()
    try:
        os.makedirs(root, mode=0o700, exist_ok=True)
        reason = untrusted_reason(root)
    except OSError as exc:
        reason = f"cannot use {root}: {exc}"
    if reason:
        # said on stderr, not through logging: a cache pybpf refuses is a security matter
        print(f"pybpf: warning: not using the compile cache: {reason}", file=sys.stderr)
        return None
    return root


def subdir(root: str, name: str) -> str:
    path = os.path.join(root, name)
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def atomic_write(path: str, data: bytes) -> None:
    """Write so readers see the old file or the whole new one, never a partial one."""
    import tempfile  # writes happen on cache misses only

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
