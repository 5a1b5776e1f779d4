"""USDT probes: BCC's USDT class and Program.attach_usdt, on a C program built here
(tests/usdt_target: every argument kind, a semaphore, a shared library) and on Debian's
python3.11, checking the exact values the BPF programs read."""
import ctypes as ct
import os
import subprocess

import pytest

from pybpf import AttachError, BPF, Object, PybpfError
from pybpf.bcc import USDT, USDTException

TEXT = r"""
struct str_t { char s[32]; };
BPF_ARRAY(vals, s64, 32);
BPF_ARRAY(hits, u64, 8);
BPF_ARRAY(sums, s64, 1);
BPF_ARRAY(strs, struct str_t, 1);

static __always_inline void put(int i, s64 v) { vals.update(&i, &v); }

int on_memory(struct pt_regs *ctx) {
    s8 a = 0; s16 b = 0; s32 c = 0; s64 d = 0; u8 e = 0; u16 f = 0; u32 g = 0; u64 h = 0;
    int narrow = 0; long wide = 0; char odd[3];
    int r = bpf_usdt_readarg(1, ctx, &a) | bpf_usdt_readarg(2, ctx, &b) |
            bpf_usdt_readarg(3, ctx, &c) | bpf_usdt_readarg(4, ctx, &d) |
            bpf_usdt_readarg(5, ctx, &e) | bpf_usdt_readarg(6, ctx, &f) |
            bpf_usdt_readarg(7, ctx, &g) | bpf_usdt_readarg(8, ctx, &h);
    put(0, a); put(1, b); put(2, c); put(3, d); put(4, e); put(5, f); put(6, g); put(7, h);
    bpf_usdt_readarg(4, ctx, &narrow);          /* an s64 into an int: truncated */
    bpf_usdt_readarg(1, ctx, &wide);            /* an s8 into a long: sign-extended */
    put(8, narrow); put(9, wide);
    put(10, bpf_usdt_readarg(1, ctx, &odd));    /* a 3-byte destination */
    put(11, bpf_usdt_readarg(9, ctx, &wide));   /* there is no 9th argument */
    put(12, r);
    hits.atomic_increment(0);
    return 0;
}

int on_constants(struct pt_regs *ctx) {
    int x = 0, y = 0; long z = 0;
    bpf_usdt_readarg(1, ctx, &x); bpf_usdt_readarg(2, ctx, &y); bpf_usdt_readarg(3, ctx, &z);
    put(13, x); put(14, y); put(15, z);
    hits.atomic_increment(1);
    return 0;
}

int on_string(struct pt_regs *ctx) {
    struct str_t s = {};
    long seq = 0;
    int zero = 0;
    put(16, bpf_usdt_readarg_p(1, ctx, &s.s, sizeof(s.s)));
    bpf_usdt_readarg(2, ctx, &seq);
    put(17, seq);
    strs.update(&zero, &s);
    hits.atomic_increment(2);
    return 0;
}

int on_registers(struct pt_regs *ctx) {
    long seq = 0, b = 0; int a = 0;
    bpf_usdt_readarg(1, ctx, &seq); bpf_usdt_readarg(2, ctx, &a); bpf_usdt_readarg(3, ctx, &b);
    put(18, seq); put(19, a); put(20, b);
    hits.atomic_increment(3);
    return 0;
}

int on_twice(struct pt_regs *ctx) {
    long v = 0;
    bpf_usdt_readarg(1, ctx, &v);
    sums.atomic_increment(0, v);
    hits.atomic_increment(4);
    return 0;
}

int on_guarded(struct pt_regs *ctx) {
    long seq = 0;
    bpf_usdt_readarg(1, ctx, &seq);
    put(21, seq);
    hits.atomic_increment(5);
    return 0;
}

int on_lib(struct pt_regs *ctx) {
    long seq = 0, triple = 0;
    bpf_usdt_readarg(1, ctx, &seq); bpf_usdt_readarg(2, ctx, &triple);
    put(22, seq); put(23, triple);
    hits.atomic_increment(6);
    return 0;
}
"""

ALL_PROBES = [("memory", "on_memory"), ("pybpft:constants", "on_constants"),
              ("string", "on_string"), ("registers", "on_registers"), ("twice", "on_twice"),
              ("guarded", "on_guarded"), ("pybpftlib:fire", "on_lib")]


class Target:
    """One run of the test program: ``fire(n)`` makes it hit every probe once."""

    def __init__(self, exe):
        self.proc = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        assert self.proc.stdout.readline().strip() == "ready"
        self.pid = self.proc.pid

    def fire(self, seq: int) -> dict:
        self.proc.stdin.write(f"{seq}\n")
        self.proc.stdin.flush()
        words = self.proc.stdout.readline().split()
        assert words[:2] == ["done", str(seq)], words
        return dict(w.split("=") for w in words[2:])

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


