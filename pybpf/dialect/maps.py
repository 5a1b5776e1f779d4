"""BCC table declarations -> BTF-defined maps, and table method calls -> helper calls.

Declarations (``BPF_HASH(counts, struct key_t, u64, 1024);``) become one-line libbpf map
definitions with the name as written::

    struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, u64);
             __uint(max_entries, 1024); } counts SEC(".maps");

``__type(key/value, T)`` puts named key and leaf types into the object's BTF, where the
facade finds them. Maps whose kernel side takes no BTF (prog arrays, perf event arrays,
cgroup arrays) use ``key_size``/``value_size`` instead.

Method calls (``counts.increment(key)``) are rewritten by replacing only the tokens
``counts . increment (`` with ``__pybpf_increment_hash(counts, `` - a macro from
``pybpf/bcc_maps.h``. The arguments stay where they are, so calls nest, span lines and
sit anywhere in expressions without the rewriter re-parsing them.
"""
from __future__ import annotations

import ast
import operator
import re

from ..errors import RewriteError
from .lexer import IDENT, NUMBER, STRING, Token, span_text, split_args, squeeze
from .scanner import Decl
from .specs import TableSpec

# macro -> (kind, argument names in order, defaults for trailing arguments)
_SHAPES = {
    "BPF_HASH": ("hash", ("name", "key", "leaf", "size"), ("u64", "u64", "10240")),
    "BPF_LRU_HASH": ("lru_hash", ("name", "key", "leaf", "size"), ("u64", "u64", "10240")),
    "BPF_PERCPU_HASH": ("percpu_hash", ("name", "key", "leaf", "size"),
                        ("u64", "u64", "10240")),
    "BPF_LRU_PERCPU_HASH": ("lru_percpu_hash", ("name", "key", "leaf", "size"),
                            ("u64", "u64", "10240")),
    "BPF_ARRAY": ("array", ("name", "leaf", "size"), ("u64", "10240")),
    "BPF_PERCPU_ARRAY": ("percpu_array", ("name", "leaf", "size"), ("u64", "10240")),
    "BPF_HISTOGRAM": ("histogram", ("name", "key", "size"), ("int", "64")),
    "BPF_LPM_TRIE": ("lpm_trie", ("name", "key", "leaf", "size"), ("u64", "u64", "10240")),
    "BPF_PERF_OUTPUT": ("perf_output", ("name",), ()),
    "BPF_PERF_ARRAY": ("perf_array", ("name", "size"), ()),
    "BPF_RINGBUF_OUTPUT": ("ringbuf", ("name", "pages"), ()),
    "BPF_PROG_ARRAY": ("prog_array", ("name", "size"), ()),
    "BPF_STACK_TRACE": ("stack_trace", ("name", "size"), ()),
    "BPF_STACK_TRACE_BUILDID": ("stack_trace_buildid", ("name", "size"), ()),
    "BPF_QUEUE": ("queue", ("name", "leaf", "size", "flags"), ("0",)),
    "BPF_STACK": ("stack", ("name", "leaf", "size", "flags"), ("0",)),
    "BPF_CGROUP_ARRAY": ("cgroup_array", ("name", "size"), ()),
    "BPF_DEVMAP": ("devmap", ("name", "size"), ()),
    "BPF_CPUMAP": ("cpumap", ("name", "size"), ()),
    "BPF_XSKMAP": ("xskmap", ("name", "size"), ()),
    "BPF_ARRAY_OF_MAPS": ("array_of_maps", ("name", "inner", "size"), ("10240",)),
    "BPF_SK_STORAGE": ("sk_storage", ("name", "leaf"), ()),
    "BPF_INODE_STORAGE": ("inode_storage", ("name", "leaf"), ()),
    "BPF_TASK_STORAGE": ("task_storage", ("name", "leaf"), ()),
    "BPF_CGROUP_STORAGE": ("cgroup_storage", ("name", "leaf"), ()),
    "BPF_PERCPU_CGROUP_STORAGE": ("percpu_cgroup_storage", ("name", "leaf"), ()),
    "BPF_SOCKMAP": ("sockmap", ("name", "size"), ()),
    "BPF_SOCKHASH": ("sockhash", ("name", "key", "size"), ("u32", "10240")),
}
_UNSUPPORTED = {
    "BPF_TABLE_PINNED": "pinned tables (pin the map from Python with the table's fd)",
    "BPF_QUEUESTACK_PINNED": "pinned tables (pin the map from Python with the table's fd)",
    "BPF_TABLE_PUBLIC": "tables shared between BPF modules",
    "BPF_TABLE_SHARED": "tables shared between BPF modules",
    "BPF_QUEUESTACK_PUBLIC": "tables shared between BPF modules",
    "BPF_QUEUESTACK_SHARED": "tables shared between BPF modules",
}
DECL_MACROS = set(_SHAPES) | set(_UNSUPPORTED) | {"BPF_TABLE", "BPF_F_TABLE",
                                                   "BPF_HASH_OF_MAPS", "BPF_QUEUESTACK"}

