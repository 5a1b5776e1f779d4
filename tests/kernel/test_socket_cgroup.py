"""Socket filters and cgroup programs with real traffic across a veth pair in throwaway
namespaces, from processes placed in a throwaway cgroup: native API and BCC facade."""
import os
import select
import socket
import struct
import subprocess
import sys

import pytest

from pybpf import AttachError, BPF, Object
from pybpf.bcc import net as bcc_net
from pybpf.links import cgroup

pytestmark = pytest.mark.network

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SRC = r"""
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

__u64 icmp_seen = 0, udp_filtered = 0, egress_packets = 0, ingress_dropped = 0;
__u64 connects = 0;
int drop_port = 7777;
int deny_port = 9;

/* raw AF_PACKET socket: keep ICMP frames only */
SEC("socket")
int icmp_only(struct __sk_buff *skb)
{
    __u16 proto;
    __u8 ipproto;

    if (bpf_skb_load_bytes(skb, 12, &proto, 2) < 0 || proto != bpf_htons(0x0800))
        return 0;
    if (bpf_skb_load_bytes(skb, 14 + 9, &ipproto, 1) < 0 || ipproto != IPPROTO_ICMP)
        return 0;
    __sync_fetch_and_add(&icmp_seen, 1);
    return -1;                          /* keep the whole packet */
}

SEC("socket")
int drop_all(struct __sk_buff *skb)
{
    __sync_fetch_and_add(&udp_filtered, 1);
    return 0;
}

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
    __sync_fetch_and_add(&egress_packets, 1);
    return 1;                           /* allow */
}

SEC("cgroup_skb/ingress")
int drop_udp_port(struct __sk_buff *skb)
{
    struct iphdr ip;
    struct udphdr udp;

    if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)) < 0 || ip.protocol != IPPROTO_UDP)
        return 1;
    if (bpf_skb_load_bytes(skb, ip.ihl * 4, &udp, sizeof(udp)) < 0)
        return 1;
    if (udp.dest == bpf_htons(drop_port)) {
        __sync_fetch_and_add(&ingress_dropped, 1);
        return 0;                       /* drop */
    }
    return 1;
}

SEC("cgroup/connect4")
int deny_connect(struct bpf_sock_addr *ctx)
{
    __sync_fetch_and_add(&connects, 1);
    return ctx->user_port == bpf_htons(deny_port) ? 0 : 1;   /* 0: EPERM */
}

SEC("xdp")
int not_a_filter(struct xdp_md *ctx) { return XDP_PASS; }

char LICENSE[] SEC("license") = "GPL";
"""


# For BPF(text=...): BCC loads plain functions as whatever type load_func() asks for; with
# libbpf-style text a cgroup SEC() would be auto-attached by the facade, so the BCC-style
# functions sit in "socket" sections and load_func() retypes them.
BCC_SRC = SRC.split("/* raw AF_PACKET")[0] + r"""
SEC("socket")
int icmp_only(struct __sk_buff *skb)
{
    __u16 proto;
    __u8 ipproto;

    if (bpf_skb_load_bytes(skb, 12, &proto, 2) < 0 || proto != bpf_htons(0x0800))
        return 0;
    if (bpf_skb_load_bytes(skb, 14 + 9, &ipproto, 1) < 0 || ipproto != IPPROTO_ICMP)
        return 0;
    __sync_fetch_and_add(&icmp_seen, 1);
    return -1;
}

SEC("socket")
int count_egress(struct __sk_buff *skb)
{
    __sync_fetch_and_add(&egress_packets, 1);
    return 1;
}

char LICENSE[] SEC("license") = "GPL";
"""


@pytest.fixture
def obj():
    with Object.from_source(SRC, name="sockcg").load() as o:
        yield o


def frames(sock):
    """Every frame queued on a non-blocking raw socket: (ethertype, ip proto or None)."""
    out = []
    while True:
        try:
            data = sock.recv(65536)
        except BlockingIOError:
            return out
        ethertype = struct.unpack("!H", data[12:14])[0]
        out.append((ethertype, data[23] if ethertype == 0x0800 else None))


# --- socket filters ------------------------------------------------------------------------

