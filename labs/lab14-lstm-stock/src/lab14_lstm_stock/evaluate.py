"""Scoring in prices, next to the baseline every forecaster must beat: tomorrow = today.

An RMSE alone says nothing (is 1.9 good?); the ratio to the persistence RMSE on the same
targets does: below 1 the model knows something persistence does not, at 1 or above it does not.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from lab14_lstm_stock.dataset import Windows
from lab14_lstm_stock.scaling import Scaler


def rmse(pred: np.ndarray, actual: np.ndarray) -> float:
    """Root mean squared error of two same-shape arrays, as a Python float."""
    pred, actual = np.asarray(pred, dtype=np.float64), np.asarray(actual, dtype=np.float64)
    if pred.shape != actual.shape or pred.size == 0:
        raise ValueError(f"rmse needs two non-empty arrays of one shape, got {pred.shape} and {actual.shape}")
    return float(np.sqrt(np.mean((pred - actual) ** 2)))  # SOLUTION


@torch.no_grad()
def predict_prices(model: nn.Module, windows: Windows, scaler: Scaler) -> np.ndarray:
    """The model's next-day price forecasts for ``windows``: float64, shape ``(N,)``.

    Runs the model in eval mode on ``windows.x``, turns its scaled returns back into log returns
    with ``scaler``, and applies them to the last known prices: ``last * exp(return)``.
    """
    # BEGIN SOLUTION
    model.eval()
    scaled = model(torch.as_tensor(windows.x, dtype=torch.float32)).double().numpy()
    return windows.last * np.exp(scaler.inverse_transform(scaled))
    # END SOLUTION


def evaluate(model: nn.Module, windows: Windows, scaler: Scaler) -> dict[str, float]:
    """``rmse_model`` (of :func:`predict_prices`), ``rmse_persistence`` (of ``windows.last``), both
    against ``windows.actual``, and ``ratio = rmse_model / rmse_persistence``."""
    # BEGIN SOLUTION
    model_rmse = rmse(predict_prices(model, windows, scaler), windows.actual)
    persistence_rmse = rmse(windows.last, windows.actual)
    return {"rmse_model": model_rmse, "rmse_persistence": persistence_rmse,
            "ratio": model_rmse / persistence_rmse}
    # END SOLUTION
