"""``pybpf run script.py [args]`` / ``python -m pybpf.run``: run a BCC script unchanged.

``import bcc`` (and ``bcc.table``, ``bcc.utils``, ``bcc.syscall``, ``bcc.perf``, ``bcc.usdt``)
resolve to pybpf's modules for this process only; pybpf installs no top-level ``bcc``
package, so a real BCC installed beside it is never shadowed.
"""
from __future__ import annotations

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


def install_bcc_aliases() -> None:
    """Make ``import bcc...`` load pybpf's modules in this process."""
    import importlib

    for alias, target in ALIASES.items():
        sys.modules[alias] = importlib.import_module(target)
    bcc = sys.modules["bcc"]
    for alias in ALIASES:
        if "." in alias:
            setattr(bcc, alias.split(".", 1)[1], sys.modules[alias])
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


def run_script(argv: list[str]) -> int:
    """Run ``argv[0]`` as ``__main__`` with ``sys.argv = argv``; returns an exit status."""
    if not argv:
        print("usage: pybpf run SCRIPT [ARGS...]", file=sys.stderr)
        return 2
    install_bcc_aliases()
    sys.argv = list(argv)
    try:
        runpy.run_path(argv[0], run_name="__main__")
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

__all__ = ["install_bcc_aliases", "run_script"]
