"""BCC's C dialect, rewritten into plain libbpf C.

::

    from pybpf.dialect import rewrite
    res = rewrite(text, "prog.c", cflags=(), tracepoint_format=None)
    compile_bpf(source=res.source, filename="prog.c", cflags=(), use_vmlinux=True)

``rewrite`` is pure Python and touches no BPF syscall. It reads tracepoint format files
(through ``tracepoint_format(category, event) -> str``, by default tracefs), and, when a
tracing function dereferences a pointer that may lead into the kernel, runs clang once on
the rewritten text for its typed AST (see ``deref``). It reads ``vmlinux.h`` to avoid name
clashes with it. Errors in constructs it cannot translate raise ``RewriteError`` with the
user's file and line; C errors are left to clang, and ``#line`` directives make clang report
them at the user's line too.

The result (``RewriteResult``): ``source``, ``programs`` (name -> ``ProgramSpec``),
``tables`` (name -> ``TableSpec``), ``warnings`` and ``ast_pass``.

Output layout
-------------
``#line 1 "<pybpf generated>"``, ``#include <pybpf/bcc_prelude.h>`` (vmlinux.h first,
libbpf's headers, BCC's helpers), the macros kernel headers would give about the running
kernel that the text uses (``LINUX_VERSION_CODE``; ``CONFIG_*`` from its configuration, as
autoconf.h has them; ``DNAME_INLINE_LEN`` from its BTF), ``#include <bpf/usdt.bpf.h>`` for
USDT programs (below), the generated tracepoint structs, ``#line 1 "prog.c"``, the user's text rewritten without
adding or removing a line, each program function followed by its other variants (each
under its own ``#line``), and ``char _license[] SEC("license")`` unless the program has one
(its value is ``BPF_LICENSE`` from a ``#define`` or ``-D``, as in BCC, else "GPL").

Programs and their variants
---------------------------
Every non-static function with a body is a program; ``static`` functions are helpers,
emitted once and made ``static __always_inline`` unless already inline. Variants
(``ProgramSpec.variants``: kind -> C function name, ``sections``: kind -> SEC):

- plain functions whose context is ``struct pt_regs *``, ``void *`` or absent, and
  ``syscall__X`` functions: ``kprobe`` (``name``, SEC("kprobe")), ``syscall_enter``
  (``name__sce``, SEC("tracepoint")), ``syscall_exit`` (``name__scx``, SEC("tracepoint")),
  ``generic`` (``name__gen``, SEC("kprobe"));
- ``kprobe__X`` / ``kretprobe__X``: auto ("kprobe"/"kretprobe", X), ``kprobe`` with
  SEC("kprobe/X") / SEC("kretprobe/X"); when X is a syscall entry point (``__x64_sys_X``,
  ``__ia32_sys_``, ``__arm64_sys_``, ``__s390x_sys_``, ``__riscv_sys_``, ``__se_sys_``,
  ``__do_sys_``, ``sys_``) also ``syscall_enter`` SEC("tracepoint/syscalls/sys_enter_X") or
  ``syscall_exit`` SEC("tracepoint/syscalls/sys_exit_X");
- ``TRACEPOINT_PROBE(cat, ev)`` and ``tracepoint__cat__ev``: ``tracepoint``
  SEC("tracepoint/cat/ev"), auto ("tracepoint", "cat:ev"); ``RAW_TRACEPOINT_PROBE(ev)`` and
  ``raw_tracepoint__ev``: ``raw_tracepoint`` SEC("raw_tp/ev");
  ``KFUNC_PROBE(f, args...)``/``KRETFUNC_PROBE``/``KMOD_RET_PROBE``/``LSM_PROBE(hook, ...)``:
  ``kfunc``/``kretfunc``/``kmod_ret``/``lsm`` as ``SEC("fentry/f") int BPF_PROG(kfunc__f,
  args...)`` (fexit/, fmod_ret/, lsm/), auto (kind, f);
- any other function: ``generic`` only, SEC from its context type (``struct xdp_md *``
  "xdp", ``struct __sk_buff *`` "socket", ``struct bpf_perf_event_data *`` "perf_event",
  ``struct bpf_raw_tracepoint_args *`` "raw_tp", ``struct tracepoint__c__e *``
  "tracepoint", sk_msg, sockops, cgroup ones...); a function with its own ``SEC(...)``
  keeps it.

Extra parameters after the context (at most 6) become locals read in each variant:
``PT_REGS_PARMn(ctx)`` in ``kprobe``/``generic``; through the syscall wrapper's inner
``pt_regs`` (``PT_REGS_SYSCALL_REGS``, x86: di si dx r10 r8 r9) for ``syscall__X`` and
``kprobe__<wrapper>X``; ``args[n-1]`` of the ``sys_enter`` record in ``syscall_enter``; zero
in ``syscall_exit``. Inside the syscall copies ``PT_REGS_PARMn(ctx)`` (and the _CORE,
_SYSCALL, _CORE_SYSCALL forms) read the ``sys_enter`` record's ``args[]``,
``PT_REGS_RC(ctx)`` the ``sys_exit`` record's ``ret``; ctx itself is passed unchanged to
helpers. Static helpers that use ``PT_REGS_*`` get matching copies (``helper__sce``,
``helper__scx``) that those program copies call.

USDT arguments
--------------
``bpf_usdt_readarg(n, ctx, &dst)`` and ``bpf_usdt_readarg_p(n, ctx, buf, len)`` become
``__pybpf_usdt_readarg``/``__pybpf_usdt_readarg_p`` (``pybpf/bcc_prelude.h``) on libbpf's
``bpf_usdt_arg(ctx, n - 1, &value)``: the value is converted to ``dst``'s type (1, 2, 4 or
8 bytes, else -EINVAL), the result is 0 or a negative errno. The program then includes
libbpf's ``<bpf/usdt.bpf.h>``, as it does when it calls ``bpf_usdt_arg``,
``bpf_usdt_arg_cnt`` or ``bpf_usdt_cookie``, or when ``rewrite(..., usdt=True)`` says its
functions will be attached to USDT probes (libbpf attaches only objects that have the
header's maps). Arguments are only readable in programs attached with libbpf's USDT
support (``Program.attach_usdt``).

Tables
------
Declarations become one-line BTF-defined maps named as written (see ``maps``), with BCC's
defaults; ``TableSpec`` reports kind, key/leaf C types, max_entries, map type and the
record type of perf/ring buffer output. Methods become macros of ``pybpf/bcc_maps.h`` (see
``methods``). Record types are also pinned in BTF: ``<function>.__pybpf_event__<table>``
static variables in section ``.pybpf.types`` point to them.

Differences from BCC
--------------------
- ``increment()`` creates missing elements in every hash flavour (BCC: ``BPF_HASH`` only),
  retries when another CPU created the element first, and adds atomically on non-per-CPU
  maps.
- Tracepoint structs keep ``common_*`` fields by name; every field sits at its exact
  offset (BCC relied on natural alignment); a scalar whose type does not have the field's
  size gets the integer type of that size.
- Implicit kernel reads use CO-RE (``BPF_CORE_READ``) and ``bpf_probe_read_kernel``, found
  from types, not from BCC's data-flow tracking (rules in ``deref``).
- Names declared by the user that vmlinux.h also declares are suffixed in the C code
  (``config`` -> ``config_``, ``struct key`` -> ``struct key__pybpf``): TableSpec.elf_name
  and the variants give the C names; the kernel shows those names.
- A kernel ``#include`` becomes a compat header, so kernel macros not in pybpf's compat
  headers are undefined (see ``includes``).

Not supported (RewriteError or a compile error naming the construct)
--------------------------------------------------------------------
- ``BPF_TABLE_PUBLIC``, ``BPF_TABLE_SHARED``, ``"extern"`` tables (sharing maps between
  BPF modules). Pinned tables (``BPF_TABLE_PINNED``, ``BPF_QUEUESTACK_PINNED``, a
  ``"type:/path"`` table type) are ordinary maps whose ``TableSpec.pin_path`` the facade
  hands to libbpf (reuse the pinned map, or create and pin it).
- Table declarations or method calls produced by the user's own macros (``#define
  MYMAP BPF_HASH(...)``), and method calls through pointers to tables.
- ``BPF_ITER``, ``BPF_PERCPU_CGROUP_STORAGE`` methods beyond ``get_local_storage``.
- ``PT_REGS_*`` remapping inside helpers reached from syscall copies only through
  function pointers, and direct ``ctx->di`` style register access in syscall copies.
- More than 6 extra parameters; extra parameters on non-kprobe contexts.
- Implicit reads: see ``deref`` (pointers held in integers, pointers to scalars, bitfields,
  user memory, chains inside user macros, KFUNC/LSM programs).
"""
__all__ = ["rewrite", "RewriteResult", "ProgramSpec", "TableSpec"]


def rewrite(text: str, filename: str = "<text>", *, cflags=(), tracepoint_format=None,
            usdt: bool = False):
    """Rewrite BCC-dialect C into plain libbpf C (see the package docstring).

    ``usdt=True`` includes libbpf's ``<bpf/usdt.bpf.h>`` even when no USDT argument is read:
    libbpf attaches USDT probes only to objects that have its maps.
    """
    # the rewriter loads on first use: warm starts take the result from pybpf.dialect.cache
    from .rewriter import rewrite as _rewrite

    return _rewrite(text, filename, cflags=cflags, tracepoint_format=tracepoint_format,
                    usdt=usdt)


def __getattr__(name):
    if name in ("ProgramSpec", "RewriteResult", "TableSpec"):
        from . import specs

        return getattr(specs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
