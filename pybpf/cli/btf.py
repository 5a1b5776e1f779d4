"""``pybpf btf``: list BTF objects and dump them as raw types or as C (``vmlinux.h``)."""
from __future__ import annotations

import os
import shutil
import tempfile

from . import refs
from .btfdump import RawBtf
from .grammar import Args, CliError, UsageError
from .render import Result

USAGE = """\
Usage: pybpf btf { show | list } [id BTF_ID]
       pybpf btf dump BTF_SRC [format { raw | c }]
       BTF_SRC := { id BTF_ID | prog PROG | map MAP [{ key | value | kv | all }] | file FILE }
       `pybpf btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h` writes the
       header libbpf-style programs include."""

VMLINUX = "/sys/kernel/btf/vmlinux"


def _btf_fd(fds: refs.Fds, ident: int) -> int:
    return fds.by_id("btf", ident)


def do_show(args: Args, ctx) -> Result:
    from .._libbpf import syscalls as sc

    only = None
    if args.accept("id"):
        only = args.next_int("BTF id")
    args.done()
    users: dict[int, dict[str, list]] = {}
    with refs.Fds() as fds:
        for kind, info in (("prog", sc.prog_info), ("map", sc.map_info)):
            for fd in fds.all(kind):
                rec = info(fd)
                if rec["btf_id"]:
                    users.setdefault(rec["btf_id"], {"prog": [], "map": []})[kind] \
                        .append(rec["id"])
        ids = [only] if only is not None else sc.object_ids("btf")
        recs = []
        for ident in ids:
            info = sc.btf_info_raw(_btf_fd(fds, ident))
            rec = {"id": ident, "size": len(info["data"]),
                   "prog_ids": users.get(ident, {}).get("prog", []),
                   "map_ids": users.get(ident, {}).get("map", []),
                   "kernel": info["kernel_btf"]}
            if info["name"]:
                rec["name"] = info["name"]
            recs.append(rec)
    if only is not None:
        return Result(recs[0], btf_text)
    return Result(recs, lambda rs: "\n".join(btf_text(r) for r in rs))


def btf_text(rec: dict) -> str:
    name = f"[{rec['name']}]" if rec.get("kernel") and "name" in rec else \
        rec.get("name", "<anon>")
    out = f"{rec['id']}: name {name}  size {rec['size']}B"
    if rec["prog_ids"]:
        out += "  prog_ids " + ",".join(map(str, rec["prog_ids"]))
    if rec["map_ids"]:
        out += "  map_ids " + ",".join(map(str, rec["map_ids"]))
    return out


def _load_file(path: str) -> RawBtf:
    """Raw BTF (``/sys/kernel/btf/*``) or the .BTF section of an ELF object."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise CliError(f"can't read {path}: {exc.strerror}") from exc
    if data[:4] == b"\x7fELF":
        from .._libbpf.btf import Btf

        btf = Btf.from_file(path)
        try:
            data = btf.raw_data()
        finally:
            btf.close()
    base = None
    if os.path.dirname(os.path.abspath(path)) == "/sys/kernel/btf" and \
            os.path.basename(path) != "vmlinux":
        base = _vmlinux()
    return RawBtf(data, base)


def _vmlinux() -> RawBtf:
    with open(VMLINUX, "rb") as f:
        return RawBtf(f.read())


def _load_id(ident: int) -> tuple[RawBtf, str]:
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        info = sc.btf_info_raw(_btf_fd(fds, ident))
    base = _vmlinux() if info["kernel_btf"] and info["name"] != "vmlinux" else None
    return RawBtf(info["data"], base), info["name"]


def do_dump(args: Args, ctx):
    from .._libbpf import syscalls as sc

    src = args.expect("id", "prog", "map", "file")
    only_types = None
    path = None
    with refs.Fds() as fds:
        if src == "id":
            ident = args.next_int("BTF id")
        elif src == "file":
            path = args.next("FILE")
            ident = None
        elif src == "prog":
            info = sc.prog_info(fds.open_one(refs.parse(args, "prog")))
            ident = info["btf_id"]
        else:
            info = sc.map_info(fds.open_one(refs.parse(args, "map")))
            ident = info["btf_id"]
            which = args.accept("key", "value", "kv", "all") or "all"
            if which != "all":
                only_types = [info["btf_key_type_id"]] if which == "key" else \
                    [info["btf_value_type_id"]] if which == "value" else \
                    [info["btf_key_type_id"], info["btf_value_type_id"]]
        if src in ("prog", "map") and not ident:
            raise CliError(f"the {src} has no BTF")
    fmt = "raw"
    if args.accept("format"):
        fmt = args.expect("raw", "c")
    args.done()
    if fmt == "c":
        if ctx.opts.json:
            raise UsageError("format c cannot be combined with JSON output")
        return _dump_c(path, ident, ctx.out.out)
    btf = _load_file(path) if path else _load_id(ident)[0]
    ids = [t for t in (only_types or btf.ids()) if t]
    recs = [btf.raw_record(t) for t in ids]
    return Result({"types": recs}, lambda d: "\n".join(raw_text(btf, r) for r in d["types"]))


def _dump_c(path: str | None, ident: int | None, out) -> int:
    """Write the C header through libbpf's btf_dump to ``out``."""
    from .._libbpf.btf import Btf

    btf = Btf.from_file(path) if path else Btf.from_kernel_id(ident)
    try:
        fd, tmp = tempfile.mkstemp(prefix="pybpf-btf-", suffix=".h")
        os.close(fd)
        try:
            btf.write_c_header(tmp)
            out.flush()
            with open(tmp, "rb") as f:
                if hasattr(out, "buffer"):
                    shutil.copyfileobj(f, out.buffer)
                    out.buffer.flush()
                else:
                    out.write(f.read().decode(errors="replace"))
        finally:
            os.unlink(tmp)
    finally:
        btf.close()
    return 0


