"""What the network attach families (XDP, tc, cgroup, socket) share: interfaces by name or
index, the calling thread's network namespace (to detach where an attachment was made), and
the exit guard that detaches netlink attachments, which outlive the process, on SIGTERM and
SIGHUP."""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import threading
import weakref
from contextlib import contextmanager

from ..errors import AttachError

def resolve_ifindex(dev) -> tuple[int, str]:
    """(ifindex, name) of an interface given by name (str/bytes) or index, in the calling
    thread's network namespace."""
    if isinstance(dev, (bytes, bytearray)):
        dev = dev.decode()
    try:
        if isinstance(dev, int):
            return dev, socket.if_indextoname(dev)
        return socket.if_nametoindex(dev), dev
    except OSError:
        raise AttachError(f"no network interface {dev!r} in this network namespace "
                          "(list them with `ip link`)") from None


_libc = None
CLONE_NEWNET = 0x40000000


def setns(fd: int, nstype: int = CLONE_NEWNET) -> None:
    """setns(2) for the calling thread (not ``ip netns exec``: bpffs and tracefs stay)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    if _libc.setns(fd, nstype) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns: {os.strerror(err)}")


def current_netns_fd() -> int:
    """A new fd on the calling thread's network namespace."""
    return os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)


class NetnsRef:
    """The calling thread's network namespace, to come back to it later."""

    def __init__(self):
        self.fd = current_netns_fd()
        self.ino = os.fstat(self.fd).st_ino

    @contextmanager
    def entered(self):
        """Run the block in this namespace (this thread only), then return."""
        here = current_netns_fd()
        try:
            if os.fstat(here).st_ino == self.ino:
                yield
                return
            setns(self.fd)
            try:
                yield
            finally:
                setns(here)
        finally:
            os.close(here)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class _ExitGuard:
    """Detach netlink-based attachments (which outlive the process) on SIGTERM and SIGHUP.

    Installed on first use, from the main thread, for signals still at their default
    action; afterwards the signal is re-raised with the default action, so the process
    still dies of it. bpf_link attachments need none of this: the kernel detaches them.
    """

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self):
        self._live: weakref.WeakSet = weakref.WeakSet()
        self._installed = False

    def register(self, handle) -> None:
        self._live.add(handle)
        if self._installed or threading.current_thread() is not threading.main_thread():
            return
        self._installed = True
        for sig in self.SIGNALS:
            if signal.getsignal(sig) == signal.SIG_DFL:
                signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame):
        for handle in list(self._live):
            try:
                handle.destroy()
            except Exception as exc:  # keep going: the process is about to die
                print(f"pybpf: cleanup on signal {signum}: {exc}", file=sys.stderr)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


exit_guard = _ExitGuard()
