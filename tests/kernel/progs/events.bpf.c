// Records for the event-delivery tests: getpgid(n) from the test process emits n.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 20); } ring_a SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } ring_b SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 12); } ring_c SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4);
         __uint(value_size, 4); } samples SEC(".maps");

const volatile int target_pid = 0;

SEC("tp/syscalls/sys_enter_getpgid")
int emit(struct trace_event_raw_sys_enter *ctx)
{
    __u64 n = ctx->args[0];
    __u64 rec[5] = {n, n, n, n, n};

    if ((bpf_get_current_pid_tgid() >> 32) != target_pid)
        return 0;
    bpf_ringbuf_output(&ring_a, &n, sizeof(n), 0);
    if (n % 2)
        bpf_ringbuf_output(&ring_b, &n, sizeof(n), 0);
    /* 4 to 36 bytes: with the 8-byte header, records straddle the end of the 4 KiB ring */
    __u64 size = 4 + (n % 5) * 8;
    asm volatile("" : "+r"(size));     /* keep the bound check: clang can prove it */
    if (size <= sizeof(rec))
        bpf_ringbuf_output(&ring_c, rec, size, 0);
    bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, &n, sizeof(n));
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
