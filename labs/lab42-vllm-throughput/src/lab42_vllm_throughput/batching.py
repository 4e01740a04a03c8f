"""Two ways to serve many prompts with a Hugging Face causal LM, both greedy and with a KV cache.

* naive: one request at a time (what a simple server does; the GPU idles on tiny batches);
* static batching: group ``batch_size`` prompts, left-pad them to one length, decode the group
  until its LAST sequence finishes, then start the next group.

Continuous batching (vLLM) refills a finished sequence's slot at once instead; see ``vllm_engine``.
Models are called as ``model(input_ids, attention_mask=..., position_ids=..., past_key_values=...,
use_cache=True)``; ``.logits`` is ``(B, T, vocab)`` and ``.past_key_values`` the updated cache.
"""

from __future__ import annotations

import torch


def left_pad(sequences: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Left-pad token id lists to the longest one.

    Returns ``input_ids`` and ``attention_mask``, both int64 of shape ``(B, L)`` with
    ``L = max(len(s))``: row i is ``[pad_id] * (L - len(s_i)) + s_i`` and its mask
    ``[0] * (L - len(s_i)) + [1] * len(s_i)``. Left padding keeps every row's last real token in
    the last column, where the next token is read. Raises ``ValueError`` for an empty list or an
    empty sequence.
    """
    # BEGIN SOLUTION
    if not sequences or any(len(s) == 0 for s in sequences):
        raise ValueError("left_pad needs at least one sequence, and no empty ones")
    width = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(sequences), width), dtype=torch.long)
    for row, seq in enumerate(sequences):
        ids[row, width - len(seq):] = torch.tensor(seq, dtype=torch.long)
        mask[row, width - len(seq):] = 1
    return ids, mask
    # END SOLUTION


@torch.no_grad()
def greedy_batch(model: torch.nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                 max_new_tokens: int, eos_token_id: int | None = None) -> list[list[int]]:
    """Greedy decoding of a left-padded batch through the KV cache; each row's new tokens.

    ``input_ids`` and ``attention_mask`` are ``(B, L)`` int64 from :func:`left_pad`.
    1. Positions count real tokens only: ``position_ids = (attention_mask.cumsum(-1) - 1)``
       clamped at 0, so a padded row's first real token is at position 0, as it would be alone.
    2. The first forward reads the whole prompt; each later one reads only the one token chosen
       per row (``(B, 1)``), with the cache, the mask grown by a column of ones and positions one
       past the row's last.
    3. The next token of a row is the argmax of its last logits row.
    4. A row that emits ``eos_token_id`` keeps it as its last token and is finished (it still
       rides along in the batch: that is static batching's waste); stop when every row is
       finished or after ``max_new_tokens`` steps.
    Returns B lists of ints, row i's tokens up to and including its first EOS.
    """
    # BEGIN SOLUTION
    batch = input_ids.shape[0]
    out: list[list[int]] = [[] for _ in range(batch)]
    finished = [False] * batch
    mask = attention_mask
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    tokens, cache = input_ids, None
    for _ in range(max_new_tokens):
        result = model(tokens, attention_mask=mask, position_ids=positions, past_key_values=cache,
                       use_cache=True)
        cache = result.past_key_values
        nxt = result.logits[:, -1, :].argmax(dim=-1)
        for row, token in enumerate(nxt.tolist()):
            if not finished[row]:
                out[row].append(token)
                finished[row] = token == eos_token_id
        if all(finished):
            break
        tokens = nxt.view(batch, 1)
        mask = torch.cat([mask, mask.new_ones(batch, 1)], dim=1)
        positions = positions[:, -1:] + 1
    return out
    # END SOLUTION


def naive_generate(model: torch.nn.Module, prompts: list[list[int]], max_new_tokens: int,
                   eos_token_id: int | None = None) -> list[list[int]]:
    """One request at a time: :func:`greedy_batch` on each prompt alone (a batch of one)."""
    # BEGIN SOLUTION
    outputs = []
    for prompt in prompts:
        ids = torch.tensor([prompt], dtype=torch.long)
        outputs += greedy_batch(model, ids, torch.ones_like(ids), max_new_tokens, eos_token_id)
    return outputs
    # END SOLUTION


def static_batch_generate(model: torch.nn.Module, prompts: list[list[int]], max_new_tokens: int,
                          batch_size: int, pad_id: int,
                          eos_token_id: int | None = None) -> list[list[int]]:
    """Static batching: consecutive groups of ``batch_size`` prompts (the last may be smaller),
    each :func:`left_pad`-ed and decoded with :func:`greedy_batch`. Outputs in prompt order;
    greedy, so they equal :func:`naive_generate`'s token for token."""
    # BEGIN SOLUTION
    outputs: list[list[int]] = []
    for first in range(0, len(prompts), batch_size):
        ids, mask = left_pad(prompts[first:first + batch_size], pad_id)
        outputs += greedy_batch(model, ids, mask, max_new_tokens, eos_token_id)
    return outputs
    # END SOLUTION


def static_batch_waste(prompt_lens: list[int], output_lens: list[int], batch_size: int) -> float:
    """The fraction of token slots a static batch computes for nothing.

    Each group of ``batch_size`` consecutive requests occupies a grid of
    ``rows * (max prompt length + max output length)`` slots (it runs until its longest reply
    ends); the useful ones are ``sum(prompt_len + output_len)`` over its rows. Return
    ``1 - useful / grid`` summed over all groups (left padding and the steps after a row's EOS
    are the waste; continuous batching wastes neither).
    """
    # BEGIN SOLUTION
    if len(prompt_lens) != len(output_lens) or not prompt_lens:
        raise ValueError("give one output length per prompt length, and at least one request")
    useful = grid = 0
    for first in range(0, len(prompt_lens), batch_size):
        p, o = prompt_lens[first:first + batch_size], output_lens[first:first + batch_size]
        grid += len(p) * (max(p) + max(o))
        useful += sum(p) + sum(o)
    return 1 - useful / grid
    # END SOLUTION

