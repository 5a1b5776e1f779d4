"""Constructs pybpf cannot translate raise RewriteError at the user's line; C errors in
the rewritten program are reported by clang at the user's line too."""
from __future__ import annotations

import pytest

from dialect_helpers import compile_result, needs_clang, rewrite_case
from pybpf.errors import CompileError, RewriteError

HEAD = "// line 1\n// line 2\n"


@pytest.mark.parametrize("body, line, message", [
    ('BPF_TABLE("foo", u32, u64, t, 10);', 3, "BPF_TABLE type 'foo' is not supported"),
    ('BPF_TABLE("extern", u32, u64, t, 10);', 3, "type 'extern' is not supported"),
    ('BPF_TABLE("hash:x", u32, u64, t, 10);', 3, "the pin path 'x' must be absolute"),
    ('BPF_TABLE_PINNED("hash", u32, u64, t, 10);', 3, "BPF_TABLE_PINNED takes 6 or 7"),
    ('BPF_TABLE_PINNED("hash", u32, u64, t, 10, path);', 3, "must be string literals"),
    ('BPF_TABLE_PUBLIC("hash", u32, u64, t, 10);', 3, "BPF_TABLE_PUBLIC is not supported"),
    ('BPF_TABLE_SHARED("hash", u32, u64, t, 10);', 3, "BPF_TABLE_SHARED is not supported"),
    ('BPF_TABLE(hash, u32, u64, t, 10);', 3, "must be a string literal"),
    ('BPF_TABLE("hash", u32, u64, t);', 3, "BPF_TABLE takes 5 arguments, got 4"),
    ('BPF_HASH();', 3, "BPF_HASH takes 1 to 4 arguments"),
    ('BPF_HASH(a, u32, u64, 10, 20);', 3, "BPF_HASH takes 1 to 4 arguments"),
    ('BPF_PROG_ARRAY(p);', 3, "BPF_PROG_ARRAY takes 2 to 2 arguments"),
    ('BPF_HASH(a);\nBPF_ARRAY(a);', 4, "table 'a' is declared twice"),
    ('BPF_ARRAY_OF_MAPS(o, inner, 4);', 3, "inner map's name as a string"),
    ('BPF_ARRAY_OF_MAPS(o, "missing", 4);', 3, "inner map 'missing'"),
    ('BPF_HASH(h);\nint f(void *ctx) {\n  u64 k = 0;\n  h.frobnicate(&k);\n  return 0;\n}', 6,
     "'frobnicate' is not a method of BPF tables (table 'h')"),
    ('BPF_HASH(h);\nint f(void *ctx) {\n  h.lookup();\n  return 0;\n}', 5,
     "h.lookup() takes 1 argument, got 0"),
    ('BPF_HASH(h);\nint f(void *ctx) {\n  h.perf_submit(ctx, 0, 0);\n  return 0;\n}', 5,
     "perf_submit() is not available on table 'h' of type hash"),
    ('BPF_ARRAY(a);\nint f(void *ctx) {\n  return a.get_stackid(ctx, 0);\n}', 5,
     "get_stackid() is not available on table 'a' of type array"),
    ('BPF_PERF_OUTPUT(e);\nint f(void *ctx) {\n  e.perf_submit(ctx, 0);\n  return 0;\n}', 5,
     "e.perf_submit() takes 3 arguments, got 2"),
    ('int a(void *ctx) { return 0; }\nint b(void *ctx) {\n  return a(ctx);\n}', 5,
     "'b' calls 'a', which is not static"),
    ('int f(struct pt_regs *ctx, int a, int b, int c, int d, int e, int g, int h) '
     '{ return 0; }', 3, "only 6 fit in registers"),
    ('int f(struct xdp_md *ctx, int extra) { return 0; }', 3,
     "extra parameters after the context are only read for kprobe-style programs"),
    ('TRACEPOINT_PROBE(nope, missing) { return 0; }', 3,
     "tracepoint nope:missing: cannot read its format"),
    ('TRACEPOINT_PROBE(sched) { return 0; }', 3, "TRACEPOINT_PROBE takes (category, event)"),
    ('int f(void *ctx) {\n  /* never closed\n  return 0;\n}', 4, "unterminated /* comment"),
    ('int f(void *ctx) {\n  return "oops;\n}', 4, "unterminated \" literal"),
    ('int f(void *ctx) {\n  return (1;\n}', 4, "unbalanced"),
    ('int f(void *ctx) {\n  return 0;\n', 3, "'{' is never closed"),
    ('int hello__sce(void *ctx) { return 0; }\nint hello(void *ctx) { return 0; }', 1,
     "'hello__sce' is both a user name and the name pybpf gives a program copy"),
])
def test_rewrite_errors(body, line, message):
    with pytest.raises(RewriteError) as info:
        rewrite_case(HEAD + body, "prog.c")
    err = info.value
    assert message in str(err)
    assert str(err).startswith(f"prog.c:{err.line}: ")
    assert err.filename == "prog.c"
    assert err.line == line
    assert isinstance(err, CompileError)


