"""Q8_0, llama.cpp's 8-bit block format, by hand in numpy.

A row is cut into blocks of 32 values. Each block stores one float16 scale ``d = max|x| / 127``
followed by 32 int8 values ``q = round(x / d)`` (rounding half away from zero, like C's
``roundf``): 34 bytes for 32 weights, 8.5 bits per weight. Dequantising is ``x ~ d * q``.
"""

from __future__ import annotations

import numpy as np

QK8_0 = 32  # values per block
BLOCK_BYTES = 2 + QK8_0  # float16 scale + 32 int8


def round_half_away(x: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, halves away from zero (C's ``roundf``; numpy rounds to even)."""
    # floor(|x| + 0.5) can round up in float32 just below a half; splitting off the integer
    # part first is exact.
    a = np.abs(x)
    whole = np.floor(a)
    return np.sign(x) * (whole + np.floor(2 * (a - whole)))


def quantize_q8_0(x: np.ndarray) -> np.ndarray:
    """Quantise float weights ``(..., n)`` (``n`` a multiple of 32) to Q8_0 bytes.

    Returns uint8 ``(..., n // 32 * 34)``: per block, the float16 scale's 2 little-endian bytes then
    the 32 int8 values as bytes. Must match llama.cpp's ``quantize_row_q8_0_ref`` bit for bit:
    compute in float32, ``d = max|x| / 127``, ``q = round_half_away(x * (1 / d))`` (0 where d == 0),
    and store ``d`` as float16.
    """
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 0 or x.shape[-1] % QK8_0:
        raise ValueError(f"Q8_0 needs rows whose length is a multiple of {QK8_0}, got shape "
                         f"{x.shape}; keep such tensors in F16/F32 instead")
    # BEGIN SOLUTION
    blocks = x.reshape(-1, QK8_0)
    d = np.abs(blocks).max(axis=1, keepdims=True) / np.float32(127)
    with np.errstate(divide="ignore"):
        inv = np.where(d == 0, np.float32(0), np.float32(1) / d)
    q = round_half_away(blocks * inv).astype(np.int8)
    out = np.concatenate([d.astype(np.float16).view(np.uint8), q.view(np.uint8)], axis=1)
    return out.reshape(*x.shape[:-1], x.shape[-1] // QK8_0 * BLOCK_BYTES)
    # END SOLUTION


def dequantize_q8_0(data: np.ndarray) -> np.ndarray:
    """Q8_0 bytes ``(..., m * 34)`` back to float32 ``(..., m * 32)``: each value is ``d * q``."""
    data = np.asarray(data, dtype=np.uint8)
    if data.shape[-1] % BLOCK_BYTES:
        raise ValueError(f"Q8_0 rows are whole 34-byte blocks; got {data.shape[-1]} bytes per row")
    # BEGIN SOLUTION
    blocks = data.reshape(-1, BLOCK_BYTES)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    q = blocks[:, 2:].copy().view(np.int8).astype(np.float32)
    return (d * q).reshape(*data.shape[:-1], data.shape[-1] // BLOCK_BYTES * QK8_0)
    # END SOLUTION
