"""Attach calls on a program handle, each returning a :class:`LinkHandle`."""
from __future__ import annotations

from . import check_ptr, check_ret, ffi, lib, string
from . import log as _log
from .objects import ProgramHandle


class LinkHandle:
    """A ``struct bpf_link *``; destroying it detaches (unless disconnected or pinned)."""

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def fd(self) -> int:
        return lib.bpf_link__fd(self._ptr)

    def pin(self, path: str) -> None:
        check_ret(lib.bpf_link__pin(self._ptr, path.encode()), f"pin link at {path}")

    def unpin(self) -> None:
        check_ret(lib.bpf_link__unpin(self._ptr), "unpin link")

    @property
    def pin_path(self) -> str | None:
        return string(lib.bpf_link__pin_path(self._ptr)) or None

    def detach(self) -> None:
        """Detach from the hook now, keeping the link object (bpf_link_detach)."""
        check_ret(lib.bpf_link__detach(self._ptr), "detach link")

    def disconnect(self) -> None:
        """Keep the attachment alive after destroy (e.g. for a pinned link)."""
        lib.bpf_link__disconnect(self._ptr)

    def destroy(self) -> None:
        if self._ptr is not None:
            lib.bpf_link__destroy(self._ptr)
            self._ptr = None

    @classmethod
    def open_pinned(cls, path: str) -> "LinkHandle":
        return cls(check_ptr(lib.bpf_link__open(path.encode()), f"open pinned link {path}"))


def _attach(what: str, fn, *args) -> tuple[LinkHandle, list[str]]:
    with _log.capture() as messages:
        ptr = fn(*args)
    try:
        return LinkHandle(check_ptr(ptr, what)), messages
    except Exception as exc:
        exc.libbpf_messages = messages
        raise


def attach_auto(prog: ProgramHandle) -> LinkHandle:
    """Attach according to the program's SEC() name (libbpf's auto-attach)."""
    return _attach(f"attach {prog.name}", lib.bpf_program__attach, prog._ptr)[0]


def attach_tracepoint(prog: ProgramHandle, category: str, event: str) -> LinkHandle:
    return _attach(f"attach {prog.name} to tracepoint {category}:{event}",
                   lib.bpf_program__attach_tracepoint, prog._ptr, category.encode(),
                   event.encode())[0]


def attach_raw_tracepoint(prog: ProgramHandle, event: str) -> LinkHandle:
    return _attach(f"attach {prog.name} to raw tracepoint {event}",
                   lib.bpf_program__attach_raw_tracepoint, prog._ptr, event.encode())[0]


def attach_trace(prog: ProgramHandle) -> LinkHandle:
    """tp_btf, fentry, fexit, fmod_ret: the target was fixed at load time."""
    return _attach(f"attach {prog.name}", lib.bpf_program__attach_trace, prog._ptr)[0]


def attach_lsm(prog: ProgramHandle) -> LinkHandle:
    return _attach(f"attach {prog.name}", lib.bpf_program__attach_lsm, prog._ptr)[0]


def attach_kprobe(prog: ProgramHandle, func: str, offset: int = 0,
                  retprobe: bool = False) -> LinkHandle:
    opts = ffi.new("struct bpf_kprobe_opts *")
    opts.sz = ffi.sizeof("struct bpf_kprobe_opts")
    opts.offset = offset
    opts.retprobe = retprobe
    kind = "kretprobe" if retprobe else "kprobe"
    return _attach(f"attach {prog.name} to {kind} {func}", lib.bpf_program__attach_kprobe_opts,
                   prog._ptr, func.encode(), opts)[0]


def attach_uprobe(prog: ProgramHandle, binary: str, offset: int = 0, *, func: str | None = None,
                  pid: int = -1, retprobe: bool = False, ref_ctr_offset: int = 0,
                  cookie: int = 0) -> LinkHandle:
    opts = ffi.new("struct bpf_uprobe_opts *")
    opts.sz = ffi.sizeof("struct bpf_uprobe_opts")
    opts.retprobe = retprobe
    opts.ref_ctr_offset = ref_ctr_offset
    opts.bpf_cookie = cookie
    cfunc = ffi.new("char[]", func.encode()) if func else ffi.NULL
    opts.func_name = cfunc
    kind = "uretprobe" if retprobe else "uprobe"
    where = f"{binary}:{func}" if func else f"{binary}+{offset:#x}"
    return _attach(f"attach {prog.name} to {kind} {where}", lib.bpf_program__attach_uprobe_opts,
                   prog._ptr, pid, binary.encode(), offset, opts)[0]


def attach_perf_event(prog: ProgramHandle, perf_fd: int) -> LinkHandle:
    return _attach(f"attach {prog.name} to perf event", lib.bpf_program__attach_perf_event,
                   prog._ptr, perf_fd)[0]


def attach_xdp(prog: ProgramHandle, ifindex: int) -> LinkHandle:
    return _attach(f"attach {prog.name} to XDP on ifindex {ifindex}",
                   lib.bpf_program__attach_xdp, prog._ptr, ifindex)[0]


def attach_cgroup(prog: ProgramHandle, cgroup_fd: int) -> LinkHandle:
    return _attach(f"attach {prog.name} to cgroup", lib.bpf_program__attach_cgroup,
                   prog._ptr, cgroup_fd)[0]
