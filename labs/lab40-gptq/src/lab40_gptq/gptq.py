"""GPTQ (Frantar et al. 2022): quantise a weight one column at a time and push each column's
rounding error onto the columns not yet quantised, weighted by the inverse Hessian.

With ``U`` the upper Cholesky factor of ``H^-1`` (``H^-1 = U^T U``), quantising column j with
error ``e = (w_j - q_j) / U[j, j]`` is compensated by ``W[:, j+1:] -= e U[j, j+1:]``: the
optimal (OBS) update given the columns already fixed. Blocks make it fast: inside a block of
columns updates are applied at once to the block only, and the rest of the matrix receives the
block's accumulated errors in one matrix product at the end ("lazy batch" updates).
"""

from __future__ import annotations

import torch

from lab40_gptq.quantizer import (
    QuantResult,
    check_bits,
    dequantize,
    minmax_params,
    quantize,
    resolve_group_size,
)


def inverse_hessian_cholesky(hessian: torch.Tensor, damp: float = 0.01) -> torch.Tensor:
    """The upper-triangular ``U`` with ``U^T U = (H + lambda I)^-1``, ``lambda = damp * mean(diag H)``.

    ``hessian`` is ``(n, n)`` symmetric positive semi-definite; the dampening makes it definite.
    Returns float32 ``(n, n)``. Use ``torch.linalg.cholesky``, ``torch.cholesky_inverse`` and
    ``torch.linalg.cholesky(..., upper=True)``: no explicit ``torch.inverse``.
    """
    # BEGIN SOLUTION
    h = hessian.double()
    h = h + damp * torch.diag(h).mean() * torch.eye(h.shape[0], dtype=h.dtype)
    inverse = torch.cholesky_inverse(torch.linalg.cholesky(h))
    return torch.linalg.cholesky(inverse, upper=True).float()
    # END SOLUTION


def output_error(weight: torch.Tensor, quantized: torch.Tensor, hessian: torch.Tensor) -> float:
    """Relative layer output error ``tr(dW H dW^T) / tr(W H W^T)`` with ``dW = weight - quantized``.

    With ``H = 2 X^T X / n`` this is ``||X dW^T||^2 / ||X W^T||^2``: how much the layer's output
    on the calibration inputs moved, relative to its size. Returns a Python float.
    """
    # BEGIN SOLUTION
    weight, hessian = weight.detach().double(), hessian.detach().double()
    delta = weight - quantized.detach().double()
    return float(((delta @ hessian) * delta).sum() / ((weight @ hessian) * weight).sum())
    # END SOLUTION


def gptq_quantize(weight: torch.Tensor, hessian: torch.Tensor, bits: int = 4,
                  group_size: int | None = 128, damp: float = 0.01, block_size: int = 128,
                  act_order: bool = False) -> QuantResult:
    """Quantise ``weight`` ``(out, in)`` with GPTQ, given the layer Hessian ``(in, in)``.

    Steps: dead inputs (``H[j, j] == 0``) get ``H[j, j] = 1`` and zero weights; with
    ``act_order`` the columns are processed in order of decreasing ``diag(H)``; ``U =
    inverse_hessian_cholesky(H, damp)``; then column by column, in blocks of ``block_size``
    columns (rounded to a multiple of ``group_size`` so every group lies in one block):
    at the first column of each group, ``minmax_params`` of that group's current (already
    error-updated) columns; quantise the column; spread its error over the block's later
    columns; after the block, over all later columns. Groups are consecutive in processing
    order, so with act-order ``g_idx`` maps each original column to its group. Returns a
    ``QuantResult`` in the original column order.
    """
    check_bits(bits)  # fail early on an impossible bit width
    weight = weight.detach().float().clone()
    rows, columns = weight.shape
    group_size = resolve_group_size(group_size, columns)
    if hessian.shape != (columns, columns):
        raise ValueError(f"hessian has shape {tuple(hessian.shape)}, expected ({columns}, {columns})"
                         " for a weight with that many input columns")
    # BEGIN SOLUTION
    W = weight
    H = hessian.detach().float().clone()
    dead = torch.diag(H) == 0
    H[dead, dead] = 1
    W[:, dead] = 0
    perm = torch.argsort(torch.diag(H), descending=True) if act_order else torch.arange(columns)
    W, H = W[:, perm], H[perm][:, perm]
    U = inverse_hessian_cholesky(H, damp)

    block = group_size * max(1, block_size // group_size)
    codes = torch.zeros(rows, columns, dtype=torch.uint8)
    Q = torch.zeros_like(W)
    scales, zeros = [], []
    for i1 in range(0, columns, block):
        i2 = min(i1 + block, columns)
        W1 = W[:, i1:i2].clone()
        U1 = U[i1:i2, i1:i2]
        Err1 = torch.zeros_like(W1)
        for i in range(i2 - i1):
            if (i1 + i) % group_size == 0:
                scale, zero = minmax_params(W1[:, i:i + group_size], bits)
                scales.append(scale)
                zeros.append(zero)
            w = W1[:, i]
            code = quantize(w, scale, zero, bits)
            q = dequantize(code, scale, zero)
            codes[:, i1 + i], Q[:, i1 + i] = code, q
            err = (w - q) / U1[i, i]
            W1[:, i:] -= err.unsqueeze(1) @ U1[i, i:].unsqueeze(0)
            Err1[:, i] = err
        W[:, i2:] -= Err1 @ U[i1:i2, i2:]

    inverse = torch.argsort(perm)
    g_idx = (torch.arange(columns) // group_size)[inverse]
    return QuantResult(Q[:, inverse], codes[:, inverse], torch.stack(scales, 1),
                       torch.stack(zeros, 1), g_idx, bits, group_size)
    # END SOLUTION
