"""Which files a process runs (its executable and the libraries it maps), and their probes.

Paths are returned as this process can open them: through ``/proc/PID/root`` when the
process lives in another mount namespace (a container), where its ``/usr/lib/...`` is not
ours.
"""
from __future__ import annotations

import os

from ..errors import PybpfError
from .notes import NotElfError
from .probes import Probe, probes_in


def _no_access(pid: int, what: str) -> PybpfError:
    return PybpfError(f"cannot read {what} of process {pid}: permission denied (another "
                      "user's process needs root or CAP_SYS_PTRACE)")


def check_process(pid: int) -> None:
    """Raise a clear PybpfError when there is no process ``pid``."""
    if pid <= 0 or not os.path.exists(f"/proc/{pid}"):
        raise PybpfError(f"no process with pid {pid}")


def _other_mount_ns(pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/ns/mnt") != os.readlink("/proc/self/ns/mnt")
    except OSError:
        return False


def host_path(pid: int, path: str) -> str:
    """``path`` as seen by process ``pid``, made openable from here."""
    if _other_mount_ns(pid):
        return f"/proc/{pid}/root{path}"
    return path


def mapped_files(pid: int) -> list[str]:
    """The files process ``pid`` maps (its executable first), in /proc/PID/maps order."""
    check_process(pid)
    try:
        with open(f"/proc/{pid}/maps") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise PybpfError(f"no process with pid {pid}") from None
    except PermissionError:
        raise _no_access(pid, "the memory map") from None
    seen: dict[str, None] = {}
    for line in lines:
        parts = line.split(None, 5)
        if len(parts) < 6 or not parts[5].startswith("/") or parts[5].endswith(" (deleted)"):
            continue
        seen.setdefault(parts[5], None)
    other_ns = _other_mount_ns(pid)
    return [f"/proc/{pid}/root{p}" if other_ns else p for p in seen]


def process_probes(pid: int) -> list[Probe]:
    """USDT probes of every ELF file process ``pid`` maps (files without any are skipped)."""
    out: list[Probe] = []
    for path in mapped_files(pid):
        if path.startswith("/dev/"):
            continue
        try:
            out.extend(probes_in(path))
        except (NotElfError, OSError, ValueError):
            continue   # data files, fonts, locale archives, files gone since
    return out


def _in_process(pid: int, name: str) -> str | None:
    """The file ``name`` (path, library or program name) that process ``pid`` would run."""
    from ..syms.paths import resolve_binary

    if "/" in name:
        path = host_path(pid, name)
        return path if os.path.exists(path) else None
    for path in mapped_files(pid):
        base = os.path.basename(path)
        if base == name or base.startswith(("lib" + name + ".so", name + ".so")):
            return path
    return resolve_binary(name)   # not mapped (yet): the file it would load


def probes_for(pid: int | None, path: str | None) -> tuple[list[Probe], str]:
    """The probes of process ``pid`` (every file it maps), of binary ``path``, or of
    ``path`` as process ``pid`` sees it; and where they came from, for messages."""
    from ..syms.paths import resolve_binary

    if pid:
        check_process(pid)
        if not path:
            return process_probes(pid), f"process {pid}"
        found = _in_process(pid, path)
    else:
        found = resolve_binary(path)
    if found is None:
        raise PybpfError(f"no executable or library named {path!r} was found"
                         + (f" for process {pid}" if pid else ""))
    return probes_in(found), found + (f" (pid {pid})" if pid else "")
