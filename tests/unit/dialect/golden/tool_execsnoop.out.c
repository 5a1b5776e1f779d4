#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "tool_execsnoop.bcc.c"
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/sched.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/fs.h> */

#define ARGSIZE  128

enum event_type {
    EVENT_ARG,
    EVENT_RET,
};

struct data_t {
    u32 pid;  // PID as in the userspace term (i.e. task->tgid in kernel)
    u32 ppid; // Parent PID as in the userspace term (i.e task->real_parent->tgid in kernel)
    u32 uid;
    char comm[TASK_COMM_LEN];
    enum event_type type;
    char argv[ARGSIZE];
    int retval;
};

struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } events SEC(".maps"); __u64 events__pybpf_drops;

static __always_inline int __submit_arg(struct pt_regs *ctx, void *ptr, struct data_t *data)
{
    bpf_probe_read_user(data->argv, sizeof(data->argv), ptr);
    __pybpf_perf_submit(events, ctx, data, sizeof(struct data_t));
    return 1;
}

static __always_inline int submit_arg(struct pt_regs *ctx, void *ptr, struct data_t *data)
{
    const char *argp = NULL;
    bpf_probe_read_user(&argp, sizeof(argp), ptr);
    if (argp) {
        return __submit_arg(ctx, (void *)(argp), data);
    }
    return 0;
}