# BCC's BPF_TABLE type strings (and our own kind names) -> kind
_TABLE_TYPES = {"hash": "hash", "array": "array", "percpu_hash": "percpu_hash",
                "percpu_array": "percpu_array", "lru_hash": "lru_hash",
                "lru_percpu_hash": "lru_percpu_hash", "lpm_trie": "lpm_trie",
                "histogram": "histogram", "prog": "prog_array", "prog_array": "prog_array",
                "perf_output": "perf_output", "perf_array": "perf_array",
                "cgroup_array": "cgroup_array", "stacktrace": "stack_trace",
                "stack_trace": "stack_trace", "devmap": "devmap", "cpumap": "cpumap",
                "xskmap": "xskmap", "queue": "queue", "stack": "stack", "ringbuf": "ringbuf",
                "array_of_maps": "array_of_maps", "hash_of_maps": "hash_of_maps",
                "sk_storage": "sk_storage", "inode_storage": "inode_storage",
                "task_storage": "task_storage", "sockmap": "sockmap", "sockhash": "sockhash",
                "cgroup_storage": "cgroup_storage",
                "percpu_cgroup_storage": "percpu_cgroup_storage"}

_MAP_TYPE = {"hash": "HASH", "array": "ARRAY", "percpu_hash": "PERCPU_HASH",
             "percpu_array": "PERCPU_ARRAY", "lru_hash": "LRU_HASH",
             "lru_percpu_hash": "LRU_PERCPU_HASH", "lpm_trie": "LPM_TRIE",
             "prog_array": "PROG_ARRAY", "perf_output": "PERF_EVENT_ARRAY",
             "perf_array": "PERF_EVENT_ARRAY", "cgroup_array": "CGROUP_ARRAY",
             "stack_trace": "STACK_TRACE", "devmap": "DEVMAP", "cpumap": "CPUMAP",
             "xskmap": "XSKMAP", "queue": "QUEUE", "stack": "STACK", "ringbuf": "RINGBUF",
             "array_of_maps": "ARRAY_OF_MAPS", "hash_of_maps": "HASH_OF_MAPS",
             "sk_storage": "SK_STORAGE", "inode_storage": "INODE_STORAGE",
             "task_storage": "TASK_STORAGE", "sockmap": "SOCKMAP", "sockhash": "SOCKHASH",
             "cgroup_storage": "CGROUP_STORAGE",
             "percpu_cgroup_storage": "PERCPU_CGROUP_STORAGE"}
HASH_LIKE = {"hash", "lru_hash", "percpu_hash", "lru_percpu_hash"}
PERCPU = {"percpu_hash", "percpu_array", "lru_percpu_hash"}
# kernel maps that take no BTF key/value: sizes instead of __type()
_SIZED = {"prog_array": ("u32", "u32"), "perf_output": ("int", "u32"),
          "perf_array": ("int", "u32"), "cgroup_array": ("int", "u32"),
          "devmap": ("u32", "int"), "cpumap": ("u32", "u32"), "xskmap": ("u32", "int"),
          "sockmap": ("u32", "int")}


def _err(filename, line, msg):
    return RewriteError(f"{filename}:{line}: {msg}", filename=filename, line=line)


def _unquote(s: str) -> str | None:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return s[1:-1]
    return None


