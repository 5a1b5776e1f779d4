#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
struct tracepoint__sched__sched_switch {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	char prev_comm[16] __attribute__((aligned(8)));	/* offset 8, size 16 */
	pid_t prev_pid __attribute__((aligned(8)));	/* offset 24, size 4 */
	int prev_prio __attribute__((aligned(4)));	/* offset 28, size 4 */
	long prev_state __attribute__((aligned(8)));	/* offset 32, size 8 */
	char next_comm[16] __attribute__((aligned(8)));	/* offset 40, size 16 */
	pid_t next_pid __attribute__((aligned(8)));	/* offset 56, size 4 */
	int next_prio __attribute__((aligned(4)));	/* offset 60, size 4 */
} __attribute__((packed));
struct tracepoint__sched__sched_wakeup {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	char comm[16] __attribute__((aligned(8)));	/* offset 8, size 16 */
	pid_t pid __attribute__((aligned(8)));	/* offset 24, size 4 */
	int prio __attribute__((aligned(4)));	/* offset 28, size 4 */
	int target_cpu __attribute__((aligned(8)));	/* offset 32, size 4 */
} __attribute__((packed));
#line 1 "probes_prefixes.bcc.c"
// Auto-attach prefixes, syscall__ functions and extra parameters.
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */

SEC("kprobe/vfs_read") int kprobe__vfs_read(struct pt_regs *ctx
)
{ struct file *file = (struct file *)PT_REGS_PARM1((struct pt_regs *)ctx); char __user *buf = (char __user *)PT_REGS_PARM2((struct pt_regs *)ctx); size_t count = (size_t)PT_REGS_PARM3((struct pt_regs *)ctx);
    __pybpf_trace_printk("read %d", count);
    return 0;
}

SEC("kretprobe/vfs_read") int kretprobe__vfs_read(struct pt_regs *ctx)
{
    long ret = PT_REGS_RC(ctx);
    __pybpf_trace_printk("read returned %ld", ret);
    return 0;
}

