"""fd-level BPF operations: map elements and batches, object info, ids, pins, perf events.

Keys and values go in as bytes-like objects and come out as ``bytes``/``bytearray``.
"""
from __future__ import annotations

import errno as _errno

from ..errors import syscall_error
from . import check_ret, ffi, lib

_NULL = ffi.NULL


def map_lookup(fd: int, key, value_size: int, flags: int = 0) -> bytearray | None:
    """The value under ``key``, or None when the key is absent (ENOENT)."""
    value = bytearray(value_size)
    ret = lib.bpf_map_lookup_elem_flags(fd, ffi.from_buffer(key), ffi.from_buffer(value), flags)
    if ret == 0:
        return value
    if ret == -_errno.ENOENT:
        return None
    raise syscall_error(-ret, "bpf_map_lookup_elem")


def map_lookup_into(fd: int, key, out) -> bool:
    """Look ``key`` up into the writable buffer ``out``; False when absent."""
    ret = lib.bpf_map_lookup_elem(fd, ffi.from_buffer(key), ffi.from_buffer(out))
    if ret == 0:
        return True
    if ret == -_errno.ENOENT:
        return False
    raise syscall_error(-ret, "bpf_map_lookup_elem")


def map_update(fd: int, key, value, flags: int = 0, _update=lib.bpf_map_update_elem,
               _from_buffer=ffi.from_buffer) -> None:
    ret = _update(fd, _from_buffer(key), _from_buffer(value), flags)
    if ret:
        raise syscall_error(-ret, "bpf_map_update_elem")


def map_delete(fd: int, key) -> bool:
    """Delete ``key``; False when it was absent."""
    ret = lib.bpf_map_delete_elem(fd, ffi.from_buffer(key))
    if ret == -_errno.ENOENT:
        return False
    check_ret(ret, "bpf_map_delete_elem")
    return True


# --- single elements by address --------------------------------------------------------------
# For callers holding ctypes objects of exactly the map's key and value sizes (the BCC table
# API): ``ctypes.addressof`` and one bpf(2) call in shim_maps.c measured ~1.0 us per update
# against ~1.35 us for libbpf's call through two ffi.from_buffer wrappers (the syscall
# itself is ~0.8 us). Nothing can check the sizes here: the caller must.

def map_update_addr(fd: int, key_addr: int, value_addr: int, flags: int = 0,
                    _update=lib.pybpf_map_update_addr) -> None:
    ret = _update(fd, key_addr, value_addr, flags)
    if ret:
        raise syscall_error(-ret, "bpf_map_update_elem")


def map_lookup_addr(fd: int, key_addr: int, value_addr: int,
                    _lookup=lib.pybpf_map_lookup_addr) -> bool:
    """Copy the value under the key at ``key_addr`` to ``value_addr``; False when absent."""
    ret = _lookup(fd, key_addr, value_addr, 0)
    if ret == 0:
        return True
    if ret == -_errno.ENOENT:
        return False
    raise syscall_error(-ret, "bpf_map_lookup_elem")


def map_delete_addr(fd: int, key_addr: int, _delete=lib.pybpf_map_delete_addr) -> bool:
    """Delete the key at ``key_addr``; False when it was absent."""
    ret = _delete(fd, key_addr)
    if ret == 0:
        return True
    if ret == -_errno.ENOENT:
        return False
    raise syscall_error(-ret, "bpf_map_delete_elem")


def map_lookup_and_delete(fd: int, key, value_size: int) -> bytearray | None:
    """Pop from queue/stack maps (key is empty) or lookup-and-delete a hash entry."""
    value = bytearray(value_size)
    kptr = ffi.from_buffer(key) if key else _NULL
    ret = lib.bpf_map_lookup_and_delete_elem(fd, kptr, ffi.from_buffer(value))
    if ret == 0:
        return value
    if ret == -_errno.ENOENT:
        return None
    raise syscall_error(-ret, "bpf_map_lookup_and_delete_elem")


