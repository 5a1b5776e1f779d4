"""clang's diagnostics, mapped onto the user's own file and line."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import CompileError

_DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                   r"(?P<sev>fatal error|error|warning|note): (?P<msg>.*)$", re.M)


class Diagnostic(NamedTuple):
    file: str
    line: int
    col: int
    severity: str
    message: str


def parse(stderr: str) -> list[Diagnostic]:
    return [Diagnostic(m["file"], int(m["line"]), int(m["col"]), m["sev"], m["msg"])
            for m in _DIAG.finditer(stderr)]


def snippet(source_lines: list[str] | None, line: int, col: int) -> str:
    """`` 12 | text`` plus a caret line, or "" when the line is unknown."""
    if not source_lines or not 1 <= line <= len(source_lines):
        return ""
    text = source_lines[line - 1].rstrip("\n").expandtabs(4)
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * max(col - 1, 0) + "^"
    return f"{gutter}{text}\n{caret}"


def compile_error(stderr: str, sources: dict[str, list[str]]) -> CompileError:
    """A CompileError for clang's output; ``sources`` maps file names to their lines."""
    diags = parse(stderr)
    first = next((d for d in diags if d.severity in ("error", "fatal error")), None)
    if first is None:
        return CompileError("clang failed:\n" + stderr.strip(), diagnostics=stderr)
    lines = sources.get(first.file)
    if lines is None:
        try:
            with open(first.file) as f:
                lines = f.read().splitlines()
        except OSError:
            lines = None
    text = f"{first.file}:{first.line}:{first.col}: error: {first.message}"
    snip = snippet(lines, first.line, first.col)
    if snip:
        text += "\n" + snip
    # rewritten BCC code compiles one function several times (one copy per attach kind):
    # the same error at the same place counts once
    more = len({d for d in diags if d.severity in ("error", "fatal error")}) - 1
    if more > 0:
        text += f"\n({more} more error{'s' if more > 1 else ''}; see .diagnostics)"
    return CompileError(text, diagnostics=stderr, filename=first.file, line=first.line)
