from __future__ import annotations

import json
import re

import torch
from lab15_attention_visualizer.html_view import attention_payload, script_safe_json, write_html
from llmlab_grading import points


def _views():
    gen = torch.Generator().manual_seed(1)
    tokens = ["[CLS]", "lily", "felt", "sad", "[SEP]"]
    words = ["[CLS]", "lily", "felt sad", "[SEP]"]
    tok = torch.softmax(torch.randn(3, 2, 5, 5, generator=gen), dim=-1)
    wrd = torch.softmax(torch.randn(3, 2, 4, 4, generator=gen), dim=-1)
    return {"tokens": (tokens, tok), "words": (words, wrd)}


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="attention-data">(.*?)</script>', page, re.S)
    assert match, "no <script type=\"application/json\" id=\"attention-data\"> element"
    return json.loads(match.group(1))


def _options(page: str, select_id: str) -> list[str]:
    match = re.search(rf'<select id="{select_id}">(.*?)</select>', page, re.S)
    assert match, f"no <select id=\"{select_id}\">"
    return re.findall(r'<option value="([^"]*)">', match.group(1))


@points(6, "The page must be self-contained (no http(s) URLs, no <script src>, no <link>), embed "
           "every attention number, and offer one <option> per view, layer and head",
        task="html", timeout=60)
def test_html_self_contained_and_embeds_numbers(tmp_path):
    views = _views()
    path = write_html(tmp_path / "out" / "page.html", views, title="Attention")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    assert not re.search(r"<script[^>]*\ssrc=|<link\b", page, re.I)
    data = _data(page)
    assert data["layers"] == 3 and data["heads"] == 2
    for name, (labels, attn) in views.items():
        assert data["views"][name]["labels"] == labels
        got = torch.tensor(data["views"][name]["attention"], dtype=torch.float64)
        assert torch.allclose(got, attn.double(), atol=6e-5)
    assert _options(page, "view") == ["tokens", "words"]
    assert _options(page, "layer") == ["0", "1", "2"]
    assert _options(page, "head") == ["0", "1"]


@points(3, "Labels and titles are untrusted: a label '</script>...' must not end the data "
           "element (escape < > & in the JSON) and the title must be HTML-escaped",
        task="html", timeout=60)
def test_html_escapes_script_breakers(tmp_path):
    evil = "</script><script>alert(1)</script>"
    labels = ["[CLS]", evil, "a&b", "[SEP]"]
    attn = torch.full((1, 1, 4, 4), 0.25)
    page = write_html(tmp_path / "evil.html", {"tokens": (labels, attn)},
                      title="<b>bold</b> & co").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    assert _data(page)["views"]["tokens"]["labels"] == labels
    text = script_safe_json({"x": evil})
    assert "<" not in text and ">" not in text and json.loads(text) == {"x": evil}


@points(3, "attention_payload: layers, heads and per view its labels and the (L, H, N, N) numbers "
           "rounded to `decimals`; views that disagree on (L, H) raise ValueError",
        task="html", timeout=60)
def test_attention_payload_rounding_and_validation():
    attn = torch.tensor([[[[0.123456, 0.876544], [0.5, 0.5]]]])
    payload = attention_payload({"tokens": (["a", "b"], attn)}, decimals=3)
    assert payload["layers"] == 1 and payload["heads"] == 1
    assert payload["views"]["tokens"]["labels"] == ["a", "b"]
    assert payload["views"]["tokens"]["attention"] == [[[[0.123, 0.877], [0.5, 0.5]]]]
    bad = {"tokens": (["a", "b"], attn), "words": (["a", "b"], attn.repeat(2, 1, 1, 1))}
    try:
        attention_payload(bad)
    except ValueError:
        pass
    else:
        raise AssertionError("views with different layer counts must raise ValueError")
