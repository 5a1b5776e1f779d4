"""``pybpf prog``: list, show, load and pin programs; dump their xlated and JIT code."""
from __future__ import annotations

import os

from . import refs
from .grammar import Args, CliError, UsageError
from .info import Extras, local_time, prog_record
from .render import Result

USAGE = """\
Usage: pybpf prog { show | list } [PROG]
       pybpf prog dump xlated PROG [{ file FILE | [opcodes] [linum] }]
       pybpf prog dump jited  PROG [{ file FILE | [opcodes] [linum] }]
       pybpf prog pin   PROG FILE
       pybpf prog { load | loadall } OBJ PATH [type TYPE] [map { idx IDX | name NAME } MAP]
                        [pinmaps MAP_DIR] [autoattach]
       pybpf prog tracelog [count N] [timeout SECONDS]
       PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }
       MAP := { id MAP_ID | pinned FILE | name MAP_NAME }
       OBJ := a BPF ELF object (.o) or a libbpf-style C file (.bpf.c, compiled by pybpf)
       TYPE := a program type or SEC() prefix: xdp, tc, tracepoint, raw_tracepoint, ..."""


# --- show / list ---------------------------------------------------------------------------

def prog_text(rec: dict) -> str:
    """bpftool's plain ``prog show`` layout of one record."""
    kind = rec["type"] if isinstance(rec["type"], str) else f"type {rec['type']}"
    head = f"{rec['id']}: {kind}  "
    if "name" in rec:
        head += f"name {rec['name']}  "
    head += f"tag {rec['tag']}"
    if "dev" in rec:
        head += f"  offloaded_to {rec['dev']['ifname']}"
    if rec.get("gpl_compatible"):
        head += "  gpl"
    if "run_time_ns" in rec:
        head += f" run_time_ns {rec['run_time_ns']} run_cnt {rec['run_cnt']}"
    if "recursion_misses" in rec:
        head += f" recursion_misses {rec['recursion_misses']}"
    lines = [head]
    if "loaded_at" in rec:
        lines.append(f"\tloaded_at {local_time(rec['loaded_at'])}  uid {rec['uid']}")
    sizes = f"\txlated {rec['bytes_xlated']}B"
    sizes += f"  jited {rec['bytes_jited']}B" if rec.get("jited") else "  not jited"
    if "bytes_memlock" in rec:
        sizes += f"  memlock {rec['bytes_memlock']}B"
    if rec.get("map_ids"):
        sizes += "  map_ids " + ",".join(str(m) for m in rec["map_ids"])
    lines.append(sizes)
    lines += [f"\tpinned {p}" for p in rec.get("pinned", [])]
    if "btf_id" in rec:
        lines.append(f"\tbtf_id {rec['btf_id']}")
    if rec.get("pids"):
        lines.append("\tpids " + ", ".join(f"{p['comm']}({p['pid']})" for p in rec["pids"]))
    return "\n".join(lines)


def records_text(recs) -> str:
    return "\n".join(prog_text(r) for r in recs)


def do_show(args: Args, ctx) -> Result:
    ref = refs.maybe_parse(args, "prog")
    args.done()
    extras = Extras(with_pins=ctx.opts.bpffs)
    with refs.Fds() as fds:
        opened = fds.open(ref) if ref else fds.all("prog")
        recs = [prog_record(fd, extras) for fd in opened]
    if ref is not None and len(recs) == 1:
        return Result(recs[0], prog_text)   # one object: one JSON object, as bpftool
    return Result(recs, records_text)


# --- dump ----------------------------------------------------------------------------------

def do_dump(args: Args, ctx) -> Result:
    mode = args.expect("xlated", "jited")
    ref = refs.parse(args, "prog")
    path = None
    opcodes = linum = False
    while args:
        kw = args.expect("file", "opcodes", "linum", "visual")
        if kw == "file":
            path = args.next("file name")
        elif kw == "opcodes":
            opcodes = True
        elif kw == "linum":
            linum = True
        else:
            raise CliError("'visual' (a DOT control-flow graph) is not implemented")
    if path and (opcodes or linum):
        raise UsageError("'file' cannot be combined with 'opcodes' or 'linum'")
    from .progdata import ProgramCode, jited_text
    from .xlated import text as xlated_text

    with refs.Fds() as fds:
        codes = [ProgramCode(fd) for fd in fds.open(ref)]
    if path:
        if len(codes) != 1:
            raise CliError(f"several programs match {ref}: 'file' needs exactly one")
        key = "xlated_prog_insns" if mode == "xlated" else "jited_prog_insns"
        with open(path, "wb") as f:
            f.write(codes[0].code[key])
        return None if not ctx.opts.json else Result(None)
    dumps = []
    for code in codes:
        if mode == "jited" and not code.code["jited_prog_insns"]:
            raise CliError(f"program {code.info['id']} is not JIT-compiled: no instructions")
        dumps.append(code.xlated(opcodes, linum) if mode == "xlated"
                     else code.jited(opcodes, linum))
    render = xlated_text if mode == "xlated" else jited_text
    if len(dumps) == 1:
        return Result(dumps[0], render)
    return Result(dumps, lambda ds: "\n\n".join(render(d) for d in ds))


