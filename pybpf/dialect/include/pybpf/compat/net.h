/* pybpf: what networking kernel headers (net/sock.h, net/inet_sock.h, linux/in6.h, ...)
 * give BCC programs beyond BTF: the field shorthand macros of struct sock, struct inet_sock
 * and struct in6_addr. They live apart from compat/kernel.h because they rename any
 * identifier spelled like them (a field `sk_state` in the user's own struct included),
 * exactly as the real headers do, so only programs that include networking headers get
 * them.
 */
#ifndef __PYBPF_COMPAT_NET_H
#define __PYBPF_COMPAT_NET_H

#include <pybpf/compat/kernel.h>

/* uapi/linux/in6.h */
#define s6_addr in6_u.u6_addr8
#define s6_addr16 in6_u.u6_addr16
#define s6_addr32 in6_u.u6_addr32

/* net/sock.h */
#define sk_node __sk_common.skc_node
#define sk_nulls_node __sk_common.skc_nulls_node
#define sk_refcnt __sk_common.skc_refcnt
#define sk_tx_queue_mapping __sk_common.skc_tx_queue_mapping
#define sk_hash __sk_common.skc_hash
#define sk_portpair __sk_common.skc_portpair
#define sk_num __sk_common.skc_num
#define sk_dport __sk_common.skc_dport
#define sk_addrpair __sk_common.skc_addrpair
#define sk_daddr __sk_common.skc_daddr
#define sk_rcv_saddr __sk_common.skc_rcv_saddr
#define sk_family __sk_common.skc_family
#define sk_state __sk_common.skc_state
#define sk_reuse __sk_common.skc_reuse
#define sk_reuseport __sk_common.skc_reuseport
#define sk_ipv6only __sk_common.skc_ipv6only
#define sk_net_refcnt __sk_common.skc_net_refcnt
#define sk_bound_dev_if __sk_common.skc_bound_dev_if
#define sk_bind_node __sk_common.skc_bind_node
#define sk_prot __sk_common.skc_prot
#define sk_net __sk_common.skc_net
#define sk_v6_daddr __sk_common.skc_v6_daddr
#define sk_v6_rcv_saddr __sk_common.skc_v6_rcv_saddr
#define sk_cookie __sk_common.skc_cookie
#define sk_incoming_cpu __sk_common.skc_incoming_cpu
#define sk_flags __sk_common.skc_flags
#define sk_rxhash __sk_common.skc_rxhash

/* net/inet_sock.h */
#define inet_daddr sk.__sk_common.skc_daddr
#define inet_rcv_saddr sk.__sk_common.skc_rcv_saddr
#define inet_dport sk.__sk_common.skc_dport
#define inet_num sk.__sk_common.skc_num

/* the socket casts of linux/tcp.h, linux/udp.h, net/inet_sock.h,
 * net/inet_connection_sock.h, net/request_sock.h (each struct starts with the one before) */
static __always_inline struct tcp_sock *tcp_sk(const struct sock *sk)
{ return (struct tcp_sock *)sk; }
static __always_inline struct udp_sock *udp_sk(const struct sock *sk)
{ return (struct udp_sock *)sk; }
static __always_inline struct inet_sock *inet_sk(const struct sock *sk)
{ return (struct inet_sock *)sk; }
static __always_inline struct inet_connection_sock *inet_csk(const struct sock *sk)
{ return (struct inet_connection_sock *)sk; }
static __always_inline struct inet_request_sock *inet_rsk(const struct request_sock *sk)
{ return (struct inet_request_sock *)sk; }
static __always_inline struct tcp_request_sock *tcp_rsk(const struct request_sock *req)
{ return (struct tcp_request_sock *)req; }
static __always_inline struct inet_timewait_sock *inet_twsk(const struct sock *sk)
{ return (struct inet_timewait_sock *)sk; }

/* linux/skbuff.h queue accessors (read through BPF_CORE_READ: a kernel sk_buff or a copy) */
#define skb_get_queue_mapping(skb) ((u16)BPF_CORE_READ((skb), queue_mapping))
#define skb_rx_queue_recorded(skb) (BPF_CORE_READ((skb), queue_mapping) != 0)
#define skb_get_rx_queue(skb) ((u16)(BPF_CORE_READ((skb), queue_mapping) - 1))

#endif /* __PYBPF_COMPAT_NET_H */
