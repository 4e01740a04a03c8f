"""Experiment tracking: log each fine-tuning run, then pick the best one.

Everything goes to the tracking server that ``connect(url)`` points MLflow at: the fluent API
(``mlflow.start_run``, ``mlflow.log_params``, ...) uses that global URI, and the returned
``MlflowClient`` talks to the same server explicitly.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Run

from lab66_mlflow_registry.mlflow_model import MODEL_REQUIREMENTS, SentimentModel, plot_history
from lab66_mlflow_registry.model import FinetuneResult

METRICS = ("train_loss", "val_loss", "val_accuracy")


def connect(tracking_uri: str) -> MlflowClient:
    """Point MLflow's fluent API (tracking and registry) at ``tracking_uri`` and return a client
    for it. ``tracking_uri`` is a server URL (``http://127.0.0.1:5000``) or, without a server,
    a store such as ``sqlite:///path/mlflow.db``."""
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_registry_uri(tracking_uri)
    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def ensure_experiment(client: MlflowClient, name: str, artifact_location: str | None = None) -> str:
    """The id of experiment ``name``, created if needed. A server with ``--serve-artifacts`` picks
    the artifact location itself; give ``artifact_location`` only when logging without a server."""
    experiment = client.get_experiment_by_name(name)
    if experiment is not None:
        return experiment.experiment_id
    return client.create_experiment(name, artifact_location=artifact_location)


def log_finetune_run(result: FinetuneResult, experiment_id: str, run_name: str | None = None) -> str:
    """Log one fine-tuning run into experiment ``experiment_id`` and return its run id.

    The run holds, all under these exact names:

    - params: every field of ``result.config`` (``learning_rate``, ``epochs``, ``batch_size``,
      ``l2``, ``seed``);
    - metrics: ``train_loss``, ``val_loss`` and ``val_accuracy``, each value
      ``result.history[key][epoch]`` logged at ``step=epoch`` for every epoch 0..epochs (so the
      latest value of each is the one after the last epoch);
    - artifacts: ``config.json`` (the config's fields as one JSON object) and ``loss_curve.png``
      (``plot_history(result.history, path)``);
    - a logged model named ``model``: ``SentimentModel(result.model)`` with
      ``pip_requirements=MODEL_REQUIREMENTS``.

    The run is named ``run_name`` and ends with status ``FINISHED``.
    """
    # BEGIN SOLUTION
    config = asdict(result.config)
    with mlflow.start_run(experiment_id=experiment_id, run_name=run_name) as run:
        mlflow.log_params(config)
        # One request for every point of every curve, instead of one per value.
        now = int(time.time() * 1000)
        points = [Metric(key, float(value), now, step)
                  for key in METRICS for step, value in enumerate(result.history[key])]
        MlflowClient().log_batch(run.info.run_id, metrics=points)
        mlflow.log_dict(config, "config.json")
        with tempfile.TemporaryDirectory() as tmp:
            mlflow.log_artifact(str(plot_history(result.history, Path(tmp) / "loss_curve.png")))
        mlflow.pyfunc.log_model(name="model", python_model=SentimentModel(result.model),
                                pip_requirements=MODEL_REQUIREMENTS)
    return run.info.run_id
    # END SOLUTION


def select_best_run(client: MlflowClient, experiment_id: str, metric: str = "val_loss",
                    mode: str = "min") -> Run:
    """The best FINISHED run of the experiment by the latest value of ``metric``.

    ``mode`` is ``"min"`` (lower is better, e.g. a loss) or ``"max"`` (e.g. an accuracy); any
    other value raises ValueError. Runs without ``metric``, and runs that did not finish (status
    ``FAILED``, ``KILLED``, ``RUNNING``), are never chosen; a tie goes to the run that started
    first. Raises ValueError, naming the metric and the experiment, when no run qualifies.
    """
    # BEGIN SOLUTION
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
    direction = "ASC" if mode == "min" else "DESC"
    runs = client.search_runs(
        [experiment_id],
        filter_string="attributes.status = 'FINISHED'",
        order_by=[f"metrics.`{metric}` {direction}", "attributes.start_time ASC"],
    )
    # Runs without the metric may still be listed (after the others): skip them.
    for run in runs:
        if metric in run.data.metrics:
            return run
    raise ValueError(f"no FINISHED run of experiment {experiment_id} has the metric {metric!r}")
    # END SOLUTION
