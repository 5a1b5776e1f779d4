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

        Bare sections (``kprobe``, ``uprobe``) name no target; XDP and tc programs need an
        interface, which only the caller knows.
        """
        return "/" in self.section and self.type not in (XDP, SCHED_CLS, SCHED_ACT)

    def attach(self) -> Link:
        """Attach as the SEC() name says (libbpf's auto-attach)."""
        from ._libbpf import links as ll
        from .errors import SyscallError
        from .links.base import attach_error

        try:
            handle = ll.attach_auto(self._handle)
        except SyscallError as exc:
            raise attach_error(exc, self.name, f"SEC(\"{self.section}\")") from exc
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

    def attach_perf_event(self, ev_type: int, ev_config: int, *, sample_period: int = 0,
                          sample_freq: int = 0, pid: int = -1, cpu: int = -1) -> Link:
        """A perf event on each CPU (or one); program type perf_event (kernel 4.9)."""
        return _perf.attach_perf_event(self, ev_type, ev_config, sample_period=sample_period,
                                       sample_freq=sample_freq, pid=pid, cpu=cpu)
