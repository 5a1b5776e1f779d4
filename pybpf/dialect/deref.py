"""Implicit kernel-memory reads: ``task->real_parent->tgid`` -> ``BPF_CORE_READ(...)``.

BCC lets tracing programs dereference kernel pointers as if they were ordinary memory and
rewrites the accesses into ``bpf_probe_read``. We do the same from clang's typed AST: the
rewritten program (one copy of each function, before variants are made) is parsed with
``-ast-dump=json`` against the vmlinux.h PCH, and member-access chains are rewritten where
the type says the pointer leads into the kernel.

Rules (applied in tracing programs - kprobe/kretprobe, syscall__, tracepoint,
raw tracepoint, perf_event - and in the static helpers they call, but not in helpers
networking programs also call):

- A *kernel pointer* is a pointer to a struct or union that the program did not define
  itself (so it comes from vmlinux.h), unless the expression is a parameter whose type is
  a program context (``struct pt_regs *ctx``, ``struct bpf_raw_tracepoint_args *ctx``, ...).
- In a chain of ``->``, ``.`` and ``[i]`` accesses, each ``->`` through a kernel pointer,
  and every ``->`` after it, is a read. ``task->real_parent->tgid`` becomes
  ``BPF_CORE_READ(task, real_parent, tgid)``; ``.`` members and array indexes ride along
  (``BPF_CORE_READ(sk, __sk_common.skc_dport)``, ``BPF_CORE_READ(t, comm[i])``).
  Reads are CO-RE (relocated against the running kernel's BTF) and use
  ``bpf_probe_read_kernel``.
- Indexing a pointer that was itself read from kernel memory (``fdt->fd[i]``) reads the
  element with ``__PYBPF_READ(&(...)[i])``; ``*p`` where ``p`` is a kernel pointer (or
  was read from kernel memory) becomes ``__PYBPF_READ(p)``.
- A local pointer variable assigned a value read from kernel memory (BCC's "external
  pointer": ``q = (struct cfs_rq_partial *)task->se.cfs_rq;``) is read through, whatever
  it points to; a struct the program declared itself is read at the offsets it declared
  (``BPF_PROBE_READ``: the kernel has no such type for CO-RE to relocate against).
  Assigning it anything else ends that.
- A parameter typed as an array of kernel pointers (``struct scatterlist **sgs``) is read
  when indexed or dereferenced; local variables of that type (usually map values) are not.
- An address computed from a kernel pointer by casts and ``+``/``-`` is read through when
  dereferenced or indexed: ``((u8 *)tcphdr)[13]``, ``*(u8 *)((u64)&sk->f - 3)``,
  ``((struct mine *)sk)->f`` (at the declared offsets).
- A program's own pointer parameters after the context that are not kernel struct
  pointers (``loff_t *ppos``, ``char *buf``: BCC's external pointers) are read through with
  ``__PYBPF_READ_ANY``: kernel memory, else user memory (kprobes are passed kernel
  pointers, uprobes user ones), as BCC's ``bpf_probe_read`` does.
- Addresses are not reads: in ``&task->comm``, an array member used as a pointer
  (``task->comm`` passed to a function), or the left side of an assignment, the last
  ``->`` stays as written and only the hops before it are read:
  ``&task->real_parent->comm`` -> ``&(BPF_CORE_READ(task, real_parent))->comm``.
- Nothing is rewritten inside ``sizeof``/``_Alignof``/``typeof``, in code the user did not
  spell in the program text (macro bodies), in BTF-typed programs (KFUNC_PROBE,
  KRETFUNC_PROBE, KMOD_RET_PROBE, LSM_PROBE: their pointers can be read directly), or in
  networking programs (XDP, socket filters, tc: packet pointers are not kernel pointers).

Not handled (write ``bpf_probe_read_kernel``/``BPF_CORE_READ`` yourself, as in BCC):
kernel pointers that are not typed as such (``u64`` holding an address, ``void *``)
in local variables, local pointers to scalars unless they were read from kernel memory,
bitfield members (``BPF_CORE_READ_BITFIELD_PROBED``), user-space memory
(``bpf_probe_read_user``), and chains written inside user-defined macros.

The AST pass costs one clang run (~0.3 s: clang must load the whole vmlinux.h PCH to
filter the dump) and runs only when a tracing function contains a ``->`` that a cheap
textual check cannot rule out; results are cached by content in the compile cache.
"""

