"""Snapshots of what a test run can leave behind in the kernel, and their difference.

Covers this process's fds, BPF links (and the programs they keep), pins under bpffs,
tracefs kprobe/uprobe events, network namespaces and clsact qdiscs.
"""
from __future__ import annotations

import gc
import os
from typing import NamedTuple


class Snapshot(NamedTuple):
    fds: frozenset
    link_ids: frozenset
    prog_ids: frozenset
    pins: frozenset
    probe_events: frozenset
    netns: frozenset


def _fds() -> frozenset:
    try:
        return frozenset(int(f) for f in os.listdir("/proc/self/fd"))
    except OSError:
        return frozenset()


def _ids(kind: str) -> frozenset:
    try:
        from .._libbpf import syscalls as sc

        return frozenset(sc.object_ids(kind))
    except Exception:  # not root, or no BPF: nothing to compare
        return frozenset()


def _pins(root: str = "/sys/fs/bpf") -> frozenset:
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        for n in filenames + dirnames:
            if n not in ("progs.debug", "maps.debug"):
                out.add(os.path.join(dirpath, n))
    return frozenset(out)


def _probe_events() -> frozenset:
    out = set()
    for root in ("/sys/kernel/tracing", "/sys/kernel/debug/tracing"):
        for name in ("kprobe_events", "uprobe_events"):
            try:
                with open(os.path.join(root, name)) as f:
                    out.update(line.strip() for line in f if line.strip())
            except OSError:
                pass
    return frozenset(out)


def _netns() -> frozenset:
    try:
        return frozenset(os.listdir("/run/netns"))
    except OSError:
        return frozenset()


def snapshot() -> Snapshot:
    gc.collect()  # run finalizers of unreachable kernel objects first
    return Snapshot(_fds(), _ids("link"), _ids("prog"), _pins(), _probe_events(), _netns())


def leaked(before: Snapshot, after: Snapshot) -> list[str]:
    """Human-readable list of what ``after`` holds that ``before`` did not."""
    out = []
    fds = after.fds - before.fds
    if fds:
        targets = []
        for fd in sorted(fds):
            try:
                targets.append(f"{fd}->{os.readlink(f'/proc/self/fd/{fd}')}")
            except OSError:
                pass
        if targets:
            out.append("open fds: " + ", ".join(targets))
    for label, field in (("BPF links", "link_ids"), ("BPF programs", "prog_ids"),
                         ("bpffs pins", "pins"), ("tracefs probe events", "probe_events"),
                         ("network namespaces", "netns")):
        new = getattr(after, field) - getattr(before, field)
        if new:
            out.append(f"{label}: {', '.join(map(str, sorted(new)))}")
    return out
