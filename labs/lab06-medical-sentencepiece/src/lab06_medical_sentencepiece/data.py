"""The sentences to train on and to score: generated medical abstracts, or your own file.

SentencePiece trains on sentences, one per line, and a newline inside a sentence is an
ordinary character to it. So every text here is cut into its non-empty lines: an abstract
gives four (Background, Methods, Results, Conclusions).
"""

from __future__ import annotations

from pathlib import Path

from llmlab.corpora.medical import medical_abstracts, medical_symbols
from llmlab.textfile import read_text_file

LANGS = ("en", "de")
GERMAN_LETTERS = "äöüÄÖÜß"


def to_lines(texts: list[str]) -> list[str]:
    """The non-empty lines of ``texts``, in order."""
    return [line for text in texts for line in text.splitlines() if line.strip()]


def abstract_lines(n: int, lang: str, seed: int = 0) -> list[str]:
    """The lines of ``n`` generated abstracts in ``lang`` ("en" or "de"), the same for the same seed.

    Training uses seed 0 and held-out scoring seed 1: two independent draws from the grammar.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1 abstract, got {n}")
    return to_lines([a.text for a in medical_abstracts(n, lang, seed)])  # type: ignore[arg-type]


def default_symbols(lang: str) -> list[str]:
    """The user-defined symbols declared by default: every unit, sign and symbol-bearing
    abbreviation the abstract grammar emits in ``lang`` ("mg/dL", "µg", "±", "≥", "TNF-α", ...),
    then each non-ASCII character of those on its own ("²", "°", "µ", "α", "β"; not the German
    letters of "Schläge/min", which must stay free to join word pieces).

    Why the characters too: SentencePiece counts the characters to keep *after* cutting the
    symbols out, so a "β" seen only inside "β-blocker" would get no piece of its own and a
    lone "β" would fall back to bytes.
    """
    symbols = medical_symbols(lang)  # type: ignore[arg-type]
    chars = sorted({ch for s in symbols for ch in s if not ch.isascii() and ch not in GERMAN_LETTERS} - set(symbols))
    return symbols + chars


def read_lines(path: str | Path) -> list[str]:
    """The non-empty lines of a UTF-8 text file, with an error that says what is wrong with it."""
    return to_lines([read_text_file(path)])
