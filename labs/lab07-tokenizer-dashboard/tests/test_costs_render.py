import html
import re

import pytest
from lab07_tokenizer_dashboard.costs import DEFAULT_PRICES, cost_rows, count_tokens
from lab07_tokenizer_dashboard.registry import default_tokenizers
from lab07_tokenizer_dashboard.render import spans_html


def test_count_tokens():
    assert count_tokens(default_tokenizers(), "Hello world")["cl100k_base"] == 2


def test_cost_rows_gpt4():
    rows = cost_rows({"cl100k_base": 1000}, DEFAULT_PRICES, n_chars=4000)
    assert [r.model for r in rows] == ["gpt-4 (8k)", "gpt-3.5-turbo"]
    assert rows[0].cost_usd == pytest.approx(0.03)
    assert rows[0].chars_per_token == pytest.approx(4.0)
    assert rows[0].usd_per_1m_chars == pytest.approx(7.5)


def test_spans_html_puts_the_text_back_together():
    text = "a <b>"
    out = spans_html(text, [(0, 2), (2, 5)], [7, 8])
    bodies = re.findall(r'<span class="tok"[^>]*>(.*?)</span>', out)
    assert [html.unescape(b) for b in bodies] == ["a ", "<b>"]
