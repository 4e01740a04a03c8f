"""Rotary position embeddings (RoPE; Su et al. 2021, "RoFormer").

RoPE encodes position by rotating queries and keys, not by adding anything to the token
embeddings. A head vector of size d is read as d/2 pairs ``(x[2i], x[2i+1])``; at position m,
pair i is rotated by the angle ``m * theta_i`` with ``theta_i = base ** (-2i / d)``. Rotations
keep lengths, and the product of two rotated vectors depends only on the angle between them:

    <R(m) q, R(n) k> = <q, R(n - m) k>

so attention scores see the *distance* n - m and never the absolute positions.
"""

from __future__ import annotations

import torch


def rope_frequencies(head_dim: int, base: float = 10000.0) -> torch.Tensor:
    """The (head_dim // 2,) float32 rotation speeds ``theta_i = base ** (-2i / head_dim)``.

    Pair 0 turns one radian per position; the last pair turns slowest.
    """
    if head_dim < 2 or head_dim % 2:
        raise ValueError(f"head_dim must be even and >= 2 (RoPE rotates pairs), got {head_dim}")
    if base <= 1:
        raise ValueError(f"base must be > 1, got {base}")
    # BEGIN SOLUTION
    exponents = torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim  # 2i / d
    return (base ** -exponents).to(torch.float32)
    # END SOLUTION


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotate each pair ``(x[..., 2i], x[..., 2i+1])`` of ``x`` by ``positions[t] * theta_i``.

    ``x`` is (..., T, head_dim) (e.g. (B, n_head, T, head_dim) queries or keys); ``positions``
    is a (T,) tensor of integer (or float) positions, one per row ``t``. Returns a tensor of
    ``x``'s shape and dtype:

        out[..., t, 2i]   = x[..., t, 2i] * cos(a) - x[..., t, 2i+1] * sin(a)
        out[..., t, 2i+1] = x[..., t, 2i] * sin(a) + x[..., t, 2i+1] * cos(a),  a = positions[t] * theta_i
    """
    if x.dim() < 2:
        raise ValueError(f"x must be (..., T, head_dim), got shape {tuple(x.shape)}")
    if positions.shape != (x.size(-2),):
        raise ValueError(f"positions must be ({x.size(-2)},), one per row of x, "
                         f"got shape {tuple(positions.shape)}")
    # BEGIN SOLUTION
    theta = rope_frequencies(x.size(-1), base).to(x.device)
    angles = positions.to(device=x.device, dtype=torch.float32)[:, None] * theta  # (T, d/2)
    cos, sin = angles.cos(), angles.sin()
    even, odd = x[..., 0::2].float(), x[..., 1::2].float()
    rotated = torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim=-1)
    return rotated.flatten(-2).to(x.dtype)  # (..., T, d/2, 2) -> pairs back side by side
    # END SOLUTION