SEC("kprobe/__x64_sys_openat") int kprobe____x64_sys_openat(struct pt_regs *ctx
)
{ int dfd = (int)__pybpf_sysarg1((struct pt_regs *)ctx); const char __user *filename = (const char __user *)__pybpf_sysarg2((struct pt_regs *)ctx); int flags = (int)__pybpf_sysarg3((struct pt_regs *)ctx); umode_t mode = (umode_t)__pybpf_sysarg4((struct pt_regs *)ctx);
    __pybpf_trace_printk("openat flags=%x mode=%o", flags, mode);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 18 "probes_prefixes.bcc.c"
SEC("tracepoint/syscalls/sys_enter_openat") int kprobe____x64_sys_openat__sce(struct pt_regs *ctx
)
{ int dfd = (int)__pybpf_sce(ctx)->args[0]; const char __user *filename = (const char __user *)__pybpf_sce(ctx)->args[1]; int flags = (int)__pybpf_sce(ctx)->args[2]; umode_t mode = (umode_t)__pybpf_sce(ctx)->args[3];
    __pybpf_trace_printk("openat flags=%x mode=%o", flags, mode);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 23 "probes_prefixes.bcc.c"


SEC("kretprobe/__x64_sys_openat") int kretprobe____x64_sys_openat(struct pt_regs *ctx)
{
    int fd = PT_REGS_RC(ctx);
    return fd < 0;
}
#include <pybpf/regs_syscall_exit.h>
#line 25 "probes_prefixes.bcc.c"
SEC("tracepoint/syscalls/sys_exit_openat") int kretprobe____x64_sys_openat__scx(struct pt_regs *ctx)
{
    int fd = PT_REGS_RC(ctx);
    return fd < 0;
}
#include <pybpf/regs_restore.h>
#line 29 "probes_prefixes.bcc.c"


SEC("kprobe/do_sys_openat2") int kprobe__do_sys_openat2(struct pt_regs *ctx)
{ int dfd = (int)PT_REGS_PARM1((struct pt_regs *)ctx); const char __user *filename = (const char __user *)PT_REGS_PARM2((struct pt_regs *)ctx);
    return 0;
}

SEC("kprobe") int syscall__clone(struct pt_regs *ctx
)
{ unsigned long flags = (unsigned long)__pybpf_sysarg1((struct pt_regs *)ctx); void *stack = (void *)__pybpf_sysarg2((struct pt_regs *)ctx); int *parent_tid = (int *)__pybpf_sysarg3((struct pt_regs *)ctx); int *child_tid = (int *)__pybpf_sysarg4((struct pt_regs *)ctx); unsigned long tls = (unsigned long)__pybpf_sysarg5((struct pt_regs *)ctx);
    u64 arg1 = PT_REGS_PARM1(ctx);
    __pybpf_trace_printk("clone %lx %lx", flags, arg1);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 36 "probes_prefixes.bcc.c"
SEC("tracepoint") int syscall__clone__sce(struct pt_regs *ctx
)
{ unsigned long flags = (unsigned long)__pybpf_sce(ctx)->args[0]; void *stack = (void *)__pybpf_sce(ctx)->args[1]; int *parent_tid = (int *)__pybpf_sce(ctx)->args[2]; int *child_tid = (int *)__pybpf_sce(ctx)->args[3]; unsigned long tls = (unsigned long)__pybpf_sce(ctx)->args[4];
    u64 arg1 = PT_REGS_PARM1(ctx);
    __pybpf_trace_printk("clone %lx %lx", flags, arg1);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 36 "probes_prefixes.bcc.c"
SEC("tracepoint") int syscall__clone__scx(struct pt_regs *ctx
)
{ unsigned long flags; __builtin_memset(&flags, 0, sizeof(flags)); void *stack; __builtin_memset(&stack, 0, sizeof(stack)); int *parent_tid; __builtin_memset(&parent_tid, 0, sizeof(parent_tid)); int *child_tid; __builtin_memset(&child_tid, 0, sizeof(child_tid)); unsigned long tls; __builtin_memset(&tls, 0, sizeof(tls));
    u64 arg1 = PT_REGS_PARM1(ctx);
    __pybpf_trace_printk("clone %lx %lx", flags, arg1);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 36 "probes_prefixes.bcc.c"
SEC("kprobe") int syscall__clone__gen(struct pt_regs *ctx
)
{ unsigned long flags = (unsigned long)__pybpf_sysarg1((struct pt_regs *)ctx); void *stack = (void *)__pybpf_sysarg2((struct pt_regs *)ctx); int *parent_tid = (int *)__pybpf_sysarg3((struct pt_regs *)ctx); int *child_tid = (int *)__pybpf_sysarg4((struct pt_regs *)ctx); unsigned long tls = (unsigned long)__pybpf_sysarg5((struct pt_regs *)ctx);
    u64 arg1 = PT_REGS_PARM1(ctx);
    __pybpf_trace_printk("clone %lx %lx", flags, arg1);
    return 0;
}
#line 42 "probes_prefixes.bcc.c"


SEC("kprobe/six_args") int kprobe__six_args(struct pt_regs *ctx
)
{ long a = (long)PT_REGS_PARM1((struct pt_regs *)ctx); long b = (long)PT_REGS_PARM2((struct pt_regs *)ctx); long c = (long)PT_REGS_PARM3((struct pt_regs *)ctx); long d = (long)PT_REGS_PARM4((struct pt_regs *)ctx); long e = (long)PT_REGS_PARM5((struct pt_regs *)ctx); long f = (long)PT_REGS_PARM6((struct pt_regs *)ctx);
    return a + b + c + d + e + f;
}

SEC("kprobe") int trace_entry(struct pt_regs *ctx)
{
    u64 fd = PT_REGS_PARM1(ctx), count = PT_REGS_PARM3(ctx);
    return fd + count;
}
#include <pybpf/regs_syscall_enter.h>
#line 50 "probes_prefixes.bcc.c"
SEC("tracepoint") int trace_entry__sce(struct pt_regs *ctx)
{
    u64 fd = PT_REGS_PARM1(ctx), count = PT_REGS_PARM3(ctx);
    return fd + count;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 50 "probes_prefixes.bcc.c"
SEC("tracepoint") int trace_entry__scx(struct pt_regs *ctx)
{
    u64 fd = PT_REGS_PARM1(ctx), count = PT_REGS_PARM3(ctx);
    return fd + count;
}
#include <pybpf/regs_restore.h>
#line 50 "probes_prefixes.bcc.c"
SEC("kprobe") int trace_entry__gen(struct pt_regs *ctx)
{
    u64 fd = PT_REGS_PARM1(ctx), count = PT_REGS_PARM3(ctx);
    return fd + count;
}
#line 54 "probes_prefixes.bcc.c"


SEC("kprobe") int trace_return(struct pt_regs *ctx)
{
    return PT_REGS_RC(ctx) > 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 56 "probes_prefixes.bcc.c"
SEC("tracepoint") int trace_return__sce(struct pt_regs *ctx)
{
    return PT_REGS_RC(ctx) > 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 56 "probes_prefixes.bcc.c"
SEC("tracepoint") int trace_return__scx(struct pt_regs *ctx)
{
    return PT_REGS_RC(ctx) > 0;
}
#include <pybpf/regs_restore.h>
#line 56 "probes_prefixes.bcc.c"
SEC("kprobe") int trace_return__gen(struct pt_regs *ctx)
{
    return PT_REGS_RC(ctx) > 0;
}
#line 59 "probes_prefixes.bcc.c"


SEC("kprobe") int no_params() {
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 61 "probes_prefixes.bcc.c"
SEC("tracepoint") int no_params__sce() {
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 61 "probes_prefixes.bcc.c"
SEC("tracepoint") int no_params__scx() {
    return 0;
}
#include <pybpf/regs_restore.h>
#line 61 "probes_prefixes.bcc.c"
SEC("kprobe") int no_params__gen() {
    return 0;
}
#line 63 "probes_prefixes.bcc.c"


SEC("tracepoint/sched/sched_switch") int tracepoint__sched__sched_switch(struct tracepoint__sched__sched_switch *args)
{
    __pybpf_trace_printk("%s -> %s", args->prev_comm, args->next_comm);
    return 0;
}

SEC("tracepoint") int my_wakeup(struct tracepoint__sched__sched_wakeup *args)
{
    return args->pid;
}

SEC("raw_tp/sys_enter") int raw_tracepoint__sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
    return ctx->args[1] == 59;
}

SEC("perf_event") int on_cpu_clock(struct bpf_perf_event_data *ctx)
{
    return ctx->sample_period > 0;
}

SEC("xdp") int xdp_pass(struct xdp_md *ctx)
{
    return XDP_PASS;
}

SEC("socket") int sock_filter(struct __sk_buff *skb)
{
    return skb->len > 64 ? -1 : 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int libbpf_style(void *ctx)
{
    return 0;
}

static __always_inline int plain_static(int x)
{
    return x * 2;
}

static inline int already_inline(int x)
{
    return x + 1;
}

static __always_inline int always(int x) { return x - 1; }

SEC("kprobe") int uses_helpers(struct pt_regs *ctx)
{
    return plain_static(1) + already_inline(2) + always(3);
}
#include <pybpf/regs_syscall_enter.h>
#line 114 "probes_prefixes.bcc.c"
SEC("tracepoint") int uses_helpers__sce(struct pt_regs *ctx)
{
    return plain_static(1) + already_inline(2) + always(3);
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 114 "probes_prefixes.bcc.c"
SEC("tracepoint") int uses_helpers__scx(struct pt_regs *ctx)
{
    return plain_static(1) + already_inline(2) + always(3);
}
#include <pybpf/regs_restore.h>
#line 114 "probes_prefixes.bcc.c"
SEC("kprobe") int uses_helpers__gen(struct pt_regs *ctx)
{
    return plain_static(1) + already_inline(2) + always(3);
}
#line 117 "probes_prefixes.bcc.c"



char _license[] SEC("license") = "GPL";