@pytest.fixture
def targets(usdt_target):
    started = []

    def start():
        started.append(Target(usdt_target.exe))
        return started[-1]

    yield start
    for t in started:
        t.stop()


def values(b):
    return {k.value: v.value for k, v in b["vals"].items()}


def hits(b):
    return [v.value for v in b["hits"].values()]


def test_every_argument_kind_read_exactly_in_one_process(targets):
    mine, other = targets(), targets()
    u = USDT(pid=mine.pid)
    for probe, fn in ALL_PROBES:
        u.enable_probe(probe, fn)
    with BPF(text=TEXT, usdt_contexts=[u]) as b:
        assert b.num_open_uprobes() == len(ALL_PROBES)
        assert not b.module._companions    # USDT functions load with the object itself
        assert mine.fire(7) == {"guarded": "1"}      # the semaphore is counted while attached
        assert other.fire(8) == {"guarded": "0"}     # another process: neither
        v = values(b)
        # memory operands (stack variables), signed and unsigned, 1/2/4/8 bytes
        assert [v[i] for i in range(7)] == [-8, -1600, -320000, -6400000000, 200, 60000,
                                            4000000000]
        assert ct.c_uint64(v[7]).value == 18000000000000000000
        assert v[8] == ct.c_int32(-6400000000).value   # converted to the destination's type
        assert v[9] == -8
        assert v[10] == -22            # -EINVAL: no 3-byte integers
        assert v[11] < 0               # no such argument
        assert v[12] == 0
        assert [v[13], v[14], v[15]] == [42, -7, 123456789]          # constants
        assert bytes(b["strs"][ct.c_int(0)].s).rstrip(b"\0") == b"hello from usdt"
        assert [v[16], v[17]] == [0, 7]
        assert [v[18], v[19], v[20]] == [7, -5, 77]                   # registers
        assert b["sums"][ct.c_int(0)].value == 14                     # two sites, seq each
        assert v[21] == 7                                             # behind a semaphore
        assert [v[22], v[23]] == [7, 21]                              # in a shared library
        assert hits(b)[:7] == [1, 1, 1, 1, 2, 1, 1]
    # detached with the BPF object: the semaphore is released
    assert mine.fire(9) == {"guarded": "0"}


def test_usdt_by_path_traces_processes_started_later(targets, usdt_target):
    exe = USDT(path=usdt_target.exe)
    exe.enable_probe("registers", "on_registers")
    exe.enable_probe("pybpft:guarded", "on_guarded")
    lib = USDT(path=usdt_target.lib)
    lib.enable_probe("fire", "on_lib")
    with BPF(text=TEXT, usdt_contexts=[exe, lib]) as b:
        first, second = targets(), targets()
        assert first.fire(3) == {"guarded": "1"}
        assert second.fire(4) == {"guarded": "1"}
        v = values(b)
        assert [v[20], v[21], v[22], v[23]] == [77, 4, 4, 12]
        assert hits(b)[3] == 2 and hits(b)[5] == 2 and hits(b)[6] == 2
        assert hits(b)[0] == 0         # not enabled


def test_attach_usdt_ignore_pid(targets):
    mine, other = targets(), targets()
    u = USDT(pid=mine.pid)
    u.enable_probe("registers", "on_registers")
    with BPF(text=TEXT, usdt_contexts=[u], attach_usdt_ignore_pid=True) as b:
        mine.fire(1)
        other.fire(2)
        assert hits(b)[3] == 2


LIBBPF_C = r"""
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

long seen_seq, seen_a, seen_b, seen_cookie, seen_cnt, calls;

SEC("usdt")
int BPF_USDT(on_registers, long seq, int a, long b)
{
    seen_seq = seq; seen_a = a; seen_b = b;
    seen_cookie = bpf_usdt_cookie(ctx);
    seen_cnt = bpf_usdt_arg_cnt(ctx);
    __sync_fetch_and_add(&calls, 1);
    return 0;
}

char _license[] SEC("license") = "GPL";
"""


def test_native_attach_usdt_with_cookie(targets, usdt_target):
    t = targets()
    with Object.from_source(LIBBPF_C, name="usdtnative").load() as obj:
        prog = obj.program("on_registers")
        with prog.attach_usdt(usdt_target.exe, "pybpft", "registers", pid=t.pid,
                              cookie=0xC0FFEE) as link:
            assert link.fd == -1 and link.kind == "usdt"
            t.fire(11)
            g = obj.globals
            assert (g["seen_seq"], g["seen_a"], g["seen_b"]) == (11, -5, 77)
            assert g["seen_cookie"] == 0xC0FFEE and g["seen_cnt"] == 3
        t.fire(12)                     # detached
        assert obj.globals["calls"] == 1
        # left attached: closing the object detaches it first
        prog.attach_usdt(usdt_target.exe, "pybpft", "registers", pid=t.pid)
    t.fire(13)


