"""The whole lab in one function: fine-tune a grid of runs, log them, pick the best, register it,
alias it, load it back by alias (given code; it calls the functions you write)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import mlflow
import numpy as np

from lab66_mlflow_registry.data import LABELS, build_vocab, load_data
from lab66_mlflow_registry.model import FinetuneConfig, finetune, pretrain_base
from lab66_mlflow_registry.registry import load_by_alias, predict_labels, register_champion
from lab66_mlflow_registry.tracking import (
    METRICS,
    connect,
    ensure_experiment,
    log_finetune_run,
    select_best_run,
)


@dataclass
class ExperimentConfig:
    """What to fine-tune and where to register it."""

    experiment: str = "lab66-finetuning"
    model_name: str = "lab66-sentiment"
    alias: str = "champion"
    learning_rates: tuple[float, ...] = (0.3, 3.0, 10.0)
    epochs: tuple[int, ...] = (10, 30)
    metric: str = "val_loss"
    mode: str = "min"
    n_finetune: int = 1200
    label_noise: float = 0.2
    seed: int = 0
    artifact_location: str | None = None  # only when logging to a store without a server


@dataclass
class ExperimentSummary:
    """What a run of the lab produced: one row per logged run, the champion, a prediction check."""

    runs: list[dict] = field(default_factory=list)
    best_run_id: str = ""
    best_run_name: str = ""
    version: str = ""
    model_uri: str = ""
    val_accuracy_by_alias: float = 0.0
    matches_best_run: bool = False
    examples: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def run_experiment(config: ExperimentConfig, tracking_uri: str) -> ExperimentSummary:
    """Fine-tune one run per (learning rate, epochs), log each to ``tracking_uri``, register the
    best by ``config.metric`` under ``config.model_name@config.alias``, and load it back."""
    start = time.perf_counter()
    data = load_data(n_finetune=config.n_finetune, label_noise=config.label_noise, seed=config.seed)
    # The "tokenizer" is fixed before fine-tuning, as with a pretrained model's vocabulary.
    base = pretrain_base(data, build_vocab(data.base.texts + data.train.texts), seed=config.seed)
    client = connect(tracking_uri)
    experiment_id = ensure_experiment(client, config.experiment, config.artifact_location)

    summary = ExperimentSummary()
    for lr in config.learning_rates:
        for epochs in config.epochs:
            result = finetune(base, data, FinetuneConfig(learning_rate=lr, epochs=epochs, seed=config.seed))
            name = f"lr={lr:g} epochs={epochs}"
            run_id = log_finetune_run(result, experiment_id, run_name=name)
            summary.runs.append({"run_id": run_id, "run_name": name, "learning_rate": lr, "epochs": epochs,
                                 **{k: result.history[k][-1] for k in METRICS}})

    best = select_best_run(client, experiment_id, config.metric, config.mode)
    version = register_champion(client, best.info.run_id, config.model_name, config.alias)
    model = load_by_alias(config.model_name, config.alias)

    probs = np.asarray(model.predict(data.val.texts), dtype=np.float64)
    labels = predict_labels(model, data.val.texts)
    summary.best_run_id, summary.best_run_name = best.info.run_id, best.info.run_name
    summary.version, summary.model_uri = str(version.version), f"models:/{config.model_name}@{config.alias}"
    summary.val_accuracy_by_alias = float(np.mean([LABELS[y] == p for y, p in zip(data.val.labels, labels, strict=True)]))
    # The alias must give exactly the model the best run logged.
    logged = mlflow.pyfunc.load_model(f"runs:/{best.info.run_id}/model")
    summary.matches_best_run = bool(np.allclose(probs, np.asarray(logged.predict(data.val.texts))))
    summary.examples = [{"text": t, "label": LABELS[y], "predicted": p}
                        for t, y, p in list(zip(data.val.texts, data.val.labels, labels, strict=True))[:5]]
    summary.seconds = time.perf_counter() - start
    return summary


def write_summary(summary: ExperimentSummary, out: Path) -> Path:
    """``summary.json`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "summary.json"
    path.write_text(json.dumps(asdict(summary), indent=2))
    return path
