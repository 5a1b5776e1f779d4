// bpf_trace_printk without the size argument (0 to 5 arguments), and USDT arguments.
#define LOG(fmt, x) bpf_trace_printk(fmt, x)

static void trace_helper(int x)
{
    bpf_trace_printk("helper %d\n", x);
}

int printk(struct pt_regs *ctx)
{
    int a = 1, b = 2, c = 3, d = 4, e = 5;
    bpf_trace_printk("no args\n");
    bpf_trace_printk("one %d\n", a);
    bpf_trace_printk("three %d %d %d\n", a, b, c);
    bpf_trace_printk("five %d %d %d %d %d\n", a, b, c, d, e);
    bpf_trace_printk("multi"
                     " line %d\n",
                     a);
    LOG("macro %d\n", b);
    trace_helper(c);
    return 0;
}

int do_usdt(struct pt_regs *ctx)
{
    u64 addr = 0;
    char path[64];
    bpf_usdt_readarg(1, ctx, &addr);
    bpf_usdt_readarg_p(2, ctx, &path, sizeof(path));
    return addr != 0;
}