from __future__ import annotations

import re

from .clangast import (AST_PREFIX, MAIN, annotate_files, cache_get, cache_key, cache_put,
                       clang_ast, member_token, pointee_tag, qualtype, src_range, strip,
                       strip_comments)
from .packets import PacketMixin

__all__ = ["AST_PREFIX", "compute", "render", "FunctionDeref"]

# parameters of these types are program contexts: direct access is what the verifier wants
CTX_STRUCTS = {"pt_regs", "bpf_raw_tracepoint_args", "bpf_perf_event_data", "__sk_buff",
               "xdp_md", "sk_msg_md", "bpf_sock_ops", "bpf_sock_addr", "bpf_sockopt",
               "bpf_sysctl", "sk_reuseport_md", "bpf_sk_lookup", "bpf_cgroup_dev_ctx",
               "trace_event_raw_sys_enter", "trace_event_raw_sys_exit", "user_pt_regs"}


# --- the rewrite ---------------------------------------------------------------------------

class _Edit:
    __slots__ = ("start", "end", "parts")

    def __init__(self, start, end, parts):
        self.start, self.end, self.parts = start, end, parts


class FunctionDeref(PacketMixin):
    """Implicit-read edits for one function's AST."""

    def __init__(self, text: str, fn: dict, user_tags: set[str], ctx_param: str | None,
                 mode: str = "tracing"):
        self.text, self.fn, self.user_tags = text, fn, user_tags
        self.ctx_param = ctx_param
        self.mode = mode   # "tracing": kernel reads; "packet": <bcc/proto.h> field loads
        self.edits: list[_Edit] = []
        self.skipped: list[int] = []   # offsets of chains that could not be rewritten
        # local pointer variables holding a value read from kernel memory (BCC's
        # "external pointers"): `q = (struct partial *)task->se.cfs_rq; q->nr` reads
        self.external: set[str] = set()
        # pointer parameters of a probed function that are not kernel struct pointers
        # (`loff_t *ppos`, `char *buf`), and local pointers read through them: BCC reads
        # through them with bpf_probe_read, which reads kernel or user memory (kprobes are
        # passed the one, uprobes the other)
        self.params_any: set[str] = set()
        # expressions whose value was read from memory (AST node id -> "kernel", or "any"
        # when read through a parameter of the probed function)
        self.read_nodes: dict[str, str] = {}
        self._chain_any = False

    # kernel-ness ----------------------------------------------------------------------
    def is_kernel_ptr(self, type_name: str) -> bool:
        """A pointer to a struct/union the program did not define: one from vmlinux.h."""
        tag = pointee_tag(type_name)
        return tag is not None and tag not in self.user_tags and \
            not tag.startswith("tracepoint__")

    def is_external(self, node: dict) -> bool:
        """A local variable that was assigned a pointer read from kernel memory."""
        n = strip(node, parens=True)
        return n.get("kind") == "DeclRefExpr" and \
            n.get("referencedDecl", {}).get("id") in self.external

    def is_kernel_ptr_array(self, node: dict) -> bool:
        """A parameter typed ``struct task_struct **``: kernel pointers in kernel memory
        (a probed function's array argument, handed to a helper). Local variables of that
        type usually point into a map value, which is read directly."""
        n = strip(node, parens=True)
        decl = n.get("referencedDecl", {}) if n.get("kind") == "DeclRefExpr" else {}
        if decl.get("kind") != "ParmVarDecl" or self.is_ctx_root(n):
            return False
        t = qualtype(n).strip()
        return t.endswith("*") and self.is_kernel_ptr(t[:-1].rstrip())

    def _assigned_value(self, var_id: str | None, var_type: str, value: dict) -> None:
        """Visit ``value`` (an initializer or the right side of ``var = value``); a pointer
        variable given a value read from kernel memory becomes external."""
        inner = value
        while inner.get("kind") in ("ParenExpr", "CStyleCastExpr", "ImplicitCastExpr") and \
                inner.get("inner") and inner.get("castKind") != "ArrayToPointerDecay":
            inner = inner["inner"][0]
        read = False
        if inner.get("kind") in ("MemberExpr", "ArraySubscriptExpr"):
            read = self.chain(inner, "rvalue")
        elif inner.get("kind") == "UnaryOperator" and inner.get("opcode") == "*" and \
                inner.get("inner"):
            read = self.deref(inner, inner["inner"][0], "rvalue")
        else:
            self.visit(value, "rvalue")
        if read and var_id and "*" in var_type and "(" not in var_type:
            if self.read_nodes.get(strip(inner, parens=True).get("id")) == "any":
                self.params_any.add(var_id)   # read through a parameter: kernel or user
            else:
                self.external.add(var_id)

    def is_ctx_root(self, node: dict) -> bool:
        n = strip(node, parens=True)
        if n.get("kind") != "DeclRefExpr":
            return False
        decl = n.get("referencedDecl", {})
        if decl.get("kind") != "ParmVarDecl":
            return False
        if decl.get("name") == self.ctx_param:
            return True
        tag = pointee_tag(decl.get("type", {}).get("desugaredQualType")
                          or decl.get("type", {}).get("qualType", ""))
        return tag in CTX_STRUCTS

    # traversal -------------------------------------------------------------------------
    def run(self) -> list[_Edit]:
        params = [c for c in self.fn.get("inner", []) if c.get("kind") == "ParmVarDecl"]
        if self.ctx_param is not None and self.mode == "tracing":
            # a program's own parameters after the context (BCC: every one that is not of
            # a fundamental type is an external pointer)
            for p in params[1:]:
                t = p.get("type", {}).get("qualType", "")
                d = p.get("type", {}).get("desugaredQualType") or t
                if d.rstrip().endswith("*") and "(" not in d and \
                        not re.match(r"\s*(?:(?:const|volatile)\s+)*(?:struct|union)\b", d):
                    self.params_any.add(p.get("id"))
        for child in self.fn.get("inner", []):
            if child.get("kind") == "CompoundStmt":
                self.visit(child, "rvalue")
        return self.edits

    def visit(self, node: dict, ctx: str) -> None:
        k = node.get("kind")
        if k in ("UnaryExprOrTypeTraitExpr", "OffsetOfExpr", "TypeTraitExpr"):
            return  # sizeof/alignof: unevaluated
        if self.mode == "packet":
            self.packet(node, ctx)
            return
        if k in ("MemberExpr", "ArraySubscriptExpr"):
            self.chain(node, ctx)
            return
        if k == "UnaryOperator":
            op = node.get("opcode")
            sub = node.get("inner", [None])[0]
            if sub is None:
                return
            if op == "&":
                self.visit(sub, "addr")
            elif op in ("++", "--"):
                self.visit(sub, "lvalue")
            elif op == "*":
                self.deref(node, sub, ctx)
            else:
                self.visit(sub, "rvalue")
            return
        if k == "VarDecl" and node.get("init") and node.get("inner"):
            self._assigned_value(node.get("id"), node.get("type", {}).get("qualType", ""),
                                 node["inner"][-1])
            return
        if k == "BinaryOperator" and node.get("opcode") == "=" and \
                len(node.get("inner", [])) == 2:
            lhs = strip(node["inner"][0], parens=True)
            decl = lhs.get("referencedDecl", {}) if lhs.get("kind") == "DeclRefExpr" else {}
            if decl.get("kind") == "VarDecl":
                self.external.discard(decl.get("id"))
                self.params_any.discard(decl.get("id"))
                self._assigned_value(decl.get("id"), decl.get("type", {}).get("qualType", ""),
                                     node["inner"][1])
                return
        if k in ("BinaryOperator", "CompoundAssignOperator") and \
                (node.get("opcode", "").endswith("=") and
                 node.get("opcode") not in ("==", "!=", "<=", ">=")):
            inner = node.get("inner", [])
            if inner:
                self.visit(inner[0], "lvalue")
            for c in inner[1:]:
                self.visit(c, "rvalue")
            return
        if k == "ImplicitCastExpr":
            ck = node.get("castKind")
            sub_ctx = "decay" if ck == "ArrayToPointerDecay" else \
                ctx if ck == "NoOp" else "rvalue"
            for c in node.get("inner", []):
                self.visit(c, sub_ctx)
            return
        if k == "ParenExpr":
            for c in node.get("inner", []):
                self.visit(c, ctx)
            return
        for c in node.get("inner", []):
            if isinstance(c, dict):
                self.visit(c, "rvalue")
        # VarDecl initializers and the like are under "inner" too

    # chains ------------------------------------------------------------------------------
    def _chain(self, top: dict, ctx: str) -> bool:
        """Rewrite the access chain ending at ``top``; True if its value was read from
        kernel memory (so a pointer it yields points into the kernel)."""
        steps, cur = [], top
        while True:
            k = cur.get("kind")
            if k == "MemberExpr" or (k == "ArraySubscriptExpr" and
                                     len(cur.get("inner", [])) == 2):
                steps.append(cur)
                cur = strip(cur["inner"][0])
            else:
                break
        root = cur
        steps.reverse()
        # the root and the index expressions are expressions of their own
        for s in steps:
            if s["kind"] == "ArraySubscriptExpr":
                self.visit(s["inner"][1], "rvalue")
        root_kernel = False
        if root.get("kind") == "UnaryOperator" and root.get("opcode") == "*":
            root_kernel = self.deref(root, root["inner"][0], "rvalue")
        else:
            self.visit(root, "rvalue")
            # a pointer read from kernel memory earlier, or an array of kernel pointers
            # indexed (`sgs[i]` with `struct scatterlist **sgs`)
            root_kernel = self.is_external(root) or (
                steps[0]["kind"] == "ArraySubscriptExpr" and self.is_kernel_ptr_array(root))
        read_any = False
        if not root_kernel:
            # an address computed from a kernel pointer (`((u8 *)tcphdr)[13]`,
            # `((struct mine *)sk)->f`), or a parameter of the probed function (`buf[0]`)
            where = self.kernel_address(root)
            if strip(root, parens=True).get("kind") == "DeclRefExpr" and where != "any":
                where = None   # a kernel struct pointer itself: its members decide
            root_kernel, read_any = where is not None, where == "any"
        # records the program declared itself are read at the offsets it declared, not
        # relocated (the kernel has no such type for CO-RE to find)
        plain = root_kernel and pointee_tag(qualtype(root)) in self.user_tags
        if self._in_core_macro(top):
            return False   # inside the user's own BPF_CORE_READ(...) / bpf_core_read(...)
        rroot = src_range(root)
        if rroot is None:
            return self._skip(top, steps)

        parts: list = [("src", rroot[0], rroot[1])]   # the expression so far
        pending = None          # [head parts, [segment parts, ...]]: a BPF_CORE_READ
        reading = root_kernel   # from here on, values come from kernel memory
        prev_end = rroot[1]
        arrow_base = None       # an anonymous member reached through '->'
        for s in steps:
            if s["kind"] == "MemberExpr":
                if not s.get("name"):
                    if s.get("isArrow"):
                        arrow_base = s["inner"][0]
                    continue    # anonymous struct/union member: no text of its own
                mt = member_token(s)
                if mt is None:
                    return self._skip(top, steps)
                if mt[2] and mt[1] == prev_end:
                    continue    # more members spelled by the same macro token
                m_start, m_end = mt[0], mt[1]
                if not mt[2] and m_end - m_start != len(s["name"]):
                    return self._skip(top, steps)
                gap = self.text[prev_end:m_start]
                op = strip_comments(gap)
                arrow = s.get("isArrow") or arrow_base is not None
                if op != ("->" if arrow else "."):
                    return self._skip(top, steps)
                base = arrow_base if arrow_base is not None else s["inner"][0]
                arrow_base = None
                if arrow and (reading or (self.is_kernel_ptr(qualtype(base)) and
                                          not self.is_ctx_root(base))):
                    if pending is None:
                        pending = [parts, []]
                    pending[1].append([("lit", "\n" * gap.count("\n")),
                                       ("src", m_start, m_end)])
                    reading = True
                else:
                    (pending[1][-1] if pending else parts).append(("src", prev_end, m_end))
                prev_end = m_end
                continue
            # ArraySubscriptExpr: base[idx]
            rs, ri = src_range(s), src_range(s["inner"][1])
            if rs is None or ri is None or not prev_end <= ri[0] <= ri[1] <= rs[1]:
                return self._skip(top, steps)
            index = [("src", prev_end, ri[0]), ("idx", ri[0], ri[1]), ("src", ri[1], rs[1])]
            base = s["inner"][0]
            on_array = base.get("kind") == "ImplicitCastExpr" and \
                base.get("castKind") == "ArrayToPointerDecay"
            if not on_array and reading and s is steps[-1] and \
                    ctx in ("addr", "decay", "lvalue"):
                # the address of an element (`&fdt->fd[i]`): read the pointer only
                if pending is not None:
                    parts = [("lit", "("), *self._flush(parts, pending, plain), ("lit", ")")]
                    pending = None
                parts.extend(index)
            elif not on_array and reading:
                # the pointer was read from the kernel: read the element it points to
                macro = "__PYBPF_READ_ANY(&(" if read_any else "__PYBPF_READ(&("
                parts = [("lit", macro), *self._flush(parts, pending, plain),
                         ("lit", ")"), *self._hoist_index(index), ("lit", ")")]
                pending = None
            else:
                (pending[1][-1] if pending else parts).extend(index)
            prev_end = rs[1]
        rtop_end = prev_end
        if pending is None:
            if parts[0][0] == "lit":
                self._add(rroot[0], rtop_end, parts)
            self._chain_any = read_any
            return reading
        head, segs = pending
        if ctx in ("addr", "decay", "lvalue"):
            # an address, not a value: the last hop stays a plain '->'
            if len(segs) == 1:
                if head[0][0] == "lit":
                    self._add(rroot[0], rtop_end, [*head, ("lit", "->"), *segs[0]])
                return False
            self._add(rroot[0], rtop_end, [("lit", "("),
                                           *self._core_read(head, segs[:-1], plain),
                                           ("lit", ")->"), *segs[-1]])
            return False
        self._add(rroot[0], rtop_end, self._core_read(head, segs, plain))
        return True

    def chain(self, top: dict, ctx: str) -> bool:
        self._chain_any = False
        read = self._chain(top, ctx)
        if read:
            self.read_nodes[top.get("id")] = "any" if self._chain_any else "kernel"
        return read

    def deref(self, node: dict, sub: dict, ctx: str) -> bool:
        """``*E``: a kernel read when E is a kernel pointer or was read from the kernel, or
        an address computed from one (``*(u8 *)((u64)&sk->f - 3)``)."""
        inner = strip(sub)
        kernel, macro = False, "__PYBPF_READ("
        if inner.get("kind") in ("MemberExpr", "ArraySubscriptExpr"):
            kernel = self.chain(inner, "rvalue")
            if self.read_nodes.get(inner.get("id")) == "any":
                macro = "__PYBPF_READ_ANY("
        else:
            self.visit(sub, "rvalue")
            kernel = (self.is_kernel_ptr(qualtype(sub)) or self.is_kernel_ptr_array(sub)
                      or self.is_external(sub)) and not self.is_ctx_root(sub)
        if not kernel:
            where = self.kernel_address(sub)
            kernel = where is not None
            if where == "any":
                macro = "__PYBPF_READ_ANY("
        if not kernel or ctx != "rvalue":
            return False
        r, rs = src_range(node), src_range(sub)
        if r is None or rs is None:
            return False
        self._add(r[0], r[1], [("lit", macro), ("src", rs[0], rs[1]), ("lit", ")")])
        self.read_nodes[node.get("id")] = "any" if macro == "__PYBPF_READ_ANY(" else "kernel"
        return True

    def kernel_address(self, node: dict) -> str | None:
        """Where the pointer value of ``node`` points, as far as casts and arithmetic
        show: "kernel" (a kernel pointer, a pointer read from kernel memory, the address
        of something in kernel memory), "any" (a parameter of the probed function: kernel
        or user memory), or None (the stack, a map value, the context, unknown)."""
        n = node
        while n.get("kind") in ("ParenExpr", "ImplicitCastExpr", "CStyleCastExpr") and \
                n.get("inner"):
            n = n["inner"][0]
        k = n.get("kind")
        if k == "DeclRefExpr":
            if self.is_ctx_root(n):
                return None
            if n.get("referencedDecl", {}).get("id") in self.params_any:
                return "any"
            if self.is_external(n) or self.is_kernel_ptr(qualtype(n)):
                return "kernel"
            return None
        if k in ("MemberExpr", "ArraySubscriptExpr", "UnaryOperator") and \
                n.get("id") in self.read_nodes:
            return self.read_nodes[n.get("id")] if "*" in qualtype(n) else None
        if k == "UnaryOperator" and n.get("opcode") == "&" and n.get("inner"):
            return self._lvalue_in_kernel(n["inner"][0])
        if k == "BinaryOperator" and n.get("opcode") in ("+", "-") and \
                len(n.get("inner", [])) == 2:
            lhs = self.kernel_address(n["inner"][0])
            if lhs is not None or n.get("opcode") == "-":
                return lhs
            return self.kernel_address(n["inner"][1])
        return None

    def _lvalue_in_kernel(self, node: dict) -> str | None:
        """Whether the object ``node`` designates lies in kernel memory (see
        kernel_address)."""
        n = strip(node, parens=True)
        k = n.get("kind")
        if k == "MemberExpr" and n.get("inner"):
            base = n["inner"][0]
            if not n.get("isArrow"):
                return self._lvalue_in_kernel(base)
            if self.is_kernel_ptr(qualtype(base)) and not self.is_ctx_root(base):
                return "kernel"
            return self.kernel_address(base)
        if k == "ArraySubscriptExpr" and len(n.get("inner", [])) == 2:
            base = n["inner"][0]
            if base.get("kind") == "ImplicitCastExpr" and \
                    base.get("castKind") == "ArrayToPointerDecay" and base.get("inner"):
                return self._lvalue_in_kernel(base["inner"][0])
            return self.kernel_address(base)
        if k == "UnaryOperator" and n.get("opcode") == "*" and n.get("inner"):
            return self.kernel_address(n["inner"][0])
        return None

    # helpers ---------------------------------------------------------------------------------
    def _core_read(self, head, segs, plain: bool = False) -> list:
        """BPF_CORE_READ(head, seg, ...) (BPF_PROBE_READ, not relocated, when ``plain``).
        Reads nested in the head or in an index are evaluated first into temporaries: clang
        rejects a preserve_access_index builtin nested in another."""
        decls = []
        if any(p[0] == "lit" and p[1].strip() for p in head) or \
                any(p[0] != "lit" and self._has_edit(p[1], p[2]) for p in head):
            n = self._tmp()
            decls += [("lit", f"__auto_type ___r{n} = ("), *head, ("lit", "); ")]
            head = [("lit", f"___r{n}")]
        out_segs = []
        for seg in segs:
            hoisted = self._hoist_index(seg, decls)
            out_segs.append(hoisted)
        core = [("lit", "BPF_PROBE_READ(" if plain else "BPF_CORE_READ("), *head]
        for seg in out_segs:
            core += [("lit", ", "), *seg]
        core.append(("lit", ")"))
        if decls:
            return [("lit", "({ "), *decls, *core, ("lit", "; })")]
        return core

    def _hoist_index(self, parts, decls=None) -> list:
        """Index expressions holding reads of their own, moved into temporaries (when
        ``decls`` collects their declarations) or kept in place."""
        if decls is None:
            return parts
        out = []
        for p in parts:
            if p[0] == "idx" and self._has_edit(p[1], p[2]):
                n = self._tmp()
                decls += [("lit", f"__auto_type ___i{n} = ("), ("src", p[1], p[2]),
                          ("lit", "); ")]
                out.append(("lit", f"___i{n}"))
            else:
                out.append(p)
        return out

    def _flush(self, parts, pending, plain: bool = False):
        return self._core_read(*pending, plain) if pending else parts

    def _has_edit(self, start, end) -> bool:
        return any(start <= e.start and e.end <= end for e in self.edits)

    def _tmp(self) -> int:
        self.ntmp = getattr(self, "ntmp", 0) + 1
        return self.ntmp

    def _in_core_macro(self, node: dict) -> bool:
        begin = node.get("range", {}).get("begin") or {}
        ex = begin.get("expansionLoc")
        if not ex or not ex.get("isMacroArgExpansion") or ex.get("_file") != MAIN:
            return False
        m = re.match(r"\w+", self.text[ex["offset"]:ex["offset"] + 64])
        return bool(m and _CORE_MACRO.fullmatch(m.group()))

    def _add(self, start, end, parts):
        self.edits.append(_Edit(start, end, parts))

    def _skip(self, top, steps=()) -> bool:
        """Leave a chain as written; remember where (for a warning) if it reads through a
        kernel pointer (not for the context: PT_REGS_PARM1(ctx) is ``ctx->di``)."""
        if any(s.get("kind") == "MemberExpr" and s.get("isArrow") and
               self.is_kernel_ptr(qualtype(s["inner"][0])) and
               not self.is_ctx_root(s["inner"][0]) for s in steps):
            begin = top.get("range", {}).get("begin") or {}
            loc = begin.get("expansionLoc", begin)
            if loc.get("_file") == MAIN and "offset" in loc:
                self.skipped.append(loc["offset"])
        return False


