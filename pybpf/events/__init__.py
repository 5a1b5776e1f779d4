"""Event streams from BPF programs: ring buffers and perf buffers."""
from .perfbuf import PerfBuffer
from .ringbuf import RingBuffer

__all__ = ["PerfBuffer", "RingBuffer"]
