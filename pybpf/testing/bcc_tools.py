"""Running BCC's own tools (Debian's bpfcc-tools) under ``pybpf run`` in tests: start one,
give it a workload, stop it with SIGINT as a user would, keep its output."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

SBIN = "/usr/sbin"


def tool_path(name: str) -> str:
    path = os.path.join(SBIN, f"{name}-bpfcc")
    if not os.path.exists(path):
        pytest.skip(f"{path} is not installed (Debian/Ubuntu package bpfcc-tools)")
    return path


class ToolRun:
    """A tool under `pybpf run`: started, given a workload, interrupted, its output kept."""

    def __init__(self, name: str, *args: str, ready: str | None = None,
                 ready_timeout: float = 90):
        self.cmd = [sys.executable, "-m", "pybpf.run", tool_path(name), *args]
        self.ready, self.ready_timeout = ready, ready_timeout
        self.lines: list[str] = []
        self.stderr = ""
        self.returncode = None

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, errors="replace")
        self._seen = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._err = []
        self._err_reader = threading.Thread(
            target=lambda: self._err.append(self.proc.stderr.read()), daemon=True)
        self._err_reader.start()
        # compiling may take seconds on a cold cache; tools print their header once attached
        if not self._seen.wait(self.ready_timeout):
            self.stop()
            pytest.fail(f"{self.cmd[3]} printed nothing in {self.ready_timeout:.0f} s:\n"
                        f"{self.stderr}")
        time.sleep(0.3)
        return self

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if self.ready is None or self.ready in line:
                self._seen.set()
        self._seen.set()

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.returncode = self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"{self.cmd[3]} did not stop within 60 s of SIGINT")
        self._reader.join(10)
        self._err_reader.join(10)
        self.stderr = "".join(self._err)
        return "\n".join(self.lines)

    def __exit__(self, *exc):
        self.stop()
        assert "Traceback" not in self.stderr, self.stderr
        return False

    @property
    def out(self) -> str:
        return "\n".join(self.lines)


def repeat(action, seconds: float = 1.5, every: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        action()
        time.sleep(every)


class LocalTcp:
    """A listening socket on 127.0.0.1; ``connect()`` makes one whole connection to it
    (with a byte each way when ``payload``)."""

    def __init__(self, payload: bool = False):
        self.payload = payload

    def __enter__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        return self

    def connect(self):
        c = socket.create_connection(("127.0.0.1", self.port))
        s, _ = self.server.accept()
        if self.payload:
            c.sendall(b"x")
            s.recv(1)
        c.close()
        s.close()

    def __exit__(self, *exc):
        self.server.close()
        return False
