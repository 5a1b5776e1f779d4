/* pybpf: BCC's <bcc/proto.h> packet header structs and cursor_advance().
 *
 * The structs describe headers in network bit order, field by field, as BCC's do. In
 * socket filters (ctx `struct __sk_buff *`) the rewriter turns reads and writes of their
 * fields through a cursor pointer (`ip->ttl`, `udp->dport = 53`) into bpf_dext_pkt() /
 * bpf_dins_pkt() packet loads and stores, as BCC does.
 */
#ifndef __PYBPF_COMPAT_BCC_PROTO_H
#define __PYBPF_COMPAT_BCC_PROTO_H

#include <pybpf/compat/net.h>

#define cursor_advance(_cursor, _len) \
	({ void *_tmp = _cursor; _cursor += _len; _tmp; })

struct ethernet_t {
	unsigned long long dst:48;
	unsigned long long src:48;
	unsigned int type:16;
} __attribute__((packed));

struct dot1q_t {
	unsigned short pri:3;
	unsigned short cfi:1;
	unsigned short vlanid:12;
	unsigned short type;
} __attribute__((packed));

struct arp_t {
	unsigned short htype;
	unsigned short ptype;
	unsigned char hlen;
	unsigned char plen;
	unsigned short oper;
	unsigned long long sha:48;
	unsigned long long spa:32;
	unsigned long long tha:48;
	unsigned int tpa;
} __attribute__((packed));

struct ip_t {
	unsigned char ver:4;
	unsigned char hlen:4;
	unsigned char tos;
	unsigned short tlen;
	unsigned short identification;
	unsigned short ffo_unused:1;
	unsigned short df:1;
	unsigned short mf:1;
	unsigned short foffset:13;
	unsigned char ttl;
	unsigned char nextp;
	unsigned short hchecksum;
	unsigned int src;
	unsigned int dst;
} __attribute__((packed));

struct icmp_t {
	unsigned char type;
	unsigned char code;
	unsigned short checksum;
} __attribute__((packed));

struct ip6_t {
	unsigned int ver:4;
	unsigned int priority:8;
	unsigned int flow_label:20;
	unsigned short payload_len;
	unsigned char next_header;
	unsigned char hop_limit;
	unsigned long long src_hi;
	unsigned long long src_lo;
	unsigned long long dst_hi;
	unsigned long long dst_lo;
} __attribute__((packed));

struct ip6_opt_t {
	unsigned char next_header;
	unsigned char ext_len;
	unsigned char pad[6];
} __attribute__((packed));

struct icmp6_t {
	unsigned char type;
	unsigned char code;
	unsigned short checksum;
} __attribute__((packed));

struct udp_t {
	unsigned short sport;
	unsigned short dport;
	unsigned short length;
	unsigned short crc;
} __attribute__((packed));

struct tcp_t {
	unsigned short src_port;
	unsigned short dst_port;
	unsigned int seq_num;
	unsigned int ack_num;
	unsigned char offset:4;
	unsigned char reserved:4;
	unsigned char flag_cwr:1;
	unsigned char flag_ece:1;
	unsigned char flag_urg:1;
	unsigned char flag_ack:1;
	unsigned char flag_psh:1;
	unsigned char flag_rst:1;
	unsigned char flag_syn:1;
	unsigned char flag_fin:1;
	unsigned short rcv_wnd;
	unsigned short cksum;
	unsigned short urg_ptr;
} __attribute__((packed));

struct vxlan_t {
	unsigned int rsv1:4;
	unsigned int iflag:1;
	unsigned int rsv2:3;
	unsigned int rsv3:24;
	unsigned int key:24;
	unsigned int rsv4:8;
} __attribute__((packed));

struct vxlan_gbp_t {
	unsigned int gflag:1;
	unsigned int rsv1:3;
	unsigned int iflag:1;
	unsigned int rsv2:3;
	unsigned int rsv3:1;
	unsigned int dflag:1;
	unsigned int rsv4:1;
	unsigned int aflag:1;
	unsigned int rsv5:3;
	unsigned int tag:16;
	unsigned int key:24;
	unsigned int rsv6:8;
} __attribute__((packed));

