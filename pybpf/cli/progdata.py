"""A loaded program's code as the kernel reports it, for ``prog dump xlated|jited``.

:class:`ProgramCode` fetches the translated instructions, the JIT image, func_info and
line_info (with the program's BTF for signatures and source lines) and the JIT symbols,
and builds the records :mod:`pybpf.cli.xlated` (BPF) and :func:`jited` (x86-64, through
the pure-Python :mod:`pybpf.cli.x86dis`: no libbfd needed) print.
"""
from __future__ import annotations

import functools
import os
import struct

from . import xlated
from .btfdump import RawBtf


def kallsyms():
    """The kernel symbol table, or None when /proc/kallsyms cannot be read."""
    from ..syms.kallsyms import kernel_symbols

    try:
        return kernel_symbols()
    except OSError:
        return None


def ksym_exact(addr: int) -> str | None:
    """The kernel symbol starting exactly at ``addr`` (bpftool's bsearch), or None."""
    from ..syms.kallsyms import exact_symbol

    if not addr:
        return None
    try:
        return exact_symbol(addr)
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def helper_names() -> dict[int, str]:
    """Helper ids to names (``bpf_map_lookup_elem``), from the kernel's enum bpf_func_id."""
    try:
        with open("/sys/kernel/btf/vmlinux", "rb") as f:
            btf = RawBtf(f.read())
    except (OSError, ValueError):
        return {}
    tid = btf.find("bpf_func_id")
    if tid is None:
        return {}
    return {val: "bpf_" + name[len("BPF_FUNC_"):] for name, val in btf.type(tid).extra
            if name.startswith("BPF_FUNC_") and name != "BPF_FUNC_unspec"}


def _source_line(path: str, line_num: int) -> str:
    """A line of the source file when BTF has none (objects built from stdin), if the file
    is still where the compiler saw it (or the path, shortened, is under the cwd)."""
    parts = path.split("/")
    candidates = [path] + ["/".join(parts[i:]) for i in range(1, len(parts))]
    for cand in candidates:
        if cand and os.path.isfile(cand):
            try:
                with open(cand, errors="replace") as f:
                    for n, text in enumerate(f, 1):
                        if n == line_num:
                            return text.rstrip("\n")
            except OSError:
                return ""
            return ""
    return ""


