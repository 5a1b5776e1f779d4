"""tc programs with real packets on a veth pair in throwaway namespaces: tcx links and
clsact/netlink filters, both directions, cleanup on every kind of exit, and BCC's
load_func(SCHED_CLS/SCHED_ACT) + pyroute2 pattern."""
import os
import select
import signal
import subprocess
import sys

import pytest

from pybpf import AttachError, BPF, Object, features
from pybpf.links import tc

pytestmark = pytest.mark.network

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SRC = r"""
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

__u64 ingress_icmp = 0, egress_icmp = 0, packets = 0;
int icmp_verdict = 0;                 /* TC_ACT_OK; 2 = TC_ACT_SHOT */

static __always_inline int is_icmp(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);

    return (void *)(ip + 1) <= end && eth->h_proto == bpf_htons(0x0800) &&
           ip->protocol == IPPROTO_ICMP;
}

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
    __sync_fetch_and_add(&packets, 1);
    if (!is_icmp(skb))
        return 0;
    if (skb->ingress_ifindex)
        __sync_fetch_and_add(&ingress_icmp, 1);
    else
        __sync_fetch_and_add(&egress_icmp, 1);
    return icmp_verdict;
}

SEC("tc")
int match_all(struct __sk_buff *skb) { return -1; }  /* non-direct-action: "matched" */

SEC("action")
int act_count(struct __sk_buff *skb)
{
    if (is_icmp(skb))
        __sync_fetch_and_add(&ingress_icmp, 1);
    return 0;
}

SEC("xdp")
int not_tc(struct xdp_md *ctx) { return XDP_PASS; }

char LICENSE[] SEC("license") = "GPL";
"""

MODES = ["tcx", "netlink"]


@pytest.fixture
def obj():
    with Object.from_source(SRC, name="tctest").load() as o:
        yield o


def in_right(pair, fn, *args, **kwargs):
    with pair.right.enter():
        return fn(*args, **kwargs)


def state(pair, direction="ingress"):
    """(programs on the direction, whether veth1 has a clsact qdisc)."""
    with pair.right.enter():
        return tc.query_tc(pair.right_if, direction), tc.has_clsact(pair.right_if)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("direction", ["ingress", "egress"])
def test_tc_counts_real_packets(obj, veth_pair, mode, direction):
    prog = obj.program("tc_count")
    link = in_right(veth_pair, prog.attach_tc, veth_pair.right_if, direction, mode=mode)
    assert link.mode == mode and link.direction == direction
    progs, clsact = state(veth_pair, direction)
    assert [p["prog_id"] for p in progs] == [prog.id]
    assert clsact is (mode == "netlink")
    assert veth_pair.ping(3) == 3
    # ingress sees the echo requests arriving, egress the replies leaving
    assert obj.globals[f"{direction}_icmp"] == 3
    assert obj.globals["ingress_icmp" if direction == "egress" else "egress_icmp"] == 0
    link.close()
    assert state(veth_pair, direction) == ([], False)
    assert veth_pair.ping(1) == 1
    assert obj.globals[f"{direction}_icmp"] == 3


@pytest.mark.parametrize("mode", MODES)
def test_tc_shot_drops_on_ingress(obj, veth_pair, mode):
    obj.globals["icmp_verdict"] = 2  # TC_ACT_SHOT
    with in_right(veth_pair, obj.program("tc_count").attach_tc, veth_pair.right_if,
                  mode=mode):
        assert veth_pair.ping(2, timeout=0.3) == 0
        assert veth_pair.send_udp(2) == 2
    assert veth_pair.ping(1) == 1


def test_netlink_keeps_a_clsact_qdisc_it_did_not_create(obj, veth_pair):
    ipr = veth_pair.right.ipr()
    ipr.tc("add", "clsact", veth_pair.right_ifindex)
    link = in_right(veth_pair, obj.program("tc_count").attach_tc, veth_pair.right_if,
                    mode="netlink")
    link.close()
    assert state(veth_pair) == ([], True)
    ipr.tc("del", "clsact", veth_pair.right_ifindex)


def test_netlink_qdisc_goes_with_the_last_pybpf_filter(obj, veth_pair):
    prog = obj.program("tc_count")
    ingress = in_right(veth_pair, prog.attach_tc, veth_pair.right_if, "ingress",
                       mode="netlink")
    egress = in_right(veth_pair, prog.attach_tc, veth_pair.right_if, "egress",
                      mode="netlink")
    ingress.close()
    assert state(veth_pair, "egress")[1] is True
    assert veth_pair.ping(1) == 1 and obj.globals["egress_icmp"] == 1
    egress.close()
    assert state(veth_pair, "egress") == ([], False)


