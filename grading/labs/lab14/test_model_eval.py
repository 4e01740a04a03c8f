"""Hidden tests: the LSTM, evaluation against persistence, the run's report and walk-forward."""

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
    generate_prices,
    log_returns,
    predict_prices,
    rmse,
    sine_prices,
    train,
    walk_forward,
    walk_forward_folds,
)
from llmlab_grading import points


@points(4, "LSTMForecaster()(x) must map (B, L) float32 windows to (B,) float32 predictions.",
        task="model", timeout=30)
def test_model_shape_and_dtype():
    torch.manual_seed(0)
    model = LSTMForecaster(hidden_size=6)
    for batch, length in ((5, 7), (1, 1), (3, 40)):
        out = model(torch.randn(batch, length))
        assert out.shape == (batch,) and out.dtype == torch.float32


@points(4, "LSTMForecaster must be nn.LSTM(1, hidden_size, num_layers, batch_first=True) followed "
           "by nn.Linear(hidden_size, 1): its parameter count differs.", task="model", timeout=30)
def test_model_parameter_count():
    model = LSTMForecaster(hidden_size=12, num_layers=2)
    expected = sum(p.numel() for p in torch.nn.LSTM(1, 12, 2, batch_first=True).parameters()) + 13
    assert sum(p.numel() for p in model.parameters()) == expected


@points(3, "The prediction must depend on the whole window (the first step too) and on nothing "
           "but its own window (no mixing across the batch).", task="model", timeout=30)
def test_model_reads_whole_window_per_sample():
    torch.manual_seed(1)
    model = LSTMForecaster(hidden_size=8)
    x = torch.randn(4, 12, requires_grad=True)
    model(x)[0].backward()
    assert x.grad[0, 0].abs() > 0
    assert torch.all(x.grad[1:] == 0)
    with torch.no_grad():
        y = torch.randn(4, 12)
        changed = y.clone()
        changed[1:] += 5.0
        assert torch.allclose(model(y)[0], model(changed)[0])


@points(4, "On a predictable (sine) series the whole pipeline must beat persistence by far "
           "(RMSE ratio < 0.7): check the windows, the scaling and the model together.",
        task="model", timeout=90)
def test_pipeline_beats_persistence_on_sine(tmp_path):
    prices = sine_prices(800, seed=5)
    csv = tmp_path / "sine.csv"
    start = np.datetime64("2020-01-01")
    rows = [f"{start + i},{p:.6f}" for i, p in enumerate(prices)]
    csv.write_text("Date,Close\n" + "\n".join(rows) + "\n")
    report = train(TrainConfig(out=tmp_path / "run", csv=csv, lookback=20, hidden_size=16,
                               epochs=10, lr=3e-3, folds=0))
    assert report["ratio"] < 0.7


class Constant(torch.nn.Module):
    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def forward(self, x):
        return torch.full((len(x),), self.value)


def _windows() -> Windows:
    last = np.array([100.0, 102.0, 101.0, 99.0])
    actual = np.array([102.0, 101.0, 99.0, 104.0])
    return Windows(x=np.zeros((4, 3), np.float32), y=np.zeros(4, np.float32), last=last, actual=actual)


@points(4, "rmse must be sqrt(mean((pred - actual)^2)) as a float.", task="evaluation", timeout=30)
def test_rmse_values():
    value = rmse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    assert isinstance(value, float) and math.isclose(value, math.sqrt(4 / 3))
    assert rmse(np.array([2.5]), np.array([2.5])) == 0.0


@points(4, "predict_prices must turn the model's scaled return into a price: "
           "last * exp(output * std + mean).", task="evaluation", timeout=30)
def test_predict_prices_uses_scaler_and_last():
    windows = _windows()
    forecast = predict_prices(Constant(0.5), windows, Scaler(mean=0.01, std=0.02))
    np.testing.assert_allclose(forecast, windows.last * math.exp(0.5 * 0.02 + 0.01))
    assert forecast.dtype == np.float64


@points(5, "evaluate must score the model and persistence (windows.last) on the same targets; a "
           "model that predicts a zero return is persistence, ratio exactly 1.",
        task="evaluation", timeout=30)
def test_evaluate_against_persistence():
    windows = _windows()
    zero = evaluate(Constant(0.0), windows, Scaler(mean=0.0, std=1.0))
    assert math.isclose(zero["rmse_persistence"], math.sqrt((4 + 1 + 4 + 25) / 4))
    assert math.isclose(zero["rmse_model"], zero["rmse_persistence"])
    assert math.isclose(zero["ratio"], 1.0)
    up = evaluate(Constant(1.0), windows, Scaler(mean=0.0, std=0.01))
    expected = rmse(windows.last * math.exp(0.01), windows.actual)
    assert math.isclose(up["rmse_model"], expected)
    assert math.isclose(up["ratio"], expected / zero["rmse_persistence"])


@points(7, "The report must state the test RMSE of the model and of persistence on the same test "
           "targets, their ratio (about 1 on a random walk: far below means a leak), and the "
           "train-split scaler; report.json and predictions.png must be written.", task="evaluation", timeout=60)
def test_report_is_honest(tmp_path):
    config = TrainConfig(out=tmp_path, n_days=500, seed=2, lookback=8, hidden_size=16, epochs=10,
                         lr=1e-2, folds=0)
    report = train(config)
    prices = generate_prices(500, seed=2)
    train_p, _, test_p = chronological_split(prices, 0.7, 0.15)
    expected = rmse(test_p[8:-1], test_p[9:])
    assert report["n_test"] == len(test_p) - 9
    assert math.isclose(report["rmse_persistence"], expected, rel_tol=1e-9)
    assert math.isclose(report["ratio"], report["rmse_model"] / report["rmse_persistence"], rel_tol=1e-9)
    # No skill on a random walk: about 1. A window that shows its target drives it near 0.1.
    assert 0.9 < report["ratio"] < 1.1
    assert math.isclose(report["scaler"]["std"], log_returns(train_p).std(), rel_tol=1e-9)
    saved = json.loads((tmp_path / "report.json").read_text())
    assert math.isclose(saved["ratio"], report["ratio"])
    assert (tmp_path / "predictions.png").stat().st_size > 1000


@points(5, "walk_forward_folds(n, folds, test_size) must give expanding folds whose consecutive "
           "test blocks end at n: (n - (folds - k) * test_size, that + test_size).",
        task="walk-forward", timeout=30)
def test_walk_forward_folds_values():
    assert walk_forward_folds(100, 3, 20) == [(40, 60), (60, 80), (80, 100)]
    assert walk_forward_folds(7, 1, 6) == [(1, 7)]


@points(5, "walk_forward must report, per fold, the model's and persistence's RMSE on that fold's "
           "test block.", task="walk-forward", timeout=60)
def test_walk_forward_fold_scores(tmp_path):
    prices = generate_prices(400, seed=6)
    config = TrainConfig(out=tmp_path, n_days=400, lookback=6, hidden_size=4, epochs=1, folds=2)
    folds = walk_forward(prices, config)
    assert [(f["train_end"], f["test_end"]) for f in folds] == [(280, 340), (340, 400)]
    for fold in folds:
        block = prices[fold["train_end"] : fold["test_end"]]
        assert math.isclose(fold["rmse_persistence"], rmse(block[6:-1], block[7:]), rel_tol=1e-9)
        assert math.isclose(fold["ratio"], fold["rmse_model"] / fold["rmse_persistence"], rel_tol=1e-9)
