"""A warm start (rewrite and object caches filled) neither runs the rewriter nor clang, and
imports none of the modules that only the cold path, errors or other features need: each of
them costs milliseconds of every tool's start-up (scripts/bench.py startup measures it)."""
import ast
import os
import subprocess
import sys

import _cffi_backend

import pybpf

SCRIPT = r'''
import sys
sys.path[:0] = PATHS
from pybpf import BPF
b = BPF(text=r"""
TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    bpf_trace_printk("warm %d", args->__syscall_nr);
    return 0;
}
""")
b.cleanup()
print(sorted(sys.modules))
'''

# what a warm start must not need (the rewriter, clang, error formatting, heavy stdlib)
NOT_ON_THE_WARM_PATH = [
    "pybpf.dialect.rewriter", "pybpf.dialect.lexer", "pybpf.compile.diagnostics",
    "pybpf.verifier", "pybpf.variables", "subprocess", "json", "shutil", "tempfile",
    "typing", "logging", "threading", "re", "inspect", "dataclasses",
]


def _modules_after_start(tmp_path) -> set:
    env = {**os.environ, "PYBPF_CACHE_DIR": str(tmp_path / "cache")}
    os.makedirs(env["PYBPF_CACHE_DIR"], mode=0o700)
    # -S: no site module, whose .pth hooks import what they like (this machine's sandbox
    # imports certifi, typing, re...); the paths pybpf needs are given instead
    paths = [os.path.dirname(os.path.dirname(pybpf.__file__)),
             os.path.dirname(_cffi_backend.__file__)]
    script = SCRIPT.replace("PATHS", repr(paths))
    out = None
    for _ in range(2):       # the first run fills the caches, the second is warm
        proc = subprocess.run([sys.executable, "-S", "-c", script], env=env,
                              capture_output=True, text=True, timeout=120,
                              cwd=str(tmp_path))
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout
    return set(ast.literal_eval(out.splitlines()[-1]))


def test_warm_start_imports_only_what_loading_needs(tmp_path):
    modules = _modules_after_start(tmp_path)
    assert "pybpf.bcc.bpf" in modules
    loaded = [m for m in NOT_ON_THE_WARM_PATH if m in modules]
    assert not loaded, f"a warm start imported {loaded}"
