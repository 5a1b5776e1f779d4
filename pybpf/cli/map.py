"""``pybpf map``: list, show, dump, look up, update, delete and pin maps.

Dumps and lookups are formatted with the map's BTF when it has one (``.bss`` shows
``{"counter": 3}``, ``.rodata`` the format string), as hex bytes otherwise; the JSON form
always carries the raw bytes and, with BTF, a ``formatted`` copy (bpftool's layout).
"""
from __future__ import annotations

import json
import os

from . import refs
from .btfdump import RawBtf, fprint_hex, hex_bytes
from .grammar import Args, CliError, UsageError, parse_int
from .info import Extras, map_record
from .render import Result

USAGE = """\
Usage: pybpf map { show | list } [MAP]
       pybpf map dump    MAP
       pybpf map lookup  MAP [key DATA]
       pybpf map getnext MAP [key DATA]
       pybpf map update  MAP [key DATA] [value VALUE] [UPDATE_FLAGS]
       pybpf map delete  MAP key DATA
       pybpf map pin     MAP FILE
       pybpf map { push | enqueue } MAP value DATA
       pybpf map { pop | dequeue | peek } MAP
       pybpf map freeze  MAP
       MAP := { id MAP_ID | pinned FILE | name MAP_NAME }
       DATA := { [hex] BYTES }      (bytes: 0x2a, 42, 052; after 'hex': 2a or 2a00ff...)
       VALUE := { DATA | MAP | PROG }   (MAP for map-in-map, PROG for prog arrays)
       UPDATE_FLAGS := { any | exist | noexist }"""

PERCPU = (5, 6, 10)                 # percpu_hash, percpu_array, lru_percpu_hash
PROG_ARRAY, PERF_EVENT_ARRAY = 3, 4
MAP_IN_MAP = (12, 13)
NO_KEYS = {22: "queue", 23: "stack", 27: "ringbuf", 31: "user_ringbuf", 30: "bloom_filter"}
FLAGS = {"any": 0, "noexist": 1, "exist": 2}


def map_text(rec: dict) -> str:
    """bpftool's plain ``map show`` layout of one record."""
    kind = rec["type"] if isinstance(rec["type"], str) else f"type {rec['type']}"
    head = f"{rec['id']}: {kind}  "
    if "name" in rec:
        head += f"name {rec['name']}  "
    head += f"flags {rec['flags']:#x}"
    if "dev" in rec:
        head += f"  offloaded_to {rec['dev']['ifname']}"
    line2 = (f"\tkey {rec['bytes_key']}B  value {rec['bytes_value']}B  "
             f"max_entries {rec['max_entries']}")
    if "bytes_memlock" in rec:
        line2 += f"  memlock {rec['bytes_memlock']}B"
    lines = [head, line2]
    if "owner_prog_type" in rec:
        lines.append(f"\towner_prog_type {rec['owner_prog_type']}  "
                     f"{'owner jited' if rec['owner_jited'] else 'owner not jited'}")
    lines += [f"\tpinned {p}" for p in rec.get("pinned", [])]
    tail = [f"btf_id {rec['btf_id']}"] if "btf_id" in rec else []
    if rec.get("frozen"):
        tail.append("frozen")
    if tail:
        lines.append("\t" + "  ".join(tail))
    if rec.get("pids"):
        lines.append("\tpids " + ", ".join(f"{p['comm']}({p['pid']})" for p in rec["pids"]))
    return "\n".join(lines)


def do_show(args: Args, ctx) -> Result:
    ref = refs.maybe_parse(args, "map")
    args.done()
    extras = Extras(with_pins=ctx.opts.bpffs)
    with refs.Fds() as fds:
        recs = [map_record(fd, extras) for fd in (fds.open(ref) if ref else fds.all("map"))]
    if ref is not None and len(recs) == 1:
        return Result(recs[0], map_text)
    return Result(recs, lambda rs: "\n".join(map_text(r) for r in rs))


# --- one map, opened with its layout and BTF ------------------------------------------------

