// Auto-attach prefixes, syscall__ functions and extra parameters.
#include <uapi/linux/ptrace.h>

int kprobe__vfs_read(struct pt_regs *ctx, struct file *file, char __user *buf,
                     size_t count)
{
    bpf_trace_printk("read %d", count);
    return 0;
}

int kretprobe__vfs_read(struct pt_regs *ctx)
{
    long ret = PT_REGS_RC(ctx);
    bpf_trace_printk("read returned %ld", ret);
    return 0;
}

int kprobe____x64_sys_openat(struct pt_regs *ctx, int dfd, const char __user *filename,
                             int flags, umode_t mode)
{
    bpf_trace_printk("openat flags=%x mode=%o", flags, mode);
    return 0;
}

int kretprobe____x64_sys_openat(struct pt_regs *ctx)
{
    int fd = PT_REGS_RC(ctx);
    return fd < 0;
}

int kprobe__do_sys_openat2(struct pt_regs *ctx, int dfd, const char __user *filename)
{
    return 0;
}

int syscall__clone(struct pt_regs *ctx, unsigned long flags, void *stack,
                   int *parent_tid, int *child_tid, unsigned long tls)
{
    u64 arg1 = PT_REGS_PARM1(ctx);
    bpf_trace_printk("clone %lx %lx", flags, arg1);
    return 0;
}

int kprobe__six_args(struct pt_regs *ctx, long a, long b, long c, long d, long e,
                     long f)
{
    return a + b + c + d + e + f;
}

int trace_entry(struct pt_regs *ctx)
{
    u64 fd = PT_REGS_PARM1(ctx), count = PT_REGS_PARM3(ctx);
    return fd + count;
}

int trace_return(struct pt_regs *ctx)
{
    return PT_REGS_RC(ctx) > 0;
}

int no_params() {
    return 0;
}

int tracepoint__sched__sched_switch(struct tracepoint__sched__sched_switch *args)
{
    bpf_trace_printk("%s -> %s", args->prev_comm, args->next_comm);
    return 0;
}

int my_wakeup(struct tracepoint__sched__sched_wakeup *args)
{
    return args->pid;
}

int raw_tracepoint__sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
    return ctx->args[1] == 59;
}

int on_cpu_clock(struct bpf_perf_event_data *ctx)
{
    return ctx->sample_period > 0;
}

int xdp_pass(struct xdp_md *ctx)
{
    return XDP_PASS;
}

int sock_filter(struct __sk_buff *skb)
{
    return skb->len > 64 ? -1 : 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int libbpf_style(void *ctx)
{
    return 0;
}

static int plain_static(int x)
{
    return x * 2;
}

static inline int already_inline(int x)
{
    return x + 1;
}

static __always_inline int always(int x) { return x - 1; }

int uses_helpers(struct pt_regs *ctx)
{
    return plain_static(1) + already_inline(2) + always(3);
}
