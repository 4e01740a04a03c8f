"""The contrastive objective SetFit uses: make cosine similarity equal the pair's target."""

from __future__ import annotations

import torch


def cosine_similarity_loss(u: torch.Tensor, v: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error between ``cos(u[k], v[k])`` and ``target[k]``.

    ``u`` and ``v`` are float (B, dim) embeddings, ``target`` float (B,) with 1.0 for
    same-label pairs and 0.0 for different-label pairs. Returns a 0-dim tensor. Pulls
    same-sentiment headlines together and pushes different ones to orthogonal (not opposite:
    cosine 0 is the target, as in sentence-transformers' ``CosineSimilarityLoss``). Guard the
    norms so a zero vector gives no NaN (``torch.nn.functional.cosine_similarity`` does).
    """
    # BEGIN SOLUTION
    cosine = torch.nn.functional.cosine_similarity(u, v, dim=-1)
    return ((cosine - target.to(cosine.dtype)) ** 2).mean()
    # END SOLUTION
