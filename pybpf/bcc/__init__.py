"""BCC's Python API on pybpf (``from pybpf import BPF``; ``bcc.*`` under ``pybpf run``)."""
from .bpf import BPF, Function
from .perf import PerfHWConfig, PerfSWConfig, PerfType

__all__ = ["BPF", "Function", "PerfHWConfig", "PerfSWConfig", "PerfType"]
