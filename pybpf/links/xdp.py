"""XDP: a program on a network interface's receive path, before the kernel allocates an skb.

Two ways to attach, with different lifetimes:

- **bpf_link** (default; kernel 5.9, ``BPF_LINK_CREATE`` with ``BPF_XDP``): the attachment
  lives as long as the link fd. ``close()``, garbage collection, normal exit, an exception,
  SIGTERM, a crash or ``kill -9``: in every case the kernel removes the program, so a dying
  script never leaves a packet-dropping program behind. ``link.pin(path)`` keeps it on purpose.
- **netlink** (``netlink=True``; kernel 4.8, ``IFLA_XDP``, what ``ip link set dev X xdp`` and
  BCC do): the attachment belongs to the interface. pybpf still removes it on ``close()``,
  garbage collection, normal exit and SIGTERM/SIGHUP, but after ``kill -9`` or a crash it
  keeps running. ``link.keep()`` leaves it attached on purpose after the process exits
  (remove it later with :func:`detach_xdp` or ``pybpf net detach``).

Modes: ``"auto"`` (native if the driver has it, else generic), ``"skb"``/``"generic"``
(kernel 4.12), ``"drv"``/``"native"`` (driver support: veth since 4.19), ``"hw"``/``"offload"``.

Everything here acts in the calling thread's network namespace; the attachment remembers
that namespace and detaches there, even when ``close()`` runs from another one (see
:mod:`pybpf.links.netdev`).
"""
from __future__ import annotations

import errno
import os
import warnings

from .._libbpf import links as ll
from .._libbpf import syscalls as sc
from ..errors import AttachError, PybpfError, SyscallError
from .base import Link, attach_error
from .netdev import NetnsRef, exit_guard, resolve_ifindex

BPF_XDP = 37  # enum bpf_attach_type
PROG_TYPE_XDP = 6
XDP_FLAGS_UPDATE_IF_NOEXIST, XDP_FLAGS_SKB_MODE = 1 << 0, 1 << 1
XDP_FLAGS_DRV_MODE, XDP_FLAGS_HW_MODE, XDP_FLAGS_REPLACE = 1 << 2, 1 << 3, 1 << 4
XDP_FLAGS_MODES = XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE | XDP_FLAGS_HW_MODE
MODES = {"auto": 0, "skb": XDP_FLAGS_SKB_MODE, "generic": XDP_FLAGS_SKB_MODE,
         "drv": XDP_FLAGS_DRV_MODE, "native": XDP_FLAGS_DRV_MODE,
         "hw": XDP_FLAGS_HW_MODE, "offload": XDP_FLAGS_HW_MODE}
_ATTACHED = {0: "none", 1: "drv", 2: "skb", 3: "hw", 4: "multi"}  # XDP_ATTACHED_*


class XdpLink(Link):
    """An XDP attachment: ``.ifindex``, ``.ifname``, ``.mode``, ``.netlink``."""

    def __init__(self, handle, *, program: str, ifindex: int, ifname: str, mode: str,
                 netlink: bool):
        how = "netlink" if netlink else "bpf_link"
        super().__init__([handle], program=program, target=f"{ifname} ({mode}, {how})",
                         kind="xdp")
        self.ifindex, self.ifname, self.mode, self.netlink = ifindex, ifname, mode, netlink

    def keep(self) -> None:
        """Leave a netlink attachment in place after close() and process exit."""
        if not self.netlink:
            raise PybpfError("a link-attached XDP program lives as long as its link: pin it "
                             "(link.pin('/sys/fs/bpf/NAME')) or attach with netlink=True")
        self._handles[0].keep()


class _NetlinkXdp:
    """An XDP program attached over netlink, detached (only if still ours) on destroy."""

    def __init__(self, ifindex: int, prog_fd: int, flags: int, netns: "NetnsRef"):
        self._ifindex, self._flags, self._netns = ifindex, flags & XDP_FLAGS_MODES, netns
        self._prog_fd = os.dup(prog_fd)  # detach needs it, whatever happens to the Program
        self._attached = True
        exit_guard.register(self)

    fd = -1  # no link object: the interface holds the program
    pin_path = None

    def pin(self, path):
        raise PybpfError("a netlink XDP attachment has no link to pin; use keep() instead")

    def unpin(self):
        pass

    def keep(self):
        self._attached = False

    def detach(self):
        if not self._attached:
            return
        self._attached = False
        with self._netns.entered():
            try:
                ll.xdp_detach(self._ifindex, self._flags, old_prog_fd=self._prog_fd)
            except SyscallError as exc:
                # ENODEV: the interface is gone; EEXIST: someone replaced our program
                if exc.errno not in (errno.ENODEV, errno.EEXIST, errno.ENOENT):
                    raise

    def destroy(self):
        try:
            self.detach()
        except Exception as exc:  # from a finalizer or close(): say it, never raise
            warnings.warn(f"pybpf: could not detach XDP from ifindex {self._ifindex}: {exc}",
                          RuntimeWarning, stacklevel=2)
        finally:
            if self._prog_fd is not None:
                os.close(self._prog_fd)
                self._prog_fd = None
                self._netns.close()


