from collections import Counter

import pytest
from lab10_finance_sentiment_embeddings.pairs import sample_pairs
from llmlab_grading import points

LABELS = [0, 1, 2, 0, 1, 2, 2, 0, 1, 1, 0, 2, 2, 2]


@points(10, "sample_pairs must give each anchor pairs_per_example positives (same label, another "
            "index, target 1.0) and as many negatives (another label, target 0.0).", task="pairs")
def test_pairs_are_balanced_and_correct():
    pairs = sample_pairs(LABELS, 3, seed=0)
    assert len(pairs) == 2 * len(LABELS) * 3
    for i, j, target in pairs:
        assert target in (0.0, 1.0)
        assert (LABELS[i] == LABELS[j]) == (target == 1.0)
        assert i != j
    positives = Counter(i for i, _, t in pairs if t == 1.0)
    negatives = Counter(i for i, _, t in pairs if t == 0.0)
    assert positives == negatives == Counter({i: 3 for i in range(len(LABELS))})
    # the list is shuffled, not grouped by anchor
    assert [i for i, _, _ in pairs] != sorted(i for i, _, _ in pairs)


@points(5, "sample_pairs must repeat for a seed, draw partners at random (different seeds give "
           "different pairs), and raise ValueError for a label with one example, a single label "
           "or pairs_per_example < 1.", task="pairs")
def test_pairs_seeded_and_validated():
    assert sample_pairs(LABELS, 2, seed=4) == sample_pairs(LABELS, 2, seed=4)
    assert sample_pairs(LABELS, 2, seed=4) != sample_pairs(LABELS, 2, seed=5)
    partners = {j for _, j, t in sample_pairs(LABELS * 10, 5, seed=1) if t == 0.0}
    assert len(partners) > 60
    for labels, k in (([0, 0, 1], 1), ([1, 1, 1], 1), ([0, 0, 1, 1], 0)):
        with pytest.raises(ValueError):
            sample_pairs(labels, k)
