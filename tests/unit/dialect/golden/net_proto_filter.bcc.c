// BCC's packet-parsing style: <bcc/proto.h> headers over a cursor, in a socket filter.
#include <bcc/proto.h>

BPF_HASH(dns_ports, u16, u64);

int dns_matching(struct __sk_buff *skb)
{
    u8 *cursor = 0;
    struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));
    if (ethernet->type == ETH_P_IP) {
        struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
        if (ip->nextp == IPPROTO_UDP && ip->ver == 4 && !ip->mf) {
            struct udp_t *udp = cursor_advance(cursor, sizeof(*udp));
            u16 dport = udp->dport;
            if (dport == 53) {
                dns_ports.increment(dport);
                return -1;
            }
        }
    }
    return 0;
}

// a store goes through bpf_skb_store_bytes: load it as a tc classifier (BPF.SCHED_CLS)
int clear_udp_checksum(struct __sk_buff *skb)
{
    u8 *cursor = 0;
    cursor_advance(cursor, sizeof(struct ethernet_t) + sizeof(struct ip_t));
    struct udp_t *udp = cursor_advance(cursor, sizeof(*udp));
    udp->crc = 0;
    return 0;
}
