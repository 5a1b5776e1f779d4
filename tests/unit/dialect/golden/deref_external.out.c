#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "deref_external.bcc.c"
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/sched.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/scatterlist.h> */

// enough of a kernel struct to read one field, declared by the program (runqlen)
struct cfs_rq_partial {
    struct load_weight load;
    unsigned int nr_running, h_nr_running;
};

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, u64); __uint(max_entries, 10240); } lens SEC(".maps");

SEC("kprobe") int do_perf_event(void *ctx)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct cfs_rq_partial *my_q = NULL;
    my_q = (struct cfs_rq_partial *)BPF_CORE_READ(task, se.cfs_rq);
    u64 len = BPF_PROBE_READ(my_q, nr_running);          // read at the declared offset, not relocated
    const unsigned char *name = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
    u64 first = __PYBPF_READ(&(name)[0]);                 // a pointer read from the kernel: a read
    u32 key = 0;
    __pybpf_update(lens, &key, &len);
    return first;
}
#include <pybpf/regs_syscall_enter.h>
#line 12 "deref_external.bcc.c"
SEC("tracepoint") int do_perf_event__sce(void *ctx)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct cfs_rq_partial *my_q = NULL;
    my_q = (struct cfs_rq_partial *)BPF_CORE_READ(task, se.cfs_rq);
    u64 len = BPF_PROBE_READ(my_q, nr_running);          // read at the declared offset, not relocated
    const unsigned char *name = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
    u64 first = __PYBPF_READ(&(name)[0]);                 // a pointer read from the kernel: a read
    u32 key = 0;
    __pybpf_update(lens, &key, &len);
    return first;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 12 "deref_external.bcc.c"
SEC("tracepoint") int do_perf_event__scx(void *ctx)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct cfs_rq_partial *my_q = NULL;
    my_q = (struct cfs_rq_partial *)BPF_CORE_READ(task, se.cfs_rq);
    u64 len = BPF_PROBE_READ(my_q, nr_running);          // read at the declared offset, not relocated
    const unsigned char *name = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
    u64 first = __PYBPF_READ(&(name)[0]);                 // a pointer read from the kernel: a read
    u32 key = 0;
    __pybpf_update(lens, &key, &len);
    return first;
}
#include <pybpf/regs_restore.h>
#line 12 "deref_external.bcc.c"
SEC("kprobe") int do_perf_event__gen(void *ctx)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct cfs_rq_partial *my_q = NULL;
    my_q = (struct cfs_rq_partial *)BPF_CORE_READ(task, se.cfs_rq);
    u64 len = BPF_PROBE_READ(my_q, nr_running);          // read at the declared offset, not relocated
    const unsigned char *name = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
    u64 first = __PYBPF_READ(&(name)[0]);                 // a pointer read from the kernel: a read
    u32 key = 0;
    __pybpf_update(lens, &key, &len);
    return first;
}
#line 23 "deref_external.bcc.c"


static __always_inline u64 count(struct scatterlist **sgs, unsigned int num)
{
    u64 length = 0;
    for (unsigned int i = 0; i < 2 && i < num; i++) {
        struct scatterlist *sgp = __PYBPF_READ(&(sgs)[i]);   // kernel pointers in kernel memory
        if (sgp)
            length += BPF_CORE_READ(sgp, length);
    }
    return length;
}

SEC("kprobe/virtqueue_add_sgs") int kprobe__virtqueue_add_sgs(struct pt_regs *ctx
)
{ struct virtqueue *vq = (struct virtqueue *)PT_REGS_PARM1((struct pt_regs *)ctx); struct scatterlist **sgs = (struct scatterlist **)PT_REGS_PARM2((struct pt_regs *)ctx); unsigned int out_sgs = (unsigned int)PT_REGS_PARM3((struct pt_regs *)ctx);
    u64 len = count(sgs, out_sgs);
    u32 key = 1;
    u64 **slot = (u64 **)__pybpf_lookup(lens, &key);
    if (slot)
        len += (u64)*slot;                  // a map value: read directly
    __pybpf_update(lens, &key, &len);
    return 0;
}


char _license[] SEC("license") = "GPL";
