#!/usr/bin/env python3
"""Compile the VM lane's BPF programs on the host, so the guest (where clang runs ~100x
slower under TCG) finds them in the object cache. Prints the host kernel fingerprint, which
the guest must use (PYBPF_KERNEL_FINGERPRINT) to look them up."""
import glob
import importlib.util
import os
import subprocess
import sys

from pybpf.compile import compile_bpf, kernel_fingerprint

def run_until_attached(cmd, timeout=300):
    """Run a tool until it exits or prints its first line, then stop it with SIGINT."""
    import select
    import signal

    # unbuffered: a tool's header must reach the pipe when it is printed
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        select.select([proc.stdout], [], [], timeout)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    finally:
        proc.stdout.close()


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VM = os.path.join(ROOT, "tests", "vm")

for path in sorted(glob.glob(os.path.join(VM, "progs", "*.bpf.c"))):
    compile_bpf(path=path)
# BCC-dialect texts: each test module may list them in BCC_PROGRAMS
for path in sorted(glob.glob(os.path.join(VM, "test_*.py"))):
    spec = importlib.util.spec_from_file_location("vmtest_" + os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except Exception as exc:  # a module that cannot import here fails in the guest, loudly
        print(f"vm-precompile: skipping {path}: {exc}", file=sys.stderr)
        continue
    for text in getattr(mod, "BCC_PROGRAMS", ()):
        from pybpf.bcc.source import from_c

        source = from_c(text=text, src_file="", hdr_file="", cflags=[], debug=0)
        source.open().close()
    # BCC's tools: run each as the guest will; compiling fills the cache. Here the attach
    # then fails (no kprobes), or, for syscall kprobes, falls back to tracepoints and the
    # tool starts tracing: it is stopped with SIGINT once it has printed its header
    for tool, args in getattr(mod, "BCC_TOOL_RUNS", ()):
        exe = f"/usr/sbin/{tool}-bpfcc"
        if os.path.exists(exe):
            run_until_attached([sys.executable, "-m", "pybpf.run", exe, *args])
print(kernel_fingerprint())
