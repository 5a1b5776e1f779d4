// Maps of several kinds, filled from Python and from a program (tests/kernel/test_maps.py).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct key_t { __u32 pid; char comm[16]; };
struct val_t { __u64 count; __u64 last_ns; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 4096);
         __type(key, struct key_t); __type(value, struct val_t); } by_task SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8);
         __type(key, __u32); __type(value, __u64); } slots SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1);
         __type(key, __u32); __type(value, __u64); } percpu SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __uint(max_entries, 8);
         __type(value, __u32); } fifo SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4);
         __uint(value_size, 4); } perf_events SEC(".maps");

const volatile int target_pid = 0;

SEC("tp/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
    struct key_t key = {};
    struct val_t zero = {}, *val;
    __u32 idx = 0;
    __u64 *per;

    if ((bpf_get_current_pid_tgid() >> 32) != target_pid)
        return 0;
    key.pid = target_pid;
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    val = bpf_map_lookup_elem(&by_task, &key);
    if (!val) {
        bpf_map_update_elem(&by_task, &key, &zero, BPF_NOEXIST);
        val = bpf_map_lookup_elem(&by_task, &key);
        if (!val)
            return 0;
    }
    __sync_fetch_and_add(&val->count, 1);
    val->last_ns = bpf_ktime_get_ns();
    per = bpf_map_lookup_elem(&percpu, &idx);
    if (per)
        *per += 1;
    return 0;
}

SEC("tp/syscalls/sys_enter_getpgid")
int emit_events(struct trace_event_raw_sys_enter *ctx)
{
    __u64 arg = ctx->args[0];

    if ((bpf_get_current_pid_tgid() >> 32) != target_pid)
        return 0;
    bpf_ringbuf_output(&events, &arg, sizeof(arg), 0);
    bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &arg, sizeof(arg));
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