class Table:
    """A declared table while the rewrite runs (becomes a TableSpec at the end)."""

    def __init__(self, name, kind, key, leaf, size, flags, line, inner=None):
        self.name, self.kind, self.key, self.leaf = name, kind, key, leaf
        self.size, self.flags, self.line, self.inner = size, flags, line, inner
        self.event_type: str | None = None

    @property
    def map_type(self) -> str:
        if self.kind == "histogram":
            return "BPF_MAP_TYPE_ARRAY" if squeeze(self.key) == "int" else "BPF_MAP_TYPE_HASH"
        if self.kind == "stack_trace_buildid":
            return "BPF_MAP_TYPE_STACK_TRACE"
        return "BPF_MAP_TYPE_" + _MAP_TYPE[self.kind]

    @property
    def base_kind(self) -> str:
        """hash/array semantics behind histograms (what increment() does)."""
        if self.kind == "histogram":
            return "array" if self.map_type.endswith("_ARRAY") else "hash"
        return self.kind

    def definition(self) -> str:
        """The one-line BTF map definition."""
        f = [f"__uint(type, {self.map_type});"]
        if self.kind in _SIZED:
            k, v = _SIZED[self.kind]
            f.append(f"__uint(key_size, sizeof({k})); __uint(value_size, sizeof({v}));")
        elif self.kind in ("array_of_maps", "hash_of_maps"):
            f.append(f"__type(key, {self.key}); __array(values, __typeof__({self.inner}));")
        elif self.kind in ("queue", "stack"):
            f.append(f"__type(value, {self.leaf});")
        elif self.kind != "ringbuf":
            f.append(f"__type(key, {self.key}); __type(value, {self.leaf});")
        if self.kind == "ringbuf":
            f.append(f"__uint(max_entries, ({self.size}) * __PYBPF_PAGE_SIZE);")
        elif self.size is not None:
            f.append(f"__uint(max_entries, {self.size});")
        if self.flags and self.flags != "0":
            f.append(f"__uint(map_flags, {self.flags});")
        return "struct { " + " ".join(f) + " } " + self.name + ' SEC(".maps");'

    def spec(self, consts: dict[str, int]) -> TableSpec:
        kind = "stack_trace" if self.kind == "stack_trace_buildid" else self.kind
        key, leaf = self.key, self.leaf
        if self.kind in _SIZED:
            key, leaf = _SIZED[self.kind]
        if self.kind == "ringbuf":
            key = leaf = None
        if self.kind in ("queue", "stack"):
            key = None
        if self.kind == "perf_output":
            size = 0
        elif self.kind == "ringbuf":
            pages = evaluate(self.size, consts)
            size = pages * 4096 if pages is not None else None
        else:
            size = evaluate(self.size, consts) if self.size is not None else None
        return TableSpec(self.name, kind, key, leaf, size, self.event_type, self.map_type,
                         self.flags if self.flags and self.flags != "0" else None,
                         self.inner, self.line)


def parse_decl(text: str, tokens: list[Token], d: Decl, filename: str) -> Table:
    """The Table a declaration macro describes (RewriteError for what we cannot do)."""
    line = tokens[d.first].line
    args = [squeeze(span_text(text, tokens, a, b))
            for a, b in split_args(tokens, d.lparen, d.rparen)]
    macro = d.macro
    if macro in _UNSUPPORTED:
        raise _err(filename, line, f"{macro} is not supported: pybpf has no {_UNSUPPORTED[macro]}")
    if macro in ("BPF_TABLE", "BPF_F_TABLE"):
        want = 5 if macro == "BPF_TABLE" else 6
        if len(args) != want:
            raise _err(filename, line, f"{macro} takes {want} arguments, got {len(args)}")
        ttype = _unquote(args[0])
        if ttype is None:
            raise _err(filename, line, f"{macro}: the table type must be a string literal, "
                                       f"got {args[0]}")
        flags = args[5] if macro == "BPF_F_TABLE" else None
        return _table_from_type(ttype, args[1], args[2], args[3], args[4], flags, line,
                                filename, macro)
    if macro == "BPF_QUEUESTACK":
        if len(args) not in (4, 5):
            raise _err(filename, line, "BPF_QUEUESTACK takes 4 or 5 arguments")
        ttype = _unquote(args[0]) or ""
        if ttype not in ("queue", "stack"):
            raise _err(filename, line, f"BPF_QUEUESTACK type '{ttype}' is not supported")
        return Table(args[1], ttype, None, args[2], args[3],
                     args[4] if len(args) > 4 else None, line)
    if macro == "BPF_HASH_OF_MAPS":
        # BPF_HASH_OF_MAPS(name, "inner"[, size]) or (name, key, "inner", size)
        if len(args) >= 3 and _unquote(args[2]) is not None:
            name, key, inner = args[0], args[1], _unquote(args[2])
            size = args[3] if len(args) > 3 else "10240"
        elif len(args) >= 2 and _unquote(args[1]) is not None:
            name, key, inner = args[0], "int", _unquote(args[1])
            size = args[2] if len(args) > 2 else "10240"
        else:
            raise _err(filename, line, "BPF_HASH_OF_MAPS needs the inner map's name as a "
                                       "string: BPF_HASH_OF_MAPS(name, key_type, \"inner\", size)")
        return Table(name, "hash_of_maps", key, "int", size, None, line, inner)
    kind, names, defaults = _SHAPES[macro]
    required = len(names) - len(defaults)
    if not required <= len(args) <= len(names):
        raise _err(filename, line, f"{macro} takes {required} to {len(names)} arguments "
                                   f"({', '.join(names)}), got {len(args)}")
    vals = dict(zip(names, args + list(defaults[len(args) - required:])))
    if not re.fullmatch(r"[A-Za-z_]\w*", vals["name"]):
        raise _err(filename, line, f"{macro}: '{vals['name']}' is not a valid table name")
    inner = None
    if kind == "array_of_maps":
        inner = _unquote(vals["inner"])
        if inner is None:
            raise _err(filename, line, "BPF_ARRAY_OF_MAPS needs the inner map's name as a "
                                       "string: BPF_ARRAY_OF_MAPS(name, \"inner\", size)")
    key = vals.get("key", "int")
    leaf = vals.get("leaf", "u64" if kind == "histogram" else "int")
    size = vals.get("size")
    flags = vals.get("flags")
    if kind == "ringbuf":
        size = vals["pages"]
    elif kind == "lpm_trie":
        flags = "BPF_F_NO_PREALLOC"
    elif kind in ("stack_trace", "stack_trace_buildid"):
        key = "u32"
        if kind == "stack_trace":
            leaf = "struct bpf_stacktrace"
        else:
            leaf, flags = "struct bpf_stacktrace_buildid", "BPF_F_STACK_BUILD_ID"
    elif kind in ("sk_storage", "inode_storage", "task_storage"):
        key, size, flags = "int", "0", "BPF_F_NO_PREALLOC"
    elif kind in ("cgroup_storage", "percpu_cgroup_storage"):
        key, size = "struct bpf_cgroup_storage_key", None
    elif kind in ("array_of_maps",):
        key, leaf = "int", "int"
    return Table(vals["name"], kind, key, leaf, size, flags, line, inner)


