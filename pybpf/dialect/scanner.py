"""Top-level structure of a BCC C text: directives, table macros and function definitions.

The scanner walks the token stream at brace depth 0 and recognizes:
- preprocessor directives (one ``pp`` token each),
- table declarations: ``BPF_HASH(...)``, ``BPF_TABLE(...)`` ... (any name in
  ``maps.DECL_MACROS``), with their optional ``;``,
- function definitions: ``specifiers name(params) [__attribute__((...))] { body }``,
  including the probe macros ``TRACEPOINT_PROBE(cat, ev) { ... }`` and friends.
Everything else (struct definitions, globals, typedefs, prototypes) is left alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import RewriteError
from .lexer import IDENT, PP, PUNCT, Token, split_args

PROBE_MACROS = {"TRACEPOINT_PROBE", "RAW_TRACEPOINT_PROBE", "KFUNC_PROBE", "KRETFUNC_PROBE",
                "KMOD_RET_PROBE", "LSM_PROBE"}
_INLINE_WORDS = {"inline", "__inline", "__inline__", "__always_inline"}


@dataclass
class Param:
    text: str          # the declaration as written, e.g. "const char __user *filename"
    name: str          # "filename" ("" when unnamed)
    type: str          # the declaration without the name, e.g. "const char __user *"
    start: int         # token index range [start, end) of the parameter
    end: int


@dataclass
class Function:
    name: str
    first: int          # token index of the first declaration specifier
    name_i: int         # token index of the name (or of the probe macro)
    lparen: int
    rparen: int
    lbrace: int
    rbrace: int
    specifiers: list[str]
    params: list[Param]
    macro: str | None = None             # TRACEPOINT_PROBE ... when defined by a macro
    macro_args: list[str] = field(default_factory=list)

    @property
    def is_static(self) -> bool:
        return "static" in self.specifiers

    @property
    def is_inline(self) -> bool:
        return bool(_INLINE_WORDS & set(self.specifiers)) or "always_inline" in self.specifiers

    @property
    def has_section(self) -> bool:
        return "SEC" in self.specifiers or "section" in self.specifiers


@dataclass
class Decl:
    macro: str
    first: int          # token index of the macro name
    lparen: int
    rparen: int
    end: int            # token index just past the declaration (past its ';' if any)


@dataclass
class Structure:
    tokens: list[Token]
    directives: list[int] = field(default_factory=list)
    decls: list[Decl] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)       # struct/union/enum tags defined
    top_idents: set[str] = field(default_factory=set)  # identifiers used at top level
    globals: set[str] = field(default_factory=set)     # file-scope variables declared
    typedefs: set[str] = field(default_factory=set)    # typedef names declared
    enumerators: set[str] = field(default_factory=set)
    struct_bodies: list[tuple[int, int]] = field(default_factory=list)  # {...} of tags


def bracket_map(tokens: list[Token], filename: str) -> dict[int, int]:
    """Both directions: index of each bracket -> index of its partner."""
    pairs, stack = {}, []
    opens, closes = {"(": ")", "[": "]", "{": "}"}, {")", "]", "}"}
    for i, t in enumerate(tokens):
        if t.kind != PUNCT:
            continue
        if t.text in opens:
            stack.append(i)
        elif t.text in closes:
            if not stack:
                raise RewriteError(f"{filename}:{t.line}: unbalanced '{t.text}'",
                                   filename=filename, line=t.line)
            if opens[tokens[stack[-1]].text] != t.text:
                o = tokens[stack[-1]]
                raise RewriteError(f"{filename}:{o.line}: unbalanced '{o.text}': closed by "
                                   f"'{t.text}' on line {t.line}", filename=filename,
                                   line=o.line)
            j = stack.pop()
            pairs[i], pairs[j] = j, i
    if stack:
        t = tokens[stack[-1]]
        raise RewriteError(f"{filename}:{t.line}: '{t.text}' is never closed",
                           filename=filename, line=t.line)
    return pairs


def parse_params(text: str, tokens: list[Token], lparen: int, rparen: int) -> list[Param]:
    params = []
    for a, b in split_args(tokens, lparen, rparen):
        ptext = text[tokens[a].start:tokens[b - 1].end] if b > a else ""
        if ptext.strip() in ("", "void"):
            continue
        # the name is the last identifier that is not inside brackets (arrays: "x[4]")
        name_i, depth = None, 0
        for j in range(b - 1, a - 1, -1):
            t = tokens[j]
            if t.text in (")", "]"):
                depth += 1
            elif t.text in ("(", "["):
                depth -= 1
            elif depth == 0 and t.kind == IDENT:
                name_i = j
                break
        name = tokens[name_i].text if name_i is not None else ""
        if name in ("int", "char", "long", "short", "unsigned", "signed", "void", "u8", "u16",
                    "u32", "u64", "s8", "s16", "s32", "s64") or name_i == a:
            name, ptype = "", ptext    # unnamed parameter ("int", "struct foo *")
        else:
            ptype = (text[tokens[a].start:tokens[name_i].start]
                     + text[tokens[name_i].end:tokens[b - 1].end]).strip()
        params.append(Param(ptext, name, ptype, a, b))
    return params


def scan(text: str, tokens: list[Token], decl_macros: set[str],
         filename: str = "<text>") -> Structure:
    """Find the top-level directives, table declarations and function definitions."""
    st = Structure(tokens)
    pairs = bracket_map(tokens, filename)
    n = len(tokens)
    i = stmt = 0
    while i < n:
        t = tokens[i]
        if t.kind == PP:
            st.directives.append(i)
            i += 1
            stmt = i
            continue
        if t.kind == IDENT:
            st.top_idents.add(t.text)
            if t.text in ("struct", "union", "enum") and i + 2 < n and \
                    tokens[i + 1].kind == IDENT and tokens[i + 2].text == "{":
                st.tags.add(tokens[i + 1].text)
            if t.text in decl_macros and i + 1 < n and tokens[i + 1].text == "(":
                close = pairs[i + 1]
                end = close + 1
                if end < n and tokens[end].text == ";":
                    end += 1
                st.decls.append(Decl(t.text, i, i + 1, close, end))
                i = stmt = end
                continue
        if t.kind == PUNCT and t.text in ("(", "["):
            i = pairs[i] + 1
            continue
        if t.kind == PUNCT and t.text == ";":
            _declaration(st, tokens, pairs, stmt, i)
            i = stmt = i + 1
            continue
        if t.kind == PUNCT and t.text == "{":
            fn = _function_at(text, tokens, pairs, stmt, i)
            close = pairs[i]
            if fn is not None:
                st.functions.append(fn)
                i = stmt = close + 1
            else:
                _brace_group(st, tokens, pairs, i)
                i = close + 1
            continue
        i += 1
    return st


def _brace_group(st: Structure, tokens: list[Token], pairs, lbrace: int) -> None:
    """Record enumerators of enum bodies and the extent of struct/union bodies (nested
    ones included)."""
    close = pairs[lbrace]
    j = lbrace - 1
    if j >= 0 and tokens[j].kind == IDENT and tokens[j].text not in ("struct", "union",
                                                                      "enum"):
        j -= 1
    if j < 0 or tokens[j].text not in ("struct", "union", "enum"):
        return
    if tokens[j].text == "enum":
        for k in range(lbrace + 1, close):
            if tokens[k].kind == IDENT and tokens[k - 1].text in ("{", ","):
                st.enumerators.add(tokens[k].text)
        return
    st.struct_bodies.append((lbrace, close))
    for k in range(lbrace + 1, close):   # enums nested in the struct
        if tokens[k].text == "{" and tokens[k - 1].text != "=":
            _brace_group(st, tokens, pairs, k)


def _declaration(st: Structure, tokens: list[Token], pairs, start: int, end: int) -> None:
    """Names a file-scope declaration ``tokens[start:end]`` (up to its ';') declares."""
    if start >= end:
        return
    if tokens[start].text == "typedef":
        k = end - 1
        while k > start and tokens[k].text == "]":
            k = pairs[k] - 1
        if tokens[k].text == ")":   # typedef int (*name)(args);
            k = pairs[k] - 1
            if tokens[k].text == ")":
                inner = [t for t in tokens[pairs[k]:k] if t.kind == IDENT]
                if inner:
                    st.typedefs.add(inner[-1].text)
                return
        if tokens[k].kind == IDENT:
            st.typedefs.add(tokens[k].text)
        return
    depth = 0
    for k in range(start, end):
        t = tokens[k]
        if t.text in ("(", "[", "{"):
            depth += 1
        elif t.text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and t.kind == IDENT and k > start and \
                tokens[k + 1].text in ("=", ";", ",", "[") and \
                (tokens[k - 1].kind == IDENT or tokens[k - 1].text in ("*", "}", ",")) and \
                tokens[k - 1].text not in ("struct", "union", "enum"):
            st.globals.add(t.text)


def _function_at(text, tokens, pairs, stmt: int, lbrace: int) -> Function | None:
    j = lbrace - 1
    # skip trailing __attribute__((...)) between the parameter list and the body
    while j > stmt and tokens[j].text == ")" and pairs[j] - 1 > stmt and \
            tokens[pairs[j] - 1].text in ("__attribute__", "__attribute"):
        j = pairs[j] - 2
    if j <= stmt or tokens[j].text != ")":
        return None
    rparen, lparen = j, pairs[j]
    name_i = lparen - 1
    if name_i < stmt or tokens[name_i].kind != IDENT:
        return None
    if any(tokens[k].text == "=" for k in range(stmt, name_i)):
        return None
    name = tokens[name_i].text
    specs = [tokens[k].text for k in range(stmt, name_i) if tokens[k].kind == IDENT]
    if name in PROBE_MACROS:
        args = [text[tokens[a].start:tokens[b - 1].end].strip() if b > a else ""
                for a, b in split_args(tokens, lparen, rparen)]
        return Function(name, stmt, name_i, lparen, rparen, lbrace, pairs[lbrace], specs,
                        parse_params(text, tokens, lparen, rparen), macro=name,
                        macro_args=args)
    if name in ("if", "while", "for", "switch", "sizeof", "__attribute__", "SEC"):
        return None
    return Function(name, stmt, name_i, lparen, rparen, lbrace, pairs[lbrace], specs,
                    parse_params(text, tokens, lparen, rparen))
