import faiss
import numpy as np
from lab08_arxiv_semantic_search.encoder import l2_normalize
from lab08_arxiv_semantic_search.index import build_flat, exact_search
from llmlab_grading import points


def random_rows(n: int, d: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)


@points(6, "exact_search must return the top-k of queries @ vectors.T: float32 scores and int64 "
        "indices of shape (q, min(k, n)), best first.", task="exact")
def test_exact_search_is_brute_force():
    vectors, queries = random_rows(400, 24, 0), random_rows(15, 24, 1)
    scores, idx = exact_search(queries, vectors, 7)
    assert scores.shape == idx.shape == (15, 7)
    assert scores.dtype == np.float32 and idx.dtype == np.int64
    full = queries @ vectors.T
    np.testing.assert_array_equal(idx, np.argsort(-full, axis=1)[:, :7])
    np.testing.assert_allclose(scores, np.sort(full, axis=1)[:, ::-1][:, :7], rtol=1e-5, atol=1e-5)
    assert exact_search(queries, vectors[:4], 7)[1].shape == (15, 4)


@points(3, "exact_search must break ties by the lower index (a stable sort on the negated scores).",
        task="exact")
def test_exact_search_ties_prefer_lower_index():
    vectors = np.array([[1, 0], [0, 1], [1, 0], [1, 0]], dtype=np.float32)
    scores, idx = exact_search(np.array([[1, 0]], dtype=np.float32), vectors, 3)
    assert idx.tolist() == [[0, 2, 3]]
    np.testing.assert_allclose(scores, [[1, 1, 1]])


@points(4, "l2_normalize must return float32 rows of unit length, keep zero rows at zero (no NaN) "
        "and leave its input unchanged.", task="exact")
def test_l2_normalize():
    x = np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1e-3, 0.0, 0.0]])
    y = l2_normalize(x)
    assert y.dtype == np.float32 and y.shape == (3, 3)
    np.testing.assert_allclose(y, [[0.6, 0.8, 0], [0, 0, 0], [1, 0, 0]], atol=1e-6)
    assert x[0, 0] == 3.0
    big = l2_normalize(random_rows(50, 16, 2) * 100)
    np.testing.assert_allclose(np.linalg.norm(big, axis=1), 1.0, rtol=1e-5)


@points(7, "A flat index over normalised embeddings must return exactly the brute-force cosine "
        "neighbours (same ids, scores within 1e-5): use faiss.IndexFlatIP on the unit vectors.",
        task="exact", timeout=180)
def test_flat_index_equals_brute_force_cosine(doc_vectors, query_vectors):
    index = build_flat(doc_vectors)
    assert index.ntotal == len(doc_vectors) and index.metric_type == faiss.METRIC_INNER_PRODUCT
    scores, idx = index.search(query_vectors, 10)
    raw = doc_vectors.astype(np.float64)
    cosine = (query_vectors @ raw.T) / np.outer(np.linalg.norm(query_vectors, axis=1),
                                                np.linalg.norm(raw, axis=1))
    best = np.argsort(-cosine, axis=1, kind="stable")[:, :10]
    agree = (idx == best).mean()
    assert agree >= 0.999, f"only {agree:.1%} of the flat index's ids match brute-force cosine"
    np.testing.assert_allclose(scores, np.take_along_axis(cosine, idx, axis=1), atol=1e-5)

