"""BCC's ``USDT`` class (``from bcc import USDT``): user-space static probes of a process or
a binary, enabled on BPF functions and attached by ``BPF(usdt_contexts=[...])``.

BCC generates C per enabled probe that reads each argument from its register or stack
slot. pybpf does not: ``BPF`` attaches through libbpf (``Program.attach_usdt``), which
records each site's argument locations for ``<bpf/usdt.bpf.h>`` to read in the kernel, and
``bpf_usdt_readarg`` is rewritten onto that. Probe discovery is :mod:`pybpf.usdt`.
"""
from __future__ import annotations

import sys

from ..errors import PybpfError


class USDTException(PybpfError):
    """A USDT probe, binary or process could not be found (BCC's exception type)."""


def _text(value) -> str:
    return value.decode() if isinstance(value, (bytes, bytearray)) else value


class USDTProbeArgument:
    """One argument at one site: ``size``, ``signed`` and, as in BCC, ``constant``,
    ``deref_offset``, ``deref_ident``, ``base_register_name``, ``index_register_name``,
    ``scale`` when they apply; ``str()`` is tplist's description."""

    def __init__(self, arg):
        self._arg = arg
        self.signed, self.size = arg.signed, arg.size
        if arg.kind == "constant":
            self.constant = arg.constant
        if arg.kind == "memory":
            self.deref_offset = arg.offset
        if arg.ident:
            self.deref_ident = arg.ident.encode()
        if arg.register:
            self.base_register_name = arg.register.encode()
        if arg.index:
            self.index_register_name, self.scale = arg.index.encode(), arg.scale

    def __str__(self):
        return str(self._arg)


class USDTProbeLocation:
    """One site of a probe: ``address`` (virtual address in ``bin_path``), its arguments."""

    def __init__(self, probe, index: int, site):
        self.probe, self.index, self._site = probe, index, site
        self.num_arguments = len(site.args.split())
        self.address = site.pc
        self.bin_path = site.path.encode()

    def __str__(self):
        return "%s 0x%x" % (self.bin_path.decode(), self.address)

    def get_argument(self, index: int) -> USDTProbeArgument:
        from ..usdt.args import parse_arguments

        args = parse_arguments(self._site.args)
        if not 0 <= index < len(args):
            raise USDTException(f"error retrieving probe argument {index} location "
                                f"{self.index}")
        return USDTProbeArgument(args[index])


class USDTProbe:
    """``provider:name`` over every binary that has it, as BCC merges them: ``provider``,
    ``name``, ``bin_path`` (bytes, the first binary), ``semaphore``, ``num_locations``,
    ``num_arguments``."""

    def __init__(self, context, probes):
        first = probes[0]
        self.context = context
        self.provider, self.name = first.provider.encode(), first.name.encode()
        self.bin_path = first.path.encode()
        self.semaphore = first.semaphore
        self._sites = [site for p in probes for site in p.locations]
        self.num_locations = len(self._sites)
        self.num_arguments = first.num_arguments

    def __str__(self):
        return "%s:%s [sema 0x%x]" % (self.provider.decode(), self.name.decode(),
                                      self.semaphore)

    def short_name(self) -> str:
        return "%s:%s" % (self.provider.decode(), self.name.decode())

    def get_location(self, index: int) -> USDTProbeLocation:
        if not 0 <= index < self.num_locations:
            raise USDTException(f"error retrieving probe location {index}")
        return USDTProbeLocation(self, index, self._sites[index])


