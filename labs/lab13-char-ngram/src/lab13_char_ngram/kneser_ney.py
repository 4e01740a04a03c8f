"""Interpolated Kneser-Ney: absolute discounting, with continuation counts for the lower orders.

Every seen count gives up a fixed discount ``D``; what is taken is handed to the next shorter
context, in proportion to how many different characters the context was seen before. The
lower orders are only consulted when the longer context was not decisive, so they count in
how many *different* contexts a character appears (its continuation count), not how often.

With ``T_j`` the table of order j (raw counts ``c`` for the top order j = n, continuation
counts ``N`` below it), ``h_j`` the last j - 1 characters of the context (BOS-padded),
``T(h_j) = sum_ch T_j(h_j, ch)`` and ``types(h_j)`` the number of ``ch`` with ``T_j(h_j, ch) > 0``:

    P_0(ch)     = 1 / |V|
    P_j(ch | h) = max(T_j(h_j, ch) - D, 0) / T(h_j) + D * types(h_j) / T(h_j) * P_{j-1}(ch | h)
    P_j(ch | h) = P_{j-1}(ch | h)           when T(h_j) = 0 (an unseen context)

for j = 1..n; the model is P_n. The continuation count of order j < n is
``N_j(h, ch) = |{x : c_{j+1}(x + h, ch) > 0}|``, the number of distinct characters x (BOS
included) seen right before ``h`` followed by ``ch``.
"""

from __future__ import annotations

from collections import Counter

from lab13_char_ngram.counts import count_ngrams
from lab13_char_ngram.model import LanguageModel


def continuation_counts(counts: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    """Continuation counts one order down from the counts ``counts`` of an order ``m >= 2``.

    ``result[h][ch]`` is the number of distinct contexts ``x + h`` (``x`` one character) with
    ``counts[x + h][ch] > 0``. Keys are the contexts ``h`` of ``m - 2`` characters that occur.

    >>> continuation_counts({"a": Counter({"b": 3}), "c": Counter({"b": 1, "a": 2})})
    {'': Counter({'b': 2, 'a': 1})}
    """
    if any(context == "" for context in counts):
        raise ValueError("continuation counts need counts of order >= 2 (non-empty contexts)")
    # BEGIN SOLUTION
    result: dict[str, Counter[str]] = {}
    for context, followers in counts.items():
        shorter = result.setdefault(context[1:], Counter())
        for ch, count in followers.items():
            if count > 0:
                shorter[ch] += 1  # one more distinct character x before context[1:] + ch
    return result
    # END SOLUTION


class KneserNeyModel(LanguageModel):
    """An order-``n`` interpolated Kneser-Ney model with discount ``D`` (see the module docstring).

    ``tables[j - 1]`` is ``T_j``: ``count_ngrams(text, n)`` for ``j = n``, and
    ``continuation_counts(count_ngrams(text, j + 1))`` for ``j < n``.
    """

    def __init__(self, text: str, n: int, discount: float = 0.75) -> None:
        super().__init__(text, n)
        if not 0.0 < discount <= 1.0:
            raise ValueError(f"the discount must be in (0, 1], got {discount}")
        self.discount = discount
        text = self.vocab.normalize(text)
        self.tables = [continuation_counts(count_ngrams(text, j + 1)) for j in range(1, n)]
        self.tables.append(count_ngrams(text, n))
        # (T(h), types(h)) per order, summed once here rather than on every call
        self.context_stats = [{h: (sum(c.values()), sum(1 for v in c.values() if v > 0))
                               for h, c in table.items()} for table in self.tables]

    def prob(self, context: str, ch: str) -> float:
        """P_n(``ch`` | ``context``), the interpolated Kneser-Ney probability (module docstring)."""
        # BEGIN SOLUTION
        h, ch = self.context_key(context), self.symbol(ch)
        d = self.discount
        p = 1.0 / len(self.vocab)
        for j in range(1, self.n + 1):
            h_j = h[len(h) - (j - 1):] if j > 1 else ""  # the last j - 1 characters
            total, types = self.context_stats[j - 1].get(h_j, (0, 0))
            if total > 0:
                count = self.tables[j - 1][h_j][ch]
                p = max(count - d, 0.0) / total + d * types / total * p
        return p
        # END SOLUTION
