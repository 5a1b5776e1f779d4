#!/usr/bin/env python3
"""pybpf benchmarks, with BCC run on the same script in the same run when it is installed.

usage: scripts/bench.py startup [--runs N] [--no-bcc]

startup: a whole process, from exec to "program attached", for the tracepoint hello written
against BCC's API (``BPF(text=...)`` with TRACEPOINT_PROBE). Measured for pybpf warm (object
cache filled), cold (object cache empty; the per-kernel vmlinux.h and its PCH exist, as BCC's
kernel headers must) and first-ever (nothing cached), and for BCC (``python3-bpfcc``, run with
/usr/bin/python3). Reports the median wall time and the peak RSS of the process.

Performance targets live here, never in timed tests: these machines are noisy, so compare
ratios measured in one run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HELLO = r'''
TRACEPOINT_PROBE(syscalls, sys_enter_execve) {
    bpf_trace_printk("Hello World!");
    return 0;
}
'''

STARTUP_SCRIPT = r'''
import sys, time
from {module} import BPF
b = BPF(text={text!r})
sys.stdout.write("attached %.6f\n" % time.monotonic())
sys.stdout.flush()
'''

# the same process without the framework: what the interpreter itself costs (site-packages
# .pth files included), which neither framework controls
BASELINE_SCRIPT = r'''
import sys, time
sys.stdout.write("attached %.6f\n" % time.monotonic())
sys.stdout.flush()
'''

BCC_PYTHON = "/usr/bin/python3"


def bcc_available() -> tuple[bool, str]:
    """BCC is usable: python3-bpfcc importable and a kernel-headers directory for BCC."""
    if not os.path.exists(BCC_PYTHON):
        return False, "no /usr/bin/python3"
    probe = subprocess.run([BCC_PYTHON, "-c", "import bcc"], capture_output=True, text=True)
    if probe.returncode != 0:
        return False, "python3-bpfcc is not installed (apt-get install python3-bpfcc)"
    build = f"/lib/modules/{os.uname().release}/build"
    if not os.path.exists(build):
        return False, (f"BCC needs kernel headers at {build}; see docs/benchmarks.md for how "
                       "to point it at Debian's 6.1 headers")
    return True, ""


def measure(python: str, module: str, runs: int, env_fn) -> tuple[float, int]:
    times, rss = [], []
    for _ in range(runs):
        env = env_fn()
        t, r = run_once(python, module, env)
        times.append(t)
        rss.append(r)
    return statistics.median(times), max(rss)


def run_once(python: str, module: str, env: dict) -> tuple[float, int]:
    """(seconds from exec to attached, peak RSS in KiB) of one process."""
    code = BASELINE_SCRIPT if module is None else STARTUP_SCRIPT.format(module=module,
                                                                         text=HELLO)
    start = time.monotonic()
    pid = os.posix_spawn(python, [python, "-c", code], env,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, out_path(), os.O_WRONLY
                                        | os.O_CREAT | os.O_TRUNC, 0o600)])
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{module} startup failed (exit {os.waitstatus_to_exitcode(status)})")
    with open(out_path()) as f:
        attached = float(f.read().split()[1])
    return attached - start, usage.ru_maxrss


_OUT = None


def out_path() -> str:
    global _OUT
    if _OUT is None:
        _OUT = os.path.join(tempfile.mkdtemp(prefix="pybpf-bench-"), "out")
    return _OUT


def startup(args) -> None:
    python = os.path.realpath(sys.executable)
    base_env = dict(os.environ)
    root = tempfile.mkdtemp(prefix="pybpf-bench-cache-")
    os.chmod(root, 0o700)
    warm_dir = os.path.join(root, "warm")

    def warm_env():
        return {**base_env, "PYBPF_CACHE_DIR": warm_dir}

    def cold_env():
        # keep the per-kernel vmlinux.h + PCH, drop compiled objects
        shutil.rmtree(os.path.join(warm_dir, "objects"), ignore_errors=True)
        return warm_env()

    def first_env():
        d = tempfile.mkdtemp(dir=root)
        return {**base_env, "PYBPF_CACHE_DIR": d}

    results = {}
    results["pybpf first-ever"] = measure(python, "pybpf", 1, first_env)
    run_once(python, "pybpf", warm_env())          # fill the warm cache
    results["pybpf cold"] = measure(python, "pybpf", args.runs, cold_env)
    run_once(python, "pybpf", warm_env())
    results["pybpf warm"] = measure(python, "pybpf", args.runs, warm_env)
    ok, why = bcc_available() if not args.no_bcc else (False, "--no-bcc")
    results["python (no framework)"] = measure(python, None, args.runs, warm_env)
    if ok:
        results["bcc"] = measure(BCC_PYTHON, "bcc", args.runs, lambda: dict(base_env))
        results["/usr/bin/python3 (no framework)"] = measure(BCC_PYTHON, None, args.runs,
                                                            lambda: dict(base_env))
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(os.path.dirname(out_path()), ignore_errors=True)

    print(f"startup: exec -> tracepoint hello attached, median of {args.runs} runs")
    print(f"{'':32} {'time':>9} {'peak RSS':>10}")
    for name, (t, rss) in results.items():
        print(f"{name:32} {t * 1000:7.1f} ms {rss / 1024:7.1f} MB")
    if "bcc" in results:
        bt, brss = results["bcc"]
        for name in ("pybpf warm", "pybpf cold"):
            t, rss = results[name]
            print(f"{name} vs BCC: time 1/{bt / t:.1f}, memory 1/{brss / rss:.1f}")
        # what each framework adds on top of its own interpreter's start-up
        own = results["pybpf warm"][0] - results["python (no framework)"][0]
        bcc_own = bt - results["/usr/bin/python3 (no framework)"][0]
        print(f"beyond interpreter start-up: pybpf warm {own * 1000:.1f} ms, "
              f"BCC {bcc_own * 1000:.1f} ms (1/{bcc_own / max(own, 1e-6):.1f})")
    else:
        print(f"BCC not measured: {why}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="workload", required=True)
    p = sub.add_parser("startup", help="process start to program attached")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--no-bcc", action="store_true")
    args = parser.parse_args(argv)
    {"startup": startup}[args.workload](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
