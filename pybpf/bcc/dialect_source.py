"""BCC-dialect C as a program source: the rewriter's programs, variants and tables."""
from __future__ import annotations

from .. import features
from ..errors import AttachError, PybpfError
from ..object import Object
from ..program import KPROBE, RAW_TRACEPOINT, TRACEPOINT
from .syscalls import syscall_of

_KIND_OF_TYPE = {KPROBE: "kprobe", TRACEPOINT: "tracepoint", RAW_TRACEPOINT: "raw_tracepoint"}


class DialectSource:
    """Rewritten BCC C: each user function has variants (kprobe, syscall tracepoints, ...)."""

    def __init__(self, text: str, *, filename: str, name: str, cflags, include_dirs, debug,
                 usdt: bool = False):
        from ..dialect.cache import cached_rewrite

        self.filename = filename
        self.name = name or "bpf"
        self.cflags = list(cflags)
        self.include_dirs = list(include_dirs)
        self.text = text
        self.result = cached_rewrite(text, filename, cflags=self.cflags, usdt=usdt)
        if debug & 0x4:  # BCC's DEBUG_PREPROCESSOR: show the rewritten C
            print(self.result.source)

    def open(self) -> Object:
        from ..compile import compile_bpf

        compiled = compile_bpf(source=self.result.source, filename=self.filename,
                               origin=self.text, cflags=self.cflags, include_dirs=self.include_dirs,
                               use_vmlinux=True)
        module = Object.from_elf(compiled.data, self.name)
        pinned = [t for t in self.result.tables.values() if t.pin_path]
        if pinned:
            # BPF_TABLE_PINNED: libbpf reuses the map pinned there (when compatible) or
            # creates the map and pins it there at load, as BCC does
            handles = module.map_handles()
            for t in pinned:
                handles[t.elf_name or t.name].set_pin_path(t.pin_path)
        return module

    def _spec(self, name: str):
        try:
            return self.result.programs[name]
        except KeyError:
            raise PybpfError(f"no function {name!r} in the BPF program (functions: "
                             f"{', '.join(sorted(self.result.programs)) or 'none'})") from None

    def variant(self, name: str, kind: str) -> str:
        variants = self._spec(name).variants
        found = variants.get(kind) or variants.get("generic")
        if found is None:
            raise AttachError(f"function {name!r} cannot be used as a {kind} program "
                              f"(it is a {', '.join(variants)} program)")
        return found

    def variant_for(self, name: str, prog_type: int) -> str:
        variants = self._spec(name).variants
        kind = _KIND_OF_TYPE.get(prog_type)
        return variants.get(kind) or variants.get("generic") or next(iter(variants.values()))

    def _auto_variant(self, spec, has_kprobes: bool) -> str | None:
        kind, target = spec.auto
        if kind in ("kprobe", "kretprobe"):
            if has_kprobes:
                return spec.variants.get("kprobe")
            if syscall_of(target):
                return spec.variants.get("syscall_exit" if kind == "kretprobe"
                                         else "syscall_enter")
            return None
        if kind in ("kfunc", "kretfunc"):
            return spec.variants.get(kind) if features.has_fentry() else None
        if kind == "lsm":
            return spec.variants.get(kind) if features.has_lsm() else None
        return spec.variants.get(kind)

    def autoload_variants(self, has_kprobes: bool) -> set[str]:
        return {v for spec in self.result.programs.values() if spec.auto
                for v in [self._auto_variant(spec, has_kprobes)] if v}

    def auto_attachments(self, module: Object):
        # a program inside an #ifdef the preprocessor dropped is not in the object
        present = set(module.program_handles())
        return [(spec.auto[0], spec.auto[1], name)
                for name, spec in self.result.programs.items()
                if spec.auto and present.intersection(spec.variants.values())]

    def target_of(self, name: str) -> str:
        spec = self._spec(name)
        if not spec.auto:
            raise AttachError(f"function {name!r} names no target (use KFUNC_PROBE/LSM_PROBE)")
        return spec.auto[1]

    def find_map(self, module: Object, name: str):
        # names vmlinux.h also declares get a suffix in C (config -> config_)
        spec = self.result.tables.get(name)
        return module.map(spec.elf_name if spec is not None and spec.elf_name else name)

    def event_ctype(self, module: Object, table: str):
        """The ctypes type of the records ``table`` carries: the C type the rewriter saw
        passed to perf_submit/ringbuf_output, else the one it pinned in BTF (a pointer
        variable ``<function>.__pybpf_event__<table>``)."""
        from ..maps.codec import TypeBuilder

        spec = self.result.tables.get(table)
        btf, tid = module.btf, None
        if btf is not None and spec is not None and spec.event_type:
            tid = btf.find_type(spec.event_type)
        if btf is not None and tid is None:
            var = btf.find_var_ending(".__pybpf_event__" + (spec.elf_name if spec else table))
            tid = btf.type(btf.type(var).type_id).type_id if var else None
        if tid is None:
            raise PybpfError(f"table {table!r}: no perf_submit/ringbuf_output call tells the "
                             "record type; cast the data yourself with ctypes")
        return TypeBuilder(btf).ctype(tid)
