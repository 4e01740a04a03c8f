"""SetFit-style pair sampling: turn a few labelled texts into many labelled pairs.

Each training text is an anchor; a text with the same label is a positive (target 1.0) and one
with another label a negative (target 0.0). From n labelled texts come about n² possible pairs,
which is why contrastive fine-tuning works with few labels (Tunstall et al., 2022, "Efficient
Few-Shot Learning Without Prompts").
"""

from __future__ import annotations

import random
from collections.abc import Sequence

Pair = tuple[int, int, float]  # (anchor index, partner index, target cosine similarity)


def sample_pairs(labels: Sequence[int], pairs_per_example: int, seed: int = 0) -> list[Pair]:
    """Balanced positive and negative pairs over the indices of ``labels``.

    For every anchor ``i`` (in index order) and each of ``pairs_per_example`` rounds, draw one
    positive ``(i, j, 1.0)`` with ``j != i`` and ``labels[j] == labels[i]`` and one negative
    ``(i, j, 0.0)`` with ``labels[j] != labels[i]``, partners drawn uniformly with
    ``random.Random(seed)``; then shuffle the whole list with the same generator. The result
    has ``2 * len(labels) * pairs_per_example`` pairs, half of each target. Raises
    ``ValueError`` when a label has a single example (it has no positive partner), when there
    is only one label (no negatives), or when ``pairs_per_example < 1``.
    """
    # BEGIN SOLUTION
    if pairs_per_example < 1:
        raise ValueError(f"pairs_per_example must be >= 1, got {pairs_per_example}")
    by_label: dict[int, list[int]] = {}
    for i, y in enumerate(labels):
        by_label.setdefault(y, []).append(i)
    if len(by_label) < 2:
        raise ValueError("need at least two labels to draw negative pairs")
    lonely = [y for y, members in by_label.items() if len(members) < 2]
    if lonely:
        raise ValueError(f"labels {lonely} have a single example: no positive partner to pair with")
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for i, y in enumerate(labels):
        same = by_label[y]
        others = [j for label, members in by_label.items() if label != y for j in members]
        for _ in range(pairs_per_example):
            j = i
            while j == i:  # a text paired with itself teaches nothing
                j = rng.choice(same)
            pairs.append((i, j, 1.0))
            pairs.append((i, rng.choice(others), 0.0))
    rng.shuffle(pairs)
    return pairs
    # END SOLUTION
