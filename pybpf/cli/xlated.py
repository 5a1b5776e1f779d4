"""BPF instructions as ``bpftool prog dump xlated`` prints them (pure Python).

:func:`insn_text` is the kernel's ``print_bpf_insn`` (kernel/bpf/disasm.c): the same text
the verifier log and bpftool show, e.g. ``(85) call bpf_trace_printk#-61360`` or
``(18) r1 = map[id:719][0]+0``. :func:`dump` walks a program with its BTF func_info and
line_info the way bpftool's ``dump_xlated_plain``/``_json`` do: a C signature before each
function (``int hello(struct xdp_md * ctx):``), ``; source line`` before the instructions
it produced, and BPF-to-BPF calls named after the function they call.

Calls and 64-bit immediates are named through a :class:`Names` object, so this module needs
no kernel: the unit tests feed it synthetic instructions.
"""
from __future__ import annotations

import struct
from typing import NamedTuple

# instruction classes and fields (uapi/linux/bpf.h, bpf_common.h)
LD, LDX, ST, STX, ALU, JMP, JMP32, ALU64 = range(8)
K, X = 0x00, 0x08
IMM, ABS, IND, MEM, MEMSX, ATOMIC = 0x00, 0x20, 0x40, 0x60, 0x80, 0xC0
W, H, B, DW = 0x00, 0x08, 0x10, 0x18
ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR, MOV, ARSH, END = (
    0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0, 0xC0, 0xD0)
JA, JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, CALL, EXIT, JLT, JLE, JSLT, JSLE, JCOND = (
    0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0, 0xC0, 0xD0, 0xE0)
TO_BE = 0x08
FETCH, XCHG, CMPXCHG, LOAD_ACQ, STORE_REL = 0x01, 0xE0 | 0x01, 0xF0 | 0x01, 0x100, 0x110
PSEUDO_MAP_FD, PSEUDO_MAP_VALUE, PSEUDO_BTF_ID, PSEUDO_FUNC = 1, 2, 3, 4
PSEUDO_MAP_IDX, PSEUDO_MAP_IDX_VALUE = 5, 6
PSEUDO_CALL, PSEUDO_KFUNC_CALL = 1, 2
ADDR_SPACE_CAST = 1
LD_IMM64 = LD | IMM | DW

CLASS = ["ld", "ldx", "st", "stx", "alu", "jmp", "jmp32", "alu64"]
ALU_OPS = {ADD: "+=", SUB: "-=", MUL: "*=", DIV: "/=", OR: "|=", AND: "&=", LSH: "<<=",
           RSH: ">>=", NEG: "neg", MOD: "%=", XOR: "^=", MOV: "=", ARSH: "s>>=", END: "endian"}
ALU_SIGNED = {DIV: "s/=", MOD: "s%="}
MOVSX = {8: "(s8)", 16: "(s16)", 32: "(s32)"}
ATOMIC_OPS = {ADD: "add", AND: "and", OR: "or", XOR: "xor"}
SIZES = {W: "u32", H: "u16", B: "u8", DW: "u64"}
SIGNED_SIZES = {W: "s32", H: "s16", B: "s8"}
JMP_OPS = {JA: "jmp", JEQ: "==", JGT: ">", JLT: "<", JGE: ">=", JLE: "<=", JSET: "&",
           JNE: "!=", JSGT: "s>", JSLT: "s<", JSGE: "s>=", JSLE: "s<=", CALL: "call",
           EXIT: "exit"}


class Insn(NamedTuple):
    code: int
    dst: int
    src: int
    off: int
    imm: int
    raw: bytes = b""


def decode(blob: bytes) -> list[Insn]:
    """8-byte instructions, little endian (registers: dst low nibble, src high)."""
    out = []
    for i in range(0, len(blob) - len(blob) % 8, 8):
        code, regs, off, imm = struct.unpack_from("<BBhi", blob, i)
        out.append(Insn(code, regs & 0xF, regs >> 4, off, imm, bytes(blob[i:i + 8])))
    return out


def encode(code: int, dst: int = 0, src: int = 0, off: int = 0, imm: int = 0) -> bytes:
    """One instruction as bytes (for tests and hand-made programs)."""
    return struct.pack("<BBhi", code, (src << 4) | dst, off, imm)


class Names:
    """How calls and immediates are named. The defaults print what the kernel's own
    disassembler prints without bpftool's callbacks; bpftool's are in :func:`bpftool_names`.
    """

    def helper(self, insn: Insn) -> str | None:
        """Name for a helper or kfunc call (src_reg 0 or 2), or None."""
        return None

    def subprog(self, insn: Insn, index: int) -> str | None:
        """The ``%+d#name`` text after ``call pc`` for a BPF-to-BPF call at ``index``."""
        return None

    def imm64(self, insn: Insn, next_insn: Insn | None, full: int) -> str:
        src = insn.src
        if src == PSEUDO_MAP_FD:
            return f"map[id:{insn.imm & 0xFFFFFFFF}]"
        second = (next_insn.imm if next_insn else 0) & 0xFFFFFFFF
        if src == PSEUDO_MAP_VALUE:
            return f"map[id:{insn.imm & 0xFFFFFFFF}][0]+{second}"
        if src == PSEUDO_MAP_IDX_VALUE:
            return f"map[idx:{insn.imm & 0xFFFFFFFF}]+{second}"
        if src == PSEUDO_FUNC:
            return f"subprog[{insn.imm:+d}]"
        return f"{full:#x}"


