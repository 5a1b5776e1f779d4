#!/usr/bin/env python3
"""Chapter 2: tail calls. One program on the sys_enter raw tracepoint looks the syscall
number up in a program array and tail-calls its handler; unhandled syscalls fall through."""
import ctypes as ct

from pybpf import BPF

program = r"""
BPF_PROG_ARRAY(syscall, 500);

int hello(struct bpf_raw_tracepoint_args *ctx) {
    int opcode = ctx->args[1];
    syscall.call(ctx, opcode);
    bpf_trace_printk("Another syscall: %d", opcode);
    return 0;
}

int hello_exec(void *ctx) {
    bpf_trace_printk("Executing a program");
    return 0;
}

int hello_timer(struct bpf_raw_tracepoint_args *ctx) {
    int opcode = ctx->args[1];
    switch (opcode) {
        case 222:
            bpf_trace_printk("Creating a timer");
            break;
        case 226:
            bpf_trace_printk("Deleting a timer");
            break;
        default:
            bpf_trace_printk("Some other timer operation");
            break;
    }
    return 0;
}

int ignore_opcode(void *ctx) {
    return 0;
}
"""

b = BPF(text=program)
b.attach_raw_tracepoint(tp="sys_enter", fn_name="hello")

ignore_fn = b.load_func("ignore_opcode", BPF.RAW_TRACEPOINT)
exec_fn = b.load_func("hello_exec", BPF.RAW_TRACEPOINT)
timer_fn = b.load_func("hello_timer", BPF.RAW_TRACEPOINT)

prog_array = b.get_table("syscall")

# Ignore all syscalls initially
for i in range(len(prog_array)):
    prog_array[ct.c_int(i)] = ct.c_int(ignore_fn.fd)

# Only enable a few syscalls (x86_64 numbers)
prog_array[ct.c_int(59)] = ct.c_int(exec_fn.fd)     # execve
prog_array[ct.c_int(222)] = ct.c_int(timer_fn.fd)   # timer_create
prog_array[ct.c_int(223)] = ct.c_int(timer_fn.fd)   # timer_settime
prog_array[ct.c_int(224)] = ct.c_int(timer_fn.fd)   # timer_gettime
prog_array[ct.c_int(225)] = ct.c_int(timer_fn.fd)   # timer_getoverrun
prog_array[ct.c_int(226)] = ct.c_int(timer_fn.fd)   # timer_delete

try:
    b.trace_print()
except KeyboardInterrupt:
    pass
