"""Asymmetric min-max quantisation with groups, and round-to-nearest (RTN), the baseline.

A weight row is cut into groups of ``group_size`` consecutive input columns; each group of each
row gets its own ``scale`` and integer ``zero``, so one outlier only coarsens its own group:

    code = clamp(round(w / scale) + zero, 0, 2**bits - 1)      w_hat = scale * (code - zero)
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class QuantResult:
    """A quantised ``(out, in)`` weight: its integer codes, their group parameters, and the
    dequantised weight those give.

    ``g_idx[j]`` is the group of input column j, so column j dequantises with
    ``scales[:, g_idx[j]]`` and ``zeros[:, g_idx[j]]``. Without act-order ``g_idx = j // group_size``.
    """

    weight: torch.Tensor  # (out, in) float32: the dequantised weight
    codes: torch.Tensor  # (out, in) uint8, each in [0, 2**bits - 1]
    scales: torch.Tensor  # (out, n_groups) float32
    zeros: torch.Tensor  # (out, n_groups) float32 holding integers in [0, 2**bits - 1]
    g_idx: torch.Tensor  # (in,) int64
    bits: int
    group_size: int  # the columns per group; in_features when the whole row is one group

    @property
    def n_groups(self) -> int:
        return self.scales.shape[1]


def check_bits(bits: int) -> int:
    """``2**bits - 1``, the largest code, after checking that ``bits`` fits in a uint8 code."""
    if not 1 <= bits <= 8:
        raise ValueError(f"bits must be between 1 and 8, got {bits}")
    return 2**bits - 1


def resolve_group_size(group_size: int | None, in_features: int) -> int:
    """The columns per group: ``in_features`` (one group per row) for None or -1."""
    if group_size is None or group_size == -1:
        return in_features
    if group_size <= 0:
        raise ValueError(f"group_size must be positive, -1 or None (whole rows), got {group_size}")
    return group_size


def minmax_params(w: torch.Tensor, bits: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Asymmetric min-max ``(scale, zero)`` for each row of ``w`` ``(rows, cols)``, both ``(rows,)``
    float32.

    The range always contains 0 (so an exact zero weight stays exact):
    ``lo = min(row.min(), 0)``, ``hi = max(row.max(), 0)``, ``scale = (hi - lo) / (2**bits - 1)``
    and ``zero = round(-lo / scale)``. A row that is all zeros gets ``scale = 1``, ``zero = 0``.
    """
    maxq = check_bits(bits)
    # BEGIN SOLUTION
    w = w.float()
    lo = w.min(dim=1).values.clamp(max=0)
    hi = w.max(dim=1).values.clamp(min=0)
    scale = (hi - lo) / maxq
    flat = scale == 0
    scale = torch.where(flat, torch.ones_like(scale), scale)
    zero = torch.round(-lo / scale).clamp(0, maxq)
    return scale, zero
    # END SOLUTION


def quantize(w: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor, bits: int) -> torch.Tensor:
    """Integer codes ``clamp(round(w / scale) + zero, 0, 2**bits - 1)`` as uint8.

    ``w`` is ``(rows, cols)`` or ``(rows,)``; ``scale`` and ``zero`` are ``(rows,)`` (one value
    per row, broadcast over the columns).
    """
    maxq = check_bits(bits)
    # BEGIN SOLUTION
    if w.dim() == 2:
        scale, zero = scale.unsqueeze(1), zero.unsqueeze(1)
    return torch.clamp(torch.round(w.float() / scale) + zero, 0, maxq).to(torch.uint8)
    # END SOLUTION


def dequantize(codes: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor) -> torch.Tensor:
    """``scale * (codes - zero)`` as float32, with ``(rows,)`` parameters as in ``quantize``."""
    # BEGIN SOLUTION
    if codes.dim() == 2:
        scale, zero = scale.unsqueeze(1), zero.unsqueeze(1)
    return scale * (codes.float() - zero)
    # END SOLUTION


def rtn_quantize(weight: torch.Tensor, bits: int = 4, group_size: int | None = 128) -> QuantResult:
    """Round-to-nearest: every group of ``group_size`` columns of ``weight`` ``(out, in)`` gets its
    own ``minmax_params`` and is rounded independently (no error compensation).

    ``group_size`` None or -1 uses one group per row. The last group may be shorter when
    ``in`` is not a multiple of ``group_size``.
    """
    weight = weight.detach().float()
    columns = weight.shape[1]
    group_size = resolve_group_size(group_size, columns)
    # BEGIN SOLUTION
    codes = torch.empty(weight.shape, dtype=torch.uint8)
    deq = torch.empty_like(weight)
    scales, zeros = [], []
    for start in range(0, columns, group_size):
        part = weight[:, start:start + group_size]
        scale, zero = minmax_params(part, bits)
        codes[:, start:start + group_size] = quantize(part, scale, zero, bits)
        deq[:, start:start + group_size] = dequantize(codes[:, start:start + group_size], scale, zero)
        scales.append(scale)
        zeros.append(zero)
    g_idx = torch.arange(columns) // group_size
    return QuantResult(deq, codes, torch.stack(scales, 1), torch.stack(zeros, 1), g_idx, bits,
                       group_size)
    # END SOLUTION
