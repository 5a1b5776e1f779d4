"""BCC scripts run unchanged under `pybpf run` (bcc.* aliased to pybpf)."""
import ctypes as ct
import os
import re
import subprocess
import sys

import pytest

SCRIPTS = os.path.join(os.path.dirname(__file__), "bcc_scripts")


def pybpf_run(script, *args):
    return subprocess.run([sys.executable, "-m", "pybpf.run", os.path.join(SCRIPTS, script),
                           *args], capture_output=True, text=True, timeout=120)


def test_bcc_script_with_hash_perf_tracepoint_deref_and_tail_call():
    proc = pybpf_run("everything.py")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    expected = re.search(r"expected pid=(\d+) ppid=(\d+)", out)
    pid, ppid = expected.groups()
    assert re.search(rf"^calls pid={pid} count=(\d+)$", out, re.M)
    assert int(re.search(rf"calls pid={pid} count=(\d+)", out).group(1)) >= 3
    events = re.findall(r"^event pid=(\d+) ppid=(\d+) comm=(\S+) dfd=(-?\d+)$", out, re.M)
    assert len(events) == 3
    for e_pid, e_ppid, comm, dfd in events:
        assert (e_pid, e_ppid) == (pid, ppid)          # task->real_parent->tgid, implicitly
        # args->dfd: AT_FDCWD; like BCC, the 8-byte `int dfd` field is an s64 holding the
        # register's 32-bit value
        assert ct.c_int32(int(dfd)).value == -100
    assert int(re.search(r"tail hits=(\d+)", out).group(1)) >= 3


def test_pybpf_run_cli_entry_and_exit_status(tmp_path):
    script = tmp_path / "exits.py"
    script.write_text("import sys\nfrom bcc import BPF\nimport bcc.table, bcc.utils\n"
                      "print(sys.argv[1:])\nsys.exit(3)\n")
    proc = subprocess.run([sys.executable, "-m", "pybpf.cli.main", "run", str(script), "a", "b"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stdout.strip() == "['a', 'b']"


def test_no_top_level_bcc_package_is_installed():
    proc = subprocess.run([sys.executable, "-c", "import bcc"], capture_output=True, text=True,
                          cwd="/")
    # a real BCC may be installed for the system Python; ours never provides one
    assert proc.returncode != 0 or "pybpf" not in proc.stdout + proc.stderr
    import importlib.util

    spec = importlib.util.find_spec("bcc")
    assert spec is None or "pybpf" not in (spec.origin or "")


def test_bcc_usdt_script_reads_python_function_entry():
    if not os.path.exists("/usr/bin/python3.11"):
        pytest.skip("needs /usr/bin/python3.11 (Debian's python3.11, built with USDT probes)")
    proc = pybpf_run("usdt_python.py", "-v")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "python:function__entry -> trace_entry" in out      # get_text(), as with -v
    pid = re.search(r"expected pid=(\d+)", out).group(1)
    entries = re.findall(r"^entry pid=(\d+) file=(\S+) fn=(\S+) line=(\d+)$", out, re.M)
    assert len(entries) == 3
    assert set(entries) == {(pid, "<string>", "pybpf_traced_function", "3")}
