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
#line 1 "deref_chains.bcc.c"
// Implicit kernel reads: what is rewritten, and what is left alone.
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/sched.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/fs.h> */
#include <pybpf/compat/net.h> /* pybpf: was <net/sock.h> */

struct val_t { u64 ts; struct val_t *next; char comm[16]; };
struct info_t { u32 ppid; u16 dport; u16 family; char name[32]; u64 ino; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct val_t); __uint(max_entries, 10240); } vals SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct sock *); __uint(max_entries, 10240); } socks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct info_t); __uint(max_entries, 10240); } infos SEC(".maps");

static __always_inline u32 parent_tgid(struct task_struct *t)
{
    return BPF_CORE_READ(t, real_parent, tgid);                 // helper parameter: kernel pointer
}

SEC("kprobe/vfs_open") int kprobe__vfs_open(struct pt_regs *ctx)
{ const struct path *path = (const struct path *)PT_REGS_PARM1((struct pt_regs *)ctx); struct file *file = (struct file *)PT_REGS_PARM2((struct pt_regs *)ctx);
    struct info_t info = {};
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    u32 pid = BPF_CORE_READ(task, tgid);                         // one hop
    info.ppid = BPF_CORE_READ(task, real_parent, tgid);          // two hops
    info.ppid = parent_tgid(task);
    info.ino = BPF_CORE_READ(file, f_inode, i_ino);              // parameter of a kprobe
    info.ino += BPF_CORE_READ(path, dentry, d_inode, i_ino);     // const pointer parameter
    bpf_probe_read_kernel_str(info.name, sizeof(info.name),
                              BPF_CORE_READ(path, dentry, d_name.name));   // . members ride along
    int i = pid & 7;
    char c = BPF_CORE_READ(task, comm[i]);                       // array member with a variable index
    char c0 = BPF_CORE_READ(task, real_parent, comm[0]);
    const char *comm = task->comm;                // array used as a pointer: no read
    void *addr = &(BPF_CORE_READ(task, real_parent))->tgid;        // address of: last hop not read
    bpf_probe_read_kernel(&pid, sizeof(pid), &task->tgid);   // explicit read stays
    u64 sz = sizeof(task->pid);                   // unevaluated
    struct file **fdarr = BPF_CORE_READ(task, files, fdt, fd);
    struct file *f0 = __PYBPF_READ(&(BPF_CORE_READ(task, files, fdt, fd))[0]);    // index through a pointer read
    struct qstr dname = BPF_CORE_READ(file, f_path.dentry, d_name);    // struct copy
    u32 flags = (BPF_CORE_READ(task, flags) & PF_KTHREAD) ? 1 : 0;
    u32 tgid2 = ({ __auto_type ___r1 = ((BPF_CORE_READ(task, real_parent))); BPF_CORE_READ(___r1, tgid); });        // parenthesized base
    u32 tgid3 = ({ __auto_type ___r2 = (((struct task_struct *)BPF_CORE_READ(task, real_parent))); BPF_CORE_READ(___r2, tgid); });
    struct task_struct *gp = BPF_CORE_READ(task, real_parent, real_parent);
    struct mm_struct *mm = BPF_CORE_READ(task, 
mm);                                     // split across lines
    u64 start = BPF_CORE_READ(task, mm, arg_start);    // explicit CO-RE stays
    __pybpf_update(infos, &pid, &info);
    __pybpf_lookup_or_try_init(vals, &pid, &(struct val_t){ .ts = BPF_CORE_READ(task, start_time) });
    return c + c0 + (comm != 0) + (addr != 0) + sz + (f0 != 0) + (fdarr != 0) +
           dname.len + flags + tgid2 + tgid3 + (gp != 0) + (mm != 0) + start;
}

SEC("kretprobe/tcp_v4_connect") int kretprobe__tcp_v4_connect(struct pt_regs *ctx)
{
    u32 tid = bpf_get_current_pid_tgid();
    struct sock **skpp = __pybpf_lookup(socks, &tid);      // map value: no read
    if (!skpp)
        return 0;
    struct sock *sk = *skpp;
    struct info_t *ip = __pybpf_lookup(infos, &tid);
    if (!ip)
        return 0;
    ip->dport = BPF_CORE_READ(sk, __sk_common.skc_dport);         // write to a map value, read kernel
    ip->family = BPF_CORE_READ(sk, sk_family);                    // net/sock.h shorthand macro
    struct sock_common skc = __PYBPF_READ((struct sock_common *)sk);   // *p of a kernel pointer
    struct val_t *vp = __pybpf_lookup(vals, &tid);
    if (vp)
        vp->ts = bpf_ktime_get_ns();              // user struct: no read
    unsigned long di = ctx->di;                   // the context: no read
    return skc.skc_family + di;
}

SEC("raw_tp/sched_process_fork") int raw_tracepoint__sched_process_fork(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *parent = (struct task_struct *)ctx->args[0];
    struct task_struct *child = (struct task_struct *)ctx->args[1];
    return BPF_CORE_READ(parent, pid) + BPF_CORE_READ(child, pid) + ctx->args[1];
}

SEC("tracepoint/sched/sched_switch") int tracepoint__sched__sched_switch(struct tracepoint__sched__sched_switch *args)
{
    struct task_struct *cur = (struct task_struct *)bpf_get_current_task();
    return args->prev_pid + BPF_CORE_READ(cur, pid);             // args is the context
}

SEC("xdp") int on_xdp(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return XDP_PASS;
    return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;   // packet: no read
}


char _license[] SEC("license") = "GPL";
