"""Native API kprobes in the guest kernel: arguments, return values, detach."""
import os

import pytest

from pybpf import Object, features

PROG = os.path.join(os.path.dirname(__file__), "progs", "kprobes.bpf.c")


@pytest.fixture
def obj():
    o = Object.open(PROG)
    o.globals["target_pid"] = os.getpid()
    with o.load():
        yield o


def test_guest_kernel_has_kprobes():
    assert features.has_kprobes()


def test_kprobe_reads_arguments(obj, tmp_path):
    path = str(tmp_path / "kprobe-target")
    with obj.program("on_openat2").attach_kprobe("do_sys_openat2"):
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    assert obj.globals["open_hits"] >= 1
    assert obj.globals["last_name"] == path.encode()[:63]
    assert obj.globals["last_dfd"] == -100       # AT_FDCWD


def test_kretprobe_reads_return_value(obj, tmp_path):
    path = str(tmp_path / "kretprobe-target")
    with obj.program("on_openat2_ret").attach_kprobe("do_sys_openat2", retprobe=True):
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        with pytest.raises(FileNotFoundError):
            os.open(str(tmp_path / "missing" / "x"), os.O_RDONLY)
    assert obj.globals["last_ret"] == -2         # -ENOENT from the last open


def test_auto_attach_from_section_and_detach(obj, tmp_path):
    links = obj.attach_all()
    assert {link.kind for link in links} == {"kprobe"}
    os.close(os.open(str(tmp_path / "a"), os.O_CREAT | os.O_WRONLY, 0o600))
    hits = obj.globals["open_hits"]
    assert hits >= 1
    for link in links:
        link.close()
    os.close(os.open(str(tmp_path / "b"), os.O_CREAT | os.O_WRONLY, 0o600))
    assert obj.globals["open_hits"] == hits
