"""A persistent Chroma collection of product embeddings that we compute ourselves.

Chroma would embed documents with its default model, which it downloads on first use; we never
give it documents, only our CLIP vectors, and create collections with ``embedding_function=None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import chromadb
import torch
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings

COLLECTION = "products"


@dataclass(frozen=True)
class Hit:
    """One search result: the item's id, its cosine similarity to the query, its metadata."""

    id: str
    similarity: float
    metadata: dict


def open_store(path: str | Path) -> ClientAPI:
    """A Chroma client that keeps its data in the folder ``path`` (created if needed).

    Everything written through it is on disk: a later process opening the same folder sees it.
    """
    Path(path).mkdir(parents=True, exist_ok=True)
    # Telemetry off: the course runs offline and sends nothing anywhere.
    return chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False))


def open_collection(client: ClientAPI, name: str = COLLECTION) -> Collection:
    """The existing collection ``name``; a clear error if it has not been indexed yet."""
    if name not in [c.name for c in client.list_collections()]:
        raise FileNotFoundError(f"no Chroma collection {name!r} in this store: build it first "
                                "with `product-search index`")
    return client.get_collection(name, embedding_function=None)


def index_embeddings(client: ClientAPI, ids: list[str], embeddings: torch.Tensor,
                     metadatas: list[dict] | None = None, name: str = COLLECTION,
                     batch_size: int = 256) -> Collection:
    """Store ``embeddings`` (N, D) under ``ids`` in collection ``name`` and return it.

    The collection is created when missing, with cosine distance (``configuration={"hnsw":
    {"space": "cosine"}}``) and ``embedding_function=None``. Rows are upserted in batches of
    ``batch_size``, so indexing the same ids again replaces them instead of duplicating them.
    ``metadatas`` (one dict of str/int/float/bool values per id) is stored alongside.
    """
    if len(ids) != len(embeddings) or (metadatas is not None and len(metadatas) != len(ids)):
        raise ValueError(f"got {len(ids)} ids, {len(embeddings)} embeddings and "
                         f"{'no' if metadatas is None else len(metadatas)} metadatas: one each per item")
    # BEGIN SOLUTION
    collection = client.get_or_create_collection(
        name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
    for start in range(0, len(ids), batch_size):
        stop = start + batch_size
        collection.upsert(ids=ids[start:stop], embeddings=embeddings[start:stop].tolist(),
                          metadatas=None if metadatas is None else metadatas[start:stop])
    return collection
    # END SOLUTION


def search(collection: Collection, query_embeddings: torch.Tensor, k: int = 5,
           where: dict | None = None) -> list[list[Hit]]:
    """The ``k`` nearest items to each query (Q, D), best first, as ``Hit`` lists (one a query).

    ``similarity`` is the cosine similarity, 1 - Chroma's cosine distance. ``where`` filters on
    metadata, e.g. ``{"category": "cushion"}``.
    """
    # BEGIN SOLUTION
    result = collection.query(query_embeddings=query_embeddings.tolist(), n_results=k,
                              where=where, include=["distances", "metadatas"])
    return [[Hit(id_, 1.0 - distance, metadata or {})
             for id_, distance, metadata in zip(ids, distances, metadatas, strict=True)]
            for ids, distances, metadatas in zip(result["ids"], result["distances"],
                                                 result["metadatas"], strict=True)]
    # END SOLUTION
