// Chapter 3 companion: a tc (traffic control) program counting packets by direction and
// protocol. The same program is attached twice, to ingress and egress; it tells them apart
// with skb->ingress_ifindex (set on received packets, 0 on transmitted ones).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define TC_ACT_OK 0      /* <linux/pkt_cls.h> macros: not in vmlinux.h */

enum { INGRESS, EGRESS };
enum { PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_ARP, PROTO_OTHER, NPROTO };

__u64 packets[2][NPROTO] = {};
__u64 bytes[2] = {};

SEC("tc")
int count(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data;
    void *data_end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    int dir = skb->ingress_ifindex ? INGRESS : EGRESS;
    int proto = PROTO_OTHER;

    if ((void *)(eth + 1) <= data_end && eth->h_proto == bpf_htons(ETH_P_ARP))
        proto = PROTO_ARP;
    else if ((void *)(ip + 1) <= data_end && eth->h_proto == bpf_htons(ETH_P_IP)) {
        if (ip->protocol == IPPROTO_ICMP)
            proto = PROTO_ICMP;
        else if (ip->protocol == IPPROTO_TCP)
            proto = PROTO_TCP;
        else if (ip->protocol == IPPROTO_UDP)
            proto = PROTO_UDP;
    }
    __sync_fetch_and_add(&packets[dir][proto], 1);
    __sync_fetch_and_add(&bytes[dir], skb->len);
    return TC_ACT_OK;   /* let every packet through */
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
