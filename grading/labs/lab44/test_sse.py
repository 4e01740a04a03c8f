"""Hidden tests, task sse: format_sse and parse_sse."""

import pytest
from lab44_fastapi_streaming import ServerEvent, format_sse, parse_sse
from llmlab_grading import points


@points(5, "format_sse: 'event:' then 'id:' lines, then one 'data:' line per line of data (dicts as "
        "compact JSON), then a blank line.", task="sse", timeout=30)
def test_format_sse_fields_and_lines():
    assert format_sse({"index": 2, "text": " hi"}, event="token", id=2) == \
        'event: token\nid: 2\ndata: {"index":2,"text":" hi"}\n\n'
    assert format_sse("a\nb\nc", event="note") == "event: note\ndata: a\ndata: b\ndata: c\n\n"
    assert format_sse("[DONE]") == "data: [DONE]\n\n"
    assert format_sse({"t": "é"}, id="x7") == 'id: x7\ndata: {"t":"é"}\n\n'


@points(3, "format_sse must refuse an event name or id containing a newline (ValueError): it would let "
        "data forge a second event.", task="sse", timeout=30)
def test_format_sse_refuses_injection():
    with pytest.raises(ValueError):
        format_sse("x", event="token\n\ndata: forged")
    with pytest.raises(ValueError):
        format_sse("x", id="1\r2")


@points(7, "parse_sse: join data lines with \\n, skip ':' comments and unknown fields, default event "
        "'message', one optional space after the colon, dispatch at a blank line or the end.",
        task="sse", timeout=30)
def test_parse_sse_reads_a_messy_stream():
    lines = [": keep-alive\r\n", "\n", "event: token\n", "id: 0\n", "data:{\"a\":1}\n", "\n",
             "retry: 100\n", "data: line one\n", "data:  two spaces\n", "\n", "\n",
             "event: empty\n", "\n", "event: done\n", "data: end"]
    got = list(parse_sse(lines))
    assert got == [ServerEvent("token", '{"a":1}', "0"), ServerEvent("message", "line one\n two spaces"),
                   ServerEvent("done", "end")]
    assert got[0].json() == {"a": 1}
    text = format_sse({"k": [1, 2]}, event="x", id=9) + format_sse("p\nq")
    assert list(parse_sse(text.splitlines())) == [ServerEvent("x", '{"k":[1,2]}', "9"), ServerEvent("message", "p\nq")]