def attach_xdp(program, dev, mode: str = "auto", *, netlink: bool = False,
               replace: bool = False) -> XdpLink:
    """Attach an XDP program to interface ``dev`` (name or ifindex) in this namespace.

    ``replace`` (netlink only) replaces a program attached over netlink; without it an
    interface that already runs XDP is an AttachError naming that program.
    """
    if mode not in MODES:
        raise PybpfError(f"unknown XDP mode {mode!r} (use one of {', '.join(MODES)})")
    flags = MODES[mode]
    ifindex, ifname = resolve_ifindex(dev)
    target = f"XDP on {ifname} (mode {mode}, {'netlink' if netlink else 'bpf_link'})"
    if program.type != PROG_TYPE_XDP:
        raise AttachError(f"cannot attach program '{program.name}' to {target}: it is a "
                          f"{program.type_name} program; XDP needs SEC(\"xdp\") or "
                          "load_func(name, BPF.XDP)")
    netns = NetnsRef()
    try:
        if netlink:
            ll.xdp_attach(ifindex, program.fd,
                          flags | (0 if replace else XDP_FLAGS_UPDATE_IF_NOEXIST))
            handle = _NetlinkXdp(ifindex, program.fd, flags, netns)
        else:
            handle = ll.FdLinkHandle(sc.link_create(program.fd, ifindex, BPF_XDP, flags))
            netns.close()
    except SyscallError as exc:
        netns.close()
        raise attach_error(exc, program.name, target, _hint(exc, ifindex, mode, netlink)) from exc
    return XdpLink(handle, program=program.name, ifindex=ifindex, ifname=ifname, mode=mode,
                   netlink=netlink)


def attach_xdp_flags(program, dev, flags: int = 0) -> XdpLink:
    """BCC's ``attach_xdp`` flags (XDP_FLAGS_*) on top of :func:`attach_xdp`.

    A bpf_link when the flags allow one; netlink for XDP_FLAGS_REPLACE, on kernels without
    XDP links, or to replace a netlink-attached program (no XDP_FLAGS_UPDATE_IF_NOEXIST), as
    BCC would.
    """
    mode = mode_of_flags(flags)
    if flags & XDP_FLAGS_REPLACE:
        return attach_xdp(program, dev, mode, netlink=True, replace=True)
    try:
        return attach_xdp(program, dev, mode)
    except AttachError as exc:
        busy = exc.errno in (errno.EBUSY, errno.EEXIST)
        if exc.errno != errno.EINVAL and not (busy and not flags & XDP_FLAGS_UPDATE_IF_NOEXIST):
            raise
        try:
            return attach_xdp(program, dev, mode, netlink=True, replace=busy)
        except AttachError:
            raise exc from None


def mode_of_flags(flags: int) -> str:
    if flags & XDP_FLAGS_HW_MODE:
        return "hw"
    if flags & XDP_FLAGS_DRV_MODE:
        return "drv"
    return "skb" if flags & XDP_FLAGS_SKB_MODE else "auto"


def detach_xdp(dev, mode: str = "auto") -> None:
    """Remove whatever XDP program is attached over netlink (``ip link set dev X xdp off``).

    A program attached through a bpf_link cannot be removed this way (EBUSY): close or
    unpin its link.
    """
    ifindex, ifname = resolve_ifindex(dev)
    try:
        ll.xdp_detach(ifindex, MODES[mode])
    except SyscallError as exc:
        hint = ("the program is attached through a bpf_link: close it (or delete its pin)"
                if exc.errno == errno.EBUSY else "")
        raise AttachError(f"cannot remove XDP from {ifname}: {exc.strerror}"
                          + (f"\n{hint}" if hint else "")) from exc


def query_xdp(dev) -> dict:
    """``{"prog_id", "mode", "drv_prog_id", "skb_prog_id", "hw_prog_id"}`` of an interface;
    ``prog_id`` 0 and mode ``"none"`` when it runs no XDP program."""
    ifindex, _ = resolve_ifindex(dev)
    info = ll.xdp_query(ifindex)
    info["mode"] = _ATTACHED.get(info.pop("attach_mode"), "unknown")
    return info


def _hint(exc: SyscallError, ifindex: int, mode: str, netlink: bool) -> str:
    if exc.errno in (errno.EBUSY, errno.EEXIST):
        try:
            current = ll.xdp_query(ifindex)
        except SyscallError:
            current = {}
        prog = current.get("prog_id") or current.get("skb_prog_id") or \
            current.get("drv_prog_id")
        if prog:
            return (f"the interface already runs XDP program id {prog} (`pybpf prog show id "
                    f"{prog}`): close its link, or remove a netlink attachment with "
                    "`pybpf net detach` / detach_xdp(); a netlink attachment can also be "
                    "replaced with netlink=True, replace=True (native and generic XDP "
                    "cannot run at the same time)")
    if exc.errno in (errno.EOPNOTSUPP, errno.EINVAL) and mode in ("hw", "offload"):
        return "hw mode needs a NIC and driver that offload XDP: use mode='drv' or 'skb'"
    if exc.errno == errno.EOPNOTSUPP and mode in ("drv", "native"):
        return "the driver has no native XDP support: use mode='skb' (generic XDP)"
    return ""
