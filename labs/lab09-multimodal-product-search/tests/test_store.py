import torch
from lab09_multimodal_product_search.store import index_embeddings, open_store, search


def test_index_and_search(tmp_path):
    items = torch.nn.functional.normalize(torch.randn(20, 8, generator=torch.Generator().manual_seed(0)), dim=-1)
    ids = [f"P{i:04d}" for i in range(20)]
    collection = index_embeddings(open_store(tmp_path / "db"), ids, items,
                                  [{"i": i} for i in range(20)])
    assert collection.count() == 20
    hits = search(collection, items[[3, 11]], k=2)
    assert [row[0].id for row in hits] == ["P0003", "P0011"]
    assert abs(hits[0][0].similarity - 1.0) < 1e-4 and hits[0][0].metadata == {"i": 3}
    assert hits[0][0].similarity >= hits[0][1].similarity
