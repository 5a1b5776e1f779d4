"""What the rewriter reports about a BCC program: its programs and its tables.

These are the contract between the rewriter and the BCC facade (``pybpf.bcc``); they are
plain data (named tuples, cheap to import on warm starts: collections.namedtuple, since
typing's import alone costs a few milliseconds), produced without touching the kernel.
"""
from __future__ import annotations

from collections import namedtuple

# Variant kinds of a user function (keys of ProgramSpec.variants)
KPROBE = "kprobe"                # SEC("kprobe"...): attach_kprobe / attach_kretprobe / uprobes
SYSCALL_ENTER = "syscall_enter"  # SEC("tracepoint"...) on syscalls:sys_enter_X (kprobe fallback)
SYSCALL_EXIT = "syscall_exit"    # SEC("tracepoint"...) on syscalls:sys_exit_X (kretprobe fallback)
GENERIC = "generic"              # the function as written, SEC chosen from its ctx type
TRACEPOINT = "tracepoint"        # TRACEPOINT_PROBE / tracepoint__cat__ev
RAW_TRACEPOINT = "raw_tracepoint"
KFUNC, KRETFUNC, KMOD_RET, LSM = "kfunc", "kretfunc", "kmod_ret", "lsm"


class ProgramSpec(namedtuple("ProgramSpec", "name auto variants sections line",
                             defaults=({}, 0))):
    """One BPF function of the user's text (a non-static function with a body).

    ``name``: the user's function name (what BCC scripts pass as ``fn_name``).
    ``auto``: what the name or macro says to attach to, BCC style: ``("kprobe", func)``,
    ``("kretprobe", func)``, ``("tracepoint", "cat:event")``, ``("raw_tracepoint", event)``,
    ``("kfunc", func)``, ``("kretfunc", func)``, ``("kmod_ret", func)``, ``("lsm", hook)``,
    or None.
    ``variants``: variant kind -> ELF program (C function) name implementing it; several
    kinds may exist for one function (see the module docstring of ``pybpf.dialect``). C
    names are the user's name plus a suffix (``hello__sce``), or ``name_`` when the name
    clashes with a vmlinux.h identifier.
    ``sections``: the same keys -> the SEC() name of that program.
    ``line``: the line of the function's definition in the user's text.
    """

    __slots__ = ()


class _TableSpec(namedtuple("_TableSpec", "name kind key_type leaf_type max_entries event_type "
                                          "map_type flags inner_map line elf_name pin_path",
                            defaults=(None, "", None, None, 0, "", None))):
    """One BCC table (map) declaration.

    ``kind``: BCC's table type: "hash", "array", "histogram", "percpu_hash", "percpu_array",
    "lru_hash", "lru_percpu_hash", "lpm_trie", "perf_output", "perf_array", "ringbuf",
    "prog_array", "stack_trace", "queue", "stack", "cgroup_array", "devmap", "cpumap",
    "xskmap", "array_of_maps", "hash_of_maps", "sk_storage", "inode_storage",
    "task_storage", "cgroup_storage", "percpu_cgroup_storage", "sockmap", "sockhash".
    ``map_type``: the BPF map type the declaration became (``"BPF_MAP_TYPE_HASH"``...), which
    for "histogram" is an array when the key is ``int`` and a hash otherwise (as in BCC).
    ``key_type`` / ``leaf_type``: C type text as written (``"u32"``, ``"struct key_t"``);
    None where the map has none (ring buffers; queues and stacks have no key).
    ``max_entries``: the number when it is a constant the rewriter could evaluate, else None.
    Perf event arrays have 0: libbpf sizes them to the number of possible CPUs at load.
    Ring buffers have the size in bytes (pages * 4096).
    ``event_type``: the C type of the records submitted with ``perf_submit``,
    ``ringbuf_output``, ``ringbuf_submit`` or reserved with ``ringbuf_reserve(sizeof(T))``
    when the rewriter could tell it from the text (e.g. ``"struct data_t"``), else None.
    Independently of that, every such call pins the type in the object's BTF: a static
    variable named ``__pybpf_event__<elf_name>`` (BTF name
    ``<function>.__pybpf_event__<elf_name>``)
    in section ``.pybpf.types`` whose type is a pointer to the record type.
    ``flags``: map_flags text, or None. ``inner_map``: the inner map's name for maps of maps.
    ``elf_name``: the map's name in the compiled object and in the kernel (the C
    identifier). It is ``name`` unless that clashes with an identifier vmlinux.h declares
    (``config`` is a typedef there): then a ``_`` is appended (``config_``).
    ``pin_path``: for ``BPF_TABLE_PINNED`` (or a ``"type:/path"`` table type), the bpffs
    path: the map pinned there is used when it exists and is compatible, else the map is
    created and pinned there at load (BCC's behaviour); None otherwise.
    """

    __slots__ = ()


class TableSpec(_TableSpec):
    __doc__ = _TableSpec.__doc__
    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        spec = super().__new__(cls, *args, **kwargs)
        # the C name defaults to the name as written
        return spec if spec.elf_name else spec._replace(elf_name=spec.name)


class RewriteResult(namedtuple("RewriteResult", "source programs tables warnings ast_pass",
                               defaults=([], "skipped"))):
    """The rewritten program: plain libbpf C plus what it contains.

    ``source`` compiles with ``compile_bpf(source=..., filename=<the same filename>,
    cflags=<the same cflags>, use_vmlinux=True)``; ``#line`` directives map every line of
    it back to the user's text. ``warnings``: things that will work but not as the user may
    expect (one line each, with the user's line number). ``ast_pass``: whether clang's AST
    was consulted for implicit kernel reads: ``"run"``, ``"cached"`` (same text as an
    earlier run), ``"skipped"`` (nothing to read) or ``"failed"`` (clang failed on the text;
    the compile will report why).
    """

    __slots__ = ()
