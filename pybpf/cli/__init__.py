"""``pybpf``: the command line (bpftool's grammar and JSON, in Python).

``pybpf [-j|--json] [-p|--pretty] [-f|--bpffs] [-d|--debug] OBJECT COMMAND ...`` with
OBJECT one of prog, map, link, net, feature, btf, gen, trace, run. Each command module
builds plain data; :mod:`pybpf.cli.render` prints it as text or JSON. ``pybpf.cli.main``
imports nothing heavy: a command's module (and libbpf) loads when the command runs.
"""
