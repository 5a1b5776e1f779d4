"""Names: clashes with vmlinux.h, and what a name was declared as.

vmlinux.h declares ~3,000 typedefs, ~18,000 enumerators and ~10,000 struct tags. A user
struct tag, table, function, global, typedef or enumerator with one of those names would
not compile next to it (the book's chapter 2 names a table ``config``: a zstd typedef).
Such user names get a suffix in the C code only: tags ``__pybpf`` (``struct key`` ->
``struct key__pybpf``), other identifiers ``_`` (``config`` -> ``config_``). The specs
keep the names as written and report the C names (``TableSpec.elf_name``, the values of
``ProgramSpec.variants``).
"""
from __future__ import annotations

import bisect
import re

from . import includes, methods
from .lexer import IDENT, PP
from .scanner import Function

TAG_SUFFIX = "__pybpf"


class NamesMixin:
    """Rewriter methods about names (mixed into Rewriter)."""

    def _tag_clashes(self) -> None:
        """User struct/union/enum tags that vmlinux.h also defines get a suffix."""
        if not self.st.tags:
            return
        clashes = self.st.tags & includes.kernel_tags()
        if not clashes:
            return
        toks = self.tokens
        for i in range(1, len(toks)):
            t = toks[i]
            if t.kind == IDENT and t.text in clashes and \
                    toks[i - 1].text in ("struct", "union", "enum"):
                self.edits.replace(t.start, t.end, t.text + TAG_SUFFIX)
        self.user_tags |= {c + TAG_SUFFIX for c in clashes}
        self.renamed_tags = {c: c + TAG_SUFFIX for c in clashes}
        self.warnings.append(
            f"{self.filename}: struct {', '.join(sorted(clashes))} also exists in the kernel's "
            f"BTF: renamed to {', '.join(sorted(c + TAG_SUFFIX for c in clashes))}")

    def _ident_clashes(self) -> None:
        """File-scope names the user declares that vmlinux.h also declares (a typedef
        `config`, an enumerator...) get a '_' suffix in the C code; specs report both."""
        declared = (self.st.globals | self.st.typedefs | self.st.enumerators |
                    {f.name for f in self.st.functions if not f.macro} | set(self.tables))
        if not declared:
            return
        kernel = includes.kernel_identifiers()
        clashes = declared & kernel
        for name in sorted(clashes):
            new = name + "_"
            while new in kernel or new in declared:
                new += "_"
            self.renamed[name] = new
        if clashes:
            self.warnings.append(
                f"{self.filename}: {', '.join(sorted(clashes))} also declared by the kernel's "
                f"vmlinux.h: renamed to {', '.join(self.renamed[c] for c in sorted(clashes))} "
                "in the C code")

    def _rename_types(self, t: str | None) -> str | None:
        t = self._rename_tags(t)
        if not t or not self.renamed:
            return t
        return re.sub(r"(?<![\w.>])(?<!struct )(?<!union )(?<!enum )\b(\w+)\b",
                      lambda m: self.renamed.get(m.group(1), m.group(1)), t)

    def _apply_renames(self) -> None:
        """Rename the clashing identifiers wherever the user wrote them, except member names
        (``x.config``, field declarations) and where another edit already rewrote the
        token."""
        if not self.renamed:
            return
        spans = sorted((a, b) for a, b, _ in self.edits.items if a != b)
        starts = [a for a, _ in spans]
        bodies = self.st.struct_bodies
        toks = self.tokens
        for i, t in enumerate(toks):
            if t.kind != IDENT or t.text not in self.renamed:
                continue
            if i and toks[i - 1].text in (".", "->", "struct", "union", "enum"):
                continue
            k = bisect.bisect_right(starts, t.start) - 1
            if k >= 0 and spans[k][0] <= t.start < spans[k][1]:
                continue
            if any(a < i < b for a, b in bodies) and i + 1 < len(toks) and \
                    toks[i + 1].text in (";", "[", ":", ",", "__attribute__") and \
                    (toks[i - 1].kind == IDENT or toks[i - 1].text in ("*", "}")):
                continue   # a field named like the renamed identifier
            self.edits.replace(t.start, t.end, self.renamed[t.text])

    def _event_type(self, fn: Function, call: methods.MethodCall) -> str | None:
        if call.sizeof_type:
            t = call.sizeof_type
            m = re.fullmatch(r"\*\s*(\w+)", t)
            if m:
                found = self._declared(fn, m.group(1), call.first)
                return found[0] if found and found[1] == 1 else None
            if re.fullmatch(r"(struct|union) \w+|\w+", t):
                return self._tag_name(t)
            return None
        e = call.event_expr or ""
        m = re.fullmatch(r"\(*\s*&\s*(\w+)\s*\)*", e)
        depth = 0
        if not m:
            m = re.fullmatch(r"\(*\s*(\w+)\s*\)*", e)
            depth = 1
        if not m:
            return None
        found = self._declared(fn, m.group(1), call.first)
        if found and found[1] == depth and found[2] is False:
            return found[0]
        return None

    def _tag_name(self, t: str) -> str:
        return self._rename_tags(t)

    def _rename_tags(self, t: str | None) -> str | None:
        if not t or not self.renamed_tags:
            return t
        return re.sub(r"\b(struct|union|enum)(\s+)(\w+)\b",
                      lambda m: m.group(1) + m.group(2) + self.renamed_tags.get(m.group(3),
                                                                                m.group(3)), t)

    def _declared(self, fn: Function, name: str, before: int):
        """(type, pointer depth, is array) of the declaration of ``name`` visible at token
        ``before`` in ``fn`` (its parameters and body), looking at declarations only:
        ``struct t *name``, ``struct t a = {}, *name``, ``struct t *name`` parameters."""
        toks = self.tokens
        for i in range(before - 1, fn.lparen, -1):
            t = toks[i]
            if t.kind != IDENT or t.text != name:
                continue
            nxt = toks[i + 1].text
            if nxt not in (";", "=", "[", ",", ")"):
                continue
            j, depth = i - 1, 0
            while toks[j].text == "*":
                depth += 1
                j -= 1
            if toks[j].text == ",":
                words = self._first_declarator_type(fn, j)
            elif toks[j].kind == IDENT:
                words = []
                while j > fn.lparen and toks[j].kind == IDENT:
                    words.append(toks[j].text)
                    j -= 1
                if toks[j].text not in (";", "{", "}", "(", ",") and toks[j].kind != PP:
                    continue
                words.reverse()
            else:
                continue
            words = [w for w in words if w not in ("const", "volatile", "static", "register",
                                                   "__user")]
            if not words or words[0] in ("return", "goto", "case", "else", "do"):
                continue
            return self._tag_name(" ".join(words)), depth, nxt == "["
        return None

    def _first_declarator_type(self, fn: Function, comma: int) -> list[str]:
        """The type words of a declaration, seen from a ',' between its declarators."""
        toks = self.tokens
        j = comma - 1
        while j > fn.lparen:
            tx = toks[j].text
            if toks[j].kind == PP or tx in (";", "{"):
                break
            if tx == "}":   # an initializer's braces, or the end of the previous block
                o = self.pairs[j]
                if toks[o - 1].text not in ("=", ","):
                    break
                j = o - 1
            elif tx in (")", "]"):
                j = self.pairs[j] - 1
            else:
                j -= 1
        k, words = j + 1, []
        while k < comma and toks[k].kind == IDENT:
            words.append(toks[k].text)
            k += 1
        if k < comma and toks[k].text != "*" and words:
            words.pop()   # the first declarator's own name
        return words
