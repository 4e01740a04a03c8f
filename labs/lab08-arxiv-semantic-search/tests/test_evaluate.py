import math

import numpy as np
import pytest
from lab08_arxiv_semantic_search.evaluate import ndcg_at_k
from lab08_arxiv_semantic_search.tfidf import TfidfRetriever


def test_ndcg_perfect_partial_and_empty():
    assert ndcg_at_k(["a", "b", "c"], {"a", "b"}, k=10) == pytest.approx(1.0)
    # one relevant document at rank 2 of 2 relevant: (1/log2 3) / (1 + 1/log2 3)
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["x", "a", "y"], {"a", "b"}, k=10) == pytest.approx(expected)
    assert ndcg_at_k(["x", "y", "a"], {"a"}, k=2) == 0.0
    assert ndcg_at_k(["x"], set(), k=10) == 0.0


def test_tfidf_weights_and_ranking():
    docs = ["speech speech noise", "graph noise", "graph vertices"]
    tfidf = TfidfRetriever().fit(docs)
    assert list(tfidf.vocab) == ["graph", "noise", "speech", "vertices"]
    np.testing.assert_allclose(tfidf.idf, [math.log(4 / 3) + 1, math.log(4 / 3) + 1,
                                           math.log(2) + 1, math.log(2) + 1], rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(tfidf.doc_matrix, axis=1), 1.0, rtol=1e-6)
    scores, idx = tfidf.search(["noise in speech", "unknown words"], k=2)
    assert idx[0, 0] == 0 and scores[1, 0] == 0.0