def test_auto_uses_tcx_where_the_probe_finds_it(obj, veth_pair):
    # the host kernels here are >= 6.6; the VM lane checks the probe says no on 6.1
    with in_right(veth_pair, obj.program("tc_count").attach_tc, veth_pair.right_if) as link:
        assert link.mode == ("tcx" if features.has_tcx() else "netlink")


def test_attach_errors(obj, veth_pair):
    with pytest.raises(AttachError, match="not_tc.*xdp program"):
        in_right(veth_pair, obj.program("not_tc").attach_tc, veth_pair.right_if)
    with pytest.raises(AttachError, match="sched_act programs are tc actions"):
        in_right(veth_pair, obj.program("act_count").attach_tc, veth_pair.right_if)
    with pytest.raises(Exception, match="direction"):
        in_right(veth_pair, obj.program("tc_count").attach_tc, veth_pair.right_if, "sideways")


def test_bcc_load_func_sched_cls_with_pyroute2(veth_pair):
    """The BCC pattern: load_func() gives .fd/.name, pyroute2 installs the filter."""
    b = BPF(text=SRC)
    ipr = veth_pair.right.ipr()
    idx = veth_pair.right_ifindex
    try:
        cls = b.load_func("tc_count", BPF.SCHED_CLS)
        assert cls.fd > 0 and cls.name == b"tc_count"
        ipr.tc("add", "clsact", idx)
        ipr.tc("add-filter", "bpf", idx, ":1", fd=cls.fd, name=cls.name,
               parent="ffff:fff3", classid=1, direct_action=True)            # egress
        assert veth_pair.ping(2) == 2
        assert b.module.globals["egress_icmp"] == 2
    finally:
        if state(veth_pair)[1]:
            ipr.tc("del", "clsact", idx)
        b.cleanup()
    assert state(veth_pair) == ([], False)


def test_bcc_load_func_sched_act_with_pyroute2(veth_pair):
    """SCHED_ACT programs are tc actions (act_bpf), installed with pyroute2 as in BCC."""
    from pyroute2.netlink.exceptions import NetlinkError

    b = BPF(text=SRC)
    ipr = veth_pair.right.ipr()
    idx = veth_pair.right_ifindex
    try:
        act = b.load_func("act_count", BPF.SCHED_ACT)
        assert act.fd > 0 and act.name == b"act_count"
        assert act.program.type == BPF.SCHED_ACT
        ipr.tc("add", "clsact", idx)
        cls = b.load_func("match_all", BPF.SCHED_CLS)
        try:
            ipr.tc("add-filter", "bpf", idx, ":1", fd=cls.fd, name=cls.name,
                   parent="ffff:fff2", classid=1,
                   action={"kind": "bpf", "fd": act.fd, "name": act.name})
        except NetlinkError as exc:
            if exc.code == 2:  # ENOENT: no such action kind in this kernel
                pytest.skip("this kernel has no act_bpf (CONFIG_NET_ACT_BPF): SCHED_ACT "
                            "programs load but cannot be installed as tc actions")
            raise
        assert veth_pair.ping(2) == 2
        assert b.module.globals["ingress_icmp"] >= 2
    finally:
        if state(veth_pair)[1]:
            ipr.tc("del", "clsact", idx)
        b.cleanup()
    assert state(veth_pair) == ([], False)


# --- cleanup when the attaching process ends ------------------------------------------------

CHILD = r"""
import os, sys, time
from pybpf import Object
obj = Object.from_source(open(sys.argv[1]).read(), name="tcchild").load()
link = obj.program("tc_count").attach_tc(sys.argv[2], "ingress", mode=sys.argv[3])
print("attached", link.mode, flush=True)
how = sys.argv[4]
if how == "exception":
    raise RuntimeError("the script fails")
if how == "sigterm":
    time.sleep(120)
"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("how", ["exit", "exception", "sigterm"])
def test_tc_attachment_removed_when_the_script_ends(veth_pair, tmp_path, mode, how):
    src = tmp_path / "prog.bpf.c"
    src.write_text(SRC)
    proc = veth_pair.right.popen(
        [sys.executable, "-c", CHILD, str(src), veth_pair.right_if, mode, how],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline() if ready else ""
    assert line.split() == ["attached", mode], proc.communicate()[1]
    if how == "sigterm":
        assert [p["mode"] for p in state(veth_pair)[0]] == [mode]
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    expected_rc = {"exit": 0, "exception": 1, "sigterm": -signal.SIGTERM}[how]
    assert proc.returncode == expected_rc, err
    assert state(veth_pair) == ([], False)
    assert veth_pair.ping(1) == 1
