"""USDT probe discovery without the kernel: ELF notes against readelf, argument specs, the
BCC USDT class's listing and its errors, the rewrite option."""
import ctypes
import os
import re
import shutil
import struct
import subprocess
import sys

import pytest

from pybpf.bcc.usdt import USDT, USDTException
from pybpf.errors import PybpfError
from pybpf.usdt import Probe, probes_in, select
from pybpf.usdt.args import parse_argument, parse_arguments
from pybpf.usdt.notes import NotElfError, read_notes

PYTHON311 = "/usr/bin/python3.11"


def readelf_notes(path):
    """(provider, name, location, semaphore, arguments) of each stapsdt note, per readelf."""
    if shutil.which("readelf") is None:
        pytest.skip("needs readelf (binutils)")
    out = subprocess.run(["readelf", "-n", "--wide", path], capture_output=True, text=True,
                         check=True).stdout
    found = []
    for m in re.finditer(r"Provider: (\S+)\s+Name: (\S+)\s+Location: (0x[0-9a-f]+), "
                         r"Base: 0x[0-9a-f]+, Semaphore: (0x[0-9a-f]+)\s+Arguments:[ \t]*"
                         r"([^\n]*)", out):
        found.append((m[1], m[2], int(m[3], 16), int(m[4], 16), m[5].strip()))
    return found


def ours(path):
    return [(n.provider, n.name, n.pc, n.semaphore, n.args) for n in read_notes(path)]


def needs_python311():
    if not os.path.exists(PYTHON311):
        pytest.skip(f"needs {PYTHON311} (Debian's python3.11, built with USDT probes)")


def test_notes_of_python311_match_readelf():
    needs_python311()
    expected = readelf_notes(PYTHON311)
    assert expected and ours(PYTHON311) == expected
    entry = next(p for p in probes_in(PYTHON311) if p.name == "function__entry")
    assert entry.provider == "python" and entry.semaphore != 0
    assert [a.ctype for a in entry.arguments()] == ["uint64_t", "uint64_t", "int32_t"]


def test_notes_of_the_test_program_and_library_match_readelf(usdt_target):
    for path in usdt_target:
        assert ours(path) == readelf_notes(path)
    probes = {p.full_name: p for p in probes_in(usdt_target.exe)}
    assert list(probes) == ["pybpft:memory", "pybpft:twice", "pybpft:constants",
                            "pybpft:string", "pybpft:registers", "pybpft:guarded"]
    assert len(probes["pybpft:twice"].locations) == 2
    assert probes["pybpft:guarded"].semaphore != 0
    assert probes["pybpft:memory"].semaphore == 0
    kinds = {name: {a.kind for a in p.arguments()} for name, p in probes.items()}
    assert kinds["pybpft:memory"] == {"memory"}
    assert kinds["pybpft:constants"] == {"constant"}
    assert kinds["pybpft:registers"] == {"register"}
    assert [str(a) for a in probes["pybpft:memory"].arguments()][:2] == [
        "1 signed   bytes @ *(bp - 17)", "2 signed   bytes @ *(bp - 20)"]
    (lib,) = probes_in(usdt_target.lib)
    assert lib.full_name == "pybpftlib:fire" and lib.file_offset() == lib.locations[0].pc


def test_prelinked_file_shifts_pc_and_semaphore(usdt_target, tmp_path):
    (guarded,) = [n for n in read_notes(usdt_target.exe) if n.name == "guarded"]
    data = bytearray(open(usdt_target.exe, "rb").read())
    desc = re.search(rb"(.{8})(.{8})(.{8})pybpft\0guarded\0", bytes(data), re.S)
    pc, base, sema = struct.unpack("<QQQ", desc.group(0)[:24])
    assert (pc, sema) == (guarded.pc, guarded.semaphore)
    # as if the file was prelinked 0x1000 higher after the notes were written
    struct.pack_into("<Q", data, desc.start(2), base - 0x1000)
    moved = tmp_path / "moved"
    moved.write_bytes(bytes(data))
    (n,) = [n for n in read_notes(str(moved)) if n.name == "guarded"]
    assert (n.pc, n.semaphore) == (pc + 0x1000, sema + 0x1000)


