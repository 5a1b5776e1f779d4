"""The BPF disassembler: the kernel's print_bpf_insn text and bpftool's dump layout."""
import pytest

from pybpf.cli import xlated as X
from pybpf.cli.xlated import FuncInfo, LineInfo, Names, decode, dump, encode, insn_text, text


def one(code, dst=0, src=0, off=0, imm=0, **kw):
    return insn_text(decode(encode(code, dst, src, off, imm))[0], **kw)


@pytest.mark.parametrize("insn, expected", [
    ((0xb7, 0, 0, 0, 2), "(b7) r0 = 2"),
    ((0xb4, 1, 0, 0, -1), "(b4) w1 = -1"),
    ((0xbf, 3, 0, 0, 0), "(bf) r3 = r0"),
    ((0x07, 1, 0, 0, 1), "(07) r1 += 1"),
    ((0x0f, 1, 2, 0, 0), "(0f) r1 += r2"),
    ((0x1f, 1, 2, 0, 0), "(1f) r1 -= r2"),
    ((0x27, 1, 0, 0, 3), "(27) r1 *= 3"),
    ((0x37, 1, 0, 1, 3), "(37) r1 s/= 3"),
    ((0x97, 1, 0, 1, 3), "(97) r1 s%= 3"),
    ((0x97, 1, 0, 0, 3), "(97) r1 %= 3"),
    ((0x67, 1, 0, 0, 32), "(67) r1 <<= 32"),
    ((0xc7, 1, 0, 0, 32), "(c7) r1 s>>= 32"),
    ((0x87, 4, 0, 0, 0), "(87) r4 = -r4"),
    ((0x84, 4, 0, 0, 0), "(84) w4 = -w4"),
    ((0xbf, 1, 2, 8, 0), "(bf) r1 = (s8)r2"),
    ((0xbc, 1, 2, 16, 0), "(bc) w1 = (s16)w2"),
    ((0xbf, 1, 2, 1, 1 << 16), "(bf) r1 = addr_space_cast(r2, 1, 0)"),
    ((0xdc, 1, 0, 0, 16), "(dc) r1 = be16 r1"),
    ((0xd4, 1, 0, 0, 32), "(d4) r1 = le32 r1"),
    ((0xd7, 1, 0, 0, 64), "(d7) r1 = bswap64 r1"),
    ((0x61, 3, 6, 0, 0), "(61) r3 = *(u32 *)(r6 +0)"),
    ((0x79, 0, 1, 8, 0), "(79) r0 = *(u64 *)(r1 +8)"),
    ((0x91, 0, 1, -2, 0), "(91) r0 = *(s8 *)(r1 -2)"),
    ((0x63, 10, 1, -4, 0), "(63) *(u32 *)(r10 -4) = r1"),
    ((0x7a, 10, 0, -8, 5), "(7a) *(u64 *)(r10 -8) = 5"),
    ((0xc3, 1, 2, 0, 0x00), "(c3) lock *(u32 *)(r1 +0) += r2"),
    ((0xdb, 1, 2, 8, 0x50), "(db) lock *(u64 *)(r1 +8) &= r2"),
    ((0xdb, 1, 2, 0, 0x01), "(db) r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)"),
    ((0xc3, 1, 2, 0, 0xa1), "(c3) r2 = atomic_fetch_xor((u32 *)(r1 +0), r2)"),
    ((0xdb, 1, 2, 0, 0xe1), "(db) r2 = atomic64_xchg((u64 *)(r1 +0), r2)"),
    ((0xdb, 1, 2, 0, 0xf1), "(db) r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)"),
    ((0x72, 0, 0, 0, 0), "(72) *(u8 *)(r0 +0) = 0"),
    ((0x30, 0, 0, 0, 12), "(30) r0 = *(u8 *)skb[12]"),
    ((0x40, 0, 7, 0, 2), "(40) r0 = *(u32 *)skb[r7 + 2]"),
    ((0x05, 0, 0, 3, 0), "(05) goto pc+3"),
    ((0x06, 0, 0, 0, -5), "(06) gotol pc-5"),
    ((0xe5, 0, 0, 4, 0), "(e5) may_goto pc+4"),
    ((0x15, 1, 0, 2, 0), "(15) if r1 == 0x0 goto pc+2"),
    ((0x55, 0, 0, -2, -1), "(55) if r0 != 0xffffffff goto pc-2"),
    ((0x2d, 1, 2, 5, 0), "(2d) if r1 > r2 goto pc+5"),
    ((0xa6, 1, 0, 1, 7), "(a6) if w1 < 0x7 goto pc+1"),
    ((0x6e, 1, 2, 1, 0), "(6e) if w1 s> w2 goto pc+1"),
    ((0x95, 0, 0, 0, 0), "(95) exit"),
    ((0x85, 0, 0, 0, 6), "(85) call unknown#6"),
    ((0x85, 0, 2, 0, 1234), "(85) call kernel-function#1234"),
    ((0x85, 0, 1, 0, 7), "(85) call pc+7"),
])
def test_kernel_text(insn, expected):
    assert one(*insn) == expected


def test_helper_names_come_first_for_helper_ids():
    assert one(0x85, imm=6, helper_names={6: "bpf_trace_printk"}) == \
        "(85) call bpf_trace_printk#6"


