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
BCC_TOOL_RUNS = [("tcpconnect", ()), ("tcpaccept", ()), ("execsnoop", ()), ("killsnoop", ())]


@pytest.fixture(scope="module")
def loopback():
    # the guest boots with lo down; the guest is thrown away after the lane
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def _run(tool, ready, workload):
    from pybpf.testing.bcc_tools import ToolRun, repeat

    if not features.has_kprobes():
        pytest.skip("this kernel has no kprobes")
    # under TCG a Python start and a load take seconds
    with ToolRun(tool, ready=ready, ready_timeout=300) as t:
        repeat(workload, seconds=3.0, every=0.3)
    return t


def _connections(tool, ready):
    from pybpf.testing.bcc_tools import LocalTcp

    with LocalTcp() as tcp:
        t = _run(tool, ready, tcp.connect)
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


def test_execsnoop_reads_argv_through_a_syscall_kprobe():
    """syscall__execve on the real __x64_sys_execve kprobe: the arguments come from the
    syscall wrapper's inner pt_regs, argv strings from user memory."""
    marker = f"pybpf-vm-exec-{os.getpid()}"
    t = _run("execsnoop", "PCOMM", lambda: subprocess.run(["/bin/true", marker, "two"]))
    # PCOMM PID PPID RET ARGS
    assert any(f[:1] == ["true"] and f[3] == "0" and f[-2:] == [marker, "two"]
               for f in (line.split() for line in t.lines) if len(f) >= 6), t.out


def test_killsnoop_reports_signal_and_target():
    """syscall__kill (kprobe) and its kretprobe: signal, target pid and result."""
    child = subprocess.Popen(["sleep", "60"])
    try:
        t = _run("killsnoop", "PID", lambda: os.kill(child.pid, 0))
    finally:
        child.kill()
        child.wait()
    # TIME PID COMM SIG TPID RESULT
    assert any(f[1] == str(os.getpid()) and f[3:6] == ["0", str(child.pid), "0"]
               for f in (line.split() for line in t.lines[1:]) if len(f) >= 6), t.out
