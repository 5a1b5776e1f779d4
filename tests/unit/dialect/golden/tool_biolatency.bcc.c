#include <uapi/linux/ptrace.h>
#include <linux/blk-mq.h>

typedef struct disk_key {
    char disk[DISK_NAME_LEN];
    u64 slot;
} disk_key_t;

typedef struct flag_key {
    u64 flags;
    u64 slot;
} flag_key_t;

BPF_HASH(start, struct request *);
BPF_HISTOGRAM(dist, disk_key_t);
BPF_HISTOGRAM(flag_dist, flag_key_t);
BPF_HISTOGRAM(plain_dist);

// time block I/O
int trace_req_start(struct pt_regs *ctx, struct request *req)
{
    u64 ts = bpf_ktime_get_ns();
    start.update(&req, &ts);
    return 0;
}

// output
int trace_req_done(struct pt_regs *ctx, struct request *req)
{
    u64 *tsp, delta;

    // fetch timestamp and calculate delta
    tsp = start.lookup(&req);
    if (tsp == 0) {
        return 0;   // missed issue
    }
    delta = bpf_ktime_get_ns() - *tsp;
    delta /= 1000;

    // store as histogram
    disk_key_t key = {.slot = bpf_log2l(delta)};
    void *__tmp = (void *)req->q->disk->disk_name;
    bpf_probe_read_kernel(&key.disk, sizeof(key.disk), __tmp);
    dist.increment(key);

    flag_key_t fkey = {.slot = bpf_log2l(delta)};
    fkey.flags = req->cmd_flags & REQ_OP_MASK;
    flag_dist.increment(fkey);
    plain_dist.increment(bpf_log2l(delta));

    start.delete(&req);
    return 0;
}