def raw_text(btf: RawBtf, rec: dict) -> str:
    """bpftool's plain raw format for one :meth:`RawBtf.raw_record`."""
    head = f"[{rec['id']}] {rec['kind']} '{rec['name']}'"
    k = rec["kind"]
    if k == "INT":
        return (f"{head} size={rec['size']} bits_offset={rec['bits_offset']} "
                f"nr_bits={rec['nr_bits']} encoding={rec['encoding']}")
    if k in ("PTR", "CONST", "VOLATILE", "RESTRICT", "TYPEDEF", "TYPE_TAG"):
        return f"{head} type_id={rec['type_id']}"
    if k == "ARRAY":
        return (f"{head} type_id={rec['type_id']} index_type_id={rec['index_type_id']} "
                f"nr_elems={rec['nr_elems']}")
    if k in ("STRUCT", "UNION"):
        lines = [f"{head} size={rec['size']} vlen={rec['vlen']}"]
        for m in rec["members"]:
            extra = f" bitfield_size={m['bitfield_size']}" if "bitfield_size" in m else ""
            lines.append(f"\t'{m['name']}' type_id={m['type_id']} "
                         f"bits_offset={m['bits_offset']}{extra}")
        return "\n".join(lines)
    if k in ("ENUM", "ENUM64"):
        lines = [f"{head} encoding={rec['encoding']} size={rec['size']} vlen={rec['vlen']}"]
        suffix = ("LL" if rec["encoding"] == "SIGNED" else "ULL") if k == "ENUM64" else ""
        lines += [f"\t'{v['name']}' val={v['val']}{suffix}" for v in rec["values"]]
        return "\n".join(lines)
    if k == "FWD":
        return f"{head} fwd_kind={rec['fwd_kind']}"
    if k == "FUNC":
        return f"{head} type_id={rec['type_id']} linkage={rec['linkage']}"
    if k == "FUNC_PROTO":
        lines = [f"{head} ret_type_id={rec['ret_type_id']} vlen={rec['vlen']}"]
        lines += [f"\t'{p['name']}' type_id={p['type_id']}" for p in rec["params"]]
        return "\n".join(lines)
    if k == "VAR":
        return f"{head} type_id={rec['type_id']}, linkage={rec['linkage']}"
    if k == "DATASEC":
        lines = [f"{head} size={rec['size']} vlen={rec['vlen']}"]
        for v in rec["vars"]:
            var = btf.type(v["type_id"])
            lines.append(f"\ttype_id={v['type_id']} offset={v['offset']} "
                         f"size={v['size']} ({var.kind_name} '{var.name}')")
        return "\n".join(lines)
    if k == "FLOAT":
        return f"{head} size={rec['size']}"
    if k == "DECL_TAG":
        return f"{head} type_id={rec['type_id']} component_idx={rec['component_idx']}"
    return head


COMMANDS = {"show": do_show, "list": do_show, "dump": do_dump}
DEFAULT = "show"
