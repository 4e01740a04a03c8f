import math

import torch
import torch.nn.functional as F
from lab09_multimodal_product_search.loss import clip_loss
from llmlab_grading import points


def _pairs(seed: int, b: int = 8, d: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    image = F.normalize(torch.randn(b, d, generator=g), dim=-1)
    text = F.normalize(image + 0.8 * torch.randn(b, d, generator=g), dim=-1)
    return image, text


def _directions(image, text, scale):
    logits = scale * image @ text.T
    targets = torch.arange(len(image))
    return F.cross_entropy(logits, targets).item(), F.cross_entropy(logits.T, targets).item()


@points(8, "clip_loss differs from the reference symmetric InfoNCE: logits = logit_scale * "
        "image @ text.T, cross-entropy with targets arange(B) over rows (image->text) and over "
        "columns (text->image), averaged.", task="loss", timeout=60)
def test_loss_matches_reference_value():
    image, text = _pairs(0)
    loss = clip_loss(image, text, 10.0)
    assert loss.dim() == 0
    assert math.isclose(loss.item(), sum(_directions(image, text, 10.0)) / 2, abs_tol=1e-5)
    # the same batch with a larger temperature multiplier: the scale goes inside the softmax
    assert math.isclose(clip_loss(image, text, torch.tensor(30.0)).item(),
                        sum(_directions(image, text, 30.0)) / 2, abs_tol=1e-5)


@points(6, "clip_loss must average BOTH directions (image->text rows and text->image columns), "
        "not use only one; and a perfectly matched batch at a high scale must give a loss near 0.",
        task="loss", timeout=60)
def test_loss_is_symmetric():
    image, text = _pairs(3, b=6, d=8)
    text = text.clone()
    text[1] = image[0]  # text 1 now also matches image 0: the two directions disagree
    i2t, t2i = _directions(image, text, 20.0)
    assert abs(i2t - t2i) > 0.1
    assert math.isclose(clip_loss(image, text, 20.0).item(), (i2t + t2i) / 2, abs_tol=1e-5)
    eye = torch.eye(5)
    assert clip_loss(eye, eye, 100.0).item() < 1e-6
    assert math.isclose(clip_loss(eye, eye, 0.0).item(), math.log(5), abs_tol=1e-6)


@points(6, "clip_loss on the zoo CLIP's own embeddings and logit_scale.exp() must equal the loss "
        "CLIPModel computes with return_loss=True, and gradients must flow through it.",
        task="loss", timeout=60)
def test_loss_matches_hf_clip(clip, held_out):
    products, images, _ = held_out
    batch = clip.tokenizer([p.caption for p in products[:16]], padding=True, return_tensors="pt")
    pixels = clip.processor(images=images[:16], return_tensors="pt")["pixel_values"]
    out = clip.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                     pixel_values=pixels, return_loss=True)
    loss = clip_loss(out.image_embeds, out.text_embeds, clip.model.logit_scale.exp())
    assert math.isclose(loss.item(), out.loss.item(), rel_tol=1e-4, abs_tol=1e-5)
    image = out.image_embeds.detach().requires_grad_(True)
    clip_loss(image, out.text_embeds.detach(), 10.0).backward()
    assert image.grad is not None and image.grad.abs().sum().item() > 0
