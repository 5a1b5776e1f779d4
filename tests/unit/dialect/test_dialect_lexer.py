"""The tokenizer, the top-level scanner and small helpers of the rewriter."""
from __future__ import annotations

from dialect_helpers import rewrite_case
from pybpf.dialect import maps
from pybpf.dialect.lexer import IDENT, PP, PUNCT, STRING, split_args, squeeze, tokenize
from pybpf.dialect.scanner import scan


def test_tokens_skip_comments_and_keep_offsets():
    text = 'a /* b.lookup( */ "c.lookup(" // d.update(\n  e->f;'
    toks = tokenize(text)
    assert [t.text for t in toks] == ["a", '"c.lookup("', "e", "->", "f", ";"]
    assert [t.kind for t in toks][:2] == [IDENT, STRING]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert toks[2].line == 2


def test_directives_are_one_token_with_continuations():
    text = "#define A(x) \\\n  ((x) + 1)\n  # include <x.h> /* c\n */\nint y;"
    toks = tokenize(text)
    assert toks[0].kind == PP and toks[0].text.endswith("((x) + 1)")
    assert toks[1].kind == PP and "include" in toks[1].text and toks[1].line == 3
    assert [t.text for t in toks[2:]] == ["int", "y", ";"]
    assert toks[2].line == 5


def test_punctuators_and_literals():
    toks = tokenize("x->y ... a<<=2 'c' '\\'' 1.5e-3 0x1fULL u8\"s\"")
    assert [t.text for t in toks] == ["x", "->", "y", "...", "a", "<<=", "2", "'c'", "'\\''",
                                      "1.5e-3", "0x1fULL", 'u8"s"']
    assert toks[1].kind == PUNCT


def test_split_args_respects_nesting():
    toks = tokenize("f(a, g(b, c), {d, e}, x[1, 2])")
    args = split_args(toks, 1, len(toks) - 1)
    assert [squeeze(" ".join(t.text for t in toks[a:b])) for a, b in args] == \
        ["a", "g ( b , c )", "{ d , e }", "x [ 1 , 2 ]"]
    assert split_args(tokenize("f()"), 1, 2) == []


def test_scanner_finds_functions_decls_and_names():
    text = """
    #include <x.h>
    struct s { int a; struct { int b; } in; };
    enum e { E1, E2 = 3 };
    typedef unsigned long ul_t;
    typedef int (*fp_t)(int);
    BPF_HASH(h, u32, struct s);
    u32 gvar = 1, garr[4];
    static int helper(int x) { return x; }
    int prog(struct pt_regs *ctx, int a) __attribute__((unused)) { if (a) {} return 0; }
    TRACEPOINT_PROBE(sched, sched_switch) { return 0; }
    int proto(void);
    """
    toks = tokenize(text)
    st = scan(text, toks, maps.DECL_MACROS)
    assert [f.name for f in st.functions] == ["helper", "prog", "TRACEPOINT_PROBE"]
    assert st.functions[0].is_static and not st.functions[1].is_static
    assert [p.name for p in st.functions[1].params] == ["ctx", "a"]
    assert st.functions[1].params[0].type == "struct pt_regs *"
    assert st.functions[2].macro_args == ["sched", "sched_switch"]
    assert [d.macro for d in st.decls] == ["BPF_HASH"]
    assert {"s", "e"} <= st.tags
    assert st.enumerators == {"E1", "E2"}
    assert st.typedefs == {"ul_t", "fp_t"}
    assert {"gvar", "garr"} <= st.globals
    assert len(st.directives) == 1


def test_evaluate_constant_expressions():
    assert maps.evaluate("(1 << 10) + 4", {}) == 1028
    assert maps.evaluate("N * 2", {"N": 8}) == 16
    assert maps.evaluate("0x10UL", {}) == 16
    assert maps.evaluate("010", {}) == 8
    assert maps.evaluate("sizeof(int)", {}) is None
    assert maps.evaluate("X", {}) is None


def test_method_on_a_member_named_like_a_table_is_left_alone():
    res = rewrite_case("""
        struct s { struct { int (*lookup)(int); } counts; };
        BPF_HASH(counts);
        int f(void *ctx) { struct s *p = 0; u64 k = 0;
            counts.lookup(&k); return p ? p->counts.lookup(1) : 0; }""")
    assert "__pybpf_lookup(counts, &k)" in res.source
    assert "p->counts.lookup(1)" in res.source


def test_strings_and_comments_are_not_rewritten():
    res = rewrite_case("""
        BPF_HASH(counts);
        int f(void *ctx) {
            // counts.lookup(&k) in a comment
            bpf_trace_printk("counts.lookup(&k) in a string");
            return 0;
        }""")
    assert "// counts.lookup(&k) in a comment" in res.source
    assert '"counts.lookup(&k) in a string"' in res.source
