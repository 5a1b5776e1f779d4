"""BCC table method calls -> helper calls.

``counts.increment(key)`` is rewritten by replacing only the tokens ``counts . increment (``
with ``__pybpf_increment_hash_atomic(counts, `` - a macro from ``pybpf/bcc_maps.h``. The
arguments stay where they are, so calls nest, span lines and sit anywhere in expressions
without the rewriter re-parsing them (and clang reports errors in them at the user's line).

Semantics follow BCC's rewriter, with two deliberate differences: ``increment`` creates a
missing element for every hash flavour (BCC: plain hashes only) and retries the add when
another CPU created it first, and on maps shared between CPUs (all but per-CPU ones) it adds
atomically (BCC's ``increment`` was a plain ``+=``; ``atomic_increment`` was atomic).
"""
from __future__ import annotations

from ..errors import RewriteError
from .lexer import IDENT, Token, span_text, split_args, squeeze
from .maps import HASH_LIKE, PERCPU, Table

# method -> (macro, min args, max args, allowed kinds or None for "any")
_MAPLIKE = HASH_LIKE | {"array", "percpu_array", "histogram", "lpm_trie", "cgroup_storage",
                        "percpu_cgroup_storage", "array_of_maps", "hash_of_maps", "xskmap",
                        "sockmap", "sockhash", "devmap", "cpumap", "prog_array"}
METHODS = {
    "lookup": ("__pybpf_lookup", 1, 1, _MAPLIKE),
    "lookup_or_try_init": ("__pybpf_lookup_or_try_init", 2, 2, _MAPLIKE),
    "lookup_or_init": ("__pybpf_lookup_or_init", 2, 2, _MAPLIKE),
    "update": ("__pybpf_update", 2, 2, _MAPLIKE),
    "insert": ("__pybpf_insert", 2, 2, _MAPLIKE),
    "delete": ("__pybpf_delete", 1, 1, _MAPLIKE),
    "increment": (None, 1, 2, HASH_LIKE | {"array", "percpu_array", "histogram"}),
    "atomic_increment": (None, 1, 2, HASH_LIKE | {"array", "percpu_array", "histogram"}),
    "perf_submit": ("__pybpf_perf_submit", 3, 3, {"perf_output"}),
    "perf_submit_skb": ("__pybpf_perf_submit_skb", 4, 4, {"perf_output"}),
    "perf_read": ("__pybpf_perf_read", 1, 1, {"perf_array"}),
    "perf_counter_value": ("__pybpf_perf_counter_value", 3, 3, {"perf_array"}),
    "ringbuf_output": ("__pybpf_ringbuf_output", 3, 3, {"ringbuf"}),
    "ringbuf_reserve": ("__pybpf_ringbuf_reserve", 1, 1, {"ringbuf"}),
    "ringbuf_submit": ("__pybpf_ringbuf_submit", 2, 2, {"ringbuf"}),
    "ringbuf_discard": ("__pybpf_ringbuf_discard", 2, 2, {"ringbuf"}),
    "ringbuf_query": ("__pybpf_ringbuf_query", 1, 1, {"ringbuf"}),
    "call": ("__pybpf_call", 2, 2, {"prog_array"}),
    "get_stackid": ("__pybpf_get_stackid", 2, 2, {"stack_trace", "stack_trace_buildid"}),
    "push": ("__pybpf_push", 2, 2, {"queue", "stack"}),
    "pop": ("__pybpf_pop", 1, 1, {"queue", "stack"}),
    "peek": ("__pybpf_peek", 1, 1, {"queue", "stack"}),
    "redirect_map": ("__pybpf_redirect_map", 2, 2, {"devmap", "cpumap", "xskmap"}),
    "check_current_task": ("__pybpf_check_current_task", 1, 1, {"cgroup_array"}),
    "sk_storage_get": ("__pybpf_sk_storage_get", 3, 3, {"sk_storage"}),
    "sk_storage_delete": ("__pybpf_sk_storage_delete", 1, 1, {"sk_storage"}),
    "inode_storage_get": ("__pybpf_inode_storage_get", 3, 3, {"inode_storage"}),
    "inode_storage_delete": ("__pybpf_inode_storage_delete", 1, 1, {"inode_storage"}),
    "task_storage_get": ("__pybpf_task_storage_get", 3, 3, {"task_storage"}),
    "task_storage_delete": ("__pybpf_task_storage_delete", 1, 1, {"task_storage"}),
    "get_local_storage": ("__pybpf_get_local_storage", 1, 1,
                          {"cgroup_storage", "percpu_cgroup_storage"}),
    "sock_map_update": ("__pybpf_sock_map_update", 3, 3, {"sockmap"}),
    "sock_hash_update": ("__pybpf_sock_hash_update", 3, 3, {"sockhash"}),
    "msg_redirect_hash": ("__pybpf_msg_redirect_hash", 3, 3, {"sockhash"}),
    "sk_redirect_hash": ("__pybpf_sk_redirect_hash", 3, 3, {"sockhash"}),
    "msg_redirect_map": ("__pybpf_msg_redirect_map", 3, 3, {"sockmap"}),
    "sk_redirect_map": ("__pybpf_sk_redirect_map", 3, 3, {"sockmap"}),
}
# methods whose record type is pinned in BTF (and reported as the table's event_type)
_EVENT_ARG = {"perf_submit": 1, "ringbuf_output": 0, "ringbuf_submit": 0}


