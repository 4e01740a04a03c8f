"""The training text, its train/validation split, and random batches of it.

By default the text is the course's generated stories (offline, the same for the same seed);
``--data PATH`` trains on any UTF-8 text file instead.
"""

from __future__ import annotations

from pathlib import Path

import torch
from llmlab.corpora import stories_text
from llmlab.textfile import read_text_file


def load_text(data: str | Path | None = None, n_stories: int = 2000, seed: int = 0) -> str:
    """The text at ``data``, or ``n_stories`` course stories generated from ``seed``."""
    if data is None:
        if n_stories < 1:
            raise ValueError(f"n_stories must be >= 1, got {n_stories}")
        return stories_text(n_stories, seed)
    return read_text_file(data)


def split_ids(ids: torch.Tensor, val_fraction: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """First ``1 - val_fraction`` of the token ids for training, the rest for validation.

    A contiguous split (not a shuffle) keeps validation text unseen, not just unseen windows.
    """
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    n_train = int(len(ids) * (1.0 - val_fraction))
    return ids[:n_train], ids[n_train:]


def get_batch(
    data: torch.Tensor, block_size: int, batch_size: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows of ``data`` (1-D int64 ids): inputs x and next-token targets y, (B, T) each.

    ``y[b, t] = x[b, t + 1]`` in the text: the target at each position is the token after it.
    Offsets come from ``generator`` (a CPU ``torch.Generator``), so saving its state makes the
    batch sequence resumable.
    """
    if len(data) <= block_size:
        raise ValueError(
            f"the split has {len(data)} tokens but a batch needs block_size + 1 = "
            f"{block_size + 1}: use more text (--n-stories or a longer --data file) or a smaller "
            "--block-size"
        )
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[i : i + block_size] for i in starts.tolist()])
    y = torch.stack([data[i + 1 : i + 1 + block_size] for i in starts.tolist()])
    return x, y
