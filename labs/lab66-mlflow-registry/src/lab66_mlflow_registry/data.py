"""The data: the course's financial headlines as bag-of-words features (given code).

The *base* model is trained on plain headlines only (no negations, no confounders), like a
pretrained model that never saw the hard cases; the *fine-tuning* set has every style, so
fine-tuning has something to learn, and how well it learns depends on the learning rate and the
number of epochs: the hyperparameters the runs of this lab compare.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from llmlab.corpora import financial_headlines

LABELS = ("positive", "negative", "neutral")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d[\d.,]*")


@dataclass(frozen=True)
class Split:
    """Texts and their integer labels (indices into ``LABELS``, int64)."""

    texts: list[str]
    labels: np.ndarray


@dataclass(frozen=True)
class SentimentData:
    """The base (pretraining) set and the fine-tuning train/validation sets."""

    base: Split
    train: Split
    val: Split


def tokenize(text: str) -> list[str]:
    """Lower-cased words and number placeholders, then adjacent-pair bigrams (``"not|beat"``).

    Bigrams let a linear model read short negations such as "not need" or "fails to".
    """
    words = ["<num>" if w[0].isdigit() else w for w in _TOKEN.findall(text.lower())]
    return words + [f"{a}|{b}" for a, b in zip(words, words[1:], strict=False)]


def build_vocab(texts: list[str], min_count: int = 2) -> dict[str, int]:
    """Token -> column index for tokens seen at least ``min_count`` times, sorted for stability."""
    counts = Counter(token for text in texts for token in tokenize(text))
    return {token: i for i, token in enumerate(sorted(t for t, c in counts.items() if c >= min_count))}


def bag_of_words(texts: list[str], vocab: dict[str, int]) -> np.ndarray:
    """(N, V) float64 token counts, each row scaled to unit L2 norm (unknown tokens are dropped)."""
    features = np.zeros((len(texts), len(vocab)), dtype=np.float64)
    for row, text in enumerate(texts):
        for token in tokenize(text):
            column = vocab.get(token)
            if column is not None:
                features[row, column] += 1.0
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return features / np.maximum(norms, 1e-12)


def _split(headlines: list) -> Split:
    return Split([h.text for h in headlines],
                 np.array([LABELS.index(h.label) for h in headlines], dtype=np.int64))


def flip_labels(labels: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """A copy of ``labels`` where a random ``fraction`` of them is moved to another class."""
    rng = np.random.default_rng(seed)
    flipped = labels.copy()
    chosen = rng.random(len(labels)) < fraction
    flipped[chosen] = (labels[chosen] + rng.integers(1, len(LABELS), chosen.sum())) % len(LABELS)
    return flipped


def load_data(n_finetune: int = 1200, n_base: int = 600, val_fraction: float = 0.25,
              label_noise: float = 0.2, seed: int = 0) -> SentimentData:
    """Generate the headlines: ``n_base`` plain ones for the base model and ``n_finetune`` of
    every style, of which ``val_fraction`` are held out. A ``label_noise`` share of the
    fine-tuning *training* labels is wrong (annotators disagree), so training too hard overfits;
    validation labels are clean. Same seed, same data."""
    if not 0 < val_fraction < 1 or not 0 <= label_noise < 1:
        raise ValueError(f"need 0 < val_fraction < 1 and 0 <= label_noise < 1, got {val_fraction}, {label_noise}")
    if n_finetune < 4 or n_base < 3:
        raise ValueError(f"need n_finetune >= 4 and n_base >= 3, got {n_finetune} and {n_base}")
    finetune = financial_headlines(n_finetune, seed=seed)
    # A separate stream for the base set; keep only plain headlines (the "easy" pretraining data).
    pool = financial_headlines(4 * n_base, seed=seed + 1000)
    base = [h for h in pool if not (h.has_negation or h.has_confounder)][:n_base]
    n_val = max(1, round(val_fraction * n_finetune))
    train = _split(finetune[n_val:])
    noisy = Split(train.texts, flip_labels(train.labels, label_noise, seed))
    return SentimentData(base=_split(base), train=noisy, val=_split(finetune[:n_val]))
