"""Chapter 2 examples through real kprobes in the guest: the same output as the tracepoint
fallback on the host (tests/examples/test_chapter2.py checks that side)."""
import ast
import os
import re
import sys


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = ["hello.py", "hello-map.py", "hello-buffer.py"]


def example_program(name: str) -> str:
    """The `program = r\"\"\"...\"\"\"` text of an example (for host-side precompilation)."""
    with open(os.path.join(ROOT, "examples", "chapter2", name)) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "program":
            return node.value.value
    raise LookupError(name)


BCC_PROGRAMS = [example_program(n) for n in EXAMPLES]


def run_example(name: str, expect, timeout: float = 120.0) -> tuple[str, str]:
    """Run an example, exec /bin/true until ``expect`` matches stdout, then Ctrl-C it."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "examples"))
    from example_runner import RunningExample, run_true

    ex = RunningExample(os.path.join(ROOT, "examples", "chapter2", name))
    try:
        lines = ex.wait_for(lambda out: re.search(expect, "\n".join(out)), run_true,
                            timeout=timeout)
    finally:
        rc = ex.interrupt()
    assert rc == 0
    return "\n".join(lines), "\n".join(ex.err)


def test_hello_through_a_real_kprobe():
    out, err = run_example("hello.py", r"Hello World!$")
    assert "tracepoint instead" not in err        # no fallback notice: a real kprobe


def test_hello_map_through_a_real_kprobe():
    out, err = run_example("hello-map.py", r"ID 0: [1-9]\d*\t")
    assert "tracepoint instead" not in err


def test_hello_buffer_through_a_real_kprobe():
    out, err = run_example("hello-buffer.py", r"\d+ 0 true Hello World")
    assert "tracepoint instead" not in err
