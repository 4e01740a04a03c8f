import subprocess
import sys
import textwrap

import torch
import torch.nn.functional as F
from lab09_multimodal_product_search.store import (
    index_embeddings,
    open_collection,
    open_store,
    search,
)
from llmlab_grading import points


def _vectors(seed: int, n: int, d: int = 16) -> torch.Tensor:
    return F.normalize(torch.randn(n, d, generator=torch.Generator().manual_seed(seed)), dim=-1)


@points(8, "search after index_embeddings must return, best first, the k items with the highest "
        "cosine similarity (ids and similarity = 1 - cosine distance), one list per query.",
        task="store", timeout=60)
def test_search_matches_brute_force(tmp_path):
    items, queries = _vectors(0, 120), _vectors(1, 6)
    ids = [f"item{i:03d}" for i in range(120)]
    collection = index_embeddings(open_store(tmp_path / "db"), ids, items)
    hits = search(collection, queries, k=5)
    assert len(hits) == 6 and all(len(row) == 5 for row in hits)
    scores = queries @ items.T
    for q, row in enumerate(hits):
        best = scores[q].topk(5).indices.tolist()
        assert [h.id for h in row] == [ids[i] for i in best]
        for hit, i in zip(row, best, strict=True):
            assert abs(hit.similarity - scores[q, i].item()) < 1e-4


@points(4, "The collection must use cosine distance (configuration={'hnsw': {'space': 'cosine'}}):"
        " vectors that are not unit length must still rank and score by cosine similarity.",
        task="store", timeout=60)
def test_collection_uses_cosine(tmp_path):
    items = _vectors(2, 40) * torch.linspace(0.2, 5.0, 40).unsqueeze(1)
    query = _vectors(3, 1) * 7.0
    collection = index_embeddings(open_store(tmp_path / "db"), [str(i) for i in range(40)], items)
    cosine = (F.normalize(query, dim=-1) @ F.normalize(items, dim=-1).T)[0]
    row = search(collection, query, k=3)[0]
    assert [h.id for h in row] == [str(i) for i in cosine.topk(3).indices.tolist()]
    assert abs(row[0].similarity - cosine.max().item()) < 1e-4


@points(8, "The index must be persisted: a new Python process that opens the same folder with "
        "open_store must find the collection, its count and the same search results.",
        task="store", timeout=90)
def test_persisted_and_reloaded(tmp_path):
    items, queries = _vectors(4, 60), _vectors(5, 3)
    ids = [f"P{i:04d}" for i in range(60)]
    collection = index_embeddings(open_store(tmp_path / "db"), ids, items,
                                  [{"n": i} for i in range(60)])
    before = [[h.id for h in row] for row in search(collection, queries, k=4)]
    torch.save(queries, tmp_path / "queries.pt")
    script = textwrap.dedent(f"""
        import torch
        from lab09_multimodal_product_search.store import open_collection, open_store, search
        collection = open_collection(open_store({str(tmp_path / "db")!r}))
        queries = torch.load({str(tmp_path / "queries.pt")!r})
        print(collection.count())
        for row in search(collection, queries, k=4):
            print(",".join(h.id for h in row))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=80, check=True).stdout.split()
    assert out[0] == "60"
    assert [line.split(",") for line in out[1:]] == before


@points(5, "Indexing the same ids again must replace them (upsert, no duplicates); metadata must "
        "come back with each hit and the where filter must restrict results.",
        task="store", timeout=60)
def test_upsert_metadata_and_filter(tmp_path):
    items = _vectors(6, 30)
    ids = [f"x{i}" for i in range(30)]
    metas = [{"category": "ball" if i % 3 == 0 else "kite", "i": i} for i in range(30)]
    client = open_store(tmp_path / "db")
    index_embeddings(client, ids, items, metas, batch_size=7)
    index_embeddings(client, ids, items, metas, batch_size=7)
    collection = open_collection(client)
    assert collection.count() == 30
    row = search(collection, items[4:5], k=1)[0]
    assert row[0].id == "x4" and row[0].metadata["i"] == 4 and row[0].metadata["category"] == "kite"
    balls = search(collection, items[4:5], k=5, where={"category": "ball"})[0]
    assert len(balls) == 5 and all(h.metadata["category"] == "ball" for h in balls)
