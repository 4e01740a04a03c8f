import faiss
import numpy as np
import pytest
from lab08_arxiv_semantic_search.encoder import l2_normalize
from lab08_arxiv_semantic_search.index import (
    VectorStore,
    build_flat,
    build_hnsw,
    build_ivf,
    exact_search,
    recall_at_k,
)


def clustered(n: int, d: int = 32, centres: int = 20, seed: int = 0) -> np.ndarray:
    """Unit vectors around a few centres, like embeddings of a corpus with topics."""
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centres, d))
    return l2_normalize(c[rng.integers(0, centres, n)] + 0.6 * rng.normal(size=(n, d)))


def test_l2_normalize_rows_and_zeros():
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    y = l2_normalize(x)
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, [[0.6, 0.8], [0.0, 0.0]], atol=1e-7)
    assert x[0, 0] == 3.0  # the input is not modified


def test_exact_search_is_sorted_brute_force():
    vectors, queries = clustered(300), clustered(10, seed=1)
    scores, idx = exact_search(queries, vectors, 5)
    assert scores.shape == idx.shape == (10, 5) and idx.dtype == np.int64
    full = queries @ vectors.T
    np.testing.assert_array_equal(idx[:, 0], full.argmax(axis=1))
    np.testing.assert_allclose(scores, np.take_along_axis(full, idx, axis=1), atol=1e-6)
    assert np.all(np.diff(scores, axis=1) <= 0)
    assert exact_search(queries, vectors[:3], 10)[1].shape == (10, 3)


def test_flat_index_equals_exact_search():
    vectors, queries = clustered(500), clustered(20, seed=1)
    scores, idx = build_flat(vectors).search(queries, 10)
    exact_scores, exact_idx = exact_search(queries, vectors, 10)
    np.testing.assert_array_equal(idx, exact_idx)
    np.testing.assert_allclose(scores, exact_scores, atol=1e-5)


def test_recall_at_k_counts_overlap():
    exact = np.array([[0, 1, 2, 3], [4, 5, 6, 7]])
    found = np.array([[3, 2, 9, 8], [4, 5, 6, -1]])
    assert recall_at_k(found, exact, k=4) == pytest.approx((2 / 4 + 3 / 4) / 2)
    assert recall_at_k(exact, exact, k=2) == 1.0


def test_ivf_and_hnsw_find_the_true_neighbours():
    faiss.omp_set_num_threads(1)
    vectors, queries = clustered(2000), clustered(50, seed=1)
    _, truth = exact_search(queries, vectors, 10)
    ivf = build_ivf(vectors, nlist=40, nprobe=8)
    assert ivf.nlist == 40 and ivf.nprobe == 8
    hnsw = build_hnsw(vectors, m=16, ef_search=64)
    assert hnsw.hnsw.efSearch == 64
    assert recall_at_k(ivf.search(queries, 10)[1], truth) >= 0.9
    assert recall_at_k(hnsw.search(queries, 10)[1], truth) >= 0.95
    assert recall_at_k(build_ivf(vectors, nlist=40, nprobe=1).search(queries, 10)[1], truth) < 0.9


def test_store_add_search_save_load(tmp_path):
    vectors = clustered(100)
    ids = [f"doc-{i}" for i in range(100)]
    store = VectorStore(faiss.IndexFlatIP(32))
    store.add(ids[:60], vectors[:60])
    store.add(ids[60:], vectors[60:])
    hits = store.search(vectors[70:72], k=3)
    assert [h[0][0] for h in hits] == ["doc-70", "doc-71"]
    assert hits[0][0][1] == pytest.approx(1.0, abs=1e-5)
    loaded = VectorStore.load(store.save(tmp_path / "index"))
    assert loaded.ids == ids and loaded.search(vectors[70:72], k=3) == hits
    with pytest.raises(ValueError):
        loaded.add(["doc-5"], vectors[:1])  # already stored
    with pytest.raises(ValueError):
        loaded.add(["new"], vectors[:1, :16])  # wrong dimension
    with pytest.raises(FileNotFoundError):
        VectorStore.load(tmp_path / "nowhere")
