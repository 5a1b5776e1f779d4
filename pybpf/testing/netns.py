"""Throwaway network namespaces and veth pairs, for tests and examples.

Network programs (XDP, tc, socket filters) need an interface and traffic. Attaching them
to a real interface such as ``eth0`` can cut a machine off the network, so tests and
examples build their own::

    with VethPair() as pair:                 # two fresh namespaces, veth0 <-> veth1
        with pair.right.enter():             # this thread only; bpffs/tracefs unaffected
            link = prog.attach_xdp(pair.right_if)
        replies = pair.ping(3)               # ICMP echo from left to right

Namespaces are anonymous by default: held only by file descriptors of this process, so
they and their interfaces vanish when it exits, even after ``kill -9``; nothing appears in
``ip netns list``. ``close()`` deletes the veth first, which removes any XDP program or tc
filter on it at once. Namespaces are entered with ``setns(2)`` on the calling thread, not
``ip netns exec`` (which remounts /sys and hides bpffs and tracefs). Needs CAP_SYS_ADMIN
(unshare) and CAP_NET_ADMIN; interfaces are configured through pyroute2 (imported lazily).
"""
from __future__ import annotations

import ctypes
import os
import random
import socket
import struct
import subprocess
import time
from contextlib import contextmanager

from ..links.netdev import CLONE_NEWNET, current_netns_fd, setns

__all__ = ["Netns", "VethPair", "default_route_interfaces"]


def _unshare_net() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare(CLONE_NEWNET): {os.strerror(err)} (needs root)")


