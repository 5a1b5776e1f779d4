r"""A small pure-Python x86-64 disassembler for BPF JIT images.

Debian's ``bpftool`` is built without libbfd, so it cannot show the native
code of a JIT-compiled program.  This module decodes the instruction
repertoire used by the Linux kernel's x86-64 BPF JIT
(``arch/x86/net/bpf_jit_comp.c``) plus the usual neighbours, and prints it in
AT&T syntax the way GNU objdump (and bpftool linked with libbfd) does::

    >>> insns = disassemble(bytes.fromhex("554889e5e800000000c9c3"), 0x10)
    >>> [(hex(i.address), i.text) for i in insns]  # doctest: +NORMALIZE_WHITESPACE
    [('0x10', 'push   %rbp'), ('0x11', 'mov    %rsp,%rbp'),
     ('0x14', 'call   0x19'), ('0x19', 'leave'), ('0x1a', 'ret')]
    >>> format_insn(insns[1])
    '  11:\tmov    %rsp,%rbp'

Decoding never raises: bytes that are not understood become a one-byte
``(bad)`` entry (or ``.byte 0x..`` when the buffer ends in the middle of an
instruction) and decoding resumes at the next byte.

The text follows objdump 2.40 closely, including its quirks: unused prefixes
are printed by name (``data16``, ``rex.W``, ``cs``, ``repz``, ``bnd``,
``notrack``), size suffixes appear only where no register operand fixes the
operand size (``movl $0x1,0x8(%rdi)``, ``incq (%rax)``), immediates are printed
as unsigned values of the operand size, displacements as signed values, and
RIP-relative operands get a ``# target`` comment.
"""

from __future__ import annotations

from typing import Iterable, List, NamedTuple, Optional

__all__ = ["Insn", "disassemble", "format_insn", "format_insns"]

MASK64 = (1 << 64) - 1


class Insn(NamedTuple):
    """One decoded instruction."""

    address: int
    size: int
    raw: bytes
    mnemonic: str
    operands: str

    @property
    def text(self) -> str:
        """objdump-like ``mnemonic operands`` (mnemonic padded to 6 columns)."""
        if self.operands:
            return "%-6s %s" % (self.mnemonic, self.operands)
        return self.mnemonic


# --------------------------------------------------------------------------
# register names

_R64 = ["%rax", "%rcx", "%rdx", "%rbx", "%rsp", "%rbp", "%rsi", "%rdi",
        "%r8", "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15"]
_R32 = ["%eax", "%ecx", "%edx", "%ebx", "%esp", "%ebp", "%esi", "%edi",
        "%r8d", "%r9d", "%r10d", "%r11d", "%r12d", "%r13d", "%r14d", "%r15d"]
_R16 = ["%ax", "%cx", "%dx", "%bx", "%sp", "%bp", "%si", "%di",
        "%r8w", "%r9w", "%r10w", "%r11w", "%r12w", "%r13w", "%r14w", "%r15w"]
_R8REX = ["%al", "%cl", "%dl", "%bl", "%spl", "%bpl", "%sil", "%dil",
          "%r8b", "%r9b", "%r10b", "%r11b", "%r12b", "%r13b", "%r14b", "%r15b"]
_R8 = ["%al", "%cl", "%dl", "%bl", "%ah", "%ch", "%dh", "%bh"]
_RNAMES = {64: _R64, 32: _R32, 16: _R16}
_SUFFIX = {8: "b", 16: "w", 32: "l", 64: "q"}

_ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]
_SHIFT = ["rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"]
_GRP3 = ["test", "test", "not", "neg", "mul", "imul", "div", "idiv"]
_CC = ["o", "no", "b", "ae", "e", "ne", "be", "a",
       "s", "ns", "p", "np", "l", "ge", "le", "g"]

# REX bits
_REX_W, _REX_R, _REX_X, _REX_B, _REX_OP = 8, 4, 2, 1, 0x40

