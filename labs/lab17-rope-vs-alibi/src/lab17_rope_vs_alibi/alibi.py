"""Attention with Linear Biases (ALiBi; Press, Smith & Lewis 2022, "Train Short, Test Long").

ALiBi adds nothing to the embeddings either. Each head h subtracts a penalty proportional to
the distance from the query to the key, ``slope_h * (i - j)``, from the attention score: near
keys are preferred, and a head with a large slope looks only at its neighbourhood. Nothing is
learned, and nothing changes when the sequence is longer than in training, which is why
ALiBi was proposed to extrapolate.

Slopes form a geometric sequence. For n heads, n a power of 2, they are ``r, r^2, ..., r^n``
with ``r = 2 ** (-8 / n)`` (8 heads: 1/2, 1/4, ..., 1/256). Otherwise the paper takes the
slopes of the closest power of 2 below n, then adds every other slope of the next power of 2
until there are n.
"""

from __future__ import annotations

import math

import torch


def alibi_slopes(n_heads: int) -> torch.Tensor:
    """The (n_heads,) float32 ALiBi slopes, in the paper's order.

    ``n_heads`` a power of 2: ``2 ** (-8 * k / n_heads)`` for k = 1 .. n_heads. Otherwise, with
    p the largest power of 2 below ``n_heads``: the p slopes for p heads, followed by the first
    ``n_heads - p`` of the slopes for 2p heads taken at even indices (0, 2, 4, ...).
    """
    if n_heads < 1:
        raise ValueError(f"n_heads must be >= 1, got {n_heads}")
    # BEGIN SOLUTION
    closest = 2 ** math.floor(math.log2(n_heads))
    slopes = [2.0 ** (-8.0 * k / closest) for k in range(1, closest + 1)]
    if closest < n_heads:
        # between the slopes of `closest` heads lie every other slope of 2 * closest heads
        finer = [2.0 ** (-8.0 * k / (2 * closest)) for k in range(1, 2 * closest + 1)]
        slopes += finer[0::2][: n_heads - closest]
    return torch.tensor(slopes, dtype=torch.float32)
    # END SOLUTION


def alibi_bias(n_heads: int, t: int, device: torch.device | str | None = None) -> torch.Tensor:
    """The (n_heads, t, t) float32 bias added to attention scores: ``-slope[h] * (i - j)``.

    Row i is the query, column j the key. The diagonal is 0 and the bias falls linearly into
    the past. Entries above the diagonal (j > i) are never used (the causal mask removes
    them); this function fills them with the same formula.
    """
    if t < 1:
        raise ValueError(f"t must be >= 1, got {t}")
    # BEGIN SOLUTION
    positions = torch.arange(t, device=device)
    distance = (positions[:, None] - positions[None, :]).to(torch.float32)  # (t, t): i - j
    return -alibi_slopes(n_heads).to(device)[:, None, None] * distance
    # END SOLUTION
