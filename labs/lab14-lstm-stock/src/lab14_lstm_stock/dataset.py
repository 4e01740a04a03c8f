"""From price splits to model inputs: log returns, scaled with train statistics, in windows.

The model reads the last ``lookback`` daily log returns and predicts the next one (scaled);
``last`` and ``actual`` keep the prices each window needs to turn that into a price forecast
(``last * exp(return)``) and to score it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab14_lstm_stock.data import log_returns
from lab14_lstm_stock.scaling import Scaler, fit_scaler
from lab14_lstm_stock.windows import make_windows, persistence_forecast


@dataclass(frozen=True)
class Windows:
    """The ``N`` examples of one split.

    ``x``: ``(N, lookback)`` float32 scaled log returns; ``y``: ``(N,)`` float32 the scaled log
    return that follows; ``last``: ``(N,)`` float64 the price on the day of each window's last
    return (the persistence forecast); ``actual``: ``(N,)`` float64 the next day's price.
    """

    x: np.ndarray
    y: np.ndarray
    last: np.ndarray
    actual: np.ndarray


@dataclass(frozen=True)
class Prepared:
    """The scaler, fitted on the train split only, and the windows of each split."""

    scaler: Scaler
    train: Windows
    val: Windows
    test: Windows


def build_windows(prices: np.ndarray, scaler: Scaler, lookback: int) -> Windows:
    """Windows of one price split: ``N = len(prices) - lookback - 1`` examples.

    ``lookback`` returns span ``lookback + 1`` prices, so window ``i`` reads the returns between
    ``prices[i]`` and ``prices[i + lookback]`` and its target is ``prices[i + lookback + 1]``.
    """
    if len(prices) < lookback + 2:
        raise ValueError(f"a split of {len(prices)} prices is too short for lookback={lookback}: it "
                         f"needs at least {lookback + 2}; use a longer series or a smaller --lookback")
    x, y = make_windows(scaler.transform(log_returns(prices)), lookback)
    return Windows(
        x=x.astype(np.float32),
        y=y.astype(np.float32),
        last=persistence_forecast(prices, lookback + 1),
        actual=np.asarray(prices[lookback + 1 :], dtype=np.float64),
    )


def prepare_data(train: np.ndarray, val: np.ndarray, test: np.ndarray, lookback: int) -> Prepared:
    """Fit a scaler on the log returns of the ``train`` prices only, then build the windows of
    all three splits with it (:func:`build_windows`). The val and test prices must not change
    anything about the scaler or the training windows."""
    # BEGIN SOLUTION
    scaler = fit_scaler(log_returns(train))
    return Prepared(scaler, *(build_windows(split, scaler, lookback) for split in (train, val, test)))
    # END SOLUTION
