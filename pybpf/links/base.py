"""``Link``: one attachment of a program (or several, e.g. one perf event per CPU)."""
from __future__ import annotations

import weakref

from ..errors import AttachError, PybpfError, SyscallError
from ..resource import KernelResource


def _destroy_all(handles):
    for h in handles:
        h.destroy()


class Link(KernelResource):
    """An attached program. ``close()`` (or garbage collection, or process exit) detaches.

    ``pin(path)`` keeps the attachment alive in bpffs after the process exits.
    """

    def __init__(self, handles, *, program: str, target: str, kind: str):
        self._handles = list(handles)
        self.program = program
        self.target = target
        self.kind = kind
        self._finalizer = weakref.finalize(self, _destroy_all, self._handles)

    @property
    def fd(self) -> int:
        return self._handles[0].fd if self._handles else -1

    def pin(self, path: str) -> None:
        """Pin the link in bpffs (kernel 5.7); it then outlives this process until unpinned."""
        if len(self._handles) != 1:
            raise PybpfError(f"a {self.kind} link spanning {len(self._handles)} attachments "
                             "cannot be pinned as one")
        self._handles[0].pin(path)

    def unpin(self) -> None:
        for h in self._handles:
            if h.pin_path:
                h.unpin()

    def detach(self) -> None:
        """Detach now (bpf_link_detach, kernel 5.9); the Link stays valid but inert."""
        for h in self._handles:
            h.detach()

    def __repr__(self):
        state = "closed" if self.closed else f"fd={self.fd}"
        return f"<Link {self.kind} {self.program} -> {self.target} {state}>"


def attach_error(exc: Exception, program: str, target: str, hint: str = "") -> AttachError:
    """An AttachError naming the program, the target and the cause (libbpf's words too)."""
    why = exc.strerror if isinstance(exc, SyscallError) else str(exc)
    detail = [m.strip() for m in getattr(exc, "libbpf_messages", []) if "libbpf:" in m]
    text = f"cannot attach program '{program}' to {target}: {why}"
    if detail:
        text += "\n  " + "\n  ".join(d.replace("libbpf: ", "libbpf: ", 1) for d in detail[-3:])
    if hint:
        text += "\n" + hint
    err = AttachError(text)
    err.errno = getattr(exc, "errno", None)
    return err
