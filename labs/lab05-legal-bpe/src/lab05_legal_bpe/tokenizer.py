"""A byte-level BPE tokenizer: bytes 0-255, learned merges, and special tokens on top.

Ids: ``0-255`` are the single bytes, ``256 + k`` is merge ``k``, and special tokens take the
ids after the last merge. Any Unicode string encodes (it is UTF-8 bytes first), and decoding
the ids gives the string back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from pathlib import Path

from llmlab.checkpoint import atomic_write_bytes

from lab05_legal_bpe.pretokenize import GPT4_PATTERN, chunk_counts, pretokenize
from lab05_legal_bpe.special import split_special
from lab05_legal_bpe.train import Pair, merge, train_incremental

FORMAT = "lab05-legal-bpe"  # the "format" field of a saved tokenizer
ENDOFTEXT = "<|endoftext|>"


class BPETokenizer:
    """Byte-level BPE with a regex pre-tokenizer.

    Attributes (set by the constructor, read-only by convention):

    - ``merges``: the merged pairs in order; merge ``k`` creates id ``256 + k``;
    - ``ranks``: ``{pair: new id}``, the same information as a dict (a lower id merged earlier);
    - ``vocab``: ``{id: bytes}`` for every byte and merge id (special tokens are not in it);
    - ``special_tokens``: ``{string: id}``; ``pattern``: the pre-tokenizer regex.
    """

    def __init__(self, merges: Sequence[Pair], special_tokens: Mapping[str, int] | None = None,
                 pattern: str = GPT4_PATTERN) -> None:
        self.merges: list[Pair] = [(int(a), int(b)) for a, b in merges]
        self.vocab: dict[int, bytes] = {i: bytes([i]) for i in range(256)}
        for k, (a, b) in enumerate(self.merges):
            if a not in self.vocab or b not in self.vocab:
                raise ValueError(f"merge {k} {(a, b)} uses an id that does not exist yet "
                                 f"(only 0-{255 + k} do): are the merges in training order?")
            self.vocab[256 + k] = self.vocab[a] + self.vocab[b]
        self.ranks: dict[Pair, int] = {pair: 256 + k for k, pair in enumerate(self.merges)}
        self.special_tokens: dict[str, int] = dict(special_tokens or {})
        first_free = 256 + len(self.merges)
        for token, token_id in self.special_tokens.items():
            if not token:
                raise ValueError("a special token must be a non-empty string")
            if token_id < first_free:
                raise ValueError(f"special token {token!r} has id {token_id}, which a byte or a "
                                 f"merge already uses: give special tokens ids from {first_free}")
        if len(set(self.special_tokens.values())) != len(self.special_tokens):
            raise ValueError("two special tokens share an id: every special token needs its own")
        self.special_by_id: dict[int, str] = {i: s for s, i in self.special_tokens.items()}
        self.pattern = pattern
        self._cache: dict[bytes, list[int]] = {}  # chunk -> ids: legal text repeats its words

    @classmethod
    def train(cls, text: str, vocab_size: int, special_tokens: Sequence[str] = (),
              pattern: str = GPT4_PATTERN) -> BPETokenizer:
        """Train on ``text`` until the vocabulary holds ``vocab_size`` ids (256 bytes, the merges
        and ``special_tokens``); fewer when the text runs out of pairs.

        Special tokens found in ``text`` are cut out first, so no merge ever crosses or enters
        one; they get the ids after the last merge, in the order given.
        """
        num_merges = vocab_size - 256 - len(special_tokens)
        if num_merges < 0:
            raise ValueError(f"vocab_size {vocab_size} is too small: it must hold the 256 byte "
                             f"tokens and {len(special_tokens)} special tokens")
        pieces = [text]
        if special_tokens:
            pieces = [p for p in split_special(text, special_tokens) if p not in special_tokens]
        merges = train_incremental(chunk_counts(pieces, pattern), num_merges)
        first_free = 256 + len(merges)
        specials = {token: first_free + i for i, token in enumerate(dict.fromkeys(special_tokens))}
        return cls(merges, specials, pattern)

    @property
    def vocab_size(self) -> int:
        """Number of ids: 256 bytes + merges + special tokens."""
        return 256 + len(self.merges) + len(self.special_tokens)

    def encode_chunk(self, chunk: bytes) -> list[int]:
        """The ids of one pre-tokenized chunk.

        Start from its bytes; while some adjacent pair has a merge, merge (everywhere in the
        chunk) the pair whose merge was learned first, i.e. has the lowest id in ``self.ranks``.
        """
        # BEGIN SOLUTION
        ids = list(chunk)
        while len(ids) >= 2:
            pair = min(pairwise(ids), key=lambda p: self.ranks.get(p, float("inf")))
            if pair not in self.ranks:
                break  # no adjacent pair can be merged any more
            ids = merge(ids, pair, self.ranks[pair])
        return ids
        # END SOLUTION

    def encode_ordinary(self, text: str) -> list[int]:
        """Ids of ``text`` with no special-token handling: ``<|endoftext|>`` in ``text`` is just
        13 characters. Pre-tokenize with ``self.pattern``, encode each chunk's UTF-8 bytes."""
        # BEGIN SOLUTION
        ids: list[int] = []
        for chunk in pretokenize(text, self.pattern):
            data = chunk.encode("utf-8")
            cached = self._cache.get(data)
            if cached is None:
                cached = self._cache[data] = self.encode_chunk(data)
            ids.extend(cached)
        return ids
        # END SOLUTION

    def encode(self, text: str, allowed_special: str | Iterable[str] = "none") -> list[int]:
        """Ids of ``text``; special tokens become their single id only where allowed.

        ``allowed_special`` is ``"all"`` (every registered special token), ``"none"`` (no special
        token: same as :meth:`encode_ordinary`), or an iterable of registered special tokens
        (ValueError names one that is not registered). A special string that is not allowed is
        encoded as ordinary text, so ordinary text never yields a special id. One special token
        may also be given as a plain string (``allowed_special="<|endoftext|>"``).
        """
        # BEGIN SOLUTION
        if allowed_special == "all":
            allowed = set(self.special_tokens)
        elif allowed_special == "none":
            allowed = set()
        else:
            allowed = {allowed_special} if isinstance(allowed_special, str) else set(allowed_special)
            unknown = allowed - set(self.special_tokens)
            if unknown:
                raise ValueError(f"{sorted(unknown)} are not special tokens of this tokenizer "
                                 f"(it has {sorted(self.special_tokens)})")
        ids: list[int] = []
        for piece in split_special(text, allowed):
            if piece in allowed:
                ids.append(self.special_tokens[piece])
            else:
                ids.extend(self.encode_ordinary(piece))
        return ids
        # END SOLUTION

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``: concatenate each id's bytes (a special id gives its string's
        UTF-8) and decode as UTF-8, replacing invalid bytes with U+FFFD (a slice of a token list
        can cut a character in half). ValueError for an id that is neither."""
        # BEGIN SOLUTION
        parts = []
        for token in ids:
            token = int(token)
            if token in self.vocab:
                parts.append(self.vocab[token])
            elif token in self.special_by_id:
                parts.append(self.special_by_id[token].encode("utf-8"))
            else:
                raise ValueError(f"token id {token} is not in this tokenizer's vocabulary "
                                 f"(0-{255 + len(self.merges)} and special ids "
                                 f"{sorted(self.special_by_id)})")
        return b"".join(parts).decode("utf-8", errors="replace")
        # END SOLUTION

    def save(self, path: str | Path) -> Path:
        """Write the tokenizer to ``path`` as UTF-8 JSON and return the path.

        The JSON object has exactly: ``"format": "lab05-legal-bpe"``, ``"version": 1``,
        ``"pattern"`` (str), ``"merges"`` (list of ``[a, b]`` in order) and ``"special_tokens"``
        (object string -> id). Missing parent folders are created.
        """
        # BEGIN SOLUTION
        data = {"format": FORMAT, "version": 1, "pattern": self.pattern,
                "merges": [list(pair) for pair in self.merges],
                "special_tokens": self.special_tokens}
        return atomic_write_bytes(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        # END SOLUTION

    @classmethod
    def load(cls, path: str | Path) -> BPETokenizer:
        """Read a tokenizer written by :meth:`save`: same merges, special tokens, pattern and
        therefore the same encodings. FileNotFoundError when ``path`` does not exist; ValueError
        when it is not JSON or not in the format above."""
        # BEGIN SOLUTION
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no tokenizer at {path}: train one first "
                                    "(`legal-bpe train --out ...`) or fix the path")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path} is not UTF-8 JSON ({exc}): was it written by "
                             "BPETokenizer.save?") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != 1:
            raise ValueError(f"{path} is not a {FORMAT} tokenizer (version 1): was it written by "
                             "BPETokenizer.save?")
        try:
            return cls([tuple(pair) for pair in data["merges"]], data["special_tokens"],
                       data["pattern"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path} is a damaged {FORMAT} file ({exc!r}): save it again") from exc
        # END SOLUTION

    def __repr__(self) -> str:
        return (f"BPETokenizer(vocab_size={self.vocab_size}, merges={len(self.merges)}, "
                f"special_tokens={sorted(self.special_tokens)})")
