"""Smoke test of the VM lane: the guest kernel has tracefs kprobe events."""
import os

TRACEFS = "/sys/kernel/tracing"
KPROBE_EVENTS = os.path.join(TRACEFS, "kprobe_events")
EVENT = "pybpf_vm_smoke_%d" % os.getpid()


def _append(path, line):
    # open(path, "a") fails with EINVAL on kprobe_events (append mode seeks to the end);
    # O_APPEND without the seek is what the shell's ">>" does.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, line.encode() + b"\n")
    finally:
        os.close(fd)


def _events():
    with open(KPROBE_EVENTS) as f:
        return f.read()


def test_tracefs_kprobe_add_remove():
    assert os.path.exists(KPROBE_EVENTS), "guest kernel has no tracefs kprobe_events"
    _append(KPROBE_EVENTS, "p:%s do_sys_openat2" % EVENT)
    try:
        assert "p:kprobes/%s do_sys_openat2" % EVENT in _events()
        assert os.path.isdir(os.path.join(TRACEFS, "events", "kprobes", EVENT))
    finally:
        if EVENT in _events():
            _append(KPROBE_EVENTS, "-:%s" % EVENT)
    assert EVENT not in _events()
