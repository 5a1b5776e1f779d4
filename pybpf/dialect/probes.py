"""Which BPF programs a user function becomes, with which SEC(), and how its extra
parameters are read.

A non-static function with a body is a program. Its name prefix or defining macro says
where BCC auto-attaches it (``ProgramSpec.auto``), and its context parameter says what it can
be loaded as. Because the kernels pybpf targets may lack kprobes, a function that can be a
kprobe is also emitted as syscall-tracepoint programs (the "syscall_enter"/"syscall_exit"
variants) that the facade attaches instead when the kprobe target is a syscall; inside
those copies, ``PT_REGS_PARMn(ctx)`` and the extra parameters read the tracepoint record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import RewriteError
from .lexer import squeeze
from .scanner import Function
from .specs import (GENERIC, KFUNC, KMOD_RET, KPROBE, KRETFUNC, LSM, RAW_TRACEPOINT,
                    SYSCALL_ENTER, SYSCALL_EXIT, TRACEPOINT)

# syscall entry points as get_syscall_fnname() and kallsyms name them; the wrappers take a
# single struct pt_regs * holding the user's registers
_WRAPPER_PREFIXES = ("__x64_sys_", "__ia32_sys_", "__arm64_sys_", "__s390x_sys_",
                     "__s390_sys_", "__riscv_sys_", "__loongarch_sys_")
_DIRECT_PREFIXES = ("__se_sys_", "__do_sys_", "sys_")

# first-parameter type -> context kind
_CTX_TYPES = {
    "struct pt_regs *": "pt_regs", "void *": "void",
    "struct bpf_raw_tracepoint_args *": "raw_tp", "struct bpf_perf_event_data *": "perf_event",
    "struct xdp_md *": "xdp", "struct __sk_buff *": "skb", "struct sk_msg_md *": "sk_msg",
    "struct bpf_sock_ops *": "sockops", "struct bpf_sock_addr *": "sock_addr",
    "struct bpf_sockopt *": "sockopt", "struct bpf_sysctl *": "sysctl",
    "struct sk_reuseport_md *": "sk_reuseport", "struct bpf_sk_lookup *": "sk_lookup",
    "struct bpf_sock *": "cgroup_sock", "struct bpf_cgroup_dev_ctx *": "cgroup_dev",
    "unsigned long long *": "btf_args", "u64 *": "btf_args", "__u64 *": "btf_args",
}
_GENERIC_SEC = {"pt_regs": "kprobe", "void": "kprobe", "none": "kprobe", "other": "kprobe",
                "raw_tp": "raw_tp", "perf_event": "perf_event", "tracepoint": "tracepoint",
                "xdp": "xdp", "skb": "socket", "sk_msg": "sk_msg", "sockops": "sockops",
                "sock_addr": "cgroup/connect4", "sockopt": "cgroup/getsockopt",
                "sysctl": "cgroup/sysctl", "sk_reuseport": "sk_reuseport",
                "sk_lookup": "sk_lookup", "cgroup_sock": "cgroup/sock",
                "cgroup_dev": "cgroup/dev", "btf_args": "raw_tp"}
# contexts whose pointers are plain kernel memory read through bpf_probe_read (tracing)
TRACING_CTX = {"pt_regs", "void", "none", "raw_tp", "perf_event", "tracepoint"}
KPROBE_LIKE = {"pt_regs", "void", "none"}


def syscall_of(func: str) -> tuple[str, bool] | None:
    """(syscall name, takes a wrapper pt_regs) if ``func`` is a syscall's kernel entry."""
    for p in _WRAPPER_PREFIXES:
        if func.startswith(p) and len(func) > len(p):
            return func[len(p):], True
    for p in _DIRECT_PREFIXES:
        if func.startswith(p) and len(func) > len(p):
            return func[len(p):], False
    return None


