"""`pybpf` commands against real programs, maps, links and interfaces.

Most commands run in-process through ``pybpf.cli.main.main`` (so the per-test fd leak
check covers them); streaming and `run` go through a subprocess. Pins live under
/sys/fs/bpf/pybpf-test-*, interfaces in throwaway namespaces.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from pybpf import Object
from pybpf._libbpf import syscalls as sc
from pybpf.cli import main as cli

PIN_ROOT = f"/sys/fs/bpf/pybpf-test-cli-{os.getpid()}"
BPFTOOL = "/usr/sbin/bpftool"

SOURCE = r"""
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct val { __u64 packets; char comm[16]; };

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u32);
    __type(value, struct val);
} cli_stats SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, __u64);
} cli_pcpu SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_QUEUE);
    __uint(max_entries, 4);
    __type(value, __u32);
} cli_queue SEC(".maps");

int counter = 0;
const volatile int limit = 7;
const volatile int target_pid = 0;

static __noinline int bump(int x)
{
    return x + 1;
}

SEC("xdp")
int pybpf_cli_xdp(struct xdp_md *ctx)
{
    __u32 key = 1;
    struct val *v = bpf_map_lookup_elem(&cli_stats, &key);
    if (v)
        v->packets++;
    counter = bump(counter);
    return XDP_PASS;
}

SEC("tc")
int pybpf_cli_tc(struct __sk_buff *skb)
{
    return 0;
}

