"""Cached probes of what the running kernel supports.

Code uses them to choose paths (kprobe or tracepoint fallback, batch ops or loops); tests use
them to skip with a reason that names the missing feature. Each probe runs at most once per
process; none of them runs at ``import pybpf``.
"""
from __future__ import annotations

import functools
import os

from .errors import PybpfError

# enum bpf_prog_type / bpf_map_type values probed here
_PROG_TYPES = {"socket_filter": 1, "kprobe": 2, "sched_cls": 3, "sched_act": 4,
               "tracepoint": 5, "xdp": 6, "perf_event": 7, "cgroup_skb": 8,
               "cgroup_sock": 9, "raw_tracepoint": 17, "cgroup_sock_addr": 18,
               "tracing": 26, "ext": 28, "lsm": 29, "syscall": 31}
_MAP_TYPES = {"hash": 1, "array": 2, "perf_event_array": 4, "percpu_hash": 5,
              "lru_hash": 9, "lpm_trie": 11, "queue": 22, "stack": 23, "ringbuf": 27,
              "task_storage": 29, "bloom_filter": 30}


def _tracefs_file(name: str) -> bool:
    for root in ("/sys/kernel/tracing", "/sys/kernel/debug/tracing"):
        if os.path.exists(os.path.join(root, name)):
            return True
    return False


@functools.lru_cache(maxsize=None)
def has_kprobes() -> bool:
    """kprobes can be attached: a kprobe PMU or tracefs kprobe_events (CONFIG_KPROBE_EVENTS)."""
    return os.path.exists("/sys/bus/event_source/devices/kprobe/type") or \
        _tracefs_file("kprobe_events")


@functools.lru_cache(maxsize=None)
def has_uprobes() -> bool:
    return os.path.exists("/sys/bus/event_source/devices/uprobe/type") or \
        _tracefs_file("uprobe_events")


@functools.lru_cache(maxsize=None)
def has_prog_type(name: str) -> bool:
    """The kernel loads a trivial program of this type (libbpf_probe_bpf_prog_type)."""
    from ._libbpf import syscalls as sc

    return sc.probe_prog_type(_PROG_TYPES[name])


@functools.lru_cache(maxsize=None)
def has_map_type(name: str) -> bool:
    from ._libbpf import syscalls as sc

    return sc.probe_map_type(_MAP_TYPES[name])


def has_ringbuf() -> bool:
    """BPF_MAP_TYPE_RINGBUF (kernel 5.8)."""
    return has_map_type("ringbuf")


_RETURN_ZERO = bytes.fromhex("b700000000000000" "9500000000000000")  # r0 = 0; exit


@functools.lru_cache(maxsize=None)
def _load_attach_tracing(prog_type: int, attach_type: int, target: str) -> bool:
    """Load and attach a minimal BTF-attached program: the only reliable fentry/LSM probe
    (on kernels without trampolines the load fails EPERM with an empty verifier log)."""
    from ._libbpf import syscalls as sc
    from ._libbpf.btf import Btf
    from .errors import SyscallError

    btf = Btf.vmlinux()
    try:
        btf_id = btf.find(target, "func")
    finally:
        btf.close()
    if not btf_id:
        return False
    try:
        fd, _ = sc.prog_load(prog_type, _RETURN_ZERO, name="pybpf_probe",
                             expected_attach_type=attach_type, attach_btf_id=btf_id)
    except SyscallError as exc:
        # EPERM is also what kernels without trampolines say: only a process that cannot
        # load any program at all is a permission problem, not a missing feature
        if exc.errno == 1 and not has_prog_type("socket_filter"):
            raise
        return False
    try:
        link = sc.raw_tracepoint_open(None, fd)
        os.close(link)
        return True
    except SyscallError:
        return False
    finally:
        os.close(fd)


def has_fentry() -> bool:
    """fentry/fexit programs load and attach (BPF trampolines, kernel 5.5, x86 JIT)."""
    return _load_attach_tracing(26, 24, "do_sys_openat2")  # BPF_TRACE_FENTRY


def has_lsm() -> bool:
    """BPF LSM programs attach (kernel 5.7, CONFIG_BPF_LSM and "bpf" in lsm=)."""
    try:
        with open("/sys/kernel/security/lsm") as f:
            if "bpf" not in f.read().split(","):
                return False
    except OSError:
        return False
    return _load_attach_tracing(29, 27, "bpf_lsm_file_open")  # BPF_LSM_MAC


@functools.lru_cache(maxsize=None)
def has_batch_ops() -> bool:
    """BPF_MAP_LOOKUP_BATCH on hash maps (kernel 5.6)."""
    from ._libbpf import syscalls as sc

    fd = sc.map_create(1, 4, 4, 4, "pybpf_probe")
    try:
        sc.map_lookup_batch(fd, 4, 4, 4)
        return True
    except sc.BatchUnsupported:
        return False
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=None)
def has_btf() -> bool:
    return os.path.exists("/sys/kernel/btf/vmlinux")


@functools.lru_cache(maxsize=None)
def has_bpf_link_xdp() -> bool:
    """XDP through bpf_link (kernel 5.9): always true where BPF_LINK_CREATE knows XDP."""
    return _kernel_at_least(5, 9)


def _kernel_at_least(major: int, minor: int) -> bool:
    # used only for features that cannot be probed without side effects on interfaces
    rel = os.uname().release.split("-")[0].split(".")
    try:
        return (int(rel[0]), int(rel[1])) >= (major, minor)
    except (ValueError, IndexError):
        raise PybpfError(f"cannot parse kernel release {os.uname().release!r}")


@functools.lru_cache(maxsize=None)
def has_tcx() -> bool:
    """tcx links (kernel 6.6): BPF_TCX_INGRESS/EGRESS attach types.

    Probed without touching an interface: a link to ifindex 0 fails with ENODEV where the
    kernel knows tcx (it looked the device up) and EINVAL where it does not."""
    from ._libbpf import syscalls as sc
    from .errors import SyscallError

    fd, _ = sc.prog_load(3, _RETURN_ZERO, name="pybpf_probe")    # BPF_PROG_TYPE_SCHED_CLS
    try:
        os.close(sc.link_create(fd, 0, 46))                       # BPF_TCX_INGRESS
        return True
    except SyscallError as exc:
        if exc.errno in (1, 13):          # EPERM/EACCES: a permission problem, not an answer
            raise
        return exc.errno == 19            # ENODEV
    finally:
        os.close(fd)


def summary() -> dict[str, bool]:
    """Every probe's answer (for ``pybpf feature`` and bug reports)."""
    out = {"btf": has_btf(), "kprobes": has_kprobes(), "uprobes": has_uprobes(),
           "fentry": has_fentry(), "lsm": has_lsm(), "ringbuf": has_ringbuf(),
           "batch_map_ops": has_batch_ops(), "bpf_link_xdp": has_bpf_link_xdp(),
           "tcx": has_tcx()}
    for name in _PROG_TYPES:
        out[f"prog_type_{name}"] = has_prog_type(name)
    for name in _MAP_TYPES:
        out[f"map_type_{name}"] = has_map_type(name)
    return out
