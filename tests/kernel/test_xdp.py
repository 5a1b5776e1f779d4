"""XDP with real packets on a veth pair in throwaway namespaces: bpf_link and netlink
attachment, every mode, the BCC facade, and what happens when the attaching process dies."""
import os
import select
import signal
import subprocess
import sys
import time

import pytest

from pybpf import AttachError, BPF, Object
from pybpf.bcc import net as bcc_net
from pybpf.links import xdp

pytestmark = pytest.mark.network

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SRC = r"""
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

__u64 packets = 0;
__u64 icmp = 0;
int icmp_action = XDP_PASS;          /* .data: set from Python */

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);

    __sync_fetch_and_add(&packets, 1);
    if ((void *)(ip + 1) <= end && eth->h_proto == bpf_htons(0x0800) &&
        ip->protocol == IPPROTO_ICMP) {
        __sync_fetch_and_add(&icmp, 1);
        return icmp_action;
    }
    return XDP_PASS;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx) { return XDP_PASS; }

SEC("tc")
int not_xdp(struct __sk_buff *skb) { return 0; }

char LICENSE[] SEC("license") = "GPL";
"""


@pytest.fixture
def obj():
    with Object.from_source(SRC, name="xdptest").load() as o:
        yield o


def query(pair):
    with pair.right.enter():
        return xdp.query_xdp(pair.right_if)


def attach(pair, prog, *args, **kwargs):
    with pair.right.enter():
        return prog.attach_xdp(pair.right_if, *args, **kwargs)


@pytest.mark.parametrize("netlink", [False, True], ids=["bpf_link", "netlink"])
@pytest.mark.parametrize("mode,expect", [("auto", "drv"), ("drv", "drv"), ("skb", "skb")])
def test_xdp_sees_real_packets_in_every_mode(obj, veth_pair, mode, expect, netlink):
    prog = obj.program("xdp_count")
    link = attach(veth_pair, prog, mode, netlink=netlink)
    info = query(veth_pair)
    assert info["prog_id"] == prog.id and info["mode"] == expect
    assert link.netlink is netlink and link.ifname == veth_pair.right_if
    assert veth_pair.ping(3) == 3
    assert obj.globals["icmp"] == 3
    assert obj.globals["packets"] >= 4          # + the ARP request
    link.close()
    assert query(veth_pair)["prog_id"] == 0
    link.close()                                 # idempotent
    before = obj.globals["packets"]
    assert veth_pair.ping(1) == 1
    assert obj.globals["packets"] == before      # detached: no longer counting


@pytest.mark.parametrize("netlink", [False, True], ids=["bpf_link", "netlink"])
def test_xdp_drop_icmp_lets_udp_through(obj, veth_pair, netlink):
    obj.globals["icmp_action"] = BPF.XDP_DROP
    with attach(veth_pair, obj.program("xdp_count"), netlink=netlink):
        assert veth_pair.ping(2, timeout=0.3) == 0
        assert veth_pair.send_udp(3) == 3
    assert obj.globals["icmp"] == 2
    assert veth_pair.ping(1) == 1


def test_close_from_another_namespace_detaches_in_the_right_one(obj, veth_pair):
    link = attach(veth_pair, obj.program("xdp_count"), netlink=True)
    link.close()                                 # called from the test's own namespace
    assert query(veth_pair)["prog_id"] == 0


def test_link_cannot_replace_a_running_program(obj, veth_pair):
    with attach(veth_pair, obj.program("xdp_pass"), netlink=True):
        with pytest.raises(AttachError, match="already runs XDP program id"):
            attach(veth_pair, obj.program("xdp_count"))
        with pytest.raises(AttachError, match="replace=True"):
            attach(veth_pair, obj.program("xdp_count"), netlink=True)
        with attach(veth_pair, obj.program("xdp_count"), netlink=True, replace=True):
            assert query(veth_pair)["prog_id"] == obj.program("xdp_count").id
    assert query(veth_pair)["prog_id"] == 0


def test_netlink_keep_outlives_close_and_detach_xdp_removes_it(obj, veth_pair):
    link = attach(veth_pair, obj.program("xdp_count"), netlink=True)
    link.keep()
    link.close()
    assert query(veth_pair)["prog_id"] == obj.program("xdp_count").id
    with veth_pair.right.enter():
        xdp.detach_xdp(veth_pair.right_if)
    assert query(veth_pair)["prog_id"] == 0


def test_errors_name_program_and_interface(obj, veth_pair):
    with pytest.raises(AttachError, match="not_xdp.*sched_cls"):
        attach(veth_pair, obj.program("not_xdp"))
    with pytest.raises(AttachError, match="no network interface 'nope0'"):
        obj.program("xdp_count").attach_xdp("nope0")
    with pytest.raises(Exception, match="unknown XDP mode"):
        attach(veth_pair, obj.program("xdp_count"), "turbo")


