// Chapter 3 companion: an XDP program that drops ICMP (ping) and lets everything else
// pass. It parses the Ethernet and IPv4 headers with bounds checks the verifier can follow,
// and counts what it saw in global variables (the object's .bss map).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800   /* a macro in <linux/if_ether.h>: not in vmlinux.h */

__u64 icmp_dropped = 0;
__u64 other_passed = 0;

SEC("xdp")
int drop_icmp(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);

    if ((void *)(ip + 1) > data_end)          /* too short for Ethernet + IPv4 */
        goto pass;
    if (eth->h_proto != bpf_htons(ETH_P_IP))  /* ARP, IPv6, ... */
        goto pass;
    if (ip->protocol == IPPROTO_ICMP) {
        __sync_fetch_and_add(&icmp_dropped, 1);
        return XDP_DROP;
    }
pass:
    __sync_fetch_and_add(&other_passed, 1);
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
