"""clang diagnostics mapped onto the user's lines; verifier logs summarized."""
from pybpf.compile import diagnostics
from pybpf import verifier

CLANG_OUT = """\
<text>:3:14: error: use of undeclared identifier 'y'
    return x + y;
               ^
<text>:5:1: warning: something
<text>:9:2: error: expected ';'
2 errors generated.
"""


def test_first_error_with_source_snippet():
    lines = ["int f(void) {", "    int x = 1;", "    return x + y;", "}"]
    err = diagnostics.compile_error(CLANG_OUT, {"<text>": lines})
    text = str(err)
    assert err.filename == "<text>" and err.line == 3
    assert text.splitlines()[0] == "<text>:3:14: error: use of undeclared identifier 'y'"
    assert "    3 |     return x + y;" in text
    assert text.splitlines()[2].endswith("^")
    assert "1 more error" in text
    assert err.diagnostics == CLANG_OUT


def test_output_without_locations_is_kept_whole():
    err = diagnostics.compile_error("clang: error: unknown argument '-foo'\n", {})
    assert "unknown argument" in str(err)
    assert err.line is None


VERIFIER_LOG = """\
func#0 @0
0: R1=ctx() R10=fp0
; __u32 key = 0; @ unchecked.bpf.c:10
0: (b7) r1 = 0                        ; R1_w=0
1: (63) *(u32 *)(r10 -4) = r1         ; R1_w=0 R10=fp0 fp-8=0000????
; __u64 *value = bpf_map_lookup_elem(&counts, &key); @ unchecked.bpf.c:11
2: (bf) r2 = r10                      ; R2_w=fp0 R10=fp0
6: (85) call bpf_map_lookup_elem#1    ; R0_w=map_value_or_null(id=1,off=0,ks=4,vs=8,imm=0)
; return *value; @ unchecked.bpf.c:12
7: (79) r0 = *(u64 *)(r0 +0)
R0 invalid mem access 'map_value_or_null'
verification time 40 usec
stack depth 4
processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""


def test_verifier_summary_names_reason_instruction_and_source():
    reason, insn, source = verifier.summarize(VERIFIER_LOG)
    assert reason == "R0 invalid mem access 'map_value_or_null'"
    assert insn == "7: (79) r0 = *(u64 *)(r0 +0)"
    assert source == "unchecked.bpf.c:12: return *value;"


def test_extract_log_from_libbpf_messages():
    messages = [
        "libbpf: prog 'unchecked': BPF program load failed: Permission denied\n",
        "libbpf: prog 'unchecked': -- BEGIN PROG LOAD LOG --\n" + VERIFIER_LOG
        + "-- END PROG LOAD LOG --\n",
        "libbpf: failed to load object 'x'\n",
    ]
    prog, why, log = verifier.extract_log(messages)
    assert prog == "unchecked" and why == "Permission denied"
    assert log.startswith("func#0") and log.rstrip().endswith("mark_read 0")
