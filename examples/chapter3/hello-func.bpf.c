// Chapter 3: a BPF-to-BPF function call. get_opcode() is kept out of line (__noinline), so
// the verifier sees two functions and `pybpf prog dump xlated` shows the call.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

static __noinline int get_opcode(struct bpf_raw_tracepoint_args *ctx)
{
    return ctx->args[1];   /* the syscall number, at the sys_enter raw tracepoint */
}

SEC("raw_tp/sys_enter")
int hello(struct bpf_raw_tracepoint_args *ctx)
{
    int opcode = get_opcode(ctx);
    bpf_printk("Syscall: %d", opcode);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
