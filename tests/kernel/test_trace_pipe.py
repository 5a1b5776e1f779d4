"""TracePipe and tracefs helpers against the running kernel (needs root and tracefs).

trace_pipe is global and consuming: other readers may steal lines and unrelated events may
arrive, so tests loop until their own unique marker shows up or a deadline passes.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

from pybpf.errors import NotSupportedError
from pybpf.trace import (
    TracePipe, list_tracepoints, read_tracepoint_format, tracefs_path, tracefs_root,
    tracepoint_exists, tracepoint_id,
)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _tracefs_or_skip() -> str:
    if os.geteuid() != 0:
        pytest.skip("needs root: trace_pipe and tracefs are root-only")
    try:
        return tracefs_root()
    except NotSupportedError as e:
        pytest.skip(str(e))


pytestmark = pytest.mark.kernel


@pytest.fixture
def tracing():
    root = _tracefs_or_skip()
    with open(os.path.join(root, "tracing_on")) as f:
        if f.read().strip() != "1":
            pytest.skip("tracing is off (tracing_on is 0); trace_marker writes would be dropped")
    return root


def _mark(text: str) -> None:
    with open(tracefs_path("trace_marker"), "w") as f:
        f.write(text)


def test_trace_marker_round_trip(tracing):
    marker = f"pybpf-test-{uuid.uuid4().hex}"
    with TracePipe() as pipe:
        _mark(marker)
        deadline = time.monotonic() + 5
        event = None
        while time.monotonic() < deadline:
            got = pipe.fields(timeout=max(0.0, deadline - time.monotonic()))
            if got is not None and marker.encode() in got.msg:
                event = got
                break
        assert event is not None, "marker did not come back through trace_pipe within 5 s"
        assert event.pid == os.getpid()
        assert event.msg == marker.encode()
        assert event.ts > 0
        assert isinstance(event.task, bytes) and isinstance(event.flags, bytes)
    assert pipe.closed


def test_readline_returns_raw_marker_line(tracing):
    marker = f"pybpf-raw-{uuid.uuid4().hex}"
    with TracePipe() as pipe:
        _mark(marker)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            line = pipe.readline(timeout=max(0.0, deadline - time.monotonic()))
            if marker.encode() in line:
                assert line.endswith(b"tracing_mark_write: " + marker.encode())
                assert not line.endswith(b"\n")
                return
        pytest.fail("marker did not come back through trace_pipe within 5 s")


def test_tracepoint_helpers():
    _tracefs_or_skip()
    assert tracepoint_exists("sched", "sched_switch")
    assert not tracepoint_exists("sched", "pybpf_no_such_event")
    assert tracepoint_id("sched", "sched_switch") > 0
    assert "field:" in read_tracepoint_format("sched", "sched_switch")
    names = list_tracepoints()
    assert "sched:sched_switch" in names and names == sorted(names)
    with pytest.raises(NotSupportedError, match="sched:pybpf_no_such_event"):
        tracepoint_id("sched", "pybpf_no_such_event")


def test_open_as_unprivileged_user_raises_permission_error():
    _tracefs_or_skip()
    # A fresh process that drops to "nobody" walks the whole path a non-root user takes:
    # tracefs discovery through /proc/mounts, then EACCES on open.
    code = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {REPO!r})
        from pybpf.errors import BPFPermissionError
        from pybpf.trace import TracePipe
        os.setgid(65534); os.setuid(65534)  # after the imports: the interpreter may be in /root
        try:
            TracePipe()
        except BPFPermissionError as e:
            print("permission", e.errno)
        except Exception as e:
            print("other", type(e).__name__, e)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, cwd="/")
    assert out.stdout.startswith("permission"), out.stdout + out.stderr
