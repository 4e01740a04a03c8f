import torch
from lab09_multimodal_product_search.catalogue import held_out_products, product_images
from lab09_multimodal_product_search.embeddings import embed_images, embed_texts, l2_normalize


def test_l2_normalize():
    y = l2_normalize(torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
    assert torch.allclose(y, torch.tensor([[0.6, 0.8], [0.0, 0.0]]))


def test_embeddings_are_unit_rows(clip):
    products = held_out_products(8)
    text = embed_texts(clip, [p.caption for p in products])
    images = embed_images(clip, product_images(products))
    assert text.shape == images.shape == (8, 128)
    assert text.dtype == images.dtype == torch.float32
    assert torch.allclose(text.norm(dim=1), torch.ones(8), atol=1e-5)
    assert torch.allclose(images.norm(dim=1), torch.ones(8), atol=1e-5)
    # a caption is closer to its own product's photo than the average photo is
    assert (text * images).sum(1).mean() > (text @ images.T).mean() + 0.2
