"""BCC's packet-header rewrite for socket filters: ``ip->ttl`` -> ``bpf_dext_pkt(...)``.

With <bcc/proto.h>, a socket filter walks the packet with a cursor and header structs
(``struct ip_t *ip = cursor_advance(cursor, sizeof(*ip))``). The pointers are offsets
into the packet, not memory: reading a field becomes a classic BPF packet load at the
field's bit offset (``bpf_dext_pkt(skb, (u64)ip + byte, bit, size)``) and assigning one a
store (``bpf_dins_pkt``, which needs a tc program type for bpf_skb_store_bytes). As in
BCC, the base must be a plain variable and compound assignments are not rewritten.
"""
from __future__ import annotations

from .clangast import member_token, pointee_tag, qualtype, src_range, strip

# pybpf/compat/bcc/proto.h: field -> width in bits, in order (offsets are cumulative)
_PROTO_FIELDS = {
    "ethernet_t": [("dst", 48), ("src", 48), ("type", 16)],
    "dot1q_t": [("pri", 3), ("cfi", 1), ("vlanid", 12), ("type", 16)],
    "arp_t": [("htype", 16), ("ptype", 16), ("hlen", 8), ("plen", 8), ("oper", 16),
              ("sha", 48), ("spa", 32), ("tha", 48), ("tpa", 32)],
    "ip_t": [("ver", 4), ("hlen", 4), ("tos", 8), ("tlen", 16), ("identification", 16),
             ("ffo_unused", 1), ("df", 1), ("mf", 1), ("foffset", 13), ("ttl", 8),
             ("nextp", 8), ("hchecksum", 16), ("src", 32), ("dst", 32)],
    "icmp_t": [("type", 8), ("code", 8), ("checksum", 16)],
    "ip6_t": [("ver", 4), ("priority", 8), ("flow_label", 20), ("payload_len", 16),
              ("next_header", 8), ("hop_limit", 8), ("src_hi", 64), ("src_lo", 64),
              ("dst_hi", 64), ("dst_lo", 64)],
    "ip6_opt_t": [("next_header", 8), ("ext_len", 8), ("pad", 48)],
    "icmp6_t": [("type", 8), ("code", 8), ("checksum", 16)],
    "udp_t": [("sport", 16), ("dport", 16), ("length", 16), ("crc", 16)],
    "tcp_t": [("src_port", 16), ("dst_port", 16), ("seq_num", 32), ("ack_num", 32),
              ("offset", 4), ("reserved", 4), ("flag_cwr", 1), ("flag_ece", 1),
              ("flag_urg", 1), ("flag_ack", 1), ("flag_psh", 1), ("flag_rst", 1),
              ("flag_syn", 1), ("flag_fin", 1), ("rcv_wnd", 16), ("cksum", 16),
              ("urg_ptr", 16)],
    "vxlan_t": [("rsv1", 4), ("iflag", 1), ("rsv2", 3), ("rsv3", 24), ("key", 24),
                ("rsv4", 8)],
    "vxlan_gbp_t": [("gflag", 1), ("rsv1", 3), ("iflag", 1), ("rsv2", 3), ("rsv3", 1),
                    ("dflag", 1), ("rsv4", 1), ("aflag", 1), ("rsv5", 3), ("tag", 16),
                    ("key", 24), ("rsv6", 8)],
}


def _proto_layouts() -> dict[str, dict[str, tuple[int, int]]]:
    out = {}
    for name, fields in _PROTO_FIELDS.items():
        off, layout = 0, {}
        for field, bits in fields:
            layout[field] = (off, bits)
            off += bits
        out[name] = layout
    return out


PROTO_LAYOUTS = _proto_layouts()


class PacketMixin:
    """The packet-mode traversal of FunctionDeref."""

    def packet(self, node: dict, ctx: str) -> None:
        """Socket filters: ``ip->ttl`` on a <bcc/proto.h> header pointer is a packet load,
        ``udp->dport = v`` a packet store (BCC's bpf_dext_pkt/bpf_dins_pkt rewrite)."""
        k = node.get("kind")
        inner = node.get("inner", [])
        if k == "BinaryOperator" and node.get("opcode") == "=" and len(inner) == 2:
            field = self._proto_field(strip(inner[0], parens=True))
            rhs = src_range(inner[1])
            self.packet(inner[1], "rvalue")
            if field and rhs:
                r, base, (bofs, bsz) = field
                rn = src_range(node)
                if rn:
                    self._add(rn[0], rn[1], [
                        ("lit", f"bpf_dins_pkt({self.ctx_param}, (u64)"), ("src", *base),
                        ("lit", f" + {bofs >> 3}, {bofs & 7}, {bsz}, "), ("src", *rhs),
                        ("lit", ")")])
                return
        if k == "MemberExpr" and ctx != "addr":
            field = self._proto_field(node)
            if field:
                r, base, (bofs, bsz) = field
                self._add(r[0], r[1], [("lit", f"bpf_dext_pkt({self.ctx_param}, (u64)"),
                                       ("src", *base),
                                       ("lit", f" + {bofs >> 3}, {bofs & 7}, {bsz})")])
                return
        sub_ctx = "addr" if k == "UnaryOperator" and node.get("opcode") == "&" else "rvalue"
        for c in inner:
            if isinstance(c, dict):
                self.packet(c, sub_ctx)

    def _proto_field(self, node: dict):
        """(range, base range, (bit offset, bit size)) of ``var->field`` on a proto header."""
        if node.get("kind") != "MemberExpr" or not node.get("isArrow"):
            return None
        base = node["inner"][0]
        tag = pointee_tag(qualtype(base))
        layout = PROTO_LAYOUTS.get(tag or "")
        if layout is None or node.get("name") not in layout or \
                strip(base).get("kind") != "DeclRefExpr" or not self.ctx_param:
            return None
        r, rb = src_range(node), src_range(base)
        mt = member_token(node)
        if r is None or rb is None or mt is None or mt[2]:
            return None
        return (r[0], mt[1]), rb, layout[node["name"]]
