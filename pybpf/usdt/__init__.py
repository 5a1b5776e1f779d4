"""USDT probes as files describe them: ``notes`` (the ELF notes), ``args`` (argument
specs), ``probes`` (grouped by provider:name, found by name), ``process`` (what a pid maps).

Reading only, no BPF: attaching is :meth:`pybpf.program.Program.attach_usdt`
(``pybpf.links.usdt``, libbpf's USDT support), and :class:`pybpf.bcc.usdt.USDT` is BCC's API
on top of both.

::

    from pybpf.usdt import probes_in, process_probes
    for p in probes_in("/usr/bin/python3.11"):
        print(p.full_name, p.num_arguments, [a.ctype for a in p.arguments()])
"""
from .probes import Probe, probes_in, select, split_name
from .process import probes_for, process_probes

__all__ = ["Probe", "probes_for", "probes_in", "process_probes", "select", "split_name"]