SEC("kprobe") int syscall__execve(struct pt_regs *ctx


)
{ const char __user *filename = (const char __user *)__pybpf_sysarg1((struct pt_regs *)ctx); const char __user *const __user *__argv = (const char __user *const __user *)__pybpf_sysarg2((struct pt_regs *)ctx); const char __user *const __user *__envp = (const char __user *const __user *)__pybpf_sysarg3((struct pt_regs *)ctx);
    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    // create data here and pass to submit_arg to save stack space (#555)
    struct data_t data = {};
    struct task_struct *task;

    data.pid = bpf_get_current_pid_tgid() >> 32;

    task = (struct task_struct *)bpf_get_current_task();
    // Some kernels, like Ubuntu 4.13.0-generic, return 0
    // as the real_parent->tgid.
    // We use the get_ppid function as a fallback in those cases. (#1883)
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_ARG;

    __submit_arg(ctx, (void *)filename, &data);

    // skip first arg, as we submitted filename
    #pragma unroll
    for (int i = 1; i < 20; i++) {
        if (submit_arg(ctx, (void *)&__argv[i], &data) == 0)
             goto out;
    }

    // handle truncated argument list
    char ellipsis[] = "...";
    __submit_arg(ctx, (void *)ellipsis, &data);
out:
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 41 "tool_execsnoop.bcc.c"
SEC("tracepoint") int syscall__execve__sce(struct pt_regs *ctx


)
{ const char __user *filename = (const char __user *)__pybpf_sce(ctx)->args[0]; const char __user *const __user *__argv = (const char __user *const __user *)__pybpf_sce(ctx)->args[1]; const char __user *const __user *__envp = (const char __user *const __user *)__pybpf_sce(ctx)->args[2];
    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    // create data here and pass to submit_arg to save stack space (#555)
    struct data_t data = {};
    struct task_struct *task;

    data.pid = bpf_get_current_pid_tgid() >> 32;

    task = (struct task_struct *)bpf_get_current_task();
    // Some kernels, like Ubuntu 4.13.0-generic, return 0
    // as the real_parent->tgid.
    // We use the get_ppid function as a fallback in those cases. (#1883)
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_ARG;

    __submit_arg(ctx, (void *)filename, &data);

    // skip first arg, as we submitted filename
    #pragma unroll
    for (int i = 1; i < 20; i++) {
        if (submit_arg(ctx, (void *)&__argv[i], &data) == 0)
             goto out;
    }

    // handle truncated argument list
    char ellipsis[] = "...";
    __submit_arg(ctx, (void *)ellipsis, &data);
out:
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 41 "tool_execsnoop.bcc.c"
SEC("tracepoint") int syscall__execve__scx(struct pt_regs *ctx


)
{ const char __user *filename; __builtin_memset(&filename, 0, sizeof(filename)); const char __user *const __user *__argv; __builtin_memset(&__argv, 0, sizeof(__argv)); const char __user *const __user *__envp; __builtin_memset(&__envp, 0, sizeof(__envp));
    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    // create data here and pass to submit_arg to save stack space (#555)
    struct data_t data = {};
    struct task_struct *task;

    data.pid = bpf_get_current_pid_tgid() >> 32;

    task = (struct task_struct *)bpf_get_current_task();
    // Some kernels, like Ubuntu 4.13.0-generic, return 0
    // as the real_parent->tgid.
    // We use the get_ppid function as a fallback in those cases. (#1883)
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_ARG;

    __submit_arg(ctx, (void *)filename, &data);

    // skip first arg, as we submitted filename
    #pragma unroll
    for (int i = 1; i < 20; i++) {
        if (submit_arg(ctx, (void *)&__argv[i], &data) == 0)
             goto out;
    }

    // handle truncated argument list
    char ellipsis[] = "...";
    __submit_arg(ctx, (void *)ellipsis, &data);
out:
    return 0;
}
#include <pybpf/regs_restore.h>
#line 41 "tool_execsnoop.bcc.c"
SEC("kprobe") int syscall__execve__gen(struct pt_regs *ctx


)
{ const char __user *filename = (const char __user *)__pybpf_sysarg1((struct pt_regs *)ctx); const char __user *const __user *__argv = (const char __user *const __user *)__pybpf_sysarg2((struct pt_regs *)ctx); const char __user *const __user *__envp = (const char __user *const __user *)__pybpf_sysarg3((struct pt_regs *)ctx);
    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    // create data here and pass to submit_arg to save stack space (#555)
    struct data_t data = {};
    struct task_struct *task;

    data.pid = bpf_get_current_pid_tgid() >> 32;

    task = (struct task_struct *)bpf_get_current_task();
    // Some kernels, like Ubuntu 4.13.0-generic, return 0
    // as the real_parent->tgid.
    // We use the get_ppid function as a fallback in those cases. (#1883)
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_ARG;

    __submit_arg(ctx, (void *)filename, &data);

    // skip first arg, as we submitted filename
    #pragma unroll
    for (int i = 1; i < 20; i++) {
        if (submit_arg(ctx, (void *)&__argv[i], &data) == 0)
             goto out;
    }

    // handle truncated argument list
    char ellipsis[] = "...";
    __submit_arg(ctx, (void *)ellipsis, &data);
out:
    return 0;
}
#line 76 "tool_execsnoop.bcc.c"


SEC("kprobe") int do_ret_sys_execve(struct pt_regs *ctx)
{
    struct data_t data = {};
    struct task_struct *task;

    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    data.pid = bpf_get_current_pid_tgid() >> 32;
    data.uid = uid;

    task = (struct task_struct *)bpf_get_current_task();
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_RET;
    data.retval = PT_REGS_RC(ctx);
    __pybpf_perf_submit(events, ctx, &data, sizeof(data));

    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 78 "tool_execsnoop.bcc.c"
SEC("tracepoint") int do_ret_sys_execve__sce(struct pt_regs *ctx)
{
    struct data_t data = {};
    struct task_struct *task;

    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    data.pid = bpf_get_current_pid_tgid() >> 32;
    data.uid = uid;

    task = (struct task_struct *)bpf_get_current_task();
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_RET;
    data.retval = PT_REGS_RC(ctx);
    __pybpf_perf_submit(events, ctx, &data, sizeof(data));

    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 78 "tool_execsnoop.bcc.c"
SEC("tracepoint") int do_ret_sys_execve__scx(struct pt_regs *ctx)
{
    struct data_t data = {};
    struct task_struct *task;

    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    data.pid = bpf_get_current_pid_tgid() >> 32;
    data.uid = uid;

    task = (struct task_struct *)bpf_get_current_task();
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_RET;
    data.retval = PT_REGS_RC(ctx);
    __pybpf_perf_submit(events, ctx, &data, sizeof(data));

    return 0;
}
#include <pybpf/regs_restore.h>
#line 78 "tool_execsnoop.bcc.c"
SEC("kprobe") int do_ret_sys_execve__gen(struct pt_regs *ctx)
{
    struct data_t data = {};
    struct task_struct *task;

    u32 uid = bpf_get_current_uid_gid() & 0xffffffff;
    data.pid = bpf_get_current_pid_tgid() >> 32;
    data.uid = uid;

    task = (struct task_struct *)bpf_get_current_task();
    data.ppid = BPF_CORE_READ(task, real_parent, tgid);

    bpf_get_current_comm(&data.comm, sizeof(data.comm));
    data.type = EVENT_RET;
    data.retval = PT_REGS_RC(ctx);
    __pybpf_perf_submit(events, ctx, &data, sizeof(data));

    return 0;
}
#line 96 "tool_execsnoop.bcc.c"



char _license[] SEC("license") = "GPL";
