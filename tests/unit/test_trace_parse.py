"""Unit tests for pybpf.trace: line parsing, TracePipe mechanics on a FIFO, tracefs discovery.

No root needed: TracePipe accepts any path, so a FIFO stands in for trace_pipe.
"""
from __future__ import annotations

import io
import os
import signal
import threading
import time

import pytest

from pybpf.errors import BPFPermissionError, NotSupportedError
from pybpf.trace import LostEvents, TraceLine, TracePipe, parse_line, parse_lost
from pybpf.trace import tracefs


def bcc_trace_fields(line: bytes):
    """BCC's trace_fields() parsing (src/python/bcc/__init__.py), for lines it can split."""
    task = line[:16].lstrip()
    line = line[17:]
    ts_end = line.find(b":")
    pid, cpu, flags, ts = line[:ts_end].split()
    cpu = cpu[1:-1]
    line = line[ts_end + 1:]
    sym_end = line.find(b":")
    msg = line[sym_end + 2:]
    return (task, int(pid), int(cpu), flags, float(ts), msg)


# (line, expected (task, pid, cpu, flags, ts, msg))
CASES = [
    # 1. modern kernel, unknown comm, bpf_trace_printk event name
    (b"           <...>-1234    [001] d..31  1234.567890: bpf_trace_printk: Hello World!",
     (b"<...>", 1234, 1, b"d..31", 1234.567890, b"Hello World!")),
    # 2. the classic BCC tutorial line: kernel <= 4.12, empty symbol
    (b"            bash-13364 [002] d... 24573433.052937: : Hello, World!",
     (b"bash", 13364, 2, b"d...", 24573433.052937, b"Hello, World!")),
    # 3. kernel 4.13+ prints the bogus ip as a symbol
    (b"            bash-13364 [002] d... 24573433.052937: 0x00000001: Hello, World!",
     (b"bash", 13364, 2, b"d...", 24573433.052937, b"Hello, World!")),
    # 4. task name with a slash, a colon and a dash-free digit suffix
    (b"    kworker/u4:2-12      [000] ....   100.000001: bpf_trace_printk: kw",
     (b"kworker/u4:2", 12, 0, b"....", 100.000001, b"kw")),
    # 5. task name with a space
    (b"     Web Content-3456    [003] d..2.  5000.250000: bpf_trace_printk: tab",
     (b"Web Content", 3456, 3, b"d..2.", 5000.25, b"tab")),
    # 6. task name with dashes and a "-digits" part of its own
    (b"   my-proc-12-99-77      [001] .....    42.000000: bpf_trace_printk: dashes",
     (b"my-proc-12-99", 77, 1, b".....", 42.0, b"dashes")),
    # 7. record-tgid option: "(  tgid)" column
    (b"bash-1234  (  1234) [000] ....  3.500000: bpf_trace_printk: tgid",
     (b"bash", 1234, 0, b"....", 3.5, b"tgid")),
    # 8. record-tgid with an unknown tgid
    (b"          <idle>-0       (-------) [007] d.h1.    77.125000: bpf_trace_printk: idle",
     (b"<idle>", 0, 7, b"d.h1.", 77.125, b"idle")),
    # 9. noirq-info / old kernels: no flags column
    (b"            bash-1234  [000]   123.456789: bpf_trace_printk: noflags",
     (b"bash", 1234, 0, b"", 123.456789, b"noflags")),
    # 10. no flags and a message that starts with "<digits>:"
    (b"bash-1 [000] 5.000001: tracing_mark_write: 99: bottles",
     (b"bash", 1, 0, b"", 5.000001, b"99: bottles")),
    # 11. trace_marker line (what the kernel test reads back)
    (b"         python3-5975    [001] ...1.   745.567146: tracing_mark_write: hello: x",
     (b"python3", 5975, 1, b"...1.", 745.567146, b"hello: x")),
    # 12. a regular ftrace event: message after "sched_switch: ", as BCC does
    (b"          <idle>-0       [002] d..2. 99.000100: sched_switch: prev_comm=swapper/2 "
     b"prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=sshd next_pid=88 next_prio=120",
     (b"<idle>", 0, 2, b"d..2.", 99.0001, b"prev_comm=swapper/2 prev_pid=0 prev_prio=120 "
      b"prev_state=R ==> next_comm=sshd next_pid=88 next_prio=120")),
    # 13. 15-character comm fills the column entirely; 7-digit pid
    (b" abcdefghijklmno-4194303 [127] dNs..  1.000000: bpf_trace_printk: long",
     (b"abcdefghijklmno", 4194303, 127, b"dNs..", 1.0, b"long")),
    # 14. empty message, trailing newline
    (b"            bash-1234    [000] ..... 10.000000: bpf_trace_printk: \n",
     (b"bash", 1234, 0, b".....", 10.0, b"")),
    # 15. integer timestamp (trace_clock=counter)
    (b"            bash-1234    [000] .....  987654: bpf_trace_printk: counter",
     (b"bash", 1234, 0, b".....", 987654.0, b"counter")),
    # 16. non-UTF-8 bytes in the message survive untouched
    (b"            bash-1234    [000] .....  1.000000: bpf_trace_printk: \xff\xfe raw",
     (b"bash", 1234, 0, b".....", 1.0, b"\xff\xfe raw")),
    # 17. event line with no symbol colon at all: BCC keeps the rest minus the first char
    (b"            bash-1234    [000] .....  1.000000: nocolon",
     (b"bash", 1234, 0, b".....", 1.0, b"nocolon")),
]