def test_usdt_section_auto_attach(targets, usdt_target):
    text = LIBBPF_C.replace('SEC("usdt")',
                            f'SEC("usdt/{usdt_target.exe}:pybpft:registers")')
    t = targets()
    with Object.from_source(text, name="usdtauto").load() as obj:
        (link,) = obj.attach_all()
        assert link.kind == "usdt" and link.fd == -1
        t.fire(21)
        assert (obj.globals["seen_seq"], obj.globals["calls"]) == (21, 1)


def test_native_attach_usdt_errors(targets, usdt_target):
    t = targets()
    with Object.from_source(LIBBPF_C, name="usdtnative").load() as obj:
        prog = obj.program("on_registers")
        with pytest.raises(AttachError, match=r"USDT probe 'pybpft:nope' not found in .*"
                                              r"probes there: .*pybpft:registers"):
            prog.attach_usdt(usdt_target.exe, "pybpft", "nope")
        with pytest.raises(AttachError, match="no process with pid"):
            prog.attach_usdt(usdt_target.exe, "pybpft", "registers", pid=2 ** 22 + 1)
        with pytest.raises(AttachError, match="no executable or library named"):
            prog.attach_usdt("/no/such/binary", "pybpft", "registers")
    no_usdt = LIBBPF_C.replace("#include <bpf/usdt.bpf.h>", "#include <bpf/bpf_tracing.h>")
    no_usdt = no_usdt[:no_usdt.index('SEC("usdt")')] + (
        'SEC("uprobe") int on_registers(void *ctx) { return 0; }\n'
        'char _license[] SEC("license") = "GPL";\n')
    with Object.from_source(no_usdt, name="nousdt").load() as obj:
        with pytest.raises(AttachError, match=r"usdt\.bpf\.h"):
            obj.program("on_registers").attach_usdt(usdt_target.exe, "pybpft", "registers",
                                                    pid=t.pid)


def test_bpf_errors_name_the_probe_and_process(targets):
    t = targets()
    u = USDT(pid=t.pid)
    with pytest.raises(USDTException, match=r"'nope' not found in process \d+ \(probes "
                                            r"there: .*pybpft:memory.*pybpftlib:fire"):
        u.enable_probe("nope", "on_memory")
    u.enable_probe("registers", "no_such_function")
    with pytest.raises(PybpfError, match="no function .no_such_function."):
        BPF(text=TEXT, usdt_contexts=[u])
    u = USDT(pid=t.pid)
    u.enable_probe("registers", "on_registers")
    t.stop()
    with pytest.raises(AttachError, match="no process with pid"):
        BPF(text=TEXT, usdt_contexts=[u])


PY_CHILD = """\
import sys
# CPython 3.11 fires function__entry only on its tracing path (a profile or trace function,
# or the line probe, turns it on)
sys.setprofile(lambda *args: None)
def pybpf_usdt_unique_function():
    return 1
print("ready", flush=True)
for line in sys.stdin:
    pybpf_usdt_unique_function()
    print("done", flush=True)
"""
PY_DEF_LINE = 5

PY_TEXT = r"""
struct entry_t { char file[64]; char fn[64]; int line; int ret; };
BPF_HASH(entries, u64, struct entry_t);

int trace_entry(struct pt_regs *ctx) {
    struct entry_t e = {};
    u64 addr = 0;
    bpf_usdt_readarg(2, ctx, &addr);
    bpf_probe_read_user(&e.fn, sizeof(e.fn), (void *)addr);
    e.ret = bpf_usdt_readarg_p(1, ctx, &e.file, sizeof(e.file));
    bpf_usdt_readarg(3, ctx, &e.line);
    if (e.fn[0] == 'p' && e.fn[1] == 'y' && e.fn[2] == 'b') {
        u64 key = bpf_get_current_pid_tgid();
        entries.update(&key, &e);
    }
    return 0;
}
"""

PYTHON311 = "/usr/bin/python3.11"


@pytest.fixture
def python_child():
    if not os.path.exists(PYTHON311):
        pytest.skip(f"needs {PYTHON311} (Debian's python3.11, built with USDT probes)")
    proc = subprocess.Popen([PYTHON311, "-c", PY_CHILD], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        proc.kill()
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()


def test_python311_function_entry_by_pid(python_child):
    u = USDT(pid=python_child.pid)
    u.enable_probe(probe="function__entry", fn_name="trace_entry")
    assert u.get_probe_arg_ctype("function__entry", 2) == "int32_t"
    with BPF(text=PY_TEXT, usdt_contexts=[u]) as b:
        python_child.stdin.write("go\n")
        python_child.stdin.flush()
        assert python_child.stdout.readline().strip() == "done"
        entries = list(b["entries"].values())
        assert entries, "function__entry never fired (is its semaphore counted?)"
        e = entries[0]
        assert e.fn.decode() == "pybpf_usdt_unique_function"
        assert e.file.decode() == "<string>"
        assert e.line == PY_DEF_LINE and e.ret == 0
        assert {k.value >> 32 for k in b["entries"].keys()} == {python_child.pid}
