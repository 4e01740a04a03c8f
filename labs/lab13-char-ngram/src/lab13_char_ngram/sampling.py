"""Generating text from a model, one character at a time, repeatably from a seed."""

from __future__ import annotations

import random
from collections.abc import Mapping

from lab13_char_ngram.model import LanguageModel
from lab13_char_ngram.vocab import UNK


def sample_next(weights: Mapping[str, float], rng: random.Random) -> str:
    """Draw one key of ``weights`` with probability proportional to its weight.

    Exactly: ``u = rng.random() * sum(weights.values())``, then walk the keys in the mapping's
    order adding up weights, and return the first key whose running total exceeds ``u``. (If
    rounding leaves ``u`` above the final total, return the last key of positive weight.) The
    same ``rng`` state always gives the same key. Weights must be >= 0 with a positive sum.
    """
    # BEGIN SOLUTION
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must be >= 0")
    total = sum(weights.values())
    if not total > 0:
        raise ValueError("weights must have a positive sum: nothing can be sampled")
    u = rng.random() * total
    running = 0.0
    last = ""
    for key, w in weights.items():
        if w > 0:
            running += w
            last = key
            if running > u:
                return key
    return last
    # END SOLUTION


def generate(model: LanguageModel, length: int, prompt: str = "", seed: int = 0,
             greedy: bool = False) -> str:
    """The ``length`` characters the model writes after ``prompt`` (the prompt is not included).

    Each step conditions on the prompt and everything generated so far (an empty prompt starts
    a new text), takes ``model.distribution`` without ``UNK`` (an "unknown character" cannot
    be printed), and either samples from it with :func:`sample_next` and one
    ``random.Random(seed)`` for the whole text (same seed, same text), or, with ``greedy``,
    takes the most likely character, ties going to the earliest in vocabulary order.
    """
    if length < 0:
        raise ValueError(f"length must be >= 0, got {length}")
    # BEGIN SOLUTION
    rng = random.Random(seed)
    history = prompt
    for _ in range(length):
        context = history[max(0, len(history) - model.n + 1):]  # all the model looks at
        dist = model.distribution(context)
        dist.pop(UNK)
        ch = max(dist, key=dist.__getitem__) if greedy else sample_next(dist, rng)
        history += ch
    return history[len(prompt):]
    # END SOLUTION
