"""Downstream evaluation: a logistic-regression probe on frozen features, scored by macro-F1."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def macro_f1(y_true: Sequence[int], y_pred: Sequence[int], n_classes: int) -> float:
    """The unweighted mean over classes ``0..n_classes-1`` of each class's F1.

    Per class c: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R), with
    F1 = 0 for a class whose TP is 0 (no division by zero). Every class counts, present or not,
    so a model that ignores a rare class pays for it. Raises ``ValueError`` if the two
    sequences differ in length or are empty.
    """
    # BEGIN SOLUTION
    if len(y_true) != len(y_pred) or not len(y_true):
        raise ValueError(f"need two equally long, non-empty label lists, got {len(y_true)} "
                         f"and {len(y_pred)}")
    true, pred = np.asarray(y_true), np.asarray(y_pred)
    scores = []
    for c in range(n_classes):
        tp = int(np.sum((pred == c) & (true == c)))
        fp = int(np.sum((pred == c) & (true != c)))
        fn = int(np.sum((pred != c) & (true == c)))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))
    # END SOLUTION


def probe(train_x: np.ndarray, train_y: Sequence[int], test_x: np.ndarray,
          test_y: Sequence[int], n_classes: int = 3) -> dict:
    """Fit a logistic regression on frozen features and score it on the test set.

    ``train_x`` (n_train, d) and ``test_x`` (n_test, d) are float arrays (embeddings or TF-IDF,
    dense or sparse). Use ``LogisticRegression(C=1.0, max_iter=2000)`` (deterministic, lbfgs).
    Returns ``{"macro_f1": float, "accuracy": float, "predictions": list[int]}`` on the test set,
    with ``macro_f1`` from :func:`macro_f1`.
    """
    # BEGIN SOLUTION
    classifier = LogisticRegression(C=1.0, max_iter=2000).fit(train_x, np.asarray(train_y))
    predictions = [int(p) for p in classifier.predict(test_x)]
    accuracy = float(np.mean(np.asarray(predictions) == np.asarray(test_y)))
    return {"macro_f1": macro_f1(test_y, predictions, n_classes), "accuracy": accuracy,
            "predictions": predictions}
    # END SOLUTION


def tfidf_features(train_texts: Sequence[str], test_texts: Sequence[str]):
    """Word uni- and bigram TF-IDF, fitted on the training texts only (fitting the vocabulary
    or the IDF weights on test texts would leak them)."""
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    return vectorizer.fit_transform(train_texts), vectorizer.transform(test_texts)


def per_style_f1(styles: Sequence[str], y_true: Sequence[int], y_pred: Sequence[int],
                 n_classes: int = 3) -> dict[str, float]:
    """Macro-F1 within each headline style (plain, negation, confounder) present in ``styles``."""
    out = {}
    for style in sorted({s for s in styles if s}):
        keep = [k for k, s in enumerate(styles) if s == style]
        out[style] = macro_f1([y_true[k] for k in keep], [y_pred[k] for k in keep], n_classes)
    return out
