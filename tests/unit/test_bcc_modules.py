"""The bcc.* modules BCC's tools import beyond BPF (containers, tcp, exec, libbcc), the BPF
helpers tools call (get_probe_limit, get_user_functions_and_addresses), and the `pybpf run`
pieces that make shell wrappers and lazily imported bcc modules work."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from pybpf.bcc import BPF, containers, tcp
from pybpf.bcc import exec as bcc_exec
from pybpf.dialect import rewrite


def _rewrite(text):
    return rewrite(text, "<text>", tracepoint_format=lambda c, e: None)


def test_filter_by_containers_without_maps_filters_nothing():
    text = containers.filter_by_containers(SimpleNamespace(cgroupmap=None, mntnsmap=None))
    assert "BPF_TABLE_PINNED" not in text
    assert "static inline int container_should_be_filtered()" in text
    # tools built with older argparse setups may lack the attributes entirely
    assert containers.filter_by_containers(SimpleNamespace()) == text
    res = _rewrite(text + "int f(void *ctx) { return container_should_be_filtered(); }")
    assert res.tables == {}


def test_filter_by_containers_uses_the_pinned_maps():
    args = SimpleNamespace(cgroupmap="/sys/fs/bpf/cgroups", mntnsmap="/sys/fs/bpf/mntns")
    text = containers.filter_by_containers(args)
    res = _rewrite(text + "int f(void *ctx) { return container_should_be_filtered(); }")
    cg, ns = res.tables["cgroupset"], res.tables["mount_ns_set"]
    assert (cg.kind, cg.key_type, cg.leaf_type, cg.max_entries, cg.pin_path) == \
        ("hash", "u64", "u64", 1024, "/sys/fs/bpf/cgroups")
    assert (ns.kind, ns.key_type, ns.leaf_type, ns.max_entries, ns.pin_path) == \
        ("hash", "u64", "u32", 1024, "/sys/fs/bpf/mntns")
    # the mount namespace id is read with CO-RE from the kernel's struct mnt_namespace
    assert "BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum)" in res.source
    # tools guard their own partial struct mnt_namespace with this
    assert "#define MNT_NAMESPACE_DEFINED" in text


def test_print_container_info_defines_get_mntns_id():
    text = containers.print_container_info()
    assert "#define PRINT_CONTAINER_INFO" in text and "get_mntns_id()" in text


def test_tcp_states_and_flags():
    assert tcp.tcpstate[1] == "ESTABLISHED" and tcp.tcpstate[10] == "LISTEN"
    assert tcp.tcpstate[12] == "NEW_SYN_RECV" and len(tcp.tcpstate) == 12
    assert tcp.flags2str(tcp.TCPHDR_SYN | tcp.TCPHDR_ACK) == "SYN|ACK"
    assert tcp.flags2str(0xff) == "FIN|SYN|RST|PSH|ACK|URG|ECE|CWR"
    assert tcp.flags2str(0) == ""


def test_run_cmd_waits_for_cmd_ready(tmp_path):
    marker = tmp_path / "ran"
    pid = bcc_exec.run_cmd(["sh", "-c", f"echo $$ > {marker}"])
    try:
        time.sleep(0.2)
        assert not marker.exists()          # held until the probes are attached
        assert bcc_exec.cmd_exited() == 0
        # the tool's other children are not reaped by run_cmd's SIGCHLD handler
        import subprocess
        assert subprocess.run(["sh", "-c", "exit 7"]).returncode == 7
        assert bcc_exec.cmd_exited() == 0
        bcc_exec.cmd_ready()
        deadline = time.monotonic() + 10
        while not bcc_exec.cmd_exited() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert bcc_exec.cmd_exited() == 1
        assert marker.read_text().strip() == str(pid)   # exec'd in the forked child
    finally:
        import signal
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)


def test_libbcc_offers_the_fd_calls_only():
    from pybpf.bcc import libbcc

    assert libbcc.lib.bpf_obj_get(b"/nonexistent/pybpf-pin") == -1
    # every call fails as BCC's do: -1, the reason in errno
    import ctypes
    import errno
    key = ctypes.c_uint(0)
    assert libbcc.lib.bpf_delete_elem(-1, ctypes.byref(key)) == -1
    assert ctypes.get_errno() == errno.EBADF
    with pytest.raises(AttributeError, match="offers only bpf_delete_elem"):
        libbcc.lib.bcc_symcache_new


def test_get_probe_limit(monkeypatch):
    monkeypatch.delenv("BCC_PROBE_LIMIT", raising=False)
    assert BPF.get_probe_limit() == 1000
    monkeypatch.setenv("BCC_PROBE_LIMIT", "25")
    assert BPF.get_probe_limit() == 25


def test_get_user_functions_and_addresses():
    from pybpf.syms.paths import find_library

    found = BPF.get_user_functions_and_addresses("c", r"^(getpid|getppid)$")
    assert sorted(n for n, _ in found) == [b"getpid", b"getppid"]
    assert all(isinstance(a, int) and a > 0 for _, a in found)
    assert BPF.get_user_functions_and_addresses(find_library("c"), "^getpid$") == \
        [(n, a) for n, a in found if n == b"getpid"]
    with pytest.raises(Exception, match="no such binary"):
        BPF.get_user_functions_and_addresses("/nonexistent/pybpf", ".*")


def test_symbol_with_several_versions_resolves_to_one_offset():
    from pybpf.links.uprobe import _symbol_offset
    from pybpf.syms.elf import function_addresses
    from pybpf.syms.paths import find_library

    libc = find_library("c")
    if libc is None:
        pytest.skip("no libc found")
    # glibc 2.34+ exports pthread_create@GLIBC_2.2.5 and @@GLIBC_2.34 at one address
    if len(function_addresses(libc, "pthread_create")) != 1:
        pytest.skip("this libc's pthread_create has no single address")
    assert _symbol_offset(libc, "pthread_create") > 0
    assert _symbol_offset(libc, "no_such_function_pybpf") is None


# --- pybpf run ----------------------------------------------------------------------------

def test_shell_and_python_scripts_are_told_apart(tmp_path):
    from pybpf import run

    sh = tmp_path / "wrapper"
    sh.write_text('#!/bin/bash\nlib=$(dirname $0)\n$lib/tool -l python "$@"\n')
    env_sh = tmp_path / "wrapper2"
    env_sh.write_text("#!/usr/bin/env sh\necho hi\n")
    py = tmp_path / "tool"
    py.write_text("#!/usr/bin/python3\nfrom bcc import BPF\n")
    plain = tmp_path / "plain.py"
    plain.write_text("print(1)\n")
    assert run._shell_of(str(sh)) == "/bin/bash"
    assert run._shell_of(str(env_sh)) == "sh"
    assert run._shell_of(str(py)) is None and run._shell_of(str(plain)) is None
    assert run._is_bcc_python_tool(str(py))
    assert not run._is_bcc_python_tool(str(sh)) and not run._is_bcc_python_tool(str(plain))


def test_shell_wrapper_runs_its_sibling_tool_under_pybpf(tmp_path):
    tools = tmp_path / "sbin"
    tools.mkdir()
    wrapper = tools / "pythoncalls"
    wrapper.write_text('#!/bin/bash\nlib=$(dirname $0)\n$lib/ucalls -l python "$@"\n'
                       'ustat --by-name "$@"\n')
    for name, body in (("ucalls", "import sys, bcc\nfrom bcc.tcp import flags2str\n"
                                  "print('ucalls', sys.argv[1:], bcc.__name__, flags2str(18))\n"),
                       ("ustat", "import sys\nfrom bcc import BPF\n"
                                 "print('ustat', sys.argv[1:], BPF.__module__)\n")):
        tool = tools / name
        tool.write_text("#!/usr/bin/python3\n" + body)
        tool.chmod(0o755)
    wrapper.chmod(0o755)
    proc = subprocess.run([sys.executable, "-m", "pybpf.run", str(wrapper), "123"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "ucalls ['-l', 'python', '123'] pybpf.bcc SYN|ACK",
        "ustat ['--by-name', '123'] pybpf.bcc.bpf"]
    # the stand-in directory is gone
    assert not [d for d in os.listdir("/tmp") if d.startswith("pybpf-run-") and
                os.path.isdir(os.path.join("/tmp", d)) and
                os.stat(os.path.join("/tmp", d)).st_mtime > time.time() - 30 and
                os.path.exists(os.path.join("/tmp", d, "pythoncalls"))]


def test_shell_wrapper_exit_status(tmp_path):
    wrapper = tmp_path / "w"
    wrapper.write_text("#!/bin/sh\nexit 7\n")
    proc = subprocess.run([sys.executable, "-m", "pybpf.run", str(wrapper)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 7


def test_lazy_bcc_modules_import_under_pybpf_run(tmp_path):
    script = tmp_path / "s.py"
    script.write_text(
        "from bcc import tcp, BPF\n"
        "from bcc.containers import filter_by_containers\n"
        "from bcc.exec import run_cmd\n"
        "from bcc.libbcc import lib\n"
        "import bcc.tcp, bcc.containers\n"
        "print(tcp.tcpstate[1], bcc.tcp is tcp, bcc.containers.__name__)\n"
        "try:\n    import bcc.disassembler\nexcept ImportError as e:\n    print('no', e.name)\n")
    proc = subprocess.run([sys.executable, "-m", "pybpf.run", str(script)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["ESTABLISHED True pybpf.bcc.containers",
                                        "no bcc.disassembler"]
