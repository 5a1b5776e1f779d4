"""One renderer for every command: the same data printed as text or as JSON.

Commands never print. They return a :class:`Result` whose ``data`` is plain JSON data
(dicts, lists, strings, numbers, booleans, None) and whose ``text`` turns that same data
into bpftool-style lines, so the two outputs cannot drift apart. Streams (trace lines)
yield one item at a time; in JSON mode each item is one JSON document per line.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Callable, Iterable, NamedTuple


class Result(NamedTuple):
    """What a command produced: ``data`` and how to show it as text."""

    data: Any
    text: Callable[[Any], str] | None = None   # None: JSON-like text (indented)
    stream: bool = False                       # ``data`` is an iterator of items


def json_text(data, pretty: bool) -> str:
    if pretty:
        return json.dumps(data, indent=4, ensure_ascii=False)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def table(rows: list[dict], columns: list[tuple[str, str]] | None = None,
          sep: str = "  ") -> str:
    """Rows as aligned columns under a header: ``columns`` is [(key, header), ...]
    (default: the keys of the first row). Missing values print as ``-``."""
    if not rows:
        return ""
    if columns is None:
        columns = [(k, k) for k in rows[0]]
    cells = [[head for _, head in columns]]
    for row in rows:
        cells.append([_cell(row.get(key)) for key, _ in columns])
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    return "\n".join(sep.join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
                     for r in cells)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value) or "-"
    return str(value)


def fields_line(pairs: Iterable[tuple[str, Any]]) -> str:
    """bpftool's ``key value  key value`` layout; pairs whose value is None are left out,
    a key of "" prints the value alone."""
    out = []
    for key, value in pairs:
        if value is None:
            continue
        out.append(f"{key} {value}" if key else str(value))
    return "  ".join(out)


class Output:
    """Where and how results are printed (``-j``/``-p`` select JSON)."""

    def __init__(self, json_mode: bool = False, pretty: bool = False, stream=None):
        self.json = json_mode or pretty
        self.pretty = pretty
        self.stream = stream

    @property
    def out(self):
        return self.stream if self.stream is not None else sys.stdout

    def emit(self, result: Result | None) -> None:
        if result is None:
            if self.json:
                self._write(json_text(None, self.pretty))
            return
        if result.stream:
            for item in result.data:
                self._emit_one(item, result.text, stream=True)
            return
        self._emit_one(result.data, result.text)

    def _emit_one(self, data, text, stream: bool = False) -> None:
        if self.json:
            self._write(json_text(data, self.pretty and not stream))
        else:
            shown = text(data) if text is not None else json_text(data, True)
            if shown:
                self._write(shown)
        if stream:
            self.out.flush()

    def error(self, message: str) -> None:
        """One line: ``Error: ...`` on stderr, or ``{"error": ...}`` on stdout in JSON mode
        (as bpftool does)."""
        message = " ".join(message.split("\n")).strip()
        if self.json:
            self._write(json_text({"error": message}, self.pretty))
            self.out.flush()
        else:
            sys.stderr.write(f"Error: {message}\n")
            sys.stderr.flush()

    def _write(self, text: str) -> None:
        self.out.write(text if text.endswith("\n") else text + "\n")
