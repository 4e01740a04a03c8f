"""Counting which character follows which context: everything an n-gram model knows."""

from __future__ import annotations

from collections import Counter

from lab13_char_ngram.vocab import BOS


def count_ngrams(text: str, n: int) -> dict[str, Counter[str]]:
    """How often each character of ``text`` follows each context of ``n - 1`` characters.

    ``counts[context][ch]`` is the number of positions ``i`` where ``text[i] == ch`` and the
    ``n - 1`` characters before position ``i`` are ``context``; before the start of the text
    those characters are ``BOS``. Every position counts once, so the counts add up to
    ``len(text)``. Order 1 has the single context ``""``. Only contexts that occur are keys.

    >>> count_ngrams("aab", 2)
    {'\\x02': Counter({'a': 1}), 'a': Counter({'a': 1, 'b': 1})}
    """
    if n < 1:
        raise ValueError(f"the order n must be >= 1, got {n}")
    # BEGIN SOLUTION
    padded = BOS * (n - 1) + text
    counts: dict[str, Counter[str]] = {}
    for i, ch in enumerate(text):
        context = padded[i : i + n - 1]  # the n - 1 characters before text[i]
        if context not in counts:
            counts[context] = Counter()
        counts[context][ch] += 1
    return counts
    # END SOLUTION
