"""``bcc.tcp``: TCP state names and header flags, as BCC's TCP tools print them."""
from __future__ import annotations

# include/net/tcp_states.h
tcpstate = {1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
            6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
            11: "CLOSING", 12: "NEW_SYN_RECV"}

# include/net/tcp.h
TCPHDR_FIN, TCPHDR_SYN, TCPHDR_RST, TCPHDR_PSH = 0x01, 0x02, 0x04, 0x08
TCPHDR_ACK, TCPHDR_URG, TCPHDR_ECE, TCPHDR_CWR = 0x10, 0x20, 0x40, 0x80

_FLAG_NAMES = (("FIN", TCPHDR_FIN), ("SYN", TCPHDR_SYN), ("RST", TCPHDR_RST),
               ("PSH", TCPHDR_PSH), ("ACK", TCPHDR_ACK), ("URG", TCPHDR_URG),
               ("ECE", TCPHDR_ECE), ("CWR", TCPHDR_CWR))


def flags2str(flags: int) -> str:
    """``"SYN|ACK"`` for a TCP header's flag byte (in FIN, SYN, RST, ... order)."""
    return "|".join(name for name, bit in _FLAG_NAMES if flags & bit)


__all__ = ["tcpstate", "flags2str"] + [f"TCPHDR_{n}" for n, _ in _FLAG_NAMES]