class Netns:
    """A network namespace. ``name=None``: anonymous (fd-held, gone with the process);
    a name creates ``/run/netns/NAME`` (visible to ``ip netns``), removed by close()."""

    def __init__(self, name: str | None = None):
        self.name = name
        self._ipr = None
        if name is None:
            home = current_netns_fd()
            try:
                _unshare_net()
                try:
                    self.fd = current_netns_fd()
                finally:
                    setns(home)
            finally:
                os.close(home)
        else:
            from pyroute2 import netns as _pyroute2_netns

            _pyroute2_netns.create(name)
            self.fd = os.open(f"/run/netns/{name}", os.O_RDONLY | os.O_CLOEXEC)
        self.ino = os.fstat(self.fd).st_ino
        # no IPv6 autoconfiguration chatter (router solicitations, MLD) on new interfaces
        self.sysctl("net/ipv6/conf/all/disable_ipv6", 1, missing_ok=True)
        self.sysctl("net/ipv6/conf/default/disable_ipv6", 1, missing_ok=True)
        self.ipr().link("set", index=1, state="up")  # lo

    @contextmanager
    def enter(self):
        """Run the block with this thread in the namespace; sockets, netlink calls and child
        processes started inside stay in it."""
        home = current_netns_fd()
        setns(self.fd)
        try:
            yield self
        finally:
            setns(home)
            os.close(home)

    def ipr(self):
        """A pyroute2 IPRoute bound to this namespace (cached; closed by close())."""
        if self._ipr is None:
            from pyroute2 import IPRoute

            with self.enter():
                self._ipr = IPRoute()
        return self._ipr

    def sysctl(self, key: str, value, missing_ok: bool = False) -> None:
        """Write ``/proc/sys/<key>`` as seen from this namespace."""
        with self.enter():
            try:
                with open(f"/proc/sys/{key}", "w") as f:
                    f.write(str(value))
            except FileNotFoundError:
                if not missing_ok:
                    raise

    def ifindex(self, ifname: str) -> int:
        with self.enter():
            return socket.if_nametoindex(ifname)

    def socket(self, *args, **kwargs) -> socket.socket:
        """A socket living in this namespace (wherever it is used afterwards)."""
        with self.enter():
            return socket.socket(*args, **kwargs)

    def popen(self, args, **kwargs) -> subprocess.Popen:
        """Start a process inside the namespace (it inherits this thread's namespace)."""
        with self.enter():
            return subprocess.Popen(args, **kwargs)

    def close(self) -> None:
        """Close the namespace; idempotent. Interfaces in it go with its last reference."""
        if self._ipr is not None:
            self._ipr.close()
            self._ipr = None
        if getattr(self, "fd", None) is not None:
            os.close(self.fd)
            self.fd = None
            if self.name:
                from pyroute2 import netns as _pyroute2_netns

                _pyroute2_netns.remove(self.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<Netns {self.name or 'anonymous'} ino={self.ino}>"


class VethPair:
    """Two fresh namespaces joined by a veth pair: ``left`` (``veth0``, 10.248.0.1/24) and
    ``right`` (``veth1``, 10.248.0.2/24), IPv6 off so only the traffic you send flows."""

    def __init__(self, left_if: str = "veth0", right_if: str = "veth1",
                 left_ip: str = "10.248.0.1", right_ip: str = "10.248.0.2",
                 prefixlen: int = 24):
        self.left_if, self.right_if = left_if, right_if
        self.left_ip, self.right_ip = left_ip, right_ip
        self.left = self.right = None
        try:
            self.left, self.right = Netns(), Netns()
            self.left.ipr().link("add", ifname=left_if, kind="veth",
                                 peer={"ifname": right_if, "net_ns_fd": self.right.fd})
            for ns, ifname, ip in ((self.left, left_if, left_ip),
                                   (self.right, right_if, right_ip)):
                index = ns.ifindex(ifname)
                ns.ipr().addr("add", index=index, address=ip, prefixlen=prefixlen)
                ns.ipr().link("set", index=index, state="up")
            self.left_ifindex = self.left.ifindex(left_if)
            self.right_ifindex = self.right.ifindex(right_if)
            self._wait_carrier()
        except BaseException:
            self.close()
            raise

    def _wait_carrier(self, timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            links = self.left.ipr().get_links(self.left_ifindex)
            if links and links[0].get_attr("IFLA_OPERSTATE") == "UP":
                return
            time.sleep(0.02)
        raise TimeoutError(f"{self.left_if} <-> {self.right_if} did not come up")

    def side(self, which: str) -> tuple[Netns, str, str]:
        """(namespace, its interface, its address) of "left" or "right"."""
        if which == "left":
            return self.left, self.left_if, self.left_ip
        if which == "right":
            return self.right, self.right_if, self.right_ip
        raise ValueError(f"side must be 'left' or 'right', not {which!r}")

    def ping(self, count: int = 1, *, src: str = "left", timeout: float = 1.0,
             interval: float = 0.0) -> int:
        """Send ``count`` ICMP echo requests from ``src`` to the other side, one at a time;
        return how many replies came back (each waited for up to ``timeout`` seconds)."""
        ns = self.side(src)[0]
        dst = self.side("right" if src == "left" else "left")[2]
        ident = random.randrange(1, 0xFFFF)
        replies = 0
        with ns.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
            for seq in range(1, count + 1):
                sock.sendto(_echo_request(ident, seq), (dst, 0))
                replies += _wait_echo_reply(sock, ident, seq, dst, timeout)
                if interval and seq < count:
                    time.sleep(interval)
        return replies

    def send_udp(self, count: int = 1, *, src: str = "left", port: int = 9999,
                 payload: bytes = b"pybpf", timeout: float = 0.5) -> int:
        """Send ``count`` UDP datagrams from ``src`` to the other side's ``port``; return how
        many a socket bound there received."""
        sender_ns = self.side(src)[0]
        recv_ns, _, dst = self.side("right" if src == "left" else "left")
        with recv_ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx, \
                sender_ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
            rx.bind((dst, port))
            rx.settimeout(timeout)
            for _ in range(count):
                tx.sendto(payload, (dst, port))
            got = 0
            try:
                while got < count:
                    rx.recvfrom(65536)
                    got += 1
            except socket.timeout:
                pass
        return got

    def close(self) -> None:
        """Delete the veth (detaching whatever is on it) and both namespaces; idempotent."""
        if self.left is not None and self.left.fd is not None:
            try:
                index = self.left.ifindex(self.left_if)
                self.left.ipr().link("del", index=index)
            except OSError:
                pass  # already gone
        for ns in (self.left, self.right):
            if ns is not None:
                ns.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<VethPair {self.left_if}({self.left_ip}) <-> {self.right_if}({self.right_ip})>"


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def _echo_request(ident: int, seq: int) -> bytes:
    payload = b"pybpf-ping" + struct.pack("!d", time.time())
    header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    return struct.pack("!BBHHH", 8, 0, _checksum(header + payload), ident, seq) + payload


def _wait_echo_reply(sock, ident: int, seq: int, dst: str, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return 0
        sock.settimeout(left)
        try:
            data, (addr, _) = sock.recvfrom(65536)
        except socket.timeout:
            return 0
        ihl = (data[0] & 0x0F) * 4
        icmp_type, _, _, rid, rseq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
        if icmp_type == 0 and rid == ident and rseq == seq and addr == dst:
            return 1


def default_route_interfaces() -> set[str]:
    """Interfaces carrying a default route (IPv4 or IPv6) in this thread's namespace:
    attaching a dropping program there can cut the machine off."""
    out = set()
    try:
        with open("/proc/thread-self/net/route") as f:
            for line in list(f)[1:]:
                parts = line.split()
                if len(parts) > 2 and parts[1] == "00000000" and parts[7] == "00000000":
                    out.add(parts[0])
    except OSError:
        pass
    try:
        with open("/proc/thread-self/net/ipv6_route") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 10 and parts[0] == "0" * 32 and parts[1] == "00" \
                        and parts[9] != "lo":
                    out.add(parts[9])
    except OSError:
        pass
    return out
