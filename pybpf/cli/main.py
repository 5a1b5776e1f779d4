"""``pybpf``: bpftool's inspection workflow in Python (entry point ``pybpf.cli.main:main``).

Grammar: ``pybpf [OPTIONS] OBJECT {COMMAND | help} ...``. Options may appear anywhere
before ``--`` (as with bpftool's getopt), except after ``run SCRIPT``, whose arguments go
to the script untouched. Errors print one line and exit non-zero; ``-d`` shows the
traceback. Only this module is imported at start-up; each OBJECT's module (and with it
libbpf) is imported when that object is used.
"""
from __future__ import annotations

import importlib
import sys
from typing import NamedTuple

from .grammar import Args, CliError, UsageError, match_keyword
from .render import Output

# OBJECT -> module under pybpf.cli, in bpftool's order (for prefix matching)
OBJECTS = {"prog": "prog", "map": "map", "link": "link", "net": "net",
           "feature": "feature", "btf": "btf", "gen": "gen", "trace": "trace",
           "run": None, "help": None, "version": None}

LONG_OPTIONS = {"--json": "json", "--pretty": "pretty", "--bpffs": "bpffs",
                "--debug": "debug", "--help": "help", "--version": "version",
                "--nomount": None, "--mapcompat": None, "--use-loader": None}
SHORT_OPTIONS = {"j": "json", "p": "pretty", "f": "bpffs", "d": "debug", "h": "help",
                 "V": "version", "n": None, "m": None, "L": None}

USAGE = """\
Usage: pybpf [OPTIONS] OBJECT { COMMAND | help }
       pybpf run SCRIPT [ARGS...]
       OBJECT := { prog | map | link | net | feature | btf | gen | trace }
       OPTIONS := { -j|--json [-p|--pretty] | -f|--bpffs | -d|--debug | -V|--version }

Keywords may be abbreviated (pybpf p l = pybpf prog list). `pybpf OBJECT help` lists the
commands of an object. See docs/cli.md."""


class Options(NamedTuple):
    json: bool = False
    pretty: bool = False
    bpffs: bool = False
    debug: bool = False
    help: bool = False
    version: bool = False


class Context(NamedTuple):
    """What every command gets besides its arguments."""

    out: Output
    opts: Options


def split_options(argv: list[str]) -> tuple[Options, list[str]]:
    """Pull options out of ``argv`` wherever they are (GNU getopt permutation), stopping
    at ``--`` and at the first word after ``run``."""
    flags: dict[str, bool] = {}
    words: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            words.extend(argv[i:])
            break
        if words and match_keyword(words[0], OBJECTS) == "run":
            words.append(arg)
            words.extend(argv[i:])
            break
        if arg.startswith("--") and len(arg) > 2:
            name = arg.split("=", 1)[0]
            if name not in LONG_OPTIONS:
                raise UsageError(f"unknown option {arg!r}")
            if LONG_OPTIONS[name]:
                flags[LONG_OPTIONS[name]] = True
        elif arg.startswith("-") and len(arg) > 1 and not arg[1].isdigit():
            for ch in arg[1:]:
                if ch not in SHORT_OPTIONS:
                    raise UsageError(f"unknown option '-{ch}'")
                if SHORT_OPTIONS[ch]:
                    flags[SHORT_OPTIONS[ch]] = True
        else:
            words.append(arg)
    if flags.get("pretty"):
        flags["json"] = True
    return Options(**flags), words


def run(argv: list[str], out: Output | None = None) -> int:
    """Parse and run one command line; returns the exit status (errors are raised)."""
    opts, words = split_options(argv)
    output = out if out is not None else Output()
    output.json, output.pretty = opts.json, opts.pretty
    ctx = Context(output, opts)
    if opts.version:
        return _version(ctx)
    args = Args(words)
    if not args:
        print(USAGE, file=output.out if opts.help else sys.stderr)
        return 0 if opts.help else 2
    word = args.next("OBJECT")
    obj = match_keyword(word, OBJECTS)
    if obj is None:
        raise UsageError(f"unknown object {word!r} (expected {' | '.join(OBJECTS)})")
    if obj == "help":
        print(USAGE, file=output.out)
        return 0
    if obj == "version":
        return _version(ctx)
    if obj == "run":
        from ..run import run_script

        return run_script(args.rest())
    module = importlib.import_module(f".{OBJECTS[obj]}", __package__)
    _quiet_libbpf(opts.debug)
    if opts.help or args.peek() in ("help", "-h"):
        print(module.USAGE, file=output.out)
        return 0
    from .grammar import dispatch

    default = getattr(module, "DEFAULT", None)
    word = args.peek()
    if word is not None and getattr(module, "FALLBACK", False) and \
            match_keyword(word, module.COMMANDS) is None:
        handler = module.COMMANDS[default]     # `trace pid 42` is `trace pipe pid 42`
    else:
        handler = dispatch(module.COMMANDS, args, "command", default)
    result = handler(args, ctx)
    if isinstance(result, int):
        return result
    output.emit(result)
    return 0


def _quiet_libbpf(debug: bool) -> None:
    """Route libbpf's own messages to logging (hidden; shown on stderr with -d), so an
    error stays one line."""
    import logging

    from .._libbpf import log  # noqa: F401 - installs the callback

    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


def _version(ctx: Context) -> int:
    from .._version import __version__

    if ctx.opts.json:
        ctx.out.emit(_result({"version": __version__}))
    else:
        print(f"pybpf v{__version__}", file=ctx.out.out)
    return 0


def _result(data):
    from .render import Result

    return Result(data)


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def main(argv: list[str] | None = None, out: Output | None = None) -> int:
    """Run ``pybpf`` with ``argv`` (default: sys.argv[1:]); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    output = out if out is not None else Output()
    try:  # errors in the options themselves are reported in plain text
        opts, _ = split_options(argv)
    except CliError:
        opts = Options()
    output.json, output.pretty, debug = opts.json, opts.pretty, opts.debug
    try:
        return run(argv, output)
    except CliError as exc:
        output.error(_message(exc))
        return exc.code
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:   # `pybpf ... | head`: stop quietly
        try:
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())   # nothing left to flush at exit
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - every error is one line unless -d
        if debug:
            raise
        from ..errors import PybpfError

        if isinstance(exc, (PybpfError, OSError)):
            output.error(_message(exc))
        else:
            output.error(f"internal error: {type(exc).__name__}: {_message(exc)} "
                         "(run with -d for the traceback)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
