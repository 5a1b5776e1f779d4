#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "tool_opensnoop.bcc.c"
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/limits.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/sched.h> */

struct val_t {
    u64 id;
    char comm[TASK_COMM_LEN];
    const char *fname;
    int flags; // EXTENDED_STRUCT_MEMBER
};

struct data_t {
    u64 id;
    u64 ts;
    u32 uid;
    int ret;
    char comm[TASK_COMM_LEN];
    char fname[NAME_MAX];
    int flags; // EXTENDED_STRUCT_MEMBER
};

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u64); __type(value, struct val_t); __uint(max_entries, 10240); } infotmp SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } events SEC(".maps"); __u64 events__pybpf_drops;

SEC("kprobe") int syscall__trace_entry_openat(struct pt_regs *ctx)
{ int dfd = (int)__pybpf_sysarg1((struct pt_regs *)ctx); const char __user *filename = (const char __user *)__pybpf_sysarg2((struct pt_regs *)ctx); int flags = (int)__pybpf_sysarg3((struct pt_regs *)ctx);
    struct val_t val = {};
    u64 id = bpf_get_current_pid_tgid();
    u32 pid = id >> 32; // PID is higher part
    u32 tid = id;       // Cast and get the lower part
    u32 uid = bpf_get_current_uid_gid();

    if (bpf_get_current_comm(&val.comm, sizeof(val.comm)) == 0) {
        val.id = id;
        val.fname = filename;
        val.flags = flags; // EXTENDED_STRUCT_MEMBER
        __pybpf_update(infotmp, &id, &val);
    }

    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 25 "tool_opensnoop.bcc.c"
SEC("tracepoint") int syscall__trace_entry_openat__sce(struct pt_regs *ctx)
{ int dfd = (int)__pybpf_sce(ctx)->args[0]; const char __user *filename = (const char __user *)__pybpf_sce(ctx)->args[1]; int flags = (int)__pybpf_sce(ctx)->args[2];
    struct val_t val = {};
    u64 id = bpf_get_current_pid_tgid();
    u32 pid = id >> 32; // PID is higher part
    u32 tid = id;       // Cast and get the lower part
    u32 uid = bpf_get_current_uid_gid();

    if (bpf_get_current_comm(&val.comm, sizeof(val.comm)) == 0) {
        val.id = id;
        val.fname = filename;
        val.flags = flags; // EXTENDED_STRUCT_MEMBER
        __pybpf_update(infotmp, &id, &val);
    }

    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 25 "tool_opensnoop.bcc.c"
SEC("tracepoint") int syscall__trace_entry_openat__scx(struct pt_regs *ctx)
{ int dfd; __builtin_memset(&dfd, 0, sizeof(dfd)); const char __user *filename; __builtin_memset(&filename, 0, sizeof(filename)); int flags; __builtin_memset(&flags, 0, sizeof(flags));
    struct val_t val = {};
    u64 id = bpf_get_current_pid_tgid();
    u32 pid = id >> 32; // PID is higher part
    u32 tid = id;       // Cast and get the lower part
    u32 uid = bpf_get_current_uid_gid();

    if (bpf_get_current_comm(&val.comm, sizeof(val.comm)) == 0) {
        val.id = id;
        val.fname = filename;
        val.flags = flags; // EXTENDED_STRUCT_MEMBER
        __pybpf_update(infotmp, &id, &val);
    }

    return 0;
}
#include <pybpf/regs_restore.h>
#line 25 "tool_opensnoop.bcc.c"
SEC("kprobe") int syscall__trace_entry_openat__gen(struct pt_regs *ctx)
{ int dfd = (int)__pybpf_sysarg1((struct pt_regs *)ctx); const char __user *filename = (const char __user *)__pybpf_sysarg2((struct pt_regs *)ctx); int flags = (int)__pybpf_sysarg3((struct pt_regs *)ctx);
    struct val_t val = {};
    u64 id = bpf_get_current_pid_tgid();
    u32 pid = id >> 32; // PID is higher part
    u32 tid = id;       // Cast and get the lower part
    u32 uid = bpf_get_current_uid_gid();

    if (bpf_get_current_comm(&val.comm, sizeof(val.comm)) == 0) {
        val.id = id;
        val.fname = filename;
        val.flags = flags; // EXTENDED_STRUCT_MEMBER
        __pybpf_update(infotmp, &id, &val);
    }

    return 0;
}
#line 41 "tool_opensnoop.bcc.c"
;

SEC("kprobe") int trace_return(struct pt_regs *ctx)
{
    u64 id = bpf_get_current_pid_tgid();
    struct val_t *valp;
    struct data_t data = {};

    u64 tsp = bpf_ktime_get_ns();

    valp = __pybpf_lookup(infotmp, &id);
    if (valp == 0) {
        // missed entry
        return 0;
    }
    bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm);
    bpf_probe_read_user_str(&data.fname, sizeof(data.fname), (void *)valp->fname);
    data.id = valp->id;
    data.ts = tsp / 1000;
    data.uid = bpf_get_current_uid_gid();
    data.flags = valp->flags; // EXTENDED_STRUCT_MEMBER
    data.ret = PT_REGS_RC(ctx);

    __pybpf_perf_submit(events, ctx, &data, sizeof(data));
    __pybpf_delete(infotmp, &id);

    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 43 "tool_opensnoop.bcc.c"
SEC("tracepoint") int trace_return__sce(struct pt_regs *ctx)
{
    u64 id = bpf_get_current_pid_tgid();
    struct val_t *valp;
    struct data_t data = {};

    u64 tsp = bpf_ktime_get_ns();

    valp = __pybpf_lookup(infotmp, &id);
    if (valp == 0) {
        // missed entry
        return 0;
    }
    bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm);
    bpf_probe_read_user_str(&data.fname, sizeof(data.fname), (void *)valp->fname);
    data.id = valp->id;
    data.ts = tsp / 1000;
    data.uid = bpf_get_current_uid_gid();
    data.flags = valp->flags; // EXTENDED_STRUCT_MEMBER
    data.ret = PT_REGS_RC(ctx);

    __pybpf_perf_submit(events, ctx, &data, sizeof(data));
    __pybpf_delete(infotmp, &id);

    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 43 "tool_opensnoop.bcc.c"
SEC("tracepoint") int trace_return__scx(struct pt_regs *ctx)
{
    u64 id = bpf_get_current_pid_tgid();
    struct val_t *valp;
    struct data_t data = {};

    u64 tsp = bpf_ktime_get_ns();

    valp = __pybpf_lookup(infotmp, &id);
    if (valp == 0) {
        // missed entry
        return 0;
    }
    bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm);
    bpf_probe_read_user_str(&data.fname, sizeof(data.fname), (void *)valp->fname);
    data.id = valp->id;
    data.ts = tsp / 1000;
    data.uid = bpf_get_current_uid_gid();
    data.flags = valp->flags; // EXTENDED_STRUCT_MEMBER
    data.ret = PT_REGS_RC(ctx);

    __pybpf_perf_submit(events, ctx, &data, sizeof(data));
    __pybpf_delete(infotmp, &id);

    return 0;
}
#include <pybpf/regs_restore.h>
#line 43 "tool_opensnoop.bcc.c"
SEC("kprobe") int trace_return__gen(struct pt_regs *ctx)
{
    u64 id = bpf_get_current_pid_tgid();
    struct val_t *valp;
    struct data_t data = {};

    u64 tsp = bpf_ktime_get_ns();

    valp = __pybpf_lookup(infotmp, &id);
    if (valp == 0) {
        // missed entry
        return 0;
    }
    bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm);
    bpf_probe_read_user_str(&data.fname, sizeof(data.fname), (void *)valp->fname);
    data.id = valp->id;
    data.ts = tsp / 1000;
    data.uid = bpf_get_current_uid_gid();
    data.flags = valp->flags; // EXTENDED_STRUCT_MEMBER
    data.ret = PT_REGS_RC(ctx);

    __pybpf_perf_submit(events, ctx, &data, sizeof(data));
    __pybpf_delete(infotmp, &id);

    return 0;
}
#line 68 "tool_opensnoop.bcc.c"



char _license[] SEC("license") = "GPL";
