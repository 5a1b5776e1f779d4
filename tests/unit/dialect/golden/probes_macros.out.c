#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
struct tracepoint__sched__sched_process_exec {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	int data_loc_filename __attribute__((aligned(8)));	/* offset 8, size 4 */
	pid_t pid __attribute__((aligned(4)));	/* offset 12, size 4 */
	pid_t old_pid __attribute__((aligned(8)));	/* offset 16, size 4 */
} __attribute__((packed));
struct tracepoint__block__block_rq_issue {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	dev_t dev __attribute__((aligned(8)));	/* offset 8, size 4 */
	char __pad_0[4];
	sector_t sector __attribute__((aligned(8)));	/* offset 16, size 8 */
	unsigned int nr_sector __attribute__((aligned(8)));	/* offset 24, size 4 */
	unsigned int bytes __attribute__((aligned(4)));	/* offset 28, size 4 */
	unsigned short ioprio __attribute__((aligned(8)));	/* offset 32, size 2 */
	char rwbs[10] __attribute__((aligned(2)));	/* offset 34, size 10 */
	char comm[16] __attribute__((aligned(4)));	/* offset 44, size 16 */
	int data_loc_cmd __attribute__((aligned(4)));	/* offset 60, size 4 */
} __attribute__((packed));
struct tracepoint__syscalls__sys_enter_openat {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	int __syscall_nr __attribute__((aligned(8)));	/* offset 8, size 4 */
	char __pad_0[4];
	s64 dfd __attribute__((aligned(8)));	/* offset 16, size 8 */
	const char * filename __attribute__((aligned(8)));	/* offset 24, size 8 */
	s64 flags __attribute__((aligned(8)));	/* offset 32, size 8 */
	u64 mode __attribute__((aligned(8)));	/* offset 40, size 8 */
} __attribute__((packed));
struct tracepoint__syscalls__sys_exit_openat {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	int __syscall_nr __attribute__((aligned(8)));	/* offset 8, size 4 */
	char __pad_0[4];
	long ret __attribute__((aligned(8)));	/* offset 16, size 8 */
} __attribute__((packed));
#line 1 "probes_macros.bcc.c"
// Probe macros: tracepoints (with __data_loc fields), raw tracepoints, BTF probes.
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/sched.h> */

struct exec_t { u32 pid; char filename[64]; };
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } execs SEC(".maps"); __u64 execs__pybpf_drops;

SEC("tracepoint/sched/sched_process_exec") int tracepoint__sched__sched_process_exec(struct tracepoint__sched__sched_process_exec *args)
{
    struct exec_t e = {};
    e.pid = args->pid;
    TP_DATA_LOC_READ_CONST(&e.filename, filename, sizeof(e.filename));
    __pybpf_perf_submit(execs, args, &e, sizeof(e));
    return 0;
}

SEC("tracepoint/block/block_rq_issue") int tracepoint__block__block_rq_issue(struct tracepoint__block__block_rq_issue *args)
{
    char cmd[16];
    TP_DATA_LOC_READ_STR(cmd, cmd, sizeof(cmd));
    __pybpf_trace_printk("%d %s %s", args->bytes, args->rwbs, cmd);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat") int tracepoint__syscalls__sys_enter_openat(struct tracepoint__syscalls__sys_enter_openat *args)
{
    char fname[64];
    bpf_probe_read_user_str(fname, sizeof(fname), args->filename);
    return args->dfd == AT_FDCWD;
}

SEC("tracepoint/syscalls/sys_exit_openat") int tracepoint__syscalls__sys_exit_openat(struct tracepoint__syscalls__sys_exit_openat *args)
{
    return args->ret < 0;
}

SEC("raw_tp/sched_switch") int raw_tracepoint__sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
    // TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next)
    struct task_struct *next = (struct task_struct *)ctx->args[2];
    s32 pid = BPF_CORE_READ(next, pid);
    return pid == 0;
}

SEC("fentry/do_unlinkat") int BPF_PROG(kfunc__do_unlinkat, int dfd, struct filename *name)
{
    __pybpf_trace_printk("unlink %s", name->name);
    return 0;
}

SEC("fexit/do_unlinkat") int BPF_PROG(kretfunc__do_unlinkat, int dfd, struct filename *name, long ret)
{
    return ret;
}

SEC("fmod_ret/security_file_open") int BPF_PROG(kmod_ret__security_file_open, struct file *file, int ret)
{
    return 0;
}

SEC("lsm/bpf") int BPF_PROG(lsm__bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
    return 0;
}

SEC("fentry/schedule") int BPF_PROG(kfunc__schedule)
{
    return 0;
}


char _license[] SEC("license") = "GPL";
