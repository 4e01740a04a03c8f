"""Nearest neighbours by cosine similarity: brute force in NumPy, and FAISS indexes (exact flat,
approximate IVF and HNSW) behind a small store that maps rows to document ids and persists."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

KINDS = ("flat", "ivf", "hnsw")


def exact_search(queries: np.ndarray, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force top-``k`` by inner product (cosine for unit rows), the ground truth.

    queries (q, d) and vectors (n, d) float32 → (scores float32 (q, k'), indices int64 (q, k')),
    k' = min(k, n), each row sorted by decreasing score, ties broken by the lower index.
    """
    # BEGIN SOLUTION
    scores = np.asarray(queries, dtype=np.float32) @ np.asarray(vectors, dtype=np.float32).T
    k = min(k, scores.shape[1])
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(scores, order, axis=1), order.astype(np.int64)
    # END SOLUTION


def default_nlist(n: int) -> int:
    """IVF lists for n vectors: about sqrt(n), with >= 39 training points per list (FAISS's minimum)."""
    return max(1, min(round(n**0.5), n // 39))


def build_flat(vectors: np.ndarray) -> faiss.Index:
    """An exact FAISS index over ``vectors`` (n, d) float32 that scores by inner product."""
    # BEGIN SOLUTION
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index
    # END SOLUTION


def build_ivf(vectors: np.ndarray, nlist: int | None = None, nprobe: int = 8) -> faiss.Index:
    """An inverted-file index: k-means into ``nlist`` lists (``default_nlist(n)`` when None),
    each vector stored in its nearest list; a query scans the ``nprobe`` nearest lists.

    Inner-product metric; ``nlist`` > n raises ``ValueError`` (k-means needs a point per list).
    """
    # BEGIN SOLUTION
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, d = vectors.shape
    nlist = nlist or default_nlist(n)
    if nlist > n:
        raise ValueError(f"nlist={nlist} lists need at least {nlist} vectors to train, got {n}")
    quantizer = faiss.IndexFlatIP(d)
    index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.add(vectors)
    index.nprobe = min(nprobe, nlist)
    return index
    # END SOLUTION


def build_hnsw(vectors: np.ndarray, m: int = 32, ef_construction: int = 80,
               ef_search: int = 64) -> faiss.Index:
    """A hierarchical navigable small-world graph: each vector linked to ``m`` neighbours per
    layer, ``ef_construction`` candidates while inserting, ``ef_search`` while searching.
    Inner-product metric."""
    # BEGIN SOLUTION
    index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ef_construction
    index.hnsw.efSearch = ef_search
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index
    # END SOLUTION


def build_index(vectors: np.ndarray, kind: str = "flat", **params) -> faiss.Index:
    """``build_flat``, ``build_ivf`` or ``build_hnsw`` by ``kind``, with their keyword ``params``."""
    builders = {"flat": build_flat, "ivf": build_ivf, "hnsw": build_hnsw}
    if kind not in builders:
        raise ValueError(f"unknown index kind {kind!r}; choose one of {', '.join(KINDS)}")
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) == 0:
        raise ValueError(f"need a non-empty (n, d) array of vectors, got shape {vectors.shape}")
    return builders[kind](vectors, **params)


def recall_at_k(found: np.ndarray, exact: np.ndarray, k: int = 10) -> float:
    """Mean over queries of |found[:k] ∩ exact[:k]| / k: the share of the true top-k that an
    approximate search returned. ``found`` and ``exact`` are (q, >=k) int indices; ids of -1
    (FAISS's "no result") never count."""
    # BEGIN SOLUTION
    found, exact = np.asarray(found)[:, :k], np.asarray(exact)[:, :k]
    hits = [len(set(f[f >= 0].tolist()) & set(e.tolist())) for f, e in zip(found, exact, strict=True)]
    return float(np.mean(hits) / k)
    # END SOLUTION


class VectorStore:
    """A FAISS index plus the document id of each of its rows, which can grow and be saved.

    ``VectorStore(index, ids)`` wraps an index whose row i is document ``ids[i]``;
    ``VectorStore.build(ids, vectors, kind, **params)`` builds the index first.
    """

    INDEX_FILE, IDS_FILE = "index.faiss", "ids.json"

    def __init__(self, index: faiss.Index, ids: Sequence[str] = ()):
        if index.ntotal != len(ids):
            raise ValueError(f"the index holds {index.ntotal} vectors but {len(ids)} ids were given")
        self.index = index
        self.ids = list(ids)

    @classmethod
    def build(cls, ids: Sequence[str], vectors: np.ndarray, kind: str = "flat",
              **params) -> VectorStore:
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors; give one id per vector")
        if len(set(ids)) != len(ids):
            raise ValueError("document ids must be unique")
        return cls(build_index(vectors, kind, **params), ids)

    @property
    def dim(self) -> int:
        return self.index.d

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Append documents without rebuilding: (len(ids), dim) float32 vectors.

        Raises ``ValueError`` (saying what is wrong) when the counts differ, the dimension is not
        ``self.dim``, or an id is already stored or repeated.
        """
        # BEGIN SOLUTION
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors must have shape (n, {self.dim}), got {vectors.shape}")
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors; give one id per vector")
        stored = set(self.ids)
        clashes = {i for i in ids if i in stored} | {i for i, c in Counter(ids).items() if c > 1}
        if clashes:
            raise ValueError(f"ids already stored or repeated: {sorted(clashes)[:5]}")
        self.index.add(vectors)
        self.ids.extend(ids)
        # END SOLUTION

    def search(self, queries: np.ndarray, k: int = 10) -> list[list[tuple[str, float]]]:
        """For each query row (q, dim), up to ``k`` ``(id, score)`` pairs, best first.

        Rows FAISS could not fill (it returns index -1) are left out, so a list may be shorter
        than ``k``.
        """
        # BEGIN SOLUTION
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if queries.shape[1] != self.dim:
            raise ValueError(f"queries must have shape (q, {self.dim}), got {queries.shape}")
        scores, rows = self.index.search(queries, min(k, max(len(self), 1)))
        return [[(self.ids[r], float(s)) for s, r in zip(srow, rrow, strict=True) if r >= 0]
                for srow, rrow in zip(scores, rows, strict=True)]
        # END SOLUTION

    def save(self, folder: str | Path) -> Path:
        """Write ``index.faiss`` (``faiss.write_index``) and ``ids.json`` into ``folder``."""
        # BEGIN SOLUTION
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.index, str(folder / self.INDEX_FILE))
        (folder / self.IDS_FILE).write_text(json.dumps(self.ids))
        return folder
        # END SOLUTION

    @classmethod
    def load(cls, folder: str | Path) -> VectorStore:
        """The store ``save`` wrote; ``FileNotFoundError`` naming the file when one is missing,
        ``ValueError`` when the index and the ids disagree in count."""
        # BEGIN SOLUTION
        folder = Path(folder)
        for name in (cls.INDEX_FILE, cls.IDS_FILE):
            if not (folder / name).is_file():
                raise FileNotFoundError(f"{folder / name} is missing: build the index first "
                                        "(semantic-search build)")
        return cls(faiss.read_index(str(folder / cls.INDEX_FILE)),
                   json.loads((folder / cls.IDS_FILE).read_text()))
        # END SOLUTION
