"""The BPF facade's network methods, as BCC spells them, over pybpf.links.

In BCC these are static methods (``BPF.attach_xdp(dev, fn, flags)``); here each function
takes the BPF object first (``None`` is accepted: ``fn.bpf`` is used) so its attachments
join the object's registry and ``cleanup()`` removes them.

Differences from BCC, on purpose:
- ``attach_xdp`` uses a bpf_link when the flags allow (kernel 5.9), so a killed script
  leaves no XDP program behind; it uses netlink as BCC does for ``XDP_FLAGS_REPLACE``, to
  replace a program attached by netlink, or where the kernel has no XDP links.
  ``cleanup()``/exit remove it either way (BCC leaves it until ``remove_xdp``).
- ``attach_func`` attachments (BPF_PROG_ATTACH, which outlive the process) are detached by
  ``cleanup()``/exit/SIGTERM unless ``detach_func`` ran first.
"""
from __future__ import annotations

import os
import weakref

from ..errors import PybpfError
from ..links import cgroup as _cgroup
from ..links import netdev as _netdev
from ..links import socket as _socket
from ..links import xdp as _xdp
from ..program import SOCKET_FILTER, XDP


class BPFProgType:
    """enum bpf_prog_type (BCC's ``bcc.BPFProgType``)."""
    SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT = range(1, 8)
    CGROUP_SKB, CGROUP_SOCK, LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB = range(8, 15)
    CGROUP_DEVICE, SK_MSG, RAW_TRACEPOINT, CGROUP_SOCK_ADDR = range(15, 19)
    CGROUP_SOCKOPT, TRACING, LSM = 25, 26, 29


class BPFAttachType:
    """enum bpf_attach_type (BCC's ``bcc.BPFAttachType``)."""
    (CGROUP_INET_INGRESS, CGROUP_INET_EGRESS, CGROUP_INET_SOCK_CREATE, CGROUP_SOCK_OPS,
     SK_SKB_STREAM_PARSER, SK_SKB_STREAM_VERDICT, CGROUP_DEVICE, SK_MSG_VERDICT,
     CGROUP_INET4_BIND, CGROUP_INET6_BIND, CGROUP_INET4_CONNECT, CGROUP_INET6_CONNECT,
     CGROUP_INET4_POST_BIND, CGROUP_INET6_POST_BIND, CGROUP_UDP4_SENDMSG,
     CGROUP_UDP6_SENDMSG, LIRC_MODE2, FLOW_DISSECTOR, CGROUP_SYSCTL, CGROUP_UDP4_RECVMSG,
     CGROUP_UDP6_RECVMSG, CGROUP_GETSOCKOPT, CGROUP_SETSOCKOPT, TRACE_RAW_TP, TRACE_FENTRY,
     TRACE_FEXIT, MODIFY_RETURN, LSM_MAC, TRACE_ITER, CGROUP_INET4_GETPEERNAME,
     CGROUP_INET6_GETPEERNAME, CGROUP_INET4_GETSOCKNAME, CGROUP_INET6_GETSOCKNAME,
     XDP_DEVMAP, CGROUP_INET_SOCK_RELEASE, XDP_CPUMAP, SK_LOOKUP, XDP, SK_SKB_VERDICT,
     SK_REUSEPORT_SELECT, SK_REUSEPORT_SELECT_OR_MIGRATE, PERF_EVENT, TRACE_KPROBE_MULTI,
     LSM_CGROUP, STRUCT_OPS, NETFILTER, TCX_INGRESS, TCX_EGRESS) = range(48)


# our XDP attachments by (netns inode, ifindex): remove_xdp() closes ours, netlinks others
_xdp_links: dict = {}


def _text(value) -> str:
    return value.decode() if isinstance(value, (bytes, bytearray)) else str(value)


def _function(bpf, fn, prog_type: int):
    """(bpf, Function): ``fn`` as load_func returned it, or a function name to load."""
    if isinstance(fn, (str, bytes)):
        if bpf is None or prog_type < 0:
            raise PybpfError("arg 1 must be of type BPF.Function (what load_func() returns)")
        fn = bpf.load_func(fn, prog_type)
    if not hasattr(fn, "program") or not hasattr(fn, "fd"):
        raise PybpfError("arg 1 must be of type BPF.Function (what load_func() returns)")
    return bpf if bpf is not None else fn.bpf, fn


def _dev_key(dev) -> tuple[int, int]:
    ifindex, _ = _netdev.resolve_ifindex(dev)
    return os.stat("/proc/thread-self/ns/net").st_ino, ifindex


def attach_xdp(bpf, dev, fn, flags=0):
    """``BPF.attach_xdp(dev, fn, flags=0)``: XDP program ``fn`` on interface ``dev``."""
    bpf, fn = _function(bpf, fn, XDP)
    link = _xdp.attach_xdp_flags(fn.program, _text(dev), flags)
    target = _text(dev)
    bpf.attachments.add("xdp", target, fn.name.decode(), bpf.module.track(link))
    _xdp_links[_dev_key(link.ifindex)] = (weakref.ref(bpf), target, weakref.ref(link))


def remove_xdp(bpf, dev, flags=0):
    """``BPF.remove_xdp(dev, flags=0)``: detach ours, or whatever netlink program is there."""
    key = _dev_key(_text(dev))
    owner, target, ref = _xdp_links.pop(key, (None, None, None))
    link = ref() if ref else None
    if link is not None and not link.closed:
        owner_bpf = owner()
        if owner_bpf is not None:
            try:
                owner_bpf.attachments.remove("xdp", target)
            except PybpfError:
                pass
        link.close()
        return
    _xdp.detach_xdp(_text(dev), _xdp.mode_of_flags(flags))


def attach_raw_socket(bpf, fn, dev):
    """``BPF.attach_raw_socket(fn, dev)``: a raw socket on ``dev`` filtered by ``fn``
    (a SOCKET_FILTER program); its fd is ``fn.sock``, closed by cleanup()."""
    bpf, fn = _function(bpf, fn, SOCKET_FILTER)
    link, fd = _socket.attach_raw_socket(fn.program, _text(dev))
    fn.sock = fd
    bpf.attachments.add("raw_socket", _text(dev), fn.name.decode(), bpf.module.track(link))


def _func_target(attachable_fd: int, attach_type: int) -> str:
    st = os.fstat(attachable_fd)
    return f"{attach_type}:{st.st_dev}:{st.st_ino}"


def attach_func(bpf, fn, attachable_fd, attach_type, flags=0):
    """``BPF.attach_func(fn, attachable_fd, attach_type, flags=0)``: BPF_PROG_ATTACH of
    ``fn`` to a cgroup (or sockmap, netns) fd; ``attach_type`` from BPFAttachType."""
    bpf, fn = _function(bpf, fn, -1)
    link = _cgroup.attach_fd(fn.program, attachable_fd, attach_type, flags)
    bpf.attachments.add("func", _func_target(attachable_fd, attach_type), fn.name.decode(),
                        bpf.module.track(link))


def detach_func(bpf, fn, attachable_fd, attach_type):
    """``BPF.detach_func(fn, attachable_fd, attach_type)``."""
    bpf, fn = _function(bpf, fn, -1)
    target = _func_target(attachable_fd, attach_type)
    try:
        bpf.attachments.remove("func", target, fn.name.decode())
    except PybpfError:  # attached by someone else: detach it anyway, as BCC does
        from .._libbpf import syscalls as sc

        sc.prog_detach(fn.fd, attachable_fd, attach_type)
