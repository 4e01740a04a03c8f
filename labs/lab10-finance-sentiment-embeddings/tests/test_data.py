from lab10_finance_sentiment_embeddings.data import (
    group_key,
    grouped_split,
    load_headlines,
    straddling_groups,
)


def test_group_key_ignores_company_and_numbers():
    a = group_key("Acme Robotics beats Q3 estimates as revenue rises 12% to $1.2 billion")
    b = group_key("Helios Energy (HLIO) beats Q1 estimates as revenue rises 4.5% to $310 million")
    assert a == b == "positive/plain/0"
    assert group_key("Profit rose 12% in 2024") == "profit rose 0% in 0"


def test_grouped_split_has_no_straddling_group():
    examples = load_headlines(600, seed=0)
    groups = [e.group for e in examples]
    train, test = grouped_split(groups, 0.3, seed=0)
    assert sorted(train + test) == list(range(600))
    assert len(test) >= 180
    assert straddling_groups(groups, train, test) == set()
    assert straddling_groups(groups, list(range(0, 600, 2)), list(range(1, 600, 2)))
