"""Walk-forward validation: train on everything up to a day, test on the block after it, move on.

One test split is one period: a model can look good or bad there by luck of the regime.
Several expanding folds test it the way it would be used, retrained as history grows, and show
how much the score moves from period to period.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lab14_lstm_stock.data import chronological_split
from lab14_lstm_stock.dataset import prepare_data
from lab14_lstm_stock.evaluate import evaluate
from lab14_lstm_stock.fit import TrainConfig, fit_model


def walk_forward_folds(n: int, folds: int, test_size: int) -> list[tuple[int, int]]:
    """``(train_end, test_end)`` of each expanding fold over a series of ``n`` values.

    The ``folds`` test blocks, each ``test_size`` long, are consecutive and end at ``n``; fold
    ``k`` trains on ``series[:train_end]`` and tests on ``series[train_end:test_end]``, so
    ``train_end = n - (folds - k) * test_size`` and ``test_end = train_end + test_size``.
    """
    if folds < 1 or test_size < 1:
        raise ValueError(f"folds and test_size must be >= 1, got folds={folds}, test_size={test_size}")
    if n - folds * test_size < 1:
        raise ValueError(f"{folds} test blocks of {test_size} leave no training data in a series of "
                         f"{n}: use fewer folds or a longer series")
    # BEGIN SOLUTION
    ends = [n - (folds - k) * test_size for k in range(folds)]
    return [(end, end + test_size) for end in ends]
    # END SOLUTION


def walk_forward(prices: np.ndarray, config: TrainConfig) -> list[dict[str, Any]]:
    """Train and test a fresh model on each of ``config.folds`` expanding folds.

    Each test block is as long as the test split of ``chronological_split(prices, ...)``. The
    fold's history ``prices[:train_end]`` is split into train and validation in the proportions
    ``train_frac : val_frac``; the scaler is fitted on the fold's train part alone. Returns one
    dict per fold: ``fold, train_end, test_end, rmse_model, rmse_persistence, ratio``.
    """
    test_size = len(chronological_split(prices, config.train_frac, config.val_frac)[2])
    plan = walk_forward_folds(len(prices), config.folds, test_size)
    val_share = config.val_frac / (config.train_frac + config.val_frac)
    results = []
    for fold, (train_end, test_end) in enumerate(plan):
        n_val = round(train_end * val_share)
        if min(train_end - n_val, n_val) < config.lookback + 2:
            raise ValueError(f"walk-forward fold {fold} has only {train_end} prices of history, too few to "
                             f"train and validate with lookback={config.lookback}: use fewer --folds, "
                             "a longer series or a smaller --lookback")
        prepared = prepare_data(prices[: train_end - n_val], prices[train_end - n_val : train_end],
                                prices[train_end:test_end], config.lookback)
        model, _ = fit_model(prepared, config)
        scores = evaluate(model, prepared.test, prepared.scaler)
        results.append({"fold": fold, "train_end": train_end, "test_end": test_end, **scores})
    return results