def map_peek(fd: int, value_size: int) -> bytearray | None:
    value = bytearray(value_size)
    ret = lib.bpf_map_lookup_elem(fd, _NULL, ffi.from_buffer(value))
    if ret == 0:
        return value
    if ret == -_errno.ENOENT:
        return None
    raise syscall_error(-ret, "bpf_map_lookup_elem")


def map_push(fd: int, value, flags: int = 0) -> None:
    check_ret(lib.bpf_map_update_elem(fd, _NULL, ffi.from_buffer(value), flags),
              "bpf_map_update_elem")


def map_next_key(fd: int, key, key_size: int) -> bytearray | None:
    """The key after ``key`` (the first key when ``key`` is None); None at the end."""
    nxt = bytearray(key_size)
    ret = lib.bpf_map_get_next_key(fd, _NULL if key is None else ffi.from_buffer(key),
                                   ffi.from_buffer(nxt))
    if ret == 0:
        return nxt
    if ret == -_errno.ENOENT:
        return None
    raise syscall_error(-ret, "bpf_map_get_next_key")


def map_keys(fd: int, key_size: int) -> list[bytes]:
    """All keys, walked with get_next_key in C-side buffers (no per-key Python allocation)."""
    keys = []
    cur = ffi.new("char[]", key_size)
    nxt = ffi.new("char[]", key_size)
    prev = _NULL
    while True:
        ret = lib.bpf_map_get_next_key(fd, prev, nxt)
        if ret == -_errno.ENOENT:
            return keys
        check_ret(ret, "bpf_map_get_next_key")
        keys.append(ffi.buffer(nxt, key_size)[:])
        cur, nxt = nxt, cur
        prev = cur


class BatchUnsupported(Exception):
    """The kernel or map type has no batch operations (EINVAL/ENOTSUPP); use a slow path."""


_BATCH_UNSUPPORTED = (_errno.EINVAL, _errno.EOPNOTSUPP, 524)  # 524 = ENOTSUPP (kernel-internal)


_new_uncleared = ffi.new_allocator(should_clear_after_alloc=False)


def _batch_opts():
    opts = ffi.new("struct bpf_map_batch_opts *")
    opts.sz = ffi.sizeof("struct bpf_map_batch_opts")
    return opts


def map_lookup_batch(fd: int, key_size: int, value_size: int, max_entries: int,
                     delete: bool = False, keep: bool = True) -> tuple[bytes, bytes, int]:
    """Every entry in as few syscalls as possible: (keys blob, values blob, count).

    ``value_size`` is the per-entry value size as the kernel copies it (per-CPU maps:
    rounded-up value size times the number of possible CPUs). ``keep=False`` (emptying a
    map with ``delete``) reads every chunk into the same buffer and returns empty blobs, so
    memory stays at one chunk however large the map.
    """
    # 4096: chunks of 1 k to the whole map measured the same (within 1 ms of ~20 ms for
    # 100 k entries); the kernel's own per-bucket work dominates
    chunk = max(1, min(max_entries, 4096))
    capacity = max(1, max_entries)
    room = capacity if keep else chunk
    # only the part the kernel fills is read back: no need to zero megabytes first
    keys = _new_uncleared("char[]", room * key_size)
    values = _new_uncleared("char[]", room * value_size)
    in_batch = ffi.new("char[]", max(key_size, 8))
    out_batch = ffi.new("char[]", max(key_size, 8))
    count = ffi.new("__u32 *")
    opts = _batch_opts()
    fn = lib.bpf_map_lookup_and_delete_batch if delete else lib.bpf_map_lookup_batch
    total = 0
    first = True
    while total < capacity:
        count[0] = min(chunk, capacity - total)
        at = total if keep else 0
        ret = fn(fd, _NULL if first else in_batch, out_batch, keys + at * key_size,
                 values + at * value_size, count, opts)
        total += count[0]
        if ret == -_errno.ENOENT:
            break
        if ret < 0:
            if first and -ret in _BATCH_UNSUPPORTED:
                raise BatchUnsupported()
            if -ret == _errno.ENOSPC:
                # a hash bucket bigger than the chunk: retry with room for it
                chunk = min(capacity - total, chunk * 2) or 1
                if total >= capacity:
                    break
                if chunk > room:
                    room = chunk
                    keys = _new_uncleared("char[]", room * key_size)
                    values = _new_uncleared("char[]", room * value_size)
                continue
            check_ret(ret, "bpf_map_lookup_batch")
        first = False
        ffi.memmove(in_batch, out_batch, max(key_size, 8))
    if not keep:
        return b"", b"", total
    return (ffi.buffer(keys, total * key_size)[:], ffi.buffer(values, total * value_size)[:],
            total)


