import html
import re

import pytest
from lab07_tokenizer_dashboard.render import PALETTE, WRAPPER_STYLE, spans_html
from llmlab_grading import points

SPAN = re.compile(r'<span class="tok" style="background-color:(#[0-9a-f]{6})" title="(\d+)">'
                  r"(.*?)</span>", re.S)


@points(8, "spans_html must draw one <span class=\"tok\"> per token with a non-empty span, whose "
        "escaped contents put back together give the text exactly.", task="render", timeout=30)
def test_spans_html_roundtrip():
    text = "a\u00e9\U0001F642 b\n<c>"
    spans = [(0, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 5), (5, 6), (6, 9)]
    ids = [10, 11, 12, 13, 14, 15, 16, 17]
    out = spans_html(text, spans, ids)
    assert out.startswith(f'<div class="tokens" style="{WRAPPER_STYLE}">') and out.endswith("</div>")
    found = SPAN.findall(out)
    assert [int(i) for _, i, _ in found] == [10, 11, 13, 15, 16, 17]
    assert "".join(html.unescape(body) for _, _, body in found) == text
    assert [c for c, _, _ in found] == [PALETTE[i % 6] for i in (0, 1, 3, 5, 6, 7)]


@points(7, "spans_html must escape HTML (a token '<b>' shows as text), colour by token index, and "
        "raise ValueError when spans and ids differ in length.", task="render", timeout=30)
def test_spans_html_escapes_and_colours():
    text = "<b>&x"
    out = spans_html(text, [(0, 3), (3, 5)], [1, 2])
    assert "<b>" not in out.replace('<span class="tok"', "")
    assert "&lt;b&gt;" in out and "&amp;x" in out
    colours = [c for c, _, _ in SPAN.findall(out)]
    assert colours == [PALETTE[0], PALETTE[1]]
    with pytest.raises(ValueError):
        spans_html(text, [(0, 5)], [1, 2])
