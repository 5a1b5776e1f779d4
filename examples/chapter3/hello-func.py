#!/usr/bin/env python3
"""Chapter 3: load hello-func.bpf.c, attach it to the sys_enter raw tracepoint, show the
BPF-to-BPF call, and stream its `Syscall: N` trace lines until Ctrl-C."""
import os
import sys

from pybpf import BPF

HERE = os.path.dirname(os.path.abspath(__file__))

b = BPF(src_file=os.path.join(HERE, "hello-func.bpf.c"))   # SEC("raw_tp/sys_enter"): attached
prog = b.module.program("hello")
print(f"loaded {prog.name!r} ({prog.type_name}), {prog.info()['xlated_prog_len'] // 8} "
      f"instructions; it calls get_opcode() as a BPF-to-BPF function.")
print("Tracing syscalls... Ctrl-C to stop.", flush=True)
try:
    b.trace_print()
except KeyboardInterrupt:
    pass
finally:
    b.cleanup()
sys.exit(0)
