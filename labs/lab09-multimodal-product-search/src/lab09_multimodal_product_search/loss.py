"""The symmetric contrastive (InfoNCE) loss CLIP is trained with."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def clip_loss(image_embeds: torch.Tensor, text_embeds: torch.Tensor,
              logit_scale: float | torch.Tensor) -> torch.Tensor:
    """Symmetric InfoNCE over a batch of B matching (image, text) pairs.

    ``image_embeds`` and ``text_embeds`` are float (B, D), L2-normalised, row i of one matching
    row i of the other; ``logit_scale`` multiplies the cosine similarities (CLIP's
    ``model.logit_scale.exp()``). Returns a 0-dim tensor: the mean of the image->text and the
    text->image cross-entropies, where each row's correct class is its own index.
    """
    if image_embeds.shape != text_embeds.shape or image_embeds.dim() != 2:
        raise ValueError(f"image and text embeddings must both be (B, D), got "
                         f"{tuple(image_embeds.shape)} and {tuple(text_embeds.shape)}")
    # BEGIN SOLUTION
    logits = logit_scale * image_embeds @ text_embeds.T  # (B, B): image i against text j
    targets = torch.arange(len(logits), device=logits.device)
    return (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2
    # END SOLUTION
