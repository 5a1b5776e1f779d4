"""TRACEPOINT_PROBE's ``args`` struct, generated from tracefs format files."""
from __future__ import annotations

import re

import pytest

from dialect_helpers import FORMATS, needs_clang, rewrite_case
from pybpf.dialect import tracepoints

CASES = sorted(p.stem for p in FORMATS.glob("*.format"))
_FIELD = re.compile(r"field:(?P<decl>[^;]*);\s*offset:(?P<off>\d+);\s*size:(?P<size>\d+);")


def _fields(text):
    return [(m.group("decl"), int(m.group("off")), int(m.group("size")))
            for m in _FIELD.finditer(text)]


def test_openat_struct_matches_bcc_field_types():
    text = (FORMATS / "syscalls__sys_enter_openat.format").read_text()
    s = tracepoints.generate_struct("syscalls", "sys_enter_openat", text)
    assert s.startswith("struct tracepoint__syscalls__sys_enter_openat {\n")
    assert "\tint __syscall_nr __attribute__((aligned(8)));" in s
    assert "\tchar __pad_0[4];" in s                      # 12 -> 16
    assert "\ts64 dfd __attribute__((aligned(8)));" in s   # int, but 8 bytes: as BCC
    assert "\tconst char * filename __attribute__((aligned(8)));" in s
    assert "\tu64 mode __attribute__((aligned(8)));" in s  # umode_t of size 8
    assert s.rstrip().endswith("} __attribute__((packed));")


def test_data_loc_fields_as_bcc():
    text = (FORMATS / "block__block_rq_issue.format").read_text()
    s = tracepoints.generate_struct("block", "block_rq_issue", text)
    assert "\tint data_loc_cmd __attribute__((aligned(4)));" in s
    assert "\tchar rwbs[10] __attribute__((aligned(2)));" in s
    assert "\tchar comm[16] __attribute__((aligned(4)));" in s


def test_field_type_fallbacks():
    fmt = ("format:\n"
           "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
           "\tfield:some_unknown_t thing;\toffset:8;\tsize:4;\tsigned:1;\n"
           "\tfield:unknown_t * ptr;\toffset:16;\tsize:8;\tsigned:0;\n"
           "\tfield:__u8 addr[4];\toffset:24;\tsize:4;\tsigned:0;\n"
           "\tfield:weird_t blob;\toffset:28;\tsize:3;\tsigned:0;\n"
           "\tfield:__rel_loc char[] rel;\toffset:32;\tsize:4;\tsigned:0;\n")
    s = tracepoints.generate_struct("x", "y", fmt)
    assert "\ts32 thing __attribute__((aligned(8)));" in s
    assert "\tu64 ptr __attribute__((aligned(8)));" in s
    assert "\t__u8 addr[4] __attribute__((aligned(8)));" in s
    assert "\tunsigned char blob[3] __attribute__((aligned(4)));" in s
    assert "\tint rel_loc_rel __attribute__((aligned(8)));" in s
    with pytest.raises(tracepoints.FormatError):
        tracepoints.generate_struct("x", "y", "name: y\nID: 1\nformat:\n")


@needs_clang
@pytest.mark.parametrize("case", CASES)
def test_every_field_at_its_offset(case):
    """clang itself checks each generated field's offset and size against the format."""
    from pybpf.compile import compile_bpf
    cat, ev = case.split("__", 1)
    text = (FORMATS / f"{case}.format").read_text()
    name = tracepoints.struct_name(cat, ev)
    checks = []
    for decl, off, size in _fields(text):
        field = re.search(r"(\w+)\s*(\[[^\]]*\])*\s*$", decl).group(1)
        if "__data_loc" in decl:
            field = f"data_loc_{field}"
        checks.append(f'_Static_assert(__builtin_offsetof(struct {name}, {field}) == {off}, '
                      f'"{field} offset");')
        checks.append(f'_Static_assert(sizeof(((struct {name} *)0)->{field}) == {size}, '
                      f'"{field} size");')
    src = ('#include <pybpf/bcc_prelude.h>\n' + tracepoints.generate_struct(cat, ev, text)
           + "\n".join(checks) + "\nchar _license[] SEC(\"license\") = \"GPL\";\n")
    compile_bpf(source=src, filename=f"{case}.c", use_vmlinux=True)


def test_probe_uses_the_callable_once_per_tracepoint():
    seen = []

    def fmt(cat, ev):
        seen.append((cat, ev))
        return (FORMATS / f"{cat}__{ev}.format").read_text()
    res = rewrite_case("TRACEPOINT_PROBE(sched, sched_switch) { return 0; }\n"
                       "int other(struct tracepoint__sched__sched_switch *args) "
                       "{ return args->prev_pid; }\n", tracepoint_format=fmt)
    assert seen == [("sched", "sched_switch")]
    assert res.source.count("struct tracepoint__sched__sched_switch {") == 1


def test_default_reader_is_tracefs(monkeypatch):
    from pybpf.trace import tracefs
    calls = []

    def fake(cat, ev):
        calls.append((cat, ev))
        return (FORMATS / "sched__sched_wakeup.format").read_text()
    monkeypatch.setattr(tracefs, "read_tracepoint_format", fake)
    from pybpf.dialect import rewrite
    rewrite("TRACEPOINT_PROBE(sched, sched_wakeup) { return args->pid; }")
    assert calls == [("sched", "sched_wakeup")]
