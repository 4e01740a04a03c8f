import numpy as np
import pytest
from lab10_finance_sentiment_embeddings.evaluation import macro_f1, probe
from llmlab_grading import points
from sklearn.metrics import f1_score


@points(8, "macro_f1 must average the per-class F1 over all n_classes classes (F1 = 0 for a class "
           "with no true positive, absent classes included), matching sklearn's f1_score "
           "(average='macro'), and raise ValueError for lists of different lengths.",
        task="evaluation")
def test_macro_f1_matches_sklearn():
    rng = np.random.default_rng(0)
    for _ in range(20):
        y_true = rng.integers(0, 3, size=40).tolist()
        y_pred = rng.integers(0, 3, size=40).tolist()
        expected = f1_score(y_true, y_pred, labels=[0, 1, 2], average="macro", zero_division=0)
        assert abs(macro_f1(y_true, y_pred, 3) - expected) < 1e-9
    assert macro_f1([0, 1, 2], [0, 1, 2], 3) == 1.0
    assert abs(macro_f1([0, 0, 0, 0], [0, 0, 0, 0], 3) - 1 / 3) < 1e-9
    assert macro_f1([0, 1], [1, 0], 2) == 0.0
    with pytest.raises(ValueError):
        macro_f1([0, 1], [0], 3)


@points(7, "probe must fit LogisticRegression(C=1.0, max_iter=2000) on the training features and "
           "return the test macro_f1, accuracy and predictions (a list of ints, one per test row).",
        task="evaluation")
def test_probe_on_separable_and_noisy_features():
    rng = np.random.default_rng(1)
    centres = np.eye(3, 8) * 4
    y = rng.integers(0, 3, size=300)
    x = centres[y] + rng.normal(size=(300, 8))
    result = probe(x[:200], y[:200].tolist(), x[200:], y[200:].tolist())
    assert set(result) >= {"macro_f1", "accuracy", "predictions"}
    assert len(result["predictions"]) == 100
    assert all(isinstance(p, int) for p in result["predictions"])
    assert result["macro_f1"] > 0.97 and result["accuracy"] > 0.97
    noise = probe(rng.normal(size=(200, 8)), y[:200].tolist(), rng.normal(size=(100, 8)),
                  y[200:].tolist())
    assert noise["macro_f1"] < 0.55
    assert abs(noise["accuracy"] - np.mean(np.array(noise["predictions"]) == y[200:])) < 1e-9
