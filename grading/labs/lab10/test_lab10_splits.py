import random

import pytest
from lab10_finance_sentiment_embeddings.data import (
    group_key,
    grouped_split,
    load_headlines,
    straddling_groups,
)
from llmlab_grading import points


@points(6, "group_key must return the template id ('label/style/k') for a fill of a generator "
           "template, whatever the company and numbers, and otherwise the lowercased text with "
           "digit runs replaced by '0' and whitespace collapsed.", task="splits")
def test_group_key_templates_and_fallback():
    a = group_key("Acme Robotics beats Q3 estimates as revenue rises 12% to $1.2 billion")
    b = group_key("Helios Energy (HLIO) beats Q1 estimates as revenue rises 4.5% to $310 million")
    assert a == b == "positive/plain/0"
    assert group_key("Cobalt Mining fails to beat Q2 estimates") == "negative/negation/0"
    assert group_key("Orion Telecom has not set a date for its investor day") == "neutral/negation/1"
    assert group_key("Shares of  ACME rose 5% on May 3") == "shares of acme rose 0% on may 0"
    assert group_key("Shares of ACME rose 17% on May 12") == group_key("shares of acme rose 2% on may 9")
    headlines = load_headlines(300, seed=3)
    assert all(h.group.split("/")[0] == ("negative", "neutral", "positive")[h.label]
               for h in headlines)
    assert len({h.group for h in headlines}) > 50


@points(10, "grouped_split must put whole groups on one side: no group in both train and test, "
            "every index exactly once, and test holding at least test_fraction of the items.",
        task="splits")
def test_grouped_split_is_leakage_free():
    examples = load_headlines(1500, seed=5)
    groups = [e.group for e in examples]
    train, test = grouped_split(groups, 0.3, seed=1)
    assert sorted(train + test) == list(range(len(groups)))
    assert train == sorted(train) and test == sorted(test)
    assert not {groups[i] for i in train} & {groups[i] for i in test}
    largest = max(groups.count(g) for g in set(groups))
    assert 0.3 * len(groups) <= len(test) < 0.3 * len(groups) + largest
    assert grouped_split(groups, 0.3, seed=1) == (train, test)
    assert grouped_split(groups, 0.3, seed=2) != (train, test)


@points(5, "grouped_split must shuffle sorted(set(groups)) with random.Random(seed).shuffle and "
           "move whole groups to test in that order until it holds test_fraction of the items; "
           "bad fractions and a single group raise ValueError.", task="splits")
def test_grouped_split_follows_the_documented_order():
    groups = ["d", "a", "b", "a", "c", "c", "e", "b", "c", "d"]
    order = sorted(set(groups))
    random.Random(7).shuffle(order)
    test: list[int] = []
    for g in order:
        if len(test) >= 0.5 * len(groups):
            break
        test += [i for i, x in enumerate(groups) if x == g]
    train, got = grouped_split(groups, 0.5, seed=7)
    assert got == sorted(test)
    assert train == [i for i in range(len(groups)) if i not in set(test)]
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError):
            grouped_split(groups, bad)
    with pytest.raises(ValueError):
        grouped_split(["x"] * 5, 0.5)


@points(4, "straddling_groups must return the set of groups with items on both sides: empty for "
           "a grouped split, non-empty for a random split of template fills.", task="splits")
def test_straddling_groups_detects_leaks():
    groups = ["a", "b", "a", "c", "b"]
    assert straddling_groups(groups, [0, 1], [2, 3, 4]) == {"a", "b"}
    assert straddling_groups(groups, [0, 2], [1, 3, 4]) == set()
    examples = load_headlines(600, seed=2)
    groups = [e.group for e in examples]
    order = list(range(len(groups)))
    random.Random(0).shuffle(order)
    leaks = straddling_groups(groups, order[:400], order[400:])
    assert len(leaks) > 40
    assert straddling_groups(groups, *grouped_split(groups, 0.3, seed=0)) == set()
