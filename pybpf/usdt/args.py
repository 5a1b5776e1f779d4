"""USDT argument specs (``-4@%eax``, ``8@-24(%rbp)``, ``-4@$5``...): size, sign, location.

Each probe site lists its arguments as the assembler operands ``sys/sdt.h`` asked for,
prefixed by a size in bytes (negative: signed). pybpf does not read arguments with these
(libbpf's ``usdt.bpf.h`` does, in the kernel); they give BCC's ``get_probe_arg_ctype`` and
the descriptions ``tplist -vv`` prints.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# x86-64 register names as BCC prints them: the pt_regs field (eax, ax, al -> ax)
_X86_REGS = {}
for _full, _field in (("rax", "ax"), ("rbx", "bx"), ("rcx", "cx"), ("rdx", "dx"),
                      ("rsi", "si"), ("rdi", "di"), ("rbp", "bp"), ("rsp", "sp"),
                      ("rip", "ip")):
    _X86_REGS[_full] = _X86_REGS["e" + _full[1:]] = _X86_REGS[_full[1:]] = _field
for _r in ("ax", "bx", "cx", "dx"):
    _X86_REGS[_r[0] + "l"] = _X86_REGS[_r[0] + "h"] = _r
for _r in ("si", "di", "bp", "sp"):
    _X86_REGS[_r + "l"] = _r
for _n in range(8, 16):
    for _suffix in ("", "d", "w", "b"):
        _X86_REGS[f"r{_n}{_suffix}"] = f"r{_n}"

_CONST = re.compile(r"^\$?(-?(?:0x[0-9a-fA-F]+|\d+))$")
_REG = re.compile(r"^%(\w+)$")
_DEREF = re.compile(r"^(-?(?:0x[0-9a-fA-F]+|\d+))?\(%(\w+)\)$")
_SIB = re.compile(r"^(-?(?:0x[0-9a-fA-F]+|\d+))?\(%(\w*),%(\w+)(?:,(\d+))?\)$")
_IDENT = re.compile(r"^([A-Za-z_.$][\w.$@]*)([+-](?:0x[0-9a-fA-F]+|\d+))?\(%(\w+)\)$")
# arm64 and others: x0, [sp, 12], [x1]
_ARM_DEREF = re.compile(r"^\[(\w+)(?:\s*,\s*(-?\d+))?\]$")
_BARE_REG = re.compile(r"^[a-z]\w*$")


class Argument(NamedTuple):
    """One argument of one probe site.

    ``kind``: "constant" (``constant``), "register" (``register``), "memory" (at
    ``register`` + ``offset``, plus ``index``*``scale`` when indexed, or at symbol
    ``ident`` + ``offset`` relative to ``register``, usually ip), or "unknown".
    """
    size: int
    signed: bool
    kind: str
    text: str
    constant: int = 0
    register: str = ""
    offset: int = 0
    index: str = ""
    scale: int = 1
    ident: str = ""

    @property
    def ctype(self) -> str:
        """The C type of the value, as BCC names it (``int32_t``, ``uint64_t``...)."""
        return f"{'' if self.signed else 'u'}int{self.size * 8}_t"

    def location(self) -> str:
        """Where the value is, in BCC's words (``ax``, ``*(sp + 112)``, ``5``)."""
        if self.kind == "constant":
            return str(self.constant)
        if self.kind == "register":
            return self.register
        if self.kind == "memory":
            sign = "+" if self.offset >= 0 else "-"
            if self.ident:
                return f"*(&{self.ident} {sign} {abs(self.offset)})"
            index = ""
            if self.index:
                index = f" + {self.index}" + (f" * {self.scale}" if self.scale != 1 else "")
            return f"*({self.register} {sign} {abs(self.offset)}{index})"
        return f"unrecognized argument format {self.text!r}"

    def __str__(self):
        return (f"{self.size} {'signed  ' if self.signed else 'unsigned'} bytes @ "
                f"{self.location()}")


def _int(text: str | None) -> int:
    return int(text, 0) if text else 0


def _reg(name: str) -> str:
    return _X86_REGS.get(name, name)


def parse_argument(text: str) -> Argument:
    """One ``size@operand`` spec; an operand pybpf cannot classify is kind "unknown"."""
    size_text, at, operand = text.partition("@")
    if not at:   # no size given: sdt.h's default is a long
        size_text, operand = "8", text
    try:
        size = int(size_text)
    except ValueError:
        size, operand = 8, text
    signed, size = size < 0, abs(size) or 8
    base = dict(size=size, signed=signed, text=text)
    m = _CONST.match(operand)
    if m and (operand.startswith("$") or not operand.startswith("%")):
        return Argument(kind="constant", constant=_int(m.group(1)), **base)
    m = _REG.match(operand)
    if m:
        return Argument(kind="register", register=_reg(m.group(1)), **base)
    m = _DEREF.match(operand)
    if m:
        return Argument(kind="memory", register=_reg(m.group(2)), offset=_int(m.group(1)),
                        **base)
    m = _SIB.match(operand)
    if m:
        return Argument(kind="memory", register=_reg(m.group(2)), offset=_int(m.group(1)),
                        index=_reg(m.group(3)), scale=_int(m.group(4)) or 1, **base)
    m = _IDENT.match(operand)
    if m:
        return Argument(kind="memory", register=_reg(m.group(3)), offset=_int(m.group(2)),
                        ident=m.group(1), **base)
    m = _ARM_DEREF.match(operand)
    if m:
        return Argument(kind="memory", register=m.group(1), offset=_int(m.group(2)), **base)
    if _BARE_REG.match(operand):
        return Argument(kind="register", register=operand, **base)
    return Argument(kind="unknown", **base)


def parse_arguments(spec: str) -> list[Argument]:
    """Every argument of a probe site's spec string (space separated)."""
    return [parse_argument(a) for a in spec.split()]
