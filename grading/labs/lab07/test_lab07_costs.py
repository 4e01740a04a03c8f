import pytest
from lab07_tokenizer_dashboard.costs import ModelPrice, cost_rows, count_tokens
from lab07_tokenizer_dashboard.registry import default_tokenizers
from llmlab_grading import points


@points(7, "count_tokens must return {name: len(ids)} for every tokenizer, in order.",
        task="costs", timeout=60)
def test_count_tokens():
    counts = count_tokens(default_tokenizers(), "The brave mouse sang a song.")
    assert list(counts.items()) == [("cl100k_base", 7), ("lab-bpe", 13), ("lab-wordpiece", 7),
                                    ("lab-sentencepiece", 10)]
    assert count_tokens(default_tokenizers(), "") == dict.fromkeys(counts, 0)


@points(8, "cost_rows: cost_usd = tokens * usd_per_1m / 1e6, chars_per_token = n_chars / tokens, "
        "usd_per_1m_chars = usd_per_1m * tokens / n_chars; one row per price whose tokenizer was "
        "counted, in order; negative values raise ValueError.", task="costs", timeout=30)
def test_cost_rows():
    prices = [ModelPrice("big", "a", 30.0), ModelPrice("none", "zzz", 1.0),
              ModelPrice("small", "b", 0.5), ModelPrice("cheap-a", "a", 0.1)]
    rows = cost_rows({"a": 250, "b": 1000}, prices, n_chars=1000)
    assert [r.model for r in rows] == ["big", "small", "cheap-a"]
    big, small, cheap = rows
    assert big.tokenizer == "a" and big.tokens == 250 and big.usd_per_1m == 30.0
    assert big.cost_usd == pytest.approx(0.0075)
    assert big.chars_per_token == pytest.approx(4.0)
    assert big.usd_per_1m_chars == pytest.approx(7.5)
    assert small.cost_usd == pytest.approx(0.0005) and small.chars_per_token == pytest.approx(1.0)
    assert cheap.cost_usd == pytest.approx(0.000025)
    zero = cost_rows({"a": 0}, prices, n_chars=0)
    assert zero[0].cost_usd == 0 and zero[0].chars_per_token == 0 and zero[0].usd_per_1m_chars == 0
    with pytest.raises(ValueError):
        cost_rows({"a": -1}, prices, n_chars=10)