class MethodCall:
    """A ``table.method(`` found in a function body, with its replacement prefix."""

    def __init__(self, table: Table, method: str, first: int, lparen: int, rparen: int):
        self.table, self.method = table, method
        self.first, self.lparen, self.rparen = first, lparen, rparen
        self.prefix = ""
        self.event_expr: str | None = None   # the expression whose type is the record type
        self.sizeof_type: str | None = None  # T of ringbuf_reserve(sizeof(T))


def find_method_calls(text: str, tokens: list[Token], start: int, end: int,
                      tables: dict[str, Table], pairs: dict[int, int],
                      filename: str) -> list[MethodCall]:
    """Every ``table.method(...)`` in tokens ``[start, end)``, validated."""
    calls = []
    for i in range(start, end - 3):
        t = tokens[i]
        if t.kind != IDENT or t.text not in tables:
            continue
        if tokens[i + 1].text != "." or tokens[i + 2].kind != IDENT or \
                tokens[i + 3].text != "(":
            continue
        if i > 0 and tokens[i - 1].text in (".", "->"):
            continue   # a struct member that happens to share the table's name
        table, method = tables[t.text], tokens[i + 2].text
        line = t.line
        if method not in METHODS:
            raise _err(filename, line, f"'{method}' is not a method of BPF tables "
                                       f"(table '{table.name}')")
        macro, lo, hi, kinds = METHODS[method]
        if kinds is not None and table.kind not in kinds:
            raise _err(filename, line, f"{method}() is not available on table "
                                       f"'{table.name}' of type {table.kind}")
        rparen = pairs[i + 3]
        args = split_args(tokens, i + 3, rparen)
        if not lo <= len(args) <= hi:
            want = str(lo) if lo == hi else f"{lo} or {hi}"
            raise _err(filename, line, f"{table.name}.{method}() takes {want} argument"
                                       f"{'s' if hi > 1 else ''}, got {len(args)}")
        call = MethodCall(table, method, i, i + 3, rparen)
        if method in ("increment", "atomic_increment"):
            shape = "hash" if table.base_kind in HASH_LIKE else "array"
            atomic = method == "atomic_increment" or table.kind not in PERCPU
            macro = f"__pybpf_increment_{shape}{'_atomic' if atomic else ''}"
        if method == "lookup" and table.kind in ("array_of_maps", "hash_of_maps"):
            macro = "__pybpf_lookup_untyped"   # the inner map, as void * (BCC's type)
        if method == "insert" and table.base_kind in ("array", "percpu_array"):
            pass  # BCC warns; the update simply fails with EEXIST, as in the kernel
        call.prefix = f"{macro}({table.name}" + (", " if args else "")
        if method in _EVENT_ARG:
            a, b = args[_EVENT_ARG[method]]
            call.event_expr = squeeze(span_text(text, tokens, a, b))
        elif method == "ringbuf_reserve":
            a, b = args[0]
            if b - a >= 3 and tokens[a].text == "sizeof" and tokens[a + 1].text == "(" and \
                    pairs[a + 1] == b - 1:
                call.sizeof_type = squeeze(span_text(text, tokens, a + 2, b - 1))
        calls.append(call)
    return calls


def _err(filename, line, msg):
    return RewriteError(f"{filename}:{line}: {msg}", filename=filename, line=line)
