"""pytest fixtures for network programs: throwaway namespaces, veth pairs, cgroups.

Use them with ``pytest_plugins = ["pybpf.testing.fixtures"]`` in a top-level conftest,
``-p pybpf.testing.fixtures``, or ``from pybpf.testing.fixtures import veth_pair``.

- ``netns``: an anonymous network namespace (:class:`~pybpf.testing.netns.Netns`).
- ``veth_pair``: two namespaces joined by veth0 <-> veth1 (:class:`VethPair`); deleted
  after the test, with whatever XDP program or tc filter was left on it.
- ``cgroup2``: a fresh cgroup v2 directory (:class:`TempCgroup`), removed after the test.

They skip (with the reason) when not run as root. None of them touches an interface,
namespace or cgroup it did not create.
"""
from __future__ import annotations

import errno
import itertools
import os
import subprocess
import sys
import time

import pytest

from ..links.cgroup import cgroup2_mount
from .netns import Netns, VethPair

_counter = itertools.count()


class TempCgroup:
    """A cgroup v2 directory ``pybpf-test-<pid>-<n>`` under the cgroup2 mount.

    ``python(code, netns=...)`` runs a Python snippet as a child process that first moves
    itself into the cgroup, so its sockets belong to it; close() moves any process left
    inside back to the parent and removes the directory.
    """

    def __init__(self, name: str | None = None):
        self.parent = cgroup2_mount()
        self.name = name or f"pybpf-test-{os.getpid()}-{next(_counter)}"
        self.path = os.path.join(self.parent, self.name)
        os.mkdir(self.path)

    def python(self, code: str, *args: str, netns: Netns | None = None,
               timeout: float = 20.0) -> subprocess.CompletedProcess:
        """Run ``code`` in a child process inside this cgroup (and ``netns``)."""
        prologue = ("import os, sys\n"
                    f"open({os.path.join(self.path, 'cgroup.procs')!r}, 'w')"
                    ".write(str(os.getpid()))\n")
        argv = [sys.executable, "-c", prologue + code, *args]
        kwargs = dict(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc = netns.popen(argv, **kwargs) if netns else subprocess.Popen(argv, **kwargs)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        return subprocess.CompletedProcess(argv, proc.returncode, out, err)

    def close(self) -> None:
        if not os.path.isdir(self.path):
            return
        try:
            with open(os.path.join(self.path, "cgroup.procs")) as f:
                pids = f.read().split()
            for pid in pids:
                with open(os.path.join(self.parent, "cgroup.procs"), "w") as f:
                    f.write(pid)
        except OSError:
            pass
        for _ in range(100):  # an exiting child may keep it busy for a moment
            try:
                os.rmdir(self.path)
                return
            except OSError as exc:
                if exc.errno != errno.EBUSY:
                    raise
                time.sleep(0.02)
        os.rmdir(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _need_root():
    if os.geteuid() != 0:
        pytest.skip("needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) for namespaces and cgroups")


@pytest.fixture
def netns():
    _need_root()
    with Netns() as ns:
        yield ns


@pytest.fixture
def veth_pair():
    _need_root()
    with VethPair() as pair:
        yield pair


@pytest.fixture
def cgroup2():
    _need_root()
    with TempCgroup() as cg:
        yield cg
