#!/usr/bin/env python3
"""Chapter 2: "Hello World!" in the trace log each time a program is executed.

A kprobe on the execve syscall. On kernels without kprobes, pybpf attaches the same program
to the syscalls:sys_enter_execve tracepoint instead and says so once.
"""
from pybpf import BPF

program = r"""
int hello(void *ctx) {
    bpf_trace_printk("Hello World!");
    return 0;
}
"""

b = BPF(text=program)
syscall = b.get_syscall_fnname("execve")
b.attach_kprobe(event=syscall, fn_name="hello")

try:
    b.trace_print()
except KeyboardInterrupt:
    pass