# legacy prefixes: byte -> (kind, name)
_PREFIXES = {
    0x66: ("data", "data16"),
    0x67: ("addr", "addr32"),
    0xF0: ("lock", "lock"),
    0xF2: ("repnz", "repnz"),
    0xF3: ("repz", "repz"),
    0x26: ("seg", "es"),
    0x2E: ("seg", "cs"),
    0x36: ("seg", "ss"),
    0x3E: ("seg", "ds"),
    0x64: ("seg", "fs"),
    0x65: ("seg", "gs"),
}


def _rex_name(rex: int) -> str:
    bits = "".join(c for c, b in (("W", 8), ("R", 4), ("X", 2), ("B", 1)) if rex & b)
    return "rex." + bits if bits else "rex"


def _prefix_name(byte: int) -> str:
    if 0x40 <= byte <= 0x4F:
        return _rex_name(byte)
    return _PREFIXES[byte][1]


def _disp(value: int) -> str:
    """Signed displacement the way objdump prints it (``-0x8``, ``0x0``)."""
    if value < 0:
        return "-0x%x" % -value
    return "0x%x" % value


def _sext(value: int, bits: int) -> int:
    sign = 1 << (bits - 1)
    return (value & (sign - 1)) - (value & sign)


class _Truncated(Exception):
    pass


class _Bad(Exception):
    pass