# below this many entries a whole-map read is over before a thread would have started
_OVERLAP_MIN_ENTRIES = 16384


def _cpus_available() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def map_lookup_batch_chunks(fd: int, key_size: int, value_size: int, max_entries: int):
    """Every entry, as ``(keys, values, count)`` pieces in the order the kernel returns
    them: memoryviews valid until the next piece is taken. Each piece can be decoded while
    the kernel reads the rest.

    With more than one CPU and a map of at least 16 k entries, a thread reads the map by
    batches in C (pybpf_map_dump_run, no GIL) and each piece is what it has completed since
    the previous one; otherwise one piece from :func:`map_lookup_batch`. Raises
    BatchUnsupported before the first piece when the kernel has no batch reads.
    """
    if max_entries < _OVERLAP_MIN_ENTRIES or _cpus_available() < 2:
        keys, values, count = map_lookup_batch(fd, key_size, value_size, max_entries)
        yield memoryview(keys), memoryview(values), count
        return
    import threading

    capacity = max_entries
    keys = _new_uncleared("char[]", capacity * key_size)
    values = _new_uncleared("char[]", capacity * value_size)
    dump = ffi.new("struct pybpf_map_dump *", {
        "fd": fd, "key_size": key_size, "value_size": value_size, "capacity": capacity,
        "chunk": 4096, "keys": keys, "values": values})
    # the thread's arguments keep the buffers alive until it is done, even when the
    # caller stops taking pieces
    reader = threading.Thread(target=_dump_run, args=(dump, keys, values), daemon=True,
                              name="pybpf-map-read")
    reader.start()
    key_view, value_view = memoryview(ffi.buffer(keys)), memoryview(ffi.buffer(values))
    try:
        have = 0
        while True:
            published = lib.pybpf_map_dump_wait(dump, have)
            if dump.first_error:
                if -dump.first_error in _BATCH_UNSUPPORTED:
                    raise BatchUnsupported()
                check_ret(dump.first_error, "bpf_map_lookup_batch")
            if published > have:
                yield (key_view[have * key_size:published * key_size],
                       value_view[have * value_size:published * value_size],
                       published - have)
                have = published
            elif dump.finished:
                break
        if dump.finished < 0:
            check_ret(dump.finished, "bpf_map_lookup_batch")
    finally:
        reader.join()


def _dump_run(dump, _keys, _values):
    lib.pybpf_map_dump_run(dump)


def map_delete_batch(fd: int, keys: bytes, count: int) -> int:
    """Delete ``count`` keys packed in ``keys``; returns how many were deleted."""
    cnt = ffi.new("__u32 *", count)
    ret = lib.bpf_map_delete_batch(fd, ffi.from_buffer(keys), cnt, _batch_opts())
    if ret < 0 and -ret in _BATCH_UNSUPPORTED:
        raise BatchUnsupported()
    if ret < 0 and ret != -_errno.ENOENT:
        check_ret(ret, "bpf_map_delete_batch")
    return cnt[0]


