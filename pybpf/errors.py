"""The whole pybpf exception hierarchy.

Every error a user can see is a :class:`PybpfError`. Each layer translates the errors of the
layer below it exactly once (``raise ... from``), adding what it knows: the libbpf bindings
turn ``-errno`` into :class:`SyscallError`, the attach code adds program and target names,
the compiler maps clang's diagnostics back onto the user's own file and line.
"""
from __future__ import annotations

import errno as _errno
import os


class PybpfError(Exception):
    """Base class of every error raised by pybpf."""


class CompileError(PybpfError):
    """clang rejected the program.

    ``str()`` names the user's file and line, clang's message and the offending source line;
    ``.diagnostics`` keeps clang's full output (already mapped to the user's lines).
    """

    def __init__(self, message: str, *, diagnostics: str = "", filename: str | None = None,
                 line: int | None = None):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.filename = filename
        self.line = line


class RewriteError(CompileError):
    """A BCC construct pybpf cannot translate: which construct, and where."""


class LoadError(PybpfError):
    """Opening or loading an object failed (ELF, BTF, relocations, map creation)."""


class VerifierError(LoadError):
    """The kernel verifier rejected a program.

    ``str()`` shows the rejecting instruction with the C source line it came from;
    ``.log`` is the verifier's complete log and ``.program`` the program's name.
    """

    def __init__(self, message: str, *, log: str = "", program: str = ""):
        super().__init__(message)
        self.log = log
        self.program = program


class AttachError(PybpfError):
    """Attaching a program failed: which program, which target, why, and what to use instead."""


class NotSupportedError(PybpfError):
    """The running kernel lacks a feature: which one, and what to use instead."""


class SyscallError(PybpfError, OSError):
    """A system call (through libbpf) failed with an errno."""

    def __init__(self, err: int, what: str = ""):
        err = abs(err)
        text = os.strerror(err)
        OSError.__init__(self, err, f"{what}: {text}" if what else text)
        self.what = what


class BPFPermissionError(SyscallError, PermissionError):
    """The operation needs privileges: root, or CAP_BPF + CAP_PERFMON (+ CAP_NET_ADMIN)."""

    def __init__(self, err: int, what: str = ""):
        super().__init__(err, what)
        self.strerror = (
            f"{self.strerror}: this needs root or the capabilities CAP_BPF and CAP_PERFMON "
            "(CAP_NET_ADMIN for network programs, CAP_SYS_ADMIN on kernels older than 5.8)")


def syscall_error(err: int, what: str = "") -> SyscallError:
    """Build the right :class:`SyscallError` subclass for a (positive or negative) errno."""
    err = abs(err)
    if err in (_errno.EPERM, _errno.EACCES):
        return BPFPermissionError(err, what)
    return SyscallError(err, what)