def _reg(cls: int) -> str:
    return "w" if cls in (ALU, JMP32) else "r"


def insn_text(insn: Insn, next_insn: Insn | None = None, names: Names | None = None,
              index: int = 0, helper_names: dict[int, str] | None = None) -> str:
    """One instruction as the kernel prints it, ``(code) ...`` (no trailing newline)."""
    names = names or Names()
    code, cls = insn.code, insn.code & 0x07
    op, srcbit, mode, size = code & 0xF0, code & 0x08, code & 0xE0, code & 0x18
    d, s, off, imm = insn.dst, insn.src, insn.off, insn.imm
    head = f"({code:02x})"
    if cls in (ALU, ALU64):
        r = _reg(cls)
        if op == END:
            if cls == ALU64:
                return f"{head} r{d} = bswap{imm} r{d}"
            return f"{head} r{d} = {'be' if srcbit == TO_BE else 'le'}{imm} r{d}"
        if op == NEG:
            return f"{head} {r}{d} = -{r}{d}"
        if code == (ALU64 | MOV | X) and off == ADDR_SPACE_CAST:
            return (f"{head} r{d} = addr_space_cast(r{s}, {(imm & 0xFFFFFFFF) >> 16}, "
                    f"{imm & 0xFFFF})")
        sym = ALU_SIGNED[op] if op in (DIV, MOD) and off == 1 else ALU_OPS.get(op, "?")
        if srcbit == X:
            sx = MOVSX.get(off, "") if op == MOV else ""
            return f"{head} {r}{d} {sym} {sx}{r}{s}"
        return f"{head} {r}{d} {sym} {imm}"
    if cls == STX:
        sz = SIZES[size]
        if mode == MEM:
            return f"{head} *({sz} *)(r{d} {off:+d}) = r{s}"
        if mode == ATOMIC:
            wide = "64" if size == DW else ""
            if imm in (ADD, AND, OR, XOR):
                return f"{head} lock *({sz} *)(r{d} {off:+d}) {ALU_OPS[imm]} r{s}"
            if imm in (ADD | FETCH, AND | FETCH, OR | FETCH, XOR | FETCH):
                return (f"{head} r{s} = atomic{wide}_fetch_{ATOMIC_OPS[imm & 0xF0]}"
                        f"(({sz} *)(r{d} {off:+d}), r{s})")
            if imm == CMPXCHG:
                return f"{head} r0 = atomic{wide}_cmpxchg(({sz} *)(r{d} {off:+d}), r0, r{s})"
            if imm == XCHG:
                return f"{head} r{s} = atomic{wide}_xchg(({sz} *)(r{d} {off:+d}), r{s})"
            if imm == LOAD_ACQ:
                return f"{head} r{d} = load_acquire(({sz} *)(r{s} {off:+d}))"
            if imm == STORE_REL:
                return f"{head} store_release(({sz} *)(r{d} {off:+d}), r{s})"
        return f"BUG_{code:02x}"
    if cls == ST:
        if mode == MEM:
            return f"{head} *({SIZES[size]} *)(r{d} {off:+d}) = {imm}"
        if mode == 0xC0:
            return f"{head} nospec"
        return f"BUG_st_{code:02x}"
    if cls == LDX:
        if mode not in (MEM, MEMSX) or (mode == MEMSX and size == DW):
            return f"BUG_ldx_{code:02x}"
        sz = SIZES[size] if mode == MEM else SIGNED_SIZES[size]
        return f"{head} r{d} = *({sz} *)(r{s} {off:+d})"
    if cls == LD:
        if mode == ABS:
            return f"{head} r0 = *({SIZES[size]} *)skb[{imm}]"
        if mode == IND:
            return f"{head} r0 = *({SIZES[size]} *)skb[r{s} + {imm}]"
        if mode == IMM and size == DW:
            hi = next_insn.imm if next_insn is not None else 0
            full = ((hi & 0xFFFFFFFF) << 32) | (imm & 0xFFFFFFFF)
            return f"{head} r{d} = {names.imm64(insn, next_insn, full)}"
        return f"BUG_ld_{code:02x}"
    # JMP / JMP32
    if op == CALL:
        if s == PSEUDO_CALL:
            return f"{head} call pc{names.subprog(insn, index) or f'{imm:+d}'}"
        name = None
        if s == 0 and helper_names and imm in helper_names:
            name = helper_names[imm]
        if name is None:
            name = names.helper(insn)
        if name is None:
            name = "kernel-function" if s == PSEUDO_KFUNC_CALL else "unknown"
        return f"{head} call {name}#{imm}"
    if code == (JMP | JA):
        return f"{head} goto pc{off:+d}"
    if code == (JMP | JCOND) and s == 0:
        return f"{head} may_goto pc{off:+d}"
    if code == (JMP32 | JA):
        return f"{head} gotol pc{imm:+d}"
    if code == (JMP | EXIT):
        return f"{head} exit"
    r = _reg(cls)
    sym = JMP_OPS.get(op, "?")
    if srcbit == X:
        return f"{head} if {r}{d} {sym} {r}{s} goto pc{off:+d}"
    return f"{head} if {r}{d} {sym} {imm & 0xFFFFFFFF:#x} goto pc{off:+d}"


