"""The benchmark's workload: course stories cut at varied points, held out by seed.

A story cut early needs a long continuation; one cut near its end is finished in a few tokens
(the zoo models end stories with ``<|endoftext|>``). Mixed prompt AND reply lengths are what
real traffic looks like, and what makes static batching wait and pad.
"""

from __future__ import annotations

from llmlab.corpora.stories import generate_stories

HELD_OUT_SEED = 4242  # not a seed the zoo models were trained on


def story_prompts(n: int, seed: int = HELD_OUT_SEED) -> list[str]:
    """``n`` story beginnings, cut after 10% to 95% of their words (the fraction cycles)."""
    prompts = []
    for i, story in enumerate(generate_stories(n, seed)):
        words = story.split()
        fraction = 0.10 + 0.85 * ((7 * i) % 16) / 15
        prompts.append(" ".join(words[: max(3, round(len(words) * fraction))]))
    return prompts
