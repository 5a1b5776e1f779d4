"""cgroup programs: per-cgroup (v2) hooks on sockets, packets and syscalls.

Program types and their attach types: ``cgroup_skb`` (``SEC("cgroup_skb/ingress")``,
``egress``; kernel 4.10), ``cgroup_sock`` (``sock_create``, ``sock_release``,
``post_bind4/6``), ``cgroup_sock_addr`` (``connect4/6``, ``bind4/6``, ``sendmsg4/6``,
``recvmsg4/6``, ``getpeername4/6``, ``getsockname4/6``; 4.17+), ``sock_ops``,
``cgroup/dev``, ``cgroup/sysctl``, ``cgroup/getsockopt``/``setsockopt``.

Two ways to attach:

- a **bpf_link** (default; kernel 5.7, ``BPF_LINK_CREATE`` on a cgroup fd): removed when
  the link closes, the process exits or dies. Several links stack on one cgroup (multi).
- **legacy** (``legacy=True``; ``BPF_PROG_ATTACH``, BCC's ``attach_func``): the attachment
  belongs to the cgroup and outlives the process unless detached. pybpf detaches it on
  close(), garbage collection, normal exit and SIGTERM/SIGHUP. ``flags`` takes
  ``BPF_F_ALLOW_OVERRIDE`` (1) / ``BPF_F_ALLOW_MULTI`` (2).

cgroups are cgroup v2 directories: an absolute path, a path relative to the cgroup2 mount
(``"system.slice"``), or an open directory fd. Attaching needs CAP_NET_ADMIN (root).
"""
from __future__ import annotations

import errno
import os
import warnings

from .._libbpf import links as ll
from .._libbpf import syscalls as sc
from ..errors import AttachError, PybpfError, SyscallError
from .base import Link, attach_error
from .netdev import exit_guard

BPF_F_ALLOW_OVERRIDE, BPF_F_ALLOW_MULTI, BPF_F_REPLACE = 1, 2, 4

#: attach types by the names libbpf uses in SEC() (with and without the prefix)
ATTACH_TYPES = {
    "cgroup_skb/ingress": 0, "cgroup_skb/egress": 1, "cgroup/sock_create": 2,
    "cgroup/sock": 2, "sockops": 3, "cgroup/dev": 6, "cgroup/bind4": 8, "cgroup/bind6": 9,
    "cgroup/connect4": 10, "cgroup/connect6": 11, "cgroup/post_bind4": 12,
    "cgroup/post_bind6": 13, "cgroup/sendmsg4": 14, "cgroup/sendmsg6": 15,
    "cgroup/sysctl": 18, "cgroup/recvmsg4": 19, "cgroup/recvmsg6": 20,
    "cgroup/getsockopt": 21, "cgroup/setsockopt": 22, "cgroup/getpeername4": 29,
    "cgroup/getpeername6": 30, "cgroup/getsockname4": 31, "cgroup/getsockname6": 32,
    "cgroup/sock_release": 34,
}
ATTACH_TYPES.update({k.split("/", 1)[1]: v for k, v in list(ATTACH_TYPES.items()) if "/" in k})
ATTACH_TYPES["sock_ops"] = 3
_CGROUP_PROG_TYPES = {8: "cgroup_skb", 9: "cgroup_sock", 13: "sock_ops", 15: "cgroup_device",
                      18: "cgroup_sock_addr", 23: "cgroup_sysctl", 25: "cgroup_sockopt"}


def cgroup2_mount() -> str:
    """Where cgroup v2 is mounted (``/sys/fs/cgroup``, or ``/sys/fs/cgroup/unified`` on
    hybrid systems)."""
    with open("/proc/self/mounts") as f:
        for line in f:
            parts = line.split()
            if len(parts) > 2 and parts[2] == "cgroup2":
                return parts[1]
    raise PybpfError("cgroup v2 is not mounted (BPF cgroup programs need it): "
                     "mount -t cgroup2 none /sys/fs/cgroup")


def cgroup_path(cgroup: str) -> str:
    """An absolute cgroup v2 directory for ``cgroup`` (absolute or relative to the mount)."""
    path = os.fspath(cgroup)
    return path if os.path.isabs(path) else os.path.join(cgroup2_mount(), path)


def attach_type_of(value) -> int:
    """An attach type number from a number or a name (``"egress"``, ``"cgroup/connect4"``)."""
    if isinstance(value, int):
        return value
    try:
        return ATTACH_TYPES[value]
    except KeyError:
        raise PybpfError(f"unknown cgroup attach type {value!r} (known: "
                         f"{', '.join(sorted(k for k in ATTACH_TYPES if '/' in k))})") from None


