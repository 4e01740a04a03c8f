"""The lexical baseline: TF-IDF vectors and cosine similarity, written out in NumPy."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lower-cased runs of letters and digits: "Multi-Scale GNNs (v2)" → multi, scale, gnns, v2."""
    return TOKEN.findall(text.lower())


class TfidfRetriever:
    """Documents as TF-IDF vectors of unit length; a query's score is the cosine similarity.

    ``fit(texts)`` learns the vocabulary (every token of the documents, ids in sorted order) and
    ``idf[t] = ln((1 + N) / (1 + df[t])) + 1`` (N documents, df[t] of them containing t),
    then stores ``self.doc_matrix = transform(texts)``.
    """

    def __init__(self):
        self.vocab: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)
        self.doc_matrix = np.zeros((0, 0), dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> TfidfRetriever:
        """Learn ``vocab`` and ``idf`` (float32 (V,)) from ``texts``, index them, return self."""
        # BEGIN SOLUTION
        tokenized = [tokenize(t) for t in texts]
        self.vocab = {w: i for i, w in enumerate(sorted({w for doc in tokenized for w in doc}))}
        df = np.zeros(len(self.vocab), dtype=np.float64)
        for doc in tokenized:
            df[[self.vocab[w] for w in set(doc)]] += 1
        self.idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        self.doc_matrix = self.transform(texts)
        return self
        # END SOLUTION

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), V): raw term counts times ``idf``, each row scaled to unit L2
        norm (a row with no known token stays zero). Tokens outside the vocabulary are ignored."""
        # BEGIN SOLUTION
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in tokenize(text):
                if word in self.vocab:
                    out[row, self.vocab[word]] += 1
        out *= self.idf
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)
        # END SOLUTION

    def search(self, queries: Sequence[str], k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` documents per query by cosine: (scores (q, k'), indices (q, k')), k' =
        min(k, N), best first, ties broken by the lower index."""
        scores = self.transform(queries) @ self.doc_matrix.T
        k = min(k, scores.shape[1])
        order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(scores, order, axis=1), order
