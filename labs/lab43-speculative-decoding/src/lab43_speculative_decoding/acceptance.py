"""The verification rule: which draft tokens the target keeps, and what it emits instead.

Speculative sampling (Leviathan et al. 2023, Chen et al. 2023). The draft proposed token ``x`` with
probability ``q(x)``; the target would have said ``p(x)``. Keep ``x`` with probability
``min(1, p(x) / q(x))``; on rejection draw from the residual ``norm(max(0, p - q))``. Then

    P(emit x) = q(x) min(1, p(x)/q(x)) + (1 - sum_y min(p(y), q(y))) * residual(x)
              = min(p(x), q(x)) + max(0, p(x) - q(x)) = p(x)

so the output follows the target exactly, whatever the draft. Greedy decoding is the limit in which
both distributions are one-hot: keep a draft token while it equals the target's argmax.
"""

from __future__ import annotations

import torch


def residual_distribution(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """``max(0, p - q)`` renormalised over the last dimension; ``p`` where ``p == q`` everywhere.

    ``p`` and ``q`` are probability tensors of the same shape ``(..., vocab)``. Where the residual
    has no mass (the draft matched the target exactly, so a rejection cannot happen) return ``p``,
    never NaNs.
    """
    # BEGIN SOLUTION
    residual = (p - q).clamp_min(0)
    mass = residual.sum(dim=-1, keepdim=True)
    return torch.where(mass > 0, residual / mass.clamp_min(torch.finfo(p.dtype).tiny), p)
    # END SOLUTION


def accept_reject(p: torch.Tensor, q: torch.Tensor, draft_tokens: torch.Tensor,
                  generator: torch.Generator | None = None) -> tuple[int, int]:
    """Verify ``k`` draft tokens by speculative sampling.

    ``p`` is ``(k + 1, vocab)``: the target's probabilities at each draft position plus one more
    after the last; ``q`` is ``(k, vocab)``: the draft's probabilities that proposed
    ``draft_tokens`` ``(k,)`` int64. ``k`` may be 0. Walk the positions in order; accept token
    ``x_i`` with probability ``min(1, p[i, x_i] / q[i, x_i])``. At the first rejection return
    ``(i, token drawn from residual_distribution(p[i], q[i]))``; if all k are accepted return
    ``(k, token drawn from p[k])`` (the bonus token). Random draws use ``generator``.
    """
    # BEGIN SOLUTION
    k = draft_tokens.numel()
    for i in range(k):
        x = int(draft_tokens[i])
        u = torch.rand((), device=p.device, generator=generator)
        if u * q[i, x] < p[i, x]:  # u < p/q without dividing by a tiny q
            continue
        residual = residual_distribution(p[i], q[i])
        return i, int(torch.multinomial(residual, 1, generator=generator))
    return k, int(torch.multinomial(p[k], 1, generator=generator))
    # END SOLUTION


def greedy_accept(target_logits: torch.Tensor, draft_tokens: torch.Tensor) -> tuple[int, int]:
    """Verify ``k`` draft tokens greedily.

    ``target_logits`` is ``(k + 1, vocab)`` (position i scores what follows draft token i - 1);
    ``draft_tokens`` is ``(k,)`` int64. Accept tokens while each equals the target's argmax at its
    position; return ``(n_accepted, next_token)`` where ``next_token`` is the target's argmax at
    position ``n_accepted`` (the correction, or the bonus token when all k agree).
    """
    # BEGIN SOLUTION
    choice = target_logits.argmax(dim=-1)
    k = draft_tokens.numel()
    agree = choice[:k] == draft_tokens.to(choice.device)
    n = k if bool(agree.all()) else int(agree.int().argmin())  # the first disagreement
    return n, int(choice[n])
    # END SOLUTION
