"""``mlflow-lab``: the whole lab against a real MLflow tracking server.

    uv run --package lab66-mlflow-registry mlflow-lab                          # starts a local server
    uv run --package lab66-mlflow-registry mlflow-lab --tracking-uri http://127.0.0.1:5000
    uv run --package lab66-mlflow-registry mlflow-lab --help                   # every flag

Without ``--tracking-uri`` it starts ``mlflow server`` on 127.0.0.1 (SQLite store and artifacts
in a temporary folder, or in ``--store-dir`` to keep them) and stops it at the end.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config

from lab66_mlflow_registry.experiment import (
    ExperimentConfig,
    ExperimentSummary,
    run_experiment,
    write_summary,
)
from lab66_mlflow_registry.server import local_mlflow_server


@dataclass
class CliConfig:
    """Every ``mlflow-lab`` flag."""

    tracking_uri: str | None = field(default=None, metadata={"help": "URL of a running MLflow server to log to (nothing is started); none = see --start-server"})
    start_server: bool = field(default=True, metadata={"help": "without --tracking-uri: start a local `mlflow server` (SQLite store) for this command and stop it at the end"})
    store_dir: Path | None = field(default=None, metadata={"help": "folder for the local server's mlflow.db, artifacts/ and server.log (none = a temporary folder, deleted at the end)"})
    experiment: str = field(default="lab66-finetuning", metadata={"help": "MLflow experiment name"})
    model_name: str = field(default="lab66-sentiment", metadata={"help": "registered model name"})
    alias: str = field(default="champion", metadata={"help": "alias pointed at the best run's version"})
    learning_rates: str = field(default="0.3,3,10", metadata={"help": "comma-separated learning rates; one run per (learning rate, epochs)"})
    epochs: str = field(default="10,30", metadata={"help": "comma-separated epoch counts"})
    metric: str = field(default="val_loss", metadata={"help": "metric that picks the best run"})
    mode: str = field(default="min", metadata={"help": "min: lower metric is better; max: higher", "choices": ["min", "max"]})
    n_finetune: int = field(default=1200, metadata={"help": "fine-tuning headlines (a quarter held out for validation)"})
    label_noise: float = field(default=0.2, metadata={"help": "share of wrong fine-tuning training labels"})
    seed: int = field(default=0, metadata={"help": "seed of the data, the base model and the batch order"})
    startup_timeout: float = field(default=180.0, metadata={"help": "seconds to wait for the local server's /health"})
    out: Path = field(default=Path("runs/lab66"), metadata={"help": "folder for summary.json"})


def _numbers(text: str, kind: type, flag: str) -> tuple:
    try:
        values = tuple(kind(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise SystemExit(f"{flag} must be comma-separated numbers like 0.3,3, got {text!r}") from exc
    if not values or any(v <= 0 for v in values):
        raise SystemExit(f"{flag} needs at least one value, all positive, got {text!r}")
    return values


def report(summary: ExperimentSummary, config: CliConfig) -> None:
    """Print the runs, the champion and a few predictions made by the model loaded by alias."""
    print(f"\n{'run':<22} {'train_loss':>10} {'val_loss':>9} {'val_acc':>8}  run id")
    for row in summary.runs:
        mark = "  <- best" if row["run_id"] == summary.best_run_id else ""
        print(f"{row['run_name']:<22} {row['train_loss']:>10.4f} {row['val_loss']:>9.4f} "
              f"{row['val_accuracy']:>8.4f}  {row['run_id']}{mark}")
    print(f"\nbest by {config.metric} ({config.mode}): {summary.best_run_name} ({summary.best_run_id})")
    print(f"registered {config.model_name} version {summary.version}, alias @{config.alias}")
    print(f"loaded {summary.model_uri}: val accuracy {summary.val_accuracy_by_alias:.4f}, "
          f"same predictions as the best run's logged model: {summary.matches_best_run}")
    for example in summary.examples:
        print(f"  [{example['predicted']:>8} | truth {example['label']:>8}] {example['text']}")
    print(f"done in {summary.seconds:.1f} s")


def main(argv: Sequence[str] | None = None) -> None:
    config = parse_config(CliConfig, argv, description="Log fine-tuning runs to MLflow, register "
                          "the best, alias it and load it back by alias.", prog="mlflow-lab")
    # MLflow repeats the same warnings for every logged model (cloudpickle, pip version): errors only.
    logging.getLogger("mlflow").setLevel(logging.ERROR)
    experiment = ExperimentConfig(
        experiment=config.experiment, model_name=config.model_name, alias=config.alias,
        learning_rates=_numbers(config.learning_rates, float, "--learning-rates"),
        epochs=_numbers(config.epochs, int, "--epochs"), metric=config.metric, mode=config.mode,
        n_finetune=config.n_finetune, label_noise=config.label_noise, seed=config.seed,
    )
    if config.tracking_uri:
        summary = run_experiment(experiment, config.tracking_uri)
    elif config.start_server:
        print("starting a local MLflow server (SQLite store) ...", flush=True)
        with local_mlflow_server(config.store_dir, startup_timeout=config.startup_timeout) as server:
            print(f"MLflow server at {server.url} (files in {server.root})", flush=True)
            summary = run_experiment(experiment, server.url)
    else:
        sys.exit("nothing to log to: pass --tracking-uri URL of a running server, or --start-server")
    report(summary, config)
    print(f"wrote {write_summary(summary, config.out)}")


if __name__ == "__main__":
    main()
