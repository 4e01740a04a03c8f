"""selection: the best FINISHED run by the latest value of a metric, on runs made here."""

from __future__ import annotations

import pytest
from lab66_mlflow_registry import ensure_experiment, select_best_run
from llmlab_grading import points
from mlflow.entities import RunStatus


def make_run(client, experiment_id: str, name: str, metrics: dict[str, list[tuple[int, float]]],
             status: str | None = "FINISHED", start_time: int | None = None) -> str:
    run = client.create_run(experiment_id, run_name=name, start_time=start_time)
    for key, curve in metrics.items():
        for step, value in curve:
            client.log_metric(run.info.run_id, key, value, step=step)
    if status is not None:
        client.set_terminated(run.info.run_id, status=status)
    return run.info.run_id


@points(7, "select_best_run(mode='min') must return the FINISHED run with the lowest *latest* value of the "
           "metric, skipping runs without it and runs that FAILED or are still RUNNING.",
        task="selection", timeout=300)
def test_min_by_latest_value_finished_only(client):
    experiment_id = ensure_experiment(client, "hidden-selection-min")
    make_run(client, experiment_id, "early-low", {"val_loss": [(0, 0.10), (3, 0.60)]})
    best = make_run(client, experiment_id, "best", {"val_loss": [(0, 0.90), (5, 0.40)]})
    make_run(client, experiment_id, "no-metric", {"val_accuracy": [(0, 0.99)]})
    make_run(client, experiment_id, "failed", {"val_loss": [(0, 0.05)]}, status=RunStatus.to_string(RunStatus.FAILED))
    make_run(client, experiment_id, "running", {"val_loss": [(0, 0.01)]}, status=None)
    make_run(client, experiment_id, "worse", {"val_loss": [(0, 0.45)]})
    chosen = select_best_run(client, experiment_id, "val_loss", "min")
    assert chosen.info.run_id == best
    assert chosen.data.metrics["val_loss"] == pytest.approx(0.40)


@points(6, "select_best_run(mode='max') must return the FINISHED run with the highest latest value "
           "(e.g. val_accuracy); a KILLED run never wins.", task="selection", timeout=300)
def test_max_mode(client):
    experiment_id = ensure_experiment(client, "hidden-selection-max")
    make_run(client, experiment_id, "a", {"val_accuracy": [(1, 0.80)], "val_loss": [(1, 0.1)]})
    best = make_run(client, experiment_id, "b", {"val_accuracy": [(1, 0.90)], "val_loss": [(1, 0.5)]})
    make_run(client, experiment_id, "killed", {"val_accuracy": [(1, 0.99)]},
             status=RunStatus.to_string(RunStatus.KILLED))
    assert select_best_run(client, experiment_id, "val_accuracy", "max").info.run_id == best
    assert select_best_run(client, experiment_id, "val_loss", "min").info.run_id != best


@points(3, "On a tie, select_best_run must return the run that started first.", task="selection", timeout=300)
def test_tie_goes_to_first_started(client):
    experiment_id = ensure_experiment(client, "hidden-selection-tie")
    make_run(client, experiment_id, "later", {"val_loss": [(0, 0.3)]}, start_time=1_700_000_002_000)
    first = make_run(client, experiment_id, "first", {"val_loss": [(0, 0.3)]}, start_time=1_700_000_001_000)
    make_run(client, experiment_id, "latest", {"val_loss": [(0, 0.3)]}, start_time=1_700_000_003_000)
    assert select_best_run(client, experiment_id, "val_loss", "min").info.run_id == first


@points(4, "select_best_run must raise ValueError for a mode other than 'min'/'max', and when no FINISHED "
           "run has the metric.", task="selection", timeout=300)
def test_errors(client):
    experiment_id = ensure_experiment(client, "hidden-selection-errors")
    make_run(client, experiment_id, "only", {"val_loss": [(0, 0.3)]})
    make_run(client, experiment_id, "failed", {"val_f1": [(0, 0.9)]}, status=RunStatus.to_string(RunStatus.FAILED))
    with pytest.raises(ValueError):
        select_best_run(client, experiment_id, "val_loss", "best")
    with pytest.raises(ValueError):
        select_best_run(client, experiment_id, "val_f1", "max")
    empty = ensure_experiment(client, "hidden-selection-empty")
    with pytest.raises(ValueError):
        select_best_run(client, empty, "val_loss", "min")
    assert select_best_run(client, experiment_id, "val_loss", "min").info.run_name == "only"