class ProgramCode:
    """Instructions, JIT image, func/line info and BTF of the program behind ``fd``."""

    def __init__(self, fd: int):
        from .._libbpf import syscalls as sc

        self.code = sc.prog_code(fd)
        self.info = sc.prog_info(fd)
        self.btf: RawBtf | None = None
        if self.code["btf_id"]:
            btf_fd = sc.fd_by_id("btf", self.code["btf_id"])
            try:
                self.btf = RawBtf(sc.btf_info_raw(btf_fd)["data"])
            finally:
                os.close(btf_fd)

    # --- BTF-derived info -----------------------------------------------------------------
    def funcs(self) -> list[xlated.FuncInfo]:
        blob, size = self.code["func_info"], self.code["func_info_rec_size"]
        out = []
        for i in range(0, len(blob) - size + 1 if size else 0, size or 1):
            insn_off, type_id = struct.unpack_from("<II", blob, i)
            proto = self.btf.type_only(type_id) if self.btf else ""
            name = self.btf.type(type_id).name if self.btf else ""
            out.append(xlated.FuncInfo(insn_off, proto, name))
        return out

    def lines(self) -> list[xlated.LineInfo]:
        blob, size = self.code["line_info"], self.code["line_info_rec_size"]
        out = []
        if not self.btf or not size:
            return out
        for i in range(0, len(blob) - size + 1, size):
            insn_off, file_off, line_off, line_col = struct.unpack_from("<IIII", blob, i)
            file, line = self.btf.string(file_off), self.btf.string(line_off)
            if not line.strip() and file:
                line = _source_line(file, line_col >> 10)
            out.append(xlated.LineInfo(insn_off, file, line, line_col >> 10, line_col & 0x3FF))
        return out

    def ksyms(self) -> list[int]:
        blob = self.code["jited_ksyms"]
        return [v for (v,) in struct.iter_unpack("<Q", blob[:len(blob) // 8 * 8])]

    def func_lens(self) -> list[int]:
        blob = self.code["jited_func_lens"]
        return [v for (v,) in struct.iter_unpack("<I", blob[:len(blob) // 4 * 4])]

    def jited_line_addrs(self) -> list[int]:
        blob, size = self.code["jited_line_info"], self.code["jited_line_info_rec_size"]
        if not size:
            return []
        return [struct.unpack_from("<Q", blob, i)[0] for i in range(0, len(blob), size)]

    # --- dumps -----------------------------------------------------------------------------
    def xlated(self, opcodes: bool = False, linum: bool = False) -> list[dict]:
        insns = xlated.decode(self.code["xlated_prog_insns"])
        funcs = self.funcs()
        helpers = None
        if any(i.code == (xlated.JMP | xlated.CALL) and i.src == 0 and 0 <= i.imm < 1024
               for i in insns):
            helpers = helper_names()
        names = KernelNames(self.ksyms(), funcs)
        return xlated.dump(insns, funcs=funcs, lines=self.lines(), names=names,
                           helper_names=helpers, opcodes=opcodes, linum=linum)

    def jited(self, opcodes: bool = False, linum: bool = False) -> list[dict]:
        """One record per JIT-compiled function: ``{"proto"?, "name", "insns"}``."""
        from .x86dis import disassemble

        image = self.code["jited_prog_insns"]
        if not image:
            return []
        ksyms, lens = self.ksyms(), self.func_lens() or [len(image)]
        funcs, lines, addrs = self.funcs(), self.lines(), self.jited_line_addrs()
        out, pos = [], 0
        for idx, length in enumerate(lens):
            base = ksyms[idx] if idx < len(ksyms) else 0
            name = (ksym_exact(base) or f"0x{base:016x}") if base else "unknown"
            func: dict = {}
            if idx < len(funcs) and funcs[idx].proto:
                func["proto"] = funcs[idx].proto
            func["name"] = name
            start = funcs[idx].insn_off if idx < len(funcs) else 0
            end = funcs[idx + 1].insn_off if idx + 1 < len(funcs) else 1 << 62
            mine = [(addrs[j], li) for j, li in enumerate(lines)
                    if j < len(addrs) and start <= li.insn_off < end]
            insns, nr_skip = [], 0
            for ins in disassemble(image[pos:pos + length], base):
                rec: dict = {}
                li = _lfind_addr(mine, ins.address, nr_skip)
                if li is not None:
                    rec["src"] = li.line.lstrip()
                    if linum:
                        rec.update(file=li.file, line_num=li.line_num, line_col=li.line_col)
                    nr_skip += 1
                rec["pc"] = f"{ins.address - base:#x}"
                rec["operation"] = ins.mnemonic
                rec["operands"] = split_operands(ins.operands)
                target = call_target(ins, base, length)
                if target:
                    rec["target"] = target
                if opcodes:
                    rec["opcodes"] = [f"0x{b:02x}" for b in ins.raw]
                insns.append(rec)
            func["insns"] = insns
            out.append(func)
            pos += length
        return out


def _lfind_addr(recs, addr: int, nr_skip: int):
    """libbpf's ``bpf_prog_linfo__lfind_addr_func`` over one function's records."""
    if nr_skip >= len(recs) or addr < recs[nr_skip][0]:
        return None
    found = None
    for jaddr, li in recs[nr_skip:]:
        if addr < jaddr:
            break
        found = li
    return found


def split_operands(text: str) -> list[str]:
    """AT&T operands split at top-level commas (``0x8(%rdi,%rsi,1),%rax`` is two)."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def call_target(ins, base: int, length: int) -> str | None:
    """The kernel symbol a call/jump outside the function lands on (``bpf_trace_printk``,
    ``__bpf_prog_exit+0x10``), for the ``# ...`` comment of the text dump."""
    if not ins.mnemonic.startswith(("call", "jmp")) or not ins.operands.startswith("0x"):
        return None
    try:
        target = int(ins.operands.split()[0], 16)
    except ValueError:
        return None
    if base <= target < base + length:
        return None
    syms = kallsyms()
    found = syms.resolve(target) if syms is not None else None
    if not found:
        return None
    name, offset, _module = found
    return name if offset == 0 else f"{name}+{offset:#x}"


def jited_text(funcs: list[dict]) -> str:
    """bpftool's plain layout of :meth:`ProgramCode.jited` (with x86dis's line format)."""
    out = []
    for func in funcs:
        if "proto" in func:
            out.append(f"{func['proto']}:")
        out.append(f"{func['name']}:")
        for rec in func["insns"]:
            if "src" in rec:
                if "line_num" in rec:
                    out.append(f"; {rec['src']} [file:{rec.get('file', '')} "
                               f"line_num:{rec['line_num']} line_col:{rec.get('line_col', 0)}]")
                else:
                    out.append(f"; {rec['src']}")
            ops = ",".join(rec["operands"])
            body = f"{rec['operation']:<6} {ops}" if ops else rec["operation"]
            if "target" in rec:
                body += f"  # {rec['target']}"
            out.append(f"{int(rec['pc'], 16):4x}:\t{body}")
            if "opcodes" in rec:
                out.append("\t" + " ".join(b[2:] for b in rec["opcodes"]))
        out.append("")
    return "\n".join(out).rstrip("\n")


class KernelNames(xlated.Names):
    """bpftool's callbacks: helpers and kfuncs by kallsyms (``__bpf_call_base`` + imm),
    BPF-to-BPF calls by the callee's JIT symbol, or by its BTF name when there is none."""

    def __init__(self, ksyms: list[int], funcs: list[xlated.FuncInfo]):
        self.ksyms = ksyms
        self.funcs = {f.insn_off: f.name for f in funcs}
        syms = kallsyms()
        self.call_base = (syms.address("__bpf_call_base") or 0) if syms else 0

    def helper(self, insn):
        addr = (self.call_base + insn.imm) & ((1 << 64) - 1)
        return ksym_exact(addr) or f"{addr:#x}"

    def subprog(self, insn, index):
        callee = self.funcs.get(index + insn.off + 1)
        if self.ksyms and 0 <= insn.imm < len(self.ksyms):
            addr = self.ksyms[insn.imm]
            sym = ksym_exact(addr)
            if sym:
                return f"{insn.off:+d}#{sym}"
            if callee:
                return f"{insn.off:+d}#{callee}"
            return f"{insn.off:+d}#{addr:#x}"
        return f"{insn.off:+d}#{callee}" if callee else f"{insn.off:+d}"
