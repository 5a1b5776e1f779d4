"""Event streams from BPF programs: ring buffers and perf buffers."""
from .batch import RecordBatch
from .perfbuf import PerfBuffer
from .ringbuf import RingBuffer

__all__ = ["PerfBuffer", "RecordBatch", "RingBuffer"]
