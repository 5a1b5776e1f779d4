"""A small C tokenizer for the BCC dialect rewriter.

It knows exactly what the rewriter must not be fooled by: comments, string and character
literals (a ``.lookup(`` inside a string is not a call), and preprocessor directives (a
whole logical line, with its backslash continuations, is one ``pp`` token). Tokens carry
offsets into the original text, so every rewrite is a replacement of an exact byte range
and the text between tokens (whitespace, comments, newlines) survives untouched.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import RewriteError

IDENT, NUMBER, STRING, CHAR, PUNCT, PP = "ident", "number", "string", "char", "punct", "pp"

_PUNCTS = sorted("""
... <<= >>= -> ++ -- << >> <= >= == != && || *= /= %= += -= &= ^= |= ## :: 
{ } [ ] ( ) ; , . < > + - * / % & | ^ ! ~ ? : = #
""".split(), key=len, reverse=True)
_PUNCT_RE = "|".join(re.escape(p) for p in _PUNCTS)

_TOKEN = re.compile(r"""
  (?P<ws>[ \t\r\f\v]+|\\\n)
| (?P<nl>\n)
| (?P<comment>//(?:[^\n\\]|\\.|\\\n)*|/\*[\s\S]*?\*/)
| (?P<string>(?:u8|[uUL])?"(?:[^"\\\n]|\\[\s\S])*")
| (?P<char>(?:[uUL])?'(?:[^'\\\n]|\\[\s\S])*')
| (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
| (?P<number>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.'])*)
| (?P<punct>""" + _PUNCT_RE + r""")
""", re.X)

# a directive runs to the first newline not escaped by a backslash, but a /* comment */
# that starts on the line may span lines: it is part of the directive's logical line
_PP_START = re.compile(r"[ \t]*#")
_PP_BODY = re.compile(r"(?:[^\n\\/]|\\[\s\S]|/\*[\s\S]*?\*/|/(?!\*))*")


class Token(NamedTuple):
    kind: str
    text: str
    start: int   # offset in the text
    end: int     # offset just past the token
    line: int    # 1-based line of the first character


def tokenize(text: str, filename: str = "<text>") -> list[Token]:
    """The significant tokens of ``text`` (no whitespace or comments).

    Raises RewriteError for an unterminated comment, string or character literal.
    """
    tokens: list[Token] = []
    pos, line, n = 0, 1, len(text)
    at_line_start = True
    while pos < n:
        if at_line_start:
            m = _PP_START.match(text, pos)
            if m:
                body = _PP_BODY.match(text, m.end())
                end = body.end()
                tokens.append(Token(PP, text[pos:end], pos, end, line))
                line += text.count("\n", pos, end)
                pos = end
                continue
        m = _TOKEN.match(text, pos)
        if m is not None and m.lastgroup == "punct" and text.startswith("/*", pos):
            m = None   # "/*" that never closes: not a division
        if m is None:
            ch = text[pos]
            if text.startswith("/*", pos):
                raise RewriteError(f"{filename}:{line}: unterminated /* comment",
                                   filename=filename, line=line)
            if ch in "\"'":
                raise RewriteError(f"{filename}:{line}: unterminated {ch} literal",
                                   filename=filename, line=line)
            # a stray character (e.g. '@' or a non-ASCII byte): let clang report it
            tokens.append(Token(PUNCT, ch, pos, pos + 1, line))
            pos += 1
            at_line_start = False
            continue
        kind = m.lastgroup
        end = m.end()
        if kind == "nl":
            line += 1
            at_line_start = True
        elif kind == "ws":
            line += m.group().count("\n")
        elif kind == "comment":
            line += m.group().count("\n")
        else:
            tokens.append(Token(kind, m.group(), pos, end, line))
            line += m.group().count("\n")
            at_line_start = False
        pos = end
    return tokens


_CLOSE = {"(": ")", "[": "]", "{": "}"}


def match_close(tokens: list[Token], i: int, filename: str = "<text>") -> int:
    """Index of the token closing the bracket at ``tokens[i]`` (``(``, ``[`` or ``{``)."""
    stack = [tokens[i].text]
    j = i + 1
    while j < len(tokens):
        t = tokens[j].text
        if tokens[j].kind == PUNCT:
            if t in _CLOSE:
                stack.append(t)
            elif t in (")", "]", "}"):
                if _CLOSE[stack[-1]] != t:
                    raise RewriteError(
                        f"{filename}:{tokens[j].line}: unbalanced '{t}' "
                        f"(expected '{_CLOSE[stack[-1]]}')", filename=filename,
                        line=tokens[j].line)
                stack.pop()
                if not stack:
                    return j
        j += 1
    tok = tokens[i]
    raise RewriteError(f"{filename}:{tok.line}: '{tok.text}' is never closed",
                       filename=filename, line=tok.line)


def split_args(tokens: list[Token], open_i: int, close_i: int) -> list[tuple[int, int]]:
    """Top-level comma-separated arguments between brackets, as token index ranges
    ``[a, b)``; an empty argument list gives ``[]``."""
    if close_i == open_i + 1:
        return []
    args, start, depth = [], open_i + 1, 0
    for j in range(open_i + 1, close_i):
        t = tokens[j]
        if t.kind != PUNCT:
            continue
        if t.text in ("(", "[", "{"):
            depth += 1
        elif t.text in (")", "]", "}"):
            depth -= 1
        elif t.text == "," and depth == 0:
            args.append((start, j))
            start = j + 1
    args.append((start, close_i))
    return args


def span_text(text: str, tokens: list[Token], a: int, b: int) -> str:
    """Source text covering tokens ``[a, b)`` (comments inside kept), ``""`` if empty."""
    if b <= a:
        return ""
    return text[tokens[a].start:tokens[b - 1].end]


def squeeze(s: str) -> str:
    """One-line form of a C fragment: comments dropped, whitespace runs become one space."""
    s = re.sub(r"/\*[\s\S]*?\*/|//[^\n]*", " ", s)
    return re.sub(r"\s+", " ", s).strip()
