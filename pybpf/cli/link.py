"""``pybpf link``: list, show, pin and detach BPF links."""
from __future__ import annotations

import os

from . import refs
from .grammar import Args, CliError
from .info import Extras, link_record
from .render import Result

USAGE = """\
Usage: pybpf link { show | list } [LINK]
       pybpf link pin    LINK FILE
       pybpf link detach LINK
       LINK := { id LINK_ID | pinned FILE }"""

_HEAD = ("id", "type", "prog_id", "pinned", "pids")


def link_text(rec: dict) -> str:
    """bpftool's plain ``link show`` layout: a header line, then the per-type details."""
    kind = rec["type"] if isinstance(rec["type"], str) else f"type {rec['type']}"
    lines = [f"{rec['id']}: {kind}  prog {rec['prog_id']}"]
    details = []
    for key, value in rec.items():
        if key in _HEAD:
            continue
        if key == "tp_name":
            details.append(f"tp '{value}'")
        elif key == "devname":
            details.append(f"ifindex {value}({rec.get('ifindex')})")
        elif key == "ifindex":
            continue
        else:
            details.append(f"{key} {value}")
    if details:
        lines.append("\t" + "  ".join(details))
    lines += [f"\tpinned {p}" for p in rec.get("pinned", [])]
    if rec.get("pids"):
        lines.append("\tpids " + ", ".join(f"{p['comm']}({p['pid']})" for p in rec["pids"]))
    return "\n".join(lines)


def do_show(args: Args, ctx) -> Result:
    ref = refs.maybe_parse(args, "link")
    args.done()
    extras = Extras(with_pins=ctx.opts.bpffs)
    with refs.Fds() as fds:
        recs = [link_record(fd, extras) for fd in (fds.open(ref) if ref else fds.all("link"))]
    if ref is not None:
        return Result(recs[0], link_text)
    return Result(recs, lambda rs: "\n".join(link_text(r) for r in rs))


def do_pin(args: Args, ctx):
    from .._libbpf import syscalls as sc
    from .prog import _pin

    ref = refs.parse(args, "link")
    path = args.next("FILE (a path under bpffs)")
    args.done()
    with refs.Fds() as fds:
        _pin(sc, fds.open_one(ref), path)
    return None


def do_detach(args: Args, ctx):
    from .._libbpf import syscalls as sc
    from ..errors import SyscallError

    ref = refs.parse(args, "link")
    args.done()
    with refs.Fds() as fds:
        fd = fds.open_one(ref)
        try:
            sc.link_detach(fd)
        except SyscallError as exc:
            raise CliError(f"link detach failed: {os.strerror(exc.errno)}") from exc
    return None


COMMANDS = {"show": do_show, "list": do_show, "pin": do_pin, "detach": do_detach}
DEFAULT = "show"
