// Local storage, socket maps and skb output: methods for non-tracing programs too.
struct stats_t { u64 packets; u64 bytes; };
struct meta_t { u32 len; u32 ifindex; };

BPF_SK_STORAGE(sk_stats, struct stats_t);
BPF_TASK_STORAGE(task_count, u64);
BPF_INODE_STORAGE(inode_marks, u32);
BPF_CGROUP_STORAGE(cg_bytes, u64);
BPF_SOCKMAP(sock_map, 16);
BPF_SOCKHASH(sock_hash, u32, 16);
BPF_PERF_OUTPUT(skb_events);

int on_sockops(struct bpf_sock_ops *skops)
{
    u32 key = skops->local_port;
    struct bpf_sock *sk = skops->sk;
    if (sk) {
        struct stats_t *st = sk_stats.sk_storage_get(sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
        if (st)
            st->packets++;
        sk_stats.sk_storage_delete(sk);
    }
    sock_map.sock_map_update(skops, &key, BPF_ANY);
    sock_hash.sock_hash_update(skops, &key, BPF_NOEXIST);
    return 1;
}

int on_msg(struct sk_msg_md *msg)
{
    u32 key = msg->local_port;
    if (msg->remote_port == 0)
        return sock_map.msg_redirect_map(msg, 0, BPF_F_INGRESS);
    return sock_hash.msg_redirect_hash(msg, &key, BPF_F_INGRESS);
}

int on_cgroup_skb(struct __sk_buff *skb)
{
    u64 *bytes = cg_bytes.get_local_storage(0);
    __sync_fetch_and_add(bytes, skb->len);
    struct meta_t meta = {.len = skb->len, .ifindex = skb->ifindex};
    skb_events.perf_submit_skb(skb, skb->len, &meta, sizeof(meta));
    return 1;
}

int on_task(struct pt_regs *ctx)
{
    struct task_struct *task = bpf_get_current_task_btf();
    u64 *n = task_count.task_storage_get(task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (n)
        *n += 1;
    task_count.task_storage_delete(task);
    return 0;
}
