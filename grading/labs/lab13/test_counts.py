"""Hidden tests, task counts: count_ngrams."""

from collections import Counter

from lab13_char_ngram import BOS, count_ngrams, load_text
from llmlab_grading import points

TOY = "abcab"


def expected_counts(text, n):
    """An independent count: for every position, the n - 1 characters before it (BOS-padded)."""
    out = {}
    for i, ch in enumerate(text):
        context = "".join(text[j] if j >= 0 else BOS for j in range(i - n + 1, i))
        out.setdefault(context, Counter())[ch] += 1
    return out


@points(5, "count_ngrams('abcab', n) is wrong for n = 1, 2 or 3: contexts are the n - 1 characters "
           "before each position, BOS-padded at the start; order 1 has the single context ''.",
        task="counts", timeout=30)
def test_counts_toy_orders():
    assert count_ngrams(TOY, 1) == {"": Counter(a=2, b=2, c=1)}
    assert count_ngrams(TOY, 2) == {BOS: Counter(a=1), "a": Counter(b=2), "b": Counter(c=1),
                                    "c": Counter(a=1)}
    assert count_ngrams(TOY, 3) == {BOS + BOS: Counter(a=1), BOS + "a": Counter(b=1),
                                    "ab": Counter(c=1), "bc": Counter(a=1), "ca": Counter(b=1)}


@points(5, "On the stories, count_ngrams(text, 4) must count every position exactly once "
           "(totals add up to len(text)) and start from the context BOS * 3.",
        task="counts", timeout=30)
def test_counts_padding_and_totals():
    text = load_text(None, n_stories=5, seed=3)
    counts = count_ngrams(text, 4)
    assert sum(sum(c.values()) for c in counts.values()) == len(text)
    assert counts[BOS * 3] == Counter({text[0]: 1})
    assert counts[BOS * 2 + text[0]] == Counter({text[1]: 1})
    assert all(len(context) == 3 for context in counts)


@points(5, "count_ngrams differs from an independent count on the stories (orders 2 and 5), or "
           "an empty text does not give {}.",
        task="counts", timeout=30)
def test_counts_match_independent_count():
    text = load_text(None, n_stories=8, seed=1)
    for n in (2, 5):
        assert count_ngrams(text, n) == expected_counts(text, n)
    assert count_ngrams("", 3) == {}
