"""``Program``: one BPF program of a loaded :class:`~pybpf.object.Object`."""
from __future__ import annotations

from ._libbpf import syscalls as sc
from ._libbpf.objects import prog_type_name
from .links import kprobe as _kprobe
from .links import perf_event as _perf
from .links import tracepoint as _tp
from .links import uprobe as _uprobe
from .links.base import Link

# enum bpf_prog_type values (uapi/linux/bpf.h)
SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT = 1, 2, 3, 4, 5, 6, 7
CGROUP_SKB, CGROUP_SOCK, LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB = 8, 9, 10, 11, 12, 13, 14
CGROUP_DEVICE, SK_MSG, RAW_TRACEPOINT, CGROUP_SOCK_ADDR = 15, 16, 17, 18
TRACING, STRUCT_OPS, EXT, LSM, SK_LOOKUP, SYSCALL = 26, 27, 28, 29, 30, 31


# program types whose SEC() name can carry the whole attach target
_SELF_TARGETED = (KPROBE, TRACEPOINT, RAW_TRACEPOINT, TRACING, LSM)


class Program:
    """A loaded program: its name, type, fd, tag, and the ``attach_*`` family.

    Every ``attach_*`` returns a :class:`~pybpf.links.Link`; the program stays loaded while
    its Object is open.
    """

    def __init__(self, handle, owner):
        self._handle = handle
        self._owner = owner

    @property
    def name(self) -> str:
        return self._handle.name

    @property
    def section(self) -> str:
        return self._handle.section

    @property
    def type(self) -> int:
        return self._handle.prog_type

    @property
    def type_name(self) -> str:
        return prog_type_name(self.type)

    @property
    def fd(self) -> int:
        return self._handle.fd

    def info(self) -> dict:
        """The kernel's view: id, tag, name, sizes, map ids, run statistics (bpf_prog_info)."""
        return sc.prog_info(self.fd)

    @property
    def tag(self) -> str:
        return self.info()["tag"]

    @property
    def id(self) -> int:
        return self.info()["id"]

    def __repr__(self):
        return f"<Program {self.name!r} {self.type_name} fd={self.fd}>"

    # --- attach --------------------------------------------------------------------------
    @property
    def auto_attachable(self) -> bool:
        """The SEC() name says where to attach (``tp/cat/ev``, ``kprobe/func``, ...).

        Only tracing programs qualify: bare sections (``kprobe``, ``uprobe``) name no target,
        and network programs (XDP, tc, cgroup, sockops, sk_skb) need an interface, cgroup or
        socket that only the caller knows.
        """
        return "/" in self.section and self.type in _SELF_TARGETED

    def attach(self) -> Link:
        """Attach as the SEC() name says (libbpf's auto-attach)."""
        from ._libbpf import links as ll
        from .errors import SyscallError
        from .links.base import attach_error

        try:
            handle = ll.attach_auto(self._handle)
        except SyscallError as exc:
            raise attach_error(exc, self.name, f"SEC(\"{self.section}\")") from exc
        if self.section.startswith("usdt"):   # SEC("usdt/binary:provider:name")
            from .links.usdt import UsdtLink

            return self._owner.track(UsdtLink([handle], program=self.name,
                                              target=self.section, kind="usdt"))
        return Link([handle], program=self.name, target=self.section, kind=self.type_name)

    def attach_tracepoint(self, category: str, event: str) -> Link:
        """Tracepoint ``category:event`` (program type tracepoint; kernel 4.7)."""
        return _tp.attach_tracepoint(self, category, event)

    def attach_raw_tracepoint(self, event: str) -> Link:
        """Raw tracepoint ``event`` (program type raw_tracepoint; kernel 4.17)."""
        return _tp.attach_raw_tracepoint(self, event)

    def attach_trace(self) -> Link:
        """tp_btf / fentry / fexit: the target named at load time (kernel 5.5)."""
        return _tp.attach_trace(self)

    def attach_kprobe(self, function: str, offset: int = 0, retprobe: bool = False) -> Link:
        """kprobe/kretprobe on a kernel function (needs kprobes: see features.has_kprobes)."""
        return _kprobe.attach_kprobe(self, function, offset, retprobe)

    def attach_uprobe(self, binary: str, symbol: str | None = None, offset: int = 0, *,
                      pid: int = -1, retprobe: bool = False) -> Link:
        """uprobe/uretprobe at ``symbol`` (+offset) in a binary or library (kernel 4.17)."""
        return _uprobe.attach_uprobe(self, binary, symbol, offset, pid=pid, retprobe=retprobe)

    def attach_usdt(self, binary: str, provider: str, name: str, *, pid: int = -1,
                    cookie: int = 0) -> Link:
        """USDT probe ``provider:name`` in a binary or library, every site of it (libbpf's
        USDT support: uprobes, kernel 4.17; semaphores, 4.20; BPF cookies, 5.15).

        The object must include ``<bpf/usdt.bpf.h>``; the program reads arguments with
        ``bpf_usdt_arg(ctx, n, &value)`` (0-based) and ``cookie`` with
        ``bpf_usdt_cookie(ctx)``. ``pid`` > 0 traces that process only. The link is tracked
        by the Object (closed before it); it has no fd and cannot be pinned.
        """
        from .links import usdt as _usdt

        return _usdt.attach_usdt(self, binary, provider, name, pid=pid, cookie=cookie)

    def attach_perf_event(self, ev_type: int, ev_config: int, *, sample_period: int = 0,
                          sample_freq: int = 0, pid: int = -1, cpu: int = -1) -> Link:
        """A perf event on each CPU (or one); program type perf_event (kernel 4.9)."""
        return _perf.attach_perf_event(self, ev_type, ev_config, sample_period=sample_period,
                                       sample_freq=sample_freq, pid=pid, cpu=cpu)

    # --- attach: network hooks (pybpf.links.xdp / tc / cgroup / socket) -------------------
    def attach_xdp(self, dev, mode: str = "auto", *, netlink: bool = False,
                   replace: bool = False) -> Link:
        """XDP on interface ``dev`` (name or ifindex, this thread's netns; kernel 4.8).

        A bpf_link by default (kernel 5.9): detached when the link closes or the process
        dies, even by ``kill -9``. ``netlink=True`` attaches through the interface instead
        (``ip link``/BCC style), which survives a killed process; see pybpf.links.xdp.
        ``mode``: "auto", "skb" (generic), "drv" (native) or "hw".
        """
        from .links import xdp as _xdp

        return _xdp.attach_xdp(self, dev, mode, netlink=netlink, replace=replace)

    def attach_tc(self, dev, direction: str = "ingress", *, mode: str = "auto",
                  priority: int = 0, handle: int = 0, replace: bool = False) -> Link:
        """tc ``direction`` ("ingress"/"egress") on ``dev``: a tcx link (kernel 6.6) or a
        direct-action filter on a clsact qdisc (kernel 4.5, removed by pybpf); see
        pybpf.links.tc. Program type sched_cls (SEC("tc"))."""
        from .links import tc as _tc

        return _tc.attach_tc(self, dev, direction, mode=mode, priority=priority,
                             handle=handle, replace=replace)

    def attach_cgroup(self, cgroup, attach_type=None, *, legacy: bool = False,
                      flags: int = 0) -> Link:
        """A cgroup v2 hook (cgroup_skb, cgroup/connect4, sock_ops, ...): a bpf_link (kernel
        5.7) or, with ``legacy=True``, BPF_PROG_ATTACH; see pybpf.links.cgroup."""
        from .links import cgroup as _cgroup

        return _cgroup.attach_cgroup(self, cgroup, attach_type, legacy=legacy, flags=flags)

    def attach_socket(self, sock) -> Link:
        """A socket filter on ``sock`` (socket or fd; SO_ATTACH_BPF, kernel 3.19)."""
        from .links import socket as _socket

        return _socket.attach_socket(self, sock)