def test_bcc_facade_attach_xdp_and_remove_xdp(veth_pair):
    b = BPF(text=SRC)
    try:
        fn = b.load_func("xdp_count", BPF.XDP)
        assert fn.fd > 0 and fn.name == b"xdp_count"
        attach_xdp = getattr(BPF, "attach_xdp", None)
        with veth_pair.right.enter():
            if attach_xdp is not None:
                b.attach_xdp(veth_pair.right_if, fn, BPF.XDP_FLAGS_SKB_MODE)
            else:   # not wired into the BPF class yet
                bcc_net.attach_xdp(b, veth_pair.right_if, fn, BPF.XDP_FLAGS_SKB_MODE)
        assert query(veth_pair)["mode"] == "skb"
        assert veth_pair.ping(2) == 2
        assert b.module.globals["icmp"] == 2
        with veth_pair.right.enter():
            if attach_xdp is not None:
                b.remove_xdp(veth_pair.right_if, BPF.XDP_FLAGS_SKB_MODE)
            else:
                bcc_net.remove_xdp(b, veth_pair.right_if, BPF.XDP_FLAGS_SKB_MODE)
        assert query(veth_pair)["prog_id"] == 0
        # flags: UPDATE_IF_NOEXIST refuses to replace; cleanup() removes what is attached
        with veth_pair.right.enter():
            bcc_net.attach_xdp(b, veth_pair.right_if, fn, 0)
            with pytest.raises(AttachError):
                bcc_net.attach_xdp(b, veth_pair.right_if, b.load_func("xdp_pass", BPF.XDP),
                                   BPF.XDP_FLAGS_UPDATE_IF_NOEXIST)
    finally:
        b.cleanup()
    assert query(veth_pair)["prog_id"] == 0


def test_bcc_remove_xdp_removes_a_netlink_program_it_did_not_attach(obj, veth_pair):
    link = attach(veth_pair, obj.program("xdp_count"), netlink=True)
    link.keep()   # as if another tool had attached it
    with veth_pair.right.enter():
        bcc_net.remove_xdp(None, veth_pair.right_if)
    assert query(veth_pair)["prog_id"] == 0
    link.close()


def test_bcc_attach_xdp_replaces_a_netlink_program_like_bcc(obj, veth_pair):
    b = BPF(text=SRC)
    try:
        old = attach(veth_pair, obj.program("xdp_pass"), netlink=True)
        with veth_pair.right.enter():
            bcc_net.attach_xdp(b, veth_pair.right_if, b.load_func("xdp_count", BPF.XDP))
        assert query(veth_pair)["prog_id"] == b.load_func("xdp_count", BPF.XDP).program.id
        old.close()   # no longer ours to detach: left alone
        assert query(veth_pair)["prog_id"] != 0
    finally:
        b.cleanup()
    assert query(veth_pair)["prog_id"] == 0


# --- process death -----------------------------------------------------------------------

CHILD = r"""
import sys, time
from pybpf import Object
obj = Object.from_source(open(sys.argv[1]).read(), name="xdpchild").load()
link = obj.program("xdp_count").attach_xdp(sys.argv[2], netlink=sys.argv[3] == "netlink")
print("attached", flush=True)
time.sleep(120)
"""


def start_child(pair, tmp_path, how):
    src = tmp_path / "prog.bpf.c"
    src.write_text(SRC)
    proc = pair.right.popen([sys.executable, "-c", CHILD, str(src), pair.right_if, how],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline() if ready else ""
    if line.strip() != "attached":
        proc.kill()
        raise AssertionError(f"child did not attach: {line!r} {proc.communicate()[1]}")
    return proc


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_kill_9_of_a_link_attached_script_leaves_the_interface_clean(veth_pair, tmp_path):
    proc = start_child(veth_pair, tmp_path, "link")
    assert query(veth_pair)["prog_id"] != 0
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    assert wait_until(lambda: query(veth_pair)["prog_id"] == 0), \
        "XDP program still attached after kill -9 of its bpf_link owner"
    assert veth_pair.ping(1) == 1


def test_kill_9_of_a_netlink_attached_script_leaves_it_running(veth_pair, tmp_path):
    """Why bpf_link is the default: netlink attachments outlive a killed process."""
    proc = start_child(veth_pair, tmp_path, "netlink")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    time.sleep(0.2)
    try:
        assert query(veth_pair)["prog_id"] != 0
    finally:
        with veth_pair.right.enter():
            xdp.detach_xdp(veth_pair.right_if)
    assert query(veth_pair)["prog_id"] == 0


def test_sigterm_of_a_netlink_attached_script_removes_it(veth_pair, tmp_path):
    proc = start_child(veth_pair, tmp_path, "netlink")
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGTERM     # still dies of the signal
    assert query(veth_pair)["prog_id"] == 0
