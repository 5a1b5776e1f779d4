"""``pybpf net``: programs on network interfaces (XDP, tc/tcx, flow dissector).

``net attach`` attaches the way bpftool does: XDP through netlink and tcx with
BPF_PROG_ATTACH, so the program stays on the interface after pybpf exits, until
``net detach`` (or the interface goes away). Everything happens in pybpf's own network
namespace: run it under ``nsenter --net=...`` for another one.
"""
from __future__ import annotations

import errno
import os
import socket

from . import refs
from .grammar import Args, CliError
from .render import Result

USAGE = """\
Usage: pybpf net { show | list } [dev NAME]
       pybpf net attach ATTACH_TYPE PROG dev NAME [overwrite]
       pybpf net detach ATTACH_TYPE dev NAME
       ATTACH_TYPE := { xdp | xdpgeneric | xdpdrv | xdpoffload | tcx_ingress | tcx_egress }
       PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }
       WARNING: an XDP program that drops packets on the interface you are logged in
       through cuts you off; try programs on a veth pair in a network namespace first."""

XDP_FLAGS_UPDATE_IF_NOEXIST, XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE, XDP_FLAGS_HW_MODE = \
    1, 2, 4, 8
ATTACH_TYPES = {"xdp": 0, "xdpgeneric": XDP_FLAGS_SKB_MODE, "xdpdrv": XDP_FLAGS_DRV_MODE,
                "xdpoffload": XDP_FLAGS_HW_MODE, "tcx_ingress": 46, "tcx_egress": 47}
XDP_MODES = {1: "driver", 2: "generic", 3: "offload"}   # XDP_ATTACHED_*
BPF_FLOW_DISSECTOR = 17


def _ifindex(name: str) -> int:
    try:
        return socket.if_nametoindex(name)
    except OSError:
        raise CliError(f"no interface named {name!r} in this network namespace") from None


def _prog_name(prog_id: int) -> str:
    from .._libbpf import syscalls as sc

    try:
        fd = sc.fd_by_id("prog", prog_id)
    except OSError:
        return ""
    try:
        return sc.prog_info(fd)["name"]
    finally:
        os.close(fd)


def xdp_entries(ifindex: int, name: str) -> list[dict]:
    from .._libbpf import links as ll

    q = ll.xdp_query(ifindex)
    mode = q["attach_mode"]
    if mode == 0:
        return []
    if mode == 4:   # XDP_ATTACHED_MULTI: one entry per mode
        pairs = [("generic", q["skb_prog_id"]), ("driver", q["drv_prog_id"]),
                 ("offload", q["hw_prog_id"])]
    else:
        pairs = [(XDP_MODES.get(mode, str(mode)), q["prog_id"])]
    return [{"devname": name, "ifindex": ifindex, "mode": m, "id": pid}
            for m, pid in pairs if pid]


def tc_entries(ifindex: int, name: str, links: list[dict]) -> list[dict]:
    from .._libbpf import syscalls as sc
    from ..errors import SyscallError

    out = []
    for direction, atype in (("ingress", 46), ("egress", 47)):
        try:
            _, ids = sc.prog_query(ifindex, atype)
        except SyscallError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOENT, errno.EOPNOTSUPP):
                raise
            ids = []
        for pid in ids:
            rec = {"devname": name, "ifindex": ifindex, "kind": f"tcx/{direction}",
                   "name": _prog_name(pid), "prog_id": pid}
            for link in links:
                if link.get("type") == "tcx" and link.get("ifindex") == ifindex and \
                        link.get("prog_id") == pid and \
                        str(link.get("attach_type", "")).endswith(direction):
                    rec["link_id"] = link["id"]
            out.append(rec)
        out += [{"devname": name, "ifindex": ifindex, "kind": f"clsact/{direction}",
                 "name": f.get("name") or "", "id": f["prog_id"]}
                for f in _clsact_filters(ifindex, direction)]
    return out


def _clsact_filters(ifindex: int, direction: str) -> list[dict]:
    from ..errors import PybpfError

    try:
        from pyroute2.netlink.exceptions import NetlinkError

        from ..links.tc import query_tc
    except ImportError:      # no pyroute2: tcx links are still listed
        return []
    try:
        return [f for f in query_tc(ifindex, direction) if f.get("mode") == "netlink"]
    except (NetlinkError, PybpfError):    # the interface went away while we looked
        return []


