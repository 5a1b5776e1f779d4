"""Running the implicit-read pass (``deref``) over the rewritten program.

The analysis text is the phase A output with one copy of each function: the functions to
analyze are renamed with ``clangast.AST_PREFIX`` (a prototype under the original name
keeps calls to them typed) so that clang's ``-ast-dump-filter`` dumps just those. The
pass is skipped when no tracing function has a ``->`` that a textual check cannot rule
out (the context parameter, or a pointer to one of the program's own structs).
"""
from __future__ import annotations

import os
import re

from . import deref, packets
from .lexer import IDENT
from .scanner import Function


class AnalysisMixin:
    """Rewriter methods that drive the AST pass (mixed into Rewriter)."""

    def implicit_reads(self) -> None:
        for fn in self.st.functions:
            self.bodies[id(fn)] = self.edits.apply(self.tokens[fn.lbrace].start,
                                                   self.tokens[fn.rbrace].end)
        targets = self._deref_targets()
        packet = self._packet_targets()
        if not any(self._maybe_kernel_arrow(fn, ctx) for fn, ctx in targets) and not packet:
            return
        modes = {id(fn): "packet" for fn, _ in packet}
        targets += packet
        header = "\n".join(self._generated_header()) + "\n"
        parts, funcs, pos = [header], [], len(header)
        chunks = self._chunks()
        want = {id(fn): ctx for fn, ctx in targets}
        for kind, obj in chunks:
            if kind == "text":
                s = self.edits.apply(*obj)
            else:
                fn = obj
                pre, name, post = self._header_parts(fn)
                body = self.bodies[id(fn)]
                if id(fn) in want and fn.macro in (None, "TRACEPOINT_PROBE",
                                                   "RAW_TRACEPOINT_PROBE"):
                    proto = pre + name + post.rstrip() + ";\n"
                    renamed = pre + deref.AST_PREFIX + name + post
                    start = pos + len(proto) + len(renamed)
                    funcs.append({"name": deref.AST_PREFIX + name, "fn": fn,
                                  "ctx_param": want[id(fn)], "start": start,
                                  "end": start + len(body),
                                  "mode": modes.get(id(fn), "tracing")})
                    s = proto + renamed + body
                else:
                    s = pre + name + post + body
            parts.append(s)
            pos += len(s)
        analysis = "".join(parts)
        include_dirs, extra = self._local_headers()
        edits, self.ast_status, skipped = deref.compute(analysis, funcs, self.user_tags,
                                                        self.cflags, include_dirs, extra)
        for f in funcs:
            body = self.bodies[id(f["fn"])]
            out, cur = [], 0
            for a, b, rep in edits.get(f["name"], []):
                out.append(body[cur:a - f["start"]])
                out.append(rep)
                cur = b - f["start"]
            out.append(body[cur:])
            self.bodies[id(f["fn"])] = "".join(out)
        for off in sorted(set(skipped)):
            for f in funcs:
                if f["start"] <= off < f["end"]:
                    body = analysis[f["start"]:off]
                    line = self.tokens[f["fn"].lbrace].line + body.count("\n")
                    self.warnings.append(
                        f"{self.filename}:{line}: a kernel pointer dereference was left as "
                        "written (it is spelled inside a macro): read it with BPF_CORE_READ()")

    def _local_headers(self) -> tuple[list[str], str | None]:
        """The source file's directory (where its "local.h" headers are), and the contents
        of the local headers it includes (for the AST cache key; None: do not cache)."""
        d = os.path.dirname(os.path.abspath(self.filename))
        dirs = [d] if os.path.isdir(d) and not self.filename.startswith("<") else []
        contents = []
        for i in self.st.directives:
            m = re.match(r'\s*#\s*include\s*"([^"]+)"', self.tokens[i].text)
            if not m or m.group(1) == "vmlinux.h":
                continue
            for base in [*dirs, *(f[2:] for f in self.cflags if f.startswith("-I"))]:
                path = os.path.join(base, m.group(1))
                if os.path.isfile(path):
                    with open(path, "rb") as f:
                        contents.append(f.read().decode("utf-8", "replace"))
                    break
            else:
                return dirs, None
        return dirs, "\0".join(contents)

    def _deref_targets(self) -> list[tuple[Function, str | None]]:
        """Functions whose bodies get implicit reads, with their context parameter."""
        tracing = [p for p in self.programs if p.tracing]
        if not tracing:
            return []
        packet_fns = [p.fn for p in self.programs if not p.tracing]
        helper_names = {h.name: h for h in self.helpers}
        reach_tracing = self._reachable([p.fn for p in tracing], helper_names)
        reach_packet = self._reachable(packet_fns, helper_names)
        out = [(p.fn, (p.fn.params[0].name if p.fn.params else None)
                if not p.fn.macro else ("args" if p.fn.macro == "TRACEPOINT_PROBE" else "ctx"))
               for p in tracing]
        out += [(helper_names[n], None) for n in sorted(reach_tracing - reach_packet)]
        return out

    def _packet_targets(self) -> list[tuple[Function, str | None]]:
        """Socket filters using <bcc/proto.h> header pointers (``ip->ttl``)."""
        if not any(t.kind == IDENT and t.text in packets.PROTO_LAYOUTS for t in self.tokens):
            return []
        out = []
        for p in self.programs:
            fn = p.fn
            if p.ctx == "skb" and fn.params and any(
                    self.tokens[i].text == "->" for i in range(fn.lbrace, fn.rbrace)):
                out.append((fn, fn.params[0].name))
        return out

    def _reachable(self, roots: list[Function], helpers: dict[str, Function]) -> set[str]:
        seen, todo = set(), list(roots)
        while todo:
            fn = todo.pop()
            for i in range(fn.lbrace, fn.rbrace):
                t = self.tokens[i]
                if t.kind == IDENT and t.text in helpers and t.text not in seen:
                    seen.add(t.text)
                    todo.append(helpers[t.text])
        return seen

    def _maybe_kernel_arrow(self, fn: Function, ctx_param: str | None) -> bool:
        """Cheap pre-check: is there a ``->`` whose base is not obviously the context or a
        pointer to one of the program's own structs?"""
        toks = self.tokens
        # a pointer parameter of a probed function (`loff_t *ppos`) read through
        pointers = {p.name for p in fn.params[1:] if "*" in p.type} if ctx_param else set()
        for i in range(fn.lbrace + 1, fn.rbrace):
            if toks[i].text in pointers and (toks[i - 1].text in ("*", ")") or
                                             toks[i + 1].text == "["):
                return True
            if toks[i].text != "->":
                continue
            prev = toks[i - 1]
            if prev.kind != IDENT:
                return True
            if prev.text == ctx_param:
                continue
            decl = self._declared(fn, prev.text, i)
            if decl is None:
                return True
            m = re.fullmatch(r"(?:struct|union) (\w+)", decl[0])
            if not (m and m.group(1) in self.user_tags and decl[1] == 1):
                return True
        return False