def ctx_kind(fn: Function) -> tuple[str, str | None]:
    """(kind, tracepoint "cat:ev" for tracepoint structs) of the function's first parameter."""
    if fn.macro in ("TRACEPOINT_PROBE",):
        return "tracepoint", None
    if fn.macro == "RAW_TRACEPOINT_PROBE":
        return "raw_tp", None
    if fn.macro:
        return "btf_args", None
    if not fn.params:
        return "none", None
    t = squeeze(re.sub(r"\b(const|volatile|__restrict|restrict)\b", " ", fn.params[0].type))
    t = re.sub(r"\s*\*", " *", t)
    m = re.fullmatch(r"struct tracepoint__(\w+?)__(\w+) \*", t)
    if m:
        return "tracepoint", f"{m.group(1)}:{m.group(2)}"
    return _CTX_TYPES.get(t, "other"), None


@dataclass
class Variant:
    kind: str          # KPROBE, SYSCALL_ENTER, ...
    cname: str         # the C function name
    section: str       # its SEC()
    params: str        # how extra parameters are read: "regs", "sysregs", "sce", "scx", ""


@dataclass
class Program:
    fn: Function
    name: str                       # the user's name (BCC's name for macro programs)
    auto: tuple[str, str] | None
    variants: list[Variant]
    ctx: str                        # context kind
    tracing: bool                   # implicit kernel reads apply
    user_section: str | None = None


def _err(filename, line, msg):
    return RewriteError(f"{filename}:{line}: {msg}", filename=filename, line=line)


def classify(fn: Function, user_section: str | None, line: int, filename: str) -> Program:
    """The Program (variants, sections, auto-attach) a non-static function becomes."""
    name = fn.name
    kind, tp = ctx_kind(fn)
    if fn.macro:
        return _macro_program(fn, line, filename)
    if user_section is not None:
        return Program(fn, name, None, [Variant(GENERIC, name, user_section, "")], kind,
                       kind in TRACING_CTX, user_section)
    if len(fn.params) > 7:
        raise _err(filename, line, f"'{name}' has {len(fn.params) - 1} extra parameters: "
                                   "only 6 fit in registers (BCC has the same limit)")
    auto, variants = None, []
    extra = len(fn.params) > 1
    if extra and kind not in KPROBE_LIKE | {"other"}:
        raise _err(filename, line, f"'{name}': extra parameters after the context are only "
                                   "read for kprobe-style programs (first parameter "
                                   "struct pt_regs *ctx)")
    if name.startswith(("kprobe__", "kretprobe__")):
        ret = name.startswith("kretprobe__")
        target = name[len("kretprobe__" if ret else "kprobe__"):]
        auto = ("kretprobe" if ret else "kprobe", target)
        sc = syscall_of(target)
        mapping = "sysregs" if sc and sc[1] else "regs"
        variants.append(Variant(KPROBE, name, f"{'kretprobe' if ret else 'kprobe'}/{target}",
                                mapping))
        if sc:
            if ret:
                variants.append(Variant(SYSCALL_EXIT, name + "__scx",
                                        f"tracepoint/syscalls/sys_exit_{sc[0]}", "scx"))
            else:
                variants.append(Variant(SYSCALL_ENTER, name + "__sce",
                                        f"tracepoint/syscalls/sys_enter_{sc[0]}", "sce"))
        return Program(fn, name, auto, variants, kind, kind in TRACING_CTX | {"other"})
    prefixed = [("tracepoint__", TRACEPOINT), ("raw_tracepoint__", RAW_TRACEPOINT),
                ("kfunc__", KFUNC), ("kretfunc__", KRETFUNC), ("kmod_ret__", KMOD_RET),
                ("lsm__", LSM)]
    for prefix, vkind in prefixed:
        if name.startswith(prefix) and len(name) > len(prefix):
            target = name[len(prefix):]
            if vkind == TRACEPOINT:
                if "__" not in target:
                    break
                target = target.replace("__", ":", 1)
                sec = "tracepoint/" + target.replace(":", "/")
            else:
                sec = {RAW_TRACEPOINT: "raw_tp/", KFUNC: "fentry/", KRETFUNC: "fexit/",
                       KMOD_RET: "fmod_ret/", LSM: "lsm/"}[vkind] + target
            return Program(fn, name, (vkind, target), [Variant(vkind, name, sec, "")], kind,
                           vkind in (TRACEPOINT, RAW_TRACEPOINT) and kind in TRACING_CTX)
    if kind in KPROBE_LIKE or (kind == "other" and extra):
        mapping = "sysregs" if name.startswith("syscall__") else "regs"
        variants = [Variant(KPROBE, name, "kprobe", mapping),
                    Variant(SYSCALL_ENTER, name + "__sce", "tracepoint", "sce"),
                    Variant(SYSCALL_EXIT, name + "__scx", "tracepoint", "scx"),
                    Variant(GENERIC, name + "__gen", "kprobe", mapping)]
        return Program(fn, name, None, variants, kind, True)
    return Program(fn, name, None, [Variant(GENERIC, name, _GENERIC_SEC[kind], "")], kind,
                   kind in TRACING_CTX)


