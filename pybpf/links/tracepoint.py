"""Tracepoints (perf-based), raw tracepoints and BTF-enabled tracepoints (tp_btf).

Kernel: tracepoints 4.7, raw tracepoints 4.17, tp_btf 5.5.
"""
from __future__ import annotations

from .._libbpf import links as ll
from ..errors import SyscallError
from .base import Link, attach_error


def attach_tracepoint(program, category: str, event: str) -> Link:
    target = f"tracepoint {category}:{event}"
    try:
        handle = ll.attach_tracepoint(program._handle, category, event)
    except SyscallError as exc:
        from ..trace import tracefs

        hint = ""
        if not tracefs.tracepoint_exists(category, event):
            hint = (f"there is no tracepoint {category}:{event} on this kernel "
                    "(list them with `pybpf feature` or in /sys/kernel/tracing/events)")
        raise attach_error(exc, program.name, target, hint) from exc
    return Link([handle], program=program.name, target=target, kind="tracepoint")


def attach_raw_tracepoint(program, event: str) -> Link:
    target = f"raw tracepoint {event}"
    try:
        handle = ll.attach_raw_tracepoint(program._handle, event)
    except SyscallError as exc:
        raise attach_error(exc, program.name, target) from exc
    return Link([handle], program=program.name, target=target, kind="raw_tracepoint")


def attach_trace(program, kind: str = "tracing") -> Link:
    """tp_btf/fentry/fexit/fmod_ret: the target was fixed when the program loaded."""
    target = program.section
    try:
        handle = ll.attach_trace(program._handle)
    except SyscallError as exc:
        raise attach_error(exc, program.name, target) from exc
    return Link([handle], program=program.name, target=target, kind=kind)
