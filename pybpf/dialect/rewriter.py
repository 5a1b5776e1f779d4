"""The BCC dialect rewrite, start to finish.

1. Tokenize and find the top-level structure (``scanner``).
2. Phase A, edits on the user's text that keep its line count: #include lines, table
   declarations, table method calls, bpf_trace_printk, probe macros' declarators, struct
   tags that clash with vmlinux.h, ``static`` helpers made ``__always_inline``.
3. Implicit kernel reads (``deref``), from clang's AST of the phase A text, when needed.
4. Emission: the generated header (prelude, LINUX_VERSION_CODE, tracepoint structs), then
   the user's text under ``#line`` directives, each program function once per variant
   (each copy under a ``#line`` of its own), then the default license.
"""
from __future__ import annotations

import os
import re

from . import includes, maps, methods, probes, tracepoints
from .analysis import AnalysisMixin
from .edits import Edits, line_directive, rewrite_error
from .lexer import IDENT, STRING, Token, tokenize
from .names import TAG_SUFFIX, NamesMixin
from .scanner import Function, bracket_map, scan
from .specs import SYSCALL_ENTER, SYSCALL_EXIT, ProgramSpec, RewriteResult, TableSpec

PRELUDE = "#include <pybpf/bcc_prelude.h>"
# what clang calls the lines pybpf generates before the user's text
GENERATED = "<pybpf generated>"
_REGS_INCLUDE = {SYSCALL_ENTER: "#include <pybpf/regs_syscall_enter.h>",
                 SYSCALL_EXIT: "#include <pybpf/regs_syscall_exit.h>"}
_REGS_RESTORE = "#include <pybpf/regs_restore.h>"
_LIBBPF_USDT = {"bpf_usdt_arg", "bpf_usdt_arg_cnt", "bpf_usdt_cookie"}
_USDT_USE = re.compile(r"\b(__pybpf_usdt_readarg(_p)?|bpf_usdt_(arg|arg_cnt|cookie))\b")
_PRELUDE_TAGS = {"bpf_stacktrace", "bpf_stacktrace_buildid", "ethernet_t", "dot1q_t", "arp_t",
                 "ip_t", "icmp_t", "ip6_t", "ip6_opt_t", "icmp6_t", "udp_t", "tcp_t",
                 "vxlan_t", "vxlan_gbp_t"}


