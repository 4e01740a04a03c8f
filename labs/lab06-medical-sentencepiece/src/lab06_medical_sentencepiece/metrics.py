"""How well a tokenizer fits a text: unknown pieces and pieces per word.

Both functions encode each text of ``texts`` as it is (pass lines: a newline is a character
like any other and would cost a piece) and pool the counts over all texts, so a long text
weighs more than a short one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sentencepiece as spm


def unk_rate(sp: spm.SentencePieceProcessor, texts: Sequence[str]) -> float:
    """The share of all pieces of ``texts`` that are ``<unk>`` (id ``sp.unk_id()``).

    A run of characters the model cannot spell becomes one ``<unk>`` piece, so this is
    ``<unk> pieces / all pieces``. With byte fallback it is 0.0 for any text.
    """
    # BEGIN SOLUTION
    ids = [i for text in texts for i in sp.encode(text)]
    if not ids:
        raise ValueError("no pieces to count: texts is empty or has only empty strings")
    unk = sp.unk_id()
    return sum(i == unk for i in ids) / len(ids)
    # END SOLUTION


def tokens_per_word(sp: spm.SentencePieceProcessor, texts: Sequence[str]) -> float:
    """Fertility: all pieces of ``texts`` divided by all whitespace-separated words
    (``len(text.split())`` summed). 1.0 means one piece per word; more means words get split."""
    # BEGIN SOLUTION
    words = sum(len(text.split()) for text in texts)
    if words == 0:
        raise ValueError("no words to count: texts is empty or has only whitespace")
    return sum(len(sp.encode(text)) for text in texts) / words
    # END SOLUTION