class USDT:
    """The USDT probes of process ``pid`` (its executable and libraries) or of binary
    ``path`` (a path, library name or program in PATH), or of ``path`` as ``pid`` maps it.

    ``enable_probe(probe, fn_name)`` binds a probe ("name" or "provider:name") to a BPF
    function; ``BPF(text, usdt_contexts=[usdt])`` attaches it after loading, to ``pid``
    only when one was given. Needs uprobes (kernel 4.17) and, for probes guarded by a
    semaphore, uprobe reference counters (4.20).
    """

    def __init__(self, pid=None, path=None):
        from ..usdt.process import probes_for

        self.pid = pid if pid and pid != -1 else None
        self.path = _text(path) if path else None
        if self.pid is None and not self.path:
            raise USDTException("either a pid or a binary path must be specified")
        try:
            self._probes, self._where = probes_for(self.pid, self.path)
        except (PybpfError, OSError) as exc:
            raise USDTException(str(exc)) from exc
        self._enabled: list[tuple[list, str]] = []

    def _select(self, probe) -> list:
        from ..usdt.probes import select

        try:
            return select(self._probes, _text(probe), self._where)
        except PybpfError as exc:
            raise USDTException(str(exc)) from exc

    def enable_probe(self, probe, fn_name):
        """Run BPF function ``fn_name`` at every site of ``probe`` (attached by BPF())."""
        self._enabled.append((self._select(probe), _text(fn_name)))

    def enable_probe_or_bail(self, probe, fn_name):
        """``enable_probe``, or print why not and exit with status 1 (as BCC does)."""
        try:
            self.enable_probe(probe, fn_name)
        except USDTException as exc:
            print(exc, file=sys.stderr)
            sys.exit(1)

    def get_context(self):
        return self

    def get_text(self) -> str:
        """BCC returns the C it generated for the enabled probes; pybpf generates none, so
        this is a C comment saying what is enabled and where each argument is."""
        lines = ["/* pybpf: no generated USDT code; libbpf reads the arguments in the kernel",
                 " * (<bpf/usdt.bpf.h>: bpf_usdt_readarg(n, ...) is bpf_usdt_arg(ctx, n - 1))"]
        for probes, fn in self._enabled:
            for p in probes:
                lines.append(f" * {p.full_name} -> {fn}: {p.path}, {len(p.locations)} "
                             f"location(s)" + (f", pid {self.pid}" if self.pid else ""))
                for i, arg in enumerate(p.arguments(), 1):
                    lines.append(f" *   arg{i}: {arg.ctype} ({arg})")
        return "\n".join(lines) + "\n */\n"

    def get_probe_arg_ctype(self, probe_name, arg_index) -> str:
        """C type of argument ``arg_index`` (0-based) of a probe, e.g. ``int32_t``; "" when
        the probe has no such argument."""
        args = self._select(probe_name)[0].arguments()
        return args[arg_index].ctype if 0 <= arg_index < len(args) else ""

    def enumerate_probes(self) -> list[USDTProbe]:
        """Every probe, one per provider:name (sites in several binaries merged)."""
        groups: dict[tuple[str, str], list] = {}
        for p in self._probes:
            groups.setdefault((p.provider, p.name), []).append(p)
        return [USDTProbe(self, probes) for probes in groups.values()]

    def enumerate_active_probes(self) -> list[tuple]:
        """(bin_path, fn_name, address, pid) for every site of every enabled probe.

        Attaching these as plain uprobes (as some tools do) does not activate semaphores:
        probes guarded by one fire only while something else enables them.
        """
        return [(p.path.encode(), fn.encode(), site.pc, self.pid or -1)
                for probes, fn in self._enabled for p in probes for site in p.locations]

    def _functions(self) -> list[str]:
        return [fn for _, fn in self._enabled]

    def attach_uprobes(self, bpf, attach_usdt_ignore_pid=False):
        """Attach every enabled probe's function (what ``BPF(usdt_contexts=...)`` calls)."""
        pid = -1 if attach_usdt_ignore_pid or not self.pid else self.pid
        for probes, fn in self._enabled:
            for p in probes:
                bpf._attach_usdt(p.path, p.provider, p.name, fn, pid)

    def __repr__(self):
        return f"<USDT {self._where}: {len(self._probes)} probe(s), {len(self._enabled)} enabled>"


__all__ = ["USDT", "USDTException", "USDTProbe", "USDTProbeArgument", "USDTProbeLocation"]
