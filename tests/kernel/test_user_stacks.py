"""User stacks from a uprobe: get_stackid(ctx, BPF_F_USER_STACK), StackTrace.walk, and
BPF.sym resolving each frame to the test program's function names."""
import os
import shutil
import subprocess

import pytest

from pybpf import BPF

TARGET_C = r"""
#include <stdio.h>
#include <unistd.h>

__attribute__((noinline)) int pybpf_leaf(int x) { return x * 3 + 1; }
__attribute__((noinline)) int pybpf_middle(int x) { return pybpf_leaf(x + 1) + 1; }
__attribute__((noinline)) int pybpf_outer(int x) { return pybpf_middle(x + 2) + 2; }

int main(void)
{
    char go;

    if (read(0, &go, 1) != 1)
        return 1;
    printf("%d\n", pybpf_outer(1));
    fflush(stdout);
    return read(0, &go, 1) == 1 ? 0 : 1;     /* stay alive while the stack is resolved */
}
"""

PROG = r"""
#include <uapi/linux/ptrace.h>
BPF_STACK_TRACE(stacks, 64);
BPF_HASH(ids, u32, int);

int on_leaf(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    int id = stacks.get_stackid(ctx, BPF_F_USER_STACK);
    ids.update(&pid, &id);
    return 0;
}
"""


@pytest.fixture
def target(tmp_path):
    cc = shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler (cc) to build the uprobe target")
    src, exe = tmp_path / "t.c", tmp_path / "stack_target"
    src.write_text(TARGET_C)
    # frame pointers: the kernel walks user stacks by them
    subprocess.run([cc, "-O1", "-fno-omit-frame-pointer", "-g", "-o", str(exe), str(src)],
                   check=True)
    return str(exe)


def test_user_stack_of_a_uprobe_resolves_to_function_names(target):
    child = subprocess.Popen([target], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        with BPF(text=PROG) as b:
            b.attach_uprobe(name=target, sym="pybpf_leaf", fn_name="on_leaf", pid=child.pid)
            child.stdin.write(b"g")
            child.stdin.flush()
            assert child.stdout.readline().strip() == b"16"
            sid = b["ids"][child.pid].value
            assert sid >= 0, f"get_stackid failed: {sid}"
            names = [b.sym(addr, child.pid).decode() for addr in b["stacks"].walk(sid)]
            # At a function's first instruction its frame is not set up yet, so walking the
            # frame pointers skips the direct caller (pybpf_middle), in BCC and perf alike.
            assert names[:3] == ["pybpf_leaf", "pybpf_outer", "main"], names
            # with offsets and the module, as BCC's tools print them
            frame = b.sym(next(b["stacks"].walk(sid)), child.pid, show_offset=True,
                          show_module=True).decode()
            assert frame.startswith("pybpf_leaf+0x") or frame.startswith("pybpf_leaf "), frame
            assert os.path.basename(target) in frame
            child.communicate(b"x", timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
