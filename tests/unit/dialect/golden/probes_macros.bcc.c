// Probe macros: tracepoints (with __data_loc fields), raw tracepoints, BTF probes.
#include <linux/sched.h>

struct exec_t { u32 pid; char filename[64]; };
BPF_PERF_OUTPUT(execs);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
    struct exec_t e = {};
    e.pid = args->pid;
    TP_DATA_LOC_READ_CONST(&e.filename, filename, sizeof(e.filename));
    execs.perf_submit(args, &e, sizeof(e));
    return 0;
}

TRACEPOINT_PROBE(block, block_rq_issue)
{
    char cmd[16];
    TP_DATA_LOC_READ_STR(cmd, cmd, sizeof(cmd));
    bpf_trace_printk("%d %s %s", args->bytes, args->rwbs, cmd);
    return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
    char fname[64];
    bpf_probe_read_user_str(fname, sizeof(fname), args->filename);
    return args->dfd == AT_FDCWD;
}

TRACEPOINT_PROBE(syscalls, sys_exit_openat)
{
    return args->ret < 0;
}

RAW_TRACEPOINT_PROBE(sched_switch)
{
    // TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next)
    struct task_struct *next = (struct task_struct *)ctx->args[2];
    s32 pid = next->pid;
    return pid == 0;
}

KFUNC_PROBE(do_unlinkat, int dfd, struct filename *name)
{
    bpf_trace_printk("unlink %s", name->name);
    return 0;
}

KRETFUNC_PROBE(do_unlinkat, int dfd, struct filename *name, long ret)
{
    return ret;
}

KMOD_RET_PROBE(security_file_open, struct file *file, int ret)
{
    return 0;
}

LSM_PROBE(bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
    return 0;
}

KFUNC_PROBE(schedule)
{
    return 0;
}