class Rewriter(NamesMixin, AnalysisMixin):
    """One rewrite: phase_a(), implicit_reads(), emit(), specs(), in that order."""

    def __init__(self, text: str, filename: str, cflags, tracepoint_format, usdt=False):
        self.text, self.filename, self.cflags = text, filename, tuple(cflags)
        self.tracepoint_format = tracepoint_format
        self.tokens: list[Token] = tokenize(text, filename)
        self.st = scan(text, self.tokens, maps.DECL_MACROS, filename)
        self.pairs = bracket_map(self.tokens, filename)
        self.edits = Edits(text)
        self.tables: dict[str, maps.Table] = {}
        self.programs: list[probes.Program] = []
        self.helpers: list[Function] = []
        self.warnings: list[str] = []
        self.tp_structs: dict[str, str] = {}
        self.user_tags: set[str] = set(self.st.tags) | _PRELUDE_TAGS
        self.bodies: dict[int, str] = {}     # id(fn) -> body text after phase A (+ deref)
        self.ast_status = "skipped"
        # libbpf refuses to attach USDT probes to an object without usdt.bpf.h's maps, so
        # programs given USDT contexts get the header even when they read no argument
        self.uses_usdt = bool(usdt)
        self.renamed_tags: dict[str, str] = {}
        self.renamed: dict[str, str] = {}     # clashing identifiers -> their C names

    # ---- phase A -----------------------------------------------------------------------
    def phase_a(self) -> None:
        self._directives()
        decls = []
        for d in self.st.decls:
            table = maps.parse_decl(self.text, self.tokens, d, self.filename)
            first = self.tables.get(table.name)
            if first is not None:
                if not self._other_branch(first.line, table.line):
                    raise rewrite_error(self.filename, table.line,
                                        f"table '{table.name}' is declared twice")
                self.warnings.append(
                    f"{self.filename}:{table.line}: table '{table.name}' is declared in "
                    f"several #if branches: its TableSpec describes line {first.line}'s")
            else:
                self.tables[table.name] = table
            decls.append((d, table))
        self._tag_clashes()
        self._ident_clashes()
        for d, table in decls:
            table.key = self._rename_types(table.key)
            table.leaf = self._rename_types(table.leaf)
            table.cname = self.renamed.get(table.name, table.name)
            if table.inner:
                table.inner_cname = self.renamed.get(table.inner, table.inner)
            start, end = self.tokens[d.first].start, self.tokens[d.end - 1].end
            self.edits.replace(start, end, table.definition())
        for t in self.tables.values():
            if t.inner and t.inner not in self.tables:
                raise rewrite_error(self.filename, t.line, f"inner map '{t.inner}' of "
                                    f"'{t.name}' is not declared before it")
        self.regs_helpers = self._regs_helpers()
        names = {}
        for fn in self.st.functions:
            line = self.tokens[fn.name_i].line
            if fn.is_static and not fn.macro:
                self.helpers.append(fn)
                if not fn.is_inline and not fn.has_section:
                    s = next(i for i in range(fn.first, fn.name_i)
                             if self.tokens[i].text == "static")
                    self.edits.insert(self.tokens[s].end, " __always_inline")
            else:
                prog = probes.classify(fn, self._user_section(fn), line, self.filename)
                if fn.name in self.renamed:
                    new = self.renamed[fn.name]
                    for v in prog.variants:
                        if v.cname.startswith(fn.name):
                            v.cname = new + v.cname[len(fn.name):]
                if prog.name in names and names[prog.name] != fn.name:
                    raise rewrite_error(self.filename, line,
                                        f"program '{prog.name}' is defined twice")
                names[prog.name] = fn.name
                self.programs.append(prog)
                if fn.macro:
                    start, end = self.tokens[fn.first].start, self.tokens[fn.rparen].end
                    self.edits.replace(start, end, probes.macro_header(prog))
                if prog.ctx == "tracepoint":
                    self._tracepoint_struct(prog, line)
            self._body(fn)
        self._check_calls()
        self._apply_renames()
        taken = {v.cname for p in self.programs for v in p.variants if v.cname != p.fn.name}
        clash = taken & ({f.name for f in self.st.functions} | set(self.tables))
        if clash:
            raise rewrite_error(self.filename, 1, f"'{sorted(clash)[0]}' is both a user name "
                                "and the name pybpf gives a program copy; rename it")

    def _directives(self) -> None:
        for i in self.st.directives:
            tok = self.tokens[i]
            rep = includes.rewrite_include(tok.text)
            if rep is not None:
                self.edits.replace(tok.start, tok.end, rep)
            elif re.match(r"\s*#\s*define\b", tok.text):
                new = re.sub(r"\bbpf_trace_printk(\s*\()", r"__pybpf_trace_printk\1", tok.text)
                new = re.sub(r"\bbpf_(usdt_readarg(?:_p)?\s*\()", r"__pybpf_\1", new)
                if _USDT_USE.search(new):
                    self.uses_usdt = True
                if new != tok.text:
                    self.edits.replace(tok.start, tok.end, new)

    def _other_branch(self, line_a: int, line_b: int) -> bool:
        """Is there an #else/#elif between two lines (declarations in exclusive branches)?"""
        return any(line_a < self.tokens[i].line < line_b and
                   re.match(r"\s*#\s*(else|elif)\b", self.tokens[i].text)
                   for i in self.st.directives)

    def _user_section(self, fn: Function) -> str | None:
        toks = self.tokens
        for i in range(fn.first, fn.name_i):
            if toks[i].text in ("SEC", "section") and i + 2 < fn.name_i and \
                    toks[i + 1].text == "(" and toks[i + 2].kind == STRING:
                return toks[i + 2].text[1:-1]
        return None

    def _tracepoint_struct(self, prog: probes.Program, line: int) -> None:
        if prog.fn.macro == "TRACEPOINT_PROBE":
            cat, ev = prog.fn.macro_args
        else:
            _, tp = probes.ctx_kind(prog.fn)
            if tp is None:
                return
            cat, ev = tp.split(":")
        name = tracepoints.struct_name(cat, ev)
        if name in self.tp_structs:
            return
        reader = self.tracepoint_format
        if reader is None:
            from ..trace.tracefs import read_tracepoint_format as reader
        try:
            fmt = reader(cat, ev)
        except Exception as exc:   # NotSupportedError, permissions, a missing tracefs
            raise rewrite_error(self.filename, line, f"tracepoint {cat}:{ev}: cannot read its "
                                f"format ({exc})") from exc
        try:
            self.tp_structs[name] = tracepoints.generate_struct(cat, ev, fmt)
        except tracepoints.FormatError as exc:
            raise rewrite_error(self.filename, line, f"tracepoint {cat}:{ev}: {exc}") from exc
        self.user_tags.add(name)

    def _body(self, fn: Function) -> None:
        """Method calls, bpf_trace_printk, bpf_num_cpus and USDT helpers in a body."""
        toks = self.tokens
        calls = methods.find_method_calls(self.text, toks, fn.lbrace, fn.rbrace, self.tables,
                                          self.pairs, self.filename)
        for c in calls:
            prefix = c.prefix.replace(f"({c.table.name}", f"({c.table.cname}", 1)
            if c.sizeof_type:
                prefix = (f"__pybpf_ringbuf_reserve_typed({c.table.cname}, "
                          f"__typeof__({self._rename_types(c.sizeof_type)}), ")
            if self.text[toks[c.lparen].end:toks[c.lparen].end + 1].isspace():
                prefix = prefix.rstrip()   # the arguments start on the next line
            self.edits.replace(toks[c.first].start, toks[c.lparen].end, prefix)
            if c.table.event_type is None:
                c.table.event_type = self._event_type(fn, c)
        for i in range(fn.lbrace, fn.rbrace):
            t = toks[i]
            if t.kind != IDENT or toks[i + 1].text != "(" or \
                    (i > 0 and toks[i - 1].text in (".", "->")):
                continue
            if t.text in self.regs_helpers:
                self.edits.replace(t.start, t.end,
                                   f"__PYBPF_V({self.renamed.get(t.text, t.text)})")
            elif t.text == "bpf_trace_printk":
                self.edits.replace(t.start, t.end, "__pybpf_trace_printk")
            elif t.text in ("bpf_usdt_readarg", "bpf_usdt_readarg_p"):
                self.edits.replace(t.start, t.end, "__pybpf_" + t.text[4:])
                self.uses_usdt = True
            elif t.text in _LIBBPF_USDT:   # libbpf's own names, used as they are
                self.uses_usdt = True
            elif t.text == "bpf_num_cpus" and toks[i + 2].text == ")":
                n = os.sysconf("SC_NPROCESSORS_ONLN") if hasattr(os, "sysconf") else 1
                self.edits.replace(t.start, toks[i + 2].end, str(max(n, 1)))

    def _regs_helpers(self) -> set[str]:
        """Static helpers that read registers (PT_REGS_*), directly or through other such
        helpers: inside the syscall tracepoint copies of a program they must read the
        tracepoint record instead, so they get copies too."""
        helpers = {f.name: f for f in self.st.functions if f.is_static and not f.macro}
        calls, found = {}, set()
        for name, fn in helpers.items():
            body = self.tokens[fn.lbrace:fn.rbrace]
            calls[name] = {t.text for t in body if t.kind == IDENT and t.text in helpers}
            if any(t.kind == IDENT and t.text.startswith("PT_REGS_") for t in body):
                found.add(name)
        changed = True
        while changed:
            changed = False
            for name, callees in calls.items():
                if name not in found and callees & found:
                    found.add(name)
                    changed = True
        return found

    def _check_calls(self) -> None:
        """Programs cannot call programs (BCC: "cannot call non-static helper function")."""
        prog_names = {p.fn.name: p for p in self.programs if not p.fn.macro}
        toks = self.tokens
        for fn in self.st.functions:
            for i in range(fn.lbrace, fn.rbrace):
                t = toks[i]
                if t.kind == IDENT and t.text in prog_names and toks[i + 1].text == "(" and \
                        toks[i - 1].text not in (".", "->"):
                    raise rewrite_error(
                        self.filename, t.line,
                        f"'{fn.name}' calls '{t.text}', which is not static: a non-static "
                        "function is a BPF program and programs cannot call each other; "
                        "declare it static")

    # ---- emission -----------------------------------------------------------------------
    def _chunks(self):
        """The user's text as ("text", (start, end)) and ("fn", Function) pieces."""
        out, pos = [], 0
        for fn in sorted(self.st.functions, key=lambda f: f.first):
            start = self.tokens[fn.first].start
            out.append(("text", (pos, start)))
            out.append(("fn", fn))
            pos = self.tokens[fn.rbrace].end
        out.append(("text", (pos, len(self.text))))
        return out

    def _header_parts(self, fn: Function) -> tuple[str, str, str]:
        """(text before the name, the name, text after it up to the body) after phase A."""
        toks = self.tokens
        if fn.macro:
            full = self.edits.apply(toks[fn.first].start, toks[fn.lbrace].start)
            prog = next(p for p in self.programs if p.fn is fn)
            i = full.find(prog.name)
            return full[:i], prog.name, full[i + len(prog.name):]
        pre = self.edits.apply(toks[fn.first].start, toks[fn.name_i].start)
        post = self.edits.apply(toks[fn.name_i].end, toks[fn.lbrace].start)
        return pre, self.renamed.get(fn.name, fn.name), post

    def _variant_text(self, prog: probes.Program, v: probes.Variant) -> str:
        fn, toks = prog.fn, self.tokens
        pre, name, post = self._header_parts(fn)
        if v.params and len(fn.params) > 1:
            # drop the extra parameters (they become locals), keeping the line count
            a = toks[fn.params[0].end - 1].end
            b = toks[fn.rparen].start
            dropped = self.text[a:b]
            post = self.edits.apply(toks[fn.name_i].end, a) + "\n" * dropped.count("\n") + \
                self.edits.apply(b, toks[fn.lbrace].start)
        sec = "" if prog.user_section is not None else f"SEC({includes.c_string(v.section)}) "
        body = self.bodies[id(fn)]
        return sec + pre + v.cname + post + "{" + probes.prologue(prog, v) + body[1:]

    def _helper_copies(self, fn: Function, pre: str, name: str, post: str) -> str:
        """The helper again for each syscall tracepoint context programs use."""
        kinds = [k for k in (SYSCALL_ENTER, SYSCALL_EXIT)
                 if any(v.kind == k for p in self.programs for v in p.variants)]
        if not kinds:
            return ""
        out = []
        line = self.tokens[fn.first].line
        for k in kinds:
            suffix = "__sce" if k == SYSCALL_ENTER else "__scx"
            out.append("\n" + _REGS_INCLUDE[k] + "\n" + line_directive(line, self.filename)
                       + "\n" + pre + name + suffix + post + self.bodies[id(fn)]
                       + "\n" + _REGS_RESTORE)
        out.append("\n" + line_directive(self.tokens[fn.rbrace].line, self.filename) + "\n")
        return "".join(out)

    def _generated_header(self) -> list[str]:
        out = [PRELUDE]
        if re.search(r"\bLINUX_VERSION_CODE\b", self.text) and \
                not any(f.startswith("-DLINUX_VERSION_CODE") for f in self.cflags):
            out.append(f"#define LINUX_VERSION_CODE {includes.linux_version_code()}")
        # what kernel headers would say about the running kernel: its configuration
        # (autoconf.h) and macros sized by its types
        defined = {f[2:].split("=", 1)[0] for f in self.cflags if f.startswith("-D")}
        for line in includes.config_defines(self.text) + includes.btf_defines(self.text):
            if line.split()[1] not in defined:
                out.append(line)
        if self.uses_usdt:
            out.append("#include <bpf/usdt.bpf.h>")
        for s in self.tp_structs.values():
            out.append(s.rstrip("\n"))
        return out

    def emit(self) -> str:
        out = [line_directive(1, GENERATED), *self._generated_header()]
        out.append(line_directive(1, self.filename))
        body: list[str] = []
        by_fn = {id(p.fn): p for p in self.programs}
        for kind, obj in self._chunks():
            if kind == "text":
                body.append(self.edits.apply(*obj))
                continue
            fn = obj
            prog = by_fn.get(id(fn))
            if prog is None:   # a helper
                pre, name, post = self._header_parts(fn)
                body.append(pre + name + post + self.bodies[id(fn)])
                if fn.name in self.regs_helpers:
                    body.append(self._helper_copies(fn, pre, name, post))
                continue
            first_line = self.tokens[fn.first].line
            for n, v in enumerate(prog.variants):
                text = self._variant_text(prog, v)
                if n == 0:
                    body.append(text)
                    continue
                regs = _REGS_INCLUDE.get(v.kind)
                body.append("\n" + (regs + "\n" if regs else "")
                            + line_directive(first_line, self.filename) + "\n" + text)
                if regs:
                    body.append("\n" + _REGS_RESTORE)
            if len(prog.variants) > 1:
                body.append("\n" + line_directive(self.tokens[fn.rbrace].line,
                                                   self.filename) + "\n")
        out.append("".join(body))
        if not self._has_license():
            value = includes.license_value(
                [self.tokens[i].text for i in self.st.directives], self.cflags)
            out.append(f'\nchar _license[] SEC("license") = {includes.c_string(value)};')
        return "\n".join(out) + "\n"

    def _has_license(self) -> bool:
        toks = self.tokens
        if "_license" in self.st.top_idents:
            return True
        for i in range(len(toks) - 3):
            if toks[i].text in ("SEC", "section") and toks[i + 1].text == "(" and \
                    toks[i + 2].text == '"license"':
                return True
        return False

    # ---- results ---------------------------------------------------------------------------
    def specs(self) -> tuple[dict[str, ProgramSpec], dict[str, TableSpec]]:
        consts = maps.object_macros(self.text, self.tokens, self.st.directives, self.cflags)
        programs = {}
        for p in self.programs:
            programs[p.name] = ProgramSpec(
                p.name, p.auto, {v.kind: v.cname for v in p.variants},
                {v.kind: v.section for v in p.variants}, self.tokens[p.fn.name_i].line)
        tables = {name: t.spec(consts) for name, t in self.tables.items()}
        return programs, tables


def rewrite(text: str, filename: str = "<text>", *, cflags=(),
            tracepoint_format=None, usdt: bool = False) -> RewriteResult:
    """Rewrite BCC-dialect C into plain libbpf C (see the package docstring)."""
    rw = Rewriter(text, filename, cflags, tracepoint_format, usdt)
    rw.phase_a()
    rw.implicit_reads()
    source = rw.emit()
    programs, tables = rw.specs()
    return RewriteResult(source, programs, tables, rw.warnings, rw.ast_status)


__all__ = ["rewrite", "Rewriter", "TAG_SUFFIX"]
