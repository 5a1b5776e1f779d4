"""bpftool's plain layouts, built from the same records JSON prints (no kernel)."""
import time

from pybpf.cli.grammar import Args, UsageError
from pybpf.cli.info import local_time
from pybpf.cli.link import link_text
from pybpf.cli.map import entry_text, map_text, parse_data
from pybpf.cli.net import net_text
from pybpf.cli.prog import prog_text
from pybpf.cli.progdata import jited_text, split_operands

import pytest

PROG = {"id": 994, "type": "xdp", "name": "hello", "tag": "490c48c1179970a8",
        "gpl_compatible": True, "loaded_at": 1700000000, "uid": 0, "bytes_xlated": 96,
        "jited": True, "bytes_jited": 68, "bytes_memlock": 4096, "map_ids": [714, 715],
        "btf_id": 589}


def test_prog_text():
    assert prog_text(PROG).splitlines() == [
        "994: xdp  name hello  tag 490c48c1179970a8  gpl",
        f"\tloaded_at {local_time(1700000000)}  uid 0",
        "\txlated 96B  jited 68B  memlock 4096B  map_ids 714,715",
        "\tbtf_id 589"]
    rec = dict(PROG, jited=False, pids=[{"pid": 7, "comm": "python3"}], run_time_ns=10,
               run_cnt=2, pinned=["/sys/fs/bpf/hello"])
    del rec["bytes_jited"], rec["map_ids"]
    lines = prog_text(rec).splitlines()
    assert lines[0].endswith("gpl run_time_ns 10 run_cnt 2")
    assert lines[2] == "\txlated 96B  not jited  memlock 4096B"
    assert lines[3] == "\tpinned /sys/fs/bpf/hello"
    assert lines[-1] == "\tpids python3(7)"


def test_local_time_format():
    assert local_time(0) == time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(0))


def test_map_text():
    rec = {"id": 715, "type": "array", "name": "hello.rodata", "flags": 128, "bytes_key": 4,
           "bytes_value": 15, "max_entries": 1, "bytes_memlock": 328, "frozen": 1,
           "btf_id": 589}
    assert map_text(rec) == ("715: array  name hello.rodata  flags 0x80\n"
                             "\tkey 4B  value 15B  max_entries 1  memlock 328B\n"
                             "\tbtf_id 589  frozen")


def test_entry_text_is_print_entry_plain():
    rec = {"key": ["0x01", "0x00", "0x00", "0x00"], "value": ["0x2a"] + ["0x00"] * 7}
    assert entry_text(rec, 4, 8) == "key: 01 00 00 00  value: 2a 00 00 00 00 00 00 00"
    big = {"key": ["0x00"] * 4, "value": ["0x11"] * 20}
    assert entry_text(big, 4, 20) == ("key:\n00 00 00 00\nvalue:\n11 11 11 11 11 11 11 11  "
                                      "11 11 11 11 11 11 11 11\n11 11 11 11")
    cpu = {"key": ["0x00"] * 4, "values": [{"cpu": 0, "value": ["0x01"] * 4},
                                           {"cpu": 1, "value": ["0x02"] * 4}]}
    assert entry_text(cpu, 4, 4) == ("key:\n00 00 00 00\nvalue (CPU 00): 01 01 01 01\n"
                                     "value (CPU 01): 02 02 02 02")


def test_parse_data():
    assert parse_data(Args(["1", "0x02", "03", "255"]), 4, "key") == b"\x01\x02\x03\xff"
    assert parse_data(Args(["hex", "0a", "ff"]), 2, "key") == b"\x0a\xff"
    assert parse_data(Args(["hex", "0aff0001"]), 4, "key") == b"\x0a\xff\x00\x01"
    with pytest.raises(UsageError, match="not a byte"):
        parse_data(Args(["256"]), 1, "key")
    with pytest.raises(UsageError, match="4 bytes, 2 given"):
        parse_data(Args(["1", "2"]), 4, "key")


def test_link_text():
    rec = {"id": 7, "type": "raw_tracepoint", "prog_id": 12, "tp_name": "sys_enter",
           "pids": [{"pid": 3, "comm": "x"}]}
    assert link_text(rec) == "7: raw_tracepoint  prog 12\n\ttp 'sys_enter'\n\tpids x(3)"
    xdp = {"id": 8, "type": "xdp", "prog_id": 12, "devname": "veth0", "ifindex": 4}
    assert link_text(xdp) == "8: xdp  prog 12\n\tifindex veth0(4)"


def test_net_text():
    data = [{"xdp": [{"devname": "veth0", "ifindex": 4, "mode": "driver", "id": 12}],
             "tc": [{"devname": "veth0", "ifindex": 4, "kind": "tcx/ingress", "name": "tc_in",
                     "prog_id": 13, "link_id": 2}],
             "flow_dissector": [], "netfilter": []}]
    assert net_text(data) == ("xdp:\nveth0(4) driver id 12\n\ntc:\n"
                              "veth0(4) tcx/ingress tc_in prog_id 13 link_id 2\n\n"
                              "flow_dissector:\n\nnetfilter:\n")


def test_jited_text():
    funcs = [{"proto": "int hello(struct xdp_md * ctx)", "name": "bpf_prog_1_hello",
              "insns": [{"src": "return 2;", "pc": "0x0", "operation": "push",
                         "operands": ["%rbp"]},
                        {"pc": "0x1", "operation": "call", "operands": ["0xffffffff81000000"],
                         "target": "bpf_trace_printk"},
                        {"pc": "0x6", "operation": "ret", "operands": [],
                         "opcodes": ["0xc3"]}]}]
    assert jited_text(funcs) == ("int hello(struct xdp_md * ctx):\nbpf_prog_1_hello:\n"
                                 "; return 2;\n   0:\tpush   %rbp\n"
                                 "   1:\tcall   0xffffffff81000000  # bpf_trace_printk\n"
                                 "   6:\tret\n\tc3")


def test_split_operands():
    assert split_operands("0x8(%rdi,%rsi,1),%rax") == ["0x8(%rdi,%rsi,1)", "%rax"]
    assert split_operands("") == []
