"""Eight 4-bit codes in one int32: the storage format that makes a 4-bit model 4x smaller than fp16.

Code ``k`` of each run of eight along the last dimension sits in bits ``4k .. 4k + 3``, least
significant first (the layout GPTQ kernels use). A code in the top nibble may set the sign bit,
so the int32 can be negative: unpacking must shift and mask, not divide.
"""

from __future__ import annotations

import torch

PER_INT32 = 8  # 4-bit codes per 32-bit word


def pack_int4(codes: torch.Tensor) -> torch.Tensor:
    """Pack ``codes`` ``(rows, cols)`` (any integer dtype, values 0..15) into int32
    ``(rows, ceil(cols / 8))``, zero-padding the last word. Raises ValueError for a code
    outside 0..15.
    """
    if codes.dim() != 2:
        raise ValueError(f"pack_int4 expects a 2-D (rows, cols) tensor, got shape {tuple(codes.shape)}")
    if codes.numel() and (codes.min() < 0 or codes.max() > 15):
        raise ValueError("4-bit codes must lie in 0..15; quantise with bits=4 before packing")
    # BEGIN SOLUTION
    rows, cols = codes.shape
    words = -(-cols // PER_INT32)
    padded = torch.zeros(rows, words * PER_INT32, dtype=torch.int64)
    padded[:, :cols] = codes.to(torch.int64)
    shifts = torch.arange(PER_INT32, dtype=torch.int64) * 4
    packed = (padded.view(rows, words, PER_INT32) << shifts).sum(dim=2)
    # Reinterpret the unsigned 32-bit value as a signed int32 (two's complement).
    packed = torch.where(packed >= 2**31, packed - 2**32, packed)
    return packed.to(torch.int32)
    # END SOLUTION


def unpack_int4(packed: torch.Tensor, cols: int) -> torch.Tensor:
    """The inverse of ``pack_int4``: uint8 codes ``(rows, cols)`` from int32 ``(rows, words)``."""
    if packed.dtype != torch.int32:
        raise ValueError(f"unpack_int4 expects int32 words, got {packed.dtype}")
    if cols > packed.shape[-1] * PER_INT32:
        raise ValueError(f"{packed.shape[-1]} words hold at most {packed.shape[-1] * PER_INT32} "
                         f"codes, not {cols}")
    # BEGIN SOLUTION
    shifts = torch.arange(PER_INT32, dtype=torch.int32) * 4
    nibbles = (packed.unsqueeze(-1) >> shifts) & 0xF
    return nibbles.reshape(packed.shape[0], -1)[:, :cols].to(torch.uint8)
    # END SOLUTION
