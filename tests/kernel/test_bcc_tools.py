"""BCC's own tools (Debian's bpfcc-tools, /usr/sbin/<tool>-bpfcc) run unchanged under
`pybpf run`: each runs a few seconds beside a workload, is stopped with Ctrl-C (SIGINT) as a
user would, and its output must show the workload. Tools that are not installed are skipped.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time

import pytest

from pybpf import features
from pybpf.testing.bcc_tools import SBIN, LocalTcp, ToolRun, repeat

def test_execsnoop_shows_new_processes():
    marker = f"pybpf-exec-{os.getpid()}"
    with ToolRun("execsnoop", ready="PCOMM") as t:
        repeat(lambda: subprocess.run(["/bin/true", marker]))
    assert any("true" in line and marker in line for line in t.lines), t.out


def test_opensnoop_shows_opened_paths():
    with tempfile.NamedTemporaryFile(prefix="pybpf-open-") as f:
        with ToolRun("opensnoop", "-p", str(os.getpid()), ready="PATH") as t:
            repeat(lambda: open(f.name).close())
    assert any(line.endswith(f.name) for line in t.lines), t.out


def test_exitsnoop_shows_exit_codes():
    with ToolRun("exitsnoop", ready="PCOMM") as t:
        repeat(lambda: subprocess.run(["sh", "-c", "exit 3"]))
    assert any(line.split()[0] == "sh" and line.rstrip().endswith("3") for line in t.lines
               if line.split()), t.out


def test_killsnoop_shows_signals():
    child = subprocess.Popen(["sleep", "30"])
    try:
        with ToolRun("killsnoop", ready="PID") as t:
            repeat(lambda: os.kill(child.pid, 0))
    finally:
        child.kill()
        child.wait()
    # TIME PID COMM SIG TPID RESULT
    assert any(line.split()[3:5] == ["0", str(child.pid)] for line in t.lines[1:]
               if len(line.split()) >= 6), t.out


def test_syscount_counts_syscalls():
    with ToolRun("syscount", "-p", str(os.getpid()), ready="Ctrl+C") as t:
        repeat(lambda: os.getppid())
    counts = {line.split()[0]: line.split()[-1] for line in t.lines if len(line.split()) == 2}
    assert int(counts.get("getppid", "0")) >= 5, t.out


def test_funccount_on_tracepoints():
    with ToolRun("funccount", "-p", str(os.getpid()), "t:syscalls:sys_enter_getppid",
                 ready="Tracing") as t:
        repeat(lambda: os.getppid())
    counts = {line.split()[0]: line.split()[-1] for line in t.lines if len(line.split()) == 2}
    assert int(counts.get("syscalls:sys_enter_getppid", "0")) >= 5, t.out


def test_funccount_on_a_versioned_libc_symbol():
    """pthread_create has two symbol versions at one address (glibc 2.34+); libbpf 1.1
    refuses the name as ambiguous and pybpf resolves it itself."""
    script = "import threading\nfor _ in range(5): threading.Thread(target=int).start()\n"
    with ToolRun("funccount", "c:pthread_create", ready="Tracing") as t:
        repeat(lambda: subprocess.run([sys.executable, "-c", script]), seconds=1.0, every=0.2)
    counts = {line.split()[0]: line.split()[-1] for line in t.lines if len(line.split()) == 2}
    assert int(counts.get("pthread_create", "0")) >= 5, t.out


def test_statsnoop_skips_syscalls_this_architecture_lacks():
    with tempfile.NamedTemporaryFile(prefix="pybpf-stat-") as f:
        with ToolRun("statsnoop", "-p", str(os.getpid()), ready="PATH") as t:
            repeat(lambda: os.statvfs(f.name))   # statfs(2); os.stat is newfstatat
    assert any(line.endswith(f.name) for line in t.lines), t.out
    if not features.has_kprobes() and os.uname().machine == "x86_64":
        # __x64_sys_stat exists but x86-64's stat is newstat: no tracepoint, never called
        assert "__x64_sys_stat is not in this architecture's syscall table" in t.stderr


def test_runqlen_reads_a_kernel_struct_the_tool_declares():
    """runqlen declares `struct cfs_rq_partial` and reads it through a pointer it read from
    the kernel (task->se.cfs_rq): read at the declared offsets, not relocated."""
    with ToolRun("runqlen", "1", "1", ready="runqlen") as t:
        pass
    assert "runqlen" in t.out and "distribution" in t.out, t.out


def test_tcpstates_shows_local_connections():
    with LocalTcp() as tcp:
        with ToolRun("tcpstates", ready="SKADDR") as t:
            repeat(tcp.connect, seconds=1.0)
    port = tcp.port
    mine = [line for line in t.lines if str(port) in line.split()]
    assert any("SYN_SENT -> ESTABLISHED" in " ".join(line.split()) for line in mine), t.out


def test_trace_prints_tracepoint_arguments():
    with ToolRun("trace", "-p", str(os.getpid()),
                 't:syscalls:sys_enter_getppid "pybpf %d", args->__syscall_nr',
                 ready="PID") as t:
        repeat(lambda: os.getppid())
    nr = "110" if os.uname().machine == "x86_64" else r"\d+"
    assert any(re.search(rf"sys_enter_getppid\s+pybpf {nr}$", line) for line in t.lines), t.out


def test_trace_reads_through_a_uprobe_pointer_parameter():
    """`buf[0]` on a parameter of the probed function is read as BCC reads it (kernel or
    user memory: a uprobe's pointers are user addresses)."""
    payload = b"xpybpf-trace-probe-read\n"
    fd = os.open(os.devnull, os.O_WRONLY)
    try:
        with ToolRun("trace", "-p", str(os.getpid()),
                     f"p:c:write(int fd, const char *buf, size_t count) "
                     f"(count == {len(payload)}) \"%d %d %d\", buf[0], buf[1], count",
                     ready="PID") as t:
            repeat(lambda: os.write(fd, payload))
    finally:
        os.close(fd)
    assert any(line.split()[-3:] == ["120", "112", str(len(payload))] for line in t.lines
               if len(line.split()) >= 3), t.out


def test_tcpdrop_reads_tcp_flags_through_a_cast():
    """tcpdrop reads `((u_int8_t *)tcp)[13]` (a kernel struct pointer indexed as bytes)."""
    with LocalTcp(payload=True) as tcp:
        with ToolRun("tcpdrop", ready="SADDR") as t:
            repeat(tcp.connect, seconds=1.5)
    port = tcp.port
    mine = [line for line in t.lines if f"127.0.0.1:{port}" in line]
    assert any(re.search(r"\((?:[A-Z]+\|)*[A-Z]+\)$", line) for line in mine), t.out


def test_profile_samples_this_process():
    """profile compares addresses with the kernel's direct map base
    (__PAGE_OFFSET_BASE_L4 on x86-64, from the compat headers)."""
    with ToolRun("profile", "-p", str(os.getpid()), "-F", "199", ready="Sampling") as t:
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            sum(range(1000))
    assert any(line.strip().endswith(f"({os.getpid()})") for line in t.lines), t.out


def test_python_shell_wrapper_runs_ucalls():
    """pythoncalls-bpfcc is `$(dirname $0)/ucalls -l python "$@"`: the Python tool it runs
    runs under pybpf too."""
    python = "/usr/bin/python3.11"
    if not os.path.exists(python) or not os.path.exists(os.path.join(SBIN, "ucalls")):
        pytest.skip("needs /usr/bin/python3.11 (built with USDT probes) and /usr/sbin/ucalls")
    target = subprocess.Popen([python, "-c", "import time\nwhile True: time.sleep(0.05)"])
    try:
        time.sleep(0.3)
        with ToolRun("pythoncalls", str(target.pid), ready="Tracing calls") as t:
            time.sleep(0.5)
    finally:
        target.kill()
        target.wait()
    assert f"Tracing calls in process {target.pid} (language: python)" in t.out, t.out
    assert "METHOD" in t.out, t.out


def test_opensnoop_mount_namespace_filter_uses_the_pinned_map():
    """--mntnsmap names a pinned map of mount namespace ids (bcc.containers, a
    BPF_TABLE_PINNED): events from namespaces not in it are dropped."""
    from pybpf.maps.base import Map

    path = f"/sys/fs/bpf/pybpf_test_mntns_{os.getpid()}"
    if not os.path.isdir("/sys/fs/bpf"):
        pytest.skip("no BPF filesystem at /sys/fs/bpf")
    my_ns = os.stat("/proc/self/ns/mnt").st_ino
    try:
        with tempfile.NamedTemporaryFile(prefix="pybpf-ns-") as f:
            # the map does not exist yet: the tool creates and pins it, empty: nothing passes
            with ToolRun("opensnoop", "--mntnsmap", path, ready="PATH") as t:
                repeat(lambda: open(f.name).close(), seconds=1.0)
            assert not any(line.endswith(f.name) for line in t.lines), t.out
            assert os.path.exists(path)
            pinned = Map.from_pin(path)
            try:
                pinned.update(my_ns.to_bytes(8, "little"), (1).to_bytes(4, "little"))
            finally:
                pinned.close()
            # the tool reuses the pinned map, which now holds this namespace
            with ToolRun("opensnoop", "--mntnsmap", path, ready="PATH") as t:
                repeat(lambda: open(f.name).close(), seconds=1.0)
            assert any(line.endswith(f.name) for line in t.lines), t.out
    finally:
        if os.path.exists(path):
            os.unlink(path)


@pytest.mark.parametrize("name", [
    "biosnoop",
    # these load first: their kernel reads through casts and pointer parameters
    # (`*(u8 *)((u64)&newsk->sk_gso_max_segs - 3)`, `*ppos`) must pass the verifier
    "tcpaccept", "zfsslower"])
def test_kprobe_only_tool_names_the_missing_feature(name):
    if features.has_kprobes():
        pytest.skip("this kernel has kprobes")
    t = ToolRun(name)
    proc = subprocess.run(t.cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert "cannot attach kprobes" in last and "tracepoint" in last, proc.stderr
