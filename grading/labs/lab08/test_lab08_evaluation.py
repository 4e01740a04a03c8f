import math

import numpy as np
import pytest
from lab08_arxiv_semantic_search.evaluate import compare_retrievers, ndcg_at_k
from lab08_arxiv_semantic_search.tfidf import TfidfRetriever
from llmlab_grading import points


@points(5, "ndcg_at_k must be DCG (rel / log2(rank + 1) over the first k ranks) divided by the "
        "ideal DCG of min(k, |relevant|) relevant documents; 0.0 when nothing is relevant.",
        task="evaluation")
def test_ndcg_values():
    assert ndcg_at_k(["a", "b", "x"], {"a", "b"}, 10) == pytest.approx(1.0)
    ideal = 1 + 1 / math.log2(3) + 0.5
    assert ndcg_at_k(["x", "a", "y", "b", "c"], {"a", "b", "c"}, 10) == pytest.approx(
        (1 / math.log2(3) + 1 / math.log2(5) + 1 / math.log2(6)) / ideal)
    assert ndcg_at_k(["x", "a", "y", "b"], {"a", "b", "c"}, 2) == pytest.approx(
        (1 / math.log2(3)) / (1 + 1 / math.log2(3)))
    assert ndcg_at_k(["x", "y"], {"a"}, 10) == 0.0
    assert ndcg_at_k(["a"], set(), 10) == 0.0


@points(5, "TfidfRetriever: sorted vocabulary, idf = ln((1+N)/(1+df)) + 1, rows = counts x idf "
        "scaled to unit norm (unknown tokens ignored), search ranks by cosine.", task="evaluation")
def test_tfidf_matches_the_formula():
    docs = ["Graph graph nodes.", "Speech noise, noise!", "graph speech", "robots"]
    tfidf = TfidfRetriever().fit(docs)
    assert list(tfidf.vocab) == ["graph", "nodes", "noise", "robots", "speech"]
    df = np.array([2, 1, 1, 1, 2])  # graph and speech are in two documents
    idf = np.log(5 / (1 + df)) + 1
    np.testing.assert_allclose(tfidf.idf, idf, rtol=1e-6)
    row = np.array([2, 1, 0, 0, 0]) * idf
    np.testing.assert_allclose(tfidf.doc_matrix[0], row / np.linalg.norm(row), rtol=1e-5)
    q = tfidf.transform(["noise zebra", "zebra"])
    np.testing.assert_allclose(q[0], np.eye(5)[2], atol=1e-6)
    assert q.dtype == np.float32 and not q[1].any()
    scores, idx = tfidf.search(["graph nodes"], k=3)
    assert idx[0].tolist() == [0, 2, 1] and scores[0, 2] == 0.0


@points(5, "On task queries (a task named or described in other words) over unseen generated "
        "abstracts (seed 0), exact search with the encoder must reach a higher nDCG@10 than the "
        "TF-IDF baseline.", task="evaluation", timeout=180)
def test_encoder_beats_tfidf_on_task_queries(encoder, documents, queries):
    scores = compare_retrievers(documents, queries, encoder, k=10)
    dense, sparse = scores["encoder"]["task"], scores["tfidf"]["task"]
    assert 0.0 < sparse < 1.0
    assert dense > sparse, f"encoder nDCG@10 {dense:.3f} <= TF-IDF {sparse:.3f} on task queries"
