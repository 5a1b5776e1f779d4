"""``bcc.exec``: start a command for a tool to trace, held until the probes are attached.

``pid = run_cmd(["ls", "-l"])`` forks a child that waits; the tool attaches its probes
(filtering on ``pid``), then ``cmd_ready()`` lets the child exec the command, and
``cmd_exited()`` tells whether it has exited since (SIGCHLD, reaped here).
"""
from __future__ import annotations

import os
import signal
import sys

_state = {"exited": 0, "read": None, "write": None, "pid": None}


def _on_sigchld(signum, frame):
    # only the command's own child is reaped: other children (clang, subprocess.run in
    # the tool) keep their exit status for whoever waits for them
    pid = _state["pid"]
    if pid is None:
        return
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        done = pid
    if done == pid:
        _state["exited"], _state["pid"] = 1, None


def run_cmd(args) -> int:
    """Fork a child that execs ``args`` (argv list) once ``cmd_ready()`` is called; returns
    its pid."""
    args = [a.decode() if isinstance(a, bytes) else str(a) for a in args]
    if not args:
        raise ValueError("run_cmd needs a command")
    read_fd, write_fd = os.pipe()
    _state.update(read=read_fd, write=write_fd, exited=0)
    pid = os.fork()
    if pid == 0:   # the child: wait for the go, then become the command
        status = 1
        try:
            os.close(write_fd)
            os.read(read_fd, 1)
            os.close(read_fd)
            os.execvp(args[0], args)
        except OSError as exc:
            print(f"failed to exec command: {' '.join(args)}: {exc}", file=sys.stderr)
        finally:
            os._exit(status)
    os.close(read_fd)
    _state.update(read=None, pid=pid)
    signal.signal(signal.SIGCHLD, _on_sigchld)
    return pid


def cmd_ready() -> None:
    """Let the child started by ``run_cmd`` exec its command."""
    fd, _state["write"] = _state["write"], None
    if fd is None:
        return
    try:
        os.write(fd, b"x")
    except OSError:
        sys.exit(1)
    finally:
        os.close(fd)


def cmd_exited() -> int:
    """1 once the command has exited, else 0."""
    return _state["exited"]


__all__ = ["run_cmd", "cmd_ready", "cmd_exited"]
