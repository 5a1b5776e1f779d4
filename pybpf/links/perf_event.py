"""perf_event programs on software (and, where present, hardware) events, one per CPU.

Kernel: BPF_PROG_TYPE_PERF_EVENT 4.9. These machines have software events only.
"""
from __future__ import annotations

import os

from .._libbpf import links as ll
from .._libbpf import syscalls as sc
from ..cpus import online_cpus
from ..errors import SyscallError
from .base import Link, attach_error

PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE = 0, 1
PERF_COUNT_SW_CPU_CLOCK = 0


def attach_perf_event(program, ev_type: int, ev_config: int, *, sample_period: int = 0,
                      sample_freq: int = 0, pid: int = -1, cpu: int = -1) -> Link:
    """Open the event on ``cpu`` (every online CPU when -1) and attach the program to each."""
    cpus = online_cpus() if cpu < 0 else [cpu]
    target = f"perf event type={ev_type} config={ev_config}"
    handles = []
    try:
        for c in cpus:
            pfd = sc.perf_event_open(ev_type, ev_config, sample_period=sample_period,
                                     sample_freq=sample_freq, pid=pid, cpu=c)
            try:
                handles.append(ll.attach_perf_event(program._handle, pfd))
            except BaseException:
                os.close(pfd)
                raise
    except SyscallError as exc:
        for h in handles:
            h.destroy()
        hint = ""
        if ev_type == PERF_TYPE_HARDWARE and exc.errno == 2:
            hint = "this machine has no hardware PMU: use a software event (PerfType.SOFTWARE)"
        raise attach_error(exc, program.name, target, hint) from exc
    return Link(handles, program=program.name, target=target, kind="perf_event")
