"""BCC's Python API on pybpf (``from pybpf import BPF``; ``bcc.*`` under ``pybpf run``)."""
from .bpf import BPF, Function

__all__ = ["BPF", "Function"]
