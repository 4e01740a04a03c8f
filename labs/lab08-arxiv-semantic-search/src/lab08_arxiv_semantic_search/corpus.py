"""The documents to search: the course's generated abstracts by default, or your own JSONL file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from llmlab.corpora import Query, labelled_queries, scientific_abstracts


@dataclass(frozen=True)
class Document:
    """One searchable paper: ``topic`` is "" when the source has no labels."""

    id: str
    title: str
    text: str
    topic: str = ""

    @property
    def content(self) -> str:
        """What gets embedded and indexed: the title, then the abstract."""
        return f"{self.title}. {self.text}"


def default_documents(n: int = 2000, seed: int = 0) -> list[Document]:
    """``n`` generated abstracts (``llmlab.corpora.scientific_abstracts``) as documents.

    The zoo's ``course-encoder`` was trained on abstracts generated with seeds other than 0, so
    seed 0 (the default) is text it has never seen.
    """
    return [Document(a.id, a.title, a.text, a.topic) for a in scientific_abstracts(n, seed)]


def default_queries(n_docs: int = 2000, n_queries: int = 200, seed: int = 0) -> list[Query]:
    """Labelled queries (``.text``, ``.relevant_ids``, ``.kind``) over ``default_documents``."""
    return labelled_queries(scientific_abstracts(n_docs, seed), n_queries, seed)


def load_documents(path: str | Path) -> list[Document]:
    """Documents from a JSONL file, one object per line with ``id``, ``title``, ``text``
    (and optionally ``topic``), e.g. arXiv metadata reduced to those fields."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no document file at {path}: pass a JSONL file with id, title, text")
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = {"id", "title", "text"} - set(row)
        if missing:
            raise ValueError(f"{path}:{number} lacks {', '.join(sorted(missing))}; every line needs "
                             "id, title and text")
        documents.append(Document(str(row["id"]), row["title"], row["text"], row.get("topic", "")))
    if len({d.id for d in documents}) != len(documents):
        raise ValueError(f"{path} repeats a document id; ids must be unique")
    return documents


def save_documents(documents: list[Document], path: str | Path) -> Path:
    """Write ``documents`` as JSONL (the format ``load_documents`` reads)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(asdict(d)) + "\n" for d in documents), encoding="utf-8")
    return path
