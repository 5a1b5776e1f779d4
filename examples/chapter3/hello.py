#!/usr/bin/env python3
"""Chapter 3: the anatomy of an XDP program, loaded and attached from Python.

hello.bpf.c's XDP program `hello` prints "Hello World <counter>" to the trace log for every
packet an interface receives, increments the global `counter` and lets the packet pass.
This script loads it, attaches it to a veth interface in a throwaway network namespace
(nothing on this machine's real interfaces is touched), sends a few pings across the veth,
prints the program's trace lines and reads `counter` back from the object's .bss map.

    sudo python3 examples/chapter3/hello.py                # throwaway veth pair
    sudo python3 examples/chapter3/hello.py --count 10     # ten pings
    sudo python3 examples/chapter3/hello.py --dev IFACE    # an interface of yours, until Ctrl-C

The book attaches with `ip link set dev eth0 xdp obj hello.bpf.o sec xdp` (netlink), which
stays until removed. pybpf attaches through a bpf_link: when this script exits, however it
exits (Ctrl-C, an exception, `kill -9`), the kernel takes the program off the interface.
"""
import argparse
import os
import re
import sys

from pybpf import BPF
from pybpf.links.xdp import query_xdp
from pybpf.testing.netns import VethPair, default_route_interfaces
from pybpf.trace.pipe import TracePipe

HERE = os.path.dirname(os.path.abspath(__file__))
HELLO = re.compile(rb"Hello World \d+$")


def show_hello_lines(pipe: TracePipe, quiet_for: float) -> None:
    """Print the program's trace lines until none came for ``quiet_for`` seconds."""
    while True:
        event = pipe.fields(timeout=quiet_for)
        if event is None:
            return
        if HELLO.match(event.msg):        # trace_pipe is global: skip others' lines
            # one write with its newline: a Ctrl-C cannot cut the line from its end
            sys.stdout.write(f"  {event.ts:.6f}  cpu {event.cpu}  {event.msg.decode()}\n")
            sys.stdout.flush()


def run_on_veth(prog, pipe: TracePipe, count: int, mode: str) -> None:
    with VethPair() as pair:
        with pair.right.enter():          # attach inside the namespace that owns veth1
            link = prog.attach_xdp(pair.right_if, mode)
            actual = query_xdp(pair.right_if)["mode"]
        print(f"attached '{prog.name}' to {pair.right_if} in a throwaway network namespace "
              f"({actual} mode, through a bpf_link)", flush=True)
        for n in range(1, count + 1):
            ok = pair.ping(1, timeout=1.0)
            print(f"ping {n}: {pair.left_ip} -> {pair.right_ip} "
                  f"{'replied' if ok else 'no reply'}", flush=True)
            show_hello_lines(pipe, 0.3)
        show_hello_lines(pipe, 0.5)
        link.close()                      # VethPair.close() would remove it anyway


def run_on_device(prog, pipe: TracePipe, dev: str, mode: str) -> None:
    if dev in default_route_interfaces():
        print(f"warning: {dev} carries the default route. hello returns XDP_PASS, so traffic "
              "keeps flowing, but any XDP program there sees every packet this machine "
              "receives; pybpf attaches it through a bpf_link, so it goes away when this "
              "script exits, even if killed.", file=sys.stderr, flush=True)
    link = prog.attach_xdp(dev, mode)
    print(f"attached '{prog.name}' to {dev} ({query_xdp(dev)['mode']} mode, bpf_link); "
          "waiting for packets, Ctrl-C to stop", flush=True)
    try:
        while True:
            show_hello_lines(pipe, 3600)
    finally:
        link.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", help="attach to this existing interface instead of a veth "
                        "in a throwaway namespace (runs until Ctrl-C)")
    parser.add_argument("--count", type=int, default=5, help="pings to send (default 5)")
    parser.add_argument("--mode", default="auto", choices=["auto", "skb", "drv"],
                        help="XDP mode: native (drv), generic (skb) or auto (default)")
    args = parser.parse_args()

    b = BPF(src_file=os.path.join(HERE, "hello.bpf.c"))  # SEC("xdp"): loaded, not attached
    prog = b.module.program("hello")
    print(f"loaded '{prog.name}' ({prog.type_name}, id {prog.id}); "
          f"counter = {b.module.globals['counter']}", flush=True)
    try:
        with TracePipe() as pipe:
            if args.dev:
                run_on_device(prog, pipe, args.dev, args.mode)
            else:
                run_on_veth(prog, pipe, args.count, args.mode)
    except KeyboardInterrupt:
        pass
    counter = b.module.globals["counter"]     # the .bss map, read as a Python int
    print(f"counter = {counter} (from the map {b.module.map('.bss').name!r}): the program "
          f"ran {counter} times", flush=True)
    b.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
