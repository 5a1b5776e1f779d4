#include <linux/sched.h>
#include <linux/scatterlist.h>

// enough of a kernel struct to read one field, declared by the program (runqlen)
struct cfs_rq_partial {
    struct load_weight load;
    unsigned int nr_running, h_nr_running;
};

BPF_HASH(lens, u32, u64);

int do_perf_event(void *ctx)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct cfs_rq_partial *my_q = NULL;
    my_q = (struct cfs_rq_partial *)task->se.cfs_rq;
    u64 len = my_q->nr_running;          // read at the declared offset, not relocated
    const unsigned char *name = task->mm->exe_file->f_path.dentry->d_name.name;
    u64 first = name[0];                 // a pointer read from the kernel: a read
    u32 key = 0;
    lens.update(&key, &len);
    return first;
}

static u64 count(struct scatterlist **sgs, unsigned int num)
{
    u64 length = 0;
    for (unsigned int i = 0; i < 2 && i < num; i++) {
        struct scatterlist *sgp = sgs[i];   // kernel pointers in kernel memory
        if (sgp)
            length += sgp->length;
    }
    return length;
}

int kprobe__virtqueue_add_sgs(struct pt_regs *ctx, struct virtqueue *vq,
                              struct scatterlist **sgs, unsigned int out_sgs)
{
    u64 len = count(sgs, out_sgs);
    u32 key = 1;
    u64 **slot = (u64 **)lens.lookup(&key);
    if (slot)
        len += (u64)*slot;                  // a map value: read directly
    lens.update(&key, &len);
    return 0;
}