def test_bcc_attach_raw_socket_keeps_only_what_the_filter_accepts(veth_pair):
    b = BPF(text=BCC_SRC)
    try:
        fn = b.load_func("icmp_only", BPF.SOCKET_FILTER)
        with veth_pair.right.enter():
            if hasattr(BPF, "attach_raw_socket"):
                BPF.attach_raw_socket(fn, veth_pair.right_if)
            else:   # not wired into the BPF class yet
                bcc_net.attach_raw_socket(b, fn, veth_pair.right_if)
        assert isinstance(fn.sock, int) and fn.sock > 0
        sock = socket.fromfd(fn.sock, socket.PF_PACKET, socket.SOCK_RAW, socket.IPPROTO_IP)
        with sock:
            assert veth_pair.ping(3) == 3
            assert veth_pair.send_udp(3) == 3
            seen = frames(sock)
        # requests in, replies out: all ICMP, no UDP, no ARP
        assert len(seen) == 6 and set(seen) == {(0x0800, socket.IPPROTO_ICMP)}
        assert b.module.globals["icmp_seen"] == 6
        fd = fn.sock
    finally:
        b.cleanup()
    with pytest.raises(OSError):
        os.fstat(fd)            # cleanup() closed the raw socket


def test_attach_socket_on_a_udp_socket(obj, veth_pair):
    rx = veth_pair.right.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx = veth_pair.left.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with rx, tx:
        rx.bind((veth_pair.right_ip, 7000))
        rx.settimeout(0.3)
        link = obj.program("drop_all").attach_socket(rx)
        tx.sendto(b"dropped", (veth_pair.right_ip, 7000))
        with pytest.raises(socket.timeout):
            rx.recv(100)
        assert obj.globals["udp_filtered"] == 1
        link.close()
        tx.sendto(b"delivered", (veth_pair.right_ip, 7000))
        assert rx.recv(100) == b"delivered"
        assert obj.globals["udp_filtered"] == 1
        assert rx.fileno() >= 0           # the caller's socket stays open


def test_socket_attach_errors(obj):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        with pytest.raises(AttachError, match="not_a_filter.*xdp program"):
            obj.program("not_a_filter").attach_socket(s)


# --- cgroups -----------------------------------------------------------------------------

SEND = """
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(int(sys.argv[3])):
    s.sendto(b"x", (sys.argv[1], int(sys.argv[2])))
print("sent")
"""

CONNECT = """
import socket
for port in sys.argv[2:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect((sys.argv[1], int(port)))
        print(port, "ok")
    except PermissionError:
        print(port, "EPERM")
"""

RECEIVE = """
import socket, time
socks = {}
for port in (7777, 7778):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((sys.argv[1], port))
    s.setblocking(False)
    socks[port] = s
print("ready", flush=True)
counts = {7777: 0, 7778: 0}
deadline = time.monotonic() + 1.5
while time.monotonic() < deadline:
    for port, s in socks.items():
        try:
            s.recv(100)
            counts[port] += 1
        except BlockingIOError:
            pass
    time.sleep(0.01)
print(counts[7777], counts[7778])
"""


def run_in(cg, pair, side, code, *args):
    res = cg.python(code, *args, netns=pair.side(side)[0])
    assert res.returncode == 0, res.stderr
    return res.stdout.split()


@pytest.mark.parametrize("legacy", [False, True], ids=["bpf_link", "prog_attach"])
def test_cgroup_skb_egress_counts_the_cgroup_traffic_only(obj, veth_pair, cgroup2, legacy):
    link = obj.program("count_egress").attach_cgroup(cgroup2.path, legacy=legacy)
    assert cgroup.query_cgroup(cgroup2.path, "egress") == [obj.program("count_egress").id]
    run_in(cgroup2, veth_pair, "left", SEND, veth_pair.right_ip, "7000", "3")
    assert obj.globals["egress_packets"] == 3
    assert veth_pair.send_udp(2) == 2           # from outside the cgroup: not counted
    assert obj.globals["egress_packets"] == 3
    link.close()
    assert cgroup.query_cgroup(cgroup2.path, "egress") == []
    run_in(cgroup2, veth_pair, "left", SEND, veth_pair.right_ip, "7000", "3")
    assert obj.globals["egress_packets"] == 3


