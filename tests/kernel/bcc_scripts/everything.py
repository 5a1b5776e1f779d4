#!/usr/bin/env python3
# A BCC-style tool written only against BCC's API (runs unchanged on BCC and `pybpf run`):
# BPF_HASH + lookup/update + items(), BPF_PERF_OUTPUT + .event(), TRACEPOINT_PROBE with
# args-> fields, an implicit task->real_parent->tgid read, and a BPF_PROG_ARRAY tail call.
import ctypes as ct
import os
import sys
import time

from bcc import BPF
from bcc.utils import printb

prog = r"""
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>

struct event_t {
    u32 pid;
    u32 ppid;
    char comm[TASK_COMM_LEN];
    long dfd;
};

BPF_HASH(calls, u32, u64);
BPF_PERF_OUTPUT(events);
BPF_PROG_ARRAY(jump, 4);
BPF_ARRAY(tail_hits, u64, 1);

int on_tail(void *ctx) {
    int zero = 0;
    u64 *hits = tail_hits.lookup(&zero);
    if (hits)
        __sync_fetch_and_add(hits, 1);
    return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_openat) {
    struct event_t ev = {};
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    u64 one = 1, *count;

    if (pid != TARGET_PID)
        return 0;
    count = calls.lookup(&pid);
    if (count)
        (*count)++;
    else
        calls.update(&pid, &one);

    ev.pid = pid;
    ev.ppid = task->real_parent->tgid;
    ev.dfd = args->dfd;
    bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
    events.perf_submit(args, &ev, sizeof(ev));
    jump.call(args, 1);
    return 0;
}
"""

b = BPF(text=prog, cflags=["-DTARGET_PID=%d" % os.getpid()])
fn = b.load_func("on_tail", BPF.TRACEPOINT)
b["jump"][ct.c_int(1)] = ct.c_int(fn.fd)

seen = []


def on_event(cpu, data, size):
    ev = b["events"].event(data)
    seen.append((ev.pid, ev.ppid, ev.comm, ev.dfd))


b["events"].open_perf_buffer(on_event)
for _ in range(3):
    with open("/proc/self/stat"):
        pass
deadline = time.time() + 5
while len(seen) < 3 and time.time() < deadline:
    b.perf_buffer_poll(timeout=200)

for k, v in b["calls"].items():
    print("calls pid=%d count=%d" % (k.value, v.value))
for pid, ppid, comm, dfd in seen[:3]:
    printb(b"event pid=%d ppid=%d comm=%s dfd=%d" % (pid, ppid, comm, dfd))
print("tail hits=%d" % b["tail_hits"][0].value)
print("expected pid=%d ppid=%d" % (os.getpid(), os.getppid()))
sys.exit(0)
