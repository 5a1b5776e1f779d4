"""Parsing ``trace_pipe`` lines into BCC's ``trace_fields()`` tuple.

The kernel prints one event per line (``trace_print_context()`` in kernel/trace)::

               bash-1234    [001] d..31  1234.567890: bpf_trace_printk: Hello World!
    <task, %16s>-<pid> [(<tgid>)] [<cpu>] [<flags>] <ts>: <event or symbol>: <message>

The ``(tgid)`` column appears with the ``record-tgid`` trace option, the flags column
disappears with ``noirq-info`` (and on some old kernels), and task names may contain
spaces, dashes and colons (``Web Content``, ``kworker/u4:2``). BCC slices the line at fixed
columns and silently drops the shapes it cannot split into exactly four fields; we use one
precompiled regex instead, so those shapes parse too.

What counts as the message follows BCC exactly: everything after the first ``": "`` that
follows the timestamp, i.e. the event name (``bpf_trace_printk``, ``tracing_mark_write``,
``sched_switch``) or the 4.13+ bogus symbol (``0x1``) is dropped.
"""
from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["TraceLine", "LostEvents", "parse_line", "parse_lost"]


class TraceLine(NamedTuple):
    """One parsed trace_pipe event, field for field BCC's ``trace_fields()`` tuple.

    Being a tuple, it unpacks like BCC's: ``task, pid, cpu, flags, ts, msg = line``.
    """

    task: bytes   #: command name (``comm``), e.g. ``b"bash"``; ``b"<...>"`` when unknown
    pid: int      #: thread id of the task that hit the event
    cpu: int      #: CPU the event fired on
    flags: bytes  #: irq/preempt flags column such as ``b"d..31"``; ``b""`` if absent
    ts: float     #: timestamp in seconds (trace clock, ``local`` by default)
    msg: bytes    #: the message, without the ``event_name: `` prefix

    def fields(self) -> tuple[bytes, int, int, bytes, float, bytes]:
        """The plain BCC tuple ``(task, pid, cpu, flags, ts, msg)``."""
        return tuple(self)  # type: ignore[return-value]

    def decoded(self) -> tuple[str, int, int, str, float, str]:
        """The same tuple with the byte fields decoded (UTF-8, invalid bytes replaced)."""
        return (self.task.decode(errors="replace"), self.pid, self.cpu,
                self.flags.decode(errors="replace"), self.ts,
                self.msg.decode(errors="replace"))


class LostEvents(NamedTuple):
    """A ``CPU:<cpu> [LOST <count> EVENTS]`` marker: the ring buffer overflowed."""

    cpu: int
    count: int | None  #: None when the kernel could not tell how many (``[LOST EVENTS]``)


# Why each piece looks the way it does:
# - task is lazy, so the *first* "-<digits> [" / "-<digits> (" split wins; task names are at
#   most 15 bytes and may contain "-<digits>" themselves only if followed by whitespace and
#   a "[cpu]" column, which no real comm does.
# - the tgid column is "(  1234)", or "(-------)" when the tgid was not recorded.
# - flags never contain ":" or whitespace; excluding ":" stops a flagless line whose message
#   starts with "<digits>:" from being misread with the timestamp taken as flags.
# - ts is "<sec>.<usec>" with the default clocks; counter/x86-tsc clocks print an integer.
_LINE_RE = re.compile(
    rb"\s*(?P<task>.*?)-(?P<pid>\d+)\s+"
    rb"(?:\(\s*(?:\d+|-+)\)\s+)?"
    rb"\[(?P<cpu>\d+)\]\s+"
    rb"(?:(?P<flags>[^\s:]+)\s+)?"
    rb"(?P<ts>\d+(?:\.\d+)?):")
_LOST_RE = re.compile(rb"CPU:(\d+) \[LOST (?:(\d+) )?EVENTS\]")


def parse_line(line: bytes) -> TraceLine | None:
    """Parse one trace_pipe line (bytes, trailing newline optional) into a :class:`TraceLine`.

    Returns None for anything that is not an event line: ``CPU:N [LOST N EVENTS]`` markers
    (use :func:`parse_lost` to read those), ``#`` comment headers of the ``trace`` file,
    blank lines and garbage. BCC's ``trace_fields()`` skips the same lines.
    """
    line = line.rstrip(b"\r\n")
    m = _LINE_RE.match(line)
    if m is None:
        return None
    task, pid, cpu, flags, ts = m.groups()
    # BCC: rest = line after the timestamp's ":"; msg = rest[rest.find(":") + 2:]. When
    # there is no further ":" that is rest[1:] (just the leading space dropped); keep that.
    rest = line[m.end():]
    msg = rest[rest.find(b":") + 2:]
    return TraceLine(task, int(pid), int(cpu), flags or b"", float(ts), msg)


def parse_lost(line: bytes) -> LostEvents | None:
    """Parse a ``CPU:N [LOST N EVENTS]`` marker; None if ``line`` is not one."""
    m = _LOST_RE.match(line)
    if m is None:
        return None
    count = m.group(2)
    return LostEvents(int(m.group(1)), int(count) if count is not None else None)
