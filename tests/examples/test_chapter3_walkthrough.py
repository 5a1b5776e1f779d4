"""examples/chapter3/README.md, run as written: every `$` command, in order, checked.

The README is the script. Each command is run through bash after a few substitutions that
keep a shared machine safe and the run unambiguous: pins go under
/sys/fs/bpf/pybpf-test-<pid>-*, the veth pair and namespace get per-run names (the test
creates them itself and never touches another interface), the sample ids and tag become
the real ones, and `name hello` / `name hello.bss` / `name hello.rodata` become the ids of
*our* program and maps (other programs called `hello` may be loaded meanwhile). `pybpf`
is this checkout's `python -m pybpf.cli.main`; `prog tracelog` gets `count`/`timeout` and
runs while packets are being sent.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

from example_runner import ROOT

HERE = os.path.join(ROOT, "examples", "chapter3")
README = os.path.join(HERE, "README.md")
PID = os.getpid()
PIN = f"/sys/fs/bpf/pybpf-test-{PID}-hello"
NETNS = f"pybpf-cli-test-{PID}"
IFACE, PEER = f"pbh{PID % 100000}", f"pbp{PID % 100000}"
PYBPF = f"{sys.executable} -m pybpf.cli.main"
SAMPLE_ID, SAMPLE_TAG = "8641", "490c48c1179970a8"

SEND = ("ip netns exec hello-ns python3 -c 'import socket; s = socket.socket(socket.AF_PACKET, "
        "socket.SOCK_RAW); s.bind((\"veth-peer\", 0)); [s.send(b\"\\xff\" * 6 + b\"\\x02\" * 6 "
        "+ b\"\\x88\\xb5\" + bytes(46)) for _ in range(5)]'")

# The README's commands, in order: editing the walk-through means editing this list too.
COMMANDS = [
    "pybpf gen object hello.bpf.o hello.bpf.c",
    "pybpf prog load hello.bpf.o /sys/fs/bpf/hello",
    "ls /sys/fs/bpf",
    "pybpf prog list",
    f"pybpf prog show id {SAMPLE_ID} --pretty",
    "pybpf prog show name hello",
    f"pybpf prog show tag {SAMPLE_TAG}",
    "pybpf prog dump xlated name hello",
    "pybpf prog dump jited name hello",
    "ip netns add hello-ns",
    "ip link add veth-hello type veth peer name veth-peer",
    "ip link set veth-peer netns hello-ns",
    "ip link set veth-hello up",
    "ip -n hello-ns link set veth-peer up",
    f"pybpf net attach xdp id {SAMPLE_ID} dev veth-hello",
    "pybpf net list",
    "ip link show dev veth-hello",
    SEND,
    "pybpf prog tracelog",
    "pybpf map list",
    "pybpf map dump name hello.bss",
    SEND,
    "pybpf map dump name hello.bss",
    "pybpf map dump name hello.rodata",
    "pybpf net detach xdp dev veth-hello",
    "pybpf net list",
    "rm /sys/fs/bpf/hello",
    "pybpf prog show name hello",
    "pybpf gen object hello-func.bpf.o hello-func.bpf.c",
    "pybpf prog load hello-func.bpf.o /sys/fs/bpf/hello-func",
    "pybpf prog dump xlated name hello",
    "rm /sys/fs/bpf/hello-func",
    "ip netns del hello-ns",
    "pybpf btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h",
    "pybpf feature probe kernel",
]


def readme_commands() -> list[str]:
    out, fenced = [], False
    with open(README) as f:
        for line in f:
            if line.startswith("```"):
                fenced = not fenced
            elif fenced and line.startswith("$ "):
                out.append(line[2:].rstrip("\n"))
    return out


def test_readme_and_test_agree():
    assert readme_commands() == COMMANDS


class Walk:
    """The state of the walk-through: real ids, and the commands' substitutions."""

    def __init__(self, cwd):
        self.cwd = cwd
        self.prog_id = None       # the program `name hello` means at this point
        self.first_id = None
        self.tag = SAMPLE_TAG
        self.maps = {}            # hello.bss / hello.rodata -> id

    def concrete(self, cmd: str) -> str:
        cmd = cmd.replace("/sys/fs/bpf/hello", PIN)
        cmd = cmd.replace("hello-ns", NETNS).replace("veth-hello", IFACE)
        cmd = cmd.replace("veth-peer", PEER)
        for name, ident in self.maps.items():
            cmd = cmd.replace(f"name {name}", f"id {ident}")
        if self.prog_id is not None:
            cmd = re.sub(r"\bname hello\b(?![.\w-])", f"id {self.prog_id}", cmd)
            cmd = re.sub(rf"\b{SAMPLE_ID}\b", str(self.first_id), cmd)
        cmd = cmd.replace(SAMPLE_TAG, self.tag)
        if cmd.startswith("pybpf "):
            cmd = PYBPF + cmd[len("pybpf"):]
        return cmd

    def run(self, cmd: str, timeout: float = 120, raw: bool = False):
        """Run a README command (``raw``: only ``pybpf`` is replaced)."""
        if raw:
            cmd = PYBPF + cmd[len("pybpf"):] if cmd.startswith("pybpf ") else cmd
        else:
            cmd = self.concrete(cmd)
        return subprocess.run(["bash", "-c", cmd], cwd=self.cwd, capture_output=True,
                              text=True, timeout=timeout)

    def json(self, cmd: str, raw: bool = False):
        proc = self.run(cmd, raw=raw)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)


