#!/usr/bin/env python3
"""Chapter 3 companion: drop ICMP with XDP, let everything else through.

Loads xdp-drop-icmp.bpf.c, attaches `drop_icmp` to a veth interface in a throwaway network
namespace, and shows the effect with real traffic: pings go unanswered while UDP datagrams
arrive; after the program is detached, pings are answered again. The program's counters
are globals in its .bss map, read back as Python ints.

    sudo python3 examples/chapter3/xdp-drop-icmp.py
    sudo python3 examples/chapter3/xdp-drop-icmp.py --dev IFACE   # until Ctrl-C

A program that drops packets on the interface carrying your default route can cut you off
(the book's warning about XDP_ABORTED on eth0). pybpf attaches through a bpf_link, so the
program is removed when this script exits, however it exits, `kill -9` included.
"""
import argparse
import os
import sys
import time

from pybpf import BPF
from pybpf.testing.netns import VethPair, default_route_interfaces

HERE = os.path.dirname(os.path.abspath(__file__))


def counters(b) -> str:
    g = b.module.globals
    return f"ICMP dropped: {g['icmp_dropped']}, other packets passed: {g['other_passed']}"


def run_on_veth(b, prog, count: int) -> None:
    with VethPair() as pair:
        print(f"before: {pair.ping(count, timeout=0.5)}/{count} pings answered", flush=True)
        with pair.right.enter():
            link = prog.attach_xdp(pair.right_if)
        print(f"attached '{prog.name}' to {pair.right_if} (throwaway namespace, bpf_link)")
        print(f"with XDP: {pair.ping(count, timeout=0.5)}/{count} pings answered, "
              f"{pair.send_udp(count)}/{count} UDP datagrams delivered", flush=True)
        print(counters(b), flush=True)
        link.close()
        print(f"detached: {pair.ping(count, timeout=0.5)}/{count} pings answered", flush=True)


def run_on_device(b, prog, dev: str) -> None:
    if dev in default_route_interfaces():
        print(f"warning: {dev} carries the default route: this machine will not answer "
              "pings (nor get ICMP errors such as 'fragmentation needed') while this runs. "
              "The program is removed when the script exits, even if killed.",
              file=sys.stderr, flush=True)
    with prog.attach_xdp(dev):
        print(f"dropping ICMP on {dev}; Ctrl-C to stop", flush=True)
        while True:
            time.sleep(2)
            print(counters(b), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", help="an existing interface instead of a throwaway veth")
    parser.add_argument("--count", type=int, default=3, help="pings and datagrams to send")
    args = parser.parse_args()
    b = BPF(src_file=os.path.join(HERE, "xdp-drop-icmp.bpf.c"))
    prog = b.module.program("drop_icmp")
    try:
        if args.dev:
            run_on_device(b, prog, args.dev)
        else:
            run_on_veth(b, prog, args.count)
    except KeyboardInterrupt:
        print(counters(b))
    b.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