@pytest.mark.parametrize("spec, ctype, text", [
    ("-4@%eax", "int32_t", "4 signed   bytes @ ax"),
    ("8@%r12", "uint64_t", "8 unsigned bytes @ r12"),
    ("-1@%sil", "int8_t", "1 signed   bytes @ si"),
    ("2@%r9w", "uint16_t", "2 unsigned bytes @ r9"),
    ("-4@$-9", "int32_t", "4 signed   bytes @ -9"),
    ("-4@112(%rsp)", "int32_t", "4 signed   bytes @ *(sp + 112)"),
    ("8@-1204(%rbp)", "uint64_t", "8 unsigned bytes @ *(bp - 1204)"),
    ("8@(%rax)", "uint64_t", "8 unsigned bytes @ *(ax + 0)"),
    ("-8@8(%rax,%rdx,8)", "int64_t", "8 signed   bytes @ *(ax + 8 + dx * 8)"),
    ("4@counter+8(%rip)", "uint32_t", "4 unsigned bytes @ *(&counter + 8)"),
    ("8@x0", "uint64_t", "8 unsigned bytes @ x0"),
    ("-4@[sp, 12]", "int32_t", "4 signed   bytes @ *(sp + 12)"),
    ("-4@5", "int32_t", "4 signed   bytes @ 5"),
    ("%rdi", "uint64_t", "8 unsigned bytes @ di"),
])
def test_argument_specs(spec, ctype, text):
    arg = parse_argument(spec)
    assert (arg.ctype, str(arg)) == (ctype, text)


def test_unknown_argument_is_kept_verbatim():
    (arg,) = parse_arguments("8@%fs:0x28")
    assert arg.kind == "unknown" and "8@%fs:0x28" in str(arg)
    assert parse_arguments("") == []


def fake(provider, name):
    return Probe(provider, name, "/bin/fake", (), None)


def test_select_errors_name_what_is_there():
    probes = [fake("a", "start"), fake("b", "start"), fake("a", "stop")]
    assert select(probes, "a:start", "x") == [probes[0]]
    assert select(probes, "stop", "x") == [probes[2]]
    with pytest.raises(PybpfError, match=r"USDT probe 'go' not found in /bin/fake \(probes "
                                         r"there: a:start, a:stop, b:start\)"):
        select(probes, "go", "/bin/fake")
    with pytest.raises(PybpfError, match=r"'start' is ambiguous in x: a:start, b:start; "
                                         r"name one as 'provider:name'"):
        select(probes, "start", "x")
    with pytest.raises(PybpfError, match=r"not found in /bin/true \(it has no USDT probes\)"):
        select([], "x", "/bin/true")


def test_bcc_usdt_lists_probes_like_tplist():
    needs_python311()
    u = USDT(path=PYTHON311)
    probes = u.enumerate_probes()
    assert [p.short_name() for p in probes] == [
        f"{p}:{n}" for p, n, *_ in readelf_notes(PYTHON311)]
    entry = next(p for p in probes if p.name == b"function__entry")
    assert entry.provider == b"python" and entry.bin_path == PYTHON311.encode()
    assert (entry.num_locations, entry.num_arguments) == (1, 3)
    assert str(entry).startswith("python:function__entry [sema 0x")
    loc = entry.get_location(0)
    assert str(loc) == f"{PYTHON311} {loc.address:#x}"
    assert [str(loc.get_argument(i)) for i in range(3)] == [
        "8 unsigned bytes @ bp", "8 unsigned bytes @ r12", "4 signed   bytes @ ax"]
    assert u.get_probe_arg_ctype("python:function__entry", 2) == "int32_t"
    assert u.get_probe_arg_ctype("function__entry", 7) == ""


