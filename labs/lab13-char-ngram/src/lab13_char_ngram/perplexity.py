"""Perplexity: how many characters the model is, on average, hesitating between."""

from __future__ import annotations

import math

from lab13_char_ngram.model import LanguageModel


def perplexity(model: LanguageModel, text: str) -> float:
    """``exp(-(1/N) * sum_i log P(text[i] | text[:i]))`` over the ``N = len(text)`` characters.

    ``text`` is scored as a text of its own: its first character is predicted from the start
    of text (``BOS`` context). Characters outside the model's vocabulary are scored as ``UNK``.
    The sum is taken in log space, so a long text gives a finite number where the product of
    its probabilities would underflow to 0. A character of probability 0 gives ``math.inf``.
    """
    if not text:
        raise ValueError("cannot compute the perplexity of an empty text: pass at least one character")
    # BEGIN SOLUTION
    nll = 0.0
    for i, ch in enumerate(text):
        # the model only looks at the last n - 1 characters, so pass only those
        p = model.prob(text[max(0, i - model.n + 1) : i], ch)
        if p <= 0.0:
            return math.inf
        nll -= math.log(p)
    return math.exp(nll / len(text))
    # END SOLUTION
