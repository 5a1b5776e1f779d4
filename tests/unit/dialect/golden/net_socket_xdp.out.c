#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "net_socket_xdp.bcc.c"
// Networking programs: packet pointers are not kernel pointers (no implicit reads).
#include <pybpf/compat/bcc/proto.h> /* pybpf: was <bcc/proto.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/if_ether.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/ip.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/in.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/pkt_cls.h> */

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, long); __uint(max_entries, 256); } rxcnt SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_DEVMAP); __type(key, u32); __type(value, int); __uint(max_entries, 4); } tx_port SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_XSKMAP); __type(key, u32); __type(value, int); __uint(max_entries, 4); } xsks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u16); __type(value, u64); __uint(max_entries, 10240); } ports SEC(".maps");

SEC("socket") int count_udp(struct __sk_buff *skb)
{
    u8 *cursor = 0;
    struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));
    u64 proto = load_half(skb, offsetof(struct ethhdr, h_proto));
    if (proto != ETH_P_IP)
        return 0;
    u64 nextp = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));
    if (nextp != IPPROTO_UDP)
        return 0;
    u16 dport = load_half(skb, ETH_HLEN + sizeof(struct iphdr) + 2);
    __pybpf_increment_hash_atomic(ports, dport);
    return -1;
}

SEC("xdp") int xdp_count(struct xdp_md *ctx)
{
    void *data_end = (void *)(long)ctx->data_end;
    void *data = (void *)(long)ctx->data;
    struct ethhdr *eth = data;
    u64 nh_off = sizeof(*eth);
    if (data + nh_off > data_end)
        return XDP_DROP;
    struct iphdr *iph = data + nh_off;
    if ((void *)(iph + 1) > data_end)
        return XDP_PASS;
    long *value = __pybpf_lookup_or_try_init(rxcnt, &(int){iph->protocol}, &(long){0});
    if (value)
        __sync_fetch_and_add(value, 1);
    if (eth->h_proto == htons(ETH_P_ARP))
        return __pybpf_redirect_map(tx_port, 0, 0);
    return __pybpf_redirect_map(xsks, ctx->rx_queue_index, XDP_PASS);
}

SEC("socket") int tc_mark(struct __sk_buff *skb)
{
    skb->mark = 42;
    return TC_ACT_OK;
}


char _license[] SEC("license") = "GPL";
