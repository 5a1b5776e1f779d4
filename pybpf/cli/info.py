"""Kernel objects as bpftool's JSON records (same keys, same order, same value types).

``prog_record``/``map_record``/``link_record`` build the dicts ``prog show``, ``map show``
and ``link show`` print; :class:`Extras` adds what needs a scan of the system: the
processes holding each object (``pids``, from /proc/*/fdinfo, as bpftool's BPF iterator
finds them) and, with ``-f``, the bpffs paths it is pinned at (``pinned``).
"""
from __future__ import annotations

import os
import socket
import time

BPFFS = "/sys/fs/bpf"
ID_FIELD = {"prog": "prog_id", "map": "map_id", "link": "link_id"}


def fdinfo(fd: int, pid: str = "self") -> dict[str, str]:
    out = {}
    try:
        with open(f"/proc/{pid}/fdinfo/{fd}") as f:
            for line in f:
                key, _, value = line.partition(":")
                out[key.strip()] = value.strip()
    except OSError:
        pass
    return out


def wallclock(load_time_ns: int) -> int:
    """Seconds since the epoch of a boot-time timestamp (bpftool's ``loaded_at``)."""
    real, boot = time.clock_gettime_ns(time.CLOCK_REALTIME), \
        time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    return (real - boot + load_time_ns) // 1_000_000_000


def local_time(epoch: int) -> str:
    """bpftool's plain ``loaded_at``: 2024-01-31T12:00:00+0000."""
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(epoch))


def ifname(ifindex: int) -> str:
    try:
        return socket.if_indextoname(ifindex)
    except OSError:
        return f"if{ifindex}"


def _type_name(fn, value: int):
    name = fn(value)
    return value if name.startswith("type ") else name


class Extras:
    """Lazily scanned holders and pins, shared by every record of one command."""

    def __init__(self, with_pins: bool = False):
        self.with_pins = with_pins
        self._holders: dict[str, dict[int, list]] | None = None
        self._pins: dict[str, dict[int, list]] | None = None

    def pids(self, kind: str, ident: int) -> list[dict]:
        if self._holders is None:
            self._holders = scan_holders()
        return self._holders.get(kind, {}).get(ident, [])

    def pinned(self, kind: str, ident: int) -> list[str] | None:
        if not self.with_pins:
            return None
        if self._pins is None:
            self._pins = scan_pins()
        return self._pins.get(kind, {}).get(ident, [])

    def finish(self, rec: dict, kind: str) -> dict:
        pins = self.pinned(kind, rec["id"])
        if pins:
            rec["pinned"] = pins
        pids = self.pids(kind, rec["id"])
        if pids:
            rec["pids"] = pids
        return rec


