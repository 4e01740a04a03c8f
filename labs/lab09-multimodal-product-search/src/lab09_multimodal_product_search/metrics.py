"""Recall@k: how often a correct item is among the first k results."""

from __future__ import annotations

import torch


def recall_at_k(scores: torch.Tensor, relevant: torch.Tensor, k: int) -> float:
    """The fraction of queries with at least one relevant item among their ``k`` best results.

    ``scores`` float (Q, N): query q's similarity to item n (higher is better); ``relevant``
    bool (Q, N): whether item n is a correct answer to query q. Every query needs at least one
    relevant item. This is CLIP's retrieval "R@k".
    """
    if scores.shape != relevant.shape:
        raise ValueError(f"scores {tuple(scores.shape)} and relevant {tuple(relevant.shape)} "
                         "must have the same (queries, items) shape")
    if not 1 <= k <= scores.shape[1]:
        raise ValueError(f"k must be between 1 and the number of items ({scores.shape[1]}), got {k}")
    if not relevant.any(dim=1).all():
        raise ValueError("every query needs at least one relevant item")
    # BEGIN SOLUTION
    top = scores.topk(k, dim=1).indices  # (Q, k)
    hits = relevant.gather(1, top).any(dim=1)
    return hits.float().mean().item()
    # END SOLUTION
