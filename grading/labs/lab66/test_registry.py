"""registry: versions that point at the right run, an alias that resolves and moves, read over REST."""

from __future__ import annotations

import lab66_checks as checks
import numpy as np
from lab66_mlflow_registry import ExperimentConfig, register_champion, run_experiment
from llmlab_grading import points


@points(9, "register_champion must create version 1 of the registered model from the run's logged model "
           "(its run_id must be that run), READY, and point the alias 'champion' at it.",
        task="registry", timeout=300)
def test_first_version_points_at_run(server, client, model_runs):
    run_id = model_runs["tuned"]["run_id"]
    version = register_champion(client, run_id, "hidden-registry-first")
    assert str(version.version) == "1"
    assert version.run_id == run_id
    stored = checks.model_version(server.url, "hidden-registry-first", "1")
    assert stored["run_id"] == run_id
    assert stored["status"] == "READY"
    assert checks.alias_version(server.url, "hidden-registry-first", "champion")["version"] == "1"


@points(7, "Registering a second run must make version 2 and move the alias to it (the alias names one "
           "version at a time; version 1 stays registered).", task="registry", timeout=300)
def test_alias_moves_to_new_version(server, client, model_runs):
    name = "hidden-registry-move"
    register_champion(client, model_runs["base"]["run_id"], name)
    second = register_champion(client, model_runs["tuned"]["run_id"], name)
    assert str(second.version) == "2"
    resolved = checks.alias_version(server.url, name, "champion")
    assert resolved["version"] == "2" and resolved["run_id"] == model_runs["tuned"]["run_id"]
    first = checks.model_version(server.url, name, "1")
    assert first["run_id"] == model_runs["base"]["run_id"]
    assert "champion" not in first.get("aliases", [])


@points(4, "register_champion must set the alias it is given (e.g. 'staging'), not always 'champion'.",
        task="registry", timeout=300)
def test_custom_alias(server, client, model_runs):
    name = "hidden-registry-staging"
    register_champion(client, model_runs["base"]["run_id"], name, alias="staging")
    aliases = {a["alias"]: a["version"] for a in checks.registered_model(server.url, name).get("aliases", [])}
    assert aliases == {"staging": "1"}


@points(5, "End to end (run_experiment, given code, calls all your functions): every run of the grid must "
           "be on the server with its params, curves and artifacts, and the champion version must be the "
           "run with the lowest val_loss, loading by alias giving that run's predictions.",
        task="registry", timeout=300)
def test_end_to_end_champion_is_best_run(server):
    config = ExperimentConfig(experiment="hidden-e2e", model_name="hidden-e2e", learning_rates=(0.5, 6.0),
                              epochs=(3,), n_finetune=300, seed=2)
    summary = run_experiment(config, server.url)
    experiment_id = checks.get(server.url, "/api/2.0/mlflow/experiments/get-by-name",
                               experiment_name="hidden-e2e")["experiment"]["experiment_id"]
    runs = checks.search_runs(server.url, experiment_id)
    assert len(runs) == 2
    for run in runs:
        assert {"learning_rate", "epochs"} <= set(run["params"])
        assert len(checks.metric_history(server.url, run["info"]["run_id"], "val_loss")) == 4
        assert {"config.json", "loss_curve.png"} <= checks.artifact_paths(server.url, run["info"]["run_id"])
    best = min(runs, key=lambda r: r["metrics"]["val_loss"])["info"]["run_id"]
    champion = checks.alias_version(server.url, "hidden-e2e", "champion")
    assert champion["run_id"] == best == summary.best_run_id
    assert summary.matches_best_run
    assert np.isfinite(summary.val_accuracy_by_alias) and summary.val_accuracy_by_alias > 0.5
