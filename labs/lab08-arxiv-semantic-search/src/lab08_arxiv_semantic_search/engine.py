"""A search engine: documents, the encoder that embeds them and a vector store, saved together."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from lab08_arxiv_semantic_search.corpus import Document, load_documents, save_documents
from lab08_arxiv_semantic_search.encoder import Encoder
from lab08_arxiv_semantic_search.index import VectorStore


@dataclass(frozen=True)
class Hit:
    """One search result; ``score`` is the cosine similarity to the query."""

    id: str
    title: str
    topic: str
    score: float
    snippet: str

    def to_dict(self) -> dict:
        return asdict(self)


class SearchEngine:
    """Embeds documents with ``encoder`` into ``store`` (row i ↔ ``documents[i]``) and answers
    text queries. ``SearchEngine.build(documents, encoder, kind, **params)`` makes one."""

    META_FILE, DOCS_FILE = "engine.json", "documents.jsonl"

    def __init__(self, documents: Sequence[Document], encoder: Encoder, store: VectorStore,
                 kind: str = "flat"):
        if [d.id for d in documents] != store.ids:
            raise ValueError("the store's ids do not match the documents, in order")
        self.documents = list(documents)
        self.by_id = {d.id: d for d in self.documents}
        self.encoder, self.store, self.kind = encoder, store, kind

    @classmethod
    def build(cls, documents: Sequence[Document], encoder: Encoder, kind: str = "flat",
              **params) -> SearchEngine:
        vectors = encoder.encode([d.content for d in documents])
        return cls(documents, encoder, VectorStore.build([d.id for d in documents], vectors, kind,
                                                         **params), kind)

    def add(self, documents: Sequence[Document]) -> None:
        """Index more documents without rebuilding (their ids must be new)."""
        self.store.add([d.id for d in documents], self.encoder.encode([d.content for d in documents]))
        self.documents.extend(documents)
        self.by_id.update({d.id: d for d in documents})

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The ``k`` documents nearest to ``query``, best first."""
        results = self.store.search(self.encoder.encode([query]), k)[0]
        hits = []
        for doc_id, score in results:
            doc = self.by_id[doc_id]
            snippet = doc.text if len(doc.text) <= 240 else doc.text[:237].rsplit(" ", 1)[0] + "..."
            hits.append(Hit(doc.id, doc.title, doc.topic, round(score, 6), snippet))
        return hits

    def save(self, folder: str | Path) -> Path:
        """Write the store, the documents (JSONL) and ``engine.json`` (model, kind, dim, count)."""
        folder = Path(folder)
        self.store.save(folder)
        save_documents(self.documents, folder / self.DOCS_FILE)
        meta = {"model": self.encoder.model_id, "kind": self.kind, "dim": self.store.dim,
                "documents": len(self.documents)}
        (folder / self.META_FILE).write_text(json.dumps(meta, indent=2))
        return folder

    @classmethod
    def load(cls, folder: str | Path, encoder: Encoder) -> SearchEngine:
        """The engine ``save`` wrote; refuses an encoder other than the one that built it."""
        folder = Path(folder)
        if not (folder / cls.META_FILE).is_file():
            raise FileNotFoundError(f"no search index in {folder}: run `semantic-search build` first")
        meta = json.loads((folder / cls.META_FILE).read_text())
        if meta["model"] != encoder.model_id or meta["dim"] != encoder.dim:
            raise ValueError(f"the index in {folder} was built with {meta['model']!r} "
                             f"(dim {meta['dim']}), not {encoder.model_id!r} (dim {encoder.dim}): "
                             "pass the same --model or rebuild")
        return cls(load_documents(folder / cls.DOCS_FILE), encoder, VectorStore.load(folder),
                   meta["kind"])
