// Networking programs: packet pointers are not kernel pointers (no implicit reads).
#include <bcc/proto.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>

BPF_ARRAY(rxcnt, long, 256);
BPF_DEVMAP(tx_port, 4);
BPF_XSKMAP(xsks, 4);
BPF_HASH(ports, u16, u64);

int count_udp(struct __sk_buff *skb)
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
    ports.increment(dport);
    return -1;
}

int xdp_count(struct xdp_md *ctx)
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
    long *value = rxcnt.lookup_or_try_init(&(int){iph->protocol}, &(long){0});
    if (value)
        __sync_fetch_and_add(value, 1);
    if (eth->h_proto == htons(ETH_P_ARP))
        return tx_port.redirect_map(0, 0);
    return xsks.redirect_map(ctx->rx_queue_index, XDP_PASS);
}

int tc_mark(struct __sk_buff *skb)
{
    skb->mark = 42;
    return TC_ACT_OK;
}
