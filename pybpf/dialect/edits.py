"""Replacements of ranges of the user's text that keep its line count, and #line."""
from __future__ import annotations

from ..errors import RewriteError
from .includes import c_string


class Edits:
    """Non-overlapping replacements of ranges of the user's text."""

    def __init__(self, text: str):
        self.text = text
        self.items: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, rep: str) -> None:
        """Replace [start, end) keeping the line count: missing newlines go at the end."""
        missing = self.text.count("\n", start, end) - rep.count("\n")
        if missing < 0:
            raise AssertionError("a replacement must not add lines")
        self.items.append((start, end, rep + "\n" * missing))

    def insert(self, pos: int, s: str) -> None:
        self.items.append((pos, pos, s))

    def apply(self, start: int, end: int) -> str:
        out, pos = [], start
        # at one position: insertions first, then the longest replacement wins
        for a, b, rep in sorted((e for e in self.items if start <= e[0] and e[1] <= end
                                 and not (e[0] == e[1] == end and end != start)),
                                key=lambda e: (e[0], e[0] != e[1], -e[1])):
            if a < pos:
                continue
            out.append(self.text[pos:a])
            out.append(rep)
            pos = b
        out.append(self.text[pos:end])
        return "".join(out)


def line_directive(line: int, filename: str) -> str:
    return f'#line {line} {c_string(filename)}'


def rewrite_error(filename, line, msg):
    return RewriteError(f"{filename}:{line}: {msg}", filename=filename, line=line)
