"""Running a Hugging Face causal LM through its KV cache, and rolling the cache back.

A ``DynamicCache`` holds the keys and values of every position the model has already seen. The
model reads the cache's length to place new tokens (GPT-2 picks its learned position embeddings
from it, Llama its rotary positions), so after a rejection the cache must be cut back to exactly
the positions that survive: a cache that still remembers rejected draft tokens puts every later
token at the wrong position, attending to text that was never emitted.
"""

from __future__ import annotations

import torch
from transformers import DynamicCache, PreTrainedModel


def new_cache(model: PreTrainedModel) -> DynamicCache:
    """An empty KV cache laid out for ``model``."""
    return DynamicCache(config=model.config)


@torch.no_grad()
def extend(model: PreTrainedModel, ids: torch.Tensor, cache: DynamicCache) -> torch.Tensor:
    """Feed the tokens of ``ids`` that ``cache`` has not seen yet; return their logits.

    ``ids`` is the whole sequence so far, ``(1, T)`` int64; the cache holds its first
    ``cache.get_seq_length()`` positions (< T). Returns float32 logits ``(n_new, vocab)``, one row
    per fed position, and leaves the cache holding all T positions.
    """
    # BEGIN SOLUTION
    seen = cache.get_seq_length()
    if seen >= ids.size(1):
        raise ValueError(f"the cache already holds {seen} positions of a {ids.size(1)}-token sequence: "
                         "crop it first (crop_cache) so at least one token is new")
    out = model(ids[:, seen:], past_key_values=cache, use_cache=True)
    return out.logits[0].float()
    # END SOLUTION


def crop_cache(cache: DynamicCache, length: int) -> None:
    """Keep only the first ``length`` positions of ``cache`` (in place); shorter caches are left alone."""
    # BEGIN SOLUTION
    excess = cache.get_seq_length() - length
    if excess > 0:
        cache.crop(-excess)  # transformers 5: a negative argument removes that many positions
    # END SOLUTION
