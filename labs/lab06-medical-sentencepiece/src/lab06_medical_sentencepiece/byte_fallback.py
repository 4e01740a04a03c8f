"""Byte fallback: a character with no piece of its own is spelled as its UTF-8 bytes.

A model trained with ``byte_fallback=True`` holds 256 pieces ``<0x00>`` ... ``<0xFF>``. An
emoji it never saw encodes as four of them, and decoding turns the bytes back into the emoji:
no ``<unk>``, nothing lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import sentencepiece as spm


def byte_pieces(text: str) -> list[str]:
    """The byte pieces that spell ``text``: one ``"<0xXX>"`` per UTF-8 byte, two upper-case hex
    digits, as SentencePiece names them. ``byte_pieces("é") == ["<0xC3>", "<0xA9>"]``."""
    # BEGIN SOLUTION
    return [f"<0x{byte:02X}>" for byte in text.encode("utf-8")]
    # END SOLUTION


def unseen_characters(sp: spm.SentencePieceProcessor, text: str) -> list[str]:
    """The distinct characters of ``text``, in order of first appearance, that have no piece of
    their own (``sp.piece_to_id(ch) == sp.unk_id()``); the space ``" "`` is never one (it
    becomes the word-boundary mark ``"▁"``). Outside a user-defined symbol, each of them is
    encoded as its :func:`byte_pieces` (with byte fallback) or as ``<unk>`` (without)."""
    # BEGIN SOLUTION
    unk = sp.unk_id()
    found: dict[str, None] = {}
    for ch in text:
        if ch != " " and ch not in found and sp.piece_to_id(ch) == unk:
            found[ch] = None
    return list(found)
    # END SOLUTION


def byte_fallback_rate(sp: spm.SentencePieceProcessor, texts: Sequence[str]) -> float:
    """The share of all pieces of ``texts`` that are byte pieces (``sp.is_byte(id)``): how often
    the model had to spell a character byte by byte."""
    # BEGIN SOLUTION
    ids = [i for text in texts for i in sp.encode(text)]
    if not ids:
        raise ValueError("no pieces to count: texts is empty or has only empty strings")
    return sum(sp.is_byte(i) for i in ids) / len(ids)
    # END SOLUTION
