"""Running tutorial examples as a reader would: a subprocess, triggers, then Ctrl-C."""
import os
import signal
import subprocess
import sys
import threading
import time


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class RunningExample:
    """An example process whose stdout/stderr are collected in the background."""

    def __init__(self, path: str, *args: str):
        self.proc = subprocess.Popen([sys.executable, "-u", path, *args], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, errors="replace")
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [threading.Thread(target=self._pump, args=(s, buf), daemon=True)
                         for s, buf in ((self.proc.stdout, self.out),
                                        (self.proc.stderr, self.err))]
        for t in self._readers:
            t.start()

    @staticmethod
    def _pump(stream, buf):
        for line in stream:
            buf.append(line.rstrip("\n"))

    def wait_for(self, predicate, trigger=None, timeout: float = 30.0) -> list[str]:
        """Run ``trigger`` repeatedly until ``predicate(lines)`` holds; return the lines."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if trigger:
                trigger()
            if predicate(self.out):
                return list(self.out)
            time.sleep(0.2)
        raise AssertionError(
            f"expected output did not appear (exit={self.proc.poll()}).\nstdout:\n"
            + "\n".join(self.out[-30:]) + "\nstderr:\n" + "\n".join(self.err[-30:]))

    def interrupt(self, timeout: float = 20.0) -> int:
        """Ctrl-C, as a reader would; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        for t in self._readers:
            t.join(5)
        return rc




def run_true():
    subprocess.run(["/bin/true"], check=True)


class ExecTrigger:
    """Runs /bin/true and remembers the pids: at execve entry the new process still has
    its parent's command name, so the pid is what identifies our events."""

    def __init__(self):
        self.pids = []

    def __call__(self):
        proc = subprocess.Popen(["/bin/true"])
        self.pids.append(proc.pid)
        proc.wait()

    def lines(self, out, message):
        comm = os.path.basename(sys.executable)[:15]
        return [ln for ln in out for pid in self.pids
                if ln == f"{pid} {os.getuid()} {comm} {message}"]