_CORE_MACRO = re.compile(r"BPF_CORE_READ\w*|bpf_core_\w+|BPF_PROBE_READ\w*|"
                         r"bpf_probe_read\w*|__builtin_\w+")


def render(text: str, start: int, end: int, edits: list[_Edit]) -> str:
    """Text of ``[start, end)`` with the edits inside it applied (nested edits inside the
    source parts of an edit are applied when that part is rendered). Each replacement keeps
    the line count of what it replaces."""
    inside = sorted((e for e in edits if start <= e.start and e.end <= end),
                    key=lambda e: (e.start, -e.end))
    out, pos = [], start
    for e in inside:
        if e.start < pos:
            continue   # nested in (or overlapping) an edit already applied
        out.append(text[pos:e.start])
        rep = []
        for p in e.parts:
            rep.append(p[1] if p[0] == "lit" else render(text, p[1], p[2], edits))
        rep_text = "".join(rep)
        missing = text.count("\n", e.start, e.end) - rep_text.count("\n")
        out.append(rep_text + "\n" * max(missing, 0))
        pos = e.end
    out.append(text[pos:end])
    return "".join(out)


def dedupe(edits: list[_Edit]) -> list[_Edit]:
    """One edit per range (macro arguments appear once per use in the AST); of two edits
    that overlap without nesting, the first wins."""
    seen, out = set(), []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if (e.start, e.end) in seen:
            continue
        if any(o.start < e.start < o.end < e.end for o in out):
            continue
        seen.add((e.start, e.end))
        out.append(e)
    return out


