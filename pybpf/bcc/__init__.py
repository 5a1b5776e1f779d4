"""BCC's Python API on pybpf (``from pybpf import BPF``; ``bcc.*`` under ``pybpf run``)."""
from .bpf import BPF, Function
from .perf import PerfHWConfig, PerfSWConfig, PerfType
from .utils import ArgString, StrcmpRewrite

__all__ = ["ArgString", "BPF", "BPFAttachType", "BPFProgType", "Function", "PerfHWConfig",
           "PerfSWConfig", "PerfType", "StrcmpRewrite", "USDT", "USDTException"]


def __getattr__(name):
    # the network module pulls in the XDP/tc/cgroup families: load it only when asked
    if name in ("BPFAttachType", "BPFProgType"):
        from . import net

        return getattr(net, name)
    if name in ("USDT", "USDTException"):
        from . import usdt

        return getattr(usdt, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