def test_ld_imm64_forms():
    def ld(src, lo, hi):
        return decode(encode(0x18, 1, src, 0, lo) + encode(0, 0, 0, 0, hi))

    a, b = ld(0, -1, 0x12)
    assert insn_text(a, b) == "(18) r1 = 0x12ffffffff"
    a, b = ld(1, 719, 0)
    assert insn_text(a, b) == "(18) r1 = map[id:719]"
    a, b = ld(2, 719, 4)
    assert insn_text(a, b) == "(18) r1 = map[id:719][0]+4"
    a, b = ld(6, 2, 8)
    assert insn_text(a, b) == "(18) r1 = map[idx:2]+8"
    a, b = ld(4, 5, 0)
    assert insn_text(a, b) == "(18) r1 = subprog[+5]"


class FakeNames(Names):
    def helper(self, insn):
        return {-61360: "bpf_trace_printk"}.get(insn.imm, f"0x{insn.imm & 0xffff:x}")

    def subprog(self, insn, index):
        return f"{insn.off:+d}#bpf_prog_abc_get_opcode"


PROG = (encode(0x85, 0, 1, 7, 1)            # 0: call pc+7 (subprog 1)
        + encode(0x18, 1, 2, 0, 719) + encode(0, 0, 0, 0, 0)   # 1-2: r1 = map value
        + encode(0xb7, 2, 0, 0, 12)          # 3
        + encode(0xbf, 3, 0, 0, 0)           # 4
        + encode(0x85, 0, 0, 0, -61360)      # 5: call bpf_trace_printk
        + encode(0xb7, 0, 0, 0, 0)           # 6
        + encode(0x95)                       # 7
        + encode(0x79, 0, 1, 8, 0)           # 8: get_opcode
        + encode(0x95))                      # 9
FUNCS = [FuncInfo(0, "int hello(struct bpf_raw_tracepoint_args * ctx)", "hello"),
         FuncInfo(8, "int get_opcode(struct bpf_raw_tracepoint_args * ctx)", "get_opcode")]
LINES = [LineInfo(0, "/src/hello-func.bpf.c", "    int opcode = get_opcode(ctx);", 14, 18),
         LineInfo(1, "/src/hello-func.bpf.c", 'bpf_printk("Syscall: %d", opcode);', 15, 5),
         LineInfo(6, "/src/hello-func.bpf.c", "return 0;", 16, 5),
         LineInfo(8, "/src/hello-func.bpf.c", "return ctx->args[1];", 8, 12),
         LineInfo(9, "/src/hello-func.bpf.c", "return ctx->args[1];", 8, 5)]

EXPECTED = """\
int hello(struct bpf_raw_tracepoint_args * ctx):
; int opcode = get_opcode(ctx);
   0: (85) call pc+7#bpf_prog_abc_get_opcode
; bpf_printk("Syscall: %d", opcode);
   1: (18) r1 = map[id:719][0]+0
   3: (b7) r2 = 12
   4: (bf) r3 = r0
   5: (85) call bpf_trace_printk#-61360
; return 0;
   6: (b7) r0 = 0
   7: (95) exit
int get_opcode(struct bpf_raw_tracepoint_args * ctx):
; return ctx->args[1];
   8: (79) r0 = *(u64 *)(r1 +8)
; return ctx->args[1];
   9: (95) exit"""


def test_dump_is_bpftools_layout():
    recs = dump(decode(PROG), funcs=FUNCS, lines=LINES, names=FakeNames())
    assert text(recs) == EXPECTED
    assert X.pcs(recs) == [0, 1, 3, 4, 5, 6, 7, 8, 9]
    assert recs[0] == {"proto": FUNCS[0].proto, "src": "int opcode = get_opcode(ctx);",
                       "disasm": "(85) call pc+7#bpf_prog_abc_get_opcode"}


def test_dump_linum_and_opcodes():
    recs = dump(decode(PROG), funcs=FUNCS, lines=LINES, names=FakeNames(), linum=True,
                opcodes=True)
    out = text(recs).splitlines()
    assert out[1] == ("; int opcode = get_opcode(ctx); [file:/src/hello-func.bpf.c "
                      "line_num:14 line_col:18]")
    assert out[2] == "   0: (85) call pc+7#bpf_prog_abc_get_opcode"
    assert out[3] == "       85 10 07 00 01 00 00 00"
    assert out[6] == "       18 21 00 00 cf 02 00 00 00 00 00 00 00 00 00 00"
    assert recs[1]["opcodes"] == {"code": "0x18", "src_reg": "0x2", "dst_reg": "0x1",
                                  "off": ["0x00", "0x00"],
                                  "imm": ["0xcf", "0x02", "0x00", "0x00"] + ["0x00"] * 8}


def test_subprog_calls_without_callbacks_fall_back_to_imm():
    recs = dump(decode(PROG))
    assert recs[0]["disasm"] == "(85) call pc+1"


def test_lfind_skips_like_libbpf():
    lines = [LineInfo(0, "", "a", 1, 1), LineInfo(0, "", "b", 2, 1), LineInfo(3, "", "c", 3, 1)]
    assert X.lfind(lines, 0, 0).line == "b"     # the last record at or before 0
    assert X.lfind(lines, 1, 1).line == "b"
    assert X.lfind(lines, 2, 2) is None
    assert X.lfind(lines, 3, 2).line == "c"
    assert X.lfind(lines, 5, 3) is None


def test_opcode_bytes_round_trip():
    recs = dump(decode(PROG), opcodes=True)
    assert b"".join(X.opcode_bytes(r["opcodes"]) for r in recs) == PROG


def test_truncated_input_is_ignored():
    assert len(decode(encode(0x95) + b"\x01\x02")) == 1