SEC("socket")
int pybpf_cli_long_program_name(struct __sk_buff *skb)
{
    return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int pybpf_cli_tp(void *ctx)
{
    if ((bpf_get_current_pid_tgid() >> 32) == target_pid)
        bpf_printk("pybpf-cli-marker %d", limit);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
"""


@pytest.fixture(scope="module")
def src_file(tmp_path_factory):
    # a real file: clang puts the source lines into BTF line info only when it can read it
    path = tmp_path_factory.mktemp("cli") / "clitest.bpf.c"
    path.write_text(SOURCE)
    return path


@pytest.fixture(scope="module")
def obj(src_file):
    o = Object.open(str(src_file))
    o.globals["target_pid"] = os.getpid()
    with o.load():
        yield o


@pytest.fixture
def pins():
    os.makedirs(PIN_ROOT, exist_ok=True)
    yield PIN_ROOT
    shutil.rmtree(PIN_ROOT, ignore_errors=True)


@pytest.fixture
def cli_run(capsys):
    """cli_run(*argv) -> (exit status, stdout, stderr) of `pybpf argv...`, in-process."""
    def run(*argv):
        capsys.readouterr()
        rc = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return rc, out, err
    return run


@pytest.fixture
def cli_json(cli_run):
    def run(*argv):
        rc, out, err = cli_run("-j", *argv)
        assert rc == 0, err or out
        return json.loads(out) if out.strip() else None
    return run


def prog_id(obj, name="pybpf_cli_xdp"):
    return obj.program(name).id


def map_id(obj, name):
    return obj.map(name).info()["id"]


# --- prog ----------------------------------------------------------------------------------

def test_prog_list_and_show_by_every_reference(obj, cli_json, cli_run, pins):
    pid = prog_id(obj)
    listed = {p["id"]: p for p in cli_json("prog", "list")}
    assert listed[pid]["type"] == "xdp" and listed[pid]["name"] == "pybpf_cli_xdp"
    rec = cli_json("prog", "show", "id", pid)
    assert rec == listed[pid]
    assert rec["map_ids"] == sorted(rec["map_ids"]) and map_id(obj, "cli_stats") in rec["map_ids"]
    assert rec["gpl_compatible"] is True and rec["jited"] is True
    assert cli_json("prog", "show", "name", "pybpf_cli_xdp")["id"] == pid
    assert pid in [p["id"] for p in _as_list(cli_json("prog", "show", "tag", rec["tag"]))]
    path = f"{pins}/xdp"
    assert cli_run("prog", "pin", "id", pid, path)[0] == 0
    assert cli_json("prog", "show", "pinned", path)["id"] == pid
    assert cli_json("-f", "prog", "show", "id", pid)["pinned"] == [path]
    rc, out, _ = cli_run("p", "s", "i", pid)           # prefixes, as bpftool takes them
    assert rc == 0 and out.startswith(f"{pid}: xdp  name pybpf_cli_xdp  tag {rec['tag']}  gpl")
    assert f"\txlated {rec['bytes_xlated']}B  jited {rec['bytes_jited']}B" in out


def _as_list(x):
    return x if isinstance(x, list) else [x]


def test_prog_show_has_bpftools_keys_and_types(obj, cli_json):
    if not os.access(BPFTOOL, os.X_OK):
        pytest.skip(f"{BPFTOOL} is not installed")
    for name in ("pybpf_cli_xdp", "pybpf_cli_tp"):
        pid = prog_id(obj, name)
        ours = cli_json("prog", "show", "id", pid)
        theirs = json.loads(subprocess.run([BPFTOOL, "-j", "prog", "show", "id", str(pid)],
                                           capture_output=True, text=True, check=True).stdout)
        theirs.pop("pids", None)   # our process holds the program: bpftool may list it
        assert list(ours) == list(theirs)
        assert {k: type(v) for k, v in ours.items()} == {k: type(v) for k, v in theirs.items()}
        for key in ("id", "type", "name", "tag", "gpl_compatible", "uid", "bytes_xlated",
                    "jited", "bytes_jited", "bytes_memlock", "map_ids", "btf_id"):
            assert ours[key] == theirs[key], key
        assert abs(ours["loaded_at"] - theirs["loaded_at"]) <= 1


def test_xlated_dump_is_bpftools_text(obj, cli_run):
    if not os.access(BPFTOOL, os.X_OK):
        pytest.skip(f"{BPFTOOL} is not installed")
    for name in ("pybpf_cli_xdp", "pybpf_cli_tp"):
        pid = str(prog_id(obj, name))
        for extra in ([], ["opcodes"], ["linum"]):
            theirs = subprocess.run([BPFTOOL, "prog", "dump", "xlated", "id", pid, *extra],
                                    capture_output=True, text=True, check=True).stdout
            assert cli_run("prog", "dump", "xlated", "id", pid, *extra)[1] == theirs
        theirs = subprocess.run([BPFTOOL, "-j", "prog", "dump", "xlated", "id", pid],
                                capture_output=True, text=True, check=True).stdout
        assert json.loads(cli_run("-j", "prog", "dump", "xlated", "id", pid)[1]) == \
            json.loads(theirs)


def test_btf_and_map_dumps_are_bpftools(obj, cli_run):
    if not os.access(BPFTOOL, os.X_OK):
        pytest.skip(f"{BPFTOOL} is not installed")

    def bpftool(*argv):
        return subprocess.run([BPFTOOL, *map(str, argv)], capture_output=True, text=True,
                              check=True).stdout
    pid = prog_id(obj)
    assert cli_run("btf", "dump", "prog", "id", pid)[1] == bpftool("btf", "dump", "prog",
                                                                   "id", pid)
    for name in ("clitest.rodata", "clitest.bss"):
        mid = map_id(obj, name)
        assert json.loads(cli_run("-j", "map", "dump", "id", mid)[1]) == \
            json.loads(bpftool("-j", "map", "dump", "id", mid))


def test_long_names_are_completed_from_btf(obj, cli_json):
    pid = prog_id(obj, "pybpf_cli_long_program_name")
    assert sc.prog_info(obj.program("pybpf_cli_long_program_name").fd)["name"] == \
        "pybpf_cli_long_"
    assert cli_json("prog", "show", "id", pid)["name"] == "pybpf_cli_long_program_name"
    assert cli_json("prog", "show", "name", "pybpf_cli_long_program_name")["id"] == pid


def test_dump_xlated_with_source_and_bpf_to_bpf_call(obj, cli_run, cli_json, tmp_path,
                                                    src_file):
    pid = prog_id(obj)
    rc, out, err = cli_run("prog", "dump", "xlated", "id", pid)
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0] == "int pybpf_cli_xdp(struct xdp_md * ctx):"
    assert "; struct val *v = bpf_map_lookup_elem(&cli_stats, &key);" in lines
    assert f"map[id:{map_id(obj, 'cli_stats')}]" in out
    assert "call __htab_map_lookup_elem#" in out      # the verifier inlined the lookup
    call = [ln for ln in lines if "call pc" in ln]
    assert len(call) == 1 and call[0].endswith("_bump"), call
    assert "int bump(int x):" in lines
    recs = cli_json("prog", "dump", "xlated", "id", pid, "linum", "opcodes")
    assert recs[0]["proto"] == "int pybpf_cli_xdp(struct xdp_md * ctx)"
    assert recs[0]["file"] == str(src_file) and recs[0]["line_num"] > 0
    assert all("disasm" in r and "opcodes" in r for r in recs)
    target = tmp_path / "xlated.bin"
    assert cli_run("prog", "dump", "xlated", "id", pid, "file", target)[0] == 0
    assert target.read_bytes() == sc.prog_code(obj.program("pybpf_cli_xdp").fd)["xlated_prog_insns"]


def test_dump_jited_is_x86_without_libbfd(obj, cli_run, cli_json):
    pid = prog_id(obj)
    rc, out, err = cli_run("prog", "dump", "jited", "id", pid, "opcodes")
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0] == "int pybpf_cli_xdp(struct xdp_md * ctx):"
    assert lines[1].startswith("bpf_prog_") and lines[1].endswith("_pybpf_cli_xdp:")
    assert any(ln.endswith("\tpush   %rbp") for ln in lines)
    assert any("# bpf_prog_" in ln and "_bump" in ln for ln in lines)   # the BPF-to-BPF call
    assert "(bad)" not in out
    funcs = cli_json("prog", "dump", "jited", "id", pid)
    assert [f["name"].rsplit("_", 1)[-1] for f in funcs] == ["xdp", "bump"]
    assert funcs[0]["insns"][0]["pc"] == "0x0"
    assert any(i["operation"] == "push" and i["operands"] == ["%rbp"] for i in funcs[0]["insns"])


# --- map -----------------------------------------------------------------------------------

def test_map_show_update_lookup_getnext_delete(obj, cli_run, cli_json):
    mid = map_id(obj, "cli_stats")
    rec = cli_json("map", "show", "name", "cli_stats")
    assert rec["id"] == mid and rec["type"] == "hash" and rec["bytes_value"] == 24
    value = ["42", "0", "0", "0", "0", "0", "0", "0"] + [str(b) for b in b"bash"] + ["0"] * 12
    assert cli_run("map", "update", "id", mid, "key", "1", "0", "0", "0", "value", *value)[0] == 0
    assert cli_run("map", "update", "id", mid, "key", "hex", "02000000", "value", "hex",
                   "07" + "00" * 23, "noexist")[0] == 0
    rc, _, err = cli_run("map", "update", "id", mid, "key", "2", "0", "0", "0", "value",
                         *(["0"] * 24), "noexist")
    assert rc == 1 and err.startswith("Error: ") and err.count("\n") == 1
    got = cli_json("map", "lookup", "id", mid, "key", "1", "0", "0", "0")
    assert got["formatted"] == {"key": 1, "value": {"packets": 42, "comm": "bash"}}
    assert got["key"] == ["0x01", "0x00", "0x00", "0x00"]
    rc, out, _ = cli_run("map", "lookup", "id", mid, "key", "1", "0", "0", "0")
    assert json.loads(out) == got["formatted"]
    nxt = cli_json("map", "getnext", "id", mid)
    assert nxt["key"] is None and nxt["next_key"] in (["0x01", "0x00", "0x00", "0x00"],
                                                        ["0x02", "0x00", "0x00", "0x00"])
    dump = cli_json("map", "dump", "id", mid)
    assert sorted(e["formatted"]["value"]["packets"] for e in dump) == [7, 42]
    assert cli_run("map", "delete", "id", mid, "key", "2", "0", "0", "0")[0] == 0
    rc, _, err = cli_run("map", "lookup", "id", mid, "key", "2", "0", "0", "0")
    assert rc == 1 and "no entry" in err
    assert cli_run("map", "delete", "id", mid, "key", "1", "0", "0", "0")[0] == 0


def test_global_sections_dump_with_btf(obj, cli_run):
    obj.map("clitest.bss").update(0, (3).to_bytes(4, "little"))
    rc, out, _ = cli_run("map", "dump", "name", "clitest.bss")
    assert rc == 0 and json.loads(out) == [{"value": {".bss": [{"counter": 3}]}}]
    rc, out, _ = cli_run("map", "dump", "id", map_id(obj, "clitest.rodata"))
    assert json.loads(out) == [{"value": {".rodata": [
        {"limit": 7}, {"target_pid": os.getpid()},
        {"pybpf_cli_tp.____fmt": "pybpf-cli-marker %d"}]}}]


def test_maps_without_btf_dump_as_hex(cli_run, cli_json):
    fd = sc.map_create(1, 4, 8, 4, "pybpf_cli_hex")
    try:
        mid = sc.map_info(fd)["id"]
        sc.map_update(fd, (5).to_bytes(4, "little"), (0x2a).to_bytes(8, "little"))
        rc, out, _ = cli_run("map", "dump", "id", mid)
        assert out == ("key: 05 00 00 00  value: 2a 00 00 00 00 00 00 00\n"
                       "Found 1 element\n")
        assert cli_json("map", "dump", "id", mid) == [
            {"key": ["0x05", "0x00", "0x00", "0x00"], "value": ["0x2a"] + ["0x00"] * 7}]
        assert cli_run("map", "freeze", "id", mid)[0] == 0
        assert cli_json("map", "show", "id", mid)["frozen"] == 1
    finally:
        os.close(fd)


def test_percpu_and_queue_maps(obj, cli_run, cli_json):
    mid = map_id(obj, "cli_pcpu")
    assert cli_run("map", "update", "id", mid, "key", "1", "0", "0", "0", "value",
                   "9", *(["0"] * 7))[0] == 0
    entry = [e for e in cli_json("map", "dump", "id", mid)
             if e["key"] == ["0x01", "0x00", "0x00", "0x00"]][0]
    assert entry["formatted"]["values"][0] == {"cpu": 0, "value": 9}
    assert len(entry["values"]) == len(entry["formatted"]["values"]) >= 1
    qid = map_id(obj, "cli_queue")
    assert cli_run("map", "push", "id", qid, "value", "1", "0", "0", "0")[0] == 0
    assert cli_run("map", "enqueue", "id", qid, "value", "2", "0", "0", "0")[0] == 0
    assert cli_json("map", "peek", "id", qid)["value"] == ["0x01", "0x00", "0x00", "0x00"]
    assert cli_json("map", "pop", "id", qid)["value"][0] == "0x01"
    assert cli_json("map", "dequeue", "id", qid)["value"][0] == "0x02"
    rc, _, err = cli_run("map", "pop", "id", qid)
    assert rc == 1 and "empty" in err
    rc, _, err = cli_run("map", "dump", "id", qid)
    assert rc == 1 and "queue" in err


def test_map_pin(obj, cli_run, cli_json, pins):
    path = f"{pins}/stats"
    assert cli_run("map", "pin", "name", "cli_stats", path)[0] == 0
    assert cli_json("map", "show", "pinned", path)["id"] == map_id(obj, "cli_stats")


# --- load ----------------------------------------------------------------------------------

def test_prog_load_and_loadall_with_pinned_and_reused_maps(obj, cli_run, cli_json, pins,
                                                           src_file):
    src = src_file
    stats = map_id(obj, "cli_stats")
    rc, _, err = cli_run("prog", "load", src, f"{pins}/one", "map", "name", "cli_stats",
                         "id", stats, "pinmaps", f"{pins}/maps")
    assert rc == 0, err
    rec = cli_json("prog", "show", "pinned", f"{pins}/one")
    assert rec["name"] == "pybpf_cli_xdp" and rec["type"] == "xdp"
    assert stats in rec["map_ids"]
    assert sorted(os.listdir(f"{pins}/maps")) == [   # bpffs names cannot contain dots
        "cli_pcpu", "cli_queue", "cli_stats", "clitest_bss", "clitest_rodata"]
    assert cli_json("map", "show", "pinned", f"{pins}/maps/cli_stats")["id"] == stats
    rc, _, err = cli_run("prog", "loadall", src, f"{pins}/all")
    assert rc == 0, err
    assert sorted(os.listdir(f"{pins}/all")) == sorted(
        ["pybpf_cli_xdp", "pybpf_cli_tc", "pybpf_cli_long_program_name", "pybpf_cli_tp"])
    assert cli_json("prog", "show", "pinned", f"{pins}/all/pybpf_cli_tc")["type"] == "sched_cls"
    rc, _, err = cli_run("prog", "load", src, f"{pins}/typed", "type", "bogus_type")
    assert rc == 1 and "unknown program type" in err


# --- link / net ----------------------------------------------------------------------------

def test_link_show_pin_detach(obj, cli_run, cli_json, pins, veth_pair):
    link = obj.program("pybpf_cli_tp").attach()
    try:
        links = {rec["id"]: rec for rec in cli_json("link", "list")}
        mine = [r for r in links.values() if r["prog_id"] == prog_id(obj, "pybpf_cli_tp")]
        assert len(mine) == 1 and mine[0]["type"] == "perf_event"
        lid = mine[0]["id"]
        assert cli_run("link", "pin", "id", lid, f"{pins}/link")[0] == 0
        assert cli_json("-f", "link", "show", "pinned", f"{pins}/link")["pinned"] == \
            [f"{pins}/link"]
    finally:
        link.close()
    with veth_pair.right.enter():
        xdp = obj.program("pybpf_cli_xdp").attach_xdp(veth_pair.right_if)
    try:
        rec = [r for r in cli_json("link", "list") if r["prog_id"] == prog_id(obj)][0]
        assert rec["type"] == "xdp" and rec["ifindex"] == veth_pair.right_ifindex
        assert cli_run("link", "detach", "id", rec["id"])[0] == 0
        assert cli_json("link", "show", "id", rec["id"])["ifindex"] == 0
    finally:
        xdp.close()


def test_net_attach_list_detach(obj, cli_run, cli_json, veth_pair):
    pid, tc = prog_id(obj), prog_id(obj, "pybpf_cli_tc")
    dev = veth_pair.right_if
    with veth_pair.right.enter():
        try:
            assert cli_run("net", "attach", "xdp", "id", pid, "dev", dev)[0] == 0
            data = cli_json("net", "list")[0]
            assert data["xdp"] == [{"devname": dev, "ifindex": veth_pair.right_ifindex,
                                    "mode": "driver", "id": pid}]
            rc, _, err = cli_run("net", "attach", "xdp", "id", pid, "dev", dev)
            assert rc == 1 and "overwrite" in err and err.count("\n") == 1
            assert cli_run("net", "attach", "xdpdrv", "id", pid, "dev", dev,
                           "overwrite")[0] == 0
            assert cli_run("net", "attach", "tcx_ingress", "id", tc, "dev", dev)[0] == 0
            rc, out, _ = cli_run("net", "list", "dev", dev)
            assert f"{dev}({veth_pair.right_ifindex}) tcx/ingress pybpf_cli_tc prog_id {tc}" \
                in out
            assert cli_run("net", "detach", "tcx_ingress", "dev", dev)[0] == 0
        finally:
            cli_run("net", "detach", "xdpdrv", "dev", dev)
            cli_run("net", "detach", "xdpgeneric", "dev", dev)
        veth_pair.send_udp(3, src="left")
        assert cli_json("net", "list")[0]["xdp"] == []
        assert cli_json("net", "list")[0]["tc"] == []
        rc, _, err = cli_run("net", "list", "dev", "nosuchdev0")
        assert rc == 1 and "no interface" in err


# --- btf / feature -------------------------------------------------------------------------

def test_btf_list_and_dump(obj, cli_run, cli_json):
    rec = cli_json("prog", "show", "id", prog_id(obj))
    btf = cli_json("btf", "show", "id", rec["btf_id"])
    assert prog_id(obj) in btf["prog_ids"] and btf["kernel"] is False
    types = cli_json("btf", "dump", "prog", "id", prog_id(obj))["types"]
    assert {"FUNC"} <= {t["kind"] for t in types}
    assert any(t["kind"] == "FUNC" and t["name"] == "pybpf_cli_xdp" for t in types)
    rc, out, _ = cli_run("btf", "dump", "map", "name", "cli_stats", "value")
    assert out.startswith("[") and "STRUCT 'val' size=24 vlen=2" in out
    rc, out, _ = cli_run("btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "c")
    assert rc == 0 and "#ifndef __VMLINUX_H__" in out and "struct task_struct {" in out
    rc, _, err = cli_run("-j", "btf", "dump", "id", 1, "format", "c")
    assert rc == 2


def test_feature_probe(cli_json):
    from pybpf import features

    data = cli_json("feature")
    assert data["program_types"]["have_xdp_prog_type"] is True
    assert data["map_types"]["have_ringbuf_map_type"] is True
    xdp = data["helpers"]["xdp_available_helpers"]
    assert "bpf_map_lookup_elem" in xdp and "bpf_xdp_adjust_head" in xdp
    assert "bpf_skb_store_bytes" not in xdp          # the verifier says no; libbpf 1.1 misses it
    assert "bpf_skb_store_bytes" in data["helpers"]["sched_cls_available_helpers"]
    assert "bpf_trace_printk" not in xdp               # noisy helpers need `full`
    assert data["pybpf"]["kprobes"] == features.has_kprobes()
    assert data["misc"]["have_bounded_loops"] is True


# --- trace ---------------------------------------------------------------------------------

def _trace_while_triggering(argv):
    """Run a streaming command while this thread (pid == tid) calls getppid()."""
    proc = subprocess.Popen([sys.executable, "-m", "pybpf.cli.main", *map(str, argv)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        os.getppid()
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    out, err = proc.communicate()
    return proc.returncode, out.splitlines(), err


def test_trace_streams_matching_lines(obj):
    with obj.program("pybpf_cli_tp").attach():
        rc, lines, err = _trace_while_triggering(
            ["trace", "grep", "pybpf-cli-marker", "pid", os.getpid(), "count", 2,
             "timeout", 20])
        assert rc == 0 and len(lines) == 2, err
        assert lines[0].endswith("bpf_trace_printk: pybpf-cli-marker 7")
        rc, lines, err = _trace_while_triggering(
            ["-j", "prog", "tracelog", "grep", "pybpf-cli-marker", "count", 1, "timeout", 20])
        assert rc == 0 and len(lines) == 1, err
        rec = json.loads(lines[0])
        assert rec["msg"] == "pybpf-cli-marker 7" and rec["pid"] == os.getpid()


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["prog", "show", "id", "999999"], "get program by id (999999): No such file"),
    (["map", "show", "name", "no_such_map_x"], "no map with name no_such_map_x found"),
    (["map", "dump", "name", "no_such_map_x"], "no map with name no_such_map_x found"),
    (["link", "show", "id", "999999"], "get link by id (999999)"),
    (["prog", "dump", "jited", "pinned", "/sys/fs/bpf/pybpf-test-none"], "bpf obj get"),
    (["prog", "load", "/nonexistent.bpf.o", "/sys/fs/bpf/pybpf-test-x"], "can't open"),
])
def test_bad_references_are_one_line_errors(argv, message, cli_run):
    rc, out, err = cli_run(*argv)
    assert rc == 1 and out == ""
    assert err.startswith(f"Error: {message}") and err.count("\n") == 1, err


def test_wrong_object_type_behind_a_pin(obj, cli_run, pins):
    path = f"{pins}/p"
    sc.obj_pin(obj.program("pybpf_cli_xdp").fd, path)
    rc, _, err = cli_run("map", "show", "pinned", path)
    assert rc == 1 and err == f"Error: incorrect object type: program (expected a map at {path})\n"
