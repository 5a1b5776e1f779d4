"""The ``BPF`` class: BCC's API as a thin facade over pybpf's native layer.

Each method orchestrates: programs come from :class:`~pybpf.object.Object`, attachments
from the ``links`` families (through :mod:`pybpf.bcc.attach`), tables from
:mod:`pybpf.bcc.table`, trace lines from :mod:`pybpf.trace`.
"""
from __future__ import annotations

import select
import time

from .. import features
from ..errors import NotSupportedError, PybpfError
from ..program import (CGROUP_SKB, CGROUP_SOCK, KPROBE, LSM, PERF_EVENT, RAW_TRACEPOINT,
                       SCHED_ACT, SCHED_CLS, SK_SKB, SOCK_OPS, SOCKET_FILTER, TRACEPOINT,
                       TRACING, XDP)
from . import attach as _attach
from . import source as _source
from . import syscalls as _syscalls


class Function:
    """What ``load_func`` returns: ``.bpf``, ``.name`` (bytes, as in BCC), ``.fd``."""

    def __init__(self, bpf, name: str, program):
        self.bpf = bpf
        self.name = name.encode()
        self.program = program
        self.fd = program.fd
        self.sock = None

    def __repr__(self):
        return f"<Function {self.name.decode()} fd={self.fd}>"


def _text(value) -> str:
    return value.decode() if isinstance(value, (bytes, bytearray)) else value


