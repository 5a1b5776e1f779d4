"""Reading ``trace_pipe``: where ``bpf_trace_printk()`` output (and every enabled ftrace
event) ends up.

trace_pipe is global and consuming: every reader on the machine competes for the same lines,
and a line one reader got is gone for the others. Reads block until there is data.

We read with our own buffer over a non-blocking fd plus ``poll()`` instead of a Python file
object, because (a) a ``BufferedReader`` hides buffered lines from ``select()``, which would
make timeouts wrong, (b) an unbuffered ``FileIO.readline()`` reads one byte per syscall, far
too slow for busy tracers, and (c) with another reader stealing the data between our poll
and our read, a blocking read could hang past the caller's timeout.
"""
from __future__ import annotations

import collections
import math
import os
import select
import sys
import time
import weakref
from typing import IO, Iterator

from pybpf.errors import syscall_error
from pybpf.trace.parse import TraceLine, parse_line, parse_lost
from pybpf.trace.tracefs import tracefs_path

__all__ = ["TracePipe"]

_CHUNK = 65536
# Sleep after a spurious wakeup (poll said readable, read said EAGAIN): another reader took
# the data, or the "block" trace option makes poll always report readable. Short enough not
# to matter for latency, long enough not to spin a CPU.
_EAGAIN_NAP = 0.01


class TracePipe:
    """A reader of ``<tracefs>/trace_pipe`` (or of any line-oriented file given as ``path``).

    Use it as a context manager, or call :meth:`close`; a ``weakref.finalize`` closes the fd
    if you forget. KeyboardInterrupt is never caught, so Ctrl-C ends a blocking read.

    Raises:
        BPFPermissionError: opening needs root (EACCES/EPERM).
        NotSupportedError: tracefs is not mounted (only when ``path`` is not given).
    """

    def __init__(self, path: str | None = None):
        self.path = path if path is not None else tracefs_path("trace_pipe")
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as e:
            raise syscall_error(e.errno, "open trace_pipe") from None
        self._fd = fd
        self._finalizer = weakref.finalize(self, os.close, fd)
        self._poll = select.poll()
        self._poll.register(fd, select.POLLIN)
        self._lines: collections.deque[bytes] = collections.deque()
        self._partial = b""
        #: Events the kernel reported lost (``CPU:N [LOST N EVENTS]``) seen by :meth:`fields`.
        self.lost_events = 0

    # -- lifetime ---------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran (or the finalizer did)."""
        return not self._finalizer.alive

    def close(self) -> None:
        """Close the pipe. Safe to call more than once."""
        self._finalizer()

    def __enter__(self) -> "TracePipe":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<TracePipe {self.path!r}{' closed' if self.closed else ''}>"

    # -- reading ----------------------------------------------------------------------------
    def _fill(self, deadline: float | None) -> bool | None:
        """Read one chunk into the line queue: True on data, False on timeout, None on EOF."""
        polled_once = False
        while True:
            if deadline is None:
                wait = None
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0 and polled_once:
                    return False
                # ms; ceil so we never spin on 0. A zero timeout (non-blocking) still polls
                # once, so data already waiting is read
                wait = max(0, math.ceil(remaining * 1000))
            polled_once = True
            if not self._poll.poll(wait):
                continue  # timed out: the deadline check above returns False
            try:
                chunk = os.read(self._fd, _CHUNK)
            except BlockingIOError:
                time.sleep(_EAGAIN_NAP if deadline is None
                           else max(0.0, min(_EAGAIN_NAP, deadline - time.monotonic())))
                continue
            if not chunk:
                return None
            parts = (self._partial + chunk).split(b"\n")
            self._partial = parts.pop()
            self._lines.extend(parts)
            return True

    def readline(self, timeout: float | None = None) -> bytes:
        """Return the next line without its trailing newline.

        Without ``timeout`` this blocks until a line arrives. With one (seconds) it returns
        ``b""`` if none arrived in time. It also returns ``b""`` at end of file (trace_pipe
        reports EOF when tracing is turned off after something was read). Blank lines are
        skipped, so ``b""`` always means "no line".
        """
        if self.closed:
            raise ValueError("I/O operation on closed TracePipe")
        deadline = None if timeout is None else time.monotonic() + timeout
        lines = self._lines
        while True:
            while lines:
                line = lines.popleft()
                if line:
                    return line
            got = self._fill(deadline)
            if got is None:  # EOF: hand out an unterminated last line, if any
                line, self._partial = self._partial, b""
                return line
            if got is False:
                return b""

    def __iter__(self) -> Iterator[bytes]:
        """Yield lines (without newline) until end of file; blocks between lines."""
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def fields(self, timeout: float | None = None) -> TraceLine | None:
        """Return the next event line parsed (BCC's ``trace_fields()``).

        Lines that are not events (lost-event markers, which are counted in
        :attr:`lost_events`, and unparsable lines) are skipped, as BCC does. Returns None if
        ``timeout`` seconds pass without an event, or at end of file.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            line = self.readline(remaining)
            if not line:
                return None
            parsed = parse_line(line)
            if parsed is not None:
                return parsed
            lost = parse_lost(line)
            if lost is not None:
                self.lost_events += lost.count or 0

    def print_lines(self, fmt: str | None = None, file: IO[str] | None = None,
                    decode: bool = True) -> None:
        """Print lines forever (until end of file), like BCC's ``trace_print(fmt=None)``.

        Without ``fmt`` each raw line is printed; with ``fmt`` each event is parsed and
        printed as ``fmt.format(task, pid, cpu, flags, ts, msg)``, e.g.
        ``fmt="pid {1}, msg = {5}"``. Output is flushed after every line, as BCC does.

        ``file`` defaults to the *current* ``sys.stdout``. With ``decode=True`` (default)
        byte fields are decoded to text first; ``decode=False`` prints exactly what BCC
        prints on Python 3, i.e. ``b'...'`` reprs of the byte strings.
        """
        while True:
            if fmt:
                event = self.fields()
                if event is None:
                    return
                line = fmt.format(*(event.decoded() if decode else event))
            else:
                raw = self.readline()
                if not raw:
                    return
                line = raw.decode(errors="replace") if decode else raw
            out = sys.stdout if file is None else file
            print(line, file=out)
            out.flush()
