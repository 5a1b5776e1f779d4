// Table methods in every position: statements, conditions, arguments, across lines.
struct key_t { u32 pid; };
struct val_t { u64 ts; u64 n; };
struct event_t { u32 pid; u64 delta; char comm[16]; };

BPF_HASH(start, u32, struct val_t);
BPF_HASH(counts, struct key_t, u64, 1024);
BPF_PERCPU_HASH(pcounts, u32);
BPF_ARRAY(arr, u64, 4);
BPF_PERCPU_ARRAY(parr, u64, 4);
BPF_HISTOGRAM(dist);
BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(rb, 8);
BPF_PROG_ARRAY(jmp, 4);
BPF_STACK_TRACE(stacks, 128);
BPF_QUEUE(q, u32, 16);
BPF_STACK(stk, u64, 16);
BPF_PERF_ARRAY(cycles, 8);
BPF_CGROUP_ARRAY(cg, 1);

int methods(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    struct key_t key = {.pid = pid};
    struct val_t zero = {}, *vp;
    u64 one = 1, *cp;

    vp = start.lookup_or_try_init(&pid, &zero);
    if (!vp)
        return 0;
    vp = start.lookup_or_init(&pid, &zero);
    if (start.lookup(&pid) == 0 || (vp = start.lookup(&pid)) != 0) {
        vp->n++;
    }
    start.update(&pid, &zero);
    start.insert(&pid,
                 &zero);
    start.delete(&pid);
    counts.increment(key);
    counts.increment(key, 10);
    counts.atomic_increment(key);
    pcounts.increment(pid, 2);
    arr.increment(1);
    arr.atomic_increment(2, 5);
    parr.increment(0);
    dist.increment(bpf_log2l(one));
    cp = counts.lookup(&key);
    if (cp) lock_xadd(cp, 1);

    struct event_t ev = {};
    ev.pid = pid;
    ev.delta = bpf_ktime_get_ns() - (vp ? vp->ts : 0);
    bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
    events.perf_submit(ctx, &ev, sizeof(ev));
    events.perf_submit(
        ctx,
        &ev,
        sizeof(ev));

    struct event_t *e = rb.ringbuf_reserve(sizeof(*e));
    if (e) {
        e->pid = pid;
        rb.ringbuf_submit(e, 0);
    }
    e = rb.ringbuf_reserve(sizeof(struct event_t));
    if (e)
        rb.ringbuf_discard(e, BPF_RB_NO_WAKEUP);
    rb.ringbuf_output(&ev, sizeof(ev), 0);

    int sid = stacks.get_stackid(ctx, 0);
    u32 qv = sid;
    q.push(&qv, BPF_EXIST);
    q.pop(&qv);
    q.peek(&qv);
    stk.push(&one, 0);
    u64 c = cycles.perf_read(CUR_CPU_IDENTIFIER);
    if (cg.check_current_task(0) > 0 && c)
        jmp.call(ctx, 2);
    return 0;
}
