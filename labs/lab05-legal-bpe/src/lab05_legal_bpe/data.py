"""Documents to train and measure on: the course's generated legal corpus, or a text file."""

from __future__ import annotations

from pathlib import Path

from llmlab.corpora.legal import legal_split


def read_documents(path: str | Path) -> list[str]:
    """The documents of a UTF-8 text file: its blank-line-separated blocks, blanks dropped."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file at {path}: pass an existing UTF-8 text file to --data")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text ({exc}): convert it first, e.g. with iconv") from exc
    docs = [block.strip("\n") for block in text.split("\n\n") if block.strip()]
    if not docs:
        raise ValueError(f"{path} holds no text: give a file with at least one paragraph")
    return docs


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
