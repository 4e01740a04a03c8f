"""Public tests: run them as you work through the tasks (each names the task it checks).

To stay fast they log to a SQLite store directly (``connect("sqlite:///...")``), without a
server: the same MLflow calls work against both. ``mlflow-lab`` runs everything against a real
``mlflow server``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import mlflow
import numpy as np
import pytest
from lab66_mlflow_registry import (
    MODEL_REQUIREMENTS,
    FinetuneConfig,
    SentimentModel,
    build_vocab,
    champion_run_id,
    connect,
    ensure_experiment,
    finetune,
    load_by_alias,
    load_data,
    log_finetune_run,
    predict_labels,
    pretrain_base,
    register_champion,
    select_best_run,
)
from mlflow.entities import RunStatus

TEXTS = ["Acme Robotics beats Q3 estimates as revenue rises 12% to $1.2 billion",
         "Acme Robotics fails to beat Q2 estimates",
         "Acme Robotics moves headquarters to Denver"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("mlflow")
    client = connect(f"sqlite:///{root / 'mlflow.db'}")
    experiment_id = ensure_experiment(client, "public", artifact_location=(root / "artifacts").as_uri())
    return {"client": client, "experiment_id": experiment_id, "root": root}


@pytest.fixture(scope="module")
def base():
    data = load_data(n_finetune=400, n_base=300)
    return data, pretrain_base(data, build_vocab(data.base.texts + data.train.texts))


@pytest.fixture(scope="module")
def logged(store: dict, base) -> dict:
    data, model = base
    result = finetune(model, data, FinetuneConfig(learning_rate=3.0, epochs=4))
    run_id = log_finetune_run(result, store["experiment_id"], run_name="lr=3 epochs=4")
    return {"result": result, "run_id": run_id}


def log_model_run(experiment_id: str, classifier, val_loss: float) -> str:
    """A run made without your log_finetune_run: a metric and a logged model."""
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_metric("val_loss", val_loss)
        mlflow.pyfunc.log_model(name="model", python_model=SentimentModel(classifier),
                                pip_requirements=MODEL_REQUIREMENTS)
    return run.info.run_id


# given code
def test_finetuning_beats_the_base_model(base) -> None:
    data, model = base
    result = finetune(model, data, FinetuneConfig(learning_rate=3.0, epochs=10))
    assert len(result.history["val_loss"]) == 11
    assert result.history["val_loss"][0] == pytest.approx(0.6918, abs=1e-3)  # the base model
    assert result.history["val_loss"][-1] < 0.55
    assert result.history["val_accuracy"][-1] >= 0.85


# logging
def test_log_finetune_run_params_and_curves(store: dict, logged: dict) -> None:
    run = store["client"].get_run(logged["run_id"])
    config = asdict(logged["result"].config)
    assert run.info.status == "FINISHED"
    assert run.info.run_name == "lr=3 epochs=4"
    assert {k: float(v) for k, v in run.data.params.items()} == {k: float(v) for k, v in config.items()}
    for key in ("train_loss", "val_loss", "val_accuracy"):
        points = store["client"].get_metric_history(logged["run_id"], key)
        assert [p.step for p in sorted(points, key=lambda p: p.step)] == [0, 1, 2, 3, 4], key
        values = [p.value for p in sorted(points, key=lambda p: p.step)]
        np.testing.assert_allclose(values, logged["result"].history[key], rtol=1e-9)
        assert run.data.metrics[key] == pytest.approx(logged["result"].history[key][-1], rel=1e-9)


def test_log_finetune_run_artifacts_and_model(store: dict, logged: dict) -> None:
    names = {f.path for f in store["client"].list_artifacts(logged["run_id"])}
    assert {"config.json", "loss_curve.png"} <= names
    folder = Path(mlflow.artifacts.download_artifacts(run_id=logged["run_id"], artifact_path="config.json",
                                                      dst_path=str(store["root"] / "download")))
    assert json.loads(folder.read_text()) == asdict(logged["result"].config)
    model = mlflow.pyfunc.load_model(f"runs:/{logged['run_id']}/model")
    np.testing.assert_allclose(model.predict(TEXTS), logged["result"].model.predict_proba(TEXTS), rtol=1e-12)


# selection
def test_select_best_run_min_and_max(store: dict) -> None:
    client = store["client"]
    experiment_id = ensure_experiment(client, "selection")
    values = {"a": (0.5, 0.70), "b": (0.2, 0.90), "c": (0.3, 0.95)}
    ids = {}
    for name, (loss, accuracy) in values.items():
        run = client.create_run(experiment_id, run_name=name)
        client.log_metric(run.info.run_id, "val_loss", loss, step=1)
        client.log_metric(run.info.run_id, "val_accuracy", accuracy, step=1)
        client.set_terminated(run.info.run_id)
        ids[name] = run.info.run_id
    crashed = client.create_run(experiment_id, run_name="crashed")
    client.log_metric(crashed.info.run_id, "val_loss", 0.01)
    client.set_terminated(crashed.info.run_id, status=RunStatus.to_string(RunStatus.FAILED))
    assert select_best_run(client, experiment_id).info.run_id == ids["b"]
    assert select_best_run(client, experiment_id, "val_accuracy", "max").info.run_id == ids["c"]
    with pytest.raises(ValueError):
        select_best_run(client, experiment_id, "val_f1")


# registry and loading
def test_register_champion_then_load_by_alias(store: dict, base, logged: dict) -> None:
    client = store["client"]
    version = register_champion(client, logged["run_id"], "public-sentiment")
    assert (str(version.version), version.run_id, version.status) == ("1", logged["run_id"], "READY")
    assert str(client.get_model_version_by_alias("public-sentiment", "champion").version) == "1"
    assert champion_run_id(client, "public-sentiment") == logged["run_id"]
    model = load_by_alias("public-sentiment")
    np.testing.assert_allclose(model.predict(TEXTS), logged["result"].model.predict_proba(TEXTS), rtol=1e-12)
    assert predict_labels(model, TEXTS) == ["positive", "negative", "neutral"]

    # A second registration is version 2, and the alias moves to it.
    other = log_model_run(store["experiment_id"], base[1], val_loss=0.9)
    assert str(register_champion(client, other, "public-sentiment").version) == "2"
    assert champion_run_id(client, "public-sentiment") == other
    np.testing.assert_allclose(load_by_alias("public-sentiment").predict(TEXTS), base[1].predict_proba(TEXTS),
                               rtol=1e-12)
