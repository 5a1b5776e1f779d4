"""Kernel and user symbol helpers of the BPF class, against the running system."""
import ctypes
import os

from pybpf import BPF


def test_ksym_and_ksymname_roundtrip():
    addr = BPF.ksymname("do_sys_openat2")
    assert addr > 0
    assert BPF.ksym(addr) == b"do_sys_openat2"
    assert BPF.ksym(addr + 3, show_offset=True) == b"do_sys_openat2+0x3"
    assert BPF.ksym(addr, show_module=True) == b"do_sys_openat2 [kernel]"
    assert BPF.ksymname("no_such_symbol_pybpf") == -1


def test_sym_resolves_a_libc_function_in_this_process():
    libc = ctypes.CDLL("libc.so.6")
    addr = ctypes.cast(libc.abs, ctypes.c_void_p).value
    assert BPF.sym(addr, os.getpid()) == b"abs"
    assert BPF.sym(addr + 1, os.getpid(), show_offset=True) == b"abs+0x1"
    assert BPF.sym(8, os.getpid()) == b"[unknown]"


def test_kernel_struct_has_field_from_btf():
    assert BPF.kernel_struct_has_field(b"task_struct", b"real_parent") == 1
    assert BPF.kernel_struct_has_field("sock_common", "skc_dport") == 1   # in an anon union
    assert BPF.kernel_struct_has_field("task_struct", "no_such_field") == 0
    assert BPF.kernel_struct_has_field("no_such_struct", "x") == -1


def test_tracepoint_helpers():
    assert BPF.tracepoint_exists("syscalls", "sys_enter_openat")
    assert not BPF.tracepoint_exists("syscalls", "sys_enter_nonexistent")
    assert b"sched:sched_process_exec" in BPF.get_tracepoints("sched:sched_process_e.*")


def test_find_library_and_exe():
    assert BPF.find_library("c").endswith(b"libc.so.6")
    assert BPF.find_exe("true") in (b"/usr/bin/true", b"/bin/true")
    assert BPF.find_library("no-such-lib-pybpf") is None


def test_support_probes_tell_the_truth_on_this_kernel():
    from pybpf import features

    assert BPF.support_raw_tracepoint()
    assert BPF.support_kfunc() == features.has_fentry()
    assert BPF.support_lsm() == features.has_lsm()
    assert BPF.get_kprobe_functions(b"do_sys_open.*") == [] or features.has_kprobes()
