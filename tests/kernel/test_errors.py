"""Errors users can act on: C errors at their line, verifier rejections at their source line."""
import os

import pytest

from pybpf import CompileError, Object, VerifierError

BAD_SYNTAX = """\
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tp/syscalls/sys_enter_getppid")
int broken(void *ctx)
{
    int x = 1
    return x;
}
char LICENSE[] SEC("license") = "GPL";
"""

UNCHECKED_MAP_VALUE = """\
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16);
         __type(key, __u32); __type(value, __u64); } counts SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid")
int unchecked(void *ctx)
{
    __u32 key = 0;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    return *value;   /* no NULL check: the verifier must refuse */
}
char LICENSE[] SEC("license") = "GPL";
"""


def test_syntax_error_in_file_reports_file_and_line(tmp_path):
    src = tmp_path / "broken.bpf.c"
    src.write_text(BAD_SYNTAX)
    with pytest.raises(CompileError) as info:
        Object.open(str(src))
    err = info.value
    assert err.filename == str(src)
    assert err.line == 7
    assert str(err).startswith(f"{src}:7:")
    assert "int x = 1" in str(err)         # the offending source line is shown


def test_syntax_error_in_text_reports_text_line():
    with pytest.raises(CompileError) as info:
        Object.from_source(BAD_SYNTAX, filename="<text>")
    assert info.value.line == 7 and info.value.filename == "<text>"


def test_verifier_rejection_shows_source_line_and_keeps_log(tmp_path):
    src = tmp_path / "unchecked.bpf.c"
    src.write_text(UNCHECKED_MAP_VALUE)
    obj = Object.open(str(src))
    with pytest.raises(VerifierError) as info:
        obj.load()
    obj.close()
    err = info.value
    text = str(err)
    assert err.program == "unchecked"
    assert "return *value;" in text                 # the C source line from BTF line info
    assert "unchecked.bpf.c:12" in text
    assert "map_value_or_null" in text              # the verifier's reason
    assert "processed" in err.log or "R0" in err.log  # the full log is kept


def test_not_an_elf_object(tmp_path):
    from pybpf import LoadError

    junk = tmp_path / "junk.o"
    junk.write_bytes(b"not an ELF file at all")
    with pytest.raises(LoadError, match="junk"):
        Object.open(str(junk))


def test_missing_capabilities_are_named():
    import shutil
    import subprocess
    import sys

    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is needed to drop capabilities")
    prog = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "chapter3",
                        "hello-func.bpf.c")
    code = ("from pybpf import Object, BPFPermissionError\n"
            f"o = Object.open({prog!r})\n"
            "try:\n    o.load()\nexcept BPFPermissionError as e:\n    print('ERR', e)\n")
    out = subprocess.run(["setpriv", "--bounding-set=-bpf,-sys_admin,-perfmon",
                          sys.executable, "-c", code], capture_output=True, text=True)
    assert "ERR" in out.stdout, out.stderr
    assert "CAP_BPF" in out.stdout and "RLIMIT" not in out.stdout