class _Decoder:
    """Decodes exactly one instruction starting at ``pos``."""

    def __init__(self, code: bytes, pos: int, address: int):
        self.code = code
        self.start = pos
        self.pos = pos
        self.address = address          # address of code[pos]
        self.prefixes: List[int] = []   # prefix bytes in order
        self.last = {}                  # prefix kind -> index of last one
        self.used = set()               # indices of consumed prefixes
        self.rename = {}                # index -> printed name (bnd, xacquire..)
        self.rex = 0
        self.rex_used = 0
        self.vex = False
        self.modrm_byte: Optional[int] = None
        self.rip_disp: Optional[int] = None
        self.mnem_extra = ""
        self.active_seg = 0             # last fs/gs prefix byte
        self.hle = 0                    # 1: lockable, 2: xchg, 3: mov store

    # -- byte access -------------------------------------------------------
    def byte(self) -> int:
        if self.pos >= len(self.code):
            raise _Truncated()
        b = self.code[self.pos]
        self.pos += 1
        return b

    def peek(self) -> int:
        if self.pos >= len(self.code):
            raise _Truncated()
        return self.code[self.pos]

    def uint(self, n: int) -> int:
        if self.pos + n > len(self.code):
            raise _Truncated()
        v = int.from_bytes(self.code[self.pos:self.pos + n], "little")
        self.pos += n
        return v

    def sint(self, n: int) -> int:
        return _sext(self.uint(n), 8 * n)

    def next_address(self) -> int:
        return self.address + (self.pos - self.start)

    # -- prefixes ----------------------------------------------------------
    def has(self, kind: str) -> bool:
        return kind in self.last

    def use(self, kind: str) -> bool:
        idx = self.last.get(kind)
        if idx is None:
            return False
        self.used.add(idx)
        return True

    def prefix_names(self) -> List[str]:
        names = []
        for i, b in enumerate(self.prefixes):
            if 0x40 <= b <= 0x4F:
                if self.vex or (self.rex ^ self.rex_used) == 0:
                    continue
                names.append(_rex_name(b))
            elif i in self.rename:
                names.append(self.rename[i])
            elif i not in self.used or b == 0xF0:
                names.append(_PREFIXES[b][1])
        return names

    def bnd(self) -> None:
        idx = self.last.get("repnz")
        if idx is not None:
            self.rename[idx] = "bnd"

    # -- REX / operand size ------------------------------------------------
    def rexbit(self, bit: int) -> bool:
        if self.rex & bit:
            self.rex_used |= bit | _REX_OP
            return True
        return False

    def vsize(self) -> int:
        if self.rexbit(_REX_W):
            return 64
        if self.use("data"):
            return 16
        return 32

    def stack_size(self) -> int:
        # push/pop default to 64 bits; REX.W is ignored (objdump still
        # reports it as unused) but it does cancel a 66 prefix.
        if self.rex & _REX_W:
            return 64
        return 16 if self.use("data") else 64

    def reg(self, num: int, size: int) -> str:
        if size == 8:
            if num & 4:
                self.rex_used |= _REX_OP
            if self.rex or self.vex:
                return _R8REX[num]
            return _R8[num]
        return _RNAMES[size][num]

    # -- ModRM -------------------------------------------------------------
    def modrm(self) -> int:
        if self.modrm_byte is None:
            self.modrm_byte = self.byte()
        return self.modrm_byte

    @property
    def mod(self) -> int:
        return self.modrm() >> 6

    @property
    def regf(self) -> int:
        return (self.modrm() >> 3) & 7

    @property
    def rm(self) -> int:
        return self.modrm() & 7

    def is_mem(self) -> bool:
        return self.mod != 3

    def sfx(self, size: int) -> str:
        return _SUFFIX[size] if self.is_mem() else ""

    def G(self, size: int) -> str:
        num = self.regf | (8 if self.rexbit(_REX_R) else 0)
        return self.reg(num, size)

    def E(self, size: int) -> str:
        if self.mod == 3:
            num = self.rm | (8 if self.rexbit(_REX_B) else 0)
            return self.reg(num, size)
        return self.mem()

    def M(self) -> str:
        if self.mod == 3:
            raise _Bad()
        return self.mem()

    def segment(self) -> str:
        # In 64-bit mode only fs/gs select a segment; like objdump, the
        # *last* segment prefix is the one counted as consumed.
        if not self.active_seg:
            return ""
        self.use("seg")
        return "%fs:" if self.active_seg == 0x64 else "%gs:"

    def hle_fixup(self) -> None:
        """xacquire/xrelease names for F2/F3 on HLE-capable memory ops."""
        if not self.hle or self.modrm_byte is None or not self.is_mem():
            return
        rz, rnz = self.last.get("repz"), self.last.get("repnz")
        if self.hle == 3:
            if rz is not None and (rnz is None or rz > rnz):
                self.rename[rz] = "xrelease"
            return
        if self.hle == 1 and not self.has("lock"):
            return
        if rz is not None:
            self.rename[rz] = "xrelease"
        if rnz is not None:
            self.rename[rnz] = "xacquire"

    def mem(self) -> str:
        addr32 = self.use("addr")
        regs = _R32 if addr32 else _R64
        mod, rm = self.mod, self.rm
        havesib = rm == 4
        scale = 0
        vindex = 4
        base = rm
        if havesib:
            sib = self.byte()
            scale = sib >> 6
            vindex = ((sib >> 3) & 7) | (8 if self.rexbit(_REX_X) else 0)
            base = sib & 7
        haveindex = vindex != 4
        rbase = base | (8 if self.rexbit(_REX_B) else 0)
        havebase = True
        riprel = False
        disp = 0
        if mod == 0:
            if base == 5:
                havebase = False
                riprel = not havesib
                disp = self.sint(4)
        elif mod == 1:
            disp = self.sint(1)
        else:
            disp = self.sint(4)

        needindex = False
        if havesib and not havebase and not haveindex and addr32:
            disp &= 0xFFFFFFFF
            needindex = True
        havedisp = havebase or needindex or (havesib and (haveindex or scale != 0))

        out = self.segment()
        if mod != 0 or base == 5:
            if havedisp or riprel:
                out += _disp(disp)
            else:
                out += "0x%x" % (disp & MASK64)
            if riprel:
                out += "(%eip)" if addr32 else "(%rip)"
                self.rip_disp = disp
        if havedisp:
            out += "("
            if havebase:
                out += regs[rbase]
            if havesib and (scale != 0 or needindex or haveindex
                            or (havebase and base != 4)):
                out += "," + (regs[vindex] if haveindex
                              else ("%eiz" if addr32 else "%riz"))
                out += ",%d" % (1 << scale)
            out += ")"
        return out

    # -- immediates / branch targets ---------------------------------------
    def imm(self, size: int, nbytes: Optional[int] = None) -> str:
        """Immediate of ``nbytes`` sign-extended to ``size`` bits."""
        if nbytes is None:
            nbytes = min(size, 32) // 8   # Iz
        v = self.sint(nbytes)
        return "$0x%x" % (v & ((1 << size) - 1))

    def rel(self, nbytes: int) -> str:
        disp = self.sint(nbytes)
        mask = 0xFFFF if nbytes == 2 else MASK64
        return "0x%x" % ((self.next_address() + disp) & mask)

    def rel_v(self) -> int:
        """Size of a rel16/32 branch displacement (objdump: 66 means rel16)."""
        if not self.rex & _REX_W and self.use("data"):
            return 2
        return 4

    # -- top level ---------------------------------------------------------
    def decode(self):
        # prefixes
        while True:
            b = self.peek()
            if b in _PREFIXES or 0x40 <= b <= 0x4F or (b == 0x9B and self.rex):
                if self.rex:
                    # A REX prefix followed by another prefix is ignored: the
                    # prefixes so far form an instruction of their own.
                    names = [_prefix_name(p) for p in self.prefixes]
                    return " ".join(names), ""
                self.pos += 1
                idx = len(self.prefixes)
                self.prefixes.append(b)
                if 0x40 <= b <= 0x4F:
                    self.rex = b
                    self.last["rex"] = idx
                else:
                    self.last[_PREFIXES[b][0]] = idx
                    if b in (0x64, 0x65):
                        self.active_seg = b
                continue
            break
        op = self.byte()
        if op == 0x0F:
            mnem, ops = self.two_byte(self.byte())
        elif op in (0xC4, 0xC5):
            mnem, ops = self.vex_insn(op)
        else:
            mnem, ops = self.one_byte(op)
        text = ",".join(ops)
        if self.rip_disp is not None:
            text += "        # 0x%x" % ((self.next_address() + self.rip_disp) & MASK64)
        mnem += self.mnem_extra
        self.hle_fixup()
        names = self.prefix_names()
        if names:
            mnem = " ".join(names + [mnem])
        return mnem, text

    # -- one-byte opcode map -------------------------------------------------
    def one_byte(self, op: int):
        if op < 0x40 and (op & 7) < 6:
            name = _ALU[op >> 3]
            form = op & 7
            if form < 2 and name != "cmp":
                self.hle = 1
            if form == 0:
                return name, [self.G(8), self.E(8)]
            if form == 1:
                sz = self.vsize()
                return name, [self.G(sz), self.E(sz)]
            if form == 2:
                return name, [self.E(8), self.G(8)]
            if form == 3:
                sz = self.vsize()
                return name, [self.E(sz), self.G(sz)]
            if form == 4:
                return name, [self.imm(8, 1), "%al"]
            sz = self.vsize()
            return name, [self.imm(sz), self.reg(0, sz)]
        if 0x50 <= op <= 0x5F:
            num = (op & 7) | (8 if self.rexbit(_REX_B) else 0)
            return ("push" if op < 0x58 else "pop"), [self.reg(num, self.stack_size())]
        if op == 0x63:
            self.modrm()
            if self.rex & _REX_W:
                sz = self.vsize()
                if not self.is_mem():
                    self.use("data")    # objdump quirk: data16 only shown for memory
                return "movslq", [self.E(32), self.G(sz)]
            sz = self.vsize()
            return "movsxd", [self.E(32), self.G(sz)]
        if op in (0x68, 0x6A):
            n = 1 if op == 0x6A else None
            if self.stack_size() == 16:
                return "pushw", [self.imm(16, n or 2)]
            return "push", [self.imm(64, n or 4)]
        if op in (0x69, 0x6B):
            self.modrm()
            sz = self.vsize()
            e = self.E(sz)
            i = self.imm(sz) if op == 0x69 else self.imm(sz, 1)
            return "imul", [i, e, self.G(sz)]
        if 0x70 <= op <= 0x7F:
            return self.jcc(op & 0xF, 1)
        if op in (0x80, 0x81, 0x83):
            self.modrm()
            name = _ALU[self.regf]
            if name != "cmp":
                self.hle = 1
            sz = 8 if op == 0x80 else self.vsize()
            e = self.E(sz)
            i = self.imm(sz, 1) if op != 0x81 else self.imm(sz)
            return name + self.sfx(sz), [i, e]
        if op in (0x84, 0x85, 0x86, 0x87, 0x88, 0x89):
            name = ("test", "xchg", "mov")[(op - 0x84) >> 1]
            self.hle = {"xchg": 2, "mov": 3}.get(name, 0)
            self.modrm()
            sz = 8 if op % 2 == 0 else self.vsize()
            return name, [self.G(sz), self.E(sz)]
        if op in (0x8A, 0x8B):
            self.modrm()
            sz = 8 if op == 0x8A else self.vsize()
            return "mov", [self.E(sz), self.G(sz)]
        if op == 0x8D:
            self.modrm()
            sz = self.vsize()
            return "lea", [self.M(), self.G(sz)]
        if op == 0x8F:
            self.modrm()
            if self.regf != 0:
                raise _Bad()
            sz = self.stack_size()
            return "pop" + ("w" if sz == 16 and self.is_mem() else ""), [self.E(sz)]
        if op == 0x90:
            if self.use("repz"):
                return "pause", []
            if self.rexbit(_REX_B):
                sz = self.vsize()
                self.use("data")
                return "xchg", [self.reg(0, sz), self.reg(8, sz)]
            if self.use("data"):
                sz = 64 if self.rexbit(_REX_W) else 16
                return "xchg", [self.reg(0, sz), self.reg(0, sz)]
            return "nop", []
        if 0x91 <= op <= 0x97:
            num = (op & 7) | (8 if self.rexbit(_REX_B) else 0)
            sz = self.vsize()
            return "xchg", [self.reg(0, sz), self.reg(num, sz)]
        if op == 0x98:
            return {64: "cltq", 32: "cwtl", 16: "cbtw"}[self.vsize()], []
        if op == 0x99:
            return {64: "cqto", 32: "cltd", 16: "cwtd"}[self.vsize()], []
        if op in (0x9C, 0x9D):
            name = "pushf" if op == 0x9C else "popf"
            return name + ("w" if self.stack_size() == 16 else ""), []
        if 0xA0 <= op <= 0xA3:
            # objdump prints 67 here as "addr32 mov"
            name = "mov" if self.has("addr") else "movabs"
            addr = self.uint(4 if self.has("addr") else 8)
            moff = self.segment() + "0x%x" % addr
            sz = 8 if op in (0xA0, 0xA2) else self.vsize()
            acc = self.reg(0, sz)
            return name, ([moff, acc] if op <= 0xA1 else [acc, moff])
        if op == 0xA8:
            return "test", [self.imm(8, 1), "%al"]
        if op == 0xA9:
            sz = self.vsize()
            return "test", [self.imm(sz), self.reg(0, sz)]
        if 0xB0 <= op <= 0xB7:
            num = (op & 7) | (8 if self.rexbit(_REX_B) else 0)
            imm = self.imm(8, 1)
            return "mov", [imm, self.reg(num, 8)]
        if 0xB8 <= op <= 0xBF:
            num = (op & 7) | (8 if self.rexbit(_REX_B) else 0)
            sz = self.vsize()
            if sz == 64:
                return "movabs", ["$0x%x" % self.uint(8), self.reg(num, 64)]
            return "mov", [self.imm(sz), self.reg(num, sz)]
        if op in (0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3):
            self.modrm()
            name = _SHIFT[self.regf]
            sz = 8 if op % 2 == 0 else self.vsize()
            e = self.E(sz)
            name += self.sfx(sz)
            if op in (0xC0, 0xC1):
                return name, [self.imm(8, 1), e]
            if op in (0xD0, 0xD1):
                return name, [e]
            return name, ["%cl", e]
        if op in (0xC2, 0xC3):
            self.bnd()
            name = "retw" if self.stack_size() == 16 else "ret"
            if op == 0xC2:
                return name, ["$0x%x" % self.uint(2)]
            return name, []
        if op in (0xC6, 0xC7):
            self.modrm()
            if self.regf != 0:
                raise _Bad()
            self.hle = 3
            sz = 8 if op == 0xC6 else self.vsize()
            e = self.E(sz)
            i = self.imm(sz, 1) if op == 0xC6 else self.imm(sz)
            return "mov" + self.sfx(sz), [i, e]
        if op == 0xC9:
            return ("leavew" if self.stack_size() == 16 else "leave"), []
        if op == 0xCC:
            return "int3", []
        if op == 0xCD:
            return "int", ["$0x%x" % self.byte()]
        if op == 0xE3:
            self.hint()
            if self.use("addr"):
                return "jecxz", [self.rel(1)]
            return "jrcxz", [self.rel(1)]
        if op in (0xE8, 0xE9):
            self.bnd()
            name = "call" if op == 0xE8 else "jmp"
            n = self.rel_v()
            return name + ("w" if n == 2 else ""), [self.rel(n)]
        if op == 0xEB:
            self.bnd()
            return "jmp", [self.rel(1)]
        if op in _SIMPLE1:
            return _SIMPLE1[op], []
        if op in (0xF6, 0xF7):
            self.modrm()
            r = self.regf
            if r in (2, 3):
                self.hle = 1
            sz = 8 if op == 0xF6 else self.vsize()
            e = self.E(sz)
            name = _GRP3[r] + self.sfx(sz)
            if r < 2:
                i = self.imm(8, 1) if op == 0xF6 else self.imm(sz)
                return name, [i, e]
            return name, [e]
        if op == 0xFE:
            self.modrm()
            if self.regf > 1:
                raise _Bad()
            self.hle = 1
            return ("inc", "dec")[self.regf] + self.sfx(8), [self.E(8)]
        if op == 0xFF:
            self.modrm()
            r = self.regf
            if r < 2:
                self.hle = 1
                sz = self.vsize()
                return ("inc", "dec")[r] + self.sfx(sz), [self.E(sz)]
            if r in (2, 4):
                self.bnd()
                ds = self.last.get("seg")
                if (ds is not None and 0x3E in self.prefixes
                        and not self.has("data")):
                    self.rename[ds] = "notrack"
                sz = self.stack_size()
                name = ("call" if r == 2 else "jmp") + ("w" if sz == 16 and self.is_mem() else "")
                return name, ["*" + self.E(sz)]
            if r == 6:
                sz = self.stack_size()
                return "push" + ("w" if sz == 16 and self.is_mem() else ""), [self.E(sz)]
            raise _Bad()
        raise _Bad()

    def hint(self) -> None:
        """Branch hints: cs/ds on a conditional jump print as ,pn/,pt."""
        segs = {p for p in self.prefixes if p in (0x2E, 0x3E)}
        if len(segs) == 1:
            self.use("seg")
            self.mnem_extra = ",pt" if 0x3E in segs else ",pn"

    def jcc(self, cc: int, nbytes: int):
        self.bnd()
        self.hint()
        return "j" + _CC[cc], [self.rel(nbytes)]

    # -- two-byte opcode map (0F xx) -------------------------------------------
    def two_byte(self, op: int):
        if op in _SIMPLE2:
            return _SIMPLE2[op], []
        if op == 0x1E:
            m = self.modrm()
            if self.has("repz"):
                if m in (0xFA, 0xFB):
                    self.use("repz")
                    return ("endbr64" if m == 0xFA else "endbr32"), []
                if self.mod == 3 and self.regf == 1:
                    self.use("repz")
                    w = self.rexbit(_REX_W)
                    return ("rdsspq" if w else "rdsspd"), [self.E(64 if w else 32)]
            sz = self.vsize()
            self.use("data")
            return "nop" + self.sfx(sz), [self.E(sz)]
        if op == 0x1F:
            self.modrm()
            sz = self.vsize()
            return "nop" + self.sfx(sz), [self.E(sz)]
        if 0x40 <= op <= 0x4F:
            self.modrm()
            sz = self.vsize()
            return "cmov" + _CC[op & 0xF], [self.E(sz), self.G(sz)]
        if 0x80 <= op <= 0x8F:
            return self.jcc(op & 0xF, self.rel_v())
        if 0x90 <= op <= 0x9F:
            self.modrm()
            return "set" + _CC[op & 0xF], [self.E(8)]
        if op in (0xA3, 0xAB, 0xB3, 0xBB):
            self.modrm()
            sz = self.vsize()
            name = {0xA3: "bt", 0xAB: "bts", 0xB3: "btr", 0xBB: "btc"}[op]
            if op != 0xA3:
                self.hle = 1
            return name, [self.G(sz), self.E(sz)]
        if op in (0xA4, 0xA5, 0xAC, 0xAD):
            self.modrm()
            sz = self.vsize()
            name = "shld" if op < 0xA8 else "shrd"
            e = self.E(sz)
            cnt = self.imm(8, 1) if op in (0xA4, 0xAC) else "%cl"
            return name, [cnt, self.G(sz), e]
        if op == 0xAE:
            self.modrm()
            if (self.mod == 3 and self.regf >= 5 and not self.has("data")
                    and not self.has("repz") and not self.has("repnz")
                    and (self.regf == 5 or self.rm == 0)):
                return ("lfence", "mfence", "sfence")[self.regf - 5], []
            raise _Bad()
        if op == 0xAF:
            self.modrm()
            sz = self.vsize()
            return "imul", [self.E(sz), self.G(sz)]
        if op in (0xB0, 0xB1, 0xC0, 0xC1):
            self.modrm()
            self.hle = 1
            sz = 8 if op % 2 == 0 else self.vsize()
            return ("cmpxchg" if op < 0xC0 else "xadd"), [self.G(sz), self.E(sz)]
        if op in (0xB6, 0xB7, 0xBE, 0xBF):
            self.modrm()
            sz = self.vsize()
            src = 8 if op in (0xB6, 0xBE) else 16
            name = ("movz" if op < 0xB8 else "movs") + _SUFFIX[src] + _SUFFIX[sz]
            return name, [self.E(src), self.G(sz)]
        if op in (0xB8, 0xBC, 0xBD):
            self.modrm()
            if self.use("repz"):
                name = {0xB8: "popcnt", 0xBC: "tzcnt", 0xBD: "lzcnt"}[op]
            elif op == 0xB8 or self.has("repnz"):
                raise _Bad()
            else:
                name = "bsf" if op == 0xBC else "bsr"
                self.use("data")    # objdump treats 66 0F BC/BD as mandatory
            sz = self.vsize()
            return name, [self.E(sz), self.G(sz)]
        if op == 0xBA:
            self.modrm()
            r = self.regf
            if r < 4:
                raise _Bad()
            if r > 4:
                self.hle = 1
            sz = self.vsize()
            e = self.E(sz)
            return ("bt", "bts", "btr", "btc")[r - 4] + self.sfx(sz), [self.imm(8, 1), e]
        if 0xC8 <= op <= 0xCF:
            num = (op & 7) | (8 if self.rexbit(_REX_B) else 0)
            return "bswap", [self.reg(num, self.vsize())]
        raise _Bad()

    # -- VEX-encoded BMI1/BMI2 (shlx/sarx/shrx, ...) ------------------------------
    def vex_insn(self, first: int):
        b1 = self.byte()
        if first == 0xC4:
            b2 = self.byte()
            rex = ((0 if b1 & 0x80 else _REX_R) | (0 if b1 & 0x40 else _REX_X)
                   | (0 if b1 & 0x20 else _REX_B) | (_REX_W if b2 & 0x80 else 0))
            mmap = b1 & 0x1F
            tail = b2
        else:
            rex = 0 if b1 & 0x80 else _REX_R
            mmap = 1
            tail = b1
        vvvv = (~tail >> 3) & 0xF
        vlen = (tail >> 2) & 1
        pp = tail & 3
        if self.rex:
            raise _Bad()
        self.vex = True
        self.rex = rex
        op = self.byte()
        self.modrm()
        if vlen:
            raise _Bad()
        sz = 64 if rex & _REX_W else 32
        v = self.reg(vvvv, sz)
        if mmap == 2:
            if op == 0xF7:
                name = ("bextr", "shlx", "sarx", "shrx")[pp]
                return name, [v, self.E(sz), self.G(sz)]
            if op == 0xF2 and pp == 0:
                return "andn", [self.E(sz), v, self.G(sz)]
            if op == 0xF5 and pp != 1:
                if pp == 0:
                    return "bzhi", [v, self.E(sz), self.G(sz)]
                return ("pext" if pp == 2 else "pdep"), [self.E(sz), v, self.G(sz)]
            if op == 0xF6 and pp == 3:
                return "mulx", [self.E(sz), v, self.G(sz)]
        elif mmap == 3 and op == 0xF0 and pp == 3 and vvvv == 0:
            e = self.E(sz)
            return "rorx", [self.imm(8, 1), e, self.G(sz)]
        raise _Bad()