def compute(text: str, functions: list[dict], user_tags: set[str], cflags=(),
            include_dirs=(), cache_extra: str | None = ""):
    """Implicit-read edits for ``functions`` of the analysis ``text``.

    ``functions``: dicts with ``name`` (as in the text, i.e. with AST_PREFIX),
    ``ctx_param`` (the program's context parameter name or None), ``start``/``end`` (the
    body's range in ``text``). Returns (``{name: [(start, end, replacement), ...]}``, status,
    skipped chain offsets) where status is "run", "cached" or "failed". ``cache_extra``
    is folded into the cache key (the contents of local headers); None disables caching.
    """
    key = cache_key(text, cflags, "\0".join([*include_dirs, cache_extra or ""]))
    if key is not None and cache_extra is not None:
        hit = cache_get(key)
        if hit is not None:
            return {k: [tuple(e) for e in v] for k, v in hit["edits"].items()}, "cached", \
                hit.get("skipped", [])
    if key is None:
        return {}, "failed", []
    decls = clang_ast(text, cflags, include_dirs)
    if decls is None:
        return {}, "failed", []
    wanted = {f["name"]: f for f in functions}
    result, skipped = {}, []
    for d in decls:
        annotate_files(d)
        f = wanted.get(d.get("name"))
        if f is None or d.get("kind") != "FunctionDecl" or \
                not any(c.get("kind") == "CompoundStmt" for c in d.get("inner", [])):
            continue
        fd = FunctionDeref(text, d, user_tags, f.get("ctx_param"), f.get("mode", "tracing"))
        edits = dedupe(fd.run())
        skipped += fd.skipped
        top, pos = [], f["start"]
        for e in sorted(edits, key=lambda e: (e.start, -e.end)):
            if e.start < pos or e.start < f["start"] or e.end > f["end"]:
                continue
            top.append((e.start, e.end, render(text, e.start, e.end, edits)))
            pos = e.end
        if top:
            result[f["name"]] = top
    if key is not None and cache_extra is not None:
        cache_put(key, {"edits": result, "skipped": skipped})
    return result, "run", skipped
