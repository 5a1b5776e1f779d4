"""Project-wide test setup: kernel gates and the session-wide leak check."""
import os

import pytest

from pybpf.testing import leaks

pytest_plugins = ["pybpf.testing.fixtures"]

ROOT = os.geteuid() == 0


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath)
        if f"{os.sep}kernel{os.sep}" in path or f"{os.sep}examples{os.sep}" in path:
            item.add_marker(pytest.mark.kernel)
        if item.get_closest_marker("kernel") and not ROOT:
            item.add_marker(pytest.mark.skip(reason="needs root (CAP_BPF + CAP_PERFMON) for BPF"))


@pytest.fixture(scope="session", autouse=True)
def kernel_leak_check(request):
    """Fail the run when tests leave links, programs, pins, probe events or netns behind."""
    before = leaks.snapshot()
    yield
    after = leaks.snapshot()
    found = [x for x in leaks.leaked(before, after) if not x.startswith("open fds")]
    if found:
        request.session.pybpf_leaks = found


@pytest.fixture(scope="session")
def usdt_target(tmp_path_factory):
    """tests/usdt_target built once: ``.exe`` (a program with USDT probes of every argument
    kind) and ``.lib`` (a library with one). Skips without cc or <sys/sdt.h>."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "usdt_target", "build.py")
    spec = importlib.util.spec_from_file_location("usdt_target_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(str(tmp_path_factory.mktemp("usdt")))


def pytest_sessionfinish(session, exitstatus):
    found = getattr(session, "pybpf_leaks", None)
    if found:
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        msg = "pybpf leak check: the test run left kernel objects behind:\n  " + \
            "\n  ".join(found)
        if tr:
            tr.write_line(msg, red=True)
        session.exitstatus = 1
