"""What quantisation cost: perplexity on held-out text and the bytes a model takes to store."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn


@torch.no_grad()
def perplexity(model: nn.Module, ids: torch.Tensor, seq_len: int = 128, batch_size: int = 8) -> float:
    """``exp`` of the mean next-token cross-entropy of ``model`` over the 1-D int64 stream ``ids``.

    The stream is cut into consecutive, non-overlapping windows of ``seq_len`` tokens (the last
    one shorter if needed; a final window of a single token predicts nothing and is dropped);
    each window predicts its tokens 2..L from the ones before, so every window contributes
    ``L - 1`` predictions and the mean is over all predictions. ``model(x).logits`` is
    ``(batch, L, vocab)``.
    """
    if ids.dim() != 1 or ids.numel() < 2:
        raise ValueError(f"ids must be a 1-D stream of at least 2 tokens, got shape {tuple(ids.shape)}")
    # BEGIN SOLUTION
    windows = [ids[start:start + seq_len] for start in range(0, ids.numel(), seq_len)]
    windows = [w for w in windows if w.numel() >= 2]
    total, count = 0.0, 0
    for start in range(0, len(windows), batch_size):
        group = windows[start:start + batch_size]
        # Windows of one batch share a length; the short final window gets a batch of its own.
        for length in sorted({w.numel() for w in group}):
            batch = torch.stack([w for w in group if w.numel() == length])
            logits = model(batch).logits.float()
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]),
                                   batch[:, 1:].reshape(-1), reduction="sum")
            total += loss.item()
            count += batch.shape[0] * (length - 1)
    return math.exp(total / count)
    # END SOLUTION


def model_size_bytes(model: nn.Module, float_bytes: int | None = None) -> int:
    """Bytes of every parameter and buffer of ``model``, each tensor counted once (tied weights
    are shared). ``float_bytes=2`` counts float32 tensors as if saved in float16, the usual
    size of a checkpoint; integer tensors and float16 tensors keep their own size.
    """
    seen: set[int] = set()
    total = 0
    for tensor in [*model.parameters(), *model.buffers()]:
        if tensor.data_ptr() in seen:
            continue
        seen.add(tensor.data_ptr())
        size = tensor.element_size()
        if float_bytes is not None and tensor.dtype == torch.float32:
            size = float_bytes
        total += tensor.numel() * size
    return total