def map_update_batch(fd: int, keys: bytes, values: bytes, count: int, flags: int = 0) -> int:
    cnt = ffi.new("__u32 *", count)
    opts = _batch_opts()
    opts.elem_flags = flags
    ret = lib.bpf_map_update_batch(fd, ffi.from_buffer(keys), ffi.from_buffer(values), cnt, opts)
    if ret < 0 and -ret in _BATCH_UNSUPPORTED:
        raise BatchUnsupported()
    check_ret(ret, "bpf_map_update_batch")
    return cnt[0]


# --- object info ---------------------------------------------------------------------------

def _info(fd: int, ctype: str):
    info = ffi.new(ctype + " *")
    size = ffi.new("__u32 *", ffi.sizeof(ctype))
    check_ret(lib.bpf_obj_get_info_by_fd(fd, info, size), "bpf_obj_get_info_by_fd")
    return info


def prog_info(fd: int) -> dict:
    """The kernel's bpf_prog_info as a dict (map ids included)."""
    info = _info(fd, "struct bpf_prog_info")
    nmaps = info.nr_map_ids
    out = {
        "type": info.type, "id": info.id, "tag": bytes(info.tag).hex(),
        "name": ffi.string(info.name).decode(errors="replace"),
        "jited_prog_len": info.jited_prog_len, "xlated_prog_len": info.xlated_prog_len,
        "load_time": info.load_time, "created_by_uid": info.created_by_uid,
        "gpl_compatible": bool(lib.pybpf_prog_info_gpl_compatible(info)),
        "btf_id": info.btf_id, "nr_line_info": info.nr_line_info,
        "nr_func_info": info.nr_func_info, "run_time_ns": info.run_time_ns,
        "run_cnt": info.run_cnt, "verified_insns": info.verified_insns,
        "ifindex": info.ifindex, "map_ids": [],
    }
    if nmaps:
        ids = ffi.new("__u32[]", nmaps)
        info2 = ffi.new("struct bpf_prog_info *")
        info2.nr_map_ids = nmaps
        info2.map_ids = int(ffi.cast("uintptr_t", ids))
        size = ffi.new("__u32 *", ffi.sizeof("struct bpf_prog_info"))
        check_ret(lib.bpf_obj_get_info_by_fd(fd, info2, size), "bpf_obj_get_info_by_fd")
        out["map_ids"] = list(ids[0:min(nmaps, info2.nr_map_ids)])
    return out


def prog_code(fd: int) -> dict:
    """xlated and jited instructions, line info, func info and jited symbols of a program."""
    info = _info(fd, "struct bpf_prog_info")
    want = ffi.new("struct bpf_prog_info *")
    bufs = {}

    def buf(field, count, size):
        b = ffi.new("char[]", max(1, count * size))
        bufs[field] = (b, count * size)
        setattr(want, field, int(ffi.cast("uintptr_t", b)))

    buf("xlated_prog_insns", info.xlated_prog_len, 1)
    want.xlated_prog_len = info.xlated_prog_len
    buf("jited_prog_insns", info.jited_prog_len, 1)
    want.jited_prog_len = info.jited_prog_len
    want.nr_line_info, want.line_info_rec_size = info.nr_line_info, info.line_info_rec_size
    buf("line_info", info.nr_line_info, info.line_info_rec_size)
    want.nr_func_info, want.func_info_rec_size = info.nr_func_info, info.func_info_rec_size
    buf("func_info", info.nr_func_info, info.func_info_rec_size)
    want.nr_jited_ksyms = info.nr_jited_ksyms
    buf("jited_ksyms", info.nr_jited_ksyms, 8)
    want.nr_jited_func_lens = info.nr_jited_func_lens
    buf("jited_func_lens", info.nr_jited_func_lens, 4)
    want.nr_jited_line_info = info.nr_jited_line_info
    want.jited_line_info_rec_size = info.jited_line_info_rec_size
    buf("jited_line_info", info.nr_jited_line_info, info.jited_line_info_rec_size)
    size = ffi.new("__u32 *", ffi.sizeof("struct bpf_prog_info"))
    check_ret(lib.bpf_obj_get_info_by_fd(fd, want, size), "bpf_obj_get_info_by_fd")
    out = {k: ffi.buffer(b, n)[:] for k, (b, n) in bufs.items()}
    out.update(btf_id=want.btf_id, line_info_rec_size=want.line_info_rec_size,
               func_info_rec_size=want.func_info_rec_size,
               jited_line_info_rec_size=want.jited_line_info_rec_size)
    return out