@pytest.mark.parametrize("line,expected", CASES, ids=[str(i + 1) for i in range(len(CASES))])
def test_parse_line_shapes(line, expected):
    parsed = parse_line(line)
    assert parsed is not None
    assert parsed.fields() == expected
    task, pid, cpu, flags, ts, msg = parsed  # unpacks like BCC's tuple
    assert (type(task), type(pid), type(cpu), type(flags), type(ts), type(msg)) == \
        (bytes, int, int, bytes, float, bytes)
    assert type(parsed.fields()) is tuple


def _bcc_parsable(line):
    try:
        bcc_trace_fields(line.rstrip())
        return True
    except ValueError:  # BCC skips these lines or returns ("Unknown", 0, ...)
        return False


BCC_PARSABLE = [c[0] for c in CASES if _bcc_parsable(c[0])]


def test_bcc_comparison_covers_most_shapes():
    assert len(BCC_PARSABLE) >= 12


@pytest.mark.parametrize("line", BCC_PARSABLE)
def test_matches_bcc_where_bcc_can_parse(line):
    assert parse_line(line).fields() == bcc_trace_fields(line.rstrip())


@pytest.mark.parametrize("line", [
    b"CPU:3 [LOST 12 EVENTS]",
    b"CPU:0 [LOST EVENTS]",
    b"# tracer: nop",
    b"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
    b"",
    b"\n",
    b"garbage without structure",
    b"bash-12 [000] .... notatime: x",
])
def test_non_event_lines_return_none(line):
    assert parse_line(line) is None


def test_parse_lost():
    assert parse_lost(b"CPU:3 [LOST 12 EVENTS]") == LostEvents(3, 12)
    assert parse_lost(b"CPU:0 [LOST EVENTS]") == LostEvents(0, None)
    assert parse_lost(CASES[0][0]) is None


def test_decoded():
    parsed = parse_line(CASES[15][0])
    task, pid, _, flags, _, msg = parsed.decoded()
    assert (task, pid, flags) == ("bash", 1234, ".....")
    assert msg == "\ufffd\ufffd raw"


def test_traceline_is_bcc_tuple():
    t = TraceLine(b"a", 1, 2, b"..", 3.0, b"m")
    assert t == (b"a", 1, 2, b"..", 3.0, b"m")
    assert "pid {1}, msg = {5}".format(*t) == "pid 1, msg = b'm'"


