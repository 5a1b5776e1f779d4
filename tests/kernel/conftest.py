"""Kernel tests: per-test check that no BPF or perf fds outlive the test."""
import gc
import os

import pytest


def bpf_fds() -> dict:
    out = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(("anon_inode:bpf", "anon_inode:[perf_event]", "anon_inode:[eventpoll]")):
            out[int(fd)] = target
    return out


@pytest.fixture(autouse=True)
def no_leaked_bpf_fds():
    gc.collect()
    before = bpf_fds()
    yield
    gc.collect()
    leaked = {fd: t for fd, t in bpf_fds().items() if fd not in before}
    assert not leaked, f"the test leaked BPF/perf fds: {leaked}"