@pytest.fixture
def walk(tmp_path):
    for name in ("hello.bpf.c", "hello-func.bpf.c"):
        shutil.copy(os.path.join(HERE, name), tmp_path)
    w = Walk(str(tmp_path))
    yield w
    for path in (PIN, PIN + "-func"):
        if os.path.exists(path):
            os.unlink(path)
    subprocess.run(["ip", "link", "del", IFACE], capture_output=True)
    subprocess.run(["ip", "netns", "del", NETNS], capture_output=True)


def _sending(walk: Walk):
    """Keep sending the README's frames until the returned event is set."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            walk.run(SEND, timeout=30)
            stop.wait(0.3)
    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return stop, thread


def _counter(out: str) -> int:
    return json.loads(out)[0]["value"][".bss"][0]["counter"]


def test_walkthrough(walk):
    if shutil.which("ip") is None:
        pytest.skip("needs iproute2's ip")
    results = {}
    for i, cmd in enumerate(COMMANDS):
        if cmd == "pybpf prog tracelog":
            stop, thread = _sending(walk)
            try:
                proc = walk.run(cmd + " grep 'Hello World' count 2 timeout 20")
            finally:
                stop.set()
                thread.join()
        elif cmd == "pybpf prog show name hello" and i > COMMANDS.index("rm /sys/fs/bpf/hello"):
            deadline = time.monotonic() + 10   # programs are freed after an RCU grace period
            while True:
                proc = walk.run(cmd)
                if proc.returncode != 0 or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        else:
            proc = walk.run(cmd)
        results[i] = proc
        check(walk, i, cmd, proc)


def check(walk: Walk, i: int, cmd: str, proc):
    out, err = proc.stdout, proc.stderr
    where = f"step {i}: {walk.concrete(cmd)}\nstdout:\n{out[-3000:]}\nstderr:\n{err[-3000:]}"
    if cmd == "pybpf prog show name hello" and walk.first_id \
            and i > COMMANDS.index("rm /sys/fs/bpf/hello"):
        assert proc.returncode == 1 and out == "" and err.startswith("Error: ") \
            and err.count("\n") == 1, where
        return
    assert proc.returncode == 0, where
    if cmd == "pybpf prog load hello.bpf.o /sys/fs/bpf/hello":
        rec = walk.json(f"pybpf -j prog show pinned {PIN}")
        walk.prog_id = walk.first_id = rec["id"]
        walk.tag = rec["tag"]
        for mid in rec["map_ids"]:
            walk.maps[walk.json(f"pybpf -j map show id {mid}")["name"]] = mid
        assert rec["type"] == "xdp" and rec["name"] == "hello", where
        assert sorted(walk.maps) == ["hello.bss", "hello.rodata"], where
        # the README's names resolve to ours too (among any other `hello` on the machine)
        named = walk.json("pybpf -j prog show name hello", raw=True)
        assert rec["id"] in [r["id"] for r in (named if isinstance(named, list) else [named])]
        named = walk.json("pybpf -j map show name hello.bss", raw=True)
        assert walk.maps["hello.bss"] in [
            r["id"] for r in (named if isinstance(named, list) else [named])]
    elif cmd == "ls /sys/fs/bpf":
        assert os.path.basename(PIN) in out.split(), where
    elif cmd == "pybpf prog list":
        assert f"{walk.first_id}: xdp  name hello  tag {walk.tag}  gpl" in out, where
    elif cmd.startswith("pybpf prog show id"):
        rec = json.loads(out)
        assert out.startswith('{\n    "id": '), where
        assert list(rec) == ["id", "type", "name", "tag", "gpl_compatible", "loaded_at", "uid",
                             "bytes_xlated", "jited", "bytes_jited", "bytes_memlock",
                             "map_ids", "btf_id"], where
        assert (rec["type"], rec["name"], rec["jited"]) == ("xdp", "hello", True), where
        assert sorted(rec["map_ids"]) == sorted(walk.maps.values()), where
    elif cmd.startswith(("pybpf prog show name", "pybpf prog show tag")):
        assert out.startswith(f"{walk.first_id}: xdp  name hello"), where
    elif cmd == "pybpf prog dump xlated name hello" and walk.prog_id == walk.first_id:
        lines = out.splitlines()
        assert lines[:2] == ["int hello(struct xdp_md * ctx):",
                             '; bpf_printk("Hello World %d", counter);'], where
        assert f"   0: (18) r6 = map[id:{walk.maps['hello.bss']}][0]+0" in lines, where
        assert any(re.fullmatch(r"   6: \(85\) call bpf_trace_printk#-?\d+", ln)
                   for ln in lines), where
        assert "; counter++;" in lines and "  11: (95) exit" in lines, where
    elif cmd == "pybpf prog dump jited name hello":
        lines = out.splitlines()
        assert lines[:2] == ["int hello(struct xdp_md * ctx):",
                             f"bpf_prog_{walk.tag}_hello:"], where
        assert "   8:\tpush   %rbp" in lines or any(ln.endswith("\tpush   %rbp")
                                                     for ln in lines), where
        assert any(ln.endswith("# bpf_trace_printk") for ln in lines), where
        assert "(bad)" not in out, where
    elif cmd.startswith("pybpf net attach"):
        assert out == "", where
    elif cmd == "pybpf net list" and walk.prog_id == walk.first_id and \
            not getattr(walk, "detached", False):
        line = [ln for ln in out.splitlines() if ln.startswith(f"{IFACE}(")]
        assert len(line) == 1 and re.fullmatch(
            rf"{IFACE}\(\d+\) (driver|generic) id {walk.first_id}", line[0]), where
    elif cmd == "ip link show dev veth-hello":
        assert f"prog/xdp id {walk.first_id}" in out, where
    elif cmd == "pybpf prog tracelog":
        lines = out.splitlines()
        assert len(lines) == 2 and all(re.search(r"bpf_trace_printk: Hello World \d+$", ln)
                                       for ln in lines), where
    elif cmd == "pybpf map list":
        assert f"{walk.maps['hello.bss']}: array  name hello.bss  flags 0x400" in out, where
        assert f"{walk.maps['hello.rodata']}: array  name hello.rodata  flags 0x80" in out, where
    elif cmd == "pybpf map dump name hello.bss":
        counter = _counter(out)
        previous = getattr(walk, "counter", 0)
        assert counter > previous and counter >= 1, where
        walk.counter = counter
    elif cmd == "pybpf map dump name hello.rodata":
        assert json.loads(out) == [{"value": {".rodata": [
            {"hello.____fmt": "Hello World %d"}]}}], where
    elif cmd.startswith("pybpf net detach"):
        walk.detached = True
    elif cmd == "pybpf net list":
        assert not any(ln.startswith(f"{IFACE}(") for ln in out.splitlines()), where
    elif cmd == "pybpf prog load hello-func.bpf.o /sys/fs/bpf/hello-func":
        rec = walk.json(f"pybpf -j prog show pinned {PIN}-func")
        assert rec["type"] == "raw_tracepoint" and rec["name"] == "hello", where
        walk.prog_id = rec["id"]
    elif cmd == "pybpf prog dump xlated name hello":
        lines = out.splitlines()
        assert lines[0] == "int hello(struct bpf_raw_tracepoint_args * ctx):", where
        assert re.fullmatch(r"   0: \(85\) call pc\+7#bpf_prog_[0-9a-f]{16}_get_opcode",
                            lines[2]), where
        assert "int get_opcode(struct bpf_raw_tracepoint_args * ctx):" in lines, where
        assert "   8: (79) r0 = *(u64 *)(r1 +8)" in lines, where
    elif cmd.startswith("pybpf btf dump"):
        with open(os.path.join(walk.cwd, "vmlinux.h")) as f:
            text = f.read()
        assert "#ifndef __VMLINUX_H__" in text and "struct xdp_md {" in text, where
    elif cmd == "pybpf feature probe kernel":
        assert "\teBPF program_type xdp is available" in out, where
        assert "eBPF helpers supported for program type xdp:" in out, where
