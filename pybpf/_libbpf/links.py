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
    def _p(self):
        if self._ptr is None:
            raise ValueError("the link is closed")
        return self._ptr

    @property
    def fd(self) -> int:
        return lib.bpf_link__fd(self._p)

    def pin(self, path: str) -> None:
        check_ret(lib.bpf_link__pin(self._p, path.encode()), f"pin link at {path}")

    def unpin(self) -> None:
        check_ret(lib.bpf_link__unpin(self._p), "unpin link")

    @property
    def pin_path(self) -> str | None:
        return string(lib.bpf_link__pin_path(self._p)) or None

    def detach(self) -> None:
        """Detach from the hook now, keeping the link object (bpf_link_detach)."""
        check_ret(lib.bpf_link__detach(self._p), "detach link")

    def disconnect(self) -> None:
        """Keep the attachment alive after destroy (e.g. for a pinned link)."""
        lib.bpf_link__disconnect(self._p)

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
    return _attach(f"attach {prog.name}", lib.bpf_program__attach, prog._p)[0]


def attach_tracepoint(prog: ProgramHandle, category: str, event: str) -> LinkHandle:
    return _attach(f"attach {prog.name} to tracepoint {category}:{event}",
                   lib.bpf_program__attach_tracepoint, prog._p, category.encode(),
                   event.encode())[0]


def attach_raw_tracepoint(prog: ProgramHandle, event: str) -> LinkHandle:
    return _attach(f"attach {prog.name} to raw tracepoint {event}",
                   lib.bpf_program__attach_raw_tracepoint, prog._p, event.encode())[0]


def attach_trace(prog: ProgramHandle) -> LinkHandle:
    """tp_btf, fentry, fexit, fmod_ret: the target was fixed at load time."""
    return _attach(f"attach {prog.name}", lib.bpf_program__attach_trace, prog._p)[0]


def attach_lsm(prog: ProgramHandle) -> LinkHandle:
    return _attach(f"attach {prog.name}", lib.bpf_program__attach_lsm, prog._p)[0]


def attach_kprobe(prog: ProgramHandle, func: str, offset: int = 0,
                  retprobe: bool = False) -> LinkHandle:
    opts = ffi.new("struct bpf_kprobe_opts *")
    opts.sz = ffi.sizeof("struct bpf_kprobe_opts")
    opts.offset = offset
    opts.retprobe = retprobe
    kind = "kretprobe" if retprobe else "kprobe"
    return _attach(f"attach {prog.name} to {kind} {func}", lib.bpf_program__attach_kprobe_opts,
                   prog._p, func.encode(), opts)[0]


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
                   prog._p, pid, binary.encode(), offset, opts)[0]


def attach_usdt(prog: ProgramHandle, binary: str, provider: str, name: str, *, pid: int = -1,
                cookie: int = 0) -> LinkHandle:
    """libbpf's USDT attach: one uprobe per location of ``provider:name`` in ``binary``,
    semaphores counted by the kernel (ref_ctr_offset), argument specs in the object's
    ``__bpf_usdt_specs`` map. The link has no fd of its own (it owns several uprobes)."""
    opts = ffi.new("struct bpf_usdt_opts *")
    opts.sz = ffi.sizeof("struct bpf_usdt_opts")
    opts.usdt_cookie = cookie
    return _attach(f"attach {prog.name} to USDT {provider}:{name} in {binary}",
                   lib.bpf_program__attach_usdt, prog._p, pid, binary.encode(),
                   provider.encode(), name.encode(), opts)[0]


def attach_perf_event(prog: ProgramHandle, perf_fd: int) -> LinkHandle:
    return _attach(f"attach {prog.name} to perf event", lib.bpf_program__attach_perf_event,
                   prog._p, perf_fd)[0]


def attach_xdp(prog: ProgramHandle, ifindex: int) -> LinkHandle:
    return _attach(f"attach {prog.name} to XDP on ifindex {ifindex}",
                   lib.bpf_program__attach_xdp, prog._p, ifindex)[0]


def attach_cgroup(prog: ProgramHandle, cgroup_fd: int) -> LinkHandle:
    return _attach(f"attach {prog.name} to cgroup", lib.bpf_program__attach_cgroup,
                   prog._p, cgroup_fd)[0]


# --- networking (pybpf.links.xdp / tc / cgroup): raw link fds, XDP and tc over netlink ------
# libbpf's netlink helpers open their socket in the calling thread's network namespace:
# callers enter the right namespace first (pybpf.links.netdev.NetnsRef).

import os as _os

from ..errors import syscall_error as _syscall_error