def test_parse_speed():
    # Busy tracers produce thousands of lines a second; we should parse >100k/s easily.
    lines = [c[0] for c in CASES] * 600
    start = time.perf_counter()
    for line in lines:
        parse_line(line)
    assert time.perf_counter() - start < 1.0


# -- TracePipe on a FIFO --------------------------------------------------------------------
@pytest.fixture
def fifo(tmp_path):
    path = str(tmp_path / "pipe")
    os.mkfifo(path)
    pipe = TracePipe(path)  # O_NONBLOCK open: does not wait for a writer
    writer = os.open(path, os.O_WRONLY)
    yield pipe, writer
    pipe.close()
    try:
        os.close(writer)
    except OSError:
        pass


def test_readline_and_partial_lines(fifo):
    pipe, w = fifo
    os.write(w, CASES[0][0] + b"\n\n" + CASES[1][0][:20])
    assert pipe.readline(timeout=1) == CASES[0][0]
    assert pipe.readline(timeout=0.05) == b""  # blank skipped, partial not yet a line
    os.write(w, CASES[1][0][20:] + b"\n")
    assert pipe.readline(timeout=1) == CASES[1][0]


def test_readline_timeout(fifo):
    pipe, _ = fifo
    start = time.monotonic()
    assert pipe.readline(timeout=0.2) == b""
    assert 0.15 < time.monotonic() - start < 2


def test_non_blocking_readline_reads_what_is_waiting(fifo):
    pipe, w = fifo
    assert pipe.readline(timeout=0) == b""
    os.write(w, b"waiting line\n")
    assert pipe.readline(timeout=0) == b"waiting line"     # BPF.trace_readline(nonblocking=True)


def test_readline_blocks_until_data(fifo):
    pipe, w = fifo
    threading.Timer(0.1, os.write, (w, b"late line\n")).start()
    assert pipe.readline() == b"late line"


def test_ctrl_c_interrupts_blocking_read(fifo):
    pipe, _ = fifo
    timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            pipe.readline()
    finally:
        timer.cancel()


def test_fields_skips_and_counts_lost(fifo):
    pipe, w = fifo
    os.write(w, b"CPU:1 [LOST 5 EVENTS]\njunk\n" + CASES[6][0] + b"\n")
    assert pipe.fields(timeout=1).fields() == CASES[6][1]
    assert pipe.lost_events == 5
    assert pipe.fields(timeout=0.05) is None


def test_iter_stops_at_eof_and_returns_last_partial_line(fifo):
    pipe, w = fifo
    os.write(w, b"one\ntwo\nthree")
    os.close(w)
    assert list(pipe) == [b"one", b"two", b"three"]
    assert pipe.readline(timeout=0.1) == b""


def test_print_lines_raw_and_fmt(fifo, tmp_path):
    pipe, w = fifo
    os.write(w, CASES[0][0] + b"\n" + CASES[6][0] + b"\n")
    os.close(w)
    out = io.StringIO()
    pipe.print_lines(file=out)
    assert out.getvalue() == CASES[0][0].decode() + "\n" + CASES[6][0].decode() + "\n"

    path2 = str(tmp_path / "p2")
    os.mkfifo(path2)
    with TracePipe(path2) as p2:
        w2 = os.open(path2, os.O_WRONLY)
        os.write(w2, b"CPU:0 [LOST 1 EVENTS]\n" + CASES[4][0] + b"\n" + CASES[4][0] + b"\n")
        os.close(w2)
        out = io.StringIO()
        p2.print_lines(fmt="{0}|{1}|{5}", file=out)
        assert out.getvalue() == "Web Content|3456|tab\n" * 2


def test_print_lines_bcc_exact_bytes(fifo, capsys):
    pipe, w = fifo
    os.write(w, b"x-1 [000] .... 1.0: bpf_trace_printk: hi\n")
    os.close(w)
    pipe.print_lines(fmt="{1} {5}", decode=False)  # default file: the current sys.stdout
    assert capsys.readouterr().out == "1 b'hi'\n"


