"""Documents to train and measure on: the course's generated legal corpus, or a text file."""

from __future__ import annotations

from pathlib import Path

from llmlab.corpora.legal import legal_split
from llmlab.textfile import read_text_file


def read_documents(path: str | Path) -> list[str]:
    """The documents of a UTF-8 text file: its blank-line-separated blocks, blanks dropped."""
    text = read_text_file(path)
    return [block.strip("\n") for block in text.split("\n\n") if block.strip()]


def load_split(data: Path | None, n_docs: int, seed: int,
               held_out: float) -> tuple[list[str], list[str]]:
    """(train, held-out) documents: ``legal_split(n_docs, seed, held_out)`` when ``data`` is
    None, else the file's documents with the last ``held_out`` share held out."""
    if data is None:
        train, rest = legal_split(n_docs, seed, held_out)
    else:
        docs = read_documents(data)
        k = max(1, round(len(docs) * held_out)) if held_out > 0 and len(docs) >= 2 else 0
        train, rest = docs[: len(docs) - k], docs[len(docs) - k:]
    if not train or not rest:
        raise ValueError(f"need at least one training and one held-out document, got {len(train)} "
                         f"and {len(rest)}: use more documents or a held-out share in (0, 1)")
    return train, rest