def _macro_program(fn: Function, line: int, filename: str) -> Program:
    args = fn.macro_args
    m = fn.macro
    if m == "TRACEPOINT_PROBE":
        if len(args) != 2 or not all(re.fullmatch(r"\w+", a) for a in args):
            raise _err(filename, line, "TRACEPOINT_PROBE takes (category, event)")
        cat, ev = args
        name = f"tracepoint__{cat}__{ev}"
        return Program(fn, name, (TRACEPOINT, f"{cat}:{ev}"),
                       [Variant(TRACEPOINT, name, f"tracepoint/{cat}/{ev}", "")],
                       "tracepoint", True)
    if m == "RAW_TRACEPOINT_PROBE":
        if len(args) != 1 or not re.fullmatch(r"\w+", args[0]):
            raise _err(filename, line, "RAW_TRACEPOINT_PROBE takes (event)")
        name = f"raw_tracepoint__{args[0]}"
        return Program(fn, name, (RAW_TRACEPOINT, args[0]),
                       [Variant(RAW_TRACEPOINT, name, f"raw_tp/{args[0]}", "")], "raw_tp",
                       True)
    if not args or not re.fullmatch(r"\w+", args[0]):
        raise _err(filename, line, f"{m} takes (function, typed arguments...)")
    kind, prefix, sec = {"KFUNC_PROBE": (KFUNC, "kfunc__", "fentry/"),
                         "KRETFUNC_PROBE": (KRETFUNC, "kretfunc__", "fexit/"),
                         "KMOD_RET_PROBE": (KMOD_RET, "kmod_ret__", "fmod_ret/"),
                         "LSM_PROBE": (LSM, "lsm__", "lsm/")}[m]
    name = prefix + args[0]
    return Program(fn, name, (kind, args[0]), [Variant(kind, name, sec + args[0], "")],
                   "btf_args", False)


def macro_header(prog: Program) -> str:
    """The C declarator a probe macro stands for (single line)."""
    fn, m = prog.fn, prog.fn.macro
    if m == "TRACEPOINT_PROBE":
        return f"int {prog.name}(struct {prog.name} *args)"
    if m == "RAW_TRACEPOINT_PROBE":
        return f"int {prog.name}(struct bpf_raw_tracepoint_args *ctx)"
    args = ", ".join(squeeze(a) for a in fn.macro_args[1:])
    return f"int BPF_PROG({prog.name}{', ' + args if args else ''})"


def prologue(prog: Program, variant: Variant) -> str:
    """Declarations of the extra parameters, read as this variant reads them (one line)."""
    fn = prog.fn
    if len(fn.params) <= 1 or not variant.params:
        return ""
    ctx = fn.params[0].name or "ctx"
    out = []
    for n, p in enumerate(fn.params[1:], start=1):
        if not p.name:
            continue
        decl, cast = squeeze(p.text), squeeze(p.type)
        if variant.params == "regs":
            out.append(f"{decl} = ({cast})PT_REGS_PARM{n}((struct pt_regs *){ctx});")
        elif variant.params == "sysregs":
            out.append(f"{decl} = ({cast})__pybpf_sysarg{n}((struct pt_regs *){ctx});")
        elif variant.params == "sce":
            out.append(f"{decl} = ({cast})__pybpf_sce({ctx})->args[{n - 1}];")
        elif variant.params == "scx":
            out.append(f"{decl}; __builtin_memset(&{p.name}, 0, sizeof({p.name}));")
    return " " + " ".join(out) if out else ""
