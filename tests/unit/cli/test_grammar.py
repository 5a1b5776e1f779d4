"""bpftool's grammar: options anywhere, keyword prefixes, numbers, references."""
import pytest

from pybpf.cli import refs
from pybpf.cli.grammar import Args, UsageError, dispatch, match_keyword, parse_int
from pybpf.cli.main import OBJECTS, split_options


def test_options_anywhere_and_combined():
    opts, words = split_options(["prog", "show", "id", "5", "--pretty"])
    assert opts.json and opts.pretty and words == ["prog", "show", "id", "5"]
    opts, words = split_options(["-jf", "map", "list"])
    assert opts.json and opts.bpffs and not opts.pretty and words == ["map", "list"]


def test_double_dash_and_negative_numbers_are_words():
    opts, words = split_options(["map", "update", "--", "-j"])
    assert not opts.json and words == ["map", "update", "-j"]
    assert split_options(["trace", "pid", "-1"])[1] == ["trace", "pid", "-1"]


def test_run_passes_arguments_through():
    opts, words = split_options(["-d", "run", "tool.py", "-p", "--json", "x"])
    assert opts.debug and not opts.json
    assert words == ["run", "tool.py", "-p", "--json", "x"]


def test_unknown_option():
    with pytest.raises(UsageError):
        split_options(["--bogus"])
    with pytest.raises(UsageError):
        split_options(["-z"])


def test_prefixes_resolve_in_table_order():
    assert match_keyword("p", OBJECTS) == "prog"
    assert match_keyword("m", OBJECTS) == "map"
    assert match_keyword("t", OBJECTS) == "trace"
    assert match_keyword("prog", OBJECTS) == "prog"
    assert match_keyword("x", OBJECTS) is None
    from pybpf.cli import map as cli_map
    from pybpf.cli import prog as cli_prog

    assert match_keyword("l", cli_prog.COMMANDS) == "list"     # before load
    assert match_keyword("loada", cli_prog.COMMANDS) == "loadall"
    assert match_keyword("d", cli_map.COMMANDS) == "dump"      # before delete
    assert match_keyword("de", cli_map.COMMANDS) == "delete"


def test_dispatch():
    table = {"show": "S", "list": "L"}
    assert dispatch(table, Args(["li"]), "command") == "L"
    assert dispatch(table, Args([]), "command", default="show") == "S"
    with pytest.raises(UsageError, match="unknown command 'zap'"):
        dispatch(table, Args(["zap"]), "command")


@pytest.mark.parametrize("text, value", [("42", 42), ("0x2a", 42), ("052", 42), ("0", 0),
                                         ("-1", -1), ("0X10", 16)])
def test_parse_int_is_strtoul(text, value):
    assert parse_int(text) == value


def test_parse_int_rejects():
    with pytest.raises(UsageError):
        parse_int("12abc")


def test_args_cursor():
    a = Args(["key", "1", "2"])
    assert a.accept("value", "key") == "key"
    assert a.next_int("byte") == 1
    assert len(a) == 1
    with pytest.raises(UsageError, match="unexpected argument '2'"):
        a.done()
    with pytest.raises(UsageError, match="expected value"):
        Args(["zz"]).expect("value")


@pytest.mark.parametrize("words, ref", [
    (["id", "42"], refs.Ref("prog", "id", 42)),
    (["i", "0x10"], refs.Ref("prog", "id", 16)),
    (["pinned", "/sys/fs/bpf/x"], refs.Ref("prog", "pinned", "/sys/fs/bpf/x")),
    (["tag", "490C48C1179970A8"], refs.Ref("prog", "tag", "490c48c1179970a8")),
    (["name", "hello"], refs.Ref("prog", "name", "hello")),
])
def test_prog_refs(words, ref):
    assert refs.parse(Args(words), "prog") == ref


def test_map_names_are_cut_like_the_kernel():
    assert refs.parse(Args(["name", "hello_func.rodata"]), "map").value == "hello_func.roda"


@pytest.mark.parametrize("kind, words, message", [
    ("prog", ["id", "abc"], "can't parse 'abc'"),
    ("prog", ["id", "0"], "invalid program id"),
    ("prog", ["tag", "1234"], "16 hex digits"),
    ("map", ["tag", "490c48c1179970a8"], "expected id | pinned | name"),
    ("link", ["name", "x"], "expected id | pinned"),
    ("prog", [], "got nothing"),
    ("prog", ["id"], "expected program id"),
])
def test_bad_refs(kind, words, message):
    with pytest.raises(UsageError, match=message):
        refs.parse(Args(words), kind)


def test_maybe_parse():
    assert refs.maybe_parse(Args([]), "prog") is None
    assert refs.maybe_parse(Args(["id", "3"]), "link") == refs.Ref("link", "id", 3)
