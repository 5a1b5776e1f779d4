#!/usr/bin/env python3
# A BCC-style USDT tool written only against BCC's API (runs unchanged on BCC and `pybpf
# run`): python:function__entry of a Python process it starts, its arguments read with
# bpf_usdt_readarg / bpf_usdt_readarg_p, events through BPF_PERF_OUTPUT.
# usage: usdt_python.py [-v] [PYTHON]     (default /usr/bin/python3.11)
import subprocess
import sys
import time

from bcc import BPF, USDT
from bcc.usdt import USDT as USDTFromModule

assert USDT is USDTFromModule

child_code = """\
import sys
sys.setprofile(lambda *args: None)   # CPython 3.11: function__entry fires when tracing
def pybpf_traced_function(n):
    return n + 1
print("ready", flush=True)
for line in sys.stdin:
    pybpf_traced_function(1)
    print("done", flush=True)
"""

prog = r"""
#include <uapi/linux/ptrace.h>

struct event_t {
    u32 pid;
    int line;
    char file[64];
    char fn[64];
};
BPF_PERF_OUTPUT(events);

int trace_entry(struct pt_regs *ctx) {
    struct event_t ev = {};
    u64 addr = 0;
    ev.pid = bpf_get_current_pid_tgid() >> 32;
    bpf_usdt_readarg(2, ctx, &addr);
    bpf_probe_read_user(&ev.fn, sizeof(ev.fn), (void *)addr);
    bpf_usdt_readarg_p(1, ctx, &ev.file, sizeof(ev.file));
    bpf_usdt_readarg(3, ctx, &ev.line);
    events.perf_submit(ctx, &ev, sizeof(ev));
    return 0;
}
"""

args = [a for a in sys.argv[1:] if a != "-v"]
python = args[0] if args else "/usr/bin/python3.11"
child = subprocess.Popen([python, "-c", child_code], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
try:
    child.stdout.readline()
    u = USDT(pid=child.pid)
    u.enable_probe(probe="python:function__entry", fn_name="trace_entry")
    if "-v" in sys.argv:
        print(u.get_text())
    b = BPF(text=prog, usdt_contexts=[u])
    seen = []

    def on_event(cpu, data, size):
        ev = b["events"].event(data)
        if ev.fn.startswith(b"pybpf_"):
            seen.append(ev)
            print("entry pid=%d file=%s fn=%s line=%d" % (ev.pid, ev.file.decode(),
                                                          ev.fn.decode(), ev.line))

    b["events"].open_perf_buffer(on_event)
    for _ in range(3):
        child.stdin.write("go\n")
        child.stdin.flush()
        child.stdout.readline()
    deadline = time.monotonic() + 5
    while len(seen) < 3 and time.monotonic() < deadline:
        b.perf_buffer_poll(timeout=200)
    print("expected pid=%d" % child.pid)
finally:
    child.kill()
    child.wait()