def map_info(fd: int) -> dict:
    info = _info(fd, "struct bpf_map_info")
    return {
        "type": info.type, "id": info.id, "key_size": info.key_size,
        "value_size": info.value_size, "max_entries": info.max_entries,
        "map_flags": info.map_flags, "name": ffi.string(info.name).decode(errors="replace"),
        "btf_id": info.btf_id, "btf_key_type_id": info.btf_key_type_id,
        "btf_value_type_id": info.btf_value_type_id, "ifindex": info.ifindex,
    }


def link_info(fd: int) -> dict:
    info = _info(fd, "struct bpf_link_info")
    return {"type": info.type, "id": info.id, "prog_id": info.prog_id}


def btf_info(fd: int) -> dict:
    info = _info(fd, "struct bpf_btf_info")
    return {"id": info.id, "btf_size": info.btf_size, "kernel_btf": bool(info.kernel_btf)}


_NEXT_ID = {"prog": "bpf_prog_get_next_id", "map": "bpf_map_get_next_id",
            "link": "bpf_link_get_next_id", "btf": "bpf_btf_get_next_id"}
_FD_BY_ID = {"prog": "bpf_prog_get_fd_by_id", "map": "bpf_map_get_fd_by_id",
             "link": "bpf_link_get_fd_by_id", "btf": "bpf_btf_get_fd_by_id"}


def object_ids(kind: str) -> list[int]:
    """Ids of every loaded object of ``kind`` (prog, map, link, btf)."""
    fn = getattr(lib, _NEXT_ID[kind])
    out, cur, nxt = [], 0, ffi.new("__u32 *")
    while True:
        ret = fn(cur, nxt)
        if ret == -_errno.ENOENT:
            return out
        check_ret(ret, _NEXT_ID[kind])
        cur = nxt[0]
        out.append(cur)


def fd_by_id(kind: str, obj_id: int) -> int:
    """A new fd for the object with this id (ENOENT when there is none)."""
    return check_ret(getattr(lib, _FD_BY_ID[kind])(obj_id), f"{kind} id {obj_id}")


def obj_pin(fd: int, path: str) -> None:
    check_ret(lib.bpf_obj_pin(fd, path.encode()), f"pin {path}")


def obj_get(path: str) -> int:
    return check_ret(lib.bpf_obj_get(path.encode()), f"open pinned {path}")


def link_detach(fd: int) -> None:
    check_ret(lib.bpf_link_detach(fd), "bpf_link_detach")


def perf_event_open(ev_type: int, config: int, *, sample_period: int = 0, sample_freq: int = 0,
                    pid: int = -1, cpu: int = 0, group_fd: int = -1, flags: int = 0) -> int:
    """perf_event_open(2); returns the event fd (close-on-exec)."""
    return check_ret(lib.pybpf_perf_event_open(ev_type, config, sample_period, sample_freq, pid,
                                               cpu, group_fd, flags), "perf_event_open")


def bpf_syscall(cmd: int, attr: bytearray) -> int:
    """The raw bpf(2) syscall with an attr buffer (for commands libbpf 1.1 does not wrap)."""
    return check_ret(lib.pybpf_bpf_syscall(cmd, ffi.from_buffer(attr), len(attr)),
                     f"bpf(cmd={cmd})")


def probe_prog_type(prog_type: int) -> bool:
    return lib.libbpf_probe_bpf_prog_type(prog_type, _NULL) == 1


