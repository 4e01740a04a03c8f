import torch
from lab09_multimodal_product_search.embeddings import embed_images, embed_texts, l2_normalize
from llmlab_grading import points


@points(5, "l2_normalize must divide each row by its L2 norm (unit rows, same direction, same "
        "shape and dtype) and leave an all-zero row finite (clamp the norm at eps).",
        task="embedding", timeout=60)
def test_l2_normalize():
    x = torch.tensor([[3.0, 4.0], [0.0, -2.0], [0.0, 0.0]])
    y = l2_normalize(x)
    assert y.shape == x.shape and y.dtype == x.dtype
    assert torch.allclose(y[:2], torch.tensor([[0.6, 0.8], [0.0, -1.0]]), atol=1e-6)
    assert torch.isfinite(y).all() and y[2].abs().sum() == 0
    big = torch.randn(7, 33, generator=torch.Generator().manual_seed(0)) * 50
    assert torch.allclose(l2_normalize(big).norm(dim=1), torch.ones(7), atol=1e-5)


@points(7, "embed_texts must return float32 (N, 128) unit rows equal to the CLIP text features "
        "(get_text_features(...).pooler_output, L2-normalised), the same for any batch_size.",
        task="embedding", timeout=60)
def test_embed_texts(clip, held_out):
    texts = [p.caption for p in held_out[0][:10]] + ["a red ball"]
    emb = embed_texts(clip, texts)
    assert emb.shape == (11, 128) and emb.dtype == torch.float32
    assert torch.allclose(emb.norm(dim=1), torch.ones(11), atol=1e-5)
    batch = clip.tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        want = clip.model.get_text_features(input_ids=batch["input_ids"],
                                               attention_mask=batch["attention_mask"]).pooler_output
    want = want / want.norm(dim=1, keepdim=True)
    assert torch.allclose(emb, want, atol=1e-5)
    assert torch.allclose(embed_texts(clip, texts, batch_size=3), emb, atol=1e-5)


@points(8, "embed_images must return float32 (N, 128) unit rows equal to the CLIP image features "
        "(processor pixel_values -> get_image_features(...).pooler_output, L2-normalised), in "
        "input order and the same for any batch_size.", task="embedding", timeout=60)
def test_embed_images(clip, held_out):
    images = held_out[1][:9]
    emb = embed_images(clip, images)
    assert emb.shape == (9, 128) and emb.dtype == torch.float32
    assert torch.allclose(emb.norm(dim=1), torch.ones(9), atol=1e-5)
    pixels = clip.processor(images=images, return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        want = clip.model.get_image_features(pixel_values=pixels).pooler_output
    want = want / want.norm(dim=1, keepdim=True)
    assert torch.allclose(emb, want, atol=1e-5)
    assert torch.allclose(embed_images(clip, images, batch_size=4), emb, atol=1e-5)
    assert torch.allclose(embed_images(clip, images[::-1]), emb.flip(0), atol=1e-5)
