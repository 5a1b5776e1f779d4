"""Fixtures for the example tests (helpers live in example_runner.py)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from example_runner import ROOT, RunningExample  # noqa: E402


@pytest.fixture
def run_example():
    """Start examples; kill any still running at the end of the test."""
    started = []

    def start(relpath: str, *args: str) -> RunningExample:
        ex = RunningExample(os.path.join(ROOT, relpath), *args)
        started.append(ex)
        return ex

    yield start
    for ex in started:
        if ex.proc.poll() is None:
            ex.proc.kill()
            ex.proc.wait()
