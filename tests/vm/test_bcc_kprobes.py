"""BCC-style kprobes, kretprobes, fentry and LSM through the BPF class, in the guest kernel.

Every program text is listed in BCC_PROGRAMS so scripts/vm-precompile.py compiles it on the
host; the guest then finds the objects in the shared cache.
"""
import ctypes as ct
import os

import pytest

from pybpf import BPF, features

OPEN_ARGS = r"""
#include <uapi/linux/ptrace.h>
BPF_HASH(seen, u32, u64);
BPF_ARRAY(last_flags, u64, 1);

int on_open(struct pt_regs *ctx, int dfd, const char __user *filename, struct open_how *how)
{
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    u64 one = 1, *count;
    int zero = 0;
    u64 flags = how->flags;

    count = seen.lookup(&pid);
    if (count)
        __sync_fetch_and_add(count, 1);
    else
        seen.update(&pid, &one);
    last_flags.update(&zero, &flags);
    return 0;
}

int on_open_ret(struct pt_regs *ctx)
{
    int zero = 0;
    u64 ret = PT_REGS_RC(ctx);
    last_flags.update(&zero, &ret);
    return 0;
}
"""

AUTO_PREFIXES = r"""
BPF_ARRAY(hits, u64, 2);

int kprobe__vfs_read(struct pt_regs *ctx)
{
    int k = 0;
    u64 *v = hits.lookup(&k);
    if (v) __sync_fetch_and_add(v, 1);
    return 0;
}

int kretprobe__vfs_read(struct pt_regs *ctx)
{
    int k = 1;
    u64 *v = hits.lookup(&k);
    if (v) __sync_fetch_and_add(v, 1);
    return 0;
}
"""

KFUNC = r"""
BPF_ARRAY(calls, u64, 2);

KFUNC_PROBE(do_sys_openat2, int dfd, const char *filename, struct open_how *how)
{
    int k = 0;
    u64 *v = calls.lookup(&k);
    if (v) __sync_fetch_and_add(v, 1);
    return 0;
}

KRETFUNC_PROBE(do_sys_openat2, int dfd, const char *filename, struct open_how *how, long ret)
{
    int k = 1;
    u64 *v = calls.lookup(&k);
    if (v) *v = ret;
    return 0;
}
"""

LSM = r"""
BPF_ARRAY(opened, u64, 1);

LSM_PROBE(file_open, struct file *file)
{
    int k = 0;
    u64 *v = opened.lookup(&k);
    if (v) __sync_fetch_and_add(v, 1);
    return 0;
}
"""

TASK_DEREF = r"""
#include <linux/sched.h>
BPF_HASH(parents, u32, u32);

int on_getppid(struct pt_regs *ctx)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    u32 ppid = task->real_parent->tgid;
    parents.update(&pid, &ppid);
    return 0;
}
"""

BCC_PROGRAMS = [OPEN_ARGS, AUTO_PREFIXES, KFUNC, LSM, TASK_DEREF]


def _touch(path):
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def test_kprobe_with_function_arguments(tmp_path):
    with BPF(text=OPEN_ARGS) as b:
        seen, last_flags = b["seen"], b["last_flags"]   # first use imports: before the probe
        b.attach_kprobe(event="do_sys_openat2", fn_name="on_open")
        assert b.num_open_kprobes() == 1
        fd = os.open(str(tmp_path / "f"), os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        os.close(fd)
        flags = last_flags[0].value      # read before anything else opens a file
        assert seen[ct.c_uint(os.getpid())].value >= 1
        assert flags & os.O_APPEND
        b.detach_kprobe(event="do_sys_openat2")
        assert b.num_open_kprobes() == 0


def test_kretprobe_reads_return_value(tmp_path):
    with BPF(text=OPEN_ARGS) as b:
        b.attach_kretprobe(event="do_sys_openat2", fn_name="on_open_ret")
        with pytest.raises(FileNotFoundError):
            os.open(str(tmp_path / "missing" / "x"), os.O_RDONLY)
        assert ct.c_int64(b["last_flags"][0].value).value == -2


def test_kprobe_event_re(tmp_path):
    with BPF(text=OPEN_ARGS) as b:
        b.attach_kprobe(event_re=r"^do_sys_openat2$", fn_name="on_open")
        _touch(str(tmp_path / "g"))
        assert b["seen"][ct.c_uint(os.getpid())].value >= 1


def test_kprobe_and_kretprobe_prefixes_auto_attach():
    with BPF(text=AUTO_PREFIXES) as b:
        assert b.num_open_kprobes() == 2
        with open("/proc/self/stat") as f:
            f.read()
        assert b["hits"][0].value >= 1 and b["hits"][1].value >= 1


def test_implicit_dereference_of_kernel_pointers():
    with BPF(text=TASK_DEREF) as b:
        b.attach_kprobe(event=b.get_syscall_fnname("getppid"), fn_name="on_getppid")
        os.getppid()
        assert b["parents"][ct.c_uint(os.getpid())].value == os.getppid()


def test_kfunc_and_kretfunc(tmp_path):
    assert BPF.support_kfunc()
    with BPF(text=KFUNC) as b:
        _touch(str(tmp_path / "k"))
        assert b["calls"][0].value >= 1
        assert b["calls"][1].value >= 3   # an fd


def test_lsm_probe(tmp_path):
    if not BPF.support_lsm():
        pytest.skip("the guest was booted without 'bpf' in lsm= (VMTEST_APPEND)")
    with BPF(text=LSM) as b:
        _touch(str(tmp_path / "l"))
        assert b["opened"][0].value >= 1


def test_feature_answers_in_the_guest():
    assert features.has_kprobes()
    assert BPF.get_kprobe_functions(b"do_sys_openat2")
    assert BPF.support_kfunc() == features.has_fentry() is True
    assert features.has_tcx() is False          # tcx came in 6.6; the guest runs 6.1
