"""Turning logits into a distribution and a token, the same way for the draft and the target.

Speculative sampling reproduces the target's distribution *after* temperature: the draft must use
the same temperature, or its probabilities ``q`` would not describe what it actually proposes.
"""

from __future__ import annotations

import torch


def probs_from_logits(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Softmax of ``logits / temperature`` over the last dimension, as float32.

    ``logits`` is ``(..., vocab)`` of any float dtype; ``temperature`` must be > 0 (0 means greedy,
    which never needs probabilities).
    """
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0 to define probabilities, got {temperature}; "
                         "temperature 0 is greedy decoding, which uses argmax")
    return torch.softmax(logits.float() / temperature, dim=-1)  # SOLUTION


def sample_token(logits: torch.Tensor, temperature: float,
                 generator: torch.Generator | None = None) -> int:
    """One token id from ``(vocab,)`` logits: the argmax at temperature 0, else a draw from
    ``probs_from_logits(logits, temperature)`` with ``generator``."""
    # BEGIN SOLUTION
    if temperature == 0:
        return int(logits.argmax())
    probs = probs_from_logits(logits, temperature)
    return int(torch.multinomial(probs, 1, generator=generator))
    # END SOLUTION