# --- pin / load ----------------------------------------------------------------------------

def do_pin(args: Args, ctx):
    ref = refs.parse(args, "prog")
    path = args.next("FILE (a path under bpffs)")
    args.done()
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        fd = fds.open_one(ref)
        _pin(sc, fd, path)
    return None


def _pin(sc, fd: int, path: str) -> None:
    from ..errors import SyscallError

    try:
        sc.obj_pin(fd, path)
    except SyscallError as exc:
        hint = ""
        if exc.errno == 1 and "." in os.path.basename(path):
            hint = " (bpffs names cannot contain '.')"
        elif exc.errno in (1, 2, 22):
            hint = " (is it a path under a mounted bpffs, such as /sys/fs/bpf?)"
        raise CliError(f"can't pin the object ({path}): {os.strerror(exc.errno)}{hint}") \
            from exc


def _parse_load(args: Args):
    obj = args.next("OBJ (a .o or .bpf.c file)")
    path = args.next("PATH (where to pin)")
    opts = {"type": None, "maps": [], "pinmaps": None, "autoattach": False}
    while args:
        kw = args.expect("type", "map", "pinmaps", "autoattach", "dev", "offload_dev",
                         "xdpmeta_dev")
        if kw == "type":
            opts["type"] = args.next("program type")
        elif kw == "map":
            sel = args.expect("idx", "name")
            key = args.next_int("map index") if sel == "idx" else args.next("map name")
            opts["maps"].append((sel, key, refs.parse(args, "map")))
        elif kw == "pinmaps":
            opts["pinmaps"] = args.next("MAP_DIR")
        elif kw == "autoattach":
            opts["autoattach"] = True
        else:
            raise CliError(f"'{kw}' (hardware offload) is not supported")
    return obj, path, opts


def _prog_type(name: str):
    from .._libbpf.objects import prog_type_by_section

    found = prog_type_by_section(name) or prog_type_by_section(name + "/")
    if found is None:
        raise CliError(f"unknown program type {name!r}")
    return found


def _open_object(path: str):
    from ..object import Object

    if not os.path.exists(path):
        raise CliError(f"can't open {path}: no such file")
    return Object.open(os.path.abspath(path))


def _load(args: Args, ctx, load_all: bool):
    from .._libbpf import syscalls as sc

    obj_path, path, opts = _parse_load(args)
    obj = _open_object(obj_path)
    with obj, refs.Fds() as fds:
        handles = obj.program_handles()
        if not handles:
            raise CliError(f"{obj_path} has no programs")
        first = next(iter(handles))
        for name, h in handles.items():
            if not load_all:
                h.autoload = name == first
            if opts["type"]:
                h.prog_type, h.expected_attach_type = _prog_type(opts["type"])
        map_handles = list(obj.map_handles().values())
        for sel, key, ref in opts["maps"]:
            target = ([m for m in map_handles if m.name == key] if sel == "name"
                      else map_handles[key:key + 1] if 0 <= key < len(map_handles) else [])
            if not target:
                raise CliError(f"no map {sel} {key} in {obj_path}")
            target[0].reuse_fd(fds.open_one(ref))
        obj.load()
        progs = obj.programs
        if load_all:
            os.makedirs(path, exist_ok=True)
        for name, prog in progs.items():
            where = os.path.join(path, name) if load_all else path
            if opts["autoattach"] and prog.auto_attachable:
                link = prog.attach()
                try:
                    link.pin(where)
                finally:
                    link.close()
            else:
                _pin(sc, prog.fd, where)
        if opts["pinmaps"]:
            os.makedirs(opts["pinmaps"], exist_ok=True)
            for name, m in obj.maps.items():   # bpffs refuses dots: libbpf's "_" names
                _pin(sc, m.fd, os.path.join(opts["pinmaps"], name.replace(".", "_")))
    return None


def do_load(args: Args, ctx):
    return _load(args, ctx, load_all=False)


def do_loadall(args: Args, ctx):
    return _load(args, ctx, load_all=True)


def do_tracelog(args: Args, ctx):
    from .trace import trace_result

    return trace_result(args, ctx)


COMMANDS = {"show": do_show, "list": do_show, "dump": do_dump, "pin": do_pin,
            "load": do_load, "loadall": do_loadall, "tracelog": do_tracelog}
DEFAULT = "show"
