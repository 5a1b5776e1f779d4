#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "net_proto_filter.bcc.c"
// BCC's packet-parsing style: <bcc/proto.h> headers over a cursor, in a socket filter.
#include <pybpf/compat/bcc/proto.h> /* pybpf: was <bcc/proto.h> */

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u16); __type(value, u64); __uint(max_entries, 10240); } dns_ports SEC(".maps");

SEC("socket") int dns_matching(struct __sk_buff *skb)
{
    u8 *cursor = 0;
    struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));
    if (bpf_dext_pkt(skb, (u64)ethernet + 12, 0, 16) == ETH_P_IP) {
        struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
        if (bpf_dext_pkt(skb, (u64)ip + 9, 0, 8) == IPPROTO_UDP && bpf_dext_pkt(skb, (u64)ip + 0, 0, 4) == 4 && !bpf_dext_pkt(skb, (u64)ip + 6, 2, 1)) {
            struct udp_t *udp = cursor_advance(cursor, sizeof(*udp));
            u16 dport = bpf_dext_pkt(skb, (u64)udp + 2, 0, 16);
            if (dport == 53) {
                __pybpf_increment_hash_atomic(dns_ports, dport);
                return -1;
            }
        }
    }
    return 0;
}

// a store goes through bpf_skb_store_bytes: load it as a tc classifier (BPF.SCHED_CLS)
SEC("socket") int clear_udp_checksum(struct __sk_buff *skb)
{
    u8 *cursor = 0;
    cursor_advance(cursor, sizeof(struct ethernet_t) + sizeof(struct ip_t));
    struct udp_t *udp = cursor_advance(cursor, sizeof(*udp));
    bpf_dins_pkt(skb, (u64)udp + 6, 0, 16, 0);
    return 0;
}


char _license[] SEC("license") = "GPL";
