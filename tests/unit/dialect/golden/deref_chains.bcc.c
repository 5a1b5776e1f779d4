// Implicit kernel reads: what is rewritten, and what is left alone.
#include <linux/sched.h>
#include <linux/fs.h>
#include <net/sock.h>

struct val_t { u64 ts; struct val_t *next; char comm[16]; };
struct info_t { u32 ppid; u16 dport; u16 family; char name[32]; u64 ino; };
BPF_HASH(vals, u32, struct val_t);
BPF_HASH(socks, u32, struct sock *);
BPF_HASH(infos, u32, struct info_t);

static u32 parent_tgid(struct task_struct *t)
{
    return t->real_parent->tgid;                 // helper parameter: kernel pointer
}

int kprobe__vfs_open(struct pt_regs *ctx, const struct path *path, struct file *file)
{
    struct info_t info = {};
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    u32 pid = task->tgid;                         // one hop
    info.ppid = task->real_parent->tgid;          // two hops
    info.ppid = parent_tgid(task);
    info.ino = file->f_inode->i_ino;              // parameter of a kprobe
    info.ino += path->dentry->d_inode->i_ino;     // const pointer parameter
    bpf_probe_read_kernel_str(info.name, sizeof(info.name),
                              path->dentry->d_name.name);   // . members ride along
    int i = pid & 7;
    char c = task->comm[i];                       // array member with a variable index
    char c0 = task->real_parent->comm[0];
    const char *comm = task->comm;                // array used as a pointer: no read
    void *addr = &task->real_parent->tgid;        // address of: last hop not read
    bpf_probe_read_kernel(&pid, sizeof(pid), &task->tgid);   // explicit read stays
    u64 sz = sizeof(task->pid);                   // unevaluated
    struct file **fdarr = task->files->fdt->fd;
    struct file *f0 = task->files->fdt->fd[0];    // index through a pointer read
    struct qstr dname = file->f_path.dentry->d_name;    // struct copy
    u32 flags = (task->flags & PF_KTHREAD) ? 1 : 0;
    u32 tgid2 = (task->real_parent)->tgid;        // parenthesized base
    u32 tgid3 = ((struct task_struct *)task->real_parent)->tgid;
    struct task_struct *gp = task->real_parent->real_parent;
    struct mm_struct *mm = task
        ->mm;                                     // split across lines
    u64 start = BPF_CORE_READ(task, mm, arg_start);    // explicit CO-RE stays
    infos.update(&pid, &info);
    vals.lookup_or_try_init(&pid, &(struct val_t){ .ts = task->start_time });
    return c + c0 + (comm != 0) + (addr != 0) + sz + (f0 != 0) + (fdarr != 0) +
           dname.len + flags + tgid2 + tgid3 + (gp != 0) + (mm != 0) + start;
}

int kretprobe__tcp_v4_connect(struct pt_regs *ctx)
{
    u32 tid = bpf_get_current_pid_tgid();
    struct sock **skpp = socks.lookup(&tid);      // map value: no read
    if (!skpp)
        return 0;
    struct sock *sk = *skpp;
    struct info_t *ip = infos.lookup(&tid);
    if (!ip)
        return 0;
    ip->dport = sk->__sk_common.skc_dport;         // write to a map value, read kernel
    ip->family = sk->sk_family;                    // net/sock.h shorthand macro
    struct sock_common skc = *(struct sock_common *)sk;   // *p of a kernel pointer
    struct val_t *vp = vals.lookup(&tid);
    if (vp)
        vp->ts = bpf_ktime_get_ns();              // user struct: no read
    unsigned long di = ctx->di;                   // the context: no read
    return skc.skc_family + di;
}

RAW_TRACEPOINT_PROBE(sched_process_fork)
{
    struct task_struct *parent = (struct task_struct *)ctx->args[0];
    struct task_struct *child = (struct task_struct *)ctx->args[1];
    return parent->pid + child->pid + ctx->args[1];
}

TRACEPOINT_PROBE(sched, sched_switch)
{
    struct task_struct *cur = (struct task_struct *)bpf_get_current_task();
    return args->prev_pid + cur->pid;             // args is the context
}

int on_xdp(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return XDP_PASS;
    return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;   // packet: no read
}