# --- a whole program -----------------------------------------------------------------------

class LineInfo(NamedTuple):
    insn_off: int
    file: str
    line: str
    line_num: int
    line_col: int


class FuncInfo(NamedTuple):
    insn_off: int
    proto: str          # "int hello(struct xdp_md * ctx)" ("" without BTF)
    name: str


def lfind(lines: list[LineInfo], insn_off: int, nr_skip: int) -> LineInfo | None:
    """libbpf's ``bpf_prog_linfo__lfind``: the last record at or before ``insn_off``,
    looking from record ``nr_skip`` on."""
    if nr_skip >= len(lines) or insn_off < lines[nr_skip].insn_off:
        return None
    found = None
    for rec in lines[nr_skip:]:
        if insn_off < rec.insn_off:
            break
        found = rec
    return found


def dump(insns: list[Insn], *, funcs: list[FuncInfo] = (), lines: list[LineInfo] = (),
         names: Names | None = None, helper_names: dict[int, str] | None = None,
         opcodes: bool = False, linum: bool = False) -> list[dict]:
    """The program as bpftool's JSON records: ``{"proto"?, "src"?, "file"?, "line_num"?,
    "line_col"?, "disasm", "opcodes"?}`` per instruction (the second half of a 64-bit
    immediate load is folded into the first, as bpftool does: see :func:`pcs`)."""
    out = []
    funcs = sorted(funcs, key=lambda f: f.insn_off)
    lines = list(lines)
    by_off = {f.insn_off: f for f in funcs}
    nr_skip = 0
    i = 0
    while i < len(insns):
        insn = insns[i]
        rec: dict = {}
        f = by_off.get(i)
        if f is not None and f.proto:
            rec["proto"] = f.proto
        li = lfind(lines, i, nr_skip)
        if li is not None:
            rec["src"] = li.line.lstrip()
            if linum:
                if li.file:
                    rec["file"] = li.file
                if li.line_num:
                    rec["line_num"] = li.line_num
                if li.line_col:
                    rec["line_col"] = li.line_col
            nr_skip += 1
        double = insn.code == LD_IMM64
        nxt = insns[i + 1] if double and i + 1 < len(insns) else None
        rec["disasm"] = insn_text(insn, nxt, names, i, helper_names)
        if opcodes:
            raw = insn.raw + (nxt.raw if nxt is not None else b"")
            rec["opcodes"] = {"code": f"0x{insn.code:02x}", "src_reg": f"{insn.src:#x}",
                              "dst_reg": f"{insn.dst:#x}",
                              "off": [f"0x{b:02x}" for b in raw[2:4]],
                              "imm": [f"0x{b:02x}" for b in raw[4:8]] +
                              ([f"0x{b:02x}" for b in raw[8:16]] if nxt is not None else [])}
        out.append(rec)
        i += 2 if double else 1
    return out


def pcs(records: list[dict]) -> list[int]:
    """Instruction indexes of :func:`dump` records: a ``(18)`` 64-bit load takes two."""
    out, pc = [], 0
    for rec in records:
        out.append(pc)
        pc += 2 if rec["disasm"].startswith(f"({LD_IMM64:02x})") else 1
    return out


def text(records: list[dict]) -> str:
    """bpftool's plain layout of :func:`dump` records."""
    out = []
    for rec, pc in zip(records, pcs(records)):
        if "proto" in rec:
            out.append(f"{rec['proto']}:")
        if "src" in rec:
            if "file" in rec or "line_num" in rec:
                out.append(f"; {rec['src']} [file:{rec.get('file', '')} "
                           f"line_num:{rec.get('line_num', 0)} line_col:{rec.get('line_col', 0)}]")
            else:
                out.append(f"; {rec['src']}")
        out.append(f"{pc: 4d}: {rec['disasm']}")
        if "opcodes" in rec:
            raw = opcode_bytes(rec["opcodes"])
            groups = [" ".join(f"{b:02x}" for b in raw[j:j + 8]) for j in range(0, len(raw), 8)]
            out.append("       " + " ".join(groups))
    return "\n".join(out)


def opcode_bytes(op: dict) -> bytes:
    """The instruction bytes back from a record's ``opcodes`` (8, or 16 for ld_imm64)."""
    regs = (int(op["src_reg"], 16) << 4) | int(op["dst_reg"], 16)
    rest = [int(b, 16) for b in op["off"] + op["imm"]]
    return bytes([int(op["code"], 16), regs, *rest])