/* packet field load/store at a bit offset, through classic BPF loads (socket filters) */
#define __PYBPF_MASK(n) ((n) < 64 ? (1ull << (n)) - 1 : ((u64)-1LL))

static __always_inline u64 bpf_dext_pkt(void *pkt, u64 off, u64 bofs, u64 bsz)
{
	if (bofs == 0 && bsz == 8)
		return load_byte(pkt, off);
	else if (bofs + bsz <= 8)
		return load_byte(pkt, off) >> (8 - (bofs + bsz)) & __PYBPF_MASK(bsz);
	else if (bofs == 0 && bsz == 16)
		return load_half(pkt, off);
	else if (bofs + bsz <= 16)
		return load_half(pkt, off) >> (16 - (bofs + bsz)) & __PYBPF_MASK(bsz);
	else if (bofs == 0 && bsz == 32)
		return load_word(pkt, off);
	else if (bofs + bsz <= 32)
		return load_word(pkt, off) >> (32 - (bofs + bsz)) & __PYBPF_MASK(bsz);
	else if (bofs == 0 && bsz == 64)
		return load_dword(pkt, off);
	else if (bofs + bsz <= 64)
		return load_dword(pkt, off) >> (64 - (bofs + bsz)) & __PYBPF_MASK(bsz);
	return 0;
}

static __always_inline void bpf_dins_pkt(void *pkt, u64 off, u64 bofs, u64 bsz, u64 val)
{
	if (bofs == 0 && bsz == 8) {
		u8 v = val;
		bpf_skb_store_bytes(pkt, off, &v, 1, 0);
	} else if (bofs + bsz <= 8) {
		u8 v = load_byte(pkt, off);
		v &= ~(__PYBPF_MASK(bsz) << (8 - (bofs + bsz)));
		v |= ((val & __PYBPF_MASK(bsz)) << (8 - (bofs + bsz)));
		bpf_skb_store_bytes(pkt, off, &v, 1, 0);
	} else if (bofs == 0 && bsz == 16) {
		u16 v = bpf_htons(val);
		bpf_skb_store_bytes(pkt, off, &v, 2, 0);
	} else if (bofs + bsz <= 16) {
		u16 v = load_half(pkt, off);
		v &= ~(__PYBPF_MASK(bsz) << (16 - (bofs + bsz)));
		v |= ((val & __PYBPF_MASK(bsz)) << (16 - (bofs + bsz)));
		v = bpf_htons(v);
		bpf_skb_store_bytes(pkt, off, &v, 2, 0);
	} else if (bofs == 0 && bsz == 32) {
		u32 v = bpf_htonl(val);
		bpf_skb_store_bytes(pkt, off, &v, 4, 0);
	} else if (bofs + bsz <= 32) {
		u32 v = load_word(pkt, off);
		v &= ~(__PYBPF_MASK(bsz) << (32 - (bofs + bsz)));
		v |= ((val & __PYBPF_MASK(bsz)) << (32 - (bofs + bsz)));
		v = bpf_htonl(v);
		bpf_skb_store_bytes(pkt, off, &v, 4, 0);
	} else if (bofs == 0 && bsz == 64) {
		u64 v = bpf_cpu_to_be64(val);
		bpf_skb_store_bytes(pkt, off, &v, 8, 0);
	} else if (bofs + bsz <= 64) {
		u64 v = load_dword(pkt, off);
		v &= ~(__PYBPF_MASK(bsz) << (64 - (bofs + bsz)));
		v |= ((val & __PYBPF_MASK(bsz)) << (64 - (bofs + bsz)));
		v = bpf_cpu_to_be64(v);
		bpf_skb_store_bytes(pkt, off, &v, 8, 0);
	}
}

#endif /* __PYBPF_COMPAT_BCC_PROTO_H */
