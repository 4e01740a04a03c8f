"""A character-level tokenizer: one token per distinct character of the training text.

Characters make the smallest honest tokenizer: nothing to train, every id is readable, and the
vocabulary is tiny (about 50 for the course stories), so the model's job is the interesting part.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path


class CharTokenizer:
    """Maps each character of a fixed vocabulary to an id (its index in sorted order)."""

    def __init__(self, chars: Sequence[str]) -> None:
        chars = list(chars)
        if not chars:
            raise ValueError("a tokenizer needs at least one character: was the text empty?")
        for ch in chars:
            if not isinstance(ch, str) or len(ch) != 1:
                raise ValueError(f"vocabulary entries must be single characters, got {ch!r}")
        if len(set(chars)) != len(chars):
            raise ValueError(
                "vocabulary has repeated characters: build it with CharTokenizer.from_text"
            )
        self.chars: list[str] = chars
        self.stoi: dict[str, int] = {ch: i for i, ch in enumerate(chars)}
        self.itos: dict[int, str] = dict(enumerate(chars))

    @classmethod
    def from_text(cls, text: str) -> CharTokenizer:
        """The tokenizer whose vocabulary is the sorted set of characters in ``text``."""
        if not text:
            raise ValueError("cannot build a tokenizer from empty text: check the data file")
        return cls(sorted(set(text)))

    @property
    def vocab_size(self) -> int:
        """Number of distinct tokens (ids run from 0 to ``vocab_size - 1``)."""
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``, one per character; ValueError names an unknown character."""
        # BEGIN SOLUTION
        ids = []
        for position, ch in enumerate(text):
            token = self.stoi.get(ch)
            if token is None:
                raise ValueError(
                    f"character {ch!r} at position {position} is not in the vocabulary of "
                    f"{self.vocab_size} characters: remove it from the prompt or retrain on text "
                    "that contains it"
                )
            ids.append(token)
        return ids
        # END SOLUTION

    def decode(self, ids: Sequence[int]) -> str:
        """The text of token ``ids``; ValueError for an id outside ``[0, vocab_size)``."""
        # BEGIN SOLUTION
        chars = []
        for token in ids:
            token = int(token)  # accept tensors' elements and numpy ints too
            ch = self.itos.get(token)
            if ch is None:
                raise ValueError(
                    f"token id {token} is outside the vocabulary [0, {self.vocab_size})"
                )
            chars.append(ch)
        return "".join(chars)
        # END SOLUTION

    def to_dict(self) -> dict[str, list[str]]:
        """A JSON-ready description, stored in checkpoints."""
        return {"chars": list(self.chars)}

    @classmethod
    def from_dict(cls, data: dict) -> CharTokenizer:
        """Undo :meth:`to_dict`."""
        if not isinstance(data, dict) or "chars" not in data:
            raise ValueError("not a CharTokenizer description: expected a dict with a 'chars' list")
        return cls(data["chars"])

    def save(self, path: str | Path) -> Path:
        """Write the vocabulary to ``path`` as JSON."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> CharTokenizer:
        """Read a tokenizer written by :meth:`save`."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(
                f"no tokenizer at {path}: save one with CharTokenizer.save first"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{path} is not valid JSON ({exc}): was it written by CharTokenizer.save?"
            ) from exc
        return cls.from_dict(data)

    def __repr__(self) -> str:
        return f"CharTokenizer(vocab_size={self.vocab_size})"
