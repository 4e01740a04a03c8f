"""Character-level text: the course stories as token ids, split and batched.

Characters keep the lab about positions: the vocabulary is tiny, and a context of 64 tokens
spans about a sentence, so knowing where things are matters.
"""

from __future__ import annotations

import torch
from llmlab.corpora import stories_text


def load_ids(n_stories: int = 2000, seed: int = 0,
             val_fraction: float = 0.1) -> tuple[torch.Tensor, torch.Tensor, list[str]]:
    """Train ids, validation ids (1-D int64) and the vocabulary of ``n_stories`` course stories.

    The split is contiguous: validation text is a block of stories the model never saw.
    """
    if n_stories < 1:
        raise ValueError(f"n_stories must be >= 1, got {n_stories}")
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    text = stories_text(n_stories, seed)
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}
    ids = torch.tensor([stoi[ch] for ch in text], dtype=torch.long)
    n_train = int(len(ids) * (1.0 - val_fraction))
    return ids[:n_train], ids[n_train:], chars


def get_batch(data: torch.Tensor, length: int, batch_size: int,
              generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows of ``data``: inputs and next-token targets, (batch_size, length) each.

    Offsets come only from ``generator``, so two runs seeded alike see the same batches
    whatever model they train.
    """
    if len(data) <= length:
        raise ValueError(f"the split has {len(data)} tokens but a window needs {length + 1}: "
                         "use more stories (--n-stories) or a shorter --train-len")
    starts = torch.randint(len(data) - length, (batch_size,), generator=generator).tolist()
    x = torch.stack([data[i : i + length] for i in starts])
    y = torch.stack([data[i + 1 : i + 1 + length] for i in starts])
    return x, y
