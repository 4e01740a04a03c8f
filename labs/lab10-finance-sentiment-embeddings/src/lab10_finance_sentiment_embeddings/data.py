"""Labelled headlines and leakage-free train/test splits.

The generated headlines are template fills: "Acme Robotics beats Q3 estimates as revenue rises
12% to $1.2 billion" and "Helios Energy (HLIO) beats Q1 estimates as revenue rises 4.5% to $310
million" are the same sentence with other slots. Split them at random and the test set is
full of near-duplicates of training headlines, so any model that memorises templates looks
excellent. Grouping by template keeps every template on one side of the split: the test then
measures whether sentiment generalises to sentence shapes the model never saw.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from llmlab.corpora import financial_headlines
from llmlab.corpora.headlines import TEMPLATES

LABELS = ("negative", "neutral", "positive")  # label id = index here


@dataclass(frozen=True)
class Example:
    """One labelled text: ``label`` is an index into ``LABELS``; ``group`` is its split group."""

    text: str
    label: int
    group: str
    style: str = ""  # "plain", "negation" or "confounder" for generated headlines


@cache
def template_patterns() -> dict[str, re.Pattern[str]]:
    """``"label/style/k" -> regex`` matching exactly the fills of the generator's templates."""
    patterns = {}
    for label, styles in TEMPLATES.items():
        for style, templates in styles.items():
            for k, template in enumerate(templates):
                # Literal text stays literal; every {slot} becomes a lazy wildcard.
                parts = re.split(r"\{[a-z_0-9]+\}", template)
                patterns[f"{label}/{style}/{k}"] = re.compile(
                    "^" + "(.+?)".join(re.escape(p) for p in parts) + "$")
    return patterns


def group_key(text: str) -> str:
    """The split group of ``text``: its template id (``"positive/negation/3"``) when it is a fill
    of one of the generator's templates (see ``template_patterns()``), else the text lowercased
    with every run of digits replaced by ``"0"`` and whitespace collapsed to single spaces, so
    headlines that differ only in their numbers share a group."""
    # BEGIN SOLUTION
    for template_id, pattern in template_patterns().items():
        if pattern.match(text):
            return template_id
    return " ".join(re.sub(r"\d+", "0", text.lower()).split())
    # END SOLUTION


def load_headlines(n: int, seed: int = 0) -> list[Example]:
    """``n`` generated headlines (``llmlab.corpora.financial_headlines``) grouped by template."""
    examples = []
    for h in financial_headlines(n, seed=seed):
        style = "negation" if h.has_negation else "confounder" if h.has_confounder else "plain"
        examples.append(Example(h.text, LABELS.index(h.label), group_key(h.text), style))
    return examples


def load_csv(path: str | Path) -> list[Example]:
    """Examples from a CSV file with columns ``text`` and ``label`` (one of ``LABELS``)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no CSV file at {path}: pass --data a file with columns text,label")
    examples = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            label = (row.get("label") or "").strip().lower()
            if label not in LABELS or not row.get("text"):
                raise ValueError(f"{path}:{line}: need a text and a label in {LABELS}, got {row}")
            examples.append(Example(row["text"], LABELS.index(label), group_key(row["text"])))
    return examples


def grouped_split(groups: Sequence[str], test_fraction: float,
                  seed: int = 0) -> tuple[list[int], list[int]]:
    """Split item indices into ``(train, test)`` so that no group is on both sides.

    The distinct groups, in sorted order, are shuffled with ``random.Random(seed).shuffle``;
    whole groups then go to test, in that order, until test holds at least
    ``test_fraction * len(groups)`` items; the rest is train. Both lists are sorted. Raises
    ``ValueError`` unless ``0 < test_fraction < 1`` and there are at least two groups.
    """
    # BEGIN SOLUTION
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    distinct = sorted(set(groups))
    if len(distinct) < 2:
        raise ValueError(f"need at least two groups to split, got {len(distinct)}")
    random.Random(seed).shuffle(distinct)
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    test: list[int] = []
    for g in distinct:
        if len(test) >= test_fraction * len(groups):
            break
        test += members[g]
    test_set = set(test)
    return [i for i in range(len(groups)) if i not in test_set], sorted(test)
    # END SOLUTION


def straddling_groups(groups: Sequence[str], train: Sequence[int],
                      test: Sequence[int]) -> set[str]:
    """The groups that have items in both ``train`` and ``test`` (empty for a leakage-free split)."""
    return {groups[i] for i in train} & {groups[i] for i in test}  # SOLUTION