# --- clang errors come back at the user's line ---------------------------------------

def _compile_error(text, filename="user_prog.c", **kw) -> CompileError:
    res = rewrite_case(text, filename, **kw)
    with pytest.raises(CompileError) as info:
        compile_result(res, filename)
    return info.value


@needs_clang
def test_error_on_line_7_is_reported_at_line_7():
    text = ("#include <uapi/linux/ptrace.h>\n"     # 1
            "BPF_HASH(counts, u32,\n"               # 2
            "         u64);\n"                      # 3
            "\n"                                    # 4
            "int hello(struct pt_regs *ctx) {\n"    # 5
            "    u32 k = 0;\n"                      # 6
            "    undeclared_thing += 1;\n"          # 7
            "    counts.increment(k);\n"            # 8
            "    return 0;\n"                       # 9
            "}\n")
    err = _compile_error(text)
    assert (err.filename, err.line) == ("user_prog.c", 7)
    assert "undeclared_thing" in str(err)


@needs_clang
@pytest.mark.parametrize("text, line", [
    # after a function with four program copies
    ("int a(void *ctx) {\n  return 0;\n}\n\nint b(void *ctx) {\n  return nope;\n}\n", 6),
    # a kprobe with extra parameters over several lines
    ("int kprobe__vfs_read(struct pt_regs *ctx,\n  struct file *file,\n  char *buf)\n"
     "{\n  return nope;\n}\n", 5),
    # inside a tracepoint probe after its generated struct
    ("BPF_HASH(h);\nTRACEPOINT_PROBE(sched, sched_switch)\n{\n  u32 x = args->prev_pid;\n"
     "  return x + nope;\n}\n", 5),
    # inside a register-reading helper that has tracepoint copies
    ("static int help(struct pt_regs *ctx)\n{\n  return PT_REGS_RC(ctx) + nope;\n}\n"
     "int f(struct pt_regs *ctx) { return help(ctx); }\n", 3),
    # after such a helper
    ("static int help(struct pt_regs *ctx)\n{\n  return PT_REGS_RC(ctx);\n}\n"
     "int f(struct pt_regs *ctx) { return help(ctx); }\nint g(void *ctx)\n{\n  return nope;\n}\n",
     8),
    # inside a method call's arguments spread over lines
    ("BPF_HASH(h);\nint f(void *ctx) {\n  u64 k = 0;\n  h.update(&k,\n    &nope);\n"
     "  return 0;\n}\n", 5),
    # after a kernel pointer read rewritten by the AST pass
    ("int f(struct pt_regs *ctx) {\n  struct task_struct *t = (void *)bpf_get_current_task();\n"
     "  u32 p = t->real_parent\n      ->tgid;\n  return p + nope;\n}\n", 5),
    # in code after a KFUNC_PROBE
    ("KFUNC_PROBE(do_unlinkat, int dfd,\n    struct filename *name)\n{\n  return 0;\n}\n"
     "int f(void *ctx) { return nope; }\n", 6),
])
def test_error_lines_survive_rewrites(text, line):
    err = _compile_error(text)
    assert (err.filename, err.line) == ("user_prog.c", line), str(err)


@needs_clang
def test_error_in_every_program_copy_points_at_the_same_line():
    err = _compile_error("int hello(void *ctx)\n{\n  return nope;\n}\n")
    lines = [d for d in err.diagnostics.splitlines() if ": error:" in d]
    assert len(lines) == 4   # kprobe, syscall_enter, syscall_exit, generic copies
    assert all(d.startswith("user_prog.c:3:") for d in lines)
