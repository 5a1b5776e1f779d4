"""The entry point: exit statuses, one-line errors, `run`, lazy imports (no kernel)."""
import json
import subprocess
import sys

from pybpf.cli import main as cli


def test_usage_without_arguments(capsys):
    assert cli.main([]) == 2
    assert "Usage: pybpf" in capsys.readouterr().err
    assert cli.main(["-h"]) == 0
    assert "OBJECT :=" in capsys.readouterr().out


def test_object_help(capsys):
    assert cli.main(["prog", "help"]) == 0
    assert "prog dump xlated PROG" in capsys.readouterr().out
    assert cli.main(["map", "-h"]) == 0
    assert "map lookup" in capsys.readouterr().out


def test_usage_errors_are_one_line(capsys):
    assert cli.main(["bogus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: unknown object 'bogus'") and err.count("\n") == 1
    assert cli.main(["prog", "show", "id", "abc"]) == 2
    assert capsys.readouterr().err == "Error: can't parse 'abc' as program id\n"


def test_json_errors_go_to_stdout(capsys):
    assert cli.main(["-j", "prog", "show", "id", "x"]) == 2
    assert json.loads(capsys.readouterr().out) == {"error": "can't parse 'x' as program id"}


def test_version(capsys):
    assert cli.main(["-V"]) == 0
    assert capsys.readouterr().out.startswith("pybpf v")
    assert cli.main(["version", "-j"]) == 0
    assert "version" in json.loads(capsys.readouterr().out)


def test_internal_errors_are_one_line(monkeypatch, capsys):
    def boom(argv, out=None):
        raise ValueError("bad\nthing")
    monkeypatch.setattr(cli, "run", boom)
    assert cli.main(["prog"]) == 1
    err = capsys.readouterr().err
    assert err == "Error: internal error: ValueError: bad thing (run with -d for the traceback)\n"


def test_run_dispatches_to_run_script(monkeypatch):
    import pybpf.run

    seen = []
    monkeypatch.setattr(pybpf.run, "run_script", lambda argv: seen.append(argv) or 7)
    assert cli.main(["run", "tool.py", "-p", "1"]) == 7
    assert seen == [["tool.py", "-p", "1"]]


def test_import_is_light():
    code = ("import sys, pybpf.cli.main; "
            "print(sorted(m for m in sys.modules if m.startswith(('pybpf._libbpf', 'cffi', "
            "'pybpf.cli.prog', 'pybpf.object'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
