"""Turning libbpf's load messages into a :class:`VerifierError` a user can act on."""
from __future__ import annotations

import re

from .errors import BPFPermissionError, LoadError, SyscallError, VerifierError

_INSN = re.compile(r"^(\d+): \([0-9a-f]{2}\)")
_SOURCE = re.compile(r"^; (.*?)(?: @ (\S+:\d+))?$")
_TRAILER = re.compile(r"^(processed \d+ insns|verification time|stack depth|"
                      r"-- END PROG LOAD LOG --|max_states_per_insn)")
_PROG_FAILED = re.compile(r"prog '([^']+)': BPF program load failed: (.*)")


def extract_log(messages: list[str]) -> tuple[str, str, str]:
    """(program name, errno text, verifier log) from libbpf's messages of a failed load."""
    text = "".join(messages)
    prog, why = "", ""
    m = _PROG_FAILED.search(text)
    if m:
        prog, why = m.group(1), m.group(2).strip()
    log = ""
    start = text.find("-- BEGIN PROG LOAD LOG --")
    if start >= 0:
        end = text.find("-- END PROG LOAD LOG --", start)
        log = text[start + len("-- BEGIN PROG LOAD LOG --"):end if end >= 0 else None]
        log = log.strip("\n")
    return prog, why, log


def summarize(log: str) -> tuple[str, str, str]:
    """(reason, rejecting instruction, its source line) from a verifier log."""
    lines = [ln.rstrip() for ln in log.splitlines()]
    end = len(lines)
    for i, ln in enumerate(lines):
        if _TRAILER.match(ln):
            end = i
            break
    body = [ln for ln in lines[:end] if ln.strip()]
    reason = body[-1] if body else ""
    insn, source = "", ""
    for ln in reversed(body[:-1]):
        if not insn and _INSN.match(ln):
            insn = ln
        elif insn and ln.startswith(";"):
            m = _SOURCE.match(ln)
            source = f"{m.group(2)}: {m.group(1).strip()}" if m and m.group(2) else \
                ln[1:].strip()
            break
    return reason, insn, source


def load_error(exc: SyscallError, object_name: str) -> LoadError | BPFPermissionError:
    """The LoadError (a VerifierError when the verifier said no) for a failed object load."""
    messages = getattr(exc, "libbpf_messages", [])
    prog, why, log = extract_log(messages)
    if log:
        reason, insn, source = summarize(log)
        text = f"the verifier rejected program '{prog}': {reason or why}"
        if source:
            text += f"\n  at {source}"
        if insn:
            text += f"\n  instruction {insn}"
        text += "\n(the full verifier log is in the exception's .log)"
        return VerifierError(text, log=log, program=prog)
    if isinstance(exc, BPFPermissionError) and not prog:
        # libbpf's own hint (raise RLIMIT_MEMLOCK) is wrong on kernels >= 5.11: say which
        # capability is missing instead
        return BPFPermissionError(exc.errno, f"loading BPF object '{object_name}'")
    if exc.errno == 1 and prog:  # EPERM with an empty log: fentry/LSM on kernels without them
        return LoadError(
            f"loading program '{prog}' failed: {why or exc.strerror} with no verifier log. "
            "On this kernel that means the program type needs a feature it lacks (fentry/fexit/"
            "LSM need BPF trampolines; `pybpf feature` shows what is available), or the process "
            "lacks CAP_BPF/CAP_SYS_ADMIN.")
    detail = [m.strip() for m in messages if m.startswith("libbpf:")]
    text = f"loading BPF object '{object_name}' failed: {exc.strerror}"
    if detail:
        text += "\n  " + "\n  ".join(detail[-4:])
    return LoadError(text)
