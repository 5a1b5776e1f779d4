// Programs for tests/kernel/test_attach.py: each counts what it saw for one target pid.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

const volatile int target_pid = 0;     /* set from Python before load (.rodata) */
__u64 tp_hits = 0;                      /* .bss */
__u64 raw_tp_hits = 0;
__u64 tp_btf_hits = 0;
__u64 uprobe_hits = 0;
__u64 uretprobe_value = 0;
__u64 perf_hits = 0;
long last_syscall_arg = 0;

static __always_inline int is_target(void)
{
    return (bpf_get_current_pid_tgid() >> 32) == target_pid;
}

SEC("tp/syscalls/sys_enter_getppid")
int on_getppid(struct trace_event_raw_sys_enter *ctx)
{
    if (is_target())
        __sync_fetch_and_add(&tp_hits, 1);
    return 0;
}

SEC("raw_tp/sys_enter")
int on_raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
    /* args[1] is the syscall number; 110 = getppid on x86_64 */
    if (is_target() && ctx->args[1] == 110)
        __sync_fetch_and_add(&raw_tp_hits, 1);
    return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_btf_sys_enter, struct pt_regs *regs, long id)
{
    if (is_target() && id == 110)
        __sync_fetch_and_add(&tp_btf_hits, 1);
    return 0;
}

SEC("uprobe")
int on_uprobe(struct pt_regs *ctx)
{
    if (is_target()) {
        __sync_fetch_and_add(&uprobe_hits, 1);
        last_syscall_arg = PT_REGS_PARM1(ctx);
    }
    return 0;
}

SEC("uretprobe")
int on_uretprobe(struct pt_regs *ctx)
{
    if (is_target())
        uretprobe_value = PT_REGS_RC(ctx);
    return 0;
}

SEC("perf_event")
int on_cpu_clock(void *ctx)
{
    __sync_fetch_and_add(&perf_hits, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
