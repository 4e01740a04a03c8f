"""Train the LSTM on a price series and report, honestly, how it compares with persistence.

    uv run --package lab14-lstm-stock lstm-stock                  # generated regimes, < 1 min
    uv run --package lab14-lstm-stock lstm-stock --series sine    # a series that can be predicted
    uv run --package lab14-lstm-stock lstm-stock --csv prices.csv # real prices (Date, Close)
    uv run --package lab14-lstm-stock lstm-stock --help           # every flag
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from llmlab.cli import parse_config
from llmlab.plotting import save_curves

from lab14_lstm_stock.data import chronological_split, generate_prices, load_prices_csv, sine_prices
from lab14_lstm_stock.dataset import prepare_data
from lab14_lstm_stock.evaluate import evaluate, predict_prices
from lab14_lstm_stock.fit import TrainConfig, fit_model
from lab14_lstm_stock.walk_forward import walk_forward


def load_series(config: TrainConfig) -> tuple[np.ndarray, str]:
    """The prices the run uses and a name for them: the CSV file, else the generated series."""
    if config.csv is not None:
        return load_prices_csv(config.csv, min_rows=config.min_prices()), f"csv:{config.csv}"
    if config.n_days < config.min_prices():
        raise ValueError(f"--n-days {config.n_days} is too short for these splits and lookback: "
                         f"use at least {config.min_prices()}")
    make = generate_prices if config.series == "regimes" else sine_prices
    return make(config.n_days, config.seed), config.series


def verdict(ratio: float) -> str:
    """One honest sentence about a model/persistence RMSE ratio on the test split."""
    change = abs(ratio - 1.0) * 100
    if ratio < 1.0:
        return f"the LSTM's test RMSE is {change:.1f}% below persistence's"
    return (f"the LSTM's test RMSE is {change:.1f}% above persistence's: it does not beat "
            "'tomorrow = today'")


def train(config: TrainConfig) -> dict[str, Any]:
    """Split, scale, window, train, evaluate (then walk forward); return the report.

    Writes ``report.json`` (this dict), ``predictions.png`` (test split: actual, LSTM and
    persistence) and, with ``config.folds``, ``walk_forward.png`` into ``config.out``.
    """
    started = time.perf_counter()
    prices, source = load_series(config)
    splits = chronological_split(prices, config.train_frac, config.val_frac)
    prepared = prepare_data(*splits, config.lookback)
    model, history = fit_model(prepared, config)
    val_scores = evaluate(model, prepared.val, prepared.scaler)
    test_scores = evaluate(model, prepared.test, prepared.scaler)
    forecast = predict_prices(model, prepared.test, prepared.scaler)
    folds = walk_forward(prices, config) if config.folds else []

    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "series": source,
        "n_prices": len(prices),
        "splits": {name: len(split) for name, split in zip(("train", "val", "test"), splits, strict=True)},
        "scaler": {"mean": prepared.scaler.mean, "std": prepared.scaler.std},
        "n_test": len(prepared.test.actual),
        **test_scores,
        "verdict": verdict(test_scores["ratio"]),
        "val": val_scores,
        "best_epoch": history["epoch"][int(np.argmin(history["val_rmse"]))],
        "history": history,
        "walk_forward": folds,
        "seconds": round(time.perf_counter() - started, 2),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
    }
    if folds:
        report["walk_forward_mean_ratio"] = float(np.mean([f["ratio"] for f in folds]))
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")

    days = range(len(forecast))
    save_curves(out / "predictions.png",
                {"actual": (days, prepared.test.actual), "LSTM": (days, forecast),
                 "persistence (tomorrow = today)": (days, prepared.test.last)},
                title=f"test split: RMSE LSTM / persistence = {test_scores['ratio']:.3f}",
                xlabel="test day", ylabel="price")
    if folds:
        index = [f["fold"] for f in folds]
        save_curves(out / "walk_forward.png",
                    {"LSTM": (index, [f["rmse_model"] for f in folds]),
                     "persistence": (index, [f["rmse_persistence"] for f in folds])},
                    title="walk-forward: test RMSE per fold", xlabel="fold", ylabel="RMSE (price)")
    return report


def main(argv: list[str] | None = None) -> None:
    try:
        config = parse_config(TrainConfig, argv, prog="lstm-stock",
                              description="Train a small LSTM on daily prices and compare it, "
                                          "honestly, with the persistence forecast (tomorrow = today).")
        report = train(config)
    except (ValueError, FileNotFoundError) as exc:  # bad flags or data: the message says what to do
        raise SystemExit(f"lstm-stock: error: {exc}") from None
    print(f"series {report['series']}: {report['n_prices']} prices, splits {report['splits']}, "
          f"best epoch {report['best_epoch']}")
    print(f"test ({report['n_test']} days): RMSE LSTM {report['rmse_model']:.4f}, persistence "
          f"{report['rmse_persistence']:.4f}, ratio {report['ratio']:.4f}")
    for fold in report["walk_forward"]:
        print(f"walk-forward fold {fold['fold']} (train {fold['train_end']}, test to {fold['test_end']}): "
              f"RMSE LSTM {fold['rmse_model']:.4f}, persistence {fold['rmse_persistence']:.4f}, "
              f"ratio {fold['ratio']:.4f}")
    if report["walk_forward"]:
        print(f"walk-forward mean ratio {report['walk_forward_mean_ratio']:.4f}")
    print(f"{report['verdict']}. {report['seconds']:.1f} s; report and plots in {config.out}")


if __name__ == "__main__":
    main()