def test_bcc_usdt_enable_and_describe(usdt_target):
    u = USDT(path=usdt_target.exe)
    u.enable_probe("twice", "on_twice")
    u.enable_probe(probe=b"pybpft:guarded", fn_name=b"on_guarded")
    active = u.enumerate_active_probes()
    assert [(p, f) for p, f, _, _ in active] == [(usdt_target.exe.encode(), b"on_twice")] * 2 \
        + [(usdt_target.exe.encode(), b"on_guarded")]
    assert all(pid == -1 for *_, pid in active)
    text = u.get_text()
    assert "pybpft:twice -> on_twice" in text and "2 location(s)" in text
    assert text.startswith("/*") and text.rstrip().endswith("*/")


def test_bcc_usdt_finds_probes_in_a_library_a_process_maps(usdt_target):
    ctypes.CDLL(usdt_target.lib)
    u = USDT(pid=os.getpid())
    (fire,) = [p for p in u.enumerate_probes() if p.name == b"fire"]
    assert fire.bin_path == usdt_target.lib.encode()
    u.enable_probe("pybpftlib:fire", "on_lib")
    u = USDT(pid=os.getpid(), path="libpybpft.so")
    assert [p.short_name() for p in u.enumerate_probes()] == ["pybpftlib:fire"]


def test_bcc_usdt_errors(usdt_target, tmp_path, capsys):
    with pytest.raises(USDTException, match="either a pid or a binary path"):
        USDT()
    with pytest.raises(USDTException, match=r"no process with pid \d+"):
        USDT(pid=2 ** 22 + 1)
    with pytest.raises(USDTException, match="no executable or library named '/no/such'"):
        USDT(path="/no/such")
    text = tmp_path / "text"
    text.write_text("not ELF\n")
    with pytest.raises(USDTException, match="is not an ELF file"):
        USDT(path=str(text))
    u = USDT(path=usdt_target.exe)
    with pytest.raises(USDTException, match=r"USDT probe 'nope' not found in .*pybpft "
                                            r"\(probes there: pybpft:constants, "):
        u.enable_probe("nope", "f")
    with pytest.raises(SystemExit) as exc:
        u.enable_probe_or_bail("nope", "f")
    assert exc.value.code == 1
    assert "USDT probe 'nope' not found" in capsys.readouterr().err
    assert isinstance(USDTException("x"), PybpfError)
    with pytest.raises(NotElfError):
        read_notes(str(text))


def test_bcc_usdt_module_alias_under_pybpf_run():
    code = ("from pybpf.run import install_bcc_aliases; install_bcc_aliases()\n"
            "from bcc import USDT, USDTException\n"
            "from bcc.usdt import USDT as U2\n"
            "import pybpf.bcc.usdt as m\n"
            "assert USDT is U2 is m.USDT and USDTException is m.USDTException\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd="/")


def test_rewrite_option_includes_libbpf_usdt_header():
    from pybpf.dialect import rewrite
    from pybpf.dialect.cache import cached_rewrite

    text = "int on_probe(struct pt_regs *ctx) { return 0; }\n"
    assert "#include <bpf/usdt.bpf.h>" not in rewrite(text).source
    assert "#include <bpf/usdt.bpf.h>" in rewrite(text, usdt=True).source
    assert "#include <bpf/usdt.bpf.h>" in rewrite(
        "int f(struct pt_regs *ctx) { return bpf_usdt_arg_cnt(ctx); }\n").source
    src = rewrite("#define ARG(n, x) bpf_usdt_readarg(n, ctx, &x)\n"
                  "int f(struct pt_regs *ctx) { long v = 0; ARG(1, v); return v; }\n").source
    assert "#define ARG(n, x) __pybpf_usdt_readarg(n, ctx, &x)" in src
    assert "#include <bpf/usdt.bpf.h>" in src
    # the option is part of the rewrite cache's key
    assert "#include <bpf/usdt.bpf.h>" not in cached_rewrite(text).source
    assert "#include <bpf/usdt.bpf.h>" in cached_rewrite(text, usdt=True).source
    assert "#include <bpf/usdt.bpf.h>" not in cached_rewrite(text).source