def scan_holders() -> dict[str, dict[int, list]]:
    """{kind: {id: [{"pid", "comm"}]}} for every BPF fd of every other process."""
    from .refs import FD_KIND

    me = str(os.getpid())
    out: dict[str, dict[int, list]] = {"prog": {}, "map": {}, "link": {}}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == me:
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        comm = None
        for fd in fds:
            try:
                kind = FD_KIND.get(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                continue
            if kind is None:
                continue
            ident = fdinfo(int(fd), pid).get(ID_FIELD[kind])
            if not ident:
                continue
            if comm is None:
                try:
                    with open(f"/proc/{pid}/comm") as f:
                        comm = f.read().strip()
                except OSError:
                    comm = "?"
            holders = out[kind].setdefault(int(ident), [])
            entry = {"pid": int(pid), "comm": comm}
            if entry not in holders:
                holders.append(entry)
    return out


def scan_pins(root: str = BPFFS) -> dict[str, dict[int, list]]:
    """{kind: {id: [path]}} for every object pinned under bpffs."""
    from .._libbpf import syscalls as sc
    from .refs import fd_kind

    out: dict[str, dict[int, list]] = {"prog": {}, "map": {}, "link": {}}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                fd = sc.obj_get(path)
            except Exception:
                continue
            try:
                kind = fd_kind(fd)
                ident = fdinfo(fd).get(ID_FIELD.get(kind, ""), "") if kind else ""
                if ident:
                    out[kind].setdefault(int(ident), []).append(path)
            finally:
                os.close(fd)
    return out


# --- records -------------------------------------------------------------------------------

def prog_full_name(fd: int, info: dict) -> str:
    """The name the kernel truncated to 15 characters, completed from BTF func_info."""
    name = info["name"]
    if len(name) < 15 or not info.get("btf_id") or not info.get("nr_func_info"):
        return name
    try:
        from .progdata import ProgramCode

        funcs = ProgramCode(fd).funcs()
        return funcs[0].name or name if funcs else name
    except Exception:
        return name


def prog_record(fd: int, extras: Extras | None = None) -> dict:
    from .._libbpf import syscalls as sc
    from .._libbpf.objects import prog_type_name

    info = sc.prog_info(fd)
    fdi = fdinfo(fd)
    rec: dict = {"id": info["id"], "type": _type_name(prog_type_name, info["type"])}
    if info["name"]:
        rec["name"] = prog_full_name(fd, info)
    rec["tag"] = info["tag"]
    rec["gpl_compatible"] = info["gpl_compatible"]
    if info["run_time_ns"]:
        rec["run_time_ns"] = info["run_time_ns"]
        rec["run_cnt"] = info["run_cnt"]
    misses = int(fdi.get("recursion_misses", "0") or 0)
    if misses:
        rec["recursion_misses"] = misses
    if info["ifindex"]:
        rec["dev"] = {"ifindex": info["ifindex"], "ifname": ifname(info["ifindex"])}
    if info["load_time"]:
        rec["loaded_at"] = wallclock(info["load_time"])
        rec["uid"] = info["created_by_uid"]
    rec["bytes_xlated"] = info["xlated_prog_len"]
    rec["jited"] = bool(info["jited_prog_len"])
    if info["jited_prog_len"]:
        rec["bytes_jited"] = info["jited_prog_len"]
    if "memlock" in fdi:
        rec["bytes_memlock"] = int(fdi["memlock"])
    if info["map_ids"]:
        rec["map_ids"] = info["map_ids"]
    if info["btf_id"]:
        rec["btf_id"] = info["btf_id"]
    return extras.finish(rec, "prog") if extras else rec


def map_record(fd: int, extras: Extras | None = None) -> dict:
    from .._libbpf import syscalls as sc
    from .._libbpf.objects import map_type_name, prog_type_name

    info = sc.map_info(fd)
    fdi = fdinfo(fd)
    rec: dict = {"id": info["id"], "type": _type_name(map_type_name, info["type"])}
    if info["name"]:
        rec["name"] = info["name"]
    rec["flags"] = info["map_flags"]
    if info["ifindex"]:
        rec["dev"] = {"ifindex": info["ifindex"], "ifname": ifname(info["ifindex"])}
    rec.update(bytes_key=info["key_size"], bytes_value=info["value_size"],
               max_entries=info["max_entries"])
    if "memlock" in fdi:
        rec["bytes_memlock"] = int(fdi["memlock"])
    if "owner_prog_type" in fdi:
        rec["owner_prog_type"] = _type_name(prog_type_name, int(fdi["owner_prog_type"]))
        rec["owner_jited"] = fdi.get("owner_jited") == "1"
    rec["frozen"] = int(fdi.get("frozen", "0") or 0)
    if info["btf_id"]:
        rec["btf_id"] = info["btf_id"]
    extra = int(fdi.get("map_extra", "0") or "0", 0)
    if extra:
        rec["map_extra"] = extra
    return extras.finish(rec, "map") if extras else rec


# per-type detail of struct bpf_link_info (offsets inside the union, little endian)
def _u32(raw: bytes, off: int) -> int:
    return int.from_bytes(raw[off:off + 4], "little")


def _u64(raw: bytes, off: int) -> int:
    return int.from_bytes(raw[off:off + 8], "little")


def link_record(fd: int, extras: Extras | None = None) -> dict:
    from .._libbpf import syscalls as sc
    from .._libbpf.objects import attach_type_name, link_type_name

    info = sc.link_info_raw(fd)
    raw, ltype = info["raw"], info["type"]
    rec: dict = {"id": info["id"], "type": _type_name(link_type_name, ltype),
                 "prog_id": info["prog_id"]}
    if ltype == 1:                                   # raw_tracepoint
        rec["tp_name"] = info["name"]
    elif ltype == 2:                                 # tracing
        rec.update(attach_type=_type_name(attach_type_name, _u32(raw, 0)),
                   target_obj_id=_u32(raw, 4), target_btf_id=_u32(raw, 8))
    elif ltype == 3:                                 # cgroup
        rec.update(cgroup_id=_u64(raw, 0),
                   attach_type=_type_name(attach_type_name, _u32(raw, 8)))
    elif ltype == 4:                                 # iter
        rec["target_name"] = info["name"]
        if info["name"] == "bpf_map_elem" and _u32(raw, 12):
            rec["map_id"] = _u32(raw, 12)
    elif ltype == 5:                                 # netns
        rec.update(netns_ino=_u32(raw, 0),
                   attach_type=_type_name(attach_type_name, _u32(raw, 4)))
    elif ltype == 6:                                 # xdp
        rec.update(devname=ifname(_u32(raw, 0)), ifindex=_u32(raw, 0))
    elif ltype == 7:                                 # perf_event
        kinds = {1: "uprobe", 2: "uretprobe", 3: "kprobe", 4: "kretprobe", 5: "tracepoint",
                 6: "event"}
        rec["event_type"] = kinds.get(_u32(raw, 0), _u32(raw, 0))
        if info["name"]:
            rec["name"] = info["name"]
    elif ltype == 9:                                 # struct_ops
        rec["map_id"] = _u32(raw, 0)
    elif ltype == 10:                                # netfilter
        rec.update(pf=_u32(raw, 0), hook=_u32(raw, 4), prio=int.from_bytes(
            raw[8:12], "little", signed=True), flags=_u32(raw, 12))
    elif ltype in (11, 13):                          # tcx, netkit
        rec.update(devname=ifname(_u32(raw, 0)), ifindex=_u32(raw, 0),
                   attach_type=_type_name(attach_type_name, _u32(raw, 4)))
    elif ltype == 14:                                # sockmap
        rec.update(map_id=_u32(raw, 0),
                   attach_type=_type_name(attach_type_name, _u32(raw, 4)))
    return extras.finish(rec, "link") if extras else rec
