#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#include <bpf/usdt.bpf.h>
#line 1 "printk_usdt.bcc.c"
// bpf_trace_printk without the size argument (0 to 5 arguments), and USDT arguments.
#define LOG(fmt, x) __pybpf_trace_printk(fmt, x)

static __always_inline void trace_helper(int x)
{
    __pybpf_trace_printk("helper %d\n", x);
}

SEC("kprobe") int printk(struct pt_regs *ctx)
{
    int a = 1, b = 2, c = 3, d = 4, e = 5;
    __pybpf_trace_printk("no args\n");
    __pybpf_trace_printk("one %d\n", a);
    __pybpf_trace_printk("three %d %d %d\n", a, b, c);
    __pybpf_trace_printk("five %d %d %d %d %d\n", a, b, c, d, e);
    __pybpf_trace_printk("multi"
                     " line %d\n",
                     a);
    LOG("macro %d\n", b);
    trace_helper(c);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 9 "printk_usdt.bcc.c"
SEC("tracepoint") int printk__sce(struct pt_regs *ctx)
{
    int a = 1, b = 2, c = 3, d = 4, e = 5;
    __pybpf_trace_printk("no args\n");
    __pybpf_trace_printk("one %d\n", a);
    __pybpf_trace_printk("three %d %d %d\n", a, b, c);
    __pybpf_trace_printk("five %d %d %d %d %d\n", a, b, c, d, e);
    __pybpf_trace_printk("multi"
                     " line %d\n",
                     a);
    LOG("macro %d\n", b);
    trace_helper(c);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 9 "printk_usdt.bcc.c"
SEC("tracepoint") int printk__scx(struct pt_regs *ctx)
{
    int a = 1, b = 2, c = 3, d = 4, e = 5;
    __pybpf_trace_printk("no args\n");
    __pybpf_trace_printk("one %d\n", a);
    __pybpf_trace_printk("three %d %d %d\n", a, b, c);
    __pybpf_trace_printk("five %d %d %d %d %d\n", a, b, c, d, e);
    __pybpf_trace_printk("multi"
                     " line %d\n",
                     a);
    LOG("macro %d\n", b);
    trace_helper(c);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 9 "printk_usdt.bcc.c"
SEC("kprobe") int printk__gen(struct pt_regs *ctx)
{
    int a = 1, b = 2, c = 3, d = 4, e = 5;
    __pybpf_trace_printk("no args\n");
    __pybpf_trace_printk("one %d\n", a);
    __pybpf_trace_printk("three %d %d %d\n", a, b, c);
    __pybpf_trace_printk("five %d %d %d %d %d\n", a, b, c, d, e);
    __pybpf_trace_printk("multi"
                     " line %d\n",
                     a);
    LOG("macro %d\n", b);
    trace_helper(c);
    return 0;
}
#line 22 "printk_usdt.bcc.c"


SEC("kprobe") int do_usdt(struct pt_regs *ctx)
{
    u64 addr = 0;
    char path[64];
    __pybpf_usdt_readarg(1, ctx, &addr);
    __pybpf_usdt_readarg_p(2, ctx, &path, sizeof(path));
    return addr != 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 24 "printk_usdt.bcc.c"
SEC("tracepoint") int do_usdt__sce(struct pt_regs *ctx)
{
    u64 addr = 0;
    char path[64];
    __pybpf_usdt_readarg(1, ctx, &addr);
    __pybpf_usdt_readarg_p(2, ctx, &path, sizeof(path));
    return addr != 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 24 "printk_usdt.bcc.c"
SEC("tracepoint") int do_usdt__scx(struct pt_regs *ctx)
{
    u64 addr = 0;
    char path[64];
    __pybpf_usdt_readarg(1, ctx, &addr);
    __pybpf_usdt_readarg_p(2, ctx, &path, sizeof(path));
    return addr != 0;
}
#include <pybpf/regs_restore.h>
#line 24 "printk_usdt.bcc.c"
SEC("kprobe") int do_usdt__gen(struct pt_regs *ctx)
{
    u64 addr = 0;
    char path[64];
    __pybpf_usdt_readarg(1, ctx, &addr);
    __pybpf_usdt_readarg_p(2, ctx, &path, sizeof(path));
    return addr != 0;
}
#line 31 "printk_usdt.bcc.c"



char _license[] SEC("license") = "GPL";
