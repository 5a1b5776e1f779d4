"""tc (traffic control) BPF programs on an interface's ingress or egress path.

Programs are ``BPF_PROG_TYPE_SCHED_CLS`` (``SEC("tc")``, ``SEC("tcx/ingress")``, BCC's
``load_func(name, BPF.SCHED_CLS)``) returning ``TC_ACT_OK`` / ``TC_ACT_SHOT`` / ... Two
mechanisms, chosen by ``mode``:

- ``"tcx"`` (kernel 6.6, ``BPF_LINK_CREATE`` with ``BPF_TCX_INGRESS``/``BPF_TCX_EGRESS``):
  a bpf_link, no qdisc. The kernel detaches it when the link fd closes, so it goes away on
  close(), exit, any signal and ``kill -9`` alike.
- ``"netlink"`` (kernel 4.5 for direct action; libbpf's ``bpf_tc_*``): a direct-action
  cls_bpf filter on a ``clsact`` qdisc (kernel 4.5), created if the interface has none. Such
  a filter belongs to the interface and would survive the process, so pybpf removes it
  explicitly: on close(), garbage collection, normal exit and SIGTERM/SIGHUP; the qdisc
  goes too when pybpf created it and its last pybpf filter goes. After ``kill -9`` it stays.
  ``priority``/``handle`` apply to this mode only (0: the kernel chooses).
- ``"auto"`` (default): tcx where the kernel has it, netlink otherwise.

BCC users who add filters themselves with pyroute2 (``load_func(..., BPF.SCHED_CLS)``, then
``ipr.tc("add-filter", "bpf", ..., fd=fn.fd, name=fn.name, direct_action=True)``) keep
doing so; those are theirs to remove.
"""
from __future__ import annotations

import errno
import threading
import warnings

from .._libbpf import links as ll
from .._libbpf import syscalls as sc
from ..errors import AttachError, NotSupportedError, PybpfError, SyscallError
from .base import Link, attach_error
from .netdev import NetnsRef, exit_guard, resolve_ifindex

BPF_TCX_INGRESS, BPF_TCX_EGRESS = 46, 47  # enum bpf_attach_type (6.6)
BPF_TC_INGRESS, BPF_TC_EGRESS = 1, 2      # libbpf's enum bpf_tc_attach_point
PROG_TYPE_SCHED_CLS, PROG_TYPE_SCHED_ACT = 3, 4
# return codes (uapi/linux/pkt_cls.h); TCX_* are the tcx names for the same values
TC_ACT_UNSPEC, TC_ACT_OK, TC_ACT_RECLASSIFY, TC_ACT_SHOT = -1, 0, 1, 2
TC_ACT_PIPE, TC_ACT_STOLEN, TC_ACT_QUEUED, TC_ACT_REPEAT, TC_ACT_REDIRECT = 3, 4, 5, 6, 7
TCX_NEXT, TCX_PASS, TCX_DROP, TCX_REDIRECT = -1, 0, 2, 7
# clsact parents: TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS / TC_H_MIN_EGRESS)
CLSACT_PARENT = {"ingress": 0xFFFFFFF2, "egress": 0xFFFFFFF3}
_DIRECTIONS = {"ingress": (BPF_TCX_INGRESS, BPF_TC_INGRESS),
               "egress": (BPF_TCX_EGRESS, BPF_TC_EGRESS)}

_tcx_supported: bool | None = None   # learnt from the first tcx attach
_qdiscs: dict = {}       # (netns inode, ifindex) -> pybpf filters on a clsact pybpf made
_lock = threading.Lock()


class TcLink(Link):
    """A tc attachment: ``.ifindex``, ``.ifname``, ``.direction``, ``.mode`` ("tcx" or
    "netlink"), and for netlink ``.handle``/``.priority`` as the kernel assigned them."""

    def __init__(self, handle, *, program: str, ifindex: int, ifname: str, direction: str,
                 mode: str):
        super().__init__([handle], program=program,
                         target=f"{ifname} {direction} ({mode})", kind="tc")
        self.ifindex, self.ifname, self.direction, self.mode = ifindex, ifname, direction, mode
        self.handle = getattr(handle, "handle", 0)
        self.priority = getattr(handle, "priority", 0)


class _NetlinkTc:
    """A cls_bpf filter pybpf added; destroy removes it (if it is still ours) and the
    clsact qdisc pybpf created once no pybpf filter uses it."""

    fd = -1
    pin_path = None

    def __init__(self, ifindex, point, handle, priority, prog_id, qdisc_key, netns):
        self.ifindex, self.point, self.handle, self.priority = ifindex, point, handle, priority
        self.prog_id, self._qdisc_key, self._netns = prog_id, qdisc_key, netns
        self._attached = True
        exit_guard.register(self)

    def pin(self, path):
        raise PybpfError("a netlink tc filter has no link to pin (tcx links can be pinned)")

    def unpin(self):
        pass

    def detach(self):
        if not self._attached:
            return
        self._attached = False
        with self._netns.entered():
            try:
                if ll.tc_query(self.ifindex, self.point, self.handle,
                               self.priority) == self.prog_id:
                    ll.tc_detach(self.ifindex, self.point, self.handle, self.priority)
            finally:
                _release_qdisc(self._qdisc_key)

    def destroy(self):
        try:
            self.detach()
        except Exception as exc:  # from a finalizer or close(): say it, never raise
            warnings.warn(f"pybpf: could not remove tc filter from ifindex {self.ifindex}: "
                          f"{exc}", RuntimeWarning, stacklevel=2)
        finally:
            self._netns.close()


