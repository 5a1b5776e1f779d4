"""Every chapter 2 example runs as documented, with its events triggered and output checked."""
import ctypes
import re
import subprocess
import tempfile

from example_runner import ExecTrigger, run_true


def _lines_matching(lines, regex):
    return [ln for ln in lines if re.search(regex, ln)]


def test_hello_prints_hello_world_per_exec(run_example):
    ex = run_example("examples/chapter2/hello.py")
    lines = ex.wait_for(lambda out: any(ln.endswith("Hello World!") for ln in out), run_true)
    assert ex.interrupt() == 0
    assert any("bpf_trace_printk: Hello World!" in ln for ln in lines)


def test_hello_map_counts_execs_per_uid(run_example):
    ex = run_example("examples/chapter2/hello-map.py")

    def counts(out):
        return [int(m) for ln in out for m in re.findall(r"ID 0: (\d+)", ln)]

    lines = ex.wait_for(lambda out: len(counts(out)) >= 2 and counts(out)[-1] > counts(out)[0],
                        run_true, timeout=40)
    assert ex.interrupt() == 0
    assert re.fullmatch(r"(ID \d+: \d+\t)+", _lines_matching(lines, r"ID 0:")[-1])


def test_hello_buffer_sends_events_through_perf_buffer(run_example):
    ex = run_example("examples/chapter2/hello-buffer.py")
    trigger = ExecTrigger()
    lines = ex.wait_for(lambda out: trigger.lines(out, "Hello World"), trigger)
    assert ex.interrupt() == 0
    assert all(re.fullmatch(r"\d+ \d+ \S+ Hello World", ln)
               for ln in lines if ln.endswith("Hello World"))


def test_hello_buffer_config_uses_message_from_python(run_example):
    ex = run_example("examples/chapter2/hello-buffer-config.py")
    trigger = ExecTrigger()
    ex.wait_for(lambda out: trigger.lines(out, "Hey root!"), trigger)
    assert ex.interrupt() == 0


def _open_marker_file():
    path = tempfile.mktemp(prefix="pybpf-hello-file-")
    subprocess.run(["/bin/cat", path], capture_output=True)
    return path


def test_hello_file_prints_filename_and_command(run_example):
    ex = run_example("examples/chapter2/hello-file.py")
    marker = {}

    def trigger():
        marker.setdefault("path", _open_marker_file())
        subprocess.run(["/bin/cat", marker["path"]], capture_output=True)

    lines = ex.wait_for(lambda out: "path" in marker and any(
        ln.endswith("File " + marker["path"]) for ln in out), trigger)
    assert ex.interrupt() == 0
    i = next(i for i, ln in enumerate(lines) if ln.endswith("File " + marker["path"]))
    assert any(ln.endswith("opened by:cat") for ln in lines[i:i + 40])


def test_hello_file_ring_buffer(run_example):
    ex = run_example("examples/chapter2/hello-file-ring-buffer.py")
    marker = {}

    def trigger():
        marker.setdefault("path", _open_marker_file())
        subprocess.run(["/bin/cat", marker["path"]], capture_output=True)

    lines = ex.wait_for(lambda out: "path" in marker and
                        f"cat - {marker['path']}" in out, trigger)
    assert ex.interrupt() == 0
    assert f"cat - {marker['path']}" in lines


def test_hello_tail_dispatches_through_prog_array(run_example):
    librt = ctypes.CDLL("librt.so.1", use_errno=True)

    def trigger():
        run_true()
        timer = ctypes.c_void_p()
        if librt.timer_create(1, None, ctypes.byref(timer)) == 0:   # CLOCK_MONOTONIC
            librt.timer_delete(timer)

    ex = run_example("examples/chapter2/hello-tail.py")
    want = ("Executing a program", "Creating a timer", "Deleting a timer")
    lines = ex.wait_for(lambda out: all(any(ln.endswith(w) for ln in out) for w in want),
                        trigger)
    assert ex.interrupt() == 0
    # once the program array is filled (the first handled exec), execve and the timer
    # syscalls only go to their handlers; before that every syscall falls through
    first = next(i for i, ln in enumerate(lines) if ln.endswith("Executing a program"))
    assert not _lines_matching(lines[first:], r"Another syscall: (59|22[2-6])$")
