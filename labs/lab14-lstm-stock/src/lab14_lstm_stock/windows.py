"""Sliding windows of a series: the past ``lookback`` values as input, a later value as target.

The one rule: a window's input ends strictly before its target. An input that includes the
target (or anything after it) lets the model copy the answer: a perfect score that means nothing.
"""

from __future__ import annotations

import numpy as np


def _check(series: np.ndarray, lookback: int, horizon: int) -> np.ndarray:
    series = np.asarray(series)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D, got shape {series.shape}")
    if lookback < 1 or horizon < 1:
        raise ValueError(f"lookback and horizon must be >= 1, got lookback={lookback}, horizon={horizon}")
    if len(series) < lookback + horizon:
        raise ValueError(f"a series of {len(series)} values is too short for lookback={lookback} and "
                         f"horizon={horizon}: it needs at least {lookback + horizon}")
    return series


def make_windows(series: np.ndarray, lookback: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Every (input, target) pair of a 1-D ``series``, oldest first.

    ``X[i] = series[i : i + lookback]`` and ``y[i] = series[i + lookback + horizon - 1]``: the
    target lies ``horizon`` steps after the window's last value. Shapes ``(N, lookback)`` and
    ``(N,)`` with ``N = len(series) - lookback - horizon + 1``; the dtype is the series'.
    """
    series = _check(series, lookback, horizon)
    # BEGIN SOLUTION
    n = len(series) - lookback - horizon + 1
    x = np.lib.stride_tricks.sliding_window_view(series, lookback)[:n].copy()
    y = series[lookback + horizon - 1 :].copy()
    return x, y
    # END SOLUTION


def persistence_forecast(series: np.ndarray, lookback: int, horizon: int = 1) -> np.ndarray:
    """The no-skill forecast of every target of ``make_windows(series, lookback, horizon)``: the
    last value its window saw ("tomorrow = today"). Shape ``(N,)``, aligned with ``y``."""
    series = _check(series, lookback, horizon)
    return series[lookback - 1 : len(series) - horizon].copy()  # SOLUTION
