#!/usr/bin/env python3
"""Chapter 3 companion: count packets with a tc program on ingress and egress.

Loads tc-count.bpf.c and attaches `count` twice to a veth interface in a throwaway network
namespace, once per direction, then sends pings and UDP datagrams across and prints the
counts the program kept in its global `packets` array (the .bss map, read as Python lists).

    sudo python3 examples/chapter3/tc-count.py
    sudo python3 examples/chapter3/tc-count.py --mode netlink    # clsact qdisc + filter
    sudo python3 examples/chapter3/tc-count.py --dev IFACE       # until Ctrl-C

`--mode tcx` (the default where the kernel has it, 6.6+) attaches bpf_links that vanish with
the process. `--mode netlink` adds a direct-action filter on a clsact qdisc, as `tc filter
add ... bpf da` does; such filters outlive processes, so pybpf removes them (and the qdisc
it created) on exit, exceptions and SIGTERM. The program returns TC_ACT_OK: it only counts.
"""
import argparse
import os
import sys
import time

from pybpf import BPF

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS = ["ICMP", "TCP", "UDP", "ARP", "other"]


def report(b) -> None:
    packets = b.module.globals["packets"]     # __u64 packets[2][5] -> [[...], [...]]
    nbytes = b.module.globals["bytes"]
    for d, name in enumerate(("ingress", "egress")):
        detail = ", ".join(f"{p} {n}" for p, n in zip(PROTOS, packets[d]) if n)
        print(f"{name:8s} {sum(packets[d]):4d} packets {nbytes[d]:6d} bytes  ({detail or '-'})",
              flush=True)


def attach_both(prog, dev, mode):
    return [prog.attach_tc(dev, direction, mode=mode) for direction in ("ingress", "egress")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", help="an existing interface instead of a throwaway veth")
    parser.add_argument("--mode", default="auto", choices=["auto", "tcx", "netlink"])
    parser.add_argument("--count", type=int, default=4, help="pings and datagrams to send")
    args = parser.parse_args()
    b = BPF(src_file=os.path.join(HERE, "tc-count.bpf.c"))
    prog = b.module.program("count")
    try:
        if args.dev:
            links = attach_both(prog, args.dev, args.mode)
            print(f"counting on {args.dev} ({links[0].mode}); Ctrl-C to stop", flush=True)
            while True:
                time.sleep(2)
                report(b)
        from pybpf.testing.netns import VethPair

        with VethPair() as pair:
            with pair.right.enter():
                links = attach_both(prog, pair.right_if, args.mode)
            print(f"attached '{prog.name}' to {pair.right_if} ingress and egress "
                  f"({links[0].mode}) in a throwaway network namespace", flush=True)
            pings = pair.ping(args.count)
            udp = pair.send_udp(args.count)
            print(f"sent {args.count} pings ({pings} answered) and {args.count} UDP datagrams "
                  f"({udp} delivered) from {pair.left_ip} to {pair.right_ip}", flush=True)
            for link in links:
                link.close()
    except KeyboardInterrupt:
        pass
    report(b)
    b.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
