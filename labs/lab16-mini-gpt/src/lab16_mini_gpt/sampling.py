"""Turning next-token logits into a token: temperature, top-k and top-p (nucleus) sampling.

All randomness comes from an optional ``torch.Generator``, so the same seed gives the same text.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def filter_logits(
    logits: torch.Tensor, top_k: int | None = None, top_p: float | None = None
) -> torch.Tensor:
    """Copy of ``logits`` (..., V) with ``-inf`` outside the kept tokens.

    ``top_k`` keeps the k largest logits (exactly k, ties broken by index). ``top_p`` then keeps
    the smallest set of most likely tokens whose probability reaches ``top_p`` (at least one).
    ``None`` switches a filter off.
    """
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be >= 1 (or None to switch it off), got {top_k}")
    if top_p is not None and not 0.0 < top_p <= 1.0:
        raise ValueError(f"top_p must be in (0, 1] (or None to switch it off), got {top_p}")
    # BEGIN SOLUTION
    logits = logits.clone()
    if top_k is not None and top_k < logits.size(-1):
        _, keep = torch.topk(logits, top_k, dim=-1)
        kept = torch.zeros_like(logits, dtype=torch.bool).scatter(-1, keep, True)
        logits = logits.masked_fill(~kept, float("-inf"))
    if top_p is not None and top_p < 1.0:
        sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
        probs = F.softmax(sorted_logits, dim=-1)
        # drop a token when the more likely ones before it already reach top_p; the first token
        # has nothing before it, so at least one always survives
        before = probs.cumsum(dim=-1) - probs
        drop_sorted = before >= top_p
        drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
        logits = logits.masked_fill(drop, float("-inf"))
    return logits
    # END SOLUTION


def sample_next(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """One token id per row of ``logits`` (B, V): int64 tensor of shape (B, 1).

    Logits are divided by ``temperature`` (0 means greedy: the argmax, no randomness), filtered
    with :func:`filter_logits`, and sampled from with ``torch.multinomial(..., generator=...)``.
    """
    if logits.dim() != 2:
        raise ValueError(f"logits must be (batch, vocab), got shape {tuple(logits.shape)}")
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0 (0 = greedy), got {temperature}")
    # BEGIN SOLUTION
    if temperature == 0:
        return logits.argmax(dim=-1, keepdim=True)
    logits = filter_logits(logits / temperature, top_k=top_k, top_p=top_p)
    probs = F.softmax(logits, dim=-1)
    return torch.multinomial(probs, num_samples=1, generator=generator)
    # END SOLUTION
