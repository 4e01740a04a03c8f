"""What every character model of the lab offers: P(next character | the text before it)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from lab13_char_ngram.vocab import UNK, Vocab, pad_context


class LanguageModel(ABC):
    """An order-``n`` character model over the vocabulary of its training text.

    ``prob(context, ch)`` is P(next character = ``ch`` | the text ``context`` before it). Only
    the last ``n - 1`` characters of ``context`` matter; a shorter context is the start of a
    text (padded with ``BOS``), so ``""`` asks about the first character. Characters outside
    the vocabulary, in ``context`` or ``ch``, are read as ``UNK``.
    """

    def __init__(self, text: str, n: int) -> None:
        if n < 1:
            raise ValueError(f"the order n must be >= 1, got {n}")
        self.n = n
        self.vocab = Vocab.from_text(text)

    def context_key(self, context: str) -> str:
        """The ``n - 1`` characters (BOS-padded, unknown ones as ``UNK``) the model conditions on."""
        tail = context[max(0, len(context) - self.n + 1):]  # normalize only what matters
        return pad_context(self.vocab.normalize(tail), self.n)

    def symbol(self, ch: str) -> str:
        """``ch`` if it is in the vocabulary, else ``UNK``."""
        if len(ch) != 1:
            raise ValueError(f"the next character must be one character, got {ch!r}")
        return ch if ch in self.vocab else UNK

    @abstractmethod
    def prob(self, context: str, ch: str) -> float:
        """P(``ch`` | ``context``), a float in [0, 1]."""

    def distribution(self, context: str) -> dict[str, float]:
        """P(· | ``context``) over the whole vocabulary, in vocabulary order; it sums to 1."""
        return {ch: self.prob(context, ch) for ch in self.vocab.chars}