def probe_map_type(map_type: int) -> bool:
    return lib.libbpf_probe_bpf_map_type(map_type, _NULL) == 1


def probe_helper(prog_type: int, helper_id: int) -> bool:
    return lib.libbpf_probe_bpf_helper(prog_type, helper_id, _NULL) == 1


def prog_load(prog_type: int, insns: bytes, *, name: str = "", license: str = "GPL",
              expected_attach_type: int = 0, attach_btf_id: int = 0,
              log_level: int = 0) -> tuple[int, str]:
    """Load raw instructions (bpf_prog_load); returns (fd, verifier log). For probes and
    hand-written programs; compiled objects load through ObjectHandle."""
    opts = ffi.new("struct bpf_prog_load_opts *")
    opts.sz = ffi.sizeof("struct bpf_prog_load_opts")
    opts.expected_attach_type = expected_attach_type
    opts.attach_btf_id = attach_btf_id
    log = ffi.new("char[]", 65536) if log_level else _NULL
    if log_level:
        opts.log_level, opts.log_size, opts.log_buf = log_level, 65536, log
    fd = lib.bpf_prog_load(prog_type, name.encode() or _NULL, license.encode(),
                           ffi.cast("const struct bpf_insn *", ffi.from_buffer(insns)),
                           len(insns) // 8, opts)
    text = ffi.string(log).decode(errors="replace") if log_level else ""
    if fd < 0:
        err = syscall_error(-fd, f"bpf_prog_load({name or prog_type})")
        err.verifier_log = text
        raise err
    return fd, text


def map_create(map_type: int, key_size: int, value_size: int, max_entries: int,
               name: str = "", flags: int = 0, inner_map_fd: int = 0) -> int:
    opts = ffi.new("struct bpf_map_create_opts *")
    opts.sz = ffi.sizeof("struct bpf_map_create_opts")
    opts.map_flags = flags
    opts.inner_map_fd = inner_map_fd
    return check_ret(lib.bpf_map_create(map_type, name.encode() or _NULL, key_size, value_size,
                                        max_entries, opts), f"bpf_map_create({name})")


def link_create(prog_fd: int, target_fd: int, attach_type: int, flags: int = 0) -> int:
    opts = ffi.new("struct bpf_link_create_opts *")
    opts.sz = ffi.sizeof("struct bpf_link_create_opts")
    opts.flags = flags
    return check_ret(lib.bpf_link_create(prog_fd, target_fd, attach_type, opts),
                     "bpf_link_create")


def raw_tracepoint_open(name: str | None, prog_fd: int) -> int:
    return check_ret(lib.bpf_raw_tracepoint_open(name.encode() if name else _NULL, prog_fd),
                     "bpf_raw_tracepoint_open")


# --- program attach without links (cgroup, tcx queries) -------------------------------------

def prog_attach(prog_fd: int, target_fd: int, attach_type: int, flags: int = 0) -> None:
    """BPF_PROG_ATTACH: the attachment belongs to the target, not to this process."""
    check_ret(lib.bpf_prog_attach(prog_fd, target_fd, attach_type, flags),
              f"bpf_prog_attach(type {attach_type})")


def prog_detach(prog_fd: int, target_fd: int, attach_type: int) -> None:
    """BPF_PROG_DETACH of exactly ``prog_fd`` (bpf_prog_detach2)."""
    check_ret(lib.bpf_prog_detach2(prog_fd, target_fd, attach_type),
              f"bpf_prog_detach(type {attach_type})")


def prog_query(target_fd: int, attach_type: int, query_flags: int = 0,
               capacity: int = 64) -> tuple[int, list[int]]:
    """BPF_PROG_QUERY: (attach flags, program ids) on a cgroup fd or (tcx) an ifindex."""
    flags = ffi.new("__u32 *")
    ids = ffi.new("__u32[]", capacity)
    cnt = ffi.new("__u32 *", capacity)
    check_ret(lib.bpf_prog_query(target_fd, attach_type, query_flags, flags, ids, cnt),
              f"bpf_prog_query(type {attach_type})")
    return flags[0], list(ids[0:min(cnt[0], capacity)])


# --- raw info records for the `pybpf` command line (appended; bpftool's view of objects) ----

def _info_raw(fd: int, size: int = 256, patch=None) -> bytes:
    """bpf_obj_get_info_by_fd into a zeroed byte buffer; ``patch(buf)`` may store user
    pointers (as returned by :func:`_out_buffer`) before the call."""
    buf = ffi.new("char[]", size)
    if patch is not None:
        patch(buf)
    length = ffi.new("__u32 *", size)
    check_ret(lib.bpf_obj_get_info_by_fd(fd, buf, length), "bpf_obj_get_info_by_fd")
    return ffi.buffer(buf, size)[:]


def _store_ptr(buf, offset: int, target) -> None:
    ffi.cast("__u64 *", buf + offset)[0] = int(ffi.cast("uintptr_t", target))


def _store_u32(buf, offset: int, value: int) -> None:
    ffi.cast("__u32 *", buf + offset)[0] = value


def link_info_raw(fd: int) -> dict:
    """The whole bpf_link_info of a link: ``type``, ``id``, ``prog_id``, ``raw`` (the bytes
    of the per-type union, from offset 16) and ``name`` (the tp_name / target_name /
    perf_event file or function name, when the link type has one)."""
    raw = _info_raw(fd)
    ltype = int.from_bytes(raw[0:4], "little")
    name = ""
    # (offset of the name pointer, offset of its length) by link type
    where = {1: (16, 24), 4: (16, 24)}.get(ltype)   # raw_tracepoint, iter
    if ltype == 7:                                   # perf_event: kind in the first u32
        kind = int.from_bytes(raw[16:20], "little")
        where = {1: (24, 32), 2: (24, 32), 3: (24, 32), 4: (24, 32), 5: (24, 32)}.get(kind)
    if where is not None:
        text = ffi.new("char[]", 512)

        def patch(buf):
            _store_ptr(buf, where[0], text)
            _store_u32(buf, where[1], 512)
        try:
            raw = _info_raw(fd, patch=patch)
            name = ffi.string(text).decode(errors="replace")
        except Exception:  # an older kernel without the name field: keep the bare record
            pass
    return {"type": ltype, "id": int.from_bytes(raw[4:8], "little"),
            "prog_id": int.from_bytes(raw[8:12], "little"), "raw": raw[16:], "name": name}


def btf_info_raw(fd: int) -> dict:
    """A kernel BTF object: ``id``, ``name``, ``kernel_btf`` and ``data`` (the raw blob)."""
    info = _info(fd, "struct bpf_btf_info")
    size = info.btf_size
    data = ffi.new("char[]", max(size, 1))
    name = ffi.new("char[]", 128)
    want = ffi.new("struct bpf_btf_info *")
    want.btf = int(ffi.cast("uintptr_t", data))
    want.btf_size = size
    want.name = int(ffi.cast("uintptr_t", name))
    want.name_len = 128
    length = ffi.new("__u32 *", ffi.sizeof("struct bpf_btf_info"))
    check_ret(lib.bpf_obj_get_info_by_fd(fd, want, length), "bpf_obj_get_info_by_fd")
    return {"id": want.id, "name": ffi.string(name).decode(errors="replace"),
            "kernel_btf": bool(want.kernel_btf), "data": ffi.buffer(data, size)[:]}


def map_info_extra(fd: int) -> dict:
    """Fields of bpf_map_info that :func:`map_info` leaves out."""
    info = _info(fd, "struct bpf_map_info")
    return {"map_extra": info.map_extra,
            "btf_vmlinux_value_type_id": info.btf_vmlinux_value_type_id}


def prog_recursion_misses(fd: int) -> int:
    return _info(fd, "struct bpf_prog_info").recursion_misses
