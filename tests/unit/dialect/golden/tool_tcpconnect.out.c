#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "tool_tcpconnect.bcc.c"
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */
#include <pybpf/compat/net.h> /* pybpf: was <net/sock.h> */
#include <pybpf/compat/bcc/proto.h> /* pybpf: was <bcc/proto.h> */

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct sock *); __uint(max_entries, 10240); } currsock SEC(".maps");

// separate data structs for ipv4 and ipv6
struct ipv4_data_t {
    u64 ts_us;
    u32 pid;
    u32 uid;
    u32 saddr;
    u32 daddr;
    u64 ip;
    u16 lport;
    u16 dport;
    char task[TASK_COMM_LEN];
};
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } ipv4_events SEC(".maps"); __u64 ipv4_events__pybpf_drops;

struct ipv6_data_t {
    u64 ts_us;
    u32 pid;
    u32 uid;
    unsigned __int128 saddr;
    unsigned __int128 daddr;
    u64 ip;
    u16 lport;
    u16 dport;
    char task[TASK_COMM_LEN];
};
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } ipv6_events SEC(".maps"); __u64 ipv6_events__pybpf_drops;

SEC("kprobe") int trace_connect_entry(struct pt_regs *ctx)
{ struct sock *sk = (struct sock *)PT_REGS_PARM1((struct pt_regs *)ctx);
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 tid = pid_tgid;
    __pybpf_update(currsock, &tid, &sk);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 34 "tool_tcpconnect.bcc.c"
SEC("tracepoint") int trace_connect_entry__sce(struct pt_regs *ctx)
{ struct sock *sk = (struct sock *)__pybpf_sce(ctx)->args[0];
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 tid = pid_tgid;
    __pybpf_update(currsock, &tid, &sk);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 34 "tool_tcpconnect.bcc.c"
SEC("tracepoint") int trace_connect_entry__scx(struct pt_regs *ctx)
{ struct sock *sk; __builtin_memset(&sk, 0, sizeof(sk));
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 tid = pid_tgid;
    __pybpf_update(currsock, &tid, &sk);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 34 "tool_tcpconnect.bcc.c"
SEC("kprobe") int trace_connect_entry__gen(struct pt_regs *ctx)
{ struct sock *sk = (struct sock *)PT_REGS_PARM1((struct pt_regs *)ctx);
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 tid = pid_tgid;
    __pybpf_update(currsock, &tid, &sk);
    return 0;
}
#line 40 "tool_tcpconnect.bcc.c"
;

static __always_inline int trace_connect_return(struct pt_regs *ctx, short ipver)
{
    int ret = PT_REGS_RC(ctx);
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 pid = pid_tgid >> 32;
    u32 tid = pid_tgid;

    struct sock **skpp;
    skpp = __pybpf_lookup(currsock, &tid);
    if (skpp == 0) {
        return 0;   // missed entry
    }
    if (ret != 0) {
        // failed to send SYNC packet, may not have populated
        // socket __sk_common.{skc_rcv_saddr, ...}
        __pybpf_delete(currsock, &tid);
        return 0;
    }

    // pull in details
    struct sock *skp = *skpp;
    u16 lport = BPF_CORE_READ(skp, __sk_common.skc_num);
    u16 dport = BPF_CORE_READ(skp, __sk_common.skc_dport);

    if (ipver == 4) {
        struct ipv4_data_t data4 = {.pid = pid, .ip = ipver};
        data4.uid = bpf_get_current_uid_gid();
        data4.ts_us = bpf_ktime_get_ns() / 1000;
        data4.saddr = BPF_CORE_READ(skp, __sk_common.skc_rcv_saddr);
        data4.daddr = BPF_CORE_READ(skp, __sk_common.skc_daddr);
        data4.lport = lport;
        data4.dport = ntohs(dport);
        bpf_get_current_comm(&data4.task, sizeof(data4.task));
        __pybpf_perf_submit(ipv4_events, ctx, &data4, sizeof(data4));
    } else /* 6 */ {
        struct ipv6_data_t data6 = {.pid = pid, .ip = ipver};
        data6.uid = bpf_get_current_uid_gid();
        data6.ts_us = bpf_ktime_get_ns() / 1000;
        bpf_probe_read_kernel(&data6.saddr, sizeof(data6.saddr),
            skp->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32);
        bpf_probe_read_kernel(&data6.daddr, sizeof(data6.daddr),
            skp->__sk_common.skc_v6_daddr.in6_u.u6_addr32);
        data6.lport = lport;
        data6.dport = ntohs(dport);
        bpf_get_current_comm(&data6.task, sizeof(data6.task));
        __pybpf_perf_submit(ipv6_events, ctx, &data6, sizeof(data6));
    }

    __pybpf_delete(currsock, &tid);

    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 42 "tool_tcpconnect.bcc.c"
static __always_inline int trace_connect_return__sce(struct pt_regs *ctx, short ipver)
{
    int ret = PT_REGS_RC(ctx);
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 pid = pid_tgid >> 32;
    u32 tid = pid_tgid;

    struct sock **skpp;
    skpp = __pybpf_lookup(currsock, &tid);
    if (skpp == 0) {
        return 0;   // missed entry
    }
    if (ret != 0) {
        // failed to send SYNC packet, may not have populated
        // socket __sk_common.{skc_rcv_saddr, ...}
        __pybpf_delete(currsock, &tid);
        return 0;
    }

    // pull in details
    struct sock *skp = *skpp;
    u16 lport = BPF_CORE_READ(skp, __sk_common.skc_num);
    u16 dport = BPF_CORE_READ(skp, __sk_common.skc_dport);

    if (ipver == 4) {
        struct ipv4_data_t data4 = {.pid = pid, .ip = ipver};
        data4.uid = bpf_get_current_uid_gid();
        data4.ts_us = bpf_ktime_get_ns() / 1000;
        data4.saddr = BPF_CORE_READ(skp, __sk_common.skc_rcv_saddr);
        data4.daddr = BPF_CORE_READ(skp, __sk_common.skc_daddr);
        data4.lport = lport;
        data4.dport = ntohs(dport);
        bpf_get_current_comm(&data4.task, sizeof(data4.task));
        __pybpf_perf_submit(ipv4_events, ctx, &data4, sizeof(data4));
    } else /* 6 */ {
        struct ipv6_data_t data6 = {.pid = pid, .ip = ipver};
        data6.uid = bpf_get_current_uid_gid();
        data6.ts_us = bpf_ktime_get_ns() / 1000;
        bpf_probe_read_kernel(&data6.saddr, sizeof(data6.saddr),
            skp->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32);
        bpf_probe_read_kernel(&data6.daddr, sizeof(data6.daddr),
            skp->__sk_common.skc_v6_daddr.in6_u.u6_addr32);
        data6.lport = lport;
        data6.dport = ntohs(dport);
        bpf_get_current_comm(&data6.task, sizeof(data6.task));
        __pybpf_perf_submit(ipv6_events, ctx, &data6, sizeof(data6));
    }

    __pybpf_delete(currsock, &tid);

    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 42 "tool_tcpconnect.bcc.c"
static __always_inline int trace_connect_return__scx(struct pt_regs *ctx, short ipver)
{
    int ret = PT_REGS_RC(ctx);
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u32 pid = pid_tgid >> 32;
    u32 tid = pid_tgid;

    struct sock **skpp;
    skpp = __pybpf_lookup(currsock, &tid);
    if (skpp == 0) {
        return 0;   // missed entry
    }
    if (ret != 0) {
        // failed to send SYNC packet, may not have populated
        // socket __sk_common.{skc_rcv_saddr, ...}
        __pybpf_delete(currsock, &tid);
        return 0;
    }

    // pull in details
    struct sock *skp = *skpp;
    u16 lport = BPF_CORE_READ(skp, __sk_common.skc_num);
    u16 dport = BPF_CORE_READ(skp, __sk_common.skc_dport);

    if (ipver == 4) {
        struct ipv4_data_t data4 = {.pid = pid, .ip = ipver};
        data4.uid = bpf_get_current_uid_gid();
        data4.ts_us = bpf_ktime_get_ns() / 1000;
        data4.saddr = BPF_CORE_READ(skp, __sk_common.skc_rcv_saddr);
        data4.daddr = BPF_CORE_READ(skp, __sk_common.skc_daddr);
        data4.lport = lport;
        data4.dport = ntohs(dport);
        bpf_get_current_comm(&data4.task, sizeof(data4.task));
        __pybpf_perf_submit(ipv4_events, ctx, &data4, sizeof(data4));
    } else /* 6 */ {
        struct ipv6_data_t data6 = {.pid = pid, .ip = ipver};
        data6.uid = bpf_get_current_uid_gid();
        data6.ts_us = bpf_ktime_get_ns() / 1000;
        bpf_probe_read_kernel(&data6.saddr, sizeof(data6.saddr),
            skp->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32);
        bpf_probe_read_kernel(&data6.daddr, sizeof(data6.daddr),
            skp->__sk_common.skc_v6_daddr.in6_u.u6_addr32);
        data6.lport = lport;
        data6.dport = ntohs(dport);
        bpf_get_current_comm(&data6.task, sizeof(data6.task));
        __pybpf_perf_submit(ipv6_events, ctx, &data6, sizeof(data6));
    }

    __pybpf_delete(currsock, &tid);

    return 0;
}
#include <pybpf/regs_restore.h>
#line 93 "tool_tcpconnect.bcc.c"


SEC("kprobe") int trace_connect_v4_return(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 4);
}
#include <pybpf/regs_syscall_enter.h>
#line 95 "tool_tcpconnect.bcc.c"
SEC("tracepoint") int trace_connect_v4_return__sce(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 4);
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 95 "tool_tcpconnect.bcc.c"
SEC("tracepoint") int trace_connect_v4_return__scx(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 4);
}
#include <pybpf/regs_restore.h>
#line 95 "tool_tcpconnect.bcc.c"
SEC("kprobe") int trace_connect_v4_return__gen(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 4);
}
#line 98 "tool_tcpconnect.bcc.c"


SEC("kprobe") int trace_connect_v6_return(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 6);
}
#include <pybpf/regs_syscall_enter.h>
#line 100 "tool_tcpconnect.bcc.c"
SEC("tracepoint") int trace_connect_v6_return__sce(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 6);
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 100 "tool_tcpconnect.bcc.c"
SEC("tracepoint") int trace_connect_v6_return__scx(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 6);
}
#include <pybpf/regs_restore.h>
#line 100 "tool_tcpconnect.bcc.c"
SEC("kprobe") int trace_connect_v6_return__gen(struct pt_regs *ctx)
{
    return __PYBPF_V(trace_connect_return)(ctx, 6);
}
#line 103 "tool_tcpconnect.bcc.c"



char _license[] SEC("license") = "GPL";
