"""trace_pipe reading, trace line parsing and tracefs discovery (pure Python, stdlib only).

    from pybpf.trace import TracePipe
    with TracePipe() as pipe:
        for event in iter(pipe.fields, None):
            print(event.pid, event.msg)
"""
from pybpf.trace.parse import LostEvents, TraceLine, parse_line, parse_lost
from pybpf.trace.pipe import TracePipe
from pybpf.trace.tracefs import (
    list_tracepoints, read_tracepoint_format, tracefs_path, tracefs_root, tracepoint_exists,
    tracepoint_id,
)

__all__ = [
    "TracePipe", "TraceLine", "LostEvents", "parse_line", "parse_lost",
    "tracefs_root", "tracefs_path", "tracepoint_exists", "tracepoint_id", "list_tracepoints",
    "read_tracepoint_format",
]
