import faiss
import numpy as np
import pytest
from lab08_arxiv_semantic_search.index import VectorStore
from llmlab_grading import points


def unit_rows(n: int, d: int = 16, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@points(4, "VectorStore.search must map FAISS rows to ids: one list of up to k (id, score) pairs "
        "per query, best first, scores as returned by the index.", task="store")
def test_store_search_maps_ids():
    vectors = unit_rows(50)
    store = VectorStore(faiss.IndexFlatIP(16))
    store.add([f"d{i}" for i in range(50)], vectors)
    assert len(store) == 50 and store.dim == 16
    hits = store.search(vectors[[7, 30]], k=4)
    assert len(hits) == 2 and all(len(h) == 4 for h in hits)
    assert hits[0][0][0] == "d7" and hits[1][0][0] == "d30"
    assert hits[0][0][1] == pytest.approx(1.0, abs=1e-5)
    expected = np.argsort(-(vectors[7] @ vectors.T))[:4]
    assert [doc for doc, _ in hits[0]] == [f"d{i}" for i in expected]
    assert [len(h) for h in store.search(vectors[:1], k=80)] == [50]


@points(6, "A saved store must load with the same ids and give the same results, for an HNSW "
        "index too, and keep accepting new documents after loading (incremental add).",
        task="store")
def test_store_persists_and_grows(tmp_path):
    vectors = unit_rows(300, seed=1)
    index = faiss.IndexHNSWFlat(16, 16, faiss.METRIC_INNER_PRODUCT)
    store = VectorStore(index)
    store.add([f"p{i}" for i in range(200)], vectors[:200])
    before = store.search(vectors[:5], k=5)
    folder = store.save(tmp_path / "store")
    loaded = VectorStore.load(folder)
    assert loaded.ids == store.ids and loaded.index.ntotal == 200
    assert loaded.search(vectors[:5], k=5) == before
    loaded.add([f"p{i}" for i in range(200, 300)], vectors[200:])
    assert [h[0][0] for h in loaded.search(vectors[[250, 299]], k=1)] == ["p250", "p299"]
    again = VectorStore.load(loaded.save(tmp_path / "store"))
    assert len(again) == 300 and again.search(vectors[[250]], k=1)[0][0][0] == "p250"


@points(3, "VectorStore.add must raise ValueError for an id already stored, a repeated id, a "
        "count mismatch or the wrong dimension, and leave the store unchanged.", task="store")
def test_store_add_rejects_bad_input():
    store = VectorStore(faiss.IndexFlatIP(16))
    store.add(["a", "b"], unit_rows(2))
    for ids, vectors in ((["a"], unit_rows(1)), (["c", "c"], unit_rows(2)),
                         (["c", "d"], unit_rows(3)), (["c"], unit_rows(1, d=8))):
        with pytest.raises(ValueError):
            store.add(ids, vectors)
    assert store.ids == ["a", "b"] and store.index.ntotal == 2


@points(2, "VectorStore.load must raise FileNotFoundError when the folder holds no saved store.",
        task="store")
def test_store_load_missing(tmp_path):
    with pytest.raises(FileNotFoundError):
        VectorStore.load(tmp_path / "empty")
