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


sys.path.insert(0, os.path.join(ROOT, "tests", "examples"))
from example_runner import ExecTrigger, RunningExample  # noqa: E402


def run_example(name: str, expect, timeout: float = 120.0) -> tuple[str, str]:
    """Run an example, exec /bin/true until ``expect(lines, trigger)`` holds, then Ctrl-C."""
    ex = RunningExample(os.path.join(ROOT, "examples", "chapter2", name))
    trigger = ExecTrigger()
    try:
        lines = ex.wait_for(lambda out: expect(out, trigger), trigger, timeout=timeout)
    finally:
        rc = ex.interrupt()
    assert rc == 0
    return "\n".join(lines), "\n".join(ex.err)


def test_hello_through_a_real_kprobe():
    out, err = run_example("hello.py", lambda out, _: any(
        ln.endswith("Hello World!") for ln in out))
    assert "tracepoint instead" not in err        # no fallback notice: a real kprobe


def test_hello_map_through_a_real_kprobe():
    out, err = run_example("hello-map.py", lambda out, _: any(
        re.search(r"ID 0: [1-9]\d*\t", ln) for ln in out))
    assert "tracepoint instead" not in err


def test_hello_buffer_through_a_real_kprobe():
    out, err = run_example("hello-buffer.py", lambda out, trigger: trigger.lines(
        out, "Hello World"))
    assert "tracepoint instead" not in err
