#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "tool_biolatency.bcc.c"
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/blk-mq.h> */

typedef struct disk_key {
    char disk[DISK_NAME_LEN];
    u64 slot;
} disk_key_t;

typedef struct flag_key {
    u64 flags;
    u64 slot;
} flag_key_t;

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct request *); __type(value, u64); __uint(max_entries, 10240); } start SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, disk_key_t); __type(value, u64); __uint(max_entries, 64); } dist SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, flag_key_t); __type(value, u64); __uint(max_entries, 64); } flag_dist SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 64); } plain_dist SEC(".maps");

// time block I/O
SEC("kprobe") int trace_req_start(struct pt_regs *ctx)
{ struct request *req = (struct request *)PT_REGS_PARM1((struct pt_regs *)ctx);
    u64 ts = bpf_ktime_get_ns();
    __pybpf_update(start, &req, &ts);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 20 "tool_biolatency.bcc.c"
SEC("tracepoint") int trace_req_start__sce(struct pt_regs *ctx)
{ struct request *req = (struct request *)__pybpf_sce(ctx)->args[0];
    u64 ts = bpf_ktime_get_ns();
    __pybpf_update(start, &req, &ts);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 20 "tool_biolatency.bcc.c"
SEC("tracepoint") int trace_req_start__scx(struct pt_regs *ctx)
{ struct request *req; __builtin_memset(&req, 0, sizeof(req));
    u64 ts = bpf_ktime_get_ns();
    __pybpf_update(start, &req, &ts);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 20 "tool_biolatency.bcc.c"
SEC("kprobe") int trace_req_start__gen(struct pt_regs *ctx)
{ struct request *req = (struct request *)PT_REGS_PARM1((struct pt_regs *)ctx);
    u64 ts = bpf_ktime_get_ns();
    __pybpf_update(start, &req, &ts);
    return 0;
}
#line 25 "tool_biolatency.bcc.c"


// output
SEC("kprobe") int trace_req_done(struct pt_regs *ctx)
{ struct request *req = (struct request *)PT_REGS_PARM1((struct pt_regs *)ctx);
    u64 *tsp, delta;

    // fetch timestamp and calculate delta
    tsp = __pybpf_lookup(start, &req);
    if (tsp == 0) {
        return 0;   // missed issue
    }
    delta = bpf_ktime_get_ns() - *tsp;
    delta /= 1000;

    // store as histogram
    disk_key_t key = {.slot = bpf_log2l(delta)};
    void *__tmp = (void *)(BPF_CORE_READ(req, q, disk))->disk_name;
    bpf_probe_read_kernel(&key.disk, sizeof(key.disk), __tmp);
    __pybpf_increment_hash_atomic(dist, key);

    flag_key_t fkey = {.slot = bpf_log2l(delta)};
    fkey.flags = BPF_CORE_READ(req, cmd_flags) & REQ_OP_MASK;
    __pybpf_increment_hash_atomic(flag_dist, fkey);
    __pybpf_increment_array_atomic(plain_dist, bpf_log2l(delta));

    __pybpf_delete(start, &req);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 28 "tool_biolatency.bcc.c"
SEC("tracepoint") int trace_req_done__sce(struct pt_regs *ctx)
{ struct request *req = (struct request *)__pybpf_sce(ctx)->args[0];
    u64 *tsp, delta;

    // fetch timestamp and calculate delta
    tsp = __pybpf_lookup(start, &req);
    if (tsp == 0) {
        return 0;   // missed issue
    }
    delta = bpf_ktime_get_ns() - *tsp;
    delta /= 1000;

    // store as histogram
    disk_key_t key = {.slot = bpf_log2l(delta)};
    void *__tmp = (void *)(BPF_CORE_READ(req, q, disk))->disk_name;
    bpf_probe_read_kernel(&key.disk, sizeof(key.disk), __tmp);
    __pybpf_increment_hash_atomic(dist, key);

    flag_key_t fkey = {.slot = bpf_log2l(delta)};
    fkey.flags = BPF_CORE_READ(req, cmd_flags) & REQ_OP_MASK;
    __pybpf_increment_hash_atomic(flag_dist, fkey);
    __pybpf_increment_array_atomic(plain_dist, bpf_log2l(delta));

    __pybpf_delete(start, &req);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 28 "tool_biolatency.bcc.c"
SEC("tracepoint") int trace_req_done__scx(struct pt_regs *ctx)
{ struct request *req; __builtin_memset(&req, 0, sizeof(req));
    u64 *tsp, delta;

    // fetch timestamp and calculate delta
    tsp = __pybpf_lookup(start, &req);
    if (tsp == 0) {
        return 0;   // missed issue
    }
    delta = bpf_ktime_get_ns() - *tsp;
    delta /= 1000;

    // store as histogram
    disk_key_t key = {.slot = bpf_log2l(delta)};
    void *__tmp = (void *)(BPF_CORE_READ(req, q, disk))->disk_name;
    bpf_probe_read_kernel(&key.disk, sizeof(key.disk), __tmp);
    __pybpf_increment_hash_atomic(dist, key);

    flag_key_t fkey = {.slot = bpf_log2l(delta)};
    fkey.flags = BPF_CORE_READ(req, cmd_flags) & REQ_OP_MASK;
    __pybpf_increment_hash_atomic(flag_dist, fkey);
    __pybpf_increment_array_atomic(plain_dist, bpf_log2l(delta));

    __pybpf_delete(start, &req);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 28 "tool_biolatency.bcc.c"
SEC("kprobe") int trace_req_done__gen(struct pt_regs *ctx)
{ struct request *req = (struct request *)PT_REGS_PARM1((struct pt_regs *)ctx);
    u64 *tsp, delta;

    // fetch timestamp and calculate delta
    tsp = __pybpf_lookup(start, &req);
    if (tsp == 0) {
        return 0;   // missed issue
    }
    delta = bpf_ktime_get_ns() - *tsp;
    delta /= 1000;

    // store as histogram
    disk_key_t key = {.slot = bpf_log2l(delta)};
    void *__tmp = (void *)(BPF_CORE_READ(req, q, disk))->disk_name;
    bpf_probe_read_kernel(&key.disk, sizeof(key.disk), __tmp);
    __pybpf_increment_hash_atomic(dist, key);

    flag_key_t fkey = {.slot = bpf_log2l(delta)};
    fkey.flags = BPF_CORE_READ(req, cmd_flags) & REQ_OP_MASK;
    __pybpf_increment_hash_atomic(flag_dist, fkey);
    __pybpf_increment_array_atomic(plain_dist, bpf_log2l(delta));

    __pybpf_delete(start, &req);
    return 0;
}
#line 53 "tool_biolatency.bcc.c"



char _license[] SEC("license") = "GPL";