class BPF:
    """Compile, load and attach a BCC-dialect or libbpf-style program.

    ``BPF(text=...)`` and ``BPF(src_file="x.c")`` take BCC's C dialect; a ``.bpf.c`` file
    or text using ``SEC()`` is taken as libbpf C, and ``BPF(src_file="x.bpf.o")`` loads a
    prebuilt object. Programs named ``kprobe__``/``tracepoint__``/... (or with a SEC() that
    says where) are attached at construction, as BCC and libbpf skeletons do.
    ``usdt_contexts``: :class:`~pybpf.bcc.usdt.USDT` objects whose enabled probes are
    attached after loading, each to its process unless ``attach_usdt_ignore_pid`` (needs
    uprobes; see ``Program.attach_usdt``).
    """

    # program types (BCC names)
    SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP = (
        SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP)
    PERF_EVENT, CGROUP_SKB, CGROUP_SOCK, SOCK_OPS, SK_SKB = (
        PERF_EVENT, CGROUP_SKB, CGROUP_SOCK, SOCK_OPS, SK_SKB)
    RAW_TRACEPOINT, TRACING, LSM = RAW_TRACEPOINT, TRACING, LSM
    # XDP actions and attach flags
    XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT = 0, 1, 2, 3, 4
    XDP_FLAGS_UPDATE_IF_NOEXIST, XDP_FLAGS_SKB_MODE = 1 << 0, 1 << 1
    XDP_FLAGS_DRV_MODE, XDP_FLAGS_HW_MODE, XDP_FLAGS_REPLACE = 1 << 2, 1 << 3, 1 << 4
    # bpf_get_stackid flags
    BPF_F_USER_STACK, BPF_F_FAST_STACK_CMP, BPF_F_REUSE_STACKID = 1 << 8, 1 << 9, 1 << 10

    def __init__(self, src_file="", hdr_file="", text=None, debug=0, cflags=(),
                 usdt_contexts=(), allow_rlimit=True, device=None,
                 attach_usdt_ignore_pid=False):
        self.debug = debug
        self.tables: dict = {}
        self._open_perf_buffers: dict = {}
        self._ring_buffer = None
        self._ring_tables: list = []
        self._trace_pipe = None
        self.attachments = _attach.Registry()
        self.funcs: dict[str, Function] = {}
        usdt_contexts = list(usdt_contexts or ())
        src_file = _text(src_file) or ""
        if src_file.endswith(".o"):
            self._spec = _source.from_object(src_file)
        else:
            self._spec = _source.from_c(text=_text(text) if text is not None else None,
                                        src_file=src_file, hdr_file=_text(hdr_file),
                                        cflags=[_text(c) for c in cflags], debug=debug,
                                        usdt=bool(usdt_contexts))
        self.module = self._spec.open()
        try:
            self._load([fn for u in usdt_contexts for fn in u._functions()])
            self._trace_autoload()
            for u in usdt_contexts:
                u.attach_uprobes(self, attach_usdt_ignore_pid)
        except BaseException:
            self.cleanup()   # nothing half-attached outlives a failed constructor
            raise

    # --- loading -------------------------------------------------------------------------
    def _load(self, usdt_functions=()):
        """Load the programs that will be auto-attached together with the maps (functions
        enabled on USDT probes too: libbpf's USDT state is per object, keep them in one)."""
        wanted = self._spec.autoload_variants(features.has_kprobes())
        if wanted is not None:
            wanted |= {self._spec.variant(_text(fn), "kprobe") for fn in usdt_functions}
            for name, handle in self.module.program_handles().items():
                handle.autoload = name in wanted
        self.module.load()

    def load_func(self, func_name, prog_type, device=None, attach_type=-1):
        """Load function ``func_name`` as a program of ``prog_type``; returns ``.fd``/.name."""
        name = _text(func_name)
        cached = self.funcs.get(name)
        if cached is not None and cached.program.type == prog_type:
            return cached
        variant = self._spec.variant_for(name, prog_type)
        program = self.module.load_program(
            variant, prog_type, None if attach_type in (-1, None) else attach_type)
        fn = self.funcs[name] = Function(self, name, program)
        return fn

    def _load_variant(self, name: str, kind: str, prog_type: int) -> Function:
        variant = self._spec.variant(name, kind)
        program = self.module.load_program(variant, prog_type)
        fn = Function(self, name, program)
        self.funcs.setdefault(name, fn)
        return fn

    def _trace_autoload(self):
        for kind, target, name in self._spec.auto_attachments(self.module):
            if kind in ("kprobe", "kretprobe"):
                self._attach_kprobe(target, name, retprobe=kind == "kretprobe")
            elif kind == "tracepoint":
                self.attach_tracepoint(tp=target, fn_name=name)
            elif kind == "raw_tracepoint":
                self.attach_raw_tracepoint(tp=target, fn_name=name)
            elif kind in ("kfunc", "kretfunc", "lsm"):
                self._attach_btf(kind, target, name)
            elif kind == "section":
                self.attachments.add(kind, target, name,
                                     self.module.track(self.module.program(name).attach()))

    # --- attach: kprobes (with the syscall-tracepoint fallback) -----------------------------
    def attach_kprobe(self, event=b"", event_off=0, fn_name=b"", event_re=b""):
        """kprobe on ``event`` (or every function matching ``event_re``).

        Kernels without kprobes: a syscall entry function attaches to the matching
        ``syscalls:sys_enter_*`` tracepoint instead (said once on stderr); anything else
        raises AttachError naming the missing feature.
        """
        for target in self._kprobe_targets(event, event_re):
            self._attach_kprobe(target, _text(fn_name), offset=event_off)

    def attach_kretprobe(self, event=b"", fn_name=b"", event_re=b"", maxactive=0):
        """kretprobe on ``event``; without kprobes, syscalls fall back to sys_exit_*."""
        for target in self._kprobe_targets(event, event_re):
            self._attach_kprobe(target, _text(fn_name), retprobe=True)

    def _kprobe_targets(self, event, event_re):
        if event_re:
            return _attach.matching_kernel_functions(_text(event_re))
        return [_text(event)]

    def _attach_kprobe(self, event: str, fn_name: str, retprobe=False, offset=0):
        kind = "kretprobe" if retprobe else "kprobe"
        if features.has_kprobes():
            fn = self._load_variant(fn_name, "kprobe", KPROBE)
            link = fn.program.attach_kprobe(event, offset, retprobe)
        else:
            syscall = _syscalls.syscall_of(event)
            if syscall is None or offset:
                link = self._load_variant(fn_name, "kprobe", KPROBE).program.attach_kprobe(
                    event, offset, retprobe)  # raises AttachError naming the feature
            variant = "syscall_exit" if retprobe else "syscall_enter"
            tp = ("sys_exit_" if retprobe else "sys_enter_") + syscall
            if not _attach.syscall_tracepoint_exists(kind, event, tp):
                return   # not a syscall of this architecture: a kprobe would never fire
            fn = self._load_variant(fn_name, variant, TRACEPOINT)
            _attach.notice_syscall_fallback(kind, event, f"syscalls:{tp}")
            link = fn.program.attach_tracepoint("syscalls", tp)
        self.attachments.add(kind, event, fn_name, self.module.track(link))

    def detach_kprobe(self, event, fn_name=None):
        self.attachments.remove("kprobe", _text(event), _text(fn_name) if fn_name else None)

    def detach_kretprobe(self, event, fn_name=None):
        self.attachments.remove("kretprobe", _text(event), _text(fn_name) if fn_name else None)

    # --- attach: tracepoints ---------------------------------------------------------------
    def attach_tracepoint(self, tp=b"", tp_re=b"", fn_name=b""):
        """Tracepoint ``category:event`` (or every one matching ``tp_re``)."""
        name = _text(fn_name)
        targets = _attach.matching_tracepoints(_text(tp_re)) if tp_re else [_text(tp)]
        for target in targets:
            category, _, event = target.partition(":")
            fn = self._load_variant(name, "tracepoint", TRACEPOINT)
            link = fn.program.attach_tracepoint(category, event)
            self.attachments.add("tracepoint", target, name, self.module.track(link))

    def detach_tracepoint(self, tp=b"", fn_name=None):
        self.attachments.remove("tracepoint", _text(tp), _text(fn_name) if fn_name else None)

    def attach_raw_tracepoint(self, tp=b"", fn_name=b""):
        name = _text(fn_name)
        fn = self._load_variant(name, "raw_tracepoint", RAW_TRACEPOINT)
        link = fn.program.attach_raw_tracepoint(_text(tp))
        self.attachments.add("raw_tracepoint", _text(tp), name, self.module.track(link))

    def detach_raw_tracepoint(self, tp=b"", fn_name=None):
        self.attachments.remove("raw_tracepoint", _text(tp),
                                _text(fn_name) if fn_name else None)

    def _attach_btf(self, kind: str, target: str, name: str):
        supported = features.has_lsm() if kind == "lsm" else features.has_fentry()
        if not supported:
            raise NotSupportedError(
                f"{name}: {kind} programs need "
                + ("the BPF LSM (CONFIG_BPF_LSM and 'bpf' in the lsm= boot parameter)"
                   if kind == "lsm" else "BPF trampolines (fentry/fexit, kernel 5.5, x86-64/arm64 JIT)")
                + ", which this kernel does not offer; use kprobes or tracepoints instead "
                "(BPF.support_kfunc() / support_lsm() tell in advance)")
        program = self.module.programs.get(self._spec.variant(name, kind))
        if program is None:
            program = self._load_variant(name, kind, LSM if kind == "lsm" else TRACING).program
        link = program.attach_trace()
        self.attachments.add(kind, target, name, self.module.track(link))

    def attach_kfunc(self, fn_name=b""):
        name = _text(fn_name)
        self._attach_btf("kfunc", self._spec.target_of(name), name)

    def attach_kretfunc(self, fn_name=b""):
        name = _text(fn_name)
        self._attach_btf("kretfunc", self._spec.target_of(name), name)

    def attach_lsm(self, fn_name=b""):
        name = _text(fn_name)
        self._attach_btf("lsm", self._spec.target_of(name), name)

    # --- attach: uprobes and perf events ---------------------------------------------------
    def attach_uprobe(self, name=b"", sym=b"", fn_name=b"", addr=None, sym_off=0, pid=-1,
                      sym_re=b""):
        """uprobe on ``sym`` (or ``addr``/``sym_re``) in binary or library ``name``."""
        self._attach_uprobe(name, sym, fn_name, addr, sym_off, pid, sym_re, retprobe=False)

    def attach_uretprobe(self, name=b"", sym=b"", fn_name=b"", addr=None, pid=-1,
                         sym_re=b""):
        self._attach_uprobe(name, sym, fn_name, addr, 0, pid, sym_re, retprobe=True)

    def _attach_uprobe(self, name, sym, fn_name, addr, sym_off, pid, sym_re, retprobe):
        binary, fname = _text(name), _text(fn_name)
        kind = "uretprobe" if retprobe else "uprobe"
        fn = self._load_variant(fname, "kprobe", KPROBE)
        for symbol, offset in _attach.uprobe_targets(binary, _text(sym), addr, sym_off,
                                                     _text(sym_re)):
            link = fn.program.attach_uprobe(binary, symbol, offset, pid=pid if pid else -1,
                                            retprobe=retprobe)
            self.attachments.add(kind, f"{binary}:{symbol or hex(offset)}", fname,
                                 self.module.track(link))

    def detach_uprobe(self, name=b"", sym=b"", addr=None, pid=-1, sym_off=0):
        self.attachments.remove("uprobe", f"{_text(name)}:{_text(sym) or hex(addr or 0)}")

    def detach_uretprobe(self, name=b"", sym=b"", addr=None, pid=-1):
        self.attachments.remove("uretprobe", f"{_text(name)}:{_text(sym) or hex(addr or 0)}")

    def _attach_usdt(self, binary: str, provider: str, name: str, fn_name: str, pid: int):
        """A USDT probe for ``USDT.attach_uprobes`` (BCC has no public method for it)."""
        fn = self._load_variant(fn_name, "kprobe", KPROBE)
        link = fn.program.attach_usdt(binary, provider, name, pid=pid)  # the object tracks it
        target = f"{binary}:{provider}:{name}" + (f" pid {pid}" if pid > 0 else "")
        self.attachments.add("usdt", target, fn_name, link)

    def attach_perf_event(self, ev_type=-1, ev_config=-1, fn_name=b"", sample_period=0,
                          sample_freq=0, pid=-1, cpu=-1, group_fd=-1):
        name = _text(fn_name)
        fn = self._load_variant(name, "generic", PERF_EVENT)
        link = fn.program.attach_perf_event(ev_type, ev_config, sample_period=sample_period,
                                            sample_freq=sample_freq, pid=pid, cpu=cpu)
        self.attachments.add("perf_event", f"{ev_type}:{ev_config}", name,
                             self.module.track(link))

    def detach_perf_event(self, ev_type=-1, ev_config=-1):
        self.attachments.remove("perf_event", f"{ev_type}:{ev_config}")

    # --- network (pybpf.bcc.net) ---------------------------------------------------------
    @staticmethod
    def attach_xdp(dev, fn, flags=0):
        """XDP on ``dev``: a bpf_link (detached when the process dies) unless ``flags`` ask
        for netlink semantics. Kernel: XDP 4.8, XDP links 5.9."""
        from . import net

        net.attach_xdp(None, dev, fn, flags)

    @staticmethod
    def remove_xdp(dev, flags=0):
        from . import net

        net.remove_xdp(None, dev, flags)

    @staticmethod
    def attach_raw_socket(fn, dev):
        """A socket filter on a raw socket bound to ``dev``; the socket is ``fn.sock``."""
        from . import net

        net.attach_raw_socket(None, fn, dev)

    @staticmethod
    def attach_func(fn, attachable_fd, attach_type, flags=0):
        from . import net

        net.attach_func(None, fn, attachable_fd, attach_type, flags)

    @staticmethod
    def detach_func(fn, attachable_fd, attach_type):
        from . import net

        net.detach_func(None, fn, attachable_fd, attach_type)

    @property
    def kprobe_fds(self) -> dict:
        """BCC's table of open kprobes: event (bytes) -> {function name: link}."""
        return {t.encode(): fns for t, fns in
                self.attachments.targets("kprobe", "kretprobe").items()}

    @property
    def uprobe_fds(self) -> dict:
        """BCC's table of open uprobes: ``binary:symbol`` (bytes) -> {function: link}."""
        return {t.encode(): fns for t, fns in
                self.attachments.targets("uprobe", "uretprobe", "usdt").items()}

    @staticmethod
    def get_probe_limit() -> int:
        """How many probes a tool may attach at once: ``BCC_PROBE_LIMIT`` or 1000 (BCC's
        default; funccount checks its matches against it)."""
        import os

        value = os.environ.get("BCC_PROBE_LIMIT", "")
        return int(value) if value.isdigit() else 1000

    def num_open_kprobes(self):
        return self.attachments.count("kprobe", "kretprobe")

    def num_open_uprobes(self):
        """uprobes and uretprobes; each enabled USDT probe counts once per binary (BCC
        counts each of its sites)."""
        return self.attachments.count("uprobe", "uretprobe", "usdt")

    def num_open_tracepoints(self):
        return self.attachments.count("tracepoint")

    # --- tables --------------------------------------------------------------------------
    def get_table(self, name, keytype=None, leaftype=None, reducer=None):
        name = _text(name)
        table = self.tables.get(name)
        if table is None:
            from .table import Table

            native = self._spec.find_map(self.module, name)
            table = self.tables[name] = Table(self, native, keytype, leaftype, name, reducer)
        return table

    def __getitem__(self, key):
        # b["events"] runs in event callbacks: one dict lookup when the table exists
        table = self.tables.get(key)
        return table if table is not None else self.get_table(key)

    def __setitem__(self, key, leaf):
        self.tables[_text(key)] = leaf

    def __len__(self):
        return len(self.tables)

    def __delitem__(self, key):
        del self.tables[_text(key)]

    def __iter__(self):
        return iter(self.tables)

    def _event_type(self, table_name: str):
        return self._spec.event_ctype(self.module, table_name)

    # --- events --------------------------------------------------------------------------
    def perf_buffer_poll(self, timeout=-1):
        """Wait up to ``timeout`` ms (-1: until something arrives) for samples in every open
        perf buffer and deliver them; then report samples lost since the last call."""
        tables = list(self._open_perf_buffers.values())
        if not tables:
            return
        try:
            if len(tables) == 1:
                tables[0]._buffer.poll(timeout)
            else:
                self._poll_perf_buffers([t._buffer for t in tables], timeout)
        finally:
            for table in tables:
                table.report_drops()

    @staticmethod
    def _poll_perf_buffers(buffers, timeout):
        # Samples below a buffer's wakeup watermark never make its fd readable: wait in
        # short slices and read every buffer after each (see PerfBuffer).
        deadline = None if timeout < 0 else time.monotonic() + timeout / 1000
        while True:
            wait = 0.02 if deadline is None else max(0.0, min(0.02, deadline - time.monotonic()))
            select.select([b.epoll_fd for b in buffers], [], [], wait)
            got = sum(b.consume() for b in buffers)
            if got or (deadline is not None and time.monotonic() >= deadline):
                return

    def perf_buffer_consume(self):
        tables = list(self._open_perf_buffers.values())
        try:
            for table in tables:
                table._buffer.consume()
        finally:
            for table in tables:
                table.report_drops()

    def _add_ring_buffer(self, native_map, callback, ctx, table, batch=False):
        from ..events.ringbuf import RingBuffer

        self._ring_tables.append(table)
        if self._ring_buffer is None:
            self._ring_buffer = RingBuffer(native_map, callback, raw=True, batch=batch, ctx=ctx)
        else:
            self._ring_buffer.add(native_map, callback, raw=True, batch=batch, ctx=ctx)

    def ring_buffer_poll(self, timeout=-1):
        """Wait up to ``timeout`` ms for ring buffer records and deliver them; then report
        records the kernel dropped since the last call (stderr, as for perf buffers)."""
        if self._ring_buffer is None:
            raise PybpfError("no ring buffer is open: call open_ring_buffer() first")
        try:
            return self._ring_buffer.poll(timeout)
        finally:
            for table in self._ring_tables:
                table.report_drops()

    def ring_buffer_consume(self):
        if self._ring_buffer is None:
            raise PybpfError("no ring buffer is open: call open_ring_buffer() first")
        try:
            return self._ring_buffer.consume()
        finally:
            for table in self._ring_tables:
                table.report_drops()

    # --- trace_pipe ----------------------------------------------------------------------
    def _pipe(self):
        if self._trace_pipe is None:
            from ..trace.pipe import TracePipe

            self._trace_pipe = TracePipe()
        return self._trace_pipe

    def trace_open(self, nonblocking=False):
        return self._pipe()

    def trace_readline(self, nonblocking=False):
        """The next trace_pipe line (bytes, newline stripped); b"" when non-blocking and idle."""
        return self._pipe().readline(timeout=0 if nonblocking else None)

    def trace_fields(self, nonblocking=False):
        """``(task, pid, cpu, flags, ts, msg)`` of the next line; all None when idle."""
        fields = self._pipe().fields(timeout=0 if nonblocking else None)
        return fields.fields() if fields is not None else (None,) * 6

    def trace_print(self, fmt=None):
        """Print trace_pipe lines until interrupted; ``fmt`` formats the six fields."""
        self._pipe().print_lines(fmt)

    # --- helpers (static, as in BCC) -----------------------------------------------------
    # words in a tool's generated C -> the kernel header BCC includes for them (pybpf maps
    # these headers onto vmlinux.h, so they cost nothing and keep the tools' text valid)
    _auto_includes = {
        "linux/time.h": ["time"],
        "linux/fs.h": ["fs", "file"],
        "linux/blkdev.h": ["bio", "request"],
        "linux/slab.h": ["alloc"],
        "linux/netdevice.h": ["sk_buff", "net_device"],
    }

    @classmethod
    def generate_auto_includes(cls, program_words):
        """``#include`` lines for the kernel types a tool's program mentions (BCC's trace
        and argdist build programs from user expressions): a header when one of its
        keywords occurs in any word."""
        headers = ""
        for header, keywords in cls._auto_includes.items():
            if any(k in w for k in keywords for w in program_words) and header not in headers:
                headers += f"#include <{header}>\n"
        return headers

    @staticmethod
    def get_syscall_prefix():
        return _syscalls.syscall_prefix().encode()

    def get_syscall_fnname(self, name):
        return _syscalls.syscall_fnname(_text(name)).encode()

    @staticmethod
    def monotonic_time():
        return time.monotonic_ns()

    @staticmethod
    def support_raw_tracepoint():
        return features.has_prog_type("raw_tracepoint")

    @staticmethod
    def support_raw_tracepoint_in_module():
        return features.has_prog_type("raw_tracepoint")

    @staticmethod
    def support_kfunc():
        return features.has_fentry()

    @staticmethod
    def support_lsm():
        return features.has_lsm()

    @staticmethod
    def tracepoint_exists(category, event):
        from ..trace import tracefs

        return tracefs.tracepoint_exists(_text(category), _text(event))

    @staticmethod
    def get_kprobe_functions(event_re):
        """Kernel functions matching ``event_re`` that can be kprobed (none without kprobes)."""
        return [f.encode() for f in _attach.matching_kernel_functions(_text(event_re),
                                                                    strict=False)]

    @staticmethod
    def ksym(addr, show_module=False, show_offset=False):
        from ..syms.kallsyms import ksym

        return ksym(addr, show_module, show_offset)

    @staticmethod
    def ksymname(name):
        from ..syms.kallsyms import ksymname

        return ksymname(name)

    @staticmethod
    def sym(addr, pid, show_module=False, show_offset=False, demangle=True):
        from ..syms.usersyms import sym

        return sym(addr, pid, show_module, show_offset, demangle)

    @staticmethod
    def kernel_struct_has_field(struct_name, field_name):
        """1 when the running kernel's ``struct struct_name`` has ``field_name`` (from BTF),
        0 when not, -1 when the struct is unknown (BCC's convention)."""
        from ..btfinfo import struct_has_field

        return struct_has_field(_text(struct_name), _text(field_name))

    @staticmethod
    def get_tracepoints(tp_re):
        import re

        from ..trace import tracefs

        regex = re.compile(_text(tp_re))
        return [tp.encode() for tp in tracefs.list_tracepoints() if regex.match(tp)]

    @staticmethod
    def find_library(libname):
        from ..syms.paths import find_library

        path = find_library(_text(libname))
        return path.encode() if path else None

    @staticmethod
    def find_exe(bin_path):
        from ..syms.paths import find_exe

        path = find_exe(_text(bin_path))
        return path.encode() if path else None

    @staticmethod
    def get_user_functions_and_addresses(name, sym_re):
        """``[(name, address), ...]`` (bytes, int) of the functions in binary or library
        ``name`` whose names match the regex ``sym_re`` (symbol values, as in the ELF)."""
        return [(sym.encode(), addr) for sym, addr in
                _attach.user_functions_matching(_text(name), _text(sym_re))]

    @staticmethod
    def add_module(modname):
        """BCC adds a binary to its build-id symbol cache; pybpf resolves user symbols from
        each process's mappings, so there is nothing to add."""
        return None

    # --- lifecycle -----------------------------------------------------------------------
    def cleanup(self):
        """Detach everything, close buffers and tables, unload programs. Idempotent."""
        for table in list(self._open_perf_buffers.values()):
            table.close()
        self._open_perf_buffers.clear()
        if self._ring_buffer is not None:
            self._ring_buffer.close()
            self._ring_buffer = None
        if self._trace_pipe is not None:
            self._trace_pipe.close()
            self._trace_pipe = None
        self.attachments.clear()
        self.module.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()