_SIMPLE1 = {
    0xF1: "int1", 0xF4: "hlt", 0xF5: "cmc", 0xF8: "clc", 0xF9: "stc", 0xFA: "cli",
    0xFB: "sti", 0xFC: "cld", 0xFD: "std", 0x9B: "fwait", 0x9E: "sahf",
    0x9F: "lahf",
}
_SIMPLE2 = {
    0x05: "syscall", 0x0B: "ud2", 0x31: "rdtsc", 0xA2: "cpuid",
}


def _decode_one(code: bytes, pos: int, address: int) -> Insn:
    dec = _Decoder(code, pos, address)
    try:
        mnem, ops = dec.decode()
        size = dec.pos - pos
    except _Truncated:
        first = code[pos]
        if first in _PREFIXES or 0x40 <= first <= 0x4F:
            mnem, ops = _prefix_name(first), ""
        else:
            mnem, ops = ".byte", "0x%x" % first
        size = 1
    except _Bad:
        mnem, ops, size = "(bad)", "", 1
    except Exception:  # pragma: no cover - defensive: never raise
        mnem, ops, size = "(bad)", "", 1
    return Insn(address, size, bytes(code[pos:pos + size]), mnem, ops)


def disassemble(code: bytes, address: int = 0) -> List[Insn]:
    """Decode all of ``code``, the first byte being at ``address``."""
    code = bytes(code)
    out: List[Insn] = []
    pos = 0
    while pos < len(code):
        insn = _decode_one(code, pos, (address + pos) & MASK64)
        out.append(insn)
        pos += insn.size
    return out


def format_insn(insn: Insn, opcodes: bool = False) -> str:
    """bpftool-style line: ``'   7:\\tpush   %rbp'``.

    With ``opcodes`` the raw bytes follow on a second, tab-indented line, as
    ``bpftool prog dump jited ... opcodes`` prints them.
    """
    line = "%4x:\t%s" % (insn.address, insn.text)
    if opcodes:
        line += "\n\t" + " ".join("%02x" % b for b in insn.raw)
    return line


def format_insns(insns: Iterable[Insn], opcodes: bool = False) -> str:
    """Join :func:`format_insn` lines with newlines."""
    return "\n".join(format_insn(i, opcodes) for i in insns)
