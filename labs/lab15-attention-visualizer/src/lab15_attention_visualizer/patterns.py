"""Name what a head does, with the measures of Clark et al. (2019), "What does BERT look at?".

For each head: the mean attention a query gives to the previous token, to itself, to the next
token, to punctuation, and to the special tokens ([CLS], [SEP]) where many BERT heads "park"
their attention when their pattern does not apply.
"""

from __future__ import annotations

import torch


def pattern_scores(attn: torch.Tensor, tokens: list[str],
                   specials: tuple[str, ...] = ("[CLS]", "[SEP]")) -> dict[str, torch.Tensor]:
    """Mean attention per query to each pattern, each an (L, H) tensor; ``attn`` is (L, H, T, T).

    Each of ``specials`` found in ``tokens`` gets a score (all its occurrences together).
    """
    t = attn.shape[-1]
    rows = torch.arange(t)
    scores = {
        "previous": attn[..., rows[1:], rows[1:] - 1].mean(-1),
        "self": attn.diagonal(dim1=-2, dim2=-1).mean(-1),
        "next": attn[..., rows[:-1], rows[:-1] + 1].mean(-1),
    }
    punctuation = [i for i, token in enumerate(tokens)
                   if token and all(not c.isalnum() for c in token) and token not in specials]
    if punctuation:
        scores["punctuation"] = attn[..., punctuation].sum(-1).mean(-1)
    for special in specials:
        columns = [i for i, token in enumerate(tokens) if token == special]
        if columns:
            scores[special] = attn[..., columns].sum(-1).mean(-1)
    return scores


def describe_heads(attn: torch.Tensor, tokens: list[str],
                   specials: tuple[str, ...] = ("[CLS]", "[SEP]")) -> list[str]:
    """One line per head: the pattern it favours most relative to uniform attention."""
    scores = pattern_scores(attn, tokens, specials)
    # Uniform attention is the baseline: 1/T for one token, 3/T for three punctuation marks.
    t = attn.shape[-1]
    uniform = pattern_scores(torch.full((1, 1, t, t), 1.0 / t), tokens, specials)
    names = list(scores)
    lift = torch.stack([scores[name] / uniform[name] for name in names])  # (patterns, L, H)
    lines = []
    for layer in range(attn.shape[0]):
        for head in range(attn.shape[1]):
            best = names[int(lift[:, layer, head].argmax())]
            lines.append(f"layer {layer} head {head}: {best:<11} {float(scores[best][layer, head]):.2f} "
                         f"(uniform {float(uniform[best][0, 0]):.2f}, "
                         f"x{float(lift[names.index(best), layer, head]):.1f})")
    return lines
