"""VM lane: tests that need a kernel with kprobes (and kprobe-based BPF attach types).

The host kernel has no kprobes, so these tests run inside a QEMU guest booted by
scripts/vmtest.sh (see docs/testing.md, "VM lane"). Every test collected from this
directory gets the ``vm`` marker; outside the guest (PYBPF_IN_VM unset) they are skipped.
"""
import os

import pytest

IN_VM = os.environ.get("PYBPF_IN_VM") == "1"
SKIP_REASON = "vm lane: not inside the VM guest (run scripts/vmtest.sh or scripts/test.sh)"
_HERE = os.path.dirname(os.path.abspath(__file__))


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        path = os.path.abspath(str(getattr(item, "path", None) or item.fspath))
        if not path.startswith(_HERE + os.sep):
            continue
        item.add_marker(pytest.mark.vm)
        if not IN_VM:
            item.add_marker(skip)
