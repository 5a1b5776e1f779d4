"""Golden files: ``golden/<case>.bcc.c`` rewritten must equal ``golden/<case>.out.c``.

Regenerate after an intended change with ``PYBPF_UPDATE_GOLDEN=1`` (then review the diff).
Outputs that depend on the kernel's types (implicit reads found through clang's AST, names
that clash with vmlinux.h) are compared only where clang and the kernel's BTF exist;
elsewhere such a case is skipped, and the others still run.
"""
from __future__ import annotations

import os
from unittest import mock

import pytest

from dialect_helpers import GOLDEN, compile_result, line_map, needs_clang, rewrite_case, \
    toolchain_missing

CASES = sorted(p.name[: -len(".bcc.c")] for p in GOLDEN.glob("*.bcc.c"))
UPDATE = os.environ.get("PYBPF_UPDATE_GOLDEN") == "1"


def _rewrite(case: str):
    text = (GOLDEN / f"{case}.bcc.c").read_text()
    return text, rewrite_case(text, f"{case}.bcc.c")


def _rewrite_without_kernel(case: str):
    """The output when neither clang's AST nor vmlinux.h is available."""
    from pybpf.dialect import deref, includes
    with mock.patch.object(includes, "kernel_identifiers", lambda: frozenset()), \
            mock.patch.object(includes, "kernel_tags", lambda: frozenset()), \
            mock.patch.object(deref, "compute", lambda *a, **k: ({}, "failed", [])):
        return _rewrite(case)


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    expected_path = GOLDEN / f"{case}.out.c"
    if toolchain_missing() is None:
        text, res = _rewrite(case)
    else:
        text, res = _rewrite_without_kernel(case)
    if UPDATE:
        if toolchain_missing() is not None:
            pytest.skip("refusing to regenerate golden files without clang and BTF")
        expected_path.write_text(res.source)
        return
    expected = expected_path.read_text()
    if toolchain_missing() is not None and res.source != expected:
        pytest.skip(f"{case}: output depends on kernel types; {toolchain_missing()}")
    assert res.source == expected, f"golden mismatch for {case} (PYBPF_UPDATE_GOLDEN=1)"


@pytest.mark.parametrize("case", CASES)
def test_golden_keeps_user_lines(case):
    """Every output line attributed to user line N that is also a unique line of the
    input is input line N: rewrites never shift the user's lines."""
    text = (GOLDEN / f"{case}.bcc.c").read_text()
    expected = (GOLDEN / f"{case}.out.c").read_text()
    src = text.split("\n")
    counts = {}
    for line in src:
        counts[line] = counts.get(line, 0) + 1
    checked = 0
    for fname, n, out_line in line_map(expected):
        if fname != f"{case}.bcc.c" or n is None or n > len(src):
            continue
        if out_line.strip() and counts.get(out_line) == 1:
            # (a function's copies end at its "}": what follows it on the line comes after
            # them, so the line may be a prefix of the user's)
            assert src[n - 1] == out_line or src[n - 1].startswith(out_line), \
                f"{case}: output line says {n}, text is line " \
                f"{src.index(out_line) + 1}: {out_line!r}"
            checked += 1
    assert checked > 0


@needs_clang
@pytest.mark.parametrize("case", CASES)
def test_golden_compiles(case):
    """Each rewritten program is valid C for the BPF target (clang + vmlinux.h)."""
    _, res = _rewrite(case)
    obj = compile_result(res, f"{case}.bcc.c")
    assert obj.data[:4] == b"\x7fELF"
