"""Finding tracefs and reading what it says about tracepoints.

tracefs is where the kernel publishes ``trace_pipe``, ``trace_marker`` and the
``events/<category>/<event>/{id,format}`` files. Modern systems mount it at
``/sys/kernel/tracing``; older ones only expose it through debugfs at
``/sys/kernel/debug/tracing`` (which is what BCC hard-codes). Containers and minimal VMs
sometimes mount it elsewhere, or not at all, so we also consult ``/proc/mounts``.
"""
from __future__ import annotations

import errno
import os
import re

from pybpf.errors import BPFPermissionError, NotSupportedError

__all__ = [
    "tracefs_root", "tracefs_path", "tracepoint_exists", "tracepoint_id",
    "list_tracepoints", "read_tracepoint_format",
]

# Module-level so tests can point discovery at a fake tree.
_CANDIDATES = ("/sys/kernel/tracing", "/sys/kernel/debug/tracing")
_PROC_MOUNTS = "/proc/mounts"
MOUNT_HINT = "mount -t tracefs tracefs /sys/kernel/tracing"

_root: str | None = None


_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


def _unescape_mount_field(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as \ooo octal escapes.
    return _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)


def _tracefs_mounts() -> list[str]:
    """Mount points of every tracefs in /proc/mounts, in mount order."""
    try:
        with open(_PROC_MOUNTS, encoding="utf-8", errors="surrogateescape") as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    points = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "tracefs":
            points.append(_unescape_mount_field(parts[1]))
    return points


def _has_trace_pipe(root: str, mounts: list[str]) -> bool:
    try:
        os.stat(os.path.join(root, "trace_pipe"))
        return True
    except PermissionError:
        # Non-root users cannot look inside tracefs (mode 0700), and cannot look inside
        # debugfs either, so "permission denied" only proves a mount if /proc/mounts agrees.
        # Claiming it lets the later open() report the real problem: privileges.
        return root in mounts
    except OSError:
        return False


def tracefs_root() -> str:
    """Return the directory where tracefs is mounted.

    Tries ``/sys/kernel/tracing``, then ``/sys/kernel/debug/tracing`` (each only if it has a
    ``trace_pipe``), then any ``tracefs`` mount listed in ``/proc/mounts``. A found root is
    cached for the life of the process; a failure is not, so mounting later works.

    Raises:
        NotSupportedError: tracefs is not mounted (the message says how to mount it).
    """
    global _root
    if _root is not None:
        return _root
    mounts = _tracefs_mounts()
    for root in (*_CANDIDATES, *mounts):
        if _has_trace_pipe(root, mounts):
            _root = root
            return root
    raise NotSupportedError(
        "tracefs is not mounted (looked in " + ", ".join(_CANDIDATES) + " and "
        + _PROC_MOUNTS + "); mount it as root with: " + MOUNT_HINT
        + (" (or run as root if it is mounted but hidden)" if os.geteuid() != 0 else ""))


def _reset_cache() -> None:
    """Forget the cached tracefs root (for tests, or after remounting)."""
    global _root
    _root = None


def tracefs_path(*parts: str) -> str:
    """Join ``parts`` onto the tracefs root, e.g. ``tracefs_path("trace_pipe")``."""
    return os.path.join(tracefs_root(), *parts)


def _event_dir(category: str, event: str) -> str:
    # Names come from users (BCC's attach_tracepoint(tp="sched:sched_switch")): refuse
    # anything that would step outside events/ rather than silently reading other files.
    for name in (category, event):
        if not name or "/" in name or name in (".", ".."):
            raise ValueError(f"invalid tracepoint name {category!r}:{event!r}")
    return tracefs_path("events", category, event)


def tracepoint_exists(category: str, event: str) -> bool:
    """True if the tracepoint ``category:event`` exists (it has ``events/<cat>/<ev>/id``)."""
    return os.path.exists(os.path.join(_event_dir(category, event), "id"))


def _read_event_file(category: str, event: str, name: str) -> str:
    path = os.path.join(_event_dir(category, event), name)
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        raise NotSupportedError(
            f"tracepoint {category}:{event} does not exist in this kernel "
            f"(no {path}); list_tracepoints() shows the available ones") from None
    except PermissionError as e:
        raise BPFPermissionError(e.errno or errno.EACCES,
                                 f"read {name} of tracepoint {category}:{event}") from None


def tracepoint_id(category: str, event: str) -> int:
    """The numeric id of tracepoint ``category:event`` (what perf_event_open wants).

    Raises:
        NotSupportedError: the tracepoint does not exist.
    """
    return int(_read_event_file(category, event, "id"))


def read_tracepoint_format(category: str, event: str) -> str:
    """The text of ``events/<category>/<event>/format`` (field names, offsets, sizes).

    Raises:
        NotSupportedError: the tracepoint does not exist.
    """
    return _read_event_file(category, event, "format")


def list_tracepoints() -> list[str]:
    """All tracepoints as sorted ``"category:event"`` strings, read from ``events/``."""
    events = tracefs_path("events")
    result = []
    try:
        categories = [e for e in os.scandir(events) if e.is_dir()]
    except PermissionError as e:
        raise BPFPermissionError(e.errno or errno.EACCES, "list tracepoints") from None
    for cat in categories:
        try:
            # Each category dir also holds plain files (enable, filter): keep only dirs.
            result.extend(f"{cat.name}:{ev.name}" for ev in os.scandir(cat.path) if ev.is_dir())
        except OSError:
            continue  # a category can vanish while we scan (module unload)
    result.sort()
    return result
