"""Train the MLP with minibatches and plot its loss and accuracy curves.

    uv run --package lab11-numpy-mlp mlp-train                   # bundled digits, a few seconds
    uv run --package lab11-numpy-mlp mlp-train --idx-dir mnist   # MNIST's IDX files
    uv run --package lab11-numpy-mlp mlp-train --help            # every flag
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from llmlab.cli import parse_config
from llmlab.plotting import save_curves
from llmlab.progress import progress
from threadpoolctl import threadpool_limits

from lab11_numpy_mlp.data import Split, load_digits_split, load_idx_split
from lab11_numpy_mlp.loss import softmax_cross_entropy
from lab11_numpy_mlp.model import MLP
from lab11_numpy_mlp.optim import SGD, Adam


@dataclass
class TrainConfig:
    """Every knob of a run; each field is an ``mlp-train`` flag."""

    out: Path = field(default=Path("runs/lab11"), metadata={"help": "run folder: metrics.json, loss_curve.png, accuracy_curve.png"})
    idx_dir: Path | None = field(default=None, metadata={"help": "folder with MNIST's IDX files (train-images-idx3-ubyte ...); none = the bundled 8x8 digits"})
    hidden: str = field(default="128", metadata={"help": "hidden layer widths, comma separated ('' = softmax regression)"})
    epochs: int = field(default=30, metadata={"help": "passes over the training set"})
    batch_size: int = field(default=64, metadata={"help": "examples per optimizer step"})
    optimizer: str = field(default="adam", metadata={"help": "adam or sgd", "choices": ["adam", "sgd"]})
    lr: float = field(default=3e-3, metadata={"help": "learning rate (try 0.1 with --optimizer sgd)"})
    momentum: float = field(default=0.9, metadata={"help": "SGD momentum (ignored by adam)"})
    seed: int = field(default=0, metadata={"help": "seed of the initial weights, the batch order and the digits split"})
    test_fraction: float = field(default=0.2, metadata={"help": "share of the digits held out for testing (ignored with --idx-dir)"})


def hidden_sizes(spec: str) -> list[int]:
    """``"128,64"`` -> ``[128, 64]``; ``""`` -> ``[]``."""
    try:
        sizes = [int(part) for part in spec.split(",") if part.strip()]
    except ValueError as exc:
        raise ValueError(f"--hidden must be comma-separated integers like 128,64, got {spec!r}") from exc
    if any(s < 1 for s in sizes):
        raise ValueError(f"--hidden widths must be positive, got {spec!r}")
    return sizes


def _validate(config: TrainConfig) -> None:
    for name in ("epochs", "batch_size"):
        if getattr(config, name) < 1:
            raise ValueError(f"--{name.replace('_', '-')} must be >= 1, got {getattr(config, name)}")
    if config.lr <= 0:
        raise ValueError(f"--lr must be positive, got {config.lr}")
    hidden_sizes(config.hidden)


def train_epoch(model: MLP, optimizer: SGD | Adam, x: np.ndarray, y: np.ndarray, batch_size: int,
                rng: np.random.Generator) -> float:
    """One pass over ``(x, y)`` in minibatches of ``batch_size``, in an order drawn from ``rng``.

    Each step: forward, ``softmax_cross_entropy``, backward, ``optimizer.step(model.grads)``.
    Returns the mean training loss over the epoch's examples (a float).
    """
    # BEGIN SOLUTION
    order = rng.permutation(len(y))
    total = 0.0
    for start in range(0, len(y), batch_size):
        idx = order[start:start + batch_size]
        loss, dlogits = softmax_cross_entropy(model.forward(x[idx]), y[idx])
        model.backward(dlogits)
        optimizer.step(model.grads)
        total += loss * len(idx)
    return total / len(y)
    # END SOLUTION


def evaluate(model: MLP, x: np.ndarray, y: np.ndarray, batch_size: int = 1024) -> tuple[float, float]:
    """``(mean loss, accuracy)`` of ``model`` on ``(x, y)``, with no parameter update.

    Accuracy is the fraction of rows whose largest logit is the label, in [0, 1].
    """
    # BEGIN SOLUTION
    loss_sum, correct = 0.0, 0
    for start in range(0, len(y), batch_size):
        logits = model.forward(x[start:start + batch_size])
        labels = y[start:start + batch_size]
        loss, _ = softmax_cross_entropy(logits, labels)
        loss_sum += loss * len(labels)
        correct += int((logits.argmax(axis=1) == labels).sum())
    return loss_sum / len(y), correct / len(y)
    # END SOLUTION


def load_data(config: TrainConfig) -> Split:
    """The split ``config`` asks for: MNIST from ``idx_dir`` if given, else the digits."""
    if config.idx_dir is not None:
        return load_idx_split(config.idx_dir)
    return load_digits_split(config.seed, config.test_fraction)


def train(config: TrainConfig) -> dict[str, list[float]]:
    """Train an MLP as ``config`` says and return its history.

    History: lists ``epoch`` (0 = before training), ``train_loss``, ``train_acc``,
    ``test_loss``, ``test_acc``, each measured on the whole split after that epoch. Writes
    ``metrics.json``, ``loss_curve.png`` and ``accuracy_curve.png`` into ``config.out``.
    """
    _validate(config)
    split = load_data(config)
    model = MLP([split.num_features, *hidden_sizes(config.hidden), split.num_classes], config.seed)
    if config.optimizer == "adam":
        optimizer: SGD | Adam = Adam(model.params, lr=config.lr)
    else:
        optimizer = SGD(model.params, lr=config.lr, momentum=config.momentum)
    rng = np.random.default_rng(config.seed)

    history: dict[str, list[float]] = {k: [] for k in
                                       ("epoch", "train_loss", "train_acc", "test_loss", "test_acc")}

    def record(epoch: int) -> None:
        history["epoch"].append(epoch)
        for part in ("train", "test"):
            loss, acc = evaluate(model, getattr(split, f"x_{part}"), getattr(split, f"y_{part}"))
            history[f"{part}_loss"].append(loss)
            history[f"{part}_acc"].append(acc)

    t0 = time.perf_counter()
    # These matrices are tiny: BLAS threads spend longer synchronising than multiplying (a
    # default run is ~10x slower with them on a busy 2-core machine), so use one.
    with threadpool_limits(limits=1, user_api="blas"):
        record(0)
        bar = progress(range(1, config.epochs + 1), total=config.epochs, desc="epochs")
        for epoch in bar:
            train_epoch(model, optimizer, split.x_train, split.y_train, config.batch_size, rng)
            record(epoch)
            bar.set_postfix(loss=f"{history['train_loss'][-1]:.3f}",
                            test_acc=f"{history['test_acc'][-1]:.3f}")
    elapsed = time.perf_counter() - t0

    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    config_json = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()}
    metrics = {"config": config_json, "sizes": model.sizes, "num_params": model.num_params(),
               "n_train": len(split.y_train), "n_test": len(split.y_test), "elapsed_s": elapsed,
               "history": history}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    title = f"MLP {'-'.join(map(str, model.sizes))}, {config.optimizer}"
    plots = {"loss_curve.png": ("loss", "cross-entropy", True),
             "accuracy_curve.png": ("acc", "accuracy", False)}
    for filename, (key, ylabel, logy) in plots.items():
        curves = {part: (history["epoch"], history[f"{part}_{key}"]) for part in ("train", "test")}
        save_curves(out / filename, curves, title=title, xlabel="epoch", ylabel=ylabel, logy=logy)
    return history


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``uv run --package lab11-numpy-mlp mlp-train``."""
    config = parse_config(TrainConfig, argv, prog="mlp-train",
                          description="Train a NumPy MLP on the bundled digits (or MNIST IDX files).")
    t0 = time.perf_counter()
    try:
        history = train(config)
    except (ValueError, FileNotFoundError) as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(f"epoch {history['epoch'][-1]}: train loss {history['train_loss'][-1]:.4f}, "
          f"train acc {history['train_acc'][-1]:.4f}, test loss {history['test_loss'][-1]:.4f}, "
          f"test acc {history['test_acc'][-1]:.4f} ({time.perf_counter() - t0:.1f} s)")
    out = Path(config.out)
    print(f"wrote {out / 'metrics.json'}, {out / 'loss_curve.png'} and {out / 'accuracy_curve.png'}")


if __name__ == "__main__":
    main()
