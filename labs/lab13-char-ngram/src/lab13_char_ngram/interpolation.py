"""Jelinek-Mercer interpolation: mix the maximum-likelihood estimates of every order.

A long context predicts sharply when it has been seen often; a short one is seen more often
but predicts vaguely. Interpolation blends them, from the uniform distribution up:

    P_0(ch)     = 1 / |V|
    P_j(ch | h) = lam_j * c(h_j, ch) / c(h_j) + (1 - lam_j) * P_{j-1}(ch | h)   if c(h_j) > 0
    P_j(ch | h) = P_{j-1}(ch | h)                                              if c(h_j) = 0

for j = 1..n, where h_j is the last j - 1 characters of the context (BOS-padded, as in
``count_ngrams(text, j)``). The model is P_n. An unseen context hands all its weight to the
shorter ones, and the uniform floor gives ``UNK`` (every unseen character) some probability.
"""

from __future__ import annotations

from collections.abc import Sequence

from lab13_char_ngram.counts import count_ngrams
from lab13_char_ngram.model import LanguageModel
from lab13_char_ngram.perplexity import perplexity

# finer near 1: with plenty of text the longer contexts deserve nearly all the weight
LAMBDA_GRID = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)


class InterpolatedModel(LanguageModel):
    """An order-``n`` Jelinek-Mercer model; ``lambdas[j - 1]`` is the weight ``lam_j`` of order j.

    ``lambdas`` holds ``n`` numbers in [0, 1] (see the module docstring for the formula).
    ``counts[j - 1]`` is ``count_ngrams`` of the training text at order ``j``.
    """

    def __init__(self, text: str, n: int, lambdas: Sequence[float]) -> None:
        super().__init__(text, n)
        if len(lambdas) != n or not all(0.0 <= lam <= 1.0 for lam in lambdas):
            raise ValueError(f"an order-{n} model needs {n} lambdas in [0, 1], got {list(lambdas)}")
        self.lambdas = list(lambdas)
        text = self.vocab.normalize(text)
        self.counts = [count_ngrams(text, j) for j in range(1, n + 1)]
        self.context_totals = [{h: sum(c.values()) for h, c in counts.items()} for counts in self.counts]

    def prob(self, context: str, ch: str) -> float:
        """P_n(``ch`` | ``context``), the interpolated probability (module docstring)."""
        # BEGIN SOLUTION
        h, ch = self.context_key(context), self.symbol(ch)
        p = 1.0 / len(self.vocab)
        for j in range(1, self.n + 1):
            h_j = h[len(h) - (j - 1):] if j > 1 else ""  # the last j - 1 characters
            total = self.context_totals[j - 1].get(h_j, 0)
            if total > 0:
                lam = self.lambdas[j - 1]
                p = lam * self.counts[j - 1][h_j][ch] / total + (1.0 - lam) * p
        return p
        # END SOLUTION


def tune_lambdas(train_text: str, dev_text: str, n: int,
                 grid: Sequence[float] = LAMBDA_GRID) -> list[float]:
    """The ``n`` lambdas, picked order by order from ``grid``, that minimise dev perplexity.

    Order 1 first: with ``lam_j = 0`` for every higher order, the model is exactly the order-1
    model, so ``lam_1`` is tuned alone; then ``lam_2`` with ``lam_1`` fixed, and so on. Greedy,
    not a joint search, but each step is a one-dimensional search the dev text can settle.
    Ties go to the smaller lambda. The lambdas for order ``m < n`` are the first ``m``.
    """
    model = InterpolatedModel(train_text, n, [0.0] * n)
    for j in range(n):
        scores = []
        for lam in grid:
            model.lambdas[j] = lam
            scores.append((perplexity(model, dev_text), lam))
        model.lambdas[j] = min(scores)[1]
    return list(model.lambdas)
