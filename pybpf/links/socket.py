"""Socket filters: a ``BPF_PROG_TYPE_SOCKET_FILTER`` program on one socket.

``SO_ATTACH_BPF`` (kernel 3.19) runs the program on every packet the socket would
receive; its return value is how many bytes to keep (0 drops the packet for this socket
only: nothing else on the machine is affected). On a raw ``AF_PACKET`` socket bound to an
interface this is tcpdump's model and BCC's ``attach_raw_socket``.

The attachment belongs to the socket: it ends when the socket closes (so also when the
process dies) or on ``close()`` of the returned Link (``SO_DETACH_BPF``). pybpf keeps its own
duplicate of the socket fd, so closing the Link never touches an unrelated fd that reused
the number.
"""
from __future__ import annotations

import os
import socket

from ..errors import AttachError, PybpfError
from .base import Link
from .netdev import resolve_ifindex

SO_ATTACH_BPF, SO_DETACH_BPF = 50, 27  # SO_DETACH_BPF == SO_DETACH_FILTER
ETH_P_ALL = 0x0003
PROG_TYPE_SOCKET_FILTER = 1


class _SocketFilter:
    """The program attached to (our duplicate of) a socket; ``owned`` sockets are closed
    with the attachment."""

    pin_path = None

    def __init__(self, sock: socket.socket, owned: bool):
        self._sock, self._owned = sock, owned

    @property
    def fd(self) -> int:
        return -1 if self._sock is None else self._sock.fileno()

    def pin(self, path):
        raise PybpfError("a socket filter has no link to pin: it lives with its socket")

    def unpin(self):
        pass

    def detach(self):
        if self._sock is not None and self._sock.fileno() >= 0:
            try:
                self._sock.setsockopt(socket.SOL_SOCKET, SO_DETACH_BPF, 0)
            except OSError:
                pass  # ENOENT: nothing attached any more

    def destroy(self):
        if self._sock is None:
            return
        sock, self._sock = self._sock, None
        try:
            if not self._owned and sock.fileno() >= 0:
                sock.setsockopt(socket.SOL_SOCKET, SO_DETACH_BPF, 0)
        except OSError:
            pass
        finally:
            sock.close()


def open_raw_socket(dev, *, nonblocking: bool = True) -> socket.socket:
    """A raw ``AF_PACKET`` socket receiving every frame on ``dev`` (needs CAP_NET_RAW), as
    BCC's ``bpf_open_raw_sock`` makes it: ``ETH_P_ALL``, non-blocking, close-on-exec."""
    _, ifname = resolve_ifindex(dev)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    try:
        sock.bind((ifname, ETH_P_ALL))
        sock.setblocking(not nonblocking)
    except BaseException:
        sock.close()
        raise
    return sock


def _as_socket(sock) -> socket.socket:
    fd = sock if isinstance(sock, int) else sock.fileno()
    return socket.socket(fileno=os.dup(fd))


def attach_socket(program, sock, *, owned: bool = False) -> Link:
    """Attach a socket filter program to ``sock`` (a socket object or an fd).

    With ``owned=True`` the Link takes ``sock`` itself (a socket object) and closes it on
    close(); otherwise it works on a duplicate and leaves the caller's socket open.
    """
    if program.type != PROG_TYPE_SOCKET_FILTER:
        raise AttachError(f"cannot attach program '{program.name}' to a socket: it is a "
                          f"{program.type_name} program; socket filters need "
                          "SEC(\"socket\") or load_func(name, BPF.SOCKET_FILTER)")
    ours = sock if owned else _as_socket(sock)
    try:
        ours.setsockopt(socket.SOL_SOCKET, SO_ATTACH_BPF, program.fd)
    except OSError as exc:
        if not owned:
            ours.close()
        raise AttachError(f"cannot attach program '{program.name}' to socket fd "
                          f"{sock if isinstance(sock, int) else sock.fileno()}: "
                          f"{exc.strerror}") from exc
    try:
        name = ours.getsockname()
    except OSError:
        name = "?"
    return Link([_SocketFilter(ours, owned)], program=program.name,
                target=f"socket {name}", kind="socket_filter")


def attach_raw_socket(program, dev) -> tuple[Link, int]:
    """Open a raw socket on ``dev``, attach the program, return ``(link, socket fd)``; the
    link owns the socket (closing it closes the socket)."""
    sock = open_raw_socket(dev)
    try:
        link = attach_socket(program, sock, owned=True)
    except BaseException:
        sock.close()
        raise
    link.target = f"raw socket on {resolve_ifindex(dev)[1]}"
    return link, sock.fileno()