class OpenMap:
    def __init__(self, fd: int):
        from .._libbpf import num_possible_cpus
        from .._libbpf import syscalls as sc

        self.fd = fd
        self.info = sc.map_info(fd)
        self.type = self.info["type"]
        self.ncpus = num_possible_cpus() if self.type in PERCPU else 1
        vs = self.info["value_size"]
        self.stride = (vs + 7) & ~7
        self.stored = self.stride * self.ncpus if self.type in PERCPU else vs
        self.btf = None
        if self.info["btf_id"] and self.info["btf_value_type_id"]:
            btf_fd = sc.fd_by_id("btf", self.info["btf_id"])
            try:
                self.btf = RawBtf(sc.btf_info_raw(btf_fd)["data"])
            finally:
                os.close(btf_fd)

    def entry(self, key: bytes, value: bytes | None, error: str | None = None) -> dict:
        """bpftool's JSON entry: raw bytes plus, with BTF, ``formatted``."""
        rec: dict = {"key": hex_bytes(key)}
        if error is not None:
            rec["error"] = error
            return rec
        vs = self.info["value_size"]
        if self.type in PERCPU:
            rec["values"] = [{"cpu": i, "value": hex_bytes(value[i * self.stride:][:vs])}
                             for i in range(self.ncpus)]
        else:
            rec["value"] = hex_bytes(value[:vs])
        if self.btf is not None:
            rec["formatted"] = self.formatted(key, value)
        return rec

    def formatted(self, key: bytes, value: bytes) -> dict:
        out = {}
        kt, vt = self.info["btf_key_type_id"], self.info["btf_value_type_id"]
        if kt:
            out["key"] = self.btf.value(kt, key)
        if self.type in PERCPU:
            out["values"] = [{"cpu": i, "value": self.btf.value(vt, value[i * self.stride:])}
                             for i in range(self.ncpus)]
        else:
            out["value"] = self.btf.value(vt, value)
        return out


def entry_text(rec: dict, key_size: int, value_size: int) -> str:
    """bpftool's ``print_entry_plain`` (no BTF) for one entry."""
    key = bytes(int(b, 16) for b in rec["key"])
    if "error" in rec:
        return f"key:\n{fprint_hex(key)}\nvalue:\n{rec['error']}"
    if "values" in rec:
        lines = [f"key:\n{fprint_hex(key)}"]
        for v in rec["values"]:
            sep = "\n" if value_size > 16 else " "
            lines.append(f"value (CPU {v['cpu']:02d}):{sep}"
                         f"{fprint_hex(bytes(int(b, 16) for b in v['value']))}")
        return "\n".join(lines)
    breaks = key_size > 16 or value_size > 16
    single = key_size + value_size <= 24 and not breaks
    sep = "\n" if breaks else " "
    out = ""
    if key_size:
        out += f"key:{sep}{fprint_hex(key)}" + ("  " if single else "\n")
    if value_size:
        out += f"value:{sep}{fprint_hex(bytes(int(b, 16) for b in rec['value']))}"
    return out


def _entries_text(entries: list[dict], key_size: int, value_size: int) -> str:
    if entries and all("formatted" in e for e in entries):
        return json.dumps([e["formatted"] for e in entries], indent=4, ensure_ascii=False)
    lines = [entry_text(e, key_size, value_size) if "formatted" not in e
             else json.dumps(e["formatted"], indent=4) for e in entries]
    n = len(entries)
    return "\n".join(lines + [f"Found {n} element{'s' if n != 1 else ''}"])


def do_dump(args: Args, ctx) -> Result:
    from .._libbpf import syscalls as sc
    from ..errors import SyscallError

    ref = refs.parse(args, "map")
    args.done()
    dumps = []
    with refs.Fds() as fds:
        for fd in fds.open(ref):
            m = OpenMap(fd)
            if m.type in NO_KEYS:
                raise CliError(f"can't dump a map of type {NO_KEYS[m.type]}: it has no keys")
            entries = []
            for key in sc.map_keys(fd, m.info["key_size"]):
                try:
                    value = sc.map_lookup(fd, key, m.stored)
                except SyscallError as exc:
                    entries.append(m.entry(key, None, os.strerror(exc.errno)))
                    continue
                if value is not None:
                    entries.append(m.entry(key, bytes(value)))
            dumps.append((entries, m.info["key_size"], m.info["value_size"]))
    if len(dumps) == 1:
        ks, vs = dumps[0][1], dumps[0][2]
        return Result(dumps[0][0], lambda es: _entries_text(es, ks, vs))
    sizes = [(k, v) for _, k, v in dumps]
    return Result([d[0] for d in dumps], lambda ds: "\n\n".join(
        _entries_text(es, *sizes[i]) for i, es in enumerate(ds)))


# --- key / value arguments -----------------------------------------------------------------

def parse_data(args: Args, size: int, what: str) -> bytes:
    """``[hex] BYTES``: exactly ``size`` bytes, one per word (or runs of hex digits)."""
    hexmode = args.accept("hex") is not None
    out = bytearray()
    while len(out) < size:
        word = args.next(f"{what} ({size} bytes, {len(out)} given)")
        if hexmode:
            digits = word[2:] if word.lower().startswith("0x") else word
            if len(digits) > 2 and len(digits) % 2 == 0:
                try:
                    out += bytes.fromhex(digits)
                    continue
                except ValueError:
                    pass
            try:
                value = int(digits, 16)
            except ValueError:
                raise UsageError(f"can't parse {word!r} as a hex byte") from None
        else:
            value = parse_int(word, "byte")
        if not 0 <= value <= 255:
            raise UsageError(f"{word!r} is not a byte (0..255)")
        out.append(value)
    if len(out) != size:
        raise UsageError(f"{what} has {len(out)} bytes, the map wants {size}")
    return bytes(out)


