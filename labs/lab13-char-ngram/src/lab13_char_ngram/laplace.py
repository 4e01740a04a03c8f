"""Add-k (Laplace) smoothing: pretend every character followed every context k extra times."""

from __future__ import annotations

from lab13_char_ngram.counts import count_ngrams
from lab13_char_ngram.model import LanguageModel


class LaplaceModel(LanguageModel):
    """An order-``n`` model with add-``k`` smoothing (``k = 1`` is Laplace's rule).

    ``P(ch | h) = (c(h, ch) + k) / (c(h) + k * |V|)`` where ``h`` is ``context_key(context)``,
    ``c(h, ch)`` the count of ``ch`` after ``h``, ``c(h)`` the count of ``h`` and ``|V|`` the
    vocabulary size (``UNK`` included). An unseen context (``c(h) = 0``) gives ``1 / |V|``.
    """

    def __init__(self, text: str, n: int, k: float = 1.0) -> None:
        super().__init__(text, n)
        if not k > 0:
            raise ValueError(f"add-k smoothing needs k > 0, got {k}: k = 0 gives unseen characters "
                             "probability 0 and unseen contexts no distribution at all")
        self.k = k
        self.counts = count_ngrams(self.vocab.normalize(text), n)
        # c(h), summed once here rather than on every call
        self.context_totals = {h: sum(c.values()) for h, c in self.counts.items()}

    def prob(self, context: str, ch: str) -> float:
        """P(``ch`` | ``context``) with add-k smoothing (see the class docstring)."""
        # BEGIN SOLUTION
        h, ch = self.context_key(context), self.symbol(ch)
        seen = self.counts.get(h)
        count = seen[ch] if seen is not None else 0
        total = self.context_totals.get(h, 0)
        return (count + self.k) / (total + self.k * len(self.vocab))
        # END SOLUTION
