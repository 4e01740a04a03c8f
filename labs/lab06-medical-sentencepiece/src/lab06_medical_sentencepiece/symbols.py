"""User-defined symbols: units and signs that must stay one piece ("mg/dL", "µg", "±", "≥").

SentencePiece cuts a user-defined symbol out of the text before anything else, wherever it
occurs (even inside a word), and never normalises it. Without the declaration, "mg/dL" is
just frequent enough to be split into pieces like "▁mg", "/", "d", "L".
"""

from __future__ import annotations

from collections.abc import Sequence

import sentencepiece as spm

BOUNDARY = "▁"  # U+2581, SentencePiece's mark for the space before a word


def symbol_pieces(sp: spm.SentencePieceProcessor, symbol: str) -> list[str]:
    """The pieces of ``symbol`` encoded on its own, without the word-boundary mark the encoder
    puts in front of it: drop a first piece that is just ``"▁"``, or strip ``"▁"`` from the
    front of the first piece. ``["▁", "mg/dL"] -> ["mg/dL"]``, ``["▁mg", "/", "dL"] ->
    ["mg", "/", "dL"]``."""
    # BEGIN SOLUTION
    pieces = sp.encode(symbol, out_type=str)
    if pieces and pieces[0].startswith(BOUNDARY):
        first = pieces[0][len(BOUNDARY):]
        pieces = ([first] if first else []) + pieces[1:]
    return pieces
    # END SOLUTION


def split_symbols(sp: spm.SentencePieceProcessor, symbols: Sequence[str]) -> list[str]:
    """The symbols, in the given order, that the model does not keep as one piece."""
    # BEGIN SOLUTION
    return [symbol for symbol in symbols if len(symbol_pieces(sp, symbol)) != 1]
    # END SOLUTION
