import faiss
import numpy as np
import pytest
from lab08_arxiv_semantic_search.index import (
    build_hnsw,
    build_ivf,
    default_nlist,
    exact_search,
    recall_at_k,
)
from llmlab_grading import points


@points(5, "recall_at_k must be the mean over queries of |found[:k] ∩ exact[:k]| / k, with -1 "
        "(no result) never counting.", task="approximate")
def test_recall_at_k_values():
    exact = np.array([[0, 1, 2, 3, 9], [4, 5, 6, 7, 9]])
    found = np.array([[3, 2, 9, 8, 1], [-1, 5, 4, -1, 6]])
    assert recall_at_k(found, exact, k=4) == pytest.approx((2 / 4 + 2 / 4) / 2)
    assert recall_at_k(found, exact, k=5) == pytest.approx((4 / 5 + 3 / 5) / 2)
    assert recall_at_k(exact, exact, k=3) == 1.0
    assert recall_at_k(np.full((2, 3), -1), exact, k=3) == 0.0


@points(8, "build_ivf must return a trained faiss IVF index (inner product) with the nlist and "
        "nprobe asked for, whose recall@10 against exact search on the encoder's embeddings is "
        ">= 0.95 at nprobe=8; nprobe=1 should scan less and lose recall.", task="approximate", timeout=180)
def test_ivf_recall_on_embeddings(doc_vectors, query_vectors):
    _, truth = exact_search(query_vectors, doc_vectors, 10)
    nlist = default_nlist(len(doc_vectors))
    index = build_ivf(doc_vectors, nlist=nlist, nprobe=8)
    ivf = faiss.extract_index_ivf(index)
    assert ivf.nlist == nlist and ivf.nprobe == 8 and index.is_trained
    assert index.ntotal == len(doc_vectors) and index.metric_type == faiss.METRIC_INNER_PRODUCT
    recall = recall_at_k(index.search(query_vectors, 10)[1], truth, 10)
    assert recall >= 0.95, f"IVF recall@10 is {recall:.3f}"
    ivf.nprobe = 1
    assert recall_at_k(index.search(query_vectors, 10)[1], truth, 10) < recall
    with pytest.raises(ValueError):
        build_ivf(doc_vectors[:10], nlist=20)


@points(7, "build_hnsw must return a faiss HNSW index (inner product) with the m, efConstruction "
        "and efSearch asked for, whose recall@10 against exact search is >= 0.95.",
        task="approximate", timeout=180)
def test_hnsw_recall_on_embeddings(doc_vectors, query_vectors):
    _, truth = exact_search(query_vectors, doc_vectors, 10)
    index = build_hnsw(doc_vectors, m=16, ef_construction=64, ef_search=48)
    assert isinstance(index, faiss.IndexHNSW)
    assert index.hnsw.efSearch == 48 and index.hnsw.efConstruction == 64
    assert index.ntotal == len(doc_vectors) and index.metric_type == faiss.METRIC_INNER_PRODUCT
    recall = recall_at_k(index.search(query_vectors, 10)[1], truth, 10)
    assert recall >= 0.95, f"HNSW recall@10 is {recall:.3f}"