class _ProgAttachment:
    """A BPF_PROG_ATTACH attachment (it belongs to the target, not to this process);
    destroy detaches exactly this program. Owns dups of the program and target fds."""

    fd = -1
    pin_path = None

    def __init__(self, prog_fd: int, target_fd: int, attach_type: int):
        self._prog_fd, self._cgroup_fd, self._type = os.dup(prog_fd), target_fd, attach_type
        exit_guard.register(self)

    def pin(self, path):
        raise PybpfError("a BPF_PROG_ATTACH attachment has no link to pin (it already "
                         "outlives the process until detached)")

    def unpin(self):
        pass

    def detach(self):
        if self._prog_fd is None:
            return
        try:
            sc.prog_detach(self._prog_fd, self._cgroup_fd, self._type)
        except SyscallError as exc:
            if exc.errno != errno.ENOENT:  # already detached by someone else
                raise
        finally:
            os.close(self._prog_fd)
            os.close(self._cgroup_fd)
            self._prog_fd = None

    def destroy(self):
        try:
            self.detach()
        except Exception as exc:
            warnings.warn(f"pybpf: could not detach cgroup program: {exc}", RuntimeWarning,
                          stacklevel=2)


def _open_cgroup(cgroup) -> tuple[int, str]:
    if isinstance(cgroup, int):
        return os.dup(cgroup), f"cgroup fd {cgroup}"
    path = cgroup_path(cgroup)
    try:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC), path
    except OSError as exc:
        raise AttachError(f"cannot open cgroup {path}: {exc.strerror} (a cgroup v2 directory "
                          f"under {cgroup2_mount()} is needed)") from None


def attach_cgroup(program, cgroup, attach_type=None, *, legacy: bool = False,
                  flags: int = 0) -> Link:
    """Attach a cgroup program to ``cgroup`` (path or fd).

    ``attach_type`` defaults to the program's expected attach type (from its SEC() name,
    or ``load_func(..., attach_type=...)``).
    """
    if program.type not in _CGROUP_PROG_TYPES:
        raise AttachError(f"cannot attach program '{program.name}' to a cgroup: it is a "
                          f"{program.type_name} program (cgroup programs: "
                          f"{', '.join(sorted(set(_CGROUP_PROG_TYPES.values())))})")
    kind = program.type_name
    atype = attach_type_of(attach_type) if attach_type is not None else \
        program._handle.expected_attach_type
    fd, where = _open_cgroup(cgroup)
    target = f"{where} (attach type {atype}, {'prog_attach' if legacy else 'bpf_link'})"
    try:
        if legacy:
            sc.prog_attach(program.fd, fd, atype, flags)
            return Link([_ProgAttachment(program.fd, fd, atype)], program=program.name,
                        target=target, kind=kind)
        handle = ll.FdLinkHandle(sc.link_create(program.fd, fd, atype, flags))
        os.close(fd)
    except SyscallError as exc:
        os.close(fd)
        hint = ""
        if exc.errno == errno.EINVAL:
            hint = ("the attach type must match the program's: load it with "
                    "load_func(name, prog_type, attach_type=...) or the right SEC() name")
        elif exc.errno == errno.EPERM and not legacy:
            hint = "a program attached with BPF_F_ALLOW_OVERRIDE/none flags may be in the way"
        raise attach_error(exc, program.name, target, hint) from exc
    return Link([handle], program=program.name, target=target, kind=kind)


def attach_fd(program, target_fd: int, attach_type: int, flags: int = 0) -> Link:
    """BPF_PROG_ATTACH of ``program`` to any attachable fd (cgroup, sockmap, netns, lirc),
    as BCC's ``attach_func`` does; close() (or exit, SIGTERM) detaches it. The caller's fd
    stays the caller's: pybpf works on a duplicate."""
    fd = os.dup(target_fd)
    try:
        sc.prog_attach(program.fd, fd, attach_type, flags)
    except SyscallError as exc:
        os.close(fd)
        raise attach_error(exc, program.name, f"fd {target_fd} (attach type {attach_type})",
                           "the attach type must suit both the program and the fd") from exc
    return Link([_ProgAttachment(program.fd, fd, attach_type)], program=program.name,
                target=f"fd {target_fd} (attach type {attach_type})", kind=program.type_name)


def query_cgroup(cgroup, attach_type) -> list[int]:
    """Ids of the programs attached to ``cgroup`` for ``attach_type`` (effective excluded)."""
    fd, _ = _open_cgroup(cgroup)
    try:
        return sc.prog_query(fd, attach_type_of(attach_type))[1]
    finally:
        os.close(fd)
