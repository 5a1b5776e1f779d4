#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "maps_storage_sock.bcc.c"
// Local storage, socket maps and skb output: methods for non-tracing programs too.
struct stats_t { u64 packets; u64 bytes; };
struct meta_t { u32 len; u32 ifindex; };

struct { __uint(type, BPF_MAP_TYPE_SK_STORAGE); __type(key, int); __type(value, struct stats_t); __uint(max_entries, 0); __uint(map_flags, BPF_F_NO_PREALLOC); } sk_stats SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_TASK_STORAGE); __type(key, int); __type(value, u64); __uint(max_entries, 0); __uint(map_flags, BPF_F_NO_PREALLOC); } task_count SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_INODE_STORAGE); __type(key, int); __type(value, u32); __uint(max_entries, 0); __uint(map_flags, BPF_F_NO_PREALLOC); } inode_marks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGROUP_STORAGE); __type(key, struct bpf_cgroup_storage_key); __type(value, u64); } cg_bytes SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SOCKMAP); __type(key, u32); __type(value, int); __uint(max_entries, 16); } sock_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SOCKHASH); __type(key, u32); __type(value, int); __uint(max_entries, 16); } sock_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } skb_events SEC(".maps"); __u64 skb_events__pybpf_drops;

SEC("sockops") int on_sockops(struct bpf_sock_ops *skops)
{
    u32 key = skops->local_port;
    struct bpf_sock *sk = skops->sk;
    if (sk) {
        struct stats_t *st = __pybpf_sk_storage_get(sk_stats, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
        if (st)
            st->packets++;
        __pybpf_sk_storage_delete(sk_stats, sk);
    }
    __pybpf_sock_map_update(sock_map, skops, &key, BPF_ANY);
    __pybpf_sock_hash_update(sock_hash, skops, &key, BPF_NOEXIST);
    return 1;
}

SEC("sk_msg") int on_msg(struct sk_msg_md *msg)
{
    u32 key = msg->local_port;
    if (msg->remote_port == 0)
        return __pybpf_msg_redirect_map(sock_map, msg, 0, BPF_F_INGRESS);
    return __pybpf_msg_redirect_hash(sock_hash, msg, &key, BPF_F_INGRESS);
}

SEC("socket") int on_cgroup_skb(struct __sk_buff *skb)
{
    u64 *bytes = __pybpf_get_local_storage(cg_bytes, 0);
    __sync_fetch_and_add(bytes, skb->len);
    struct meta_t meta = {.len = skb->len, .ifindex = skb->ifindex};
    __pybpf_perf_submit_skb(skb_events, skb, skb->len, &meta, sizeof(meta));
    return 1;
}

SEC("kprobe") int on_task(struct pt_regs *ctx)
{
    struct task_struct *task = bpf_get_current_task_btf();
    u64 *n = __pybpf_task_storage_get(task_count, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (n)
        *n += 1;
    __pybpf_task_storage_delete(task_count, task);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 45 "maps_storage_sock.bcc.c"
SEC("tracepoint") int on_task__sce(struct pt_regs *ctx)
{
    struct task_struct *task = bpf_get_current_task_btf();
    u64 *n = __pybpf_task_storage_get(task_count, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (n)
        *n += 1;
    __pybpf_task_storage_delete(task_count, task);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 45 "maps_storage_sock.bcc.c"
SEC("tracepoint") int on_task__scx(struct pt_regs *ctx)
{
    struct task_struct *task = bpf_get_current_task_btf();
    u64 *n = __pybpf_task_storage_get(task_count, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (n)
        *n += 1;
    __pybpf_task_storage_delete(task_count, task);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 45 "maps_storage_sock.bcc.c"
SEC("kprobe") int on_task__gen(struct pt_regs *ctx)
{
    struct task_struct *task = bpf_get_current_task_btf();
    u64 *n = __pybpf_task_storage_get(task_count, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (n)
        *n += 1;
    __pybpf_task_storage_delete(task_count, task);
    return 0;
}
#line 53 "maps_storage_sock.bcc.c"



char _license[] SEC("license") = "GPL";
