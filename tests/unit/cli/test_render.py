"""One renderer: the same data as text or JSON; errors as one line."""
import io
import json

from pybpf.cli.render import Output, Result, fields_line, table


def emit(result, **kw):
    buf = io.StringIO()
    Output(stream=buf, **kw).emit(result)
    return buf.getvalue()


DATA = {"id": 5, "type": "xdp", "map_ids": [1, 2]}


def test_json_compact_pretty_and_text_share_data():
    res = Result(DATA, lambda d: f"{d['id']}: {d['type']}")
    assert emit(res, json_mode=True) == '{"id":5,"type":"xdp","map_ids":[1,2]}\n'
    assert json.loads(emit(res, pretty=True)) == DATA
    assert emit(res, pretty=True).startswith('{\n    "id": 5,')
    assert emit(res) == "5: xdp\n"


def test_text_defaults_to_indented_json():
    assert json.loads(emit(Result(DATA))) == DATA


def test_none_result():
    assert emit(None) == ""
    assert emit(None, json_mode=True) == "null\n"


def test_streams_are_one_document_per_item():
    res = Result(iter([{"msg": "a"}, {"msg": "b"}]), lambda r: r["msg"], stream=True)
    assert emit(res) == "a\nb\n"
    assert emit(Result(iter([{"msg": "a"}]), None, stream=True), pretty=True) == \
        '{"msg":"a"}\n'


def test_errors_are_one_line(capsys):
    Output().error("first\nsecond")
    assert capsys.readouterr().err == "Error: first second\n"
    buf = io.StringIO()
    Output(json_mode=True, stream=buf).error("bad id")
    assert json.loads(buf.getvalue()) == {"error": "bad id"}


def test_table_and_fields():
    rows = [{"name": "xdp", "ok": True, "ids": [1, 2]}, {"name": "kprobe", "ok": False}]
    assert table(rows).splitlines() == ["name    ok   ids", "xdp     yes  1,2",
                                        "kprobe  no   -"]
    assert table([]) == ""
    assert fields_line([("key", "4B"), ("value", None), ("", "gpl")]) == "key 4B  gpl"
