"""bpftool's command-line grammar: keywords, prefixes, numbers, and one-line errors.

Keywords may be abbreviated as bpftool allows: an exact match wins, otherwise the first
keyword (in bpftool's table order) that starts with the given prefix. ``pybpf p l`` is
``prog list`` (``list`` comes before ``load``), ``pybpf m s`` is ``map show``.
"""
from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: printed as one ``Error: ...`` line, exit status ``code``."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


class UsageError(CliError):
    """The command line does not parse (exit status 2)."""

    def __init__(self, message: str):
        super().__init__(message, 2)


def is_prefix(prefix: str, word: str) -> bool:
    return bool(prefix) and word.startswith(prefix)


def match_keyword(word: str, keywords) -> str | None:
    """The keyword ``word`` names: itself, or the first keyword it is a prefix of."""
    keywords = list(keywords)
    if word in keywords:
        return word
    for kw in keywords:
        if is_prefix(word, kw):
            return kw
    return None


def parse_int(text: str, what: str = "number") -> int:
    """A C ``strtoul(text, 0)`` number: decimal, 0x hex or 0 octal; negative allowed."""
    s = text.strip()
    neg = s.startswith("-")
    body = s[1:] if neg else s
    try:
        if body.lower().startswith("0x"):
            value = int(body[2:], 16)
        elif len(body) > 1 and body.startswith("0") and body.isdigit():
            value = int(body[1:], 8)
        else:
            value = int(body, 10)
    except ValueError:
        raise UsageError(f"can't parse {text!r} as {what}") from None
    return -value if neg else value


class Args:
    """A cursor over the words after OBJECT COMMAND."""

    def __init__(self, words):
        self.words = list(words)
        self.pos = 0

    def __bool__(self) -> bool:
        return self.pos < len(self.words)

    def __len__(self) -> int:
        return len(self.words) - self.pos

    def peek(self) -> str | None:
        return self.words[self.pos] if self else None

    def next(self, what: str) -> str:
        if not self:
            raise UsageError(f"expected {what}")
        word = self.words[self.pos]
        self.pos += 1
        return word

    def next_int(self, what: str) -> int:
        return parse_int(self.next(what), what)

    def rest(self) -> list[str]:
        out = self.words[self.pos:]
        self.pos = len(self.words)
        return out

    def accept(self, *keywords: str) -> str | None:
        """Consume and return the keyword the next word names, if it names one of these."""
        word = self.peek()
        if word is None:
            return None
        kw = match_keyword(word, keywords)
        if kw is not None:
            self.pos += 1
        return kw

    def expect(self, *keywords: str) -> str:
        word = self.peek()
        kw = self.accept(*keywords)
        if kw is None:
            raise UsageError(f"expected {' | '.join(keywords)}, got "
                             f"{repr(word) if word is not None else 'nothing'}")
        return kw

    def done(self) -> None:
        if self:
            raise UsageError(f"unexpected argument {self.peek()!r}")


def dispatch(commands, args: Args, what: str, default: str | None = None):
    """Pick the handler for the next word from ``commands`` (an ordered dict) by keyword
    or prefix; ``default`` when no word is left."""
    word = args.peek()
    if word is None:
        if default is None:
            raise UsageError(f"expected a {what}: {' | '.join(commands)}")
        return commands[default]
    kw = match_keyword(word, commands)
    if kw is None:
        raise UsageError(f"unknown {what} {word!r} (expected {' | '.join(commands)})")
    args.pos += 1
    return commands[kw]
