"""The vocabulary every model predicts over, and the two reserved symbols.

Policy, the same for every model of the lab:

- The vocabulary is the characters seen in the training text, sorted by code point, followed
  by the unknown symbol ``UNK``. Every next-character distribution is over exactly these.
- A character the training text never had (in a context, a query or a held-out text) is read as
  ``UNK``: all unseen characters share the probability the model gives ``UNK``.
- ``BOS`` pads contexts before the first character, so the first characters of a text are
  predicted from "start of text". It is never predicted, so it is not in the vocabulary.
- The reserved characters themselves are unknown: a text containing ``BOS`` or ``UNK`` has them
  read as ``UNK`` (``UNK`` is U+FFFD, what decoders write for unreadable bytes anyway).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

BOS = "\x02"  # U+0002 START OF TEXT
UNK = "\ufffd"  # U+FFFD REPLACEMENT CHARACTER
RESERVED = frozenset({BOS, UNK})


class Vocab:
    """The characters a model predicts: seen characters in code-point order, then ``UNK``."""

    def __init__(self, chars: Sequence[str]) -> None:
        chars = list(chars)
        if not chars or chars[-1] != UNK:
            raise ValueError("a vocabulary lists its characters with UNK last: build it with Vocab.from_text")
        for ch in chars[:-1]:
            if not isinstance(ch, str) or len(ch) != 1 or ch in RESERVED:
                raise ValueError(f"vocabulary entries must be single non-reserved characters, got {ch!r}")
        if len(set(chars)) != len(chars):
            raise ValueError("vocabulary has repeated characters: build it with Vocab.from_text")
        self.chars: list[str] = chars
        self._known = frozenset(chars)

    @classmethod
    def from_text(cls, text: str) -> Vocab:
        """The vocabulary of a training text: its distinct characters, sorted, then ``UNK``."""
        if not text:
            raise ValueError("cannot build a vocabulary from empty text: check the training file")
        return cls([*sorted(set(text) - RESERVED), UNK])

    def normalize(self, text: str) -> str:
        """``text`` with every character outside the vocabulary replaced by ``UNK``."""
        if self._known.issuperset(text):  # the common case, and much faster than rebuilding
            return text
        return "".join(ch if ch in self._known else UNK for ch in text)

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, ch: object) -> bool:
        return ch in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self.chars)

    def __repr__(self) -> str:
        return f"Vocab(size={len(self.chars)})"


def pad_context(context: str, n: int) -> str:
    """The ``n - 1`` characters an order-``n`` model conditions on after ``context``.

    Longer contexts keep their last ``n - 1`` characters; shorter ones are padded on the left
    with ``BOS`` (an empty context is the start of a text). Order 1 has the empty context.
    """
    if n < 1:
        raise ValueError(f"the order n must be >= 1, got {n}")
    if n == 1:
        return ""
    return (BOS * (n - 1) + context)[-(n - 1):]