def do_list(args: Args, ctx) -> Result:
    from .info import link_record

    dev = None
    if args.accept("dev"):
        dev = args.next("interface name")
    args.done()
    ifaces = [(_ifindex(dev), dev)] if dev else sorted(socket.if_nameindex())
    with refs.Fds() as fds:
        links = [link_record(fd) for fd in fds.all("link")]
    xdp, tc = [], []
    for ifindex, name in ifaces:
        xdp += xdp_entries(ifindex, name)
        tc += tc_entries(ifindex, name, links)
    data = {"xdp": xdp, "tc": tc, "flow_dissector": _flow_dissector(),
            "netfilter": [{k: v for k, v in link.items() if k != "type"}
                          for link in links if link.get("type") == "netfilter"]}
    return Result([data], net_text)


def _flow_dissector() -> list[dict]:
    from .._libbpf import syscalls as sc

    fd = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    try:
        _, ids = sc.prog_query(fd, BPF_FLOW_DISSECTOR)
    except OSError:
        ids = []
    finally:
        os.close(fd)
    return [{"id": i} for i in ids]


def net_text(data: list[dict]) -> str:
    """bpftool's plain ``net show``: one section per hook."""
    d = data[0]
    out = ["xdp:"]
    out += [f"{e['devname']}({e['ifindex']}) {e['mode']} id {e['id']}" for e in d["xdp"]]
    out += ["", "tc:"]
    for e in d["tc"]:
        ident = (f"prog_id {e['prog_id']}" + (f" link_id {e['link_id']}" if "link_id" in e
                                               else "")) if "prog_id" in e else f"id {e['id']}"
        out.append(f"{e['devname']}({e['ifindex']}) {e['kind']} {e['name']} {ident}")
    out += ["", "flow_dissector:"]
    out += [f"id {e['id']}" for e in d["flow_dissector"]]
    out += ["", "netfilter:"]
    out += [f"pf {e['pf']} hook {e['hook']} prio {e['prio']} prog_id {e['prog_id']}"
            for e in d["netfilter"]]
    return "\n".join(out) + "\n"


def _target(args: Args, with_prog: bool):
    kind = args.expect(*ATTACH_TYPES)
    ref = refs.parse(args, "prog") if with_prog else None
    args.expect("dev")
    dev = args.next("interface name")
    return kind, ref, dev


def do_attach(args: Args, ctx):
    from .._libbpf import links as ll
    from .._libbpf import syscalls as sc
    from ..errors import SyscallError

    kind, ref, dev = _target(args, with_prog=True)
    overwrite = args.accept("overwrite") is not None
    args.done()
    ifindex = _ifindex(dev)
    with refs.Fds() as fds:
        fd = fds.open_one(ref)
        try:
            if kind.startswith("xdp"):
                flags = ATTACH_TYPES[kind] | (0 if overwrite else XDP_FLAGS_UPDATE_IF_NOEXIST)
                ll.xdp_attach(ifindex, fd, flags)
            else:
                if overwrite:
                    raise CliError("'overwrite' is not supported for tcx: detach first")
                sc.prog_attach(fd, ifindex, ATTACH_TYPES[kind])
        except SyscallError as exc:
            hint = ""
            if exc.errno in (errno.EEXIST, errno.EBUSY):
                hint = f": {dev} already has a program there (use 'overwrite' to replace it)"
            elif exc.errno == errno.EINVAL:
                hint = ": wrong program type for this hook?"
            raise CliError(f"can't attach to {dev} ({kind}): "
                           f"{os.strerror(exc.errno)}{hint}") from exc
    return None


def do_detach(args: Args, ctx):
    from .._libbpf import links as ll
    from .._libbpf import syscalls as sc
    from ..errors import SyscallError

    kind, _, dev = _target(args, with_prog=False)
    args.done()
    ifindex = _ifindex(dev)
    try:
        if kind.startswith("xdp"):
            ll.xdp_detach(ifindex, ATTACH_TYPES[kind])
            return None
        _, ids = sc.prog_query(ifindex, ATTACH_TYPES[kind])
        with refs.Fds() as fds:
            for pid in ids:
                sc.prog_detach(fds.by_id("prog", pid), ifindex, ATTACH_TYPES[kind])
    except SyscallError as exc:
        raise CliError(f"can't detach from {dev} ({kind}): {os.strerror(exc.errno)}") from exc
    return None


COMMANDS = {"show": do_list, "list": do_list, "attach": do_attach, "detach": do_detach}
DEFAULT = "show"