class FdLinkHandle:
    """A bpf_link made with the raw bpf_link_create() (XDP with mode flags, tcx, cgroup):
    :class:`LinkHandle`'s interface over an fd this process owns. Closing the last fd
    detaches (kernel 5.7+ links), which also happens when the process dies."""

    def __init__(self, fd: int):
        self._fd = fd
        self._pin_path: str | None = None

    @property
    def fd(self) -> int:
        return -1 if self._fd is None else self._fd

    def pin(self, path: str) -> None:
        check_ret(lib.bpf_obj_pin(self.fd, path.encode()), f"pin link at {path}")
        self._pin_path = path

    def unpin(self) -> None:
        if self._pin_path:
            _os.unlink(self._pin_path)
            self._pin_path = None

    @property
    def pin_path(self) -> str | None:
        return self._pin_path

    def detach(self) -> None:
        check_ret(lib.bpf_link_detach(self.fd), "detach link")

    def disconnect(self) -> None:
        """Nothing to do: a pinned link outlives this fd anyway."""

    def destroy(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _os.close(fd)


def xdp_attach(ifindex: int, prog_fd: int, flags: int, old_prog_fd: int = 0) -> None:
    """bpf_xdp_attach (netlink IFLA_XDP). ``old_prog_fd`` > 0 adds XDP_FLAGS_REPLACE: the
    call only succeeds while that program is the one attached."""
    opts = ffi.new("struct bpf_xdp_attach_opts *")
    opts.sz = ffi.sizeof("struct bpf_xdp_attach_opts")
    opts.old_prog_fd = max(old_prog_fd, 0)
    check_ret(lib.bpf_xdp_attach(ifindex, prog_fd, flags, opts),
              f"bpf_xdp_attach(ifindex {ifindex})")


def xdp_detach(ifindex: int, flags: int, old_prog_fd: int = 0) -> None:
    """Remove the XDP program (only program ``old_prog_fd`` when it is > 0)."""
    opts = ffi.new("struct bpf_xdp_attach_opts *")
    opts.sz = ffi.sizeof("struct bpf_xdp_attach_opts")
    opts.old_prog_fd = max(old_prog_fd, 0)
    check_ret(lib.bpf_xdp_detach(ifindex, flags, opts), f"bpf_xdp_detach(ifindex {ifindex})")


def xdp_query(ifindex: int, flags: int = 0) -> dict:
    """Program ids attached to an interface, per mode, and the attach mode (XDP_ATTACHED_*)."""
    opts = ffi.new("struct bpf_xdp_query_opts *")
    opts.sz = ffi.sizeof("struct bpf_xdp_query_opts")
    check_ret(lib.bpf_xdp_query(ifindex, flags, opts), f"bpf_xdp_query(ifindex {ifindex})")
    return {"prog_id": opts.prog_id, "drv_prog_id": opts.drv_prog_id,
            "skb_prog_id": opts.skb_prog_id, "hw_prog_id": opts.hw_prog_id,
            "attach_mode": opts.attach_mode}


def _tc_hook(ifindex: int, attach_point: int):
    hook = ffi.new("struct bpf_tc_hook *")
    hook.sz = ffi.sizeof("struct bpf_tc_hook")
    hook.ifindex = ifindex
    hook.attach_point = attach_point
    return hook


def _tc_opts(handle: int = 0, priority: int = 0, prog_fd: int = 0, flags: int = 0):
    opts = ffi.new("struct bpf_tc_opts *")
    opts.sz = ffi.sizeof("struct bpf_tc_opts")
    opts.handle, opts.priority, opts.prog_fd, opts.flags = handle, priority, prog_fd, flags
    return opts


def tc_hook_create(ifindex: int, attach_point: int) -> bool:
    """Create the clsact qdisc; False when one already exists (EEXIST)."""
    ret = lib.bpf_tc_hook_create(_tc_hook(ifindex, attach_point))
    if ret == -17:  # EEXIST
        return False
    check_ret(ret, f"create clsact qdisc on ifindex {ifindex}")
    return True


def tc_hook_destroy(ifindex: int, attach_point: int) -> None:
    """INGRESS|EGRESS deletes the clsact qdisc; one direction flushes its filters."""
    check_ret(lib.bpf_tc_hook_destroy(_tc_hook(ifindex, attach_point)),
              f"destroy tc hook on ifindex {ifindex}")


def tc_attach(ifindex: int, attach_point: int, prog_fd: int, handle: int = 0,
              priority: int = 0, replace: bool = False) -> tuple[int, int, int]:
    """A direct-action cls_bpf filter; returns (handle, priority, prog_id) as the kernel chose."""
    opts = _tc_opts(handle, priority, prog_fd, 1 if replace else 0)  # BPF_TC_F_REPLACE
    check_ret(lib.bpf_tc_attach(_tc_hook(ifindex, attach_point), opts),
              f"bpf_tc_attach(ifindex {ifindex})")
    return opts.handle, opts.priority, opts.prog_id


def tc_detach(ifindex: int, attach_point: int, handle: int, priority: int) -> None:
    check_ret(lib.bpf_tc_detach(_tc_hook(ifindex, attach_point), _tc_opts(handle, priority)),
              f"bpf_tc_detach(ifindex {ifindex})")


def tc_query(ifindex: int, attach_point: int, handle: int, priority: int) -> int | None:
    """The program id of the filter at (handle, priority); None when there is none."""
    opts = _tc_opts(handle, priority)
    ret = lib.bpf_tc_query(_tc_hook(ifindex, attach_point), opts)
    if ret in (-2, -19, -22):  # ENOENT, ENODEV, EINVAL (no clsact qdisc)
        return None
    if ret < 0:
        raise _syscall_error(-ret, f"bpf_tc_query(ifindex {ifindex})")
    return opts.prog_id
