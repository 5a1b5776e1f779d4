"""BCC's own tools that need kprobes, unchanged under `pybpf run`, in the guest kernel.

The host kernel refuses them (no kprobes); here they attach real kprobes and kretprobes.
Their program texts depend only on their arguments, so scripts/vm-precompile.py runs each
entry of BCC_TOOL_RUNS on the host first (the compile fills the object cache, the attach
fails there) and the guest finds the objects in the shared cache.
"""
import os
import subprocess

import pytest

from pybpf import features

# (tool, arguments): run on the host by vm-precompile.py, in the guest by the tests
BCC_TOOL_RUNS = [("tcpconnect", ()), ("tcpaccept", ())]


@pytest.fixture(scope="module")
def loopback():
    # the guest boots with lo down; the guest is thrown away after the lane
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def _connections(tool, ready):
    from pybpf.testing.bcc_tools import LocalTcp, ToolRun, repeat

    if not features.has_kprobes():
        pytest.skip("this kernel has no kprobes")
    with LocalTcp() as tcp:
        # under TCG a Python start and a load take tens of seconds
        with ToolRun(tool, ready=ready, ready_timeout=300) as t:
            repeat(tcp.connect, seconds=3.0, every=0.3)
    return t, tcp.port


def test_tcpconnect_reports_a_local_connection(loopback):
    """kprobe + kretprobe on tcp_v4_connect; the socket's addresses read from struct sock."""
    t, port = _connections("tcpconnect", ready="DPORT")
    me = [line.split() for line in t.lines if line.split()[-1:] == [str(port)]]
    assert me, t.out
    # PID COMM IP SADDR DADDR DPORT
    assert any(f[2] == "4" and f[3] == "127.0.0.1" and f[4] == "127.0.0.1" for f in me), t.out
    assert any(f[0] == str(os.getpid()) for f in me), t.out


def test_tcpaccept_reports_a_local_accept(loopback):
    """kretprobe on inet_csk_accept; reads through casts of kernel pointers
    (`*(u8 *)((u64)&newsk->sk_gso_max_segs - 3)`)."""
    t, port = _connections("tcpaccept", ready="LPORT")
    # PID COMM IP RADDR RPORT LADDR LPORT
    me = [line.split() for line in t.lines if line.split()[-1:] == [str(port)]]
    assert any(f[0] == str(os.getpid()) and f[3] == "127.0.0.1" for f in me), t.out
