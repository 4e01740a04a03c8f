"""Ranking quality against labelled queries: nDCG@k of the encoder and of TF-IDF."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from llmlab.corpora import Query

from lab08_arxiv_semantic_search.corpus import Document
from lab08_arxiv_semantic_search.encoder import Encoder
from lab08_arxiv_semantic_search.index import exact_search
from lab08_arxiv_semantic_search.tfidf import TfidfRetriever


def ndcg_at_k(ranked_ids: Sequence[str], relevant_ids: set[str], k: int = 10) -> float:
    """Normalised discounted cumulative gain of one ranking, binary relevance.

    DCG = sum over the first k ranks r = 1, 2, ... of rel(r) / log2(r + 1); nDCG divides by the
    DCG of the ideal ranking (min(k, |relevant|) relevant documents first). 0.0 when nothing is
    relevant; 1.0 when the relevant documents fill the top ranks.
    """
    # BEGIN SOLUTION
    dcg = sum(1.0 / math.log2(r + 2) for r, doc in enumerate(ranked_ids[:k]) if doc in relevant_ids)
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(k, len(relevant_ids))))
    return dcg / ideal if ideal > 0 else 0.0
    # END SOLUTION


def mean_ndcg(rankings: Sequence[Sequence[str]], queries: Sequence[Query], k: int = 10) -> float:
    """The mean of ``ndcg_at_k`` over queries, ``rankings[i]`` being the ids ranked for query i."""
    return float(np.mean([ndcg_at_k(r, q.relevant_ids, k) for r, q in zip(rankings, queries, strict=True)]))


def compare_retrievers(documents: Sequence[Document], queries: Sequence[Query], encoder: Encoder,
                       k: int = 10) -> dict[str, dict[str, float]]:
    """nDCG@k of exact encoder search and of TF-IDF on ``queries``, overall and per query kind:
    ``{"encoder": {"all": .., "phrase": .., "task": ..}, "tfidf": {...}}``."""
    ids = [d.id for d in documents]
    texts = [d.content for d in documents]
    query_texts = [q.text for q in queries]
    _, dense = exact_search(encoder.encode(query_texts), encoder.encode(texts), k)
    _, sparse = TfidfRetriever().fit(texts).search(query_texts, k)
    results = {}
    for name, rows in (("encoder", dense), ("tfidf", sparse)):
        rankings = [[ids[i] for i in row] for row in rows]
        scores = {"all": mean_ndcg(rankings, queries, k)}
        for kind in sorted({q.kind for q in queries}):
            picked = [(r, q) for r, q in zip(rankings, queries, strict=True) if q.kind == kind]
            scores[kind] = mean_ndcg([r for r, _ in picked], [q for _, q in picked], k)
        results[name] = scores
    return results
