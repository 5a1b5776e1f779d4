"""``pybpf trace``: stream trace_pipe (``bpf_printk`` output), optionally filtered.

``pybpf prog tracelog`` is the same stream. trace_pipe is global and consuming: lines this
command reads are gone for every other reader (and the other way round).
"""
from __future__ import annotations

import re
import time

from .grammar import Args, CliError, UsageError
from .render import Result

USAGE = """\
Usage: pybpf trace [pipe] [FILTER]... [count N] [timeout SECONDS]
       FILTER := { pid PID | comm COMM | grep REGEX }
       Prints each trace_pipe line (JSON: task, pid, cpu, flags, ts, msg) until Ctrl-C,
       N lines, or SECONDS without a matching line."""


def parse_options(args: Args) -> dict:
    opts = {"pid": None, "comm": None, "grep": None, "count": None, "timeout": None}
    while args:
        kw = args.expect("pid", "comm", "grep", "count", "timeout")
        if kw in ("pid", "count"):
            opts[kw] = args.next_int(kw)
        elif kw == "timeout":
            try:
                opts[kw] = float(args.next("seconds"))
            except ValueError:
                raise UsageError("timeout expects a number of seconds") from None
        elif kw == "grep":
            pattern = args.next("regular expression")
            try:
                opts[kw] = re.compile(pattern)
            except re.error as exc:
                raise UsageError(f"bad regular expression {pattern!r}: {exc}") from None
        else:
            opts[kw] = args.next(kw)
    return opts


def record(raw: bytes) -> dict:
    """A trace line as JSON data (``line`` holds what does not parse as an event)."""
    from ..trace.parse import parse_line

    ev = parse_line(raw)
    if ev is None:
        return {"line": raw.decode(errors="replace")}
    task, pid, cpu, flags, ts, msg = ev.decoded()
    return {"task": task, "pid": pid, "cpu": cpu, "flags": flags, "ts": ts, "msg": msg,
            "line": raw.decode(errors="replace")}


def matches(rec: dict, opts: dict) -> bool:
    if opts["pid"] is not None and rec.get("pid") != opts["pid"]:
        return False
    if opts["comm"] is not None and rec.get("task") != opts["comm"]:
        return False
    if opts["grep"] is not None and not opts["grep"].search(rec["line"]):
        return False
    return True


def stream(opts: dict, pipe=None):
    """Matching trace lines as records, until count/timeout (or forever)."""
    from ..errors import PybpfError
    from ..trace.pipe import TracePipe

    try:
        reader = pipe if pipe is not None else TracePipe()
    except PybpfError as exc:
        raise CliError(f"can't open trace_pipe: {exc}") from exc
    seen = 0
    deadline = None if opts["timeout"] is None else time.monotonic() + opts["timeout"]
    try:
        while opts["count"] is None or seen < opts["count"]:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            raw = reader.readline(wait)
            if not raw:
                if deadline is not None and time.monotonic() >= deadline:
                    return
                if wait is None:
                    return          # end of file
                continue
            rec = record(raw)
            if matches(rec, opts):
                seen += 1
                if deadline is not None:
                    deadline = time.monotonic() + opts["timeout"]
                yield rec
    finally:
        if pipe is None:
            reader.close()


def trace_result(args: Args, ctx) -> Result:
    opts = parse_options(args)
    return Result(stream(opts), lambda rec: rec["line"], stream=True)


def do_pipe(args: Args, ctx) -> Result:
    return trace_result(args, ctx)


COMMANDS = {"pipe": do_pipe}
DEFAULT = "pipe"
FALLBACK = True
