#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "maps_methods.bcc.c"
// Table methods in every position: statements, conditions, arguments, across lines.
struct key_t { u32 pid; };
struct val_t { u64 ts; u64 n; };
struct event_t { u32 pid; u64 delta; char comm[16]; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct val_t); __uint(max_entries, 10240); } start SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, u64); __uint(max_entries, 1024); } counts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u32); __type(value, u64); __uint(max_entries, 10240); } pcounts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 4); } arr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 4); } parr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 64); } dist SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } events SEC(".maps"); __u64 events__pybpf_drops;
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, (8) * __PYBPF_PAGE_SIZE); } rb SEC(".maps"); __u64 rb__pybpf_drops;
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(key_size, sizeof(u32)); __uint(value_size, sizeof(u32)); __uint(max_entries, 4); } jmp SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __type(key, u32); __type(value, struct bpf_stacktrace); __uint(max_entries, 128); } stacks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __type(value, u32); __uint(max_entries, 16); } q SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK); __type(value, u64); __uint(max_entries, 16); } stk SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); __uint(max_entries, 8); } cycles SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGROUP_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); __uint(max_entries, 1); } cg SEC(".maps");

SEC("kprobe") int methods(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    struct key_t key = {.pid = pid};
    struct val_t zero = {}, *vp;
    u64 one = 1, *cp;

    vp = __pybpf_lookup_or_try_init(start, &pid, &zero);
    if (!vp)
        return 0;
    vp = __pybpf_lookup_or_init(start, &pid, &zero);
    if (__pybpf_lookup(start, &pid) == 0 || (vp = __pybpf_lookup(start, &pid)) != 0) {
        vp->n++;
    }
    __pybpf_update(start, &pid, &zero);
    __pybpf_insert(start, &pid,
                 &zero);
    __pybpf_delete(start, &pid);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash_atomic(counts, key, 10);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash(pcounts, pid, 2);
    __pybpf_increment_array_atomic(arr, 1);
    __pybpf_increment_array_atomic(arr, 2, 5);
    __pybpf_increment_array(parr, 0);
    __pybpf_increment_array_atomic(dist, bpf_log2l(one));
    cp = __pybpf_lookup(counts, &key);
    if (cp) lock_xadd(cp, 1);

    struct event_t ev = {};
    ev.pid = pid;
    ev.delta = bpf_ktime_get_ns() - (vp ? vp->ts : 0);
    bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
    __pybpf_perf_submit(events, ctx, &ev, sizeof(ev));
    __pybpf_perf_submit(events,
        ctx,
        &ev,
        sizeof(ev));

    struct event_t *e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(*e), sizeof(*e));
    if (e) {
        e->pid = pid;
        __pybpf_ringbuf_submit(rb, e, 0);
    }
    e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(struct event_t), sizeof(struct event_t));
    if (e)
        __pybpf_ringbuf_discard(rb, e, BPF_RB_NO_WAKEUP);
    __pybpf_ringbuf_output(rb, &ev, sizeof(ev), 0);

    int sid = __pybpf_get_stackid(stacks, ctx, 0);
    u32 qv = sid;
    __pybpf_push(q, &qv, BPF_EXIST);
    __pybpf_pop(q, &qv);
    __pybpf_peek(q, &qv);
    __pybpf_push(stk, &one, 0);
    u64 c = __pybpf_perf_read(cycles, CUR_CPU_IDENTIFIER);
    if (__pybpf_check_current_task(cg, 0) > 0 && c)
        __pybpf_call(jmp, ctx, 2);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 21 "maps_methods.bcc.c"
SEC("tracepoint") int methods__sce(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    struct key_t key = {.pid = pid};
    struct val_t zero = {}, *vp;
    u64 one = 1, *cp;

    vp = __pybpf_lookup_or_try_init(start, &pid, &zero);
    if (!vp)
        return 0;
    vp = __pybpf_lookup_or_init(start, &pid, &zero);
    if (__pybpf_lookup(start, &pid) == 0 || (vp = __pybpf_lookup(start, &pid)) != 0) {
        vp->n++;
    }
    __pybpf_update(start, &pid, &zero);
    __pybpf_insert(start, &pid,
                 &zero);
    __pybpf_delete(start, &pid);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash_atomic(counts, key, 10);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash(pcounts, pid, 2);
    __pybpf_increment_array_atomic(arr, 1);
    __pybpf_increment_array_atomic(arr, 2, 5);
    __pybpf_increment_array(parr, 0);
    __pybpf_increment_array_atomic(dist, bpf_log2l(one));
    cp = __pybpf_lookup(counts, &key);
    if (cp) lock_xadd(cp, 1);

    struct event_t ev = {};
    ev.pid = pid;
    ev.delta = bpf_ktime_get_ns() - (vp ? vp->ts : 0);
    bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
    __pybpf_perf_submit(events, ctx, &ev, sizeof(ev));
    __pybpf_perf_submit(events,
        ctx,
        &ev,
        sizeof(ev));

    struct event_t *e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(*e), sizeof(*e));
    if (e) {
        e->pid = pid;
        __pybpf_ringbuf_submit(rb, e, 0);
    }
    e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(struct event_t), sizeof(struct event_t));
    if (e)
        __pybpf_ringbuf_discard(rb, e, BPF_RB_NO_WAKEUP);
    __pybpf_ringbuf_output(rb, &ev, sizeof(ev), 0);

    int sid = __pybpf_get_stackid(stacks, ctx, 0);
    u32 qv = sid;
    __pybpf_push(q, &qv, BPF_EXIST);
    __pybpf_pop(q, &qv);
    __pybpf_peek(q, &qv);
    __pybpf_push(stk, &one, 0);
    u64 c = __pybpf_perf_read(cycles, CUR_CPU_IDENTIFIER);
    if (__pybpf_check_current_task(cg, 0) > 0 && c)
        __pybpf_call(jmp, ctx, 2);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 21 "maps_methods.bcc.c"
