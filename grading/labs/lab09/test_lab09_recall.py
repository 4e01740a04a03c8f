import torch
from lab09_multimodal_product_search.catalogue import same_look
from lab09_multimodal_product_search.embeddings import embed_images, embed_texts
from lab09_multimodal_product_search.metrics import recall_at_k
from llmlab_grading import points


@points(6, "recall_at_k must be the fraction of queries with at least one relevant item among "
        "their k highest scores (a float).", task="recall", timeout=60)
def test_recall_small_example():
    scores = torch.tensor([[0.9, 0.1, 0.5, 0.3],
                           [0.2, 0.8, 0.7, 0.1],
                           [0.1, 0.2, 0.3, 0.4]])
    relevant = torch.tensor([[True, False, False, False],
                             [False, False, True, False],
                             [True, False, False, False]])
    assert isinstance(recall_at_k(scores, relevant, 1), float)
    assert abs(recall_at_k(scores, relevant, 1) - 1 / 3) < 1e-6
    assert abs(recall_at_k(scores, relevant, 2) - 2 / 3) < 1e-6
    assert abs(recall_at_k(scores, relevant, 3) - 2 / 3) < 1e-6
    assert abs(recall_at_k(scores, relevant, 4) - 1.0) < 1e-6


@points(4, "recall_at_k counts a query once however many relevant items it finds, and uses the "
        "k highest scores (not the k lowest, not the first k columns).", task="recall", timeout=60)
def test_recall_counts_queries_once():
    g = torch.Generator().manual_seed(0)
    scores = torch.rand(50, 30, generator=g)
    relevant = torch.rand(50, 30, generator=g) < 0.2
    relevant[:, 0] = True
    top = scores.topk(3, dim=1).indices
    want = relevant.gather(1, top).any(dim=1).float().mean().item()
    assert abs(recall_at_k(scores, relevant, 3) - want) < 1e-6
    assert abs(recall_at_k(-scores, relevant, 3) - want) > 0.05 or want == 1.0


@points(5, "Text->image recall@5 on 200 held-out products must be at least 0.95 with the zoo "
        "CLIP (the reference gets 0.995): check embed_texts/embed_images and recall_at_k.",
        task="recall", timeout=60)
def test_text_to_image_recall_held_out(clip, held_out):
    products, images, _ = held_out
    text = embed_texts(clip, [p.caption for p in products])
    items = embed_images(clip, images)
    relevant = same_look(products, products)
    assert recall_at_k(text @ items.T, relevant, 5) >= 0.95
    assert recall_at_k(text @ items.T, relevant, 1) >= 0.85
    shuffled = items[torch.randperm(len(items), generator=torch.Generator().manual_seed(0))]
    assert recall_at_k(text @ shuffled.T, relevant, 5) < 0.3  # chance stays chance


@points(5, "Image->image recall@5 (a new photo of each held-out product against the catalogue "
        "photos) must be at least 0.95 with the zoo CLIP (the reference gets 0.995).",
        task="recall", timeout=60)
def test_image_to_image_recall_held_out(clip, held_out):
    products, images, photos = held_out
    items = embed_images(clip, images)
    queries = embed_images(clip, photos)
    relevant = same_look(products, products)
    assert recall_at_k(queries @ items.T, relevant, 5) >= 0.95
    assert recall_at_k(queries @ items.T, relevant, 1) >= 0.75
