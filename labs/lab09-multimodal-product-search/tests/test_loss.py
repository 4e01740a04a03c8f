import math

import torch
from lab09_multimodal_product_search.loss import clip_loss


def test_matched_batch_gives_low_loss():
    eye = torch.eye(4)
    assert clip_loss(eye, eye, 50.0).item() < 1e-6


def test_zero_scale_is_uniform():
    # with logit_scale 0 every pair scores the same: cross-entropy ln(B) in both directions
    emb = torch.nn.functional.normalize(torch.randn(6, 8, generator=torch.Generator().manual_seed(0)), dim=-1)
    assert math.isclose(clip_loss(emb, emb, 0.0).item(), math.log(6), abs_tol=1e-6)


def test_reference_value():
    image = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    text = torch.tensor([[0.6, 0.8], [0.0, 1.0]])
    # logits = 2 * image @ text.T = [[1.2, 0], [1.6, 2]]; rows are image->text, columns text->image
    i2t = (math.log(1 + math.exp(-1.2)) + math.log(1 + math.exp(-0.4))) / 2
    t2i = (math.log(1 + math.exp(0.4)) + math.log(1 + math.exp(-2.0))) / 2
    loss = clip_loss(image, text, 2.0).item()
    assert math.isclose(loss, (i2t + t2i) / 2, abs_tol=1e-5)
    assert math.isclose(loss, 0.454060, abs_tol=1e-5)


def test_shape_mismatch_is_an_error():
    try:
        clip_loss(torch.zeros(3, 4), torch.zeros(2, 4), 1.0)
    except ValueError as error:
        assert "(B, D)" in str(error)
    else:
        raise AssertionError("expected a ValueError")