SEC("tracepoint") int methods__scx(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    struct key_t key = {.pid = pid};
    struct val_t zero = {}, *vp;
    u64 one = 1, *cp;

    vp = __pybpf_lookup_or_try_init(start, &pid, &zero);
    if (!vp)
        return 0;
    vp = __pybpf_lookup_or_init(start, &pid, &zero);
    if (__pybpf_lookup(start, &pid) == 0 || (vp = __pybpf_lookup(start, &pid)) != 0) {
        vp->n++;
    }
    __pybpf_update(start, &pid, &zero);
    __pybpf_insert(start, &pid,
                 &zero);
    __pybpf_delete(start, &pid);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash_atomic(counts, key, 10);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash(pcounts, pid, 2);
    __pybpf_increment_array_atomic(arr, 1);
    __pybpf_increment_array_atomic(arr, 2, 5);
    __pybpf_increment_array(parr, 0);
    __pybpf_increment_array_atomic(dist, bpf_log2l(one));
    cp = __pybpf_lookup(counts, &key);
    if (cp) lock_xadd(cp, 1);

    struct event_t ev = {};
    ev.pid = pid;
    ev.delta = bpf_ktime_get_ns() - (vp ? vp->ts : 0);
    bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
    __pybpf_perf_submit(events, ctx, &ev, sizeof(ev));
    __pybpf_perf_submit(events,
        ctx,
        &ev,
        sizeof(ev));

    struct event_t *e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(*e), sizeof(*e));
    if (e) {
        e->pid = pid;
        __pybpf_ringbuf_submit(rb, e, 0);
    }
    e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(struct event_t), sizeof(struct event_t));
    if (e)
        __pybpf_ringbuf_discard(rb, e, BPF_RB_NO_WAKEUP);
    __pybpf_ringbuf_output(rb, &ev, sizeof(ev), 0);

    int sid = __pybpf_get_stackid(stacks, ctx, 0);
    u32 qv = sid;
    __pybpf_push(q, &qv, BPF_EXIST);
    __pybpf_pop(q, &qv);
    __pybpf_peek(q, &qv);
    __pybpf_push(stk, &one, 0);
    u64 c = __pybpf_perf_read(cycles, CUR_CPU_IDENTIFIER);
    if (__pybpf_check_current_task(cg, 0) > 0 && c)
        __pybpf_call(jmp, ctx, 2);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 21 "maps_methods.bcc.c"
SEC("kprobe") int methods__gen(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    struct key_t key = {.pid = pid};
    struct val_t zero = {}, *vp;
    u64 one = 1, *cp;

    vp = __pybpf_lookup_or_try_init(start, &pid, &zero);
    if (!vp)
        return 0;
    vp = __pybpf_lookup_or_init(start, &pid, &zero);
    if (__pybpf_lookup(start, &pid) == 0 || (vp = __pybpf_lookup(start, &pid)) != 0) {
        vp->n++;
    }
    __pybpf_update(start, &pid, &zero);
    __pybpf_insert(start, &pid,
                 &zero);
    __pybpf_delete(start, &pid);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash_atomic(counts, key, 10);
    __pybpf_increment_hash_atomic(counts, key);
    __pybpf_increment_hash(pcounts, pid, 2);
    __pybpf_increment_array_atomic(arr, 1);
    __pybpf_increment_array_atomic(arr, 2, 5);
    __pybpf_increment_array(parr, 0);
    __pybpf_increment_array_atomic(dist, bpf_log2l(one));
    cp = __pybpf_lookup(counts, &key);
    if (cp) lock_xadd(cp, 1);

    struct event_t ev = {};
    ev.pid = pid;
    ev.delta = bpf_ktime_get_ns() - (vp ? vp->ts : 0);
    bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
    __pybpf_perf_submit(events, ctx, &ev, sizeof(ev));
    __pybpf_perf_submit(events,
        ctx,
        &ev,
        sizeof(ev));

    struct event_t *e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(*e), sizeof(*e));
    if (e) {
        e->pid = pid;
        __pybpf_ringbuf_submit(rb, e, 0);
    }
    e = __pybpf_ringbuf_reserve_typed(rb, __typeof__(struct event_t), sizeof(struct event_t));
    if (e)
        __pybpf_ringbuf_discard(rb, e, BPF_RB_NO_WAKEUP);
    __pybpf_ringbuf_output(rb, &ev, sizeof(ev), 0);

    int sid = __pybpf_get_stackid(stacks, ctx, 0);
    u32 qv = sid;
    __pybpf_push(q, &qv, BPF_EXIST);
    __pybpf_pop(q, &qv);
    __pybpf_peek(q, &qv);
    __pybpf_push(stk, &one, 0);
    u64 c = __pybpf_perf_read(cycles, CUR_CPU_IDENTIFIER);
    if (__pybpf_check_current_task(cg, 0) > 0 && c)
        __pybpf_call(jmp, ctx, 2);
    return 0;
}
#line 79 "maps_methods.bcc.c"



char _license[] SEC("license") = "GPL";
