"""Contrastive fine-tuning of the encoder on SetFit-style pairs, in a small torch loop.

sentence-transformers' own ``SentenceTransformerTrainer`` would do the same through the
``transformers.Trainer`` machinery; a dozen lines of torch show every step and run as fast on
two CPU cores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from llmlab.progress import progress
from sentence_transformers import SentenceTransformer

from lab10_finance_sentiment_embeddings.encoder import embed_batch
from lab10_finance_sentiment_embeddings.losses import cosine_similarity_loss
from lab10_finance_sentiment_embeddings.pairs import sample_pairs


def train_step(model: SentenceTransformer, optimizer: torch.optim.Optimizer,
               anchors: list[str], partners: list[str], targets: torch.Tensor) -> float:
    """One optimiser step on a batch of pairs; returns the batch loss as a float.

    Embed ``anchors`` and ``partners`` with ``embed_batch`` (B texts each), take
    ``cosine_similarity_loss`` against ``targets`` (float (B,)), zero the gradients,
    backpropagate and step ``optimizer``. The model is in train mode (dropout on).
    """
    # BEGIN SOLUTION
    loss = cosine_similarity_loss(embed_batch(model, anchors), embed_batch(model, partners), targets)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss.item()
    # END SOLUTION


def finetune(model: SentenceTransformer, texts: Sequence[str], labels: Sequence[int], *,
             pairs_per_example: int = 2, epochs: int = 1, batch_size: int = 32, lr: float = 1e-4,
             max_steps: int | None = None, seed: int = 0) -> list[float]:
    """Fine-tune ``model`` in place on pairs sampled from ``(texts, labels)``; the loss per step.

    The learning rate warms up linearly over the first 10% of steps, then decays linearly to 0
    (SetFit's schedule). ``max_steps`` stops early (for quick tests).
    """
    torch.manual_seed(seed)  # dropout masks repeat from run to run
    pairs = sample_pairs(labels, pairs_per_example, seed=seed)
    steps_per_epoch = math.ceil(len(pairs) / batch_size)
    total = epochs * steps_per_epoch if max_steps is None else min(max_steps, epochs * steps_per_epoch)
    warmup = max(1, total // 10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    model.train()
    losses: list[float] = []
    for step in progress(range(total), total=total, desc="fine-tune"):
        start = (step % steps_per_epoch) * batch_size
        batch = pairs[start:start + batch_size]
        targets = torch.tensor([t for _, _, t in batch], dtype=torch.float32)
        losses.append(train_step(model, optimizer, [texts[i] for i, _, _ in batch],
                                 [texts[j] for _, j, _ in batch], targets))
        schedule.step()
    model.eval()
    return losses
