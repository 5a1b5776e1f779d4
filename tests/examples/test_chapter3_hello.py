"""Chapter 3's XDP hello and its network companions (xdp-drop-icmp, tc-count): they run,
print what they promise, and leave no namespace, interface, link or program behind."""
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from pybpf.links.xdp import query_xdp
from pybpf.testing import leaks

pytestmark = pytest.mark.network

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(script, *args, timeout=120):
    return subprocess.run([sys.executable, os.path.join(ROOT, "examples", "chapter3", script),
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def clean_host():
    """The example must leave the host as it found it: interfaces, netns, links, programs."""
    links_before = set(socket.if_nameindex())
    before = leaks.snapshot()
    yield
    time.sleep(0.1)
    assert set(socket.if_nameindex()) == links_before
    found = [x for x in leaks.leaked(before, leaks.snapshot()) if not x.startswith("open fds")]
    assert not found, found


def hello_numbers(lines):
    return [int(m.group(1)) for ln in lines if (m := re.search(r"Hello World (\d+)$", ln))]


def test_hello_prints_increasing_hello_world_lines_and_the_counter(clean_host):
    res = run("hello.py", "--count", "4")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "throwaway network namespace" in res.stdout
    numbers = hello_numbers(lines)
    assert len(numbers) >= 3, res.stdout
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert sum("replied" in ln for ln in lines) == 4
    counter = int(re.search(r"^counter = (\d+) \(from the map 'hello.bss'\)", lines[-1]).group(1))
    assert counter >= 5          # 4 echo requests + the ARP request
    assert counter > max(numbers)


def test_hello_on_a_named_device_warns_about_the_default_route(run_example, veth_pair):
    # all inside a throwaway namespace: veth1 gets a default route so the warning shows
    veth_pair.right.ipr().route("add", dst="0.0.0.0/0", gateway=veth_pair.left_ip)
    with veth_pair.right.enter():
        ex = run_example("examples/chapter3/hello.py", "--dev", veth_pair.right_if)
    ex.wait_for(lambda out: any("waiting for packets" in ln for ln in out))
    lines = ex.wait_for(lambda out: len(hello_numbers(out)) >= 2,
                        trigger=lambda: veth_pair.ping(1, timeout=0.2))
    assert ex.interrupt() == 0
    assert any(f"warning: {veth_pair.right_if} carries the default route" in ln
               for ln in ex.err), ex.err
    # (searched, not anchored: a Ctrl-C landing in the middle of a trace line can leave it
    # without its newline)
    assert re.search(r"counter = \d+ \(from the map", ex.out[-1]), ex.out
    # packets handled on two CPUs can reach the trace log out of order: the counter grows
    # overall, not necessarily line by line
    numbers = hello_numbers(lines)
    assert numbers[-1] > numbers[0]
    with veth_pair.right.enter():
        assert query_xdp(veth_pair.right_if)["prog_id"] == 0


def test_hello_killed_with_sigkill_leaves_the_interface_without_xdp(run_example, veth_pair):
    with veth_pair.right.enter():
        ex = run_example("examples/chapter3/hello.py", "--dev", veth_pair.right_if)
    ex.wait_for(lambda out: any("waiting for packets" in ln for ln in out))
    with veth_pair.right.enter():
        assert query_xdp(veth_pair.right_if)["prog_id"] != 0
    ex.proc.send_signal(signal.SIGKILL)
    ex.proc.wait(10)
    deadline = time.monotonic() + 5
    with veth_pair.right.enter():
        while query_xdp(veth_pair.right_if)["prog_id"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert query_xdp(veth_pair.right_if)["prog_id"] == 0
    assert veth_pair.ping(1) == 1


def test_xdp_drop_icmp_example(clean_host):
    res = run("xdp-drop-icmp.py", "--count", "2")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        "before: 2/2 pings answered",
        "attached 'drop_icmp' to veth1 (throwaway namespace, bpf_link)",
        "with XDP: 0/2 pings answered, 2/2 UDP datagrams delivered",
        "ICMP dropped: 2, other packets passed: 2",
        "detached: 2/2 pings answered",
    ]


@pytest.mark.parametrize("mode", ["auto", "netlink"])
def test_tc_count_example(clean_host, mode):
    res = run("tc-count.py", "--mode", mode, "--count", "3")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert f"({'tcx' if mode == 'auto' else 'netlink'}) in a throwaway network namespace" in out
    assert "sent 3 pings (3 answered) and 3 UDP datagrams (3 delivered)" in out
    ingress = re.search(r"^ingress +(\d+) packets .*\(ICMP 3, UDP 3", out, re.M)
    egress = re.search(r"^egress +(\d+) packets .*\(ICMP 3", out, re.M)
    assert ingress and egress, out
    assert int(ingress.group(1)) >= 6 and int(egress.group(1)) >= 3
