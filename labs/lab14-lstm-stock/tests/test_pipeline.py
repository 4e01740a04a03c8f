"""Public tests: scaling, windows, the model, evaluation, walk-forward folds and a tiny run."""

from __future__ import annotations

import json
import math

import numpy as np
import torch
from lab14_lstm_stock import (
    LSTMForecaster,
    Scaler,
    TrainConfig,
    Windows,
    chronological_split,
    evaluate,
    fit_scaler,
    generate_prices,
    log_returns,
    make_windows,
    persistence_forecast,
    prepare_data,
    rmse,
    train,
    walk_forward_folds,
)


def test_fit_scaler_and_roundtrip():
    scaler = fit_scaler(np.array([1.0, 2.0, 3.0, 6.0]))
    assert scaler.mean == 3.0
    assert math.isclose(scaler.std, math.sqrt(3.5))
    x = np.array([0.0, 3.0, 10.0])
    np.testing.assert_allclose(scaler.transform(x), (x - 3.0) / math.sqrt(3.5))
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(x)), x)


def test_scaler_comes_from_train_split():
    train_p, val_p, test_p = chronological_split(generate_prices(300, seed=4), 0.6, 0.2)
    prepared = prepare_data(train_p, val_p, test_p, lookback=5)
    returns = log_returns(train_p)
    assert math.isclose(prepared.scaler.mean, returns.mean())
    assert math.isclose(prepared.scaler.std, returns.std())


def test_make_windows_small():
    x, y = make_windows(np.arange(6.0), lookback=2)
    np.testing.assert_array_equal(x, [[0, 1], [1, 2], [2, 3], [3, 4]])
    np.testing.assert_array_equal(y, [2, 3, 4, 5])
    np.testing.assert_array_equal(persistence_forecast(np.arange(6.0), 2), [1, 2, 3, 4])


def test_model_shape():
    torch.manual_seed(0)
    out = LSTMForecaster(hidden_size=8)(torch.randn(4, 9))
    assert out.shape == (4,) and out.dtype == torch.float32


class Zero(torch.nn.Module):
    def forward(self, x):
        return torch.zeros(len(x))


def test_zero_return_model_is_persistence():
    windows = Windows(x=np.zeros((3, 2), np.float32), y=np.zeros(3, np.float32),
                      last=np.array([10.0, 11.0, 12.0]), actual=np.array([11.0, 12.0, 10.0]))
    scores = evaluate(Zero(), windows, Scaler(mean=0.0, std=1.0))
    assert math.isclose(scores["rmse_persistence"], rmse([10.0, 11.0, 12.0], [11.0, 12.0, 10.0]))
    assert math.isclose(scores["rmse_persistence"], math.sqrt(2.0))
    assert math.isclose(scores["ratio"], 1.0)


def test_walk_forward_folds_small():
    assert walk_forward_folds(10, 2, 3) == [(4, 7), (7, 10)]


def test_tiny_run_writes_report_and_plot(tmp_path):
    config = TrainConfig(out=tmp_path, n_days=300, lookback=5, hidden_size=4, epochs=1, folds=0)
    report = train(config)
    saved = json.loads((tmp_path / "report.json").read_text())
    assert math.isclose(saved["ratio"], report["rmse_model"] / report["rmse_persistence"])
    assert (tmp_path / "predictions.png").stat().st_size > 0
