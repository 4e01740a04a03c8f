"""Special tokens: strings such as ``<|endoftext|>`` that get one id of their own.

They are cut out of the text *before* pre-tokenization, so BPE never sees, splits or merges
them; whether a special string in the input becomes its id or plain bytes is the caller's
choice (``allowed_special`` of :meth:`BPETokenizer.encode`).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex


def split_special(text: str, special_tokens: Iterable[str]) -> list[str]:
    """``text`` cut around every occurrence of a special token, the tokens kept as items.

    ``split_special("a<|endoftext|>b", ["<|endoftext|>"]) == ["a", "<|endoftext|>", "b"]``.
    Empty pieces are dropped (``split_special("", [...]) == []``); with no special tokens the
    result is ``[text]`` (or ``[]`` for empty text). Where two special tokens could match at the
    same place, the longer one wins (``<|endoftext|>`` before ``<|end``); matches are found left
    to right and never overlap.
    """
    # BEGIN SOLUTION
    specials = sorted(set(special_tokens), key=len, reverse=True)  # longest first wins
    if not specials:
        return [text] if text else []
    splitter = "(" + "|".join(regex.escape(s) for s in specials) + ")"
    return [piece for piece in regex.split(splitter, text) if piece]
    # END SOLUTION
