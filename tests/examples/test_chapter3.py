"""Chapter 3: hello-func (a BPF-to-BPF call on the sys_enter raw tracepoint)."""
import re

from example_runner import run_true


def test_hello_func_prints_syscall_numbers(run_example):
    ex = run_example("examples/chapter3/hello-func.py")
    lines = ex.wait_for(lambda out: any(re.search(r"Syscall: \d+$", ln) for ln in out),
                        run_true)
    assert ex.interrupt() == 0
    assert "calls get_opcode() as a BPF-to-BPF function" in lines[0]
    assert any(ln.endswith("Syscall: 59") for ln in lines) or \
        any(re.search(r"Syscall: \d+$", ln) for ln in lines)


def test_hello_bpf_c_compiles_and_loads():
    from pybpf import Object
    import os

    here = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "chapter3")
    with Object.open(os.path.join(here, "hello.bpf.c")).load() as obj:
        prog = obj.program("hello")
        assert prog.type_name == "xdp"
        assert sorted(obj.maps) == ["hello.bss", "hello.rodata"]
        assert obj.globals["counter"] == 0
