"""The run's settings, and training one LSTM on one split with model selection on validation."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from pathlib import Path

import torch
from llmlab.progress import progress
from llmlab.seeding import seed_everything

from lab14_lstm_stock.dataset import Prepared
from lab14_lstm_stock.evaluate import evaluate
from lab14_lstm_stock.model import LSTMForecaster


@dataclass
class TrainConfig:
    """Every knob of a run; each field is an ``lstm-stock`` flag."""

    out: Path = field(default=Path("runs/lab14"), metadata={"help": "run folder: report.json, predictions.png, walk_forward.png"})
    csv: Path | None = field(default=None, metadata={"help": "CSV of real daily prices with Date and Close columns (none = a generated series)"})
    series: str = field(default="regimes", metadata={"help": "generated series when --csv is not given: regimes (random walk) or sine (predictable control)",
                                                      "choices": ("regimes", "sine")})
    n_days: int = field(default=2000, metadata={"help": "length of the generated series, in trading days"})
    seed: int = field(default=0, metadata={"help": "seed of the generated series, the initial weights and the batch order"})
    train_frac: float = field(default=0.7, metadata={"help": "share of the series (the oldest part) to train on"})
    val_frac: float = field(default=0.15, metadata={"help": "share after it for validation (picks the epoch); the rest is the test split"})
    lookback: int = field(default=30, metadata={"help": "daily log returns the model reads per prediction"})
    hidden_size: int = field(default=32, metadata={"help": "LSTM hidden units"})
    num_layers: int = field(default=1, metadata={"help": "stacked LSTM layers"})
    epochs: int = field(default=15, metadata={"help": "passes over the training windows"})
    batch_size: int = field(default=64, metadata={"help": "windows per optimizer step"})
    lr: float = field(default=1e-3, metadata={"help": "Adam learning rate"})
    folds: int = field(default=4, metadata={"help": "walk-forward folds, each as long as the test split (0 = skip walk-forward)"})

    def __post_init__(self) -> None:
        for name in ("n_days", "lookback", "hidden_size", "num_layers", "epochs", "batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be >= 1, got {getattr(self, name)}")
        if self.folds < 0:
            raise ValueError(f"--folds must be >= 0, got {self.folds}")
        if not (0 < self.train_frac < 1 and 0 < self.val_frac < 1 and self.train_frac + self.val_frac < 1):
            raise ValueError(f"need 0 < --train-frac, 0 < --val-frac and their sum < 1, got "
                             f"{self.train_frac} and {self.val_frac}")
        if self.lr <= 0:
            raise ValueError(f"--lr must be > 0, got {self.lr}")

    def min_prices(self) -> int:
        """The shortest series whose every split holds at least one window (with rounding slack)."""
        smallest = min(self.train_frac, self.val_frac, 1 - self.train_frac - self.val_frac)
        return math.ceil((self.lookback + 2) / smallest) + 2


def fit_model(prepared: Prepared, config: TrainConfig) -> tuple[LSTMForecaster, dict[str, list[float]]]:
    """Train a fresh :class:`LSTMForecaster` on ``prepared.train`` (MSE on scaled returns) and
    return it with the weights of its best epoch by validation RMSE, and the per-epoch history.

    The test split is never looked at here: choosing the epoch on it would be a leak too.
    """
    # A model this small runs fastest on one thread: more only add synchronisation, and crawl
    # (40x slower, measured) on a machine whose cores are busy with other work.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _fit(prepared, config)
    finally:
        torch.set_num_threads(threads)


def _fit(prepared: Prepared, config: TrainConfig) -> tuple[LSTMForecaster, dict[str, list[float]]]:
    seed_everything(config.seed)
    model = LSTMForecaster(config.hidden_size, config.num_layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    x, y = torch.from_numpy(prepared.train.x), torch.from_numpy(prepared.train.y)
    # Shuffling whole windows is safe: each one carries its own past; time order matters only
    # between splits.
    generator = torch.Generator().manual_seed(config.seed)
    history: dict[str, list[float]] = {"epoch": [], "train_loss": [], "val_rmse": [], "val_ratio": []}
    best_rmse, best_state = math.inf, copy.deepcopy(model.state_dict())
    bar = progress(range(1, config.epochs + 1), total=config.epochs, desc="epochs")
    for epoch in bar:
        model.train()
        total = 0.0
        for idx in torch.randperm(len(x), generator=generator).split(config.batch_size):
            loss = torch.nn.functional.mse_loss(model(x[idx]), y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # LSTMs can spike
            optimizer.step()
            total += loss.item() * len(idx)
        scores = evaluate(model, prepared.val, prepared.scaler)
        history["epoch"].append(epoch)
        history["train_loss"].append(total / len(x))
        history["val_rmse"].append(scores["rmse_model"])
        history["val_ratio"].append(scores["ratio"])
        bar.set_postfix(loss=f"{total / len(x):.4f}", val_ratio=f"{scores['ratio']:.4f}")
        if scores["rmse_model"] < best_rmse:
            best_rmse, best_state = scores["rmse_model"], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    model.eval()
    return model, history