def _table_from_type(ttype, key, leaf, name, size, flags, line, filename, macro) -> Table:
    if ":" in ttype:
        raise _err(filename, line, f"{macro} type '{ttype}' is not supported: pinned tables "
                                   "are not supported (pin the map from Python)")
    if ttype == "extern":
        raise _err(filename, line, f"{macro} type 'extern' is not supported: tables shared "
                                   "between BPF modules are not supported")
    inner = None
    base = ttype.split("$", 1)[0]
    if base in ("array_of_maps", "hash_of_maps"):
        if "$" not in ttype:
            raise _err(filename, line, f"{macro} type '{ttype}' needs an inner map "
                                       f"('{base}$inner_name')")
        inner = ttype.split("$", 1)[1]
    kind = _TABLE_TYPES.get(base)
    if kind is None:
        raise _err(filename, line, f"{macro} type '{ttype}' is not supported")
    if kind == "lpm_trie" and not flags:
        flags = "BPF_F_NO_PREALLOC"
    if kind == "stack_trace":
        leaf = leaf or "struct bpf_stacktrace"
    return Table(name, kind, key, leaf, size, flags, line, inner)


# --- constant evaluation (for TableSpec.max_entries) -----------------------------------

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.FloorDiv: operator.floordiv, ast.Div: operator.floordiv, ast.Mod: operator.mod,
           ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.BitOr: operator.or_,
           ast.BitAnd: operator.and_, ast.BitXor: operator.xor}


def evaluate(expr: str | None, consts: dict[str, int], _depth: int = 0) -> int | None:
    """Value of a simple integer constant expression, with #define'd names; else None."""
    if expr is None or _depth > 20:
        return None
    e = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b", r"\1", squeeze(expr))
    e = re.sub(r"\b0([0-7]+)\b", r"0o\1", e)
    e = e.replace("/", "//").replace("////", "//")
    try:
        tree = ast.parse(e, mode="eval")
    except SyntaxError:
        return None

    def ev(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in consts:
                return consts[node.id]
            raise ValueError(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        raise ValueError(ast.dump(node))
    try:
        v = ev(tree.body)
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    return v if isinstance(v, int) else None


def object_macros(text: str, tokens: list[Token], directives: list[int],
                  cflags=()) -> dict[str, int]:
    """Integer values of object-like ``#define NAME value`` lines and ``-DNAME=value``."""
    raw: dict[str, str] = {}
    for flag in cflags:
        m = re.fullmatch(r"-D\s*([A-Za-z_]\w*)(?:=(.*))?", flag)
        if m:
            raw[m.group(1)] = m.group(2) if m.group(2) is not None else "1"
    for i in directives:
        m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)(?!\()\s+(.*)", tokens[i].text, re.S)
        if m:
            raw.setdefault(m.group(1), re.sub(r"\\\n", " ", m.group(2)))
    values: dict[str, int] = {}
    for _ in range(4):   # defines that refer to other defines
        for k, v in raw.items():
            if k not in values:
                r = evaluate(v, values)
                if r is not None:
                    values[k] = r
    return values


# --- method calls -------------------------------------------------------------------------

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


def is_string_literal(tokens: list[Token], a: int, b: int) -> bool:
    return b > a and all(tokens[k].kind == STRING for k in range(a, b))


def is_number(tokens: list[Token], a: int, b: int) -> bool:
    return b == a + 1 and tokens[a].kind == NUMBER
