"""logging: params, metric curves, artifacts and the model of one run, read back over REST."""

from __future__ import annotations

import json
from dataclasses import asdict

import lab66_checks as rest
import mlflow
import numpy as np
import pytest
from lab66_checks import TEXTS
from lab66_mlflow_registry import FinetuneConfig, ensure_experiment, finetune, log_finetune_run
from llmlab_grading import points

CONFIG = FinetuneConfig(learning_rate=2.5, epochs=3, batch_size=16, l2=1e-3, seed=5)


@pytest.fixture(scope="module")
def logged(client, base) -> dict:
    data, base_model = base
    result = finetune(base_model, data, CONFIG)
    experiment_id = ensure_experiment(client, "hidden-logging")
    run_id = log_finetune_run(result, experiment_id, run_name="hidden lr=2.5")
    return {"result": result, "run_id": run_id, "experiment_id": experiment_id}


@points(8, "Each run must hold every field of the FinetuneConfig as a param (learning_rate, epochs, "
           "batch_size, l2, seed), carry the run_name given, and end FINISHED (use `with mlflow.start_run(...)`).",
        task="logging", timeout=300)
def test_run_params_name_and_status(server, logged):
    run = rest.run(server.url, logged["run_id"])
    assert run["info"]["status"] == "FINISHED"
    assert run["info"]["run_name"] == "hidden lr=2.5"
    assert run["info"]["experiment_id"] == logged["experiment_id"]
    assert set(run["params"]) >= set(asdict(CONFIG)), sorted(run["params"])
    for key, value in asdict(CONFIG).items():
        assert float(run["params"][key]) == pytest.approx(float(value)), key


@points(10, "train_loss, val_loss and val_accuracy must be logged at every epoch, value history[key][epoch] "
            "at step=epoch (0..epochs), so the server holds the whole curve and the latest value is the last.",
        task="logging", timeout=300)
def test_metric_curves_with_steps(server, logged):
    history = logged["result"].history
    run = rest.run(server.url, logged["run_id"])
    for key in ("train_loss", "val_loss", "val_accuracy"):
        points_ = rest.metric_history(server.url, logged["run_id"], key)
        assert [step for step, _ in points_] == [0, 1, 2, 3], (key, points_)
        np.testing.assert_allclose([v for _, v in points_], history[key], rtol=1e-9, err_msg=key)
        assert run["metrics"][key] == pytest.approx(history[key][-1], rel=1e-9), key


@points(9, "The run's artifacts must include config.json (the config's fields as one JSON object) and "
           "loss_curve.png (a PNG from plot_history).", task="logging", timeout=300)
def test_artifacts_config_and_plot(server, logged):
    paths = rest.artifact_paths(server.url, logged["run_id"])
    assert {"config.json", "loss_curve.png"} <= paths, sorted(paths)
    config = json.loads(rest.artifact(server.url, logged["run_id"], "config.json"))
    assert {k: float(v) for k, v in config.items()} == {k: float(v) for k, v in asdict(CONFIG).items()}
    png = rest.artifact(server.url, logged["run_id"], "loss_curve.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


@points(8, "The run must log its model with mlflow.pyfunc.log_model(name='model', "
           "python_model=SentimentModel(result.model), ...): the logged model must load and give the "
           "fine-tuned model's probabilities.", task="logging", timeout=300)
def test_logged_model_predicts_like_the_result(server, logged):
    models = [m for m in rest.logged_models_of_run(server.url, logged["experiment_id"], logged["run_id"])
              if m["name"] == "model"]
    assert len(models) == 1, models
    assert models[0]["status"] == "LOGGED_MODEL_READY"
    loaded = mlflow.pyfunc.load_model(f"models:/{models[0]['model_id']}")
    np.testing.assert_allclose(np.asarray(loaded.predict(TEXTS)), logged["result"].model.predict_proba(TEXTS),
                               rtol=1e-12)
