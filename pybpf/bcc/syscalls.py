"""Syscall function names (``get_syscall_fnname``) and the kprobe-to-tracepoint mapping."""
from __future__ import annotations

import os

_PREFIX = {"x86_64": "__x64_sys_", "aarch64": "__arm64_sys_", "s390x": "__s390x_sys_",
           "riscv64": "__riscv_sys_"}.get(os.uname().machine, "sys_")
_KNOWN_PREFIXES = ("__x64_sys_", "__ia32_sys_", "__ia32_compat_sys_", "__arm64_sys_",
                   "__s390x_sys_", "__riscv_sys_", "__se_sys_", "__do_sys_", "sys_")


def syscall_prefix() -> str:
    """The prefix of syscall entry functions on this architecture (kernels >= 4.17)."""
    return _PREFIX


def syscall_fnname(name: str) -> str:
    return _PREFIX + name


def syscall_of(function: str) -> str | None:
    """``execve`` for ``__x64_sys_execve``/``sys_execve``...; None for other functions."""
    for prefix in _KNOWN_PREFIXES:
        if function.startswith(prefix) and len(function) > len(prefix):
            return function[len(prefix):]
    return None
