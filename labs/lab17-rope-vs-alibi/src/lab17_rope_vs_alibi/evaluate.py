"""Perplexity at several context lengths, on exactly the same target tokens.

For every length L the first n tokens of the data are cut into n / L non-overlapping windows;
each window is one forward pass starting at position 0, and every token in it is scored.
``n`` is a multiple of the longest length, so each length scores the same n targets: the
only difference between the numbers is how much context (and how many positions the model
never saw in training) each prediction had.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F


def scored_tokens(n_data: int, lengths: Sequence[int], max_tokens: int | None = None) -> int:
    """How many targets :func:`evaluate_lengths` scores: the largest multiple of ``max(lengths)``
    that fits in ``n_data - 1`` tokens (one is kept for the last target) and in ``max_tokens``."""
    if not lengths or min(lengths) < 1:
        raise ValueError(f"lengths must be a non-empty list of positive ints, got {list(lengths)}")
    budget = n_data - 1 if max_tokens is None else min(n_data - 1, max_tokens)
    longest = max(lengths)
    n = budget // longest * longest
    if n == 0:
        raise ValueError(f"{n_data} tokens (max_tokens={max_tokens}) do not fill one window of "
                         f"{longest} plus a target: give more data or shorter lengths")
    return n


@torch.no_grad()
def evaluate_lengths(model: nn.Module, data: torch.Tensor, lengths: Sequence[int],
                     max_tokens: int | None = None, batch_size: int = 16) -> dict[int, float]:
    """Perplexity ``exp(mean cross-entropy)`` of ``model`` on ``data`` at each context length.

    ``model(x)`` takes (B, L) int64 ids and returns ``(logits, loss)`` with (B, L, V) logits.
    ``data`` is 1-D int64 ids. With ``n = scored_tokens(len(data), lengths, max_tokens)``,
    length L feeds the windows ``data[:n].view(-1, L)`` (``batch_size`` windows a call) with
    targets ``data[1:n + 1].view(-1, L)``, and averages the cross-entropy over all n targets.
    The model runs in eval mode; its train/eval mode is restored afterwards.
    Returns ``{L: perplexity}`` for every L in ``lengths``, in order.
    """
    if data.dim() != 1:
        raise ValueError(f"data must be 1-D token ids, got shape {tuple(data.shape)}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    n = scored_tokens(len(data), lengths, max_tokens)
    # BEGIN SOLUTION
    device = next(model.parameters(), data).device  # a model without parameters runs on data's
    was_training = model.training
    model.eval()
    result: dict[int, float] = {}
    for length in lengths:
        inputs, targets = data[:n].view(-1, length), data[1 : n + 1].view(-1, length)
        total = 0.0  # summed in float64 so 100k tokens lose nothing to rounding
        for start in range(0, len(inputs), batch_size):
            x = inputs[start : start + batch_size].to(device)
            y = targets[start : start + batch_size].to(device)
            logits, _ = model(x)
            total += F.cross_entropy(logits.flatten(0, 1).float(), y.flatten(), reduction="sum").item()
        result[int(length)] = math.exp(total / n)
    model.train(was_training)
    return result
    # END SOLUTION