def _release_qdisc(key) -> None:
    with _lock:
        if key not in _qdiscs:
            return
        _qdiscs[key] -= 1
        if _qdiscs[key] > 0:
            return
        del _qdiscs[key]
    try:
        # filters someone else added to "our" qdisc since would go with it: keep it then
        if any(f["mode"] == "netlink" for d in _DIRECTIONS for f in query_tc(key[1], d)):
            return
    except Exception:  # noqa: BLE001 - cannot tell: removing what we made is the safer leak
        pass
    try:
        ll.tc_hook_destroy(key[1], BPF_TC_INGRESS | BPF_TC_EGRESS)
    except SyscallError as exc:
        if exc.errno not in (errno.ENODEV, errno.ENOENT, errno.EINVAL):
            raise


def attach_tc(program, dev, direction: str = "ingress", *, mode: str = "auto",
              priority: int = 0, handle: int = 0, replace: bool = False) -> TcLink:
    """Attach a sched_cls program to ``dev`` (name or ifindex, this namespace)."""
    global _tcx_supported
    if direction not in _DIRECTIONS:
        raise PybpfError(f"tc direction must be 'ingress' or 'egress', not {direction!r}")
    if mode not in ("auto", "tcx", "netlink"):
        raise PybpfError(f"tc mode must be 'auto', 'tcx' or 'netlink', not {mode!r}")
    ifindex, ifname = resolve_ifindex(dev)
    target = f"tc {direction} on {ifname}"
    if program.type != PROG_TYPE_SCHED_CLS:
        hint = (" (sched_act programs are tc actions: add them with pyroute2, "
                "action={'kind': 'bpf', 'fd': fn.fd, ...})"
                if program.type == PROG_TYPE_SCHED_ACT else "")
        raise AttachError(f"cannot attach program '{program.name}' to {target}: it is a "
                          f"{program.type_name} program; tc needs SEC(\"tc\") or "
                          f"load_func(name, BPF.SCHED_CLS){hint}")
    tcx_type, point = _DIRECTIONS[direction]
    if mode in ("auto", "tcx") and _tcx_supported is not False:
        try:
            fd = sc.link_create(program.fd, ifindex, tcx_type)
        except SyscallError as exc:
            if exc.errno != errno.EINVAL or _tcx_supported:
                raise attach_error(exc, program.name, f"{target} (tcx)") from exc
            _tcx_supported = False
        else:
            _tcx_supported = True
            return TcLink(ll.FdLinkHandle(fd), program=program.name, ifindex=ifindex,
                          ifname=ifname, direction=direction, mode="tcx")
    if mode == "tcx":
        raise NotSupportedError(f"cannot attach program '{program.name}' to {target}: tcx "
                                "links need kernel 6.6; use mode='netlink' (clsact qdisc)")
    return _attach_netlink(program, ifindex, ifname, direction, point, priority, handle,
                           replace)


def _attach_netlink(program, ifindex, ifname, direction, point, priority, handle, replace):
    netns = NetnsRef()
    key = (netns.ino, ifindex)
    target = f"tc {direction} on {ifname} (clsact qdisc, netlink)"
    try:
        with _lock:
            if ll.tc_hook_create(ifindex, point):
                _qdiscs[key] = 0
            if key in _qdiscs:
                _qdiscs[key] += 1
        try:
            h, prio, prog_id = ll.tc_attach(ifindex, point, program.fd, handle, priority,
                                            replace)
        except BaseException:
            _release_qdisc(key)
            raise
    except SyscallError as exc:
        netns.close()
        hint = ("a filter with this handle and priority exists: pass replace=True or "
                "other values" if exc.errno == errno.EEXIST else "")
        raise attach_error(exc, program.name, target, hint) from exc
    handle_obj = _NetlinkTc(ifindex, point, h, prio, prog_id, key, netns)
    return TcLink(handle_obj, program=program.name, ifindex=ifindex, ifname=ifname,
                  direction=direction, mode="netlink")


def query_tc(dev, direction: str = "ingress") -> list[dict]:
    """Programs on ``dev``'s ingress/egress: tcx links (``{"mode": "tcx", "prog_id"}``) and
    cls_bpf filters on a clsact qdisc (``{"mode": "netlink", "prog_id", "name", "handle",
    "priority"}``). Listing filters uses pyroute2."""
    ifindex, _ = resolve_ifindex(dev)
    out = []
    try:
        _, ids = sc.prog_query(ifindex, _DIRECTIONS[direction][0])
        out += [{"mode": "tcx", "prog_id": i} for i in ids]
    except SyscallError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOENT):
            raise
    from pyroute2 import IPRoute

    with IPRoute() as ipr:
        if not has_clsact(ifindex, ipr):
            return out
        filters = list(ipr.get_filters(index=ifindex, parent=CLSACT_PARENT[direction]))
    for f in filters:
        opts = f.get_attr("TCA_OPTIONS")
        if f.get_attr("TCA_KIND") != "bpf" or opts is None:
            continue  # other classifiers, and the per-priority header entries
        handle, priority = f["handle"], f["info"] >> 16
        # pyroute2 does not decode TCA_BPF_ID: ask libbpf for the filter's program
        prog_id = ll.tc_query(ifindex, _DIRECTIONS[direction][1], handle, priority)
        out.append({"mode": "netlink", "prog_id": prog_id,
                    "name": opts.get_attr("TCA_BPF_NAME"), "handle": handle,
                    "priority": priority})
    return out


def has_clsact(dev, ipr=None) -> bool:
    """Whether ``dev`` has a clsact qdisc (what `tc qdisc show dev X` would list)."""
    ifindex = dev if isinstance(dev, int) else resolve_ifindex(dev)[0]
    if ipr is None:
        from pyroute2 import IPRoute

        with IPRoute() as own:
            return has_clsact(ifindex, own)
    return any(q.get_attr("TCA_KIND") == "clsact" for q in ipr.get_qdiscs(index=ifindex))