def test_close_is_idempotent(fifo):
    pipe, _ = fifo
    assert not pipe.closed
    pipe.close()
    pipe.close()
    assert pipe.closed
    with pytest.raises(ValueError):
        pipe.readline(timeout=0)


def test_finalizer_closes_fd(tmp_path):
    path = str(tmp_path / "f")
    os.mkfifo(path)
    pipe = TracePipe(path)
    fd = pipe._fd
    del pipe
    with pytest.raises(OSError):
        os.fstat(fd)


def test_open_permission_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root bypasses file permissions")
    path = tmp_path / "noaccess"
    path.write_bytes(b"")
    path.chmod(0)
    with pytest.raises(BPFPermissionError):
        TracePipe(str(path))


# -- tracefs discovery on a fake tree -------------------------------------------------------
@pytest.fixture
def fake_tracefs(tmp_path, monkeypatch):
    a, b, c = tmp_path / "tracing", tmp_path / "debug_tracing", tmp_path / "my tracefs"
    for d in (a, b, c):
        d.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text("proc /proc proc rw 0 0\n")
    monkeypatch.setattr(tracefs, "_CANDIDATES", (str(a), str(b)))
    monkeypatch.setattr(tracefs, "_PROC_MOUNTS", str(mounts))
    tracefs._reset_cache()
    yield a, b, c, mounts
    tracefs._reset_cache()


def test_tracefs_prefers_sys_kernel_tracing(fake_tracefs):
    a, b, _, _ = fake_tracefs
    (a / "trace_pipe").touch()
    (b / "trace_pipe").touch()
    assert tracefs.tracefs_root() == str(a)
    (a / "trace_pipe").unlink()
    assert tracefs.tracefs_root() == str(a)  # cached
    tracefs._reset_cache()
    assert tracefs.tracefs_root() == str(b)


def test_tracefs_from_proc_mounts_with_escapes(fake_tracefs):
    _, _, c, mounts = fake_tracefs
    (c / "trace_pipe").touch()
    escaped = str(c).replace(" ", "\\040")
    mounts.write_text(f"proc /proc proc rw 0 0\nnone {escaped} tracefs rw,relatime 0 0\n")
    assert tracefs.tracefs_root() == str(c)
    assert tracefs.tracefs_path("trace_pipe") == os.path.join(str(c), "trace_pipe")


def test_tracefs_not_mounted(fake_tracefs):
    with pytest.raises(NotSupportedError, match="mount -t tracefs tracefs /sys/kernel/tracing"):
        tracefs.tracefs_root()
    with pytest.raises(NotSupportedError, match="not mounted"):
        TracePipe()


def test_tracepoint_helpers_on_fake_tree(fake_tracefs):
    a, _, _, _ = fake_tracefs
    (a / "trace_pipe").touch()
    ev = a / "events" / "sched" / "sched_switch"
    ev.mkdir(parents=True)
    (ev / "id").write_text("372\n")
    (ev / "format").write_text("name: sched_switch\nID: 372\n")
    (a / "events" / "sched" / "enable").write_text("0\n")
    (a / "events" / "raw_syscalls" / "sys_enter").mkdir(parents=True)
    (a / "events" / "header_page").write_text("")
    assert tracefs.tracepoint_exists("sched", "sched_switch")
    assert not tracefs.tracepoint_exists("sched", "nope")
    assert tracefs.tracepoint_id("sched", "sched_switch") == 372
    assert tracefs.read_tracepoint_format("sched", "sched_switch").startswith("name: sched_switch")
    assert tracefs.list_tracepoints() == ["raw_syscalls:sys_enter", "sched:sched_switch"]
    with pytest.raises(NotSupportedError, match="sched:nope"):
        tracefs.tracepoint_id("sched", "nope")
    with pytest.raises(NotSupportedError, match="sched:nope"):
        tracefs.read_tracepoint_format("sched", "nope")
    with pytest.raises(ValueError):
        tracefs.tracepoint_id("..", "x")
