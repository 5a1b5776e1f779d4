"""The compile pipeline: BPF C (text or .bpf.c) to a stripped ELF object, cached.

Spec side only: deterministic and without BPF syscalls (the one kernel input is the BTF that
``vmlinux.h`` is generated from).
"""
from .driver import CompiledObject, base_flags, compile_bpf
from .toolchain import find_toolchain
from .vmlinux import kernel_fingerprint, vmlinux_h

__all__ = ["CompiledObject", "base_flags", "compile_bpf", "find_toolchain",
           "kernel_fingerprint", "vmlinux_h"]
