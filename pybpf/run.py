"""``pybpf run script.py [args]`` / ``python -m pybpf.run``: run a BCC script unchanged.

``import bcc`` (and ``bcc.table``, ``bcc.utils``, ``bcc.syscall``, ``bcc.perf``, ``bcc.usdt``,
``bcc.containers``, ``bcc.tcp``, ``bcc.exec``, ``bcc.libbcc``) resolve to pybpf's modules for
this process only; pybpf installs no top-level ``bcc`` package, so a real BCC installed
beside it is never shadowed.

A shell script (BCC's ``pythoncalls`` is ``$(dirname $0)/ucalls -l python "$@"``) runs with
its shell; the Python BCC tools next to it, called by path or by name, run under ``pybpf
run`` too (through small wrappers in a temporary directory that stands in for the
script's own).
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import os
import runpy
import sys


ALIASES = {
    "bcc": "pybpf.bcc",
    "bcc.table": "pybpf.bcc.table",
    "bcc.utils": "pybpf.bcc.utils",
    "bcc.syscall": "pybpf.bcc.syscall_names",
    "bcc.perf": "pybpf.bcc.perf",
    "bcc.usdt": "pybpf.bcc.usdt",
}
# imported on first use (``from bcc import tcp``, ``from bcc.containers import ...``)
LAZY_ALIASES = {
    "bcc.containers": "pybpf.bcc.containers",
    "bcc.tcp": "pybpf.bcc.tcp",
    "bcc.exec": "pybpf.bcc.exec",
    "bcc.libbcc": "pybpf.bcc.libbcc",
}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module):
        pass


class _BccAliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``bcc.<name>`` for the lazily aliased modules."""

    def find_spec(self, fullname, path=None, target=None):
        real = LAZY_ALIASES.get(fullname)
        if real is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


def install_bcc_aliases() -> None:
    """Make ``import bcc...`` load pybpf's modules in this process."""
    import importlib

    for alias, target in ALIASES.items():
        sys.modules[alias] = importlib.import_module(target)
    bcc = sys.modules["bcc"]
    for alias in ALIASES:
        if "." in alias:
            setattr(bcc, alias.split(".", 1)[1], sys.modules[alias])
    if not any(isinstance(f, _BccAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _BccAliasFinder())
    # names BCC's package exports that tools import from `bcc` directly
    from .bcc import utils

    for name in ("printb",):
        setattr(bcc, name, getattr(utils, name))
    for name in ("USDT", "USDTException"):   # `from bcc import USDT`
        setattr(bcc, name, getattr(sys.modules["bcc.usdt"], name))
    if not hasattr(bcc, "DEBUG_PREPROCESSOR"):
        bcc.DEBUG_LLVM_IR, bcc.DEBUG_BPF, bcc.DEBUG_PREPROCESSOR = 0x1, 0x2, 0x4
        bcc.DEBUG_SOURCE, bcc.DEBUG_BPF_REGISTER_STATE, bcc.DEBUG_BTF = 0x8, 0x10, 0x20
        bcc.DEBUG_KFUNC = 0x40


# --- scripts ------------------------------------------------------------------------------
_SHELLS = {"sh", "bash", "dash", "ksh", "zsh", "ash", "busybox"}


def _shebang(path: str) -> list[str]:
    """The interpreter line of ``path`` split in words ([] when there is none)."""
    try:
        with open(path, "rb") as f:
            first = f.readline(512)
    except OSError:
        return []
    if not first.startswith(b"#!"):
        return []
    return first[2:].decode(errors="replace").split()


def _shell_of(path: str) -> str | None:
    """The shell a script names in its ``#!`` line, or None for anything else."""
    words = _shebang(path)
    if not words:
        return None
    prog = os.path.basename(words[0])
    if prog == "env" and len(words) > 1:
        prog, words = os.path.basename(words[1]), words[1:]
    return words[0] if prog in _SHELLS else None


def _is_bcc_python_tool(path: str) -> bool:
    words = _shebang(path)
    if not words or not any("python" in os.path.basename(w) for w in words[:2]):
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    return b"from bcc" in head or b"import bcc" in head


def _shadow_dir(script_dir: str) -> str:
    """A temporary directory mirroring ``script_dir``: each Python BCC tool there is a
    wrapper running it under ``pybpf run``, everything else a symlink."""
    import shlex
    import tempfile

    shadow = tempfile.mkdtemp(prefix="pybpf-run-")
    for name in os.listdir(script_dir):
        real = os.path.join(script_dir, name)
        if not os.path.isfile(real):
            continue
        mine = os.path.join(shadow, name)
        if os.access(real, os.X_OK) and _is_bcc_python_tool(real):
            with open(mine, "w") as f:
                f.write(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m pybpf.run "
                        f"{shlex.quote(real)} \"$@\"\n")
            os.chmod(mine, 0o755)
        else:
            os.symlink(real, mine)
    return shadow


def run_shell_script(argv: list[str], shell: str) -> int:
    """Run a shell script whose Python BCC tools (siblings, or found in PATH) run under
    pybpf; returns its exit status."""
    import shutil
    import signal
    import subprocess

    script = os.path.realpath(argv[0])
    shadow = _shadow_dir(os.path.dirname(script))
    env = dict(os.environ, PATH=shadow + os.pathsep + os.environ.get("PATH", ""))
    try:
        # `. script` keeps $0 (the stand-in path, so `$(dirname $0)` is the shadow
        # directory) and the positional parameters. The script runs in a process group of
        # its own, and the signals that stop a tool (Ctrl-C here or `kill -INT` of this
        # process alike) are passed to that whole group: a shell waiting for its command
        # would not pass them on, and the tool decides what they mean.
        proc = subprocess.Popen([shell, "-c", '. "$0"', os.path.join(shadow,
                                 os.path.basename(script)), *argv[1:]], env=env,
                                preexec_fn=os.setpgrp)

        def forward(signum, _frame):
            try:
                os.killpg(proc.pid, signum)
            except ProcessLookupError:
                pass

        forwarded = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        old = {s: signal.signal(s, forward) for s in forwarded}
        try:
            status = proc.wait()
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
    return 128 - status if status < 0 else status


def _quiet_exit() -> None:
    """The script is done: what is left is detaching and closing (uprobes take a while to
    remove). A Ctrl-C now would only interrupt that with a traceback from an exit handler;
    ignore it (the tool has already had its say on the first one)."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_script(argv: list[str]) -> int:
    """Run ``argv[0]`` as ``__main__`` with ``sys.argv = argv``; returns an exit status."""
    if not argv:
        print("usage: pybpf run SCRIPT [ARGS...]", file=sys.stderr)
        return 2
    shell = _shell_of(argv[0])
    if shell is not None:
        return run_shell_script(argv, shell)
    install_bcc_aliases()
    sys.argv = list(argv)
    try:
        try:
            runpy.run_path(argv[0], run_name="__main__")
        finally:
            _quiet_exit()
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


def main() -> None:
    sys.exit(run_script(sys.argv[1:]))


if __name__ == "__main__":
    main()

__all__ = ["install_bcc_aliases", "run_script", "run_shell_script"]