def test_cgroup_skb_ingress_drops_for_sockets_in_the_cgroup(obj, veth_pair, cgroup2):
    with obj.program("drop_udp_port").attach_cgroup(cgroup2.path):
        proc = veth_pair.right.popen(
            [sys.executable, "-c", "import os, sys\nopen(sys.argv[2], 'w').write("
             "str(os.getpid()))\n" + RECEIVE, veth_pair.right_ip,
             os.path.join(cgroup2.path, "cgroup.procs")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([proc.stdout], [], [], 20)
        assert ready and proc.stdout.readline().strip() == "ready", proc.stderr.read()
        tx = veth_pair.left.socket(socket.AF_INET, socket.SOCK_DGRAM)
        with tx:
            for port in (7777, 7778):
                for _ in range(3):
                    tx.sendto(b"x", (veth_pair.right_ip, port))
        out, err = proc.communicate(timeout=20)
    assert out.split() == ["0", "3"], err
    assert obj.globals["ingress_dropped"] == 3


@pytest.mark.parametrize("legacy", [False, True], ids=["bpf_link", "prog_attach"])
def test_cgroup_connect4_denies_a_port(obj, veth_pair, cgroup2, legacy):
    with obj.program("deny_connect").attach_cgroup(cgroup2.path, "connect4", legacy=legacy):
        out = run_in(cgroup2, veth_pair, "left", CONNECT, veth_pair.right_ip, "9", "10")
    assert out == ["9", "EPERM", "10", "ok"]
    assert obj.globals["connects"] == 2
    out = run_in(cgroup2, veth_pair, "left", CONNECT, veth_pair.right_ip, "9")
    assert out == ["9", "ok"]                   # detached


def test_bcc_attach_func_and_detach_func(veth_pair, cgroup2):
    b = BPF(text=BCC_SRC)
    fd = os.open(cgroup2.path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fn = b.load_func("count_egress", BPF.CGROUP_SKB)
        attach_func = getattr(BPF, "attach_func", None)
        if attach_func is not None:
            BPF.attach_func(fn, fd, bcc_net.BPFAttachType.CGROUP_INET_EGRESS)
        else:  # not wired into the BPF class yet
            bcc_net.attach_func(b, fn, fd, bcc_net.BPFAttachType.CGROUP_INET_EGRESS)
        assert cgroup.query_cgroup(fd, "egress") == [fn.program.id]
        run_in(cgroup2, veth_pair, "left", SEND, veth_pair.right_ip, "7000", "2")
        assert b.module.globals["egress_packets"] == 2
        bcc_net.detach_func(b, fn, fd, bcc_net.BPFAttachType.CGROUP_INET_EGRESS)
        assert cgroup.query_cgroup(fd, "egress") == []
        # attached again and left attached: cleanup() detaches it
        bcc_net.attach_func(b, fn, fd, bcc_net.BPFAttachType.CGROUP_INET_EGRESS)
    finally:
        b.cleanup()
    assert cgroup.query_cgroup(fd, "egress") == []
    os.close(fd)


def test_cgroup_attach_errors(obj, cgroup2):
    with pytest.raises(AttachError, match="not_a_filter.*xdp program"):
        obj.program("not_a_filter").attach_cgroup(cgroup2.path)
    with pytest.raises(AttachError, match="cannot open cgroup"):
        obj.program("count_egress").attach_cgroup("no-such-cgroup-pybpf")
    with pytest.raises(Exception, match="unknown cgroup attach type"):
        obj.program("count_egress").attach_cgroup(cgroup2.path, "sideways")
    with pytest.raises(AttachError, match="attach type must match"):
        obj.program("deny_connect").attach_cgroup(cgroup2.path, "egress")


BCC_PROTO_SRC = r"""
#include <bcc/proto.h>

BPF_ARRAY(icmp_count, u64, 1);

int icmp_filter(struct __sk_buff *skb) {
    u8 *cursor = 0;
    struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));
    if (ethernet->type != ETH_P_IP)
        return 0;
    struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
    if (ip->nextp != IPPROTO_ICMP)
        return 0;
    int zero = 0;
    u64 *count = icmp_count.lookup(&zero);
    if (count)
        __sync_fetch_and_add(count, 1);
    return -1;
}
"""


def test_bcc_dialect_proto_h_socket_filter_on_real_packets(veth_pair):
    """BCC's packet-parsing dialect: <bcc/proto.h> structs, cursor_advance, field reads
    rewritten to packet loads (bpf_dext_pkt), as BCC's own socket-filter tools write them."""
    with BPF(text=BCC_PROTO_SRC) as b:
        fn = b.load_func("icmp_filter", BPF.SOCKET_FILTER)
        with veth_pair.right.enter():
            BPF.attach_raw_socket(fn, veth_pair.right_if)
        sock = socket.fromfd(fn.sock, socket.PF_PACKET, socket.SOCK_RAW, socket.IPPROTO_IP)
        with sock:
            assert veth_pair.ping(3) == 3
            assert veth_pair.send_udp(3) == 3
            seen = frames(sock)
        assert set(seen) == {(0x0800, socket.IPPROTO_ICMP)} and len(seen) == 6
        assert b["icmp_count"][0].value == 6
