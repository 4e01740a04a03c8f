import numpy as np
from lab10_finance_sentiment_embeddings.evaluation import macro_f1, probe


def test_macro_f1_by_hand():
    # class 0: P=1/2 R=1 F1=2/3; class 1: P=1 R=1/2 F1=2/3; class 2 absent everywhere: F1=0
    assert abs(macro_f1([0, 1, 1], [0, 0, 1], 3) - (2 / 3 + 2 / 3 + 0) / 3) < 1e-9


def test_probe_separable():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, size=120)
    x = np.eye(3, 5)[y] * 5 + rng.normal(size=(120, 5))
    result = probe(x[:80], y[:80].tolist(), x[80:], y[80:].tolist())
    assert result["macro_f1"] > 0.95 and len(result["predictions"]) == 40
