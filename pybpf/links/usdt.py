"""USDT probes (``sys/sdt.h`` static tracepoints in user programs), through libbpf's support.

libbpf reads the probe's notes, places one uprobe per site, asks the kernel to count the
probe's semaphore while attached (so guarded probes fire) and stores each site's argument
locations where ``<bpf/usdt.bpf.h>``'s ``bpf_usdt_arg()`` finds them. The program is a
kprobe-type program and its object must include ``<bpf/usdt.bpf.h>``.

Kernel: uprobes (4.17 through perf_event_open), semaphores (4.20, ``ref_ctr_offset``),
BPF cookies (5.15) for shared libraries attached without a pid.
"""
from __future__ import annotations

from .._libbpf import links as ll
from ..errors import AttachError, PybpfError, SyscallError
from ..syms.paths import resolve_binary
from .base import Link, attach_error

_MISSING_MAPS_HINT = ("the BPF object has no USDT support maps: libbpf-style C must "
                      "#include <bpf/usdt.bpf.h> (BCC C passed to BPF(usdt_contexts=...) "
                      "gets it automatically)")


class UsdtLink(Link):
    """A USDT attachment: libbpf's link owning one uprobe per probe site.

    It has no fd of its own, so it cannot be pinned; ``detach()`` is ``close()``. It is
    tracked by its program's Object and closed before the object is, since libbpf's link
    refers to the object's USDT bookkeeping.
    """

    @property
    def fd(self) -> int:
        return -1

    def pin(self, path: str) -> None:
        raise PybpfError("a USDT link is a set of uprobes without an fd of its own: it "
                         "cannot be pinned")

    def detach(self) -> None:
        self.close()


def attach_usdt(program, binary: str, provider: str, name: str, *, pid: int = -1,
                cookie: int = 0) -> UsdtLink:
    """Attach ``program`` to every site of USDT probe ``provider:name`` in ``binary``.

    ``binary``: a path, a library name (``c``, ``libfoo.so.1``) or a program in PATH;
    ``pid`` > 0 limits the probe to that process (-1: every process running the file).
    ``cookie`` is what ``bpf_usdt_cookie(ctx)`` returns in the program.
    """
    from ..usdt.probes import probes_in, select

    what = f"USDT {provider}:{name} in {binary}" + (f" (pid {pid})" if pid > 0 else "")
    if pid > 0:
        from ..usdt.process import check_process

        try:
            check_process(pid)
        except PybpfError as exc:
            raise AttachError(f"cannot attach program '{program.name}' to {what}: "
                              f"{exc}") from exc
    path = resolve_binary(binary, pid if pid > 0 else None)
    if path is None:
        raise AttachError(f"cannot attach program '{program.name}' to {what}: no "
                          f"executable or library named {binary!r} was found")
    try:
        select(probes_in(path), f"{provider}:{name}", path)
    except (PybpfError, OSError) as exc:
        raise AttachError(f"cannot attach program '{program.name}': {exc}") from exc
    try:
        handle = ll.attach_usdt(program._handle, path, provider, name, pid=pid, cookie=cookie)
    except SyscallError as exc:
        messages = " ".join(getattr(exc, "libbpf_messages", []))
        hint = _MISSING_MAPS_HINT if "USDT support BPF maps" in messages else ""
        where = what if path == binary else f"{what} ({path})"
        raise attach_error(exc, program.name, where, hint) from exc
    link = UsdtLink([handle], program=program.name, target=f"usdt {path}:{provider}:{name}"
                    + (f" pid {pid}" if pid > 0 else ""), kind="usdt")
    return program._owner.track(link)
