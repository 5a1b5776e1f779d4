"""trace_pipe reading, trace line parsing and tracefs discovery (pure Python, stdlib only).

    from pybpf.trace import TracePipe
    with TracePipe() as pipe:
        for event in iter(pipe.fields, None):
            print(event.pid, event.msg)

Submodules load on first use, so attaching a tracepoint does not pay for the pipe reader.
"""
import importlib

_EXPORTS = {
    "TracePipe": "pipe", "TraceLine": "parse", "LostEvents": "parse", "parse_line": "parse",
    "parse_lost": "parse", "tracefs_root": "tracefs", "tracefs_path": "tracefs",
    "tracepoint_exists": "tracefs", "tracepoint_id": "tracefs", "list_tracepoints": "tracefs",
    "read_tracepoint_format": "tracefs",
}

__all__ = list(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pybpf.trace' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pybpf.trace.{module}"), name)
    globals()[name] = value
    return value
