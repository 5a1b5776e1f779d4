"""Every attach type the host kernel has, with a real trigger and what the program saw."""
import ctypes
import os
import time

import pytest

from pybpf import AttachError, Object, SyscallError, features
from pybpf._libbpf import syscalls as sc
from pybpf.links.perf_event import PERF_COUNT_SW_CPU_CLOCK, PERF_TYPE_SOFTWARE


def prog_path(name):
    return os.path.join(os.path.dirname(__file__), "progs", name)


libc = ctypes.CDLL("libc.so.6", use_errno=True)


@pytest.fixture
def obj():
    o = Object.open(prog_path("attach.bpf.c"))
    o.globals["target_pid"] = os.getpid()       # .rodata: before load
    with o.load():
        yield o


def test_rodata_set_before_load_is_visible(obj):
    assert obj.globals["target_pid"] == os.getpid()


def test_tracepoint(obj):
    with obj.program("on_getppid").attach_tracepoint("syscalls", "sys_enter_getppid"):
        for _ in range(5):
            os.getppid()
    assert obj.globals["tp_hits"] == 5
    os.getppid()  # detached: no longer counted
    assert obj.globals["tp_hits"] == 5


def test_tracepoint_auto_attach_from_section(obj):
    with obj.program("on_getppid").attach():
        os.getppid()
        os.getppid()
    assert obj.globals["tp_hits"] == 2


def test_raw_tracepoint(obj):
    with obj.program("on_raw_sys_enter").attach_raw_tracepoint("sys_enter"):
        for _ in range(3):
            os.getppid()
    assert obj.globals["raw_tp_hits"] == 3


def test_tp_btf(obj):
    with obj.program("on_btf_sys_enter").attach_trace():
        for _ in range(4):
            os.getppid()
    assert obj.globals["tp_btf_hits"] == 4


def test_uprobe_by_library_name_and_symbol(obj):
    # libc's `abs` is a plain function called through ctypes: argument visible in PARM1
    with obj.program("on_uprobe").attach_uprobe("c", "abs", pid=os.getpid()):
        for _ in range(3):
            libc.abs(-42)
    assert obj.globals["uprobe_hits"] == 3
    assert obj.globals["last_syscall_arg"] == -42


def test_uretprobe_reads_return_value(obj):
    with obj.program("on_uretprobe").attach_uprobe("libc.so.6", "getpid", retprobe=True):
        libc.getpid()
    assert obj.globals["uretprobe_value"] == os.getpid()


def test_uprobe_unknown_binary_names_it(obj):
    with pytest.raises(AttachError, match="no-such-library-xyz"):
        obj.program("on_uprobe").attach_uprobe("no-such-library-xyz", "f")


def test_perf_event_software_cpu_clock(obj):
    with obj.program("on_cpu_clock").attach_perf_event(
            PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, sample_freq=1000):
        end = time.monotonic() + 0.2
        while time.monotonic() < end:
            pass
    assert obj.globals["perf_hits"] > 10


def test_kprobe_attach_on_kernel_without_kprobes_names_feature(obj):
    if features.has_kprobes():
        pytest.skip("this kernel has kprobes (covered by the VM lane)")
    with pytest.raises(AttachError, match="kprobes"):
        obj.program("on_uprobe").attach_kprobe("do_sys_openat2")


def test_object_close_detaches_tracked_links():
    o = Object.open(prog_path("attach.bpf.c"))
    o.globals["target_pid"] = os.getpid()
    o.load()
    link = o.track(o.program("on_getppid").attach())
    link_id = sc.link_info(link.fd)["id"]
    prog_id = o.program("on_getppid").id
    os.getppid()
    bss = o.map(".bss")
    o.close()
    o.close()  # idempotent
    assert o.closed and link.closed
    assert link_id not in sc.object_ids("link")     # detached
    assert prog_id not in sc.object_ids("prog")     # unloaded
    with pytest.raises(SyscallError):               # EBADF, never another object's fd
        bss.lookup(0)
