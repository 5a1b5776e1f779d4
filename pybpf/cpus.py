"""CPU lists from sysfs (``0-3,6`` style ranges)."""
from __future__ import annotations


def _read_cpu_range(path: str) -> list[int]:
    with open(path) as f:
        spec = f.read().strip()
    cpus = []
    for part in filter(None, spec.split(",")):
        lo, _, hi = part.partition("-")
        cpus.extend(range(int(lo), int(hi or lo) + 1))
    return cpus


def online_cpus() -> list[int]:
    return _read_cpu_range("/sys/devices/system/cpu/online")


def possible_cpus() -> list[int]:
    return _read_cpu_range("/sys/devices/system/cpu/possible")
