"""Speculative decoding: a cheap draft proposes k tokens, the target verifies them in one pass.

One round, from a sequence of length L whose caches hold its first L - 1 positions:

1. the draft proposes k tokens autoregressively, one forward per token, through its own cache;
2. the target scores the sequence plus all k proposals in ONE forward pass, which gives the k + 1
   next-token distributions it would have produced one by one;
3. verification keeps the first n proposals and adds one token of the target's own (the
   correction at the first rejection, or a bonus token when all k are kept): n + 1 new tokens
   for one target forward, never fewer than one;
4. both caches are cropped to L + n positions, so each holds all but the last token of the new
   sequence, as at the start of the round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from transformers import DynamicCache, PreTrainedModel

from lab43_speculative_decoding.acceptance import accept_reject, greedy_accept
from lab43_speculative_decoding.cache import crop_cache, extend, new_cache
from lab43_speculative_decoding.sampling import probs_from_logits, sample_token


@dataclass
class SpecStats:
    """What one generation cost and gained.

    ``rounds`` counts target forward passes during decoding (one per round), ``proposed`` and
    ``accepted`` the draft tokens offered and kept, ``new_tokens`` the tokens emitted (after
    cutting at EOS and max_new_tokens).
    """

    rounds: int = 0
    proposed: int = 0
    accepted: int = 0
    new_tokens: int = 0
    accepted_per_round: list[int] = field(default_factory=list)

    def record(self, proposed: int, accepted: int, emitted: int) -> None:
        """Add one round: ``proposed`` draft tokens offered, ``accepted`` kept, ``emitted`` output."""
        # BEGIN SOLUTION
        self.rounds += 1
        self.proposed += proposed
        self.accepted += accepted
        self.new_tokens += emitted
        self.accepted_per_round.append(accepted)
        # END SOLUTION

    @property
    def acceptance_rate(self) -> float:
        """Accepted / proposed draft tokens; 0.0 when nothing was proposed."""
        return self.accepted / self.proposed if self.proposed else 0.0  # SOLUTION

    @property
    def mean_accepted(self) -> float:
        """Mean accepted draft tokens per round; 0.0 before the first round."""
        return self.accepted / self.rounds if self.rounds else 0.0  # SOLUTION

    @property
    def tokens_per_round(self) -> float:
        """Emitted tokens per target forward pass (plain decoding: exactly 1.0); 0.0 before any."""
        return self.new_tokens / self.rounds if self.rounds else 0.0  # SOLUTION

    def as_dict(self) -> dict[str, float]:
        """The counts and the three rates, for printing and JSON."""
        return {"rounds": self.rounds, "proposed": self.proposed, "accepted": self.accepted,
                "new_tokens": self.new_tokens, "acceptance_rate": self.acceptance_rate,
                "mean_accepted": self.mean_accepted, "tokens_per_round": self.tokens_per_round}


@dataclass
class GenerationOutput:
    """``sequences`` is ``(1, prompt + new)`` int64, prompt first (like HF ``generate``)."""

    sequences: torch.Tensor
    prompt_length: int
    stats: SpecStats

    @property
    def new_tokens(self) -> list[int]:
        return self.sequences[0, self.prompt_length:].tolist()


def truncate_at_eos(tokens: list[int], eos_token_id: int | None) -> tuple[list[int], bool]:
    """Cut ``tokens`` just after the first ``eos_token_id``; return ``(kept, found)``.

    ``[5, 2, 7, 2]`` with EOS 2 gives ``([5, 2], True)``; without an EOS (or with
    ``eos_token_id=None``) the list comes back whole with ``False``.
    """
    # BEGIN SOLUTION
    if eos_token_id is not None and eos_token_id in tokens:
        return tokens[: tokens.index(eos_token_id) + 1], True
    return list(tokens), False
    # END SOLUTION


@torch.no_grad()
def propose(draft: PreTrainedModel, ids: torch.Tensor, cache: DynamicCache, k: int,
            temperature: float, generator: torch.Generator | None = None
            ) -> tuple[torch.Tensor, torch.Tensor]:
    """Let the draft propose ``k`` tokens after ``ids`` ``(1, L)``, one forward per token.

    Each forward goes through ``extend(draft, seq, cache)`` (the first one also feeds whatever
    the cache has not seen yet) and each token comes from ``sample_token`` at ``temperature``.
    Returns ``(tokens, logits)``: ``tokens`` ``(k,)`` int64 and the draft's float32 logits
    ``(k, vocab)`` that each token was drawn from. ``k = 0`` returns empty tensors without
    running the draft.
    """
    # BEGIN SOLUTION
    tokens: list[int] = []
    rows: list[torch.Tensor] = []
    seq = ids
    for _ in range(k):
        logits = extend(draft, seq, cache)[-1]
        token = sample_token(logits, temperature, generator)
        tokens.append(token)
        rows.append(logits)
        seq = torch.cat([seq, seq.new_tensor([[token]])], dim=1)
    if not rows:
        return ids.new_empty(0), torch.empty(0, draft.config.vocab_size, device=ids.device)
    return ids.new_tensor(tokens), torch.stack(rows)
    # END SOLUTION


@torch.no_grad()
def speculative_step(target: PreTrainedModel, draft: PreTrainedModel, ids: torch.Tensor,
                     target_cache: DynamicCache, draft_cache: DynamicCache, k: int,
                     temperature: float = 0.0, generator: torch.Generator | None = None
                     ) -> tuple[list[int], int]:
    """One round of speculative decoding after ``ids`` ``(1, L)``; returns ``(new_tokens, n)``.

    Propose ``k`` tokens with ``propose``; score ``ids`` + proposals with ONE call of
    ``extend(target, ...)`` and keep its last ``k + 1`` rows; verify with ``greedy_accept`` at
    temperature 0, else ``accept_reject`` on ``probs_from_logits`` of both models at
    ``temperature``. ``new_tokens`` is the ``n`` accepted proposals then the target's token
    (``n + 1`` ids). Finally crop both caches to ``L + n`` positions.
    """
    # BEGIN SOLUTION
    length = ids.size(1)
    tokens, draft_logits = propose(draft, ids, draft_cache, k, temperature, generator)
    scored = extend(target, torch.cat([ids, tokens[None]], dim=1), target_cache)[-(k + 1):]
    if temperature == 0:
        n, nxt = greedy_accept(scored, tokens)
    else:
        p = probs_from_logits(scored, temperature)
        q = probs_from_logits(draft_logits, temperature)
        n, nxt = accept_reject(p, q, tokens, generator)
    crop_cache(target_cache, length + n)
    crop_cache(draft_cache, length + n)
    return tokens[:n].tolist() + [nxt], n
    # END SOLUTION


def _check(input_ids: torch.Tensor, max_new_tokens: int, k: int, temperature: float) -> None:
    if input_ids.dim() != 2 or input_ids.size(0) != 1 or input_ids.size(1) == 0:
        raise ValueError(f"input_ids must be (1, T) with T >= 1 (one sequence: rounds accept different "
                         f"numbers of tokens per sequence), got {tuple(input_ids.shape)}")
    if input_ids.dtype != torch.long:
        raise ValueError(f"input_ids must be int64 token ids, got {input_ids.dtype}")
    if max_new_tokens < 0 or k < 0 or temperature < 0:
        raise ValueError(f"max_new_tokens, k and temperature must be >= 0, got {max_new_tokens}, {k}, "
                         f"{temperature}")


@torch.no_grad()
def speculative_generate(target: PreTrainedModel, draft: PreTrainedModel, input_ids: torch.Tensor,
                         max_new_tokens: int, k: int = 4, temperature: float = 0.0,
                         eos_token_id: int | None = None,
                         generator: torch.Generator | None = None) -> GenerationOutput:
    """Generate up to ``max_new_tokens`` after ``input_ids`` ``(1, T)`` with speculative decoding.

    Temperature 0 gives exactly the target's greedy tokens; above 0, samples from exactly the
    target's temperature-scaled distribution. Stops after the first ``eos_token_id``.
    """
    _check(input_ids, max_new_tokens, k, temperature)
    ids = input_ids
    target_cache, draft_cache = new_cache(target), new_cache(draft)
    stats = SpecStats()
    while stats.new_tokens < max_new_tokens:
        # Never propose more than can be emitted: a round yields up to k + 1 tokens.
        k_round = min(k, max_new_tokens - stats.new_tokens - 1)
        tokens, accepted = speculative_step(target, draft, ids, target_cache, draft_cache, k_round,
                                            temperature, generator)
        kept, stop = truncate_at_eos(tokens, eos_token_id)
        stats.record(k_round, accepted, len(kept))
        ids = torch.cat([ids, ids.new_tensor([kept])], dim=1)
        if stop:
            break
    return GenerationOutput(ids, input_ids.size(1), stats)


@torch.no_grad()
def autoregressive_generate(model: PreTrainedModel, input_ids: torch.Tensor, max_new_tokens: int,
                            temperature: float = 0.0, eos_token_id: int | None = None,
                            generator: torch.Generator | None = None) -> GenerationOutput:
    """The baseline: one forward of ``model`` per token, through its KV cache.

    Its stats have ``rounds == new_tokens`` (one target forward per token) and nothing proposed.
    """
    _check(input_ids, max_new_tokens, 0, temperature)
    ids, cache, stats = input_ids, new_cache(model), SpecStats()
    while stats.new_tokens < max_new_tokens:
        token = sample_token(extend(model, ids, cache)[-1], temperature, generator)
        stats.record(0, 0, 1)
        ids = torch.cat([ids, ids.new_tensor([[token]])], dim=1)
        if token == eos_token_id:
            break
    return GenerationOutput(ids, input_ids.size(1), stats)
