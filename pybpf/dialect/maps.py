"""BCC table declarations -> BTF-defined maps, and table method calls -> helper calls.

Declarations (``BPF_HASH(counts, struct key_t, u64, 1024);``) become one-line libbpf map
definitions with the name as written::

    struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, u64);
             __uint(max_entries, 1024); } counts SEC(".maps");

``__type(key/value, T)`` puts named key and leaf types into the object's BTF, where the
facade finds them. Maps whose kernel side takes no BTF (prog arrays, perf event arrays,
cgroup arrays) use ``key_size``/``value_size`` instead.

Method calls on tables are in ``methods``.
"""
from __future__ import annotations

import ast
import operator
import re

from ..errors import RewriteError
from .lexer import Token, span_text, split_args, squeeze
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
    "BPF_TABLE_PUBLIC": "tables shared between BPF modules",
    "BPF_TABLE_SHARED": "tables shared between BPF modules",
    "BPF_QUEUESTACK_PUBLIC": "tables shared between BPF modules",
    "BPF_QUEUESTACK_SHARED": "tables shared between BPF modules",
}
DECL_MACROS = set(_SHAPES) | set(_UNSUPPORTED) | {"BPF_TABLE", "BPF_F_TABLE",
                                                   "BPF_HASH_OF_MAPS", "BPF_QUEUESTACK",
                                                   "BPF_TABLE_PINNED",
                                                   "BPF_QUEUESTACK_PINNED"}

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
          "perf_array": ("int", "u32"), "cgroup_array": ("int", "u32")}
# fixed key and leaf types of the other kernel-defined maps (BCC's)
_FIXED = {"devmap": ("u32", "int"), "cpumap": ("u32", "u32"), "xskmap": ("u32", "int"),
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
        self.pin_path: str | None = None   # BPF_TABLE_PINNED / "type:path"
        self.cname = name            # the C identifier (differs when the name clashes)
        self.inner_cname = inner

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
            f.append(f"__type(key, {self.key});")
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
        if self.kind in ("array_of_maps", "hash_of_maps"):
            # a flexible array member: it must come last
            f.append(f"__array(values, __typeof__({self.inner_cname}));")
        text = "struct { " + " ".join(f) + " } " + self.cname + ' SEC(".maps");'
        if self.kind in ("ringbuf", "perf_output"):   # records refused (see bcc_maps.h)
            text += f" __u64 {self.cname}__pybpf_drops;"
        return text

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
                         self.inner, self.line, self.cname, self.pin_path)


def parse_decl(text: str, tokens: list[Token], d: Decl, filename: str) -> Table:
    """The Table a declaration macro describes (RewriteError for what we cannot do)."""
    line = tokens[d.first].line
    args = [squeeze(span_text(text, tokens, a, b))
            for a, b in split_args(tokens, d.lparen, d.rparen)]
    macro = d.macro
    if macro in _UNSUPPORTED:
        raise _err(filename, line, f"{macro} is not supported: pybpf has no {_UNSUPPORTED[macro]}")
    if macro == "BPF_TABLE_PINNED":
        # BPF_TABLE_PINNED(type, key, leaf, name, size, "path"[, flags])
        if len(args) not in (6, 7):
            raise _err(filename, line, f"{macro} takes 6 or 7 arguments, got {len(args)}")
        ttype, path = _unquote(args[0]), _unquote(args[5])
        if ttype is None or path is None:
            raise _err(filename, line, f"{macro}: the table type and the pin path must be "
                                       "string literals")
        return _table_from_type(f"{ttype}:{path}", args[1], args[2], args[3], args[4],
                                args[6] if len(args) > 6 else None, line, filename, macro)
    if macro == "BPF_QUEUESTACK_PINNED":
        # BPF_QUEUESTACK_PINNED(type, name, leaf, size, flags, "path")
        if len(args) != 6:
            raise _err(filename, line, f"{macro} takes 6 arguments, got {len(args)}")
        ttype, path = _unquote(args[0]), _unquote(args[5])
        if ttype is None or path is None:
            raise _err(filename, line, f"{macro}: the type and the pin path must be string "
                                       "literals")
        args = [f'"{ttype}:{path}"', *args[1:5]]
        macro = "BPF_QUEUESTACK"
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
        ttype, _, path = (_unquote(args[0]) or "").partition(":")
        if ttype not in ("queue", "stack"):
            raise _err(filename, line, f"BPF_QUEUESTACK type '{ttype}' is not supported")
        table = Table(args[1], ttype, None, args[2], args[3],
                      args[4] if len(args) > 4 else None, line)
        if path:
            table.pin_path = _pin_path(path, filename, line, "BPF_QUEUESTACK_PINNED")
        return table
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
    elif kind in _FIXED:
        key, leaf = _FIXED[kind]
    return Table(vals["name"], kind, key, leaf, size, flags, line, inner)


def _pin_path(path: str, filename, line, macro) -> str:
    if not path.startswith("/"):
        raise _err(filename, line, f"{macro}: the pin path '{path}' must be absolute (a file "
                                   "in a BPF filesystem, e.g. /sys/fs/bpf/name)")
    return path


def _table_from_type(ttype, key, leaf, name, size, flags, line, filename, macro) -> Table:
    pin_path = None
    if ":" in ttype:    # "hash:/sys/fs/bpf/name": BCC's pinned table
        ttype, pin_path = ttype.split(":", 1)
        pin_path = _pin_path(pin_path, filename, line, macro)
        table = _table_from_type(ttype, key, leaf, name, size, flags, line, filename, macro)
        table.pin_path = pin_path
        return table
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
