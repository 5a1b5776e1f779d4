#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "ch2_hello_tail.bcc.c"
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(key_size, sizeof(u32)); __uint(value_size, sizeof(u32)); __uint(max_entries, 300); } syscall SEC(".maps");

SEC("raw_tp") int hello(struct bpf_raw_tracepoint_args *ctx) {
    int opcode = ctx->args[1];
    __pybpf_call(syscall, ctx, opcode);
    __pybpf_trace_printk("Another syscall: %d", opcode);
    return 0;
}

SEC("kprobe") int hello_exec(void *ctx) {
    __pybpf_trace_printk("Executing a program");
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 10 "ch2_hello_tail.bcc.c"
SEC("tracepoint") int hello_exec__sce(void *ctx) {
    __pybpf_trace_printk("Executing a program");
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 10 "ch2_hello_tail.bcc.c"
SEC("tracepoint") int hello_exec__scx(void *ctx) {
    __pybpf_trace_printk("Executing a program");
    return 0;
}
#include <pybpf/regs_restore.h>
#line 10 "ch2_hello_tail.bcc.c"
SEC("kprobe") int hello_exec__gen(void *ctx) {
    __pybpf_trace_printk("Executing a program");
    return 0;
}
#line 13 "ch2_hello_tail.bcc.c"


SEC("raw_tp") int hello_timer(struct bpf_raw_tracepoint_args *ctx) {
    int opcode = ctx->args[1];
    switch (opcode) {
        case 222:
            __pybpf_trace_printk("Creating a timer");
            break;
        case 226:
            __pybpf_trace_printk("Deleting a timer");
            break;
        default:
            __pybpf_trace_printk("Some other timer operation");
            break;
    }
    return 0;
}

SEC("kprobe") int ignore_opcode(void *ctx) {
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 31 "ch2_hello_tail.bcc.c"
SEC("tracepoint") int ignore_opcode__sce(void *ctx) {
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 31 "ch2_hello_tail.bcc.c"
SEC("tracepoint") int ignore_opcode__scx(void *ctx) {
    return 0;
}
#include <pybpf/regs_restore.h>
#line 31 "ch2_hello_tail.bcc.c"
SEC("kprobe") int ignore_opcode__gen(void *ctx) {
    return 0;
}
#line 33 "ch2_hello_tail.bcc.c"



char _license[] SEC("license") = "GPL";
