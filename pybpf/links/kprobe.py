"""Kprobes and kretprobes on kernel functions.

Kernel: kprobe PMU (4.17) or tracefs ``kprobe_events``, CONFIG_KPROBES. Kernels without
either (like the hosts pybpf is developed on) get an AttachError naming the alternatives.
"""
from __future__ import annotations

from .. import features
from .._libbpf import links as ll
from ..errors import AttachError, SyscallError
from .base import Link, attach_error

NO_KPROBES_HINT = (
    "this kernel cannot attach kprobes (no kprobe PMU in /sys/bus/event_source/devices and "
    "no kprobe_events in tracefs). Use a tracepoint (`pybpf feature` lists them; syscalls "
    "have syscalls:sys_enter_*/sys_exit_*), a raw tracepoint, or tp_btf instead.")


def attach_kprobe(program, func: str, offset: int = 0, retprobe: bool = False) -> Link:
    kind = "kretprobe" if retprobe else "kprobe"
    target = f"{kind} {func}" + (f"+{offset:#x}" if offset else "")
    if not features.has_kprobes():
        raise AttachError(f"cannot attach program '{program.name}' to {target}: "
                          + NO_KPROBES_HINT)
    try:
        handle = ll.attach_kprobe(program._handle, func, offset, retprobe)
    except SyscallError as exc:
        hint = ""
        if exc.errno == 2:
            hint = (f"no kernel function {func!r} can be probed (it may be inlined, static "
                    "with a suffix such as .isra.0, or absent); see /proc/kallsyms")
        raise attach_error(exc, program.name, target, hint) from exc
    return Link([handle], program=program.name, target=target, kind=kind)