def _key(args: Args, m: OpenMap, required: bool = True) -> bytes | None:
    if args.accept("key") is None:
        if required and m.info["key_size"]:
            raise UsageError("expected 'key DATA'")
        return None
    return parse_data(args, m.info["key_size"], "key")


def _value(args: Args, m: OpenMap, fds: refs.Fds) -> bytes:
    args.expect("value")
    vs = m.info["value_size"]
    if m.type == PROG_ARRAY:
        return fds.open_one(refs.parse(args, "prog")).to_bytes(vs, "little")
    if m.type in MAP_IN_MAP:
        return fds.open_one(refs.parse(args, "map")).to_bytes(vs, "little")
    if m.type in PERCPU:   # the same value on every CPU
        one = parse_data(args, vs, "value")
        return b"".join(one + bytes(m.stride - vs) for _ in range(m.ncpus))
    return parse_data(args, vs, "value")


def _one(args: Args, fds: refs.Fds) -> OpenMap:
    return OpenMap(fds.open_one(refs.parse(args, "map")))


def _entry_result(m: OpenMap, rec: dict) -> Result:
    ks, vs = m.info["key_size"], m.info["value_size"]
    if "formatted" in rec:
        return Result(rec, lambda r: json.dumps(r["formatted"], indent=4, ensure_ascii=False))
    return Result(rec, lambda r: entry_text(r, ks, vs))


def do_lookup(args: Args, ctx) -> Result:
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        m = _one(args, fds)
        key = _key(args, m) or b""
        args.done()
        value = sc.map_lookup(m.fd, key, m.stored)
        if value is None:
            raise CliError(f"lookup: no entry for key {fprint_hex(key) or '(none)'}")
        return _entry_result(m, m.entry(key, bytes(value)))


def do_getnext(args: Args, ctx) -> Result:
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        m = _one(args, fds)
        key = _key(args, m, required=False)
        args.done()
        nxt = sc.map_next_key(m.fd, key, m.info["key_size"])
    if nxt is None:
        raise CliError("getnext: no next key" if key else "getnext: the map is empty")
    rec = {"key": hex_bytes(key) if key is not None else None, "next_key": hex_bytes(nxt)}

    def text(r):
        head = (f"key:\n{fprint_hex(bytes(int(b, 16) for b in r['key']))}\n"
                if r["key"] is not None else "key: None\n")
        return head + f"next key:\n{fprint_hex(bytes(int(b, 16) for b in r['next_key']))}"
    return Result(rec, text)


def do_update(args: Args, ctx):
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        m = _one(args, fds)
        key = _key(args, m) or b""
        value = _value(args, m, fds)
        flag = args.accept(*FLAGS)
        args.done()
        sc.map_update(m.fd, key, value, FLAGS[flag] if flag else 0)
    return None


def do_delete(args: Args, ctx):
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        m = _one(args, fds)
        key = _key(args, m)
        args.done()
        if not sc.map_delete(m.fd, key):
            raise CliError(f"delete: no entry for key {fprint_hex(key)}")
    return None


def do_pin(args: Args, ctx):
    from .prog import _pin
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        fd = fds.open_one(refs.parse(args, "map"))
        path = args.next("FILE (a path under bpffs)")
        args.done()
        _pin(sc, fd, path)
    return None


def do_push(args: Args, ctx):
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        m = _one(args, fds)
        args.expect("value")
        value = parse_data(args, m.info["value_size"], "value")
        args.done()
        sc.map_push(m.fd, value)
    return None


def _pop(args: Args, peek: bool) -> Result:
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        m = _one(args, fds)
        args.done()
        vs = m.info["value_size"]
        value = sc.map_peek(m.fd, vs) if peek else sc.map_lookup_and_delete(m.fd, b"", vs)
    if value is None:
        raise CliError("the map is empty")
    rec = {"value": hex_bytes(bytes(value))}
    return Result(rec, lambda r: f"value: {fprint_hex(bytes(int(b, 16) for b in r['value']))}")


def do_pop(args: Args, ctx) -> Result:
    return _pop(args, peek=False)


def do_peek(args: Args, ctx) -> Result:
    return _pop(args, peek=True)


def do_freeze(args: Args, ctx):
    from .._libbpf import syscalls as sc

    with refs.Fds() as fds:
        fd = fds.open_one(refs.parse(args, "map"))
        args.done()
        attr = bytearray(fd.to_bytes(4, "little") + bytes(60))
        sc.bpf_syscall(22, attr)   # BPF_MAP_FREEZE
    return None


# bpftool's table order (prefixes: `map l` is list, `map d` is dump)
COMMANDS = {"show": do_show, "list": do_show, "dump": do_dump, "update": do_update,
            "lookup": do_lookup, "getnext": do_getnext, "delete": do_delete, "pin": do_pin,
            "peek": do_peek, "push": do_push, "enqueue": do_push, "pop": do_pop,
            "dequeue": do_pop, "freeze": do_freeze}
DEFAULT = "show"
